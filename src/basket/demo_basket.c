/*
 * basket/demo_basket.c
 *    The demo's products (500, in 25 families of 20) and order_lines (one
 *    basket per order of the orders table) for pmkt.generate_demo.
 *
 * Planted structure, all drawn from util/rng.h streams of the demo seed:
 *  - product p belongs to family (p - 1) % 25; its popularity follows the
 *    orders table's product_id draw 1 + floor(500 u^2) (product 1 most
 *    popular);
 *  - every customer has two favourite families (a pure function of the seed
 *    and the customer id), so a customer's baskets resemble each other:
 *    what item-kNN and ALS learn and a popularity baseline cannot;
 *  - line 1 of an order is the orders table's product_id; about 1.4 more
 *    lines follow (55 % from a favourite family, 20 % from line 1's family,
 *    25 % by global popularity);
 *  - planted rules: 3 -> 11 (p 0.6), 8 -> 57 (0.5), 150 -> 151 (0.8);
 *    triples 2 -> 5 (0.35) then {2, 5} -> 19 (0.7), and
 *    40 -> 41 (0.5) then {40, 41} -> 42 (0.8);
 *  - about 2 % of orders repeat one of their lines (same product, another
 *    line_no): duplicated lines that basket analysis must count once.
 */
#include "pmkt.h"

#include "access/heapam.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "util/rng.h"
#include "demo_basket.h"

#define N_PRODUCTS 500
#define N_FAMILIES 25
#define PER_FAMILY (N_PRODUCTS / N_FAMILIES)
#define MAX_LINES 16

static const char *const family_names[N_FAMILIES] = {
	"Coffee", "Tea", "Bakery", "Dairy", "Fruit", "Vegetables", "Snacks", "Beverages",
	"Frozen", "Pasta", "Rice", "Spices", "Cleaning", "Paper", "Baby", "Pet", "Beauty",
	"Health", "Kitchen", "Garden", "Stationery", "Toys", "Electronics", "Books", "Sports"
};
static const char *const variant_names[PER_FAMILY] = {
	"classic", "premium", "organic", "mini", "family pack", "light", "extra", "original",
	"deluxe", "value", "eco", "fresh", "gold", "basic", "select", "home", "travel",
	"kids", "pro", "max"
};

static void
basket_stream(PmktRng *rng, uint64 seed, uint64 tag)
{
	pmkt_rng_seed(rng, seed ^ (tag * UINT64CONST(0xD1B54A32D192ED03)));
}

static double
list_price(uint64 seed, int pid)
{
	PmktRng		rng;

	basket_stream(&rng, seed, UINT64CONST(0x5000000000) + (uint64) pid);
	return round((1.0 + exp(1.5 + 0.8 * pmkt_rng_normal(&rng))) * 100.0) / 100.0;
}

static void
put_row(Relation rel, BulkInsertState bis, CommandId cid, MemoryContext rowcxt,
		Datum *values, bool *nulls)
{
	MemoryContext old = MemoryContextSwitchTo(rowcxt);
	HeapTuple	tup = heap_form_tuple(RelationGetDescr(rel), values, nulls);

	heap_insert(rel, tup, cid, 0, bis);
	MemoryContextSwitchTo(old);
	MemoryContextReset(rowcxt);
}

int64
pmkt_demo_fill_products(Relation rel, BulkInsertState bis, CommandId cid,
						MemoryContext rowcxt, uint64 seed)
{
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	char		name[64];

	for (int pid = 1; pid <= N_PRODUCTS; pid++)
	{
		int			fam = (pid - 1) % N_FAMILIES;
		MemoryContext old;

		snprintf(name, sizeof(name), "%s %s", family_names[fam],
				 variant_names[(pid - 1) / N_FAMILIES]);
		old = MemoryContextSwitchTo(rowcxt);
		values[0] = Int32GetDatum(pid);
		values[1] = CStringGetTextDatum(name);
		values[2] = CStringGetTextDatum(family_names[fam]);
		values[3] = Float8GetDatum(list_price(seed, pid));
		MemoryContextSwitchTo(old);
		put_row(rel, bis, cid, rowcxt, values, nulls);
	}
	return N_PRODUCTS;
}

/* a product of family fam, skewed towards its first variants */
static int
family_product(PmktRng *rng, int fam)
{
	int			j = (int) (PER_FAMILY * pow(pmkt_rng_uniform(rng), 1.5));

	return fam + 1 + N_FAMILIES * Min(j, PER_FAMILY - 1);
}

static int
popular_product(PmktRng *rng)
{
	return 1 + (int) (N_PRODUCTS * pow(pmkt_rng_uniform(rng), 2.0));
}

static bool
has(const int *b, int n, int pid)
{
	for (int i = 0; i < n; i++)
		if (b[i] == pid)
			return true;
	return false;
}

static void
add(int *b, int *n, int pid)
{
	if (*n < MAX_LINES && pid >= 1 && pid <= N_PRODUCTS && !has(b, *n, pid))
		b[(*n)++] = pid;
}

/* the basket of one order: distinct products in line order */
static int
draw_basket(uint64 seed, int64 order_id, int64 customer_id, int first, int *b)
{
	PmktRng		rng,
				crng;
	int			n = 0,
				fav[2];

	basket_stream(&crng, seed, UINT64CONST(0x6000000000) + (uint64) customer_id);
	fav[0] = (int) pmkt_rng_below(&crng, N_FAMILIES);
	fav[1] = (fav[0] + 1 + (int) pmkt_rng_below(&crng, N_FAMILIES - 1)) % N_FAMILIES;

	basket_stream(&rng, seed, UINT64CONST(0x7000000000) + (uint64) order_id);
	add(b, &n, (first >= 1 && first <= N_PRODUCTS) ? first : popular_product(&rng));
	for (int extra = 0; extra < 6 && pmkt_rng_uniform(&rng) < 0.6; extra++)
	{
		double		r = pmkt_rng_uniform(&rng);

		if (r < 0.55)
			add(b, &n, family_product(&rng, fav[pmkt_rng_uniform(&rng) < 0.65 ? 0 : 1]));
		else if (r < 0.75)
			add(b, &n, family_product(&rng, (b[0] - 1) % N_FAMILIES));
		else
			add(b, &n, popular_product(&rng));
	}
	/* planted rules (one uniform each, drawn whether or not they apply) */
	{
		double		u[7];

		for (int i = 0; i < 7; i++)
			u[i] = pmkt_rng_uniform(&rng);
		if (has(b, n, 3) && u[0] < 0.6)
			add(b, &n, 11);
		if (has(b, n, 8) && u[1] < 0.5)
			add(b, &n, 57);
		if (has(b, n, 150) && u[2] < 0.8)
			add(b, &n, 151);
		if (has(b, n, 2) && u[3] < 0.35)
			add(b, &n, 5);
		if (has(b, n, 2) && has(b, n, 5) && u[4] < 0.7)
			add(b, &n, 19);
		if (has(b, n, 40) && u[5] < 0.5)
			add(b, &n, 41);
		if (has(b, n, 40) && has(b, n, 41) && u[6] < 0.8)
			add(b, &n, 42);
	}
	/* a repeated line now and then */
	if (pmkt_rng_uniform(&rng) < 0.02 && n < MAX_LINES)
	{
		b[n] = b[pmkt_rng_below(&rng, (uint64) n)];
		n++;
	}
	return n;
}

int64
pmkt_demo_fill_order_lines(Relation rel, BulkInsertState bis, CommandId cid,
						   MemoryContext rowcxt, uint64 seed, const char *qschema)
{
	StringInfoData sql;
	SPIPlanPtr	plan;
	Portal		portal;
	int64		rows = 0;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};
	double		prices[N_PRODUCTS + 1];

	for (int pid = 1; pid <= N_PRODUCTS; pid++)
		prices[pid] = list_price(seed, pid);

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT order_id, customer_id, product_id FROM %s.orders ORDER BY order_id",
					 qschema);
	plan = SPI_prepare(sql.data, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "pmkt.generate_demo: could not read %s.orders", qschema);
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, false);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, 10000);
		if (SPI_processed == 0)
			break;
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			int64		oid = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
			int64		cust = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
			int			first = DatumGetInt32(SPI_getbinval(tup, desc, 3, &isnull));
			int			b[MAX_LINES];
			int			n;
			PmktRng		qrng;

			if (isnull)
				first = 0;
			n = draw_basket(seed, oid, cust, first, b);
			basket_stream(&qrng, seed, UINT64CONST(0x8000000000) + (uint64) oid);
			for (int i = 0; i < n; i++)
			{
				int			q = pmkt_rng_uniform(&qrng) < 0.3 ? 2 + (int) pmkt_rng_below(&qrng, 3) : 1;
				double		price = prices[b[i]];

				if (pmkt_rng_uniform(&qrng) < 0.1)
					price = round(price * 90.0) / 100.0;	/* a 10 % promotion */
				values[0] = Int64GetDatum(oid);
				values[1] = Int32GetDatum(i + 1);
				values[2] = Int32GetDatum(b[i]);
				values[3] = Int32GetDatum(q);
				values[4] = Float8GetDatum(price);
				put_row(rel, bis, cid, rowcxt, values, nulls);
				rows++;
			}
			if ((oid & 4095) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	return rows;
}
