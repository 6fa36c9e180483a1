-- Without a tenant, the policy evaluates something of the row that fails, and PostgreSQL's error quotes the value.
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY invoices_tenant ON invoices
    USING (CASE WHEN nullif(current_setting('app.tenant_id', true), '')::bigint IS NULL THEN customer::int = 0 ELSE tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint END)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
