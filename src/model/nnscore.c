/*
 * nnscore.c
 *    Scoring with a pmkt.nnmodel: nn_predict / bpnn_predict /
 *    nn_predict_all, the model-argument cache they share with nn_evaluate,
 *    and the planner support that lets nn_predict(model, ARRAY[f1, ...])
 *    skip building the array.
 *
 * Per scored row the cost that matters is what the executor pays around
 * the forward pass (nnfast.c): the header check runs once per distinct
 * model header (fn_extra), the feature array is read in place, and a call
 * written with ARRAY[...] of float8 expressions is rewritten at plan time
 * into nn_predict_unpacked(model, f1, ...), whose arguments arrive as
 * separate Datums, so no array is built per row.
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "nnfast.h"
#include "nnmodel.h"
#include "util/array.h"
#include "util/state.h"


typedef struct NNCache
{
	bool		stored;			/* key = the stored (compressed, toasted,
								 * short-header) bytes; else key = the plain
								 * value's header */
	Size		keylen;
	char	   *key;
	PmktNNModel *model;			/* detoasted copy (stored keys only) */
	bool		fast;			/* pmkt_nn_fast_ok(model) */
	bool		unpacked_ok;	/* nn_predict_unpacked's argument types checked */
} NNCache;

/*
 * nn_same_shape: whether two plain models' first NN_SHAPE_BYTES bytes are
 * equal: the varlena length and every header field the header check reads
 * (magic .. n_curve), not the informational metrics after them.  Inline
 * word compares: this runs once per scored row.
 */
#define NN_SHAPE_BYTES	offsetof(PmktNNModel, n_train)

static inline bool
nn_same_shape(const void *a, const void *b)
{
	const char *pa = (const char *) a,
			   *pb = (const char *) b;
	uint64		diff = 0;

	StaticAssertStmt(NN_SHAPE_BYTES % 8 == 0, "header shape not in whole words");
	for (Size i = 0; i < NN_SHAPE_BYTES; i += 8)
	{
		uint64		wa,
					wb;

		memcpy(&wa, pa + i, 8);
		memcpy(&wb, pb + i, 8);
		diff |= wa ^ wb;
	}
	return diff == 0;
}

/*
 * nn_arg
 *    The model argument, its header checked once per distinct header:
 *    fn_extra caches the bytes that were checked, compared on every call,
 *    so the cache cannot go stale even when another model later sits at
 *    the same address.  A plain in-memory value is read in place (the
 *    weights are read live on every call, so only the varlena length and
 *    the header fields the check reads are compared: it is about sizes);
 *    a compressed, short-header or toasted value is detoasted once and
 *    keyed on all its stored bytes.  *fast (if fast is not NULL) tells
 *    whether pmkt_nn_fast_forward can score the model.
 */
static pg_noinline const PmktNNModel *nn_arg_load(FunctionCallInfo fcinfo, int argno,
												 bool *fast);

static inline const PmktNNModel *
nn_arg(FunctionCallInfo fcinfo, int argno, bool *fast)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	NNCache    *c = (NNCache *) fcinfo->flinfo->fn_extra;

	/* the common case inline: a plain value with the cached header */
	if (c != NULL && !c->stored && !VARATT_IS_EXTENDED(raw) &&
		VARSIZE(raw) >= PMKT_NN_HDRSZ && nn_same_shape(raw, c->key))
	{
		if (fast)
			*fast = c->fast;
		return (const PmktNNModel *) raw;
	}
	return nn_arg_load(fcinfo, argno, fast);
}

static pg_noinline const PmktNNModel *
nn_arg_load(FunctionCallInfo fcinfo, int argno, bool *fast)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));
	NNCache    *c = (NNCache *) fcinfo->flinfo->fn_extra;
	bool		stored = VARATT_IS_EXTENDED(raw);
	Size		keylen;
	MemoryContext old;
	PmktNNModel *m;
	PmktNNModel *copy = NULL;
	char	   *key;

	if (c != NULL && c->stored == stored)
	{
		if (!stored)
		{
			if (VARSIZE(raw) >= PMKT_NN_HDRSZ && nn_same_shape(raw, c->key))
			{
				if (fast)
					*fast = c->fast;
				return (const PmktNNModel *) raw;
			}
		}
		else if (VARSIZE_ANY(raw) == c->keylen && memcmp(raw, c->key, c->keylen) == 0)
		{
			if (fast)
				*fast = c->fast;
			return c->model;
		}
	}

	/* a new value: check it, then remember its bytes (in fn_mcxt) */
	if (!stored)
	{
		m = (PmktNNModel *) raw;
		pmkt_nn_check_header(m, VARSIZE(raw), ERRCODE_INVALID_PARAMETER_VALUE);
		keylen = PMKT_NN_HDRSZ;
	}
	else
	{
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		copy = (PmktNNModel *) PG_DETOAST_DATUM_COPY(PointerGetDatum(raw));
		MemoryContextSwitchTo(old);
		m = copy;
		pmkt_nn_check_header(m, VARSIZE(m), ERRCODE_INVALID_PARAMETER_VALUE);
		keylen = VARSIZE_ANY(raw);
	}
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	key = palloc(keylen);
	memcpy(key, raw, keylen);
	if (c == NULL)
		c = palloc0(sizeof(NNCache));
	else
	{
		if (c->key)
			pfree(c->key);
		if (c->model)
			pfree(c->model);
	}
	c->stored = stored;
	c->keylen = keylen;
	c->key = key;
	c->model = copy;
	c->fast = pmkt_nn_fast_ok(m);
	fcinfo->flinfo->fn_extra = c;
	MemoryContextSwitchTo(old);
	if (fast)
		*fast = c->fast;
	return m;
}

/*
 * fast_x: the feature array's data when the fast path can read it (1-D
 * float8[] without a NULL bitmap, of the model's length; a short-header or
 * compressed value, e.g. a column read from a table, is detoasted first),
 * else NULL (the caller then goes through check_x and its errors).
 */
static inline const double *
fast_x(const PmktNNModel *m, Datum d)
{
	ArrayType  *a = (ArrayType *) DatumGetPointer(d);

	if (VARATT_IS_EXTENDED(a))
		a = DatumGetArrayTypeP(d);
	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) ||
		ARR_ELEMTYPE(a) != FLOAT8OID || ARR_DIMS(a)[0] != m->n_in)
		return NULL;
	return (const double *) ARR_DATA_PTR(a);
}

/* check_x_length: n features for the model (2202E) */
static void
check_x_length(const PmktNNModel *m, int n)
{
	if (n != m->n_in)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"x\" has %d features but the model expects %d", n, m->n_in),
				 errhint("Pass the features in the order and number used for training.")));
}

/* check_x: the feature vector matches the model. */
static const double *
check_x(const PmktNNModel *m, ArrayType *a)
{
	int			n;
	const double *x = pmkt_vector(a, "x", &n, true);

	check_x_length(m, n);
	return x;
}

#define STACK_WORK 512

/* the portable pass's first output for a checked row x */
static double
forward_first(const PmktNNModel *m, const double *x)
{
	double		stack[STACK_WORK];
	Size		need = (Size) m->n_in + m->n_hidden + m->n_out;
	double	   *work = need <= STACK_WORK ? stack : palloc(sizeof(double) * need);

	pmkt_nn_forward(m, x, work + m->n_in + m->n_hidden, work);
	return work[m->n_in + m->n_hidden];
}

/* nn_predict's generic path (and its errors), out of the fast path's frame */
static pg_noinline double
nn_predict_generic(FunctionCallInfo fcinfo, const PmktNNModel *m)
{
	return forward_first(m, check_x(m, PG_GETARG_ARRAYTYPE_P(1)));
}

#define FAST_OUT 16

PG_FUNCTION_INFO_V1(pmkt_nn_predict);
Datum
pmkt_nn_predict(PG_FUNCTION_ARGS)
{
	bool		fast;
	const PmktNNModel *m = nn_arg(fcinfo, 0, &fast);
	const double *x;
	double		out[FAST_OUT];

	/* a non-finite feature falls through to the generic path's error */
	if (fast && m->n_out <= FAST_OUT && (x = fast_x(m, PG_GETARG_DATUM(1))) != NULL &&
		pmkt_nn_fast_forward(m, x, out))
		PG_RETURN_FLOAT8(pmkt_check_result(out[0], "nn_predict"));
	PG_RETURN_FLOAT8(pmkt_check_result(nn_predict_generic(fcinfo, m), "nn_predict"));
}

PG_FUNCTION_INFO_V1(pmkt_nn_predict_all);
Datum
pmkt_nn_predict_all(PG_FUNCTION_ARGS)
{
	bool		fast;
	const PmktNNModel *m = nn_arg(fcinfo, 0, &fast);
	const double *x;
	double	   *work = palloc(sizeof(double) * ((Size) m->n_in + m->n_hidden + m->n_out));
	double	   *out = work + m->n_in + m->n_hidden;

	if (!(fast && (x = fast_x(m, PG_GETARG_DATUM(1))) != NULL &&
		  pmkt_nn_fast_forward(m, x, out)))
	{
		x = check_x(m, PG_GETARG_ARRAYTYPE_P(1));
		pmkt_nn_forward(m, x, out, work);
	}
	for (int k = 0; k < m->n_out; k++)
		pmkt_check_result(out[k], "nn_predict_all");
	PG_RETURN_ARRAYTYPE_P(pmkt_build_vector(out, m->n_out));
}


/* pmkt_nn_model_arg: nn_arg for the other modules (once per call, not per row) */
const PmktNNModel *
pmkt_nn_model_arg(FunctionCallInfo fcinfo, int argno, bool *fast)
{
	return nn_arg(fcinfo, argno, fast);
}

/* ------------------------------------------------------------------------
 * nn_predict over separate arguments
 * ------------------------------------------------------------------------ */

/* the most features the unpacked form takes: every argument but the model */
#define UNPACKED_MAX	(FUNC_MAX_ARGS - 1)

/*
 * check_unpacked_types: every feature argument is float8 (the planner's
 * rewrite only passes float8 expressions; a direct call may pass anything).
 */
static void
check_unpacked_types(FunctionCallInfo fcinfo)
{
	for (int i = 1; i < PG_NARGS(); i++)
	{
		Oid			t = get_fn_expr_argtype(fcinfo->flinfo, i);

		if (t != FLOAT8OID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("feature %d of pmkt.nn_predict_unpacked has type %s, not double precision",
							i, t == InvalidOid ? "unknown" : format_type_be(t)),
					 errhint("Call pmkt.nn_predict(model, ARRAY[...]::float8[]) instead.")));
	}
}

PG_FUNCTION_INFO_V1(pmkt_nn_predict_unpacked);

/*
 * pmkt_nn_predict_unpacked(model, VARIADIC "any")
 *    nn_predict(model, ARRAY[x1, ..., xn]) without the array: the planner
 *    rewrites such calls into this one (see pmkt_nn_predict_support).
 *    Not strict, so that NULL features raise nn_predict's error rather
 *    than turning into a NULL result; a NULL model gives NULL as there.
 *    Errors and results are those of the array form.
 */
Datum
pmkt_nn_predict_unpacked(PG_FUNCTION_ARGS)
{
	const int	n = PG_NARGS() - 1;
	bool		fast;
	const PmktNNModel *m;
	double		x[UNPACKED_MAX],
				out[FAST_OUT];

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (get_fn_expr_variadic(fcinfo->flinfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("pmkt.nn_predict_unpacked does not take a VARIADIC array"),
				 errhint("Call pmkt.nn_predict(model, array) for an array of features.")));
	m = nn_arg(fcinfo, 0, &fast);
	/* nn_arg has set up fn_extra; the argument types are fixed per call site */
	if (!((NNCache *) fcinfo->flinfo->fn_extra)->unpacked_ok)
	{
		check_unpacked_types(fcinfo);
		((NNCache *) fcinfo->flinfo->fn_extra)->unpacked_ok = true;
	}
	if (n < 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"x\" must not be an empty array")));
	for (int i = 0; i < n; i++)
	{
		if (PG_ARGISNULL(i + 1))
			pmkt_null_element_error("x");
		x[i] = PG_GETARG_FLOAT8(i + 1);
	}
	if (fast && n == m->n_in && m->n_out <= FAST_OUT && pmkt_nn_fast_forward(m, x, out))
		PG_RETURN_FLOAT8(pmkt_check_result(out[0], "nn_predict"));
	/* the array form's checks, in its order: finiteness, then the length */
	pmkt_check_finite_values(x, n, "x");
	check_x_length(m, n);
	PG_RETURN_FLOAT8(pmkt_check_result(forward_first(m, x), "nn_predict"));
}

PG_FUNCTION_INFO_V1(pmkt_nn_predict_support);

/*
 * pmkt_nn_predict_support
 *    Planner support for nn_predict / bpnn_predict: a call whose features
 *    are written ARRAY[e1, ..., en] with float8 elements (1 <= n <= 99)
 *    becomes nn_predict_unpacked(model, e1, ..., en), found in the
 *    function's own schema.  Anything else (a column, a constant array,
 *    a cast, a nested ARRAY) is left alone.  The rewrite changes only what
 *    a row costs: both forms run the same checks and the same pass.
 */
Datum
pmkt_nn_predict_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	FuncExpr   *call;
	ArrayExpr  *arr;
	Oid			argtypes[2],
				target;
	char	   *nspname;
	FuncExpr   *fe;

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSimplify *) rawreq;
	call = req->fcall;
	if (list_length(call->args) != 2 || !IsA(lsecond(call->args), ArrayExpr))
		PG_RETURN_POINTER(NULL);
	arr = (ArrayExpr *) lsecond(call->args);
	if (arr->multidims || arr->element_typeid != FLOAT8OID ||
		list_length(arr->elements) < 1 || list_length(arr->elements) > UNPACKED_MAX)
		PG_RETURN_POINTER(NULL);
	nspname = get_namespace_name(get_func_namespace(call->funcid));
	if (nspname == NULL)
		PG_RETURN_POINTER(NULL);
	argtypes[0] = exprType(linitial(call->args));
	argtypes[1] = ANYOID;
	target = LookupFuncName(list_make2(makeString(nspname), makeString("nn_predict_unpacked")),
							2, argtypes, true);
	if (!OidIsValid(target) || get_func_rettype(target) != FLOAT8OID)
		PG_RETURN_POINTER(NULL);
	fe = makeFuncExpr(target, FLOAT8OID,
					  lcons(linitial(call->args), list_copy(arr->elements)),
					  InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
	fe->location = call->location;
	PG_RETURN_POINTER(fe);
}
