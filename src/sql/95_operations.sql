
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

-- the source table name in source_schema, or NULL when it does not exist
CREATE FUNCTION pmkt.evaluation_source(source_schema text, table_name text)
RETURNS regclass
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT pg_catalog.to_regclass(pg_catalog.format('%I.%I', source_schema, table_name))
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_source(text, text) IS
'the table table_name in schema source_schema as a regclass, NULL when there is none (used by pmkt.run_evaluation to skip steps whose source table is missing)';

CREATE PROCEDURE pmkt.run_evaluation(source_schema text DEFAULT 'pmkt_demo',
                                     period date DEFAULT NULL,
                                     k int DEFAULT 3,
                                     seed bigint DEFAULT 42,
                                     discount_rate float8 DEFAULT 0.01,
                                     margin float8 DEFAULT 0.3,
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
    IF seed IS NULL OR save_models IS NULL THEN
        RAISE EXCEPTION 'seed and save_models must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Omit them to use the defaults (seed 42, save_models true).';
    END IF;
    v_as_of := (v_period + interval '1 month')::timestamptz;
    v_params := jsonb_build_object('k', k, 'seed', seed, 'discount_rate', discount_rate,
                                   'margin', margin, 'save_models', save_models,
                                   'as_of', v_as_of);

    -- one run per (schema, period) at a time; the old rows of this period go
    -- (the other history tables cascade from history_runs)
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('pmkt.run_evaluation'),
                                             pg_catalog.hashtext(v_schema || '/' || v_period));
    DELETE FROM pmkt.history_runs h WHERE h.source_schema = v_schema AND h.period = v_period;
    INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by,
                                   parameters, steps_done, steps_skipped)
    VALUES (v_schema, v_period, v_run_at, clock_timestamp(), current_user, v_params, '', '');

    --STEPS--

    UPDATE pmkt.history_runs h
    SET finished_at = clock_timestamp(),
        steps_done = array_to_string(v_done, ', '),
        steps_skipped = array_to_string(v_skipped, ', ')
    WHERE h.source_schema = v_schema AND h.period = v_period;
    RAISE NOTICE 'pmkt.run_evaluation(%, %): done: %; skipped: %', v_schema, v_period,
        coalesce(nullif(array_to_string(v_done, ', '), ''), 'none'),
        coalesce(nullif(array_to_string(v_skipped, ', '), ''), 'none');
END
$proc$;
COMMENT ON PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, boolean) IS
're-runs the standard analysis on the contract tables of source_schema for period (a month; default the current one, data up to its end): RFM segments of every customer, segment summary, channel metrics, CLV/CAC by cohort, AISAS composite scores, model metrics; writes pmkt.history_* (a re-run of the same period replaces its rows) and, with save_models, saves the trained models to pmkt.model_registry';
