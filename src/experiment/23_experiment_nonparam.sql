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
