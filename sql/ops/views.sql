-- views: the BI views pmkt.v_* — every view and column commented, column
-- types a BI tool charts directly, computed columns, and a reader role that
-- sees the views without any privilege on the history tables.
SET client_min_messages = warning;

-- the views and their column count
SELECT c.relname AS view, count(a.attnum) AS columns,
       obj_description(c.oid, 'pg_class') IS NOT NULL AS commented
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'pmkt'::regnamespace AND c.relkind = 'v'
GROUP BY c.oid, c.relname ORDER BY 1;

-- every column of every view has a comment (no rows = all commented)
SELECT c.relname AS view, a.attname AS column
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'pmkt'::regnamespace AND c.relkind = 'v'
  AND col_description(c.oid, a.attnum) IS NULL
ORDER BY 1, 2;

-- every column type is one BI tools chart directly (no rows = all are):
-- no arrays, JSON, composite or pmkt-specific types
SELECT c.relname AS view, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'pmkt'::regnamespace AND c.relkind = 'v'
  AND a.atttypid NOT IN ('text'::regtype, 'bigint'::regtype, 'integer'::regtype,
                         'double precision'::regtype, 'numeric'::regtype, 'date'::regtype,
                         'timestamp with time zone'::regtype, 'boolean'::regtype)
ORDER BY 1, 2;

-- the types used, for the record
SELECT format_type(a.atttypid, a.atttypmod) AS type, count(*) AS columns
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'pmkt'::regnamespace AND c.relkind = 'v'
GROUP BY 1 ORDER BY 1;

-- Computed columns, on two hand-written runs of a schema 'bi_test'
-- (2024-11 and 2024-12): buyer_share, is_latest_period (from pmkt.v_latest_run).
INSERT INTO pmkt.history_runs VALUES
 ('bi_test', '2024-11-01', '2024-12-01 03:00+00', '2024-12-01 03:01+00', 'postgres', '{}', 'segments', ''),
 ('bi_test', '2024-12-01', '2025-01-01 03:00+00', '2025-01-01 03:01+00', 'postgres', '{}', 'segments', '');
INSERT INTO pmkt.history_segment_summary
    (source_schema, period, segment, customers, share, avg_recency_days, avg_frequency,
     avg_monetary, total_monetary, avg_r_score, avg_f_score, avg_m_score, strategy, run_at)
VALUES
 ('bi_test', '2024-11-01', 'frequent', 2, 2/3.0, 10, 12, 900, 1800, 5, 5, 5, 'VIP', '2024-12-01 03:00+00'),
 ('bi_test', '2024-11-01', 'new', 1, 1/3.0, 5, 1, 40, 40, 5, 1, 1, 'first purchase', '2024-12-01 03:00+00'),
 ('bi_test', '2024-12-01', 'frequent', 3, 0.75, 8, 13, 950, 2850, 5, 5, 5, 'VIP', '2025-01-01 03:00+00'),
 ('bi_test', '2024-12-01', 'new', 1, 0.25, 3, 1, 60, 60, 5, 1, 1, 'first purchase', '2025-01-01 03:00+00');
INSERT INTO pmkt.history_cohort_metrics VALUES
 ('bi_test', '2024-12-01', '2024-10-01', 4, 3, 1200, 210.5, 500, 5, 100, 2.105, '2025-01-01 03:00+00'),
 ('bi_test', '2024-12-01', '2024-11-01', 0, 0, 0, NULL, NULL, NULL, NULL, NULL, '2025-01-01 03:00+00');

-- two units in 2024-12: the monthly view averages the indices and scores
INSERT INTO pmkt.history_aisas_scores (source_schema, period, unit_id, month,
    b11_ad_impressions, b12_brand_recognition, b41_conversion_rate, composite_score, run_at)
VALUES
 ('bi_test', '2024-12-01', 1, '2024-12-01', 1000, 0.25, 0.02, 0.30, '2025-01-01 03:00+00'),
 ('bi_test', '2024-12-01', 2, '2024-12-01', 3000, 0.75, 0.04, 0.10, '2025-01-01 03:00+00');

SELECT period, segment, customers, share, strategy, is_latest_period
FROM pmkt.v_segment_summary WHERE source_schema = 'bi_test' ORDER BY period, segment;
SELECT cohort_month, customers, buyers, buyer_share, avg_clv, cac, clv_cac_ratio, is_latest_period
FROM pmkt.v_clv_cac_by_cohort WHERE source_schema = 'bi_test' ORDER BY cohort_month;

SELECT month, units, mean_score, min_score, max_score, b11_ad_impressions,
       b12_brand_recognition, b41_conversion_rate, b42_order_growth
FROM pmkt.v_aisas_monthly WHERE source_schema = 'bi_test';

-- A BI role needs USAGE on the schema and SELECT on the views only; the
-- views read the history tables with their owner's rights.
CREATE ROLE regress_pmkt_bi;
GRANT USAGE ON SCHEMA pmkt TO regress_pmkt_bi;
GRANT SELECT ON pmkt.v_segment_summary, pmkt.v_channel_effectiveness,
                pmkt.v_clv_cac_by_cohort, pmkt.v_model_registry, pmkt.v_model_metrics,
                pmkt.v_aisas_monthly
             TO regress_pmkt_bi;
SET ROLE regress_pmkt_bi;
SELECT count(*) AS rows FROM pmkt.v_segment_summary WHERE source_schema = 'bi_test';
SELECT count(*) FROM pmkt.history_segment_summary;
RESET ROLE;
REVOKE ALL ON pmkt.v_segment_summary, pmkt.v_channel_effectiveness,
              pmkt.v_clv_cac_by_cohort, pmkt.v_model_registry, pmkt.v_model_metrics,
              pmkt.v_aisas_monthly
       FROM regress_pmkt_bi;
REVOKE ALL ON SCHEMA pmkt FROM regress_pmkt_bi;
DROP ROLE regress_pmkt_bi;

-- deleting a run removes its rows from every history table
DELETE FROM pmkt.history_runs WHERE source_schema = 'bi_test' AND period = '2024-12-01';
SELECT (SELECT count(*) FROM pmkt.v_segment_summary WHERE source_schema = 'bi_test') AS segments,
       (SELECT count(*) FROM pmkt.v_clv_cac_by_cohort WHERE source_schema = 'bi_test') AS cohorts,
       (SELECT count(*) FROM pmkt.v_aisas_monthly WHERE source_schema = 'bi_test') AS aisas,
       (SELECT bool_and(is_latest_period) FROM pmkt.v_segment_summary
        WHERE source_schema = 'bi_test') AS november_is_latest;
DELETE FROM pmkt.history_runs WHERE source_schema = 'bi_test';
