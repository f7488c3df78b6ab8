/*
 * entropy.c
 *    Entropy weight method and composite score (SPEC 2.4).
 *
 * Over n rows and m columns of non-negative (normalised) data:
 *    p_ij = x_ij / S_j,  S_j = sum_i x_ij
 *    e_j  = -(1 / ln n) sum_i p_ij ln p_ij = (ln S_j - T_j / S_j) / ln n,
 *           T_j = sum_i x_ij ln x_ij  (0 ln 0 = 0)
 *    d_j  = 1 - e_j,   w_j = d_j / sum_k d_k
 * Documented edge cases:
 *  - one row (ln n = 0): every e_j = 1 (a single row cannot discriminate);
 *  - a constant column, e.g. an all-zero one (S_j = 0): exactly e_j = 1,
 *    d_j = 0, weight 0: it carries no information (the state keeps each
 *    column's minimum and maximum to detect this exactly, since the one-pass
 *    formula would leave a rounding residue of a few ulps);
 *  - when every d_j is 0 (one row, or all columns constant) the weights are
 *    equal, 1/m;
 *  - rounding can push e_j a few ulps outside [0, 1]; it is clamped there.
 */
#include "pmkt.h"

#include <float.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"

#include "entropy.h"
#include "util/array.h"
#include "util/state.h"

#define ENT_FN "entropy_weights"
#define ENT_STATE_LEN(d) (PMKT_ENTROPY_HDR + 4 * (d))

PG_FUNCTION_INFO_V1(pmkt_entropy_sfunc);
PG_FUNCTION_INFO_V1(pmkt_entropy_combine);
PG_FUNCTION_INFO_V1(pmkt_entropy_final);
PG_FUNCTION_INFO_V1(pmkt_entropy_detail_final);
PG_FUNCTION_INFO_V1(pmkt_composite_score);

/*
 * entropy_state: state data after checking the tag, width and length
 * (every call) and, when full, the contents (combine and final; every state
 * is untrusted input, util/state.h): a row count, finite non-negative sums
 * and bounds with min <= max, all zero without rows.
 */
static double *
entropy_state(ArrayType *a, bool full)
{
	double	   *s = pmkt_state_data(a, PMKT_ENTROPY_TAG, -1, ENT_FN);
	int			d;

	d = pmkt_state_int(s[1], 1, 100000000, "width", ENT_FN);
	pmkt_state_data(a, PMKT_ENTROPY_TAG, ENT_STATE_LEN(d), ENT_FN);
	if (full)
	{
		double		n = pmkt_state_count(s[2], "rows", ENT_FN);
		const double *S = s + PMKT_ENTROPY_HDR;
		const double *T = S + d;
		const double *mn = T + d;
		const double *mx = mn + d;

		pmkt_state_finite(S, d, true, "sums", ENT_FN);
		pmkt_state_finite(T, d, false, "sums of x log x", ENT_FN);
		pmkt_state_finite(mn, d, true, "minima", ENT_FN);
		pmkt_state_finite(mx, d, true, "maxima", ENT_FN);
		for (int j = 0; j < d; j++)
		{
			if (mn[j] > mx[j])
				pmkt_state_invalid(ENT_FN, "a minimum above its maximum",
								   "Column %d: minimum %.17g, maximum %.17g.",
								   j + 1, mn[j], mx[j]);
			if (n == 0 && (S[j] != 0 || T[j] != 0 || mx[j] != 0))
				pmkt_state_invalid(ENT_FN, "sums without rows",
								   "rows is 0; column %d has sum %.17g, maximum %.17g.",
								   j + 1, S[j], mx[j]);
		}
	}
	return s;
}

/* bad_value: element j of x is NaN, infinite or negative (22023). */
static pg_noinline void
bad_value(int j, double v)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"x\" must contain only finite numbers"),
				 errdetail("Element %d is %g.", j + 1, v)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"x\" must not contain negative values"),
			 errdetail("Element %d is %g.", j + 1, v),
			 errhint("The entropy weight method needs non-negative data: normalise first with pmkt.normalize().")));
}

/* sfunc(state, x): NULL rows skipped; negative values are an error. */
Datum
pmkt_entropy_sfunc(PG_FUNCTION_ARGS)
{
	ArrayType  *sa;
	double	   *s;
	double	   *x;
	double	   *S;
	double	   *T;
	double	   *mn;
	double	   *mx;
	int			d;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	/* finiteness is checked in the update loop below, in the same pass */
	x = pmkt_vector(PG_GETARG_ARRAYTYPE_P(1), "x", &d, false);
	if (PG_ARGISNULL(0))
	{
		sa = pmkt_state_new(fcinfo, ENT_STATE_LEN(d), ENT_FN);
		s = (double *) ARR_DATA_PTR(sa);
		s[0] = PMKT_ENTROPY_TAG;
		s[1] = d;
	}
	else
	{
		sa = pmkt_state_arg(fcinfo, 0, ENT_FN);
		s = (double *) ARR_DATA_PTR(sa);
		/* fast path: a well-formed state of this width; else the full checks */
		if (ARR_NDIM(sa) != 1 || ARR_HASNULL(sa) || ARR_ELEMTYPE(sa) != FLOAT8OID ||
			ARR_DIMS(sa)[0] != ENT_STATE_LEN(d) || s[0] != PMKT_ENTROPY_TAG || s[1] != (double) d)
		{
			s = entropy_state(sa, false);
			if ((int) s[1] != d)
				pmkt_check_same_length(d, "x", (int) s[1], "the first row's x");
		}
	}
	S = s + PMKT_ENTROPY_HDR;
	T = S + d;
	mn = T + d;
	mx = mn + d;
	if (s[2] == 0)
	{
		memcpy(mn, x, sizeof(double) * d);
		memcpy(mx, x, sizeof(double) * d);
	}
	for (int j = 0; j < d; j++)
	{
		double		v = x[j];

		if (unlikely(!(v >= 0 && v <= DBL_MAX)))
			bad_value(j, v);
		if (v < mn[j])
			mn[j] = v;
		if (v > mx[j])
			mx[j] = v;
		if (v > 0)
		{
			S[j] += v;
			T[j] += v * log(v);
		}
	}
	s[2] += 1;
	pmkt_state_check_overflow(S, 2 * d, ENT_FN);
	PG_RETURN_ARRAYTYPE_P(sa);
}

/* combine(state1, state2): sums (strict). */
Datum
pmkt_entropy_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a1 = pmkt_state_arg(fcinfo, 0, ENT_FN);
	ArrayType  *a2 = PG_GETARG_ARRAYTYPE_P(1);
	double	   *s1 = entropy_state(a1, true);
	double	   *s2 = entropy_state(a2, true);
	int			d = (int) s1[1];

	if ((int) s2[1] != d)
		pmkt_check_same_length((int) s2[1], "x", d, "x in another partial state");
	for (int j = PMKT_ENTROPY_HDR; j < PMKT_ENTROPY_HDR + 2 * d; j++)
		s1[j] += s2[j];
	for (int j = PMKT_ENTROPY_HDR + 2 * d; j < PMKT_ENTROPY_HDR + 3 * d; j++)
		if (s2[j] < s1[j])
			s1[j] = s2[j];
	for (int j = PMKT_ENTROPY_HDR + 3 * d; j < PMKT_ENTROPY_HDR + 4 * d; j++)
		if (s2[j] > s1[j])
			s1[j] = s2[j];
	s1[2] += s2[2];
	pmkt_state_check_overflow(s1 + PMKT_ENTROPY_HDR, 2 * d, ENT_FN);
	PG_RETURN_ARRAYTYPE_P(a1);
}

/* entropy_compute: entropy, divergence and weights from a state. */
static void
entropy_compute(double *s, double *e, double *dv, double *w)
{
	int			d = (int) s[1];
	double		n = s[2];
	double	   *S = s + PMKT_ENTROPY_HDR;
	double	   *T = S + d;
	double	   *mn = T + d;
	double	   *mx = mn + d;
	double		lnn = log(n);
	double		dsum = 0;

	for (int j = 0; j < d; j++)
	{
		double		ej;

		if (n <= 1 || mn[j] == mx[j])
			ej = 1.0;			/* one row, or a constant (e.g. all-zero) column */
		else
			ej = (log(S[j]) - T[j] / S[j]) / lnn;
		if (ej > 1)
			ej = 1;
		if (ej < 0)
			ej = 0;
		e[j] = ej;
		dv[j] = 1 - ej;
		dsum += dv[j];
	}
	for (int j = 0; j < d; j++)
		w[j] = dsum > 0 ? dv[j] / dsum : 1.0 / d;
}

/* final(state) -> float8[] weights */
Datum
pmkt_entropy_final(PG_FUNCTION_ARGS)
{
	double	   *s = entropy_state(PG_GETARG_ARRAYTYPE_P(0), true);
	int			d = (int) s[1];
	double	   *e = palloc(sizeof(double) * d);
	double	   *dv = palloc(sizeof(double) * d);
	double	   *w = palloc(sizeof(double) * d);

	entropy_compute(s, e, dv, w);
	PG_RETURN_ARRAYTYPE_P(pmkt_build_vector(w, d));
}

/* detail final(state) -> pmkt.entropy_result */
Datum
pmkt_entropy_detail_final(PG_FUNCTION_ARGS)
{
	double	   *s = entropy_state(PG_GETARG_ARRAYTYPE_P(0), true);
	int			d = (int) s[1];
	double	   *e = palloc(sizeof(double) * d);
	double	   *dv = palloc(sizeof(double) * d);
	double	   *w = palloc(sizeof(double) * d);
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {0};

	entropy_compute(s, e, dv, w);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("entropy_weights_detail must return the composite pmkt.entropy_result")));
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int64GetDatum((int64) s[2]);
	values[1] = PointerGetDatum(pmkt_build_vector(e, d));
	values[2] = PointerGetDatum(pmkt_build_vector(dv, d));
	values[3] = PointerGetDatum(pmkt_build_vector(w, d));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* pmkt.composite_score(x, w) = sum_j w_j x_j */
Datum
pmkt_composite_score(PG_FUNCTION_ARGS)
{
	int			d;
	int			dw;
	double	   *x = pmkt_vector(PG_GETARG_ARRAYTYPE_P(0), "x", &d, true);
	double	   *w = pmkt_vector(PG_GETARG_ARRAYTYPE_P(1), "w", &dw, true);
	double		acc = 0;

	pmkt_check_same_length(d, "x", dw, "w");
	for (int j = 0; j < d; j++)
		acc += w[j] * x[j];
	PG_RETURN_FLOAT8(pmkt_check_result(acc, "composite_score"));
}
