
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
    intercept boolean,
    covariance float8[]
);
COMMENT ON TYPE pmkt.logistic_result IS
'Result of pmkt.logistic_train: coefficients, standard errors (from the inverse information matrix), z statistics, two-sided normal p-values and odds ratios exp(b) (arrays, intercept first when fitted), log-likelihood, null (intercept-only) log-likelihood, McFadden pseudo R squared, AIC, Newton iterations, whether it converged, rows used, whether an intercept was fitted, and (new in 1.1) the covariance matrix of the coefficients (p x p, the inverse information matrix; from pmkt.logistic_robust the HC0-HC3 sandwich)';

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
