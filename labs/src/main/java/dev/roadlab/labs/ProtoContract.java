package dev.roadlab.labs;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.CoreLoader;
import com.squareup.wire.schema.EnumConstant;
import com.squareup.wire.schema.EnumType;
import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Linker;
import com.squareup.wire.schema.Loader;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.MessageType;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Rpc;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.SchemaException;
import com.squareup.wire.schema.Service;
import com.squareup.wire.schema.Type;
import com.squareup.wire.schema.internal.SchemaEncoder;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.ReservedElement;
import dev.roadlab.grader.check.SubmissionError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kotlin.ranges.IntRange;

/**
 * One .proto file, parsed and linked by Square's Wire (pure Java, so no {@code protoc} is needed) and built into
 * protobuf-java descriptors: what the checks read declarations from and put real messages of on the wire.
 *
 * <p>A file that does not compile is a {@link SubmissionError} naming the file and the line, as protoc would.
 * Imports are limited to Google's well-known types, which both libraries ship: a contract graded here is one file.
 */
final class ProtoContract {

    /** Declarations and option values nest deeper than this in no real contract; the parser recurses per level. */
    static final int MAX_NESTING = 32;

    private static final Map<String, FileDescriptor> WELL_KNOWN = wellKnown();
    private static final Pattern SYNTAX_ERROR = Pattern.compile("Syntax error in (.+?):(\\d+):(\\d+): (.*)",
            Pattern.DOTALL);
    private static final Pattern PROTO3 = Pattern.compile("^\\s*syntax\\s*=\\s*\"proto3\"\\s*;", Pattern.MULTILINE);

    private final String fileName;
    private final FileDescriptor file;
    private final Syntax syntax;
    private final Map<String, Integer> lines;

    private ProtoContract(String fileName, FileDescriptor file, Syntax syntax, Map<String, Integer> lines) {
        this.fileName = fileName;
        this.file = file;
        this.syntax = syntax;
        this.lines = lines;
    }

    /** Parses, links and builds the file; whatever stops that is a {@link SubmissionError} with its line. */
    static ProtoContract compile(String fileName, String text) {
        refuseDeepNesting(fileName, text);
        ProtoFileElement element = parse(fileName, text);
        refuseImports(fileName, text, element);
        Schema schema = link(fileName, text, element);
        ProtoFile linked = schema.protoFile(fileName);
        Map<String, Integer> lines = new HashMap<>();
        Map<String, List<ReservedElement>> reserved = new HashMap<>();
        for (Type type : linked.getTypes()) {
            index(type, lines, reserved);
        }
        for (Service service : linked.getServices()) {
            lines.put(service.type().toString(), service.location().getLine());
            for (Rpc rpc : service.rpcs()) {
                lines.put(service.type() + "." + rpc.getName(), rpc.getLocation().getLine());
            }
        }
        FileDescriptor descriptor = build(fileName, schema, linked, reserved, lines);
        Syntax syntax = element.getSyntax() == null ? Syntax.PROTO_2 : element.getSyntax();
        return new ProtoContract(fileName, descriptor, syntax, lines);
    }

    String fileName() {
        return fileName;
    }

    FileDescriptor file() {
        return file;
    }

    String packageName() {
        return file.getPackage();
    }

    /** "proto3", "proto2" (also for a file without a syntax statement). */
    String syntax() {
        return syntax.toString();
    }

    /** The line of a message, field, enum, enum value, service or call by its full name; 0 when unknown. */
    int line(String fullName) {
        return lines.getOrDefault(fullName, 0);
    }

    /** "orders.proto, line 12" for a declaration, or the file name alone. */
    String at(String fullName) {
        int line = line(fullName);
        return line > 0 ? fileName + ", line " + line : fileName;
    }

    /** A message by its name within the package, nested ones with dots: "Order", "Order.Status". */
    Optional<Descriptor> message(String relativeName) {
        String[] parts = relativeName.split("\\.");
        Descriptor found = file.findMessageTypeByName(parts[0]);
        for (int i = 1; i < parts.length && found != null; i++) {
            found = found.findNestedTypeByName(parts[i]);
        }
        return Optional.ofNullable(found);
    }

    /** Every message of the file, nested ones included, in declaration order; map entries are not messages here. */
    List<Descriptor> messages() {
        List<Descriptor> all = new ArrayList<>();
        file.getMessageTypes().forEach(m -> collect(m, all));
        return all;
    }

    Optional<ServiceDescriptor> service(String name) {
        return Optional.ofNullable(file.findServiceByName(name));
    }

    /** A type's name within this file's package ("Order" for orders.v1.Order); other packages' names stay whole. */
    String relative(String fullName) {
        String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
        return fullName.startsWith(prefix) ? fullName.substring(prefix.length()) : fullName;
    }

    private static void collect(Descriptor message, List<Descriptor> all) {
        if (message.getOptions().getMapEntry()) {
            return;
        }
        all.add(message);
        message.getNestedTypes().forEach(m -> collect(m, all));
    }

    /**
     * Wire's parser recurses once per nesting level of messages and option values: a few thousand levels would end
     * the check with a stack overflow instead of a verdict, so nesting is counted before anything is parsed.
     */
    private static void refuseDeepNesting(String fileName, String text) {
        int depth = 0;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                int stop = end < 0 ? text.length() : end + 1;
                for (int j = i; j < stop; j++) {
                    line += text.charAt(j) == '\n' ? 1 : 0;
                }
                i = stop;
            } else if (c == '"' || c == '\'') {
                for (i++; i < text.length() && text.charAt(i) != c && text.charAt(i) != '\n'; i++) {
                    if (text.charAt(i) == '\\') {
                        i++;
                    }
                }
                if (i < text.length() && text.charAt(i) == '\n') {
                    line++;
                }
            } else if (c == '{' || c == '[' || c == '(') {
                if (++depth > MAX_NESTING) {
                    throw new SubmissionError(fileName + ", line " + line + ": declarations nested more than "
                            + MAX_NESTING + " levels deep; the grader reads no deeper (a real contract nests a few "
                            + "levels at most).");
                }
            } else if (c == '}' || c == ']' || c == ')') {
                depth = Math.max(0, depth - 1);
            }
        }
    }

    private static ProtoFileElement parse(String fileName, String text) {
        try {
            return ProtoParser.Companion.parse(Location.get(fileName), text);
        } catch (IllegalStateException | IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            Matcher syntaxError = SYNTAX_ERROR.matcher(message);
            String said = syntaxError.matches()
                    ? fileName + ", line " + syntaxError.group(2) + ", column " + syntaxError.group(3) + ": "
                    + syntaxError.group(4)
                    : fileName + ": " + message;
            if (!PROTO3.matcher(text).find()) {
                said += " (without `syntax = \"proto3\";` as its first statement a file is read as proto2, where "
                        + "every field needs a label: optional, required or repeated; orders.v1 is proto3)";
            }
            throw new SubmissionError(said);
        } catch (StackOverflowError e) {
            throw new SubmissionError(fileName + " nests too deeply to be read.");
        }
    }

    private static void refuseImports(String fileName, String text, ProtoFileElement element) {
        List<String> imports = new ArrayList<>(element.getImports());
        imports.addAll(element.getPublicImports());
        imports.addAll(element.getWeakImports());
        for (String path : imports) {
            if (!WELL_KNOWN.containsKey(path)) {
                throw new SubmissionError(fileName + ", line " + importLine(text, path) + ": imports \"" + path
                        + "\", which the grader does not have. A contract graded here is this one file; it may "
                        + "import Google's well-known types only: " + String.join(", ", WELL_KNOWN.keySet()) + ".");
            }
        }
    }

    private static int importLine(String text, String path) {
        Matcher m = Pattern.compile("import\\s+(?:public\\s+|weak\\s+)?\"" + Pattern.quote(path) + "\"").matcher(text);
        return m.find() ? (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1 : 1;
    }

    private static Schema link(String fileName, String text, ProtoFileElement element) {
        Loader wellKnownOnly = new Loader() {
            @Override
            public ProtoFile load(String path) {
                // The imports were checked already; Wire also links descriptor.proto and its own extensions.
                return CoreLoader.INSTANCE.load(path);
            }

            @Override
            public Loader withErrors(ErrorCollector errors) {
                return this;
            }
        };
        try {
            return new Linker(wellKnownOnly, new ErrorCollector(), false, false)
                    .link(List.of(ProtoFile.Companion.get(element)));
        } catch (SchemaException e) {
            throw new SubmissionError(describeLinkErrors(fileName, String.valueOf(e.getMessage())));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new SubmissionError(fileName + " does not compile: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new SubmissionError(fileName + " nests too deeply to be compiled.");
        }
    }

    /**
     * Wire lists each problem with where it was found ("tag 8 is reserved (orders.proto:4:3)\n  for field x
     * (orders.proto:6:3)\n  in message orders.v1.Order (orders.proto:3:1)"): the first one, on one line, at the
     * line of the declaration it is about.
     */
    static String describeLinkErrors(String fileName, String message) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : message.split("\n")) {
            if (!line.startsWith(" ") && !current.isEmpty()) {
                blocks.add(current.toString());
                current.setLength(0);
            }
            current.append(current.isEmpty() ? "" : " ").append(line.strip());
        }
        blocks.add(current.toString());
        String first = blocks.get(0);
        Pattern location = Pattern.compile("\\(?[^\\s()]*" + Pattern.quote(fileName) + ":(\\d+):(\\d+)\\)?");
        Matcher forLine = Pattern.compile("for [^()]*\\([^\\s()]*" + Pattern.quote(fileName) + ":(\\d+):\\d+\\)")
                .matcher(first);
        Matcher anyLine = location.matcher(first);
        String line = forLine.find() ? forLine.group(1) : anyLine.find() ? anyLine.group(1) : null;
        String text = location.matcher(first).replaceAll("(line $1)");
        String more = blocks.size() > 1 ? " (and " + (blocks.size() - 1) + " more problem"
                + (blocks.size() > 2 ? "s" : "") + ")" : "";
        return fileName + (line == null ? "" : ", line " + line) + ": " + text + more;
    }

    private static void index(Type type, Map<String, Integer> lines, Map<String, List<ReservedElement>> reserved) {
        lines.put(type.getType().toString(), type.getLocation().getLine());
        if (type instanceof MessageType message) {
            reserved.put(message.getType().toString(), message.toElement().getReserveds());
            for (Field field : message.getFieldsAndOneOfFields()) {
                lines.put(message.getType() + "." + field.getName(), field.getLocation().getLine());
            }
        } else if (type instanceof EnumType enumType) {
            for (EnumConstant constant : enumType.getConstants()) {
                // Enum values are scoped beside their enum, as in protobuf's descriptors.
                String scope = enumType.getType().getEnclosingTypeOrPackage();
                lines.put((scope == null ? "" : scope + ".") + constant.getName(), constant.getLocation().getLine());
            }
        }
        for (Type nested : type.getNestedTypes()) {
            index(nested, lines, reserved);
        }
    }

    /**
     * Wire's encoder writes the file as protoc would describe it, less the reserved numbers and names, which the
     * checks need: they are copied from Wire's model onto each message.
     */
    private static FileDescriptor build(String fileName, Schema schema, ProtoFile linked,
                                        Map<String, List<ReservedElement>> reserved, Map<String, Integer> lines) {
        try {
            FileDescriptorProto.Builder proto = FileDescriptorProto.parseFrom(
                    new SchemaEncoder(schema).encode(linked).toByteArray()).toBuilder();
            String prefix = proto.getPackage().isEmpty() ? "" : proto.getPackage() + ".";
            for (DescriptorProto.Builder message : proto.getMessageTypeBuilderList()) {
                addReserved(prefix + message.getName(), message, reserved);
            }
            List<FileDescriptor> dependencies = new ArrayList<>();
            for (String dependency : proto.getDependencyList()) {
                dependencies.add(WELL_KNOWN.get(dependency));
            }
            return FileDescriptor.buildFrom(proto.build(), dependencies.toArray(FileDescriptor[]::new));
        } catch (DescriptorValidationException e) {
            int line = lines.getOrDefault(e.getProblemSymbolName(), 0);
            throw new SubmissionError(fileName + (line > 0 ? ", line " + line : "") + ": "
                    + e.getDescription() + " (" + e.getProblemSymbolName() + ")");
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new SubmissionError(fileName + " does not compile: " + e.getMessage());
        }
    }

    private static void addReserved(String fullName, DescriptorProto.Builder message,
                                    Map<String, List<ReservedElement>> reserved) {
        for (ReservedElement element : reserved.getOrDefault(fullName, List.of())) {
            for (Object value : element.getValues()) {
                if (value instanceof Integer number) {
                    message.addReservedRange(DescriptorProto.ReservedRange.newBuilder()
                            .setStart(number).setEnd(number + 1));
                } else if (value instanceof IntRange range) {
                    message.addReservedRange(DescriptorProto.ReservedRange.newBuilder()
                            .setStart(range.getFirst()).setEnd(range.getLast() + 1));
                } else if (value instanceof String name) {
                    message.addReservedName(name);
                }
            }
        }
        for (DescriptorProto.Builder nested : message.getNestedTypeBuilderList()) {
            addReserved(fullName + "." + nested.getName(), nested, reserved);
        }
    }

    private static Map<String, FileDescriptor> wellKnown() {
        Map<String, FileDescriptor> files = new LinkedHashMap<>();
        for (FileDescriptor file : List.of(AnyProto.getDescriptor(), DurationProto.getDescriptor(),
                EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(), StructProto.getDescriptor(),
                TimestampProto.getDescriptor(), WrappersProto.getDescriptor(), DescriptorProtos.getDescriptor())) {
            files.put(file.getName(), file);
        }
        return java.util.Collections.unmodifiableMap(files);
    }

    @Override
    public String toString() {
        return fileName + " (" + syntax + ", package " + file.getPackage() + ")";
    }

    /** Whether a descriptor's type is one this file declares (not a well-known type). */
    boolean declares(Descriptors.GenericDescriptor type) {
        return type.getFile() == file;
    }
}
