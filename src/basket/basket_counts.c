/*
 * basket/basket_counts.c
 *    pmkt.basket_counts(items bigint[] [, pairs boolean]): the combinable
 *    part of basket analysis (issue 12, part 3): in how many baskets each
 *    item was bought and, on request, each pair of items, as an aggregate
 *    with a combine function (parallel query, Citus), its state type
 *    pmkt.basket_counts_state, and the readers pmkt.item_counts,
 *    pmkt.pair_counts and pmkt.basket_counts_info.
 *
 * One input row is ONE basket: the array of its item ids (duplicates and
 * NULL elements allowed; an item counts once per row).  Counting distinct
 * baskets is only combinable when every basket is whole in one partial
 * state, so the aggregate never sees lines: the caller groups the lines by
 * basket first (SELECT array_agg(item) ... GROUP BY basket in a subquery,
 * or a table of baskets), and then any split of the rows over parallel
 * workers or Citus shards merges exactly: counts of rows add up.
 *
 * The state is a flat varlena holding two open-addressing hash tables
 * (linear probing, power-of-two capacities, load at most 3/4): items
 * (key, count) and, when pairs are counted, pairs (a < b, count); a count
 * of 0 marks an empty slot.  The transition function updates the state in
 * place and rebuilds it twice as large when a table fills.  Every state is
 * untrusted input: the transition function checks the header (what memory
 * accesses depend on) on every call; combine, the readers, output and send
 * check everything (each key found at its slot, counts within the
 * baskets, pairs of counted items and at most either item's count).  Text
 * form: JSON with the items and pairs in ascending order (so the text of a
 * state is a function of its counts only, whatever the plan).
 */
#include "pmkt.h"

#include <ctype.h>

#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(pmkt_basket_counts_state_in);
PG_FUNCTION_INFO_V1(pmkt_basket_counts_state_out);
PG_FUNCTION_INFO_V1(pmkt_basket_counts_state_recv);
PG_FUNCTION_INFO_V1(pmkt_basket_counts_state_send);
PG_FUNCTION_INFO_V1(pmkt_basket_counts_sfunc);
PG_FUNCTION_INFO_V1(pmkt_basket_counts_combine);
PG_FUNCTION_INFO_V1(pmkt_item_counts);
PG_FUNCTION_INFO_V1(pmkt_pair_counts);
PG_FUNCTION_INFO_V1(pmkt_basket_counts_info);

#define TYPNAME "pmkt.basket_counts_state"
#define AGGNAME "basket_counts"
#define BC_MAGIC 0x54434b42		/* "BKCT" */
#define BC_VERSION 1
#define BC_F_PAIRS 1
#define BC_MIN_CAP 8
#define BC_MAX_COUNT (INT64CONST(1) << 53)

typedef struct BcState
{
	int32		vl_len_;
	int32		magic;
	int32		version;
	int32		flags;
	int64		baskets;		/* rows with at least one non-NULL item */
	int64		empty;			/* rows with no non-NULL item */
	int64		null_baskets;	/* NULL arrays */
	int64		null_items;		/* NULL elements */
	int64		nitems;
	int64		item_cap;		/* power of two >= BC_MIN_CAP */
	int64		npairs;
	int64		pair_cap;		/* 0 without pairs, else a power of two >= BC_MIN_CAP */
	int64		data[FLEXIBLE_ARRAY_MEMBER];	/* item_cap x (key, count), pair_cap x (a, b, count) */
} BcState;

#define BC_HDR offsetof(BcState, data)
#define BC_ITEMS(st) ((st)->data)
#define BC_PAIRS(st) ((st)->data + 2 * (st)->item_cap)

static inline bool
has_pairs(const BcState *st)
{
	return (st->flags & BC_F_PAIRS) != 0;
}

/* bytes of a state with these capacities; 0 when beyond a varlena */
static Size
bc_size(int64 item_cap, int64 pair_cap)
{
	double		b = (double) BC_HDR + 8.0 * (2.0 * (double) item_cap + 3.0 * (double) pair_cap);

	if (b > (double) MaxAllocSize)
		return 0;
	return (Size) b;
}

static inline uint64
mix64(uint64 z)
{
	z += UINT64CONST(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64CONST(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static inline bool
is_pow2(int64 v)
{
	return v > 0 && (v & (v - 1)) == 0;
}

/* ------------------------------------------------------------------------
 * Validation
 */

static void bc_invalid(int sqlstate, const char *fn, const char *problem, const char *detail) pg_attribute_noreturn();

static void
bc_invalid(int sqlstate, const char *fn, const char *problem, const char *detail)
{
	if (sqlstate == ERRCODE_INVALID_PARAMETER_VALUE)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("%s: invalid aggregate state: %s", fn, problem),
				 errdetail("%s", detail),
				 errhint("Pass a state built by pmkt.basket_counts, or its exact text form.")));
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("invalid %s representation for type " TYPNAME ": %s",
					sqlstate == ERRCODE_INVALID_BINARY_REPRESENTATION ? "binary" : "input", problem),
			 errdetail("%s", detail)));
}

#define INVALID(problem, ...) bc_invalid(sqlstate, fn, problem, psprintf(__VA_ARGS__))

/*
 * The header: what memory accesses depend on (magic, version, flags,
 * capacities matching the varlena's size, counts in range, each table
 * keeping an empty slot).
 */
static void
bc_check_header(const BcState *st, Size size, int sqlstate, const char *fn)
{
	if (size < BC_HDR)
		INVALID("too short", "%zu bytes; the header alone is %zu.", size, (Size) BC_HDR);
	if (st->magic != BC_MAGIC)
		INVALID("not a basket_counts state", "The tag is %d.", st->magic);
	if (st->version != BC_VERSION)
		INVALID("unknown version", "Version %d; this build reads version %d.", st->version, BC_VERSION);
	if (st->flags != 0 && st->flags != BC_F_PAIRS)
		INVALID("unknown flags", "The flags are %d.", st->flags);
	if (!is_pow2(st->item_cap) || st->item_cap < BC_MIN_CAP)
		INVALID("bad item table size", "It is " INT64_FORMAT "; a power of two >= %d is expected.",
				st->item_cap, BC_MIN_CAP);
	if (has_pairs(st) ? (!is_pow2(st->pair_cap) || st->pair_cap < BC_MIN_CAP) : st->pair_cap != 0)
		INVALID("bad pair table size", "It is " INT64_FORMAT " with pairs %s.",
				st->pair_cap, has_pairs(st) ? "counted" : "not counted");
	if (bc_size(st->item_cap, st->pair_cap) != size)
		INVALID("size does not match the header",
				"%zu bytes; the header implies %zu.", size, bc_size(st->item_cap, st->pair_cap));
	if (st->nitems < 0 || st->nitems > st->item_cap * 3 / 4)
		INVALID("bad item count", INT64_FORMAT " items in a table of " INT64_FORMAT ".",
				st->nitems, st->item_cap);
	if (st->npairs < 0 || st->npairs > st->pair_cap * 3 / 4)
		INVALID("bad pair count", INT64_FORMAT " pairs in a table of " INT64_FORMAT ".",
				st->npairs, st->pair_cap);
	if (st->baskets < 0 || st->baskets > BC_MAX_COUNT || st->empty < 0 || st->empty > BC_MAX_COUNT ||
		st->null_baskets < 0 || st->null_baskets > BC_MAX_COUNT ||
		st->null_items < 0 || st->null_items > BC_MAX_COUNT)
		INVALID("a count is out of range",
				"baskets " INT64_FORMAT ", empty " INT64_FORMAT ", null_baskets " INT64_FORMAT
				", null_items " INT64_FORMAT "; each must be in [0, 2^53].",
				st->baskets, st->empty, st->null_baskets, st->null_items);
}

/* slot of key in the item table, or the empty slot where it would go */
static inline int64
item_slot(const BcState *st, int64 key, int sqlstate, const char *fn)
{
	const int64 *t = BC_ITEMS(st);
	uint64		mask = (uint64) st->item_cap - 1;
	uint64		h = mix64((uint64) key) & mask;

	for (int64 probe = 0; probe < st->item_cap; probe++)
	{
		if (t[2 * h + 1] == 0 || t[2 * h] == key)
			return (int64) h;
		h = (h + 1) & mask;
	}
	INVALID("the item table has no empty slot", "It has " INT64_FORMAT " slots.", st->item_cap);
}

static inline uint64
pair_hash(int64 a, int64 b)
{
	return mix64((uint64) a ^ mix64((uint64) b + UINT64CONST(0x51ed270b27a5c6b1)));
}

static inline int64
pair_slot(const BcState *st, int64 a, int64 b, int sqlstate, const char *fn)
{
	const int64 *t = BC_PAIRS(st);
	uint64		mask = (uint64) st->pair_cap - 1;
	uint64		h = pair_hash(a, b) & mask;

	for (int64 probe = 0; probe < st->pair_cap; probe++)
	{
		const int64 *e = t + 3 * h;

		if (e[2] == 0 || (e[0] == a && e[1] == b))
			return (int64) h;
		h = (h + 1) & mask;
	}
	INVALID("the pair table has no empty slot", "It has " INT64_FORMAT " slots.", st->pair_cap);
}

/* everything: header, every slot, the counts' consistency */
static void
bc_validate(const BcState *st, Size size, int sqlstate, const char *fn)
{
	const int64 *it;
	const int64 *pt;
	int64		n = 0;

	bc_check_header(st, size, sqlstate, fn);
	it = BC_ITEMS(st);
	pt = BC_PAIRS(st);
	for (int64 i = 0; i < st->item_cap; i++)
	{
		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		if (it[2 * i + 1] == 0)
		{
			if (it[2 * i] != 0)
				INVALID("an empty item slot holds a key", "Slot " INT64_FORMAT " holds " INT64_FORMAT ".",
						i, it[2 * i]);
			continue;
		}
		if (it[2 * i + 1] < 1 || it[2 * i + 1] > st->baskets)
			INVALID("an item count is out of range",
					"Item " INT64_FORMAT " has count " INT64_FORMAT "; there are " INT64_FORMAT " baskets.",
					it[2 * i], it[2 * i + 1], st->baskets);
		if (item_slot(st, it[2 * i], sqlstate, fn) != i)
			INVALID("an item is not where its hash puts it (or appears twice)",
					"Item " INT64_FORMAT " in slot " INT64_FORMAT ".", it[2 * i], i);
		n++;
	}
	if (n != st->nitems)
		INVALID("the item count does not match the table",
				"The header says " INT64_FORMAT ", the table holds " INT64_FORMAT ".", st->nitems, n);
	n = 0;
	for (int64 i = 0; i < st->pair_cap; i++)
	{
		const int64 *e = pt + 3 * i;
		int64		sa,
					sb;

		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e[2] == 0)
		{
			if (e[0] != 0 || e[1] != 0)
				INVALID("an empty pair slot holds a key", "Slot " INT64_FORMAT ".", i);
			continue;
		}
		if (e[0] >= e[1])
			INVALID("a pair is not in ascending order",
					"(" INT64_FORMAT ", " INT64_FORMAT ").", e[0], e[1]);
		sa = item_slot(st, e[0], sqlstate, fn);
		sb = item_slot(st, e[1], sqlstate, fn);
		if (it[2 * sa + 1] == 0 || it[2 * sb + 1] == 0)
			INVALID("a pair holds an item that is not counted",
					"Pair (" INT64_FORMAT ", " INT64_FORMAT "): item " INT64_FORMAT " has no count.",
					e[0], e[1], it[2 * sa + 1] == 0 ? e[0] : e[1]);
		if (e[2] < 1 || it[2 * sa + 1] < e[2] || it[2 * sb + 1] < e[2])
			INVALID("a pair count is out of range",
					"Pair (" INT64_FORMAT ", " INT64_FORMAT ") has count " INT64_FORMAT
					"; its items have " INT64_FORMAT " and " INT64_FORMAT ".",
					e[0], e[1], e[2], it[2 * sa + 1], it[2 * sb + 1]);
		if (pair_slot(st, e[0], e[1], sqlstate, fn) != i)
			INVALID("a pair is not where its hash puts it (or appears twice)",
					"Pair (" INT64_FORMAT ", " INT64_FORMAT ") in slot " INT64_FORMAT ".", e[0], e[1], i);
		n++;
	}
	if (n != st->npairs)
		INVALID("the pair count does not match the table",
				"The header says " INT64_FORMAT ", the table holds " INT64_FORMAT ".", st->npairs, n);
}

#undef INVALID

/* a state argument, detoasted and fully checked (22023) */
static BcState *
state_arg_checked(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	BcState    *st = (BcState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	bc_validate(st, VARSIZE(st), ERRCODE_INVALID_PARAMETER_VALUE, fn);
	return st;
}

/* ------------------------------------------------------------------------
 * Building and growing
 */

static void
check_budget(Size bytes, const char *fn)
{
	if (bytes == 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: the counts exceed the largest state (1 GB)", fn),
				 errhint("Count items only (pairs => false), or count fewer distinct items (e.g. a category instead of the product).")));
	if (bytes > (Size) pmkt_max_train_memory_kb * 1024)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("%s: the counts exceed pmkt.max_train_memory", fn),
				 errdetail("pmkt.max_train_memory is %d kB; the state would take %zu kB.",
						   pmkt_max_train_memory_kb, bytes / 1024),
				 errhint("Count items only (pairs => false), count on a sample of baskets, or raise pmkt.max_train_memory.")));
}

static BcState *
bc_new(int64 item_cap, int64 pair_cap, int flags, const char *fn)
{
	Size		bytes = bc_size(item_cap, pair_cap);
	BcState    *st;

	check_budget(bytes, fn);
	st = palloc0(bytes);
	SET_VARSIZE(st, bytes);
	st->magic = BC_MAGIC;
	st->version = BC_VERSION;
	st->flags = flags;
	st->item_cap = item_cap;
	st->pair_cap = pair_cap;
	return st;
}

static int64
cap_for(int64 n)
{
	int64		cap = BC_MIN_CAP;

	while (cap * 3 / 4 < n)
		cap *= 2;
	return cap;
}

/* insert or add to an item (the table has room); false when it was new */
static inline void
item_add(BcState *st, int64 key, int64 cnt, const char *fn)
{
	int64		s = item_slot(st, key, ERRCODE_INVALID_PARAMETER_VALUE, fn);
	int64	   *e = BC_ITEMS(st) + 2 * s;

	if (e[1] == 0)
	{
		e[0] = key;
		st->nitems++;
	}
	if (pg_add_s64_overflow(e[1], cnt, &e[1]) || e[1] > BC_MAX_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: a basket count exceeds 2^53", fn)));
}

static inline void
pair_add(BcState *st, int64 a, int64 b, int64 cnt, const char *fn)
{
	int64		s = pair_slot(st, a, b, ERRCODE_INVALID_PARAMETER_VALUE, fn);
	int64	   *e = BC_PAIRS(st) + 3 * s;

	if (e[2] == 0)
	{
		e[0] = a;
		e[1] = b;
		st->npairs++;
	}
	if (pg_add_s64_overflow(e[2], cnt, &e[2]) || e[2] > BC_MAX_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: a basket count exceeds 2^53", fn)));
}

/*
 * A copy of st with room for at least more_items items and more_pairs
 * pairs beyond its own (palloc'd in the current context; st unchanged),
 * or st itself when it has room.
 */
static BcState *
bc_reserve(BcState *st, int64 more_items, int64 more_pairs, const char *fn)
{
	int64		icap = st->item_cap,
				pcap = st->pair_cap;
	BcState    *nst;

	while (icap * 3 / 4 < st->nitems + more_items)
		icap *= 2;
	if (has_pairs(st))
		while (pcap * 3 / 4 < st->npairs + more_pairs)
			pcap *= 2;
	if (icap == st->item_cap && pcap == st->pair_cap)
		return st;
	nst = bc_new(icap, pcap, st->flags, fn);
	nst->baskets = st->baskets;
	nst->empty = st->empty;
	nst->null_baskets = st->null_baskets;
	nst->null_items = st->null_items;
	for (int64 i = 0; i < st->item_cap; i++)
	{
		const int64 *e = BC_ITEMS(st) + 2 * i;

		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e[1] != 0)
			item_add(nst, e[0], e[1], fn);
	}
	for (int64 i = 0; i < st->pair_cap; i++)
	{
		const int64 *e = BC_PAIRS(st) + 3 * i;

		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e[2] != 0)
			pair_add(nst, e[0], e[1], e[2], fn);
	}
	return nst;
}

/* ------------------------------------------------------------------------
 * The aggregate
 */

static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a,
				y = *(const int64 *) b;

	return x < y ? -1 : x > y;
}

/*
 * basket_counts_sfunc(state, items bigint[] [, pairs boolean]): non-strict.
 * One row is one basket; a NULL array is counted in null_baskets, NULL
 * elements in null_items, a row without a non-NULL item in empty.
 */
Datum
pmkt_basket_counts_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = AGGNAME;
	MemoryContext aggcxt;
	bool		pairs = false;
	BcState    *st;
	ArrayType  *arr;
	int			nel;
	int64		buf[64];
	int64	   *v;
	int			k = 0;
	const int64 *data;
	const int32 *data4;
	Oid			elemtype;
	bits8	   *nulls;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		aggcxt = NULL;
	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s: argument \"pairs\" must not be NULL", fn),
					 errhint("Pass true to count pairs of items as well, false for items only.")));
		pairs = PG_GETARG_BOOL(2);
	}
	if (PG_ARGISNULL(0))
		st = bc_new(BC_MIN_CAP, pairs ? BC_MIN_CAP : 0, pairs ? BC_F_PAIRS : 0, fn);
	else
	{
		Datum		d = PG_GETARG_DATUM(0);

		st = (BcState *) PG_DETOAST_DATUM(d);
		bc_check_header(st, VARSIZE(st), ERRCODE_INVALID_PARAMETER_VALUE, fn);
		/* outside an aggregate the input must stay untouched */
		if (aggcxt == NULL && (Pointer) st == DatumGetPointer(d))
		{
			BcState    *c = palloc(VARSIZE(st));

			memcpy(c, st, VARSIZE(st));
			st = c;
		}
		if (has_pairs(st) != pairs)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"pairs\" must be the same for every row", fn),
					 errdetail("The state counts %s; this row asks %s.",
							   has_pairs(st) ? "pairs" : "items only", pairs ? "pairs" : "items only")));
	}
	if (PG_ARGISNULL(1))
	{
		st->null_baskets++;
		PG_RETURN_POINTER(st);
	}
	arr = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: argument \"items\" must be a one-dimensional array (one basket's item ids)", fn),
				 errdetail("It has %d dimensions.", ARR_NDIM(arr)),
				 errhint("Pass one row per basket: SELECT pmkt.basket_counts(items) FROM (SELECT array_agg(product_id) AS items FROM lines GROUP BY order_id) b.")));
	/* bigint[] or integer[] ids (the SQL overloads), read in place */
	elemtype = ARR_ELEMTYPE(arr);
	if (elemtype != INT8OID && elemtype != INT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: argument \"items\" must be an array of bigint or integer item ids", fn),
				 errdetail("It is of type %s.", format_type_be(get_array_type(elemtype))),
				 errhint("Cast the ids: array_agg(product_id::bigint).")));
	nel = ARR_NDIM(arr) == 0 ? 0 : ARR_DIMS(arr)[0];
	v = nel <= (int) lengthof(buf) ? buf : palloc(sizeof(int64) * nel);
	data = (const int64 *) ARR_DATA_PTR(arr);
	data4 = (const int32 *) ARR_DATA_PTR(arr);
	nulls = ARR_NULLBITMAP(arr);
	for (int i = 0; i < nel; i++)
	{
		if (nulls && !(nulls[i / 8] & (1 << (i % 8))))
		{
			st->null_items++;
			continue;
		}
		v[k++] = elemtype == INT8OID ? *data++ : (int64) *data4++;
	}
	if (k == 0)
	{
		st->empty++;
		PG_RETURN_POINTER(st);
	}
	if (k > 1)
	{
		int			u = 1;

		qsort(v, k, sizeof(int64), cmp_int64);
		for (int i = 1; i < k; i++)
			if (v[i] != v[u - 1])
				v[u++] = v[i];
		k = u;
	}
	/* room for every new item and pair (a new state is copied by the executor) */
	st = bc_reserve(st, k, pairs ? (int64) k * (k - 1) / 2 : 0, fn);
	st->baskets++;
	for (int i = 0; i < k; i++)
	{
		if ((i & 255) == 255)
			CHECK_FOR_INTERRUPTS();
		item_add(st, v[i], 1, fn);
		if (pairs)
			for (int j = i + 1; j < k; j++)
				pair_add(st, v[i], v[j], 1, fn);
	}
	PG_RETURN_POINTER(st);
}

/* basket_counts_combine(a, b): strict; the counts of both */
Datum
pmkt_basket_counts_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "basket_counts_combine";
	MemoryContext aggcxt;
	Datum		da = PG_GETARG_DATUM(0);
	BcState    *a = state_arg_checked(fcinfo, 0, fn);
	BcState    *b = state_arg_checked(fcinfo, 1, fn);

	if (has_pairs(a) != has_pairs(b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: cannot combine a state with pair counts and one without", fn),
				 errhint("Use the same \"pairs\" argument in every partial aggregate.")));
	if (!AggCheckCallContext(fcinfo, &aggcxt) && (Pointer) a == DatumGetPointer(da))
	{
		BcState    *c = palloc(VARSIZE(a));

		memcpy(c, a, VARSIZE(a));
		a = c;
	}
	a = bc_reserve(a, b->nitems, b->npairs, fn);
#define ADDC(f) \
	if (pg_add_s64_overflow(a->f, b->f, &a->f) || a->f > BC_MAX_COUNT) \
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE), \
						errmsg("%s: a basket count exceeds 2^53", fn)))
	ADDC(baskets);
	ADDC(empty);
	ADDC(null_baskets);
	ADDC(null_items);
#undef ADDC
	for (int64 i = 0; i < b->item_cap; i++)
	{
		const int64 *e = BC_ITEMS(b) + 2 * i;

		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e[1] != 0)
			item_add(a, e[0], e[1], fn);
	}
	for (int64 i = 0; i < b->pair_cap; i++)
	{
		const int64 *e = BC_PAIRS(b) + 3 * i;

		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e[2] != 0)
			pair_add(a, e[0], e[1], e[2], fn);
	}
	PG_RETURN_POINTER(a);
}

/* ------------------------------------------------------------------------
 * Sorted views of the tables
 */

static int
cmp_pair(const void *x, const void *y)
{
	const int64 *a = x,
			   *b = y;

	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* the items (key, count) in ascending key order, palloc'd */
static int64 *
sorted_items(const BcState *st)
{
	int64	   *out = palloc(sizeof(int64) * 2 * Max(st->nitems, 1));
	int64		n = 0;

	for (int64 i = 0; i < st->item_cap; i++)
		if (BC_ITEMS(st)[2 * i + 1] != 0)
		{
			out[2 * n] = BC_ITEMS(st)[2 * i];
			out[2 * n + 1] = BC_ITEMS(st)[2 * i + 1];
			n++;
		}
	qsort(out, n, sizeof(int64) * 2, cmp_pair);
	return out;
}

static int64 *
sorted_pairs(const BcState *st)
{
	int64	   *out = palloc(sizeof(int64) * 3 * Max(st->npairs, 1));
	int64		n = 0;

	for (int64 i = 0; i < st->pair_cap; i++)
		if (BC_PAIRS(st)[3 * i + 2] != 0)
		{
			memcpy(out + 3 * n, BC_PAIRS(st) + 3 * i, sizeof(int64) * 3);
			n++;
		}
	qsort(out, n, sizeof(int64) * 3, cmp_pair);
	return out;
}

/* ------------------------------------------------------------------------
 * Text I/O: {"format":"pmkt.basket_counts_state","version":1,"pairs":B,
 * "baskets":N,"empty":N,"null_baskets":N,"null_items":N,
 * "items":[[id,count],...],"pair_counts":[[a,b,count],...]}
 */

Datum
pmkt_basket_counts_state_out(PG_FUNCTION_ARGS)
{
	BcState    *st = state_arg_checked(fcinfo, 0, TYPNAME);
	StringInfoData s;
	int64	   *it = sorted_items(st);
	int64	   *pr = has_pairs(st) ? sorted_pairs(st) : NULL;

	initStringInfo(&s);
	appendStringInfo(&s, "{\"format\":\"" TYPNAME "\",\"version\":%d,\"pairs\":%s,"
					 "\"baskets\":" INT64_FORMAT ",\"empty\":" INT64_FORMAT
					 ",\"null_baskets\":" INT64_FORMAT ",\"null_items\":" INT64_FORMAT ",\"items\":[",
					 BC_VERSION, has_pairs(st) ? "true" : "false",
					 st->baskets, st->empty, st->null_baskets, st->null_items);
	for (int64 i = 0; i < st->nitems; i++)
		appendStringInfo(&s, "%s[" INT64_FORMAT "," INT64_FORMAT "]", i ? "," : "", it[2 * i], it[2 * i + 1]);
	appendStringInfoString(&s, "],\"pair_counts\":[");
	for (int64 i = 0; i < st->npairs; i++)
		appendStringInfo(&s, "%s[" INT64_FORMAT "," INT64_FORMAT "," INT64_FORMAT "]", i ? "," : "",
						 pr[3 * i], pr[3 * i + 1], pr[3 * i + 2]);
	appendStringInfoString(&s, "]}");
	PG_RETURN_CSTRING(s.data);
}

#define SYNTAX(...) \
	ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION), \
					errmsg("invalid input syntax for type " TYPNAME), errdetail(__VA_ARGS__)))

static void
skip_ws(char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static void
expect(char **p, const char *lit)
{
	size_t		n = strlen(lit);

	skip_ws(p);
	if (strncmp(*p, lit, n) != 0)
		SYNTAX("Expected %s at \"%.20s\".", lit, *p);
	*p += n;
}

static bool
peek(char **p, char c)
{
	skip_ws(p);
	return **p == c;
}

static int64
parse_int(char **p)
{
	bool		neg = false;
	uint64		v = 0;
	char	   *start;

	skip_ws(p);
	start = *p;
	if (**p == '-')
	{
		neg = true;
		(*p)++;
	}
	if (!isdigit((unsigned char) **p))
		SYNTAX("Expected an integer at \"%.20s\".", start);
	while (isdigit((unsigned char) **p))
	{
		int			d = **p - '0';

		if (v > (UINT64CONST(9223372036854775808) - d) / 10)
			SYNTAX("The integer at \"%.20s\" is out of range for bigint.", start);
		v = v * 10 + d;
		(*p)++;
	}
	if (!neg && v > (uint64) PG_INT64_MAX)
		SYNTAX("The integer at \"%.20s\" is out of range for bigint.", start);
	return neg ? (int64) (0 - v) : (int64) v;
}

static bool
json_bool(char **p)
{
	skip_ws(p);
	if (strncmp(*p, "true", 4) == 0)
	{
		*p += 4;
		return true;
	}
	if (strncmp(*p, "false", 5) == 0)
	{
		*p += 5;
		return false;
	}
	SYNTAX("Expected true or false at \"%.20s\".", *p);
	return false;				/* not reached */
}

static int64
parse_field(char **p, const char *name)
{
	expect(p, ",");
	expect(p, name);
	expect(p, ":");
	return parse_int(p);
}

/* a list [[..],..] of tuples of width w, into a palloc'd array; count in *n */
static int64 *
parse_tuples(char **p, int w, int64 *n)
{
	int64		cap = 16;
	int64	   *v = palloc(sizeof(int64) * w * cap);

	*n = 0;
	expect(p, "[");
	if (peek(p, ']'))
	{
		(*p)++;
		return v;
	}
	for (;;)
	{
		if ((*n & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		if (*n == cap)
		{
			if (cap > (int64) (MaxAllocSize / (sizeof(int64) * w * 2)))
				SYNTAX("Too many entries.");
			cap *= 2;
			v = repalloc(v, sizeof(int64) * w * cap);
		}
		expect(p, "[");
		for (int k = 0; k < w; k++)
		{
			if (k)
				expect(p, ",");
			v[*n * w + k] = parse_int(p);
		}
		expect(p, "]");
		(*n)++;
		if (peek(p, ']'))
			break;
		expect(p, ",");
	}
	(*p)++;
	return v;
}

/* a state from parsed counts, validated with sqlstate */
static BcState *
bc_build(bool pairs, const int64 *hdr, const int64 *items, int64 ni,
		 const int64 *prs, int64 np, int sqlstate)
{
	const char *fn = TYPNAME;
	BcState    *st;

	if (!pairs && np > 0)
		bc_invalid(sqlstate, fn, "pair counts in a state without pairs",
				   psprintf(INT64_FORMAT " pairs.", np));
	if (ni > (int64) (MaxAllocSize / 32) || np > (int64) (MaxAllocSize / 48))
		bc_invalid(sqlstate, fn, "too many entries",
				   psprintf(INT64_FORMAT " items, " INT64_FORMAT " pairs.", ni, np));
	st = bc_new(cap_for(ni), pairs ? cap_for(np) : 0, pairs ? BC_F_PAIRS : 0, fn);
	st->baskets = hdr[0];
	st->empty = hdr[1];
	st->null_baskets = hdr[2];
	st->null_items = hdr[3];
	for (int64 i = 0; i < ni; i++)
	{
		int64		s = item_slot(st, items[2 * i], sqlstate, fn);

		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		if (BC_ITEMS(st)[2 * s + 1] != 0)
			bc_invalid(sqlstate, fn, "an item appears twice", psprintf("Item " INT64_FORMAT ".", items[2 * i]));
		if (items[2 * i + 1] < 1)
			bc_invalid(sqlstate, fn, "an item count is below 1",
					   psprintf("Item " INT64_FORMAT " has " INT64_FORMAT ".", items[2 * i], items[2 * i + 1]));
		BC_ITEMS(st)[2 * s] = items[2 * i];
		BC_ITEMS(st)[2 * s + 1] = items[2 * i + 1];
		st->nitems++;
	}
	for (int64 i = 0; i < np; i++)
	{
		const int64 *e = prs + 3 * i;
		int64		s;

		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
		s = pair_slot(st, e[0], e[1], sqlstate, fn);
		if (BC_PAIRS(st)[3 * s + 2] != 0)
			bc_invalid(sqlstate, fn, "a pair appears twice",
					   psprintf("(" INT64_FORMAT ", " INT64_FORMAT ").", e[0], e[1]));
		if (e[2] < 1)
			bc_invalid(sqlstate, fn, "a pair count is below 1",
					   psprintf("(" INT64_FORMAT ", " INT64_FORMAT ") has " INT64_FORMAT ".", e[0], e[1], e[2]));
		memcpy(BC_PAIRS(st) + 3 * s, e, sizeof(int64) * 3);
		st->npairs++;
	}
	bc_validate(st, VARSIZE(st), sqlstate, fn);
	return st;
}

Datum
pmkt_basket_counts_state_in(PG_FUNCTION_ARGS)
{
	char	   *p = PG_GETARG_CSTRING(0);
	int64		version,
				hdr[4],
				ni,
				np;
	bool		pairs;
	int64	   *items,
			   *prs;

	expect(&p, "{");
	expect(&p, "\"format\"");
	expect(&p, ":");
	expect(&p, "\"" TYPNAME "\"");
	version = parse_field(&p, "\"version\"");
	if (version != BC_VERSION)
		SYNTAX("Unknown version " INT64_FORMAT "; this build reads version %d.", version, BC_VERSION);
	expect(&p, ",");
	expect(&p, "\"pairs\"");
	expect(&p, ":");
	pairs = json_bool(&p);
	hdr[0] = parse_field(&p, "\"baskets\"");
	hdr[1] = parse_field(&p, "\"empty\"");
	hdr[2] = parse_field(&p, "\"null_baskets\"");
	hdr[3] = parse_field(&p, "\"null_items\"");
	expect(&p, ",");
	expect(&p, "\"items\"");
	expect(&p, ":");
	items = parse_tuples(&p, 2, &ni);
	expect(&p, ",");
	expect(&p, "\"pair_counts\"");
	expect(&p, ":");
	prs = parse_tuples(&p, 3, &np);
	expect(&p, "}");
	skip_ws(&p);
	if (*p != '\0')
		SYNTAX("Junk after the state: \"%.20s\".", p);
	PG_RETURN_POINTER(bc_build(pairs, hdr, items, ni, prs, np, ERRCODE_INVALID_TEXT_REPRESENTATION));
}

/* ------------------------------------------------------------------------
 * Binary I/O: version, flags (int32), baskets, empty, null_baskets,
 * null_items, nitems (int64), the items (key, count) ascending, npairs, the
 * pairs (a, b, count) ascending
 */

Datum
pmkt_basket_counts_state_send(PG_FUNCTION_ARGS)
{
	BcState    *st = state_arg_checked(fcinfo, 0, TYPNAME);
	StringInfoData buf;
	int64	   *it = sorted_items(st);
	int64	   *pr = has_pairs(st) ? sorted_pairs(st) : NULL;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, BC_VERSION);
	pq_sendint32(&buf, st->flags);
	pq_sendint64(&buf, st->baskets);
	pq_sendint64(&buf, st->empty);
	pq_sendint64(&buf, st->null_baskets);
	pq_sendint64(&buf, st->null_items);
	pq_sendint64(&buf, st->nitems);
	for (int64 i = 0; i < 2 * st->nitems; i++)
		pq_sendint64(&buf, it[i]);
	pq_sendint64(&buf, st->npairs);
	for (int64 i = 0; i < 3 * st->npairs; i++)
		pq_sendint64(&buf, pr[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define BINERR(...) \
	ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION), \
					errmsg("invalid binary representation for type " TYPNAME), errdetail(__VA_ARGS__)))

Datum
pmkt_basket_counts_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version,
				flags;
	int64		hdr[4],
				ni,
				np;
	int64	   *items,
			   *prs;

	/* pq_getmsg* raise 08P01 on a short message: check lengths first */
	if (buf->len - buf->cursor < 48)
		BINERR("The message is too short (%d bytes).", buf->len - buf->cursor);
	version = pq_getmsgint(buf, 4);
	flags = pq_getmsgint(buf, 4);
	if (version != BC_VERSION)
		BINERR("Unknown version %d.", version);
	if (flags != 0 && flags != BC_F_PAIRS)
		BINERR("Unknown flags %d.", flags);
	for (int k = 0; k < 4; k++)
		hdr[k] = pq_getmsgint64(buf);
	ni = pq_getmsgint64(buf);
	if (ni < 0 || ni > (int64) (buf->len - buf->cursor) / 16)
		BINERR(INT64_FORMAT " items in a message of %d more bytes.", ni, buf->len - buf->cursor);
	items = palloc(sizeof(int64) * 2 * Max(ni, 1));
	for (int64 i = 0; i < 2 * ni; i++)
		items[i] = pq_getmsgint64(buf);
	if (buf->len - buf->cursor < 8)
		BINERR("The message ends before the pair count.");
	np = pq_getmsgint64(buf);
	if (np < 0 || np > (int64) (buf->len - buf->cursor) / 24)
		BINERR(INT64_FORMAT " pairs in a message of %d more bytes.", np, buf->len - buf->cursor);
	prs = palloc(sizeof(int64) * 3 * Max(np, 1));
	for (int64 i = 0; i < 3 * np; i++)
		prs[i] = pq_getmsgint64(buf);
	if (buf->cursor != buf->len)
		BINERR("%d bytes after the state.", buf->len - buf->cursor);
	PG_RETURN_POINTER(bc_build(flags == BC_F_PAIRS, hdr, items, ni, prs, np,
							   ERRCODE_INVALID_BINARY_REPRESENTATION));
}

/* ------------------------------------------------------------------------
 * Readers
 */

/* item_counts(state) -> (item bigint, baskets bigint, support float8), by item */
Datum
pmkt_item_counts(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	BcState    *st = state_arg_checked(fcinfo, 0, "item_counts");
	int64	   *it = sorted_items(st);

	InitMaterializedSRF(fcinfo, 0);
	for (int64 i = 0; i < st->nitems; i++)
	{
		Datum		v[3];
		bool		nl[3] = {0};

		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		v[0] = Int64GetDatum(it[2 * i]);
		v[1] = Int64GetDatum(it[2 * i + 1]);
		v[2] = Float8GetDatum((double) it[2 * i + 1] / (double) st->baskets);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nl);
	}
	return (Datum) 0;
}

/* pair_counts(state) -> (item_a, item_b, baskets, support), by (a, b) */
Datum
pmkt_pair_counts(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	BcState    *st = state_arg_checked(fcinfo, 0, "pair_counts");
	int64	   *pr;

	if (!has_pairs(st))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pair_counts: the state holds no pair counts"),
				 errdetail("It was built by pmkt.basket_counts(items) (pairs false)."),
				 errhint("Aggregate with pmkt.basket_counts(items, true).")));
	pr = sorted_pairs(st);
	InitMaterializedSRF(fcinfo, 0);
	for (int64 i = 0; i < st->npairs; i++)
	{
		Datum		v[4];
		bool		nl[4] = {0};

		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		v[0] = Int64GetDatum(pr[3 * i]);
		v[1] = Int64GetDatum(pr[3 * i + 1]);
		v[2] = Int64GetDatum(pr[3 * i + 2]);
		v[3] = Float8GetDatum((double) pr[3 * i + 2] / (double) st->baskets);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nl);
	}
	return (Datum) 0;
}

/*
 * basket_counts_info(state) -> (baskets, empty_baskets, null_baskets,
 * null_items, items, pairs): pairs NULL when not counted
 */
Datum
pmkt_basket_counts_info(PG_FUNCTION_ARGS)
{
	BcState    *st = state_arg_checked(fcinfo, 0, "basket_counts_info");
	TupleDesc	tupdesc;
	Datum		v[6];
	bool		nl[6] = {0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("basket_counts_info: called in a context that cannot accept a row")));
	tupdesc = BlessTupleDesc(tupdesc);
	v[0] = Int64GetDatum(st->baskets);
	v[1] = Int64GetDatum(st->empty);
	v[2] = Int64GetDatum(st->null_baskets);
	v[3] = Int64GetDatum(st->null_items);
	v[4] = Int64GetDatum(st->nitems);
	v[5] = Int64GetDatum(st->npairs);
	nl[5] = !has_pairs(st);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, v, nl)));
}
