/*
 * util/report.c
 *    Readable report columns (issue 16): a report function builds its row
 *    with float8 values as before; where its declared result column is
 *    numeric, the value is rounded to that column's decimals and returned as
 *    numeric.  A NULL digits argument means no rounding: the shortest decimal
 *    that reads back as the float8 value (independent of extra_float_digits).
 */
#include "pmkt.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "util/report.h"

int
pmkt_report_digits_arg(FunctionCallInfo fcinfo, int argno)
{
	int			digits;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return -1;
	digits = PG_GETARG_INT32(argno);
	if (digits < 0 || digits > 15)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"digits\" must be between 0 and 15"),
				 errdetail("Got %d.", digits),
				 errhint("Pass the number of decimals to round to, or NULL for the values unrounded.")));
	return digits;
}

Datum
pmkt_report_numeric(double v, int digits)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];
	Datum		n;

	if (isnan(v))
		return DirectFunctionCall3(numeric_in, CStringGetDatum("NaN"),
								   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	if (isinf(v))
		return DirectFunctionCall3(numeric_in, CStringGetDatum(v > 0 ? "Infinity" : "-Infinity"),
								   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	double_to_shortest_decimal_buf(v, buf);
	n = DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	if (digits < 0)
		return n;
	return DirectFunctionCall2(numeric_round, n, Int32GetDatum(digits));
}

void
pmkt_report_round_row(TupleDesc td, Datum *values, const bool *nulls,
					  const int *decimals, int digits)
{
	for (int i = 0; i < td->natts; i++)
	{
		if (nulls[i] || TupleDescAttr(td, i)->atttypid != NUMERICOID)
			continue;
		values[i] = pmkt_report_numeric(DatumGetFloat8(values[i]),
										digits < 0 ? -1 : decimals[i]);
	}
}
