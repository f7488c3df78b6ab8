-- new in 1.1
-- ---------------------------------------------------------------------------
-- experiment, non-parametric option (issue 15): Mann-Whitney U with its
-- tie-corrected normal-approximation p-value and a seeded bootstrap
-- interval of the difference in means, for skewed metrics such as spend
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.mann_whitney(
    variant_values float8[], control_values float8[],
    n_boot integer DEFAULT 2000, seed bigint DEFAULT 42, alpha float8 DEFAULT 0.05,
    OUT n_variant bigint, OUT n_control bigint, OUT u float8, OUT z float8, OUT p_value float8,
    OUT mean_variant float8, OUT mean_control float8, OUT mean_diff float8,
    OUT boot_lower float8, OUT boot_upper float8)
RETURNS record
AS 'MODULE_PATHNAME', 'pmkt_mann_whitney'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION pmkt.mann_whitney(float8[], float8[], integer, bigint, float8) IS
'Mann-Whitney U of the variant against the control (scipy mannwhitneyu, two-sided, asymptotic with tie and continuity corrections) and a seeded percentile bootstrap interval (n_boot resamples, 1 - alpha) of mean(variant) - mean(control). Values are held in memory within pmkt.max_train_memory.';

CREATE FUNCTION pmkt.experiment_power(
    n_per_arm float8, baseline_mean float8, baseline_sd float8 DEFAULT NULL,
    alpha float8 DEFAULT 0.05, power float8 DEFAULT 0.8, lift float8 DEFAULT NULL,
    OUT effect_size float8, OUT mde float8, OUT relative_mde float8, OUT power_at_lift float8)
RETURNS record
AS 'MODULE_PATHNAME', 'pmkt_experiment_power'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION pmkt.experiment_power(float8, float8, float8, float8, float8, float8) IS
'Minimum detectable effect of a planned two-arm test with n_per_arm units per arm (two-sided, statsmodels NormalIndPower): effect_size (Cohen''s d, or Cohen''s h for a rate when baseline_sd is NULL), mde (absolute), relative_mde, and power_at_lift for a given absolute lift.';
