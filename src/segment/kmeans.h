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
 * Requires 1 <= k <= n.  From 100 000 rows on the distance passes run in
 * threads (as pmkt_kmeans_lloyd); every sum is taken in row order by the
 * calling thread, so the result does not depend on the thread count.  One
 * pass over the rows per centroid: the winner's update of the distances
 * to the nearest centroid is folded into the next round's candidate pass,
 * and a draw scans one block of 4096 rows from the running sum's
 * checkpoint before it (the same additions as a scan from row 0).
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
 * The final assignment (labels, sizes, inertia) runs in the same threads,
 * its inertia summed in row order.  With d <= 8 the distances of eight
 * rows at a time are computed as vector lanes (the same doubles as
 * pmkt_kmeans_sqdist, ties to the lowest index), and for k <= 8 every
 * distance so.  Where distances are dear (d x kp >= 64 but not d <= 8 with
 * k <= 8, or k > 8) each row keeps Hamerly's bounds (8 bytes per row beside
 * the budget) and a row they prove still nearest its centroid, with a margin
 * beyond rounding, skips its distances: the same labels, sums and model bit
 * for bit as without them.
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
 * The same nearest-centroid search over centroids stored transposed and
 * padded, Ct[l * kp + j] (kp = 4 or 8 >= k, see pmkt_kmeans_transpose):
 * the per-centroid sums are the same doubles as pmkt_kmeans_sqdist (each
 * in feature order, no fused multiply-add), but the centroids of one
 * feature are contiguous, so the compiler computes them as vectors.
 */
#define PMKT_KMEANS_KP_MAX 8

/* 4 doubles; the operators are lane-wise IEEE operations */
typedef double pmkt_v4d __attribute__((vector_size(32)));
/* 4 lane masks / indices (a comparison of two pmkt_v4d gives 0 or -1) */
typedef long long pmkt_v4i __attribute__((vector_size(32)));

/*
 * lane-wise m ? a : b (m all ones or zero in each lane), bits copied; macros,
 * not functions (a vector argument's ABI depends on the target)
 */
#define PMKT_V4_SEL(m, a, b) \
	((pmkt_v4d) (((pmkt_v4i) (a) & (m)) | ((pmkt_v4i) (b) & ~(m))))

/*
 * lane-wise: (v, ix) (lvalues) take (ov, oix) when ov is strictly smaller,
 * or equal with a lower index (no NaN: the smaller (value, index) pair)
 */
#define PMKT_V4_MIN2(v, ix, ov, oix) \
	do { \
		pmkt_v4d	ov_ = (ov); \
		pmkt_v4i	oix_ = (oix); \
		pmkt_v4i	take_ = (ov_ < (v)) | ((ov_ == (v)) & (oix_ < (ix))); \
		(v) = PMKT_V4_SEL(take_, ov_, (v)); \
		(ix) = (oix_ & take_) | ((ix) & ~take_); \
	} while (0)

/*
 * pmkt_kmeans_nearest_acc: that search, leaving every squared distance in
 * acc[0 .. kp - 1] (for callers that need more than the nearest one)
 */
static inline __attribute__((always_inline)) int
pmkt_kmeans_nearest_acc(const double *x, const double *Ct, const int kp, int k,
						const int d, double *acc, double *dist)
{
	pmkt_v4d	a0 = {0, 0, 0, 0};
	pmkt_v4d	a1 = {0, 0, 0, 0};
	int			best = 0;
	double		bd;

	for (int l = 0; l < d; l++)
	{
		double		xs = x[l];
		pmkt_v4d	xl = {xs, xs, xs, xs};
		pmkt_v4d	c,
					t;

		memcpy(&c, Ct + l * kp, sizeof(c));
		t = xl - c;
		a0 += t * t;
		if (kp == 8)
		{
			memcpy(&c, Ct + l * kp + 4, sizeof(c));
			t = xl - c;
			a1 += t * t;
		}
	}
	memcpy(acc, &a0, sizeof(a0));
	if (kp == 8)
		memcpy(acc + 4, &a1, sizeof(a1));

	/*
	 * The minimum with the lowest index on ties, as a scan in ascending
	 * index with a strict < would find it.  Without NaN that is the
	 * smallest (value, index) pair, which a tournament in vector lanes
	 * finds too (a lane takes the other candidate when it is strictly
	 * smaller, or equal with a lower index): no branch on the distances
	 * (labels are unpredictable).  Padding lanes (j >= k) are +inf, which
	 * never wins over a real lane (equal: higher index).  Any NaN among
	 * the real lanes: the scan itself.
	 */
	{
		const pmkt_v4i lane = {0, 1, 2, 3};
		const pmkt_v4i four = {4, 4, 4, 4};
		const pmkt_v4d inf = {INFINITY, INFINITY, INFINITY, INFINITY};
		pmkt_v4i	kv = {k, k, k, k};
		pmkt_v4i	m0 = lane < kv;
		pmkt_v4d	v = PMKT_V4_SEL(m0, a0, inf);
		pmkt_v4i	ix = lane;
		pmkt_v4i	nan = m0 & (a0 != a0);

		if (kp == 8)
		{
			pmkt_v4i	m1 = (lane + four) < kv;
			pmkt_v4d	v1 = PMKT_V4_SEL(m1, a1, inf);

			nan |= m1 & (a1 != a1);
			PMKT_V4_MIN2(v, ix, v1, lane + four);
		}
		if (!(nan[0] | nan[1] | nan[2] | nan[3]))
		{
			PMKT_V4_MIN2(v, ix, __builtin_shufflevector(v, v, 2, 3, 0, 1),
						 __builtin_shufflevector(ix, ix, 2, 3, 0, 1));
			PMKT_V4_MIN2(v, ix, __builtin_shufflevector(v, v, 1, 0, 3, 2),
						 __builtin_shufflevector(ix, ix, 1, 0, 3, 2));
			*dist = v[0];
			return (int) ix[0];
		}
	}
	bd = acc[0];
	for (int j = 1; j < k && j < kp; j++)
	{
		double		a = acc[j];
		int			lt = a < bd;

		best = lt ? j : best;
		bd = lt ? a : bd;
	}
	*dist = bd;
	return best;
}

static inline __attribute__((always_inline)) int
pmkt_kmeans_nearest_t(const double *x, const double *Ct, const int kp, int k,
					  const int d, double *dist)
{
	double		acc[PMKT_KMEANS_KP_MAX];

	return pmkt_kmeans_nearest_acc(x, Ct, kp, k, d, acc, dist);
}

/*
 * pmkt_kmeans_transpose: Ct (d x kp, padded with zeros) from C (k x d);
 * returns kp (4 or 8), or 0 when k > PMKT_KMEANS_KP_MAX (then use
 * pmkt_kmeans_nearest).  Ct must hold d * PMKT_KMEANS_KP_MAX doubles.
 */
static inline int
pmkt_kmeans_transpose(const double *C, int k, int d, double *Ct)
{
	int			kp = k <= 4 ? 4 : 8;

	if (k > PMKT_KMEANS_KP_MAX)
		return 0;
	for (int l = 0; l < d; l++)
		for (int j = 0; j < kp; j++)
			Ct[l * kp + j] = j < k ? C[(Size) j * d + l] : 0;
	return kp;
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
