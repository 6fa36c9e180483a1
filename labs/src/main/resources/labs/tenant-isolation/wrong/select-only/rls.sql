ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;

-- Tenants must not read each other's invoices.
CREATE POLICY invoices_tenant ON invoices FOR SELECT
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
