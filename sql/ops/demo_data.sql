-- demo_data: pmkt.generate_demo at a small scale.  Checks the contract's
-- tables and columns, row counts, determinism (same seed -> same rows),
-- the planted segment shares and profiles, and bad arguments.
-- Reference (statsmodels, Debian /usr/bin/python3, on generate_demo(orders => 200000, seed => 42)):
--   OLS sales ~ ad_spend + price_adjustment + service_rating: 0.740 (SE 0.018),
--   -0.344 (0.015), 0.706 (0.035) for the planted 0.75 / -0.35 / 0.65;
--   Logit converted ~ exposures + discount + pages + channel: 0.243, 0.048,
--   0.184 for the planted 0.25, 0.05, 0.18.
--   sklearn KMeans(3) on standardised (recency, frequency, monetary) per customer
--   recovers planted_segment with adjusted Rand index 0.99 (0.987 on log F, M).
SELECT * FROM pmkt.generate_demo('demo_t', 5000, 7);

-- the contract's columns and types (docs/ARCHITECTURE.md, "Demo data contract")
SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS columns
FROM information_schema.columns WHERE table_schema = 'demo_t'
GROUP BY table_name ORDER BY table_name;
SELECT conrelid::regclass AS table_name, pg_get_constraintdef(oid) AS pkey
FROM pg_constraint WHERE connamespace = 'demo_t'::regnamespace AND contype = 'p' ORDER BY conrelid::regclass::text COLLATE "C";

-- determinism: checksums of every table, then again after regenerating
CREATE TEMP TABLE sums AS
SELECT 'customers' AS t, md5(string_agg(x::text, '|' ORDER BY customer_id)) AS h FROM demo_t.customers x
UNION ALL SELECT 'orders', md5(string_agg(x::text, '|' ORDER BY order_id)) FROM demo_t.orders x
UNION ALL SELECT 'campaigns', md5(string_agg(x::text, '|' ORDER BY channel, month)) FROM demo_t.campaigns x
UNION ALL SELECT 'feedback', md5(string_agg(x::text, '|' ORDER BY feedback_id)) FROM demo_t.feedback x
UNION ALL SELECT 'aisas_monthly', md5(string_agg(x::text, '|' ORDER BY unit_id, month)) FROM demo_t.aisas_monthly x
UNION ALL SELECT 'sales_drivers', md5(string_agg(x::text, '|' ORDER BY region_id, week)) FROM demo_t.sales_drivers x
UNION ALL SELECT 'visits', md5(string_agg(x::text, '|' ORDER BY visit_id)) FROM demo_t.visits x;
SELECT count(*) FROM pmkt.generate_demo('demo_t', 5000, 7);
SELECT s.t, s.h = n.h AS same_rows
FROM sums s JOIN (
      SELECT 'customers' AS t, md5(string_agg(x::text, '|' ORDER BY customer_id)) AS h FROM demo_t.customers x
UNION ALL SELECT 'orders', md5(string_agg(x::text, '|' ORDER BY order_id)) FROM demo_t.orders x
UNION ALL SELECT 'campaigns', md5(string_agg(x::text, '|' ORDER BY channel, month)) FROM demo_t.campaigns x
UNION ALL SELECT 'feedback', md5(string_agg(x::text, '|' ORDER BY feedback_id)) FROM demo_t.feedback x
UNION ALL SELECT 'aisas_monthly', md5(string_agg(x::text, '|' ORDER BY unit_id, month)) FROM demo_t.aisas_monthly x
UNION ALL SELECT 'sales_drivers', md5(string_agg(x::text, '|' ORDER BY region_id, week)) FROM demo_t.sales_drivers x
UNION ALL SELECT 'visits', md5(string_agg(x::text, '|' ORDER BY visit_id)) FROM demo_t.visits x) n USING (t)
ORDER BY 1;
-- another seed gives other rows (in a schema whose name needs quoting)
SELECT * FROM pmkt.generate_demo('Demo Other', 5000, 8) WHERE table_name = 'orders';
SELECT (SELECT md5(string_agg(x::text, '|' ORDER BY order_id)) FROM "Demo Other".orders x)
       <> (SELECT h FROM sums WHERE t = 'orders') AS other_seed_differs;

-- planted segments: exactly 30 / 45 / 25 %, every customer has an order
SELECT planted_segment, count(*), round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM demo_t.customers GROUP BY 1 ORDER BY 2 DESC;
SELECT count(*) AS customers_without_orders FROM demo_t.customers c
WHERE NOT EXISTS (SELECT 1 FROM demo_t.orders o WHERE o.customer_id = c.customer_id);
-- distinct recency / frequency / monetary profiles
SELECT planted_segment, round(avg(frequency), 1) AS frequency, round(avg(monetary)) AS monetary,
       round(avg(recency_days)) AS recency_days
FROM demo_t.customers c JOIN (
  SELECT customer_id, count(*) AS frequency, sum(amount)::numeric AS monetary,
         '2025-01-01'::date - max(ordered_at AT TIME ZONE 'UTC')::date AS recency_days
  FROM demo_t.orders GROUP BY 1) o USING (customer_id)
GROUP BY 1 ORDER BY 2 DESC;
-- orders in the window, positive amounts, four channels, Nov/Dec above the monthly mean
SELECT min(ordered_at AT TIME ZONE 'UTC')::date >= '2023-01-01' AND max(ordered_at AT TIME ZONE 'UTC')::date <= '2024-12-31' AS in_window,
       min(amount) > 0 AS positive_amounts,
       count(DISTINCT channel) AS channels, min(product_id) >= 1 AND max(product_id) <= 500 AS products_ok
FROM demo_t.orders;
SELECT bool_and(n > (SELECT count(*) / 24.0 FROM demo_t.orders)) AS nov_dec_peak
FROM (SELECT count(*) AS n FROM demo_t.orders
      WHERE extract(month FROM ordered_at AT TIME ZONE 'UTC') IN (11, 12)
      GROUP BY date_trunc('month', ordered_at AT TIME ZONE 'UTC')) s;
-- campaigns: 4 channels x 24 months; funnel counts nested
SELECT count(DISTINCT channel) AS channels, count(DISTINCT month) AS months,
       bool_and(clicks <= impressions AND conversions <= clicks AND new_customers <= conversions) AS nested,
       bool_and(spend > 0 AND revenue > 0) AS positive
FROM demo_t.campaigns;
-- feedback: every aspect x sentiment occurs, and the score in the text follows the sentiment
SELECT aspect, sentiment, count(*) > 0 AS present,
       min(substring(comment FROM 'recommend: ([0-9]+)/10')::int) AS min_score,
       max(substring(comment FROM 'recommend: ([0-9]+)/10')::int) AS max_score
FROM demo_t.feedback GROUP BY 1, 2 ORDER BY 1, 2;
-- aisas_monthly: 40 units x 40 months, funnel stages nested (brand_aware is a
-- subset of consumers, so B12 = brand_aware / consumers is a share)
SELECT count(*) AS rows, count(DISTINCT unit_id) AS units, count(DISTINCT month) AS months,
       min(month) AS first_month, max(month) AS last_month,
       bool_and(consumers <= ad_impressions AND brand_aware <= consumers AND interested <= consumers
                AND purchasers <= buyers AND standard_purchasers <= purchasers) AS nested
FROM demo_t.aisas_monthly;
-- sales_drivers: the planted effects show in the simple slopes' signs
SELECT count(*) AS rows, regr_slope(sales, ad_spend) > 0 AS ad_up,
       regr_slope(sales, price_adjustment) < 0 AS price_down,
       regr_slope(sales, service_rating) > 0 AS service_up
FROM demo_t.sales_drivers;
-- visits: conversion rises with discount
SELECT avg(converted::int) FILTER (WHERE discount_pct >= 20) > avg(converted::int) FILTER (WHERE discount_pct <= 5)
       AS discount_helps FROM demo_t.visits;

-- the smallest data set
SELECT * FROM pmkt.generate_demo('demo_tiny', 1, 1);

-- bad arguments
SELECT * FROM pmkt.generate_demo('demo_t', 0, 1);
SELECT * FROM pmkt.generate_demo('demo_t', -5, 1);
SELECT * FROM pmkt.generate_demo('', 10, 1);
SELECT * FROM pmkt.generate_demo('pmkt', 10, 1);
SELECT * FROM pmkt.generate_demo('pg_catalog', 10, 1);
SELECT * FROM pmkt.generate_demo('public', 10, 1);
SELECT * FROM pmkt.generate_demo(repeat('x', 64), 10, 1);
SELECT * FROM pmkt.generate_demo(NULL, 10, 1);
\set VERBOSITY sqlstate
SELECT * FROM pmkt.generate_demo('demo_t', 0, 1);
SELECT * FROM pmkt.generate_demo('pmkt', 10, 1);
SELECT * FROM pmkt.generate_demo(NULL, 10, 1);
\set VERBOSITY default
-- the tables of the failed calls were left alone
SELECT count(*) AS orders_still_there FROM demo_t.orders;
SET client_min_messages = warning;
DROP SCHEMA demo_t, "Demo Other", demo_tiny CASCADE;
RESET client_min_messages;
