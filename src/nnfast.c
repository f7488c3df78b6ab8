/*
 * nnfast.c
 *    Scoring fast path for BPNN models (see nnfast.h): prepared weights and
 *    an AVX2/FMA forward pass, used only when the CPU has both (checked
 *    once at run time); everything else goes through pmkt_nn_forward.
 *
 * Per row: z = x - mean (4 lanes, with the finiteness check), the hidden
 * pre-activations a = b + W' z as 4-unit vectors (W' = W / scale folded
 * once per model, two accumulator chains), the activation on 4 lanes (the
 * sigmoid's exp is pmkt_nn_exp's table method with a gather), and the
 * output layer as a 4-lane dot product.  Padded units have weight and
 * bias 0 and output weight 0, so they add exactly nothing.
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

/* hidden units jb .. jb + 4 * NV - 1 of one row into hid (activated) */
static ATTR_AVX2_INLINE void
hidden_block(const PmktNNFast *f, const double *z, double *hid, int jb, const int NV)
{
	const int	d = f->d,
				hp = f->hp;
	const double *w = f->wt + jb;
	__m256d		a[4],
				e[4];
	int			i = 0;

	_Pragma("GCC unroll 4")
	for (int k = 0; k < NV; k++)
	{
		a[k] = _mm256_loadu_pd(f->b + jb + 4 * k);
		e[k] = _mm256_setzero_pd();
	}
	for (; i + 2 <= d; i += 2)
	{
		const __m256d z0 = _mm256_broadcast_sd(z + i),
					z1 = _mm256_broadcast_sd(z + i + 1);
		const double *w0 = w + (Size) i * hp,
				   *w1 = w0 + hp;

		_Pragma("GCC unroll 4")
		for (int k = 0; k < NV; k++)
		{
			a[k] = _mm256_fmadd_pd(z0, _mm256_loadu_pd(w0 + 4 * k), a[k]);
			e[k] = _mm256_fmadd_pd(z1, _mm256_loadu_pd(w1 + 4 * k), e[k]);
		}
	}
	if (i < d)
	{
		const __m256d z0 = _mm256_broadcast_sd(z + i);
		const double *w0 = w + (Size) i * hp;

		_Pragma("GCC unroll 4")
		for (int k = 0; k < NV; k++)
			a[k] = _mm256_fmadd_pd(z0, _mm256_loadu_pd(w0 + 4 * k), a[k]);
	}
	_Pragma("GCC unroll 4")
	for (int k = 0; k < NV; k++)
	{
		__m256d		s = _mm256_add_pd(a[k], e[k]);

		if (f->act == PMKT_ACT_SIGMOID)
		{
			const __m256d one = _mm256_set1_pd(1.0);

			s = _mm256_div_pd(one, _mm256_add_pd(one, exp4(_mm256_sub_pd(_mm256_setzero_pd(), s))));
		}
		else					/* relu: a > 0 ? a : 0 (NaN -> 0) */
			s = _mm256_max_pd(s, _mm256_setzero_pd());
		_mm256_storeu_pd(hid + jb + 4 * k, s);
	}
}

static ATTR_AVX2 bool
forward_avx2(const PmktNNFast *f, const double *x, double *y)
{
	const int	d = f->d,
				hp = f->hp;
	double		z[PMKT_NNFAST_MAX_IN],
				hid[PMKT_NNFAST_MAX_HIDDEN];
	__m256d		bad = _mm256_setzero_pd();
	int			i = 0,
				jb = 0;

	for (; i + 4 <= d; i += 4)
	{
		const __m256d xv = _mm256_loadu_pd(x + i),
					dx = _mm256_sub_pd(xv, xv);	/* 0, or NaN for NaN/Inf */

		bad = _mm256_or_pd(bad, _mm256_cmp_pd(dx, dx, _CMP_UNORD_Q));
		_mm256_storeu_pd(z + i, _mm256_sub_pd(xv, _mm256_loadu_pd(f->mean + i)));
	}
	if (_mm256_movemask_pd(bad) != 0)
		return false;
	for (; i < d; i++)
	{
		if (!isfinite(x[i]))
			return false;
		z[i] = x[i] - f->mean[i];
	}

	for (; jb + 16 <= hp; jb += 16)
		hidden_block(f, z, hid, jb, 4);
	switch ((hp - jb) / 4)
	{
		case 3:
			hidden_block(f, z, hid, jb, 3);
			break;
		case 2:
			hidden_block(f, z, hid, jb, 2);
			break;
		case 1:
			hidden_block(f, z, hid, jb, 1);
			break;
		default:
			break;
	}

	for (int k = 0; k < f->t; k++)
	{
		const double *v = f->v + (Size) k * hp;
		__m256d		acc = _mm256_setzero_pd();
		__m128d		s;
		double		a;

		for (int j = 0; j < hp; j += 4)
			acc = _mm256_fmadd_pd(_mm256_loadu_pd(v + j), _mm256_loadu_pd(hid + j), acc);
		s = _mm_add_pd(_mm256_castpd256_pd128(acc), _mm256_extractf128_pd(acc, 1));
		s = _mm_add_sd(s, _mm_unpackhi_pd(s, s));
		a = f->c[k] + _mm_cvtsd_f64(s);
		if (f->oact == PMKT_ACT_SIGMOID)
			a = 1.0 / (1.0 + pmkt_nn_exp(-a));
		y[k] = f->tmean[k] + f->tscale[k] * a;
	}
	return true;
}

static int	cpu_ok = -1;

#endif							/* NNFAST_X86 */

PmktNNFast *
pmkt_nn_fast_prepare(const PmktNNModel *m)
{
#ifdef NNFAST_X86
	const int	d = m->n_in,
				h = m->n_hidden,
				t = m->n_out;
	const double *scale = NN_IN_SCALE(m),
			   *W = NN_HIDDEN(m);
	PmktNNFast *f;
	int			hp;

	if (cpu_ok < 0)
		cpu_ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
	if (!cpu_ok || m->kind != PMKT_NN_BPNN ||
		(m->hidden_act != PMKT_ACT_SIGMOID && m->hidden_act != PMKT_ACT_RELU) ||
		d > PMKT_NNFAST_MAX_IN || h > PMKT_NNFAST_MAX_HIDDEN)
		return NULL;
	pmkt_nn_exp_init();
	hp = (h + 3) & ~3;
	/* one chunk, so that the caller frees it with one pfree */
	f = palloc0(MAXALIGN(sizeof(PmktNNFast)) +
				sizeof(double) * ((Size) d + (Size) d * hp + hp + (Size) t * hp + 3 * (Size) t));
	f->d = d;
	f->h = h;
	f->hp = hp;
	f->t = t;
	f->act = m->hidden_act;
	f->oact = m->output_act;
	f->mean = (double *) ((char *) f + MAXALIGN(sizeof(PmktNNFast)));
	f->wt = f->mean + d;
	f->b = f->wt + (Size) d * hp;
	f->v = f->b + hp;
	f->c = f->v + (Size) t * hp;
	f->tmean = f->c + t;
	f->tscale = f->tmean + t;
	memcpy(f->mean, NN_IN_MEAN(m), sizeof(double) * d);
	for (int i = 0; i < d; i++)
		for (int j = 0; j < h; j++)
		{
			double		w = W[(Size) j * d + i] / scale[i];

			if (!isfinite(w))
			{
				/* a hand-made tiny scale: keep the exact unfolded path */
				pfree(f);
				return NULL;
			}
			f->wt[(Size) i * hp + j] = w;
		}
	memcpy(f->b, NN_HBIAS(m), sizeof(double) * h);
	for (int k = 0; k < t; k++)
		memcpy(f->v + (Size) k * hp, NN_OUT_W(m) + (Size) k * h, sizeof(double) * h);
	memcpy(f->c, NN_OUT_B(m), sizeof(double) * t);
	memcpy(f->tmean, NN_T_MEAN(m), sizeof(double) * t);
	memcpy(f->tscale, NN_T_SCALE(m), sizeof(double) * t);
	return f;
#else
	return NULL;
#endif
}

bool
pmkt_nn_fast_forward(const PmktNNFast *f, const double *x, double *y)
{
#ifdef NNFAST_X86
	return forward_avx2(f, x, y);
#else
	elog(ERROR, "pmkt_nn_fast_forward called without a fast path");
	return false;
#endif
}
