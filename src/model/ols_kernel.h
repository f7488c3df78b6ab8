/*
 * ols_kernel.h
 *    The per-row kernel of pmkt.ols: add the outer product of the row
 *    a = [1 x y] to the Gram matrix G = A'A, kept as a double-double
 *    (unevaluated sum hi + lo, about 32 significant digits) per entry of
 *    the packed upper triangle.  Each product a_i a_j is split exactly into
 *    p + e (two_prod, by FMA or Dekker's splitting) and added with an
 *    error-free two_sum, so G carries ~1e-32 relative error instead of the
 *    1e-16 that makes double normal equations fail (see ols.c).
 *
 * Header-only so that bench/model/ols_kernel.c times exactly this code.
 * pmkt_gram_add_row(hi, lo, a, m): hi and lo of m * PMKT_GRAM_STRIDE(m)
 * doubles, a of PMKT_GRAM_STRIDE(m) doubles (zero beyond m).
 */
#ifndef PMKT_OLS_KERNEL_H
#define PMKT_OLS_KERNEL_H

#include <math.h>

/* PMKT_NO_CONTRACT: the error-free transformations must not be contracted */
#include "../util/dd.h"

/* row stride of the padded square G: m rounded up to a multiple of 4 */
#define PMKT_GRAM_STRIDE(m) (((m) + 3) & ~3)

/*
 * G is stored as two m x PMKT_GRAM_STRIDE(m) row-major arrays hi and lo.
 * Row i is updated from column (i rounded down to a multiple of 4) to the
 * padded end, so the AVX2 path needs no scalar tail; the entries left of
 * the diagonal are redundant copies and only j >= i is read, the padding
 * columns stay 0 (a is zero-padded to the stride).
 */
#define PMKT_GRAM_BODY(TWO_PROD) \
	int			ms = PMKT_GRAM_STRIDE(m); \
	for (int i = 0; i < m; i++) \
	{ \
		double		ai = a[i]; \
		double	   *h = hi + (size_t) i * ms; \
		double	   *l = lo + (size_t) i * ms; \
\
		for (int j = i & ~3; j < ms; j++) \
		{ \
			double		p, e, s, bb, err; \
\
			TWO_PROD(ai, a[j], p, e); \
			s = h[j] + p; \
			bb = s - h[j]; \
			err = (h[j] - (s - bb)) + (p - bb); \
			h[j] = s; \
			l[j] += err + e; \
		} \
	}

/* exact product with a fused multiply-add */
#define PMKT_TWO_PROD_FMA(x, y, p, e) \
	do { (p) = (x) * (y); (e) = __builtin_fma((x), (y), -(p)); } while (0)

/* Dekker's exact product without FMA (|x|, |y| below ~1e150) */
#define PMKT_TWO_PROD_DEKKER(x, y, p, e) \
	do { \
		double		cx_ = 134217729.0 * (x), xh_ = cx_ - (cx_ - (x)), xl_ = (x) - xh_; \
		double		cy_ = 134217729.0 * (y), yh_ = cy_ - (cy_ - (y)), yl_ = (y) - yh_; \
		(p) = (x) * (y); \
		(e) = (((xh_ * yh_ - (p)) + xh_ * yl_) + xl_ * yh_) + xl_ * yl_; \
	} while (0)

PMKT_NO_CONTRACT static void
pmkt_gram_add_row_generic(double *hi, double *lo, const double *a, int m)
{
PMKT_GRAM_BODY(PMKT_TWO_PROD_DEKKER)
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>

/* AVX2 + FMA: four entries of a row of G at a time, same operations */
__attribute__((target("fma,avx2"))) PMKT_NO_CONTRACT
static void
pmkt_gram_add_row_fma(double *restrict hi, double *restrict lo,
					  const double *restrict a, int m)
{
	int			ms = PMKT_GRAM_STRIDE(m);

	for (int i = 0; i < m; i++)
	{
		__m256d		va = _mm256_set1_pd(a[i]);
		double	   *h = hi + (size_t) i * ms;
		double	   *l = lo + (size_t) i * ms;

		for (int j = i & ~3; j < ms; j += 4)
		{
			__m256d		x = _mm256_loadu_pd(a + j);
			__m256d		vh = _mm256_loadu_pd(h + j);
			__m256d		vl = _mm256_loadu_pd(l + j);
			__m256d		p = _mm256_mul_pd(va, x);
			__m256d		e = _mm256_fmsub_pd(va, x, p);
			__m256d		sum = _mm256_add_pd(vh, p);
			__m256d		bb = _mm256_sub_pd(sum, vh);
			__m256d		err = _mm256_add_pd(_mm256_sub_pd(vh, _mm256_sub_pd(sum, bb)),
											_mm256_sub_pd(p, bb));

			_mm256_storeu_pd(h + j, sum);
			_mm256_storeu_pd(l + j, _mm256_add_pd(vl, _mm256_add_pd(err, e)));
		}
	}
}

static inline void
pmkt_gram_add_row(double *hi, double *lo, const double *a, int m)
{
	static int	has_fma = -1;

	if (has_fma < 0)
	{
		__builtin_cpu_init();
		has_fma = __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2");
	}
	if (has_fma)
		pmkt_gram_add_row_fma(hi, lo, a, m);
	else
		pmkt_gram_add_row_generic(hi, lo, a, m);
}
#else
#define pmkt_gram_add_row pmkt_gram_add_row_generic
#endif

#endif							/* PMKT_OLS_KERNEL_H */
