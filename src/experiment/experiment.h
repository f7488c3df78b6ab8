/*
 * experiment.h
 *    pmkt.experiment_state: the sufficient statistics of an experiment on
 *    raw unit rows, per variant (issue 15).
 *
 * A flat varlena (no pointers): a header, then one fixed-size ExpArm per
 * variant, sorted by name (strcmp) so that equal data give equal bytes
 * whatever the order rows or partial states arrived in.  Every sum is kept
 * as an unevaluated pair hi + lo (a compensated, double-double sum: each
 * addition is an error-free two-sum and each product y*y is split exactly
 * with fma), so a parallel or distributed plan, which adds the rows in
 * another order, gives the serial figures to ~1e-30 relative.
 */
#ifndef PMKT_EXPERIMENT_H
#define PMKT_EXPERIMENT_H

#include "postgres.h"

#include "fmgr.h"

#define EXP_MAGIC		0x504d5845	/* "EXMP" */
#define EXP_VERSION		1
#define EXP_NAME_MAX	63			/* bytes of a variant name */
#define EXP_MAX_ARMS	64

#define EXP_F_DEN		1			/* has a denominator (ratio metric) */
#define EXP_F_COV		2			/* has a pre-period covariate */

/* the statistics of one arm, each a hi/lo pair (see above) */
enum
{
	XS_N,						/* units (rows) */
	XS_SY, XS_SYY,				/* value / numerator y */
	XS_SD, XS_SDD, XS_SYD,		/* denominator d */
	XS_NC,						/* units with a covariate x */
	XS_SX, XS_SXX, XS_SXY,		/* covariate, over those units */
	XS_SYC, XS_SYYC,			/* y over those units */
	XS_COUNT
};

typedef struct ExpArm
{
	char		name[EXP_NAME_MAX + 1]; /* NUL-terminated, zero-padded */
	double		s[2 * XS_COUNT];	/* s[2k] = hi, s[2k+1] = lo */
} ExpArm;

typedef struct ExpState
{
	int32		vl_len_;
	int32		magic;
	int32		version;
	int32		flags;
	int32		narms;
	int32		pad;
	double		skipped;		/* rows skipped (NULL variant or value) */
	ExpArm		arms[FLEXIBLE_ARRAY_MEMBER];
} ExpState;

#define EXP_SIZE(narms) (offsetof(ExpState, arms) + sizeof(ExpArm) * (Size) (narms))

/* hi + lo of statistic k of an arm */
static inline double
exp_stat(const ExpArm *a, int k)
{
	return a->s[2 * k] + a->s[2 * k + 1];
}

/*
 * A state argument, detoasted, with its whole content validated (22023
 * naming funcname on any inconsistency): every function that reads a state
 * calls it.
 */
extern ExpState *pmkt_exp_state_arg(FunctionCallInfo fcinfo, int argno,
									const char *funcname);
extern void pmkt_exp_validate(const ExpState *st, Size varsize, int sqlstate,
							  const char *funcname);

#endif							/* PMKT_EXPERIMENT_H */
