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

/*
 * svm_dcd: dual coordinate descent for one two-class problem (labels yy
 * +1 / -1, per-row upper bound C_i), without shrinking; stops when the
 * projected gradient's spread < tol.  w (D) out; returns the passes made.
 */
static int
svm_dcd(const double *X, int n, int D, const int *yy, const double *Ci, bool squared,
		double tol, int max_iter, PmktRng *rng, double *w)
{
	double	   *alpha = palloc0(sizeof(double) * n);
	double	   *Qd = palloc(sizeof(double) * n);
	double	   *U = palloc(sizeof(double) * n);
	double	   *Dii = palloc(sizeof(double) * n);
	int		   *perm = palloc(sizeof(int) * n);
	int			iter;

	for (int i = 0; i < n; i++)
	{
		double		q = 0;

		U[i] = squared ? DBL_MAX : Ci[i];
		Dii[i] = squared ? 1.0 / (2.0 * Ci[i]) : 0;
		for (int j = 0; j < D; j++)
			q += X[(Size) i * D + j] * X[(Size) i * D + j];
		Qd[i] = q + Dii[i];
		perm[i] = i;
	}
	memset(w, 0, sizeof(double) * D);
	for (iter = 0; iter < max_iter; iter++)
	{
		double		pgmax = -DBL_MAX,
					pgmin = DBL_MAX;

		CHECK_FOR_INTERRUPTS();
		pmkt_rng_shuffle_int(rng, perm, n);
		for (int s = 0; s < n; s++)
		{
			int			i = perm[s];
			const double *xi = X + (Size) i * D;
			double		G = 0,
						PG;

			/* an epoch over millions of rows in random order can take a while */
			if ((s & 65535) == 65535)
				CHECK_FOR_INTERRUPTS();

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
				double		na = Min(Max(old - G / Qd[i], 0.0), U[i]);
				double		delta = (na - old) * yy[i];

				alpha[i] = na;
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
	pfree(alpha);
	pfree(Qd);
	pfree(U);
	pfree(Dii);
	pfree(perm);
	return iter;
}

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
			   *Ci;
	int		   *yy,
			   *cls;
	int			iter = 0,
				k,
				nprob;
	int64		skipped_null = 0;
	TupleDesc	td;
	Datum		vals[13];
	bool		nulls[13] = {false};

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
	if (T.k < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the target has a single class", fn),
				 errdetail("Every row with a non-NULL target has the class \"%s\".", T.k == 1 ? T.cls[0] : ""),
				 errhint("A classifier needs rows of at least two classes.")));
	k = T.k;
	nprob = k == 2 ? 1 : k;		/* one-vs-rest: one problem per class */
	d = T.d;
	D = d + 1;
	/* rows without a NULL feature, row-major with the constant 1 */
	X = palloc_extended(sizeof(double) * (Size) T.n * D, MCXT_ALLOC_HUGE);
	yy = palloc_extended(sizeof(int) * (Size) T.n, MCXT_ALLOC_HUGE);
	cls = palloc_extended(sizeof(int) * (Size) T.n, MCXT_ALLOC_HUGE);
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
		cls[n] = T.y[i];
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
		double	   *cnt = palloc0(sizeof(double) * k);
		int			present = 0;

		for (int i = 0; i < n; i++)
			cnt[cls[i]]++;
		for (int c = 0; c < k; c++)
			present += cnt[c] > 0;
		if (present < 2)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: only one class left after skipping rows with a NULL feature", fn)));
		Ci = palloc(sizeof(double) * n);
		w = palloc0(sizeof(double) * (Size) nprob * D);
		/*
		 * two classes: one problem, the second class +1, each row's C
		 * weighted by its class (n / (2 n_c) when balanced); more: one
		 * problem per class against the rest, as LIBLINEAR's one-vs-rest
		 * (scikit-learn's LinearSVC): the class's rows +1 with C weighted by
		 * the class (n / (k n_c) when balanced), the rest -1 with C
		 */
		for (int p = 0; p < nprob; p++)
		{
			int			pos = k == 2 ? 1 : p;
			int			it;

			if (cnt[pos] == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: class \"%s\" has no row without a NULL feature", fn, T.cls[pos]),
						 errhint("The linear SVM skips rows with a NULL feature; fill or filter them.")));
			for (int i = 0; i < n; i++)
			{
				yy[i] = cls[i] == pos ? 1 : -1;
				if (k == 2)
					Ci[i] = C * (balanced ? n / (2.0 * cnt[cls[i]]) : 1.0);
				else
					Ci[i] = yy[i] > 0 ? C * (balanced ? n / ((double) k * cnt[pos]) : 1.0) : C;
			}
			it = svm_dcd(X, n, D, yy, Ci, squared, tol, max_iter, &rng, w + (Size) p * D);
			iter = Max(iter, it);
		}
	}
	for (Size j = 0; j < (Size) nprob * D; j++)
		if (!isfinite(w[j]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: value out of range: overflow", fn)));
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("%s: no result type", fn)));
	td = BlessTupleDesc(td);
	{
		Datum	   *fn_d = palloc(sizeof(Datum) * d);
		Datum	   *cls_d = palloc(sizeof(Datum) * k);
		double	   *coef = palloc(sizeof(double) * (Size) nprob * d);
		double	   *orig = palloc(sizeof(double) * (Size) nprob * d);
		double	   *b = palloc(sizeof(double) * nprob);
		double	   *b0 = palloc(sizeof(double) * nprob);

		for (int f = 0; f < d; f++)
			fn_d[f] = CStringGetTextDatum(T.fname[f]);
		for (int c = 0; c < k; c++)
			cls_d[c] = CStringGetTextDatum(T.cls[c]);
		for (int p = 0; p < nprob; p++)
		{
			const double *wp = w + (Size) p * D;

			b[p] = b0[p] = wp[d];
			for (int f = 0; f < d; f++)
			{
				coef[(Size) p * d + f] = wp[f];
				orig[(Size) p * d + f] = wp[f] / scale[f];
				b0[p] -= wp[f] * mean[f] / scale[f];
			}
		}
		vals[0] = PointerGetDatum(construct_array(fn_d, d, TEXTOID, -1, false, TYPALIGN_INT));
		vals[1] = PointerGetDatum(construct_array(cls_d, k, TEXTOID, -1, false, TYPALIGN_INT));
		vals[4] = PointerGetDatum(pmkt_build_vector(mean, d));
		vals[5] = PointerGetDatum(pmkt_build_vector(scale, d));
		if (k == 2)
		{
			vals[2] = PointerGetDatum(pmkt_build_vector(coef, d));
			vals[3] = Float8GetDatum(b[0]);
			vals[6] = PointerGetDatum(pmkt_build_vector(orig, d));
			vals[7] = Float8GetDatum(b0[0]);
			nulls[11] = nulls[12] = true;
		}
		else
		{
			/* one row per class; the scalar intercepts NULL, the arrays set */
			vals[2] = PointerGetDatum(pmkt_build_matrix(coef, k, d));
			nulls[3] = true;
			vals[6] = PointerGetDatum(pmkt_build_matrix(orig, k, d));
			nulls[7] = true;
			vals[11] = PointerGetDatum(pmkt_build_vector(b, k));
			vals[12] = PointerGetDatum(pmkt_build_vector(b0, k));
		}
		vals[8] = CStringGetTextDatum(squared ? "squared_hinge" : "hinge");
		vals[9] = Int32GetDatum(iter);
		vals[10] = Int64GetDatum((int64) n);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, vals, nulls)));
}

/*
 * svm_score(model pmkt.svm_model, row record[, class text]): on the row's
 * columns matched by name (z = standardised): the decision value w'z + b
 * (two classes: of the second; more: of the named class's one-vs-rest
 * classifier), or the class (text) for want_class (two classes: the
 * second when w'z + b > 0; more: the largest decision value, the first
 * class on a tie, as LinearSVC).  NULL when a feature is NULL.
 */
static Datum
svm_score(FunctionCallInfo fcinfo, bool want_class)
{
	HeapTupleHeader m = PG_GETARG_HEAPTUPLEHEADER(0);
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(1);
	const char *fn = want_class ? "pmkt.svm_predict" : "pmkt.svm_decision";
	bool		isnull;
	Datum		fd,
				cd,
				wd,
				md,
				sd;
	Datum	   *names,
			   *cls;
	bool	   *nnull,
			   *cn;
	int			d,
				k,
				nw,
				nm,
				ns,
				rows = 1,
				want = -1;
	double	   *w,
			   *mean,
			   *scale,
			   *b,
			   *x;
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
	{
		ArrayType  *ca = DatumGetArrayTypeP(cd);

		if (ARR_NDIM(ca) != 1 || ARR_ELEMTYPE(ca) != TEXTOID)
			pmkt_invalid_arg("model", "The classes must be a one-dimensional text[].");
		deconstruct_array(ca, TEXTOID, -1, false, TYPALIGN_INT, &cls, &cn, &k);
		if (k < 2)
			pmkt_invalid_arg("model", "The model has %d classes; it needs at least two.", k);
		for (int c = 0; c < k; c++)
			if (cn[c])
				pmkt_invalid_arg("model", "Class %d is NULL.", c + 1);
	}
	if (ARR_NDIM(DatumGetArrayTypeP(wd)) == 2)
	{
		Datum		bd;
		int			nb;

		w = pmkt_matrix(DatumGetArrayTypeP(wd), "model.coef", &rows, &nw, true);
		bd = GetAttributeByNum(m, 12, &isnull);
		if (isnull)
			pmkt_invalid_arg("model", "The one-vs-rest model has no intercepts.");
		b = pmkt_vector(DatumGetArrayTypeP(bd), "model.intercepts", &nb, true);
		if (k < 3 || rows != k || nb != k)
			pmkt_invalid_arg("model", "The model has %d classes, %d rows of coefficients and %d intercepts.", k, rows, nb);
	}
	else
	{
		Datum		bd = GetAttributeByNum(m, 4, &isnull);

		if (isnull)
			pmkt_invalid_arg("model", "The model has no intercept.");
		w = pmkt_vector(DatumGetArrayTypeP(wd), "model.coef", &nw, true);
		b = palloc(sizeof(double));
		b[0] = DatumGetFloat8(bd);
		pmkt_check_finite(b[0], "model.intercept");
		if (k != 2)
			pmkt_invalid_arg("model", "The model has %d classes but one row of coefficients.", k);
	}
	mean = pmkt_vector(DatumGetArrayTypeP(md), "model.mean", &nm, true);
	scale = pmkt_vector(DatumGetArrayTypeP(sd), "model.scale", &ns, true);
	if (d < 1 || nw != d || nm != d || ns != d)
		pmkt_invalid_arg("model", "The model has %d feature names, %d coefficients, %d means and %d scales.", d, nw, nm, ns);
	for (int f = 0; f < d; f++)
		if (!(scale[f] > 0))
			pmkt_invalid_arg("model", "Scale %d is %g; scales must be positive.", f + 1, scale[f]);
	if (!want_class)
	{
		if (PG_NARGS() > 2)
		{
			char	   *name;
			StringInfoData all;

			if (PG_ARGISNULL(2))
				pmkt_invalid_arg("class", "Got NULL.");
			name = text_to_cstring(PG_GETARG_TEXT_PP(2));
			initStringInfo(&all);
			for (int c = 0; c < k; c++)
			{
				char	   *cname = TextDatumGetCString(cls[c]);

				appendStringInfo(&all, "%s%s", c ? ", " : "", cname);
				if (want < 0 && strcmp(cname, name) == 0)
					want = c;
			}
			if (want < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid value for argument \"class\""),
						 errdetail("The model has no class \"%s\".", name),
						 errhint("The model's classes are: %s.", all.data)));
		}
		else if (k > 2)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the model has %d classes: name the class", k),
					 errhint("Call pmkt.svm_decision(model, row, class) for that class's one-vs-rest decision value, or pmkt.svm_predict(model, row) for the class.")));
	}
	rtd = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row), HeapTupleHeaderGetTypMod(row));
	tup.t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&(tup.t_self));
	tup.t_tableOid = InvalidOid;
	tup.t_data = row;
	x = palloc(sizeof(double) * d);
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
		x[f] = pmkt_cls_datum_number(v, t, name);
	}
	ReleaseTupleDesc(rtd);
	{
		int			best = 0;
		double		zbest = 0;

		for (int r = 0; r < rows; r++)
		{
			const double *wr = w + (Size) r * d;
			double		z = 0;

			for (int f = 0; f < d; f++)
				z += wr[f] * (x[f] - mean[f]) / scale[f];
			z = pmkt_check_result(z + b[r], fn);
			if (rows == 1)
			{
				/* two classes: the decision of the second */
				if (want_class)
					PG_RETURN_DATUM(cls[z > 0 ? 1 : 0]);
				PG_RETURN_FLOAT8(want == 0 ? -z : z);
			}
			if (!want_class && r == want)
				PG_RETURN_FLOAT8(z);
			if (r == 0 || z > zbest)
			{
				best = r;
				zbest = z;
			}
		}
		PG_RETURN_DATUM(cls[best]);
	}
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
