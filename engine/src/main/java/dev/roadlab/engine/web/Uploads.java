package dev.roadlab.engine.web;

import dev.roadlab.grader.submission.FileRule;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.yaml.Quantities;
import dev.roadlab.grader.submission.InvalidSubmissionException;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.submission.SubmissionRules;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a multipart upload into a {@link Submission}. The whole request is refused by its declared length before it
 * is read when over {@link #MAX_REQUEST_BYTES}; each file is then held to its lab's limit, its name to a plain file
 * name. A part whose field name is one of the lab's files is taken under that name (the HTML form, or
 * {@code curl -F migration.sql=@my.sql}); any other part under its own file name ({@code curl -F file=@migration.sql}).
 * A text field named after one of the lab's files (the lab page's editor) is that file's content.
 */
final class Uploads {

    /** No lab takes more than this in one submission; larger requests are refused unread. */
    static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;
    /** Parts up to this size stay in memory; larger ones go to a temporary file until read. */
    private static final int IN_MEMORY_BYTES = 1024 * 1024;

    private Uploads() {
    }

    /** Refuses oversized or non-multipart requests before anything parses the body. */
    static void checkRequest(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > MAX_REQUEST_BYTES) {
            throw new UploadTooLargeException("The upload is " + Quantities.formatSize(length)
                    + "; a submission may be at most " + Quantities.formatSize(MAX_REQUEST_BYTES) + " in all.");
        }
        if (!ctx.isMultipartFormData()) {
            throw new BadRequestResponse("Send the files as multipart/form-data, one part per file.");
        }
        // Roadlab's limits for this request only: Javalin reads the parts with the config it finds on the request,
        // so the host's own multipart settings (Jetty's, app-wide) stay the host's.
        if (ctx.req().getAttribute(io.javalin.http.util.MultipartUtil.MULTIPART_CONFIG_ATTRIBUTE) == null) {
            ctx.req().setAttribute(io.javalin.http.util.MultipartUtil.MULTIPART_CONFIG_ATTRIBUTE,
                    new jakarta.servlet.MultipartConfigElement(System.getProperty("java.io.tmpdir"), MAX_REQUEST_BYTES,
                            MAX_REQUEST_BYTES, IN_MEMORY_BYTES));
        }
    }

    /** A field of a multipart form (the CSRF token), with a malformed body refused as {@link #read} refuses it. */
    static String formField(Context ctx, String name) {
        try {
            return ctx.formParam(name);
        } catch (Exception e) { // Jetty's ServletException arrives unchecked through Javalin
            throw unreadable(e);
        }
    }

    static Submission read(Context ctx, Lab lab) {
        checkRequest(ctx);
        Map<String, List<UploadedFile>> parts;
        try {
            parts = ctx.uploadedFileMap();
        } catch (Exception e) { // Jetty's ServletException arrives unchecked through Javalin
            throw unreadable(e);
        }
        List<String> problems = new ArrayList<>();
        Map<String, byte[]> files = new TreeMap<>();
        parts.forEach((field, uploads) -> {
            for (UploadedFile upload : uploads) {
                String name = lab.definition().file(field).isPresent() ? field : upload.filename();
                Optional<String> nameProblem = SubmissionRules.nameProblem(name);
                if (nameProblem.isPresent()) {
                    problems.add(nameProblem.get());
                    continue;
                }
                if (files.containsKey(name)) {
                    problems.add("'" + name + "' was sent twice");
                    continue;
                }
                Optional<FileRule> rule = lab.definition().file(name);
                Optional<String> tooBig = rule.flatMap(r -> SubmissionRules.sizeProblem(r, upload.size()));
                if (tooBig.isPresent()) {
                    problems.add(tooBig.get());
                    files.put(name, new byte[0]); // present, so it is not also reported missing
                    continue;
                }
                files.put(name, rule.isPresent() ? read(upload, rule.get().maxBytes()) : new byte[0]);
            }
        });
        readEdited(ctx, lab, files, problems);
        Submission submission = Submission.of(files);
        problems.addAll(SubmissionRules.problems(lab.definition(), submission));
        if (!problems.isEmpty()) {
            throw new InvalidSubmissionException(problems.stream().distinct().toList());
        }
        return submission;
    }

    /**
     * The lab page's editor sends each file as a text field named after it (no file part). Browsers send a textarea's
     * line breaks as CRLF; they are taken as the LF the learner typed.
     */
    private static void readEdited(Context ctx, Lab lab, Map<String, byte[]> files, List<String> problems) {
        Map<String, List<String>> fields;
        try {
            fields = ctx.formParamMap();
        } catch (Exception e) { // Jetty's ServletException arrives unchecked through Javalin
            throw unreadable(e);
        }
        for (FileRule rule : lab.definition().files()) {
            List<String> values = fields.getOrDefault(rule.name(), List.of());
            if (values.isEmpty()) {
                continue;
            }
            if (files.containsKey(rule.name()) || values.size() > 1) {
                problems.add("'" + rule.name() + "' was sent twice");
                continue;
            }
            byte[] bytes = values.getFirst().replace("\r\n", "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Optional<String> tooBig = SubmissionRules.sizeProblem(rule, bytes.length);
            if (tooBig.isPresent()) {
                problems.add(tooBig.get());
                files.put(rule.name(), new byte[0]);
                continue;
            }
            files.put(rule.name(), bytes);
        }
    }

    /** Why a body is no multipart Roadlab can read: too large (413) or malformed (400), said without a stack trace. */
    private static RuntimeException unreadable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("max length exceeded") || message.contains("maxRequestSize")
                    || message.contains("maxFileSize") || message.contains("exceeds")) {
                return new UploadTooLargeException("The upload is larger than the "
                        + Quantities.formatSize(MAX_REQUEST_BYTES) + " a submission may be in all.");
            }
        }
        return new BadRequestResponse("The upload could not be read as multipart/form-data (one part per file, "
                + "each with a Content-Disposition naming it, ended by the closing boundary).");
    }

    private static byte[] read(UploadedFile upload, long max) {
        try (InputStream in = upload.content()) {
            return in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new BadRequestResponse("The upload of " + upload.filename() + " could not be read.");
        }
    }
}
