package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.grader.postgres.PlanAssert;
import dev.roadlab.grader.postgres.PostgresErrors;
import dev.roadlab.grader.postgres.QueryPlan;
import dev.roadlab.grader.postgres.SchemaFacts;
import dev.roadlab.grader.postgres.SchemaFacts.Column;
import dev.roadlab.grader.postgres.SchemaFacts.Command;
import dev.roadlab.grader.postgres.SchemaFacts.Function;
import dev.roadlab.grader.postgres.SchemaFacts.Relation;
import dev.roadlab.grader.postgres.SchemaFacts.RelationKind;
import dev.roadlab.labs.TenantInvoices.Invoice;
import dev.roadlab.labs.TenantSession.Outcome;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Checks of the tenant-isolation lab: rls.sql's row-level security must keep every tenant to its own invoices, for
 * reads and writes, when no tenant is set, for the table's owner and inside a SECURITY DEFINER function, and still
 * let the application work and its pages use an index. Each check acts as the application does (app_user, a
 * transaction that starts with {@code SET LOCAL app.tenant_id}) and judges by the rows a statement returns or
 * changes, the errors PostgreSQL answers and the plan's row and buffer counts: never by time. Every probe is rolled
 * back, so the table rls.sql leaves is the table every check sees: the first check to run makes sure it still holds
 * the seeded rows (read by its owner with row security off for that one transaction), and every check fails alike
 * when it does not.
 */
@LabChecks
public class TenantIsolationChecks {

    static final String RLS = "rls.sql";
    static final String APP_ROLE = "app_user";

    /** Northwind Studio: 40 invoices. */
    static final long TENANT_1 = 1;
    /** Harbor Analytics: 36 invoices. */
    static final long TENANT_2 = 2;
    /** Quill & Co, signed up yesterday: no invoices. */
    static final long TENANT_3 = 3;
    /** One of the 200 tenants of 100 invoices each. */
    static final long TENANT_101 = 101;
    static final List<Long> TENANTS = List.of(TENANT_1, TENANT_2, TENANT_3, TENANT_101);

    static final String SELECT_ALL = "SELECT id, tenant_id, customer, amount_cents, status FROM invoices ORDER BY id";
    /** The application's "open invoices" page: no WHERE on tenant_id, since the policies add it. */
    static final String OPEN_INVOICES = "SELECT id, customer, amount_cents FROM invoices WHERE status = 'open' ORDER BY id";
    static final String SUMMARY = "SELECT status, invoices, total_cents FROM invoice_summary(?)";
    static final Map<String, String> COLUMNS = columns();

    private TenantInvoices seeded;
    /**
     * The owner's session that reads the truth, kept for the run: no policy, trigger or function of the learner runs
     * in it (row security is off in each of its transactions, and it only reads), so nothing carries over from one
     * check to the next. Every session that acts as a tenant or as the owner is new for its check.
     */
    private TenantSession truth;
    /** The seeded rows once rls.sql has been checked against them (once per run: every probe is rolled back). */
    private TenantInvoices verified;
    /** Why the table is not the seeded one any more, once found. */
    private CheckFailure changed;
    /** What rls.sql built, read once it has run (no check changes the catalogs). */
    private TenantPolicies policies;

    private static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", "bigint");
        columns.put("tenant_id", "bigint");
        columns.put("customer", "text");
        columns.put("amount_cents", "bigint");
        columns.put("status", "text");
        return java.util.Collections.unmodifiableMap(columns);
    }

    @BeforeAll
    void remember_the_seeded_invoices(LabDatabase db) throws SQLException {
        seeded = TenantInvoices.read(truth(db).connection());
    }

    @AfterAll
    void close_the_owners_session() {
        if (truth != null) {
            truth.close();
        }
    }

    private TenantSession truth(LabDatabase db) throws SQLException {
        if (truth == null || !truth.connection().isValid(5)) {
            if (truth != null) {
                truth.close();
            }
            truth = TenantSession.owner(db);
        }
        return truth;
    }

    @Check(order = 1, points = 3, title = "A tenant sees its own invoices and no other tenant's",
            hint = "The application never filters by tenant itself: it says whose request it serves (SET LOCAL"
                    + " app.tenant_id) and runs its queries as app_user, so PostgreSQL must add the filter to every"
                    + " query on invoices. Which table setting makes PostgreSQL do that, and which object says what"
                    + " the filter is?",
            laterHints = "ALTER TABLE invoices ENABLE ROW LEVEL SECURITY, then a policy whose USING compares "
                    + "tenant_id with current_setting('app.tenant_id', true), cast to the column's type, so "
                    + "PostgreSQL adds that filter to every query.",
            teaches = "#scope-by-the-caller-in-the-database-too")
    void tenants_see_only_their_own_invoices(LabDatabase db) throws SQLException {
        TenantInvoices invoices = table(db);
        try (TenantSession app = TenantSession.application(db)) {
            for (long tenant : TENANTS) {
                List<Invoice> own = invoices.of(tenant);
                Outcome all = app.asTenant(tenant, s -> s.run(SELECT_ALL));
                List<Long> seen = ids(all);
                List<Long> others = seen.stream().filter(id -> own.stream().noneMatch(i -> i.id() == id)).toList();
                if (!others.isEmpty()) {
                    throw new CheckFailure(String.format(Locale.ROOT, "As tenant %d, %s returned %,d invoices, %,d of"
                                    + " them of other tenants, such as %s. Tenant %d has %d invoices.", tenant,
                            shown(app, tenant, SELECT_ALL), seen.size(), others.size(), anyInvoice(all, others.get(0)),
                            tenant, own.size()), hint(db, TenantPolicies::notBegun, TenantPolicies::openPolicy));
                }
                if (!seen.equals(own.stream().map(Invoice::id).toList())) {
                    throw new CheckFailure(String.format(Locale.ROOT, "As tenant %d, %s %s; tenant %d has %d invoices"
                                    + " (ids %s), and must see every one of them.", tenant,
                            shown(app, tenant, SELECT_ALL), all.describe(), tenant, own.size(), range(own)),
                            Optional.ofNullable(hint(db, TenantPolicies::notBegun)).orElse("A tenant's own rows must"
                                    + " pass the policy that hides the others: does its expression compare tenant_id"
                                    + " with the setting converted to the column's type, exactly?"));
                }
            }
            Invoice foreign = invoices.of(TENANT_2).get(0);
            String byId = "SELECT id, tenant_id, customer FROM invoices WHERE id = " + foreign.id();
            Outcome lookup = app.asTenant(TENANT_1, s -> s.run(byId));
            if (!lookup.rowsOrNone().isEmpty()) {
                throw new CheckFailure("As tenant 1, " + shown(app, TENANT_1, byId) + " found " + foreign
                        + ": asking by id must not reach another tenant's invoice either.");
            }
        }
    }

    @Check(order = 2, points = 2, title = "With no tenant set, the application sees no invoice and gets no error that"
            + " shows one",
            hint = "A transaction that forgot its SET LOCAL is a bug in the application, and it must fail closed."
                    + " current_setting('app.tenant_id', true) is NULL in a session that never set it, and '' in a"
                    + " pooled session that set it in an earlier transaction: what does your policy compare tenant_id"
                    + " with then?",
            laterHints = "NULLIF(current_setting('app.tenant_id', true), '')::bigint turns both the missing and "
                    + "the reset setting into NULL, and tenant_id = NULL is never true: no row qualifies, and no "
                    + "cast fails. Do not COALESCE it into something that matches.",
            teaches = "#scope-by-the-caller-in-the-database-too")
    void no_tenant_no_invoices(LabDatabase db) throws SQLException {
        TenantInvoices invoices = table(db);
        try (TenantSession fresh = TenantSession.application(db);
             TenantSession pooled = TenantSession.application(db)) {
            pooled.served(TENANT_1);
            Map<String, TenantSession> sessions = new LinkedHashMap<>();
            sessions.put("in a new session (app.tenant_id never set)", fresh);
            sessions.put("in a session whose last transaction served tenant 1 (app.tenant_id is now '')", pooled);
            for (var entry : sessions.entrySet()) {
                TenantSession app = entry.getValue();
                for (String sql : List.of(SELECT_ALL, "SELECT count(*) FROM invoices",
                        "UPDATE invoices SET status = status", "DELETE FROM invoices")) {
                    Outcome outcome = app.asTenant(null, s -> s.run(sql));
                    long reached = outcome instanceof Outcome.Rows r && sql.startsWith("SELECT count")
                            ? ((Number) r.rows().get(0).get(0)).longValue()
                            : outcome.rowsOrNone().size() + outcome.changedOrNone();
                    if (reached > 0) {
                        throw new CheckFailure(String.format(Locale.ROOT, "%s, %s %s%s: with no tenant set, the"
                                        + " application reached %,d of the %,d invoices.", capitalized(entry.getKey()),
                                shown(app, null, sql), outcome.describe(), sql.startsWith("SELECT count") ? " (" + reached
                                        + ")" : "", reached, invoices.count()),
                                hint(db, TenantPolicies::notBegun, TenantPolicies::fallsBackToAll, TenantPolicies::openPolicy));
                    }
                    if (outcome instanceof Outcome.Refused refused) {
                        invoices.customers().stream().filter(refused.text()::contains).findFirst().ifPresent(customer -> {
                            throw new CheckFailure(capitalized(entry.getKey()) + ", " + shown(app, null, sql) + " was refused"
                                    + " with an error that names a customer (" + customer + "):\n" + refused.text()
                                    + "\nAn error may say that no tenant is set; it must not show an invoice.",
                                    "PostgreSQL reports the value that made an expression fail. Does your policy, or"
                                            + " a function it calls, compute something from a row's columns that"
                                            + " can fail, before it has compared tenant_id?");
                        });
                    }
                }
            }
        }
    }

    @Check(order = 3, points = 2, title = "A tenant cannot update, delete or truncate another tenant's invoices",
            hint = "Scoping reads is half the work: UPDATE and DELETE reach rows too, and the rows they may reach are"
                    + " the ones a policy's USING expression lets through for that command.",
            teaches = "#scope-by-the-caller-in-the-database-too")
    void tenants_cannot_change_other_tenants_invoices(LabDatabase db) throws SQLException {
        TenantInvoices invoices = table(db);
        Invoice foreign = invoices.of(TENANT_2).get(0);
        Map<Long, List<String>> attempts = new LinkedHashMap<>();
        attempts.put(TENANT_1, List.of(
                "UPDATE invoices SET status = 'void' WHERE id = " + foreign.id(),
                "UPDATE invoices SET amount_cents = 0 WHERE tenant_id = " + TENANT_101,
                "DELETE FROM invoices WHERE id = " + foreign.id(),
                "DELETE FROM invoices WHERE tenant_id = " + TENANT_101));
        attempts.put(TENANT_3, List.of("UPDATE invoices SET status = 'paid' WHERE status = 'open'",
                "DELETE FROM invoices WHERE status = 'void'"));
        try (TenantSession app = TenantSession.application(db)) {
            for (var entry : attempts.entrySet()) {
                long tenant = entry.getKey();
                for (String sql : entry.getValue()) {
                    Outcome outcome = app.asTenant(tenant, s -> s.run(sql));
                    if (outcome.changedOrNone() > 0) {
                        throw new CheckFailure(String.format(Locale.ROOT, "As tenant %d, %s %s, none of which was"
                                        + " tenant %d's%s.", tenant, shown(app, tenant, sql), outcome.describe(), tenant,
                                sql.contains("WHERE id") ? " (it is " + foreign + ")" : ""),
                                hint(db, TenantPolicies::notBegun, TenantPolicies::openPolicy));
                    }
                }
            }
            String truncate = "TRUNCATE invoices";
            Outcome outcome = app.asTenant(TENANT_1, s -> s.run(truncate));
            if (!(outcome instanceof Outcome.Refused)) {
                throw new CheckFailure("As tenant 1, " + shown(app, TENANT_1, truncate) + " emptied the table: every"
                        + " tenant's invoices, in one statement.", hint(db, TenantPolicies::truncateGranted));
            }
        }
    }

    @Check(order = 4, points = 2, title = "A tenant cannot write an invoice into another tenant, nor move one there",
            hint = "USING decides which existing rows a command may reach; a different expression decides which rows"
                    + " INSERT and UPDATE may write. An UPDATE can reach one of the tenant's own invoices and set its"
                    + " tenant_id to another tenant's.",
            teaches = "#scope-by-the-caller-in-the-database-too")
    void tenants_cannot_write_into_another_tenant(LabDatabase db) throws SQLException {
        TenantInvoices invoices = table(db);
        Invoice own = invoices.of(TENANT_1).get(0);
        int ownCount = invoices.of(TENANT_1).size();
        try (TenantSession app = TenantSession.application(db)) {
            String insert = "INSERT INTO invoices (tenant_id, customer, amount_cents, status)"
                    + " VALUES (2, 'Planted by tenant 1', 100, 'open')";
            String planted = "SELECT tenant_id FROM invoices WHERE customer = 'Planted by tenant 1'";
            Optional<String> inserted = app.asTenant(TENANT_1, s -> {
                Outcome outcome = s.run(insert);
                if (outcome.changedOrNone() == 0) {
                    return Optional.empty();
                }
                // A trigger may have given the row to the tenant that wrote it: then tenant 1 sees it as its own.
                List<Long> tenants = s.run(planted).rowsOrNone().stream().map(r -> ((Number) r.get(0)).longValue())
                        .toList();
                return tenants.equals(List.of(TENANT_1)) ? Optional.empty()
                        : Optional.of("As tenant 1, " + shown(s, TENANT_1, insert) + " " + outcome.describe()
                                + ": tenant 1 created an invoice that is not its own (for tenant 2).");
            });
            if (inserted.isPresent()) {
                throw new CheckFailure(inserted.get(), hint(db, TenantPolicies::notBegun, TenantPolicies::uncheckedWrites));
            }
            for (String move : List.of("UPDATE invoices SET tenant_id = 2 WHERE id = " + own.id(),
                    "UPDATE invoices SET tenant_id = 2")) {
                Optional<String> moved = app.asTenant(TENANT_1, s -> {
                    Outcome outcome = s.run(move);
                    if (outcome.changedOrNone() == 0) {
                        return Optional.empty();
                    }
                    long stillOwn = ((Number) s.run("SELECT count(*) FROM invoices WHERE tenant_id = 1").rowsOrNone()
                            .get(0).get(0)).longValue();
                    return stillOwn == ownCount ? Optional.empty()
                            : Optional.of(String.format(Locale.ROOT, "As tenant 1, %s %s: tenant 1 moved %s to tenant 2"
                                            + " (it has %d invoices left of %d).", shown(s, TENANT_1, move),
                                    outcome.describe(), move.contains("WHERE") ? "its " + own : "its invoices",
                                    stillOwn, ownCount));
                });
                if (moved.isPresent()) {
                    throw new CheckFailure(moved.get(), hint(db, TenantPolicies::notBegun,
                            TenantPolicies::uncheckedWrites));
                }
            }
        }
    }

    @Check(order = 5, points = 2, title = "The table's owner is no way around the policies",
            hint = "The role that owns invoices runs the migrations, and every SECURITY DEFINER function it owns runs"
                    + " as it. By default PostgreSQL exempts a table's owner from the table's policies. What makes"
                    + " them bind the owner too?",
            teaches = "#scope-by-the-caller-in-the-database-too")
    void the_owner_is_no_bypass(LabDatabase db) throws SQLException {
        TenantInvoices invoices = table(db);
        try (TenantSession owner = TenantSession.owner(db)) {
            Outcome all = owner.asTenant(TENANT_1, s -> s.run(SELECT_ALL));
            List<Long> others = ids(all).stream()
                    .filter(id -> invoices.of(TENANT_1).stream().noneMatch(i -> i.id() == id)).toList();
            if (!others.isEmpty()) {
                throw new CheckFailure(String.format(Locale.ROOT, "As the table's owner (the role rls.sql ran as, with"
                                + " row_security on), %s returned %,d invoices, %,d of them of other tenants, such as %s.",
                        shown(owner, TENANT_1, SELECT_ALL), ids(all).size(), others.size(),
                        anyInvoice(all, others.get(0))), hint(db, TenantPolicies::notBegun, TenantPolicies::notForced));
            }
            if (all instanceof Outcome.Refused refused) {
                throw new CheckFailure("As the table's owner, " + shown(owner, TENANT_1, SELECT_ALL) + " was refused: "
                        + refused.firstLine() + ". The owner must be able to query its table, and see what the"
                        + " policies allow.");
            }
        }
    }

    @Check(order = 6, points = 2, title = "invoice_summary, a SECURITY DEFINER function, tells a tenant its own totals"
            + " and no other tenant's",
            hint = "invoice_summary runs as its owner, not as its caller, and trusts the tenant id it is passed. With"
                    + " your policies, which rows does the owner see, in a transaction of tenant 1? How could the"
                    + " function see no more than its caller may?",
            teaches = "#scope-by-the-caller-in-the-database-too")
    void the_reporting_function_opens_no_hole(LabDatabase db) throws SQLException {
        TenantInvoices invoices = table(db);
        TenantPolicies policies = policies(db);
        Optional<Function> summary = policies.summary();
        if (summary.isEmpty()) {
            throw new CheckFailure("rls.sql dropped invoice_summary(bigint) (or changed its arguments): the dashboard"
                    + " calls it, so it must stay, made safe.");
        }
        try (TenantSession app = TenantSession.application(db)) {
            for (long[] pair : new long[][] {{TENANT_1, TENANT_2}, {TENANT_2, TENANT_1}, {TENANT_1, TENANT_101}}) {
                long tenant = pair[0];
                long other = pair[1];
                Outcome foreign = app.asTenant(tenant, s -> s.run(SUMMARY, other));
                if (!foreign.rowsOrNone().isEmpty()) {
                    throw new CheckFailure(String.format(Locale.ROOT, "As tenant %d, %s returned tenant %d's totals: %s.",
                            tenant, shown(app, tenant, SUMMARY.replace("?", String.valueOf(other))), other,
                            shownTotals(totals(foreign.rowsOrNone()))), summaryHint(policies, summary.get(), true));
                }
                Outcome mine = app.asTenant(tenant, s -> s.run(SUMMARY, tenant));
                Map<String, List<Long>> expected = expectedTotals(invoices.of(tenant));
                if (!totals(mine.rowsOrNone()).equals(expected)) {
                    throw new CheckFailure(String.format(Locale.ROOT, "As tenant %d, %s %s%s; tenant %d's totals are"
                                    + " %s.", tenant, shown(app, tenant, SUMMARY.replace("?", String.valueOf(tenant))),
                            mine.describe(), mine instanceof Outcome.Rows r && !r.rows().isEmpty()
                                    ? " (" + shownTotals(totals(r.rows())) + ")" : "", tenant, shownTotals(expected)),
                            summaryHint(policies, summary.get(), false));
                }
            }
        }
        List<Function> unpinned = policies.unpinnedDefiners();
        if (!unpinned.isEmpty()) {
            throw new CheckFailure("app_user may call " + unpinned.get(0).signature() + ", which is SECURITY DEFINER"
                    + " and takes its caller's search_path: whatever the caller puts first in it (pg_temp, for one)"
                    + " decides what its unqualified names mean, and the function then acts with its owner's rights.",
                    "A SECURITY DEFINER function should say its own search_path (SET search_path = ... on the"
                            + " function), with nothing in it that its callers can write to.");
        }
    }

    @Check(order = 7, points = 2, title = "The application still reads, inserts, updates and deletes its tenant's"
            + " invoices",
            hint = "With row-level security on, a command that no policy allows is refused, and each command (SELECT,"
                    + " INSERT, UPDATE, DELETE) needs a policy that covers it. Try the application's own statements"
                    + " as app_user, after SET LOCAL app.tenant_id.",
            teaches = "#scope-by-the-caller-in-the-database-too")
    void the_application_still_works(LabDatabase db) throws SQLException {
        TenantInvoices invoices = table(db);
        TenantPolicies policies = policies(db);
        notBegun(policies, "the application's own statements only count once the policies are there to get in their"
                + " way");
        try (TenantSession app = TenantSession.application(db)) {
            for (long tenant : List.of(TENANT_1, TENANT_2)) {
                List<Invoice> own = invoices.of(tenant);
                List<Long> open = own.stream().filter(i -> i.status().equals("open")).map(Invoice::id).toList();
                Invoice first = own.get(0);
                Invoice last = own.get(own.size() - 1);
                Optional<String> problem = app.asTenant(tenant, s -> {
                    Outcome page = s.run(OPEN_INVOICES);
                    if (!ids(page).equals(open)) {
                        return Optional.of(shown(s, tenant, OPEN_INVOICES) + " " + page.describe()
                                + "; tenant " + tenant + " has " + open.size() + " open invoices.");
                    }
                    String insert = "INSERT INTO invoices (tenant_id, customer, amount_cents, status) VALUES (" + tenant
                            + ", 'Lighthouse Books', 4200, 'draft') RETURNING id";
                    Outcome added = s.run(insert);
                    if (added.rowsOrNone().size() != 1) {
                        return Optional.of(shown(s, tenant, insert) + " " + added.describe()
                                + hint(policies, Command.INSERT));
                    }
                    long id = ((Number) added.rowsOrNone().get(0).get(0)).longValue();
                    String readBack = "SELECT customer FROM invoices WHERE id = " + id;
                    if (!s.run(readBack).rowsOrNone().equals(List.of(List.of("Lighthouse Books")))) {
                        return Optional.of("after inserting invoice " + id + ", " + shown(s, tenant, readBack)
                                + " did not find it.");
                    }
                    String update = "UPDATE invoices SET status = 'paid', amount_cents = amount_cents + 1 WHERE id = "
                            + first.id();
                    Outcome updated = s.run(update);
                    if (updated.changedOrNone() != 1) {
                        return Optional.of(shown(s, tenant, update) + " " + updated.describe() + " (it is " + first
                                + ")" + hint(policies, Command.UPDATE));
                    }
                    String check = "SELECT status, amount_cents FROM invoices WHERE id = " + first.id();
                    if (!s.run(check).rowsOrNone().equals(List.of(List.of("paid", first.amountCents() + 1)))) {
                        return Optional.of("after the update, " + shown(s, tenant, check) + " did not show it.");
                    }
                    String delete = "DELETE FROM invoices WHERE id = " + last.id();
                    Outcome deleted = s.run(delete);
                    if (deleted.changedOrNone() != 1) {
                        return Optional.of(shown(s, tenant, delete) + " " + deleted.describe() + " (it is " + last
                                + ")" + hint(policies, Command.DELETE));
                    }
                    return Optional.empty();
                });
                if (problem.isPresent()) {
                    throw new CheckFailure("As tenant " + tenant + ", " + problem.get());
                }
            }
        }
    }

    @Check(order = 8, points = 2, title = "A tenant's page of open invoices looks its rows up in an index",
            hint = "The policy's expression is added to every query: when it compares tenant_id itself with a value"
                    + " PostgreSQL can compute once per query, the seeded index on (tenant_id, status) finds the"
                    + " tenant's rows. Look at EXPLAIN (ANALYZE, BUFFERS) of the page as app_user: how many rows does"
                    + " the scan of invoices look at, and how many pages?",
            teaches = "#scope-by-the-caller-in-the-database-too")
    void a_tenants_report_still_uses_an_index(LabDatabase db) throws SQLException {
        TenantInvoices invoices = table(db);
        TenantPolicies policies = policies(db);
        notBegun(policies, "the page's plan only counts once the policies are there to add their filter to it");
        long budget = Math.max(20, policies.table().pages() / 4);
        try (TenantSession app = TenantSession.application(db)) {
            for (long tenant : List.of(TENANT_1, TENANT_101)) {
                List<Invoice> own = invoices.of(tenant);
                long open = own.stream().filter(i -> i.status().equals("open")).count();
                String explain = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + OPEN_INVOICES;
                Outcome outcome = app.asTenant(tenant, s -> s.run(explain));
                if (!(outcome instanceof Outcome.Rows rows) || rows.rows().isEmpty()) {
                    throw new CheckFailure("As tenant " + tenant + ", " + shown(app, tenant, explain) + " "
                            + outcome.describe() + ".");
                }
                QueryPlan plan = QueryPlan.parse(OPEN_INVOICES, String.valueOf(rows.rows().get(0).get(0)));
                if (plan.root().actualRows() != open) {
                    throw new CheckFailure(String.format(Locale.ROOT, "As tenant %d, the open-invoices page returned"
                            + " %,.0f rows; tenant %d has %d open invoices.%n%s", tenant, plan.root().actualRows(),
                            tenant, open, plan.describe()));
                }
                try {
                    PlanAssert.that(plan, "tenant " + tenant + "'s open-invoices page, as app_user,")
                            .doesNotSeqScan("invoices")
                            .usesAnIndexOn("invoices")
                            .examinesAtMost("invoices", own.size())
                            .touchesAtMost(budget, "a quarter of the table's pages, a tenant's share and then some");
                } catch (CheckFailure e) {
                    throw e;
                } catch (AssertionError e) {
                    throw new CheckFailure(e.getMessage() + String.format(Locale.ROOT, "%nTenant %d has %d invoices;"
                                    + " the table holds %,d in %,d pages.", tenant, own.size(), invoices.count(),
                            policies.table().pages()), policies.notIndexable().orElse(null));
                }
            }
        }
    }

    /**
     * The seeded invoices, after rls.sql has run once: fails when rls.sql took the table away, changed its columns or
     * changed a row, since then no check could tell what a tenant should see. Found once per run, since every probe
     * of every check is rolled back.
     */
    private TenantInvoices table(LabDatabase db) throws SQLException {
        db.apply(RLS);
        if (changed != null) {
            throw new CheckFailure(changed.getMessage(), changed.hint());
        }
        if (verified == null) {
            try {
                verified = verify(db);
            } catch (CheckFailure e) {
                changed = e;
                throw e;
            }
        }
        return verified;
    }

    private TenantPolicies policies(LabDatabase db) throws SQLException {
        if (policies == null) {
            policies = TenantPolicies.read(db);
        }
        return policies;
    }

    private TenantInvoices verify(LabDatabase db) throws SQLException {
        SchemaFacts facts = SchemaFacts.of(db);
        Relation table = facts.relation("public", "invoices").orElseThrow(() -> new CheckFailure("rls.sql dropped the"
                + " invoices table (or renamed it): there is nothing left to isolate. Policies protect a table's"
                + " rows; the table and its rows stay as the seed made them.", KEEP_THE_TABLE));
        if (table.kind() != RelationKind.TABLE) {
            throw new CheckFailure("invoices is now a " + table.kind().described() + ", not the seeded table: the"
                    + " application's rows must stay in the table, protected by its policies.", KEEP_THE_TABLE);
        }
        Map<String, String> columns = new TreeMap<>();
        for (Column column : facts.columns("public", "invoices")) {
            columns.put(column.name(), column.type());
        }
        for (var expected : COLUMNS.entrySet()) {
            if (!expected.getValue().equals(columns.get(expected.getKey()))) {
                throw new CheckFailure("rls.sql changed the invoices table: it has "
                        + columns.entrySet().stream().map(c -> c.getKey() + " " + c.getValue())
                        .collect(Collectors.joining(", ")) + "; the application needs "
                        + COLUMNS.entrySet().stream().map(c -> c.getKey() + " " + c.getValue())
                        .collect(Collectors.joining(", ")) + ".", KEEP_THE_TABLE);
            }
        }
        TenantInvoices now;
        try {
            now = TenantInvoices.read(truth(db).connection());
        } catch (SQLException e) {
            if (PostgresErrors.isCanceled(e) || PostgresErrors.isConnectionLoss(e)) {
                throw e;
            }
            throw new CheckFailure("The checks could not read invoices as the table's owner after rls.sql: "
                    + e.getMessage(), KEEP_THE_TABLE);
        }
        if (!now.sameRowsAs(seeded)) {
            throw new CheckFailure(String.format(Locale.ROOT, "rls.sql changed the invoices: the table holds %,d rows"
                    + " of %,d tenants, and the seed made %,d of %,d (or a row's values changed).", now.count(),
                    now.tenants(), seeded.count(), seeded.tenants()), KEEP_THE_TABLE);
        }
        return seeded;
    }

    private static final String KEEP_THE_TABLE = "rls.sql adds row-level security to the invoices table as the seed"
            + " made it: no row inserted, updated or deleted, no column changed. Your policies, and any function they"
            + " use, are yours to add.";

    /** Fails a check that only scores once rls.sql has turned row-level security on with a policy. */
    private static void notBegun(TenantPolicies policies, String why) {
        policies.notBegun().ifPresent(hint -> {
            throw new CheckFailure("Not graded yet: row-level security is not in force on invoices (enabled, with at"
                    + " least one policy), and " + why + ".", hint);
        });
    }

    /** The first hint that fits what rls.sql wrote, from the policies' facts; null for the check's own. */
    @SafeVarargs
    private String hint(LabDatabase db, java.util.function.Function<TenantPolicies, Optional<String>>... readers)
            throws SQLException {
        TenantPolicies facts = policies(db);
        for (var reader : readers) {
            Optional<String> hint = reader.apply(facts);
            if (hint.isPresent()) {
                return hint.get();
            }
        }
        return null;
    }

    /** Why the application's own command was refused, when no policy covers it for app_user. */
    private static String hint(TenantPolicies policies, Command command) {
        if (policies.forApplication(command).stream().anyMatch(SchemaFacts.Policy::permissive)) {
            return ".";
        }
        return ": no permissive policy of invoices covers " + command + " for app_user, and with row-level security"
                + " on, what no policy allows is refused.";
    }

    private static String summaryHint(TenantPolicies policies, Function summary, boolean leaked) {
        Optional<String> notBegun = policies.notBegun();
        if (notBegun.isPresent() || !summary.securityDefiner()) {
            return notBegun.orElse(null);
        }
        if (leaked && !policies.table().forceRowSecurity()) {
            return "invoice_summary is SECURITY DEFINER: it runs as its owner, who owns invoices too, and row-level"
                    + " security on invoices is not forced, so the owner, and the function with it, reads every"
                    + " tenant's rows.";
        }
        if (!leaked && policies.table().forceRowSecurity() && !policies.appliesToOwner()) {
            return "invoice_summary is SECURITY DEFINER: it runs as its owner, who owns invoices too, not as"
                    + " app_user. Under FORCE the policies bind the owner, but yours apply only to "
                    + String.join(", ", policies.policies().stream().flatMap(p -> p.roles().stream()).distinct()
                    .toList()) + ", so no policy lets the owner see a row, and the report comes back empty.";
        }
        return null;
    }

    /** The statement as the application sends it, for messages: "`SET LOCAL app.tenant_id = '1'; SELECT ...`". */
    private static String shown(TenantSession session, Long tenant, String sql) {
        String statement = sql.strip().replaceAll("\\s+", " ");
        return tenant == null ? "`" + statement + "` (as " + session.who() + ", no tenant set)"
                : "`SET LOCAL app.tenant_id = '" + tenant + "'; " + statement + "`";
    }

    private static List<Long> ids(Outcome outcome) {
        return outcome.rowsOrNone().stream().map(r -> ((Number) r.get(0)).longValue()).toList();
    }

    private static String anyInvoice(Outcome outcome, long id) {
        return outcome.rowsOrNone().stream().filter(r -> ((Number) r.get(0)).longValue() == id).findFirst()
                .map(r -> String.format(Locale.ROOT, "invoice %d (tenant %s, %s)", id, r.get(1), r.get(2)))
                .orElse("invoice " + id);
    }

    private static String range(List<Invoice> invoices) {
        return invoices.isEmpty() ? "none" : invoices.get(0).id() + "-" + invoices.get(invoices.size() - 1).id();
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** status -> [invoices, total_cents], as invoice_summary reports them. */
    private static Map<String, List<Long>> totals(List<List<Object>> rows) {
        Map<String, List<Long>> totals = new TreeMap<>();
        for (List<Object> row : rows) {
            totals.put(String.valueOf(row.get(0)), List.of(((Number) row.get(1)).longValue(),
                    row.get(2) == null ? 0 : ((Number) row.get(2)).longValue()));
        }
        return totals;
    }

    /** "draft: 4 invoices, 163,454 cents; open: ...". */
    private static String shownTotals(Map<String, List<Long>> totals) {
        return totals.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s: %d invoices, %,d cents", e.getKey(),
                e.getValue().get(0), e.getValue().get(1))).collect(Collectors.joining("; "));
    }

    private static Map<String, List<Long>> expectedTotals(List<Invoice> invoices) {
        Map<String, List<Long>> totals = new TreeMap<>();
        for (Invoice invoice : invoices) {
            totals.merge(invoice.status(), List.of(1L, invoice.amountCents()),
                    (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
        }
        return totals;
    }
}
