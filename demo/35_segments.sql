-- Demo report: customer segmentation (SPEC 1.3 / 1.4).  RFM profile of every
-- customer of pmkt_demo.orders, the three segments of study A with their
-- shares and average RFM values, and the strategy each segment gets from
-- the editable map pmkt.segment_strategy.
\echo
\echo '== Customer segmentation: RFM, segments and strategies =='
\echo 'RFM measured at the latest order; new = first order in the last 90 days;'
\echo 'frequent = above the natural break of ln(orders) among the others.'
SET client_min_messages = warning;
DROP TABLE IF EXISTS pmkt_demo.customer_rfm;
CREATE TABLE pmkt_demo.customer_rfm AS
SELECT * FROM pmkt.rfm('pmkt_demo.orders');

\echo
\echo 'Segment shares (study A: frequent ~30 %, occasional ~45 %, new ~25 %)'
SELECT segment,
       count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS share_pct,
       round(avg(recency_days)::numeric, 1) AS avg_recency_days,
       round(avg(frequency)::numeric, 2) AS avg_orders,
       round(avg(monetary)::numeric, 2) AS avg_spend,
       round(avg(r_score)::numeric, 2) AS avg_r,
       round(avg(f_score)::numeric, 2) AS avg_f,
       round(avg(m_score)::numeric, 2) AS avg_m
FROM pmkt_demo.customer_rfm
GROUP BY segment
ORDER BY customers DESC;

\echo 'Agreement with the segments the generator planted'
SELECT round(100.0 * avg((r.segment = c.planted_segment)::int), 2) AS agreement_pct
FROM pmkt_demo.customer_rfm r JOIN pmkt_demo.customers c USING (customer_id);

\echo 'The same with method => kmeans (3-means on standardised RFM, seed 42)'
SELECT k.segment,
       count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS share_pct,
       round(100.0 * avg((k.segment = r.segment)::int), 1) AS same_as_rules_pct
FROM pmkt.rfm('pmkt_demo.orders', method => 'kmeans') k
JOIN pmkt_demo.customer_rfm r USING (customer_id)
GROUP BY k.segment
ORDER BY customers DESC;

\echo 'Most common RFM cells'
SELECT rfm_cell, segment, count(*) AS customers
FROM pmkt_demo.customer_rfm
GROUP BY rfm_cell, segment
ORDER BY customers DESC, rfm_cell
LIMIT 8;

\echo 'Strategy per segment (pmkt.segment_strategy; planning figures are editable)'
SELECT s.segment, count(r.*) AS customers, s.strategy, s.objective,
       round(100 * s.expected_sales_growth) AS sales_growth_pct,
       round(100 * s.expected_customer_growth) AS customer_growth_pct,
       round(100 * s.expected_roi) AS roi_pct,
       round(sum(r.monetary)::numeric, 0) AS segment_revenue,
       round((sum(r.monetary) * s.expected_sales_growth)::numeric, 0) AS planned_extra_revenue
FROM pmkt.segment_strategy s
LEFT JOIN pmkt_demo.customer_rfm r USING (segment)
GROUP BY s.segment, s.strategy, s.objective, s.expected_sales_growth,
         s.expected_customer_growth, s.expected_roi
ORDER BY customers DESC;

\echo 'Per-customer action list (pmkt.rfm_strategy), first rows'
SELECT customer_id, segment, rfm_cell, strategy, expected_effect
FROM pmkt.rfm_strategy('pmkt_demo.orders')
ORDER BY customer_id
LIMIT 5;

\echo 'DBSCAN on (0.2 ln orders, ln average basket) of a sample of about 20 000 customers:'
\echo 'dense behaviour groups and atypical customers (noise)'
SELECT CASE WHEN cluster_id = -1 THEN 'noise' ELSE 'cluster ' || cluster_id END AS dbscan_cluster,
       count(*) AS customers,
       round(avg(r.frequency)::numeric, 1) AS avg_orders,
       round(avg(r.monetary / r.frequency)::numeric, 2) AS avg_basket,
       mode() WITHIN GROUP (ORDER BY r.segment) AS main_rfm_segment
FROM pmkt.dbscan($$SELECT customer_id, ARRAY[0.2 * ln(frequency), ln(greatest(monetary, 1) / frequency)]
                   FROM pmkt_demo.customer_rfm
                   WHERE customer_id % (SELECT greatest(1, count(*) / 20000) FROM pmkt_demo.customer_rfm) = 0
                   ORDER BY customer_id$$,
                 eps => 0.1, min_points => 40) d
JOIN pmkt_demo.customer_rfm r ON r.customer_id = d.row_id
GROUP BY 1 ORDER BY customers DESC;
