/*
 * inference.c
 *    Inference on fitted OLS and logistic models (issue 16, point 3):
 *    heteroskedasticity-robust (HC0-HC3) covariance as a second, combinable
 *    pass over the rows (pmkt.ols_robust, pmkt.logistic_robust, state type
 *    pmkt.robust_state), the logistic regression table with odds ratios and
 *    confidence intervals (pmkt.logistic_report), the likelihood-ratio test
 *    (pmkt.logistic_lr_test), and the rounding of report values to numeric.
 *
 * Sandwich.  With the bread B and the per-row scores s_i = x_i e_i,
 *    V = B (sum_i w_i x_i x_i') B,   w_i = e_i^2 (HC0, HC1),
 *        e_i^2 / (1 - h_i) (HC2), e_i^2 / (1 - h_i)^2 (HC3),
 * and HC1 scales V by n / (n - p).  OLS: B = (X'X)^-1 = covariance /
 * sigma^2 from the fitted model, e_i = y_i - x_i'b, h_i = x_i' B x_i
 * (statsmodels' OLS fit(cov_type=...)).  Logistic: B = (X'WX)^-1 = the
 * model's covariance, e_i = y_i - mu_i, h_i = mu_i (1 - mu_i) x_i' B x_i (the
 * GLM hat values; R sandwich::vcovHC on a glm; statsmodels 0.13 returns the
 * HC0 sandwich for every HC type of Logit/GLM).  B is known before the pass,
 * so each row's weight is computed when the row is seen and the state is a
 * plain sum: combinable, parallel safe, order-independent up to rounding.
 *
 * The state keeps the model it was started from (coefficients, bread and the
 * model's scalar fields), so the final function rebuilds the same result type
 * with the robust standard errors, statistics, p-values and covariance (and,
 * for OLS, the robust Wald F): every report and predict function takes it.
 */
#include "pmkt.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/typcache.h"

#include "distributions.h"
#include "ols.h"
#include "util/array.h"
#include "util/linalg.h"
#include "util/report.h"
#include "util/serial.h"
#include "util/state.h"

PG_FUNCTION_INFO_V1(pmkt_robust_state_in);
PG_FUNCTION_INFO_V1(pmkt_robust_state_out);
PG_FUNCTION_INFO_V1(pmkt_robust_state_recv);
PG_FUNCTION_INFO_V1(pmkt_robust_state_send);
PG_FUNCTION_INFO_V1(pmkt_ols_robust_sfunc);
PG_FUNCTION_INFO_V1(pmkt_logistic_robust_sfunc);
PG_FUNCTION_INFO_V1(pmkt_robust_combine);
PG_FUNCTION_INFO_V1(pmkt_ols_robust_final);
PG_FUNCTION_INFO_V1(pmkt_logistic_robust_final);
PG_FUNCTION_INFO_V1(pmkt_logistic_report);
PG_FUNCTION_INFO_V1(pmkt_logistic_lr_test);

/*
 * pmkt.robust_state: a flat varlena, a 4-byte pad, then doubles:
 *   [0] tag  [1] kind (1 OLS, 2 logistic)  [2] HC type 0..3  [3] p
 *   [4] rows accumulated  [5] intercept 0/1  [6] the model's n
 *   [7] null mask of the scalars  [8 .. 8+RS_NSC) the model's scalar fields
 *   then the coefficients (p), the bread B (p x p, row-major), the meat
 *   sum w_i x_i x_i' (p x p, upper triangle used) as compensated sums: the
 *   running sums, then their error terms (p x p), so that a parallel plan's
 *   different order gives the serial answer to ~1e-15.
 */
#define RS_TAG 6601.0
#define RS_KIND 1
#define RS_HC 2
#define RS_P 3
#define RS_N 4
#define RS_ICPT 5
#define RS_MODEL_N 6
#define RS_NULLS 7
#define RS_SC 8
#define RS_NSC 16
#define RS_HDR (RS_SC + RS_NSC)
#define RS_LEN(p) (RS_HDR + (p) + 3 * (p) * (p))
#define RS_MAX_P 400
#define KIND_OLS 1
#define KIND_LOGIT 2

/* the scalar attributes kept: OLS r_squared .. intercept, logistic log_likelihood .. intercept */
#define OLS_SC_FIRST OR_R2
#define OLS_SC_LAST OR_INTERCEPT
#define LR_SC_FIRST LR_LL
#define LR_SC_LAST LR_INTERCEPT

typedef struct RobustState
{
	int32		vl_len_;
	int32		pad;
	double		d[FLEXIBLE_ARRAY_MEMBER];
} RobustState;

#define RS_NDOUBLES(s) ((int) ((VARSIZE(s) - offsetof(RobustState, d)) / sizeof(double)))

static const char *const hc_names[4] = {"HC0", "HC1", "HC2", "HC3"};

/* Neumaier: *s += v, the rounding error into *c */
static inline void
two_sum_into(double *s, double *c, double v)
{
	double		t = *s + v;

	if (fabs(*s) >= fabs(v))
		*c += (*s - t) + v;
	else
		*c += (v - t) + *s;
	*s = t;
}

static RobustState *
rs_alloc(int len)
{
	Size		sz = offsetof(RobustState, d) + sizeof(double) * (Size) len;
	RobustState *s = palloc0(sz);

	SET_VARSIZE(s, sz);
	return s;
}

static void pg_attribute_noreturn()
rs_bad(int code, const char *fn, const char *problem)
{
	ereport(ERROR,
			(errcode(code),
			 errmsg("%s: invalid pmkt.robust_state: %s", fn, problem),
			 errhint("Pass a state made by pmkt.ols_robust or pmkt.logistic_robust.")));
}

/* Every field a later step depends on; code 22023 (states) or 22P02/22P03 (input). */
static void
rs_validate(const double *d, int len, int code, const char *fn)
{
	int			p;

	if (len < RS_HDR || d[0] != RS_TAG)
		rs_bad(code, fn, "not a robust covariance state");
	if (d[RS_KIND] != KIND_OLS && d[RS_KIND] != KIND_LOGIT)
		rs_bad(code, fn, "unknown model kind");
	if (!(d[RS_HC] == 0 || d[RS_HC] == 1 || d[RS_HC] == 2 || d[RS_HC] == 3))
		rs_bad(code, fn, "unknown covariance type");
	if (!(d[RS_P] >= 1 && d[RS_P] <= RS_MAX_P && d[RS_P] == floor(d[RS_P])))
		rs_bad(code, fn, "parameter count out of range");
	p = (int) d[RS_P];
	if (len != RS_LEN(p))
		rs_bad(code, fn, "length does not match the parameter count");
	if (!(d[RS_ICPT] == 0 || d[RS_ICPT] == 1))
		rs_bad(code, fn, "bad intercept flag");
	for (int i = RS_N; i <= RS_MODEL_N; i += RS_MODEL_N - RS_N)
		if (!(d[i] >= 0 && d[i] <= 9007199254740992.0 && d[i] == floor(d[i])))
			rs_bad(code, fn, "bad row count");
	if (!(d[RS_NULLS] >= 0 && d[RS_NULLS] < (1 << RS_NSC) && d[RS_NULLS] == floor(d[RS_NULLS])))
		rs_bad(code, fn, "bad null mask");
	for (int i = RS_HDR; i < len; i++)
		if (!isfinite(d[i]))
			rs_bad(code, fn, "non-finite coefficient, bread or meat");
}

static double *
rs_data(RobustState *s, const char *fn)
{
	rs_validate(s->d, RS_NDOUBLES(s), ERRCODE_INVALID_PARAMETER_VALUE, fn);
	return s->d;
}

/* ---------------------------------------------------------------- I/O */

Datum
pmkt_robust_state_out(PG_FUNCTION_ARGS)
{
	RobustState *s = (RobustState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	int			len = RS_NDOUBLES(s);
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < len; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ' ');
		pmkt_append_double(&buf, s->d[i]);
	}
	PG_RETURN_CSTRING(buf.data);
}

Datum
pmkt_robust_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	char	   *p = str;
	int			cap = 64,
				len = 0;
	double	   *v = palloc(sizeof(double) * cap);
	RobustState *s;

	for (;;)
	{
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		if (len >= RS_LEN(RS_MAX_P))
			rs_bad(ERRCODE_INVALID_TEXT_REPRESENTATION, "pmkt.robust_state_in", "too many values");
		if (len == cap)
		{
			cap *= 2;
			v = repalloc(v, sizeof(double) * cap);
		}
		v[len++] = pmkt_parse_double(&p, "pmkt.robust_state");
		if (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type pmkt.robust_state: \"%s\"", str),
					 errdetail("Values are numbers separated by spaces.")));
	}
	rs_validate(v, len, ERRCODE_INVALID_TEXT_REPRESENTATION, "pmkt.robust_state_in");
	s = rs_alloc(len);
	memcpy(s->d, v, sizeof(double) * len);
	PG_RETURN_POINTER(s);
}

Datum
pmkt_robust_state_send(PG_FUNCTION_ARGS)
{
	RobustState *s = (RobustState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	int			len = RS_NDOUBLES(s);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, len);
	for (int i = 0; i < len; i++)
		pq_sendfloat8(&buf, s->d[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
pmkt_robust_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = pq_getmsgint(buf, 4);
	RobustState *s;

	if (len < RS_HDR || len > RS_LEN(RS_MAX_P) ||
		(Size) (buf->len - buf->cursor) != sizeof(double) * (Size) len)
		rs_bad(ERRCODE_INVALID_BINARY_REPRESENTATION, "pmkt.robust_state_recv", "bad length");
	s = rs_alloc(len);
	for (int i = 0; i < len; i++)
		s->d[i] = pq_getmsgfloat8(buf);
	rs_validate(s->d, len, ERRCODE_INVALID_BINARY_REPRESENTATION, "pmkt.robust_state_recv");
	PG_RETURN_POINTER(s);
}

/* ------------------------------------------------------ model reading */

static double *
model_vector(HeapTupleHeader t, int attno, const char *what, int p, bool required, int *nout)
{
	bool		isnull;
	Datum		d = GetAttributeByNum(t, attno + 1, &isnull);
	double	   *v;
	int			n;

	if (isnull)
	{
		if (!required)
			return NULL;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"model\" has no %s", what),
				 errdetail("model.%s is NULL.", what),
				 errhint("Fit the model again (a rank-deficient or empty fit has no estimates).")));
	}
	v = pmkt_vector(DatumGetArrayTypeP(d), psprintf("model.%s", what), &n, true);
	if (p >= 0 && n != p)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"model\" is malformed"),
				 errdetail("model.%s has %d elements, model.coefficients %d.", what, n, p)));
	if (nout)
		*nout = n;
	return v;
}

static int64
model_n(HeapTupleHeader t, int attno)
{
	bool		isnull;
	Datum		d = GetAttributeByNum(t, attno + 1, &isnull);

	if (isnull || DatumGetInt64(d) < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"model\" has no row count"),
				 errhint("Pass a model fitted by pmkt.ols or pmkt.logistic_train.")));
	return DatumGetInt64(d);
}

static bool
model_intercept(HeapTupleHeader t, int attno)
{
	bool		isnull;
	Datum		d = GetAttributeByNum(t, attno + 1, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"model\" has a NULL intercept flag")));
	return DatumGetBool(d);
}

/* The model's p x p covariance (1.1 models only). */
static double *
model_covariance(HeapTupleHeader t, int attno, int p)
{
	bool		isnull = true;
	Datum		d = (Datum) 0;
	double	   *c;
	int			r,
				k;

	if (HeapTupleHeaderGetNatts(t) > attno)
		d = GetAttributeByNum(t, attno + 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"model\" has no covariance matrix"),
				 errdetail("model.covariance is NULL: the model was fitted before pmkt 1.1 or is rank deficient."),
				 errhint("Fit the model again with pmkt 1.1 (after ALTER EXTENSION pmkt UPDATE).")));
	c = pmkt_matrix(DatumGetArrayTypeP(d), "model.covariance", &r, &k, true);
	if (r != p || k != p)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"model\" is malformed"),
				 errdetail("model.covariance is %d x %d for %d coefficients.", r, k, p)));
	pmkt_check_model_finite(c, (Size) p * p, "model", "covariance");
	return c;
}

static int
parse_hc(text *t)
{
	char	   *s = text_to_cstring(t);

	for (int i = 0; i < 4; i++)
		if (pg_strcasecmp(s, hc_names[i]) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"cov_type\" must be 'HC0', 'HC1', 'HC2' or 'HC3'"),
			 errdetail("Got '%s'.", s),
			 errhint("HC1 is the usual default (Stata's robust); HC3 is advised for small samples.")));
	pg_unreachable();
}

/* A new state from the model argument (first row of a group). */
static RobustState *
rs_start(FunctionCallInfo fcinfo, int kind)
{
	const char *fn = kind == KIND_OLS ? "pmkt.ols_robust" : "pmkt.logistic_robust";
	HeapTupleHeader t;
	TupleDesc	td;
	double	   *coef,
			   *cov;
	int			p,
				first = kind == KIND_OLS ? OLS_SC_FIRST : LR_SC_FIRST,
				last = kind == KIND_OLS ? OLS_SC_LAST : LR_SC_LAST,
				mask = 0;
	RobustState *s;
	double	   *d;
	int			hc;
	bool		icpt;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"model\" of %s must not be NULL", fn),
				 errhint("Pass the fitted model, e.g. (SELECT m FROM fit).")));
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"cov_type\" of %s must not be NULL", fn),
				 errhint("Pass 'HC0', 'HC1', 'HC2' or 'HC3'.")));
	hc = parse_hc(PG_GETARG_TEXT_PP(4));
	t = PG_GETARG_HEAPTUPLEHEADER(3);
	coef = model_vector(t, kind == KIND_OLS ? OR_COEF : LR_COEF, "coefficients", -1, true, &p);
	if (p > RS_MAX_P)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many coefficients", fn),
				 errdetail("The model has %d; at most %d.", p, RS_MAX_P)));
	pmkt_check_model_finite(coef, p, "model", "coefficients");
	cov = model_covariance(t, kind == KIND_OLS ? OR_COV : LR_COV, p);
	icpt = model_intercept(t, kind == KIND_OLS ? OR_INTERCEPT : LR_INTERCEPT);
	if (icpt && p < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"model\" is malformed")));

	s = rs_alloc(RS_LEN(p));
	d = s->d;
	d[0] = RS_TAG;
	d[RS_KIND] = kind;
	d[RS_HC] = hc;
	d[RS_P] = p;
	d[RS_ICPT] = icpt ? 1 : 0;
	d[RS_MODEL_N] = (double) model_n(t, kind == KIND_OLS ? OR_N : LR_N);
	memcpy(d + RS_HDR, coef, sizeof(double) * p);

	if (kind == KIND_OLS)
	{
		bool		isnull;
		double		rse = DatumGetFloat8(GetAttributeByNum(t, OR_RSE + 1, &isnull));

		if (isnull || !(rse > 0) || !isfinite(rse))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"model\" has no positive residual standard error"),
					 errdetail("model.residual_std_error is %s.", isnull ? "NULL" : psprintf("%g", rse)),
					 errhint("An exact fit has zero residuals: every robust standard error is 0.")));
		/* (X'X)^-1 = covariance / sigma^2 */
		for (int i = 0; i < p * p; i++)
			d[RS_HDR + p + i] = cov[i] / (rse * rse);
	}
	else
		memcpy(d + RS_HDR + p, cov, sizeof(double) * p * p);

	/* the model's scalar fields, to rebuild the result */
	td = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(t), HeapTupleHeaderGetTypMod(t));
	for (int a = first; a <= last; a++)
	{
		bool		isnull;
		Datum		v = GetAttributeByNum(t, a + 1, &isnull);
		Oid			typ = TupleDescAttr(td, a)->atttypid;
		double		x = 0;

		if (isnull)
			mask |= 1 << (a - first);
		else if (typ == FLOAT8OID)
			x = DatumGetFloat8(v);
		else if (typ == INT8OID)
			x = (double) DatumGetInt64(v);
		else if (typ == INT4OID)
			x = DatumGetInt32(v);
		else if (typ == BOOLOID)
			x = DatumGetBool(v) ? 1 : 0;
		if (!isfinite(x))
			mask |= 1 << (a - first);
		else
			d[RS_SC + a - first] = x;
	}
	ReleaseTupleDesc(td);
	d[RS_NULLS] = mask;
	return s;
}

/* The state argument, updatable in place when called as an aggregate. */
static RobustState *
rs_arg(FunctionCallInfo fcinfo, int argno)
{
	RobustState *s = (RobustState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	if (!AggCheckCallContext(fcinfo, NULL) && (Pointer) s == DatumGetPointer(PG_GETARG_DATUM(argno)))
	{
		RobustState *c = palloc(VARSIZE(s));

		memcpy(c, s, VARSIZE(s));
		s = c;
	}
	return s;
}

static Datum
robust_sfunc(FunctionCallInfo fcinfo, int kind)
{
	const char *fn = kind == KIND_OLS ? "pmkt.ols_robust" : "pmkt.logistic_robust";
	RobustState *s;
	double	   *d,
			   *b,
			   *B,
			   *M;
	double	   *xv;
	double	   *x;
	int			p,
				icpt,
				nx,
				hc;
	double		y,
				eta = 0,
				e,
				w,
				vw = 1;

	if (PG_ARGISNULL(0))
		s = rs_start(fcinfo, kind);
	else
	{
		s = rs_arg(fcinfo, 0);
		if (RS_NDOUBLES(s) < RS_HDR || s->d[0] != RS_TAG || s->d[RS_KIND] != kind ||
			!(s->d[RS_P] >= 1 && s->d[RS_P] <= RS_MAX_P) ||
			RS_NDOUBLES(s) != RS_LEN((int) s->d[RS_P]))
			rs_bad(ERRCODE_INVALID_PARAMETER_VALUE, fn, "not a state of this aggregate");
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	d = s->d;
	p = (int) d[RS_P];
	icpt = d[RS_ICPT] == 1 ? 1 : 0;
	hc = (int) d[RS_HC];
	b = d + RS_HDR;
	B = b + p;
	M = B + p * p;

	y = PG_GETARG_FLOAT8(1);
	{
		ArrayType  *xa = PG_GETARG_ARRAYTYPE_P(2);

		if (array_contains_nulls(xa))
			PG_RETURN_POINTER(s);
		x = pmkt_vector(xa, "x", &nx, true);
	}
	if (nx + icpt != p)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"x\" does not match the model"),
				 errdetail("x has %d elements, the model has %d regressors%s.",
						   nx, p - icpt, icpt ? " besides the intercept" : ""),
				 errhint("Pass the regressors in the order used to fit the model.")));
	if (!isfinite(y))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"y\" must be finite"),
				 errdetail("Got %g.", y)));
	xv = palloc(sizeof(double) * p);
	if (icpt)
		xv[0] = 1;
	memcpy(xv + icpt, x, sizeof(double) * nx);
	for (int j = 0; j < p; j++)
		eta += b[j] * xv[j];
	if (kind == KIND_OLS)
		e = y - eta;
	else
	{
		double		mu;

		if (y != 0 && y != 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"y\" of %s must be 0 or 1", fn),
					 errdetail("Got %g.", y),
					 errhint("Pass the outcome as 0/1, e.g. converted::int.")));
		mu = eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta));
		e = y - mu;
		vw = mu * (1 - mu);
	}
	w = e * e;
	if (hc >= 2)
	{
		double		h = 0;

		for (int i = 0; i < p; i++)
		{
			double		acc = 0;

			for (int j = 0; j < p; j++)
				acc += B[i * p + j] * xv[j];
			h += xv[i] * acc;
		}
		h *= vw;
		if (!(1 - h > 1e-10))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: a row has leverage 1, so %s is undefined", fn, hc_names[hc]),
					 errdetail("Leverage h = %.17g for the row with y = %g.", h, y),
					 errhint("The row alone determines a coefficient (e.g. a dummy with one row): use 'HC0' or 'HC1', or drop that regressor.")));
		w = hc == 2 ? w / (1 - h) : w / ((1 - h) * (1 - h));
	}
	for (int i = 0; i < p; i++)
	{
		double		wi = w * xv[i];

		for (int j = i; j < p; j++)
			two_sum_into(M + i * p + j, M + p * p + i * p + j, wi * xv[j]);
	}
	d[RS_N] += 1;
	pmkt_state_check_overflow(M, 2 * p * p, fn);
	pfree(xv);
	PG_RETURN_POINTER(s);
}

Datum
pmkt_ols_robust_sfunc(PG_FUNCTION_ARGS)
{
	return robust_sfunc(fcinfo, KIND_OLS);
}

Datum
pmkt_logistic_robust_sfunc(PG_FUNCTION_ARGS)
{
	return robust_sfunc(fcinfo, KIND_LOGIT);
}

/* pmkt_robust_combine(a, b): strict; both states must come from the same model and type */
Datum
pmkt_robust_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.robust_combine";
	RobustState *a = rs_arg(fcinfo, 0);
	RobustState *bs = (RobustState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(1));
	double	   *da = rs_data(a, fn),
			   *db = rs_data(bs, fn);
	int			p = (int) da[RS_P];
	int			fixed = RS_HDR + p + p * p;

	if (RS_NDOUBLES(a) != RS_NDOUBLES(bs) ||
		memcmp(da + RS_KIND, db + RS_KIND, sizeof(double) * 2) != 0 ||
		memcmp(da + RS_ICPT, db + RS_ICPT, sizeof(double) * (fixed - RS_ICPT)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the two states come from different models or covariance types", fn),
				 errhint("Pass the same model and cov_type on every row (a constant, e.g. (SELECT m FROM fit)).")));
	da[RS_N] += db[RS_N];
	for (int i = 0; i < p * p; i++)
	{
		two_sum_into(da + fixed + i, da + fixed + p * p + i, db[fixed + i]);
		da[fixed + p * p + i] += db[fixed + p * p + i];
	}
	pmkt_state_check_overflow(da + fixed, 2 * p * p, fn);
	PG_RETURN_POINTER(a);
}

/*
 * The robust covariance V = c B M B (c = n / (n - p) for HC1) into V,
 * after checking the rows match the model.
 */
static void
robust_cov(const double *d, const char *fn, double *V)
{
	int			p = (int) d[RS_P];
	const double *B = d + RS_HDR + p;
	const double *M = B + p * p;
	double	   *Ms = palloc(sizeof(double) * p * p);
	double	   *T = palloc(sizeof(double) * p * p);
	double		n = d[RS_N];
	double		c = 1;

	if (n != d[RS_MODEL_N])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the rows do not match the model", fn),
				 errdetail("The model was fitted on %.0f rows; the robust pass read %.0f usable rows.",
						   d[RS_MODEL_N], n),
				 errhint("Run the robust pass over the same rows (same query and WHERE) as the fit.")));
	if (d[RS_HC] == 1)
		c = n / (n - p);
	for (int i = 0; i < p; i++)
		for (int j = i; j < p; j++)
			Ms[i * p + j] = Ms[j * p + i] = M[i * p + j] + M[p * p + i * p + j];
	/* T = M B, V = B T (B symmetric) */
	for (int i = 0; i < p; i++)
		for (int j = 0; j < p; j++)
		{
			long double acc = 0;

			for (int k = 0; k < p; k++)
				acc += (long double) Ms[i * p + k] * B[k * p + j];
			T[i * p + j] = (double) acc;
		}
	for (int i = 0; i < p; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int j = 0; j < p; j++)
		{
			long double acc = 0;

			for (int k = 0; k < p; k++)
				acc += (long double) B[i * p + k] * T[k * p + j];
			V[i * p + j] = (double) (c * acc);
		}
	}
	/* exactly symmetric */
	for (int i = 0; i < p; i++)
		for (int j = 0; j < i; j++)
			V[i * p + j] = V[j * p + i] = 0.5 * (V[i * p + j] + V[j * p + i]);
}

/* Scalars back into the result row. */
static void
put_scalars(const double *d, TupleDesc td, int first, int last, Datum *values, bool *nulls)
{
	int			mask = (int) d[RS_NULLS];

	for (int a = first; a <= last; a++)
	{
		Oid			typ = TupleDescAttr(td, a)->atttypid;
		double		x = d[RS_SC + a - first];

		nulls[a] = (mask & (1 << (a - first))) != 0;
		if (nulls[a])
			continue;
		if (typ == FLOAT8OID)
			values[a] = Float8GetDatum(x);
		else if (typ == INT8OID)
			values[a] = Int64GetDatum((int64) x);
		else if (typ == INT4OID)
			values[a] = Int32GetDatum((int32) x);
		else
			values[a] = BoolGetDatum(x != 0);
	}
}

static TupleDesc
result_desc(FunctionCallInfo fcinfo, int natts, const char *fn)
{
	TupleDesc	td;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE || td->natts != natts)
		elog(ERROR, "%s: unexpected result row type", fn);
	return BlessTupleDesc(td);
}

Datum
pmkt_ols_robust_final(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.ols_robust";
	RobustState *s = (RobustState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	double	   *d = rs_data(s, fn);
	int			p = (int) d[RS_P];
	int			icpt = (int) d[RS_ICPT];
	const double *b = d + RS_HDR;
	double	   *V = palloc(sizeof(double) * p * p);
	double	   *se = palloc(sizeof(double) * p),
			   *tv = palloc(sizeof(double) * p),
			   *pv = palloc(sizeof(double) * p);
	double		dfr;
	TupleDesc	td = result_desc(fcinfo, OR_NATTS, fn);
	Datum		values[OR_NATTS];
	bool		nulls[OR_NATTS];
	int			q = p - icpt;

	if (d[RS_KIND] != KIND_OLS)
		rs_bad(ERRCODE_INVALID_PARAMETER_VALUE, fn, "a logistic state");
	robust_cov(d, fn, V);
	dfr = d[RS_N] - p;
	for (int i = 0; i < p; i++)
	{
		se[i] = sqrt(V[i * p + i]);
		tv[i] = b[i] / se[i];
		pv[i] = pmkt_t_two_sided_p(tv[i], dfr);
	}
	memset(nulls, false, sizeof(nulls));
	put_scalars(d, td, OLS_SC_FIRST, OLS_SC_LAST, values, nulls);
	values[OR_COEF] = PointerGetDatum(pmkt_build_vector(b, p));
	values[OR_SE] = PointerGetDatum(pmkt_build_vector(se, p));
	values[OR_T] = PointerGetDatum(pmkt_build_vector(tv, p));
	values[OR_P] = PointerGetDatum(pmkt_build_vector(pv, p));
	values[OR_COV] = PointerGetDatum(pmkt_build_matrix(V, p, p));
	/* robust Wald F of the slopes: b_s' V_s^-1 b_s / q */
	nulls[OR_F] = nulls[OR_FP] = true;
	if (q > 0)
	{
		double	   *Vs = palloc(sizeof(double) * q * q);
		double	   *r = palloc(sizeof(double) * q);

		for (int i = 0; i < q; i++)
		{
			r[i] = b[i + icpt];
			for (int j = 0; j < q; j++)
				Vs[i * q + j] = V[(i + icpt) * p + j + icpt];
		}
		if (LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', q, 1, Vs, q, r, 1) == 0)
		{
			double		f = 0;

			for (int i = 0; i < q; i++)
				f += b[i + icpt] * r[i];
			f /= q;
			if (isfinite(f))
			{
				values[OR_F] = Float8GetDatum(f);
				values[OR_FP] = Float8GetDatum(pmkt_f_sf(f, q, dfr));
				nulls[OR_F] = nulls[OR_FP] = false;
			}
		}
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}

Datum
pmkt_logistic_robust_final(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.logistic_robust";
	RobustState *s = (RobustState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	double	   *d = rs_data(s, fn);
	int			p = (int) d[RS_P];
	const double *b = d + RS_HDR;
	double	   *V = palloc(sizeof(double) * p * p);
	double	   *se = palloc(sizeof(double) * p),
			   *z = palloc(sizeof(double) * p),
			   *pv = palloc(sizeof(double) * p),
			   *orr = palloc(sizeof(double) * p);
	TupleDesc	td = result_desc(fcinfo, LR_NATTS, fn);
	Datum		values[LR_NATTS];
	bool		nulls[LR_NATTS];

	if (d[RS_KIND] != KIND_LOGIT)
		rs_bad(ERRCODE_INVALID_PARAMETER_VALUE, fn, "an OLS state");
	robust_cov(d, fn, V);
	for (int i = 0; i < p; i++)
	{
		se[i] = sqrt(V[i * p + i]);
		z[i] = b[i] / se[i];
		pv[i] = pmkt_normal_two_sided_p(z[i]);
		orr[i] = exp(b[i]);
	}
	memset(nulls, false, sizeof(nulls));
	put_scalars(d, td, LR_SC_FIRST, LR_SC_LAST, values, nulls);
	values[LR_COEF] = PointerGetDatum(pmkt_build_vector(b, p));
	values[LR_SE] = PointerGetDatum(pmkt_build_vector(se, p));
	values[LR_Z] = PointerGetDatum(pmkt_build_vector(z, p));
	values[LR_P] = PointerGetDatum(pmkt_build_vector(pv, p));
	values[LR_OR] = PointerGetDatum(pmkt_build_vector(orr, p));
	values[LR_COV] = PointerGetDatum(pmkt_build_matrix(V, p, p));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}

/* ------------------------------------------------------------ reports */

Datum
pmkt_round_numeric(double v, int digits, bool decimals, bool *isnull)
{
	Datum		n;
	int			scale;

	*isnull = false;
	if (digits < 0)				/* digits NULL: unrounded, the exact float8 value */
		return pmkt_report_numeric(v, -1);
	n = DirectFunctionCall1(float8_numeric, Float8GetDatum(v));
	if (!isfinite(v) || v == 0)
		return n;
	scale = decimals ? digits : digits - 1 - (int) floor(log10(fabs(v)));
	return DirectFunctionCall2(numeric_round, n, Int32GetDatum(scale));
}

int
pmkt_report_digits(FunctionCallInfo fcinfo, int argno)
{
	int			digits;

	if (PG_ARGISNULL(argno))
		return -1;				/* unrounded */
	digits = PG_GETARG_INT32(argno);
	if (digits < 1 || digits > 15)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"digits\" must be between 1 and 15"),
				 errdetail("Got %d.", digits),
				 errhint("Estimates are rounded to that many significant digits, p-values to that many decimals; NULL leaves them unrounded.")));
	return digits;
}

double
pmkt_report_level(FunctionCallInfo fcinfo, int argno)
{
	double		level;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("argument \"level\" must not be NULL"),
				 errhint("Omit it for 95 %% intervals (0.95).")));
	level = PG_GETARG_FLOAT8(argno);
	if (!(level > 0 && level < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"level\" must be between 0 and 1 (exclusive)"),
				 errdetail("Got %g.", level),
				 errhint("Pass the confidence level as a fraction, e.g. 0.95.")));
	return level;
}

/*
 * The report's variable names: "(Intercept)" first when fitted, then the
 * names given (one per regressor, or one per parameter), else x1, x2, ...
 */
char	  **
pmkt_report_names(FunctionCallInfo fcinfo, int argno, int p, bool intercept)
{
	char	  **out = palloc(sizeof(char *) * p);
	int			icpt = intercept ? 1 : 0;
	int			d = p - icpt;
	Datum	   *names = NULL;
	bool	   *nn = NULL;
	int			nnames = 0;

	if (!PG_ARGISNULL(argno))
	{
		ArrayType  *na = PG_GETARG_ARRAYTYPE_P(argno);

		if (ARR_NDIM(na) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"names\" must be a one-dimensional array")));
		deconstruct_array(na, TEXTOID, -1, false, TYPALIGN_INT, &names, &nn, &nnames);
		if (nnames != d && nnames != p)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"names\" must name every regressor"),
					 errdetail("Got %d names for %d regressors%s.", nnames, d,
							   intercept ? " plus the intercept" : ""),
					 errhint("Pass one name per element of x (the intercept is named \"(Intercept)\"), or NULL.")));
		for (int i = 0; i < nnames; i++)
			if (nn[i])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"names\" must not contain NULL elements")));
	}
	for (int i = 0; i < p; i++)
	{
		if (nnames == p)
			out[i] = TextDatumGetCString(names[i]);
		else if (icpt && i == 0)
			out[i] = "(Intercept)";
		else if (nnames == d && d > 0)
			out[i] = TextDatumGetCString(names[i - icpt]);
		else
			out[i] = psprintf("x%d", i - icpt + 1);
	}
	return out;
}

const char *
pmkt_stars(double pv)
{
	return isnan(pv) ? "" : pv < 0.001 ? "***" : pv < 0.01 ? "**" :
		pv < 0.05 ? "*" : pv < 0.1 ? "." : "";
}

/*
 * pmkt_logistic_report(result, names, level, digits) -> SETOF (variable,
 *   coefficient, std_error, z_value, p_value, ci_lower, ci_upper,
 *   odds_ratio, or_lower, or_upper, stars)
 */
Datum
pmkt_logistic_report(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	HeapTupleHeader t;
	double	   *coef,
			   *se,
			   *z,
			   *pv;
	int			p;
	bool		icpt;
	char	  **names;
	double		level,
				q;
	int			digits;

	level = pmkt_report_level(fcinfo, 2);
	digits = pmkt_report_digits(fcinfo, 3);
	if (PG_ARGISNULL(0))
	{
		InitMaterializedSRF(fcinfo, 0);
		return (Datum) 0;
	}
	t = PG_GETARG_HEAPTUPLEHEADER(0);
	coef = model_vector(t, LR_COEF, "coefficients", -1, true, &p);
	se = model_vector(t, LR_SE, "std_errors", p, true, NULL);
	z = model_vector(t, LR_Z, "z_values", p, true, NULL);
	pv = model_vector(t, LR_P, "p_values", p, true, NULL);
	icpt = model_intercept(t, LR_INTERCEPT);
	names = pmkt_report_names(fcinfo, 1, p, icpt);
	q = pmkt_normal_quantile(0.5 + level / 2);

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < p; i++)
	{
		Datum		v[11];
		bool		nl[11];
		double		lo = coef[i] - q * se[i],
					hi = coef[i] + q * se[i];
		double		num[9] = {coef[i], se[i], z[i], pv[i], lo, hi,
		exp(coef[i]), exp(lo), exp(hi)};

		CHECK_FOR_INTERRUPTS();
		memset(nl, false, sizeof(nl));
		v[0] = CStringGetTextDatum(names[i]);
		for (int k = 0; k < 9; k++)
			v[k + 1] = pmkt_round_numeric(num[k], digits, k == 3, &nl[k + 1]);
		v[10] = CStringGetTextDatum(pmkt_stars(pv[i]));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nl);
	}
	return (Datum) 0;
}

/*
 * pmkt_logistic_lr_test(model, restricted) -> (statistic, df, p_value)
 *    2 (ll - ll_restricted) against chi-square(df); without restricted, the
 *    intercept-only model (df = regressors besides the intercept).
 */
Datum
pmkt_logistic_lr_test(PG_FUNCTION_ARGS)
{
	HeapTupleHeader t;
	TupleDesc	td;
	bool		isnull;
	double		ll,
				llr,
				stat;
	int			p,
				pr,
				df;
	int64		n;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	t = PG_GETARG_HEAPTUPLEHEADER(0);
	(void) model_vector(t, LR_COEF, "coefficients", -1, true, &p);
	n = model_n(t, LR_N);
	ll = DatumGetFloat8(GetAttributeByNum(t, LR_LL + 1, &isnull));
	if (isnull || !isfinite(ll))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"model\" has no log-likelihood")));
	if (PG_ARGISNULL(1))
	{
		llr = DatumGetFloat8(GetAttributeByNum(t, LR_LL0 + 1, &isnull));
		if (isnull || !isfinite(llr))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"model\" has no null log-likelihood")));
		df = p - (model_intercept(t, LR_INTERCEPT) ? 1 : 0);
	}
	else
	{
		HeapTupleHeader r = PG_GETARG_HEAPTUPLEHEADER(1);

		(void) model_vector(r, LR_COEF, "coefficients", -1, true, &pr);
		if (model_n(r, LR_N) != n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("arguments \"model\" and \"restricted\" were fitted on different rows"),
					 errdetail("model.n is " INT64_FORMAT ", restricted.n is " INT64_FORMAT ".",
							   n, model_n(r, LR_N)),
					 errhint("Fit both models on the same rows (NULLs in the extra regressors drop rows).")));
		if (pr >= p)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"restricted\" must have fewer parameters than \"model\""),
					 errdetail("model has %d parameters, restricted %d.", p, pr),
					 errhint("Pass the larger model first and the nested (smaller) one second.")));
		llr = DatumGetFloat8(GetAttributeByNum(r, LR_LL + 1, &isnull));
		if (isnull || !isfinite(llr))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"restricted\" has no log-likelihood")));
		df = p - pr;
	}
	stat = 2 * (ll - llr);
	if (stat < -1e-8 * Max(1.0, fabs(ll)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the restricted model fits better than the full one, so they are not nested"),
				 errdetail("Log-likelihoods: model %.17g, restricted %.17g.", ll, llr),
				 errhint("The restricted model's regressors must be a subset of the model's, fitted on the same rows.")));
	if (stat < 0)
		stat = 0;
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "pmkt.logistic_lr_test: return type must be a row type");
	td = BlessTupleDesc(td);
	values[0] = Float8GetDatum(stat);
	values[1] = Int32GetDatum(df);
	if (df > 0)
		values[2] = Float8GetDatum(pmkt_chisq_sf(stat, df));
	else
		nulls[2] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}
