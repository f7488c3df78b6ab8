/*
 * ols.c
 *    pmkt.ols: ordinary least squares with inference statistics as a
 *    one-pass, parallel-safe aggregate; pmkt.ols_report (the study's table)
 *    and pmkt.ols_predict.
 *
 * Numerics.  The state is the Gram matrix G = A'A of the augmented rows
 * a = [1 x y], accumulated in double-double (about 32 significant digits,
 * ols_kernel.h): every product is split exactly and summed with error-free
 * transformations.  The final function takes the Cholesky factor R of G in
 * double-double arithmetic (R is the R of a QR of A), then solves in long
 * double.  In double, normal equations square the condition number and lose
 * every digit on NIST Filip; with G exact to ~1e-32 the squared (column-
 * scaled) condition number costs at most cond^2 * 1e-32, below the 1e-16
 * rounding of the double inputs themselves for every NIST StRD set.
 * Measured LRE (sql/nist.sql): at least 13 correct digits in every
 * coefficient and standard error of every set but Filip, 7.6 there, where
 * the inputs (x not representable in binary) bound every method: a
 * one-pass Householder QR in long double (the first design) gives the same
 * 7.6, and 10.1 on Wampler5, at several times the cost per row
 * (bench/model/regress.md).  Combining two states adds their Gram matrices in
 * double-double, so a parallel plan gives the serial answer to ~1e-30.
 *
 * From R = [R_xx r_xy; 0 rho]: the coefficients solve R_xx b = r_xy, the
 * residual sum of squares is rho^2, the covariance of b is
 * sigma^2 R_xx^-1 R_xx^-T, and with an intercept first the centred total
 * sum of squares is the sum of the squares of r_xy below its first entry
 * plus rho^2.
 */
#include "pmkt.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/typcache.h"

#include "distributions.h"
#include "ols.h"
#include "ols_kernel.h"
#include "util/argcache.h"
#include "util/dd.h"
#include "util/array.h"
#include "util/linalg.h"
#include "util/state.h"

PG_FUNCTION_INFO_V1(pmkt_ols_sfunc);
PG_FUNCTION_INFO_V1(pmkt_ols_combine);
PG_FUNCTION_INFO_V1(pmkt_ols_final);
PG_FUNCTION_INFO_V1(pmkt_ols_report);
PG_FUNCTION_INFO_V1(pmkt_ols_report_digits);
PG_FUNCTION_INFO_V1(pmkt_ols_predict);


#define GSIZE(m) ((m) * PMKT_GRAM_STRIDE(m))
#define STATE_LEN(m) (OLS_HDR + 2 * GSIZE(m))
#define G_HI(s) ((s) + OLS_HDR)
#define G_LO(s, m) ((s) + OLS_HDR + GSIZE(m))

/*
 * gram_cholesky
 *    R (m x m, row-major, long double) with R'R = G, from the state's
 *    packed double-double G, in double-double arithmetic.  A pivot at or
 *    below (OLS_RANK_TOL)^2 * G_kk (column k is, to that tolerance, a
 *    combination of the earlier ones) gives a zero row; the caller counts
 *    the rank from R's diagonal.
 */
static void
gram_cholesky(const double *s, int m, long double *R)
{
	const double *hi = G_HI(s);
	const double *lo = G_LO(s, m);
	dd		   *G = palloc(sizeof(dd) * m * m);
	dd		   *U = palloc0(sizeof(dd) * m * m);
	int			ms = PMKT_GRAM_STRIDE(m);

	for (int i = 0; i < m; i++)
		for (int j = i; j < m; j++)
			G[i * m + j] = dd_fast(hi[i * ms + j], lo[i * ms + j]);
	for (int k = 0; k < m; k++)
	{
		dd			piv = G[k * m + k];
		dd			d;

		for (int i = 0; i < k; i++)
			piv = dd_add(piv, dd_neg(dd_mul(U[i * m + k], U[i * m + k])));
		if (!(piv.hi > OLS_RANK_TOL * OLS_RANK_TOL * G[k * m + k].hi))
			continue;			/* dependent column (or zero residual): row stays 0 */
		d = dd_sqrt(piv);
		U[k * m + k] = d;
		for (int j = k + 1; j < m; j++)
		{
			dd			v = G[k * m + j];

			for (int i = 0; i < k; i++)
				v = dd_add(v, dd_neg(dd_mul(U[i * m + k], U[i * m + j])));
			U[k * m + j] = dd_div(v, d);
		}
	}
	for (int i = 0; i < m * m; i++)
		R[i] = (long double) U[i].hi + (long double) U[i].lo;
	pfree(G);
	pfree(U);
}

/*
 * state_data: a state's doubles after checking its tag, parameter count,
 * intercept flag and length (every call) and, when full, the row count
 * (combine and final; every state is untrusted input, util/state.h).  A
 * non-finite Gram matrix is left to ols_final's overflow check (22003):
 * finite rows can overflow it.  With an intercept G_11 counts the rows.
 */
static double *
state_data(ArrayType *a, const char *funcname, bool full)
{
	double	   *s = pmkt_state_data(a, OLS_STATE_TAG, -1, funcname);
	int			m;

	if (PMKT_STATE_LEN(a) < OLS_HDR)
		pmkt_state_invalid(funcname, "too short for the header",
						   "The state has %d slots, the header alone %d.",
						   PMKT_STATE_LEN(a), OLS_HDR);
	m = pmkt_state_int(s[1], 2, OLS_MAX_PARAMS + 1, "parameter count", funcname);
	pmkt_state_int(s[2], 0, 1, "intercept flag", funcname);
	if (PMKT_STATE_LEN(a) != STATE_LEN(m))
		pmkt_state_invalid(funcname, "length does not match the header",
						   "The state has %d slots, its header implies %d.",
						   PMKT_STATE_LEN(a), STATE_LEN(m));
	if (full)
	{
		double		n = pmkt_state_count(s[3], "n", funcname);
		double		g11 = G_HI(s)[0] + G_LO(s, m)[0];

		if (s[2] == 1 && isfinite(g11) && g11 != n)
			pmkt_state_invalid(funcname, "the intercept column does not count the rows",
							   "n is %.17g, the sum of squares of the intercept column %.17g.",
							   n, g11);
		for (int i = 0; i < m; i++)
		{
			double		gii = G_HI(s)[i * PMKT_GRAM_STRIDE(m) + i];

			if (gii < 0)
				pmkt_state_invalid(funcname, "a negative sum of squares",
								   "Diagonal element %d is %.17g.", i + 1, gii);
		}
	}
	return s;
}

/*
 * pmkt_ols_sfunc(state float8[], y float8, x float8[], intercept boolean)
 *    Buffer one row; fold the buffer into R when it is full.  Rows with a
 *    NULL y, NULL x or NULL element of x are skipped.
 */
Datum
pmkt_ols_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.ols";
	ArrayType  *sa;
	ArrayType  *xa;
	double	   *s;
	double	   *x;
	double		y;
	int			d,
				m,
				icpt;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_NARGS() > 3 && PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"intercept\" must not be NULL"),
				 errhint("Pass true to fit an intercept, false for regression through the origin.")));
	icpt = (PG_NARGS() > 3 && !PG_GETARG_BOOL(3)) ? 0 : 1;
	xa = PG_GETARG_ARRAYTYPE_P(2);
	if (ARR_HASNULL(xa) && array_contains_nulls(xa))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = pmkt_vector(xa, "x", &d, true);
	y = PG_GETARG_FLOAT8(1);
	if (!isfinite(y))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"y\" must be a finite number"),
				 errdetail("Got %g.", y),
				 errhint("Filter out or impute rows with NaN or infinite values.")));
	m = d + icpt + 1;
	if (m - 1 > OLS_MAX_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"x\" has too many elements"),
				 errdetail("Got %d regressors; pmkt.ols fits at most %d parameters.",
						   d, OLS_MAX_PARAMS)));

	if (PG_ARGISNULL(0))
	{
		sa = pmkt_state_new(fcinfo, STATE_LEN(m), fn);
		s = (double *) ARR_DATA_PTR(sa);
		s[0] = OLS_STATE_TAG;
		s[1] = m;
		s[2] = icpt;
	}
	else
	{
		sa = pmkt_state_arg(fcinfo, 0, fn);
		s = state_data(sa, fn, false);
		if ((int) s[2] != icpt)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"intercept\" must be the same in every row")));
		if ((int) s[1] != m)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"x\" must have the same length in every row"),
					 errdetail("This row has %d elements, earlier rows had %d.",
							   d, (int) s[1] - 1 - icpt)));
	}

	{
		double		row[OLS_MAX_PARAMS + 8];

		row[0] = 1.0;
		memcpy(row + icpt, x, sizeof(double) * d);
		row[m - 1] = y;
		for (int j = m; j < PMKT_GRAM_STRIDE(m); j++)
			row[j] = 0;
		pmkt_gram_add_row(G_HI(s), G_LO(s, m), row, m);
	}
	s[3] += 1;
	PG_RETURN_ARRAYTYPE_P(sa);
}

/*
 * pmkt_ols_combine(a float8[], b float8[])  (strict)
 *    Fold both buffers, stack [Ra; Rb] and re-triangularise.
 */
Datum
pmkt_ols_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.ols";
	ArrayType  *aa = pmkt_state_arg(fcinfo, 0, fn);
	ArrayType  *ba = PG_GETARG_ARRAYTYPE_P(1);
	double	   *a = state_data(aa, fn, true);
	double	   *b = state_data(ba, fn, true);
	int			m = (int) a[1];

	if ((int) b[1] != m || b[2] != a[2])
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: cannot combine states of different models", fn),
				 errdetail("One state has %d parameters (intercept %d), the other %d (intercept %d).",
						   m - 1, (int) a[2], (int) b[1] - 1, (int) b[2])));
	{
		double	   *ah = G_HI(a),
				   *al = G_LO(a, m),
				   *bh = G_HI(b),
				   *bl = G_LO(b, m);

		for (int t = 0; t < GSIZE(m); t++)
		{
			dd			v = dd_add((dd) {ah[t], al[t]}, (dd) {bh[t], bl[t]});

			ah[t] = v.hi;
			al[t] = v.lo;
		}
	}
	a[3] += b[3];
	PG_RETURN_ARRAYTYPE_P(aa);
}

/* A float8[] of n values, or NULL when v is NULL. */
static Datum
vec_datum(const double *v, int n)
{
	return PointerGetDatum(pmkt_build_vector(v, n));
}

/*
 * pmkt_ols_final(state float8[]) -> pmkt.ols_result
 */
Datum
pmkt_ols_final(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.ols";
	ArrayType  *sa = PG_GETARG_ARRAYTYPE_P(0);
	double	   *s = state_data(sa, fn, true);
	int			m = (int) s[1];
	int			p = m - 1;
	int			icpt = (int) s[2];
	int64		n = (int64) s[3];
	long double *R = palloc(sizeof(long double) * m * m);
	TupleDesc	tupdesc;
	Datum		values[OR_NATTS];
	bool		nulls[OR_NATTS];
	int			rank = 0;
	double		cond;
	double	   *sv;
	double	   *Rd;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "pmkt.ols: return type must be a row type");
	if (tupdesc->natts != OR_NATTS && tupdesc->natts != OR_NATTS_10)
		elog(ERROR, "pmkt.ols: unexpected pmkt.ols_result with %d attributes", tupdesc->natts);
	tupdesc = BlessTupleDesc(tupdesc);

	if (n <= p)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("pmkt.ols needs more rows than parameters"),
				 errdetail("Got " INT64_FORMAT " rows for %d parameters%s.", n, p,
						   icpt ? " (including the intercept)" : ""),
				 errhint("Add rows or fit fewer regressors.")));

	for (int i = 0; i < GSIZE(m); i++)
		if (!isfinite(G_HI(s)[i]) || !isfinite(G_LO(s, m)[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("pmkt.ols: values too large to fit"),
					 errdetail("The sums of squares and products of y and x overflow double precision."),
					 errhint("Rescale y and x (e.g. to thousands) before fitting.")));
	gram_cholesky(s, m, R);
	for (int i = 0; i < m * m; i++)
		if (!isfinite((double) R[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("pmkt.ols: values too large to fit"),
					 errhint("Rescale y and x (e.g. to thousands) before fitting.")));

	/* numerical rank: R_kk against the norm of column k of X */
	for (int k = 0; k < p; k++)
	{
		long double cn = 0;

		for (int i = 0; i <= k; i++)
			cn += R[i * m + k] * R[i * m + k];
		if (cn > 0 && fabsl(R[k * m + k]) > OLS_RANK_TOL * sqrtl(cn))
			rank++;
	}

	/* condition number of X: singular values of R_xx (double is enough) */
	Rd = palloc0(sizeof(double) * p * p);
	sv = palloc(sizeof(double) * p);
	for (int i = 0; i < p; i++)
		for (int j = i; j < p; j++)
			Rd[i * p + j] = (double) R[i * m + j];
	{
		double	   *superb = palloc(sizeof(double) * Max(p, 2));
		lapack_int	info;

		pmkt_check_lapack_input(Rd, (Size) p * p, fn);
		info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', p, p, Rd, p,
										  sv, NULL, 1, NULL, 1, superb);

		if (info != 0)
			pmkt_lapack_failed(fn, "dgesvd", (int) info);
		cond = sv[p - 1] > 0 ? sv[0] / sv[p - 1] : INFINITY;
	}

	memset(nulls, true, sizeof(nulls));
	values[OR_N] = Int64GetDatum(n);
	nulls[OR_N] = false;
	values[OR_DFM] = Int32GetDatum(p - icpt);
	nulls[OR_DFM] = false;
	values[OR_DFR] = Int64GetDatum(n - p);
	nulls[OR_DFR] = false;
	values[OR_COND] = Float8GetDatum(cond);
	nulls[OR_COND] = false;
	values[OR_RANK] = Int32GetDatum(rank);
	nulls[OR_RANK] = false;
	values[OR_INTERCEPT] = BoolGetDatum(icpt == 1);
	nulls[OR_INTERCEPT] = false;

	if (rank == p)
	{
		long double *b = palloc(sizeof(long double) * p);
		long double *Ri = palloc0(sizeof(long double) * p * p);
		double	   *coef = palloc(sizeof(double) * p);
		double	   *se = palloc(sizeof(double) * p);
		double	   *tv = palloc(sizeof(double) * p);
		double	   *pv = palloc(sizeof(double) * p);
		long double rss = R[p * m + p] * R[p * m + p];
		long double tss = 0;
		long double s2;
		double		dfr = (double) (n - p);
		int			dfm = p - icpt;
		double		r2,
					ll;

		/* R_xx b = r_xy */
		for (int i = p - 1; i >= 0; i--)
		{
			long double acc = R[i * m + p];

			for (int j = i + 1; j < p; j++)
				acc -= R[i * m + j] * b[j];
			b[i] = acc / R[i * m + i];
		}
		/* R_xx^-1, upper triangular, column by column */
		for (int c = 0; c < p; c++)
			for (int i = c; i >= 0; i--)
			{
				long double acc = (i == c) ? 1 : 0;

				for (int j = i + 1; j <= c; j++)
					acc -= R[i * m + j] * Ri[j * p + c];
				Ri[i * p + c] = acc / R[i * m + i];
			}
		s2 = rss / dfr;
		for (int i = 0; i < p; i++)
		{
			long double acc = 0;

			for (int j = i; j < p; j++)
				acc += Ri[i * p + j] * Ri[i * p + j];
			coef[i] = (double) b[i];
			se[i] = (double) sqrtl(s2 * acc);
			tv[i] = coef[i] / se[i];
			pv[i] = pmkt_t_two_sided_p(tv[i], dfr);
		}
		for (int k = icpt; k <= p; k++)
			tss += R[k * m + p] * R[k * m + p];

		values[OR_COEF] = vec_datum(coef, p);
		values[OR_SE] = vec_datum(se, p);
		values[OR_T] = vec_datum(tv, p);
		values[OR_P] = vec_datum(pv, p);
		nulls[OR_COEF] = nulls[OR_SE] = nulls[OR_T] = nulls[OR_P] = false;
		if (tss > 0)
		{
			r2 = (double) (1 - rss / tss);
			values[OR_R2] = Float8GetDatum(r2);
			values[OR_ADJR2] = Float8GetDatum(1 - (1 - r2) * ((double) (n - icpt)) / dfr);
			nulls[OR_R2] = nulls[OR_ADJR2] = false;
			if (dfm > 0 && rss > 0)
			{
				double		f = (double) (((tss - rss) / dfm) / (rss / dfr));

				values[OR_F] = Float8GetDatum(f);
				values[OR_FP] = Float8GetDatum(pmkt_f_sf(f, dfm, dfr));
				nulls[OR_F] = nulls[OR_FP] = false;
			}
		}
		values[OR_RSE] = Float8GetDatum((double) sqrtl(s2));
		nulls[OR_RSE] = false;
		/* sigma^2 R_xx^-1 R_xx^-T (only when the row type has the 1.1 column) */
		if (tupdesc->natts > OR_COV)
		{
			double	   *cov = palloc(sizeof(double) * p * p);

			for (int i = 0; i < p; i++)
				for (int j = i; j < p; j++)
				{
					long double acc = 0;

					for (int k = j; k < p; k++)
						acc += Ri[i * p + k] * Ri[j * p + k];
					cov[i * p + j] = cov[j * p + i] = (double) (s2 * acc);
				}
			values[OR_COV] = PointerGetDatum(pmkt_build_matrix(cov, p, p));
			nulls[OR_COV] = false;
		}
		ll = -0.5 * (double) n * (log(2 * M_PI) + (double) logl(rss / n) + 1);
		values[OR_LL] = Float8GetDatum(ll);
		values[OR_AIC] = Float8GetDatum(-2 * ll + 2 * p);
		values[OR_BIC] = Float8GetDatum(-2 * ll + p * log((double) n));
		nulls[OR_LL] = nulls[OR_AIC] = nulls[OR_BIC] = false;
	}

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * A model's coefficients and intercept flag, read from a pmkt.ols_result.
 * Raises 22023 for a rank-deficient (NULL coefficients) or malformed model.
 */
typedef struct OlsModel
{
	int			p;
	bool		intercept;
	double	   *coef;
	double	   *se;
	double	   *tv;
	double	   *pv;
} OlsModel;

static double *
model_array(HeapTupleHeader t, int attno, const char *what, int *n, bool *isnull)
{
	Datum		d = GetAttributeByNum(t, attno, isnull);
	ArrayType  *a;
	double	   *v;

	if (*isnull)
		return NULL;
	a = DatumGetArrayTypeP(d);
	v = pmkt_vector(a, what, n, false);
	return v;
}

static void
read_ols_model(HeapTupleHeader t, OlsModel *mod, bool need_stats)
{
	bool		isnull;
	int			p,
				n2;
	Datum		d;

	mod->coef = model_array(t, OR_COEF + 1, "model.coefficients", &p, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"model\" has no coefficients"),
				 errdetail("The model is rank deficient (its rank is below the number of parameters) or empty."),
				 errhint("Remove collinear regressors and fit again.")));
	mod->p = p;
	d = GetAttributeByNum(t, OR_INTERCEPT + 1, &isnull);
	mod->intercept = isnull ? false : DatumGetBool(d);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"model\" has a NULL intercept flag")));
	if (need_stats)
	{
		const char *names[3] = {"model.std_errors", "model.t_values", "model.p_values"};
		double	  **dst[3] = {&mod->se, &mod->tv, &mod->pv};

		for (int i = 0; i < 3; i++)
		{
			*dst[i] = model_array(t, OR_SE + 1 + i, names[i], &n2, &isnull);
			if (isnull || n2 != p)
				ereport(ERROR,
						(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						 errmsg("argument \"model\" is malformed"),
						 errdetail("%s must have %d elements like model.coefficients.",
								   names[i], p)));
		}
	}
}

/*
 * pmkt_ols_report(result pmkt.ols_result, names text[]) -> SETOF
 *   (variable, coefficient, std_error, t_value, p_value, stars)
 */
Datum
pmkt_ols_report(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	HeapTupleHeader t;
	OlsModel	mod;
	Datum	   *names = NULL;
	bool	   *name_nulls = NULL;
	int			nnames = 0;
	int			d;

	if (PG_ARGISNULL(0))
	{
		/* no model (e.g. an empty input): no rows */
		InitMaterializedSRF(fcinfo, 0);
		return (Datum) 0;
	}
	t = PG_GETARG_HEAPTUPLEHEADER(0);
	read_ols_model(t, &mod, true);
	d = mod.p - (mod.intercept ? 1 : 0);
	if (!PG_ARGISNULL(1))
	{
		ArrayType  *na = PG_GETARG_ARRAYTYPE_P(1);

		if (ARR_NDIM(na) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"names\" must be a one-dimensional array")));
		deconstruct_array(na, TEXTOID, -1, false, TYPALIGN_INT, &names,
						  &name_nulls, &nnames);
		if (nnames != d && nnames != mod.p)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"names\" must name every regressor"),
					 errdetail("Got %d names for %d regressors%s.", nnames, d,
							   mod.intercept ? " plus the intercept" : ""),
					 errhint("Pass one name per element of x (the intercept is named \"(Intercept)\"), or NULL.")));
		for (int i = 0; i < nnames; i++)
			if (name_nulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"names\" must not contain NULL elements")));
	}

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < mod.p; i++)
	{
		Datum		v[6];
		bool		nl[6] = {false, false, false, false, false, false};
		char	   *var;
		double		pv = mod.pv[i];

		int			icpt = mod.intercept ? 1 : 0;

		if (icpt && i == 0 && nnames != mod.p)
			var = "(Intercept)";
		else if (nnames == mod.p)
			var = TextDatumGetCString(names[i]);
		else if (nnames == d && d > 0)
			var = TextDatumGetCString(names[i - icpt]);
		else
			var = psprintf("x%d", i - icpt + 1);
		v[0] = CStringGetTextDatum(var);
		v[1] = Float8GetDatum(mod.coef[i]);
		v[2] = Float8GetDatum(mod.se[i]);
		v[3] = Float8GetDatum(mod.tv[i]);
		v[4] = Float8GetDatum(pv);
		v[5] = CStringGetTextDatum(isnan(pv) ? "" :
								   pv < 0.001 ? "***" : pv < 0.01 ? "**" :
								   pv < 0.05 ? "*" : pv < 0.1 ? "." : "");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nl);
	}
	return (Datum) 0;
}

/*
 * pmkt_ols_report_digits(result, names, level, digits) -> SETOF
 *   (variable, coefficient, std_error, t_value, p_value, ci_lower, ci_upper,
 *    stars), numeric: estimates to digits significant digits, p-values to
 *   digits decimals; the interval is b +- t(df_residual) quantile * se.
 *   (pmkt_ols_report stays the 1.0 function's float8 table.)
 */
Datum
pmkt_ols_report_digits(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	HeapTupleHeader t;
	OlsModel	mod;
	char	  **names;
	double		level,
				q,
				dfr;
	int			digits;
	bool		isnull;
	Datum		dd;

	level = pmkt_report_level(fcinfo, 2);
	digits = pmkt_report_digits(fcinfo, 3);
	if (PG_ARGISNULL(0))
	{
		InitMaterializedSRF(fcinfo, 0);
		return (Datum) 0;
	}
	t = PG_GETARG_HEAPTUPLEHEADER(0);
	read_ols_model(t, &mod, true);
	names = pmkt_report_names(fcinfo, 1, mod.p, mod.intercept);
	dd = GetAttributeByNum(t, OR_DFR + 1, &isnull);
	if (isnull || DatumGetInt64(dd) < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"result\" has no residual degrees of freedom"),
				 errhint("Pass a result of pmkt.ols or pmkt.ols_robust.")));
	dfr = (double) DatumGetInt64(dd);
	q = pmkt_t_quantile(0.5 + level / 2, dfr);

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < mod.p; i++)
	{
		Datum		v[8];
		bool		nl[8];
		double		num[6] = {mod.coef[i], mod.se[i], mod.tv[i], mod.pv[i],
		mod.coef[i] - q * mod.se[i], mod.coef[i] + q * mod.se[i]};

		CHECK_FOR_INTERRUPTS();
		memset(nl, false, sizeof(nl));
		v[0] = CStringGetTextDatum(names[i]);
		for (int k = 0; k < 6; k++)
			v[k + 1] = pmkt_round_numeric(num[k], digits, k == 3, &nl[k + 1]);
		v[7] = CStringGetTextDatum(pmkt_stars(mod.pv[i]));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nl);
	}
	return (Datum) 0;
}

/* predict cache: the model tuple's bytes and its coefficients */

/*
 * pmkt_ols_predict(x float8[], model pmkt.ols_result) -> float8
 */
Datum
pmkt_ols_predict(PG_FUNCTION_ARGS)
{
	ArrayType  *xa = PG_GETARG_ARRAYTYPE_P(0);
	HeapTupleHeader t = PG_GETARG_HEAPTUPLEHEADER(1);
	Size		len = HeapTupleHeaderGetDatumLength(t);
	MemoryContext cxt;
	OlsModel   *m = pmkt_arg_cache_lookup(fcinfo, t, len, &cxt);
	double	   *x;
	int			d,
				off;
	double		acc;

	if (m == NULL)
	{
		OlsModel	mod;

		read_ols_model(t, &mod, false);
		pmkt_check_model_finite(mod.coef, mod.p, "model", "coefficients");
		m = MemoryContextAlloc(cxt, sizeof(OlsModel));
		*m = mod;
		m->coef = MemoryContextAlloc(cxt, sizeof(double) * mod.p);
		memcpy(m->coef, mod.coef, sizeof(double) * mod.p);
		pmkt_arg_cache_store(fcinfo, t, len, m);
	}
	x = pmkt_vector(xa, "x", &d, true);
	off = m->intercept ? 1 : 0;
	if (d + off != m->p)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"x\" does not match the model"),
				 errdetail("x has %d elements, the model has %d regressors%s.",
						   d, m->p - off, off ? " besides the intercept" : ""),
				 errhint("Pass the regressors in the order used to fit the model.")));
	acc = off ? m->coef[0] : 0;
	for (int i = 0; i < d; i++)
		acc += m->coef[i + off] * x[i];
	PG_RETURN_FLOAT8(pmkt_check_result(acc, "ols_predict"));
}
