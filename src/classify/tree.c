/*
 * tree.c
 *    CART classification trees and random forests (issue 13, part 1):
 *    training from a query whose columns are the features (by name) plus a
 *    named target column, the pmkt.treemodel type (tree.h), scoring a row
 *    matched by column names, readable rules, feature importances.
 *
 * Features: numeric columns (integer, float, numeric) and boolean columns
 * are numbers; text, varchar and char columns are categorical.  Splits are
 * exact (every midpoint between consecutive distinct values, as
 * scikit-learn); a categorical split sends a set of categories left: for a
 * binary target the categories ordered by their share of the second class
 * (Breiman's theorem: the best split is a prefix of that order), for more
 * classes ordered by their share of the node's most frequent class (a
 * heuristic).
 * NULL features: ignored when the split is chosen; then sent, with the rows
 * of a category never seen at training, to the child with more training
 * rows (the node remembers which).  Rows with a NULL target are skipped and
 * counted.
 */
#include "pmkt.h"

#include <float.h>
#include <math.h>

#include "access/detoast.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"
#include "parser/parse_func.h"
#include "parser/parsetree.h"
#include "utils/array.h"
#include "utils/rel.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/hsearch.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/typcache.h"
#include "optimizer/cost.h"

#include "tree.h"
#include "treehist.h"
#include "util/report.h"
#include "util/rng.h"
#include "util/sort.h"
#include "util/serial.h"

#define TM_MAX_CLASSES 100
#define TM_MAX_CATS 1024
#define TM_MAX_DEPTH 200
#define TM_MAX_TREES 10000

#define TYPNAME "pmkt.treemodel"

/* ====================================================================
 * model access
 * ==================================================================== */

typedef struct TmView
{
	TmHeader   *h;
	TmFeature  *feat;
	int32	   *cat_off;
	int32	   *class_off;
	int32	   *root;
	TmNode	   *node;
	double	   *prob;
	double	   *imp;
	uint64	   *catword;
	char	   *str;
	Size		size;
} TmView;

#define ALIGN8(x) (((x) + 7) & ~((Size) 7))

static void
tm_bad(const char *argname, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for argument \"%s\"", argname),
			 errdetail("The %s value is corrupt: %s.", TYPNAME, what),
			 errhint("Train the model again with pmkt.tree_train or pmkt.forest_train.")));
}

/* the size a model with these counts must have; -1 when they are out of range */
static int64
tm_layout(const TmHeader *h, TmView *v)
{
	Size		off = ALIGN8(sizeof(TmHeader));

	if (h->n_trees < 1 || h->n_trees > TM_MAX_TREES ||
		h->n_features < 1 || h->n_features > 10000 ||
		h->n_classes < 2 || h->n_classes > TM_MAX_CLASSES ||
		h->n_nodes < h->n_trees || h->n_nodes > 100000000 ||
		h->n_cats_total < 0 || h->n_cats_total > 10000 * TM_MAX_CATS ||
		h->n_catwords < 0 || h->n_catwords > 100000000 ||
		h->strings_len < 1 || h->strings_len > 100000000)
		return -1;
#define PART(field, type, count) \
	do { if (v) v->field = (type *) ((char *) h + off); \
		 off = ALIGN8(off + sizeof(type) * (Size) (count)); } while (0)
	PART(feat, TmFeature, h->n_features);
	PART(cat_off, int32, h->n_cats_total);
	PART(class_off, int32, h->n_classes);
	PART(root, int32, h->n_trees);
	PART(node, TmNode, h->n_nodes);
	PART(prob, double, (Size) h->n_nodes * h->n_classes);
	PART(imp, double, 2 * (Size) h->n_features);
	PART(catword, uint64, h->n_catwords);
	PART(str, char, h->strings_len);
#undef PART
	return (int64) off;
}

/*
 * tm_view: O(1) checks (magic, version, counts, exact size, the strings end
 * with NUL) and the part pointers.  Enough for walking with checked
 * indices; full = every index and value (input, receive).
 */
static void
tm_view(TmHeader *h, TmView *v, bool full, const char *argname)
{
	int64		sz;

	if (VARSIZE(h) < sizeof(TmHeader))
		tm_bad(argname, "too short");
	if (h->magic != TM_MAGIC || h->version != TM_VERSION)
		tm_bad(argname, "wrong magic number or version");
	sz = tm_layout(h, v);
	if (sz < 0 || (Size) sz != VARSIZE(h))
		tm_bad(argname, "sizes do not add up");
	v->h = h;
	v->size = VARSIZE(h);
	if (v->str[h->strings_len - 1] != '\0')
		tm_bad(argname, "unterminated strings");
	if (h->criterion < 0 || h->criterion > 1 || h->target_type < 0 || h->target_type > 2)
		tm_bad(argname, "bad criterion or target type");
	if (!full)
		return;
	{
		int			cats = 0;

		for (int f = 0; f < h->n_features; f++)
		{
			TmFeature  *F = &v->feat[f];

			if (F->type < TM_NUMERIC || F->type > TM_CATEGORY ||
				F->name_off < 0 || F->name_off >= h->strings_len)
				tm_bad(argname, "bad feature");
			if (F->type == TM_CATEGORY)
			{
				if (F->n_cats < 0 || F->n_cats > TM_MAX_CATS || F->cat_start != cats ||
					cats + F->n_cats > h->n_cats_total)
					tm_bad(argname, "bad categories");
				cats += F->n_cats;
			}
			else if (F->n_cats != 0 || F->cat_start != 0)
				tm_bad(argname, "bad feature");
		}
		if (cats != h->n_cats_total)
			tm_bad(argname, "bad category count");
	}
	for (int i = 0; i < h->n_cats_total; i++)
		if (v->cat_off[i] < 0 || v->cat_off[i] >= h->strings_len)
			tm_bad(argname, "bad category offset");
	for (int i = 0; i < h->n_classes; i++)
		if (v->class_off[i] < 0 || v->class_off[i] >= h->strings_len)
			tm_bad(argname, "bad class offset");
	for (int t = 0; t < h->n_trees; t++)
		if (v->root[t] < 0 || v->root[t] >= h->n_nodes ||
			(t > 0 && v->root[t] <= v->root[t - 1]))
			tm_bad(argname, "bad tree root");
	for (int i = 0; i < h->n_nodes; i++)
	{
		TmNode	   *N = &v->node[i];
		double		s = 0;

		CHECK_FOR_INTERRUPTS();
		if (!isfinite(N->n) || N->n < 0)
			tm_bad(argname, "bad node size");
		for (int c = 0; c < h->n_classes; c++)
		{
			double		p = v->prob[(Size) i * h->n_classes + c];

			if (!(p >= 0 && p <= 1))
				tm_bad(argname, "bad probability");
			s += p;
		}
		if (fabs(s - 1) > 1e-9)
			tm_bad(argname, "probabilities do not add up to 1");
		if (N->feature == -1)
			continue;
		if (N->feature < 0 || N->feature >= h->n_features ||
			N->left <= i || N->left >= h->n_nodes ||
			N->right <= i || N->right >= h->n_nodes ||
			(N->missing_left != 0 && N->missing_left != 1))
			tm_bad(argname, "bad node");
		if (v->feat[N->feature].type == TM_CATEGORY)
		{
			if (N->catword < 0 ||
				(int64) N->catword + (v->feat[N->feature].n_cats + 63) / 64 > h->n_catwords)
				tm_bad(argname, "bad category set");
		}
		else if (N->catword != -1 || isnan(N->threshold))
			tm_bad(argname, "bad threshold");
	}
	for (int i = 0; i < 2 * h->n_features; i++)
		if (!isnan(v->imp[i]) && !isfinite(v->imp[i]))
			tm_bad(argname, "bad importance");
}

static const char *
tm_str(const TmView *v, int32 off)
{
	if (off < 0 || off >= v->h->strings_len)
		tm_bad("model", "bad string offset");
	return v->str + off;
}

/* ====================================================================
 * training data
 * ==================================================================== */

static void
dict_init(CatDict *D, const char *what)
{
	HASHCTL		ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = TM_MAX_NAME + 1;
	ctl.entrysize = sizeof(CatEntry);
	ctl.hcxt = CurrentMemoryContext;
	D->hash = hash_create(what, 64, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	D->cxt = CurrentMemoryContext;
	D->n = 0;
	D->cap = 16;
	D->names = palloc(sizeof(char *) * D->cap);
}

static int
dict_add(CatDict *D, const char *s, int max, const char *colname, bool is_class)
{
	CatEntry   *e;
	bool		found;

	if (strlen(s) > TM_MAX_NAME)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s value of column \"%s\" is too long", is_class ? "a class" : "a category", colname),
				 errdetail("Got %zu bytes; the limit is %d.", strlen(s), TM_MAX_NAME),
				 errhint("Categorical features and classes are short labels; drop free-text columns from the query.")));
	e = hash_search(D->hash, s, HASH_ENTER, &found);
	if (!found)
	{
		if (D->n >= max)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("column \"%s\" has more than %d %s", colname, max, is_class ? "classes" : "categories"),
					 errhint(is_class ? "The target must be a class label (boolean, integer or short text), not a score or an id."
							 : "Group rare categories, or leave id-like columns out of the query.")));
		if (D->n == D->cap)
		{
			D->cap *= 2;
			D->names = repalloc(D->names, sizeof(char *) * D->cap);
		}
		e->idx = D->n;
		D->names[D->n++] = MemoryContextStrdup(D->cxt, s);
	}
	return e->idx;
}

/*
 * dict_add_bytes: dict_add for a label given as bytes (not NUL-terminated):
 * a linear scan of the known labels while they are few, else the hash
 */
static int
dict_add_bytes(CatDict *D, const char *s, int len, int max, const char *colname, bool is_class)
{
	char		buf[TM_MAX_NAME + 1];

	if (D->n <= 32)
		for (int i = 0; i < D->n; i++)
			if (strncmp(D->names[i], s, len) == 0 && D->names[i][len] == '\0')
				return i;
	if (len > TM_MAX_NAME)
	{
		char	   *t = palloc(len + 1);

		memcpy(t, s, len);
		t[len] = '\0';
		return dict_add(D, t, max, colname, is_class);
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL)
		return dict_add(D, buf, max, colname, is_class);	/* cannot happen for text */
	return dict_add(D, buf, max, colname, is_class);
}

int
pmkt_cls_feature_type(Oid t)
{
	switch (t)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			return TM_NUMERIC;
		case BOOLOID:
			return TM_BOOLEAN;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case NAMEOID:
			return TM_CATEGORY;
		default:
			return -1;
	}
}

double
pmkt_cls_datum_number(Datum d, Oid t, const char *col)
{
	double		v;

	switch (t)
	{
		case INT2OID:
			return DatumGetInt16(d);
		case INT4OID:
			return DatumGetInt32(d);
		case INT8OID:
			return (double) DatumGetInt64(d);
		case FLOAT4OID:
			v = DatumGetFloat4(d);
			break;
		case FLOAT8OID:
			v = DatumGetFloat8(d);
			break;
		case NUMERICOID:
			v = DatumGetFloat8(DirectFunctionCall1(numeric_float8, d));
			break;
		case BOOLOID:
			return DatumGetBool(d) ? 1 : 0;
		default:
			v = 0;
	}
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("column \"%s\" holds a non-finite value", col),
				 errdetail("Got %g.", v),
				 errhint("Use NULL for a missing value (see the NULL handling of pmkt.tree_train), or filter the rows.")));
	return v;
}

static char *
datum_label(Datum d, Oid t)
{
	Oid			outf;
	bool		isvarlena;

	getTypeOutputInfo(t, &outf, &isvarlena);
	return OidOutputFunctionCall(outf, d);
}

/* class labels in the report's order: numeric when all are numbers */
static int
label_cmp(const void *a, const void *b, void *arg)
{
	const char *x = *(char *const *) a,
			   *y = *(char *const *) b;
	bool		numeric = *(bool *) arg;

	if (numeric)
	{
		double		dx = strtod(x, NULL),
					dy = strtod(y, NULL);

		if (dx != dy)
			return dx < dy ? -1 : 1;
	}
	return strcmp(x, y);
}

void
pmkt_cls_load_training(const char *query, const char *target, TrainData *T, const char *fn)
{
	SPIPlanPtr	plan;
	Portal		portal;
	bool		pushed = false;
	int			tcol = -1,
				natts;
	TupleDesc	td;
	int		   *fcol;
	Oid		   *ftypid;
	Oid			ttyp;
	int64		cap = 1024,
				n = 0;
	CatDict		classes;
	int		   *yraw;
	Size		rowbytes;
	MemoryContext cxt = CurrentMemoryContext;

	MemoryContext scratch;
	Datum	   *rowv;
	bool	   *rown;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/* everything kept lives in the caller's context; conversions in scratch */
	MemoryContextSwitchTo(cxt);
	scratch = AllocSetContextCreate(cxt, "pmkt tree load", ALLOCSET_DEFAULT_SIZES);
	if (!ActiveSnapshotSet())
	{
		PushActiveSnapshot(GetTransactionSnapshot());
		pushed = true;
	}
	plan = SPI_prepare(query, 0, NULL);
	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s: could not prepare the query", fn),
				 errdetail("%s", SPI_result_code_string(SPI_result))));
	if (!SPI_is_cursor_plan(plan))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("%s: the query must be one statement returning rows", fn),
				 errhint("Write e.g. SELECT age, income, region, responded FROM customers.")));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	/* SPI calls leave SPI's procedure context current: back to ours */
	MemoryContextSwitchTo(cxt);
	td = portal->tupDesc;
	natts = td->natts;
	for (int c = 0; c < natts; c++)
	{
		Form_pg_attribute a = TupleDescAttr(td, c);

		if (!a->attisdropped && strcmp(NameStr(a->attname), target) == 0)
		{
			if (tcol >= 0)
				ereport(ERROR,
						(errcode(ERRCODE_DUPLICATE_COLUMN),
						 errmsg("%s: the query has two columns named \"%s\"", fn, target)));
			tcol = c;
		}
	}
	if (tcol < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("%s: the query has no column named \"%s\" (argument \"target\")", fn, target),
				 errhint("Name the target column of the query, e.g. target => 'responded'.")));
	ttyp = TupleDescAttr(td, tcol)->atttypid;
	if (ttyp == BOOLOID)
		T->target_type = 1;
	else if (ttyp == INT2OID || ttyp == INT4OID || ttyp == INT8OID)
		T->target_type = 2;
	else if (ttyp == TEXTOID || ttyp == VARCHAROID || ttyp == BPCHAROID || ttyp == NAMEOID)
		T->target_type = 0;
	else
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: the target column \"%s\" must be boolean, integer or text", fn, target),
				 errdetail("Got type %s.", format_type_be(ttyp)),
				 errhint("Classes are labels; cast a numeric score to a class first, e.g. (amount > 100).")));
	T->d = natts - 1;
	if (T->d < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the query has no feature column", fn),
				 errhint("Select the features and the target, e.g. SELECT age, region, responded FROM customers.")));
	fcol = palloc(sizeof(int) * T->d);
	ftypid = palloc(sizeof(Oid) * T->d);
	T->fname = palloc(sizeof(char *) * T->d);
	T->ftype = palloc(sizeof(int) * T->d);
	T->cats = palloc0(sizeof(CatDict) * T->d);
	for (int c = 0, f = 0; c < natts; c++)
	{
		Form_pg_attribute a = TupleDescAttr(td, c);

		if (c == tcol)
			continue;
		if (strlen(NameStr(a->attname)) > TM_MAX_NAME)
			ereport(ERROR, (errcode(ERRCODE_NAME_TOO_LONG), errmsg("%s: column name too long", fn)));
		for (int g = 0; g < f; g++)
			if (strcmp(T->fname[g], NameStr(a->attname)) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_DUPLICATE_COLUMN),
						 errmsg("%s: the query has two columns named \"%s\"", fn, NameStr(a->attname)),
						 errhint("Features are matched by name at scoring: give each column its own name.")));
		fcol[f] = c;
		ftypid[f] = a->atttypid;
		T->fname[f] = pstrdup(NameStr(a->attname));
		T->ftype[f] = pmkt_cls_feature_type(a->atttypid);
		if (T->ftype[f] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s: feature column \"%s\" has type %s", fn, T->fname[f], format_type_be(a->atttypid)),
					 errhint("Features must be numeric, boolean or text (categorical); cast the column or leave it out.")));
		if (T->ftype[f] == TM_CATEGORY)
			dict_init(&T->cats[f], "pmkt categories");
		f++;
	}
	dict_init(&classes, "pmkt classes");
	/* the rows (8 bytes a feature, 4 for the class) and the trainers' working
	 * copies (sort buffer, indexes, out-of-bag votes; the SVM's row-major copy) */
	rowbytes = 16 * (Size) T->d + 64;
	T->X = palloc(sizeof(double) * T->d * cap);
	yraw = palloc(sizeof(int) * cap);
	rowv = palloc(sizeof(Datum) * natts);
	rown = palloc(sizeof(bool) * natts);
	T->skipped = 0;
	for (;;)
	{
		SPI_cursor_fetch(portal, true, 10000);
		MemoryContextSwitchTo(cxt);
		if (SPI_processed == 0)
			break;
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			bool		isnull;
			Datum		dv;
			MemoryContext old;

			if ((r & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			heap_deform_tuple(tup, SPI_tuptable->tupdesc, rowv, rown);
			dv = rowv[tcol];
			isnull = rown[tcol];
			if (isnull)
			{
				T->skipped++;
				continue;
			}
			old = MemoryContextSwitchTo(scratch);
			if (n == cap)
			{
				double	   *nx;

				if ((double) cap * 2 * rowbytes > (double) PMKT_TRAIN_BUDGET_BYTES ||
					cap >= INT_MAX / 2)
				{
					if ((double) (cap + 1) * rowbytes > (double) PMKT_TRAIN_BUDGET_BYTES || cap >= INT_MAX / 2)
						ereport(ERROR,
								(errcode(ERRCODE_OUT_OF_MEMORY),
								 errmsg("%s: the training rows exceed pmkt.max_train_memory", fn),
								 errdetail("pmkt.max_train_memory is %d kB; " INT64_FORMAT " rows of %d features were loaded before it ran out.",
										   pmkt_max_train_memory_kb, n, T->d),
								 errhint("Raise pmkt.max_train_memory, or train on a seeded sample, e.g. WHERE pmkt.train_test_split(id::text, 0.1, 42) = 'test'.")));
				}
				{
					int64		ncap = Min((int64) INT_MAX / 2, cap * 2);

					if ((double) ncap * rowbytes > (double) PMKT_TRAIN_BUDGET_BYTES)
						ncap = Max(cap + 1, (int64) ((double) PMKT_TRAIN_BUDGET_BYTES / rowbytes));
					nx = MemoryContextAllocExtended(cxt, sizeof(double) * T->d * (Size) ncap, MCXT_ALLOC_HUGE);
					for (int f = 0; f < T->d; f++)
						memcpy(nx + (Size) f * ncap, T->X + (Size) f * cap, sizeof(double) * n);
					pfree(T->X);
					T->X = nx;
					yraw = repalloc_huge(yraw, sizeof(int) * (Size) ncap);
					cap = ncap;
				}
			}
			if (ttyp == BOOLOID)
				yraw[n] = dict_add_bytes(&classes, DatumGetBool(dv) ? "t" : "f", 1, TM_MAX_CLASSES, target, true);
			else if (ttyp == TEXTOID || ttyp == VARCHAROID || ttyp == BPCHAROID)
			{
				struct varlena *tv = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(dv));

				yraw[n] = dict_add_bytes(&classes, VARDATA_ANY(tv), VARSIZE_ANY_EXHDR(tv), TM_MAX_CLASSES, target, true);
			}
			else
				yraw[n] = dict_add(&classes, datum_label(dv, ttyp), TM_MAX_CLASSES, target, true);
			for (int f = 0; f < T->d; f++)
			{
				Datum		fv = rowv[fcol[f]];
				double		x;

				isnull = rown[fcol[f]];
				if (isnull)
					x = get_float8_nan();
				else if (T->ftype[f] == TM_CATEGORY && ftypid[f] != NAMEOID)
				{
					/* text, varchar, char: the bytes as they are (the output function's text) */
					struct varlena *tv = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(fv));

					x = dict_add_bytes(&T->cats[f], VARDATA_ANY(tv), VARSIZE_ANY_EXHDR(tv),
									   TM_MAX_CATS, T->fname[f], false);
				}
				else if (T->ftype[f] == TM_CATEGORY)
					x = dict_add(&T->cats[f], datum_label(fv, ftypid[f]), TM_MAX_CATS, T->fname[f], false);
				else
					x = pmkt_cls_datum_number(fv, ftypid[f], T->fname[f]);
				T->X[(Size) f * cap + n] = x;
			}
			n++;
			MemoryContextSwitchTo(old);
		}
		SPI_freetuptable(SPI_tuptable);
		MemoryContextReset(scratch);
	}
	SPI_cursor_close(portal);
	if (pushed)
		PopActiveSnapshot();
	SPI_finish();
	/* compact X to n columns-rows */
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the query returned no row with a non-NULL target", fn),
				 errdetail(INT64_FORMAT " rows had a NULL target.", T->skipped),
				 errhint("Check the query and the target column.")));
	if (n < cap)
		for (int f = 1; f < T->d; f++)
			memmove(T->X + (Size) f * n, T->X + (Size) f * cap, sizeof(double) * n);
	T->n = (int) n;
	if (classes.n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the target column \"%s\" has a single class", fn, target),
				 errdetail("Every row has class \"%s\".", classes.names[0]),
				 errhint("A classifier needs at least two classes; check the query's filter.")));
	/* sort the classes and remap */
	{
		bool		numeric = (T->target_type == 2);
		int		   *ord = palloc(sizeof(int) * classes.n);
		int		   *inv = palloc(sizeof(int) * classes.n);
		char	  **sorted = palloc(sizeof(char *) * classes.n);

		for (int c = 0; c < classes.n; c++)
			sorted[c] = classes.names[c];
		pmkt_sort(sorted, classes.n, sizeof(char *), label_cmp, &numeric);
		for (int c = 0; c < classes.n; c++)
		{
			bool		found;
			CatEntry   *e = hash_search(classes.hash, sorted[c], HASH_FIND, &found);

			ord[c] = e->idx;
			inv[e->idx] = c;
		}
		T->k = classes.n;
		T->cls = sorted;
		T->y = yraw;
		for (int i = 0; i < T->n; i++)
			T->y[i] = inv[T->y[i]];
	}
}

/* ====================================================================
 * tree building
 * ==================================================================== */

typedef struct BNode
{
	int			feature;
	double		threshold;
	uint64	   *set;			/* categories going left */
	int			left,
				right;
	bool		missing_left;
	int			depth;
	double		n;				/* rows (copies counted) */
	double		w;				/* weight */
	double		impurity;
	double	   *value;			/* k weighted class totals */
} BNode;

typedef struct Params
{
	int			criterion;		/* 0 gini 1 entropy */
	int			max_depth;
	int			min_split;
	int			min_leaf;
	double		ccp_alpha;
	int			max_features;	/* features tried per split */
	bool		balanced;
} Params;

typedef struct Builder
{
	TrainData  *T;
	const Params *P;
	PmktRng    *rng;
	int		   *cnt;			/* bootstrap multiplicity per row */
	BNode	   *nodes;
	int			n_nodes,
				cap;
	/* scratch */
	int		   *feats;
	double	   *sv;				/* values, sort scratch */
	int		   *si;
	double	   *lw,
			   *rw;
	double	   *imp;			/* impurity importance, d */
	double		total_w;
	double		node_bytes;		/* nodes of every tree so far */
} Builder;

static double
impurity(const double *w, int k, double tot, int crit)
{
	double		s = 0;

	if (tot <= 0)
		return 0;
	if (crit == 0)
	{
		for (int c = 0; c < k; c++)
			s += (w[c] / tot) * (w[c] / tot);
		return 1 - s;
	}
	for (int c = 0; c < k; c++)
		if (w[c] > 0)
			s -= (w[c] / tot) * log2(w[c] / tot);
	return s;
}

typedef struct VI
{
	double		x;
	int			i;
} VI;

static int
vi_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	const VI   *p = a,
			   *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->i - q->i;
}

typedef struct CatStat
{
	double		key;
	int			cat;
} CatStat;

static int
cs_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	const CatStat *p = a,
			   *q = b;

	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return p->cat - q->cat;
}

static int
new_node(Builder *B)
{
	B->node_bytes += sizeof(BNode) + sizeof(double) * B->T->k + 64;
	if (B->node_bytes > (double) PMKT_TRAIN_BUDGET_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("the trees exceed pmkt.max_train_memory"),
				 errdetail("pmkt.max_train_memory is %d kB; the nodes grown so far take %.0f kB.",
						   pmkt_max_train_memory_kb, B->node_bytes / 1024),
				 errhint("Limit the trees with max_depth or min_samples_leaf, use fewer trees, or raise pmkt.max_train_memory.")));
	if (B->n_nodes == B->cap)
	{
		B->cap *= 2;
		B->nodes = repalloc_huge(B->nodes, sizeof(BNode) * (Size) B->cap);
	}
	memset(&B->nodes[B->n_nodes], 0, sizeof(BNode));
	B->nodes[B->n_nodes].feature = -1;
	B->nodes[B->n_nodes].value = palloc0(sizeof(double) * B->T->k);
	return B->n_nodes++;
}

static inline bool
goes_left(const BNode *N, double x, const TrainData *T)
{
	if (isnan(x))
		return N->missing_left;
	if (T->ftype[N->feature] == TM_CATEGORY)
	{
		int			c = (int) x;

		return (N->set[c / 64] >> (c % 64)) & 1;
	}
	return x <= N->threshold;
}

/*
 * build: grow the node for rows idx[lo..hi) (with multiplicities cnt).
 */
static void
build(Builder *B, int nodeid, int *idx, int lo, int hi, int depth)
{
	TrainData  *T = B->T;
	const Params *P = B->P;
	int			k = T->k;
	BNode	   *N;
	double		nrows = 0,
				wtot = 0;
	double	   *value = palloc0(sizeof(double) * k);
	double		best = DBL_MAX;
	int			bf = -1;
	double		bthr = 0;
	uint64	   *bset = NULL;
	int			nf;

	CHECK_FOR_INTERRUPTS();
	check_stack_depth();
	for (int j = lo; j < hi; j++)
	{
		int			i = idx[j];
		double		m = B->cnt ? B->cnt[i] : 1;

		nrows += m;
		value[T->y[i]] += m * T->cw[T->y[i]];
		wtot += m * T->cw[T->y[i]];
	}
	N = &B->nodes[nodeid];
	N->depth = depth;
	N->n = nrows;
	N->w = wtot;
	memcpy(N->value, value, sizeof(double) * k);
	N->impurity = impurity(value, k, wtot, P->criterion);
	if ((P->max_depth > 0 && depth >= P->max_depth) || depth >= TM_MAX_DEPTH ||
		nrows < P->min_split || nrows < 2 * P->min_leaf || N->impurity <= 1e-15)
		return;

	/* candidate features: all, or a seeded sample without replacement */
	for (int f = 0; f < T->d; f++)
		B->feats[f] = f;
	nf = T->d;
	if (P->max_features < T->d)
	{
		for (int f = 0; f < P->max_features; f++)
		{
			int			r = f + (int) pmkt_rng_below(B->rng, T->d - f);
			int			t = B->feats[f];

			B->feats[f] = B->feats[r];
			B->feats[r] = t;
		}
		nf = P->max_features;
	}
	for (int fi = 0; fi < nf; fi++)
	{
		int			f = B->feats[fi];
		const double *x = T->X + (Size) f * T->n;

		CHECK_FOR_INTERRUPTS();
		if (T->ftype[f] != TM_CATEGORY)
		{
			VI		   *v = (VI *) B->sv;
			int			m = 0;
			double		ln = 0,
						lwt = 0,
						rn = 0,
						rwt = 0;

			for (int j = lo; j < hi; j++)
			{
				int			i = idx[j];

				if (!isnan(x[i]))
				{
					v[m].x = x[i];
					v[m].i = i;
					m++;
				}
			}
			if (m < 2)
				continue;
			pmkt_sort(v, m, sizeof(VI), vi_cmp, NULL);
			memset(B->lw, 0, sizeof(double) * k);
			memset(B->rw, 0, sizeof(double) * k);
			for (int j = 0; j < m; j++)
			{
				int			i = v[j].i;
				double		c = B->cnt ? B->cnt[i] : 1;

				B->rw[T->y[i]] += c * T->cw[T->y[i]];
				rn += c;
				rwt += c * T->cw[T->y[i]];
			}
			for (int j = 0; j < m - 1; j++)
			{
				int			i = v[j].i;
				double		c = B->cnt ? B->cnt[i] : 1;
				double		cwv = c * T->cw[T->y[i]];
				double		q;

				B->lw[T->y[i]] += cwv;
				B->rw[T->y[i]] -= cwv;
				ln += c;
				rn -= c;
				lwt += cwv;
				rwt -= cwv;
				if (v[j + 1].x <= v[j].x)
					continue;
				if (ln < P->min_leaf || rn < P->min_leaf)
					continue;
				q = lwt * impurity(B->lw, k, lwt, P->criterion) +
					rwt * impurity(B->rw, k, rwt, P->criterion);
				if (q < best - 1e-12 * Max(1.0, fabs(best)))
				{
					double		mid = v[j].x / 2 + v[j + 1].x / 2;

					if (mid >= v[j + 1].x)
						mid = v[j].x;
					best = q;
					bf = f;
					bthr = mid;
				}
			}
		}
		else
		{
			int			nc = T->cats[f].n;
			double	   *cn = palloc0(sizeof(double) * nc);
			double	   *cwk = palloc0(sizeof(double) * (Size) nc * k);
			double	   *ct = palloc0(sizeof(double) * nc);
			CatStat    *cs = palloc(sizeof(CatStat) * nc);
			int			used = 0,
						major = 0;
			double		ln = 0,
						lwt = 0,
						rn = 0,
						rwt = 0;

			for (int j = lo; j < hi; j++)
			{
				int			i = idx[j];
				double		c = B->cnt ? B->cnt[i] : 1;

				if (isnan(x[i]))
					continue;
				cn[(int) x[i]] += c;
				cwk[(Size) ((int) x[i]) * k + T->y[i]] += c * T->cw[T->y[i]];
				ct[(int) x[i]] += c * T->cw[T->y[i]];
			}
			for (int c = 1; c < k; c++)
				if (value[c] > value[major])
					major = c;
			for (int c = 0; c < nc; c++)
				if (cn[c] > 0)
				{
					/* binary: share of class 2 (Breiman); else share of the node's majority class */
					cs[used].key = (k == 2) ? cwk[(Size) c * k + 1] / ct[c] : cwk[(Size) c * k + major] / ct[c];
					if (ct[c] <= 0)
						cs[used].key = 0;
					cs[used].cat = c;
					used++;
				}
			if (used >= 2)
			{
				pmkt_sort(cs, used, sizeof(CatStat), cs_cmp, NULL);
				memset(B->lw, 0, sizeof(double) * k);
				memset(B->rw, 0, sizeof(double) * k);
				for (int u = 0; u < used; u++)
				{
					int			c = cs[u].cat;

					for (int y = 0; y < k; y++)
						B->rw[y] += cwk[(Size) c * k + y];
					rn += cn[c];
					rwt += ct[c];
				}
				for (int u = 0; u < used - 1; u++)
				{
					int			c = cs[u].cat;
					double		q;

					for (int y = 0; y < k; y++)
					{
						B->lw[y] += cwk[(Size) c * k + y];
						B->rw[y] -= cwk[(Size) c * k + y];
					}
					ln += cn[c];
					rn -= cn[c];
					lwt += ct[c];
					rwt -= ct[c];
					if (ln < P->min_leaf || rn < P->min_leaf)
						continue;
					q = lwt * impurity(B->lw, k, lwt, P->criterion) +
						rwt * impurity(B->rw, k, rwt, P->criterion);
					if (q < best - 1e-12 * Max(1.0, fabs(best)))
					{
						int			words = (nc + 63) / 64;

						best = q;
						bf = f;
						if (bset)
							pfree(bset);
						bset = palloc0(sizeof(uint64) * words);
						for (int z = 0; z <= u; z++)
							bset[cs[z].cat / 64] |= UINT64CONST(1) << (cs[z].cat % 64);
					}
				}
			}
			pfree(cn);
			pfree(cwk);
			pfree(ct);
			pfree(cs);
		}
	}
	if (bf < 0 || best >= wtot * N->impurity - 1e-12 * Max(1.0, wtot))
		return;

	/* partition: left rows first; NULLs to the larger side */
	{
		const double *x = T->X + (Size) bf * T->n;
		BNode		probe;
		double		nl = 0,
					nr = 0;
		int			a,
					b,
					l,
					r;

		probe.feature = bf;
		probe.threshold = bthr;
		probe.set = bset;
		for (int j = lo; j < hi; j++)
		{
			int			i = idx[j];
			double		c = B->cnt ? B->cnt[i] : 1;

			if (isnan(x[i]))
				continue;
			probe.missing_left = false;
			if (goes_left(&probe, x[i], T))
				nl += c;
			else
				nr += c;
		}
		probe.missing_left = (nl >= nr);
		a = lo;
		b = hi - 1;
		while (a <= b)
		{
			if (goes_left(&probe, x[idx[a]], T))
				a++;
			else
			{
				int			t = idx[a];

				idx[a] = idx[b];
				idx[b] = t;
				b--;
			}
		}
		if (a == lo || a == hi)
			return;
		l = new_node(B);
		r = new_node(B);
		N = &B->nodes[nodeid];	/* repalloc may have moved it */
		N->feature = bf;
		N->threshold = bthr;
		N->set = bset;
		N->missing_left = probe.missing_left;
		N->left = l;
		N->right = r;
		build(B, l, idx, lo, a, depth + 1);
		build(B, r, idx, a, hi, depth + 1);
	}
}

/*
 * Minimal cost-complexity pruning (Breiman et al. 1984, ch. 3), with
 * R(t) = w(t) / W x impurity(t) as scikit-learn: repeatedly collapse the
 * internal node of smallest effective alpha while it is <= ccp_alpha.
 */
static void
prune(Builder *B, int root)
{
	int			nn = B->n_nodes;
	double	   *R = palloc(sizeof(double) * nn);
	int		   *L = palloc(sizeof(int) * nn);

	for (;;)
	{
		double		bestg = DBL_MAX;
		int			bestn = -1;

		CHECK_FOR_INTERRUPTS();
		/* children have larger indices: one backward pass gives R(T_t), |leaves| */
		for (int t = nn - 1; t >= root; t--)
		{
			BNode	   *N = &B->nodes[t];

			if (N->depth < 0)
				continue;
			if (N->feature < 0)
			{
				R[t] = N->w / B->total_w * N->impurity;
				L[t] = 1;
				continue;
			}
			R[t] = R[N->left] + R[N->right];
			L[t] = L[N->left] + L[N->right];
			{
				double		g = (N->w / B->total_w * N->impurity - R[t]) / (L[t] - 1);

				if (g < bestg)
				{
					bestg = g;
					bestn = t;
				}
			}
		}
		if (bestn < 0 || bestg > B->P->ccp_alpha)
			break;
		/* collapse: the descendants become unreachable (depth -1) */
		{
			int		   *stack = palloc(sizeof(int) * (nn + 1));
			int			sp = 0;

			stack[sp++] = B->nodes[bestn].left;
			stack[sp++] = B->nodes[bestn].right;
			while (sp > 0)
			{
				BNode	   *D = &B->nodes[stack[--sp]];

				if (D->feature >= 0)
				{
					stack[sp++] = D->left;
					stack[sp++] = D->right;
				}
				D->depth = -1;
			}
			pfree(stack);
			B->nodes[bestn].feature = -1;
		}
	}
}

/* impurity importance of the final tree (weighted impurity decrease per feature) */
static void
tree_importance(const Builder *B, double *imp, int d)
{
	memset(imp, 0, sizeof(double) * d);
	for (int t = 0; t < B->n_nodes; t++)
	{
		const BNode *N = &B->nodes[t];

		if (N->depth < 0 || N->feature < 0)
			continue;
		imp[N->feature] += N->w * N->impurity - B->nodes[N->left].w * B->nodes[N->left].impurity -
			B->nodes[N->right].w * B->nodes[N->right].impurity;
	}
}

/* ====================================================================
 * the model
 * ==================================================================== */

typedef struct Forest
{
	int			n_trees;
	BNode	  **trees;			/* nodes of each tree */
	int		   *n_nodes;
	double		oob;
	double	   *imp;			/* 2d */
} Forest;

/* walk a built tree on training row i, feature f replaced by xf (NaN ok) when f >= 0 */
static const double *
bwalk(const BNode *nodes, const TrainData *T, int i, int f, double xf)
{
	int			t = 0;

	while (nodes[t].feature >= 0)
	{
		int			g = nodes[t].feature;
		double		x = (g == f) ? xf : T->X[(Size) g * T->n + i];

		t = goes_left(&nodes[t], x, T) ? nodes[t].left : nodes[t].right;
	}
	return nodes[t].value;
}

static int
argmax_norm(const double *v, int k)
{
	int			b = 0;

	for (int c = 1; c < k; c++)
		if (v[c] > v[b])
			b = c;
	return b;
}

static TmHeader *
serialize(const TrainData *T, const Forest *F, int criterion)
{
	TmHeader	h;
	TmView		v;
	StringInfoData s;
	int			total_nodes = 0,
				ncats = 0,
				nwords = 0;
	int		   *remap;
	int64		sz;
	TmHeader   *m;
	int			node_base = 0,
				word_base = 0;

	initStringInfo(&s);
	appendStringInfoChar(&s, '\0');
	for (int t = 0; t < F->n_trees; t++)
		for (int j = 0; j < F->n_nodes[t]; j++)
			if (F->trees[t][j].depth >= 0)
			{
				total_nodes++;
				if (F->trees[t][j].feature >= 0 && T->ftype[F->trees[t][j].feature] == TM_CATEGORY)
					nwords += (T->cats[F->trees[t][j].feature].n + 63) / 64;
			}
	for (int f = 0; f < T->d; f++)
		if (T->ftype[f] == TM_CATEGORY)
			ncats += T->cats[f].n;
	memset(&h, 0, sizeof(h));
	h.magic = TM_MAGIC;
	h.version = TM_VERSION;
	h.n_trees = F->n_trees;
	h.n_features = T->d;
	h.n_classes = T->k;
	h.n_nodes = total_nodes;
	h.n_cats_total = ncats;
	h.n_catwords = nwords;
	h.criterion = criterion;
	h.target_type = T->target_type;
	h.n_train = T->n;
	h.n_skipped = T->skipped;
	h.oob_score = F->oob;
	/* strings first, to know their length */
	{
		int		   *name_off = palloc(sizeof(int) * T->d);
		int		   *cat_off = palloc(sizeof(int) * (ncats + 1));
		int		   *cls_off = palloc(sizeof(int) * T->k);
		int			ci = 0;

		for (int f = 0; f < T->d; f++)
		{
			name_off[f] = s.len;
			appendBinaryStringInfo(&s, T->fname[f], strlen(T->fname[f]) + 1);
			if (T->ftype[f] == TM_CATEGORY)
				for (int c = 0; c < T->cats[f].n; c++)
				{
					cat_off[ci++] = s.len;
					appendBinaryStringInfo(&s, T->cats[f].names[c], strlen(T->cats[f].names[c]) + 1);
				}
		}
		for (int c = 0; c < T->k; c++)
		{
			cls_off[c] = s.len;
			appendBinaryStringInfo(&s, T->cls[c], strlen(T->cls[c]) + 1);
		}
		h.strings_len = s.len;
		sz = tm_layout(&h, NULL);
		if (sz < 0 || sz > (int64) MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("the model is too large for a %s value", TYPNAME),
					 errdetail("%d trees of %d nodes in all.", F->n_trees, total_nodes),
					 errhint("Use fewer trees, a smaller max_depth or a larger min_samples_leaf.")));
		m = palloc0(sz);
		memcpy(m, &h, sizeof(h));
		SET_VARSIZE(m, sz);
		tm_layout(m, &v);
		ci = 0;
		for (int f = 0; f < T->d; f++)
		{
			v.feat[f].type = T->ftype[f];
			v.feat[f].name_off = name_off[f];
			if (T->ftype[f] == TM_CATEGORY)
			{
				v.feat[f].n_cats = T->cats[f].n;
				v.feat[f].cat_start = ci;
				ci += T->cats[f].n;
			}
		}
		memcpy(v.cat_off, cat_off, sizeof(int) * ncats);
		memcpy(v.class_off, cls_off, sizeof(int) * T->k);
		memcpy(v.str, s.data, s.len);
	}
	for (int t = 0; t < F->n_trees; t++)
	{
		BNode	   *nodes = F->trees[t];
		int			nn = F->n_nodes[t];
		int			next = node_base;

		remap = palloc(sizeof(int) * nn);
		for (int j = 0; j < nn; j++)
			remap[j] = nodes[j].depth >= 0 ? next++ : -1;
		v.root[t] = node_base;
		for (int j = 0; j < nn; j++)
		{
			BNode	   *b = &nodes[j];
			TmNode	   *o;
			double		tot = 0;

			if (remap[j] < 0)
				continue;
			o = &v.node[remap[j]];
			o->feature = b->feature;
			o->n = b->n;
			o->depth = b->depth;
			o->catword = -1;
			for (int c = 0; c < T->k; c++)
				tot += b->value[c];
			for (int c = 0; c < T->k; c++)
				v.prob[(Size) remap[j] * T->k + c] = tot > 0 ? b->value[c] / tot : 1.0 / T->k;
			if (b->feature < 0)
			{
				o->left = o->right = -1;
				continue;
			}
			o->left = remap[b->left];
			o->right = remap[b->right];
			o->missing_left = b->missing_left ? 1 : 0;
			if (T->ftype[b->feature] == TM_CATEGORY)
			{
				int			words = (T->cats[b->feature].n + 63) / 64;

				o->catword = word_base;
				memcpy(v.catword + word_base, b->set, sizeof(uint64) * words);
				word_base += words;
				o->threshold = 0;
			}
			else
				o->threshold = b->threshold;
		}
		node_base = next;
		pfree(remap);
	}
	memcpy(v.imp, F->imp, sizeof(double) * 2 * T->d);
	return m;
}

static Params
read_params(FunctionCallInfo fcinfo, int base, const char *fn pg_attribute_unused())
{
	/* args from base: criterion, max_depth, min_samples_split, min_samples_leaf, class_weight, ccp_alpha */
	Params		P;
	char	   *crit;

	memset(&P, 0, sizeof(P));
	if (PG_ARGISNULL(base))
		pmkt_invalid_arg("criterion", "Got NULL.");
	crit = text_to_cstring(PG_GETARG_TEXT_PP(base));
	if (strcmp(crit, "gini") == 0)
		P.criterion = 0;
	else if (strcmp(crit, "entropy") == 0)
		P.criterion = 1;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"criterion\""),
				 errdetail("Got \"%s\".", crit),
				 errhint("Use 'gini' or 'entropy'.")));
	P.max_depth = 0;
	if (!PG_ARGISNULL(base + 1))
	{
		int32		md = PG_GETARG_INT32(base + 1);

		if (md < 1 || md > TM_MAX_DEPTH)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for argument \"max_depth\""),
					 errdetail("Got %d.", md),
					 errhint("Use 1 to %d, or NULL for no limit (then %d).", TM_MAX_DEPTH, TM_MAX_DEPTH)));
		P.max_depth = md;
	}
	if (PG_ARGISNULL(base + 2) || PG_GETARG_INT32(base + 2) < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"min_samples_split\""),
				 errdetail("Got %s.", PG_ARGISNULL(base + 2) ? "NULL" : psprintf("%d", PG_GETARG_INT32(base + 2))),
				 errhint("Use 2 or more.")));
	P.min_split = PG_GETARG_INT32(base + 2);
	if (PG_ARGISNULL(base + 3) || PG_GETARG_INT32(base + 3) < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"min_samples_leaf\""),
				 errdetail("Got %s.", PG_ARGISNULL(base + 3) ? "NULL" : psprintf("%d", PG_GETARG_INT32(base + 3))),
				 errhint("Use 1 or more.")));
	P.min_leaf = PG_GETARG_INT32(base + 3);
	if (!PG_ARGISNULL(base + 4))
	{
		char	   *cw = text_to_cstring(PG_GETARG_TEXT_PP(base + 4));

		if (strcmp(cw, "balanced") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for argument \"class_weight\""),
					 errdetail("Got \"%s\".", cw),
					 errhint("Use 'balanced' or NULL (all classes weigh 1).")));
		P.balanced = true;
	}
	if (PG_ARGISNULL(base + 5) || !isfinite(PG_GETARG_FLOAT8(base + 5)) || PG_GETARG_FLOAT8(base + 5) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"ccp_alpha\""),
				 errdetail("Got %s.", PG_ARGISNULL(base + 5) ? "NULL" : psprintf("%g", PG_GETARG_FLOAT8(base + 5))),
				 errhint("Use 0 (no pruning) or a small positive number, e.g. 0.001.")));
	P.ccp_alpha = PG_GETARG_FLOAT8(base + 5);
	return P;
}

static void
set_class_weights(TrainData *T, bool balanced)
{
	double	   *cnt = palloc0(sizeof(double) * T->k);

	T->cw = palloc(sizeof(double) * T->k);
	for (int i = 0; i < T->n; i++)
		cnt[T->y[i]]++;
	for (int c = 0; c < T->k; c++)
		T->cw[c] = balanced ? (double) T->n / (T->k * cnt[c]) : 1.0;
}

static void
grow_tree(Builder *B, TrainData *T, const Params *P, int *cnt, PmktRng *rng)
{
	int		   *idx;
	int			m = 0;

	B->T = T;
	B->P = P;
	B->rng = rng;
	B->cnt = cnt;
	B->cap = 64;
	B->n_nodes = 0;
	B->nodes = palloc(sizeof(BNode) * B->cap);
	idx = palloc_extended(sizeof(int) * (Size) T->n, MCXT_ALLOC_HUGE);
	for (int i = 0; i < T->n; i++)
		if (!cnt || cnt[i] > 0)
			idx[m++] = i;
	B->total_w = 0;
	for (int j = 0; j < m; j++)
		B->total_w += (cnt ? cnt[idx[j]] : 1) * T->cw[T->y[idx[j]]];
	new_node(B);
	build(B, 0, idx, 0, m, 0);
	if (P->ccp_alpha > 0)
		prune(B, 0);
	pfree(idx);
}

static void
builder_scratch(Builder *B, TrainData *T)
{
	B->feats = palloc(sizeof(int) * T->d);
	B->sv = palloc_extended(sizeof(VI) * (Size) T->n, MCXT_ALLOC_HUGE);
	B->lw = palloc(sizeof(double) * T->k);
	B->rw = palloc(sizeof(double) * T->k);
}

static void
normalize_imp(double *imp, int d)
{
	double		s = 0;

	for (int f = 0; f < d; f++)
		s += imp[f];
	for (int f = 0; f < d; f++)
		imp[f] = s > 0 ? imp[f] / s : 0;
}

/* splitter => 'hist' (true) or 'exact' */
static bool
read_splitter(FunctionCallInfo fcinfo, int argno)
{
	char	   *sp;

	if (PG_NARGS() <= argno)
		return false;
	if (PG_ARGISNULL(argno))
		pmkt_invalid_arg("splitter", "Got NULL.");
	sp = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	if (strcmp(sp, "hist") == 0)
		return true;
	if (strcmp(sp, "exact") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"splitter\""),
				 errdetail("Got \"%s\".", sp),
				 errhint("Use 'hist' (features in at most 255 bins, the default) or 'exact' (every midpoint).")));
	return false;
}

/*
 * the histogram search needs every category in a uint8 bin, and a node's
 * histograms (every feature, 256 bins, k + 1 sums) small beside the memory
 * budget: a few are alive at once per thread (more for a deep single tree)
 */
static bool
hist_possible(const TrainData *T)
{
	double		node_hist = (double) T->d * HB_STRIDE * (T->k + 1) * sizeof(double);

	if (node_hist * 16 > (double) PMKT_TRAIN_BUDGET_BYTES || node_hist > 64.0 * 1024 * 1024)
		return false;
	for (int f = 0; f < T->d; f++)
		if (T->ftype[f] == TM_CATEGORY && T->cats[f].n > HB_MAX_BINS)
			return false;
	return true;
}

static void
hist_data(HData *H, TrainData *T)
{
	memset(H, 0, sizeof(*H));
	H->n = T->n;
	H->d = T->d;
	H->k = T->k;
	H->y = T->y;
	H->cw = T->cw;
	H->ftype = T->ftype;
	H->X = T->X;
	hist_bin(H, T->X);
	for (int f = 0; f < T->d; f++)
		if (T->ftype[f] == TM_CATEGORY)
			H->nbins[f] = T->cats[f].n;
}

static HParams
hist_params(const Params *P, int k, int64 draws, uint64 seed)
{
	HParams		HP;

	memset(&HP, 0, sizeof(HP));
	HP.criterion = P->criterion;
	HP.max_depth = P->max_depth;
	HP.max_depth_cap = TM_MAX_DEPTH;
	HP.min_split = P->min_split;
	HP.min_leaf = P->min_leaf;
	HP.max_features = P->max_features;
	HP.draws = draws;
	HP.seed = seed;
	HP.node_bytes = sizeof(BNode) + sizeof(double) * k + 64;
	HP.budget = (double) PMKT_TRAIN_BUDGET_BYTES;
	return HP;
}

/* a grown histogram tree as the builder's nodes (prune, importance, serialize) */
static void
hist_to_builder(Builder *B, TrainData *T, const Params *P, const HTreeOut *o)
{
	int			k = T->k;

	B->T = T;
	B->P = P;
	B->n_nodes = o->n_nodes;
	B->cap = Max(o->n_nodes, 1);
	B->nodes = palloc_extended(sizeof(BNode) * (Size) B->cap, MCXT_ALLOC_HUGE);
	for (int j = 0; j < o->n_nodes; j++)
	{
		const HNode *h = &o->nodes[j];
		BNode	   *b = &B->nodes[j];

		b->feature = h->feature;
		b->threshold = h->threshold;
		b->left = h->left;
		b->right = h->right;
		b->missing_left = h->missing_left != 0;
		b->depth = h->depth;
		b->n = h->n;
		b->w = h->w;
		b->impurity = h->impurity;
		b->value = palloc(sizeof(double) * k);
		memcpy(b->value, o->values + (Size) j * k, sizeof(double) * k);
		b->set = NULL;
		if (h->feature >= 0 && T->ftype[h->feature] == TM_CATEGORY)
		{
			int			words = (T->cats[h->feature].n + 63) / 64;

			b->set = palloc0(sizeof(uint64) * Max(words, 1));
			memcpy(b->set, h->set, sizeof(uint64) * Min(words, 4));
		}
	}
	B->total_w = o->n_nodes > 0 ? o->nodes[0].w : 0;
}

static void budget_error(double used) pg_attribute_noreturn();

/* raise the error a histogram tree ended with (after freeing them all) */
static void
hist_check(HTreeOut *out, int count, double used)
{
	int			st = HT_OK;

	for (int t = 0; t < count; t++)
		if (out[t].status != HT_OK && (st == HT_OK || out[t].status < st))
			st = out[t].status;
	if (st == HT_OK || st == HT_CANCELLED)
		return;
	for (int t = 0; t < count; t++)
		hist_free_out(&out[t]);
	if (st == HT_NOMEM)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while growing the trees"),
				 errhint("Train on a seeded sample, or use fewer rows or features.")));
	budget_error(used);
}

static void
budget_error(double used)
{
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("the trees exceed pmkt.max_train_memory"),
			 errdetail("pmkt.max_train_memory is %d kB; the nodes grown so far take more than %.0f kB.",
					   pmkt_max_train_memory_kb, used / 1024),
			 errhint("Limit the trees with max_depth or min_samples_leaf, use fewer trees, or raise pmkt.max_train_memory.")));
}

/*
 * grow trees first..first+count-1 in threads; a cancel seen by a thread is
 * raised here (if the backend does not raise it, the trees are grown again
 * without watching for it)
 */
static void
hist_round(const HData *H, const HParams *HP, int first, int count, int nthreads,
		   double used, HTreeOut *out)
{
	bool		cancelled = false;

	hist_grow_trees(H, HP, first, count, nthreads, true, used, out);
	for (int t = 0; t < count; t++)
		cancelled |= (out[t].status == HT_CANCELLED);
	if (cancelled)
	{
		for (int t = 0; t < count; t++)
			hist_free_out(&out[t]);
		CHECK_FOR_INTERRUPTS();
		hist_grow_trees(H, HP, first, count, nthreads, false, used, out);
	}
	hist_check(out, count, used);
}

static int
hist_threads(void)
{
	return Min(8, 1 + Max(max_parallel_workers_per_gather, 0));
}

typedef struct ForestAcc
{
	TrainData  *T;
	Forest	   *F;
	PmktRng    *rng;
	bool		perm;
	int			n_trees;
	double	   *tmpimp;
	int		   *oobrows;
	double	   *permx;
	double	   *oobp;
	int		   *oobn;
	double	   *permimp;
	int		   *perm_trees;
} ForestAcc;

/* a grown tree joins the forest: importances, out-of-bag votes and permutation importance */
static void
forest_add_tree(ForestAcc *A, Builder *B, int t, const int *cnt, const HTreeOut *o)
{
	TrainData  *T = A->T;
	Forest	   *F = A->F;
	int			noob = 0;
	double		base = 0;

	if (o && o->leaf)
	{
		/* the threads walked the out-of-bag rows: add their votes in row order */
		tree_importance(B, B->imp, T->d);
		F->trees[t] = B->nodes;
		F->n_nodes[t] = B->n_nodes;
		memcpy(A->tmpimp, B->imp, sizeof(double) * T->d);
		normalize_imp(A->tmpimp, T->d);
		for (int f = 0; f < T->d; f++)
			F->imp[f] += A->tmpimp[f] / A->n_trees;
		for (int i = 0; i < T->n; i++)
		{
			const double *val;
			double		tot = 0;

			if (o->leaf[i] < 0)
				continue;
			if (o->leaf[i] >= B->n_nodes)
				elog(ERROR, "pmkt.forest_train: out-of-bag leaf out of range");
			val = B->nodes[o->leaf[i]].value;
			for (int c = 0; c < T->k; c++)
				tot += val[c];
			for (int c = 0; c < T->k; c++)
				A->oobp[(Size) i * T->k + c] += tot > 0 ? val[c] / tot : 0;
			A->oobn[i]++;
		}
		if (A->perm && o->noob > 1 && o->perm_ok)
			for (int f = 0; f < T->d; f++)
			{
				A->permimp[f] += (o->base - o->perm_ok[f]) / o->noob;
				A->perm_trees[f]++;
			}
		return;
	}

	tree_importance(B, B->imp, T->d);
	F->trees[t] = B->nodes;
	F->n_nodes[t] = B->n_nodes;
	memcpy(A->tmpimp, B->imp, sizeof(double) * T->d);
	normalize_imp(A->tmpimp, T->d);
	for (int f = 0; f < T->d; f++)
		F->imp[f] += A->tmpimp[f] / A->n_trees;
	/* out-of-bag votes */
	for (int i = 0; i < T->n; i++)
	{
		const double *val;
		double		tot = 0;

		if (cnt[i] > 0)
			continue;
		A->oobrows[noob++] = i;
		val = bwalk(B->nodes, T, i, -1, 0);
		for (int c = 0; c < T->k; c++)
			tot += val[c];
		for (int c = 0; c < T->k; c++)
			A->oobp[(Size) i * T->k + c] += tot > 0 ? val[c] / tot : 0;
		A->oobn[i]++;
		if (argmax_norm(val, T->k) == T->y[i])
			base++;
	}
	/* permutation importance on this tree's out-of-bag rows (Breiman 2001) */
	if (A->perm && noob > 1)
	{
		for (int f = 0; f < T->d; f++)
		{
			double		ok = 0;

			CHECK_FOR_INTERRUPTS();
			for (int j = 0; j < noob; j++)
				A->permx[j] = T->X[(Size) f * T->n + A->oobrows[j]];
			for (int j = noob - 1; j > 0; j--)
			{
				int			r = (int) pmkt_rng_below(A->rng, j + 1);
				double		tmp = A->permx[j];

				A->permx[j] = A->permx[r];
				A->permx[r] = tmp;
			}
			for (int j = 0; j < noob; j++)
				if (argmax_norm(bwalk(B->nodes, T, A->oobrows[j], f, A->permx[j]), T->k) == T->y[A->oobrows[j]])
					ok++;
			A->permimp[f] += (base - ok) / noob;
			A->perm_trees[f]++;
		}
	}
}

/* the forest by histogram search, trees in threads; false: not possible */
static bool
forest_hist(TrainData *T, const Params *P, Builder *B, ForestAcc *A, int draws, uint64 seed)
{
	HData		H;
	HParams		HP;
	int			nthreads = hist_threads();
	HTreeOut   *out;
	volatile double used = 0;

	if (!hist_possible(T))
		return false;
	hist_data(&H, T);
	HP = hist_params(P, T->k, draws, seed);
	/* out-of-bag votes and permutation importance in the threads, unless
	 * pruning changes the leaves afterwards */
	HP.oob = (P->ccp_alpha == 0);
	HP.perm = HP.oob && A->perm;
	out = palloc0(sizeof(HTreeOut) * nthreads);
	for (int t0 = 0; t0 < A->n_trees; t0 += nthreads)
	{
		int			count = Min(nthreads, A->n_trees - t0);

		CHECK_FOR_INTERRUPTS();
		hist_round(&H, &HP, t0, count, nthreads, used, out);
		PG_TRY();
		{
			for (int t = 0; t < count; t++)
			{
				used += out[t].n_nodes * HP.node_bytes;
				hist_to_builder(B, T, P, &out[t]);
				free(out[t].nodes);
				free(out[t].values);
				out[t].nodes = NULL;
				out[t].values = NULL;
				if (P->ccp_alpha > 0)
					prune(B, 0);
				forest_add_tree(A, B, t0 + t, out[t].cnt, &out[t]);
				hist_free_out(&out[t]);
			}
		}
		PG_CATCH();
		{
			for (int t = 0; t < count; t++)
				hist_free_out(&out[t]);
			PG_RE_THROW();
		}
		PG_END_TRY();
		if (used > (double) PMKT_TRAIN_BUDGET_BYTES)
			budget_error(used);
	}
	return true;
}

PG_FUNCTION_INFO_V1(pmkt_tree_train);
/*
 * pmkt_tree_train(query, target, criterion, max_depth, min_samples_split,
 *                 min_samples_leaf, class_weight, ccp_alpha)
 */
Datum
pmkt_tree_train(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.tree_train";
	TrainData	T;
	Params		P;
	Builder		B;
	Forest		F;
	int			nn;
	bool		hist;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: arguments \"query\" and \"target\" must not be NULL", fn)));
	P = read_params(fcinfo, 2, fn);
	hist = read_splitter(fcinfo, 8);
	memset(&T, 0, sizeof(T));
	pmkt_cls_load_training(text_to_cstring(PG_GETARG_TEXT_PP(0)), text_to_cstring(PG_GETARG_TEXT_PP(1)), &T, fn);
	set_class_weights(&T, P.balanced);
	P.max_features = T.d;
	memset(&B, 0, sizeof(B));
	B.imp = palloc0(sizeof(double) * T.d);
	if (hist && hist_possible(&T))
	{
		HData		H;
		HParams		HP;
		HTreeOut	o;

		hist_data(&H, &T);
		HP = hist_params(&P, T.k, 0, 0);
		hist_round(&H, &HP, 0, 1, 1, 0, &o);
		PG_TRY();
		{
			hist_to_builder(&B, &T, &P, &o);
		}
		PG_CATCH();
		{
			hist_free_out(&o);
			PG_RE_THROW();
		}
		PG_END_TRY();
		hist_free_out(&o);
		if (P.ccp_alpha > 0)
			prune(&B, 0);
	}
	else
	{
		builder_scratch(&B, &T);
		grow_tree(&B, &T, &P, NULL, NULL);
	}
	tree_importance(&B, B.imp, T.d);
	memset(&F, 0, sizeof(F));
	F.n_trees = 1;
	nn = B.n_nodes;
	F.trees = &B.nodes;
	F.n_nodes = &nn;
	F.oob = get_float8_nan();
	F.imp = palloc(sizeof(double) * 2 * T.d);
	/* impurity importance, normalized to sum 1 */
	for (int f = 0; f < T.d; f++)
	{
		F.imp[f] = B.imp[f];
		F.imp[T.d + f] = get_float8_nan();
	}
	normalize_imp(F.imp, T.d);
	PG_RETURN_POINTER(serialize(&T, &F, P.criterion));
}

PG_FUNCTION_INFO_V1(pmkt_forest_train);
/*
 * pmkt_forest_train(query, target, n_trees, max_features, bootstrap_fraction,
 *                   seed, criterion, max_depth, min_samples_split,
 *                   min_samples_leaf, class_weight, ccp_alpha,
 *                   permutation_importance)
 */
Datum
pmkt_forest_train(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.forest_train";
	TrainData	T;
	Params		P;
	Forest		F;
	int32		n_trees;
	double		frac;
	char	   *mf;
	PmktRng		rng;
	int		   *cnt;
	double	   *oobp;
	int		   *oobn;
	bool		perm,
				hist;
	double	   *permimp;
	int		   *perm_trees;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: arguments \"query\" and \"target\" must not be NULL", fn)));
	if (PG_ARGISNULL(2) || PG_GETARG_INT32(2) < 1 || PG_GETARG_INT32(2) > TM_MAX_TREES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"n_trees\""),
				 errdetail("Got %s.", PG_ARGISNULL(2) ? "NULL" : psprintf("%d", PG_GETARG_INT32(2))),
				 errhint("Use 1 to %d trees, e.g. 100.", TM_MAX_TREES)));
	n_trees = PG_GETARG_INT32(2);
	if (PG_ARGISNULL(3))
		pmkt_invalid_arg("max_features", "Got NULL.");
	mf = text_to_cstring(PG_GETARG_TEXT_PP(3));
	if (PG_ARGISNULL(4) || !(PG_GETARG_FLOAT8(4) > 0 && PG_GETARG_FLOAT8(4) <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"bootstrap_fraction\""),
				 errdetail("Got %s.", PG_ARGISNULL(4) ? "NULL" : psprintf("%g", PG_GETARG_FLOAT8(4))),
				 errhint("Use a fraction in (0, 1]: each tree draws that share of the rows, with replacement.")));
	frac = PG_GETARG_FLOAT8(4);
	if (PG_ARGISNULL(5))
		pmkt_invalid_arg("seed", "Got NULL.");
	pmkt_rng_seed(&rng, (uint64) (uint32) PG_GETARG_INT32(5) + UINT64CONST(0x5EED));
	P = read_params(fcinfo, 6, fn);
	perm = !PG_ARGISNULL(12) && PG_GETARG_BOOL(12);
	hist = read_splitter(fcinfo, 13);
	memset(&T, 0, sizeof(T));
	pmkt_cls_load_training(text_to_cstring(PG_GETARG_TEXT_PP(0)), text_to_cstring(PG_GETARG_TEXT_PP(1)), &T, fn);
	set_class_weights(&T, P.balanced);
	if (strcmp(mf, "sqrt") == 0)
		P.max_features = Max(1, (int) floor(sqrt((double) T.d)));
	else if (strcmp(mf, "log2") == 0)
		P.max_features = Max(1, (int) floor(log2((double) T.d)));
	else if (strcmp(mf, "all") == 0)
		P.max_features = T.d;
	else
	{
		char	   *end;
		long		v = strtol(mf, &end, 10);

		if (*mf == '\0' || *end != '\0' || v < 1 || v > T.d)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for argument \"max_features\""),
					 errdetail("Got \"%s\"; the query has %d features.", mf, T.d),
					 errhint("Use 'sqrt', 'log2', 'all' or a count from 1 to %d.", T.d)));
		P.max_features = (int) v;
	}
	memset(&F, 0, sizeof(F));
	F.n_trees = n_trees;
	F.trees = palloc(sizeof(BNode *) * n_trees);
	F.n_nodes = palloc(sizeof(int) * n_trees);
	F.imp = palloc0(sizeof(double) * 2 * T.d);
	cnt = palloc_extended(sizeof(int) * (Size) T.n, MCXT_ALLOC_HUGE);
	oobp = palloc_extended(sizeof(double) * (Size) T.n * T.k, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	oobn = palloc_extended(sizeof(int) * (Size) T.n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	permimp = palloc0(sizeof(double) * T.d);
	perm_trees = palloc0(sizeof(int) * T.d);
	{
		Builder		B;
		int			draws = Max(1, (int) floor(frac * T.n));
		ForestAcc	A;

		memset(&A, 0, sizeof(A));
		A.T = &T;
		A.F = &F;
		A.rng = &rng;
		A.perm = perm;
		A.n_trees = n_trees;
		A.tmpimp = palloc(sizeof(double) * T.d);
		A.oobrows = palloc_extended(sizeof(int) * (Size) T.n, MCXT_ALLOC_HUGE);
		A.permx = palloc_extended(sizeof(double) * (Size) T.n, MCXT_ALLOC_HUGE);
		A.oobp = oobp;
		A.oobn = oobn;
		A.permimp = permimp;
		A.perm_trees = perm_trees;
		memset(&B, 0, sizeof(B));
		B.imp = palloc(sizeof(double) * T.d);
		if (hist && forest_hist(&T, &P, &B, &A, draws, (uint64) (uint32) PG_GETARG_INT32(5) + UINT64CONST(0x5EED)))
			;
		else
		{
			builder_scratch(&B, &T);
			for (int t = 0; t < n_trees; t++)
			{
				CHECK_FOR_INTERRUPTS();
				memset(cnt, 0, sizeof(int) * T.n);
				for (int j = 0; j < draws; j++)
					cnt[pmkt_rng_below(&rng, T.n)]++;
				grow_tree(&B, &T, &P, cnt, &rng);
				forest_add_tree(&A, &B, t, cnt, NULL);
			}
		}
	}
	{
		double		correct = 0;
		int			counted = 0;

		for (int i = 0; i < T.n; i++)
			if (oobn[i] > 0)
			{
				counted++;
				if (argmax_norm(oobp + (Size) i * T.k, T.k) == T.y[i])
					correct++;
			}
		F.oob = counted > 0 ? correct / counted : get_float8_nan();
	}
	for (int f = 0; f < T.d; f++)
		F.imp[T.d + f] = (perm && perm_trees[f] > 0) ? permimp[f] / perm_trees[f] : get_float8_nan();
	PG_RETURN_POINTER(serialize(&T, &F, P.criterion));
}

/* ====================================================================
 * I/O: text is the hex of the bytes after the length word; both
 * directions validate everything
 * ==================================================================== */

PG_FUNCTION_INFO_V1(pmkt_treemodel_in);
Datum
pmkt_treemodel_in(PG_FUNCTION_ARGS)
{
	TmHeader   *m = (TmHeader *) pmkt_flat_hex_in(PG_GETARG_CSTRING(0),
												 sizeof(TmHeader) - VARHDRSZ, TYPNAME, "model");
	TmView		v;

	tm_view(m, &v, true, "input");
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(pmkt_treemodel_out);
Datum
pmkt_treemodel_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pmkt_flat_hex_out(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

PG_FUNCTION_INFO_V1(pmkt_treemodel_recv);
Datum
pmkt_treemodel_recv(PG_FUNCTION_ARGS)
{
	TmHeader   *m = (TmHeader *) pmkt_flat_recv((StringInfo) PG_GETARG_POINTER(0),
											  sizeof(TmHeader) - VARHDRSZ, TYPNAME);
	TmView		v;

	tm_view(m, &v, true, "input");
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(pmkt_treemodel_send);
Datum
pmkt_treemodel_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(pmkt_flat_send(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

/* ====================================================================
 * scoring a row matched by names
 * ==================================================================== */

typedef struct PredCache
{
	Oid			tuptype;
	int32		tuptypmod;
	TupleDesc	td;				/* copy of the row type's descriptor */
	Datum	   *values;			/* deformed row */
	bool	   *isnull;
	int		   *attno;			/* per feature, 0-based */
	Oid		   *atttype;
	int		  **catlen;			/* per categorical feature: lengths and */
	const char ***catstr;		/* strings of its categories (in the model) */
	int16	  **cathash;		/* per categorical feature: open addressing */
	uint32	   *hashmask;		/* table of category index + 1, size mask */
	uint64	  **catkey;			/* per categorical feature: the categories of
								 * at most 7 bytes by short_key (0: empty), */
	int16	  **catkidx;		/* their indexes, open addressing (hashmask) */
	uint8	   *kind;			/* per feature: how to read its datum (PK_*) */
	double	   *x;				/* the row's features */
	uint64	   *xs;				/* the row for the fast walk (2 slots a feature) */
	double	   *p;				/* class probabilities */
} PredCache;

/* how a feature's datum becomes a number (PredCache.kind) */
#define PK_FLOAT8 0
#define PK_FLOAT4 1
#define PK_INT2 2
#define PK_INT4 3
#define PK_INT8 4
#define PK_BOOL 5
#define PK_OTHER 6				/* numeric: pmkt_cls_datum_number */
#define PK_TEXT 7				/* text-like category: bytes in place */
#define PK_CATOUT 8				/* other category type: output function */

/*
 * The trees as a compact walk array, built once per model and query: 16
 * bytes a node, the two children of a node side by side (left, then right),
 * every index and category set checked when it is built, so the walk of
 * each row needs no check.
 */
#define WN_LEAF (-1)
#define WN_CAT 0x20000000
#define WN_MISSING_LEFT 0x40000000
#define WN_FEAT 0x0FFFFFFF

typedef struct WNode
{
	double		thr;			/* numeric: x <= thr goes left; category: first catword */
	int32		feat;			/* WN_LEAF, or feature | WN_CAT | WN_MISSING_LEFT */
	int32		next;			/* left child (right = next + 1); leaf: model node */
} WNode;

typedef struct Walker
{
	WNode	   *w;
	int32	   *root;
} Walker;

/*
 * The fast walk (models whose categorical features have at most 63
 * categories and whose thresholds are finite, the usual case): every node
 * is 16 bytes, one 64-bit word, a row slot and the left child (the right
 * one is next + 1), and every step is the same integer test, branch-free:
 *
 *     right = (row[slot] & mask) > thr
 *
 * A number is kept as an order-preserving unsigned key (its IEEE bits, the
 * sign bit flipped for a positive number, all bits for a negative one,
 * -0 as +0: key(x) > key(t) exactly when x > t), so a numeric node has
 * mask all ones and thr = key(threshold); a NULL number reads 0 in the
 * row's first slot of the feature (read by nodes that send NULL left: 0 >
 * thr never) and all ones in its second (the others: always right).  A
 * category is its bit (1 << index), NULL / unseen bit 63, in the feature's
 * own slot, and a categorical node has thr = 0 and mask = the set going
 * right (bit 63 in it when NULL goes right): right when the row's bit is
 * in it.  The node holds only one word: the slot says which it is (the
 * categories' slots come after the numbers'), and the word is the mask of
 * a categorical node or the thr of a numeric one.  Leaves read a slot
 * holding 0 as a number (0 > thr never: they go "left" to themselves), so
 * the trees of a group are all walked as many steps as the deepest of
 * them, without a test, and the leaf's word is free: it holds the leaf's probability of the class asked for
 * (rewritten when another class is asked for), read from the node the walk
 * has just loaded.  The trees of a forest are walked in groups of FW_GROUP
 * side by side (independent chains of loads that the processor overlaps);
 * each tree's nodes are in breadth-first order (the two children of a node
 * side by side), so the top levels that every row visits share a few cache
 * lines; the leaves' class probabilities are kept per slot (lprob).  Same
 * decisions as the checked walk (model_walk): NULL / unseen to the node's
 * missing side, x <= threshold left, category in the set left
 * (classify/predict_cache compares them).
 */
#define FW_GROUP 32
#define FW_MISSING_BIT (UINT64CONST(1) << 63)

typedef struct FNode
{
	uint64		word;			/* numeric: key(threshold); categorical: the
								 * set going right; leaf: its value (bits) */
	uint32		slot;			/* row slot: numbers 0 .. 2d - 1, the leaves'
								 * 2d, categories 2d + 1 + feature */
	uint32		next;			/* left child (right = next + 1); leaf: itself */
} FNode;

/* the order-preserving unsigned key of a finite or infinite double */
static inline uint64
fw_key(double x)
{
	uint64		b;

	if (x == 0)
		x = 0;					/* -0 as +0: they compare equal */
	memcpy(&b, &x, sizeof(double));
	return b ^ ((uint64) ((int64) b >> 63) | (UINT64CONST(1) << 63));
}

typedef struct FastWalk
{
	FNode	   *w;
	int32	   *root;			/* per tree, its first slot */
	int32	   *gdepth;			/* per group of FW_GROUP trees: the deepest */
	double	   *lprob;			/* per slot of a leaf: its class probabilities */
	uint32		leafslot;		/* the leaves' row slot (0), 2d */
	int32		nslots;			/* slots of w used */
	bool	   *catskip;		/* per feature: a category no node reads */
	int			lval_want;		/* the class whose probability the leaves'
								 * thresholds hold (-1: none yet) */
} FastWalk;

/*
 * The models of the last calls, kept for the query: a model read from a
 * table is usually an on-disk TOAST value (compressed, megabytes for a
 * forest), and detoasting it again on every row would dominate scoring.
 * The key is the TOAST pointer (relation, value id), which names one
 * immutable value; an inline value (compressed or not, up to 1 MB) is
 * kept with a copy of its raw bytes, compared on each call.  Up to
 * TM_CACHE_SLOTS models are kept (e.g. the rows of a table of models
 * joined to customers, which may alternate per row), each in its own
 * memory context with its validated view, walk arrays and row layout; the
 * oldest is replaced.  A model not kept (larger inline values, expanded or
 * indirect datums) is read, validated and walked with checked indices on
 * every call, in a scratch context reset each time.
 */
#define TM_INLINE_CACHE (1024 * 1024)
#define TM_CACHE_SLOTS 4

typedef struct ModelEntry
{
	MemoryContext cx;			/* NULL: empty slot */
	Oid			toastrelid;		/* on-disk TOAST value: its pointer */
	Oid			valueid;
	char	   *raw;			/* inline: the raw datum bytes */
	Size		rawsz;
	TmHeader   *model;
	TmView		view;
	Walker	   *walker;			/* built on first use */
	FastWalk   *fast;			/* built on first use, when the model allows */
	bool		fast_tried;
	bool		kept;			/* false: the scratch entry */
	struct PredCache *pred;		/* row layout of the last row type */
} ModelEntry;

typedef struct ModelCache
{
	ModelEntry	e[TM_CACHE_SLOTS + 1];	/* the last one: scratch */
	int			replace;		/* next slot to replace */
	TupleDesc	cols;			/* the columns form: its names and types */
} ModelCache;

static ModelCache *
model_cache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ModelCache));
	return (ModelCache *) fcinfo->flinfo->fn_extra;
}

/* an entry's fresh context (the old one and all it held freed) */
static void
entry_reset(FunctionCallInfo fcinfo, ModelEntry *e)
{
	if (e->cx)
		MemoryContextDelete(e->cx);
	memset(e, 0, sizeof(ModelEntry));
	e->cx = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "pmkt treemodel cache", ALLOCSET_DEFAULT_SIZES);
}

/* detoast argument 0 into the entry's context, aligned, and validate it */
static void
entry_load(FunctionCallInfo fcinfo, ModelEntry *e)
{
	MemoryContext old = MemoryContextSwitchTo(e->cx);
	TmHeader   *c = (TmHeader *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));

	if ((uintptr_t) c % MAXIMUM_ALIGNOF != 0)
	{
		TmHeader   *a = palloc(VARSIZE(c));

		memcpy(a, c, VARSIZE(c));
		c = a;
	}
	MemoryContextSwitchTo(old);
	tm_view(c, &e->view, false, "model");
	e->model = c;
}

/* the entry holding the model of argument 0 (found, loaded or scratch) */
static ModelEntry *
get_model(FunctionCallInfo fcinfo, TmView *v)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(0));
	ModelCache *mc = model_cache(fcinfo);
	bool		ondisk = VARATT_IS_EXTERNAL_ONDISK(raw);
	struct varatt_external ptr;
	Size		sz = 0;
	ModelEntry *e;

	if (ondisk)
	{
		VARATT_EXTERNAL_GET_POINTER(ptr, raw);
		for (int i = 0; i < TM_CACHE_SLOTS; i++)
		{
			e = &mc->e[i];
			if (e->model && e->raw == NULL &&
				e->toastrelid == ptr.va_toastrelid && e->valueid == ptr.va_valueid)
			{
				*v = e->view;
				return e;
			}
		}
	}
	else if (!VARATT_IS_EXTERNAL(raw) && VARSIZE_ANY(raw) <= TM_INLINE_CACHE)
	{
		sz = VARSIZE_ANY(raw);
		for (int i = 0; i < TM_CACHE_SLOTS; i++)
		{
			e = &mc->e[i];
			if (e->model && e->raw != NULL && e->rawsz == sz && memcmp(e->raw, raw, sz) == 0)
			{
				*v = e->view;
				return e;
			}
		}
	}
	else
	{
		/* not kept: read and validate on every call */
		e = &mc->e[TM_CACHE_SLOTS];
		entry_reset(fcinfo, e);
		entry_load(fcinfo, e);
		*v = e->view;
		return e;
	}
	e = &mc->e[mc->replace];
	mc->replace = (mc->replace + 1) % TM_CACHE_SLOTS;
	entry_reset(fcinfo, e);
	entry_load(fcinfo, e);		/* a failure leaves the entry without a model */
	e->kept = true;
	if (ondisk)
	{
		e->toastrelid = ptr.va_toastrelid;
		e->valueid = ptr.va_valueid;
	}
	else
	{
		e->raw = MemoryContextAlloc(e->cx, sz);
		memcpy(e->raw, raw, sz);
		e->rawsz = sz;
	}
	*v = e->view;
	return e;
}

/* FNV-1a of a category's bytes, for the per-feature hash tables */
static inline uint32
cat_hash(const char *s, int len)
{
	uint32		h = 2166136261u;

	for (int i = 0; i < len; i++)
		h = (h ^ (uint8) s[i]) * 16777619u;
	return h;
}

/*
 * a label of at most 7 bytes as one word: its bytes, its length + 1 in the
 * top byte (never 0), so equal words are equal labels
 */
static inline uint64
short_key(const char *s, int len)
{
	uint64		key = (uint64) (len + 1) << 56;

	for (int i = 0; i < len; i++)
		key |= (uint64) (uint8) s[i] << (8 * i);
	return key;
}

static inline uint32
short_hash(uint64 key)
{
	return (uint32) ((key * UINT64CONST(0x9E3779B97F4A7C15)) >> 40);
}

/*
 * the row layout of the model for a row type (tt, tm), or, for the columns
 * form (cols != NULL), for the call site's column names and types (built
 * once: a call site has one list): the features matched to columns by name
 */
static PredCache *
pred_cache_for(ModelEntry *e, Oid tt, int32 tm, TupleDesc cols)
{
	const TmView *v = &e->view;
	PredCache  *c = e->pred;
	MemoryContext cx = e->cx;
	TupleDesc	td;
	int			d = v->h->n_features;

	if (c && c->tuptype == tt && c->tuptypmod == tm)
		return c;
	c = MemoryContextAllocZero(cx, sizeof(PredCache));
	c->tuptype = tt;
	c->tuptypmod = tm;
	if (cols)
	{
		MemoryContext old = MemoryContextSwitchTo(cx);

		c->td = CreateTupleDescCopy(cols);
		MemoryContextSwitchTo(old);
	}
	else
	{
		MemoryContext old;

		td = lookup_rowtype_tupdesc(tt, tm);
		old = MemoryContextSwitchTo(cx);
		c->td = CreateTupleDescCopy(td);
		MemoryContextSwitchTo(old);
		ReleaseTupleDesc(td);
	}
	td = c->td;
	c->values = MemoryContextAlloc(cx, sizeof(Datum) * Max(td->natts, 1));
	c->isnull = MemoryContextAlloc(cx, sizeof(bool) * Max(td->natts, 1));
	c->attno = MemoryContextAlloc(cx, sizeof(int) * d);
	c->atttype = MemoryContextAlloc(cx, sizeof(Oid) * d);
	c->kind = MemoryContextAlloc(cx, sizeof(uint8) * d);
	c->catlen = MemoryContextAllocZero(cx, sizeof(int *) * d);
	c->catstr = MemoryContextAllocZero(cx, sizeof(const char **) * d);
	c->cathash = MemoryContextAllocZero(cx, sizeof(int16 *) * d);
	c->hashmask = MemoryContextAllocZero(cx, sizeof(uint32) * d);
	c->catkey = MemoryContextAllocZero(cx, sizeof(uint64 *) * d);
	c->catkidx = MemoryContextAllocZero(cx, sizeof(int16 *) * d);
	c->x = MemoryContextAlloc(cx, sizeof(double) * d);
	/* the fast walk's slots (see FNode): 0 at 2d, read by the leaves */
	c->xs = MemoryContextAllocZero(cx, sizeof(uint64) * (3 * d + 1));
	c->p = MemoryContextAlloc(cx, sizeof(double) * v->h->n_classes);
	for (int f = 0; f < d; f++)
	{
		const char *name = tm_str(v, v->feat[f].name_off);
		int			found = -1;

		for (int a = 0; a < td->natts; a++)
		{
			Form_pg_attribute att = TupleDescAttr(td, a);

			if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			{
				found = a;
				break;
			}
		}
		if (found < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("the row has no column \"%s\", a feature of the model", name),
					 errhint("Score rows with the columns the model was trained on, matched by name, e.g. pmkt.predict(model, t) FROM customers t.")));
		{
			Oid			at = TupleDescAttr(td, found)->atttypid;
			int			ft = pmkt_cls_feature_type(at);
			int			want = v->feat[f].type;

			if (ft < 0 || (want == TM_CATEGORY) != (ft == TM_CATEGORY))
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("column \"%s\" has type %s, but the model was trained on a %s feature", name,
								format_type_be(at),
								want == TM_CATEGORY ? "categorical (text)" : "numeric"),
						 errhint("Cast the column to the type it had at training.")));
			c->attno[f] = found;
			c->atttype[f] = at;
			switch (at)
			{
				case FLOAT8OID:
					c->kind[f] = PK_FLOAT8;
					break;
				case FLOAT4OID:
					c->kind[f] = PK_FLOAT4;
					break;
				case INT2OID:
					c->kind[f] = PK_INT2;
					break;
				case INT4OID:
					c->kind[f] = PK_INT4;
					break;
				case INT8OID:
					c->kind[f] = PK_INT8;
					break;
				case BOOLOID:
					c->kind[f] = PK_BOOL;
					break;
				case TEXTOID:
				case VARCHAROID:
				case BPCHAROID:
					c->kind[f] = PK_TEXT;
					break;
				default:
					c->kind[f] = ft == TM_CATEGORY ? PK_CATOUT : PK_OTHER;
			}
			if (want == TM_CATEGORY)
			{
				int			nc = v->feat[f].n_cats,
							start = v->feat[f].cat_start;
				uint32		size = 8;

				if (nc < 0 || nc > TM_MAX_CATS || start < 0 || (int64) start + nc > v->h->n_cats_total)
					tm_bad("model", "bad categories");
				while (size < 2 * (uint32) nc)
					size *= 2;
				c->catlen[f] = MemoryContextAlloc(cx, sizeof(int) * Max(nc, 1));
				c->catstr[f] = MemoryContextAlloc(cx, sizeof(char *) * Max(nc, 1));
				c->cathash[f] = MemoryContextAllocZero(cx, sizeof(int16) * size);
				c->catkey[f] = MemoryContextAllocZero(cx, sizeof(uint64) * size);
				c->catkidx[f] = MemoryContextAllocZero(cx, sizeof(int16) * size);
				c->hashmask[f] = size - 1;
				for (int k = 0; k < nc; k++)
				{
					uint32		hv;

					c->catstr[f][k] = tm_str(v, v->cat_off[start + k]);
					c->catlen[f][k] = strlen(c->catstr[f][k]);
					hv = cat_hash(c->catstr[f][k], c->catlen[f][k]) & (size - 1);
					while (c->cathash[f][hv] != 0)
						hv = (hv + 1) & (size - 1);
					c->cathash[f][hv] = k + 1;
					if (c->catlen[f][k] <= 7)
					{
						/* the first of equal labels wins, as cat_index's search */
						uint64		key = short_key(c->catstr[f][k], c->catlen[f][k]);

						hv = short_hash(key) & (size - 1);
						while (c->catkey[f][hv] != 0 && c->catkey[f][hv] != key)
							hv = (hv + 1) & (size - 1);
						if (c->catkey[f][hv] == 0)
						{
							c->catkey[f][hv] = key;
							c->catkidx[f][hv] = k;
						}
					}
				}
			}
		}
	}
	e->pred = c;
	return c;
}

/*
 * the category index of a label, -1 when unseen (a duplicate label in a
 * corrupt model: the first one, as a linear search)
 */
static inline int
cat_index(const PredCache *c, int f, const char *s, int len)
{
	const int16 *tab = c->cathash[f];
	uint32		m = c->hashmask[f];
	uint32		hv;
	int			best = -1;

	if (len <= 7)
	{
		/* a short label: one word compared, no bytes (the usual case) */
		const uint64 *keys = c->catkey[f];
		uint64		key = short_key(s, len);

		for (hv = short_hash(key) & m; keys[hv] != 0; hv = (hv + 1) & m)
			if (keys[hv] == key)
				return c->catkidx[f][hv];
		return -1;
	}
	hv = cat_hash(s, len) & m;
	while (tab[hv] != 0)
	{
		int			k = tab[hv] - 1;

		if (c->catlen[f][k] == len && memcmp(c->catstr[f][k], s, len) == 0 &&
			(best < 0 || k < best))
			best = k;
		hv = (hv + 1) & m;
	}
	return best;
}

/*
 * the row's features as the model sees them (from the deformed row in
 * c->values / c->isnull, or from the call's arguments args, column a at
 * args[a]), into the cache's arrays (no
 * allocation for numbers and text categories): fast = false: numbers,
 * category index, NaN for NULL / unseen (c->x); fast = true: the slots of
 * the fast walk (c->xs: the number, or the category's bit, bit 63 for NULL
 * / unseen categories, NaN for NULL numbers)
 */
static pg_attribute_always_inline void
features_from_values(ModelEntry *e, PredCache *c, bool fast, const NullableDatum *args)
{
	const TmView *v = &e->view;
	double	   *x = c->x;
	uint64	   *xs = c->xs;
	int			d = v->h->n_features;

	for (int f = 0; f < d; f++)
	{
		int			a = c->attno[f];
		Datum		dv = args ? args[a].value : c->values[a];
		double		num;

		/* the fast walk: a category no node reads is not looked up */
		if (fast && e->fast->catskip[f])
			continue;
		if (args ? args[a].isnull : c->isnull[a])
		{
			if (fast && v->feat[f].type == TM_CATEGORY)
				xs[2 * d + 1 + f] = FW_MISSING_BIT;
			else if (fast)
			{
				xs[2 * f] = 0;	/* NULL left: 0 > thr never */
				xs[2 * f + 1] = ~UINT64CONST(0);	/* right: always */
			}
			else
				x[f] = get_float8_nan();
			continue;
		}
		switch (c->kind[f])
		{
			case PK_FLOAT8:
				num = DatumGetFloat8(dv);
				if (unlikely(!isfinite(num)))
					num = pmkt_cls_datum_number(dv, c->atttype[f], tm_str(v, v->feat[f].name_off));
				break;
			case PK_FLOAT4:
				num = DatumGetFloat4(dv);
				if (unlikely(!isfinite(num)))
					num = pmkt_cls_datum_number(dv, c->atttype[f], tm_str(v, v->feat[f].name_off));
				break;
			case PK_INT2:
				num = DatumGetInt16(dv);
				break;
			case PK_INT4:
				num = DatumGetInt32(dv);
				break;
			case PK_INT8:
				num = (double) DatumGetInt64(dv);
				break;
			case PK_BOOL:
				num = DatumGetBool(dv) ? 1 : 0;
				break;
			case PK_OTHER:
				num = pmkt_cls_datum_number(dv, c->atttype[f], tm_str(v, v->feat[f].name_off));
				break;
			default:
				{
					int			k;

					if (c->kind[f] == PK_TEXT)
					{
						struct varlena *t = (struct varlena *) DatumGetPointer(dv);
						struct varlena *u = VARATT_IS_EXTENDED(t) && !VARATT_IS_SHORT(t) ?
							pg_detoast_datum_packed(t) : t;

						k = cat_index(c, f, VARDATA_ANY(u), VARSIZE_ANY_EXHDR(u));
						if (u != t)
							pfree(u);
					}
					else
					{
						char	   *s = datum_label(dv, c->atttype[f]);

						k = cat_index(c, f, s, strlen(s));
						pfree(s);
					}
					if (fast)
						xs[2 * d + 1 + f] = k >= 0 ? UINT64CONST(1) << k : FW_MISSING_BIT;
					else
						x[f] = k >= 0 ? k : get_float8_nan();	/* unseen: as NULL */
					continue;
				}
		}
		if (fast)
			xs[2 * f] = xs[2 * f + 1] = fw_key(num);
		else
			x[f] = num;
	}
}

/*
 * Where a scored row comes from: the record form's row value, or the
 * columns form (the planner's rewrite of predict(model, t) for a whole-row
 * t of a table, see pmkt_tree_predict_support): the call's arguments from
 * first on, one a column, named and typed by cols (built once per call
 * site).  Both give the features the same values: the columns are the
 * datums the row value would have held.
 */
typedef struct RowSource
{
	HeapTupleHeader row;		/* the record form, or NULL */
	FunctionCallInfo fcinfo;	/* the columns form */
	int			first;
	TupleDesc	cols;
} RowSource;

static void
row_features(ModelEntry *e, const RowSource *rs, bool fast)
{
	PredCache  *c;

	if (rs->row)
	{
		HeapTupleData tup;

		c = pred_cache_for(e, HeapTupleHeaderGetTypeId(rs->row), HeapTupleHeaderGetTypMod(rs->row), NULL);
		tup.t_len = HeapTupleHeaderGetDatumLength(rs->row);
		ItemPointerSetInvalid(&(tup.t_self));
		tup.t_tableOid = InvalidOid;
		tup.t_data = rs->row;
		heap_deform_tuple(&tup, c->td, c->values, c->isnull);
		if (fast)
			features_from_values(e, c, true, NULL);
		else
			features_from_values(e, c, false, NULL);
	}
	else
	{
		/* the columns form's layout: no row type (InvalidOid), one per call site */
		const NullableDatum *args = rs->fcinfo->args + rs->first;

		c = pred_cache_for(e, InvalidOid, -1, rs->cols);
		if (fast)
			features_from_values(e, c, true, args);
		else
			features_from_values(e, c, false, args);
	}
}

/* the walk array of a model: every link, feature and category set checked */
static Walker *
build_walker(MemoryContext cx, const TmView *v)
{
	const TmHeader *h = v->h;
	Walker	   *W = MemoryContextAlloc(cx, sizeof(Walker));
	int32	   *stack = palloc(sizeof(int32) * 2 * (h->n_nodes + 1));
	int			out = 0;

	W->w = MemoryContextAllocExtended(cx, sizeof(WNode) * (Size) h->n_nodes, MCXT_ALLOC_HUGE);
	W->root = MemoryContextAlloc(cx, sizeof(int32) * h->n_trees);
	for (int t = 0; t < h->n_trees; t++)
	{
		int			sp = 0;

		if (v->root[t] < 0 || v->root[t] >= h->n_nodes)
			tm_bad("model", "bad tree root");
		W->root[t] = out;
		/* pairs (model node, walk slot) */
		stack[sp++] = v->root[t];
		stack[sp++] = out++;
		while (sp > 0)
		{
			int			slot = stack[--sp];
			int			i = stack[--sp];
			const TmNode *N = &v->node[i];
			WNode	   *o = &W->w[slot];

			CHECK_FOR_INTERRUPTS();
			if (N->feature == -1)
			{
				o->feat = WN_LEAF;
				o->next = i;
				o->thr = 0;
				continue;
			}
			if (N->feature < 0 || N->feature >= h->n_features ||
				N->left <= i || N->left >= h->n_nodes || N->right <= i || N->right >= h->n_nodes ||
				out + 2 > h->n_nodes || sp + 4 > 2 * (h->n_nodes + 1))
				tm_bad("model", "bad node link");
			o->feat = N->feature | (N->missing_left ? WN_MISSING_LEFT : 0);
			if (v->feat[N->feature].type == TM_CATEGORY)
			{
				if (N->catword < 0 ||
					(int64) N->catword + (v->feat[N->feature].n_cats + 63) / 64 > h->n_catwords)
					tm_bad("model", "bad category set");
				o->feat |= WN_CAT;
				o->thr = N->catword;
			}
			else
				o->thr = N->threshold;
			o->next = out;
			stack[sp++] = N->left;
			stack[sp++] = out;
			stack[sp++] = N->right;
			stack[sp++] = out + 1;
			out += 2;
		}
	}
	pfree(stack);
	return W;
}

/* the averaged probability of class want (or all classes into p when want < 0) */
static double
walker_proba(const Walker *W, const TmView *v, const double *x, int want, double *p)
{
	const WNode *w = W->w;
	int			k = v->h->n_classes;
	double		s = 0;

	if (want < 0)
		memset(p, 0, sizeof(double) * k);
	for (int t = 0; t < v->h->n_trees; t++)
	{
		int			i = W->root[t];
		const double *q;

		while (w[i].feat != WN_LEAF)
		{
			const WNode *N = &w[i];
			double		xv = x[N->feat & WN_FEAT];
			bool		left;

			if (isnan(xv))
				left = (N->feat & WN_MISSING_LEFT) != 0;
			else if (N->feat & WN_CAT)
			{
				int			c = (int) xv;

				left = (v->catword[(int) N->thr + c / 64] >> (c % 64)) & 1;
			}
			else
				left = xv <= N->thr;
			i = N->next + (left ? 0 : 1);
		}
		q = v->prob + (Size) w[i].next * k;
		if (want >= 0)
			s += q[want];
		else
			for (int c = 0; c < k; c++)
				p[c] += q[c];
	}
	if (want < 0)
		for (int c = 0; c < k; c++)
			p[c] /= v->h->n_trees;
	return s / v->h->n_trees;
}

/* walk tree t of a model (every index checked); the leaf's probabilities */
static const double *
model_walk(const TmView *v, int t, const double *x)
{
	const TmHeader *h = v->h;
	int			i = v->root[t];

	if (i < 0 || i >= h->n_nodes)
		tm_bad("model", "bad tree root");
	for (;;)
	{
		const TmNode *N = &v->node[i];
		int			f = N->feature;
		bool		left;
		int			next;

		if (f == -1)
			break;
		if (f < 0 || f >= h->n_features)
			tm_bad("model", "bad node");
		if (isnan(x[f]))
			left = N->missing_left != 0;
		else if (v->feat[f].type == TM_CATEGORY)
		{
			int			c = (int) x[f];

			if (N->catword < 0 || c < 0 || c >= v->feat[f].n_cats ||
				(int64) N->catword + c / 64 >= h->n_catwords)
				tm_bad("model", "bad category set");
			left = (v->catword[N->catword + c / 64] >> (c % 64)) & 1;
		}
		else
			left = x[f] <= N->threshold;
		next = left ? N->left : N->right;
		if (next <= i || next >= h->n_nodes)
			tm_bad("model", "bad node link");
		i = next;
	}
	return v->prob + (Size) i * h->n_classes;
}

/* the forest's averaged class probabilities for row x, into p */
static double *
model_proba(const TmView *v, const double *x, double *p)
{
	int			k = v->h->n_classes;

	memset(p, 0, sizeof(double) * k);
	for (int t = 0; t < v->h->n_trees; t++)
	{
		const double *q = model_walk(v, t, x);

		for (int c = 0; c < k; c++)
		{
			if (!(q[c] >= 0 && q[c] <= 1))
				tm_bad("model", "bad probability");
			p[c] += q[c];
		}
	}
	for (int c = 0; c < k; c++)
		p[c] /= v->h->n_trees;
	return p;
}

static Walker *
get_walker(ModelEntry *e)
{
	if (!e->kept)
		return NULL;			/* a model not kept: the checked walk */
	if (e->walker == NULL)
		e->walker = build_walker(e->cx, &e->view);
	return e->walker;
}

/*
 * the fast walk of a model (see FastWalk), NULL when a categorical feature
 * used in a split has more than 63 categories; every link, feature,
 * category set and leaf probability checked here, so the walk needs no
 * check
 */
static FastWalk *
build_fast(MemoryContext cx, const TmView *v)
{
	const TmHeader *h = v->h;
	FastWalk   *F = MemoryContextAlloc(cx, sizeof(FastWalk));
	/* a queue of triples: each tree's nodes in breadth-first order */
	int32	   *stack = palloc(sizeof(int32) * 3 * (h->n_nodes + 1));
	int			out = 0;
	int			ngroups = (h->n_trees + FW_GROUP - 1) / FW_GROUP;
	int			k = h->n_classes;

	for (int f = 0; f < h->n_features; f++)
		if (v->feat[f].type == TM_CATEGORY && v->feat[f].n_cats > 63)
		{
			pfree(stack);
			return NULL;
		}
	F->w = MemoryContextAllocExtended(cx, sizeof(FNode) * (Size) h->n_nodes, MCXT_ALLOC_HUGE);
	F->lprob = MemoryContextAllocExtended(cx, sizeof(double) * (Size) h->n_nodes * k, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	F->root = MemoryContextAlloc(cx, sizeof(int32) * h->n_trees);
	F->gdepth = MemoryContextAllocZero(cx, sizeof(int32) * ngroups);
	if (h->n_features > 1000000)
		tm_bad("model", "bad feature count");
	F->leafslot = 2 * h->n_features;
	F->catskip = MemoryContextAlloc(cx, sizeof(bool) * Max(h->n_features, 1));
	for (int f = 0; f < h->n_features; f++)
		F->catskip[f] = v->feat[f].type == TM_CATEGORY;
	F->lval_want = -1;
	for (int t = 0; t < h->n_trees; t++)
	{
		int			sp = 0,
					head = 0;

		if (v->root[t] < 0 || v->root[t] >= h->n_nodes || out + 1 > h->n_nodes)
			tm_bad("model", "bad tree root");
		F->root[t] = out;
		/* triples (model node, walk slot, depth), first in first out */
		stack[sp++] = v->root[t];
		stack[sp++] = out++;
		stack[sp++] = 0;
		while (head < sp)
		{
			int			i = stack[head++];
			int			slot = stack[head++];
			int			depth = stack[head++];
			const TmNode *N = &v->node[i];
			FNode	   *o = &F->w[slot];

			CHECK_FOR_INTERRUPTS();
			if (N->feature == -1)
			{
				/* a leaf: goes "left" to itself whatever the row holds */
				for (int c = 0; c < k; c++)
				{
					double		q = v->prob[(Size) i * k + c];

					if (!(q >= 0 && q <= 1))
						tm_bad("model", "bad probability");
					F->lprob[(Size) slot * k + c] = q;
				}
				o->word = 0;	/* the class's value: see row_proba */
				o->slot = F->leafslot;	/* 0 > word: never */
				o->next = slot;
				F->gdepth[t / FW_GROUP] = Max(F->gdepth[t / FW_GROUP], depth);
				continue;
			}
			if (N->feature < 0 || N->feature >= h->n_features ||
				N->left <= i || N->left >= h->n_nodes || N->right <= i || N->right >= h->n_nodes ||
				out + 2 > h->n_nodes || sp + 6 > 3 * (h->n_nodes + 1))
				tm_bad("model", "bad node link");
			if (v->feat[N->feature].type == TM_CATEGORY)
			{
				int			nc = v->feat[N->feature].n_cats;
				uint64		left;

				if (N->catword < 0 || (int64) N->catword + (nc + 63) / 64 > h->n_catwords)
					tm_bad("model", "bad category set");
				o->slot = 2 * h->n_features + 1 + N->feature;
				F->catskip[N->feature] = false;
				left = nc > 0 ? v->catword[N->catword] : 0;
				if (nc < 64)
					left &= (UINT64CONST(1) << nc) - 1;
				if (N->missing_left)
					left |= FW_MISSING_BIT;
				o->word = ~left;	/* the set going right */
			}
			else
			{
				if (!isfinite(N->threshold))
				{
					pfree(stack);
					return NULL;	/* the checked walk */
				}
				/* the slot whose NULL goes the node's missing way */
				o->slot = 2 * N->feature + (N->missing_left ? 0 : 1);
				o->word = fw_key(N->threshold);
			}
			o->next = out;
			stack[sp++] = N->left;
			stack[sp++] = out;
			stack[sp++] = depth + 1;
			stack[sp++] = N->right;
			stack[sp++] = out + 1;
			stack[sp++] = depth + 1;
			out += 2;
		}
	}
	F->nslots = out;
	pfree(stack);
	return F;
}

static FastWalk *
get_fast(ModelEntry *e)
{
	if (!e->kept)
		return NULL;
	if (!e->fast_tried)
	{
		e->fast = build_fast(e->cx, &e->view);
		e->fast_tried = true;
	}
	return e->fast;
}

/* one branch-free step of the fast walk from slot i for row slots xs */
static pg_attribute_always_inline uint32
fast_step(const FNode *w, uint32 i, const uint64 *xs, uint32 leafslot)
{
	const FNode *N = &w[i];
	uint32		sl = N->slot;
	uint64		word = N->word;
	uint64		iscat = -(uint64) (sl > leafslot);	/* all ones: categorical */
	uint64		mask = word | ~iscat;
	uint64		thr = word & ~iscat;

	return N->next + (uint32) ((xs[sl] & mask) > thr);
}

/*
 * the forest's probability of class want averaged over the trees (want <
 * 0: all classes into p), by the fast walk; the sums in tree order, as
 * walker_proba, so the results are the same to the bit
 */
static double
fast_proba(const FastWalk *F, const TmView *v, const uint64 *xs, int want, double *p)
{
	const FNode *w = F->w;
	int			k = v->h->n_classes;
	int			T = v->h->n_trees;
	uint32		ls = F->leafslot;
	double		s = 0;

	if (want < 0)
		memset(p, 0, sizeof(double) * k);
	for (int t0 = 0; t0 < T; t0 += FW_GROUP)
	{
		/*
		 * up to FW_GROUP trees walked side by side, a step of each in turn:
		 * independent chains of loads in flight together (32 measured 14 %
		 * faster than 8 chains kept in registers, on 20 trees of depth 10)
		 */
		uint32		idx[FW_GROUP];
		int			g = Min(FW_GROUP, T - t0);
		int			depth = F->gdepth[t0 / FW_GROUP];

		for (int j = 0; j < g; j++)
			idx[j] = F->root[t0 + j];
		for (int st = 0; st < depth; st++)
			for (int j = 0; j < g; j++)
				idx[j] = fast_step(w, idx[j], xs, ls);
		for (int j = 0; j < g; j++)
		{
			if (want >= 0)
			{
				double		lv;		/* the leaf's value (row_proba) */

				memcpy(&lv, &w[idx[j]].word, sizeof(double));
				s += lv;
			}
			else
			{
				const double *q = F->lprob + (Size) idx[j] * k;

				for (int c = 0; c < k; c++)
					p[c] += q[c];
			}
		}
	}
	if (want < 0)
		for (int c = 0; c < k; c++)
			p[c] /= T;
	return s / T;
}

/* the probabilities of the row (argument 1) into the cache; class want, or all when want < 0 */
static double
row_proba(const RowSource *rs, ModelEntry *e, int want, double **pout)
{
	FastWalk   *F = get_fast(e);
	double		r;

	if (F)
	{
		row_features(e, rs, true);
		if (want >= 0 && F->lval_want != want)
		{
			/* the leaves' probabilities of this class, in their nodes */
			int			k = e->view.h->n_classes;

			for (Size i = 0; i < (Size) F->nslots; i++)
				if (F->w[i].slot == F->leafslot)
					memcpy(&F->w[i].word, &F->lprob[i * k + want], sizeof(double));
			F->lval_want = want;
		}
		r = fast_proba(F, &e->view, e->pred->xs, want, e->pred->p);
	}
	else
	{
		Walker	   *W = get_walker(e);

		row_features(e, rs, false);
		if (W)
			r = walker_proba(W, &e->view, e->pred->x, want, e->pred->p);
		else
		{
			double	   *p = model_proba(&e->view, e->pred->x, e->pred->p);

			r = want >= 0 ? p[want] : 0;
		}
	}
	*pout = e->pred->p;
	return r;
}

/* the most probable class of the row, as text */
static Datum
predict_class(ModelEntry *e, const TmView *v, const RowSource *rs)
{
	double	   *p;
	int			b = 0;

	row_proba(rs, e, -1, &p);
	for (int c = 1; c < v->h->n_classes; c++)
		if (p[c] > p[b])
			b = c;
	PG_RETURN_TEXT_P(cstring_to_text(tm_str(v, v->class_off[b])));
}

/* the class asked for: argument classarg (< 0: none, the second of two) */
static int
wanted_class(FunctionCallInfo fcinfo, const TmView *v, int classarg)
{
	int			want = v->h->n_classes - 1;

	if (classarg >= 0)
	{
		char	   *cls;

		if (PG_ARGISNULL(classarg))
			pmkt_invalid_arg("class", "Got NULL.");
		cls = text_to_cstring(PG_GETARG_TEXT_PP(classarg));
		want = -1;
		for (int c = 0; c < v->h->n_classes; c++)
			if (strcmp(tm_str(v, v->class_off[c]), cls) == 0)
				want = c;
		if (want < 0)
		{
			StringInfoData s;

			initStringInfo(&s);
			for (int c = 0; c < v->h->n_classes; c++)
				appendStringInfo(&s, "%s%s", c ? ", " : "", tm_str(v, v->class_off[c]));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for argument \"class\""),
					 errdetail("The model has no class \"%s\".", cls),
					 errhint("The model's classes are: %s.", s.data)));
		}
		pfree(cls);
	}
	else if (v->h->n_classes != 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the model has %d classes: name the class", v->h->n_classes),
				 errhint("Call pmkt.predict_proba(model, row, class).")));
	return want;
}

PG_FUNCTION_INFO_V1(pmkt_tree_predict);
/* pmkt.predict(model, row record) -> the most probable class (text) */
Datum
pmkt_tree_predict(PG_FUNCTION_ARGS)
{
	TmView		v;
	ModelEntry *e = get_model(fcinfo, &v);
	RowSource	rs = {0};

	rs.row = PG_GETARG_HEAPTUPLEHEADER(1);
	return predict_class(e, &v, &rs);
}

PG_FUNCTION_INFO_V1(pmkt_tree_predict_proba);
/* pmkt.predict_proba(model, row record[, class text]) */
Datum
pmkt_tree_predict_proba(PG_FUNCTION_ARGS)
{
	TmView		v;
	ModelEntry *e = get_model(fcinfo, &v);
	double	   *p;
	int			want = wanted_class(fcinfo, &v, PG_NARGS() > 2 ? 2 : -1);
	RowSource	rs = {0};

	rs.row = PG_GETARG_HEAPTUPLEHEADER(1);
	PG_RETURN_FLOAT8(row_proba(&rs, e, want, &p));
}

/*
 * The columns form's names and types (arguments namesarg + 1 ...), checked
 * and built once per call site.  The planner's rewrite always passes a
 * constant one-dimensional text array without NULLs, one name per column;
 * a direct call that does not is an error.
 */
/* is the call's argument argno a constant (the same on every call)? */
static bool
names_const(FmgrInfo *flinfo, int argno)
{
	Node	   *expr = flinfo->fn_expr;
	List	   *args;

	if (expr == NULL || !IsA(expr, FuncExpr))
		return false;
	args = ((FuncExpr *) expr)->args;
	return argno < list_length(args) && IsA(list_nth(args, argno), Const);
}

static TupleDesc
call_columns(FunctionCallInfo fcinfo, int namesarg)
{
	ModelCache *mc = model_cache(fcinfo);
	int			ncols = PG_NARGS() - namesarg - 1;
	ArrayType  *arr;
	Datum	   *names;
	bool	   *nulls;
	int			n;
	TupleDesc	td;
	MemoryContext old;

	if (mc->cols)
		return mc->cols;
	if (get_fn_expr_variadic(fcinfo->flinfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("the columns form of pmkt.predict does not take a VARIADIC array"),
				 errhint("Call pmkt.predict(model, t) or pmkt.predict_proba(model, t) with the row t.")));
	if (PG_ARGISNULL(namesarg) || !names_const(fcinfo->flinfo, namesarg))
		pmkt_invalid_arg("names", "It must be a constant array of the columns' names.");
	arr = PG_GETARG_ARRAYTYPE_P(namesarg);
	if (ARR_NDIM(arr) > 1)
		pmkt_invalid_arg("names", "Got an array of %d dimensions.", ARR_NDIM(arr));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &names, &nulls, &n);
	if (n != ncols)
		pmkt_invalid_arg("names", "Got %d names for %d columns.", n, ncols);
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	td = CreateTemplateTupleDesc(ncols);
	MemoryContextSwitchTo(old);
	for (int i = 0; i < ncols; i++)
	{
		Oid			t = get_fn_expr_argtype(fcinfo->flinfo, namesarg + 1 + i);
		char	   *name;

		if (nulls[i])
			pmkt_invalid_arg("names", "Got a NULL name (element %d).", i + 1);
		name = text_to_cstring(DatumGetTextPP(names[i]));
		if (strlen(name) >= NAMEDATALEN)
			pmkt_invalid_arg("names", "Got a name of %d bytes (element %d), longer than a column name.",
							 (int) strlen(name), i + 1);
		if (!OidIsValid(t))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("could not determine the type of column \"%s\"", name),
					 errhint("Call pmkt.predict(model, t) or pmkt.predict_proba(model, t) with the row t.")));
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDescInitEntry(td, i + 1, name, t, -1, 0);
		MemoryContextSwitchTo(old);
		pfree(name);
	}
	mc->cols = td;
	return td;
}

PG_FUNCTION_INFO_V1(pmkt_tree_predict_columns);
/*
 * pmkt.tree_predict_columns(model, present tid, names text[], VARIADIC
 * "any"): pmkt.predict(model, t) on t's columns; present (t's ctid) NULL
 * where t is NULL (the NULL side of an outer join): NULL, as the STRICT
 * record form
 */
Datum
pmkt_tree_predict_columns(PG_FUNCTION_ARGS)
{
	TmView		v;
	ModelEntry *e;
	RowSource	rs = {0};

	if (PG_NARGS() < 3 || PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	rs.cols = call_columns(fcinfo, 2);
	rs.fcinfo = fcinfo;
	rs.first = 3;
	e = get_model(fcinfo, &v);
	return predict_class(e, &v, &rs);
}

PG_FUNCTION_INFO_V1(pmkt_tree_predict_proba_columns);
/*
 * pmkt.tree_predict_proba_columns(model, named boolean, class text, present
 * tid, names text[], VARIADIC "any"): pmkt.predict_proba(model, t[, class])
 * on t's columns (named: the three-argument form); NULL where the record
 * form, STRICT, gives NULL
 */
Datum
pmkt_tree_predict_proba_columns(PG_FUNCTION_ARGS)
{
	TmView		v;
	ModelEntry *e;
	double	   *p;
	bool		named;
	int			want;
	RowSource	rs = {0};

	if (PG_NARGS() < 5 || PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	named = PG_GETARG_BOOL(1);
	if (named && PG_ARGISNULL(2))
		PG_RETURN_NULL();
	rs.cols = call_columns(fcinfo, 4);
	rs.fcinfo = fcinfo;
	rs.first = 5;
	e = get_model(fcinfo, &v);
	want = wanted_class(fcinfo, &v, named ? 2 : -1);
	PG_RETURN_FLOAT8(row_proba(&rs, e, want, &p));
}

/*
 * pmkt_tree_predict_support
 *    Planner support of pmkt.predict(model, t) and pmkt.predict_proba(model,
 *    t[, class]): when t is the whole-row Var of a table (a plain or
 *    partitioned table or a materialized view of the query, at any query
 *    level), the call becomes tree_predict_columns(model, t.ctid, names,
 *    t.c1, ..., t.cn) / tree_predict_proba_columns(model, named, class,
 *    t.ctid, names, t.c1, ...), found in the function's own schema: the
 *    table's columns (all but the dropped ones, at most 95) as separate
 *    arguments with a constant array of their names, so that no row value
 *    is formed and deformed per scored row.  t.ctid is NULL exactly where
 *    t is NULL (the NULL-extended side of an outer join), where the
 *    STRICT record form gives NULL and so does the columns form.  Anything
 *    else (a row of a view or subquery, a ROW(...) or a composite value, a
 *    foreign table, RETURNING old/new, a query with grouping sets or a
 *    MERGE, a wider table) is left alone.  The
 *    features are matched to the columns by the same names, types and
 *    checks, so both forms give the same results and the same errors.
 */
#define TM_COLS_MAX (FUNC_MAX_ARGS - 5)

PG_FUNCTION_INFO_V1(pmkt_tree_predict_support);
Datum
pmkt_tree_predict_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	FuncExpr   *call;
	PlannerInfo *root;
	Var		   *var;
	RangeTblEntry *rte;
	const char *target;
	char	   *fname,
			   *nspname;
	int			nargs;
	bool		proba;
	Relation	rel;
	TupleDesc	td;
	List	   *cols = NIL;
	Datum	   *names;
	int			n = 0;
	Oid			argtypes[6];
	int			nfixed;
	Oid			fn;
	Var		   *ctid;
	List	   *args;
	FuncExpr   *fe;

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSimplify *) rawreq;
	call = req->fcall;
	root = req->root;
	nargs = list_length(call->args);
	if (root == NULL || nargs < 2 || nargs > 3 || call->funcvariadic ||
		!IsA(lsecond(call->args), Var))
		PG_RETURN_POINTER(NULL);
	var = (Var *) lsecond(call->args);
	if (var->varattno != InvalidAttrNumber || !pmkt_var_reads_current_row(var))
		PG_RETURN_POINTER(NULL);
	for (Index up = 0; up < var->varlevelsup && root != NULL; up++)
		root = root->parent_root;
	/* grouping sets and MERGE can make t NULL where its columns are not */
	if (root == NULL || root->parse == NULL || var->varno < 1 ||
		var->varno > list_length(root->parse->rtable) ||
		root->parse->groupingSets != NIL || root->parse->commandType == CMD_MERGE)
		PG_RETURN_POINTER(NULL);
	rte = rt_fetch(var->varno, root->parse->rtable);
	if (rte->rtekind != RTE_RELATION ||
		(rte->relkind != RELKIND_RELATION && rte->relkind != RELKIND_MATVIEW &&
		 rte->relkind != RELKIND_PARTITIONED_TABLE) ||
		var->vartype != get_rel_type_id(rte->relid))
		PG_RETURN_POINTER(NULL);
	fname = get_func_name(call->funcid);
	if (fname == NULL)
		PG_RETURN_POINTER(NULL);
	if (strcmp(fname, "predict") == 0 && nargs == 2 && call->funcresulttype == TEXTOID)
	{
		proba = false;
		target = "tree_predict_columns";
	}
	else if (strcmp(fname, "predict_proba") == 0 && call->funcresulttype == FLOAT8OID)
	{
		proba = true;
		target = "tree_predict_proba_columns";
	}
	else
		PG_RETURN_POINTER(NULL);
	nspname = get_namespace_name(get_func_namespace(call->funcid));
	if (nspname == NULL)
		PG_RETURN_POINTER(NULL);
	nfixed = 0;
	argtypes[nfixed++] = exprType(linitial(call->args));
	if (proba)
	{
		argtypes[nfixed++] = BOOLOID;
		argtypes[nfixed++] = TEXTOID;
	}
	argtypes[nfixed++] = TIDOID;
	argtypes[nfixed++] = TEXTARRAYOID;
	argtypes[nfixed] = ANYOID;
	fn = LookupFuncName(list_make2(makeString(nspname), makeString(pstrdup(target))),
						nfixed + 1, argtypes, true);
	if (!OidIsValid(fn) || get_func_rettype(fn) != call->funcresulttype)
		PG_RETURN_POINTER(NULL);

	/* the table's columns (it is locked since the query was parsed) */
	rel = table_open(rte->relid, AccessShareLock);
	td = RelationGetDescr(rel);
	names = palloc(sizeof(Datum) * Max(td->natts, 1));
	for (int a = 0; a < td->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(td, a);
		Var		   *cv;

		if (att->attisdropped)
			continue;
		if (n >= TM_COLS_MAX)
		{
			table_close(rel, AccessShareLock);
			PG_RETURN_POINTER(NULL);
		}
		cv = copyObject(var);	/* same level, varno, nulling outer joins */
		cv->varattno = att->attnum;
		cv->vartype = att->atttypid;
		cv->vartypmod = att->atttypmod;
		cv->varcollid = att->attcollation;
		cv->varattnosyn = att->attnum;
		cols = lappend(cols, cv);
		names[n++] = CStringGetTextDatum(NameStr(att->attname));
	}
	table_close(rel, AccessShareLock);
	if (n == 0)
		PG_RETURN_POINTER(NULL);

	ctid = copyObject(var);
	ctid->varattno = SelfItemPointerAttributeNumber;
	ctid->vartype = TIDOID;
	ctid->vartypmod = -1;
	ctid->varcollid = InvalidOid;
	ctid->varattnosyn = SelfItemPointerAttributeNumber;

	args = list_make1(linitial(call->args));
	if (proba)
	{
		args = lappend(args, makeBoolConst(nargs == 3, false));
		args = lappend(args, nargs == 3 ? lthird(call->args) :
					   (Node *) makeNullConst(TEXTOID, -1, DEFAULT_COLLATION_OID));
	}
	args = lappend(args, ctid);
	args = lappend(args, makeConst(TEXTARRAYOID, -1, InvalidOid, -1,
								   PointerGetDatum(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT)),
								   false, false));
	args = list_concat(args, cols);
	fe = makeFuncExpr(fn, call->funcresulttype, args, call->funccollid, call->inputcollid,
					  COERCE_EXPLICIT_CALL);
	fe->location = call->location;
	PG_RETURN_POINTER(fe);
}

/* ====================================================================
 * rules, info, importances
 * ==================================================================== */

static void
quote_cat(StringInfo s, const char *c)
{
	appendStringInfoChar(s, '\'');
	for (; *c; c++)
	{
		if (*c == '\'')
			appendStringInfoChar(s, '\'');
		appendStringInfoChar(s, *c);
	}
	appendStringInfoChar(s, '\'');
}

static void
fmt_num(StringInfo s, double v)
{
	appendStringInfoString(s, float8out_internal(v));
}

/* the condition of going left (or right) at node N */
static void
condition(StringInfo s, const TmView *v, const TmNode *N, bool left)
{
	const TmFeature *F = &v->feat[N->feature];
	const char *name = tm_str(v, F->name_off);

	appendStringInfoString(s, quote_identifier(name));
	if (F->type == TM_CATEGORY)
	{
		bool		first = true;

		appendStringInfoString(s, left ? " IN (" : " NOT IN (");
		for (int c = 0; c < F->n_cats; c++)
		{
			if ((int64) N->catword + c / 64 >= v->h->n_catwords || F->cat_start + c >= v->h->n_cats_total)
				tm_bad("model", "bad category set");
			if ((v->catword[N->catword + c / 64] >> (c % 64)) & 1)
			{
				if (!first)
					appendStringInfoString(s, ", ");
				quote_cat(s, tm_str(v, v->cat_off[F->cat_start + c]));
				first = false;
			}
		}
		appendStringInfoChar(s, ')');
	}
	else
	{
		appendStringInfoString(s, left ? " <= " : " > ");
		fmt_num(s, N->threshold);
	}
	if (N->missing_left == (left ? 1 : 0))
		appendStringInfoString(s, F->type == TM_CATEGORY ? " (or NULL, or unseen)" : " (or NULL)");
}

PG_FUNCTION_INFO_V1(pmkt_tree_rules);
/*
 * pmkt.tree_rules(model, tree int) -> SETOF text: one rule per leaf,
 * depth first, left before right.
 */
Datum
pmkt_tree_rules(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsi = (ReturnSetInfo *) fcinfo->resultinfo;
	TmView		v;
	int32		t;
	int		   *path,
			   *stack;
	bool	   *side;
	int			sp = 0;
	Tuplestorestate *ts;
	TupleDesc	td;
	MemoryContext old;

	get_model(fcinfo, &v);
	t = PG_ARGISNULL(1) ? 1 : PG_GETARG_INT32(1);
	if (t < 1 || t > v.h->n_trees)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"tree\""),
				 errdetail("Got %d; the model has %d tree%s.", t, v.h->n_trees, v.h->n_trees > 1 ? "s" : ""),
				 errhint("Number the trees from 1.")));
	if (rsi == NULL || !IsA(rsi, ReturnSetInfo) || !(rsi->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("pmkt.tree_rules must be called in FROM or as a set-returning SELECT item")));
	old = MemoryContextSwitchTo(rsi->econtext->ecxt_per_query_memory);
	td = CreateTemplateTupleDesc(1);
	TupleDescInitEntry(td, 1, "rule", TEXTOID, -1, 0);
	ts = tuplestore_begin_heap(true, false, work_mem);
	MemoryContextSwitchTo(old);
	/* iterative depth-first walk; a node's path is rebuilt from parent links */
	{
		int			nn = v.h->n_nodes;
		int		   *parent = palloc(sizeof(int) * nn);
		int			root = v.root[t - 1];

		if (root < 0 || root >= nn)
			tm_bad("model", "bad tree root");
		for (int i = 0; i < nn; i++)
			parent[i] = -1;
		stack = palloc(sizeof(int) * (nn + 1));
		path = palloc(sizeof(int) * (nn + 1));
		side = palloc(sizeof(bool) * (nn + 1));
		stack[sp++] = root;
		while (sp > 0)
		{
			int			i = stack[--sp];
			const TmNode *N = &v.node[i];

			CHECK_FOR_INTERRUPTS();
			if (N->feature != -1)
			{
				if (N->feature < 0 || N->feature >= v.h->n_features ||
					N->left <= i || N->left >= nn || N->right <= i || N->right >= nn ||
					parent[N->left] != -1 || parent[N->right] != -1)
					tm_bad("model", "bad node link");
				parent[N->left] = i;
				parent[N->right] = i;
				stack[sp++] = N->right;
				stack[sp++] = N->left;
				continue;
			}
			{
				StringInfoData s;
				int			depth = 0,
							b = 0;
				const double *p = v.prob + (Size) i * v.h->n_classes;
				Datum		val;
				bool		isnull = false;

				for (int j = i; parent[j] >= 0 && depth <= nn; j = parent[j])
				{
					path[depth] = parent[j];
					side[depth] = (v.node[parent[j]].left == j);
					depth++;
				}
				initStringInfo(&s);
				appendStringInfoString(&s, depth ? "IF " : "ALWAYS ");
				for (int d = depth - 1; d >= 0; d--)
				{
					condition(&s, &v, &v.node[path[d]], side[d]);
					if (d > 0)
						appendStringInfoString(&s, " AND ");
				}
				for (int c = 1; c < v.h->n_classes; c++)
					if (p[c] > p[b])
						b = c;
				appendStringInfoString(&s, depth ? " THEN " : "");
				appendStringInfoString(&s, tm_str(&v, v.class_off[b]));
				appendStringInfoString(&s, " (p = ");
				appendStringInfo(&s, "%.3f", p[b]);
				appendStringInfo(&s, ", n = %.0f)", N->n);
				val = CStringGetTextDatum(s.data);
				tuplestore_putvalues(ts, td, &val, &isnull);
			}
		}
	}
	rsi->returnMode = SFRM_Materialize;
	rsi->setResult = ts;
	rsi->setDesc = td;
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pmkt_tree_importance);
/* pmkt.feature_importance(model, digits) -> (feature, type, impurity, permutation):
 * a report for reading (issue 16), numeric rounded to digits decimals (NULL:
 * unrounded) */
Datum
pmkt_tree_importance(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsi = (ReturnSetInfo *) fcinfo->resultinfo;
	TmView		v;
	Tuplestorestate *ts;
	TupleDesc	td;
	MemoryContext old;
	static const char *const tn[] = {"numeric", "boolean", "categorical"};
	int			digits = pmkt_report_digits_arg(fcinfo, 1);
	const int	dec[4] = {digits, digits, digits, digits};

	if (rsi == NULL || !IsA(rsi, ReturnSetInfo) || !(rsi->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("pmkt.feature_importance must be called in FROM or as a set-returning SELECT item")));
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("pmkt.feature_importance: no result type")));
	old = MemoryContextSwitchTo(rsi->econtext->ecxt_per_query_memory);
	td = CreateTupleDescCopy(td);
	ts = tuplestore_begin_heap(true, false, work_mem);
	MemoryContextSwitchTo(old);
	rsi->returnMode = SFRM_Materialize;
	rsi->setResult = ts;
	rsi->setDesc = td;
	if (PG_ARGISNULL(0))
		return (Datum) 0;		/* no model: no rows */
	get_model(fcinfo, &v);
	for (int f = 0; f < v.h->n_features; f++)
	{
		Datum		val[4];
		bool		nul[4] = {false, false, false, false};
		int			ty = v.feat[f].type;

		if (ty < 0 || ty > 2)
			tm_bad("model", "bad feature");
		val[0] = CStringGetTextDatum(tm_str(&v, v.feat[f].name_off));
		val[1] = CStringGetTextDatum(tn[ty]);
		val[2] = Float8GetDatum(v.imp[f]);
		nul[2] = isnan(v.imp[f]);
		val[3] = Float8GetDatum(v.imp[v.h->n_features + f]);
		nul[3] = isnan(v.imp[v.h->n_features + f]);
		pmkt_report_round_row(td, val, nul, dec, digits);
		tuplestore_putvalues(ts, td, val, nul);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pmkt_tree_info);
/* pmkt.tree_model_info(model) -> jsonb */
Datum
pmkt_tree_info(PG_FUNCTION_ARGS)
{
	TmView		v;
	StringInfoData s;
	int			leaves = 0,
				depth = 0;
	static const char *const tt[] = {"text", "boolean", "integer"};

	get_model(fcinfo, &v);
	for (int i = 0; i < v.h->n_nodes; i++)
	{
		if (v.node[i].feature == -1)
			leaves++;
		depth = Max(depth, v.node[i].depth);
	}
	initStringInfo(&s);
	appendStringInfo(&s, "{\"kind\": \"%s\", \"trees\": %d, \"nodes\": %d, \"leaves\": %d, \"max_depth\": %d, "
					 "\"criterion\": \"%s\", \"target_type\": \"%s\", \"training_rows\": " INT64_FORMAT
					 ", \"skipped_rows\": " INT64_FORMAT ", \"oob_score\": ",
					 v.h->n_trees > 1 ? "forest" : "tree", v.h->n_trees, v.h->n_nodes, leaves, depth,
					 v.h->criterion ? "entropy" : "gini", tt[v.h->target_type],
					 v.h->n_train, v.h->n_skipped);
	if (isnan(v.h->oob_score) || !isfinite(v.h->oob_score))
		appendStringInfoString(&s, "null");
	else
		fmt_num(&s, v.h->oob_score);
	appendStringInfoString(&s, ", \"classes\": [");
	for (int c = 0; c < v.h->n_classes; c++)
	{
		if (c)
			appendStringInfoString(&s, ", ");
		escape_json(&s, tm_str(&v, v.class_off[c]));
	}
	appendStringInfoString(&s, "], \"features\": [");
	for (int f = 0; f < v.h->n_features; f++)
	{
		if (f)
			appendStringInfoString(&s, ", ");
		escape_json(&s, tm_str(&v, v.feat[f].name_off));
	}
	appendStringInfoString(&s, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}
