-- checks/install_schema: the extension's schema must be its installer's
-- (issue 17 item 3).  pmkt.control says schema = pmkt: CREATE EXTENSION
-- creates the schema when it is missing and uses it when it exists.  A role
-- with CREATE on the database that makes schema pmkt first owns every
-- object the superuser then installs there, and its own overloads (the
-- issue's pmkt.cac(int, int)) sit next to them.  The 1.1 script refuses
-- such a schema with 42501; the 1.0 -> 1.1 update refuses a schema owned by
-- neither the extension's owner nor the updating role.  The check itself is
-- search_path safe: the squatter's look-alikes of what it could call, in
-- schema pmkt (the script's search_path), are not reached (they would print
-- a WARNING, which a rolled-back transaction cannot hide).
-- In a database of its own; the regression database's pmkt is untouched.
SELECT current_database() AS regress_db \gset
CREATE DATABASE pmkt_schema;
\c pmkt_schema
SET client_min_messages = warning;
\set SHOW_CONTEXT never
CREATE ROLE regress_pmkt_squatter NOLOGIN;
GRANT CREATE ON DATABASE pmkt_schema TO regress_pmkt_squatter;
-- the installer: a superuser whose name the messages can show
CREATE ROLE regress_pmkt_installer NOLOGIN SUPERUSER;

-- the squatter makes schema pmkt, with an overload of pmkt.cac and
-- look-alikes of what the check could call unqualified
SET ROLE regress_pmkt_squatter;
CREATE SCHEMA pmkt;
CREATE FUNCTION pmkt.cac(spend int, new_customers int) RETURNS float8
LANGUAGE plpgsql AS $$ BEGIN RAISE WARNING 'squatter''s pmkt.cac(int, int) ran as %', current_user; RETURN 0; END $$;
CREATE FUNCTION pmkt.format(text, text, text) RETURNS text
LANGUAGE plpgsql AS $$ BEGIN RAISE WARNING 'squatter''s format(text, text, text) ran as %', current_user; RETURN $1; END $$;
CREATE FUNCTION pmkt.quote_ident(text) RETURNS text
LANGUAGE plpgsql AS $$ BEGIN RAISE WARNING 'squatter''s quote_ident(text) ran as %', current_user; RETURN $1; END $$;
CREATE FUNCTION pmkt.pg_get_userbyid(oid) RETURNS name
LANGUAGE plpgsql AS $$ BEGIN RAISE WARNING 'squatter''s pg_get_userbyid(oid) ran as %', current_user; RETURN 'x'; END $$;
CREATE FUNCTION pmkt.name_eq_text(name, text) RETURNS boolean
LANGUAGE plpgsql AS $$ BEGIN RAISE WARNING 'squatter''s =(name, text) ran as %', current_user; RETURN false; END $$;
CREATE OPERATOR pmkt.= (leftarg = name, rightarg = text, function = pmkt.name_eq_text);
SET ROLE regress_pmkt_installer;

-- (1) a fresh install into it is refused
CREATE EXTENSION pmkt;
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT count(*) AS installed FROM pg_extension WHERE extname = 'pmkt';
SELECT p.oid::regprocedure AS left_alone FROM pg_proc p
WHERE p.pronamespace = 'pmkt'::regnamespace ORDER BY p.oid::regprocedure::text COLLATE "C";

-- (2) 1.0 (which has no check) installed there cannot be updated to 1.1
CREATE EXTENSION pmkt VERSION '1.0';
ALTER EXTENSION pmkt UPDATE TO '1.1';
\echo SQLSTATE :LAST_ERROR_SQLSTATE
SELECT extversion FROM pg_extension WHERE extname = 'pmkt';
-- ... until the schema is the extension owner's (the hint's way out)
ALTER SCHEMA pmkt OWNER TO CURRENT_USER;
ALTER EXTENSION pmkt UPDATE TO '1.1';
SELECT extversion FROM pg_extension WHERE extname = 'pmkt';
DROP EXTENSION pmkt;
DROP SCHEMA pmkt CASCADE;

-- (3) a schema pmkt of the installing role's own is accepted
CREATE SCHEMA pmkt;
CREATE EXTENSION pmkt;
SELECT extversion FROM pg_extension WHERE extname = 'pmkt';
DROP EXTENSION pmkt;
DROP SCHEMA pmkt;

-- (4) no schema pmkt: CREATE EXTENSION makes it, owned by the installer
CREATE EXTENSION pmkt;
SELECT n.nspowner = (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user) AS owned_by_installer
FROM pg_namespace n WHERE n.nspname = 'pmkt';
SELECT pmkt.cac(100, 4::bigint) AS cac;

\c :regress_db
DROP DATABASE pmkt_schema;
DROP ROLE regress_pmkt_squatter;
DROP ROLE regress_pmkt_installer;
