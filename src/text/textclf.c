/*
 * textclf.c
 *    Trainable text classifier (issue 18, part 3; SPEC 1.3).
 *
 * Terms are PostgreSQL's own text search lexemes: a text goes through the
 * server's parser and dictionaries (parsetext(), the function behind
 * to_tsvector) for the configuration given, so stemming and stop words are
 * the configuration's.  A document's unigrams are its lexemes, each counted
 * once per occurrence (the positions to_tsvector would list, without
 * tsvector's cap of 256 positions per lexeme); its bigrams are "a b" for a
 * lexeme a at position p and b at position p + 1 (to_tsvector positions:
 * a stop word leaves a gap, so no bigram spans it, as phraseto_tsquery's
 * <->).  Positions stop at 16383 (tsvector's limit), so bigrams are formed
 * within the first 16383 words; unigrams throughout.  Only the first
 * TC_MAX_TEXT_BYTES (1 MB) of a text are read.  pmkt.text_tokens shows the
 * terms of a text.
 *
 * Methods:
 *   naive_bayes  multinomial naive Bayes exactly as scikit-learn's
 *                MultinomialNB (fit_prior): log P(t|c) = log(N_ct + alpha)
 *                - log(sum_t N_ct + V alpha), log prior = log(n_c / n).
 *   logistic     L2-penalised logistic regression, the objective of
 *                scikit-learn's LogisticRegression(penalty='l2', C) with
 *                an unpenalised intercept: two labels -> one coefficient
 *                vector (binomial); more -> multinomial (softmax, one
 *                vector per label).  Minimised by L-BFGS (Nocedal 1980,
 *                memory 10, backtracking Armijo line search) on the
 *                objective divided by C n; stops when the largest gradient
 *                component is below tol.
 * Features: term counts, or TF-IDF as scikit-learn's TfidfTransformer
 * defaults (idf = ln((1 + n) / (1 + df)) + 1, rows scaled to unit L2 norm).
 * Vocabulary: the terms found in at least min_df training documents.
 */
#include "pmkt.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_ts_config.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "tsearch/ts_utils.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/varlena.h"

#include "util/serial.h"
#include "util/userquery.h"
#include "textclf.h"
#include "tslex.h"

#define TYPNAME "pmkt.textmodel"

/* ====================================================================
 * A hash table of byte strings (terms, labels) -> dense ids
 * ==================================================================== */
typedef struct TermTab
{
	int			n,
				cap;
	uint32		nslots;			/* power of two, > 2 n */
	int32	   *slots;			/* id or -1 */
	uint32	   *hash;			/* per id */
	int64	   *off;			/* per id, into arena */
	int32	   *len;			/* per id */
	char	   *arena;
	Size		alen,
				acap;
	bool		own_arena;
} TermTab;

static void
tt_init(TermTab *tt, int cap)
{
	tt->n = 0;
	tt->cap = Max(cap, 16);
	tt->nslots = 16;
	while (tt->nslots < (uint32) tt->cap * 2)
		tt->nslots <<= 1;
	tt->slots = palloc_extended(sizeof(int32) * tt->nslots, MCXT_ALLOC_HUGE);
	memset(tt->slots, 0xff, sizeof(int32) * tt->nslots);
	tt->hash = palloc_extended(sizeof(uint32) * tt->cap, MCXT_ALLOC_HUGE);
	tt->off = palloc_extended(sizeof(int64) * tt->cap, MCXT_ALLOC_HUGE);
	tt->len = palloc_extended(sizeof(int32) * tt->cap, MCXT_ALLOC_HUGE);
	tt->acap = 4096;
	tt->alen = 0;
	tt->arena = palloc(tt->acap);
	tt->own_arena = true;
}

static Size
tt_bytes(const TermTab *tt)
{
	return (Size) tt->nslots * 4 + (Size) tt->cap * 20 + tt->acap;
}

static inline int
tt_find(const TermTab *tt, const char *s, int len, uint32 h)
{
	uint32		i = h & (tt->nslots - 1);

	for (;;)
	{
		int32		id = tt->slots[i];

		if (id < 0)
			return -1;
		if (tt->hash[id] == h && tt->len[id] == len &&
			memcmp(tt->arena + tt->off[id], s, len) == 0)
			return id;
		i = (i + 1) & (tt->nslots - 1);
	}
}

static void
tt_insert_slot(TermTab *tt, int id)
{
	uint32		i = tt->hash[id] & (tt->nslots - 1);

	while (tt->slots[i] >= 0)
		i = (i + 1) & (tt->nslots - 1);
	tt->slots[i] = id;
}

/* add a new string (not present); returns its id */
static int
tt_add(TermTab *tt, const char *s, int len, uint32 h)
{
	int			id;

	Assert(tt->own_arena);
	if (tt->n == tt->cap)
	{
		int			ncap = tt->cap * 2;

		tt->hash = repalloc_huge(tt->hash, sizeof(uint32) * ncap);
		tt->off = repalloc_huge(tt->off, sizeof(int64) * ncap);
		tt->len = repalloc_huge(tt->len, sizeof(int32) * ncap);
		tt->cap = ncap;
	}
	if ((uint32) (tt->n + 1) * 2 > tt->nslots)
	{
		tt->nslots <<= 1;
		pfree(tt->slots);
		tt->slots = palloc_extended(sizeof(int32) * tt->nslots, MCXT_ALLOC_HUGE);
		memset(tt->slots, 0xff, sizeof(int32) * tt->nslots);
		for (int j = 0; j < tt->n; j++)
			tt_insert_slot(tt, j);
	}
	if (tt->alen + len + 1 > tt->acap)
	{
		Size		ncap = tt->acap;

		while (tt->alen + len + 1 > ncap)
			ncap *= 2;
		tt->arena = repalloc_huge(tt->arena, ncap);
		tt->acap = ncap;
	}
	id = tt->n++;
	memcpy(tt->arena + tt->alen, s, len);
	tt->arena[tt->alen + len] = '\0';
	tt->off[id] = tt->alen;
	tt->len[id] = len;
	tt->hash[id] = h;
	tt->alen += len + 1;
	tt_insert_slot(tt, id);
	return id;
}

static inline uint32
tt_hash(const char *s, int len)
{
	return hash_bytes((const unsigned char *) s, len);
}

/* ====================================================================
 * Terms of one text: the server's text search parser and dictionaries
 * ==================================================================== */
/* slot: NULL, or where the caller may keep its id of this unigram (tslex.h) */
typedef void (*TermFn) (void *arg, const char *s, int len, int32 *slot);

/* Check that cfg names an existing text search configuration (42704). */
static void
tc_check_config(Oid cfg, const char *argname)
{
	if (!SearchSysCacheExists1(TSCONFIGOID, ObjectIdGetDatum(cfg)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("text search configuration %u does not exist (argument \"%s\")", cfg, argname),
				 errhint("Pass a configuration name, e.g. 'english' or 'simple' (see \\dF).")));
}

static void
tc_doc_terms(TsLex *X, const char *s, int len, int ngram_max, TermFn fn, void *arg,
			 StringInfo key)
{
	ParsedText prs;
	int32	  **slots;

	if (len <= 0)
		return;
	if (len > TC_MAX_TEXT_BYTES)
		len = pg_mbcliplen(s, len, TC_MAX_TEXT_BYTES);
	prs.words = tslex_parse(X, unconstify(char *, s), len, &prs.curwords, &slots);
	for (int i = 0; i < prs.curwords; i++)
		fn(arg, prs.words[i].word, prs.words[i].len, slots ? slots[i] : NULL);
	if (ngram_max >= 2)
	{
		/* words come in position order; a position may hold several */
		int			i = 0;

		while (i < prs.curwords)
		{
			int			p = prs.words[i].pos.pos,
						iend = i,
						j,
						jend;

			CHECK_FOR_INTERRUPTS();
			while (iend < prs.curwords && prs.words[iend].pos.pos == p)
				iend++;
			j = iend;
			jend = j;
			while (jend < prs.curwords && prs.words[jend].pos.pos == p + 1)
				jend++;
			if (p < MAXENTRYPOS - 1)
				for (int a = i; a < iend; a++)
					for (int b = j; b < jend; b++)
					{
						resetStringInfo(key);
						appendBinaryStringInfo(key, prs.words[a].word, prs.words[a].len);
						appendStringInfoChar(key, ' ');
						appendBinaryStringInfo(key, prs.words[b].word, prs.words[b].len);
						fn(arg, key->data, key->len, NULL);
					}
			i = iend;
		}
	}
}

/* ====================================================================
 * Model view and validation
 * ==================================================================== */
typedef struct TcView
{
	const TcHeader *h;
	const double *class_count;
	const double *bias;
	const double *weight;
	const double *idf;			/* NULL unless tfidf */
	const char *config;
	const char **label;
	const char *terms;			/* first term */
	Size		terms_len;		/* bytes of the term section */
} TcView;

static void
tc_bad(const char *why, const char *what, const char *detail_fmt,...)
pg_attribute_printf(3, 4) pg_attribute_noreturn();

static void
tc_bad(const char *why, const char *what, const char *detail_fmt,...)
{
	char		detail[256];
	va_list		ap;

	va_start(ap, detail_fmt);
	vsnprintf(detail, sizeof(detail), detail_fmt, ap);
	va_end(ap);
	if (strcmp(why, "input") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid %s value: %s", TYPNAME, what),
				 errdetail("%s", detail),
				 errhint("Pass a model made by pmkt.text_classifier_train, unchanged.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s value for argument \"%s\": %s", TYPNAME, why, what),
			 errdetail("%s", detail),
			 errhint("Pass a model made by pmkt.text_classifier_train, unchanged.")));
}

/* label order: text bytewise, int numerically, bool false < true */
static int
tc_label_cmp(int label_type, const char *a, const char *b)
{
	if (label_type == TC_LABEL_INT)
	{
		int64		x = pg_strtoint64(a),
					y = pg_strtoint64(b);

		return x < y ? -1 : (x > y ? 1 : 0);
	}
	return strcmp(a, b);
}

/*
 * Everything checked: sizes against the length, finite numbers, NUL-ended
 * strings, sorted unique terms and labels, labels readable as their type.
 * why: "input" (22P02) or the argument's name (22023).
 */
static void
tc_view(const TcHeader *h, Size total, TcView *v, const char *why)
{
	Size		need;
	const char *p,
			   *end;
	int			nstr;

	if (total < sizeof(TcHeader))
		tc_bad(why, "too short", "%zu bytes, the header alone takes %zu.", total, sizeof(TcHeader));
	if (h->magic != TC_MAGIC || h->version != TC_VERSION)
		tc_bad(why, "not a text model", "Tag %08x, version %d.", h->magic, h->version);
	if (h->method != TC_NB && h->method != TC_LOGISTIC)
		tc_bad(why, "unknown method", "Method %d.", h->method);
	if (h->label_type < TC_LABEL_TEXT || h->label_type > TC_LABEL_BOOL)
		tc_bad(why, "unknown label type", "Label type %d.", h->label_type);
	if (h->n_labels < 2 || h->n_labels > TC_MAX_LABELS)
		tc_bad(why, "bad number of labels", "%d labels.", h->n_labels);
	if (h->n_terms < 1 || h->n_terms > TC_MAX_TERMS)
		tc_bad(why, "bad number of terms", "%d terms.", h->n_terms);
	if (h->n_rows != ((h->method == TC_LOGISTIC && h->n_labels == 2) ? 1 : h->n_labels))
		tc_bad(why, "weight rows do not match the labels", "%d rows for %d labels.", h->n_rows, h->n_labels);
	if (h->ngram_max < 1 || h->ngram_max > 2 || h->min_df < 1 ||
		(h->tfidf != 0 && h->tfidf != 1) || h->iterations < 0 ||
		(h->converged != 0 && h->converged != 1) || h->strings_len < 1 ||
		h->n_docs < 2 || h->n_skipped < 0)
		tc_bad(why, "bad settings", "ngram_max %d, min_df %d, tfidf %d, iterations %d, converged %d, strings %d bytes, documents " INT64_FORMAT ".",
			   h->ngram_max, h->min_df, h->tfidf, h->iterations, h->converged, h->strings_len, h->n_docs);
	if (!isfinite(h->alpha) || !isfinite(h->C) || !isfinite(h->tol) ||
		h->alpha < 0 || h->C < 0 || h->tol < 0)
		tc_bad(why, "bad parameters", "alpha %g, C %g, tol %g.", h->alpha, h->C, h->tol);
	need = sizeof(TcHeader) +
		sizeof(double) * ((Size) h->n_labels + h->n_rows +
						  (Size) h->n_terms * h->n_rows + (h->tfidf ? (Size) h->n_terms : 0)) +
		(Size) h->strings_len;
	if (need != total)
		tc_bad(why, "wrong length", "%zu bytes, the header says %zu.", total, need);
	v->h = h;
	v->class_count = (const double *) ((const char *) h + sizeof(TcHeader));
	v->bias = v->class_count + h->n_labels;
	v->weight = v->bias + h->n_rows;
	v->idf = h->tfidf ? v->weight + (Size) h->n_terms * h->n_rows : NULL;
	p = (const char *) (v->weight + (Size) h->n_terms * h->n_rows + (h->tfidf ? h->n_terms : 0));
	end = p + h->strings_len;
	for (int c = 0; c < h->n_labels; c++)
		if (!isfinite(v->class_count[c]) || v->class_count[c] < 0 ||
			v->class_count[c] != floor(v->class_count[c]) || v->class_count[c] > (double) h->n_docs)
			tc_bad(why, "bad class count", "Label %d: %g.", c + 1, v->class_count[c]);
	for (Size i = 0; i < (Size) h->n_rows * (1 + (Size) h->n_terms); i++)
		if (!isfinite(v->bias[i]))
			tc_bad(why, "non-finite weight", "Weight %zu is %g.", i + 1, v->bias[i]);
	if (v->idf)
		for (int t = 0; t < h->n_terms; t++)
			if (!isfinite(v->idf[t]) || v->idf[t] <= 0)
				tc_bad(why, "bad idf", "Term %d: %g.", t + 1, v->idf[t]);
	if (end[-1] != '\0')
		tc_bad(why, "strings not terminated", "The last byte is %d.", end[-1]);
	nstr = 0;
	for (const char *q = p; q < end; q++)
		if (*q == '\0')
			nstr++;
	if (nstr != 1 + h->n_labels + h->n_terms)
		tc_bad(why, "wrong number of strings", "%d strings, expected %d.", nstr, 1 + h->n_labels + h->n_terms);
	v->config = p;
	if (*p == '\0' || strlen(p) > 2 * NAMEDATALEN + 4)
		tc_bad(why, "bad configuration name", "Length %zu.", strlen(p));
	p += strlen(p) + 1;
	v->label = palloc(sizeof(char *) * h->n_labels);
	for (int c = 0; c < h->n_labels; c++)
	{
		v->label[c] = p;
		if (pg_verifymbstr(p, strlen(p), true) == false)
			tc_bad(why, "label not valid text", "Label %d.", c + 1);
		if (h->label_type == TC_LABEL_INT)
		{
			const char *q = p;

			if (*q == '-')
				q++;
			if (*q == '\0' || strlen(q) > 19 || strspn(q, "0123456789") != strlen(q) ||
				(q[0] == '0' && q[1] != '\0') || (p[0] == '-' && strcmp(q, "0") == 0))
				tc_bad(why, "bad integer label", "Label %d.", c + 1);
			if (strlen(q) == 19 && strcmp(q, p[0] == '-' ? "9223372036854775808" : "9223372036854775807") > 0)
				tc_bad(why, "bad integer label", "Label %d.", c + 1);
		}
		else if (h->label_type == TC_LABEL_BOOL &&
				 strcmp(p, c == 0 ? "false" : "true") != 0)
			tc_bad(why, "bad boolean label", "Label %d.", c + 1);
		if (c > 0 && tc_label_cmp(h->label_type, v->label[c - 1], p) >= 0)
			tc_bad(why, "labels not in increasing order", "Label %d.", c + 1);
		p += strlen(p) + 1;
	}
	v->terms = p;
	v->terms_len = end - p;
	{
		const char *prev = NULL;

		for (int t = 0; t < h->n_terms; t++)
		{
			if (*p == '\0')
				tc_bad(why, "empty term", "Term %d.", t + 1);
			if (prev && strcmp(prev, p) >= 0)
				tc_bad(why, "terms not in increasing order", "Term %d.", t + 1);
			if ((t & 4095) == 0)
				CHECK_FOR_INTERRUPTS();
			prev = p;
			p += strlen(p) + 1;
		}
	}
}

/* ====================================================================
 * Text I/O (hexadecimal of the bytes) and binary I/O
 * ==================================================================== */
PG_FUNCTION_INFO_V1(pmkt_textmodel_in);
Datum
pmkt_textmodel_in(PG_FUNCTION_ARGS)
{
	TcHeader   *m = (TcHeader *) pmkt_flat_hex_in(PG_GETARG_CSTRING(0),
												 sizeof(TcHeader) - VARHDRSZ, TYPNAME, "model");
	TcView		v;

	tc_view(m, VARSIZE(m), &v, "input");
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(pmkt_textmodel_out);
Datum
pmkt_textmodel_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pmkt_flat_hex_out(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

PG_FUNCTION_INFO_V1(pmkt_textmodel_recv);
Datum
pmkt_textmodel_recv(PG_FUNCTION_ARGS)
{
	TcHeader   *m = (TcHeader *) pmkt_flat_recv((StringInfo) PG_GETARG_POINTER(0),
											  sizeof(TcHeader) - VARHDRSZ, TYPNAME);
	TcView		v;

	tc_view(m, VARSIZE(m), &v, "input");
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(pmkt_textmodel_send);
Datum
pmkt_textmodel_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(pmkt_flat_send(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

/* ====================================================================
 * Training: load the documents
 * ==================================================================== */
typedef struct TcLoad
{
	const char *fn;
	MemoryContext cxt;			/* the kept arrays */
	TermTab		terms;
	int32	   *df;				/* per term */
	int32	   *lastdoc;		/* per term: last document counted in df */
	int			dfcap;
	/* CSR of (term, count) per document */
	int64	   *ptr;			/* n + 1 */
	int32	   *lab;			/* n */
	int64		n,
				ncap;
	int32	   *col;
	double	   *val;
	int64		nnz,
				nnzcap;
	/* the current document's term ids */
	int32	   *cur;
	int			ncur,
				curcap;
	bool		grow_ok;
} TcLoad;

static void
tc_budget(TcLoad *L, Size extra)
{
	Size		used = tt_bytes(&L->terms) + (Size) L->dfcap * 8 +
		(Size) L->ncap * 12 + (Size) L->nnzcap * 12 + extra;

	if (used > PMKT_TRAIN_BUDGET_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("%s: the documents exceed pmkt.max_train_memory", L->fn),
				 errdetail("pmkt.max_train_memory is %d kB; " INT64_FORMAT " documents with " INT64_FORMAT " distinct (document, term) pairs and %d terms were loaded before it ran out (%zu kB needed).",
						   pmkt_max_train_memory_kb, L->n, L->nnz, L->terms.n, used / 1024),
				 errhint("Raise pmkt.max_train_memory, use ngram_max => 1, or train on a seeded sample, e.g. WHERE pmkt.train_test_split(id::text, 0.1, 42) = 'test'.")));
}

static void
tc_load_term(void *arg, const char *s, int len, int32 *slot)
{
	TcLoad	   *L = (TcLoad *) arg;
	uint32		h = 0;
	int			id = -1;

	if (slot != NULL && *slot != TSLEX_UNSET)
		id = *slot;				/* ids are never reused while loading */
	else
	{
		h = tt_hash(s, len);
		id = tt_find(&L->terms, s, len, h);
	}
	if (id < 0)
	{
		/* a new term (a slot never holds -1 here: h is this term's hash) */
		MemoryContext old = MemoryContextSwitchTo(L->cxt);

		if (L->terms.n >= TC_MAX_TERMS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: more than %d distinct terms", L->fn, TC_MAX_TERMS),
					 errhint("Use ngram_max => 1 or train on a sample.")));
		if (L->terms.n == L->terms.cap || (uint32) (L->terms.n + 1) * 2 > L->terms.nslots ||
			L->terms.alen + len + 1 > L->terms.acap)
			tc_budget(L, (Size) L->terms.cap * 20 + L->terms.nslots * 4 + len + L->terms.acap);
		id = tt_add(&L->terms, s, len, h);
		if (id >= L->dfcap)
		{
			int			ncap = L->dfcap * 2;

			L->df = repalloc_huge(L->df, sizeof(int32) * ncap);
			L->lastdoc = repalloc_huge(L->lastdoc, sizeof(int32) * ncap);
			L->dfcap = ncap;
		}
		L->df[id] = 0;
		L->lastdoc[id] = -1;
		MemoryContextSwitchTo(old);
	}
	if (slot != NULL)
		*slot = id;
	if (L->ncur == L->curcap)
	{
		L->curcap *= 2;
		L->cur = repalloc_huge(L->cur, sizeof(int32) * L->curcap);
	}
	L->cur[L->ncur++] = id;
}

static int
cmp_int32(const void *a, const void *b)
{
	int32		x = *(const int32 *) a,
				y = *(const int32 *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/* ascending ids: insertion sort for a short text, qsort beyond (same result) */
static void
sort_ids(int32 *a, int n)
{
	if (n > 32)
	{
		qsort(a, n, sizeof(int32), cmp_int32);
		return;
	}
	for (int i = 1; i < n; i++)
	{
		int32		v = a[i];
		int			j = i;

		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* the current document's term ids -> (term, count) runs */
static void
tc_load_close_doc(TcLoad *L, int label)
{
	int			runs = 0;

	if (L->ncur > 1)
		sort_ids(L->cur, L->ncur);
	for (int i = 0; i < L->ncur; i++)
		if (i == 0 || L->cur[i] != L->cur[i - 1])
			runs++;
	if (L->n + 1 >= L->ncap || L->nnz + runs > L->nnzcap)
	{
		MemoryContext old = MemoryContextSwitchTo(L->cxt);
		int64		nc = L->ncap,
					zc = L->nnzcap;

		while (L->n + 1 >= nc)
			nc *= 2;
		while (L->nnz + runs > zc)
			zc *= 2;
		tc_budget(L, (Size) (nc - L->ncap) * 12 + (Size) (zc - L->nnzcap) * 12);
		if (nc != L->ncap)
		{
			L->ptr = repalloc_huge(L->ptr, sizeof(int64) * nc);
			L->lab = repalloc_huge(L->lab, sizeof(int32) * nc);
			L->ncap = nc;
		}
		if (zc != L->nnzcap)
		{
			L->col = repalloc_huge(L->col, sizeof(int32) * zc);
			L->val = repalloc_huge(L->val, sizeof(double) * zc);
			L->nnzcap = zc;
		}
		MemoryContextSwitchTo(old);
	}
	for (int i = 0; i < L->ncur; i++)
	{
		if (i == 0 || L->cur[i] != L->cur[i - 1])
		{
			int32		t = L->cur[i];

			L->col[L->nnz] = t;
			L->val[L->nnz] = 1;
			L->nnz++;
			if (L->lastdoc[t] != (int32) L->n)
			{
				L->lastdoc[t] = (int32) L->n;
				L->df[t]++;
			}
		}
		else
			L->val[L->nnz - 1] += 1;
	}
	L->lab[L->n] = label;
	L->n++;
	L->ptr[L->n] = L->nnz;
	L->ncur = 0;
}

static int	sort_label_type;
static const char **sort_strs;

static int
cmp_label_idx(const void *a, const void *b)
{
	return tc_label_cmp(sort_label_type, sort_strs[*(const int *) a], sort_strs[*(const int *) b]);
}

static int
cmp_term_idx(const void *a, const void *b)
{
	return strcmp(sort_strs[*(const int *) a], sort_strs[*(const int *) b]);
}

/* ====================================================================
 * L-BFGS (Nocedal 1980; Nocedal & Wright, Numerical Optimization, alg. 7.4)
 * ==================================================================== */
typedef double (*ObjFn) (const double *x, double *g, void *arg);

static int
tc_lbfgs(int n, double *x, ObjFn fn, void *arg, int max_iter, double tol, bool *converged)
{
	const int	m = 10;
	double	   *g = palloc_extended(sizeof(double) * n, MCXT_ALLOC_HUGE);
	double	   *gn = palloc_extended(sizeof(double) * n, MCXT_ALLOC_HUGE);
	double	   *xn = palloc_extended(sizeof(double) * n, MCXT_ALLOC_HUGE);
	double	   *d = palloc_extended(sizeof(double) * n, MCXT_ALLOC_HUGE);
	double	   *S = palloc_extended(sizeof(double) * (Size) n * m, MCXT_ALLOC_HUGE);
	double	   *Y = palloc_extended(sizeof(double) * (Size) n * m, MCXT_ALLOC_HUGE);
	double		rho[10],
				al[10];
	int			k = 0,
				head = 0,
				it;
	double		f = fn(x, g, arg);

	*converged = false;
	for (it = 0; it < max_iter; it++)
	{
		double		gmax = 0,
					gd = 0,
					step,
					fnew = 0;
		bool		ok = false;

		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < n; i++)
			gmax = Max(gmax, fabs(g[i]));
		if (gmax <= tol)
		{
			*converged = true;
			break;
		}
		/* two-loop recursion: d = -H g */
		for (int i = 0; i < n; i++)
			d[i] = -g[i];
		for (int j = 0; j < k; j++)
		{
			int			b = (head - 1 - j + m) % m;
			double		s = 0;

			for (int i = 0; i < n; i++)
				s += S[(Size) b * n + i] * d[i];
			al[b] = rho[b] * s;
			for (int i = 0; i < n; i++)
				d[i] -= al[b] * Y[(Size) b * n + i];
		}
		if (k > 0)
		{
			int			b = (head - 1 + m) % m;
			double		sy = 0,
						yy = 0;

			for (int i = 0; i < n; i++)
			{
				sy += S[(Size) b * n + i] * Y[(Size) b * n + i];
				yy += Y[(Size) b * n + i] * Y[(Size) b * n + i];
			}
			for (int i = 0; i < n; i++)
				d[i] *= sy / yy;
		}
		for (int j = k - 1; j >= 0; j--)
		{
			int			b = (head - 1 - j + m) % m;
			double		s = 0;

			for (int i = 0; i < n; i++)
				s += Y[(Size) b * n + i] * d[i];
			s = al[b] - rho[b] * s;
			for (int i = 0; i < n; i++)
				d[i] += s * S[(Size) b * n + i];
		}
		for (int i = 0; i < n; i++)
			gd += g[i] * d[i];
		if (!(gd < 0))
		{
			/* not a descent direction (rounding): restart from the gradient */
			k = 0;
			gd = 0;
			for (int i = 0; i < n; i++)
			{
				d[i] = -g[i];
				gd -= g[i] * g[i];
			}
		}
		if (k == 0)
		{
			double		gn2 = 0;

			for (int i = 0; i < n; i++)
				gn2 += g[i] * g[i];
			step = Min(1.0, 1.0 / sqrt(gn2));
		}
		else
			step = 1.0;
		/* backtracking Armijo line search */
		for (int ls = 0; ls < 60; ls++)
		{
			for (int i = 0; i < n; i++)
				xn[i] = x[i] + step * d[i];
			fnew = fn(xn, gn, arg);
			if (isfinite(fnew) && fnew <= f + 1e-4 * step * gd)
			{
				ok = true;
				break;
			}
			step *= 0.5;
		}
		if (!ok)
			break;				/* no decrease possible at double precision */
		{
			double		sy = 0;

			for (int i = 0; i < n; i++)
			{
				S[(Size) head * n + i] = xn[i] - x[i];
				Y[(Size) head * n + i] = gn[i] - g[i];
				sy += S[(Size) head * n + i] * Y[(Size) head * n + i];
			}
			if (sy > 1e-300)
			{
				rho[head] = 1.0 / sy;
				head = (head + 1) % m;
				if (k < m)
					k++;
			}
		}
		memcpy(x, xn, sizeof(double) * n);
		memcpy(g, gn, sizeof(double) * n);
		f = fnew;
	}
	if (!*converged)
	{
		double		gmax = 0;

		for (int i = 0; i < n; i++)
			gmax = Max(gmax, fabs(g[i]));
		*converged = gmax <= tol;
	}
	pfree(g);
	pfree(gn);
	pfree(xn);
	pfree(d);
	pfree(S);
	pfree(Y);
	return it;
}

/* the logistic objective / (C n) over the CSR */
typedef struct LogitData
{
	int64		n;
	int			V,
				K;				/* K = 1: binomial */
	const int64 *ptr;
	const int32 *col;
	const double *val;
	const int32 *y;
	double		C;
	double	   *z;				/* K scratch */
} LogitData;

/* x = [w (V x K term-major), b (K)] */
static double
logit_obj(const double *x, double *g, void *arg)
{
	LogitData  *D = (LogitData *) arg;
	int			V = D->V,
				K = D->K;
	const double *w = x,
			   *b = x + (Size) V * K;
	double	   *gw = g,
			   *gb = g + (Size) V * K;
	double		f = 0,
				reg = 0,
				inv_n = 1.0 / (double) D->n,
				lam = 1.0 / (D->C * (double) D->n);

	memset(g, 0, sizeof(double) * ((Size) V * K + K));
	for (int64 i = 0; i < D->n; i++)
	{
		double	   *z = D->z;

		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		for (int k = 0; k < K; k++)
			z[k] = b[k];
		for (int64 e = D->ptr[i]; e < D->ptr[i + 1]; e++)
		{
			const double *wt = w + (Size) D->col[e] * K;
			double		xv = D->val[e];

			for (int k = 0; k < K; k++)
				z[k] += xv * wt[k];
		}
		if (K == 1)
		{
			double		zz = z[0],
						y = D->y[i],
						p;

			/* log(1 + e^z) - y z, stably */
			f += (zz > 0 ? zz + log1p(exp(-zz)) : log1p(exp(zz))) - y * zz;
			p = zz >= 0 ? 1.0 / (1.0 + exp(-zz)) : exp(zz) / (1.0 + exp(zz));
			z[0] = p - y;
		}
		else
		{
			double		mx = z[0],
						s = 0,
						lse;

			for (int k = 1; k < K; k++)
				mx = Max(mx, z[k]);
			for (int k = 0; k < K; k++)
				s += exp(z[k] - mx);
			lse = mx + log(s);
			f += lse - z[D->y[i]];
			for (int k = 0; k < K; k++)
				z[k] = exp(z[k] - lse) - (k == D->y[i] ? 1.0 : 0.0);
		}
		for (int k = 0; k < K; k++)
			gb[k] += z[k];
		for (int64 e = D->ptr[i]; e < D->ptr[i + 1]; e++)
		{
			double	   *gt = gw + (Size) D->col[e] * K;
			double		xv = D->val[e];

			for (int k = 0; k < K; k++)
				gt[k] += xv * z[k];
		}
	}
	for (Size j = 0; j < (Size) V * K; j++)
	{
		reg += w[j] * w[j];
		gw[j] = gw[j] * inv_n + lam * w[j];
	}
	for (int k = 0; k < K; k++)
		gb[k] *= inv_n;
	return f * inv_n + 0.5 * lam * reg;
}

/* ====================================================================
 * pmkt.text_classifier_train
 * ==================================================================== */
static bool
is_text_type(Oid t)
{
	return t == TEXTOID || t == VARCHAROID || t == BPCHAROID || t == NAMEOID;
}

static char *
config_qualified_name(Oid cfg)
{
	HeapTuple	tup = SearchSysCache1(TSCONFIGOID, ObjectIdGetDatum(cfg));
	Form_pg_ts_config f;
	char	   *r;

	if (!HeapTupleIsValid(tup))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("text search configuration %u does not exist (argument \"config\")", cfg)));
	f = (Form_pg_ts_config) GETSTRUCT(tup);
	r = quote_qualified_identifier(get_namespace_name(f->cfgnamespace), NameStr(f->cfgname));
	ReleaseSysCache(tup);
	return r;
}

#define ARG_NOT_NULL(i, name) \
	do { if (PG_ARGISNULL(i)) \
		ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), \
						errmsg("%s: argument \"%s\" must not be NULL", fn, (name)), \
						errhint("Pass a value or leave the argument out for its default."))); } while (0)

/* ====================================================================
 * Naive Bayes counts as a combinable aggregate (issue 18: both cores)
 *
 * pmkt.text_nb_counts(doc, label, config, ngram_max) sums, over its rows,
 * the documents per label, and per term its document frequency and its
 * count per label: all naive Bayes needs (without TF-IDF).  Sums of
 * integers, so any split of the rows (parallel workers, Citus shards) gives
 * the same state, bit for bit, and text_classifier_train the same model.
 *
 * The state, pmkt.textnbstate, is a flat varlena (alignment double):
 *   TnHeader
 *   int64 class_count[n_labels]
 *   int64 df[n_terms]                  documents holding the term
 *   int64 count[n_terms * n_labels]    term-major: count[t * n_labels + c]
 *   char  strings[strings_len]         config name, labels, terms, each
 *                                      NUL-ended; labels and terms in
 *                                      strictly increasing byte order
 * so that one set of rows has one flat state, whatever their order.  While
 * aggregating, the state is an expanded object (hash tables of labels and
 * terms, the text search reader's cache) updated in place.
 * ==================================================================== */
#define TN_MAGIC		0x544E4231	/* "TNB1" */
#define TN_VERSION		1
#define TN_TYPNAME		"pmkt.textnbstate"

typedef struct TnHeader
{
	int32		vl_len_;
	uint32		magic;
	int32		version;
	int32		ngram_max;
	int32		n_labels;
	int32		n_terms;
	int32		strings_len;
	int32		reserved;
	int64		n_docs;			/* rows with a label */
	int64		n_skipped;		/* rows with a NULL label */
} TnHeader;

typedef struct TnView
{
	const TnHeader *h;
	const int64 *class_count;
	const int64 *df;
	const int64 *count;
	const char *config;
	const char **label;
	const char **term;
} TnView;

static void
tn_bad(const char *why, const char *what, const char *detail_fmt,...)
pg_attribute_printf(3, 4) pg_attribute_noreturn();

static void
tn_bad(const char *why, const char *what, const char *detail_fmt,...)
{
	char		detail[256];
	va_list		ap;

	va_start(ap, detail_fmt);
	vsnprintf(detail, sizeof(detail), detail_fmt, ap);
	va_end(ap);
	if (strcmp(why, "input") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid %s value: %s", TN_TYPNAME, what),
				 errdetail("%s", detail),
				 errhint("Pass a state made by pmkt.text_nb_counts, unchanged.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s value for argument \"%s\": %s", TN_TYPNAME, why, what),
			 errdetail("%s", detail),
			 errhint("Pass a state made by pmkt.text_nb_counts, unchanged.")));
}

/* everything checked; why: "input" (22P02) or the argument's name (22023) */
static void
tn_view(const TnHeader *h, Size total, TnView *v, const char *why)
{
	Size		need;
	const char *p,
			   *end;
	int64		nstr = 0,
				sum = 0;

	if (total < sizeof(TnHeader))
		tn_bad(why, "too short", "%zu bytes, the header alone takes %zu.", total, sizeof(TnHeader));
	if (h->magic != TN_MAGIC || h->version != TN_VERSION)
		tn_bad(why, "not a naive Bayes state", "Tag %08x, version %d.", h->magic, h->version);
	if (h->ngram_max < 1 || h->ngram_max > 2 || h->n_labels < 0 || h->n_labels > TC_MAX_LABELS ||
		h->n_terms < 0 || h->n_terms > TC_MAX_TERMS || h->strings_len < 1 || h->reserved != 0 ||
		h->n_docs < 0 || h->n_skipped < 0 || (h->n_labels == 0) != (h->n_docs == 0) ||
		(h->n_terms > 0 && h->n_docs == 0))
		tn_bad(why, "bad header", "ngram_max %d, %d labels, %d terms, strings %d bytes, documents " INT64_FORMAT ", skipped " INT64_FORMAT ".",
			   h->ngram_max, h->n_labels, h->n_terms, h->strings_len, h->n_docs, h->n_skipped);
	need = sizeof(TnHeader) + sizeof(int64) * ((Size) h->n_labels + h->n_terms +
											   (Size) h->n_terms * h->n_labels) + (Size) h->strings_len;
	if (need != total)
		tn_bad(why, "wrong length", "%zu bytes, the header says %zu.", total, need);
	v->h = h;
	v->class_count = (const int64 *) ((const char *) h + sizeof(TnHeader));
	v->df = v->class_count + h->n_labels;
	v->count = v->df + h->n_terms;
	for (int c = 0; c < h->n_labels; c++)
	{
		if (v->class_count[c] < 1 || v->class_count[c] > h->n_docs - sum)
			tn_bad(why, "bad document count", "Label %d: " INT64_FORMAT ".", c + 1, v->class_count[c]);
		sum += v->class_count[c];
	}
	if (sum != h->n_docs)
		tn_bad(why, "document counts do not add up", INT64_FORMAT " documents per label, " INT64_FORMAT " in all.", sum, h->n_docs);
	for (int t = 0; t < h->n_terms; t++)
	{
		const int64 *ct = v->count + (Size) t * h->n_labels;
		int64		tot = 0;

		if (v->df[t] < 1 || v->df[t] > h->n_docs)
			tn_bad(why, "bad document frequency", "Term %d: " INT64_FORMAT ".", t + 1, v->df[t]);
		for (int c = 0; c < h->n_labels; c++)
		{
			if (ct[c] < 0 || ct[c] > PG_INT64_MAX - tot)
				tn_bad(why, "bad count", "Term %d, label %d: " INT64_FORMAT ".", t + 1, c + 1, ct[c]);
			tot += ct[c];
		}
		if (tot < v->df[t])
			tn_bad(why, "counts below the document frequency", "Term %d: " INT64_FORMAT " occurrences in " INT64_FORMAT " documents.", t + 1, tot, v->df[t]);
		if ((t & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	p = (const char *) (v->count + (Size) h->n_terms * h->n_labels);
	end = p + h->strings_len;
	if (end[-1] != '\0')
		tn_bad(why, "strings not terminated", "The last byte is %d.", end[-1]);
	for (const char *q = p; q < end; q++)
		if (*q == '\0')
			nstr++;
	if (nstr != 1 + (int64) h->n_labels + h->n_terms)
		tn_bad(why, "wrong number of strings", INT64_FORMAT " strings, expected %d.", nstr, 1 + h->n_labels + h->n_terms);
	v->config = p;
	if (*p == '\0' || strlen(p) > 2 * NAMEDATALEN + 4 || !pg_verifymbstr(p, strlen(p), true))
		tn_bad(why, "bad configuration name", "Length %zu.", strlen(p));
	p += strlen(p) + 1;
	v->label = palloc(sizeof(char *) * Max(h->n_labels, 1));
	for (int c = 0; c < h->n_labels; c++)
	{
		v->label[c] = p;
		if (!pg_verifymbstr(p, strlen(p), true))
			tn_bad(why, "label not valid text", "Label %d.", c + 1);
		if (c > 0 && strcmp(v->label[c - 1], p) >= 0)
			tn_bad(why, "labels not in increasing order", "Label %d.", c + 1);
		p += strlen(p) + 1;
	}
	v->term = palloc_extended(sizeof(char *) * Max(h->n_terms, 1), MCXT_ALLOC_HUGE);
	for (int t = 0; t < h->n_terms; t++)
	{
		v->term[t] = p;
		if (*p == '\0')
			tn_bad(why, "empty term", "Term %d.", t + 1);
		if (t > 0 && strcmp(v->term[t - 1], p) >= 0)
			tn_bad(why, "terms not in increasing order", "Term %d.", t + 1);
		if ((t & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		p += strlen(p) + 1;
	}
}

/* the expanded (working) form */
typedef struct TnState
{
	ExpandedObjectHeader hdr;
	MemoryContext cxt;
	char	   *config;			/* qualified name */
	Oid			cfg;			/* InvalidOid until a row names it */
	int			ngram_max;
	TermTab		labels;
	TermTab		terms;
	int			kcap;			/* stride of cnt, capacity of class_count */
	int			tcap;			/* capacity of df, lastdoc, cnt (terms) */
	int64	   *class_count;
	int64	   *df;
	int64	   *lastdoc;
	int64	   *cnt;			/* cnt[t * kcap + c] */
	int64		n_docs,
				n_skipped;
	TsLex	   *lex;
	StringInfoData key;
	int			cur_label;		/* the document being read */
	/* flat form: labels and terms in byte order (valid while perm_ok) */
	bool		perm_ok;
	int		   *lperm,
			   *tperm;
	Size		strings_len;
} TnState;

static Size tn_get_flat_size(ExpandedObjectHeader *eohptr);
static void tn_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods tn_methods = {
	tn_get_flat_size,
	tn_flatten_into
};

static void
tn_budget(TnState *E, Size extra)
{
	Size		used = tt_bytes(&E->terms) + tt_bytes(&E->labels) +
		(Size) E->tcap * (16 + 8 * (Size) E->kcap) + (Size) E->kcap * 8 + extra;

	if (used > PMKT_TRAIN_BUDGET_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("pmkt.text_nb_counts: the counts exceed pmkt.max_train_memory"),
				 errdetail("pmkt.max_train_memory is %d kB; " INT64_FORMAT " documents with %d distinct terms and %d labels were counted before it ran out (%zu kB needed).",
						   pmkt_max_train_memory_kb, E->n_docs, E->terms.n, E->labels.n, used / 1024),
				 errhint("Raise pmkt.max_train_memory, use ngram_max => 1, or train on a seeded sample, e.g. WHERE pmkt.train_test_split(id::text, 0.1, 42) = 'test'.")));
}

static TnState *
tn_new(MemoryContext parent, const char *config, int ngram_max, int kcap, int tcap)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "pmkt textnbstate", ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	TnState    *E = palloc0(sizeof(TnState));

	EOH_init_header(&E->hdr, &tn_methods, cxt);
	E->cxt = cxt;
	E->config = pstrdup(config);
	E->cfg = InvalidOid;
	E->ngram_max = ngram_max;
	tt_init(&E->labels, Max(kcap, 4));
	tt_init(&E->terms, Max(tcap, 1024));
	E->kcap = Max(kcap, 4);
	E->tcap = Max(tcap, 1024);
	E->class_count = palloc0(sizeof(int64) * E->kcap);
	E->df = palloc_extended(sizeof(int64) * E->tcap, MCXT_ALLOC_HUGE);
	E->lastdoc = palloc_extended(sizeof(int64) * E->tcap, MCXT_ALLOC_HUGE);
	E->cnt = palloc_extended(sizeof(int64) * (Size) E->tcap * E->kcap, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	initStringInfo(&E->key);
	MemoryContextSwitchTo(old);
	return E;
}

static int
tn_label_id(TnState *E, const char *s, int len)
{
	uint32		h = tt_hash(s, len);
	int			id = tt_find(&E->labels, s, len, h);
	MemoryContext old;

	if (id >= 0)
		return id;
	if (E->labels.n >= TC_MAX_LABELS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("pmkt.text_nb_counts: more than %d distinct labels", TC_MAX_LABELS),
				 errhint("Labels are classes: group rare ones, or check that the second column is the label.")));
	old = MemoryContextSwitchTo(E->cxt);
	if (E->labels.n == E->kcap)
	{
		int			nk = E->kcap * 2;
		int64	   *nc;

		tn_budget(E, (Size) E->tcap * 8 * (Size) nk);
		nc = palloc_extended(sizeof(int64) * (Size) E->tcap * nk, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		for (int t = 0; t < E->terms.n; t++)
			memcpy(nc + (Size) t * nk, E->cnt + (Size) t * E->kcap, sizeof(int64) * E->kcap);
		pfree(E->cnt);
		E->cnt = nc;
		E->class_count = repalloc(E->class_count, sizeof(int64) * nk);
		memset(E->class_count + E->kcap, 0, sizeof(int64) * (nk - E->kcap));
		E->kcap = nk;
	}
	id = tt_add(&E->labels, s, len, h);
	MemoryContextSwitchTo(old);
	E->perm_ok = false;
	return id;
}

static int
tn_term_id(TnState *E, const char *s, int len, uint32 h)
{
	int			id = tt_find(&E->terms, s, len, h);
	MemoryContext old;

	if (id >= 0)
		return id;
	if (E->terms.n >= TC_MAX_TERMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("pmkt.text_nb_counts: more than %d distinct terms", TC_MAX_TERMS),
				 errhint("Use ngram_max => 1 or train on a sample.")));
	old = MemoryContextSwitchTo(E->cxt);
	if (E->terms.n == E->terms.cap || (uint32) (E->terms.n + 1) * 2 > E->terms.nslots ||
		E->terms.alen + len + 1 > E->terms.acap)
		tn_budget(E, (Size) E->terms.cap * 20 + E->terms.nslots * 4 + len + E->terms.acap);
	if (E->terms.n == E->tcap)
	{
		int			nt = E->tcap * 2;

		tn_budget(E, (Size) E->tcap * (16 + 8 * (Size) E->kcap));
		E->df = repalloc_huge(E->df, sizeof(int64) * nt);
		E->lastdoc = repalloc_huge(E->lastdoc, sizeof(int64) * nt);
		E->cnt = repalloc_huge(E->cnt, sizeof(int64) * (Size) nt * E->kcap);
		E->tcap = nt;
	}
	id = tt_add(&E->terms, s, len, h);
	E->df[id] = 0;
	E->lastdoc[id] = -1;
	memset(E->cnt + (Size) id * E->kcap, 0, sizeof(int64) * E->kcap);
	MemoryContextSwitchTo(old);
	E->perm_ok = false;
	return id;
}

static void
tn_term(void *arg, const char *s, int len, int32 *slot)
{
	TnState    *E = (TnState *) arg;
	int			id;

	if (slot != NULL && *slot != TSLEX_UNSET)
		id = *slot;				/* ids are never reused in a state */
	else
	{
		id = tn_term_id(E, s, len, tt_hash(s, len));
		if (slot != NULL)
			*slot = id;
	}
	E->cnt[(Size) id * E->kcap + E->cur_label]++;
	if (E->lastdoc[id] != E->n_docs)
	{
		E->lastdoc[id] = E->n_docs;
		E->df[id]++;
	}
}

static void
tn_add_checked(int64 *a, int64 b)
{
	if (pg_add_s64_overflow(*a, b, a))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("pmkt.text_nb_counts: a count is out of range for bigint"),
				 errhint("Pass states made by pmkt.text_nb_counts, unchanged.")));
}

/* add a validated flat state into E (same configuration and ngram_max) */
static void
tn_merge(TnState *E, const TnView *v, const char *argname)
{
	const TnHeader *h = v->h;
	int		   *lmap = palloc(sizeof(int) * Max(h->n_labels, 1));

	if (strcmp(E->config, v->config) != 0 || E->ngram_max != h->ngram_max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pmkt.text_nb_counts: argument \"%s\" counts another configuration or ngram_max", argname),
				 errdetail("One state has configuration %s and ngram_max %d, the other %s and %d.",
						   E->config, E->ngram_max, v->config, h->ngram_max),
				 errhint("Combine states of one text_nb_counts(doc, label, config, ngram_max) with the same config and ngram_max.")));
	for (int c = 0; c < h->n_labels; c++)
	{
		lmap[c] = tn_label_id(E, v->label[c], strlen(v->label[c]));
		tn_add_checked(&E->class_count[lmap[c]], v->class_count[c]);
	}
	for (int t = 0; t < h->n_terms; t++)
	{
		int			len = strlen(v->term[t]);
		int			id = tn_term_id(E, v->term[t], len, tt_hash(v->term[t], len));

		tn_add_checked(&E->df[id], v->df[t]);
		for (int c = 0; c < h->n_labels; c++)
			tn_add_checked(&E->cnt[(Size) id * E->kcap + lmap[c]], v->count[(Size) t * h->n_labels + c]);
		if ((t & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	tn_add_checked(&E->n_docs, h->n_docs);
	tn_add_checked(&E->n_skipped, h->n_skipped);
	/* documents counted from here on have indexes >= n_docs: lastdoc stays valid */
	E->perm_ok = false;
	pfree(lmap);
}

static const char **sort_strs_tn;

static int
cmp_tn_idx(const void *a, const void *b)
{
	return strcmp(sort_strs_tn[*(const int *) a], sort_strs_tn[*(const int *) b]);
}

/* the byte order of labels and terms, and the strings' length */
static void
tn_order(TnState *E)
{
	MemoryContext old;

	if (E->perm_ok)
		return;
	old = MemoryContextSwitchTo(E->cxt);
	if (E->lperm)
		pfree(E->lperm);
	if (E->tperm)
		pfree(E->tperm);
	E->lperm = palloc(sizeof(int) * Max(E->labels.n, 1));
	E->tperm = palloc_extended(sizeof(int) * Max(E->terms.n, 1), MCXT_ALLOC_HUGE);
	{
		const char **ls = palloc(sizeof(char *) * Max(E->labels.n, 1));
		const char **ts = palloc_extended(sizeof(char *) * Max(E->terms.n, 1), MCXT_ALLOC_HUGE);

		E->strings_len = strlen(E->config) + 1;
		for (int c = 0; c < E->labels.n; c++)
		{
			ls[c] = E->labels.arena + E->labels.off[c];
			E->lperm[c] = c;
			E->strings_len += E->labels.len[c] + 1;
		}
		for (int t = 0; t < E->terms.n; t++)
		{
			ts[t] = E->terms.arena + E->terms.off[t];
			E->tperm[t] = t;
			E->strings_len += E->terms.len[t] + 1;
		}
		sort_strs_tn = ls;
		qsort(E->lperm, E->labels.n, sizeof(int), cmp_tn_idx);
		sort_strs_tn = ts;
		qsort(E->tperm, E->terms.n, sizeof(int), cmp_tn_idx);
		sort_strs_tn = NULL;
		pfree(ls);
		pfree(ts);
	}
	MemoryContextSwitchTo(old);
	E->perm_ok = true;
}

static Size
tn_get_flat_size(ExpandedObjectHeader *eohptr)
{
	TnState    *E = (TnState *) eohptr;
	Size		total;

	tn_order(E);
	total = sizeof(TnHeader) + sizeof(int64) * ((Size) E->labels.n + E->terms.n +
												(Size) E->terms.n * E->labels.n) + E->strings_len;
	if (E->strings_len > (Size) INT_MAX || total > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("pmkt.text_nb_counts: the state would take %zu bytes, more than a value may hold", total),
				 errhint("Use ngram_max => 1 or train on a sample.")));
	return total;
}

static void
tn_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	TnState    *E = (TnState *) eohptr;
	TnHeader   *h = (TnHeader *) result;
	int			K = E->labels.n,
				V = E->terms.n;
	int64	   *cc,
			   *df,
			   *ct;
	char	   *sp;

	tn_order(E);
	memset(h, 0, sizeof(TnHeader));
	SET_VARSIZE(h, allocated_size);
	h->magic = TN_MAGIC;
	h->version = TN_VERSION;
	h->ngram_max = E->ngram_max;
	h->n_labels = K;
	h->n_terms = V;
	h->strings_len = (int32) E->strings_len;
	h->n_docs = E->n_docs;
	h->n_skipped = E->n_skipped;
	cc = (int64 *) ((char *) h + sizeof(TnHeader));
	df = cc + K;
	ct = df + V;
	for (int c = 0; c < K; c++)
		cc[c] = E->class_count[E->lperm[c]];
	for (int t = 0; t < V; t++)
	{
		const int64 *src = E->cnt + (Size) E->tperm[t] * E->kcap;

		df[t] = E->df[E->tperm[t]];
		for (int c = 0; c < K; c++)
			ct[(Size) t * K + c] = src[E->lperm[c]];
	}
	sp = (char *) (ct + (Size) V * K);
	strcpy(sp, E->config);
	sp += strlen(E->config) + 1;
	for (int c = 0; c < K; c++)
	{
		memcpy(sp, E->labels.arena + E->labels.off[E->lperm[c]], E->labels.len[E->lperm[c]] + 1);
		sp += E->labels.len[E->lperm[c]] + 1;
	}
	for (int t = 0; t < V; t++)
	{
		memcpy(sp, E->terms.arena + E->terms.off[E->tperm[t]], E->terms.len[E->tperm[t]] + 1);
		sp += E->terms.len[E->tperm[t]] + 1;
	}
	Assert((Size) (sp - (char *) h) == allocated_size);
}

/* a flat copy of E in the current context */
static TnHeader *
tn_flat(TnState *E)
{
	Size		sz = tn_get_flat_size(&E->hdr);
	TnHeader   *h = palloc(sz);

	tn_flatten_into(&E->hdr, h, sz);
	return h;
}

/* the flat bytes of a state argument, validated */
static const TnHeader *
tn_arg_flat(Datum d, TnView *v, const char *argname)
{
	struct varlena *f = PG_DETOAST_DATUM(d);

	tn_view((const TnHeader *) f, VARSIZE(f), v, argname);
	return v->h;
}

/* a state argument as a working state: in place if it is ours, read-write */
static TnState *
tn_arg_state(Datum d, MemoryContext cxt, const char *argname)
{
	TnView		v;
	TnState    *E;

	if (VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == &tn_methods)
			return (TnState *) eoh;
	}
	tn_arg_flat(d, &v, argname);
	E = tn_new(cxt, v.config, v.h->ngram_max, v.h->n_labels * 2, v.h->n_terms + 1);
	tn_merge(E, &v, argname);
	return E;
}

static Datum
tn_result(TnState *E, bool in_agg)
{
	if (in_agg)
		return EOHPGetRWDatum(&E->hdr);
	return PointerGetDatum(tn_flat(E));
}

PG_FUNCTION_INFO_V1(pmkt_text_nb_counts_sfunc);
Datum
pmkt_text_nb_counts_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.text_nb_counts";
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	TnState    *E;
	Oid			cfg;
	int			ngram_max;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: argument \"%s\" must not be NULL", fn, PG_ARGISNULL(3) ? "config" : "ngram_max"),
				 errhint("Pass a text search configuration, e.g. 'english', and ngram_max 1 or 2.")));
	cfg = PG_GETARG_OID(3);
	ngram_max = PG_GETARG_INT32(4);
	if (ngram_max < 1 || ngram_max > 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"ngram_max\" must be 1 or 2", fn),
				 errdetail("ngram_max is %d.", ngram_max),
				 errhint("1 = single lexemes, 2 = lexemes and pairs of adjacent lexemes.")));
	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	if (PG_ARGISNULL(0))
	{
		tc_check_config(cfg, "config");
		E = tn_new(aggcxt, config_qualified_name(cfg), ngram_max, 4, 1024);
		E->cfg = cfg;
	}
	else
		E = tn_arg_state(PG_GETARG_DATUM(0), aggcxt, "state");
	if (E->cfg != cfg || E->ngram_max != ngram_max)
	{
		char	   *name;

		tc_check_config(cfg, "config");
		name = config_qualified_name(cfg);
		if (strcmp(name, E->config) != 0 || E->ngram_max != ngram_max)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: arguments \"config\" and \"ngram_max\" must be the same on every row", fn),
					 errdetail("The state counts configuration %s with ngram_max %d; this row has %s and %d.",
							   E->config, E->ngram_max, name, ngram_max),
					 errhint("Pass constants, e.g. pmkt.text_nb_counts(body, label, 'english', 1).")));
		E->cfg = cfg;
	}
	if (PG_ARGISNULL(2))
		E->n_skipped++;
	else
	{
		text	   *lt = PG_GETARG_TEXT_PP(2);

		E->cur_label = tn_label_id(E, VARDATA_ANY(lt), VARSIZE_ANY_EXHDR(lt));
		if (!PG_ARGISNULL(1))
		{
			text	   *doc = PG_GETARG_TEXT_PP(1);

			if (E->lex == NULL)
				E->lex = tslex_create(E->cxt, E->cfg);
			tc_doc_terms(E->lex, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), E->ngram_max,
						 tn_term, E, &E->key);
		}
		E->class_count[E->cur_label]++;
		E->n_docs++;
		E->perm_ok = false;
	}
	return tn_result(E, in_agg);
}

PG_FUNCTION_INFO_V1(pmkt_text_nb_counts_combine);
Datum
pmkt_text_nb_counts_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	TnState    *E;
	TnView		v;

	if (!in_agg)
		aggcxt = CurrentMemoryContext;
	tn_arg_flat(PG_GETARG_DATUM(1), &v, "b");
	E = tn_arg_state(PG_GETARG_DATUM(0), aggcxt, "a");
	tn_merge(E, &v, "b");
	return tn_result(E, in_agg);
}

PG_FUNCTION_INFO_V1(pmkt_textnbstate_in);
Datum
pmkt_textnbstate_in(PG_FUNCTION_ARGS)
{
	TnHeader   *m = (TnHeader *) pmkt_flat_hex_in(PG_GETARG_CSTRING(0),
												 sizeof(TnHeader) - VARHDRSZ, TN_TYPNAME, "state");
	TnView		v;

	tn_view(m, VARSIZE(m), &v, "input");
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(pmkt_textnbstate_out);
Datum
pmkt_textnbstate_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pmkt_flat_hex_out(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

PG_FUNCTION_INFO_V1(pmkt_textnbstate_recv);
Datum
pmkt_textnbstate_recv(PG_FUNCTION_ARGS)
{
	TnHeader   *m = (TnHeader *) pmkt_flat_recv((StringInfo) PG_GETARG_POINTER(0),
											  sizeof(TnHeader) - VARHDRSZ, TN_TYPNAME);
	TnView		v;

	tn_view(m, VARSIZE(m), &v, "input");
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(pmkt_textnbstate_send);
Datum
pmkt_textnbstate_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(pmkt_flat_send(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

PG_FUNCTION_INFO_V1(pmkt_text_nb_counts_info);
Datum
pmkt_text_nb_counts_info(PG_FUNCTION_ARGS)
{
	TnView		v;
	StringInfoData b;

	tn_arg_flat(PG_GETARG_DATUM(0), &v, "state");
	initStringInfo(&b);
	appendStringInfoString(&b, "{\"config\": ");
	escape_json(&b, v.config);
	appendStringInfo(&b, ", \"ngram_max\": %d, \"documents\": " INT64_FORMAT ", \"skipped\": " INT64_FORMAT ", \"terms\": %d, \"labels\": [",
					 v.h->ngram_max, v.h->n_docs, v.h->n_skipped, v.h->n_terms);
	for (int c = 0; c < v.h->n_labels; c++)
	{
		if (c > 0)
			appendStringInfoString(&b, ", ");
		escape_json(&b, v.label[c]);
	}
	appendStringInfoString(&b, "], \"documents_per_label\": [");
	for (int c = 0; c < v.h->n_labels; c++)
		appendStringInfo(&b, "%s" INT64_FORMAT, c > 0 ? ", " : "", v.class_count[c]);
	appendStringInfoString(&b, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(b.data)));
}

PG_FUNCTION_INFO_V1(pmkt_text_nb_counts_terms);
Datum
pmkt_text_nb_counts_terms(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsi = (ReturnSetInfo *) fcinfo->resultinfo;
	TnView		v;
	int			K;

	InitMaterializedSRF(fcinfo, 0);
	tn_arg_flat(PG_GETARG_DATUM(0), &v, "state");
	K = v.h->n_labels;
	for (int t = 0; t < v.h->n_terms; t++)
	{
		for (int c = 0; c < K; c++)
		{
			Datum		vals[4];
			bool		nulls[4] = {false, false, false, false};
			int64		n = v.count[(Size) t * K + c];

			if (n == 0)
				continue;
			vals[0] = CStringGetTextDatum(v.term[t]);
			vals[1] = CStringGetTextDatum(v.label[c]);
			vals[2] = Int64GetDatum(v.df[t]);
			vals[3] = Int64GetDatum(n);
			tuplestore_putvalues(rsi->setResult, rsi->setDesc, vals, nulls);
		}
		CHECK_FOR_INTERRUPTS();
	}
	return (Datum) 0;
}

/* the flat model (labels and terms in the model's order) */
static TcHeader *
tc_write_model(const char *fn, const char *cfgname, int method, int label_type, int K, int R, int V,
			   const char **lo, const char **to, const double *class_count, const double *bias,
			   const double *weight, const double *idf, int ngram_max, int min_df, bool tfidf,
			   int iterations, bool converged, int64 n_docs, int64 skipped, double alpha,
			   double C, double tol)
{
	Size		strings_len,
				total;
	TcHeader   *h;
	char	   *sp;

	strings_len = strlen(cfgname) + 1;
	for (int c = 0; c < K; c++)
		strings_len += strlen(lo[c]) + 1;
	for (int t = 0; t < V; t++)
		strings_len += strlen(to[t]) + 1;
	if (strings_len > (Size) INT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: the vocabulary is too large for one model", fn),
				 errhint("Raise min_df or use ngram_max => 1.")));
	total = sizeof(TcHeader) + sizeof(double) * ((Size) K + R + (Size) V * R + (tfidf ? V : 0)) + strings_len;
	if (total > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: the model would take %zu bytes, more than a value may hold (1 GB)", fn, total),
				 errhint("Raise min_df or use ngram_max => 1.")));
	h = palloc0(total);
	SET_VARSIZE(h, total);
	h->magic = TC_MAGIC;
	h->version = TC_VERSION;
	h->method = method;
	h->label_type = label_type;
	h->n_labels = K;
	h->n_terms = V;
	h->n_rows = R;
	h->ngram_max = ngram_max;
	h->min_df = min_df;
	h->tfidf = tfidf ? 1 : 0;
	h->iterations = iterations;
	h->converged = converged ? 1 : 0;
	h->strings_len = (int32) strings_len;
	h->n_docs = n_docs;
	h->n_skipped = skipped;
	h->alpha = method == TC_NB ? alpha : 0;
	h->C = method == TC_LOGISTIC ? C : 0;
	h->tol = method == TC_LOGISTIC ? tol : 0;
	{
		double	   *dp = (double *) ((char *) h + sizeof(TcHeader));

		memcpy(dp, class_count, sizeof(double) * K);
		dp += K;
		memcpy(dp, bias, sizeof(double) * R);
		dp += R;
		memcpy(dp, weight, sizeof(double) * (Size) V * R);
		dp += (Size) V * R;
		if (tfidf)
		{
			memcpy(dp, idf, sizeof(double) * V);
			dp += V;
		}
		sp = (char *) dp;
	}
	strcpy(sp, cfgname);
	sp += strlen(cfgname) + 1;
	for (int c = 0; c < K; c++)
	{
		strcpy(sp, lo[c]);
		sp += strlen(lo[c]) + 1;
	}
	for (int t = 0; t < V; t++)
	{
		strcpy(sp, to[t]);
		sp += strlen(to[t]) + 1;
	}
	{
		TcView		v;

		tc_view(h, total, &v, "model");
	}
	return h;
}

/*
 * Naive Bayes (counts, no TF-IDF) from a pmkt.textnbstate: the same
 * arithmetic, in the same order, as the loader's path below, on the same
 * integer counts, so the same model bit for bit.
 */
static TcHeader *
tc_nb_from_counts(const char *fn, const TnView *sv, const char *cfgname, int label_type,
				  int ngram_max, int min_df, double alpha)
{
	const TnHeader *sh = sv->h;
	int			K = sh->n_labels,
				V = 0;
	int		   *lorder,
			   *tkeep;
	const char **lo,
			  **to;
	double	   *class_count,
			   *bias,
			   *weight,
			   *tot;

	if (sh->n_docs == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"query\" returned no row with a label", fn),
				 errdetail(INT64_FORMAT " rows had a NULL label.", sh->n_skipped),
				 errhint("Train on labelled texts: SELECT body, rating FROM reviews WHERE rating IS NOT NULL.")));
	if (K < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"query\" has only one label", fn),
				 errdetail("Every one of the " INT64_FORMAT " labelled rows has the label '%s'.", sh->n_docs, sv->label[0]),
				 errhint("A classifier needs at least two labels in its training rows.")));
	lorder = palloc(sizeof(int) * K);
	lo = palloc(sizeof(char *) * K);
	for (int c = 0; c < K; c++)
		lorder[c] = c;
	sort_label_type = label_type;
	sort_strs = sv->label;
	qsort(lorder, K, sizeof(int), cmp_label_idx);
	for (int c = 0; c < K; c++)
		lo[c] = sv->label[lorder[c]];
	/* the state's terms are in byte order already: the model's order */
	tkeep = palloc_extended(sizeof(int) * Max(sh->n_terms, 1), MCXT_ALLOC_HUGE);
	for (int t = 0; t < sh->n_terms; t++)
		if (sv->df[t] >= min_df)
			tkeep[V++] = t;
	if (V == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: no term appears in min_df = %d documents", fn, min_df),
				 errdetail(INT64_FORMAT " documents, %d distinct terms before the min_df filter.", sh->n_docs, sh->n_terms),
				 errhint("Lower min_df, or check the texts and the configuration (a configuration whose dictionaries drop every word, or empty texts, leave no terms).")));
	{
		Size		model_bytes = sizeof(double) * ((Size) K + K + (Size) V * K + V);

		if (model_bytes > PMKT_TRAIN_BUDGET_BYTES)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("%s: the model exceeds pmkt.max_train_memory", fn),
					 errdetail("pmkt.max_train_memory is %d kB; %d terms and %d labels need %zu kB.",
							   pmkt_max_train_memory_kb, V, K, model_bytes / 1024),
					 errhint("Raise pmkt.max_train_memory or min_df, or use ngram_max => 1.")));
	}
	to = palloc_extended(sizeof(char *) * V, MCXT_ALLOC_HUGE);
	class_count = palloc(sizeof(double) * K);
	bias = palloc(sizeof(double) * K);
	tot = palloc0(sizeof(double) * K);
	weight = palloc_extended(sizeof(double) * (Size) V * K, MCXT_ALLOC_HUGE);
	for (int c = 0; c < K; c++)
		class_count[c] = (double) sv->class_count[lorder[c]];
	for (int t = 0; t < V; t++)
	{
		const int64 *ct = sv->count + (Size) tkeep[t] * K;

		to[t] = sv->term[tkeep[t]];
		for (int c = 0; c < K; c++)
			weight[(Size) t * K + c] = (double) ct[lorder[c]];
		if ((t & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (Size j = 0; j < (Size) V * K; j++)
	{
		weight[j] += alpha;
		tot[j % K] += weight[j];
	}
	for (Size j = 0; j < (Size) V * K; j++)
		weight[j] = log(weight[j]) - log(tot[j % K]);
	for (int c = 0; c < K; c++)
		bias[c] = log(class_count[c]) - log((double) sh->n_docs);
	return tc_write_model(fn, cfgname, TC_NB, label_type, K, K, V, lo, to, class_count, bias,
						  weight, NULL, ngram_max, min_df, false, 0, true, sh->n_docs,
						  sh->n_skipped, alpha, 0, 0);
}

/* the user's query is one plain SELECT: it can be a subquery */
static bool
tc_plain_select(SPIPlanPtr plan)
{
	List	   *srcs = SPI_plan_get_plan_sources(plan);
	CachedPlanSource *ps;
	Query	   *q;

	if (list_length(srcs) != 1)
		return false;
	ps = (CachedPlanSource *) linitial(srcs);
	if (ps->commandTag != CMDTAG_SELECT || list_length(ps->query_list) != 1)
		return false;
	q = linitial_node(Query, ps->query_list);
	return q->commandType == CMD_SELECT && q->utilityStmt == NULL &&
		!q->hasModifyingCTE && q->rowMarks == NIL;
}

PG_FUNCTION_INFO_V1(pmkt_text_classifier_train);
Datum
pmkt_text_classifier_train(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.text_classifier_train";
	char	   *query,
			   *method_s;
	Oid			cfg;
	int			ngram_max,
				min_df,
				max_iter,
				method;
	bool		tfidf;
	double		alpha,
				C,
				tol;
	TcLoad		L;
	TermTab		labels;
	int			label_type = TC_LABEL_TEXT;
	MemoryContext cxt = CurrentMemoryContext,
				doccxt;
	PmktUserQuery uq;
	SPIPlanPtr	plan;
	Portal		portal;
	bool		pushed = false;
	Oid			ttyp,
				ltyp;
	int64		skipped = 0;
	StringInfoData key;
	char	   *cfgname;
	TsLex	   *lex;

	for (int i = 0; i < 10; i++)
	{
		static const char *const names[] = {"query", "method", "config", "ngram_max", "min_df",
		"tfidf", "alpha", "c", "max_iter", "tol"};

		ARG_NOT_NULL(i, names[i]);
	}
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	method_s = text_to_cstring(PG_GETARG_TEXT_PP(1));
	cfg = PG_GETARG_OID(2);
	ngram_max = PG_GETARG_INT32(3);
	min_df = PG_GETARG_INT32(4);
	tfidf = PG_GETARG_BOOL(5);
	alpha = PG_GETARG_FLOAT8(6);
	C = PG_GETARG_FLOAT8(7);
	max_iter = PG_GETARG_INT32(8);
	tol = PG_GETARG_FLOAT8(9);

	if (strcmp(method_s, "naive_bayes") == 0)
		method = TC_NB;
	else if (strcmp(method_s, "logistic") == 0)
		method = TC_LOGISTIC;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: unknown method (argument \"method\")", fn),
				 errdetail("method is '%s'.", method_s),
				 errhint("Use 'naive_bayes' or 'logistic'.")));
	if (ngram_max < 1 || ngram_max > 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"ngram_max\" must be 1 or 2", fn),
				 errdetail("ngram_max is %d.", ngram_max),
				 errhint("1 = single lexemes, 2 = lexemes and pairs of adjacent lexemes.")));
	if (min_df < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"min_df\" must be at least 1", fn),
				 errdetail("min_df is %d.", min_df),
				 errhint("min_df is the number of training documents a term must appear in.")));
	if (!isfinite(alpha) || alpha <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"alpha\" must be a positive finite number", fn),
				 errdetail("alpha is %g.", alpha),
				 errhint("alpha is the additive (Laplace/Lidstone) smoothing of naive Bayes; 1 is the usual choice.")));
	if (!isfinite(C) || C <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"c\" must be a positive finite number", fn),
				 errdetail("c is %g.", C),
				 errhint("c is the inverse L2 penalty of logistic regression (as scikit-learn's C); 1 is the usual choice.")));
	if (max_iter < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"max_iter\" must be at least 1", fn),
				 errdetail("max_iter is %d.", max_iter)));
	if (!isfinite(tol) || tol <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"tol\" must be a positive finite number", fn),
				 errdetail("tol is %g.", tol),
				 errhint("tol bounds the largest gradient component at the optimum, e.g. 1e-6.")));
	tc_check_config(cfg, "config");
	cfgname = config_qualified_name(cfg);

	memset(&L, 0, sizeof(L));
	L.fn = fn;
	L.cxt = AllocSetContextCreate(cxt, "pmkt textclf data", ALLOCSET_DEFAULT_SIZES);
	{
		MemoryContext old = MemoryContextSwitchTo(L.cxt);

		tt_init(&L.terms, 1024);
		L.dfcap = 1024;
		L.df = palloc(sizeof(int32) * L.dfcap);
		L.lastdoc = palloc(sizeof(int32) * L.dfcap);
		L.ncap = 1024;
		L.ptr = palloc(sizeof(int64) * L.ncap);
		L.lab = palloc(sizeof(int32) * L.ncap);
		L.ptr[0] = 0;
		L.nnzcap = 8192;
		L.col = palloc(sizeof(int32) * L.nnzcap);
		L.val = palloc(sizeof(double) * L.nnzcap);
		L.curcap = 256;
		L.cur = palloc(sizeof(int32) * L.curcap);
		tt_init(&labels, 16);
		MemoryContextSwitchTo(old);
	}
	lex = tslex_create(cxt, cfg);
	doccxt = AllocSetContextCreate(cxt, "pmkt textclf document", ALLOCSET_DEFAULT_SIZES);
	initStringInfo(&key);

	/* ---- read the query ---- */
	uq.funcname = fn;
	uq.argname = "query";
	uq.query = query;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(cxt);
	if (!ActiveSnapshotSet())
	{
		PushActiveSnapshot(GetTransactionSnapshot());
		pushed = true;
	}
	plan = pmkt_uq_prepare_cursor(&uq, query, 0, NULL, 0);
	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s: could not prepare the query (argument \"query\")", fn),
				 errdetail("%s", SPI_result_code_string(SPI_result))));
	if (!SPI_is_cursor_plan(plan))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("%s: argument \"query\" must be one statement returning rows", fn),
				 errhint("Write e.g. SELECT body, rating FROM reviews.")));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	MemoryContextSwitchTo(cxt);
	if (portal->tupDesc->natts != 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: argument \"query\" must return two columns (text, label)", fn),
				 errdetail("The query returns %d columns.", portal->tupDesc->natts),
				 errhint("Write e.g. SELECT body, rating FROM reviews.")));
	ttyp = TupleDescAttr(portal->tupDesc, 0)->atttypid;
	ltyp = TupleDescAttr(portal->tupDesc, 1)->atttypid;
	if (!is_text_type(ttyp))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: the first column of argument \"query\" must be text", fn),
				 errdetail("Column \"%s\" has type %s.", NameStr(TupleDescAttr(portal->tupDesc, 0)->attname),
						   format_type_be(ttyp)),
				 errhint("Select the text first, then the label: SELECT body, rating FROM reviews.")));
	if (ltyp == BOOLOID)
		label_type = TC_LABEL_BOOL;
	else if (ltyp == INT2OID || ltyp == INT4OID || ltyp == INT8OID)
		label_type = TC_LABEL_INT;
	else if (is_text_type(ltyp))
		label_type = TC_LABEL_TEXT;
	else
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: the second column of argument \"query\" (the label) must be text, integer or boolean", fn),
				 errdetail("Column \"%s\" has type %s.", NameStr(TupleDescAttr(portal->tupDesc, 1)->attname),
						   format_type_be(ltyp)),
				 errhint("Labels are classes; cast a score to a class first, e.g. (stars >= 4).")));
	if (method == TC_NB && !tfidf && ltyp != BPCHAROID && tc_plain_select(plan))
	{
		/*
		 * Naive Bayes on counts: the combinable aggregate over the user's
		 * query, so the planner may spread it over parallel workers (or
		 * Citus over shards).  Same counts, same model.
		 */
		char	   *sql = psprintf("SELECT pmkt.text_nb_counts(q.doc::pg_catalog.text, q.label::pg_catalog.text, $1, $2) "
								   "FROM (%s\n) AS q(doc, label)", query);
		Oid			argtypes[2] = {REGCONFIGOID, INT4OID};
		Datum		vals[2] = {ObjectIdGetDatum(cfg), Int32GetDatum(ngram_max)};
		SPIPlanPtr	agg;
		bool		isnull;
		Datum		st;
		TnView		sv;
		TcHeader   *h;

		SPI_cursor_close(portal);
		agg = pmkt_uq_prepare_cursor(&uq, sql, 2, argtypes, CURSOR_OPT_PARALLEL_OK);
		if (agg == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("%s: could not prepare the counting pass", fn),
					 errdetail("%s", SPI_result_code_string(SPI_result))));
		if (pmkt_uq_execute_plan(&uq, agg, sql, vals, NULL, true, 0) != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "%s: the counting pass returned no row", fn);
		st = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"query\" returned no row with a label", fn),
					 errdetail(INT64_FORMAT " rows had a NULL label.", (int64) 0),
					 errhint("Train on labelled texts: SELECT body, rating FROM reviews WHERE rating IS NOT NULL.")));
		MemoryContextSwitchTo(cxt);
		st = PointerGetDatum(PG_DETOAST_DATUM_COPY(st));
		if (pushed)
			PopActiveSnapshot();
		SPI_finish();
		MemoryContextSwitchTo(cxt);
		tn_view((const TnHeader *) DatumGetPointer(st), VARSIZE(DatumGetPointer(st)), &sv, "state");
		h = tc_nb_from_counts(fn, &sv, cfgname, label_type, ngram_max, min_df, alpha);
		MemoryContextDelete(L.cxt);
		PG_RETURN_POINTER(h);
	}
	for (;;)
	{
		SPI_cursor_fetch(portal, true, 1000);
		MemoryContextSwitchTo(cxt);
		if (SPI_processed == 0)
			break;
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			bool		lnull,
						tnull;
			Datum		lv = SPI_getbinval(tup, SPI_tuptable->tupdesc, 2, &lnull),
						tv;
			char		lbuf[32];
			const char *ls;
			int			lid;
			MemoryContext old;

			CHECK_FOR_INTERRUPTS();
			if (lnull)
			{
				skipped++;
				continue;
			}
			old = MemoryContextSwitchTo(doccxt);
			if (label_type == TC_LABEL_BOOL)
				ls = DatumGetBool(lv) ? "true" : "false";
			else if (label_type == TC_LABEL_INT)
			{
				int64		x = ltyp == INT2OID ? DatumGetInt16(lv) :
					ltyp == INT4OID ? DatumGetInt32(lv) : DatumGetInt64(lv);

				snprintf(lbuf, sizeof(lbuf), INT64_FORMAT, x);
				ls = lbuf;
			}
			else if (ltyp == NAMEOID)
				ls = NameStr(*DatumGetName(lv));
			else
				ls = TextDatumGetCString(lv);
			{
				int			ll = strlen(ls);
				uint32		h = tt_hash(ls, ll);

				lid = tt_find(&labels, ls, ll, h);
				if (lid < 0)
				{
					MemoryContextSwitchTo(L.cxt);
					if (labels.n >= TC_MAX_LABELS)
						ereport(ERROR,
								(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
								 errmsg("%s: more than %d distinct labels", fn, TC_MAX_LABELS),
								 errhint("Labels are classes: group rare ones, or check that the second column is the label.")));
					lid = tt_add(&labels, ls, ll, h);
					MemoryContextSwitchTo(doccxt);
				}
			}
			tv = SPI_getbinval(tup, SPI_tuptable->tupdesc, 1, &tnull);
			if (!tnull)
			{
				if (ttyp == NAMEOID)
				{
					const char *s = NameStr(*DatumGetName(tv));

					tc_doc_terms(lex, s, strlen(s), ngram_max, tc_load_term, &L, &key);
				}
				else
				{
					text	   *t = DatumGetTextPP(tv);

					tc_doc_terms(lex, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), ngram_max,
								 tc_load_term, &L, &key);
				}
			}
			MemoryContextSwitchTo(L.cxt);
			if (L.n >= INT_MAX - 1)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("%s: more than %d documents", fn, INT_MAX - 2)));
			tc_load_close_doc(&L, lid);
			MemoryContextSwitchTo(old);
			MemoryContextReset(doccxt);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	if (pushed)
		PopActiveSnapshot();
	SPI_finish();
	MemoryContextSwitchTo(cxt);

	if (L.n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"query\" returned no row with a label", fn),
				 errdetail(INT64_FORMAT " rows had a NULL label.", skipped),
				 errhint("Train on labelled texts: SELECT body, rating FROM reviews WHERE rating IS NOT NULL.")));
	if (labels.n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"query\" has only one label", fn),
				 errdetail("Every one of the " INT64_FORMAT " labelled rows has the label '%s'.", L.n, labels.arena),
				 errhint("A classifier needs at least two labels in its training rows.")));

	/* ---- labels in order, terms kept (min_df) in byte order ---- */
	{
		int			K = labels.n,
					V,
					R;
		int		   *lorder = palloc(sizeof(int) * K),
				   *lnew = palloc(sizeof(int) * K);
		const char **lstr = palloc(sizeof(char *) * K);
		int		   *tkeep,
				   *tnew;
		const char **tstr;
		int			nkept = 0;
		double	   *class_count,
				   *bias,
				   *weight,
				   *idf = NULL;
		int			iterations = 0;
		bool		converged = true;
		TcHeader   *h;

		for (int c = 0; c < K; c++)
		{
			lorder[c] = c;
			lstr[c] = labels.arena + labels.off[c];
		}
		sort_label_type = label_type;
		sort_strs = lstr;
		qsort(lorder, K, sizeof(int), cmp_label_idx);
		for (int c = 0; c < K; c++)
			lnew[lorder[c]] = c;
		for (int64 i = 0; i < L.n; i++)
			L.lab[i] = lnew[L.lab[i]];

		tkeep = palloc_extended(sizeof(int) * Max(L.terms.n, 1), MCXT_ALLOC_HUGE);
		tnew = palloc_extended(sizeof(int) * Max(L.terms.n, 1), MCXT_ALLOC_HUGE);
		tstr = palloc_extended(sizeof(char *) * Max(L.terms.n, 1), MCXT_ALLOC_HUGE);
		for (int t = 0; t < L.terms.n; t++)
		{
			tstr[t] = L.terms.arena + L.terms.off[t];
			tnew[t] = -1;
			if (L.df[t] >= min_df)
				tkeep[nkept++] = t;
		}
		if (nkept == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: no term appears in min_df = %d documents", fn, min_df),
					 errdetail(INT64_FORMAT " documents, %d distinct terms before the min_df filter.", L.n, L.terms.n),
					 errhint("Lower min_df, or check the texts and the configuration (a configuration whose dictionaries drop every word, or empty texts, leave no terms).")));
		sort_strs = tstr;
		qsort(tkeep, nkept, sizeof(int), cmp_term_idx);
		for (int t = 0; t < nkept; t++)
			tnew[tkeep[t]] = t;
		V = nkept;
		/* rewrite the CSR on the kept terms */
		{
			int64		w = 0;

			for (int64 i = 0; i < L.n; i++)
			{
				int64		s = L.ptr[i],
							e = L.ptr[i + 1];

				L.ptr[i] = w;
				for (int64 q = s; q < e; q++)
					if (tnew[L.col[q]] >= 0)
					{
						L.col[w] = tnew[L.col[q]];
						L.val[w] = L.val[q];
						w++;
					}
			}
			L.ptr[L.n] = w;
			L.nnz = w;
		}
		R = (method == TC_LOGISTIC && K == 2) ? 1 : K;
		{
			Size		model_bytes = sizeof(double) * ((Size) K + R + (Size) V * R + V);
			Size		work = method == TC_LOGISTIC ? sizeof(double) * ((Size) V * R + R) * 25 : 0;

			tc_budget(&L, model_bytes + work);
		}
		class_count = palloc0(sizeof(double) * K);
		bias = palloc0(sizeof(double) * R);
		weight = MemoryContextAllocExtended(cxt, sizeof(double) * (Size) V * R, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		for (int64 i = 0; i < L.n; i++)
			class_count[L.lab[i]] += 1;
		if (tfidf)
		{
			int		   *dfk = palloc0(sizeof(int) * V);

			idf = palloc(sizeof(double) * V);
			for (int64 q = 0; q < L.nnz; q++)
				dfk[L.col[q]]++;
			for (int t = 0; t < V; t++)
				idf[t] = log((1.0 + (double) L.n) / (1.0 + (double) dfk[t])) + 1.0;
			for (int64 i = 0; i < L.n; i++)
			{
				double		ss = 0;

				for (int64 q = L.ptr[i]; q < L.ptr[i + 1]; q++)
				{
					L.val[q] *= idf[L.col[q]];
					ss += L.val[q] * L.val[q];
				}
				if (ss > 0)
				{
					double		nrm = sqrt(ss);

					for (int64 q = L.ptr[i]; q < L.ptr[i + 1]; q++)
						L.val[q] /= nrm;
				}
			}
		}
		if (method == TC_NB)
		{
			double	   *tot = palloc0(sizeof(double) * K);

			for (int64 i = 0; i < L.n; i++)
			{
				int			c = L.lab[i];

				for (int64 q = L.ptr[i]; q < L.ptr[i + 1]; q++)
					weight[(Size) L.col[q] * K + c] += L.val[q];
			}
			for (Size j = 0; j < (Size) V * K; j++)
			{
				weight[j] += alpha;
				tot[j % K] += weight[j];
			}
			for (Size j = 0; j < (Size) V * K; j++)
				weight[j] = log(weight[j]) - log(tot[j % K]);
			for (int c = 0; c < K; c++)
				bias[c] = log(class_count[c]) - log((double) L.n);
		}
		else
		{
			LogitData	D;
			Size		np = (Size) V * R + R;
			double	   *x;

			if (np > (Size) INT_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("%s: too many coefficients (%zu)", fn, np),
						 errhint("Raise min_df or use ngram_max => 1.")));
			x = MemoryContextAllocExtended(cxt, sizeof(double) * np, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
			D.n = L.n;
			D.V = V;
			D.K = R;
			D.ptr = L.ptr;
			D.col = L.col;
			D.val = L.val;
			D.y = L.lab;
			D.C = C;
			D.z = palloc(sizeof(double) * R);
			iterations = tc_lbfgs((int) np, x, logit_obj, &D, max_iter, tol, &converged);
			memcpy(weight, x, sizeof(double) * (Size) V * R);
			memcpy(bias, x + (Size) V * R, sizeof(double) * R);
			for (Size j = 0; j < np; j++)
				if (!isfinite(x[j]))
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("%s: the logistic fit diverged", fn),
							 errhint("Lower c (a stronger penalty).")));
			if (!converged)
				ereport(NOTICE,
						(errmsg("%s: L-BFGS stopped after %d iterations before the gradient fell below tol = %g", fn, iterations, tol),
						 errhint("Raise max_iter or tol; the model is kept.")));
		}

		/* ---- the flat model ---- */
		{
			const char **lo = palloc(sizeof(char *) * K);
			const char **to = palloc_extended(sizeof(char *) * V, MCXT_ALLOC_HUGE);

			for (int c = 0; c < K; c++)
				lo[c] = lstr[lorder[c]];
			for (int t = 0; t < V; t++)
				to[t] = tstr[tkeep[t]];
			h = tc_write_model(fn, cfgname, method, label_type, K, R, V, lo, to, class_count, bias,
							   weight, idf, ngram_max, min_df, tfidf, iterations, converged,
							   L.n, skipped, alpha, C, tol);
		}
		MemoryContextDelete(L.cxt);
		PG_RETURN_POINTER(h);
	}
}

/* ====================================================================
 * Scoring
 * ==================================================================== */
typedef struct TcModel
{
	TcView		v;
	Oid			cfg;
	TsLex	   *lex;			/* the server's lexemes, cached per token */
	TermTab		terms;
	/* scratch */
	int32	   *cur;
	int			ncur,
				curcap;
	double	   *score;
	double	   *prob;
	StringInfoData key;
} TcModel;

/* cache key: the raw argument (a toast pointer is the identity of its value) */
typedef struct TcCache
{
	MemoryContext cxt;
	bool		stable;			/* argument is a constant: never changes */
	Size		keylen;
	char	   *key;
	TcModel    *model;
} TcCache;

static TcModel *
tc_build(const TcHeader *h, const char *argname)
{
	TcModel    *M = palloc0(sizeof(TcModel));
	const char *p;

	tc_view(h, VARSIZE(h), &M->v, argname);
	/* by name (a dump and restore changes OIDs): 42704 if it is gone */
	M->cfg = DatumGetObjectId(DirectFunctionCall1(regconfigin, CStringGetDatum(M->v.config)));
	tc_check_config(M->cfg, argname);
	M->lex = tslex_create(CurrentMemoryContext, M->cfg);
	/* the model's terms, in place */
	M->terms.n = 0;
	M->terms.cap = h->n_terms;
	M->terms.nslots = 16;
	while (M->terms.nslots < (uint32) h->n_terms * 2)
		M->terms.nslots <<= 1;
	M->terms.slots = palloc_extended(sizeof(int32) * M->terms.nslots, MCXT_ALLOC_HUGE);
	memset(M->terms.slots, 0xff, sizeof(int32) * M->terms.nslots);
	M->terms.hash = palloc_extended(sizeof(uint32) * h->n_terms, MCXT_ALLOC_HUGE);
	M->terms.off = palloc_extended(sizeof(int64) * h->n_terms, MCXT_ALLOC_HUGE);
	M->terms.len = palloc_extended(sizeof(int32) * h->n_terms, MCXT_ALLOC_HUGE);
	M->terms.arena = unconstify(char *, M->v.terms);
	M->terms.own_arena = false;
	p = M->v.terms;
	for (int t = 0; t < h->n_terms; t++)
	{
		int			len = strlen(p);

		M->terms.off[t] = p - M->v.terms;
		M->terms.len[t] = len;
		M->terms.hash[t] = tt_hash(p, len);
		tt_insert_slot(&M->terms, t);
		M->terms.n++;
		p += len + 1;
		if ((t & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	M->curcap = 256;
	M->cur = palloc(sizeof(int32) * M->curcap);
	M->score = palloc(sizeof(double) * h->n_labels);
	M->prob = palloc(sizeof(double) * h->n_labels);
	initStringInfo(&M->key);
	return M;
}

static TcModel *
tc_get_model(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	TcCache    *c = (TcCache *) fcinfo->flinfo->fn_extra;
	Datum		raw = PG_GETARG_DATUM(argno);
	struct varlena *rv = (struct varlena *) DatumGetPointer(raw);
	const char *kb;
	Size		kl;

	if (VARATT_IS_EXTERNAL_ONDISK(rv))
	{
		kb = (const char *) rv;
		kl = VARSIZE_EXTERNAL(rv);
	}
	else if (VARATT_IS_EXTERNAL(rv))
	{
		kb = NULL;				/* expanded / indirect: compare the flat bytes */
		kl = 0;
	}
	else
	{
		kb = (const char *) rv;
		kl = VARSIZE_ANY(rv);
	}
	if (c != NULL && c->model != NULL)
	{
		if (c->stable)
			return c->model;
		if (kb != NULL && c->keylen == kl && memcmp(c->key, kb, kl) == 0)
			return c->model;
	}
	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(TcCache));
		c->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "pmkt textmodel cache",
									   ALLOCSET_DEFAULT_SIZES);
		fcinfo->flinfo->fn_extra = c;
	}
	else
	{
		MemoryContextReset(c->cxt);
		c->model = NULL;
		c->key = NULL;
		c->keylen = 0;
	}
	{
		MemoryContext old = MemoryContextSwitchTo(c->cxt);
		struct varlena *flat = PG_DETOAST_DATUM_COPY(raw);
		TcModel    *M;

		if (VARSIZE(flat) < sizeof(TcHeader))
			tc_bad(argname, "too short", "%zu bytes.", (Size) VARSIZE(flat));
		M = tc_build((const TcHeader *) flat, argname);
		if (kb == NULL)
		{
			kb = (const char *) flat;
			kl = VARSIZE(flat);
			c->key = NULL;
		}
		else
		{
			c->key = palloc(kl);
			memcpy(c->key, kb, kl);
			c->keylen = kl;
		}
		c->stable = get_fn_expr_arg_stable(fcinfo->flinfo, argno);
		c->model = M;
		MemoryContextSwitchTo(old);
		return M;
	}
}

static void
tc_score_term(void *arg, const char *s, int len, int32 *slot)
{
	TcModel    *M = (TcModel *) arg;
	int			id;

	if (slot != NULL && *slot != TSLEX_UNSET)
		id = *slot;				/* the model's id, or -1 */
	else
	{
		id = tt_find(&M->terms, s, len, tt_hash(s, len));
		if (slot != NULL)
			*slot = id;
	}

	if (id < 0)
		return;					/* unseen term: ignored */
	if (M->ncur == M->curcap)
	{
		M->curcap *= 2;
		M->cur = repalloc_huge(M->cur, sizeof(int32) * M->curcap);
	}
	M->cur[M->ncur++] = id;
}

/* probabilities of every label for one text (NULL: no terms) into M->prob */
static void
tc_predict(TcModel *M, text *doc, MemoryContext scratch)
{
	const TcHeader *h = M->v.h;
	int			K = h->n_labels,
				R = h->n_rows;
	double	   *z = M->score;
	MemoryContext old = MemoryContextSwitchTo(scratch);

	M->ncur = 0;
	if (doc != NULL)
		tc_doc_terms(M->lex, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), h->ngram_max,
					 tc_score_term, M, &M->key);
	MemoryContextSwitchTo(old);
	sort_ids(M->cur, M->ncur);
	for (int r = 0; r < R; r++)
		z[r] = M->v.bias[r];
	{
		/* (term, value) runs; TF-IDF scales and normalises them first */
		double		nrm = 1;

		if (M->v.idf)
		{
			double		ss = 0;

			for (int i = 0; i < M->ncur;)
			{
				int			j = i;

				while (j < M->ncur && M->cur[j] == M->cur[i])
					j++;
				ss += ((j - i) * M->v.idf[M->cur[i]]) * ((j - i) * M->v.idf[M->cur[i]]);
				i = j;
			}
			nrm = ss > 0 ? sqrt(ss) : 1;
		}
		for (int i = 0; i < M->ncur;)
		{
			int			j = i;
			double		xv;
			const double *wt = M->v.weight + (Size) M->cur[i] * R;

			while (j < M->ncur && M->cur[j] == M->cur[i])
				j++;
			xv = (double) (j - i);
			if (M->v.idf)
				xv = xv * M->v.idf[M->cur[i]] / nrm;
			for (int r = 0; r < R; r++)
				z[r] += xv * wt[r];
			i = j;
		}
	}
	if (R == 1)
	{
		double		p = z[0] >= 0 ? 1.0 / (1.0 + exp(-z[0])) : exp(z[0]) / (1.0 + exp(z[0]));

		M->prob[0] = 1.0 - p;
		M->prob[1] = p;
	}
	else
	{
		double		mx = z[0],
					s = 0;

		for (int k = 1; k < K; k++)
			mx = Max(mx, z[k]);
		for (int k = 0; k < K; k++)
			s += exp(z[k] - mx);
		for (int k = 0; k < K; k++)
			M->prob[k] = exp(z[k] - mx - log(s));
	}
	for (int k = 0; k < K; k++)
		if (!isfinite(M->prob[k]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("pmkt.text_classify: value out of range: overflow")));
}

static MemoryContext
tc_scratch(FunctionCallInfo fcinfo)
{
	/* per-call allocations of the parser: the caller's short-lived context */
	(void) fcinfo;
	return CurrentMemoryContext;
}

PG_FUNCTION_INFO_V1(pmkt_text_classify);
Datum
pmkt_text_classify(PG_FUNCTION_ARGS)
{
	TcModel    *M;
	TupleDesc	td;
	Datum		vals[2];
	bool		nulls[2] = {false, false};
	int			best = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("pmkt.text_classify: no result type")));
	M = tc_get_model(fcinfo, 0, "model");
	tc_predict(M, PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1), tc_scratch(fcinfo));
	for (int k = 1; k < M->v.h->n_labels; k++)
		if (M->prob[k] > M->prob[best])
			best = k;
	vals[0] = CStringGetTextDatum(M->v.label[best]);
	vals[1] = Float8GetDatum(M->prob[best]);
	td = BlessTupleDesc(td);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, vals, nulls)));
}

PG_FUNCTION_INFO_V1(pmkt_text_classify_label);
Datum
pmkt_text_classify_label(PG_FUNCTION_ARGS)
{
	TcModel    *M;
	int			best = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	M = tc_get_model(fcinfo, 0, "model");
	tc_predict(M, PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1), tc_scratch(fcinfo));
	for (int k = 1; k < M->v.h->n_labels; k++)
		if (M->prob[k] > M->prob[best])
			best = k;
	PG_RETURN_TEXT_P(cstring_to_text(M->v.label[best]));
}

PG_FUNCTION_INFO_V1(pmkt_text_classify_proba);
Datum
pmkt_text_classify_proba(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsi = (ReturnSetInfo *) fcinfo->resultinfo;
	TcModel    *M;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	InitMaterializedSRF(fcinfo, 0);
	M = tc_get_model(fcinfo, 0, "model");
	tc_predict(M, PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1), tc_scratch(fcinfo));
	for (int k = 0; k < M->v.h->n_labels; k++)
	{
		Datum		vals[2];
		bool		nulls[2] = {false, false};

		vals[0] = CStringGetTextDatum(M->v.label[k]);
		vals[1] = Float8GetDatum(M->prob[k]);
		tuplestore_putvalues(rsi->setResult, rsi->setDesc, vals, nulls);
	}
	return (Datum) 0;
}

/* pmkt.text_tokens(doc, config, ngram_max): the terms of a text, in order */
typedef struct TokList
{
	ArrayBuildState *abs;
} TokList;

static void
tok_add(void *arg, const char *s, int len, int32 *slot)
{
	TokList    *T = (TokList *) arg;

	(void) slot;
	T->abs = accumArrayResult(T->abs, PointerGetDatum(cstring_to_text_with_len(s, len)),
							  false, TEXTOID, CurrentMemoryContext);
}

typedef struct TokCache
{
	Oid			cfg;
	TsLex	   *lex;
} TokCache;

PG_FUNCTION_INFO_V1(pmkt_text_tokens);
Datum
pmkt_text_tokens(PG_FUNCTION_ARGS)
{
	text	   *doc;
	Oid			cfg;
	int			ngram_max;
	TokList		T;
	StringInfoData key;
	TsLex	   *lex;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	doc = PG_GETARG_TEXT_PP(0);
	cfg = PG_GETARG_OID(1);
	ngram_max = PG_GETARG_INT32(2);
	if (ngram_max < 1 || ngram_max > 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pmkt.text_tokens: argument \"ngram_max\" must be 1 or 2"),
				 errdetail("ngram_max is %d.", ngram_max)));
	tc_check_config(cfg, "config");
	{
		/* one reader per call site and configuration: its cache serves every row */
		TokCache   *c = (TokCache *) fcinfo->flinfo->fn_extra;

		if (c == NULL)
		{
			c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(TokCache));
			fcinfo->flinfo->fn_extra = c;
		}
		if (c->lex == NULL || c->cfg != cfg)
		{
			if (c->lex != NULL)
				tslex_destroy(c->lex);
			c->lex = NULL;
			c->lex = tslex_create(fcinfo->flinfo->fn_mcxt, cfg);
			c->cfg = cfg;
		}
		lex = c->lex;
	}
	T.abs = initArrayResult(TEXTOID, CurrentMemoryContext, false);
	initStringInfo(&key);
	tc_doc_terms(lex, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), ngram_max, tok_add, &T, &key);
	PG_RETURN_DATUM(makeArrayResult(T.abs, CurrentMemoryContext));
}

/* pmkt.text_classifier_info(model) */
PG_FUNCTION_INFO_V1(pmkt_text_classifier_info);
Datum
pmkt_text_classifier_info(PG_FUNCTION_ARGS)
{
	struct varlena *m = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	TcView		v;
	const TcHeader *h = (const TcHeader *) m;
	StringInfoData s;

	if (VARSIZE(m) < sizeof(TcHeader))
		tc_bad("model", "too short", "%zu bytes.", (Size) VARSIZE(m));
	tc_view(h, VARSIZE(m), &v, "model");
	initStringInfo(&s);
	appendStringInfo(&s, "{\"method\": \"%s\", \"config\": ",
					 h->method == TC_NB ? "naive_bayes" : "logistic");
	escape_json(&s, v.config);
	appendStringInfo(&s, ", \"ngram_max\": %d, \"min_df\": %d, \"tfidf\": %s, \"label_type\": \"%s\", \"labels\": [",
					 h->ngram_max, h->min_df, h->tfidf ? "true" : "false",
					 h->label_type == TC_LABEL_TEXT ? "text" : h->label_type == TC_LABEL_INT ? "integer" : "boolean");
	for (int c = 0; c < h->n_labels; c++)
	{
		if (c)
			appendStringInfoString(&s, ", ");
		escape_json(&s, v.label[c]);
	}
	appendStringInfoString(&s, "], \"class_counts\": [");
	for (int c = 0; c < h->n_labels; c++)
		appendStringInfo(&s, "%s%.0f", c ? ", " : "", v.class_count[c]);
	appendStringInfo(&s, "], \"terms\": %d, \"documents\": " INT64_FORMAT ", \"skipped\": " INT64_FORMAT,
					 h->n_terms, h->n_docs, h->n_skipped);
	if (h->method == TC_NB)
	{
		appendStringInfoString(&s, ", \"alpha\": ");
		pmkt_append_double(&s, h->alpha);
	}
	else
	{
		appendStringInfoString(&s, ", \"c\": ");
		pmkt_append_double(&s, h->C);
		appendStringInfoString(&s, ", \"tol\": ");
		pmkt_append_double(&s, h->tol);
		appendStringInfo(&s, ", \"iterations\": %d, \"converged\": %s, \"form\": \"%s\"",
						 h->iterations, h->converged ? "true" : "false",
						 h->n_rows == 1 ? "binomial" : "multinomial");
	}
	appendStringInfoChar(&s, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}
