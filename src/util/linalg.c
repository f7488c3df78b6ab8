/*
 * util/linalg.c
 *    LAPACKE/CBLAS wrappers (see linalg.h).
 */
#include "pmkt.h"

#include "util/linalg.h"

/* lapack_failed: a routine returned info != 0 that callers cannot handle. */
static void
lapack_failed(const char *routine, lapack_int info)
{
	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg("LAPACK routine %s failed", routine),
			 errdetail("info = %d", (int) info)));
}

void
pmkt_sym_eigen(double *a, int n, double *w)
{
	lapack_int	info;
	double	   *tmp;
	double	   *wt;

	/* dsyev returns ascending eigenvalues; we reorder to descending */
	info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', n, a, n, w);
	if (info != 0)
		lapack_failed("dsyev", info);

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
pmkt_lstsq(double *A, int m, int n, double *b, int nrhs, double rcond)
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
	info = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, m, n, nrhs, A, n, bb, nrhs, s,
						  rcond, &rank);
	if (info < 0)
		lapack_failed("dgelsd", info);
	if (info > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("least squares solve did not converge"),
				 errhint("Check the inputs for extreme values.")));
	if (bb != b)
	{
		memcpy(b, bb, sizeof(double) * n * nrhs);
		pfree(bb);
	}
	pfree(s);
	return (int) rank;
}

void
pmkt_gemm(bool transA, bool transB, int m, int n, int k, double alpha,
		  const double *A, const double *B, double beta, double *C)
{
	cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
				transB ? CblasTrans : CblasNoTrans, m, n, k, alpha,
				A, transA ? m : k, B, transB ? k : n, beta, C, n);
}
