/*
 * channels.c
 *    pmkt.channel_effectiveness(campaigns regclass): the per-channel table of
 *    SPEC 1.5 (investment, CTR, conversion rate, sales, sales growth, ROI,
 *    CAC) from a campaign table with one row per channel and month.
 *
 * Definitions (also in docs/readme/15_metrics.md):
 *   investment      sum(spend)
 *   ctr             sum(clicks) / sum(impressions)
 *   conversion_rate sum(conversions) / sum(clicks)   (clicks are the visitors)
 *   sales           sum(revenue)
 *   sales_growth    revenue of the later half of the channel's months over the
 *                   earlier half, minus 1 (24 months: year over year); the
 *                   middle month of an odd count is left out; NULL for fewer
 *                   than 2 months or a zero earlier half
 *   roi             (sales - investment) / investment x 100
 *   cac             investment / sum(new_customers)
 * Zero denominators give NULL, as for the scalar metrics.
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "metrics.h"
#include "util/report.h"
#include "util/searchpath.h"

static const char *const required_columns[] = {
	"channel", "month", "impressions", "clicks", "conversions", "new_customers",
	"spend", "revenue"
};

static void
check_columns(Oid relid)
{
	for (int i = 0; i < (int) lengthof(required_columns); i++)
	{
		if (get_attnum(relid, required_columns[i]) == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"campaigns\" must have a column \"%s\"",
							required_columns[i]),
					 errdetail("Table %s has no column \"%s\".",
							   get_rel_name(relid), required_columns[i]),
					 errhint("The campaign table needs channel, month, impressions, clicks, "
							 "conversions, new_customers, spend and revenue, one row per channel and month.")));
	}
}

static double
get_double(HeapTuple tup, TupleDesc desc, int col, bool *isnull)
{
	Datum		d = SPI_getbinval(tup, desc, col, isnull);

	return *isnull ? 0 : DatumGetFloat8(d);
}

/* error context: which channel's rows were being summarised */
static void
channel_context(void *arg)
{
	const char *ch = (const char *) arg;

	errcontext("pmkt.channel_effectiveness: channel \"%s\"", ch ? ch : "(null)");
}

PG_FUNCTION_INFO_V1(pmkt_channel_effectiveness);
Datum
pmkt_channel_effectiveness(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid;
	char	   *relname;
	char	   *sql;
	int			pin;
	int			digits;
	int			decimals[13];
	MemoryContext callcxt = CurrentMemoryContext;

	InitMaterializedSRF(fcinfo, 0);
	/* 1.1: numeric columns rounded to digits (NULL: unrounded); 1.0's
	 * signature (float8 columns, STRICT) calls the same function */
	digits = pmkt_report_digits_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	relid = PG_GETARG_OID(0);
	/* rates to digits decimals; amounts (investment, sales, cac) and roi
	 * (a percent) to 2 */
	for (int i = 0; i < 13; i++)
		decimals[i] = (i == 5 || i == 7 || i == 10) ? digits : 2;
	if (get_rel_name(relid) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("argument \"campaigns\" is not an existing table"),
				 errdetail("No relation with OID %u.", relid)));
	check_columns(relid);
	relname = quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
										 get_rel_name(relid));
	/*
	 * sums as float8 (exact for counts below 2^53); revenue per month for
	 * growth.  pmkt's own SQL over a table: run under the pinned search_path
	 * (util/searchpath.h), and qualified as well.
	 */
	sql = psprintf("SELECT channel::pg_catalog.text, pg_catalog.count(*)::pg_catalog.int4, "
				   "pg_catalog.sum(spend)::pg_catalog.float8, pg_catalog.sum(impressions)::pg_catalog.float8, "
				   "pg_catalog.sum(clicks)::pg_catalog.float8, pg_catalog.sum(conversions)::pg_catalog.float8, "
				   "pg_catalog.sum(new_customers)::pg_catalog.float8, pg_catalog.sum(revenue)::pg_catalog.float8, "
				   "pg_catalog.min(spend)::pg_catalog.float8, pg_catalog.min(impressions)::pg_catalog.float8, "
				   "pg_catalog.min(clicks)::pg_catalog.float8, pg_catalog.min(conversions)::pg_catalog.float8, "
				   "pg_catalog.min(new_customers)::pg_catalog.float8, pg_catalog.min(revenue)::pg_catalog.float8, "
				   "pg_catalog.array_agg(r ORDER BY month) FILTER (WHERE month IS NOT NULL AND r IS NOT NULL) "
				   "FROM (SELECT channel, month, spend, impressions, clicks, conversions, "
				   "new_customers, revenue, revenue::pg_catalog.float8 AS r FROM %s) c "
				   "GROUP BY channel ORDER BY channel", relname);

	pin = pmkt_pin_search_path();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "pmkt.channel_effectiveness: SPI_connect failed");
	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "pmkt.channel_effectiveness: query failed");

	for (uint64 row = 0; row < SPI_processed; row++)
	{
		HeapTuple	tup = SPI_tuptable->vals[row];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Datum		values[13];
		bool		nulls[13];
		double		sums[6];
		static const char *const names[6] = {"spend", "impressions", "clicks",
		"conversions", "new_customers", "revenue"};
		double		spend,
					imp,
					clk,
					conv,
					newc,
					rev,
					r;
		Datum		ch;
		bool		ch_null;
		int32		months;
		MemoryContext old;

		ErrorContextCallback errcb;

		CHECK_FOR_INTERRUPTS();
		memset(nulls, 0, sizeof(nulls));
		ch = SPI_getbinval(tup, desc, 1, &ch_null);
		errcb.callback = channel_context;
		errcb.arg = ch_null ? NULL : TextDatumGetCString(ch);
		errcb.previous = error_context_stack;
		error_context_stack = &errcb;
		months = DatumGetInt32(SPI_getbinval(tup, desc, 2, &isnull));
		for (int i = 0; i < 6; i++)
		{
			bool		minnull;
			double		mn = get_double(tup, desc, 9 + i, &minnull);

			sums[i] = get_double(tup, desc, 3 + i, &isnull);
			/* the minimum catches a negative value or NaN in any row */
			if (!minnull && !(mn >= 0 && isfinite(sums[i])))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"campaigns\" must not have negative or non-finite values in column \"%s\"",
								names[i]),
						 errdetail("The smallest value is %g and the sum %g.", mn, sums[i])));
		}
		spend = sums[0];
		imp = sums[1];
		clk = sums[2];
		conv = sums[3];
		newc = sums[4];
		rev = sums[5];

		values[0] = ch;
		nulls[0] = ch_null;
		values[1] = Int32GetDatum(months);
		values[2] = Float8GetDatum(spend);
		values[3] = Int64GetDatum((int64) imp);
		values[4] = Int64GetDatum((int64) clk);
		r = pmkt_metric_rate(clk, imp, "clicks", "impressions", &nulls[5]);
		values[5] = Float8GetDatum(r);
		values[6] = Int64GetDatum((int64) conv);
		r = pmkt_metric_rate(conv, clk, "conversions", "clicks", &nulls[7]);
		values[7] = Float8GetDatum(r);
		values[8] = Int64GetDatum((int64) newc);
		values[9] = Float8GetDatum(rev);

		/* sales growth: later half of the months over the earlier half */
		nulls[10] = true;
		{
			Datum		ad = SPI_getbinval(tup, desc, 15, &isnull);

			if (!isnull)
			{
				ArrayType  *a = DatumGetArrayTypeP(ad);
				int			n = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
				double	   *v = (double *) ARR_DATA_PTR(a);
				int			h = n / 2;
				double		first = 0,
							last = 0;

				for (int i = 0; i < h; i++)
				{
					first += v[i];
					last += v[n - h + i];
				}
				if (h > 0 && first != 0)
				{
					values[10] = Float8GetDatum((last - first) / first);
					nulls[10] = false;
				}
			}
		}
		nulls[11] = (spend == 0);
		values[11] = Float8GetDatum(nulls[11] ? 0 : (rev - spend) / spend * 100.0);
		nulls[12] = (newc == 0);
		values[12] = Float8GetDatum(nulls[12] ? 0 : spend / newc);

		error_context_stack = errcb.previous;
		pmkt_report_round_row(rsinfo->setDesc, values, nulls, decimals, digits);
		old = MemoryContextSwitchTo(callcxt);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
	pmkt_unpin_search_path(pin);
	return (Datum) 0;
}
