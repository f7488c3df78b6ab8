/*
 * dbscan.h
 *    DBSCAN density clustering of a query's rows (id bigint, features
 *    float8[]), in memory.
 *
 * Neighbour search: a uniform grid of cell side eps over up to three of the
 * feature dimensions (all of them when d <= 3; for d > 3 the three with the
 * widest range in units of eps).  Two points within eps of each other lie in
 * the same or adjacent cells of any projection, so the grid only prunes
 * candidates; every candidate pair is then checked on the full Euclidean
 * distance.  When the grid cannot prune (eps large against the data, or
 * high-dimensional data crowded in the gridded dimensions) the search
 * degrades towards brute force; it refuses with 54000 when the number of
 * candidate pairs exceeds max_candidate_pairs (default 10^9, which brute
 * force reaches at about 31 600 rows).
 *
 * Labels follow scikit-learn's DBSCAN (min_samples counts the point itself,
 * neighbours at distance <= eps, clusters grown from core points taken in
 * the loader's canonical order, ascending id, a border point joins the first
 * cluster that reaches it), so
 * cluster_id = sklearn label + 1 and noise = -1 for the rows ordered by id:
 * clusters are numbered by their smallest core id (issue 19).
 */
#ifndef PMKT_DBSCAN_H
#define PMKT_DBSCAN_H

#include "postgres.h"

#define PMKT_DBSCAN_NOISE (-1)
#define PMKT_DBSCAN_MAX_GRID_DIMS 3

#endif							/* PMKT_DBSCAN_H */
