/*
 * expreport.c
 *    pmkt.experiment_report(state, control, ...): one row per (variant vs
 *    control, metric) from a pmkt.experiment_state; pmkt.p_adjust.
 *
 * Per arm, from the compensated sums (centred in double-double so that a
 * large mean does not cancel the variance): n, means, sample variances and
 * covariances (ddof 1).  Then, for each variant against the control:
 *  - value metric, test 'welch': Welch t on the means, Welch-Satterthwaite
 *    df, interval with the t quantile (scipy ttest_ind(equal_var=False));
 *    test 'proportion' (values 0/1): pooled z test and unpooled Wald
 *    interval (statsmodels proportions_ztest, confint_proportions_2indep
 *    method='wald').
 *  - CUPED (Deng et al. 2013) when the state has a covariate: over the
 *    units with a covariate, theta = cov(x, y) / var(x) on the pooled rows
 *    of all variants, adjusted value y - theta (x - mean_x(pooled)), Welch
 *    on the adjusted values; variance_reduction = 1 - se_adj^2 / se^2 on the
 *    same units.  Units with a NULL covariate are left out (counted in
 *    covariate_missing).
 *  - ratio metric (state with a denominator): R = sum y / sum d per arm,
 *    Var(R) by the delta method
 *      (s_yy / d^2 - 2 y s_yd / d^3 + y^2 s_dd / d^4) / n  (y, d means),
 *    z test and normal interval; numerator and denominator means get Welch.
 *  - relative lift m_v / m_c - 1 with the delta-method variance
 *    v_v / m_c^2 + m_v^2 v_c / m_c^4 (v = variance of a mean), normal
 *    interval.
 *  - sequential: the always-valid normal-mixture confidence sequence of
 *    Howard et al. (2021), as GrowthBook: half-width
 *      sqrt(N se^2) sqrt(2 (N rho^2 + 1) / (N^2 rho^2) log(sqrt(N rho^2 + 1) / alpha))
 *    with N = n_v + n_c and rho^2 = (-2 log alpha + log(-2 log alpha + 1)) / expected_n
 *    (tuned to be narrowest at N = expected_n); the always-valid p-value is
 *    the mixture SPRT's min(1, 1 / Lambda),
 *      Lambda = exp(lift^2 N rho^2 / (2 se^2 (N rho^2 + 1))) / sqrt(N rho^2 + 1).
 *  - Bayesian: Gaussian posterior of the relative lift, prior N(0, prior_sd^2)
 *    (NULL: flat), likelihood N(relative_lift, its delta-method variance);
 *    P(beat control) = Phi(mu / sigma), expected loss of shipping the
 *    variant E[max(0, -lift)] = sigma phi(mu / sigma) - mu Phi(-mu / sigma),
 *    credible interval mu +- z sigma.
 *  - mde: (z_{1-alpha/2} + z_power) se, the absolute lift detectable with
 *    the given power at the current sample (normal approximation).
 *  - SRM: Pearson chi-square of the units per variant against the planned
 *    split (scipy chisquare), flagged at p < 0.001.
 *  - p_holm, p_bh: Holm and Benjamini-Hochberg adjustments of p_value over
 *    every row of the report (statsmodels multipletests).
 * A figure that does not exist (a variance of a single unit, a zero
 * standard error, a control mean of 0 for relative figures, a zero
 * denominator) is NULL.
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "distributions.h"
#include "experiment.h"
#include "util/array.h"
#include "util/dd.h"
#include "util/report.h"

PG_FUNCTION_INFO_V1(pmkt_experiment_report);
PG_FUNCTION_INFO_V1(pmkt_p_adjust);

#define FN "pmkt.experiment_report"

static inline dd
S(const ExpArm *a, int k)
{
	return dd_fast(a->s[2 * k], a->s[2 * k + 1]);
}

/* sum_ab - sum_a sum_b / n, in double-double */
static double
centred(dd sab, dd sa, dd sb, double n)
{
	dd			c = dd_add(sab, dd_div_d(dd_mul(sa, sb), -n));

	return c.hi + c.lo;
}

/* per-arm moments */
typedef struct
{
	const char *name;
	double		n,
				my,
				vy;				/* value / numerator */
	double		md,
				vd,
				cyd;			/* denominator */
	double		nc,
				myc,
				vyc,
				mx,
				vx,
				cxy;			/* covariate rows */
	dd			sx,
				sy_c,
				sxx,
				sxy;			/* for pooling */
} Arm;

static void
arm_moments(const ExpArm *a, int flags, Arm *m)
{
	double		n = exp_stat(a, XS_N);

	memset(m, 0, sizeof(*m));
	m->name = a->name;
	m->n = n;
	m->my = exp_stat(a, XS_SY) / n;
	m->vy = n > 1 ? fmax(centred(S(a, XS_SYY), S(a, XS_SY), S(a, XS_SY), n), 0) / (n - 1) : NAN;
	if (flags & EXP_F_DEN)
	{
		m->md = exp_stat(a, XS_SD) / n;
		m->vd = n > 1 ? fmax(centred(S(a, XS_SDD), S(a, XS_SD), S(a, XS_SD), n), 0) / (n - 1) : NAN;
		m->cyd = n > 1 ? centred(S(a, XS_SYD), S(a, XS_SY), S(a, XS_SD), n) / (n - 1) : NAN;
	}
	m->nc = exp_stat(a, XS_NC);
	if (m->nc > 0)
	{
		double		nc = m->nc;

		m->sx = S(a, XS_SX);
		m->sy_c = S(a, XS_SYC);
		m->sxx = S(a, XS_SXX);
		m->sxy = S(a, XS_SXY);
		m->myc = exp_stat(a, XS_SYC) / nc;
		m->mx = exp_stat(a, XS_SX) / nc;
		m->vyc = nc > 1 ? fmax(centred(S(a, XS_SYYC), S(a, XS_SYC), S(a, XS_SYC), nc), 0) / (nc - 1) : NAN;
		m->vx = nc > 1 ? fmax(centred(S(a, XS_SXX), S(a, XS_SX), S(a, XS_SX), nc), 0) / (nc - 1) : NAN;
		m->cxy = nc > 1 ? centred(S(a, XS_SXY), S(a, XS_SX), S(a, XS_SYC), nc) / (nc - 1) : NAN;
	}
}

/* one output row */
typedef struct
{
	const char *variant;
	const char *metric;
	const char *test;
	double		n_v,
				n_c,
				m_v,
				m_c;
	double		lift,
				lift_lo,
				lift_hi,
				rel,
				rel_lo,
				rel_hi;
	double		stat,
				df,
				p,
				p_holm,
				p_bh;
	int			cuped;			/* -1 NULL, 0, 1 */
	double		vr,
				cov_missing;
	double		seq_lo,
				seq_hi,
				seq_p;
	double		pbeat,
				loss,
				cred_lo,
				cred_hi;
	double		mde;
	const char *decision;
	/* for the decision */
	double		se;
} Row;

typedef struct
{
	double		alpha,
				power,
				expected_n,
				prior_sd;		/* NaN: flat */
	int			decide;			/* 0 fixed, 1 sequential, 2 bayesian */
} Opts;

#define NUL NAN

/* the parts common to every metric: from estimates and their variances */
static void
finish_row(Row *r, double est_v, double est_c, double var_v, double var_c,
		   double df, const Opts *o)
{
	double		se2 = var_v + var_c,
				se = sqrt(se2),
				zq = pmkt_normal_quantile(1 - o->alpha / 2);
	double		q = isnan(df) ? NUL : isinf(df) ? zq : pmkt_t_quantile(1 - o->alpha / 2, df);

	r->m_v = est_v;
	r->m_c = est_c;
	r->lift = est_v - est_c;
	r->se = se;
	if (isnan(r->stat))
	{
		if (se > 0 && isfinite(se))
		{
			r->stat = r->lift / se;
			r->df = df;
			r->p = isinf(df) ? pmkt_normal_two_sided_p(r->stat) : pmkt_t_two_sided_p(r->stat, df);
		}
	}
	if (se > 0 && isfinite(q))
	{
		r->lift_lo = r->lift - q * se;
		r->lift_hi = r->lift + q * se;
	}
	/* relative lift, delta method */
	if (est_c != 0 && isfinite(se2))
	{
		double		vr = var_v / (est_c * est_c) +
			est_v * est_v * var_c / (est_c * est_c * est_c * est_c);
		double		sr = sqrt(vr);

		r->rel = est_v / est_c - 1;
		r->rel_lo = r->rel - zq * sr;
		r->rel_hi = r->rel + zq * sr;
		/* Bayesian: Gaussian posterior of the relative lift */
		if (sr > 0 && isfinite(sr))
		{
			double		mu = r->rel,
						s2 = vr;

			if (!isnan(o->prior_sd))
			{
				double		prec = 1 / vr + 1 / (o->prior_sd * o->prior_sd);

				mu = (r->rel / vr) / prec;
				s2 = 1 / prec;
			}
			{
				double		s = sqrt(s2),
							z = mu / s;

				r->pbeat = pmkt_normal_cdf(z);
				r->loss = s * exp(-0.5 * z * z) / sqrt(2 * M_PI) - mu * pmkt_normal_cdf(-z);
				r->cred_lo = mu - zq * s;
				r->cred_hi = mu + zq * s;
			}
		}
	}
	/* sequential */
	if (se > 0 && isfinite(se))
	{
		double		N = r->n_v + r->n_c;
		double		la = -2 * log(o->alpha);
		double		rho2 = (la + log(la + 1)) / o->expected_n;
		double		nr = N * rho2;
		double		hw = sqrt(se2 * N) * sqrt(2 * (nr + 1) / (N * N * rho2) * log(sqrt(nr + 1) / o->alpha));
		double		loglam = r->lift * r->lift * nr / (2 * se2 * (nr + 1)) - 0.5 * log1p(nr);

		r->seq_lo = r->lift - hw;
		r->seq_hi = r->lift + hw;
		r->seq_p = loglam <= 0 ? 1 : exp(-loglam);
		r->mde = (zq + pmkt_normal_quantile(o->power)) * se;
	}
}

static void
row_init(Row *r, const char *variant, const char *metric, const char *test)
{
	memset(r, 0, sizeof(*r));
	r->variant = variant;
	r->metric = metric;
	r->test = test;
	r->lift_lo = r->lift_hi = r->rel = r->rel_lo = r->rel_hi = NUL;
	r->stat = r->df = r->p = r->p_holm = r->p_bh = NUL;
	r->vr = r->cov_missing = NUL;
	r->seq_lo = r->seq_hi = r->seq_p = NUL;
	r->pbeat = r->loss = r->cred_lo = r->cred_hi = r->mde = NUL;
	r->cuped = -1;
}

static double
welch_df(double va, double na, double vb, double nb)
{
	double		se2 = va + vb;
	double		den = (na > 1 ? va * va / (na - 1) : NAN) + (nb > 1 ? vb * vb / (nb - 1) : NAN);

	return den > 0 ? se2 * se2 / den : NAN;
}

static int
cmp_dbl_idx(const void *a, const void *b, void *arg)
{
	const double *p = (const double *) arg;
	double		x = p[*(const int *) a],
				y = p[*(const int *) b];

	return x < y ? -1 : x > y ? 1 : (*(const int *) a - *(const int *) b);
}

/* Holm and BH of p[0..n) (NaN entries skipped) into holm[], bh[] */
static void
adjust_p(const double *p, int n, double *holm, double *bh)
{
	int		   *idx = palloc(sizeof(int) * (n + 1));
	int			m = 0;
	double		run;

	for (int i = 0; i < n; i++)
	{
		holm[i] = bh[i] = NAN;
		if (!isnan(p[i]))
			idx[m++] = i;
	}
	qsort_arg(idx, m, sizeof(int), cmp_dbl_idx, (void *) p);
	run = 0;
	for (int k = 0; k < m; k++)
	{
		double		v = fmin(1, (m - k) * p[idx[k]]);

		run = fmax(run, v);
		holm[idx[k]] = run;
	}
	run = 1;
	for (int k = m - 1; k >= 0; k--)
	{
		double		v = fmin(1, (double) m * p[idx[k]] / (k + 1));

		run = fmin(run, v);
		bh[idx[k]] = run;
	}
	pfree(idx);
}

static int
parse_choice(text *t, const char *argname, const char *const *choices, const char *hint)
{
	char	   *s = text_to_cstring(t);

	for (int i = 0; choices[i]; i++)
		if (strcmp(s, choices[i]) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for argument \"%s\"", argname),
			 errdetail("Got \"%s\".", s),
			 errhint("%s", hint)));
	return -1;
}

static void pg_attribute_noreturn()
arg_null(const char *argname, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("argument \"%s\" must not be NULL", argname),
			 errhint("%s", hint)));
	pg_unreachable();
}

/*
 * pmkt.experiment_report(state, control, alpha, test, cuped, decide_by,
 *                        split, expected_n, prior_sd, power, digits)
 */
Datum
pmkt_experiment_report(PG_FUNCTION_ARGS)
{
	static const char *const tests[] = {"welch", "proportion", NULL};
	static const char *const decides[] = {"fixed", "sequential", "bayesian", NULL};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ExpState   *st;
	char	   *control;
	Opts		o;
	int			test,
				cuped,
				ci = -1,
				nrows = 0;
	Arm		   *arms;
	Row		   *rows;
	double		srm_p = NAN;
	double	   *w;
	double		theta = NAN;
	bool		can_cuped = false;
	int			digits;
	int			decimals[33];

	InitMaterializedSRF(fcinfo, 0);
	/* a report for reading (issue 16): numeric columns rounded to digits
	 * decimals (NULL: unrounded); the decision uses the unrounded values */
	digits = pmkt_report_digits_arg(fcinfo, 10);
	for (int i = 0; i < 33; i++)
		decimals[i] = digits;

	if (PG_ARGISNULL(1))
		arg_null("control", "Name the control variant, e.g. 'control'.");
	for (int i = 2; i <= 5; i++)
		if (PG_ARGISNULL(i))
			arg_null(i == 2 ? "alpha" : i == 3 ? "test" : i == 4 ? "cuped" : "decide_by",
					 "Omit the argument to use its default.");
	if (PG_ARGISNULL(7))
		arg_null("expected_n", "Pass the number of units you expect at the end of the experiment.");
	if (PG_ARGISNULL(9))
		arg_null("power", "Pass a power such as 0.8.");
	o.alpha = PG_GETARG_FLOAT8(2);
	if (!(o.alpha > 0 && o.alpha < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"alpha\" must be between 0 and 1"),
				 errdetail("Got %g.", o.alpha),
				 errhint("Use a significance level such as 0.05.")));
	test = parse_choice(PG_GETARG_TEXT_PP(3), "test", tests, "Use 'welch' or 'proportion'.");
	cuped = PG_GETARG_BOOL(4);
	o.decide = parse_choice(PG_GETARG_TEXT_PP(5), "decide_by", decides,
							"Use 'fixed', 'sequential' or 'bayesian'.");
	o.expected_n = PG_GETARG_FLOAT8(7);
	if (!(o.expected_n >= 1 && isfinite(o.expected_n)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"expected_n\" must be a finite number >= 1"),
				 errdetail("Got %g.", o.expected_n),
				 errhint("Pass the number of units you expect at the end of the experiment.")));
	o.prior_sd = PG_ARGISNULL(8) ? NAN : PG_GETARG_FLOAT8(8);
	if (!PG_ARGISNULL(8) && !(o.prior_sd > 0 && isfinite(o.prior_sd)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"prior_sd\" must be a positive finite number or NULL"),
				 errdetail("Got %g.", o.prior_sd),
				 errhint("Pass NULL for a flat prior, or e.g. 0.3 for a prior N(0, 0.3^2) on the relative lift.")));
	o.power = PG_GETARG_FLOAT8(9);
	if (!(o.power > 0 && o.power < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"power\" must be between 0 and 1"),
				 errdetail("Got %g.", o.power),
				 errhint("Use a power such as 0.8.")));

	if (PG_ARGISNULL(0))
		return (Datum) 0;		/* no rows: the aggregate over no rows */
	st = pmkt_exp_state_arg(fcinfo, 0, FN);
	control = text_to_cstring(PG_GETARG_TEXT_PP(1));

	if (st->narms < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"state\" must hold at least two variants"),
				 errdetail("It holds %d%s%s%s.", st->narms, st->narms ? " (\"" : "",
						   st->narms ? st->arms[0].name : "", st->narms ? "\")" : ""),
				 errhint("Check the variant column and the WHERE clause.")));
	for (int i = 0; i < st->narms; i++)
		if (strcmp(st->arms[i].name, control) == 0)
			ci = i;
	if (ci < 0)
	{
		StringInfoData names;

		initStringInfo(&names);
		for (int i = 0; i < st->narms; i++)
			appendStringInfo(&names, "%s\"%s\"", i ? ", " : "", st->arms[i].name);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"control\" names no variant of the state"),
				 errdetail("Got \"%s\"; the variants are %s.", control, names.data),
				 errhint("Pass one of the variant names exactly (case matters).")));
	}
	if (test == 1 && (st->flags & EXP_F_DEN))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"test\" cannot be 'proportion' for a ratio metric"),
				 errhint("Use test => 'welch' with a state that has a denominator.")));

	arms = palloc(sizeof(Arm) * st->narms);
	for (int i = 0; i < st->narms; i++)
	{
		arm_moments(&st->arms[i], st->flags, &arms[i]);
		if (test == 1)
		{
			double		sy = exp_stat(&st->arms[i], XS_SY),
						syy = exp_stat(&st->arms[i], XS_SYY);

			if (sy != syy || sy < 0 || sy > arms[i].n)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"test\" is 'proportion' but the values are not all 0 or 1"),
						 errdetail("Variant \"%s\": sum %.17g, sum of squares %.17g over %.17g units.",
								   arms[i].name, sy, syy, arms[i].n),
						 errhint("Pass 0/1 conversions, or use test => 'welch'.")));
		}
	}

	/* planned split: control first, then the other variants in name order */
	w = palloc(sizeof(double) * st->narms);
	if (PG_ARGISNULL(6))
		for (int i = 0; i < st->narms; i++)
			w[i] = 1;
	else
	{
		int			nw;
		double	   *sw = pmkt_vector(PG_GETARG_ARRAYTYPE_P(6), "split", &nw, true);
		int			k = 1;

		if (nw != st->narms)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"split\" must have one weight per variant"),
					 errdetail("Got %d weights for %d variants.", nw, st->narms),
					 errhint("List the planned shares with the control first, then the other variants in name order.")));
		for (int i = 0; i < nw; i++)
			if (!(sw[i] > 0))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"split\" must hold positive weights"),
						 errdetail("Weight %d is %g.", i + 1, sw[i])));
		for (int i = 0; i < st->narms; i++)
			w[i] = (i == ci) ? sw[0] : sw[k++];
	}
	{
		double		tw = 0,
					tn = 0,
					chi = 0;

		for (int i = 0; i < st->narms; i++)
		{
			tw += w[i];
			tn += arms[i].n;
		}
		for (int i = 0; i < st->narms; i++)
		{
			double		e = tn * w[i] / tw,
						dlt = arms[i].n - e;

			chi += dlt * dlt / e;
		}
		if (isfinite(chi))
			srm_p = pmkt_chisq_sf(chi, st->narms - 1);
	}

	/* CUPED theta from the pooled covariate rows of every variant */
	if ((st->flags & EXP_F_COV) && !(st->flags & EXP_F_DEN) && cuped && test == 0)
	{
		dd			sx = {0, 0},
					sy = {0, 0},
					sxx = {0, 0},
					sxy = {0, 0};
		double		nc = 0;

		for (int i = 0; i < st->narms; i++)
		{
			sx = dd_add(sx, arms[i].sx);
			sy = dd_add(sy, arms[i].sy_c);
			sxx = dd_add(sxx, arms[i].sxx);
			sxy = dd_add(sxy, arms[i].sxy);
			nc += arms[i].nc;
		}
		if (nc > 1)
		{
			double		cxx = centred(sxx, sx, sx, nc),
						cxy = centred(sxy, sx, sy, nc);

			if (cxx > 0)
			{
				theta = cxy / cxx;
				can_cuped = isfinite(theta);
				for (int i = 0; i < st->narms; i++)
					arms[i].mx -= (sx.hi + sx.lo) / nc; /* now x mean minus the pooled mean */
			}
		}
	}

	rows = palloc(sizeof(Row) * st->narms * 3);
	for (int i = 0; i < st->narms; i++)
	{
		const Arm  *v = &arms[i],
				   *c = &arms[ci];

		CHECK_FOR_INTERRUPTS();
		if (i == ci)
			continue;
		if (st->flags & EXP_F_DEN)
		{
			static const char *const mnames[] = {"numerator", "denominator", "ratio"};

			for (int k = 0; k < 3; k++)
			{
				Row		   *r = &rows[nrows++];

				row_init(r, v->name, mnames[k], k == 2 ? "delta" : "welch");
				r->n_v = v->n;
				r->n_c = c->n;
				if (k == 0)
					finish_row(r, v->my, c->my, v->vy / v->n, c->vy / c->n,
							   welch_df(v->vy / v->n, v->n, c->vy / c->n, c->n), &o);
				else if (k == 1)
					finish_row(r, v->md, c->md, v->vd / v->n, c->vd / c->n,
							   welch_df(v->vd / v->n, v->n, c->vd / c->n, c->n), &o);
				else if (v->md != 0 && c->md != 0)
				{
					double		vv = (v->vy / (v->md * v->md) - 2 * v->my * v->cyd / pow(v->md, 3) +
									  v->my * v->my * v->vd / pow(v->md, 4)) / v->n;
					double		vc = (c->vy / (c->md * c->md) - 2 * c->my * c->cyd / pow(c->md, 3) +
									  c->my * c->my * c->vd / pow(c->md, 4)) / c->n;

					finish_row(r, v->my / v->md, c->my / c->md, fmax(vv, 0), fmax(vc, 0),
							   INFINITY, &o);
				}
				else
				{
					/* a zero total denominator: the ratio does not exist */
					r->m_v = v->md != 0 ? v->my / v->md : NUL;
					r->m_c = c->md != 0 ? c->my / c->md : NUL;
					r->lift = r->se = NUL;
				}
				if (st->flags & EXP_F_COV)
					r->cov_missing = (v->n - v->nc) + (c->n - c->nc);
			}
			continue;
		}
		{
			Row		   *r = &rows[nrows++];

			row_init(r, v->name, "value", test == 1 ? "proportion" : "welch");
			if (st->flags & EXP_F_COV)
				r->cov_missing = (v->n - v->nc) + (c->n - c->nc);
			r->n_v = v->n;
			r->n_c = c->n;
			if (test == 1)
			{
				double		pv = v->my,
							pc = c->my,
							pool = (v->my * v->n + c->my * c->n) / (v->n + c->n),
							se0 = sqrt(pool * (1 - pool) * (1 / v->n + 1 / c->n));

				if (se0 > 0)
				{
					r->stat = (pv - pc) / se0;
					r->df = INFINITY;
					r->p = pmkt_normal_two_sided_p(r->stat);
				}
				finish_row(r, pv, pc, pv * (1 - pv) / v->n, pc * (1 - pc) / c->n, INFINITY, &o);
				r->cuped = cuped && (st->flags & EXP_F_COV) ? 0 : -1;
			}
			else if (can_cuped && v->nc > 1 && c->nc > 1)
			{
				double		av = fmax(v->vyc - 2 * theta * v->cxy + theta * theta * v->vx, 0) / v->nc;
				double		ac = fmax(c->vyc - 2 * theta * c->cxy + theta * theta * c->vx, 0) / c->nc;
				double		raw = v->vyc / v->nc + c->vyc / c->nc;

				r->n_v = v->nc;
				r->n_c = c->nc;
				finish_row(r, v->myc - theta * v->mx, c->myc - theta * c->mx, av, ac,
						   welch_df(av, v->nc, ac, c->nc), &o);
				r->cuped = 1;
				r->vr = raw > 0 ? 1 - (av + ac) / raw : NUL;
			}
			else
			{
				finish_row(r, v->my, c->my, v->vy / v->n, c->vy / c->n,
						   welch_df(v->vy / v->n, v->n, c->vy / c->n, c->n), &o);
				r->cuped = (st->flags & EXP_F_COV) ? 0 : -1;
			}
		}
	}

	/* multiple comparisons over the report's rows */
	{
		double	   *p = palloc(sizeof(double) * (nrows + 1)),
				   *h = palloc(sizeof(double) * (nrows + 1)),
				   *b = palloc(sizeof(double) * (nrows + 1));

		for (int i = 0; i < nrows; i++)
			p[i] = rows[i].p;
		adjust_p(p, nrows, h, b);
		for (int i = 0; i < nrows; i++)
		{
			rows[i].p_holm = h[i];
			rows[i].p_bh = b[i];
		}
	}

	for (int i = 0; i < nrows; i++)
	{
		Row		   *r = &rows[i];
		Datum		values[33];
		bool		nulls[33] = {0};
		int			k = 0;
		bool		srm = !isnan(srm_p) && srm_p < 0.001;
		int			sign = 0;

		if (srm)
			r->decision = "sample ratio mismatch";
		else
		{
			if (o.decide == 0)
			{
				if (isnan(r->p))
					r->decision = "insufficient data";
				else if (r->p < o.alpha)
					sign = r->lift > 0 ? 1 : -1;
				else
					r->decision = "no significant difference";
			}
			else if (o.decide == 1)
			{
				if (isnan(r->seq_lo))
					r->decision = "insufficient data";
				else if (r->seq_lo > 0)
					sign = 1;
				else if (r->seq_hi < 0)
					sign = -1;
				else
					r->decision = "keep running";
			}
			else
			{
				if (isnan(r->pbeat))
					r->decision = "insufficient data";
				else if (r->pbeat > 1 - o.alpha)
					sign = 1;
				else if (r->pbeat < o.alpha)
					sign = -1;
				else
					r->decision = "keep running";
			}
			if (sign)
				r->decision = sign > 0 ? "variant better" : "control better";
		}

#define PUT_TEXT(s) (values[k++] = CStringGetTextDatum(s))
#define PUT_F(v) do { double v_ = (v); if (isnan(v_)) nulls[k] = true; else values[k] = Float8GetDatum(v_); k++; } while (0)
#define PUT_I(v) do { double v_ = (v); if (isnan(v_)) nulls[k] = true; else values[k] = Int64GetDatum((int64) v_); k++; } while (0)
		PUT_TEXT(r->variant);
		PUT_TEXT(control);
		PUT_TEXT(r->metric);
		PUT_TEXT(r->test);
		PUT_I(r->n_v);
		PUT_I(r->n_c);
		PUT_F(r->m_v);
		PUT_F(r->m_c);
		PUT_F(r->lift);
		PUT_F(r->lift_lo);
		PUT_F(r->lift_hi);
		PUT_F(r->rel);
		PUT_F(r->rel_lo);
		PUT_F(r->rel_hi);
		PUT_F(r->stat);
		PUT_F(r->df);
		PUT_F(r->p);
		PUT_F(r->p_holm);
		PUT_F(r->p_bh);
		if (r->cuped < 0)
			nulls[k++] = true;
		else
			values[k++] = BoolGetDatum(r->cuped == 1);
		PUT_F(r->vr);
		PUT_I(r->cov_missing);
		PUT_F(r->seq_lo);
		PUT_F(r->seq_hi);
		PUT_F(r->seq_p);
		PUT_F(r->pbeat);
		PUT_F(r->loss);
		PUT_F(r->cred_lo);
		PUT_F(r->cred_hi);
		PUT_F(r->mde);
		PUT_F(srm_p);
		if (isnan(srm_p))
			nulls[k++] = true;
		else
			values[k++] = BoolGetDatum(srm);
		PUT_TEXT(r->decision);
		Assert(k == 33);
		pmkt_report_round_row(rsinfo->setDesc, values, nulls, decimals, digits);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * pmkt.p_adjust(p float8[], method text) -> float8[]: Holm or
 * Benjamini-Hochberg adjusted p-values, NULL elements kept NULL.
 */
Datum
pmkt_p_adjust(PG_FUNCTION_ARGS)
{
	static const char *const methods[] = {"holm", "bh", NULL};
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	int			method = parse_choice(PG_GETARG_TEXT_PP(1), "method", methods, "Use 'holm' or 'bh'.");
	int			n;
	Datum	   *elems;
	bool	   *enulls;
	double	   *p,
			   *h,
			   *b;
	ArrayType  *r;
	int			dims[1],
				lbs[1] = {1};

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"p\" must be a one-dimensional array"),
				 errdetail("Got %d dimensions.", ARR_NDIM(a))));
	deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &enulls, &n);
	p = palloc(sizeof(double) * (n + 1));
	h = palloc(sizeof(double) * (n + 1));
	b = palloc(sizeof(double) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		p[i] = enulls[i] ? NAN : DatumGetFloat8(elems[i]);
		if (!enulls[i] && !(p[i] >= 0 && p[i] <= 1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"p\" must hold p-values between 0 and 1"),
					 errdetail("Element %d is %g.", i + 1, p[i]),
					 errhint("Pass p-values; NULL elements are kept NULL.")));
	}
	adjust_p(p, n, h, b);
	for (int i = 0; i < n; i++)
	{
		double		v = method == 0 ? h[i] : b[i];

		enulls[i] = isnan(v);
		elems[i] = Float8GetDatum(enulls[i] ? 0 : v);
	}
	dims[0] = n;
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(FLOAT8OID));
	r = construct_md_array(elems, enulls, 1, dims, lbs, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
	PG_RETURN_ARRAYTYPE_P(r);
}
