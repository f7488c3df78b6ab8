/*
 * basket/itemknn.c
 *    pmkt.item_neighbors: item-item similarity on the binary customer x item
 *    matrix (a customer bought the item or not) and each item's top-n
 *    neighbours, for item-based collaborative filtering (pmkt.recommend).
 *
 * c_i = customers who bought i, c_ij = customers who bought both:
 *   cosine   c_ij / sqrt(c_i c_j), times c_ij / (c_ij + shrinkage)
 *            (shrinkage towards 0 for pairs seen by few customers; 0 = none)
 *   jaccard  c_ij / (c_i + c_j - c_ij), with the same shrinkage factor
 * For every item the co-counts are accumulated in a dense scratch row over
 * the item's customers' histories (an inverted index of the lines held by
 * basket_load), so the work is sum over customers of (items bought)^2 and
 * the memory two copies of the distinct (customer, item) pairs.  Neighbours
 * are ranked by similarity (descending), then by item id: deterministic.
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "basket.h"

typedef struct Cand
{
	int32		item;
	int32		common;
	double		sim;
} Cand;

static const BasketDict *cand_dict;

static int
cand_cmp(const void *a, const void *b)
{
	const Cand *x = (const Cand *) a,
			   *y = (const Cand *) b;

	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	return basket_item_cmp(cand_dict, x->item, y->item);
}

PG_FUNCTION_INFO_V1(pmkt_item_neighbors);
/*
 * pmkt_item_neighbors(query text, n int, similarity text, shrinkage float8,
 *                     min_common int)
 *    RETURNS TABLE (item text, item_id bigint, neighbor text,
 *                   neighbor_id bigint, neighbor_rank int, similarity float8,
 *                   common_customers bigint)
 */
Datum
pmkt_item_neighbors(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.item_neighbors";
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *query;
	int32		n;
	bool		jaccard;
	double		shrink;
	int32		min_common;
	BasketSet  *b;
	MemoryContext old;
	int64		key;
	int32	   *items,
				len;
	int64	   *cust_off,
			   *item_off,
			   *fill;
	int32	   *cust_items,
			   *item_custs,
			   *ccount,
			   *cnt,
			   *touched;
	int64		ncust = 0,
				npairs = 0;
	int32		nitems;
	Cand	   *cand;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: argument \"query\" must not be NULL", fn)));
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	n = PG_ARGISNULL(1) ? 20 : PG_GETARG_INT32(1);
	if (n < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"n\" must be at least 1", fn),
				 errdetail("Got %d.", n),
				 errhint("n is the number of neighbours kept per item, e.g. 20.")));
	{
		char	   *s = PG_ARGISNULL(2) ? pstrdup("cosine") : text_to_cstring(PG_GETARG_TEXT_PP(2));

		if (strcmp(s, "cosine") == 0)
			jaccard = false;
		else if (strcmp(s, "jaccard") == 0)
			jaccard = true;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"similarity\" must be 'cosine' or 'jaccard'", fn),
					 errdetail("Got \"%s\".", s)));
	}
	shrink = PG_ARGISNULL(3) ? 0 : PG_GETARG_FLOAT8(3);
	if (!(shrink >= 0 && isfinite(shrink)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"shrinkage\" must be a finite number >= 0", fn),
				 errdetail("Got %g.", shrink),
				 errhint("0 means no shrinkage; 10 damps pairs seen by few customers.")));
	min_common = PG_ARGISNULL(4) ? 1 : PG_GETARG_INT32(4);
	if (min_common < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"min_common\" must be at least 1", fn),
				 errdetail("Got %d.", min_common)));

	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "%s: SPI_connect failed", fn);
	b = basket_load(query, fn, PMKT_TRAIN_BUDGET_BYTES);
	old = MemoryContextSwitchTo(b->cxt);
	nitems = b->items.n;

	/* customers' distinct items (CSR), item counts */
	while (basket_next(b, &key, &items, &len))
	{
		ncust++;
		npairs += len;
	}
	cust_off = MemoryContextAllocHuge(b->cxt, sizeof(int64) * (ncust + 1));
	cust_items = MemoryContextAllocHuge(b->cxt, sizeof(int32) * Max(npairs, 1));
	ccount = palloc0(sizeof(int32) * nitems);
	basket_check_budget(b, "the customer histories");
	basket_rewind(b);
	{
		int64		c = 0,
					p = 0;

		while (basket_next(b, &key, &items, &len))
		{
			cust_off[c++] = p;
			memcpy(cust_items + p, items, sizeof(int32) * len);
			for (int32 i = 0; i < len; i++)
				ccount[items[i]]++;
			p += len;
			if ((c & 8191) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		cust_off[c] = p;
	}
	pfree(b->lines);
	b->lines = NULL;
	/* inverted: each item's customers */
	item_off = MemoryContextAllocHuge(b->cxt, sizeof(int64) * (nitems + 1));
	fill = MemoryContextAllocHuge(b->cxt, sizeof(int64) * Max(nitems, 1));
	item_custs = MemoryContextAllocHuge(b->cxt, sizeof(int32) * Max(npairs, 1));
	basket_check_budget(b, "the item index");
	item_off[0] = 0;
	for (int32 i = 0; i < nitems; i++)
		item_off[i + 1] = item_off[i] + ccount[i];
	memcpy(fill, item_off, sizeof(int64) * nitems);
	if (ncust > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: more than %d customers", fn, PG_INT32_MAX)));
	for (int64 c = 0; c < ncust; c++)
	{
		for (int64 p = cust_off[c]; p < cust_off[c + 1]; p++)
			item_custs[fill[cust_items[p]]++] = (int32) c;
		if ((c & 8191) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	cnt = palloc0(sizeof(int32) * Max(nitems, 1));
	touched = palloc(sizeof(int32) * Max(nitems, 1));
	cand = palloc(sizeof(Cand) * Max(nitems, 1));
	MemoryContextSwitchTo(old);
	cand_dict = &b->items;

	{
		MemoryContext rowcxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt neighbour row",
													 ALLOCSET_DEFAULT_SIZES);
		/* items in id order, for the output order */
		int32	   *byid = MemoryContextAllocHuge(b->cxt, sizeof(int32) * Max(nitems, 1));

		for (int32 i = 0; i < nitems; i++)
			byid[i] = i;
		cand_dict = &b->items;
		{
			/* insertion into id order through the candidate sort's tie rule */
			Cand	   *tmp = MemoryContextAllocHuge(b->cxt, sizeof(Cand) * Max(nitems, 1));

			for (int32 i = 0; i < nitems; i++)
			{
				tmp[i].item = i;
				tmp[i].sim = 0;
				tmp[i].common = 0;
			}
			qsort(tmp, nitems, sizeof(Cand), cand_cmp);
			for (int32 i = 0; i < nitems; i++)
				byid[i] = tmp[i].item;
			pfree(tmp);
		}

		for (int32 bi = 0; bi < nitems; bi++)
		{
			int32		i = byid[bi];
			int32		nt = 0,
						nc = 0;

			CHECK_FOR_INTERRUPTS();
			for (int64 q = item_off[i]; q < item_off[i + 1]; q++)
			{
				int32		c = item_custs[q];

				if ((q & 1023) == 0)
					CHECK_FOR_INTERRUPTS();
				for (int64 p = cust_off[c]; p < cust_off[c + 1]; p++)
				{
					int32		j = cust_items[p];

					if (j == i)
						continue;
					if (cnt[j]++ == 0)
						touched[nt++] = j;
				}
			}
			for (int32 t = 0; t < nt; t++)
			{
				int32		j = touched[t];
				double		cij = cnt[j];
				double		s;

				if (cnt[j] >= min_common)
				{
					if (jaccard)
						s = cij / ((double) ccount[i] + (double) ccount[j] - cij);
					else
						s = cij / sqrt((double) ccount[i] * (double) ccount[j]);
					if (shrink > 0)
						s *= cij / (cij + shrink);
					cand[nc].item = j;
					cand[nc].common = cnt[j];
					cand[nc].sim = s;
					nc++;
				}
				cnt[j] = 0;
			}
			qsort(cand, nc, sizeof(Cand), cand_cmp);
			for (int32 r = 0; r < Min(nc, n); r++)
			{
				Datum		values[7];
				bool		nulls[7] = {false, false, false, false, false, false, false};

				old = MemoryContextSwitchTo(rowcxt);
				values[0] = CStringGetTextDatum(basket_item_text(&b->items, i));
				values[2] = CStringGetTextDatum(basket_item_text(&b->items, cand[r].item));
				if (b->items.text)
					nulls[1] = nulls[3] = true;
				else
				{
					values[1] = Int64GetDatum(b->items.ikeys[i]);
					values[3] = Int64GetDatum(b->items.ikeys[cand[r].item]);
				}
				values[4] = Int32GetDatum(r + 1);
				values[5] = Float8GetDatum(cand[r].sim);
				values[6] = Int64GetDatum(cand[r].common);
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
				MemoryContextSwitchTo(old);
				MemoryContextReset(rowcxt);
			}
		}
	}
	MemoryContextDelete(b->cxt);
	SPI_finish();
	return (Datum) 0;
}
