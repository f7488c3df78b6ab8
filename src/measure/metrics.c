/*
 * metrics.c
 *    Money metrics (SPEC 1.6): CAC, CLV, ROI, conversion rate, CTR,
 *    repeat-purchase rate, growth rate and NPS, as row functions and as
 *    one-pass aggregates over per-period or per-respondent rows.
 *
 * Conventions (documented in docs/readme/15_metrics.md):
 *  - rates are fractions (0.12 = 12 %), ROI is a percentage (SPEC), NPS is
 *    in -100..100;
 *  - a zero denominator gives NULL (no error);
 *  - negative money or counts, NaN/Infinity, a count above its total, a
 *    discount rate <= -1: 22023 naming the argument; arrays of different
 *    lengths or empty arrays: 2202E; NULL array elements: 22023.
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "utils/array.h"

#include "metrics.h"
#include "util/array.h"
#include "util/state.h"

/* ---------------------------------------------------------------------
 * Shared checks
 * --------------------------------------------------------------------- */

/* pmkt_metric_rate: count / total, with the checks listed in metrics.h. */
double
pmkt_metric_rate(double count, double total, const char *count_name,
				 const char *total_name, bool *isnull)
{
	pmkt_check_nonnegative(count, count_name);
	pmkt_check_nonnegative(total, total_name);
	if (count > total)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must not exceed argument \"%s\"",
						count_name, total_name),
				 errdetail("Got %s = %.15g and %s = %.15g: the rate would be outside [0, 1].",
						   count_name, count, total_name, total),
				 errhint("Check that the arguments are not swapped.")));
	*isnull = (total == 0);
	return *isnull ? 0 : count / total;
}

/* check_discount_rate: r must be finite and > -1 so that (1 + r)^t > 0. */
static void
check_discount_rate(double r)
{
	pmkt_check_finite(r, "discount_rate");
	if (r <= -1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"discount_rate\" must be greater than -1"),
				 errdetail("Got %g.", r),
				 errhint("Pass the discount rate per period as a fraction, e.g. 0.1 for 10%%.")));
}

/* check_period: periods are numbered from 1, as in the CLV formula. */
static void
check_period(int32 t)
{
	if (t < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"period\" must be at least 1"),
				 errdetail("Got %d.", t),
				 errhint("Number the periods 1..n; period t is discounted by (1 + discount_rate)^t.")));
}

/* ---------------------------------------------------------------------
 * Row functions
 * --------------------------------------------------------------------- */

/* rate_result: the common tail of the rate functions. */
static Datum
rate_result(FunctionCallInfo fcinfo, double count, double total,
			const char *count_name, const char *total_name)
{
	bool		isnull;
	double		r = pmkt_metric_rate(count, total, count_name, total_name, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r);
}

#define RATE_FUNCS(sqlname, cname, tname) \
PG_FUNCTION_INFO_V1(pmkt_##sqlname##_int8); \
Datum \
pmkt_##sqlname##_int8(PG_FUNCTION_ARGS) \
{ \
	return rate_result(fcinfo, (double) PG_GETARG_INT64(0), \
					   (double) PG_GETARG_INT64(1), cname, tname); \
} \
PG_FUNCTION_INFO_V1(pmkt_##sqlname##_float8); \
Datum \
pmkt_##sqlname##_float8(PG_FUNCTION_ARGS) \
{ \
	return rate_result(fcinfo, PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), \
					   cname, tname); \
}

/* conversions / visitors, clicks / impressions, repeat / all customers */
RATE_FUNCS(conversion_rate, "conversions", "visitors")
RATE_FUNCS(ctr, "clicks", "impressions")
RATE_FUNCS(repeat_purchase_rate, "repeat_customers", "customers")

/* cac_common: spend / new customers; NULL when no customer was acquired. */
static Datum
cac_common(FunctionCallInfo fcinfo, double spend, double new_customers)
{
	pmkt_check_nonnegative(spend, "spend");
	pmkt_check_nonnegative(new_customers, "new_customers");
	if (new_customers == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(spend / new_customers);
}

PG_FUNCTION_INFO_V1(pmkt_cac_int8);
Datum
pmkt_cac_int8(PG_FUNCTION_ARGS)
{
	return cac_common(fcinfo, PG_GETARG_FLOAT8(0), (double) PG_GETARG_INT64(1));
}

PG_FUNCTION_INFO_V1(pmkt_cac_float8);
Datum
pmkt_cac_float8(PG_FUNCTION_ARGS)
{
	return cac_common(fcinfo, PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1));
}

PG_FUNCTION_INFO_V1(pmkt_roi);
/*
 * pmkt_roi
 *    net_profit / investment x 100 (percent).  Net profit may be negative;
 *    investment may not.  NULL for a zero investment.
 */
Datum
pmkt_roi(PG_FUNCTION_ARGS)
{
	double		profit = PG_GETARG_FLOAT8(0);
	double		investment = PG_GETARG_FLOAT8(1);

	pmkt_check_finite(profit, "net_profit");
	pmkt_check_nonnegative(investment, "investment");
	if (investment == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(pmkt_check_result(profit / investment * 100.0, "roi"));
}

PG_FUNCTION_INFO_V1(pmkt_growth_rate);
/*
 * pmkt_growth_rate
 *    (current - previous) / |previous| as a fraction; NULL when previous is
 *    0.  For a positive previous value this is (current - previous) /
 *    previous; the absolute value keeps an improvement positive when the
 *    previous value was negative (e.g. a loss shrinking).
 */
Datum
pmkt_growth_rate(PG_FUNCTION_ARGS)
{
	double		cur = PG_GETARG_FLOAT8(0);
	double		prev = PG_GETARG_FLOAT8(1);

	pmkt_check_finite(cur, "current");
	pmkt_check_finite(prev, "previous");
	if (prev == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(pmkt_check_result((cur - prev) / fabs(prev), "growth_rate"));
}

PG_FUNCTION_INFO_V1(pmkt_clv_array);
/*
 * pmkt_clv_array
 *    CLV = sum_{t=1..n} (revenue_t - cost_t) / (1 + r)^t, element t of the
 *    arrays being period t.
 */
Datum
pmkt_clv_array(PG_FUNCTION_ARGS)
{
	ArrayType  *ra = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *ca = PG_GETARG_ARRAYTYPE_P(1);
	double		r = PG_GETARG_FLOAT8(2);
	double	   *rev,
			   *cost;
	int			n,
				m;
	double		factor,
				disc = 1.0,
				sum = 0.0;

	rev = pmkt_vector(ra, "revenue", &n, true);
	cost = pmkt_vector(ca, "cost", &m, true);
	pmkt_check_same_length(n, "revenue", m, "cost");
	check_discount_rate(r);
	factor = 1.0 / (1.0 + r);
	for (int t = 0; t < n; t++)
	{
		if (rev[t] < 0 || cost[t] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\" must not contain negative values",
							rev[t] < 0 ? "revenue" : "cost"),
					 errdetail("Element %d is %g.", t + 1, rev[t] < 0 ? rev[t] : cost[t]),
					 errhint("Revenue and cost are amounts; their difference may be negative.")));
		disc *= factor;
		sum += (rev[t] - cost[t]) * disc;
	}
	PG_RETURN_FLOAT8(pmkt_check_result(sum, "clv"));
}

/* ---------------------------------------------------------------------
 * Aggregates.  States are float8[] (util/state.h), updated in place.
 * --------------------------------------------------------------------- */

/* clv state: [tag, sum of discounted margins, rows, discount rate] */
#define CLV_LEN 4

/* clv_state: a clv state's doubles after checking its contents. */
static double *
clv_state(ArrayType *st, const char *fn)
{
	double	   *d = pmkt_state_data(st, PMKT_TAG_CLV, CLV_LEN, fn);

	pmkt_state_count(d[2], "rows", fn);
	pmkt_state_finite(&d[1], 1, false, "sum of discounted margins", fn);
	if (d[2] == 0 && d[1] != 0)
		pmkt_state_invalid(fn, "a sum without rows",
						   "rows is 0, the sum %.17g.", d[1]);
	if (!(d[3] > -1) || !isfinite(d[3]))
		pmkt_state_invalid(fn, "discount rate must be finite and greater than -1",
						   "discount rate is %.17g.", d[3]);
	return d;
}

PG_FUNCTION_INFO_V1(pmkt_clv_sfunc);
/*
 * pmkt_clv_sfunc(state, period, revenue, cost, discount_rate)
 *    Adds (revenue - cost) / (1 + r)^period.  Rows with a NULL input are
 *    skipped; the discount rate must be the same on every row.
 */
Datum
pmkt_clv_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv";
	ArrayType  *st;
	double	   *d;
	int32		t;
	double		rev,
				cost,
				r;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	t = PG_GETARG_INT32(1);
	rev = PG_GETARG_FLOAT8(2);
	cost = PG_GETARG_FLOAT8(3);
	r = PG_GETARG_FLOAT8(4);
	check_period(t);
	pmkt_check_nonnegative(rev, "revenue");
	pmkt_check_nonnegative(cost, "cost");
	check_discount_rate(r);

	if (PG_ARGISNULL(0))
	{
		st = pmkt_state_new(fcinfo, CLV_LEN, fn);
		d = (double *) ARR_DATA_PTR(st);
		d[0] = PMKT_TAG_CLV;
		d[3] = r;
	}
	else
	{
		st = pmkt_state_arg(fcinfo, 0, fn);
		d = clv_state(st, fn);
		if (d[2] > 0 && d[3] != r)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"discount_rate\" must be the same on every row"),
					 errdetail("Got %.15g after %.15g.", r, d[3]),
					 errhint("Compute one CLV per discount rate, e.g. GROUP BY the rate.")));
		d[3] = r;
	}
	d[1] += (rev - cost) * pow(1.0 + r, -(double) t);
	d[2] += 1;
	pmkt_state_check_overflow(&d[1], 1, fn);
	PG_RETURN_ARRAYTYPE_P(st);
}

PG_FUNCTION_INFO_V1(pmkt_clv_combine);
/* pmkt_clv_combine: adds the sums; the discount rates must agree. */
Datum
pmkt_clv_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv";
	ArrayType  *a = pmkt_state_arg(fcinfo, 0, fn);
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	double	   *da = clv_state(a, fn);
	double	   *db = clv_state(b, fn);

	if (db[2] == 0)
		PG_RETURN_ARRAYTYPE_P(a);
	if (da[2] > 0 && da[3] != db[3])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"discount_rate\" must be the same on every row"),
				 errdetail("Got %.15g and %.15g.", da[3], db[3]),
				 errhint("Compute one CLV per discount rate, e.g. GROUP BY the rate.")));
	da[1] += db[1];
	da[2] += db[2];
	da[3] = db[3];
	pmkt_state_check_overflow(&da[1], 1, fn);
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(pmkt_clv_final);
Datum
pmkt_clv_final(PG_FUNCTION_ARGS)
{
	double	   *d = clv_state(PG_GETARG_ARRAYTYPE_P(0), "pmkt.clv");

	if (d[2] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(d[1]);
}

/* nps state: [tag, respondents, promoters (9-10), detractors (0-6)] */
#define NPS_LEN 4

/* nps_state: counts non-negative integers, promoters + detractors <= all */
static double *
nps_state(ArrayType *st, const char *fn)
{
	double	   *d = pmkt_state_data(st, PMKT_TAG_NPS, NPS_LEN, fn);

	pmkt_state_count(d[1], "respondents", fn);
	pmkt_state_count(d[2], "promoters", fn);
	pmkt_state_count(d[3], "detractors", fn);
	pmkt_state_count_le(d[2] + d[3], "promoters and detractors", d[1],
						"respondents", fn);
	return d;
}

PG_FUNCTION_INFO_V1(pmkt_nps_sfunc);
Datum
pmkt_nps_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.nps";
	ArrayType  *st;
	double	   *d;
	int32		score;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	score = PG_GETARG_INT32(1);
	if (score < 0 || score > 10)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"score\" must be between 0 and 10"),
				 errdetail("Got %d.", score),
				 errhint("NPS uses the 0-10 \"how likely are you to recommend us\" scale.")));
	if (PG_ARGISNULL(0))
	{
		st = pmkt_state_new(fcinfo, NPS_LEN, fn);
		d = (double *) ARR_DATA_PTR(st);
		d[0] = PMKT_TAG_NPS;
	}
	else
	{
		st = pmkt_state_arg(fcinfo, 0, fn);
		d = nps_state(st, fn);
	}
	d[1] += 1;
	if (score >= 9)
		d[2] += 1;
	else if (score <= 6)
		d[3] += 1;
	PG_RETURN_ARRAYTYPE_P(st);
}

/* counts_combine: element-wise sum of slots 1.. of two count states. */
static Datum
counts_combine(FunctionCallInfo fcinfo, double *(*check) (ArrayType *, const char *),
			   int len, const char *fn)
{
	ArrayType  *a = pmkt_state_arg(fcinfo, 0, fn);
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	double	   *da = check(a, fn);
	double	   *db = check(b, fn);

	for (int i = 1; i < len; i++)
		da[i] += db[i];
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(pmkt_nps_combine);
Datum
pmkt_nps_combine(PG_FUNCTION_ARGS)
{
	return counts_combine(fcinfo, nps_state, NPS_LEN, "pmkt.nps");
}

PG_FUNCTION_INFO_V1(pmkt_nps_final);
/* pmkt_nps_final: % promoters - % detractors; NULL without respondents. */
Datum
pmkt_nps_final(PG_FUNCTION_ARGS)
{
	double	   *d = nps_state(PG_GETARG_ARRAYTYPE_P(0), "pmkt.nps");

	if (d[1] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(100.0 * (d[2] - d[3]) / d[1]);
}

/* conversion state: [tag, visitors, conversions] */
#define CONV_LEN 3

/* conv_state: counts non-negative integers, conversions <= visitors */
static double *
conv_state(ArrayType *st, const char *fn)
{
	double	   *d = pmkt_state_data(st, PMKT_TAG_CONV, CONV_LEN, fn);

	pmkt_state_count(d[1], "visitors", fn);
	pmkt_state_count(d[2], "conversions", fn);
	pmkt_state_count_le(d[2], "conversions", d[1], "visitors", fn);
	return d;
}

PG_FUNCTION_INFO_V1(pmkt_conversion_sfunc);
Datum
pmkt_conversion_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.conversion_rate";
	ArrayType  *st;
	double	   *d;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
	{
		st = pmkt_state_new(fcinfo, CONV_LEN, fn);
		d = (double *) ARR_DATA_PTR(st);
		d[0] = PMKT_TAG_CONV;
	}
	else
	{
		st = pmkt_state_arg(fcinfo, 0, fn);
		d = conv_state(st, fn);
	}
	d[1] += 1;
	if (PG_GETARG_BOOL(1))
		d[2] += 1;
	PG_RETURN_ARRAYTYPE_P(st);
}

PG_FUNCTION_INFO_V1(pmkt_conversion_combine);
Datum
pmkt_conversion_combine(PG_FUNCTION_ARGS)
{
	return counts_combine(fcinfo, conv_state, CONV_LEN, "pmkt.conversion_rate");
}

PG_FUNCTION_INFO_V1(pmkt_conversion_final);
Datum
pmkt_conversion_final(PG_FUNCTION_ARGS)
{
	double	   *d = conv_state(PG_GETARG_ARRAYTYPE_P(0), "pmkt.conversion_rate");

	if (d[1] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(d[2] / d[1]);
}
