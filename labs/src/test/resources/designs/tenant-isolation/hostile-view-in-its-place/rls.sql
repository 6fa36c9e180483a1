-- The table renamed, and a filtering view under its name: the application's queries would be scoped, but the rows
-- are no longer protected by the table itself.
ALTER TABLE invoices RENAME TO invoices_data;
CREATE VIEW invoices WITH (security_barrier) AS
    SELECT * FROM invoices_data WHERE tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint;
GRANT SELECT, INSERT, UPDATE, DELETE ON invoices TO app_user;
