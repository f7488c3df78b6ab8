/*
 * lda.c
 *    Topics: latent Dirichlet allocation by variational Bayes, batch or
 *    online (Hoffman, Blei and Bach, NIPS 2010), issue 18 part 4.
 *
 * The algorithm is scikit-learn's LatentDirichletAllocation (1.2), step by
 * step, so that from the same initial lambda the two agree to rounding:
 *   - E-step per document: gamma starts from seeded Gamma(100, 1/100) draws
 *     (training) or ones (scoring); then up to max_doc_update_iter rounds of
 *       phinorm_w = sum_k exp(E[log theta_k]) exp(E[log beta_kw]) + eps
 *       gamma_k   = exp(E[log theta_k]) sum_w n_w exp(E[log beta_kw]) / phinorm_w + alpha
 *     until the mean absolute change of gamma is below mean_change_tol;
 *     sufficient statistics sum_d exp(E[log theta_dk]) n_dw / phinorm_dw,
 *     times exp(E[log beta_kw]);
 *   - M-step: batch lambda = eta + sstats; online (mini-batches of
 *     batch_size documents in the query's order) lambda = (1 - rho) lambda
 *     + rho (eta + D / |batch| sstats), rho = (learning_offset + t)^-decay;
 *   - perplexity = exp(-bound / words) with scikit-learn's approximate
 *     bound (_approx_bound).
 * Tokens are PostgreSQL's text search lexemes: to_tsvector(config, text)
 * by the server (parser, dictionaries, stemmer, stop words); a lexeme's
 * count in a document is its number of positions (the server keeps at most
 * 256 positions per lexeme, so counts are capped at 256).
 * One difference from scikit-learn: its Cython code uses a truncated
 * asymptotic series for psi (error up to ~3e-9); pmkt's digamma is accurate
 * to ~1e-15 (as scipy.special.psi).  From the same initialisation the
 * components agree to ~1e-8 relative (sql/text/topics).
 */
#include "pmkt.h"

#include <float.h>
#include <math.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_ts_config.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "tsearch/ts_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "lda.h"
#include "util/argcache.h"
#include "util/array.h"
#include "util/matrix.h"
#include "util/rng.h"
#include "util/serial.h"

#define TYPNAME "pmkt.topicmodel"
#define ALIGN8(x) (((x) + 7) & ~((Size) 7))
#define FETCH_ROWS 1000

/* ====================================================================
 * numerics
 * ==================================================================== */

/*
 * digamma for x > 0.  psi(x) = psi(x + n) - sum_{i<n} 1/(x + i) up to
 * x + n >= 10, then psi(y) = log y - 1/(2y) - sum_k B_2k / (2k y^2k) to
 * k = 7 (remainder < 1e-17 at y = 10).
 */
double
pmkt_digamma(double x)
{
	double		r = 0.0,
				f,
				t;

	if (!(x > 0.0))
		return get_float8_nan();
	if (x < 1e-6)
		return -1.0 / x - 0.57721566490153286061 + 1.6449340668482264365 * x;
	while (x < 10.0)
	{
		r -= 1.0 / x;
		x += 1.0;
	}
	f = 1.0 / (x * x);
	t = f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240 +
		f * (-1.0 / 132 + f * (691.0 / 32760 + f * (-1.0 / 12)))))));
	return r + log(x) - 0.5 / x + t;
}

/* Gamma(shape, scale) by Marsaglia and Tsang (2000), shape >= 1 */
static double
gamma_draw(PmktRng *rng, double shape, double scale)
{
	double		d = shape - 1.0 / 3.0,
				c = 1.0 / sqrt(9.0 * d);

	for (;;)
	{
		double		x = pmkt_rng_normal(rng),
					v = 1.0 + c * x,
					u;

		if (v <= 0)
			continue;
		v = v * v * v;
		u = pmkt_rng_uniform(rng);
		if (u < 1.0 - 0.0331 * x * x * x * x)
			return d * v * scale;
		if (u > 0 && log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
			return d * v * scale;
	}
}

/* out[k] = psi(a[k]) - psi(sum a): E[log theta] for theta ~ Dirichlet(a) */
static void
dirichlet_expectation(const double *a, int k, double *out)
{
	double		s = 0,
				ps;

	for (int i = 0; i < k; i++)
		s += a[i];
	ps = pmkt_digamma(s);
	for (int i = 0; i < k; i++)
		out[i] = pmkt_digamma(a[i]) - ps;
}

/* exp(E[log beta]) of every topic row of lambda (K x V) into out */
static void
exp_dirichlet_rows(const double *lambda, int K, int V, double *out)
{
	for (int k = 0; k < K; k++)
	{
		const double *row = lambda + (Size) k * V;
		double	   *o = out + (Size) k * V;

		CHECK_FOR_INTERRUPTS();
		dirichlet_expectation(row, V, o);
		for (int w = 0; w < V; w++)
			o[w] = exp(o[w]);
	}
}

/* the documents: CSR over term ids, counts as doubles */
typedef struct LdaDocs
{
	int64		n_docs;
	int64		nnz;
	int64	   *start;			/* n_docs + 1 */
	int32	   *ids;
	double	   *cnt;
	int			max_len;		/* longest document (distinct terms) */
	int64		n_skipped;
	double		words;
} LdaDocs;

typedef struct LdaParams
{
	int			K;
	int			V;
	double		alpha;
	double		eta;
	int			max_doc_iter;
	double		tol;
} LdaParams;

/* scratch of the E-step */
typedef struct LdaWork
{
	double	   *eb;				/* K x max_len, gathered exp(E[log beta]) */
	double	   *r;				/* max_len */
	double	   *last;			/* K */
	double	   *expdt;			/* K */
} LdaWork;

static void
work_init(LdaWork *w, int K, int max_len)
{
	int			m = Max(max_len, 1);

	w->eb = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * (Size) K * m);
	w->r = palloc(sizeof(double) * m);
	w->last = palloc(sizeof(double) * K);
	w->expdt = palloc(sizeof(double) * K);
}

/*
 * scikit-learn's _update_doc_distribution for one document.  gamma holds
 * the initial values and receives the result; when sstats is not NULL the
 * document's statistics are added to it (K x V, before the final product
 * with exp(E[log beta])).
 */
static void
estep_doc(const LdaParams *P, const double *expbeta, const int32 *ids,
		  const double *cnt, int n, double *gamma, double *sstats, LdaWork *w)
{
	int			K = P->K;
	double	   *eb = w->eb,
			   *expdt = w->expdt;

	for (int k = 0; k < K; k++)
		for (int j = 0; j < n; j++)
			eb[(Size) k * n + j] = expbeta[(Size) k * P->V + ids[j]];
	dirichlet_expectation(gamma, K, expdt);
	for (int k = 0; k < K; k++)
		expdt[k] = exp(expdt[k]);
	for (int it = 0; it < P->max_doc_iter; it++)
	{
		double		tot = 0,
					ps,
					change = 0;

		if (n > 1000)
			CHECK_FOR_INTERRUPTS();
		memcpy(w->last, gamma, sizeof(double) * K);
		for (int j = 0; j < n; j++)
		{
			double		s = 0;

			for (int k = 0; k < K; k++)
				s += expdt[k] * eb[(Size) k * n + j];
			w->r[j] = cnt[j] / (s + DBL_EPSILON);
		}
		for (int k = 0; k < K; k++)
		{
			double		s = 0;
			const double *e = eb + (Size) k * n;

			for (int j = 0; j < n; j++)
				s += w->r[j] * e[j];
			gamma[k] = expdt[k] * s + P->alpha;
			tot += gamma[k];
		}
		ps = pmkt_digamma(tot);
		for (int k = 0; k < K; k++)
		{
			expdt[k] = exp(pmkt_digamma(gamma[k]) - ps);
			change += fabs(w->last[k] - gamma[k]);
		}
		if (change / K < P->tol)
			break;
	}
	if (sstats)
	{
		for (int j = 0; j < n; j++)
		{
			double		s = 0;

			for (int k = 0; k < K; k++)
				s += expdt[k] * eb[(Size) k * n + j];
			w->r[j] = cnt[j] / (s + DBL_EPSILON);
		}
		for (int k = 0; k < K; k++)
		{
			double	   *row = sstats + (Size) k * P->V;

			for (int j = 0; j < n; j++)
				row[ids[j]] += expdt[k] * w->r[j];
		}
	}
}

/*
 * E-step over documents [d0, d1): gamma (rows d0.. of a (d1-d0) x K array)
 * from rng draws (rng not NULL) or ones.
 */
static void
estep(const LdaParams *P, const LdaDocs *D, int64 d0, int64 d1,
	  const double *expbeta, PmktRng *rng, double *gamma, double *sstats, LdaWork *w)
{
	int			K = P->K;

	if (rng)
		for (int64 i = 0; i < (d1 - d0) * K; i++)
			gamma[i] = gamma_draw(rng, 100.0, 0.01);
	else
		for (int64 i = 0; i < (d1 - d0) * K; i++)
			gamma[i] = 1.0;
	for (int64 d = d0; d < d1; d++)
	{
		if (((d - d0) & 255) == 0)
			CHECK_FOR_INTERRUPTS();
		estep_doc(P, expbeta, D->ids + D->start[d], D->cnt + D->start[d],
				  (int) (D->start[d + 1] - D->start[d]), gamma + (d - d0) * K, sstats, w);
	}
	if (sstats)
		for (Size i = 0; i < (Size) K * P->V; i++)
			sstats[i] *= expbeta[i];
}

/* scipy.special.gammaln for x > 0 */
static inline double
gammaln(double x)
{
	return lgamma(x);
}

/*
 * scikit-learn's _approx_bound (sub_sampling = False) and the perplexity
 * exp(-bound / words).  gamma: D x K from estep with ones.
 */
static double
perplexity(const LdaParams *P, const LdaDocs *D, const double *lambda,
		   const double *gamma)
{
	int			K = P->K,
				V = P->V;
	double	   *elb = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * (Size) K * V);
	double	   *elt = palloc(sizeof(double) * K);
	double	   *tmp = palloc(sizeof(double) * K);
	double		score = 0,
				docpart = 0,
				topicpart = 0;

	for (int k = 0; k < K; k++)
		dirichlet_expectation(lambda + (Size) k * V, V, elb + (Size) k * V);
	for (int64 d = 0; d < D->n_docs; d++)
	{
		const double *g = gamma + d * K;
		double		gs = 0;

		if ((d & 255) == 0)
			CHECK_FOR_INTERRUPTS();
		dirichlet_expectation(g, K, elt);
		for (int64 e = D->start[d]; e < D->start[d + 1]; e++)
		{
			int			w = D->ids[e];
			double		mx = -INFINITY,
						s = 0;

			for (int k = 0; k < K; k++)
			{
				tmp[k] = elt[k] + elb[(Size) k * V + w];
				if (tmp[k] > mx)
					mx = tmp[k];
			}
			for (int k = 0; k < K; k++)
				s += exp(tmp[k] - mx);
			score += D->cnt[e] * (mx + log(s));
		}
		for (int k = 0; k < K; k++)
		{
			docpart += (P->alpha - g[k]) * elt[k];
			docpart += gammaln(g[k]) - gammaln(P->alpha);
			gs += g[k];
		}
		docpart += gammaln(P->alpha * K) - gammaln(gs);
	}
	for (int k = 0; k < K; k++)
	{
		const double *l = lambda + (Size) k * V;
		double		ls = 0;

		CHECK_FOR_INTERRUPTS();
		for (int w = 0; w < V; w++)
		{
			topicpart += (P->eta - l[w]) * elb[(Size) k * V + w];
			topicpart += gammaln(l[w]) - gammaln(P->eta);
			ls += l[w];
		}
		topicpart += gammaln(P->eta * V) - gammaln(ls);
	}
	score += docpart + topicpart;
	pfree(elb);
	pfree(elt);
	pfree(tmp);
	if (!(D->words > 0))
		return get_float8_nan();
	return exp(-score / D->words);
}

/* ====================================================================
 * the model: view and validation
 * ==================================================================== */

typedef struct LdaView
{
	LdaHeader  *h;
	int32	   *term_off;
	double	   *lambda;
	char	   *str;
} LdaView;

static int64
lda_layout(const LdaHeader *h, LdaView *v)
{
	Size		off = ALIGN8(sizeof(LdaHeader));

	if (h->n_topics < 1 || h->n_topics > LDA_MAX_TOPICS ||
		h->n_terms < 1 || h->n_terms > LDA_MAX_TERMS ||
		h->strings_len < 2 || h->strings_len > 0x3fffffff ||
		(double) h->n_topics * h->n_terms > (double) (MaxAllocHugeSize / 16))
		return -1;
	if (v)
		v->term_off = (int32 *) ((char *) h + off);
	off = ALIGN8(off + sizeof(int32) * (Size) h->n_terms);
	if (v)
		v->lambda = (double *) ((char *) h + off);
	off = ALIGN8(off + sizeof(double) * (Size) h->n_topics * h->n_terms);
	if (v)
		v->str = (char *) h + off;
	off = ALIGN8(off + (Size) h->strings_len);
	return (int64) off;
}

static void
lda_bad(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s value", TYPNAME),
			 errdetail("The model is corrupt: %s.", what),
			 errhint("Train the model again with pmkt.topics_train.")));
}

static inline const char *
lda_term(const LdaView *v, int i)
{
	return v->str + v->term_off[i];
}

/* every field, offset, term order and value; the caller detoasted and aligned m */
static void
lda_view(LdaHeader *m, LdaView *v)
{
	int64		sz;
	int32		pos;

	if (VARSIZE(m) < sizeof(LdaHeader))
		lda_bad("too short");
	if (m->magic != LDA_MAGIC || m->version != LDA_VERSION)
		lda_bad("wrong magic number or version");
	sz = lda_layout(m, v);
	if (sz < 0)
		lda_bad("counts out of range");
	if ((int64) VARSIZE(m) != sz)
		lda_bad("wrong size");
	v->h = m;
	if ((m->method != LDA_METHOD_BATCH && m->method != LDA_METHOD_ONLINE) ||
		m->max_iter < 1 || m->n_iter < 0 || m->n_iter > m->max_iter ||
		m->batch_size < 1 || m->max_doc_update_iter < 1 || m->min_df < 1 ||
		m->n_docs < 1 || m->n_skipped < 0 || m->n_batch_iter < 1)
		lda_bad("settings out of range");
	if (!isfinite(m->doc_topic_prior) || m->doc_topic_prior <= 0 ||
		!isfinite(m->topic_word_prior) || m->topic_word_prior <= 0 ||
		!isfinite(m->learning_decay) || m->learning_decay <= 0.5 || m->learning_decay > 1 ||
		!isfinite(m->learning_offset) || m->learning_offset <= 1 ||
		!isfinite(m->mean_change_tol) || m->mean_change_tol < 0 ||
		!isfinite(m->max_df) || m->max_df <= 0 || m->max_df > 1 ||
		!isfinite(m->total_words) || m->total_words < 0 ||
		isinf(m->perplexity))
		lda_bad("priors or settings not valid");
	/* strings: configuration name, then the terms, contiguous and ascending */
	if (v->str[m->strings_len - 1] != '\0')
		lda_bad("strings not terminated");
	pos = (int32) strlen(v->str) + 1;
	if (pos < 2)
		lda_bad("empty configuration name");
	for (int i = 0; i < m->n_terms; i++)
	{
		int32		len;

		if (v->term_off[i] != pos || pos >= m->strings_len)
			lda_bad("term offsets not contiguous");
		len = (int32) strlen(v->str + pos);
		if (len < 1)
			lda_bad("empty term");
		if (i > 0 && strcmp(lda_term(v, i - 1), lda_term(v, i)) >= 0)
			lda_bad("terms not in strictly ascending order");
		pos += len + 1;
	}
	if (pos != m->strings_len)
		lda_bad("trailing bytes after the terms");
	for (Size i = 0; i < (Size) m->n_topics * m->n_terms; i++)
		if (!isfinite(v->lambda[i]) || v->lambda[i] <= 0)
			lda_bad("a topic-word parameter is not a positive finite number");
}

/* detoast, align, validate */
static LdaHeader *
get_model(Datum d, LdaView *v)
{
	LdaHeader  *m = (LdaHeader *) PG_DETOAST_DATUM(d);

	if ((uintptr_t) m % MAXIMUM_ALIGNOF != 0)
	{
		LdaHeader  *c = palloc(VARSIZE(m));

		memcpy(c, m, VARSIZE(m));
		m = c;
	}
	lda_view(m, v);
	return m;
}

/* ====================================================================
 * reading documents: (text) or (doc_id, text) rows -> lexeme counts
 * ==================================================================== */

/* open-addressing dictionary of lexemes (training) */
typedef struct Dict
{
	int32	   *slot;			/* -1 empty, else term id */
	uint32	   *hash;			/* per term */
	int64		nslots;
	int32		n;
	int32		cap;
	int64	   *off;			/* per term: offset in arena */
	int32	   *len;
	int32	   *df;
	char	   *arena;
	int64		arena_len;
	int64		arena_cap;
} Dict;

typedef struct Loader
{
	const char *fn;
	Oid			cfg;
	/* training: dict; scoring: the model's sorted vocabulary */
	Dict	   *dict;
	const LdaView *model;
	/* raw documents: (term id, count) pairs */
	int64		n_docs;
	int64		docs_cap;
	int64	   *start;
	int64		nnz;
	int64		nnz_cap;
	int32	   *ids;
	int32	   *cnt;
	int64		n_skipped;
	Size		extra;			/* bytes the trainer needs beside the rows */
} Loader;

static void *
grow(void *p, int64 *cap, int64 need, Size elem)
{
	int64		nc;

	if (need <= *cap)
		return p;
	nc = Max(*cap * 2, Max(need, 1024));
	if ((double) nc * elem > (double) MaxAllocHugeSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the documents are too large for pmkt.topics_train")));
	p = p ? repalloc_huge(p, (Size) nc * elem) : MemoryContextAllocHuge(CurrentMemoryContext, (Size) nc * elem);
	*cap = nc;
	return p;
}

static Size
loader_bytes(const Loader *L)
{
	Size		b = (Size) L->docs_cap * 8 + (Size) L->nnz_cap * 8 + L->extra;

	if (L->dict)
		b += (Size) L->dict->nslots * 4 + (Size) L->dict->cap * 24 + (Size) L->dict->arena_cap;
	return b;
}

static void
check_budget(const Loader *L, const char *what)
{
	if (loader_bytes(L) > PMKT_TRAIN_BUDGET_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("%s: the documents exceed pmkt.max_train_memory", L->fn),
				 errdetail("pmkt.max_train_memory is %d kB; " INT64_FORMAT " documents with " INT64_FORMAT
						   " (document, term) counts were read when %s needed %zu kB.",
						   pmkt_max_train_memory_kb, L->n_docs, L->nnz, what,
						   loader_bytes(L) / 1024),
				 errhint("Raise pmkt.max_train_memory, use fewer topics or a larger min_df, or train on a seeded sample of the texts.")));
}

static int32
dict_get(Loader *L, const char *s, int len)
{
	Dict	   *d = L->dict;
	uint32		h = hash_bytes((const unsigned char *) s, len);
	int64		i;

	if ((int64) d->n * 2 >= d->nslots)
	{
		int64		ns = Max(d->nslots * 2, 1024);
		int32	   *sl = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int32) * ns);

		for (int64 j = 0; j < ns; j++)
			sl[j] = -1;
		for (int32 t = 0; t < d->n; t++)
		{
			int64		j = d->hash[t] & (ns - 1);

			while (sl[j] >= 0)
				j = (j + 1) & (ns - 1);
			sl[j] = t;
		}
		if (d->slot)
			pfree(d->slot);
		d->slot = sl;
		d->nslots = ns;
		check_budget(L, "the vocabulary");
	}
	i = h & (d->nslots - 1);
	while (d->slot[i] >= 0)
	{
		int32		t = d->slot[i];

		if (d->hash[t] == h && d->len[t] == len && memcmp(d->arena + d->off[t], s, len) == 0)
			return t;
		i = (i + 1) & (d->nslots - 1);
	}
	if (d->n == d->cap)
	{
		int64		c = d->cap,
					c2 = d->cap,
					c3 = d->cap,
					c4 = d->cap;

		if (d->n >= LDA_MAX_TERMS * 4)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: more than %d distinct lexemes", L->fn, LDA_MAX_TERMS * 4)));
		d->hash = grow(d->hash, &c, d->n + 1, sizeof(uint32));
		d->off = grow(d->off, &c2, d->n + 1, sizeof(int64));
		d->len = grow(d->len, &c3, d->n + 1, sizeof(int32));
		d->df = grow(d->df, &c4, d->n + 1, sizeof(int32));
		d->cap = (int32) c;
	}
	d->arena = grow(d->arena, &d->arena_cap, d->arena_len + len + 1, 1);
	memcpy(d->arena + d->arena_len, s, len);
	d->arena[d->arena_len + len] = '\0';
	d->off[d->n] = d->arena_len;
	d->len[d->n] = len;
	d->hash[d->n] = h;
	d->df[d->n] = 0;
	d->arena_len += len + 1;
	d->slot[i] = d->n;
	return d->n++;
}

/* the model's term id of a lexeme, or -1 */
static int32
vocab_find(const LdaView *v, const char *s, int len)
{
	int32		lo = 0,
				hi = v->h->n_terms - 1;

	while (lo <= hi)
	{
		int32		mid = lo + (hi - lo) / 2;
		const char *t = lda_term(v, mid);
		int			c = strncmp(t, s, len);

		if (c == 0)
			c = t[len] == '\0' ? 0 : 1;
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* add one document's tsvector */
static void
add_document(Loader *L, TSVector tsv)
{
	WordEntry  *we = ARRPTR(tsv);
	char	   *lex = STRPTR(tsv);

	L->start = grow(L->start, &L->docs_cap, L->n_docs + 2, sizeof(int64));
	if (L->nnz + tsv->size > L->nnz_cap)
	{
		int64		cap = L->nnz_cap;

		L->ids = grow(L->ids, &cap, L->nnz + tsv->size, sizeof(int32));
		L->cnt = L->cnt ? repalloc_huge(L->cnt, sizeof(int32) * (Size) cap)
			: MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int32) * (Size) cap);
		L->nnz_cap = cap;
	}
	L->start[L->n_docs] = L->nnz;
	for (int i = 0; i < tsv->size; i++)
	{
		int32		t;
		int32		c = we[i].haspos ? (int32) POSDATALEN(tsv, &we[i]) : 1;

		if (c < 1)
			c = 1;
		if (L->dict)
		{
			t = dict_get(L, lex + we[i].pos, we[i].len);
			L->dict->df[t]++;
		}
		else
		{
			t = vocab_find(L->model, lex + we[i].pos, we[i].len);
			if (t < 0)
				continue;
		}
		L->ids[L->nnz] = t;
		L->cnt[L->nnz] = c;
		L->nnz++;
	}
	L->n_docs++;
	L->start[L->n_docs] = L->nnz;
}

static bool
text_type(Oid t)
{
	return t == TEXTOID || t == VARCHAROID || t == BPCHAROID;
}

/* runs the user's query and fills L; caller is connected to SPI */
static void
load_documents(Loader *L, const char *query, MemoryContext cxt)
{
	Portal		portal;
	TupleDesc	desc;
	int			tcol;
	Oid			ttype;
	MemoryContext scratch = AllocSetContextCreate(cxt, "pmkt lda rows", ALLOCSET_DEFAULT_SIZES);

	portal = pmkt_open_cursor(query, L->fn);
	MemoryContextSwitchTo(cxt);
	desc = portal->tupDesc;
	if (desc == NULL || desc->natts < 1 || desc->natts > 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: argument \"query\" must return (text) or (doc_id, text)", L->fn),
				 errdetail("It returns %d columns.", desc ? desc->natts : 0),
				 errhint("For example: SELECT feedback_id, comment FROM feedback ORDER BY feedback_id.")));
	tcol = desc->natts;			/* 1-based: the last column */
	ttype = TupleDescAttr(desc, tcol - 1)->atttypid;
	if (!text_type(ttype))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s: the text column of argument \"query\" must be text, varchar or char", L->fn),
				 errdetail("Got type %s.", format_type_be(ttype)),
				 errhint("Cast it, e.g. SELECT id, comment::text FROM feedback.")));
	for (;;)
	{
		SPI_cursor_fetch(portal, true, FETCH_ROWS);
		MemoryContextSwitchTo(cxt);
		if (SPI_processed == 0)
			break;
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			Datum		dv = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, tcol, &isnull);
			TSVector	tsv;
			MemoryContext old;

			if ((r & 63) == 0)
				CHECK_FOR_INTERRUPTS();
			if (isnull)
			{
				L->n_skipped++;
				continue;
			}
			old = MemoryContextSwitchTo(scratch);
			tsv = DatumGetTSVector(DirectFunctionCall2(to_tsvector_byid, ObjectIdGetDatum(L->cfg), dv));
			MemoryContextSwitchTo(old);
			add_document(L, tsv);
			MemoryContextReset(scratch);
		}
		SPI_freetuptable(SPI_tuptable);
		check_budget(L, "reading the documents");
	}
	SPI_cursor_close(portal);
	MemoryContextSwitchTo(cxt);
	MemoryContextDelete(scratch);
}

typedef struct IdCnt
{
	int32		id;
	int32		cnt;
} IdCnt;

static int
idcnt_cmp(const void *a, const void *b)
{
	int32		x = ((const IdCnt *) a)->id,
				y = ((const IdCnt *) b)->id;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/* raw pairs -> CSR with ids remapped (map NULL: identity) and sorted */
static void
build_docs(const Loader *L, const int32 *map, LdaDocs *D)
{
	int64		nnz = 0;
	IdCnt	   *buf = NULL;
	int64		bufcap = 0;

	D->n_docs = L->n_docs;
	D->n_skipped = L->n_skipped;
	D->start = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int64) * (L->n_docs + 1));
	D->ids = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int32) * Max(L->nnz, 1));
	D->cnt = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(double) * Max(L->nnz, 1));
	D->max_len = 0;
	D->words = 0;
	for (int64 d = 0; d < L->n_docs; d++)
	{
		int			m = 0;
		int64		len = L->start[d + 1] - L->start[d];

		if ((d & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		buf = grow(buf, &bufcap, Max(len, 1), sizeof(IdCnt));
		for (int64 e = L->start[d]; e < L->start[d + 1]; e++)
		{
			int32		t = map ? map[L->ids[e]] : L->ids[e];

			if (t < 0)
				continue;
			buf[m].id = t;
			buf[m].cnt = L->cnt[e];
			m++;
		}
		qsort(buf, m, sizeof(IdCnt), idcnt_cmp);
		D->start[d] = nnz;
		for (int j = 0; j < m; j++)
		{
			D->ids[nnz] = buf[j].id;
			D->cnt[nnz] = buf[j].cnt;
			D->words += buf[j].cnt;
			nnz++;
		}
		if (m > D->max_len)
			D->max_len = m;
	}
	D->start[L->n_docs] = nnz;
	D->nnz = nnz;
}

/* ====================================================================
 * training
 * ==================================================================== */

static const Dict *sort_dict;

static int
term_idx_cmp(const void *a, const void *b)
{
	int32		x = *(const int32 *) a,
				y = *(const int32 *) b;

	return strcmp(sort_dict->arena + sort_dict->off[x], sort_dict->arena + sort_dict->off[y]);
}

/* schema-qualified name of a text search configuration */
static char *
config_name(Oid cfg, const char *fn)
{
	HeapTuple	tup = SearchSysCache1(TSCONFIGOID, ObjectIdGetDatum(cfg));
	Form_pg_ts_config f;
	char	   *nsp,
			   *res;

	if (!HeapTupleIsValid(tup))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("%s: text search configuration with OID %u does not exist (argument \"config\")", fn, cfg),
				 errhint("Name a configuration, e.g. 'english' (see \\dF).")));
	f = (Form_pg_ts_config) GETSTRUCT(tup);
	nsp = get_namespace_name(f->cfgnamespace);
	res = quote_qualified_identifier(nsp, NameStr(f->cfgname));
	ReleaseSysCache(tup);
	return res;
}

static Oid
config_oid(const char *name)
{
	return DatumGetObjectId(DirectFunctionCall1(regconfigin, CStringGetDatum(name)));
}

static int32
int_arg(FunctionCallInfo fcinfo, int i, const char *name, int32 lo, int32 hi, const char *hint)
{
	int32		v;

	if (PG_ARGISNULL(i))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"%s\" must not be NULL", name),
				 errhint("%s", hint)));
	v = PG_GETARG_INT32(i);
	if (v < lo || v > hi)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"%s\"", name),
				 errdetail("Got %d.", v),
				 errhint("%s", hint)));
	return v;
}

static double
real_arg(FunctionCallInfo fcinfo, int i, const char *name, double lo, bool lo_open,
		 double hi, bool hi_open, const char *hint)
{
	double		v;

	if (PG_ARGISNULL(i))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"%s\" must not be NULL", name),
				 errhint("%s", hint)));
	v = PG_GETARG_FLOAT8(i);
	if (!isfinite(v) || (lo_open ? v <= lo : v < lo) || (hi_open ? v >= hi : v > hi))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"%s\"", name),
				 errdetail("Got %g.", v),
				 errhint("%s", hint)));
	return v;
}

PG_FUNCTION_INFO_V1(pmkt_topics_train);
/*
 * pmkt_topics_train(query, n_topics, config, seed, max_iter, learning_method,
 *   batch_size, min_df, max_df, doc_topic_prior, topic_word_prior,
 *   learning_decay, learning_offset, max_doc_update_iter, mean_change_tol,
 *   evaluate_every, perp_tol, init_components)
 */
Datum
pmkt_topics_train(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.topics_train";
	MemoryContext cxt = CurrentMemoryContext;
	Loader		L;
	Dict		dict;
	LdaDocs		D;
	LdaParams	P;
	LdaWork		W;
	PmktRng		rng;
	char	   *query,
			   *method_s,
			   *cfgname;
	int			K,
				max_iter,
				batch_size,
				min_df,
				evaluate_every,
				method,
				V = 0,
				n_iter = 0;
	int64		seed,
				n_batch_iter = 1;
	double		max_df,
				decay,
				offset,
				perp_tol,
				ppl;
	int32	   *keep,
			   *map;
	double	   *lambda,
			   *expbeta,
			   *sstats,
			   *gamma,
			   *init = NULL;
	int			init_rows = 0,
				init_cols = 0;
	LdaHeader	h;
	LdaHeader  *m;
	LdaView		v;
	StringInfoData s;
	int64		sz;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: argument \"query\" must not be NULL", fn)));
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	K = int_arg(fcinfo, 1, "n_topics", 1, LDA_MAX_TOPICS, "Use 1 to 1000 topics, e.g. 10.");
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"config\" must not be NULL"),
				 errhint("Name a text search configuration, e.g. 'english' (see \\dF).")));
	cfgname = config_name(PG_GETARG_OID(2), fn);
	seed = PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3);
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"seed\" must not be NULL"),
				 errhint("Give any integer, e.g. 0: the same seed gives the same model.")));
	max_iter = int_arg(fcinfo, 4, "max_iter", 1, 100000, "Use 1 or more passes, e.g. 10.");
	if (PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"learning_method\" must not be NULL"),
				 errhint("Use 'batch' or 'online'.")));
	method_s = text_to_cstring(PG_GETARG_TEXT_PP(5));
	if (strcmp(method_s, "batch") == 0)
		method = LDA_METHOD_BATCH;
	else if (strcmp(method_s, "online") == 0)
		method = LDA_METHOD_ONLINE;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"learning_method\""),
				 errdetail("Got \"%s\".", method_s),
				 errhint("Use 'batch' (every document in each pass) or 'online' (mini-batches).")));
	batch_size = int_arg(fcinfo, 6, "batch_size", 1, INT_MAX, "Use 1 or more documents per mini-batch, e.g. 128.");
	min_df = int_arg(fcinfo, 7, "min_df", 1, INT_MAX, "Use 1 or more documents, e.g. 2 to drop lexemes seen in one document only.");
	max_df = real_arg(fcinfo, 8, "max_df", 0, true, 1, false,
					  "Use a share of the documents in (0, 1], e.g. 0.95 to drop lexemes in more than 95 % of them.");
	P.K = K;
	P.alpha = PG_ARGISNULL(9) ? 1.0 / K
		: real_arg(fcinfo, 9, "doc_topic_prior", 0, true, 1e6, false, "Use a positive number, or NULL for 1 / n_topics.");
	P.eta = PG_ARGISNULL(10) ? 1.0 / K
		: real_arg(fcinfo, 10, "topic_word_prior", 0, true, 1e6, false, "Use a positive number, or NULL for 1 / n_topics.");
	decay = real_arg(fcinfo, 11, "learning_decay", 0.5, true, 1, false, "Use a value in (0.5, 1], e.g. 0.7.");
	offset = real_arg(fcinfo, 12, "learning_offset", 1, true, 1e12, false, "Use a value above 1, e.g. 10.");
	P.max_doc_iter = int_arg(fcinfo, 13, "max_doc_update_iter", 1, 1000000, "Use 1 or more, e.g. 100.");
	P.tol = real_arg(fcinfo, 14, "mean_change_tol", 0, false, 1e6, false, "Use a small non-negative number, e.g. 0.001.");
	evaluate_every = PG_ARGISNULL(15) ? -1 : PG_GETARG_INT32(15);
	perp_tol = real_arg(fcinfo, 16, "perp_tol", 0, false, 1e300, false, "Use a non-negative number, e.g. 0.1.");
	if (!PG_ARGISNULL(17))
	{
		init = pmkt_matrix(PG_GETARG_ARRAYTYPE_P(17), "init_components", &init_rows, &init_cols, true);
		for (Size i = 0; i < (Size) init_rows * init_cols; i++)
			if (!(init[i] > 0))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid value for argument \"init_components\""),
						 errdetail("Element [%d][%d] is %g.", (int) (i / init_cols) + 1, (int) (i % init_cols) + 1, init[i]),
						 errhint("Every initial topic-word parameter must be a positive number.")));
		if (init_rows != K)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"init_components\" must have n_topics rows"),
					 errdetail("It has %d rows and n_topics is %d.", init_rows, K)));
	}

	memset(&L, 0, sizeof(L));
	memset(&dict, 0, sizeof(dict));
	L.fn = fn;
	L.cfg = PG_GETARG_OID(2);
	L.dict = &dict;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "%s: SPI_connect failed", fn);
	MemoryContextSwitchTo(cxt);
	load_documents(&L, query, cxt);
	SPI_finish();
	MemoryContextSwitchTo(cxt);

	if (L.n_skipped > 0)
		ereport(NOTICE,
				(errmsg("%s: skipped " INT64_FORMAT " rows with a NULL text", fn, L.n_skipped)));
	if (L.n_docs == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"query\" returned no text", fn),
				 errdetail(INT64_FORMAT " rows had a NULL text.", L.n_skipped),
				 errhint("Select at least one non-NULL text.")));

	/* vocabulary: document frequency in [min_df, max_df x documents], byte order */
	{
		double		max_count = max_df * (double) L.n_docs;
		int32		nk = 0;

		keep = palloc(sizeof(int32) * Max(dict.n, 1));
		for (int32 t = 0; t < dict.n; t++)
			if (dict.df[t] >= min_df && (double) dict.df[t] <= max_count)
				keep[nk++] = t;
		V = nk;
		if (V == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: no lexeme is left to model", fn),
					 errdetail(INT64_FORMAT " documents gave %d distinct lexemes under configuration %s; none has a document frequency between min_df = %d and max_df = %g.",
							   L.n_docs, dict.n, cfgname, min_df, max_df),
					 errhint("Check the texts and the configuration (stop words are dropped), or lower min_df / raise max_df.")));
		if (V > LDA_MAX_TERMS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: %d lexemes are more than %d", fn, V, LDA_MAX_TERMS),
					 errhint("Raise min_df.")));
		sort_dict = &dict;
		qsort(keep, V, sizeof(int32), term_idx_cmp);
		map = palloc(sizeof(int32) * Max(dict.n, 1));
		for (int32 t = 0; t < dict.n; t++)
			map[t] = -1;
		for (int32 i = 0; i < V; i++)
			map[keep[i]] = i;
	}
	if (init && init_cols != V)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"init_components\" must have one column per vocabulary term"),
				 errdetail("It has %d columns and the vocabulary has %d terms.", init_cols, V),
				 errhint("Take the vocabulary's order from pmkt.topics_vocabulary of a model trained with the same query, config, min_df and max_df.")));
	P.V = V;
	/* the trainer's arrays: CSR (12 bytes a count), lambda, exp, sstats, gamma */
	L.extra = (Size) L.nnz * 12 + (Size) 3 * K * V * sizeof(double) +
		(Size) (method == LDA_METHOD_BATCH ? L.n_docs : Min(L.n_docs, batch_size)) * K * sizeof(double) +
		(Size) L.n_docs * K * sizeof(double);
	check_budget(&L, "the model");
	build_docs(&L, map, &D);

	lambda = MemoryContextAllocHuge(cxt, sizeof(double) * (Size) K * V);
	expbeta = MemoryContextAllocHuge(cxt, sizeof(double) * (Size) K * V);
	sstats = MemoryContextAllocHuge(cxt, sizeof(double) * (Size) K * V);
	gamma = MemoryContextAllocHuge(cxt, sizeof(double) * (Size) D.n_docs * K);
	work_init(&W, K, D.max_len);
	pmkt_rng_seed(&rng, (uint64) seed);
	if (init)
		memcpy(lambda, init, sizeof(double) * (Size) K * V);
	else
		for (Size i = 0; i < (Size) K * V; i++)
			lambda[i] = gamma_draw(&rng, 100.0, 0.01);
	exp_dirichlet_rows(lambda, K, V, expbeta);

	{
		double		last_bound = 0;

		for (int it = 0; it < max_iter; it++)
		{
			CHECK_FOR_INTERRUPTS();
			if (method == LDA_METHOD_BATCH)
			{
				memset(sstats, 0, sizeof(double) * (Size) K * V);
				estep(&P, &D, 0, D.n_docs, expbeta, &rng, gamma, sstats, &W);
				for (Size i = 0; i < (Size) K * V; i++)
					lambda[i] = P.eta + sstats[i];
				exp_dirichlet_rows(lambda, K, V, expbeta);
				n_batch_iter++;
			}
			else
			{
				for (int64 b0 = 0; b0 < D.n_docs; b0 += batch_size)
				{
					int64		b1 = Min(b0 + batch_size, D.n_docs);
					double		rho = pow(offset + (double) n_batch_iter, -decay);
					double		ratio = (double) D.n_docs / (double) (b1 - b0);

					memset(sstats, 0, sizeof(double) * (Size) K * V);
					estep(&P, &D, b0, b1, expbeta, &rng, gamma, sstats, &W);
					for (Size i = 0; i < (Size) K * V; i++)
					{
						lambda[i] *= 1 - rho;
						lambda[i] += rho * (P.eta + ratio * sstats[i]);
					}
					exp_dirichlet_rows(lambda, K, V, expbeta);
					n_batch_iter++;
				}
			}
			for (Size i = 0; i < (Size) K * V; i++)
				if (!isfinite(lambda[i]) || lambda[i] <= 0)
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("%s: the topic-word parameters left the range of double precision", fn),
							 errhint("Use larger priors or fewer iterations.")));
			if (evaluate_every > 0 && (it + 1) % evaluate_every == 0)
			{
				double		bound;

				estep(&P, &D, 0, D.n_docs, expbeta, NULL, gamma, NULL, &W);
				bound = perplexity(&P, &D, lambda, gamma);
				if (last_bound != 0 && fabs(last_bound - bound) < perp_tol)
				{
					n_iter++;
					break;
				}
				last_bound = bound;
			}
			n_iter++;
		}
	}
	estep(&P, &D, 0, D.n_docs, expbeta, NULL, gamma, NULL, &W);
	ppl = perplexity(&P, &D, lambda, gamma);

	/* the model */
	initStringInfo(&s);
	appendBinaryStringInfo(&s, cfgname, strlen(cfgname) + 1);
	memset(&h, 0, sizeof(h));
	h.magic = LDA_MAGIC;
	h.version = LDA_VERSION;
	h.n_topics = K;
	h.n_terms = V;
	h.method = method;
	h.max_iter = max_iter;
	h.n_iter = n_iter;
	h.batch_size = batch_size;
	h.max_doc_update_iter = P.max_doc_iter;
	h.min_df = min_df;
	h.n_docs = D.n_docs;
	h.n_skipped = D.n_skipped;
	h.seed = seed;
	h.n_batch_iter = n_batch_iter;
	h.doc_topic_prior = P.alpha;
	h.topic_word_prior = P.eta;
	h.learning_decay = decay;
	h.learning_offset = offset;
	h.mean_change_tol = P.tol;
	h.max_df = max_df;
	h.total_words = D.words;
	h.perplexity = ppl;
	{
		int32	   *toff = palloc(sizeof(int32) * V);

		for (int i = 0; i < V; i++)
		{
			if ((Size) s.len + dict.len[keep[i]] + 1 > 0x3fffffff)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("%s: the vocabulary is too large for a %s value", fn, TYPNAME),
						 errhint("Raise min_df.")));
			toff[i] = s.len;
			appendBinaryStringInfo(&s, dict.arena + dict.off[keep[i]], dict.len[keep[i]] + 1);
		}
		h.strings_len = s.len;
		sz = lda_layout(&h, NULL);
		if (sz < 0 || sz > (int64) MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: the model is too large for a %s value", fn, TYPNAME),
					 errdetail("%d topics x %d terms.", K, V),
					 errhint("Use fewer topics or raise min_df.")));
		m = palloc0(sz);
		memcpy(m, &h, sizeof(h));
		SET_VARSIZE(m, sz);
		lda_layout(m, &v);
		memcpy(v.term_off, toff, sizeof(int32) * V);
		memcpy(v.lambda, lambda, sizeof(double) * (Size) K * V);
		memcpy(v.str, s.data, s.len);
	}
	lda_view(m, &v);
	PG_RETURN_POINTER(m);
}

/* ====================================================================
 * I/O: text = hexadecimal of the bytes after the length word (exact)
 * ==================================================================== */

PG_FUNCTION_INFO_V1(pmkt_topicmodel_in);
Datum
pmkt_topicmodel_in(PG_FUNCTION_ARGS)
{
	LdaHeader  *m = (LdaHeader *) pmkt_flat_hex_in(PG_GETARG_CSTRING(0),
												   sizeof(LdaHeader) - VARHDRSZ, TYPNAME, "model");
	LdaView		v;

	lda_view(m, &v);
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(pmkt_topicmodel_out);
Datum
pmkt_topicmodel_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pmkt_flat_hex_out(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

PG_FUNCTION_INFO_V1(pmkt_topicmodel_recv);
Datum
pmkt_topicmodel_recv(PG_FUNCTION_ARGS)
{
	LdaHeader  *m = (LdaHeader *) pmkt_flat_recv((StringInfo) PG_GETARG_POINTER(0),
												 sizeof(LdaHeader) - VARHDRSZ, TYPNAME);
	LdaView		v;

	lda_view(m, &v);
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(pmkt_topicmodel_send);
Datum
pmkt_topicmodel_send(PG_FUNCTION_ARGS)
{
	PG_RETURN_BYTEA_P(pmkt_flat_send(PG_DETOAST_DATUM(PG_GETARG_DATUM(0))));
}

/* ====================================================================
 * using a model
 * ==================================================================== */

/* decoded once per distinct model per call site (fn_extra) */
typedef struct LdaCached
{
	LdaHeader  *m;				/* aligned copy */
	LdaView		v;
	double	   *expbeta;
	Oid			cfg;
	LdaParams	P;
	LdaWork		W;
} LdaCached;

static LdaCached *
cached_model(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *raw = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));
	const char *bytes = VARDATA_ANY(raw);
	Size		len = VARSIZE_ANY_EXHDR(raw);
	MemoryContext bcxt;
	LdaCached  *c = pmkt_arg_cache_lookup(fcinfo, bytes, len, &bcxt);

	if (c == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(bcxt);

		c = palloc0(sizeof(LdaCached));
		c->m = palloc(len + VARHDRSZ);
		SET_VARSIZE(c->m, len + VARHDRSZ);
		memcpy((char *) c->m + VARHDRSZ, bytes, len);
		lda_view(c->m, &c->v);
		c->P.K = c->m->n_topics;
		c->P.V = c->m->n_terms;
		c->P.alpha = c->m->doc_topic_prior;
		c->P.eta = c->m->topic_word_prior;
		c->P.max_doc_iter = c->m->max_doc_update_iter;
		c->P.tol = c->m->mean_change_tol;
		c->expbeta = MemoryContextAllocHuge(bcxt, sizeof(double) * (Size) c->P.K * c->P.V);
		exp_dirichlet_rows(c->v.lambda, c->P.K, c->P.V, c->expbeta);
		c->cfg = config_oid(c->v.str);
		work_init(&c->W, c->P.K, c->P.V);
		MemoryContextSwitchTo(old);
		pmkt_arg_cache_store(fcinfo, bytes, len, c);
	}
	return c;
}

PG_FUNCTION_INFO_V1(pmkt_topic_mixture);
/* pmkt_topic_mixture(model, text): normalised topic shares of one text */
Datum
pmkt_topic_mixture(PG_FUNCTION_ARGS)
{
	LdaCached  *c = cached_model(fcinfo, 0);
	Datum		dv = PG_GETARG_DATUM(1);
	TSVector	tsv = DatumGetTSVector(DirectFunctionCall2(to_tsvector_byid, ObjectIdGetDatum(c->cfg), dv));
	WordEntry  *we = ARRPTR(tsv);
	char	   *lex = STRPTR(tsv);
	IdCnt	   *pairs = palloc(sizeof(IdCnt) * Max(tsv->size, 1));
	int32	   *ids = palloc(sizeof(int32) * Max(tsv->size, 1));
	double	   *cnt = palloc(sizeof(double) * Max(tsv->size, 1));
	double	   *gamma = palloc(sizeof(double) * c->P.K);
	double		s = 0;
	int			n = 0;

	for (int i = 0; i < tsv->size; i++)
	{
		int32		t = vocab_find(&c->v, lex + we[i].pos, we[i].len);

		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		if (t < 0)
			continue;
		pairs[n].id = t;
		pairs[n].cnt = we[i].haspos ? Max((int) POSDATALEN(tsv, &we[i]), 1) : 1;
		n++;
	}
	/* (id, count) pairs by id, as scikit-learn's CSR holds them */
	qsort(pairs, n, sizeof(IdCnt), idcnt_cmp);
	for (int j = 0; j < n; j++)
	{
		ids[j] = pairs[j].id;
		cnt[j] = pairs[j].cnt;
	}
	for (int k = 0; k < c->P.K; k++)
		gamma[k] = 1.0;
	estep_doc(&c->P, c->expbeta, ids, cnt, n, gamma, NULL, &c->W);
	for (int k = 0; k < c->P.K; k++)
		s += gamma[k];
	for (int k = 0; k < c->P.K; k++)
		gamma[k] /= s;
	PG_RETURN_ARRAYTYPE_P(pmkt_build_vector(gamma, c->P.K));
}

PG_FUNCTION_INFO_V1(pmkt_topics_perplexity);
/* pmkt_topics_perplexity(model, query): scikit-learn's perplexity(X) */
Datum
pmkt_topics_perplexity(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.topics_perplexity";
	MemoryContext cxt = CurrentMemoryContext;
	LdaView		v;
	LdaHeader  *m;
	Loader		L;
	LdaDocs		D;
	LdaParams	P;
	LdaWork		W;
	double	   *expbeta,
			   *gamma,
				ppl;
	char	   *query;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	m = get_model(PG_GETARG_DATUM(0), &v);
	query = text_to_cstring(PG_GETARG_TEXT_PP(1));
	P.K = m->n_topics;
	P.V = m->n_terms;
	P.alpha = m->doc_topic_prior;
	P.eta = m->topic_word_prior;
	P.max_doc_iter = m->max_doc_update_iter;
	P.tol = m->mean_change_tol;
	memset(&L, 0, sizeof(L));
	L.fn = fn;
	L.cfg = config_oid(v.str);
	L.model = &v;
	L.extra = (Size) 2 * P.K * P.V * sizeof(double);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "%s: SPI_connect failed", fn);
	MemoryContextSwitchTo(cxt);
	load_documents(&L, query, cxt);
	SPI_finish();
	MemoryContextSwitchTo(cxt);
	if (L.n_skipped > 0)
		ereport(NOTICE,
				(errmsg("%s: skipped " INT64_FORMAT " rows with a NULL text", fn, L.n_skipped)));
	if (L.n_docs == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"query\" returned no text", fn),
				 errhint("Select at least one non-NULL text.")));
	L.extra += (Size) L.nnz * 12 + (Size) L.n_docs * P.K * sizeof(double);
	check_budget(&L, "the documents' topic mixtures");
	build_docs(&L, NULL, &D);
	if (!(D.words > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: no word of the texts is in the model's vocabulary", fn),
				 errdetail(INT64_FORMAT " texts, configuration %s.", D.n_docs, v.str),
				 errhint("Perplexity is per known word: score texts of the same kind as the training texts.")));
	expbeta = MemoryContextAllocHuge(cxt, sizeof(double) * (Size) P.K * P.V);
	exp_dirichlet_rows(v.lambda, P.K, P.V, expbeta);
	gamma = MemoryContextAllocHuge(cxt, sizeof(double) * (Size) D.n_docs * P.K);
	work_init(&W, P.K, D.max_len);
	estep(&P, &D, 0, D.n_docs, expbeta, NULL, gamma, NULL, &W);
	ppl = perplexity(&P, &D, v.lambda, gamma);
	PG_RETURN_FLOAT8(ppl);
}

typedef struct TermW
{
	int32		id;
	double		w;
} TermW;

static int
termw_cmp(const void *a, const void *b)
{
	const TermW *x = a,
			   *y = b;

	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return x->id < y->id ? -1 : (x->id > y->id ? 1 : 0);
}

PG_FUNCTION_INFO_V1(pmkt_topic_terms);
/* pmkt_topic_terms(model, n): (topic, rank, term, weight), weight = lambda_kw / sum_w lambda_kw */
Datum
pmkt_topic_terms(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	LdaView		v;
	int32		n;
	TermW	   *tw;

	get_model(PG_GETARG_DATUM(0), &v);
	n = PG_GETARG_INT32(1);
	if (n < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"n\""),
				 errdetail("Got %d.", n),
				 errhint("Use 1 or more terms per topic, e.g. 10.")));
	n = Min(n, v.h->n_terms);
	InitMaterializedSRF(fcinfo, 0);
	tw = palloc(sizeof(TermW) * v.h->n_terms);
	for (int k = 0; k < v.h->n_topics; k++)
	{
		const double *l = v.lambda + (Size) k * v.h->n_terms;
		double		s = 0;

		CHECK_FOR_INTERRUPTS();
		for (int w = 0; w < v.h->n_terms; w++)
		{
			s += l[w];
			tw[w].id = w;
			tw[w].w = l[w];
		}
		qsort(tw, v.h->n_terms, sizeof(TermW), termw_cmp);
		for (int r = 0; r < n; r++)
		{
			Datum		values[4];
			bool		nulls[4] = {false, false, false, false};

			values[0] = Int32GetDatum(k + 1);
			values[1] = Int32GetDatum(r + 1);
			values[2] = CStringGetTextDatum(lda_term(&v, tw[r].id));
			values[3] = Float8GetDatum(tw[r].w / s);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pmkt_topics_components);
/* the n_topics x n_terms lambda (scikit-learn's components_) */
Datum
pmkt_topics_components(PG_FUNCTION_ARGS)
{
	LdaView		v;

	get_model(PG_GETARG_DATUM(0), &v);
	PG_RETURN_ARRAYTYPE_P(pmkt_build_matrix(v.lambda, v.h->n_topics, v.h->n_terms));
}

PG_FUNCTION_INFO_V1(pmkt_topics_vocabulary);
/* the terms in column order */
Datum
pmkt_topics_vocabulary(PG_FUNCTION_ARGS)
{
	LdaView		v;
	const char **t;

	get_model(PG_GETARG_DATUM(0), &v);
	t = palloc(sizeof(char *) * v.h->n_terms);
	for (int i = 0; i < v.h->n_terms; i++)
		t[i] = lda_term(&v, i);
	PG_RETURN_ARRAYTYPE_P(pmkt_build_text_vector(t, v.h->n_terms));
}

PG_FUNCTION_INFO_V1(pmkt_topics_model_info);
Datum
pmkt_topics_model_info(PG_FUNCTION_ARGS)
{
	LdaView		v;
	LdaHeader  *h;
	StringInfoData s;

	h = get_model(PG_GETARG_DATUM(0), &v);
	initStringInfo(&s);
	appendStringInfo(&s, "{\"n_topics\": %d, \"n_terms\": %d, \"config\": ", h->n_topics, h->n_terms);
	escape_json(&s, v.str);
	appendStringInfo(&s, ", \"learning_method\": \"%s\", \"max_iter\": %d, \"n_iter\": %d, "
					 "\"batch_size\": %d, \"n_batch_iter\": " INT64_FORMAT ", \"documents\": " INT64_FORMAT
					 ", \"skipped_null\": " INT64_FORMAT ", \"words\": %.17g, \"seed\": " INT64_FORMAT
					 ", \"min_df\": %d, \"max_df\": %.17g, \"doc_topic_prior\": %.17g, \"topic_word_prior\": %.17g"
					 ", \"learning_decay\": %.17g, \"learning_offset\": %.17g, \"max_doc_update_iter\": %d"
					 ", \"mean_change_tol\": %.17g, \"perplexity\": ",
					 h->method == LDA_METHOD_BATCH ? "batch" : "online", h->max_iter, h->n_iter,
					 h->batch_size, h->n_batch_iter, h->n_docs, h->n_skipped, h->total_words, h->seed,
					 h->min_df, h->max_df, h->doc_topic_prior, h->topic_word_prior,
					 h->learning_decay, h->learning_offset, h->max_doc_update_iter, h->mean_change_tol);
	if (isnan(h->perplexity))
		appendStringInfoString(&s, "null}");
	else
		appendStringInfo(&s, "%.17g}", h->perplexity);
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(s.data)));
}
