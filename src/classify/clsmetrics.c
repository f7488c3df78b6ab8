/*
 * clsmetrics.c
 *    Classification metrics (issue 13, part 3) as combinable aggregates:
 *
 *  - pmkt.classification_report(actual, predicted): confusion matrix,
 *    accuracy, balanced accuracy, precision / recall / F1 per class with
 *    macro and weighted averages, Cohen's kappa, as jsonb.  State: bytea
 *    (counts and class labels, see CrHeader), validated on every read.
 *  - pmkt.roc_auc, pmkt.roc_curve, pmkt.pr_curve, pmkt.gains_table over
 *    (score, actual boolean): exact, so the state keeps every (score,
 *    label) pair: 16 bytes a row, bounded by pmkt.max_train_memory (53200
 *    beyond it).  State: float8[] [tag, n, bins, s1, y1, s2, y2, ...] with
 *    spare capacity (zeros) after the n pairs.
 *  - pmkt.log_loss, pmkt.brier_score over (probability, actual boolean):
 *    float8[] [tag, n, sum].
 *  - pmkt.split_hash / pmkt.train_test_split: a seeded hash of a key.
 *
 * Every state is untrusted input (util/state.h): combine and final check
 * everything they read; 22023 for a malformed state.
 */
#include "pmkt.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "util/array.h"
#include "util/sort.h"
#include "util/state.h"

/* ====================================================================
 * classification_report: bytea state
 *
 *   uint32 magic, uint32 k, int64 counts[k * k] (row = actual class,
 *   column = predicted class, in first-seen order), then k labels, each
 *   uint32 length + bytes (no terminator).  The sizes must add up to the
 *   bytea's length exactly.
 * ==================================================================== */

#define CR_MAGIC 0x31524350		/* "PCR1" */
#define CR_MAX_CLASSES 1000
#define CR_MAX_LABEL 1000
#define CR_MAX_COUNT 9007199254740992.0	/* 2^53 */

typedef struct CrView
{
	int			k;
	char	   *cbase;			/* k * k int64 counts (maybe unaligned) */
	const char **label;			/* k pointers into the bytea */
	int		   *len;
} CrView;

static inline int64
cr_get(const CrView *v, Size idx)
{
	int64		x;

	memcpy(&x, v->cbase + sizeof(int64) * idx, sizeof(int64));
	return x;
}

static inline void
cr_set(const CrView *v, Size idx, int64 x)
{
	memcpy(v->cbase + sizeof(int64) * idx, &x, sizeof(int64));
}

/* the counts as an aligned palloc'd copy */
static int64 *
cr_counts(const CrView *v)
{
	int64	   *c = palloc(sizeof(int64) * ((Size) v->k * v->k + 1));

	memcpy(c, v->cbase, sizeof(int64) * (Size) v->k * v->k);
	return c;
}

static void
cr_invalid(const char *fn, const char *problem)
{
	pmkt_state_invalid(fn, problem, "The state is not a pmkt.classification_report state%s.", "");
}

/*
 * cr_parse: check the layout of a state and describe it.  full: also check
 * the counts (non-negative, total <= 2^53) and that labels are distinct.
 */
static void
cr_parse(bytea *b, CrView *v, bool full, const char *fn)
{
	char	   *p = VARDATA_ANY(b);
	Size		len = VARSIZE_ANY_EXHDR(b);
	uint32		magic,
				k;
	Size		off;

	if (len < 8)
		cr_invalid(fn, "too short");
	memcpy(&magic, p, 4);
	memcpy(&k, p + 4, 4);
	if (magic != CR_MAGIC)
		cr_invalid(fn, "wrong layout tag");
	if (k > CR_MAX_CLASSES)
		cr_invalid(fn, "too many classes");
	off = 8 + sizeof(int64) * (Size) k * k;
	if (off > len)
		cr_invalid(fn, "truncated counts");
	v->k = (int) k;
	v->cbase = p + 8;
	v->label = palloc(sizeof(char *) * (k + 1));
	v->len = palloc(sizeof(int) * (k + 1));
	for (uint32 i = 0; i < k; i++)
	{
		uint32		l;

		if (off + 4 > len)
			cr_invalid(fn, "truncated labels");
		memcpy(&l, p + off, 4);
		off += 4;
		if (l > CR_MAX_LABEL || off + l > len)
			cr_invalid(fn, "bad label length");
		v->label[i] = p + off;
		v->len[i] = (int) l;
		off += l;
	}
	if (off != len)
		cr_invalid(fn, "trailing bytes");
	if (full)
	{
		double		total = 0;

		for (Size i = 0; i < (Size) k * k; i++)
		{
			int64		c = cr_get(v, i);

			if (c < 0)
				cr_invalid(fn, "negative count");
			total += (double) c;
			if (total > CR_MAX_COUNT)
				cr_invalid(fn, "counts too large");
		}
		for (uint32 i = 0; i < k; i++)
		{
			CHECK_FOR_INTERRUPTS();
			for (uint32 j = i + 1; j < k; j++)
				if (v->len[i] == v->len[j] &&
					memcmp(v->label[i], v->label[j], v->len[i]) == 0)
					cr_invalid(fn, "duplicate class label");
		}
	}
}

/* cr_build: a new state from k labels and counts, in context cxt. */
static bytea *
cr_build(MemoryContext cxt, int k, const char *const *label, const int *len,
		 const int64 *counts)
{
	Size		sz = VARHDRSZ + 8 + sizeof(int64) * (Size) k * k;
	bytea	   *b;
	char	   *p;
	uint32		u;

	for (int i = 0; i < k; i++)
		sz += 4 + len[i];
	b = MemoryContextAllocZero(cxt, sz);
	SET_VARSIZE(b, sz);
	p = VARDATA(b);
	u = CR_MAGIC;
	memcpy(p, &u, 4);
	u = (uint32) k;
	memcpy(p + 4, &u, 4);
	if (counts)
		memcpy(p + 8, counts, sizeof(int64) * (Size) k * k);
	p += 8 + sizeof(int64) * (Size) k * k;
	for (int i = 0; i < k; i++)
	{
		u = (uint32) len[i];
		memcpy(p, &u, 4);
		memcpy(p + 4, label[i], len[i]);
		p += 4 + len[i];
	}
	return b;
}

static int
cr_find(const CrView *v, const char *s, int l)
{
	for (int i = 0; i < v->k; i++)
		if (v->len[i] == l && memcmp(v->label[i], s, l) == 0)
			return i;
	return -1;
}

/* cr_grow: a copy of the state with one more class (counts re-laid out). */
static bytea *
cr_grow(MemoryContext cxt, const CrView *v, const char *s, int l)
{
	int			k = v->k + 1;
	int64	   *c = palloc0(sizeof(int64) * (Size) k * k);
	bytea	   *b;

	for (int i = 0; i < v->k; i++)
		for (int j = 0; j < v->k; j++)
			c[i * k + j] = cr_get(v, i * v->k + j);
	v->label[v->k] = s;
	v->len[v->k] = l;
	b = cr_build(cxt, k, v->label, v->len, c);
	pfree(c);
	return b;
}

typedef struct CrCache
{
	Oid			typoid;
	FmgrInfo	out;
} CrCache;

/* the text form of a label argument (any type, through its output function) */
static char *
cr_label_text(FunctionCallInfo fcinfo, int argno)
{
	CrCache    *c = fcinfo->flinfo->fn_extra;
	Oid			t = get_fn_expr_argtype(fcinfo->flinfo, argno);

	/*
	 * Called without an expression tree (Citus' worker_partial_agg runs the
	 * transition function through its own FmgrInfo): the non-polymorphic
	 * overloads say their label type in their signature.
	 */
	if (!OidIsValid(t))
	{
		Oid		   *argtypes;
		int			nargs;

		get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
		if (argno < nargs && !IsPolymorphicType(argtypes[argno]))
			t = argtypes[argno];
	}
	if (!OidIsValid(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pmkt.classification_report: could not determine the type of the class labels"),
				 errhint("Call it as an aggregate: pmkt.classification_report(actual, predicted).")));
	if (c == NULL || c->typoid != t)
	{
		Oid			outf;
		bool		isvarlena;

		c = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(CrCache));
		getTypeOutputInfo(t, &outf, &isvarlena);
		fmgr_info_cxt(outf, &c->out, fcinfo->flinfo->fn_mcxt);
		c->typoid = t;
		fcinfo->flinfo->fn_extra = c;
	}
	return OutputFunctionCall(&c->out, PG_GETARG_DATUM(argno));
}

static void
cr_check_label(const char *s, const char *argname)
{
	if (strlen(s) > CR_MAX_LABEL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"%s\"", argname),
				 errdetail("A class label of %zu bytes; the limit is %d.", strlen(s), CR_MAX_LABEL),
				 errhint("Classes are short labels such as 'yes', 'churn' or 1.")));
}

static void
cr_too_many(int k)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("pmkt.classification_report: more than %d classes", CR_MAX_CLASSES),
			 errdetail("Got %d distinct labels.", k),
			 errhint("Check that actual and predicted are class labels, not scores or ids.")));
}

PG_FUNCTION_INFO_V1(pmkt_cr_sfunc);
/* pmkt_cr_sfunc(state bytea, actual T, predicted T): T anyelement or a label type */
Datum
pmkt_cr_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.classification_report_sfunc";
	bytea	   *st;
	CrView		v;
	char	   *a,
			   *p;
	int			ia,
				ip,
				la,
				lp;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = cr_label_text(fcinfo, 1);
	p = cr_label_text(fcinfo, 2);
	cr_check_label(a, "actual");
	cr_check_label(p, "predicted");
	la = strlen(a);
	lp = strlen(p);
	if (PG_ARGISNULL(0))
		st = cr_build(CurrentMemoryContext, 0, NULL, NULL, NULL);
	else if (AggCheckCallContext(fcinfo, NULL))
		st = PG_GETARG_BYTEA_P(0);
	else
		st = PG_GETARG_BYTEA_P_COPY(0);
	cr_parse(st, &v, false, fn);
	ia = cr_find(&v, a, la);
	if (ia < 0)
	{
		if (v.k >= CR_MAX_CLASSES)
			cr_too_many(v.k + 1);

		/*
		 * The grown state goes to the per-row context: the executor copies
		 * a new transition value into its own context and frees the old
		 * one, so a copy made in aggcxt would never be freed (k^3 bytes by
		 * the 1000th class).
		 */
		st = cr_grow(CurrentMemoryContext, &v, a, la);
		cr_parse(st, &v, false, fn);
		ia = v.k - 1;
	}
	ip = cr_find(&v, p, lp);
	if (ip < 0)
	{
		if (v.k >= CR_MAX_CLASSES)
			cr_too_many(v.k + 1);
		st = cr_grow(CurrentMemoryContext, &v, p, lp);
		cr_parse(st, &v, false, fn);
		ip = v.k - 1;
	}
	{
		int64		c = cr_get(&v, ia * v.k + ip);

		if (c < 0 || c >= (int64) CR_MAX_COUNT)
			cr_invalid(fn, "bad count");
		cr_set(&v, ia * v.k + ip, c + 1);
	}
	PG_RETURN_BYTEA_P(st);
}

PG_FUNCTION_INFO_V1(pmkt_cr_combine);
Datum
pmkt_cr_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.classification_report_combine";
	MemoryContext aggcxt;
	CrView		va,
				vb;
	int			k;
	const char **label;
	int		   *len;
	int		   *map;
	int64	   *c;
	double		total = 0;
	bytea	   *r;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (!AggCheckCallContext(fcinfo, &aggcxt))
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
	{
		bytea	   *one = PG_GETARG_BYTEA_PP(PG_ARGISNULL(0) ? 1 : 0);
		CrView		v;

		cr_parse(one, &v, true, fn);
		r = cr_build(aggcxt, v.k, v.label, v.len, cr_counts(&v));
		PG_RETURN_BYTEA_P(r);
	}
	cr_parse(PG_GETARG_BYTEA_PP(0), &va, true, fn);
	cr_parse(PG_GETARG_BYTEA_PP(1), &vb, true, fn);
	label = palloc(sizeof(char *) * (va.k + vb.k + 1));
	len = palloc(sizeof(int) * (va.k + vb.k + 1));
	map = palloc(sizeof(int) * (vb.k + 1));
	k = va.k;
	for (int i = 0; i < va.k; i++)
	{
		label[i] = va.label[i];
		len[i] = va.len[i];
	}
	for (int j = 0; j < vb.k; j++)
	{
		int			f = cr_find(&va, vb.label[j], vb.len[j]);

		if (f < 0)
		{
			f = k++;
			label[f] = vb.label[j];
			len[f] = vb.len[j];
		}
		map[j] = f;
	}
	if (k > CR_MAX_CLASSES)
		cr_too_many(k);
	c = palloc0(sizeof(int64) * (Size) k * k);
	for (int i = 0; i < va.k; i++)
		for (int j = 0; j < va.k; j++)
			c[i * k + j] = cr_get(&va, i * va.k + j);
	for (int i = 0; i < vb.k; i++)
		for (int j = 0; j < vb.k; j++)
			c[map[i] * k + map[j]] += cr_get(&vb, i * vb.k + j);
	for (Size i = 0; i < (Size) k * k; i++)
		total += (double) c[i];
	if (total > CR_MAX_COUNT)
		cr_invalid(fn, "counts too large");
	r = cr_build(aggcxt, k, label, len, c);
	PG_RETURN_BYTEA_P(r);
}

/* label order: numeric when every label reads as a number, else bytewise */
typedef struct CrSortCtx
{
	const CrView *v;
	double	   *num;
	bool		numeric;
} CrSortCtx;

static int
cr_cmp(const void *pa, const void *pb, void *arg)
{
	const CrSortCtx *s = arg;
	int			a = *(const int *) pa,
				b = *(const int *) pb;
	int			r;

	if (s->numeric)
	{
		if (s->num[a] != s->num[b])
			return s->num[a] < s->num[b] ? -1 : 1;
	}
	r = memcmp(s->v->label[a], s->v->label[b], Min(s->v->len[a], s->v->len[b]));
	if (r != 0)
		return r;
	return s->v->len[a] - s->v->len[b];
}

static void
json_num(StringInfo buf, double v)
{
	if (isnan(v))
		appendStringInfoString(buf, "null");
	else
	{
		char	   *s = float8out_internal(v);

		appendStringInfoString(buf, s);
	}
}

static void
json_label(StringInfo buf, const CrView *v, int i)
{
	char	   *s = pnstrdup(v->label[i], v->len[i]);

	escape_json(buf, s);
	pfree(s);
}

/* precision, recall, F1 of a class as sklearn computes them (0 for 0/0) */
static void
cr_prf(double tp, double pred, double sup, double *p, double *r, double *f)
{
	*p = pred > 0 ? tp / pred : 0;
	*r = sup > 0 ? tp / sup : 0;
	*f = (pred + sup) > 0 ? 2 * tp / (pred + sup) : 0;
}

PG_FUNCTION_INFO_V1(pmkt_cr_final);
Datum
pmkt_cr_final(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.classification_report_final";
	CrView		v;
	int			k;
	int		   *ord;
	double	   *rows,
			   *cols,
				n = 0,
				trace = 0;
	CrSortCtx	sc;
	StringInfoData buf;
	double		mp = 0,
				mr = 0,
				mf = 0,
				wp = 0,
				wr = 0,
				wf = 0,
				bal = 0,
				pe = 0;
	int			nbal = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	cr_parse(PG_GETARG_BYTEA_PP(0), &v, true, fn);
	k = v.k;
	if (k == 0)
		PG_RETURN_NULL();
	ord = palloc(sizeof(int) * k);
	sc.v = &v;
	sc.num = palloc(sizeof(double) * k);
	sc.numeric = true;
	for (int i = 0; i < k; i++)
	{
		char	   *s = pnstrdup(v.label[i], v.len[i]);
		char	   *end;

		ord[i] = i;
		errno = 0;
		sc.num[i] = strtod(s, &end);
		if (v.len[i] == 0 || *end != '\0' || errno != 0 || !isfinite(sc.num[i]))
			sc.numeric = false;
		pfree(s);
	}
	pmkt_sort(ord, k, sizeof(int), cr_cmp, &sc);
	rows = palloc0(sizeof(double) * k);
	cols = palloc0(sizeof(double) * k);
	for (int i = 0; i < k; i++)
		for (int j = 0; j < k; j++)
		{
			double		c = (double) cr_get(&v, i * k + j);

			rows[i] += c;
			cols[j] += c;
			n += c;
			if (i == j)
				trace += c;
		}
	if (n == 0)
		PG_RETURN_NULL();

	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"n\": ");
	json_num(&buf, n);
	appendStringInfoString(&buf, ", \"classes\": [");
	for (int a = 0; a < k; a++)
	{
		if (a)
			appendStringInfoString(&buf, ", ");
		json_label(&buf, &v, ord[a]);
	}
	appendStringInfoString(&buf, "], \"confusion_matrix\": [");
	for (int a = 0; a < k; a++)
	{
		appendStringInfoString(&buf, a ? ", [" : "[");
		for (int b = 0; b < k; b++)
		{
			if (b)
				appendStringInfoString(&buf, ", ");
			json_num(&buf, (double) cr_get(&v, ord[a] * k + ord[b]));
		}
		appendStringInfoChar(&buf, ']');
	}
	appendStringInfoString(&buf, "], \"per_class\": [");
	for (int a = 0; a < k; a++)
	{
		int			i = ord[a];
		double		tp = (double) cr_get(&v, i * k + i),
					p,
					r,
					f;

		CHECK_FOR_INTERRUPTS();
		cr_prf(tp, cols[i], rows[i], &p, &r, &f);
		mp += p;
		mr += r;
		mf += f;
		wp += p * rows[i];
		wr += r * rows[i];
		wf += f * rows[i];
		if (rows[i] > 0)
		{
			bal += r;
			nbal++;
		}
		pe += (rows[i] / n) * (cols[i] / n);
		appendStringInfoString(&buf, a ? ", {\"class\": " : "{\"class\": ");
		json_label(&buf, &v, i);
		appendStringInfoString(&buf, ", \"precision\": ");
		json_num(&buf, p);
		appendStringInfoString(&buf, ", \"recall\": ");
		json_num(&buf, r);
		appendStringInfoString(&buf, ", \"f1\": ");
		json_num(&buf, f);
		appendStringInfoString(&buf, ", \"support\": ");
		json_num(&buf, rows[i]);
		appendStringInfoString(&buf, ", \"predicted\": ");
		json_num(&buf, cols[i]);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "], \"accuracy\": ");
	json_num(&buf, trace / n);
	appendStringInfoString(&buf, ", \"balanced_accuracy\": ");
	json_num(&buf, bal / nbal);
	appendStringInfoString(&buf, ", \"cohen_kappa\": ");
	/* kappa = (po - pe) / (1 - pe); undefined (null) when pe = 1 */
	json_num(&buf, pe >= 1 ? get_float8_nan() : (trace / n - pe) / (1 - pe));
	appendStringInfoString(&buf, ", \"macro\": {\"precision\": ");
	json_num(&buf, mp / k);
	appendStringInfoString(&buf, ", \"recall\": ");
	json_num(&buf, mr / k);
	appendStringInfoString(&buf, ", \"f1\": ");
	json_num(&buf, mf / k);
	appendStringInfoString(&buf, "}, \"weighted\": {\"precision\": ");
	json_num(&buf, wp / n);
	appendStringInfoString(&buf, ", \"recall\": ");
	json_num(&buf, wr / n);
	appendStringInfoString(&buf, ", \"f1\": ");
	json_num(&buf, wf / n);
	appendStringInfoString(&buf, "}}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}

/* ====================================================================
 * (score, label) pair state: roc_auc, roc_curve, pr_curve, gains_table
 * float8[] [tag, n, bins, s1, y1, ..., sn, yn, spare zeros]
 * ==================================================================== */

#define PS_TAG 1301.0
#define PS_HDR 3
#define PS_MAX_BINS 1000

typedef struct PsPair
{
	double		s;
	double		y;
} PsPair;

static void
ps_over_budget(const char *fn, double n)
{
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("%s: the rows exceed pmkt.max_train_memory", fn),
			 errdetail("An exact ROC, precision-recall or gains computation keeps every (score, actual) pair: %.0f rows need %.0f kB; pmkt.max_train_memory is %d kB.",
					   n, ceil(n * 16.0 / 1024.0), pmkt_max_train_memory_kb),
			 errhint("Raise pmkt.max_train_memory, or evaluate on a seeded sample, e.g. WHERE pmkt.train_test_split(id, 0.1, 42) = 'test'.")));
}

/* ps_read: check a pair state's header; returns n, sets *cap (pairs) */
static double *
ps_read(ArrayType *a, int *n, int *cap, int *bins, const char *fn)
{
	double	   *d = pmkt_state_data(a, PS_TAG, -1, fn);
	int			len = PMKT_STATE_LEN(a);

	if (len < PS_HDR || (len - PS_HDR) % 2 != 0)
		pmkt_state_invalid(fn, "bad length", "The state has %d values; expected 3 + 2 x capacity.", len);
	*cap = (len - PS_HDR) / 2;
	*n = pmkt_state_int(d[1], 0, *cap, "pairs", fn);
	*bins = pmkt_state_int(d[2], 0, PS_MAX_BINS, "bins", fn);
	return d;
}

/* ps_check_pairs: every pair finite score and label 0 or 1 */
static void
ps_check_pairs(const double *d, int n, const char *fn)
{
	for (int i = 0; i < n; i++)
	{
		double		s = d[PS_HDR + 2 * i],
					y = d[PS_HDR + 2 * i + 1];

		if (!isfinite(s) || (y != 0 && y != 1))
			pmkt_state_invalid(fn, "bad pair", "Pair %d is (%g, %g): scores must be finite, labels 0 or 1.", i + 1, s, y);
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

static ArrayType *
ps_alloc(FunctionCallInfo fcinfo, int cap, const char *fn)
{
	if ((double) cap * 16.0 > (double) PMKT_TRAIN_BUDGET_BYTES)
		ps_over_budget(fn, (double) cap);
	if ((Size) cap * 2 + PS_HDR > (MaxAllocSize - ARR_OVERHEAD_NONULLS(1)) / sizeof(double))
		ps_over_budget(fn, (double) cap);
	return pmkt_state_new(fcinfo, PS_HDR + 2 * cap, fn);
}

static Datum
ps_add(FunctionCallInfo fcinfo, int bins, const char *fn)
{
	ArrayType  *st;
	double	   *d;
	int			n,
				cap,
				sbins;
	double		s;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s = PG_GETARG_FLOAT8(1);
	pmkt_check_finite(s, "score");
	if (PG_ARGISNULL(0))
	{
		st = ps_alloc(fcinfo, 64, fn);
		d = (double *) ARR_DATA_PTR(st);
		d[0] = PS_TAG;
	}
	else
		st = pmkt_state_arg(fcinfo, 0, fn);
	d = ps_read(st, &n, &cap, &sbins, fn);
	if (bins > 0)
	{
		if (n > 0 && sbins != bins)
			pmkt_invalid_arg("bins", "Got %d on one row and %d on another.", bins, sbins);
		d[2] = bins;
	}
	if (n == cap)
	{
		int			ncap;
		ArrayType  *g;
		double	   *gd;

		if (cap >= INT_MAX / 4)
			ps_over_budget(fn, (double) cap + 1);
		ncap = Max(64, cap * 2);
		if ((double) ncap * 16.0 > (double) PMKT_TRAIN_BUDGET_BYTES)
		{
			ncap = (int) Min((double) INT_MAX / 4, (double) PMKT_TRAIN_BUDGET_BYTES / 16.0);
			if (ncap <= cap)
				ps_over_budget(fn, (double) cap + 1);
		}
		g = ps_alloc(fcinfo, ncap, fn);
		gd = (double *) ARR_DATA_PTR(g);
		memcpy(gd, d, sizeof(double) * (PS_HDR + 2 * (Size) n));
		st = g;
		d = gd;
	}
	d[PS_HDR + 2 * n] = s;
	d[PS_HDR + 2 * n + 1] = PG_GETARG_BOOL(2) ? 1 : 0;
	d[1] = n + 1;
	PG_RETURN_ARRAYTYPE_P(st);
}

PG_FUNCTION_INFO_V1(pmkt_ps_sfunc);
/* pmkt_ps_sfunc(state, score, actual) */
Datum
pmkt_ps_sfunc(PG_FUNCTION_ARGS)
{
	return ps_add(fcinfo, 0, "pmkt.score_pairs_sfunc");
}

PG_FUNCTION_INFO_V1(pmkt_ps_sfunc_bins);
/* pmkt_ps_sfunc_bins(state, score, actual, bins) */
Datum
pmkt_ps_sfunc_bins(PG_FUNCTION_ARGS)
{
	int32		bins;

	if (PG_ARGISNULL(3))
		pmkt_invalid_arg("bins", "Got NULL.");
	bins = PG_GETARG_INT32(3);
	if (bins < 1 || bins > PS_MAX_BINS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"bins\""),
				 errdetail("Got %d.", bins),
				 errhint("Use 1 to %d bins, e.g. 10 for deciles.", PS_MAX_BINS)));
	return ps_add(fcinfo, bins, "pmkt.gains_table_sfunc");
}

PG_FUNCTION_INFO_V1(pmkt_ps_combine);
Datum
pmkt_ps_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.score_pairs_combine";
	ArrayType  *a,
			   *b,
			   *r;
	double	   *da,
			   *db,
			   *dr;
	int			na,
				nb,
				ca,
				cb,
				ba,
				bb;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
	{
		a = PG_GETARG_ARRAYTYPE_P(PG_ARGISNULL(0) ? 1 : 0);
		da = ps_read(a, &na, &ca, &ba, fn);
		ps_check_pairs(da, na, fn);
		r = ps_alloc(fcinfo, Max(na, 1), fn);
		memcpy(ARR_DATA_PTR(r), da, sizeof(double) * (PS_HDR + 2 * (Size) na));
		PG_RETURN_ARRAYTYPE_P(r);
	}
	a = PG_GETARG_ARRAYTYPE_P(0);
	b = PG_GETARG_ARRAYTYPE_P(1);
	da = ps_read(a, &na, &ca, &ba, fn);
	db = ps_read(b, &nb, &cb, &bb, fn);
	ps_check_pairs(da, na, fn);
	ps_check_pairs(db, nb, fn);
	if (na > 0 && nb > 0 && ba != bb)
		pmkt_state_invalid(fn, "different bins", "One state has %d bins, the other %d.", ba, bb);
	if ((double) na + nb > (double) INT_MAX / 4)
		ps_over_budget(fn, (double) na + nb);
	r = ps_alloc(fcinfo, Max(na + nb, 1), fn);
	dr = (double *) ARR_DATA_PTR(r);
	dr[0] = PS_TAG;
	dr[1] = na + nb;
	dr[2] = na > 0 ? ba : bb;
	memcpy(dr + PS_HDR, da + PS_HDR, sizeof(double) * 2 * (Size) na);
	memcpy(dr + PS_HDR + 2 * (Size) na, db + PS_HDR, sizeof(double) * 2 * (Size) nb);
	PG_RETURN_ARRAYTYPE_P(r);
}

static int
pair_cmp_desc(const void *pa, const void *pb, void *arg pg_attribute_unused())
{
	const PsPair *a = pa,
			   *b = pb;

	if (a->s != b->s)
		return a->s > b->s ? -1 : 1;
	return 0;
}

/*
 * ps_sorted: the validated pairs of a state sorted by score descending;
 * NULL for no rows.  Counts positives and negatives.
 */
static PsPair *
ps_sorted(FunctionCallInfo fcinfo, int *n, double *pos, double *neg,
		  int *bins, const char *fn)
{
	ArrayType  *a;
	double	   *d;
	int			cap;
	PsPair	   *p;

	if (PG_ARGISNULL(0))
		return NULL;
	a = PG_GETARG_ARRAYTYPE_P(0);
	d = ps_read(a, n, &cap, bins, fn);
	ps_check_pairs(d, *n, fn);
	if (*n == 0)
		return NULL;
	p = palloc_extended(sizeof(PsPair) * (Size) *n, MCXT_ALLOC_HUGE);
	memcpy(p, d + PS_HDR, sizeof(PsPair) * (Size) *n);
	*pos = 0;
	for (int i = 0; i < *n; i++)
		*pos += p[i].y;
	*neg = *n - *pos;
	pmkt_sort(p, *n, sizeof(PsPair), pair_cmp_desc, NULL);
	return p;
}

static void
ps_need_both(double pos, double neg, const char *fn)
{
	if (pos == 0 || neg == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: only one class present in argument \"actual\"", fn),
				 errdetail("Got %.0f true and %.0f false rows.", pos, neg),
				 errhint("The ROC and precision-recall curves need both classes; check the filter or the group.")));
}

PG_FUNCTION_INFO_V1(pmkt_roc_auc_final);
/*
 * Area under the ROC curve, exact: the trapezoid rule over the curve
 * through every distinct score, i.e. the Mann-Whitney statistic with tied
 * (positive, negative) pairs counted 1/2, which is what scikit-learn's
 * roc_auc_score computes.  Sums of integers (exact below 2^53) and one
 * division.
 */
Datum
pmkt_roc_auc_final(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.roc_auc";
	int			n,
				bins;
	double		pos,
				neg,
				tp = 0,
				num = 0;
	PsPair	   *p = ps_sorted(fcinfo, &n, &pos, &neg, &bins, fn);

	if (p == NULL)
		PG_RETURN_NULL();
	ps_need_both(pos, neg, fn);
	for (int i = 0; i < n;)
	{
		double		gp = 0,
					gn = 0;
		int			j = i;

		for (; j < n && p[j].s == p[i].s; j++)
		{
			gp += p[j].y;
			gn += 1 - p[j].y;
		}
		num += gn * (2 * tp + gp);
		tp += gp;
		i = j;
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_FLOAT8(num / (2 * pos * neg));
}

/* build an array of a composite type from rows of nfields doubles */
static Datum
composite_array(FunctionCallInfo fcinfo, const double *vals, const bool *isint,
				int nrows, int nfields, const char *fn)
{
	Oid			rettype = get_fn_expr_rettype(fcinfo->flinfo);
	Oid			elemtype;
	TupleDesc	td;
	Datum	   *items;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *dv = palloc(sizeof(Datum) * nfields);
	bool	   *nulls = palloc0(sizeof(bool) * nfields);

	/*
	 * Citus' coord_combine_agg calls the final function without an
	 * expression tree: the declared result type (an array of a named row
	 * type, never polymorphic) is then read from the catalog.
	 */
	if (!OidIsValid(rettype))
		rettype = get_func_rettype(fcinfo->flinfo->fn_oid);
	elemtype = OidIsValid(rettype) ? get_element_type(rettype) : InvalidOid;
	if (!OidIsValid(elemtype))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s: could not determine the result type", fn)));
	td = lookup_rowtype_tupdesc_copy(elemtype, -1);
	if (td->natts != nfields)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: the result type has %d columns, expected %d", fn, td->natts, nfields)));
	items = palloc_extended(sizeof(Datum) * (Size) Max(nrows, 1), MCXT_ALLOC_HUGE);
	for (int r = 0; r < nrows; r++)
	{
		for (int f = 0; f < nfields; f++)
		{
			double		v = vals[(Size) r * nfields + f];

			nulls[f] = isnan(v);
			dv[f] = isint[f] ? Int64GetDatum((int64) (nulls[f] ? 0 : v)) : Float8GetDatum(v);
		}
		items[r] = HeapTupleGetDatum(heap_form_tuple(td, dv, nulls));
		if ((r & 0xfff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(items, nrows, elemtype, typlen, typbyval, typalign));
}

/*
 * ROC and PR points, highest threshold first: the first point is
 * (threshold +Infinity, nothing flagged), then one point per distinct
 * score (no intermediate point dropped).
 */
static Datum
curve_final(FunctionCallInfo fcinfo, bool pr, const char *fn)
{
	int			n,
				bins,
				m = 0;
	double		pos,
				neg,
				tp = 0,
				fp = 0;
	PsPair	   *p = ps_sorted(fcinfo, &n, &pos, &neg, &bins, fn);
	double	   *v;
	static const bool isint[3] = {false, false, false};

	if (p == NULL)
		PG_RETURN_NULL();
	if (pr)
	{
		if (pos == 0)
			ps_need_both(pos, neg, fn);
	}
	else
		ps_need_both(pos, neg, fn);
	v = palloc_extended(sizeof(double) * 3 * ((Size) n + 1), MCXT_ALLOC_HUGE);
	v[0] = get_float8_infinity();
	v[1] = pr ? 1 : 0;			/* precision 1 at recall 0, as sklearn */
	v[2] = 0;
	m = 1;
	for (int i = 0; i < n;)
	{
		int			j = i;

		for (; j < n && p[j].s == p[i].s; j++)
		{
			tp += p[j].y;
			fp += 1 - p[j].y;
		}
		v[3 * m] = p[i].s;
		if (pr)
		{
			v[3 * m + 1] = tp / (tp + fp);
			v[3 * m + 2] = tp / pos;
		}
		else
		{
			v[3 * m + 1] = fp / neg;
			v[3 * m + 2] = tp / pos;
		}
		m++;
		i = j;
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return composite_array(fcinfo, v, isint, m, 3, fn);
}

PG_FUNCTION_INFO_V1(pmkt_roc_curve_final);
Datum
pmkt_roc_curve_final(PG_FUNCTION_ARGS)
{
	return curve_final(fcinfo, false, "pmkt.roc_curve");
}

PG_FUNCTION_INFO_V1(pmkt_pr_curve_final);
Datum
pmkt_pr_curve_final(PG_FUNCTION_ARGS)
{
	return curve_final(fcinfo, true, "pmkt.pr_curve");
}

PG_FUNCTION_INFO_V1(pmkt_gains_final);
/*
 * The gains table.  Rows are ranked by score, highest first; a run of
 * equal scores starting at 0-based rank r goes wholly into bin
 * floor(r x bins / n) + 1, so ties never straddle two bins (bins may then
 * differ in size, and a bin may stay empty: it is left out).
 * Columns: bin, rows, responders, response_rate, min_score, max_score,
 * cum_rows, cum_responders, cum_response_rate, gain (share of all
 * responders reached so far), lift (response_rate / overall rate),
 * cum_lift.
 */
Datum
pmkt_gains_final(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.gains_table";
	int			n,
				bins,
				m = 0;
	double		pos,
				neg,
				rate,
				cr = 0,
				cp = 0;
	PsPair	   *p = ps_sorted(fcinfo, &n, &pos, &neg, &bins, fn);
	double	   *v;
	static const bool isint[12] = {true, true, true, false, false, false,
	true, true, false, false, false, false};

	if (p == NULL)
		PG_RETURN_NULL();
	if (bins < 1)
		bins = 10;
	rate = pos / n;
	v = palloc(sizeof(double) * 12 * bins);
	for (int i = 0; i < n;)
	{
		int			b = (int) ((double) i * bins / n);
		double		rows = 0,
					resp = 0,
					mx = p[i].s,
					mn = p[i].s;

		while (i < n && (int) ((double) i * bins / n) == b)
		{
			double		s = p[i].s;

			/* a run of ties, starting in bin b */
			while (i < n && p[i].s == s)
			{
				rows++;
				resp += p[i].y;
				i++;
			}
			mn = s;
			if ((i & 0xffff) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		cr += rows;
		cp += resp;
		v[12 * m + 0] = b + 1;
		v[12 * m + 1] = rows;
		v[12 * m + 2] = resp;
		v[12 * m + 3] = resp / rows;
		v[12 * m + 4] = mn;
		v[12 * m + 5] = mx;
		v[12 * m + 6] = cr;
		v[12 * m + 7] = cp;
		v[12 * m + 8] = cp / cr;
		v[12 * m + 9] = pos > 0 ? cp / pos : get_float8_nan();
		v[12 * m + 10] = pos > 0 ? (resp / rows) / rate : get_float8_nan();
		v[12 * m + 11] = pos > 0 ? (cp / cr) / rate : get_float8_nan();
		m++;
	}
	return composite_array(fcinfo, v, isint, m, 12, fn);
}

/* ====================================================================
 * log loss and Brier score: float8[] [tag, n, sum]
 * ==================================================================== */

#define LL_TAG 1302.0
#define BR_TAG 1303.0

static Datum
prob_sfunc(FunctionCallInfo fcinfo, double tag, bool logloss, const char *fn)
{
	ArrayType  *st;
	double	   *d;
	double		p,
				y,
				l;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	p = PG_GETARG_FLOAT8(1);
	y = PG_GETARG_BOOL(2) ? 1 : 0;
	pmkt_check_rate(p, "probability");
	if (PG_ARGISNULL(0))
	{
		st = pmkt_state_new(fcinfo, 3, fn);
		((double *) ARR_DATA_PTR(st))[0] = tag;
	}
	else
		st = pmkt_state_arg(fcinfo, 0, fn);
	d = pmkt_state_data(st, tag, 3, fn);
	if (logloss)
	{
		/* clipped to [eps, 1 - eps] as scikit-learn's log_loss(eps='auto') */
		double		q = y == 1 ? p : 1 - p;

		q = Min(Max(q, DBL_EPSILON), 1 - DBL_EPSILON);
		l = -log(q);
	}
	else
		l = (p - y) * (p - y);
	d[1] += 1;
	d[2] += l;
	PG_RETURN_ARRAYTYPE_P(st);
}

static Datum
prob_combine(FunctionCallInfo fcinfo, double tag, const char *fn)
{
	ArrayType  *r;
	double	   *dr;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	r = pmkt_state_new(fcinfo, 3, fn);
	dr = (double *) ARR_DATA_PTR(r);
	dr[0] = tag;
	for (int k = 0; k < 2; k++)
	{
		double	   *d;

		if (PG_ARGISNULL(k))
			continue;
		d = pmkt_state_data(PG_GETARG_ARRAYTYPE_P(k), tag, 3, fn);
		pmkt_state_count(d[1], "rows", fn);
		pmkt_state_finite(d + 2, 1, true, "sum", fn);
		dr[1] += d[1];
		dr[2] += d[2];
	}
	pmkt_state_count(dr[1], "rows", fn);
	pmkt_state_check_overflow(dr + 2, 1, fn);
	PG_RETURN_ARRAYTYPE_P(r);
}

static Datum
prob_final(FunctionCallInfo fcinfo, double tag, const char *fn)
{
	double	   *d;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	d = pmkt_state_data(PG_GETARG_ARRAYTYPE_P(0), tag, 3, fn);
	pmkt_state_count(d[1], "rows", fn);
	pmkt_state_finite(d + 2, 1, true, "sum", fn);
	if (d[1] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(pmkt_check_result(d[2] / d[1], fn));
}

PG_FUNCTION_INFO_V1(pmkt_log_loss_sfunc);
Datum
pmkt_log_loss_sfunc(PG_FUNCTION_ARGS)
{
	return prob_sfunc(fcinfo, LL_TAG, true, "pmkt.log_loss_sfunc");
}

PG_FUNCTION_INFO_V1(pmkt_log_loss_combine);
Datum
pmkt_log_loss_combine(PG_FUNCTION_ARGS)
{
	return prob_combine(fcinfo, LL_TAG, "pmkt.log_loss_combine");
}

PG_FUNCTION_INFO_V1(pmkt_log_loss_final);
Datum
pmkt_log_loss_final(PG_FUNCTION_ARGS)
{
	return prob_final(fcinfo, LL_TAG, "pmkt.log_loss_final");
}

PG_FUNCTION_INFO_V1(pmkt_brier_sfunc);
Datum
pmkt_brier_sfunc(PG_FUNCTION_ARGS)
{
	return prob_sfunc(fcinfo, BR_TAG, false, "pmkt.brier_score_sfunc");
}

PG_FUNCTION_INFO_V1(pmkt_brier_combine);
Datum
pmkt_brier_combine(PG_FUNCTION_ARGS)
{
	return prob_combine(fcinfo, BR_TAG, "pmkt.brier_score_combine");
}

PG_FUNCTION_INFO_V1(pmkt_brier_final);
Datum
pmkt_brier_final(PG_FUNCTION_ARGS)
{
	return prob_final(fcinfo, BR_TAG, "pmkt.brier_score_final");
}

/* ====================================================================
 * split hash
 * ==================================================================== */

/*
 * pmkt_split_hash_bytes: FNV-1a 64 over the seed's 4 bytes (little-endian)
 * then the key's bytes, finished by splitmix64's mixer; the top 53 bits as
 * a fraction in [0, 1).  Same on every platform and major.
 */
static double
split_hash_bytes(const char *s, Size len, int32 seed)
{
	uint64		h = UINT64CONST(14695981039346656037);
	uint32		u = (uint32) seed;

	for (int i = 0; i < 4; i++)
	{
		h ^= (u >> (8 * i)) & 0xff;
		h *= UINT64CONST(1099511628211);
	}
	for (Size i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= UINT64CONST(1099511628211);
	}
	h += UINT64CONST(0x9E3779B97F4A7C15);
	h = (h ^ (h >> 30)) * UINT64CONST(0xBF58476D1CE4E5B9);
	h = (h ^ (h >> 27)) * UINT64CONST(0x94D049BB133111EB);
	h ^= h >> 31;
	return (double) (h >> 11) / 9007199254740992.0;
}

PG_FUNCTION_INFO_V1(pmkt_split_hash);
/* pmkt_split_hash(key text, seed int) */
Datum
pmkt_split_hash(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_FLOAT8(split_hash_bytes(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
									  PG_GETARG_INT32(1)));
}

PG_FUNCTION_INFO_V1(pmkt_train_test_split);
/* pmkt_train_test_split(key text, test_fraction float8, seed int) */
Datum
pmkt_train_test_split(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	double		f = PG_GETARG_FLOAT8(1);

	pmkt_check_rate(f, "test_fraction");
	PG_RETURN_TEXT_P(cstring_to_text(split_hash_bytes(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
													  PG_GETARG_INT32(2)) < f ? "test" : "train"));
}
