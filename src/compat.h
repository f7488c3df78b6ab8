/*
 * compat.h
 *    Every difference between the PostgreSQL majors pmkt builds on (15, 17,
 *    18) lives here, so that modules carry no version #if of their own.
 *    Included by pmkt.h right after postgres.h.
 */
#ifndef PMKT_COMPAT_H
#define PMKT_COMPAT_H

#include "postgres.h"

/* 16 moved the varlena macros (VARSIZE, VARDATA, ...) out of postgres.h */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * 18 dropped the postfix pg_attribute_noreturn() for the prefix pg_noreturn;
 * the GCC attribute means the same on every major.
 */
#ifndef pg_attribute_noreturn
#define pg_attribute_noreturn() __attribute__((noreturn))
#endif

/* 18 dropped ExecutorRun's execute_once argument (always true for us) */
#if PG_VERSION_NUM >= 180000
#define pmkt_executor_run(qd, dir, count) ExecutorRun((qd), (dir), (count))
#else
#define pmkt_executor_run(qd, dir, count) ExecutorRun((qd), (dir), (count), true)
#endif

/*
 * 18 dropped ExecutorRun's execute_once (and the hook's): the parameters
 * and arguments of an ExecutorRun_hook (util/matrix.c's parallel load).
 */
#if PG_VERSION_NUM >= 180000
#define PMKT_EXECUTOR_RUN_PARAMS QueryDesc *queryDesc, ScanDirection direction, uint64 count
#define PMKT_EXECUTOR_RUN_ARGS queryDesc, direction, count
#else
#define PMKT_EXECUTOR_RUN_PARAMS QueryDesc *queryDesc, ScanDirection direction, uint64 count, bool execute_once
#define PMKT_EXECUTOR_RUN_ARGS queryDesc, direction, count, execute_once
#endif

/*
 * 18 added RETURNING old/new Vars (Var.varreturningtype); before it every
 * Var reads the current row.  Used by planner support functions that only
 * rewrite Vars of the current row.
 */
#if PG_VERSION_NUM >= 180000
#define pmkt_var_reads_current_row(v) ((v)->varreturningtype == VAR_RETURNING_DEFAULT)
#else
#define pmkt_var_reads_current_row(v) true
#endif

#endif							/* PMKT_COMPAT_H */
