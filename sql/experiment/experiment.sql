-- pmkt.experiment / pmkt.experiment_report (issue 15).  Reference values:
-- test/experiment/experiment_ref.py (scipy, statsmodels, numpy; numerical
-- integration for the sequential and Bayesian figures), quoted below.
-- Output of the reference script (every figure below agrees to the digits shown):
-- Welch (scipy ttest_ind equal_var=False; statsmodels multipletests holm / fdr_bh)
--  a: mv 14.42481095, mc 13.94320201, lift 0.4816089419, lo 0.09061906593, hi 0.8725988178, rel 0.03454077059, rlo 0.006165944685, rhi 0.06291559649, t 2.421726471, df 390.5447784, p 0.01590161064, holm 0.03180322129, bh 0.03180322129
--  b: mv 13.93150648, mc 13.94320201, lift -0.01169552905, lo -0.3836209499, hi 0.3602298918, rel -0.0008387979351, rlo -0.02742119826, rhi 0.02574360239, t -0.06182125091, df 397.0986101, p 0.9507362835, holm 0.9507362835, bh 0.9507362835
-- CUPED theta 0.790052973036 (pooled covariate rows, 588 of 600 units)
-- CUPED: Welch on y - theta (x - mean x); OLS y ~ arm + x for comparison
--  a: nv 196, nc 196, lift 0.4902101303, lo 0.317963579, hi 0.6624566816, t 5.595381911, df 389.9876053, p 4.152917544e-08, vr 0.8076687219, ols 0.4902157964, ols_se 0.0876248693
--  b: nv 196, nc 196, lift -0.02056862451, lo -0.1923954711, hi 0.1512582221, t -0.2353489018, df 389.9997663, p 0.8140614713, vr 0.7914336537, ols -0.02059004969, ols_se 0.08762651431
-- sequential (expected_n 1000: mixture LR by quadrature) and Bayesian flat prior (quadrature)
--  a: seq_lo -0.1396172623, seq_hi 1.102835146, seq_p 0.2197137055, pbeat 0.9914806302, loss 4.109402013e-05, cr_lo 0.006165944685, cr_hi 0.06291559649, mde 0.5571514821
--  b: seq_lo -0.6026613958, seq_hi 0.5792703377, seq_p 1, pbeat 0.4753427562, loss 0.005840477299, cr_lo -0.02742119826, cr_hi 0.02574360239, mde 0.5300122666
-- Bayesian, prior N(0, 0.05^2): posterior by quadrature
--  a: pbeat 0.9890396425, loss 5.216363304e-05, cr_lo 0.004613673671, cr_hi 0.0591243321
--  b: pbeat 0.4762016664, loss 0.005621983088, cr_lo -0.02643661902, cr_hi 0.02487399875
-- two proportions (statsmodels proportions_ztest, confint_proportions_2indep wald)
--  a: pv 0.37, pc 0.29, z 1.70135764, p 0.08887585044, lo -0.01182593376, hi 0.1718259338
--  b: pv 0.295, pc 0.29, z 0.1099116802, p 0.9124794192, lo -0.0841595135, hi 0.0941595135
-- ratio spend / visits, delta method
--  a: mv 5.769924381, mc 5.577280804, lift 0.1926435768, lo -0.3310491299, hi 0.7163362835, z 0.7209847826, p 0.4709188774
--  b: mv 5.572602592, mc 5.577280804, lift -0.004678211622, lo -0.513114268, hi 0.5037578448, z -0.01803398122, p 0.9856117447
-- ratio report p-values (a num, den, ratio, b num, den, ratio): ['0.015901610643', '1.000000000000', '0.470918877431', '0.950736283536', '1.000000000000', '0.985611744723']
--   holm: ['0.095409663859', '1.000000000000', '1.000000000000', '1.000000000000', '1.000000000000', '1.000000000000']
--   bh:   ['0.095409663859', '1.000000000000', '1.000000000000', '1.000000000000', '1.000000000000', '1.000000000000']
-- SRM counts [200, 200, 133] chisquare p 0.000219943725663067 (scipy, 15 digits; the report with digits => NULL
-- gives the float8 exactly, 0.0002199437256630669)
-- SRM split 2:1:1 p 3.338237795365e-15
-- half 0 lifts: ['0.5366089419', '0.0432178838']
-- half 1 lifts: ['0.4266089419', '-0.0666089419']
-- p_adjust holm [0.03 0.06 0.06 0.02] bh [0.02 0.04 0.04 0.02]
SET extra_float_digits = 0;
CREATE TABLE xunits AS
SELECT g AS unit,
       CASE g % 3 WHEN 0 THEN 'control' WHEN 1 THEN 'a' ELSE 'b' END AS variant,
       ((g * 2654435761) % 1000003)::float8 / 1000003 AS u1,
       ((g * 40503) % 65521)::float8 / 65521 AS u2,
       g
FROM generate_series(1, 600) g;
CREATE VIEW xrows AS
SELECT unit, variant,
       CASE WHEN g % 50 = 0 THEN NULL ELSE 10 + 5 * u1 + (g % 7) END AS pre,
       0.8 * (10 + 5 * u1 + (g % 7)) + 3 * u2 + CASE variant WHEN 'a' THEN 0.5 ELSE 0 END AS spend,
       (1 + g % 4)::float8 AS visits,
       (u2 < 0.3 + CASE variant WHEN 'a' THEN 0.08 ELSE 0 END)::int::float8 AS converted
FROM xunits;

-- the state: text form round-trips exactly
SELECT pmkt.experiment(variant, spend, pre)::text::pmkt.experiment_state::text
     = pmkt.experiment(variant, spend, pre)::text AS text_round_trip FROM xrows;

-- plain Welch on spend
SELECT variant, metric, test, n_variant, n_control, round(mean_variant::numeric, 10) AS mv,
       round(mean_control::numeric, 10) AS mc, round(lift::numeric, 10) AS lift,
       round(lift_lower::numeric, 10) AS lo, round(lift_upper::numeric, 10) AS hi,
       round(relative_lift::numeric, 10) AS rel, round(relative_lower::numeric, 10) AS rlo,
       round(relative_upper::numeric, 10) AS rhi,
       round(statistic::numeric, 10) AS t, round(df::numeric, 8) AS df, p_value::numeric(20,12) AS p,
       p_holm::numeric(20,12) AS holm, p_bh::numeric(20,12) AS bh, decision
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', digits => NULL);

-- CUPED
SELECT variant, n_variant, n_control, cuped, covariate_missing, round(lift::numeric, 10) AS lift,
       round(lift_lower::numeric, 10) AS lo, round(lift_upper::numeric, 10) AS hi,
       round(statistic::numeric, 10) AS t, round(df::numeric, 8) AS df, p_value::numeric(20,12) AS p,
       round(variance_reduction::numeric, 10) AS vr
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend, pre) FROM xrows), 'control', digits => NULL);

-- sequential and Bayesian columns
SELECT variant, round(seq_lower::numeric, 10) AS seq_lo, round(seq_upper::numeric, 10) AS seq_hi,
       seq_p_value::numeric(20,12) AS seq_p, prob_beat_control::numeric(20,12) AS pbeat,
       round(expected_loss::numeric, 12) AS loss, round(credible_lower::numeric, 10) AS cr_lo,
       round(credible_upper::numeric, 10) AS cr_hi, round(mde::numeric, 10) AS mde
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control',
                            cuped => false, decide_by => 'sequential', expected_n => 1000, digits => NULL);
SELECT variant, prob_beat_control::numeric(20,12) AS pbeat, round(expected_loss::numeric, 12) AS loss,
       round(credible_lower::numeric, 10) AS cr_lo, round(credible_upper::numeric, 10) AS cr_hi, decision
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control',
                            decide_by => 'bayesian', prior_sd => 0.05, digits => NULL);

-- two proportions
SELECT variant, round(mean_variant::numeric, 10) AS pv, round(mean_control::numeric, 10) AS pc,
       round(statistic::numeric, 10) AS z, p_value::numeric(20,12) AS p,
       round(lift_lower::numeric, 10) AS lo, round(lift_upper::numeric, 10) AS hi
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, converted) FROM xrows), 'control', test => 'proportion', digits => NULL);

-- ratio metric: spend per visit
SELECT variant, metric, test, round(mean_variant::numeric, 10) AS mv, round(mean_control::numeric, 10) AS mc,
       round(lift::numeric, 10) AS lift, round(lift_lower::numeric, 10) AS lo, round(lift_upper::numeric, 10) AS hi,
       round(statistic::numeric, 10) AS stat, p_value::numeric(20,12) AS p, p_holm::numeric(20,12) AS holm,
       p_bh::numeric(20,12) AS bh
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend, visits, pre) FROM xrows), 'control', digits => NULL);

-- SRM: drop a third of arm b's units
SELECT DISTINCT srm_p_value::numeric(30,25) AS srm_p, srm, decision
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows WHERE NOT (variant = 'b' AND unit % 3 = 2 AND unit % 9 < 4)), 'control', digits => NULL);
SELECT DISTINCT srm_p_value::numeric(20,15) AS srm_p, srm
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', split => '{2,1,1}', digits => NULL);

-- GROUP BY a dimension
SELECT unit % 2 AS half, r.variant, r.n_variant, round(r.lift::numeric, 10) AS lift
FROM (SELECT unit % 2 AS k, pmkt.experiment(variant, spend) AS s FROM xrows GROUP BY 1) q(unit, s),
     pmkt.experiment_report(s, 'control', digits => NULL) r ORDER BY 1, 2;

-- p_adjust
SELECT pmkt.p_adjust('{0.01,0.04,0.03,NULL,0.005}', 'holm') AS holm,
       pmkt.p_adjust('{0.01,0.04,0.03,NULL,0.005}', 'bh') AS bh;

-- a forced parallel plan gives the serial figures (compensated sums)
CREATE TABLE xbig AS
SELECT CASE g % 3 WHEN 0 THEN 'control' WHEN 1 THEN 'a' ELSE 'b' END AS variant,
       1e6 + ((g * 2654435761) % 1000003)::float8 / 7 + (g % 3) AS y,
       ((g * 40503) % 65521)::float8 / 13 AS x
FROM generate_series(1, 30000) g;
ANALYZE xbig;
CREATE TEMP TABLE xserial AS
SELECT r.* FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, y, x) FROM xbig), 'control', digits => NULL) r;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.experiment(variant, y, x) FROM xbig;
CREATE TEMP TABLE xpar AS
SELECT r.* FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, y, x) FROM xbig), 'control', digits => NULL) r;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
SELECT s.variant, s.n_variant = p.n_variant AS n_same,
       greatest(abs(s.lift - p.lift) / abs(s.lift), abs(s.p_value - p.p_value) / s.p_value,
                abs(s.variance_reduction - p.variance_reduction), abs(s.seq_lower - p.seq_lower) / abs(s.seq_lower),
                abs(s.mean_control - p.mean_control) / s.mean_control) < 1e-12 AS same
FROM xserial s JOIN xpar p USING (variant) ORDER BY 1;

-- bad input: clear errors, documented NULLs, never a crash
\set VERBOSITY sqlstate
-- one variant only (22023)
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows WHERE variant = 'a'), 'a');
\set VERBOSITY default
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows WHERE variant = 'a'), 'a');
-- unknown control (22023, naming the variants)
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'Control');
\set VERBOSITY sqlstate
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), NULL);
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', alpha => 1.5);
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', test => 'ztest');
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', split => '{1,1}');
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', split => '{1,0,1}');
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', prior_sd => -1);
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', expected_n => 'NaN');
-- proportion test on values that are not 0/1 (22023)
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', test => 'proportion');
-- NaN / Infinity values (22023), a sum overflowing double (22003)
SELECT pmkt.experiment(v, y) FROM (VALUES ('a', 1.0::float8), ('b', 'NaN')) t(v, y);
SELECT pmkt.experiment(v, y, x) FROM (VALUES ('a', 1.0::float8, 'Infinity'::float8)) t(v, y, x);
SELECT pmkt.experiment(v, y) FROM (VALUES ('a', 1e200::float8)) t(v, y);
-- a variant name longer than 63 bytes (22001); an empty one (22023)
SELECT pmkt.experiment(repeat('x', 64), 1.0);
SELECT pmkt.experiment('', 1.0);
\set VERBOSITY default
-- zero-variance arms: the statistic, p-value and interval do not exist (NULL)
SELECT variant, mean_variant, mean_control, lift, statistic, p_value, lift_lower, seq_p_value,
       prob_beat_control, decision
FROM pmkt.experiment_report((SELECT pmkt.experiment(v, y) FROM (VALUES ('a', 2.0::float8), ('a', 2), ('c', 1), ('c', 1)) t(v, y)), 'c', digits => NULL);
-- a single unit per arm: no variance (NULL), no crash
SELECT variant, lift, statistic, p_value, decision
FROM pmkt.experiment_report((SELECT pmkt.experiment(v, y) FROM (VALUES ('a', 2.0::float8), ('c', 1)) t(v, y)), 'c', digits => NULL);
-- zero denominators: the ratio does not exist (NULL); rows with a NULL
-- denominator are skipped and counted; NULL covariates are counted
SELECT variant, metric, mean_variant, mean_control, lift, p_value, covariate_missing
FROM pmkt.experiment_report((SELECT pmkt.experiment(v, y, d, NULL) FROM (VALUES ('a', 2.0::float8, 0.0::float8), ('a', 3, 0), ('c', 1, 0), ('c', 4, 0), ('c', 5, NULL)) t(v, y, d)), 'c', digits => NULL);
SELECT pmkt.experiment(v, y, d, NULL)::text FROM (VALUES ('a', 2.0::float8, 0.0::float8), ('c', 5, NULL), (NULL, 1, 1)) t(v, y, d);
-- negative values are data (refunds), not an error
SELECT variant, lift FROM pmkt.experiment_report((SELECT pmkt.experiment(v, y) FROM (VALUES ('a', -2.0::float8), ('a', -4), ('c', 1), ('c', 3)) t(v, y)), 'c', digits => NULL);
-- no rows: NULL state, empty report
SELECT count(*) FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows WHERE false), 'control');

-- mutated states: every read is validated
\set VERBOSITY sqlstate
SELECT '{"format": "pmkt.experiment_state", "version": 1, "denominator": false, "covariate": false, "skipped": 0, "arms": [{"variant": "a", "stats": [-1, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}]}'::pmkt.experiment_state;
SELECT '{"format": "pmkt.experiment_state", "version": 1, "denominator": false, "covariate": false, "skipped": 0, "arms": [{"variant": "a", "stats": [1, 0, NaN, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}]}'::pmkt.experiment_state;
SELECT '{"format": "pmkt.experiment_state", "version": 1, "denominator": false, "covariate": false, "skipped": 0, "arms": [{"variant": "a", "stats": [1, 0, 2, 0, -4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}]}'::pmkt.experiment_state;
SELECT '{"format": "pmkt.experiment_state", "version": 1, "denominator": false, "covariate": false, "skipped": 0, "arms": [{"variant": "a", "stats": [1, 0, 2, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}]}'::pmkt.experiment_state;
SELECT '{"format": "pmkt.experiment_state", "version": 1, "denominator": false, "covariate": true, "skipped": 0, "arms": [{"variant": "a", "stats": [1, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}]}'::pmkt.experiment_state;
SELECT '{"format": "pmkt.experiment_state", "version": 1, "denominator": false, "covariate": false, "skipped": 0, "arms": [{"variant": "b", "stats": [1, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}, {"variant": "a", "stats": [1, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}]}'::pmkt.experiment_state;
SELECT '{"format": "pmkt.experiment_state", "version": 1, "denominator": false, "covariate": false, "skipped": 0, "arms": [{"variant": "a", "stats": [1, 0, 2]}]}'::pmkt.experiment_state;
SELECT '{"format": "pmkt.experiment_state", "version": 2}'::pmkt.experiment_state;
SELECT '{"format": "pmkt.experiment_state", "version": 1, "denominator": false, "covariate": false, "skipped": 0.5, "arms": []}'::pmkt.experiment_state;
-- states of different overloads do not combine (22023)
SELECT pmkt.experiment_combine(pmkt.experiment('a', 1.0), pmkt.experiment('a', 1.0, 2.0));
SELECT pmkt.experiment_sfunc(pmkt.experiment('a', 1.0), 'b', 2.0, 3.0);
\set VERBOSITY default
-- a hand-made valid state reads back and combines
SELECT pmkt.experiment_combine(
  '{"format": "pmkt.experiment_state", "version": 1, "denominator": false, "covariate": false, "skipped": 3, "arms": [{"variant": "a\"b", "stats": [2, 0, 3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}]}',
  pmkt.experiment('a"b', 1.0))::text;
-- binary round trip
COPY (SELECT pmkt.experiment(variant, spend, visits, pre) FROM xrows) TO '/tmp/pmkt_experiment_state.bin' WITH (FORMAT binary);
CREATE TEMP TABLE xbin (s pmkt.experiment_state);
COPY xbin FROM '/tmp/pmkt_experiment_state.bin' WITH (FORMAT binary);
DO $$ BEGIN COPY (SELECT WHERE false) TO PROGRAM 'rm -f /tmp/pmkt_experiment_state.bin'; END $$;  -- leave no file behind
SELECT s::text = (SELECT pmkt.experiment(variant, spend, visits, pre)::text FROM xrows) AS binary_round_trip FROM xbin;

-- a report for reading (issue 16): digits decimals, default 4; the unrounded
-- values of the plain Welch test above rounded by hand (4 / 2 decimals):
--   a: lift 0.4816089419 -> 0.4816 / 0.48, p 0.015901610643 -> 0.0159 / 0.02,
--      relative 0.0345407706 -> 0.0345 / 0.03
--   b: lift -0.0116955291 -> -0.0117 / -0.01, p 0.950736283536 -> 0.9507 / 0.95,
--      relative -0.0008387979 -> -0.0008 / 0.00
SELECT variant, lift, p_value, relative_lift
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control') ORDER BY 1;
SELECT variant, lift, p_value, relative_lift
FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', digits => 2) ORDER BY 1;
-- digits outside 0..15: 22023
\set VERBOSITY default
SELECT * FROM pmkt.experiment_report((SELECT pmkt.experiment(variant, spend) FROM xrows), 'control', digits => 16);
