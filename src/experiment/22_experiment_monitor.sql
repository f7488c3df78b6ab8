-- new in 1.1
-- ---------------------------------------------------------------------------
-- experiment monitoring (issue 15): registered experiments, a procedure for
-- pg_cron that reports every running one into a history table and NOTIFYs
-- on a decision or a sample-ratio mismatch, and a BI view of the latest
-- report.  Privileges: nothing is granted by the extension; the procedure
-- runs the registered queries as its caller (SECURITY INVOKER).
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.experiments (
    name        text NOT NULL,
    metric      text NOT NULL DEFAULT 'value',
    units_query text NOT NULL,
    shape       text NOT NULL DEFAULT 'value'
                CHECK (shape IN ('value', 'value_covariate', 'ratio')),
    control     text NOT NULL,
    split       float8[],
    test        text NOT NULL DEFAULT 'welch' CHECK (test IN ('welch', 'proportion')),
    decide_by   text NOT NULL DEFAULT 'sequential' CHECK (decide_by IN ('fixed', 'sequential', 'bayesian')),
    alpha       float8 NOT NULL DEFAULT 0.05 CHECK (alpha > 0 AND alpha < 1),
    expected_n  float8 NOT NULL DEFAULT 5000 CHECK (expected_n >= 1 AND expected_n < 'Infinity'),
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    PRIMARY KEY (name, metric)
);
COMMENT ON TABLE pmkt.experiments IS
'registered experiments, one row per (experiment, metric); pmkt.run_experiments() reports every running one (started, not ended)';
COMMENT ON COLUMN pmkt.experiments.name IS 'the experiment''s name (e.g. checkout_button)';
COMMENT ON COLUMN pmkt.experiments.metric IS 'the metric''s label (e.g. spend, conversion); one registry row per metric';
COMMENT ON COLUMN pmkt.experiments.units_query IS 'a query returning one row per unit with columns variant and value (shape value), variant, value and covariate (value_covariate), or variant, numerator, denominator and covariate (ratio)';
COMMENT ON COLUMN pmkt.experiments.shape IS 'value, value_covariate (CUPED) or ratio (numerator / denominator): which pmkt.experiment overload reads units_query';
COMMENT ON COLUMN pmkt.experiments.control IS 'the control variant''s name as it appears in the variant column';
COMMENT ON COLUMN pmkt.experiments.split IS 'planned shares for the SRM check, control first then the other variants in name order; NULL: equal';
COMMENT ON COLUMN pmkt.experiments.test IS 'welch (means) or proportion (0/1 values)';
COMMENT ON COLUMN pmkt.experiments.decide_by IS 'fixed, sequential (always valid: safe to look every day, the default) or bayesian';
COMMENT ON COLUMN pmkt.experiments.alpha IS 'significance level (and 1 - the Bayesian decision threshold)';
COMMENT ON COLUMN pmkt.experiments.expected_n IS 'units expected at the end of the experiment: tunes the sequential test';
COMMENT ON COLUMN pmkt.experiments.started_at IS 'when the experiment started; not reported before';
COMMENT ON COLUMN pmkt.experiments.ended_at IS 'when it ended (NULL while running); ended experiments are no longer reported';
SELECT pg_catalog.pg_extension_config_dump('pmkt.experiments', '');

CREATE TABLE pmkt.experiment_history (
    id                bigserial PRIMARY KEY,
    computed_at       timestamptz NOT NULL DEFAULT now(),
    name              text NOT NULL,
    metric            text NOT NULL,
    report_metric     text NOT NULL,
    variant           text NOT NULL,
    control           text NOT NULL,
    n_variant         bigint,
    n_control         bigint,
    mean_variant      float8,
    mean_control      float8,
    lift              float8,
    lift_lower        float8,
    lift_upper        float8,
    relative_lift     float8,
    p_value           float8,
    seq_lower         float8,
    seq_upper         float8,
    seq_p_value       float8,
    prob_beat_control float8,
    srm_p_value       float8,
    srm               boolean,
    decision          text NOT NULL,
    notified          boolean NOT NULL DEFAULT false,
    FOREIGN KEY (name, metric) REFERENCES pmkt.experiments (name, metric) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX ON pmkt.experiment_history (name, metric, computed_at);
COMMENT ON TABLE pmkt.experiment_history IS 'every report computed by pmkt.run_experiments(), one row per (run, experiment, metric, variant, report metric)';
COMMENT ON COLUMN pmkt.experiment_history.id IS 'surrogate key, increasing';
COMMENT ON COLUMN pmkt.experiment_history.computed_at IS 'when the report was computed (transaction time of the run)';
COMMENT ON COLUMN pmkt.experiment_history.name IS 'the experiment (pmkt.experiments.name)';
COMMENT ON COLUMN pmkt.experiment_history.metric IS 'the registered metric (pmkt.experiments.metric)';
COMMENT ON COLUMN pmkt.experiment_history.report_metric IS 'value, or numerator / denominator / ratio for a ratio metric (pmkt.experiment_report.metric)';
COMMENT ON COLUMN pmkt.experiment_history.variant IS 'the variant compared with the control';
COMMENT ON COLUMN pmkt.experiment_history.control IS 'the control variant';
COMMENT ON COLUMN pmkt.experiment_history.n_variant IS 'units of the variant analysed';
COMMENT ON COLUMN pmkt.experiment_history.n_control IS 'units of the control analysed';
COMMENT ON COLUMN pmkt.experiment_history.mean_variant IS 'the variant''s mean (CUPED-adjusted when CUPED applies; rate for proportions; ratio for ratio metrics)';
COMMENT ON COLUMN pmkt.experiment_history.mean_control IS 'the control''s mean, as mean_variant';
COMMENT ON COLUMN pmkt.experiment_history.lift IS 'mean_variant - mean_control';
COMMENT ON COLUMN pmkt.experiment_history.lift_lower IS 'lower end of the fixed-horizon interval of the lift at 1 - alpha';
COMMENT ON COLUMN pmkt.experiment_history.lift_upper IS 'upper end of the fixed-horizon interval of the lift at 1 - alpha';
COMMENT ON COLUMN pmkt.experiment_history.relative_lift IS 'mean_variant / mean_control - 1';
COMMENT ON COLUMN pmkt.experiment_history.p_value IS 'fixed-horizon two-sided p-value';
COMMENT ON COLUMN pmkt.experiment_history.seq_lower IS 'lower end of the always-valid (sequential) interval of the lift';
COMMENT ON COLUMN pmkt.experiment_history.seq_upper IS 'upper end of the always-valid (sequential) interval of the lift';
COMMENT ON COLUMN pmkt.experiment_history.seq_p_value IS 'always-valid p-value (mixture SPRT)';
COMMENT ON COLUMN pmkt.experiment_history.prob_beat_control IS 'Bayesian posterior probability that the variant beats the control';
COMMENT ON COLUMN pmkt.experiment_history.srm_p_value IS 'sample-ratio-mismatch chi-square p-value against the planned split';
COMMENT ON COLUMN pmkt.experiment_history.srm IS 'true when srm_p_value < 0.001: the assignment is broken, do not trust the figures';
COMMENT ON COLUMN pmkt.experiment_history.decision IS 'variant better, control better, no significant difference, keep running, insufficient data, sample ratio mismatch, or error: MESSAGE when the units query failed';
COMMENT ON COLUMN pmkt.experiment_history.notified IS 'true when this row raised a NOTIFY (its decision or SRM was new for the variant)';
SELECT pg_catalog.pg_extension_config_dump('pmkt.experiment_history', '');
SELECT pg_catalog.pg_extension_config_dump('pmkt.experiment_history_id_seq', '');

CREATE PROCEDURE pmkt.run_experiments(channel text DEFAULT 'pmkt_experiments')
LANGUAGE plpgsql AS $$
DECLARE
    e     record;
    st    pmkt.experiment_state;
    args  text;
    r     record;
    prev  text;
    boundary boolean;
BEGIN
    IF channel IS NULL OR channel = '' THEN
        RAISE EXCEPTION 'argument "channel" must be a non-empty channel name'
            USING ERRCODE = '22023', HINT = 'Omit it to use pmkt_experiments.';
    END IF;
    FOR e IN SELECT * FROM pmkt.experiments
             WHERE ended_at IS NULL AND started_at <= now() ORDER BY name, metric LOOP
        args := CASE e.shape
            WHEN 'value' THEN 'u.variant::text, u.value::float8'
            WHEN 'value_covariate' THEN 'u.variant::text, u.value::float8, u.covariate::float8'
            ELSE 'u.variant::text, u.numerator::float8, u.denominator::float8, u.covariate::float8' END;
        BEGIN
            EXECUTE format('SELECT pmkt.experiment(%s) FROM (%s) u', args, e.units_query) INTO st;
            FOR r IN SELECT * FROM pmkt.experiment_report(st, e.control, alpha => e.alpha, test => e.test,
                                                           decide_by => e.decide_by, split => e.split,
                                                           expected_n => e.expected_n, digits => NULL) LOOP
                SELECT h.decision INTO prev FROM pmkt.experiment_history h
                WHERE h.name = e.name AND h.metric = e.metric AND h.variant = r.variant
                  AND h.report_metric = r.metric
                ORDER BY h.computed_at DESC, h.id DESC LIMIT 1;
                boundary := r.decision IN ('variant better', 'control better', 'sample ratio mismatch')
                            AND r.decision IS DISTINCT FROM prev;
                INSERT INTO pmkt.experiment_history (name, metric, report_metric, variant, control,
                    n_variant, n_control, mean_variant, mean_control, lift, lift_lower, lift_upper,
                    relative_lift, p_value, seq_lower, seq_upper, seq_p_value, prob_beat_control,
                    srm_p_value, srm, decision, notified)
                VALUES (e.name, e.metric, r.metric, r.variant, r.control, r.n_variant, r.n_control,
                    r.mean_variant, r.mean_control, r.lift, r.lift_lower, r.lift_upper, r.relative_lift,
                    r.p_value, r.seq_lower, r.seq_upper, r.seq_p_value, r.prob_beat_control,
                    r.srm_p_value, r.srm, r.decision, boundary);
                IF boundary THEN
                    PERFORM pg_notify(channel, json_build_object(
                        'experiment', e.name, 'metric', e.metric, 'report_metric', r.metric,
                        'variant', r.variant, 'control', r.control, 'decision', r.decision,
                        'lift', r.lift, 'p_value', r.p_value, 'seq_p_value', r.seq_p_value,
                        'srm_p_value', r.srm_p_value)::text);
                END IF;
            END LOOP;
        EXCEPTION WHEN OTHERS THEN
            -- one broken experiment does not stop the others: recorded, warned
            INSERT INTO pmkt.experiment_history (name, metric, report_metric, variant, control, decision)
            VALUES (e.name, e.metric, '-', '-', e.control, 'error: ' || SQLERRM);
            RAISE WARNING 'pmkt.run_experiments: experiment "%" metric "%" failed: %', e.name, e.metric, SQLERRM;
        END;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE pmkt.run_experiments(text) IS
'for pg_cron: report every running registered experiment into pmkt.experiment_history and NOTIFY the channel (JSON payload) when a variant''s decision becomes variant better / control better or an SRM appears; a failing units query is recorded as decision ''error: ...'' and the others go on';

CREATE VIEW pmkt.experiment_latest AS
SELECT h.name, h.metric, h.report_metric, h.variant, h.control, h.computed_at,
       h.n_variant, h.n_control, h.mean_variant, h.mean_control, h.lift, h.lift_lower, h.lift_upper,
       h.relative_lift, h.p_value, h.seq_lower, h.seq_upper, h.seq_p_value, h.prob_beat_control,
       h.srm_p_value, h.srm, h.decision
FROM pmkt.experiment_history h
WHERE h.computed_at = (SELECT max(h2.computed_at) FROM pmkt.experiment_history h2
                       WHERE h2.name = h.name AND h2.metric = h.metric);
COMMENT ON VIEW pmkt.experiment_latest IS 'BI view: the latest report of every registered experiment and metric, one row per variant (and report metric)';
COMMENT ON COLUMN pmkt.experiment_latest.name IS 'the experiment';
COMMENT ON COLUMN pmkt.experiment_latest.metric IS 'the registered metric';
COMMENT ON COLUMN pmkt.experiment_latest.report_metric IS 'value, or numerator / denominator / ratio for a ratio metric';
COMMENT ON COLUMN pmkt.experiment_latest.variant IS 'the variant compared with the control';
COMMENT ON COLUMN pmkt.experiment_latest.control IS 'the control variant';
COMMENT ON COLUMN pmkt.experiment_latest.computed_at IS 'when this report was computed';
COMMENT ON COLUMN pmkt.experiment_latest.n_variant IS 'units of the variant analysed';
COMMENT ON COLUMN pmkt.experiment_latest.n_control IS 'units of the control analysed';
COMMENT ON COLUMN pmkt.experiment_latest.mean_variant IS 'the variant''s mean (rate, ratio, or CUPED-adjusted mean)';
COMMENT ON COLUMN pmkt.experiment_latest.mean_control IS 'the control''s mean';
COMMENT ON COLUMN pmkt.experiment_latest.lift IS 'mean_variant - mean_control';
COMMENT ON COLUMN pmkt.experiment_latest.lift_lower IS 'lower end of the fixed-horizon interval of the lift';
COMMENT ON COLUMN pmkt.experiment_latest.lift_upper IS 'upper end of the fixed-horizon interval of the lift';
COMMENT ON COLUMN pmkt.experiment_latest.relative_lift IS 'mean_variant / mean_control - 1';
COMMENT ON COLUMN pmkt.experiment_latest.p_value IS 'fixed-horizon two-sided p-value';
COMMENT ON COLUMN pmkt.experiment_latest.seq_lower IS 'lower end of the always-valid interval of the lift';
COMMENT ON COLUMN pmkt.experiment_latest.seq_upper IS 'upper end of the always-valid interval of the lift';
COMMENT ON COLUMN pmkt.experiment_latest.seq_p_value IS 'always-valid p-value (safe under daily looks)';
COMMENT ON COLUMN pmkt.experiment_latest.prob_beat_control IS 'Bayesian probability that the variant beats the control';
COMMENT ON COLUMN pmkt.experiment_latest.srm_p_value IS 'sample-ratio-mismatch p-value';
COMMENT ON COLUMN pmkt.experiment_latest.srm IS 'true: sample ratio mismatch (p < 0.001), the figures are not trustworthy';
COMMENT ON COLUMN pmkt.experiment_latest.decision IS 'the decision by the experiment''s decide_by rule';
