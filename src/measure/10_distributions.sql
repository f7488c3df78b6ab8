
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
