
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
-- the source tables and SELECT, INSERT, UPDATE, DELETE on pmkt.history_*
-- (and SELECT, INSERT on the registry to save models); BI roles need only
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
    cluster       int,
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
COMMENT ON COLUMN pmkt.history_customer_segments.cluster IS 'the customer''s k-means cluster (1..k) on the standardised recency_days, ln(frequency), ln(1 + monetary) of the run''s customers (model <source_schema>.rfm_kmeans); NULL without orders';
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
COMMENT ON COLUMN pmkt.history_cohort_metrics.avg_clv IS 'average customer lifetime value of the cohort so far: pmkt.clv of each customer''s orders (revenue = amount, cost = (1 - margin) x amount), each discounted by its month since signup (month 1 = the signup month) at discount_rate per month; customers without orders count as 0';
COMMENT ON COLUMN pmkt.history_cohort_metrics.acquisition_spend IS 'campaign spend of all channels in the cohort month';
COMMENT ON COLUMN pmkt.history_cohort_metrics.new_customers IS 'new customers reported by the campaigns in the cohort month';
COMMENT ON COLUMN pmkt.history_cohort_metrics.cac IS 'customer acquisition cost of the month, pmkt.cac(acquisition_spend, new_customers); NULL without campaign data';
COMMENT ON COLUMN pmkt.history_cohort_metrics.clv_cac_ratio IS 'avg_clv / cac; NULL when either is NULL or cac is 0';
COMMENT ON COLUMN pmkt.history_cohort_metrics.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_cohort_metrics', '');


CREATE TABLE pmkt.history_aisas_scores (
    source_schema                text NOT NULL,
    period                       date NOT NULL,
    unit_id                      int NOT NULL,
    month                        date NOT NULL,
    b11_ad_impressions           float8,
    b12_brand_recognition        float8,
    b21_page_views               float8,
    b22_favourite_ratio          float8,
    b31_keyword_searches         float8,
    b32_keyword_search_index     float8,
    b33_related_searches         float8,
    b34_related_search_index     float8,
    b41_conversion_rate          float8,
    b42_order_growth             float8,
    b43_purchaser_growth         float8,
    b44_standard_purchase_growth float8,
    b45_amount_growth            float8,
    b51_topics                   float8,
    b52_replies                  float8,
    b53_reviews                  float8,
    b54_reposts                  float8,
    composite_score              float8 NOT NULL,
    run_at                       timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, unit_id, month),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_aisas_scores IS
'the 17 AISAS indices (pmkt.aisas_indices) and the composite score of every business unit and month up to the period, per evaluation run: indices min-max normalised over the run''s unit-months, screened by PCA (85 %), weighted by entropy weights; unit-months with an undefined index (a unit''s first month) are left out';
COMMENT ON COLUMN pmkt.history_aisas_scores.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_aisas_scores.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_aisas_scores.unit_id IS 'business unit';
COMMENT ON COLUMN pmkt.history_aisas_scores.month IS 'the month of the indices';
COMMENT ON COLUMN pmkt.history_aisas_scores.b11_ad_impressions IS 'B11 online ad impressions';
COMMENT ON COLUMN pmkt.history_aisas_scores.b12_brand_recognition IS 'B12 brand recognition: consumers aware of the brand / consumers';
COMMENT ON COLUMN pmkt.history_aisas_scores.b21_page_views IS 'B21 page views';
COMMENT ON COLUMN pmkt.history_aisas_scores.b22_favourite_ratio IS 'B22 favourite ratio: consumers adding to favourites / interested consumers';
COMMENT ON COLUMN pmkt.history_aisas_scores.b31_keyword_searches IS 'B31 keyword searches';
COMMENT ON COLUMN pmkt.history_aisas_scores.b32_keyword_search_index IS 'B32 keyword search index: share of the category''s keyword searches';
COMMENT ON COLUMN pmkt.history_aisas_scores.b33_related_searches IS 'B33 related-word searches';
COMMENT ON COLUMN pmkt.history_aisas_scores.b34_related_search_index IS 'B34 related-word search index: share of the category''s related searches';
COMMENT ON COLUMN pmkt.history_aisas_scores.b41_conversion_rate IS 'B41 conversion rate: buyers / product page views';
COMMENT ON COLUMN pmkt.history_aisas_scores.b42_order_growth IS 'B42 month-on-month growth of online orders';
COMMENT ON COLUMN pmkt.history_aisas_scores.b43_purchaser_growth IS 'B43 month-on-month growth of purchasers';
COMMENT ON COLUMN pmkt.history_aisas_scores.b44_standard_purchase_growth IS 'B44 month-on-month growth of purchasers meeting the merchant''s standard';
COMMENT ON COLUMN pmkt.history_aisas_scores.b45_amount_growth IS 'B45 month-on-month growth of the purchase amount';
COMMENT ON COLUMN pmkt.history_aisas_scores.b51_topics IS 'B51 topics posted';
COMMENT ON COLUMN pmkt.history_aisas_scores.b52_replies IS 'B52 topic replies';
COMMENT ON COLUMN pmkt.history_aisas_scores.b53_reviews IS 'B53 product reviews';
COMMENT ON COLUMN pmkt.history_aisas_scores.b54_reposts IS 'B54 product reposts';
COMMENT ON COLUMN pmkt.history_aisas_scores.composite_score IS 'entropy-weighted composite score of the PCA-screened normalised indices (0..1.001)';
COMMENT ON COLUMN pmkt.history_aisas_scores.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_aisas_scores', '');

-- the source table name in source_schema, or NULL when it does not exist
CREATE FUNCTION pmkt.evaluation_source(source_schema text, table_name text)
RETURNS regclass
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT pg_catalog.to_regclass(pg_catalog.format('%I.%I', source_schema, table_name))
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_source(text, text) IS
'the table table_name in schema source_schema as a regclass, NULL when there is none (used by pmkt.run_evaluation to skip steps whose source table is missing)';

CREATE PROCEDURE pmkt.evaluation_cleanup()
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
DECLARE
    v text;
BEGIN
    FOREACH v IN ARRAY ARRAY['pmkt_eval_orders', 'pmkt_eval_customers', 'pmkt_eval_campaigns',
                             'pmkt_eval_campaign_months', 'pmkt_eval_aisas']
    LOOP
        IF pg_catalog.to_regclass('pg_temp.' || v) IS NOT NULL THEN
            EXECUTE format('DROP VIEW pg_temp.%I', v);
        END IF;
    END LOOP;
    FOREACH v IN ARRAY ARRAY['pmkt_eval_rfm', 'pmkt_eval_clv', 'pmkt_eval_aisas_x']
    LOOP
        IF pg_catalog.to_regclass('pg_temp.' || v) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', v);
        END IF;
    END LOOP;
END
$proc$;
COMMENT ON PROCEDURE pmkt.evaluation_cleanup() IS
'drops the session''s temporary views and table pmkt.run_evaluation works with (pg_temp.pmkt_eval_*)';

-- one trained model of a run: saved to the registry (when save is true) and
-- its numeric metrics appended to pmkt.history_model_metrics
CREATE FUNCTION pmkt.evaluation_record_model(source_schema text, period date, run_at timestamptz,
                                             model_name text, kind text, model_type text,
                                             model text, parameters jsonb, training_query text,
                                             metrics jsonb, save boolean)
RETURNS int
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v int;
BEGIN
    IF save THEN
        v := pmkt.save_model(model_name, kind, model, parameters, training_query,
                             metrics || jsonb_build_object('source_schema', source_schema,
                                                           'period', period),
                             model_type => model_type);
    END IF;
    INSERT INTO pmkt.history_model_metrics AS h
        (source_schema, period, model_name, kind, metric, value, registry_version, run_at)
    SELECT evaluation_record_model.source_schema, evaluation_record_model.period,
           evaluation_record_model.model_name, evaluation_record_model.kind,
           e.key,
           CASE jsonb_typeof(e.value) WHEN 'boolean' THEN (e.value = 'true'::jsonb)::int::float8
                                      ELSE (e.value #>> '{}')::float8 END,
           v, evaluation_record_model.run_at
    FROM jsonb_each(metrics) e
    WHERE jsonb_typeof(e.value) IN ('number', 'boolean')
       OR (jsonb_typeof(e.value) = 'string' AND e.value #>> '{}' IN ('NaN', 'Infinity', '-Infinity'));
    RETURN v;
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_record_model(text, date, timestamptz, text, text, text, text, jsonb, text, jsonb, boolean) IS
'used by pmkt.run_evaluation: saves one trained model to pmkt.model_registry (when save) and appends its numeric metrics (booleans as 0/1) to pmkt.history_model_metrics; returns the registry version or NULL';

CREATE PROCEDURE pmkt.run_evaluation(source_schema text DEFAULT 'pmkt_demo',
                                     period date DEFAULT NULL,
                                     k int DEFAULT 3,
                                     seed bigint DEFAULT 42,
                                     discount_rate float8 DEFAULT 0.01,
                                     margin float8 DEFAULT 0.3,
                                     channel_months int DEFAULT 12,
                                     segment_method text DEFAULT 'rules',
                                     hidden int DEFAULT 10,
                                     epochs int DEFAULT 200,
                                     save_models boolean DEFAULT true)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
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
    v_n       bigint;
    v_q       text;
    v_model   text;
    v_model2  text;
    v_m       jsonb;
    v_src     regclass;
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
                  HINT = 'The standard analysis uses k = 3 clusters on the RFM figures.';
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
    IF segment_method IS NULL OR segment_method NOT IN ('rules', 'kmeans') THEN
        RAISE EXCEPTION 'segment_method must be rules or kmeans'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('segment_method is %s.', coalesce(quote_literal(segment_method), 'NULL')),
                  HINT = 'See pmkt.rfm(method => ...).';
    END IF;
    IF hidden IS NULL OR hidden < 1 OR epochs IS NULL OR epochs < 1 THEN
        RAISE EXCEPTION 'hidden and epochs must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('hidden is %s, epochs is %s.', coalesce(hidden::text, 'NULL'),
                                  coalesce(epochs::text, 'NULL')),
                  HINT = 'The defaults are 10 hidden units and 200 epochs.';
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
                                   'segment_method', segment_method, 'hidden', hidden,
                                   'epochs', epochs, 'save_models', save_models,
                                   'as_of', v_as_of);

    -- one run per (schema, period) at a time; the old rows of this period go
    -- (the other history tables cascade from history_runs)
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('pmkt.run_evaluation'),
                                             pg_catalog.hashtext(v_schema || '/' || v_period));
    DELETE FROM pmkt.history_runs h WHERE h.source_schema = v_schema AND h.period = v_period;
    INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by,
                                   parameters, steps_done, steps_skipped)
    VALUES (v_schema, v_period, v_run_at, clock_timestamp(), current_user, v_params, '', '');

    -- the source tables cut at the end of the period, as temporary views
    -- (the capability functions take a table; the views cut it at v_as_of)
    CALL pmkt.evaluation_cleanup();
    v_src := pmkt.evaluation_source(v_schema, 'orders');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_orders AS SELECT * FROM %s WHERE ordered_at < %L',
                       v_src, v_as_of);
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'customers');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_customers AS SELECT * FROM %s WHERE signup_date < %L',
                       v_src, v_as_of);
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'campaigns');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaigns AS SELECT * FROM %s
                        WHERE month <= %L AND month > %L',
                       v_src, v_period, (v_period - make_interval(months => channel_months))::date);
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaign_months AS
                        SELECT month, spend, new_customers FROM %s WHERE month <= %L',
                       v_src, v_period);
    ELSE
        CREATE TEMP VIEW pmkt_eval_campaign_months AS
        SELECT NULL::date AS month, NULL::float8 AS spend, NULL::bigint AS new_customers
        WHERE false;
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'aisas_monthly');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_aisas AS SELECT * FROM %s WHERE month <= %L',
                       v_src, v_period);
    END IF;

    v_t := clock_timestamp();
    -- 1. RFM segments of every customer, and the segment summary
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
       OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('segments (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        CREATE TEMP TABLE pmkt_eval_rfm AS
        SELECT c.customer_id, r.recency_days, coalesce(r.frequency, 0) AS frequency,
               r.monetary, r.r_score, r.f_score, r.m_score, r.rfm_cell,
               coalesce(r.segment, 'no_orders') AS segment
        FROM pg_temp.pmkt_eval_customers c
        LEFT JOIN pmkt.rfm('pg_temp.pmkt_eval_orders'::regclass, as_of => v_as_of,
                           method => segment_method, seed => seed) r
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
              FROM pg_temp.pmkt_eval_rfm h
              GROUP BY h.segment) g
        LEFT JOIN pmkt.segment_strategy st ON st.segment = g.segment;
        v_done := v_done || 'segments'::text;
        v_secs := v_secs || jsonb_build_object('segments', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));

        -- k-means on the customers' standardised RFM figures; every customer
        -- with orders is assigned to a cluster as the rows are stored
        v_t := clock_timestamp();
        v_model := NULL;
        SELECT count(*) INTO v_n FROM pg_temp.pmkt_eval_rfm h WHERE h.frequency > 0;
        IF v_n < k THEN
            v_skipped := v_skipped || format('rfm_kmeans (%s customers with orders, fewer than k = %s)', v_n, k);
        ELSE
            SELECT m::text INTO v_model
            FROM pmkt.kmeans_train('SELECT ARRAY[recency_days, ln(frequency::float8), ln(1 + monetary)] '
                                   'FROM pg_temp.pmkt_eval_rfm WHERE frequency > 0 ORDER BY customer_id',
                                   k, n_init => 4, standardize => true, seed => seed) m;
        END IF;
        INSERT INTO pmkt.history_customer_segments
            (source_schema, period, customer_id, recency_days, frequency, monetary,
             r_score, f_score, m_score, rfm_cell, segment, cluster, run_at)
        SELECT v_schema, v_period, h.customer_id, h.recency_days, h.frequency, h.monetary,
               h.r_score, h.f_score, h.m_score, h.rfm_cell, h.segment,
               CASE WHEN v_model IS NOT NULL AND h.frequency > 0 THEN
                    pmkt.kmeans_assign(ARRAY[h.recency_days, ln(h.frequency::float8), ln(1 + h.monetary)],
                                       v_model::pmkt.kmeans_model) END,
               v_run_at
        FROM pg_temp.pmkt_eval_rfm h;
        IF v_model IS NOT NULL THEN
            SELECT jsonb_build_object('inertia', (m).inertia, 'iterations', (m).iterations,
                                      'converged', (m).converged, 'n_rows', (m).n_rows, 'k', (m).k)
              INTO v_m FROM (SELECT v_model::pmkt.kmeans_model AS m) q;
            PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                v_schema || '.rfm_kmeans', 'kmeans', 'pmkt.kmeans_model', v_model,
                jsonb_build_object('k', k, 'n_init', 4, 'standardize', true, 'seed', seed,
                                   'features', 'recency_days, ln(frequency), ln(1 + monetary)'),
                format('SELECT ARRAY[recency_days, ln(frequency::float8), ln(1 + monetary)] '
                       'FROM pmkt.history_customer_segments WHERE source_schema = %L '
                       'AND period = %L AND frequency > 0 ORDER BY customer_id', v_schema, v_period),
                v_m, save_models);
            v_done := v_done || 'rfm_kmeans'::text;
            v_secs := v_secs || jsonb_build_object('rfm_kmeans', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
        END IF;
    END IF;

    v_t := clock_timestamp();
    -- 2. channel effectiveness over the trailing window
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_campaigns') IS NULL THEN
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
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
       OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('cohorts (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        -- per-customer CLV first, one pmkt.clv row per order (the discounted
        -- sum is linear, so this equals one row per month): CREATE TABLE AS
        -- may use a parallel plan, INSERT ... SELECT may not
        CREATE TEMP TABLE pmkt_eval_clv AS
        SELECT o.customer_id, sum(o.amount) AS revenue,
               pmkt.clv(greatest(1, (date_part('year', o.ordered_at) - date_part('year', c.signup_date)) * 12
                                    + date_part('month', o.ordered_at) - date_part('month', c.signup_date) + 1)::int,
                        o.amount, (1 - margin) * o.amount, discount_rate) AS clv
        FROM pg_temp.pmkt_eval_orders o
        JOIN pg_temp.pmkt_eval_customers c ON c.customer_id = o.customer_id
        GROUP BY o.customer_id;

        INSERT INTO pmkt.history_cohort_metrics
            (source_schema, period, cohort_month, customers, buyers, revenue, avg_clv,
             acquisition_spend, new_customers, cac, clv_cac_ratio, run_at)
        WITH cohorts AS (
            SELECT date_trunc('month', c.signup_date)::date AS cohort_month,
                   count(*) AS customers, count(p.customer_id) AS buyers,
                   coalesce(sum(p.revenue), 0) AS revenue, avg(coalesce(p.clv, 0)) AS avg_clv
            FROM pg_temp.pmkt_eval_customers c
            LEFT JOIN pg_temp.pmkt_eval_clv p ON p.customer_id = c.customer_id
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

    v_t := clock_timestamp();
    -- 4. AISAS: indices -> normalisation -> PCA screening -> entropy weights
    --    -> composite score per unit and month; then the neural models that
    --    learn the score from the normalised indices (odd units train, even
    --    units test)
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_aisas') IS NULL THEN
        v_skipped := v_skipped || format('aisas (%s.aisas_monthly is missing)', v_schema);
    ELSE
        CREATE TEMP TABLE pmkt_eval_aisas_x AS
        SELECT i.*, pmkt.normalize(i.indices, r.ranges) AS x
        FROM (SELECT * FROM pmkt.aisas_indices('pg_temp.pmkt_eval_aisas'::regclass)
              WHERE indices IS NOT NULL) i,
             (SELECT pmkt.column_ranges(indices) AS ranges
              FROM pmkt.aisas_indices('pg_temp.pmkt_eval_aisas'::regclass)
              WHERE indices IS NOT NULL) r;
        SELECT count(*) INTO v_n FROM pg_temp.pmkt_eval_aisas_x;
        IF v_n < 3 THEN
            v_skipped := v_skipped || format('aisas (%s unit-months with all 17 indices, at least 3 needed)', v_n);
        ELSE
            SELECT p::text INTO v_model
            FROM (SELECT pmkt.pca_components(x) AS p FROM pg_temp.pmkt_eval_aisas_x) q;
            ALTER TABLE pg_temp.pmkt_eval_aisas_x ADD COLUMN xs float8[];
            UPDATE pg_temp.pmkt_eval_aisas_x t
            SET xs = ARRAY(SELECT t.x[s.j] FROM unnest(pmkt.pca_select_variables(v_model::pmkt.pca_result))
                                                WITH ORDINALITY AS s(j, o) ORDER BY s.o);
            SELECT d::text INTO v_model2
            FROM (SELECT pmkt.entropy_weights_detail(xs) AS d FROM pg_temp.pmkt_eval_aisas_x) q;

            INSERT INTO pmkt.history_aisas_scores
                (source_schema, period, unit_id, month, b11_ad_impressions, b12_brand_recognition,
                 b21_page_views, b22_favourite_ratio, b31_keyword_searches, b32_keyword_search_index,
                 b33_related_searches, b34_related_search_index, b41_conversion_rate,
                 b42_order_growth, b43_purchaser_growth, b44_standard_purchase_growth,
                 b45_amount_growth, b51_topics, b52_replies, b53_reviews, b54_reposts,
                 composite_score, run_at)
            SELECT v_schema, v_period, a.unit_id, a.month, a.b11_ad_impressions, a.b12_brand_recognition,
                   a.b21_page_views, a.b22_favourite_ratio, a.b31_keyword_searches,
                   a.b32_keyword_search_index, a.b33_related_searches, a.b34_related_search_index,
                   a.b41_conversion_rate, a.b42_order_growth, a.b43_purchaser_growth,
                   a.b44_standard_purchase_growth, a.b45_amount_growth, a.b51_topics, a.b52_replies,
                   a.b53_reviews, a.b54_reposts,
                   pmkt.composite_score(a.xs, (v_model2::pmkt.entropy_result).weights), v_run_at
            FROM pg_temp.pmkt_eval_aisas_x a;

            SELECT jsonb_build_object('n', (p).n, 'n_components', (p).n_components,
                                      'cumulative_contribution', (p).cumulative[(p).n_components],
                                      'first_eigenvalue', (p).eigenvalues[1])
              INTO v_m FROM (SELECT v_model::pmkt.pca_result AS p) q;
            PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                v_schema || '.aisas_pca', 'pca', 'pmkt.pca_result', v_model,
                jsonb_build_object('use_correlation', true, 'threshold', 0.85),
                'min-max normalised pmkt.aisas_indices of ' || v_schema || '.aisas_monthly', v_m, save_models);
            SELECT jsonb_build_object('n', (d).n, 'indices', cardinality((d).weights),
                                      'max_weight', (SELECT max(w) FROM unnest((d).weights) w),
                                      'min_weight', (SELECT min(w) FROM unnest((d).weights) w))
              INTO v_m FROM (SELECT v_model2::pmkt.entropy_result AS d) q;
            PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                v_schema || '.aisas_entropy', 'entropy', 'pmkt.entropy_result', v_model2,
                '{}'::jsonb, 'the PCA-screened normalised AISAS indices', v_m, save_models);
            v_done := v_done || 'aisas'::text;
            v_secs := v_secs || jsonb_build_object('aisas', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));

            -- the neural evaluation models: features = the 17 normalised
            -- indices, target = the composite score
            v_t := clock_timestamp();
            ALTER TABLE pg_temp.pmkt_eval_aisas_x ADD COLUMN score float8;
            UPDATE pg_temp.pmkt_eval_aisas_x t SET score = h.composite_score
            FROM pmkt.history_aisas_scores h
            WHERE h.source_schema = v_schema AND h.period = v_period
              AND h.unit_id = t.unit_id AND h.month = t.month;
            IF (SELECT count(*) FILTER (WHERE unit_id % 2 = 1) FROM pg_temp.pmkt_eval_aisas_x) < 2
               OR (SELECT count(*) FILTER (WHERE unit_id % 2 = 0) FROM pg_temp.pmkt_eval_aisas_x) < 1 THEN
                v_skipped := v_skipped || 'neural (too few unit-months for a train / test split)'::text;
            ELSE
                v_q := 'SELECT x, score FROM pg_temp.pmkt_eval_aisas_x WHERE unit_id % 2 = 1 ORDER BY unit_id, month';
                SELECT m::text INTO v_model
                FROM pmkt.bpnn_train(v_q, hidden, epochs => epochs, seed => seed) m;
                SELECT jsonb_build_object('train_mse', (tr).mse, 'train_r2', (tr).r_squared,
                                          'test_mse', (te).mse, 'test_rmse', (te).rmse,
                                          'test_mae', (te).mae, 'test_r2', (te).r_squared,
                                          'n_train', (tr).n, 'n_test', (te).n)
                  INTO v_m
                FROM (SELECT pmkt.nn_evaluate(v_model::pmkt.nnmodel, v_q) AS tr,
                             pmkt.nn_evaluate(v_model::pmkt.nnmodel,
                                 'SELECT x, score FROM pg_temp.pmkt_eval_aisas_x WHERE unit_id % 2 = 0') AS te) q;
                PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                    v_schema || '.aisas_bpnn', 'bpnn', 'pmkt.nnmodel', v_model,
                    jsonb_build_object('hidden', hidden, 'epochs', epochs, 'optimizer', 'adam',
                                       'seed', seed, 'train', 'odd unit_id', 'test', 'even unit_id'),
                    v_q, v_m, save_models);

                SELECT m::text INTO v_model
                FROM pmkt.rbf_train(v_q, hidden, standardize => false, seed => seed) m;
                SELECT jsonb_build_object('train_mse', (tr).mse, 'train_r2', (tr).r_squared,
                                          'test_mse', (te).mse, 'test_rmse', (te).rmse,
                                          'test_mae', (te).mae, 'test_r2', (te).r_squared,
                                          'n_train', (tr).n, 'n_test', (te).n,
                                          'cluster_sse', v_model::jsonb -> 'cluster_sse')
                  INTO v_m
                FROM (SELECT pmkt.nn_evaluate(v_model::pmkt.nnmodel, v_q) AS tr,
                             pmkt.nn_evaluate(v_model::pmkt.nnmodel,
                                 'SELECT x, score FROM pg_temp.pmkt_eval_aisas_x WHERE unit_id % 2 = 0') AS te) q;
                PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                    v_schema || '.aisas_rbf', 'rbf', 'pmkt.nnmodel', v_model,
                    jsonb_build_object('centers', hidden, 'init', 'density', 'solver', 'lstsq',
                                       'seed', seed, 'train', 'odd unit_id', 'test', 'even unit_id'),
                    v_q, v_m, save_models);
                v_done := v_done || 'neural'::text;
                v_secs := v_secs || jsonb_build_object('neural', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
            END IF;
        END IF;
    END IF;

    v_t := clock_timestamp();
    -- 5. regression models: sales on its drivers (OLS), conversion of visits
    --    (logistic)
    v_src := pmkt.evaluation_source(v_schema, 'sales_drivers');
    IF v_src IS NULL THEN
        v_skipped := v_skipped || format('sales_ols (%s.sales_drivers is missing)', v_schema);
    ELSE
        v_q := format('SELECT pmkt.ols(sales, ARRAY[ad_spend, price_adjustment, service_rating]) FROM %s', v_src);
        EXECUTE format('SELECT m::text FROM (%s) q(m)', v_q) INTO v_model;
        SELECT jsonb_build_object('r_squared', (m).r_squared, 'adj_r_squared', (m).adj_r_squared,
                                  'f_p_value', (m).f_p_value, 'residual_std_error', (m).residual_std_error,
                                  'n', (m).n, 'aic', (m).aic,
                                  'coef_intercept', (m).coefficients[1],
                                  'coef_ad_spend', (m).coefficients[2],
                                  'coef_price_adjustment', (m).coefficients[3],
                                  'coef_service_rating', (m).coefficients[4],
                                  'p_ad_spend', (m).p_values[2],
                                  'p_price_adjustment', (m).p_values[3],
                                  'p_service_rating', (m).p_values[4])
          INTO v_m FROM (SELECT v_model::pmkt.ols_result AS m) q;
        PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
            v_schema || '.sales_ols', 'ols', 'pmkt.ols_result', v_model,
            jsonb_build_object('y', 'sales', 'x', 'ad_spend, price_adjustment, service_rating',
                               'intercept', true),
            v_q, v_m, save_models);
        v_done := v_done || 'sales_ols'::text;
        v_secs := v_secs || jsonb_build_object('sales_ols', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    v_t := clock_timestamp();
    v_src := pmkt.evaluation_source(v_schema, 'visits');
    IF v_src IS NULL THEN
        v_skipped := v_skipped || format('visits_logistic (%s.visits is missing)', v_schema);
    ELSE
        v_q := format('SELECT ARRAY[ad_exposures, discount_pct, pages_viewed]::float8[], converted::int FROM %s', v_src);
        SELECT m::text INTO v_model FROM pmkt.logistic_train(v_q) m;
        SELECT jsonb_build_object('pseudo_r_squared', (m).pseudo_r_squared,
                                  'log_likelihood', (m).log_likelihood, 'aic', (m).aic,
                                  'n', (m).n, 'iterations', (m).iterations, 'converged', (m).converged,
                                  'odds_ratio_ad_exposures', (m).odds_ratios[2],
                                  'odds_ratio_discount_pct', (m).odds_ratios[3],
                                  'odds_ratio_pages_viewed', (m).odds_ratios[4])
          INTO v_m FROM (SELECT v_model::pmkt.logistic_result AS m) q;
        PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
            v_schema || '.visits_logistic', 'logistic', 'pmkt.logistic_result', v_model,
            jsonb_build_object('y', 'converted', 'x', 'ad_exposures, discount_pct, pages_viewed',
                               'intercept', true),
            v_q, v_m, save_models);
        v_done := v_done || 'visits_logistic'::text;
        v_secs := v_secs || jsonb_build_object('visits_logistic', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    -- 6. aspect sentiment of the feedback texts (study A's Table 4): src/text/96_text_eval.sql
    v_t := clock_timestamp();
    v_q := pmkt.evaluation_text(v_schema, v_period, v_as_of, v_run_at);
    IF v_q IS NULL THEN
        v_done := v_done || 'aspect_sentiment'::text;
        v_secs := v_secs || jsonb_build_object('aspect_sentiment', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    ELSE
        v_skipped := v_skipped || v_q;
    END IF;

    -- 7. cross-selling rules over the order lines: src/basket/96_basket_eval.sql
    v_t := clock_timestamp();
    v_q := pmkt.evaluation_basket(v_schema, v_period, v_run_at, v_as_of);
    IF v_q IS NULL THEN
        v_done := v_done || 'basket_rules'::text;
        v_secs := v_secs || jsonb_build_object('basket_rules', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    ELSE
        v_skipped := v_skipped || v_q;
    END IF;

    -- 8. random forest of visit conversion, its gains table: src/classify/96_classify_eval.sql
    v_t := clock_timestamp();
    v_q := pmkt.evaluation_classify(v_schema, v_period, v_run_at, save_models);
    IF v_q IS NULL THEN
        v_done := v_done || 'visits_forest'::text;
        v_secs := v_secs || jsonb_build_object('visits_forest', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    ELSE
        v_skipped := v_skipped || v_q;
    END IF;

    -- lifetime: P(alive), expected purchases and CLV per customer (src/lifetime/96_lifetime_eval.sql)
    SELECT v_done || l.done, v_skipped || l.skipped INTO v_done, v_skipped FROM pmkt.evaluation_lifetime(v_schema, v_period, v_run_at, v_as_of, discount_rate, save_models) l;
    CALL pmkt.evaluation_cleanup();
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
COMMENT ON PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, text, int, int, boolean) IS
're-runs the standard analysis on the contract tables of source_schema (customers, orders, campaigns, aisas_monthly, sales_drivers, visits) for period (a month; default the current one; data up to its end, or up to now): RFM segments and a k-means cluster for every customer, segment summary with strategies, channel effectiveness over the trailing channel_months, CLV and CAC by signup cohort, AISAS indices and composite scores (normalisation, PCA screening, entropy weights), BPNN and RBF evaluation models, OLS of sales on its drivers, logistic regression of visit conversion, aspect sentiment of the feedback texts (pmkt.evaluation_text), cross-selling rules over the order lines (pmkt.evaluation_basket), a random forest of visit conversion with its decile gains table and importances (pmkt.evaluation_classify), predicted purchases, P(alive) and CLV per customer (pmkt.evaluation_lifetime); writes pmkt.history_* (a re-run of the same period replaces its rows; steps whose source table is missing are skipped and listed in history_runs) and, with save_models, saves each trained model to pmkt.model_registry as <source_schema>.<model>';

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

CREATE VIEW pmkt.v_aisas_monthly AS
SELECT s.source_schema,
       s.period,
       s.month,
       count(*) AS units,
       avg(s.composite_score) AS mean_score,
       min(s.composite_score) AS min_score,
       max(s.composite_score) AS max_score,
       avg(s.b11_ad_impressions) AS b11_ad_impressions,
       avg(s.b12_brand_recognition) AS b12_brand_recognition,
       avg(s.b21_page_views) AS b21_page_views,
       avg(s.b22_favourite_ratio) AS b22_favourite_ratio,
       avg(s.b31_keyword_searches) AS b31_keyword_searches,
       avg(s.b32_keyword_search_index) AS b32_keyword_search_index,
       avg(s.b33_related_searches) AS b33_related_searches,
       avg(s.b34_related_search_index) AS b34_related_search_index,
       avg(s.b41_conversion_rate) AS b41_conversion_rate,
       avg(s.b42_order_growth) AS b42_order_growth,
       avg(s.b43_purchaser_growth) AS b43_purchaser_growth,
       avg(s.b44_standard_purchase_growth) AS b44_standard_purchase_growth,
       avg(s.b45_amount_growth) AS b45_amount_growth,
       avg(s.b51_topics) AS b51_topics,
       avg(s.b52_replies) AS b52_replies,
       avg(s.b53_reviews) AS b53_reviews,
       avg(s.b54_reposts) AS b54_reposts,
       (s.period = max(s.period) OVER (PARTITION BY s.source_schema)) AS is_latest_period
FROM pmkt.history_aisas_scores s
GROUP BY s.source_schema, s.period, s.month;
COMMENT ON VIEW pmkt.v_aisas_monthly IS
'BI view: the AISAS indices (mean over business units) and the composite score (mean, min, max over units) per month, per evaluation run';
COMMENT ON COLUMN pmkt.v_aisas_monthly.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_aisas_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.month IS 'the month of the indices';
COMMENT ON COLUMN pmkt.v_aisas_monthly.units IS 'business units with all 17 indices in the month';
COMMENT ON COLUMN pmkt.v_aisas_monthly.mean_score IS 'mean composite score over the units';
COMMENT ON COLUMN pmkt.v_aisas_monthly.min_score IS 'lowest composite score of a unit';
COMMENT ON COLUMN pmkt.v_aisas_monthly.max_score IS 'highest composite score of a unit';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b11_ad_impressions IS 'mean B11 online ad impressions';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b12_brand_recognition IS 'mean B12 brand recognition (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b21_page_views IS 'mean B21 page views';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b22_favourite_ratio IS 'mean B22 favourite ratio (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b31_keyword_searches IS 'mean B31 keyword searches';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b32_keyword_search_index IS 'mean B32 keyword search index (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b33_related_searches IS 'mean B33 related-word searches';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b34_related_search_index IS 'mean B34 related-word search index (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b41_conversion_rate IS 'mean B41 conversion rate (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b42_order_growth IS 'mean B42 month-on-month order growth';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b43_purchaser_growth IS 'mean B43 month-on-month purchaser growth';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b44_standard_purchase_growth IS 'mean B44 month-on-month growth of standard purchasers';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b45_amount_growth IS 'mean B45 month-on-month purchase amount growth';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b51_topics IS 'mean B51 topics posted';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b52_replies IS 'mean B52 topic replies';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b53_reviews IS 'mean B53 product reviews';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b54_reposts IS 'mean B54 product reposts';
COMMENT ON COLUMN pmkt.v_aisas_monthly.is_latest_period IS 'true for the latest period evaluated for the source schema';
