-- Demo report, part 95: the scheduled evaluation job and what BI tools see.
-- pmkt.run_evaluation re-runs the standard analysis for the last month of
-- the demo data (2024-12) and writes the history tables; the report then
-- reads the BI views, as a dashboard would.  In production pg_cron runs the
-- CALL monthly: SELECT cron.schedule('pmkt-monthly', '0 3 1 * *',
-- $$CALL pmkt.run_evaluation('pmkt_demo')$$);
\echo
\echo '================================================================'
\echo ' Operations: evaluation job, BI views, model registry'
\echo '================================================================'
-- November first, then the default period: the last complete month with
-- data (the demo's orders end in 2024-12), so that the segment migration and
-- the stable k-means labels have a previous month
CALL pmkt.run_evaluation('pmkt_demo', '2024-11-01', seed => :seed);
CALL pmkt.run_evaluation('pmkt_demo', seed => :seed);

\echo
\echo 'The run (pmkt.history_runs): steps and their seconds'
SELECT period, run_by, steps_skipped = '' AS all_steps_ran, key AS step, value AS seconds
FROM pmkt.history_runs, jsonb_each_text(step_seconds)
WHERE source_schema = 'pmkt_demo' AND period = '2024-12-01'
ORDER BY value::numeric DESC;

\echo
\echo 'pmkt.v_segment_summary (latest period)'
SELECT segment, customers, round(share::numeric, 4) AS share, round(avg_recency_days) AS recency_days,
       round(avg_frequency::numeric, 1) AS orders, round(avg_monetary::numeric) AS monetary,
       strategy
FROM pmkt.v_segment_summary
WHERE source_schema = 'pmkt_demo' AND is_latest_period ORDER BY customers DESC;

\echo
\echo 'pmkt.v_channel_effectiveness (12 months to 2024-12)'
SELECT channel, round(investment) AS investment, round(100 * ctr::numeric, 2) AS ctr_pct,
       round(100 * conversion_rate::numeric, 2) AS conversion_pct, round(sales) AS sales,
       round(100 * sales_growth::numeric, 1) AS growth_pct, round(100 * roi::numeric, 1) AS roi_pct,
       round(cac::numeric, 2) AS cac
FROM pmkt.v_channel_effectiveness
WHERE source_schema = 'pmkt_demo' AND is_latest_period ORDER BY roi DESC;

\echo
\echo 'pmkt.v_kpi_monthly: the last 6 months (rates as fractions)'
SELECT month, round(revenue) AS revenue, orders, customers, new_customers,
       round(repeat_rate::numeric, 3) AS repeat_rate, round(cac::numeric, 2) AS cac,
       round(roi::numeric, 3) AS roi
FROM pmkt.v_kpi_monthly
WHERE source_schema = 'pmkt_demo' AND is_latest_period ORDER BY month DESC LIMIT 6;

\echo
\echo 'pmkt.v_segment_migration: November -> December'
SELECT from_segment, to_segment, customers, round(share_of_from::numeric, 3) AS share_of_from
FROM pmkt.v_segment_migration
WHERE source_schema = 'pmkt_demo' AND is_latest_period ORDER BY from_segment, customers DESC;

\echo
\echo 'pmkt.v_clv_cac_by_cohort (the latest 6 cohorts with campaign data)'
SELECT cohort_month, customers, round(avg_clv::numeric, 2) AS avg_clv,
       round(cac::numeric, 2) AS cac, round(clv_cac_ratio::numeric, 2) AS clv_cac
FROM pmkt.v_clv_cac_by_cohort
WHERE source_schema = 'pmkt_demo' AND is_latest_period AND cac IS NOT NULL
ORDER BY cohort_month DESC LIMIT 6;

\echo
\echo 'pmkt.v_aisas_monthly (last 6 months): composite score over 40 units'
SELECT month, units, round(mean_score::numeric, 4) AS mean_score,
       round(min_score::numeric, 4) AS min_score, round(max_score::numeric, 4) AS max_score
FROM pmkt.v_aisas_monthly
WHERE source_schema = 'pmkt_demo' AND is_latest_period ORDER BY month DESC LIMIT 6;

\echo
\echo 'pmkt.v_model_metrics: the models the job trained (saved in pmkt.model_registry)'
SELECT model_name, kind,
       string_agg(metric || ' ' || coalesce(round(value::numeric, 6)::text, flag::text), ', ' ORDER BY metric) AS metrics
FROM pmkt.v_model_metrics
WHERE source_schema = 'pmkt_demo' AND is_latest_period
  AND metric IN ('inertia', 'n_components', 'cumulative_contribution', 'max_weight',
                 'test_mse', 'test_r2', 'cluster_sse', 'r_squared', 'coef_ad_spend',
                 'pseudo_r_squared', 'converged', 'oob_score', 'test_auc')
GROUP BY model_name, kind ORDER BY model_name;

\echo
\echo 'pmkt.v_classify_gains: the visits forest''s gains table (held-out visits, by decile)'
SELECT model_name, decile, rows, responders, response_rate_pct, cum_gain_pct, lift, cum_lift
FROM pmkt.v_classify_gains
WHERE source_schema = 'pmkt_demo' AND is_latest_period
ORDER BY model_name, decile;
