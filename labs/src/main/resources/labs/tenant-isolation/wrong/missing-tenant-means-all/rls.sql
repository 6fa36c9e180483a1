ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;

-- "No tenant set" is the back office, which must see everything.
CREATE POLICY invoices_tenant ON invoices
    USING (tenant_id = coalesce(nullif(current_setting('app.tenant_id', true), '')::bigint, tenant_id))
    WITH CHECK (tenant_id = coalesce(nullif(current_setting('app.tenant_id', true), '')::bigint, tenant_id));
