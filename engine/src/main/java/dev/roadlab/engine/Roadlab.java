package dev.roadlab.engine;

import dev.roadlab.engine.accounts.AccessTokenService;
import dev.roadlab.engine.accounts.AccountProblem;
import dev.roadlab.engine.accounts.AccountService;
import dev.roadlab.engine.accounts.BearerTokens;
import dev.roadlab.engine.accounts.Invites;
import dev.roadlab.engine.accounts.Modes;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.TokenBuckets;
import dev.roadlab.engine.cohorts.CohortService;
import dev.roadlab.engine.cohorts.GradebookService;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.config.RoadlabSettings;
import dev.roadlab.engine.course.Course;
import dev.roadlab.engine.course.CourseLoader;
import dev.roadlab.engine.course.InvalidCourseException;
import dev.roadlab.engine.course.MarkdownRenderer;
import dev.roadlab.engine.db.Database;
import dev.roadlab.engine.grading.GradingEvents;
import dev.roadlab.engine.grading.GradingQueue;
import dev.roadlab.engine.grading.GradingWorkers;
import dev.roadlab.engine.progress.LearnerService;
import dev.roadlab.engine.progress.ProgressService;
import dev.roadlab.engine.search.CourseSearch;
import dev.roadlab.engine.search.SearchIndex;
import dev.roadlab.engine.submissions.BudgetRules;
import dev.roadlab.engine.submissions.SubmissionBudgets;
import dev.roadlab.engine.submissions.SubmissionService;
import dev.roadlab.engine.links.Urls;
import dev.roadlab.engine.ops.ProcessMeters;
import dev.roadlab.grader.Grader;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Roadlab: the course and labs it serves, its database, its grader and grading workers. A value the
 * server, an embedding app and tests build the same way; {@link dev.roadlab.engine.web.RoadlabPlugin} puts it on
 * HTTP. Close it to stop the workers and the sandboxes.
 */
public final class Roadlab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Roadlab.class);

    private final RoadlabConfig config;
    private final Urls urls;
    private final LabCatalog labs;
    private final Course course;
    private final Map<String, String> labInstructions;
    private final Database database;
    private final Grader grader;
    private final GradingWorkers workers;
    private final SubmissionService submissions;
    private final LearnerService learners;
    private final ProgressService progress;
    private final SearchIndex search;
    private final GradingEvents gradingEvents;
    private final Services services;
    private final PrometheusMeterRegistry meters;
    private final GradingQueue queue;
    private final ProcessMeters processMeters;

    /**
     * The stateful services over the database, built in one place (here) so that adding one touches one record.
     *
     * @param buckets  token buckets shared by every process (sign-in throttling, the submission budget)
     * @param accounts accounts, passwords, sessions
     * @param modes    single-user or hosted, now
     * @param bearerTokens who an {@code Authorization: Bearer} token is
     * @param invites  cohort invite links, for sign-up
     * @param submissionBudgets the fair-use budget submissions spend (and attempts that fail on our side refund)
     * @param accessTokens personal access tokens (also the {@code bearerTokens})
     * @param cohorts  cohorts, their invites, deadlines and extensions (also the {@code invites})
     * @param gradebooks a cohort's learners by lab, and each lab's statistics
     */
    public record Services(TokenBuckets buckets, AccountService accounts, Modes modes, BearerTokens bearerTokens,
                           Invites invites, SubmissionBudgets submissionBudgets, AccessTokenService accessTokens,
                           CohortService cohorts, GradebookService gradebooks) {

        public static Services create(RoadlabConfig config, Database database, Clock clock) {
            TokenBuckets buckets = new TokenBuckets(database.dsl(), clock);
            AccountService accounts = new AccountService(database.dsl(), clock, buckets);
            Modes modes = new Modes(Modes.Setting.valueOf(config.hosting().mode().name()), accounts::anyAdmin);
            SubmissionBudgets budgets = new SubmissionBudgets(database.dsl(), buckets,
                    BudgetRules.of(config.hosting()), modes::hosted, clock);
            AccessTokenService accessTokens = new AccessTokenService(database.dsl(), clock);
            CohortService cohorts = new CohortService(database.dsl(), clock);
            return new Services(buckets, accounts, modes, accessTokens, cohorts, budgets, accessTokens, cohorts,
                    new GradebookService(database.dsl(), cohorts));
        }
    }

    private Roadlab(RoadlabConfig config, Urls urls, LabCatalog labs, Course course, Map<String, String> labInstructions,
                    Database database, Grader grader, GradingWorkers workers, SubmissionService submissions,
                    LearnerService learners, ProgressService progress, SearchIndex search,
                    GradingEvents gradingEvents, Services services, PrometheusMeterRegistry meters,
                    GradingQueue queue) {
        this.queue = queue;
        this.config = config;
        this.urls = urls;
        this.labs = labs;
        this.course = course;
        this.labInstructions = labInstructions;
        this.database = database;
        this.grader = grader;
        this.workers = workers;
        this.submissions = submissions;
        this.learners = learners;
        this.progress = progress;
        this.search = search;
        this.gradingEvents = gradingEvents;
        this.services = services;
        this.meters = meters;
        this.processMeters = ProcessMeters.bind(meters, database, grader.pool());
    }

    /**
     * A started Roadlab configured the way a host writes it: {@code Roadlab.create(cfg -> { cfg.http.basePath =
     * "/learn"; cfg.database.dataSource(hostsPool); cfg.database.schema = "roadlab"; })}. What {@code configure}
     * leaves unset takes its default; a bad value is refused with {@link
     * dev.roadlab.engine.config.InvalidConfigException} naming it.
     */
    public static Roadlab create(java.util.function.Consumer<RoadlabSettings> configure) {
        RoadlabSettings settings = new RoadlabSettings();
        configure.accept(settings);
        return start(settings.toConfig());
    }

    /**
     * Loads the course and labs (refusing an invalid course), opens and migrates the database, starts the workers.
     * Sandboxes start on the first grading.
     */
    public static Roadlab start(RoadlabConfig config) {
        // The course (Markdown, search index) loads on another thread while the database opens and migrates here:
        // neither needs the other, and each takes a good part of a start.
        FutureTask<Content> loading = new FutureTask<>(() -> loadContent(config));
        Thread.ofPlatform().name("roadlab-content").daemon().start(loading);
        PrometheusMeterRegistry meters;
        Database database;
        try {
            meters = ProcessMeters.registry();
            database = Database.open(config.database());
        } catch (RuntimeException e) {
            loading.cancel(true);
            throw e;
        }
        Content content;
        try {
            content = loading.get();
        } catch (ExecutionException | InterruptedException e) {
            database.close();
            meters.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("Loading the course failed: " + e.getMessage(), e);
        }
        Urls urls = content.urls();
        LabCatalog labs = content.labs();
        Course course = content.course();
        Map<String, String> instructions = content.labInstructions();

        Grader grader = null;
        GradingWorkers workers = null;
        try {
            Clock clock = Clock.systemUTC();
            Services services = Services.create(config, database, clock);
            services.submissionBudgets().rules().requireKnownLabs(labs.all().stream().map(Lab::id).toList());
            createFirstAdmin(config, services);
            grader = Grader.create(labs, config.sandboxes());
            GradingEvents events = new GradingEvents(database.dsl(), clock);
            RoadlabConfig.Grading grading = config.grading();
            GradingQueue queue = queue(config, database, services, clock, meters);
            workers = startWorkers(config, database, grader, queue, events, meters);
            GradingWorkers wake = workers;
            SubmissionService submissions = new SubmissionService(database.dsl(), labs, clock,
                    () -> {
                        queue.announce();
                        if (wake != null) {
                            wake.wake();
                        }
                    }, services.submissionBudgets(), () -> queue.admit(grading.queueLimit()));
            LOG.info("Roadlab ready: {} modules, {} labs, database {}", course.modules().size(), labs.all().size(),
                    config.database());
            return new Roadlab(config, urls, labs, course, instructions, database, grader, workers,
                    submissions, new LearnerService(database.dsl(), clock), new ProgressService(database.dsl(), clock),
                    content.search(), events, services, meters, queue);
        } catch (RuntimeException e) {
            if (workers != null) {
                workers.close();
            }
            if (grader != null) {
                grader.close();
            }
            database.close();
            throw e;
        }
    }

    /** The grading queue over the database: its retries as configured, attempts that fail on our side refunded. */
    private static GradingQueue queue(RoadlabConfig config, Database database, Services services, Clock clock,
                                      PrometheusMeterRegistry meters) {
        return new GradingQueue(database.dsl(), clock, services.submissionBudgets()::refund,
                GradingQueue.Retries.of(config.grading().attempts()), meters);
    }

    /**
     * The configured number of grading workers over the queue (woken by NOTIFY on PostgreSQL, else polling); null
     * for none.
     */
    private static GradingWorkers startWorkers(RoadlabConfig config, Database database, Grader grader,
                                               GradingQueue queue, GradingEvents events,
                                               PrometheusMeterRegistry meters) {
        RoadlabConfig.Grading grading = config.grading();
        return grading.workers() > 0
                ? new GradingWorkers(queue, events, grader, new GradingWorkers.Settings(grading.workers(),
                grading.lease(), grading.poll(), grading.shutdownGrace()), meters,
                database.dsl().dialect().family() == org.jooq.SQLDialect.POSTGRES ? database.dataSource() : null)
                : null;
    }

    /**
     * The grading side of Roadlab alone, for {@code roadlab worker}: the labs, the database (migrated), the grader
     * and its workers, and their meters; no course, no search index, no pages. Any number of these and of full
     * Roadlabs share one PostgreSQL. Close it to stop the workers, the sandboxes and the pool.
     */
    public static final class Workers implements AutoCloseable {

        private final Database database;
        private final Grader grader;
        private final GradingWorkers workers;
        private final PrometheusMeterRegistry meters;
        private final ProcessMeters processMeters;

        private Workers(Database database, Grader grader, GradingWorkers workers, PrometheusMeterRegistry meters) {
            this.database = database;
            this.grader = grader;
            this.workers = workers;
            this.meters = meters;
            this.processMeters = ProcessMeters.bind(meters, database, grader.pool());
        }

        public Database database() {
            return database;
        }

        public Grader grader() {
            return grader;
        }

        /** The workers' meters (queue, grading, sandboxes, JVM), in Prometheus' registry. */
        public PrometheusMeterRegistry meters() {
            return meters;
        }

        @Override
        public void close() {
            if (workers != null) {
                workers.close();
            }
            grader.close();
            database.close();
            processMeters.close();
            meters.close();
        }
    }

    /** Starts {@link Workers}: labs, database, grader and {@code config.grading().workers()} workers. */
    public static Workers startWorkers(RoadlabConfig config) {
        LabCatalog labs = labs(config);
        PrometheusMeterRegistry meters = ProcessMeters.registry();
        Database database = Database.open(config.database());
        Grader grader = null;
        try {
            Clock clock = Clock.systemUTC();
            Services services = Services.create(config, database, clock);
            grader = Grader.create(labs, config.sandboxes());
            GradingWorkers workers = startWorkers(config, database, grader,
                    queue(config, database, services, clock, meters), new GradingEvents(database.dsl(), clock), meters);
            LOG.info("Roadlab workers ready: {} workers, {} labs, database {}", config.grading().workers(),
                    labs.all().size(), config.database());
            return new Workers(database, grader, workers, meters);
        } catch (RuntimeException e) {
            if (grader != null) {
                grader.close();
            }
            database.close();
            throw e;
        }
    }

    /** ROADLAB_ADMIN_LOGIN and ROADLAB_ADMIN_PASSWORD make the first admin, on a start where there is none. */
    private static void createFirstAdmin(RoadlabConfig config, Services services) {
        if (config.hosting().adminLogin().isEmpty() || services.accounts().anyAdmin()) {
            return;
        }
        String login = config.hosting().adminLogin().get();
        try {
            services.accounts().create(login, login, config.hosting().adminPassword().orElseThrow(), Role.ADMIN,
                    java.util.Optional.empty());
            LOG.info("Created the first admin account '{}' from ROADLAB_ADMIN_LOGIN: Roadlab is now hosted", login);
        } catch (AccountProblem e) {
            throw new IllegalStateException("ROADLAB_ADMIN_LOGIN/ROADLAB_ADMIN_PASSWORD: " + e.getMessage(), e);
        }
        services.modes().recheck();
    }

    /**
     * What a Roadlab serves, loaded and rendered once: the course (checked against the labs) and the labs.
     *
     * @param urls             links under the mount path
     * @param course           the course, rendered
     * @param labs             the labs
     * @param labInstructions  each lab's README rendered to safe HTML, by lab id
     * @param search           the course's sections and labs, indexed for search
     */
    public record Content(Urls urls, Course course, LabCatalog labs, Map<String, String> labInstructions,
                          SearchIndex search) {
    }

    /**
     * Loads and checks the course and labs the configuration names; {@link InvalidCourseException} listing every
     * problem (file and line) if the course is invalid, including modules and links that name labs the catalog does
     * not have. The server refuses to start on those problems and {@code roadlab validate} prints them.
     */
    public static Content loadContent(RoadlabConfig config) {
        Urls urls = new Urls(config.http().basePath());
        LabCatalog labs = labs(config);
        MarkdownRenderer renderer = new MarkdownRenderer(urls);
        Set<String> labIds = labs.all().stream().map(Lab::id).collect(Collectors.toSet());
        long started = System.nanoTime();
        Course course = config.content().courseDir()
                .map(dir -> CourseLoader.fromFolder(dir, renderer, labIds))
                .orElseGet(() -> CourseLoader.fromClasspath(Roadlab.class.getClassLoader(), renderer, labIds));
        LOG.info("Course '{}': {} modules loaded, checked and rendered in {} ms", course.title(),
                course.modules().size(), (System.nanoTime() - started) / 1_000_000);
        Map<String, String> instructions = new TreeMap<>();
        labs.all().forEach(lab -> instructions.put(lab.id(), renderer.render(lab.instructions())));
        started = System.nanoTime();
        SearchIndex search = CourseSearch.index(course, labs.all(), urls);
        LOG.info("Search index: {} documents, {} terms, built in {} ms", search.documents(), search.terms(),
                (System.nanoTime() - started) / 1_000_000);
        return new Content(urls, course, labs, Map.copyOf(instructions), search);
    }

    /** The bundled labs plus those of the configured labs folder. */
    public static LabCatalog labs(RoadlabConfig config) {
        LabCatalog labs = LabCatalog.fromClasspath(Roadlab.class.getClassLoader());
        if (config.content().labsDir().isPresent()) {
            labs = labs.plus(LabCatalog.fromFolder(config.content().labsDir().get(), Roadlab.class.getClassLoader()));
        }
        return labs;
    }

    public RoadlabConfig config() {
        return config;
    }

    public Urls urls() {
        return urls;
    }

    public Course course() {
        return course;
    }

    public LabCatalog labs() {
        return labs;
    }

    /** A lab's instructions, rendered to safe HTML once at start. */
    public String instructionsHtml(Lab lab) {
        return labInstructions.getOrDefault(lab.id(), "");
    }

    public Database database() {
        return database;
    }

    public Grader grader() {
        return grader;
    }

    public SubmissionService submissions() {
        return submissions;
    }

    public LearnerService learners() {
        return learners;
    }

    public ProgressService progress() {
        return progress;
    }

    /** The grading queue all processes on this database share (its depth, its given-up submissions). */
    public GradingQueue queue() {
        return queue;
    }

    /** This process's grading workers; empty when it grades nothing ({@code --workers 0}). */
    public java.util.Optional<GradingWorkers> workers() {
        return java.util.Optional.ofNullable(workers);
    }

    /** What workers report while grading, for submission pages to stream. */
    public GradingEvents gradingEvents() {
        return gradingEvents;
    }

    public AccountService accounts() {
        return services.accounts();
    }

    /** Single-user or hosted, now. */
    public Modes modes() {
        return services.modes();
    }

    public Services services() {
        return services;
    }

    /** Personal access tokens. */
    public AccessTokenService accessTokens() {
        return services.accessTokens();
    }

    public CohortService cohorts() {
        return services.cohorts();
    }

    public GradebookService gradebooks() {
        return services.gradebooks();
    }

    /**
     * This Roadlab's meters (queue, grading, sandboxes, HTTP, JVM), in the registry {@code /metrics} writes in
     * Prometheus' text format.
     */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** The course's sections and labs, indexed once at start. */
    public SearchIndex search() {
        return search;
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
        grader.close();
        database.close();
        processMeters.close();
        meters.close();
    }
}
