/*
 * expnonparam.c
 *    pmkt.mann_whitney(variant float8[], control float8[], ...): the
 *    non-parametric option for skewed metrics (issue 15); and
 *    pmkt.experiment_power, the MDE of a planned test (at the end).
 *
 *  - Mann-Whitney U of the variant (scipy mannwhitneyu(variant, control)
 *    statistic): U1 = R1 - n1 (n1 + 1) / 2, R1 the sum of the variant's
 *    mid-ranks in the pooled sample.  Two-sided p-value by the normal
 *    approximation with the tie correction and the continuity correction
 *    (scipy method='asymptotic', use_continuity=True):
 *      mu = n1 n2 / 2,
 *      s  = sqrt(n1 n2 / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1)))),
 *      z  = sign(U1 - mu) max(0, |U1 - mu| - 1/2) / s,
 *      p  = min(1, 2 sf(|z|)).
 *    s = 0 (every value equal) gives NULL z and p.
 *  - Seeded bootstrap of the difference in means (variant - control):
 *    n_boot resamples, each arm resampled with replacement on its own
 *    (pmkt's xoshiro256** generator, pmkt_rng_below), percentile interval
 *    at alpha/2 and 1 - alpha/2 with linear interpolation (numpy
 *    percentile's default).  The same seed gives the same interval.
 * The pooled values, their sort scratch and the n_boot differences are held
 * in memory: more than pmkt.max_train_memory is a 53200 error.
 */
#include "pmkt.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "distributions.h"
#include "util/array.h"
#include "util/rng.h"
#include "util/sort.h"

#define MW_MAX_BOOT 1000000

typedef struct MwItem
{
	double		v;
	int32		g;				/* 0 variant, 1 control */
	int32		i;				/* position, for a total order */
} MwItem;

static int
mw_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	const MwItem *x = a;
	const MwItem *y = b;

	if (x->v < y->v)
		return -1;
	if (x->v > y->v)
		return 1;
	if (x->g != y->g)
		return x->g < y->g ? -1 : 1;
	return x->i < y->i ? -1 : (x->i > y->i);
}

static int
dbl_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return x < y ? -1 : (x > y);
}

static double
mean_of(const double *v, int n)
{
	double		s = 0;

	for (int i = 0; i < n; i++)
		s += v[i];
	return s / n;
}

/* numpy.percentile(d, 100 q), method 'linear', d sorted */
static double
percentile_sorted(const double *d, int n, double q)
{
	double		h = (n - 1) * q;
	int			lo = (int) floor(h);

	if (lo >= n - 1)
		return d[n - 1];
	return d[lo] + (h - lo) * (d[lo + 1] - d[lo]);
}

PG_FUNCTION_INFO_V1(pmkt_mann_whitney);
Datum
pmkt_mann_whitney(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.mann_whitney";
	ArrayType  *av = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *ac = PG_GETARG_ARRAYTYPE_P(1);
	int32		n_boot = PG_GETARG_INT32(2);
	int64		seed = PG_GETARG_INT64(3);
	double		alpha = PG_GETARG_FLOAT8(4);
	double	   *x,
			   *y;
	int			n1,
				n2,
				n;
	double		need;
	MwItem	   *items;
	double		r1 = 0,
				ties = 0,
				u1,
				mu,
				s2;
	double		mx,
				my;
	bool		nulls[10] = {false};
	Datum		values[10];
	TupleDesc	tupdesc;

	if (n_boot < 0 || n_boot > MW_MAX_BOOT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"n_boot\" must be between 0 and %d", fn, MW_MAX_BOOT),
				 errdetail("Got %d.", n_boot),
				 errhint("Use e.g. 2000 resamples; 0 skips the bootstrap interval.")));
	if (!(alpha > 0 && alpha < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"alpha\" must be between 0 and 1 (exclusive)", fn),
				 errdetail("Got %g.", alpha),
				 errhint("Use e.g. 0.05 for a 95 %% interval.")));

	/* 1-D, no NULL element, no NaN/Infinity, not empty (22023 / 2202E) */
	x = pmkt_vector(av, "variant_values", &n1, true);
	y = pmkt_vector(ac, "control_values", &n2, true);
	n = n1 + n2;

	/* the pooled items, the sort scratch and the bootstrap differences */
	need = 2.0 * (double) n * sizeof(MwItem) + 2.0 * (double) n_boot * sizeof(double);
	if (need > (double) PMKT_TRAIN_BUDGET_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("%s: the values and resamples exceed pmkt.max_train_memory", fn),
				 errdetail("%d + %d values and %d resamples need about %.0f kB; pmkt.max_train_memory is %d kB.",
						   n1, n2, n_boot, need / 1024, pmkt_max_train_memory_kb),
				 errhint("Raise pmkt.max_train_memory, use fewer resamples or test a sample of the units.")));

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s: return type must be a row type", fn)));
	tupdesc = BlessTupleDesc(tupdesc);

	/* mid-ranks in the pooled sample */
	items = palloc(sizeof(MwItem) * (Size) n);
	for (int i = 0; i < n1; i++)
	{
		items[i].v = x[i];
		items[i].g = 0;
		items[i].i = i;
	}
	for (int i = 0; i < n2; i++)
	{
		items[n1 + i].v = y[i];
		items[n1 + i].g = 1;
		items[n1 + i].i = n1 + i;
	}
	pmkt_sort(items, n, sizeof(MwItem), mw_cmp, NULL);
	for (int i = 0; i < n;)
	{
		int			j = i;
		double		rank,
					t;
		int			in_x = 0;

		CHECK_FOR_INTERRUPTS();
		while (j < n && items[j].v == items[i].v)
		{
			if (items[j].g == 0)
				in_x++;
			j++;
		}
		/* positions i..j-1 hold ranks i+1..j: the mid-rank */
		rank = (i + 1 + j) / 2.0;
		r1 += rank * in_x;
		t = j - i;
		ties += t * t * t - t;
		i = j;
	}
	pfree(items);

	u1 = r1 - (double) n1 * (n1 + 1) / 2.0;
	mu = (double) n1 * n2 / 2.0;
	s2 = (double) n1 * n2 / 12.0 * ((n + 1) - (n > 1 ? ties / ((double) n * (n - 1)) : 0));

	values[0] = Int64GetDatum(n1);
	values[1] = Int64GetDatum(n2);
	values[2] = Float8GetDatum(u1);
	if (s2 > 0)
	{
		double		d = Max(0.0, fabs(u1 - mu) - 0.5);
		double		zabs = d / sqrt(s2);
		double		p = 2.0 * pmkt_normal_sf(zabs);

		values[3] = Float8GetDatum(u1 >= mu || zabs == 0 ? zabs : -zabs);
		values[4] = Float8GetDatum(Min(1.0, p));
	}
	else
	{
		nulls[3] = nulls[4] = true;
		values[3] = values[4] = (Datum) 0;
	}

	mx = mean_of(x, n1);
	my = mean_of(y, n2);
	if (!isfinite(mx) || !isfinite(my) || !isfinite(mx - my))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: the mean of the values overflows double precision", fn),
				 errdetail("Means %g and %g.", mx, my),
				 errhint("Rescale the values (e.g. to thousands).")));
	values[5] = Float8GetDatum(mx);
	values[6] = Float8GetDatum(my);
	values[7] = Float8GetDatum(mx - my);

	if (n_boot > 0)
	{
		PmktRng		rng;
		double	   *d = palloc(sizeof(double) * (Size) n_boot);

		pmkt_rng_seed(&rng, (uint64) seed);
		for (int b = 0; b < n_boot; b++)
		{
			double		sx = 0,
						sy = 0;

			CHECK_FOR_INTERRUPTS();
			for (int i = 0; i < n1; i++)
				sx += x[pmkt_rng_below(&rng, (uint64) n1)];
			for (int i = 0; i < n2; i++)
				sy += y[pmkt_rng_below(&rng, (uint64) n2)];
			d[b] = sx / n1 - sy / n2;
			if (!isfinite(d[b]))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("%s: a bootstrap mean overflows double precision", fn),
						 errdetail("Resample %d of %d.", b + 1, n_boot),
						 errhint("Rescale the values (e.g. to thousands).")));
		}
		pmkt_sort(d, n_boot, sizeof(double), dbl_cmp, NULL);
		values[8] = Float8GetDatum(percentile_sorted(d, n_boot, alpha / 2));
		values[9] = Float8GetDatum(percentile_sorted(d, n_boot, 1 - alpha / 2));
		pfree(d);
	}
	else
	{
		nulls[8] = nulls[9] = true;
		values[8] = values[9] = (Datum) 0;
	}

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * pmkt.experiment_power(n_per_arm, baseline_mean, baseline_sd, alpha,
 * power, lift): minimum detectable effect of a planned two-arm test with
 * n_per_arm units in each arm (e.g. units per day x days / 2), two-sided,
 * normal approximation as statsmodels NormalIndPower (ratio 1):
 *   power(d) = sf(c - d sqrt(n/2)) + cdf(-c - d sqrt(n/2)),  c = z_{1-alpha/2},
 * solved for the standardized effect d by bisection.  A metric with a
 * baseline_sd: d is Cohen's d, mde = d sd.  A rate (baseline_sd NULL,
 * baseline_mean in (0, 1)): d is Cohen's h = 2 asin sqrt p2 - 2 asin sqrt p1
 * (statsmodels proportion_effectsize), mde = p2 - p1 (NULL when no rate
 * up to 1 is detectable).  power_at_lift: the power for an absolute lift.
 */
static double
np_power(double d, double n, double c)
{
	double		s = d * sqrt(n / 2);

	return pmkt_normal_sf(c - s) + pmkt_normal_cdf(-c - s);
}

PG_FUNCTION_INFO_V1(pmkt_experiment_power);
Datum
pmkt_experiment_power(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.experiment_power";
	double		n,
				p1,
				sd = 0,
				alpha,
				power,
				c,
				lo = 0,
				hi,
				d;
	bool		rate;
	bool		nulls[4] = {false};
	Datum		values[4];
	TupleDesc	tupdesc;

	/* n_per_arm, baseline_mean, alpha, power are required; sd and lift may be NULL */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	n = PG_GETARG_FLOAT8(0);
	p1 = PG_GETARG_FLOAT8(1);
	rate = PG_ARGISNULL(2);
	alpha = PG_GETARG_FLOAT8(3);
	power = PG_GETARG_FLOAT8(4);

	if (!(n >= 2) || !isfinite(n))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"n_per_arm\" must be a finite number of at least 2", fn),
				 errdetail("Got %g.", n),
				 errhint("Pass the units planned in each arm, e.g. units per day x days / 2.")));
	if (!isfinite(p1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"baseline_mean\" must be finite", fn),
				 errdetail("Got %g.", p1),
				 errhint("Pass the control's expected mean (or rate).")));
	if (rate && !(p1 > 0 && p1 < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"baseline_mean\" must be a rate between 0 and 1 (exclusive) when baseline_sd is NULL", fn),
				 errdetail("Got %g.", p1),
				 errhint("Pass baseline_sd for a metric that is not a rate.")));
	if (!rate)
	{
		sd = PG_GETARG_FLOAT8(2);
		if (!(sd > 0) || !isfinite(sd))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"baseline_sd\" must be a positive finite number", fn),
					 errdetail("Got %g.", sd),
					 errhint("Pass the standard deviation of the metric per unit, or NULL for a rate.")));
	}
	if (!(alpha > 0 && alpha < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"alpha\" must be between 0 and 1 (exclusive)", fn),
				 errdetail("Got %g.", alpha),
				 errhint("Use e.g. 0.05.")));
	if (!(power > alpha && power < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"power\" must be between alpha and 1 (exclusive)", fn),
				 errdetail("Got %g with alpha %g.", power, alpha),
				 errhint("Use e.g. 0.8.")));

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s: return type must be a row type", fn)));
	tupdesc = BlessTupleDesc(tupdesc);

	/* the one-tail solution is an upper bound; power(d) increases with d */
	c = pmkt_normal_quantile(1 - alpha / 2);
	hi = (c + pmkt_normal_quantile(power)) / sqrt(n / 2);
	for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++)
	{
		double		mid = (lo + hi) / 2;

		CHECK_FOR_INTERRUPTS();
		if (np_power(mid, n, c) < power)
			lo = mid;
		else
			hi = mid;
	}
	d = (lo + hi) / 2;
	values[0] = Float8GetDatum(d);

	if (rate)
	{
		double		a = asin(sqrt(p1)) + d / 2;

		if (a <= M_PI / 2)
		{
			double		p2 = sin(a) * sin(a);

			values[1] = Float8GetDatum(p2 - p1);
			values[2] = Float8GetDatum((p2 - p1) / p1);
		}
		else
		{
			nulls[1] = nulls[2] = true;
			values[1] = values[2] = (Datum) 0;
		}
	}
	else
	{
		values[1] = Float8GetDatum(d * sd);
		if (p1 != 0)
			values[2] = Float8GetDatum(d * sd / p1);
		else
		{
			nulls[2] = true;
			values[2] = (Datum) 0;
		}
	}

	if ((!nulls[1] && !isfinite(DatumGetFloat8(values[1]))) ||
		(!nulls[2] && !isfinite(DatumGetFloat8(values[2]))))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: the minimum detectable effect overflows double precision", fn),
				 errdetail("effect size %g, baseline_mean %g, baseline_sd %g.", d, p1, sd),
				 errhint("Rescale the metric.")));

	if (PG_ARGISNULL(5))
	{
		nulls[3] = true;
		values[3] = (Datum) 0;
	}
	else
	{
		double		lift = PG_GETARG_FLOAT8(5);
		double		es;

		if (!isfinite(lift) || (rate && !(p1 + lift >= 0 && p1 + lift <= 1)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"lift\" must be finite%s", fn,
							rate ? " and keep the rate between 0 and 1" : ""),
					 errdetail("Got %g with baseline_mean %g.", lift, p1),
					 errhint("Pass the absolute lift, e.g. 0.01 for one point of conversion.")));
		es = rate ? 2 * asin(sqrt(p1 + lift)) - 2 * asin(sqrt(p1)) : lift / sd;
		if (!isfinite(es))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: the effect size lift / baseline_sd overflows double precision", fn),
					 errdetail("lift %g, baseline_sd %g.", lift, sd),
					 errhint("Rescale the metric.")));
		values[3] = Float8GetDatum(np_power(fabs(es), n, c));
	}

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
