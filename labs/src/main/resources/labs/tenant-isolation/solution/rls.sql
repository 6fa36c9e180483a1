-- Row-level security for invoices: each tenant reaches and writes only its own rows.
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
-- Policies bind the table's owner too, and so every SECURITY DEFINER function the owner owns (invoice_summary).
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;

-- app.tenant_id is missing in a session that never set it (current_setting(..., true) is NULL) and '' in one that
-- set it in an earlier transaction: both mean no tenant, and tenant_id = NULL matches no row. The right-hand side is
-- STABLE, so PostgreSQL evaluates it once and looks the tenant up in invoices_tenant_status_idx.
CREATE POLICY invoices_tenant ON invoices
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
