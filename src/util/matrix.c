/*
 * util/matrix.c
 *    The trainers' loader (see matrix.h): one DestReceiver validates and
 *    copies every row, fed either straight by the executor (direct path)
 *    or by SPI.
 */
#include "pmkt.h"

#include "access/tupdesc.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "portability/instr_time.h"
#include "nodes/nodeFuncs.h"
#include "tcop/dest.h"
#include "tcop/tcopprot.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "util/array.h"
#include "util/matrix.h"

/* rows between two CHECK_FOR_INTERRUPTS (and scratch resets) */
#define LOAD_BATCH 4096

bool		pmkt_direct_load = true;

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

/* ------------------------------------------------------------------------
 * The receiver
 * ------------------------------------------------------------------------ */

typedef struct Loader
{
	DestReceiver pub;
	const PmktLoadSpec *spec;
	const char *fn;
	PmktMatrix *m;
	MemoryContext cxt;			/* X, Y, ids: the caller's context */
	MemoryContext scratch;		/* detoasted cells, conversions; reset per batch */
	double		est_rows;		/* planner's estimate (direct path), 0 = none */
	/* layout, from the tuple descriptor */
	bool		laid_out;
	int			natts;
	int			fcol;			/* first feature column, 0-based */
	int			unpacked;		/* > 0: features are columns fcol .. fcol+unpacked-1 */
	Oid			felem;			/* element type of the features */
	int			tcol;			/* first target column */
	int			nt;				/* numeric target columns */
	bool		arr_target;		/* one number array target column */
	Oid			telem;			/* its element type */
	Oid			idtype;
	Oid		   *ttypes;
	/* rows */
	int64		cap;			/* rows X can hold */
	double	   *xrow;			/* d (unpacked) feature scratch */
	double	   *yrow;			/* nt target scratch */
	int64		batch;			/* rows since the last reset */
} Loader;

/*
 * is typid a type the features' elements may have?  Since 1.1 (issue 16)
 * every trainer takes int2/int4/int8/float4/numeric as well as float8
 * features, converted once per element as the cast to float8 converts them
 * (spec->cast_features is no longer needed).
 */
static bool
feature_elem_ok(Oid typid)
{
	return pmkt_number_elem_type(typid);
}

static bool
target_type_ok(Oid typid)
{
	return typid == FLOAT8OID || typid == FLOAT4OID || typid == INT2OID ||
		typid == INT4OID || typid == INT8OID || typid == NUMERICOID ||
		typid == BOOLOID;
}

/*
 * the column types the user's query returns, for messages: "(integer,
 * text)"; an unpacked ARRAY[...] (direct path) is shown as the array it is
 */
static char *
describe_columns(Loader *L, TupleDesc desc)
{
	StringInfoData s;
	int			fcol = L->spec->id_column ? 1 : 0;

	initStringInfo(&s);
	appendStringInfoChar(&s, '(');
	for (int i = 0; i < desc->natts; i++)
	{
		Oid			typid = TupleDescAttr(desc, i)->atttypid;

		if (L->unpacked > 0 && i == fcol)
		{
			typid = get_array_type(typid);
			i += L->unpacked - 1;
		}
		appendStringInfo(&s, "%s%s", s.len > 1 ? ", " : "", format_type_be(typid));
	}
	appendStringInfoChar(&s, ')');
	return s.data;
}

static void
shape_error(Loader *L, TupleDesc desc)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("%s: the query must return %s", L->fn, L->spec->shape),
			 errdetail("It returns %s.", describe_columns(L, desc)),
			 errhint("Write e.g. %s.", L->spec->example)));
}

/*
 * loader_startup: check the columns.  In the direct path with an unpacked
 * ARRAY[...] (L->unpacked > 0, set by the caller) the features are that
 * many columns of one element type; otherwise one array column.
 */
static void
loader_startup(DestReceiver *self, int operation pg_attribute_unused(), TupleDesc desc)
{
	Loader	   *L = (Loader *) self;
	const PmktLoadSpec *spec = L->spec;
	int			nf = L->unpacked > 0 ? L->unpacked : 1;
	int			ntarg;

	if (L->laid_out)
		return;
	L->natts = desc->natts;
	L->fcol = spec->id_column ? 1 : 0;
	if (desc->natts < L->fcol + nf)
		shape_error(L, desc);
	if (spec->id_column)
	{
		L->idtype = TupleDescAttr(desc, 0)->atttypid;
		if (L->idtype != INT8OID && L->idtype != INT4OID && L->idtype != INT2OID &&
			L->idtype != NUMERICOID)
			shape_error(L, desc);
	}
	if (L->unpacked > 0)
	{
		L->felem = TupleDescAttr(desc, L->fcol)->atttypid;
		for (int j = 0; j < nf; j++)
			if (TupleDescAttr(desc, L->fcol + j)->atttypid != L->felem)
				elog(ERROR, "%s: unexpected column type in the feature list", L->fn);
		if (!feature_elem_ok(L->felem))
			elog(ERROR, "%s: unexpected feature type %s", L->fn, format_type_be(L->felem));
		L->m->d = nf;
		L->xrow = MemoryContextAlloc(L->cxt, sizeof(double) * nf);
	}
	else
	{
		Oid			at = TupleDescAttr(desc, L->fcol)->atttypid;

		L->felem = at == FLOAT8ARRAYOID ? FLOAT8OID : get_element_type(at);
		if (!OidIsValid(L->felem) || !feature_elem_ok(L->felem))
			shape_error(L, desc);
	}
	L->tcol = L->fcol + nf;
	ntarg = desc->natts - L->tcol;
	if (ntarg < spec->min_targets)
		shape_error(L, desc);
	if (spec->max_targets >= 0 && ntarg > spec->max_targets)
	{
		if (!spec->ignore_extra)
			shape_error(L, desc);
		ntarg = spec->max_targets;
	}
	if (spec->array_target && ntarg >= 1 &&
		OidIsValid(get_element_type(TupleDescAttr(desc, L->tcol)->atttypid)) &&
		feature_elem_ok(get_element_type(TupleDescAttr(desc, L->tcol)->atttypid)))
	{
		L->telem = get_element_type(TupleDescAttr(desc, L->tcol)->atttypid);
		if (ntarg != 1)
			shape_error(L, desc);
		L->arr_target = true;
		L->nt = 0;
		L->m->t = -1;			/* known at the first usable row */
	}
	else
	{
		L->nt = ntarg;
		L->m->t = ntarg;
		L->ttypes = MemoryContextAlloc(L->cxt, sizeof(Oid) * Max(ntarg, 1));
		for (int j = 0; j < ntarg; j++)
		{
			L->ttypes[j] = TupleDescAttr(desc, L->tcol + j)->atttypid;
			if (!target_type_ok(L->ttypes[j]))
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("%s: target columns must be numeric or boolean", L->fn),
						 errdetail("Column %d is %s.", L->tcol + j + 1,
								   format_type_be(L->ttypes[j])),
						 errhint("Cast the column, e.g. to float8.")));
		}
		L->yrow = MemoryContextAlloc(L->cxt, sizeof(double) * Max(ntarg, 1));
	}
	L->laid_out = true;
}

/* "Row 7" or "Row 7 (id 42)", for details; lower-case with lower */
static char *
row_name(Loader *L pg_attribute_unused(), int64 rowno, bool have_id, int64 id, bool lower)
{
	if (have_id)
		return psprintf("%s " INT64_FORMAT " (id " INT64_FORMAT ")",
						lower ? "row" : "Row", rowno, id);
	return psprintf("%s " INT64_FORMAT, lower ? "row" : "Row", rowno);
}

/*
 * array_cell: a 1-D array cell's elements as doubles in out (palloc'd in
 * the scratch context when *out is NULL), or false when the row must be
 * skipped (NULL element).  what: "feature" or "target".
 */
static bool
array_cell(Loader *L, Datum cell, Oid elem, const char *what, int expect,
		   int *len, double **out, int64 rowno, bool have_id, int64 id)
{
	ArrayType  *a = DatumGetArrayTypeP(cell);
	int			n;

	if (ARR_NDIM(a) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: %s vectors must not be empty", L->fn, what),
				 errdetail("%s has an empty array.", row_name(L, rowno, have_id, id, false))));
	if (ARR_NDIM(a) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: %s vectors must be one-dimensional", L->fn, what),
				 errdetail("%s has %d dimensions.", row_name(L, rowno, have_id, id, false),
						   ARR_NDIM(a))));
	if (ARR_HASNULL(a) && array_contains_nulls(a))
		return false;
	n = ARR_DIMS(a)[0];
	if (expect >= 0 && n != expect)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: all %s vectors must have the same length", L->fn, what),
				 errdetail("The first row has %d %ss, %s has %d.", expect, what,
						   row_name(L, rowno, have_id, id, true), n),
				 errhint("Pass %s vectors of one length.", what)));
	*len = n;
	if (elem == FLOAT8OID)
		*out = (double *) ARR_DATA_PTR(a);
	else
	{
		Datum	   *ev;
		int			ne;
		int16		typlen;
		bool		typbyval;
		char		typalign;

		get_typlenbyvalalign(elem, &typlen, &typbyval, &typalign);
		deconstruct_array(a, elem, typlen, typbyval, typalign, &ev, NULL, &ne);
		*out = palloc(sizeof(double) * Max(ne, 1));
		for (int j = 0; j < ne; j++)
			(*out)[j] = pmkt_datum_to_float8(ev[j], elem);
	}
	for (int j = 0; j < n; j++)
		if (unlikely(!isfinite((*out)[j])))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: %ss must be finite numbers", L->fn, what),
					 errdetail("%s, %s %d is %g.", row_name(L, rowno, have_id, id, false),
							   what, j + 1, (*out)[j]),
					 errhint("Filter or impute NaN and Infinity first.")));
	return true;
}

/* make room for one more row, or report the budget reached */
static bool
loader_room(Loader *L)
{
	PmktMatrix *m = L->m;
	Size		row = sizeof(double) * (Size) (m->d + m->t) +
		(L->spec->id_column ? sizeof(int64) : 0);
	int64		maxrows = (int64) (L->spec->budget / row);
	int64		newcap;

	if (m->n < L->cap)
		return true;
	if (L->cap == 0)
	{
		newcap = 1024;
		/* direct path: presize from the planner's estimate */
		if (L->est_rows > newcap)
			newcap = (int64) Min(L->est_rows * 1.02 + 1024, (double) maxrows);
	}
	else
		newcap = L->cap * 2;
	newcap = Min(newcap, maxrows);
	if (newcap <= L->cap)
		return false;
	if (L->cap == 0)
	{
		m->X = MemoryContextAllocHuge(L->cxt, sizeof(double) * (Size) newcap * m->d);
		if (m->t > 0)
			m->Y = MemoryContextAllocHuge(L->cxt, sizeof(double) * (Size) newcap * m->t);
		if (L->spec->id_column)
			m->ids = MemoryContextAllocHuge(L->cxt, sizeof(int64) * (Size) newcap);
	}
	else
	{
		m->X = repalloc_huge(m->X, sizeof(double) * (Size) newcap * m->d);
		if (m->t > 0)
			m->Y = repalloc_huge(m->Y, sizeof(double) * (Size) newcap * m->t);
		if (m->ids)
			m->ids = repalloc_huge(m->ids, sizeof(int64) * (Size) newcap);
	}
	L->cap = newcap;
	return true;
}

static void
over_budget(Loader *L)
{
	PmktMatrix *m = L->m;

	if (L->spec->error_over_budget)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("%s: the training rows exceed pmkt.max_train_memory", L->fn),
				 errdetail("pmkt.max_train_memory is %d kB; " INT64_FORMAT " rows of %d values were loaded before it ran out.",
						   pmkt_max_train_memory_kb, m->n,
						   m->d + m->t + (L->spec->id_column ? 1 : 0)),
				 errhint("%s", L->spec->budget_hint ? L->spec->budget_hint :
						 "Raise pmkt.max_train_memory or train on a sample, e.g. FROM t TABLESAMPLE SYSTEM (10).")));
	m->over_budget = true;
	if (m->X)
		pfree(m->X);
	if (m->Y)
		pfree(m->Y);
	if (m->ids)
		pfree(m->ids);
	m->X = m->Y = NULL;
	m->ids = NULL;
}

/*
 * loader_row: validate and store one row.  The order of the checks is
 * the same for an unpacked ARRAY[...] and an array cell: NULLs first (a
 * skipped row raises nothing), then the features, then the targets.
 */
static bool
loader_row(Loader *L, TupleTableSlot *slot)
{
	PmktMatrix *m = L->m;
	int64		rowno = m->n + m->skipped_null + 1;
	int			last = L->tcol + (L->arr_target ? 1 : L->nt);
	Datum	   *v;
	bool	   *isnull;
	bool		have_id = L->spec->id_column;
	int64		id = 0;
	double	   *x;
	double	   *y = L->yrow;
	int			len;

	slot_getsomeattrs(slot, last);
	v = slot->tts_values;
	isnull = slot->tts_isnull;
	for (int c = 0; c < last; c++)
		if (isnull[c])
		{
			m->skipped_null++;
			return true;
		}
	if (have_id)
		id = L->idtype == INT8OID ? DatumGetInt64(v[0]) :
			L->idtype == INT4OID ? (int64) DatumGetInt32(v[0]) :
			L->idtype == INT2OID ? (int64) DatumGetInt16(v[0]) :
			DatumGetInt64(DirectFunctionCall1(numeric_int8, v[0]));

	/* features */
	if (L->unpacked > 0)
	{
		x = L->xrow;
		len = L->unpacked;
		for (int j = 0; j < len; j++)
			x[j] = L->felem == FLOAT8OID ? DatumGetFloat8(v[L->fcol + j]) :
				pmkt_datum_to_float8(v[L->fcol + j], L->felem);
		for (int j = 0; j < len; j++)
			if (unlikely(!isfinite(x[j])))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: features must be finite numbers", L->fn),
						 errdetail("%s, feature %d is %g.", row_name(L, rowno, have_id, id, false),
								   j + 1, x[j]),
						 errhint("Filter or impute NaN and Infinity first.")));
	}
	else
	{
		x = NULL;
		if (!array_cell(L, v[L->fcol], L->felem, "feature", m->n > 0 ? m->d : -1,
						&len, &x, rowno, have_id, id))
		{
			m->skipped_null++;
			return true;
		}
	}

	/* targets */
	if (L->arr_target)
	{
		int			tlen;

		if (!array_cell(L, v[L->tcol], L->telem, "target", m->n > 0 ? m->t : -1,
						&tlen, &y, rowno, have_id, id))
		{
			m->skipped_null++;
			return true;
		}
		if (m->n == 0)
			m->t = tlen;
	}
	else
		for (int j = 0; j < L->nt; j++)
		{
			y[j] = pmkt_datum_to_float8(v[L->tcol + j], L->ttypes[j]);
			if (unlikely(!isfinite(y[j])))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: targets must be finite numbers", L->fn),
						 errdetail("%s has target %g.", row_name(L, rowno, have_id, id, false), y[j]),
						 errhint("Filter or impute NaN and Infinity first.")));
		}

	if (m->n == 0)
		m->d = len;
	if (!loader_room(L))
	{
		over_budget(L);
		return false;			/* stop the executor */
	}
	memcpy(m->X + (Size) m->n * m->d, x, sizeof(double) * m->d);
	if (m->t > 0)
		memcpy(m->Y + (Size) m->n * m->t, y, sizeof(double) * m->t);
	if (m->ids)
		m->ids[m->n] = id;
	m->n++;
	return true;
}

/* rows that reached the in-memory loader in this backend (pmkt.loader_rows()) */
int64		pmkt_loader_rows_total = 0;

static bool
loader_receive(TupleTableSlot *slot, DestReceiver *self)
{
	Loader	   *L = (Loader *) self;
	MemoryContext old;
	bool		more;

	if (L->m->over_budget)
		return false;
	pmkt_loader_rows_total++;
	old = MemoryContextSwitchTo(L->scratch);
	more = loader_row(L, slot);
	MemoryContextSwitchTo(old);
	if (++L->batch == LOAD_BATCH)
	{
		L->batch = 0;
		MemoryContextReset(L->scratch);
		CHECK_FOR_INTERRUPTS();
	}
	return more;
}

static void
loader_noop(DestReceiver *self pg_attribute_unused())
{
}

/* ------------------------------------------------------------------------
 * The two paths
 * ------------------------------------------------------------------------ */

/*
 * The context line SPI gives errors inside its queries (spi.c,
 * _SPI_error_callback), so that both paths report an error alike.
 */
static void
load_error_callback(void *arg)
{
	const char *query = (const char *) arg;
	int			pos = geterrposition();

	if (pos > 0)
	{
		errposition(0);
		internalerrposition(pos);
		internalerrquery(query);
	}
	else
		errcontext("SQL statement \"%s\"", query);
}

/*
 * load_direct: when the query is one plain read-only SELECT, plan it (with
 * the features' ARRAY[...] split into its elements when it is one) and
 * run it into L.  Returns false, having run nothing, for any other query.
 */
static bool
load_direct(const char *query, Loader *L)
{
	MemoryContext tmp = AllocSetContextCreate(CurrentMemoryContext,
											  "pmkt load plan",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(tmp);
	ErrorContextCallback errcb;
	List	   *raw;
	RawStmt    *rs;
	List	   *qs;
	Query	   *q;
	PlannedStmt *ps;
	QueryDesc  *qd;
	bool		ok = false;
	int			fpos = L->spec->id_column ? 1 : 0;

	errcb.callback = load_error_callback;
	errcb.arg = (void *) query;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;

	raw = pg_parse_query(query);
	if (list_length(raw) != 1)
		goto out;
	rs = linitial_node(RawStmt, raw);
	if (!IsA(rs->stmt, SelectStmt) || ((SelectStmt *) rs->stmt)->intoClause)
		goto out;
	qs = pg_analyze_and_rewrite_fixedparams(rs, query, NULL, 0, NULL);
	if (list_length(qs) != 1)
		goto out;
	q = linitial_node(Query, qs);
	if (q->commandType != CMD_SELECT || q->utilityStmt || q->hasModifyingCTE ||
		q->rowMarks != NIL)
		goto out;

	/* the features' ARRAY[e1, ..., ed]: plan the d elements as columns */
	if (list_length(q->targetList) > fpos && !q->hasTargetSRFs)
	{
		TargetEntry *tle = list_nth_node(TargetEntry, q->targetList, fpos);
		ArrayExpr  *ae = (ArrayExpr *) tle->expr;

		if (!tle->resjunk && tle->ressortgroupref == 0 && IsA(ae, ArrayExpr) &&
			!ae->multidims && list_length(ae->elements) >= 1 &&
			ae->array_typeid == get_array_type(ae->element_typeid) &&
			feature_elem_ok(ae->element_typeid) &&
			list_length(q->targetList) + list_length(ae->elements) < MaxTupleAttributeNumber)
		{
			List	   *tl = NIL;
			AttrNumber	resno = 1;
			ListCell   *lc;
			bool		typed = true;

			foreach(lc, ae->elements)
				if (exprType((Node *) lfirst(lc)) != ae->element_typeid)
					typed = false;
			if (typed)
			{
				foreach(lc, q->targetList)
				{
					TargetEntry *t = (TargetEntry *) lfirst(lc);

					if (t == tle)
					{
						ListCell   *ec;

						foreach(ec, ae->elements)
							tl = lappend(tl, makeTargetEntry((Expr *) lfirst(ec), resno++,
															 NULL, false));
					}
					else
					{
						t->resno = resno++;
						tl = lappend(tl, t);
					}
				}
				q->targetList = tl;
				L->unpacked = list_length(ae->elements);
			}
		}
	}

	/* no parallel plan: a Gather returns the rows in a varying order */
	ps = pg_plan_query(q, query, 0, NULL);
	if (ps->commandType != CMD_SELECT || ps->hasModifyingCTE || ps->rowMarks != NIL)
	{
		L->unpacked = 0;
		goto out;
	}
	L->est_rows = ps->planTree->plan_rows;
	L->m->direct = true;

	qd = CreateQueryDesc(ps, query, GetActiveSnapshot(), InvalidSnapshot,
						 (DestReceiver *) L, NULL, NULL, 0);
	ExecutorStart(qd, 0);
	pmkt_executor_run(qd, ForwardScanDirection, 0);
	ExecutorFinish(qd);
	ExecutorEnd(qd);
	FreeQueryDesc(qd);
	ok = true;
out:
	error_context_stack = errcb.previous;
	MemoryContextSwitchTo(old);
	MemoryContextDelete(tmp);
	return ok;
}

/* load_spi: the query through SPI (read-only), non-parallel, into L. */
static void
load_spi(const char *query, Loader *L)
{
	SPIPlanPtr	plan;
	SPIExecuteOptions opt;
	bool		pushed = false;
	int			ret;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/* SPI's read-only mode reads the active snapshot: give it one */
	if (!ActiveSnapshotSet())
	{
		PushActiveSnapshot(GetTransactionSnapshot());
		pushed = true;
	}
	/* cursor options 0: never a parallel plan, as the direct path */
	plan = SPI_prepare(query, 0, NULL);
	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s: could not prepare the query", L->fn),
				 errdetail("%s", SPI_result_code_string(SPI_result))));
	if (!SPI_is_cursor_plan(plan))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("%s: the query must be one statement returning rows", L->fn),
				 errhint("Write e.g. %s.", L->spec->example)));
	memset(&opt, 0, sizeof(opt));
	opt.read_only = true;
	opt.dest = (DestReceiver *) L;
	ret = SPI_execute_plan_extended(plan, &opt);
	if (ret < 0)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s: could not run the query", L->fn),
				 errdetail("%s", SPI_result_code_string(ret))));
	if (pushed)
		PopActiveSnapshot();
	SPI_finish();
}

PmktMatrix *
pmkt_load_rows(const char *query, const PmktLoadSpec *spec)
{
	Loader		L;
	PmktMatrix *m = palloc0(sizeof(PmktMatrix));
	instr_time	t0,
				t1;

	memset(&L, 0, sizeof(L));
	L.pub.receiveSlot = loader_receive;
	L.pub.rStartup = loader_startup;
	L.pub.rShutdown = loader_noop;
	L.pub.rDestroy = loader_noop;
	L.pub.mydest = DestNone;
	L.spec = spec;
	L.fn = spec->funcname;
	L.m = m;
	L.cxt = CurrentMemoryContext;
	L.scratch = AllocSetContextCreate(CurrentMemoryContext, "pmkt load rows",
									  ALLOCSET_DEFAULT_SIZES);

	INSTR_TIME_SET_CURRENT(t0);
	if (!(pmkt_direct_load && ActiveSnapshotSet() && load_direct(query, &L)))
		load_spi(query, &L);
	INSTR_TIME_SET_CURRENT(t1);
	INSTR_TIME_SUBTRACT(t1, t0);
	MemoryContextDelete(L.scratch);
	if (!L.laid_out)
		m->t = Max(m->t, 0);
	if (m->t < 0)
		m->t = 0;				/* a float8[] target and no usable row */
	if (m->d < 0)
		m->d = 0;
	/* issue 16: rows dropped for a NULL are said once here, for every trainer */
	if (m->skipped_null > 0)
		ereport(NOTICE,
				(errmsg("%s: skipped " INT64_FORMAT " of " INT64_FORMAT " rows with a NULL feature or target",
						L.fn, m->skipped_null, m->n + m->skipped_null),
				 errhint("Filter or impute the NULLs in the query to use those rows.")));
	elog(DEBUG1, "%s: " INT64_FORMAT " rows of %d features and %d targets (" INT64_FORMAT " skipped%s) through %s",
		 L.fn, m->n, m->d, m->t, m->skipped_null, m->over_budget ? ", over the budget" : "",
		 !m->direct ? "SPI" : L.unpacked > 0 ? "the executor, ARRAY[...] unpacked" : "the executor");
	/* for bench/model/loader.sh */
	elog(DEBUG2, "%s: loaded in %.3f ms", L.fn, INSTR_TIME_GET_MILLISEC(t1));
	return m;
}
