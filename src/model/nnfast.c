/*
 * nnfast.c
 *    Scoring fast path for BPNN models (see nnfast.h): an AVX2/FMA forward
 *    pass over the flat model read in place, used only when the CPU has
 *    both (checked once at run time); everything else goes through
 *    pmkt_nn_forward.
 *
 * Per row: z = (x - mean) * (1 / scale) on 4 lanes (with the finiteness
 * check; 1/scale depends only on the model, so it is off the row's chain);
 * the hidden units in aligned blocks of 4, each unit's row of W dotted
 * with z and the 4 sums reduced into one vector; the activation on 4 lanes
 * (the sigmoid's exp by a polynomial, no table gather); the output layer
 * accumulated block by block in a register.  The last block's lanes past
 * h are zeroed and get zero output weights; tails shorter than 4 use
 * masked loads, which read nothing past a section.
 *
 * The pass is bound by the latency of a row's dependency chain, not by
 * arithmetic: the executor work around each call cannot overlap it much.
 * What was measured to help (bench/model/neural.md): no store then wider reload
 * on the chain (store forwarding fails), no gather, the reciprocal of the
 * scale.  What did not: an AVX-512 variant (longer reduction chains,
 * slower), a per-model prepared copy (its validation cost what it saved).
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
 * exp on 4 lanes without a table (a gather costs more than it saves on
 * this path): x clamped to [-708, 709] as pmkt_nn_exp does, x = k ln2 + r
 * with |r| <= ln2/2 (Cody-Waite, ln2 in two parts), e^r by its Taylor
 * polynomial of degree 13 (truncation below 5e-18 relative) evaluated by
 * Estrin's scheme (4 dependent steps instead of 13), then 2^k added into
 * the exponent.  Within 2.2 ulps of exp (checked against expl at 2e7
 * points); NaN stays
 * NaN (the max/min operand order returns the NaN lane).
 */
static ATTR_AVX2_INLINE __m256d
exp4(__m256d x)
{
	const __m256d shift = _mm256_set1_pd(0x1.8p52);
	__m256d		kd,
				r,
				r2,
				r4,
				r8,
				q01,
				q23,
				q45,
				q67,
				q89,
				q1011,
				q1213,
				p;
	__m256i		ki;

#define C(n) _mm256_set1_pd(n)
	x = _mm256_max_pd(_mm256_set1_pd(-708.0), x);
	x = _mm256_min_pd(_mm256_set1_pd(709.0), x);
	kd = _mm256_fmadd_pd(x, C(0x1.71547652b82fep0), shift);	/* x / ln2, rounded */
	ki = _mm256_castpd_si256(kd);
	kd = _mm256_sub_pd(kd, shift);
	r = _mm256_fnmadd_pd(kd, C(0x1.62e42fefa39efp-1), x);
	r = _mm256_fnmadd_pd(kd, C(0x1.abc9e3b39803fp-56), r);
	r2 = _mm256_mul_pd(r, r);
	r4 = _mm256_mul_pd(r2, r2);
	r8 = _mm256_mul_pd(r4, r4);
	q01 = _mm256_fmadd_pd(r, C(1.0), C(1.0));
	q23 = _mm256_fmadd_pd(r, C(1.0 / 6), C(1.0 / 2));
	q45 = _mm256_fmadd_pd(r, C(1.0 / 120), C(1.0 / 24));
	q67 = _mm256_fmadd_pd(r, C(1.0 / 5040), C(1.0 / 720));
	q89 = _mm256_fmadd_pd(r, C(1.0 / 362880), C(1.0 / 40320));
	q1011 = _mm256_fmadd_pd(r, C(1.0 / 39916800), C(1.0 / 3628800));
	q1213 = _mm256_fmadd_pd(r, C(1.0 / 6227020800.0), C(1.0 / 479001600));
	q01 = _mm256_fmadd_pd(q23, r2, q01);
	q45 = _mm256_fmadd_pd(q67, r2, q45);
	q89 = _mm256_fmadd_pd(q1011, r2, q89);
	q01 = _mm256_fmadd_pd(q45, r4, q01);
	q89 = _mm256_fmadd_pd(q1213, r4, q89);
	p = _mm256_fmadd_pd(q89, r8, q01);
#undef C
	/* k sits in the low bits of ki (the shift's mantissa); move it to the exponent */
	return _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(p),
												_mm256_slli_epi64(ki, 52)));
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

/* 4 lanes of the masked load at p: lanes past the mask read as 0 */
static ATTR_AVX2_INLINE __m256d
load4(const double *p, bool tail, __m256i mask)
{
	return tail ? _mm256_maskload_pd(p, mask) : _mm256_loadu_pd(p);
}

/*
 * The forward pass.  nd_const is the number of 4-lane input chunks when it
 * is a compile-time constant (1..4: the standardised row then lives in
 * registers), or 0 for any width (a stack array).
 *
 * Hidden units go in aligned blocks of 4; the last block's lanes past h
 * use row 0's weights and are zeroed before the activation, and their
 * output weights load as 0, so they add nothing.  Everything on a row's
 * dependency chain stays in registers (no store then wider load, which
 * stalls store forwarding); 1/scale depends only on the model, so the CPU
 * computes it before x arrives.
 */
#define Z(k) (*(nd_const > 0 ? &zr[k] : &zm[k]))

static ATTR_AVX2_INLINE bool
forward_impl(const PmktNNModel *m, const double *x, double *y, const int nd_const)
{
	const int	d = m->n_in,
				h = m->n_hidden,
				t = m->n_out,
				act = m->hidden_act,
				nd = nd_const > 0 ? nd_const : (d + 3) / 4,
				nh = (h + 3) / 4,
				dt = d - 4 * (nd - 1),	/* lanes in the last chunk, 1..4 */
				ht = h - 4 * (nh - 1);
	const double *mean = NN_IN_MEAN(m),
			   *scale = NN_IN_SCALE(m),
			   *W = NN_HIDDEN(m),
			   *B = NN_HBIAS(m),
			   *V = NN_OUT_W(m),
			   *c = NN_OUT_B(m);
	const __m256i dmask = _mm256_loadu_si256((const __m256i *) (masktab + 4 - dt));
	const __m256i hmask = _mm256_loadu_si256((const __m256i *) (masktab + 4 - ht));
	const __m256d one = _mm256_set1_pd(1.0);
	__m256d		zr[4],			/* z when nd_const > 0 (registers) */
				zm[PMKT_NNFAST_MAX_IN / 4];	/* else */
	double		s[PMKT_NNFAST_MAX_HIDDEN];
	__m256d		bad = _mm256_setzero_pd(),
				out = _mm256_setzero_pd();

	/* z = (x - mean) * (1 / scale); lanes past d are 0 */
	for (int k = 0; k < nd; k++)
	{
		const bool	tail = k == nd - 1 && dt < 4;
		const __m256d xv = load4(x + 4 * k, tail, dmask),
					dx = _mm256_sub_pd(xv, xv),	/* 0, or NaN for NaN/Inf */
					sc = tail ? _mm256_blendv_pd(one, load4(scale + 4 * k, true, dmask),
												 _mm256_castsi256_pd(dmask))
					: _mm256_loadu_pd(scale + 4 * k);

		bad = _mm256_or_pd(bad, _mm256_cmp_pd(dx, dx, _CMP_UNORD_Q));
		Z(k) = _mm256_mul_pd(_mm256_sub_pd(xv, load4(mean + 4 * k, tail, dmask)),
							 _mm256_div_pd(one, sc));
	}
	if (_mm256_movemask_pd(bad) != 0)
		return false;

	for (int b = 0; b < nh; b++)
	{
		const int	j = 4 * b;
		const bool	last = b == nh - 1 && ht < 4;
		const double *w0 = W + (Size) j * d,
				   *w1 = last && ht < 2 ? w0 : w0 + d,
				   *w2 = last && ht < 3 ? w0 : w0 + 2 * d,
				   *w3 = last ? w0 : w0 + 3 * d;
		__m256d		a0 = _mm256_setzero_pd(),
					a1 = _mm256_setzero_pd(),
					a2 = _mm256_setzero_pd(),
					a3 = _mm256_setzero_pd(),
					h01,
					h23,
					sum;

		for (int k = 0; k < nd; k++)
		{
			const bool	tail = k == nd - 1 && dt < 4;

			a0 = _mm256_fmadd_pd(load4(w0 + 4 * k, tail, dmask), Z(k), a0);
			a1 = _mm256_fmadd_pd(load4(w1 + 4 * k, tail, dmask), Z(k), a1);
			a2 = _mm256_fmadd_pd(load4(w2 + 4 * k, tail, dmask), Z(k), a2);
			a3 = _mm256_fmadd_pd(load4(w3 + 4 * k, tail, dmask), Z(k), a3);
		}
		/* [sum a0, sum a1, sum a2, sum a3] + bias */
		h01 = _mm256_hadd_pd(a0, a1);
		h23 = _mm256_hadd_pd(a2, a3);
		sum = _mm256_add_pd(_mm256_permute2f128_pd(h01, h23, 0x20),
							_mm256_permute2f128_pd(h01, h23, 0x31));
		sum = _mm256_add_pd(load4(B + j, last, hmask), sum);
		if (last)
			sum = _mm256_and_pd(sum, _mm256_castsi256_pd(hmask));
		sum = activate4(act, sum);
		if (t == 1)
			out = _mm256_fmadd_pd(load4(V + j, last, hmask), sum, out);
		else
			_mm256_storeu_pd(s + j, sum);
	}

	for (int k = 0; k < t; k++)
	{
		__m128d		s2;
		double		a;

		if (t > 1)
		{
			const double *v = V + (Size) k * h;

			out = _mm256_setzero_pd();
			for (int b = 0; b < nh; b++)
				out = _mm256_fmadd_pd(load4(v + 4 * b, b == nh - 1 && ht < 4, hmask),
									  _mm256_loadu_pd(s + 4 * b), out);
		}
		s2 = _mm_add_pd(_mm256_castpd256_pd128(out), _mm256_extractf128_pd(out, 1));
		s2 = _mm_add_sd(s2, _mm_unpackhi_pd(s2, s2));
		a = c[k] + _mm_cvtsd_f64(s2);
		if (m->output_act == PMKT_ACT_SIGMOID)
			a = 1.0 / (1.0 + pmkt_nn_exp(-a));
		y[k] = NN_T_MEAN(m)[k] + NN_T_SCALE(m)[k] * a;
	}
	return true;
}

#undef Z

/* one entry point per input width class, each with its constant inlined */
#define FORWARD_VARIANT(name, nd) \
static ATTR_AVX2 bool \
name(const PmktNNModel *m, const double *x, double *y) \
{ \
	return forward_impl(m, x, y, nd); \
}

FORWARD_VARIANT(forward_d4, 1)
FORWARD_VARIANT(forward_d8, 2)
FORWARD_VARIANT(forward_d12, 3)
FORWARD_VARIANT(forward_d16, 4)
FORWARD_VARIANT(forward_any, 0)

static int	cpu_ok = -1;		/* AVX2 and FMA */

#endif							/* NNFAST_X86 */

bool
pmkt_nn_fast_ok(const PmktNNModel *m)
{
#ifdef NNFAST_X86
	if (cpu_ok < 0)
		cpu_ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
	if (!cpu_ok || pmkt_simd == PMKT_SIMD_OFF || m->kind != PMKT_NN_BPNN ||
		(m->hidden_act != PMKT_ACT_SIGMOID && m->hidden_act != PMKT_ACT_RELU) ||
		m->n_in > PMKT_NNFAST_MAX_IN ||
		m->n_hidden < 1 || m->n_hidden > PMKT_NNFAST_MAX_HIDDEN)
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
	switch ((m->n_in + 3) / 4)
	{
		case 1:
			return forward_d4(m, x, y);
		case 2:
			return forward_d8(m, x, y);
		case 3:
			return forward_d12(m, x, y);
		case 4:
			return forward_d16(m, x, y);
		default:
			return forward_any(m, x, y);
	}
#else
	elog(ERROR, "pmkt_nn_fast_forward called without a fast path");
	return false;
#endif
}
