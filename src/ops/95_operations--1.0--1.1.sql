-- operations: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058).
ALTER FUNCTION pmkt.evaluation_source(text, text) SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.evaluation_cleanup() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.evaluation_record_model(text, date, timestamptz, text, text, text, text, jsonb, text, jsonb, boolean)
    SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, text, int, int, boolean)
    SET search_path = pg_catalog, pg_temp;
