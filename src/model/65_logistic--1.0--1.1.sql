-- logistic, 1.0 -> 1.1: the covariance matrix in pmkt.logistic_result
-- (registry models saved by 1.0 get their empty field in 60_ols--1.0--1.1)
ALTER TYPE pmkt.logistic_result ADD ATTRIBUTE covariance float8[];
COMMENT ON TYPE pmkt.logistic_result IS
'Result of pmkt.logistic_train: coefficients, standard errors (from the inverse information matrix), z statistics, two-sided normal p-values and odds ratios exp(b) (arrays, intercept first when fitted), log-likelihood, null (intercept-only) log-likelihood, McFadden pseudo R squared, AIC, Newton iterations, whether it converged, rows used, whether an intercept was fitted, and (new in 1.1) the covariance matrix of the coefficients (p x p, the inverse information matrix; from pmkt.logistic_robust the HC0-HC3 sandwich)';
