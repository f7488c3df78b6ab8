/*
 * util/sort.h
 *    A sort that can be cancelled: qsort_arg's result, with interrupt
 *    checks (a single qsort of millions of rows cannot be cancelled).
 */
#ifndef PMKT_UTIL_SORT_H
#define PMKT_UTIL_SORT_H

#include "postgres.h"

/*
 * Sort n elements of size bytes at base in cmp order.  cmp must be a
 * total order (break ties, e.g. by row number) for the result not to
 * depend on the algorithm.  Runs of PMKT_SORT_RUN elements are sorted with
 * qsort_arg, then merged bottom-up; CHECK_FOR_INTERRUPTS after every run
 * and every PMKT_SORT_RUN merged elements.  Needs n * size bytes of
 * scratch memory when n > PMKT_SORT_RUN.
 */
#define PMKT_SORT_RUN 16384

extern void pmkt_sort(void *base, size_t n, size_t size,
					  int (*cmp) (const void *a, const void *b, void *arg),
					  void *arg);

#endif							/* PMKT_UTIL_SORT_H */
