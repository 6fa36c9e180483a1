-- A permissive policy opens the table, a restrictive one (AND-ed with every permissive one) keeps it to the tenant.
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY invoices_open ON invoices AS PERMISSIVE USING (true) WITH CHECK (true);
CREATE POLICY invoices_tenant ON invoices AS RESTRICTIVE
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
