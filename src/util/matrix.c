/*
 * util/matrix.c
 *    The trainers' loader (see matrix.h): one DestReceiver validates and
 *    copies every row, fed either straight by the executor (direct path)
 *    or by SPI.
 */
#include "pmkt.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>
#ifdef __linux__
#include <sys/mman.h>
#include <sys/statvfs.h>
#endif

#include "access/parallel.h"
#include "access/tupdesc.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "portability/instr_time.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/cost.h"
#include "optimizer/optimizer.h"
#include "nodes/plannodes.h"
#include "port/atomics.h"
#include "storage/dsm.h"
#include "storage/spin.h"
#include "common/hashfn.h"
#include "utils/guc.h"
#include "tcop/dest.h"
#include "tcop/tcopprot.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "util/array.h"
#include "util/matrix.h"
#include "util/userquery.h"
#include "util/sort.h"

/* rows between two CHECK_FOR_INTERRUPTS (and scratch resets) */
#define LOAD_BATCH 4096
/* a worker of a parallel load with the ring full: rows through the Gather */
#define PL_FORWARD 256

bool		pmkt_direct_load = true;
bool		pmkt_parallel_load = true;

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

/* pmkt_advise_big: transparent huge pages for p's whole pages (matrix.h) */
void
pmkt_advise_big(void *p, Size bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	if (p != NULL && bytes >= PMKT_BIG_BYTES)
	{
		uintptr_t	a = TYPEALIGN((uintptr_t) 4096, (uintptr_t) p);
		uintptr_t	e = TYPEALIGN_DOWN((uintptr_t) 4096, (uintptr_t) p + bytes);

		/* advice only: a kernel without THP says EINVAL, and that is fine */
		if (e > a)
			(void) madvise((void *) a, e - a, MADV_HUGEPAGE);
	}
#else
	(void) p;
	(void) bytes;
#endif
}

void *
pmkt_alloc_big(MemoryContext cxt, Size bytes)
{
	void	   *p = MemoryContextAllocHuge(cxt, bytes);

	pmkt_advise_big(p, bytes);
	return p;
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
	/* parallel load through a ring of shared chunks ("Parallel load" below) */
	bool		want_shared;	/* the plan is a Gather the workers may fill */
	int			nprocs;			/* leader + the Gather's planned workers */
	dsm_segment *seg;			/* leader: the segment, NULL = not shared */
	struct PlShared *sh;		/* its header, NULL = no ring */
	bool		in_worker;		/* a worker: rows into the ring's chunks */
	int64		chunk_id,		/* worker: the chunk it fills, -1 = none */
				chunk_pos,		/* next position of that chunk */
				chunk_end;
	uint32	   *chunk_fill;		/* rows in that chunk */
	int			fwd_left;		/* worker: rows still sent to the leader */
	DestReceiver *fwd;			/* worker: the Gather's tuple queue */
	int64		forwarded;		/* worker: rows sent through it */
	int64		drained;		/* leader: workers' rows copied from the ring */
	int64		chunks_drained; /* leader: chunks copied */
	int64		received;		/* rows this process received */
	const char *query;			/* the query run (direct path) */
} Loader;

static void pl_create(Loader *L);
static bool pl_claim(Loader *L);
static bool pl_drain(Loader *L);
static bool pl_stopped(Loader *L);
static void pl_stop(Loader *L);

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
	{
		/* a parallel worker's rows: the leader's layout */
		if (desc->natts != L->natts)
			elog(ERROR, "%s: unexpected row shape in a parallel worker", L->fn);
		return;
	}
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
	if (L->want_shared && L->unpacked > 0 && !L->arr_target)
		pl_create(L);
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

/* make room for `more` rows, or report the budget reached */
static bool
loader_room(Loader *L, int64 more)
{
	PmktMatrix *m = L->m;
	Size		row = sizeof(double) * (Size) (m->d + m->t) +
		(L->spec->id_column ? sizeof(int64) : 0);
	int64		maxrows = (int64) (L->spec->budget / row);
	int64		newcap;

	if (m->n + more <= L->cap)
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
	newcap = Min(Max(newcap, m->n + more), maxrows);
	if (newcap < m->n + more)
		return false;
	if (L->cap == 0)
	{
		m->X = pmkt_alloc_big(L->cxt, sizeof(double) * (Size) newcap * m->d);
		if (m->t > 0)
			m->Y = pmkt_alloc_big(L->cxt, sizeof(double) * (Size) newcap * m->t);
		if (L->spec->id_column)
			m->ids = pmkt_alloc_big(L->cxt, sizeof(int64) * (Size) newcap);
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
	if (L->sh)
		pl_stop(L);				/* the workers stop too */
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
	int64		rowno = m->n - L->drained + m->skipped_null + 1;
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

	if (L->in_worker)
	{
		/* parallel load, a worker: into its chunk of the shared ring */
		Size		pos;

		if (L->chunk_pos == L->chunk_end && (L->fwd_left > 0 || !pl_claim(L)))
		{
			if (pl_stopped(L))
				return false;	/* the leader is over the budget: stop */
			/* no free chunk: the row through the Gather, as without a ring */
			if (L->fwd_left == 0)
				L->fwd_left = PL_FORWARD;
			L->fwd_left--;
			L->forwarded++;
			return L->fwd->receiveSlot(slot, L->fwd);
		}
		pos = (Size) L->chunk_pos++;
		memcpy(m->X + pos * m->d, x, sizeof(double) * m->d);
		if (m->t > 0)
			memcpy(m->Y + pos * m->t, y, sizeof(double) * m->t);
		if (m->ids)
			m->ids[pos] = id;
		(*L->chunk_fill)++;
		m->n++;
		return true;
	}
	if (m->n == 0)
		m->d = len;
	if (!loader_room(L, 1))
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
	L->received++;
	old = MemoryContextSwitchTo(L->scratch);
	more = loader_row(L, slot);
	MemoryContextSwitchTo(old);
	if (++L->batch == LOAD_BATCH)
	{
		L->batch = 0;
		MemoryContextReset(L->scratch);
		CHECK_FOR_INTERRUPTS();
		/* the leader of a parallel load: the workers' full chunks */
		if (more && L->sh && !L->in_worker)
			more = pl_drain(L);
	}
	return more;
}

static void
loader_noop(DestReceiver *self pg_attribute_unused())
{
}

/* ------------------------------------------------------------------------
 * Parallel load (issue 19).  When the direct path's plan is a Gather that
 * passes its workers' rows through unchanged (the usual plan of a plain
 * scan: a Parallel Seq Scan computing the features below a Gather), the
 * leader creates one dynamic shared memory segment holding a small ring of
 * chunks (PL_RING_BYTES at most, a few MB) and names it to the workers in
 * the hidden setting pmkt.load_segment (a handle and a random 64-bit token,
 * set for this query only; parallel workers receive the leader's settings).
 * Each worker, in pmkt's ExecutorRun hook, then validates and converts its
 * own rows with this same receiver and writes them as doubles into a chunk
 * of the ring instead of sending them to the leader's tuple queue: it takes
 * a free chunk (or one never used), fills it and hands it over (a list
 * under a spinlock, once per chunk).  The leader loads the rows it reads
 * itself straight into its own matrix, as the serial load does, and every
 * LOAD_BATCH of them (and once more at the end) copies the workers' full
 * chunks to the end of it and gives the chunks back to the ring.  When the
 * ring has no free chunk (the leader is waiting for the workers, or does
 * not scan: parallel_leader_participation off), a worker sends its next
 * PL_FORWARD rows through the Gather's tuple queue as without a ring, and
 * the leader's receiver takes them as its own rows.  The rows' arrival
 * order does not matter: the canonical order fixes it.
 *
 * Why a ring and not one segment for all rows (round 6's design): on the
 * virtual machines measured (bench/segment/kmeans.md, round 9) a first
 * write to a page of a shared mapping cost 6-13 us of CPU (4 kB pages: a
 * DSM segment in /dev/shm has no huge pages), i.e. 100-200 ns per row of 8
 * doubles, and the leader paid as much again reading the workers' pages;
 * the ring's few pages are touched once and reused, and the matrix is the
 * leader's private memory (transparent huge pages, pmkt_alloc_big).
 *
 * The budget: only the leader's matrix counts (pmkt.max_train_memory, as in
 * the serial load: 53200, or the beyond-budget trainers' probe stops, and
 * the workers stop at their next chunk); the ring is outside it.  Errors
 * about a row raised in a worker name the row by its number among the rows
 * that worker read.  Only for the unpacked ARRAY[...] features with numeric
 * targets (the documented form), not for keep_order, and from PL_MIN_VALUES
 * estimated feature values on (pl_big_enough).
 * ------------------------------------------------------------------------ */

#define PL_MAGIC UINT64CONST(0x706d6b746c6f6164)	/* "pmktload" */
#define PL_CHUNK_BYTES ((Size) 256 * 1024)	/* a chunk: 4096 rows of 8 doubles */
#define PL_CHUNK_MAX 4096		/* rows a chunk holds at most */
#define PL_CHUNK_MIN 16			/* ... and at least */
#define PL_RING_BYTES ((Size) 16 * 1024 * 1024) /* the ring's rows at most */
#define PL_RING_MAX 64			/* chunks in the ring at most */
#define PL_MAX_TARGETS 64

typedef struct PlShared
{
	uint64		magic;
	uint64		token;
	uint32		qhash;			/* hash of the query's text */
	/* the leader's layout */
	int			natts,
				fcol,
				unpacked,
				tcol,
				nt,
				d,
				t;
	bool		id_column;
	Oid			felem,
				idtype;
	Oid			ttypes[PL_MAX_TARGETS];
	char		fn[NAMEDATALEN];
	/* the ring */
	int			chunk_rows;		/* rows a chunk holds */
	int			nchunks;		/* chunks in the ring */
	Size		off_x,
				off_y,
				off_id;
	slock_t		mutex;			/* protects the lists and nused */
	int			nused;			/* chunks taken at least once */
	int			nfree;			/* chunks given back, in freel */
	pg_atomic_uint32 nfull;		/* chunks handed over, in full (written
								 * under mutex, read as a hint without) */
	uint32		freel[PL_RING_MAX];
	uint32		full[PL_RING_MAX];
	uint32		fill[PL_RING_MAX];	/* rows in each chunk */
	pg_atomic_uint32 stop;		/* the leader is over the budget */
	pg_atomic_uint64 skipped;	/* workers' rows skipped for a NULL */
	pg_atomic_uint64 received;	/* workers' rows received (not forwarded) */
	pg_atomic_uint64 worker_rows;	/* workers' rows stored in chunks */
	pg_atomic_uint64 forwarded; /* workers' rows sent through the Gather */
	pg_atomic_uint32 workers;	/* workers that wrote here */
} PlShared;

static char *pl_segment_setting = NULL;	/* pmkt.load_segment */
static bool pl_in_worker = false;
static ExecutorRun_hook_type pl_prev_run = NULL;

/*
 * pl_big_enough: are the rows worth a worker?  From PL_MIN_VALUES features
 * (the planner's estimate of the rows, times the features) times
 * parallel_setup_cost / 1000: below it a worker's start-up and the second
 * core's slower per-row pace (2 vCPUs) cost more than they save (1 M x 3:
 * 0.18 s wall either way, 30 ms more CPU; bench/segment/kmeans.md).
 * parallel_setup_cost = 0 (tests) takes any size.
 */
#define PL_MIN_VALUES (8.0 * 1024 * 1024)

static bool
pl_big_enough(Plan *p, int d)
{
	return p->plan_rows * d >= PL_MIN_VALUES * Max(parallel_setup_cost, 0) / 1000.0;
}

/* the Gather returns its outer plan's columns unchanged */
static bool
pl_passthrough(Plan *p)
{
	Gather	   *g;
	Plan	   *outer;
	ListCell   *lc;

	if (p == NULL || !IsA(p, Gather))
		return false;
	g = (Gather *) p;
	outer = outerPlan(p);
	if (outer == NULL || p->qual != NIL || g->num_workers < 1 ||
		list_length(p->targetlist) != list_length(outer->targetlist))
		return false;
	foreach(lc, p->targetlist)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		Var		   *v = (Var *) tle->expr;

		if (tle->resjunk || !IsA(v, Var) || v->varno != OUTER_VAR ||
			v->varattno != tle->resno)
			return false;
	}
	foreach(lc, outer->targetlist)
		if (lfirst_node(TargetEntry, lc)->resjunk)
			return false;
	return true;
}

/*
 * pl_create: the segment, once the layout is known (leader, at startup);
 * leaves L->sh NULL (rows through the Gather) when it cannot be had.
 */
static void
pl_create(Loader *L)
{
	PmktMatrix *m = L->m;
	int			d = m->d,
				t = Max(m->t, 0);
	Size		row = sizeof(double) * (Size) (d + t) + (L->spec->id_column ? sizeof(int64) : 0);
	int			chunk_rows = (int) Max(Min(PL_CHUNK_BYTES / row, PL_CHUNK_MAX), PL_CHUNK_MIN);
	double		est_chunks = L->est_rows / chunk_rows + L->nprocs;
	int			nchunks = (int) Min(Min(PL_RING_BYTES / (row * chunk_rows), PL_RING_MAX),
									Max(est_chunks, 2.0));
	Size		off_x = TYPEALIGN(64, sizeof(PlShared));
	Size		off_y,
				off_id,
				size;
	uint64		token;
	PlShared   *sh;
	char		val[64];

	nchunks = Max(nchunks, 2);
	off_y = off_x + sizeof(double) * (Size) nchunks * chunk_rows * d;
	off_id = off_y + sizeof(double) * (Size) nchunks * chunk_rows * t;
	size = off_id + (L->spec->id_column ? sizeof(int64) * (Size) nchunks * chunk_rows : 0);
	if (t > PL_MAX_TARGETS)
		return;
#ifdef __linux__
	if (dynamic_shared_memory_type == DSM_IMPL_POSIX)
	{
		struct statvfs vs;

		/* a small /dev/shm (containers): read the rows through the Gather */
		if (statvfs("/dev/shm", &vs) != 0 ||
			(double) vs.f_bavail * vs.f_frsize < 2.0 * size)
			return;
	}
#endif
	if (!pg_strong_random(&token, sizeof(token)))
		return;
	L->seg = dsm_create(size, DSM_CREATE_NULL_IF_MAXSEGMENTS);
	if (L->seg == NULL)
		return;
	sh = (PlShared *) dsm_segment_address(L->seg);
	memset(sh, 0, sizeof(PlShared));
	sh->magic = PL_MAGIC;
	sh->token = token;
	sh->qhash = DatumGetUInt32(hash_any((const unsigned char *) L->query, strlen(L->query)));
	sh->natts = L->natts;
	sh->fcol = L->fcol;
	sh->unpacked = L->unpacked;
	sh->tcol = L->tcol;
	sh->nt = L->nt;
	sh->d = d;
	sh->t = t;
	sh->id_column = L->spec->id_column;
	sh->felem = L->felem;
	sh->idtype = L->idtype;
	for (int j = 0; j < L->nt; j++)
		sh->ttypes[j] = L->ttypes[j];
	snprintf(sh->fn, NAMEDATALEN, "%s", L->fn);
	sh->chunk_rows = chunk_rows;
	sh->nchunks = nchunks;
	sh->off_x = off_x;
	sh->off_y = off_y;
	sh->off_id = off_id;
	SpinLockInit(&sh->mutex);
	pg_atomic_init_u32(&sh->nfull, 0);
	pg_atomic_init_u32(&sh->stop, 0);
	pg_atomic_init_u64(&sh->skipped, 0);
	pg_atomic_init_u64(&sh->received, 0);
	pg_atomic_init_u64(&sh->worker_rows, 0);
	pg_atomic_init_u64(&sh->forwarded, 0);
	pg_atomic_init_u32(&sh->workers, 0);
	L->sh = sh;
	snprintf(val, sizeof(val), "%u " UINT64_FORMAT, (unsigned int) dsm_segment_handle(L->seg), token);
	/* undone with the GUC nest level load_direct opened */
	(void) set_config_option("pmkt.load_segment", val, PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
}

/* the leader is over the budget: the workers stop */
static void
pl_stop(Loader *L)
{
	pg_atomic_write_u32(&L->sh->stop, 1);
}

static bool
pl_stopped(Loader *L)
{
	return pg_atomic_read_u32(&L->sh->stop) != 0;
}

/* pl_publish (worker): hand the chunk being filled over to the leader */
static void
pl_publish(Loader *L)
{
	PlShared   *sh = L->sh;

	if (L->chunk_id < 0)
		return;
	SpinLockAcquire(&sh->mutex);	/* a barrier: the rows are written */
	sh->full[pg_atomic_read_u32(&sh->nfull)] = (uint32) L->chunk_id;
	pg_atomic_write_u32(&sh->nfull, pg_atomic_read_u32(&sh->nfull) + 1);
	SpinLockRelease(&sh->mutex);
	L->chunk_id = -1;
	L->chunk_pos = L->chunk_end = 0;
}

/*
 * pl_claim (worker): hand the full chunk over and take the next one, a
 * given-back chunk first; false when the ring has none free (or the leader
 * said stop)
 */
static bool
pl_claim(Loader *L)
{
	PlShared   *sh = L->sh;
	int64		c = -1;

	pl_publish(L);
	if (pg_atomic_read_u32(&sh->stop) != 0)
		return false;
	SpinLockAcquire(&sh->mutex);
	if (sh->nfree > 0)
		c = sh->freel[--sh->nfree];
	else if (sh->nused < sh->nchunks)
		c = sh->nused++;
	SpinLockRelease(&sh->mutex);
	if (c < 0)
		return false;
	L->chunk_id = c;
	L->chunk_pos = c * sh->chunk_rows;
	L->chunk_end = L->chunk_pos + sh->chunk_rows;
	L->chunk_fill = &sh->fill[c];
	*L->chunk_fill = 0;
	return true;
}

/*
 * pl_drain (leader): the workers' full chunks copied to the end of the
 * leader's matrix and given back to the ring; false when they exceed the
 * budget (over_budget has run: 53200, or stop)
 */
static bool
pl_drain(Loader *L)
{
	PlShared   *sh = L->sh;
	PmktMatrix *m = L->m;
	int			d = m->d,
				t = Max(m->t, 0);
	const double *sx = (const double *) ((char *) sh + sh->off_x);
	const double *sy = (const double *) ((char *) sh + sh->off_y);
	const int64 *sid = (const int64 *) ((char *) sh + sh->off_id);
	uint32		ids[PL_RING_MAX];
	int			k;

	if (pg_atomic_read_u32(&sh->nfull) == 0)
		return true;
	SpinLockAcquire(&sh->mutex);	/* a barrier: the rows are there */
	k = (int) pg_atomic_read_u32(&sh->nfull);
	memcpy(ids, sh->full, sizeof(uint32) * k);
	pg_atomic_write_u32(&sh->nfull, 0);
	SpinLockRelease(&sh->mutex);
	for (int i = 0; i < k; i++)
	{
		Size		c = ids[i];
		Size		rows = sh->fill[c];
		Size		from = c * sh->chunk_rows;

		if (!loader_room(L, (int64) rows))
		{
			over_budget(L);
			return false;
		}
		memcpy(m->X + (Size) m->n * d, sx + from * d, sizeof(double) * rows * d);
		if (t > 0)
			memcpy(m->Y + (Size) m->n * t, sy + from * t, sizeof(double) * rows * t);
		if (m->ids)
			memcpy(m->ids + m->n, sid + from, sizeof(int64) * rows);
		m->n += (int64) rows;
		L->drained += (int64) rows;
	}
	L->chunks_drained += k;
	SpinLockAcquire(&sh->mutex);	/* a barrier: the rows are copied */
	for (int i = 0; i < k; i++)
		sh->freel[sh->nfree++] = ids[i];
	SpinLockRelease(&sh->mutex);
	return true;
}

/*
 * pl_executor_run: in a parallel worker of a load (pmkt.load_segment names
 * a segment whose token matches), the plan's rows go into the ring's chunks
 * instead of the tuple queue (or through it when the ring is full); any
 * other run is left alone.
 */
static void
pl_executor_run(PMKT_EXECUTOR_RUN_PARAMS)
{
	unsigned int h;
	uint64		tok;
	dsm_segment *seg;

	if (IsParallelWorker() && !pl_in_worker && pl_segment_setting != NULL &&
		pl_segment_setting[0] != '\0' && queryDesc->operation == CMD_SELECT &&
		queryDesc->dest != NULL && queryDesc->dest->mydest == DestTupleQueue &&
		sscanf(pl_segment_setting, "%u " UINT64_FORMAT, &h, &tok) == 2 &&
		(seg = dsm_attach((dsm_handle) h)) != NULL)
	{
		PlShared   *sh = (PlShared *) dsm_segment_address(seg);

		/*
		 * the load's own query only (not a query nested in it, nor one with
		 * other columns)
		 */
		if (dsm_segment_map_length(seg) >= sizeof(PlShared) &&
			sh->magic == PL_MAGIC && sh->token == tok &&
			queryDesc->sourceText != NULL && queryDesc->tupDesc != NULL &&
			queryDesc->tupDesc->natts == sh->natts &&
			DatumGetUInt32(hash_any((const unsigned char *) queryDesc->sourceText,
									strlen(queryDesc->sourceText))) == sh->qhash)
		{
			Loader		L;
			PmktMatrix	m;
			PmktLoadSpec spec;
			DestReceiver *orig = queryDesc->dest;

			memset(&L, 0, sizeof(L));
			memset(&m, 0, sizeof(m));
			memset(&spec, 0, sizeof(spec));
			spec.funcname = sh->fn;
			spec.id_column = sh->id_column;
			m.d = sh->d;
			m.t = sh->t;
			m.X = (double *) ((char *) sh + sh->off_x);
			m.Y = sh->t > 0 ? (double *) ((char *) sh + sh->off_y) : NULL;
			m.ids = sh->id_column ? (int64 *) ((char *) sh + sh->off_id) : NULL;
			L.pub.receiveSlot = loader_receive;
			L.pub.rStartup = loader_startup;
			L.pub.rShutdown = loader_noop;
			L.pub.rDestroy = loader_noop;
			L.pub.mydest = DestNone;
			L.spec = &spec;
			L.fn = sh->fn;
			L.m = &m;
			L.cxt = CurrentMemoryContext;
			L.scratch = AllocSetContextCreate(CurrentMemoryContext, "pmkt load rows",
											  ALLOCSET_DEFAULT_SIZES);
			L.laid_out = true;
			L.natts = sh->natts;
			L.fcol = sh->fcol;
			L.unpacked = sh->unpacked;
			L.felem = sh->felem;
			L.tcol = sh->tcol;
			L.nt = sh->nt;
			L.idtype = sh->idtype;
			L.ttypes = palloc(sizeof(Oid) * Max(sh->nt, 1));
			for (int j = 0; j < sh->nt; j++)
				L.ttypes[j] = sh->ttypes[j];
			L.xrow = palloc(sizeof(double) * Max(sh->d, 1));
			L.yrow = palloc(sizeof(double) * Max(sh->nt, 1));
			L.sh = sh;
			L.in_worker = true;
			L.chunk_id = -1;
			L.fwd = orig;

			pl_in_worker = true;
			queryDesc->dest = &L.pub;
			PG_TRY();
			{
				if (pl_prev_run)
					pl_prev_run(PMKT_EXECUTOR_RUN_ARGS);
				else
					standard_ExecutorRun(PMKT_EXECUTOR_RUN_ARGS);
			}
			PG_FINALLY();
			{
				queryDesc->dest = orig;
				pl_in_worker = false;
			}
			PG_END_TRY();
			/* the last, partly filled chunk (before the queue says done) */
			pl_publish(&L);
			pg_atomic_fetch_add_u64(&sh->skipped, (uint64) m.skipped_null);
			pg_atomic_fetch_add_u64(&sh->received, (uint64) (L.received - L.forwarded));
			pg_atomic_fetch_add_u64(&sh->worker_rows, (uint64) m.n);
			pg_atomic_fetch_add_u64(&sh->forwarded, (uint64) L.forwarded);
			pg_atomic_fetch_add_u32(&sh->workers, 1);
			MemoryContextDelete(L.scratch);
			dsm_detach(seg);
			return;
		}
		dsm_detach(seg);
	}
	if (pl_prev_run)
		pl_prev_run(PMKT_EXECUTOR_RUN_ARGS);
	else
		standard_ExecutorRun(PMKT_EXECUTOR_RUN_ARGS);
}

/* pmkt_loader_init (_PG_init): the hidden setting and the hook */
void
pmkt_loader_init(void)
{
	DefineCustomStringVariable("pmkt.load_segment",
							   "Internal: the shared rows of a parallel load.",
							   "Set by the trainers' loader for the workers of one query.",
							   &pl_segment_setting,
							   "",
							   PGC_USERSET,
							   GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE | GUC_NO_RESET_ALL | GUC_DISALLOW_IN_FILE,
							   NULL, NULL, NULL);
	pl_prev_run = ExecutorRun_hook;
	ExecutorRun_hook = pl_executor_run;
}

/*
 * pl_finish (leader, after the run: every worker has finished and handed
 * its last chunk over): the chunks left copied, the workers' counts added.
 */
static void
pl_finish(Loader *L)
{
	PlShared   *sh = L->sh;
	PmktMatrix *m = L->m;

	pg_memory_barrier();
	if (!m->over_budget && !pl_drain(L))
		return;
	if (m->over_budget)
		return;
	m->skipped_null += (int64) pg_atomic_read_u64(&sh->skipped);
	pmkt_loader_rows_total += (int64) pg_atomic_read_u64(&sh->received);
	elog(DEBUG2, "%s: parallel load, " INT64_FORMAT " rows in shared blocks, " UINT64_FORMAT " of them from %u workers",
		 L->fn, m->n, pg_atomic_read_u64(&sh->worker_rows) + pg_atomic_read_u64(&sh->forwarded),
		 pg_atomic_read_u32(&sh->workers));
	elog(DEBUG2, "%s: parallel load, " INT64_FORMAT " chunks of %d rows copied from a ring of %d (%d used), " UINT64_FORMAT " rows through the Gather",
		 L->fn, L->chunks_drained, sh->chunk_rows, sh->nchunks, sh->nused,
		 pg_atomic_read_u64(&sh->forwarded));
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

	/*
	 * a parallel plan when the planner finds one cheaper (issue 19): the
	 * rows' order no longer matters, canonical_order() fixes it.  With the
	 * features unpacked, the workers can write their rows into shared
	 * blocks (parallel load, above) and send nothing through the Gather:
	 * the plan is costed so (parallel_tuple_cost 0), and kept only if it is
	 * such a Gather; else planned again at the usual costs.
	 */
	if (pmkt_parallel_load && L->unpacked > 0 &&
		!L->spec->keep_order && !L->spec->array_target)
	{
		Query	   *q2 = copyObject(q);
		double		saved = parallel_tuple_cost;

		parallel_tuple_cost = 0;
		PG_TRY();
		{
			ps = pg_plan_query(q2, query, CURSOR_OPT_PARALLEL_OK, NULL);
		}
		PG_FINALLY();
		{
			parallel_tuple_cost = saved;
		}
		PG_END_TRY();
		if (pl_passthrough(ps->planTree) && pl_big_enough(ps->planTree, L->unpacked))
		{
			L->want_shared = true;
			L->nprocs = 1 + ((Gather *) ps->planTree)->num_workers;
		}
	}
	if (!L->want_shared)
		ps = pg_plan_query(q, query, pmkt_parallel_load ? CURSOR_OPT_PARALLEL_OK : 0, NULL);
	if (ps->commandType != CMD_SELECT || ps->hasModifyingCTE || ps->rowMarks != NIL)
	{
		L->unpacked = 0;
		L->want_shared = false;
		goto out;
	}
	L->est_rows = ps->planTree->plan_rows;
	L->query = query;
	elog(DEBUG2, "%s: load plan %s", L->fn,
		 L->want_shared ? "parallel, rows into shared blocks" :
		 ps->parallelModeNeeded ? "parallel" : "serial");
	L->m->direct = true;

	{
		int			nest = NewGUCNestLevel();	/* pmkt.load_segment */

		qd = CreateQueryDesc(ps, query, GetActiveSnapshot(), InvalidSnapshot,
							 (DestReceiver *) L, NULL, NULL, 0);
		ExecutorStart(qd, 0);
		pmkt_executor_run(qd, ForwardScanDirection, 0);
		ExecutorFinish(qd);
		ExecutorEnd(qd);
		FreeQueryDesc(qd);
		AtEOXact_GUC(true, nest);
	}
	if (L->sh)
	{
		pl_finish(L);
		L->sh = NULL;
	}
	if (L->seg)
	{
		dsm_detach(L->seg);
		L->seg = NULL;
	}
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

/* ------------------------------------------------------------------------
 * Canonical row order (issue 19): the rows sorted by their content, so that
 * every trainer sees the same matrix whatever order the query returned them
 * in (a parallel plan, Citus' shard-finishing order, a lost ORDER BY).
 *
 * Key of a row: with an id column, the id (as a signed integer); otherwise
 * a 64-bit hash of the bits of its features and targets (a pseudo-random
 * but fixed order: SGD batches and seeded draws see well-mixed rows, not
 * rows sorted on one feature).  With ids, the (key, row) pairs are sorted
 * by an LSD radix sort of 11-bit digits (every digit, a pass skipped when
 * all keys share its digit); with hashes, by their top 32 bits
 * (canonical_order_hashed: the rows themselves moved in place into the
 * buckets of the top 11 bits, then each bucket on its own in the cache).
 * Rows whose sorted bits are equal are then ordered by the whole key and
 * the bits of their features, targets and id, compared as unsigned 64-bit
 * words: a total order up to rows that are equal bit for bit, which are
 * interchangeable.  With ids, X, Y and ids are then gathered into new
 * arrays in that order; with hashes each bucket's rows are permuted through
 * a copy of that bucket.  Extra memory: 24 bytes per row while sorting ids
 * (keys and row numbers, twice), then the matrix a second time while
 * gathering; 4 bytes per row with hashes (the top half of the key) and a
 * few buckets per thread; not counted in pmkt.max_train_memory (which
 * bounds the matrix the trainer keeps).  CPU time at 4 M x 8 (hashes, 2
 * threads): about 250 ms (bench/segment/kmeans.md, round 9; 500-1 100 ms
 * with the gather into a second matrix, whose first touch of fresh memory
 * was most of it on the virtual machines measured).
 * CHECK_FOR_INTERRUPTS every 65536 rows of every pass.
 * ------------------------------------------------------------------------ */

#define CANON_BITS 11
#define CANON_PASSES 6			/* 6 x 11 >= 64 */
#define CANON_BUCKETS (1 << CANON_BITS)
#define CANON_AHEAD 16			/* gather: rows prefetched ahead */

static inline uint64
canon_mix(uint64 h)
{
	/* splitmix64's finaliser */
	h ^= h >> 30;
	h *= UINT64CONST(0xbf58476d1ce4e5b9);
	h ^= h >> 27;
	h *= UINT64CONST(0x94d049bb133111eb);
	h ^= h >> 31;
	return h;
}

typedef struct CanonCtx
{
	const PmktMatrix *m;
} CanonCtx;

/* the key of row i without an id column: a hash of its bits */
static inline uint64
canon_hash(const PmktMatrix *m, int t, Size i)
{
	const uint64 *w = (const uint64 *) (m->X + i * m->d);
	uint64		k = UINT64CONST(0x9e3779b97f4a7c15) ^ (uint64) (m->d + t);

	for (int j = 0; j < m->d; j++)
		k = canon_mix(k ^ w[j]);
	if (t > 0)
	{
		w = (const uint64 *) (m->Y + i * t);
		for (int j = 0; j < t; j++)
			k = canon_mix(k ^ w[j]);
	}
	return k;
}

/* the bits of row a against row b: features, targets, id */
static int
canon_row_cmp(const void *pa, const void *pb, void *arg)
{
	const PmktMatrix *m = ((CanonCtx *) arg)->m;
	uint32		a = *(const uint32 *) pa;
	uint32		b = *(const uint32 *) pb;
	const uint64 *xa = (const uint64 *) (m->X + (Size) a * m->d);
	const uint64 *xb = (const uint64 *) (m->X + (Size) b * m->d);

	/* hashed rows are radix-sorted on the key's top bits only */
	if (m->ids == NULL)
	{
		uint64		ka = canon_hash(m, Max(m->t, 0), a),
					kb = canon_hash(m, Max(m->t, 0), b);

		if (ka != kb)
			return ka < kb ? -1 : 1;
	}
	for (int j = 0; j < m->d; j++)
		if (xa[j] != xb[j])
			return xa[j] < xb[j] ? -1 : 1;
	if (m->t > 0)
	{
		const uint64 *ya = (const uint64 *) (m->Y + (Size) a * m->t);
		const uint64 *yb = (const uint64 *) (m->Y + (Size) b * m->t);

		for (int j = 0; j < m->t; j++)
			if (ya[j] != yb[j])
				return ya[j] < yb[j] ? -1 : 1;
	}
	if (m->ids && m->ids[a] != m->ids[b])
		return m->ids[a] < m->ids[b] ? -1 : 1;
	return 0;
}

/* this process's CPU time in ms, all its threads (the phases' DEBUG2 line) */
static double
process_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* this thread's CPU time in ms (the load's DEBUG2 line) */
static double
thread_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/*
 * The sweeps of the canonical order (keys, the radix passes, the gather, the
 * buckets' sorts; not the serial in-place pass of canon_flag_pass) run
 * in 1 + max_parallel_workers_per_gather threads (at most CANON_MAX_THREADS,
 * one per CANON_MIN_ROWS rows), as the k-means passes do: pure arithmetic on
 * memory allocated before they start (no palloc, no ereport, no PostgreSQL
 * call), every signal blocked, joined before anything else; the main thread
 * checks for interrupts between rounds of at most CANON_ROUND rows per
 * thread.  Each thread owns a fixed range of positions; a radix pass counts
 * each range's digits first, and each thread then scatters its range from
 * the bucket offsets left by the ranges before it, which is exactly the
 * serial stable pass: every thread count gives the same order.
 */
#define CANON_MAX_THREADS 8
#define CANON_MIN_ROWS 100000
#define CANON_ROUND ((int64) 1 << 20)

typedef enum CanonPhase
{
	CANON_KEYS,					/* key[i], idx[i] = i */
	CANON_COUNT,				/* cnt[digit of key[i]]++ */
	CANON_SCATTER,				/* stable scatter from cnt (offsets) */
	CANON_GATHER,				/* new row p = old row idx[p] (or pk[p]) */
	/* hashed keys (no id column), see canonical_order_hashed */
	CANON_HKEYS,				/* hk[i] = top half of key; cnt[top digit]++ */
	CANON_HBUCKETS				/* buckets lo..hi-1: each sorted in place */
} CanonPhase;

typedef struct CanonJob
{
	CanonPhase	phase;
	const PmktMatrix *m;
	int			t;				/* targets per row */
	int64		lo0,			/* this thread's positions */
				hi0,
				lo,				/* this round's */
				hi;
	int			shift;			/* the pass's digit */
	uint64	   *key,
			   *key2;
	uint32	   *idx,
			   *idx2;
	Size		cnt[CANON_BUCKETS];
	double	   *nx,
			   *ny;
	int64	   *nid;
	/* hashed keys: the top halves, bucket starts, this thread's scratch */
	uint64	   *pk;				/* (the gather with ids: always NULL) */
	uint32	   *hk;				/* n: top half of each row's key */
	const Size *bstart;			/* CANON_HB_BUCKETS + 1 */
	uint64	   *v1,				/* a bucket's packed keys, twice */
			   *v2;
	double	   *rx,				/* a bucket's rows */
			   *ry;
	bool	   *deferred;		/* buckets left to the main thread */
} CanonJob;

/*
 * Hashed keys, in place (round 9): the top 32 bits of each row's 64-bit key
 * (hk, 4 bytes a row, counted by their top CANON_HB_BITS bits while they are
 * made, in threads); one in-place MSD pass on those bits moves the rows
 * themselves into their buckets (canon_flag_pass, McIlroy's American flag
 * sort, serial); then each bucket on its own, in the cache and in threads:
 * its (top half << 32 | row) words sorted by CANON_HB_PASSES LSD passes of
 * CANON_HB_DIGIT bits over the 24 bits below, runs of equal top halves
 * ordered as before (whole key, then the rows' bits), and its rows permuted
 * through a copy of the bucket.  The order of canonical_order's comment, so
 * the same matrix as the gather into a second matrix (rounds 7-8), without
 * that second matrix: on the virtual machines measured, the first touch of
 * fresh memory cost about 1.3 ms of CPU per MB (bench/segment/kmeans.md,
 * round 9), 256 MB at 4 M x 8.
 */
#define CANON_HB_BITS 8			/* 256 buckets: their slots' lines stay in L1
								 * during canon_flag_pass (2048: twice as slow) */
#define CANON_HB_BUCKETS (1 << CANON_HB_BITS)
#define CANON_HB_DIGIT 8
#define CANON_HB_PASSES 3		/* 8 + 3 x 8 = 32 bits */
#define CANON_HB_ROUND 16		/* buckets per thread between interrupt checks */
#define CANON_INS_MAX 32		/* tie runs sorted in the thread up to this */

/* insertion sort of a short run of row numbers by canon_row_cmp (pure) */
static void
canon_ins_run(uint64 *v, int len, CanonCtx *cc)
{
	uint32		r[CANON_INS_MAX];
	uint64		top = v[0] & ~(uint64) PG_UINT32_MAX;

	for (int i = 0; i < len; i++)
		r[i] = (uint32) v[i];
	for (int i = 1; i < len; i++)
	{
		uint32		x = r[i];
		int			j = i;

		while (j > 0 && canon_row_cmp(&r[j - 1], &x, cc) > 0)
		{
			r[j] = r[j - 1];
			j--;
		}
		r[j] = x;
	}
	for (int i = 0; i < len; i++)
		v[i] = top | r[i];
}

/*
 * one bucket: src[0..len) sorted into dst[0..len) (src is the scratch);
 * false when a run of equal top halves is longer than CANON_INS_MAX (left
 * unordered: the caller sorts it, outside the threads)
 */
static bool
canon_bucket(uint64 *src, uint64 *dst, Size len, CanonJob *j)
{
	bool		ok = true;
	uint32		cnt[1 << CANON_HB_DIGIT];
	uint64	   *a = src,
			   *b = dst;
	CanonCtx	cc = {j->m};

	if (len == 0)
		return true;
	if (len == 1)
	{
		dst[0] = src[0];
		return true;
	}
	/* three passes (odd): src -> dst -> src -> dst */
	for (int p = 0; p < CANON_HB_PASSES; p++)
	{
		int			shift = 32 + p * CANON_HB_DIGIT;
		uint32		sum = 0;
		uint64	   *tmp;

		memset(cnt, 0, sizeof(cnt));
		for (Size i = 0; i < len; i++)
			cnt[(a[i] >> shift) & ((1 << CANON_HB_DIGIT) - 1)]++;
		for (int c = 0; c < (1 << CANON_HB_DIGIT); c++)
		{
			uint32		n = cnt[c];

			cnt[c] = sum;
			sum += n;
		}
		for (Size i = 0; i < len; i++)
			b[cnt[(a[i] >> shift) & ((1 << CANON_HB_DIGIT) - 1)]++] = a[i];
		tmp = a;
		a = b;
		b = tmp;
	}
	Assert(a == dst);
	/* runs of equal top halves: short ones here, long ones flagged */
	for (Size s = 0, i = 1; i <= len; i++)
	{
		if (i < len && (dst[i] >> 32) == (dst[s] >> 32))
			continue;
		if (i - s > CANON_INS_MAX)
			ok = false;
		else if (i - s > 1)
			canon_ins_run(dst + s, (int) (i - s), &cc);
		s = i;
	}
	return ok;
}

/*
 * canon_apply: bucket b's rows (positions s .. s+len-1) put in the order of
 * its sorted words v (row numbers s + i), through the copy rx/ry
 */
static void
canon_apply(const PmktMatrix *m, int t, Size s, Size len, const uint64 *v,
			double *rx, double *ry)
{
	int			d = m->d;

	memcpy(rx, m->X + s * d, sizeof(double) * len * d);
	if (t > 0)
		memcpy(ry, m->Y + s * t, sizeof(double) * len * t);
	for (Size p = 0; p < len; p++)
	{
		Size		r = (uint32) v[p] - s;

		if (d == 8)
			memcpy(m->X + (s + p) * 8, rx + r * 8, sizeof(double) * 8);
		else
			memcpy(m->X + (s + p) * d, rx + r * d, sizeof(double) * d);
		if (t > 0)
			memcpy(m->Y + (s + p) * t, ry + r * t, sizeof(double) * t);
	}
}

/*
 * canon_sort_bucket: bucket b sorted in place; false (nothing moved) when a
 * run of equal top halves is too long for a thread (deferred)
 */
static bool
canon_sort_bucket(CanonJob *j, int64 b)
{
	const PmktMatrix *m = j->m;
	Size		s = j->bstart[b],
				len = j->bstart[b + 1] - s;

	if (len < 2)
		return true;
	for (Size i = 0; i < len; i++)
		j->v1[i] = ((uint64) j->hk[s + i] << 32) | (uint64) (s + i);
	if (!canon_bucket(j->v1, j->v2, len, j))
		return false;
	canon_apply(m, j->t, s, len, j->v2, j->rx, j->ry);
	return true;
}

static void *
canon_thread(void *arg)
{
	CanonJob   *j = (CanonJob *) arg;
	const PmktMatrix *m = j->m;
	int			d = m->d,
				t = j->t;

	switch (j->phase)
	{
		case CANON_KEYS:
			for (int64 i = j->lo; i < j->hi; i++)
			{
				j->key[i] = m->ids ? (uint64) m->ids[i] ^ (UINT64CONST(1) << 63)
					: canon_hash(m, t, (Size) i);
				j->idx[i] = (uint32) i;
			}
			break;
		case CANON_COUNT:
			for (int64 i = j->lo; i < j->hi; i++)
				j->cnt[(j->key[i] >> j->shift) & (CANON_BUCKETS - 1)]++;
			break;
		case CANON_SCATTER:
			for (int64 i = j->lo; i < j->hi; i++)
			{
				Size		pos = j->cnt[(j->key[i] >> j->shift) & (CANON_BUCKETS - 1)]++;

				j->key2[pos] = j->key[i];
				j->idx2[pos] = j->idx[i];
			}
			break;
		case CANON_GATHER:
			for (int64 p = j->lo; p < j->hi; p++)
			{
				Size		src = j->pk ? (uint32) j->pk[p] : j->idx[p];

				/* the reads are random: ask for a row 16 rows ahead */
				if (p + CANON_AHEAD < j->hi)
				{
					Size		ar = j->pk ? (uint32) j->pk[p + CANON_AHEAD] : j->idx[p + CANON_AHEAD];
					const double *ahead = m->X + ar * d;

					__builtin_prefetch(ahead);
					__builtin_prefetch(ahead + d - 1);
					if (t > 0)
						__builtin_prefetch(m->Y + ar * t);
				}
				if (d == 3)
				{
					j->nx[p * 3] = m->X[src * 3];
					j->nx[p * 3 + 1] = m->X[src * 3 + 1];
					j->nx[p * 3 + 2] = m->X[src * 3 + 2];
				}
				else
					memcpy(j->nx + (Size) p * d, m->X + src * d, sizeof(double) * d);
				if (t > 0)
					memcpy(j->ny + (Size) p * t, m->Y + src * t, sizeof(double) * t);
				if (j->nid)
					j->nid[p] = m->ids[src];
			}
			break;
		case CANON_HKEYS:
			for (int64 i = j->lo; i < j->hi; i++)
			{
				uint32		v = (uint32) (canon_hash(m, t, (Size) i) >> 32);

				j->hk[i] = v;
				j->cnt[v >> (32 - CANON_HB_BITS)]++;
			}
			break;
		case CANON_HBUCKETS:
			for (int64 b = j->lo; b < j->hi; b++)
				if (!j->deferred[b] && !canon_sort_bucket(j, b))
					j->deferred[b] = true;	/* each thread its own buckets */
			break;
	}
	return NULL;
}

/* canon_run: one phase over every thread's positions, in rounds */
static void
canon_run(CanonJob *jobs, int nthreads, CanonPhase phase)
{
	int64		round = phase == CANON_HBUCKETS ? CANON_HB_ROUND : CANON_ROUND;

	for (int64 off = 0;; off += round)
	{
		pthread_t	tid[CANON_MAX_THREADS];
		bool		started[CANON_MAX_THREADS] = {0};
		bool		any = false;

		for (int t = 0; t < nthreads; t++)
		{
			jobs[t].phase = phase;
			jobs[t].lo = Min(jobs[t].lo0 + off, jobs[t].hi0);
			jobs[t].hi = Min(jobs[t].lo + round, jobs[t].hi0);
			any |= jobs[t].lo < jobs[t].hi;
		}
		if (!any)
			break;
		if (nthreads > 1)
		{
			sigset_t	all,
						old;

			sigfillset(&all);
			pthread_sigmask(SIG_SETMASK, &all, &old);
			for (int t = 1; t < nthreads; t++)
				if (jobs[t].lo < jobs[t].hi)
					started[t] = (pthread_create(&tid[t], NULL, canon_thread, &jobs[t]) == 0);
			pthread_sigmask(SIG_SETMASK, &old, NULL);
		}
		canon_thread(&jobs[0]);
		for (int t = 1; t < nthreads; t++)
		{
			if (started[t])
				pthread_join(tid[t], NULL);
			else if (jobs[t].lo < jobs[t].hi)
				canon_thread(&jobs[t]); /* could not start: do it here */
		}
		CHECK_FOR_INTERRUPTS();
	}
}

/*
 * canon_gather: new row p is old row idx[p] (or pk[p]'s row) (independent
 * random reads and sequential writes; following the permutation's cycles
 * in place chains one cache miss to the next and took three times as long).
 * The new arrays are allocated before the old ones are freed: the matrix is
 * held twice for this step.
 */
static void
canon_gather(PmktMatrix *m, CanonJob *jobs,
			 int nthreads, uint32 *idx, uint64 *pk)
{
	int64		n = m->n;
	int			d = m->d,
				t = Max(m->t, 0);

	{
		double	   *nx = pmkt_alloc_big(GetMemoryChunkContext(m->X), sizeof(double) * (Size) n * d);
		double	   *ny = t > 0 ? pmkt_alloc_big(GetMemoryChunkContext(m->Y), sizeof(double) * (Size) n * t) : NULL;
		int64	   *nid = m->ids ? pmkt_alloc_big(GetMemoryChunkContext(m->ids), sizeof(int64) * (Size) n) : NULL;

		for (int i = 0; i < nthreads; i++)
		{
			jobs[i].lo0 = n * i / nthreads;
			jobs[i].hi0 = n * (i + 1) / nthreads;
			jobs[i].idx = idx;
			jobs[i].pk = pk;
			jobs[i].nx = nx;
			jobs[i].ny = ny;
			jobs[i].nid = nid;
		}
		canon_run(jobs, nthreads, CANON_GATHER);
		pfree(m->X);
		if (t > 0)
			pfree(m->Y);
		if (nid)
			pfree(m->ids);
		m->X = nx;
		if (t > 0)
			m->Y = ny;
		if (nid)
			m->ids = nid;
	}
}

/*
 * canon_flag_pass: the rows (X, Y and hk together) moved in place into the
 * buckets of their top CANON_HB_BITS bits: bucket b at bstart[b] ..
 * bstart[b + 1] - 1 (McIlroy, Bostic and McIlroy's American flag sort, one
 * pass; each row is carried along a cycle of slots until it lands in its
 * bucket).  The next slot of every bucket is prefetched when it moves, so the
 * 256 slots' lines wait in the cache.  Serial, CHECK_FOR_INTERRUPTS every
 * 65536 moves.
 */
static void
canon_flag_pass(PmktMatrix *m, int t, uint32 *hk, const Size *bstart)
{
	int			d = m->d;
	double	   *X = m->X,
			   *Y = m->Y;
	Size	   *head = palloc(sizeof(Size) * CANON_HB_BUCKETS);
	double	   *cx = palloc(sizeof(double) * (d + t + 1));
	double	   *cy = cx + d;
	uint64		moves = 0;

#define HB_DIGIT(k) ((int) ((k) >> (32 - CANON_HB_BITS)))
	memcpy(head, bstart, sizeof(Size) * CANON_HB_BUCKETS);
	for (int b = 0; b < CANON_HB_BUCKETS; b++)
	{
		Size		end = bstart[b + 1];

		while (head[b] < end)
		{
			Size		i = head[b];
			uint32		ck = hk[i];
			int			db = HB_DIGIT(ck);

			if (db == b)
			{
				head[b]++;
				continue;
			}
			/* carry row i along its cycle until a row of bucket b comes back */
			memcpy(cx, X + i * d, sizeof(double) * d);
			if (t > 0)
				memcpy(cy, Y + i * t, sizeof(double) * t);
			do
			{
				Size		j = head[db];
				uint32		kj;

				/* rows already in their bucket stay (one is not: ck's slot) */
				while (HB_DIGIT(hk[j]) == db)
					j++;
				head[db] = j + 1;
				__builtin_prefetch(hk + j + 1);
				__builtin_prefetch(X + (j + 1) * d);
				kj = hk[j];
				hk[j] = ck;
				ck = kj;
				for (int q = 0; q < d; q++)
				{
					double		v = X[j * d + q];

					X[j * d + q] = cx[q];
					cx[q] = v;
				}
				for (int q = 0; q < t; q++)
				{
					double		v = Y[j * t + q];

					Y[j * t + q] = cy[q];
					cy[q] = v;
				}
				db = HB_DIGIT(ck);
				if ((++moves & 65535) == 0)
					CHECK_FOR_INTERRUPTS();
			} while (db != b);
			memcpy(X + i * d, cx, sizeof(double) * d);
			if (t > 0)
				memcpy(Y + i * t, cy, sizeof(double) * t);
			hk[i] = ck;
			head[b]++;
		}
	}
#undef HB_DIGIT
	pfree(cx);
	pfree(head);
}

/*
 * canonical_order_hashed: canonical_order without an id column (the keys
 * are hashes: uniform, so the buckets of the first pass are even), in place
 * by the passes described above CANON_HB_BITS.  Extra memory: 4 bytes per
 * row, and per thread a bucket's rows and words (the buckets longer than
 * CANON_HB_SCRATCH times the mean, i.e. many repeated rows, are sorted by
 * the main thread with a copy of that bucket).
 */
#define CANON_HB_SCRATCH 4

static void
canonical_order_hashed(PmktMatrix *m, int nthreads, double c0)
{
	int64		n = m->n;
	int			d = m->d,
				t = Max(m->t, 0);
	uint32	   *hk = pmkt_alloc_big(CurrentMemoryContext, sizeof(uint32) * (Size) n);
	Size	   *bstart = palloc(sizeof(Size) * (CANON_HB_BUCKETS + 1));
	bool	   *deferred = palloc0(sizeof(bool) * CANON_HB_BUCKETS);
	CanonJob   *jobs = palloc0(sizeof(CanonJob) * nthreads);
	Size		scratch = (Size) Max(CANON_HB_SCRATCH * (n / CANON_HB_BUCKETS + 1), 1024);
	int			ndeferred = 0;
	double		ck,
				c1,
				c2,
				c3;

	for (int i = 0; i < nthreads; i++)
	{
		jobs[i].m = m;
		jobs[i].t = t;
		jobs[i].lo0 = n * i / nthreads;
		jobs[i].hi0 = n * (i + 1) / nthreads;
		jobs[i].hk = hk;
		jobs[i].bstart = bstart;
		jobs[i].deferred = deferred;
	}
	/* keys, counted by their top digit in each thread's range */
	canon_run(jobs, nthreads, CANON_HKEYS);
	{
		Size		sum = 0;

		for (int b = 0; b < CANON_HB_BUCKETS; b++)
		{
			bstart[b] = sum;
			for (int i = 0; i < nthreads; i++)
				sum += jobs[i].cnt[b];
		}
		bstart[CANON_HB_BUCKETS] = sum;
		Assert(sum == (Size) n);
	}
	/* the rows into their buckets, in place */
	ck = process_cpu_ms();
	canon_flag_pass(m, t, hk, bstart);
	c1 = process_cpu_ms();

	/* each bucket sorted in place; the buckets in threads */
	for (int b = 0; b < CANON_HB_BUCKETS; b++)
		if (bstart[b + 1] - bstart[b] > scratch)
			deferred[b] = true; /* too long for a thread's scratch */
	for (int i = 0; i < nthreads; i++)
	{
		jobs[i].lo0 = (int64) CANON_HB_BUCKETS * i / nthreads;
		jobs[i].hi0 = (int64) CANON_HB_BUCKETS * (i + 1) / nthreads;
		jobs[i].v1 = palloc(sizeof(uint64) * scratch * 2);
		jobs[i].v2 = jobs[i].v1 + scratch;
		jobs[i].rx = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * scratch * (d + t));
		jobs[i].ry = jobs[i].rx + scratch * d;
	}
	canon_run(jobs, nthreads, CANON_HBUCKETS);
	c2 = process_cpu_ms();

	/* deferred buckets (long runs of equal top halves: repeated rows) */
	for (int b = 0; b < CANON_HB_BUCKETS; b++)
	{
		CanonCtx	cc = {m};
		Size		s = bstart[b],
					len = bstart[b + 1] - s;
		uint64	   *v;
		uint32	   *r;
		double	   *rx;

		if (!deferred[b])
			continue;
		ndeferred++;
		v = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(uint64) * len * 2);
		for (Size i = 0; i < len; i++)
			v[i] = ((uint64) hk[s + i] << 32) | (uint64) (s + i);
		(void) canon_bucket(v, v + len, len, &jobs[0]);
		r = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(uint32) * len);
		for (Size q = 0, i = 1; i <= len; i++)
		{
			if (i < len && (v[len + i] >> 32) == (v[len + q] >> 32))
				continue;
			if (i - q > CANON_INS_MAX)
			{
				uint64		top = v[len + q] & ~(uint64) PG_UINT32_MAX;

				for (Size k = q; k < i; k++)
					r[k - q] = (uint32) v[len + k];
				pmkt_sort(r, i - q, sizeof(uint32), canon_row_cmp, &cc);
				for (Size k = q; k < i; k++)
					v[len + k] = top | r[k - q];
			}
			q = i;
			CHECK_FOR_INTERRUPTS();
		}
		rx = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * Max(len * (d + t), 1));
		canon_apply(m, t, s, len, v + len, rx, rx + len * d);
		pfree(rx);
		pfree(r);
		pfree(v);
	}
	for (int i = 0; i < nthreads; i++)
	{
		pfree(jobs[i].v1);
		pfree(jobs[i].rx);
	}
	pfree(hk);
	pfree(bstart);
	pfree(deferred);
	pfree(jobs);
	c3 = process_cpu_ms();
	/* (the same line as before round 9: "gather" is the buckets' sorts) */
	elog(DEBUG2, "canonical order, CPU time: keys and radix sort %.1f ms, ties %.1f ms, gather %.1f ms (%d threads)",
		 c1 - c0, c3 - c2, c2 - c1, nthreads);
	elog(DEBUG2, "canonical order, CPU time: keys %.1f ms, rows into their buckets %.1f ms, buckets sorted %.1f ms (%d of them outside the threads)",
		 ck - c0, c1 - ck, c3 - c1, ndeferred);
}

/*
 * canonical_order: m's rows in the canonical order (X, Y and ids gathered
 * into new arrays of their contexts, the old ones freed).
 */
static void
canonical_order(PmktMatrix *m)
{
	double		c0 = process_cpu_ms(),
				c1,
				c2,
				c3;
	int64		n = m->n;
	int			d = m->d,
				t = Max(m->t, 0);
	uint64	   *key,
			   *key2;
	uint32	   *idx,
			   *idx2;
	CanonJob   *jobs;
	int			nthreads;

	/*
	 * ids (hashes go to canonical_order_hashed): every digit, a pass whose
	 * digit all keys share skipped; equal ids ordered by the comparator
	 */
	int			first_pass = 0;
	int			low_bits = 0;

	if (n < 2 || m->X == NULL || d <= 0)
		return;
	if (n > (int64) PG_UINT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the training query returned too many rows"),
				 errdetail(INT64_FORMAT " usable rows; at most %u can be loaded.", n, PG_UINT32_MAX),
				 errhint("Train on a sample.")));
	nthreads = Min(1 + Max(max_parallel_workers_per_gather, 0), CANON_MAX_THREADS);
	nthreads = (int) Max(Min((int64) nthreads, n / CANON_MIN_ROWS), 1);
	if (m->ids == NULL)
	{
		canonical_order_hashed(m, nthreads, c0);
		return;
	}
	key = pmkt_alloc_big(CurrentMemoryContext, sizeof(uint64) * (Size) n);
	key2 = pmkt_alloc_big(CurrentMemoryContext, sizeof(uint64) * (Size) n);
	idx = pmkt_alloc_big(CurrentMemoryContext, sizeof(uint32) * (Size) n);
	idx2 = pmkt_alloc_big(CurrentMemoryContext, sizeof(uint32) * (Size) n);
	jobs = palloc0(sizeof(CanonJob) * nthreads);
	for (int i = 0; i < nthreads; i++)
	{
		jobs[i].m = m;
		jobs[i].t = t;
		jobs[i].lo0 = n * i / nthreads;
		jobs[i].hi0 = n * (i + 1) / nthreads;
	}

	/* the keys */
	for (int i = 0; i < nthreads; i++)
	{
		jobs[i].key = key;
		jobs[i].idx = idx;
	}
	canon_run(jobs, nthreads, CANON_KEYS);

	/* LSD radix passes (stable), skipping a digit all keys share */
	for (int p = first_pass; p < CANON_PASSES; p++)
	{
		Size		sum = 0;
		uint64	   *tk;
		uint32	   *ti;

		for (int i = 0; i < nthreads; i++)
		{
			jobs[i].shift = p * CANON_BITS;
			jobs[i].key = key;
			jobs[i].idx = idx;
			jobs[i].key2 = key2;
			jobs[i].idx2 = idx2;
			memset(jobs[i].cnt, 0, sizeof(jobs[i].cnt));
		}
		canon_run(jobs, nthreads, CANON_COUNT);
		{
			Size		all = 0;
			int			b0 = (key[0] >> (p * CANON_BITS)) & (CANON_BUCKETS - 1);

			for (int i = 0; i < nthreads; i++)
				all += jobs[i].cnt[b0];
			if (all == (Size) n)
				continue;
		}
		/* offsets: bucket by bucket, each range after the ranges before it */
		for (int b = 0; b < CANON_BUCKETS; b++)
			for (int i = 0; i < nthreads; i++)
			{
				Size		cb = jobs[i].cnt[b];

				jobs[i].cnt[b] = sum;
				sum += cb;
			}
		canon_run(jobs, nthreads, CANON_SCATTER);
		tk = key;
		key = key2;
		key2 = tk;
		ti = idx;
		idx = idx2;
		idx2 = ti;
	}
	pfree(key2);
	pfree(idx2);
	c1 = process_cpu_ms();

	/* runs of equal keys: by the rows' bits */
	{
		CanonCtx	cc = {m};
		int64		s = 0;

		for (int64 i = 1; i <= n; i++)
		{
			if (i < n && (key[i] >> low_bits) == (key[s] >> low_bits))
				continue;
			if (i - s > 1)
				pmkt_sort(idx + s, (size_t) (i - s), sizeof(uint32), canon_row_cmp, &cc);
			s = i;
			if ((i & 65535) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	pfree(key);
	c2 = process_cpu_ms();

	canon_gather(m, jobs, nthreads, idx, NULL);
	pfree(idx);
	pfree(jobs);
	c3 = process_cpu_ms();
	elog(DEBUG2, "canonical order, CPU time: keys and radix sort %.1f ms, ties %.1f ms, gather %.1f ms (%d threads)",
		 c1 - c0, c2 - c1, c3 - c2, nthreads);
}

/* either path; with spec->uq, errors rewritten as util/userquery.h says */
static void
load_any(const char *query, Loader *L)
{
	MemoryContext cxt = CurrentMemoryContext;

	PG_TRY();
	{
		if (!(pmkt_direct_load && ActiveSnapshotSet() && load_direct(query, L)))
			load_spi(query, L);
	}
	PG_CATCH();
	{
		if (L->spec->uq == NULL)
			PG_RE_THROW();
		pmkt_uq_rethrow(cxt, L->spec->uq, query);
	}
	PG_END_TRY();
}

PmktMatrix *
pmkt_load_rows(const char *query, const PmktLoadSpec *spec)
{
	Loader		L;
	PmktMatrix *m = palloc0(sizeof(PmktMatrix));
	instr_time	t0,
				t1,
				t2,
				t3;
	double		load_cpu;

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
	load_cpu = thread_cpu_ms();
	load_any(query, &L);
	INSTR_TIME_SET_CURRENT(t1);
	INSTR_TIME_SUBTRACT(t1, t0);
	load_cpu = thread_cpu_ms() - load_cpu;
	MemoryContextDelete(L.scratch);
	if (!L.laid_out)
		m->t = Max(m->t, 0);
	if (m->t < 0)
		m->t = 0;				/* a float8[] target and no usable row */
	if (m->d < 0)
		m->d = 0;
	/* issue 19: the same matrix whatever order the rows arrived in */
	INSTR_TIME_SET_CURRENT(t2);
	if (!m->over_budget && !spec->keep_order)
		canonical_order(m);
	INSTR_TIME_SET_CURRENT(t3);
	INSTR_TIME_SUBTRACT(t3, t2);
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
	elog(DEBUG2, "%s: loaded in %.3f ms, %.1f ms of this process's CPU", L.fn, INSTR_TIME_GET_MILLISEC(t1), load_cpu);
	elog(DEBUG2, "%s: rows put in canonical order in %.3f ms", L.fn, INSTR_TIME_GET_MILLISEC(t3));
	return m;
}
