/*
 * btyd.c
 *    "Buy till you die" models fitted by maximum likelihood, and their
 *    predictions as row functions:
 *
 *      bgnbd       BG/NBD, Fader, Hardie and Lee (2005), "Counting your
 *                  customers the easy way"; parameters r, alpha, a, b
 *      mbgnbd      MBG/NBD, Batislam, Denizel and Filiztekin (2007): a
 *                  customer may also drop out at time 0; r, alpha, a, b
 *      gamma_gamma Gamma-Gamma spend model, Fader, Hardie and Lee (2005
 *                  note); p, q, v; fitted on repeat customers
 *      pareto_nbd  Pareto/NBD, Schmittlein, Morrison and Colombo (1987), with
 *                  the likelihood of Fader, Hardie and Lee's (2005) note;
 *                  r, alpha, s, beta (see pnbd_lnF below)
 *
 * Likelihoods (per customer with x repeat periods, recency t_x, age T):
 *   BG/NBD  ln L = ln G(r+x) - ln G(r) + r ln alpha + ln B(a, b+x) - ln B(a, b)
 *                  + lse( -(r+x) ln(alpha+T),
 *                         [x>0] ln a - ln(b+x-1) - (r+x) ln(alpha+t_x) )
 *   MBG/NBD ln L = ln G(r+x) - ln G(r) + r ln alpha + ln B(a, b+x+1) - ln B(a, b)
 *                  + lse( -(r+x) ln(alpha+T), ln a - ln(b+x) - (r+x) ln(alpha+t_x) )
 *   Gamma-Gamma (x > 0, mean spend m)
 *           ln L = ln G(px+q) - ln G(px) - ln G(q) + q ln v + (px-1) ln m
 *                  + px ln x - (px+q) ln(xm+v)
 * lse = log-sum-exp (max + log1p(exp(-|d|))).  The terms that depend on x
 * only (ln G(r+x) - ln G(r) as sum_{j<x} ln(r+j), and the digamma
 * differences of the gradient as sum_{j<x} 1/(r+j)) come from tables
 * indexed by x, weighted by the count of customers with that x; ln(alpha+T)
 * and ln(alpha+t_x) from a table indexed by the period when the summary is
 * in whole periods (the usual case), so that one evaluation over n
 * customers costs about one exp and one log1p per customer.
 *
 * Fit: the objective is lifetimes' -mean ln L + penalizer * sum(params^2)
 * over the parameters' logarithms, minimised by BFGS (inverse-Hessian
 * update, Armijo backtracking with the step capped at 5 on the log scale,
 * reset to steepest descent when the update loses descent), then polished
 * by Newton steps on the Hessian from central differences of the analytic
 * gradient (the same Hessian gives the standard errors: observed
 * information n * H of the objective, delta method to the natural scale).
 * Converged when the largest gradient component on the log scale is below
 * tolerance; otherwise an error (22000) with the last parameters, unless
 * allow_nonconverged.
 *
 * Predictions (the formulas of lifetimes, in a stable form):
 *   BG/NBD E[X(t) | x, t_x, T] = (a+b+x-1) [ -expm1((a-1) L)/(a-1) - e^{(a-1) L} G ]
 *                               / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
 *     with z = t/(alpha+T+t), L = ln(1-z) and G the tail of
 *     2F1(a+b-1-r, a-1; a+b+x-1; z) divided by (a-1) (Euler's transformation
 *     of lifetimes' 2F1(r+x, b+x; a+b+x-1; z): no cancellation, no pole at a = 1)
 *   MBG/NBD the same with a+b+x, 2F1(a+b-r, a-1; a+b+x; z) and
 *     1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)
 *   P(alive) = 1 / (the denominators above)
 *   Gamma-Gamma expected spend = (1-w) v p/(q-1) + w m, w = px/(px+q-1)
 *   CLV (lifetimes' customer_lifetime_value): sum over months i = 1..H of
 *     spend * (E[X(i f)] - E[X((i-1) f)]) / (1+d)^i, f = 30 days, 4.345
 *     weeks or 1 month per month.
 */
#include "pmkt.h"

#include <float.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
#define CLV_AVX2 1
#include <immintrin.h>
#endif

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "lifetime.h"
#include "util/array.h"
#include "util/matrix.h"
#include "util/state.h"
#include "util/userquery.h"

typedef enum ClvKind
{
	CLV_BGNBD = 0,
	CLV_MBGNBD = 1,
	CLV_GAMMA_GAMMA = 2,
	CLV_PARETO = 3
} ClvKind;

static const char *const kind_names[] = {"bgnbd", "mbgnbd", "gamma_gamma", "pareto_nbd"};
static const char *const param_names[4][4] = {
	{"r", "alpha", "a", "b"}, {"r", "alpha", "a", "b"}, {"p", "q", "v", NULL},
	{"r", "alpha", "s", "beta"}
};

#define CLV_MAXP 4
#define CLV_XMAX 100000		/* largest frequency accepted (274 years of days) */
#define CLV_TTABLE_MAX 10000000 /* largest whole-period age read from a table */

static int
kind_nparams(ClvKind k)
{
	return k == CLV_GAMMA_GAMMA ? 3 : 4;
}

/* ---------- special functions ---------- */

/* digamma for x > 0: recurrence to x >= 6, then the asymptotic series */
static double
digamma(double x)
{
	double		r = 0;

	while (x < 6)
	{
		r -= 1 / x;
		x += 1;
	}
	{
		double		f = 1 / (x * x);

		r += log(x) - 0.5 / x
			- f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
	}
	return r;
}

/* ---------- the data ---------- */

typedef struct ClvData
{
	ClvKind		kind;
	int64		n;				/* customers in the likelihood */
	int			xmax;
	int32	   *x;				/* frequency */
	double	   *tx;				/* recency (BG) */
	double	   *T;				/* age (BG) */
	double	   *m;				/* mean spend (GG) */
	double	   *cnt;			/* customers per frequency 0..xmax */
	bool		table;			/* tx and T are whole periods <= tmax */
	int32	   *itx,
			   *iT;
	int			tmax;
	/* Gamma-Gamma constant sums */
	double		s_lm,
				s_xlm,
				s_xlx;
	double		penalizer;
	/* scratch */
	double	   *LA;				/* ln(alpha + k), k = 0..tmax */
	double	   *IA;				/* 1/(alpha + k) */
	/* Pareto/NBD: distinct (x, t_x, T) with counts, distinct (x, t) pairs */
	int64		nu;
	int32	   *ux;
	double	   *ucnt;
	int32	   *up1,			/* pair index of (x, t_x) */
			   *up2;			/* pair index of (x, T) */
	int64		npair;
	int32	   *pairx;
	double	   *pairt;
	double	   *plnF;			/* ln F(x, t) per pair */
	double	   *pdF;			/* d ln F / d (r, alpha, s, beta), 4 per pair */
	int64		pnbd_terms;		/* series terms of the last evaluation */
	int			pnbd_over;		/* evaluations that ran out of series terms */
} ClvData;

/*
 * Pareto/NBD (Fader, Hardie and Lee 2005 note, eq. 22-24):
 *   L = G(r+x) alpha^r beta^s / G(r) [ (alpha+T)^-(r+x) (beta+T)^-s
 *                                      + s/(r+s+x) (F(x, t_x) - F(x, T)) ]
 * with, for alpha >= beta,
 *   F(x, t) = 2F1(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+t)) / (alpha+t)^(r+s+x)
 * and for alpha < beta
 *   F(x, t) = 2F1(r+s+x, r+x; r+s+x+1; (beta-alpha)/(beta+t)) / (beta+t)^(r+s+x).
 * 2F1(a, b; a+1; z) = sum_n a/(a+n) (b)_n/n! z^n with 0 <= z < 1: all terms
 * positive, summed with rescaling; the derivatives with respect to a, b and
 * z are the same series with the terms weighted by d ln term (term-wise
 * differentiation of an absolutely convergent power series), so the
 * gradient is analytic.  The sum stops when the tail, bounded by the
 * geometric series of the largest remaining term ratio, is below 1e-17 of
 * the sum; it fails (false) beyond max_terms terms.  The number of terms
 * grows like 39 / (1 - z) = 39 (max(alpha, beta) + t) / (min(alpha, beta) + t).
 */
#define PNBD_MAX_TERMS 5000000
#define PNBD_EVAL_TERMS 1000000	/* plus 2000 per distinct pair */
#define PNBD_MAX_OVER 20		/* evaluations over it before the fit stops */

static bool
pnbd_lnF(double r, double al, double s, double be, double x, double t,
		 double *lnF, double *dF, int64 *terms, int64 max_terms)
{
	bool		ab = al >= be;
	double		a = r + s + x,
				b = ab ? s + 1 : r + x,
				w = ab ? al + t : be + t,
				z = ab ? (al - be) / w : (be - al) / w,
				lw = log(w);
	double		term = 1,
				S = 1,
				Sa = 0,
				Sb = 0,
				Sz = 0,
				da = 0,			/* d ln term_n / da */
				db = 0,			/* d ln term_n / db */
				scale = 0;
	double		dlS_a,
				dlS_b,
				dlS_z;
	int64		n;

	for (n = 0;; n++)
	{
		/* term_{n+1} / z = term_n (a+n)/(a+n+1) (b+n)/(n+1) */
		double		qz = term * ((a + n) / (a + n + 1)) * ((b + n) / (n + 1));
		double		next = qz * z;
		double		rho;

		Sz += (n + 1) * qz;
		if (next == 0)
			break;
		da += 1 / (a + n) - 1 / (a + n + 1);
		db += 1 / (b + n);
		term = next;
		S += term;
		Sa += term * da;
		Sb += term * db;
		/* the ratios after this one are below z max(1, (b+n+1)/(n+2)) */
		rho = z * Max(1.0, (b + n + 1) / (n + 2));
		if (rho < 1 && term * (n + 2) * (1 + db + da) <= 1e-17 * (1 - rho) * S)
			break;
		if (S > 1e250)
		{
			term *= 1e-250;
			S *= 1e-250;
			Sa *= 1e-250;
			Sb *= 1e-250;
			Sz *= 1e-250;
			scale += 250 * M_LN10;
		}
		if (n >= max_terms || !isfinite(S))
			return false;
		if ((n & 65535) == 65535)
			CHECK_FOR_INTERRUPTS();
	}
	*terms += n + 1;
	dlS_a = Sa / S;
	dlS_b = Sb / S;
	dlS_z = Sz / S;
	*lnF = log(S) + scale - a * lw;
	if (ab)
	{
		/* a = r+s+x, b = s+1, z = (alpha-beta)/(alpha+t), w = alpha+t */
		dF[0] = dlS_a - lw;
		dF[1] = dlS_z * (be + t) / (w * w) - a / w;
		dF[2] = dlS_a + dlS_b - lw;
		dF[3] = -dlS_z / w;
	}
	else
	{
		/* a = r+s+x, b = r+x, z = (beta-alpha)/(beta+t), w = beta+t */
		dF[0] = dlS_a + dlS_b - lw;
		dF[1] = -dlS_z / w;
		dF[2] = dlS_a - lw;
		dF[3] = dlS_z * (al + t) / (w * w) - a / w;
	}
	return isfinite(*lnF);
}

/*
 * The bracket of the Pareto/NBD likelihood in logs: A1 = ln of its first
 * term, l = ln of the whole bracket, and the weights w3 = e^(A1-l),
 * u1 = s/(r+s+x) F1 / bracket, u2 = s/(r+s+x) F2 / bracket.
 */
static inline void
pnbd_bracket(double r, double al, double s, double be, double x, double T,
			 double lnF1, double lnF2, double *A1, double *l, double *w3, double *u1, double *u2)
{
	double		lc = log(s) - log(r + s + x);
	double		B1 = lc + lnF1,
				B2 = lc + lnF2;
	double		m;

	*A1 = -(r + x) * log(al + T) - s * log(be + T);
	m = Max(*A1, B1);
	*l = m + log(exp(*A1 - m) + exp(B1 - m) * -expm1(B2 - B1));
	*w3 = exp(*A1 - *l);
	*u1 = exp(B1 - *l);
	*u2 = exp(B2 - *l);
}

/*
 * objective: f = -mean ln L + pen * sum p^2 and its gradient w.r.t. the
 * log-parameters th.  Returns false when the value is not finite.
 */
static bool
objective(ClvData *d, const double *th, double *f, double *g, double *ll_total)
{
	double		p[CLV_MAXP];
	double		gn[CLV_MAXP] = {0};	/* d sum ln L / d p (natural scale) */
	double		ll = 0;
	int			k = kind_nparams(d->kind);

	for (int j = 0; j < k; j++)
	{
		p[j] = exp(th[j]);
		if (!(p[j] > 0) || !isfinite(p[j]))
			return false;
	}
	if (d->kind == CLV_PARETO)
	{
		double		r = p[0],
					al = p[1],
					s = p[2],
					be = p[3];
		double		lal = log(al),
					lbe = log(be);
		double		Lr = 0,
					Dr = 0;

		for (int x = 0; x <= d->xmax; x++)
		{
			if (d->cnt[x] > 0)
			{
				ll += d->cnt[x] * (Lr + r * lal + s * lbe);
				gn[0] += d->cnt[x] * (Dr + lal);
				gn[1] += d->cnt[x] * (r / al);
				gn[2] += d->cnt[x] * lbe;
				gn[3] += d->cnt[x] * (s / be);
			}
			Lr += log(r + x);
			Dr += 1 / (r + x);
		}
		/*
		 * a budget of series terms per evaluation: parameters where
		 * max(alpha, beta) / min(alpha, beta) makes the series very long
		 * count as not finite, so that the line search steps back from them
		 */
		int64		budget = PNBD_EVAL_TERMS + 2000 * d->npair;
		double		est = 0;

		/* the series' lengths, estimated before summing them */
		for (int64 j = 0; j < d->npair; j++)
		{
			double		t = d->pairt[j],
						omz = al >= be ? (be + t) / (al + t) : (al + t) / (be + t),
						b = al >= be ? s + 1 : r + d->pairx[j];

			est += (40 + b * (1 - omz)) / omz;
		}
		if (!(est <= budget))
		{
			d->pnbd_over++;
			return false;
		}
		d->pnbd_terms = 0;
		for (int64 j = 0; j < d->npair; j++)
		{
			if (!pnbd_lnF(r, al, s, be, d->pairx[j], d->pairt[j], &d->plnF[j], &d->pdF[4 * j],
						  &d->pnbd_terms, Min(PNBD_MAX_TERMS, budget - d->pnbd_terms)))
			{
				d->pnbd_over++;
				return false;
			}
			if ((j & 1023) == 1023)
				CHECK_FOR_INTERRUPTS();
		}
		for (int64 i = 0; i < d->nu; i++)
		{
			double		x = d->ux[i],
						c = d->ucnt[i],
						T = d->T[i];
			int32		j1 = d->up1[i],
						j2 = d->up2[i];
			double		A1,
						l,
						w3,
						u1,
						u2,
						du;
			const double *f1 = &d->pdF[4 * j1],
					   *f2 = &d->pdF[4 * j2];

			pnbd_bracket(r, al, s, be, x, T, d->plnF[j1], d->plnF[j2], &A1, &l, &w3, &u1, &u2);
			du = u1 - u2;
			ll += c * l;
			/* d lc: dr = -1/(r+s+x), ds = 1/s - 1/(r+s+x) */
			gn[0] += c * (-w3 * log(al + T) - du / (r + s + x) + u1 * f1[0] - u2 * f2[0]);
			gn[1] += c * (-w3 * (r + x) / (al + T) + u1 * f1[1] - u2 * f2[1]);
			gn[2] += c * (-w3 * log(be + T) + du * (1 / s - 1 / (r + s + x)) + u1 * f1[2] - u2 * f2[2]);
			gn[3] += c * (-w3 * s / (be + T) + u1 * f1[3] - u2 * f2[3]);
			if ((i & 65535) == 65535)
				CHECK_FOR_INTERRUPTS();
		}
	}
	else if (d->kind != CLV_GAMMA_GAMMA)
	{
		double		r = p[0],
					al = p[1],
					a = p[2],
					b = p[3];
		double		lal = log(al),
					la = log(a);
		double		Lr = 0,
					Dr = 0,
					Lb = 0,
					Db = 0,
					Lab = 0,
					Dab = 0;
		int			off = d->kind == CLV_MBGNBD ? 1 : 0;
		double		sr = 0,
					sal = 0,
					sa = 0,
					sb = 0,
					sl = 0;
		double	   *lb1 = palloc(sizeof(double) * (d->xmax + 2));	/* ln(b + x - 1 + off) */
		double	   *ib1 = palloc(sizeof(double) * (d->xmax + 2));

		/* x-only terms, accumulated over the counts */
		for (int x = 0; x <= d->xmax; x++)
		{
			/* Lr = sum_{j<x} ln(r+j); Lb, Lab at x + off */
			if (x == 0 && off == 1)
			{
				Lb = log(b);
				Db = 1 / b;
				Lab = log(a + b);
				Dab = 1 / (a + b);
			}
			if (d->cnt[x] > 0)
			{
				ll += d->cnt[x] * (Lr + r * lal + Lb - Lab);
				gn[0] += d->cnt[x] * (Dr + lal);
				gn[1] += d->cnt[x] * (r / al);
				gn[2] += d->cnt[x] * (-Dab);
				gn[3] += d->cnt[x] * (Db - Dab);
			}
			/* ln(b + x - 1 + off) for the row terms */
			lb1[x] = (x + off >= 1) ? log(b + x - 1 + off) : 0;
			ib1[x] = (x + off >= 1) ? 1 / (b + x - 1 + off) : 0;
			Lr += log(r + x);
			Dr += 1 / (r + x);
			Lb += log(b + x + off);
			Db += 1 / (b + x + off);
			Lab += log(a + b + x + off);
			Dab += 1 / (a + b + x + off);
		}
		if (d->table)
			for (int t = 0; t <= d->tmax; t++)
			{
				d->LA[t] = log(al + t);
				d->IA[t] = 1 / (al + t);
			}
		for (int64 i = 0; i < d->n; i++)
		{
			int			x = d->x[i];
			double		rx = r + x;
			double		lT,
						iT,
						ltx,
						itx;
			double		A3,
						A4,
						l,
						w3,
						w4;

			if (d->table)
			{
				lT = d->LA[d->iT[i]];
				iT = d->IA[d->iT[i]];
				ltx = d->LA[d->itx[i]];
				itx = d->IA[d->itx[i]];
			}
			else
			{
				lT = log(al + d->T[i]);
				iT = 1 / (al + d->T[i]);
				ltx = log(al + d->tx[i]);
				itx = 1 / (al + d->tx[i]);
			}
			A3 = -rx * lT;
			if (x > 0 || off)
			{
				/* lse with one exp: e = exp(-|A3 - A4|), weights 1/(1+e), e/(1+e) */
				double		dd,
							e,
							inv;

				A4 = la - lb1[x] - rx * ltx;
				dd = A3 - A4;
				e = exp(-fabs(dd));
				inv = 1 / (1 + e);
				if (dd >= 0)
				{
					l = A3 + log1p(e);
					w3 = inv;
					w4 = e * inv;
				}
				else
				{
					l = A4 + log1p(e);
					w4 = inv;
					w3 = e * inv;
				}
			}
			else
			{
				l = A3;
				w3 = 1;
				w4 = 0;
			}
			sl += l;
			sr -= w3 * lT + w4 * ltx;
			sal -= rx * (w3 * iT + w4 * itx);
			sa += w4;
			sb += w4 * ib1[x];
			if ((i & 65535) == 65535)
				CHECK_FOR_INTERRUPTS();
		}
		ll += sl;
		gn[0] += sr;
		gn[1] += sal;
		gn[2] += sa / a;
		gn[3] -= sb;
		pfree(lb1);
		pfree(ib1);
	}
	else
	{
		double		pp = p[0],
					q = p[1],
					v = p[2];
		double		lv = log(v),
					lgq = lgamma(q),
					dgq = digamma(q);
		double		sl = 0,
					sx = 0,
					s1 = 0,
					sv = 0;

		for (int x = 1; x <= d->xmax; x++)
		{
			double		px = pp * x;

			if (d->cnt[x] == 0)
				continue;
			ll += d->cnt[x] * (lgamma(px + q) - lgamma(px) - lgq + q * lv);
			gn[0] += d->cnt[x] * x * (digamma(px + q) - digamma(px));
			gn[1] += d->cnt[x] * (digamma(px + q) - dgq + lv);
			gn[2] += d->cnt[x] * q / v;
		}
		ll += pp * (d->s_xlm + d->s_xlx) - d->s_lm;
		gn[0] += d->s_xlm + d->s_xlx;
		for (int64 i = 0; i < d->n; i++)
		{
			double		x = d->x[i];
			double		u = x * d->m[i] + v;
			double		lu = log(u);
			double		c = pp * x + q;

			sl += c * lu;
			sx += x * lu;
			s1 += lu;
			sv += c / u;
			if ((i & 65535) == 65535)
				CHECK_FOR_INTERRUPTS();
		}
		ll -= sl;
		gn[0] -= sx;
		gn[1] -= s1;
		gn[2] -= sv;
	}
	if (!isfinite(ll))
		return false;
	*ll_total = ll;
	*f = -ll / (double) d->n;
	for (int j = 0; j < k; j++)
	{
		*f += d->penalizer * p[j] * p[j];
		g[j] = -gn[j] / (double) d->n * p[j] + 2 * d->penalizer * p[j] * p[j];
		if (!isfinite(g[j]))
			return false;
	}
	return isfinite(*f);
}

/* ---------- small dense algebra ---------- */

/* inverse of the k x k symmetric positive definite A (Cholesky); false if not PD */
static bool
spd_inverse(const double *A, int k, double *Ainv)
{
	double		L[CLV_MAXP * CLV_MAXP] = {0};

	for (int j = 0; j < k; j++)
	{
		double		s = A[j * k + j];

		for (int l = 0; l < j; l++)
			s -= L[j * k + l] * L[j * k + l];
		if (!(s > 0) || !isfinite(s))
			return false;
		L[j * k + j] = sqrt(s);
		for (int i = j + 1; i < k; i++)
		{
			double		t = A[i * k + j];

			for (int l = 0; l < j; l++)
				t -= L[i * k + l] * L[j * k + l];
			L[i * k + j] = t / L[j * k + j];
		}
	}
	/* solve L L' X = I column by column */
	for (int c = 0; c < k; c++)
	{
		double		y[CLV_MAXP];

		for (int i = 0; i < k; i++)
		{
			double		s = (i == c) ? 1.0 : 0.0;

			for (int l = 0; l < i; l++)
				s -= L[i * k + l] * y[l];
			y[i] = s / L[i * k + i];
		}
		for (int i = k - 1; i >= 0; i--)
		{
			double		s = y[i];

			for (int l = i + 1; l < k; l++)
				s -= L[l * k + i] * Ainv[l * k + c];
			Ainv[i * k + c] = s / L[i * k + i];
		}
	}
	return true;
}

/* Hessian of the objective on the log scale by central differences of the gradient */
static bool
hessian(ClvData *d, const double *th, double *H)
{
	int			k = kind_nparams(d->kind);
	double		gp[CLV_MAXP],
				gm[CLV_MAXP],
				t2[CLV_MAXP],
				f,
				ll;

	for (int j = 0; j < k; j++)
	{
		double		h = 1e-5 * Max(1.0, fabs(th[j]));

		memcpy(t2, th, sizeof(double) * k);
		t2[j] = th[j] + h;
		if (!objective(d, t2, &f, gp, &ll))
			return false;
		t2[j] = th[j] - h;
		if (!objective(d, t2, &f, gm, &ll))
			return false;
		for (int i = 0; i < k; i++)
			H[i * k + j] = (gp[i] - gm[i]) / (2 * h);
	}
	for (int i = 0; i < k; i++)
		for (int j = 0; j < i; j++)
			H[i * k + j] = H[j * k + i] = 0.5 * (H[i * k + j] + H[j * k + i]);
	return true;
}

static double
max_abs(const double *v, int k)
{
	double		m = 0;

	for (int j = 0; j < k; j++)
		m = Max(m, fabs(v[j]));
	return m;
}

typedef struct ClvFit
{
	double		th[CLV_MAXP];
	double		f;
	double		ll;
	double		gnorm;
	int			iterations;
	bool		converged;
	bool		have_se;
	double		se[CLV_MAXP];
} ClvFit;

/* BFGS on the log-parameters from th0, then Newton polishing */
static void
fit_bfgs(ClvData *d, const double *th0, int max_iter, double tol, ClvFit *res)
{
	int			k = kind_nparams(d->kind);
	double		th[CLV_MAXP],
				g[CLV_MAXP],
				Hi[CLV_MAXP * CLV_MAXP],
				f,
				ll;
	bool		fresh = true;
	int			it;

	memcpy(th, th0, sizeof(double) * k);
	if (!objective(d, th, &f, g, &ll))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the likelihood is not finite at the starting parameters")));
	memset(Hi, 0, sizeof(Hi));
	for (int j = 0; j < k; j++)
		Hi[j * k + j] = 1;
	for (it = 0; it < max_iter; it++)
	{
		double		dir[CLV_MAXP],
					tn[CLV_MAXP],
					gn[CLV_MAXP],
					fn = 0,
					lln = 0,
					slope = 0,
					step = 1,
					dmax;
		bool		ok = false;

		CHECK_FOR_INTERRUPTS();
		if (max_abs(g, k) < tol)
			break;
		/* Pareto/NBD heading where its series cannot follow: give up */
		if (d->pnbd_over > PNBD_MAX_OVER)
			break;
		for (int i = 0; i < k; i++)
		{
			dir[i] = 0;
			for (int j = 0; j < k; j++)
				dir[i] -= Hi[i * k + j] * g[j];
			slope += dir[i] * g[i];
		}
		if (!(slope < 0))
		{
			memset(Hi, 0, sizeof(Hi));
			for (int j = 0; j < k; j++)
			{
				Hi[j * k + j] = 1;
				dir[j] = -g[j];
			}
			slope = 0;
			for (int j = 0; j < k; j++)
				slope -= g[j] * g[j];
			fresh = true;
		}
		dmax = max_abs(dir, k);
		if (dmax > 5)
			step = 5 / dmax;
		for (int ls = 0; ls < 60; ls++)
		{
			for (int j = 0; j < k; j++)
				tn[j] = th[j] + step * dir[j];
			if (objective(d, tn, &fn, gn, &lln) &&
				fn <= f + 1e-4 * step * slope)
			{
				ok = true;
				break;
			}
			step *= 0.5;
		}
		if (!ok)
		{
			if (fresh)
				break;			/* no descent along the gradient: stop */
			memset(Hi, 0, sizeof(Hi));
			for (int j = 0; j < k; j++)
				Hi[j * k + j] = 1;
			fresh = true;
			continue;
		}
		{
			double		s[CLV_MAXP],
						y[CLV_MAXP],
						sy = 0,
						yy = 0,
						Hy[CLV_MAXP],
						yHy = 0;

			for (int j = 0; j < k; j++)
			{
				s[j] = tn[j] - th[j];
				y[j] = gn[j] - g[j];
				sy += s[j] * y[j];
				yy += y[j] * y[j];
			}
			if (sy > 1e-12 * sqrt(yy) * max_abs(s, k) && sy > 0)
			{
				if (fresh)
				{
					/* scale the first step's identity (Nocedal and Wright 6.20) */
					for (int j = 0; j < k * k; j++)
						Hi[j] *= sy / yy;
					fresh = false;
				}
				for (int i = 0; i < k; i++)
				{
					Hy[i] = 0;
					for (int j = 0; j < k; j++)
						Hy[i] += Hi[i * k + j] * y[j];
					yHy += y[i] * Hy[i];
				}
				for (int i = 0; i < k; i++)
					for (int j = 0; j < k; j++)
						Hi[i * k + j] += (sy + yHy) * s[i] * s[j] / (sy * sy)
							- (Hy[i] * s[j] + s[i] * Hy[j]) / sy;
			}
		}
		memcpy(th, tn, sizeof(double) * k);
		memcpy(g, gn, sizeof(double) * k);
		f = fn;
		ll = lln;
	}
	res->iterations = it;

	/*
	 * Newton polishing on the finite-difference Hessian, computed once at the
	 * end of BFGS (each Hessian costs 2k evaluations; near the optimum it
	 * hardly changes, so the steps converge fast with it kept fixed)
	 */
	{
		double		H[CLV_MAXP * CLV_MAXP],
					Hinv[CLV_MAXP * CLV_MAXP];
		bool		have_h = max_abs(g, k) > 1e-13 && hessian(d, th, H) && spd_inverse(H, k, Hinv);

		for (int nt = 0; have_h && nt < 8 && max_abs(g, k) > 1e-13; nt++)
		{
			double		tn[CLV_MAXP],
						gn[CLV_MAXP],
						fn,
						lln;

			CHECK_FOR_INTERRUPTS();
			for (int i = 0; i < k; i++)
			{
				tn[i] = th[i];
				for (int j = 0; j < k; j++)
					tn[i] -= Hinv[i * k + j] * g[j];
			}
			if (!objective(d, tn, &fn, gn, &lln) ||
				max_abs(gn, k) >= max_abs(g, k) ||
				fn > f + 1e-13 * Max(1.0, fabs(f)))
				break;
			memcpy(th, tn, sizeof(double) * k);
			memcpy(g, gn, sizeof(double) * k);
			f = fn;
			ll = lln;
		}
	}
	memcpy(res->th, th, sizeof(double) * k);
	res->f = f;
	res->ll = ll;
	res->gnorm = max_abs(g, k);
	res->converged = res->gnorm < tol;

	/* standard errors: observed information n * H on the log scale, delta method */
	{
		double		H[CLV_MAXP * CLV_MAXP],
					Hinv[CLV_MAXP * CLV_MAXP];

		res->have_se = false;
		if (hessian(d, th, H))
		{
			for (int j = 0; j < k * k; j++)
				H[j] *= (double) d->n;
			if (spd_inverse(H, k, Hinv))
			{
				res->have_se = true;
				for (int j = 0; j < k; j++)
					res->se[j] = exp(th[j]) * sqrt(Hinv[j * k + j]);
			}
		}
	}
}

/* ---------- loading ---------- */

typedef struct PnbdRow
{
	int32		x;
	int32		which;			/* pairs: 0 = t_x of row, 1 = T */
	double		a;				/* triples: t_x; pairs: t */
	double		b;				/* triples: T */
	int64		row;
} PnbdRow;

static int
pnbd_cmp(const void *p, const void *q)
{
	const PnbdRow *u = p,
			   *v = q;

	if (u->x != v->x)
		return u->x < v->x ? -1 : 1;
	if (u->a != v->a)
		return u->a < v->a ? -1 : 1;
	if (u->b != v->b)
		return u->b < v->b ? -1 : 1;
	return 0;
}

/*
 * pnbd_group: the Pareto/NBD likelihood depends on a customer through
 * (x, t_x, T) only, and its hypergeometric terms through (x, t_x) and
 * (x, T): group the customers into distinct triples with counts and the
 * triples' two times into distinct pairs, so that one evaluation costs one
 * series per distinct pair and a few exp/log per distinct triple.  The
 * triples replace d->x / d->tx / d->T (kept in d->ux, d->T).
 */
static void
pnbd_group(ClvData *d)
{
	int64		n = d->n,
				nu = 0,
				np = 0;
	PnbdRow    *rows;

	if ((double) sizeof(PnbdRow) * 2 * n > (double) PMKT_TRAIN_BUDGET_BYTES / 2)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("pmkt.clv_fit: grouping " INT64_FORMAT " customers for the Pareto/NBD fit exceeds pmkt.max_train_memory", n),
				 errdetail("pmkt.max_train_memory is %d kB; the grouping needs %d bytes per customer.",
						   pmkt_max_train_memory_kb, (int) (2 * sizeof(PnbdRow))),
				 errhint("Raise pmkt.max_train_memory, or fit on a sample of the customers (e.g. WHERE customer_id %% 4 = 0).")));
	rows = palloc_extended(sizeof(PnbdRow) * Max(2 * n, 1), MCXT_ALLOC_HUGE);

	for (int64 i = 0; i < n; i++)
	{
		rows[i].x = d->x[i];
		rows[i].a = d->tx[i];
		rows[i].b = d->T[i];
		rows[i].which = 0;
		rows[i].row = i;
	}
	CHECK_FOR_INTERRUPTS();
	qsort(rows, n, sizeof(PnbdRow), pnbd_cmp);
	CHECK_FOR_INTERRUPTS();
	d->ux = palloc_extended(sizeof(int32) * Max(n, 1), MCXT_ALLOC_HUGE);
	d->ucnt = palloc_extended(sizeof(double) * Max(n, 1), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < n; i++)
	{
		if (nu > 0 && pnbd_cmp(&rows[i], &rows[nu - 1]) == 0)
		{
			d->ucnt[nu - 1] += 1;
			continue;
		}
		rows[nu] = rows[i];
		d->ux[nu] = rows[i].x;
		d->tx[nu] = rows[i].a;
		d->T[nu] = rows[i].b;
		d->ucnt[nu] = 1;
		nu++;
	}
	d->nu = nu;
	/* the pairs (x, t_x) and (x, T) of the triples */
	for (int64 i = 0; i < nu; i++)
	{
		rows[2 * i].x = rows[2 * i + 1].x = d->ux[i];
		rows[2 * i].a = d->tx[i];
		rows[2 * i + 1].a = d->T[i];
		rows[2 * i].b = rows[2 * i + 1].b = 0;
		rows[2 * i].which = 0;
		rows[2 * i + 1].which = 1;
		rows[2 * i].row = rows[2 * i + 1].row = i;
	}
	CHECK_FOR_INTERRUPTS();
	qsort(rows, 2 * nu, sizeof(PnbdRow), pnbd_cmp);
	CHECK_FOR_INTERRUPTS();
	d->up1 = palloc_extended(sizeof(int32) * Max(nu, 1), MCXT_ALLOC_HUGE);
	d->up2 = palloc_extended(sizeof(int32) * Max(nu, 1), MCXT_ALLOC_HUGE);
	d->pairx = palloc_extended(sizeof(int32) * Max(2 * nu, 1), MCXT_ALLOC_HUGE);
	d->pairt = palloc_extended(sizeof(double) * Max(2 * nu, 1), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < 2 * nu; i++)
	{
		if (np == 0 || rows[i].x != d->pairx[np - 1] || rows[i].a != d->pairt[np - 1])
		{
			d->pairx[np] = rows[i].x;
			d->pairt[np] = rows[i].a;
			np++;
		}
		if (rows[i].which == 0)
			d->up1[rows[i].row] = (int32) (np - 1);
		else
			d->up2[rows[i].row] = (int32) (np - 1);
	}
	d->npair = np;
	d->plnF = palloc_extended(sizeof(double) * Max(np, 1), MCXT_ALLOC_HUGE);
	d->pdF = palloc_extended(sizeof(double) * 4 * Max(np, 1), MCXT_ALLOC_HUGE);
	pfree(rows);
}

static void
row_error(const char *fn, int64 row, const char *msg, const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: %s", fn, msg),
			 errdetail("Row " INT64_FORMAT ": %s", row, detail),
			 errhint("%s", hint)));
}

/*
 * clv_wrap: the SQL that reads the user's summary as one float8[] per row.
 * By name when the query returns columns named frequency, recency and t
 * (frequency and monetary_value for Gamma-Gamma) in any order and among
 * others, as a SELECT * of pmkt.clv_summary does (customer_id first);
 * otherwise in order, when it returns exactly that many columns and none
 * of them carries another one's name (e.g. recency first).  Any other
 * shape is refused with the columns received: reading the first columns of
 * another shape would fit the wrong numbers without a word.
 */
static char *
clv_wrap(const char *fn, const char *query, bool gg)
{
	static const char *const rft[] = {"frequency", "recency", "t"};
	static const char *const fm[] = {"frequency", "monetary_value"};
	const char *const *names = gg ? fm : rft;
	int			nneed = gg ? 2 : 3;
	int			pos[3] = {-1, -1, -1};
	int			found = 0,
				natts;
	bool		twice = false;
	char	   *colname[3] = {NULL, NULL, NULL};
	PmktUserQuery uq = {fn, "query", query};
	char	   *got;
	TupleDesc	desc = pmkt_uq_describe(&uq, &got);

	natts = desc->natts;
	for (int i = 0; i < natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		for (int k = 0; k < nneed; k++)
			if (pg_strcasecmp(NameStr(att->attname), names[k]) == 0)
			{
				if (pos[k] >= 0)
					twice = true;
				else
				{
					pos[k] = i;
					colname[k] = NameStr(att->attname);
					found++;
				}
			}
	}

	if (found == nneed && !twice)
	{
		StringInfoData sql;

		initStringInfo(&sql);
		appendStringInfoString(&sql, "SELECT ARRAY[");
		for (int k = 0; k < nneed; k++)
			appendStringInfo(&sql, "%sq.%s::pg_catalog.float8", k ? ", " : "", quote_identifier(colname[k]));
		appendStringInfo(&sql, "] FROM (%s\n) q", query);
		return sql.data;
	}
	/* in order: no column may carry another one's name (recency, frequency, t) */
	for (int k = 0; k < nneed; k++)
		if (pos[k] >= 0 && pos[k] != k)
			twice = true;
	if (natts == nneed && !twice)
		return gg
			? psprintf("SELECT ARRAY[q.f::pg_catalog.float8, q.m::pg_catalog.float8] FROM (%s\n) q(f, m)", query)
			: psprintf("SELECT ARRAY[q.f::pg_catalog.float8, q.r::pg_catalog.float8, q.t::pg_catalog.float8] "
					   "FROM (%s\n) q(f, r, t)", query);
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("%s: argument \"query\" must return the columns %s", fn,
					gg ? "frequency and monetary_value" : "frequency, recency and t"),
			 errdetail("It returns (%s).", got),
			 errhint("Name them (%s), in any order, or return exactly %s unnamed columns in that order; "
					 "pmkt.clv_summary gives them.",
					 gg ? "SELECT frequency, monetary_value FROM summary" : "SELECT frequency, recency, t FROM summary",
					 gg ? "two" : "three")));
	return NULL;				/* not reached */
}

/*
 * load_data: run query (frequency, recency, T) or (frequency,
 * monetary_value) and check every row.  Rows with a NULL are skipped.
 */
static ClvData *
load_data(const char *fn, const char *query, ClvKind kind, double penalizer, int64 *skipped_null,
		  double *corr)
{
	ClvData    *d = palloc0(sizeof(ClvData));
	PmktLoadSpec spec = {0};
	PmktUserQuery uq = {fn, "query", query};
	PmktMatrix *M;
	char	   *wrapped;
	int64		n = 0;
	bool		gg = kind == CLV_GAMMA_GAMMA;
	double		sx = 0,
				sm = 0,
				sxx = 0,
				smm = 0,
				sxm = 0;

	wrapped = clv_wrap(fn, query, gg);
	spec.funcname = fn;
	spec.budget = PMKT_TRAIN_BUDGET_BYTES / 2;	/* the other half: the model's own arrays */
	spec.error_over_budget = true;
	spec.budget_hint = "Raise pmkt.max_train_memory, or fit on a sample of the customers (e.g. WHERE customer_id % 4 = 0).";
	spec.shape = gg ? "two columns (frequency, monetary_value)" : "three columns (frequency, recency, T)";
	spec.example = gg ? "SELECT frequency, monetary_value FROM summary"
		: "SELECT frequency, recency, t FROM summary";
	spec.keep_order = true;	/* its errors name rows by position */
	spec.uq = &uq;
	M = pmkt_load_rows(wrapped, &spec);
	*skipped_null = M->skipped_null;

	d->kind = kind;
	d->penalizer = penalizer;
	d->x = palloc_extended(sizeof(int32) * Max(M->n, 1), MCXT_ALLOC_HUGE);
	if (gg)
		d->m = palloc_extended(sizeof(double) * Max(M->n, 1), MCXT_ALLOC_HUGE);
	else
	{
		d->tx = palloc_extended(sizeof(double) * Max(M->n, 1), MCXT_ALLOC_HUGE);
		d->T = palloc_extended(sizeof(double) * Max(M->n, 1), MCXT_ALLOC_HUGE);
	}
	d->table = !gg;
	d->tmax = 0;
	d->xmax = 0;
	for (int64 i = 0; i < M->n; i++)
	{
		const double *row = M->X + i * M->d;
		double		x = row[0];
		int64		rowno = i + 1;

		if ((i & 65535) == 65535)
			CHECK_FOR_INTERRUPTS();
		if (x < 0 || x != floor(x) || x > CLV_XMAX)
			row_error(fn, rowno, "frequency must be a whole number >= 0",
					  psprintf("frequency is %g.", x),
					  "Frequency counts repeat purchase periods; use pmkt.clv_summary.");
		if (gg)
		{
			double		m = row[1];

			if (x == 0)
				continue;		/* Gamma-Gamma: repeat customers only */
			if (!(m > 0))
				row_error(fn, rowno, "monetary_value must be > 0 for a repeat customer",
						  psprintf("frequency %g, monetary_value %g.", x, m),
						  "Keep the customers with a positive mean repeat spend (WHERE monetary_value > 0).");
			d->x[n] = (int32) x;
			d->m[n] = m;
			d->s_lm += log(m);
			d->s_xlm += x * log(m);
			d->s_xlx += x * log(x);
			sx += x;
			sm += m;
			sxx += x * x;
			smm += m * m;
			sxm += x * m;
		}
		else
		{
			double		r = row[1],
						T = row[2];

			if (r < 0)
				row_error(fn, rowno, "recency must be >= 0", psprintf("recency is %g.", r),
						  "Recency is the last purchase period minus the first.");
			if (r > T)
				row_error(fn, rowno, "recency must not exceed T",
						  psprintf("frequency %g, recency %g, T %g.", x, r, T),
						  "T is the observation end minus the first purchase period; recompute the summary.");
			if (x > 0 && r == 0)
				row_error(fn, rowno, "a customer with frequency > 0 must have recency > 0",
						  psprintf("frequency %g, recency 0, T %g.", x, T),
						  "Repeat purchases happen after the first period; count purchase periods, not orders (pmkt.clv_summary).");
			if (x == 0 && r != 0)
				row_error(fn, rowno, "a customer with frequency 0 must have recency 0",
						  psprintf("recency %g, T %g.", r, T),
						  "Recency is 0 without repeat purchase (lifetimes' convention).");
			d->x[n] = (int32) x;
			d->tx[n] = r;
			d->T[n] = T;
			if (d->table && (T != floor(T) || T > CLV_TTABLE_MAX || r != floor(r)))
				d->table = false;
			if (T > d->tmax && T <= CLV_TTABLE_MAX)
				d->tmax = (int) T;
		}
		if (x > d->xmax)
			d->xmax = (int) x;
		n++;
	}
	d->n = n;
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: no %s to fit", fn, gg ? "repeat customer" : "customer"),
				 errdetail("The query returned " INT64_FORMAT " rows, " INT64_FORMAT " with a NULL%s.",
						   M->n + M->skipped_null, M->skipped_null,
						   gg ? "; the others have frequency 0" : ""),
				 errhint(gg ? "The Gamma-Gamma model describes the spend of repeat purchases: it needs customers with frequency > 0 (and a positive monetary_value)."
						 : "Pass a summary with at least one customer.")));
	d->cnt = palloc0(sizeof(double) * (d->xmax + 2));
	for (int64 i = 0; i < n; i++)
		d->cnt[d->x[i]] += 1;
	if (!gg)
	{
		if (d->xmax == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: no repeat customer: the dropout process cannot be estimated", fn),
					 errdetail(INT64_FORMAT " customers, all with frequency 0.", n),
					 errhint("Fit on a longer observation period, or a finer unit (day instead of month).")));
		if (kind == CLV_PARETO)
		{
			pnbd_group(d);
			d->table = false;
		}
		if (d->table && (Size) d->tmax > Max((Size) n, (Size) 65536))
			d->table = false;
		if (d->table)
		{
			d->itx = palloc_extended(sizeof(int32) * n, MCXT_ALLOC_HUGE);
			d->iT = palloc_extended(sizeof(int32) * n, MCXT_ALLOC_HUGE);
			for (int64 i = 0; i < n; i++)
			{
				d->itx[i] = (int32) d->tx[i];
				d->iT[i] = (int32) d->T[i];
			}
			d->LA = palloc(sizeof(double) * (d->tmax + 1));
			d->IA = palloc(sizeof(double) * (d->tmax + 1));
		}
	}
	else
	{
		double		vx = sxx - sx * sx / n,
					vm = smm - sm * sm / n;

		*corr = (n > 1 && vx > 0 && vm > 0) ? (sxm - sx * sm / n) / sqrt(vx * vm) : NAN;
	}
	pfree(M->X);
	return d;
}

/* ---------- fit functions ---------- */

static ClvKind
parse_kind(const char *s, bool spend)
{
	if (!spend && strcmp(s, "bgnbd") == 0)
		return CLV_BGNBD;
	if (!spend && strcmp(s, "mbgnbd") == 0)
		return CLV_MBGNBD;
	if (!spend && strcmp(s, "pareto_nbd") == 0)
		return CLV_PARETO;
	if (spend && strcmp(s, "gamma_gamma") == 0)
		return CLV_GAMMA_GAMMA;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for argument \"model\""),
			 errdetail("Got \"%s\".", s),
			 errhint(spend ? "Use 'gamma_gamma'." : "Use 'bgnbd' (BG/NBD), 'mbgnbd' (MBG/NBD) or 'pareto_nbd' (Pareto/NBD).")));
	pg_unreachable();
}

static void
arg_not_null(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"%s\" must not be NULL", name)));
}

/* the pmkt.clv_model composite */
#define CM_NATTS 10

static Datum
build_model(FunctionCallInfo fcinfo, ClvKind kind, const char *unit, const ClvFit *fit,
			int64 n, double penalizer, double corr)
{
	TupleDesc	desc;
	Datum		v[CM_NATTS];
	bool		nulls[CM_NATTS] = {0};
	double		p[CLV_MAXP];
	int			k = kind_nparams(kind);

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (desc->natts != CM_NATTS)
		elog(ERROR, "pmkt.clv_model has %d columns, expected %d", desc->natts, CM_NATTS);
	desc = BlessTupleDesc(desc);
	for (int j = 0; j < k; j++)
		p[j] = exp(fit->th[j]);
	v[0] = CStringGetTextDatum(kind_names[kind]);
	if (unit)
		v[1] = CStringGetTextDatum(unit);
	else
		nulls[1] = true;
	v[2] = PointerGetDatum(pmkt_build_vector(p, k));
	if (fit->have_se)
		v[3] = PointerGetDatum(pmkt_build_vector(fit->se, k));
	else
		nulls[3] = true;
	v[4] = Float8GetDatum(fit->ll);
	v[5] = Int64GetDatum(n);
	v[6] = Int32GetDatum(fit->iterations);
	v[7] = BoolGetDatum(fit->converged);
	v[8] = Float8GetDatum(penalizer);
	if (isfinite(corr))
		v[9] = Float8GetDatum(corr);
	else
		nulls[9] = true;
	return HeapTupleGetDatum(heap_form_tuple(desc, v, nulls));
}

static Datum
fit_common(FunctionCallInfo fcinfo, bool spend)
{
	const char *fn = spend ? "pmkt.clv_fit_spend" : "pmkt.clv_fit";
	char	   *query;
	ClvKind		kind;
	double		penalizer,
				tol,
				corr = NAN;
	int			max_iter;
	bool		allow;
	const char *unit = NULL;
	ClvData    *d;
	ClvFit		fit;
	double		th0[CLV_MAXP] = {0};
	int64		skipped;
	int			k;
	int			a = 0;

	arg_not_null(fcinfo, a, "query");
	query = text_to_cstring(PG_GETARG_TEXT_PP(a++));
	arg_not_null(fcinfo, a, "model");
	kind = parse_kind(text_to_cstring(PG_GETARG_TEXT_PP(a++)), spend);
	if (!spend)
	{
		arg_not_null(fcinfo, a, "unit");
		unit = pmkt_clv_unit_name(pmkt_clv_parse_unit(text_to_cstring(PG_GETARG_TEXT_PP(a++)), "unit"));
	}
	arg_not_null(fcinfo, a, "penalizer");
	penalizer = PG_GETARG_FLOAT8(a++);
	pmkt_check_nonnegative(penalizer, "penalizer");
	arg_not_null(fcinfo, a, "max_iterations");
	max_iter = PG_GETARG_INT32(a++);
	if (max_iter < 1 || max_iter > 100000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"max_iterations\" must be between 1 and 100000"),
				 errdetail("Got %d.", max_iter)));
	arg_not_null(fcinfo, a, "tolerance");
	tol = PG_GETARG_FLOAT8(a++);
	if (!(tol > 0) || !isfinite(tol) || tol > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"tolerance\" must be in (0, 1]"),
				 errdetail("Got %g.", tol),
				 errhint("The fit stops when every gradient component of the mean negative log-likelihood (log-parameters) is below it; 1e-6 is the default (Newton steps then polish the optimum to the precision of the gradient).")));
	arg_not_null(fcinfo, a, "allow_nonconverged");
	allow = PG_GETARG_BOOL(a++);

	d = load_data(fn, query, kind, penalizer, &skipped, &corr);
	k = kind_nparams(kind);
	memset(&fit, 0, sizeof(fit));
	fit_bfgs(d, th0, max_iter, tol, &fit);
	if (!fit.converged && !allow)
	{
		StringInfoData s;

		initStringInfo(&s);
		for (int j = 0; j < k; j++)
			appendStringInfo(&s, "%s%s = %.10g", j ? ", " : "", param_names[kind][j], exp(fit.th[j]));
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("%s: the %s fit did not converge in %d iterations", fn, kind_names[kind], fit.iterations),
				 errdetail("Last parameters: %s; log-likelihood %.10g; largest gradient component %.3g (tolerance %g).",
						   s.data, fit.ll, fit.gnorm, tol),
				 d->pnbd_over > PNBD_MAX_OVER ?
				 errhint("The Pareto/NBD fit stopped where max(alpha, beta) / min(alpha, beta) makes its hypergeometric series too long: s and beta growing together mean a dropout rate without heterogeneity (the maximum is at infinity). Add a small penalizer (e.g. 0.001) or use 'bgnbd'; allow_nonconverged => true returns the last parameters with converged = false.") :
				 errhint("Raise max_iterations or tolerance, add a small penalizer (e.g. 0.001), or check the summary (a parameter running to 0 or infinity means the data cannot identify it); allow_nonconverged => true returns the last parameters with converged = false.")));
	}
	return build_model(fcinfo, kind, unit, &fit, d->n, penalizer, corr);
}

PG_FUNCTION_INFO_V1(pmkt_clv_fit);
Datum
pmkt_clv_fit(PG_FUNCTION_ARGS)
{
	return fit_common(fcinfo, false);
}

PG_FUNCTION_INFO_V1(pmkt_clv_fit_spend);
Datum
pmkt_clv_fit_spend(PG_FUNCTION_ARGS)
{
	return fit_common(fcinfo, true);
}

/* ---------- models as input ---------- */

/*
 * The BG/NBD and MBG/NBD P(alive) odds need ln a, ln(b + x - 1 + off) and
 * ln(1 + t / alpha) per row: the cached model keeps ln a and tables of the
 * other two for small whole x and t (the usual summaries), computed by the
 * same expressions, so the row functions give the same bits with fewer logs.
 */
#define CLV_LB_TABLE 1024
#define CLV_LT_TABLE 4096

typedef struct ClvModel
{
	ClvKind		kind;
	PmktClvUnit unit;
	double		p[CLV_MAXP];
	double		la;				/* ln a (BG kinds) */
	const double *lb;			/* ln(b + x - 1 + off), x < CLV_LB_TABLE, or NULL */
	const double *lt;			/* ln(1 + k / alpha), k < CLV_LT_TABLE, or NULL */
	const double *gw;			/* Gamma-Gamma: weight p x / (p x + q - 1), x < CLV_LB_TABLE, or NULL */
	double		pls;			/* Pareto/NBD: ln s */
	const double *plx;			/* Pareto/NBD: ln(r + s + x), x < CLV_LB_TABLE, or NULL */
	const double *plaT;			/* Pareto/NBD: ln(alpha + k), k < CLV_LT_TABLE, or NULL */
	const double *plbT;			/* Pareto/NBD: ln(beta + k), k < CLV_LT_TABLE, or NULL */
	double		gk;				/* Gamma-Gamma: population mean v p / (q - 1) */
	struct ClvMemo *memo;		/* per call site: see clv_memo_get; or NULL */
} ClvModel;

/*
 * The row functions' memo: within one call site (fn_extra, next to the
 * cached model, so it is dropped with it when the model changes) the values
 * that depend only on a few of the row's arguments are kept per distinct
 * key: the hypergeometric part of expected purchases per (x, T, t), the
 * Pareto/NBD ln F per (x, t) and the discounted sum of clv_value per
 * (x, T, months, discount rate).  Summaries of a shop repeat these keys
 * (whole days: x and T take a few hundred values each), so most rows cost a
 * lookup instead of a series.  A hit returns the bits a recomputation would
 * give.  Open addressing with linear probing on the keys' bits, doubled at
 * half load up to CLV_MEMO_MAX slots; once that is full, new keys are
 * computed and not kept.
 */
#define CLV_MEMO_MAX (1 << 18)	/* slots; 48 bytes each: 12 MB at most */
#define CLV_MEMO_KEYS 5

typedef enum ClvMemoTag
{
	MEMO_EP = 1,				/* (x, T, t): expected purchases before P(alive) */
	MEMO_PNBD_F = 2,			/* (x, t): Pareto/NBD ln F */
	MEMO_CLV = 3				/* (x, T, months, d): discounted sum */
} ClvMemoTag;

typedef struct ClvMemoEntry
{
	double		k[CLV_MEMO_KEYS];	/* k[0] = tag, 0 = empty */
	double		v;
} ClvMemoEntry;

/*
 * Keys whose k[1] and k[2] (x and T, or x and t) are whole numbers below
 * CLV_GRID_X and CLV_GRID_T, and whose k[3], k[4] equal the first ones seen
 * by the call site (the horizon, months and rate are usually constants of
 * the query), go to a direct table per tag instead: chunks of CLV_GRID_C
 * values of T per x, allocated on first use, NaN while empty.  The customers
 * of a summary crowd at small x, so the chunks in use stay in the CPU's
 * cache, where a hash table over all keys misses it on almost every row;
 * chunks (not whole rows of CLV_GRID_T) keep the memory touched, and so the
 * page faults of a new query, near the keys in use.
 */
#define CLV_GRID_X 256
#define CLV_GRID_T 2048
#define CLV_GRID_C 256			/* values of T in a chunk */
#define CLV_GRID_NC (CLV_GRID_T / CLV_GRID_C)

/*
 * A Pareto/NBD row reads ln F(x, t_x), ln F(x, T) and, in clv_value and
 * expected purchases, the value of (x, T) of its own tag: with the model
 * cached for one of those (ClvMemo.pair), that tag's cells live in the ln F
 * grid's chunks beside ln F of the same (x, T) (cells of two doubles: ln F,
 * then the other), so a row touches two cache lines instead of three.  The
 * paired tag keeps its own c3, c4; its cells are those of the ln F grid
 * (owner), at lane 1.
 */
typedef struct ClvGrid
{
	bool		set;			/* c3, c4 fixed */
	double		c3,
				c4;
	int			width;			/* doubles per cell of this grid's chunks (1 or 2) */
	int			lane;			/* this tag's double in a cell of owner */
	struct ClvGrid *owner;		/* the grid whose chunks hold the cells: itself, or the ln F grid */
	double	   *chunk[CLV_GRID_X * CLV_GRID_NC];	/* [x][T / CLV_GRID_C] */
} ClvGrid;

typedef struct ClvMemo
{
	MemoryContext cxt;
	uint32		size;			/* slots, a power of 2, or 0 */
	uint32		used;
	ClvMemoEntry *e;
	ClvGrid		grid[4];		/* by tag */
	int			pair;			/* the tag paired with MEMO_PNBD_F (Pareto/NBD), or 0 */
	char	   *pool_next;		/* the free part of clv_pool while this memo holds it, or NULL */
	char	   *pool_end;
	struct PnbdSteps *steps[CLV_GRID_X];	/* Pareto/NBD: pnbd_lnF_value's tables per whole x */

	/*
	 * clv_value's per-query constants, for the first months and rate the
	 * call site sees: the discount factors (1 + d)^i, and per whole age T <
	 * CLV_GRID_T the months' z_i = t_i / (alpha + T + t_i) and ln(1 - z_i)
	 * of the BG kinds (the same expressions as computed per customer, the
	 * same bits; they do not depend on x)
	 */
	int32		cm;				/* months, 0 until set */
	double		cd;				/* rate */
	double	   *disc;			/* [cm]: pow(1 + cd, i), i = 1..cm */
	double	  **zl;				/* [CLV_GRID_T] -> [2 cm] z then L, or NULL */
} ClvMemo;

/*
 * The memory of a call site's memo and tables (ClvMemo, the grids' chunks,
 * clv_value's per-T constants, the model's log tables: about 1.5 MB for the
 * 1.2 M summaries of bench/lifetime/clv.sh) comes from one region kept by
 * the backend, held by one memo at a time (the first call site that wants
 * it; the others, and what does not fit, allocate in their context as
 * before) and given back when the call site's cache context is reset or
 * deleted.  Freed to malloc at the end of every query, those megabytes were
 * returned to the kernel (the heap trimmed: brk with a TLB flush) and
 * faulted in again by the next query: about 5 % of a clv_value query's
 * backend CPU.  The region is allocated once, on first use, and its pages
 * are touched only as far as a memo fills it, so a backend keeps at most
 * CLV_POOL_BYTES of it.  Only memory is reused: every value is computed
 * again by each query, as before.
 */
#define CLV_POOL_BYTES ((Size) 4 * 1024 * 1024)

static char *clv_pool;			/* CLV_POOL_BYTES in TopMemoryContext, or NULL */
static bool clv_pool_busy;		/* held by a memo */

static void
clv_pool_release(void *arg)
{
	(void) arg;
	clv_pool_busy = false;
}

/* a new, zeroed memo in cxt, holding clv_pool when it is free */
static ClvMemo *
clv_memo_new(MemoryContext cxt)
{
	ClvMemo    *mm;

	if (!clv_pool_busy)
	{
		if (clv_pool == NULL)
			clv_pool = MemoryContextAllocExtended(TopMemoryContext, CLV_POOL_BYTES, MCXT_ALLOC_NO_OOM);
		if (clv_pool != NULL)
		{
			MemoryContextCallback *cb = MemoryContextAlloc(cxt, sizeof(MemoryContextCallback));
			char	   *start = (char *) TYPEALIGN(64, clv_pool);

			cb->func = clv_pool_release;
			cb->arg = NULL;
			MemoryContextRegisterResetCallback(cxt, cb);
			clv_pool_busy = true;
			mm = (ClvMemo *) start;
			memset(mm, 0, sizeof(ClvMemo));
			mm->pool_next = start + TYPEALIGN(64, sizeof(ClvMemo));
			mm->pool_end = clv_pool + CLV_POOL_BYTES;
			mm->cxt = cxt;
			return mm;
		}
	}
	mm = MemoryContextAllocZero(cxt, sizeof(ClvMemo));
	mm->cxt = cxt;
	return mm;
}

/*
 * n bytes for the memo mm: from its pool while there is room (64-byte
 * aligned), else from its context; flags of MemoryContextAllocExtended
 */
static void *
memo_alloc(ClvMemo *mm, Size n, int flags)
{
	if (mm->pool_next != NULL && n <= (Size) (mm->pool_end - mm->pool_next))
	{
		char	   *p = mm->pool_next;

		mm->pool_next = (char *) Min((uintptr_t) mm->pool_end, TYPEALIGN(64, p + n));
		if (flags & MCXT_ALLOC_ZERO)
			memset(p, 0, n);
		return p;
	}
	return MemoryContextAllocExtended(mm->cxt, n, flags);
}

/* the grid cell of k, or NULL when k is not a grid key (or, without create, not allocated) */
static pg_attribute_always_inline double *
memo_cell(ClvMemo *mm, const double *k, bool create)
{
	ClvGrid    *g = &mm->grid[(int) k[0]],
			   *o;
	double	   *chunk,
			  **slot;
	int			ix,
				it;

	if (!(k[1] >= 0 && k[1] < CLV_GRID_X && k[2] >= 0 && k[2] < CLV_GRID_T))
		return NULL;
	ix = (int) k[1];
	it = (int) k[2];
	if (ix != k[1] || it != k[2])
		return NULL;
	if (!g->set)
	{
		if (!create)
			return NULL;
		g->set = true;
		g->c3 = k[3];
		g->c4 = k[4];
	}
	else if (g->c3 != k[3] || g->c4 != k[4])
		return NULL;
	o = g->owner;
	slot = &o->chunk[ix * CLV_GRID_NC + it / CLV_GRID_C];
	chunk = *slot;
	if (chunk == NULL)
	{
		if (!create)
			return NULL;
		chunk = memo_alloc(mm, sizeof(double) * CLV_GRID_C * o->width, MCXT_ALLOC_NO_OOM);
		if (chunk == NULL)
			return NULL;
		for (int i = 0; i < CLV_GRID_C * o->width; i++)
			chunk[i] = NAN;
		*slot = chunk;
	}
	return &chunk[(it % CLV_GRID_C) * o->width + g->lane];
}

/* the memo's grids, each its own owner, one double a cell; pair (a tag, or 0) paired with ln F */
static void
memo_grids(ClvMemo *mm, int pair)
{
	for (int i = 0; i < 4; i++)
	{
		mm->grid[i].width = 1;
		mm->grid[i].lane = 0;
		mm->grid[i].owner = &mm->grid[i];
	}
	mm->pair = pair;
	if (pair != 0)
	{
		mm->grid[MEMO_PNBD_F].width = 2;
		mm->grid[pair].owner = &mm->grid[MEMO_PNBD_F];
		mm->grid[pair].lane = 1;
	}
}

static inline uint64
memo_mix(uint64 h)
{
	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64CONST(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

static inline uint64
memo_hash(const double *k)
{
	uint64		h = 0;

	for (int i = 0; i < CLV_MEMO_KEYS; i++)
	{
		uint64		b;

		memcpy(&b, &k[i], sizeof(b));
		h = memo_mix(h ^ b ^ ((uint64) i << 56));
	}
	return h;
}

/* the slot of key k: its entry, or the empty slot where it would go */
static inline ClvMemoEntry *
memo_slot(ClvMemoEntry *e, uint32 size, const double *k)
{
	uint32		i = (uint32) memo_hash(k) & (size - 1);

	for (;;)
	{
		if (e[i].k[0] == 0 || memcmp(e[i].k, k, sizeof(e[i].k)) == 0)
			return &e[i];
		i = (i + 1) & (size - 1);
	}
}

/* true and *v when the memo holds k */
static pg_attribute_always_inline bool
clv_memo_get(const ClvModel *m, const double *k, double *v)
{
	ClvMemoEntry *s;
	double	   *c;

	if (m->memo == NULL)
		return false;
	c = memo_cell(m->memo, k, false);
	if (c != NULL)
	{
		if (isnan(*c))
			return false;
		*v = *c;
		return true;
	}
	if (m->memo->size == 0)
		return false;
	s = memo_slot(m->memo->e, m->memo->size, k);
	if (s->k[0] == 0)
		return false;
	*v = s->v;
	return true;
}

static void
clv_memo_put(const ClvModel *m, const double *k, double v)
{
	ClvMemo    *mm = m->memo;
	ClvMemoEntry *s;
	double	   *c;

	if (mm == NULL)
		return;
	c = memo_cell(mm, k, true);
	if (c != NULL)
	{
		*c = v;
		return;
	}
	if (mm->size == 0 || (mm->used + 1) * 2 > mm->size)
	{
		uint32		nsize = mm->size == 0 ? 1024 : mm->size * 2;
		ClvMemoEntry *ne;

		if (nsize > CLV_MEMO_MAX)
			return;				/* full: compute, do not keep */
		ne = MemoryContextAllocExtended(mm->cxt, sizeof(ClvMemoEntry) * nsize,
										MCXT_ALLOC_ZERO | MCXT_ALLOC_NO_OOM);
		if (ne == NULL)
			return;
		for (uint32 i = 0; i < mm->size; i++)
			if (mm->e[i].k[0] != 0)
				*memo_slot(ne, nsize, mm->e[i].k) = mm->e[i];
		if (mm->e != NULL)
			pfree(mm->e);
		mm->e = ne;
		mm->size = nsize;
	}
	s = memo_slot(mm->e, mm->size, k);
	if (s->k[0] == 0)
	{
		memcpy(s->k, k, sizeof(s->k));
		s->v = v;
		mm->used++;
	}
}

/*
 * the model's tables and its memo; pair: the memo tag of the call site's
 * own values that a Pareto/NBD memo keeps beside ln F (ClvGrid), or 0
 */
static void
model_tables(ClvModel *m, MemoryContext cxt, int pair)
{
	double	   *lb,
			   *lt;
	double		off = m->kind == CLV_MBGNBD ? 1 : 0;

	m->lb = m->lt = m->gw = NULL;
	m->plx = m->plaT = m->plbT = NULL;
	if (m->kind == CLV_GAMMA_GAMMA)
	{
		/* expected_spend's expressions, the same bits */
		double		p = m->p[0],
					q = m->p[1],
					v = m->p[2];
		double	   *gw = MemoryContextAlloc(cxt, sizeof(double) * CLV_LB_TABLE);

		for (int x = 0; x < CLV_LB_TABLE; x++)
			gw[x] = p * x / (p * x + q - 1);
		m->gk = v * p / (q - 1);
		m->gw = gw;
		m->memo = NULL;
		return;
	}
	m->memo = clv_memo_new(cxt);
	memo_grids(m->memo, m->kind == CLV_PARETO ? pair : 0);
	if (m->kind == CLV_PARETO)
	{
		/* pnbd_bracket's logs, by the same expressions (the same bits) */
		double		r = m->p[0],
					al = m->p[1],
					sh = m->p[2],
					be = m->p[3];
		double	   *plx = memo_alloc(m->memo, sizeof(double) * CLV_LB_TABLE, 0),
				   *plaT = memo_alloc(m->memo, sizeof(double) * CLV_LT_TABLE, 0),
				   *plbT = memo_alloc(m->memo, sizeof(double) * CLV_LT_TABLE, 0);

		m->pls = log(sh);
		for (int x = 0; x < CLV_LB_TABLE; x++)
			plx[x] = log(r + sh + x);
		for (int k = 0; k < CLV_LT_TABLE; k++)
		{
			plaT[k] = log(al + k);
			plbT[k] = log(be + k);
		}
		m->plx = plx;
		m->plaT = plaT;
		m->plbT = plbT;
		return;
	}
	if (m->kind != CLV_BGNBD && m->kind != CLV_MBGNBD)
		return;
	m->la = log(m->p[2]);
	lb = memo_alloc(m->memo, sizeof(double) * CLV_LB_TABLE, 0);
	lt = memo_alloc(m->memo, sizeof(double) * CLV_LT_TABLE, 0);
	for (int x = 0; x < CLV_LB_TABLE; x++)
		lb[x] = log(m->p[3] + x - 1 + off);
	for (int k = 0; k < CLV_LT_TABLE; k++)
		lt[k] = log1p(k / m->p[1]);
	m->lb = lb;
	m->lt = lt;
}

/*
 * decode_model_raw: validate a pmkt.clv_model (untrusted: any field may
 * have been edited) into out.
 */
static void
decode_model_raw(HeapTupleHeader th, const char *argname, bool spend, ClvModel *out)
{
	bool		isnull;
	Datum		v;
	ArrayType  *arr;
	const char *kind;
	ClvModel	tmp;
	int			k;

	v = GetAttributeByNum(th, 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\": the model's kind is NULL", argname),
				 errhint("Pass a model made by pmkt.clv_fit or pmkt.clv_fit_spend.")));
	kind = TextDatumGetCString(v);
	if (strcmp(kind, "bgnbd") == 0)
		tmp.kind = CLV_BGNBD;
	else if (strcmp(kind, "mbgnbd") == 0)
		tmp.kind = CLV_MBGNBD;
	else if (strcmp(kind, "gamma_gamma") == 0)
		tmp.kind = CLV_GAMMA_GAMMA;
	else if (strcmp(kind, "pareto_nbd") == 0)
		tmp.kind = CLV_PARETO;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\": unknown model kind", argname),
				 errdetail("Got \"%s\".", kind),
				 errhint("A model of pmkt.clv_fit is 'bgnbd', 'mbgnbd' or 'pareto_nbd', of pmkt.clv_fit_spend 'gamma_gamma'.")));
	if (spend != (tmp.kind == CLV_GAMMA_GAMMA))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be a %s model", argname,
						spend ? "spend (gamma_gamma)" : "purchase (bgnbd, mbgnbd or pareto_nbd)"),
				 errdetail("Got a %s model.", kind),
				 errhint(spend ? "Fit it with pmkt.clv_fit_spend." : "Fit it with pmkt.clv_fit.")));
	tmp.unit = PMKT_CLV_DAY;
	if (!spend)
	{
		v = GetAttributeByNum(th, 2, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\": the model's unit is NULL", argname),
					 errhint("A purchase model records the time unit of its summary: 'day', 'week' or 'month'.")));
		tmp.unit = pmkt_clv_parse_unit(TextDatumGetCString(v), argname);
	}
	v = GetAttributeByNum(th, 3, &isnull);
	k = kind_nparams(tmp.kind);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\": the model's params are NULL", argname)));
	arr = DatumGetArrayTypeP(v);
	if (ARR_ELEMTYPE(arr) != FLOAT8OID || ARR_NDIM(arr) != 1 || ARR_HASNULL(arr) ||
		ARR_DIMS(arr)[0] != k)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"%s\": a %s model has %d params", argname, kind_names[tmp.kind], k),
				 errdetail("Got a float8[] of %d dimension(s) and %d element(s)%s.", ARR_NDIM(arr),
						   ARR_NDIM(arr) == 1 ? ARR_DIMS(arr)[0] : 0, ARR_HASNULL(arr) ? " with NULLs" : "")));
	memcpy(tmp.p, ARR_DATA_PTR(arr), sizeof(double) * k);
	tmp.la = 0;
	tmp.lb = tmp.lt = tmp.gw = NULL;
	tmp.gk = 0;
	tmp.pls = 0;
	tmp.plx = tmp.plaT = tmp.plbT = NULL;
	tmp.memo = NULL;
	for (int j = 0; j < k; j++)
		if (!isfinite(tmp.p[j]) || !(tmp.p[j] >= 1e-300) || tmp.p[j] > 1e300)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\": parameter %s must be a finite number > 0",
							argname, param_names[tmp.kind][j]),
					 errdetail("Got %g.", tmp.p[j])));
	*out = tmp;
}

/*
 * The row functions' model cache, per call site (fn_extra): the decoded
 * model(s) with the bytes of the argument(s) they were decoded from.  The
 * key of an argument is its bytes as they come, unless they point elsewhere
 * (a TOAST pointer, an expanded record, which can change in place): a model
 * stored in a table under 127 bytes has a 1-byte header and would otherwise
 * be copied by the detoasting on every row.  Inline bytes, short,
 * compressed or plain, are the value, so equal keys are equal models.
 *
 * The pointer of the argument cannot be the key: a scalar subquery's value
 * is freed and made again when its plan is rescanned (a correlated outer
 * query), and a different model can come back at the same address.  So the
 * bytes are compared on every row, but only those the decoding reads: for a
 * plain datum (4-byte header, not compressed, not external), the tuple's
 * header, null bitmap and attributes 1 to 3 (kind, unit, params), the
 * prefix up to the end of params; decode_model_raw reads nothing else (the
 * standard errors, log-likelihood and counts after it are not used by the
 * predictions).  Two datums whose first bytes up to there are equal have the
 * same header (so the same row type, attribute count, nulls and length
 * words) and the same first three attributes, so the same decoded model.
 * The first bytes of every key encode its total length (a 4-byte or 1-byte
 * varlena header), so an argument at least as long as the key whose first
 * bytes equal it is read within its bounds.  Any other datum keeps its
 * whole bytes as the key.  A decode that raises an error leaves the cache
 * empty, so the next call decodes again.
 */
typedef struct ClvModelCache
{
	MemoryContext cxt;			/* keys and models; reset on every miss */
	int			n;				/* arguments in the key: 0 while empty */
	Size		klen[2];		/* bytes kept of each argument */
	char	   *key[2];
	ClvModel   *models;			/* n of them */
	uint64		gen;			/* fills so far (ClvRowCells) */
} ClvModelCache;

/* the argument's bytes and their length; *th the detoasted tuple when it had to be made, else NULL */
static pg_attribute_always_inline const char *
model_key(Datum d, Size *len, HeapTupleHeader *th)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL(raw))
	{
		*th = DatumGetHeapTupleHeader(d);
		*len = HeapTupleHeaderGetDatumLength(*th);
		return (const char *) *th;
	}
	*th = NULL;
	*len = VARSIZE_ANY(raw);
	return (const char *) raw;
}

/*
 * a == b over n bytes, without a call or a branch per chunk: 16 bytes at a
 * time in SSE2 registers (every x86-64), the last chunk overlapping the one
 * before it; 8 bytes at a time elsewhere
 */
static pg_attribute_always_inline bool
clv_bytes_equal(const char *a, const char *b, Size n)
{
#ifdef __SSE2__
	if (n >= 16)
	{
		__m128i		diff = _mm_setzero_si128();
		Size		i = 0;

		for (; i + 16 <= n; i += 16)
			diff = _mm_or_si128(diff, _mm_xor_si128(_mm_loadu_si128((const __m128i *) (a + i)),
													_mm_loadu_si128((const __m128i *) (b + i))));
		if (i < n)
			diff = _mm_or_si128(diff, _mm_xor_si128(_mm_loadu_si128((const __m128i *) (a + n - 16)),
													_mm_loadu_si128((const __m128i *) (b + n - 16))));
		return _mm_movemask_epi8(_mm_cmpeq_epi8(diff, _mm_setzero_si128())) == 0xFFFF;
	}
#endif
	{
		uint64		diff = 0;
		Size		i = 0;

		for (; i + 8 <= n; i += 8)
		{
			uint64		u,
						v;

			memcpy(&u, a + i, 8);
			memcpy(&v, b + i, 8);
			diff |= u ^ v;
		}
		for (; i < n; i++)
			diff |= (uint8) (a[i] ^ b[i]);
		return diff == 0;
	}
}

/* the bytes of the key of an argument of len bytes at raw, decoded from th (see above) */
static Size
model_key_len(const char *raw, Size len, HeapTupleHeader th)
{
	bool		isnull;
	Datum		v;
	const char *p;
	Size		end;

	if ((const char *) th != raw || !VARATT_IS_4B_U(raw))
		return len;
	v = GetAttributeByNum(th, 3, &isnull);
	if (isnull)
		return len;
	p = DatumGetPointer(v);
	if (p < raw || p >= raw + len)
		return len;
	end = (Size) (p - raw) + VARSIZE_ANY(p);
	return Min(end, len);
}

/* the cached models when the n argument keys match the cache's (see ClvModelCache), else NULL */
static pg_attribute_always_inline ClvModel *
model_cache_hit(FunctionCallInfo fcinfo, int n, const char *const *k, const Size *l)
{
	ClvModelCache *c = (ClvModelCache *) fcinfo->flinfo->fn_extra;

	if (likely(c != NULL && c->n == n))
	{
		bool		same = true;

		for (int i = 0; i < n; i++)
			same = same && l[i] >= c->klen[i] && clv_bytes_equal(k[i], c->key[i], c->klen[i]);
		if (likely(same))
			return c->models;
	}
	return NULL;
}

/* a miss: empty the cache (made on first use) and hand out its context */
static MemoryContext
model_cache_reset(FunctionCallInfo fcinfo)
{
	ClvModelCache *c = (ClvModelCache *) fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ClvModelCache));
		c->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "pmkt clv model cache",
									   ALLOCSET_SMALL_SIZES);
		fcinfo->flinfo->fn_extra = c;
	}
	else
		MemoryContextReset(c->cxt);
	c->gen++;
	c->n = 0;
	c->models = NULL;
	return c->cxt;
}

/*
 * decode the models of arguments argno .. argno + n - 1 (keys k, lengths
 * l, detoasted tuples t or NULL) into the emptied cache
 */
static pg_noinline ClvModel *
model_cache_fill(FunctionCallInfo fcinfo, int argno, int n, const char *const *k, const Size *l,
				 HeapTupleHeader *t, const char *const *argname, const bool *spend, int pair)
{
	MemoryContext cxt = model_cache_reset(fcinfo);
	ClvModelCache *c = (ClvModelCache *) fcinfo->flinfo->fn_extra;
	ClvModel	tmp[2];
	Size		kl[2];
	ClvModel   *models;

	Assert(n <= 2);
	for (int i = 0; i < n; i++)
	{
		if (t[i] == NULL)
			t[i] = PG_GETARG_HEAPTUPLEHEADER(argno + i);
		decode_model_raw(t[i], argname[i], spend[i], &tmp[i]);
		kl[i] = model_key_len(k[i], l[i], t[i]);
	}
	for (int i = 0; i < n; i++)
		model_tables(&tmp[i], cxt, pair);
	models = MemoryContextAlloc(cxt, sizeof(ClvModel) * n);
	memcpy(models, tmp, sizeof(ClvModel) * n);
	for (int i = 0; i < n; i++)
	{
		c->key[i] = MemoryContextAlloc(c->cxt, kl[i]);
		memcpy(c->key[i], k[i], kl[i]);
		c->klen[i] = kl[i];
	}
	c->models = models;
	c->n = n;
	return models;
}

/*
 * decode_model: decode_model_raw cached per call site (see ClvModelCache);
 * pair as in model_tables
 */
static pg_attribute_always_inline const ClvModel *
decode_model(FunctionCallInfo fcinfo, int argno, const char *argname, bool spend, int pair)
{
	HeapTupleHeader th;
	Size		len;
	const char *key = model_key(PG_GETARG_DATUM(argno), &len, &th);
	ClvModel   *m = model_cache_hit(fcinfo, 1, &key, &len);

	if (unlikely(m == NULL))
		m = model_cache_fill(fcinfo, argno, 1, &key, &len, &th, &argname, &spend, pair);
	return m;
}

/* both models of pmkt.clv_value, cached together (see ClvModelCache) */
static pg_attribute_always_inline void
decode_two_models(FunctionCallInfo fcinfo, const ClvModel **m, const ClvModel **g)
{
	HeapTupleHeader t[2];
	Size		len[2];
	const char *key[2];
	ClvModel   *pair;

	key[0] = model_key(PG_GETARG_DATUM(0), &len[0], &t[0]);
	key[1] = model_key(PG_GETARG_DATUM(1), &len[1], &t[1]);
	pair = model_cache_hit(fcinfo, 2, key, len);
	if (unlikely(pair == NULL))
	{
		static const char *const names[2] = {"model", "spend_model"};
		static const bool spends[2] = {false, true};

		pair = model_cache_fill(fcinfo, 0, 2, key, len, t, names, spends, MEMO_CLV);
	}
	*m = &pair[0];
	*g = &pair[1];
}

static pg_noinline void
check_customer_error(double x, double tx, double T, const char *fn)
{
	if (!isfinite(x) || x < 0 || x != floor(x) || x > CLV_XMAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"frequency\" must be a whole number >= 0", fn),
				 errdetail("Got %g.", x)));
	if (!isfinite(T) || !isfinite(tx) || tx < 0 || tx > T)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: arguments \"recency\" and \"age\" must satisfy 0 <= recency <= age", fn),
				 errdetail("Got recency %g, age %g.", tx, T),
				 errhint("recency and age (lifetimes' T) come from pmkt.clv_summary, in the model's unit.")));
	if (x > 0 && tx == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: a customer with frequency > 0 must have recency > 0", fn),
				 errdetail("Got frequency %g, recency 0.", x)));
	if (x == 0 && tx != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: a customer with frequency 0 must have recency 0", fn),
				 errdetail("Got recency %g.", tx)));
}

/*
 * the checks of check_customer_error in a few comparisons (NaN fails them
 * all; a whole x is one that survives the cast): only a customer that fails
 * one goes there for the message
 */
static pg_attribute_always_inline void
check_customer(double x, double tx, double T, const char *fn)
{
	if (unlikely(!(x >= 0 && x <= CLV_XMAX && x == (double) (int32) x &&
				   tx >= 0 && tx <= T && T <= DBL_MAX && (x > 0) == (tx > 0))))
		check_customer_error(x, tx, T, fn);
}

/* ln of the P(alive) odds term: ln(a/(b+x-1+off)) + (r+x) ln((alpha+T)/(alpha+tx)) */
static pg_attribute_always_inline double
dead_log_odds(const ClvModel *m, double x, double tx, double T)
{
	double		r = m->p[0],
				al = m->p[1],
				a = m->p[2],
				b = m->p[3];
	double		off = m->kind == CLV_MBGNBD ? 1 : 0;

	double		la,
				lb,
				lT,
				ltx;

	if (x == 0 && off == 0)
		return -INFINITY;
	if (m->lb != NULL)
	{
		/* the tables of model_tables: the same expressions */
		la = m->la;
		lb = x < CLV_LB_TABLE ? m->lb[(int) x] : log(b + x - 1 + off);
		lT = (T < CLV_LT_TABLE && T == (int) T) ? m->lt[(int) T] : log1p(T / al);
		ltx = (tx < CLV_LT_TABLE && tx == (int) tx) ? m->lt[(int) tx] : log1p(tx / al);
	}
	else
	{
		la = log(a);
		lb = log(b + x - 1 + off);
		lT = log1p(T / al);
		ltx = log1p(tx / al);
	}
	return la - lb + (r + x) * (lT - ltx);
}

/*
 * pnbd_lnF's value without its gradient, for the row functions: the
 * factors of its steps, (a+n)/(a+n+1) and (b+n)/(n+1), the running sums
 * da and db of its stop test (as 1 + db + da) and max(1, (b+n+1)/(n+2)),
 * depend on x and n but not on t, so they are kept per whole x < CLV_GRID_X
 * in tables (made by pnbd_lnF's own expressions, in its order, extended as
 * longer series need them, up to PNBD_STEPS_MAX steps), and a series per
 * (x, t) costs a few multiplications a step instead of six divisions and
 * the three gradient sums.  term, S, the stop test and the rescaling are
 * pnbd_lnF's operations on the same numbers, so lnF is the same bits.
 * false (then pnbd_lnF) for other x, a longer series, a series that does
 * not end normally, or no memory.
 */
#define PNBD_STEPS_MAX 1024	/* 32 KB a table set; at most 256 sets in use, about 16 MB with the growth */

typedef struct PnbdSteps
{
	int			n;				/* steps in the tables */
	int			cap;
	double		da,
				db;				/* the running sums after step n - 1 */
	double	   *f1,				/* (a+n)/(a+n+1) */
			   *f2,				/* (b+n)/(n+1) */
			   *K,				/* 1 + db + da after step n */
			   *M;				/* max(1, (b+n+1)/(n+2)) */
} PnbdSteps;

/* the tables of st extended to at least need steps; false when not possible */
static bool
pnbd_steps_grow(ClvMemo *mm, PnbdSteps *st, double a, double b, int need)
{
	if (need > st->cap)
	{
		int			cap = Max(64, st->cap * 2);
		double	   *t;

		while (cap < need)
			cap *= 2;
		if (cap > PNBD_STEPS_MAX)
			return false;
		t = memo_alloc(mm, sizeof(double) * 4 * cap, MCXT_ALLOC_NO_OOM);
		if (t == NULL)
			return false;
		if (st->n > 0)
		{
			memcpy(t, st->f1, sizeof(double) * st->n);
			memcpy(t + cap, st->f2, sizeof(double) * st->n);
			memcpy(t + 2 * cap, st->K, sizeof(double) * st->n);
			memcpy(t + 3 * cap, st->M, sizeof(double) * st->n);
		}
		st->f1 = t;
		st->f2 = t + cap;
		st->K = t + 2 * cap;
		st->M = t + 3 * cap;
		st->cap = cap;
	}
	for (int64 n = st->n; n < need; n++)
	{
		/* pnbd_lnF's expressions */
		st->f1[n] = (a + n) / (a + n + 1);
		st->f2[n] = (b + n) / (n + 1);
		st->da += 1 / (a + n) - 1 / (a + n + 1);
		st->db += 1 / (b + n);
		st->K[n] = 1 + st->db + st->da;
		st->M[n] = Max(1.0, (b + n + 1) / (n + 2));
	}
	st->n = Max(st->n, need);
	return true;
}

static bool
pnbd_lnF_value(const ClvModel *m, double x, double t, double *lnF)
{
	ClvMemo    *mm = m->memo;
	double		r = m->p[0],
				al = m->p[1],
				s = m->p[2],
				be = m->p[3];
	bool		ab = al >= be;
	double		a = r + s + x,
				b = ab ? s + 1 : r + x,
				w = ab ? al + t : be + t,
				z = ab ? (al - be) / w : (be - al) / w,
				lw;
	double		term = 1,
				S = 1,
				scale = 0;
	PnbdSteps  *st;
	int64		n;

	if (mm == NULL || !(x >= 0 && x < CLV_GRID_X) || x != (int) x)
		return false;
	st = mm->steps[(int) x];
	if (st == NULL)
	{
		st = memo_alloc(mm, sizeof(PnbdSteps), MCXT_ALLOC_NO_OOM | MCXT_ALLOC_ZERO);
		if (st == NULL)
			return false;
		mm->steps[(int) x] = st;
	}
	lw = log(w);
	for (n = 0;; n++)
	{
		double		next,
					rho;

		if (n >= st->n && !pnbd_steps_grow(mm, st, a, b, (int) n + 1))
			return false;
		/* pnbd_lnF: term (a+n)/(a+n+1) (b+n)/(n+1) z */
		next = term * st->f1[n] * st->f2[n] * z;
		if (next == 0)
			break;
		term = next;
		S += term;
		rho = z * st->M[n];
		if (rho < 1 && term * (n + 2) * st->K[n] <= 1e-17 * (1 - rho) * S)
			break;
		if (S > 1e250)
		{
			term *= 1e-250;
			S *= 1e-250;
			scale += 250 * M_LN10;
		}
		if (!isfinite(S))
			return false;
		if ((n & 65535) == 65535)
			CHECK_FOR_INTERRUPTS();
	}
	*lnF = log(S) + scale - a * lw;
	return isfinite(*lnF);
}

/* Pareto/NBD ln F(x, t) of pnbd_lnF, kept in the memo per (x, t) */
static pg_noinline double
pnbd_lnF_row(const ClvModel *m, double x, double tx, double T, double t, const char *fn)
{
	double		k[CLV_MEMO_KEYS] = {MEMO_PNBD_F, x, t, 0, 0};
	double		lnF,
				dF[4];
	int64		terms = 0;

	if (clv_memo_get(m, k, &lnF))
		return lnF;
	if (pnbd_lnF_value(m, x, t, &lnF))
	{
		clv_memo_put(m, k, lnF);
		return lnF;
	}
	if (!pnbd_lnF(m->p[0], m->p[1], m->p[2], m->p[3], x, t, &lnF, dF, &terms, PNBD_MAX_TERMS))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: the hypergeometric series of the Pareto/NBD model did not converge", fn),
				 errdetail("r = %g, alpha = %g, s = %g, beta = %g, frequency %g, recency %g, age %g.",
						   m->p[0], m->p[1], m->p[2], m->p[3], x, tx, T),
				 errhint("max(alpha, beta) / min(alpha, beta) is too large for the series; check the model's parameters.")));
	clv_memo_put(m, k, lnF);
	return lnF;
}

/*
 * The cells of both ln F of a Pareto/NBD row, (x, t_x) in *c1 and (x, T) in
 * *c2 (with the paired tag's value of (x, T) at (*c2)[1] when the memo pairs
 * one, ClvGrid), when the memo's grid has their chunks: memo_cell's steps
 * for the two keys at once (one x, one grid, its k[3] = k[4] = 0 of
 * pnbd_lnF_row's keys), inline in the row path; a cell read here is the one
 * clv_memo_get would read, so the same bits.  The cells may still be empty
 * (NaN).  false when either key is not in the grid or its chunk is missing.
 */
static pg_attribute_always_inline bool
pnbd_cells(const ClvMemo *mm, double x, double tx, double T, const double **c1, const double **c2)
{
	const ClvGrid *g;
	const double *k1,
			   *k2;
	int			ix,
				i1,
				i2,
				w;

	if (mm == NULL)
		return false;
	g = &mm->grid[MEMO_PNBD_F];
	if (!(g->set && g->c3 == 0 && g->c4 == 0 &&
		  x >= 0 && x < CLV_GRID_X && tx >= 0 && T >= tx && T < CLV_GRID_T))
		return false;
	ix = (int) x;
	i1 = (int) tx;
	i2 = (int) T;
	if (ix != x || i1 != tx || i2 != T)
		return false;
	k1 = g->chunk[ix * CLV_GRID_NC + i1 / CLV_GRID_C];
	k2 = g->chunk[ix * CLV_GRID_NC + i2 / CLV_GRID_C];
	if (k1 == NULL || k2 == NULL)
		return false;
	w = g->width;
	*c1 = &k1[(i1 % CLV_GRID_C) * w];
	*c2 = &k2[(i2 % CLV_GRID_C) * w];
	return true;
}

/*
 * Both ln F of a Pareto/NBD row from the grid (pnbd_cells); false (then
 * pnbd_lnF_row, which computes and fills) when either is not there
 */
static pg_attribute_always_inline bool
pnbd_lnF_pair(const ClvModel *m, double x, double tx, double T, double *lnF1, double *lnF2)
{
	const double *c1,
			   *c2;

	if (!pnbd_cells(m->memo, x, tx, T, &c1, &c2))
		return false;
	*lnF1 = *c1;
	*lnF2 = *c2;
	return !isnan(*lnF1) && !isnan(*lnF2);
}

/*
 * Pareto/NBD P(alive) (FHL 2005 note, eq. 18): e^A1 / (e^A1 + e^B1 - e^B2)
 * with pnbd_bracket's A1 and B1, B2 = ln(s/(r+s+x)) + ln F(x, t_x or T),
 * written 1 / (1 + D), D = e^(B1 - A1) (1 - e^(lnF2 - lnF1)): two exp (or
 * exp and expm1) a row (ln(s/(r+s+x)) cancels in B2 - B1), where pnbd_bracket's
 * log-sum-exp takes five.  The logs of whole x and T come from the model's
 * tables (the same expressions).  Where e^(B1 - A1) would be near the
 * overflow (P(alive) below 1e-300) the log-sum-exp of pnbd_bracket is used.
 */
static pg_attribute_always_inline double
pnbd_p_alive_lnF(const ClvModel *m, double x, double T, double lnF1, double lnF2)
{
	double		r = m->p[0],
				al = m->p[1],
				s = m->p[2],
				be = m->p[3];
	double		lc,
				B1,
				A1,
				laT,
				lbT,
				D;
	bool		wholeT = m->plaT != NULL && T < CLV_LT_TABLE && T == (int) T;

	lc = (m->plx != NULL ? m->pls : log(s)) -
		(m->plx != NULL && x < CLV_LB_TABLE ? m->plx[(int) x] : log(r + s + x));
	B1 = lc + lnF1;
	laT = wholeT ? m->plaT[(int) T] : log(al + T);
	lbT = wholeT ? m->plbT[(int) T] : log(be + T);
	A1 = -(r + x) * laT - s * lbT;
	if (likely(B1 - A1 <= 690))
	{
		double		u = lnF2 - lnF1;

		/*
		 * 1 - e^u: expm1 near u = 0 (t_x near T), where the difference
		 * would cancel; below -0.7 (1 - e^u > 0.5) exp, about three times
		 * cheaper, is as accurate
		 */
		D = exp(B1 - A1) * (u < -0.7 ? 1 - exp(u) : -expm1(u));
		return D > 0 ? 1 / (1 + D) : 1.0;
	}
	else
	{
		double		B2 = lc + lnF2,
					mx = Max(A1, B1),
					l = mx + log(exp(A1 - mx) + exp(B1 - mx) * -expm1(B2 - B1));

		return exp(Min(A1 - l, 0.0));
	}
}

/* pnbd_p_alive_lnF with the two ln F from the memo, or computed */
static double
pnbd_p_alive(const ClvModel *m, double x, double tx, double T, const char *fn)
{
	double		lnF1,
				lnF2;

	if (unlikely(!pnbd_lnF_pair(m, x, tx, T, &lnF1, &lnF2)))
	{
		lnF1 = pnbd_lnF_row(m, x, tx, T, tx, fn);
		lnF2 = pnbd_lnF_row(m, x, tx, T, T, fn);
	}
	return pnbd_p_alive_lnF(m, x, T, lnF1, lnF2);
}

/* P(alive) of the BG kinds (inline in clv_value's row path; p_alive's) */
static pg_attribute_always_inline double
bg_p_alive(const ClvModel *m, double x, double tx, double T)
{
	double		lo = dead_log_odds(m, x, tx, T);

	if (lo == -INFINITY)
		return 1.0;				/* BG/NBD, x = 0: 1 / (1 + exp(-inf)), without the call */

	/*
	 * lo > 0: e^-lo / (1 + e^-lo), else 1 / (1 + e^lo), with one call and
	 * no branch (the sign of lo is a coin toss from row to row, a
	 * mispredicted branch each other row): -|lo| is -lo for lo > 0 and lo
	 * otherwise (e^-0 = e^0), so e, the numerator and the quotient are the
	 * bits of the two-way form
	 */
	{
		double		e = exp(-fabs(lo));

		return (lo > 0 ? e : 1.0) / (1 + e);
	}
}

static double
p_alive(const ClvModel *m, double x, double tx, double T, const char *fn)
{
	if (m->kind == CLV_PARETO)
		return pnbd_p_alive(m, x, tx, T, fn);
	return bg_p_alive(m, x, tx, T);
}

/*
 * log_series: ln |S| of S = sum_{n >= n0} u_n with u_{n0} = first and
 * u_{n+1} = u_n (A + n)(B + n) / ((C + n)(n + 1)) z, summed with rescaling
 * (no overflow on the way up to the peak term), until the terms are below
 * 1e-17 of the sum and decreasing.  *sign gets the sign of S.  Raises 22003
 * after 10^7 terms (z too close to 1).
 */
static double
log_series(double first, int n0, double A, double B, double C, double z, double *sign,
		   const char *fn)
{
	double		term = first,
				sum = 0,
				scale = 0;		/* ln of the factor taken out of term and sum */

	for (int64 n = n0;; n++)
	{
		double		ratio = (A + n) * (B + n) / ((C + n) * (n + 1)) * z;

		sum += term;
		if (!isfinite(sum) || !isfinite(ratio))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: value out of range: overflow in the hypergeometric series", fn)));
		if ((fabs(term) <= 1e-17 * fabs(sum) || term == 0) && fabs(ratio) < 1)
			break;
		if (n - n0 >= 10000000)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: the hypergeometric series did not converge in 10^7 terms", fn),
					 errhint("The horizon is very long compared with the model's alpha + age; predict over fewer periods.")));
		term *= ratio;
		if (fabs(term) > 1e250 || fabs(sum) > 1e250)
		{
			term *= 1e-250;
			sum *= 1e-250;
			scale += 250 * M_LN10;
		}
		if ((n & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	*sign = sum < 0 ? -1 : sum > 0 ? 1 : 0;
	return sum == 0 ? -INFINITY : log(fabs(sum)) + scale;
}

/*
 * The Pareto/NBD bracket of ep_core_calc over (s-1), which depends on t and
 * T only: -expm1(-(s-1) L)/(s-1), L = ln(1 + t/(beta+T)), and its limit
 * L (1 - (s-1) L/2) at s = 1
 */
static inline double
pnbd_core_g(const ClvModel *m, double t, double T)
{
	double		s = m->p[2],
				be = m->p[3],
				c = s - 1,
				Lb = log1p(t / (be + T));

	return fabs(c) < 1e-9 ? Lb * (1 - c * Lb / 2) : -expm1(-c * Lb) / c;
}

/*
 * expected purchases in (T, T + t]: see the header.  The value is
 * ep_core(t, x, T) x ep_weight(x, t_x, T): the weight is P(alive) (the
 * division by 1 + odds of the BG kinds), the core depends on the
 * customer's x and T only, so it is kept in the memo per (x, T, t).
 * BG kinds, a <= 2: Euler's form: G = sum_{n>=1} (A)_n (a)_{n-1} /
 * ((C)_n n!) z^n with A = a+b-1-r+off, C = a+b+x-1+off (no pole at a = 1,
 * terms bounded by z^n); a > 2: lifetimes' own form C/(a-1) (1 - 2F1(r+x,
 * b+x+off; C; z) (1-z)^(r+x)), whose terms are all positive (summed with
 * rescaling).
 */
static double
ep_core_calc(const ClvModel *m, double t, double x, double T, const char *fn)
{
	double		r = m->p[0],
				al = m->p[1],
				a = m->p[2],
				b = m->p[3];
	double		off = m->kind == CLV_MBGNBD ? 1 : 0;
	double		z,
				L,
				C,
				e;

	if (m->kind == CLV_PARETO)
	{
		/*
		 * Schmittlein et al. (1987), FHL 2005 note eq. 21:
		 * (r+x)(beta+T)/((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)]
		 * P(alive); the bracket over (s-1) of pnbd_core_g
		 */
		double		be = m->p[3];

		return (r + x) * (be + T) / (al + T) * pnbd_core_g(m, t, T);
	}
	z = t / (al + T + t);
	L = -log1p(t / (al + T));		/* ln(1 - z) */
	C = a + b + x - 1 + off;
	if (a <= 2)
	{
		double		A = a + b - 1 - r + off;
		double		sign,
					lg,
					head;

		/* u_1 = A/C z, ratio (A+n)(a-1+n)/((C+n)(n+1)) z */
		lg = log_series(A / C * z, 1, A, a - 1, C, z, &sign, fn);
		if (fabs(a - 1) < 1e-9)
			head = -L * (1 + (a - 1) * L / 2);
		else
			head = -expm1((a - 1) * L) / (a - 1);
		e = C * (head - sign * exp((a - 1) * L + lg));
	}
	else
	{
		double		sign,
					lf = log_series(1.0, 0, r + x, b + x + off, C, z, &sign, fn);

		e = C / (a - 1) * -expm1(lf + (r + x) * L);
	}
	return e;
}

static double
ep_core(const ClvModel *m, double t, double x, double T, const char *fn)
{
	double		k[CLV_MEMO_KEYS] = {MEMO_EP, x, T, t, 0};
	double		e;

	if (t == 0)
		return 0;
	if (clv_memo_get(m, k, &e))
		return e;
	e = ep_core_calc(m, t, x, T, fn);
	clv_memo_put(m, k, e);
	return e;
}

/* P(alive), the weight of ep_core */
static double
ep_weight(const ClvModel *m, double x, double tx, double T, const char *fn)
{
	return p_alive(m, x, tx, T, fn);
}

static double
expected_purchases(const ClvModel *m, double t, double x, double tx, double T, const char *fn)
{
	double		e;

	if (t == 0)
		return 0;
	e = ep_core(m, t, x, T, fn) * ep_weight(m, x, tx, T, fn);
	if (e < 0 && e > -1e-12)
		e = 0;					/* rounding of a difference near 0 */
	return pmkt_check_result(e, fn);
}

/*
 * log_series_multi: log_series for nz values of z at once (the series of
 * the months of one customer in clv_value): the z-free part of the term
 * ratio, (A+n)(B+n)/((C+n)(n+1)), is computed once per n for all of them.
 * Each z's sum runs and stops exactly as log_series would (same operations
 * in the same order), so the results are the same bits.  With SSE2 (every
 * x86-64) the lanes are stepped two at a time in vector registers, without
 * a branch per lane: a finished lane keeps its sum and term by a mask (the
 * vector operations are the scalar IEEE ones lane by lane, so the bits do
 * not change), a pair whose lanes both finished is skipped, and a lane that
 * is not finite or passes the rescaling bound sends the step to the scalar
 * path of log_series' own tests (errors, rescaling).
 */
#define CLV_MULTI 16

#ifdef __SSE2__
static void
log_series_multi_sse2(const double *first, int n0, double A, double B, double C, const double *z,
				 int nz, double *lg, double *sign, const char *fn)
{
	__m128d		term[CLV_MULTI / 2],	/* 0 once the lane stopped: its sum stays */
				sum[CLV_MULTI / 2],
				zz[CLV_MULTI / 2],
				act[CLV_MULTI / 2];	/* all ones while the lane runs, else 0 */
	int			live[CLV_MULTI / 2];	/* movemask of act: 0 once both lanes stopped */
	double		scale[CLV_MULTI],
				buf[2];
	const __m128d absm = _mm_castsi128_pd(_mm_set1_epi64x(INT64CONST(0x7fffffffffffffff))),
				zero = _mm_setzero_pd(),
				one = _mm_set1_pd(1),
				tiny = _mm_set1_pd(1e-17),
				big = _mm_set1_pd(1e250);
	int			ng = (nz + 1) / 2,
				any = 1;

	Assert(nz <= CLV_MULTI);
	for (int g = 0; g < ng; g++)
	{
		bool		two = 2 * g + 1 < nz;

		term[g] = _mm_set_pd(two ? first[2 * g + 1] : 0, first[2 * g]);
		sum[g] = zero;
		zz[g] = _mm_set_pd(two ? z[2 * g + 1] : 0, z[2 * g]);
		act[g] = _mm_castsi128_pd(_mm_set_epi64x(two ? -1 : 0, -1));
		live[g] = _mm_movemask_pd(act[g]);
		scale[2 * g] = scale[2 * g + 1] = 0;
	}
	for (int64 n = n0; any; n++)
	{
		double		base = (A + n) * (B + n) / ((C + n) * (n + 1));
		__m128d		vb = _mm_set1_pd(base),
					mag = zero;
		int			was = 0;	/* bit j: lane j ran in this step */

		if (n - n0 >= 10000000)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: the hypergeometric series did not converge in 10^7 terms", fn),
					 errhint("The horizon is very long compared with the model's alpha + age; predict over fewer periods.")));
		any = 0;
		for (int g = 0; g < ng; g++)
		{
			__m128d		t = term[g],
						ratio,
						s,
						nt,
						as,
						ar,
						stop,
						keep;

			if (live[g] == 0)
				continue;
			was |= live[g] << (2 * g);
			ratio = _mm_mul_pd(vb, zz[g]);
			s = _mm_add_pd(sum[g], t);
			nt = _mm_mul_pd(t, ratio);
			as = _mm_and_pd(s, absm);
			ar = _mm_and_pd(ratio, absm);

			/*
			 * log_series' stop: (|term| <= 1e-17 |sum| || term == 0) && |ratio|
			 * < 1; "term == 0" is implied by the first test unless the sum is
			 * NaN, which the check below sends to the error
			 */
			stop = _mm_and_pd(_mm_cmple_pd(_mm_and_pd(t, absm), _mm_mul_pd(tiny, as)),
							  _mm_cmplt_pd(ar, one));
			keep = _mm_andnot_pd(stop, act[g]);
			/* sum += term (+ 0 once stopped: the same bits); term *= ratio, or 0 */
			sum[g] = s;
			term[g] = _mm_and_pd(keep, nt);
			act[g] = keep;
			live[g] = _mm_movemask_pd(keep);
			any |= live[g];
			/*
			 * a sum or new term NaN, infinite or above the rescaling bound
			 * makes mag so (a ratio not finite makes the new term so: term x
			 * inf is inf or NaN); a false alarm only costs the exact tests
			 */
			mag = _mm_add_pd(mag, _mm_add_pd(as, _mm_and_pd(nt, absm)));
		}
		if (unlikely(_mm_movemask_pd(_mm_cmpnle_pd(mag, big)) != 0))
		{
			/* log_series' tests, in its order, on the lanes stepped just now */
			for (int j = 0; j < nz; j++)
			{
				double		ratio = base * z[j],
							sj,
							tj;

				if (!(was & (1 << j)))
					continue;
				_mm_storeu_pd(buf, sum[j / 2]);
				sj = buf[j % 2];
				_mm_storeu_pd(buf, term[j / 2]);
				tj = buf[j % 2];
				if (!isfinite(sj) || !isfinite(ratio))
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("%s: value out of range: overflow in the hypergeometric series", fn)));
				if ((live[j / 2] & (1 << (j % 2))) && (fabs(tj) > 1e250 || fabs(sj) > 1e250))
				{
					__m128d		f = _mm_set_pd(j % 2 ? 1e-250 : 1, j % 2 ? 1 : 1e-250);

					term[j / 2] = _mm_mul_pd(term[j / 2], f);
					sum[j / 2] = _mm_mul_pd(sum[j / 2], f);
					scale[j] += 250 * M_LN10;
				}
			}
		}
		if ((n & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int j = 0; j < nz; j++)
	{
		double		sj;

		_mm_storeu_pd(buf, sum[j / 2]);
		sj = buf[j % 2];
		sign[j] = sj < 0 ? -1 : sj > 0 ? 1 : 0;
		lg[j] = sj == 0 ? -INFINITY : log(fabs(sj)) + scale[j];
	}
}

#ifdef CLV_AVX2
/*
 * log_series_multi_sse2 four lanes at a time (AVX2, chosen at run time):
 * the same IEEE operations lane by lane (no FMA: nothing is contracted), so
 * the same bits, in half the vector steps; a group of four runs until its
 * longest lane stops (the months are in order of z, so lanes of a group
 * stop close together).
 */
static inline __attribute__((target("avx2"), always_inline)) void
log_series_multi_avx2_body(const double *first, int n0, double A, double B, double C, const double *z,
						   int nz, double *lg, double *sign, const char *fn, const bool pos, const int NG)
{
	/*
	 * NG = (nz + 3) / 4 groups, a constant of each copy: the loops over the
	 * groups are unrolled and every group's vectors indexed by constants,
	 * so they stay in registers (the rare scalar path goes through buffers)
	 */
	__m256d		term[CLV_MULTI / 4],	/* 0 once the lane stopped: its sum stays */
				sum[CLV_MULTI / 4],
				zz[CLV_MULTI / 4],
				act[CLV_MULTI / 4];	/* all ones while the lane runs, else 0 */
	int			live[CLV_MULTI / 4];	/* movemask of act: 0 once all four stopped */
	double		scale[CLV_MULTI],
				tb[CLV_MULTI],
				sb[CLV_MULTI];
	const __m256d absm = _mm256_castsi256_pd(_mm256_set1_epi64x(INT64CONST(0x7fffffffffffffff))),
				zero = _mm256_setzero_pd(),
				one = _mm256_set1_pd(1),
				tiny = _mm256_set1_pd(1e-17),
				big = _mm256_set1_pd(1e250);
	int			any = 1;

	Assert(nz <= CLV_MULTI && NG == (nz + 3) / 4);
#pragma GCC unroll 4
	for (int g = 0; g < NG; g++)
	{
		double		f4[4],
					z4[4];
		int64		a4[4];

		for (int l = 0; l < 4; l++)
		{
			bool		in = 4 * g + l < nz;

			f4[l] = in ? first[4 * g + l] : 0;
			z4[l] = in ? z[4 * g + l] : 0;
			a4[l] = in ? -1 : 0;
			scale[4 * g + l] = 0;
		}
		term[g] = _mm256_loadu_pd(f4);
		sum[g] = zero;
		zz[g] = _mm256_loadu_pd(z4);
		act[g] = _mm256_castsi256_pd(_mm256_set_epi64x(a4[3], a4[2], a4[1], a4[0]));
		live[g] = _mm256_movemask_pd(act[g]);
	}
	for (int64 n = n0; any; n++)
	{
		double		base = (A + n) * (B + n) / ((C + n) * (n + 1));
		__m256d		vb = _mm256_set1_pd(base),
					mag = zero;
		int			was = 0;	/* bit j: lane j ran in this step */

		if (n - n0 >= 10000000)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: the hypergeometric series did not converge in 10^7 terms", fn),
					 errhint("The horizon is very long compared with the model's alpha + age; predict over fewer periods.")));
		any = 0;
#pragma GCC unroll 4
		for (int g = 0; g < NG; g++)
		{
			__m256d		t = term[g],
						ratio,
						s,
						nt,
						as,
						ar,
						stop,
						keep;

			if (live[g] == 0)
				continue;
			was |= live[g] << (4 * g);
			ratio = _mm256_mul_pd(vb, zz[g]);
			s = _mm256_add_pd(sum[g], t);
			nt = _mm256_mul_pd(t, ratio);
			/* pos: the values are >= 0 (or NaN, which fails the same tests), their own |.| */
			as = pos ? s : _mm256_and_pd(s, absm);
			ar = pos ? ratio : _mm256_and_pd(ratio, absm);
			/* the stop of log_series_multi_sse2 (cmple / cmplt: _OS) */
			stop = _mm256_and_pd(_mm256_cmp_pd(pos ? t : _mm256_and_pd(t, absm), _mm256_mul_pd(tiny, as), _CMP_LE_OS),
								 _mm256_cmp_pd(ar, one, _CMP_LT_OS));
			keep = _mm256_andnot_pd(stop, act[g]);
			sum[g] = s;
			term[g] = _mm256_and_pd(keep, nt);
			act[g] = keep;
			live[g] = _mm256_movemask_pd(keep);
			any |= live[g];
			mag = _mm256_add_pd(mag, _mm256_add_pd(as, pos ? nt : _mm256_and_pd(nt, absm)));
		}
		if (unlikely(_mm256_movemask_pd(_mm256_cmp_pd(mag, big, _CMP_NLE_US)) != 0))
		{
			/* log_series' tests, in its order, on the lanes stepped just now */
#pragma GCC unroll 4
			for (int g = 0; g < NG; g++)
			{
				_mm256_storeu_pd(tb + 4 * g, term[g]);
				_mm256_storeu_pd(sb + 4 * g, sum[g]);
			}
			for (int j = 0; j < nz; j++)
			{
				double		ratio = base * z[j];

				if (!(was & (1 << j)))
					continue;
				if (!isfinite(sb[j]) || !isfinite(ratio))
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("%s: value out of range: overflow in the hypergeometric series", fn)));
				if ((live[j / 4] & (1 << (j % 4))) && (fabs(tb[j]) > 1e250 || fabs(sb[j]) > 1e250))
				{
					/* the lane's product by 1e-250 (the others unchanged) */
					tb[j] *= 1e-250;
					sb[j] *= 1e-250;
					scale[j] += 250 * M_LN10;
				}
			}
#pragma GCC unroll 4
			for (int g = 0; g < NG; g++)
			{
				term[g] = _mm256_loadu_pd(tb + 4 * g);
				sum[g] = _mm256_loadu_pd(sb + 4 * g);
			}
		}
		if ((n & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
#pragma GCC unroll 4
	for (int g = 0; g < NG; g++)
		_mm256_storeu_pd(sb + 4 * g, sum[g]);
	for (int j = 0; j < nz; j++)
	{
		double		sj = sb[j];

		sign[j] = sj < 0 ? -1 : sj > 0 ? 1 : 0;
		lg[j] = sj == 0 ? -INFINITY : log(fabs(sj)) + scale[j];
	}
}

/* the copy of log_series_multi_avx2_body for nz's group count */
#define CLV_AVX2_NG(pos) \
	switch ((nz + 3) / 4) \
	{ \
		case 1: log_series_multi_avx2_body(first, n0, A, B, C, z, nz, lg, sign, fn, pos, 1); break; \
		case 2: log_series_multi_avx2_body(first, n0, A, B, C, z, nz, lg, sign, fn, pos, 2); break; \
		case 3: log_series_multi_avx2_body(first, n0, A, B, C, z, nz, lg, sign, fn, pos, 3); break; \
		default: log_series_multi_avx2_body(first, n0, A, B, C, z, nz, lg, sign, fn, pos, 4); break; \
	}

/*
 * the AVX2 pass in two copies: one for series whose terms, ratios and sums
 * are all >= 0 (A, B, C > 0, n0 >= 0, first and z >= 0: the a > 2 form of
 * ep_core_calc), which skips the |.| of values that are their own absolute
 * value (the same comparisons on the same numbers, so the same stops, the
 * same bits), and the general one
 */
static __attribute__((target("avx2"), noinline)) void
log_series_multi_avx2_pos(const double *first, int n0, double A, double B, double C, const double *z,
						  int nz, double *lg, double *sign, const char *fn)
{
	CLV_AVX2_NG(true);
}

static __attribute__((target("avx2"), noinline)) void
log_series_multi_avx2(const double *first, int n0, double A, double B, double C, const double *z,
					  int nz, double *lg, double *sign, const char *fn)
{
	bool		pos = A > 0 && B > 0 && C > 0 && n0 >= 0;

	for (int j = 0; j < nz && pos; j++)
		pos = first[j] >= 0 && z[j] >= 0;
	if (pos)
		log_series_multi_avx2_pos(first, n0, A, B, C, z, nz, lg, sign, fn);
	else
	{
		CLV_AVX2_NG(false);
	}
}
#endif							/* CLV_AVX2 */

/* log_series_multi: the AVX2 pass where the CPU has it (and pmkt.simd is not off), else SSE2 */
static void
log_series_multi(const double *first, int n0, double A, double B, double C, const double *z,
				 int nz, double *lg, double *sign, const char *fn)
{
#ifdef CLV_AVX2
	static int	cpu_avx2 = -1;

	if (cpu_avx2 < 0)
		cpu_avx2 = __builtin_cpu_supports("avx2") ? 1 : 0;
	if (cpu_avx2 && pmkt_simd != PMKT_SIMD_OFF && nz > 2)
	{
		log_series_multi_avx2(first, n0, A, B, C, z, nz, lg, sign, fn);
		return;
	}
#endif
	log_series_multi_sse2(first, n0, A, B, C, z, nz, lg, sign, fn);
}
#else							/* no SSE2: one lane at a time */
static void
log_series_multi(const double *first, int n0, double A, double B, double C, const double *z,
				 int nz, double *lg, double *sign, const char *fn)
{
	double		term[CLV_MULTI],
				sum[CLV_MULTI],
				scale[CLV_MULTI];
	bool		done[CLV_MULTI];
	int			left = nz;

	Assert(nz <= CLV_MULTI);
	for (int j = 0; j < nz; j++)
	{
		term[j] = first[j];
		sum[j] = 0;
		scale[j] = 0;
		done[j] = false;
	}
	for (int64 n = n0; left > 0; n++)
	{
		double		base = (A + n) * (B + n) / ((C + n) * (n + 1));

		if (n - n0 >= 10000000)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: the hypergeometric series did not converge in 10^7 terms", fn),
					 errhint("The horizon is very long compared with the model's alpha + age; predict over fewer periods.")));
		for (int j = 0; j < nz; j++)
		{
			double		ratio;

			if (done[j])
				continue;
			ratio = base * z[j];
			sum[j] += term[j];
			if (!isfinite(sum[j]) || !isfinite(ratio))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("%s: value out of range: overflow in the hypergeometric series", fn)));
			if ((fabs(term[j]) <= 1e-17 * fabs(sum[j]) || term[j] == 0) && fabs(ratio) < 1)
			{
				done[j] = true;
				left--;
				continue;
			}
			term[j] *= ratio;
			if (fabs(term[j]) > 1e250 || fabs(sum[j]) > 1e250)
			{
				term[j] *= 1e-250;
				sum[j] *= 1e-250;
				scale[j] += 250 * M_LN10;
			}
		}
		if ((n & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int j = 0; j < nz; j++)
	{
		sign[j] = sum[j] < 0 ? -1 : sum[j] > 0 ? 1 : 0;
		lg[j] = sum[j] == 0 ? -INFINITY : log(fabs(sum[j])) + scale[j];
	}
}
#endif

/*
 * ep_core_calc for nt horizons t[] (all > 0) of one customer: the BG kinds
 * through log_series_multi, with the same expressions as ep_core_calc (the
 * same bits); Pareto/NBD has no series.
 */
static void
ep_core_calc_multi(const ClvModel *m, const double *t, int nt, double x, double T,
				   const double *zl, double *out, const char *fn)
{
	double		r = m->p[0],
				al = m->p[1],
				a = m->p[2],
				b = m->p[3];
	double		off = m->kind == CLV_MBGNBD ? 1 : 0;
	double		C = a + b + x - 1 + off;

	for (int j0 = 0; j0 < nt; j0 += CLV_MULTI)
	{
		int			nz = Min(CLV_MULTI, nt - j0);
		double		z[CLV_MULTI],
					L[CLV_MULTI],
					first[CLV_MULTI],
					lg[CLV_MULTI],
					sign[CLV_MULTI];

		if (m->kind == CLV_PARETO)
		{
			/* ep_core_calc's expression, the bracket per T from clv_zl */
			for (int j = 0; j < nz; j++)
				out[j0 + j] = zl != NULL ?
					(r + x) * (m->p[3] + T) / (al + T) * zl[j0 + j] :
					ep_core_calc(m, t[j0 + j], x, T, fn);
			continue;
		}
		for (int j = 0; j < nz; j++)
		{
			if (zl != NULL)
			{
				/* the same expressions, computed once per T (clv_zl) */
				z[j] = zl[j0 + j];
				L[j] = zl[nt + j0 + j];
			}
			else
			{
				z[j] = t[j0 + j] / (al + T + t[j0 + j]);
				L[j] = -log1p(t[j0 + j] / (al + T));	/* ln(1 - z) */
			}
		}
		if (a <= 2)
		{
			double		A = a + b - 1 - r + off;

			for (int j = 0; j < nz; j++)
				first[j] = A / C * z[j];
			log_series_multi(first, 1, A, a - 1, C, z, nz, lg, sign, fn);
			for (int j = 0; j < nz; j++)
			{
				double		head;

				if (fabs(a - 1) < 1e-9)
					head = -L[j] * (1 + (a - 1) * L[j] / 2);
				else
					head = -expm1((a - 1) * L[j]) / (a - 1);
				out[j0 + j] = C * (head - sign[j] * exp((a - 1) * L[j] + lg[j]));
			}
		}
		else
		{
			for (int j = 0; j < nz; j++)
				first[j] = 1.0;
			log_series_multi(first, 0, r + x, b + x + off, C, z, nz, lg, sign, fn);
			for (int j = 0; j < nz; j++)
				out[j0 + j] = C / (a - 1) * -expm1(lg[j] + (r + x) * L[j]);
		}
	}
}

/*
 * clv_value's sum over months i = 1..months of (core(i f) - core((i-1) f))
 * / (1+d)^i, per (x, T, months, d) in the memo; the CLV is spend x P(alive)
 * x this sum (P(alive) does not depend on the horizon).
 */
/*
 * clv_value's constants of the call site (ClvMemo.cm): set for the first
 * (months, rate) it sees; true when (months, d) are they
 */
static bool
clv_consts(const ClvModel *m, int32 months, double d)
{
	ClvMemo    *mm = m->memo;

	if (mm == NULL || months <= 0)
		return false;
	if (mm->cm == 0)
	{
		double	   *disc = memo_alloc(mm, sizeof(double) * months, MCXT_ALLOC_NO_OOM);
		double	  **zl = memo_alloc(mm, sizeof(double *) * CLV_GRID_T, MCXT_ALLOC_NO_OOM | MCXT_ALLOC_ZERO);

		if (disc == NULL || zl == NULL)
			return false;
		for (int i = 1; i <= months; i++)
			disc[i - 1] = pow(1 + d, i);
		mm->disc = disc;
		mm->zl = zl;
		mm->cm = months;
		mm->cd = d;
	}
	return mm->cm == months && memcmp(&mm->cd, &d, sizeof(d)) == 0;
}

/*
 * the months' z and ln(1 - z) for a whole T < CLV_GRID_T (clv_consts
 * holds), or NULL; for Pareto/NBD the months' brackets pnbd_core_g instead
 */
static const double *
clv_zl(const ClvModel *m, const double *t, int32 months, double T)
{
	ClvMemo    *mm = m->memo;
	double	   *zl;
	double		al = m->p[1];
	int			it;

	if (!(T >= 0 && T < CLV_GRID_T) || T != (int) T)
		return NULL;
	it = (int) T;
	zl = mm->zl[it];
	if (zl == NULL)
	{
		zl = memo_alloc(mm, sizeof(double) * 2 * months, MCXT_ALLOC_NO_OOM);
		if (zl == NULL)
			return NULL;
		/* ep_core_calc_multi's expressions */
		for (int j = 0; j < months; j++)
		{
			if (m->kind == CLV_PARETO)
			{
				zl[j] = pnbd_core_g(m, t[j], T);
				continue;
			}
			zl[j] = t[j] / (al + T + t[j]);
			zl[months + j] = -log1p(t[j] / (al + T));
		}
		mm->zl[it] = zl;
	}
	return zl;
}

/*
 * clv_value's sum over months i = 1..months of (core(i f) - core((i-1) f))
 * / (1+d)^i, per (x, T, months, d) in the memo; the CLV is spend x P(alive)
 * x this sum (P(alive) does not depend on the horizon).
 */
static double
clv_discounted_core(const ClvModel *m, double x, double T, int32 months, double d, const char *fn)
{
	double		k[CLV_MEMO_KEYS] = {MEMO_CLV, x, T, months, d};
	double		factor = m->unit == PMKT_CLV_DAY ? 30.0 : m->unit == PMKT_CLV_WEEK ? 4.345 : 1.0;
	double		prev = 0,
				sum = 0;
	bool		consts;

	double	   *t,
			   *c;

	if (clv_memo_get(m, k, &sum))
		return sum;
	/* the months' cores in one pass (not kept in the memo: the sum is) */
	t = palloc(sizeof(double) * months * 2);
	c = t + months;
	for (int i = 1; i <= months; i++)
		t[i - 1] = i * factor;
	consts = clv_consts(m, months, d);
	ep_core_calc_multi(m, t, months, x, T, consts ? clv_zl(m, t, months, T) : NULL, c, fn);
	for (int i = 1; i <= months; i++)
	{
		sum += (c[i - 1] - prev) / (consts ? m->memo->disc[i - 1] : pow(1 + d, i));
		prev = c[i - 1];
	}
	pfree(t);
	pmkt_check_result(sum, fn);
	clv_memo_put(m, k, sum);
	return sum;
}

static pg_noinline void
expected_spend_error(const ClvModel *g, double x, double mv, const char *fn)
{
	double		q = g->p[1];

	if (!(q > 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the spend model's q must be > 1 for a finite expected spend", fn),
				 errdetail("q is %g.", q),
				 errhint("The population mean spend v p / (q - 1) is infinite for q <= 1; check the data or fit with a penalizer.")));
	if (!isfinite(x) || x < 0 || x != floor(x) || x > CLV_XMAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"frequency\" must be a whole number >= 0", fn),
				 errdetail("Got %g.", x)));
	if (!isfinite(mv) || mv < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"monetary_value\" must be a finite number >= 0", fn),
				 errdetail("Got %g.", mv)));
}

/*
 * Gamma-Gamma E(spend | x, mean spend): (1 - w) v p / (q - 1) + w mv with
 * w = p x / (p x + q - 1); the weight and the population mean from the
 * model's tables (model_tables: the same expressions, the same bits)
 */
static pg_attribute_always_inline double
expected_spend(const ClvModel *g, double x, double mv, const char *fn)
{
	double		p = g->p[0],
				q = g->p[1],
				v = g->p[2];
	double		w,
				k;

	/* the tests of expected_spend_error (NaN fails them) */
	if (unlikely(!(q > 1 && x >= 0 && x <= CLV_XMAX && x == (double) (int32) x &&
				   mv >= 0 && mv <= DBL_MAX)))
		expected_spend_error(g, x, mv, fn);
	if (g->gw != NULL && x < CLV_LB_TABLE)
		w = g->gw[(int) x];
	else
		w = p * x / (p * x + q - 1);
	k = g->gw != NULL ? g->gk : v * p / (q - 1);
	return pmkt_check_result((1 - w) * k + w * mv, fn);
}

static double
arg8(FunctionCallInfo fcinfo, int argno)
{
	return PG_GETARG_FLOAT8(argno);
}

/*
 * The memo cells a row will read, found and brought into the cache before
 * the call site's models are compared with the row's arguments (the
 * compare takes a while; the cells mostly miss the cache): those of the
 * model cached now, which is almost always the row's.  A prefetch reads
 * nothing and changes no value, whatever the address.  After the compare,
 * row_cells_valid tells whether the cells belong to the row's model (the
 * same cache entry, not refilled since: ClvModelCache.gen); they are then
 * the cells memo_cell would give for the row's keys, so the same bits as
 * the general path's lookups.
 *
 * A Pareto/NBD memo paired with tag (ClvGrid): c1 the cell of
 * ln F(x, t_x), c2 that of ln F(x, T) with the tag's value of (x, T, k3,
 * k4) beside it (c2[1]), when the tag's grid holds k3, k4.  Otherwise c2
 * the cell of key k (c1 NULL).  NaN cells are not computed yet.
 */
typedef struct ClvRowCells
{
	const ClvModel *m;			/* the cached model the cells are of, or NULL */
	uint64		gen;
	const double *c1,
			   *c2;
} ClvRowCells;

static pg_attribute_always_inline void
row_cells(FunctionCallInfo fcinfo, int tag, double x, double tx, double T, const double *k,
		  ClvRowCells *rc)
{
	ClvModelCache *c = (ClvModelCache *) fcinfo->flinfo->fn_extra;
	const ClvModel *m;
	const ClvMemo *mm;

	rc->m = NULL;
	rc->gen = 0;
	rc->c1 = rc->c2 = NULL;
	if (c == NULL || c->models == NULL || k == NULL)
		return;
	m = &c->models[0];
	mm = m->memo;
	if (mm == NULL)
		return;
	if (mm->pair == tag)
	{
		const ClvGrid *g = &mm->grid[tag];

		if (!(g->set && g->c3 == k[3] && g->c4 == k[4]) ||
			!pnbd_cells(mm, x, tx, T, &rc->c1, &rc->c2))
			return;
		__builtin_prefetch(rc->c1);
	}
	else if (mm->pair == 0)
	{
		rc->c2 = memo_cell((ClvMemo *) mm, k, false);
		if (rc->c2 == NULL)
			return;
	}
	else
		return;
	__builtin_prefetch(rc->c2);
	rc->m = m;
	rc->gen = c->gen;
}

/* the cells of row_cells are those of model m */
static pg_attribute_always_inline bool
row_cells_valid(FunctionCallInfo fcinfo, const ClvRowCells *rc, const ClvModel *m)
{
	return rc->m != NULL && rc->m == m &&
		((ClvModelCache *) fcinfo->flinfo->fn_extra)->gen == rc->gen;
}

/*
 * the paired Pareto/NBD cells of row_cells: ln F(x, t_x), ln F(x, T) and
 * the tag's value, when all three are computed
 */
static pg_attribute_always_inline bool
row_cells_paired(const ClvRowCells *rc, double *lnF1, double *lnF2, double *v)
{
	if (rc->c1 == NULL)
		return false;
	*lnF1 = rc->c1[0];
	*lnF2 = rc->c2[0];
	*v = rc->c2[1];
	return !isnan(*lnF1) && !isnan(*lnF2) && !isnan(*v);
}

PG_FUNCTION_INFO_V1(pmkt_clv_expected_purchases);
/* (model, periods, frequency, recency, age) */
Datum
pmkt_clv_expected_purchases(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv_expected_purchases";
	const ClvModel *m;
	double		t = arg8(fcinfo, 1),
				x = arg8(fcinfo, 2),
				tx = arg8(fcinfo, 3),
				T = arg8(fcinfo, 4);
	double		lnF1,
				lnF2,
				e;

	/* ep_core's key */
	double		k[CLV_MEMO_KEYS] = {MEMO_EP, x, T, t, 0};
	ClvRowCells rc;

	row_cells(fcinfo, MEMO_EP, x, tx, T, k, &rc);
	m = decode_model(fcinfo, 0, "model", false, MEMO_EP);
	if (!isfinite(t) || t < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"periods\" must be a finite number >= 0", fn),
				 errdetail("Got %g.", t)));
	check_customer(x, tx, T, fn);
	/* expected_purchases' ep_core x ep_weight, from the paired cells */
	if (t != 0 && row_cells_valid(fcinfo, &rc, m) && row_cells_paired(&rc, &lnF1, &lnF2, &e))
	{
		e = e * pnbd_p_alive_lnF(m, x, T, lnF1, lnF2);
		if (e < 0 && e > -1e-12)
			e = 0;
		PG_RETURN_FLOAT8(pmkt_check_result(e, fn));
	}
	PG_RETURN_FLOAT8(expected_purchases(m, t, x, tx, T, fn));
}

PG_FUNCTION_INFO_V1(pmkt_clv_p_alive);
/* (model, frequency, recency, age) */
Datum
pmkt_clv_p_alive(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv_p_alive";
	const ClvModel *m = decode_model(fcinfo, 0, "model", false, 0);
	double		x = arg8(fcinfo, 1),
				tx = arg8(fcinfo, 2),
				T = arg8(fcinfo, 3);

	check_customer(x, tx, T, fn);
	PG_RETURN_FLOAT8(pmkt_check_result(p_alive(m, x, tx, T, fn), fn));
}

PG_FUNCTION_INFO_V1(pmkt_clv_expected_spend);
/* (spend_model, frequency, monetary_value) */
Datum
pmkt_clv_expected_spend(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv_expected_spend";
	const ClvModel *g = decode_model(fcinfo, 0, "spend_model", true, 0);

	PG_RETURN_FLOAT8(expected_spend(g, arg8(fcinfo, 1), arg8(fcinfo, 2), fn));
}

PG_FUNCTION_INFO_V1(pmkt_clv_value);
/*
 * (model, spend_model, frequency, recency, age, monetary_value, months,
 * discount_rate)
 */
Datum
pmkt_clv_value(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv_value";
	const ClvModel *m,
			   *g;
	double		x = arg8(fcinfo, 2),
				tx = arg8(fcinfo, 3),
				T = arg8(fcinfo, 4),
				mv = arg8(fcinfo, 5);
	int32		months = PG_GETARG_INT32(6);
	double		d = arg8(fcinfo, 7);
	double		spend,
				clv,
				lnF1,
				lnF2,
				sum;

	/* clv_discounted_core's key */
	double		k[CLV_MEMO_KEYS] = {MEMO_CLV, x, T, months, d};
	ClvRowCells rc;

	row_cells(fcinfo, MEMO_CLV, x, tx, T, months > 0 ? k : NULL, &rc);
	check_customer(x, tx, T, fn);
	if (months < 0 || months > 1200)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"months\" must be between 0 and 1200", fn),
				 errdetail("Got %d.", months)));
	if (!isfinite(d) || d <= -1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"discount_rate\" must be a finite monthly rate above -1", fn),
				 errdetail("Got %g.", d),
				 errhint("0.01 is 1 %% a month (lifetimes' default).")));
	decode_two_models(fcinfo, &m, &g);
	spend = expected_spend(g, x, mv, fn);
	/*
	 * the general path's spend x ep_weight x clv_discounted_core, from the
	 * cells of row_cells: Pareto/NBD's paired cells, or the BG kinds' sum
	 */
	if (months > 0 && row_cells_valid(fcinfo, &rc, m) &&
		(rc.c1 != NULL ? row_cells_paired(&rc, &lnF1, &lnF2, &sum) : !isnan(sum = *rc.c2)))
		clv = spend * (rc.c1 != NULL ? pnbd_p_alive_lnF(m, x, T, lnF1, lnF2) : bg_p_alive(m, x, tx, T)) * sum;
	else
		clv = months == 0 ? 0 :
			spend * ep_weight(m, x, tx, T, fn) * clv_discounted_core(m, x, T, months, d, fn);
	PG_RETURN_FLOAT8(pmkt_check_result(clv, fn));
}
