/*
 * basket/basket.h
 *    Order lines in memory: baskets of distinct items read from a query of
 *    (basket id, item id) lines, ids bigint (int2/int4/int8) or text.
 */
#ifndef PMKT_BASKET_H
#define PMKT_BASKET_H

#include "postgres.h"

/* key -> dense index, open addressing; keys int64 or strings */
typedef struct BasketDict
{
	bool		text;
	int32	   *slots;			/* index + 1, 0 = empty */
	Size		nslots;			/* power of two */
	int32		n;
	int32		cap;
	int64	   *ikeys;			/* integer keys, by index */
	char	  **skeys;			/* text keys, by index */
} BasketDict;

typedef struct BasketSet
{
	const char *fn;				/* prefixes every message */
	MemoryContext cxt;			/* everything below; its size is the budget's */
	Size		budget;
	BasketDict	items;
	BasketDict	basket_names;	/* text basket ids only */
	bool		basket_text;
	/* runs of consecutive lines of one basket */
	int64		nruns;
	int64		runcap;
	int64	   *run_key;
	int64	   *run_start;		/* nruns + 1 entries once loaded */
	int64		nlines;
	int64		linecap;
	int32	   *lines;			/* item index per line */
	int64	   *order;			/* runs in key order (NULL when already) */
	int64		skipped_null;	/* lines with a NULL basket or item id */
	int64		nbaskets;		/* distinct baskets (after the first pass) */
	/* iteration */
	int64		pos;
	int32	   *buf;
	int32		bufcap;
} BasketSet;

/*
 * Read query's (basket, item) lines into a BasketSet allocated in a new
 * child context of CurrentMemoryContext; 53200 beyond budget bytes.  Must
 * run inside an SPI connection.  Lines with a NULL id are skipped (counted);
 * 22023 when no line is left.
 */
extern BasketSet *basket_load(const char *query, const char *fn, Size budget);

/* Restart the basket iteration. */
extern void basket_rewind(BasketSet *b);

/*
 * Next basket: its distinct item indexes in ascending order (*items points
 * into b's buffer, valid until the next call); false at the end.
 */
extern bool basket_next(BasketSet *b, int64 *key, int32 **items, int32 *n);

/* 53200 when b's context has grown beyond the budget (what: for the detail) */
extern void basket_check_budget(BasketSet *b, const char *what);

/* item index i compared by key: integers numerically, text bytewise */
extern int	basket_item_cmp(const BasketDict *d, int32 a, int32 b);

/* the key of item i as text, palloc'd */
extern char *basket_item_text(const BasketDict *d, int32 i);

/*
 * The dictionary and id readers, for other loaders of (customer, item)
 * lines: index of a key (added when new, in CurrentMemoryContext), ids
 * bigint/integer/smallint or text/varchar/char.
 */
extern void basket_dict_init(BasketDict *d, bool text);
extern int32 basket_dict_get(BasketDict *d, int64 ikey, const char *skey, int len,
							 const char *fn, const char *what);
extern bool basket_id_type_int(Oid t);
extern bool basket_id_type_text(Oid t);
extern int64 basket_int_value(Datum d, Oid t);

#endif
