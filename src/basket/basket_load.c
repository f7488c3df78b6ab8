/*
 * basket/basket_load.c
 *    Order lines from a query into memory, as baskets of distinct items.
 *
 * The query returns exactly two columns, (basket id, item id), each bigint,
 * integer, smallint or text (varchar, char).  Lines are read once, by a
 * DestReceiver straight from the executor's slots (read-only, serial
 * plan); consecutive lines of one basket form a run.  When the
 * lines come grouped by basket (a table in order_id order, or any ORDER BY)
 * the runs are the baskets; otherwise the runs are put in basket order with
 * pmkt_sort and merged.  Within a basket duplicated items count once.
 * Memory: 4 bytes per line, 16 per run, the dictionaries; all of it in one
 * context checked against the budget (53200 beyond it).
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/portal.h"
#include "executor/tuptable.h"
#include "tcop/dest.h"

#include "util/matrix.h"
#include "util/sort.h"
#include "basket.h"

#define FETCH_ROWS 10000

static void *
grow(void *p, int64 *cap, int64 need, Size elem)
{
	int64		ncap;

	if (need <= *cap)
		return p;
	ncap = Max(need, Max(*cap * 2, 1024));
	p = p ? repalloc_huge(p, (Size) ncap * elem)
		: MemoryContextAllocHuge(CurrentMemoryContext, (Size) ncap * elem);
	*cap = ncap;
	return p;
}

void
basket_check_budget(BasketSet *b, const char *what)
{
	Size		used = MemoryContextMemAllocated(b->cxt, true);

	if (used > b->budget)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("%s: the baskets exceed pmkt.max_train_memory", b->fn),
				 errdetail("pmkt.max_train_memory is %d kB; %s took %zu kB (" INT64_FORMAT " lines, %d distinct items read).",
						   pmkt_max_train_memory_kb, what, used / 1024, b->nlines, b->items.n),
				 errhint("Raise min_support (or set max_len), run on a sample of baskets "
						 "(e.g. WHERE order_id %% 10 = 0), or raise pmkt.max_train_memory.")));
}

/* ------------------------------------------------------------------------
 * Dictionary
 * ------------------------------------------------------------------------ */
static uint32
hash_int64(int64 k)
{
	uint64		x = (uint64) k;

	x ^= x >> 33;
	x *= UINT64CONST(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64CONST(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return (uint32) x;
}

static void
dict_init(BasketDict *d, bool text)
{
	memset(d, 0, sizeof(*d));
	d->text = text;
	d->nslots = 1024;
	d->slots = palloc0(sizeof(int32) * d->nslots);
}

static uint32
dict_hash(const BasketDict *d, int64 ikey, const char *skey, int len)
{
	return d->text ? hash_bytes((const unsigned char *) skey, len) : hash_int64(ikey);
}

static bool
dict_eq(const BasketDict *d, int32 idx, int64 ikey, const char *skey, int len)
{
	if (d->text)
		return strncmp(d->skeys[idx], skey, len) == 0 && d->skeys[idx][len] == '\0';
	return d->ikeys[idx] == ikey;
}

static void
dict_rehash(BasketDict *d)
{
	Size		ns = d->nslots * 2;
	int32	   *slots = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int32) * ns);

	memset(slots, 0, sizeof(int32) * ns);
	for (int32 i = 0; i < d->n; i++)
	{
		uint32		h = d->text ? hash_bytes((const unsigned char *) d->skeys[i], strlen(d->skeys[i]))
			: hash_int64(d->ikeys[i]);
		Size		s = h & (ns - 1);

		while (slots[s] != 0)
			s = (s + 1) & (ns - 1);
		slots[s] = i + 1;
	}
	pfree(d->slots);
	d->slots = slots;
	d->nslots = ns;
}

/* the index of a key, added when new */
static int32
dict_get(BasketDict *d, int64 ikey, const char *skey, int len, const char *fn, const char *what)
{
	Size		s = dict_hash(d, ikey, skey, len) & (d->nslots - 1);

	while (d->slots[s] != 0)
	{
		if (dict_eq(d, d->slots[s] - 1, ikey, skey, len))
			return d->slots[s] - 1;
		s = (s + 1) & (d->nslots - 1);
	}
	if (d->n >= PG_INT32_MAX / 4)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many distinct %s", fn, what),
				 errdetail("At most %d are supported.", PG_INT32_MAX / 4)));
	if (d->n >= d->cap)
	{
		int64		cap = d->cap;

		if (d->text)
			d->skeys = grow(d->skeys, &cap, d->n + 1, sizeof(char *));
		else
			d->ikeys = grow(d->ikeys, &cap, d->n + 1, sizeof(int64));
		d->cap = (int32) cap;
	}
	if (d->text)
	{
		char	   *c = palloc(len + 1);

		memcpy(c, skey, len);
		c[len] = '\0';
		d->skeys[d->n] = c;
	}
	else
		d->ikeys[d->n] = ikey;
	d->slots[s] = d->n + 1;
	d->n++;
	if ((Size) d->n * 2 > d->nslots)
		dict_rehash(d);
	return d->n - 1;
}

int
basket_item_cmp(const BasketDict *d, int32 a, int32 b)
{
	if (d->text)
		return strcmp(d->skeys[a], d->skeys[b]);
	return d->ikeys[a] < d->ikeys[b] ? -1 : (d->ikeys[a] > d->ikeys[b] ? 1 : 0);
}

char *
basket_item_text(const BasketDict *d, int32 i)
{
	if (d->text)
		return pstrdup(d->skeys[i]);
	return psprintf(INT64_FORMAT, d->ikeys[i]);
}

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */
static bool
id_type_int(Oid t)
{
	return t == INT2OID || t == INT4OID || t == INT8OID;
}

static bool
id_type_text(Oid t)
{
	return t == TEXTOID || t == VARCHAROID || t == BPCHAROID;
}

static int64
int_value(Datum d, Oid t)
{
	return t == INT8OID ? DatumGetInt64(d) : (t == INT4OID ? DatumGetInt32(d) : DatumGetInt16(d));
}

static int
run_cmp(const void *a, const void *b, void *arg)
{
	const int64 *key = (const int64 *) arg;
	int64		ra = *(const int64 *) a,
				rb = *(const int64 *) b;

	if (key[ra] != key[rb])
		return key[ra] < key[rb] ? -1 : 1;
	return ra < rb ? -1 : (ra > rb ? 1 : 0);
}

static int
int32_cmp(const void *a, const void *b)
{
	int32		x = *(const int32 *) a,
				y = *(const int32 *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/*
 * The lines arrive through a DestReceiver (SPI_execute_plan_extended with
 * dest): each line is read straight from the executor's slot, with no copy
 * into an SPI tuple table (that copy and SPI_getbinval were about half of
 * association_rules' CPU time at scale).
 */
typedef struct BasketRecv
{
	DestReceiver pub;
	BasketSet  *b;
	Oid			btype;
	Oid			itype;
	bool		sorted;
	bool		over_budget;
	int64		batch;
} BasketRecv;

static void
recv_startup(DestReceiver *self, int operation pg_attribute_unused(), TupleDesc desc)
{
	BasketRecv *r = (BasketRecv *) self;
	BasketSet  *b = r->b;
	const char *fn = b->fn;
	MemoryContext old;

	if (desc == NULL || desc->natts != 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: argument \"query\" must return two columns, (basket id, item id)", fn),
				 errdetail("It returns %d.", desc ? desc->natts : 0),
				 errhint("For example: SELECT order_id, product_id FROM order_lines.")));
	r->btype = TupleDescAttr(desc, 0)->atttypid;
	r->itype = TupleDescAttr(desc, 1)->atttypid;
	for (int c = 0; c < 2; c++)
	{
		Oid			t = c == 0 ? r->btype : r->itype;

		if (!id_type_int(t) && !id_type_text(t))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s: the %s column of argument \"query\" must be bigint, integer, smallint or text",
							fn, c == 0 ? "first (basket id)" : "second (item id)"),
					 errdetail("Got type %s.", format_type_be(t)),
					 errhint("Cast it, e.g. SELECT order_id::bigint, product_id::text FROM order_lines.")));
	}
	old = MemoryContextSwitchTo(b->cxt);
	b->basket_text = id_type_text(r->btype);
	dict_init(&b->items, id_type_text(r->itype));
	if (b->basket_text)
		dict_init(&b->basket_names, true);
	MemoryContextSwitchTo(old);
}

static bool
recv_line(TupleTableSlot *slot, DestReceiver *self)
{
	BasketRecv *r = (BasketRecv *) self;
	BasketSet  *b = r->b;
	const char *fn = b->fn;
	MemoryContext old;
	Datum		bd,
				id;
	int64		key;
	int32		item;

	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1])
	{
		b->skipped_null++;
		return true;
	}
	bd = slot->tts_values[0];
	id = slot->tts_values[1];
	old = MemoryContextSwitchTo(b->cxt);
	if (b->basket_text)
	{
		text	   *t = DatumGetTextPP(bd);

		key = dict_get(&b->basket_names, 0, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), fn, "basket ids");
	}
	else
		key = int_value(bd, r->btype);
	if (b->items.text)
	{
		text	   *t = DatumGetTextPP(id);

		item = dict_get(&b->items, 0, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), fn, "item ids");
	}
	else
		item = dict_get(&b->items, int_value(id, r->itype), NULL, 0, fn, "item ids");

	if (b->nruns == 0 || key != b->run_key[b->nruns - 1])
	{
		if (b->nruns > 0 && key < b->run_key[b->nruns - 1])
			r->sorted = false;
		if (b->nruns + 2 > b->runcap)
		{
			int64		cap1 = b->runcap,
						cap2 = b->runcap;

			b->run_key = grow(b->run_key, &cap1, b->nruns + 2, sizeof(int64));
			b->run_start = grow(b->run_start, &cap2, b->nruns + 2, sizeof(int64));
			b->runcap = cap1;
		}
		b->run_key[b->nruns] = key;
		b->run_start[b->nruns] = b->nlines;
		b->nruns++;
	}
	if (b->nlines + 1 > b->linecap)
		b->lines = grow(b->lines, &b->linecap, b->nlines + 1, sizeof(int32));
	b->lines[b->nlines++] = item;
	MemoryContextSwitchTo(old);
	if (++r->batch == FETCH_ROWS)
	{
		r->batch = 0;
		CHECK_FOR_INTERRUPTS();
		/* beyond the budget: stop the query, the caller raises 53200 */
		if (MemoryContextMemAllocated(b->cxt, true) > b->budget)
		{
			r->over_budget = true;
			return false;
		}
	}
	return true;
}

static void
recv_noop(DestReceiver *self pg_attribute_unused())
{
}

BasketSet *
basket_load(const char *query, const char *fn, Size budget)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt baskets",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	BasketSet  *b = palloc0(sizeof(BasketSet));
	SPIPlanPtr	plan;
	SPIExecuteOptions opt;
	BasketRecv	r;
	int			ret;

	b->fn = fn;
	b->cxt = cxt;
	b->budget = budget;
	MemoryContextSwitchTo(old);

	/* cursor options 0: never a parallel plan, as the cursor this replaced */
	plan = SPI_prepare(query, 0, NULL);
	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s: could not prepare the query", fn),
				 errdetail("%s", SPI_result_code_string(SPI_result))));
	/* a statement that returns no rows: SPI's own error for it (42P11) */
	if (!SPI_is_cursor_plan(plan))
		SPI_cursor_open(NULL, plan, NULL, NULL, true);

	memset(&r, 0, sizeof(r));
	r.pub.receiveSlot = recv_line;
	r.pub.rStartup = recv_startup;
	r.pub.rShutdown = recv_noop;
	r.pub.rDestroy = recv_noop;
	r.pub.mydest = DestNone;
	r.b = b;
	r.sorted = true;
	memset(&opt, 0, sizeof(opt));
	opt.read_only = true;
	opt.dest = (DestReceiver *) &r;
	ret = SPI_execute_plan_extended(plan, &opt);
	if (ret < 0)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s: could not run the query", fn),
				 errdetail("%s", SPI_result_code_string(ret))));
	SPI_freeplan(plan);
	basket_check_budget(b, "reading the lines");

	if (b->skipped_null > 0)
		ereport(NOTICE,
				(errmsg("%s: skipped " INT64_FORMAT " lines with a NULL basket or item id",
						fn, b->skipped_null)));
	if (b->nlines == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"query\" returned no usable lines", fn),
				 errdetail("Lines with a NULL basket or item id are skipped (" INT64_FORMAT " were).",
						   b->skipped_null),
				 errhint("The query must return (basket id, item id) order lines.")));

	old = MemoryContextSwitchTo(cxt);
	b->run_start[b->nruns] = b->nlines;
	if (!r.sorted)
	{
		b->order = MemoryContextAllocHuge(cxt, sizeof(int64) * b->nruns);
		for (int64 i = 0; i < b->nruns; i++)
			b->order[i] = i;
		basket_check_budget(b, "ordering the baskets");
		pmkt_sort(b->order, b->nruns, sizeof(int64), run_cmp, b->run_key);
	}
	MemoryContextSwitchTo(old);
	basket_rewind(b);
	return b;
}

void
basket_rewind(BasketSet *b)
{
	b->pos = 0;
}

bool
basket_next(BasketSet *b, int64 *key, int32 **items, int32 *n)
{
	int64		r,
				k;
	int32		m = 0;

	if (b->pos >= b->nruns)
		return false;
	r = b->order ? b->order[b->pos] : b->pos;
	k = b->run_key[r];
	for (;;)
	{
		int64		len = b->run_start[r + 1] - b->run_start[r];

		if (m + len > b->bufcap)
		{
			int64		cap = b->bufcap;
			MemoryContext old = MemoryContextSwitchTo(b->cxt);

			if (m + len > PG_INT32_MAX / 2)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("%s: a basket has too many lines", b->fn),
						 errdetail("At most %d lines per basket are supported.", PG_INT32_MAX / 2)));
			b->buf = grow(b->buf, &cap, m + len, sizeof(int32));
			b->bufcap = (int32) cap;
			MemoryContextSwitchTo(old);
		}
		memcpy(b->buf + m, b->lines + b->run_start[r], sizeof(int32) * len);
		m += (int32) len;
		b->pos++;
		if (b->pos >= b->nruns)
			break;
		r = b->order ? b->order[b->pos] : b->pos;
		if (b->run_key[r] != k)
			break;
	}
	/* distinct items, ascending */
	if (m > 1)
	{
		int32		u = 1;

		if (m <= 16)
		{
			/* baskets are small: insertion sort beats qsort's overhead */
			for (int32 i = 1; i < m; i++)
			{
				int32		x = b->buf[i],
							j = i;

				for (; j > 0 && b->buf[j - 1] > x; j--)
					b->buf[j] = b->buf[j - 1];
				b->buf[j] = x;
			}
		}
		else
			qsort(b->buf, m, sizeof(int32), int32_cmp);
		for (int32 i = 1; i < m; i++)
			if (b->buf[i] != b->buf[u - 1])
				b->buf[u++] = b->buf[i];
		m = u;
	}
	*key = k;
	*items = b->buf;
	*n = m;
	return true;
}

/* ------------------------------------------------------------------------
 * Shared with the other readers of (customer, item) lines (als.c)
 * ------------------------------------------------------------------------ */
void
basket_dict_init(BasketDict *d, bool text)
{
	dict_init(d, text);
}

int32
basket_dict_get(BasketDict *d, int64 ikey, const char *skey, int len,
				const char *fn, const char *what)
{
	return dict_get(d, ikey, skey, len, fn, what);
}

bool
basket_id_type_int(Oid t)
{
	return id_type_int(t);
}

bool
basket_id_type_text(Oid t)
{
	return id_type_text(t);
}

int64
basket_int_value(Datum d, Oid t)
{
	return int_value(d, t);
}
