-- operations: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058).
ALTER FUNCTION pmkt.evaluation_source(text, text) SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.evaluation_cleanup() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.evaluation_record_model(text, date, timestamptz, text, text, text, text, jsonb, text, jsonb, boolean)
    SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, text, int, int, boolean)
    SET search_path = pg_catalog, pg_temp;

-- 1.1 (issue 18): run_evaluation gains step 6, the aspect sentiment of the
-- feedback texts (pmkt.evaluation_text, src/text/96_text_eval.sql).
-- 1.1: the lifetime step (pmkt.evaluation_lifetime, src/lifetime/96_lifetime_eval.sql)
CREATE OR REPLACE PROCEDURE pmkt.run_evaluation(source_schema text DEFAULT 'pmkt_demo',
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
