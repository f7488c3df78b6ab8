-- ols, 1.0 -> 1.1: the covariance matrix in pmkt.ols_result; ols_report gains
-- level and digits (numeric columns, confidence interval)
ALTER TYPE pmkt.ols_result ADD ATTRIBUTE covariance float8[];
COMMENT ON TYPE pmkt.ols_result IS
'Result of pmkt.ols: coefficients, standard errors, t statistics and two-sided p-values (arrays, intercept first when fitted), R squared, adjusted R squared, F statistic and its p-value, residual standard error, rows, degrees of freedom, Gaussian log-likelihood, AIC, BIC, condition number of X, numerical rank, whether an intercept was fitted, and (new in 1.1) the covariance matrix of the coefficients (p x p; from pmkt.ols_robust the HC0-HC3 sandwich). A rank-deficient fit has rank below the number of parameters and NULL estimates.';
-- models saved in text form by 1.0 have one field less: add the empty covariance
UPDATE pmkt.model_registry SET model = left(model, -1) || ',)'
WHERE model_type IN ('pmkt.ols_result', 'pmkt.logistic_result') AND model LIKE '(%)';
DROP FUNCTION pmkt.ols_report(pmkt.ols_result, text[]);
CREATE FUNCTION pmkt.ols_report(result pmkt.ols_result, names text[] DEFAULT NULL,
                                level float8 DEFAULT 0.95, digits int DEFAULT 4)
RETURNS TABLE (variable text, coefficient numeric, std_error numeric,
               t_value numeric, p_value numeric, ci_lower numeric, ci_upper numeric,
               stars text)
AS 'MODULE_PATHNAME', 'pmkt_ols_report_digits'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION pmkt.ols_report(pmkt.ols_result, text[], float8, int) IS
'One row per parameter of an OLS fit (the regression table): variable name ("(Intercept)" first when fitted; names gives the regressors'' names, default x1, x2, ...), coefficient, standard error, t, two-sided p-value, the level (default 0.95) confidence interval b +- t(df_residual) * se, and significance stars (*** p<0.001, ** p<0.01, * p<0.05, . p<0.1). Values are numeric for reading: estimates, standard errors, t and bounds rounded to digits (1..15, default 4) significant digits, p-values to digits decimals (digits NULL: unrounded, the exact float8 values); the exact float8 values are in the result itself. Pass the result of pmkt.ols_robust for robust standard errors.';
