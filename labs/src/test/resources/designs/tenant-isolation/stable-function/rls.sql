ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
-- STABLE: one value per statement, so the planner can look it up in the index. Its own search_path: callers cannot
-- change what current_setting means in it.
CREATE FUNCTION app_current_tenant() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog
AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::bigint $$;
CREATE POLICY invoices_tenant ON invoices
    USING (tenant_id = app_current_tenant())
    WITH CHECK (tenant_id = app_current_tenant());
