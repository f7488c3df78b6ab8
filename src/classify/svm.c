/*
 * svm.c
 *    Linear support vector machine (issue 13, part 2): L2-regularised hinge
 *    or squared hinge loss, solved in the dual by coordinate descent (Hsieh,
 *    Chang, Lin, Keerthi, Sundararajan 2008, the LIBLINEAR method that
 *    scikit-learn's LinearSVC runs).
 *
 *    min_w 1/2 w'w + sum_i C_i loss(y_i w'x_i),  x_i = [standardised features, 1]
 *
 * As LIBLINEAR (intercept_scaling 1), the intercept is the weight of a
 * constant feature 1 and is regularised too.  Features: numeric and boolean
 * columns by name (z-scored with the training mean and population standard
 * deviation unless standardize => false); rows with a NULL feature are
 * skipped and counted; two classes (the second, as sorted, is +1).
 * The model is a composite pmkt.svm_model (text I/O of a row type).
 */
#include "pmkt.h"

#include <float.h>
#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "tree.h"
#include "util/array.h"
#include "util/rng.h"
#include "util/state.h"

PG_FUNCTION_INFO_V1(pmkt_svm_train);
/*
 * pmkt_svm_train(query, target, c, loss, class_weight, tol, max_iter,
 *                standardize, seed) -> pmkt.svm_model
 */
Datum
pmkt_svm_train(PG_FUNCTION_ARGS)
{
	const char *fn = "pmkt.svm_train";
	TrainData	T;
	double		C,
				tol;
	bool		squared,
				balanced,
				standardize;
	int32		max_iter;
	PmktRng		rng;
	int			n,
				d,
				D;
	double	   *X,
			   *mean,
			   *scale,
			   *w,
			   *alpha,
			   *Qd,
			   *U,
			   *Dii;
	int		   *yy,
			   *perm;
	int			iter = 0;
	int64		skipped_null = 0;
	TupleDesc	td;
	Datum		vals[11];
	bool		nulls[11] = {false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: arguments \"query\" and \"target\" must not be NULL", fn)));
	if (PG_ARGISNULL(2) || !isfinite(PG_GETARG_FLOAT8(2)) || PG_GETARG_FLOAT8(2) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"c\""),
				 errdetail("Got %s.", PG_ARGISNULL(2) ? "NULL" : psprintf("%g", PG_GETARG_FLOAT8(2))),
				 errhint("C is the inverse regularisation strength: a positive number, e.g. 1.")));
	C = PG_GETARG_FLOAT8(2);
	{
		char	   *loss = PG_ARGISNULL(3) ? "" : text_to_cstring(PG_GETARG_TEXT_PP(3));

		if (strcmp(loss, "hinge") == 0)
			squared = false;
		else if (strcmp(loss, "squared_hinge") == 0)
			squared = true;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for argument \"loss\""),
					 errdetail("Got \"%s\".", loss),
					 errhint("Use 'squared_hinge' (the default, as LinearSVC) or 'hinge'.")));
	}
	balanced = false;
	if (!PG_ARGISNULL(4))
	{
		char	   *cw = text_to_cstring(PG_GETARG_TEXT_PP(4));

		if (strcmp(cw, "balanced") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for argument \"class_weight\""),
					 errdetail("Got \"%s\".", cw),
					 errhint("Use 'balanced' or NULL (all classes weigh 1).")));
		balanced = true;
	}
	if (PG_ARGISNULL(5) || !isfinite(PG_GETARG_FLOAT8(5)) || PG_GETARG_FLOAT8(5) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"tol\""),
				 errdetail("Got %s.", PG_ARGISNULL(5) ? "NULL" : psprintf("%g", PG_GETARG_FLOAT8(5))),
				 errhint("Use a small positive number, e.g. 1e-8.")));
	tol = PG_GETARG_FLOAT8(5);
	if (PG_ARGISNULL(6) || PG_GETARG_INT32(6) < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"max_iter\""),
				 errdetail("Got %s.", PG_ARGISNULL(6) ? "NULL" : psprintf("%d", PG_GETARG_INT32(6))),
				 errhint("Use a positive number of passes, e.g. 1000.")));
	max_iter = PG_GETARG_INT32(6);
	standardize = PG_ARGISNULL(7) ? true : PG_GETARG_BOOL(7);
	if (PG_ARGISNULL(8))
		pmkt_invalid_arg("seed", "Got NULL.");
	pmkt_rng_seed(&rng, (uint64) (uint32) PG_GETARG_INT32(8) + UINT64CONST(0x5F3));

	memset(&T, 0, sizeof(T));
	pmkt_cls_load_training(text_to_cstring(PG_GETARG_TEXT_PP(0)), text_to_cstring(PG_GETARG_TEXT_PP(1)), &T, fn);
	for (int f = 0; f < T.d; f++)
		if (T.ftype[f] == TM_CATEGORY)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s: feature column \"%s\" is text", fn, T.fname[f]),
					 errhint("The linear SVM takes numeric and boolean features; encode categories as 0/1 columns, e.g. (channel = 'web') AS web, or use pmkt.forest_train.")));
	if (T.k != 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the target has %d classes; the linear SVM takes two", fn, T.k),
				 errhint("Train one model per class against the rest, e.g. target => (segment = 'gold').")));
	d = T.d;
	D = d + 1;
	/* rows without a NULL feature, row-major with the constant 1 */
	X = palloc_extended(sizeof(double) * (Size) T.n * D, MCXT_ALLOC_HUGE);
	yy = palloc_extended(sizeof(int) * (Size) T.n, MCXT_ALLOC_HUGE);
	n = 0;
	for (int i = 0; i < T.n; i++)
	{
		bool		skip = false;

		for (int f = 0; f < d; f++)
			if (isnan(T.X[(Size) f * T.n + i]))
				skip = true;
		if (skip)
		{
			skipped_null++;
			continue;
		}
		for (int f = 0; f < d; f++)
			X[(Size) n * D + f] = T.X[(Size) f * T.n + i];
		X[(Size) n * D + d] = 1;
		yy[n] = T.y[i] == 1 ? 1 : -1;
		n++;
	}
	if (n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: fewer than two rows without a NULL feature", fn),
				 errdetail(INT64_FORMAT " rows had a NULL feature.", skipped_null),
				 errhint("The linear SVM skips rows with a NULL feature; fill or filter them.")));
	mean = palloc0(sizeof(double) * d);
	scale = palloc(sizeof(double) * d);
	for (int f = 0; f < d; f++)
	{
		double		m = 0,
					s = 0;

		for (int i = 0; i < n; i++)
			m += X[(Size) i * D + f];
		m /= n;
		for (int i = 0; i < n; i++)
			s += (X[(Size) i * D + f] - m) * (X[(Size) i * D + f] - m);
		s = sqrt(s / n);
		if (!standardize)
		{
			m = 0;
			s = 1;
		}
		else if (!(s > 0))
			s = 1;				/* a constant column: centred to 0 */
		mean[f] = m;
		scale[f] = s;
		for (int i = 0; i < n; i++)
			X[(Size) i * D + f] = (X[(Size) i * D + f] - m) / s;
	}
	{
		double		cnt[2] = {0, 0};

		for (int i = 0; i < n; i++)
			cnt[yy[i] > 0]++;
		if (cnt[0] == 0 || cnt[1] == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: only one class left after skipping rows with a NULL feature", fn)));
		U = palloc(sizeof(double) * n);
		Dii = palloc(sizeof(double) * n);
		Qd = palloc(sizeof(double) * n);
		for (int i = 0; i < n; i++)
		{
			double		Ci = C * (balanced ? n / (2.0 * cnt[yy[i] > 0]) : 1.0);
			double		q = 0;

			U[i] = squared ? DBL_MAX : Ci;
			Dii[i] = squared ? 1.0 / (2.0 * Ci) : 0;
			for (int j = 0; j < D; j++)
				q += X[(Size) i * D + j] * X[(Size) i * D + j];
			Qd[i] = q + Dii[i];
		}
	}
	w = palloc0(sizeof(double) * D);
	alpha = palloc0(sizeof(double) * n);
	perm = palloc(sizeof(int) * n);
	for (int i = 0; i < n; i++)
		perm[i] = i;
	/* dual coordinate descent, without shrinking: stop when the projected gradient's spread < tol */
	for (iter = 0; iter < max_iter; iter++)
	{
		double		pgmax = -DBL_MAX,
					pgmin = DBL_MAX;

		CHECK_FOR_INTERRUPTS();
		pmkt_rng_shuffle_int(&rng, perm, n);
		for (int s = 0; s < n; s++)
		{
			int			i = perm[s];
			double	   *xi = X + (Size) i * D;
			double		G = 0,
						PG;

			for (int j = 0; j < D; j++)
				G += w[j] * xi[j];
			G = yy[i] * G - 1 + Dii[i] * alpha[i];
			PG = G;
			if (alpha[i] == 0)
				PG = Min(G, 0);
			else if (alpha[i] >= U[i])
				PG = Max(G, 0);
			pgmax = Max(pgmax, PG);
			pgmin = Min(pgmin, PG);
			if (fabs(PG) > 1e-14)
			{
				double		old = alpha[i];
				double		a = Min(Max(old - G / Qd[i], 0.0), U[i]);
				double		delta = (a - old) * yy[i];

				alpha[i] = a;
				for (int j = 0; j < D; j++)
					w[j] += delta * xi[j];
			}
		}
		if (pgmax - pgmin < tol)
		{
			iter++;
			break;
		}
	}
	for (int j = 0; j < D; j++)
		if (!isfinite(w[j]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: value out of range: overflow", fn)));
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("%s: no result type", fn)));
	td = BlessTupleDesc(td);
	{
		Datum	   *fn_d = palloc(sizeof(Datum) * d);
		Datum		cls[2];
		double	   *orig = palloc(sizeof(double) * d);
		double		b0 = w[d];

		for (int f = 0; f < d; f++)
		{
			fn_d[f] = CStringGetTextDatum(T.fname[f]);
			orig[f] = w[f] / scale[f];
			b0 -= w[f] * mean[f] / scale[f];
		}
		cls[0] = CStringGetTextDatum(T.cls[0]);
		cls[1] = CStringGetTextDatum(T.cls[1]);
		vals[0] = PointerGetDatum(construct_array(fn_d, d, TEXTOID, -1, false, TYPALIGN_INT));
		vals[1] = PointerGetDatum(construct_array(cls, 2, TEXTOID, -1, false, TYPALIGN_INT));
		vals[2] = PointerGetDatum(pmkt_build_vector(w, d));
		vals[3] = Float8GetDatum(w[d]);
		vals[4] = PointerGetDatum(pmkt_build_vector(mean, d));
		vals[5] = PointerGetDatum(pmkt_build_vector(scale, d));
		vals[6] = PointerGetDatum(pmkt_build_vector(orig, d));
		vals[7] = Float8GetDatum(b0);
		vals[8] = CStringGetTextDatum(squared ? "squared_hinge" : "hinge");
		vals[9] = Int32GetDatum(iter);
		vals[10] = Int64GetDatum((int64) n);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, vals, nulls)));
}

/*
 * svm_score(model pmkt.svm_model, row record): w'z + b on the row's columns
 * matched by name (z = standardised), or the class (text) for want_class.
 * NULL when a feature is NULL.
 */
static Datum
svm_score(FunctionCallInfo fcinfo, bool want_class)
{
	HeapTupleHeader m = PG_GETARG_HEAPTUPLEHEADER(0);
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(1);
	bool		isnull;
	Datum		fd,
				cd,
				wd,
				bd,
				md,
				sd;
	Datum	   *names;
	bool	   *nnull;
	int			d,
				nw,
				nm,
				ns;
	double	   *w,
			   *mean,
			   *scale,
				b,
				z = 0;
	TupleDesc	rtd;
	HeapTupleData tup;

	fd = GetAttributeByNum(m, 1, &isnull);
	if (isnull)
		pmkt_invalid_arg("model", "The model has no feature names.");
	cd = GetAttributeByNum(m, 2, &isnull);
	if (isnull)
		pmkt_invalid_arg("model", "The model has no classes.");
	wd = GetAttributeByNum(m, 3, &isnull);
	if (isnull)
		pmkt_invalid_arg("model", "The model has no coefficients.");
	bd = GetAttributeByNum(m, 4, &isnull);
	if (isnull)
		pmkt_invalid_arg("model", "The model has no intercept.");
	b = DatumGetFloat8(bd);
	md = GetAttributeByNum(m, 5, &isnull);
	if (isnull)
		pmkt_invalid_arg("model", "The model has no means.");
	sd = GetAttributeByNum(m, 6, &isnull);
	if (isnull)
		pmkt_invalid_arg("model", "The model has no scales.");
	{
		ArrayType  *fa = DatumGetArrayTypeP(fd);

		if (ARR_NDIM(fa) != 1 || ARR_ELEMTYPE(fa) != TEXTOID)
			pmkt_invalid_arg("model", "The feature names must be a one-dimensional text[].");
		deconstruct_array(fa, TEXTOID, -1, false, TYPALIGN_INT, &names, &nnull, &d);
	}
	w = pmkt_vector(DatumGetArrayTypeP(wd), "model.coef", &nw, true);
	mean = pmkt_vector(DatumGetArrayTypeP(md), "model.mean", &nm, true);
	scale = pmkt_vector(DatumGetArrayTypeP(sd), "model.scale", &ns, true);
	if (d < 1 || nw != d || nm != d || ns != d)
		pmkt_invalid_arg("model", "The model has %d feature names, %d coefficients, %d means and %d scales.", d, nw, nm, ns);
	pmkt_check_finite(b, "model.intercept");
	for (int f = 0; f < d; f++)
		if (!(scale[f] > 0))
			pmkt_invalid_arg("model", "Scale %d is %g; scales must be positive.", f + 1, scale[f]);
	rtd = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row), HeapTupleHeaderGetTypMod(row));
	tup.t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&(tup.t_self));
	tup.t_tableOid = InvalidOid;
	tup.t_data = row;
	for (int f = 0; f < d; f++)
	{
		char	   *name;
		int			found = -1;
		Datum		v;
		Oid			t;

		if (nnull[f])
			pmkt_invalid_arg("model", "Feature name %d is NULL.", f + 1);
		name = TextDatumGetCString(names[f]);
		for (int a = 0; a < rtd->natts; a++)
		{
			Form_pg_attribute att = TupleDescAttr(rtd, a);

			if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			{
				found = a;
				break;
			}
		}
		if (found < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("the row has no column \"%s\", a feature of the model", name),
					 errhint("Score rows with the columns the model was trained on, matched by name, e.g. pmkt.svm_decision(model, t) FROM customers t.")));
		t = TupleDescAttr(rtd, found)->atttypid;
		if (pmkt_cls_feature_type(t) < 0 || pmkt_cls_feature_type(t) == TM_CATEGORY)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" has type %s, but the model takes a number", name, format_type_be(t)),
					 errhint("Cast the column to the type it had at training.")));
		v = heap_getattr(&tup, found + 1, rtd, &isnull);
		if (isnull)
		{
			ReleaseTupleDesc(rtd);
			PG_RETURN_NULL();
		}
		z += w[f] * (pmkt_cls_datum_number(v, t, name) - mean[f]) / scale[f];
	}
	ReleaseTupleDesc(rtd);
	z = pmkt_check_result(z + b, want_class ? "pmkt.svm_predict" : "pmkt.svm_decision");
	if (want_class)
	{
		Datum	   *cls;
		bool	   *cn;
		int			nc;
		ArrayType  *ca = DatumGetArrayTypeP(cd);

		if (ARR_NDIM(ca) != 1 || ARR_ELEMTYPE(ca) != TEXTOID)
			pmkt_invalid_arg("model", "The classes must be a one-dimensional text[].");
		deconstruct_array(ca, TEXTOID, -1, false, TYPALIGN_INT, &cls, &cn, &nc);
		if (nc != 2 || cn[0] || cn[1])
			pmkt_invalid_arg("model", "The model must have two non-NULL classes.");
		PG_RETURN_DATUM(cls[z > 0 ? 1 : 0]);
	}
	PG_RETURN_FLOAT8(z);
}

PG_FUNCTION_INFO_V1(pmkt_svm_decision);
Datum
pmkt_svm_decision(PG_FUNCTION_ARGS)
{
	return svm_score(fcinfo, false);
}

PG_FUNCTION_INFO_V1(pmkt_svm_predict);
Datum
pmkt_svm_predict(PG_FUNCTION_ARGS)
{
	return svm_score(fcinfo, true);
}
