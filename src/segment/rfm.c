/*
 * rfm.c
 *    RFM scoring, rule-based segments and the segment-to-strategy map
 *    (see rfm.h and docs/readme/35_segments.md).
 *
 * Shape: one aggregation query
 *     SELECT c::int8, min(t), max(t), count(*), sum(a)
 *     FROM (orders) WHERE c, t, a IS NOT NULL [AND t <= as_of] GROUP BY c
 * runs through SPI_execute_extended (so PostgreSQL may plan it in parallel)
 * into a DestReceiver that appends each group to a C array (about 112 bytes
 * per customer with the sort keys, within pmkt.max_train_memory), no tuple
 * table.  The scores are then three in-memory sorts.
 *
 * With an order id column (order_col, 1.1) the rows are order lines: they
 * are first grouped per (customer, order) into one order whose time is its
 * earliest line and whose amount is the sum of its lines, so frequency
 * counts distinct orders (issue 16: line items are the usual shape of shop
 * data, and counting lines as orders gave one customer 182 instead of 7).
 *
 * Scores follow SQL exactly: with ties => 'first', the r/f/m score is
 *     ntile(bins) OVER (ORDER BY <value worst first>, customer_id)
 * (worst first: recency_days DESC, frequency ASC, monetary ASC, so that
 * bins = best); with ties => 'shared' (default) every customer with the same
 * value gets the score of the first of them in that order, i.e.
 *     min(ntile) OVER (PARTITION BY value).
 */
#include "pmkt.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/dest.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "kmeans.h"
#include "rfm.h"
#include "util/rng.h"
#include "util/userquery.h"
#include "util/sort.h"
#include "util/searchpath.h"
#include "util/seeded.h"

#define USECS_PER_DAY_F 86400000000.0

typedef struct RfmCustomer
{
	int64		id;
	TimestampTz first_at;
	TimestampTz last_at;
	int64		frequency;
	double		total;
	double		recency_days;
	double		tenure_days;
	double		monetary;
	int			r,
				f,
				m;
	const char *segment;
} RfmCustomer;

typedef struct RfmOptions
{
	bool		have_as_of;
	TimestampTz as_of;
	bool		average;		/* monetary = average order amount */
	double		new_days;
	int			frequent_min_score;	/* 0: natural break of log frequency */
	int			bins;
	bool		shared_ties;
	bool		kmeans;			/* segments by k-means on standardised RFM */
	int64		seed;
	bool		have_order;		/* source has a 4th column: the order id */
	const char *user_query;		/* rfm_query's query (errors show it), else NULL */
} RfmOptions;

typedef struct RfmResult
{
	int64		n;
	int64		cap;
	RfmCustomer *c;
	MemoryContext cxt;			/* where c lives (the caller's context) */
	TimestampTz as_of;
} RfmResult;

/* ---------- receiving the aggregated rows ---------- */

typedef struct RfmDest
{
	DestReceiver pub;
	RfmResult  *res;
} RfmDest;

static bool
rfm_receive(TupleTableSlot *slot, DestReceiver *self)
{
	RfmResult  *res = ((RfmDest *) self)->res;
	RfmCustomer *c;

	slot_getallattrs(slot);
	for (int i = 0; i < 5; i++)
		if (slot->tts_isnull[i])
			elog(ERROR, "pmkt.rfm: unexpected NULL in the aggregated orders");
	if (res->n == res->cap)
	{
		Size		per = sizeof(RfmCustomer) + sizeof(double) * 3;	/* + sort key */
		int64		newcap = res->cap ? res->cap * 2 : 1024;

		if ((Size) newcap * per > PMKT_TRAIN_BUDGET_BYTES)
			newcap = (int64) (PMKT_TRAIN_BUDGET_BYTES / per);
		if (newcap <= res->n)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("pmkt.rfm: the customers exceed pmkt.max_train_memory"),
					 errdetail("pmkt.max_train_memory is %d kB, about %d bytes per customer; " INT64_FORMAT " customers were read.",
							   pmkt_max_train_memory_kb, (int) per, res->n),
					 errhint("Raise pmkt.max_train_memory.")));
		res->cap = newcap;
		if (res->c == NULL)
			res->c = MemoryContextAllocHuge(res->cxt, sizeof(RfmCustomer) * res->cap);
		else
			res->c = repalloc_huge(res->c, sizeof(RfmCustomer) * res->cap);
	}
	c = &res->c[res->n++];
	c->id = DatumGetInt64(slot->tts_values[0]);
	c->first_at = DatumGetTimestampTz(slot->tts_values[1]);
	c->last_at = DatumGetTimestampTz(slot->tts_values[2]);
	c->frequency = DatumGetInt64(slot->tts_values[3]);
	c->total = DatumGetFloat8(slot->tts_values[4]);
	if (!isfinite(c->total))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("order amounts must be finite numbers"),
				 errdetail("The amounts of customer " INT64_FORMAT " sum to %g.",
						   c->id, c->total),
				 errhint("Filter out NaN or infinite amounts.")));
	if (TIMESTAMP_NOT_FINITE(c->first_at) || TIMESTAMP_NOT_FINITE(c->last_at))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("order times must be finite"),
				 errdetail("Customer " INT64_FORMAT " has an order at infinity.", c->id),
				 errhint("Filter out orders at '-infinity' or 'infinity'.")));
	if ((res->n & 4095) == 0)
		CHECK_FOR_INTERRUPTS();
	return true;
}

static void
rfm_startup(DestReceiver *self pg_attribute_unused(), int operation pg_attribute_unused(), TupleDesc typeinfo)
{
	if (typeinfo->natts != 5)
		elog(ERROR, "pmkt.rfm: aggregation query returned %d columns", typeinfo->natts);
}

static void
rfm_noop(DestReceiver *self pg_attribute_unused())
{
}

/* ---------- scoring ---------- */

typedef struct ScoreKey
{
	double		key;			/* worst first */
	int64		id;
	int64		idx;
} ScoreKey;

static int
score_key_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	const ScoreKey *x = a;
	const ScoreKey *y = b;

	if (x->key < y->key)
		return -1;
	if (x->key > y->key)
		return 1;
	if (x->id < y->id)
		return -1;
	if (x->id > y->id)
		return 1;
	return 0;
}

/*
 * score_dimension
 *    dim 0 = recency (smaller is better), 1 = frequency, 2 = monetary.
 */
static void
score_dimension(RfmResult *res, int dim, const RfmOptions *opt, ScoreKey *keys)
{
	int64		n = res->n;

	for (int64 i = 0; i < n; i++)
	{
		RfmCustomer *c = &res->c[i];

		keys[i].key = dim == 0 ? -c->recency_days :
			dim == 1 ? (double) c->frequency : c->monetary;
		keys[i].id = c->id;
		keys[i].idx = i;
	}
	pmkt_sort(keys, n, sizeof(ScoreKey), score_key_cmp, NULL);
	for (int64 p = 0, first = 0; p < n; p++)
	{
		int			s;
		RfmCustomer *c = &res->c[keys[p].idx];

		if (p > 0 && keys[p].key != keys[p - 1].key)
			first = p;
		s = pmkt_ntile_bucket(opt->shared_ties ? first : p, n, opt->bins);
		if (dim == 0)
			c->r = s;
		else if (dim == 1)
			c->f = s;
		else
			c->m = s;
	}
}

static int
int64_cmp(const void *a, const void *b, void *arg pg_attribute_unused())
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/*
 * natural_break
 *    The least frequency of the "frequent" group when frequent_min_score is
 *    NULL: among customers who are not new, the split of ln(frequency) into
 *    a low and a high group with the least within-group sum of squares
 *    (Otsu's threshold, i.e. exact 1-D 2-means; equal frequencies are never
 *    split).  Returns INT64_MAX (nobody frequent) when fewer than two
 *    distinct frequencies remain.
 */
static int64
natural_break(RfmResult *res, const RfmOptions *opt)
{
	int64	   *f = palloc_extended(sizeof(int64) * (Size) Max(res->n, 1), MCXT_ALLOC_HUGE);
	int64		m = 0;
	double		total = 0,
				left = 0,
				best = -1;
	int64		best_freq = PG_INT64_MAX;

	for (int64 i = 0; i < res->n; i++)
		if (!(res->c[i].tenure_days < opt->new_days))
			f[m++] = res->c[i].frequency;
	pmkt_sort(f, m, sizeof(int64), int64_cmp, NULL);
	for (int64 i = 0; i < m; i++)
		total += log((double) f[i]);
	for (int64 k = 1; k < m; k++)
	{
		left += log((double) f[k - 1]);
		if (f[k] != f[k - 1])
		{
			/* between-group separation n1 n2 (mean1 - mean2)^2, up to 1/m */
			double		m1 = left / k,
						m2 = (total - left) / (m - k),
						b = (double) k * (double) (m - k) * (m1 - m2) * (m1 - m2);

			if (b > best)
			{
				best = b;
				best_freq = f[k];
			}
		}
	}
	pfree(f);
	return best_freq;
}

#define RFM_KMEANS_RESTARTS 10
#define RFM_KMEANS_MAX_ITER 300
#define RFM_KMEANS_TOL 1e-4

/*
 * kmeans_segments
 *    method => 'kmeans': k-means (k = 3, k-means++ seeded by seed, best of
 *    RFM_KMEANS_RESTARTS runs by inertia, exact Lloyd) on the z-scores of
 *    ln(1 + tenure_days), recency_days, ln(frequency) and
 *    ln(1 + max(monetary, 0)).  Clusters are named by what the study's
 *    segments mean (issue 16: naming by rank alone called 1 031 customers
 *    of a real shop "new" whose first order was 224-277 days old):
 *    the cluster with the least mean tenure holds the new customers, but
 *    only its members whose own first order is less than new_days before
 *    as_of are new ("new" means a recent first purchase in both methods),
 *    its other members are occasional; frequent = of the other clusters,
 *    the one with the highest mean ln(frequency); the remaining cluster is
 *    occasional.
 */
static void
kmeans_segments(RfmResult *res, const RfmOptions *opt)
{
	const int	d = 4,
				k = 3;
	int64		n = res->n;
	double	   *X = palloc_extended(sizeof(double) * (Size) n * d, MCXT_ALLOC_HUGE);
	int32	   *assign = palloc_extended(sizeof(int32) * (Size) n, MCXT_ALLOC_HUGE);
	int32	   *best_assign = palloc_extended(sizeof(int32) * (Size) n, MCXT_ALLOC_HUGE);
	double		C[12],
				best_inertia = -1;
	double		mean_f[3] = {0},
				mean_t[3] = {0};
	int64		cnt[3] = {0};
	const char *names[3];
	int			fcl;
	PmktRng		rng;

	if (n < k)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("method 'kmeans' needs at least 3 customers"),
				 errdetail("Got " INT64_FORMAT ".", n),
				 errhint("Use method => 'rules'.")));
	for (int64 i = 0; i < n; i++)
	{
		RfmCustomer *c = &res->c[i];

		X[i * d] = log1p(Max(c->tenure_days, 0.0));
		X[i * d + 1] = c->recency_days;
		X[i * d + 2] = log((double) c->frequency);
		X[i * d + 3] = log1p(Max(c->monetary, 0.0));
	}
	for (int j = 0; j < d; j++)
	{
		double		mu = 0,
					var = 0,
					sd;

		for (int64 i = 0; i < n; i++)
			mu += X[i * d + j];
		mu /= n;
		for (int64 i = 0; i < n; i++)
			var += (X[i * d + j] - mu) * (X[i * d + j] - mu);
		sd = sqrt(var / n);
		for (int64 i = 0; i < n; i++)
			X[i * d + j] = sd > 0 ? (X[i * d + j] - mu) / sd : 0.0;
	}
	pmkt_rng_seed(&rng, (uint64) opt->seed);
	for (int r = 0; r < RFM_KMEANS_RESTARTS; r++)
	{
		double		inertia;
		bool		converged;

		pmkt_kmeans_pp_init(X, n, d, k, &rng, C);
		pmkt_kmeans_lloyd(X, n, d, k, C, RFM_KMEANS_MAX_ITER, RFM_KMEANS_TOL,
						  assign, NULL, &inertia, &converged);
		if (best_inertia < 0 || inertia < best_inertia)
		{
			best_inertia = inertia;
			memcpy(best_assign, assign, sizeof(int32) * (Size) n);
		}
	}
	for (int64 i = 0; i < n; i++)
	{
		int			a = best_assign[i];

		cnt[a]++;
		mean_f[a] += log((double) res->c[i].frequency);
		mean_t[a] += res->c[i].tenure_days;
	}
	for (int j = 0; j < k; j++)
		if (cnt[j] > 0)
		{
			mean_f[j] /= cnt[j];
			mean_t[j] /= cnt[j];
		}
	{
		int			ncl = -1;	/* the new cluster, if any */

		for (int j = 0; j < k; j++)
			if (cnt[j] > 0 && (ncl < 0 || mean_t[j] < mean_t[ncl]))
				ncl = j;
		fcl = -1;
		for (int j = 0; j < k; j++)
			if (j != ncl && cnt[j] > 0 && (fcl < 0 || mean_f[j] > mean_f[fcl]))
				fcl = j;
		for (int j = 0; j < k; j++)
			names[j] = j == ncl ? PMKT_SEGMENT_NEW :
				j == fcl ? PMKT_SEGMENT_FREQUENT : PMKT_SEGMENT_OCCASIONAL;
	}
	for (int64 i = 0; i < n; i++)
	{
		const char *seg = names[best_assign[i]];

		if (strcmp(seg, PMKT_SEGMENT_NEW) == 0 && !(res->c[i].tenure_days < opt->new_days))
			seg = PMKT_SEGMENT_OCCASIONAL;
		res->c[i].segment = seg;
	}
	pfree(X);
	pfree(assign);
	pfree(best_assign);
}

/* ---------- argument handling ---------- */

static text *
arg_text(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"%s\" must not be NULL", argname)));
	return PG_GETARG_TEXT_PP(argno);
}

static void
arg_not_null(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"%s\" must not be NULL", argname)));
}

/*
 * parse_options: as_of, monetary, new_days, frequent_min_score, bins, ties
 * at argument positions first .. first + 5.
 */
static void
parse_options(FunctionCallInfo fcinfo, int first, RfmOptions *opt)
{
	char	   *monetary;
	char	   *ties;
	char	   *method;

	opt->user_query = NULL;
	opt->have_as_of = !PG_ARGISNULL(first);
	if (opt->have_as_of)
	{
		opt->as_of = PG_GETARG_TIMESTAMPTZ(first);
		if (TIMESTAMP_NOT_FINITE(opt->as_of))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"as_of\" must be a finite timestamp"),
					 errhint("Pass NULL to measure recency from the latest order.")));
	}
	monetary = text_to_cstring(arg_text(fcinfo, first + 1, "monetary"));
	if (strcmp(monetary, "total") == 0)
		opt->average = false;
	else if (strcmp(monetary, "average") == 0)
		opt->average = true;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"monetary\""),
				 errdetail("Got \"%s\".", monetary),
				 errhint("Use 'total' (sum of order amounts) or 'average' (mean order amount).")));
	arg_not_null(fcinfo, first + 2, "new_days");
	opt->new_days = PG_GETARG_FLOAT8(first + 2);
	pmkt_check_nonnegative(opt->new_days, "new_days");
	arg_not_null(fcinfo, first + 4, "bins");
	opt->bins = PG_GETARG_INT32(first + 4);
	if (opt->bins < 2 || opt->bins > 9)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"bins\" must be between 2 and 9"),
				 errdetail("Got %d.", opt->bins),
				 errhint("Scores are single digits so that rfm_cell reads e.g. '545'; 5 is the usual choice.")));
	opt->frequent_min_score = PG_ARGISNULL(first + 3) ? 0 : PG_GETARG_INT32(first + 3);
	if (!PG_ARGISNULL(first + 3) &&
		(opt->frequent_min_score < 1 || opt->frequent_min_score > opt->bins))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"frequent_min_score\" must be between 1 and bins"),
				 errdetail("Got %d with bins = %d.", opt->frequent_min_score, opt->bins)));
	ties = text_to_cstring(arg_text(fcinfo, first + 5, "ties"));
	if (strcmp(ties, "shared") == 0)
		opt->shared_ties = true;
	else if (strcmp(ties, "first") == 0)
		opt->shared_ties = false;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"ties\""),
				 errdetail("Got \"%s\".", ties),
				 errhint("Use 'shared' (equal values share a score) or 'first' (plain ntile, ties broken by customer id).")));
	method = text_to_cstring(arg_text(fcinfo, first + 6, "method"));
	if (strcmp(method, "rules") == 0)
		opt->kmeans = false;
	else if (strcmp(method, "kmeans") == 0)
		opt->kmeans = true;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"method\""),
				 errdetail("Got \"%s\".", method),
				 errhint("Use 'rules' (documented thresholds) or 'kmeans' (3-means on standardised RFM).")));
	arg_not_null(fcinfo, first + 7, "seed");
	opt->seed = PG_GETARG_INT64(first + 7);
}

static int	check_source_columns(const char *source, const char *const *argnames,
								 const char *order_col);

/* source_from_relation: "SELECT c, t, a FROM rel" for the regclass form. */
static char *
source_from_relation(FunctionCallInfo fcinfo)
{
	Oid			relid;
	char	   *relname;
	const char *argnames[4] = {"customer_col", "time_col", "amount_col", "order_col"};
	char	   *cols[4];
	int			ncols = 3;
	char	   *source;

	arg_not_null(fcinfo, 0, "orders");
	relid = PG_GETARG_OID(0);
	relname = get_rel_name(relid);
	if (relname == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("argument \"orders\": relation with OID %u does not exist", relid)));
	/* 1.1: order_col, the 13th argument, NULL for orders already one a row */
	if (PG_NARGS() > 12 && !PG_ARGISNULL(12))
	{
		cols[3] = text_to_cstring(PG_GETARG_TEXT_PP(12));
		if (get_attnum(relid, cols[3]) == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("argument \"order_col\": column \"%s\" does not exist in %s",
							cols[3], relname),
					 errhint("Name the order id column of the order lines, or pass NULL when each row is one order.")));
		ncols = 4;
	}
	for (int i = 0; i < 3; i++)
	{
		cols[i] = text_to_cstring(arg_text(fcinfo, i + 1, argnames[i]));
		if (get_attnum(relid, cols[i]) == InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("argument \"%s\": column \"%s\" does not exist in %s",
							argnames[i], cols[i], relname),
					 errhint("Name the customer, order time and amount columns, e.g. customer_col => 'customer_id'.")));
	}
	source = psprintf("SELECT %s, %s, %s%s%s FROM %s",
					quote_identifier(cols[0]), quote_identifier(cols[1]),
					quote_identifier(cols[2]), ncols == 4 ? ", " : "",
					ncols == 4 ? quote_identifier(cols[3]) : "",
					quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
											   relname));
	check_source_columns(source, argnames, NULL);
	return source;
}

/* ---------- checking the source's columns (issue 16) ---------- */

/*
 * check_source_columns
 *    The source's first three columns must be the customer id (an integer
 *    or numeric), the order time (timestamptz, timestamp or date) and the
 *    amount (an integer, real or numeric type); anything else used to be
 *    cast silently and give wrong answers (a shuffled query).  For the query
 *    form (argnames NULL) a column carrying one of the default names
 *    customer_id, ordered_at, amount, order_id at another position is also
 *    refused.  argnames: the regclass form's customer_col, time_col,
 *    amount_col, so that the message names the user's argument.  The error
 *    (42804) lists every column received with its type.  order_col (query
 *    form only, may be NULL): the name of the query's order id column,
 *    which must exist after the first three (42703 otherwise); its 0-based
 *    position is returned (-1 without order_col).
 */
static int
check_source_columns(const char *source, const char *const *argnames,
					 const char *order_col)
{
	const char *const *roles = pmkt_order_roles;	/* util/userquery.h */
	static const char *const defnames[4] = {"customer_id", "ordered_at", "amount", "order_id"};
	int			bad = -1;
	const char *why = NULL;
	/* the query form: errors inside the user's query show it (util/userquery.h) */
	PmktUserQuery uq = {argnames == NULL ? "pmkt.rfm_query" : "pmkt.rfm",
	argnames == NULL ? "query" : "orders", source};
	char	   *got;
	TupleDesc	desc = pmkt_uq_describe(&uq, &got);

	if (desc->natts < 3)
	{
		bad = desc->natts;
		why = "is missing";
	}
	for (int i = 0; bad < 0 && i < 3; i++)
	{
		Oid			t = getBaseType(TupleDescAttr(desc, i)->atttypid);
		bool		ok = pmkt_order_column_ok(t, i);

		if (!ok)
		{
			bad = i;
			why = "has the wrong type";
		}
		else if (argnames == NULL)
			for (int j = 0; j < 4; j++)
				if (j != i && strcmp(NameStr(TupleDescAttr(desc, i)->attname), defnames[j]) == 0)
				{
					bad = i;
					why = "is named like another column";
				}
	}
	if (bad >= 0)
	{
		if (argnames != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("argument \"%s\": column \"%s\" must be %s",
							argnames[bad], NameStr(TupleDescAttr(desc, bad)->attname), roles[bad]),
					 errdetail("Received columns: %s.", got),
					 errhint("Name the customer, order time and amount columns with customer_col, time_col and amount_col.")));
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("argument \"query\": column %d %s; it must be %s",
						bad + 1, why, roles[bad]),
				 errdetail("Received columns: %s.", got),
				 errhint("Return the customer id, the order time and the amount as the first three columns, in that order.")));
	}
	if (order_col != NULL)
	{
		int			pos = -1;

		for (int i = 0; i < desc->natts; i++)
			if (strcmp(NameStr(TupleDescAttr(desc, i)->attname), order_col) == 0)
			{
				if (i < 3)
					ereport(ERROR,
							(errcode(ERRCODE_DATATYPE_MISMATCH),
							 errmsg("argument \"order_col\": column \"%s\" is column %d of the query, which must be %s",
									order_col, i + 1, roles[i]),
							 errdetail("Received columns: %s.", got),
							 errhint("Return the order id after the customer id, the order time and the amount.")));
				if (pos >= 0)
					ereport(ERROR,
							(errcode(ERRCODE_AMBIGUOUS_COLUMN),
							 errmsg("argument \"order_col\": the query returns more than one column named \"%s\"",
									order_col),
							 errdetail("Received columns: %s.", got)));
				pos = i;
			}
		if (pos < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("argument \"order_col\": the query returns no column named \"%s\"", order_col),
					 errdetail("Received columns: %s.", got),
					 errhint("Name the query's order id column, or pass NULL when each row is one order.")));
		return pos;
	}
	return -1;
}

/*
 * rfm_compute
 *    Aggregate, score and segment.  source yields (customer, time, amount)
 *    as its first three columns.  source may be the caller's query
 *    (rfm_query), which runs under the caller's search_path: every name
 *    pmkt adds around it is schema-qualified (util/searchpath.h).
 */
static RfmResult *
rfm_compute(const char *source, const RfmOptions *opt)
{
	RfmResult  *res = palloc0(sizeof(RfmResult));
	RfmDest		dest;
	SPIExecuteOptions xopt;
	StringInfoData q;
	int			rc;
	ScoreKey   *keys;

	res->cxt = CurrentMemoryContext;
	initStringInfo(&q);
	if (opt->have_order)
		appendStringInfo(&q,
						 "SELECT c::pg_catalog.int8, pg_catalog.min(t), pg_catalog.max(t), "
						 "pg_catalog.count(*), pg_catalog.sum(a) FROM "
						 "(SELECT c, pg_catalog.min(t) AS t, pg_catalog.sum(a) AS a FROM "
						 "(SELECT c, t::pg_catalog.timestamptz AS t, a::pg_catalog.float8 AS a, o "
						 "FROM (%s\n) src(c, t, a, o)) s "
						 "WHERE c IS NOT NULL AND t IS NOT NULL AND a IS NOT NULL AND o IS NOT NULL",
						 source);
	else
		appendStringInfo(&q,
						 "SELECT c::pg_catalog.int8, pg_catalog.min(t), pg_catalog.max(t), "
						 "pg_catalog.count(*), pg_catalog.sum(a) FROM "
						 "(SELECT c, t::pg_catalog.timestamptz AS t, a::pg_catalog.float8 AS a "
						 "FROM (%s\n) src(c, t, a)) s "
						 "WHERE c IS NOT NULL AND t IS NOT NULL AND a IS NOT NULL",
						 source);
	if (opt->have_as_of)
		appendStringInfo(&q, " AND t OPERATOR(pg_catalog.<=) %s::pg_catalog.timestamptz",
						 quote_literal_cstr(DatumGetCString(DirectFunctionCall1(timestamptz_out,
																				TimestampTzGetDatum(opt->as_of)))));
	if (opt->have_order)
		appendStringInfoString(&q, " GROUP BY c, o) ord");
	appendStringInfoString(&q, " GROUP BY 1");

	memset(&dest, 0, sizeof(dest));
	dest.pub.receiveSlot = rfm_receive;
	dest.pub.rStartup = rfm_startup;
	dest.pub.rShutdown = rfm_noop;
	dest.pub.rDestroy = rfm_noop;
	dest.pub.mydest = DestNone;
	dest.res = res;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	memset(&xopt, 0, sizeof(xopt));
	xopt.read_only = true;
	xopt.dest = (DestReceiver *) &dest;
	if (opt->user_query)
	{
		PmktUserQuery uq = {"pmkt.rfm_query", "query", opt->user_query};

		rc = pmkt_uq_execute_extended(&uq, q.data, &xopt);
	}
	else
		rc = SPI_execute_extended(q.data, &xopt);
	/* SELECT into a DestNone receiver reports SPI_OK_UTILITY */
	if (rc != SPI_OK_SELECT && rc != SPI_OK_UTILITY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the orders source must be a SELECT"),
				 errdetail("%s", SPI_result_code_string(rc))));
	SPI_finish();

	if (res->n == 0)
		return res;

	/* as_of: given, or the latest order */
	if (opt->have_as_of)
		res->as_of = opt->as_of;
	else
	{
		res->as_of = res->c[0].last_at;
		for (int64 i = 1; i < res->n; i++)
			if (res->c[i].last_at > res->as_of)
				res->as_of = res->c[i].last_at;
	}
	for (int64 i = 0; i < res->n; i++)
	{
		RfmCustomer *c = &res->c[i];

		c->recency_days = (double) (res->as_of - c->last_at) / USECS_PER_DAY_F;
		c->tenure_days = (double) (res->as_of - c->first_at) / USECS_PER_DAY_F;
		c->monetary = opt->average ? c->total / (double) c->frequency : c->total;
	}

	keys = palloc_extended(sizeof(ScoreKey) * (Size) res->n, MCXT_ALLOC_HUGE);
	for (int dim = 0; dim < 3; dim++)
		score_dimension(res, dim, opt, keys);
	pfree(keys);

	if (opt->kmeans)
	{
		kmeans_segments(res, opt);
		return res;
	}
	{
		int64		min_freq = opt->frequent_min_score > 0 ? 0 : natural_break(res, opt);

		for (int64 i = 0; i < res->n; i++)
		{
			RfmCustomer *c = &res->c[i];

			if (c->tenure_days < opt->new_days)
				c->segment = PMKT_SEGMENT_NEW;
			else if (opt->frequent_min_score > 0 ? c->f >= opt->frequent_min_score
					 : c->frequency >= min_freq)
				c->segment = PMKT_SEGMENT_FREQUENT;
			else
				c->segment = PMKT_SEGMENT_OCCASIONAL;
		}
	}
	return res;
}

/* emit_rfm: one pmkt.rfm_customer row per customer. */
static void
emit_rfm(FunctionCallInfo fcinfo, RfmResult *res)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (rsinfo->setDesc->natts != 12)
		elog(ERROR, "pmkt.rfm: result type has %d columns, expected 12", rsinfo->setDesc->natts);
	for (int64 i = 0; i < res->n; i++)
	{
		RfmCustomer *c = &res->c[i];
		Datum		v[12];
		bool		nulls[12] = {0};
		char		cell[4];

		snprintf(cell, sizeof(cell), "%d%d%d", c->r, c->f, c->m);
		v[0] = Int64GetDatum(c->id);
		v[1] = TimestampTzGetDatum(c->first_at);
		v[2] = TimestampTzGetDatum(c->last_at);
		v[3] = Float8GetDatum(c->tenure_days);
		v[4] = Float8GetDatum(c->recency_days);
		v[5] = Int64GetDatum(c->frequency);
		v[6] = Float8GetDatum(c->monetary);
		v[7] = Int32GetDatum(c->r);
		v[8] = Int32GetDatum(c->f);
		v[9] = Int32GetDatum(c->m);
		v[10] = CStringGetTextDatum(cell);
		v[11] = CStringGetTextDatum(c->segment);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
		pfree(DatumGetPointer(v[10]));
		pfree(DatumGetPointer(v[11]));
		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

PG_FUNCTION_INFO_V1(pmkt_rfm);

/*
 * pmkt_rfm(orders regclass, customer_col, time_col, amount_col, as_of,
 *          monetary, new_days, frequent_min_score, bins, ties)
 */
Datum
pmkt_rfm(PG_FUNCTION_ARGS)
{
	RfmOptions	opt;
	char	   *source = source_from_relation(fcinfo);

	parse_options(fcinfo, 4, &opt);
	opt.have_order = PG_NARGS() > 12 && !PG_ARGISNULL(12);
	emit_rfm(fcinfo, rfm_compute(source, &opt));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pmkt_rfm_query);

/*
 * pmkt_rfm_query(query text, as_of, monetary, new_days, frequent_min_score,
 *                bins, ties, method, seed, order_col): the query's first
 * three columns are customer, order time and amount; with order_col, the
 * query's column of that name is the order id (rows are order lines).
 */
Datum
pmkt_rfm_query(PG_FUNCTION_ARGS)
{
	RfmOptions	opt;
	char	   *query = text_to_cstring(arg_text(fcinfo, 0, "query"));

	char	   *order_col = NULL;
	int			pos;

	parse_options(fcinfo, 1, &opt);
	/* 1.1: order_col, the 10th argument, names the query's order id column */
	if (PG_NARGS() > 9 && !PG_ARGISNULL(9))
		order_col = text_to_cstring(PG_GETARG_TEXT_PP(9));
	opt.have_order = order_col != NULL;
	opt.user_query = query;
	pos = check_source_columns(query, NULL, order_col);
	if (pos >= 0)
	{
		/* alias the columns up to the order id by position */
		StringInfoData src;

		initStringInfo(&src);
		appendStringInfo(&src, "SELECT pmkt_c1, pmkt_c2, pmkt_c3, pmkt_c%d FROM (%s\n) pmkt_q(", pos + 1, query);
		for (int i = 0; i <= pos; i++)
			appendStringInfo(&src, "%spmkt_c%d", i ? ", " : "", i + 1);
		appendStringInfoChar(&src, ')');
		query = src.data;
	}
	emit_rfm(fcinfo, rfm_compute(query, &opt));
	return (Datum) 0;
}

/* ---------- strategies ---------- */

typedef struct StrategyRow
{
	char	   *segment;
	Datum		v[5];			/* strategy, effect, sales, customers, roi */
	bool		nulls[5];
} StrategyRow;

PG_FUNCTION_INFO_V1(pmkt_rfm_strategy);

/*
 * pmkt_rfm_strategy: pmkt_rfm's arguments; each customer with its segment
 * and that segment's row of pmkt.segment_strategy (NULLs when the segment
 * has no row there).
 */
Datum
pmkt_rfm_strategy(PG_FUNCTION_ARGS)
{
	RfmOptions	opt;
	char	   *source = source_from_relation(fcinfo);
	RfmResult  *res;
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext callercxt = CurrentMemoryContext;
	StrategyRow *rows = NULL;
	int			nrows = 0;
	int			pin;

	parse_options(fcinfo, 4, &opt);
	opt.have_order = PG_NARGS() > 12 && !PG_ARGISNULL(12);
	res = rfm_compute(source, &opt);

	pin = pmkt_pin_search_path();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute("SELECT segment, strategy, expected_effect, expected_sales_growth, "
					"expected_customer_growth, expected_roi FROM pmkt.segment_strategy",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "pmkt.rfm_strategy: could not read pmkt.segment_strategy");
	{
		MemoryContext old = MemoryContextSwitchTo(callercxt);

		nrows = (int) SPI_processed;
		rows = palloc0(sizeof(StrategyRow) * Max(nrows, 1));
		for (int i = 0; i < nrows; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;

			rows[i].segment = SPI_getvalue(tup, desc, 1);
			for (int j = 0; j < 5; j++)
			{
				Datum		d = SPI_getbinval(tup, desc, j + 2, &rows[i].nulls[j]);

				rows[i].v[j] = rows[i].nulls[j] ? (Datum) 0 :
					(j < 2 ? PointerGetDatum(PG_DETOAST_DATUM_COPY(d)) : d);
			}
		}
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
	pmkt_unpin_search_path(pin);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (rsinfo->setDesc->natts != 11)
		elog(ERROR, "pmkt.rfm_strategy: result type has %d columns, expected 11",
			 rsinfo->setDesc->natts);
	for (int64 i = 0; i < res->n; i++)
	{
		RfmCustomer *c = &res->c[i];
		Datum		v[11];
		bool		nulls[11] = {0};
		char		cell[4];
		StrategyRow *s = NULL;

		for (int k = 0; k < nrows; k++)
			if (rows[k].segment && strcmp(rows[k].segment, c->segment) == 0)
				s = &rows[k];
		snprintf(cell, sizeof(cell), "%d%d%d", c->r, c->f, c->m);
		v[0] = Int64GetDatum(c->id);
		v[1] = CStringGetTextDatum(c->segment);
		v[2] = Int32GetDatum(c->r);
		v[3] = Int32GetDatum(c->f);
		v[4] = Int32GetDatum(c->m);
		v[5] = CStringGetTextDatum(cell);
		for (int j = 0; j < 5; j++)
		{
			nulls[6 + j] = s == NULL || s->nulls[j];
			v[6 + j] = nulls[6 + j] ? (Datum) 0 : s->v[j];
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
		pfree(DatumGetPointer(v[1]));
		pfree(DatumGetPointer(v[5]));
		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(pmkt_segment_strategy_trigger);

/*
 * pmkt_segment_strategy_trigger
 *    BEFORE INSERT OR UPDATE FOR EACH ROW on pmkt.segment_strategy.
 *    UPDATE: the row is now the user's (is_default = false), so that
 *    pg_dump keeps it (the table's dump filter is WHERE NOT is_default).
 *    INSERT of a segment whose row is still a shipped default: the default
 *    row is replaced (this is how a restored dump's edited rows take the
 *    place of the defaults CREATE EXTENSION just seeded); a segment with a
 *    user row still raises the primary-key error.
 */
Datum
pmkt_segment_strategy_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("pmkt.segment_strategy_trigger must be a BEFORE ROW trigger")));
	return pmkt_seeded_row_trigger(td, "segment", "pmkt.segment_strategy_trigger");
}
