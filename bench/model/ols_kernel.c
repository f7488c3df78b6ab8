/*
 * bench/model/ols_kernel.c: per-row cost of one-pass least-squares kernels for
 * m = 10 columns (8 regressors + intercept + y):
 *   - the Householder QR row-block update (blocks of 64 rows; the design
 *     first prototyped for pmkt.ols) in double and in 80-bit long double;
 *   - pmkt.ols's kernel (src/ols_kernel.h): the double-double Gram matrix
 *     update, with FMA and with Dekker's split (no FMA).
 * Built and run by bench/model/regress.sh; no PostgreSQL needed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/model/ols_kernel.h"

/* Householder QR update [R; B] -> [R'; 0], B column-major (nb rows). */
#define PMKT_OLS_QR_UPDATE(name, real, sqrtfn) \
static void \
name(real *R, int m, real *Bc, int nb) \
{ \
	for (int k = 0; k < m; k++) \
	{ \
		real	   *bk = Bc + (size_t) k * nb; \
		real		s = 0, a, nrm, beta, tau, inv; \
		for (int i = 0; i < nb; i++) \
			s += bk[i] * bk[i]; \
		if (s == 0) \
			continue; \
		a = R[k * m + k]; \
		nrm = sqrtfn(a * a + s); \
		beta = a > 0 ? -nrm : nrm; \
		tau = (beta - a) / beta; \
		inv = 1 / (a - beta); \
		for (int i = 0; i < nb; i++) \
			bk[i] *= inv; \
		for (int j = k + 1; j < m; j++) \
		{ \
			real	   *bj = Bc + (size_t) j * nb; \
			real		w0 = 0, w1 = 0, w2 = 0, w3 = 0, w; \
			int			i = 0; \
			for (; i + 3 < nb; i += 4) \
			{ \
				w0 += bk[i] * bj[i]; \
				w1 += bk[i + 1] * bj[i + 1]; \
				w2 += bk[i + 2] * bj[i + 2]; \
				w3 += bk[i + 3] * bj[i + 3]; \
			} \
			for (; i < nb; i++) \
				w0 += bk[i] * bj[i]; \
			w = (R[k * m + j] + ((w0 + w1) + (w2 + w3))) * tau; \
			R[k * m + j] -= w; \
			for (i = 0; i < nb; i++) \
				bj[i] -= bk[i] * w; \
		} \
		R[k * m + k] = beta; \
	} \
}

PMKT_OLS_QR_UPDATE(upd_d, double, sqrt)
PMKT_OLS_QR_UPDATE(upd_ld, long double, sqrtl)

#define M 10
#define NB 64

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	long		rows = argc > 1 ? atol(argv[1]) : 4000000;
	double	   *data = malloc(sizeof(double) * NB * M);
	unsigned long s = 42;

	for (int i = 0; i < NB * M; i++)
	{
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		data[i] = (double) (s >> 11) / 9007199254740992.0;
	}
	{
		double		R[M * M] = {0}, Bc[M * NB], t0 = now(), dt;

		for (long r = 0; r < rows; r += NB)
		{
			for (int i = 0; i < NB * M; i++)
				Bc[i] = data[i];
			upd_d(R, M, Bc, NB);
		}
		dt = now() - t0;
		printf("QR kernel double        %7.1f ns/row  %6.2f M rows/s  (R00 %g)\n", dt / rows * 1e9, rows / dt / 1e6, R[0]);
	}
	{
		long double R[M * M] = {0}, Bc[M * NB];
		double		t0 = now(), dt;

		for (long r = 0; r < rows; r += NB)
		{
			for (int i = 0; i < NB * M; i++)
				Bc[i] = data[i];
			upd_ld(R, M, Bc, NB);
		}
		dt = now() - t0;
		printf("QR kernel long double   %7.1f ns/row  %6.2f M rows/s  (R00 %g)\n", dt / rows * 1e9, rows / dt / 1e6, (double) R[0]);
	}
	for (int variant = 0; variant < 2; variant++)
	{
		double		hi[M * PMKT_GRAM_STRIDE(M)] = {0}, lo[M * PMKT_GRAM_STRIDE(M)] = {0}, t0 = now(), dt;
		double		a[PMKT_GRAM_STRIDE(M)] = {0};

		for (long r = 0; r < rows; r++)
		{
			for (int j = 0; j < M; j++)
				a[j] = data[(r % NB) * M + j];

			if (variant == 0)
				pmkt_gram_add_row(hi, lo, a, M);
			else
				pmkt_gram_add_row_generic(hi, lo, a, M);
		}
		dt = now() - t0;
		printf("Gram dd kernel %-9s %7.1f ns/row  %6.2f M rows/s  (G00 %g)\n",
			   variant == 0 ? "(FMA)" : "(Dekker)", dt / rows * 1e9, rows / dt / 1e6, hi[0]);
	}
	{
		/* the two Gram paths must give bitwise equal sums (error-free) */
		double		h1[12 * PMKT_GRAM_STRIDE(12)] = {0}, l1[12 * PMKT_GRAM_STRIDE(12)] = {0};
		double		h2[12 * PMKT_GRAM_STRIDE(12)] = {0}, l2[12 * PMKT_GRAM_STRIDE(12)] = {0};
		double		a[PMKT_GRAM_STRIDE(12)] = {0};

		for (long r = 0; r < 200000; r++)
		{
			for (int j = 0; j < 11; j++)
			{
				s = s * 6364136223846793005UL + 1442695040888963407UL;
				a[j] = ((double) (s >> 11) / 9007199254740992.0 - 0.5) * 1e3 * (j + 1);
			}
			pmkt_gram_add_row(h1, l1, a, 11);
			pmkt_gram_add_row_generic(h2, l2, a, 11);
		}
		printf("Gram FMA and Dekker paths bitwise equal: %s\n",
			   memcmp(h1, h2, sizeof(h1)) == 0 && memcmp(l1, l2, sizeof(l1)) == 0 ? "yes" : "NO");
	}
	return 0;
}
