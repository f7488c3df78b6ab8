-- pmkt--1.1.sql: assembled by scripts/assemble_sql.sh from the parts
-- src/<family>/NN_module.sql, in NN order.  Edit the parts, not this file.

\echo Use "CREATE EXTENSION pmkt" to load this file. \quit

-- ======== src/00_base.sql
-- base: build information, the memory budget, shared checks.


-- ---------------------------------------------------------------------------
-- base: the extension's schema must be the installing role's
-- ---------------------------------------------------------------------------
-- With schema = pmkt in pmkt.control, CREATE EXTENSION creates the schema
-- when it is missing and uses it as it is when it exists.  A schema pmkt
-- made beforehand by another role is refused: as its owner, that role could
-- drop, replace or shadow pmkt's objects and have them run by whoever calls
-- them (the superuser who installed pmkt, a pg_cron job).  Search_path safe:
-- the script runs with search_path = pmkt, so every name below is qualified.
DO $pmkt_schema_owner$
DECLARE
    owner_name pg_catalog.text;
BEGIN
    SELECT pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text INTO owner_name
    FROM pg_catalog.pg_namespace n
    WHERE n.nspname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name
      AND n.nspowner OPERATOR(pg_catalog.<>)
          (SELECT r.oid FROM pg_catalog.pg_roles r
           WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER);
    IF owner_name IS NOT NULL THEN
        RAISE EXCEPTION 'schema pmkt exists and is owned by another role'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Schema pmkt is owned by role %s; CREATE EXTENSION pmkt runs as role %s.',
                                             pg_catalog.quote_ident(owner_name),
                                             pg_catalog.quote_ident(CURRENT_USER::pg_catalog.text)),
                  HINT = 'The owner of schema pmkt controls every object in it. Check its contents, drop it or rename it (ALTER SCHEMA pmkt RENAME TO ...), then run CREATE EXTENSION pmkt again and let it create the schema.';
    END IF;
END
$pmkt_schema_owner$;

-- ---------------------------------------------------------------------------
-- base: build information
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.version() RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.version() IS
'pmkt build version and the BLAS/LAPACK it is linked with';

-- ======== src/measure/10_distributions.sql

-- ---------------------------------------------------------------------------
-- distributions: normal, Student t, F and chi-square (src/distributions.c)
-- The p-values and critical values behind every test in pmkt.  Upper tails
-- (_sf) are computed directly, so tiny p-values keep full relative accuracy.
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.normal_cdf(z float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_normal_cdf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.normal_cdf(float8) IS
'standard normal cumulative distribution P(Z <= z)';

CREATE FUNCTION pmkt.normal_sf(z float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_normal_sf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.normal_sf(float8) IS
'standard normal upper tail P(Z > z), accurate for large z (not 1 - cdf)';

CREATE FUNCTION pmkt.normal_quantile(p float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_normal_quantile'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.normal_quantile(float8) IS
'standard normal quantile (inverse cdf) for 0 < p < 1 (Wichura AS 241)';

CREATE FUNCTION pmkt.t_cdf(t float8, df float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_t_cdf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.t_cdf(float8, float8) IS
'Student t cumulative distribution P(T <= t) with df > 0 degrees of freedom (df may be fractional, or Infinity for the normal)';

CREATE FUNCTION pmkt.t_sf(t float8, df float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_t_sf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.t_sf(float8, float8) IS
'Student t upper tail P(T > t), accurate for tiny p-values; a two-sided p-value is 2 * t_sf(abs(t), df)';

CREATE FUNCTION pmkt.t_quantile(p float8, df float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_t_quantile'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.t_quantile(float8, float8) IS
'Student t quantile (inverse cdf) for 0 < p < 1, df > 0; e.g. t_quantile(0.975, df) for a 95 % interval';

CREATE FUNCTION pmkt.f_cdf(f float8, df1 float8, df2 float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_f_cdf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.f_cdf(float8, float8, float8) IS
'F distribution cumulative P(F <= f) with numerator df1 and denominator df2 degrees of freedom';

CREATE FUNCTION pmkt.f_sf(f float8, df1 float8, df2 float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_f_sf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.f_sf(float8, float8, float8) IS
'F distribution upper tail P(F > f): the p-value of an F test';

CREATE FUNCTION pmkt.chisq_cdf(x float8, df float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_chisq_cdf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.chisq_cdf(float8, float8) IS
'chi-square cumulative distribution P(X <= x) with df > 0 degrees of freedom';

CREATE FUNCTION pmkt.chisq_sf(x float8, df float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sql_chisq_sf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.chisq_sf(float8, float8) IS
'chi-square upper tail P(X > x): the p-value of a chi-square test';

-- ======== src/measure/15_metrics.sql

-- ---------------------------------------------------------------------------
-- metrics: money metrics (SPEC 1.6) and channel effectiveness (SPEC 1.5)
-- Rates are fractions (0.12 = 12 %), ROI is a percentage, NPS is -100..100.
-- A zero denominator gives NULL.
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.cac(spend float8, new_customers bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_cac_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.cac(float8, bigint) IS
'customer acquisition cost: spend / new_customers; NULL when new_customers = 0; negative arguments are errors';

CREATE FUNCTION pmkt.cac(spend float8, new_customers float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_cac_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.cac(float8, float8) IS
'customer acquisition cost: spend / new_customers (float8 form, e.g. for numeric sums); NULL when new_customers = 0';

CREATE FUNCTION pmkt.clv(revenue float8[], cost float8[], discount_rate float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_array'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv(float8[], float8[], float8) IS
'customer lifetime value: sum over periods t = 1..n of (revenue[t] - cost[t]) / (1 + discount_rate)^t';

CREATE FUNCTION pmkt.roi(net_profit float8, investment float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_roi'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.roi(float8, float8) IS
'return on investment in percent: net_profit / investment x 100; NULL when investment = 0';

CREATE FUNCTION pmkt.conversion_rate(conversions bigint, visitors bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_conversion_rate_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_rate(bigint, bigint) IS
'conversion rate as a fraction: conversions / visitors; NULL when visitors = 0';

CREATE FUNCTION pmkt.conversion_rate(conversions float8, visitors float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_conversion_rate_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_rate(float8, float8) IS
'conversion rate as a fraction: conversions / visitors (float8 form, e.g. for numeric sums); NULL when visitors = 0';

CREATE FUNCTION pmkt.ctr(clicks bigint, impressions bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_ctr_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ctr(bigint, bigint) IS
'click-through rate as a fraction: clicks / impressions; NULL when impressions = 0';

CREATE FUNCTION pmkt.ctr(clicks float8, impressions float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_ctr_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ctr(float8, float8) IS
'click-through rate as a fraction: clicks / impressions (float8 form, e.g. for numeric sums); NULL when impressions = 0';

CREATE FUNCTION pmkt.repeat_purchase_rate(repeat_customers bigint, customers bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_repeat_purchase_rate_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.repeat_purchase_rate(bigint, bigint) IS
'repeat-purchase rate as a fraction: repeat_customers / customers; NULL when customers = 0';

CREATE FUNCTION pmkt.repeat_purchase_rate(repeat_customers float8, customers float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_repeat_purchase_rate_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.repeat_purchase_rate(float8, float8) IS
'repeat-purchase rate as a fraction (float8 form, e.g. for numeric sums); NULL when customers = 0';

CREATE FUNCTION pmkt.growth_rate("current" float8, previous float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_growth_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.growth_rate(float8, float8) IS
'growth as a fraction: (current - previous) / abs(previous); NULL when previous = 0';

-- CLV aggregate over one row per period
CREATE FUNCTION pmkt.clv_sfunc(state float8[], period int, revenue float8, cost float8, discount_rate float8)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_clv_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_sfunc(float8[], int, float8, float8, float8) IS
'transition function of pmkt.clv(period, revenue, cost, discount_rate); state [tag, sum, rows, rate]';
CREATE FUNCTION pmkt.clv_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_clv_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_combine(float8[], float8[]) IS
'combine function of pmkt.clv(period, revenue, cost, discount_rate)';
CREATE FUNCTION pmkt.clv_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_final(float8[]) IS
'final function of pmkt.clv(period, revenue, cost, discount_rate)';
CREATE AGGREGATE pmkt.clv(period int, revenue float8, cost float8, discount_rate float8) (
  sfunc = pmkt.clv_sfunc, stype = float8[], combinefunc = pmkt.clv_combine,
  finalfunc = pmkt.clv_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.clv(int, float8, float8, float8) IS
'customer lifetime value over one row per period: sum of (revenue - cost) / (1 + discount_rate)^period; rows with a NULL are skipped; NULL for no rows';

-- NPS aggregate over 0-10 scores
CREATE FUNCTION pmkt.nps_sfunc(state float8[], score int) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_nps_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nps_sfunc(float8[], int) IS
'transition function of pmkt.nps(score); state [tag, respondents, promoters, detractors]';
CREATE FUNCTION pmkt.nps_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_nps_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nps_combine(float8[], float8[]) IS
'combine function of pmkt.nps(score)';
CREATE FUNCTION pmkt.nps_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_nps_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nps_final(float8[]) IS
'final function of pmkt.nps(score)';
CREATE AGGREGATE pmkt.nps(score int) (
  sfunc = pmkt.nps_sfunc, stype = float8[], combinefunc = pmkt.nps_combine,
  finalfunc = pmkt.nps_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.nps(int) IS
'net promoter score in -100..100: % promoters (9-10) minus % detractors (0-6); NULL scores skipped; NULL for no scores';

-- conversion rate aggregate over one boolean per visitor
CREATE FUNCTION pmkt.conversion_sfunc(state float8[], converted boolean) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_conversion_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_sfunc(float8[], boolean) IS
'transition function of pmkt.conversion_rate(converted); state [tag, visitors, conversions]';
CREATE FUNCTION pmkt.conversion_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_conversion_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_combine(float8[], float8[]) IS
'combine function of pmkt.conversion_rate(converted)';
CREATE FUNCTION pmkt.conversion_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_conversion_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_final(float8[]) IS
'final function of pmkt.conversion_rate(converted)';
CREATE AGGREGATE pmkt.conversion_rate(converted boolean) (
  sfunc = pmkt.conversion_sfunc, stype = float8[], combinefunc = pmkt.conversion_combine,
  finalfunc = pmkt.conversion_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.conversion_rate(boolean) IS
'conversion rate as a fraction over one row per visitor: share of true; NULLs skipped; NULL for no rows';

-- channel effectiveness (SPEC 1.5)
CREATE FUNCTION pmkt.channel_effectiveness(campaigns regclass)
RETURNS TABLE (channel text, months int, investment float8, impressions bigint, clicks bigint,
               ctr float8, conversions bigint, conversion_rate float8, new_customers bigint,
               sales float8, sales_growth float8, roi float8, cac float8)
AS 'MODULE_PATHNAME', 'pmkt_channel_effectiveness'
LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION pmkt.channel_effectiveness(regclass) IS
'per-channel table from a campaign table (channel, month, impressions, clicks, conversions, new_customers, spend, revenue): investment, ctr, conversion_rate (conversions / clicks), sales, sales_growth (later half of the months over the earlier half), roi (percent), cac';

-- ======== src/measure/20_abtest.sql

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

-- ======== src/ops/25_demo_data.sql

-- ---------------------------------------------------------------------------
-- demo data: the synthetic marketing data set (docs/ARCHITECTURE.md,
-- "Demo data contract")
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.generate_demo(target_schema text DEFAULT 'pmkt_demo',
                                   orders bigint DEFAULT 200000,
                                   seed bigint DEFAULT 42)
RETURNS TABLE (table_name text, row_count bigint)
AS 'MODULE_PATHNAME', 'pmkt_generate_demo'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.generate_demo(text, bigint, bigint) IS
'(re)creates the demo tables customers, orders, campaigns, feedback, aisas_monthly, sales_drivers and visits in target_schema, deterministic for a seed; returns the row count of each table';

-- ======== src/segment/30_kmeans.sql

-- ---------------------------------------------------------------------------
-- kmeans: assign rows to centroids, train (in memory or one aggregate pass
-- per Lloyd iteration), choose k
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.kmeans_model AS (
    k             int,
    d             int,
    centroids     float8[],
    sizes         bigint[],
    inertia       float8,
    iterations    int,
    converged     boolean,
    init          text,
    n_init        int,
    n_rows        bigint,
    skipped_null  bigint,
    standardized  boolean,
    means         float8[],
    scales        float8[],
    in_memory     boolean
);
COMMENT ON TYPE pmkt.kmeans_model IS
'A trained k-means model: k x d centroids in the original units, cluster sizes, inertia (within-cluster sum of squares, in the standardized space when standardized), Lloyd iterations, convergence, the seeding used, rows used and skipped, the z-score means/scales (when standardized), and whether the rows were held in memory';

CREATE TYPE pmkt.kmeans_step_result AS (
    centroids          float8[],
    sizes              bigint[],
    inertia            float8,
    shift              float8,
    changed            bigint,
    n_rows             bigint,
    skipped_null       bigint,
    feature_means      float8[],
    feature_variances  float8[]
);
COMMENT ON TYPE pmkt.kmeans_step_result IS
'One Lloyd iteration over a table: the updated k x d centroids (empty clusters relocated), rows per input centroid, the within-cluster sum of squares at the input centroids, the squared centroid shift, rows whose nearest centroid changed since previous_centroids (NULL without them), rows used and skipped, and the feature means and population variances of the rows';

CREATE FUNCTION pmkt.kmeans_assign(x float8[], centroids float8[]) RETURNS int
AS 'MODULE_PATHNAME', 'pmkt_kmeans_assign'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_assign(float8[], float8[]) IS
'1-based index of the centroid (row of the k x d array centroids) nearest to x in Euclidean distance; ties go to the lower index';

CREATE FUNCTION pmkt.kmeans_assign(x float8[], model pmkt.kmeans_model) RETURNS int
AS 'MODULE_PATHNAME', 'pmkt_kmeans_assign_model'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_assign(float8[], pmkt.kmeans_model) IS
'1-based cluster of x under a model from pmkt.kmeans_train, applying its z-score scaling when it was trained with standardize => true';

CREATE FUNCTION pmkt.kmeans_step_sfunc(state float8[], x float8[], centroids float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_kmeans_step_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_step_sfunc(float8[], float8[], float8[]) IS
'Transition function of pmkt.kmeans_step(x, centroids)';

CREATE FUNCTION pmkt.kmeans_step_sfunc(state float8[], x float8[], centroids float8[],
                                       previous_centroids float8[], means float8[],
                                       scales float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_kmeans_step_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_step_sfunc(float8[], float8[], float8[], float8[], float8[], float8[]) IS
'Transition function of pmkt.kmeans_step(x, centroids, previous_centroids, means, scales)';

CREATE FUNCTION pmkt.kmeans_step_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_kmeans_step_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_step_combine(float8[], float8[]) IS
'Combine function of pmkt.kmeans_step: adds two partial states computed with the same centroids';

CREATE FUNCTION pmkt.kmeans_step_final(state float8[]) RETURNS pmkt.kmeans_step_result
AS 'MODULE_PATHNAME', 'pmkt_kmeans_step_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_step_final(float8[]) IS
'Final function of pmkt.kmeans_step: the updated centroids and the iteration''s statistics';

CREATE AGGREGATE pmkt.kmeans_step(x float8[], centroids float8[]) (
    SFUNC = pmkt.kmeans_step_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.kmeans_step_combine,
    FINALFUNC = pmkt.kmeans_step_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.kmeans_step(float8[], float8[]) IS
'One exact Lloyd iteration of k-means as a combinable aggregate: assigns each row x to the nearest of the (constant) k x d centroids and returns the updated centroids, sizes and inertia; NULL rows are skipped and counted';

CREATE AGGREGATE pmkt.kmeans_step(x float8[], centroids float8[], previous_centroids float8[],
                                  means float8[], scales float8[]) (
    SFUNC = pmkt.kmeans_step_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.kmeans_step_combine,
    FINALFUNC = pmkt.kmeans_step_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.kmeans_step(float8[], float8[], float8[], float8[], float8[]) IS
'One Lloyd iteration as pmkt.kmeans_step(x, centroids), also counting rows whose nearest centroid differs from the one among previous_centroids (NULL: not counted), with rows z-scored as (x - means) / scales (both NULL: raw rows)';

CREATE FUNCTION pmkt.kmeans_train(
    query text, k int,
    init text DEFAULT 'kmeans++',
    max_iter int DEFAULT 300,
    tol float8 DEFAULT 1e-4,
    n_init int DEFAULT 1,
    standardize boolean DEFAULT false,
    seed bigint DEFAULT 42,
    initial_centroids float8[] DEFAULT NULL)
RETURNS pmkt.kmeans_model
AS 'MODULE_PATHNAME', 'pmkt_kmeans_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE
-- seeding draws row positions: read the rows in the same order every time
SET synchronize_seqscans = off;
COMMENT ON FUNCTION pmkt.kmeans_train(text, int, text, int, float8, int, boolean, bigint, float8[]) IS
'Exact Lloyd k-means (scikit-learn semantics) over the float8[] rows of query: init kmeans++ (seeded), random, density (subtractive clustering) or initial_centroids; n_init restarts keep the lowest inertia; optional z-score standardization. Rows are held in memory within pmkt.max_train_memory, else each iteration is one pass of pmkt.kmeans_step';

CREATE FUNCTION pmkt.kmeans_choose_k(
    query text, k_min int, k_max int,
    sample_size int DEFAULT 10000,
    seed bigint DEFAULT 42,
    init text DEFAULT 'kmeans++',
    max_iter int DEFAULT 300,
    tol float8 DEFAULT 1e-4,
    n_init int DEFAULT 1,
    standardize boolean DEFAULT false)
RETURNS TABLE (k int, inertia float8, silhouette float8, iterations int, converged boolean)
AS 'MODULE_PATHNAME', 'pmkt_kmeans_choose_k'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 10
SET synchronize_seqscans = off;
COMMENT ON FUNCTION pmkt.kmeans_choose_k(text, int, int, int, bigint, text, int, float8, int, boolean) IS
'One row per k in k_min..k_max: the inertia of kmeans_train(query, k, ...) (elbow) and the mean silhouette coefficient on a seeded sample of sample_size rows (NULL for a single cluster); the rows are loaded once and must fit pmkt.max_train_memory';

-- ======== src/segment/35_rfm.sql

-- ---------------------------------------------------------------------------
-- rfm: recency / frequency / monetary scores, the three segments of study A
-- (frequent, occasional, new) and the editable segment-to-strategy map
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.rfm_customer AS (
    customer_id     bigint,
    first_order_at  timestamptz,
    last_order_at   timestamptz,
    tenure_days     float8,
    recency_days    float8,
    frequency       bigint,
    monetary        float8,
    r_score         int,
    f_score         int,
    m_score         int,
    rfm_cell        text,
    segment         text
);
COMMENT ON TYPE pmkt.rfm_customer IS
'One customer''s RFM profile: first and last order, tenure_days and recency_days (days before as_of, fractional), frequency (orders), monetary (total or average amount), 1..bins scores (bins = best), rfm_cell (e.g. ''545'') and segment (frequent, occasional or new)';

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

CREATE FUNCTION pmkt.rfm_query(
    query              text,
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42)
RETURNS SETOF pmkt.rfm_customer
AS 'MODULE_PATHNAME', 'pmkt_rfm_query'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm_query(text, timestamptz, text, float8, int, int, text, text, bigint) IS
'pmkt.rfm over a query whose first three columns are, in this order, the customer id (an integer or numeric type), the order time (timestamptz, timestamp or date) and the amount (an integer, real or numeric type), one row per order (aggregate order lines per order in the query, or use pmkt.rfm with order_col); other types, or a column named customer_id, ordered_at, amount or order_id at another of these positions, raise 42804 listing the columns received; same options and result';

CREATE TABLE pmkt.segment_strategy (
    segment                  text PRIMARY KEY,
    strategy                 text NOT NULL,
    objective                text,
    expected_effect          text,
    expected_sales_growth    float8,
    expected_customer_growth float8,
    expected_roi             float8,
    is_default               boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE pmkt.segment_strategy IS
'Editable map from customer segment to marketing strategy with planning figures (fractions: 0.15 = 15 %). Seeded with study A''s three rows (is_default = true); an edited or added row is the user''s (is_default = false) and survives pg_dump/restore';
COMMENT ON COLUMN pmkt.segment_strategy.segment IS 'segment name as produced by pmkt.rfm (frequent, occasional, new) or any user-defined segment';
COMMENT ON COLUMN pmkt.segment_strategy.strategy IS 'the action taken for the segment';
COMMENT ON COLUMN pmkt.segment_strategy.objective IS 'what the strategy aims at (loyalty, purchase frequency, conversion)';
COMMENT ON COLUMN pmkt.segment_strategy.expected_effect IS 'the expected effect in words';
COMMENT ON COLUMN pmkt.segment_strategy.expected_sales_growth IS 'planning input: expected sales growth as a fraction (0.15 = 15 %)';
COMMENT ON COLUMN pmkt.segment_strategy.expected_customer_growth IS 'planning input: expected growth of the segment''s active customers as a fraction';
COMMENT ON COLUMN pmkt.segment_strategy.expected_roi IS 'planning input: expected ROI as a fraction (net profit / investment)';
COMMENT ON COLUMN pmkt.segment_strategy.is_default IS 'true while the row is as shipped by pmkt; set to false by any UPDATE';

-- Study A's strategies (SPEC section 1.4).  The growth and ROI figures are
-- illustrative planning numbers, meant to be replaced by the user's own.
INSERT INTO pmkt.segment_strategy VALUES
 ('frequent',   'VIP membership discount',  'loyalty',
  'retain high-frequency buyers and raise their order value', 0.10, 0.05, 1.80, true),
 ('occasional', 'discount promotions',      'purchase frequency',
  'price-sensitive occasional buyers order more often',       0.15, 0.08, 1.20, true),
 ('new',        'first-purchase discount',  'conversion',
  'convert new customers into repeat buyers',                 0.08, 0.20, 0.90, true);

CREATE FUNCTION pmkt.segment_strategy_trigger() RETURNS trigger
AS 'MODULE_PATHNAME', 'pmkt_segment_strategy_trigger'
LANGUAGE C;
COMMENT ON FUNCTION pmkt.segment_strategy_trigger() IS
'Keeps pmkt.segment_strategy dump-safe: an UPDATE clears is_default; an INSERT of a segment whose row is still a shipped default replaces that row';

CREATE TRIGGER segment_strategy_user_rows
BEFORE INSERT OR UPDATE ON pmkt.segment_strategy
FOR EACH ROW EXECUTE FUNCTION pmkt.segment_strategy_trigger();

SELECT pg_catalog.pg_extension_config_dump('pmkt.segment_strategy', 'WHERE NOT is_default');

CREATE TYPE pmkt.customer_strategy AS (
    customer_id              bigint,
    segment                  text,
    r_score                  int,
    f_score                  int,
    m_score                  int,
    rfm_cell                 text,
    strategy                 text,
    expected_effect          text,
    expected_sales_growth    float8,
    expected_customer_growth float8,
    expected_roi             float8
);
COMMENT ON TYPE pmkt.customer_strategy IS
'A customer, its RFM segment and scores, and its segment''s row of pmkt.segment_strategy';

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

-- ======== src/segment/38_dbscan.sql

-- ---------------------------------------------------------------------------
-- dbscan: density-based clustering with noise
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.dbscan_label AS (
    row_id     bigint,
    cluster_id int,
    is_core    boolean
);
COMMENT ON TYPE pmkt.dbscan_label IS
'DBSCAN result for one row: its id, its cluster (1, 2, ... in order of discovery; -1 = noise) and whether it is a core point';

CREATE FUNCTION pmkt.dbscan(
    query               text,
    eps                 float8,
    min_points          int,
    max_candidate_pairs bigint DEFAULT 1000000000)
RETURNS SETOF pmkt.dbscan_label
AS 'MODULE_PATHNAME', 'pmkt_dbscan'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.dbscan(text, float8, int, bigint) IS
'DBSCAN over the rows of query (first column: id, an integer or numeric read as bigint; second: features, a float8[] or an integer, real or numeric array read as float8[]; further columns ignored): a row with at least min_points rows (itself included) within Euclidean distance eps is a core point; clusters are grown from core points in the query''s row order (ORDER BY for reproducibility), border points join the first cluster reaching them, the rest is noise (cluster_id -1). Matches scikit-learn''s DBSCAN labels + 1. Rows with a NULL id, NULL features or a NULL element are skipped. Grid neighbour search (cell side eps); refuses with 54000 beyond max_candidate_pairs distance computations per pass';

-- ======== src/weigh/40_normalize.sql

-- ---------------------------------------------------------------------------
-- normalize: min-max normalisation of indices (SPEC 2.2)
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.minmax_normalize(x float8, min float8, max float8,
    positive boolean DEFAULT true, shift float8 DEFAULT 0.001)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_minmax_normalize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.minmax_normalize(float8, float8, float8, boolean, float8) IS
'Min-max normalisation of one value: (x - min)/(max - min) + shift for a positive index, (max - x)/(max - min) + shift for a negative one; a constant column (max = min) gives 0.5 + shift. Use with min(x) OVER () and max(x) OVER ().';

CREATE FUNCTION pmkt.column_ranges_sfunc(state float8[], x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_column_ranges_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.column_ranges_sfunc(float8[], float8[]) IS
'Transition function of pmkt.column_ranges: state {tag 4001, d, n, min_1..min_d, max_1..max_d}';

CREATE FUNCTION pmkt.column_ranges_combine(state1 float8[], state2 float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_column_ranges_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.column_ranges_combine(float8[], float8[]) IS
'Combine function of pmkt.column_ranges (parallel and distributed partial aggregation)';

CREATE FUNCTION pmkt.column_ranges_final(state float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_column_ranges_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.column_ranges_final(float8[]) IS
'Final function of pmkt.column_ranges: the 2 x d array {{minima},{maxima}}';

CREATE AGGREGATE pmkt.column_ranges(x float8[]) (
    SFUNC = pmkt.column_ranges_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.column_ranges_combine,
    FINALFUNC = pmkt.column_ranges_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.column_ranges(float8[]) IS
'Per-column minima and maxima of float8[] rows as a 2 x d array {{min_1..min_d},{max_1..max_d}}, for pmkt.normalize; NULL rows are skipped, no rows gives NULL';

CREATE FUNCTION pmkt.normalize(x float8[], ranges float8[],
    directions boolean[] DEFAULT NULL, shift float8 DEFAULT 0.001)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_normalize_bool'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.normalize(float8[], float8[], boolean[], float8) IS
'Min-max normalisation of a float8[] row against pmkt.column_ranges() (2 x d); directions: true = positive, false = negative index (NULL = all positive); constant columns give 0.5 + shift';

CREATE FUNCTION pmkt.normalize(x float8[], ranges float8[],
    directions text[], shift float8 DEFAULT 0.001)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_normalize_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.normalize(float8[], float8[], text[], float8) IS
'Min-max normalisation of a float8[] row against pmkt.column_ranges() (2 x d); directions per column ''+''/''positive'' or ''-''/''negative''; constant columns give 0.5 + shift';

-- ======== src/weigh/45_pca.sql

-- ---------------------------------------------------------------------------
-- pca: principal component analysis in one combinable pass (SPEC 2.3)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.pca_result AS (
    n bigint,
    means float8[],
    stddevs float8[],
    eigenvalues float8[],
    contribution float8[],
    cumulative float8[],
    loadings float8[],
    n_components int,
    use_correlation boolean,
    threshold float8
);
COMMENT ON TYPE pmkt.pca_result IS
'Result of pmkt.pca_components: row count, column means and sample standard deviations, eigenvalues (descending) of the correlation or covariance matrix, contribution and cumulative contribution rates, loadings (d x d, column c = unit eigenvector of component c, sign: largest-magnitude element positive), the number of components whose cumulative contribution reaches threshold, and the settings used';

CREATE FUNCTION pmkt.pca_components_sfunc(state float8[], x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION pmkt.pca_components_sfunc(float8[], float8[]) IS
'Transition function of pmkt.pca_components: state {tag 4501, d, n, use_correlation, threshold, pivot, means - pivot, upper-triangle co-moments} (Welford update)';

CREATE FUNCTION pmkt.pca_components_sfunc(state float8[], x float8[], use_correlation boolean)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION pmkt.pca_components_sfunc(float8[], float8[], boolean) IS
'Transition function of pmkt.pca_components(x, use_correlation)';

CREATE FUNCTION pmkt.pca_components_sfunc(state float8[], x float8[], use_correlation boolean, threshold float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION pmkt.pca_components_sfunc(float8[], float8[], boolean, float8) IS
'Transition function of pmkt.pca_components(x, use_correlation, threshold)';

CREATE FUNCTION pmkt.pca_components_combine(state1 float8[], state2 float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pca_components_combine(float8[], float8[]) IS
'Combine function of pmkt.pca_components: pairwise merge of counts, means and co-moments (Chan, Golub, LeVeque)';

CREATE FUNCTION pmkt.pca_components_final(state float8[])
RETURNS pmkt.pca_result
AS 'MODULE_PATHNAME', 'pmkt_pca_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pca_components_final(float8[]) IS
'Final function of pmkt.pca_components: correlation or covariance matrix and its eigen-decomposition (LAPACK dsyev)';

CREATE AGGREGATE pmkt.pca_components(x float8[]) (
    SFUNC = pmkt.pca_components_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.pca_components_combine,
    FINALFUNC = pmkt.pca_components_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.pca_components(float8[]) IS
'Principal components of the correlation matrix of float8[] rows, threshold 0.85; one pass, combinable; NULL rows skipped, no rows gives NULL, one row is an error';

CREATE AGGREGATE pmkt.pca_components(x float8[], use_correlation boolean) (
    SFUNC = pmkt.pca_components_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.pca_components_combine,
    FINALFUNC = pmkt.pca_components_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.pca_components(float8[], boolean) IS
'Principal components of the correlation (true) or covariance (false) matrix of float8[] rows, threshold 0.85';

CREATE AGGREGATE pmkt.pca_components(x float8[], use_correlation boolean, threshold float8) (
    SFUNC = pmkt.pca_components_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.pca_components_combine,
    FINALFUNC = pmkt.pca_components_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.pca_components(float8[], boolean, float8) IS
'Principal components of the correlation (true) or covariance (false) matrix of float8[] rows; n_components = first l whose cumulative contribution reaches threshold in (0, 1]';

CREATE FUNCTION pmkt.pca_project(x float8[], pca pmkt.pca_result, n_components int DEFAULT NULL)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_project'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pca_project(float8[], pmkt.pca_result, int) IS
'Principal component scores of one row: standardised (correlation PCA) or centred (covariance PCA) x times the first n_components loadings (NULL = the components reaching the threshold)';

CREATE FUNCTION pmkt.pca_report(pca pmkt.pca_result,
    OUT component int, OUT eigenvalue float8, OUT contribution float8,
    OUT cumulative float8, OUT retained boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_pca_report'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION pmkt.pca_report(pmkt.pca_result) IS
'One row per principal component: eigenvalue, contribution rate, cumulative rate, and whether it is among the n_components retained';

CREATE FUNCTION pmkt.pca_loadings(pca pmkt.pca_result,
    OUT variable int, OUT component int, OUT loading float8, OUT retained boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_pca_loadings'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 400;
COMMENT ON FUNCTION pmkt.pca_loadings(pmkt.pca_result) IS
'The loadings matrix in long form: one row per (variable = input column, component), with whether the component is among the n_components retained';

CREATE FUNCTION pmkt.pca_select_variables(pca pmkt.pca_result, n_components int DEFAULT NULL)
RETURNS int[]
AS 'MODULE_PATHNAME', 'pmkt_pca_select_variables'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pca_select_variables(pmkt.pca_result, int) IS
'Index screening (Jolliffe rule B4): for each of the first n_components components, the not yet chosen column with the largest absolute loading; 1-based column numbers';

-- ======== src/weigh/50_entropy.sql

-- ---------------------------------------------------------------------------
-- entropy: entropy weight method and composite score (SPEC 2.4)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.entropy_result AS (
    n bigint,
    entropy float8[],
    divergence float8[],
    weights float8[]
);
COMMENT ON TYPE pmkt.entropy_result IS
'Result of pmkt.entropy_weights_detail: row count, per-column entropy e_j, divergence d_j = 1 - e_j and weight w_j = d_j / sum d';

CREATE FUNCTION pmkt.entropy_weights_sfunc(state float8[], x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_entropy_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION pmkt.entropy_weights_sfunc(float8[], float8[]) IS
'Transition function of pmkt.entropy_weights: state {tag 5001, d, n, sum x, sum x ln x, min, max (per column)}';

CREATE FUNCTION pmkt.entropy_weights_combine(state1 float8[], state2 float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_entropy_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.entropy_weights_combine(float8[], float8[]) IS
'Combine function of pmkt.entropy_weights and pmkt.entropy_weights_detail (sums of the partial states)';

CREATE FUNCTION pmkt.entropy_weights_final(state float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_entropy_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.entropy_weights_final(float8[]) IS
'Final function of pmkt.entropy_weights: the weights';

CREATE FUNCTION pmkt.entropy_weights_detail_final(state float8[])
RETURNS pmkt.entropy_result
AS 'MODULE_PATHNAME', 'pmkt_entropy_detail_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.entropy_weights_detail_final(float8[]) IS
'Final function of pmkt.entropy_weights_detail: n, entropies, divergences and weights';

CREATE AGGREGATE pmkt.entropy_weights(x float8[]) (
    SFUNC = pmkt.entropy_weights_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.entropy_weights_combine,
    FINALFUNC = pmkt.entropy_weights_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.entropy_weights(float8[]) IS
'Entropy weights (summing to 1) of the columns of non-negative float8[] rows; one pass, combinable; NULL rows skipped, no rows gives NULL; one row or all-constant columns give equal weights, an all-zero column weight 0';

CREATE AGGREGATE pmkt.entropy_weights_detail(x float8[]) (
    SFUNC = pmkt.entropy_weights_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.entropy_weights_combine,
    FINALFUNC = pmkt.entropy_weights_detail_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.entropy_weights_detail(float8[]) IS
'Entropy weight method with detail: pmkt.entropy_result (n, entropy, divergence, weights per column)';

CREATE FUNCTION pmkt.composite_score(x float8[], w float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_composite_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.composite_score(float8[], float8[]) IS
'Composite score sum_j w_j x_j of one normalised row x with weights w (e.g. from pmkt.entropy_weights)';

-- ======== src/weigh/55_aisas.sql

-- ---------------------------------------------------------------------------
-- aisas: the AISAS index system of study B (SPEC 2.1)
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.aisas_indices(source regclass,
    OUT unit_id int, OUT month date,
    OUT b11_ad_impressions float8, OUT b12_brand_recognition float8,
    OUT b21_page_views float8, OUT b22_favourite_ratio float8,
    OUT b31_keyword_searches float8, OUT b32_keyword_search_index float8,
    OUT b33_related_searches float8, OUT b34_related_search_index float8,
    OUT b41_conversion_rate float8, OUT b42_order_growth float8,
    OUT b43_purchaser_growth float8, OUT b44_standard_purchase_growth float8,
    OUT b45_amount_growth float8, OUT b51_topics float8, OUT b52_replies float8,
    OUT b53_reviews float8, OUT b54_reposts float8, OUT indices float8[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_aisas_indices'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 1600;
COMMENT ON FUNCTION pmkt.aisas_indices(regclass) IS
'The 17 AISAS secondary indices B11..B54 per (unit_id, month) of a table or view shaped like pmkt_demo.aisas_monthly (raw monthly counts): ratios (NULL for a zero denominator), month-on-month growth rates (NULL for a unit''s first month, a missing previous month or a zero previous value), and indices float8[] of all 17 (NULL when any is NULL); all indices are positive';

CREATE FUNCTION pmkt.aisas_index_names()
RETURNS text[]
AS 'MODULE_PATHNAME', 'pmkt_aisas_index_names'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.aisas_index_names() IS
'Names of the 17 AISAS indices in the order of pmkt.aisas_indices(...).indices';

-- ======== src/model/60_ols.sql

-- ---------------------------------------------------------------------------
-- ols: ordinary least squares with inference (one-pass QR aggregate)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.ols_result AS (
    coefficients float8[],
    std_errors float8[],
    t_values float8[],
    p_values float8[],
    r_squared float8,
    adj_r_squared float8,
    f_statistic float8,
    f_p_value float8,
    residual_std_error float8,
    n bigint,
    df_model int,
    df_residual bigint,
    log_likelihood float8,
    aic float8,
    bic float8,
    condition_number float8,
    rank int,
    intercept boolean
);
COMMENT ON TYPE pmkt.ols_result IS
'Result of pmkt.ols: coefficients, standard errors, t statistics and two-sided p-values (arrays, intercept first when fitted), R squared, adjusted R squared, F statistic and its p-value, residual standard error, rows, degrees of freedom, Gaussian log-likelihood, AIC, BIC, condition number of X, numerical rank, and whether an intercept was fitted. A rank-deficient fit has rank below the number of parameters and NULL estimates.';

CREATE FUNCTION pmkt.ols_sfunc(state float8[], y float8, x float8[], intercept boolean)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_ols_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_sfunc(float8[], float8, float8[], boolean) IS
'Transition function of pmkt.ols: adds the row [1 x y] to the Gram matrix kept in double-double precision (exact products, error-free sums); skips rows with a NULL y, x or element of x';

CREATE FUNCTION pmkt.ols_sfunc(state float8[], y float8, x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_ols_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_sfunc(float8[], float8, float8[]) IS
'Transition function of pmkt.ols(y, x): as pmkt.ols_sfunc with intercept true';

CREATE FUNCTION pmkt.ols_combine(a float8[], b float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_ols_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_combine(float8[], float8[]) IS
'Combine function of pmkt.ols: adds two partial Gram matrices in double-double arithmetic';

CREATE FUNCTION pmkt.ols_final(state float8[])
RETURNS pmkt.ols_result
AS 'MODULE_PATHNAME', 'pmkt_ols_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_final(float8[]) IS
'Final function of pmkt.ols: double-double Cholesky of the Gram matrix (the R of a QR of [X y]), long double triangular solves, and the inference statistics';

CREATE AGGREGATE pmkt.ols(y float8, x float8[], intercept boolean) (
    SFUNC = pmkt.ols_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.ols_combine,
    FINALFUNC = pmkt.ols_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.ols(float8, float8[], boolean) IS
'Ordinary least squares of y on x (plus an intercept unless intercept is false) in one pass, combinable (parallel, Citus): Gram matrix in double-double precision, at least 13 correct digits on the NIST StRD linear sets (7.6 on Filip, the limit of its inputs). Rows with NULL y, x or x elements are skipped; empty input gives NULL; collinear regressors give rank < parameters and NULL estimates.';

CREATE AGGREGATE pmkt.ols(y float8, x float8[]) (
    SFUNC = pmkt.ols_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.ols_combine,
    FINALFUNC = pmkt.ols_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.ols(float8, float8[]) IS
'Ordinary least squares of y on x with an intercept: pmkt.ols(y, x, true)';

CREATE FUNCTION pmkt.ols_report(result pmkt.ols_result, names text[] DEFAULT NULL)
RETURNS TABLE (variable text, coefficient float8, std_error float8,
               t_value float8, p_value float8, stars text)
AS 'MODULE_PATHNAME', 'pmkt_ols_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION pmkt.ols_report(pmkt.ols_result, text[]) IS
'One row per parameter of an OLS fit (the regression table): variable name ("(Intercept)" first when fitted; names gives the regressors'' names, default x1, x2, ...), coefficient, standard error, t, two-sided p-value and significance stars (*** p<0.001, ** p<0.01, * p<0.05, . p<0.1)';

CREATE FUNCTION pmkt.ols_predict(x float8[], model pmkt.ols_result)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_ols_predict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_predict(float8[], pmkt.ols_result) IS
'Fitted value of an OLS model for the regressors x (same order as in the fit; the intercept is added when the model has one)';

-- ======== src/model/65_logistic.sql

-- ---------------------------------------------------------------------------
-- logistic: logistic regression (Newton/IRLS) for conversion
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.logistic_result AS (
    coefficients float8[],
    std_errors float8[],
    z_values float8[],
    p_values float8[],
    odds_ratios float8[],
    log_likelihood float8,
    null_log_likelihood float8,
    pseudo_r_squared float8,
    aic float8,
    iterations int,
    converged boolean,
    n bigint,
    intercept boolean
);
COMMENT ON TYPE pmkt.logistic_result IS
'Result of pmkt.logistic_train: coefficients, standard errors (from the inverse information matrix), z statistics, two-sided normal p-values and odds ratios exp(b) (arrays, intercept first when fitted), log-likelihood, null (intercept-only) log-likelihood, McFadden pseudo R squared, AIC, Newton iterations, whether it converged, rows used, and whether an intercept was fitted';

CREATE FUNCTION pmkt.logistic_step_sfunc(state float8[], x float8[], y float8, beta float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_logistic_step_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.logistic_step_sfunc(float8[], float8[], float8, float8[]) IS
'Transition function of pmkt.logistic_step: adds one row''s log-likelihood, gradient and Hessian terms at beta';

CREATE FUNCTION pmkt.logistic_step_combine(a float8[], b float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_logistic_step_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.logistic_step_combine(float8[], float8[]) IS
'Combine function of pmkt.logistic_step: adds two partial sums computed at the same beta';

CREATE AGGREGATE pmkt.logistic_step(x float8[], y float8, beta float8[]) (
    SFUNC = pmkt.logistic_step_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.logistic_step_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.logistic_step(float8[], float8, float8[]) IS
'One Newton iteration''s pass for logistic regression at coefficients beta (intercept first when beta is one longer than x): returns the float8[] state [tag, p, intercept, n, log-likelihood, perfectly predicted rows, sum y, beta (p), gradient (p), Hessian (p x p, upper triangle)]. Rows with NULL x, y or x elements are skipped; y must be 0 or 1.';

CREATE FUNCTION pmkt.logistic_train(query text, max_iter int DEFAULT 50,
                                    tol float8 DEFAULT 1e-8, intercept boolean DEFAULT true)
RETURNS pmkt.logistic_result
AS 'MODULE_PATHNAME', 'pmkt_logistic_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.logistic_train(text, int, float8, boolean) IS
'Logistic regression by Newton/IRLS on the rows of query (x float8[], y boolean or 0/1): in memory when the rows fit pmkt.max_train_memory, else one pass of pmkt.logistic_step per iteration. Stops when every step |d_j| <= tol * max(1, |b_j|); raises 22023 on complete or quasi-complete separation.';

CREATE FUNCTION pmkt.logistic_predict(x float8[], model pmkt.logistic_result)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_logistic_predict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.logistic_predict(float8[], pmkt.logistic_result) IS
'Predicted probability 1 / (1 + exp(-(b0 + b . x))) of a logistic model for the regressors x (same order as in training)';

-- ======== src/model/70_bpnn.sql

-- ---------------------------------------------------------------------------
-- bpnn: the pmkt.nnmodel type, back-propagation training, scoring,
-- training curve and regression metrics (SPEC 2.5)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.nnmodel;

CREATE FUNCTION pmkt.nnmodel_in(cstring) RETURNS pmkt.nnmodel
AS 'MODULE_PATHNAME', 'pmkt_nnmodel_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.nnmodel_out(pmkt.nnmodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_nnmodel_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.nnmodel_recv(internal) RETURNS pmkt.nnmodel
AS 'MODULE_PATHNAME', 'pmkt_nnmodel_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.nnmodel_send(pmkt.nnmodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_nnmodel_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE pmkt.nnmodel (
    INPUT = pmkt.nnmodel_in,
    OUTPUT = pmkt.nnmodel_out,
    RECEIVE = pmkt.nnmodel_recv,
    SEND = pmkt.nnmodel_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE pmkt.nnmodel IS
'a trained three-layer network (BPNN or RBF): layer sizes, activations, input/target scaling, weights and the training curve; text form is JSON with exact numbers';
COMMENT ON FUNCTION pmkt.nnmodel_in(cstring) IS 'pmkt.nnmodel input: strict JSON parser';
COMMENT ON FUNCTION pmkt.nnmodel_out(pmkt.nnmodel) IS 'pmkt.nnmodel output: JSON with shortest exact numbers';
COMMENT ON FUNCTION pmkt.nnmodel_recv(internal) IS 'pmkt.nnmodel binary input (validated)';
COMMENT ON FUNCTION pmkt.nnmodel_send(pmkt.nnmodel) IS 'pmkt.nnmodel binary output';

CREATE FUNCTION pmkt.bpnn_train(
    query text,
    hidden int,
    activation text DEFAULT 'sigmoid',
    output_activation text DEFAULT 'identity',
    optimizer text DEFAULT 'adam',
    learning_rate float8 DEFAULT NULL,
    epochs int DEFAULT 200,
    batch_size int DEFAULT 32,
    target_mse float8 DEFAULT 0,
    validation_fraction float8 DEFAULT 0.1,
    patience int DEFAULT 10,
    standardize boolean DEFAULT true,
    seed bigint DEFAULT 42)
RETURNS pmkt.nnmodel
AS 'MODULE_PATHNAME', 'pmkt_bpnn_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.bpnn_train(text, int, text, text, text, float8, int, int, float8, float8, int, boolean, bigint) IS
'train a three-layer back-propagation network in memory on the query''s (features float8[], target) rows: hidden units, activation sigmoid/tanh/relu, output identity/sigmoid, optimizer adam/sgd (learning rate 0.001 by default), mini-batches, early stopping on a validation fraction, seeded';

-- nn_predict(model, ARRAY[f1, ...]) is rewritten at plan time into
-- nn_predict_unpacked(model, f1, ...), which takes the features as separate
-- arguments: no array is built per scored row (see src/nnscore.c)
CREATE FUNCTION pmkt.nn_predict_unpacked(model pmkt.nnmodel, VARIADIC x "any") RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_nn_predict_unpacked'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nn_predict_unpacked(pmkt.nnmodel, "any") IS
'support function: nn_predict with the float8 features as separate arguments; the planner rewrites nn_predict(model, ARRAY[...]) into it';

CREATE FUNCTION pmkt.nn_predict_support(internal) RETURNS internal
AS 'MODULE_PATHNAME', 'pmkt_nn_predict_support'
LANGUAGE C STRICT;
COMMENT ON FUNCTION pmkt.nn_predict_support(internal) IS
'planner support function of nn_predict and bpnn_predict (rewrites ARRAY[...] features into nn_predict_unpacked)';

CREATE FUNCTION pmkt.nn_predict(model pmkt.nnmodel, x float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_nn_predict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT pmkt.nn_predict_support;
COMMENT ON FUNCTION pmkt.nn_predict(pmkt.nnmodel, float8[]) IS
'the network''s (first) output for the feature vector x';

CREATE FUNCTION pmkt.bpnn_predict(model pmkt.nnmodel, x float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_nn_predict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT pmkt.nn_predict_support;
COMMENT ON FUNCTION pmkt.bpnn_predict(pmkt.nnmodel, float8[]) IS
'the network''s (first) output for the feature vector x (same as pmkt.nn_predict)';

CREATE FUNCTION pmkt.nn_predict_all(model pmkt.nnmodel, x float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_nn_predict_all'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nn_predict_all(pmkt.nnmodel, float8[]) IS
'all of the network''s outputs for the feature vector x';

CREATE FUNCTION pmkt.nn_training_curve(model pmkt.nnmodel,
    OUT epoch int, OUT train_mse float8, OUT validation_mse float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_nn_training_curve'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 200;
COMMENT ON FUNCTION pmkt.nn_training_curve(pmkt.nnmodel) IS
'the training curve stored in the model: per epoch the mean training MSE over the epoch''s batches and the validation MSE (NULL without a validation set), on the target''s scale';

CREATE TYPE pmkt.fit_metrics AS (
    n bigint,
    sse float8,
    mse float8,
    rmse float8,
    mae float8,
    r_squared float8
);
COMMENT ON TYPE pmkt.fit_metrics IS
'goodness of fit of predictions: rows, sum of squared errors, mean squared error, its root, mean absolute error, R squared = 1 - SSE/SST';

CREATE FUNCTION pmkt.regression_metrics_sfunc(float8[], float8, float8) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_regression_metrics_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.regression_metrics_sfunc(float8[], float8, float8) IS
'transition function of pmkt.regression_metrics';
CREATE FUNCTION pmkt.regression_metrics_combine(float8[], float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_regression_metrics_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.regression_metrics_combine(float8[], float8[]) IS
'combine function of pmkt.regression_metrics (Chan''s parallel update)';
CREATE FUNCTION pmkt.regression_metrics_final(float8[]) RETURNS pmkt.fit_metrics
AS 'MODULE_PATHNAME', 'pmkt_regression_metrics_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.regression_metrics_final(float8[]) IS
'final function of pmkt.regression_metrics';

CREATE AGGREGATE pmkt.regression_metrics(y float8, yhat float8) (
    SFUNC = pmkt.regression_metrics_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.regression_metrics_combine,
    FINALFUNC = pmkt.regression_metrics_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.regression_metrics(float8, float8) IS
'n, SSE, MSE, RMSE, MAE and R squared of predictions yhat against observed y, for any model; rows with a NULL y or yhat are skipped';

CREATE FUNCTION pmkt.nn_evaluate(model pmkt.nnmodel, query text) RETURNS pmkt.fit_metrics
AS 'MODULE_PATHNAME', 'pmkt_nn_evaluate'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.nn_evaluate(pmkt.nnmodel, text) IS
'score the query''s (features float8[], target) rows with the model and return n, SSE, MSE, RMSE, MAE, R squared (several outputs: target float8[], pairs pooled)';

CREATE TYPE pmkt.nn_info AS (
    kind text,
    inputs int,
    hidden int,
    outputs int,
    hidden_activation text,
    output_activation text,
    optimizer text,
    learning_rate float8,
    epochs int,
    n_train bigint,
    n_validation bigint,
    train_mse float8,
    validation_mse float8,
    cluster_sse float8
);
COMMENT ON TYPE pmkt.nn_info IS
'summary of a pmkt.nnmodel: kind (bpnn/rbf), layer sizes, activations, optimizer or solver, learning rate, epochs run, training and validation rows, training and validation MSE, clustering SSE (RBF); NULL where not applicable';

CREATE FUNCTION pmkt.nn_model_info(model pmkt.nnmodel) RETURNS pmkt.nn_info
AS 'MODULE_PATHNAME', 'pmkt_nn_model_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nn_model_info(pmkt.nnmodel) IS
'the model''s header as a row, for views and BI tools';

-- ======== src/model/75_rbf.sql

-- ---------------------------------------------------------------------------
-- rbf: the k-means-initialised RBF network (SPEC 2.6)
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.rbf_train(
    query text,
    centers int,
    init text DEFAULT 'density',
    epsilon float8 DEFAULT 1.0,
    solver text DEFAULT 'lstsq',
    learning_rate float8 DEFAULT 0.001,
    epochs int DEFAULT 1000,
    standardize boolean DEFAULT true,
    seed bigint DEFAULT 42)
RETURNS pmkt.nnmodel
AS 'MODULE_PATHNAME', 'pmkt_rbf_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.rbf_train(text, int, text, float8, text, float8, int, boolean, bigint) IS
'train an RBF network on the query''s (features float8[], target) rows: centres by density (subtractive clustering) or k-means++ heads refined by k-means, Gaussian widths epsilon x distance to the nearest other centre, output weights by exact least squares or online gradient descent; the clustering SSE is stored in the model';

-- ======== src/classify/80_classify_metrics.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- classify metrics (issue 13, part 3): classification report, ROC AUC, ROC
-- and precision-recall curves, gains table, log loss, Brier score, and a
-- seeded train/test split.  All aggregates are parallel safe with combine
-- functions; their states are plain SQL types (bytea, float8[]) that
-- survive a text round trip exactly and are validated on every read.
-- ---------------------------------------------------------------------------

-- classification report ------------------------------------------------------
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual anyelement, predicted anyelement)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, anyelement, anyelement) IS
'transition function of pmkt.classification_report(actual, predicted); state: class labels (text form) and the confusion counts';
CREATE FUNCTION pmkt.classification_report_combine(a bytea, b bytea) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_cr_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_combine(bytea, bytea) IS
'combine function of pmkt.classification_report(actual, predicted)';
CREATE FUNCTION pmkt.classification_report_final(state bytea) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_cr_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_final(bytea) IS
'final function of pmkt.classification_report(actual, predicted)';
CREATE AGGREGATE pmkt.classification_report(actual anyelement, predicted anyelement) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(anyelement, anyelement) IS
'classification report as jsonb: n, classes (sorted: numerically when all labels are numbers, else by text), confusion_matrix (rows actual, columns predicted), per_class precision/recall/f1/support/predicted, accuracy, balanced_accuracy, cohen_kappa, macro and weighted averages; 0/0 gives 0 as scikit-learn; rows with a NULL skipped; at most 1000 classes';

-- (score, actual) pairs: exact ROC AUC, curves, gains table ------------------
CREATE FUNCTION pmkt.score_pairs_sfunc(state float8[], score float8, actual boolean)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_ps_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.score_pairs_sfunc(float8[], float8, boolean) IS
'transition function of pmkt.roc_auc, roc_curve, pr_curve; state [tag, n, bins, score1, label1, ...] plus spare capacity; 16 bytes a row within pmkt.max_train_memory';
CREATE FUNCTION pmkt.score_pairs_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_ps_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.score_pairs_combine(float8[], float8[]) IS
'combine function of pmkt.roc_auc, roc_curve, pr_curve, gains_table';

CREATE FUNCTION pmkt.roc_auc_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_roc_auc_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.roc_auc_final(float8[]) IS 'final function of pmkt.roc_auc(score, actual)';
CREATE AGGREGATE pmkt.roc_auc(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.roc_auc_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.roc_auc(float8, boolean) IS
'exact area under the ROC curve (ties count 1/2, as scikit-learn roc_auc_score); keeps every pair: 16 bytes a row within pmkt.max_train_memory (53200 beyond); NULLs skipped; NaN/Infinity scores and a single class are errors (22023)';

CREATE TYPE pmkt.roc_point AS (threshold float8, fpr float8, tpr float8);
COMMENT ON TYPE pmkt.roc_point IS 'a point of pmkt.roc_curve: rows with score >= threshold are flagged';
COMMENT ON COLUMN pmkt.roc_point.threshold IS 'score threshold (flag rows with score >= threshold); +Infinity for the first point (nothing flagged)';
COMMENT ON COLUMN pmkt.roc_point.fpr IS 'false positive rate: flagged negatives / all negatives';
COMMENT ON COLUMN pmkt.roc_point.tpr IS 'true positive rate (recall): flagged positives / all positives';
CREATE FUNCTION pmkt.roc_curve_final(state float8[]) RETURNS pmkt.roc_point[]
AS 'MODULE_PATHNAME', 'pmkt_roc_curve_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.roc_curve_final(float8[]) IS 'final function of pmkt.roc_curve(score, actual)';
CREATE AGGREGATE pmkt.roc_curve(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.roc_curve_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.roc_curve(float8, boolean) IS
'ROC curve points, highest threshold first: (Infinity, 0, 0) then one point per distinct score (scikit-learn roc_curve with drop_intermediate => false); unnest() it for charts';

CREATE TYPE pmkt.pr_point AS (threshold float8, "precision" float8, recall float8);
COMMENT ON TYPE pmkt.pr_point IS 'a point of pmkt.pr_curve: rows with score >= threshold are flagged';
COMMENT ON COLUMN pmkt.pr_point.threshold IS 'score threshold (flag rows with score >= threshold); +Infinity for the first point (nothing flagged)';
COMMENT ON COLUMN pmkt.pr_point."precision" IS 'precision: flagged positives / flagged rows (1 for the first point, as scikit-learn)';
COMMENT ON COLUMN pmkt.pr_point.recall IS 'recall: flagged positives / all positives';
CREATE FUNCTION pmkt.pr_curve_final(state float8[]) RETURNS pmkt.pr_point[]
AS 'MODULE_PATHNAME', 'pmkt_pr_curve_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pr_curve_final(float8[]) IS 'final function of pmkt.pr_curve(score, actual)';
CREATE AGGREGATE pmkt.pr_curve(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.pr_curve_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.pr_curve(float8, boolean) IS
'precision-recall curve points, highest threshold first: (Infinity, 1, 0) then one point per distinct score (scikit-learn precision_recall_curve in reverse order); no positive row is an error (22023)';

CREATE TYPE pmkt.gains_row AS (
  bin bigint, rows bigint, responders bigint, response_rate float8,
  min_score float8, max_score float8, cum_rows bigint, cum_responders bigint,
  cum_response_rate float8, gain float8, lift float8, cum_lift float8);
COMMENT ON TYPE pmkt.gains_row IS 'a row of pmkt.gains_table: one score bin, best scores first';
COMMENT ON COLUMN pmkt.gains_row.bin IS 'bin number, 1 = highest scores; a run of tied scores stays in the bin where it starts, so a bin may be left out';
COMMENT ON COLUMN pmkt.gains_row.rows IS 'rows in the bin';
COMMENT ON COLUMN pmkt.gains_row.responders IS 'rows with actual = true in the bin';
COMMENT ON COLUMN pmkt.gains_row.response_rate IS 'responders / rows in the bin';
COMMENT ON COLUMN pmkt.gains_row.min_score IS 'lowest score in the bin';
COMMENT ON COLUMN pmkt.gains_row.max_score IS 'highest score in the bin';
COMMENT ON COLUMN pmkt.gains_row.cum_rows IS 'rows in this bin and all better ones';
COMMENT ON COLUMN pmkt.gains_row.cum_responders IS 'responders in this bin and all better ones';
COMMENT ON COLUMN pmkt.gains_row.cum_response_rate IS 'cum_responders / cum_rows';
COMMENT ON COLUMN pmkt.gains_row.gain IS 'cumulative gain: cum_responders / all responders (NULL when there is no responder)';
COMMENT ON COLUMN pmkt.gains_row.lift IS 'response_rate / overall response rate (NULL when there is no responder)';
COMMENT ON COLUMN pmkt.gains_row.cum_lift IS 'cum_response_rate / overall response rate (NULL when there is no responder)';
CREATE FUNCTION pmkt.gains_table_sfunc(state float8[], score float8, actual boolean, bins integer)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_ps_sfunc_bins'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.gains_table_sfunc(float8[], float8, boolean, integer) IS
'transition function of pmkt.gains_table(score, actual, bins); the pairs state of pmkt.roc_auc with the bin count';
CREATE FUNCTION pmkt.gains_table_final(state float8[]) RETURNS pmkt.gains_row[]
AS 'MODULE_PATHNAME', 'pmkt_gains_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.gains_table_final(float8[]) IS 'final function of pmkt.gains_table(score, actual[, bins])';
CREATE AGGREGATE pmkt.gains_table(score float8, actual boolean, bins integer) (
  sfunc = pmkt.gains_table_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.gains_table_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.gains_table(float8, boolean, integer) IS
'gains / lift table in bins of equal size by score, best first (bins 1..1000, the same on every row); exact: keeps every pair within pmkt.max_train_memory (53200 beyond)';
CREATE AGGREGATE pmkt.gains_table(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.gains_table_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.gains_table(float8, boolean) IS
'decile gains / lift table (10 bins), best scores first; see pmkt.gains_table(score, actual, bins)';

-- log loss and Brier score ---------------------------------------------------
CREATE FUNCTION pmkt.log_loss_sfunc(state float8[], probability float8, actual boolean)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_log_loss_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.log_loss_sfunc(float8[], float8, boolean) IS
'transition function of pmkt.log_loss(probability, actual); state [tag, rows, sum of losses]';
CREATE FUNCTION pmkt.log_loss_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_log_loss_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.log_loss_combine(float8[], float8[]) IS 'combine function of pmkt.log_loss(probability, actual)';
CREATE FUNCTION pmkt.log_loss_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_log_loss_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.log_loss_final(float8[]) IS 'final function of pmkt.log_loss(probability, actual)';
CREATE AGGREGATE pmkt.log_loss(probability float8, actual boolean) (
  sfunc = pmkt.log_loss_sfunc, stype = float8[], combinefunc = pmkt.log_loss_combine,
  finalfunc = pmkt.log_loss_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.log_loss(float8, boolean) IS
'mean binary log loss (cross-entropy, natural log) of the predicted probability of true; probabilities clipped to [2.2e-16, 1 - 2.2e-16] as scikit-learn log_loss; outside [0, 1] is an error';

CREATE FUNCTION pmkt.brier_score_sfunc(state float8[], probability float8, actual boolean)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_brier_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.brier_score_sfunc(float8[], float8, boolean) IS
'transition function of pmkt.brier_score(probability, actual); state [tag, rows, sum of squared errors]';
CREATE FUNCTION pmkt.brier_score_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_brier_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.brier_score_combine(float8[], float8[]) IS 'combine function of pmkt.brier_score(probability, actual)';
CREATE FUNCTION pmkt.brier_score_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_brier_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.brier_score_final(float8[]) IS 'final function of pmkt.brier_score(probability, actual)';
CREATE AGGREGATE pmkt.brier_score(probability float8, actual boolean) (
  sfunc = pmkt.brier_score_sfunc, stype = float8[], combinefunc = pmkt.brier_score_combine,
  finalfunc = pmkt.brier_score_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.brier_score(float8, boolean) IS
'Brier score: mean squared difference between the predicted probability of true and the outcome (1/0); outside [0, 1] is an error';

-- train / test split ---------------------------------------------------------
CREATE FUNCTION pmkt.split_hash(key text, seed integer DEFAULT 0) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_split_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.split_hash(text, integer) IS
'a seeded hash of a key as a fraction in [0, 1): FNV-1a 64 over the seed (4 bytes, little-endian) and the key''s bytes, splitmix64 finish, top 53 bits; the same on every platform and server version';
CREATE FUNCTION pmkt.train_test_split(key text, test_fraction float8 DEFAULT 0.2, seed integer DEFAULT 0)
RETURNS text AS 'MODULE_PATHNAME', 'pmkt_train_test_split'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.train_test_split(text, float8, integer) IS
'''test'' when pmkt.split_hash(key, seed) < test_fraction, else ''train'': a deterministic split column (about test_fraction of the keys, the same key always on the same side); cast other keys to text';
CREATE FUNCTION pmkt.stratified_split(query text, key_column text, stratify_column text,
                                      test_fraction float8 DEFAULT 0.2, seed integer DEFAULT 0)
RETURNS TABLE (key text, stratum text, split text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
AS $$
-- no SET search_path: the caller's query runs under the caller's path; the
-- wrapper below names every function and operator by schema

BEGIN
  IF query IS NULL OR key_column IS NULL OR stratify_column IS NULL OR test_fraction IS NULL OR seed IS NULL THEN
    RAISE EXCEPTION 'pmkt.stratified_split: arguments must not be NULL'
      USING ERRCODE = '22004', HINT = 'Pass a query, its key and stratum column names, a test fraction and a seed.';
  END IF;
  IF NOT (test_fraction >= 0 AND test_fraction <= 1) THEN
    RAISE EXCEPTION 'invalid value for argument "test_fraction"'
      USING ERRCODE = '22023', DETAIL = format('Got %s.', test_fraction), HINT = 'Use a fraction in [0, 1], e.g. 0.2.';
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT k, s, CASE WHEN rn OPERATOR(pg_catalog.<=) pg_catalog.round($1 OPERATOR(pg_catalog.*) cnt::pg_catalog.float8)
                       THEN ''test''::pg_catalog.text ELSE ''train''::pg_catalog.text END
       FROM (SELECT k, s, pg_catalog.row_number() OVER (PARTITION BY s ORDER BY pmkt.split_hash(k, $2), k COLLATE "C") AS rn,
                    pg_catalog.count(*) OVER (PARTITION BY s) AS cnt
               FROM (SELECT q.%I::pg_catalog.text AS k, q.%I::pg_catalog.text AS s FROM (%s) q) r) z',
    key_column, stratify_column, query) USING test_fraction, seed;
END $$;
COMMENT ON FUNCTION pmkt.stratified_split(text, text, text, float8, integer) IS
'stratified train/test split of a query''s rows: in each stratum, the round(test_fraction x stratum size) keys with the smallest pmkt.split_hash(key, seed) are ''test'', the rest ''train''; deterministic';

-- ======== src/classify/81_tree.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- tree: CART classification trees and random forests (issue 13, part 1).
-- Training reads a query: every column but the target is a feature, by
-- name; numeric and boolean columns are numbers, text columns categories.
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.treemodel;
CREATE FUNCTION pmkt.treemodel_in(cstring) RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_treemodel_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.treemodel_out(pmkt.treemodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_treemodel_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.treemodel_recv(internal) RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_treemodel_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.treemodel_send(pmkt.treemodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_treemodel_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.treemodel (
    INPUT = pmkt.treemodel_in, OUTPUT = pmkt.treemodel_out,
    RECEIVE = pmkt.treemodel_recv, SEND = pmkt.treemodel_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.treemodel IS
'a CART tree or a random forest (flat varlena): feature names and types, categories, classes, nodes, class probabilities, importances; text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.treemodel_in(cstring) IS 'pmkt.treemodel input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.treemodel_out(pmkt.treemodel) IS 'pmkt.treemodel output: hexadecimal of the model''s bytes';
COMMENT ON FUNCTION pmkt.treemodel_recv(internal) IS 'pmkt.treemodel binary input (validated)';
COMMENT ON FUNCTION pmkt.treemodel_send(pmkt.treemodel) IS 'pmkt.treemodel binary output';

CREATE FUNCTION pmkt.tree_train(
    query text, target text,
    criterion text DEFAULT 'gini', max_depth integer DEFAULT NULL,
    min_samples_split integer DEFAULT 2, min_samples_leaf integer DEFAULT 1,
    class_weight text DEFAULT NULL, ccp_alpha float8 DEFAULT 0)
RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_tree_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.tree_train(text, text, text, integer, integer, integer, text, float8) IS
'CART classification tree (Breiman et al. 1984) on the query''s rows: target = the class column (boolean, integer or text), every other column a feature by name (numeric/boolean: numbers; text: categories, split by the ordering of Breiman''s theorem for 2 classes, by the share of the node''s majority class otherwise); criterion gini or entropy; max_depth NULL = 200; class_weight NULL or ''balanced''; ccp_alpha: minimal cost-complexity pruning; NULL features: skipped when choosing a split, then sent with unseen categories to the larger child; rows with a NULL target skipped; the rows must fit pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.forest_train(
    query text, target text,
    n_trees integer DEFAULT 100, max_features text DEFAULT 'sqrt',
    bootstrap_fraction float8 DEFAULT 1.0, seed integer DEFAULT 0,
    criterion text DEFAULT 'gini', max_depth integer DEFAULT NULL,
    min_samples_split integer DEFAULT 2, min_samples_leaf integer DEFAULT 1,
    class_weight text DEFAULT NULL, ccp_alpha float8 DEFAULT 0,
    permutation_importance boolean DEFAULT true)
RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_forest_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.forest_train(text, text, integer, text, float8, integer, text, integer, integer, integer, text, float8, boolean) IS
'random forest (Breiman 2001) of CART trees (see pmkt.tree_train): each tree on a bootstrap sample of bootstrap_fraction x rows drawn with replacement, max_features (''sqrt'', ''log2'', ''all'' or a count) features tried per split; seeded and reproducible; out-of-bag accuracy, mean impurity importance and out-of-bag permutation importance (Breiman) in the model';

CREATE FUNCTION pmkt.predict(model pmkt.treemodel, "row" record) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_tree_predict'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.predict(pmkt.treemodel, record) IS
'the most probable class (text form) for a row whose columns are matched to the model''s features by name, e.g. pmkt.predict(m, t) FROM customers t; extra columns ignored; a missing feature column is an error (42703); NULL and unseen categories go to the larger child';
CREATE FUNCTION pmkt.predict_proba(model pmkt.treemodel, "row" record) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.predict_proba(pmkt.treemodel, record) IS
'probability of the second class of a two-class model (true, the larger integer, or the later text label), averaged over the trees';
CREATE FUNCTION pmkt.predict_proba(model pmkt.treemodel, "row" record, class text) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.predict_proba(pmkt.treemodel, record, text) IS
'probability of the named class (its text form, e.g. ''t'' for true) for the row, averaged over the trees';

CREATE FUNCTION pmkt.tree_rules(model pmkt.treemodel, tree integer DEFAULT 1)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'pmkt_tree_rules'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_rules(pmkt.treemodel, integer) IS
'one readable rule per leaf of a tree (1 = the first of a forest): IF age <= 30.5 AND job IN (''admin'') THEN t (p = 0.820, n = 1204)';

CREATE FUNCTION pmkt.feature_importance(model pmkt.treemodel)
RETURNS TABLE (feature text, feature_type text, impurity_importance float8, permutation_importance float8)
AS 'MODULE_PATHNAME', 'pmkt_tree_importance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.feature_importance(pmkt.treemodel) IS
'per feature: type, impurity importance (weighted Gini/entropy decrease, sums to 1; mean over the trees of a forest), permutation importance (mean out-of-bag accuracy drop when the feature is shuffled; forests only, else NULL)';

CREATE FUNCTION pmkt.tree_model_info(model pmkt.treemodel) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_tree_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_model_info(pmkt.treemodel) IS
'summary of a pmkt.treemodel: kind (tree/forest), trees, nodes, leaves, depth, criterion, target type, training and skipped rows, out-of-bag accuracy, classes, features';

-- ======== src/classify/82_svm.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- svm: linear support vector machine by dual coordinate descent (issue 13,
-- part 2; Hsieh et al. 2008, the LIBLINEAR method of LinearSVC).
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.svm_model AS (
  features text[], classes text[], coef float8[], intercept float8,
  mean float8[], scale float8[], coef_original float8[], intercept_original float8,
  loss text, iterations integer, training_rows bigint);
COMMENT ON TYPE pmkt.svm_model IS 'a linear SVM trained by pmkt.svm_train; decision = coef . (x - mean) / scale + intercept';
COMMENT ON COLUMN pmkt.svm_model.features IS 'feature column names, matched by name at scoring';
COMMENT ON COLUMN pmkt.svm_model.classes IS 'the two classes (text form); the second is the positive side (decision > 0)';
COMMENT ON COLUMN pmkt.svm_model.coef IS 'weights of the standardised features';
COMMENT ON COLUMN pmkt.svm_model.intercept IS 'intercept in the standardised space (regularised, as LIBLINEAR with intercept_scaling 1)';
COMMENT ON COLUMN pmkt.svm_model.mean IS 'training means used to centre the features (0 with standardize => false)';
COMMENT ON COLUMN pmkt.svm_model.scale IS 'training population standard deviations used to scale the features (1 with standardize => false or for a constant column)';
COMMENT ON COLUMN pmkt.svm_model.coef_original IS 'the same weights in the features'' own units: coef / scale';
COMMENT ON COLUMN pmkt.svm_model.intercept_original IS 'the intercept in the features'' own units: intercept - sum(coef x mean / scale)';
COMMENT ON COLUMN pmkt.svm_model.loss IS 'hinge or squared_hinge';
COMMENT ON COLUMN pmkt.svm_model.iterations IS 'passes over the rows of the coordinate descent';
COMMENT ON COLUMN pmkt.svm_model.training_rows IS 'rows used (rows with a NULL feature or target are skipped)';

CREATE FUNCTION pmkt.svm_train(query text, target text,
    c float8 DEFAULT 1.0, loss text DEFAULT 'squared_hinge', class_weight text DEFAULT NULL,
    tol float8 DEFAULT 1e-6, max_iter integer DEFAULT 1000, standardize boolean DEFAULT true,
    seed integer DEFAULT 0)
RETURNS pmkt.svm_model
AS 'MODULE_PATHNAME', 'pmkt_svm_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.svm_train(text, text, float8, text, text, float8, integer, boolean, integer) IS
'linear SVM on the query''s rows: target = a two-class column (boolean, integer or text), every other column a numeric or boolean feature by name; minimises 1/2 |w|^2 + C sum loss with loss hinge or squared_hinge by dual coordinate descent (Hsieh et al. 2008), features z-scored unless standardize => false, class_weight NULL or ''balanced''; stops when the projected gradient spread < tol or after max_iter passes; rows with a NULL feature skipped; within pmkt.max_train_memory (53200)';
CREATE FUNCTION pmkt.svm_decision(model pmkt.svm_model, "row" record) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_svm_decision'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_decision(pmkt.svm_model, record) IS
'decision value of a linear SVM for a row whose columns are matched to the features by name (> 0: the second class); NULL when a feature is NULL';
CREATE FUNCTION pmkt.svm_predict(model pmkt.svm_model, "row" record) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_svm_predict'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_predict(pmkt.svm_model, record) IS
'the class of a row by a linear SVM (the second class when the decision value > 0); NULL when a feature is NULL';

-- ======== src/ops/90_registry.sql

-- ---------------------------------------------------------------------------
-- registry: trained models of every kind, saved by name and version
-- ---------------------------------------------------------------------------
-- Privileges (see README "Model registry"): the extension grants nothing on
-- the registry.  The table belongs to the role that ran CREATE EXTENSION;
-- PUBLIC has no privilege on it.  Readers need USAGE on schema pmkt and
-- SELECT on pmkt.model_registry (or only on the view pmkt.v_model_registry);
-- writers also need INSERT on the table and USAGE on its id sequence.  The
-- helper functions are SECURITY INVOKER: they do what the caller may do.

CREATE TABLE pmkt.model_registry (
    id             bigserial PRIMARY KEY,
    name           text NOT NULL,
    kind           text NOT NULL,
    version        int NOT NULL,
    parameters     jsonb NOT NULL DEFAULT '{}',
    training_query text,
    metrics        jsonb NOT NULL DEFAULT '{}',
    model_type     text NOT NULL,
    model          text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     name NOT NULL DEFAULT current_user,
    CONSTRAINT model_registry_name_version_key UNIQUE (name, version),
    CONSTRAINT model_registry_name_check CHECK (length(btrim(name)) > 0),
    CONSTRAINT model_registry_kind_check CHECK (kind ~ '^[a-z][a-z0-9_]*$'),
    CONSTRAINT model_registry_version_check CHECK (version >= 1),
    CONSTRAINT model_registry_parameters_check CHECK (jsonb_typeof(parameters) = 'object'),
    CONSTRAINT model_registry_metrics_check CHECK (jsonb_typeof(metrics) = 'object')
);
COMMENT ON TABLE pmkt.model_registry IS
'trained models of every kind, one row per saved version; append with pmkt.save_model, read with pmkt.latest_model / pmkt.list_models / pmkt.v_model_registry; a configuration table (pg_dump keeps its rows)';
COMMENT ON COLUMN pmkt.model_registry.id IS 'surrogate key, increasing in save order';
COMMENT ON COLUMN pmkt.model_registry.name IS 'the model''s name chosen by the user (e.g. sales_ols); versions are numbered per name';
COMMENT ON COLUMN pmkt.model_registry.kind IS 'the kind of model: kmeans, ols, logistic, bpnn, rbf, pca, entropy, ... (lower-case identifier)';
COMMENT ON COLUMN pmkt.model_registry.version IS '1, 2, 3, ... per name, assigned on insert when not given';
COMMENT ON COLUMN pmkt.model_registry.parameters IS 'training parameters as a JSON object (k, seed, learning rate, ...)';
COMMENT ON COLUMN pmkt.model_registry.training_query IS 'the query the model was trained on, when known';
COMMENT ON COLUMN pmkt.model_registry.metrics IS 'quality figures as a JSON object (inertia, r2, mse, auc, ...)';
COMMENT ON COLUMN pmkt.model_registry.model_type IS 'the SQL type of the saved value (e.g. pmkt.kmeans_result); model::<model_type> restores it';
COMMENT ON COLUMN pmkt.model_registry.model IS 'the model in its type''s text form; cast back with model::<model_type>';
COMMENT ON COLUMN pmkt.model_registry.created_at IS 'when the version was saved';
COMMENT ON COLUMN pmkt.model_registry.created_by IS 'the role that saved it (current_user)';

CREATE INDEX model_registry_name_created_idx ON pmkt.model_registry (name, created_at);

SELECT pg_catalog.pg_extension_config_dump('pmkt.model_registry', '');
SELECT pg_catalog.pg_extension_config_dump('pmkt.model_registry_id_seq', '');

-- version numbering: the next version per name, under a per-name
-- transaction lock so that concurrent saves of one name do not collide.
CREATE FUNCTION pmkt.model_registry_before_insert() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NEW.version IS NULL THEN
        PERFORM pg_catalog.pg_advisory_xact_lock(
            pg_catalog.hashtext('pmkt.model_registry'), pg_catalog.hashtext(NEW.name));
        SELECT coalesce(max(r.version), 0) + 1 INTO NEW.version
        FROM pmkt.model_registry r WHERE r.name = NEW.name;
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION pmkt.model_registry_before_insert() IS
'trigger of pmkt.model_registry: assigns the next version per name when none is given';

CREATE TRIGGER model_registry_version BEFORE INSERT ON pmkt.model_registry
FOR EACH ROW EXECUTE FUNCTION pmkt.model_registry_before_insert();

CREATE FUNCTION pmkt.save_model(name text, kind text, model text,
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
COMMENT ON FUNCTION pmkt.save_model(text, text, text, jsonb, text, jsonb, text) IS
'saves a model given in text form (of type model_type, default text) under name with kind, parameters, training query and metrics; returns the new version number (1, 2, ... per name)';

CREATE FUNCTION pmkt.save_model(name text, kind text, model anyelement,
                                parameters jsonb DEFAULT '{}',
                                training_query text DEFAULT NULL,
                                metrics jsonb DEFAULT '{}')
RETURNS int
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT pmkt.save_model(name, kind, model::text, parameters, training_query, metrics,
                           model_type => pg_catalog.format_type(pg_catalog.pg_typeof(model), NULL))
$fn$;
COMMENT ON FUNCTION pmkt.save_model(text, text, anyelement, jsonb, text, jsonb) IS
'saves a trained model of any type (a composite result, a model type, float8[], jsonb, ...) in its text form with its type name, under name with kind, parameters, training query and metrics; returns the new version number (1, 2, ... per name)';

CREATE FUNCTION pmkt.latest_model(name text, version int DEFAULT NULL)
RETURNS pmkt.model_registry
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    r pmkt.model_registry;
BEGIN
    IF name IS NULL THEN
        RAISE EXCEPTION 'name must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass a model name; pmkt.list_models() lists them.';
    END IF;
    SELECT * INTO r FROM pmkt.model_registry m
    WHERE m.name = latest_model.name
      AND (latest_model.version IS NULL OR m.version = latest_model.version)
    ORDER BY m.version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'model % is not in the registry', quote_literal(name)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN version IS NULL THEN 'No version of it was saved.'
                                ELSE format('Version %s of it was not saved.', version) END,
                  HINT = 'pmkt.list_models() lists the saved models and their latest versions.';
    END IF;
    RETURN r;
END
$fn$;
COMMENT ON FUNCTION pmkt.latest_model(text, int) IS
'the registry row of model name: its latest version, or the given version; an error when there is none. The model is restored with (pmkt.latest_model(name)).model::<model_type>';

CREATE FUNCTION pmkt.list_models()
RETURNS TABLE (name text, kind text, latest_version int, versions bigint,
               model_type text, metrics jsonb, first_saved_at timestamptz,
               last_saved_at timestamptz, last_saved_by name)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT DISTINCT ON (m.name)
           m.name, m.kind, m.version,
           count(*) OVER (PARTITION BY m.name),
           m.model_type, m.metrics,
           min(m.created_at) OVER (PARTITION BY m.name),
           m.created_at, m.created_by
    FROM pmkt.model_registry m
    ORDER BY m.name, m.version DESC
$fn$;
COMMENT ON FUNCTION pmkt.list_models() IS
'one row per saved model name: kind, latest version and number of versions, type and metrics of the latest version, first and last save times and the role that saved the latest';

-- ======== src/ops/95_operations.sql

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
-- the source tables and SELECT, INSERT, UPDATE, DELETE on pmkt.history_*
-- (and SELECT, INSERT on the registry to save models); BI roles need only
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
    step_seconds  jsonb NOT NULL DEFAULT '{}',
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
COMMENT ON COLUMN pmkt.history_runs.step_seconds IS 'wall-clock seconds per step that ran, as a JSON object';
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

CREATE TABLE pmkt.history_customer_segments (
    source_schema text NOT NULL,
    period        date NOT NULL,
    customer_id   bigint NOT NULL,
    recency_days  float8,
    frequency     bigint NOT NULL,
    monetary      float8,
    r_score       int,
    f_score       int,
    m_score       int,
    rfm_cell      text,
    segment       text NOT NULL,
    cluster       int,
    run_at        timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, customer_id),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_customer_segments IS
'the RFM figures and segment of every customer of the source schema''s customers table, per evaluation run';
COMMENT ON COLUMN pmkt.history_customer_segments.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_customer_segments.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_customer_segments.customer_id IS 'the customer (every row of <source_schema>.customers)';
COMMENT ON COLUMN pmkt.history_customer_segments.recency_days IS 'days from the last order to the end of the period; NULL for a customer without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.frequency IS 'orders up to the end of the period (0 for a customer without orders)';
COMMENT ON COLUMN pmkt.history_customer_segments.monetary IS 'total order amount up to the end of the period; NULL without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.r_score IS 'recency score 1-5 (5 = most recent); NULL without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.f_score IS 'frequency score 1-5; NULL without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.m_score IS 'monetary score 1-5; NULL without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.rfm_cell IS 'the RFM cell, the three scores as text (e.g. 545)';
COMMENT ON COLUMN pmkt.history_customer_segments.segment IS 'the segment: frequent, occasional or new (pmkt.rfm), or no_orders for a customer without orders up to the end of the period';
COMMENT ON COLUMN pmkt.history_customer_segments.cluster IS 'the customer''s k-means cluster (1..k) on the standardised recency_days, ln(frequency), ln(1 + monetary) of the run''s customers (model <source_schema>.rfm_kmeans); NULL without orders';
COMMENT ON COLUMN pmkt.history_customer_segments.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_customer_segments', '');

CREATE TABLE pmkt.history_segment_summary (
    source_schema            text NOT NULL,
    period                   date NOT NULL,
    segment                  text NOT NULL,
    customers                bigint NOT NULL,
    share                    float8 NOT NULL,
    avg_recency_days         float8,
    avg_frequency            float8,
    avg_monetary             float8,
    total_monetary           float8,
    avg_r_score              float8,
    avg_f_score              float8,
    avg_m_score              float8,
    strategy                 text,
    expected_effect          text,
    expected_sales_growth    float8,
    expected_customer_growth float8,
    expected_roi             float8,
    run_at                   timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, segment),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_segment_summary IS
'one row per segment and evaluation run: size, share, average RFM and the segment''s strategy from pmkt.segment_strategy at run time';
COMMENT ON COLUMN pmkt.history_segment_summary.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_segment_summary.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_segment_summary.segment IS 'segment name';
COMMENT ON COLUMN pmkt.history_segment_summary.customers IS 'customers in the segment';
COMMENT ON COLUMN pmkt.history_segment_summary.share IS 'customers in the segment / all customers (0..1)';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_recency_days IS 'average recency in days';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_frequency IS 'average number of orders';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_monetary IS 'average total order amount';
COMMENT ON COLUMN pmkt.history_segment_summary.total_monetary IS 'total order amount of the segment';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_r_score IS 'average recency score (1-5)';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_f_score IS 'average frequency score (1-5)';
COMMENT ON COLUMN pmkt.history_segment_summary.avg_m_score IS 'average monetary score (1-5)';
COMMENT ON COLUMN pmkt.history_segment_summary.strategy IS 'the segment''s strategy (pmkt.segment_strategy at run time); NULL when none is defined';
COMMENT ON COLUMN pmkt.history_segment_summary.expected_effect IS 'the strategy''s expected effect';
COMMENT ON COLUMN pmkt.history_segment_summary.expected_sales_growth IS 'planned sales growth of the strategy (fraction)';
COMMENT ON COLUMN pmkt.history_segment_summary.expected_customer_growth IS 'planned customer growth of the strategy (fraction)';
COMMENT ON COLUMN pmkt.history_segment_summary.expected_roi IS 'planned ROI of the strategy';
COMMENT ON COLUMN pmkt.history_segment_summary.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_segment_summary', '');

CREATE TABLE pmkt.history_channel_metrics (
    source_schema   text NOT NULL,
    period          date NOT NULL,
    channel         text NOT NULL,
    first_month     date NOT NULL,
    months          int NOT NULL,
    investment      float8,
    impressions     bigint,
    clicks          bigint,
    ctr             float8,
    conversions     bigint,
    conversion_rate float8,
    new_customers   bigint,
    sales           float8,
    sales_growth    float8,
    roi             float8,
    cac             float8,
    run_at          timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, channel),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_channel_metrics IS
'per-channel effectiveness (pmkt.channel_effectiveness) over the campaign months of the trailing window ending with the period, per evaluation run';
COMMENT ON COLUMN pmkt.history_channel_metrics.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_channel_metrics.period IS 'the month evaluated (first day of the month), the last month of the window';
COMMENT ON COLUMN pmkt.history_channel_metrics.channel IS 'marketing channel (email, social_ads, push, search_ads, ...)';
COMMENT ON COLUMN pmkt.history_channel_metrics.first_month IS 'first month of the window';
COMMENT ON COLUMN pmkt.history_channel_metrics.months IS 'campaign months of the channel in the window';
COMMENT ON COLUMN pmkt.history_channel_metrics.investment IS 'total spend';
COMMENT ON COLUMN pmkt.history_channel_metrics.impressions IS 'total impressions';
COMMENT ON COLUMN pmkt.history_channel_metrics.clicks IS 'total clicks';
COMMENT ON COLUMN pmkt.history_channel_metrics.ctr IS 'click-through rate, clicks / impressions (0..1)';
COMMENT ON COLUMN pmkt.history_channel_metrics.conversions IS 'total conversions';
COMMENT ON COLUMN pmkt.history_channel_metrics.conversion_rate IS 'conversions / clicks (0..1)';
COMMENT ON COLUMN pmkt.history_channel_metrics.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.history_channel_metrics.sales IS 'total revenue attributed to the channel';
COMMENT ON COLUMN pmkt.history_channel_metrics.sales_growth IS 'revenue of the later half of the window''s months over the earlier half, minus 1';
COMMENT ON COLUMN pmkt.history_channel_metrics.roi IS 'return on investment in percent, (sales - investment) / investment x 100';
COMMENT ON COLUMN pmkt.history_channel_metrics.cac IS 'customer acquisition cost, investment / new customers';
COMMENT ON COLUMN pmkt.history_channel_metrics.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_channel_metrics', '');

CREATE TABLE pmkt.history_cohort_metrics (
    source_schema     text NOT NULL,
    period            date NOT NULL,
    cohort_month      date NOT NULL,
    customers         bigint NOT NULL,
    buyers            bigint NOT NULL,
    revenue           float8 NOT NULL,
    avg_clv           float8,
    acquisition_spend float8,
    new_customers     bigint,
    cac               float8,
    clv_cac_ratio     float8,
    run_at            timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, cohort_month),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_cohort_metrics IS
'customer lifetime value and acquisition cost per signup cohort (month), per evaluation run';
COMMENT ON COLUMN pmkt.history_cohort_metrics.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_cohort_metrics.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_cohort_metrics.cohort_month IS 'signup month of the cohort';
COMMENT ON COLUMN pmkt.history_cohort_metrics.customers IS 'customers who signed up in the month';
COMMENT ON COLUMN pmkt.history_cohort_metrics.buyers IS 'of them, customers with at least one order up to the end of the period';
COMMENT ON COLUMN pmkt.history_cohort_metrics.revenue IS 'order amount of the cohort up to the end of the period';
COMMENT ON COLUMN pmkt.history_cohort_metrics.avg_clv IS 'average customer lifetime value of the cohort so far: pmkt.clv of each customer''s orders (revenue = amount, cost = (1 - margin) x amount), each discounted by its month since signup (month 1 = the signup month) at discount_rate per month; customers without orders count as 0';
COMMENT ON COLUMN pmkt.history_cohort_metrics.acquisition_spend IS 'campaign spend of all channels in the cohort month';
COMMENT ON COLUMN pmkt.history_cohort_metrics.new_customers IS 'new customers reported by the campaigns in the cohort month';
COMMENT ON COLUMN pmkt.history_cohort_metrics.cac IS 'customer acquisition cost of the month, pmkt.cac(acquisition_spend, new_customers); NULL without campaign data';
COMMENT ON COLUMN pmkt.history_cohort_metrics.clv_cac_ratio IS 'avg_clv / cac; NULL when either is NULL or cac is 0';
COMMENT ON COLUMN pmkt.history_cohort_metrics.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_cohort_metrics', '');


CREATE TABLE pmkt.history_aisas_scores (
    source_schema                text NOT NULL,
    period                       date NOT NULL,
    unit_id                      int NOT NULL,
    month                        date NOT NULL,
    b11_ad_impressions           float8,
    b12_brand_recognition        float8,
    b21_page_views               float8,
    b22_favourite_ratio          float8,
    b31_keyword_searches         float8,
    b32_keyword_search_index     float8,
    b33_related_searches         float8,
    b34_related_search_index     float8,
    b41_conversion_rate          float8,
    b42_order_growth             float8,
    b43_purchaser_growth         float8,
    b44_standard_purchase_growth float8,
    b45_amount_growth            float8,
    b51_topics                   float8,
    b52_replies                  float8,
    b53_reviews                  float8,
    b54_reposts                  float8,
    composite_score              float8 NOT NULL,
    run_at                       timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, unit_id, month),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_aisas_scores IS
'the 17 AISAS indices (pmkt.aisas_indices) and the composite score of every business unit and month up to the period, per evaluation run: indices min-max normalised over the run''s unit-months, screened by PCA (85 %), weighted by entropy weights; unit-months with an undefined index (a unit''s first month) are left out';
COMMENT ON COLUMN pmkt.history_aisas_scores.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_aisas_scores.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_aisas_scores.unit_id IS 'business unit';
COMMENT ON COLUMN pmkt.history_aisas_scores.month IS 'the month of the indices';
COMMENT ON COLUMN pmkt.history_aisas_scores.b11_ad_impressions IS 'B11 online ad impressions';
COMMENT ON COLUMN pmkt.history_aisas_scores.b12_brand_recognition IS 'B12 brand recognition: consumers aware of the brand / consumers';
COMMENT ON COLUMN pmkt.history_aisas_scores.b21_page_views IS 'B21 page views';
COMMENT ON COLUMN pmkt.history_aisas_scores.b22_favourite_ratio IS 'B22 favourite ratio: consumers adding to favourites / interested consumers';
COMMENT ON COLUMN pmkt.history_aisas_scores.b31_keyword_searches IS 'B31 keyword searches';
COMMENT ON COLUMN pmkt.history_aisas_scores.b32_keyword_search_index IS 'B32 keyword search index: share of the category''s keyword searches';
COMMENT ON COLUMN pmkt.history_aisas_scores.b33_related_searches IS 'B33 related-word searches';
COMMENT ON COLUMN pmkt.history_aisas_scores.b34_related_search_index IS 'B34 related-word search index: share of the category''s related searches';
COMMENT ON COLUMN pmkt.history_aisas_scores.b41_conversion_rate IS 'B41 conversion rate: buyers / product page views';
COMMENT ON COLUMN pmkt.history_aisas_scores.b42_order_growth IS 'B42 month-on-month growth of online orders';
COMMENT ON COLUMN pmkt.history_aisas_scores.b43_purchaser_growth IS 'B43 month-on-month growth of purchasers';
COMMENT ON COLUMN pmkt.history_aisas_scores.b44_standard_purchase_growth IS 'B44 month-on-month growth of purchasers meeting the merchant''s standard';
COMMENT ON COLUMN pmkt.history_aisas_scores.b45_amount_growth IS 'B45 month-on-month growth of the purchase amount';
COMMENT ON COLUMN pmkt.history_aisas_scores.b51_topics IS 'B51 topics posted';
COMMENT ON COLUMN pmkt.history_aisas_scores.b52_replies IS 'B52 topic replies';
COMMENT ON COLUMN pmkt.history_aisas_scores.b53_reviews IS 'B53 product reviews';
COMMENT ON COLUMN pmkt.history_aisas_scores.b54_reposts IS 'B54 product reposts';
COMMENT ON COLUMN pmkt.history_aisas_scores.composite_score IS 'entropy-weighted composite score of the PCA-screened normalised indices (0..1.001)';
COMMENT ON COLUMN pmkt.history_aisas_scores.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_aisas_scores', '');

-- the source table name in source_schema, or NULL when it does not exist
CREATE FUNCTION pmkt.evaluation_source(source_schema text, table_name text)
RETURNS regclass
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT pg_catalog.to_regclass(pg_catalog.format('%I.%I', source_schema, table_name))
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_source(text, text) IS
'the table table_name in schema source_schema as a regclass, NULL when there is none (used by pmkt.run_evaluation to skip steps whose source table is missing)';

CREATE PROCEDURE pmkt.evaluation_cleanup()
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
DECLARE
    v text;
BEGIN
    FOREACH v IN ARRAY ARRAY['pmkt_eval_orders', 'pmkt_eval_customers', 'pmkt_eval_campaigns',
                             'pmkt_eval_campaign_months', 'pmkt_eval_aisas']
    LOOP
        IF pg_catalog.to_regclass('pg_temp.' || v) IS NOT NULL THEN
            EXECUTE format('DROP VIEW pg_temp.%I', v);
        END IF;
    END LOOP;
    FOREACH v IN ARRAY ARRAY['pmkt_eval_rfm', 'pmkt_eval_clv', 'pmkt_eval_aisas_x']
    LOOP
        IF pg_catalog.to_regclass('pg_temp.' || v) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', v);
        END IF;
    END LOOP;
END
$proc$;
COMMENT ON PROCEDURE pmkt.evaluation_cleanup() IS
'drops the session''s temporary views and table pmkt.run_evaluation works with (pg_temp.pmkt_eval_*)';

-- one trained model of a run: saved to the registry (when save is true) and
-- its numeric metrics appended to pmkt.history_model_metrics
CREATE FUNCTION pmkt.evaluation_record_model(source_schema text, period date, run_at timestamptz,
                                             model_name text, kind text, model_type text,
                                             model text, parameters jsonb, training_query text,
                                             metrics jsonb, save boolean)
RETURNS int
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v int;
BEGIN
    IF save THEN
        v := pmkt.save_model(model_name, kind, model, parameters, training_query,
                             metrics || jsonb_build_object('source_schema', source_schema,
                                                           'period', period),
                             model_type => model_type);
    END IF;
    INSERT INTO pmkt.history_model_metrics AS h
        (source_schema, period, model_name, kind, metric, value, registry_version, run_at)
    SELECT evaluation_record_model.source_schema, evaluation_record_model.period,
           evaluation_record_model.model_name, evaluation_record_model.kind,
           e.key,
           CASE jsonb_typeof(e.value) WHEN 'boolean' THEN (e.value = 'true'::jsonb)::int::float8
                                      ELSE (e.value #>> '{}')::float8 END,
           v, evaluation_record_model.run_at
    FROM jsonb_each(metrics) e
    WHERE jsonb_typeof(e.value) IN ('number', 'boolean')
       OR (jsonb_typeof(e.value) = 'string' AND e.value #>> '{}' IN ('NaN', 'Infinity', '-Infinity'));
    RETURN v;
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_record_model(text, date, timestamptz, text, text, text, text, jsonb, text, jsonb, boolean) IS
'used by pmkt.run_evaluation: saves one trained model to pmkt.model_registry (when save) and appends its numeric metrics (booleans as 0/1) to pmkt.history_model_metrics; returns the registry version or NULL';

CREATE PROCEDURE pmkt.run_evaluation(source_schema text DEFAULT 'pmkt_demo',
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
're-runs the standard analysis on the contract tables of source_schema (customers, orders, campaigns, aisas_monthly, sales_drivers, visits) for period (a month; default the current one; data up to its end, or up to now): RFM segments and a k-means cluster for every customer, segment summary with strategies, channel effectiveness over the trailing channel_months, CLV and CAC by signup cohort, AISAS indices and composite scores (normalisation, PCA screening, entropy weights), BPNN and RBF evaluation models, OLS of sales on its drivers, logistic regression of visit conversion; writes pmkt.history_* (a re-run of the same period replaces its rows; steps whose source table is missing are skipped and listed in history_runs) and, with save_models, saves each trained model to pmkt.model_registry as <source_schema>.<model>';

-- ---------------------------------------------------------------------------
-- BI views: stable names, one row per chartable fact, no arrays
-- ---------------------------------------------------------------------------

CREATE VIEW pmkt.v_model_registry AS
SELECT r.id,
       r.name,
       r.kind,
       r.version,
       (r.version = max(r.version) OVER (PARTITION BY r.name)) AS is_latest,
       r.model_type,
       pg_catalog.octet_length(r.model) AS model_bytes,
       r.parameters::text AS parameters_json,
       r.metrics::text AS metrics_json,
       r.training_query,
       r.created_at,
       r.created_at::date AS created_on,
       r.created_by::text AS created_by
FROM pmkt.model_registry r;
COMMENT ON VIEW pmkt.v_model_registry IS
'BI view of pmkt.model_registry: one row per saved model version, without the model itself; JSON columns as text';
COMMENT ON COLUMN pmkt.v_model_registry.id IS 'registry id, increasing in save order';
COMMENT ON COLUMN pmkt.v_model_registry.name IS 'model name';
COMMENT ON COLUMN pmkt.v_model_registry.kind IS 'kind of model (kmeans, ols, logistic, bpnn, rbf, pca, entropy, ...)';
COMMENT ON COLUMN pmkt.v_model_registry.version IS 'version number per name (1, 2, ...)';
COMMENT ON COLUMN pmkt.v_model_registry.is_latest IS 'true for the latest version of each name';
COMMENT ON COLUMN pmkt.v_model_registry.model_type IS 'SQL type of the saved model';
COMMENT ON COLUMN pmkt.v_model_registry.model_bytes IS 'size of the model''s text form in bytes';
COMMENT ON COLUMN pmkt.v_model_registry.parameters_json IS 'training parameters (JSON object as text)';
COMMENT ON COLUMN pmkt.v_model_registry.metrics_json IS 'quality metrics (JSON object as text)';
COMMENT ON COLUMN pmkt.v_model_registry.training_query IS 'the query the model was trained on, when known';
COMMENT ON COLUMN pmkt.v_model_registry.created_at IS 'when the version was saved';
COMMENT ON COLUMN pmkt.v_model_registry.created_on IS 'the day the version was saved';
COMMENT ON COLUMN pmkt.v_model_registry.created_by IS 'the role that saved it';

CREATE VIEW pmkt.v_model_metrics AS
SELECT m.source_schema,
       m.period,
       m.model_name,
       m.kind,
       m.metric,
       m.value,
       m.registry_version,
       (m.period = max(m.period) OVER (PARTITION BY m.source_schema)) AS is_latest_period,
       m.run_at
FROM pmkt.history_model_metrics m;
COMMENT ON VIEW pmkt.v_model_metrics IS
'BI view of the model metrics recorded by each evaluation run (long format: one row per source schema, period, model and metric), for charting a metric over periods';
COMMENT ON COLUMN pmkt.v_model_metrics.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_model_metrics.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_model_metrics.model_name IS 'model name in pmkt.model_registry';
COMMENT ON COLUMN pmkt.v_model_metrics.kind IS 'kind of model';
COMMENT ON COLUMN pmkt.v_model_metrics.metric IS 'metric name';
COMMENT ON COLUMN pmkt.v_model_metrics.value IS 'metric value';
COMMENT ON COLUMN pmkt.v_model_metrics.registry_version IS 'the model version saved by the run (NULL when not saved)';
COMMENT ON COLUMN pmkt.v_model_metrics.is_latest_period IS 'true for the latest period evaluated for the source schema';
COMMENT ON COLUMN pmkt.v_model_metrics.run_at IS 'when the run started';

CREATE VIEW pmkt.v_segment_summary AS
SELECT s.source_schema,
       s.period,
       s.segment,
       s.customers,
       s.share,
       round((100 * s.share)::numeric, 2) AS share_pct,
       s.avg_recency_days,
       s.avg_frequency,
       s.avg_monetary,
       s.total_monetary,
       s.avg_r_score,
       s.avg_f_score,
       s.avg_m_score,
       s.strategy,
       s.expected_effect,
       s.expected_sales_growth,
       s.expected_customer_growth,
       s.expected_roi,
       (s.period = max(s.period) OVER (PARTITION BY s.source_schema)) AS is_latest_period,
       s.run_at
FROM pmkt.history_segment_summary s;
COMMENT ON VIEW pmkt.v_segment_summary IS
'BI view: customer segments per evaluation run (size, share, average RFM, strategy); filter is_latest_period for the current picture';
COMMENT ON COLUMN pmkt.v_segment_summary.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_segment_summary.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_segment_summary.segment IS 'segment name (frequent, occasional, new; no_orders for customers without orders)';
COMMENT ON COLUMN pmkt.v_segment_summary.customers IS 'customers in the segment';
COMMENT ON COLUMN pmkt.v_segment_summary.share IS 'share of all customers (0..1)';
COMMENT ON COLUMN pmkt.v_segment_summary.share_pct IS 'share of all customers in percent, 2 decimals';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_recency_days IS 'average days since the last order at the end of the period';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_frequency IS 'average number of orders';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_monetary IS 'average total order amount';
COMMENT ON COLUMN pmkt.v_segment_summary.total_monetary IS 'total order amount of the segment';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_r_score IS 'average recency score (1-5)';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_f_score IS 'average frequency score (1-5)';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_m_score IS 'average monetary score (1-5)';
COMMENT ON COLUMN pmkt.v_segment_summary.strategy IS 'the segment''s marketing strategy (from pmkt.segment_strategy at run time)';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_effect IS 'the strategy''s expected effect';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_sales_growth IS 'planned sales growth (fraction)';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_customer_growth IS 'planned customer growth (fraction)';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_roi IS 'planned ROI';
COMMENT ON COLUMN pmkt.v_segment_summary.is_latest_period IS 'true for the latest period evaluated for the source schema';
COMMENT ON COLUMN pmkt.v_segment_summary.run_at IS 'when the run started';

CREATE VIEW pmkt.v_channel_effectiveness AS
SELECT c.source_schema,
       c.period,
       c.channel,
       c.first_month,
       c.months,
       c.investment,
       c.impressions,
       c.clicks,
       c.ctr,
       c.conversions,
       c.conversion_rate,
       c.new_customers,
       c.sales,
       c.sales_growth,
       c.roi,
       c.cac,
       (c.period = max(c.period) OVER (PARTITION BY c.source_schema)) AS is_latest_period,
       c.run_at
FROM pmkt.history_channel_metrics c;
COMMENT ON VIEW pmkt.v_channel_effectiveness IS
'BI view: per-channel investment, CTR, conversion rate, sales, sales growth, ROI and CAC over the trailing window of each evaluation run';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.period IS 'the month evaluated (first day of the month), last month of the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.channel IS 'marketing channel';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.first_month IS 'first month of the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.months IS 'campaign months of the channel in the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.investment IS 'total spend';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.impressions IS 'total impressions';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.clicks IS 'total clicks';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.ctr IS 'click-through rate (0..1)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.conversions IS 'total conversions';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.conversion_rate IS 'conversions / clicks (0..1)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.sales IS 'total revenue';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.sales_growth IS 'revenue growth of the later half of the window over the earlier half (fraction)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.roi IS 'return on investment in percent';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.cac IS 'customer acquisition cost';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.is_latest_period IS 'true for the latest period evaluated for the source schema';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.run_at IS 'when the run started';

CREATE VIEW pmkt.v_clv_cac_by_cohort AS
SELECT h.source_schema,
       h.period,
       h.cohort_month,
       h.customers,
       h.buyers,
       h.buyers::float8 / nullif(h.customers, 0) AS buyer_share,
       h.revenue,
       h.avg_clv,
       h.acquisition_spend,
       h.new_customers,
       h.cac,
       h.clv_cac_ratio,
       (h.period = max(h.period) OVER (PARTITION BY h.source_schema)) AS is_latest_period,
       h.run_at
FROM pmkt.history_cohort_metrics h;
COMMENT ON VIEW pmkt.v_clv_cac_by_cohort IS
'BI view: average customer lifetime value, acquisition cost and their ratio per signup cohort (month), per evaluation run';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.cohort_month IS 'signup month of the cohort';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.customers IS 'customers who signed up in the month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.buyers IS 'of them, customers with an order up to the end of the period';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.buyer_share IS 'buyers / customers (0..1)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.revenue IS 'order amount of the cohort up to the end of the period';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.avg_clv IS 'average customer lifetime value so far (discounted monthly margin; see pmkt.history_cohort_metrics)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.acquisition_spend IS 'campaign spend in the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.new_customers IS 'new customers reported by the campaigns in the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.cac IS 'customer acquisition cost of the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.clv_cac_ratio IS 'avg_clv / cac: lifetime value per unit of acquisition cost';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.is_latest_period IS 'true for the latest period evaluated for the source schema';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.run_at IS 'when the run started';

CREATE VIEW pmkt.v_aisas_monthly AS
SELECT s.source_schema,
       s.period,
       s.month,
       count(*) AS units,
       avg(s.composite_score) AS mean_score,
       min(s.composite_score) AS min_score,
       max(s.composite_score) AS max_score,
       avg(s.b11_ad_impressions) AS b11_ad_impressions,
       avg(s.b12_brand_recognition) AS b12_brand_recognition,
       avg(s.b21_page_views) AS b21_page_views,
       avg(s.b22_favourite_ratio) AS b22_favourite_ratio,
       avg(s.b31_keyword_searches) AS b31_keyword_searches,
       avg(s.b32_keyword_search_index) AS b32_keyword_search_index,
       avg(s.b33_related_searches) AS b33_related_searches,
       avg(s.b34_related_search_index) AS b34_related_search_index,
       avg(s.b41_conversion_rate) AS b41_conversion_rate,
       avg(s.b42_order_growth) AS b42_order_growth,
       avg(s.b43_purchaser_growth) AS b43_purchaser_growth,
       avg(s.b44_standard_purchase_growth) AS b44_standard_purchase_growth,
       avg(s.b45_amount_growth) AS b45_amount_growth,
       avg(s.b51_topics) AS b51_topics,
       avg(s.b52_replies) AS b52_replies,
       avg(s.b53_reviews) AS b53_reviews,
       avg(s.b54_reposts) AS b54_reposts,
       (s.period = max(s.period) OVER (PARTITION BY s.source_schema)) AS is_latest_period
FROM pmkt.history_aisas_scores s
GROUP BY s.source_schema, s.period, s.month;
COMMENT ON VIEW pmkt.v_aisas_monthly IS
'BI view: the AISAS indices (mean over business units) and the composite score (mean, min, max over units) per month, per evaluation run';
COMMENT ON COLUMN pmkt.v_aisas_monthly.source_schema IS 'the schema the run analysed';
COMMENT ON COLUMN pmkt.v_aisas_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.month IS 'the month of the indices';
COMMENT ON COLUMN pmkt.v_aisas_monthly.units IS 'business units with all 17 indices in the month';
COMMENT ON COLUMN pmkt.v_aisas_monthly.mean_score IS 'mean composite score over the units';
COMMENT ON COLUMN pmkt.v_aisas_monthly.min_score IS 'lowest composite score of a unit';
COMMENT ON COLUMN pmkt.v_aisas_monthly.max_score IS 'highest composite score of a unit';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b11_ad_impressions IS 'mean B11 online ad impressions';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b12_brand_recognition IS 'mean B12 brand recognition (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b21_page_views IS 'mean B21 page views';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b22_favourite_ratio IS 'mean B22 favourite ratio (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b31_keyword_searches IS 'mean B31 keyword searches';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b32_keyword_search_index IS 'mean B32 keyword search index (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b33_related_searches IS 'mean B33 related-word searches';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b34_related_search_index IS 'mean B34 related-word search index (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b41_conversion_rate IS 'mean B41 conversion rate (0..1)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b42_order_growth IS 'mean B42 month-on-month order growth';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b43_purchaser_growth IS 'mean B43 month-on-month purchaser growth';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b44_standard_purchase_growth IS 'mean B44 month-on-month growth of standard purchasers';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b45_amount_growth IS 'mean B45 month-on-month purchase amount growth';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b51_topics IS 'mean B51 topics posted';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b52_replies IS 'mean B52 topic replies';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b53_reviews IS 'mean B53 product reviews';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b54_reposts IS 'mean B54 product reposts';
COMMENT ON COLUMN pmkt.v_aisas_monthly.is_latest_period IS 'true for the latest period evaluated for the source schema';
