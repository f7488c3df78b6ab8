/*
 * nnfast.h
 *    Scoring fast path for pmkt.nnmodel BPNN networks (sigmoid or ReLU
 *    hidden units): an AVX2/FMA forward pass that reads
 *    the flat model in place, chosen at run time when the CPU has AVX2 and
 *    FMA.  Nothing is derived from the weights, so a caller only has to
 *    know that the model's header was checked.
 *
 * Results agree with pmkt_nn_forward to a few ulps (FMA contraction,
 * summation order, the standardisation's reciprocal and an exp within
 * 2.2 ulps), far inside the documented 1e-12 relative.  pmkt.simd = off
 * turns the fast path off (tests compare the two).
 */
#ifndef PMKT_NNFAST_H
#define PMKT_NNFAST_H

#include "nnmodel.h"

/* Largest layer sizes the fast path takes (stack buffers). */
#define PMKT_NNFAST_MAX_IN		1024
#define PMKT_NNFAST_MAX_HIDDEN	1024

/* Whether pmkt_nn_fast_forward can score this (header-checked) model. */
extern bool pmkt_nn_fast_ok(const PmktNNModel *m);

/*
 * Forward pass of one raw row x (n_in doubles) into y (n_out doubles) for
 * a model pmkt_nn_fast_ok accepted.  Returns false, leaving y undefined,
 * when x holds a NaN or an infinity (the caller then raises the usual
 * error).
 */
extern bool pmkt_nn_fast_forward(const PmktNNModel *m, const double *x, double *y);

#endif							/* PMKT_NNFAST_H */
