/*
 * kmeans.c
 *    SQL API of k-means: kmeans_assign (row function), kmeans_step (the
 *    per-iteration combinable aggregate), kmeans_train (trainer: in memory
 *    within pmkt.max_train_memory, else one kmeans_step pass per Lloyd
 *    iteration) and kmeans_choose_k (elbow + silhouette).
 *
 * The Lloyd semantics (tolerance, empty clusters, ties) are documented in
 * kmeans.h; the aggregate path applies exactly the same arithmetic per row
 * (pmkt_kmeans_nearest, pmkt_kmeans_update, pmkt_kmeans_far_offer), so the
 * two paths agree from the same start up to the summation order of the
 * cluster sums.
 */
#include "pmkt.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "kmeans.h"
#include "sample.h"
#include "util/budget.h"
#include "util/array.h"
#include "util/dd.h"
#include "util/report.h"
#include "util/userquery.h"
#include "util/matrix.h"
#include "util/rng.h"
#include "util/state.h"

#define KMEANS_STEP_TAG 3001.0
#define KMEANS_HDR 10
/* header slots */
#define H_K 1
#define H_D 2
#define H_FLAGS 3
#define H_N 4
#define H_CHANGED 5
#define H_SSE 6
#define H_SKIPPED 7
#define H_SSE_LO 8
#define FLAG_PREVIOUS 1
#define FLAG_SCALING 2

/* ------------------------------------------------------------------------
 * Row validation shared by the row function and the aggregate
 * ------------------------------------------------------------------------ */

/*
 * row_data: the doubles of a feature vector x of the expected length d
 * (d < 0: any), or NULL when it holds a NULL element and skip_nulls.
 */
static const double *
row_data(ArrayType *a, int d, const char *funcname, bool skip_nulls, int *len)
{
	const double *x;
	int			n;
	/* the row function names its argument; trainers name the query's rows */
	const char *what = skip_nulls ? "feature vector" : "argument \"x\"";

	if (ARR_NDIM(a) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: %s must be a non-empty one-dimensional array", funcname, what),
				 errdetail("It has %d dimensions.", ARR_NDIM(a))));
	n = ARR_DIMS(a)[0];
	if (d >= 0 && n != d)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: %s has %d elements, expected %d", funcname, what, n, d),
				 errdetail(skip_nulls ? "Every row must have as many features as the first row (and the centroids)."
						   : "x must have as many features as the centroids."),
				 errhint("Pass feature vectors of one length, the one the model was trained on.")));
	if (ARR_HASNULL(a) && array_contains_nulls(a))
	{
		if (skip_nulls)
			return NULL;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %s must not contain NULL elements", funcname, what),
				 errhint("Filter or impute the NULL features first, e.g. with coalesce().")));
	}
	x = (const double *) ARR_DATA_PTR(a);
	for (int l = 0; l < n; l++)
		if (!isfinite(x[l]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: %s must contain only finite numbers", funcname, what),
					 errdetail("Feature %d is %g.", l + 1, x[l]),
					 errhint("Filter or impute NaN and Infinity first.")));
	if (len)
		*len = n;
	return x;
}

/*
 * check_scaling: means and scales of length d, scales > 0 (both were read
 * with pmkt_vector(..., require_finite), so they are finite already).
 */
static void
check_scaling(int nm, const double *scales, int ns, int d, const char *funcname)
{
	if (nm != d || ns != d)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: \"means\" and \"scales\" must have one element per feature", funcname),
				 errdetail("The centroids have %d features; means has %d and scales %d elements.",
						   d, nm, ns)));
	for (int l = 0; l < d; l++)
		if (!(scales[l] > 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: \"scales\" must be positive", funcname),
					 errdetail("Element %d is %g.", l + 1, scales[l])));
}


/* ------------------------------------------------------------------------
 * Loading the rows: util/matrix.h (the direct executor path, ARRAY[...]
 * unpacked, or SPI); float8[] features first, further columns ignored.
 * ------------------------------------------------------------------------ */

static PmktMatrix *
km_load(const char *query, bool error_over_budget, const char *funcname)
{
	PmktLoadSpec spec = {0};

	spec.funcname = funcname;
	spec.budget = PMKT_TRAIN_BUDGET_BYTES;
	spec.error_over_budget = error_over_budget;
	spec.budget_hint = error_over_budget ?
		"Raise pmkt.max_train_memory or pass a sample, e.g. FROM t TABLESAMPLE SYSTEM (10)." : NULL;
	spec.max_targets = 0;
	spec.ignore_extra = true;
	spec.shape = "float8[] features in its first column";
	spec.example = "SELECT ARRAY[f1, f2, f3] FROM t";
	return pmkt_load_rows(query, &spec);
}

/* ------------------------------------------------------------------------
 * kmeans_assign
 * ------------------------------------------------------------------------ */

typedef struct AssignCache
{
	bool		stable;			/* argument is a Const / external Param */
	Size		nbytes;			/* the key: the argument's bytes */
	char	   *bytes;
	int			k;
	int			d;
	bool		scaled;
	double	   *C;				/* k x d, in the space rows are compared in */
	int			kp;				/* 4 / 8: Ct holds C transposed; 0: use C */
	double	   *Ct;				/* d x kp (pmkt_kmeans_transpose) */
	double	   *means;			/* d, when scaled */
	double	   *scales;
} AssignCache;

/*
 * assign_cache: the validated constants of argument argno, rebuilt only
 * when its bytes change (a constant is normally the same Datum every row).
 */
static AssignCache *
assign_cache(FunctionCallInfo fcinfo, int argno, bool is_model)
{
	FmgrInfo   *flinfo = fcinfo->flinfo;
	AssignCache *cache = (AssignCache *) flinfo->fn_extra;
	struct varlena *v = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	Size		nbytes;
	char	   *p;
	MemoryContext old;
	int			k,
				d;
	double	   *c;

	/* a Const or external Param cannot change during this FmgrInfo's life */
	if (cache && cache->stable)
		return cache;
	if (VARATT_IS_EXTENDED(v))
		v = pg_detoast_datum_packed(v);
	nbytes = VARSIZE_ANY_EXHDR(v);
	p = VARDATA_ANY(v);
	if (cache && cache->nbytes == nbytes && memcmp(cache->bytes, p, nbytes) == 0)
		return cache;

	/* miss: validate and rebuild */
	old = MemoryContextSwitchTo(flinfo->fn_mcxt);
	if (cache)
	{
		pfree(cache->bytes);
		pfree(cache->C);
		pfree(cache->Ct);
		if (cache->means)
			pfree(cache->means);
		if (cache->scales)
			pfree(cache->scales);
		pfree(cache);
		flinfo->fn_extra = NULL;
	}
	cache = palloc0(sizeof(AssignCache));
	MemoryContextSwitchTo(old);

	if (!is_model)
	{
		ArrayType  *a = DatumGetArrayTypeP(PG_GETARG_DATUM(argno));

		c = pmkt_matrix(a, "centroids", &k, &d, true);
	}
	else
	{
		HeapTupleHeader th = DatumGetHeapTupleHeader(PG_GETARG_DATUM(argno));
		bool		isnull;
		Datum		cd = GetAttributeByName(th, "centroids", &isnull);
		Datum		sd;

		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("kmeans_assign: argument \"model\" has no centroids"),
					 errhint("Pass the result of pmkt.kmeans_train().")));
		c = pmkt_matrix(DatumGetArrayTypeP(cd), "model.centroids", &k, &d, true);
		sd = GetAttributeByName(th, "standardized", &isnull);
		cache->scaled = !isnull && DatumGetBool(sd);
		if (cache->scaled)
		{
			Datum		md = GetAttributeByName(th, "means", &isnull);
			bool		isnull2;
			Datum		scd = GetAttributeByName(th, "scales", &isnull2);
			int			nm,
						ns;
			double	   *m,
					   *s;

			if (isnull || isnull2)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("kmeans_assign: a standardized model needs \"means\" and \"scales\""),
						 errhint("Pass the result of pmkt.kmeans_train(..., standardize => true).")));
			m = pmkt_vector(DatumGetArrayTypeP(md), "model.means", &nm, true);
			s = pmkt_vector(DatumGetArrayTypeP(scd), "model.scales", &ns, true);
			check_scaling(nm, s, ns, d, "kmeans_assign");
			old = MemoryContextSwitchTo(flinfo->fn_mcxt);
			cache->means = palloc(sizeof(double) * d);
			cache->scales = palloc(sizeof(double) * d);
			MemoryContextSwitchTo(old);
			memcpy(cache->means, m, sizeof(double) * d);
			memcpy(cache->scales, s, sizeof(double) * d);
		}
	}

	old = MemoryContextSwitchTo(flinfo->fn_mcxt);
	cache->k = k;
	cache->d = d;
	cache->C = palloc(sizeof(double) * (Size) k * d);
	for (int j = 0; j < k; j++)
		for (int l = 0; l < d; l++)
		{
			double		v2 = c[(Size) j * d + l];

			cache->C[(Size) j * d + l] = cache->scaled ?
				(v2 - cache->means[l]) / cache->scales[l] : v2;
		}
	cache->Ct = palloc(sizeof(double) * (Size) d * PMKT_KMEANS_KP_MAX);
	cache->kp = pmkt_kmeans_transpose(cache->C, k, d, cache->Ct);
	cache->stable = get_fn_expr_arg_stable(flinfo, argno);
	cache->nbytes = nbytes;
	cache->bytes = palloc(Max(nbytes, 1));
	memcpy(cache->bytes, p, nbytes);
	flinfo->fn_extra = cache;
	MemoryContextSwitchTo(old);
	return cache;
}

/*
 * assign_nearest: the nearest centroid of x (0-based), *dist its squared
 * distance.  An AVX2 clone where the CPU has it, without contraction, so
 * both clones give the doubles of pmkt_kmeans_sqdist; specialised for
 * d <= 8 with k <= 8 (transposed centroids).
 */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("O3", "fp-contract=off")))
#endif
__attribute__((target_clones("avx2", "default")))
static int
assign_nearest(const double *x, const AssignCache *c, double *dist)
{
#define NT(dd, kk) pmkt_kmeans_nearest_t(x, c->Ct, kk, c->k, dd, dist)
#define NT2(dd) (c->kp == 4 ? NT(dd, 4) : NT(dd, 8))
	if (c->kp == 0)
		return pmkt_kmeans_nearest(x, c->C, c->k, c->d, dist);
	switch (c->d)
	{
		case 1:
			return NT2(1);
		case 2:
			return NT2(2);
		case 3:
			return NT2(3);
		case 4:
			return NT2(4);
		case 5:
			return NT2(5);
		case 6:
			return NT2(6);
		case 7:
			return NT2(7);
		case 8:
			return NT2(8);
		default:
			return NT2(c->d);
	}
#undef NT2
#undef NT
}

static Datum
assign_common(FunctionCallInfo fcinfo, bool is_model)
{
	AssignCache *cache = assign_cache(fcinfo, 1, is_model);
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	const double *x;
	double		dist;
	int			j;

	/* shape and NULLs here; finiteness only if the distance is not finite */
	if (ARR_NDIM(a) != 1 || ARR_DIMS(a)[0] != cache->d || ARR_HASNULL(a))
		x = row_data(a, cache->d, "kmeans_assign", false, NULL);	/* raises */
	x = (const double *) ARR_DATA_PTR(a);

	if (cache->scaled)
	{
		double		z[64];
		double	   *zb = cache->d <= 64 ? z : palloc(sizeof(double) * cache->d);

		for (int l = 0; l < cache->d; l++)
			zb[l] = (x[l] - cache->means[l]) / cache->scales[l];
		j = assign_nearest(zb, cache, &dist);
	}
	else
		j = assign_nearest(x, cache, &dist);
	if (unlikely(!isfinite(dist)))
	{
		(void) row_data(a, cache->d, "kmeans_assign", false, NULL);	/* NaN/Inf in x */
		pmkt_result_overflow("kmeans_assign");	/* finite x, distance overflows */
	}
	PG_RETURN_INT32(j + 1);
}

PG_FUNCTION_INFO_V1(pmkt_kmeans_assign);
PG_FUNCTION_INFO_V1(pmkt_kmeans_assign_model);

/* kmeans_assign(x float8[], centroids float8[]) -> 1-based cluster */
Datum
pmkt_kmeans_assign(PG_FUNCTION_ARGS)
{
	return assign_common(fcinfo, false);
}

/* kmeans_assign(x float8[], model pmkt.kmeans_model) -> 1-based cluster */
Datum
pmkt_kmeans_assign_model(PG_FUNCTION_ARGS)
{
	return assign_common(fcinfo, true);
}

/* ------------------------------------------------------------------------
 * kmeans_step aggregate
 *
 * State (float8[]): header (KMEANS_HDR slots: tag, k, d, flags, n,
 * changed, sse, skipped, 2 spare), then
 *   centroids k*d | previous k*d (FLAG_PREVIOUS) | means d, scales d
 *   (FLAG_SCALING) | sums k*d | counts k | s1 d | s2 d | far k*(d+2)
 * s1/s2 are the per-feature sums of (z - c_1) and (z - c_1)^2, shifted by
 * the first centroid for accuracy (they give the feature variances).
 * ------------------------------------------------------------------------ */

typedef struct StepLayout
{
	int			k,
				d,
				flags;
	int			cent,
				prev,
				means,
				scales,
				sums,
				counts,
				s1,
				s2,
				far,
				lo,				/* low parts: sums (k x d), s1, s2 */
				len;
} StepLayout;

static void
step_layout(StepLayout *L, int k, int d, int flags)
{
	int			p = KMEANS_HDR;

	L->k = k;
	L->d = d;
	L->flags = flags;
	L->cent = p;
	p += k * d;
	L->prev = -1;
	if (flags & FLAG_PREVIOUS)
	{
		L->prev = p;
		p += k * d;
	}
	L->means = L->scales = -1;
	if (flags & FLAG_SCALING)
	{
		L->means = p;
		p += d;
		L->scales = p;
		p += d;
	}
	L->sums = p;
	p += k * d;
	L->counts = p;
	p += k;
	L->s1 = p;
	p += d;
	L->s2 = p;
	p += d;
	L->far = p;
	p += k * (d + 2);
	L->lo = p;
	p += k * d + 2 * d;
	L->len = p;
}

/*
 * Order-independent sums (issue 19): every accumulator of kmeans_step is a
 * double-double (hi in its slot, lo in the state's low parts), added with
 * error-free transformations (util/dd.h), so a sum carries about 106 bits
 * and the double it rounds to is the same whatever the order in which rows
 * arrive or partial states merge, unless the exact sum lies within about
 * n 2^-106 of its magnitude sum from a rounding boundary of the final
 * double (for the sums of squares and the inertia, sums of non-negative
 * terms: a chance of about n 2^-53 per value; for the cluster sums a
 * larger one only under cancellation far beyond that of real data).
 */
PMKT_NO_CONTRACT static inline void
dd_acc(double *hi, double *lo, double x)
{
	dd			a = dd_two_sum(*hi, x);

	a = dd_two_sum(a.hi, a.lo + *lo);
	*hi = a.hi;
	*lo = a.lo;
}

static inline double
dd_value(const double *hi, const double *lo)
{
	return *hi + *lo;
}

/*
 * check_low_parts: low parts finite and below the last bit of their high
 * part (|lo| <= 2^-52 |hi|; 0 when hi is 0)
 */
static void
check_low_parts(const double *hi, const double *lo, int n, int stride,
				const char *funcname)
{
	for (int i = 0; i < n; i++)
	{
		double		h = hi[(Size) i * stride],
					l = lo[(Size) i * stride];

		if (!isfinite(l) || fabs(l) > ldexp(fabs(h), -52))
			pmkt_state_invalid(funcname, "a low part is not below its sum's last bit",
							   "Sum %.17g, low part %.17g.", h, l);
	}
}

/*
 * step_state: a state's data and layout after checking its tag, header and
 * length (what every memory access depends on: on every call) and, when
 * full, its contents (combine and final, before use; every state is
 * untrusted input, util/state.h): counts are non-negative integers adding
 * up to n, the constants and sums are finite (scales > 0), and the
 * farthest-rows table holds, in descending order of a finite non-negative
 * distance, rows of finite values whose labels are clusters in 0..k-1
 * with at most as many entries as their count, followed by unused
 * entries (distance -1).
 */
static double *
step_state(ArrayType *st, StepLayout *L, const char *funcname, bool full)
{
	double	   *s = pmkt_state_data(st, KMEANS_STEP_TAG, -1, funcname);
	int			len = PMKT_STATE_LEN(st);
	int			k,
				d,
				flags;

	if (len < KMEANS_HDR)
		pmkt_state_invalid(funcname, "too short for the header",
						   "The state has %d slots, the header alone %d.",
						   len, KMEANS_HDR);
	k = pmkt_state_int(s[H_K], 1, 16 * 1024 * 1024, "k", funcname);
	d = pmkt_state_int(s[H_D], 1, 16 * 1024 * 1024, "d", funcname);
	flags = pmkt_state_int(s[H_FLAGS], 0, FLAG_PREVIOUS | FLAG_SCALING,
						   "flags", funcname);
	if ((double) k * (d + 4) > 16 * 1024 * 1024)	/* the sfunc's limit */
		pmkt_state_invalid(funcname, "too many centroids for one state",
						   "k is %d, d %d.", k, d);
	step_layout(L, k, d, flags);
	if (L->len != len)
		pmkt_state_invalid(funcname, "length does not match the header",
						   "The state has %d slots, its header implies %d.",
						   len, L->len);
	if (full)
	{
		double		n = pmkt_state_count(s[H_N], "n", funcname);
		double		total = 0;
		int			used = 0;
		int64	   *per_cluster;

		pmkt_state_count(s[H_SKIPPED], "skipped rows", funcname);
		pmkt_state_count(s[H_CHANGED], "changed rows", funcname);
		pmkt_state_count_le(s[H_CHANGED], "changed rows", n, "n", funcname);
		pmkt_state_finite(s + H_SSE, 1, true, "sse", funcname);
		pmkt_state_finite(s + L->cent, k * d, false, "centroids", funcname);
		if (flags & FLAG_PREVIOUS)
			pmkt_state_finite(s + L->prev, k * d, false, "previous centroids",
							  funcname);
		if (flags & FLAG_SCALING)
		{
			pmkt_state_finite(s + L->means, d, false, "means", funcname);
			for (int l = 0; l < d; l++)
				if (!(s[L->scales + l] > 0) || !isfinite(s[L->scales + l]))
					pmkt_state_invalid(funcname, "scales must be finite and positive",
									   "Position %d of the scales: %.17g.",
									   l + 1, s[L->scales + l]);
		}
		pmkt_state_finite(s + L->sums, k * d, false, "cluster sums", funcname);
		for (int j = 0; j < k; j++)
			total += pmkt_state_count(s[L->counts + j], "cluster sizes", funcname);
		if (total != n)
			pmkt_state_invalid(funcname, "cluster sizes do not add up to n",
							   "The sizes add up to %.17g, n is %.17g.", total, n);
		pmkt_state_finite(s + L->s1, d, false, "feature sums", funcname);
		pmkt_state_finite(s + L->s2, d, true, "feature sums of squares", funcname);

		per_cluster = palloc0(sizeof(int64) * k);
		for (int j = 0; j < k; j++)
		{
			const double *e = s + L->far + (Size) j * (d + 2);
			int			label;

			if (e[0] == -1)
				continue;		/* unused: only after the used entries */
			if (used < j)
				pmkt_state_invalid(funcname, "a farthest-rows entry after an unused one",
								   "Entry %d has distance %.17g.", j + 1, e[0]);
			used = j + 1;
			if (!(e[0] >= 0) || !isfinite(e[0]) ||
				(j > 0 && e[0] > e[-(d + 2)]))
				pmkt_state_invalid(funcname, "farthest-rows distances must be finite, non-negative and descending",
								   "Entry %d has distance %.17g.", j + 1, e[0]);
			label = pmkt_state_int(e[1], 0, k - 1, "farthest-rows label", funcname);
			if (++per_cluster[label] > (int64) s[L->counts + label])
				pmkt_state_invalid(funcname, "more farthest rows in a cluster than its size",
								   "Cluster %d (label %d) has size %.17g.",
								   label + 1, label, s[L->counts + label]);
			pmkt_state_finite(e + 2, d, false, "farthest-rows row", funcname);
		}
		pfree(per_cluster);
		check_low_parts(s + H_SSE, s + H_SSE_LO, 1, 1, funcname);
		check_low_parts(s + L->sums, s + L->lo, k * d, 1, funcname);
		check_low_parts(s + L->s1, s + L->lo + k * d, 2 * d, 1, funcname);
	}
	return s;
}

/* step_overflow: the accumulators stay finite (22003 otherwise). */
static void
step_overflow(const double *s, const StepLayout *L, const char *funcname)
{
	pmkt_state_check_overflow(s + H_SSE, 1, funcname);
	pmkt_state_check_overflow(s + L->sums, L->far - L->sums, funcname);
	pmkt_state_check_overflow(s + L->lo, L->len - L->lo, funcname);
}

PG_FUNCTION_INFO_V1(pmkt_kmeans_step_sfunc);

/*
 * kmeans_step_sfunc(state, x, centroids [, previous_centroids, means, scales])
 * Non-strict: a NULL row (or one with a NULL element) is skipped and
 * counted; the constants are validated once, on the first row, and kept in
 * the state (Citus calls the transition function with a fresh FmgrInfo).
 */
Datum
pmkt_kmeans_step_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "kmeans_step";
	ArrayType  *st;
	double	   *s;
	StepLayout	L;
	const double *x;
	double		zbuf[64];
	double	   *z;
	double		dist;
	int			j;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("kmeans_step_sfunc called in non-aggregate context")));

	if (PG_ARGISNULL(0))
	{
		int			k,
					d,
					flags = 0;
		double	   *c,
				   *prev = NULL,
				   *m = NULL,
				   *sc = NULL;

		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"centroids\" must not be NULL", fn),
					 errhint("Pass the k x d centroids of this iteration.")));
		c = pmkt_matrix(PG_GETARG_ARRAYTYPE_P(2), "centroids", &k, &d, true);
		if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		{
			int			pk,
						pd;

			prev = pmkt_matrix(PG_GETARG_ARRAYTYPE_P(3), "previous_centroids", &pk, &pd, true);
			if (pk != k || pd != d)
				ereport(ERROR,
						(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						 errmsg("%s: \"previous_centroids\" must have the shape of \"centroids\"", fn),
						 errdetail("centroids is %d x %d, previous_centroids %d x %d.", k, d, pk, pd)));
			flags |= FLAG_PREVIOUS;
		}
		if (PG_NARGS() > 5 && (!PG_ARGISNULL(4) || !PG_ARGISNULL(5)))
		{
			int			nm,
						ns;

			if (PG_ARGISNULL(4) || PG_ARGISNULL(5))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: pass both \"means\" and \"scales\" or neither", fn)));
			m = pmkt_vector(PG_GETARG_ARRAYTYPE_P(4), "means", &nm, true);
			sc = pmkt_vector(PG_GETARG_ARRAYTYPE_P(5), "scales", &ns, true);
			check_scaling(nm, sc, ns, d, fn);
			flags |= FLAG_SCALING;
		}
		if ((double) k * (d + 4) > 16 * 1024 * 1024)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: %d centroids of %d features are too many for one state", fn, k, d)));
		step_layout(&L, k, d, flags);
		st = pmkt_state_new(fcinfo, L.len, fn);
		s = (double *) ARR_DATA_PTR(st);
		s[0] = KMEANS_STEP_TAG;
		s[H_K] = k;
		s[H_D] = d;
		s[H_FLAGS] = flags;
		memcpy(s + L.cent, c, sizeof(double) * (Size) k * d);
		if (prev)
			memcpy(s + L.prev, prev, sizeof(double) * (Size) k * d);
		if (m)
		{
			memcpy(s + L.means, m, sizeof(double) * d);
			memcpy(s + L.scales, sc, sizeof(double) * d);
		}
		pmkt_kmeans_far_init(s + L.far, k, d);
	}
	else
	{
		st = pmkt_state_arg(fcinfo, 0, fn);
		s = step_state(st, &L, fn, false);
	}

	if (PG_ARGISNULL(1))
	{
		s[H_SKIPPED] += 1;
		PG_RETURN_ARRAYTYPE_P(st);
	}
	x = row_data(PG_GETARG_ARRAYTYPE_P(1), L.d, fn, true, NULL);
	if (x == NULL)
	{
		s[H_SKIPPED] += 1;
		PG_RETURN_ARRAYTYPE_P(st);
	}
	z = (double *) x;
	if (L.flags & FLAG_SCALING)
	{
		z = L.d <= 64 ? zbuf : palloc(sizeof(double) * L.d);
		for (int l = 0; l < L.d; l++)
			z[l] = (x[l] - s[L.means + l]) / s[L.scales + l];
	}
	j = pmkt_kmeans_nearest(z, s + L.cent, L.k, L.d, &dist);
	{
		double	   *sum = s + L.sums + (Size) j * L.d;
		double	   *sumlo = s + L.lo + (Size) j * L.d;
		double	   *c1 = s + L.cent;
		double	   *s1 = s + L.s1;
		double	   *s2 = s + L.s2;
		double	   *s1lo = s + L.lo + (Size) L.k * L.d;
		double	   *s2lo = s1lo + L.d;

		for (int l = 0; l < L.d; l++)
		{
			double		t = z[l] - c1[l];

			dd_acc(sum + l, sumlo + l, z[l]);
			dd_acc(s1 + l, s1lo + l, t);
			dd_acc(s2 + l, s2lo + l, t * t);
		}
	}
	s[L.counts + j] += 1;
	dd_acc(s + H_SSE, s + H_SSE_LO, dist);
	s[H_N] += 1;
	if (unlikely(!isfinite(s[H_SSE])))
		step_overflow(s, &L, fn);
	else
	{
		pmkt_state_check_overflow(s + L.sums + (Size) j * L.d, L.d, fn);
		pmkt_state_check_overflow(s + L.s1, 2 * L.d, fn);
	}
	pmkt_kmeans_far_offer(s + L.far, L.k, L.d, dist, j, z);
	if (L.flags & FLAG_PREVIOUS)
	{
		double		pd;

		if (pmkt_kmeans_nearest(z, s + L.prev, L.k, L.d, &pd) != j)
			s[H_CHANGED] += 1;
	}
	PG_RETURN_ARRAYTYPE_P(st);
}

PG_FUNCTION_INFO_V1(pmkt_kmeans_step_combine);

/* kmeans_step_combine(a, b): strict; merges b into a. */
Datum
pmkt_kmeans_step_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "kmeans_step";
	ArrayType  *a = pmkt_state_arg(fcinfo, 0, fn);
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	StepLayout	La,
				Lb;
	double	   *sa = step_state(a, &La, fn, true);
	double	   *sb = step_state(b, &Lb, fn, true);
	int			constants_end;

	if (La.len != Lb.len || La.k != Lb.k || La.d != Lb.d || La.flags != Lb.flags)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: cannot combine states of different shapes", fn),
				 errdetail("One state has k = %d, d = %d, the other k = %d, d = %d.",
						   La.k, La.d, Lb.k, Lb.d)));
	constants_end = La.sums;
	if (memcmp(sa + La.cent, sb + Lb.cent, sizeof(double) * (constants_end - La.cent)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: cannot combine states computed with different centroids", fn),
				 errhint("Pass the same centroids to every row of one aggregate call.")));
	sa[H_N] += sb[H_N];
	sa[H_CHANGED] += sb[H_CHANGED];
	sa[H_SKIPPED] += sb[H_SKIPPED];
	{
		dd			v = dd_add((dd) {sa[H_SSE], sa[H_SSE_LO]}, (dd) {sb[H_SSE], sb[H_SSE_LO]});

		sa[H_SSE] = v.hi;
		sa[H_SSE_LO] = v.lo;
	}
	/* the sums (double-double), the counts (exact integers), s1, s2 */
	for (int i = La.sums; i < La.far; i++)
	{
		int			lo;
		dd			v;

		if (i >= La.counts && i < La.counts + La.k)
		{
			sa[i] += sb[i];
			continue;
		}
		lo = La.lo + (i < La.counts ? i - La.sums : La.k * La.d + (i - La.s1));
		v = dd_add((dd) {sa[i], sa[lo]}, (dd) {sb[i], sb[lo]});
		sa[i] = v.hi;
		sa[lo] = v.lo;
	}
	for (int j = 0; j < La.k; j++)
	{
		double	   *e = sb + La.far + (Size) j * (La.d + 2);

		if (e[0] < 0)
			break;
		pmkt_kmeans_far_offer(sa + La.far, La.k, La.d, e[0], (int) e[1], e + 2);
	}
	step_overflow(sa, &La, fn);
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(pmkt_kmeans_step_final);

/*
 * kmeans_step_final(state) -> pmkt.kmeans_step_result
 * NULL when no row was aggregated.
 */
Datum
pmkt_kmeans_step_final(PG_FUNCTION_ARGS)
{
	const char *fn = "kmeans_step";
	ArrayType  *st;
	double	   *s;
	StepLayout	L;
	TupleDesc	tupdesc;
	Datum		values[9];
	bool		nulls[9] = {0};
	double	   *newc,
			   *sums,
			   *counts,
			   *fm,
			   *fv;
	int64	   *sizes;
	double		shift = 0;
	double		n;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = PG_GETARG_ARRAYTYPE_P(0);
	s = step_state(st, &L, fn, true);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "kmeans_step_final: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);

	n = s[H_N];
	newc = palloc(sizeof(double) * (Size) L.k * L.d);
	sums = palloc(sizeof(double) * (Size) L.k * L.d);
	counts = palloc(sizeof(double) * L.k);
	sizes = palloc(sizeof(int64) * L.k);
	fm = palloc(sizeof(double) * L.d);
	fv = palloc(sizeof(double) * L.d);
	for (int i = 0; i < L.k * L.d; i++)
		sums[i] = dd_value(s + L.sums + i, s + L.lo + i);
	memcpy(counts, s + L.counts, sizeof(double) * L.k);
	for (int j = 0; j < L.k; j++)
		sizes[j] = (int64) counts[j];
	if (n > 0)
		pmkt_kmeans_update(L.k, L.d, sums, counts, s + L.far, newc);
	else
		memcpy(newc, s + L.cent, sizeof(double) * (Size) L.k * L.d);
	for (int j = 0; j < L.k; j++)
	{
		double		cs = sqrt(pmkt_kmeans_sqdist(newc + (Size) j * L.d,
												 s + L.cent + (Size) j * L.d, L.d));

		shift += cs * cs;
	}
	for (int l = 0; l < L.d; l++)
	{
		double		s1 = dd_value(s + L.s1 + l, s + L.lo + L.k * L.d + l),
					s2 = dd_value(s + L.s2 + l, s + L.lo + L.k * L.d + L.d + l);

		if (n > 0)
		{
			fm[l] = s[L.cent + l] + s1 / n;
			fv[l] = Max(0.0, (s2 - s1 * s1 / n) / n);
		}
		else
			fm[l] = fv[l] = NAN;
	}

	values[0] = PointerGetDatum(pmkt_build_matrix(newc, L.k, L.d));
	values[1] = PointerGetDatum(pmkt_build_int8_vector(sizes, L.k));
	values[2] = Float8GetDatum(dd_value(s + H_SSE, s + H_SSE_LO));
	values[3] = Float8GetDatum(shift);
	values[4] = Int64GetDatum((int64) s[H_CHANGED]);
	nulls[4] = !(L.flags & FLAG_PREVIOUS);
	values[5] = Int64GetDatum((int64) n);
	values[6] = Int64GetDatum((int64) s[H_SKIPPED]);
	values[7] = PointerGetDatum(pmkt_build_vector(fm, L.d));
	values[8] = PointerGetDatum(pmkt_build_vector(fv, L.d));
	nulls[7] = nulls[8] = (n == 0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ------------------------------------------------------------------------
 * Training
 * ------------------------------------------------------------------------ */

typedef enum
{
	INIT_PP,
	INIT_RANDOM,
	INIT_DENSITY,
	INIT_GIVEN
} InitKind;

typedef struct TrainArgs
{
	const char *query;
	int			k;
	InitKind	init;
	int			max_iter;
	double		tol;
	int			n_init;
	bool		standardize;
	int64		seed;
	double	   *given;			/* k x d initial centroids (original units) */
	int			given_k,
				given_d;
} TrainArgs;

typedef struct TrainResult
{
	int			k,
				d;
	double	   *centroids;		/* original units */
	int64	   *sizes;
	double		inertia;
	int			iterations;
	bool		converged;
	int			n_init;
	int64		n;
	int64		skipped;
	double	   *means;			/* NULL unless standardized */
	double	   *scales;
	bool		in_memory;
} TrainResult;

static const char *
init_name(InitKind k)
{
	switch (k)
	{
		case INIT_PP:
			return "kmeans++";
		case INIT_RANDOM:
			return "random";
		case INIT_DENSITY:
			return "density";
		case INIT_GIVEN:
			return "given";
	}
	return "?";
}

static InitKind
parse_init(const char *s, const char *funcname)
{
	if (strcmp(s, "kmeans++") == 0 || strcmp(s, "k-means++") == 0)
		return INIT_PP;
	if (strcmp(s, "random") == 0)
		return INIT_RANDOM;
	if (strcmp(s, "density") == 0)
		return INIT_DENSITY;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: unknown value \"%s\" for argument \"init\"", funcname, s),
			 errhint("Use 'kmeans++', 'random' or 'density', or pass initial_centroids.")));
	return INIT_PP;				/* keep compiler quiet */
}

/* check_rows: errors for empty input and k > rows. */
static void
check_rows(int64 n, int64 skipped, int k, const char *funcname)
{
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: the query returned no usable rows", funcname),
				 errdetail(INT64_FORMAT " rows were skipped for NULL features.", skipped),
				 errhint("Check the query; it must return one non-NULL float8[] per row.")));
	if (k > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"k\" exceeds the number of rows", funcname),
				 errdetail("k is %d but the query returned " INT64_FORMAT " usable rows.", k, n),
				 errhint("Use k <= the number of rows.")));
}

/* standardize_rows: z-score X in place (population std; 0 -> 1). */
static void
standardize_rows(double *X, int64 n, int d, double *means, double *scales)
{
	for (int l = 0; l < d; l++)
	{
		double		sum = 0,
					ss = 0;

		for (int64 i = 0; i < n; i++)
			sum += X[(Size) i * d + l];
		means[l] = sum / (double) n;
		for (int64 i = 0; i < n; i++)
		{
			double		t = X[(Size) i * d + l] - means[l];

			ss += t * t;
		}
		scales[l] = sqrt(ss / (double) n);
		if (!(scales[l] > 0))
			scales[l] = 1.0;
		CHECK_FOR_INTERRUPTS();
	}
	for (int64 i = 0; i < n; i++)
	{
		for (int l = 0; l < d; l++)
			X[(Size) i * d + l] = (X[(Size) i * d + l] - means[l]) / scales[l];
		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/* seed_centroids: initial centroids (scaled space) for one run. */
static void
seed_centroids(const TrainArgs *a, const double *X, int64 n, int d,
			   PmktRng *rng, const double *means, const double *scales,
			   double *C)
{
	switch (a->init)
	{
		case INIT_PP:
			pmkt_kmeans_pp_init(X, n, d, a->k, rng, C);
			break;
		case INIT_RANDOM:
			pmkt_kmeans_random_init(X, n, d, a->k, rng, C);
			break;
		case INIT_DENSITY:
			pmkt_kmeans_density_init(X, n, d, a->k, 0, 0, C);
			break;
		case INIT_GIVEN:
			for (int j = 0; j < a->k; j++)
				for (int l = 0; l < d; l++)
				{
					double		v = a->given[(Size) j * d + l];

					C[(Size) j * d + l] = means ? (v - means[l]) / scales[l] : v;
				}
			break;
	}
}

static void
check_given_shape(const TrainArgs *a, int d, const char *funcname)
{
	if (a->init == INIT_GIVEN && (a->given_k != a->k || a->given_d != d))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: argument \"initial_centroids\" must be k x d", funcname),
				 errdetail("k is %d and the rows have %d features; initial_centroids is %d x %d.",
						   a->k, d, a->given_k, a->given_d)));
}

/* unscale_centroids: back to original units. */
static void
unscale_centroids(double *C, int k, int d, const double *means,
				  const double *scales)
{
	if (!means)
		return;
	for (int j = 0; j < k; j++)
		for (int l = 0; l < d; l++)
			C[(Size) j * d + l] = C[(Size) j * d + l] * scales[l] + means[l];
}

/* the CPU time of this process, all its threads, in ms (DEBUG2 lines) */
static double
process_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* train_memory: every run in memory over the loaded matrix. */
static void
train_memory(const TrainArgs *a, PmktMatrix *m, TrainResult *r,
			 const char *funcname)
{
	int64		n = m->n;
	int			d = m->d;
	int			k = a->k;
	double	   *C = palloc(sizeof(double) * (Size) k * d);
	int64	   *sizes = palloc(sizeof(int64) * k);
	PmktRng		rng;
	int			runs = (a->init == INIT_GIVEN || a->init == INIT_DENSITY) ? 1 : a->n_init;

	check_given_shape(a, d, funcname);
	r->k = k;
	r->d = d;
	r->n = n;
	r->skipped = m->skipped_null;
	r->in_memory = true;
	r->n_init = runs;
	r->centroids = palloc(sizeof(double) * (Size) k * d);
	r->sizes = palloc(sizeof(int64) * k);
	r->means = r->scales = NULL;
	if (a->standardize)
	{
		r->means = palloc(sizeof(double) * d);
		r->scales = palloc(sizeof(double) * d);
		standardize_rows(m->X, n, d, r->means, r->scales);
	}
	pmkt_rng_seed(&rng, (uint64) a->seed);
	for (int run = 0; run < runs; run++)
	{
		double		inertia;
		bool		conv;
		int			iters;

		instr_time	t0,
					t1,
					t2;
		double		c0,
					c1,
					c2;

		INSTR_TIME_SET_CURRENT(t0);
		c0 = process_cpu_ms();
		seed_centroids(a, m->X, n, d, &rng, r->means, r->scales, C);
		INSTR_TIME_SET_CURRENT(t1);
		c1 = process_cpu_ms();
		iters = pmkt_kmeans_lloyd(m->X, n, d, k, C, a->max_iter, a->tol, NULL,
								  sizes, &inertia, &conv);
		INSTR_TIME_SET_CURRENT(t2);
		c2 = process_cpu_ms();
		INSTR_TIME_SUBTRACT(t2, t1);
		INSTR_TIME_SUBTRACT(t1, t0);
		/* for bench/segment/kmeans_e2e.sh */
		elog(DEBUG2, "%s: run %d: seeding %.1f ms (CPU %.1f ms), Lloyd (%d iterations and the final assignment) %.1f ms (CPU %.1f ms)",
			 funcname, run + 1, INSTR_TIME_GET_MILLISEC(t1), c1 - c0, iters,
			 INSTR_TIME_GET_MILLISEC(t2), c2 - c1);
		if (run == 0 || inertia < r->inertia)
		{
			memcpy(r->centroids, C, sizeof(double) * (Size) k * d);
			memcpy(r->sizes, sizes, sizeof(int64) * k);
			r->inertia = inertia;
			r->iterations = iters;
			r->converged = conv;
		}
	}
	unscale_centroids(r->centroids, k, d, r->means, r->scales);
}

/*
 * sample_pass: one pass of the combinable aggregate pmkt.row_sample over
 * the query (segment/sample.c): the usable row count, the skipped rows and
 * a seeded sample of up to pmkt_sample_size(d, k) distinct rows with their
 * multiplicities, keyed on the rows' content, so the same whatever the
 * row order or plan (parallel workers, Citus shards) and never more than
 * one row through this backend.  Runs inside the caller's SPI connection;
 * the sample (m x d, its weights) is allocated in mcxt.
 */
static double *
sample_pass(const PmktUserQuery *uq0, const char *q, int k, int dguess, int64 seed,
			MemoryContext mcxt, int64 *n_out, int64 *skipped_out, int *d_out,
			int64 *m_out, double **w_out)
{
	PmktUserQuery uq = *uq0;
	const char *sql = psprintf("SELECT pmkt.row_sample(q.x, %d, " INT64_FORMAT ") FROM (%s\n) AS q(x)",
							   pmkt_sample_size(Max(dguess, 1), k), seed, q);
	HeapTupleHeader th;
	bool		isnull;
	Datum		dt;
	double	   *S = NULL;

	uq.query = q;
	if (pmkt_uq_execute(&uq, sql, true, 0) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "kmeans_train: the sampling pass failed");
	dt = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	*n_out = *skipped_out = *m_out = 0;
	*d_out = -1;
	*w_out = NULL;
	if (isnull)
		return NULL;			/* no rows at all */
	th = DatumGetHeapTupleHeader(dt);
	*n_out = DatumGetInt64(GetAttributeByName(th, "rows", &isnull));
	*skipped_out = DatumGetInt64(GetAttributeByName(th, "skipped", &isnull));
	dt = GetAttributeByName(th, "sample", &isnull);
	if (!isnull)
	{
		ArrayType  *a = DatumGetArrayTypeP(dt);
		ArrayType  *wa = DatumGetArrayTypeP(GetAttributeByName(th, "weights", &isnull));
		int64		m = ARR_DIMS(a)[0];
		int			d = ARR_DIMS(a)[1];
		const int64 *wi = (const int64 *) ARR_DATA_PTR(wa);
		MemoryContext old = MemoryContextSwitchTo(mcxt);

		S = palloc(sizeof(double) * (Size) m * d);
		memcpy(S, ARR_DATA_PTR(a), sizeof(double) * (Size) m * d);
		*w_out = palloc(sizeof(double) * m);
		for (int64 i = 0; i < m; i++)
			(*w_out)[i] = (double) wi[i];
		MemoryContextSwitchTo(old);
		*m_out = m;
		*d_out = d;
	}
	SPI_freetuptable(SPI_tuptable);
	return S;
}

/* index of the first entry whose running sum of v exceeds r (the last one else) */
static int64
draw_index(const double *v, int64 m, double r)
{
	double		acc = 0;

	for (int64 i = 0; i < m; i++)
	{
		acc += v[i];
		if (acc > r)
			return i;
	}
	for (int64 i = m - 1; i > 0; i--)
		if (v[i] > 0)
			return i;
	return 0;
}

/*
 * weighted_pp: k-means++ over the m sampled rows S with multiplicities w,
 * greedy as scikit-learn's (2 + floor(ln k) candidates per centroid, drawn
 * with probability w D^2; the one lowering the weighted potential most
 * wins); the first centroid is drawn with probability w.  Every sum runs
 * in sample order (ascending key), so the centroids depend on the rows and
 * the seed only.
 */
static void
weighted_pp(const double *S, const double *w, int64 m, int d, int k,
			PmktRng *rng, double *C)
{
	double	   *closest = palloc(sizeof(double) * m);
	double	   *cand = palloc(sizeof(double) * m);
	double	   *best = palloc(sizeof(double) * m);
	int			trials = 2 + (int) floor(log((double) k));
	double		wsum = 0,
				pot = 0;
	int64		c0;

	for (int64 i = 0; i < m; i++)
		wsum += w[i];
	c0 = draw_index(w, m, pmkt_rng_uniform(rng) * wsum);
	memcpy(C, S + (Size) c0 * d, sizeof(double) * d);
	for (int64 i = 0; i < m; i++)
	{
		closest[i] = w[i] * pmkt_kmeans_sqdist(S + (Size) i * d, C, d);
		pot += closest[i];
	}
	for (int c = 1; c < k; c++)
	{
		double		best_pot = -1;
		int64		best_i = 0;

		for (int t = 0; t < trials; t++)
		{
			int64		ci;
			double		np = 0;

			CHECK_FOR_INTERRUPTS();
			ci = pot > 0 ? draw_index(closest, m, pmkt_rng_uniform(rng) * pot)
				: draw_index(w, m, pmkt_rng_uniform(rng) * wsum);
			for (int64 i = 0; i < m; i++)
			{
				double		v = w[i] * pmkt_kmeans_sqdist(S + (Size) i * d, S + (Size) ci * d, d);

				cand[i] = Min(closest[i], v);
				np += cand[i];
			}
			if (best_pot < 0 || np < best_pot)
			{
				double	   *tmp = best;

				best_pot = np;
				best_i = ci;
				best = cand;
				cand = tmp;
			}
		}
		memcpy(C + (Size) c * d, S + (Size) best_i * d, sizeof(double) * d);
		memcpy(closest, best, sizeof(double) * m);
		pot = best_pot;
	}
	pfree(closest);
	pfree(cand);
	pfree(best);
}

/* weighted_random: k distinct sampled rows drawn with probability w (k <= m) */
static void
weighted_random(const double *S, const double *w, int64 m, int d, int k,
				PmktRng *rng, double *C)
{
	double	   *v = palloc(sizeof(double) * m);
	double		wsum = 0;

	memcpy(v, w, sizeof(double) * m);
	for (int64 i = 0; i < m; i++)
		wsum += v[i];
	for (int c = 0; c < k; c++)
	{
		int64		i = draw_index(v, m, pmkt_rng_uniform(rng) * wsum);

		memcpy(C + (Size) c * d, S + (Size) i * d, sizeof(double) * d);
		wsum -= v[i];
		v[i] = 0;
	}
	pfree(v);
}

/*
 * seed_from_sample: initial centroids (scaled space) for one run of the
 * beyond-budget path from the weighted sample.  Fewer distinct rows than
 * k: k-means++ (it repeats rows once every potential is 0) whatever init.
 */
static void
seed_from_sample(const TrainArgs *a, const double *S, const double *w, int64 m,
				 int d, PmktRng *rng, const double *means, const double *scales,
				 double *C)
{
	if (a->init == INIT_GIVEN)
		seed_centroids(a, S, m, d, rng, means, scales, C);
	else if (a->init == INIT_PP || m < a->k)
		weighted_pp(S, w, m, d, a->k, rng, C);
	else if (a->init == INIT_RANDOM)
		weighted_random(S, w, m, d, a->k, rng, C);
	else
		pmkt_kmeans_density_init(S, m, d, a->k, 0, 0, C);
}

/* One pass of kmeans_step, decoded. */
typedef struct StepOut
{
	double	   *centroids;		/* k x d */
	int64	   *sizes;
	double		inertia;
	double		shift;
	bool		changed_null;
	int64		changed;
	double	   *fmeans;
	double	   *fvars;
} StepOut;

/* the per-iteration pass: its plan, its text and the user's query it wraps */
typedef struct PassPlan
{
	SPIPlanPtr	plan;
	const char *sql;
	PmktUserQuery uq;
} PassPlan;

static void
run_step(const PassPlan *pp, int k, int d, const double *C, const double *prev,
		 const double *means, const double *scales, StepOut *o)
{
	Datum		vals[4];
	char		nulls[5] = "    ";
	TupleDesc	desc;
	HeapTupleHeader th;
	bool		isnull;
	int			ret;
	ArrayType  *arr;

	vals[0] = PointerGetDatum(pmkt_build_matrix(C, k, d));
	vals[1] = prev ? PointerGetDatum(pmkt_build_matrix(prev, k, d)) : (Datum) 0;
	if (!prev)
		nulls[1] = 'n';
	vals[2] = means ? PointerGetDatum(pmkt_build_vector(means, d)) : (Datum) 0;
	vals[3] = scales ? PointerGetDatum(pmkt_build_vector(scales, d)) : (Datum) 0;
	if (!means)
		nulls[2] = nulls[3] = 'n';
	ret = pmkt_uq_execute_plan(&pp->uq, pp->plan, pp->sql, vals, nulls, true, 0);
	if (ret != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "kmeans_train: the per-iteration pass failed (%s)",
			 SPI_result_code_string(ret));
	desc = SPI_tuptable->tupdesc;
	(void) desc;
	{
		Datum		dt = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("kmeans_train: the query returned no rows in a later pass"),
					 errhint("The rows changed during training; train on a stable table or snapshot.")));
		th = DatumGetHeapTupleHeader(dt);
	}
	if (DatumGetInt64(GetAttributeByName(th, "n_rows", &isnull)) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("kmeans_train: the query returned no usable rows in a later pass"),
				 errhint("The rows changed during training; train on a stable table or snapshot.")));
	arr = DatumGetArrayTypeP(GetAttributeByName(th, "centroids", &isnull));
	memcpy(o->centroids, ARR_DATA_PTR(arr), sizeof(double) * (Size) k * d);
	arr = DatumGetArrayTypeP(GetAttributeByName(th, "sizes", &isnull));
	memcpy(o->sizes, ARR_DATA_PTR(arr), sizeof(int64) * k);
	o->inertia = DatumGetFloat8(GetAttributeByName(th, "inertia", &isnull));
	o->shift = DatumGetFloat8(GetAttributeByName(th, "shift", &isnull));
	o->changed = DatumGetInt64(GetAttributeByName(th, "changed", &o->changed_null));
	arr = DatumGetArrayTypeP(GetAttributeByName(th, "feature_means", &isnull));
	memcpy(o->fmeans, ARR_DATA_PTR(arr), sizeof(double) * d);
	arr = DatumGetArrayTypeP(GetAttributeByName(th, "feature_variances", &isnull));
	memcpy(o->fvars, ARR_DATA_PTR(arr), sizeof(double) * d);
	SPI_freetuptable(SPI_tuptable);
}

/*
 * train_passes: the rows exceed pmkt.max_train_memory.  One pass of the
 * aggregate pmkt.row_sample counts the rows and draws the seeding sample
 * (content-keyed: the same on any plan); with standardize one more pass
 * gives the feature means and scales; then each Lloyd iteration is one
 * pass of kmeans_step, plus a final pass for sizes and inertia.  Every
 * pass is an aggregate: no row is read through this backend.
 */
static void
train_passes(const TrainArgs *a, TrainResult *r, int dguess, const char *funcname)
{
	MemoryContext cxt = CurrentMemoryContext;
	char	   *q = pmkt_strip_query(a->query);
	double	   *W;
	PmktRng		rng;
	int64		n,
				skipped,
				m;
	int			d;
	int			k = a->k;
	double	   *S;
	SPIPlanPtr	plan;
	PassPlan	pp;
	Oid			argtypes[4] = {FLOAT8ARRAYOID, FLOAT8ARRAYOID, FLOAT8ARRAYOID, FLOAT8ARRAYOID};
	StepOut		o;
	double	   *C,
			   *prev;
	int			runs = (a->init == INIT_GIVEN || a->init == INIT_DENSITY) ? 1 : a->n_init;

	pmkt_rng_seed(&rng, (uint64) a->seed);
	pp.uq.funcname = psprintf("pmkt.%s", funcname);
	pp.uq.argname = "query";
	pp.uq.query = q;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	S = sample_pass(&pp.uq, q, k, dguess, a->seed, cxt, &n, &skipped, &d, &m, &W);
	check_rows(n, skipped, k, funcname);
	check_given_shape(a, d, funcname);

	r->k = k;
	r->d = d;
	r->n = n;
	r->skipped = skipped;
	r->in_memory = false;
	r->n_init = runs;
	r->means = r->scales = NULL;
	{
		MemoryContext old = MemoryContextSwitchTo(cxt);

		r->centroids = palloc(sizeof(double) * (Size) k * d);
		r->sizes = palloc(sizeof(int64) * k);
		o.centroids = palloc(sizeof(double) * (Size) k * d);
		o.sizes = palloc(sizeof(int64) * k);
		o.fmeans = palloc(sizeof(double) * d);
		o.fvars = palloc(sizeof(double) * d);
		C = palloc(sizeof(double) * (Size) k * d);
		prev = palloc(sizeof(double) * (Size) k * d);
		if (a->standardize)
		{
			r->means = palloc(sizeof(double) * d);
			r->scales = palloc(sizeof(double) * d);
		}
		MemoryContextSwitchTo(old);
	}

	pp.sql = psprintf("SELECT pmkt.kmeans_step(q.x, $1, $2, $3, $4) "
					  "FROM (%s\n) AS q(x)", q);
	pp.plan = plan = pmkt_uq_prepare_cursor(&pp.uq, pp.sql, 4, argtypes, CURSOR_OPT_PARALLEL_OK);
	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s: could not prepare the per-iteration pass", funcname),
				 errdetail("%s", SPI_result_code_string(SPI_result))));

	if (a->standardize)
	{
		/* k = 1 pass centred on a sampled row: feature means and variances */
		run_step(&pp, 1, d, S, NULL, NULL, NULL, &o);
		for (int l = 0; l < d; l++)
		{
			r->means[l] = o.fmeans[l];
			r->scales[l] = sqrt(o.fvars[l]);
			if (!(r->scales[l] > 0))
				r->scales[l] = 1.0;
		}
		for (int64 i = 0; i < m; i++)
			for (int l = 0; l < d; l++)
				S[(Size) i * d + l] = (S[(Size) i * d + l] - r->means[l]) / r->scales[l];
	}

	for (int run = 0; run < runs; run++)
	{
		double		tol_abs = 0;
		bool		conv = false;
		bool		strict = false;
		int			it;

		seed_from_sample(a, S, W, m, d, &rng, r->means, r->scales, C);
		for (it = 0; it < a->max_iter; it++)
		{
			CHECK_FOR_INTERRUPTS();
			run_step(&pp, k, d, C, it > 0 ? prev : NULL, r->means, r->scales, &o);
			if (it == 0 && a->tol > 0)
			{
				double		mv = 0;

				for (int l = 0; l < d; l++)
					mv += o.fvars[l];
				tol_abs = a->tol * (mv / d);
			}
			memcpy(prev, C, sizeof(double) * (Size) k * d);
			memcpy(C, o.centroids, sizeof(double) * (Size) k * d);
			if (!o.changed_null && o.changed == 0)
			{
				strict = conv = true;
				break;
			}
			if (o.shift <= tol_abs)
			{
				conv = true;
				break;
			}
		}
		(void) strict;
		if (it < a->max_iter)
			it++;
		/* final pass: sizes and inertia at the final centroids */
		run_step(&pp, k, d, C, NULL, r->means, r->scales, &o);
		if (run == 0 || o.inertia < r->inertia)
		{
			memcpy(r->centroids, C, sizeof(double) * (Size) k * d);
			memcpy(r->sizes, o.sizes, sizeof(int64) * k);
			r->inertia = o.inertia;
			r->iterations = it;
			r->converged = conv;
		}
	}
	SPI_finish();
	unscale_centroids(r->centroids, k, d, r->means, r->scales);
}

/* read_train_args: the trainer's arguments, validated. */
static void
read_train_args(FunctionCallInfo fcinfo, TrainArgs *a, int first_opt,
				const char *funcname)
{
	/* positions: query 0, k 1 (train only); init, max_iter, tol, n_init, standardize, seed, initial */
	int			p = first_opt;
	const char *names[] = {"init", "max_iter", "tol", "n_init", "standardize", "seed"};

	for (int i = 0; i < 6; i++)
		if (PG_ARGISNULL(p + i))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"%s\" must not be NULL", funcname, names[i])));
	a->init = parse_init(text_to_cstring(PG_GETARG_TEXT_PP(p)), funcname);
	a->max_iter = PG_GETARG_INT32(p + 1);
	a->tol = PG_GETARG_FLOAT8(p + 2);
	a->n_init = PG_GETARG_INT32(p + 3);
	a->standardize = PG_GETARG_BOOL(p + 4);
	a->seed = PG_GETARG_INT64(p + 5);
	pmkt_check_positive_int(a->max_iter, "max_iter");
	pmkt_check_nonnegative(a->tol, "tol");
	pmkt_check_positive_int(a->n_init, "n_init");
	a->given = NULL;
	if (PG_NARGS() > p + 6 && !PG_ARGISNULL(p + 6))
	{
		a->given = pmkt_matrix(PG_GETARG_ARRAYTYPE_P(p + 6), "initial_centroids",
							   &a->given_k, &a->given_d, true);
		a->init = INIT_GIVEN;
	}
}

static void
read_query_k(FunctionCallInfo fcinfo, TrainArgs *a, const char *funcname)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"query\" must not be NULL", funcname)));
	a->query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"k\" must not be NULL", funcname)));
	a->k = PG_GETARG_INT32(1);
	pmkt_check_positive_int(a->k, "k");
}

static Datum
model_datum(FunctionCallInfo fcinfo, const TrainResult *r, InitKind init)
{
	TupleDesc	tupdesc;
	Datum		v[15];
	bool		nl[15] = {0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "kmeans_train: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	v[0] = Int32GetDatum(r->k);
	v[1] = Int32GetDatum(r->d);
	v[2] = PointerGetDatum(pmkt_build_matrix(r->centroids, r->k, r->d));
	v[3] = PointerGetDatum(pmkt_build_int8_vector(r->sizes, r->k));
	v[4] = Float8GetDatum(r->inertia);
	v[5] = Int32GetDatum(r->iterations);
	v[6] = BoolGetDatum(r->converged);
	v[7] = CStringGetTextDatum(init_name(init));
	v[8] = Int32GetDatum(r->n_init);
	v[9] = Int64GetDatum(r->n);
	v[10] = Int64GetDatum(r->skipped);
	v[11] = BoolGetDatum(r->means != NULL);
	if (r->means)
	{
		v[12] = PointerGetDatum(pmkt_build_vector(r->means, r->d));
		v[13] = PointerGetDatum(pmkt_build_vector(r->scales, r->d));
	}
	else
		nl[12] = nl[13] = true;
	v[14] = BoolGetDatum(r->in_memory);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, v, nl));
}

PG_FUNCTION_INFO_V1(pmkt_kmeans_train);

/*
 * kmeans_train(query, k, init, max_iter, tol, n_init, standardize, seed,
 *              initial_centroids) -> pmkt.kmeans_model
 */
Datum
pmkt_kmeans_train(PG_FUNCTION_ARGS)
{
	const char *fn = "kmeans_train";
	TrainArgs	a;
	TrainResult r = {0};
	PmktMatrix *m;
	PmktUserQuery uq;
	int			dguess;

	read_query_k(fcinfo, &a, fn);
	read_train_args(fcinfo, &a, 2, fn);

	/* the path from aggregate counts, before any row is loaded (issue 19) */
	uq.funcname = "pmkt.kmeans_train";
	uq.argname = "query";
	uq.query = a.query;
	if (pmkt_rows_exceed_budget(&uq, PMKT_TRAIN_BUDGET_BYTES, 0, &dguess))
	{
		train_passes(&a, &r, dguess, fn);
		PG_RETURN_DATUM(model_datum(fcinfo, &r, a.init));
	}
	m = km_load(a.query, false, fn);
	if (!m->over_budget)
	{
		check_rows(m->n, m->skipped_null, a.k, fn);
		train_memory(&a, m, &r, fn);
	}
	else
		train_passes(&a, &r, m->d, fn);	/* rows added since the count */
	PG_RETURN_DATUM(model_datum(fcinfo, &r, a.init));
}

/* ------------------------------------------------------------------------
 * Choosing k
 * ------------------------------------------------------------------------ */

/*
 * silhouette: mean silhouette coefficient of the m rows of Z (labels lab,
 * k clusters), as sklearn.metrics.silhouette_score: a = mean distance to
 * the other members of the own cluster, b = smallest mean distance to
 * another cluster, s = (b - a) / max(a, b), 0 for singletons.  NaN when
 * fewer than 2 or more than m - 1 clusters occur.
 */
static double
silhouette(const double *Z, const int32 *lab, int64 m, int d, int k)
{
	double	   *acc = palloc0_array(double, (Size) m * k);
	int64	   *cnt = palloc0_array(int64, k);
	int			used = 0;
	double		total = 0;

	for (int64 i = 0; i < m; i++)
		cnt[lab[i]]++;
	for (int j = 0; j < k; j++)
		if (cnt[j] > 0)
			used++;
	if (used < 2 || used > m - 1)
	{
		pfree(acc);
		pfree(cnt);
		return NAN;
	}
	for (int64 i = 0; i < m; i++)
	{
		const double *zi = Z + (Size) i * d;

		for (int64 j = i + 1; j < m; j++)
		{
			double		dd = sqrt(pmkt_kmeans_sqdist(zi, Z + (Size) j * d, d));

			acc[(Size) i * k + lab[j]] += dd;
			acc[(Size) j * k + lab[i]] += dd;
		}
		CHECK_FOR_INTERRUPTS();
	}
	for (int64 i = 0; i < m; i++)
	{
		int			li = lab[i];
		double		a,
					b = INFINITY,
					s;

		if (cnt[li] <= 1)
			continue;			/* s = 0 */
		a = acc[(Size) i * k + li] / (double) (cnt[li] - 1);
		for (int j = 0; j < k; j++)
			if (j != li && cnt[j] > 0)
				b = Min(b, acc[(Size) i * k + j] / (double) cnt[j]);
		s = Max(a, b) > 0 ? (b - a) / Max(a, b) : 0;
		total += s;
	}
	pfree(acc);
	pfree(cnt);
	return total / (double) m;
}

PG_FUNCTION_INFO_V1(pmkt_kmeans_choose_k);

/*
 * kmeans_choose_k(query, k_min, k_max, sample_size, seed, init, max_iter,
 *                 tol, n_init, standardize) -> SETOF (k, inertia, silhouette,
 *                 iterations, converged)
 * Rows are loaded once (they must fit pmkt.max_train_memory); each k is
 * trained exactly as kmeans_train(query, k, ..., seed) would; the
 * silhouette is computed on one seeded sample of sample_size rows shared by
 * every k.
 */
Datum
pmkt_kmeans_choose_k(PG_FUNCTION_ARGS)
{
	const char *fn = "kmeans_choose_k";
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TrainArgs	a;
	int			k_min,
				k_max,
				sample_size;
	PmktMatrix *m;
	int64		n,
				ms;
	int			d;
	double	   *Z;
	int64	   *idx;
	int32	   *lab;
	PmktRng		srng;
	double	   *means = NULL,
			   *scales = NULL;
	int			digits;
	int			dec[5];

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: arguments \"query\", \"k_min\", \"k_max\" and \"sample_size\" must not be NULL", fn)));
	a.query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	k_min = PG_GETARG_INT32(1);
	k_max = PG_GETARG_INT32(2);
	sample_size = PG_GETARG_INT32(3);
	pmkt_check_positive_int(k_min, "k_min");
	pmkt_check_positive_int(sample_size, "sample_size");
	if (k_max < k_min)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"k_max\" must be at least \"k_min\"", fn),
				 errdetail("k_min is %d and k_max is %d.", k_min, k_max)));
	if (k_max - k_min > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: at most 1001 values of k per call", fn),
				 errdetail("k_min is %d and k_max is %d.", k_min, k_max)));
	/* positions 4.. : seed, init, max_iter, tol, n_init, standardize */
	if (PG_ARGISNULL(4) || PG_ARGISNULL(5) || PG_ARGISNULL(6) || PG_ARGISNULL(7) ||
		PG_ARGISNULL(8) || PG_ARGISNULL(9))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: optional arguments must not be NULL", fn)));
	a.seed = PG_GETARG_INT64(4);
	a.init = parse_init(text_to_cstring(PG_GETARG_TEXT_PP(5)), fn);
	a.max_iter = PG_GETARG_INT32(6);
	a.tol = PG_GETARG_FLOAT8(7);
	a.n_init = PG_GETARG_INT32(8);
	a.standardize = PG_GETARG_BOOL(9);
	a.given = NULL;
	pmkt_check_positive_int(a.max_iter, "max_iter");
	pmkt_check_nonnegative(a.tol, "tol");
	pmkt_check_positive_int(a.n_init, "n_init");
	/* 1.1: a report for reading (issue 16), inertia and silhouette numeric
	 * rounded to digits decimals (NULL: unrounded); 1.0's signature (float8
	 * columns) calls the same function */
	digits = pmkt_report_digits_arg(fcinfo, 10);
	for (int i = 0; i < 5; i++)
		dec[i] = digits;

	InitMaterializedSRF(fcinfo, 0);

	m = km_load(a.query, true, fn);
	n = m->n;
	d = m->d;
	check_rows(n, m->skipped_null, k_min, fn);
	if (a.standardize)
	{
		means = palloc(sizeof(double) * d);
		scales = palloc(sizeof(double) * d);
		standardize_rows(m->X, n, d, means, scales);
	}
	/* the silhouette sample: the same rows for every k */
	ms = Min(n, (int64) sample_size);
	pmkt_rng_seed(&srng, (uint64) a.seed);
	idx = palloc_array(int64, ms);
	{
		int64		got = 0;

		for (int64 i = 0; i < n && got < ms; i++)
		{
			if ((double) (n - i) * pmkt_rng_uniform(&srng) < (double) (ms - got))
				idx[got++] = i;
			if ((i & 65535) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	Z = palloc_extended(sizeof(double) * (Size) ms * d, MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < ms; i++)
		memcpy(Z + (Size) i * d, m->X + (Size) idx[i] * d, sizeof(double) * d);
	lab = palloc_array(int32, ms);
	if (k_max > n)
		ereport(NOTICE,
				(errmsg("%s: k range truncated from %d..%d to %d..%d because there are " INT64_FORMAT " rows",
						fn, k_min, k_max, k_min, (int) n, n),
				 errdetail("k cannot exceed the number of rows.")));

	for (int k = k_min; k <= k_max && k <= n; k++)
	{
		double	   *C = palloc(sizeof(double) * (Size) k * d);
		double	   *best = palloc(sizeof(double) * (Size) k * d);
		PmktRng		rng;
		int			runs = (a.init == INIT_DENSITY) ? 1 : a.n_init;
		double		best_inertia = 0;
		int			best_it = 0;
		bool		best_conv = false;
		Datum		values[5];
		bool		nulls[5] = {0};
		double		sil;

		a.k = k;
		pmkt_rng_seed(&rng, (uint64) a.seed);
		for (int run = 0; run < runs; run++)
		{
			double		inertia;
			bool		conv;
			int			it;

			seed_centroids(&a, m->X, n, d, &rng, means, scales, C);
			it = pmkt_kmeans_lloyd(m->X, n, d, k, C, a.max_iter, a.tol, NULL,
								   NULL, &inertia, &conv);
			if (run == 0 || inertia < best_inertia)
			{
				memcpy(best, C, sizeof(double) * (Size) k * d);
				best_inertia = inertia;
				best_it = it;
				best_conv = conv;
			}
		}
		for (int64 i = 0; i < ms; i++)
		{
			double		dist;

			lab[i] = pmkt_kmeans_nearest(Z + (Size) i * d, best, k, d, &dist);
		}
		sil = silhouette(Z, lab, ms, d, k);
		values[0] = Int32GetDatum(k);
		values[1] = Float8GetDatum(best_inertia);
		values[2] = Float8GetDatum(sil);
		nulls[2] = isnan(sil);
		values[3] = Int32GetDatum(best_it);
		values[4] = BoolGetDatum(best_conv);
		pmkt_report_round_row(rsinfo->setDesc, values, nulls, dec, digits);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		pfree(C);
		pfree(best);
	}
	return (Datum) 0;
}
