package dev.roadlab.engine.config;

import dev.roadlab.grader.sandbox.SandboxSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Roadlab's whole configuration, immutable and validated: one object, grouped, built in one place
 * ({@link RoadlabSettings#toConfig()}) from what a host set from Java or what {@link ConfigLoader} read from the config
 * file, the environment and flags, the defaults filling the rest.
 *
 * @param http      the HTTP layer
 * @param data      Roadlab's own files
 * @param database  Roadlab's own database (never reachable from a sandbox)
 * @param sandboxes where grading sandboxes come from
 * @param grading   the workers that grade submissions
 * @param content   the course and labs served
 * @param hosting   accounts, sign-in and fair use
 */
public record RoadlabConfig(Http http, Data data, Database database, SandboxSettings sandboxes, Grading grading,
                            Content content, Hosting hosting) {

    /**
     * @param host           listen address
     * @param port           listen port (0: any free port)
     * @param basePath       path prefix, "" or "/something" without a trailing slash
     * @param secureCookies  mark cookies Secure
     */
    public record Http(String host, int port, String basePath, boolean secureCookies) {
    }

    /** @param dir folder for Roadlab's own data */
    public record Data(Path dir) {
    }

    /**
     * @param url        JDBC URL (H2 or PostgreSQL); "" when the host gives a {@code dataSource}
     * @param user       user, "" when in the URL or not needed
     * @param password   password, "" when in the URL or not needed
     * @param poolSize   connections in the pool Roadlab makes (unused with a host's {@code dataSource})
     * @param dataSource the host's own pool: Roadlab uses it and never closes it; empty: Roadlab makes one from the URL
     * @param schema     the schema Roadlab's tables and migration history live in (created when missing); empty: the
     *                   connection's default schema
     */
    public record Database(String url, String user, String password, int poolSize,
                           Optional<javax.sql.DataSource> dataSource, Optional<String> schema) {

        /** A database Roadlab opens from a URL, in the connection's default schema. */
        public Database(String url, String user, String password, int poolSize) {
            this(url, user, password, poolSize, Optional.empty(), Optional.empty());
        }

        /** The host's pool, Roadlab's tables in {@code schema} (empty: the connection's default schema). */
        public static Database of(javax.sql.DataSource dataSource, Optional<String> schema) {
            return new Database("", "", "", 0, Optional.of(dataSource), schema);
        }

        /** The same database, Roadlab's tables in this schema. */
        public Database withSchema(Optional<String> newSchema) {
            return new Database(url, user, password, poolSize, dataSource, newSchema);
        }

        public boolean isPostgres() {
            return url.startsWith("jdbc:postgresql:");
        }

        @Override
        public String toString() {
            String where = dataSource.isPresent() ? "the host's DataSource"
                    : "url=" + url.replaceAll("(?i)(password=)[^&;]*", "$1***") + ", user=" + user;
            return "Database[" + where + schema.map(s -> ", schema=" + s).orElse("") + "]";
        }
    }

    /**
     * @param workers       submissions graded at once by this process (0: this process grades nothing)
     * @param queueLimit    waiting submissions past which a new one is refused
     * @param lease         how long a worker holds a submission without a heartbeat
     * @param attempts      tries of a grading that fails on our side before it is given up
     * @param shutdownGrace how long in-flight gradings get to finish on shutdown before they are handed back
     * @param poll          time between looks at the queue when nothing woke the workers
     */
    public record Grading(int workers, int queueLimit, java.time.Duration lease, int attempts,
                          java.time.Duration shutdownGrace, java.time.Duration poll) {

        /** {@code workers} workers with the default queue limit (500), lease (20 s), attempts (3), grace and poll. */
        public Grading(int workers) {
            this(workers, 500, java.time.Duration.ofSeconds(20), 3, java.time.Duration.ofSeconds(30),
                    java.time.Duration.ofSeconds(1));
        }
    }

    /**
     * @param courseDir  a course folder to serve instead of the bundled course
     * @param labsDir    a folder of lab folders added to the bundled labs
     */
    public record Content(Optional<Path> courseDir, Optional<Path> labsDir) {
    }

    /** Whether sign-in is required: always, never, or once an admin account exists. */
    public enum Mode {
        AUTO, SINGLE_USER, HOSTED
    }

    /** Who may create an account. */
    public enum SignUp {
        OPEN, INVITE, CLOSED
    }

    /**
     * @param mode              single-user, hosted, or hosted once an admin exists
     * @param signUp            who may create an account
     * @param adminLogin        an admin to create on a start when none exists yet (with {@code adminPassword})
     * @param adminPassword     that admin's first password
     * @param trustForwarded    believe a TLS-terminating proxy's X-Forwarded-Proto and X-Forwarded-For
     * @param submissionBudget  the {@code ROADLAB_SUBMISSION_BUDGET} text ({@code 5/10m}, {@code off}); empty: the
     *                          mode's default
     * @param submissionBudgetPerLab  budgets for single labs ({@code ROADLAB_SUBMISSION_BUDGET_PER_LAB}), lab id to
     *                          budget text ({@code 3/10m} or {@code off}), each already checked
     */
    public record Hosting(Mode mode, SignUp signUp, Optional<String> adminLogin, Optional<String> adminPassword,
                          boolean trustForwarded, Optional<String> submissionBudget,
                          java.util.Map<String, String> submissionBudgetPerLab) {

        public Hosting {
            submissionBudgetPerLab = java.util.Map.copyOf(submissionBudgetPerLab);
        }

        public Hosting withMode(Mode newMode) {
            return new Hosting(newMode, signUp, adminLogin, adminPassword, trustForwarded, submissionBudget,
                    submissionBudgetPerLab);
        }

        public Hosting withSignUp(SignUp newSignUp) {
            return new Hosting(mode, newSignUp, adminLogin, adminPassword, trustForwarded, submissionBudget,
                    submissionBudgetPerLab);
        }

        public Hosting withTrustForwarded(boolean trust) {
            return new Hosting(mode, signUp, adminLogin, adminPassword, trust, submissionBudget, submissionBudgetPerLab);
        }

        /** The submission budget ({@code 5/10m}, {@code off}; empty: the mode's default) and single labs' own. */
        public Hosting withSubmissionBudget(Optional<String> budget, java.util.Map<String, String> perLab) {
            return new Hosting(mode, signUp, adminLogin, adminPassword, trustForwarded, budget, perLab);
        }

        @Override
        public String toString() {
            return "Hosting[mode=" + mode + ", signUp=" + signUp + ", adminLogin=" + adminLogin.orElse("")
                    + ", trustForwarded=" + trustForwarded + ", submissionBudget=" + submissionBudget.orElse("")
                    + ", submissionBudgetPerLab=" + new java.util.TreeMap<>(submissionBudgetPerLab) + "]";
        }
    }

    /** The defaults: what a fresh checkout runs with. */
    public static RoadlabConfig defaults() {
        return new RoadlabSettings().toConfig();
    }

    public RoadlabConfig withHttp(Http newHttp) {
        return new RoadlabConfig(newHttp, data, database, sandboxes, grading, content, hosting);
    }

    public RoadlabConfig withDatabase(Database newDatabase) {
        return new RoadlabConfig(http, data, newDatabase, sandboxes, grading, content, hosting);
    }

    public RoadlabConfig withSandboxes(SandboxSettings newSandboxes) {
        return new RoadlabConfig(http, data, database, newSandboxes, grading, content, hosting);
    }

    public RoadlabConfig withGrading(Grading newGrading) {
        return new RoadlabConfig(http, data, database, sandboxes, newGrading, content, hosting);
    }

    public RoadlabConfig withData(Data newData) {
        return new RoadlabConfig(http, newData, database, sandboxes, grading, content, hosting);
    }

    public RoadlabConfig withContent(Content newContent) {
        return new RoadlabConfig(http, data, database, sandboxes, grading, newContent, hosting);
    }

    public RoadlabConfig withHosting(Hosting newHosting) {
        return new RoadlabConfig(http, data, database, sandboxes, grading, content, newHosting);
    }
}
