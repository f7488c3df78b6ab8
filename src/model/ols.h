/*
 * ols.h
 *    Ordinary least squares: one-pass, combinable aggregate state.
 *
 * The aggregate pmkt.ols keeps the Gram matrix G = A'A of the augmented
 * rows a = [1 x y] (the 1 only with an intercept) in double-double
 * precision (see ols.c and ols_kernel.h).  The state is a float8[]:
 *
 *   [0]  tag OLS_STATE_TAG        [1] m = columns of A (parameters + 1)
 *   [2]  intercept (0/1)          [3] n, rows accumulated
 *   then m x s doubles (s = m rounded up to a multiple of 4): hi parts of G,
 *        row-major; only the upper triangle j >= i is used (see ols_kernel.h)
 *   then m x s doubles: lo parts (G_ij = hi + lo, |lo| <= ulp(hi)/2)
 *
 * Plain doubles, so the state round-trips exactly through text; its size
 * depends on the number of regressors only (4 + 2 m s).
 */
#ifndef PMKT_OLS_H
#define PMKT_OLS_H

#define OLS_STATE_TAG 6001.0
#define OLS_HDR 4
#define OLS_MAX_PARAMS 400

/*
 * A column k of X is rank deficient when |R_kk| <= OLS_RANK_TOL * ||X_k||:
 * what is left of the column after removing its projection on the earlier
 * columns is below 1e-12 of its norm (with double inputs, fewer than about
 * 4 significant digits of the coefficient would be left).
 */
#define OLS_RANK_TOL 1e-12

/* number of pmkt.ols_result attributes, in their SQL order */
enum
{
	OR_COEF, OR_SE, OR_T, OR_P, OR_R2, OR_ADJR2, OR_F, OR_FP, OR_RSE, OR_N,
	OR_DFM, OR_DFR, OR_LL, OR_AIC, OR_BIC, OR_COND, OR_RANK, OR_INTERCEPT,
	OR_NATTS_10,				/* 1.0 ends here */
	OR_COV = OR_NATTS_10,		/* covariance, new in 1.1 (ALTER TYPE ADD ATTRIBUTE) */
	OR_NATTS
};

/* pmkt.logistic_result attributes, in SQL order */
enum
{
	LR_COEF, LR_SE, LR_Z, LR_P, LR_OR, LR_LL, LR_LL0, LR_R2, LR_AIC, LR_ITER,
	LR_CONV, LR_N, LR_INTERCEPT,
	LR_NATTS_10,				/* 1.0 ends here */
	LR_COV = LR_NATTS_10,		/* covariance, new in 1.1 (ALTER TYPE ADD ATTRIBUTE) */
	LR_NATTS
};

/*
 * Readable report values (inference.c): v as numeric rounded to digits
 * significant digits, or to digits decimal places when decimals is true.
 * NaN stays NaN; infinities give NULL (*isnull).
 */
extern Datum pmkt_round_numeric(double v, int digits, bool decimals, bool *isnull);

/* report arguments: digits (1..15), level (0..1), variable names; stars of a p-value */
extern int	pmkt_report_digits(FunctionCallInfo fcinfo, int argno);
extern double pmkt_report_level(FunctionCallInfo fcinfo, int argno);
extern char **pmkt_report_names(FunctionCallInfo fcinfo, int argno, int p, bool intercept);
extern const char *pmkt_stars(double pv);

#endif							/* PMKT_OLS_H */
