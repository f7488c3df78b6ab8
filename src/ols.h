/*
 * ols.h
 *    Ordinary least squares: one-pass, combinable QR accumulation.
 *
 * The aggregate pmkt.ols keeps the upper-triangular factor R of the
 * augmented matrix [X y] (QR of the rows seen so far) in 80-bit long double
 * arithmetic.  The state is a float8[]:
 *
 *   [0]  tag OLS_STATE_TAG        [1] m = columns of [X y] (parameters + 1)
 *   [2]  intercept (0/1)          [3] n, rows accumulated (including buffered)
 *   [4]  rows in the buffer
 *   then m(m+1)/2 pairs (hi, lo): R's upper triangle row by row, each entry
 *        the long double hi + lo (hi = (double) v, lo = (double) (v - hi):
 *        exact, so the state round-trips through text without loss)
 *   then OLS_BLOCK rows of m doubles: rows not yet folded into R (the
 *        Householder kernel is applied per block of rows).
 *
 * Its size depends on the number of regressors only.
 */
#ifndef PMKT_OLS_H
#define PMKT_OLS_H

#define OLS_STATE_TAG 6001.0
#define OLS_HDR 5
#define OLS_BLOCK 64
#define OLS_MAX_PARAMS 400

/*
 * A column k of X is rank deficient when |R_kk| <= OLS_RANK_TOL * ||X_k||:
 * what is left of the column after removing its projection on the earlier
 * columns is below 1e-12 of its norm (with double inputs, fewer than about
 * 4 significant digits of the coefficient would be left).
 */
#define OLS_RANK_TOL 1e-12

/* Fold nb rows (Bc column-major: Bc[j * nb + i]) into R (m x m, row-major). */
extern void pmkt_ols_qr_update(long double *R, int m, long double *Bc, int nb);

#endif							/* PMKT_OLS_H */
