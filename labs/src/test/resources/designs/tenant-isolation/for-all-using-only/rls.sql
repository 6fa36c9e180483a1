-- USING alone: for an ALL policy PostgreSQL checks new rows against USING too, so writes stay in the tenant.
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY invoices_tenant ON invoices USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
