-- checks/hijack: privilege escalation by search_path (CVE-2018-1058 class,
-- issue 17 item 2).  A role without privileges but with CREATE on a schema
-- in the superuser's search_path plants hostile look-alikes of every
-- built-in pmkt's SQL uses: functions, aggregates, operators and (for a
-- path that puts the schema before pg_catalog) types.  Each one records
-- that it ran and tries to make its owner superuser.  Then the superuser
-- runs everything in pmkt that runs SQL: CALL pmkt.run_evaluation on demo
-- data, generate_demo, the trainers (in memory and one pass per iteration),
-- rfm, rfm_query, rfm_strategy, the strategy trigger, channel and AISAS
-- scans, dbscan, nn_evaluate and the registry functions.  Expected: no
-- hostile object is reached and the role stays without superuser.
--
-- The built-ins were found by grepping the SQL parts (src/**/NN_*.sql
-- routine bodies, the query texts they pass on) and the SPI texts of the C
-- code (src/**/*.c: SPI_execute*, SPI_prepare*, SPI_cursor_open*, psprintf /
-- appendStringInfo of SQL).  coalesce, nullif, greatest, least and CASE are
-- syntax, not functions: they cannot be overloaded.
--
-- Two rounds: (1) search_path = hijack, public: pg_catalog is searched
-- first, so a hostile function wins only by matching the arguments better
-- (format(text, text) against format(text, VARIADIC "any"), +(int, float8)
-- where pg_catalog has no such operator, ...), the attack of the issue;
-- (2) search_path = hijack, pg_catalog, public: every look-alike with the
-- same signature, and every type name, resolves to the hostile schema.
-- pmkt's own SQL runs under search_path = pg_catalog, pg_temp (SQL routines
-- by their SET clause, C through util/searchpath) or is schema-qualified
-- (the C wrappers around a caller's query), so neither round reaches it.
-- The caller's own query texts below are written to use no overloadable
-- name: they are the caller's SQL and run under the caller's search_path.
-- Against the code before the fix (main at 54822d5) this test fails: round
-- 1 reaches 19 look-alikes (format with text, regclass, date and timestamptz
-- arguments, date_trunc(text, date), array_to_string, jsonb_build_object,
-- cardinality, unnest, array_agg, count(bigint), +(int, float8),
-- -(int, float8), ||(text[], text)) and the role becomes superuser; in round
-- 2 the hostile float8 type gets into run_evaluation's temporary table and
-- bpnn_train stops on it.
-- In its own database; the role is dropped at the end.
SELECT current_database() AS regress_db \gset
CREATE DATABASE pmkt_hijack;
\c pmkt_hijack
SET client_min_messages = warning;
CREATE EXTENSION pmkt;
CREATE ROLE regress_pmkt_hijacker NOLOGIN NOSUPERUSER;
CREATE SCHEMA hijack AUTHORIZATION regress_pmkt_hijacker;

-- the caller's data, made before any hostile object exists
CREATE TABLE public.hj_points AS
SELECT i::bigint AS id,
       ARRAY[(i % 17) / 17.0, ((i * 7) % 13) / 13.0, ((i * 11) % 19) / 19.0]::float8[] AS x,
       (i % 5) AS y,
       ((i * 7919) % 101) < 30 + 2 * (i % 17) AS b
FROM generate_series(1, 4000) i;

-- ---------------------------------------------------------------------------
-- the hostile role's objects
-- ---------------------------------------------------------------------------
SET ROLE regress_pmkt_hijacker;
CREATE TABLE hijack.reached (what text PRIMARY KEY, run_by name NOT NULL);
GRANT INSERT, SELECT ON hijack.reached TO PUBLIC;
GRANT USAGE ON SCHEMA hijack TO PUBLIC;

-- what every hostile object does: note it, and escalate if run by a superuser
CREATE FUNCTION hijack.hit(what text) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM hijack.reached r WHERE r.what = hit.what) THEN
        INSERT INTO hijack.reached VALUES (what, current_user);
        BEGIN
            EXECUTE 'ALTER ROLE regress_pmkt_hijacker SUPERUSER';
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;
        END;
    END IF;
    RETURN true;
END $$;

DO $plant$
DECLARE
    f text[];
    n int := 0;
BEGIN
    -- functions: name, arguments, result, the pg_catalog expression it mimics
    FOREACH f SLICE 1 IN ARRAY ARRAY[
        ['format', 'text', 'text', 'pg_catalog.format($1)'],
        ['format', 'text, text', 'text', 'pg_catalog.format($1, $2)'],
        ['format', 'text, text, text', 'text', 'pg_catalog.format($1, $2, $3)'],
        ['format', 'text, text, text, text', 'text', 'pg_catalog.format($1, $2, $3, $4)'],
        ['format', 'text, integer', 'text', 'pg_catalog.format($1, $2)'],
        ['format', 'text, bigint', 'text', 'pg_catalog.format($1, $2)'],
        ['format', 'text, bigint, integer', 'text', 'pg_catalog.format($1, $2, $3)'],
        ['format', 'text, text, integer', 'text', 'pg_catalog.format($1, $2, $3)'],
        ['format', 'text, text, date', 'text', 'pg_catalog.format($1, $2, $3)'],
        ['format', 'text, regclass', 'text', 'pg_catalog.format($1, $2)'],
        ['format', 'text, regclass, date', 'text', 'pg_catalog.format($1, $2, $3)'],
        ['format', 'text, regclass, date, date', 'text', 'pg_catalog.format($1, $2, $3, $4)'],
        ['format', 'text, regclass, timestamptz', 'text', 'pg_catalog.format($1, $2, $3)'],
        ['date_trunc', 'text, date', 'timestamptz', 'pg_catalog.date_trunc($1, $2::pg_catalog.timestamptz)'],
        ['date_trunc', 'text, timestamptz', 'timestamptz', 'pg_catalog.date_trunc($1, $2)'],
        ['date_trunc', 'text, timestamp', 'timestamp', 'pg_catalog.date_trunc($1, $2)'],
        ['date_part', 'text, date', 'float8', 'pg_catalog.date_part($1, $2::pg_catalog.timestamp)'],
        ['timezone', 'text, timestamp', 'timestamptz', 'pg_catalog.timezone($1, $2)'],
        ['date_part', 'text, timestamptz', 'float8', 'pg_catalog.date_part($1, $2)'],
        ['extract', 'text, interval', 'numeric', 'pg_catalog.extract($1, $2)'],
        ['array_to_string', 'text[], text', 'text', 'pg_catalog.array_to_string($1, $2)'],
        ['cardinality', 'float8[]', 'integer', 'pg_catalog.cardinality($1)'],
        ['cardinality', 'integer[]', 'integer', 'pg_catalog.cardinality($1)'],
        ['jsonb_build_object', 'text, numeric', 'jsonb', 'pg_catalog.jsonb_build_object($1, $2)'],
        ['jsonb_build_object', 'text, text, text, date', 'jsonb', 'pg_catalog.jsonb_build_object($1, $2, $3, $4)'],
        ['jsonb_build_object', 'text, integer, text, bigint, text, float8, text, float8, text, integer, '
                               'text, text, text, integer, text, integer, text, boolean, text, timestamptz', 'jsonb',
         'pg_catalog.jsonb_build_object($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)'],
        ['jsonb_typeof', 'jsonb', 'text', 'pg_catalog.jsonb_typeof($1)'],
        ['ln', 'float8', 'float8', 'pg_catalog.ln($1)'],
        ['ln', 'numeric', 'numeric', 'pg_catalog.ln($1)'],
        ['round', 'numeric, integer', 'numeric', 'pg_catalog.round($1, $2)'],
        ['clock_timestamp', '', 'timestamptz', 'pg_catalog.clock_timestamp()'],
        ['now', '', 'timestamptz', 'pg_catalog.now()'],
        ['make_interval', 'months integer', 'interval', 'pg_catalog.make_interval(months => $1)'],
        ['btrim', 'text', 'text', 'pg_catalog.btrim($1)'],
        ['length', 'text', 'integer', 'pg_catalog.length($1)'],
        ['quote_literal', 'text', 'text', 'pg_catalog.quote_literal($1)'],
        ['quote_ident', 'text', 'text', 'pg_catalog.quote_ident($1)'],
        ['to_regclass', 'text', 'regclass', 'pg_catalog.to_regclass($1)'],
        ['to_regtype', 'text', 'regtype', 'pg_catalog.to_regtype($1)'],
        ['to_regnamespace', 'text', 'regnamespace', 'pg_catalog.to_regnamespace($1)'],
        ['format_type', 'oid, integer', 'text', 'pg_catalog.format_type($1, $2)'],
        ['hashtext', 'text', 'integer', 'pg_catalog.hashtext($1)'],
        ['pg_advisory_xact_lock', 'integer, integer', 'void', 'pg_catalog.pg_advisory_xact_lock($1, $2)'],
        ['pg_extension_config_dump', 'regclass, text', 'void', 'pg_catalog.pg_extension_config_dump($1, $2)']]
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION hijack.%I(%s) RETURNS %s LANGUAGE plpgsql '
            'SET search_path = pg_catalog, pg_temp AS $b$ BEGIN PERFORM hijack.hit(%L); '
            'RETURN %s; END $b$', f[1], f[2], f[3], pg_catalog.format('%s(%s)', f[1], f[2]),
            CASE WHEN f[3] = 'void' THEN '' ELSE f[4] END);
        n := n + 1;
    END LOOP;
    -- set-returning ones
    EXECUTE 'CREATE FUNCTION hijack.unnest(float8[]) RETURNS SETOF float8 LANGUAGE plpgsql '
            'SET search_path = pg_catalog, pg_temp AS $b$ BEGIN PERFORM hijack.hit(''unnest(float8[])''); '
            'RETURN QUERY SELECT pg_catalog.unnest($1); END $b$';
    EXECUTE 'CREATE FUNCTION hijack.unnest(integer[]) RETURNS SETOF integer LANGUAGE plpgsql '
            'SET search_path = pg_catalog, pg_temp AS $b$ BEGIN PERFORM hijack.hit(''unnest(integer[])''); '
            'RETURN QUERY SELECT pg_catalog.unnest($1); END $b$';
    EXECUTE 'CREATE FUNCTION hijack.jsonb_each(jsonb, OUT key text, OUT value jsonb) RETURNS SETOF record '
            'LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $b$ BEGIN '
            'PERFORM hijack.hit(''jsonb_each(jsonb)''); RETURN QUERY SELECT * FROM pg_catalog.jsonb_each($1); END $b$';
    n := n + 3;

    -- aggregates: name, argument, state type, transition expression ($1 state, $2 value)
    FOREACH f SLICE 1 IN ARRAY ARRAY[
        ['count', '*', 'bigint', '$1 OPERATOR(pg_catalog.+) 1', '0'],
        ['count', 'bigint', 'bigint', '$1 OPERATOR(pg_catalog.+) 1', '0'],
        ['count', 'integer', 'bigint', '$1 OPERATOR(pg_catalog.+) 1', '0'],
        ['count', 'text', 'bigint', '$1 OPERATOR(pg_catalog.+) 1', '0'],
        ['sum', 'float8', 'float8', 'COALESCE($1 OPERATOR(pg_catalog.+) $2, $2)', NULL],
        ['sum', 'bigint', 'numeric', 'COALESCE($1 OPERATOR(pg_catalog.+) $2, $2)', NULL],
        ['sum', 'integer', 'bigint', 'COALESCE($1 OPERATOR(pg_catalog.+) $2, $2)', NULL],
        ['sum', 'numeric', 'numeric', 'COALESCE($1 OPERATOR(pg_catalog.+) $2, $2)', NULL],
        ['min', 'float8', 'float8', 'LEAST($1, $2)', NULL],
        ['min', 'bigint', 'bigint', 'LEAST($1, $2)', NULL],
        ['min', 'integer', 'integer', 'LEAST($1, $2)', NULL],
        ['min', 'date', 'date', 'LEAST($1, $2)', NULL],
        ['min', 'timestamptz', 'timestamptz', 'LEAST($1, $2)', NULL],
        ['max', 'float8', 'float8', 'GREATEST($1, $2)', NULL],
        ['max', 'bigint', 'bigint', 'GREATEST($1, $2)', NULL],
        ['max', 'integer', 'integer', 'GREATEST($1, $2)', NULL],
        ['max', 'date', 'date', 'GREATEST($1, $2)', NULL],
        ['max', 'timestamptz', 'timestamptz', 'GREATEST($1, $2)', NULL],
        ['avg', 'float8', 'float8', 'COALESCE(($1 OPERATOR(pg_catalog.+) $2) OPERATOR(pg_catalog./) 2, $2)', NULL],
        ['avg', 'bigint', 'numeric', 'COALESCE(($1 OPERATOR(pg_catalog.+) $2) OPERATOR(pg_catalog./) 2, $2)', NULL],
        ['avg', 'integer', 'numeric', 'COALESCE(($1 OPERATOR(pg_catalog.+) $2) OPERATOR(pg_catalog./) 2, $2)', NULL],
        ['array_agg', 'float8', 'float8[]', 'pg_catalog.array_append($1, $2)', '{}']]
    LOOP
        n := n + 1;
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION hijack.agg_sf_%s(%s%s) RETURNS %s LANGUAGE plpgsql '
            'SET search_path = pg_catalog, pg_temp AS $b$ BEGIN PERFORM hijack.hit(%L); '
            'RETURN %s; END $b$', n, f[3], CASE WHEN f[2] = '*' THEN '' ELSE ', ' || f[2] END,
            f[3], pg_catalog.format('%s(%s)', f[1], f[2]), f[4]);
        EXECUTE pg_catalog.format('CREATE AGGREGATE hijack.%I(%s) (sfunc = hijack.agg_sf_%s, stype = %s%s)',
            f[1], f[2], n, f[3], CASE WHEN f[5] IS NULL THEN '' ELSE pg_catalog.format(', initcond = %L', f[5]) END);
    END LOOP;

    -- operators: symbol, left, right, result
    FOREACH f SLICE 1 IN ARRAY ARRAY[
        ['=', 'text', 'text', 'boolean'], ['<>', 'text', 'text', 'boolean'],
        ['!~', 'text', 'text', 'boolean'], ['||', 'text', 'text', 'text'],
        ['||', 'text[]', 'text', 'text[]'], ['||', 'jsonb', 'jsonb', 'jsonb'],
        ['=', 'jsonb', 'jsonb', 'boolean'], ['->', 'jsonb', 'text', 'jsonb'],
        ['#>>', 'jsonb', 'text[]', 'text'],
        ['=', 'integer', 'integer', 'boolean'], ['=', 'bigint', 'bigint', 'boolean'],
        ['>', 'bigint', 'integer', 'boolean'], ['<', 'bigint', 'integer', 'boolean'],
        ['<', 'integer', 'integer', 'boolean'], ['%', 'integer', 'integer', 'integer'],
        ['=', 'date', 'date', 'boolean'], ['<=', 'date', 'date', 'boolean'],
        ['>', 'date', 'date', 'boolean'], ['<', 'date', 'date', 'boolean'],
        ['-', 'date', 'interval', 'timestamp'], ['+', 'date', 'interval', 'timestamp'],
        ['<', 'timestamptz', 'timestamptz', 'boolean'], ['<=', 'timestamptz', 'timestamptz', 'boolean'],
        ['-', 'timestamptz', 'timestamptz', 'interval'],
        ['+', 'integer', 'float8', 'float8'], ['-', 'integer', 'float8', 'float8'],
        ['+', 'float8', 'float8', 'float8'], ['-', 'float8', 'float8', 'float8'],
        ['*', 'float8', 'float8', 'float8'], ['/', 'float8', 'float8', 'float8'],
        ['*', 'integer', 'float8', 'float8'], ['/', 'float8', 'bigint', 'float8']]
    LOOP
        n := n + 1;
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION hijack.op_%s(%s, %s) RETURNS %s LANGUAGE plpgsql '
            'SET search_path = pg_catalog, pg_temp AS $b$ BEGIN PERFORM hijack.hit(%L); '
            'RETURN $1 OPERATOR(pg_catalog.%s) $2; END $b$', n, f[2], f[3], f[4],
            pg_catalog.format('operator %s(%s, %s)', f[1], f[2], f[3]), f[1]);
        EXECUTE pg_catalog.format('CREATE OPERATOR hijack.%s (leftarg = %s, rightarg = %s, function = hijack.op_%s)',
            f[1], f[2], f[3], n);
    END LOOP;

    -- types: a domain that notes every value cast to it (round 2 only: in
    -- round 1 pg_catalog's types come first)
    FOREACH f SLICE 1 IN ARRAY ARRAY[['float8'], ['int8'], ['int4'], ['numeric'], ['text'],
                                     ['date'], ['timestamptz'], ['jsonb'], ['regclass']]
    LOOP
        n := n + 1;
        EXECUTE pg_catalog.format('CREATE DOMAIN hijack.%I AS pg_catalog.%I CHECK (hijack.hit(%L))',
            f[1], f[1], 'type ' || f[1]);
    END LOOP;
    RAISE NOTICE '% hostile objects', n;
END
$plant$;
RESET ROLE;
-- what was planted: look-alike functions, aggregates, operators, types
SELECT (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'hijack'::regnamespace
          AND p.prokind = 'f' AND p.proname NOT LIKE 'agg\_sf\_%' AND p.proname NOT LIKE 'op\_%'
          AND p.proname <> 'hit') AS functions,
       (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'hijack'::regnamespace
          AND p.prokind = 'a') AS aggregates,
       (SELECT count(*) FROM pg_operator o WHERE o.oprnamespace = 'hijack'::regnamespace) AS operators,
       (SELECT count(*) FROM pg_type t WHERE t.typnamespace = 'hijack'::regnamespace
          AND t.typtype = 'd') AS types;

-- the trap is armed: the issue's attack, an unqualified format() of the
-- superuser's own, reaches hijack.format(text, text) and makes the role
-- superuser (round 1 path); a type name does in round 2's path
SET search_path = hijack, public;
SELECT format('%s', 'x'::text) AS own_call;
SET search_path = hijack, pg_catalog, public;
SELECT 2.5::float8 AS own_cast;
RESET search_path;
SELECT what, run_by = current_user AS run_by_superuser FROM hijack.reached ORDER BY what;
SELECT rolsuper AS escalated FROM pg_roles WHERE rolname = 'regress_pmkt_hijacker';
ALTER ROLE regress_pmkt_hijacker NOSUPERUSER;
TRUNCATE hijack.reached;

-- ---------------------------------------------------------------------------
-- everything in pmkt that runs SQL, called by the superuser.  No SET clause:
-- the body runs under the caller's (hostile) search_path, and uses no
-- overloadable name itself (no operator, cast or unqualified function).
-- ---------------------------------------------------------------------------
CREATE PROCEDURE public.pmkt_all_sql()
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pmkt.generate_demo('pmkt_hijack_demo', 2000, 7);
    CALL pmkt.run_evaluation('pmkt_hijack_demo', '2023-12-01', epochs => 20);
    CALL pmkt.run_evaluation('pmkt_hijack_demo', '2024-06-01', segment_method => 'kmeans',
                             hidden => 4, epochs => 10, save_models => false);
    PERFORM pmkt.evaluation_source('pmkt_hijack_demo', 'orders');
    CALL pmkt.evaluation_cleanup();
    -- segmentation over a table and over the caller's query
    PERFORM pmkt.rfm('pmkt_hijack_demo.orders', as_of => '2024-06-01');
    PERFORM pmkt.rfm('pmkt_hijack_demo.orders', method => 'kmeans');
    PERFORM pmkt.rfm('pmkt_hijack_demo.orders', as_of => '2024-06-01', order_col => 'order_id');
    PERFORM pmkt.rfm_strategy('pmkt_hijack_demo.orders', order_col => 'order_id');
    PERFORM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM pmkt_hijack_demo.orders',
                           as_of => '2024-06-01');
    PERFORM pmkt.rfm_strategy('pmkt_hijack_demo.orders');
    -- lifetime: summaries over a table and a query (a timestamp column), the fits
    PERFORM pmkt.clv_summary('pmkt_hijack_demo.orders', order_col => 'order_id', unit => 'week');
    PERFORM pmkt.clv_summary_query('SELECT customer_id, pg_catalog.timezone(''UTC'', ordered_at), amount '
                                   'FROM pmkt_hijack_demo.orders', 'month');
    PERFORM pmkt.clv_fit('SELECT frequency, recency, t FROM pmkt.clv_summary(''pmkt_hijack_demo.orders'')');
    PERFORM pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM pmkt.clv_summary(''pmkt_hijack_demo.orders'')',
                               allow_nonconverged => true);
    DELETE FROM pmkt.segment_strategy WHERE NOT is_default;
    INSERT INTO pmkt.segment_strategy (segment, strategy) VALUES ('frequent', 'hijack test');
    PERFORM pmkt.channel_effectiveness('pmkt_hijack_demo.campaigns');
    PERFORM pmkt.aisas_indices('pmkt_hijack_demo.aisas_monthly');
    PERFORM pmkt.dbscan('SELECT id, x FROM public.hj_points ORDER BY id LIMIT 300', 0.2, 5);
    -- trainers in memory, then beyond pmkt.max_train_memory (one pass of
    -- pmkt.kmeans_step / pmkt.logistic_step per iteration)
    PERFORM pmkt.kmeans_train('SELECT x FROM public.hj_points', 3);
    PERFORM pmkt.kmeans_choose_k('SELECT x FROM public.hj_points', 2, 3, sample_size => 200);
    PERFORM pmkt.logistic_train('SELECT x, b FROM public.hj_points');
    PERFORM pmkt.logistic_train('SELECT x, CASE WHEN b THEN 1 ELSE 0 END FROM public.hj_points');
    SET LOCAL pmkt.max_train_memory = 64;
    PERFORM pmkt.kmeans_train('SELECT x FROM public.hj_points', 3, standardize => true);
    PERFORM pmkt.logistic_train('SELECT x, b FROM public.hj_points');
    RESET pmkt.max_train_memory;
    PERFORM pmkt.nn_evaluate(pmkt.bpnn_train('SELECT x, y FROM public.hj_points ORDER BY id LIMIT 200', 3,
                                             epochs => 5),
                             'SELECT x, y FROM public.hj_points ORDER BY id LIMIT 50');
    PERFORM pmkt.nn_evaluate(pmkt.rbf_train('SELECT x, y FROM public.hj_points ORDER BY id LIMIT 200', 3),
                             'SELECT x, y FROM public.hj_points ORDER BY id LIMIT 50');
    -- the registry: both save_model forms, the version trigger, the readers
    PERFORM pmkt.save_model('hijack_text', 'custom', pmkt.version());
    PERFORM pmkt.save_model('hijack_any', 'custom', pmkt.aisas_index_names());
    PERFORM pmkt.latest_model('hijack_any');
    PERFORM pmkt.list_models();
END
$$;

-- round 1: the hostile schema after pg_catalog (pg_catalog is searched first)
SET search_path = hijack, public;
CALL public.pmkt_all_sql();
RESET search_path;
SELECT what, run_by = current_user AS run_by_superuser FROM hijack.reached ORDER BY what;
SELECT rolsuper AS escalated FROM pg_roles WHERE rolname = 'regress_pmkt_hijacker';

-- round 2: the hostile schema before pg_catalog (the list is per round)
TRUNCATE hijack.reached;
SET search_path = hijack, pg_catalog, public;
CALL public.pmkt_all_sql();
RESET search_path;
SELECT what, run_by = current_user AS run_by_superuser FROM hijack.reached ORDER BY what;
SELECT rolsuper AS escalated FROM pg_roles WHERE rolname = 'regress_pmkt_hijacker';

-- the calls did their work: two evaluation runs, their models (the second
-- round's re-run of 2023-12 replaced the first's, and its versions), the
-- caller's strategy row, the registry rows
SELECT source_schema, period, steps_skipped = '' AS all_steps
FROM pmkt.history_runs ORDER BY period;
SELECT name, kind, version, model_type FROM pmkt.model_registry
WHERE name LIKE 'hijack%' OR run_source_schema IS NOT NULL ORDER BY name, version;
SELECT segment, strategy, is_default FROM pmkt.segment_strategy ORDER BY segment;

-- the caller's own query still runs under the caller's search_path: a
-- function and a table named without schema, found in schema hj_user only
-- through the path, work in each way pmkt runs a query text (the direct
-- loader, a wrapper, a cursor, one pass per iteration)
CREATE SCHEMA hj_user;
CREATE TABLE hj_user.pts AS SELECT id, x, b FROM public.hj_points;
CREATE FUNCTION hj_user.feat(v float8[]) RETURNS float8[]
LANGUAGE sql IMMUTABLE AS 'SELECT v[1:3]';
SET search_path = hj_user;
SELECT m.d, m.in_memory FROM pmkt.kmeans_train('SELECT feat(x) FROM pts', 2) m;
SELECT count(*) AS rfm_customers
FROM pmkt.rfm_query('SELECT id % 7, ''2024-01-01''::timestamptz, (feat(x))[1] FROM pts');
SELECT count(DISTINCT cluster_id) > 0 AS dbscan_ran
FROM pmkt.dbscan('SELECT id, feat(x) FROM pts ORDER BY id LIMIT 100', 0.3, 3);
SET pmkt.max_train_memory = 64;
SELECT m.d, m.in_memory FROM pmkt.kmeans_train('SELECT feat(x) FROM pts', 2) m;
SELECT pg_catalog.cardinality((pmkt.logistic_train('SELECT feat(x), b FROM pts')).coefficients) AS logistic_params;
RESET pmkt.max_train_memory;
RESET search_path;

\c :regress_db
DROP DATABASE pmkt_hijack;
DROP ROLE regress_pmkt_hijacker;
