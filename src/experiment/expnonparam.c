/*
 * expnonparam.c
 *    pmkt.mann_whitney(variant float8[], control float8[], ...): the
 *    non-parametric option for skewed metrics (issue 15).
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
