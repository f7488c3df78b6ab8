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

#endif							/* PMKT_UTIL_STATE_H */
