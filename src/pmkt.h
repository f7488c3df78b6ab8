/*
 * pmkt.h
 *    Shared declarations for every pmkt module: settings and error helpers.
 *
 * Every module includes this first.  Keep it small: module-specific
 * declarations belong in the module's own header.
 */
#ifndef PMKT_H
#define PMKT_H

#include "postgres.h"
#include "compat.h"

#include <limits.h>
#include <math.h>

#include "fmgr.h"

/*
 * The training budget in kilobytes: pmkt.max_train_memory capped by the
 * superuser's pmkt.max_train_memory_limit (kept up to date by the two
 * settings' assign hooks, pmkt.c).  Rows a trainer may hold in memory.
 */
extern int	pmkt_max_train_memory_kb;

/* Budget in bytes (the GUC is in kB, as work_mem is). */
/* pmkt.simd: which vector path nn scoring may take (nnfast.c) */
#define PMKT_SIMD_AUTO	0
#define PMKT_SIMD_OFF	1
extern int	pmkt_simd;

#define PMKT_TRAIN_BUDGET_BYTES ((Size) pmkt_max_train_memory_kb * (Size) 1024)

/*
 * Raise 22023 invalid_parameter_value naming the argument.  The detail and
 * hint are printf formats; pass NULL for none.
 */
#define pmkt_invalid_arg(argname, ...) \
	ereport(ERROR, \
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE), \
			 errmsg("invalid value for argument \"%s\"", (argname)), \
			 errdetail(__VA_ARGS__)))

/* Scalar argument checks; each raises 22023 with the argument's name. */
extern void pmkt_check_finite(double v, const char *argname);
extern void pmkt_check_nonnegative(double v, const char *argname);
extern void pmkt_check_rate(double v, const char *argname);	/* [0, 1] */
extern void pmkt_check_positive_int(int64 v, const char *argname);

#endif							/* PMKT_H */
