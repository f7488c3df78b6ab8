-- logistic: pmkt.logistic_train, pmkt.logistic_step, pmkt.logistic_predict.
-- Reference: statsmodels Logit (Newton, tol 1e-12) on the same rows,
-- test/model/logistic_ref.py (it builds the rows with the same IEEE operations and
-- prints every figure in the ref table; sum y = 1377 there too).
CREATE TEMP TABLE v AS
SELECT i, x1, x2, x3,
       ((i * 1103515245 + 12345) % 2147483648)::float8 / 2147483648.0::float8
         < 1 / (1 + exp(-(-2 + 0.3 * x1 - 1.2 * x2 + 0.15 * x3))) AS y
FROM (SELECT i::bigint AS i, ((i * 37) % 101)::float8 / 10::float8 AS x1,
             ((i * 53) % 97)::float8 / 97::float8 AS x2, ((i * 17) % 13)::float8 AS x3
      FROM generate_series(1, 3000) i) s;
SELECT count(*), sum(y::int) AS converted FROM v;

CREATE TEMP TABLE ref(intercept boolean, coefficients float8[], std_errors float8[],
  z_values float8[], p_values float8[], odds_ratios float8[], log_likelihood float8,
  null_log_likelihood float8, pseudo_r_squared float8, aic float8);
INSERT INTO ref VALUES
(true, '{-2.0171785466701815,0.2954278655758401,-1.1014831920196462,0.14650578380535842}',
 '{0.13294718310971615,0.01518117400728336,0.14370823147687253,0.011348832936078515}',
 '{-15.172781396996447,19.46014619383882,-7.664718859176217,12.909325974797735}',
 '{5.3558268039929546e-52,2.39101868870971e-84,1.7922334855964024e-14,3.987763356199982e-38}',
 '{0.13303027478919907,1.343701159179065,0.3323777379168713,1.1577816271826702}',
 -1747.542497321469, -2069.3442081383037, 0.15550903013198814, 3503.084994642938),
(false, '{0.16052711077405904,-2.161666387668246,0.04749661578649996}',
 '{0.011691727062731931,0.12266990487385428,0.008904652943701238}',
 '{13.729974187111214,-17.621815146030826,5.333909820718728}',
 '{6.7157438310539906e-43,1.6754187228476914e-69,9.612027274958679e-08}',
 '{1.1741296042715483,0.11513310470977986,1.0486426522846595}',
 -1877.8838871753987, -2069.3442081383037, 0.09252222042612868, 3761.7677743507975);

CREATE FUNCTION pg_temp.rel(a float8, b float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) / greatest(abs(b), 1e-300) $$;
CREATE FUNCTION pg_temp.maxrel(a float8[], b float8[]) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN cardinality(a) = cardinality(b)
              THEN (SELECT max(pg_temp.rel(u, v)) FROM unnest(a, b) AS t(u, v)) END
$$;

-- in memory (the rows fit pmkt.max_train_memory)
CREATE TEMP TABLE fit AS
SELECT true AS intercept, pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], y FROM v') AS r
UNION ALL
SELECT false, pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], y FROM v', intercept => false);
-- every figure within 1e-6 relative of statsmodels
SELECT f.intercept, (r).n, (r).converged, (r).iterations BETWEEN 4 AND 10 AS few_iterations,
       pg_temp.maxrel((r).coefficients, ref.coefficients) < 1e-6 AS coef_ok,
       pg_temp.maxrel((r).std_errors, ref.std_errors) < 1e-6 AS se_ok,
       pg_temp.maxrel((r).z_values, ref.z_values) < 1e-6 AS z_ok,
       pg_temp.maxrel((r).p_values, ref.p_values) < 1e-6 AS p_ok,
       pg_temp.maxrel((r).odds_ratios, ref.odds_ratios) < 1e-6 AS or_ok,
       pg_temp.rel((r).log_likelihood, ref.log_likelihood) < 1e-6 AS ll_ok,
       pg_temp.rel((r).null_log_likelihood, ref.null_log_likelihood) < 1e-6 AS ll0_ok,
       pg_temp.rel((r).pseudo_r_squared, ref.pseudo_r_squared) < 1e-6 AS r2_ok,
       pg_temp.rel((r).aic, ref.aic) < 1e-6 AS aic_ok
FROM fit f JOIN ref USING (intercept) ORDER BY 1 DESC;
SELECT array_to_string(ARRAY(SELECT round(c::numeric, 4) FROM unnest((r).coefficients) c), ', ') AS coefficients,
       array_to_string(ARRAY(SELECT round(c::numeric, 4) FROM unnest((r).std_errors) c), ', ') AS std_errors,
       round((r).pseudo_r_squared::numeric, 4) AS pseudo_r2
FROM fit WHERE intercept;

-- a 0/1 integer target gives the same fit
SELECT pg_temp.maxrel((pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], y::int FROM v')).coefficients,
                      (SELECT coefficients FROM ref WHERE intercept)) < 1e-6 AS int_target_ok;

-- beyond pmkt.max_train_memory (64 kB < 3000 rows x 4 doubles): one
-- pmkt.logistic_step pass per iteration, same answer
SET pmkt.max_train_memory = 64;
CREATE TEMP TABLE fit_sql AS
SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], y FROM v') AS r;
-- the same without an intercept and with a 0/1 integer target
SELECT pg_temp.maxrel((pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], y::int FROM v',
                                           intercept => false)).coefficients,
                      (SELECT coefficients FROM ref WHERE NOT intercept)) < 1e-6 AS sql_path_no_intercept_ok;
SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], 2 FROM v');
-- a query of the wrong shape: the columns received, as in memory
SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], y, y FROM v');
RESET pmkt.max_train_memory;
SELECT (s.r).n, (s.r).iterations = (f.r).iterations AS same_iterations,
       pg_temp.maxrel((s.r).coefficients, (f.r).coefficients) < 1e-10 AS coef_same,
       pg_temp.maxrel((s.r).std_errors, (f.r).std_errors) < 1e-10 AS se_same,
       pg_temp.rel((s.r).log_likelihood, (f.r).log_likelihood) < 1e-12 AS ll_same
FROM fit_sql s, fit f WHERE f.intercept;

-- predict: statsmodels gives 0.44726037954106057 at x = (5, 0.5, 6)
SELECT pg_temp.rel(pmkt.logistic_predict(ARRAY[5, 0.5, 6], r), 0.44726037954106057) < 1e-6 AS predict_ok,
       round(pmkt.logistic_predict(ARRAY[5, 0.5, 6], r)::numeric, 6) AS p
FROM fit WHERE intercept;
SELECT pg_temp.rel(pmkt.logistic_predict(ARRAY[5, 0.5, 6], r), 0.5016955071898812) < 1e-6 AS predict_ok
FROM fit WHERE NOT intercept;

-- the step aggregate: forced parallel plan equals serial, text round trip
CREATE TEMP TABLE stp_serial AS
SELECT pmkt.logistic_step(ARRAY[x1, x2, x3], y::int::float8, '{-2, 0.3, -1, 0.1}') AS s FROM v;
CREATE TABLE vpar AS SELECT * FROM v, generate_series(1, 10) rep;
ANALYZE vpar;
CREATE TEMP TABLE stp_serial10 AS
SELECT pmkt.logistic_step(ARRAY[x1, x2, x3], y::int::float8, '{-2, 0.3, -1, 0.1}') AS s FROM vpar;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT pmkt.logistic_step(ARRAY[x1, x2, x3], y::int::float8, '{-2, 0.3, -1, 0.1}') FROM vpar;
CREATE TEMP TABLE stp_par AS
SELECT pmkt.logistic_step(ARRAY[x1, x2, x3], y::int::float8, '{-2, 0.3, -1, 0.1}') AS s FROM vpar;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
SELECT cardinality(p.s) AS state_len, p.s[4] AS n, pg_temp.maxrel(p.s, s.s) < 1e-12 AS parallel_same,
       round((p.s[5] / s1.s[5])::numeric, 9) AS ll_ratio_10x,
       p.s::text::float8[] = p.s AS text_round_trip
FROM stp_par p, stp_serial10 s, stp_serial s1;
DROP TABLE vpar;

-- rows with a NULL x, y or element are skipped
SELECT (pmkt.logistic_train($$SELECT CASE WHEN i = 1 THEN NULL WHEN i = 2 THEN ARRAY[x1, NULL, x3]
                                  ELSE ARRAY[x1, x2, x3] END, CASE WHEN i = 3 THEN NULL ELSE y END
                              FROM v$$)).n;

-- not converged within max_iter: returned with converged = false
SELECT (r).converged, (r).iterations, (r).n
FROM (SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], y FROM v', max_iter => 2) AS r) s;

-- separation is detected, not iterated forever
CREATE TEMP TABLE sep(x float8, z float8);
INSERT INTO sep SELECT g, (g * 7 % 5)::float8 FROM generate_series(-10, 10) g WHERE g <> 0;
-- complete: x > 0 exactly when converted
SELECT pmkt.logistic_train('SELECT ARRAY[x, z], x > 0 FROM sep');
-- quasi-complete: x > 0 converts, x < 0 does not, at x = 0 both
CREATE TEMP TABLE sep2 AS SELECT x, z, x > 0 AS y FROM sep;
INSERT INTO sep2 VALUES (0, 1, true), (0, 1, false), (0, 3, true), (0, 3, false);
SELECT pmkt.logistic_train('SELECT ARRAY[x, z], y FROM sep2');
-- one class only
SELECT pmkt.logistic_train('SELECT ARRAY[x, z], false FROM sep');

-- errors
SELECT pmkt.logistic_train('SELECT ARRAY[x1], 2 FROM v');
SELECT pmkt.logistic_train('SELECT ARRAY[x1, x1 * 2], y FROM v');
SELECT pmkt.logistic_train('SELECT ARRAY[x1], y, y FROM v');
SELECT pmkt.logistic_train('SELECT ARRAY[x1], y FROM v WHERE false');
SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], y FROM v WHERE i <= 3');
SELECT pmkt.logistic_train('SELECT ARRAY[x1], y FROM v', max_iter => 0);
SELECT pmkt.logistic_train('SELECT ARRAY[x1], y FROM v', tol => 0);
SELECT pmkt.logistic_train('SELECT ARRAY[x1] FROM nowhere');
SELECT pmkt.logistic_predict(ARRAY[1, 2], r) FROM fit WHERE intercept;
SELECT pmkt.logistic_predict(ARRAY[1, 'Infinity'::float8, 3], r) FROM fit WHERE intercept;
SELECT pmkt.logistic_step(ARRAY[x1, x2], y::int::float8, '{1}') FROM v;
SELECT pmkt.logistic_step(ARRAY[x1], 0.5, '{1, 1}') FROM v;
SELECT pmkt.logistic_step_combine((SELECT s FROM stp_serial), (SELECT s FROM stp_serial) || 0::float8);
\set VERBOSITY sqlstate
SELECT pmkt.logistic_train('SELECT ARRAY[x, z], x > 0 FROM sep WHERE x <> 0');
SELECT pmkt.logistic_train('SELECT ARRAY[x1], 2 FROM v');
SELECT pmkt.logistic_predict(ARRAY[1, 2], r) FROM fit WHERE intercept;
SELECT pmkt.logistic_step(ARRAY[x1, x2], y::int::float8, '{1}') FROM v;
\set VERBOSITY default
