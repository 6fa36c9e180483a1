-- The reference policy, plus owner-role defaults meant to change the checks' owner sessions: they state their own.
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY invoices_tenant ON invoices USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER ROLE CURRENT_USER SET row_security = off;
ALTER ROLE CURRENT_USER SET search_path = public, pg_catalog;
