/*
 * ols_kernel.h
 *    The Householder row-block update of pmkt.ols, as a macro so that the
 *    extension instantiates it in long double and bench/ols_kernel.c can
 *    time the same code in double and long double.
 *
 * PMKT_OLS_QR_UPDATE(name, real, sqrtfn) defines
 *    static void name(real *R, int m, real *Bc, int nb)
 * folding nb rows (Bc column-major: Bc[j * nb + i]) into the m x m upper
 * triangular R (row-major): [R; B] -> [R'; 0].  For each column k the
 * reflection that zeroes B's column k against R_kk is applied to the
 * remaining columns: O(nb m^2) operations, no allocation.
 */
#ifndef PMKT_OLS_KERNEL_H
#define PMKT_OLS_KERNEL_H

#define PMKT_OLS_QR_UPDATE(name, real, sqrtfn) \
static void \
name(real *R, int m, real *Bc, int nb) \
{ \
	for (int k = 0; k < m; k++) \
	{ \
		real	   *bk = Bc + (size_t) k * nb; \
		real		s = 0, a, nrm, beta, tau, inv; \
\
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
\
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

#endif							/* PMKT_OLS_KERNEL_H */
