-- pmkt--1.0--1.1.sql: assembled by scripts/assemble_sql.sh from the
-- parts src/<family>/NN_module--1.0--1.1.sql and the parts new in 1.1.

\echo Use "ALTER EXTENSION pmkt UPDATE TO '1.1'" to load this file. \quit

-- ======== src/00_base--1.0--1.1.sql
-- base: 1.0 -> 1.1

-- The extension's schema must still be its installer's (the 1.1 install
-- script refuses a schema pmkt owned by another role; see src/00_base.sql).
-- On update the owner may be the role running the update or the extension's
-- owner; any other owner means 1.0 was installed into a schema someone else
-- made, whose owner controls every object in it.  Search_path safe: the
-- script runs with search_path = pmkt, so every name below is qualified.
DO $pmkt_schema_owner$
DECLARE
    owner_name pg_catalog.text;
    ext_owner  pg_catalog.text;
BEGIN
    SELECT pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text,
           pg_catalog.pg_get_userbyid(e.extowner)::pg_catalog.text
      INTO owner_name, ext_owner
    FROM pg_catalog.pg_namespace n, pg_catalog.pg_extension e
    WHERE n.nspname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name
      AND e.extname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name;
    IF owner_name OPERATOR(pg_catalog.<>) CURRENT_USER::pg_catalog.text
       AND owner_name OPERATOR(pg_catalog.<>) ext_owner THEN
        RAISE EXCEPTION 'schema pmkt is owned by another role'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Schema pmkt is owned by role %s; the extension is owned by role %s and updated by role %s.',
                                             pg_catalog.quote_ident(owner_name),
                                             pg_catalog.quote_ident(ext_owner),
                                             pg_catalog.quote_ident(CURRENT_USER::pg_catalog.text)),
                  HINT = 'The owner of schema pmkt controls every object in it. Check the schema''s contents, then ALTER SCHEMA pmkt OWNER TO the extension''s owner and update again.';
    END IF;
END
$pmkt_schema_owner$;

-- ======== src/measure/20_abtest--1.0--1.1.sql
-- measure/abtest: changes from 1.0 to 1.1

-- 1.1: the counts as float8, so that numeric counts (sum(bigint) is numeric)
-- and mixes of bigint and numeric resolve; whole numbers only (22023)
CREATE FUNCTION pmkt.ab_test_proportions(conversions_a float8, visitors_a float8,
                                         conversions_b float8, visitors_b float8,
                                         alpha float8 DEFAULT 0.05)
RETURNS pmkt.ab_proportions_result
AS 'MODULE_PATHNAME', 'pmkt_ab_test_proportions_float'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ab_test_proportions(float8, float8, float8, float8, float8) IS
'pmkt.ab_test_proportions with the counts given as numbers (numeric, e.g. sum(bigint), or float8): whole numbers only; the same test and result as the bigint form';
CREATE FUNCTION pmkt.welch_t_test(mean_a float8, sd_a float8, n_a float8,
                                  mean_b float8, sd_b float8, n_b float8,
                                  alpha float8 DEFAULT 0.05)
RETURNS pmkt.welch_result
AS 'MODULE_PATHNAME', 'pmkt_welch_t_test_float'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.welch_t_test(float8, float8, float8, float8, float8, float8, float8) IS
'pmkt.welch_t_test with the sizes given as numbers (numeric, e.g. sum(bigint), or float8): whole numbers only; the same test and result as the bigint form';

-- ======== src/experiment/21_experiment.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- experiment: A/B experiments on raw unit rows (issue 15): the
-- pmkt.experiment_state type, the pmkt.experiment aggregate (per-variant
-- sufficient statistics, parallel safe) and pmkt.experiment_report
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.experiment_state;

CREATE FUNCTION pmkt.experiment_state_in(cstring) RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_state_out(pmkt.experiment_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_experiment_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_state_recv(internal) RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_state_send(pmkt.experiment_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_experiment_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE pmkt.experiment_state (
    INPUT = pmkt.experiment_state_in,
    OUTPUT = pmkt.experiment_state_out,
    RECEIVE = pmkt.experiment_state_recv,
    SEND = pmkt.experiment_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE pmkt.experiment_state IS
'sufficient statistics of an experiment per variant (units; sums, sums of squares and cross-products of value or numerator, denominator and pre-period covariate, as compensated hi/lo pairs); text form is JSON with exact numbers, so partial states ship as text';
COMMENT ON FUNCTION pmkt.experiment_state_in(cstring) IS 'pmkt.experiment_state input: strict JSON, validated (22P02)';
COMMENT ON FUNCTION pmkt.experiment_state_out(pmkt.experiment_state) IS 'pmkt.experiment_state output: JSON with shortest exact numbers';
COMMENT ON FUNCTION pmkt.experiment_state_recv(internal) IS 'pmkt.experiment_state binary input, validated (22P03)';
COMMENT ON FUNCTION pmkt.experiment_state_send(pmkt.experiment_state) IS 'pmkt.experiment_state binary output';

-- transition functions: (variant, value), (variant, value, covariate),
-- (variant, numerator, denominator, covariate)
CREATE FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8)
RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8, float8)
RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8, float8, float8)
RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_combine(pmkt.experiment_state, pmkt.experiment_state)
RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8) IS
'transition function of pmkt.experiment(variant, value)';
COMMENT ON FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8, float8) IS
'transition function of pmkt.experiment(variant, value, covariate)';
COMMENT ON FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8, float8, float8) IS
'transition function of pmkt.experiment(variant, numerator, denominator, covariate)';
COMMENT ON FUNCTION pmkt.experiment_combine(pmkt.experiment_state, pmkt.experiment_state) IS
'combine function of pmkt.experiment: adds the statistics of variants of the same name (compensated sums)';

CREATE AGGREGATE pmkt.experiment(variant text, value float8) (
    SFUNC = pmkt.experiment_sfunc,
    STYPE = pmkt.experiment_state,
    COMBINEFUNC = pmkt.experiment_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE pmkt.experiment(variant text, value float8, covariate float8) (
    SFUNC = pmkt.experiment_sfunc,
    STYPE = pmkt.experiment_state,
    COMBINEFUNC = pmkt.experiment_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE pmkt.experiment(variant text, numerator float8, denominator float8, covariate float8) (
    SFUNC = pmkt.experiment_sfunc,
    STYPE = pmkt.experiment_state,
    COMBINEFUNC = pmkt.experiment_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.experiment(text, float8) IS
'per-variant sufficient statistics of one metric over unit rows (one row per user); rows with a NULL variant or value are skipped and counted; feed the result to pmkt.experiment_report';
COMMENT ON AGGREGATE pmkt.experiment(text, float8, float8) IS
'per-variant sufficient statistics of a metric with a pre-period covariate for CUPED; a NULL covariate keeps the row out of CUPED only (counted as covariate_missing)';
COMMENT ON AGGREGATE pmkt.experiment(text, float8, float8, float8) IS
'per-variant sufficient statistics of a ratio metric (numerator / denominator per unit, e.g. revenue and sessions) with an optional covariate (pass NULL::float8 for none)';

CREATE FUNCTION pmkt.experiment_report(
    state pmkt.experiment_state,
    control text,
    alpha float8 DEFAULT 0.05,
    test text DEFAULT 'welch',
    cuped boolean DEFAULT true,
    decide_by text DEFAULT 'fixed',
    split float8[] DEFAULT NULL,
    expected_n float8 DEFAULT 5000,
    prior_sd float8 DEFAULT NULL,
    power float8 DEFAULT 0.8)
RETURNS TABLE (
    variant text, control text, metric text, test text,
    n_variant bigint, n_control bigint, mean_variant float8, mean_control float8,
    lift float8, lift_lower float8, lift_upper float8,
    relative_lift float8, relative_lower float8, relative_upper float8,
    statistic float8, df float8, p_value float8, p_holm float8, p_bh float8,
    cuped boolean, variance_reduction float8, covariate_missing bigint,
    seq_lower float8, seq_upper float8, seq_p_value float8,
    prob_beat_control float8, expected_loss float8, credible_lower float8, credible_upper float8,
    mde float8, srm_p_value float8, srm boolean, decision text)
AS 'MODULE_PATHNAME', 'pmkt_experiment_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION pmkt.experiment_report(pmkt.experiment_state, text, float8, text, boolean, text, float8[], float8, float8, float8) IS
'one row per (variant vs control, metric): means, absolute and relative lift with intervals at 1 - alpha, Welch or two-proportion test, Holm/BH adjusted p-values, CUPED (theta from the pooled covariate rows), always-valid sequential interval and p-value (normal mixture tuned to expected_n units), Bayesian P(beat control), expected loss and credible interval of the relative lift (prior N(0, prior_sd^2), NULL = flat), MDE at the given power, SRM chi-square against split (control first, then variants in name order) flagged at p < 0.001, and a decision by decide_by (fixed, sequential or bayesian; higher is better)';

CREATE FUNCTION pmkt.p_adjust(p float8[], method text DEFAULT 'holm')
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_p_adjust'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.p_adjust(float8[], text) IS
'Holm (''holm'') or Benjamini-Hochberg (''bh'') adjusted p-values, for comparisons across several reports; NULL elements stay NULL; matches statsmodels multipletests';

-- ======== src/experiment/22_experiment_monitor.sql
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
                                                           expected_n => e.expected_n) LOOP
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

-- ======== src/segment/35_rfm--1.0--1.1.sql
-- 1.1 (issue 16): pmkt.rfm and pmkt.rfm_strategy take order lines (order_col,
-- a new last argument: count distinct orders, sum amounts per order); 1.0
-- calls keep working (order_col defaults to NULL).  The old signatures are
-- dropped (nothing in 1.0 depends on them: run_evaluation is PL/pgSQL).
DROP FUNCTION pmkt.rfm(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint);
DROP FUNCTION pmkt.rfm_strategy(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint);

CREATE FUNCTION pmkt.rfm(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.rfm_customer
AS 'MODULE_PATHNAME', 'pmkt_rfm'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'RFM profile of every customer of an orders table. Rows are orders, or with order_col given order lines: the lines of one (customer, order id) make one order whose time is its earliest line and whose amount is the sum of its lines, so frequency counts distinct orders (without order_col every row counts as an order). Recency measured from as_of (NULL: the latest order; lines after as_of are ignored), frequency = orders, monetary = ''total'' or ''average'' order amount; 1..bins scores as ntile(bins) worst-first (ties ''shared'': equal values share the score, ''first'': plain ntile broken by customer id); segment: new when the first order is less than new_days before as_of, else frequent when the frequency is above the natural break of ln(frequency) among the other customers (exact two-group split, least within-group sum of squares) or, with frequent_min_score given, when f_score >= frequent_min_score, else occasional. method => ''kmeans'': instead, 3-means (k-means++ seeded by seed, best of 10) on the z-scores of ln(1 + tenure_days), recency_days, ln(frequency), ln(1 + monetary), clusters named by what the segments mean: in the cluster with the least mean tenure, the customers whose first order is less than new_days before as_of are new and the others occasional (a customer whose first order is older is never new), of the other two clusters the one with the higher mean ln(frequency) is frequent, the other occasional. The customer column must be an integer type, the time timestamptz, timestamp or date, the amount a number (42804 otherwise). Rows with a NULL customer, time, amount or order id are skipped';

COMMENT ON FUNCTION pmkt.rfm_query(text, timestamptz, text, float8, int, int, text, text, bigint) IS
'pmkt.rfm over a query whose first three columns are, in this order, the customer id (an integer or numeric type), the order time (timestamptz, timestamp or date) and the amount (an integer, real or numeric type), one row per order (aggregate order lines per order in the query, or use pmkt.rfm with order_col); other types, or a column named customer_id, ordered_at, amount or order_id at another of these positions, raise 42804 listing the columns received; same options and result';

CREATE FUNCTION pmkt.rfm_strategy(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.customer_strategy
AS 'MODULE_PATHNAME', 'pmkt_rfm_strategy'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm_strategy(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'Each customer of an orders table (pmkt.rfm''s arguments, order_col included) with its segment and that segment''s strategy and planning figures from pmkt.segment_strategy (NULL when the segment has no row there)';

-- ======== src/segment/38_dbscan--1.0--1.1.sql
-- 1.1: dbscan reads its rows through the trainers' loader (src/util/matrix.c):
-- the comment names the column types it takes
COMMENT ON FUNCTION pmkt.dbscan(text, float8, int, bigint) IS
'DBSCAN over the rows of query (first column: id, an integer or numeric read as bigint; second: features, a float8[] or an integer, real or numeric array read as float8[]; further columns ignored): a row with at least min_points rows (itself included) within Euclidean distance eps is a core point; clusters are grown from core points in the query''s row order (ORDER BY for reproducibility), border points join the first cluster reaching them, the rest is noise (cluster_id -1). Matches scikit-learn''s DBSCAN labels + 1. Rows with a NULL id, NULL features or a NULL element are skipped. Grid neighbour search (cell side eps); refuses with 54000 beyond max_candidate_pairs distance computations per pass';

-- ======== src/ops/90_registry--1.0--1.1.sql
-- registry: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058); save_model(text) also names the schema in its hint.
ALTER FUNCTION pmkt.model_registry_before_insert() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.save_model(text, text, anyelement, jsonb, text, jsonb) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.latest_model(text, int) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.list_models() SET search_path = pg_catalog, pg_temp;

CREATE OR REPLACE FUNCTION pmkt.save_model(name text, kind text, model text,
                                parameters jsonb DEFAULT '{}',
                                training_query text DEFAULT NULL,
                                metrics jsonb DEFAULT '{}',
                                model_type text DEFAULT 'text')
RETURNS int
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v int;
BEGIN
    IF name IS NULL OR length(btrim(name)) = 0 THEN
        RAISE EXCEPTION 'name must be a non-empty text'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('name is %s.', coalesce(quote_literal(name), 'NULL')),
                  HINT = 'Give the model a name, e.g. ''sales_ols''.';
    END IF;
    IF kind IS NULL OR kind !~ '^[a-z][a-z0-9_]*$' THEN
        RAISE EXCEPTION 'kind must be a lower-case identifier'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('kind is %s.', coalesce(quote_literal(kind), 'NULL')),
                  HINT = 'Use kmeans, ols, logistic, bpnn, rbf, pca, entropy or another lower-case word.';
    END IF;
    IF model IS NULL THEN
        RAISE EXCEPTION 'model must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model %s of kind %s is NULL.', quote_literal(name), kind),
                  HINT = 'Pass the trained model value (e.g. the result of the training function).';
    END IF;
    IF model_type IS NULL OR pg_catalog.to_regtype(model_type) IS NULL THEN
        RAISE EXCEPTION 'model_type must name an existing type'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model_type is %s.', coalesce(quote_literal(model_type), 'NULL')),
                  HINT = 'Pass the type the model''s text form casts back to, schema-qualified unless it is a pg_catalog type (e.g. ''jsonb'', ''public.my_type''), or omit it for text.';
    END IF;
    IF parameters IS NULL OR jsonb_typeof(parameters) <> 'object' THEN
        RAISE EXCEPTION 'parameters must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('parameters is %s.', coalesce(parameters::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"k": 3, "seed": 42}'' or ''{}''.';
    END IF;
    IF metrics IS NULL OR jsonb_typeof(metrics) <> 'object' THEN
        RAISE EXCEPTION 'metrics must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('metrics is %s.', coalesce(metrics::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"r2": 0.91}'' or ''{}''.';
    END IF;
    INSERT INTO pmkt.model_registry AS r
        (name, kind, parameters, training_query, metrics, model_type, model)
    VALUES (save_model.name, save_model.kind, save_model.parameters,
            save_model.training_query, save_model.metrics,
            pg_catalog.format_type(pg_catalog.to_regtype(save_model.model_type), NULL),
            save_model.model)
    RETURNING r.version INTO v;
    RETURN v;
END
$fn$;

-- ======== src/ops/95_operations--1.0--1.1.sql
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
