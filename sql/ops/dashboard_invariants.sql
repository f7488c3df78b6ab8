-- dashboard_invariants: what a dashboard built on the BI views relies on,
-- checked over EVERY view of schema pmkt (the family views included), on two
-- evaluation runs of a generated shop (2024-11, then the default period)
-- (issue 16 point 5).  Each query lists the violations: no rows = kept.
SET client_min_messages = warning;

SELECT count(*) > 0 AS generated FROM pmkt.generate_demo('dash', 1500, 5);
CALL pmkt.run_evaluation('dash', '2024-11-01', epochs => 20);
-- no period: the last complete month with data (the demo's orders end in
-- 2024-12), not the current month
CALL pmkt.run_evaluation('dash', epochs => 20);
SELECT period, steps_skipped FROM pmkt.history_runs WHERE source_schema = 'dash' ORDER BY period;
SELECT source_schema, period FROM pmkt.v_latest_run WHERE source_schema = 'dash';

CREATE TEMP TABLE view_cols AS
SELECT c.relname::text AS view, a.attname::text AS col, a.atttypid::regtype::text AS type,
       col_description(c.oid, a.attnum) AS comment
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'pmkt'::regnamespace AND c.relkind = 'v';

-- 1. every view and every column is commented
SELECT c.relname AS uncommented_view FROM pg_class c
WHERE c.relnamespace = 'pmkt'::regnamespace AND c.relkind = 'v' AND obj_description(c.oid, 'pg_class') IS NULL;
SELECT view, col AS uncommented_column FROM view_cols WHERE comment IS NULL ORDER BY 1, 2;

-- 2. the series (views with a period column) have source_schema text,
-- period date, run_at timestamptz and is_latest_period boolean
SELECT v.view, need.col, need.type AS wanted, c.type AS found
FROM (SELECT DISTINCT view FROM view_cols WHERE col = 'period') v
CROSS JOIN (VALUES ('source_schema', 'text'), ('period', 'date'), ('run_at', 'timestamp with time zone'),
                   ('is_latest_period', 'boolean')) need(col, type)
LEFT JOIN view_cols c ON c.view = v.view AND c.col = need.col
WHERE c.type IS DISTINCT FROM need.type
  AND NOT (v.view = 'v_latest_run' AND need.col = 'is_latest_period')  -- it defines it
ORDER BY 1, 2;
-- the views that are not a series of runs, for the record
SELECT view FROM view_cols GROUP BY view HAVING NOT bool_or(col = 'period') ORDER BY 1;

-- 3. months and days are dates, times are timestamptz (time axes)
SELECT view, col, type FROM view_cols
WHERE ((col ~ '(month|period|_on)$' AND col NOT LIKE 'is\_%') AND type <> 'date')
   OR (col ~ '_at$' AND type <> 'timestamp with time zone')
ORDER BY 1, 2;

-- 4. "latest" is one run: in every view, is_latest_period is true exactly
-- for the rows of pmkt.v_latest_run's (source_schema, period)
CREATE FUNCTION pg_temp.latest_disagreements(v text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM pmkt.%I x LEFT JOIN pmkt.v_latest_run l
                    ON l.source_schema = x.source_schema AND l.period = x.period
                    WHERE x.is_latest_period IS DISTINCT FROM (l.period IS NOT NULL)', v) INTO n;
    RETURN n;
END $$;
CREATE FUNCTION pg_temp.latest_rows(v text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM pmkt.%I x WHERE x.source_schema = ''dash'' AND x.is_latest_period', v) INTO n;
    RETURN n;
END $$;
-- (v_classify_gains has no rows here: the generated shop has too few
-- held-out conversions for the forest; ops/operations shows its rows)
SELECT view, pg_temp.latest_disagreements(view) AS disagreeing_rows, pg_temp.latest_rows(view) > 0 AS has_latest_rows
FROM (SELECT DISTINCT view FROM view_cols WHERE col = 'is_latest_period') v ORDER BY 1;
-- and the latest period of every view is the same one (2024-12)
CREATE FUNCTION pg_temp.latest_periods(v text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
    EXECUTE format('SELECT string_agg(DISTINCT period::text, '','') FROM pmkt.%I WHERE source_schema = ''dash'' AND is_latest_period', v) INTO t;
    RETURN t;
END $$;
SELECT pg_temp.latest_periods(view) AS latest_period, count(*) AS views
FROM (SELECT DISTINCT view FROM view_cols WHERE col = 'is_latest_period') v GROUP BY 1 ORDER BY 1;

-- 5. units: a percent is named *_pct (and its comment says percent); every
-- other rate is a fraction; no view holds both percents and fractions
SELECT view, col, comment FROM view_cols
WHERE (col LIKE '%\_pct' AND comment NOT ILIKE '%percent%')
   OR (col NOT LIKE '%\_pct' AND comment ILIKE '%percent%' AND col <> 'discount_pct')
ORDER BY 1, 2;
SELECT view FROM view_cols GROUP BY view
HAVING bool_or(col LIKE '%\_pct') AND bool_or(comment ILIKE '%fraction%' OR comment LIKE '%(0..1)%')
ORDER BY 1;
-- the values of the rates named as fractions lie in 0..1
CREATE FUNCTION pg_temp.out_of_unit(v text, c text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM pmkt.%I WHERE NOT (%I BETWEEN 0 AND 1)', v, c) INTO n;
    RETURN n;
END $$;
SELECT view, col, pg_temp.out_of_unit(view, col) AS outside_0_1
FROM view_cols
WHERE (col ~ '(share|_rate|^ctr|p_alive|share_of_from|agreement)$' OR col = 'repeat_rate')
  AND type = 'double precision'
  AND pg_temp.out_of_unit(view, col) > 0
ORDER BY 1, 2;
-- ROI is a fraction in every view: v_channel_effectiveness shows the
-- history's percent / 100, the monthly views compute (sales - spend) / spend
SELECT (SELECT bool_and(abs(v.roi * 100 - h.roi) < 1e-9) FROM pmkt.v_channel_effectiveness v
        JOIN pmkt.history_channel_metrics h USING (source_schema, period, channel)
        WHERE v.source_schema = 'dash') AS trailing_is_fraction,
       (SELECT bool_and(abs(roi - (sales - investment) / investment) < 1e-12) FROM pmkt.v_channel_monthly
        WHERE source_schema = 'dash') AS monthly_is_fraction,
       (SELECT bool_and(abs(roi - (campaign_revenue - marketing_spend) / marketing_spend) < 1e-12) FROM pmkt.v_kpi_monthly
        WHERE source_schema = 'dash' AND marketing_spend > 0) AS kpi_is_fraction;

-- 6. yes/no values are boolean: columns named is_* / has_* / converged /
-- srm, and no yes/no metric shows as a number
SELECT view, col, type FROM view_cols
WHERE (col ~ '^(is|has)_' OR col IN ('converged', 'srm')) AND type <> 'boolean' ORDER BY 1, 2;
SELECT model_name, metric, value, flag FROM pmkt.v_model_metrics
WHERE source_schema = 'dash' AND (metric = 'converged' AND (value IS NOT NULL OR flag IS NULL))
ORDER BY 1;
SELECT count(*) FILTER (WHERE metric = 'converged') AS converged_flags,
       count(*) FILTER (WHERE flag IS NOT NULL AND value IS NOT NULL) AS both_set
FROM pmkt.v_model_metrics WHERE source_schema = 'dash' AND is_latest_period;

-- 7. model names carry no source prefix
SELECT DISTINCT model_name FROM pmkt.v_model_metrics WHERE source_schema = 'dash' AND model_name LIKE '%.%';
SELECT DISTINCT model_name FROM pmkt.v_classify_gains WHERE source_schema = 'dash' AND model_name LIKE '%.%';
SELECT DISTINCT model_name FROM pmkt.v_model_registry WHERE source_schema = 'dash' AND model_name LIKE '%.%';
SELECT model_name, kind FROM pmkt.v_model_metrics WHERE source_schema = 'dash' AND is_latest_period
GROUP BY 1, 2 ORDER BY 1;

-- 8. the long forms hold exactly the wide views' values
SELECT 'aisas' AS form,
       (SELECT count(*) FROM pmkt.v_aisas_long WHERE source_schema = 'dash')
         = 20 * (SELECT count(*) FROM pmkt.v_aisas_monthly WHERE source_schema = 'dash') AS rows_match,
       (SELECT count(*) FROM pmkt.v_aisas_monthly w JOIN pmkt.v_aisas_long l USING (source_schema, period, month)
        WHERE w.source_schema = 'dash' AND l.measure = 'b41_conversion_rate'
          AND l.value IS DISTINCT FROM w.b41_conversion_rate) = 0 AS values_match
UNION ALL
SELECT 'clv_cac',
       (SELECT count(*) FROM pmkt.v_clv_cac_long WHERE source_schema = 'dash')
         = 9 * (SELECT count(*) FROM pmkt.v_clv_cac_by_cohort WHERE source_schema = 'dash'),
       (SELECT count(*) FROM pmkt.v_clv_cac_by_cohort w JOIN pmkt.v_clv_cac_long l
           ON l.source_schema = w.source_schema AND l.period = w.period AND l.month = w.cohort_month
        WHERE w.source_schema = 'dash' AND l.measure = 'cac' AND l.value IS DISTINCT FROM w.cac) = 0
UNION ALL
SELECT 'kpi',
       (SELECT count(*) FROM pmkt.v_kpi_long WHERE source_schema = 'dash')
         = 11 * (SELECT count(*) FROM pmkt.v_kpi_monthly WHERE source_schema = 'dash'),
       (SELECT count(*) FROM pmkt.v_kpi_monthly w JOIN pmkt.v_kpi_long l USING (source_schema, period, month)
        WHERE w.source_schema = 'dash' AND l.measure = 'revenue' AND l.value IS DISTINCT FROM w.revenue) = 0;

-- 9. monthly series have no gaps: every month from the first to the period
SELECT 'v_clv_cac_by_cohort' AS view, period, count(*) AS months,
       (extract(year FROM age(period, min(cohort_month))) * 12 + extract(month FROM age(period, min(cohort_month))) + 1)::int AS expected
FROM pmkt.v_clv_cac_by_cohort WHERE source_schema = 'dash' GROUP BY period
UNION ALL
SELECT 'v_kpi_monthly', period, count(*),
       (extract(year FROM age(period, min(month))) * 12 + extract(month FROM age(period, min(month))) + 1)::int
FROM pmkt.v_kpi_monthly WHERE source_schema = 'dash' GROUP BY period
ORDER BY 1, 2;
-- the KPI series agrees with the orders (revenue and distinct customers of
-- 2024-11, counted here from the table)
SELECT k.revenue = (SELECT sum(amount) FROM dash.orders WHERE ordered_at >= '2024-11-01' AND ordered_at < '2024-12-01') AS revenue_ok,
       k.customers = (SELECT count(DISTINCT customer_id) FROM dash.orders WHERE ordered_at >= '2024-11-01' AND ordered_at < '2024-12-01') AS customers_ok,
       k.orders = (SELECT count(*) FROM dash.orders WHERE ordered_at >= '2024-11-01' AND ordered_at < '2024-12-01') AS orders_ok
FROM pmkt.v_kpi_monthly k WHERE k.source_schema = 'dash' AND k.is_latest_period AND k.month = '2024-11-01';

-- 10. migration and current segments cover every customer of the latest run
SELECT (SELECT sum(customers) FROM pmkt.v_segment_migration WHERE source_schema = 'dash' AND is_latest_period)
         = (SELECT count(*) FROM dash.customers WHERE signup_date < '2025-01-01') AS migration_covers_all,
       (SELECT count(*) FROM pmkt.v_customer_segment_current WHERE source_schema = 'dash')
         = (SELECT count(*) FROM dash.customers WHERE signup_date < '2025-01-01') AS current_covers_all,
       (SELECT bool_and(abs(s - 1) < 1e-12) FROM (SELECT sum(share_of_from) AS s FROM pmkt.v_segment_migration
                                                 WHERE source_schema = 'dash' GROUP BY period, from_segment) q) AS shares_sum_to_1;

-- 11. deleting a run removes its registry versions (and nothing else's)
SELECT count(*) AS versions_of_november FROM pmkt.model_registry WHERE run_source_schema = 'dash' AND run_period = '2024-11-01';
DELETE FROM pmkt.history_runs WHERE source_schema = 'dash' AND period = '2024-11-01';
SELECT run_period, count(*) AS versions FROM pmkt.model_registry WHERE run_source_schema = 'dash' GROUP BY 1 ORDER BY 1;

DELETE FROM pmkt.history_runs WHERE source_schema = 'dash';
SELECT count(*) AS registry_rows_left FROM pmkt.model_registry WHERE name LIKE 'dash.%';
DROP SCHEMA dash CASCADE;
