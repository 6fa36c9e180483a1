-- Accounts of a host app's users (Roadlab mounted with an identity hook, issue 17): the host's own stable id for the
-- person. Null for Roadlab's own accounts; a unique constraint allows many nulls in H2 and PostgreSQL alike.
-- Such an account's password_hash is '!host-account', which is not a PHC string: no password matches it, so a host
-- user never signs in through Roadlab's pages, only through the host.
ALTER TABLE accounts ADD COLUMN external_id VARCHAR(200);
ALTER TABLE accounts ADD CONSTRAINT accounts_external_id_key UNIQUE (external_id);
