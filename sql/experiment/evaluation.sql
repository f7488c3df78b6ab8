-- experiment/evaluation: the demo's experiment_units table (planted lift,
-- CUPED covariate, planted SRM) and the evaluation job's experiment step
-- (pmkt.evaluation_experiment -> pmkt.history_experiment_results ->
-- pmkt.v_experiment_results).
--
-- Reference: test/experiment/demo_eval_ref.py over the same rows (exported
-- with \copy after generate_demo('exp_eval', 10000, 7)): scipy chisquare,
-- ttest_ind(equal_var=False), CUPED by hand (checked against OLS
-- y ~ arm + x), the delta-method ratio, statsmodels multipletests (Holm):
--   checkout_redesign: units control 1003, treatment_a 1010, treatment_b 969;
--     SRM chisquare p 0.616372727993366 (not flagged)
--     CUPED theta 0.734618268729 over 2895 units with pre_spend
--     spend treatment_a: n 983 / 973, means 39.28948472 / 36.41682183,
--       relative lift 0.07888285557 (planted: 0.08), p 0.003893244515,
--       holm 0.01946622258, CUPED lift 2.872662897 [0.9234056526, 4.821920141],
--       variance reduction 0.5844348892 (OLS y ~ arm + x lift 2.873121156)
--     spend treatment_b: relative lift 0.05194012662, p 0.04517283197,
--       holm 0.1345950638 (planted: no spend effect; not significant after Holm)
--     spend_per_visit treatment_a: means 7.391699154 / 6.863365037,
--       relative lift 0.07697887467, p 0.02205555574, holm 0.08822222296
--     spend_per_visit treatment_b: relative lift -0.06529052225,
--       p 0.04486502128, holm 0.1345950638 (planted: more visits, same spend)
--     visits treatment_a: relative lift 0.02726096464, p 0.2582447086, holm 0.2582447086
--     visits treatment_b: relative lift 0.13137037, p 1.1168561e-07, holm 6.701136601e-07
--   shipping_banner: units control 844, treatment 1174 (planted 42/58 against
--     a planned 50/50); SRM chisquare p 2.04163488495301e-13 (flagged)
--     spend treatment: relative lift -0.008673253057, p 0.7553689197, holm 1,
--       variance reduction 0.523516701
SET extra_float_digits = 0;
SET client_min_messages = warning;
SELECT table_name, row_count FROM pmkt.generate_demo('exp_eval', 10000, 7) WHERE table_name = 'experiment_units';
-- the table: 10000 / 2 units, two experiments, 3 % without a pre-period spend
SELECT experiment, variant, count(*) AS units, count(pre_spend) AS with_pre,
       bool_and(spend > 0 AND visits >= 1) AS sane
  FROM exp_eval.experiment_units GROUP BY 1, 2 ORDER BY 1, 2;
-- deterministic: the same seed gives the same rows
CREATE TEMP TABLE first_units AS SELECT * FROM exp_eval.experiment_units;
SELECT count(*) FROM pmkt.generate_demo('exp_eval', 10000, 7);
SELECT count(*) AS differing FROM (
  (SELECT * FROM first_units EXCEPT ALL SELECT * FROM exp_eval.experiment_units)
  UNION ALL
  (SELECT * FROM exp_eval.experiment_units EXCEPT ALL SELECT * FROM first_units)) d;
-- pre_spend is the CUPED covariate: strongly correlated with spend
SELECT round(corr(spend, pre_spend)::numeric, 1) AS corr FROM exp_eval.experiment_units;

-- the step, called directly after a history_runs row
INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by, parameters, steps_done, steps_skipped)
VALUES ('exp_eval', '2024-12-01', now(), now(), current_user, '{}', '', '');
SELECT pmkt.evaluation_experiment('exp_eval', '2024-12-01', '2025-01-01', now()) AS skipped;
-- every figure against the reference above (relative 1e-9; p-values 1e-8 absolute)
CREATE TEMP TABLE ref (experiment text, metric text, variant text, n_variant bigint, n_control bigint,
                       rel float8, p float8, holm float8, vr float8, srm_p float8);
INSERT INTO ref VALUES
 ('checkout_redesign', 'spend', 'treatment_a', 983, 973, 0.07888285557, 0.003893244515, 0.01946622258, 0.5844348892, 0.616372727993366),
 ('checkout_redesign', 'spend', 'treatment_b', 939, 973, 0.05194012662, 0.04517283197, 0.1345950638, 0.6439362149, 0.616372727993366),
 ('checkout_redesign', 'spend_per_visit', 'treatment_a', 1010, 1003, 0.07697887467, 0.02205555574, 0.08822222296, NULL, 0.616372727993366),
 ('checkout_redesign', 'spend_per_visit', 'treatment_b', 969, 1003, -0.06529052225, 0.04486502128, 0.1345950638, NULL, 0.616372727993366),
 ('checkout_redesign', 'visits', 'treatment_a', 1010, 1003, 0.02726096464, 0.2582447086, 0.2582447086, NULL, 0.616372727993366),
 ('checkout_redesign', 'visits', 'treatment_b', 969, 1003, 0.13137037, 1.1168561e-07, 6.701136601e-07, NULL, 0.616372727993366),
 ('shipping_banner', 'spend', 'treatment', 1143, 815, -0.008673253057, 0.7553689197, 1, 0.523516701, 2.04163488495301e-13),
 ('shipping_banner', 'spend_per_visit', 'treatment', 1174, 844, -0.003431048353, 0.9181967587, 1, NULL, 2.04163488495301e-13),
 ('shipping_banner', 'visits', 'treatment', 1174, 844, 0.005687005397, 0.8035847732, 1, NULL, 2.04163488495301e-13);
SELECT h.experiment, h.metric, h.variant, h.control,
       h.n_variant = r.n_variant AND h.n_control = r.n_control AS n_ok,
       abs(h.relative_lift - r.rel) < 1e-9 * abs(r.rel) AS rel_ok,
       abs(h.p_value - r.p) < 1e-8 AND abs(h.p_holm - r.holm) < 1e-8 AS p_ok,
       coalesce(abs(h.variance_reduction - r.vr) < 1e-9, h.variance_reduction IS NULL AND r.vr IS NULL) AS vr_ok,
       abs(h.srm_p_value - r.srm_p) < 1e-9 * r.srm_p AS srm_p_ok,
       h.cuped, h.srm, h.decision
  FROM pmkt.history_experiment_results h
  FULL JOIN ref r USING (experiment, metric, variant)
 WHERE h.source_schema = 'exp_eval' OR h.source_schema IS NULL
 ORDER BY 1, 2, 3;
-- the planted +8 % spend lift of treatment_a: inside the 95 % interval, and
-- the CUPED lift 2.872662897 [0.9234056526, 4.821920141] of the reference
SELECT relative_lower < 0.08 AND 0.08 < relative_upper AS planted_lift_covered,
       abs(lift - 2.872662897) < 1e-8 AND abs(lift_lower - 0.9234056526) < 1e-8
         AND abs(lift_upper - 4.821920141) < 1e-8 AS cuped_interval_ok
  FROM pmkt.history_experiment_results
 WHERE source_schema = 'exp_eval' AND experiment = 'checkout_redesign' AND metric = 'spend' AND variant = 'treatment_a';
-- the BI view
SELECT experiment, metric, variant, units_variant, units_control, lift_pct, lift_lower_pct, lift_upper_pct,
       cuped_variance_reduction_pct, srm, decision
  FROM pmkt.v_experiment_results WHERE source_schema = 'exp_eval' ORDER BY 1, 2, 3;
-- every column of the history table and the view has a comment
SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.oid IN ('pmkt.history_experiment_results'::regclass, 'pmkt.v_experiment_results'::regclass)
   AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NULL;
-- a second call for the same period replaces the rows
SELECT pmkt.evaluation_experiment('exp_eval', '2024-12-01', '2025-01-01', now()) AS skipped;
SELECT count(*) FROM pmkt.history_experiment_results WHERE source_schema = 'exp_eval';
-- a control that is not named control: the first name; one-variant
-- experiments are left out
CREATE TABLE exp_eval.units2 AS SELECT * FROM exp_eval.experiment_units WHERE experiment = 'checkout_redesign';
UPDATE exp_eval.units2 SET variant = 'a_' || variant;
INSERT INTO exp_eval.units2 SELECT unit_id + 100000, customer_id, 'solo', 'x', spend, visits, pre_spend
  FROM exp_eval.experiment_units WHERE unit_id <= 10;
ALTER TABLE exp_eval.experiment_units RENAME TO units1;
ALTER TABLE exp_eval.units2 RENAME TO experiment_units;
SELECT pmkt.evaluation_experiment('exp_eval', '2024-12-01', '2025-01-01', now()) AS skipped;
SELECT DISTINCT experiment, control FROM pmkt.history_experiment_results WHERE source_schema = 'exp_eval';
-- nothing to compare: skipped, with the reason
DELETE FROM exp_eval.experiment_units WHERE experiment <> 'solo';
SELECT pmkt.evaluation_experiment('exp_eval', '2024-12-01', '2025-01-01', now()) AS skipped;
-- a missing column, a missing table: skipped, with the reason
ALTER TABLE exp_eval.experiment_units DROP COLUMN pre_spend;
SELECT pmkt.evaluation_experiment('exp_eval', '2024-12-01', '2025-01-01', now()) AS skipped;
DROP TABLE exp_eval.experiment_units;
SELECT pmkt.evaluation_experiment('exp_eval', '2024-12-01', '2025-01-01', now()) AS skipped;
-- deleting the run deletes its results (cascade)
ALTER TABLE exp_eval.units1 RENAME TO experiment_units;
SELECT pmkt.evaluation_experiment('exp_eval', '2024-12-01', '2025-01-01', now()) AS skipped;
DELETE FROM pmkt.history_runs WHERE source_schema = 'exp_eval';
SELECT count(*) AS left_behind FROM pmkt.history_experiment_results WHERE source_schema = 'exp_eval';
DROP SCHEMA exp_eval CASCADE;
