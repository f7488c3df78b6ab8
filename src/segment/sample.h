/*
 * sample.h
 *    pmkt.row_sample: a seeded sample of distinct rows keyed on their
 *    content (bottom-k of a hash of the row and the seed), with each
 *    sampled row's multiplicity, as a combinable aggregate (issue 19).
 */
#ifndef PMKT_SEGMENT_SAMPLE_H
#define PMKT_SEGMENT_SAMPLE_H

#include "postgres.h"

/* the 53-bit sampling key of a row of d finite doubles (-0 as +0) */
extern double pmkt_sample_key(const double *x, int d, uint64 seed);

/*
 * Largest sample the trainers draw for seeding (rows), and the size of the
 * sample kmeans_train draws for d features: at most PMKT_SAMPLE_ROWS rows
 * and about 2^21 doubles, at least k rows.
 */
#define PMKT_SAMPLE_ROWS 65536
extern int	pmkt_sample_size(int d, int k);

#endif
