/*
 * basket/als.c
 *    Implicit-feedback matrix factorisation by alternating least squares
 *    (Hu, Koren and Volinsky 2008, "Collaborative filtering for implicit
 *    feedback datasets"): pmkt.als_train, the model type pmkt.alsmodel and
 *    pmkt.recommend(alsmodel, ...).
 *
 * Data: (customer, item[, count]) rows; r_ui = the sum of count over the
 * rows of (u, i) (1 per row without a count column).  Pairs with r_ui > 0
 * are the observed ones: preference p_ui = 1, confidence c_ui = 1 + alpha
 * r_ui; every other pair has p_ui = 0, c_ui = 1.  Customers and items
 * without an observed pair are left out of the model.
 *
 * One iteration solves every user, then every item (lambda = regularization):
 *   x_u = (Y'Y + Y'(C_u - I)Y + lambda I)^-1 Y' C_u p(u)
 *       = (G + sum_{i obs} alpha r_ui y_i y_i' + lambda I)^-1
 *         sum_{i obs} (1 + alpha r_ui) y_i,          G = Y'Y (dsyrk)
 * the sum over the user's observed items as a dsyrk on the rows
 * sqrt(alpha r_ui) y_i, then a Cholesky solve (dpotrf, two dtrsv); items
 * likewise with X.
 *
 * item_bias (the default; false: plain HKV): score = x_u . y_i + b_i with an item bias b_i
 * learnt with the factors, as a constant-1 last column of X (not solved)
 * and the last column of Y: the users' step fits p(u) - b, the items'
 * step solves (y_i, b_i) against [X 1] (see als_half_step).  Hu-Koren-
 * Volinsky has no bias term, so with a large regularization its factors
 * collapse to the items' popularity; with the bias the popularity lives in
 * b and the factors shrink to 0 towards it, keeping what personalises.
 * Initial factors: every entry independent
 * normal(0, 0.01^2) from pmkt's xoshiro256** seeded by seed, the user
 * matrix row by row first, then the item matrix (or given explicitly).
 *
 * The model (flat varlena, 8-byte aligned) is a header, X (users x k), Y
 * (items x k; k = f, or f + 1 with the item bias), the observed pairs (per user, item indexes ascending: what
 * recommend excludes), then the user ids and the item ids, each in
 * ascending id order (integers numerically, text bytewise): as int64, or
 * as int64 offsets + bytes.  Text form: hexadecimal of the bytes after the
 * length word, validated on input like the binary form.
 */
#include "pmkt.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/portal.h"
#include "utils/tuplestore.h"

#include "util/array.h"
#include "util/linalg.h"
#include "util/matrix.h"
#include "util/rng.h"
#include "util/sort.h"
#include "basket.h"
#include "util/serial.h"

#define ALS_MAGIC 0x414c5331	/* "ALS1" */
#define ALS_FETCH 10000
#define ALS_INIT_SD 0.01
#define ALS_PREFETCH 4			/* rows ahead fetched in the half-step's gather */

typedef struct AlsHeader
{
	int32		vl_len_;
	uint32		magic;
	int32		nfactors;
	int32		nusers;
	int32		nitems;
	int32		iterations;
	int32		flags;			/* 1: user ids text, 2: item ids text, 4: item bias */
	int32		pad;
	int64		npairs;
	int64		seed;
	double		regularization;
	double		alpha;
	int64		uid_bytes;		/* size of the user id section */
	int64		iid_bytes;		/* size of the item id section */
} AlsHeader;

#define ALS_UTEXT 1
#define ALS_ITEXT 2
#define ALS_IBIAS 4				/* the last column: 1 for users, the item bias */

#define PAD8(n) (((n) + 7) & ~(int64) 7)

/* pointers into a model */
typedef struct AlsView
{
	const AlsHeader *h;
	const double *X;
	const double *Y;
	const int64 *pair_off;		/* nusers + 1 */
	const int32 *pair_item;		/* npairs */
	const char *uids;
	const char *iids;
} AlsView;

static int64
ids_min_bytes(int32 n, bool text)
{
	return text ? (int64) sizeof(int64) * (n + 1) : (int64) sizeof(int64) * n;
}

/* the bytes of the parts before the id sections */
static bool
als_fixed_bytes(int64 nu, int64 ni, int64 f, int64 np, int64 *out)
{
	/* each bounded below 2^31, so no overflow in int64 */
	int64		s = sizeof(AlsHeader);

	s += (nu + ni) * f * (int64) sizeof(double);
	s += (nu + 1) * (int64) sizeof(int64);
	s += PAD8(np * (int64) sizeof(int32));
	*out = s;
	return s < (int64) MaxAllocHugeSize;
}

static void
als_view(const AlsHeader *h, AlsView *v)
{
	const char *p = (const char *) h + sizeof(AlsHeader);
	int64		f = h->nfactors;

	v->h = h;
	v->X = (const double *) p;
	p += (int64) h->nusers * f * sizeof(double);
	v->Y = (const double *) p;
	p += (int64) h->nitems * f * sizeof(double);
	v->pair_off = (const int64 *) p;
	p += (int64) (h->nusers + 1) * sizeof(int64);
	v->pair_item = (const int32 *) p;
	p += PAD8(h->npairs * (int64) sizeof(int32));
	v->uids = p;
	p += h->uid_bytes;
	v->iids = p;
}

/* id k of a section as text (palloc'd) */
static char *
ids_text(const char *sec, int32 n, bool text, int32 k)
{
	if (text)
	{
		const int64 *off = (const int64 *) sec;
		const char *bytes = sec + sizeof(int64) * (n + 1);

		return pnstrdup(bytes + off[k], off[k + 1] - off[k]);
	}
	return psprintf(INT64_FORMAT, ((const int64 *) sec)[k]);
}

static int
bytes_cmp(const char *a, int64 la, const char *b, int64 lb)
{
	int			c = memcmp(a, b, Min(la, lb));

	if (c != 0)
		return c;
	return la < lb ? -1 : (la > lb ? 1 : 0);
}

/* index of the id given as text in a section, -1 if absent */
static int32
ids_find(const char *sec, int32 n, bool text, const char *key)
{
	int32		lo = 0,
				hi = n - 1;
	int64		ikey = 0;
	int64		klen = strlen(key);

	if (!text)
	{
		char	   *end;

		errno = 0;
		ikey = strtoll(key, &end, 10);
		if (errno != 0 || end == key || *end != '\0')
			return -1;
		/* only the canonical text form of an integer names it */
		if (strcmp(psprintf(INT64_FORMAT, (int64) ikey), key) != 0)
			return -1;
	}
	while (lo <= hi)
	{
		int32		mid = lo + (hi - lo) / 2;
		int			c;

		if (text)
		{
			const int64 *off = (const int64 *) sec;
			const char *bytes = sec + sizeof(int64) * (n + 1);

			c = bytes_cmp(bytes + off[mid], off[mid + 1] - off[mid], key, klen);
		}
		else
		{
			int64		v = ((const int64 *) sec)[mid];

			c = v < ikey ? -1 : (v > ikey ? 1 : 0);
		}
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* 22P02 for the text input, 22P03 for the binary one */
static int	als_corrupt_code = ERRCODE_INVALID_TEXT_REPRESENTATION;

static void
als_corrupt(const char *what) pg_attribute_noreturn();
static void
als_corrupt(const char *what)
{
	ereport(ERROR,
			(errcode(als_corrupt_code),
			 errmsg("invalid pmkt.alsmodel: %s", what),
			 errhint("Use a value made by pmkt.als_train (its text or binary form, unchanged).")));
}

/* validate an id section of n ids at sec (bytes long): ascending, unique */
static void
ids_validate(const char *sec, int64 bytes, int32 n, bool text, const char *which)
{
	if (bytes < ids_min_bytes(n, text) || bytes % 8 != 0)
		als_corrupt(psprintf("the %s id section has a wrong size", which));
	if (text)
	{
		const int64 *off = (const int64 *) sec;
		int64		avail = bytes - (int64) sizeof(int64) * (n + 1);
		const char *b = sec + sizeof(int64) * (n + 1);

		if (off[0] != 0 || PAD8(off[n]) != avail)
			als_corrupt(psprintf("the %s id offsets do not match the section", which));
		for (int32 k = 0; k < n; k++)
		{
			if (off[k + 1] < off[k] || off[k + 1] > avail)
				als_corrupt(psprintf("the %s id offsets are not ascending", which));
			if (memchr(b + off[k], '\0', off[k + 1] - off[k]) != NULL)
				als_corrupt(psprintf("a %s id holds a zero byte", which));
			if (k > 0 && bytes_cmp(b + off[k - 1], off[k] - off[k - 1],
								   b + off[k], off[k + 1] - off[k]) >= 0)
				als_corrupt(psprintf("the %s ids are not in strictly ascending order", which));
		}
		for (int64 q = off[n]; q < avail; q++)
			if (b[q] != 0)
				als_corrupt("non-zero padding");
	}
	else
	{
		const int64 *v = (const int64 *) sec;

		if (bytes != ids_min_bytes(n, false))
			als_corrupt(psprintf("the %s id section has a wrong size", which));
		for (int32 k = 1; k < n; k++)
			if (v[k] <= v[k - 1])
				als_corrupt(psprintf("the %s ids are not in strictly ascending order", which));
	}
}

/* every field of the model of len bytes (header included) at h */
static void
als_validate(const AlsHeader *h, Size len)
{
	int64		fixed;
	AlsView		v;

	if (len < sizeof(AlsHeader))
		als_corrupt("too short");
	if (h->magic != ALS_MAGIC)
		als_corrupt("wrong magic number");
	if (h->nfactors < 1 || h->nfactors > 10000 || h->nusers < 1 || h->nitems < 1 ||
		h->iterations < 0 || (h->flags & ~(ALS_UTEXT | ALS_ITEXT | ALS_IBIAS)) != 0 || h->pad != 0 ||
		((h->flags & ALS_IBIAS) != 0 && h->nfactors < 2) ||
		h->npairs < 1 || h->npairs > (int64) h->nusers * h->nitems ||
		h->npairs > PG_INT32_MAX ||
		!(isfinite(h->regularization) && h->regularization >= 0) ||
		!(isfinite(h->alpha) && h->alpha >= 0) ||
		h->uid_bytes < 0 || h->iid_bytes < 0 ||
		h->uid_bytes > (int64) MaxAllocHugeSize || h->iid_bytes > (int64) MaxAllocHugeSize)
		als_corrupt("a header field is out of range");
	if (!als_fixed_bytes(h->nusers, h->nitems, h->nfactors, h->npairs, &fixed) ||
		fixed + h->uid_bytes + h->iid_bytes != (int64) len)
		als_corrupt(psprintf("the length %zu does not match the header", len));
	als_view(h, &v);
	for (int64 k = 0; k < ((int64) h->nusers + h->nitems) * h->nfactors; k++)
		if (!isfinite(v.X[k]))
			als_corrupt("a factor is not finite");
	if (h->flags & ALS_IBIAS)
		for (int32 u = 0; u < h->nusers; u++)
			if (v.X[(int64) u * h->nfactors + h->nfactors - 1] != 1.0)
				als_corrupt("a customer's constant bias column is not 1");
	if (v.pair_off[0] != 0 || v.pair_off[h->nusers] != h->npairs)
		als_corrupt("the pair offsets do not match npairs");
	for (int32 u = 0; u < h->nusers; u++)
	{
		if (v.pair_off[u + 1] <= v.pair_off[u])
			als_corrupt("a user has no observed pair");
		for (int64 q = v.pair_off[u]; q < v.pair_off[u + 1]; q++)
			if (v.pair_item[q] < 0 || v.pair_item[q] >= h->nitems ||
				(q > v.pair_off[u] && v.pair_item[q] <= v.pair_item[q - 1]))
				als_corrupt("the observed items of a user are out of range or not ascending");
	}
	for (int64 q = h->npairs; q < PAD8(h->npairs * 4) / 4; q++)
		if (v.pair_item[q] != 0)
			als_corrupt("non-zero padding");
	ids_validate(v.uids, h->uid_bytes, h->nusers, (h->flags & ALS_UTEXT) != 0, "user");
	ids_validate(v.iids, h->iid_bytes, h->nitems, (h->flags & ALS_ITEXT) != 0, "item");
}

static AlsHeader *
als_from_bytes(const char *p, Size n, bool binary)
{
	AlsHeader  *h;

	als_corrupt_code = binary ? ERRCODE_INVALID_BINARY_REPRESENTATION
		: ERRCODE_INVALID_TEXT_REPRESENTATION;

	if (n + VARHDRSZ > MaxAllocHugeSize || n < sizeof(AlsHeader) - VARHDRSZ)
		als_corrupt("wrong length");
	h = palloc(n + VARHDRSZ);
	SET_VARSIZE(h, n + VARHDRSZ);
	memcpy((char *) h + VARHDRSZ, p, n);
	als_validate(h, n + VARHDRSZ);
	return h;
}

PG_FUNCTION_INFO_V1(pmkt_alsmodel_in);
Datum
pmkt_alsmodel_in(PG_FUNCTION_ARGS)
{
	struct varlena *v = pmkt_flat_hex_in(PG_GETARG_CSTRING(0), sizeof(AlsHeader) - VARHDRSZ,
										 "pmkt.alsmodel", "model");

	PG_RETURN_POINTER(als_from_bytes(VARDATA(v), VARSIZE(v) - VARHDRSZ, false));
}

PG_FUNCTION_INFO_V1(pmkt_alsmodel_out);
Datum
pmkt_alsmodel_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pmkt_flat_hex_out(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

PG_FUNCTION_INFO_V1(pmkt_alsmodel_recv);
Datum
pmkt_alsmodel_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Size		n = buf->len - buf->cursor;
	const char *p = pq_getmsgbytes(buf, (int) n);

	PG_RETURN_POINTER(als_from_bytes(p, n, true));
}

PG_FUNCTION_INFO_V1(pmkt_alsmodel_send);
Datum
pmkt_alsmodel_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(pmkt_flat_send(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

/* ------------------------------------------------------------------------
 * Training
 * ------------------------------------------------------------------------ */

typedef struct AlsData
{
	const char *fn;
	Size		budget;
	MemoryContext cxt;
	BasketDict	users;
	BasketDict	items;
	int64		nrows;
	int64		rowcap;
	int32	   *ru;
	int32	   *ri;
	double	   *rw;
	int64		skipped_null;
	Size		held;			/* bytes held outside cxt: the model */
} AlsData;

static void
als_budget(AlsData *d, const char *what)
{
	Size		used = MemoryContextMemAllocated(d->cxt, true) + d->held;

	if (used > d->budget)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("%s: the data exceed pmkt.max_train_memory", d->fn),
				 errdetail("pmkt.max_train_memory is %d kB; %s took %zu kB (" INT64_FORMAT " rows, %d customers, %d items read).",
						   pmkt_max_train_memory_kb, what, used / 1024, d->nrows, d->users.n, d->items.n),
				 errhint("Use fewer factors, run on a sample of customers (e.g. WHERE customer_id %% 10 = 0), "
						 "or raise pmkt.max_train_memory (a session may raise it up to pmkt.max_train_memory_limit, "
						 "which only a superuser can raise).")));
}

static bool
count_type_ok(Oid t)
{
	return t == INT2OID || t == INT4OID || t == INT8OID || t == FLOAT4OID ||
		t == FLOAT8OID || t == NUMERICOID;
}

static double
count_value(Datum d, Oid t)
{
	switch (t)
	{
		case INT2OID:
			return DatumGetInt16(d);
		case INT4OID:
			return DatumGetInt32(d);
		case INT8OID:
			return (double) DatumGetInt64(d);
		case FLOAT4OID:
			return DatumGetFloat4(d);
		case FLOAT8OID:
			return DatumGetFloat8(d);
		default:
			return DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, d));
	}
}

static void
als_read(AlsData *d, const char *query)
{
	Portal		portal = pmkt_open_cursor(query, d->fn);
	TupleDesc	desc = portal->tupDesc;
	Oid			ut,
				it,
				ct = InvalidOid;
	MemoryContext old;

	if (desc == NULL || desc->natts < 2 || desc->natts > 3)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: argument \"query\" must return two or three columns, (customer id, item id[, count])", d->fn),
				 errdetail("It returns %d.", desc ? desc->natts : 0),
				 errhint("For example: SELECT customer_id, product_id, quantity FROM order_lines JOIN orders USING (order_id).")));
	ut = TupleDescAttr(desc, 0)->atttypid;
	it = TupleDescAttr(desc, 1)->atttypid;
	for (int c = 0; c < 2; c++)
	{
		Oid			t = c == 0 ? ut : it;

		if (!basket_id_type_int(t) && !basket_id_type_text(t))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s: the %s column of argument \"query\" must be bigint, integer, smallint or text",
							d->fn, c == 0 ? "first (customer id)" : "second (item id)"),
					 errdetail("Got type %s.", format_type_be(t)),
					 errhint("Cast it, e.g. SELECT customer_id::bigint, product_id::text FROM ....")));
	}
	if (desc->natts == 3)
	{
		ct = TupleDescAttr(desc, 2)->atttypid;
		if (!count_type_ok(ct))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s: the third (count) column of argument \"query\" must be a number", d->fn),
					 errdetail("Got type %s.", format_type_be(ct)),
					 errhint("Use an integer, float8 or numeric column, e.g. quantity::float8, or leave it out (each row counts 1).")));
	}
	old = MemoryContextSwitchTo(d->cxt);
	basket_dict_init(&d->users, basket_id_type_text(ut));
	basket_dict_init(&d->items, basket_id_type_text(it));
	MemoryContextSwitchTo(old);

	for (;;)
	{
		SPI_cursor_fetch(portal, true, ALS_FETCH);
		if (SPI_processed == 0)
			break;
		old = MemoryContextSwitchTo(d->cxt);
		if (d->nrows + (int64) SPI_processed > d->rowcap)
		{
			int64		cap = Max(d->nrows + (int64) SPI_processed, Max(d->rowcap * 2, 4096));

			d->ru = d->ru ? repalloc_huge(d->ru, cap * sizeof(int32)) : MemoryContextAllocHuge(d->cxt, cap * sizeof(int32));
			d->ri = d->ri ? repalloc_huge(d->ri, cap * sizeof(int32)) : MemoryContextAllocHuge(d->cxt, cap * sizeof(int32));
			/* without a count column every row counts 1: no weights kept */
			if (ct != InvalidOid)
				d->rw = d->rw ? repalloc_huge(d->rw, cap * sizeof(double)) : MemoryContextAllocHuge(d->cxt, cap * sizeof(double));
			d->rowcap = cap;
		}
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			bool		un,
						in,
						cn = false;
			Datum		ud = SPI_getbinval(tup, desc, 1, &un);
			Datum		id = SPI_getbinval(tup, desc, 2, &in);
			Datum		cd = ct != InvalidOid ? SPI_getbinval(tup, desc, 3, &cn) : (Datum) 0;
			double		w;

			if (un || in || cn)
			{
				d->skipped_null++;
				continue;
			}
			w = ct != InvalidOid ? count_value(cd, ct) : 1.0;
			if (!isfinite(w))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("%s: the count column of argument \"query\" holds a value that is not a finite number", d->fn),
						 errdetail("Got %g.", w)));
			if (d->users.text)
			{
				text	   *t = DatumGetTextPP(ud);

				d->ru[d->nrows] = basket_dict_get(&d->users, 0, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), d->fn, "customer ids");
			}
			else
				d->ru[d->nrows] = basket_dict_get(&d->users, basket_int_value(ud, ut), NULL, 0, d->fn, "customer ids");
			if (d->items.text)
			{
				text	   *t = DatumGetTextPP(id);

				d->ri[d->nrows] = basket_dict_get(&d->items, 0, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), d->fn, "item ids");
			}
			else
				d->ri[d->nrows] = basket_dict_get(&d->items, basket_int_value(id, it), NULL, 0, d->fn, "item ids");
			if (d->rw)
				d->rw[d->nrows] = w;
			d->nrows++;
		}
		MemoryContextSwitchTo(old);
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
		als_budget(d, "reading the rows");
	}
	SPI_cursor_close(portal);
	if (d->skipped_null > 0)
		ereport(NOTICE,
				(errmsg("%s: skipped " INT64_FORMAT " rows with a NULL customer id, item id or count",
						d->fn, d->skipped_null)));
}

typedef struct IdxW
{
	int32		idx;
	double		w;
} IdxW;

static int
idxw_cmp(const void *a, const void *b)
{
	int32		x = ((const IdxW *) a)->idx,
				y = ((const IdxW *) b)->idx;

	return x < y ? -1 : (x > y ? 1 : 0);
}

static int
dict_order_cmp(const void *a, const void *b, void *arg)
{
	return basket_item_cmp((const BasketDict *) arg, *(const int32 *) a, *(const int32 *) b);
}

/* the size in bytes of an id section for the kept dictionary entries */
static int64
ids_section_bytes(const BasketDict *dict, const int32 *order, int32 n)
{
	int64		s;

	if (!dict->text)
		return (int64) sizeof(int64) * n;
	s = 0;
	for (int32 k = 0; k < n; k++)
		s += strlen(dict->skeys[order[k]]);
	return (int64) sizeof(int64) * (n + 1) + PAD8(s);
}

static void
ids_section_write(char *sec, const BasketDict *dict, const int32 *order, int32 n)
{
	if (!dict->text)
	{
		int64	   *v = (int64 *) sec;

		for (int32 k = 0; k < n; k++)
			v[k] = dict->ikeys[order[k]];
	}
	else
	{
		int64	   *off = (int64 *) sec;
		char	   *b = sec + sizeof(int64) * (n + 1);
		int64		p = 0;

		for (int32 k = 0; k < n; k++)
		{
			size_t		l = strlen(dict->skeys[order[k]]);

			off[k] = p;
			memcpy(b + p, dict->skeys[order[k]], l);
			p += l;
		}
		off[n] = p;
	}
}

/*
 * Solve every row of A (n rows: users or items) from the other side's
 * factors B (nb x k) and the observed pairs in CSR (off, idx, r).  Both
 * have k columns; with fixed, A's last column is the constant 1 (the
 * customers' side of the item bias: only its first f = k - 1 columns are
 * solved) and B's last column (the item biases b) is an offset:
 *   x_u = (Yf' C_u Yf + lambda I)^-1 Yf' C_u (p(u) - b),  Yf = B's first f
 *       = (G_ff + sum_{i obs} alpha r_ui y_i y_i' + lambda I)^-1
 *         (-G_fb + sum_{i obs} ((1 + alpha r_ui)(1 - b_i) + b_i) y_i)
 * with G = B'B (k x k, G_fb its last column).  Without fixed, f = k and the
 * offset is 0: the plain Hu-Koren-Volinsky step.
 */
static void
als_half_step(const char *fn, double *A, int32 n, const double *B, int32 nb, int32 k, bool fixed,
			  const int64 *off, const int32 *idx, const double *r,
			  double lambda, double alpha, double *G, double *M, double *Z, double *rhs)
{
	int32		f = fixed ? k - 1 : k;

	/* G = B'B, upper triangle (the lower one zero: checked below, never read) */
	memset(G, 0, sizeof(double) * k * k);
	cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, k, nb, 1.0, B, k, 0.0, G, k);
	for (int32 u = 0; u < n; u++)
	{
		int64		len = off[u + 1] - off[u];
		int			info;

		if ((u & 63) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!fixed)
			memcpy(M, G, sizeof(double) * f * f);
		else
			for (int32 a = 0; a < f; a++)
				memcpy(M + a * f, G + a * k, sizeof(double) * f);
		for (int32 a = 0; a < f; a++)
			M[a * f + a] += lambda;
		if (!fixed)
			memset(rhs, 0, sizeof(double) * f);
		else
			for (int32 a = 0; a < f; a++)
				rhs[a] = -G[a * k + f];
		for (int64 q = 0; q < len; q++)
		{
			const double *restrict y = B + (int64) idx[off[u] + q] * k;
			double	   *restrict z = Z + q * f;
			double	   *restrict b = rhs;
			double		cr = alpha * r[off[u] + q];
			double		s = sqrt(cr);
			double		w = fixed ? (1.0 + cr) * (1.0 - y[f]) + y[f] : 1.0 + cr;

			/*
			 * The rows are gathered from the other side's whole matrix
			 * (the customers' factors: hundreds of MB at a million
			 * customers), so fetch a row a few ahead: the loads, not the
			 * arithmetic, were the cost here.  The same values either way.
			 */
			if (q + ALS_PREFETCH < len)
			{
				const char *next = (const char *) (B + (int64) idx[off[u] + q + ALS_PREFETCH] * k);

				for (int64 c = 0; c < (int64) k * (int64) sizeof(double); c += 64)
					__builtin_prefetch(next + c);
			}
			for (int32 a = 0; a < f; a++)
			{
				z[a] = s * y[a];
				b[a] += w * y[a];
			}
		}
		/* M += Z'Z: sum of alpha r_ui y_i y_i' */
		if (len > 0)
			cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, f, (int) len, 1.0, Z, f, 1.0, M, f);
		/*
		 * M's upper triangle in row-major order is its lower triangle in
		 * column-major order: the Cholesky factor L (M = L L') in place,
		 * without LAPACKE's transposed copy and NaN scan (row-major calls
		 * copied every f x f matrix twice), then L z = rhs and L' x = z by
		 * two triangular solves (level 2, where dpotrs' dtrsm is a level-3
		 * routine for one right-hand side).  An overflow shows on the
		 * diagonal (|m_ab|^2 <= m_aa m_bb) or in the solution: both checked.
		 */
		for (int32 a = 0; a < f; a++)
			if (unlikely(!isfinite(M[a * f + a])))
				pmkt_check_lapack_input(M + a * f + a, 1, fn);
		pmkt_check_lapack_input(rhs, f, fn);
		info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', f, M, f);
		if (info > 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: a least-squares system is singular", fn),
					 errdetail("LAPACK dpotrf reported a non-positive-definite matrix (info %d) with regularization %g.", info, lambda),
					 errhint("Use a regularization above 0, e.g. 0.01, or fewer factors.")));
		if (info < 0)
			pmkt_lapack_failed(fn, "dpotrf", info);
		cblas_dtrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, f, M, f, rhs, 1);
		cblas_dtrsv(CblasColMajor, CblasLower, CblasTrans, CblasNonUnit, f, M, f, rhs, 1);
		pmkt_check_lapack_input(rhs, f, fn);
		memcpy(A + (int64) u * k, rhs, sizeof(double) * f);
	}
}

static int32
arg_int(FunctionCallInfo fcinfo, int k, int32 dflt)
{
	return PG_ARGISNULL(k) ? dflt : PG_GETARG_INT32(k);
}

PG_FUNCTION_INFO_V1(pmkt_als_train);
/*
 * pmkt_als_train(query text, factors int, iterations int, regularization
 *                float8, alpha float8, seed bigint, init_user float8[],
 *                init_item float8[], item_bias bool) RETURNS pmkt.alsmodel
 *
 * item_bias: score = x_u . y_i + b_i, the item bias b_i learnt with the
 * factors as a constant-1 customer column (k = factors + 1 columns).
 */
Datum
pmkt_als_train(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.als_train";
	char	   *query;
	int32		f = arg_int(fcinfo, 1, 64);
	int32		iters = arg_int(fcinfo, 2, 10);
	double		lambda = PG_ARGISNULL(3) ? 0.01 : PG_GETARG_FLOAT8(3);
	double		alpha = PG_ARGISNULL(4) ? 40 : PG_GETARG_FLOAT8(4);
	int64		seed = PG_ARGISNULL(5) ? 0 : PG_GETARG_INT64(5);
	bool		bias = PG_ARGISNULL(8) ? true : PG_GETARG_BOOL(8);
	int32		ncol;
	AlsData		d;
	MemoryContext old;
	int32	   *uorder,
			   *iorder,
			   *urank,
			   *irank;
	int64	   *raw_off,
			   *uoff,
			   *ioff;
	IdxW	   *raw;
	int32	   *uitem,
			   *iuser,
			   *ideg;
	double	   *ur,
			   *ir,
			   *X,
			   *Y;
	int32		nu = 0,
				ni = 0;
	int64		np = 0,
				maxlen = 0;
	int64		fixed,
				ub,
				ib;
	Size		need;
	AlsHeader  *h;
	AlsView		v;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: argument \"query\" must not be NULL", fn),
				 errhint("Pass a query of (customer id, item id[, count]) rows.")));
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (f < 1 || f > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"factors\" must be between 1 and 1000", fn),
				 errdetail("Got %d.", f),
				 errhint("factors is the number of latent factors, e.g. 64.")));
	if (iters < 1 || iters > 10000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"iterations\" must be between 1 and 10000", fn),
				 errdetail("Got %d.", iters),
				 errhint("Each iteration solves every customer, then every item; 10 to 20 is usual.")));
	if (!(isfinite(lambda) && lambda >= 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"regularization\" must be a finite number >= 0", fn),
				 errdetail("Got %g.", lambda),
				 errhint("e.g. 0.01; larger values shrink the factors.")));
	if (!(isfinite(alpha) && alpha >= 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"alpha\" must be a finite number >= 0", fn),
				 errdetail("Got %g.", alpha),
				 errhint("The confidence of an observed pair is 1 + alpha x count; Hu et al. use 40.")));

	ncol = bias ? f + 1 : f;
	memset(&d, 0, sizeof(d));
	d.fn = fn;
	d.budget = PMKT_TRAIN_BUDGET_BYTES;
	d.cxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt als", ALLOCSET_DEFAULT_SIZES);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "%s: SPI_connect failed", fn);
	als_read(&d, query);
	SPI_finish();
	if (d.nrows == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"query\" returned no usable rows", fn),
				 errdetail("Rows with a NULL customer id, item id or count are skipped (" INT64_FORMAT " were).", d.skipped_null),
				 errhint("The query must return (customer id, item id[, count]) rows.")));

	old = MemoryContextSwitchTo(d.cxt);
	/* rows by raw user (counting sort), then merged per (user, item) */
	raw_off = palloc0(sizeof(int64) * (d.users.n + 1));
	for (int64 r = 0; r < d.nrows; r++)
		raw_off[d.ru[r] + 1]++;
	for (int32 u = 0; u < d.users.n; u++)
		raw_off[u + 1] += raw_off[u];
	raw = MemoryContextAllocHuge(d.cxt, sizeof(IdxW) * d.nrows);
	als_budget(&d, "grouping the rows");
	{
		int64	   *fill = palloc(sizeof(int64) * (d.users.n + 1));

		memcpy(fill, raw_off, sizeof(int64) * (d.users.n + 1));
		for (int64 r = 0; r < d.nrows; r++)
		{
			raw[fill[d.ru[r]]].idx = d.ri[r];
			raw[fill[d.ru[r]]++].w = d.rw ? d.rw[r] : 1.0;
			if ((r & 65535) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		pfree(fill);
	}
	pfree(d.ru);
	pfree(d.ri);
	if (d.rw)
		pfree(d.rw);
	d.ru = d.ri = NULL;
	d.rw = NULL;
	urank = palloc(sizeof(int32) * Max(d.users.n, 1));
	irank = palloc(sizeof(int32) * Max(d.items.n, 1));
	ideg = palloc0(sizeof(int32) * Max(d.items.n, 1));
	for (int32 i = 0; i < d.items.n; i++)
		irank[i] = -1;
	/* merge: raw_off becomes per-user runs of distinct items, r > 0 only */
	{
		int64		w = 0;

		for (int32 u = 0; u < d.users.n; u++)
		{
			int64		s = raw_off[u],
						e = raw_off[u + 1],
						start = w;

			if ((u & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			qsort(raw + s, e - s, sizeof(IdxW), idxw_cmp);
			for (int64 q = s; q < e;)
			{
				int32		i = raw[q].idx;
				double		sum = 0;

				for (; q < e && raw[q].idx == i; q++)
					sum += raw[q].w;
				if (!isfinite(sum))
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("%s: the counts of a (customer, item) pair overflow", fn)));
				if (sum > 0)
				{
					raw[w].idx = i;
					raw[w++].w = sum;
					irank[i] = 0;	/* kept */
					ideg[i]++;
				}
			}
			raw_off[u] = start;
			urank[u] = w > start ? 0 : -1;
			np += w - start;
			maxlen = Max(maxlen, w - start);
		}
		raw_off[d.users.n] = w;
		/* the solver's work space holds the longest run, a user's or an item's */
		for (int32 i = 0; i < d.items.n; i++)
			maxlen = Max(maxlen, ideg[i]);
		pfree(ideg);
		/* raw_off[u] .. raw_off[u + 1] is no longer a run: keep ends */
	}
	if (np == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: no (customer, item) pair has a count above 0", fn),
				 errhint("Pairs whose counts sum to 0 or less are not observed; the model needs observed pairs.")));
	if (np > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: more than %d observed (customer, item) pairs", fn, PG_INT32_MAX)));

	/* kept users and items in id order */
	uorder = palloc(sizeof(int32) * Max(d.users.n, 1));
	iorder = palloc(sizeof(int32) * Max(d.items.n, 1));
	for (int32 u = 0; u < d.users.n; u++)
		if (urank[u] == 0)
			uorder[nu++] = u;
	for (int32 i = 0; i < d.items.n; i++)
		if (irank[i] == 0)
			iorder[ni++] = i;
	pmkt_sort(uorder, nu, sizeof(int32), dict_order_cmp, &d.users);
	pmkt_sort(iorder, ni, sizeof(int32), dict_order_cmp, &d.items);
	for (int32 k = 0; k < nu; k++)
		urank[uorder[k]] = k;
	for (int32 k = 0; k < ni; k++)
		irank[iorder[k]] = k;

	/* the model's size, checked before the big allocations */
	ub = ids_section_bytes(&d.users, uorder, nu);
	ib = ids_section_bytes(&d.items, iorder, ni);
	/*
	 * The model is one varlena value: its length word holds at most 1 GB
	 * (MaxAllocSize), whatever the budget; a longer one would be cut.
	 */
	if (!als_fixed_bytes(nu, ni, ncol, np, &fixed) ||
		fixed + ub + ib > (int64) MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: the model would exceed 1 GB, the largest value PostgreSQL can hold", fn),
				 errdetail("%d customers x %d items x %d factors and " INT64_FORMAT " observed pairs make a model of %lld MB.",
						   nu, ni, f, np, (long long) ((fixed + ub + ib) >> 20)),
				 errhint("Use fewer factors (the customer factors take customers x %s x 8 bytes), "
						 "or train on a sample of customers (e.g. WHERE customer_id %% 10 = 0).",
						 bias ? "(factors + 1)" : "factors")));
	/*
	 * The peak from here: what is held now (the grouped rows among it) +
	 * the model + the customers' counts; then the grouped rows are freed
	 * and the items' side (users, counts, offsets) and the solver's work
	 * space take their place.
	 */
	{
		Size		later = (Size) np * 12 + (Size) (ni + 1) * 8 + (Size) (maxlen + 3 * ncol) * ncol * 8,
					grouped = sizeof(IdxW) * (Size) d.nrows;

		/* + one block of the context's largest size for the small pieces */
		need = MemoryContextMemAllocated(d.cxt, true) + (Size) (fixed + ub + ib) +
			(Size) np * 8 + (later > grouped ? later - grouped : 0) + ALLOCSET_DEFAULT_MAXSIZE;
	}
	if (need > d.budget)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("%s: the model would exceed pmkt.max_train_memory", fn),
				 errdetail("pmkt.max_train_memory is %d kB; %d customers x %d items x %d factors and " INT64_FORMAT " observed pairs need about %zu kB.",
						   pmkt_max_train_memory_kb, nu, ni, f, np, need / 1024),
				 errhint("Use fewer factors, run on a sample of customers (e.g. WHERE customer_id %% 10 = 0), "
						 "or raise pmkt.max_train_memory to at least %zu MB (a session may raise it up to "
						 "pmkt.max_train_memory_limit, which only a superuser can raise).", (need >> 20) + 1)));
	d.held = fixed + ub + ib;

	/* the model, allocated once; the CSR by user in rank order inside it */
	h = MemoryContextAllocHuge(old, fixed + ub + ib);
	memset(h, 0, fixed + ub + ib);
	SET_VARSIZE(h, fixed + ub + ib);
	h->magic = ALS_MAGIC;
	h->nfactors = ncol;
	h->nusers = nu;
	h->nitems = ni;
	h->iterations = iters;
	h->flags = (d.users.text ? ALS_UTEXT : 0) | (d.items.text ? ALS_ITEXT : 0) | (bias ? ALS_IBIAS : 0);
	h->npairs = np;
	h->seed = seed;
	h->regularization = lambda;
	h->alpha = alpha;
	h->uid_bytes = ub;
	h->iid_bytes = ib;
	als_view(h, &v);
	X = (double *) v.X;
	Y = (double *) v.Y;
	uoff = (int64 *) v.pair_off;
	uitem = (int32 *) v.pair_item;
	ids_section_write((char *) v.uids, &d.users, uorder, nu);
	ids_section_write((char *) v.iids, &d.items, iorder, ni);
	ur = MemoryContextAllocHuge(d.cxt, sizeof(double) * np);
	{
		int64		p = 0;

		for (int32 k = 0; k < nu; k++)
		{
			int32		u = uorder[k];
			int64		s = raw_off[u],
						e = raw_off[u + 1],
						len = e - s;

			if ((k & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			uoff[k] = p;
			for (int64 q = s; q < e; q++)
				raw[q].idx = irank[raw[q].idx];
			qsort(raw + s, len, sizeof(IdxW), idxw_cmp);
			for (int64 q = s; q < e; q++)
			{
				uitem[p] = raw[q].idx;
				ur[p++] = raw[q].w;
			}
		}
		uoff[nu] = p;
	}
	pfree(raw);
	/* the transpose: each item's users */
	ioff = palloc0(sizeof(int64) * (ni + 1));
	iuser = MemoryContextAllocHuge(d.cxt, sizeof(int32) * np);
	ir = MemoryContextAllocHuge(d.cxt, sizeof(double) * np);
	for (int64 q = 0; q < np; q++)
		ioff[uitem[q] + 1]++;
	for (int32 i = 0; i < ni; i++)
		ioff[i + 1] += ioff[i];
	{
		int64	   *fill = palloc(sizeof(int64) * (ni + 1));

		memcpy(fill, ioff, sizeof(int64) * (ni + 1));
		for (int32 u = 0; u < nu; u++)
		{
			if ((u & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			for (int64 q = uoff[u]; q < uoff[u + 1]; q++)
			{
				int64		t = fill[uitem[q]]++;

				iuser[t] = u;
				ir[t] = ur[q];
			}
		}
		pfree(fill);
	}
	als_budget(&d, "indexing the pairs");

	/* initial factors; with the item bias the customers' last column is 1 */
	if (bias)
		for (int32 u = 0; u < nu; u++)
			X[(int64) u * ncol + f] = 1.0;
	if (!PG_ARGISNULL(6) || !PG_ARGISNULL(7))
	{
		int			rows,
					cols;
		double	   *m;

		if (PG_ARGISNULL(6) || PG_ARGISNULL(7))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: arguments \"init_user\" and \"init_item\" must be given together", fn),
					 errdetail("Only \"%s\" was given.", PG_ARGISNULL(6) ? "init_item" : "init_user"),
					 errhint("Pass both matrices, or neither for seeded random ones.")));
		m = pmkt_matrix(PG_GETARG_ARRAYTYPE_P(6), "init_user", &rows, &cols, true);
		if (rows != nu || cols != f)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: argument \"init_user\" must be a customers x factors matrix", fn),
					 errdetail("Expected %d x %d (customers with an observed pair, in id order), got %d x %d.", nu, f, rows, cols)));
		for (int32 u = 0; u < nu; u++)
			memcpy(X + (int64) u * ncol, m + (int64) u * f, sizeof(double) * f);
		m = pmkt_matrix(PG_GETARG_ARRAYTYPE_P(7), "init_item", &rows, &cols, true);
		if (rows != ni || cols != ncol)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: argument \"init_item\" must be an items x %s matrix", fn,
							bias ? "(factors + 1)" : "factors"),
					 errdetail("Expected %d x %d (items with an observed pair, in id order%s), got %d x %d.", ni, ncol,
							   bias ? ", the last column the initial item biases" : "", rows, cols),
					 errhint("%s", bias ? "With item_bias, add a last column of initial item biases (e.g. 0)." :
							 "Pass one row per item of pmkt.als_ids(model, 'item').")));
		memcpy(Y, m, sizeof(double) * ni * ncol);
	}
	else
	{
		PmktRng		rng;

		pmkt_rng_seed(&rng, (uint64) seed);
		for (int32 u = 0; u < nu; u++)
			for (int32 a = 0; a < f; a++)
				X[(int64) u * ncol + a] = ALS_INIT_SD * pmkt_rng_normal(&rng);
		for (int64 q = 0; q < (int64) ni * ncol; q++)
			Y[q] = ALS_INIT_SD * pmkt_rng_normal(&rng);
	}

	{
		double	   *G = palloc(sizeof(double) * ncol * ncol);
		double	   *M = palloc(sizeof(double) * ncol * ncol);
		double	   *Z = MemoryContextAllocHuge(d.cxt, sizeof(double) * Max(maxlen, 1) * ncol);
		double	   *rhs = palloc(sizeof(double) * ncol);

		als_budget(&d, "the solver's work space");
		for (int32 it = 0; it < iters; it++)
		{
			als_half_step(fn, X, nu, Y, ni, ncol, bias, uoff, uitem, ur, lambda, alpha, G, M, Z, rhs);
			als_half_step(fn, Y, ni, X, nu, ncol, false, ioff, iuser, ir, lambda, alpha, G, M, Z, rhs);
		}
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(d.cxt);
	PG_RETURN_POINTER(h);
}

/* ------------------------------------------------------------------------
 * Using a model
 * ------------------------------------------------------------------------ */

static AlsHeader *
als_arg(FunctionCallInfo fcinfo, int k)
{
	return (AlsHeader *) PG_DETOAST_DATUM(PG_GETARG_DATUM(k));
}

PG_FUNCTION_INFO_V1(pmkt_als_factors);
/* pmkt_als_factors(model, side text) RETURNS float8[] (rows in id order) */
Datum
pmkt_als_factors(PG_FUNCTION_ARGS)
{
	AlsHeader  *h = als_arg(fcinfo, 0);
	char	   *side = text_to_cstring(PG_GETARG_TEXT_PP(1));
	AlsView		v;

	als_view(h, &v);
	if (strcmp(side, "user") == 0 || strcmp(side, "customer") == 0)
		PG_RETURN_ARRAYTYPE_P(pmkt_build_matrix(v.X, h->nusers, h->nfactors));
	if (strcmp(side, "item") == 0)
		PG_RETURN_ARRAYTYPE_P(pmkt_build_matrix(v.Y, h->nitems, h->nfactors));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("pmkt.als_factors: argument \"side\" must be 'customer' or 'item'"),
			 errdetail("Got \"%s\".", side)));
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(pmkt_als_ids);
/* pmkt_als_ids(model, side text) RETURNS text[]: the row order of als_factors */
Datum
pmkt_als_ids(PG_FUNCTION_ARGS)
{
	AlsHeader  *h = als_arg(fcinfo, 0);
	char	   *side = text_to_cstring(PG_GETARG_TEXT_PP(1));
	AlsView		v;
	bool		user;
	int32		n;
	char	  **ids;

	als_view(h, &v);
	if (strcmp(side, "user") == 0 || strcmp(side, "customer") == 0)
		user = true;
	else if (strcmp(side, "item") == 0)
		user = false;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pmkt.als_ids: argument \"side\" must be 'customer' or 'item'"),
				 errdetail("Got \"%s\".", side)));
	n = user ? h->nusers : h->nitems;
	ids = palloc(sizeof(char *) * n);
	for (int32 k = 0; k < n; k++)
	{
		if ((k & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		ids[k] = user ? ids_text(v.uids, n, (h->flags & ALS_UTEXT) != 0, k)
			: ids_text(v.iids, n, (h->flags & ALS_ITEXT) != 0, k);
	}
	PG_RETURN_ARRAYTYPE_P(pmkt_build_text_vector((const char *const *) ids, n));
}

PG_FUNCTION_INFO_V1(pmkt_als_info);
/*
 * pmkt_als_info(model, OUT factors int, OUT iterations int,
 *   OUT regularization float8, OUT alpha float8, OUT seed bigint,
 *   OUT customers int, OUT items int, OUT pairs bigint,
 *   OUT customer_id_type text, OUT item_id_type text, OUT item_bias bool)
 * (factors without the bias column)
 */
Datum
pmkt_als_info(PG_FUNCTION_ARGS)
{
	AlsHeader  *h = als_arg(fcinfo, 0);
	TupleDesc	td;
	Datum		values[11];
	bool		nulls[11] = {0};
	bool		bias = (h->flags & ALS_IBIAS) != 0;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "pmkt.als_info: return type must be a row type");
	td = BlessTupleDesc(td);
	values[0] = Int32GetDatum(h->nfactors - (bias ? 1 : 0));
	values[1] = Int32GetDatum(h->iterations);
	values[2] = Float8GetDatum(h->regularization);
	values[3] = Float8GetDatum(h->alpha);
	values[4] = Int64GetDatum(h->seed);
	values[5] = Int32GetDatum(h->nusers);
	values[6] = Int32GetDatum(h->nitems);
	values[7] = Int64GetDatum(h->npairs);
	values[8] = CStringGetTextDatum((h->flags & ALS_UTEXT) ? "text" : "bigint");
	values[9] = CStringGetTextDatum((h->flags & ALS_ITEXT) ? "text" : "bigint");
	values[10] = BoolGetDatum(bias);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}

typedef struct Scored
{
	int32		item;
	double		score;
} Scored;

/* a is better than b: higher score, then lower index (id order) */
static inline bool
scored_better(const Scored *a, const Scored *b)
{
	return a->score > b->score || (a->score == b->score && a->item < b->item);
}

/* heap of the k best, worst at the root */
static void
heap_sift_down(Scored *hp, int32 n, int32 i)
{
	for (;;)
	{
		int32		l = 2 * i + 1,
					r = l + 1,
					w = i;
		Scored		t;

		if (l < n && scored_better(&hp[w], &hp[l]))
			w = l;
		if (r < n && scored_better(&hp[w], &hp[r]))
			w = r;
		if (w == i)
			return;
		t = hp[i];
		hp[i] = hp[w];
		hp[w] = t;
		i = w;
	}
}

static void
heap_sift_up(Scored *hp, int32 i)
{
	while (i > 0)
	{
		int32		p = (i - 1) / 2;
		Scored		t;

		if (!scored_better(&hp[p], &hp[i]))
			return;
		t = hp[i];
		hp[i] = hp[p];
		hp[p] = t;
		i = p;
	}
}

static int
scored_cmp(const void *a, const void *b)
{
	const Scored *x = a,
			   *y = b;

	if (scored_better(x, y))
		return -1;
	if (scored_better(y, x))
		return 1;
	return 0;
}

typedef struct CustArg
{
	char	   *id;
	int32		pos;
	bool		dup;
} CustArg;

static int
custarg_cmp(const void *a, const void *b)
{
	const CustArg *x = a,
			   *y = b;
	int			c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->pos < y->pos ? -1 : (x->pos > y->pos ? 1 : 0);
}

static int
custarg_pos_cmp(const void *a, const void *b)
{
	const CustArg *x = a,
			   *y = b;

	return x->pos < y->pos ? -1 : (x->pos > y->pos ? 1 : 0);
}

PG_FUNCTION_INFO_V1(pmkt_als_recommend);
/*
 * pmkt_als_recommend(model alsmodel, k int, customers text[], fallback text)
 *    RETURNS TABLE (customer text, recommendation_rank int, item text,
 *                   score float8, source text)
 */
Datum
pmkt_als_recommend(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.recommend";
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	AlsHeader  *h;
	AlsView		v;
	int32		k;
	bool		popularity;
	int32		f,
				nu,
				ni;
	bool		utext,
				itext;
	CustArg    *ca = NULL;
	int32		nca = 0;
	double	   *s;
	bool	   *bought;
	Scored	   *hp;
	Scored	   *pop = NULL;
	int32		npop = 0;
	MemoryContext rowcxt;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: argument \"model\" must not be NULL", fn),
				 errhint("Pass a model made by pmkt.als_train.")));
	k = PG_ARGISNULL(1) ? -1 : PG_GETARG_INT32(1);
	if (PG_ARGISNULL(1) || k < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"k\" must be at least 1", fn),
				 errdetail("Got %s.", PG_ARGISNULL(1) ? "NULL" : psprintf("%d", k)),
				 errhint("k is the number of items recommended per customer, e.g. 10.")));
	{
		char	   *fb = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));

		if (fb != NULL && strcmp(fb, "none") == 0)
			popularity = false;
		else if (fb != NULL && strcmp(fb, "popularity") == 0)
			popularity = true;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"fallback\" must be 'none' or 'popularity'", fn),
					 errdetail("Got %s.", fb ? quote_literal_cstr(fb) : "NULL")));
	}
	h = als_arg(fcinfo, 0);
	als_view(h, &v);
	f = h->nfactors;
	nu = h->nusers;
	ni = h->nitems;
	utext = (h->flags & ALS_UTEXT) != 0;
	itext = (h->flags & ALS_ITEXT) != 0;

	InitMaterializedSRF(fcinfo, 0);
	if (!PG_ARGISNULL(2))
	{
		ArrayType  *a = PG_GETARG_ARRAYTYPE_P(2);
		Datum	   *el;
		bool	   *en;
		int			n;

		if (ARR_NDIM(a) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: argument \"customers\" must be a one-dimensional text[]", fn),
					 errdetail("Got %d dimensions.", ARR_NDIM(a))));
		deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &el, &en, &n);
		ca = palloc(sizeof(CustArg) * Max(n, 1));
		for (int i = 0; i < n; i++)
			if (!en[i])
			{
				ca[nca].id = TextDatumGetCString(el[i]);
				ca[nca].pos = nca;
				ca[nca].dup = false;
				nca++;
			}
		qsort(ca, nca, sizeof(CustArg), custarg_cmp);
		for (int i = 1; i < nca; i++)
			if (strcmp(ca[i].id, ca[i - 1].id) == 0)
				ca[i].dup = true;
		qsort(ca, nca, sizeof(CustArg), custarg_pos_cmp);
	}
	s = palloc(sizeof(double) * ni);
	bought = palloc0(sizeof(bool) * ni);
	hp = palloc(sizeof(Scored) * (Min(k, ni) + 1));
	if (popularity)
	{
		pop = palloc0(sizeof(Scored) * ni);
		for (int32 i = 0; i < ni; i++)
			pop[i].item = i;
		for (int64 q = 0; q < h->npairs; q++)
			pop[v.pair_item[q]].score += 1;
		qsort(pop, ni, sizeof(Scored), scored_cmp);
		npop = Min(k, ni);
	}
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt als row", ALLOCSET_DEFAULT_SIZES);

	for (int32 c = 0; c < (ca ? nca : nu); c++)
	{
		int32		u;
		char	   *cname;
		int32		nh = 0;
		MemoryContext old;

		CHECK_FOR_INTERRUPTS();
		if (ca)
		{
			if (ca[c].dup)
				continue;
			u = ids_find(v.uids, nu, utext, ca[c].id);
			cname = ca[c].id;
		}
		else
		{
			u = c;
			cname = NULL;
		}
		old = MemoryContextSwitchTo(rowcxt);
		if (cname == NULL)
			cname = ids_text(v.uids, nu, utext, u);
		if (u < 0)
		{
			for (int32 r = 0; r < npop; r++)
			{
				Datum		values[5];
				bool		nulls[5] = {0};

				values[0] = CStringGetTextDatum(cname);
				values[1] = Int32GetDatum(r + 1);
				values[2] = CStringGetTextDatum(ids_text(v.iids, ni, itext, pop[r].item));
				values[3] = Float8GetDatum(pop[r].score);
				values[4] = CStringGetTextDatum("popularity");
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			}
			MemoryContextSwitchTo(old);
			MemoryContextReset(rowcxt);
			continue;
		}
		cblas_dgemv(CblasRowMajor, CblasNoTrans, ni, f, 1.0, v.Y, f, v.X + (int64) u * f, 1, 0.0, s, 1);
		for (int64 q = v.pair_off[u]; q < v.pair_off[u + 1]; q++)
			bought[v.pair_item[q]] = true;
		for (int32 i = 0; i < ni; i++)
		{
			Scored		x;

			if (bought[i])
				continue;
			x.item = i;
			x.score = s[i];
			if (nh < k)
			{
				hp[nh] = x;
				heap_sift_up(hp, nh);
				nh++;
			}
			else if (scored_better(&x, &hp[0]))
			{
				hp[0] = x;
				heap_sift_down(hp, nh, 0);
			}
		}
		for (int64 q = v.pair_off[u]; q < v.pair_off[u + 1]; q++)
			bought[v.pair_item[q]] = false;
		qsort(hp, nh, sizeof(Scored), scored_cmp);
		for (int32 r = 0; r < nh; r++)
		{
			Datum		values[5];
			bool		nulls[5] = {0};

			values[0] = CStringGetTextDatum(cname);
			values[1] = Int32GetDatum(r + 1);
			values[2] = CStringGetTextDatum(ids_text(v.iids, ni, itext, hp[r].item));
			values[3] = Float8GetDatum(hp[r].score);
			values[4] = CStringGetTextDatum("als");
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(rowcxt);
	}
	return (Datum) 0;
}
