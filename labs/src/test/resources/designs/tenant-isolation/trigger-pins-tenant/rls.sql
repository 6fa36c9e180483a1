-- Reads are scoped by the policy; writes cannot leave the tenant, since a trigger gives every written row the
-- tenant of the transaction, whatever the statement said.
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY invoices_tenant ON invoices USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint) WITH CHECK (true);
CREATE FUNCTION invoices_pin_tenant() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog
AS $$
BEGIN
    NEW.tenant_id := nullif(current_setting('app.tenant_id', true), '')::bigint;
    RETURN NEW;
END;
$$;
CREATE TRIGGER invoices_pin_tenant BEFORE INSERT OR UPDATE OF tenant_id ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoices_pin_tenant();
