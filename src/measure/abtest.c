/*
 * abtest.c
 *    A/B testing (SQL: pmkt.ab_test_proportions, pmkt.welch_t_test,
 *    pmkt.chi_square_test, pmkt.ab_sample_size).
 *
 * Formulas (and the references the tests match):
 *  - two-proportion z-test: z = (p_b - p_a) / sqrt(p (1 - p) (1/n_a + 1/n_b))
 *    with the pooled p = (c_a + c_b) / (n_a + n_b), two-sided normal p-value
 *    (statsmodels proportions_ztest); confidence interval of p_b - p_a with
 *    the unpooled Wald standard error sqrt(p_a q_a / n_a + p_b q_b / n_b)
 *    (statsmodels confint_proportions_2indep, method='wald').
 *  - Welch: t = (m_b - m_a) / sqrt(s_a^2/n_a + s_b^2/n_b), Welch-Satterthwaite
 *    df, two-sided t p-value, interval with the t quantile at that df
 *    (scipy ttest_ind_from_stats(equal_var=False)).
 *  - chi-square on the 2 x k table converted / not converted per variant,
 *    no continuity correction (scipy chi2_contingency(correction=False)),
 *    df = k - 1, Cramér's V = sqrt(chi2 / N).
 *  - sample size per arm, two-sided, the classic normal-approximation
 *    formula with the pooled variance under H0 and the unpooled variance
 *    under H1:  n = (z_{1-alpha/2} sqrt(2 pbar qbar)
 *                   + z_{power} sqrt(p1 q1 + p2 q2))^2 / (p2 - p1)^2,
 *    rounded up (the n at which statsmodels power_proportions_2indep
 *    reaches the power, ignoring the far tail).
 */
#include "pmkt.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "abtest.h"
#include "distributions.h"

/* ------------------------------------------------------------------------
 * Computations
 * ------------------------------------------------------------------------ */

void
pmkt_ab_proportions(int64 conv_a, int64 n_a, int64 conv_b, int64 n_b,
					double alpha, PmktAbProportions *r)
{
	double		ca = (double) conv_a,
				na = (double) n_a,
				cb = (double) conv_b,
				nb = (double) n_b;
	double		pa = ca / na,
				pb = cb / nb,
				pool = (ca + cb) / (na + nb);
	double		se0 = sqrt(pool * (1.0 - pool) * (1.0 / na + 1.0 / nb));
	double		se1 = sqrt(pa * (1.0 - pa) / na + pb * (1.0 - pb) / nb);
	double		zq = -pmkt_normal_quantile(alpha / 2.0);

	r->rate_a = pa;
	r->rate_b = pb;
	r->lift = pb - pa;
	r->relative_lift = (conv_a > 0) ? (pb - pa) / pa : NAN;
	if (se0 > 0)
	{
		r->z = (pb - pa) / se0;
		r->p_value = pmkt_normal_two_sided_p(r->z);
	}
	else
		r->z = r->p_value = NAN;
	r->ci_lower = (pb - pa) - zq * se1;
	r->ci_upper = (pb - pa) + zq * se1;
}

void
pmkt_welch(double mean_a, double sd_a, int64 n_a,
		   double mean_b, double sd_b, int64 n_b,
		   double alpha, PmktWelch *r)
{
	double		va = sd_a * sd_a / (double) n_a;
	double		vb = sd_b * sd_b / (double) n_b;
	double		se2 = va + vb;
	double		se = sqrt(se2);

	r->difference = mean_b - mean_a;
	if (se > 0)
	{
		double		tq;

		r->df = se2 * se2 / (va * va / (double) (n_a - 1) + vb * vb / (double) (n_b - 1));
		r->t = r->difference / se;
		r->p_value = pmkt_t_two_sided_p(r->t, r->df);
		tq = -pmkt_t_quantile(alpha / 2.0, r->df);
		r->ci_lower = r->difference - tq * se;
		r->ci_upper = r->difference + tq * se;
	}
	else
	{
		r->df = r->t = r->p_value = NAN;
		r->ci_lower = r->ci_upper = r->difference;
	}
}

void
pmkt_chi_square_2xk(const int64 *conv, const int64 *visitors, int k,
					PmktChiSquare *r)
{
	double		c = 0,
				n = 0,
				p,
				chi2 = 0;
	int			i;

	for (i = 0; i < k; i++)
	{
		c += (double) conv[i];
		n += (double) visitors[i];
	}
	p = c / n;
	r->df = k - 1;
	if (c <= 0 || c >= n)
	{
		/* no variation: every expected count of one row is 0 */
		r->chi_square = r->p_value = r->cramers_v = NAN;
		return;
	}
	/* sum over both rows: (O - E)^2 / E = d^2 / (n_i p) + d^2 / (n_i (1 - p)) */
	for (i = 0; i < k; i++)
	{
		double		ni = (double) visitors[i];
		double		d = (double) conv[i] - ni * p;

		chi2 += d * d / (ni * p * (1.0 - p));
	}
	r->chi_square = chi2;
	r->p_value = pmkt_chisq_sf(chi2, (double) r->df);
	r->cramers_v = sqrt(chi2 / n);
}

double
pmkt_ab_sample_size_exact(double p1, double p2, double alpha, double power)
{
	double		za = -pmkt_normal_quantile(alpha / 2.0);
	double		zb = pmkt_normal_quantile(power);
	double		pbar = 0.5 * (p1 + p2);
	double		s0 = sqrt(2.0 * pbar * (1.0 - pbar));
	double		s1 = sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2));
	double		num = za * s0 + zb * s1;
	double		d = p2 - p1;

	if (num <= 0)
		return 1.0;				/* power below alpha / 2: one per arm suffices */
	return num * num / (d * d);
}

/* ------------------------------------------------------------------------
 * Argument checks
 * ------------------------------------------------------------------------ */

static void
check_count(int64 v, const char *argname)
{
	if (v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must not be negative", argname),
				 errdetail("Got " INT64_FORMAT ".", v),
				 errhint("Counts of conversions and visitors are >= 0.")));
}

static void
check_visitors(int64 v, const char *argname)
{
	check_count(v, argname);
	if (v == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be at least 1", argname),
				 errdetail("Got 0 visitors: a conversion rate needs at least one."),
				 errhint("Leave out arms that have no traffic yet.")));
}

static void
check_conversions(int64 conv, const char *conv_name, int64 visitors,
				  const char *visitors_name)
{
	check_count(conv, conv_name);
	if (conv > visitors)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must not exceed \"%s\"", conv_name, visitors_name),
				 errdetail("Got " INT64_FORMAT " conversions for " INT64_FORMAT " visitors.",
						   conv, visitors),
				 errhint("Count each visitor at most once as converted.")));
}

/* alpha and power: strictly between 0 and 1 */
static void
check_open_unit(double v, const char *argname, const char *hint)
{
	if (isnan(v) || v <= 0.0 || v >= 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be strictly between 0 and 1", argname),
				 errdetail("Got %g.", v),
				 errhint("%s", hint)));
}

#define ALPHA_HINT "alpha is the significance level, e.g. 0.05 for 95% confidence."

static void
check_n_for_sd(int64 n, const char *argname)
{
	if (n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be at least 2", argname),
				 errdetail("Got " INT64_FORMAT ".", n),
				 errhint("A standard deviation needs at least two observations per arm.")));
}

/* a bigint[] argument: 1-D, no NULLs; returns palloc'd values */
static int64 *
int8_array(ArrayType *a, const char *argname, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	int			cnt,
				i;
	int64	   *out;

	if (ARR_ELEMTYPE(a) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("argument \"%s\" must be a bigint[] array", argname)));
	if (ARR_NDIM(a) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"%s\" must not be an empty array", argname),
				 errhint("Pass one element per variant.")));
	if (ARR_NDIM(a) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"%s\" must be a one-dimensional array", argname),
				 errdetail("Got %d dimensions.", ARR_NDIM(a))));
	deconstruct_array(a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &cnt);
	out = palloc(sizeof(int64) * cnt);
	for (i = 0; i < cnt; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\" must not contain NULL elements", argname),
					 errdetail("Element %d is NULL.", i + 1),
					 errhint("Use 0 for a variant without conversions, or leave the variant out.")));
		out[i] = DatumGetInt64(elems[i]);
	}
	*n = cnt;
	return out;
}

/* NaN -> NULL in a result tuple */
static inline void
set_float(Datum *values, bool *nulls, int i, double v)
{
	if (isnan(v))
	{
		nulls[i] = true;
		values[i] = (Datum) 0;
	}
	else
		values[i] = Float8GetDatum(v);
}

static TupleDesc
result_desc(FunctionCallInfo fcinfo)
{
	/* looked up once per call site, kept in fn_extra (called per row) */
	if (fcinfo->flinfo->fn_extra == NULL)
	{
		TupleDesc	tupdesc;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("function returning a record called in a context that cannot accept it")));
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		tupdesc = CreateTupleDescCopy(tupdesc);
		BlessTupleDesc(tupdesc);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = tupdesc;
	}
	return (TupleDesc) fcinfo->flinfo->fn_extra;
}

/* ------------------------------------------------------------------------
 * SQL functions
 * ------------------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(pmkt_ab_test_proportions);

/*
 * pmkt.ab_test_proportions(conversions_a, visitors_a, conversions_b,
 *                          visitors_b, alpha) -> pmkt.ab_proportions_result
 */
static Datum ab_test_proportions(FunctionCallInfo fcinfo, int64 ca, int64 na,
								 int64 cb, int64 nb, double alpha);

Datum
pmkt_ab_test_proportions(PG_FUNCTION_ARGS)
{
	return ab_test_proportions(fcinfo, PG_GETARG_INT64(0), PG_GETARG_INT64(1),
							   PG_GETARG_INT64(2), PG_GETARG_INT64(3),
							   PG_GETARG_FLOAT8(4));
}

/*
 * A count given as float8 (the 1.1 overloads, which also take numeric:
 * sum(bigint) is numeric): a whole number in the bigint range, else 22023;
 * the range checks of the bigint form follow.
 */
static int64
count_arg(double v, const char *argname)
{
	if (!(v == floor(v) && v >= -9223372036854775808.0 && v < 9223372036854775808.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be a whole number", argname),
				 errdetail("Got %g.", v),
				 errhint("Pass a count, e.g. count(*) or sum() of a 0/1 or integer column.")));
	return (int64) v;
}

PG_FUNCTION_INFO_V1(pmkt_ab_test_proportions_float);

/* pmkt.ab_test_proportions(float8 x 4, alpha): counts as float8 / numeric */
Datum
pmkt_ab_test_proportions_float(PG_FUNCTION_ARGS)
{
	int64		ca = count_arg(PG_GETARG_FLOAT8(0), "conversions_a");
	int64		na = count_arg(PG_GETARG_FLOAT8(1), "visitors_a");
	int64		cb = count_arg(PG_GETARG_FLOAT8(2), "conversions_b");
	int64		nb = count_arg(PG_GETARG_FLOAT8(3), "visitors_b");

	return ab_test_proportions(fcinfo, ca, na, cb, nb, PG_GETARG_FLOAT8(4));
}

static Datum
ab_test_proportions(FunctionCallInfo fcinfo, int64 ca, int64 na, int64 cb,
					int64 nb, double alpha)
{
	PmktAbProportions r;
	TupleDesc	tupdesc;
	Datum		values[9];
	bool		nulls[9] = {0};

	check_visitors(na, "visitors_a");
	check_visitors(nb, "visitors_b");
	check_conversions(ca, "conversions_a", na, "visitors_a");
	check_conversions(cb, "conversions_b", nb, "visitors_b");
	check_open_unit(alpha, "alpha", ALPHA_HINT);
	tupdesc = result_desc(fcinfo);

	pmkt_ab_proportions(ca, na, cb, nb, alpha, &r);
	set_float(values, nulls, 0, r.rate_a);
	set_float(values, nulls, 1, r.rate_b);
	set_float(values, nulls, 2, r.lift);
	set_float(values, nulls, 3, r.relative_lift);
	set_float(values, nulls, 4, r.z);
	set_float(values, nulls, 5, r.p_value);
	set_float(values, nulls, 6, r.ci_lower);
	set_float(values, nulls, 7, r.ci_upper);
	if (isnan(r.p_value))
		nulls[8] = true;
	else
		values[8] = BoolGetDatum(r.p_value < alpha);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(pmkt_welch_t_test);

/*
 * pmkt.welch_t_test(mean_a, sd_a, n_a, mean_b, sd_b, n_b, alpha)
 *    -> pmkt.welch_result
 */
static Datum welch_t_test(FunctionCallInfo fcinfo, int64 n_a, int64 n_b);

Datum
pmkt_welch_t_test(PG_FUNCTION_ARGS)
{
	return welch_t_test(fcinfo, PG_GETARG_INT64(2), PG_GETARG_INT64(5));
}

PG_FUNCTION_INFO_V1(pmkt_welch_t_test_float);

/* pmkt.welch_t_test with the sizes as float8 / numeric */
Datum
pmkt_welch_t_test_float(PG_FUNCTION_ARGS)
{
	int64		n_a = count_arg(PG_GETARG_FLOAT8(2), "n_a");
	int64		n_b = count_arg(PG_GETARG_FLOAT8(5), "n_b");

	return welch_t_test(fcinfo, n_a, n_b);
}

static Datum
welch_t_test(FunctionCallInfo fcinfo, int64 n_a, int64 n_b)
{
	double		mean_a = PG_GETARG_FLOAT8(0);
	double		sd_a = PG_GETARG_FLOAT8(1);
	double		mean_b = PG_GETARG_FLOAT8(3);
	double		sd_b = PG_GETARG_FLOAT8(4);
	double		alpha = PG_GETARG_FLOAT8(6);
	PmktWelch	r;
	TupleDesc	tupdesc;
	Datum		values[7];
	bool		nulls[7] = {0};

	pmkt_check_finite(mean_a, "mean_a");
	pmkt_check_nonnegative(sd_a, "sd_a");
	check_n_for_sd(n_a, "n_a");
	pmkt_check_finite(mean_b, "mean_b");
	pmkt_check_nonnegative(sd_b, "sd_b");
	check_n_for_sd(n_b, "n_b");
	check_open_unit(alpha, "alpha", ALPHA_HINT);
	tupdesc = result_desc(fcinfo);

	pmkt_welch(mean_a, sd_a, n_a, mean_b, sd_b, n_b, alpha, &r);
	set_float(values, nulls, 0, r.difference);
	set_float(values, nulls, 1, r.t);
	set_float(values, nulls, 2, r.df);
	set_float(values, nulls, 3, r.p_value);
	set_float(values, nulls, 4, r.ci_lower);
	set_float(values, nulls, 5, r.ci_upper);
	if (isnan(r.p_value))
		nulls[6] = true;
	else
		values[6] = BoolGetDatum(r.p_value < alpha);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(pmkt_chi_square_test);

/*
 * pmkt.chi_square_test(conversions bigint[], visitors bigint[])
 *    -> pmkt.chi_square_result
 */
Datum
pmkt_chi_square_test(PG_FUNCTION_ARGS)
{
	ArrayType  *conv_arr = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *vis_arr = PG_GETARG_ARRAYTYPE_P(1);
	int64	   *conv,
			   *vis;
	int			k,
				kv,
				i;
	PmktChiSquare r;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {0};

	conv = int8_array(conv_arr, "conversions", &k);
	vis = int8_array(vis_arr, "visitors", &kv);
	if (k != kv)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("arguments \"conversions\" and \"visitors\" must have the same length"),
				 errdetail("Got %d conversions and %d visitors.", k, kv),
				 errhint("Pass one conversions and one visitors count per variant.")));
	if (k < 2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("arguments \"conversions\" and \"visitors\" must have at least 2 variants"),
				 errdetail("Got %d.", k),
				 errhint("A chi-square test compares two or more variants.")));
	for (i = 0; i < k; i++)
	{
		char		cname[32],
					vname[32];

		snprintf(cname, sizeof(cname), "conversions[%d]", i + 1);
		snprintf(vname, sizeof(vname), "visitors[%d]", i + 1);
		check_visitors(vis[i], vname);
		check_conversions(conv[i], cname, vis[i], vname);
	}
	tupdesc = result_desc(fcinfo);

	pmkt_chi_square_2xk(conv, vis, k, &r);
	set_float(values, nulls, 0, r.chi_square);
	values[1] = Int32GetDatum(r.df);
	set_float(values, nulls, 2, r.p_value);
	set_float(values, nulls, 3, r.cramers_v);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(pmkt_ab_sample_size);

/*
 * pmkt.ab_sample_size(baseline_rate, minimum_detectable_effect, alpha,
 *                     power, relative) -> bigint visitors per arm
 */
Datum
pmkt_ab_sample_size(PG_FUNCTION_ARGS)
{
	double		p1 = PG_GETARG_FLOAT8(0);
	double		mde = PG_GETARG_FLOAT8(1);
	double		alpha = PG_GETARG_FLOAT8(2);
	double		power = PG_GETARG_FLOAT8(3);
	bool		relative = PG_GETARG_BOOL(4);
	double		p2,
				n;

	if (isnan(p1) || p1 <= 0.0 || p1 >= 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"baseline_rate\" must be a rate strictly between 0 and 1"),
				 errdetail("Got %g.", p1),
				 errhint("Pass rates as fractions, e.g. 0.08 for 8%%.")));
	pmkt_check_finite(mde, "minimum_detectable_effect");
	if (mde == 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"minimum_detectable_effect\" must not be zero"),
				 errhint("Pass the smallest difference worth detecting, e.g. 0.01 (absolute) or 0.1 with relative => true.")));
	check_open_unit(alpha, "alpha", ALPHA_HINT);
	check_open_unit(power, "power", "power is the chance to detect the effect, e.g. 0.8.");
	p2 = relative ? p1 * (1.0 + mde) : p1 + mde;
	if (!(p2 > 0.0 && p2 < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"minimum_detectable_effect\" moves the rate outside (0, 1)"),
				 errdetail("baseline_rate %g with %s effect %g gives %g.",
						   p1, relative ? "relative" : "absolute", mde, p2),
				 errhint("An absolute effect is added to the rate (0.08 + 0.04); a relative one multiplies it (0.08 * (1 + 0.5)).")));
	n = pmkt_ab_sample_size_exact(p1, p2, alpha, power);
	if (!(n < 9.0e18))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sample size out of range for minimum_detectable_effect %g", mde),
				 errdetail("About %.3g visitors per arm would be needed.", n),
				 errhint("Detectable effects are usually at least 0.1 percentage points (0.001).")));
	/* round up, without turning an exact integer plus rounding noise into n + 1 */
	PG_RETURN_INT64((int64) ceil(n * (1.0 - 1e-12)));
}
