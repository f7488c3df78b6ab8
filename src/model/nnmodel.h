/*
 * nnmodel.h
 *    pmkt.nnmodel: a trained three-layer network (BPNN or RBF) as one flat
 *    varlena, read in place by the scoring functions.
 *
 * Layout after the fixed header (all doubles, in this order):
 *   input_mean[n_in]  input_scale[n_in]       z = (x - mean) / scale
 *   target_mean[n_out] target_scale[n_out]    y = mean + scale * output
 *   hidden[n_hidden * n_in]   BPNN: weights (row j = unit j); RBF: centres
 *   hbias[n_hidden]           BPNN: biases;  RBF: widths phi_u
 *   out_w[n_out * n_hidden]   output weights (row k = output k)
 *   out_b[n_out]              output biases
 *   curve[n_curve * 3]        (epoch, train_mse, validation_mse) per epoch
 *
 * Every reader checks the header (magic, version, codes, sizes) and that
 * the varlena's size equals the size the header implies, so a damaged value
 * is an error, never an out-of-bounds read.
 */
#ifndef PMKT_NNMODEL_H
#define PMKT_NNMODEL_H

#include "postgres.h"

#include "fmgr.h"

#define PMKT_NN_MAGIC		0x4E4E4B50	/* "PKNN" little-endian */
#define PMKT_NN_VERSION		1

/* kinds */
#define PMKT_NN_BPNN		1
#define PMKT_NN_RBF			2

/* activations */
#define PMKT_ACT_SIGMOID	1
#define PMKT_ACT_TANH		2
#define PMKT_ACT_RELU		3
#define PMKT_ACT_IDENTITY	4
#define PMKT_ACT_GAUSSIAN	5

/* training methods (informational) */
#define PMKT_OPT_SGD		1
#define PMKT_OPT_ADAM		2
#define PMKT_OPT_LSTSQ		3
#define PMKT_OPT_GD			4

/* size limits a header may claim */
#define PMKT_NN_MAX_UNITS	1000000
#define PMKT_NN_MAX_OUTPUTS	10000
#define PMKT_NN_MAX_CURVE	10000000

typedef struct PmktNNModel
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint32		magic;
	int32		version;
	int32		kind;
	int32		n_in;
	int32		n_hidden;
	int32		n_out;
	int32		hidden_act;
	int32		output_act;
	int32		optimizer;
	int32		n_curve;
	int32		epochs;			/* epochs run (0 for an exact solve) */
	int64		n_train;
	int64		n_validation;
	double		learning_rate;	/* NaN when not applicable */
	double		train_mse;		/* on the original target scale */
	double		validation_mse; /* NaN without a validation set */
	double		cluster_sse;	/* RBF: k-means SSE; NaN for BPNN */
	double		data[FLEXIBLE_ARRAY_MEMBER];
} PmktNNModel;

#define PMKT_NN_HDRSZ	offsetof(PmktNNModel, data)

/* Number of doubles after the header for the given sizes. */
static inline int64
pmkt_nn_ndoubles(int64 n_in, int64 n_hidden, int64 n_out, int64 n_curve)
{
	return 2 * n_in + 2 * n_out + n_hidden * n_in + n_hidden +
		n_out * n_hidden + n_out + 3 * n_curve;
}

/* Section pointers (valid after the header was checked). */
#define NN_IN_MEAN(m)	((m)->data)
#define NN_IN_SCALE(m)	((m)->data + (m)->n_in)
#define NN_T_MEAN(m)	((m)->data + 2 * (m)->n_in)
#define NN_T_SCALE(m)	(NN_T_MEAN(m) + (m)->n_out)
#define NN_HIDDEN(m)	(NN_T_SCALE(m) + (m)->n_out)
#define NN_HBIAS(m)		(NN_HIDDEN(m) + (Size) (m)->n_hidden * (m)->n_in)
#define NN_OUT_W(m)		(NN_HBIAS(m) + (m)->n_hidden)
#define NN_OUT_B(m)		(NN_OUT_W(m) + (Size) (m)->n_out * (m)->n_hidden)
#define NN_CURVE(m)		(NN_OUT_B(m) + (m)->n_out)

/*
 * pmkt_nn_exp: exp(x) for the activations, inline so that a layer's units
 * are computed without a libm call each (scoring speed).  Table of
 * 2^(j/64) plus a degree-5 polynomial on |r| <= ln2/128 (error < 1 ulp
 * beyond the table's), argument clamped to [-708, 709] (results below
 * 3.3e-308 are returned as that; above, 8.2e307).  Training and scoring
 * both use it, so a model scores as it was trained.
 */
extern double pmkt_nn_exp_tab[64];
extern void pmkt_nn_exp_init(void);

static inline double
pmkt_nn_exp(double x)
{
	const double shift = 0x1.8p52;
	double		kd,
				r,
				r2,
				p,
				scale;
	int64		nk;
	int			idx;
	union
	{
		double		d;
		uint64		u;
	}			b;

	x = x < -708.0 ? -708.0 : (x > 709.0 ? 709.0 : x);
	kd = x * 0x1.71547652b82fep6 + shift;	/* x * 64 / ln2, rounded */
	kd -= shift;
	nk = (int64) kd;
	r = x - kd * 0x1.62e42fefa0000p-7 - kd * 0x1.cf79abc9e3b3ap-46;
	r2 = r * r;
	p = r + r2 * (0.5 + r * (1.0 / 6)) + r2 * r2 * (1.0 / 24 + r * (1.0 / 120));
	idx = (int) (nk & 63);
	b.d = pmkt_nn_exp_tab[idx];
	b.u += (uint64) ((nk - idx) / 64) << 52;
	scale = b.d;
	return scale + scale * p;
}

/* A zeroed model with its header filled and NaN metrics. */
extern PmktNNModel *pmkt_nn_alloc(int kind, int n_in, int n_hidden, int n_out,
								  int n_curve);

/*
 * Check a model's header and size (cheap; every reader calls it).  Raises
 * 22P02 (input) or 22023 (stored value) naming the problem.
 */
extern void pmkt_nn_check_header(const PmktNNModel *m, Size varsize,
								 int errcode_);

/*
 * The model argument argno of a scoring function, its header checked once
 * per distinct header (cached in fn_extra; see nnscore.c); *fast tells
 * whether pmkt_nn_fast_forward can score it.
 */
extern const PmktNNModel *pmkt_nn_model_arg(FunctionCallInfo fcinfo, int argno,
											bool *fast);

/* Forward pass of one standardised-and-scaled row: x (n_in) -> y (n_out). */
extern void pmkt_nn_forward(const PmktNNModel *m, const double *x, double *y,
							double *work);

/* Activation names <-> codes; an unknown name raises 22023 naming argname. */
extern int	pmkt_nn_act_code(const char *name, const char *argname, bool output);
extern const char *pmkt_nn_act_name(int code);

/*
 * Training rows: features (n x d) and targets (n x t).  The query yields
 * (features float8[], target numeric, ...) or (features float8[], target
 * float8[]).  Rows with NULL features or targets are skipped.  Errors:
 * empty result 2202E, bad lengths 2202E, non-finite 22023, over the
 * pmkt.max_train_memory budget 53200, more than PMKT_NN_MAX_OUTPUTS
 * targets 2202E.
 */
typedef struct PmktNNData
{
	int64		n;
	int			d;
	int			t;
	double	   *X;
	double	   *Y;
	int64		skipped_null;
} PmktNNData;

extern PmktNNData *pmkt_nn_load(const char *query, const char *funcname);

/* Column means and population standard deviations (sd 0 -> scale 1). */
extern void pmkt_nn_col_stats(const double *X, int64 n, int d, double *mean,
							  double *scale);

#endif							/* PMKT_NNMODEL_H */
