-- abtest: two-proportion z-test, Welch's t-test, chi-square across k
-- variants, sample size per arm.
--
-- Reference values: test/measure/abtest_ref.py (Debian's /usr/bin/python3,
-- statsmodels 0.13.5, scipy 1.10.1):
--   proportions_ztest([c_b, c_a], [n_b, n_a])  (pooled SE, two-sided, B - A)
--   confint_proportions_2indep(c_b, n_b, c_a, n_a, method='wald', compare='diff')
--   scipy.stats.ttest_ind_from_stats(b..., a..., equal_var=False); Welch df by
--     the Satterthwaite formula; interval with an mpmath t quantile (scipy's
--     t.ppf is good to ~1e-11 only)
--   scipy.stats.chi2_contingency(table, correction=False) and
--     scipy.stats.contingency.association(table, method='cramer')
--   sample size: n solving statsmodels power_proportions_2indep(diff, p1, n,
--     alpha).power = power (brentq), rounded up.
-- Every figure is compared at 1e-12 relative.
CREATE FUNCTION pg_temp.close(got float8, ref float8, tol float8 DEFAULT 1e-12)
RETURNS boolean LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN ref = 0 THEN abs(got) < 1e-15 ELSE abs(got - ref) / abs(ref) < tol END $$;

-- the study's example: CTR 8 % vs 12 % with 1000 impressions per variant
SELECT * FROM pmkt.ab_test_proportions(80, 1000, 120, 1000);
SELECT * FROM pmkt.ab_test_proportions(conversions_a => 80, visitors_a => 1000,
                                       conversions_b => 120, visitors_b => 1000, alpha => 0.01);

-- ---------------------------------------------------------------- z-test
CREATE TEMP TABLE prop_ref (ca bigint, na bigint, cb bigint, nb bigint, alpha float8,
  rate_a float8, rate_b float8, z float8, p float8, lo float8, hi float8);
INSERT INTO prop_ref VALUES
  (80, 1000, 120, 1000, 0.05, 0.08, 0.12, 2.9814239699997187, 0.0028691127920766196, 0.01376282369102216, 0.06623717630897782),
  (200, 10000, 250, 10000, 0.05, 0.02, 0.025, 2.3839951328405053, 0.01712582887219501, 0.0008899129980008431, 0.009110087001999159),
  (200, 10000, 250, 10000, 0.01, 0.02, 0.025, 2.3839951328405053, 0.01712582887219501, -0.00040156993872992285, 0.010401569938729925),
  (45, 1200, 30, 800, 0.05, 0.0375, 0.0375, 0.0, 1.0, -0.01699587292485962, 0.01699587292485962),
  (12000, 1000000, 12400, 1000000, 0.05, 0.012, 0.0124, 2.576502494359806, 0.009980548538732573, 9.57176271183504e-05, 0.0007042823728816482),
  (0, 500, 10, 500, 0.05, 0.0, 0.02, 3.178208630818641, 0.0014818807747203873, 0.007728684431927856, 0.03227131556807215),
  (100, 10000, 400, 10000, 0.05, 0.01, 0.04, 13.587324409735148, 4.761714118227886e-42, 0.0256925360008524, 0.0343074639991476),
  (37, 37, 30, 41, 0.1, 1.0, 0.7317073170731707, -3.399501023365506, 0.0006750892721433332, -0.3821100255639165, -0.15447534028974208);
SELECT ca, na, cb, nb, alpha,
       pg_temp.close(r.rate_a, ref.rate_a) AND pg_temp.close(r.rate_b, ref.rate_b) AS rates_ok,
       pg_temp.close(r.lift, ref.rate_b - ref.rate_a) AS lift_ok,
       r.relative_lift IS NOT DISTINCT FROM
         CASE WHEN ref.rate_a > 0 THEN (ref.rate_b - ref.rate_a) / ref.rate_a END AS rel_lift_ok,
       pg_temp.close(r.z, ref.z) AS z_ok,
       pg_temp.close(r.p_value, ref.p) AS p_ok,
       pg_temp.close(r.ci_lower, ref.lo) AND pg_temp.close(r.ci_upper, ref.hi) AS ci_ok,
       r.significant = (ref.p < ref.alpha) AS significant_ok,
       r.significant, r.relative_lift IS NULL AS rel_lift_null
FROM prop_ref ref, pmkt.ab_test_proportions(ca, na, cb, nb, alpha) r;

-- no conversions (or all converted) in both arms: pooled SE is 0, so z,
-- p_value and significant are NULL; the interval collapses to the lift
SELECT * FROM pmkt.ab_test_proportions(0, 100, 0, 250);
SELECT * FROM pmkt.ab_test_proportions(50, 50, 20, 20);

-- ---------------------------------------------------------------- Welch
CREATE TEMP TABLE welch_ref (ma float8, sa float8, na bigint, mb float8, sb float8, nb bigint,
  alpha float8, t float8, df float8, p float8, lo float8, hi float8);
INSERT INTO welch_ref VALUES
  (52.3, 18.4, 1200, 54.1, 21.7, 1150, 0.05, 2.164432780447075, 2252.89765868592, 0.030535885331405874, 0.16916554699006967, 3.430834453009939),
  (10.0, 2.0, 12, 12.5, 6.0, 9, 0.05, 1.2009611535381535, 9.341708542713567, 0.2593309386578232, -2.1829287097485226, 7.182928709748523),
  (3.2, 1.1, 40000, 3.25, 1.3, 38000, 0.01, 5.784167569396421, 74519.19935130597, 7.316257890201567e-09, 0.02773322391545688, 0.07226677608454277),
  (100.0, 15.0, 5, 80.0, 15.0, 5, 0.05, -2.1081851067789197, 8.0, 0.0680652476075156, -41.876676083036116, 1.8766760830361175),
  (0.0, 1.0, 30, 0.001, 1.0, 30, 0.2, 0.0038729833462074173, 58.0, 0.9969231046866373, -0.333708098260693, 0.335708098260693);
SELECT ma, na, mb, nb, alpha,
       pg_temp.close(r.difference, ref.mb - ref.ma) AS diff_ok,
       pg_temp.close(r.t, ref.t) AS t_ok, pg_temp.close(r.df, ref.df) AS df_ok,
       pg_temp.close(r.p_value, ref.p) AS p_ok,
       pg_temp.close(r.ci_lower, ref.lo) AND pg_temp.close(r.ci_upper, ref.hi) AS ci_ok,
       r.significant
FROM welch_ref ref, pmkt.welch_t_test(ma, sa, na, mb, sb, nb, alpha) r;

-- revenue per user, as printed to 15 significant digits (extra_float_digits
-- 0): the 17th digit may differ by an ulp between C libraries (erfc, lgamma
-- in Debian sid's glibc), the values are checked to 1e-12 above
SET extra_float_digits = 0;
SELECT * FROM pmkt.welch_t_test(52.3, 18.4, 1200, 54.1, 21.7, 1150);
RESET extra_float_digits;
-- both standard deviations 0: no test (NULL t, df, p_value, significant)
SELECT * FROM pmkt.welch_t_test(5, 0, 10, 6, 0, 10);

-- ---------------------------------------------------------------- chi-square
CREATE TEMP TABLE chi_ref (conv bigint[], vis bigint[], chi2 float8, df int, p float8, v float8);
INSERT INTO chi_ref VALUES
  ('{80,120}', '{1000,1000}', 8.88888888888889, 1, 0.0028691127920766127, 0.06666666666666667),
  ('{200,250,230}', '{10000,10000,10000}', 5.7178396597383845, 2, 0.057330653691431574, 0.013805602316618164),
  ('{31,45,29,52}', '{1000,1100,950,1020}', 7.600721231774764, 3, 0.055026194292846727, 0.04321457016037685),
  ('{100,400}', '{10000,10000}', 184.61538461538464, 1, 4.7617141182278246e-42, 0.09607689228305229),
  ('{0,10,5}', '{500,500,500}', 10.1010101010101, 2, 0.006406097226458328, 0.08206099398622183);
SELECT conv, vis,
       pg_temp.close(r.chi_square, ref.chi2) AS chi2_ok, r.df = ref.df AS df_ok,
       pg_temp.close(r.p_value, ref.p) AS p_ok, pg_temp.close(r.cramers_v, ref.v) AS v_ok
FROM chi_ref ref, pmkt.chi_square_test(conv, vis) r;

-- with two variants the chi-square is the square of the pooled z
SELECT pg_temp.close(c.chi_square, z.z ^ 2) AS chi2_is_z_squared,
       pg_temp.close(c.p_value, z.p_value) AS same_p
FROM pmkt.chi_square_test('{80,120}', '{1000,1000}') c,
     pmkt.ab_test_proportions(80, 1000, 120, 1000) z;
SELECT * FROM pmkt.chi_square_test(ARRAY[200, 250, 230], ARRAY[10000, 10000, 10000]);
-- no conversions anywhere: NULL statistic
SELECT * FROM pmkt.chi_square_test('{0,0,0}', '{10,20,30}');

-- ---------------------------------------------------------------- sample size
CREATE TEMP TABLE ss_ref (p1 float8, mde float8, alpha float8, power float8, rel boolean,
  n_exact float8, n bigint);
INSERT INTO ss_ref VALUES
  (0.08, 0.04, 0.05, 0.8, false, 881.8170497916678, 882),
  (0.1, 0.1, 0.05, 0.8, true, 14750.754435127788, 14751),
  (0.05, 0.01, 0.01, 0.9, false, 15464.651044833516, 15465),
  (0.5, -0.05, 0.05, 0.8, false, 1564.6683159486606, 1565),
  (0.02, 0.2, 0.05, 0.8, true, 21108.331464240044, 21109),
  (0.3, 0.2, 0.1, 0.95, false, 127.14594274775325, 128);
SELECT p1, mde, alpha, power, rel, n,
       pmkt.ab_sample_size(p1, mde, alpha, power, rel) AS got,
       pmkt.ab_sample_size(p1, mde, alpha, power, rel) = n AS ok
FROM ss_ref;
-- the study's example with the defaults (alpha 0.05, power 0.8, absolute)
SELECT pmkt.ab_sample_size(0.08, 0.04) AS per_arm,
       pmkt.ab_sample_size(0.08, 0.5, relative => true) AS per_arm_relative;

-- NULL in, NULL out (STRICT)
SELECT pmkt.ab_test_proportions(NULL, 10, 1, 10) IS NULL AS z_null,
       pmkt.welch_t_test(1, 1, 10, NULL, 1, 10) IS NULL AS welch_null,
       pmkt.chi_square_test(NULL, '{1,2}') IS NULL AS chi_null,
       pmkt.ab_sample_size(0.1, NULL) IS NULL AS ss_null;

-- ---------------------------------------------------------------- errors
SELECT * FROM pmkt.ab_test_proportions(-1, 100, 5, 100);
SELECT * FROM pmkt.ab_test_proportions(5, 100, 5, -3);
SELECT * FROM pmkt.ab_test_proportions(5, 0, 5, 100);
SELECT * FROM pmkt.ab_test_proportions(101, 100, 5, 100);
SELECT * FROM pmkt.ab_test_proportions(5, 100, 5, 100, 0);
SELECT * FROM pmkt.ab_test_proportions(5, 100, 5, 100, 1.5);
SELECT * FROM pmkt.ab_test_proportions(5, 100, 5, 100, 'NaN');
SELECT * FROM pmkt.welch_t_test(1, -1, 10, 2, 1, 10);
SELECT * FROM pmkt.welch_t_test(1, 1, 10, 2, 1, 1);
SELECT * FROM pmkt.welch_t_test('NaN', 1, 10, 2, 1, 10);
SELECT * FROM pmkt.welch_t_test(1, 1, 10, 'Infinity', 1, 10);
SELECT * FROM pmkt.welch_t_test(1, 1, 10, 2, 1, 10, 1);
SELECT * FROM pmkt.chi_square_test('{1,2,3}', '{10,20}');
SELECT * FROM pmkt.chi_square_test('{1}', '{10}');
SELECT * FROM pmkt.chi_square_test('{}', '{}');
SELECT * FROM pmkt.chi_square_test('{{1,2},{3,4}}', '{{10,20},{30,40}}');
SELECT * FROM pmkt.chi_square_test('{1,NULL}', '{10,20}');
SELECT * FROM pmkt.chi_square_test('{1,25}', '{10,20}');
SELECT * FROM pmkt.chi_square_test('{1,2}', '{0,20}');
SELECT * FROM pmkt.chi_square_test('{1,-2}', '{10,20}');
SELECT pmkt.ab_sample_size(0, 0.01);
SELECT pmkt.ab_sample_size(1.2, 0.01);
SELECT pmkt.ab_sample_size(0.1, 0);
SELECT pmkt.ab_sample_size(0.95, 0.1);
SELECT pmkt.ab_sample_size(0.1, 9, relative => true);
SELECT pmkt.ab_sample_size(0.1, 0.01, alpha => 1);
SELECT pmkt.ab_sample_size(0.1, 0.01, power => 0);
SELECT pmkt.ab_sample_size(0.1, 'NaN');
-- an effect too small for a bigint sample size: 22003
SELECT pmkt.ab_sample_size(0.1, 1e-12);
\set VERBOSITY sqlstate
SELECT * FROM pmkt.ab_test_proportions(101, 100, 5, 100);
SELECT * FROM pmkt.welch_t_test(1, 1, 10, 2, 1, 1);
SELECT * FROM pmkt.chi_square_test('{1,2,3}', '{10,20}');
SELECT * FROM pmkt.chi_square_test('{1,NULL}', '{10,20}');
SELECT pmkt.ab_sample_size(0.1, 0.01, power => 0);
SELECT pmkt.ab_sample_size(0.1, 1e-12);
\set VERBOSITY default
