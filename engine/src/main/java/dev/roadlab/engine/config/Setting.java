package dev.roadlab.engine.config;

import java.util.Optional;

/**
 * Every setting of Roadlab itself, with where it can come from: the config file key, the environment variable and the
 * command-line flag. One table, so flags, env, file and docs never disagree. Each sandbox kind brings its own
 * settings ({@link dev.roadlab.grader.sandbox.SandboxType#settings()}), read the same way under {@code sandbox.<kind>.*}.
 */
public enum Setting {
    HOST("http.host", "ROADLAB_HOST", "--host", "127.0.0.1",
            "Address the server listens on; 0.0.0.0 to accept connections from other machines."),
    PORT("http.port", "ROADLAB_PORT", "--port", "7070", "HTTP port."),
    BASE_PATH("http.base-path", "ROADLAB_BASE_PATH", "--base-path", "",
            "Path prefix Roadlab is served under, e.g. /learn (empty: the root)."),
    SECURE_COOKIES("http.secure-cookies", "ROADLAB_SECURE_COOKIES", null, "true",
            "Mark cookies Secure (browsers still send them to http://localhost); false only for plain http on another host."),
    DATA_DIR("data.dir", "ROADLAB_DATA_DIR", "--data-dir", "data",
            "Folder for Roadlab's own data: the embedded H2 database lives here."),
    DB_URL("database.url", "ROADLAB_DB_URL", "--db-url", null,
            "JDBC URL of Roadlab's database: jdbc:postgresql://... for hosting; default: H2 in the data folder."),
    DB_USER("database.user", "ROADLAB_DB_USER", null, null, "Database user (or in the URL)."),
    DB_PASSWORD("database.password", "ROADLAB_DB_PASSWORD", null, null, "Database password (or in the URL)."),
    DB_POOL_SIZE("database.pool-size", "ROADLAB_DB_POOL_SIZE", null, "10", "Connections in Roadlab's pool."),
    DB_SCHEMA("database.schema", "ROADLAB_DB_SCHEMA", null, null,
            "Schema for Roadlab's tables and migration history, created when missing (default: the connection's own)."),
    SANDBOX_PROVIDER("sandbox.provider", "ROADLAB_SANDBOX_PROVIDER", "--sandbox-provider", "auto",
            "auto (configured servers, else Docker), containers or servers."),
    SANDBOX_WARM("sandbox.warm-per-lab", "ROADLAB_SANDBOX_WARM", null, "2",
            "Run databases kept ready per lab, so grading starts at once."),
    WORKERS("grading.workers", "ROADLAB_WORKERS", "--workers", "2", "Submissions graded at once by this process."),
    QUEUE_LIMIT("grading.queue-limit", "ROADLAB_QUEUE_LIMIT", null, "500",
            "Submissions waiting to be graded past which a new one is refused (503 with Retry-After)."),
    LEASE_SECONDS("grading.lease-seconds", "ROADLAB_LEASE_SECONDS", null, "20",
            "Seconds a worker holds a submission without a heartbeat before another worker takes it over."),
    GRADING_ATTEMPTS("grading.attempts", "ROADLAB_GRADING_ATTEMPTS", null, "3",
            "Tries of a grading that fails on our side (or whose worker dies) before it is given up; none costs the learner."),
    SHUTDOWN_SECONDS("grading.shutdown-seconds", "ROADLAB_SHUTDOWN_SECONDS", null, "30",
            "On shutdown, seconds in-flight gradings get to finish before they are handed back to the queue."),
    POLL_SECONDS("grading.poll-seconds", "ROADLAB_POLL_SECONDS", null, "1",
            "Seconds between a worker's looks at the queue when nothing woke it (on PostgreSQL, NOTIFY wakes it at once)."),
    COURSE_DIR("content.course-dir", "ROADLAB_COURSE_DIR", "--course", null,
            "Folder of a course to serve instead of the bundled one (course.yaml, modules/, images/)."),
    LABS_DIR("content.labs-dir", "ROADLAB_LABS_DIR", "--labs", null,
            "Folder of extra lab folders (their checks classes must be on the class path)."),
    MODE("hosting.mode", "ROADLAB_MODE", "--mode", "auto",
            "single-user (no sign-in), hosted (sign-in required) or auto: hosted as soon as an admin account exists."),
    SIGNUP("hosting.signup", "ROADLAB_SIGNUP", null, "invite",
            "Who may create an account: open (anyone), invite (only with a cohort's invite link) or closed (admins create them)."),
    ADMIN_LOGIN("hosting.admin-login", "ROADLAB_ADMIN_LOGIN", null, null,
            "On a start with no admin account yet, create this admin (with ROADLAB_ADMIN_PASSWORD)."),
    ADMIN_PASSWORD("hosting.admin-password", "ROADLAB_ADMIN_PASSWORD", null, null,
            "The password of ROADLAB_ADMIN_LOGIN's account, used once when it is created."),
    TRUST_FORWARDED("http.trust-forwarded", "ROADLAB_TRUST_FORWARDED", null, "false",
            "Behind a TLS-terminating proxy: believe its X-Forwarded-Proto and X-Forwarded-For (then HSTS is sent)."),
    SUBMISSION_BUDGET("grading.submission-budget", "ROADLAB_SUBMISSION_BUDGET", null, null,
            "Submissions per learner and lab, as a token bucket such as 5/10m, or off; default 5/10m when hosted, off when single-user."),
    SUBMISSION_BUDGET_PER_LAB("grading.submission-budget-per-lab", "ROADLAB_SUBMISSION_BUDGET_PER_LAB", null, null,
            "Budgets for single labs, beating ROADLAB_SUBMISSION_BUDGET: lab-id=3/10m,other-lab=off (a cohort's own budget beats both).");

    private final String key;
    private final String env;
    private final String flag;
    private final String defaultValue;
    private final String description;

    Setting(String key, String env, String flag, String defaultValue, String description) {
        this.key = key;
        this.env = env;
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key in the YAML config file, dotted: "http.port" is {@code http: {port: ...}}. */
    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    public Optional<String> flag() {
        return Optional.ofNullable(flag);
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }
}
