-- Demo report, part 24: A/B experiments on raw unit rows
-- (pmkt_demo.experiment_units: one row per user with variant, spend, visits
-- and pre-period spend). Planted in src/experiment/demo_experiment.c:
-- checkout_redesign treatment_a spends 8 % more; treatment_b brings more
-- visits but no more spend; shipping_banner was planned 50/50 but drawn 42/58
-- (a sample-ratio mismatch).
\echo
\echo '================================================================'
\echo ' Experiments: A/B analysis on unit rows (pmkt.experiment)'
\echo '================================================================'
\echo
\echo 'Units per experiment and variant (planned: 1/3 each; 50/50):'
SELECT experiment, variant, count(*) AS units, count(pre_spend) AS with_pre_period,
       round(avg(spend)::numeric, 2) AS mean_spend, round(avg(visits)::numeric, 2) AS mean_visits
FROM pmkt_demo.experiment_units GROUP BY 1, 2 ORDER BY 1, 2;

\echo
\echo 'Spend per unit, without CUPED (Welch): the planted +8 % of treatment_a'
SELECT s.experiment, r.variant, round(100 * r.relative_lift::numeric, 2) AS lift_pct,
       '[' || round(100 * r.relative_lower::numeric, 2) || ', ' || round(100 * r.relative_upper::numeric, 2) || ']' AS ci95_pct,
       to_char(r.p_value, '9.99EEEE') AS p_value, r.decision
FROM (SELECT experiment, pmkt.experiment(variant, spend) AS st
      FROM pmkt_demo.experiment_units GROUP BY experiment) s,
     pmkt.experiment_report(s.st, 'control', cuped => false, digits => NULL) r
ORDER BY 1, 2;

\echo
\echo 'The same with CUPED on the pre-period spend: narrower intervals, variance removed'
SELECT s.experiment, r.variant, round(100 * r.relative_lift::numeric, 2) AS lift_pct,
       '[' || round(100 * r.relative_lower::numeric, 2) || ', ' || round(100 * r.relative_upper::numeric, 2) || ']' AS ci95_pct,
       to_char(r.p_value, '9.99EEEE') AS p_value, round(100 * r.variance_reduction::numeric, 1) AS variance_removed_pct,
       r.covariate_missing, round(r.prob_beat_control::numeric, 4) AS prob_beat_control,
       to_char(r.srm_p_value, '9.99EEEE') AS srm_p_value, r.srm, r.decision
FROM (SELECT experiment, pmkt.experiment(variant, spend, pre_spend) AS st
      FROM pmkt_demo.experiment_units GROUP BY experiment) s,
     pmkt.experiment_report(s.st, 'control', digits => NULL) r
ORDER BY 1, 2;

\echo
\echo 'Spend per visit (ratio metric, delta method): treatment_b''s extra visits do not buy more'
SELECT s.experiment, r.variant, r.metric, round(r.mean_variant::numeric, 3) AS variant,
       round(r.mean_control::numeric, 3) AS control, round(100 * r.relative_lift::numeric, 2) AS lift_pct,
       to_char(r.p_value, '9.99EEEE') AS p_value, to_char(r.p_holm, '9.99EEEE') AS p_holm, r.decision
FROM (SELECT experiment, pmkt.experiment(variant, spend, visits, NULL::float8) AS st
      FROM pmkt_demo.experiment_units WHERE experiment = 'checkout_redesign' GROUP BY experiment) s,
     pmkt.experiment_report(s.st, 'control', digits => NULL) r
ORDER BY 2, 3;

\echo
\echo 'Drill-down: the CUPED spend lift of treatment_a for customers and for visitors not yet customers'
SELECT s.who, r.n_variant, r.n_control, round(100 * r.relative_lift::numeric, 2) AS lift_pct,
       '[' || round(100 * r.relative_lower::numeric, 2) || ', ' || round(100 * r.relative_upper::numeric, 2) || ']' AS ci95_pct,
       to_char(r.p_value, '9.99EEEE') AS p_value
FROM (SELECT CASE WHEN customer_id IS NULL THEN 'visitor' ELSE 'customer' END AS who,
             pmkt.experiment(variant, spend, pre_spend) AS st
      FROM pmkt_demo.experiment_units WHERE experiment = 'checkout_redesign' GROUP BY 1) s,
     pmkt.experiment_report(s.st, 'control', digits => NULL) r
WHERE r.variant = 'treatment_a'
ORDER BY 1;

\echo
\echo 'Power for a planned duration: 1000 units a day split over 2 arms, spend mean and sd of the control arm'
SELECT d.days, 1000 * d.days / 2 AS n_per_arm, round(p.mde::numeric, 3) AS mde_spend,
       round((100 * p.relative_mde)::numeric, 2) AS mde_pct,
       round(p.power_at_lift::numeric, 4) AS power_at_plus_8_pct
FROM (SELECT avg(spend) AS mean, stddev_samp(spend) AS sd FROM pmkt_demo.experiment_units
      WHERE experiment = 'checkout_redesign' AND variant = 'control') c,
     unnest(ARRAY[1, 3, 7, 14]) AS d(days),
     pmkt.experiment_power(1000 * d.days / 2, c.mean, c.sd, lift => 0.08 * c.mean) p
ORDER BY 1;
