/*
 * kmeans.h
 *    In-memory k-means core: seeding (k-means++, random, density /
 *    subtractive clustering) and exact Lloyd iterations.  Used by the SQL
 *    trainer (kmeans.c) and by the RBF network (its cluster heads).
 *
 * Matrices are row-major n x d (X) and k x d (centroids).  Every routine is
 * deterministic for the same input (and rng state), and checks for
 * interrupts in its loops.
 *
 * Lloyd semantics are scikit-learn's (KMeans(algorithm='lloyd')):
 *  - tol is relative, as sklearn's: the loop stops when the sum over
 *    clusters of the squared centroid shift is <= tol * mean(var(X, axis 0))
 *    (population variance per feature, averaged over features); tol = 0
 *    means stop only on unchanged assignments.  Passing sklearn's tol
 *    reproduces sklearn exactly.
 *  - the loop also stops when no row changed its cluster ("strict
 *    convergence"); the iteration count is the number of Lloyd updates run
 *    (sklearn's n_iter_).
 *  - after the loop the rows are re-assigned to the final centroids (unless
 *    strictly converged), and inertia is the sum of squared distances of
 *    every row to its final centroid.
 *  - empty clusters: as sklearn, each empty cluster takes the row farthest
 *    from its (old) centroid, which leaves its cluster's sum; with several
 *    empty clusters the farthest rows go in descending distance to the
 *    empty clusters in ascending index (ties on distance: the
 *    lexicographically larger row first, so the choice does not depend on
 *    row order).
 *  - ties between centroids go to the lowest index.
 */
#ifndef PMKT_KMEANS_H
#define PMKT_KMEANS_H

#include "postgres.h"

#include "util/rng.h"

/* Default subtractive-clustering radii (features scaled to [0, 1]). */
#define PMKT_KMEANS_DENSITY_RA 0.5
#define PMKT_KMEANS_DENSITY_RB_FACTOR 1.5
/* Above this many rows the density init works on a seeded sample. */
#define PMKT_KMEANS_DENSITY_MAX_ROWS 4000
#define PMKT_KMEANS_DENSITY_SEED 42

/*
 * k-means++ as scikit-learn's (greedy, 2 + floor(ln k) candidate draws per
 * centroid, the candidate lowering the potential most wins), seeded by rng.
 * Requires 1 <= k <= n.
 */
extern void pmkt_kmeans_pp_init(const double *X, int64 n, int d, int k,
								PmktRng *rng, double *centroids);

/* k distinct rows drawn uniformly without replacement.  1 <= k <= n. */
extern void pmkt_kmeans_random_init(const double *X, int64 n, int d, int k,
									PmktRng *rng, double *centroids);

/*
 * SPEC §2.6 step 2 subtractive clustering (Chiu 1994).  Features are scaled
 * to [0, 1] by their range (constant features to 0); the density of row i
 * is D_i = sum_j exp(-4 ||x_i - x_j||^2 / ra^2); the densest row is a head;
 * then D_i -= D_head exp(-4 ||x_i - x_head||^2 / rb^2), and so on until k
 * heads.  The heads are returned as rows of X (original units).
 * ra <= 0 / rb <= 0 mean the defaults ra = 0.5, rb = 1.5 ra.  Cost
 * O(m^2 d) with m = min(n, PMKT_KMEANS_DENSITY_MAX_ROWS): above that size a
 * sample of m rows drawn with seed PMKT_KMEANS_DENSITY_SEED is used.
 */
extern void pmkt_kmeans_density_init(const double *X, int64 n, int d, int k,
									 double ra, double rb, double *centroids);

/*
 * Exact Lloyd from the given centroids (in/out); returns iterations run.
 * assign (n, 0-based cluster per row) and sizes (k) may be NULL.  From
 * 100 000 rows on the assignment step runs in 1 +
 * max_parallel_workers_per_gather threads (at most 8; pure arithmetic,
 * signals blocked, joined before returning) over fixed blocks of rows whose
 * sums are merged in block order, so every setting gives the same doubles.
 */
extern int	pmkt_kmeans_lloyd(const double *X, int64 n, int d, int k,
							  double *centroids, int max_iter, double tol,
							  int32 *assign, int64 *sizes, double *inertia,
							  bool *converged);

/* ---- building blocks shared with the per-iteration aggregate ---- */

/* Squared Euclidean distance, summed in feature order. */
static inline double
pmkt_kmeans_sqdist(const double *x, const double *c, int d)
{
	double		s = 0;

	for (int l = 0; l < d; l++)
	{
		double		t = x[l] - c[l];

		s += t * t;
	}
	return s;
}

/*
 * nearest_k: the nearest of K centroids with K independent sums (each in
 * feature order, so the same doubles as pmkt_kmeans_sqdist); inlined with
 * a constant K the sums stay in registers and pipeline.
 */
static inline __attribute__((always_inline)) int
pmkt_kmeans_nearest_k(const double *x, const double *C, const int K, int d,
					  double *dist)
{
	double		acc[16];
	int			best = 0;
	double		bd;

	acc[0] = 0;
	for (int j = 1; j < K; j++)
		acc[j] = 0;
	for (int l = 0; l < d; l++)
	{
		double		xl = x[l];

		for (int j = 0; j < K; j++)
		{
			double		t = xl - C[j * d + l];

			acc[j] += t * t;
		}
	}
	bd = acc[0];
	for (int j = 1; j < K; j++)
		if (acc[j] < bd)
		{
			bd = acc[j];
			best = j;
		}
	*dist = bd;
	return best;
}

/* Nearest centroid (lowest index on ties); *dist gets its squared distance. */
static inline __attribute__((always_inline)) int
pmkt_kmeans_nearest(const double *x, const double *C, int k, int d,
					double *dist)
{
	int			best = 0;
	double		bd;

	switch (k)
	{
		case 2:
			return pmkt_kmeans_nearest_k(x, C, 2, d, dist);
		case 3:
			return pmkt_kmeans_nearest_k(x, C, 3, d, dist);
		case 4:
			return pmkt_kmeans_nearest_k(x, C, 4, d, dist);
		case 5:
			return pmkt_kmeans_nearest_k(x, C, 5, d, dist);
		case 6:
			return pmkt_kmeans_nearest_k(x, C, 6, d, dist);
		case 7:
			return pmkt_kmeans_nearest_k(x, C, 7, d, dist);
		case 8:
			return pmkt_kmeans_nearest_k(x, C, 8, d, dist);
		default:
			break;
	}
	if (k <= 16)
		return pmkt_kmeans_nearest_k(x, C, k, d, dist);
	bd = pmkt_kmeans_sqdist(x, C, d);
	for (int j = 1; j < k; j++)
	{
		double		t = pmkt_kmeans_sqdist(x, C + (Size) j * d, d);

		if (t < bd)
		{
			bd = t;
			best = j;
		}
	}
	*dist = bd;
	return best;
}

/*
 * The candidate rows for empty clusters: up to k entries of (squared
 * distance to own centroid, own cluster, row[d]), (d + 2) doubles each,
 * kept in descending order; an unused entry has distance -1.
 */
extern void pmkt_kmeans_far_init(double *far, int k, int d);
extern void pmkt_kmeans_far_offer(double *far, int k, int d, double dist,
								  int label, const double *x);

/*
 * Turn per-cluster sums (k x d) and counts (k) into the new centroids,
 * relocating empty clusters to the far rows as documented above.
 */
extern void pmkt_kmeans_update(int k, int d, double *sums, double *counts,
							   const double *far, double *centroids_out);

#endif							/* PMKT_KMEANS_H */
