/*
 * experiment/demo_experiment.c
 *    The demo's experiment_units table for pmkt.generate_demo: one row per
 *    unit (user) of two A/B experiments, with its variant, the spend and
 *    visits during the experiment and the spend of the pre-period.
 *
 * Planted structure, all drawn from util/rng.h streams of the demo seed
 * (one stream per unit, so the rows do not depend on the table order):
 *  - a unit has a latent spending level b = exp(3.3 + 0.7 z0); its
 *    pre-period spend is b exp(0.35 z1) (NULL for 3 % of the units: new
 *    visitors), its spend during the experiment b exp(0.35 z2) x lift, so
 *    pre_spend and spend are strongly correlated (CUPED removes about half
 *    of the variance); visits are 1 + Poisson(2 + b / 15) x visit lift;
 *  - 60 % of the units are in 'checkout_redesign' (planned split 1/3 each):
 *    'control'; 'treatment_a', spend x 1.08 (the planted +8 % lift);
 *    'treatment_b', visits x 1.15 (Poisson mean) and the same spend, so spend
 *    per visit falls;
 *  - 40 % are in 'shipping_banner', planned 50/50 'control' / 'treatment'
 *    but drawn 42/58 (the planted sample-ratio mismatch: a tracking bug
 *    lost control units); no effect;
 *  - unit_id 1.. units; customer_id = unit_id for the units up to the demo's
 *    customer count, NULL beyond (visitors who have not bought yet).
 */
#include "pmkt.h"

#include "access/heapam.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "util/rng.h"
#include "demo_experiment.h"

static void
exp_stream(PmktRng *rng, uint64 seed, uint64 tag)
{
	pmkt_rng_seed(rng, seed ^ (tag * UINT64CONST(0xD1B54A32D192ED03)));
}

/* Poisson(lambda) by Knuth's product of uniforms (lambda <= 40 here) */
static int
poisson(PmktRng *rng, double lambda)
{
	double		l = exp(-lambda),
				p = 1.0;
	int			k = 0;

	for (;;)
	{
		p *= pmkt_rng_uniform(rng);
		if (p <= l || k >= 1000)
			return k;
		k++;
	}
}

static double
cents(double x)
{
	return round(x * 100.0) / 100.0;
}

int64
pmkt_demo_fill_experiment_units(Relation rel, BulkInsertState bis, CommandId cid,
								MemoryContext rowcxt, uint64 seed, int64 units,
								int64 customers)
{
	Datum		values[7];
	bool		nulls[7];
	Datum		names[6];

	/* the labels, once (datums outside the per-row context) */
	names[0] = CStringGetTextDatum("checkout_redesign");
	names[1] = CStringGetTextDatum("shipping_banner");
	names[2] = CStringGetTextDatum("control");
	names[3] = CStringGetTextDatum("treatment_a");
	names[4] = CStringGetTextDatum("treatment_b");
	names[5] = CStringGetTextDatum("treatment");

	for (int64 u = 1; u <= units; u++)
	{
		PmktRng		rng;
		double		b,
					pre,
					spend,
					spend_lift = 1.0,
					visit_lift = 1.0,
					r;
		bool		redesign,
					no_pre;
		Datum		variant;
		MemoryContext old;
		HeapTuple	tup;

		exp_stream(&rng, seed, UINT64CONST(0x9000000000) + (uint64) u);
		redesign = pmkt_rng_uniform(&rng) < 0.6;
		r = pmkt_rng_uniform(&rng);
		if (redesign)
		{
			if (r < 1.0 / 3)
				variant = names[2];
			else if (r < 2.0 / 3)
			{
				variant = names[3];
				spend_lift = 1.08;
			}
			else
			{
				variant = names[4];
				visit_lift = 1.15;
			}
		}
		else
			variant = r < 0.42 ? names[2] : names[5];
		b = exp(3.3 + 0.7 * pmkt_rng_normal(&rng));
		pre = cents(b * exp(0.35 * pmkt_rng_normal(&rng)));
		spend = cents(b * exp(0.35 * pmkt_rng_normal(&rng)) * spend_lift);
		no_pre = pmkt_rng_uniform(&rng) < 0.03;

		memset(nulls, 0, sizeof(nulls));
		values[0] = Int64GetDatum(u);
		values[1] = Int64GetDatum(u);
		nulls[1] = u > customers;
		values[2] = redesign ? names[0] : names[1];
		values[3] = variant;
		values[4] = Float8GetDatum(spend);
		values[5] = Int32GetDatum(1 + poisson(&rng, Min(40.0, (2.0 + b / 15.0) * visit_lift)));
		values[6] = Float8GetDatum(pre);
		nulls[6] = no_pre;

		old = MemoryContextSwitchTo(rowcxt);
		tup = heap_form_tuple(RelationGetDescr(rel), values, nulls);
		heap_insert(rel, tup, cid, 0, bis);
		MemoryContextSwitchTo(old);
		MemoryContextReset(rowcxt);
		if ((u & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return units;
}
