
-- ---------------------------------------------------------------------------
-- operations: the evaluation job, its history tables, and the BI views
-- ---------------------------------------------------------------------------
-- pmkt.run_evaluation(source_schema, period) re-runs the standard analysis on
-- tables shaped like the demo data contract (docs/ARCHITECTURE.md) and
-- stores the results in the pmkt.history_* tables, keyed by (source_schema,
-- period): a re-run of the same period replaces that period's rows.  The BI
-- views pmkt.v_* read only the history tables and the model registry.
-- Scheduling is left to pg_cron (optional; pmkt does not depend on it):
--   SELECT cron.schedule('pmkt-monthly', '0 3 1 * *',
--                        $$CALL pmkt.run_evaluation('pmkt_demo')$$);
-- Privileges: nothing is granted by the extension.  The job runs with the
-- privileges of its caller (the pg_cron job's owner), who needs SELECT on
-- the source tables and INSERT/DELETE on pmkt.history_*; BI roles need only
-- USAGE on schema pmkt and SELECT on the views.

CREATE TABLE pmkt.history_runs (
    source_schema text NOT NULL,
    period        date NOT NULL,
    run_at        timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    run_by        name NOT NULL,
    parameters    jsonb NOT NULL,
    steps_done    text NOT NULL,
    steps_skipped text NOT NULL,
    step_seconds  jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (source_schema, period),
    CHECK (period = date_trunc('month', period)::date)
);
COMMENT ON TABLE pmkt.history_runs IS
'one row per evaluation run of pmkt.run_evaluation, keyed by source schema and period (a re-run replaces it)';
COMMENT ON COLUMN pmkt.history_runs.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_runs.period IS 'the month evaluated (first day of the month); data up to the end of that month is used';
COMMENT ON COLUMN pmkt.history_runs.run_at IS 'when the run started (transaction time)';
COMMENT ON COLUMN pmkt.history_runs.finished_at IS 'when the run finished writing (clock time)';
COMMENT ON COLUMN pmkt.history_runs.run_by IS 'the role that ran it (the pg_cron job owner when scheduled)';
COMMENT ON COLUMN pmkt.history_runs.parameters IS 'the run''s parameters (k, seed, discount rate, margin, ...)';
COMMENT ON COLUMN pmkt.history_runs.steps_done IS 'comma-separated analysis steps that ran';
COMMENT ON COLUMN pmkt.history_runs.step_seconds IS 'wall-clock seconds per step that ran, as a JSON object';
COMMENT ON COLUMN pmkt.history_runs.steps_skipped IS 'comma-separated steps skipped, with the reason (e.g. a missing source table)';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_runs', '');

CREATE TABLE pmkt.history_model_metrics (
    source_schema    text NOT NULL,
    period           date NOT NULL,
    model_name       text NOT NULL,
    kind             text NOT NULL,
    metric           text NOT NULL,
    value            float8,
    registry_version int,
    run_at           timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, model_name, metric),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_model_metrics IS
'quality figures of the models trained by each evaluation run, one row per model and metric (long format)';
COMMENT ON COLUMN pmkt.history_model_metrics.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_model_metrics.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_model_metrics.model_name IS 'the model''s name in pmkt.model_registry (<source_schema>.<model>)';
COMMENT ON COLUMN pmkt.history_model_metrics.kind IS 'the kind of model (kmeans, ols, logistic, pca, entropy, bpnn, rbf)';
COMMENT ON COLUMN pmkt.history_model_metrics.metric IS 'the metric''s name (r2, inertia, test_mse, ...)';
COMMENT ON COLUMN pmkt.history_model_metrics.value IS 'the metric''s value';
COMMENT ON COLUMN pmkt.history_model_metrics.registry_version IS 'the model''s version in pmkt.model_registry saved by this run, NULL when models were not saved';
COMMENT ON COLUMN pmkt.history_model_metrics.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_model_metrics', '');

CREATE TABLE pmkt.history_customer_segments (
    source_schema text NOT NULL,
    period        date NOT NULL,
    customer_id   bigint NOT NULL,
    recency_days  float8,
    frequency     bigint NOT NULL,
    monetary      float8,
    r_score       int,
    f_score       int,
    m_score       int,
    rfm_cell      text,
    segment       text NOT NULL,
    run_at        timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, customer_id),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_customer_segments IS
'the RFM figures and segment of every customer of the source schema''s customers table, per evaluation run';
COMMENT ON COLUMN pmkt.history_customer_segments.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_customer_segments.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_customer_segments.customer_id IS 'the customer (every row of <source_schema>.customers)';
COMMENT ON COLUMN pmkt.history_customer_segments.recency_days IS 'days from the last order to the end of the period; NULL for a customer without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.frequency IS 'orders up to the end of the period (0 for a customer without orders)';
COMMENT ON COLUMN pmkt.history_customer_segments.monetary IS 'total order amount up to the end of the period; NULL without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.r_score IS 'recency score 1-5 (5 = most recent); NULL without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.f_score IS 'frequency score 1-5; NULL without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.m_score IS 'monetary score 1-5; NULL without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.rfm_cell IS 'the RFM cell, the three scores as text (e.g. 545)';
COMMENT ON COLUMN pmkt.history_customer_segments.segment IS 'the segment: frequent, occasional or new (pmkt.rfm), or no_orders for a customer without orders up to the end of the period';
COMMENT ON COLUMN pmkt.history_customer_segments.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_customer_segments', '');

CREATE TABLE pmkt.history_segment_summary (
    source_schema            text NOT NULL,
    period                   date NOT NULL,
    segment                  text NOT NULL,
    customers                bigint NOT NULL,
    share                    float8 NOT NULL,
    avg_recency_days         float8,
    avg_frequency            float8,
    avg_monetary             float8,
    total_monetary           float8,
    avg_r_score              float8,
    avg_f_score              float8,
    avg_m_score              float8,
    strategy                 text,
    expected_effect          text,
    expected_sales_growth    float8,
    expected_customer_growth float8,
    expected_roi             float8,
    run_at                   timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, segment),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_segment_summary IS
'one row per segment and evaluation run: size, share, average RFM and the segment''s strategy from pmkt.segment_strategy at run time';
COMMENT ON COLUMN pmkt.history_segment_summary.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_segment_summary.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_segment_summary.segment IS 'segment name';
COMMENT ON COLUMN pmkt.history_segment_summary.customers IS 'customers in the segment';
COMMENT ON COLUMN pmkt.history_segment_summary.share IS 'customers in the segment / all customers (0..1)';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_recency_days IS 'average recency in days';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_frequency IS 'average number of orders';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_monetary IS 'average total order amount';
COMMENT ON COLUMN pmkt.history_segment_summary.total_monetary IS 'total order amount of the segment';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_r_score IS 'average recency score (1-5)';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_f_score IS 'average frequency score (1-5)';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_m_score IS 'average monetary score (1-5)';
COMMENT ON COLUMN pmkt.history_segment_summary.strategy IS 'the segment''s strategy (pmkt.segment_strategy at run time); NULL when none is defined';
COMMENT ON COLUMN pmkt.history_segment_summary.expected_effect IS 'the strategy''s expected effect';
COMMENT ON COLUMN pmkt.history_segment_summary.expected_sales_growth IS 'planned sales growth of the strategy (fraction)';
COMMENT ON COLUMN pmkt.history_segment_summary.expected_customer_growth IS 'planned customer growth of the strategy (fraction)';
COMMENT ON COLUMN pmkt.history_segment_summary.expected_roi IS 'planned ROI of the strategy';
COMMENT ON COLUMN pmkt.history_segment_summary.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_segment_summary', '');

CREATE TABLE pmkt.history_channel_metrics (
    source_schema   text NOT NULL,
    period          date NOT NULL,
    channel         text NOT NULL,
    first_month     date NOT NULL,
    months          int NOT NULL,
    investment      float8,
    impressions     bigint,
    clicks          bigint,
    ctr             float8,
    conversions     bigint,
    conversion_rate float8,
    new_customers   bigint,
    sales           float8,
    sales_growth    float8,
    roi             float8,
    cac             float8,
    run_at          timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, channel),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_channel_metrics IS
'per-channel effectiveness (pmkt.channel_effectiveness) over the campaign months of the trailing window ending with the period, per evaluation run';
COMMENT ON COLUMN pmkt.history_channel_metrics.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_channel_metrics.period IS 'the month evaluated (first day of the month), the last month of the window';
COMMENT ON COLUMN pmkt.history_channel_metrics.channel IS 'marketing channel (email, social_ads, push, search_ads, ...)';
COMMENT ON COLUMN pmkt.history_channel_metrics.first_month IS 'first month of the window';
COMMENT ON COLUMN pmkt.history_channel_metrics.months IS 'campaign months of the channel in the window';
COMMENT ON COLUMN pmkt.history_channel_metrics.investment IS 'total spend';
COMMENT ON COLUMN pmkt.history_channel_metrics.impressions IS 'total impressions';
COMMENT ON COLUMN pmkt.history_channel_metrics.clicks IS 'total clicks';
COMMENT ON COLUMN pmkt.history_channel_metrics.ctr IS 'click-through rate, clicks / impressions (0..1)';
COMMENT ON COLUMN pmkt.history_channel_metrics.conversions IS 'total conversions';
COMMENT ON COLUMN pmkt.history_channel_metrics.conversion_rate IS 'conversions / clicks (0..1)';
COMMENT ON COLUMN pmkt.history_channel_metrics.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.history_channel_metrics.sales IS 'total revenue attributed to the channel';
COMMENT ON COLUMN pmkt.history_channel_metrics.sales_growth IS 'revenue of the later half of the window''s months over the earlier half, minus 1';
COMMENT ON COLUMN pmkt.history_channel_metrics.roi IS 'return on investment in percent, (sales - investment) / investment x 100';
COMMENT ON COLUMN pmkt.history_channel_metrics.cac IS 'customer acquisition cost, investment / new customers';
COMMENT ON COLUMN pmkt.history_channel_metrics.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_channel_metrics', '');

CREATE TABLE pmkt.history_cohort_metrics (
    source_schema     text NOT NULL,
    period            date NOT NULL,
    cohort_month      date NOT NULL,
    customers         bigint NOT NULL,
    buyers            bigint NOT NULL,
    revenue           float8 NOT NULL,
    avg_clv           float8,
    acquisition_spend float8,
    new_customers     bigint,
    cac               float8,
    clv_cac_ratio     float8,
    run_at            timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, cohort_month),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_cohort_metrics IS
'customer lifetime value and acquisition cost per signup cohort (month), per evaluation run';
COMMENT ON COLUMN pmkt.history_cohort_metrics.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_cohort_metrics.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_cohort_metrics.cohort_month IS 'signup month of the cohort';
COMMENT ON COLUMN pmkt.history_cohort_metrics.customers IS 'customers who signed up in the month';
COMMENT ON COLUMN pmkt.history_cohort_metrics.buyers IS 'of them, customers with at least one order up to the end of the period';
COMMENT ON COLUMN pmkt.history_cohort_metrics.revenue IS 'order amount of the cohort up to the end of the period';
COMMENT ON COLUMN pmkt.history_cohort_metrics.avg_clv IS 'average customer lifetime value of the cohort so far: pmkt.clv over monthly (revenue, cost = (1 - margin) x revenue) rows, month 1 = signup month, discounted at discount_rate per month; customers without orders count as 0';
COMMENT ON COLUMN pmkt.history_cohort_metrics.acquisition_spend IS 'campaign spend of all channels in the cohort month';
COMMENT ON COLUMN pmkt.history_cohort_metrics.new_customers IS 'new customers reported by the campaigns in the cohort month';
COMMENT ON COLUMN pmkt.history_cohort_metrics.cac IS 'customer acquisition cost of the month, pmkt.cac(acquisition_spend, new_customers); NULL without campaign data';
COMMENT ON COLUMN pmkt.history_cohort_metrics.clv_cac_ratio IS 'avg_clv / cac; NULL when either is NULL or cac is 0';
COMMENT ON COLUMN pmkt.history_cohort_metrics.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_cohort_metrics', '');

-- the source table name in source_schema, or NULL when it does not exist
CREATE FUNCTION pmkt.evaluation_source(source_schema text, table_name text)
RETURNS regclass
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT pg_catalog.to_regclass(pg_catalog.format('%I.%I', source_schema, table_name))
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_source(text, text) IS
'the table table_name in schema source_schema as a regclass, NULL when there is none (used by pmkt.run_evaluation to skip steps whose source table is missing)';

CREATE PROCEDURE pmkt.evaluation_drop_views()
LANGUAGE plpgsql AS $proc$
DECLARE
    v text;
BEGIN
    FOREACH v IN ARRAY ARRAY['pmkt_eval_orders', 'pmkt_eval_customers',
                             'pmkt_eval_campaigns', 'pmkt_eval_campaign_months']
    LOOP
        IF pg_catalog.to_regclass('pg_temp.' || v) IS NOT NULL THEN
            EXECUTE format('DROP VIEW pg_temp.%I', v);
        END IF;
    END LOOP;
END
$proc$;
COMMENT ON PROCEDURE pmkt.evaluation_drop_views() IS
'drops the session''s temporary views pmkt.run_evaluation cuts the source tables with (pg_temp.pmkt_eval_*)';

CREATE PROCEDURE pmkt.run_evaluation(source_schema text DEFAULT 'pmkt_demo',
                                     period date DEFAULT NULL,
                                     k int DEFAULT 3,
                                     seed bigint DEFAULT 42,
                                     discount_rate float8 DEFAULT 0.01,
                                     margin float8 DEFAULT 0.3,
                                     channel_months int DEFAULT 12,
                                     save_models boolean DEFAULT true)
LANGUAGE plpgsql AS $proc$
DECLARE
    v_schema  text := source_schema;
    v_period  date := date_trunc('month', coalesce(period, current_date))::date;
    v_as_of   timestamptz;
    v_run_at  timestamptz := now();
    v_done    text[] := '{}';
    v_skipped text[] := '{}';
    v_params  jsonb;
    v_secs    jsonb := '{}';
    v_t       timestamptz;
BEGIN
    IF v_schema IS NULL OR pg_catalog.to_regnamespace(pg_catalog.quote_ident(v_schema)) IS NULL THEN
        RAISE EXCEPTION 'source_schema % does not exist', coalesce(quote_literal(v_schema), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the schema holding the customers, orders, campaigns, aisas_monthly, sales_drivers and visits tables (pmkt.generate_demo creates pmkt_demo).';
    END IF;
    IF k IS NULL OR k < 1 THEN
        RAISE EXCEPTION 'k must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('k is %s.', coalesce(k::text, 'NULL')),
                  HINT = 'The standard analysis uses k = 3 segments.';
    END IF;
    IF discount_rate IS NULL OR discount_rate <= -1 OR discount_rate = 'NaN'::float8
       OR discount_rate = 'Infinity'::float8 THEN
        RAISE EXCEPTION 'discount_rate must be a finite rate above -1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('discount_rate is %s.', coalesce(discount_rate::text, 'NULL')),
                  HINT = 'Pass the discount rate per month, e.g. 0.01.';
    END IF;
    IF margin IS NULL OR NOT (margin >= 0 AND margin <= 1) THEN
        RAISE EXCEPTION 'margin must be between 0 and 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('margin is %s.', coalesce(margin::text, 'NULL')),
                  HINT = 'Pass the gross margin on order amounts, e.g. 0.3 (the cost of an order is (1 - margin) x amount).';
    END IF;
    IF channel_months IS NULL OR channel_months < 1 THEN
        RAISE EXCEPTION 'channel_months must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('channel_months is %s.', coalesce(channel_months::text, 'NULL')),
                  HINT = 'Pass the length of the channel metrics window in months, e.g. 12.';
    END IF;
    IF seed IS NULL OR save_models IS NULL THEN
        RAISE EXCEPTION 'seed and save_models must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Omit them to use the defaults (seed 42, save_models true).';
    END IF;
    -- data up to the end of the period, or up to now for the current month
    v_as_of := least((v_period + interval '1 month')::timestamptz, v_run_at);
    v_params := jsonb_build_object('k', k, 'seed', seed, 'discount_rate', discount_rate,
                                   'margin', margin, 'channel_months', channel_months,
                                   'save_models', save_models,
                                   'as_of', v_as_of);

    -- one run per (schema, period) at a time; the old rows of this period go
    -- (the other history tables cascade from history_runs)
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('pmkt.run_evaluation'),
                                             pg_catalog.hashtext(v_schema || '/' || v_period));
    DELETE FROM pmkt.history_runs h WHERE h.source_schema = v_schema AND h.period = v_period;
    INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by,
                                   parameters, steps_done, steps_skipped)
    VALUES (v_schema, v_period, v_run_at, clock_timestamp(), current_user, v_params, '', '');


    -- the source tables as of the end of the period, as temporary views
    -- (the capability functions take a table; the views cut it at v_as_of)
    CALL pmkt.evaluation_drop_views();
    IF pmkt.evaluation_source(v_schema, 'orders') IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_orders AS SELECT * FROM %s WHERE ordered_at < %L',
                       pmkt.evaluation_source(v_schema, 'orders'), v_as_of);
    END IF;
    IF pmkt.evaluation_source(v_schema, 'customers') IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_customers AS SELECT * FROM %s WHERE signup_date < %L',
                       pmkt.evaluation_source(v_schema, 'customers'), v_as_of);
    END IF;
    IF pmkt.evaluation_source(v_schema, 'campaigns') IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaigns AS SELECT * FROM %s
                        WHERE month <= %L AND month > %L',
                       pmkt.evaluation_source(v_schema, 'campaigns'), v_period,
                       (v_period - make_interval(months => channel_months))::date);
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaign_months AS
                        SELECT month, spend, new_customers FROM %s WHERE month <= %L',
                       pmkt.evaluation_source(v_schema, 'campaigns'), v_period);
    ELSE
        CREATE TEMP VIEW pmkt_eval_campaign_months AS
        SELECT NULL::date AS month, NULL::float8 AS spend, NULL::bigint AS new_customers
        WHERE false;
    END IF;

    v_t := clock_timestamp();
    -- 1. RFM segments of every customer, and the segment summary
    IF pg_catalog.to_regprocedure('pmkt.rfm(regclass,text,text,text,timestamptz,text,float8,int,int,text)') IS NULL THEN
        v_skipped := v_skipped || 'segments (pmkt.rfm is not installed)'::text;
    ELSIF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
          OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('segments (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        INSERT INTO pmkt.history_customer_segments
            (source_schema, period, customer_id, recency_days, frequency, monetary,
             r_score, f_score, m_score, rfm_cell, segment, run_at)
        SELECT v_schema, v_period, c.customer_id, r.recency_days, coalesce(r.frequency, 0),
               r.monetary, r.r_score, r.f_score, r.m_score, r.rfm_cell,
               coalesce(r.segment, 'no_orders'), v_run_at
        FROM pg_temp.pmkt_eval_customers c
        LEFT JOIN pmkt.rfm('pg_temp.pmkt_eval_orders'::regclass, as_of => v_as_of) r
               ON r.customer_id = c.customer_id;

        INSERT INTO pmkt.history_segment_summary
            (source_schema, period, segment, customers, share, avg_recency_days,
             avg_frequency, avg_monetary, total_monetary, avg_r_score, avg_f_score,
             avg_m_score, strategy, expected_effect, expected_sales_growth,
             expected_customer_growth, expected_roi, run_at)
        SELECT v_schema, v_period, g.segment, g.customers,
               g.customers::float8 / sum(g.customers) OVER (), g.avg_recency_days,
               g.avg_frequency, g.avg_monetary, g.total_monetary, g.avg_r, g.avg_f, g.avg_m,
               st.strategy, st.expected_effect, st.expected_sales_growth,
               st.expected_customer_growth, st.expected_roi, v_run_at
        FROM (SELECT h.segment, count(*) AS customers, avg(h.recency_days) AS avg_recency_days,
                     avg(h.frequency) AS avg_frequency, avg(h.monetary) AS avg_monetary,
                     sum(h.monetary) AS total_monetary, avg(h.r_score) AS avg_r,
                     avg(h.f_score) AS avg_f, avg(h.m_score) AS avg_m
              FROM pmkt.history_customer_segments h
              WHERE h.source_schema = v_schema AND h.period = v_period
              GROUP BY h.segment) g
        LEFT JOIN pmkt.segment_strategy st ON st.segment = g.segment;
        v_done := v_done || 'segments'::text;
        v_secs := v_secs || jsonb_build_object('segments', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    v_t := clock_timestamp();
    -- 2. channel effectiveness over the trailing window
    IF pg_catalog.to_regprocedure('pmkt.channel_effectiveness(regclass)') IS NULL THEN
        v_skipped := v_skipped || 'channels (pmkt.channel_effectiveness is not installed)'::text;
    ELSIF pg_catalog.to_regclass('pg_temp.pmkt_eval_campaigns') IS NULL THEN
        v_skipped := v_skipped || format('channels (%s.campaigns is missing)', v_schema);
    ELSE
        INSERT INTO pmkt.history_channel_metrics
            (source_schema, period, channel, first_month, months, investment, impressions,
             clicks, ctr, conversions, conversion_rate, new_customers, sales, sales_growth,
             roi, cac, run_at)
        SELECT v_schema, v_period, e.channel,
               (v_period - make_interval(months => channel_months - 1))::date, e.months,
               e.investment, e.impressions, e.clicks, e.ctr, e.conversions, e.conversion_rate,
               e.new_customers, e.sales, e.sales_growth, e.roi, e.cac, v_run_at
        FROM pmkt.channel_effectiveness('pg_temp.pmkt_eval_campaigns'::regclass) e;
        v_done := v_done || 'channels'::text;
        v_secs := v_secs || jsonb_build_object('channels', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    v_t := clock_timestamp();
    -- 3. CLV and CAC per signup cohort
    IF pg_catalog.to_regprocedure('pmkt.clv(int,float8,float8,float8)') IS NULL
       OR pg_catalog.to_regprocedure('pmkt.cac(float8,bigint)') IS NULL THEN
        v_skipped := v_skipped || 'cohorts (pmkt.clv / pmkt.cac are not installed)'::text;
    ELSIF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
          OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('cohorts (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        INSERT INTO pmkt.history_cohort_metrics
            (source_schema, period, cohort_month, customers, buyers, revenue, avg_clv,
             acquisition_spend, new_customers, cac, clv_cac_ratio, run_at)
        WITH monthly AS (
            SELECT o.customer_id,
                   greatest(1, (extract(year FROM mo) - extract(year FROM c.signup_date)) * 12
                               + extract(month FROM mo) - extract(month FROM c.signup_date) + 1)::int AS period_no,
                   sum(o.amount) AS revenue
            FROM (SELECT customer_id, amount, date_trunc('month', ordered_at)::date AS mo
                  FROM pg_temp.pmkt_eval_orders) o
            JOIN pg_temp.pmkt_eval_customers c ON c.customer_id = o.customer_id
            GROUP BY o.customer_id, 2),
        per_customer AS (
            SELECT m.customer_id, sum(m.revenue) AS revenue,
                   pmkt.clv(m.period_no, m.revenue, (1 - margin) * m.revenue, discount_rate) AS clv
            FROM monthly m GROUP BY m.customer_id),
        cohorts AS (
            SELECT date_trunc('month', c.signup_date)::date AS cohort_month,
                   count(*) AS customers, count(p.customer_id) AS buyers,
                   coalesce(sum(p.revenue), 0) AS revenue, avg(coalesce(p.clv, 0)) AS avg_clv
            FROM pg_temp.pmkt_eval_customers c
            LEFT JOIN per_customer p ON p.customer_id = c.customer_id
            GROUP BY 1),
        spend AS (
            SELECT x.month AS cohort_month, sum(x.spend) AS spend,
                   sum(x.new_customers)::bigint AS new_customers
            FROM pg_temp.pmkt_eval_campaign_months x GROUP BY 1)
        SELECT v_schema, v_period, h.cohort_month, h.customers, h.buyers, h.revenue, h.avg_clv,
               s.spend, s.new_customers, pmkt.cac(s.spend, s.new_customers),
               h.avg_clv / nullif(pmkt.cac(s.spend, s.new_customers), 0), v_run_at
        FROM cohorts h LEFT JOIN spend s ON s.cohort_month = h.cohort_month;
        v_done := v_done || 'cohorts'::text;
        v_secs := v_secs || jsonb_build_object('cohorts', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    CALL pmkt.evaluation_drop_views();

    UPDATE pmkt.history_runs h
    SET finished_at = clock_timestamp(),
        steps_done = array_to_string(v_done, ', '),
        steps_skipped = array_to_string(v_skipped, ', '),
        step_seconds = v_secs
    WHERE h.source_schema = v_schema AND h.period = v_period;
    RAISE NOTICE 'pmkt.run_evaluation(%, %): done: %; skipped: %', v_schema, v_period,
        coalesce(nullif(array_to_string(v_done, ', '), ''), 'none'),
        coalesce(nullif(array_to_string(v_skipped, ', '), ''), 'none');
END
$proc$;
COMMENT ON PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, boolean) IS
're-runs the standard analysis on the contract tables of source_schema for period (a month; default the current one, data up to its end): RFM segments of every customer, segment summary, channel metrics, CLV/CAC by cohort, AISAS composite scores, model metrics; writes pmkt.history_* (a re-run of the same period replaces its rows) and, with save_models, saves the trained models to pmkt.model_registry';

-- ---------------------------------------------------------------------------
-- BI views: stable names, one row per chartable fact, no arrays
-- ---------------------------------------------------------------------------

CREATE VIEW pmkt.v_model_registry AS
SELECT r.id,
       r.name,
       r.kind,
       r.version,
       (r.version = max(r.version) OVER (PARTITION BY r.name)) AS is_latest,
       r.model_type,
       pg_catalog.octet_length(r.model) AS model_bytes,
       r.parameters::text AS parameters_json,
       r.metrics::text AS metrics_json,
       r.training_query,
       r.created_at,
       r.created_at::date AS created_on,
       r.created_by::text AS created_by
FROM pmkt.model_registry r;
COMMENT ON VIEW pmkt.v_model_registry IS
'BI view of pmkt.model_registry: one row per saved model version, without the model itself; JSON columns as text';
COMMENT ON COLUMN pmkt.v_model_registry.id IS 'registry id, increasing in save order';
COMMENT ON COLUMN pmkt.v_model_registry.name IS 'model name';
COMMENT ON COLUMN pmkt.v_model_registry.kind IS 'kind of model (kmeans, ols, logistic, bpnn, rbf, pca, entropy, ...)';
COMMENT ON COLUMN pmkt.v_model_registry.version IS 'version number per name (1, 2, ...)';
COMMENT ON COLUMN pmkt.v_model_registry.is_latest IS 'true for the latest version of each name';
COMMENT ON COLUMN pmkt.v_model_registry.model_type IS 'SQL type of the saved model';
COMMENT ON COLUMN pmkt.v_model_registry.model_bytes IS 'size of the model''s text form in bytes';
COMMENT ON COLUMN pmkt.v_model_registry.parameters_json IS 'training parameters (JSON object as text)';
COMMENT ON COLUMN pmkt.v_model_registry.metrics_json IS 'quality metrics (JSON object as text)';
COMMENT ON COLUMN pmkt.v_model_registry.training_query IS 'the query the model was trained on, when known';
COMMENT ON COLUMN pmkt.v_model_registry.created_at IS 'when the version was saved';
COMMENT ON COLUMN pmkt.v_model_registry.created_on IS 'the day the version was saved';
COMMENT ON COLUMN pmkt.v_model_registry.created_by IS 'the role that saved it';

CREATE VIEW pmkt.v_model_metrics AS
SELECT m.source_schema,
       m.period,
       m.model_name,
       m.kind,
       m.metric,
       m.value,
       m.registry_version,
       (m.period = max(m.period) OVER (PARTITION BY m.source_schema)) AS is_latest_period,
       m.run_at
FROM pmkt.history_model_metrics m;
COMMENT ON VIEW pmkt.v_model_metrics IS
'BI view of the model metrics recorded by each evaluation run (long format: one row per source schema, period, model and metric), for charting a metric over periods';
COMMENT ON COLUMN pmkt.v_model_metrics.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_model_metrics.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_model_metrics.model_name IS 'model name in pmkt.model_registry';
COMMENT ON COLUMN pmkt.v_model_metrics.kind IS 'kind of model';
COMMENT ON COLUMN pmkt.v_model_metrics.metric IS 'metric name';
COMMENT ON COLUMN pmkt.v_model_metrics.value IS 'metric value';
COMMENT ON COLUMN pmkt.v_model_metrics.registry_version IS 'the model version saved by the run (NULL when not saved)';
COMMENT ON COLUMN pmkt.v_model_metrics.is_latest_period IS 'true for the latest period evaluated for the source schema';
COMMENT ON COLUMN pmkt.v_model_metrics.run_at IS 'when the run started';

CREATE VIEW pmkt.v_segment_summary AS
SELECT s.source_schema,
       s.period,
       s.segment,
       s.customers,
       s.share,
       round((100 * s.share)::numeric, 2) AS share_pct,
       s.avg_recency_days,
       s.avg_frequency,
       s.avg_monetary,
       s.total_monetary,
       s.avg_r_score,
       s.avg_f_score,
       s.avg_m_score,
       s.strategy,
       s.expected_effect,
       s.expected_sales_growth,
       s.expected_customer_growth,
       s.expected_roi,
       (s.period = max(s.period) OVER (PARTITION BY s.source_schema)) AS is_latest_period,
       s.run_at
FROM pmkt.history_segment_summary s;
COMMENT ON VIEW pmkt.v_segment_summary IS
'BI view: customer segments per evaluation run (size, share, average RFM, strategy); filter is_latest_period for the current picture';
COMMENT ON COLUMN pmkt.v_segment_summary.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_segment_summary.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_segment_summary.segment IS 'segment name (frequent, occasional, new; no_orders for customers without orders)';
COMMENT ON COLUMN pmkt.v_segment_summary.customers IS 'customers in the segment';
COMMENT ON COLUMN pmkt.v_segment_summary.share IS 'share of all customers (0..1)';
COMMENT ON COLUMN pmkt.v_segment_summary.share_pct IS 'share of all customers in percent, 2 decimals';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_recency_days IS 'average days since the last order at the end of the period';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_frequency IS 'average number of orders';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_monetary IS 'average total order amount';
COMMENT ON COLUMN pmkt.v_segment_summary.total_monetary IS 'total order amount of the segment';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_r_score IS 'average recency score (1-5)';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_f_score IS 'average frequency score (1-5)';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_m_score IS 'average monetary score (1-5)';
COMMENT ON COLUMN pmkt.v_segment_summary.strategy IS 'the segment''s marketing strategy (from pmkt.segment_strategy at run time)';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_effect IS 'the strategy''s expected effect';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_sales_growth IS 'planned sales growth (fraction)';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_customer_growth IS 'planned customer growth (fraction)';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_roi IS 'planned ROI';
COMMENT ON COLUMN pmkt.v_segment_summary.is_latest_period IS 'true for the latest period evaluated for the source schema';
COMMENT ON COLUMN pmkt.v_segment_summary.run_at IS 'when the run started';

CREATE VIEW pmkt.v_channel_effectiveness AS
SELECT c.source_schema,
       c.period,
       c.channel,
       c.first_month,
       c.months,
       c.investment,
       c.impressions,
       c.clicks,
       c.ctr,
       c.conversions,
       c.conversion_rate,
       c.new_customers,
       c.sales,
       c.sales_growth,
       c.roi,
       c.cac,
       (c.period = max(c.period) OVER (PARTITION BY c.source_schema)) AS is_latest_period,
       c.run_at
FROM pmkt.history_channel_metrics c;
COMMENT ON VIEW pmkt.v_channel_effectiveness IS
'BI view: per-channel investment, CTR, conversion rate, sales, sales growth, ROI and CAC over the trailing window of each evaluation run';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.period IS 'the month evaluated (first day of the month), last month of the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.channel IS 'marketing channel';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.first_month IS 'first month of the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.months IS 'campaign months of the channel in the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.investment IS 'total spend';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.impressions IS 'total impressions';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.clicks IS 'total clicks';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.ctr IS 'click-through rate (0..1)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.conversions IS 'total conversions';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.conversion_rate IS 'conversions / clicks (0..1)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.sales IS 'total revenue';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.sales_growth IS 'revenue growth of the later half of the window over the earlier half (fraction)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.roi IS 'return on investment in percent';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.cac IS 'customer acquisition cost';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.is_latest_period IS 'true for the latest period evaluated for the source schema';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.run_at IS 'when the run started';

CREATE VIEW pmkt.v_clv_cac_by_cohort AS
SELECT h.source_schema,
       h.period,
       h.cohort_month,
       h.customers,
       h.buyers,
       h.buyers::float8 / nullif(h.customers, 0) AS buyer_share,
       h.revenue,
       h.avg_clv,
       h.acquisition_spend,
       h.new_customers,
       h.cac,
       h.clv_cac_ratio,
       (h.period = max(h.period) OVER (PARTITION BY h.source_schema)) AS is_latest_period,
       h.run_at
FROM pmkt.history_cohort_metrics h;
COMMENT ON VIEW pmkt.v_clv_cac_by_cohort IS
'BI view: average customer lifetime value, acquisition cost and their ratio per signup cohort (month), per evaluation run';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.cohort_month IS 'signup month of the cohort';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.customers IS 'customers who signed up in the month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.buyers IS 'of them, customers with an order up to the end of the period';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.buyer_share IS 'buyers / customers (0..1)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.revenue IS 'order amount of the cohort up to the end of the period';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.avg_clv IS 'average customer lifetime value so far (discounted monthly margin; see pmkt.history_cohort_metrics)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.acquisition_spend IS 'campaign spend in the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.new_customers IS 'new customers reported by the campaigns in the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.cac IS 'customer acquisition cost of the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.clv_cac_ratio IS 'avg_clv / cac: lifetime value per unit of acquisition cost';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.is_latest_period IS 'true for the latest period evaluated for the source schema';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.run_at IS 'when the run started';
