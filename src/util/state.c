/*
 * util/state.c
 *    float8[] aggregate states (see state.h).
 */
#include "pmkt.h"

#include "catalog/pg_type.h"

#include "util/array.h"
#include "util/state.h"

/* pmkt_state_new: a zeroed 1-D float8[] of n slots in the agg context. */
ArrayType *
pmkt_state_new(FunctionCallInfo fcinfo, int n, const char *funcname)
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
pmkt_state_arg(FunctionCallInfo fcinfo, int argno, const char *funcname)
{
	if (AggCheckCallContext(fcinfo, NULL))
		return PG_GETARG_ARRAYTYPE_P(argno);
	return PG_GETARG_ARRAYTYPE_P_COPY(argno);
}
