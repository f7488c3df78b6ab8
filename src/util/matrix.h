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
 * Both plan without parallel workers, so that the rows arrive in the same
 * order (seeding draws row positions; sums depend on the order), validate
 * each row with the same code, and report errors with the same context
 * line (SQL statement "...").  The plans are the planner's for the same
 * query; an unpacked ARRAY[...] only narrows the target list, which can
 * change a cost-based choice (and then the order of rows the query leaves
 * unordered, e.g. ties of its ORDER BY) in rare cases: a query that fixes
 * its row order (ORDER BY a key) gives the same model bit for bit on both
 * paths.  CHECK_FOR_INTERRUPTS every 4096 rows.
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

/* pmkt.direct_load (pmkt.c): off forces the SPI path (tests, comparison) */
extern bool pmkt_direct_load;

#endif							/* PMKT_UTIL_MATRIX_H */
