/*
 * util/state.c
 *    float8[] aggregate states (see state.h).
 */
#include "pmkt.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"

#include "util/array.h"
#include "util/state.h"

/* pmkt_state_new: a zeroed 1-D float8[] of n slots in the agg context. */
ArrayType *
pmkt_state_new(FunctionCallInfo fcinfo, int n, const char *funcname pg_attribute_unused())
{
	MemoryContext aggcxt;
	MemoryContext old;
	ArrayType  *a;
	double		zero = 0;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		aggcxt = CurrentMemoryContext;	/* called directly: plain palloc */
	old = MemoryContextSwitchTo(aggcxt);
	a = pmkt_build_vector(&zero, 1);
	if (n > 1)
	{
		Size		nbytes = ARR_OVERHEAD_NONULLS(1) + sizeof(double) * (Size) n;

		a = (ArrayType *) repalloc(a, nbytes);
		SET_VARSIZE(a, nbytes);
		ARR_DIMS(a)[0] = n;
		memset(ARR_DATA_PTR(a), 0, sizeof(double) * (Size) n);
	}
	MemoryContextSwitchTo(old);
	return a;
}

/* pmkt_state_data: check the tag and length, return the doubles. */
double *
pmkt_state_data(ArrayType *state, double tag, int expected_len,
				const char *funcname)
{
	double	   *d;

	if (ARR_ELEMTYPE(state) != FLOAT8OID || ARR_NDIM(state) != 1 ||
		ARR_HASNULL(state) || ARR_DIMS(state)[0] < 1 ||
		(expected_len >= 0 && ARR_DIMS(state)[0] != expected_len))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: invalid aggregate state", funcname),
				 errdetail("The state must be a one-dimensional float8[] without NULLs%s.",
						   expected_len >= 0 ? " of the expected length" : "")));
	d = (double *) ARR_DATA_PTR(state);
	if (d[0] != tag)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: invalid aggregate state", funcname),
				 errdetail("The state's layout tag is %g, expected %g.", d[0], tag)));
	return d;
}

/* pmkt_state_arg: detoast, and copy unless we may scribble on it. */
ArrayType *
pmkt_state_arg(FunctionCallInfo fcinfo, int argno, const char *funcname pg_attribute_unused())
{
	if (AggCheckCallContext(fcinfo, NULL))
		return PG_GETARG_ARRAYTYPE_P(argno);
	return PG_GETARG_ARRAYTYPE_P_COPY(argno);
}

/* pmkt_state_invalid: the one error of a malformed state (see state.h). */
void
pmkt_state_invalid(const char *funcname, const char *problem,
				   const char *detail_fmt,...)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, detail_fmt);
		needed = appendStringInfoVA(&buf, detail_fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: invalid aggregate state: %s", funcname, problem),
			 errdetail_internal("%s", buf.data),
			 errhint("Pass a state made by the aggregate's own transition and combine functions.")));
	pg_unreachable();
}

/* 2^53: every integer up to it is exact in a double */
#define STATE_MAX_COUNT 9007199254740992.0

double
pmkt_state_count(double v, const char *what, const char *funcname)
{
	if (!(v >= 0 && v <= STATE_MAX_COUNT && v == floor(v)))
		pmkt_state_invalid(funcname,
						   psprintf("%s must be a non-negative integer", what),
						   "%s: %.17g.", what, v);
	return v;
}

int
pmkt_state_int(double v, int lo, int hi, const char *what,
			   const char *funcname)
{
	if (!(v >= lo && v <= hi && v == floor(v)))
		pmkt_state_invalid(funcname,
						   psprintf("%s must be an integer between %d and %d",
									what, lo, hi),
						   "%s: %.17g.", what, v);
	return (int) v;
}

void
pmkt_state_count_le(double part, const char *part_name, double whole,
					const char *whole_name, const char *funcname)
{
	if (!(part <= whole))
		pmkt_state_invalid(funcname,
						   psprintf("%s exceed %s", part_name, whole_name),
						   "%s: %.17g, %s: %.17g.", part_name, part,
						   whole_name, whole);
}

void
pmkt_state_finite(const double *v, int n, bool nonnegative, const char *what,
				  const char *funcname)
{
	for (int i = 0; i < n; i++)
	{
		const char *problem;

		if (likely(isfinite(v[i]) && !(nonnegative && v[i] < 0)))
			continue;
		problem = psprintf("%s must be %s", what,
						   nonnegative ? "finite and non-negative" : "finite");
		if (n == 1)
			pmkt_state_invalid(funcname, problem, "%s: %.17g.", what, v[i]);
		pmkt_state_invalid(funcname, problem, "Position %d of the %s: %.17g.",
						   i + 1, what, v[i]);
	}
}

void
pmkt_state_check_overflow(const double *v, int n, const char *funcname)
{
	for (int i = 0; i < n; i++)
		if (unlikely(!isfinite(v[i])))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: value out of range: overflow", funcname),
					 errdetail("A running sum exceeds double precision."),
					 errhint("Rescale the input (e.g. to thousands) before aggregating.")));
}

void
pmkt_result_overflow(const char *funcname)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s: value out of range: overflow", funcname),
			 errdetail("The result exceeds double precision for finite inputs."),
			 errhint("Rescale the inputs to moderate magnitudes.")));
	pg_unreachable();
}

void
pmkt_check_model_finite(const double *v, Size n, const char *argname,
						const char *what)
{
	for (Size i = 0; i < n; i++)
		if (unlikely(!isfinite(v[i])))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\" has a non-finite value in its %s", argname, what),
					 errdetail("Element %d of the %s is %g.", (int) i + 1, what, v[i]),
					 errhint("Pass a model made by the matching training function.")));
}
