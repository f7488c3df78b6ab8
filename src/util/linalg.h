/*
 * util/linalg.h
 *    Thin wrappers over LAPACKE and CBLAS for the dense linear algebra pmkt
 *    needs.  All matrices are row-major (as PostgreSQL stores 2-D arrays).
 *    A LAPACK failure raises XX000 internal_error with the routine's info;
 *    numerical conditions callers must handle (rank deficiency) are
 *    returned, not raised.
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
extern void pmkt_sym_eigen(double *a, int n, double *w);

/*
 * Minimum-norm least squares min ||A x - b|| for the m x n matrix A and
 * nrhs right-hand sides b (m x nrhs, row-major, overwritten: the first n
 * rows hold x).  Uses SVD (dgelsd); singular values below rcond * s_max
 * count as zero.  Returns the effective rank.  A and b are destroyed.
 */
extern int	pmkt_lstsq(double *A, int m, int n, double *b, int nrhs,
					   double rcond);

/*
 * The same minimum-norm least squares for a tall A (m x n, m >= n), in
 * row blocks, without copying or destroying A and B (m x nrhs, both
 * row-major): a blocked QR of [A B] (LAPACK
 * dtpqrt, block by block, with an interrupt check after each), then
 * pmkt_lstsq on the n x n triangular factor.  X receives n x nrhs.
 * Returns the effective rank.
 */
extern int	pmkt_lstsq_rows(const double *A, int64 m, int n, const double *B,
							int nrhs, double rcond, double *X);

/* C = alpha * op(A) op(B) + beta * C, row-major (cblas_dgemm). */
extern void pmkt_gemm(bool transA, bool transB, int m, int n, int k,
					  double alpha, const double *A, const double *B,
					  double beta, double *C);

#endif							/* PMKT_UTIL_LINALG_H */
