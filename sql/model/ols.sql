-- ols: pmkt.ols, pmkt.ols_report, pmkt.ols_predict.
-- Reference: statsmodels 0.13 OLS on the data below (test/model/ols_ref.py prints
-- the data and every figure in the ref table).
CREATE TEMP TABLE d(i int, y float8, x1 float8, x2 float8, x3 float8);
INSERT INTO d VALUES
(1, 1.6321, 0.0416, 0.3956, 2.0589),
(2, 7.7584, 6.152, -0.7921, 3.2919),
(3, 10.8814, 9.8399, 0.9136, 2.9249),
(4, 6.6703, 5.3777, 1.911, 2.7796),
(5, 4.9343, 0.9319, 0.3065, 4.5215),
(6, 7.9334, 6.0166, -1.45, 2.5783),
(7, 9.5312, 7.379, -1.3292, 2.8461),
(8, 5.7181, 5.3561, -0.8076, 1.7731),
(9, 3.6246, 2.2639, 1.3291, 1.6203),
(10, 9.242, 8.5775, 1.1899, 4.2261),
(11, 4.67, 2.2947, -1.4582, 2.1303),
(12, 9.5023, 7.0515, -1.7849, 2.2082),
(13, 8.3485, 9.3681, -1.6105, 0.6858),
(14, 2.6677, 1.8376, 1.2451, 2.8454),
(15, 2.0248, 0.3495, 0.3861, 1.6897),
(16, 4.5602, 0.9485, 0.2632, 3.0279),
(17, 9.2105, 7.6828, -0.4163, 3.6304),
(18, 9.2169, 9.4768, -0.8075, 2.8588),
(19, 8.329, 3.183, -0.5636, 3.29),
(20, 4.5184, 0.4337, 1.2894, 3.3914),
(21, 5.5357, 4.3876, 1.3283, 2.8063),
(22, 4.3213, 0.4248, 1.5936, 2.384),
(23, 5.1982, 6.5766, 0.2874, 3.0647),
(24, 6.2139, 6.2577, 0.1684, 2.8839),
(25, 7.1902, 4.0129, -0.4541, 4.5071),
(26, 9.0174, 3.4677, -0.7575, 5.4992),
(27, 9.8424, 5.8176, -0.0572, 5.0341),
(28, 8.2991, 8.8269, 0.1211, 1.7763),
(29, 6.9914, 2.3138, 1.2214, 3.7439),
(30, 3.9265, 1.4354, -0.6262, 0.1765),
(31, 5.7578, 0.9223, -1.3495, 2.6258),
(32, 9.2788, 7.2124, -0.1789, 2.7446),
(33, 11.1794, 9.0599, 1.1929, 3.9971),
(34, 6.9018, 5.4593, 0.9665, 3.3731),
(35, 3.067, 0.57, 0.3597, 2.4651),
(36, 5.4077, 5.5135, 1.5005, 1.0497),
(37, 9.0147, 7.2451, 0.7724, 2.3532),
(38, 4.0787, 4.7087, 1.6624, 2.1313),
(39, 1.8135, 0.2373, 1.5697, 1.1729),
(40, 11.5472, 9.7887, -0.918, 2.8146)
;
CREATE TEMP TABLE ref(intercept boolean, coefficients float8[], std_errors float8[],
  t_values float8[], p_values float8[], r_squared float8, adj_r_squared float8,
  f_statistic float8, f_p_value float8, log_likelihood float8, aic float8,
  bic float8, condition_number float8, residual_std_error float8);
INSERT INTO ref VALUES
(true, '{1.2679792139463053,0.6497754715700671,-0.47691637241698415,0.8588171240114949}',
 '{0.5119412412330169,0.05627392198520263,0.1657595239307065,0.1552155844094501}',
 '{2.4768061484797776,11.546653381310923,-2.8771581934341977,5.533059887504485}',
 '{0.018089152663034284,1.164388802443302e-13,0.006706490217609416,2.925471655750649e-06}',
 0.8557633948319932, 0.8437436777346592, 71.19663365636202, 3.3145513151582648e-15,
 -57.55169775500469, 123.10339551000938, 129.8589133264651, 19.389030781931375,
 1.075229544442503),
(false, '{0.7106262566325678,-0.420337118293839,1.1585323401175542}',
 '{0.05402638322104189,0.17519961733512135,0.10373034555495195}',
 '{13.153319068669346,-2.399189705362309,11.16869257418807}',
 '{1.603016491946255e-15,0.021583462869381002,2.0734318050345268e-13}',
 0.9762559135252653, 0.9743307173246112, 507.09424483257436, 4.340275244449048e-30,
 -60.698689245052456, 127.39737849010491, 132.46401685244672, 6.102016231956749,
 1.147412570376123);

CREATE FUNCTION pg_temp.rel(a float8, b float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) / greatest(abs(b), 1e-300) $$;
CREATE FUNCTION pg_temp.maxrel(a float8[], b float8[]) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN cardinality(a) = cardinality(b)
              THEN (SELECT max(pg_temp.rel(u, v)) FROM unnest(a, b) AS t(u, v)) END
$$;

-- every field against statsmodels (relative error below 1e-9)
CREATE TEMP TABLE fit AS
SELECT true AS intercept, pmkt.ols(y, ARRAY[x1, x2, x3]) AS r FROM d
UNION ALL
SELECT false, pmkt.ols(y, ARRAY[x1, x2, x3], false) FROM d;
SELECT f.intercept, (r).n, (r).df_model, (r).df_residual, (r).rank, (r).intercept AS model_intercept,
       pg_temp.maxrel((r).coefficients, ref.coefficients) < 1e-9 AS coef_ok,
       pg_temp.maxrel((r).std_errors, ref.std_errors) < 1e-9 AS se_ok,
       pg_temp.maxrel((r).t_values, ref.t_values) < 1e-9 AS t_ok,
       pg_temp.maxrel((r).p_values, ref.p_values) < 1e-9 AS p_ok,
       pg_temp.rel((r).r_squared, ref.r_squared) < 1e-9 AS r2_ok,
       pg_temp.rel((r).adj_r_squared, ref.adj_r_squared) < 1e-9 AS adj_ok,
       pg_temp.rel((r).f_statistic, ref.f_statistic) < 1e-9 AS f_ok,
       pg_temp.rel((r).f_p_value, ref.f_p_value) < 1e-9 AS fp_ok,
       pg_temp.rel((r).log_likelihood, ref.log_likelihood) < 1e-9 AS ll_ok,
       pg_temp.rel((r).aic, ref.aic) < 1e-9 AS aic_ok,
       pg_temp.rel((r).bic, ref.bic) < 1e-9 AS bic_ok,
       pg_temp.rel((r).condition_number, ref.condition_number) < 1e-9 AS cond_ok,
       pg_temp.rel((r).residual_std_error, ref.residual_std_error) < 1e-9 AS rse_ok
FROM fit f JOIN ref USING (intercept) ORDER BY 1 DESC;

-- the regression table (study A's shape)
SELECT variable, round(coefficient::numeric, 4) AS coefficient,
       round(std_error::numeric, 4) AS std_error, round(t_value::numeric, 3) AS t_value,
       round(p_value::numeric, 6) AS p_value, stars
FROM pmkt.ols_report((SELECT r FROM fit WHERE intercept),
                     ARRAY['ad_spend', 'price_adjustment', 'service_rating'], digits => 12);
SELECT variable, round(coefficient::numeric, 4) AS coefficient, stars
FROM pmkt.ols_report((SELECT r FROM fit WHERE NOT intercept), digits => 12);
SELECT variable FROM pmkt.ols_report((SELECT r FROM fit WHERE intercept));
SELECT variable FROM pmkt.ols_report((SELECT r FROM fit WHERE intercept),
                                     ARRAY['const', 'a', 'b', 'c']);
SELECT round((r).r_squared::numeric, 6) AS r2, round((r).f_statistic::numeric, 4) AS f,
       round((r).aic::numeric, 4) AS aic, round((r).condition_number::numeric, 4) AS cond
FROM fit WHERE intercept;

-- predict: b0 + b . x
SELECT i, round(pmkt.ols_predict(ARRAY[x1, x2, x3], (SELECT r FROM fit WHERE intercept))::numeric, 10)
        = round((1.2679792139463053 + 0.6497754715700671 * x1 - 0.47691637241698415 * x2
                 + 0.8588171240114949 * x3)::numeric, 10) AS same
FROM d WHERE i <= 3;
SELECT round(pmkt.ols_predict(ARRAY[1, 2, 3]::float8[], (SELECT r FROM fit WHERE NOT intercept))::numeric, 10)
     = round((0.7106262566325678 - 2 * 0.420337118293839 + 3 * 1.1585323401175542)::numeric, 10) AS same;

-- rows with NULL y, NULL x or a NULL element are skipped
INSERT INTO d VALUES (41, NULL, 1, 2, 3), (42, 5, NULL, 2, 3), (43, 5, 1, 2, NULL);
SELECT (pmkt.ols(y, CASE WHEN i = 42 THEN NULL ELSE ARRAY[x1, x2, x3] END)).n,
       pg_temp.maxrel((pmkt.ols(y, CASE WHEN i = 42 THEN NULL ELSE ARRAY[x1, x2, x3] END)).coefficients,
                      (SELECT coefficients FROM ref WHERE intercept)) < 1e-9 AS same
FROM d;
DELETE FROM d WHERE i > 40;

-- empty input: NULL
SELECT pmkt.ols(y, ARRAY[x1]) IS NULL AS is_null FROM d WHERE false;
SELECT pmkt.ols(y, NULL::float8[]) IS NULL AS all_rows_skipped FROM d;
SELECT count(*) AS report_rows FROM pmkt.ols_report((SELECT pmkt.ols(y, ARRAY[x1]) FROM d WHERE false));

-- the state survives a text round trip, and combining two halves equals
-- one pass over all rows
CREATE AGGREGATE pg_temp.ols_state(float8, float8[]) (
  SFUNC = pmkt.ols_sfunc, STYPE = float8[], COMBINEFUNC = pmkt.ols_combine);
CREATE TEMP TABLE st AS
SELECT (SELECT pg_temp.ols_state(y, ARRAY[x1, x2, x3]) FROM d) AS s_all,
       (SELECT pg_temp.ols_state(y, ARRAY[x1, x2, x3]) FROM d WHERE i <= 17) AS s1,
       (SELECT pg_temp.ols_state(y, ARRAY[x1, x2, x3]) FROM d WHERE i > 17) AS s2;
SELECT cardinality(s_all) AS state_len, s_all::text::float8[] = s_all AS text_round_trip,
       pmkt.ols_final(s_all::text::float8[]) = pmkt.ols_final(s_all) AS same_fit
FROM st;
SELECT pg_temp.maxrel((pmkt.ols_final(pmkt.ols_combine(s1::text::float8[], s2::text::float8[]))).coefficients,
                      (pmkt.ols_final(s_all)).coefficients) < 1e-13 AS combine_coef,
       pg_temp.maxrel((pmkt.ols_final(pmkt.ols_combine(s2, s1))).std_errors,
                      (pmkt.ols_final(s_all)).std_errors) < 1e-13 AS combine_se
FROM st;
-- the state size depends on the regressors only: 4 + 2 m s = 84 for
-- m = 5 columns [1 x1 x2 x3 y] (s = 8, m rounded up to 4), whatever the rows
SELECT cardinality(pg_temp.ols_state(y, ARRAY[x1, x2, x3])) FROM d, generate_series(1, 50);

-- a forced parallel plan gives the serial answer
CREATE TABLE big AS
SELECT g AS i, (g % 97) / 9.7 AS x1, sin(g * 0.37) AS x2, ((g * 7919) % 1000) / 250.0 AS x3,
       1.5 + 0.75 * ((g % 97) / 9.7) - 0.35 * sin(g * 0.37) + 0.65 * (((g * 7919) % 1000) / 250.0)
         + cos(g * 1.618) AS y
FROM generate_series(1, 60000) g;
ANALYZE big;
CREATE TEMP TABLE serial AS SELECT pmkt.ols(y, ARRAY[x1, x2, x3]) AS r FROM big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.ols(y, ARRAY[x1, x2, x3]) FROM big;
CREATE TEMP TABLE par AS SELECT pmkt.ols(y, ARRAY[x1, x2, x3]) AS r FROM big;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
SELECT (p.r).n, pg_temp.maxrel((p.r).coefficients, (s.r).coefficients) < 1e-12 AS coef_same,
       pg_temp.maxrel((p.r).std_errors, (s.r).std_errors) < 1e-12 AS se_same,
       pg_temp.rel((p.r).r_squared, (s.r).r_squared) < 1e-12 AS r2_same,
       array_to_string(ARRAY(SELECT round(c::numeric, 3) FROM unnest((p.r).coefficients) c), ', ') AS coefficients
FROM par p, serial s;
DROP TABLE big;

-- rank deficiency: x3 = x1 + 2 x2 (computed in double) is a linear
-- combination; the fit reports rank 3 of 4 parameters and NULL estimates
SELECT (r).rank, (r).n, (r).coefficients IS NULL AS no_coefficients,
       (r).r_squared IS NULL AS no_r2, (r).condition_number > 1e12 AS ill_conditioned
FROM (SELECT pmkt.ols(y, ARRAY[x1, x2, x1 + 2 * x2]) AS r FROM d) s;
SELECT (pmkt.ols(y, ARRAY[x1, 3 * x1])).rank FROM d;
SELECT * FROM pmkt.ols_report((SELECT pmkt.ols(y, ARRAY[x1, 3 * x1]) FROM d));
SELECT pmkt.ols_predict(ARRAY[1, 2]::float8[], (SELECT pmkt.ols(y, ARRAY[x1, 3 * x1]) FROM d));

-- errors
SELECT pmkt.ols(y, CASE WHEN i = 5 THEN ARRAY[x1, x2] ELSE ARRAY[x1, x2, x3] END) FROM d;
SELECT pmkt.ols(y, ARRAY[x1, CASE WHEN i = 5 THEN 'NaN' ELSE x2 END]) FROM d;
SELECT pmkt.ols(CASE WHEN i = 5 THEN 'Infinity' ELSE y END, ARRAY[x1]) FROM d;
SELECT pmkt.ols(y, ARRAY[x1], NULL) FROM d;
SELECT pmkt.ols(y, ARRAY[]::float8[]) FROM d;
SELECT pmkt.ols(y, ARRAY[x1, x2, x3]) FROM d WHERE i <= 4;
SELECT pmkt.ols(y, ARRAY[x1, x2, x3], false) FROM d WHERE i <= 3;
SELECT * FROM pmkt.ols_report((SELECT r FROM fit WHERE intercept), ARRAY['a', 'b']);
SELECT * FROM pmkt.ols_report((SELECT r FROM fit WHERE intercept), ARRAY['a', NULL, 'c']);
SELECT pmkt.ols_predict(ARRAY[1, 2]::float8[], (SELECT r FROM fit WHERE intercept));
SELECT pmkt.ols_predict(ARRAY[1, 'NaN'::float8, 3], (SELECT r FROM fit WHERE intercept));
SELECT pmkt.ols(y * 1e200, ARRAY[x1 * 1e200]) FROM d;
SELECT pmkt.ols_final('{1, 2, 3}');
SELECT pmkt.ols_combine((SELECT s1 FROM st), (SELECT pg_temp.ols_state(y, ARRAY[x1]) FROM d));
\set VERBOSITY sqlstate
SELECT pmkt.ols(y, CASE WHEN i = 5 THEN ARRAY[x1, x2] ELSE ARRAY[x1, x2, x3] END) FROM d;
SELECT pmkt.ols(y, ARRAY[x1, CASE WHEN i = 5 THEN 'NaN' ELSE x2 END]) FROM d;
SELECT pmkt.ols(y, ARRAY[x1, x2, x3]) FROM d WHERE i <= 4;
SELECT pmkt.ols_predict(ARRAY[1, 2]::float8[], (SELECT r FROM fit WHERE intercept));
SELECT pmkt.ols_final('{1, 2, 3}');
SELECT pmkt.ols(y * 1e200, ARRAY[x1 * 1e200]) FROM d;
\set VERBOSITY default
