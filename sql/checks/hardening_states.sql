-- hardening_states: every aggregate state and model is untrusted input
-- (issue 17, items 1, 4 and 7).
--
-- A tampered state passed by hand to a _combine / _final function, or a
-- model argument, is checked before use: 22023 with a message naming what
-- is wrong and the value in the detail.  LAPACK failures on user data and
-- overflow from finite inputs raise 22003, never XX000 or a crash; a
-- predict or score function never returns Infinity or NaN for finite
-- inputs.  Valid states (built by hand from a hand calculation, or shipped
-- between workers under a forced parallel plan) still give their answer.
SET client_min_messages = warning;
SET extra_float_digits = 0;

-- err(sql): the SQLSTATE, message and detail a statement raises, or 'ok'
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text; msg text; det text;
BEGIN
  EXECUTE q;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
  RETURN st || ': ' || msg || coalesce(' | ' || nullif(det, ''), '');
END $$;

-- ---------------------------------------------------------------------------
-- item 1: kmeans_step's farthest-rows table (the reproducer crashed the
-- server; labels 2 and -1 with k = 2 wrote outside sums / counts)
-- State layout (k = 2, d = 1, flags 0): header tag, k, d, flags, n,
-- changed, sse, skipped, 2 spare | centroids 2 | sums 2 | counts 2 | s1 |
-- s2 | far 2 x (distance, label, row).
-- ---------------------------------------------------------------------------
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,0,0,0,0, 0,1, 5,0, 1,0, 0, 0, 1,-2147483648,5, -1,0,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,2,5, -1,0,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,-1,5, -1,0,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,0.5,5, -1,0,0, 0,0,0,0}'::float8[])$$);
-- the row's own cluster (label 0) is empty: it cannot give a row away
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,0,5, -1,0,0, 0,0,0,0}'::float8[])$$);
-- through the combine function too
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_combine('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[],
  '{3001,2,1,0,1,0,0,0,0,0, 0,1, 5,0, 1,0, 0, 0, 1,-2147483648,5, -1,0,0, 0,0,0,0}'::float8[])$$);
-- header: NaN or fractional sizes, flags, lengths
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,NaN,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1.5,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,4,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,1e9,1e9,0,1,0,16,0,0,0}'::float8[])$$);
-- counts: negative n, sizes not adding up to n, changed above n
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,-1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,2,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,3,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[])$$);
-- values: NaN sums, Infinity centroids, a negative distance
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,NaN, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,Infinity, 0,5, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, -3,1,5, -1,0,0, 0,0,0,0}'::float8[])$$);
-- the same state, untampered: one row x = 5 against centroids 0 and 1 goes
-- to cluster 2 (squared distance 16); s1 = 5 - c_1 = 5, s2 = 25.  Cluster 1
-- is empty, so it takes the farthest row (5) and cluster 2 keeps its sum
-- minus that row (0, an emptied cluster keeps its sum): centroids {{5},{0}},
-- sizes {0,1} (before relocation), sse 16, shift (5-0)^2 + (0-1)^2 = 26,
-- feature mean 5 and variance 0.  It equals what the aggregate returns.
SELECT (pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[])).*;
SELECT pmkt.kmeans_step_final('{3001,2,1,0,1,0,16,0,0,0, 0,1, 0,5, 0,1, 5,25, 16,1,5, -1,0,0, 0,0,0,0}'::float8[])
     = (SELECT pmkt.kmeans_step(ARRAY[5]::float8[], '{{0},{1}}'::float8[])) AS same_as_aggregate;
-- fewer rows than clusters leaves several unused entries at the end of the
-- table.  k = 3, one row x = 5 against centroids 0, 1, 2: cluster 3,
-- squared distance 9.  Cluster 1 takes the row, cluster 2 finds no more
-- rows and stays at sum 0: centroids {{5},{0},{0}}, sizes {0,0,1}, sse 9,
-- shift 25 + 1 + 4 = 30.  Combined with itself (n = 2, two copies of the
-- row in the table): clusters 1 and 2 take one copy each, cluster 3 keeps
-- sum 10 - 5 - 5 = 0: centroids {{5},{5},{0}}, sizes {0,0,2}, sse 18,
-- shift 25 + 16 + 4 = 45.
SELECT (pmkt.kmeans_step_final('{3001,3,1,0,1,0,9,0,0,0, 0,1,2, 0,0,5, 0,0,1, 5, 25, 9,2,5, -1,0,0, -1,0,0, 0,0,0,0,0}'::float8[])).*;
SELECT pmkt.kmeans_step_final('{3001,3,1,0,1,0,9,0,0,0, 0,1,2, 0,0,5, 0,0,1, 5, 25, 9,2,5, -1,0,0, -1,0,0, 0,0,0,0,0}'::float8[])
     = (SELECT pmkt.kmeans_step(ARRAY[5]::float8[], '{{0},{1},{2}}'::float8[])) AS same_as_aggregate;
SELECT (pmkt.kmeans_step_final(pmkt.kmeans_step_combine('{3001,3,1,0,1,0,9,0,0,0, 0,1,2, 0,0,5, 0,0,1, 5, 25, 9,2,5, -1,0,0, -1,0,0, 0,0,0,0,0}'::float8[],
                                                        '{3001,3,1,0,1,0,9,0,0,0, 0,1,2, 0,0,5, 0,0,1, 5, 25, 9,2,5, -1,0,0, -1,0,0, 0,0,0,0,0}'::float8[]))).*;
-- a used entry after an unused one is not a table the functions make
SELECT pg_temp.err($$SELECT pmkt.kmeans_step_final('{3001,3,1,0,1,0,9,0,0,0, 0,1,2, 0,0,5, 0,0,1, 5, 25, -1,0,0, 9,2,5, -1,0,0, 0,0,0,0,0}'::float8[])$$);
-- an aggregate of anyone's making over our transition function, with a
-- hostile INITCOND: the transition function checks the header and length on
-- every call, the final function the rest (after one row x = 5 the bad
-- entry has moved to the second place of the table)
CREATE SCHEMA hs_evil;
CREATE AGGREGATE hs_evil.km(float8[], float8[]) (sfunc = pmkt.kmeans_step_sfunc, stype = float8[],
  finalfunc = pmkt.kmeans_step_final, initcond = '{3001,2,1,0,1,0,0,0,0,0, 0,1, 5,0, 1,0, 0, 0, 1,-2147483648,5, -1,0,0, 0,0,0,0}');
CREATE AGGREGATE hs_evil.km_short(float8[], float8[]) (sfunc = pmkt.kmeans_step_sfunc, stype = float8[],
  finalfunc = pmkt.kmeans_step_final, initcond = '{3001,2,1}');
CREATE AGGREGATE hs_evil.km_huge(float8[], float8[]) (sfunc = pmkt.kmeans_step_sfunc, stype = float8[],
  finalfunc = pmkt.kmeans_step_final, initcond = '{3001,4194304,4194304,0,0,0,0,0,0,0}');
CREATE AGGREGATE hs_evil.rm(float8, float8) (sfunc = pmkt.regression_metrics_sfunc, stype = float8[],
  finalfunc = pmkt.regression_metrics_final, initcond = '{7001,-60,1,2,3,4}');
SELECT pg_temp.err($$SELECT hs_evil.km(ARRAY[5]::float8[], '{{0},{1}}')$$);
SELECT pg_temp.err($$SELECT hs_evil.km_short(ARRAY[5]::float8[], '{{0},{1}}')$$);
SELECT pg_temp.err($$SELECT hs_evil.km_huge(ARRAY[5]::float8[], '{{0},{1}}')$$);
SELECT pg_temp.err($$SELECT hs_evil.rm(1, 2)$$);
DROP SCHEMA hs_evil CASCADE;
-- overflow in the transition function: 22003, as PostgreSQL's sum(float8)
SELECT pg_temp.err($$SELECT pmkt.kmeans_step(ARRAY[v], '{{0}}'::float8[]) FROM (VALUES (1e308::float8), (1e308)) t(v)$$);

-- ---------------------------------------------------------------------------
-- item 4: the other aggregates
-- ---------------------------------------------------------------------------
-- conversion_rate [tag, visitors, conversions]: the issue's 1.67
SELECT pg_temp.err($$SELECT pmkt.conversion_final('{1503,60,100}')$$);
SELECT pg_temp.err($$SELECT pmkt.conversion_final('{1503,-60,-100}')$$);
SELECT pg_temp.err($$SELECT pmkt.conversion_final('{1503,60.5,1}')$$);
SELECT pg_temp.err($$SELECT pmkt.conversion_final('{1503,NaN,1}')$$);
SELECT pg_temp.err($$SELECT pmkt.conversion_combine('{1503,4,1}', '{1503,1,2}')$$);
-- valid: 1 of 4 = 0.25; combined 1 of 4 and 2 of 6 = 3 / 10
SELECT pmkt.conversion_final('{1503,4,1}'), pmkt.conversion_final(pmkt.conversion_combine('{1503,4,1}', '{1503,6,2}'));
-- nps [tag, respondents, promoters, detractors]: the issue's 100
SELECT pg_temp.err($$SELECT pmkt.nps_final('{1502,60,100,40}')$$);
SELECT pg_temp.err($$SELECT pmkt.nps_final('{1502,60,-10,0}')$$);
SELECT pg_temp.err($$SELECT pmkt.nps_combine('{1502,10,5,2}', '{1502,Infinity,5,2}')$$);
-- valid: 100 * (5 - 2) / 10 = 30
SELECT pmkt.nps_final('{1502,10,5,2}');
-- clv [tag, sum, rows, discount rate]
SELECT pg_temp.err($$SELECT pmkt.clv_final('{1501,NaN,2,0.1}')$$);
SELECT pg_temp.err($$SELECT pmkt.clv_final('{1501,5,-2,0.1}')$$);
SELECT pg_temp.err($$SELECT pmkt.clv_final('{1501,5,0,0.1}')$$);
SELECT pg_temp.err($$SELECT pmkt.clv_final('{1501,5,2,-1}')$$);
SELECT pmkt.clv_final('{1501,12.5,2,0.1}');
-- regression_metrics [tag, n, mean y, m2 y, sse, sae]
SELECT pg_temp.err($$SELECT pmkt.regression_metrics_final('{7001,-60,1,2,3,4}')$$);
SELECT pg_temp.err($$SELECT pmkt.regression_metrics_final('{7001,2,1,2,-3,4}')$$);
SELECT pg_temp.err($$SELECT pmkt.regression_metrics_final('{7001,2,NaN,2,3,4}')$$);
SELECT pg_temp.err($$SELECT pmkt.regression_metrics_final('{7001,0,0,0,3,0}')$$);
SELECT pg_temp.err($$SELECT pmkt.regression_metrics_combine('{7001,2,2,2,1,1}', '{7001,1.5,2,2,1,1}')$$);
-- valid: y = {1, 3}, yhat = {1, 2}: mean 2, m2 2, sse 1, sae 1; mse 0.5,
-- rmse sqrt(0.5) = 0.707106781186548, mae 0.5, R^2 = 1 - 1/2 = 0.5
SELECT (pmkt.regression_metrics_final('{7001,2,2,2,1,1}')).*;
SELECT pmkt.regression_metrics_final('{7001,2,2,2,1,1}')
     = (SELECT pmkt.regression_metrics(y, yhat) FROM (VALUES (1::float8, 1::float8), (3, 2)) t(y, yhat)) AS same_as_aggregate;
SELECT pg_temp.err($$SELECT pmkt.regression_metrics(y, yhat) FROM (VALUES (1e308::float8, -1e308::float8)) t(y, yhat)$$);
-- column_ranges [tag, d, n, minima d, maxima d]
SELECT pg_temp.err($$SELECT pmkt.column_ranges_final('{4001,2,1,5,0,1,3}')$$);
SELECT pg_temp.err($$SELECT pmkt.column_ranges_final('{4001,2,0,0,0,1,3}')$$);
SELECT pg_temp.err($$SELECT pmkt.column_ranges_final('{4001,2,1,0,-Infinity,1,3}')$$);
SELECT pg_temp.err($$SELECT pmkt.column_ranges_final('{4001,NaN,1,0,0,1,3}')$$);
SELECT pg_temp.err($$SELECT pmkt.column_ranges_combine('{4001,2,1,0,0,1,3}', '{4001,2,1,5,0,1,3}')$$);
SELECT pmkt.column_ranges_final('{4001,2,1,0,0,1,3}');
-- pca_components [tag, d, n, use_correlation, threshold, sums d, their low
-- parts d, cross products d(d+1)/2, their low parts d(d+1)/2]: a NaN co-moment raised XX000 from LAPACK
SELECT pg_temp.err($$SELECT pmkt.pca_components_final('{4501,2,3,0,0.85,0,0,0,0,2,NaN,2,0,0,0}')$$);
SELECT pg_temp.err($$SELECT pmkt.pca_components_final('{4501,2,3,0,0.85,0,0,0,0,-2,1,2,0,0,0}')$$);
SELECT pg_temp.err($$SELECT pmkt.pca_components_final('{4501,2,-3,0,0.85,0,0,0,0,2,1,2,0,0,0}')$$);
SELECT pg_temp.err($$SELECT pmkt.pca_components_final('{4501,2,3,0.5,0.85,0,0,0,0,2,1,2,0,0,0}')$$);
SELECT pg_temp.err($$SELECT pmkt.pca_components_final('{4501,2,3,0,2,0,0,0,0,2,1,2,0,0,0}')$$);
SELECT pg_temp.err($$SELECT pmkt.pca_components_combine('{4501,2,3,0,0.85,0,0,0,0,2,1,2,0,0,0}', '{4501,2,3,0,0.85,0,0,0,0,2,Infinity,2,0,0,0}')$$);
-- valid: rows (0,0), (1,1), (2,0) as pivot (0,0) + means (1, 1/3) and
-- co-moments sum (x - mean)(x - mean)': xx 2, xy 0, yy 2/3.  Covariance
-- (n - 1 = 2): diag(1, 1/3), eigenvalues 1 and 1/3 (numpy.linalg.eigh)
SELECT (pmkt.pca_components_final(pmkt.pca_components_sfunc(pmkt.pca_components_sfunc(pmkt.pca_components_sfunc(
        NULL, '{0,0}', false), '{1,1}', false), '{2,0}', false))).eigenvalues;
SELECT pg_temp.err($$SELECT pmkt.pca_components(ARRAY[v, 1]) FROM (VALUES (1e200::float8), (-1e200)) t(v)$$);
-- entropy_weights [tag, d, n, sums d, sums of x log x d, minima d, maxima d]
SELECT pg_temp.err($$SELECT pmkt.entropy_weights_final('{5001,1,2,-3,0,1,2}')$$);
SELECT pg_temp.err($$SELECT pmkt.entropy_weights_final('{5001,1,2,3,0,2,1}')$$);
SELECT pg_temp.err($$SELECT pmkt.entropy_weights_final('{5001,1,0.5,3,0,1,2}')$$);
SELECT pg_temp.err($$SELECT pmkt.entropy_weights_detail_final('{5001,1,2,3,NaN,1,2}')$$);
SELECT pg_temp.err($$SELECT pmkt.entropy_weights_combine('{5001,1,2,3,1.386294361119891,1,2}', '{5001,1,2,3,0,-1,2}')$$);
SELECT pg_temp.err($$SELECT pmkt.entropy_weights(ARRAY[v, 1]) FROM (VALUES (1.7e308::float8), (1.7e308)) t(v)$$);
-- ols [tag, parameters + 1, intercept, n, Gram hi, Gram lo]
SELECT pg_temp.err($$SELECT pmkt.ols_final(array_cat('{6001,NaN,1,3}'::float8[], array_fill(0::float8, ARRAY[16])))$$);
SELECT pg_temp.err($$SELECT pmkt.ols_final(array_cat('{6001,2,1,-3}'::float8[], array_fill(0::float8, ARRAY[16])))$$);
SELECT pg_temp.err($$SELECT pmkt.ols_final(array_cat('{6001,2,1,3}'::float8[], array_fill(0::float8, ARRAY[16])))$$);
SELECT pg_temp.err($$SELECT pmkt.ols_final(array_cat('{6001,2,0.5,3}'::float8[], array_fill(0::float8, ARRAY[16])))$$);
SELECT pg_temp.err($$SELECT pmkt.ols_combine(array_cat('{6001,2,1,3}'::float8[], array_fill(0::float8, ARRAY[16])),
                                               array_cat('{6001,2,1,3.5}'::float8[], array_fill(0::float8, ARRAY[16])))$$);
-- logistic_step [tag, p, intercept, n, log-likelihood, perfect, positives,
-- beta p, gradient p, Hessian p x p]: only the combine function takes
-- states.  A real state (x = 1, 2; y = 1, 0; beta 0) combines with itself;
-- with positives (slot 7) above n, or a NaN in the Hessian, it is named.
CREATE TABLE ls AS SELECT pmkt.logistic_step(ARRAY[x], y, '{0}') s FROM (VALUES (1::float8, 1::float8), (2, 0)) t(x, y);
-- at beta 0: n 2 + 2, log-likelihood 4 log(1/2) = -2.77258872223978,
-- positives 1 + 1, gradient sum (y - 1/2) x = 2 (1/2 - 1) = -1, Hessian
-- sum x^2 / 4 = 2 (5/4) = 2.5
SELECT pmkt.logistic_step_combine(s, s) FROM ls;
SELECT pg_temp.err($$SELECT pmkt.logistic_step_combine(s, s || '{}') FROM (SELECT s[1:6] || '{3}'::float8[] || s[8:10] AS s FROM ls) q$$);
SELECT pg_temp.err($$SELECT pmkt.logistic_step_combine(s, s) FROM (SELECT s[1:9] || '{NaN}'::float8[] AS s FROM ls) q$$);
SELECT pg_temp.err($$SELECT pmkt.logistic_step_combine(s, s) FROM (SELECT s[1:3] || '{-2}'::float8[] || s[5:10] AS s FROM ls) q$$);
DROP TABLE ls;

-- ---------------------------------------------------------------------------
-- valid states shipped between workers: a forced parallel plan (Partial
-- Aggregate in the workers, states through the combine functions) gives
-- the serial answer
-- ---------------------------------------------------------------------------
CREATE TABLE hs (i int, x float8, y float8);
INSERT INTO hs SELECT g, g % 7, (g % 5) * 2.0 FROM generate_series(1, 3000) g;
ANALYZE hs;
CREATE TEMP TABLE serial AS
SELECT pmkt.nps((i % 11)) AS nps, pmkt.conversion_rate(i % 3 = 0) AS conv,
       pmkt.column_ranges(ARRAY[x, y]) AS ranges, (pmkt.regression_metrics(y, x)).sse AS sse,
       (pmkt.kmeans_step(ARRAY[x, y], '{{0,0},{6,8}}')).centroids AS km,
       (pmkt.pca_components(ARRAY[x, y])).eigenvalues AS pca,
       pmkt.entropy_weights(ARRAY[x + 1, y + 1]) AS ent,
       (pmkt.kmeans_step(ARRAY[x, y], '{{0,0},{6,8},{3,3},{1,7}}') FILTER (WHERE i % 1000 = 0)).centroids AS km_few
FROM hs;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.nps((i % 11)) FROM hs;
CREATE TEMP TABLE par AS
SELECT pmkt.nps((i % 11)) AS nps, pmkt.conversion_rate(i % 3 = 0) AS conv,
       pmkt.column_ranges(ARRAY[x, y]) AS ranges, (pmkt.regression_metrics(y, x)).sse AS sse,
       (pmkt.kmeans_step(ARRAY[x, y], '{{0,0},{6,8}}')).centroids AS km,
       (pmkt.pca_components(ARRAY[x, y])).eigenvalues AS pca,
       pmkt.entropy_weights(ARRAY[x + 1, y + 1]) AS ent,
       (pmkt.kmeans_step(ARRAY[x, y], '{{0,0},{6,8},{3,3},{1,7}}') FILTER (WHERE i % 1000 = 0)).centroids AS km_few
FROM hs;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
-- i % 11 over 1..3000 (counted in Python): scores 0, 9 and 10 occur 272
-- times, 1..8 273 times: promoters 544, detractors 272 + 6 * 273 = 1910;
-- NPS = 100 (544 - 1910) / 3000 = -45.5333...; conversion 1000 / 3000;
-- ranges x 0..6, y 0..8.  km_few: 3 rows (i = 1000, 2000, 3000: (6, 0),
-- (5, 0), (4, 0)) for 4 clusters, so the farthest-rows tables have unused
-- entries: nearest centroids (3,3), (3,3), (3,3) (squared distances 18,
-- 13, 10 against 36+, 25+, 16+); clusters 1, 2, 4 are empty and take the
-- rows in order of distance: (6,0), (5,0), then cluster 4 gets (4,0);
-- cluster 3 is left with sum 0: {{6,0},{5,0},{0,0},{4,0}}
SELECT s.nps = p.nps AS nps_same, round(p.nps::numeric, 10) AS nps, round(100 * (544 - 1910) / 3000.0, 10) AS nps_by_hand,
       s.conv = p.conv AS conv_same, p.conv, s.ranges = p.ranges AS ranges_same, p.ranges,
       abs(s.sse - p.sse) <= 1e-9 * s.sse AS sse_same,
       (SELECT bool_and(abs(a - b) <= 1e-9) FROM unnest(s.km, p.km) u(a, b)) AS km_same,
       (SELECT bool_and(abs(a - b) <= 1e-9) FROM unnest(s.pca, p.pca) u(a, b)) AS pca_same,
       (SELECT bool_and(abs(a - b) <= 1e-12) FROM unnest(s.ent, p.ent) u(a, b)) AS ent_same,
       s.km_few = p.km_few AS km_few_same, p.km_few
FROM serial s, par p;

-- ---------------------------------------------------------------------------
-- LAPACK on user data: the issue's rbf_train reproducer raised XX000
-- ---------------------------------------------------------------------------
SELECT pg_temp.err($$SELECT pmkt.rbf_train('SELECT ARRAY[v], 1::float8 FROM (VALUES (2.4e142::float8), (1.5)) t(v)', 2, epsilon => 1e-300)$$);

-- ---------------------------------------------------------------------------
-- item 7: overflow is an error (22003), never Infinity
-- ---------------------------------------------------------------------------
-- a relu network y = 2 relu(x) + 0 (inputs and target unscaled): finite
-- for x = 3 (6 by hand), Infinity for x = 1e308 before the fix
CREATE TABLE relu_model AS SELECT '{"format": "pmkt.nnmodel", "version": 1, "kind": "bpnn",
  "inputs": 1, "hidden": 1, "outputs": 1, "hidden_activation": "relu",
  "output_activation": "identity", "optimizer": "adam", "learning_rate": 0.001,
  "epochs": 0, "n_train": 0, "n_validation": 0, "train_mse": null,
  "validation_mse": null, "cluster_sse": null,
  "input_mean": [0], "input_scale": [1], "target_mean": [0], "target_scale": [1],
  "hidden_weights": [[1]], "hidden_bias": [0],
  "output_weights": [[2]], "output_bias": [0], "curve": []}'::pmkt.nnmodel AS m;
SELECT pmkt.nn_predict(m, ARRAY[3]::float8[]) AS six, pmkt.nn_predict_all(m, ARRAY[3]::float8[]) AS six_all FROM relu_model;
SELECT pg_temp.err($$SELECT pmkt.nn_predict(m, ARRAY[1e308]::float8[]) FROM relu_model$$);
SELECT pg_temp.err($$SELECT pmkt.nn_predict(m, ARRAY[x]) FROM relu_model, (VALUES (1e308::float8)) t(x)$$);
SELECT pg_temp.err($$SELECT pmkt.bpnn_predict(m, ARRAY[1e308]::float8[]) FROM relu_model$$);
SELECT pg_temp.err($$SELECT pmkt.nn_predict_all(m, ARRAY[1e308]::float8[]) FROM relu_model$$);
SELECT pg_temp.err($$SELECT pmkt.nn_evaluate(m, 'SELECT ARRAY[1e308::float8], 1::float8') FROM relu_model$$);
-- ols_predict: y = 1 + 2 x fitted exactly on (0, 1), (1, 3), (2, 5)
CREATE TABLE ols_model AS SELECT pmkt.ols(y, ARRAY[x]) AS m FROM (VALUES (0::float8, 1::float8), (1, 3), (2, 5)) t(x, y);
SELECT round(pmkt.ols_predict(ARRAY[10]::float8[], m)::numeric, 9) AS twenty_one FROM ols_model;
SELECT pg_temp.err($$SELECT pmkt.ols_predict(ARRAY[1e308]::float8[], m) FROM ols_model$$);
SELECT pg_temp.err($$SELECT pmkt.ols_predict(ARRAY[1]::float8[], ROW('{1,NaN}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, NULL)::pmkt.ols_result)$$);
-- logistic_predict, composite_score, kmeans_assign
SELECT pg_temp.err($$SELECT pmkt.logistic_predict(ARRAY[1e308, -1e308]::float8[], ROW('{0,1e10,1e10}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, NULL)::pmkt.logistic_result)$$);
SELECT pg_temp.err($$SELECT pmkt.composite_score(ARRAY[1e308, 1e308], ARRAY[1, 1])$$);
SELECT pg_temp.err($$SELECT pmkt.kmeans_assign(ARRAY[1e200]::float8[], '{{-1e200},{-2e200}}'::float8[])$$);

-- the money metrics, normalisation and PCA scores: finite arguments whose
-- result exceeds double precision (1e308 / 1e-10, 2e308, 1e308 (2 + 4) with
-- discount rate -0.5, (1e308 + 1e308) / (1e308 + 1e308) = Inf / Inf, z =
-- 1e308 / sd with sd 0.1)
SELECT pg_temp.err($$SELECT pmkt.roi(1e308, 1e-10)$$);
SELECT pg_temp.err($$SELECT pmkt.growth_rate(1e308, -1e308)$$);
SELECT pg_temp.err($$SELECT pmkt.clv(ARRAY[1e308, 1e308], ARRAY[0, 0], -0.5)$$);
SELECT pg_temp.err($$SELECT pmkt.minmax_normalize(1e308, -1e308, 1e308)$$);
SELECT pg_temp.err($$SELECT pmkt.normalize(ARRAY[1e308], '{{-1e308},{1e308}}')$$);
SELECT pg_temp.err($$SELECT pmkt.pca_project(ARRAY[1e308, 1e308], p) FROM (SELECT pmkt.pca_components(ARRAY[x, y]) p
                   FROM (VALUES (0::float8, 0::float8), (0.1, 0.2), (0.2, 0.1)) t(x, y)) q$$);
-- the same functions on moderate values: roi 50 / 200 * 100 = 25, growth
-- (150 - 100) / 100 = 0.5, clv 10 / 1.1 + 10 / 1.21 = 17.3553719008264,
-- minmax (5 - 0) / (10 - 0) + 0.001 = 0.501
SELECT pmkt.roi(50, 200), pmkt.growth_rate(150, 100), round(pmkt.clv(ARRAY[10, 10], ARRAY[0, 0], 0.1)::numeric, 10),
       pmkt.minmax_normalize(5, 0, 10);

-- nnmodel_recv: a non-finite parameter is an invalid binary representation
-- (22P03), as the text input's is an invalid text one (22P02).  The binary
-- value is nnmodel_send's with its first parameter (byte 93 on: after 11
-- int4, 2 int8 and 4 float8 header fields) set to NaN, read back by COPY.
CREATE TABLE recv_in (b bytea);
INSERT INTO recv_in SELECT overlay(pmkt.nnmodel_send(m) PLACING '\x7ff8000000000000'::bytea FROM 93 FOR 8) FROM relu_model;
CREATE TABLE recv_out (m pmkt.nnmodel);
DO $$
DECLARE f text := '/tmp/pmkt_hardening_states_' || pg_backend_pid() || '.bin';
BEGIN
  EXECUTE format('COPY recv_in TO %L (FORMAT binary)', f);
  BEGIN
    EXECUTE format('COPY recv_out FROM %L (FORMAT binary)', f);
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'recv: %: %', SQLSTATE, SQLERRM;
  END;
  -- the untampered value still reads back
  TRUNCATE recv_in;
  INSERT INTO recv_in SELECT pmkt.nnmodel_send(m) FROM relu_model;
  EXECUTE format('COPY recv_in TO %L (FORMAT binary)', f);
  EXECUTE format('COPY recv_out FROM %L (FORMAT binary)', f);
  EXECUTE format('COPY (SELECT WHERE false) TO PROGRAM %L', 'rm -f ' || f);  -- leave no file behind (no row: nothing written to rm, which does not read its input)
END $$;
SELECT pmkt.nn_predict(m, ARRAY[3]::float8[]) AS six FROM recv_out;
-- the text input of the same value: 22P02
SELECT pg_temp.err($$SELECT replace(m::text, '"output_weights": [[2]]', '"output_weights": [[1e309]]')::pmkt.nnmodel FROM relu_model$$);

DROP TABLE hs, relu_model, ols_model, recv_in, recv_out;
