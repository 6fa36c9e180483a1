package dev.roadlab.labs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The invoices as they truly are, whatever the policies let a session see: read by the table's owner in a transaction
 * that switches row-level security off for itself and is rolled back, so the switch never happens for anyone else.
 * Every function and operator is pg_catalog's, so nothing the learner defined takes part in the reading.
 *
 * @param count        how many invoices there are
 * @param fingerprint  a sum of hashes of every row's five columns: equal sums, the same rows
 * @param tenants      how many distinct tenants own them
 * @param byTenant     the invoices of the tenants the checks act as (1, 2, 3 and 101), by id
 * @param customers    every customer name in the table, to spot one in an error message
 */
record TenantInvoices(long count, long fingerprint, long tenants, Map<Long, List<Invoice>> byTenant,
                      Set<String> customers) {

    /** The tenants whose invoices are read in full: all ids up to tenant 101's last. */
    static final long LAST_TENANT_READ = 101;

    /**
     * One invoice.
     *
     * @param id           its id
     * @param tenant       the tenant it belongs to
     * @param customer     who it bills
     * @param amountCents  how much
     * @param status       draft, open, paid or void
     */
    record Invoice(long id, long tenant, String customer, long amountCents, String status) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "invoice %d (tenant %d, %s, %,d cents, %s)", id, tenant, customer,
                    amountCents, status);
        }
    }

    /**
     * Reads them on a connection of the table's owner (autocommit on, left so). Throws when public.invoices is not a
     * table of the owner with the five seeded columns.
     */
    static TenantInvoices read(Connection owner) throws SQLException {
        owner.setAutoCommit(false);
        try (Statement s = owner.createStatement()) {
            s.execute("ALTER TABLE public.invoices DISABLE ROW LEVEL SECURITY");
            long count;
            long fingerprint;
            long tenants;
            try (ResultSet rs = s.executeQuery("""
                    SELECT pg_catalog.count(*), COALESCE(pg_catalog.sum(pg_catalog.hashtext(pg_catalog.concat_ws('/',
                               id, tenant_id, customer, amount_cents, status))), 0),
                           pg_catalog.count(DISTINCT tenant_id)
                    FROM public.invoices""")) {
                rs.next();
                count = rs.getLong(1);
                fingerprint = rs.getLong(2);
                tenants = rs.getLong(3);
            }
            Map<Long, List<Invoice>> byTenant = new TreeMap<>();
            for (long tenant : List.of(1L, 2L, 3L, LAST_TENANT_READ)) {
                byTenant.put(tenant, new ArrayList<>());
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT id, tenant_id, customer, amount_cents, status FROM public.invoices
                    WHERE tenant_id OPERATOR(pg_catalog.<=) %d::pg_catalog.int8
                    ORDER BY id""".formatted(LAST_TENANT_READ))) {
                while (rs.next()) {
                    Invoice invoice = new Invoice(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5));
                    byTenant.computeIfAbsent(invoice.tenant(), t -> new ArrayList<>()).add(invoice);
                }
            }
            Set<String> customers = new LinkedHashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT customer FROM public.invoices ORDER BY 1")) {
                while (rs.next()) {
                    customers.add(rs.getString(1));
                }
            }
            byTenant.replaceAll((tenant, invoices) -> List.copyOf(invoices));
            return new TenantInvoices(count, fingerprint, tenants, Map.copyOf(byTenant), Set.copyOf(customers));
        } finally {
            owner.rollback();
            owner.setAutoCommit(true);
        }
    }

    /** The invoices of {@code tenant} (1, 2, 3 or 101), by id. */
    List<Invoice> of(long tenant) {
        List<Invoice> invoices = byTenant.get(tenant);
        if (invoices == null) {
            throw new IllegalArgumentException("tenant " + tenant + " is not read in full");
        }
        return invoices;
    }

    /** The invoice with this id among those read in full. */
    Invoice invoice(long id) {
        return byTenant.values().stream().flatMap(List::stream).filter(i -> i.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("invoice " + id + " is not read in full"));
    }

    /** Whether the table holds the same rows as {@code other}. */
    boolean sameRowsAs(TenantInvoices other) {
        return count == other.count && fingerprint == other.fingerprint;
    }
}
