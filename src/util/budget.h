/*
 * util/budget.h
 *    Whether a trainer's rows fit pmkt.max_train_memory, decided BEFORE any
 *    row is loaded (issue 19), so the beyond-budget paths never read rows
 *    through the backend.
 */
#ifndef PMKT_UTIL_BUDGET_H
#define PMKT_UTIL_BUDGET_H

#include "postgres.h"

#include "util/userquery.h"

/*
 * pmkt_rows_exceed_budget: true when the rows of uq->query would take more
 * than budget bytes in memory at (d + extra) doubles a row, d the length
 * of the array in the first column of one row where it is not NULL.  Two
 * aggregate queries, nothing fetched but their single rows: count(*) over
 * the query (the planner drops its unused output columns, so the features
 * are not even computed; rows that the loader would skip for a NULL are
 * counted too) and the length of one row's array; the count is skipped
 * (false) when the planner's estimate of the rows is at most half the
 * budget (a short estimate only makes the loader stop at the budget and the
 * trainer go on with its passes).  False when the query
 * is not one plain SELECT or its first column is not an array of numbers
 * (the loader then reports what is wrong) or the query returns no rows.
 * *d_out: that length (0 when not read).  Opens and closes its own SPI
 * connection.
 */
extern bool pmkt_rows_exceed_budget(const PmktUserQuery *uq, Size budget, int extra,
									int *d_out);

/* the query without trailing white space and semicolons (palloc'd) */
extern char *pmkt_strip_query(const char *q);

#endif
