/*
 * logistic.c
 *    Logistic regression (conversion models): Newton/IRLS trainer
 *    pmkt.logistic_train, its per-iteration aggregate pmkt.logistic_step,
 *    and pmkt.logistic_predict.
 *
 * Each Newton iteration needs, at the current coefficients b, the
 * log-likelihood, the gradient X'(y - mu) and the Hessian X'WX (W =
 * mu(1 - mu)).  These are sums over rows, so one iteration is one pass of
 * the combinable aggregate pmkt.logistic_step(x, y, b), or one loop over the
 * rows held in memory when they fit pmkt.max_train_memory: both run the
 * same per-row code (accumulate_row) and the same Newton update.
 *
 * The step solves H d = g by Cholesky; when the log-likelihood falls, the
 * step is halved.  Convergence: every |d_j| <= tol * max(1, |b_j|).
 *
 * Separation.  When a linear combination of the regressors separates the
 * converting rows from the others, the maximum-likelihood estimate does not
 * exist: the coefficients run off to infinity while the fitted
 * probabilities of the separated rows reach 0 or 1.  A row counts as
 * perfectly predicted when its fitted probability is within 1e-10 of its
 * label (|eta| > 23 on the right side).  All rows perfectly predicted:
 * complete separation; iterations exhausted without convergence while some
 * rows are perfectly predicted: quasi-complete separation.  Both raise
 * 22023 with the number of rows and the diverging coefficient; a fit that
 * merely runs out of iterations is returned with converged = false.
 */
#include "pmkt.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "distributions.h"
#include "ols.h"
#include "util/argcache.h"
#include "util/budget.h"
#include "util/userquery.h"
#include "util/array.h"
#include "util/linalg.h"
#include "util/matrix.h"
#include "util/state.h"

PG_FUNCTION_INFO_V1(pmkt_logistic_step_sfunc);
PG_FUNCTION_INFO_V1(pmkt_logistic_step_combine);
PG_FUNCTION_INFO_V1(pmkt_logistic_train);
PG_FUNCTION_INFO_V1(pmkt_logistic_predict);

#define LOGIT_TAG 6501.0
#define LOGIT_HDR 7				/* tag, p, intercept, n, loglik, perfect, sum y */
#define LOGIT_LEN(p) (LOGIT_HDR + 2 * (p) + (p) * (p))
#define LOGIT_MAX_PARAMS 400
#define PERFECT_ETA 23.0		/* 1/(1+e^23) ~ 1e-10 */


/* log(1 + exp(eta)) without overflow */
static inline double
log1pexp(double eta)
{
	return eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta));
}

/* Sums for one Newton iteration. */
typedef struct LogitSums
{
	int			p;
	int			icpt;
	double		n;
	double		ll;
	double		perfect;
	double		ysum;
	double	   *g;				/* p */
	double	   *H;				/* p x p, upper triangle filled */
} LogitSums;

/* One row's contribution at coefficients b (x has p - icpt elements). */
static inline void
accumulate_row(LogitSums *s, const double *b, const double *x, double y)
{
	int			p = s->p;
	int			icpt = s->icpt;
	double		eta = icpt ? b[0] : 0;
	double		mu,
				w,
				r;
	double		xa[LOGIT_MAX_PARAMS];

	if (icpt)
		xa[0] = 1;
	for (int j = 0; j < p - icpt; j++)
	{
		xa[j + icpt] = x[j];
		eta += b[j + icpt] * x[j];
	}
	mu = 1 / (1 + exp(-eta));
	w = mu * (1 - mu);
	r = y - mu;
	s->ll += y * eta - log1pexp(eta);
	if ((y == 1 && eta > PERFECT_ETA) || (y == 0 && eta < -PERFECT_ETA))
		s->perfect += 1;
	s->n += 1;
	s->ysum += y;
	for (int i = 0; i < p; i++)
	{
		double		wi = w * xa[i];
		double	   *Hi = s->H + i * p;

		s->g[i] += r * xa[i];
		for (int j = i; j < p; j++)
			Hi[j] += wi * xa[j];
	}
}

static void
check_label(double y, const char *funcname)
{
	if (y != 0 && y != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the target must be 0 or 1 (or boolean)", funcname),
				 errdetail("Got %g.", y),
				 errhint("Encode conversion as true/false or 1/0.")));
}

/* state layout: header, b (p), g (p), H (p x p) */
static void
sums_from_state(double *st, LogitSums *s)
{
	s->p = (int) st[1];
	s->icpt = (int) st[2];
	s->n = st[3];
	s->ll = st[4];
	s->perfect = st[5];
	s->ysum = st[6];
	s->g = st + LOGIT_HDR + s->p;
	s->H = st + LOGIT_HDR + 2 * s->p;
}

/*
 * logit_state_data: a state's doubles after checking its tag, parameter
 * count, intercept flag and length (every call) and, when full, its
 * contents (combine, and the trainer reading the aggregate's result; every
 * state is untrusted input, util/state.h): n, perfect predictions and the
 * positives are counts (at most n), the log-likelihood is finite and <= 0,
 * beta, gradient and Hessian are finite, the Hessian's diagonal >= 0.
 */
static double *
logit_state_data(ArrayType *a, const char *fn, bool full)
{
	double	   *st = pmkt_state_data(a, LOGIT_TAG, -1, fn);
	int			p;

	if (PMKT_STATE_LEN(a) < LOGIT_HDR)
		pmkt_state_invalid(fn, "too short for the header",
						   "The state has %d slots, the header alone %d.",
						   PMKT_STATE_LEN(a), LOGIT_HDR);
	p = pmkt_state_int(st[1], 1, LOGIT_MAX_PARAMS, "parameter count", fn);
	pmkt_state_int(st[2], 0, 1, "intercept flag", fn);
	if (PMKT_STATE_LEN(a) != LOGIT_LEN(p))
		pmkt_state_invalid(fn, "length does not match the header",
						   "The state has %d slots, its header implies %d.",
						   PMKT_STATE_LEN(a), LOGIT_LEN(p));
	if (full)
	{
		double		n = pmkt_state_count(st[3], "n", fn);

		pmkt_state_count(st[5], "perfect predictions", fn);
		pmkt_state_count_le(st[5], "perfect predictions", n, "n", fn);
		pmkt_state_count(st[6], "positives", fn);
		pmkt_state_count_le(st[6], "positives", n, "n", fn);
		pmkt_state_finite(st + 4, 1, false, "log-likelihood", fn);
		if (st[4] > 0)
			pmkt_state_invalid(fn, "a positive log-likelihood",
							   "log-likelihood is %.17g.", st[4]);
		pmkt_state_finite(st + LOGIT_HDR, p, false, "beta", fn);
		pmkt_state_finite(st + LOGIT_HDR + p, p + p * p, false,
						  "gradient and Hessian", fn);
		for (int i = 0; i < p; i++)
			pmkt_state_finite(st + LOGIT_HDR + 2 * p + i * p + i, 1, true,
							  "Hessian diagonal", fn);
	}
	return st;
}

/*
 * logit_overflow: the log-likelihood and the Hessian's diagonal stay finite
 * (then so does the rest: |H_ij| <= sqrt(H_ii H_jj)); else 22003.
 */
static void
logit_overflow(const double *st, int p, const char *fn)
{
	pmkt_state_check_overflow(st + 4, 1, fn);
	for (int i = 0; i < p; i++)
		pmkt_state_check_overflow(st + LOGIT_HDR + 2 * p + i * p + i, 1, fn);
}

/*
 * pmkt_logistic_step_sfunc(state float8[], x float8[], y float8, beta float8[])
 *    beta has one element per element of x, plus a leading intercept when
 *    it is one longer than x.  Rows with a NULL x, y or element are skipped.
 */
Datum
pmkt_logistic_step_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.logistic_step";
	ArrayType  *sa;
	ArrayType  *xa;
	double	   *st,
			   *x,
			   *b;
	double		y;
	int			d,
				p;
	LogitSums	s;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"beta\" must not be NULL")));
	xa = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_HASNULL(xa) && array_contains_nulls(xa))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = pmkt_vector(xa, "x", &d, true);
	y = PG_GETARG_FLOAT8(2);
	check_label(y, fn);
	b = pmkt_vector(PG_GETARG_ARRAYTYPE_P(3), "beta", &p, true);
	if (p != d && p != d + 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"beta\" must have one element per element of x, plus one for the intercept"),
				 errdetail("x has %d elements, beta has %d.", d, p)));
	if (p > LOGIT_MAX_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"x\" has too many elements"),
				 errdetail("Got %d; at most %d parameters.", d, LOGIT_MAX_PARAMS)));
	if (PG_ARGISNULL(0))
	{
		sa = pmkt_state_new(fcinfo, LOGIT_LEN(p), fn);
		st = (double *) ARR_DATA_PTR(sa);
		st[0] = LOGIT_TAG;
		st[1] = p;
		st[2] = p - d;
		memcpy(st + LOGIT_HDR, b, sizeof(double) * p);
	}
	else
	{
		sa = pmkt_state_arg(fcinfo, 0, fn);
		st = logit_state_data(sa, fn, false);
		if ((int) st[1] != p || (int) st[2] != p - d)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"x\" must have the same length in every row"),
					 errdetail("This row has %d elements, earlier rows had %d.",
							   d, (int) (st[1] - st[2]))));
	}
	sums_from_state(st, &s);
	accumulate_row(&s, st + LOGIT_HDR, x, y);
	st[3] = s.n;
	st[4] = s.ll;
	st[5] = s.perfect;
	st[6] = s.ysum;
	logit_overflow(st, p, fn);
	PG_RETURN_ARRAYTYPE_P(sa);
}

/* pmkt_logistic_step_combine(a, b) (strict): add the sums. */
Datum
pmkt_logistic_step_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.logistic_step";
	ArrayType  *aa = pmkt_state_arg(fcinfo, 0, fn);
	double	   *a = logit_state_data(aa, fn, true);
	double	   *b = logit_state_data(PG_GETARG_ARRAYTYPE_P(1), fn, true);
	int			p = (int) a[1];

	if ((int) b[1] != p || a[2] != b[2] ||
		memcmp(a + LOGIT_HDR, b + LOGIT_HDR, sizeof(double) * p) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: cannot combine states computed at different coefficients", fn)));
	for (int i = 3; i < LOGIT_HDR; i++)
		a[i] += b[i];
	for (int i = LOGIT_HDR + p; i < LOGIT_LEN(p); i++)
		a[i] += b[i];
	logit_overflow(a, p, fn);
	PG_RETURN_ARRAYTYPE_P(aa);
}

/* ---------------------------------------------------------------------
 * Trainer
 * ---------------------------------------------------------------------
 */

typedef struct Trainer
{
	const char *query;
	int			icpt;
	/* in-memory rows, or NULL for the SQL-pass path */
	PmktMatrix *m;
	SPIPlanPtr	plan;			/* SQL path: the step query */
	const char *stepq;			/* its text */
	PmktUserQuery uq;			/* the user's query it wraps */
	int			p;
	LogitSums	s;				/* sums at the last pass */
} Trainer;

/* One pass at coefficients b: fills t->s. */
static void
run_pass(Trainer *t, const double *b)
{
	int			p = t->p;

	t->s.p = p;
	t->s.icpt = t->icpt;
	t->s.n = t->s.ll = t->s.perfect = t->s.ysum = 0;
	memset(t->s.g, 0, sizeof(double) * p);
	memset(t->s.H, 0, sizeof(double) * p * p);
	if (t->m)
	{
		PmktMatrix *m = t->m;

		for (int64 i = 0; i < m->n; i++)
		{
			if ((i & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
			accumulate_row(&t->s, b, m->X + i * m->d, m->Y[i]);
		}
	}
	else
	{
		Datum		arg = PointerGetDatum(pmkt_build_vector(b, p));
		bool		isnull;
		Datum		d;
		double	   *st;

		if (pmkt_uq_execute_plan(&t->uq, t->plan, t->stepq, &arg, NULL, true, 1) != SPI_OK_SELECT ||
			SPI_processed != 1)
			elog(ERROR, "pmkt.logistic_train: step query failed");
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("pmkt.logistic_train: the training query returned no usable rows")));
		st = logit_state_data(DatumGetArrayTypeP(d), "pmkt.logistic_train", true);
		if ((int) st[1] != p)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("pmkt.logistic_train: the feature vectors changed length")));
		t->s.n = st[3];
		t->s.ll = st[4];
		t->s.perfect = st[5];
		t->s.ysum = st[6];
		memcpy(t->s.g, st + LOGIT_HDR + p, sizeof(double) * p);
		memcpy(t->s.H, st + LOGIT_HDR + 2 * p, sizeof(double) * p * p);
		SPI_freetuptable(SPI_tuptable);
	}
}

/*
 * Cholesky of H (upper, p x p row-major) into L; false when not positive
 * definite.
 */
static bool
cholesky(const double *H, int p, double *L)
{
	memcpy(L, H, sizeof(double) * p * p);
	return LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', p, L, p) == 0;
}

static void
singular_error(Trainer *t, int iter)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("pmkt.logistic_train: the information matrix is singular"),
			 errdetail("At iteration %d the Hessian X'WX (%d parameters, %.0f rows) is not positive definite.",
					   iter, t->p, t->s.n),
			 errhint("Remove collinear or constant regressors (and the intercept's duplicates).")));
}

static void
separation_error(Trainer *t, const double *b, int iter, bool complete)
{
	int			jmax = t->p > t->icpt ? t->icpt : 0;

	/* the regressor whose coefficient runs off (not the intercept) */
	for (int j = jmax + 1; j < t->p; j++)
		if (fabs(b[j]) > fabs(b[jmax]))
			jmax = j;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("pmkt.logistic_train: %s separation: the maximum-likelihood estimate does not exist",
					complete ? "complete" : "quasi-complete"),
			 errdetail("After %d iterations %.0f of %.0f rows are predicted with probability within 1e-10 of their label; the coefficient of %s has reached %g.",
					   iter, t->s.perfect, t->s.n,
					   (t->icpt && jmax == 0) ? "the intercept" : psprintf("x[%d]", jmax - t->icpt + 1),
					   b[jmax]),
			 errhint("A regressor (or combination) splits converters from non-converters: remove or merge it, or collect more data.")));
}

/*
 * pmkt_logistic_train(query text, max_iter int, tol float8, intercept bool)
 *    -> pmkt.logistic_result
 */
Datum
pmkt_logistic_train(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.logistic_train";
	MemoryContext callercxt = CurrentMemoryContext;
	char	   *query;
	int			max_iter;
	double		tol;
	Trainer		t;
	double	   *b,
			   *bnew,
			   *delta,
			   *L;
	double		ll,
				llsave;
	int			iter = 0;
	bool		converged = false;
	TupleDesc	tupdesc;
	Datum		values[LR_NATTS];
	bool		nulls[LR_NATTS];
	int			p;
	double		ll0;

	for (int i = 0; i < 4; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\" must not be NULL",
							i == 0 ? "query" : i == 1 ? "max_iter" : i == 2 ? "tol" : "intercept")));
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	max_iter = PG_GETARG_INT32(1);
	tol = PG_GETARG_FLOAT8(2);
	pmkt_check_positive_int(max_iter, "max_iter");
	if (!(tol > 0) || !isfinite(tol))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"tol\" must be a positive number"),
				 errdetail("Got %g.", tol)));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "%s: return type must be a row type", fn);
	if (tupdesc->natts != LR_NATTS && tupdesc->natts != LR_NATTS_10)
		elog(ERROR, "%s: unexpected pmkt.logistic_result with %d attributes", fn, tupdesc->natts);
	tupdesc = BlessTupleDesc(tupdesc);

	memset(&t, 0, sizeof(t));
	t.query = query;
	t.icpt = PG_GETARG_BOOL(3) ? 1 : 0;

	/*
	 * rows in memory when they fit the budget, decided from aggregate counts
	 * before any row is loaded (issue 19: the beyond-budget path reads no
	 * row through this backend)
	 */
	t.uq.funcname = "pmkt.logistic_train";
	t.uq.argname = "query";
	t.uq.query = query;
	if (pmkt_rows_exceed_budget(&t.uq, PMKT_TRAIN_BUDGET_BYTES, 1, &p))
	{
		t.m = palloc0(sizeof(PmktMatrix));
		t.m->over_budget = true;
	}
	else
	{
		PmktLoadSpec spec = {0};

		spec.funcname = fn;
		spec.budget = PMKT_TRAIN_BUDGET_BYTES;
		spec.min_targets = spec.max_targets = 1;
		spec.shape = "two columns (x float8[], y)";
		spec.example = "SELECT ARRAY[x1, x2, x3], converted FROM t";
		t.m = pmkt_load_rows(query, &spec);
	}
	if (t.m->over_budget)
	{
		/* SQL passes: one pmkt.logistic_step aggregate per iteration */
		Oid			ytype;
		char	   *stepq;
		Oid			argt = FLOAT8ARRAYOID;

		t.m = NULL;
		query = pmkt_strip_query(query);
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		t.uq.funcname = "pmkt.logistic_train";
		t.uq.argname = "query";
		t.uq.query = query;
		{
			char	   *cols;
			TupleDesc	desc = pmkt_uq_describe(&t.uq, &cols);

			if (desc->natts != 2)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("%s: the query must return two columns (x float8[], y)", fn),
						 errdetail("It returns (%s).", cols),
						 errhint("Write e.g. SELECT ARRAY[x1, x2, x3], converted FROM t.")));
			ytype = TupleDescAttr(desc, 1)->atttypid;
		}
		/* around the caller's query: qualified names only (util/searchpath.h) */
		stepq = psprintf("SELECT pmkt.logistic_step(q.x, q.y%s, $1) FROM (%s\n) AS q(x, y)",
						 ytype == BOOLOID ? "::pg_catalog.int4::pg_catalog.float8" : "::pg_catalog.float8",
						 query);
		t.stepq = stepq;
		t.plan = pmkt_uq_prepare_cursor(&t.uq, stepq, 1, &argt, 0);
		if (t.plan == NULL)
			elog(ERROR, "%s: could not prepare the step query: %s", fn,
				 SPI_result_code_string(SPI_result));
		/* the width of x from a pass at a probe is not known yet: read one row */
		if (pmkt_uq_execute(&t.uq, psprintf("SELECT pg_catalog.cardinality(q.x) FROM (%s\n) AS q(x, y) WHERE q.x IS NOT NULL LIMIT 1", query),
							true, 1) != SPI_OK_SELECT || SPI_processed != 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: the training query returned no usable rows", fn)));
		{
			bool		isnull;
			Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

			if (isnull || DatumGetInt32(d) < 1)
				ereport(ERROR,
						(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						 errmsg("%s: feature vectors must not be empty", fn)));
			p = DatumGetInt32(d) + t.icpt;
		}
	}
	else
	{
		if (t.m->n == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: the training query returned no usable rows", fn),
					 errdetail("Rows with a NULL x, y or element of x are skipped (" INT64_FORMAT " were).",
							   t.m->skipped_null)));
		for (int64 i = 0; i < t.m->n; i++)
			check_label(t.m->Y[i], fn);
		p = t.m->d + t.icpt;
	}
	if (p > LOGIT_MAX_PARAMS)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: too many regressors", fn),
				 errdetail("Got %d parameters; at most %d.", p, LOGIT_MAX_PARAMS)));
	t.p = p;
	t.s.g = palloc0(sizeof(double) * p);
	t.s.H = palloc0(sizeof(double) * p * p);
	b = palloc0(sizeof(double) * p);
	bnew = palloc(sizeof(double) * p);
	delta = palloc(sizeof(double) * p);
	L = palloc(sizeof(double) * p * p);

	run_pass(&t, b);
	if (t.s.n <= p)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs more rows than parameters", fn),
				 errdetail("Got %.0f rows for %d parameters.", t.s.n, p),
				 errhint("Add rows or fit fewer regressors.")));
	if (t.s.ysum == 0 || t.s.ysum == t.s.n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the target has only one class", fn),
				 errdetail("All %.0f rows have y = %d.", t.s.n, t.s.ysum == 0 ? 0 : 1),
				 errhint("Logistic regression needs both converting and non-converting rows.")));
	ll = t.s.ll;

	for (iter = 1; iter <= max_iter; iter++)
	{
		double		step = 1;
		double		dmax = 0;

		CHECK_FOR_INTERRUPTS();
		if (!cholesky(t.s.H, p, L))
			singular_error(&t, iter);
		memcpy(delta, t.s.g, sizeof(double) * p);
		if (LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'U', p, 1, L, p, delta, 1) != 0)
			singular_error(&t, iter);
		llsave = ll;
		for (;;)
		{
			for (int j = 0; j < p; j++)
				bnew[j] = b[j] + step * delta[j];
			run_pass(&t, bnew);
			if (t.s.ll >= llsave - 1e-12 * fabs(llsave) || step < 1e-6)
				break;
			step /= 2;
		}
		for (int j = 0; j < p; j++)
		{
			double		rel = fabs(step * delta[j]) / Max(1.0, fabs(bnew[j]));

			if (rel > dmax)
				dmax = rel;
		}
		memcpy(b, bnew, sizeof(double) * p);
		ll = t.s.ll;
		if (dmax <= tol)
		{
			converged = true;
			break;
		}
		if (t.s.perfect == t.s.n)
			separation_error(&t, b, iter, true);
	}
	if (iter > max_iter)
		iter = max_iter;
	if (!converged && t.s.perfect > 0)
		separation_error(&t, b, iter, t.s.perfect == t.s.n);

	/* inference at the final coefficients: t.s holds the sums at b */
	MemoryContextSwitchTo(callercxt);
	{
		double	   *se = palloc(sizeof(double) * p);
		double	   *z = palloc(sizeof(double) * p);
		double	   *pv = palloc(sizeof(double) * p);
		double	   *orr = palloc(sizeof(double) * p);
		double		ybar;

		if (!cholesky(t.s.H, p, L) ||
			LAPACKE_dpotri(LAPACK_ROW_MAJOR, 'U', p, L, p) != 0)
			singular_error(&t, iter);
		for (int j = 0; j < p; j++)
		{
			se[j] = sqrt(L[j * p + j]);
			z[j] = b[j] / se[j];
			pv[j] = pmkt_normal_two_sided_p(z[j]);
			orr[j] = exp(b[j]);
		}
		/* null model: intercept only, fitted probability = mean of y */
		ybar = t.s.ysum / t.s.n;
		ll0 = t.s.n * (ybar * log(ybar) + (1 - ybar) * log(1 - ybar));

		memset(nulls, false, sizeof(nulls));
		values[LR_COEF] = PointerGetDatum(pmkt_build_vector(b, p));
		values[LR_SE] = PointerGetDatum(pmkt_build_vector(se, p));
		values[LR_Z] = PointerGetDatum(pmkt_build_vector(z, p));
		values[LR_P] = PointerGetDatum(pmkt_build_vector(pv, p));
		values[LR_OR] = PointerGetDatum(pmkt_build_vector(orr, p));
		values[LR_LL] = Float8GetDatum(ll);
		values[LR_LL0] = Float8GetDatum(ll0);
		values[LR_R2] = Float8GetDatum(1 - ll / ll0);
		values[LR_AIC] = Float8GetDatum(-2 * ll + 2 * p);
		values[LR_ITER] = Int32GetDatum(iter);
		values[LR_CONV] = BoolGetDatum(converged);
		values[LR_N] = Int64GetDatum((int64) t.s.n);
		values[LR_INTERCEPT] = BoolGetDatum(t.icpt == 1);
		/* the inverse information matrix (only with the 1.1 row type) */
		if (tupdesc->natts > LR_COV)
		{
			for (int i = 0; i < p; i++)
				for (int j = 0; j < i; j++)
					L[i * p + j] = L[j * p + i];
			values[LR_COV] = PointerGetDatum(pmkt_build_matrix(L, p, p));
		}
	}
	if (t.m == NULL)
		SPI_finish();
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* predict: the decoded model, cached per distinct model value (util/argcache.h) */
typedef struct LogitPredictModel
{
	int			p;
	bool		intercept;
	double	   *coef;
} LogitPredictModel;

/*
 * pmkt_logistic_predict(x float8[], model pmkt.logistic_result) -> float8
 *    The fitted probability 1 / (1 + exp(-(b0 + b . x))).
 */
Datum
pmkt_logistic_predict(PG_FUNCTION_ARGS)
{
	ArrayType  *xa = PG_GETARG_ARRAYTYPE_P(0);
	HeapTupleHeader t = PG_GETARG_HEAPTUPLEHEADER(1);
	Size		len = HeapTupleHeaderGetDatumLength(t);
	MemoryContext cxt;
	LogitPredictModel *c = pmkt_arg_cache_lookup(fcinfo, t, len, &cxt);
	double	   *x;
	int			d,
				off;
	double		eta;

	if (c == NULL)
	{
		bool		isnull;
		Datum		cd = GetAttributeByNum(t, LR_COEF + 1, &isnull);
		Datum		id;
		double	   *coef;
		int			p;

		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"model\" has no coefficients")));
		coef = pmkt_vector(DatumGetArrayTypeP(cd), "model.coefficients", &p, true);
		id = GetAttributeByNum(t, LR_INTERCEPT + 1, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"model\" has a NULL intercept flag")));
		c = MemoryContextAlloc(cxt, sizeof(LogitPredictModel));
		c->p = p;
		c->intercept = DatumGetBool(id);
		c->coef = MemoryContextAlloc(cxt, sizeof(double) * p);
		memcpy(c->coef, coef, sizeof(double) * p);
		pmkt_arg_cache_store(fcinfo, t, len, c);
	}
	x = pmkt_vector(xa, "x", &d, true);
	off = c->intercept ? 1 : 0;
	if (d + off != c->p)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"x\" does not match the model"),
				 errdetail("x has %d elements, the model has %d regressors%s.",
						   d, c->p - off, off ? " besides the intercept" : ""),
				 errhint("Pass the regressors in the order used to train the model.")));
	eta = off ? c->coef[0] : 0;
	for (int i = 0; i < d; i++)
		eta += c->coef[i + off] * x[i];
	pmkt_check_result(eta, "logistic_predict");
	PG_RETURN_FLOAT8(1 / (1 + exp(-eta)));
}
