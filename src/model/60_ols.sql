
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
    intercept boolean,
    covariance float8[]
);
COMMENT ON TYPE pmkt.ols_result IS
'Result of pmkt.ols: coefficients, standard errors, t statistics and two-sided p-values (arrays, intercept first when fitted), R squared, adjusted R squared, F statistic and its p-value, residual standard error, rows, degrees of freedom, Gaussian log-likelihood, AIC, BIC, condition number of X, numerical rank, whether an intercept was fitted, and (new in 1.1) the covariance matrix of the coefficients (p x p; from pmkt.ols_robust the HC0-HC3 sandwich). A rank-deficient fit has rank below the number of parameters and NULL estimates.';

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

CREATE FUNCTION pmkt.ols_report(result pmkt.ols_result, names text[] DEFAULT NULL,
                                level float8 DEFAULT 0.95, digits int DEFAULT 4)
RETURNS TABLE (variable text, coefficient numeric, std_error numeric,
               t_value numeric, p_value numeric, ci_lower numeric, ci_upper numeric,
               stars text)
AS 'MODULE_PATHNAME', 'pmkt_ols_report_digits'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION pmkt.ols_report(pmkt.ols_result, text[], float8, int) IS
'One row per parameter of an OLS fit (the regression table): variable name ("(Intercept)" first when fitted; names gives the regressors'' names, default x1, x2, ...), coefficient, standard error, t, two-sided p-value, the level (default 0.95) confidence interval b +- t(df_residual) * se, and significance stars (*** p<0.001, ** p<0.01, * p<0.05, . p<0.1). Values are numeric for reading: estimates, standard errors, t and bounds rounded to digits (1..15, default 4) significant digits, p-values to digits decimals (digits NULL: unrounded, the exact float8 values); the exact float8 values are in the result itself. Pass the result of pmkt.ols_robust for robust standard errors.';

CREATE FUNCTION pmkt.ols_predict(x float8[], model pmkt.ols_result)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_ols_predict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_predict(float8[], pmkt.ols_result) IS
'Fitted value of an OLS model for the regressors x (same order as in the fit; the intercept is added when the model has one)';
