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
    power float8 DEFAULT 0.8,
    digits int DEFAULT 4)
RETURNS TABLE (
    variant text, control text, metric text, test text,
    n_variant bigint, n_control bigint, mean_variant numeric, mean_control numeric,
    lift numeric, lift_lower numeric, lift_upper numeric,
    relative_lift numeric, relative_lower numeric, relative_upper numeric,
    statistic numeric, df numeric, p_value numeric, p_holm numeric, p_bh numeric,
    cuped boolean, variance_reduction numeric, covariate_missing bigint,
    seq_lower numeric, seq_upper numeric, seq_p_value numeric,
    prob_beat_control numeric, expected_loss numeric, credible_lower numeric, credible_upper numeric,
    mde numeric, srm_p_value numeric, srm boolean, decision text)
AS 'MODULE_PATHNAME', 'pmkt_experiment_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION pmkt.experiment_report(pmkt.experiment_state, text, float8, text, boolean, text, float8[], float8, float8, float8, int) IS
'one row per (variant vs control, metric): means, absolute and relative lift with intervals at 1 - alpha, Welch or two-proportion test, Holm/BH adjusted p-values, CUPED (theta from the pooled covariate rows), always-valid sequential interval and p-value (normal mixture tuned to expected_n units), Bayesian P(beat control), expected loss and credible interval of the relative lift (prior N(0, prior_sd^2), NULL = flat), MDE at the given power, SRM chi-square against split (control first, then variants in name order) flagged at p < 0.001, and a decision by decide_by (fixed, sequential or bayesian; higher is better). A report for reading: numeric, rounded to digits decimals (0..15, default 4), the decision taken on the unrounded values; digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it)';

CREATE FUNCTION pmkt.p_adjust(p float8[], method text DEFAULT 'holm')
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_p_adjust'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.p_adjust(float8[], text) IS
'Holm (''holm'') or Benjamini-Hochberg (''bh'') adjusted p-values, for comparisons across several reports; NULL elements stay NULL; matches statsmodels multipletests';
