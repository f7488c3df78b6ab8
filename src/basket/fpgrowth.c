/*
 * basket/fpgrowth.c
 *    pmkt.frequent_itemsets and pmkt.association_rules: FP-growth (Han, Pei
 *    and Yin, "Mining frequent patterns without candidate generation",
 *    SIGMOD 2000) over an in-memory FP-tree.
 *
 * Items are ranked by basket count (descending, ties by item id); every
 * basket's frequent items are inserted into the FP-tree in rank order.
 * Mining takes each item of a tree, emits prefix + item with the item's
 * count in the tree, and recurses into the conditional FP-tree built from
 * the item's prefix paths (items below min count dropped), up to max_len.
 * Nodes are 32-byte array entries addressed by index; the tree, the
 * conditional trees and the results live in one memory context checked
 * against pmkt.max_train_memory (53200 beyond it).
 *
 * Results are sorted before output, so the rows do not depend on the order
 * of the input lines: itemsets by size, count (descending), then items;
 * rules by lift, confidence, count (all descending), then antecedent and
 * consequent.  Items compare by id: integers numerically, text bytewise
 * (the "C" collation).
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/ruleutils.h"
#include "utils/tuplestore.h"

#include "util/report.h"
#include "util/searchpath.h"
#include "util/sort.h"
#include "basket.h"

/*
 * Hard bounds on the results, whatever the budget: at most 2 M itemsets (and
 * as many rules) holding at most 16 M items in all, so that the exponential
 * growth of itemsets with basket size stops within a few hundred MB.
 */
#define MAX_ITEMSETS_LIMIT 2000000
#define MAX_SET_ITEMS INT64CONST(16000000)

typedef struct FPNode
{
	int32		item;			/* rank */
	int32		parent;
	int32		child;			/* first child, -1 none */
	int32		sibling;		/* next child of parent, -1 none */
	int32		next;			/* next node of the same item, -1 none */
	int32		pad;
	int64		count;
} FPNode;

typedef struct FPTree
{
	FPNode	   *nodes;
	int64		n;
	int64		cap;
	int32		nitems;			/* ranks 0 .. nitems-1 */
	int32	   *head;			/* first node per rank, -1 none */
	int32	   *rootchild;		/* the root's child per rank, -1 none */
	int64	   *icount;			/* count per rank in this tree */
	/*
	 * (parent, item) -> child, open addressing, below the root: a node can
	 * have hundreds of children (500 products), and walking the sibling list
	 * on every insert was 98 % of association_rules (bench/basket/rules.md)
	 */
	int32	   *hslot;			/* node index, -1 empty */
	int64		hcap;			/* a power of 2, >= 2 x nodes */
} FPTree;

typedef struct Miner
{
	BasketSet  *b;
	int64		minc;
	int32		max_len;
	int32		nfreq;			/* frequent items (ranks) */
	int32	   *rank_item;		/* rank -> item index */
	int32	   *rank_pos;		/* rank -> position in item id order */
	int32	   *pos_rank;		/* position in item id order -> rank */
	int64	   *path_cnt;		/* scratch per rank */
	int32	   *pathbuf;
	/* results: itemsets as positions in item id order, ascending */
	int64		nsets;
	int64		setcap;
	int64	   *set_off;
	int32	   *set_len;
	int64	   *set_count;
	int64		nsetitems;
	int64		setitemcap;
	int32	   *set_items;
	int64		emitted_since_check;
	int64		max_sets;		/* 54000 beyond this many itemsets */
} Miner;

static void *
grow_huge(void *p, int64 *cap, int64 need, Size elem)
{
	int64		ncap;

	if (need <= *cap)
		return p;
	ncap = Max(need, Max(*cap * 2, 256));
	p = p ? repalloc_huge(p, (Size) ncap * elem)
		: MemoryContextAllocHuge(CurrentMemoryContext, (Size) ncap * elem);
	*cap = ncap;
	return p;
}

/* ------------------------------------------------------------------------
 * FP-tree
 * ------------------------------------------------------------------------ */
static FPTree *
tree_new(int32 nitems)
{
	FPTree	   *t = palloc0(sizeof(FPTree));

	t->nitems = nitems;
	t->head = palloc(sizeof(int32) * Max(nitems, 1));
	t->rootchild = palloc(sizeof(int32) * Max(nitems, 1));
	t->icount = palloc0(sizeof(int64) * Max(nitems, 1));
	for (int32 i = 0; i < nitems; i++)
		t->head[i] = t->rootchild[i] = -1;
	t->nodes = grow_huge(NULL, &t->cap, 64, sizeof(FPNode));
	t->nodes[0].item = -1;
	t->nodes[0].parent = -1;
	t->nodes[0].child = -1;
	t->nodes[0].sibling = -1;
	t->nodes[0].next = -1;
	t->nodes[0].count = 0;
	t->n = 1;
	t->hcap = 256;
	t->hslot = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int32) * t->hcap);
	memset(t->hslot, 0xff, sizeof(int32) * t->hcap);
	return t;
}

static inline uint64
child_hash(int32 parent, int32 item)
{
	uint64		k = ((uint64) (uint32) parent << 32) | (uint32) item;

	k ^= k >> 33;
	k *= UINT64CONST(0xff51afd7ed558ccd);
	k ^= k >> 33;
	return k;
}

/* the slot of (parent, item): its node, or the empty slot to put it in */
static inline int64
child_slot(const FPTree *t, int32 parent, int32 item)
{
	int64		mask = t->hcap - 1;
	int64		i = (int64) (child_hash(parent, item) & (uint64) mask);

	for (;;)
	{
		int32		c = t->hslot[i];

		if (c < 0 || (t->nodes[c].parent == parent && t->nodes[c].item == item))
			return i;
		i = (i + 1) & mask;
	}
}

/* doubles the child index when it is half full (before a node is added) */
static void
child_index_grow(FPTree *t)
{
	if (2 * (t->n + 1) <= t->hcap)
		return;
	pfree(t->hslot);
	t->hcap *= 2;
	t->hslot = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int32) * t->hcap);
	memset(t->hslot, 0xff, sizeof(int32) * t->hcap);
	for (int64 c = 1; c < t->n; c++)
	{
		if (t->nodes[c].parent != 0)
			t->hslot[child_slot(t, t->nodes[c].parent, t->nodes[c].item)] = (int32) c;
		if ((c & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

static void
tree_free(FPTree *t)
{
	pfree(t->nodes);
	pfree(t->head);
	pfree(t->rootchild);
	pfree(t->icount);
	pfree(t->hslot);
	pfree(t);
}

/* insert ranks[0..len) (ascending) with count */
static void
tree_insert(FPTree *t, const int32 *ranks, int32 len, int64 count, Miner *m)
{
	int32		cur = 0;

	for (int32 i = 0; i < len; i++)
	{
		int32		r = ranks[i];
		int32		c;
		int64		slot = -1;

		if (cur == 0)
			c = t->rootchild[r];
		else
		{
			slot = child_slot(t, cur, r);
			c = t->hslot[slot];
		}
		if (c < 0)
		{
			if (t->n >= PG_INT32_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("%s: the FP-tree exceeds %d nodes", m->b->fn, PG_INT32_MAX),
						 errhint("Raise min_support.")));
			if (t->n >= t->cap)
			{
				t->nodes = grow_huge(t->nodes, &t->cap, t->n + 1, sizeof(FPNode));
				basket_check_budget(m->b, "the FP-tree");
			}
			if (2 * (t->n + 1) > t->hcap)
			{
				child_index_grow(t);
				basket_check_budget(m->b, "the FP-tree");
				if (cur != 0)
					slot = child_slot(t, cur, r);
			}
			c = (int32) t->n++;
			if (cur != 0)
				t->hslot[slot] = c;
			t->nodes[c].item = r;
			t->nodes[c].parent = cur;
			t->nodes[c].child = -1;
			t->nodes[c].count = 0;
			t->nodes[c].pad = 0;
			t->nodes[c].sibling = t->nodes[cur].child;
			t->nodes[cur].child = c;
			if (cur == 0)
				t->rootchild[r] = c;
			t->nodes[c].next = t->head[r];
			t->head[r] = c;
		}
		t->nodes[c].count += count;
		t->icount[r] += count;
		cur = c;
	}
}

/*
 * Insert ranks[0..len) (ascending) with count into a tree built only from
 * baskets in lexicographic order, whose previous basket's path is
 * path[0..*plen) and which shares its first common ranks with this one:
 * those nodes are the path's, and every later rank is a new node (an
 * earlier basket with the same common prefix had a smaller next rank, so
 * the child cannot exist).  No child lookup at all, and the nodes come in
 * depth-first order (a node's depth is kept in pad).  Such a tree has no
 * child index: it must not be given to tree_insert.
 */
static void
tree_insert_sorted(FPTree *t, const int32 *ranks, int32 len, int32 common,
				   int64 count, int32 *path, Miner *m)
{
	for (int32 i = 0; i < common; i++)
	{
		t->nodes[path[i]].count += count;
		t->icount[ranks[i]] += count;
	}
	for (int32 i = common; i < len; i++)
	{
		int32		r = ranks[i];
		int32		cur = i == 0 ? 0 : path[i - 1];
		int32		c;

		if (t->n >= PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: the FP-tree exceeds %d nodes", m->b->fn, PG_INT32_MAX),
					 errhint("Raise min_support.")));
		if (t->n >= t->cap)
		{
			t->nodes = grow_huge(t->nodes, &t->cap, t->n + 1, sizeof(FPNode));
			basket_check_budget(m->b, "the FP-tree");
		}
		c = (int32) t->n++;
		t->nodes[c].item = r;
		t->nodes[c].parent = cur;
		t->nodes[c].child = -1;
		t->nodes[c].count = count;
		t->nodes[c].pad = i + 1;
		t->nodes[c].sibling = t->nodes[cur].child;
		t->nodes[cur].child = c;
		if (cur == 0)
			t->rootchild[r] = c;
		t->nodes[c].next = t->head[r];
		t->head[r] = c;
		t->icount[r] += count;
		path[i] = c;
	}
}

/*
 * The count of every rank pair (a < r) on the paths of a tree from
 * tree_insert_sorted: pre[r * nitems + a], one pass over the nodes in their
 * depth-first order with the current path on a stack, instead of a walk up
 * the tree from every node of every rank in mine's top level.
 */
static int64 *
pair_counts(FPTree *t, Miner *m)
{
	int64		nit = t->nitems;
	int64	   *pre;
	int32	   *pathitem = palloc(sizeof(int32) * Max(nit, 1));

	pre = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int64) * nit * nit);
	memset(pre, 0, sizeof(int64) * nit * nit);
	basket_check_budget(m->b, "the pair counts");
	for (int64 c = 1; c < t->n; c++)
	{
		int32		d = t->nodes[c].pad;
		int32		r = t->nodes[c].item;
		int64		k = t->nodes[c].count;
		int64	   *row = pre + (int64) r * nit;

		pathitem[d - 1] = r;
		for (int32 i = 0; i < d - 1; i++)
			row[pathitem[i]] += k;
		if ((c & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	pfree(pathitem);
	return pre;
}

/* baskets (rank arrays) compared lexicographically, a prefix first */
typedef struct TxSort
{
	const int32 *items;
	const int64 *off;
} TxSort;

static int
tx_cmp(const void *a, const void *b, void *arg)
{
	const TxSort *ts = (const TxSort *) arg;
	int64		x = *(const int64 *) a,
				y = *(const int64 *) b;
	const int32 *px = ts->items + ts->off[x],
			   *py = ts->items + ts->off[y];
	int64		lx = ts->off[x + 1] - ts->off[x],
				ly = ts->off[y + 1] - ts->off[y];

	for (int64 i = 0; i < lx && i < ly; i++)
		if (px[i] != py[i])
			return px[i] < py[i] ? -1 : 1;
	return lx < ly ? -1 : (lx > ly ? 1 : (x < y ? -1 : (x > y ? 1 : 0)));
}

/*
 * A basket in its first-rank bucket: ranks 1..3 packed 21 bits each (rank +
 * 1, 0 past the end) above a bit set when the basket has more than 4 ranks,
 * so that comparing keys compares the baskets lexicographically (a prefix
 * first) and only equal keys of long baskets need tx_cmp.
 */
typedef struct TxKey
{
	uint64		key;
	int64		idx;
} TxKey;

#define TXKEY_BITS 21

static int
txkey_cmp(const void *a, const void *b, void *arg)
{
	const TxKey *x = (const TxKey *) a,
			   *y = (const TxKey *) b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->key & 1)
		return tx_cmp(&x->idx, &y->idx, arg);
	/* the same basket */
	return x->idx < y->idx ? -1 : (x->idx > y->idx ? 1 : 0);
}

static uint64
tx_key(const int32 *items, int64 len, int32 nfreq)
{
	uint64		k = 0;

	if (nfreq >= (1 << TXKEY_BITS) - 1)
		return 1;				/* ranks do not fit: tx_cmp decides */
	for (int64 i = 1; i <= 3; i++)
		k = (k << TXKEY_BITS) | (i < len ? (uint64) (items[i] + 1) : 0);
	return (k << 1) | (len > 4 ? 1 : 0);
}

/*
 * txkey_sort: a bucket of baskets in txkey_cmp order.  An LSD radix sort
 * (11-bit digits, the digits on which every key agrees skipped) orders the
 * keys, stably, so that baskets of equal keys stay in index order, which is
 * txkey_cmp's order for them unless the key marks a long basket: those runs
 * are then sorted by txkey_cmp itself.  The same order as sorting with
 * txkey_cmp alone, at a few passes over the bucket instead of n log n
 * comparisons.  tmp holds n entries.
 */
#define TXKEY_RADIX_MIN 512

static void
txkey_sort(TxKey *a, int64 n, TxKey *tmp, TxSort *ts)
{
	uint64		diff = 0;
	TxKey	   *src = a,
			   *dst = tmp;

	if (n < TXKEY_RADIX_MIN)
	{
		pmkt_sort(a, n, sizeof(TxKey), txkey_cmp, ts);
		return;
	}
	for (int64 i = 1; i < n; i++)
		diff |= a[i].key ^ a[0].key;
	for (int shift = 0; shift < 64; shift += 11)
	{
		int64		pos[2048];

		if (((diff >> shift) & 2047) == 0)
			continue;
		memset(pos, 0, sizeof(pos));
		for (int64 i = 0; i < n; i++)
			pos[(src[i].key >> shift) & 2047]++;
		for (int64 d = 0, acc = 0; d < 2048; d++)
		{
			int64		c = pos[d];

			pos[d] = acc;
			acc += c;
		}
		for (int64 i = 0; i < n; i++)
			dst[pos[(src[i].key >> shift) & 2047]++] = src[i];
		{
			TxKey	   *t = src;

			src = dst;
			dst = t;
		}
		CHECK_FOR_INTERRUPTS();
	}
	if (src != a)
		memcpy(a, src, sizeof(TxKey) * n);
	/* long baskets sharing a key: their whole ranks decide */
	for (int64 i = 0; i < n;)
	{
		int64		j = i + 1;

		while (j < n && a[j].key == a[i].key)
			j++;
		if (j - i > 1 && (a[i].key & 1))
			pmkt_sort(a + i, j - i, sizeof(TxKey), txkey_cmp, ts);
		i = j;
	}
}

/* pair_counts' matrix only up to this many frequent items (8 MB) */
#define PAIR_COUNTS_MAX_ITEMS 1024

/* ------------------------------------------------------------------------
 * Mining
 * ------------------------------------------------------------------------ */
static int
int32_cmp(const void *a, const void *b)
{
	int32		x = *(const int32 *) a,
				y = *(const int32 *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

static void
emit(Miner *m, const int32 *prefix, int32 len, int64 count)
{
	MemoryContext old;
	int32	   *dst;

	if (m->nsets >= m->max_sets)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: more than " INT64_FORMAT " frequent itemsets", m->b->fn, m->max_sets),
				 errdetail("min count " INT64_FORMAT " of " INT64_FORMAT " baskets, %d frequent items; "
						   "itemsets grow exponentially with the size of the baskets.",
						   m->minc, m->b->nbaskets, m->nfreq),
				 errhint("Raise min_support or min_count, set max_len (e.g. 3), or raise max_itemsets.")));
	old = MemoryContextSwitchTo(m->b->cxt);

	if (m->nsets + 1 > m->setcap)
	{
		int64		c1 = m->setcap,
					c2 = m->setcap,
					c3 = m->setcap;

		m->set_off = grow_huge(m->set_off, &c1, m->nsets + 1, sizeof(int64));
		m->set_len = grow_huge(m->set_len, &c2, m->nsets + 1, sizeof(int32));
		m->set_count = grow_huge(m->set_count, &c3, m->nsets + 1, sizeof(int64));
		m->setcap = c1;
	}
	m->set_items = grow_huge(m->set_items, &m->setitemcap, m->nsetitems + len, sizeof(int32));
	dst = m->set_items + m->nsetitems;
	for (int32 i = 0; i < len; i++)
		dst[i] = m->rank_pos[prefix[i]];
	if (len > 1)
		qsort(dst, len, sizeof(int32), int32_cmp);
	m->set_off[m->nsets] = m->nsetitems;
	m->set_len[m->nsets] = len;
	m->set_count[m->nsets] = count;
	m->nsets++;
	m->nsetitems += len;
	MemoryContextSwitchTo(old);
	if (++m->emitted_since_check >= 4096)
	{
		m->emitted_since_check = 0;
		basket_check_budget(m->b, "the frequent itemsets");
	}
}

static void mine(Miner *m, FPTree *t, int32 *prefix, int32 plen, const int64 *pre);

/* the conditional FP-tree of rank r in t, or NULL when nothing is frequent */
static FPTree *
conditional_tree(Miner *m, FPTree *t, int32 r, const int64 *pre)
{
	int64	   *cnt = m->path_cnt;
	bool		any = false;
	FPTree	   *ct;

	/* only ranks below r lie on r's prefix paths */
	if (pre != NULL)
		memcpy(cnt, pre, sizeof(int64) * r);
	else
	{
		memset(cnt, 0, sizeof(int64) * r);
		for (int32 nd = t->head[r]; nd >= 0; nd = t->nodes[nd].next)
		{
			int64		c = t->nodes[nd].count;

			CHECK_FOR_INTERRUPTS();
			for (int32 p = t->nodes[nd].parent; p > 0; p = t->nodes[p].parent)
				cnt[t->nodes[p].item] += c;
		}
	}
	for (int32 i = 0; i < r && !any; i++)
		any = cnt[i] >= m->minc;
	if (!any)
		return NULL;
	ct = tree_new(r);
	for (int32 nd = t->head[r]; nd >= 0; nd = t->nodes[nd].next)
	{
		int32		len = 0;

		CHECK_FOR_INTERRUPTS();
		for (int32 p = t->nodes[nd].parent; p > 0; p = t->nodes[p].parent)
			if (cnt[t->nodes[p].item] >= m->minc)
				m->pathbuf[len++] = t->nodes[p].item;
		/* leaf-to-root is descending rank: reverse */
		for (int32 i = 0; i < len / 2; i++)
		{
			int32		x = m->pathbuf[i];

			m->pathbuf[i] = m->pathbuf[len - 1 - i];
			m->pathbuf[len - 1 - i] = x;
		}
		if (len > 0)
			tree_insert(ct, m->pathbuf, len, t->nodes[nd].count, m);
	}
	return ct;
}

/*
 * pre: NULL, or for the tree built from sorted baskets (tree_insert_sorted)
 * the counts of every rank pair on a path, pre[r * nitems + a] for a < r,
 * so that the top level's conditional counts need no walk up the tree
 */
static void
mine(Miner *m, FPTree *t, int32 *prefix, int32 plen, const int64 *pre)
{
	check_stack_depth();
	for (int32 r = t->nitems - 1; r >= 0; r--)
	{
		FPTree	   *ct;

		CHECK_FOR_INTERRUPTS();
		if (t->icount[r] < m->minc)
			continue;
		prefix[plen] = r;
		emit(m, prefix, plen + 1, t->icount[r]);
		if (plen + 1 >= m->max_len || r == 0)
			continue;
		ct = conditional_tree(m, t, r, pre ? pre + (int64) r * t->nitems : NULL);
		if (ct != NULL)
		{
			mine(m, ct, prefix, plen + 1, NULL);
			tree_free(ct);
		}
	}
}

/* ------------------------------------------------------------------------
 * Setup: arguments, item ranks, the tree
 * ------------------------------------------------------------------------ */
typedef struct RankSort
{
	const int64 *count;
	const BasketDict *d;
} RankSort;

static int
rank_cmp(const void *a, const void *b, void *arg)
{
	const RankSort *rs = (const RankSort *) arg;
	int32		x = *(const int32 *) a,
				y = *(const int32 *) b;

	if (rs->count[x] != rs->count[y])
		return rs->count[x] > rs->count[y] ? -1 : 1;
	return basket_item_cmp(rs->d, x, y);
}

static int
id_cmp(const void *a, const void *b, void *arg)
{
	return basket_item_cmp((const BasketDict *) arg, *(const int32 *) a, *(const int32 *) b);
}

/* the least count c with c / n >= min_support (as doubles) */
static int64
support_count(double min_support, int64 n)
{
	int64		c = (int64) ceil(min_support * (double) n);

	while (c > 1 && (double) (c - 1) / (double) n >= min_support)
		c--;
	while ((double) c / (double) n < min_support)
		c++;
	return Max(c, 1);
}

typedef struct MineArgs
{
	const char *fn;
	char	   *query;
	bool		has_support;
	double		min_support;
	int64		min_count;
	int32		max_len;
	int64		max_sets;
} MineArgs;

static void
read_mine_args(FunctionCallInfo fcinfo, MineArgs *a)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: argument \"query\" must not be NULL", a->fn)));
	a->query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a->has_support = !PG_ARGISNULL(1);
	if (a->has_support)
	{
		a->min_support = PG_GETARG_FLOAT8(1);
		if (!(a->min_support > 0 && a->min_support <= 1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"min_support\" must be a fraction of baskets in (0, 1]", a->fn),
					 errdetail("Got %g.", a->min_support),
					 errhint("For an absolute number of baskets use min_count, e.g. min_support => NULL, min_count => 20.")));
	}
	a->min_count = PG_ARGISNULL(2) ? 1 : PG_GETARG_INT64(2);
	if (a->min_count < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"min_count\" must be at least 1", a->fn),
				 errdetail("Got " INT64_FORMAT ".", a->min_count)));
	if (!a->has_support && PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: arguments \"min_support\" and \"min_count\" must not both be NULL", a->fn),
				 errhint("Give a fraction of baskets (min_support => 0.01) or a number of baskets (min_count => 20).")));
	a->max_len = PG_ARGISNULL(3) ? PG_INT32_MAX : PG_GETARG_INT32(3);
	if (a->max_len < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"max_len\" must be at least 1", a->fn),
				 errdetail("Got %d.", a->max_len),
				 errhint("NULL means no limit.")));
}

static int64
read_max_sets(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	int64		v = PG_ARGISNULL(argno) ? 0 : PG_GETARG_INT64(argno);

	if (v < 1 || v > MAX_ITEMSETS_LIMIT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"max_itemsets\" must be between 1 and %d", fn, MAX_ITEMSETS_LIMIT),
				 errdetail("Got %s.", PG_ARGISNULL(argno) ? "NULL" : psprintf(INT64_FORMAT, v)),
				 errhint("It bounds the work and memory of the mining: 500000 by default.")));
	return v;
}

/* load, rank, build, mine: m is filled; returns the number of baskets */
static void
run_fpgrowth(MineArgs *a, Miner *m)
{
	BasketSet  *b;
	int64	   *icount;
	int32	   *order;
	int32	   *rank_of;
	int32	   *tx;
	int64		key;
	int32	   *items,
				n;
	FPTree	   *t;
	MemoryContext old;
	RankSort	rs;
	int32		nfreq = 0;
	int32	   *prefix;

	b = basket_load(a->query, a->fn, PMKT_TRAIN_BUDGET_BYTES);
	memset(m, 0, sizeof(*m));
	m->b = b;
	m->max_len = a->max_len;
	m->max_sets = a->max_sets;
	old = MemoryContextSwitchTo(b->cxt);

	/* pass 1: item counts and baskets */
	icount = MemoryContextAllocHuge(b->cxt, sizeof(int64) * Max(b->items.n, 1));
	memset(icount, 0, sizeof(int64) * Max(b->items.n, 1));
	b->nbaskets = 0;
	while (basket_next(b, &key, &items, &n))
	{
		for (int32 i = 0; i < n; i++)
			icount[items[i]]++;
		if ((++b->nbaskets & 8191) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	m->minc = a->min_count;
	if (a->has_support)
		m->minc = Max(m->minc, support_count(a->min_support, b->nbaskets));

	/* frequent items ranked by count, then id */
	order = MemoryContextAllocHuge(b->cxt, sizeof(int32) * Max(b->items.n, 1));
	for (int32 i = 0; i < b->items.n; i++)
		if (icount[i] >= m->minc)
			order[nfreq++] = i;
	rs.count = icount;
	rs.d = &b->items;
	pmkt_sort(order, nfreq, sizeof(int32), rank_cmp, &rs);
	m->nfreq = nfreq;
	m->rank_item = order;
	rank_of = MemoryContextAllocHuge(b->cxt, sizeof(int32) * Max(b->items.n, 1));
	for (int32 i = 0; i < b->items.n; i++)
		rank_of[i] = -1;
	for (int32 r = 0; r < nfreq; r++)
		rank_of[order[r]] = r;
	/* positions in id order */
	m->pos_rank = palloc(sizeof(int32) * Max(nfreq, 1));
	m->rank_pos = palloc(sizeof(int32) * Max(nfreq, 1));
	{
		int32	   *byid = palloc(sizeof(int32) * Max(nfreq, 1));

		memcpy(byid, order, sizeof(int32) * nfreq);
		pmkt_sort(byid, nfreq, sizeof(int32), id_cmp, &b->items);
		for (int32 p = 0; p < nfreq; p++)
		{
			m->pos_rank[p] = rank_of[byid[p]];
			m->rank_pos[rank_of[byid[p]]] = p;
		}
		pfree(byid);
	}
	m->path_cnt = palloc(sizeof(int64) * Max(nfreq, 1));
	m->pathbuf = palloc(sizeof(int32) * Max(nfreq, 1));
	prefix = palloc(sizeof(int32) * Max(nfreq, 1));

	/*
	 * pass 2: every basket's frequent items as a rank array (ascending), the
	 * baskets bucketed by their first rank and copied in that order (so that
	 * each bucket is contiguous), each bucket sorted, then the FP-tree from
	 * the sorted baskets: a basket shares its first ranks with the previous
	 * one and adds new nodes for the rest (tree_insert_sorted), with no child
	 * lookup; the nodes are in depth-first order, which the mining's walks up
	 * the tree and pair_counts read with fewer cache misses.
	 */
	t = tree_new(nfreq);
	tx = palloc(sizeof(int32) * Max(nfreq, 1));
	{
		int64		ntx = 0,
					nti = 0;
		int64	   *toff = MemoryContextAllocHuge(b->cxt, sizeof(int64) * (b->nbaskets + 1));
		int32	   *titems = MemoryContextAllocHuge(b->cxt, sizeof(int32) * Max(b->nlines, 1));
		int64	   *bstart = palloc0(sizeof(int64) * (nfreq + 1));
		TxKey	   *sorder;
		int64	   *soff;
		int32	   *sitems;
		int32	   *path = palloc(sizeof(int32) * Max(nfreq, 1));
		int32		plen = 0;
		const int32 *prev = NULL;
		TxSort		ts;

		basket_check_budget(b, "the baskets");
		basket_rewind(b);
		while (basket_next(b, &key, &items, &n))
		{
			int32		len = 0;

			for (int32 i = 0; i < n; i++)
				if (rank_of[items[i]] >= 0)
				{
					int32		x = rank_of[items[i]],
								j = len++;

					/* insertion sort: baskets are small */
					for (; j > 0 && tx[j - 1] > x; j--)
						tx[j] = tx[j - 1];
					tx[j] = x;
				}
			if (len > 0)
			{
				toff[ntx++] = nti;
				memcpy(titems + nti, tx, sizeof(int32) * len);
				nti += len;
				bstart[tx[0] + 1]++;
			}
			if (((ntx + 1) & 8191) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		toff[ntx] = nti;
		/* the lines are not needed any more */
		pfree(b->lines);
		b->lines = NULL;

		/* bucket by first rank, contiguous: sitems / soff */
		for (int32 r = 0; r < nfreq; r++)
			bstart[r + 1] += bstart[r];
		sorder = MemoryContextAllocHuge(b->cxt, sizeof(TxKey) * Max(ntx, 1));
		soff = MemoryContextAllocHuge(b->cxt, sizeof(int64) * (ntx + 1));
		sitems = MemoryContextAllocHuge(b->cxt, sizeof(int32) * Max(nti, 1));
		basket_check_budget(b, "the baskets");
		{
			int64	   *pos = palloc(sizeof(int64) * Max(nfreq, 1));

			memcpy(pos, bstart, sizeof(int64) * Max(nfreq, 1));
			for (int64 x = 0; x < ntx; x++)
				sorder[pos[titems[toff[x]]]++].idx = x;
			pfree(pos);
		}
		soff[0] = 0;
		for (int64 i = 0; i < ntx; i++)
		{
			int64		x = sorder[i].idx,
						len = toff[x + 1] - toff[x];

			memcpy(sitems + soff[i], titems + toff[x], sizeof(int32) * len);
			soff[i + 1] = soff[i] + len;
			sorder[i].idx = i;
			sorder[i].key = tx_key(sitems + soff[i], len, nfreq);
			if ((i & 65535) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		pfree(titems);
		pfree(toff);
		ts.items = sitems;
		ts.off = soff;
		{
			int64		maxb = 1;
			TxKey	   *tmp;

			for (int32 r = 0; r < nfreq; r++)
				maxb = Max(maxb, bstart[r + 1] - bstart[r]);
			tmp = MemoryContextAllocHuge(b->cxt, sizeof(TxKey) * maxb);
			basket_check_budget(b, "sorting the baskets");
			for (int32 r = 0; r < nfreq; r++)
			{
				CHECK_FOR_INTERRUPTS();
				if (bstart[r + 1] - bstart[r] > 1)
					txkey_sort(sorder + bstart[r], bstart[r + 1] - bstart[r], tmp, &ts);
			}
			pfree(tmp);
		}

		/* the tree, from the sorted baskets */
		for (int64 i = 0; i < ntx; i++)
		{
			int64		x = sorder[i].idx;
			const int32 *cur = sitems + soff[x];
			int32		len = (int32) (soff[x + 1] - soff[x]);
			int32		common = 0;

			if (prev != NULL)
				while (common < len && common < plen && cur[common] == prev[common])
					common++;
			tree_insert_sorted(t, cur, len, common, 1, path, m);
			prev = cur;
			plen = len;
			if ((i & 8191) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		pfree(sorder);
		pfree(soff);
		pfree(sitems);
		pfree(bstart);
		pfree(path);
	}
	basket_check_budget(b, "the FP-tree");

	if (nfreq > 0)
	{
		int64	   *pre = NULL;

		if (nfreq <= PAIR_COUNTS_MAX_ITEMS && m->max_len > 1)
			pre = pair_counts(t, m);
		mine(m, t, prefix, 0, pre);
		if (pre)
			pfree(pre);
	}
	tree_free(t);
	MemoryContextSwitchTo(old);
}

/* ------------------------------------------------------------------------
 * Output helpers
 * ------------------------------------------------------------------------ */
static int
set_cmp(const void *a, const void *b, void *arg)
{
	const Miner *m = (const Miner *) arg;
	int64		x = *(const int64 *) a,
				y = *(const int64 *) b;
	const int32 *ix,
			   *iy;

	if (m->set_len[x] != m->set_len[y])
		return m->set_len[x] < m->set_len[y] ? -1 : 1;
	if (m->set_count[x] != m->set_count[y])
		return m->set_count[x] > m->set_count[y] ? -1 : 1;
	ix = m->set_items + m->set_off[x];
	iy = m->set_items + m->set_off[y];
	for (int32 i = 0; i < m->set_len[x]; i++)
		if (ix[i] != iy[i])
			return ix[i] < iy[i] ? -1 : 1;
	return 0;
}

/* text[] and (integer ids) bigint[] of positions pos[0..len) */
static void
items_arrays(Miner *m, const int32 *pos, int32 len, Datum *txt, Datum *ids, bool *ids_null)
{
	Datum	   *t = palloc(sizeof(Datum) * Max(len, 1));
	Datum	   *v = palloc(sizeof(Datum) * Max(len, 1));

	for (int32 i = 0; i < len; i++)
	{
		int32		item = m->rank_item[m->pos_rank[pos[i]]];

		t[i] = CStringGetTextDatum(basket_item_text(&m->b->items, item));
		if (!m->b->items.text)
			v[i] = Int64GetDatum(m->b->items.ikeys[item]);
	}
	*txt = PointerGetDatum(construct_array(t, len, TEXTOID, -1, false, TYPALIGN_INT));
	if (m->b->items.text)
	{
		*ids = (Datum) 0;
		*ids_null = true;
	}
	else
	{
		*ids = PointerGetDatum(construct_array(v, len, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		*ids_null = false;
	}
}

PG_FUNCTION_INFO_V1(pmkt_frequent_itemsets);
/*
 * pmkt_frequent_itemsets(query text, min_support float8, min_count bigint,
 *                        max_len int)
 *    RETURNS TABLE (itemset_size int, items text[], item_ids bigint[],
 *                   basket_count bigint, support float8)
 */
Datum
pmkt_frequent_itemsets(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MineArgs	a;
	Miner		m;
	int64	   *idx;
	MemoryContext rowcxt;

	a.fn = "pmkt.frequent_itemsets";
	read_mine_args(fcinfo, &a);
	a.max_sets = read_max_sets(fcinfo, 4, a.fn);
	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "%s: SPI_connect failed", a.fn);
	run_fpgrowth(&a, &m);

	idx = MemoryContextAllocHuge(m.b->cxt, sizeof(int64) * Max(m.nsets, 1));
	for (int64 i = 0; i < m.nsets; i++)
		idx[i] = i;
	pmkt_sort(idx, m.nsets, sizeof(int64), set_cmp, &m);

	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt itemset row", ALLOCSET_DEFAULT_SIZES);
	for (int64 k = 0; k < m.nsets; k++)
	{
		int64		s = idx[k];
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};
		MemoryContext old = MemoryContextSwitchTo(rowcxt);

		values[0] = Int32GetDatum(m.set_len[s]);
		items_arrays(&m, m.set_items + m.set_off[s], m.set_len[s], &values[1], &values[2], &nulls[2]);
		values[3] = Int64GetDatum(m.set_count[s]);
		values[4] = Float8GetDatum((double) m.set_count[s] / (double) m.b->nbaskets);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
		MemoryContextReset(rowcxt);
		if ((k & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(m.b->cxt);
	SPI_finish();
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * Rules
 * ------------------------------------------------------------------------ */
typedef struct SetHash
{
	int64	   *slots;			/* itemset index + 1 */
	Size		nslots;
} SetHash;

static uint32
set_hash(const int32 *items, int32 len)
{
	return hash_bytes((const unsigned char *) items, len * sizeof(int32));
}

static void
sethash_build(SetHash *h, Miner *m)
{
	h->nslots = 1024;
	while (h->nslots < (Size) m->nsets * 2)
		h->nslots *= 2;
	h->slots = MemoryContextAllocHuge(m->b->cxt, sizeof(int64) * h->nslots);
	memset(h->slots, 0, sizeof(int64) * h->nslots);
	basket_check_budget(m->b, "the itemset index");
	for (int64 i = 0; i < m->nsets; i++)
	{
		Size		s = set_hash(m->set_items + m->set_off[i], m->set_len[i]) & (h->nslots - 1);

		while (h->slots[s] != 0)
			s = (s + 1) & (h->nslots - 1);
		h->slots[s] = i + 1;
		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/* the count of itemset items[0..len), 0 when not frequent */
static int64
sethash_count(SetHash *h, Miner *m, const int32 *items, int32 len)
{
	Size		s = set_hash(items, len) & (h->nslots - 1);

	while (h->slots[s] != 0)
	{
		int64		i = h->slots[s] - 1;

		if (m->set_len[i] == len &&
			memcmp(m->set_items + m->set_off[i], items, sizeof(int32) * len) == 0)
			return m->set_count[i];
		s = (s + 1) & (h->nslots - 1);
	}
	return 0;
}

typedef struct Rule
{
	int64		set;			/* itemset X u Y */
	uint64		ymask;			/* positions of Y within the itemset */
	int64		xcount;
	int64		ycount;
	double		lift;
	double		confidence;
} Rule;

typedef struct RuleSort
{
	Miner	   *m;
	Rule	   *rules;
} RuleSort;

/* compare the X (want_y false) or Y parts of two rules */
static int
part_cmp(const Miner *m, const Rule *a, const Rule *b, bool want_y)
{
	const int32 *ia = m->set_items + m->set_off[a->set],
			   *ib = m->set_items + m->set_off[b->set];
	int32		la = m->set_len[a->set],
				lb = m->set_len[b->set];
	int32		i = 0,
				j = 0;

	for (;;)
	{
		while (i < la && (((a->ymask >> i) & 1) != 0) != want_y)
			i++;
		while (j < lb && (((b->ymask >> j) & 1) != 0) != want_y)
			j++;
		if (i >= la || j >= lb)
			return (i >= la) == (j >= lb) ? 0 : (i >= la ? -1 : 1);
		if (ia[i] != ib[j])
			return ia[i] < ib[j] ? -1 : 1;
		i++;
		j++;
	}
}

static int
rule_cmp(const void *pa, const void *pb, void *arg)
{
	const RuleSort *rs = (const RuleSort *) arg;
	const Rule *a = &rs->rules[*(const int64 *) pa],
			   *b = &rs->rules[*(const int64 *) pb];
	int64		ca = rs->m->set_count[a->set],
				cb = rs->m->set_count[b->set];
	int			c;

	if (a->lift != b->lift)
		return a->lift > b->lift ? -1 : 1;
	if (a->confidence != b->confidence)
		return a->confidence > b->confidence ? -1 : 1;
	if (ca != cb)
		return ca > cb ? -1 : 1;
	if ((c = part_cmp(rs->m, a, b, false)) != 0)
		return c;
	return part_cmp(rs->m, a, b, true);
}

PG_FUNCTION_INFO_V1(pmkt_association_rules);
/*
 * pmkt_association_rules(query text, min_support float8, min_count bigint,
 *                        max_len int, min_confidence float8, min_lift float8,
 *                        max_consequent int)
 */
Datum
pmkt_association_rules(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MineArgs	a;
	Miner		m;
	double		min_conf,
				min_lift;
	bool		has_lift;
	int32		max_cons;
	SetHash		h;
	Rule	   *rules = NULL;
	int64		nrules = 0,
				rulecap = 0;
	int64	   *idx;
	RuleSort	rs;
	MemoryContext rowcxt,
				old;
	int32		xb[64],
				yb[64];
	double		N;

	a.fn = "pmkt.association_rules";
	read_mine_args(fcinfo, &a);
	a.max_sets = read_max_sets(fcinfo, 7, a.fn);
	min_conf = PG_ARGISNULL(4) ? 0 : PG_GETARG_FLOAT8(4);
	if (!(min_conf >= 0 && min_conf <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"min_confidence\" must be in [0, 1]", a.fn),
				 errdetail("Got %g.", min_conf)));
	has_lift = !PG_ARGISNULL(5);
	min_lift = has_lift ? PG_GETARG_FLOAT8(5) : 0;
	if (has_lift && !(min_lift >= 0 && isfinite(min_lift)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"min_lift\" must be a finite number >= 0", a.fn),
				 errdetail("Got %g.", min_lift),
				 errhint("1 keeps the rules whose items go together more often than by chance; NULL keeps all.")));
	max_cons = PG_ARGISNULL(6) ? 1 : PG_GETARG_INT32(6);
	if (max_cons < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"max_consequent\" must be at least 1", a.fn),
				 errdetail("Got %d.", max_cons)));
	if (a.max_len < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"max_len\" must be at least 2 for rules", a.fn),
				 errdetail("Got %d.", a.max_len),
				 errhint("A rule X => Y needs an itemset of at least two items.")));
	if (a.max_len > 64)
		a.max_len = 64;			/* a frequent 65-itemset has 2^65 frequent subsets */

	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "%s: SPI_connect failed", a.fn);
	run_fpgrowth(&a, &m);
	N = (double) m.b->nbaskets;
	old = MemoryContextSwitchTo(m.b->cxt);
	sethash_build(&h, &m);

	for (int64 s = 0; s < m.nsets; s++)
	{
		int32		k = m.set_len[s];
		const int32 *it = m.set_items + m.set_off[s];
		int64		cxy = m.set_count[s];
		int32		smax = Min(max_cons, k - 1);

		if (k < 2)
			continue;
		CHECK_FOR_INTERRUPTS();
		/* consequents of size 1 .. smax: combinations of positions */
		for (int32 sz = 1; sz <= smax; sz++)
		{
			int32		comb[64];

			for (int32 i = 0; i < sz; i++)
				comb[i] = i;
			for (;;)
			{
				uint64		mask = 0;
				int32		nx = 0,
							ny = 0;
				int64		cx,
							cy;
				double		conf,
							lift;

				for (int32 i = 0; i < sz; i++)
					mask |= UINT64CONST(1) << comb[i];
				for (int32 i = 0; i < k; i++)
				{
					if ((mask >> i) & 1)
						yb[ny++] = it[i];
					else
						xb[nx++] = it[i];
				}
				cx = sethash_count(&h, &m, xb, nx);
				cy = sethash_count(&h, &m, yb, ny);
				if (cx <= 0 || cy <= 0)
					ereport(ERROR,
							(errcode(ERRCODE_INTERNAL_ERROR),
							 errmsg("%s: a subset of a frequent itemset is missing", a.fn)));
				conf = (double) cxy / (double) cx;
				lift = (double) cxy * N / ((double) cx * (double) cy);
				if (conf >= min_conf && (!has_lift || lift >= min_lift))
				{
					if (nrules >= m.max_sets)
						ereport(ERROR,
								(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
								 errmsg("%s: more than " INT64_FORMAT " rules", a.fn, m.max_sets),
								 errhint("Raise min_confidence, min_support or min_count, lower max_consequent or max_len, or raise max_itemsets.")));
					rules = grow_huge(rules, &rulecap, nrules + 1, sizeof(Rule));
					rules[nrules].set = s;
					rules[nrules].ymask = mask;
					rules[nrules].xcount = cx;
					rules[nrules].ycount = cy;
					rules[nrules].lift = lift;
					rules[nrules].confidence = conf;
					if ((++nrules & 4095) == 0)
						basket_check_budget(m.b, "the rules");
				}
				/* next combination */
				{
					int32		i = sz - 1;

					while (i >= 0 && comb[i] == k - sz + i)
						i--;
					if (i < 0)
						break;
					comb[i]++;
					for (int32 j = i + 1; j < sz; j++)
						comb[j] = comb[j - 1] + 1;
				}
				CHECK_FOR_INTERRUPTS();
			}
		}
	}
	idx = MemoryContextAllocHuge(m.b->cxt, sizeof(int64) * Max(nrules, 1));
	for (int64 i = 0; i < nrules; i++)
		idx[i] = i;
	rs.m = &m;
	rs.rules = rules;
	basket_check_budget(m.b, "the rules");
	pmkt_sort(idx, nrules, sizeof(int64), rule_cmp, &rs);
	MemoryContextSwitchTo(old);

	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt rule row", ALLOCSET_DEFAULT_SIZES);
	for (int64 r = 0; r < nrules; r++)
	{
		Rule	   *ru = &rules[idx[r]];
		int32		k = m.set_len[ru->set];
		const int32 *it = m.set_items + m.set_off[ru->set];
		int32		nx = 0,
					ny = 0;
		Datum		values[13];
		bool		nulls[13];
		int64		cxy = m.set_count[ru->set];
		double		sup = (double) cxy / N;
		double		sx = (double) ru->xcount / N,
					sy = (double) ru->ycount / N;

		old = MemoryContextSwitchTo(rowcxt);
		memset(nulls, 0, sizeof(nulls));
		for (int32 i = 0; i < k; i++)
		{
			if ((ru->ymask >> i) & 1)
				yb[ny++] = it[i];
			else
				xb[nx++] = it[i];
		}
		items_arrays(&m, xb, nx, &values[0], &values[2], &nulls[2]);
		items_arrays(&m, yb, ny, &values[1], &values[3], &nulls[3]);
		values[4] = Int64GetDatum(ru->xcount);
		values[5] = Int64GetDatum(ru->ycount);
		values[6] = Int64GetDatum(cxy);
		values[7] = Int64GetDatum(m.b->nbaskets);
		values[8] = Float8GetDatum(sup);
		values[9] = Float8GetDatum(ru->confidence);
		values[10] = Float8GetDatum(ru->lift);
		values[11] = Float8GetDatum(sup - sx * sy);
		if (cxy == ru->xcount)
			nulls[12] = true;	/* confidence 1: conviction is infinite */
		else
			values[12] = Float8GetDatum((1.0 - sy) / (1.0 - ru->confidence));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
		MemoryContextReset(rowcxt);
		if ((r & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(m.b->cxt);
	SPI_finish();
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * The cross-sell report
 * ------------------------------------------------------------------------ */
typedef struct Pair
{
	int32		prod;			/* position in item id order */
	int32		partner;
	int64		pcount;			/* baskets with prod */
	int64		count;			/* baskets with both */
	double		lift;
	double		confidence;
} Pair;

static int
pair_cmp(const void *pa, const void *pb, void *arg)
{
	const Pair *a = (const Pair *) pa,
			   *b = (const Pair *) pb;

	(void) arg;
	if (a->pcount != b->pcount)
		return a->pcount > b->pcount ? -1 : 1;
	if (a->prod != b->prod)
		return a->prod < b->prod ? -1 : 1;
	if (a->lift != b->lift)
		return a->lift > b->lift ? -1 : 1;
	if (a->confidence != b->confidence)
		return a->confidence > b->confidence ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->partner < b->partner ? -1 : (a->partner > b->partner ? 1 : 0);
}

typedef struct NameEntry
{
	char	   *id;
	char	   *name;
} NameEntry;

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(((const NameEntry *) a)->id, ((const NameEntry *) b)->id);
}

static const char *
find_name(const NameEntry *names, int64 n, const char *id)
{
	int64		lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int64		mid = lo + (hi - lo) / 2;
		int			c = strcmp(names[mid].id, id);

		if (c == 0)
			return names[mid].name;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* the products table's (id, name) pairs, sorted by id; first name per id */
static NameEntry *
load_names(Oid relid, const char *idcol, const char *namecol, int64 *n, const char *fn)
{
	char	   *relname;
	char	   *sql;
	int			pin;
	NameEntry  *names;
	int64		m = 0;
	MemoryContext callcxt = CurrentMemoryContext;

	if (get_rel_name(relid) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("%s: argument \"products\" is not an existing table", fn),
				 errdetail("No relation with OID %u.", relid)));
	relname = quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
										 get_rel_name(relid));
	sql = psprintf("SELECT p.%s::pg_catalog.text, p.%s::pg_catalog.text FROM %s p",
				   quote_identifier(idcol), quote_identifier(namecol), relname);
	/* pmkt's own SQL over a table given as regclass: pinned search_path */
	pin = pmkt_pin_search_path();
	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: could not read the product names from %s", fn, relname)));
	pmkt_unpin_search_path(pin);
	names = MemoryContextAllocHuge(callcxt, sizeof(NameEntry) * Max(SPI_processed, 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		char	   *id = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
		char	   *nm = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2);

		if (id == NULL || nm == NULL)
			continue;
		names[m].id = MemoryContextStrdup(callcxt, id);
		names[m].name = MemoryContextStrdup(callcxt, nm);
		m++;
		if ((r & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	SPI_freetuptable(SPI_tuptable);
	qsort(names, m, sizeof(NameEntry), name_cmp);
	*n = m;
	return names;
}

PG_FUNCTION_INFO_V1(pmkt_cross_sell);
/*
 * pmkt_cross_sell(query text, products regclass, top_n int,
 *                 min_support float8, min_count bigint, min_confidence float8,
 *                 product_id_column name, name_column name)
 */
Datum
pmkt_cross_sell(PG_FUNCTION_ARGS)
{
	int			digits;
	int			dec[10];
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MineArgs	a;
	Miner		m;
	int32		top_n;
	double		min_conf;
	NameEntry  *names = NULL;
	int64		nnames = 0;
	int64	   *single;
	Pair	   *pairs = NULL;
	int64		npairs = 0,
				paircap = 0;
	double		N;
	MemoryContext rowcxt;
	LOCAL_FCINFO(fc, 4);

	a.fn = "pmkt.cross_sell";
	/* the itemset arguments sit at 0, 3, 4 here; read them as frequent_itemsets does */
	InitFunctionCallInfoData(*fc, NULL, 4, InvalidOid, NULL, NULL);
	fc->args[0] = fcinfo->args[0];
	fc->args[1] = fcinfo->args[3];
	fc->args[2] = fcinfo->args[4];
	fc->args[3].value = Int32GetDatum(2);
	fc->args[3].isnull = false;
	read_mine_args(fc, &a);
	a.max_sets = read_max_sets(fcinfo, 8, a.fn);
	top_n = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2);
	if (top_n < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"top_n\" must be at least 1", a.fn),
				 errdetail("Got %s.", PG_ARGISNULL(2) ? "NULL" : psprintf("%d", top_n)),
				 errhint("top_n is the number of partner products listed per product, e.g. 5.")));
	min_conf = PG_ARGISNULL(5) ? 0 : PG_GETARG_FLOAT8(5);
	if (!(min_conf >= 0 && min_conf <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"min_confidence\" must be in [0, 1]", a.fn),
				 errdetail("Got %g.", min_conf)));
	if (!PG_ARGISNULL(1) && (PG_ARGISNULL(6) || PG_ARGISNULL(7)))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: arguments \"product_id_column\" and \"name_column\" must not be NULL when products is given",
						a.fn)));

	/* a report for reading (issue 16): lift, confidence and support numeric
	 * rounded to digits decimals (NULL: unrounded) */
	digits = pmkt_report_digits_arg(fcinfo, 9);
	for (int c = 0; c < 10; c++)
		dec[c] = digits;
	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "%s: SPI_connect failed", a.fn);
	if (!PG_ARGISNULL(1))
		names = load_names(PG_GETARG_OID(1), NameStr(*PG_GETARG_NAME(6)), NameStr(*PG_GETARG_NAME(7)),
						   &nnames, a.fn);
	run_fpgrowth(&a, &m);
	N = (double) m.b->nbaskets;

	{
		MemoryContext old = MemoryContextSwitchTo(m.b->cxt);

		single = palloc0(sizeof(int64) * Max(m.nfreq, 1));
		for (int64 s = 0; s < m.nsets; s++)
			if (m.set_len[s] == 1)
				single[m.set_items[m.set_off[s]]] = m.set_count[s];
		for (int64 s = 0; s < m.nsets; s++)
		{
			const int32 *it = m.set_items + m.set_off[s];

			if (m.set_len[s] != 2)
				continue;
			for (int d = 0; d < 2; d++)
			{
				int32		p = it[d],
							q = it[1 - d];
				double		conf = (double) m.set_count[s] / (double) single[p];

				if (conf < min_conf)
					continue;
				pairs = grow_huge(pairs, &paircap, npairs + 1, sizeof(Pair));
				pairs[npairs].prod = p;
				pairs[npairs].partner = q;
				pairs[npairs].pcount = single[p];
				pairs[npairs].count = m.set_count[s];
				pairs[npairs].confidence = conf;
				pairs[npairs].lift = (double) m.set_count[s] * N / ((double) single[p] * (double) single[q]);
				npairs++;
			}
			if ((s & 4095) == 0)
			{
				CHECK_FOR_INTERRUPTS();
				basket_check_budget(m.b, "the pairs");
			}
		}
		pmkt_sort(pairs, npairs, sizeof(Pair), pair_cmp, NULL);
		MemoryContextSwitchTo(old);
	}

	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt cross-sell row", ALLOCSET_DEFAULT_SIZES);
	for (int64 r = 0, rank = 0; r < npairs; r++)
	{
		Pair	   *p = &pairs[r];
		Datum		values[10];
		bool		nulls[10];
		MemoryContext old;
		char	   *pid,
				   *qid;
		const char *nm;

		rank = (r > 0 && pairs[r - 1].prod == p->prod) ? rank + 1 : 1;
		if (rank > top_n)
			continue;
		old = MemoryContextSwitchTo(rowcxt);
		memset(nulls, 0, sizeof(nulls));
		pid = basket_item_text(&m.b->items, m.rank_item[m.pos_rank[p->prod]]);
		qid = basket_item_text(&m.b->items, m.rank_item[m.pos_rank[p->partner]]);
		values[0] = CStringGetTextDatum(pid);
		nm = names ? find_name(names, nnames, pid) : NULL;
		nulls[1] = nm == NULL;
		if (nm)
			values[1] = CStringGetTextDatum(nm);
		values[2] = Int64GetDatum(p->pcount);
		values[3] = Int32GetDatum((int32) rank);
		values[4] = CStringGetTextDatum(qid);
		nm = names ? find_name(names, nnames, qid) : NULL;
		nulls[5] = nm == NULL;
		if (nm)
			values[5] = CStringGetTextDatum(nm);
		values[6] = Float8GetDatum(p->lift);
		values[7] = Float8GetDatum(p->confidence);
		values[8] = Float8GetDatum((double) p->count / N);
		values[9] = Int64GetDatum(p->count);
		pmkt_report_round_row(rsinfo->setDesc, values, nulls, dec, digits);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
		MemoryContextReset(rowcxt);
		if ((r & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	MemoryContextDelete(m.b->cxt);
	SPI_finish();
	return (Datum) 0;
}
