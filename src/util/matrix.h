/*
 * util/matrix.h
 *    The trainers' loader: a query's rows -> one contiguous row-major
 *    matrix, within the training memory budget (pmkt.max_train_memory).
 *    Every trainer that reads a query (kmeans_train, kmeans_choose_k,
 *    dbscan, logistic_train, bpnn_train, rbf_train) loads through
 *    pmkt_load_rows.
 *
 * Columns: [id,] features, [targets...].  The features are a float8[] or
 * (1.1, every trainer) an int2/int4/int8/float4/numeric array, converted
 * once per element as the cast to float8[] converts them; the id (dbscan) an
 * integer or numeric, as bigint; each numeric target anything castable to
 * float8 (float8, float4, int2/4/8, numeric, boolean as 0/1), or, for the
 * neural trainers, one target array column (of those element types).
 *
 * Rows: a row with a NULL id, NULL features, a NULL element in the
 * features, a NULL target (or a NULL element in a float8[] target) is
 * skipped and counted (skipped_null).  Every other row must have
 * non-empty one-dimensional features of one length (2202E), finite
 * elements and targets (22023).  Errors name the row (its number among
 * all rows the query returned, and its id).
 *
 * Two paths, the same rows and the same results bit for bit:
 *  - direct: when a snapshot is active, pmkt.direct_load is on and the
 *    query is one plain read-only SELECT, it is parsed, planned and run
 *    straight through the executor into the loader (no SPI tuple table, no
 *    copy of the tuples).  When the features column is an ARRAY[e1, ...,
 *    ed] constructor (the documented form, SELECT ARRAY[f1, f2] FROM t),
 *    the query is planned with that column split into its d expressions
 *    and the doubles are read from the executor's slot (no array per row).
 *  - SPI: any other query, through SPI in read-only mode.
 * Both validate each row with the same code and report errors with the
 * same context line (SQL statement "...").  CHECK_FOR_INTERRUPTS every 4096
 * rows.
 *
 * The direct path lets the planner choose a parallel plan when it finds
 * one cheaper (pmkt.parallel_load, on by default): the order the workers
 * return rows in does not matter, see below.  With the features unpacked
 * and a plan that is a Gather passing its workers' rows through, the
 * workers write their rows as doubles into a small ring of shared chunks
 * instead of the Gather's queues, which the leader copies into its own
 * matrix as they fill (the parallel load, matrix.c; rows go through the
 * Gather only while the ring is full), and the plan is costed so (no cost
 * per row through the Gather).
 *
 * Canonical order (issue 19): after loading, the rows are sorted by their
 * content, so that the matrix, and every model trained on it, is the same
 * bit for bit whatever order the query returned the rows in (a parallel
 * plan, Citus' shard-finishing order, an ORDER BY lost in a subquery):
 * with an id column by the id (ties by the bits of the features), else by
 * a 64-bit hash of the bits of the features and targets, ties by those
 * bits (a fixed pseudo-random order; rows equal bit for bit are
 * interchangeable).  Seeded draws of row positions (k-means++, samples,
 * splits, shuffles) and order-dependent sums therefore see the same rows.
 * Cost: without an id column, an in-place radix sort of the rows (the
 * keys and the buckets' sorts in 1 + max_parallel_workers_per_gather
 * threads from 200 000 rows on, the one pass moving the rows into their
 * buckets serial; the same order for every thread count), about 60 ms of
 * CPU per million rows of 8 features (bench/segment/kmeans.md, round 9);
 * memory beside the budget: 4 bytes per row and a few buckets' rows per
 * thread.  With an id column, a radix sort of (id, row) pairs and a gather
 * into a second copy of the matrix (24 bytes per row while sorting).
 * Messages about a row during the load name it by its position in the
 * query's result; a trainer that names rows by position after the load
 * sets keep_order (lifetime/btyd.c).  test/util/canonical_order.py is the
 * same order in Python, for references that replay row positions.
 */
#ifndef PMKT_UTIL_MATRIX_H
#define PMKT_UTIL_MATRIX_H

#include "postgres.h"

#include "executor/spi.h"

typedef struct PmktMatrix
{
	int64		n;				/* rows loaded */
	int			d;				/* features per row */
	int			t;				/* targets per row */
	double	   *X;				/* n x d, row-major */
	double	   *Y;				/* n x t, row-major, NULL when t == 0 */
	int64	   *ids;			/* n ids (PmktLoadSpec.id_column), else NULL */
	int64		skipped_null;	/* rows skipped for NULLs */
	bool		over_budget;	/* stopped: the rows exceed the budget */
	bool		direct;			/* read through the executor, not SPI */
} PmktMatrix;

/*
 * Rows that reached the in-memory loader in this backend, counted as they
 * arrive (SQL: pmkt.loader_rows()); the beyond-budget trainer paths leave
 * it unchanged (issue 19).
 */
extern int64 pmkt_loader_rows_total;

typedef struct PmktLoadSpec
{
	const char *funcname;		/* prefixes every message */
	Size		budget;			/* bytes X, Y and ids may take */
	bool		error_over_budget;	/* 53200 at the budget; else stop early
									 * with over_budget = true, X/Y freed */
	const char *budget_hint;	/* NULL: raise it or train on a sample */
	bool		id_column;		/* column 1 is a row id, features column 2 */
	bool		cast_features;	/* ignored since 1.1: features may always be
								 * int2/int4/int8/float4/numeric arrays */
	int			min_targets;	/* target columns after the features ... */
	int			max_targets;	/* ... at most this many (-1: any) */
	bool		ignore_extra;	/* columns beyond max_targets are ignored */
	bool		array_target;	/* one float8[] target column is allowed */
	const char *shape;			/* the columns, for messages */
	const char *example;		/* a query, for hints */
	bool		keep_order;		/* rows in the query's order, not the
								 * canonical order (see below) */
	const struct PmktUserQuery *uq; /* when query wraps a user's query: its
									 * errors name the argument and show the
									 * user's text (util/userquery.h) */
} PmktLoadSpec;

/*
 * Run query (read-only) and load its rows as spec says.  Memory is
 * allocated in CurrentMemoryContext.
 */
extern PmktMatrix *pmkt_load_rows(const char *query, const PmktLoadSpec *spec);

/*
 * Prepare query and open a read-only cursor on it, inside the caller's SPI
 * connection.  A query that cannot be prepared raises 42601 naming funcname.
 * (For streaming passes that do not hold the rows: nn_evaluate, the
 * k-means reservoir sample.)
 */
extern Portal pmkt_open_cursor(const char *query, const char *funcname);

/*
 * A numeric or boolean column value (float8, float4, int2/4/8, numeric,
 * boolean as 0/1) as double; 42804 datatype_mismatch for other types.
 */
extern double pmkt_datum_to_float8(Datum d, Oid typid);

/*
 * pmkt_alloc_big: MemoryContextAllocHuge(cxt, bytes), and for an array of
 * PMKT_BIG_BYTES or more, transparent huge pages requested for it
 * (madvise MADV_HUGEPAGE, Linux; the memory is not touched): the first
 * touch of a fresh 24 MB array then takes 12 page faults instead of 6144,
 * whose cost in a new backend was about a sixth of kmeans_train's CPU at
 * 1 M x 3 (bench/segment/kmeans.md, round 7).  The contents are
 * uninitialised as with MemoryContextAllocHuge; pmkt_advise_big is the
 * request alone, for memory allocated otherwise.
 */
#define PMKT_BIG_BYTES ((Size) 4 << 20)
extern void *pmkt_alloc_big(MemoryContext cxt, Size bytes);
extern void pmkt_advise_big(void *p, Size bytes);

/* pmkt.direct_load (pmkt.c): off forces the SPI path (tests, comparison) */
extern bool pmkt_direct_load;
/* pmkt.parallel_load (pmkt.c): off plans the direct path's query serially */
extern bool pmkt_parallel_load;

/* _PG_init: the parallel load's hidden setting and ExecutorRun hook */
extern void pmkt_loader_init(void);

#endif							/* PMKT_UTIL_MATRIX_H */
