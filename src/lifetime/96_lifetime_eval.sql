-- new in 1.1
-- ---------------------------------------------------------------------------
-- lifetime in the scheduled evaluation: per-customer P(alive), expected
-- purchases and CLV per run, the models saved in the registry, a BI view
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.history_customer_lifetime (
    source_schema      text NOT NULL,
    period             date NOT NULL,
    customer_id        bigint NOT NULL,
    frequency          bigint NOT NULL,
    recency_days       float8 NOT NULL,
    age_days           float8 NOT NULL,
    monetary_value     float8 NOT NULL,
    p_alive            float8,
    expected_purchases float8,
    expected_spend     float8,
    clv                float8,
    run_at             timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, customer_id),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_customer_lifetime IS
'predicted customer value of every customer with orders up to the end of the period, per evaluation run: BG/NBD purchase model and Gamma-Gamma spend model fitted on the run''s lifetimes summary (unit day)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_customer_lifetime.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.customer_id IS 'the customer (every customer with an order up to the end of the period)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.frequency IS 'repeat purchase days up to the end of the period (purchase days - 1)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.recency_days IS 'days from the first to the last purchase day';
COMMENT ON COLUMN pmkt.history_customer_lifetime.age_days IS 'days from the first purchase day to the end of the period (lifetimes'' T)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.monetary_value IS 'mean amount of the repeat purchase days (0 without repeat purchase)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.p_alive IS 'probability that the customer is still active (BG/NBD); NULL when the purchase model could not be fitted';
COMMENT ON COLUMN pmkt.history_customer_lifetime.expected_purchases IS 'expected purchase days in the next 90 days (BG/NBD); NULL when the purchase model could not be fitted';
COMMENT ON COLUMN pmkt.history_customer_lifetime.expected_spend IS 'expected amount per purchase (Gamma-Gamma); NULL when the spend model could not be fitted';
COMMENT ON COLUMN pmkt.history_customer_lifetime.clv IS 'discounted customer lifetime value over the next 12 months at the run''s monthly discount rate (lifetimes'' customer_lifetime_value); NULL when a model could not be fitted';
COMMENT ON COLUMN pmkt.history_customer_lifetime.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_customer_lifetime', '');

CREATE FUNCTION pmkt.evaluation_lifetime(source_schema text, period date, run_at timestamptz,
                                         as_of timestamptz, discount_rate float8 DEFAULT 0.01,
                                         save_models boolean DEFAULT true,
                                         OUT done text[], OUT skipped text[])
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_model pmkt.clv_model;
    v_spend pmkt.clv_model;
    v_q     text;
    v_why   text;
BEGIN
    done := '{}';
    skipped := '{}';
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL THEN
        skipped := skipped || format('lifetime (%s.orders is missing)', source_schema);
        RETURN;
    END IF;
    IF NOT pg_catalog.has_table_privilege('pmkt.history_customer_lifetime', 'INSERT') THEN
        skipped := skipped || 'lifetime (no INSERT privilege on pmkt.history_customer_lifetime)'::text;
        RETURN;
    END IF;
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_lifetime') IS NOT NULL THEN
        -- dropped by bare name (search_path is pg_catalog, pg_temp): on a Citus
        -- coordinator DDL naming pg_temp fails (schema "pg_temp" does not exist)
        DROP TABLE pmkt_eval_lifetime;
    END IF;
    CREATE TEMP TABLE pmkt_eval_lifetime AS
    SELECT * FROM pmkt.clv_summary('pg_temp.pmkt_eval_orders'::regclass, observation_end => as_of);
    v_q := 'SELECT frequency, recency, t FROM pg_temp.pmkt_eval_lifetime';
    BEGIN
        v_model := pmkt.clv_fit(v_q, 'bgnbd', unit => 'day');
    EXCEPTION WHEN data_exception OR invalid_parameter_value OR program_limit_exceeded THEN
        GET STACKED DIAGNOSTICS v_why = MESSAGE_TEXT;
        skipped := skipped || format('clv_bgnbd (%s)', v_why);
    END;
    BEGIN
        v_spend := pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM pg_temp.pmkt_eval_lifetime WHERE monetary_value > 0',
                                      max_iterations => 200, allow_nonconverged => true);
    EXCEPTION WHEN data_exception OR invalid_parameter_value OR program_limit_exceeded THEN
        GET STACKED DIAGNOSTICS v_why = MESSAGE_TEXT;
        skipped := skipped || format('clv_gamma_gamma (%s)', v_why);
    END;
    INSERT INTO pmkt.history_customer_lifetime
        (source_schema, period, customer_id, frequency, recency_days, age_days, monetary_value,
         p_alive, expected_purchases, expected_spend, clv, run_at)
    SELECT evaluation_lifetime.source_schema, evaluation_lifetime.period, s.customer_id, s.frequency,
           s.recency, s.t, s.monetary_value,
           pmkt.clv_p_alive(v_model, s.frequency, s.recency, s.t),
           pmkt.clv_expected_purchases(v_model, 90, s.frequency, s.recency, s.t),
           CASE WHEN (v_spend).params[2] > 1 THEN pmkt.clv_expected_spend(v_spend, s.frequency, s.monetary_value) END,
           CASE WHEN (v_spend).params[2] > 1
                THEN pmkt.clv_value(v_model, v_spend, s.frequency, s.recency, s.t, s.monetary_value,
                                    12, evaluation_lifetime.discount_rate) END,
           evaluation_lifetime.run_at
    FROM pg_temp.pmkt_eval_lifetime s;
    IF NOT (v_model IS NULL) THEN  -- a composite: IS NOT NULL would need every field set
        PERFORM pmkt.evaluation_record_model(source_schema, period, run_at,
            source_schema || '.clv_bgnbd', 'bgnbd', 'pmkt.clv_model', v_model::text,
            jsonb_build_object('unit', 'day', 'observation_end', as_of),
            format('SELECT frequency, recency, t FROM pmkt.history_customer_lifetime '
                   'WHERE source_schema = %L AND period = %L', source_schema, period),
            jsonb_build_object('log_likelihood', (v_model).log_likelihood, 'n', (v_model).n,
                               'iterations', (v_model).iterations, 'converged', (v_model).converged,
                               'r', (v_model).params[1], 'alpha', (v_model).params[2],
                               'a', (v_model).params[3], 'b', (v_model).params[4]),
            save_models);
        done := done || 'clv_bgnbd'::text;
    END IF;
    IF NOT (v_spend IS NULL) THEN
        PERFORM pmkt.evaluation_record_model(source_schema, period, run_at,
            source_schema || '.clv_gamma_gamma', 'gamma_gamma', 'pmkt.clv_model', v_spend::text,
            jsonb_build_object('unit', 'day', 'observation_end', as_of),
            format('SELECT frequency, monetary_value FROM pmkt.history_customer_lifetime '
                   'WHERE source_schema = %L AND period = %L AND monetary_value > 0', source_schema, period),
            jsonb_build_object('log_likelihood', (v_spend).log_likelihood, 'n', (v_spend).n,
                               'iterations', (v_spend).iterations, 'converged', (v_spend).converged,
                               'p', (v_spend).params[1], 'q', (v_spend).params[2], 'v', (v_spend).params[3],
                               'spend_correlation', (v_spend).spend_correlation),
            save_models);
        done := done || 'clv_gamma_gamma'::text;
    END IF;
    DROP TABLE pmkt_eval_lifetime;
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_lifetime(text, date, timestamptz, timestamptz, float8, boolean) IS
'the lifetime step of pmkt.run_evaluation: summarises pg_temp.pmkt_eval_orders (the run''s orders up to as_of) in days, fits BG/NBD and Gamma-Gamma (a fit that fails is listed in skipped with its reason and its columns stay NULL; a Gamma-Gamma fit that does not converge in 200 iterations is used with its last parameters, converged = false in its metrics), writes pmkt.history_customer_lifetime and records the models (<source_schema>.clv_bgnbd, <source_schema>.clv_gamma_gamma; saved in the registry with save_models); returns the steps done and skipped';

CREATE VIEW pmkt.v_customer_lifetime AS
SELECT l.source_schema,
       l.period,
       l.customer_id,
       s.segment,
       l.frequency,
       l.recency_days,
       l.age_days,
       l.monetary_value,
       l.p_alive,
       l.expected_purchases,
       l.expected_spend,
       l.clv,
       l.run_at,
       (lr.period IS NOT NULL) AS is_latest_period
FROM pmkt.history_customer_lifetime l
LEFT JOIN pmkt.history_customer_segments s
       ON s.source_schema = l.source_schema AND s.period = l.period AND s.customer_id = l.customer_id
LEFT JOIN pmkt.v_latest_run lr ON lr.source_schema = l.source_schema AND lr.period = l.period;
COMMENT ON VIEW pmkt.v_customer_lifetime IS
'BI view: per customer and evaluated month, the probability of being active, expected purchases in 90 days, expected spend and 12-month CLV, with the customer''s RFM segment of the same run';
COMMENT ON COLUMN pmkt.v_customer_lifetime.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.v_customer_lifetime.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.customer_id IS 'the customer';
COMMENT ON COLUMN pmkt.v_customer_lifetime.segment IS 'the customer''s RFM segment in the same run (frequent, occasional, new); NULL when the segments step did not run';
COMMENT ON COLUMN pmkt.v_customer_lifetime.frequency IS 'repeat purchase days up to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_lifetime.recency_days IS 'days from the first to the last purchase day';
COMMENT ON COLUMN pmkt.v_customer_lifetime.age_days IS 'days from the first purchase day to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_lifetime.monetary_value IS 'mean amount of the repeat purchase days (0 without repeat purchase)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.p_alive IS 'probability that the customer is still active (BG/NBD)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.expected_purchases IS 'expected purchase days in the next 90 days (BG/NBD)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.expected_spend IS 'expected amount per purchase (Gamma-Gamma)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.clv IS 'discounted 12-month customer lifetime value (BG/NBD x Gamma-Gamma, monthly discounting)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.run_at IS 'when the run started';
COMMENT ON COLUMN pmkt.v_customer_lifetime.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';

CREATE VIEW pmkt.v_lifetime_segments AS
SELECT l.source_schema,
       l.period,
       s.segment,
       count(*) AS customers,
       avg(l.p_alive) AS avg_p_alive,
       sum(l.p_alive) AS expected_active_customers,
       sum(l.expected_purchases) AS expected_purchases,
       avg(l.expected_purchases) AS avg_expected_purchases,
       avg(l.expected_spend) AS avg_expected_spend,
       avg(l.clv) AS avg_clv,
       sum(l.clv) AS total_clv,
       sum(l.clv) / NULLIF(sum(sum(l.clv)) OVER (PARTITION BY l.source_schema, l.period), 0) AS clv_share,
       l.run_at,
       (lr.period IS NOT NULL) AS is_latest_period
FROM pmkt.history_customer_lifetime l
LEFT JOIN pmkt.history_customer_segments s
       ON s.source_schema = l.source_schema AND s.period = l.period AND s.customer_id = l.customer_id
LEFT JOIN pmkt.v_latest_run lr ON lr.source_schema = l.source_schema AND lr.period = l.period
GROUP BY l.source_schema, l.period, s.segment, l.run_at, (lr.period IS NOT NULL);
COMMENT ON VIEW pmkt.v_lifetime_segments IS
'BI view: predicted customer value per RFM segment and evaluated month (the customers of pmkt.v_customer_lifetime grouped by their segment of the same run): customers, mean P(alive), expected purchases in 90 days, mean expected spend, mean and total 12-month CLV and the segment''s share of the run''s CLV';
COMMENT ON COLUMN pmkt.v_lifetime_segments.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.v_lifetime_segments.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.segment IS 'the RFM segment of the same run (frequent, occasional, new); NULL groups the customers without a segment (the segments step did not run)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.customers IS 'customers of the segment with a lifetime row in the run';
COMMENT ON COLUMN pmkt.v_lifetime_segments.avg_p_alive IS 'mean probability that a customer of the segment is still active (BG/NBD); NULL when the purchase model could not be fitted';
COMMENT ON COLUMN pmkt.v_lifetime_segments.expected_active_customers IS 'expected number of the segment''s customers still active: the sum of their P(alive)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.expected_purchases IS 'expected purchase days of the whole segment in the next 90 days (BG/NBD, sum over its customers)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.avg_expected_purchases IS 'mean expected purchase days per customer of the segment in the next 90 days';
COMMENT ON COLUMN pmkt.v_lifetime_segments.avg_expected_spend IS 'mean expected amount per purchase (Gamma-Gamma); NULL when the spend model could not be fitted';
COMMENT ON COLUMN pmkt.v_lifetime_segments.avg_clv IS 'mean discounted 12-month customer lifetime value of the segment''s customers; NULL when a model could not be fitted';
COMMENT ON COLUMN pmkt.v_lifetime_segments.total_clv IS 'discounted 12-month customer lifetime value of the whole segment (sum over its customers)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.clv_share IS 'the segment''s share of the run''s total CLV (0..1); NULL when the run has no CLV';
COMMENT ON COLUMN pmkt.v_lifetime_segments.run_at IS 'when the run started';
COMMENT ON COLUMN pmkt.v_lifetime_segments.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
