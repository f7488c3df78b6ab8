/*
 * util/matrix.h
 *    SPI loader: a query's rows -> one contiguous row-major matrix, within
 *    the training memory budget (pmkt.max_train_memory).
 *
 * The query's first column is the feature vector (float8[]); any further
 * columns are numeric targets (anything castable to float8: float8, int,
 * numeric, boolean as 0/1), loaded into Y.  Rows whose features or targets
 * are NULL are skipped and counted.  Every feature vector must have the
 * same length (2202E otherwise) and finite elements (22023).
 */
#ifndef PMKT_UTIL_MATRIX_H
#define PMKT_UTIL_MATRIX_H

#include "postgres.h"

#include "executor/spi.h"

typedef struct PmktMatrix
{
	int64		n;				/* rows loaded */
	int			d;				/* features per row */
	int			t;				/* targets per row (query columns - 1) */
	double	   *X;				/* n x d, row-major */
	double	   *Y;				/* n x t, row-major, NULL when t == 0 */
	int64		skipped_null;	/* rows skipped for NULL features/targets */
	bool		over_budget;	/* stopped: rows exceed the budget */
} PmktMatrix;

/*
 * Run query (read-only) and load its rows.  When the rows would exceed
 * budget_bytes, loading stops with over_budget = true and X/Y freed, so the
 * caller can fall back to its per-iteration aggregate path; pass
 * error_over_budget = true to raise 53200 out_of_memory with a hint instead.
 * Memory is allocated in CurrentMemoryContext.  Connects to and finishes
 * SPI itself.  CHECK_FOR_INTERRUPTS between fetched batches.
 */
extern PmktMatrix *pmkt_load_matrix(const char *query, Size budget_bytes,
									bool error_over_budget,
									const char *funcname);

/*
 * Prepare query and open a read-only cursor on it, inside the caller's SPI
 * connection.  A query that cannot be prepared raises 42601 naming funcname.
 */
extern Portal pmkt_open_cursor(const char *query, const char *funcname);

/*
 * A numeric or boolean column value (float8, float4, int2/4/8, numeric,
 * boolean as 0/1) as double; 42804 datatype_mismatch for other types.
 */
extern double pmkt_datum_to_float8(Datum d, Oid typid);

#endif							/* PMKT_UTIL_MATRIX_H */
