-- new in 1.1
-- ---------------------------------------------------------------------------
-- the evaluation job's classification step (issue 13): a seeded random forest
-- of campaign response (the demo's campaign_responses: a planted logistic
-- model of discount, recency, frequency and channel, src/classify/
-- demo_classify.c), its decile gains table on held-out customers, its
-- importances in pmkt.history_model_metrics; the BI view of the gains table
-- per model
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.history_classify_gains (
    source_schema     text NOT NULL,
    period            date NOT NULL,
    model_name        text NOT NULL,
    bin               int NOT NULL,
    rows              bigint NOT NULL,
    responders        bigint NOT NULL,
    response_rate     float8 NOT NULL,
    min_score         float8 NOT NULL,
    max_score         float8 NOT NULL,
    cum_rows          bigint NOT NULL,
    cum_responders    bigint NOT NULL,
    cum_response_rate float8 NOT NULL,
    gain              float8 NOT NULL,
    lift              float8 NOT NULL,
    cum_lift          float8 NOT NULL,
    run_at            timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, model_name, bin),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_classify_gains IS
'the decile gains table (pmkt.gains_table) of each classifier the evaluation job trains, on its held-out rows, per run; the model''s importances and accuracy are in pmkt.history_model_metrics';
COMMENT ON COLUMN pmkt.history_classify_gains.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_classify_gains.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_classify_gains.model_name IS 'the model (<source_schema>.responses_forest), as in pmkt.history_model_metrics';
COMMENT ON COLUMN pmkt.history_classify_gains.bin IS 'decile, 1 = the highest scores; a run of tied scores stays in the bin where it starts, so a bin may be left out';
COMMENT ON COLUMN pmkt.history_classify_gains.rows IS 'held-out rows in the bin';
COMMENT ON COLUMN pmkt.history_classify_gains.responders IS 'held-out rows of the bin that responded';
COMMENT ON COLUMN pmkt.history_classify_gains.response_rate IS 'responders / rows in the bin';
COMMENT ON COLUMN pmkt.history_classify_gains.min_score IS 'lowest predicted probability in the bin';
COMMENT ON COLUMN pmkt.history_classify_gains.max_score IS 'highest predicted probability in the bin';
COMMENT ON COLUMN pmkt.history_classify_gains.cum_rows IS 'rows in this bin and all better ones';
COMMENT ON COLUMN pmkt.history_classify_gains.cum_responders IS 'responders in this bin and all better ones';
COMMENT ON COLUMN pmkt.history_classify_gains.cum_response_rate IS 'cum_responders / cum_rows';
COMMENT ON COLUMN pmkt.history_classify_gains.gain IS 'cum_responders / all responders: the share of responders reached by targeting down to this bin';
COMMENT ON COLUMN pmkt.history_classify_gains.lift IS 'response_rate / the overall response rate';
COMMENT ON COLUMN pmkt.history_classify_gains.cum_lift IS 'cum_response_rate / the overall response rate';
COMMENT ON COLUMN pmkt.history_classify_gains.run_at IS 'when the run started';
SELECT pg_catalog.pg_extension_config_dump('pmkt.history_classify_gains', '');

CREATE FUNCTION pmkt.evaluation_classify(source_schema text, period date, run_at timestamptz,
                                         save_models boolean)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_src regclass := pmkt.evaluation_source(source_schema, 'campaign_responses');
    v_cols text := 'channel, region, age, recency_days, frequency, monetary, got_discount, responded';
    v_q text;
    v_test text;
    v_n bigint;
    v_pos bigint;
    v_classes bigint;
    v_model pmkt.treemodel;
    v_name text := source_schema || '.responses_forest';
    v_m jsonb;
    v_auc float8;
BEGIN
    IF v_src IS NULL THEN
        RETURN format('responses_forest (%s.campaign_responses is missing)', source_schema);
    END IF;
    v_q := format('SELECT %s FROM %s WHERE pmkt.train_test_split(customer_id::text, 0.3, 42) = ''train''', v_cols, v_src);
    v_test := format('SELECT %s FROM %s WHERE pmkt.train_test_split(customer_id::text, 0.3, 42) = ''test'' '
                     'AND responded IS NOT NULL', v_cols, v_src);
    -- v_n held-out customers, v_pos of them responded
    EXECUTE format('SELECT count(*), count(*) FILTER (WHERE responded) FROM (%s) q', v_test) INTO v_n, v_pos;
    IF v_pos < 10 OR v_n - v_pos < 10 THEN
        RETURN format('responses_forest (%s held-out customers, %s responded: too few to evaluate)', v_n, v_pos);
    END IF;
    EXECUTE format('SELECT count(DISTINCT responded) FROM (%s) q WHERE responded IS NOT NULL', v_q) INTO v_classes;
    IF v_classes < 2 THEN
        RETURN 'responses_forest (the training customers hold a single class)';
    END IF;
    -- a direct second call for the same period replaces, as a re-run does
    DELETE FROM pmkt.history_classify_gains h
     WHERE h.source_schema = evaluation_classify.source_schema AND h.period = evaluation_classify.period;
    v_model := pmkt.forest_train(v_q, 'responded', n_trees => 50, max_features => 'sqrt', seed => 42,
                                 max_depth => 6, min_samples_leaf => 20);
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_scores') IS NOT NULL THEN
        -- dropped by bare name (search_path is pg_catalog, pg_temp): on a Citus
        -- coordinator DDL naming pg_temp fails (schema "pg_temp" does not exist)
        DROP TABLE pmkt_eval_scores;
    END IF;
    CREATE TEMP TABLE pmkt_eval_scores (p float8, y boolean);
    EXECUTE format('INSERT INTO pg_temp.pmkt_eval_scores SELECT pmkt.predict_proba($1, t), t.responded FROM (%s) t', v_test)
        USING v_model;
    SELECT pmkt.roc_auc(s.p, s.y) INTO v_auc FROM pg_temp.pmkt_eval_scores s;
    INSERT INTO pmkt.history_classify_gains
    SELECT source_schema, period, v_name, g.bin, g.rows, g.responders, g.response_rate, g.min_score, g.max_score,
           g.cum_rows, g.cum_responders, g.cum_response_rate, g.gain, g.lift, g.cum_lift, run_at
      FROM (SELECT pmkt.gains_table(s.p, s.y, 10) AS t FROM pg_temp.pmkt_eval_scores s) a,
           unnest(a.t) g;
    SELECT jsonb_build_object('oob_score', (pmkt.tree_model_info(v_model) ->> 'oob_score')::float8,
                              'test_auc', v_auc, 'test_rows', v_n)
           || coalesce(jsonb_object_agg('importance_' || f.feature, f.impurity_importance), '{}')
           || coalesce(jsonb_object_agg('permutation_importance_' || f.feature, f.permutation_importance), '{}')
      INTO v_m FROM pmkt.feature_importance(v_model, digits => NULL) f;
    PERFORM pmkt.evaluation_record_model(source_schema, period, run_at, v_name, 'forest', 'pmkt.treemodel',
        v_model::text,
        jsonb_build_object('target', 'responded',
                           'features', 'channel, region, age, recency_days, frequency, monetary, got_discount',
                           'n_trees', 50, 'max_features', 'sqrt', 'max_depth', 6, 'min_samples_leaf', 20,
                           'seed', 42, 'test_fraction', 0.3, 'split_seed', 42),
        v_q, v_m, save_models);
    DROP TABLE pmkt_eval_scores;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION pmkt.evaluation_classify(text, date, timestamptz, boolean) IS
'the classification step of pmkt.run_evaluation: a seeded random forest (50 trees, depth 6, leaves of 20) of source_schema.campaign_responses.responded (who answered a campaign; the demo plants its drivers: got_discount, recency_days, frequency, channel) on channel, region, age, recency_days, frequency, monetary and got_discount, trained on 70 % of the customers (pmkt.train_test_split(customer_id, 0.3, 42)); its decile gains table on the other 30 % into pmkt.history_classify_gains; OOB accuracy, held-out AUC and the impurity and permutation importances into pmkt.history_model_metrics (and the model into the registry with save_models) as <source_schema>.responses_forest; returns NULL when done, else the reason the step was skipped (a missing table, too few held-out responses, a single class)';

CREATE VIEW pmkt.v_classify_gains AS
SELECT h.source_schema, h.period,
       CASE WHEN starts_with(h.model_name, h.source_schema || '.')
            THEN substr(h.model_name, length(h.source_schema) + 2) ELSE h.model_name END AS model_name,
       h.bin AS decile, h.rows, h.responders,
       round((100 * h.response_rate)::numeric, 1)::float8 AS response_rate_pct,
       round((100 * h.gain)::numeric, 1)::float8 AS cum_gain_pct,
       round(h.lift::numeric, 2)::float8 AS lift,
       round(h.cum_lift::numeric, 2)::float8 AS cum_lift,
       round(h.min_score::numeric, 4)::float8 AS min_score,
       round(h.max_score::numeric, 4)::float8 AS max_score,
       (lr.period IS NOT NULL) AS is_latest_period,
       h.run_at
FROM pmkt.history_classify_gains h
LEFT JOIN pmkt.v_latest_run lr ON lr.source_schema = h.source_schema AND lr.period = h.period;
COMMENT ON VIEW pmkt.v_classify_gains IS
'BI view: the decile gains table of each classifier of each evaluation run (pmkt.history_classify_gains), one row per model and decile';
COMMENT ON COLUMN pmkt.v_classify_gains.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.v_classify_gains.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_classify_gains.model_name IS 'the model (responses_forest; registered as <source_schema>.responses_forest)';
COMMENT ON COLUMN pmkt.v_classify_gains.decile IS '1 = the 10 % of held-out rows with the highest scores';
COMMENT ON COLUMN pmkt.v_classify_gains.rows IS 'held-out rows in the decile';
COMMENT ON COLUMN pmkt.v_classify_gains.responders IS 'of them, those who responded';
COMMENT ON COLUMN pmkt.v_classify_gains.response_rate_pct IS 'responders / rows, in percent (1 decimal)';
COMMENT ON COLUMN pmkt.v_classify_gains.cum_gain_pct IS 'share of all responders in this decile and the better ones, in percent (1 decimal)';
COMMENT ON COLUMN pmkt.v_classify_gains.lift IS 'the decile''s response rate / the overall response rate (2 decimals)';
COMMENT ON COLUMN pmkt.v_classify_gains.cum_lift IS 'the response rate down to this decile / the overall response rate (2 decimals)';
COMMENT ON COLUMN pmkt.v_classify_gains.min_score IS 'lowest predicted probability in the decile (4 decimals)';
COMMENT ON COLUMN pmkt.v_classify_gains.max_score IS 'highest predicted probability in the decile (4 decimals)';
COMMENT ON COLUMN pmkt.v_classify_gains.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_classify_gains.run_at IS 'when the run started';
