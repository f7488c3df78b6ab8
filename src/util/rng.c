/*
 * util/rng.c
 *    xoshiro256** with splitmix64 seeding (see rng.h).
 */
#include "pmkt.h"

#include "util/rng.h"

static inline uint64
rotl(uint64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* splitmix64: spreads a small seed over the 256-bit state. */
static uint64
splitmix64(uint64 *x)
{
	uint64		z = (*x += UINT64CONST(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64CONST(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64CONST(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

void
pmkt_rng_seed(PmktRng *rng, uint64 seed)
{
	uint64		x = seed;

	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&x);
	rng->have_spare = false;
	rng->spare = 0;
}

uint64
pmkt_rng_next(PmktRng *rng)
{
	uint64	   *s = rng->s;
	uint64		result = rotl(s[1] * 5, 7) * 9;
	uint64		t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double
pmkt_rng_uniform(PmktRng *rng)
{
	return (double) (pmkt_rng_next(rng) >> 11) * 0x1.0p-53;
}

uint64
pmkt_rng_below(PmktRng *rng, uint64 n)
{
	/* rejection sampling removes the modulo bias */
	uint64		limit = PG_UINT64_MAX - PG_UINT64_MAX % n;
	uint64		r;

	do
		r = pmkt_rng_next(rng);
	while (r >= limit);
	return r % n;
}

double
pmkt_rng_normal(PmktRng *rng)
{
	double		u1,
				u2,
				r;

	if (rng->have_spare)
	{
		rng->have_spare = false;
		return rng->spare;
	}
	do
		u1 = pmkt_rng_uniform(rng);
	while (u1 <= 0);
	u2 = pmkt_rng_uniform(rng);
	r = sqrt(-2.0 * log(u1));
	rng->spare = r * sin(2.0 * M_PI * u2);
	rng->have_spare = true;
	return r * cos(2.0 * M_PI * u2);
}

void
pmkt_rng_shuffle_int(PmktRng *rng, int *v, int n)
{
	for (int i = n - 1; i > 0; i--)
	{
		int			j = (int) pmkt_rng_below(rng, (uint64) i + 1);
		int			t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
}
