-- Demo report, part 20: money metrics (SPEC 1.6) and channel effectiveness
-- (SPEC 1.5) on the demo data.  Rates are shown in percent.
\echo
\echo '== Money metrics =='
\echo 'Campaign totals (all channels, 2023-2024): CAC, ROI, CTR, conversion rate'
SELECT round(sum(spend)) AS spend,
       sum(new_customers) AS new_customers,
       round(pmkt.cac(sum(spend), sum(new_customers))::numeric, 2) AS cac,
       round(pmkt.roi(sum(revenue) - sum(spend), sum(spend))::numeric, 1) AS roi_pct,
       round(100 * pmkt.ctr(sum(clicks), sum(impressions))::numeric, 2) AS ctr_pct,
       round(100 * pmkt.conversion_rate(sum(conversions), sum(clicks))::numeric, 2) AS conversion_pct
FROM pmkt_demo.campaigns;

\echo 'Order revenue growth, 2024 over 2023'
SELECT round(sum(amount) FILTER (WHERE ordered_at < '2024-01-01')) AS revenue_2023,
       round(sum(amount) FILTER (WHERE ordered_at >= '2024-01-01')) AS revenue_2024,
       round(100 * pmkt.growth_rate(sum(amount) FILTER (WHERE ordered_at >= '2024-01-01'),
                                    sum(amount) FILTER (WHERE ordered_at < '2024-01-01'))::numeric, 1) AS growth_pct
FROM pmkt_demo.orders;

\echo 'Per planted segment: repeat-purchase rate and 12-month CLV of an average customer'
\echo '(2024 monthly revenue per customer, 30 % margin, 1 % discount rate per month)'
WITH seg AS (
  SELECT planted_segment, count(*) AS customers FROM pmkt_demo.customers GROUP BY 1
), per_customer AS (
  SELECT c.planted_segment, count(*) AS orders
  FROM pmkt_demo.orders o JOIN pmkt_demo.customers c USING (customer_id) GROUP BY c.customer_id, 1
), monthly AS (
  SELECT c.planted_segment, extract(month FROM o.ordered_at AT TIME ZONE 'UTC')::int AS period,
         sum(o.amount) AS revenue
  FROM pmkt_demo.orders o JOIN pmkt_demo.customers c USING (customer_id)
  WHERE o.ordered_at >= '2024-01-01' GROUP BY 1, 2
)
SELECT s.planted_segment AS segment, s.customers,
       round(100 * pmkt.repeat_purchase_rate(
         (SELECT count(*) FROM per_customer p WHERE p.planted_segment = s.planted_segment AND p.orders >= 2),
         s.customers)::numeric, 1) AS repeat_pct,
       round(pmkt.clv(m.period, m.revenue / s.customers, 0.7 * m.revenue / s.customers, 0.01)::numeric, 2) AS clv_12m
FROM seg s JOIN monthly m USING (planted_segment)
GROUP BY s.planted_segment, s.customers ORDER BY clv_12m DESC;

\echo 'Website visits: conversion rate by channel (pmkt.conversion_rate aggregate)'
SELECT channel, count(*) AS visits,
       round(100 * pmkt.conversion_rate(converted)::numeric, 2) AS conversion_pct
FROM pmkt_demo.visits GROUP BY 1 ORDER BY 3 DESC;

\echo 'NPS by feedback aspect (scores from "Likelihood to recommend: N/10" in the comments)'
SELECT coalesce(aspect, 'all') AS aspect, count(*) AS responses,
       round(pmkt.nps(substring(comment FROM 'recommend: ([0-9]+)/10')::int)::numeric, 1) AS nps
FROM pmkt_demo.feedback GROUP BY ROLLUP (aspect) ORDER BY grouping(aspect), 1;

\echo
\echo '== Channel effectiveness (pmkt.channel_effectiveness) =='
\echo 'sales growth: revenue of the last 12 months over the first 12'
\echo 'rates as fractions rounded to 4 decimals, amounts and roi (a percent) to 2'
SELECT channel, investment, ctr, conversion_rate, sales, sales_growth, roi, cac
FROM pmkt.channel_effectiveness('pmkt_demo.campaigns') ORDER BY roi DESC;
