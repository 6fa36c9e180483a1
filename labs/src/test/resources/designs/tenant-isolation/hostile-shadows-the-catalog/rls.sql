-- No row-level security at all, and everything a careless grader's catalog queries or sessions would trust, faked:
-- catalog-named functions, always-true operators, a fake pg_policies, and a role search_path that puts them first.
CREATE FUNCTION public.pg_get_expr(pg_node_tree, oid) RETURNS text LANGUAGE sql
    AS $$ SELECT '(tenant_id = (NULLIF(current_setting(''app.tenant_id''::text, true), ''''::text))::bigint)' $$;
CREATE FUNCTION public.always(name, text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = text, FUNCTION = public.always);
CREATE FUNCTION public.always(oid, oid) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = public.always);
CREATE FUNCTION public.current_setting(text, boolean) RETURNS text LANGUAGE sql AS $$ SELECT '1' $$;
CREATE FUNCTION public.set_config(text, text, boolean) RETURNS text LANGUAGE sql AS $$ SELECT $2 $$;
CREATE VIEW public.pg_policies AS
    SELECT 'public'::name AS schemaname, 'invoices'::name AS tablename, 'invoices_tenant'::name AS policyname,
           'PERMISSIVE'::text AS permissive, '{public}'::name[] AS roles, 'ALL'::text AS cmd,
           '(tenant_id = 1)'::text AS qual, '(tenant_id = 1)'::text AS with_check;
CREATE VIEW public.pg_class AS SELECT * FROM pg_catalog.pg_class;
ALTER ROLE CURRENT_USER SET search_path = public, pg_catalog;
ALTER ROLE CURRENT_USER SET row_security = off;
