/*
 * bench/classify/walk_bound.c: how fast can a forest be walked at all?
 *
 * A standalone harness (no PostgreSQL) for issue 13's scoring target: it
 * reads a pmkt.treemodel exported as text (COPY ... TO STDOUT: the hex of
 * the model's bytes) and rows exported from a bench table (COPY text of the
 * 20 feature columns of bench/classify/forest.sh, booleans as 0/1), and
 * measures ns/row for the probability of the model's last class (what
 * pmkt.predict_proba(model, row) returns for two classes) over rows in
 * memory, for several node layouts and walks:
 *
 *   ref       the checked walk of the model's own nodes (tree.c model_walk)
 *   fnode     pmkt's fast walk as on main: 16-byte nodes (64-bit word,
 *             slot, left child), every row value an order-preserving
 *             64-bit key, 32 trees side by side
 *   key12     implicit children (complete trees in level order, padded to
 *             the deepest leaf, children of i at 2i+1, 2i+2), 64-bit key +
 *             32-bit slot a node, no child index
 *   rank4     4-byte nodes: 16-bit row slot, 16-bit threshold rank;
 *             each row's numbers turned once into ranks among the forest's
 *             sorted thresholds of that feature (branch-free binary search),
 *             each categorical split set one 0/1 slot of the row; implicit
 *             children; per row, the trees side by side
 *   rank4x16  the same per row with AVX-512 gathers, 16 trees a vector
 *   batch*    a batch of 256 rows per call, tree by tree (one tree's nodes
 *             hot in L1): scalar (rows side by side) and AVX-512 (16 rows
 *             a vector)
 *
 * Every variant's result is compared with ref on every row, to the bit;
 * prep (the row's values in the variant's form) and walk are timed apart.
 * Build and run: bench/classify/walk_bound.sh.
 */
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int32_t int32;
typedef int64_t int64;
typedef uint64_t uint64;
typedef uint32_t uint32;
typedef uint16_t uint16;

/* the model's layout (src/classify/tree.h) */
typedef struct TmHeader
{
	int32		vl_len_;
	uint32		magic;
	int32		version, n_trees, n_features, n_classes, n_nodes, n_cats_total,
				n_catwords, strings_len, criterion, target_type;
	int64		n_train, n_skipped;
	double		oob_score;
} TmHeader;
typedef struct TmFeature
{
	int32		type, name_off, n_cats, cat_start;
} TmFeature;
typedef struct TmNode
{
	int32		feature, left, right, catword;
	double		threshold, n;
	int32		missing_left, depth;
} TmNode;

#define TM_CATEGORY 2
#define ALIGN8(x) (((x) + 7) & ~((size_t) 7))

static TmHeader *h;
static TmFeature *feat;
static int32 *cat_off, *class_off, *root;
static TmNode *node;
static double *prob;
static uint64 *catword;
static char *str;

static void
die(const char *m)
{
	fprintf(stderr, "walk_bound: %s\n", m);
	exit(1);
}

static void
load_model(const char *path)
{
	FILE	   *f = fopen(path, "r");
	size_t		cap = 1 << 20, n = 0;
	char	   *hex = malloc(cap);
	int			c;
	unsigned char *b;
	size_t		off;

	if (!f)
		die("cannot open the model file");
	while ((c = fgetc(f)) != EOF)
	{
		if (c == '\n' || c == '\\' || c == 'x')
			continue;
		if (n + 1 >= cap)
			hex = realloc(hex, cap *= 2);
		hex[n++] = c;
	}
	fclose(f);
	b = aligned_alloc(64, ALIGN8(n / 2 + 4) + 64);
	for (size_t i = 0; i < n / 2; i++)
	{
		int			hi = hex[2 * i], lo = hex[2 * i + 1];

		hi = hi <= '9' ? hi - '0' : (hi | 32) - 'a' + 10;
		lo = lo <= '9' ? lo - '0' : (lo | 32) - 'a' + 10;
		b[4 + i] = (unsigned char) (hi << 4 | lo);
	}
	h = (TmHeader *) b;
	if (h->magic != 0x544B4D50)
		die("not a pmkt.treemodel");
	off = ALIGN8(sizeof(TmHeader));
#define PART(p, type, count) do { p = (type *) (b + off); off = ALIGN8(off + sizeof(type) * (size_t) (count)); } while (0)
	PART(feat, TmFeature, h->n_features);
	PART(cat_off, int32, h->n_cats_total);
	PART(class_off, int32, h->n_classes);
	PART(root, int32, h->n_trees);
	PART(node, TmNode, h->n_nodes);
	PART(prob, double, (size_t) h->n_nodes * h->n_classes);
	off = ALIGN8(off + sizeof(double) * 2 * (size_t) h->n_features);
	PART(catword, uint64, h->n_catwords);
	PART(str, char, h->strings_len);
	if (off != n / 2 + 4)
		die("model size mismatch");
}

/* rows: numbers, or category index (-1: NULL / unseen) */
static int	N, D, K, T, WANT;
static double *X;				/* N x D, NaN = NULL */

static const char *colnames[] = {"n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "n10",
"i1", "i2", "b1", "b2", "b3", "b4", "c1", "c2", "c3", "c4"};

static void
load_rows(const char *path, int maxrows)
{
	FILE	   *f = fopen(path, "r");
	char		line[4096];
	int			colof[64];

	if (!f)
		die("cannot open the rows file");
	for (int j = 0; j < D; j++)
	{
		colof[j] = -1;
		for (int c = 0; c < 20; c++)
			if (strcmp(str + feat[j].name_off, colnames[c]) == 0)
				colof[j] = c;
		if (colof[j] < 0)
			die("a feature not in the rows");
	}
	X = malloc(sizeof(double) * (size_t) maxrows * D);
	N = 0;
	while (N < maxrows && fgets(line, sizeof line, f))
	{
		char	   *fld[20];
		char	   *p = line;

		line[strcspn(line, "\n")] = 0;
		for (int c = 0; c < 20; c++)
		{
			fld[c] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = 0;
			else if (c < 19)
				die("short row");
		}
		for (int j = 0; j < D; j++)
		{
			const char *s = fld[colof[j]];
			double		v;

			if (strcmp(s, "\\N") == 0)
				v = NAN;
			else if (feat[j].type == TM_CATEGORY)
			{
				v = NAN;
				for (int k = 0; k < feat[j].n_cats; k++)
					if (strcmp(str + cat_off[feat[j].cat_start + k], s) == 0)
					{
						v = k;
						break;
					}
			}
			else
				v = strtod(s, NULL);
			X[(size_t) N * D + j] = v;
		}
		N++;
	}
	fclose(f);
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);	/* CPU time: the machine is shared */
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ---------------- ref: the checked walk (model_walk) ---------------- */
static double
ref_row(const double *x)
{
	double		s = 0;

	for (int t = 0; t < T; t++)
	{
		int			i = root[t];

		for (;;)
		{
			const TmNode *nd = &node[i];
			int			f = nd->feature;
			int			left;

			if (f == -1)
				break;
			if (isnan(x[f]))
				left = nd->missing_left != 0;
			else if (feat[f].type == TM_CATEGORY)
			{
				int			c = (int) x[f];

				left = (catword[nd->catword + c / 64] >> (c % 64)) & 1;
			}
			else
				left = x[f] <= nd->threshold;
			i = left ? nd->left : nd->right;
		}
		s += prob[(size_t) i * K + WANT];
	}
	return s / T;
}

/* ---------------- fnode: main's fast walk ---------------- */
#define FW_GROUP 32
#define FW_MISSING_BIT (UINT64_C(1) << 63)
typedef struct FNode
{
	uint64		word;
	uint32		slot, next;
} FNode;
static FNode *fw;
static int32 *froot, *fgdepth;
static uint32 fleafslot;

static inline uint64
fw_key(double x)
{
	uint64		b;

	if (x == 0)
		x = 0;
	memcpy(&b, &x, sizeof(double));
	return b ^ ((uint64) ((int64) b >> 63) | (UINT64_C(1) << 63));
}

static void
build_fnode(void)
{
	int32	   *q = malloc(sizeof(int32) * 3 * (h->n_nodes + 1));
	int			out = 0;

	fw = aligned_alloc(64, sizeof(FNode) * (size_t) h->n_nodes + 64);
	froot = malloc(sizeof(int32) * T);
	fgdepth = calloc((T + FW_GROUP - 1) / FW_GROUP, sizeof(int32));
	fleafslot = 2 * D;
	for (int t = 0; t < T; t++)
	{
		int			sp = 0, head = 0;

		froot[t] = out;
		q[sp++] = root[t];
		q[sp++] = out++;
		q[sp++] = 0;
		while (head < sp)
		{
			int			i = q[head++], slot = q[head++], depth = q[head++];
			const TmNode *nd = &node[i];
			FNode	   *o = &fw[slot];

			if (nd->feature == -1)
			{
				double		lv = prob[(size_t) i * K + WANT];

				memcpy(&o->word, &lv, 8);
				o->slot = fleafslot;
				o->next = slot;
				if (depth > fgdepth[t / FW_GROUP])
					fgdepth[t / FW_GROUP] = depth;
				continue;
			}
			if (feat[nd->feature].type == TM_CATEGORY)
			{
				int			nc = feat[nd->feature].n_cats;
				uint64		left = catword[nd->catword];

				if (nc < 64)
					left &= (UINT64_C(1) << nc) - 1;
				if (nd->missing_left)
					left |= FW_MISSING_BIT;
				o->slot = 2 * D + 1 + nd->feature;
				o->word = ~left;
			}
			else
			{
				o->slot = 2 * nd->feature + (nd->missing_left ? 0 : 1);
				o->word = fw_key(nd->threshold);
			}
			o->next = out;
			q[sp++] = nd->left;
			q[sp++] = out;
			q[sp++] = depth + 1;
			q[sp++] = nd->right;
			q[sp++] = out + 1;
			q[sp++] = depth + 1;
			out += 2;
		}
	}
	free(q);
}

static inline void
fnode_prep(const double *x, uint64 *xs)
{
	for (int f = 0; f < D; f++)
	{
		if (feat[f].type == TM_CATEGORY)
			xs[2 * D + 1 + f] = isnan(x[f]) ? FW_MISSING_BIT : UINT64_C(1) << (int) x[f];
		else if (isnan(x[f]))
		{
			xs[2 * f] = 0;
			xs[2 * f + 1] = ~UINT64_C(0);
		}
		else
			xs[2 * f] = xs[2 * f + 1] = fw_key(x[f]);
	}
}

static inline uint32
fast_step(const FNode *w, uint32 i, const uint64 *xs, uint32 leafslot)
{
	const FNode *nd = &w[i];
	uint32		sl = nd->slot;
	uint64		word = nd->word;
	uint64		iscat = -(uint64) (sl > leafslot);
	uint64		mask = word | ~iscat;
	uint64		thr = word & ~iscat;

	return nd->next + (uint32) ((xs[sl] & mask) > thr);
}

static double
fnode_row(const uint64 *xs)
{
	double		s = 0;

	for (int t0 = 0; t0 < T; t0 += FW_GROUP)
	{
		uint32		idx[FW_GROUP];
		int			g = T - t0 < FW_GROUP ? T - t0 : FW_GROUP;
		int			depth = fgdepth[t0 / FW_GROUP];

		for (int j = 0; j < g; j++)
			idx[j] = froot[t0 + j];
		for (int st = 0; st < depth; st++)
			for (int j = 0; j < g; j++)
				idx[j] = fast_step(fw, idx[j], xs, fleafslot);
		for (int j = 0; j < g; j++)
		{
			double		lv;

			memcpy(&lv, &fw[idx[j]].word, 8);
			s += lv;
		}
	}
	return s / T;
}

/* ---------------- implicit complete trees ---------------- */
static int	DEP;				/* the deepest leaf */
static int	NI;					/* internal nodes a tree: 2^DEP - 1 */
static uint64 *kkey;			/* key12: T x NI words */
static uint32 *kslot;			/* key12: T x NI slots */
static double *lval;			/* T x 2^DEP leaf values */

/*
 * rank8: {32-bit word, 32-bit slot} a node; row values 32-bit: slot 0
 * holds 0 (padding nodes: always left), numbers 1 + 2f (NULL: 0) and
 * 2 + 2f (NULL: all ones) hold the rank of x among feature f's sorted
 * distinct thresholds (how many are < x: x <= t_j exactly when rank <= j),
 * categories CB + f hold 1 << index (bit 31: NULL / unseen; at most 31
 * categories), and a categorical node's word is the set going right:
 * right = (v & mask) > thr as main's walk, in 32 bits.
 * rank4: {16-bit slot, 16-bit word} a node, the same row values, a
 * categorical node's word the index of its set in a table of sets.
 */
typedef struct R8
{
	uint32		word, slot;
} R8;
static R8 *r8;
static uint32 *r4;
static uint32 *m4;				/* min4 (a bound only) */
static int	rank_bad;			/* a category set over 31 categories: no rank forms */
static uint32 *sets;			/* rank4: the sets going right */
static int	nsets;
static int	nrslots, CB;
static double **thr_sorted;		/* per numeric feature, sorted distinct thresholds */
static int *nthr;

static int
depth_of(int i)
{
	const TmNode *nd = &node[i];

	if (nd->feature == -1)
		return 0;
	{
		int			a = depth_of(nd->left), b = depth_of(nd->right);

		return 1 + (a > b ? a : b);
	}
}

static int
dblcmp(const void *a, const void *b)
{
	double		x = *(const double *) a, y = *(const double *) b;

	return x < y ? -1 : x > y;
}

static int
thr_rank(int f, double t)
{
	int			lo = 0, hi = nthr[f] - 1;

	while (lo <= hi)
	{
		int			m = (lo + hi) / 2;

		if (thr_sorted[f][m] == t)
			return m;
		if (thr_sorted[f][m] < t)
			lo = m + 1;
		else
			hi = m - 1;
	}
	die("threshold not found");
	return -1;
}

static int
set_index(uint32 right)
{
	for (int s = 0; s < nsets; s++)
		if (sets[s] == right)
			return s;
	sets[nsets] = right;
	return nsets++;
}

/* fill tree t's implicit node p from model node i at depth d */
static void
fill(int t, int i, int p, int d)
{
	const TmNode *nd = &node[i];
	size_t		o = (size_t) t * NI + p;

	if (nd->feature == -1)
	{
		/* a leaf above the bottom: "always left" down to its leftmost bottom slot */
		while (d < DEP)
		{
			o = (size_t) t * NI + p;
			kkey[o] = 0;
			kslot[o] = 2 * D;	/* holds 0: 0 > 0 never */
			r8[o].word = 0;
			r8[o].slot = 0;		/* holds 0 */
			r4[o] = 0;
			p = 2 * p + 1;
			d++;
		}
		lval[(size_t) t * (NI + 1) + (p - NI)] = prob[(size_t) i * K + WANT];
		return;
	}
	if (feat[nd->feature].type == TM_CATEGORY)
	{
		int			nc = feat[nd->feature].n_cats;
		uint64		left = catword[nd->catword];
		uint32		left32;

		if (nc < 64)
			left &= (UINT64_C(1) << nc) - 1;
		if (nc > 31)
			rank_bad = 1;	/* the rank forms here: at most 31 categories */
		left32 = (uint32) left | (nd->missing_left ? UINT32_C(1) << 31 : 0);
		if (nd->missing_left)
			left |= FW_MISSING_BIT;
		kkey[o] = ~left;
		kslot[o] = 2 * D + 1 + nd->feature;
		r8[o].word = ~left32;
		r8[o].slot = CB + nd->feature;
		r4[o] = (uint32) (CB + nd->feature) | (uint32) set_index(~left32) << 16;
	}
	else
	{
		int			j = thr_rank(nd->feature, nd->threshold == 0 ? 0 : nd->threshold);
		uint32		sl = 1 + 2 * nd->feature + (nd->missing_left ? 0 : 1);

		kkey[o] = fw_key(nd->threshold);
		kslot[o] = 2 * nd->feature + (nd->missing_left ? 0 : 1);
		r8[o].word = j;
		r8[o].slot = sl;
		r4[o] = sl | (uint32) j << 16;
	}
	fill(t, nd->left, 2 * p + 1, d + 1);
	fill(t, nd->right, 2 * p + 2, d + 1);
}

static void
build_implicit(void)
{
	int			nnum = 0;

	DEP = 0;
	for (int t = 0; t < T; t++)
	{
		int			d = depth_of(root[t]);

		if (d > DEP)
			DEP = d;
	}
	if (DEP > 16)
		die("the implicit forms here: trees of depth at most 16");
	NI = (1 << DEP) - 1;
	CB = 1 + 2 * D;
	nrslots = CB + D;
	kkey = aligned_alloc(64, sizeof(uint64) * (size_t) T * NI + 64);
	kslot = aligned_alloc(64, sizeof(uint32) * (size_t) T * NI + 64);
	r8 = aligned_alloc(64, sizeof(R8) * (size_t) T * NI + 64);
	r4 = aligned_alloc(64, sizeof(uint32) * (size_t) T * NI + 64);
	sets = malloc(sizeof(uint32) * (h->n_nodes + 1));
	lval = aligned_alloc(64, sizeof(double) * (size_t) T * (NI + 1) + 64);
	/* per numeric feature the sorted distinct thresholds (-0 as +0) */
	thr_sorted = calloc(D, sizeof(double *));
	nthr = calloc(D, sizeof(int));
	for (int f = 0; f < D; f++)
		thr_sorted[f] = malloc(sizeof(double) * h->n_nodes);
	for (int i = 0; i < h->n_nodes; i++)
		if (node[i].feature >= 0 && feat[node[i].feature].type != TM_CATEGORY)
		{
			int			f = node[i].feature;

			thr_sorted[f][nthr[f]++] = node[i].threshold == 0 ? 0 : node[i].threshold;
		}
	for (int f = 0; f < D; f++)
	{
		int			u = 0;

		qsort(thr_sorted[f], nthr[f], sizeof(double), dblcmp);
		for (int i = 0; i < nthr[f]; i++)
			if (u == 0 || thr_sorted[f][i] != thr_sorted[f][u - 1])
				thr_sorted[f][u++] = thr_sorted[f][i];
		nthr[f] = u;
		if (u > 65534)
			die("too many thresholds for 16-bit ranks");
		if (u)
			nnum++;
	}
	nsets = 0;
	for (int t = 0; t < T; t++)
		fill(t, root[t], 0, 0);
	m4 = aligned_alloc(64, sizeof(uint32) * (size_t) T * NI + 64);
	memcpy(m4, r4, sizeof(uint32) * (size_t) T * NI);
	if (nsets > 65535)
		die("too many sets");
	fprintf(stderr, "implicit: depth %d, %d internal slots a tree (%d KB of 8-byte nodes for the forest), "
			"%d model nodes, %d numeric features with thresholds, %d distinct categorical sets\n",
			DEP, NI, (int) ((size_t) T * NI * 8 / 1024), h->n_nodes, nnum, nsets);
	for (int f = 0; f < D; f++)
		if (feat[f].type != TM_CATEGORY)
			fprintf(stderr, "  %s: %d thresholds\n", str + feat[f].name_off, nthr[f]);
}

static double
key12_row(const uint64 *xs)
{
	double		s = 0;
	uint32		idx[64];

	for (int t = 0; t < T; t++)
		idx[t] = 0;
	for (int st = 0; st < DEP; st++)
		for (int t = 0; t < T; t++)
		{
			size_t		o = (size_t) t * NI + idx[t];
			uint32		sl = kslot[o];
			uint64		word = kkey[o];
			uint64		iscat = -(uint64) (sl > fleafslot);
			uint64		mask = word | ~iscat;
			uint64		thr = word & ~iscat;

			idx[t] = 2 * idx[t] + 1 + (uint32) ((xs[sl] & mask) > thr);
		}
	for (int t = 0; t < T; t++)
		s += lval[(size_t) t * (NI + 1) + idx[t] - NI];
	return s / T;
}

/* rank of x among feature f's thresholds: how many are < x */
static inline uint32
rank_of(int f, double x)
{
	const double *a = thr_sorted[f];
	int			n = nthr[f];
	uint32		lo = 0;

	if (n == 0)
		return 0;
	/* branch-free lower bound */
	while (n > 1)
	{
		int			half = n / 2;

		lo = (a[lo + half - 1] < x) ? lo + half : lo;
		n -= half;
	}
	return lo + (a[lo] < x);
}

static inline void
rank_prep(const double *x, uint32 *rv)
{
	rv[0] = 0;
	for (int f = 0; f < D; f++)
	{
		if (feat[f].type == TM_CATEGORY)
			rv[CB + f] = isnan(x[f]) ? UINT32_C(1) << 31 : UINT32_C(1) << (int) x[f];
		else if (isnan(x[f]))
		{
			rv[1 + 2 * f] = 0;
			rv[2 + 2 * f] = 0xFFFFFFFFu;
		}
		else
			rv[1 + 2 * f] = rv[2 + 2 * f] = rank_of(f, x[f]);
	}
}

static inline uint32
r8_step(const R8 *n, uint32 i, const uint32 *rv)
{
	uint32		sl = n[i].slot, word = n[i].word;
	uint32		iscat = -(uint32) (sl >= (uint32) CB);
	uint32		mask = word | ~iscat;
	uint32		thr = word & ~iscat;

	return 2 * i + 1 + ((rv[sl] & mask) > thr);
}

static double
rank8_row(const uint32 *rv)
{
	double		s = 0;
	uint32		idx[64];

	for (int t = 0; t < T; t++)
		idx[t] = 0;
	for (int st = 0; st < DEP; st++)
		for (int t = 0; t < T; t++)
			idx[t] = r8_step(r8 + (size_t) t * NI, idx[t], rv);
	for (int t = 0; t < T; t++)
		s += lval[(size_t) t * (NI + 1) + idx[t] - NI];
	return s / T;
}

static inline uint32
r4_step(const uint32 *n, uint32 i, const uint32 *rv)
{
	uint32		nd = n[i];
	uint32		sl = nd & 0xFFFF, word = nd >> 16;
	uint32		v = rv[sl];
	uint32		set = sets[sl >= (uint32) CB ? word : 0];
	uint32		r = sl >= (uint32) CB ? (v & set) != 0 : v > word;

	return 2 * i + 1 + r;
}

static double
rank4_row(const uint32 *rv)
{
	double		s = 0;
	uint32		idx[64];

	for (int t = 0; t < T; t++)
		idx[t] = 0;
	for (int st = 0; st < DEP; st++)
		for (int t = 0; t < T; t++)
			idx[t] = r4_step(r4 + (size_t) t * NI, idx[t], rv);
	for (int t = 0; t < T; t++)
		s += lval[(size_t) t * (NI + 1) + idx[t] - NI];
	return s / T;
}

/*
 * min4: the cheapest step there is, for a bound only: 4-byte nodes (16-bit
 * slot, 16-bit rank), every node a number (a categorical node compares the
 * row's category bit with its set's index instead: NOT the same decisions,
 * the result is not compared); 5 instructions a visit
 */
static double
min4_row(const uint32 *rv)
{
	double		s = 0;
	uint32		idx[64];

	for (int t = 0; t < T; t++)
		idx[t] = 0;
	for (int st = 0; st < DEP; st++)
		for (int t = 0; t < T; t++)
		{
			uint32		nd = m4[(size_t) t * NI + idx[t]];

			idx[t] = 2 * idx[t] + 1 + (rv[nd & 0xFFFF] > (nd >> 16));
		}
	for (int t = 0; t < T; t++)
		s += lval[(size_t) t * (NI + 1) + idx[t] - NI];
	return s / T;
}

/* AVX-512: per row, 16 trees a vector, rank8 nodes (word, slot gathered) */
__attribute__((target("avx512f")))
static double
rank8x16_row(const uint32 *rv)
{
	double		s = 0;
	uint32		idx[64] __attribute__((aligned(64)));
	__m512i		one = _mm512_set1_epi32(1);
	__m512i		cb = _mm512_set1_epi32(CB);

	for (int t0 = 0; t0 < T; t0 += 16)
	{
		int			g = T - t0 < 16 ? T - t0 : 16;
		__mmask16	m = (__mmask16) ((1u << g) - 1);
		/* 32-bit element index of the node's word: 2 * (t * NI + i) */
		__m512i		base = _mm512_mullo_epi32(_mm512_add_epi32(_mm512_set1_epi32(t0),
															   _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)),
											  _mm512_set1_epi32(2 * NI));
		__m512i		i = _mm512_setzero_si512();

		for (int st = 0; st < DEP; st++)
		{
			__m512i		e = _mm512_add_epi32(base, _mm512_add_epi32(i, i));
			__m512i		w = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, e, (const int *) r8, 4);
			__m512i		sl = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, e, (const int *) r8 + 1, 4);
			__m512i		v = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, sl, (const int *) rv, 4);
			__mmask16	cat = _mm512_cmpge_epu32_mask(sl, cb);
			__mmask16	rn = _mm512_mask_cmpgt_epu32_mask(~cat, v, w);
			__mmask16	rc = _mm512_mask_test_epi32_mask(cat, v, w);

			i = _mm512_add_epi32(_mm512_add_epi32(i, i), one);
			i = _mm512_mask_add_epi32(i, rn | rc, i, one);
		}
		_mm512_store_si512(idx, i);
		for (int j = 0; j < g; j++)
			s += lval[(size_t) (t0 + j) * (NI + 1) + idx[j] - NI];
	}
	return s / T;
}

/* batches: B rows, the row values of row r at rvb + r * nrslots */
#define BATCH 256
static void
batch_rank8(const uint32 *rvb, int nb, double *out)
{
	for (int r = 0; r < nb; r++)
		out[r] = 0;
	for (int t = 0; t < T; t++)
	{
		const R8   *tn = r8 + (size_t) t * NI;
		const double *tl = lval + (size_t) t * (NI + 1) - NI;

		for (int r0 = 0; r0 < nb; r0 += 16)
		{
			uint32		idx[16] = {0};
			int			g = nb - r0 < 16 ? nb - r0 : 16;

			for (int st = 0; st < DEP; st++)
				for (int j = 0; j < g; j++)
					idx[j] = r8_step(tn, idx[j], rvb + (size_t) (r0 + j) * nrslots);
			for (int j = 0; j < g; j++)
				out[r0 + j] += tl[idx[j]];
		}
	}
	for (int r = 0; r < nb; r++)
		out[r] /= T;
}

/* the same with main's row values (64-bit keys) and key12 nodes */
static void
batch_key12(const uint64 *xsb, int stride, int nb, double *out)
{
	for (int r = 0; r < nb; r++)
		out[r] = 0;
	for (int t = 0; t < T; t++)
	{
		const uint64 *tk = kkey + (size_t) t * NI;
		const uint32 *ts = kslot + (size_t) t * NI;
		const double *tl = lval + (size_t) t * (NI + 1) - NI;

		for (int r0 = 0; r0 < nb; r0 += 16)
		{
			uint32		idx[16] = {0};
			int			g = nb - r0 < 16 ? nb - r0 : 16;

			for (int st = 0; st < DEP; st++)
				for (int j = 0; j < g; j++)
				{
					uint32		sl = ts[idx[j]];
					uint64		word = tk[idx[j]];
					uint64		iscat = -(uint64) (sl > fleafslot);

					idx[j] = 2 * idx[j] + 1 + (uint32) ((xsb[(size_t) (r0 + j) * stride + sl] & (word | ~iscat)) > (word & ~iscat));
				}
			for (int j = 0; j < g; j++)
				out[r0 + j] += tl[idx[j]];
		}
	}
	for (int r = 0; r < nb; r++)
		out[r] /= T;
}

__attribute__((target("avx512f")))
static void
batch_x16(const uint32 *rvb, int nb, double *out)
{
	__m512i		one = _mm512_set1_epi32(1);
	__m512i		cb = _mm512_set1_epi32(CB);

	for (int r = 0; r < nb; r++)
		out[r] = 0;
	for (int t = 0; t < T; t++)
	{
		const int  *tn = (const int *) (r8 + (size_t) t * NI);
		const double *tl = lval + (size_t) t * (NI + 1) - NI;

		for (int r0 = 0; r0 < nb; r0 += 16)
		{
			int			g = nb - r0 < 16 ? nb - r0 : 16;
			__mmask16	m = (__mmask16) ((1u << g) - 1);
			__m512i		rowbase = _mm512_mullo_epi32(_mm512_add_epi32(_mm512_set1_epi32(r0),
																	  _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)),
													 _mm512_set1_epi32(nrslots));
			__m512i		i = _mm512_setzero_si512();

			for (int st = 0; st < DEP; st++)
			{
				__m512i		e = _mm512_add_epi32(i, i);
				__m512i		w = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, e, tn, 4);
				__m512i		sl = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, e, tn + 1, 4);
				__m512i		v = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m,
															_mm512_add_epi32(rowbase, sl), (const int *) rvb, 4);
				__mmask16	cat = _mm512_cmpge_epu32_mask(sl, cb);
				__mmask16	rn = _mm512_mask_cmpgt_epu32_mask(~cat, v, w);
				__mmask16	rc = _mm512_mask_test_epi32_mask(cat, v, w);

				i = _mm512_add_epi32(_mm512_add_epi32(i, i), one);
				i = _mm512_mask_add_epi32(i, rn | rc, i, one);
			}
			{
				__m512d		lo = _mm512_mask_i32gather_pd(_mm512_setzero_pd(), (__mmask8) m, _mm512_castsi512_si256(i), tl, 8);
				__m512d		hi = _mm512_mask_i32gather_pd(_mm512_setzero_pd(), (__mmask8) (m >> 8), _mm512_extracti64x4_epi64(i, 1), tl, 8);
				__m512d		a = _mm512_maskz_loadu_pd((__mmask8) m, out + r0), b = _mm512_maskz_loadu_pd((__mmask8) (m >> 8), out + r0 + 8);

				_mm512_mask_storeu_pd(out + r0, (__mmask8) m, _mm512_add_pd(a, lo));
				_mm512_mask_storeu_pd(out + r0 + 8, (__mmask8) (m >> 8), _mm512_add_pd(b, hi));
			}
		}
	}
	for (int r = 0; r < nb; r++)
		out[r] /= T;
}

/* per variant, the least CPU time over the rounds (the machine is shared) */
static const char *vlabel[32];
static double vprep[32], vtot[32];
static int	vnocheck[32], nvar;

static void
record(int v, const char *label, double prep, double tot, int nocheck)
{
	if (v >= nvar)
	{
		nvar = v + 1;
		vlabel[v] = label;
		vprep[v] = prep;
		vtot[v] = tot;
		vnocheck[v] = nocheck;
	}
	if (prep < vprep[v])
		vprep[v] = prep;
	if (tot < vtot[v])
		vtot[v] = tot;
}

static int
same(double a, double b)
{
	return memcmp(&a, &b, 8) == 0;
}

int
main(int argc, char **argv)
{
	int			maxrows = argc > 3 ? atoi(argv[3]) : 1000000;
	int			rounds = argc > 4 ? atoi(argv[4]) : 5;
	int			reps = 1;
	const char *only = getenv("WALK_ONLY");	/* one variant (by its label's start), e.g. for perf stat */
	double	   *ref, *res;
	uint64	   *buf_xs;
	uint32	   *buf_rv, *bat_rv;
	uint64	   *bat_xs;
	double		sum = 0;
	uint64		sink = 0;

	if (argc < 3)
		die("usage: walk_bound MODEL.hex ROWS.tsv [ROWS] [ROUNDS]");
	load_model(argv[1]);
	D = h->n_features;
	K = h->n_classes;
	T = h->n_trees;
	WANT = K - 1;
	if (T > 64)
		die("at most 64 trees here");
	load_rows(argv[2], maxrows);
	fprintf(stderr, "%d trees, %d features, %d classes, %d nodes; %d rows\n", T, D, K, h->n_nodes, N);
	build_fnode();
	build_implicit();
	ref = malloc(sizeof(double) * N);
	res = malloc(sizeof(double) * N);
	buf_xs = calloc(3 * D + 1, sizeof(uint64));
	buf_rv = aligned_alloc(64, sizeof(uint32) * (size_t) nrslots + 64);
	bat_rv = aligned_alloc(64, sizeof(uint32) * (size_t) nrslots * BATCH + 64);
	bat_xs = calloc((size_t) (3 * D + 1) * BATCH, sizeof(uint64));
	for (int r = 0; r < N; r++)
	{
		ref[r] = ref_row(X + (size_t) r * D);
		sum += ref[r];
	}
	printf("rows %d, sum of the reference walk %.17g\n", N, sum);
	printf("%-40s %10s %10s %10s\n", "variant", "prep ns", "walk ns", "total ns");

/* time PREP alone and PREP + WALK over all rows (least of reps); CHECK:
 * compare every result with the reference walk (0 for a bound that does
 * not make the same decisions) */
#define TIMEIT_ANY(label, PREP, WALK, CHECK) \
	do { \
		double bp = 1e30, bt = 1e30; \
		if (only && strncmp(label, only, strlen(only)) != 0) break; \
		for (int rep = 0; rep < reps; rep++) \
		{ \
			double t0 = now_ns(), t1, t2; \
			for (int r = 0; r < N; r++) \
			{ \
				PREP; \
				sink += buf_rv[1] + buf_xs[1]; \
			} \
			t1 = now_ns(); \
			for (int r = 0; r < N; r++) \
			{ \
				PREP; \
				WALK; \
			} \
			t2 = now_ns(); \
			if (t1 - t0 < bp) bp = t1 - t0; \
			if (t2 - t1 < bt) bt = t2 - t1; \
		} \
		for (int r = 0; (CHECK) && r < N; r++) \
			if (!same(res[r], ref[r])) \
			{ \
				fprintf(stderr, "%s: row %d differs: %.17g vs %.17g\n", label, r, res[r], ref[r]); \
				exit(1); \
			} \
		record(vi++, label, bp / N, bt / N, !(CHECK)); \
	} while (0)
#define TIMEIT(label, PREP, WALK) TIMEIT_ANY(label, PREP, WALK, 1)
#define TIMEIT_NOCHECK(label, PREP, WALK) TIMEIT_ANY(label, PREP, WALK, 0)
#define XR (X + (size_t) r * D)

	for (int round = 0; round < rounds; round++)
	{
	int			vi = 0;

	/* the reference itself (the checked walk on doubles, no prep) */
	TIMEIT("ref (model nodes, checked walk)", (void) 0, res[r] = ref_row(XR));
	TIMEIT("fnode (main: 16 B nodes, 32 side by side)", fnode_prep(XR, buf_xs), res[r] = fnode_row(buf_xs));
	TIMEIT("key12 (implicit, 64-bit keys)", fnode_prep(XR, buf_xs), res[r] = key12_row(buf_xs));
	if (!rank_bad)
		TIMEIT("rank8 (implicit, 8 B nodes, ranks)", rank_prep(XR, buf_rv), res[r] = rank8_row(buf_rv));
	if (!rank_bad)
		TIMEIT("rank4 (implicit, 4 B nodes, set table)", rank_prep(XR, buf_rv), res[r] = rank4_row(buf_rv));
	if (!rank_bad)
		TIMEIT_NOCHECK("min4 (bound: numbers only, NOT same)", rank_prep(XR, buf_rv), res[r] = min4_row(buf_rv));
	if (!rank_bad && __builtin_cpu_supports("avx512f"))
		TIMEIT("rank8x16 (per row, AVX-512 gathers)", rank_prep(XR, buf_rv), res[r] = rank8x16_row(buf_rv));
	/* batches: the prep of each row, then the walk of BATCH rows at once */
	TIMEIT("batch256 key12 scalar (tree by tree)",
		   fnode_prep(XR, bat_xs + (size_t) (r % BATCH) * (3 * D + 1)),
		   if (r % BATCH == BATCH - 1 || r == N - 1) batch_key12(bat_xs, 3 * D + 1, r % BATCH + 1, res + r - r % BATCH));
	if (!rank_bad)
		TIMEIT("batch256 rank8 scalar (tree by tree)",
		   rank_prep(XR, bat_rv + (size_t) (r % BATCH) * nrslots),
		   if (r % BATCH == BATCH - 1 || r == N - 1) batch_rank8(bat_rv, r % BATCH + 1, res + r - r % BATCH));
	if (!rank_bad && __builtin_cpu_supports("avx512f"))
		TIMEIT("batch256 rank8 AVX-512 (16 rows a vector)",
			   rank_prep(XR, bat_rv + (size_t) (r % BATCH) * nrslots),
			   if (r % BATCH == BATCH - 1 || r == N - 1) batch_x16(bat_rv, r % BATCH + 1, res + r - r % BATCH));
	fprintf(stderr, "round %d done\n", round + 1);
	}
	for (int v = 0; v < nvar; v++)
		printf("%-40s %10.1f %10.1f %10.1f%s\n", vlabel[v], vprep[v], vtot[v] - vprep[v], vtot[v],
			   vnocheck[v] ? "  (a bound: not the same decisions)" : "");
	fprintf(stderr, "(sink %g)\n", (double) sink);
	return 0;
}
