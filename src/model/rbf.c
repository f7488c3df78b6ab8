/*
 * rbf.c
 *    pmkt.rbf_train: the k-means-optimised variant of study B's network
 *    (SPEC 2.6), an RBF network whose hidden units are cluster heads.
 *
 *  1. standardise the inputs (z-scores, stored in the model);
 *  2. heads by density (subtractive clustering, kmeans.h) or k-means++;
 *  3. refine by Lloyd until no row changes cluster (max 300 iterations);
 *     the clustering SSE (inertia, standardised scale) goes in the model;
 *  4. Gaussian unit u: h_u(x) = exp(-||z - c_u||^2 / (2 phi_u^2)) with
 *     phi_u = epsilon x (distance from c_u to the nearest other head);
 *  5. output weights and bias: exact least squares (LAPACK dgelsd on
 *     [H 1]) or online gradient descent (per sample, shuffled, seeded).
 */
#include "pmkt.h"

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "kmeans.h"
#include "nnmodel.h"
#include "util/linalg.h"
#include "util/rng.h"

#define RBF_MAX_ITER 300

PG_FUNCTION_INFO_V1(pmkt_rbf_train);
Datum
pmkt_rbf_train(PG_FUNCTION_ARGS)
{
	const char *fn = "rbf_train";
	char	   *query,
			   *init,
			   *solver;
	int			K,
				epochs,
				opt;
	double		epsilon,
				lr;
	bool		standardize,
				converged;
	int64		seed;
	PmktNNData *D;
	PmktRng		rng;
	int64		n;
	int			d,
				t;
	double	   *xmean,
			   *xscale,
			   *tmean,
			   *tscale,
			   *C,
			   *width,
			   *Hm,
			   *W,
			   *curve = NULL,
				inertia;
	int			n_curve = 0;
	PmktNNModel *m;

	for (int i = 0; i <= 8; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s: arguments must not be NULL", fn),
					 errdetail("Argument %d is NULL.", i + 1)));
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	K = PG_GETARG_INT32(1);
	if (K < 2)
		pmkt_invalid_arg("centers", "Got %d; an RBF network needs at least 2 centres (widths use the nearest other centre).", K);
	if (K > PMKT_NN_MAX_UNITS)
		pmkt_invalid_arg("centers", "Got %d; at most %d.", K, PMKT_NN_MAX_UNITS);
	init = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (strcmp(init, "density") != 0 && strcmp(init, "kmeans++") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"init\""),
				 errdetail("Unknown initialisation \"%s\".", init),
				 errhint("Use 'density' (subtractive clustering, the study's method) or 'kmeans++'.")));
	epsilon = PG_GETARG_FLOAT8(3);
	pmkt_check_finite(epsilon, "epsilon");
	if (epsilon <= 0)
		pmkt_invalid_arg("epsilon", "Got %g; the overlap coefficient must be positive.", epsilon);
	solver = text_to_cstring(PG_GETARG_TEXT_PP(4));
	if (strcmp(solver, "lstsq") == 0)
		opt = PMKT_OPT_LSTSQ;
	else if (strcmp(solver, "gd") == 0)
		opt = PMKT_OPT_GD;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"solver\""),
				 errdetail("Unknown solver \"%s\".", solver),
				 errhint("Use 'lstsq' (exact least squares) or 'gd' (gradient descent).")));
	lr = PG_GETARG_FLOAT8(5);
	pmkt_check_finite(lr, "learning_rate");
	if (lr <= 0)
		pmkt_invalid_arg("learning_rate", "Got %g; it must be positive.", lr);
	epochs = PG_GETARG_INT32(6);
	pmkt_check_positive_int(epochs, "epochs");
	if (epochs > PMKT_NN_MAX_CURVE)
		pmkt_invalid_arg("epochs", "Got %d; at most %d (the curve is stored in the model).",
						 epochs, PMKT_NN_MAX_CURVE);
	standardize = PG_GETARG_BOOL(7);
	seed = PG_GETARG_INT64(8);

	D = pmkt_nn_load(query, fn);
	n = D->n;
	d = D->d;
	t = D->t;
	if (K > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"centers\""),
				 errdetail("%d centres but only " INT64_FORMAT " training rows.", K, n),
				 errhint("Use at most as many centres as rows.")));
	if (n > INT_MAX ||
		(double) n * (2.0 * (K + 1) + d + 2.0 * t) * sizeof(double) > (double) PMKT_TRAIN_BUDGET_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("%s: the hidden-layer matrix exceeds pmkt.max_train_memory", fn),
				 errdetail(INT64_FORMAT " rows x %d centres; pmkt.max_train_memory is %d kB.",
						   n, K + 1, pmkt_max_train_memory_kb),
				 errhint("The neural trainers hold their rows in memory: raise pmkt.max_train_memory, use fewer centres or train on a sample.")));

	/* 1. scaling */
	xmean = palloc(sizeof(double) * d);
	xscale = palloc(sizeof(double) * d);
	tmean = palloc(sizeof(double) * t);
	tscale = palloc(sizeof(double) * t);
	if (standardize)
	{
		pmkt_nn_col_stats(D->X, n, d, xmean, xscale);
		pmkt_nn_col_stats(D->Y, n, t, tmean, tscale);
	}
	else
	{
		for (int j = 0; j < d; j++)
			xmean[j] = 0, xscale[j] = 1;
		for (int k = 0; k < t; k++)
			tmean[k] = 0, tscale[k] = 1;
	}
	for (int64 i = 0; i < n; i++)
	{
		for (int j = 0; j < d; j++)
			D->X[i * d + j] = (D->X[i * d + j] - xmean[j]) / xscale[j];
		for (int k = 0; k < t; k++)
			D->Y[i * t + k] = (D->Y[i * t + k] - tmean[k]) / tscale[k];
		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}

	/* 2-3. heads */
	pmkt_rng_seed(&rng, (uint64) seed);
	C = palloc(sizeof(double) * K * d);
	if (strcmp(init, "density") == 0)
		pmkt_kmeans_density_init(D->X, n, d, K, 0, 0, C);
	else
		pmkt_kmeans_pp_init(D->X, n, d, K, &rng, C);
	pmkt_kmeans_lloyd(D->X, n, d, K, C, RBF_MAX_ITER, 0.0, NULL, NULL,
					  &inertia, &converged);

	/* 4. widths */
	width = palloc(sizeof(double) * K);
	for (int u = 0; u < K; u++)
	{
		double		best = get_float8_infinity();

		for (int v = 0; v < K; v++)
			if (v != u)
				best = Min(best, pmkt_kmeans_sqdist(C + (Size) u * d, C + (Size) v * d, d));
		width[u] = epsilon * sqrt(best);
		CHECK_FOR_INTERRUPTS();
		if (!(width[u] > 0) || !isfinite(width[u]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: two cluster heads coincide, so a width would be zero", fn),
					 errdetail("Head %d has no distinct neighbour (the data has fewer than %d distinct points).",
							   u + 1, K),
					 errhint("Use fewer centres.")));
	}

	/* hidden activations H (the same exp and expression as scoring) */
	pmkt_nn_exp_init();
	/* H (n x (K+1), last column 1) */
	Hm = palloc_extended(sizeof(double) * n * (K + 1), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < n; i++)
	{
		double	   *row = Hm + i * (K + 1);

		for (int u = 0; u < K; u++)
			row[u] = pmkt_nn_exp(pmkt_kmeans_sqdist(D->X + i * d, C + (Size) u * d, d) /
								 (-2.0 * width[u] * width[u]));
		row[K] = 1.0;
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
	}

	/* 5. output weights W ((K+1) x t, last row = bias) */
	W = palloc0(sizeof(double) * (K + 1) * Max((int64) t, 1));
	if (opt == PMKT_OPT_LSTSQ)
	{
		/* in row blocks, cancellable (one dgelsd on n x (K + 1) was not) */
		pmkt_lstsq_rows(Hm, n, K + 1, D->Y, t, 1e-10, W, fn);
	}
	else
	{
		int		   *order = palloc(sizeof(int) * n);
		double	   *out = palloc(sizeof(double) * t);

		for (int64 i = 0; i < n; i++)
			order[i] = (int) i;
		curve = palloc(sizeof(double) * 3 * (Size) epochs);
		for (int ep = 0; ep < epochs; ep++)
		{
			double		sse = 0;

			CHECK_FOR_INTERRUPTS();
			pmkt_rng_shuffle_int(&rng, order, (int) n);
			for (int64 r = 0; r < n; r++)
			{
				const double *h = Hm + (int64) order[r] * (K + 1);
				const double *y = D->Y + (int64) order[r] * t;

				for (int k = 0; k < t; k++)
				{
					double		a = 0,
								e;

					for (int u = 0; u <= K; u++)
						a += W[(Size) u * t + k] * h[u];
					e = a - y[k];
					sse += e * e * tscale[k] * tscale[k];
					for (int u = 0; u <= K; u++)
						W[(Size) u * t + k] -= lr * e * h[u];
				}
				if ((r & 16383) == 0)
					CHECK_FOR_INTERRUPTS();
			}
			curve[3 * ep] = ep + 1;
			curve[3 * ep + 1] = sse / ((double) n * t);
			curve[3 * ep + 2] = get_float8_nan();
			if (!isfinite(curve[3 * ep + 1]))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("%s: gradient descent diverged at epoch %d", fn, ep + 1),
						 errhint("Lower learning_rate.")));
		}
		n_curve = epochs;
		pfree(order);
		pfree(out);
	}

	/* the model */
	m = pmkt_nn_alloc(PMKT_NN_RBF, d, K, t, n_curve);
	m->hidden_act = PMKT_ACT_GAUSSIAN;
	m->output_act = PMKT_ACT_IDENTITY;
	m->optimizer = opt;
	m->learning_rate = opt == PMKT_OPT_GD ? lr : get_float8_nan();
	m->epochs = opt == PMKT_OPT_GD ? epochs : 0;
	m->n_train = n;
	m->n_validation = 0;
	m->cluster_sse = inertia;
	memcpy(NN_IN_MEAN(m), xmean, sizeof(double) * d);
	memcpy(NN_IN_SCALE(m), xscale, sizeof(double) * d);
	memcpy(NN_T_MEAN(m), tmean, sizeof(double) * t);
	memcpy(NN_T_SCALE(m), tscale, sizeof(double) * t);
	memcpy(NN_HIDDEN(m), C, sizeof(double) * K * d);
	memcpy(NN_HBIAS(m), width, sizeof(double) * K);
	for (int k = 0; k < t; k++)
	{
		for (int u = 0; u < K; u++)
			NN_OUT_W(m)[(Size) k * K + u] = W[(Size) u * t + k];
		NN_OUT_B(m)[k] = W[(Size) K * t + k];
	}
	if (n_curve > 0)
		memcpy(NN_CURVE(m), curve, sizeof(double) * 3 * n_curve);
	/* training MSE on the original scale */
	{
		double		sse = 0;

		for (int64 i = 0; i < n; i++)
		{
			const double *h = Hm + i * (K + 1);

			for (int k = 0; k < t; k++)
			{
				double		a = 0,
							e;

				for (int u = 0; u <= K; u++)
					a += W[(Size) u * t + k] * h[u];
				e = (a - D->Y[i * t + k]) * tscale[k];
				sse += e * e;
			}
			if ((i & 16383) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		m->train_mse = sse / ((double) n * t);
	}
	PG_RETURN_POINTER(m);
}
