/*
 * sample.c
 *    pmkt.row_sample(x float8[], size int, seed bigint): a seeded sample of
 *    the DISTINCT rows of x, each with its multiplicity, as a combinable
 *    aggregate; and pmkt.loader_rows(), the count of rows that reached this
 *    backend's in-memory loader (issue 19).
 *
 * The sample is a bottom-k sketch: every row gets a 53-bit key, a hash of
 * its content (the bit patterns of its doubles, -0 read as +0) and of the
 * seed; the sample is the `size` distinct rows with the smallest
 * (key, row) in lexicographic order, each with the number of rows equal to
 * it.  That set is a function of the multiset of rows and the seed only:
 * the same whatever the row order, the plan, the number of parallel
 * workers or Citus shards, and two partial samples merge by keeping the
 * smallest `size` of both (a row kept in the merged sample was kept, with
 * all its copies, in every partial sample that saw it, so the
 * multiplicities are exact).  Each distinct row is sampled with the same
 * probability; with its multiplicity as weight the sample represents the
 * rows (a value shared by many rows is one weighted entry, never a sample
 * crowded with copies of it).
 *
 * State (float8[], slot 0 the tag): a header, then `size` sorted entries
 * and a buffer of bcap = max(16, size / 4) unsorted entries, each entry
 * (key, multiplicity, x[d]).  A row whose (key, row) is above the largest
 * sorted entry of a full sample is dropped at once; others go to the
 * buffer, which is sorted and merged into the sorted part when full (and
 * by combine and final), so a row costs one hash and one comparison once
 * the sample is full.  Until the first usable row the state is the header
 * alone (d = 0).
 */
#include "pmkt.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "sample.h"
#include "util/array.h"
#include "util/matrix.h"
#include "util/state.h"

#define SAMPLE_TAG 3101.0
#define SAMPLE_HDR 10
#define H_CAP 1
#define H_D 2
#define H_SEED_HI 3
#define H_SEED_LO 4
#define H_N 5
#define H_SKIPPED 6
#define H_M 7
#define H_B 8
#define H_ZERO 9
#define SAMPLE_MAX_CAP (16 * 1024 * 1024)
#define SAMPLE_MAX_D (1024 * 1024)
#define SAMPLE_MAX_DOUBLES ((Size) 64 * 1024 * 1024)	/* 512 MB */

static const char *FN = "row_sample";

#define BCAP(cap) Max(16, (cap) / 4)

static inline uint64
mix64(uint64 z)
{
	z += UINT64CONST(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64CONST(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

double
pmkt_sample_key(const double *x, int d, uint64 seed)
{
	uint64		h = mix64(seed ^ UINT64CONST(0x5045d4b1a3c2f001));

	for (int l = 0; l < d; l++)
	{
		uint64		bits = 0;
		double		v = x[l] == 0 ? 0.0 : x[l];

		memcpy(&bits, &v, sizeof(bits));
		h = mix64(h ^ bits);
	}
	return (double) (h >> 11);
}

int
pmkt_sample_size(int d, int k)
{
	int64		cap = Min((int64) PMKT_SAMPLE_ROWS, (int64) (2 * 1024 * 1024) / (d + 2));

	return (int) Max(cap, (int64) k);
}

/* (key, row) order of two entries of width d + 2 */
static inline int
entry_cmp(const double *a, const double *b, int d)
{
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	for (int l = 0; l < d; l++)
		if (a[2 + l] != b[2 + l])
			return a[2 + l] < b[2 + l] ? -1 : 1;
	return 0;
}

static int
entry_qsort_cmp(const void *a, const void *b, void *arg)
{
	return entry_cmp((const double *) a, (const double *) b, *(int *) arg);
}

typedef struct Layout
{
	int			cap,
				bcap,
				d,
				w;				/* entry width d + 2 */
	int			len;
	uint64		seed;
} Layout;

static void
layout(Layout *L, int cap, int d)
{
	L->cap = cap;
	L->bcap = BCAP(cap);
	L->d = d;
	L->w = d + 2;
	L->len = d == 0 ? SAMPLE_HDR : SAMPLE_HDR + (L->cap + L->bcap) * L->w;
}

static void
check_size(int cap, int d)
{
	if (cap < 1 || cap > SAMPLE_MAX_CAP)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"size\" must be between 1 and %d", FN, SAMPLE_MAX_CAP),
				 errdetail("Got %d.", cap)));
	if ((Size) (cap + BCAP(cap)) * (Size) (d + 2) > SAMPLE_MAX_DOUBLES || d > SAMPLE_MAX_D)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: a sample of %d rows of %d features is too large for one state", FN, cap, d),
				 errdetail("It would take %.0f doubles; the limit is %zu.",
						   (double) (cap + BCAP(cap)) * (d + 2), SAMPLE_MAX_DOUBLES),
				 errhint("Pass a smaller \"size\".")));
}

static double
seed_half(double v, const char *what)
{
	if (!(v >= 0) || v > 4294967295.0 || v != floor(v))
		pmkt_state_invalid(FN, "the seed slots must be 32-bit unsigned integers",
						   "The %s half is %.17g.", what, v);
	return v;
}

/*
 * state_data: the state's doubles and layout, after checking what memory
 * accesses depend on (tag, header, length) and, when full, everything
 * (util/state.h: every state is untrusted input): counts, seed, entries
 * finite with the key of their row and a positive integral multiplicity,
 * the sorted part strictly ascending, multiplicities adding up to at most
 * n.
 */
static double *
state_data(ArrayType *st, Layout *L, bool full)
{
	double	   *s = pmkt_state_data(st, SAMPLE_TAG, -1, FN);
	int			len = PMKT_STATE_LEN(st);
	int			cap,
				d;

	if (len < SAMPLE_HDR)
		pmkt_state_invalid(FN, "too short for the header",
						   "The state has %d slots, the header alone %d.", len, SAMPLE_HDR);
	cap = pmkt_state_int(s[H_CAP], 1, SAMPLE_MAX_CAP, "size", FN);
	d = pmkt_state_int(s[H_D], 0, SAMPLE_MAX_D, "d", FN);
	if ((Size) (cap + BCAP(cap)) * (Size) (d + 2) > SAMPLE_MAX_DOUBLES)
		pmkt_state_invalid(FN, "too large", "size is %d, d %d.", cap, d);
	layout(L, cap, d);
	if (L->len != len)
		pmkt_state_invalid(FN, "length does not match the header",
						   "The state has %d slots, its header implies %d.", len, L->len);
	pmkt_state_int(s[H_M], 0, cap, "sorted entries", FN);
	pmkt_state_int(s[H_B], 0, L->bcap, "buffered entries", FN);
	L->seed = ((uint64) seed_half(s[H_SEED_HI], "high") << 32) |
		(uint64) seed_half(s[H_SEED_LO], "low");
	if (full)
	{
		double		n = pmkt_state_count(s[H_N], "n", FN);
		double		total = 0;
		int			m = (int) s[H_M],
					b = (int) s[H_B];

		pmkt_state_count(s[H_SKIPPED], "skipped rows", FN);
		if (s[H_ZERO] != 0)
			pmkt_state_invalid(FN, "reserved slot is not 0", "It is %.17g.", s[H_ZERO]);
		if (d == 0 && (n != 0 || m != 0 || b != 0))
			pmkt_state_invalid(FN, "rows without a width",
							   "n is %.17g, d is 0.", n);
		for (int part = 0; part < 2; part++)
		{
			const double *base = s + SAMPLE_HDR + (part ? (Size) cap * L->w : 0);
			int			cnt = part ? b : m;

			for (int i = 0; i < cnt; i++)
			{
				const double *e = base + (Size) i * L->w;

				if ((i & 4095) == 0)
					CHECK_FOR_INTERRUPTS();

				pmkt_state_finite(e + 2, d, false, "sampled row", FN);
				for (int l = 0; l < d; l++)
					if (e[2 + l] == 0 && signbit(e[2 + l]))
						pmkt_state_invalid(FN, "a sampled row holds -0",
										   "Entry %d, feature %d.", i + 1, l + 1);
				if (e[0] != pmkt_sample_key(e + 2, d, L->seed))
					pmkt_state_invalid(FN, "a key does not match its row and the seed",
									   "Entry %d has key %.17g.", i + 1, e[0]);
				if (pmkt_state_count(e[1], "multiplicity", FN) < 1)
					pmkt_state_invalid(FN, "a multiplicity is below 1",
									   "Entry %d has %.17g.", i + 1, e[1]);
				total += e[1];
				if (part == 0 && i > 0 && entry_cmp(e - L->w, e, d) >= 0)
					pmkt_state_invalid(FN, "the sorted entries are not strictly ascending",
									   "Entries %d and %d.", i, i + 1);
			}
		}
		if (total > n)
			pmkt_state_invalid(FN, "the multiplicities exceed the row count",
							   "They add up to %.17g, n is %.17g.", total, n);
	}
	return s;
}

/*
 * merge_into: merge cnt entries (sorted, strictly ascending) into the
 * sorted part of s, adding the multiplicities of equal rows, keeping the
 * smallest cap.
 */
static void
merge_into(double *s, const Layout *L, const double *e, int cnt)
{
	double	   *a = s + SAMPLE_HDR;
	int			m = (int) s[H_M];
	int			w = L->w;
	double	   *out = palloc(sizeof(double) * (Size) Min(L->cap, m + cnt) * w);
	int			i = 0,
				j = 0,
				o = 0;

	while (o < L->cap && (i < m || j < cnt))
	{
		const double *src;

		if ((o & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		int			c = i >= m ? 1 : j >= cnt ? -1 :
			entry_cmp(a + (Size) i * w, e + (Size) j * w, L->d);

		if (c == 0)
		{
			memcpy(out + (Size) o * w, a + (Size) i * w, sizeof(double) * w);
			out[(Size) o * w + 1] += e[(Size) j * w + 1];
			i++;
			j++;
			o++;
			continue;
		}
		src = c < 0 ? a + (Size) (i++) * w : e + (Size) (j++) * w;
		memcpy(out + (Size) (o++) * w, src, sizeof(double) * w);
	}
	if (o > 0)
		memcpy(a, out, sizeof(double) * (Size) o * w);
	s[H_M] = o;
	pfree(out);
}

/* sort_coalesce: sort cnt entries in place, merge equal rows; new count */
static int
sort_coalesce(double *e, int cnt, const Layout *L)
{
	int			d = L->d;
	int			o = 0;

	qsort_arg(e, cnt, sizeof(double) * L->w, entry_qsort_cmp, &d);
	for (int i = 0; i < cnt; i++)
	{
		double	   *x = e + (Size) i * L->w;

		if (o > 0 && entry_cmp(e + (Size) (o - 1) * L->w, x, d) == 0)
			e[(Size) (o - 1) * L->w + 1] += x[1];
		else
		{
			if (o != i)
				memmove(e + (Size) o * L->w, x, sizeof(double) * L->w);
			o++;
		}
	}
	return o;
}

/* flush: the buffer sorted into the sorted part */
static void
flush(double *s, const Layout *L)
{
	double	   *buf = s + SAMPLE_HDR + (Size) L->cap * L->w;
	int			b = (int) s[H_B];

	if (b == 0)
		return;
	b = sort_coalesce(buf, b, L);
	merge_into(s, L, buf, b);
	memset(buf, 0, sizeof(double) * (Size) L->bcap * L->w);
	s[H_B] = 0;
}

/* a float8[] state of len slots in the current memory context */
static ArrayType *
state_alloc(int len)
{
	Size		nbytes = ARR_OVERHEAD_NONULLS(1) + sizeof(double) * (Size) len;
	ArrayType  *a = palloc0(nbytes);

	SET_VARSIZE(a, nbytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = len;
	ARR_LBOUND(a)[0] = 1;
	return a;
}

PG_FUNCTION_INFO_V1(pmkt_row_sample_sfunc);

/*
 * row_sample_sfunc(state, x float8[], size int, seed bigint): non-strict;
 * a NULL x or one with a NULL element is skipped and counted.
 */
Datum
pmkt_row_sample_sfunc(PG_FUNCTION_ARGS)
{
	ArrayType  *st;
	ArrayType  *xa;
	double	   *s;
	Layout		L;
	const double *x;
	double		xbuf[64];
	double	   *xn;
	double		key;
	int			cap,
				n;
	int64		seed;
	double	   *e;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("row_sample_sfunc called in non-aggregate context")));
	if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"%s\" must not be NULL", FN, PG_ARGISNULL(2) ? "size" : "seed"),
				 errhint("Pass the sample size in rows and an integer seed.")));
	cap = PG_GETARG_INT32(2);
	seed = PG_GETARG_INT64(3);
	if (PG_ARGISNULL(0))
	{
		check_size(cap, 0);
		st = pmkt_state_new(fcinfo, SAMPLE_HDR, FN);
		s = (double *) ARR_DATA_PTR(st);
		s[0] = SAMPLE_TAG;
		s[H_CAP] = cap;
		s[H_SEED_HI] = (double) ((uint64) seed >> 32);
		s[H_SEED_LO] = (double) ((uint64) seed & UINT64CONST(0xffffffff));
		layout(&L, cap, 0);
		L.seed = (uint64) seed;
	}
	else
	{
		st = pmkt_state_arg(fcinfo, 0, FN);
		s = state_data(st, &L, false);
		if (L.cap != cap || L.seed != (uint64) seed)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: arguments \"size\" and \"seed\" must be the same for every row", FN),
					 errdetail("The first row had size %d and seed " INT64_FORMAT "; this row has %d and " INT64_FORMAT ".",
							   L.cap, (int64) L.seed, cap, seed)));
	}
	if (PG_ARGISNULL(1))
	{
		s[H_SKIPPED] += 1;
		PG_RETURN_ARRAYTYPE_P(st);
	}
	xa = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(xa) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: argument \"x\" must be a non-empty one-dimensional array", FN),
				 errdetail("It has %d dimensions.", ARR_NDIM(xa))));
	n = ARR_DIMS(xa)[0];
	if (L.d > 0 && n != L.d)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: argument \"x\" has %d elements, expected %d", FN, n, L.d),
				 errdetail("Every row must have as many elements as the first row."),
				 errhint("Pass feature vectors of one length.")));
	if (ARR_HASNULL(xa) && array_contains_nulls(xa))
	{
		s[H_SKIPPED] += 1;
		PG_RETURN_ARRAYTYPE_P(st);
	}
	x = (const double *) ARR_DATA_PTR(xa);
	xn = n <= 64 ? xbuf : palloc(sizeof(double) * n);
	for (int l = 0; l < n; l++)
	{
		if (!isfinite(x[l]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: argument \"x\" must contain only finite numbers", FN),
					 errdetail("Element %d is %g.", l + 1, x[l]),
					 errhint("Filter or impute NaN and Infinity first.")));
		xn[l] = x[l] == 0 ? 0.0 : x[l];
	}
	if (L.d == 0)
	{
		/* first usable row: the full state (built here, copied by the executor) */
		ArrayType  *full;
		double	   *f;

		check_size(cap, n);
		layout(&L, cap, n);
		L.seed = (uint64) seed;
		full = state_alloc(L.len);
		f = (double *) ARR_DATA_PTR(full);
		memcpy(f, s, sizeof(double) * SAMPLE_HDR);
		f[H_D] = n;
		st = full;
		s = f;
	}
	key = pmkt_sample_key(xn, L.d, L.seed);
	s[H_N] += 1;
	if ((int) s[H_M] == L.cap)
	{
		const double *last = s + SAMPLE_HDR + (Size) (L.cap - 1) * L.w;

		/* above the largest kept row: not in the sample */
		if (key > last[0])
			PG_RETURN_ARRAYTYPE_P(st);
		if (key == last[0])
		{
			int			c = 0;

			for (int l = 0; l < L.d && c == 0; l++)
				if (xn[l] != last[2 + l])
					c = xn[l] < last[2 + l] ? -1 : 1;
			if (c > 0)
				PG_RETURN_ARRAYTYPE_P(st);
		}
	}
	e = s + SAMPLE_HDR + (Size) (L.cap + (int) s[H_B]) * L.w;
	e[0] = key;
	e[1] = 1;
	memcpy(e + 2, xn, sizeof(double) * L.d);
	s[H_B] += 1;
	if ((int) s[H_B] == L.bcap)
		flush(s, &L);
	PG_RETURN_ARRAYTYPE_P(st);
}

PG_FUNCTION_INFO_V1(pmkt_row_sample_combine);

/* row_sample_combine(a, b): strict; the smallest `size` rows of both. */
Datum
pmkt_row_sample_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a = pmkt_state_arg(fcinfo, 0, FN);
	ArrayType  *b = PG_GETARG_ARRAYTYPE_P(1);
	Layout		La,
				Lb;
	double	   *sa = state_data(a, &La, true);
	double	   *sb = state_data(b, &Lb, true);
	double	   *tmp;
	int			cnt;

	if (La.cap != Lb.cap || La.seed != Lb.seed)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: cannot combine samples of different sizes or seeds", FN),
				 errdetail("One has size %d, the other %d.", La.cap, Lb.cap)));
	if (La.d > 0 && Lb.d > 0 && La.d != Lb.d)
		pmkt_check_same_length(Lb.d, "x", La.d, "x in another partial state");
	if (La.d == 0 && Lb.d > 0)
	{
		/* a holds no row: the result is a copy of b with a's counts */
		ArrayType  *c = state_alloc(Lb.len);
		double	   *sc = (double *) ARR_DATA_PTR(c);

		memcpy(sc, sb, sizeof(double) * Lb.len);
		sc[H_SKIPPED] += sa[H_SKIPPED];
		flush(sc, &Lb);
		PG_RETURN_ARRAYTYPE_P(c);
	}
	sa[H_N] += sb[H_N];
	sa[H_SKIPPED] += sb[H_SKIPPED];
	pmkt_state_count(sa[H_N], "n", FN);
	if (Lb.d == 0)
		PG_RETURN_ARRAYTYPE_P(a);
	flush(sa, &La);
	merge_into(sa, &La, sb + SAMPLE_HDR, (int) sb[H_M]);
	cnt = (int) sb[H_B];
	if (cnt > 0)
	{
		tmp = palloc(sizeof(double) * (Size) cnt * Lb.w);
		memcpy(tmp, sb + SAMPLE_HDR + (Size) Lb.cap * Lb.w, sizeof(double) * (Size) cnt * Lb.w);
		cnt = sort_coalesce(tmp, cnt, &Lb);
		merge_into(sa, &La, tmp, cnt);
		pfree(tmp);
	}
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(pmkt_row_sample_final);

/*
 * row_sample_final(state) -> pmkt.row_sample_result (rows, skipped, sample
 * m x d in ascending key order, weights); strict.
 */
Datum
pmkt_row_sample_final(PG_FUNCTION_ARGS)
{
	ArrayType  *in = PG_GETARG_ARRAYTYPE_P(0);
	Layout		L;
	double	   *s0 = state_data(in, &L, true);
	double	   *s = palloc(sizeof(double) * L.len);
	TupleDesc	tupdesc;
	Datum		v[4];
	bool		nl[4] = {0};
	int			m;

	memcpy(s, s0, sizeof(double) * L.len);
	if (L.d > 0)
		flush(s, &L);
	m = (int) s[H_M];
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "row_sample: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	v[0] = Int64GetDatum((int64) s[H_N]);
	v[1] = Int64GetDatum((int64) s[H_SKIPPED]);
	if (m == 0)
		nl[2] = nl[3] = true;
	else
	{
		double	   *X = palloc(sizeof(double) * (Size) m * L.d);
		int64	   *w = palloc(sizeof(int64) * m);

		for (int i = 0; i < m; i++)
		{
			const double *e = s + SAMPLE_HDR + (Size) i * L.w;

			memcpy(X + (Size) i * L.d, e + 2, sizeof(double) * L.d);
			w[i] = (int64) e[1];
		}
		v[2] = PointerGetDatum(pmkt_build_matrix(X, m, L.d));
		v[3] = PointerGetDatum(pmkt_build_int8_vector(w, m));
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, v, nl)));
}

PG_FUNCTION_INFO_V1(pmkt_loader_rows);

/* pmkt.loader_rows(): rows that reached this backend's in-memory loader */
Datum
pmkt_loader_rows(PG_FUNCTION_ARGS)
{
	(void) fcinfo;
	PG_RETURN_INT64(pmkt_loader_rows_total);
}
