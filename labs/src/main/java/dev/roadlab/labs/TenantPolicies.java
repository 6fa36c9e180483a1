package dev.roadlab.labs;

import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.grader.postgres.SchemaFacts;
import dev.roadlab.grader.postgres.SchemaFacts.Command;
import dev.roadlab.grader.postgres.SchemaFacts.Function;
import dev.roadlab.grader.postgres.SchemaFacts.Grant;
import dev.roadlab.grader.postgres.SchemaFacts.Policy;
import dev.roadlab.grader.postgres.SchemaFacts.Relation;
import dev.roadlab.grader.postgres.SchemaFacts.Volatility;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What rls.sql built on invoices, read from the catalogs with {@link SchemaFacts}: row security, the policies, who
 * may do what, the functions the policies call. Checks judge by what sessions see and do; this only finds the hint
 * that fits what the learner wrote ("your policy invoices_add checks new rows with true, ...").
 */
record TenantPolicies(Relation table, List<Policy> policies, List<Grant> grants, List<Function> functions) {

    private static final Pattern TENANT_COLUMN_CAST = Pattern.compile("\\(tenant_id\\)::");

    static TenantPolicies read(LabDatabase db) throws SQLException {
        SchemaFacts facts = SchemaFacts.of(db);
        Relation table = facts.relation("public", "invoices").orElseThrow(
                () -> new IllegalStateException("invoices is gone; the checks look for it first"));
        return new TenantPolicies(table, facts.policies("public", "invoices"), facts.grants("public", "invoices"),
                facts.functions("public"));
    }

    /** Whether row-level security is on for invoices and at least one policy exists: the lab's work begun. */
    boolean begun() {
        return table.rowSecurity() && !policies.isEmpty();
    }

    /** The policies that apply to app_user for {@code command}. */
    List<Policy> forApplication(Command command) {
        return policies.stream().filter(p -> p.command().covers(command) && p.appliesTo(TenantIsolationChecks.APP_ROLE))
                .toList();
    }

    /** A hint when row security is off or no policy exists; empty when the work is begun. */
    Optional<String> notBegun() {
        if (!table.rowSecurity() && !policies.isEmpty()) {
            return Optional.of("invoices has " + count(policies.size(), "policy", "policies") + " ("
                    + names(policies) + "), but row-level security is not enabled on the table, and PostgreSQL"
                    + " ignores a table's policies until it is.");
        }
        if (!table.rowSecurity()) {
            return Optional.of("Row-level security is not enabled on invoices, so every session sees and changes"
                    + " every row its grants allow: app_user's grants cover the whole table.");
        }
        if (policies.isEmpty()) {
            return Optional.of("Row-level security is on for invoices but it has no policy, so app_user is refused"
                    + " every row: with row-level security on, what no policy allows is denied.");
        }
        return Optional.empty();
    }

    /** A permissive policy for app_user that lets a command reach rows whatever their tenant. */
    Optional<String> openPolicy() {
        return policies.stream().filter(p -> p.permissive() && p.appliesTo(TenantIsolationChecks.APP_ROLE)
                        && p.using().map(u -> !u.contains("tenant_id")).orElse(false))
                .findFirst().map(p -> "Your policy " + p.name() + " (" + p.command() + ") lets app_user reach rows"
                        + " with USING " + p.using().orElseThrow() + ", which does not look at tenant_id. Permissive"
                        + " policies are OR-ed: one that matches every row opens the table, whatever the others say;"
                        + " a RESTRICTIVE policy is AND-ed with them.");
    }

    /** A policy that falls back to every tenant when the setting is missing. */
    Optional<String> fallsBackToAll() {
        return policies.stream().filter(p -> p.using().map(TenantPolicies::fallsBack).orElse(false)).findFirst()
                .map(p -> "Your policy " + p.name() + " says USING " + p.using().orElseThrow() + ": when"
                        + " app.tenant_id is missing or '' the COALESCE gives tenant_id itself, and tenant_id ="
                        + " tenant_id holds for every row. A transaction that forgot to say its tenant is a bug, and"
                        + " must see nothing: NULL compared with tenant_id matches no row.");
    }

    private static boolean fallsBack(String expression) {
        String e = expression.toLowerCase(Locale.ROOT);
        return e.contains("coalesce(") && e.indexOf("tenant_id", e.indexOf("coalesce(")) >= 0
                || e.contains(" or ");
    }

    /** A write policy whose check lets any new row in. */
    Optional<String> uncheckedWrites() {
        return policies.stream().filter(p -> p.writes() && p.appliesTo(TenantIsolationChecks.APP_ROLE)
                        && p.permissive() && p.newRowCheck().map(c -> !c.contains("tenant_id")).orElse(false))
                .findFirst().map(p -> "Your policy " + p.name() + " (" + p.command() + ") checks the rows it lets"
                        + " app_user write with " + p.newRowCheck().orElseThrow() + ", which does not look at"
                        + " tenant_id: USING decides which existing rows a command may reach, WITH CHECK decides"
                        + " which rows it may write, and this one lets any row through.");
    }

    /** app_user granted TRUNCATE, which row-level security does not apply to. */
    Optional<String> truncateGranted() {
        return grants.stream().filter(g -> g.privilege().equals("TRUNCATE")
                        && (g.grantee().equals(TenantIsolationChecks.APP_ROLE) || g.grantee().equals("PUBLIC")))
                .findFirst().map(g -> (g.grantee().equals("PUBLIC") ? "Every role" : "app_user") + " may TRUNCATE"
                        + " invoices. TRUNCATE empties the table without looking at a single row, so no policy"
                        + " applies to it: the application needs SELECT, INSERT, UPDATE and DELETE, and no more.");
    }

    /** Row security enabled but not forced. */
    Optional<String> notForced() {
        if (table.rowSecurity() && !table.forceRowSecurity()) {
            return Optional.of("Row-level security on invoices is enabled but not forced, and PostgreSQL exempts a"
                    + " table's owner from its policies unless they are forced on it. The owner is the role that"
                    + " runs migrations, and every SECURITY DEFINER function it owns.");
        }
        return Optional.empty();
    }

    /** Whether any policy applies to the table's owner. */
    boolean appliesToOwner() {
        return policies.stream().anyMatch(p -> p.appliesTo(table.owner()));
    }

    /** The seed's reporting function, if it is still there. */
    Optional<Function> summary() {
        return functions.stream().filter(f -> f.name().equals("invoice_summary")
                && f.identityArguments().replaceAll("^\\w+ ", "").equals("bigint")).findFirst();
    }

    /** SECURITY DEFINER functions app_user may call that run with whatever search_path the caller has. */
    List<Function> unpinnedDefiners() {
        return functions.stream().filter(f -> f.securityDefiner() && !f.pinsSearchPath()
                && f.executableBy(TenantIsolationChecks.APP_ROLE)).toList();
    }

    /** Why the tenant's report cannot look the tenant up in an index, read from the policies' expressions. */
    Optional<String> notIndexable() {
        for (Policy p : forApplication(Command.SELECT)) {
            String using = p.using().orElse("");
            if (TENANT_COLUMN_CAST.matcher(using).find()) {
                return Optional.of("Your policy " + p.name() + " casts the column: USING " + using + ". An index on"
                        + " tenant_id holds tenant_id values, not their text, so PostgreSQL computes the cast for"
                        + " every row and compares it. Which side of the comparison can change its type without"
                        + " hiding the column from the index?");
            }
            if (fallsBack(using)) {
                return Optional.of("Your policy " + p.name() + " says USING " + using + ": tenant_id is compared"
                        + " with an expression of tenant_id itself, which no index can look up.");
            }
            for (Function f : functions) {
                if (f.volatility() == Volatility.VOLATILE && using.contains(f.name() + "(")) {
                    return Optional.of("Your policy " + p.name() + " calls " + f.name() + "(), which is VOLATILE"
                            + " (the default for a function that does not say otherwise): PostgreSQL must assume it"
                            + " may return a different tenant for each row, so it calls it for every row instead of"
                            + " looking its value up once in the index.");
                }
            }
        }
        return Optional.empty();
    }

    private static String names(List<Policy> policies) {
        return String.join(", ", policies.stream().map(Policy::name).toList());
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
