package dev.roadlab.engine.config;

import dev.roadlab.grader.sandbox.ProviderMode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What a host (or the standalone jar's env, config file and flags) chooses, typed and mutable, in Javalin's shape:
 * {@code Roadlab.create(cfg -> { cfg.http.basePath = "/learn"; cfg.database.dataSource(ds); })}. A field left null
 * takes its default (the {@link Setting} table's) when {@link #toConfig()} builds the validated, immutable
 * {@link RoadlabConfig} the engine reads; every bad value is refused there, naming where it came from.
 */
public final class RoadlabSettings {

    /** The HTTP layer. */
    public final Http http = new Http();
    /** Roadlab's own files. */
    public final Data data = new Data();
    /** Roadlab's own database: a URL, or the host's DataSource, optionally in a schema of its own. */
    public final Database database = new Database();
    /** Where grading sandboxes come from, and each kind's own settings. */
    public final Sandboxes sandboxes = new Sandboxes();
    /** The workers that grade submissions. */
    public final Grading grading = new Grading();
    /** The course served (default: the bundled one). */
    public final Course course = new Course();
    /** Labs added to the bundled ones. */
    public final Labs labs = new Labs();
    /** Accounts, sign-in and fair use. */
    public final Hosting hosting = new Hosting();

    /** Where a value read from text came from (env, file line, flag), to name it when it is refused. */
    record Origin(Object value, String text, String where) {
    }

    final Map<Setting, Origin> origins = new EnumMap<>(Setting.class);
    final Map<String, Origin> sandboxOrigins = new TreeMap<>();

    public static final class Http {
        /** Listen address of the standalone server (default 127.0.0.1). */
        public String host;
        /** Listen port of the standalone server (default 7070; 0: any free port). */
        public Integer port;
        /** Path prefix Roadlab is served under, such as /learn (default: the root). */
        public String basePath;
        /** Mark cookies Secure (default true; browsers still send them to http://localhost). */
        public Boolean secureCookies;
        /** Believe a TLS-terminating proxy's X-Forwarded-Proto and X-Forwarded-For (default false). */
        public Boolean trustForwarded;
    }

    public static final class Data {
        /** Folder for Roadlab's own data, where the default H2 database lives (default ./data). */
        public Path dir;

        /** Roadlab's data folder. */
        public Data dir(Path folder) {
            this.dir = folder;
            return this;
        }
    }

    public static final class Database {
        /** JDBC URL of a database Roadlab opens a pool to (default: H2 in the data folder); not with a DataSource. */
        public String url;
        /** Database user, when not in the URL. */
        public String user;
        /** Database password, when not in the URL. */
        public String password;
        /** Connections in the pool Roadlab makes from the URL (default 10). */
        public Integer poolSize;
        /** Schema for Roadlab's tables and migration history, created when missing (default: none, the connection's). */
        public String schema;
        private DataSource dataSource;

        /** Use the host's pool (H2 or PostgreSQL); Roadlab never closes it. */
        public Database dataSource(DataSource hostsPool) {
            this.dataSource = Objects.requireNonNull(hostsPool, "dataSource");
            return this;
        }

        /** The host's pool, when it gave one. */
        public DataSource dataSource() {
            return dataSource;
        }
    }

    public static final class Sandboxes {
        /** auto (configured servers, else Docker), containers or servers (default auto). */
        public ProviderMode provider;
        /** Run databases kept ready per lab (default 2). */
        public Integer warmPerLab;
        final Map<String, String> kinds = new TreeMap<>();

        /** A sandbox kind's own setting by "kind.key", such as {@code set("postgres.url", "postgresql://...")}. */
        public Sandboxes set(String kindDotKey, String value) {
            kinds.put(Objects.requireNonNull(kindDotKey, "kindDotKey"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The kinds' settings set so far, by "kind.key". */
        public Map<String, String> kinds() {
            return Map.copyOf(kinds);
        }
    }

    public static final class Grading {
        /** Submissions graded at once by this process (default 2; 0: this process grades nothing). */
        public Integer workers;
        /** Waiting submissions past which a new one is refused with 503 (default 500). */
        public Integer queueLimit;
        /** Seconds a grading's lease lasts without a heartbeat (default 30). */
        public Integer leaseSeconds;
        /** Tries of a grading that fails on our side before it is given up (default 3). */
        public Integer attempts;
        /** Seconds in-flight gradings get to finish on shutdown (default 30). */
        public Integer shutdownSeconds;
        /** Seconds between looks at the queue when nothing woke the workers (default 1). */
        public Integer pollSeconds;
    }

    public static final class Course {
        /** Folder of a course to serve instead of the bundled one (course.yaml, modules/, images/). */
        public Path folder;

        /** Serve the course in this folder. */
        public Course folder(Path courseFolder) {
            this.folder = courseFolder;
            return this;
        }
    }

    public static final class Labs {
        /** Folder of lab folders added to the bundled labs (their checks classes on the class path). */
        public Path folder;

        /** Add the labs in this folder. */
        public Labs folder(Path labsFolder) {
            this.folder = labsFolder;
            return this;
        }
    }

    public static final class Hosting {
        /** Single-user, hosted, or hosted once an admin exists (default auto). */
        public RoadlabConfig.Mode mode;
        /** Who may create an account (default invite). */
        public RoadlabConfig.SignUp signUp;
        /** An admin to create on a start when none exists yet (with {@link #adminPassword}). */
        public String adminLogin;
        /** That admin's first password. */
        public String adminPassword;
        /** Submissions per learner and lab as a token bucket such as 5/10m, or off (default: by the mode). */
        public String submissionBudget;
        /** Single labs' budgets, {@code lab-id=3/10m,other-lab=off}, beating {@link #submissionBudget}. */
        public String submissionBudgetPerLab;

        /** One lab's budget ({@code 3/10m} or {@code off}), added to {@link #submissionBudgetPerLab}. */
        public Hosting submissionBudget(String labId, String budget) {
            String part = labId + "=" + budget;
            submissionBudgetPerLab = submissionBudgetPerLab == null || submissionBudgetPerLab.isBlank() ? part
                    : submissionBudgetPerLab + "," + part;
            return this;
        }
    }

    /** Applies the defaults to what was left unset, validates everything and gives the configuration. */
    public RoadlabConfig toConfig() {
        return SettingsBuilder.build(this);
    }
}
