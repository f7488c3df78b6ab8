-- base: 1.0 -> 1.1

-- The extension's schema must still be its installer's (the 1.1 install
-- script refuses a schema pmkt owned by another role; see src/00_base.sql).
-- On update the owner may be the role running the update or the extension's
-- owner; any other owner means 1.0 was installed into a schema someone else
-- made, whose owner controls every object in it.  Search_path safe: the
-- script runs with search_path = pmkt, so every name below is qualified.
DO $pmkt_schema_owner$
DECLARE
    owner_name pg_catalog.text;
    ext_owner  pg_catalog.text;
BEGIN
    SELECT pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text,
           pg_catalog.pg_get_userbyid(e.extowner)::pg_catalog.text
      INTO owner_name, ext_owner
    FROM pg_catalog.pg_namespace n, pg_catalog.pg_extension e
    WHERE n.nspname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name
      AND e.extname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name;
    IF owner_name OPERATOR(pg_catalog.<>) CURRENT_USER::pg_catalog.text
       AND owner_name OPERATOR(pg_catalog.<>) ext_owner THEN
        RAISE EXCEPTION 'schema pmkt is owned by another role'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Schema pmkt is owned by role %s; the extension is owned by role %s and updated by role %s.',
                                             pg_catalog.quote_ident(owner_name),
                                             pg_catalog.quote_ident(ext_owner),
                                             pg_catalog.quote_ident(CURRENT_USER::pg_catalog.text)),
                  HINT = 'The owner of schema pmkt controls every object in it. Check the schema''s contents, then ALTER SCHEMA pmkt OWNER TO the extension''s owner and update again.';
    END IF;
END
$pmkt_schema_owner$;
