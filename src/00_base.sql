-- base: build information, the memory budget, shared checks.

\echo Use "CREATE EXTENSION pmkt" to load this file. \quit

-- ---------------------------------------------------------------------------
-- base: the extension's schema must be the installing role's
-- ---------------------------------------------------------------------------
-- With schema = pmkt in pmkt.control, CREATE EXTENSION creates the schema
-- when it is missing and uses it as it is when it exists.  A schema pmkt
-- made beforehand by another role is refused: as its owner, that role could
-- drop, replace or shadow pmkt's objects and have them run by whoever calls
-- them (the superuser who installed pmkt, a pg_cron job).  Search_path safe:
-- the script runs with search_path = pmkt, so every name below is qualified.
DO $pmkt_schema_owner$
DECLARE
    owner_name pg_catalog.text;
BEGIN
    SELECT pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text INTO owner_name
    FROM pg_catalog.pg_namespace n
    WHERE n.nspname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name
      AND n.nspowner OPERATOR(pg_catalog.<>)
          (SELECT r.oid FROM pg_catalog.pg_roles r
           WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER);
    IF owner_name IS NOT NULL THEN
        RAISE EXCEPTION 'schema pmkt exists and is owned by another role'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Schema pmkt is owned by role %s; CREATE EXTENSION pmkt runs as role %s.',
                                             pg_catalog.quote_ident(owner_name),
                                             pg_catalog.quote_ident(CURRENT_USER::pg_catalog.text)),
                  HINT = 'The owner of schema pmkt controls every object in it. Check its contents, drop it or rename it (ALTER SCHEMA pmkt RENAME TO ...), then run CREATE EXTENSION pmkt again and let it create the schema.';
    END IF;
END
$pmkt_schema_owner$;

-- ---------------------------------------------------------------------------
-- base: build information
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.version() RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.version() IS
'pmkt build version and the BLAS/LAPACK it is linked with';
