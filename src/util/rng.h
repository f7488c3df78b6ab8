/*
 * util/rng.h
 *    Seeded pseudo-random generator shared by every randomised routine.
 *
 * xoshiro256** seeded through splitmix64: fast, 2^256 period, and the same
 * sequence on every platform for the same seed, so results are
 * reproducible serial or parallel (trainers draw only in the leader).
 */
#ifndef PMKT_UTIL_RNG_H
#define PMKT_UTIL_RNG_H

#include "postgres.h"

typedef struct PmktRng
{
	uint64		s[4];
	bool		have_spare;		/* Box-Muller keeps the second normal */
	double		spare;
} PmktRng;

extern void pmkt_rng_seed(PmktRng *rng, uint64 seed);
extern uint64 pmkt_rng_next(PmktRng *rng);
/* Uniform in [0, 1) with 53 random bits. */
extern double pmkt_rng_uniform(PmktRng *rng);
/* Uniform integer in [0, n), unbiased. */
extern uint64 pmkt_rng_below(PmktRng *rng, uint64 n);
/* Standard normal. */
extern double pmkt_rng_normal(PmktRng *rng);
/* Fisher-Yates shuffle of an int array. */
extern void pmkt_rng_shuffle_int(PmktRng *rng, int *v, int n);

#endif							/* PMKT_UTIL_RNG_H */
