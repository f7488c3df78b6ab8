/*
 * treehist.c
 *    Histogram split search for CART trees and random forests (issue 13,
 *    part 4; treehist.h).
 *
 * Binning (hist_bin, in the backend): a numeric or boolean feature with at
 * most 255 distinct values gets one bin per value, so its splits are the
 * exact ones (the threshold is the midpoint between the node's neighbouring
 * values, as in the exact search); otherwise 255 bins cut at quantiles of
 * its values (of a seeded sample of 200 000 values when there are more).
 * Each bin remembers its smallest and largest training value, and a split
 * between the node's non-empty bins b and b' has the threshold midway
 * between the largest value of b and the smallest of b'.  A category is
 * its own bin (at most 255 categories; the caller uses the exact search
 * otherwise); NULL is bin 255.
 *
 * Growing (hist_grow_trees, in plain threads): a node's histogram holds,
 * per feature and bin, the weighted class totals and the row count
 * (bootstrap copies counted).  When every feature is searched (a single
 * tree), the larger child's histogram is its parent's minus the smaller
 * child's (the subtraction trick of LightGBM); a forest searches
 * max_features features per node, so it builds just those.  The split
 * criterion, the ties, the NULL handling and Breiman's ordering of
 * categories are those of the exact search in tree.c.  Each tree draws its
 * bootstrap sample and its features from its own seed (hist_tree_seed), so
 * the forest does not depend on the number of threads.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "miscadmin.h"

#include "tree.h"
#include "treehist.h"
#include "util/rng.h"

#define HB_SAMPLE 200000
#define HT_MAX_THREADS 8

/* ====================================================================
 * binning (backend)
 * ==================================================================== */

/* sort_dbl: an inlined quicksort of doubles (no NaN here) */
#define ST_SORT sort_dbl
#define ST_ELEMENT_TYPE double
#define ST_COMPARE(a, b) (*(a) < *(b) ? -1 : (*(a) > *(b) ? 1 : 0))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/* first index b in cut[0..m) with x <= cut[b], else m (branch-free halving) */
static inline int
bin_of(const double *cut, int m, double x)
{
	int			lo = 0,
				len = m;

	while (len > 0)
	{
		int			half = len >> 1;

		if (cut[lo + half] < x)
		{
			lo += half + 1;
			len -= half + 1;
		}
		else
			len = half;
	}
	return lo;
}

void
hist_bin(HData *H, const double *X)
{
	int			n = H->n;
	double	   *buf = palloc_extended(sizeof(double) * (Size) Min(n, HB_SAMPLE), MCXT_ALLOC_HUGE);
	double		cut[HB_MAX_BINS];
	PmktRng		rng;

	H->bins = palloc_extended((Size) H->d * n, MCXT_ALLOC_HUGE);
	H->nbins = palloc0(sizeof(int) * H->d);
	H->blo = palloc(sizeof(double) * H->d * HB_STRIDE);
	H->bhi = palloc(sizeof(double) * H->d * HB_STRIDE);
	pmkt_rng_seed(&rng, UINT64CONST(0xB1B5));
	for (int f = 0; f < H->d; f++)
	{
		const double *x = X + (Size) f * n;
		uint8	   *b = H->bins + (Size) f * n;
		double	   *lo = H->blo + f * HB_STRIDE,
				   *hi = H->bhi + f * HB_STRIDE;
		int			m = 0,
					ncut = 0,
					u = 0;
		int64		present = 0;

		CHECK_FOR_INTERRUPTS();
		if (H->ftype[f] == TM_CATEGORY)
		{
			for (int i = 0; i < n; i++)
				b[i] = isnan(x[i]) ? HB_MISSING : (uint8) x[i];
			continue;			/* nbins: set by the caller */
		}
		/* the values, or a seeded sample of them (reservoir) */
		for (int i = 0; i < n; i++)
		{
			if (isnan(x[i]))
				continue;
			present++;
			if (m < HB_SAMPLE)
				buf[m++] = x[i];
			else
			{
				uint64		r = pmkt_rng_below(&rng, (uint64) present);

				if (r < HB_SAMPLE)
					buf[r] = x[i];
			}
		}
		sort_dbl(buf, m);
		for (int j = 0; j < m && u <= HB_MAX_BINS; j++)
			if (j == 0 || buf[j] != buf[j - 1])
				u++;
		if (u <= HB_MAX_BINS)
		{
			/* one bin per distinct value: x <= value b (and > value b-1) */
			for (int j = 0; j < m; j++)
				if (j + 1 < m && buf[j] != buf[j + 1])
					cut[ncut++] = buf[j];
		}
		else
		{
			/* cuts at quantiles of the values */
			for (int q = 1; q < HB_MAX_BINS; q++)
			{
				double		c = buf[(int64) q * m / HB_MAX_BINS - 1];

				if (ncut == 0 || c > cut[ncut - 1])
					cut[ncut++] = c;
			}
			if (ncut > 0 && cut[ncut - 1] >= buf[m - 1])
				ncut--;			/* the largest value has a bin of its own */
		}
		H->nbins[f] = ncut + 1;
		for (int j = 0; j <= ncut; j++)
		{
			lo[j] = DBL_MAX;
			hi[j] = -DBL_MAX;
		}
		for (int i = 0; i < n; i++)
		{
			int			j;

			if (isnan(x[i]))
			{
				b[i] = HB_MISSING;
				continue;
			}
			j = bin_of(cut, ncut, x[i]);
			b[i] = (uint8) j;
			if (x[i] < lo[j])
				lo[j] = x[i];
			if (x[i] > hi[j])
				hi[j] = x[i];
		}
	}
	pfree(buf);
}

/* ====================================================================
 * growing (plain threads: malloc only, no ereport)
 * ==================================================================== */

uint64
hist_tree_seed(uint64 seed, int t)
{
	return seed ^ ((uint64) (t + 1) * UINT64CONST(0x9E3779B97F4A7C15));
}

typedef struct Grower
{
	const HData *H;
	const HParams *P;
	PmktRng		rng;
	const int  *cnt;
	double	   *wrow;			/* cnt x class weight of each row */
	double	   *crow;			/* cnt of each row */
	int		   *idx,
			   *tmp;
	int		   *feats;
	int			kk;				/* k + 1 doubles per bin */
	Size		fstride;		/* doubles per feature in a histogram */
	bool		subtract;		/* every feature searched: keep histograms */
	double	  **pool;			/* histogram buffers (subtract: per depth) */
	int			npool;
	double	   *one;			/* one node's histograms (no subtract) */
	HNode	   *nodes;
	double	   *values;
	int			n_nodes,
				cap;
	double		bytes,
				used;
	bool		poll;
	int			status;
	uint64		set[4];
} Grower;

static double
g_impurity(const double *w, int k, double tot, int crit)
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

static int
g_new_node(Grower *G)
{
	int			k = G->H->k;

	G->bytes += G->P->node_bytes;
	if (G->used + G->bytes > G->P->budget)
	{
		G->status = HT_BUDGET;
		return -1;
	}
	if (G->n_nodes == G->cap)
	{
		int			nc = G->cap * 2;
		HNode	   *nn = realloc(G->nodes, sizeof(HNode) * (Size) nc);
		double	   *nv;

		if (nn == NULL)
		{
			G->status = HT_NOMEM;
			return -1;
		}
		G->nodes = nn;
		nv = realloc(G->values, sizeof(double) * (Size) nc * k);
		if (nv == NULL)
		{
			G->status = HT_NOMEM;
			return -1;
		}
		G->values = nv;
		G->cap = nc;
	}
	memset(&G->nodes[G->n_nodes], 0, sizeof(HNode));
	G->nodes[G->n_nodes].feature = -1;
	G->nodes[G->n_nodes].left = G->nodes[G->n_nodes].right = -1;
	memset(G->values + (Size) G->n_nodes * k, 0, sizeof(double) * k);
	return G->n_nodes++;
}

/* histogram of feature f over rows idx[lo..hi) into h (zeroed here) */
static void
g_hist(Grower *G, int f, int lo, int hi, double *h)
{
	const HData *H = G->H;
	const uint8 *b = H->bins + (Size) f * H->n;
	const int  *y = H->y;
	const int  *idx = G->idx;
	int			kk = G->kk,
				k = H->k;

	memset(h, 0, sizeof(double) * G->fstride);
	if (k == 2)
	{
		for (int j = lo; j < hi; j++)
		{
			int			i = idx[j];
			double	   *e = h + b[i] * 3;

			e[y[i]] += G->wrow[i];
			e[2] += G->crow[i];
		}
	}
	else
		for (int j = lo; j < hi; j++)
		{
			int			i = idx[j];
			double	   *e = h + b[i] * kk;

			e[y[i]] += G->wrow[i];
			e[k] += G->crow[i];
		}
}

typedef struct HCat
{
	double		key;
	int			cat;
} HCat;

static int
hcat_cmp(const void *a, const void *b)
{
	const HCat *p = a,
			   *q = b;

	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return p->cat - q->cat;
}

typedef struct Split
{
	double		q;
	int			f;
	int			lastbin;		/* numeric: bins <= lastbin go left */
	double		threshold;
	uint64		set[4];
} Split;

/* the best split of feature f from its histogram h; updates S */
static void
g_search(Grower *G, int f, const double *h, const double *value, Split *S)
{
	const HData *H = G->H;
	const HParams *P = G->P;
	int			k = H->k,
				kk = G->kk;
	double		lw[TM_MAX_CLASSES_H],
				rw[TM_MAX_CLASSES_H];
	double		ln = 0,
				lwt = 0,
				rn = 0,
				rwt = 0;

	if (H->ftype[f] != TM_CATEGORY)
	{
		int			nb = H->nbins[f],
					prev = -1,
					nonempty = 0;
		const double *blo = H->blo + f * HB_STRIDE,
				   *bhi = H->bhi + f * HB_STRIDE;

		memset(lw, 0, sizeof(double) * k);
		memset(rw, 0, sizeof(double) * k);
		for (int b = 0; b < nb; b++)
		{
			const double *e = h + b * kk;

			if (e[k] <= 0)
				continue;
			nonempty++;
			for (int c = 0; c < k; c++)
				rw[c] += e[c];
			rn += e[k];
		}
		if (nonempty < 2)
			return;
		for (int c = 0; c < k; c++)
			rwt += rw[c];
		for (int b = 0; b < nb; b++)
		{
			const double *e = h + b * kk;

			if (e[k] <= 0)
				continue;
			if (prev >= 0 && ln >= P->min_leaf && rn >= P->min_leaf)
			{
				double		q = lwt * g_impurity(lw, k, lwt, P->criterion) +
					rwt * g_impurity(rw, k, rwt, P->criterion);

				if (q < S->q - 1e-12 * Max(1.0, fabs(S->q)))
				{
					double		a = bhi[prev],
								z = blo[b],
								mid = a / 2 + z / 2;

					if (mid >= z)
						mid = a;
					S->q = q;
					S->f = f;
					S->lastbin = prev;
					S->threshold = mid;
				}
			}
			for (int c = 0; c < k; c++)
			{
				lw[c] += e[c];
				rw[c] -= e[c];
				lwt += e[c];
				rwt -= e[c];
			}
			ln += e[k];
			rn -= e[k];
			prev = b;
		}
	}
	else
	{
		HCat		cs[HB_STRIDE];
		int			used = 0,
					major = 0,
					nb = H->nbins[f];

		for (int c = 1; c < k; c++)
			if (value[c] > value[major])
				major = c;
		for (int b = 0; b < nb; b++)
		{
			const double *e = h + b * kk;
			double		ct = 0;

			if (e[k] <= 0)
				continue;
			for (int c = 0; c < k; c++)
				ct += e[c];
			cs[used].key = ct > 0 ? ((k == 2) ? e[1] / ct : e[major] / ct) : 0;
			cs[used].cat = b;
			used++;
		}
		if (used < 2)
			return;
		qsort(cs, used, sizeof(HCat), hcat_cmp);
		memset(lw, 0, sizeof(double) * k);
		memset(rw, 0, sizeof(double) * k);
		for (int u = 0; u < used; u++)
		{
			const double *e = h + cs[u].cat * kk;

			for (int c = 0; c < k; c++)
			{
				rw[c] += e[c];
				rwt += e[c];
			}
			rn += e[k];
		}
		for (int u = 0; u < used - 1; u++)
		{
			const double *e = h + cs[u].cat * kk;
			double		q;

			for (int c = 0; c < k; c++)
			{
				lw[c] += e[c];
				rw[c] -= e[c];
				lwt += e[c];
				rwt -= e[c];
			}
			ln += e[k];
			rn -= e[k];
			if (ln < P->min_leaf || rn < P->min_leaf)
				continue;
			q = lwt * g_impurity(lw, k, lwt, P->criterion) +
				rwt * g_impurity(rw, k, rwt, P->criterion);
			if (q < S->q - 1e-12 * Max(1.0, fabs(S->q)))
			{
				S->q = q;
				S->f = f;
				memset(S->set, 0, sizeof(S->set));
				for (int z = 0; z <= u; z++)
					S->set[cs[z].cat / 64] |= UINT64CONST(1) << (cs[z].cat % 64);
			}
		}
	}
}

static inline bool
bin_left(const Split *S, const HData *H, int bin, bool missing_left)
{
	if (bin == HB_MISSING)
		return missing_left;
	if (H->ftype[S->f] == TM_CATEGORY)
		return (S->set[bin / 64] >> (bin % 64)) & 1;
	return bin <= S->lastbin;
}

static bool
splittable(const Grower *G, double nrows, double imp, int depth)
{
	const HParams *P = G->P;

	return !((P->max_depth > 0 && depth >= P->max_depth) || depth >= P->max_depth_cap ||
			 nrows < P->min_split || nrows < 2 * P->min_leaf || imp <= 1e-15);
}

static double *
pool_get(Grower *G, int depth)
{
	if (depth >= G->npool)
		return NULL;
	if (G->pool[depth] == NULL)
		G->pool[depth] = malloc(sizeof(double) * G->fstride * G->H->d);
	if (G->pool[depth] == NULL)
		G->status = HT_NOMEM;
	return G->pool[depth];
}

/*
 * grow node id over rows idx[lo..hi); hist = its histograms of every feature
 * (subtract mode) or NULL.  value/nrows of the node are set by the caller.
 */
static void
g_build(Grower *G, int id, int lo, int hi, int depth, double *hist)
{
	const HData *H = G->H;
	const HParams *P = G->P;
	int			k = H->k,
				kk = G->kk;
	HNode	   *N = &G->nodes[id];
	double		value[TM_MAX_CLASSES_H];
	Split		S;
	int			nf = H->d;
	const double *fh;
	bool		ml;
	double		nl = 0,
				nr = 0;
	int			a,
				l,
				r;

	if (G->status != HT_OK)
		return;
	if (G->poll && (QueryCancelPending || ProcDiePending))
	{
		G->status = HT_CANCELLED;
		return;
	}
	memcpy(value, G->values + (Size) id * k, sizeof(double) * k);
	N->depth = depth;
	N->impurity = g_impurity(value, k, N->w, P->criterion);
	if (!splittable(G, N->n, N->impurity, depth))
		return;
	S.q = DBL_MAX;
	S.f = -1;
	S.lastbin = -1;
	S.threshold = 0;
	memset(S.set, 0, sizeof(S.set));
	for (int f = 0; f < H->d; f++)
		G->feats[f] = f;
	if (P->max_features < H->d)
	{
		for (int f = 0; f < P->max_features; f++)
		{
			int			rr = f + (int) pmkt_rng_below(&G->rng, H->d - f);
			int			t = G->feats[f];

			G->feats[f] = G->feats[rr];
			G->feats[rr] = t;
		}
		nf = P->max_features;
	}
	for (int fi = 0; fi < nf; fi++)
	{
		int			f = G->feats[fi];
		double	   *h;

		if (hist)
			h = hist + (Size) f * G->fstride;
		else
		{
			h = G->one + (Size) fi * G->fstride;
			g_hist(G, f, lo, hi, h);
		}
		g_search(G, f, h, value, &S);
	}
	if (S.f < 0 || S.q >= N->w * N->impurity - 1e-12 * Max(1.0, N->w))
		return;
	/* the children's totals from the chosen feature's histogram */
	fh = hist ? hist + (Size) S.f * G->fstride : NULL;
	if (fh == NULL)
		for (int fi = 0; fi < nf; fi++)
			if (G->feats[fi] == S.f)
				fh = G->one + (Size) fi * G->fstride;
	{
		double		lv[TM_MAX_CLASSES_H],
					rv[TM_MAX_CLASSES_H],
					lc = 0,
					rc = 0;
		const double *e;

		memset(lv, 0, sizeof(double) * k);
		memset(rv, 0, sizeof(double) * k);
		for (int b = 0; b < HB_MISSING; b++)
		{
			e = fh + b * kk;
			if (e[k] <= 0)
				continue;
			if (bin_left(&S, H, b, false))
			{
				nl += e[k];
				for (int c = 0; c < k; c++)
					lv[c] += e[c];
			}
			else
			{
				nr += e[k];
				for (int c = 0; c < k; c++)
					rv[c] += e[c];
			}
		}
		ml = (nl >= nr);
		lc = nl;
		rc = nr;
		e = fh + HB_MISSING * kk;
		if (e[k] > 0)
		{
			for (int c = 0; c < k; c++)
			{
				if (ml)
					lv[c] += e[c];
				else
					rv[c] += e[c];
			}
			if (ml)
				lc += e[k];
			else
				rc += e[k];
		}
		/* stable partition: left rows first */
		{
			const uint8 *bb = H->bins + (Size) S.f * H->n;
			int			t = 0;

			a = lo;
			for (int j = lo; j < hi; j++)
			{
				int			i = G->idx[j];

				if (bin_left(&S, H, bb[i], ml))
					G->idx[a++] = i;
				else
					G->tmp[t++] = i;
			}
			memcpy(G->idx + a, G->tmp, sizeof(int) * t);
		}
		if (a == lo || a == hi)
			return;
		l = g_new_node(G);
		if (l < 0)
			return;
		r = g_new_node(G);
		if (r < 0)
			return;
		N = &G->nodes[id];		/* realloc may have moved it */
		N->feature = S.f;
		N->threshold = S.threshold;
		memcpy(N->set, S.set, sizeof(S.set));
		N->missing_left = ml ? 1 : 0;
		N->left = l;
		N->right = r;
		memcpy(G->values + (Size) l * k, lv, sizeof(double) * k);
		memcpy(G->values + (Size) r * k, rv, sizeof(double) * k);
		G->nodes[l].n = lc;
		G->nodes[r].n = rc;
		{
			double		wl = 0,
						wr = 0;

			for (int c = 0; c < k; c++)
			{
				wl += lv[c];
				wr += rv[c];
			}
			G->nodes[l].w = wl;
			G->nodes[r].w = wr;
		}
	}
	if (hist)
	{
		/* subtraction: the smaller child's histograms built, the larger's = parent - smaller */
		bool		need_l = splittable(G, G->nodes[l].n, g_impurity(G->values + (Size) l * k, k, G->nodes[l].w, P->criterion), depth + 1);
		bool		need_r = splittable(G, G->nodes[r].n, g_impurity(G->values + (Size) r * k, k, G->nodes[r].w, P->criterion), depth + 1);
		double	   *small = NULL;
		bool		left_small = (a - lo) <= (hi - a);

		if (need_l || need_r)
		{
			small = pool_get(G, depth + 1);
			if (small == NULL)
				return;
			for (int f = 0; f < H->d; f++)
				g_hist(G, f, left_small ? lo : a, left_small ? a : hi, small + (Size) f * G->fstride);
			for (Size j = 0; j < G->fstride * H->d; j++)
				hist[j] -= small[j];
			/* hist is now the larger child's */
		}
		/* left first, as the exact search numbers its nodes (a pending
		 * buffer is pool[depth + 1] or an ancestor's, never one the other
		 * child's subtree takes) */
		g_build(G, l, lo, a, depth + 1, left_small ? small : hist);
		g_build(G, r, a, hi, depth + 1, left_small ? hist : small);
		return;
	}
	g_build(G, l, lo, a, depth + 1, NULL);
	g_build(G, r, a, hi, depth + 1, NULL);
}

/* the leaf of training row i, feature f's value replaced by xf when f >= 0 */
static int
leaf_of(const Grower *G, int i, int f, double xf)
{
	const HData *H = G->H;
	const HNode *nodes = G->nodes;
	int			t = 0;

	while (nodes[t].feature >= 0)
	{
		int			g = nodes[t].feature;
		double		x = (g == f) ? xf : H->X[(Size) g * H->n + i];
		bool		left;

		if (isnan(x))
			left = nodes[t].missing_left != 0;
		else if (H->ftype[g] == TM_CATEGORY)
		{
			int			c = (int) x;

			left = (nodes[t].set[c / 64] >> (c % 64)) & 1;
		}
		else
			left = x <= nodes[t].threshold;
		t = left ? nodes[t].left : nodes[t].right;
	}
	return t;
}

static int
leaf_class(const Grower *G, int leaf)
{
	const double *v = G->values + (Size) leaf * G->H->k;
	int			b = 0;

	for (int c = 1; c < G->H->k; c++)
		if (v[c] > v[b])
			b = c;
	return b;
}

/*
 * out-of-bag leaves, accuracy and permutation importance of the grown tree
 * (Breiman 2001: each feature's values shuffled among the tree's out-of-bag
 * rows, from the tree's own seed)
 */
static void
oob_pass(Grower *G, int t, HTreeOut *o)
{
	const HData *H = G->H;
	int			n = H->n;
	int		   *rows;
	double	   *px;
	PmktRng		rng;

	o->leaf = malloc(sizeof(int32) * (Size) n);
	if (o->leaf == NULL)
	{
		o->status = HT_NOMEM;
		return;
	}
	o->noob = 0;
	o->base = 0;
	for (int i = 0; i < n; i++)
	{
		if (G->cnt && G->cnt[i] > 0)
		{
			o->leaf[i] = -1;
			continue;
		}
		o->leaf[i] = leaf_of(G, i, -1, 0);
		o->noob++;
		if (leaf_class(G, o->leaf[i]) == H->y[i])
			o->base++;
		if (G->poll && (i & 65535) == 0 && (QueryCancelPending || ProcDiePending))
		{
			o->status = HT_CANCELLED;
			return;
		}
	}
	if (!G->P->perm || o->noob < 2)
		return;
	o->perm_ok = calloc(H->d, sizeof(double));
	rows = malloc(sizeof(int) * (Size) o->noob);
	px = malloc(sizeof(double) * (Size) o->noob);
	if (o->perm_ok == NULL || rows == NULL || px == NULL)
	{
		free(rows);
		free(px);
		o->status = HT_NOMEM;
		return;
	}
	for (int i = 0, j = 0; i < n; i++)
		if (o->leaf[i] >= 0)
			rows[j++] = i;
	pmkt_rng_seed(&rng, hist_tree_seed(G->P->seed ^ UINT64CONST(0x9E12A7), t));
	for (int f = 0; f < H->d; f++)
	{
		double		ok = 0;

		if (G->poll && (QueryCancelPending || ProcDiePending))
		{
			o->status = HT_CANCELLED;
			break;
		}
		for (int j = 0; j < o->noob; j++)
			px[j] = H->X[(Size) f * n + rows[j]];
		for (int j = o->noob - 1; j > 0; j--)
		{
			int			r = (int) pmkt_rng_below(&rng, j + 1);
			double		tmp = px[j];

			px[j] = px[r];
			px[r] = tmp;
		}
		for (int j = 0; j < o->noob; j++)
			if (leaf_class(G, leaf_of(G, rows[j], f, px[j])) == H->y[rows[j]])
				ok++;
		o->perm_ok[f] = ok;
	}
	free(rows);
	free(px);
}

static void
grow_one(Grower *G, int t, HTreeOut *o)
{
	const HData *H = G->H;
	const HParams *P = G->P;
	int			n = H->n,
				k = H->k,
				m = 0;
	double	   *root_hist = NULL;

	G->status = HT_OK;
	G->bytes = 0;
	G->n_nodes = 0;
	G->cap = 64;
	G->nodes = malloc(sizeof(HNode) * G->cap);
	G->values = malloc(sizeof(double) * G->cap * k);
	o->cnt = NULL;
	if (G->nodes == NULL || G->values == NULL)
	{
		o->status = HT_NOMEM;
		goto done;
	}
	pmkt_rng_seed(&G->rng, hist_tree_seed(P->seed, t));
	if (P->draws > 0)
	{
		int		   *cnt = calloc(n, sizeof(int));

		if (cnt == NULL)
		{
			o->status = HT_NOMEM;
			goto done;
		}
		for (int64 j = 0; j < P->draws; j++)
			cnt[pmkt_rng_below(&G->rng, n)]++;
		o->cnt = cnt;
	}
	G->cnt = o->cnt;
	for (int i = 0; i < n; i++)
	{
		double		c = G->cnt ? G->cnt[i] : 1;

		G->crow[i] = c;
		G->wrow[i] = c * H->cw[H->y[i]];
		if (c > 0)
			G->idx[m++] = i;
	}
	g_new_node(G);
	{
		double		w = 0,
					nr = 0;
		double	   *v = G->values;

		for (int j = 0; j < m; j++)
		{
			int			i = G->idx[j];

			v[H->y[i]] += G->wrow[i];
			nr += G->crow[i];
		}
		for (int c = 0; c < k; c++)
			w += v[c];
		G->nodes[0].n = nr;
		G->nodes[0].w = w;
	}
	if (G->subtract)
	{
		root_hist = pool_get(G, 0);
		if (root_hist == NULL)
		{
			o->status = HT_NOMEM;
			goto done;
		}
		for (int f = 0; f < H->d; f++)
			g_hist(G, f, 0, m, root_hist + (Size) f * G->fstride);
	}
	g_build(G, 0, 0, m, 0, root_hist);
	o->status = G->status;
	if (o->status == HT_OK && G->P->oob)
		oob_pass(G, t, o);
done:
	o->nodes = G->nodes;
	o->values = G->values;
	o->n_nodes = G->n_nodes;
	G->nodes = NULL;
	G->values = NULL;
}

typedef struct HJob
{
	const HData *H;
	const HParams *P;
	int			first,
				count,
				step,
				off;
	bool		poll;
	double		used;
	HTreeOut   *out;
} HJob;

static void *
job_run(void *arg)
{
	HJob	   *j = arg;
	const HData *H = j->H;
	Grower		G;
	bool		ok;

	memset(&G, 0, sizeof(G));
	G.H = H;
	G.P = j->P;
	G.poll = j->poll;
	G.used = j->used;
	G.kk = H->k + 1;
	G.fstride = (Size) HB_STRIDE * G.kk;
	G.subtract = (j->P->max_features >= H->d);
	G.npool = j->P->max_depth_cap + 2;
	G.pool = calloc(G.npool, sizeof(double *));
	G.wrow = malloc(sizeof(double) * (Size) H->n);
	G.crow = malloc(sizeof(double) * (Size) H->n);
	G.idx = malloc(sizeof(int) * (Size) H->n);
	G.tmp = malloc(sizeof(int) * (Size) H->n);
	G.feats = malloc(sizeof(int) * H->d);
	G.one = G.subtract ? NULL : malloc(sizeof(double) * G.fstride * H->d);
	ok = G.pool && G.wrow && G.crow && G.idx && G.tmp && G.feats && (G.subtract || G.one);
	for (int t = j->off; t < j->count; t += j->step)
	{
		if (!ok)
		{
			j->out[t].status = HT_NOMEM;
			continue;
		}
		grow_one(&G, j->first + t, &j->out[t]);
	}
	if (G.pool)
		for (int p = 0; p < G.npool; p++)
			free(G.pool[p]);
	free(G.pool);
	free(G.wrow);
	free(G.crow);
	free(G.idx);
	free(G.tmp);
	free(G.feats);
	free(G.one);
	return NULL;
}

/*
 * hist_grow_trees: trees first .. first+count-1 into out[0..count), in
 * nthreads threads (thread j grows trees j, j + nthreads, ...).  used_bytes:
 * node bytes already counted against P->budget by earlier trees.
 */
void
hist_grow_trees(const HData *H, const HParams *P, int first, int count,
				int nthreads, bool poll, double used_bytes, HTreeOut *out)
{
	HJob		jobs[HT_MAX_THREADS];
	pthread_t	tid[HT_MAX_THREADS];
	bool		started[HT_MAX_THREADS] = {0};
	sigset_t	all,
				old;

	nthreads = Max(1, Min(Min(nthreads, HT_MAX_THREADS), count));
	for (int t = 0; t < count; t++)
		memset(&out[t], 0, sizeof(HTreeOut));
	for (int t = 0; t < nthreads; t++)
	{
		jobs[t].H = H;
		jobs[t].P = P;
		jobs[t].first = first;
		jobs[t].count = count;
		jobs[t].step = nthreads;
		jobs[t].off = t;
		jobs[t].poll = poll;
		jobs[t].used = used_bytes;
		jobs[t].out = out;
	}
	if (nthreads > 1)
	{
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		for (int t = 1; t < nthreads; t++)
			started[t] = (pthread_create(&tid[t], NULL, job_run, &jobs[t]) == 0);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	job_run(&jobs[0]);
	for (int t = 1; t < nthreads; t++)
	{
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			job_run(&jobs[t]);	/* could not start: do it here */
	}
}

void
hist_free_out(HTreeOut *o)
{
	free(o->nodes);
	free(o->values);
	free(o->cnt);
	free(o->leaf);
	free(o->perm_ok);
	o->nodes = NULL;
	o->values = NULL;
	o->cnt = NULL;
	o->leaf = NULL;
	o->perm_ok = NULL;
}
