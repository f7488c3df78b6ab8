/*
 * classify/tree.h
 *    The pmkt.treemodel type: CART classification trees and random forests
 *    (issue 13) in one flat varlena.
 *
 * Layout (all offsets in bytes from the start of the varlena, every part
 * 8-byte aligned):
 *   TmHeader
 *   TmFeature[n_features]
 *   int32 cat_off[n_cats_total]       offsets of category strings
 *   int32 class_off[n_classes]        offsets of class label strings
 *   int32 root[n_trees]               first node of each tree
 *   TmNode[n_nodes]
 *   double prob[n_nodes * n_classes]  class probabilities of each node
 *   double imp[2 * n_features]        impurity then permutation importance
 *   uint64 catword[n_catwords]        category sets of categorical splits
 *   char strings[strings_len]         NUL-terminated names, the last byte 0
 * Children always have a larger index than their parent, so every walk
 * ends; predict checks each index it follows (no full validation per row),
 * the input and receive functions validate everything.
 */
#ifndef PMKT_CLASSIFY_TREE_H
#define PMKT_CLASSIFY_TREE_H

#include "postgres.h"

#define TM_MAGIC 0x544B4D50		/* "PMKT" */
#define TM_VERSION 1

#define TM_NUMERIC 0
#define TM_BOOLEAN 1
#define TM_CATEGORY 2

#define TM_MAX_NAME 200

typedef struct TmHeader
{
	int32		vl_len_;
	uint32		magic;
	int32		version;
	int32		n_trees;
	int32		n_features;
	int32		n_classes;
	int32		n_nodes;
	int32		n_cats_total;
	int32		n_catwords;
	int32		strings_len;
	int32		criterion;		/* 0 gini, 1 entropy */
	int32		target_type;	/* 0 text, 1 boolean, 2 integer */
	int64		n_train;		/* training rows used */
	int64		n_skipped;		/* rows skipped (NULL target) */
	double		oob_score;		/* NaN for a single tree */
} TmHeader;

typedef struct TmFeature
{
	int32		type;			/* TM_NUMERIC, TM_BOOLEAN, TM_CATEGORY */
	int32		name_off;
	int32		n_cats;			/* categories (TM_CATEGORY) */
	int32		cat_start;		/* first index into cat_off */
} TmFeature;

typedef struct TmNode
{
	int32		feature;		/* -1: leaf */
	int32		left;
	int32		right;
	int32		catword;		/* first catword of the set, -1 numeric */
	double		threshold;		/* numeric: x <= threshold goes left */
	double		n;				/* training rows (bootstrap copies counted) */
	int32		missing_left;	/* NULL / unseen category goes left */
	int32		depth;
} TmNode;

/* training rows read by name (tree.c), shared with the linear SVM */
#include "utils/hsearch.h"

typedef struct CatDict
{
	HTAB	   *hash;
	MemoryContext cxt;
	int			n;
	char	  **names;
	int			cap;
} CatDict;

typedef struct CatEntry
{
	char		key[TM_MAX_NAME + 1];
	int			idx;
} CatEntry;

typedef struct TrainData
{
	int			n;				/* rows */
	int			d;				/* features */
	int			k;				/* classes */
	double	   *X;				/* column-major d x n; categories as index; NaN = NULL */
	int		   *y;				/* class index */
	char	  **fname;
	int		   *ftype;
	CatDict    *cats;			/* per feature (TM_CATEGORY) */
	char	  **cls;			/* class labels, sorted */
	double	   *cw;				/* class weights */
	int			target_type;
	int64		skipped;
} TrainData;


extern void pmkt_cls_load_training(const char *query, const char *target,
								   TrainData *T, const char *fn);
extern int	pmkt_cls_feature_type(Oid t);
extern double pmkt_cls_datum_number(Datum d, Oid t, const char *col);

#endif							/* PMKT_CLASSIFY_TREE_H */
