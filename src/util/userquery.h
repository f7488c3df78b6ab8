/*
 * util/userquery.h
 *    SQL that pmkt wraps around a user's query (rfm_query's aggregation,
 *    the trainers' per-iteration passes) run so that an error raised while
 *    it runs names the user's argument and shows the user's query, not
 *    pmkt's wrapper SQL (issue 16): the context line SPI adds for the
 *    wrapper ('SQL statement "SELECT pmkt.kmeans_step(q.x, ...) FROM (...)"')
 *    becomes 'argument "query" of pmkt.kmeans_train: "<the user's query>"',
 *    and an error position inside the user's query (a syntax error, an
 *    unknown column) is moved onto the user's query text.  Errors keep
 *    their SQLSTATE, message, detail and hint.
 */
#ifndef PMKT_UTIL_USERQUERY_H
#define PMKT_UTIL_USERQUERY_H

#include "postgres.h"

#include "executor/spi.h"

typedef struct PmktUserQuery
{
	const char *funcname;		/* e.g. "pmkt.rfm_query" */
	const char *argname;		/* e.g. "query" */
	const char *query;			/* the user's text, as passed */
} PmktUserQuery;

/* SPI_execute / SPI_execute_extended / SPI_execute_plan (sql: the plan's text) / SPI_prepare_cursor */
extern int	pmkt_uq_execute(const PmktUserQuery *uq, const char *sql, bool read_only, long count);
extern int	pmkt_uq_execute_extended(const PmktUserQuery *uq, const char *sql,
									 const SPIExecuteOptions *opt);
extern int	pmkt_uq_execute_plan(const PmktUserQuery *uq, SPIPlanPtr plan, const char *sql,
								 Datum *vals, const char *nulls, bool read_only, long count);
extern SPIPlanPtr pmkt_uq_prepare_cursor(const PmktUserQuery *uq, const char *sql, int nargs,
										 Oid *argtypes, int cursor_options);

/*
 * In PG_CATCH around code that ran sql (which holds uq->query), with the
 * memory context current before PG_TRY: re-throws the error rewritten as
 * above.  For callers that run the SQL their own way (util/matrix.h).
 */
extern void pmkt_uq_rethrow(MemoryContext cxt, const PmktUserQuery *uq, const char *sql) pg_attribute_noreturn();

/*
 * The user's query's columns without running it (on its own SPI
 * connection): its row type, and "name type, ..." ("none" for no column)
 * for an errdetail that says what was received; both in the caller's
 * memory context.  A statement that returns no rows is 22023 naming the
 * argument.
 */
extern TupleDesc pmkt_uq_describe(const PmktUserQuery *uq, char **columns);

/* t (a base type) is one of ok[0..n-1] */
extern bool pmkt_type_in(Oid t, const Oid *ok, int n);

/*
 * An order source's first three columns (rfm, rfm_query, clv_summary):
 * role 0 the customer id, 1 the order time, 2 the amount.  The role's text
 * for messages ("the customer id (an integer type)") and whether a column
 * of base type t may fill it; one list, so both families accept the same.
 */
extern const char *const pmkt_order_roles[3];
extern bool pmkt_order_column_ok(Oid t, int role);

#endif							/* PMKT_UTIL_USERQUERY_H */
