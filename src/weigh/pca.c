/*
 * pca.c
 *    Principal component analysis in one pass (SPEC 2.3).
 *
 * pmkt.pca_components(x float8[] [, use_correlation boolean [, threshold
 * float8]]) accumulates per state the row count n, the sums S1 = sum x and
 * the cross products S2 = sum x x^T (upper triangle), every sum a
 * double-double (util/dd.h, about 106 bits) and every product exact
 * (x_j x_k = p + e with an FMA), so that the sums do not depend on the row
 * order, the plan or the merge order of partial states (issue 19; the
 * 1.1.0 state was Welford's update on data pivoted on the state's first
 * row, whose last bits changed with the row order).  The final function
 * forms the co-moments C = S2 - S1 S1^T / n in double-double: the
 * cancellation costs log2(1 + mean^2 / variance) of the 106 bits, so a
 * column's offset does not reach the 53 bits of the result unless its
 * mean exceeds its standard deviation by about 10^13.  The rounding to
 * double of a double-double sum is the same in any order unless the exact
 * sum lies within about n 2^-106 of its magnitude sum from a rounding
 * boundary (for the sums of squares, sums of non-negative terms, a chance
 * of about n 2^-53).  The state is a float8[] of 5 + 2 d + d (d + 1)
 * doubles, whatever the row count.  The final function forms the
 * correlation (default) or covariance
 * matrix and decomposes it with LAPACK dsyev (pmkt_sym_eigen).
 */
#include "pmkt.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/typcache.h"

#include "pca.h"
#include "util/report.h"
#include "util/argcache.h"
#include "util/array.h"
#include "util/dd.h"
#include "util/linalg.h"
#include "util/state.h"

#define PCA_FN "pca_components"
#define PCA_TRI(d) ((d) * ((d) + 1) / 2)
#define PCA_STATE_LEN(d) (PMKT_PCA_HDR + 2 * (d) + 2 * PCA_TRI(d))

/* attribute numbers of pmkt.pca_result */
enum
{
	PCA_ATT_N = 0,
	PCA_ATT_MEANS,
	PCA_ATT_STDDEVS,
	PCA_ATT_EIGENVALUES,
	PCA_ATT_CONTRIBUTION,
	PCA_ATT_CUMULATIVE,
	PCA_ATT_LOADINGS,
	PCA_ATT_NCOMP,
	PCA_ATT_USECORR,
	PCA_ATT_THRESHOLD,
	PCA_NATTS
};

PG_FUNCTION_INFO_V1(pmkt_pca_sfunc);
PG_FUNCTION_INFO_V1(pmkt_pca_combine);
PG_FUNCTION_INFO_V1(pmkt_pca_final);
PG_FUNCTION_INFO_V1(pmkt_pca_project);
PG_FUNCTION_INFO_V1(pmkt_pca_report);
PG_FUNCTION_INFO_V1(pmkt_pca_select_variables);
PG_FUNCTION_INFO_V1(pmkt_pca_loadings);

/* check_threshold: the cumulative contribution target lies in (0, 1]. */
static void
check_threshold(double t)
{
	if (!(t > 0 && t <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"threshold\" must be in (0, 1]"),
				 errdetail("Got %g.", t),
				 errhint("Pass the cumulative contribution to reach as a fraction, e.g. 0.85.")));
}

/*
 * pca_state: state data after checking the tag, width and length (every
 * call) and, when full, the contents (combine and final): a row count >= 1,
 * use_correlation 0 or 1, threshold in (0, 1], finite sums and cross
 * products with low parts below their last bit, non-negative sums of
 * squares.
 */
static void low_parts(const double *hi, const double *lo, int n);

static double *
pca_state(ArrayType *a, bool full);

/* low_parts: finite and below the last bit of their sums (|lo| <= 2^-52 |hi|) */
static void
low_parts(const double *hi, const double *lo, int n)
{
	for (int i = 0; i < n; i++)
		if (!isfinite(lo[i]) || fabs(lo[i]) > ldexp(fabs(hi[i]), -52))
			pmkt_state_invalid(PCA_FN, "a low part is not below its sum's last bit",
							   "Sum %.17g, low part %.17g.", hi[i], lo[i]);
}

static double *
pca_state(ArrayType *a, bool full)
{
	double	   *s = pmkt_state_data(a, PMKT_PCA_TAG, -1, PCA_FN);
	int			d;

	d = pmkt_state_int(s[1], 1, PMKT_PCA_MAX_D, "width", PCA_FN);
	pmkt_state_data(a, PMKT_PCA_TAG, PCA_STATE_LEN(d), PCA_FN);
	if (full)
	{
		const double *c = s + PMKT_PCA_HDR + 2 * d;
		int			pos = 0;

		if (pmkt_state_count(s[2], "rows", PCA_FN) < 1)
			pmkt_state_invalid(PCA_FN, "a state without rows", "rows is 0.");
		if (s[3] != 0 && s[3] != 1)
			pmkt_state_invalid(PCA_FN, "use_correlation must be 0 or 1",
							   "use_correlation is %.17g.", s[3]);
		if (!(s[4] > 0 && s[4] <= 1))
			pmkt_state_invalid(PCA_FN, "threshold must be in (0, 1]",
							   "threshold is %.17g.", s[4]);
		pmkt_state_finite(s + PMKT_PCA_HDR, 2 * d, false, "sums", PCA_FN);
		pmkt_state_finite(c, 2 * PCA_TRI(d), false, "cross products", PCA_FN);
		for (int j = 0; j < d; pos += d - j, j++)
			pmkt_state_finite(c + pos, 1, true, "sum of squares", PCA_FN);
		low_parts(s + PMKT_PCA_HDR, s + PMKT_PCA_HDR + d, d);
		low_parts(c, c + PCA_TRI(d), PCA_TRI(d));
	}
	return s;
}

/*
 * check_overflow: the sums and sums of squares stay finite (then so do
 * the cross products, |s_jk| <= sqrt(s_jj s_kk)); else 22003, as
 * PostgreSQL's own float aggregates.
 */
static void
check_overflow(const double *s, int d)
{
	const double *c = s + PMKT_PCA_HDR + 2 * d;
	int			pos = 0;

	pmkt_state_check_overflow(s + PMKT_PCA_HDR, d, PCA_FN);
	for (int j = 0; j < d; pos += d - j, j++)
		pmkt_state_check_overflow(c + pos, 1, PCA_FN);
}

/* add the double-double (bh, bl) into (ah, al) */
static inline void
dd_into(double *ah, double *al, double bh, double bl)
{
	dd			v = dd_add((dd) {*ah, *al}, (dd) {bh, bl});

	*ah = v.hi;
	*al = v.lo;
}

/*
 * add_row: x into the sums: S1 += x, S2 += x x^T (upper triangle), every
 * product exact (p + e) and every sum a double-double
 */
PMKT_NO_CONTRACT static void
add_row(double *s, int d, const double *x)
{
	double	   *s1 = s + PMKT_PCA_HDR;
	double	   *s1lo = s1 + d;
	double	   *c = s1 + 2 * d;
	double	   *clo = c + PCA_TRI(d);

	for (int j = 0; j < d; j++)
		dd_into(s1 + j, s1lo + j, x[j], 0);
	for (int j = 0; j < d; j++)
		for (int k = j; k < d; k++)
		{
			double		p = x[j] * x[k];

			dd_into(c, clo, p, fma(x[j], x[k], -p));
			c++;
			clo++;
		}
}

/* not_finite: element j of x is NaN or infinite (22023). */
static pg_noinline void
not_finite(int j, double v)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"x\" must contain only finite numbers"),
			 errdetail("Element %d is %g.", j + 1, v)));
}

/*
 * sfunc(state, x [, use_correlation [, threshold]])
 *    NULL rows are skipped; the settings are taken from the first row and
 *    must not change between rows.
 */
Datum
pmkt_pca_sfunc(PG_FUNCTION_ARGS)
{
	ArrayType  *sa;
	double	   *s;
	double	   *x;
	double		use_corr = 1;
	double		threshold = PMKT_PCA_DEFAULT_THRESHOLD;
	int			d;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"use_correlation\" must not be NULL"),
					 errhint("Use true for the correlation matrix (the default) or false for the covariance matrix.")));
		use_corr = PG_GETARG_BOOL(2) ? 1 : 0;
	}
	if (PG_NARGS() > 3)
	{
		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"threshold\" must not be NULL"),
					 errhint("The default is 0.85.")));
		threshold = PG_GETARG_FLOAT8(3);
		check_threshold(threshold);
	}
	/* finiteness is checked before the row is added */
	x = pmkt_vector(PG_GETARG_ARRAYTYPE_P(1), "x", &d, false);

	if (PG_ARGISNULL(0))
	{
		for (int j = 0; j < d; j++)
			if (unlikely(!isfinite(x[j])))
				not_finite(j, x[j]);
		if (d > PMKT_PCA_MAX_D)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("argument \"x\" has too many columns for pca_components"),
					 errdetail("It has %d elements; the limit is %d.", d, PMKT_PCA_MAX_D)));
		sa = pmkt_state_new(fcinfo, PCA_STATE_LEN(d), PCA_FN);
		s = (double *) ARR_DATA_PTR(sa);
		s[0] = PMKT_PCA_TAG;
		s[1] = d;
		s[2] = 1;
		s[3] = use_corr;
		s[4] = threshold;
		add_row(s, d, x);
		check_overflow(s, d);
		PG_RETURN_ARRAYTYPE_P(sa);
	}

	sa = pmkt_state_arg(fcinfo, 0, PCA_FN);
	s = (double *) ARR_DATA_PTR(sa);
	/* fast path: a well-formed state of this width; else the full checks */
	if (ARR_NDIM(sa) != 1 || ARR_HASNULL(sa) || ARR_ELEMTYPE(sa) != FLOAT8OID ||
		ARR_DIMS(sa)[0] != PCA_STATE_LEN(d) || s[0] != PMKT_PCA_TAG || s[1] != (double) d)
	{
		s = pca_state(sa, false);
		if ((int) s[1] != d)
			pmkt_check_same_length(d, "x", (int) s[1], "the first row's x");
	}
	if (s[3] != use_corr || s[4] != threshold)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("arguments \"use_correlation\" and \"threshold\" must be the same for every row"),
				 errdetail("The first row had use_correlation %s, threshold %g; this row has %s, %g.",
						   s[3] != 0 ? "true" : "false", s[4],
						   use_corr != 0 ? "true" : "false", threshold)));

	for (int j = 0; j < d; j++)
		if (unlikely(!isfinite(x[j])))
			not_finite(j, x[j]);
	add_row(s, d, x);
	s[2] += 1;
	check_overflow(s, d);
	PG_RETURN_ARRAYTYPE_P(sa);
}

/* combine(state1, state2): Chan et al.'s pairwise merge (strict). */
Datum
pmkt_pca_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a1 = pmkt_state_arg(fcinfo, 0, PCA_FN);
	ArrayType  *a2 = PG_GETARG_ARRAYTYPE_P(1);
	double	   *s1 = pca_state(a1, true);
	double	   *s2 = pca_state(a2, true);
	int			d = (int) s1[1];
	double		na = s1[2];
	double		nb = s2[2];

	if ((int) s2[1] != d)
		pmkt_check_same_length((int) s2[1], "x", d, "x in another partial state");
	if (s1[3] != s2[3] || s1[4] != s2[4])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("arguments \"use_correlation\" and \"threshold\" must be the same for every row"),
				 errdetail("Partial states disagree: %s/%g and %s/%g.",
						   s1[3] != 0 ? "true" : "false", s1[4],
						   s2[3] != 0 ? "true" : "false", s2[4])));
	for (int i = 0; i < d; i++)
		dd_into(s1 + PMKT_PCA_HDR + i, s1 + PMKT_PCA_HDR + d + i,
				s2[PMKT_PCA_HDR + i], s2[PMKT_PCA_HDR + d + i]);
	{
		double	   *c1 = s1 + PMKT_PCA_HDR + 2 * d;
		double	   *c2 = s2 + PMKT_PCA_HDR + 2 * d;
		int			t = PCA_TRI(d);

		for (int i = 0; i < t; i++)
			dd_into(c1 + i, c1 + t + i, c2[i], c2[t + i]);
	}
	s1[2] = na + nb;
	check_overflow(s1, d);
	PG_RETURN_ARRAYTYPE_P(a1);
}

/*
 * final(state) -> pmkt.pca_result
 *    Fewer than 2 rows: error 22023.  With use_correlation a zero-variance
 *    column is an error (its correlations are undefined).
 */
Datum
pmkt_pca_final(PG_FUNCTION_ARGS)
{
	ArrayType  *sa = PG_GETARG_ARRAYTYPE_P(0);
	double	   *s = pca_state(sa, true);
	int			d = (int) s[1];
	double		n = s[2];
	bool		use_corr = s[3] != 0;
	double		threshold = s[4];
	double	   *sum = s + PMKT_PCA_HDR;
	double	   *mean = palloc(sizeof(double) * d);
	double	   *c = palloc(sizeof(double) * PCA_TRI(d));
	double	   *a = palloc(sizeof(double) * d * d);
	double	   *sd = palloc(sizeof(double) * d);
	double	   *w = palloc(sizeof(double) * d);
	double	   *contrib = palloc(sizeof(double) * d);
	double	   *cum = palloc(sizeof(double) * d);
	double		total = 0;
	double		acc = 0;
	int			ncomp = d;
	TupleDesc	tupdesc;
	Datum		values[PCA_NATTS];
	bool		nulls[PCA_NATTS] = {0};

	/* means and co-moments C = S2 - S1 S1^T / n, in double-double */
	{
		const double *s2 = sum + 2 * d;
		int			t = PCA_TRI(d),
					pos = 0;
		dd			dn = {n, 0};

		for (int j = 0; j < d; j++)
		{
			dd			m = dd_div((dd) {sum[j], sum[d + j]}, dn);

			mean[j] = m.hi + m.lo;
		}
		for (int j = 0; j < d; j++)
			for (int k = j; k < d; k++, pos++)
			{
				dd			prod = dd_mul((dd) {sum[j], sum[d + j]}, (dd) {sum[k], sum[d + k]});
				dd			v = dd_add((dd) {s2[pos], s2[t + pos]}, dd_neg(dd_div(prod, dn)));

				c[pos] = v.hi + v.lo;
				if (j == k && c[pos] < 0)
					c[pos] = 0;	/* rounding of a zero variance */
			}
	}
	if (n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pca_components needs at least 2 rows"),
				 errdetail("Got %.0f row.", n),
				 errhint("Principal components are undefined for a single observation.")));

	/* full symmetric covariance matrix */
	{
		double	   *p = c;

		for (int j = 0; j < d; j++)
			for (int k = j; k < d; k++)
			{
				double		v = *p++ / (n - 1);

				a[j * d + k] = v;
				a[k * d + j] = v;
			}
	}
	for (int j = 0; j < d; j++)
		sd[j] = sqrt(a[j * d + j]);

	if (use_corr)
	{
		for (int j = 0; j < d; j++)
			if (a[j * d + j] <= 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("column %d of \"x\" has zero variance: its correlations are undefined", j + 1),
						 errdetail("All %.0f values of column %d equal %g.", n, j + 1, mean[j]),
						 errhint("Drop the constant column, or pass use_correlation => false for the covariance matrix.")));
		for (int j = 0; j < d; j++)
			for (int k = 0; k < d; k++)
				a[j * d + k] = (j == k) ? 1.0 : a[j * d + k] / (sd[j] * sd[k]);
	}

	pmkt_sym_eigen(a, d, w, PCA_FN);

	for (int j = 0; j < d; j++)
		total += w[j];
	if (!(total > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("every column of \"x\" has zero variance"),
				 errdetail("The total variance over %.0f rows is %g.", n, total),
				 errhint("Principal components need varying data.")));
	for (int j = 0; j < d; j++)
	{
		contrib[j] = w[j] / total;
		acc += w[j];
		cum[j] = acc / total;
	}
	cum[d - 1] = 1.0;
	for (int j = 0; j < d; j++)
		if (cum[j] >= threshold - 1e-12)
		{
			ncomp = j + 1;
			break;
		}

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("pca_components must return the composite pmkt.pca_result")));
	tupdesc = BlessTupleDesc(tupdesc);
	values[PCA_ATT_N] = Int64GetDatum((int64) n);
	values[PCA_ATT_MEANS] = PointerGetDatum(pmkt_build_vector(mean, d));
	values[PCA_ATT_STDDEVS] = PointerGetDatum(pmkt_build_vector(sd, d));
	values[PCA_ATT_EIGENVALUES] = PointerGetDatum(pmkt_build_vector(w, d));
	values[PCA_ATT_CONTRIBUTION] = PointerGetDatum(pmkt_build_vector(contrib, d));
	values[PCA_ATT_CUMULATIVE] = PointerGetDatum(pmkt_build_vector(cum, d));
	values[PCA_ATT_LOADINGS] = PointerGetDatum(pmkt_build_matrix(a, d, d));
	values[PCA_ATT_NCOMP] = Int32GetDatum(ncomp);
	values[PCA_ATT_USECORR] = BoolGetDatum(use_corr);
	values[PCA_ATT_THRESHOLD] = Float8GetDatum(threshold);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* A decoded pmkt.pca_result (cached per distinct value: util/argcache.h). */
typedef struct PcaModel
{
	int			d;
	int			ncomp;
	bool		use_corr;
	double	   *mean;
	double	   *sd;
	double	   *eigen;
	double	   *contrib;
	double	   *cum;
	double	   *load;			/* d x d, columns = components */
} PcaModel;

/* model_array: one non-NULL float8[] attribute of the pca argument. */
static ArrayType *
model_array(HeapTupleHeader t, int attno, const char *name, bool *isnull)
{
	Datum		v = GetAttributeByNum(t, attno + 1, isnull);

	if (*isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"pca\" has a NULL %s", name),
				 errhint("Pass the result of pmkt.pca_components().")));
	return DatumGetArrayTypeP(v);
}

/* model_vector: a float8[] attribute of length d. */
static double *
model_vector(HeapTupleHeader t, int attno, const char *name, int d)
{
	bool		isnull;
	int			len;
	double	   *v = pmkt_vector(model_array(t, attno, name, &isnull), "pca", &len, true);

	if (len != d)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"pca\" is malformed: %s has %d elements, expected %d", name, len, d),
				 errhint("Pass the result of pmkt.pca_components().")));
	return v;
}

/* pca_model: decode (or reuse) the pca argument at argno. */
static PcaModel *
pca_model(FunctionCallInfo fcinfo, int argno)
{
	HeapTupleHeader t = PG_GETARG_HEAPTUPLEHEADER(argno);
	Size		len = HeapTupleHeaderGetDatumLength(t);
	MemoryContext cxt;
	PcaModel   *m = pmkt_arg_cache_lookup(fcinfo, t, len, &cxt);
	bool		isnull;
	Datum		v;
	int			d;
	int			rows;
	int			cols;

	if (m != NULL)
		return m;
	m = MemoryContextAllocZero(cxt, sizeof(PcaModel));

	v = GetAttributeByNum(t, PCA_ATT_USECORR + 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"pca\" has a NULL use_correlation"),
				 errhint("Pass the result of pmkt.pca_components().")));
	m->use_corr = DatumGetBool(v);
	v = GetAttributeByNum(t, PCA_ATT_NCOMP + 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"pca\" has a NULL n_components"),
				 errhint("Pass the result of pmkt.pca_components().")));
	m->ncomp = DatumGetInt32(v);

	{
		double	   *l = pmkt_matrix(model_array(t, PCA_ATT_LOADINGS, "loadings", &isnull),
									"pca", &rows, &cols, true);

		if (rows != cols)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"pca\" is malformed: loadings is %d x %d, expected a square matrix", rows, cols),
					 errhint("Pass the result of pmkt.pca_components().")));
		d = rows;
		m->load = MemoryContextAlloc(cxt, sizeof(double) * d * d);
		memcpy(m->load, l, sizeof(double) * d * d);
	}
	if (m->ncomp < 1 || m->ncomp > d)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"pca\" is malformed: n_components is %d, expected 1..%d", m->ncomp, d),
				 errhint("Pass the result of pmkt.pca_components().")));
	{
		double	   *src[5];
		double	  **dst[5] = {&m->mean, &m->sd, &m->eigen, &m->contrib, &m->cum};
		static const char *const names[5] = {"means", "stddevs", "eigenvalues", "contribution", "cumulative"};
		static const int atts[5] = {PCA_ATT_MEANS, PCA_ATT_STDDEVS, PCA_ATT_EIGENVALUES,
		PCA_ATT_CONTRIBUTION, PCA_ATT_CUMULATIVE};

		for (int i = 0; i < 5; i++)
			src[i] = model_vector(t, atts[i], names[i], d);
		for (int i = 0; i < 5; i++)
		{
			*dst[i] = MemoryContextAlloc(cxt, sizeof(double) * d);
			memcpy(*dst[i], src[i], sizeof(double) * d);
		}
	}
	if (m->use_corr)
		for (int j = 0; j < d; j++)
			if (!(m->sd[j] > 0))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"pca\" is malformed: stddevs[%d] is %g", j + 1, m->sd[j]),
						 errhint("Pass the result of pmkt.pca_components().")));
	m->d = d;
	pmkt_arg_cache_store(fcinfo, t, len, m);
	return m;
}

/* components_arg: n_components argument (NULL = the model's). */
static int
components_arg(FunctionCallInfo fcinfo, int argno, PcaModel *m)
{
	int			k;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return m->ncomp;
	k = PG_GETARG_INT32(argno);
	if (k < 1 || k > m->d)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"n_components\" must be between 1 and %d", m->d),
				 errdetail("Got %d.", k),
				 errhint("Pass NULL to use the components reaching the threshold (%d here).", m->ncomp)));
	return k;
}

/*
 * pmkt.pca_project(x, pca, n_components DEFAULT NULL) -> float8[] scores
 *    score_c = sum_j z_j loading_jc with z_j = (x_j - mean_j) / sd_j
 *    (correlation PCA) or x_j - mean_j (covariance PCA).
 */
Datum
pmkt_pca_project(PG_FUNCTION_ARGS)
{
	PcaModel   *m;
	double	   *x;
	double	   *z;
	double	   *out;
	int			d;
	int			k;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	m = pca_model(fcinfo, 1);
	k = components_arg(fcinfo, 2, m);
	x = pmkt_vector(PG_GETARG_ARRAYTYPE_P(0), "x", &d, true);
	if (d != m->d)
		pmkt_check_same_length(d, "x", m->d, "pca.means");
	z = palloc(sizeof(double) * d);
	out = palloc(sizeof(double) * k);
	for (int j = 0; j < d; j++)
		z[j] = m->use_corr ? (x[j] - m->mean[j]) / m->sd[j] : x[j] - m->mean[j];
	for (int c = 0; c < k; c++)
	{
		double		acc = 0;

		for (int j = 0; j < d; j++)
			acc += z[j] * m->load[j * d + c];
		out[c] = pmkt_check_result(acc, "pca_project");
	}
	PG_RETURN_ARRAYTYPE_P(pmkt_build_vector(out, k));
}

/*
 * pmkt.pca_report(pca) -> SETOF (component, eigenvalue, contribution,
 * cumulative, retained): one row per component, for BI tools.
 */
Datum
pmkt_pca_report(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PcaModel   *m;
	int			digits;

	InitMaterializedSRF(fcinfo, 0);
	/* 1.1: numeric columns rounded to digits decimals (NULL: unrounded);
	 * 1.0's signature (float8 columns, STRICT) calls the same function */
	digits = pmkt_report_digits_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	m = pca_model(fcinfo, 0);
	for (int c = 0; c < m->d; c++)
	{
		Datum		values[5];
		bool		nulls[5] = {0};
		const int	dec[5] = {digits, digits, digits, digits, digits};

		CHECK_FOR_INTERRUPTS();
		values[0] = Int32GetDatum(c + 1);
		values[1] = Float8GetDatum(m->eigen[c]);
		values[2] = Float8GetDatum(m->contrib[c]);
		values[3] = Float8GetDatum(m->cum[c]);
		values[4] = BoolGetDatum(c < m->ncomp);
		pmkt_report_round_row(rsinfo->setDesc, values, nulls, dec, digits);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * pmkt.pca_loadings(pca) -> SETOF (variable, component, loading, retained):
 * the loadings matrix in long form, one row per (column, component).
 */
Datum
pmkt_pca_loadings(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PcaModel   *m;

	InitMaterializedSRF(fcinfo, 0);
	m = pca_model(fcinfo, 0);
	for (int j = 0; j < m->d; j++)
		for (int c = 0; c < m->d; c++)
		{
			Datum		values[4];
			bool		nulls[4] = {0};

			values[0] = Int32GetDatum(j + 1);
			values[1] = Int32GetDatum(c + 1);
			values[2] = Float8GetDatum(m->load[j * m->d + c]);
			values[3] = BoolGetDatum(c < m->ncomp);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	return (Datum) 0;
}

/*
 * pmkt.pca_select_variables(pca, n_components DEFAULT NULL) -> int[]
 *    Index screening by Jolliffe's rule B4: for each of the first l
 *    components in turn, keep the not yet chosen variable with the largest
 *    absolute loading.  Returns the 1-based column numbers, in component
 *    order.
 */
Datum
pmkt_pca_select_variables(PG_FUNCTION_ARGS)
{
	PcaModel   *m;
	int			k;
	bool	   *taken;
	int32	   *sel;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	m = pca_model(fcinfo, 0);
	k = components_arg(fcinfo, 1, m);
	taken = palloc0(sizeof(bool) * m->d);
	sel = palloc(sizeof(int32) * k);

	for (int c = 0; c < k; c++)
	{
		int			best = -1;

		for (int j = 0; j < m->d; j++)
			if (!taken[j] && (best < 0 ||
							  fabs(m->load[j * m->d + c]) > fabs(m->load[best * m->d + c])))
				best = j;
		taken[best] = true;
		sel[c] = best + 1;
	}
	PG_RETURN_ARRAYTYPE_P(pmkt_build_int4_vector(sel, k));
}
