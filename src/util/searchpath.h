/*
 * util/searchpath.h
 *    Running pmkt's own SQL under a pinned search_path.
 *
 * pmkt's C code runs two kinds of SQL through SPI:
 *   - its own (generate_demo's DDL, reading pmkt.segment_strategy, the
 *     channel and AISAS scans of a table named by regclass): run it between
 *     pmkt_pin_search_path() and pmkt_unpin_search_path(), so that every
 *     unqualified function, operator and type name resolves in pg_catalog
 *     and nothing a caller's search_path holds (CVE-2018-1058) is reached;
 *   - the caller's query text (trainers, rfm_query, dbscan): that is the
 *     caller's own SQL and runs under the caller's search_path.  pmkt's
 *     wrapper around it (SELECT ... FROM (<query>) q) cannot be pinned, so
 *     every name in the wrapper is schema-qualified instead: pg_catalog.count,
 *     ::pg_catalog.float8, OPERATOR(pg_catalog.<=), pmkt.kmeans_step.
 *
 * The pin is a GUC nest level, as a function's SET clause is: an error
 * unwinds it with the (sub)transaction, so only the normal path needs the
 * unpin.
 */
#ifndef PMKT_UTIL_SEARCHPATH_H
#define PMKT_UTIL_SEARCHPATH_H

/* the search_path of pmkt's own SQL (the SET clause of its SQL routines) */
#define PMKT_SAFE_SEARCH_PATH "pg_catalog, pg_temp"

/* Pins search_path to PMKT_SAFE_SEARCH_PATH; returns the nest level to unpin. */
extern int	pmkt_pin_search_path(void);

/* Restores the search_path (and any GUC set since) of before the pin. */
extern void pmkt_unpin_search_path(int nestlevel);

#endif							/* PMKT_UTIL_SEARCHPATH_H */
