/*
 * bpnn.c
 *    pmkt.bpnn_train: a three-layer back-propagation network trained in
 *    memory with mini-batch SGD or Adam, dense maths through cblas_dgemm.
 *
 * Loss: E = 1/(2B) sum over the batch of squared errors on the
 * standardised target scale (scikit-learn's MLPRegressor loss without the
 * L2 term).  Initialisation: Glorot uniform with scikit-learn's bound
 * (sqrt(6/(fan_in+fan_out)), sqrt(2/...) for sigmoid units), biases from
 * the same distribution.  Adam: beta1 0.9, beta2 0.999, eps 1e-8.
 * Everything random (validation split, initial weights, batch order) is
 * drawn from one PmktRng seeded by `seed`, and BLAS runs single-threaded,
 * so a seed gives a bit-identical model.
 */
#include "pmkt.h"

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "nnmodel.h"
#include "util/linalg.h"
#include "util/rng.h"

typedef struct Net
{
	int			d,
				h,
				t;
	int			hact,
				oact;
	double	   *P;				/* W1 (h x d), b1 (h), W2 (t x h), b2 (t) */
	int64		np;
} Net;

#define W1(n) ((n)->P)
#define B1(n) ((n)->P + (Size) (n)->h * (n)->d)
#define W2(n) (B1(n) + (n)->h)
#define B2(n) (W2(n) + (Size) (n)->t * (n)->h)

static inline double
act(int a, double v)
{
	switch (a)
	{
		case PMKT_ACT_SIGMOID:
			return 1.0 / (1.0 + pmkt_nn_exp(-v));
		case PMKT_ACT_TANH:
			return tanh(v);
		case PMKT_ACT_RELU:
			return v > 0 ? v : 0;
		default:
			return v;
	}
}

/* derivative expressed through the activation's output y (and input v) */
static inline double
act_deriv(int a, double y)
{
	switch (a)
	{
		case PMKT_ACT_SIGMOID:
			return y * (1.0 - y);
		case PMKT_ACT_TANH:
			return 1.0 - y * y;
		case PMKT_ACT_RELU:
			return y > 0 ? 1.0 : 0.0;
		default:
			return 1.0;
	}
}

/*
 * forward: rows Xb (B x d) -> H (B x h), O (B x t), via dgemm.
 */
static void
forward(const Net *n, int B, const double *Xb, double *H, double *O)
{
	const int	h = n->h,
				t = n->t;

	pmkt_gemm(false, true, B, h, n->d, 1.0, Xb, W1(n), 0.0, H);
	for (int r = 0; r < B; r++)
	{
		double	   *row = H + (Size) r * h;
		const double *b = B1(n);

		for (int j = 0; j < h; j++)
			row[j] = act(n->hact, row[j] + b[j]);
	}
	pmkt_gemm(false, true, B, t, h, 1.0, H, W2(n), 0.0, O);
	for (int r = 0; r < B; r++)
	{
		double	   *row = O + (Size) r * t;
		const double *b = B2(n);

		for (int k = 0; k < t; k++)
			row[k] = act(n->oact, row[k] + b[k]);
	}
}

/* sse_scaled: sum of squared errors on the original target scale */
static double
eval_sse(const Net *n, const double *X, const double *T, int64 rows,
		 const double *tscale, double *H, double *O, int chunk)
{
	double		sse = 0;

	for (int64 r0 = 0; r0 < rows; r0 += chunk)
	{
		int			B = (int) Min((int64) chunk, rows - r0);

		forward(n, B, X + r0 * n->d, H, O);
		for (int r = 0; r < B; r++)
			for (int k = 0; k < n->t; k++)
			{
				double		e = (O[(Size) r * n->t + k] - T[(r0 + r) * n->t + k]) * tscale[k];

				sse += e * e;
			}
		CHECK_FOR_INTERRUPTS();
	}
	return sse;
}

static int
opt_code(const char *s)
{
	if (strcmp(s, "adam") == 0)
		return PMKT_OPT_ADAM;
	if (strcmp(s, "sgd") == 0)
		return PMKT_OPT_SGD;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for argument \"optimizer\""),
			 errdetail("Unknown optimizer \"%s\".", s),
			 errhint("Use 'adam' (mini-batch Adam) or 'sgd' (plain gradient descent).")));
	return 0;
}

PG_FUNCTION_INFO_V1(pmkt_bpnn_train);
Datum
pmkt_bpnn_train(PG_FUNCTION_ARGS)
{
	const char *fn = "bpnn_train";
	char	   *query;
	int			hidden,
				hact,
				oact,
				opt,
				epochs,
				batch,
				patience;
	double		lr,
				target_mse,
				vfrac;
	bool		standardize;
	int64		seed;
	PmktNNData *D;
	PmktRng		rng;
	int			d,
				t;
	int64		n,
				n_val,
				n_tr;
	double	   *xmean,
			   *xscale,
			   *tmean,
			   *tscale;
	double	   *Z,
			   *T;
	int		   *perm;
	Net			net;
	double	   *G,
			   *M1 = NULL,
			   *M2 = NULL,
			   *best = NULL;
	double	   *Xb,
			   *Tb,
			   *H,
			   *O,
			   *D1,
			   *D2;
	double	   *curve;
	int			ep,
				wait = 0,
				chunk = 1024;
	double		best_val = get_float8_infinity();
	int64		step = 0;
	PmktNNModel *m;

	/* ---- arguments ---- */
	for (int i = 0; i <= 12; i++)
		if (PG_ARGISNULL(i) && i != 5)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s: only learning_rate may be NULL", fn),
					 errdetail("Argument %d is NULL.", i + 1)));
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	hidden = PG_GETARG_INT32(1);
	pmkt_check_positive_int(hidden, "hidden");
	if (hidden > PMKT_NN_MAX_UNITS)
		pmkt_invalid_arg("hidden", "Got %d; at most %d hidden units.", hidden, PMKT_NN_MAX_UNITS);
	hact = pmkt_nn_act_code(text_to_cstring(PG_GETARG_TEXT_PP(2)), "activation", false);
	oact = pmkt_nn_act_code(text_to_cstring(PG_GETARG_TEXT_PP(3)), "output_activation", true);
	opt = opt_code(text_to_cstring(PG_GETARG_TEXT_PP(4)));
	lr = PG_ARGISNULL(5) ? 0.001 : PG_GETARG_FLOAT8(5);
	pmkt_check_finite(lr, "learning_rate");
	if (lr <= 0)
		pmkt_invalid_arg("learning_rate", "Got %g; it must be positive.", lr);
	epochs = PG_GETARG_INT32(6);
	pmkt_check_positive_int(epochs, "epochs");
	if (epochs > PMKT_NN_MAX_CURVE)
		pmkt_invalid_arg("epochs", "Got %d; at most %d (the curve is stored in the model).",
						 epochs, PMKT_NN_MAX_CURVE);
	batch = PG_GETARG_INT32(7);
	pmkt_check_positive_int(batch, "batch_size");
	target_mse = PG_GETARG_FLOAT8(8);
	pmkt_check_nonnegative(target_mse, "target_mse");
	vfrac = PG_GETARG_FLOAT8(9);
	pmkt_check_finite(vfrac, "validation_fraction");
	if (vfrac < 0 || vfrac >= 1)
		pmkt_invalid_arg("validation_fraction", "Got %g; it must lie in [0, 1).", vfrac);
	patience = PG_GETARG_INT32(10);
	pmkt_check_positive_int(patience, "patience");
	standardize = PG_GETARG_BOOL(11);
	seed = PG_GETARG_INT64(12);

	/* ---- data ---- */
	D = pmkt_nn_load(query, fn);
	n = D->n;
	d = D->d;
	t = D->t;
	if (n > INT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: at most %d training rows", fn, INT_MAX)));
	if (oact == PMKT_ACT_SIGMOID)
		for (int64 i = 0; i < n * t; i++)
			if (D->Y[i] < 0 || D->Y[i] > 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: targets must lie in [0, 1] with output_activation 'sigmoid'", fn),
						 errdetail("A row has target %g.", D->Y[i]),
						 errhint("Rescale the target or use output_activation => 'identity'.")));
	n_val = (int64) floor((double) n * vfrac);
	n_tr = n - n_val;
	if (n_tr < 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: no training rows are left after the validation split", fn),
				 errdetail(INT64_FORMAT " rows, validation_fraction %g.", n, vfrac)));

	pmkt_nn_exp_init();
	pmkt_rng_seed(&rng, (uint64) seed);

	/* split: a seeded permutation; the last n_val rows validate */
	perm = palloc(sizeof(int) * n);
	for (int64 i = 0; i < n; i++)
		perm[i] = (int) i;
	if (n_val > 0)
		pmkt_rng_shuffle_int(&rng, perm, (int) n);

	xmean = palloc(sizeof(double) * d);
	xscale = palloc(sizeof(double) * d);
	tmean = palloc(sizeof(double) * t);
	tscale = palloc(sizeof(double) * t);
	Z = palloc_extended(sizeof(double) * n * d, MCXT_ALLOC_HUGE);
	T = palloc_extended(sizeof(double) * n * t, MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < n; i++)
	{
		memcpy(Z + i * d, D->X + (int64) perm[i] * d, sizeof(double) * d);
		memcpy(T + i * t, D->Y + (int64) perm[i] * t, sizeof(double) * t);
		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	pfree(D->X);
	pfree(D->Y);
	for (int64 i = 0; i < n_tr; i++)
		perm[i] = (int) i;		/* from here on: batch order over Z's rows */
	/* scaling from the training part only */
	if (standardize)
		pmkt_nn_col_stats(Z, n_tr, d, xmean, xscale);
	else
		for (int j = 0; j < d; j++)
			xmean[j] = 0, xscale[j] = 1;
	if (standardize && oact == PMKT_ACT_IDENTITY)
		pmkt_nn_col_stats(T, n_tr, t, tmean, tscale);
	else
		for (int k = 0; k < t; k++)
			tmean[k] = 0, tscale[k] = 1;
	for (int64 i = 0; i < n; i++)
	{
		for (int j = 0; j < d; j++)
			Z[i * d + j] = (Z[i * d + j] - xmean[j]) / xscale[j];
		for (int k = 0; k < t; k++)
			T[i * t + k] = (T[i * t + k] - tmean[k]) / tscale[k];
		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}

	/* ---- network ---- */
	net.d = d;
	net.h = hidden;
	net.t = t;
	net.hact = hact;
	net.oact = oact;
	net.np = (int64) hidden * d + hidden + (int64) t * hidden + t;
	{
		/* parameters (x4 with Adam and the best copy) and batch buffers */
		double		need = 8.0 * ((double) net.np * 5 + (double) Max(chunk, Min((int64) batch, n_tr)) * (hidden + t) +
								  (double) Min((int64) batch, n_tr) * (d + t + hidden + t)) +
			8.0 * (double) n * (d + t);

		if (need > (double) PMKT_TRAIN_BUDGET_BYTES)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("%s: the network and its rows exceed pmkt.max_train_memory", fn),
					 errdetail("Training needs about %.0f kB; pmkt.max_train_memory is %d kB.",
							   need / 1024, pmkt_max_train_memory_kb),
					 errhint("Raise pmkt.max_train_memory, use fewer hidden units or a smaller batch_size.")));
	}
	net.P = palloc_extended(sizeof(double) * net.np, MCXT_ALLOC_HUGE);
	{
		double		factor = hact == PMKT_ACT_SIGMOID ? 2.0 : 6.0;
		double		b1 = sqrt(factor / (d + hidden)),
					b2 = sqrt(factor / (hidden + t));

		for (int64 i = 0; i < (int64) hidden * d + hidden; i++)
			net.P[i] = (2.0 * pmkt_rng_uniform(&rng) - 1.0) * b1;
		for (int64 i = (int64) hidden * d + hidden; i < net.np; i++)
			net.P[i] = (2.0 * pmkt_rng_uniform(&rng) - 1.0) * b2;
	}
	G = palloc_extended(sizeof(double) * net.np, MCXT_ALLOC_HUGE);
	if (opt == PMKT_OPT_ADAM)
	{
		M1 = palloc_extended(sizeof(double) * net.np, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
		M2 = palloc_extended(sizeof(double) * net.np, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	}
	if (n_val > 0)
		best = palloc_extended(sizeof(double) * net.np, MCXT_ALLOC_HUGE);
	batch = (int) Min((int64) batch, n_tr);
	chunk = Max(chunk, batch);
	Xb = palloc_extended(sizeof(double) * (Size) batch * d, MCXT_ALLOC_HUGE);
	Tb = palloc_extended(sizeof(double) * (Size) batch * t, MCXT_ALLOC_HUGE);
	H = palloc_extended(sizeof(double) * (Size) chunk * hidden, MCXT_ALLOC_HUGE);
	O = palloc_extended(sizeof(double) * (Size) chunk * t, MCXT_ALLOC_HUGE);
	D1 = palloc_extended(sizeof(double) * (Size) batch * hidden, MCXT_ALLOC_HUGE);
	D2 = palloc_extended(sizeof(double) * (Size) batch * t, MCXT_ALLOC_HUGE);
	curve = palloc(sizeof(double) * 3 * (Size) epochs);

	/* ---- epochs ---- */
	for (ep = 0; ep < epochs; ep++)
	{
		double		sse = 0;
		double		val_mse = get_float8_nan();

		pmkt_rng_shuffle_int(&rng, perm, (int) n_tr);	/* batch order */
		for (int64 b0 = 0; b0 < n_tr; b0 += batch)
		{
			int			B = (int) Min((int64) batch, n_tr - b0);
			double	   *gW1 = G,
					   *gb1 = G + (Size) hidden * d,
					   *gW2 = gb1 + hidden,
					   *gb2 = gW2 + (Size) t * hidden;

			CHECK_FOR_INTERRUPTS();
			for (int r = 0; r < B; r++)
			{
				int			src = perm[b0 + r];

				memcpy(Xb + (Size) r * d, Z + (int64) src * d, sizeof(double) * d);
				memcpy(Tb + (Size) r * t, T + (int64) src * t, sizeof(double) * t);
			}
			forward(&net, B, Xb, H, O);
			/* output deltas: dE/da2 = (o - y) f'(a2) / B */
			for (int r = 0; r < B; r++)
				for (int k = 0; k < t; k++)
				{
					Size		ix = (Size) r * t + k;
					double		e = O[ix] - Tb[ix],
								es = e * tscale[k];

					sse += es * es;
					D2[ix] = e * act_deriv(oact, O[ix]) / B;
				}
			/* gW2 = D2^T H, gb2 = colsum D2 */
			pmkt_gemm(true, false, t, hidden, B, 1.0, D2, H, 0.0, gW2);
			for (int k = 0; k < t; k++)
			{
				double		s = 0;

				for (int r = 0; r < B; r++)
					s += D2[(Size) r * t + k];
				gb2[k] = s;
			}
			/* hidden deltas: D1 = (D2 W2) .* f'(a1) */
			pmkt_gemm(false, false, B, hidden, t, 1.0, D2, W2(&net), 0.0, D1);
			for (Size i = 0; i < (Size) B * hidden; i++)
				D1[i] *= act_deriv(hact, H[i]);
			pmkt_gemm(true, false, hidden, d, B, 1.0, D1, Xb, 0.0, gW1);
			for (int j = 0; j < hidden; j++)
			{
				double		s = 0;

				for (int r = 0; r < B; r++)
					s += D1[(Size) r * hidden + j];
				gb1[j] = s;
			}
			/* update */
			if (opt == PMKT_OPT_SGD)
			{
				for (int64 i = 0; i < net.np; i++)
					net.P[i] -= lr * G[i];
			}
			else
			{
				double		lr_t;

				step++;
				lr_t = lr * sqrt(1.0 - pow(0.999, (double) step)) /
					(1.0 - pow(0.9, (double) step));
				for (int64 i = 0; i < net.np; i++)
				{
					double		g = G[i];

					M1[i] = 0.9 * M1[i] + 0.1 * g;
					M2[i] = 0.999 * M2[i] + 0.001 * g * g;
					net.P[i] -= lr_t * M1[i] / (sqrt(M2[i]) + 1e-8);
				}
			}
		}
		curve[3 * ep] = ep + 1;
		curve[3 * ep + 1] = sse / ((double) n_tr * t);
		if (n_val > 0)
		{
			val_mse = eval_sse(&net, Z + n_tr * d, T + n_tr * t, n_val, tscale,
							   H, O, chunk) / ((double) n_val * t);
			if (val_mse < best_val)
			{
				best_val = val_mse;
				memcpy(best, net.P, sizeof(double) * net.np);
				wait = 0;
			}
			else
				wait++;
		}
		curve[3 * ep + 2] = val_mse;
		if (!isfinite(curve[3 * ep + 1]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: training diverged at epoch %d", fn, ep + 1),
					 errhint("Lower learning_rate or standardize the inputs.")));
		if ((target_mse > 0 && curve[3 * ep + 1] <= target_mse) ||
			(n_val > 0 && wait >= patience))
		{
			ep++;
			break;
		}
	}
	if (n_val > 0)
		memcpy(net.P, best, sizeof(double) * net.np);

	/* ---- the model ---- */
	m = pmkt_nn_alloc(PMKT_NN_BPNN, d, hidden, t, ep);
	m->hidden_act = hact;
	m->output_act = oact;
	m->optimizer = opt;
	m->learning_rate = lr;
	m->epochs = ep;
	m->n_train = n_tr;
	m->n_validation = n_val;
	m->train_mse = eval_sse(&net, Z, T, n_tr, tscale, H, O, chunk) / ((double) n_tr * t);
	if (n_val > 0)
		m->validation_mse = eval_sse(&net, Z + n_tr * d, T + n_tr * t, n_val,
									 tscale, H, O, chunk) / ((double) n_val * t);
	memcpy(NN_IN_MEAN(m), xmean, sizeof(double) * d);
	memcpy(NN_IN_SCALE(m), xscale, sizeof(double) * d);
	memcpy(NN_T_MEAN(m), tmean, sizeof(double) * t);
	memcpy(NN_T_SCALE(m), tscale, sizeof(double) * t);
	memcpy(NN_HIDDEN(m), net.P, sizeof(double) * net.np);	/* same order */
	memcpy(NN_CURVE(m), curve, sizeof(double) * 3 * ep);
	PG_RETURN_POINTER(m);
}
