/*
 * summary.c
 *    Per-customer summary of a transaction log in the conventions of the
 *    Python lifetimes library (summary_data_from_transaction_data):
 *
 *      period     each order time (UTC) truncated to its unit: the day, the
 *                 week starting on Monday (pandas' W-SUN periods), or the
 *                 calendar month; several orders in one period count once,
 *                 with the period's amount the sum of its orders
 *      frequency  the customer's purchase periods minus one (repeat periods)
 *      recency    last purchase period - first purchase period
 *      T          period of observation_end - first purchase period
 *      monetary_value  mean amount of the repeat periods (the first period
 *                 excluded), 0 for a customer without repeat purchase
 *
 * With an order id column the rows are order lines: the lines of one
 * (customer, order id) make one order whose time is its earliest line and
 * whose amount is the sum of its lines, so line items never inflate
 * anything (rfm.c does the same).
 *
 * Shape: one SQL statement (PostgreSQL plans the grouping, in parallel when
 * it pays) delivered by a DestReceiver into a C array of about 48 bytes a
 * customer (within pmkt.max_train_memory), then emitted.  The aggregate
 * pmkt.clv_summary_agg gives the same figures from rows that are already
 * one per customer and period, with a float8[] state that combines.
 */
#include "pmkt.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/dest.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "lifetime.h"
#include "util/state.h"
#include "util/userquery.h"

/* ---------- units and periods ---------- */

PmktClvUnit
pmkt_clv_parse_unit(const char *s, const char *argname)
{
	if (strcmp(s, "day") == 0)
		return PMKT_CLV_DAY;
	if (strcmp(s, "week") == 0)
		return PMKT_CLV_WEEK;
	if (strcmp(s, "month") == 0)
		return PMKT_CLV_MONTH;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for argument \"%s\"", argname),
			 errdetail("Got \"%s\".", s),
			 errhint("Use 'day', 'week' (weeks starting on Monday) or 'month'.")));
	pg_unreachable();
}

const char *
pmkt_clv_unit_name(PmktClvUnit u)
{
	return u == PMKT_CLV_DAY ? "day" : u == PMKT_CLV_WEEK ? "week" : "month";
}

static int64
floor_div(int64 a, int64 b)
{
	int64		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64
pmkt_clv_period_of(TimestampTz t, PmktClvUnit u)
{
	int64		day = floor_div(t, USECS_PER_DAY) + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE);
	int			y,
				m,
				d;

	if (u == PMKT_CLV_DAY)
		return day;
	if (u == PMKT_CLV_WEEK)
		return floor_div(day + 3, 7);	/* 1970-01-01 was a Thursday */
	j2date((int) (day + UNIX_EPOCH_JDATE), &y, &m, &d);
	return (int64) (y - 1970) * 12 + (m - 1);
}

static TimestampTz
finite_ts(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(argno);

	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be a finite timestamp", argname),
				 errhint("Pass a real date and time, or NULL where the argument allows it.")));
	return t;
}

PG_FUNCTION_INFO_V1(pmkt_clv_period);
/* pmkt.clv_period(t timestamptz, unit text) -> bigint */
Datum
pmkt_clv_period(PG_FUNCTION_ARGS)
{
	TimestampTz t = finite_ts(fcinfo, 0, "t");
	PmktClvUnit u = pmkt_clv_parse_unit(text_to_cstring(PG_GETARG_TEXT_PP(1)), "unit");

	PG_RETURN_INT64(pmkt_clv_period_of(t, u));
}

/* ---------- the summary pass ---------- */

typedef struct ClvCustomer
{
	int64		id;
	int64		periods;
	int64		first_p;
	int64		last_p;
	double		repeat_amount;
} ClvCustomer;

typedef struct ClvSummary
{
	int64		n;
	int64		cap;
	ClvCustomer *c;
	MemoryContext cxt;
	TimestampTz max_t;
	bool		have_end;
	TimestampTz end;
	const char *funcname;
} ClvSummary;

typedef struct ClvDest
{
	DestReceiver pub;
	ClvSummary *res;
} ClvDest;

#define CLV_NCOLS 8

static bool
clv_receive(TupleTableSlot *slot, DestReceiver *self)
{
	ClvSummary *res = ((ClvDest *) self)->res;
	ClvCustomer *c;
	double		total,
				repeat,
				minamount;
	TimestampTz mt;

	slot_getallattrs(slot);
	for (int i = 0; i < CLV_NCOLS; i++)
		if (slot->tts_isnull[i] && i != 4)
			elog(ERROR, "%s: unexpected NULL in the aggregated orders", res->funcname);
	if (res->n == res->cap)
	{
		Size		per = sizeof(ClvCustomer);
		int64		newcap = res->cap ? res->cap * 2 : 1024;

		if ((Size) newcap * per > PMKT_TRAIN_BUDGET_BYTES)
			newcap = (int64) (PMKT_TRAIN_BUDGET_BYTES / per);
		if (newcap <= res->n)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: the customers exceed pmkt.max_train_memory", res->funcname),
					 errdetail("pmkt.max_train_memory is %d kB, %d bytes per customer; " INT64_FORMAT " customers were read.",
							   pmkt_max_train_memory_kb, (int) per, res->n),
					 errhint("Raise pmkt.max_train_memory, or summarise a subset of the customers at a time (e.g. WHERE customer_id %% 4 = 0).")));
		res->cap = newcap;
		if (res->c == NULL)
			res->c = MemoryContextAllocHuge(res->cxt, sizeof(ClvCustomer) * res->cap);
		else
			res->c = repalloc_huge(res->c, sizeof(ClvCustomer) * res->cap);
	}
	c = &res->c[res->n];
	c->id = DatumGetInt64(slot->tts_values[0]);
	c->periods = DatumGetInt64(slot->tts_values[1]);
	c->first_p = DatumGetInt64(slot->tts_values[2]);
	c->last_p = DatumGetInt64(slot->tts_values[3]);
	repeat = slot->tts_isnull[4] ? 0 : DatumGetFloat8(slot->tts_values[4]);
	total = DatumGetFloat8(slot->tts_values[5]);
	minamount = DatumGetFloat8(slot->tts_values[6]);
	mt = DatumGetTimestampTz(slot->tts_values[7]);
	if (!isfinite(total) || !isfinite(repeat))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: order amounts must be finite numbers", res->funcname),
				 errdetail("The amounts of customer " INT64_FORMAT " sum to %g.", c->id, total),
				 errhint("Filter out NaN or infinite amounts.")));
	if (minamount < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: order amounts must not be negative", res->funcname),
				 errdetail("Customer " INT64_FORMAT " has an amount of %g.", c->id, minamount),
				 errhint("Filter out returns and refunds (negative amounts), or net them into their orders first.")));
	if (TIMESTAMP_NOT_FINITE(mt))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: order times must be finite", res->funcname),
				 errdetail("Customer " INT64_FORMAT " has an order at infinity.", c->id),
				 errhint("Filter out orders at '-infinity' or 'infinity'.")));
	if (res->have_end && mt > res->end)
	{
		char	   *at = pstrdup(timestamptz_to_str(mt));

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: an order is after argument \"observation_end\"", res->funcname),
				 errdetail("Customer " INT64_FORMAT " ordered at %s; observation_end is %s.", c->id,
						   at, timestamptz_to_str(res->end)),
				 errhint("Pass a later observation_end, or keep only the orders up to it (WHERE ordered_at <= ...).")));
	}
	if (res->n == 0 || mt > res->max_t)
		res->max_t = mt;
	c->repeat_amount = c->periods > 1 ? repeat / (double) (c->periods - 1) : 0.0;
	res->n++;
	if ((res->n & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	return true;
}

static void
clv_startup(DestReceiver *self, int operation pg_attribute_unused(), TupleDesc typeinfo)
{
	if (typeinfo->natts != CLV_NCOLS)
		elog(ERROR, "%s: aggregation query returned %d columns",
			 ((ClvDest *) self)->res->funcname, typeinfo->natts);
}

static void
clv_noop(DestReceiver *self pg_attribute_unused())
{
}

/*
 * check_columns: the source's columns must be the customer id (an integer
 * type), the order time (timestamptz, timestamp or date), the amount (a
 * number) and, with an order id, a fourth column of any type.  Returns the
 * time column's type.  argnames: the regclass form's argument names; NULL
 * for the query form.
 */
static Oid
check_columns(const char *source, int ncols, const char *const *argnames, const char *funcname)
{
	/* the first three roles as rfm's (util/userquery.h), then the order id */
	const char *const roles[4] = {pmkt_order_roles[0], pmkt_order_roles[1],
	pmkt_order_roles[2], "the order id"};
	/* the query form names its argument; the table form's query is pmkt's */
	PmktUserQuery uq = {funcname, argnames == NULL ? "query" : "orders", source};
	char	   *got;
	TupleDesc	desc = pmkt_uq_describe(&uq, &got);

	for (int i = 0; i < ncols; i++)
	{
		Oid			t = i < desc->natts ? getBaseType(TupleDescAttr(desc, i)->atttypid) : InvalidOid;
		bool		ok = i < desc->natts && pmkt_order_column_ok(t, i);

		if (ok)
			continue;
		if (argnames != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s: argument \"%s\" must name %s", funcname, argnames[i], roles[i]),
					 errdetail("Received columns: %s.", got),
					 errhint("Name the customer, order time and amount columns with customer_col, time_col and amount_col.")));
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: argument \"query\": column %d must be %s", funcname, i + 1, roles[i]),
				 errdetail("Received columns: %s.", got),
				 errhint("Return the customer id, the order time and the amount%s as the first columns, in that order.",
						 ncols == 4 ? " and the order id" : "")));
	}
	return getBaseType(TupleDescAttr(desc, 1)->atttypid);
}

/*
 * clv_summarise: run the summary statement over source (customer, time,
 * amount[, order id]) and fill a ClvSummary.
 */
static ClvSummary *
clv_summarise(const char *source, bool have_order, Oid time_type, PmktClvUnit unit,
			  bool have_end, TimestampTz end, const char *funcname, const char *argname)
{
	PmktUserQuery uq = {funcname, argname, source};
	ClvSummary *res = palloc0(sizeof(ClvSummary));
	ClvDest		dest;
	SPIExecuteOptions xopt;
	StringInfoData q;
	const char *texpr;
	int			rc;

	res->cxt = CurrentMemoryContext;
	res->have_end = have_end;
	res->end = end;
	res->funcname = funcname;
	/* the time as timestamptz; a timestamp or date is read as UTC */
	texpr = time_type == TIMESTAMPTZOID ? "t" :
		time_type == TIMESTAMPOID ? "pg_catalog.timezone('UTC', t)" :
		"pg_catalog.timezone('UTC', t::pg_catalog.timestamp)";
	initStringInfo(&q);
	appendStringInfo(&q,
					 "SELECT c, pg_catalog.count(*), pg_catalog.min(p), pg_catalog.max(p), "
					 "pg_catalog.sum(s) FILTER (WHERE p OPERATOR(pg_catalog.<>) fp), pg_catalog.sum(s), "
					 "pg_catalog.min(mn), pg_catalog.max(mt) FROM "
					 "(SELECT c, p, s, mn, mt, pg_catalog.min(p) OVER (PARTITION BY c) AS fp FROM "
					 "(SELECT c, pmkt.clv_period(t, '%s') AS p, pg_catalog.sum(a) AS s, "
					 "pg_catalog.min(mn) AS mn, pg_catalog.max(t) AS mt FROM ",
					 pmkt_clv_unit_name(unit));
	if (have_order)
		appendStringInfo(&q,
						 "(SELECT c, pg_catalog.min(t) AS t, pg_catalog.sum(a) AS a, pg_catalog.min(a) AS mn FROM "
						 "(SELECT c::pg_catalog.int8 AS c, %s AS t, a::pg_catalog.float8 AS a, o "
						 "FROM (%s\n) src(c, t, a, o) "
						 "WHERE c IS NOT NULL AND t IS NOT NULL AND a IS NOT NULL AND o IS NOT NULL) l "
						 "GROUP BY c, o) o ", texpr, source);
	else
		appendStringInfo(&q,
						 "(SELECT c::pg_catalog.int8 AS c, %s AS t, a::pg_catalog.float8 AS a, "
						 "a::pg_catalog.float8 AS mn FROM (%s\n) src(c, t, a) "
						 "WHERE c IS NOT NULL AND t IS NOT NULL AND a IS NOT NULL) o ", texpr, source);
	appendStringInfoString(&q, "GROUP BY 1, 2) g) w GROUP BY c");

	memset(&dest, 0, sizeof(dest));
	dest.pub.receiveSlot = clv_receive;
	dest.pub.rStartup = clv_startup;
	dest.pub.rShutdown = clv_noop;
	dest.pub.rDestroy = clv_noop;
	dest.pub.mydest = DestNone;
	dest.res = res;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	memset(&xopt, 0, sizeof(xopt));
	xopt.read_only = true;
	xopt.dest = (DestReceiver *) &dest;
	rc = pmkt_uq_execute_extended(&uq, q.data, &xopt);
	if (rc != SPI_OK_SELECT && rc != SPI_OK_UTILITY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the orders source must be a SELECT", funcname),
				 errdetail("%s", SPI_result_code_string(rc))));
	SPI_finish();
	return res;
}

static void
emit_summary(FunctionCallInfo fcinfo, ClvSummary *res, PmktClvUnit unit)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		end_p;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (rsinfo->setDesc->natts != 5)
		elog(ERROR, "clv_summary: result type has %d columns, expected 5", rsinfo->setDesc->natts);
	if (res->n == 0)
		return;
	end_p = pmkt_clv_period_of(res->have_end ? res->end : res->max_t, unit);
	for (int64 i = 0; i < res->n; i++)
	{
		ClvCustomer *c = &res->c[i];
		Datum		v[5];
		bool		nulls[5] = {0};

		v[0] = Int64GetDatum(c->id);
		v[1] = Int64GetDatum(c->periods - 1);
		v[2] = Float8GetDatum((double) (c->last_p - c->first_p));
		v[3] = Float8GetDatum((double) (end_p - c->first_p));
		v[4] = Float8GetDatum(c->repeat_amount);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

static text *
arg_text(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"%s\" must not be NULL", argname)));
	return PG_GETARG_TEXT_PP(argno);
}

PG_FUNCTION_INFO_V1(pmkt_clv_summary);
/*
 * pmkt.clv_summary(orders regclass, customer_col, time_col, amount_col,
 *                  order_col, unit, observation_end)
 */
Datum
pmkt_clv_summary(PG_FUNCTION_ARGS)
{
	static const char *const argnames[4] = {"customer_col", "time_col", "amount_col", "order_col"};
	const char *fn = "pmkt.clv_summary";
	Oid			relid;
	char	   *relname;
	char	   *cols[4];
	int			ncols = 3;
	char	   *source;
	PmktClvUnit unit;
	bool		have_end = !PG_ARGISNULL(6);
	TimestampTz end = have_end ? finite_ts(fcinfo, 6, "observation_end") : 0;
	Oid			time_type;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"orders\" must not be NULL")));
	relid = PG_GETARG_OID(0);
	relname = get_rel_name(relid);
	if (relname == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("argument \"orders\": relation with OID %u does not exist", relid)));
	for (int i = 0; i < 4; i++)
	{
		if (i == 3)
		{
			if (PG_ARGISNULL(4))
				break;
			ncols = 4;
		}
		cols[i] = text_to_cstring(arg_text(fcinfo, i + 1, argnames[i]));
		if (get_attnum(relid, cols[i]) == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("argument \"%s\": column \"%s\" does not exist in %s",
							argnames[i], cols[i], relname),
					 errhint("Name the customer, order time and amount columns (and the order id of order lines), e.g. customer_col => 'customer_id'.")));
	}
	unit = pmkt_clv_parse_unit(text_to_cstring(arg_text(fcinfo, 5, "unit")), "unit");
	source = psprintf("SELECT %s, %s, %s%s%s FROM %s",
					  quote_identifier(cols[0]), quote_identifier(cols[1]),
					  quote_identifier(cols[2]), ncols == 4 ? ", " : "",
					  ncols == 4 ? quote_identifier(cols[3]) : "",
					  quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
												 relname));
	time_type = check_columns(source, ncols, argnames, fn);
	emit_summary(fcinfo, clv_summarise(source, ncols == 4, time_type, unit, have_end, end, fn, "orders"), unit);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pmkt_clv_summary_query);
/* pmkt.clv_summary_query(query text, unit, observation_end, with_order_id) */
Datum
pmkt_clv_summary_query(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv_summary_query";
	char	   *query = text_to_cstring(arg_text(fcinfo, 0, "query"));
	PmktClvUnit unit = pmkt_clv_parse_unit(text_to_cstring(arg_text(fcinfo, 1, "unit")), "unit");
	bool		have_end = !PG_ARGISNULL(2);
	TimestampTz end = have_end ? finite_ts(fcinfo, 2, "observation_end") : 0;
	bool		with_order;
	Oid			time_type;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"with_order_id\" must not be NULL")));
	with_order = PG_GETARG_BOOL(3);
	time_type = check_columns(query, with_order ? 4 : 3, NULL, fn);
	emit_summary(fcinfo, clv_summarise(query, with_order, time_type, unit, have_end, end, fn, "query"), unit);
	return (Datum) 0;
}

/* ---------- the aggregate over (period, period amount) rows ---------- */

/*
 * State (float8[7]): tag, periods, first period, amount of the first
 * period, last period, amount of the other (repeat) periods, end period.  Periods are integers
 * below 2^53 in magnitude (exact in a double).
 */
#define CLV_TAG 1604.0
#define CLV_LEN 7
#define CLV_PMAX 4503599627370496.0 /* 2^52 */

static void
clv_check_state(const double *s, const char *fn)
{
	double		n = pmkt_state_count(s[1], "periods", fn);

	pmkt_state_finite(s + 2, CLV_LEN - 2, false, "values", fn);
	for (int i = 2; i < CLV_LEN; i++)
		if (i != 3 && i != 5 && (s[i] != floor(s[i]) || fabs(s[i]) > CLV_PMAX))
			pmkt_state_invalid(fn, "a period is not an integer", "Slot %d holds %g.", i, s[i]);
	if (s[3] < 0 || s[5] < 0)
		pmkt_state_invalid(fn, "a negative amount", "Amounts %g and %g.", s[3], s[5]);
	if (n > 0 && (s[2] > s[4] || s[4] > s[6] || n > s[4] - s[2] + 1))
		pmkt_state_invalid(fn, "inconsistent periods or amounts",
						   "periods %g, first %g, last %g, end %g.", n, s[2], s[4], s[6]);
	if (n == 0 && (s[2] != 0 || s[3] != 0 || s[4] != 0 || s[5] != 0))
		pmkt_state_invalid(fn, "an empty state with values", "first period %g.", s[2]);
	if (n == 1 && (s[2] != s[4] || s[5] != 0))
		pmkt_state_invalid(fn, "one period with a repeat amount or two periods",
						   "first period %g, last %g, repeat amount %g.", s[2], s[4], s[5]);
}

PG_FUNCTION_INFO_V1(pmkt_clv_summary_sfunc);
/* clv_summary_sfunc(state, period bigint, amount float8, end_period bigint) */
Datum
pmkt_clv_summary_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv_summary_agg";
	ArrayType  *st;
	double	   *s;
	double		p,
				a,
				e;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	p = (double) PG_GETARG_INT64(1);
	a = PG_GETARG_FLOAT8(2);
	e = (double) PG_GETARG_INT64(3);
	if (!isfinite(a) || a < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"amount\" must be a finite number >= 0", fn),
				 errdetail("Got %g in period %.0f.", a, p),
				 errhint("Filter out returns and refunds and NaN or infinite amounts.")));
	if (fabs(p) > CLV_PMAX || fabs(e) > CLV_PMAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: argument \"period\" or \"end_period\" is out of range", fn),
				 errdetail("Got period %.0f and end_period %.0f.", p, e),
				 errhint("Use pmkt.clv_period(ordered_at, unit).")));
	if (p > e)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: a period is after argument \"end_period\"", fn),
				 errdetail("Got period %.0f with end_period %.0f.", p, e),
				 errhint("Keep only the orders up to the observation end, or pass a later end_period.")));
	if (PG_ARGISNULL(0))
	{
		st = pmkt_state_new(fcinfo, CLV_LEN, fn);
		s = (double *) ARR_DATA_PTR(st);
		s[0] = CLV_TAG;
		s[6] = e;
	}
	else
	{
		st = pmkt_state_arg(fcinfo, 0, fn);
		s = pmkt_state_data(st, CLV_TAG, CLV_LEN, fn);
	}
	if (s[6] != e)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"end_period\" must be the same in every row", fn),
				 errdetail("Got %.0f after %.0f.", e, s[6])));
	if (s[1] == 0)
	{
		s[1] = 1;
		s[2] = s[4] = p;
		s[3] = a;
		s[5] = 0;
		PG_RETURN_ARRAYTYPE_P(st);
	}
	if (p == s[2] || p == s[4])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: period %.0f appears twice for one customer", fn, p),
				 errhint("Feed one row per customer and period: GROUP BY customer_id, pmkt.clv_period(ordered_at, unit) with sum(amount) first.")));
	s[1] += 1;
	if (p < s[2])
	{
		s[5] += s[3];			/* the old first period becomes a repeat */
		s[2] = p;
		s[3] = a;
	}
	else
		s[5] += a;
	if (p > s[4])
		s[4] = p;
	pmkt_state_check_overflow(s + 5, 1, fn);
	PG_RETURN_ARRAYTYPE_P(st);
}

PG_FUNCTION_INFO_V1(pmkt_clv_summary_combine);
Datum
pmkt_clv_summary_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv_summary_combine";
	ArrayType  *a,
			   *b;
	double	   *s,
			   *t;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
	{
		a = pmkt_state_arg(fcinfo, 0, fn);
		clv_check_state(pmkt_state_data(a, CLV_TAG, CLV_LEN, fn), fn);
		PG_RETURN_ARRAYTYPE_P(a);
	}
	b = PG_GETARG_ARRAYTYPE_P(1);
	t = pmkt_state_data(b, CLV_TAG, CLV_LEN, fn);
	clv_check_state(t, fn);
	if (PG_ARGISNULL(0))
	{
		MemoryContext aggcxt;

		if (AggCheckCallContext(fcinfo, &aggcxt))
		{
			MemoryContext old = MemoryContextSwitchTo(aggcxt);

			b = (ArrayType *) DatumGetPointer(datumCopy(PointerGetDatum(b), false, -1));
			MemoryContextSwitchTo(old);
		}
		PG_RETURN_ARRAYTYPE_P(b);
	}
	a = pmkt_state_arg(fcinfo, 0, fn);
	s = pmkt_state_data(a, CLV_TAG, CLV_LEN, fn);
	clv_check_state(s, fn);
	if (s[1] > 0 && t[1] > 0 && s[6] != t[6])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the states have different end periods", fn),
				 errdetail("Got %.0f and %.0f.", s[6], t[6])));
	if (t[1] == 0)
		PG_RETURN_ARRAYTYPE_P(a);
	if (s[1] == 0)
	{
		memcpy(s + 1, t + 1, sizeof(double) * (CLV_LEN - 1));
		PG_RETURN_ARRAYTYPE_P(a);
	}
	if (t[2] == s[2] || t[2] == s[4] || t[4] == s[2] || t[4] == s[4])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: a period appears in both states", fn),
				 errhint("Feed one row per customer and period.")));
	s[1] += t[1];
	if (t[2] < s[2])
	{
		s[5] += s[3] + t[5];
		s[2] = t[2];
		s[3] = t[3];
	}
	else
		s[5] += t[5] + t[3];
	if (t[4] > s[4])
		s[4] = t[4];
	pmkt_state_check_overflow(s + 5, 1, fn);
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(pmkt_clv_summary_final);
/* -> pmkt.clv_rft (frequency, recency, t, monetary_value) */
Datum
pmkt_clv_summary_final(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.clv_summary_final";
	ArrayType  *a;
	double	   *s;
	TupleDesc	desc;
	Datum		v[4];
	bool		nulls[4] = {0};

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	a = PG_GETARG_ARRAYTYPE_P(0);
	s = pmkt_state_data(a, CLV_TAG, CLV_LEN, fn);
	clv_check_state(s, fn);
	if (s[1] == 0)
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "%s: return type must be a row type", fn);
	desc = BlessTupleDesc(desc);
	v[0] = Int64GetDatum((int64) s[1] - 1);
	v[1] = Float8GetDatum(s[4] - s[2]);
	v[2] = Float8GetDatum(s[6] - s[2]);
	v[3] = Float8GetDatum(s[1] > 1 ? s[5] / (s[1] - 1) : 0.0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, v, nulls)));
}
