/*
 * nnfast.h
 *    Scoring fast path for pmkt.nnmodel BPNN networks (sigmoid or ReLU
 *    hidden units): a per-model prepared form (input scaling folded into
 *    the first layer's weights, layers transposed and zero-padded to
 *    4-unit blocks) and an AVX2/FMA forward pass chosen at run time.
 *
 * The prepared form is built once per distinct model (the caller caches it
 * keyed on the model's bytes).  Results agree with pmkt_nn_forward to a few
 * ulps (FMA contraction, folded scaling, summation order), far inside the
 * documented 1e-12 relative.
 */
#ifndef PMKT_NNFAST_H
#define PMKT_NNFAST_H

#include "nnmodel.h"

typedef struct PmktNNFast
{
	int			d;				/* inputs */
	int			h;				/* hidden units */
	int			hp;				/* h rounded up to a multiple of 4 */
	int			t;				/* outputs */
	int			act;			/* hidden activation (sigmoid or relu) */
	int			oact;			/* output activation */
	double	   *mean;			/* d: input means */
	double	   *wt;				/* d x hp: W[j][i] / scale[i], transposed, 0-padded */
	double	   *b;				/* hp: hidden biases, 0-padded */
	double	   *v;				/* t x hp: output weights, 0-padded */
	double	   *c;				/* t: output biases */
	double	   *tmean;			/* t */
	double	   *tscale;			/* t */
} PmktNNFast;

/* Largest layer sizes the fast path takes (stack buffers). */
#define PMKT_NNFAST_MAX_IN		256
#define PMKT_NNFAST_MAX_HIDDEN	256

/*
 * The prepared form of a checked model, one palloc chunk in the current
 * memory context; NULL when the fast path does not apply (no AVX2/FMA CPU, RBF
 * network, tanh units, layers above the limits).
 */
extern PmktNNFast *pmkt_nn_fast_prepare(const PmktNNModel *m);

/*
 * Forward pass of one raw row x (d doubles) into y (t doubles).  Returns
 * false, leaving y undefined, when x holds a NaN or an infinity (the
 * caller then raises the usual error).
 */
extern bool pmkt_nn_fast_forward(const PmktNNFast *f, const double *x, double *y);

#endif							/* PMKT_NNFAST_H */
