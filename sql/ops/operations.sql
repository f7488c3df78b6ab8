-- operations: pmkt.run_evaluation on a small hand-made data set (figures
-- checked by hand / python below) and on a generated one (every step), its
-- idempotence (a re-run of a period replaces its rows), skipped steps, bad
-- arguments, and a non-superuser operator role with the documented grants.
SET client_min_messages = warning;

-- A hand-made schema: customers 1-5 (4 has no orders, 5 signs up after the
-- period), orders, two channels' campaigns; no aisas_monthly, sales_drivers
-- or visits table (those steps are skipped).
CREATE SCHEMA ops_hand;
CREATE TABLE ops_hand.customers (customer_id bigint PRIMARY KEY, signup_date date,
                                 region text, age int, planted_segment text);
INSERT INTO ops_hand.customers (customer_id, signup_date) VALUES
 (1, '2024-10-05'), (2, '2024-10-20'), (3, '2024-11-03'), (4, '2024-11-15'), (5, '2025-01-10');
CREATE TABLE ops_hand.orders (order_id bigint PRIMARY KEY, customer_id bigint,
                              ordered_at timestamptz, amount float8, channel text, product_id int);
INSERT INTO ops_hand.orders (order_id, customer_id, ordered_at, amount) VALUES
 (1, 1, '2024-10-10 12:00+00', 100), (2, 1, '2024-12-01 12:00+00', 50),
 (3, 2, '2024-11-02 12:00+00', 200),
 (4, 3, '2024-11-05 12:00+00', 80), (5, 3, '2024-11-20 12:00+00', 20), (6, 3, '2024-12-10 12:00+00', 40),
 (7, 5, '2025-01-12 12:00+00', 500);
CREATE TABLE ops_hand.campaigns (channel text, month date, impressions bigint, clicks bigint,
                                 conversions bigint, new_customers bigint, spend float8,
                                 revenue float8, PRIMARY KEY (channel, month));
INSERT INTO ops_hand.campaigns VALUES
 ('email', '2024-10-01', 1000, 100, 10, 2, 200, 300),
 ('email', '2024-11-01', 1000,  50,  5, 1, 100, 200),
 ('push',  '2024-10-01', 2000,  20,  2, 1, 100,  50),
 ('push',  '2024-12-01', 3000,  30,  3, 1, 100, 150),
 ('email', '2025-01-01', 9000, 900, 90, 9, 900, 900);

CALL pmkt.run_evaluation('ops_hand', '2024-12-01', save_models => false);
SELECT source_schema, period, run_by = current_user AS by_me, steps_done, steps_skipped,
       parameters ->> 'as_of' AS as_of
FROM pmkt.history_runs WHERE source_schema = 'ops_hand';

-- Every customer who signed up by the end of the period has a row (5 is
-- later); RFM as of the end of the period, 2025-01-01 00:00 in the session's
-- time zone (PST8PDT under pg_regress: 08:00 UTC): customer 1 last ordered
-- 2024-12-01 12:00 UTC (30.83 days, 2 orders, 150), 2 on 2024-11-02 (59.83
-- days, 1, 200), 3 on 2024-12-10 (21.83 days, 3, 140); all three first
-- ordered less than 90 days before: new.
-- Customer 4 has no orders.  The order of 2025-01-12 is after the period.
SELECT customer_id, recency_days, frequency, monetary, segment, cluster IS NOT NULL AS clustered
FROM pmkt.history_customer_segments WHERE source_schema = 'ops_hand' ORDER BY customer_id;
SELECT segment, customers, share, avg_recency_days, avg_frequency, avg_monetary, total_monetary, strategy
FROM pmkt.history_segment_summary WHERE source_schema = 'ops_hand' ORDER BY segment;

-- Channels over the 12 months ending 2024-12 (2025-01 is outside): email
-- spent 300 for 500 of sales (ROI (500 - 300) / 300 = 66.67 %), 150 clicks
-- of 2000 impressions (CTR 0.075), 15 conversions (0.1 of clicks), 3 new
-- customers (CAC 100); push 200 for 200 (ROI 0), CTR 50 / 5000 = 0.01.
SELECT channel, first_month, months, investment, impressions, clicks, ctr, conversions,
       conversion_rate, new_customers, sales, round(roi::numeric, 6) AS roi, cac
FROM pmkt.history_channel_metrics WHERE source_schema = 'ops_hand' ORDER BY channel;

-- CLV / CAC by cohort, margin 0.3, 1 % a month, month 1 = signup month:
-- customer 1 (Oct): 0.3*100/1.01 + 0.3*50/1.01^3 = 44.26182251594437;
-- customer 2 (Oct): 0.3*200/1.01^2 = 58.81776296441525; mean 51.539792740179806.
-- Customer 3 (Nov): 0.3*100/1.01 + 0.3*40/1.01^2 = 41.46652288991275,
-- customer 4: 0; mean 20.733261444956376.  CAC: October spent 300 for 3 new
-- customers (100), November 100 for 1 (100).  (python3: r = 0.01; ...)
SELECT cohort_month, customers, buyers, revenue, acquisition_spend, new_customers, cac,
       abs(avg_clv - CASE cohort_month WHEN '2024-10-01' THEN 51.539792740179806
                                       ELSE 20.733261444956376 END) < 1e-9 AS clv_ok,
       round(avg_clv::numeric, 9) AS avg_clv, round(clv_cac_ratio::numeric, 9) AS clv_cac_ratio
FROM pmkt.history_cohort_metrics WHERE source_schema = 'ops_hand' ORDER BY cohort_month;

-- save_models => false: no registry rows, model metrics recorded without a version
SELECT count(*) AS registry_rows FROM pmkt.model_registry WHERE name LIKE 'ops_hand.%';
SELECT model_name, metric, value, registry_version
FROM pmkt.history_model_metrics WHERE source_schema = 'ops_hand' AND metric IN ('k', 'n_rows')
ORDER BY 1, 2;

-- Cohorts: every month from the first signup to the period has a row; 2024-12
-- had no signup (0 customers) but 100 of push spend for 1 new customer.
-- Idempotence: the same period again replaces its rows (same counts, new run time)
CREATE TEMP TABLE counts1 AS
SELECT 'segments' AS t, count(*) AS n FROM pmkt.history_customer_segments WHERE source_schema = 'ops_hand'
UNION ALL SELECT 'summary', count(*) FROM pmkt.history_segment_summary WHERE source_schema = 'ops_hand'
UNION ALL SELECT 'channels', count(*) FROM pmkt.history_channel_metrics WHERE source_schema = 'ops_hand'
UNION ALL SELECT 'cohorts', count(*) FROM pmkt.history_cohort_metrics WHERE source_schema = 'ops_hand'
UNION ALL SELECT 'models', count(*) FROM pmkt.history_model_metrics WHERE source_schema = 'ops_hand'
UNION ALL SELECT 'runs', count(*) FROM pmkt.history_runs WHERE source_schema = 'ops_hand';
CREATE TEMP TABLE run1 AS SELECT run_at FROM pmkt.history_runs WHERE source_schema = 'ops_hand';
CALL pmkt.run_evaluation('ops_hand', '2024-12-01', save_models => false);
SELECT c.t, c.n AS first_run,
       CASE c.t WHEN 'segments' THEN (SELECT count(*) FROM pmkt.history_customer_segments WHERE source_schema = 'ops_hand')
                WHEN 'summary' THEN (SELECT count(*) FROM pmkt.history_segment_summary WHERE source_schema = 'ops_hand')
                WHEN 'channels' THEN (SELECT count(*) FROM pmkt.history_channel_metrics WHERE source_schema = 'ops_hand')
                WHEN 'cohorts' THEN (SELECT count(*) FROM pmkt.history_cohort_metrics WHERE source_schema = 'ops_hand')
                WHEN 'models' THEN (SELECT count(*) FROM pmkt.history_model_metrics WHERE source_schema = 'ops_hand')
                WHEN 'runs' THEN (SELECT count(*) FROM pmkt.history_runs WHERE source_schema = 'ops_hand')
       END AS second_run
FROM counts1 c ORDER BY c.t;
SELECT h.run_at > r.run_at AS replaced FROM pmkt.history_runs h, run1 r WHERE h.source_schema = 'ops_hand';

-- Another period adds its own rows: November (as of 2024-12-01: customer 1
-- has one order, 3 has two; 2024-12 campaigns are outside)
CALL pmkt.run_evaluation('ops_hand', '2024-11-01', save_models => false);
SELECT period, count(*) AS customers, sum(frequency) AS orders
FROM pmkt.history_customer_segments WHERE source_schema = 'ops_hand' GROUP BY period ORDER BY period;
SELECT period, channel, months, investment, is_latest_period
FROM pmkt.v_channel_effectiveness WHERE source_schema = 'ops_hand' ORDER BY period, channel;

-- A schema with only some tables: the other steps are skipped and listed
CREATE SCHEMA ops_partial;
CREATE TABLE ops_partial.campaigns AS SELECT * FROM ops_hand.campaigns;
CALL pmkt.run_evaluation('ops_partial', '2024-12-01', save_models => false);
SELECT steps_done, steps_skipped FROM pmkt.history_runs WHERE source_schema = 'ops_partial';

-- A generated data set: every step runs, models are saved to the registry
SELECT table_name, row_count FROM pmkt.generate_demo('ops_demo', 3000, 7) ORDER BY 1;
CALL pmkt.run_evaluation('ops_demo', '2024-12-01');
SELECT steps_done, steps_skipped = '' AS nothing_skipped
FROM pmkt.history_runs WHERE source_schema = 'ops_demo';
SELECT (SELECT count(*) FROM ops_demo.customers) AS customers,
       (SELECT count(*) FROM pmkt.history_customer_segments WHERE source_schema = 'ops_demo') AS segmented,
       (SELECT count(*) FROM pmkt.history_customer_segments
        WHERE source_schema = 'ops_demo' AND frequency > 0 AND cluster IS NULL) AS buyers_without_cluster,
       (SELECT sum(customers) FROM pmkt.history_cohort_metrics WHERE source_schema = 'ops_demo') AS in_cohorts,
       (SELECT abs(sum(share) - 1) < 1e-12 FROM pmkt.history_segment_summary WHERE source_schema = 'ops_demo') AS shares_sum_to_1;
-- the planted segments come out near 30 / 45 / 25 %
SELECT segment, abs(share - CASE segment WHEN 'frequent' THEN 0.30 WHEN 'occasional' THEN 0.45
                                        WHEN 'new' THEN 0.25 END) < 0.05 AS near_planted_share,
       strategy
FROM pmkt.v_segment_summary WHERE source_schema = 'ops_demo' ORDER BY segment;
SELECT count(*) AS unit_months, count(DISTINCT unit_id) AS units, min(month), max(month),
       bool_and(composite_score BETWEEN 0 AND 1.001) AS scores_in_range
FROM pmkt.history_aisas_scores WHERE source_schema = 'ops_demo';
SELECT name, kind, latest_version, versions, model_type FROM pmkt.list_models()
WHERE name LIKE 'ops_demo.%' ORDER BY name;
-- the saved models restore to their types and agree with the recorded metrics
SELECT (pmkt.latest_model('ops_demo.sales_ols')).model::pmkt.ols_result IS NOT NULL AS ols_restores,
       ((pmkt.latest_model('ops_demo.sales_ols')).model::pmkt.ols_result).r_squared
         = (SELECT value FROM pmkt.history_model_metrics
            WHERE source_schema = 'ops_demo' AND model_name = 'ops_demo.sales_ols' AND metric = 'r_squared') AS r2_matches,
       ((pmkt.latest_model('ops_demo.rfm_kmeans')).model::pmkt.kmeans_model).k AS kmeans_k,
       pmkt.nn_predict((pmkt.latest_model('ops_demo.aisas_bpnn')).model::pmkt.nnmodel,
                       array_fill(0.5, ARRAY[17])) IS NOT NULL AS bpnn_predicts;
SELECT model_name, count(*) AS metrics, min(registry_version) AS version
FROM pmkt.history_model_metrics WHERE source_schema = 'ops_demo' GROUP BY 1 ORDER BY 1;

-- the forest's gains table (pmkt.evaluation_classify): its rows are exactly
-- the held-out 30 % of the customers' campaign responses (counted here
-- independently from the split function), the last decile reaches all
-- responders (gain 1), and the top decile responds better than average
-- (the response is planted on got_discount, recency_days, frequency and
-- channel: src/classify/demo_classify.c)
SELECT sum(g.rows) = (SELECT count(*) FROM ops_demo.campaign_responses v
                       WHERE pmkt.train_test_split(v.customer_id::text, 0.3, 42) = 'test') AS all_held_out,
       sum(g.responders) = (SELECT count(*) FILTER (WHERE v.responded) FROM ops_demo.campaign_responses v
                             WHERE pmkt.train_test_split(v.customer_id::text, 0.3, 42) = 'test') AS all_responders,
       max(g.cum_gain_pct) = 100 AS gain_reaches_100,
       bool_and(g.lift > 1) FILTER (WHERE g.decile = 1) AS top_decile_lifts
FROM pmkt.v_classify_gains g WHERE g.source_schema = 'ops_demo';
SELECT m.metric FROM pmkt.history_model_metrics m
WHERE m.model_name = 'ops_demo.responses_forest' AND m.metric LIKE 'importance%' AND m.value > 0 ORDER BY 1;
-- the features by out-of-bag permutation importance (on 300 customers a
-- noise feature can pass a weak driver; classify/evaluation checks that the
-- planted drivers rank first on 2 000)
SELECT array_agg(substr(m.metric, 24) ORDER BY m.value DESC) AS by_permutation_importance
FROM pmkt.history_model_metrics m
WHERE m.model_name = 'ops_demo.responses_forest' AND m.metric LIKE 'permutation_importance_%';

-- run again: history row counts unchanged; the re-run replaces the run and
-- with it the registry versions it saved (still version 1, one version)
CREATE TEMP TABLE demo1 AS
SELECT (SELECT count(*) FROM pmkt.history_customer_segments WHERE source_schema = 'ops_demo') AS seg,
       (SELECT count(*) FROM pmkt.history_aisas_scores WHERE source_schema = 'ops_demo') AS aisas,
       (SELECT count(*) FROM pmkt.history_model_metrics WHERE source_schema = 'ops_demo') AS metrics,
       (SELECT count(*) FROM pmkt.history_cohort_metrics WHERE source_schema = 'ops_demo') AS cohorts,
       (SELECT sum(composite_score) FROM pmkt.history_aisas_scores WHERE source_schema = 'ops_demo') AS score_sum;
CALL pmkt.run_evaluation('ops_demo', '2024-12-01');
SELECT d.seg = (SELECT count(*) FROM pmkt.history_customer_segments WHERE source_schema = 'ops_demo') AS same_segments,
       d.aisas = (SELECT count(*) FROM pmkt.history_aisas_scores WHERE source_schema = 'ops_demo') AS same_aisas,
       d.metrics = (SELECT count(*) FROM pmkt.history_model_metrics WHERE source_schema = 'ops_demo') AS same_metrics,
       d.cohorts = (SELECT count(*) FROM pmkt.history_cohort_metrics WHERE source_schema = 'ops_demo') AS same_cohorts,
       d.score_sum = (SELECT sum(composite_score) FROM pmkt.history_aisas_scores WHERE source_schema = 'ops_demo') AS same_scores
FROM demo1 d;
SELECT DISTINCT latest_version, versions FROM pmkt.list_models() WHERE name LIKE 'ops_demo.%';

-- Bad arguments
CALL pmkt.run_evaluation('no_such_schema');
CALL pmkt.run_evaluation('ops_hand', k => 0);
CALL pmkt.run_evaluation('ops_hand', discount_rate => -1);
CALL pmkt.run_evaluation('ops_hand', margin => 1.5);
CALL pmkt.run_evaluation('ops_hand', channel_months => 0);
CALL pmkt.run_evaluation('ops_hand', segment_method => 'dbscan');
CALL pmkt.run_evaluation('ops_hand', hidden => 0);
CALL pmkt.run_evaluation('ops_hand', seed => NULL);
\set VERBOSITY sqlstate
CALL pmkt.run_evaluation('no_such_schema');
CALL pmkt.run_evaluation('ops_hand', margin => 1.5);
\set VERBOSITY default
-- a failed run leaves the earlier rows of the period untouched
SELECT count(*) AS december_rows FROM pmkt.history_customer_segments
WHERE source_schema = 'ops_hand' AND period = '2024-12-01';

-- An operator role (e.g. the pg_cron job's owner) with the documented
-- grants runs the job, and saves models, without superuser rights.
CREATE ROLE regress_pmkt_operator;
GRANT USAGE ON SCHEMA pmkt, ops_demo TO regress_pmkt_operator;
GRANT SELECT ON ALL TABLES IN SCHEMA ops_demo TO regress_pmkt_operator;
GRANT SELECT, INSERT, UPDATE, DELETE ON pmkt.history_runs, pmkt.history_customer_segments,
      pmkt.history_segment_summary, pmkt.history_channel_metrics, pmkt.history_cohort_metrics,
      pmkt.history_aisas_scores, pmkt.history_model_metrics, pmkt.history_aspect_sentiment, pmkt.history_basket_rules,
      pmkt.history_customer_lifetime, pmkt.history_classify_gains, pmkt.history_channel_monthly,
      pmkt.history_kpi_monthly, pmkt.history_experiment_results TO regress_pmkt_operator;
GRANT SELECT ON pmkt.segment_strategy, pmkt.evaluation_sources TO regress_pmkt_operator;
GRANT SELECT, INSERT ON pmkt.model_registry TO regress_pmkt_operator;
GRANT USAGE ON SEQUENCE pmkt.model_registry_id_seq TO regress_pmkt_operator;
SET ROLE regress_pmkt_operator;
CALL pmkt.run_evaluation('ops_demo', '2024-11-01');
SELECT period, run_by, steps_skipped = '' AS nothing_skipped FROM pmkt.history_runs
WHERE source_schema = 'ops_demo' ORDER BY period;
SELECT created_by, count(*) AS models, min(version) AS version
FROM pmkt.model_registry WHERE name LIKE 'ops_demo.%' GROUP BY 1 ORDER BY 1;
RESET ROLE;
-- without the grants on the history tables the job cannot write
REVOKE INSERT ON pmkt.history_runs FROM regress_pmkt_operator;
SET ROLE regress_pmkt_operator;
\set VERBOSITY sqlstate
CALL pmkt.run_evaluation('ops_demo', '2024-11-01');
\set VERBOSITY default
RESET ROLE;
REVOKE ALL ON ALL TABLES IN SCHEMA pmkt FROM regress_pmkt_operator;
REVOKE ALL ON ALL TABLES IN SCHEMA ops_demo FROM regress_pmkt_operator;
REVOKE ALL ON SEQUENCE pmkt.model_registry_id_seq FROM regress_pmkt_operator;
REVOKE ALL ON SCHEMA pmkt, ops_demo FROM regress_pmkt_operator;
DROP ROLE regress_pmkt_operator;

-- clean up (the history stays consistent: deleting a run cascades)
DELETE FROM pmkt.history_runs WHERE source_schema IN ('ops_hand', 'ops_partial', 'ops_demo');
DELETE FROM pmkt.model_registry WHERE name LIKE 'ops_%';
SELECT (SELECT count(*) FROM pmkt.history_customer_segments) + (SELECT count(*) FROM pmkt.history_aisas_scores)
     + (SELECT count(*) FROM pmkt.history_model_metrics) AS rows_left;
DROP SCHEMA ops_hand, ops_partial, ops_demo CASCADE;
