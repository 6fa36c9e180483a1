ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER ROLE app_user SET row_security = off;
