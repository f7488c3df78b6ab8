-- zz_catalog: scale-out readiness of every aggregate in schema pmkt (runs
-- last).  Citus runs an aggregate distributed (a partial aggregate on every
-- worker, the partial states shipped to the coordinator and combined there)
-- only when it has a combine function, and it ships a state as text through
-- the state type's output/input functions unless the state is `internal`
-- (then it needs serial/deserial).  pmkt's rule: states are never internal,
-- every aggregate has a combine function and is PARALLEL SAFE, none is an
-- ordered-set / hypothetical-set aggregate, and every state survives a text
-- round-trip bit for bit.
--
SET client_min_messages = warning;

-- 1. The rules, as a query over pg_aggregate / pg_proc.  One row per broken
--    rule; no rows when all pass.
CREATE FUNCTION pg_temp.aggregate_rule_violations(nsp regnamespace)
RETURNS TABLE (aggregate text, rule text, detail text)
LANGUAGE sql STABLE AS $$
    SELECT p.oid::regprocedure::text, v.rule, v.detail
    FROM pg_catalog.pg_aggregate a
    JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
    CROSS JOIN LATERAL (VALUES
        (a.aggtranstype = 'internal'::regtype,
         'state type is internal', 'stype ' || a.aggtranstype::regtype::text),
        (a.aggcombinefn = 0,
         'no combine function', 'aggcombinefn is 0'),
        (p.proparallel <> 's',
         'aggregate is not PARALLEL SAFE', 'proparallel ' || p.proparallel::text),
        (a.aggkind <> 'n',
         'ordered-set or hypothetical-set aggregate', 'aggkind ' || a.aggkind::text),
        (EXISTS (SELECT 1 FROM pg_catalog.pg_proc f
                 WHERE f.oid IN (a.aggtransfn, a.aggcombinefn, a.aggfinalfn)
                   AND f.proparallel <> 's'),
         'a support function is not PARALLEL SAFE',
         (SELECT string_agg(f.oid::regprocedure::text || ' ' || f.proparallel::text, ', ')
          FROM pg_catalog.pg_proc f
          WHERE f.oid IN (a.aggtransfn, a.aggcombinefn, a.aggfinalfn)
            AND f.proparallel <> 's')),
        (EXISTS (SELECT 1 FROM pg_catalog.pg_type t
                 WHERE t.oid = a.aggtranstype AND t.typtype = 'p'),
         'state type is a pseudo-type', 'stype ' || a.aggtranstype::regtype::text)
    ) AS v(broken, rule, detail)
    WHERE p.pronamespace = nsp AND p.prokind = 'a' AND v.broken
    ORDER BY 1, 2
$$;

-- The check can fail: four aggregates that each break a rule are flagged.
CREATE FUNCTION pg_temp.probe_sfunc(float8[], float8) RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT $1 || $2';
CREATE FUNCTION pg_temp.probe_unsafe_sfunc(float8[], float8) RETURNS float8[]
LANGUAGE sql IMMUTABLE AS 'SELECT $1 || $2';
CREATE AGGREGATE pg_temp.bad_internal(float8) (
    sfunc = array_agg_transfn, stype = internal, finalfunc = array_agg_finalfn,
    finalfunc_extra, parallel = safe);
CREATE AGGREGATE pg_temp.bad_no_combine(float8) (
    sfunc = pg_temp.probe_sfunc, stype = float8[], initcond = '{}', parallel = safe);
CREATE AGGREGATE pg_temp.bad_unsafe(float8) (
    sfunc = pg_temp.probe_unsafe_sfunc, stype = float8[], initcond = '{}',
    combinefunc = array_cat);
CREATE AGGREGATE pg_temp.bad_ordered(float8 ORDER BY float8) (
    sfunc = pg_temp.probe_sfunc, stype = float8[], initcond = '{}', parallel = safe);
SELECT regexp_replace(aggregate, 'pg_temp_\d+\.', 'pg_temp.') AS aggregate, rule,
       regexp_replace(detail, 'pg_temp_\d+\.', 'pg_temp.', 'g') AS detail
FROM pg_temp.aggregate_rule_violations(pg_my_temp_schema()::regnamespace);

-- The pmkt aggregates: no rows means every one passes every rule.
SELECT * FROM pg_temp.aggregate_rule_violations('pmkt'::regnamespace);

-- 2. Text round-trip of each aggregate's state.  For each aggregate, a
--    probe aggregate with the same transition function, state type and
--    initial condition but no final function returns the raw state after
--    a sample input; the state must come back from state::text::stype with
--    the same binary (send) form.  Sample inputs: the table below for
--    aggregates with constant or shaped arguments (centroids, coefficients,
--    flags that must be equal on every row); otherwise a default of 100
--    rows built from the argument types (float8, non-negative float8[] of
--    length 3, integers, boolean).  An aggregate that the default cannot feed and
--    that has no sample fails the test ("no sample").
CREATE TEMP TABLE agg_samples (aggregate text PRIMARY KEY, call_args text, from_clause text);
INSERT INTO agg_samples VALUES
 ('pmkt.clv(integer,double precision,double precision,double precision)',
  'g % 24 + 1, 100.0 + g / 7.0, 40.0 + (g % 7) / 3.0, 0.01', 'generate_series(1, 100) g'),
 ('pmkt.experiment(text,double precision)',
  '''v'' || g % 3, g / 7.0 + (g % 5)', 'generate_series(1, 100) g'),
 ('pmkt.experiment(text,double precision,double precision)',
  '''v'' || g % 3, g / 7.0 + (g % 5), CASE WHEN g % 9 = 0 THEN NULL ELSE sin(g) END', 'generate_series(1, 100) g'),
 ('pmkt.experiment(text,double precision,double precision,double precision)',
  '''v'' || g % 3, g / 7.0 + (g % 5), (g % 4)::float8, sin(g)', 'generate_series(1, 100) g'),
 ('pmkt.basket_counts(bigint[])',
  'CASE WHEN g % 9 = 0 THEN NULL ELSE ARRAY[g % 7, (g * 3) % 5, g % 7, NULL]::bigint[] END', 'generate_series(1, 100) g'),
 ('pmkt.basket_counts(bigint[],boolean)',
  'ARRAY[g % 7, (g * 3) % 5, -(g % 4)]::bigint[], true', 'generate_series(1, 100) g'),
 ('pmkt.basket_counts(integer[])',
  'CASE WHEN g % 9 = 0 THEN NULL ELSE ARRAY[g % 7, (g * 3) % 5, g % 7, NULL]::integer[] END', 'generate_series(1, 100) g'),
 ('pmkt.basket_counts(integer[],boolean)',
  'ARRAY[g % 7, (g * 3) % 5, -(g % 4)]::integer[], true', 'generate_series(1, 100) g'),
 ('pmkt.clv_summary_agg(bigint,double precision,bigint)',
  '19700 + g * 3, (g % 7) / 3.0 + 0.1, 20100::bigint', 'generate_series(1, 100) g'),
 ('pmkt.brier_score(double precision,boolean)',
  '((g * 7919) % 101) / 100.0, g % 3 = 0', 'generate_series(1, 100) g'),
 ('pmkt.classification_report(anyelement,anyelement)',
  'substr(''abc'', g % 3 + 1, 1), substr(''abc'', (g * g) % 7 % 3 + 1, 1)', 'generate_series(1, 100) g'),
 ('pmkt.classification_report(text,text)',
  'substr(''abc'', g % 3 + 1, 1), substr(''abc'', (g * g) % 7 % 3 + 1, 1)', 'generate_series(1, 100) g'),
 ('pmkt.gains_table(double precision,boolean,integer)',
  '((g * 7919) % 101) / 100.0, g % 3 = 0, 10', 'generate_series(1, 100) g'),
 ('pmkt.log_loss(double precision,boolean)',
  '((g * 7919) % 101) / 100.0, g % 3 = 0', 'generate_series(1, 100) g'),
 ('pmkt.text_nb_counts(text,text,regconfig,integer)',
  '''late parcel '' || g % 7 || '' the courier'', CASE WHEN g % 11 = 0 THEN NULL ELSE ''l'' || g % 3 END, ''english''::regconfig, 2',
  'generate_series(1, 100) g'),
 ('pmkt.row_sample(double precision[],integer,bigint)',
  'ARRAY[(g % 7)::float8, (g % 5) * 0.5], 8, 7::bigint', 'generate_series(1, 100) g'),
 ('pmkt.kmeans_step(double precision[],double precision[])',
  'ARRAY[(g % 7) / 3.0, (g % 5) / 7.0, sin(g)], ''{{0,0,0},{2,0.5,1},{1,0.3,-1}}''::float8[]',
  'generate_series(1, 100) g'),
 ('pmkt.kmeans_step(double precision[],double precision[],double precision[],double precision[],double precision[])',
  'ARRAY[(g % 7) / 3.0, (g % 5) / 7.0, sin(g)], ''{{0,0,0},{2,0.5,1},{1,0.3,-1}}''::float8[],
   ''{{0.1,0,0},{2,0.4,1},{1,0.3,-0.9}}''::float8[], ARRAY[1.0, 0.3, 0.1], ARRAY[0.7, 0.2, 0.6]',
  'generate_series(1, 100) g'),
 ('pmkt.logistic_step(double precision[],double precision,double precision[])',
  'ARRAY[(g % 7) / 3.0, sin(g)], (g % 3 = 0)::int::float8, ARRAY[0.1, 0.2, -0.3]',
  'generate_series(1, 100) g'),
 ('pmkt.logistic_robust(double precision,double precision[],pmkt.logistic_result,text)',
  '(g % 3 = 0 OR g % 7 = 0)::int::float8, ARRAY[(g % 7) / 3.0, sin(g)],
   (SELECT pmkt.logistic_train(''SELECT ARRAY[(g % 7) / 3.0, sin(g)], (g % 3 = 0 OR g % 7 = 0)::int FROM generate_series(1, 100) g'')), ''HC3''',
  'generate_series(1, 100) g'),
 ('pmkt.ols_robust(double precision,double precision[],pmkt.ols_result,text)',
  '0.5 * g + (g % 3) / 7.0, ARRAY[g::float8, (g % 7) / 3.0],
   (SELECT pmkt.ols(0.5 * g + (g % 3) / 7.0, ARRAY[g::float8, (g % 7) / 3.0]) FROM generate_series(1, 100) g), ''HC2''',
  'generate_series(1, 100) g'),
 ('pmkt.ols(double precision,double precision[],boolean)',
  '0.5 * g + (g % 3) / 7.0, ARRAY[g::float8, (g % 7) / 3.0], true', 'generate_series(1, 100) g'),
 ('pmkt.pca_components(double precision[],boolean)',
  'ARRAY[(g % 7) / 3.0, (g % 5) / 7.0, sin(g)], false', 'generate_series(1, 100) g'),
 ('pmkt.pca_components(double precision[],boolean,double precision)',
  'ARRAY[(g % 7) / 3.0, (g % 5) / 7.0, sin(g)], true, 0.9', 'generate_series(1, 100) g');

CREATE FUNCTION pg_temp.default_arg(t regtype, i int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE t
        WHEN 'double precision'::regtype THEN
            format('((g * 7919) %% 101)::float8 / 7 + 0.1 * %s', i)
        WHEN 'double precision[]'::regtype THEN
            format('ARRAY[((g * 7919) %% 101)::float8 / 7, 1 + sin(g + %s), (g %% 5)::float8 / 3]', i)
        WHEN 'integer'::regtype THEN format('((g + %s) %% 11)::int', i)
        WHEN 'bigint'::regtype THEN format('((g + %s) %% 11)::bigint', i)
        WHEN 'smallint'::regtype THEN format('((g + %s) %% 11)::smallint', i)
        WHEN 'boolean'::regtype THEN format('(g %% 3 = %s %% 3)', i)
        WHEN 'numeric'::regtype THEN format('((g + %s) %% 11)::numeric', i)
    END
$$;

CREATE FUNCTION pg_temp.state_round_trips(nsp regnamespace)
RETURNS TABLE (aggregate text, stype text, sample text, round_trips boolean, problem text)
LANGUAGE plpgsql AS $$
DECLARE
    a record;
    s record;
    args text;
    src text;
    ok boolean;
    sendfn regproc;
BEGIN
    FOR a IN
        SELECT p.oid::regprocedure::text AS agg, p.proargtypes::regtype[] AS argtypes,
               g.aggtransfn::regprocedure AS sfunc, g.aggtranstype::regtype AS st,
               g.agginitval AS initval, t.typsend
        FROM pg_catalog.pg_aggregate g
        JOIN pg_catalog.pg_proc p ON p.oid = g.aggfnoid
        JOIN pg_catalog.pg_type t ON t.oid = g.aggtranstype
        WHERE p.pronamespace = nsp AND p.prokind = 'a' AND p.proname <> 'state_probe'
        ORDER BY 1
    LOOP
        aggregate := a.agg; stype := a.st::text; problem := NULL; round_trips := false;
        SELECT * INTO s FROM agg_samples x WHERE x.aggregate = a.agg;
        IF FOUND THEN
            args := s.call_args; src := s.from_clause; sample := 'table';
        ELSE
            SELECT string_agg(pg_temp.default_arg(t, i::int), ', ' ORDER BY i)
              INTO args
              FROM unnest(a.argtypes) WITH ORDINALITY AS u(t, i);
            src := 'generate_series(1, 100) g'; sample := 'default';
            IF args IS NULL OR EXISTS (SELECT 1 FROM unnest(a.argtypes) t
                                       WHERE pg_temp.default_arg(t, 1) IS NULL) THEN
                problem := 'no sample for argument types ' || a.argtypes::text;
                RETURN NEXT; CONTINUE;
            END IF;
        END IF;
        BEGIN
            EXECUTE 'DROP AGGREGATE IF EXISTS pg_temp.state_probe('
                    || array_to_string(a.argtypes::text[], ', ') || ')';
            EXECUTE format('CREATE AGGREGATE pg_temp.state_probe(%s) (sfunc = %s, stype = %s%s)',
                           array_to_string(a.argtypes::text[], ', '), a.sfunc::regproc, a.st,
                           CASE WHEN a.initval IS NULL THEN ''
                                ELSE ', initcond = ' || quote_literal(a.initval) END);
            -- binary form of the state and of its text round-trip
            sendfn := a.typsend;
            EXECUTE format(
                'SELECT %1$s(st) = %1$s(st::text::%2$s) AND st::text = st::text::%2$s::text
                 FROM (SELECT pg_temp.state_probe(%3$s) AS st FROM %4$s) q',
                sendfn, a.st, args, src) INTO ok;
            round_trips := coalesce(ok, false);
            IF ok IS NULL THEN problem := 'state is NULL after the sample'; END IF;
        EXCEPTION WHEN others THEN
            problem := 'sample failed: ' || SQLERRM;
        END;
        RETURN NEXT;
    END LOOP;
END
$$;

-- The check can fail: a probe over a real[] state, whose text form loses
-- bits when extra_float_digits < 1, fails under extra_float_digits = -3 and
-- passes under the default (1).
CREATE FUNCTION pg_temp.probe4_sfunc(real[], float8) RETURNS real[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT $1 || ($2 / 7)::real';
CREATE AGGREGATE pg_temp.real_state(float8) (
    sfunc = pg_temp.probe4_sfunc, stype = real[], initcond = '{}',
    combinefunc = array_cat, parallel = safe);
SET extra_float_digits = -3;
SELECT regexp_replace(aggregate, '^pg_temp_\d+\.', 'pg_temp.') AS aggregate,
       stype, sample, round_trips
FROM pg_temp.state_round_trips(pg_my_temp_schema()::regnamespace)
WHERE aggregate LIKE '%real_state%';
RESET extra_float_digits;
SELECT regexp_replace(aggregate, '^pg_temp_\d+\.', 'pg_temp.') AS aggregate,
       stype, sample, round_trips
FROM pg_temp.state_round_trips(pg_my_temp_schema()::regnamespace)
WHERE aggregate LIKE '%real_state%';

-- Every pmkt aggregate's state round-trips (no row with round_trips false).
SELECT aggregate, stype, sample, round_trips, problem
FROM pg_temp.state_round_trips('pmkt'::regnamespace)
ORDER BY aggregate;
SELECT count(*) FILTER (WHERE NOT round_trips) AS failing
FROM pg_temp.state_round_trips('pmkt'::regnamespace);
