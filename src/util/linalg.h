/*
 * util/linalg.h
 *    Thin wrappers over LAPACKE and CBLAS for the dense linear algebra pmkt
 *    needs.  All matrices are row-major (as PostgreSQL stores 2-D arrays).
 *    Errors name the caller (funcname) and are never XX000: a non-finite
 *    input matrix (user data overflowing on its way there) raises 22003
 *    numeric_value_out_of_range; a routine failing on finite input (no
 *    convergence) raises 22023 invalid_parameter_value.  Numerical
 *    conditions callers must handle (rank deficiency) are returned, not
 *    raised.
 */
#ifndef PMKT_UTIL_LINALG_H
#define PMKT_UTIL_LINALG_H

#include "postgres.h"

/* keep complex.h (and its macro I) out of PostgreSQL code */
#define LAPACK_COMPLEX_STRUCTURE
#include <cblas.h>
#include <lapacke.h>

/*
 * Symmetric eigen-decomposition of the n x n matrix a (row-major; only the
 * upper triangle is read).  On return w holds the eigenvalues in
 * descending order and a holds the matching unit eigenvectors as columns
 * (a[i * n + j] is component i of vector j), each signed so that its
 * largest-magnitude component is positive (a deterministic sign).
 */
extern void pmkt_sym_eigen(double *a, int n, double *w, const char *funcname);

/* A LAPACK routine returned info != 0 on finite input: 22023. */
extern void pmkt_lapack_failed(const char *funcname, const char *routine,
							   int info) pg_attribute_noreturn();

/*
 * The check made before every LAPACK call: n values, all finite, else
 * 22003 naming funcname (LAPACKE would reject a NaN with info < 0).
 */
extern void pmkt_check_lapack_input(const double *a, Size n,
									const char *funcname);

/*
 * Minimum-norm least squares min ||A x - b|| for the m x n matrix A and
 * nrhs right-hand sides b (m x nrhs, row-major, overwritten: the first n
 * rows hold x).  Uses SVD (dgelsd); singular values below rcond * s_max
 * count as zero.  Returns the effective rank.  A and b are destroyed.
 */
extern int	pmkt_lstsq(double *A, int m, int n, double *b, int nrhs,
					   double rcond, const char *funcname);

/*
 * The same minimum-norm least squares for a tall A (m x n, m >= n), in
 * row blocks, without copying or destroying A and B (m x nrhs, both
 * row-major): a blocked QR of [A B] (LAPACK
 * dtpqrt, block by block, with an interrupt check after each), then
 * pmkt_lstsq on the n x n triangular factor.  X receives n x nrhs.
 * Returns the effective rank.
 */
extern int	pmkt_lstsq_rows(const double *A, int64 m, int n, const double *B,
							int nrhs, double rcond, double *X,
							const char *funcname);

/* C = alpha * op(A) op(B) + beta * C, row-major (cblas_dgemm). */
extern void pmkt_gemm(bool transA, bool transB, int m, int n, int k,
					  double alpha, const double *A, const double *B,
					  double beta, double *C);

#endif							/* PMKT_UTIL_LINALG_H */
