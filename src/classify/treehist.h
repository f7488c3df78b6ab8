/*
 * classify/treehist.h
 *    Histogram split search for CART trees and random forests (issue 13,
 *    part 4): features binned once into at most 255 value bins (uint8) plus a
 *    missing-value bin, per-node class histograms, the sibling subtraction
 *    when every feature is searched, trees of a forest grown in threads.
 *
 * The growing code (hist_grow_trees) runs in plain threads: it uses malloc,
 * never palloc or ereport, and reports failures through HTreeOut.status for
 * the calling backend to raise.
 */
#ifndef PMKT_CLASSIFY_TREEHIST_H
#define PMKT_CLASSIFY_TREEHIST_H

#include "postgres.h"

#define HB_MISSING 255			/* the bin of NULL features */
#define HB_MAX_BINS 255			/* value bins per feature */
#define HB_STRIDE 256			/* bins per feature in a histogram */
#define TM_MAX_CLASSES_H 100	/* = TM_MAX_CLASSES of tree.c */

typedef struct HData
{
	int			n,
				d,
				k;
	const int  *y;				/* class of each row */
	const double *cw;			/* class weights */
	const int  *ftype;			/* TM_NUMERIC, TM_BOOLEAN, TM_CATEGORY */
	const double *X;			/* column-major d x n values, NaN = NULL */
	uint8	   *bins;			/* column-major d x n */
	int		   *nbins;			/* value bins of each feature */
	double	   *blo,			/* smallest and largest training value of */
			   *bhi;			/* each bin, d x HB_STRIDE (numeric) */
} HData;

typedef struct HParams
{
	int			criterion;		/* 0 gini, 1 entropy */
	int			max_depth;		/* 0: TM_MAX_DEPTH */
	int			max_depth_cap;
	int			min_split;
	int			min_leaf;
	int			max_features;
	int64		draws;			/* bootstrap draws per tree, 0: every row once */
	uint64		seed;			/* per-tree seeds derive from it */
	bool		oob;			/* out-of-bag leaves in the thread */
	bool		perm;			/* and permutation importance */
	double		node_bytes;		/* bytes counted per node */
	double		budget;			/* bytes the nodes may take in all */
} HParams;

typedef struct HNode
{
	int32		feature;		/* -1: leaf */
	int32		left,
				right;
	int32		missing_left;
	int32		depth;
	double		threshold;
	uint64		set[4];			/* categories going left */
	double		n,
				w,
				impurity;
} HNode;

#define HT_OK 0
#define HT_NOMEM 1
#define HT_BUDGET 2
#define HT_CANCELLED 3

typedef struct HTreeOut
{
	HNode	   *nodes;			/* malloc'd; free with hist_free_out */
	double	   *values;			/* k weighted class totals per node */
	int			n_nodes;
	int		   *cnt;			/* bootstrap multiplicities (NULL: none) */
	int32	   *leaf;			/* P->oob: the leaf of each out-of-bag row, -1 in bag */
	double	   *perm_ok;		/* P->perm: out-of-bag rows right, feature f shuffled */
	double		base;			/* out-of-bag rows right */
	int			noob;
	int			status;
} HTreeOut;

extern void hist_bin(HData *H, const double *X);
extern void hist_grow_trees(const HData *H, const HParams *P, int first, int count,
							int nthreads, bool poll, double used_bytes, HTreeOut *out);
extern void hist_free_out(HTreeOut *o);
extern uint64 hist_tree_seed(uint64 seed, int t);

#endif							/* PMKT_CLASSIFY_TREEHIST_H */
