/*
 * demo_classify.c
 *    The demo's campaign_responses table (pmkt.generate_demo; issue 13,
 *    part 5): one row per customer, who answered a campaign, with planted
 *    drivers for the classifiers to recover.
 *
 * The generator (seeded by the demo seed), per customer:
 *   channel       email, social_ads, push, search_ads, equally likely
 *   region        north, south, east, west, central, equally likely
 *   age           18 .. 79, uniform
 *   recency_days  days since the last order: exponential, mean 90, at most 365
 *   frequency     orders: 1 + geometric, mean 4
 *   monetary      spend: exp(4 + 0.5 N(0, 1)), rounded to cents
 *   got_discount  true with probability 0.4
 *   responded     true with probability logistic(eta),
 *     eta = -1.0 + 1.2 got_discount - 0.012 recency_days
 *           + 0.15 min(frequency, 20) + channel effect
 *     channel effect: email +0.8, search_ads +0.4, social_ads 0, push -0.8.
 * The planted drivers are got_discount, recency_days, frequency and channel
 * (numeric, boolean and text); region, age and monetary are noise.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "demo_classify.h"
#include "util/rng.h"

#define N_CH 4
#define N_RG 5

static const char *const ch_names[N_CH] = {"email", "social_ads", "push", "search_ads"};
static const double ch_effect[N_CH] = {0.8, 0.0, -0.8, 0.4};
static const char *const rg_names[N_RG] = {"north", "south", "east", "west", "central"};

int64
pmkt_demo_fill_campaign_responses(Relation rel, BulkInsertState bis, CommandId cid,
								  MemoryContext rowcxt, uint64 seed, int64 customers)
{
	PmktRng		rng;
	Datum		values[9];
	bool		nulls[9] = {false, false, false, false, false, false, false, false, false};

	pmkt_rng_seed(&rng, seed ^ UINT64CONST(0xC1A551F1000000D));
	for (int64 id = 1; id <= customers; id++)
	{
		int			ch = (int) pmkt_rng_below(&rng, N_CH);
		int			rg = (int) pmkt_rng_below(&rng, N_RG);
		int32		age = 18 + (int32) pmkt_rng_below(&rng, 62);
		int32		rec = (int32) Min(365.0, floor(-90.0 * log(1 - pmkt_rng_uniform(&rng))));
		int32		freq = 1 + (int32) floor(log(1 - pmkt_rng_uniform(&rng)) / log(0.75));
		double		mon = round(exp(4 + 0.5 * pmkt_rng_normal(&rng)) * 100) / 100;
		bool		disc = pmkt_rng_uniform(&rng) < 0.4;
		double		eta = -1.0 + 1.2 * disc - 0.012 * rec + 0.15 * Min(freq, 20) + ch_effect[ch];
		bool		resp = pmkt_rng_uniform(&rng) < 1 / (1 + exp(-eta));
		MemoryContext old;
		HeapTuple	tup;

		if ((id & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(rowcxt);
		values[0] = Int64GetDatum(id);
		values[1] = CStringGetTextDatum(ch_names[ch]);
		values[2] = CStringGetTextDatum(rg_names[rg]);
		values[3] = Int32GetDatum(age);
		values[4] = Int32GetDatum(rec);
		values[5] = Int32GetDatum(freq);
		values[6] = Float8GetDatum(mon);
		values[7] = BoolGetDatum(disc);
		values[8] = BoolGetDatum(resp);
		tup = heap_form_tuple(RelationGetDescr(rel), values, nulls);
		heap_insert(rel, tup, cid, 0, bis);
		MemoryContextSwitchTo(old);
		MemoryContextReset(rowcxt);
	}
	return customers;
}
