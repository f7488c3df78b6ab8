/*
 * util/report.h
 *    Readable report columns (issue 16): float8 values a person reads,
 *    returned as numeric rounded to a digits argument.
 */
#ifndef PMKT_UTIL_REPORT_H
#define PMKT_UTIL_REPORT_H

#include "postgres.h"
#include "fmgr.h"
#include "access/tupdesc.h"

/* the digits argument argno: -1 when NULL (no rounding), else 0..15;
 * 22023 naming the argument outside that range */
extern int	pmkt_report_digits_arg(FunctionCallInfo fcinfo, int argno);

/* v as numeric rounded to digits decimals; digits < 0: the shortest decimal
 * that reads back as v (the exact float8 value, whatever extra_float_digits) */
extern Datum pmkt_report_numeric(double v, int digits);

/* converts values[i] (a float8 Datum) to numeric where column i of td is
 * numeric, rounded to decimals[i] decimals (or unrounded when digits < 0) */
extern void pmkt_report_round_row(TupleDesc td, Datum *values, const bool *nulls,
								  const int *decimals, int digits);

#endif
