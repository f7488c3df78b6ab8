-- new in 1.1
-- ---------------------------------------------------------------------------
-- dashboard: the BI views of the evaluation job (issue 16, points 4 and 5)
-- ---------------------------------------------------------------------------
-- Invariants every view keeps (sql/ops/dashboard_invariants.sql checks them
-- over all views of schema pmkt):
--  * a series has source_schema, period (date: the month evaluated) and
--    run_at (timestamptz); months are dates (first day);
--  * "latest" is one definition, pmkt.v_latest_run: per source, the run of
--    the latest period; every is_latest_period column is computed from it,
--    so all tiles of a dashboard filtered on it show the same run;
--  * rates are fractions (0.25 = 25 %) everywhere; a column holding a
--    percent says so in its name (suffix _pct), and no view has a measure
--    both as a fraction and as a percent;
--  * yes/no values are boolean; model names carry no schema prefix (the
--    source is its own column);
--  * wide views have a long form (source_schema, period, month, measure,
--    value) for multi-series charts;
--  * every view and column is commented.

CREATE TABLE pmkt.history_channel_monthly (
    source_schema   text NOT NULL,
    period          date NOT NULL,
    month           date NOT NULL,
    channel         text NOT NULL,
    investment      float8,
    impressions     bigint,
    clicks          bigint,
    ctr             float8,
    conversions     bigint,
    conversion_rate float8,
    new_customers   bigint,
    sales           float8,
    roi             float8,
    cac             float8,
    run_at          timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, month, channel),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_channel_monthly IS
'per-channel campaign figures per month, every campaign month up to the period, per evaluation run';
COMMENT ON COLUMN pmkt.history_channel_monthly.source_schema IS 'the source whose tables were analysed';
COMMENT ON COLUMN pmkt.history_channel_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_channel_monthly.month IS 'the campaign month';
COMMENT ON COLUMN pmkt.history_channel_monthly.channel IS 'marketing channel';
COMMENT ON COLUMN pmkt.history_channel_monthly.investment IS 'spend in the month';
COMMENT ON COLUMN pmkt.history_channel_monthly.impressions IS 'impressions';
COMMENT ON COLUMN pmkt.history_channel_monthly.clicks IS 'clicks';
COMMENT ON COLUMN pmkt.history_channel_monthly.ctr IS 'click-through rate, clicks / impressions (fraction)';
COMMENT ON COLUMN pmkt.history_channel_monthly.conversions IS 'conversions';
COMMENT ON COLUMN pmkt.history_channel_monthly.conversion_rate IS 'conversions / clicks (fraction)';
COMMENT ON COLUMN pmkt.history_channel_monthly.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.history_channel_monthly.sales IS 'revenue attributed to the channel';
COMMENT ON COLUMN pmkt.history_channel_monthly.roi IS 'return on investment as a fraction, (sales - investment) / investment';
COMMENT ON COLUMN pmkt.history_channel_monthly.cac IS 'customer acquisition cost, investment / new customers';
COMMENT ON COLUMN pmkt.history_channel_monthly.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_channel_monthly', '');

CREATE TABLE pmkt.history_kpi_monthly (
    source_schema      text NOT NULL,
    period             date NOT NULL,
    month              date NOT NULL,
    revenue            float8 NOT NULL,
    orders             bigint NOT NULL,
    customers          bigint NOT NULL,
    new_customers      bigint NOT NULL,
    repeat_customers   bigint NOT NULL,
    repeat_rate        float8,
    marketing_spend    float8,
    acquired_customers bigint,
    cac                float8,
    campaign_revenue   float8,
    roi                float8,
    run_at             timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, month),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_kpi_monthly IS
'the shop''s monthly KPIs, every month from the first order to the period (months in the run''s time zone), per evaluation run';
COMMENT ON COLUMN pmkt.history_kpi_monthly.source_schema IS 'the source whose tables were analysed';
COMMENT ON COLUMN pmkt.history_kpi_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_kpi_monthly.month IS 'the calendar month of the figures';
COMMENT ON COLUMN pmkt.history_kpi_monthly.revenue IS 'order amount in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.orders IS 'orders in the month (distinct order ids; rows without an order_id column)';
COMMENT ON COLUMN pmkt.history_kpi_monthly.customers IS 'customers who ordered in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.new_customers IS 'of them, customers whose first order was in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.repeat_customers IS 'of them, customers who had ordered in an earlier month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.repeat_rate IS 'repeat_customers / customers (fraction); NULL without orders';
COMMENT ON COLUMN pmkt.history_kpi_monthly.marketing_spend IS 'campaign spend of all channels in the month; NULL without campaign data';
COMMENT ON COLUMN pmkt.history_kpi_monthly.acquired_customers IS 'new customers reported by the campaigns in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.cac IS 'customer acquisition cost, pmkt.cac(marketing_spend, acquired_customers)';
COMMENT ON COLUMN pmkt.history_kpi_monthly.campaign_revenue IS 'revenue attributed to the campaigns in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.roi IS 'campaign return on investment as a fraction, (campaign_revenue - marketing_spend) / marketing_spend';
COMMENT ON COLUMN pmkt.history_kpi_monthly.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_kpi_monthly', '');

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
       r.created_by::text AS created_by,
       r.run_source_schema AS source_schema,
       r.run_period AS period,
       CASE WHEN r.run_source_schema IS NOT NULL AND starts_with(r.name, r.run_source_schema || '.')
            THEN substr(r.name, length(r.run_source_schema) + 2) ELSE r.name END AS model_name,
       (l.period IS NOT NULL) AS is_latest_period,
       h.run_at
FROM pmkt.model_registry r
LEFT JOIN pmkt.history_runs h ON h.source_schema = r.run_source_schema AND h.period = r.run_period
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = r.run_source_schema AND l.period = r.run_period;
COMMENT ON VIEW pmkt.v_model_registry IS
'BI view of pmkt.model_registry: one row per saved model version, without the model itself; JSON columns as text';
COMMENT ON COLUMN pmkt.v_model_registry.id IS 'registry id, increasing in save order';
COMMENT ON COLUMN pmkt.v_model_registry.name IS 'model name in the registry (for a run''s model <source>.<model>)';
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
COMMENT ON COLUMN pmkt.v_model_registry.source_schema IS 'for a model saved by pmkt.run_evaluation, the source of its run; NULL otherwise';
COMMENT ON COLUMN pmkt.v_model_registry.period IS 'for a model saved by pmkt.run_evaluation, the period of its run; NULL otherwise';
COMMENT ON COLUMN pmkt.v_model_registry.model_name IS 'the model''s name without the source prefix (rfm_kmeans, sales_ols, ...)';
COMMENT ON COLUMN pmkt.v_model_registry.is_latest_period IS 'true for the versions saved by the latest run of their source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_model_registry.run_at IS 'for a model saved by pmkt.run_evaluation, when its run started; NULL otherwise';

CREATE VIEW pmkt.v_model_metrics AS
SELECT m.source_schema,
       m.period,
       CASE WHEN starts_with(m.model_name, m.source_schema || '.')
            THEN substr(m.model_name, length(m.source_schema) + 2) ELSE m.model_name END AS model_name,
       m.kind,
       m.metric,
       m.value,
       m.flag,
       m.registry_version,
       m.model_name AS registry_name,
       (l.period IS NOT NULL) AS is_latest_period,
       m.run_at
FROM pmkt.history_model_metrics m
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = m.source_schema AND l.period = m.period;
COMMENT ON VIEW pmkt.v_model_metrics IS
'BI view of the model metrics recorded by each evaluation run (long format: one row per source schema, period, model and metric), for charting a metric over periods';
COMMENT ON COLUMN pmkt.v_model_metrics.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_model_metrics.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_model_metrics.model_name IS 'the model''s name without the source prefix (rfm_kmeans, sales_ols, ...)';
COMMENT ON COLUMN pmkt.v_model_metrics.kind IS 'kind of model';
COMMENT ON COLUMN pmkt.v_model_metrics.metric IS 'metric name';
COMMENT ON COLUMN pmkt.v_model_metrics.value IS 'metric value; NULL for a yes/no metric';
COMMENT ON COLUMN pmkt.v_model_metrics.flag IS 'the value of a yes/no metric (converged, ...); NULL for a numeric metric';
COMMENT ON COLUMN pmkt.v_model_metrics.registry_version IS 'the model version saved by the run (NULL when not saved)';
COMMENT ON COLUMN pmkt.v_model_metrics.registry_name IS 'the model''s name in pmkt.model_registry (<source>.<model>)';
COMMENT ON COLUMN pmkt.v_model_metrics.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_model_metrics.run_at IS 'when the run started';

CREATE VIEW pmkt.v_segment_summary AS
SELECT s.source_schema,
       s.period,
       s.segment,
       s.customers,
       s.share,
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
       (l.period IS NOT NULL) AS is_latest_period,
       s.run_at
FROM pmkt.history_segment_summary s
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = s.source_schema AND l.period = s.period;
COMMENT ON VIEW pmkt.v_segment_summary IS
'BI view: customer segments per evaluation run (size, share, average RFM, strategy); filter is_latest_period for the current picture';
COMMENT ON COLUMN pmkt.v_segment_summary.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_segment_summary.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_segment_summary.segment IS 'segment name (frequent, occasional, new; no_orders for customers without orders)';
COMMENT ON COLUMN pmkt.v_segment_summary.customers IS 'customers in the segment';
COMMENT ON COLUMN pmkt.v_segment_summary.share IS 'share of all customers (fraction)';
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
COMMENT ON COLUMN pmkt.v_segment_summary.expected_roi IS 'planned ROI (fraction)';
COMMENT ON COLUMN pmkt.v_segment_summary.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
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
       c.roi / 100 AS roi,
       c.cac,
       (l.period IS NOT NULL) AS is_latest_period,
       c.run_at
FROM pmkt.history_channel_metrics c
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = c.source_schema AND l.period = c.period;
COMMENT ON VIEW pmkt.v_channel_effectiveness IS
'BI view: per-channel investment, CTR, conversion rate, sales, sales growth, ROI and CAC over the trailing window (channel_months) of each evaluation run; pmkt.v_channel_monthly has the monthly series';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.period IS 'the month evaluated (first day of the month), last month of the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.channel IS 'marketing channel';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.first_month IS 'first month of the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.months IS 'campaign months of the channel in the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.investment IS 'total spend';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.impressions IS 'total impressions';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.clicks IS 'total clicks';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.ctr IS 'click-through rate (fraction)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.conversions IS 'total conversions';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.conversion_rate IS 'conversions / clicks (fraction)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.sales IS 'total revenue';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.sales_growth IS 'revenue growth of the later half of the window over the earlier half (fraction)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.roi IS 'return on investment as a fraction, (sales - investment) / investment (0.5 = 50 %; pmkt 1.0 showed it x 100)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.cac IS 'customer acquisition cost';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.run_at IS 'when the run started';

CREATE VIEW pmkt.v_channel_monthly AS
SELECT c.source_schema,
       c.period,
       c.month,
       c.channel,
       c.investment,
       c.impressions,
       c.clicks,
       c.ctr,
       c.conversions,
       c.conversion_rate,
       c.new_customers,
       c.sales,
       c.roi,
       c.cac,
       (l.period IS NOT NULL) AS is_latest_period,
       c.run_at
FROM pmkt.history_channel_monthly c
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = c.source_schema AND l.period = c.period;
COMMENT ON VIEW pmkt.v_channel_monthly IS
'BI view: per-channel campaign figures per month (a time series; every campaign month up to the period), per evaluation run';
COMMENT ON COLUMN pmkt.v_channel_monthly.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_channel_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_channel_monthly.month IS 'the campaign month (time axis)';
COMMENT ON COLUMN pmkt.v_channel_monthly.channel IS 'marketing channel';
COMMENT ON COLUMN pmkt.v_channel_monthly.investment IS 'spend in the month';
COMMENT ON COLUMN pmkt.v_channel_monthly.impressions IS 'impressions';
COMMENT ON COLUMN pmkt.v_channel_monthly.clicks IS 'clicks';
COMMENT ON COLUMN pmkt.v_channel_monthly.ctr IS 'click-through rate (fraction)';
COMMENT ON COLUMN pmkt.v_channel_monthly.conversions IS 'conversions';
COMMENT ON COLUMN pmkt.v_channel_monthly.conversion_rate IS 'conversions / clicks (fraction)';
COMMENT ON COLUMN pmkt.v_channel_monthly.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.v_channel_monthly.sales IS 'revenue attributed to the channel';
COMMENT ON COLUMN pmkt.v_channel_monthly.roi IS 'return on investment as a fraction';
COMMENT ON COLUMN pmkt.v_channel_monthly.cac IS 'customer acquisition cost';
COMMENT ON COLUMN pmkt.v_channel_monthly.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_channel_monthly.run_at IS 'when the run started';

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
       (l.period IS NOT NULL) AS is_latest_period,
       h.run_at
FROM pmkt.history_cohort_metrics h
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = h.source_schema AND l.period = h.period;
COMMENT ON VIEW pmkt.v_clv_cac_by_cohort IS
'BI view: average customer lifetime value, acquisition cost and their ratio per signup cohort (month), per evaluation run; every month from the first signup to the period has a row (0 customers for a month without signups)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.cohort_month IS 'signup month of the cohort';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.customers IS 'customers who signed up in the month (0 for a month without signups)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.buyers IS 'of them, customers with an order up to the end of the period';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.buyer_share IS 'buyers / customers (fraction); NULL without customers';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.revenue IS 'order amount of the cohort up to the end of the period';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.avg_clv IS 'average customer lifetime value so far (discounted monthly margin; see pmkt.history_cohort_metrics); NULL without customers';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.acquisition_spend IS 'campaign spend in the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.new_customers IS 'new customers reported by the campaigns in the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.cac IS 'customer acquisition cost of the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.clv_cac_ratio IS 'avg_clv / cac: lifetime value per unit of acquisition cost';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.run_at IS 'when the run started';

CREATE VIEW pmkt.v_clv_cac_long AS
SELECT v.source_schema, v.period, v.cohort_month AS month, x.measure, x.value, v.is_latest_period, v.run_at
FROM pmkt.v_clv_cac_by_cohort v
CROSS JOIN LATERAL (VALUES ('customers', v.customers::float8), ('buyers', v.buyers::float8),
                           ('buyer_share', v.buyer_share), ('revenue', v.revenue),
                           ('avg_clv', v.avg_clv), ('acquisition_spend', v.acquisition_spend),
                           ('new_customers', v.new_customers::float8), ('cac', v.cac),
                           ('clv_cac_ratio', v.clv_cac_ratio)) x(measure, value);
COMMENT ON VIEW pmkt.v_clv_cac_long IS
'long form of pmkt.v_clv_cac_by_cohort (one row per cohort month and measure) for multi-series charts';
COMMENT ON COLUMN pmkt.v_clv_cac_long.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_clv_cac_long.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_clv_cac_long.month IS 'the signup month of the cohort';
COMMENT ON COLUMN pmkt.v_clv_cac_long.measure IS 'the column of pmkt.v_clv_cac_by_cohort (customers, buyers, buyer_share, revenue, avg_clv, acquisition_spend, new_customers, cac, clv_cac_ratio)';
COMMENT ON COLUMN pmkt.v_clv_cac_long.value IS 'its value (shares as fractions)';
COMMENT ON COLUMN pmkt.v_clv_cac_long.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_clv_cac_long.run_at IS 'when the run started';

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
       (l.period IS NOT NULL) AS is_latest_period,
       s.run_at
FROM pmkt.history_aisas_scores s
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = s.source_schema AND l.period = s.period
GROUP BY s.source_schema, s.period, s.month, s.run_at, l.period;
COMMENT ON VIEW pmkt.v_aisas_monthly IS
'BI view: the AISAS indices (mean over business units) and the composite score (mean, min, max over units) per month, per evaluation run; pmkt.v_aisas_long is its long form';
COMMENT ON COLUMN pmkt.v_aisas_monthly.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_aisas_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.month IS 'the month of the indices';
COMMENT ON COLUMN pmkt.v_aisas_monthly.units IS 'business units with all 17 indices in the month';
COMMENT ON COLUMN pmkt.v_aisas_monthly.mean_score IS 'mean composite score over the units';
COMMENT ON COLUMN pmkt.v_aisas_monthly.min_score IS 'lowest composite score of a unit';
COMMENT ON COLUMN pmkt.v_aisas_monthly.max_score IS 'highest composite score of a unit';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b11_ad_impressions IS 'mean B11 online ad impressions';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b12_brand_recognition IS 'mean B12 brand recognition (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b21_page_views IS 'mean B21 page views';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b22_favourite_ratio IS 'mean B22 favourite ratio (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b31_keyword_searches IS 'mean B31 keyword searches';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b32_keyword_search_index IS 'mean B32 keyword search index (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b33_related_searches IS 'mean B33 related-word searches';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b34_related_search_index IS 'mean B34 related-word search index (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b41_conversion_rate IS 'mean B41 conversion rate (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b42_order_growth IS 'mean B42 month-on-month order growth (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b43_purchaser_growth IS 'mean B43 month-on-month purchaser growth (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b44_standard_purchase_growth IS 'mean B44 month-on-month growth of standard purchasers (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b45_amount_growth IS 'mean B45 month-on-month purchase amount growth (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b51_topics IS 'mean B51 topics posted';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b52_replies IS 'mean B52 topic replies';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b53_reviews IS 'mean B53 product reviews';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b54_reposts IS 'mean B54 product reposts';
COMMENT ON COLUMN pmkt.v_aisas_monthly.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.run_at IS 'when the run started';

CREATE VIEW pmkt.v_aisas_long AS
SELECT v.source_schema, v.period, v.month, x.measure, x.value, v.is_latest_period, v.run_at
FROM pmkt.v_aisas_monthly v
CROSS JOIN LATERAL (VALUES ('mean_score', v.mean_score), ('min_score', v.min_score), ('max_score', v.max_score),
    ('b11_ad_impressions', v.b11_ad_impressions), ('b12_brand_recognition', v.b12_brand_recognition),
    ('b21_page_views', v.b21_page_views), ('b22_favourite_ratio', v.b22_favourite_ratio),
    ('b31_keyword_searches', v.b31_keyword_searches), ('b32_keyword_search_index', v.b32_keyword_search_index),
    ('b33_related_searches', v.b33_related_searches), ('b34_related_search_index', v.b34_related_search_index),
    ('b41_conversion_rate', v.b41_conversion_rate), ('b42_order_growth', v.b42_order_growth),
    ('b43_purchaser_growth', v.b43_purchaser_growth), ('b44_standard_purchase_growth', v.b44_standard_purchase_growth),
    ('b45_amount_growth', v.b45_amount_growth), ('b51_topics', v.b51_topics), ('b52_replies', v.b52_replies),
    ('b53_reviews', v.b53_reviews), ('b54_reposts', v.b54_reposts)) x(measure, value);
COMMENT ON VIEW pmkt.v_aisas_long IS
'long form of pmkt.v_aisas_monthly (one row per month and measure: the composite score''s mean, min and max and the 17 mean indices) for multi-series charts';
COMMENT ON COLUMN pmkt.v_aisas_long.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_aisas_long.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_aisas_long.month IS 'the month of the indices';
COMMENT ON COLUMN pmkt.v_aisas_long.measure IS 'the column of pmkt.v_aisas_monthly';
COMMENT ON COLUMN pmkt.v_aisas_long.value IS 'its value (ratios as fractions)';
COMMENT ON COLUMN pmkt.v_aisas_long.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_aisas_long.run_at IS 'when the run started';

CREATE VIEW pmkt.v_kpi_monthly AS
SELECT k.source_schema, k.period, k.month, k.revenue, k.orders, k.customers, k.new_customers,
       k.repeat_customers, k.repeat_rate, k.marketing_spend, k.acquired_customers, k.cac,
       k.campaign_revenue, k.roi,
       (l.period IS NOT NULL) AS is_latest_period,
       k.run_at
FROM pmkt.history_kpi_monthly k
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = k.source_schema AND l.period = k.period;
COMMENT ON VIEW pmkt.v_kpi_monthly IS
'BI view: the monthly KPI series (revenue, orders, customers, new customers, repeat rate, CAC, ROI), every month from the first order to the period, per evaluation run';
COMMENT ON COLUMN pmkt.v_kpi_monthly.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_kpi_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_kpi_monthly.month IS 'the calendar month of the figures (time axis)';
COMMENT ON COLUMN pmkt.v_kpi_monthly.revenue IS 'order amount in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.orders IS 'orders in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.customers IS 'customers who ordered in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.new_customers IS 'customers whose first order was in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.repeat_customers IS 'customers of the month who had ordered in an earlier month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.repeat_rate IS 'repeat_customers / customers (fraction)';
COMMENT ON COLUMN pmkt.v_kpi_monthly.marketing_spend IS 'campaign spend in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.acquired_customers IS 'new customers reported by the campaigns';
COMMENT ON COLUMN pmkt.v_kpi_monthly.cac IS 'customer acquisition cost, marketing_spend / acquired_customers';
COMMENT ON COLUMN pmkt.v_kpi_monthly.campaign_revenue IS 'revenue attributed to the campaigns';
COMMENT ON COLUMN pmkt.v_kpi_monthly.roi IS 'campaign return on investment as a fraction';
COMMENT ON COLUMN pmkt.v_kpi_monthly.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_kpi_monthly.run_at IS 'when the run started';

CREATE VIEW pmkt.v_kpi_long AS
SELECT v.source_schema, v.period, v.month, x.measure, x.value, v.is_latest_period, v.run_at
FROM pmkt.v_kpi_monthly v
CROSS JOIN LATERAL (VALUES ('revenue', v.revenue), ('orders', v.orders::float8), ('customers', v.customers::float8),
    ('new_customers', v.new_customers::float8), ('repeat_customers', v.repeat_customers::float8),
    ('repeat_rate', v.repeat_rate), ('marketing_spend', v.marketing_spend),
    ('acquired_customers', v.acquired_customers::float8), ('cac', v.cac),
    ('campaign_revenue', v.campaign_revenue), ('roi', v.roi)) x(measure, value);
COMMENT ON VIEW pmkt.v_kpi_long IS
'long form of pmkt.v_kpi_monthly (one row per month and measure) for multi-series charts';
COMMENT ON COLUMN pmkt.v_kpi_long.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_kpi_long.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_kpi_long.month IS 'the calendar month';
COMMENT ON COLUMN pmkt.v_kpi_long.measure IS 'the column of pmkt.v_kpi_monthly';
COMMENT ON COLUMN pmkt.v_kpi_long.value IS 'its value (rates as fractions)';
COMMENT ON COLUMN pmkt.v_kpi_long.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_kpi_long.run_at IS 'when the run started';

-- the run before each run of a source (the latest earlier period with segments)
CREATE VIEW pmkt.v_segment_migration AS
WITH runs AS (
    SELECT r.source_schema, r.period, r.run_at,
           (SELECT max(p.period) FROM pmkt.history_segment_summary p
            WHERE p.source_schema = r.source_schema AND p.period < r.period) AS previous_period
    FROM pmkt.history_runs r)
SELECT r.source_schema,
       r.period,
       r.previous_period,
       coalesce(p.segment, 'none') AS from_segment,
       c.segment AS to_segment,
       count(*) AS customers,
       count(*)::float8 / sum(count(*)) OVER (PARTITION BY r.source_schema, r.period, coalesce(p.segment, 'none')) AS share_of_from,
       (l.period IS NOT NULL) AS is_latest_period,
       r.run_at
FROM runs r
JOIN pmkt.history_customer_segments c ON c.source_schema = r.source_schema AND c.period = r.period
LEFT JOIN pmkt.history_customer_segments p
       ON p.source_schema = r.source_schema AND p.period = r.previous_period AND p.customer_id = c.customer_id
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = r.source_schema AND l.period = r.period
WHERE r.previous_period IS NOT NULL
GROUP BY r.source_schema, r.period, r.previous_period, coalesce(p.segment, 'none'), c.segment, l.period, r.run_at;
COMMENT ON VIEW pmkt.v_segment_migration IS
'BI view: customers moving between segments from the previous evaluated period to each period (rows of a run that has an earlier run with segments)';
COMMENT ON COLUMN pmkt.v_segment_migration.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_segment_migration.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_segment_migration.previous_period IS 'the latest earlier period evaluated for the source';
COMMENT ON COLUMN pmkt.v_segment_migration.from_segment IS 'the customers'' segment in the previous period (none: not a customer then)';
COMMENT ON COLUMN pmkt.v_segment_migration.to_segment IS 'their segment in the period';
COMMENT ON COLUMN pmkt.v_segment_migration.customers IS 'customers moving from from_segment to to_segment';
COMMENT ON COLUMN pmkt.v_segment_migration.share_of_from IS 'customers / all customers of from_segment (fraction)';
COMMENT ON COLUMN pmkt.v_segment_migration.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_segment_migration.run_at IS 'when the run started';

CREATE VIEW pmkt.v_customer_segment_current AS
SELECT c.source_schema,
       c.period,
       c.customer_id,
       c.segment,
       c.cluster,
       c.rfm_cell,
       c.recency_days,
       c.frequency,
       c.monetary,
       p.period AS previous_period,
       p.segment AS previous_segment,
       true AS is_latest_period,
       c.run_at
FROM pmkt.v_latest_run l
JOIN pmkt.history_customer_segments c ON c.source_schema = l.source_schema AND c.period = l.period
LEFT JOIN LATERAL (SELECT max(s.period) AS period FROM pmkt.history_segment_summary s
                   WHERE s.source_schema = l.source_schema AND s.period < l.period) pp ON true
LEFT JOIN pmkt.history_customer_segments p
       ON p.source_schema = c.source_schema AND p.period = pp.period AND p.customer_id = c.customer_id;
COMMENT ON VIEW pmkt.v_customer_segment_current IS
'BI view: every customer''s current segment and cluster (the latest run of each source, pmkt.v_latest_run) with the segment of the previous run';
COMMENT ON COLUMN pmkt.v_customer_segment_current.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_customer_segment_current.period IS 'the latest month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_customer_segment_current.customer_id IS 'the customer';
COMMENT ON COLUMN pmkt.v_customer_segment_current.segment IS 'the segment at the end of the period';
COMMENT ON COLUMN pmkt.v_customer_segment_current.cluster IS 'the k-means cluster (labels matched across periods); NULL without orders';
COMMENT ON COLUMN pmkt.v_customer_segment_current.rfm_cell IS 'the RFM cell (three scores)';
COMMENT ON COLUMN pmkt.v_customer_segment_current.recency_days IS 'days from the last order to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_segment_current.frequency IS 'orders up to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_segment_current.monetary IS 'total order amount up to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_segment_current.previous_period IS 'the previous evaluated period; NULL when there is none';
COMMENT ON COLUMN pmkt.v_customer_segment_current.previous_segment IS 'the customer''s segment in the previous period; NULL when not a customer then';
COMMENT ON COLUMN pmkt.v_customer_segment_current.is_latest_period IS 'always true: the view shows the latest run only';
COMMENT ON COLUMN pmkt.v_customer_segment_current.run_at IS 'when the run started';
