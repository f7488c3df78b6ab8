/*
 * util/state.h
 *    float8[] aggregate states.
 *
 * pmkt aggregates keep their state in a plain float8[] laid out by the
 * module (slot 0 always holds the module's layout tag, so that a state from
 * another aggregate or a hand-edited one is rejected).  A float8[] needs no
 * serial/deserial functions, ships through parallel query as a value, and
 * its text form is shortest-exact (float8out with extra_float_digits >= 1,
 * the default), so Citus can ship partial states as text.
 *
 * The transition function updates the state in place when called as an
 * aggregate (AggCheckCallContext), so its cost does not grow with the state.
 */
#ifndef PMKT_UTIL_STATE_H
#define PMKT_UTIL_STATE_H

#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/array.h"

/* A new zeroed state of n doubles, allocated in the aggregate's context. */
extern ArrayType *pmkt_state_new(FunctionCallInfo fcinfo, int n,
								 const char *funcname);

/*
 * The state's doubles after checking its tag (slot 0) and its length
 * (expected_len, or any length >= 1 when expected_len < 0).  Raises 22023
 * for a state that is not one of ours.
 */
extern double *pmkt_state_data(ArrayType *state, double tag, int expected_len,
							   const char *funcname);

/* The length of a float8[] state (after pmkt_state_data checked it). */
#define PMKT_STATE_LEN(a) (ARR_DIMS(a)[0])

/*
 * The state argument for in-place update: detoasted, and copied only when
 * not called as an aggregate (then the input must stay untouched).
 */
extern ArrayType *pmkt_state_arg(FunctionCallInfo fcinfo, int argno,
								 const char *funcname);

/*
 * Contents checks.  Every state is untrusted input: users may pass any
 * float8[] to a _combine or _final function by hand (the README invites
 * them to ship states), and may build their own aggregate over our
 * transition function with any INITCOND.  Transition functions check what
 * their memory accesses depend on (tag, length, sizes) on every call;
 * combine and final functions check everything (counts, finiteness,
 * consistency) before use.  Each check raises 22023 invalid_parameter_value
 * with the message "FUNCNAME: invalid aggregate state: PROBLEM", errdetail
 * giving the value(s) and a hint.
 */
extern void pmkt_state_invalid(const char *funcname, const char *problem,
							   const char *detail_fmt,...)
			pg_attribute_printf(3, 4) pg_attribute_noreturn();

/*
 * A count: finite, integral, 0 <= v <= 2^53 (exact in a double).  Returns
 * it; what names the slot ("respondents").
 */
extern double pmkt_state_count(double v, const char *what,
							   const char *funcname);

/* A size stored as a double: integral, lo <= v <= hi.  Returns it. */
extern int	pmkt_state_int(double v, int lo, int hi, const char *what,
						   const char *funcname);

/* part <= whole (both counts already checked). */
extern void pmkt_state_count_le(double part, const char *part_name,
								double whole, const char *whole_name,
								const char *funcname);

/* n values, all finite (and >= 0 when nonnegative). */
extern void pmkt_state_finite(const double *v, int n, bool nonnegative,
							  const char *what, const char *funcname);

/*
 * An accumulator that became non-finite from finite inputs (a transition
 * or combine function overflowing double precision): 22003
 * numeric_value_out_of_range, as PostgreSQL's own float aggregates.
 */
extern void pmkt_state_check_overflow(const double *v, int n,
									  const char *funcname);

/*
 * A result computed from finite inputs and a validated state or model that
 * came out NaN or infinite (overflow): 22003 numeric_value_out_of_range
 * "FUNCNAME: value out of range: overflow", as PostgreSQL's float8
 * arithmetic.  For predict, score and final functions.
 */
extern void pmkt_result_overflow(const char *funcname) pg_attribute_noreturn();

static inline double
pmkt_check_result(double v, const char *funcname)
{
	if (unlikely(!isfinite(v)))
		pmkt_result_overflow(funcname);
	return v;
}

/*
 * A model's parameters (weights, coefficients, centroids): n values, all
 * finite, else 22023 naming the model argument and the part.
 */
extern void pmkt_check_model_finite(const double *v, Size n,
									const char *argname, const char *what);

#endif							/* PMKT_UTIL_STATE_H */
