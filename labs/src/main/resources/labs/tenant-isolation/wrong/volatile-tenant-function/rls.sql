ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;

-- One place that knows how the application names its tenant.
CREATE FUNCTION current_tenant() RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog
AS $$
BEGIN
    RETURN nullif(current_setting('app.tenant_id', true), '')::bigint;
END;
$$;

CREATE POLICY invoices_tenant ON invoices
    USING (tenant_id = current_tenant())
    WITH CHECK (tenant_id = current_tenant());
