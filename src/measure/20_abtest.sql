
-- ---------------------------------------------------------------------------
-- abtest: A/B testing (src/abtest.c)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.ab_proportions_result AS (
    rate_a          float8,
    rate_b          float8,
    lift            float8,
    relative_lift   float8,
    z               float8,
    p_value         float8,
    ci_lower        float8,
    ci_upper        float8,
    significant     boolean
);
COMMENT ON TYPE pmkt.ab_proportions_result IS
'result of pmkt.ab_test_proportions: conversion rates, lift = rate_b - rate_a, relative_lift = lift / rate_a, pooled z, two-sided p-value, Wald interval of the lift at 1 - alpha, significant = p_value < alpha';

CREATE FUNCTION pmkt.ab_test_proportions(conversions_a bigint, visitors_a bigint,
                                         conversions_b bigint, visitors_b bigint,
                                         alpha float8 DEFAULT 0.05)
RETURNS pmkt.ab_proportions_result
AS 'MODULE_PATHNAME', 'pmkt_ab_test_proportions'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ab_test_proportions(bigint, bigint, bigint, bigint, float8) IS
'two-proportion z-test of variant B against A (pooled standard error, two-sided), with the unpooled Wald confidence interval of rate_b - rate_a; matches statsmodels proportions_ztest and confint_proportions_2indep(method=''wald'')';

CREATE TYPE pmkt.welch_result AS (
    difference      float8,
    t               float8,
    df              float8,
    p_value         float8,
    ci_lower        float8,
    ci_upper        float8,
    significant     boolean
);
COMMENT ON TYPE pmkt.welch_result IS
'result of pmkt.welch_t_test: difference = mean_b - mean_a, Welch t, Welch-Satterthwaite df, two-sided p-value, interval of the difference at 1 - alpha, significant = p_value < alpha';

CREATE FUNCTION pmkt.welch_t_test(mean_a float8, sd_a float8, n_a bigint,
                                  mean_b float8, sd_b float8, n_b bigint,
                                  alpha float8 DEFAULT 0.05)
RETURNS pmkt.welch_result
AS 'MODULE_PATHNAME', 'pmkt_welch_t_test'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.welch_t_test(float8, float8, bigint, float8, float8, bigint, float8) IS
'Welch''s unequal-variance t-test of B against A from per-arm mean, sample standard deviation and size (e.g. revenue per user); matches scipy ttest_ind_from_stats(equal_var=False)';

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

CREATE TYPE pmkt.chi_square_result AS (
    chi_square      float8,
    df              integer,
    p_value         float8,
    cramers_v       float8
);
COMMENT ON TYPE pmkt.chi_square_result IS
'result of pmkt.chi_square_test: Pearson chi-square statistic, df = variants - 1, p-value, Cramér''s V = sqrt(chi_square / total visitors)';

CREATE FUNCTION pmkt.chi_square_test(conversions bigint[], visitors bigint[])
RETURNS pmkt.chi_square_result
AS 'MODULE_PATHNAME', 'pmkt_chi_square_test'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.chi_square_test(bigint[], bigint[]) IS
'Pearson chi-square test of equal conversion rates across k >= 2 variants (2 x k table converted / not converted, no continuity correction); matches scipy chi2_contingency(correction=False)';

CREATE FUNCTION pmkt.ab_sample_size(baseline_rate float8, minimum_detectable_effect float8,
                                    alpha float8 DEFAULT 0.05, power float8 DEFAULT 0.8,
                                    relative boolean DEFAULT false)
RETURNS bigint
AS 'MODULE_PATHNAME', 'pmkt_ab_sample_size'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ab_sample_size(float8, float8, float8, float8, boolean) IS
'visitors needed per arm to detect baseline_rate -> baseline_rate + effect (or * (1 + effect) when relative) with a two-sided test at alpha and the given power: classic normal formula, pooled variance under H0 and unpooled under H1, rounded up';
