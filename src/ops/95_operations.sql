
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
    flag             boolean,
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
COMMENT ON COLUMN pmkt.history_model_metrics.value IS 'the metric''s value; NULL for a yes/no metric (see flag)';
COMMENT ON COLUMN pmkt.history_model_metrics.registry_version IS 'the model''s version in pmkt.model_registry saved by this run, NULL when models were not saved';
COMMENT ON COLUMN pmkt.history_model_metrics.run_at IS 'when the run started';
COMMENT ON COLUMN pmkt.history_model_metrics.flag IS 'the value of a yes/no metric (converged, ...), whose value is NULL; NULL for a numeric metric';

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
COMMENT ON COLUMN pmkt.history_channel_metrics.roi IS 'return on investment in percent, (sales - investment) / investment x 100 (as pmkt.channel_effectiveness returns it; the view pmkt.v_channel_effectiveness shows it as a fraction)';
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

-- every model version a run saved belongs to the run: deleting the run (or
-- re-running its period) deletes the version (issue 16); models saved by
-- pmkt.save_model have no run
ALTER TABLE pmkt.model_registry
    ADD COLUMN run_source_schema text,
    ADD COLUMN run_period date,
    ADD CONSTRAINT model_registry_run_fkey FOREIGN KEY (run_source_schema, run_period)
        REFERENCES pmkt.history_runs (source_schema, period) ON DELETE CASCADE;
COMMENT ON COLUMN pmkt.model_registry.run_source_schema IS 'for a version saved by pmkt.run_evaluation, the source of its run (deleting the run deletes the version); NULL otherwise';
COMMENT ON COLUMN pmkt.model_registry.run_period IS 'for a version saved by pmkt.run_evaluation, the period of its run; NULL otherwise';
CREATE INDEX model_registry_run_idx ON pmkt.model_registry (run_source_schema, run_period);

-- the one definition of "latest"
CREATE VIEW pmkt.v_latest_run AS
SELECT DISTINCT ON (r.source_schema)
       r.source_schema, r.period, r.run_at, r.finished_at, r.steps_done, r.steps_skipped
FROM pmkt.history_runs r
ORDER BY r.source_schema, r.period DESC;
COMMENT ON VIEW pmkt.v_latest_run IS
'the latest run of each source: the run of its latest evaluated period; every is_latest_period column of the BI views is true exactly for this run''s rows';
COMMENT ON COLUMN pmkt.v_latest_run.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_latest_run.period IS 'the latest month evaluated for the source (first day of the month)';
COMMENT ON COLUMN pmkt.v_latest_run.run_at IS 'when the run started';
COMMENT ON COLUMN pmkt.v_latest_run.finished_at IS 'when the run finished';
COMMENT ON COLUMN pmkt.v_latest_run.steps_done IS 'comma-separated steps that ran';
COMMENT ON COLUMN pmkt.v_latest_run.steps_skipped IS 'comma-separated steps skipped, with the reason';

-- ---------------------------------------------------------------------------
-- source mappings: run the job on the user's own tables (issue 16, point 4)
-- ---------------------------------------------------------------------------
-- The job reads tables by role (orders, customers, campaigns, ...) with the
-- column names of the demo data contract (pmkt.evaluation_contract()).  A
-- schema holding tables of those names and columns is used as it is; any
-- other layout is registered once under a source name with
-- pmkt.register_evaluation_source(source, role, relation, columns), and
-- CALL pmkt.run_evaluation('<source>') then reads, for every registered
-- role, a temporary view that renames the user's columns to the contract's.

CREATE TABLE pmkt.evaluation_sources (
    source     text NOT NULL,
    role       text NOT NULL,
    relation   text NOT NULL,
    columns    jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by name NOT NULL DEFAULT current_user,
    PRIMARY KEY (source, role),
    CONSTRAINT evaluation_sources_source_check CHECK (length(btrim(source)) > 0),
    CONSTRAINT evaluation_sources_columns_check CHECK (jsonb_typeof(columns) = 'object')
);
COMMENT ON TABLE pmkt.evaluation_sources IS
'source mappings of pmkt.run_evaluation: for a source name, which relation plays each role (orders, customers, campaigns, ...) and which of its columns holds each contract column; written by pmkt.register_evaluation_source (which validates it); a configuration table (pg_dump keeps its rows)';
COMMENT ON COLUMN pmkt.evaluation_sources.source IS 'the source name passed to pmkt.run_evaluation as source_schema (and stored as source_schema in the history tables)';
COMMENT ON COLUMN pmkt.evaluation_sources.role IS 'the role of the relation: one of the roles of pmkt.evaluation_contract() (orders, customers, campaigns, feedback, visits, ...)';
COMMENT ON COLUMN pmkt.evaluation_sources.relation IS 'the table or view, schema-qualified as text (resolved at each run)';
COMMENT ON COLUMN pmkt.evaluation_sources.columns IS 'JSON object contract column -> the relation''s column; a contract column not listed is read from the column of the same name';
COMMENT ON COLUMN pmkt.evaluation_sources.created_at IS 'when the mapping was registered';
COMMENT ON COLUMN pmkt.evaluation_sources.created_by IS 'the role that registered it';

SELECT pg_catalog.pg_extension_config_dump('pmkt.evaluation_sources', '');

CREATE FUNCTION pmkt.evaluation_contract()
RETURNS TABLE (role text, column_name text, required boolean, description text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT * FROM (VALUES
     ('orders', 'customer_id', true, 'customer id (integer)'),
     ('orders', 'ordered_at', true, 'order time (timestamptz)'),
     ('orders', 'amount', true, 'order or line amount (number)'),
     ('orders', 'order_id', false, 'order id: rows sharing it are one order (order lines); without it every row is an order'),
     ('orders', 'channel', false, 'sales channel'),
     ('orders', 'product_id', false, 'product'),
     ('customers', 'customer_id', true, 'customer id (integer)'),
     ('customers', 'signup_date', true, 'signup date (date)'),
     ('customers', 'region', false, 'region'),
     ('customers', 'age', false, 'age'),
     ('campaigns', 'channel', true, 'marketing channel'),
     ('campaigns', 'month', true, 'campaign month (date, first day)'),
     ('campaigns', 'impressions', true, 'impressions'),
     ('campaigns', 'clicks', true, 'clicks'),
     ('campaigns', 'conversions', true, 'conversions'),
     ('campaigns', 'new_customers', true, 'new customers acquired'),
     ('campaigns', 'spend', true, 'spend'),
     ('campaigns', 'revenue', true, 'revenue attributed'),
     ('feedback', 'customer_id', false, 'customer id'),
     ('feedback', 'created_at', true, 'time of the comment (timestamptz)'),
     ('feedback', 'comment', true, 'the comment text'),
     ('feedback', 'aspect', false, 'labelled aspect (for the agreement check)'),
     ('feedback', 'sentiment', false, 'labelled sentiment (for the agreement check)'),
     ('visits', 'visit_id', true, 'visit id'),
     ('visits', 'channel', true, 'channel of the visit'),
     ('visits', 'ad_exposures', true, 'ad exposures before the visit'),
     ('visits', 'discount_pct', true, 'discount offered, in percent'),
     ('visits', 'pages_viewed', true, 'pages viewed'),
     ('visits', 'converted', true, 'whether the visit converted (boolean)'),
     ('sales_drivers', 'sales', true, 'sales of the region and week'),
     ('sales_drivers', 'ad_spend', true, 'ad spend'),
     ('sales_drivers', 'price_adjustment', true, 'price adjustment'),
     ('sales_drivers', 'service_rating', true, 'service rating'),
     ('order_lines', 'order_id', true, 'order id'),
     ('order_lines', 'product_id', true, 'product'),
     ('order_lines', 'line_no', false, 'line number'),
     ('order_lines', 'quantity', false, 'quantity'),
     ('order_lines', 'price', false, 'price'),
     ('products', 'product_id', true, 'product'),
     ('products', 'name', false, 'product name'),
     ('aisas_monthly', 'unit_id', true, 'AISAS: business unit (integer)'),
     ('aisas_monthly', 'month', true, 'AISAS: month (date, first day)'),
     ('aisas_monthly', 'ad_impressions', true, 'AISAS: online ad impressions'),
     ('aisas_monthly', 'brand_aware', true, 'AISAS: consumers aware of the brand'),
     ('aisas_monthly', 'consumers', true, 'AISAS: consumers'),
     ('aisas_monthly', 'page_views', true, 'AISAS: page views'),
     ('aisas_monthly', 'favourites', true, 'AISAS: consumers adding to favourites'),
     ('aisas_monthly', 'interested', true, 'AISAS: interested consumers'),
     ('aisas_monthly', 'keyword_searches', true, 'AISAS: keyword searches'),
     ('aisas_monthly', 'category_keyword_searches', true, 'AISAS: keyword searches of the category'),
     ('aisas_monthly', 'related_searches', true, 'AISAS: related-word searches'),
     ('aisas_monthly', 'category_related_searches', true, 'AISAS: related-word searches of the category'),
     ('aisas_monthly', 'product_page_views', true, 'AISAS: product page views'),
     ('aisas_monthly', 'buyers', true, 'AISAS: buyers'),
     ('aisas_monthly', 'orders', true, 'AISAS: online orders'),
     ('aisas_monthly', 'purchasers', true, 'AISAS: purchasers'),
     ('aisas_monthly', 'standard_purchasers', true, 'AISAS: purchasers meeting the merchant''s standard'),
     ('aisas_monthly', 'purchase_amount', true, 'AISAS: purchase amount'),
     ('aisas_monthly', 'topics', true, 'AISAS: topics posted'),
     ('aisas_monthly', 'replies', true, 'AISAS: topic replies'),
     ('aisas_monthly', 'reviews', true, 'AISAS: product reviews'),
     ('aisas_monthly', 'reposts', true, 'AISAS: product reposts')) v(role, column_name, required, description)
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_contract() IS
'the tables (roles) and columns pmkt.run_evaluation reads, required or optional, with their meaning; a registered source maps its own columns to these names (pmkt.register_evaluation_source). role aisas_monthly holds each business unit''s raw monthly AISAS funnel counts, the input of pmkt.aisas_indices (one row per unit and month)';

-- the view text that maps a registered relation to the contract's columns;
-- raises 42703 naming the missing column and its role
CREATE FUNCTION pmkt.evaluation_source_select(source text, role text, relation text, columns jsonb)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_rel  regclass := pg_catalog.to_regclass(relation);
    v_list text[] := '{}';
    c      record;
    v_col  text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pmkt.evaluation_contract() e WHERE e.role = evaluation_source_select.role) THEN
        RAISE EXCEPTION 'role % is not a role of the evaluation job', coalesce(quote_literal(role), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Source %s registers role %s.', quote_literal(source), coalesce(quote_literal(role), 'NULL')),
                  HINT = 'The roles are ' || (SELECT string_agg(DISTINCT e.role, ', ') FROM pmkt.evaluation_contract() e) || '.';
    END IF;
    IF v_rel IS NULL THEN
        RAISE EXCEPTION 'relation % of role % of source % does not exist', coalesce(quote_literal(relation), 'NULL'),
                        role, quote_literal(source)
            USING ERRCODE = 'undefined_table',
                  HINT = 'Register the table or view schema-qualified, e.g. ''shop.orders''.';
    END IF;
    FOR v_col IN SELECT k FROM jsonb_object_keys(coalesce(columns, '{}')) k
                 EXCEPT SELECT e.column_name FROM pmkt.evaluation_contract() e WHERE e.role = evaluation_source_select.role
    LOOP
        RAISE EXCEPTION 'column mapping of role % names % which is not a contract column', role, quote_literal(v_col)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Source %s, relation %s.', quote_literal(source), v_rel),
                  HINT = 'The keys are the contract''s columns: ' ||
                         (SELECT string_agg(e.column_name, ', ') FROM pmkt.evaluation_contract() e WHERE e.role = evaluation_source_select.role) || '.';
    END LOOP;
    FOR c IN SELECT e.column_name, e.required, coalesce(columns ->> e.column_name, e.column_name) AS mapped,
                    columns ? e.column_name AS explicit
             FROM pmkt.evaluation_contract() e WHERE e.role = evaluation_source_select.role
    LOOP
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_rel AND a.attname = c.mapped
                   AND a.attnum > 0 AND NOT a.attisdropped) THEN
            v_list := v_list || format('%I AS %I', c.mapped, c.column_name);
        ELSIF c.required OR c.explicit THEN
            RAISE EXCEPTION 'column % of role % is missing in %', quote_ident(c.mapped), role, v_rel
                USING ERRCODE = 'undefined_column',
                      DETAIL = format('Source %s maps contract column %s of role %s to %s, which %s has not.',
                                      quote_literal(source), c.column_name, role, quote_ident(c.mapped), v_rel),
                      HINT = format('Pass columns => ''{"%s": "<your column>"}'' to pmkt.register_evaluation_source.', c.column_name);
        END IF;
    END LOOP;
    RETURN format('SELECT %s FROM %s', array_to_string(v_list, ', '), v_rel);
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_source_select(text, text, text, jsonb) IS
'used by pmkt.register_evaluation_source and pmkt.run_evaluation: the SELECT that reads relation with its columns renamed to the contract''s for role; 42703 naming the missing column and its role when a required (or explicitly mapped) column is absent';

CREATE FUNCTION pmkt.register_evaluation_source(source text, role text, relation text,
                                                columns jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF source IS NULL OR length(btrim(source)) = 0 THEN
        RAISE EXCEPTION 'source must be a non-empty name'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('source is %s.', coalesce(quote_literal(source), 'NULL')),
                  HINT = 'Name the source, e.g. ''shop''; pass the same name to pmkt.run_evaluation.';
    END IF;
    IF columns IS NULL OR jsonb_typeof(columns) <> 'object' THEN
        RAISE EXCEPTION 'columns must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('columns is %s.', coalesce(columns::text, 'NULL')),
                  HINT = 'Map contract columns to yours, e.g. ''{"customer_id": "client_no", "ordered_at": "invoice_date"}''.';
    END IF;
    PERFORM pmkt.evaluation_source_select(source, role, relation, columns);
    INSERT INTO pmkt.evaluation_sources AS s (source, role, relation, columns)
    VALUES (register_evaluation_source.source, register_evaluation_source.role,
            pg_catalog.to_regclass(register_evaluation_source.relation)::text, register_evaluation_source.columns)
    ON CONFLICT ON CONSTRAINT evaluation_sources_pkey
    DO UPDATE SET relation = EXCLUDED.relation, columns = EXCLUDED.columns,
                  created_at = now(), created_by = current_user;
END
$fn$;
COMMENT ON FUNCTION pmkt.register_evaluation_source(text, text, text, jsonb) IS
'registers (or replaces) the relation that plays role for source, with columns mapping contract columns to the relation''s (pmkt.evaluation_contract() lists them); validated now (a missing column is named with its role, 42703) and again at each run';

-- the relation of role table_name for a run of source_schema: the run's
-- mapped temporary view for a registered source, else source_schema.table_name;
-- NULL when there is none
CREATE FUNCTION pmkt.evaluation_source(source_schema text, table_name text)
RETURNS regclass
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN EXISTS (SELECT 1 FROM pmkt.evaluation_sources s WHERE s.source = source_schema)
                THEN (SELECT pg_catalog.to_regclass('pg_temp.' || pg_catalog.quote_ident('pmkt_src_' || table_name))
                      FROM pmkt.evaluation_sources s WHERE s.source = source_schema AND s.role = table_name)
                ELSE pg_catalog.to_regclass(pg_catalog.format('%I.%I', source_schema, table_name)) END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_source(text, text) IS
'the relation playing role table_name for source_schema as a regclass: for a source registered in pmkt.evaluation_sources, the current run''s temporary view with the contract''s column names; else the table table_name in schema source_schema; NULL when there is none (used by pmkt.run_evaluation and the family steps to skip steps whose source is missing)';

-- Temporary objects of a run.  They are dropped by their bare name, never as
-- pg_temp.<name>: the function's search_path is pg_catalog, pg_temp, so a
-- bare name can only resolve to the session's own temporary schema, and on
-- a database where Citus is loaded a DROP naming the literal schema pg_temp
-- fails (Citus looks the schema up by that name; issue 19).
CREATE PROCEDURE pmkt.evaluation_cleanup()
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
DECLARE
    v text;
BEGIN
    FOR v IN SELECT c.relname FROM pg_catalog.pg_class c
             WHERE c.relnamespace = pg_catalog.pg_my_temp_schema() AND c.relkind = 'v'
               AND (c.relname LIKE 'pmkt\_eval\_%' OR c.relname LIKE 'pmkt\_src\_%')
             ORDER BY c.relname LIKE 'pmkt\_src\_%', c.relname  -- pmkt_src_* after the views built on them
    LOOP
        EXECUTE format('DROP VIEW %I', v);
    END LOOP;
    FOREACH v IN ARRAY ARRAY['pmkt_eval_rfm', 'pmkt_eval_clv', 'pmkt_eval_aisas_x']
    LOOP
        IF pg_catalog.to_regclass('pg_temp.' || v) IS NOT NULL THEN
            EXECUTE format('DROP TABLE %I', v);
        END IF;
    END LOOP;
END
$proc$;
COMMENT ON PROCEDURE pmkt.evaluation_cleanup() IS
'drops the session''s temporary views and tables pmkt.run_evaluation works with (pmkt_eval_*, pmkt_src_*), by their bare names (no DDL names the schema pg_temp)';

-- one trained model of a run: saved to the registry (when save is true),
-- tied to its run (deleting the run deletes the version), and its numeric
-- metrics appended to pmkt.history_model_metrics (yes/no metrics as flag)
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
        IF model IS NULL OR pg_catalog.to_regtype(model_type) IS NULL THEN
            RAISE EXCEPTION 'model % of the run cannot be saved', quote_literal(model_name)
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('model_type is %s, model is %s.', coalesce(quote_literal(model_type), 'NULL'),
                                      CASE WHEN model IS NULL THEN 'NULL' ELSE 'given' END);
        END IF;
        INSERT INTO pmkt.model_registry AS r
            (name, kind, parameters, training_query, metrics, model_type, model,
             run_source_schema, run_period)
        VALUES (model_name, kind, coalesce(parameters, '{}'), training_query,
                coalesce(metrics, '{}') || jsonb_build_object('source_schema', source_schema, 'period', period),
                pg_catalog.format_type(pg_catalog.to_regtype(model_type), NULL), model,
                source_schema, period)
        RETURNING r.version INTO v;
    END IF;
    INSERT INTO pmkt.history_model_metrics AS h
        (source_schema, period, model_name, kind, metric, value, registry_version, run_at, flag)
    SELECT evaluation_record_model.source_schema, evaluation_record_model.period,
           evaluation_record_model.model_name, evaluation_record_model.kind,
           e.key,
           CASE WHEN jsonb_typeof(e.value) <> 'boolean' THEN (e.value #>> '{}')::float8 END,
           v, evaluation_record_model.run_at,
           CASE WHEN jsonb_typeof(e.value) = 'boolean' THEN e.value = 'true'::jsonb END
    FROM jsonb_each(metrics) e
    WHERE jsonb_typeof(e.value) IN ('number', 'boolean')
       OR (jsonb_typeof(e.value) = 'string' AND e.value #>> '{}' IN ('NaN', 'Infinity', '-Infinity'));
    RETURN v;
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_record_model(text, date, timestamptz, text, text, text, text, jsonb, text, jsonb, boolean) IS
'used by pmkt.run_evaluation and the family steps: saves one trained model to pmkt.model_registry (when save), tied to its run (run_source_schema, run_period: deleting the run deletes the version), and appends its numeric metrics to pmkt.history_model_metrics (value) and its yes/no metrics (converged, ...) as flag; returns the registry version or NULL';

-- the minimum-cost assignment of a square cost matrix (Hungarian method,
-- O(n^3)): result[i] = the column assigned to row i
CREATE FUNCTION pmkt.min_cost_assignment(cost float8[])
RETURNS int[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    n     int;
    u     float8[];
    v     float8[];
    p     int[];
    way   int[];
    minv  float8[];
    used  boolean[];
    i int; j int; i0 int; j0 int; j1 int;
    delta float8; cur float8;
    a     float8[];
    res   int[];
BEGIN
    IF array_ndims(cost) IS DISTINCT FROM 2 OR array_length(cost, 1) <> array_length(cost, 2) THEN
        RAISE EXCEPTION 'cost must be a square matrix'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('cost has dimensions %s.', coalesce(array_dims(cost), 'none')),
                  HINT = 'Pass an n x n float8[][] (rows = new labels, columns = old labels).';
    END IF;
    n := array_length(cost, 1);
    IF n > 100 THEN
        RAISE EXCEPTION 'cost has more than 100 rows'
            USING ERRCODE = 'program_limit_exceeded',
                  DETAIL = format('cost is %s x %s.', n, n),
                  HINT = 'Match at most 100 labels (clusters) at a time.';
    END IF;
    -- rebase to 1..n and check the entries
    a := array_fill(0::float8, ARRAY[n, n]);
    FOR i IN 1..n LOOP
        FOR j IN 1..n LOOP
            cur := cost[array_lower(cost, 1) + i - 1][array_lower(cost, 2) + j - 1];
            IF cur IS NULL OR cur = 'NaN'::float8 OR cur IN ('Infinity'::float8, '-Infinity'::float8) THEN
                RAISE EXCEPTION 'cost must hold finite numbers'
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = format('cost[%s][%s] is %s.', i, j, coalesce(cur::text, 'NULL'));
            END IF;
            a[i][j] := cur;
        END LOOP;
    END LOOP;
    u := array_fill(0::float8, ARRAY[n + 1], ARRAY[0]);
    v := array_fill(0::float8, ARRAY[n + 1], ARRAY[0]);
    p := array_fill(0, ARRAY[n + 1], ARRAY[0]);
    way := array_fill(0, ARRAY[n + 1], ARRAY[0]);
    FOR i IN 1..n LOOP
        p[0] := i;
        j0 := 0;
        minv := array_fill('Infinity'::float8, ARRAY[n + 1], ARRAY[0]);
        used := array_fill(false, ARRAY[n + 1], ARRAY[0]);
        LOOP
            used[j0] := true;
            i0 := p[j0];
            delta := 'Infinity';
            j1 := 0;
            FOR j IN 1..n LOOP
                IF NOT used[j] THEN
                    cur := a[i0][j] - u[i0] - v[j];
                    IF cur < minv[j] THEN
                        minv[j] := cur;
                        way[j] := j0;
                    END IF;
                    IF minv[j] < delta THEN
                        delta := minv[j];
                        j1 := j;
                    END IF;
                END IF;
            END LOOP;
            FOR j IN 0..n LOOP
                IF used[j] THEN
                    u[p[j]] := u[p[j]] + delta;
                    v[j] := v[j] - delta;
                ELSE
                    minv[j] := minv[j] - delta;
                END IF;
            END LOOP;
            j0 := j1;
            EXIT WHEN p[j0] = 0;
        END LOOP;
        LOOP
            j1 := way[j0];
            p[j0] := p[j1];
            j0 := j1;
            EXIT WHEN j0 = 0;
        END LOOP;
    END LOOP;
    res := array_fill(0, ARRAY[n]);
    FOR j IN 1..n LOOP
        res[p[j]] := j;
    END LOOP;
    RETURN res;
END
$fn$;
COMMENT ON FUNCTION pmkt.min_cost_assignment(float8[]) IS
'the minimum-cost one-to-one assignment of an n x n cost matrix (Hungarian method, O(n^3)): element i of the result is the column assigned to row i; used by pmkt.run_evaluation to keep k-means cluster labels stable across periods';

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
                                     save_models boolean DEFAULT true,
                                     time_zone text DEFAULT NULL,
                                     new_days float8 DEFAULT 90,
                                     frequent_min_orders int DEFAULT NULL,
                                     stable_clusters boolean DEFAULT true)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
DECLARE
    v_schema  text := source_schema;
    v_period  date;
    v_tz      text := coalesce(time_zone, pg_catalog.current_setting('TimeZone'));
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
    v_mapped  boolean;
    v_order   text;
    v_prev    date;
    v_map     int[];
    v_step    text[];
    v_r       jsonb;
    v_rec     record;
    -- the family steps, one line each: the step's name and its call, with
    -- $1 source_schema, $2 period, $3 as_of, $4 run_at, $5 save_models,
    -- $6 discount_rate.  A call returns text (NULL = done, else the reason
    -- it was skipped: pmkt.evaluation_<family>) or (done text[], skipped text[]).
    v_steps   text[] := ARRAY[
        ['aspect_sentiment', 'pmkt.evaluation_text($1, $2, $3, $4)'],       -- src/text/96_text_eval.sql
        ['basket_rules',     'pmkt.evaluation_basket($1, $2, $4, $3)'],     -- src/basket/96_basket_eval.sql
        ['responses_forest', 'pmkt.evaluation_classify($1, $2, $4, $5)'],   -- src/classify/96_classify_eval.sql
        ['experiments',      'pmkt.evaluation_experiment($1, $2, $3, $4)'], -- src/experiment/96_experiment_eval.sql
        ['lifetime',         'pmkt.evaluation_lifetime($1, $2, $4, $3, $6, $5)']];  -- src/lifetime/96_lifetime_eval.sql
BEGIN
    v_mapped := EXISTS (SELECT 1 FROM pmkt.evaluation_sources s WHERE s.source = v_schema);
    IF v_schema IS NULL OR (NOT v_mapped AND pg_catalog.to_regnamespace(pg_catalog.quote_ident(v_schema)) IS NULL) THEN
        RAISE EXCEPTION 'source_schema % does not exist', coalesce(quote_literal(v_schema), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the schema holding the customers, orders, campaigns, aisas_monthly, sales_drivers and visits tables (pmkt.generate_demo creates pmkt_demo), or a source registered with pmkt.register_evaluation_source.';
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
    IF seed IS NULL OR save_models IS NULL OR stable_clusters IS NULL THEN
        RAISE EXCEPTION 'seed, save_models and stable_clusters must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Omit them to use the defaults (seed 42, save_models true, stable_clusters true).';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names z WHERE z.name = v_tz)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_abbrevs z WHERE z.abbrev = v_tz) THEN
        BEGIN
            PERFORM now() AT TIME ZONE v_tz;
        EXCEPTION WHEN invalid_parameter_value THEN
            RAISE EXCEPTION 'time_zone % is not a time zone', quote_literal(v_tz)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass a name of pg_timezone_names, e.g. ''UTC'' or ''Europe/Paris''.';
        END;
    END IF;
    IF new_days IS NULL OR NOT (new_days >= 0) OR new_days = 'Infinity'::float8 THEN
        RAISE EXCEPTION 'new_days must be a finite number of days, 0 or more'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('new_days is %s.', coalesce(new_days::text, 'NULL')),
                  HINT = 'A customer whose first order is less than new_days before the end of the period is new (default 90).';
    END IF;
    IF frequent_min_orders IS NOT NULL AND (frequent_min_orders < 1 OR segment_method <> 'rules') THEN
        RAISE EXCEPTION 'frequent_min_orders must be at least 1, with segment_method rules'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('frequent_min_orders is %s, segment_method is %s.', frequent_min_orders, segment_method),
                  HINT = 'Pass a fixed number of orders from which a customer is frequent (e.g. 5), or NULL for the data-derived break.';
    END IF;

    -- the source's relations as temporary views with the contract's column
    -- names (a registered source; validated again now)
    CALL pmkt.evaluation_cleanup();
    FOR v_rec IN SELECT s.role, s.relation, s.columns FROM pmkt.evaluation_sources s
             WHERE s.source = v_schema ORDER BY s.role
    LOOP
        EXECUTE format('CREATE TEMP VIEW %I AS %s', 'pmkt_src_' || v_rec.role,
                       pmkt.evaluation_source_select(v_schema, v_rec.role, v_rec.relation, v_rec.columns));
    END LOOP;

    -- the period: the given month, else the last complete month with data
    -- (the month of the latest order, at most the month before the current
    -- one), months cut in time_zone (default the session's, recorded)
    v_src := pmkt.evaluation_source(v_schema, 'orders');
    IF period IS NOT NULL THEN
        v_period := date_trunc('month', period)::date;
    ELSE
        v_period := (date_trunc('month', v_run_at AT TIME ZONE v_tz) - interval '1 month')::date;
        IF v_src IS NOT NULL THEN
            EXECUTE format('SELECT least($1, date_trunc(''month'', max(ordered_at) AT TIME ZONE $2)::date) FROM %s', v_src)
                INTO v_period USING v_period, v_tz;
            v_period := coalesce(v_period, (date_trunc('month', v_run_at AT TIME ZONE v_tz) - interval '1 month')::date);
        END IF;
    END IF;
    -- data up to the end of the period in time_zone, or up to now for the current month
    v_as_of := least((v_period + interval '1 month') AT TIME ZONE v_tz, v_run_at);
    v_params := jsonb_build_object('k', k, 'seed', seed, 'discount_rate', discount_rate,
                                   'margin', margin, 'channel_months', channel_months,
                                   'segment_method', segment_method, 'hidden', hidden,
                                   'epochs', epochs, 'save_models', save_models,
                                   'as_of', v_as_of, 'time_zone', v_tz, 'new_days', new_days,
                                   'frequent_min_orders', frequent_min_orders,
                                   'stable_clusters', stable_clusters, 'mapped_source', v_mapped);

    -- one run per (schema, period) at a time; the old rows of this period go
    -- (the other history tables, and the registry versions the run saved,
    -- cascade from history_runs)
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('pmkt.run_evaluation'),
                                             pg_catalog.hashtext(v_schema || '/' || v_period));
    DELETE FROM pmkt.history_runs h WHERE h.source_schema = v_schema AND h.period = v_period;
    INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by,
                                   parameters, steps_done, steps_skipped)
    VALUES (v_schema, v_period, v_run_at, clock_timestamp(), current_user, v_params, '', '');

    -- the source tables cut at the end of the period, as temporary views
    -- (the capability functions take a table; the views cut it at v_as_of).
    -- Dates are compared as dates and timestamps through time_zone, never
    -- through the session's time zone (which Citus does not pass to workers).
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_orders AS SELECT * FROM %s WHERE ordered_at < %L::timestamptz',
                       v_src, v_as_of);
        v_order := CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_src
                                     AND a.attname = 'order_id' AND a.attnum > 0 AND NOT a.attisdropped)
                        THEN 'order_id' END;
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'customers');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_customers AS SELECT * FROM %s WHERE signup_date::timestamp < %L::timestamp',
                       v_src, v_as_of AT TIME ZONE v_tz);
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'campaigns');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaigns AS SELECT * FROM %s
                        WHERE month <= %L::date AND month > %L::date',
                       v_src, v_period, (v_period - make_interval(months => channel_months))::date);
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaign_months AS
                        SELECT channel, month, impressions, clicks, conversions, new_customers, spend, revenue
                        FROM %s WHERE month <= %L::date',
                       v_src, v_period);
    ELSE
        CREATE TEMP VIEW pmkt_eval_campaign_months AS
        SELECT NULL::text AS channel, NULL::date AS month, NULL::bigint AS impressions,
               NULL::bigint AS clicks, NULL::bigint AS conversions, NULL::bigint AS new_customers,
               NULL::float8 AS spend, NULL::float8 AS revenue
        WHERE false;
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'aisas_monthly');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_aisas AS SELECT * FROM %s WHERE month <= %L::date',
                       v_src, v_period);
    END IF;

    v_t := clock_timestamp();
    -- 1. RFM segments of every customer, and the segment summary
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
       OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('segments (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        -- rules with frequent_min_orders: fixed thresholds (new: first order
        -- less than new_days before the end; frequent: at least
        -- frequent_min_orders orders) instead of the data-derived break
        CREATE TEMP TABLE pmkt_eval_rfm AS
        SELECT c.customer_id, r.recency_days, coalesce(r.frequency, 0) AS frequency,
               r.monetary, r.r_score, r.f_score, r.m_score, r.rfm_cell,
               coalesce(CASE WHEN frequent_min_orders IS NULL OR r.customer_id IS NULL THEN r.segment
                             WHEN r.first_order_at > v_as_of - make_interval(secs => new_days * 86400) THEN 'new'
                             WHEN r.frequency >= frequent_min_orders THEN 'frequent'
                             ELSE 'occasional' END, 'no_orders') AS segment
        FROM pg_temp.pmkt_eval_customers c
        LEFT JOIN pmkt.rfm('pg_temp.pmkt_eval_orders'::regclass, as_of => v_as_of, new_days => new_days,
                           method => segment_method, seed => seed, order_col => v_order) r
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
            -- stable labels: the clusters are renumbered to match the latest
            -- earlier period's clusters of this source by the minimum-cost
            -- assignment of their centroids (squared distance of the mean
            -- recency_days, ln(frequency), ln(1 + monetary), each scaled by
            -- this period's standard deviation); the model keeps its own
            -- numbering, the history rows and metrics carry the map
            v_prev := NULL;
            v_map := NULL;
            IF stable_clusters THEN
                SELECT max(p.period) INTO v_prev FROM pmkt.history_customer_segments p
                WHERE p.source_schema = v_schema AND p.period < v_period AND p.cluster IS NOT NULL;
            END IF;
            IF v_prev IS NOT NULL THEN
                WITH sd AS (
                    SELECT nullif(stddev_samp(h.recency_days), 0) AS s1,
                           nullif(stddev_samp(ln(h.frequency::float8)), 0) AS s2,
                           nullif(stddev_samp(ln(1 + h.monetary)), 0) AS s3
                    FROM pmkt.history_customer_segments h
                    WHERE h.source_schema = v_schema AND h.period = v_period AND h.cluster IS NOT NULL),
                cen AS (
                    SELECT h.period, h.cluster, avg(h.recency_days) AS c1, avg(ln(h.frequency::float8)) AS c2,
                           avg(ln(1 + h.monetary)) AS c3
                    FROM pmkt.history_customer_segments h
                    WHERE h.source_schema = v_schema AND h.period IN (v_period, v_prev) AND h.cluster IS NOT NULL
                    GROUP BY 1, 2)
                SELECT CASE WHEN count(*) = k * k THEN
                       pmkt.min_cost_assignment(
                           (SELECT array_agg(rw ORDER BY i) FROM (
                                SELECT a.cluster AS i,
                                       array_agg(((a.c1 - b.c1) / coalesce(sd.s1, 1)) ^ 2
                                                 + ((a.c2 - b.c2) / coalesce(sd.s2, 1)) ^ 2
                                                 + ((a.c3 - b.c3) / coalesce(sd.s3, 1)) ^ 2 ORDER BY b.cluster) AS rw
                                FROM cen a, cen b, sd
                                WHERE a.period = v_period AND b.period = v_prev
                                GROUP BY a.cluster) m)) END
                  INTO v_map
                FROM cen a, cen b WHERE a.period = v_period AND b.period = v_prev;
            END IF;
            IF v_map IS NOT NULL THEN
                -- only when both periods have clusters 1..k
                IF (SELECT array_agg(DISTINCT h.cluster ORDER BY h.cluster) FROM pmkt.history_customer_segments h
                    WHERE h.source_schema = v_schema AND h.period IN (v_period, v_prev) AND h.cluster IS NOT NULL)
                   = (SELECT array_agg(g) FROM generate_series(1, k) g) THEN
                    UPDATE pmkt.history_customer_segments h SET cluster = v_map[h.cluster]
                    WHERE h.source_schema = v_schema AND h.period = v_period AND h.cluster IS NOT NULL;
                    v_m := v_m || jsonb_build_object('labels_matched', true, 'labels_matched_to', v_prev,
                                                     'label_map', to_jsonb(v_map));
                END IF;
            END IF;
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
    -- 2. channel effectiveness over the trailing window, and per month
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
        FROM pmkt.channel_effectiveness('pg_temp.pmkt_eval_campaigns'::regclass, digits => NULL) e;
        INSERT INTO pmkt.history_channel_monthly
            (source_schema, period, month, channel, investment, impressions, clicks, ctr,
             conversions, conversion_rate, new_customers, sales, roi, cac, run_at)
        SELECT v_schema, v_period, date_trunc('month', x.month::timestamp)::date, x.channel,
               sum(x.spend), sum(x.impressions), sum(x.clicks),
               sum(x.clicks)::float8 / nullif(sum(x.impressions), 0),
               sum(x.conversions), sum(x.conversions)::float8 / nullif(sum(x.clicks), 0),
               sum(x.new_customers), sum(x.revenue),
               (sum(x.revenue) - sum(x.spend)) / nullif(sum(x.spend), 0),
               pmkt.cac(sum(x.spend), sum(x.new_customers)::bigint), v_run_at
        FROM pg_temp.pmkt_eval_campaign_months x
        GROUP BY 3, 4;
        v_done := v_done || 'channels'::text;
        v_secs := v_secs || jsonb_build_object('channels', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    v_t := clock_timestamp();
    -- 3. CLV and CAC per signup cohort; the monthly KPI series
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
       OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('cohorts (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        -- per-customer CLV first, one pmkt.clv row per order (the discounted
        -- sum is linear, so this equals one row per month): CREATE TABLE AS
        -- may use a parallel plan, INSERT ... SELECT may not.  The month of
        -- an order is taken in time_zone.
        CREATE TEMP TABLE pmkt_eval_clv AS
        SELECT o.customer_id, sum(o.amount) AS revenue,
               pmkt.clv(greatest(1, (date_part('year', o.ordered_at AT TIME ZONE v_tz) - date_part('year', c.signup_date)) * 12
                                    + date_part('month', o.ordered_at AT TIME ZONE v_tz) - date_part('month', c.signup_date) + 1)::int,
                        o.amount, (1 - margin) * o.amount, discount_rate) AS clv
        FROM pg_temp.pmkt_eval_orders o
        JOIN pg_temp.pmkt_eval_customers c ON c.customer_id = o.customer_id
        GROUP BY o.customer_id;

        -- every month from the first signup to the period, also the months
        -- without signups (0 customers), so that a cohort chart has no gaps
        INSERT INTO pmkt.history_cohort_metrics
            (source_schema, period, cohort_month, customers, buyers, revenue, avg_clv,
             acquisition_spend, new_customers, cac, clv_cac_ratio, run_at)
        WITH cohorts AS (
            SELECT date_trunc('month', c.signup_date::timestamp)::date AS cohort_month,
                   count(*) AS customers, count(p.customer_id) AS buyers,
                   coalesce(sum(p.revenue), 0) AS revenue, avg(coalesce(p.clv, 0)) AS avg_clv
            FROM pg_temp.pmkt_eval_customers c
            LEFT JOIN pg_temp.pmkt_eval_clv p ON p.customer_id = c.customer_id
            GROUP BY 1),
        months AS (
            SELECT g::date AS cohort_month
            FROM (SELECT min(cohort_month) AS m0 FROM cohorts) b,
                 generate_series(b.m0::timestamp, v_period::timestamp, interval '1 month') g),
        spend AS (
            SELECT date_trunc('month', x.month::timestamp)::date AS cohort_month, sum(x.spend) AS spend,
                   sum(x.new_customers)::bigint AS new_customers
            FROM pg_temp.pmkt_eval_campaign_months x GROUP BY 1)
        SELECT v_schema, v_period, m.cohort_month, coalesce(h.customers, 0), coalesce(h.buyers, 0),
               coalesce(h.revenue, 0), h.avg_clv,
               s.spend, s.new_customers, pmkt.cac(s.spend, s.new_customers),
               h.avg_clv / nullif(pmkt.cac(s.spend, s.new_customers), 0), v_run_at
        FROM months m
        LEFT JOIN cohorts h ON h.cohort_month = m.cohort_month
        LEFT JOIN spend s ON s.cohort_month = m.cohort_month;

        -- KPIs per calendar month (in time_zone) from the first order to the
        -- period: revenue, orders, buyers, first-time buyers, repeat buyers
        -- (bought in an earlier month too), CAC and campaign ROI
        EXECUTE format($q$
        INSERT INTO pmkt.history_kpi_monthly
            (source_schema, period, month, revenue, orders, customers, new_customers,
             repeat_customers, repeat_rate, marketing_spend, acquired_customers, cac,
             campaign_revenue, roi, run_at)
        WITH o AS (
            SELECT o.customer_id, o.amount, %s AS order_key,
                   date_trunc('month', o.ordered_at AT TIME ZONE $3)::date AS month
            FROM pg_temp.pmkt_eval_orders o
            WHERE o.customer_id IS NOT NULL AND o.ordered_at IS NOT NULL),
        firsts AS (SELECT o.customer_id, min(o.month) AS first_month FROM o GROUP BY 1),
        months AS (
            SELECT g::date AS month
            FROM (SELECT min(month) AS m0 FROM o) b,
                 generate_series(b.m0::timestamp, $2::timestamp, interval '1 month') g),
        byc AS (
            SELECT o.month, o.customer_id, sum(o.amount) AS revenue, count(DISTINCT o.order_key) AS orders
            FROM o GROUP BY 1, 2),
        agg AS (
            SELECT b.month, sum(b.revenue) AS revenue, sum(b.orders) AS orders, count(*) AS customers,
                   count(*) FILTER (WHERE f.first_month = b.month) AS new_customers,
                   count(*) FILTER (WHERE f.first_month < b.month) AS repeat_customers
            FROM byc b JOIN firsts f ON f.customer_id = b.customer_id
            GROUP BY 1),
        spend AS (
            SELECT date_trunc('month', x.month::timestamp)::date AS month, sum(x.spend) AS spend,
                   sum(x.new_customers)::bigint AS acquired, sum(x.revenue) AS revenue
            FROM pg_temp.pmkt_eval_campaign_months x GROUP BY 1)
        SELECT $1, $2, m.month, coalesce(a.revenue, 0), coalesce(a.orders, 0)::bigint,
               coalesce(a.customers, 0), coalesce(a.new_customers, 0), coalesce(a.repeat_customers, 0),
               a.repeat_customers::float8 / nullif(a.customers, 0),
               s.spend, s.acquired, pmkt.cac(s.spend, s.acquired), s.revenue,
               (s.revenue - s.spend) / nullif(s.spend, 0), $4
        FROM months m
        LEFT JOIN agg a ON a.month = m.month
        LEFT JOIN spend s ON s.month = m.month
        $q$, CASE WHEN v_order IS NULL THEN 'row_number() OVER ()' ELSE 'o.order_id' END)
        USING v_schema, v_period, v_tz, v_run_at;
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
            ALTER TABLE pmkt_eval_aisas_x ADD COLUMN xs float8[];
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
            ALTER TABLE pmkt_eval_aisas_x ADD COLUMN score float8;
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

    -- 6.. the family steps (v_steps above): one loop
    FOREACH v_step SLICE 1 IN ARRAY v_steps
    LOOP
        v_t := clock_timestamp();
        EXECUTE 'SELECT to_jsonb(s) FROM ' || v_step[2] || ' s'
            INTO v_r USING v_schema, v_period, v_as_of, v_run_at, save_models, discount_rate;
        IF v_r IS NULL OR jsonb_typeof(v_r) = 'null' THEN
            v_done := v_done || v_step[1];
            v_secs := v_secs || jsonb_build_object(v_step[1], round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
        ELSIF jsonb_typeof(v_r) = 'string' THEN
            v_skipped := v_skipped || (v_r #>> '{}');
        ELSE
            v_done := v_done || ARRAY(SELECT jsonb_array_elements_text(coalesce(v_r -> 'done', '[]')));
            v_skipped := v_skipped || ARRAY(SELECT jsonb_array_elements_text(coalesce(v_r -> 'skipped', '[]')));
            IF jsonb_array_length(coalesce(v_r -> 'done', '[]')) > 0 THEN
                v_secs := v_secs || jsonb_build_object(v_step[1], round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
            END IF;
        END IF;
    END LOOP;

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
COMMENT ON PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, text, int, int, boolean, text, float8, int, boolean) IS
're-runs the standard analysis on the contract tables of source_schema (customers, orders, campaigns, aisas_monthly, sales_drivers, visits, ...) or of a source registered with pmkt.register_evaluation_source, for period (a month; default the last complete month with data: the month of the latest order, at most the month before the current one; data up to its end in time_zone, default the session''s): RFM segments (rules: with frequent_min_orders and new_days as fixed thresholds when given) and a k-means cluster for every customer (labels matched to the previous period''s clusters with stable_clusters), segment summary with strategies, channel effectiveness over the trailing channel_months and per month, CLV and CAC by signup cohort, monthly KPIs, AISAS indices and composite scores (normalisation, PCA screening, entropy weights), BPNN and RBF evaluation models, OLS of sales on its drivers, logistic regression of visit conversion, then the family steps (aspect sentiment, cross-selling rules, random forest of visit conversion, lifetime values); writes pmkt.history_* (a re-run of the same period replaces its rows and registry versions; steps whose source table is missing are skipped and listed in history_runs) and, with save_models, saves each trained model to pmkt.model_registry as <source_schema>.<model>';

-- backfill: one run per month from from_period to to_period, in order (so
-- that cluster labels follow from month to month); idempotent, since a run
-- replaces its period's rows
CREATE PROCEDURE pmkt.run_evaluation_range(source_schema text, from_period date, to_period date,
                                           save_models boolean DEFAULT true,
                                           time_zone text DEFAULT NULL,
                                           segment_method text DEFAULT 'rules',
                                           k int DEFAULT 3,
                                           seed bigint DEFAULT 42)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
DECLARE
    m date;
BEGIN
    IF from_period IS NULL OR to_period IS NULL OR from_period > to_period THEN
        RAISE EXCEPTION 'from_period and to_period must be dates, from_period not after to_period'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('from_period is %s, to_period is %s.', coalesce(from_period::text, 'NULL'),
                                  coalesce(to_period::text, 'NULL')),
                  HINT = 'Pass the first and the last month to evaluate, e.g. ''2024-01-01'' and ''2024-12-01''.';
    END IF;
    IF (date_trunc('month', to_period) - date_trunc('month', from_period)) > interval '1200 months' THEN
        RAISE EXCEPTION 'the range has more than 1200 months'
            USING ERRCODE = 'program_limit_exceeded',
                  DETAIL = format('from_period is %s, to_period is %s.', from_period, to_period),
                  HINT = 'Backfill at most 100 years at a time.';
    END IF;
    FOR m IN SELECT g::date FROM generate_series(date_trunc('month', from_period)::timestamp,
                                                  date_trunc('month', to_period)::timestamp,
                                                  interval '1 month') g
    LOOP
        CALL pmkt.run_evaluation(source_schema, m, k => k, seed => seed, segment_method => segment_method,
                                 save_models => save_models, time_zone => time_zone);
    END LOOP;
END
$proc$;
COMMENT ON PROCEDURE pmkt.run_evaluation_range(text, date, date, boolean, text, text, int, bigint) IS
'backfill: CALL pmkt.run_evaluation once per month from from_period to to_period (months in order, so that the k-means labels of each month are matched to the month before); idempotent (each run replaces its period); all months in the caller''s transaction';
