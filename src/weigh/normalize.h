/*
 * normalize.h
 *    Min-max normalisation of indices (SPEC 2.2): scalar form for window
 *    functions, the column_ranges aggregate and the row-wise normalize().
 */
#ifndef PMKT_NORMALIZE_H
#define PMKT_NORMALIZE_H

/* Layout tag of the column_ranges state: [tag, d, n, min_1..d, max_1..d]. */
#define PMKT_RANGES_TAG 4001.0

/*
 * A constant column (max = min) carries no information: every value maps to
 * the midpoint 0.5 (plus the shift), whatever the direction.
 */
#define PMKT_CONSTANT_COLUMN_VALUE 0.5

/* (x - min) / (max - min) (positive) or (max - x) / (max - min), + shift. */
extern double pmkt_minmax(double x, double min, double max, bool positive,
						  double shift);

#endif							/* PMKT_NORMALIZE_H */
