-- evaluation_sources: pmkt.run_evaluation on the user's own tables (a source
-- mapping registered once), the backfill over a range of months, fixed rule
-- thresholds, stable k-means labels across periods (minimum-cost matching),
-- the default period (last complete month with data), and months cut in an
-- explicit time zone (issue 16 point 4, issue 19 point 3).
SET client_min_messages = warning;

-- The hand-made shop of ops/operations in the contract layout (ops_ref) and
-- the same data under the user's own names (src_shop).
CREATE SCHEMA ops_ref;
CREATE TABLE ops_ref.customers (customer_id bigint PRIMARY KEY, signup_date date);
INSERT INTO ops_ref.customers VALUES
 (1, '2024-10-05'), (2, '2024-10-20'), (3, '2024-11-03'), (4, '2024-11-15'), (5, '2025-01-10');
CREATE TABLE ops_ref.orders (order_id bigint, customer_id bigint, ordered_at timestamptz, amount float8);
INSERT INTO ops_ref.orders VALUES
 (1, 1, '2024-10-10 12:00+00', 100), (2, 1, '2024-12-01 12:00+00', 50),
 (3, 2, '2024-11-02 12:00+00', 200),
 (4, 3, '2024-11-05 12:00+00', 80), (5, 3, '2024-11-20 12:00+00', 20), (6, 3, '2024-12-10 12:00+00', 40),
 (7, 5, '2025-01-12 12:00+00', 500);
CREATE TABLE ops_ref.campaigns (channel text, month date, impressions bigint, clicks bigint,
                                conversions bigint, new_customers bigint, spend float8, revenue float8);
INSERT INTO ops_ref.campaigns VALUES
 ('email', '2024-10-01', 1000, 100, 10, 2, 200, 300),
 ('email', '2024-11-01', 1000,  50,  5, 1, 100, 200),
 ('push',  '2024-10-01', 2000,  20,  2, 1, 100,  50),
 ('push',  '2024-12-01', 3000,  30,  3, 1, 100, 150),
 ('email', '2025-01-01', 9000, 900, 90, 9, 900, 900);

CREATE SCHEMA shop;
-- order lines: order 4 of ops_ref is two lines here (60 + 20)
CREATE TABLE shop.invoice_lines (invoice_no bigint, client_no bigint, invoice_ts timestamptz, line_total numeric);
INSERT INTO shop.invoice_lines SELECT order_id, customer_id, ordered_at, amount FROM ops_ref.orders WHERE order_id <> 4;
INSERT INTO shop.invoice_lines VALUES (4, 3, '2024-11-05 12:00+00', 60), (4, 3, '2024-11-05 12:00+00', 20);
CREATE TABLE shop.clients (client_no bigint, joined date);
INSERT INTO shop.clients SELECT customer_id, signup_date FROM ops_ref.customers;
CREATE TABLE shop.ads (medium text, month date, impressions bigint, clicks bigint, conversions bigint,
                       acquired bigint, cost float8, revenue float8);
INSERT INTO shop.ads SELECT * FROM ops_ref.campaigns;
-- AISAS funnel counts: 5 units x 12 months of the demo generator's, in the
-- contract layout (ops_ref.aisas_monthly) and under the shop's own names,
-- columns in another order (shop.store_funnel)
CREATE SCHEMA ops_aisas;
SELECT count(*) AS demo_tables FROM pmkt.generate_demo('ops_aisas', 200, 5);
CREATE TABLE ops_ref.aisas_monthly AS
SELECT * FROM ops_aisas.aisas_monthly WHERE unit_id <= 5 AND month >= '2024-01-01';
CREATE TABLE shop.store_funnel AS
SELECT reposts AS shares, purchase_amount AS gmv, month AS month_start, unit_id AS store_id,
       ad_impressions, brand_aware, consumers, page_views, favourites, interested, keyword_searches,
       category_keyword_searches, related_searches, category_related_searches, product_page_views,
       buyers, orders, purchasers, standard_purchasers, topics, replies, reviews
FROM ops_ref.aisas_monthly;
DROP SCHEMA ops_aisas CASCADE;

-- the contract: roles and columns
SELECT role, count(*) AS columns, count(*) FILTER (WHERE required) AS required
FROM pmkt.evaluation_contract() GROUP BY role ORDER BY role;

-- registration is validated: the missing column is named with its role
SELECT pmkt.register_evaluation_source('shop', 'orders', 'shop.invoice_lines');
SELECT pmkt.register_evaluation_source('shop', 'orders', 'shop.invoice_lines',
         '{"customer_id": "client_no", "ordered_at": "invoice_ts", "amount": "line_total", "order_id": "invoice"}');
SELECT pmkt.register_evaluation_source('shop', 'orders', 'shop.invoice_lines', '{"client": "client_no"}');
SELECT pmkt.register_evaluation_source('shop', 'buyers', 'shop.clients');
SELECT pmkt.register_evaluation_source('shop', 'customers', 'shop.no_such_table');
SELECT pmkt.register_evaluation_source('', 'customers', 'shop.clients');
\set VERBOSITY sqlstate
SELECT pmkt.register_evaluation_source('shop', 'orders', 'shop.invoice_lines');
\set VERBOSITY default
SELECT count(*) AS registered FROM pmkt.evaluation_sources;

SELECT pmkt.register_evaluation_source('shop', 'orders', 'shop.invoice_lines',
         '{"customer_id": "client_no", "ordered_at": "invoice_ts", "amount": "line_total", "order_id": "invoice_no"}');
SELECT pmkt.register_evaluation_source('shop', 'customers', 'shop.clients',
         '{"customer_id": "client_no", "signup_date": "joined"}');
SELECT pmkt.register_evaluation_source('shop', 'campaigns', 'shop.ads',
         '{"channel": "medium", "new_customers": "acquired", "spend": "cost"}');
-- the AISAS role: a missing column is named with its role (42703)
SELECT pmkt.register_evaluation_source('shop', 'aisas_monthly', 'shop.store_funnel',
         '{"unit_id": "store_id", "month": "month_start", "purchase_amount": "gmv"}');
SELECT pmkt.register_evaluation_source('shop', 'aisas_monthly', 'shop.store_funnel',
         '{"unit_id": "store_id", "month": "month_start", "purchase_amount": "gmv", "reposts": "shares"}');
SELECT source, role, relation, columns FROM pmkt.evaluation_sources ORDER BY role;

-- The mapped source and the contract schema give the same results (the two
-- lines of order 4 count as one order of 80).
CALL pmkt.run_evaluation('ops_ref', '2024-12-01', save_models => false);
CALL pmkt.run_evaluation('shop', '2024-12-01', save_models => false);
SELECT source_schema, steps_done, parameters ->> 'mapped_source' AS mapped
FROM pmkt.history_runs ORDER BY 1;
SELECT count(*) AS differing_segment_rows
FROM (SELECT customer_id, recency_days, frequency, monetary, segment, rfm_cell
      FROM pmkt.history_customer_segments WHERE source_schema = 'ops_ref'
      EXCEPT
      SELECT customer_id, recency_days, frequency, monetary, segment, rfm_cell
      FROM pmkt.history_customer_segments WHERE source_schema = 'shop') d;
SELECT count(*) AS differing_cohort_rows
FROM (SELECT cohort_month, customers, buyers, revenue, avg_clv, cac FROM pmkt.history_cohort_metrics WHERE source_schema = 'ops_ref'
      EXCEPT
      SELECT cohort_month, customers, buyers, revenue, avg_clv, cac FROM pmkt.history_cohort_metrics WHERE source_schema = 'shop') d;
SELECT count(*) AS differing_channel_rows
FROM (SELECT channel, investment, clicks, sales, roi, cac FROM pmkt.history_channel_metrics WHERE source_schema = 'ops_ref'
      EXCEPT
      SELECT channel, investment, clicks, sales, roi, cac FROM pmkt.history_channel_metrics WHERE source_schema = 'shop') d;
-- AISAS through the mapping: the same indices and composite scores
-- (unit-months from February 2024: January has no previous month)
SELECT (SELECT count(*) FROM pmkt.history_aisas_scores WHERE source_schema = 'ops_ref') AS aisas_rows_ref,
       (SELECT count(*) FROM pmkt.history_aisas_scores WHERE source_schema = 'shop') AS aisas_rows_shop,
       count(*) AS differing_aisas_rows
FROM (SELECT unit_id, month, b11_ad_impressions, b12_brand_recognition, b21_page_views, b22_favourite_ratio,
             b31_keyword_searches, b32_keyword_search_index, b33_related_searches, b34_related_search_index,
             b41_conversion_rate, b42_order_growth, b43_purchaser_growth, b44_standard_purchase_growth,
             b45_amount_growth, b51_topics, b52_replies, b53_reviews, b54_reposts, composite_score
      FROM pmkt.history_aisas_scores WHERE source_schema = 'ops_ref'
      EXCEPT
      SELECT unit_id, month, b11_ad_impressions, b12_brand_recognition, b21_page_views, b22_favourite_ratio,
             b31_keyword_searches, b32_keyword_search_index, b33_related_searches, b34_related_search_index,
             b41_conversion_rate, b42_order_growth, b43_purchaser_growth, b44_standard_purchase_growth,
             b45_amount_growth, b51_topics, b52_replies, b53_reviews, b54_reposts, composite_score
      FROM pmkt.history_aisas_scores WHERE source_schema = 'shop') d;

-- Monthly KPIs, by hand: October: order 1 (100) of customer 1, new;
-- November: orders 3, 4, 5 (300) of customers 2 and 3, both new; December:
-- orders 2 and 6 (90) of customers 1 and 3, both bought in an earlier month
-- (repeat rate 1).  Campaigns: October spent 300 for 3 new customers (CAC
-- 100) and 350 of revenue (ROI 50/300 = 0.1667), November 100 / 1 / 200
-- (ROI 1), December 100 / 1 / 150 (ROI 0.5).
SELECT month, revenue, orders, customers, new_customers, repeat_customers, repeat_rate,
       marketing_spend, acquired_customers, cac, round(roi::numeric, 4) AS roi, is_latest_period
FROM pmkt.v_kpi_monthly WHERE source_schema = 'shop' ORDER BY month;
-- the same for the contract schema
SELECT count(*) AS differing_kpi_rows
FROM (SELECT month, revenue, orders, customers, new_customers, repeat_rate, cac, roi FROM pmkt.v_kpi_monthly WHERE source_schema = 'ops_ref'
      EXCEPT
      SELECT month, revenue, orders, customers, new_customers, repeat_rate, cac, roi FROM pmkt.v_kpi_monthly WHERE source_schema = 'shop') d;
-- the monthly channel series (ROI as a fraction): push in December spent
-- 100 for 150 (0.5)
SELECT month, channel, investment, ctr, conversion_rate, sales, roi, cac
FROM pmkt.v_channel_monthly WHERE source_schema = 'shop' ORDER BY month, channel;

-- A registered relation that loses a column: the run fails naming it
ALTER TABLE shop.clients RENAME COLUMN joined TO joined_on;
CALL pmkt.run_evaluation('shop', '2024-12-01', save_models => false);
ALTER TABLE shop.clients RENAME COLUMN joined_on TO joined;

-- Fixed thresholds instead of the data-derived break: new = first order
-- less than 30 days before 2025-01-01 (none), frequent = 2 orders or more:
-- customer 1 (2 orders) and 3 (3) are frequent, 2 (1 order) occasional.
CALL pmkt.run_evaluation('shop', '2024-12-01', save_models => false, new_days => 30, frequent_min_orders => 2);
SELECT customer_id, frequency, segment FROM pmkt.history_customer_segments
WHERE source_schema = 'shop' ORDER BY customer_id;
CALL pmkt.run_evaluation('shop', '2024-12-01', save_models => false, frequent_min_orders => 0);
CALL pmkt.run_evaluation('shop', '2024-12-01', segment_method => 'kmeans', frequent_min_orders => 2);

-- Backfill: one run per month, idempotent
CALL pmkt.run_evaluation_range('shop', '2024-10-01', '2024-12-01', save_models => false);
SELECT period, steps_done FROM pmkt.history_runs WHERE source_schema = 'shop' ORDER BY period;
CREATE TEMP TABLE bf1 AS SELECT period, count(*) AS n FROM pmkt.history_customer_segments
WHERE source_schema = 'shop' GROUP BY period;
CALL pmkt.run_evaluation_range('shop', '2024-10-15', '2024-12-01', save_models => false);
SELECT (SELECT count(*) FROM pmkt.history_runs WHERE source_schema = 'shop') AS runs,
       (SELECT count(*) FROM (SELECT period, count(*) AS n FROM pmkt.history_customer_segments
                              WHERE source_schema = 'shop' GROUP BY period
                              EXCEPT SELECT * FROM bf1) d) AS changed_periods;
CALL pmkt.run_evaluation_range('shop', '2024-12-01', '2024-10-01');
-- segment migration between consecutive months: October's customers are 1
-- (new) and 2 (signed up, no order yet); November adds 3 (new) and 4 (no
-- orders); all keep their segment into December
SELECT period, previous_period, from_segment, to_segment, customers, share_of_from, is_latest_period
FROM pmkt.v_segment_migration WHERE source_schema = 'shop' ORDER BY period, from_segment, to_segment;
SELECT customer_id, period, segment, previous_period, previous_segment
FROM pmkt.v_customer_segment_current WHERE source_schema = 'shop' ORDER BY customer_id;

-- The default period is the last complete month with data: the latest
-- order (2025-01-12) is in January 2025, long complete.
CALL pmkt.run_evaluation('shop', save_models => false);
SELECT max(period) AS default_period FROM pmkt.history_runs WHERE source_schema = 'shop';
SELECT period FROM pmkt.v_latest_run WHERE source_schema = 'shop';

-- Months are cut in the run's time_zone, not by the session's.  An order at
-- 2024-11-30 20:00 UTC is in November in UTC and in December in Tokyo.
INSERT INTO shop.invoice_lines VALUES (8, 2, '2024-11-30 20:00+00', 10);
SET timezone = 'UTC';
CALL pmkt.run_evaluation('shop', '2024-11-01', save_models => false);
CREATE TEMP TABLE tz_utc AS
SELECT 'segments' AS t, customer_id::text AS k, row(recency_days, frequency, monetary, segment)::text AS v
FROM pmkt.history_customer_segments WHERE source_schema = 'shop' AND period = '2024-11-01'
UNION ALL SELECT 'cohorts', cohort_month::text, row(customers, buyers, revenue, avg_clv)::text
FROM pmkt.history_cohort_metrics WHERE source_schema = 'shop' AND period = '2024-11-01'
UNION ALL SELECT 'kpis', month::text, row(revenue, orders, customers, new_customers)::text
FROM pmkt.history_kpi_monthly WHERE source_schema = 'shop' AND period = '2024-11-01';
SET timezone = 'Asia/Tokyo';
CALL pmkt.run_evaluation('shop', '2024-11-01', save_models => false, time_zone => 'UTC');
-- the same results as the UTC session (no row differs), and the as-of time
-- is the end of November in UTC
SELECT (SELECT count(*) FROM tz_utc) AS rows_compared, count(*) AS differing_rows FROM (
  (SELECT 'segments' AS t, customer_id::text AS k, row(recency_days, frequency, monetary, segment)::text AS v
   FROM pmkt.history_customer_segments WHERE source_schema = 'shop' AND period = '2024-11-01'
   UNION ALL SELECT 'cohorts', cohort_month::text, row(customers, buyers, revenue, avg_clv)::text
   FROM pmkt.history_cohort_metrics WHERE source_schema = 'shop' AND period = '2024-11-01'
   UNION ALL SELECT 'kpis', month::text, row(revenue, orders, customers, new_customers)::text
   FROM pmkt.history_kpi_monthly WHERE source_schema = 'shop' AND period = '2024-11-01')
  EXCEPT SELECT * FROM tz_utc) d;
SELECT (parameters ->> 'as_of')::timestamptz = '2024-12-01 00:00+00' AS as_of_utc, parameters ->> 'time_zone' AS time_zone
FROM pmkt.history_runs WHERE source_schema = 'shop' AND period = '2024-11-01';
-- with the session's zone (the default), November ends at 2024-12-01 00:00
-- in Tokyo (15:00 UTC the day before): order 8 falls after the period
CALL pmkt.run_evaluation('shop', '2024-11-01', save_models => false);
SELECT parameters ->> 'time_zone' AS time_zone, (parameters ->> 'as_of')::timestamptz = '2024-11-30 15:00+00' AS as_of_tokyo
FROM pmkt.history_runs WHERE source_schema = 'shop' AND period = '2024-11-01';
SELECT month, revenue, orders FROM pmkt.history_kpi_monthly
WHERE source_schema = 'shop' AND period = '2024-11-01' ORDER BY month;
CALL pmkt.run_evaluation('shop', '2024-11-01', time_zone => 'Mars/Olympus');
RESET timezone;

-- The minimum-cost assignment (Hungarian method) against
-- scipy.optimize.linear_sum_assignment (test/ops/min_cost_assignment.py):
-- assignments [1], [3,1,2] (cost 3.9), [1,3,4,2] (13.7), [4,3,6,5,1,2] (8.8), [2,1,3] (5)
SELECT pmkt.min_cost_assignment('{{8.1}}') AS a1,
       pmkt.min_cost_assignment('{{8.1,5.2,2.9},{0.5,3.8,4.1},{0.5,0.5,10.0}}') AS a3,
       pmkt.min_cost_assignment('{{6.5,2.3,4.3,9.7},{9.0,8.4,3.9,4.9},{6.8,0.6,5.6,2.7},{8.8,0.6,6.8,8.7}}') AS a4,
       pmkt.min_cost_assignment('{{2.3,9.0,8.7,0.2,7.1,0.0},{5.0,4.4,2.0,3.2,8.1,3.2},{1.5,7.0,4.5,8.0,2.4,3.2},{8.0,5.1,5.1,2.4,0.1,9.3},{0.9,8.4,3.7,9.5,4.0,9.4},{5.6,2.4,7.4,6.7,6.8,4.6}}') AS a6,
       pmkt.min_cost_assignment('{{4,1,3},{2,0,5},{3,2,2}}') AS a3b;
SELECT pmkt.min_cost_assignment('{1,2}');
SELECT pmkt.min_cost_assignment('{{1,2},{3,NaN}}');

-- Stable cluster labels: k-means on two consecutive months of a generated
-- shop; December's clusters are renumbered to November's by the matching.
-- Checked independently: each December cluster's nearest November centroid
-- (features scaled by December's standard deviations) has the same label.
SELECT count(*) > 0 AS generated FROM pmkt.generate_demo('ops_stab', 1500, 11);
DROP TABLE ops_stab.aisas_monthly, ops_stab.visits, ops_stab.sales_drivers, ops_stab.feedback,
           ops_stab.order_lines, ops_stab.products;
CALL pmkt.run_evaluation_range('ops_stab', '2024-11-01', '2024-12-01');
SELECT period, metric, value, flag
FROM pmkt.history_model_metrics WHERE model_name = 'ops_stab.rfm_kmeans' AND metric IN ('k', 'converged', 'labels_matched')
ORDER BY 1, 2;
WITH sd AS (
    SELECT stddev_samp(recency_days) AS s1, stddev_samp(ln(frequency::float8)) AS s2,
           stddev_samp(ln(1 + monetary)) AS s3
    FROM pmkt.history_customer_segments WHERE source_schema = 'ops_stab' AND period = '2024-12-01' AND cluster IS NOT NULL),
cen AS (
    SELECT period, cluster, avg(recency_days) AS c1, avg(ln(frequency::float8)) AS c2, avg(ln(1 + monetary)) AS c3
    FROM pmkt.history_customer_segments WHERE source_schema = 'ops_stab' AND cluster IS NOT NULL
    GROUP BY 1, 2),
nearest AS (
    SELECT DISTINCT ON (a.cluster) a.cluster AS december, b.cluster AS nearest_november
    FROM cen a, cen b, sd
    WHERE a.period = '2024-12-01' AND b.period = '2024-11-01'
    ORDER BY a.cluster, ((a.c1 - b.c1) / sd.s1) ^ 2 + ((a.c2 - b.c2) / sd.s2) ^ 2 + ((a.c3 - b.c3) / sd.s3) ^ 2)
SELECT december, nearest_november, december = nearest_november AS same_label FROM nearest ORDER BY 1;
-- the same check without the matching (stable_clusters => false): the
-- k-means numbering of December alone
CALL pmkt.run_evaluation('ops_stab', '2024-12-01', stable_clusters => false);
WITH sd AS (
    SELECT stddev_samp(recency_days) AS s1, stddev_samp(ln(frequency::float8)) AS s2,
           stddev_samp(ln(1 + monetary)) AS s3
    FROM pmkt.history_customer_segments WHERE source_schema = 'ops_stab' AND period = '2024-12-01' AND cluster IS NOT NULL),
cen AS (
    SELECT period, cluster, avg(recency_days) AS c1, avg(ln(frequency::float8)) AS c2, avg(ln(1 + monetary)) AS c3
    FROM pmkt.history_customer_segments WHERE source_schema = 'ops_stab' AND cluster IS NOT NULL
    GROUP BY 1, 2)
SELECT DISTINCT ON (a.cluster) a.cluster AS december_unmatched, b.cluster AS nearest_november
FROM cen a, cen b, sd
WHERE a.period = '2024-12-01' AND b.period = '2024-11-01'
ORDER BY a.cluster, ((a.c1 - b.c1) / sd.s1) ^ 2 + ((a.c2 - b.c2) / sd.s2) ^ 2 + ((a.c3 - b.c3) / sd.s3) ^ 2;
CALL pmkt.run_evaluation('ops_stab', '2024-12-01');
-- the run records the map it applied (a permutation of 1..3) with the model
SELECT run_period, metrics -> 'label_map' AS label_map,
       (SELECT array_agg(x::int ORDER BY x::int) FROM jsonb_array_elements_text(metrics -> 'label_map') x) AS sorted_map,
       metrics ->> 'labels_matched_to' AS matched_to
FROM pmkt.model_registry WHERE name = 'ops_stab.rfm_kmeans' ORDER BY run_period;
-- deleting a run deletes the registry versions it saved
DELETE FROM pmkt.history_runs WHERE source_schema = 'ops_stab' AND period = '2024-11-01';
SELECT run_period, version FROM pmkt.model_registry WHERE name = 'ops_stab.rfm_kmeans';

DELETE FROM pmkt.history_runs WHERE source_schema IN ('ops_ref', 'shop', 'ops_stab');
DELETE FROM pmkt.evaluation_sources WHERE source = 'shop';
DROP SCHEMA ops_ref, shop, ops_stab CASCADE;
