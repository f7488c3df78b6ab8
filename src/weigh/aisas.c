/*
 * aisas.c
 *    pmkt.aisas_indices(source regclass): the 17 secondary indices of the
 *    AISAS index system (SPEC 2.1) per (unit_id, month).
 *
 * Input shape (the demo contract's pmkt_demo.aisas_monthly): unit_id, month
 * and 20 raw monthly counts (bigint; purchase_amount float8; anything
 * castable to float8 works).  Indices:
 *   B11 ad_impressions                      B12 brand_aware / consumers
 *   B21 page_views                          B22 favourites / interested
 *   B31 keyword_searches                    B32 keyword_searches / category_keyword_searches
 *   B33 related_searches                    B34 related_searches / category_related_searches
 *   B41 buyers / product_page_views
 *   B42..B45 month-on-month growth (X_i - X_{i-1}) / X_{i-1} of orders,
 *            purchasers, standard_purchasers, purchase_amount
 *   B51 topics  B52 replies  B53 reviews  B54 reposts
 * A ratio with a zero denominator is NULL; a growth rate is NULL for the
 * first month of a unit, when the previous calendar month is missing, or
 * when the previous value is 0 or NULL.  NULL counts give NULL indices.
 * The indices column (float8[] of all 17) is NULL when any index is NULL, so
 * aggregates over it skip incomplete months.  All 17 are positive indices.
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"

#include "aisas.h"
#include "util/array.h"
#include "util/searchpath.h"

PG_FUNCTION_INFO_V1(pmkt_aisas_indices);
PG_FUNCTION_INFO_V1(pmkt_aisas_index_names);

static const char *const raw_columns[PMKT_AISAS_NRAW] = {
	"ad_impressions", "brand_aware", "consumers", "page_views", "favourites",
	"interested", "keyword_searches", "category_keyword_searches",
	"related_searches", "category_related_searches", "product_page_views",
	"buyers", "orders", "purchasers", "standard_purchasers",
	"purchase_amount", "topics", "replies", "reviews", "reposts"
};

enum
{
	R_IMPR, R_AWARE, R_CONS, R_PV, R_FAV, R_INT, R_KW, R_CATKW, R_REL,
	R_CATREL, R_PPV, R_BUY, R_ORD, R_PUR, R_STD, R_AMT, R_TOP, R_REP,
	R_REV, R_RPO
};

static const char *const index_names[PMKT_AISAS_NINDICES] = {
	"b11_ad_impressions", "b12_brand_recognition", "b21_page_views",
	"b22_favourite_ratio", "b31_keyword_searches", "b32_keyword_search_index",
	"b33_related_searches", "b34_related_search_index", "b41_conversion_rate",
	"b42_order_growth", "b43_purchaser_growth", "b44_standard_purchase_growth",
	"b45_amount_growth", "b51_topics", "b52_replies", "b53_reviews",
	"b54_reposts"
};

/* ratio: a / b, NULL (false) for a NULL operand or a zero denominator. */
static bool
ratio(double a, bool an, double b, bool bn, double *out)
{
	if (an || bn || b == 0)
		return false;
	*out = a / b;
	return true;
}

/* month_index: year * 12 + month of a date, to detect consecutive months. */
static int
month_index(DateADT d)
{
	int			y;
	int			m;
	int			dd;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
	return y * 12 + (m - 1);
}

Datum
pmkt_aisas_indices(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid = PG_GETARG_OID(0);
	char	   *relname;
	StringInfoData q;
	Portal		portal;
	int			pin;
	bool		have_prev = false;
	int32		prev_unit = 0;
	int			prev_month = 0;
	double		prev_val[4] = {0};
	bool		prev_null[4] = {true, true, true, true};
	static const int growth_src[4] = {R_ORD, R_PUR, R_STD, R_AMT};
	MemoryContext rowcxt;
	MemoryContext old;

	InitMaterializedSRF(fcinfo, 0);

	{
		char	   *nsp;
		char	   *rel = get_rel_name(relid);

		if (rel == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_TABLE),
					 errmsg("argument \"source\" names no relation (oid %u)", relid)));
		nsp = get_namespace_name(get_rel_namespace(relid));
		relname = quote_qualified_identifier(nsp, rel);
		if (get_attnum(relid, "unit_id") == InvalidAttrNumber ||
			get_attnum(relid, "month") == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("argument \"source\" (%s) has no column \"%s\"", relname,
							get_attnum(relid, "unit_id") == InvalidAttrNumber ? "unit_id" : "month"),
					 errhint("The source needs the columns of pmkt_demo.aisas_monthly: unit_id, month and the 20 raw monthly counts.")));
		for (int c = 0; c < PMKT_AISAS_NRAW; c++)
			if (get_attnum(relid, raw_columns[c]) == InvalidAttrNumber)
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_COLUMN),
						 errmsg("argument \"source\" (%s) has no column \"%s\"", relname, raw_columns[c]),
						 errhint("The source needs the columns of pmkt_demo.aisas_monthly: unit_id, month and the 20 raw monthly counts.")));
	}

	initStringInfo(&q);
	/* pmkt's own SQL: qualified, and run pinned (util/searchpath.h) */
	appendStringInfoString(&q, "SELECT unit_id::pg_catalog.int4, month::pg_catalog.date");
	for (int c = 0; c < PMKT_AISAS_NRAW; c++)
		appendStringInfo(&q, ", %s::pg_catalog.float8", raw_columns[c]);
	appendStringInfo(&q, " FROM %s ORDER BY 1, 2", relname);

	pin = pmkt_pin_search_path();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "aisas_indices row",
								   ALLOCSET_SMALL_SIZES);
	portal = SPI_cursor_open_with_args(NULL, q.data, 0, NULL, NULL, NULL, true, 0);

	for (;;)
	{
		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	td = SPI_tuptable->tupdesc;
			bool		isnull;
			int32		unit;
			DateADT		month = 0;
			int			mi;
			double		raw[PMKT_AISAS_NRAW];
			bool		rawnull[PMKT_AISAS_NRAW];
			Datum		values[2 + PMKT_AISAS_NINDICES + 1];
			bool		nulls[2 + PMKT_AISAS_NINDICES + 1];
			double		idx[PMKT_AISAS_NINDICES];
			bool		ok[PMKT_AISAS_NINDICES];
			bool		complete = true;
			bool		consecutive;

			CHECK_FOR_INTERRUPTS();
			MemoryContextReset(rowcxt);
			old = MemoryContextSwitchTo(rowcxt);
			unit = DatumGetInt32(SPI_getbinval(tup, td, 1, &isnull));
			if (!isnull)
				month = DatumGetDateADT(SPI_getbinval(tup, td, 2, &isnull));
			if (isnull)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"source\" has a row with a NULL unit_id or month"),
						 errhint("Every row is one business unit's month: fill or filter the NULL keys.")));
			if (DATE_NOT_FINITE(month))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"source\" has an infinite month for unit_id %d", unit)));
			mi = month_index(month);
			for (int c = 0; c < PMKT_AISAS_NRAW; c++)
			{
				raw[c] = DatumGetFloat8(SPI_getbinval(tup, td, c + 3, &rawnull[c]));
				if (!rawnull[c] && (!isfinite(raw[c]) || raw[c] < 0))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("argument \"source\" has an invalid %s", raw_columns[c]),
							 errdetail("unit_id %d, month %s: %s is %g.", unit,
									   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(month))),
									   raw_columns[c], raw[c]),
							 errhint("Counts and amounts must be finite and non-negative.")));
			}
			consecutive = have_prev && prev_unit == unit && prev_month == mi - 1;
			if (have_prev && prev_unit == unit && prev_month == mi)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"source\" has more than one row for unit_id %d, month %s", unit,
								DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(month)))),
						 errhint("Aggregate the counts to one row per unit and calendar month first.")));

#define DIRECT(k, c) (ok[k] = !rawnull[c], idx[k] = raw[c])
			DIRECT(0, R_IMPR);
			ok[1] = ratio(raw[R_AWARE], rawnull[R_AWARE], raw[R_CONS], rawnull[R_CONS], &idx[1]);
			DIRECT(2, R_PV);
			ok[3] = ratio(raw[R_FAV], rawnull[R_FAV], raw[R_INT], rawnull[R_INT], &idx[3]);
			DIRECT(4, R_KW);
			ok[5] = ratio(raw[R_KW], rawnull[R_KW], raw[R_CATKW], rawnull[R_CATKW], &idx[5]);
			DIRECT(6, R_REL);
			ok[7] = ratio(raw[R_REL], rawnull[R_REL], raw[R_CATREL], rawnull[R_CATREL], &idx[7]);
			ok[8] = ratio(raw[R_BUY], rawnull[R_BUY], raw[R_PPV], rawnull[R_PPV], &idx[8]);
			for (int g = 0; g < 4; g++)
			{
				int			c = growth_src[g];

				ok[9 + g] = consecutive &&
					ratio(raw[c] - prev_val[g], rawnull[c] || prev_null[g],
						  prev_val[g], prev_null[g], &idx[9 + g]);
			}
			DIRECT(13, R_TOP);
			DIRECT(14, R_REP);
			DIRECT(15, R_REV);
			DIRECT(16, R_RPO);
#undef DIRECT

			values[0] = Int32GetDatum(unit);
			nulls[0] = false;
			values[1] = DateADTGetDatum(month);
			nulls[1] = false;
			for (int k = 0; k < PMKT_AISAS_NINDICES; k++)
			{
				values[2 + k] = Float8GetDatum(ok[k] ? idx[k] : 0);
				nulls[2 + k] = !ok[k];
				complete &= ok[k];
			}
			nulls[2 + PMKT_AISAS_NINDICES] = !complete;
			values[2 + PMKT_AISAS_NINDICES] = complete ?
				PointerGetDatum(pmkt_build_vector(idx, PMKT_AISAS_NINDICES)) : (Datum) 0;
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			MemoryContextSwitchTo(old);

			have_prev = true;
			prev_unit = unit;
			prev_month = mi;
			for (int g = 0; g < 4; g++)
			{
				prev_val[g] = raw[growth_src[g]];
				prev_null[g] = rawnull[growth_src[g]];
			}
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	pmkt_unpin_search_path(pin);
	return (Datum) 0;
}

/* pmkt.aisas_index_names() -> text[]: the 17 index column names in order. */
Datum
pmkt_aisas_index_names(PG_FUNCTION_ARGS)
{
	(void) fcinfo;				/* no arguments */
	PG_RETURN_ARRAYTYPE_P(pmkt_build_text_vector(index_names, PMKT_AISAS_NINDICES));
}
