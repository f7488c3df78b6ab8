/*
 * kmeans_core.c
 *    In-memory k-means: seeding and exact Lloyd (see kmeans.h for the
 *    semantics, which are scikit-learn's).
 */
#include "pmkt.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>

#include "miscadmin.h"
#include "optimizer/cost.h"

#include "kmeans.h"
#include "util/matrix.h"

/* Rows between interrupt checks in the long loops. */
#define CHECK_EVERY 65536

/* ------------------------------------------------------------------------
 * Hamerly's bounds (Hamerly 2010), exact.  Each row keeps an upper bound u
 * of its distance to its own centroid and a lower bound l of its distance
 * to every other centroid; after the centroids move by s_j, u grows by
 * s_own and l shrinks by the largest other s_j.  A row whose bounds show
 * that its own centroid is still strictly the nearest, with a margin larger
 * than the rounding error of the computed squared distances, keeps its
 * label without computing a distance: the plain pass would have computed
 * that same label (its computed distance to its centroid is strictly the
 * smallest, so no tie rule applies).  Every row is still visited and added
 * to its cluster's sum in row order, so the sums, the counts, the changed
 * count, and hence the centroids and the model are the same doubles as
 * without the bounds.  Every bound is rounded outward: u up, l down (each
 * computed value times 1 +- (d + 16) 2^-50, far beyond the relative error
 * of a sum of d + 2 rounded squares), stored as floats rounded outward too;
 * anything not finite gives bounds that never skip.
 * ------------------------------------------------------------------------ */

typedef struct KmBounds
{
	float	   *ub;				/* n: upper bound, distance to C[lab[i]] */
	float	   *lb;				/* n: lower bound, distance to every other
								 * centroid */
	bool		valid;			/* false: first pass, compute every row */
	double	   *shift;			/* k: upper bound of centroid j's last move */
	double	   *half;			/* k: lower bound of half the distance from
								 * centroid j to the nearest other one */
	double		smax1,			/* the largest shift ... */
				smax2;			/* ... and the largest but jmax's */
	int			jmax;
	double		up,				/* 1 + (d + 16) 2^-50 */
				dn;				/* 1 - (d + 16) 2^-50 */
	int64		skipped;		/* rows kept by their bounds (DEBUG2) */
} KmBounds;

/* no skip unless the bound compared with is above this (no underflow) */
#define KM_TINY 1e-140

/*
 * The bounds stored as floats, rounded outward: a double v in [1e-37, 1e38]
 * times 1 +- 2^-20 then rounded to the nearest float (relative error at most
 * 2^-24) stays on its side of v; outside that range u is +inf or 1e-37 and
 * l is 0 (or 1e38), NaN gives u = +inf and l = 0.  No branch on the value
 * that a compiler cannot turn into a select.
 */
static inline float
km_float_up(double v)
{
	double		w = Max(v, 1e-37) * (1 + 0x1p-20);

	return v <= 1e38 ? (float) w : INFINITY;
}

static inline float
km_float_dn(double v)
{
	double		w = Min(v, 1e38) * (1 - 0x1p-20);

	return v >= 1e-37 ? (float) w : 0;
}

static void
km_bounds_init(KmBounds *B, int64 n, int k, int d)
{
	double		rel = (double) (d + 16) * ldexp(1.0, -50);

	B->ub = pmkt_alloc_big(CurrentMemoryContext, sizeof(float) * (Size) Max(n, 1));
	B->lb = pmkt_alloc_big(CurrentMemoryContext, sizeof(float) * (Size) Max(n, 1));
	B->valid = false;
	B->shift = palloc0(sizeof(double) * k);
	B->half = palloc0(sizeof(double) * k);
	B->smax1 = B->smax2 = 0;
	B->jmax = -1;
	B->up = 1 + rel;
	B->dn = 1 - rel;
	B->skipped = 0;
}

static void
km_bounds_free(KmBounds *B)
{
	pfree(B->ub);
	pfree(B->lb);
	pfree(B->shift);
	pfree(B->half);
}

/* half[j] for centroids C: a lower bound of half the distance to the nearest other */
static void
km_bounds_half(KmBounds *B, const double *C, int k, int d)
{
	for (int j = 0; j < k; j++)
	{
		double		m = INFINITY;
		bool		bad = false;

		for (int o = 0; o < k; o++)
		{
			double		t;

			if (o == j)
				continue;
			t = pmkt_kmeans_sqdist(C + (Size) j * d, C + (Size) o * d, d);
			if (isnan(t))
				bad = true;
			else if (t < m)
				m = t;
		}
		B->half[j] = bad ? 0 : sqrt(m) * B->dn * 0.5;
		if (!(B->half[j] > 0))
			B->half[j] = 0;
	}
	CHECK_FOR_INTERRUPTS();
}

/* shift[j]: upper bounds of how far each centroid moved from old to new */
static void
km_bounds_shift(KmBounds *B, const double *old, const double *new, int k, int d)
{
	B->smax1 = B->smax2 = 0;
	B->jmax = -1;
	for (int j = 0; j < k; j++)
	{
		double		t = sqrt(pmkt_kmeans_sqdist(old + (Size) j * d, new + (Size) j * d, d)) * B->up;

		if (!(t <= DBL_MAX))
			t = INFINITY;		/* also NaN */
		B->shift[j] = t;
		if (B->jmax < 0 || t > B->smax1)
		{
			B->smax2 = B->jmax < 0 ? 0 : B->smax1;
			B->smax1 = t;
			B->jmax = j;
		}
		else if (t > B->smax2)
			B->smax2 = t;
	}
}

/*
 * km_bounds_keep: with valid bounds, move row i's bounds to the current
 * centroids and say whether its label a provably stays (bounds stored).
 */
static inline __attribute__((always_inline)) bool
km_bounds_keep(KmBounds *B, int64 i, int a)
{
	double		u = ((double) B->ub[i] + B->shift[a]) * B->up;
	double		l = (double) B->lb[i] - (a == B->jmax ? B->smax2 : B->smax1);
	double		m;

	l = l > 0 ? l * B->dn : 0;
	m = Max(l, B->half[a]);
	B->ub[i] = km_float_up(u);
	B->lb[i] = km_float_dn(l);
	return u * B->up < m && m > KM_TINY;
}

/* km_bounds_set: bounds from a row's computed nearest and second nearest */
static inline __attribute__((always_inline)) void
km_bounds_set(KmBounds *B, int64 i, double d1, double d2)
{
	B->ub[i] = km_float_up(sqrt(d1) * B->up);
	B->lb[i] = km_float_dn(sqrt(d2) * B->dn);
}

/*
 * km_nearest2: the nearest centroid exactly as pmkt_kmeans_nearest_t (kp >
 * 0) / pmkt_kmeans_nearest (the same squared distances, lowest index on
 * ties), its squared distance in *d1 and the smallest squared distance to
 * any other centroid in *d2 (+inf when k = 1, NaN when one is NaN).
 */
static inline __attribute__((always_inline)) int
km_nearest2(const double *x, const double *C, const double *Ct, const int kp,
			int k, const int d, double *d1, double *d2)
{
	int			best = 0;
	double		bd,
				sd = INFINITY;
	bool		bad = false;

	if (kp > 0)
	{
		double		acc[PMKT_KMEANS_KP_MAX];

		const pmkt_v4i lane = {0, 1, 2, 3};
		const pmkt_v4i four = {4, 4, 4, 4};
		const pmkt_v4d inf = {INFINITY, INFINITY, INFINITY, INFINITY};
		pmkt_v4i	kv = {k, k, k, k};
		pmkt_v4i	bv;
		pmkt_v4i	m;
		pmkt_v4i	nan;
		pmkt_v4d	a,
					v;

		best = pmkt_kmeans_nearest_acc(x, Ct, kp, k, d, acc, &bd);

		/*
		 * the smallest of the other real lanes (+inf for the rest), NaN
		 * if any real lane is: a minimum of non-NaN values, the same
		 * double in any order
		 */
		bv = (pmkt_v4i) {best, best, best, best};
		memcpy(&a, acc, sizeof(a));
		m = (lane < kv);
		nan = m & (a != a);
		v = PMKT_V4_SEL(m & (lane != bv), a, inf);
		if (kp == 8)
		{
			pmkt_v4d	v1;

			memcpy(&a, acc + 4, sizeof(a));
			m = ((lane + four) < kv);
			nan |= m & (a != a);
			v1 = PMKT_V4_SEL(m & ((lane + four) != bv), a, inf);
			v = PMKT_V4_SEL(v1 < v, v1, v);
		}
		a = __builtin_shufflevector(v, v, 2, 3, 0, 1);
		v = PMKT_V4_SEL(a < v, a, v);
		a = __builtin_shufflevector(v, v, 1, 0, 3, 2);
		v = PMKT_V4_SEL(a < v, a, v);
		sd = v[0];
		bad = (nan[0] | nan[1] | nan[2] | nan[3]) != 0;
	}
	else
	{
		bd = pmkt_kmeans_sqdist(x, C, d);
		bad = isnan(bd);
		for (int j = 1; j < k; j++)
		{
			double		t = pmkt_kmeans_sqdist(x, C + (Size) j * d, d);

			bad |= isnan(t);
			if (t < bd)
			{
				sd = Min(sd, bd);
				bd = t;
				best = j;
			}
			else if (t < sd)
				sd = t;
		}
	}
	*d1 = bd;
	*d2 = bad ? NAN : sd;
	return best;
}

/* ------------------------------------------------------------------------
 * Eight rows as vector lanes (d <= 8 features, a constant where inlined).
 * Eight consecutive rows are loaded and transposed in registers, so that
 * xt[l] holds feature l of the eight rows; each lane's squared distance is
 * then summed in feature order, (x_l - c_l)^2 one product and one sum at a
 * time, without fused multiply-add: the same doubles as pmkt_kmeans_sqdist.
 * With AVX-512 one vector holds the eight rows; the same code compiles to
 * two AVX2 vectors or four SSE2 ones elsewhere, with the same results.
 * ------------------------------------------------------------------------ */

typedef double km_v8d __attribute__((vector_size(64)));
typedef long long km_v8l __attribute__((vector_size(64)));
typedef int km_v8i __attribute__((vector_size(32)));

#define KM_SHUF __builtin_shufflevector

/*
 * km_load8: xt[l] (l < d) lane r = x[r * d + l] for the eight rows at x:
 * each row into a vector (zero beyond d), then an 8 x 8 transpose in three
 * rounds of two-vector shuffles
 */
static inline __attribute__((always_inline)) void
km_load8(const double *x, const int d, km_v8d *xt)
{
	km_v8d		r0, r1, r2, r3, r4, r5, r6, r7;
	km_v8d		t0, t1, t2, t3, t4, t5, t6, t7;
	km_v8d		u0, u1, u2, u3, u4, u5, u6, u7;

	if (d == 8)
	{
		memcpy(&r0, x, sizeof(r0));
		memcpy(&r1, x + 8, sizeof(r1));
		memcpy(&r2, x + 16, sizeof(r2));
		memcpy(&r3, x + 24, sizeof(r3));
		memcpy(&r4, x + 32, sizeof(r4));
		memcpy(&r5, x + 40, sizeof(r5));
		memcpy(&r6, x + 48, sizeof(r6));
		memcpy(&r7, x + 56, sizeof(r7));
	}
	else if (d == 1)
	{
		memcpy(&xt[0], x, sizeof(km_v8d));
		return;
	}
	else if (d == 2)
	{
		memcpy(&r0, x, sizeof(r0));
		memcpy(&r1, x + 8, sizeof(r1));
		xt[0] = KM_SHUF(r0, r1, 0, 2, 4, 6, 8, 10, 12, 14);
		xt[1] = KM_SHUF(r0, r1, 1, 3, 5, 7, 9, 11, 13, 15);
		return;
	}
	else if (d == 3)
	{
		/* element 3r + l of the 24: lanes from r0, r1, then r2 */
		memcpy(&r0, x, sizeof(r0));
		memcpy(&r1, x + 8, sizeof(r1));
		memcpy(&r2, x + 16, sizeof(r2));
		t0 = KM_SHUF(r0, r1, 0, 3, 6, 9, 12, 15, 0, 0);
		t1 = KM_SHUF(r0, r1, 1, 4, 7, 10, 13, 0, 0, 0);
		t2 = KM_SHUF(r0, r1, 2, 5, 8, 11, 14, 0, 0, 0);
		xt[0] = KM_SHUF(t0, r2, 0, 1, 2, 3, 4, 5, 10, 13);
		xt[1] = KM_SHUF(t1, r2, 0, 1, 2, 3, 4, 8, 11, 14);
		xt[2] = KM_SHUF(t2, r2, 0, 1, 2, 3, 4, 9, 12, 15);
		return;
	}
	else if (d == 4)
	{
		/* element 4r + l of the 32: rows 0-3 from r0, r1, rows 4-7 from r2, r3 */
		memcpy(&r0, x, sizeof(r0));
		memcpy(&r1, x + 8, sizeof(r1));
		memcpy(&r2, x + 16, sizeof(r2));
		memcpy(&r3, x + 24, sizeof(r3));
		t0 = KM_SHUF(r0, r1, 0, 4, 8, 12, 1, 5, 9, 13);
		t1 = KM_SHUF(r2, r3, 0, 4, 8, 12, 1, 5, 9, 13);
		t2 = KM_SHUF(r0, r1, 2, 6, 10, 14, 3, 7, 11, 15);
		t3 = KM_SHUF(r2, r3, 2, 6, 10, 14, 3, 7, 11, 15);
		xt[0] = KM_SHUF(t0, t1, 0, 1, 2, 3, 8, 9, 10, 11);
		xt[1] = KM_SHUF(t0, t1, 4, 5, 6, 7, 12, 13, 14, 15);
		xt[2] = KM_SHUF(t2, t3, 0, 1, 2, 3, 8, 9, 10, 11);
		xt[3] = KM_SHUF(t2, t3, 4, 5, 6, 7, 12, 13, 14, 15);
		return;
	}
	else
	{
		/* 5 to 7 features: each feature's eight values gathered one by one */
		for (int l = 0; l < d; l++)
		{
			double		v[8] = {x[l], x[d + l], x[2 * d + l], x[3 * d + l],
			x[4 * d + l], x[5 * d + l], x[6 * d + l], x[7 * d + l]};

			memcpy(&xt[l], v, sizeof(v));
		}
		return;
	}
	/* pairs: t0 = (r0_0 r1_0 r0_2 r1_2 r0_4 r1_4 r0_6 r1_6), t1 the odd ones */
	t0 = KM_SHUF(r0, r1, 0, 8, 2, 10, 4, 12, 6, 14);
	t1 = KM_SHUF(r0, r1, 1, 9, 3, 11, 5, 13, 7, 15);
	t2 = KM_SHUF(r2, r3, 0, 8, 2, 10, 4, 12, 6, 14);
	t3 = KM_SHUF(r2, r3, 1, 9, 3, 11, 5, 13, 7, 15);
	t4 = KM_SHUF(r4, r5, 0, 8, 2, 10, 4, 12, 6, 14);
	t5 = KM_SHUF(r4, r5, 1, 9, 3, 11, 5, 13, 7, 15);
	t6 = KM_SHUF(r6, r7, 0, 8, 2, 10, 4, 12, 6, 14);
	t7 = KM_SHUF(r6, r7, 1, 9, 3, 11, 5, 13, 7, 15);
	/* quads: u0 = (r0..3 feature 0, r0..3 feature 4), u2 features 2 and 6 */
	u0 = KM_SHUF(t0, t2, 0, 1, 8, 9, 4, 5, 12, 13);
	u2 = KM_SHUF(t0, t2, 2, 3, 10, 11, 6, 7, 14, 15);
	u1 = KM_SHUF(t1, t3, 0, 1, 8, 9, 4, 5, 12, 13);
	u3 = KM_SHUF(t1, t3, 2, 3, 10, 11, 6, 7, 14, 15);
	u4 = KM_SHUF(t4, t6, 0, 1, 8, 9, 4, 5, 12, 13);
	u6 = KM_SHUF(t4, t6, 2, 3, 10, 11, 6, 7, 14, 15);
	u5 = KM_SHUF(t5, t7, 0, 1, 8, 9, 4, 5, 12, 13);
	u7 = KM_SHUF(t5, t7, 2, 3, 10, 11, 6, 7, 14, 15);
	/* the eight rows of one feature */
	xt[0] = KM_SHUF(u0, u4, 0, 1, 2, 3, 8, 9, 10, 11);
	if (d > 1)
		xt[1] = KM_SHUF(u1, u5, 0, 1, 2, 3, 8, 9, 10, 11);
	if (d > 2)
		xt[2] = KM_SHUF(u2, u6, 0, 1, 2, 3, 8, 9, 10, 11);
	if (d > 3)
		xt[3] = KM_SHUF(u3, u7, 0, 1, 2, 3, 8, 9, 10, 11);
	if (d > 4)
		xt[4] = KM_SHUF(u0, u4, 4, 5, 6, 7, 12, 13, 14, 15);
	if (d > 5)
		xt[5] = KM_SHUF(u1, u5, 4, 5, 6, 7, 12, 13, 14, 15);
	if (d > 6)
		xt[6] = KM_SHUF(u2, u6, 4, 5, 6, 7, 12, 13, 14, 15);
	if (d > 7)
		xt[7] = KM_SHUF(u3, u7, 4, 5, 6, 7, 12, 13, 14, 15);
}

/*
 * km_dist8: *acc = the eight rows' squared distances to centroid c (as
 * pmkt_kmeans_sqdist); vectors through pointers, not by value (a vector
 * argument's ABI depends on the target)
 */
static inline __attribute__((always_inline)) void
km_dist8(const km_v8d *xt, const double *c, const int d, km_v8d *accp)
{
	km_v8d		acc = {0, 0, 0, 0, 0, 0, 0, 0};

	for (int l = 0; l < d; l++)
	{
		double		cs = c[l];
		km_v8d		cv = {cs, cs, cs, cs, cs, cs, cs, cs};
		km_v8d		t = xt[l] - cv;

		acc += t * t;
	}
	*accp = acc;
}

/*
 * km_nearest8: the nearest of the k centroids C (k x d) for the eight rows,
 * scanned in ascending index with a strict < in each lane, i.e. exactly
 * the label pmkt_kmeans_nearest gives (lowest index on ties; a NaN
 * distance never wins over an earlier one); *bd gets the lanes' distances
 */
static inline __attribute__((always_inline)) void
km_nearest8(const km_v8d *xt, const double *C, int k, const int d,
			km_v8d *bdp, km_v8i *labp)
{
	km_v8d		bd;
	km_v8l		best = {0, 0, 0, 0, 0, 0, 0, 0};

	km_dist8(xt, C, d, &bd);
	for (int j = 1; j < k; j++)
	{
		km_v8d		acc;
		km_v8l		lt;

		km_dist8(xt, C + (Size) j * d, d, &acc);
		lt = acc < bd;
		km_v8l		jv = {j, j, j, j, j, j, j, j};

		bd = (km_v8d) (((km_v8l) acc & lt) | ((km_v8l) bd & ~lt));
		best = (jv & lt) | (best & ~lt);
	}
	*bdp = bd;
	*labp = __builtin_convertvector(best, km_v8i);
}

/* ------------------------------------------------------------------------
 * Seeding
 * ------------------------------------------------------------------------ */

/*
 * k-means++ distance passes in threads (as the Lloyd assignment pass: pure
 * arithmetic on memory allocated before, signals blocked, joined before
 * anything else).  Only the distances are computed in threads; every sum
 * (the potential, the candidates' potentials) is still taken by the main
 * thread in row order, so the result does not depend on the thread count
 * and is the same as a single-threaded run.
 */
#define MAX_THREADS 8
#define MIN_ROWS_PER_THREAD 50000
/* rows per chunk of candidate distances (the buffer is chunk x trials) */
#define PP_CHUNK 262144

static int	pass_threads(int64 n);

typedef enum PPMode
{
	PP_INIT,					/* closest[i] = d(x_i, c) */
	PP_UPDATE,					/* closest[i] = min(closest[i], d(x_i, c)) */
	PP_CANDIDATES,				/* closest[i] = min(closest[i], d(x_i, upd))
								 * first when upd is set (PP_UPDATE), then
								 * out[j * ostride + i - lo0] = min(d(x_i,
								 * c_j), closest[i]) */
	PP_LABEL					/* Lloyd's final E-step: lab[i] (unless strict),
								 * out[i - lo0] = d(x_i, C[lab[i]]) */
} PPMode;

typedef struct PPJob
{
	PPMode		mode;
	const double *X;
	int			d;
	int64		lo,
				hi,
				lo0;
	const double *C;			/* nc rows of d */
	int			nc;
	double	   *closest;
	double	   *out;
	int64		ostride;		/* PP_CANDIDATES: rows of the pass, one
								 * candidate's column after the other */
	const double *upd;			/* PP_CANDIDATES: a centroid to update
								 * closest[] with first, or NULL */
	/* PP_LABEL */
	int32	   *lab;
	const double *Ct;
	int			kp;
	bool		strict;
	KmBounds   *B;				/* valid bounds, or NULL */
} PPJob;

static inline __attribute__((always_inline)) void
pp_body(PPJob *j, const int d)
{
	int64		i0 = j->lo;

	/*
	 * Few features (d <= 8, a constant here): eight rows at a time as
	 * vector lanes (km_load8), each lane's distances the same doubles as
	 * pmkt_kmeans_sqdist, and the same minima (a < b ? a : b lane-wise)
	 * and labels (km_nearest8) as the row loop below; that loop finishes
	 * the last rows.
	 */
	if (__builtin_constant_p(d) && d <= 8)
	{
		if (j->mode == PP_INIT || j->mode == PP_UPDATE)
			for (; i0 + 8 <= j->hi; i0 += 8)
			{
				km_v8d		xt[8],
							dd,
							cl;

				km_load8(j->X + (Size) i0 * d, d, xt);
				km_dist8(xt, j->C, d, &dd);
				if (j->mode == PP_UPDATE)
				{
					km_v8l		lt;

					memcpy(&cl, j->closest + i0, sizeof(cl));
					lt = dd < cl;
					dd = (km_v8d) (((km_v8l) dd & lt) | ((km_v8l) cl & ~lt));
				}
				memcpy(j->closest + i0, &dd, sizeof(dd));
			}
		else if (j->mode == PP_CANDIDATES)
			for (; i0 + 8 <= j->hi; i0 += 8)
			{
				km_v8d		xt[8],
							cl;
				double	   *o = j->out + (i0 - j->lo0);

				km_load8(j->X + (Size) i0 * d, d, xt);
				memcpy(&cl, j->closest + i0, sizeof(cl));
				if (j->upd)
				{
					km_v8d		dd;
					km_v8l		lt;

					km_dist8(xt, j->upd, d, &dd);
					lt = dd < cl;
					cl = (km_v8d) (((km_v8l) dd & lt) | ((km_v8l) cl & ~lt));
					memcpy(j->closest + i0, &cl, sizeof(cl));
				}
				for (int c = 0; c < j->nc; c++)
				{
					km_v8d		dd;
					km_v8l		lt;

					km_dist8(xt, j->C + (Size) c * d, d, &dd);
					lt = dd < cl;
					dd = (km_v8d) (((km_v8l) dd & lt) | ((km_v8l) cl & ~lt));
					memcpy(o + (Size) c * j->ostride, &dd, sizeof(dd));
				}
			}
		else if (j->mode == PP_LABEL && !j->strict && j->B == NULL)
			for (; i0 + 8 <= j->hi; i0 += 8)
			{
				km_v8d		xt[8],
							bd;
				km_v8i		nl;

				km_load8(j->X + (Size) i0 * d, d, xt);
				km_nearest8(xt, j->C, j->nc, d, &bd, &nl);
				memcpy(j->lab + i0, &nl, sizeof(nl));
				memcpy(j->out + (i0 - j->lo0), &bd, sizeof(bd));
			}
	}

	/*
	 * One centroid (PP_INIT, PP_UPDATE): four rows at a time, each its own
	 * sum in feature order (the same doubles as pmkt_kmeans_sqdist), so
	 * that four chains of additions overlap instead of one.
	 */
	if (j->mode == PP_INIT || j->mode == PP_UPDATE)
	{
		const double *c = j->C;

		for (; i0 + 4 <= j->hi; i0 += 4)
		{
			const double *x = j->X + (Size) i0 * d;
			double		s0 = 0,
						s1 = 0,
						s2 = 0,
						s3 = 0;

			for (int l = 0; l < d; l++)
			{
				double		t0 = x[l] - c[l],
							t1 = x[d + l] - c[l],
							t2 = x[2 * d + l] - c[l],
							t3 = x[3 * d + l] - c[l];

				s0 += t0 * t0;
				s1 += t1 * t1;
				s2 += t2 * t2;
				s3 += t3 * t3;
			}
			if (j->mode == PP_INIT)
			{
				j->closest[i0] = s0;
				j->closest[i0 + 1] = s1;
				j->closest[i0 + 2] = s2;
				j->closest[i0 + 3] = s3;
			}
			else
			{
				double	   *cl = j->closest + i0;

				cl[0] = s0 < cl[0] ? s0 : cl[0];
				cl[1] = s1 < cl[1] ? s1 : cl[1];
				cl[2] = s2 < cl[2] ? s2 : cl[2];
				cl[3] = s3 < cl[3] ? s3 : cl[3];
			}
		}
	}

	/*
	 * Candidates (PP_CANDIDATES) with kp > 0: the nc <= 8 candidates as
	 * vector lanes (Ct transposed, as pmkt_kmeans_nearest_t), each lane the
	 * same doubles as pmkt_kmeans_sqdist.
	 */
	if (j->mode == PP_CANDIDATES && j->kp > 0)
	{
		for (; i0 < j->hi; i0++)
		{
			const double *x = j->X + (Size) i0 * d;
			double	   *o = j->out + (i0 - j->lo0);
			double		cl = j->closest[i0];

			if (j->upd)
			{
				double		dd = pmkt_kmeans_sqdist(x, j->upd, d);

				if (dd < cl)
					j->closest[i0] = cl = dd;
			}
			pmkt_v4d	a0 = {0, 0, 0, 0};
			pmkt_v4d	a1 = {0, 0, 0, 0};
			double		acc[PMKT_KMEANS_KP_MAX];

			for (int l = 0; l < d; l++)
			{
				double		xs = x[l];
				pmkt_v4d	xl = {xs, xs, xs, xs};
				pmkt_v4d	c,
							t;

				memcpy(&c, j->Ct + l * j->kp, sizeof(c));
				t = xl - c;
				a0 += t * t;
				if (j->kp == 8)
				{
					memcpy(&c, j->Ct + l * j->kp + 4, sizeof(c));
					t = xl - c;
					a1 += t * t;
				}
			}
			memcpy(acc, &a0, sizeof(a0));
			if (j->kp == 8)
				memcpy(acc + 4, &a1, sizeof(a1));
			for (int c = 0; c < j->nc; c++)
				o[(Size) c * j->ostride] = Min(acc[c], cl);
		}
	}

	for (int64 i = i0; i < j->hi; i++)
	{
		const double *x = j->X + (Size) i * d;

		switch (j->mode)
		{
			case PP_INIT:
				j->closest[i] = pmkt_kmeans_sqdist(x, j->C, d);
				break;
			case PP_UPDATE:
				{
					double		dd = pmkt_kmeans_sqdist(x, j->C, d);

					if (dd < j->closest[i])
						j->closest[i] = dd;
				}
				break;
			case PP_CANDIDATES:
				{
					double	   *o = j->out + (i - j->lo0);

					if (j->upd)
					{
						double		dd = pmkt_kmeans_sqdist(x, j->upd, d);

						if (dd < j->closest[i])
							j->closest[i] = dd;
					}
					for (int c = 0; c < j->nc; c++)
					{
						double		dd = pmkt_kmeans_sqdist(x, j->C + (Size) c * d, d);

						o[(Size) c * j->ostride] = Min(dd, j->closest[i]);
					}
				}
				break;
			case PP_LABEL:
				{
					double		dist;

					if (j->strict)
						dist = pmkt_kmeans_sqdist(x, j->C + (Size) j->lab[i] * d, d);
					else if (j->B && km_bounds_keep(j->B, i, j->lab[i]))
						dist = pmkt_kmeans_sqdist(x, j->C + (Size) j->lab[i] * d, d);
					else if (j->kp > 0)
						j->lab[i] = pmkt_kmeans_nearest_t(x, j->Ct, j->kp, j->nc, d, &dist);
					else
						j->lab[i] = pmkt_kmeans_nearest(x, j->C, j->nc, d, &dist);
					j->out[i - j->lo0] = dist;
				}
				break;
		}
	}
}

/* pp_body specialised for d <= 8 (unrolled distances; same doubles) */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("O3", "fp-contract=off")))
#endif
__attribute__((target_clones("avx512f", "avx2", "default")))
static void
pp_range(PPJob *j)
{
	switch (j->d)
	{
		case 1:
			pp_body(j, 1);
			break;
		case 2:
			pp_body(j, 2);
			break;
		case 3:
			pp_body(j, 3);
			break;
		case 4:
			pp_body(j, 4);
			break;
		case 5:
			pp_body(j, 5);
			break;
		case 6:
			pp_body(j, 6);
			break;
		case 7:
			pp_body(j, 7);
			break;
		case 8:
			pp_body(j, 8);
			break;
		default:
			pp_body(j, j->d);
			break;
	}
}

static void *
pp_thread(void *arg)
{
	pp_range((PPJob *) arg);
	return NULL;
}

/* pp_run: one pp_thread pass over rows [lo, hi) in nthreads threads. */
static void
pp_run_ex(PPMode mode, const double *X, int d, int64 lo, int64 hi,
		  const double *C, int nc, double *closest, double *out, int nthreads,
		  int32 *lab, const double *Ct, int kp, bool strict, KmBounds *B,
		  const double *upd)
{
	PPJob		jobs[MAX_THREADS];
	pthread_t	tid[MAX_THREADS];
	bool		started[MAX_THREADS] = {0};
	sigset_t	all,
				old;
	int64		n = hi - lo;

	nthreads = (int) Min((int64) nthreads, Max(n / MIN_ROWS_PER_THREAD, 1));
	for (int t = 0; t < nthreads; t++)
	{
		jobs[t].mode = mode;
		jobs[t].X = X;
		jobs[t].d = d;
		jobs[t].lo = lo + n * t / nthreads;
		jobs[t].hi = lo + n * (t + 1) / nthreads;
		jobs[t].lo0 = lo;
		jobs[t].C = C;
		jobs[t].nc = nc;
		jobs[t].closest = closest;
		jobs[t].out = out;
		jobs[t].ostride = n;
		jobs[t].upd = upd;
		jobs[t].lab = lab;
		jobs[t].Ct = Ct;
		jobs[t].kp = kp;
		jobs[t].strict = strict;
		jobs[t].B = B;
	}
	if (nthreads > 1)
	{
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		for (int t = 1; t < nthreads; t++)
			started[t] = (pthread_create(&tid[t], NULL, pp_thread, &jobs[t]) == 0);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	pp_thread(&jobs[0]);
	for (int t = 1; t < nthreads; t++)
	{
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			pp_thread(&jobs[t]);	/* could not start: do it here */
	}
	CHECK_FOR_INTERRUPTS();
}

static void
pp_run(PPMode mode, const double *X, int d, int64 lo, int64 hi,
	   const double *C, int nc, double *closest, double *out, int nthreads)
{
	pp_run_ex(mode, X, d, lo, hi, C, nc, closest, out, nthreads, NULL, NULL, 0, false, NULL, NULL);
}

/*
 * The running sum of closest[] in row order at the end of every PP_CK_ROWS
 * rows ("checkpoints"): a draw's row is then found by a scan of one block
 * from the checkpoint before it, with the same doubles as a scan from row 0
 * (the same additions in the same order).
 */
#define PP_CK_ROWS 4096

/* pp_potential: sum of closest[0..n) in row order, checkpoints in ck. */
static double
pp_potential(const double *closest, int64 n, double *ck)
{
	double		pot = 0;

	for (int64 lo = 0; lo < n; lo += PP_CK_ROWS)
	{
		int64		hi = Min(n, lo + PP_CK_ROWS);

		for (int64 i = lo; i < hi; i++)
			pot += closest[i];
		ck[lo / PP_CK_ROWS] = pot;
		if ((lo & (CHECK_EVERY - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return pot;
}

/*
 * pp_colsum_body: cpot[j] += col_j[i] for rows [lo, hi) in row order, col_j
 * = out + j * stride, for T candidates; with T a constant the sums stay in
 * registers (one chain of additions each, as before)
 */
static inline __attribute__((always_inline)) void
pp_colsum_body(const double *out, int64 stride, int64 lo, int64 hi,
			   const int T, double *cpot)
{
	if (T <= 8)
	{
		double		a0 = cpot[0],
					a1 = T > 1 ? cpot[1] : 0,
					a2 = T > 2 ? cpot[2] : 0,
					a3 = T > 3 ? cpot[3] : 0,
					a4 = T > 4 ? cpot[4] : 0,
					a5 = T > 5 ? cpot[5] : 0,
					a6 = T > 6 ? cpot[6] : 0,
					a7 = T > 7 ? cpot[7] : 0;

		for (int64 i = lo; i < hi; i++)
		{
			a0 += out[i];
			if (T > 1)
				a1 += out[stride + i];
			if (T > 2)
				a2 += out[2 * stride + i];
			if (T > 3)
				a3 += out[3 * stride + i];
			if (T > 4)
				a4 += out[4 * stride + i];
			if (T > 5)
				a5 += out[5 * stride + i];
			if (T > 6)
				a6 += out[6 * stride + i];
			if (T > 7)
				a7 += out[7 * stride + i];
		}
		cpot[0] = a0;
		if (T > 1)
			cpot[1] = a1;
		if (T > 2)
			cpot[2] = a2;
		if (T > 3)
			cpot[3] = a3;
		if (T > 4)
			cpot[4] = a4;
		if (T > 5)
			cpot[5] = a5;
		if (T > 6)
			cpot[6] = a6;
		if (T > 7)
			cpot[7] = a7;
	}
	else
		for (int64 i = lo; i < hi; i++)
			for (int j = 0; j < T; j++)
				cpot[j] += out[(Size) j * stride + i];
}

/*
 * pp_colsum: the candidates' sums over one chunk of rows [0, rows) (columns
 * of stride rows), row by row; the sums at the end of every PP_CK_ROWS rows
 * of the whole pass (the chunk starting at row lo0, a multiple of
 * PP_CK_ROWS) go to ck[j * nck + block]
 */
static void
pp_colsum(const double *out, int64 rows, int T, double *cpot, int64 lo0,
		  double *ck, int64 nck)
{
	for (int64 lo = 0; lo < rows; lo += PP_CK_ROWS)
	{
		int64		hi = Min(rows, lo + PP_CK_ROWS);
		int64		b = (lo0 + lo) / PP_CK_ROWS;

		switch (T)
		{
			case 1:
				pp_colsum_body(out, rows, lo, hi, 1, cpot);
				break;
			case 2:
				pp_colsum_body(out, rows, lo, hi, 2, cpot);
				break;
			case 3:
				pp_colsum_body(out, rows, lo, hi, 3, cpot);
				break;
			case 4:
				pp_colsum_body(out, rows, lo, hi, 4, cpot);
				break;
			case 5:
				pp_colsum_body(out, rows, lo, hi, 5, cpot);
				break;
			case 6:
				pp_colsum_body(out, rows, lo, hi, 6, cpot);
				break;
			case 7:
				pp_colsum_body(out, rows, lo, hi, 7, cpot);
				break;
			case 8:
				pp_colsum_body(out, rows, lo, hi, 8, cpot);
				break;
			default:
				pp_colsum_body(out, rows, lo, hi, T, cpot);
				break;
		}
		for (int j = 0; j < T; j++)
			ck[(Size) j * nck + b] = cpot[j];
	}
}

void
pmkt_kmeans_pp_init(const double *X, int64 n, int d, int k, PmktRng *rng,
					double *centroids)
{
	int			trials = 2 + (int) log((double) k);
	double	   *closest = pmkt_alloc_big(CurrentMemoryContext, sizeof(double) * (Size) n);
	double		pot;
	int64		first = (int64) pmkt_rng_below(rng, (uint64) n);
	double		rv[64];
	int			order[64];
	int64		cand[64];
	double		cpot[64];
	double	   *candx;
	double	   *candt = NULL;
	int			ckp = 0;
	double	   *out;
	int64		chunk = Min(n, (int64) PP_CHUNK);
	int			nthreads = pass_threads(n);
	int64		nck = (n + PP_CK_ROWS - 1) / PP_CK_ROWS;
	double	   *ck;				/* checkpoints of closest[]'s running sum */
	double	   *ckc;			/* and of each candidate's */
	const double *pending = NULL;	/* closest[] not yet updated with it */

	Assert(k >= 1 && k <= n);
	trials = Min(trials, 64);
	ck = palloc_extended(sizeof(double) * (Size) nck, MCXT_ALLOC_HUGE);
	ckc = palloc_extended(sizeof(double) * (Size) nck * trials, MCXT_ALLOC_HUGE);
	candx = palloc(sizeof(double) * (Size) trials * d);
	/* up to 8 candidates (k < 1097) as vector lanes, see pp_body */
	if (trials <= PMKT_KMEANS_KP_MAX && d <= 1024)
	{
		ckp = trials <= 4 ? 4 : 8;
		candt = palloc(sizeof(double) * (Size) d * PMKT_KMEANS_KP_MAX);
	}
	out = pmkt_alloc_big(CurrentMemoryContext, sizeof(double) * (Size) chunk * trials);
	memcpy(centroids, X + (Size) first * d, sizeof(double) * d);
	pp_run(PP_INIT, X, d, 0, n, centroids, 1, closest, NULL, nthreads);
	pot = pp_potential(closest, n, ck);

	/*
	 * After each round closest[] must take the winner's distances (the
	 * minimum of the two); that update is done by the next round's
	 * candidate pass, row by row before the candidates' distances (the same
	 * values as a pass of its own, one pass over the rows less), and by the
	 * draws' block scans for their few rows; pending is that winner.
	 */
	for (int c = 1; c < k; c++)
	{
		double		run = 0;
		int			t = 0;
		int			best = 0;
		const double *bx;

		/* candidate draws: D^2-weighted, by one scan of the running sum */
		for (int j = 0; j < trials; j++)
		{
			rv[j] = pmkt_rng_uniform(rng) * pot;
			order[j] = j;
		}
		for (int a = 1; a < trials; a++)	/* insertion sort by value */
			for (int b = a; b > 0 && rv[order[b]] < rv[order[b - 1]]; b--)
			{
				int			tmp = order[b];

				order[b] = order[b - 1];
				order[b - 1] = tmp;
			}
		if (isnan(pot))
		{
			/* no checkpoints to trust: the update, then the scan from row 0 */
			if (pending)
				pp_run(PP_UPDATE, X, d, 0, n, pending, 1, closest, NULL, nthreads);
			pending = NULL;
			for (int64 i = 0; i < n && t < trials; i++)
			{
				run += closest[i];
				while (t < trials && rv[order[t]] <= run)
					cand[order[t++]] = i;
				if ((i & (CHECK_EVERY - 1)) == 0)
					CHECK_FOR_INTERRUPTS();
			}
		}
		else
		{
			/*
			 * closest[] >= 0, so the running sum never decreases: a draw's
			 * row (the first whose running sum reaches it) is in the first
			 * block whose checkpoint reaches it, found from the sum before
			 * that block
			 */
			int64		b = 0;

			while (t < trials)
			{
				while (b < nck && !(rv[order[t]] <= ck[b]))
					b++;
				if (b == nck)
					break;
				run = b > 0 ? ck[b - 1] : 0;
				for (int64 i = b * PP_CK_ROWS; i < n && t < trials; i++)
				{
					double		v = closest[i];

					if (pending)
					{
						/* the pending update of this row, as PP_UPDATE */
						double		dd = pmkt_kmeans_sqdist(X + (Size) i * d, pending, d);

						v = dd < v ? dd : v;
					}
					run += v;
					while (t < trials && rv[order[t]] <= run)
						cand[order[t++]] = i;
					if (i == Min(n, (b + 1) * PP_CK_ROWS) - 1)
						break;	/* end of the block */
				}
				b++;			/* the draws left are beyond this block */
			}
		}
		while (t < trials)		/* numpy: clip to the last index */
			cand[order[t++]] = n - 1;

		/* potential of each candidate: distances in threads, sums in order */
		for (int j = 0; j < trials; j++)
		{
			cpot[j] = 0;
			memcpy(candx + (Size) j * d, X + (Size) cand[j] * d, sizeof(double) * d);
		}
		if (candt)
			(void) pmkt_kmeans_transpose(candx, trials, d, candt);
		for (int64 lo = 0; lo < n; lo += chunk)
		{
			int64		hi = Min(n, lo + chunk);

			pp_run_ex(PP_CANDIDATES, X, d, lo, hi, candx, trials, closest, out,
					  nthreads, NULL, candt, candt ? ckp : 0, false, NULL,
					  pending);
			/* each candidate's sum in row order (columns of hi - lo rows) */
			pp_colsum(out, hi - lo, trials, cpot, lo, ckc, nck);
		}
		for (int j = 1; j < trials; j++)
			if (cpot[j] < cpot[best])
				best = j;
		bx = X + (Size) cand[best] * d;
		memcpy(centroids + (Size) c * d, bx, sizeof(double) * d);
		pending = bx;

		/*
		 * the new potential, sum of the updated closest[] in row order, is
		 * the winner's cpot: its out[] entries are the same minima (the same
		 * distances, Min(dd, closest[i]) as PP_UPDATE keeps them) added in
		 * the same order from 0, so the same double without another pass;
		 * its checkpoints likewise
		 */
		pot = cpot[best];
		memcpy(ck, ckc + (Size) best * nck, sizeof(double) * (Size) nck);
	}
	pfree(ck);
	pfree(ckc);
	pfree(out);
	pfree(candx);
	if (candt)
		pfree(candt);
	pfree(closest);
}

/*
 * select_rows: m of n row indexes, uniformly without replacement, in
 * ascending order (Knuth's selection sampling, O(n) time, O(m) memory).
 */
static int64 *
select_rows(int64 n, int64 m, PmktRng *rng)
{
	int64	   *idx = palloc_extended(sizeof(int64) * (Size) Max(m, 1), MCXT_ALLOC_HUGE);
	int64		got = 0;

	for (int64 i = 0; i < n && got < m; i++)
	{
		if ((double) (n - i) * pmkt_rng_uniform(rng) < (double) (m - got))
			idx[got++] = i;
		if ((i & (CHECK_EVERY - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	Assert(got == m);
	return idx;
}

void
pmkt_kmeans_random_init(const double *X, int64 n, int d, int k, PmktRng *rng,
						double *centroids)
{
	int64	   *idx;
	int		   *perm = palloc(sizeof(int) * k);

	Assert(k >= 1 && k <= n);
	idx = select_rows(n, k, rng);
	/* shuffle so that the cluster numbering does not follow row order */
	for (int j = 0; j < k; j++)
		perm[j] = j;
	pmkt_rng_shuffle_int(rng, perm, k);
	for (int j = 0; j < k; j++)
		memcpy(centroids + (Size) j * d, X + (Size) idx[perm[j]] * d,
			   sizeof(double) * d);
	pfree(idx);
	pfree(perm);
}

void
pmkt_kmeans_density_init(const double *X, int64 n, int d, int k, double ra,
						 double rb, double *centroids)
{
	int64		m = Min(n, (int64) PMKT_KMEANS_DENSITY_MAX_ROWS);
	int64	   *idx;
	double	   *Z;
	double	   *lo = palloc(sizeof(double) * d);
	double	   *hi = palloc(sizeof(double) * d);
	double	   *D;
	double		alpha,
				beta;
	PmktRng		rng;

	Assert(k >= 1 && k <= n);
	if (!(ra > 0))
		ra = PMKT_KMEANS_DENSITY_RA;
	if (!(rb > 0))
		rb = PMKT_KMEANS_DENSITY_RB_FACTOR * ra;
	alpha = 4.0 / (ra * ra);
	beta = 4.0 / (rb * rb);

	if (m < n)
	{
		pmkt_rng_seed(&rng, PMKT_KMEANS_DENSITY_SEED);
		idx = select_rows(n, m, &rng);
	}
	else
	{
		idx = palloc(sizeof(int64) * (Size) m);
		for (int64 i = 0; i < m; i++)
			idx[i] = i;
	}

	/* scale the sample to [0, 1] per feature */
	for (int l = 0; l < d; l++)
		lo[l] = hi[l] = X[(Size) idx[0] * d + l];
	for (int64 i = 1; i < m; i++)
		for (int l = 0; l < d; l++)
		{
			double		v = X[(Size) idx[i] * d + l];

			if (v < lo[l])
				lo[l] = v;
			if (v > hi[l])
				hi[l] = v;
		}
	Z = palloc(sizeof(double) * (Size) m * d);
	for (int64 i = 0; i < m; i++)
		for (int l = 0; l < d; l++)
		{
			double		range = hi[l] - lo[l];

			Z[i * d + l] = range > 0 ? (X[(Size) idx[i] * d + l] - lo[l]) / range : 0;
		}

	/* densities, O(m^2 d): each pair once */
	D = palloc0(sizeof(double) * (Size) m);
	for (int64 i = 0; i < m; i++)
	{
		D[i] += 1.0;			/* exp(0): the row itself */
		for (int64 j = i + 1; j < m; j++)
		{
			double		e = exp(-alpha * pmkt_kmeans_sqdist(Z + i * d, Z + j * d, d));

			D[i] += e;
			D[j] += e;
		}
		CHECK_FOR_INTERRUPTS();
	}

	for (int c = 0; c < k; c++)
	{
		int64		h = 0;
		double		dh;

		for (int64 i = 1; i < m; i++)
			if (D[i] > D[h])
				h = i;
		dh = D[h];
		memcpy(centroids + (Size) c * d, X + (Size) idx[h] * d, sizeof(double) * d);
		for (int64 i = 0; i < m; i++)
			D[i] -= dh * exp(-beta * pmkt_kmeans_sqdist(Z + i * d, Z + h * d, d));
		D[h] = -INFINITY;		/* never the same row twice */
		CHECK_FOR_INTERRUPTS();
	}
	pfree(D);
	pfree(Z);
	pfree(lo);
	pfree(hi);
	pfree(idx);
}

/* ------------------------------------------------------------------------
 * Lloyd
 * ------------------------------------------------------------------------ */

void
pmkt_kmeans_far_init(double *far, int k, int d)
{
	for (int j = 0; j < k; j++)
	{
		double	   *e = far + (Size) j * (d + 2);

		memset(e, 0, sizeof(double) * (d + 2));
		e[0] = -1;
	}
}

/* far_before: does (dist, x) rank before entry e? */
static inline bool
far_before(double dist, const double *x, const double *e, int d)
{
	if (dist != e[0])
		return dist > e[0];
	if (e[0] < 0)
		return true;
	for (int l = 0; l < d; l++)
		if (x[l] != e[2 + l])
			return x[l] > e[2 + l];
	return false;				/* equal rows: interchangeable */
}

void
pmkt_kmeans_far_offer(double *far, int k, int d, double dist, int label,
					  const double *x)
{
	int			w = d + 2;
	int			pos;

	if (!far_before(dist, x, far + (Size) (k - 1) * w, d))
		return;
	pos = k - 1;
	while (pos > 0 && far_before(dist, x, far + (Size) (pos - 1) * w, d))
	{
		memcpy(far + (Size) pos * w, far + (Size) (pos - 1) * w, sizeof(double) * w);
		pos--;
	}
	far[(Size) pos * w] = dist;
	far[(Size) pos * w + 1] = label;
	memcpy(far + (Size) pos * w + 2, x, sizeof(double) * d);
}

void
pmkt_kmeans_update(int k, int d, double *sums, double *counts,
				   const double *far, double *centroids_out)
{
	int			used = 0;

	for (int j = 0; j < k; j++)
	{
		const double *e;
		int			old;

		if (counts[j] != 0)
			continue;
		e = far + (Size) used * (d + 2);
		if (used >= k || e[0] < 0)
			break;				/* fewer rows than clusters: stays empty */
		used++;
		old = (int) e[1];
		for (int l = 0; l < d; l++)
		{
			sums[(Size) old * d + l] -= e[2 + l];
			sums[(Size) j * d + l] = e[2 + l];
		}
		counts[old] -= 1;
		counts[j] = 1;
	}
	for (int j = 0; j < k; j++)
	{
		/* as sklearn: multiply by the reciprocal; an emptied cluster keeps its sum */
		double		alpha = counts[j] > 0 ? 1.0 / counts[j] : 1.0;

		for (int l = 0; l < d; l++)
			centroids_out[(Size) j * d + l] = sums[(Size) j * d + l] * alpha;
	}
}

/* mean over features of the population variance (np.var, two passes) */
static double
mean_variance(const double *X, int64 n, int d)
{
	double	   *mean = palloc0(sizeof(double) * d);
	double		tot = 0;

	for (int64 i = 0; i < n; i++)
	{
		for (int l = 0; l < d; l++)
			mean[l] += X[(Size) i * d + l];
		if ((i & (CHECK_EVERY - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int l = 0; l < d; l++)
		mean[l] /= (double) n;
	for (int l = 0; l < d; l++)
	{
		double		s = 0;

		for (int64 i = 0; i < n; i++)
		{
			double		t = X[(Size) i * d + l] - mean[l];

			s += t * t;
		}
		tot += s / (double) n;
		CHECK_FOR_INTERRUPTS();
	}
	pfree(mean);
	return tot / d;
}

/*
 * assign_body: one assignment pass over rows [lo, hi) (labels, changed
 * count, cluster sums and counts).  Inlined with a constant d for small d
 * so that the compiler unrolls the feature loops; the arithmetic is the
 * same in every version.  check: CHECK_FOR_INTERRUPTS (main thread only,
 * and only when no helper thread runs).
 */
static inline __attribute__((always_inline)) int64
assign_body(const double *X, int64 lo, int64 hi, int d, int k, const double *C,
			const double *Ct, int kp, int32 *lab, double *sums,
			double *counts, bool check, KmBounds *B, int64 *kept)
{
	int64		changed = 0;
	int64		i0 = lo;
	int64		nkept = 0;
	double	   *sums_out = sums;
	double	   *counts_out = counts;
	double		lsum[PMKT_KMEANS_KP_MAX * 64];
	double		lcnt[PMKT_KMEANS_KP_MAX];
	KmBounds	Bl;

	/*
	 * Local copies of what the loop updates or reads for every row: with
	 * -fno-strict-aliasing every store to a label, a bound or a sum would
	 * otherwise make the compiler reload the others (the bounds' header,
	 * each sum).  The sums are still added to in row order, one double at
	 * a time, from the caller's values, so they are the same doubles.
	 * kp > 0 means k <= 8 and d <= 64 (assign_pass).
	 */
	if (kp > 0)
	{
		memcpy(lsum, sums_out, sizeof(double) * (Size) k * d);
		memcpy(lcnt, counts_out, sizeof(double) * k);
		sums = lsum;
		counts = lcnt;
	}
	if (B)
	{
		Bl = *B;
		B = &Bl;
	}

	/*
	 * Few features (d <= 8, a constant here: assign_range's specialised
	 * copies), no bounds (k <= 8): eight rows at a time as vector lanes
	 * (km_nearest8: the same distances and labels as
	 * pmkt_kmeans_nearest_t); the rows are then added to their sums in row
	 * order, feature by feature (lane-wise additions of a row's vector to
	 * its cluster's: the same doubles).
	 */
	if (__builtin_constant_p(d) && d <= 8 && B == NULL && kp > 0)
	{
		for (; i0 + 8 <= hi; i0 += 8)
		{
			const double *x = X + (Size) i0 * d;
			km_v8d		xt[8];
			km_v8d		bd;
			km_v8i		nl,
						ol;

			km_load8(x, d, xt);
			km_nearest8(xt, C, k, d, &bd, &nl);
			memcpy(&ol, lab + i0, sizeof(ol));
			ol = nl != ol;
			changed -= ol[0] + ol[1] + ol[2] + ol[3] + ol[4] + ol[5] + ol[6] + ol[7];
			memcpy(lab + i0, &nl, sizeof(nl));
			for (int r = 0; r < 8; r++)
			{
				int			j = nl[r];
				const double *xr = x + r * d;
				double	   *s = sums + (Size) j * d;

				if (d == 8)
				{
					km_v8d		sv,
								xv;

					memcpy(&sv, s, sizeof(sv));
					memcpy(&xv, xr, sizeof(xv));
					sv += xv;
					memcpy(s, &sv, sizeof(sv));
				}
				else
					for (int l = 0; l < d; l++)
						s[l] += xr[l];
				counts[j] += 1;
			}
			if (check && ((i0 - lo) & (CHECK_EVERY - 1)) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}

	for (int64 i = i0; i < hi; i++)
	{
		const double *x = X + (Size) i * d;
		int			j;
		double	   *s;

		if (B == NULL)
		{
			double		dist;

			j = kp > 0 ? pmkt_kmeans_nearest_t(x, Ct, kp, k, d, &dist)
				: pmkt_kmeans_nearest(x, C, k, d, &dist);
		}
		else if (B->valid && km_bounds_keep(B, i, lab[i]))
		{
			j = lab[i];
			nkept++;
		}
		else
		{
			double		d1,
						d2;

			j = km_nearest2(x, C, Ct, kp, k, d, &d1, &d2);
			km_bounds_set(B, i, d1, d2);
		}
		s = sums + (Size) j * d;

		changed += lab[i] != j;
		lab[i] = j;
		for (int l = 0; l < d; l++)
			s[l] += x[l];
		counts[j] += 1;
		if (check && (i & (CHECK_EVERY - 1)) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (kp > 0)
	{
		memcpy(sums_out, lsum, sizeof(double) * (Size) k * d);
		memcpy(counts_out, lcnt, sizeof(double) * k);
	}
	*kept += nkept;
	return changed;
}

/*
 * An AVX2 clone where the CPU has it (no FMA, and no contraction: every
 * product and sum is rounded exactly as in the default clone, so both
 * give the same doubles).  Specialised for d <= 8 and kp = 4 / 8 (k <= 8,
 * transposed centroids Ct), else the generic loops.
 */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("O3", "fp-contract=off")))
#endif
__attribute__((target_clones("avx512f", "avx2", "default")))
static int64
assign_range(const double *X, int64 lo, int64 hi, int d, int k,
			 const double *C, const double *Ct, int kp, int32 *lab,
			 double *sums, double *counts, bool check, KmBounds *B, int64 *kept)
{
#define AB(dd, kk) assign_body(X, lo, hi, dd, k, C, Ct, kk, lab, sums, counts, check, B, kept)
#define AB2(dd) (kp == 4 ? AB(dd, 4) : kp == 8 ? AB(dd, 8) : AB(dd, 0))
	switch (d)
	{
		case 1:
			return AB2(1);
		case 2:
			return AB2(2);
		case 3:
			return AB2(3);
		case 4:
			return AB2(4);
		case 5:
			return AB2(5);
		case 6:
			return AB2(6);
		case 7:
			return AB2(7);
		case 8:
			return AB2(8);
		default:
			return AB2(d);
	}
#undef AB2
#undef AB
}

/*
 * Threads for the assignment pass.  A backend is single-threaded, so the
 * helper threads only do arithmetic on memory allocated before they start
 * (no palloc, no ereport, no PostgreSQL calls), with every signal blocked,
 * and are joined before anything else happens; interrupts are checked
 * between passes.  Rows are cut into fixed blocks of BLOCK_ROWS whatever
 * the thread count; each block is summed on its own and the block sums are
 * merged in block order, so every thread count (1 included: serial, or a
 * different max_parallel_workers_per_gather) gives the same doubles.
 */
#define BLOCK_ROWS 50000

typedef struct PassJob
{
	const double *X;
	int64		lo,
				hi;
	int			d,
				k;
	const double *C;
	const double *Ct;
	int			kp;
	int32	   *lab;
	double	   *scratch;		/* per block: k*d sums then k counts */
	int64		n;
	int64		changed;
	KmBounds   *B;
	int64		kept;
} PassJob;

/* pass_thread: sum blocks lo..hi-1, each into its own scratch slot. */
static void *
pass_thread(void *arg)
{
	PassJob    *j = (PassJob *) arg;
	Size		slot = (Size) j->k * (j->d + 1);

	j->changed = 0;
	j->kept = 0;
	for (int64 b = j->lo; b < j->hi; b++)
	{
		double	   *sums = j->scratch + (Size) b * slot;

		j->changed += assign_range(j->X, b * BLOCK_ROWS,
								   Min(j->n, (b + 1) * BLOCK_ROWS), j->d, j->k,
								   j->C, j->Ct, j->kp, j->lab, sums,
								   sums + (Size) j->k * j->d, false, j->B,
								   &j->kept);
	}
	return NULL;
}

/* pass_blocks: how many fixed blocks a pass over n rows has. */
static int64
pass_blocks(int64 n)
{
	return (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
}

/* pass_threads: how many threads a pass over n rows uses. */
static int
pass_threads(int64 n)
{
	int			t = 1 + Max(max_parallel_workers_per_gather, 0);

	t = Min(t, MAX_THREADS);
	t = (int) Min((int64) t, n / MIN_ROWS_PER_THREAD);
	return Max(t, 1);
}

static int64
assign_pass(const double *X, int64 n, int d, int k, const double *C,
			int32 *lab, double *sums, double *counts, int nthreads,
			double *scratch, KmBounds *B)
{
	PassJob		jobs[MAX_THREADS];
	pthread_t	tid[MAX_THREADS];
	bool		started[MAX_THREADS] = {0};
	sigset_t	all,
				old;
	int64		changed = 0;
	int64		nblocks = pass_blocks(n);
	Size		slot = (Size) k * (d + 1);
	double		Ct[PMKT_KMEANS_KP_MAX * 64];
	int			kp = d <= 64 ? pmkt_kmeans_transpose(C, k, d, Ct) : 0;

	if (nblocks <= 1)
	{
		int64		kept = 0;
		int64		ch = assign_range(X, 0, n, d, k, C, Ct, kp, lab, sums,
									  counts, true, B, &kept);

		if (B)
			B->skipped += kept;
		return ch;
	}

	memset(scratch, 0, sizeof(double) * (Size) nblocks * slot);
	nthreads = (int) Min((int64) Max(nthreads, 1), nblocks);
	for (int t = 0; t < nthreads; t++)
	{
		jobs[t].X = X;
		jobs[t].lo = nblocks * t / nthreads;
		jobs[t].hi = nblocks * (t + 1) / nthreads;
		jobs[t].d = d;
		jobs[t].k = k;
		jobs[t].C = C;
		jobs[t].Ct = Ct;
		jobs[t].kp = kp;
		jobs[t].lab = lab;
		jobs[t].scratch = scratch;
		jobs[t].n = n;
		jobs[t].changed = 0;
		jobs[t].B = B;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (int t = 1; t < nthreads; t++)
		started[t] = (pthread_create(&tid[t], NULL, pass_thread, &jobs[t]) == 0);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pass_thread(&jobs[0]);
	for (int t = 1; t < nthreads; t++)
	{
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			pass_thread(&jobs[t]);	/* could not start: do it here */
	}
	/* merge in block order: the same doubles for any thread count */
	for (int64 b = 0; b < nblocks; b++)
	{
		const double *bs = scratch + (Size) b * slot;

		for (Size i = 0; i < (Size) k * d; i++)
			sums[i] += bs[i];
		for (int j = 0; j < k; j++)
			counts[j] += bs[(Size) k * d + j];
	}
	for (int t = 0; t < nthreads; t++)
	{
		changed += jobs[t].changed;
		if (B)
			B->skipped += jobs[t].kept;
	}
	CHECK_FOR_INTERRUPTS();
	return changed;
}

int
pmkt_kmeans_lloyd(const double *X, int64 n, int d, int k, double *centroids,
				  int max_iter, double tol, int32 *assign, int64 *sizes,
				  double *inertia, bool *converged)
{
	int32	   *lab = assign ? assign : pmkt_alloc_big(CurrentMemoryContext, sizeof(int32) * (Size) Max(n, 1));
	double	   *sums = palloc(sizeof(double) * (Size) k * d);
	double	   *counts = palloc(sizeof(double) * k);
	double	   *newc = palloc(sizeof(double) * (Size) k * d);
	double	   *far = palloc(sizeof(double) * (Size) k * (d + 2));
	double		tol_abs = (tol > 0 && n > 0) ? tol * mean_variance(X, n, d) : 0;
	int			nthreads = pass_threads(n);
	double	   *scratch = pass_blocks(n) > 1 ?
		palloc_extended(sizeof(double) * (Size) pass_blocks(n) * k * (d + 1),
						MCXT_ALLOC_HUGE) : NULL;
	bool		strict = false;
	bool		conv = false;
	int			it;
	double		sse = 0;
	KmBounds	B = {0};

	/*
	 * Hamerly's bounds where the distances cost more than their bookkeeping:
	 * d x kp >= 64 (kp = 4 or 8 centroids computed as vectors, e.g. k = 5
	 * and d = 16) or k > 8 (scalar distances), but not for d <= 8 and k <=
	 * 8, where eight rows at a time as vector lanes (assign_body) compute
	 * every distance for less than the bounds' bookkeeping: at 4 M x 8, k =
	 * 5 Lloyd's CPU fell from about 1 500 to 560 ms without them, although
	 * they spared 70 % of the rows' distances (bench/segment/kmeans.md,
	 * round 9).  At 1 M x 3, k = 5 the bounds cost more than the 3-feature
	 * distances they save.
	 */
	int			kpv = (d <= 64 && k <= PMKT_KMEANS_KP_MAX) ? (k <= 4 ? 4 : 8) : 0;
	bool		use_bounds = k > 1 && (kpv == 0 || d * kpv >= 64) &&
		!(d <= 8 && kpv > 0);

	for (int64 i = 0; i < n; i++)
		lab[i] = -1;
	if (use_bounds)
		km_bounds_init(&B, n, k, d);
	CHECK_FOR_INTERRUPTS();

	for (it = 0; it < max_iter; it++)
	{
		int64		changed = 0;
		bool		any_empty = false;
		double		shift = 0;

		memset(sums, 0, sizeof(double) * (Size) k * d);
		memset(counts, 0, sizeof(double) * k);
		if (use_bounds)
			km_bounds_half(&B, centroids, k, d);
		changed = assign_pass(X, n, d, k, centroids, lab, sums, counts,
							  nthreads, scratch, use_bounds ? &B : NULL);
		B.valid = use_bounds;
		pmkt_kmeans_far_init(far, k, d);
		for (int j = 0; j < k; j++)
			if (counts[j] == 0)
				any_empty = true;
		if (any_empty)
			for (int64 i = 0; i < n; i++)
			{
				const double *x = X + (Size) i * d;

				pmkt_kmeans_far_offer(far, k, d,
									  pmkt_kmeans_sqdist(x, centroids + (Size) lab[i] * d, d),
									  lab[i], x);
				if ((i & (CHECK_EVERY - 1)) == 0)
					CHECK_FOR_INTERRUPTS();
			}
		pmkt_kmeans_update(k, d, sums, counts, far, newc);
		for (int j = 0; j < k; j++)
		{
			double		cs = sqrt(pmkt_kmeans_sqdist(newc + (Size) j * d,
													 centroids + (Size) j * d, d));

			shift += cs * cs;
		}
		if (use_bounds)
			km_bounds_shift(&B, centroids, newc, k, d);
		memcpy(centroids, newc, sizeof(double) * (Size) k * d);
		if (changed == 0)
		{
			strict = conv = true;
			break;
		}
		if (shift <= tol_abs)
		{
			conv = true;
			break;
		}
	}
	if (it < max_iter)
		it++;					/* iterations run (sklearn's n_iter_) */

	/*
	 * final E-step: rows to the final centroids, then inertia and sizes;
	 * labels and distances in threads, the sums in row order
	 */
	if (sizes)
		memset(sizes, 0, sizeof(int64) * k);
	{
		int64		chunk = Min(Max(n, 1), (int64) PP_CHUNK);
		double	   *dist = palloc(sizeof(double) * (Size) chunk);
		double		Ct[PMKT_KMEANS_KP_MAX * 64];
		int			kp = d <= 64 ? pmkt_kmeans_transpose(centroids, k, d, Ct) : 0;

		if (!strict && B.valid)
			km_bounds_half(&B, centroids, k, d);
		for (int64 lo = 0; lo < n; lo += chunk)
		{
			int64		hi = Min(n, lo + chunk);

			pp_run_ex(PP_LABEL, X, d, lo, hi, centroids, k, NULL, dist,
					  nthreads, lab, Ct, kp, strict,
					  strict || !B.valid ? NULL : &B, NULL);
			for (int64 i = lo; i < hi; i++)
			{
				sse += dist[i - lo];
				if (sizes)
					sizes[lab[i]]++;
			}
		}
		pfree(dist);
	}
	if (use_bounds)
	{
		elog(DEBUG2, "k-means: %d Lloyd passes over " INT64_FORMAT " rows, " INT64_FORMAT " rows kept by their bounds without a distance",
			 it, n, B.skipped);
		km_bounds_free(&B);
	}
	if (inertia)
		*inertia = sse;
	if (converged)
		*converged = conv;
	if (!assign)
		pfree(lab);
	pfree(sums);
	pfree(counts);
	pfree(newc);
	pfree(far);
	if (scratch)
		pfree(scratch);
	return it;
}
