/*
 * nnfast.c
 *    Scoring fast path for BPNN models (see nnfast.h): an AVX2/FMA forward
 *    pass over the flat model read in place, used only when the CPU has
 *    both (checked once at run time); everything else goes through
 *    pmkt_nn_forward.
 *
 * Per row: z = (x - mean) / scale on 4 lanes (with the finiteness check);
 * the hidden units in blocks of 4, each unit's row of W dotted with z on 4
 * lanes and the 4 units' sums reduced into one vector (the last block is
 * shifted back to end at unit h, recomputing a few units: same values);
 * the activation on 4 lanes (the sigmoid's exp is pmkt_nn_exp's table
 * method with a gather); the output layer as a 4-lane dot product.  Tails
 * shorter than 4 use masked loads, which read nothing past the section.
 */
#include "pmkt.h"

#include "nnfast.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define NNFAST_X86 1
#include <immintrin.h>
#endif

#ifdef NNFAST_X86

#define ATTR_AVX2 __attribute__((target("avx2,fma")))
#define ATTR_AVX2_INLINE __attribute__((target("avx2,fma"), always_inline)) inline

/*
 * pmkt_nn_exp on 4 lanes: same clamp, reduction, polynomial and table
 * (NaN stays NaN: the max/min operand order returns the NaN lane).
 */
static ATTR_AVX2_INLINE __m256d
exp4(__m256d x)
{
	const __m256d shift = _mm256_set1_pd(0x1.8p52);
	const __m256i shift_bits = _mm256_castpd_si256(shift);
	__m256d		kd,
				r,
				r2,
				p,
				tab;
	__m256i		ki,
				n,
				idx;

	x = _mm256_max_pd(_mm256_set1_pd(-708.0), x);
	x = _mm256_min_pd(_mm256_set1_pd(709.0), x);
	kd = _mm256_fmadd_pd(x, _mm256_set1_pd(0x1.71547652b82fep6), shift);
	ki = _mm256_castpd_si256(kd);
	kd = _mm256_sub_pd(kd, shift);
	r = _mm256_fnmadd_pd(kd, _mm256_set1_pd(0x1.62e42fefa0000p-7), x);
	r = _mm256_fnmadd_pd(kd, _mm256_set1_pd(0x1.cf79abc9e3b3ap-46), r);
	r2 = _mm256_mul_pd(r, r);
	/* p = r + r2 * (1/2 + r/6) + r2^2 * (1/24 + r/120) */
	p = _mm256_fmadd_pd(r2,
						_mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 6), _mm256_set1_pd(0.5)),
						r);
	p = _mm256_fmadd_pd(_mm256_mul_pd(r2, r2),
						_mm256_fmadd_pd(r, _mm256_set1_pd(1.0 / 120), _mm256_set1_pd(1.0 / 24)),
						p);
	n = _mm256_sub_epi64(ki, shift_bits);	/* round(x * 64 / ln2) */
	idx = _mm256_and_si256(n, _mm256_set1_epi64x(63));
	tab = _mm256_i64gather_pd(pmkt_nn_exp_tab, idx, 8);
	/* 2^((n - idx) / 64) into the exponent: (n - idx) << 46 = q << 52 */
	tab = _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(tab),
											   _mm256_slli_epi64(_mm256_sub_epi64(n, idx), 46)));
	return _mm256_fmadd_pd(tab, p, tab);
}

/* masks for the first r lanes: load at masktab + 4 - r */
static const int64 masktab[8] = {-1, -1, -1, -1, 0, 0, 0, 0};

static ATTR_AVX2_INLINE __m256d
activate4(int act, __m256d s)
{
	if (act == PMKT_ACT_SIGMOID)
	{
		const __m256d one = _mm256_set1_pd(1.0);

		return _mm256_div_pd(one, _mm256_add_pd(one, exp4(_mm256_sub_pd(_mm256_setzero_pd(), s))));
	}
	/* relu: a > 0 ? a : 0 (NaN -> 0) */
	return _mm256_max_pd(s, _mm256_setzero_pd());
}

static ATTR_AVX2 bool
forward_avx2(const PmktNNModel *m, const double *x, double *y)
{
	const int	d = m->n_in,
				h = m->n_hidden,
				t = m->n_out,
				act = m->hidden_act,
				d4 = d & ~3,
				h4 = h & ~3;
	const double *mean = NN_IN_MEAN(m),
			   *scale = NN_IN_SCALE(m),
			   *W = NN_HIDDEN(m),
			   *B = NN_HBIAS(m),
			   *V = NN_OUT_W(m),
			   *c = NN_OUT_B(m);
	double		z[PMKT_NNFAST_MAX_IN + 4],
				s[PMKT_NNFAST_MAX_HIDDEN + 4];
	const __m256i dmask = _mm256_loadu_si256((const __m256i *) (masktab + 4 - (d - d4)));
	const __m256i hmask = _mm256_loadu_si256((const __m256i *) (masktab + 4 - (h - h4)));
	__m256d		bad = _mm256_setzero_pd();
	int			i;

	/* z = (x - mean) / scale; lanes past d are 0 */
	for (i = 0; i < d4; i += 4)
	{
		const __m256d xv = _mm256_loadu_pd(x + i),
					dx = _mm256_sub_pd(xv, xv);	/* 0, or NaN for NaN/Inf */

		bad = _mm256_or_pd(bad, _mm256_cmp_pd(dx, dx, _CMP_UNORD_Q));
		_mm256_storeu_pd(z + i, _mm256_div_pd(_mm256_sub_pd(xv, _mm256_loadu_pd(mean + i)),
											  _mm256_loadu_pd(scale + i)));
	}
	if (d4 < d)
	{
		const __m256d xv = _mm256_maskload_pd(x + d4, dmask),
					dx = _mm256_sub_pd(xv, xv),
					sc = _mm256_blendv_pd(_mm256_set1_pd(1.0),
										  _mm256_maskload_pd(scale + d4, dmask),
										  _mm256_castsi256_pd(dmask));

		bad = _mm256_or_pd(bad, _mm256_cmp_pd(dx, dx, _CMP_UNORD_Q));
		_mm256_storeu_pd(z + d4, _mm256_div_pd(_mm256_sub_pd(xv, _mm256_maskload_pd(mean + d4, dmask)),
											   sc));
	}
	if (_mm256_movemask_pd(bad) != 0)
		return false;

	/* hidden units, 4 at a time */
	for (int j0 = 0; j0 < h; j0 += 4)
	{
		const int	j = j0 + 4 <= h ? j0 : h - 4;
		const double *w0 = W + (Size) j * d,
				   *w1 = w0 + d,
				   *w2 = w1 + d,
				   *w3 = w2 + d;
		__m256d		a0 = _mm256_setzero_pd(),
					a1 = _mm256_setzero_pd(),
					a2 = _mm256_setzero_pd(),
					a3 = _mm256_setzero_pd(),
					h01,
					h23,
					sum;

		for (i = 0; i < d4; i += 4)
		{
			const __m256d zv = _mm256_loadu_pd(z + i);

			a0 = _mm256_fmadd_pd(_mm256_loadu_pd(w0 + i), zv, a0);
			a1 = _mm256_fmadd_pd(_mm256_loadu_pd(w1 + i), zv, a1);
			a2 = _mm256_fmadd_pd(_mm256_loadu_pd(w2 + i), zv, a2);
			a3 = _mm256_fmadd_pd(_mm256_loadu_pd(w3 + i), zv, a3);
		}
		if (d4 < d)
		{
			const __m256d zv = _mm256_loadu_pd(z + d4);

			a0 = _mm256_fmadd_pd(_mm256_maskload_pd(w0 + d4, dmask), zv, a0);
			a1 = _mm256_fmadd_pd(_mm256_maskload_pd(w1 + d4, dmask), zv, a1);
			a2 = _mm256_fmadd_pd(_mm256_maskload_pd(w2 + d4, dmask), zv, a2);
			a3 = _mm256_fmadd_pd(_mm256_maskload_pd(w3 + d4, dmask), zv, a3);
		}
		/* [sum a0, sum a1, sum a2, sum a3] */
		h01 = _mm256_hadd_pd(a0, a1);
		h23 = _mm256_hadd_pd(a2, a3);
		sum = _mm256_add_pd(_mm256_permute2f128_pd(h01, h23, 0x20),
							_mm256_permute2f128_pd(h01, h23, 0x31));
		sum = _mm256_add_pd(_mm256_loadu_pd(B + j), sum);
		_mm256_storeu_pd(s + j, activate4(act, sum));
	}
	_mm256_storeu_pd(s + h, _mm256_setzero_pd());

	/* output layer */
	for (int k = 0; k < t; k++)
	{
		const double *v = V + (Size) k * h;
		__m256d		acc = _mm256_setzero_pd();
		__m128d		s2;
		double		a;
		int			j;

		for (j = 0; j < h4; j += 4)
			acc = _mm256_fmadd_pd(_mm256_loadu_pd(v + j), _mm256_loadu_pd(s + j), acc);
		if (h4 < h)
			acc = _mm256_fmadd_pd(_mm256_maskload_pd(v + h4, hmask), _mm256_loadu_pd(s + h4), acc);
		s2 = _mm_add_pd(_mm256_castpd256_pd128(acc), _mm256_extractf128_pd(acc, 1));
		s2 = _mm_add_sd(s2, _mm_unpackhi_pd(s2, s2));
		a = c[k] + _mm_cvtsd_f64(s2);
		if (m->output_act == PMKT_ACT_SIGMOID)
			a = 1.0 / (1.0 + pmkt_nn_exp(-a));
		y[k] = NN_T_MEAN(m)[k] + NN_T_SCALE(m)[k] * a;
	}
	return true;
}

static int	cpu_ok = -1;

#endif							/* NNFAST_X86 */

bool
pmkt_nn_fast_ok(const PmktNNModel *m)
{
#ifdef NNFAST_X86
	if (cpu_ok < 0)
		cpu_ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
	if (!cpu_ok || m->kind != PMKT_NN_BPNN ||
		(m->hidden_act != PMKT_ACT_SIGMOID && m->hidden_act != PMKT_ACT_RELU) ||
		m->n_in > PMKT_NNFAST_MAX_IN ||
		m->n_hidden < 4 || m->n_hidden > PMKT_NNFAST_MAX_HIDDEN)
		return false;
	pmkt_nn_exp_init();
	return true;
#else
	return false;
#endif
}

bool
pmkt_nn_fast_forward(const PmktNNModel *m, const double *x, double *y)
{
#ifdef NNFAST_X86
	return forward_avx2(m, x, y);
#else
	elog(ERROR, "pmkt_nn_fast_forward called without a fast path");
	return false;
#endif
}
