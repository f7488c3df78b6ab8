/*
 * demo_data.c
 *    pmkt.generate_demo(target_schema, orders, seed): the synthetic
 *    marketing data set of the demo, tests and benches (the "Demo data
 *    contract" in docs/ARCHITECTURE.md).
 *
 * The tables are created through SPI (plain DDL), then filled by forming
 * heap tuples in C and inserting them with a bulk-insert state, as COPY
 * does: 12 M orders take well under a minute.  Primary keys are added after
 * the load (one sorted index build) and the tables are analysed.
 *
 * Everything is drawn from util/rng.h streams derived from the seed, so the
 * same seed gives the same rows on every platform.  Planted structure:
 *  - customers: three segments by id (exactly 6/20 frequent, 9/20
 *    occasional, 5/20 new) with distinct recency / frequency / monetary
 *    profiles (frequent: ~24 orders, recent, higher baskets; occasional:
 *    ~5.5 orders, last order >= 120 days before the end; new: signed up in
 *    the last 90 days, ~1.3 orders, small baskets);
 *  - orders: 2023-01-01 .. 2024-12-31 with November/December peaks and an
 *    upward trend, channel mix by segment;
 *  - campaigns: 4 channels x 24 months, channel-specific costs, CTR,
 *    conversion, trend and seasonality;
 *  - feedback: comments about product quality, logistics and customer
 *    service worded positively, neutrally or negatively, each ending with a
 *    0-10 likelihood-to-recommend score consistent with its sentiment (the
 *    aspect sentence is worded so that VADER, pmkt.aspect_sentiment, finds
 *    its planted aspect and sentiment: sql/text/demo_text.sql);
 *  - aisas_monthly: 40 units x 40 months of AISAS funnel counts driven by a
 *    latent programme effect (unit level + unit trend + noise);
 *  - sales_drivers: sales = 20 + 0.75 ad_spend - 0.35 price_adjustment
 *    + 0.65 service_rating + N(0, 1.5^2), 20 regions x 52 weeks;
 *  - visits: conversion drawn from a logistic model of ad exposures,
 *    discount, pages viewed and channel.
 */
#include "pmkt.h"

#include "access/heapam.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "util/rng.h"
#include "util/searchpath.h"
#include "demo_basket.h"
#include "demo_experiment.h"
#include "demo_classify.h"

#define DEMO_MAX_ORDERS INT64CONST(500000000)
#define WINDOW_DAYS 731			/* 2023-01-01 .. 2024-12-31 */
#define N_CHANNELS 4
#define N_REGIONS 5

static const char *const channels[N_CHANNELS] = {"email", "social_ads", "push", "search_ads"};
static const char *const regions[N_REGIONS] = {"north", "south", "east", "west", "central"};
static const char *const segment_names[3] = {"frequent", "occasional", "new"};

/* per-segment profiles: extra orders beyond the first, basket log-mean, channel mix */
static const double seg_extra_orders[3] = {23.0, 4.5, 0.3};
static const double seg_basket[3] = {85.0, 60.0, 45.0};
static const double seg_channel_mix[3][N_CHANNELS] = {
	{0.40, 0.15, 0.30, 0.15},
	{0.25, 0.30, 0.15, 0.30},
	{0.10, 0.45, 0.05, 0.40}
};

/* order seasonality by calendar month (acceptance weights, max 1) */
static const double month_weight[12] = {
	0.58, 0.55, 0.65, 0.69, 0.69, 0.66, 0.66, 0.69, 0.69, 0.72, 0.93, 1.00
};

/* A generation context shared by the table writers. */
typedef struct DemoCtx
{
	uint64		seed;
	int64		orders;
	int64		customers;
	int32		window_start;	/* DateADT of 2023-01-01 */
	int8		day_month[WINDOW_DAYS]; /* calendar month (0-11) per window day */
	MemoryContext rowcxt;
} DemoCtx;

/* stream: an rng seeded from the demo seed and a stream number. */
static void
stream(PmktRng *rng, const DemoCtx *ctx, uint64 tag)
{
	pmkt_rng_seed(rng, ctx->seed ^ (tag * UINT64CONST(0xD1B54A32D192ED03)));
}

static double
logistic(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

static int
pick(PmktRng *rng, const double *p, int n)
{
	double		u = pmkt_rng_uniform(rng);

	for (int i = 0; i < n - 1; i++)
	{
		if (u < p[i])
			return i;
		u -= p[i];
	}
	return n - 1;
}

static int64
round_count(double x)
{
	return x <= 0 ? 0 : (int64) llround(x);
}

static double
cents(double x)
{
	return round(x * 100.0) / 100.0;
}

/* ---------------------------------------------------------------------
 * Customers: attributes are a pure function of (seed, customer_id), so the
 * order and feedback writers can recompute them.
 * --------------------------------------------------------------------- */
typedef struct Customer
{
	int			segment;		/* 0 frequent, 1 occasional, 2 new */
	int32		signup;			/* window day (may be negative: before it) */
	int			region;
	int32		age;
} Customer;

static int
customer_segment(const DemoCtx *ctx, int64 id)
{
	/* (id + offset) * 7 mod 20 visits every residue once per 20 ids */
	int			r = (int) (((id + (int64) (ctx->seed % 20)) * 7) % 20);

	return r < 6 ? 0 : (r < 15 ? 1 : 2);
}

static void
customer_attrs(const DemoCtx *ctx, int64 id, Customer *c)
{
	PmktRng		rng;
	double		age;

	stream(&rng, ctx, UINT64CONST(0x100000000) + (uint64) id);
	c->segment = customer_segment(ctx, id);
	switch (c->segment)
	{
		case 0:
			c->signup = -30 - (int32) pmkt_rng_below(&rng, 870);
			age = 42 + 10 * pmkt_rng_normal(&rng);
			break;
		case 1:
			c->signup = -600 + (int32) pmkt_rng_below(&rng, 900);
			age = 38 + 12 * pmkt_rng_normal(&rng);
			break;
		default:
			c->signup = WINDOW_DAYS - 90 + (int32) pmkt_rng_below(&rng, 90);
			age = 29 + 8 * pmkt_rng_normal(&rng);
			break;
	}
	c->region = (int) pmkt_rng_below(&rng, N_REGIONS);
	c->age = (int32) Min(80, Max(18, lround(age)));
}

/* ---------------------------------------------------------------------
 * Table writer: a relation opened for bulk insert and a row buffer.
 * --------------------------------------------------------------------- */
typedef struct Writer
{
	Relation	rel;
	TupleDesc	desc;
	BulkInsertState bis;
	CommandId	cid;
	Datum		values[24];
	bool		nulls[24];
	int64		rows;
} Writer;

static void
writer_open(Writer *w, Oid relid)
{
	w->rel = table_open(relid, RowExclusiveLock);
	w->desc = RelationGetDescr(w->rel);
	w->bis = GetBulkInsertState();
	w->cid = GetCurrentCommandId(true);
	memset(w->nulls, 0, sizeof(w->nulls));
	w->rows = 0;
}

static void
writer_put(Writer *w, MemoryContext rowcxt)
{
	MemoryContext old = MemoryContextSwitchTo(rowcxt);
	HeapTuple	tup = heap_form_tuple(w->desc, w->values, w->nulls);

	heap_insert(w->rel, tup, w->cid, 0, w->bis);
	MemoryContextSwitchTo(old);
	MemoryContextReset(rowcxt);
	if ((++w->rows & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
}

static void
writer_close(Writer *w)
{
	FreeBulkInsertState(w->bis);
	table_close(w->rel, NoLock);
}

static Datum
text_datum(MemoryContext rowcxt, const char *s)
{
	MemoryContext old = MemoryContextSwitchTo(rowcxt);
	Datum		d = CStringGetTextDatum(s);

	MemoryContextSwitchTo(old);
	return d;
}

static TimestampTz
window_time(const DemoCtx *ctx, int day, PmktRng *rng)
{
	int64		secs = (int64) pmkt_rng_below(rng, 86400);

	return ((int64) (ctx->window_start + day) * 86400 + secs) * USECS_PER_SEC;
}

/* ---------------------------------------------------------------------
 * The tables
 * --------------------------------------------------------------------- */
static void
fill_customers(DemoCtx *ctx, Writer *w)
{
	Customer	c;

	for (int64 id = 1; id <= ctx->customers; id++)
	{
		customer_attrs(ctx, id, &c);
		w->values[0] = Int64GetDatum(id);
		w->values[1] = DateADTGetDatum(ctx->window_start + c.signup);
		w->values[2] = text_datum(ctx->rowcxt, regions[c.region]);
		w->values[3] = Int32GetDatum(c.age);
		w->values[4] = text_datum(ctx->rowcxt, segment_names[c.segment]);
		writer_put(w, ctx->rowcxt);
	}
}

/* a seasonal day in [lo, hi) by rejection on the month weights and trend */
static int
seasonal_day(const DemoCtx *ctx, PmktRng *rng, int lo, int hi)
{
	int			d;

	if (hi <= lo)
		return lo;
	for (;;)
	{
		d = lo + (int) pmkt_rng_below(rng, (uint64) (hi - lo));
		/* seasonal weight x a business growing ~25 % over the window */
		if (pmkt_rng_uniform(rng) < month_weight[(int) ctx->day_month[d]] *
			(0.8 + 0.2 * d / (double) WINDOW_DAYS))
			return d;
	}
}

static void
fill_orders(DemoCtx *ctx, Writer *w)
{
	PmktRng		rng;
	int64	   *members[3];
	int64		nmem[3] = {0, 0, 0};
	double		segw[3];
	double		total = 0;
	Customer	c;

	/* customers of each segment, for uniform draws within a segment */
	for (int s = 0; s < 3; s++)
		members[s] = palloc(sizeof(int64) * (ctx->customers / 20 * 9 + 20));
	for (int64 id = 1; id <= ctx->customers; id++)
	{
		int			s = customer_segment(ctx, id);

		members[s][nmem[s]++] = id;
		if ((id & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int s = 0; s < 3; s++)
		total += segw[s] = nmem[s] * seg_extra_orders[s];
	for (int s = 0; s < 3; s++)
		segw[s] = total > 0 ? segw[s] / total : 1.0 / 3;

	stream(&rng, ctx, 2);
	for (int64 oid = 1; oid <= ctx->orders; oid++)
	{
		int64		cid;
		int			lo,
					hi,
					day;
		double		amount;

		/* every customer has an order; the rest go to segments by weight */
		if (oid <= ctx->customers)
			cid = oid;
		else
		{
			int			s = pick(&rng, segw, 3);

			cid = members[s][pmkt_rng_below(&rng, (uint64) nmem[s])];
		}
		customer_attrs(ctx, cid, &c);
		lo = Max(0, c.signup);
		hi = c.segment == 1 ? WINDOW_DAYS - 120 : WINDOW_DAYS;
		day = seasonal_day(ctx, &rng, lo, Max(hi, lo + 1));
		amount = cents(seg_basket[c.segment] * exp(0.5 * pmkt_rng_normal(&rng)));
		if (amount < 1)
			amount = 1;

		w->values[0] = Int64GetDatum(oid);
		w->values[1] = Int64GetDatum(cid);
		w->values[2] = TimestampTzGetDatum(window_time(ctx, day, &rng));
		w->values[3] = Float8GetDatum(amount);
		w->values[4] = text_datum(ctx->rowcxt,
								  channels[pick(&rng, seg_channel_mix[c.segment], N_CHANNELS)]);
		/* skewed product popularity: 1..500 */
		w->values[5] = Int32GetDatum(1 + (int32) (500 * pow(pmkt_rng_uniform(&rng), 2.0)));
		writer_put(w, ctx->rowcxt);
	}
	for (int s = 0; s < 3; s++)
		pfree(members[s]);
}

static void
fill_campaigns(DemoCtx *ctx, Writer *w)
{
	/* email, social_ads, push, search_ads */
	static const double spend0[N_CHANNELS] = {20000, 60000, 8000, 50000};
	static const double imp_per_usd[N_CHANNELS] = {60, 40, 150, 8};
	static const double ctr0[N_CHANNELS] = {0.035, 0.012, 0.020, 0.050};
	static const double cvr0[N_CHANNELS] = {0.045, 0.025, 0.030, 0.040};
	static const double new_share[N_CHANNELS] = {0.25, 0.60, 0.10, 0.50};
	static const double aov[N_CHANNELS] = {70, 55, 60, 80};
	static const double trend[N_CHANNELS] = {0.008, 0.025, -0.01, 0.012};
	PmktRng		rng;

	stream(&rng, ctx, 3);
	for (int ch = 0; ch < N_CHANNELS; ch++)
	{
		for (int m = 0; m < 24; m++)
		{
			double		season = month_weight[m % 12] / 0.7;
			double		spend = cents(spend0[ch] * season * exp(trend[ch] * m + 0.06 * pmkt_rng_normal(&rng)));
			int64		imp = round_count(spend * imp_per_usd[ch] * exp(0.04 * pmkt_rng_normal(&rng)));
			int64		clk = round_count(imp * ctr0[ch] * exp(0.05 * pmkt_rng_normal(&rng)));
			int64		conv = round_count(clk * cvr0[ch] * (0.9 + 0.1 * season) * exp(0.05 * pmkt_rng_normal(&rng)));
			int64		newc = round_count(conv * new_share[ch] * exp(0.1 * pmkt_rng_normal(&rng)));
			double		rev = cents(conv * aov[ch] * exp(0.05 * pmkt_rng_normal(&rng)));

			clk = Min(clk, imp);
			conv = Min(conv, clk);
			newc = Min(newc, conv);
			w->values[0] = text_datum(ctx->rowcxt, channels[ch]);
			w->values[1] = DateADTGetDatum(date2j(2023 + m / 12, m % 12 + 1, 1) - POSTGRES_EPOCH_JDATE);
			w->values[2] = Int64GetDatum(imp);
			w->values[3] = Int64GetDatum(clk);
			w->values[4] = Int64GetDatum(conv);
			w->values[5] = Int64GetDatum(newc);
			w->values[6] = Float8GetDatum(spend);
			w->values[7] = Float8GetDatum(rev);
			writer_put(w, ctx->rowcxt);
		}
	}
}

static const char *const aspects[3] = {"product_quality", "logistics", "customer_service"};
static const char *const sentiments[3] = {"positive", "neutral", "negative"};
static const char *const phrases[3][3][4] = {
	{							/* product_quality */
		{"The product quality is excellent, exactly as described.",
			"Great quality, sturdy and well made.",
			"Really happy with the quality, it works perfectly.",
		"Top quality materials, I love it."},
		{"The product matches the description, nothing more.",
			"Average quality for the price.",
			"Quality is about what you would expect for the price.",
		"The item is standard, it does the job."},
		{"Poor quality, it broke after a week.",
			"The product quality is disappointing and it feels cheap.",
			"Bad quality, not as described.",
		"Defective item, very poor quality."}
	},
	{							/* logistics */
		{"Super fast delivery, it arrived a day early.",
			"Shipping was quick and the package was well protected.",
			"Delivery was fast and on time, thank you.",
		"Great logistics, accurate tracking and quick delivery."},
		{"Delivery took the usual time.",
			"Shipping took five days, within the estimated window.",
			"Delivery was average, nothing to report.",
		"The parcel arrived as scheduled."},
		{"Delivery was very slow and frustrating, it took two weeks.",
			"The package arrived late and damaged.",
			"Terrible shipping, the parcel was lost for days.",
		"Slow delivery and no tracking updates."}
	},
	{							/* customer_service */
		{"Customer service was very helpful and friendly.",
			"The support team solved my problem quickly.",
			"Excellent customer service, they replied within minutes.",
		"Friendly staff and a great support experience."},
		{"Customer service answered my question.",
			"The agent replied the next day.",
			"The service agent was polite but the answer was generic.",
		"Customer service was average."},
		{"Customer service was rude and unhelpful.",
			"Support never answered my emails, very disappointing.",
			"Terrible customer service, I waited hours for a reply.",
		"The support team ignored my complaint."}
	}
};

static void
fill_feedback(DemoCtx *ctx, Writer *w, int64 n)
{
	static const double aspect_p[3] = {0.40, 0.35, 0.25};
	/* positive, neutral, negative by aspect */
	static const double sent_p[3][3] = {{0.55, 0.27, 0.18}, {0.45, 0.28, 0.27}, {0.50, 0.25, 0.25}};
	static const double seg_shift[3] = {0.10, 0.0, -0.05};
	PmktRng		rng;
	Customer	c;
	char		buf[256];

	stream(&rng, ctx, 4);
	for (int64 id = 1; id <= n; id++)
	{
		int64		cid = 1 + (int64) pmkt_rng_below(&rng, (uint64) ctx->customers);
		int			a = pick(&rng, aspect_p, 3);
		double		p[3];
		int			s,
					score,
					day;

		customer_attrs(ctx, cid, &c);
		p[0] = sent_p[a][0] + seg_shift[c.segment];
		p[2] = sent_p[a][2] - seg_shift[c.segment];
		p[1] = 1 - p[0] - p[2];
		s = pick(&rng, p, 3);
		if (s == 0)
			score = 8 + (int) pmkt_rng_below(&rng, 3) + (pmkt_rng_uniform(&rng) < 0.6 ? 1 : 0);
		else if (s == 1)
			score = 6 + (int) pmkt_rng_below(&rng, 3) + (pmkt_rng_uniform(&rng) < 0.15 ? 1 : 0);
		else
			score = (int) pmkt_rng_below(&rng, 7);
		score = Min(score, 10);
		day = Max(0, c.signup) + (int) pmkt_rng_below(&rng, (uint64) (WINDOW_DAYS - Max(0, c.signup)));
		snprintf(buf, sizeof(buf), "%s Likelihood to recommend: %d/10.",
				 phrases[a][s][pmkt_rng_below(&rng, 4)], score);

		w->values[0] = Int64GetDatum(id);
		w->values[1] = Int64GetDatum(cid);
		w->values[2] = TimestampTzGetDatum(window_time(ctx, day, &rng));
		w->values[3] = text_datum(ctx->rowcxt, aspects[a]);
		w->values[4] = text_datum(ctx->rowcxt, sentiments[s]);
		w->values[5] = text_datum(ctx->rowcxt, buf);
		writer_put(w, ctx->rowcxt);
	}
}

/* funnel stage: prev x logistic(base + slope * e + noise) */
static int64
stage(PmktRng *rng, int64 prev, double base, double slope, double e)
{
	return round_count(prev * logistic(base + slope * e + 0.15 * pmkt_rng_normal(rng)));
}

static void
fill_aisas(DemoCtx *ctx, Writer *w)
{
	PmktRng		rng;

	stream(&rng, ctx, 5);
	for (int u = 1; u <= 40; u++)
	{
		double		level = pmkt_rng_normal(&rng);
		double		slope = 0.5 + 0.3 * pmkt_rng_normal(&rng);
		double		size = exp(0.4 * pmkt_rng_normal(&rng));

		for (int m = 0; m < 40; m++)
		{
			/* months 2021-09 .. 2024-12 */
			int			mon = (8 + m) % 12;
			int			year = 2021 + (8 + m) / 12;
			double		e = level + slope * m / 40.0 + 0.3 * (month_weight[mon] - 0.7) / 0.3
				+ 0.3 * pmkt_rng_normal(&rng);
			int64		imp = round_count(size * 200000 * exp(0.25 * e + 0.1 * pmkt_rng_normal(&rng)));
			/* consumers reached (N), then those recognising the brand (N_I <= N) */
			int64		consumers = stage(&rng, imp, -1.5, 0.3, e);
			int64		aware = stage(&rng, consumers, -1.0, 0.3, e);
			int64		pv = round_count(aware * (1.5 + 0.5 * logistic(e)) * exp(0.1 * pmkt_rng_normal(&rng)));
			int64		fav = stage(&rng, pv, -3.0, 0.4, e);
			int64		interested = stage(&rng, aware, -1.5, 0.35, e);
			int64		kw = round_count(interested * (0.8 + 0.2 * logistic(e)) * exp(0.1 * pmkt_rng_normal(&rng)));
			int64		ckw = stage(&rng, kw, -0.5, 0.2, e);
			int64		rel = stage(&rng, kw, -1.0, 0.25, e);
			int64		crel = stage(&rng, rel, -0.7, 0.2, e);
			int64		ppv = stage(&rng, pv, -0.3, 0.3, e);
			int64		buyers = stage(&rng, interested, -2.0, 0.45, e);
			int64		orders = round_count(buyers * (1.1 + 0.2 * logistic(e)));
			int64		purchasers = stage(&rng, buyers, 2.0, 0.3, e);
			int64		standard = stage(&rng, purchasers, 0.5, 0.2, e);
			double		amount = cents(orders * 65.0 * exp(0.1 * pmkt_rng_normal(&rng)));
			int64		topics = stage(&rng, buyers, -2.5, 0.4, e);
			int64		replies = round_count(topics * (2.0 + logistic(e)) * exp(0.1 * pmkt_rng_normal(&rng)));
			int64		reviews = stage(&rng, purchasers, -1.0, 0.3, e);
			int64		reposts = stage(&rng, topics, -1.0, 0.3, e);
			int64		vals[] = {imp, aware, consumers, pv, fav, interested, kw, ckw, rel,
			crel, ppv, buyers, orders, purchasers, standard};
			int			k = 0;

			w->values[k++] = Int32GetDatum(u);
			w->values[k++] = DateADTGetDatum(date2j(year, mon + 1, 1) - POSTGRES_EPOCH_JDATE);
			for (int i = 0; i < (int) lengthof(vals); i++)
				w->values[k++] = Int64GetDatum(vals[i]);
			w->values[k++] = Float8GetDatum(amount);
			w->values[k++] = Int64GetDatum(topics);
			w->values[k++] = Int64GetDatum(replies);
			w->values[k++] = Int64GetDatum(reviews);
			w->values[k++] = Int64GetDatum(reposts);
			writer_put(w, ctx->rowcxt);
		}
	}
}

static void
fill_sales_drivers(DemoCtx *ctx, Writer *w)
{
	PmktRng		rng;

	stream(&rng, ctx, 6);
	for (int r = 1; r <= 20; r++)
	{
		for (int wk = 1; wk <= 52; wk++)
		{
			double		ad = cents(10 + 2.5 * pmkt_rng_normal(&rng));
			double		price = cents(3 * pmkt_rng_normal(&rng));
			double		service = cents(Min(5, Max(1, 3.5 + 1.2 * pmkt_rng_normal(&rng))));
			double		sales = cents(20 + 0.75 * ad - 0.35 * price + 0.65 * service
									  + 1.5 * pmkt_rng_normal(&rng));

			w->values[0] = Int32GetDatum(r);
			w->values[1] = Int32GetDatum(wk);
			w->values[2] = Float8GetDatum(ad);
			w->values[3] = Float8GetDatum(price);
			w->values[4] = Float8GetDatum(service);
			w->values[5] = Float8GetDatum(sales);
			writer_put(w, ctx->rowcxt);
		}
	}
}

static void
fill_visits(DemoCtx *ctx, Writer *w, int64 n)
{
	static const double ch_effect[N_CHANNELS] = {0.3, -0.2, 0.0, 0.5};
	static const double discounts[7] = {0, 5, 10, 15, 20, 25, 30};
	PmktRng		rng;

	stream(&rng, ctx, 7);
	for (int64 id = 1; id <= n; id++)
	{
		int64		cid = 1 + (int64) pmkt_rng_below(&rng, (uint64) ctx->customers);
		int			ch = (int) pmkt_rng_below(&rng, N_CHANNELS);
		int32		exposures = (int32) Min(15, Max(0, lround(3 + 2 * pmkt_rng_normal(&rng))));
		double		disc = discounts[pmkt_rng_below(&rng, 7)];
		int32		pages = 1 + (int32) floor(log(1 - pmkt_rng_uniform(&rng)) / log(0.75));
		double		eta = -4.0 + 0.25 * exposures + 0.05 * disc + 0.18 * Min(pages, 40) + ch_effect[ch];

		w->values[0] = Int64GetDatum(id);
		w->values[1] = Int64GetDatum(cid);
		w->values[2] = text_datum(ctx->rowcxt, channels[ch]);
		w->values[3] = Int32GetDatum(exposures);
		w->values[4] = Float8GetDatum(disc);
		w->values[5] = Int32GetDatum(pages);
		w->values[6] = BoolGetDatum(pmkt_rng_uniform(&rng) < logistic(eta));
		writer_put(w, ctx->rowcxt);
	}
}

/* ---------------------------------------------------------------------
 * pmkt.generate_demo
 * --------------------------------------------------------------------- */
typedef struct DemoTable
{
	const char *name;
	const char *columns;
	const char *pkey;
} DemoTable;

static const DemoTable demo_tables[] = {
	{"customers", "customer_id bigint NOT NULL, signup_date date, region text, age int, planted_segment text",
	"customer_id"},
	{"orders", "order_id bigint NOT NULL, customer_id bigint, ordered_at timestamptz, amount float8, "
	"channel text, product_id int", "order_id"},
	{"campaigns", "channel text NOT NULL, month date NOT NULL, impressions bigint, clicks bigint, "
		"conversions bigint, new_customers bigint, spend float8, revenue float8",
	"channel, month"},
	{"feedback", "feedback_id bigint NOT NULL, customer_id bigint, created_at timestamptz, aspect text, "
	"sentiment text, comment text", "feedback_id"},
	{"aisas_monthly", "unit_id int NOT NULL, month date NOT NULL, ad_impressions bigint, brand_aware bigint, "
		"consumers bigint, page_views bigint, favourites bigint, interested bigint, "
		"keyword_searches bigint, category_keyword_searches bigint, related_searches bigint, "
		"category_related_searches bigint, product_page_views bigint, buyers bigint, orders bigint, "
		"purchasers bigint, standard_purchasers bigint, purchase_amount float8, topics bigint, "
	"replies bigint, reviews bigint, reposts bigint", "unit_id, month"},
	{"sales_drivers", "region_id int NOT NULL, week int NOT NULL, ad_spend float8, price_adjustment float8, "
	"service_rating float8, sales float8", "region_id, week"},
	{"visits", "visit_id bigint NOT NULL, customer_id bigint, channel text, ad_exposures int, "
	"discount_pct float8, pages_viewed int, converted boolean", "visit_id"},
	{"products", PMKT_DEMO_PRODUCTS_COLUMNS, "product_id"},
	{"order_lines", PMKT_DEMO_ORDER_LINES_COLUMNS, "order_id, line_no"},
	{"experiment_units", PMKT_DEMO_EXPERIMENT_UNITS_COLUMNS, "unit_id"},
	{"campaign_responses", PMKT_DEMO_CAMPAIGN_RESPONSES_COLUMNS, "customer_id"},
};

#define N_DEMO_TABLES lengthof(demo_tables)

static void
spi_exec(const char *sql)
{
	int			rc = SPI_execute(sql, false, 0);

	if (rc < 0)
		elog(ERROR, "pmkt.generate_demo: SPI_execute failed (%d): %s", rc, sql);
}

static void
check_schema_name(const char *name)
{
	if (name[0] == '\0' || strlen(name) >= NAMEDATALEN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"target_schema\" must be a schema name of 1 to %d bytes",
						NAMEDATALEN - 1),
				 errdetail("Got \"%s\" (%zu bytes).", name, strlen(name))));
	if (strncmp(name, "pg_", 3) == 0 || strcmp(name, "information_schema") == 0 ||
		strcmp(name, "pmkt") == 0 || strcmp(name, "public") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"target_schema\" must not be a system, public or pmkt schema"),
				 errdetail("Got \"%s\".", name),
				 errhint("The demo drops and recreates its tables there; use a schema of its own, e.g. 'pmkt_demo'.")));
}

PG_FUNCTION_INFO_V1(pmkt_generate_demo);
/*
 * pmkt_generate_demo(target_schema text, orders bigint, seed bigint)
 *    (Re)creates the demo tables in target_schema and returns one row per
 *    table with its row count.
 */
Datum
pmkt_generate_demo(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *schema;
	DemoCtx    *ctx;
	Oid			nspoid;
	int64		counts[N_DEMO_TABLES];
	StringInfoData sql;
	const char *qschema;
	int			pin;

	for (int i = 0; i < 3; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument \"%s\" must not be NULL",
							i == 0 ? "target_schema" : (i == 1 ? "orders" : "seed"))));
	schema = text_to_cstring(PG_GETARG_TEXT_PP(0));
	check_schema_name(schema);
	ctx = palloc0(sizeof(DemoCtx));
	ctx->orders = PG_GETARG_INT64(1);
	ctx->seed = (uint64) PG_GETARG_INT64(2);
	if (ctx->orders < 1 || ctx->orders > DEMO_MAX_ORDERS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"orders\" must be between 1 and " INT64_FORMAT, DEMO_MAX_ORDERS),
				 errdetail("Got " INT64_FORMAT ".", ctx->orders),
				 errhint("200000 (the default) runs in seconds; 12000000 is the study's scale.")));
	/* ~10 orders per customer on average (see seg_extra_orders) */
	ctx->customers = Max(1, (ctx->orders + 9) / 10);
	ctx->window_start = date2j(2023, 1, 1) - POSTGRES_EPOCH_JDATE;
	for (int d = 0; d < WINDOW_DAYS; d++)
	{
		int			y,
					m,
					dd;

		j2date(ctx->window_start + d + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
		ctx->day_month[d] = (int8) (m - 1);
	}
	ctx->rowcxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt demo row",
										ALLOCSET_DEFAULT_SIZES);

	InitMaterializedSRF(fcinfo, 0);

	/* pmkt's own DDL: column types, ANALYZE, ... resolve in pg_catalog */
	pin = pmkt_pin_search_path();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "pmkt.generate_demo: SPI_connect failed");
	qschema = quote_identifier(schema);
	initStringInfo(&sql);
	if (!OidIsValid(get_namespace_oid(schema, true)))
	{
		appendStringInfo(&sql, "CREATE SCHEMA %s", qschema);
		spi_exec(sql.data);
	}
	nspoid = get_namespace_oid(schema, false);

	for (int t = 0; t < (int) N_DEMO_TABLES; t++)
	{
		const DemoTable *dt = &demo_tables[t];
		Oid			relid;
		Writer		w;

		resetStringInfo(&sql);
		if (OidIsValid(get_relname_relid(dt->name, nspoid)))
			appendStringInfo(&sql, "DROP TABLE %s.%s; ", qschema, dt->name);
		appendStringInfo(&sql, "CREATE TABLE %s.%s (%s) USING heap", qschema, dt->name, dt->columns);
		spi_exec(sql.data);
		CommandCounterIncrement();
		relid = get_relname_relid(dt->name, nspoid);
		if (!OidIsValid(relid))
			elog(ERROR, "pmkt.generate_demo: table %s.%s was not created", schema, dt->name);

		writer_open(&w, relid);
		switch (t)
		{
			case 0:
				fill_customers(ctx, &w);
				break;
			case 1:
				fill_orders(ctx, &w);
				break;
			case 2:
				fill_campaigns(ctx, &w);
				break;
			case 3:
				/* ~250 K comments per 12 M orders, as in the study */
				fill_feedback(ctx, &w, Max(1, ctx->orders / 48));
				break;
			case 4:
				fill_aisas(ctx, &w);
				break;
			case 5:
				fill_sales_drivers(ctx, &w);
				break;
			case 6:
				fill_visits(ctx, &w, Max(1, ctx->orders / 10));
				break;
			case 7:
				w.rows = pmkt_demo_fill_products(w.rel, w.bis, w.cid, ctx->rowcxt, ctx->seed);
				break;
			case 8:
				w.rows = pmkt_demo_fill_order_lines(w.rel, w.bis, w.cid, ctx->rowcxt, ctx->seed, qschema);
				break;
			case 9:
				/* ~6 M units per 12 M orders */
				w.rows = pmkt_demo_fill_experiment_units(w.rel, w.bis, w.cid, ctx->rowcxt, ctx->seed,
														 Max(2, ctx->orders / 2), ctx->customers);
				break;
			case 10:
				w.rows = pmkt_demo_fill_campaign_responses(w.rel, w.bis, w.cid, ctx->rowcxt, ctx->seed, ctx->customers);
				break;
		}
		counts[t] = w.rows;
		writer_close(&w);
		CommandCounterIncrement();

		resetStringInfo(&sql);
		appendStringInfo(&sql, "ALTER TABLE %s.%s ADD PRIMARY KEY (%s); ANALYZE %s.%s",
						 qschema, dt->name, dt->pkey, qschema, dt->name);
		spi_exec(sql.data);
	}
	SPI_finish();
	pmkt_unpin_search_path(pin);

	for (int t = 0; t < (int) N_DEMO_TABLES; t++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = CStringGetTextDatum(demo_tables[t].name);
		values[1] = Int64GetDatum(counts[t]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
