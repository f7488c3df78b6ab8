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

#endif							/* PMKT_OLS_H */
