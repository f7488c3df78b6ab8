-- new in 1.1
-- ---------------------------------------------------------------------------
-- inference: robust (HC0-HC3) covariance of OLS and logistic fits as a
-- second combinable pass, the logistic regression table and the
-- likelihood-ratio test (issue 16, point 3)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.robust_state;

CREATE FUNCTION pmkt.robust_state_in(cstring) RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_robust_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.robust_state_out(pmkt.robust_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_robust_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.robust_state_recv(internal) RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_robust_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.robust_state_send(pmkt.robust_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_robust_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE pmkt.robust_state (
    INPUT = pmkt.robust_state_in,
    OUTPUT = pmkt.robust_state_out,
    RECEIVE = pmkt.robust_state_recv,
    SEND = pmkt.robust_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE pmkt.robust_state IS
'state of pmkt.ols_robust and pmkt.logistic_robust: the model (coefficients, bread, scalar fields), the covariance type, the rows read and the meat sum of w_i x_i x_i''; text form is the doubles in shortest exact decimal, so partial states ship as text';
COMMENT ON FUNCTION pmkt.robust_state_in(cstring) IS 'pmkt.robust_state input: numbers separated by spaces, validated (22P02)';
COMMENT ON FUNCTION pmkt.robust_state_out(pmkt.robust_state) IS 'pmkt.robust_state output: shortest exact numbers separated by spaces';
COMMENT ON FUNCTION pmkt.robust_state_recv(internal) IS 'pmkt.robust_state binary input, validated (22P03)';
COMMENT ON FUNCTION pmkt.robust_state_send(pmkt.robust_state) IS 'pmkt.robust_state binary output';

CREATE FUNCTION pmkt.ols_robust_sfunc(pmkt.robust_state, float8, float8[], pmkt.ols_result, text)
RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_ols_robust_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_robust_sfunc(pmkt.robust_state, float8, float8[], pmkt.ols_result, text) IS
'transition function of pmkt.ols_robust: adds the row''s weighted score outer product w x x'' (w = e^2, HC2 e^2/(1-h), HC3 e^2/(1-h)^2, h = x''(X''X)^-1 x)';
CREATE FUNCTION pmkt.logistic_robust_sfunc(pmkt.robust_state, float8, float8[], pmkt.logistic_result, text)
RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_logistic_robust_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.logistic_robust_sfunc(pmkt.robust_state, float8, float8[], pmkt.logistic_result, text) IS
'transition function of pmkt.logistic_robust: adds the row''s weighted score outer product w x x'' (e = y - mu; h = mu(1-mu) x''(X''WX)^-1 x)';
CREATE FUNCTION pmkt.robust_combine(pmkt.robust_state, pmkt.robust_state)
RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_robust_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.robust_combine(pmkt.robust_state, pmkt.robust_state) IS
'combine function of pmkt.ols_robust and pmkt.logistic_robust: adds the rows and meat sums of two states of the same model and covariance type';
CREATE FUNCTION pmkt.ols_robust_final(pmkt.robust_state)
RETURNS pmkt.ols_result
AS 'MODULE_PATHNAME', 'pmkt_ols_robust_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_robust_final(pmkt.robust_state) IS
'final function of pmkt.ols_robust: the sandwich (X''X)^-1 M (X''X)^-1 (times n/(n-p) for HC1) and the model with robust standard errors, t, p-values, covariance and Wald F';
CREATE FUNCTION pmkt.logistic_robust_final(pmkt.robust_state)
RETURNS pmkt.logistic_result
AS 'MODULE_PATHNAME', 'pmkt_logistic_robust_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.logistic_robust_final(pmkt.robust_state) IS
'final function of pmkt.logistic_robust: the sandwich (X''WX)^-1 M (X''WX)^-1 (times n/(n-p) for HC1) and the model with robust standard errors, z, p-values and covariance';

CREATE AGGREGATE pmkt.ols_robust(y float8, x float8[], model pmkt.ols_result, cov_type text) (
    SFUNC = pmkt.ols_robust_sfunc,
    STYPE = pmkt.robust_state,
    COMBINEFUNC = pmkt.robust_combine,
    FINALFUNC = pmkt.ols_robust_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.ols_robust(float8, float8[], pmkt.ols_result, text) IS
'Heteroskedasticity-robust covariance of a pmkt.ols fit, a second pass over the same rows: cov_type ''HC0'', ''HC1'' (n/(n-p) HC0), ''HC2'' or ''HC3'' (leverage-corrected), as statsmodels OLS fit(cov_type=...). Returns the model with robust std_errors, t_values, p_values (t with df_residual), covariance and Wald F; pass it to pmkt.ols_report. Rows with NULL y, x or x elements are skipped as in pmkt.ols; the rows read must be the model''s n. Combinable, parallel safe.';
CREATE AGGREGATE pmkt.logistic_robust(y float8, x float8[], model pmkt.logistic_result, cov_type text) (
    SFUNC = pmkt.logistic_robust_sfunc,
    STYPE = pmkt.robust_state,
    COMBINEFUNC = pmkt.robust_combine,
    FINALFUNC = pmkt.logistic_robust_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.logistic_robust(float8, float8[], pmkt.logistic_result, text) IS
'Robust (sandwich) covariance of a pmkt.logistic_train fit, a second pass over the same rows (y 0/1): ''HC0'' (statsmodels Logit fit(cov_type=''HC0'')), ''HC1'' (n/(n-p) HC0), ''HC2'' and ''HC3'' with the GLM hat values (R sandwich::vcovHC). Returns the model with robust std_errors, z_values, p_values and covariance; pass it to pmkt.logistic_report. Combinable, parallel safe.';

CREATE FUNCTION pmkt.logistic_report(result pmkt.logistic_result, names text[] DEFAULT NULL,
                                     level float8 DEFAULT 0.95, digits int DEFAULT 4)
RETURNS TABLE (variable text, coefficient numeric, std_error numeric, z_value numeric,
               p_value numeric, ci_lower numeric, ci_upper numeric,
               odds_ratio numeric, or_lower numeric, or_upper numeric, stars text)
AS 'MODULE_PATHNAME', 'pmkt_logistic_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION pmkt.logistic_report(pmkt.logistic_result, text[], float8, int) IS
'One row per parameter of a logistic fit: variable name ("(Intercept)" first; names as in pmkt.ols_report), coefficient (log-odds), standard error, z, two-sided p-value, the level (default 0.95) Wald interval b +- z * se, the odds ratio exp(b) and its interval exp(bounds), and significance stars. Numeric for reading: estimates rounded to digits (1..15, default 4) significant digits, p-values to digits decimals (digits NULL: unrounded, the exact float8 values).';

CREATE FUNCTION pmkt.logistic_lr_test(model pmkt.logistic_result,
                                      restricted pmkt.logistic_result DEFAULT NULL,
                                      OUT statistic float8, OUT df int, OUT p_value float8)
AS 'MODULE_PATHNAME', 'pmkt_logistic_lr_test'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.logistic_lr_test(pmkt.logistic_result, pmkt.logistic_result) IS
'Likelihood-ratio test of a logistic fit: 2 (ll - ll0) against chi-square with df = regressors besides the intercept (ll0: the intercept-only model; statsmodels llr, llr_pvalue), or against a nested restricted model fitted on the same rows (df = difference in parameters)';
