/*
 * util/linalg.c
 *    LAPACKE/CBLAS wrappers (see linalg.h).
 */
#include "pmkt.h"

#include "miscadmin.h"

#include "util/linalg.h"

/*
 * pmkt_lapack_failed: a routine returned info != 0 for finite input.  info < 0
 * (an illegal argument) cannot come from user data once the input is
 * finite; info > 0 (no convergence) can: both raise 22023 naming the
 * caller, never XX000.
 */
void
pmkt_lapack_failed(const char *funcname, const char *routine, int info)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: the linear algebra routine %s did not converge on this data",
					funcname, routine),
			 errdetail("LAPACK %s returned info = %d.", routine, info),
			 errhint("Check the inputs for extreme or nearly collinear values, or rescale them.")));
}

void
pmkt_check_lapack_input(const double *a, Size n, const char *funcname)
{
	for (Size i = 0; i < n; i++)
		if (unlikely(!isfinite(a[i])))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: value out of range: intermediate results exceed double precision",
							funcname),
					 errdetail("A matrix to decompose holds %g.", a[i]),
					 errhint("Rescale the inputs (or the parameters derived from them) to moderate magnitudes.")));
}

void
pmkt_sym_eigen(double *a, int n, double *w, const char *funcname)
{
	lapack_int	info;
	double	   *tmp;
	double	   *wt;

	pmkt_check_lapack_input(a, (Size) n * n, funcname);
	/* dsyev returns ascending eigenvalues; we reorder to descending */
	info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', n, a, n, w);
	if (info != 0)
		pmkt_lapack_failed(funcname, "dsyev", info);

	tmp = palloc(sizeof(double) * n * n);
	wt = palloc(sizeof(double) * n);
	for (int j = 0; j < n; j++)
	{
		int			src = n - 1 - j;
		int			imax = 0;
		double		sign;

		wt[j] = w[src];
		for (int i = 1; i < n; i++)
			if (fabs(a[i * n + src]) > fabs(a[imax * n + src]))
				imax = i;
		sign = a[imax * n + src] < 0 ? -1.0 : 1.0;
		for (int i = 0; i < n; i++)
			tmp[i * n + j] = sign * a[i * n + src];
	}
	memcpy(a, tmp, sizeof(double) * n * n);
	memcpy(w, wt, sizeof(double) * n);
	pfree(tmp);
	pfree(wt);
}

int
pmkt_lstsq(double *A, int m, int n, double *b, int nrhs, double rcond,
		   const char *funcname)
{
	lapack_int	rank = 0;
	lapack_int	info;
	double	   *s = palloc(sizeof(double) * Min(m, n));
	double	   *bb = b;
	int			ldb = Max(m, n);

	/* dgelsd needs b with max(m, n) rows */
	if (n > m)
	{
		bb = palloc0(sizeof(double) * ldb * nrhs);
		memcpy(bb, b, sizeof(double) * m * nrhs);
	}
	pmkt_check_lapack_input(A, (Size) m * n, funcname);
	pmkt_check_lapack_input(b, (Size) m * nrhs, funcname);
	info = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, m, n, nrhs, A, n, bb, nrhs, s,
						  rcond, &rank);
	if (info != 0)
		pmkt_lapack_failed(funcname, "dgelsd", info);
	if (bb != b)
	{
		memcpy(b, bb, sizeof(double) * n * nrhs);
		pfree(bb);
	}
	pfree(s);
	return (int) rank;
}

/*
 * pmkt_lstsq_rows: least squares for a tall matrix, in row blocks (see
 * linalg.h).  R is the triangular factor of the augmented matrix [A B]
 * (column-major, N = n + nrhs), updated block by block with dtpqrt (the
 * QR of R stacked on the next rows), so each step costs 2 rows N^2 flops
 * and the caller can be cancelled between steps.  Then [A B] = Q R, the top
 * n x n block of R is A's triangular factor and its top-right n x nrhs
 * block is Q^T B's first n rows: min ||A x - B|| = min ||R11 x - R12||, the
 * same minimiser, the same singular values, solved with pmkt_lstsq.
 */
int
pmkt_lstsq_rows(const double *A, int64 m, int n, const double *B, int nrhs,
				double rcond, double *X, const char *funcname)
{
	int			N = n + nrhs;
	int			nb = Min(N, 32);
	int64		blk;
	double	   *R,
			   *P,
			   *T,
			   *R11,
			   *c;
	int			rank;

	/* rows per step: about 5e7 flops, at least 64, at most 65536 */
	blk = (int64) (5e7 / ((double) N * N));
	blk = Max(blk, 64);
	blk = Min(blk, 65536);
	blk = Min(blk, Max(m, 1));
	pmkt_check_lapack_input(A, (Size) m * n, funcname);
	pmkt_check_lapack_input(B, (Size) m * nrhs, funcname);
	R = palloc0(sizeof(double) * (Size) N * N);
	P = palloc_extended(sizeof(double) * (Size) blk * N, MCXT_ALLOC_HUGE);
	T = palloc(sizeof(double) * (Size) nb * N);
	for (int64 i0 = 0; i0 < m; i0 += blk)
	{
		int			mb = (int) Min(blk, m - i0);
		lapack_int	info;

		/* the block, column-major (leading dimension mb) */
		for (int r = 0; r < mb; r++)
		{
			const double *a = A + (i0 + r) * (int64) n;
			const double *b = B + (i0 + r) * (int64) nrhs;

			for (int j = 0; j < n; j++)
				P[(Size) j * mb + r] = a[j];
			for (int j = 0; j < nrhs; j++)
				P[(Size) (n + j) * mb + r] = b[j];
		}
		info = LAPACKE_dtpqrt(LAPACK_COL_MAJOR, mb, N, 0, nb, R, N, P, mb, T, nb);
		if (info != 0)
			pmkt_lapack_failed(funcname, "dtpqrt", info);
		CHECK_FOR_INTERRUPTS();
	}
	pfree(P);
	pfree(T);
	/* R11 (row-major n x n) and c = R12 (n x nrhs) */
	R11 = palloc0(sizeof(double) * (Size) n * n);
	c = palloc(sizeof(double) * (Size) n * nrhs);
	for (int i = 0; i < n; i++)
	{
		for (int j = i; j < n; j++)
			R11[(Size) i * n + j] = R[(Size) j * N + i];
		for (int j = 0; j < nrhs; j++)
			c[(Size) i * nrhs + j] = R[(Size) (n + j) * N + i];
	}
	pfree(R);
	rank = pmkt_lstsq(R11, n, n, c, nrhs, rcond, funcname);
	memcpy(X, c, sizeof(double) * (Size) n * nrhs);
	pfree(R11);
	pfree(c);
	return rank;
}

void
pmkt_gemm(bool transA, bool transB, int m, int n, int k, double alpha,
		  const double *A, const double *B, double beta, double *C)
{
	cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
				transB ? CblasTrans : CblasNoTrans, m, n, k, alpha,
				A, transA ? m : k, B, transB ? k : n, beta, C, n);
}
