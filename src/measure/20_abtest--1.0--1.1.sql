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
