/*
 * util/matrix.c
 *    SPI loader for in-memory training (see matrix.h).
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "util/matrix.h"

#define FETCH_BATCH 10000

/* pmkt_datum_to_float8: a numeric or boolean column value as double. */
double
pmkt_datum_to_float8(Datum d, Oid typid)
{
	switch (typid)
	{
		case FLOAT8OID:
			return DatumGetFloat8(d);
		case FLOAT4OID:
			return (double) DatumGetFloat4(d);
		case INT2OID:
			return (double) DatumGetInt16(d);
		case INT4OID:
			return (double) DatumGetInt32(d);
		case INT8OID:
			return (double) DatumGetInt64(d);
		case BOOLOID:
			return DatumGetBool(d) ? 1.0 : 0.0;
		case NUMERICOID:
			return DatumGetFloat8(DirectFunctionCall1(numeric_float8, d));
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("target columns must be numeric or boolean"),
					 errhint("Cast the column, e.g. to float8."),
					 errdetail("Got type %s.", format_type_be(typid))));
	}
	return 0;					/* keep compiler quiet */
}

/* grow: double the capacity of X and Y, or report the budget reached. */
static bool
grow(PmktMatrix *m, int64 *cap, Size budget_bytes)
{
	int64		newcap = *cap * 2;
	Size		row_bytes = sizeof(double) * (Size) (m->d + m->t);

	if ((Size) newcap * row_bytes > budget_bytes)
	{
		newcap = (int64) (budget_bytes / row_bytes);
		if (newcap <= *cap)
			return false;
	}
	m->X = repalloc_huge(m->X, sizeof(double) * (Size) newcap * m->d);
	if (m->t > 0)
		m->Y = repalloc_huge(m->Y, sizeof(double) * (Size) newcap * m->t);
	*cap = newcap;
	return true;
}

/* pmkt_open_cursor: prepare and open, with a clear error naming the caller. */
Portal
pmkt_open_cursor(const char *query, const char *funcname)
{
	SPIPlanPtr	plan = SPI_prepare(query, 0, NULL);

	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s: could not prepare the query", funcname),
				 errdetail("%s", SPI_result_code_string(SPI_result))));
	return SPI_cursor_open(NULL, plan, NULL, NULL, true);
}

PmktMatrix *
pmkt_load_matrix(const char *query, Size budget_bytes, bool error_over_budget,
				 const char *funcname)
{
	MemoryContext callercxt = CurrentMemoryContext;
	PmktMatrix *m = palloc0(sizeof(PmktMatrix));
	Portal		portal;
	int64		cap = 0;

	m->d = -1;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = pmkt_open_cursor(query, funcname);

	for (;;)
	{
		TupleDesc	desc;

		SPI_cursor_fetch(portal, true, FETCH_BATCH);
		CHECK_FOR_INTERRUPTS();
		if (SPI_processed == 0)
			break;
		desc = SPI_tuptable->tupdesc;
		if (m->d < 0)
		{
			if (desc->natts < 1 ||
				SPI_gettypeid(desc, 1) != FLOAT8ARRAYOID)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("%s: the query's first column must be float8[] features",
								funcname),
						 errhint("Write e.g. SELECT ARRAY[f1, f2, f3] FROM t.")));
			m->t = desc->natts - 1;
		}
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			bool		isnull;
			Datum		d = SPI_getbinval(tup, desc, 1, &isnull);
			ArrayType  *a = NULL;
			double	   *x;
			int			len;
			bool		skip = isnull;
			double		yv[64];
			double	   *ybuf = m->t <= 64 ? yv : palloc(sizeof(double) * m->t);

			if (!skip)
			{
				for (int j = 0; j < m->t; j++)
				{
					Datum		yd = SPI_getbinval(tup, desc, j + 2, &isnull);

					if (isnull)
					{
						skip = true;
						break;
					}
					ybuf[j] = pmkt_datum_to_float8(yd, SPI_gettypeid(desc, j + 2));
					if (!isfinite(ybuf[j]))
						ereport(ERROR,
								(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
								 errmsg("%s: targets must be finite numbers", funcname),
								 errdetail("Row " INT64_FORMAT " has target %g.",
										   m->n + m->skipped_null + 1, ybuf[j])));
				}
			}
			if (!skip)
			{
				a = DatumGetArrayTypeP(d);
				if (ARR_NDIM(a) == 1 && !ARR_HASNULL(a))
					len = ARR_DIMS(a)[0];
				else if (ARR_NDIM(a) == 0)
					len = 0;
				else if (ARR_NDIM(a) == 1 && array_contains_nulls(a))
				{
					skip = true;	/* a NULL element: skip the row, as NULL rows */
					len = 0;
				}
				else
					ereport(ERROR,
							(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
							 errmsg("%s: feature vectors must be one-dimensional", funcname)));
				if (!skip)
				{
					if (len == 0)
						ereport(ERROR,
								(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
								 errmsg("%s: feature vectors must not be empty", funcname)));
					if (cap == 0)
					{
						MemoryContext old = MemoryContextSwitchTo(callercxt);

						m->d = len;
						cap = 1024;
						if ((Size) cap * sizeof(double) * (m->d + m->t) > budget_bytes)
							cap = Max(1, (int64) (budget_bytes / (sizeof(double) * (m->d + m->t))));
						m->X = palloc_extended(sizeof(double) * (Size) cap * m->d, MCXT_ALLOC_HUGE);
						if (m->t > 0)
							m->Y = palloc_extended(sizeof(double) * (Size) cap * m->t, MCXT_ALLOC_HUGE);
						MemoryContextSwitchTo(old);
					}
					if (len != m->d)
						ereport(ERROR,
								(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
								 errmsg("%s: all feature vectors must have the same length",
										funcname),
								 errdetail("The first row has %d features, row " INT64_FORMAT " has %d.",
										   m->d, m->n + m->skipped_null + 1, len)));
					x = (double *) ARR_DATA_PTR(a);
					for (int j = 0; j < len; j++)
						if (!isfinite(x[j]))
							ereport(ERROR,
									(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
									 errmsg("%s: features must be finite numbers", funcname),
									 errdetail("Row " INT64_FORMAT ", feature %d is %g.",
											   m->n + m->skipped_null + 1, j + 1, x[j])));
					if (m->n == cap)
					{
						MemoryContext old = MemoryContextSwitchTo(callercxt);
						bool		ok = grow(m, &cap, budget_bytes);

						MemoryContextSwitchTo(old);
						if (!ok)
						{
							m->over_budget = true;
							break;
						}
					}
					memcpy(m->X + (Size) m->n * m->d, x, sizeof(double) * m->d);
					if (m->t > 0)
						memcpy(m->Y + (Size) m->n * m->t, ybuf, sizeof(double) * m->t);
					m->n++;
				}
			}
			if (skip)
				m->skipped_null++;
			if (a != NULL && (Pointer) a != DatumGetPointer(d))
				pfree(a);
			if (ybuf != yv)
				pfree(ybuf);
		}
		SPI_freetuptable(SPI_tuptable);
		if (m->over_budget)
			break;
	}
	SPI_cursor_close(portal);
	SPI_finish();

	if (m->over_budget)
	{
		if (error_over_budget)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("%s: the training rows exceed pmkt.max_train_memory", funcname),
					 errdetail("pmkt.max_train_memory is %d kB; " INT64_FORMAT " rows of %d values were loaded before it ran out.",
							   pmkt_max_train_memory_kb, m->n, m->d + m->t),
					 errhint("Raise pmkt.max_train_memory or train on a sample.")));
		if (m->X)
			pfree(m->X);
		if (m->Y)
			pfree(m->Y);
		m->X = m->Y = NULL;
	}
	if (m->d < 0)
		m->d = 0;
	return m;
}
