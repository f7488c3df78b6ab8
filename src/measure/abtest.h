/*
 * abtest.h
 *    A/B testing: two-proportion z-test, Welch's t-test from summary
 *    statistics, chi-square test across k variants, sample size per arm.
 *
 * The C functions take validated arguments (the SQL wrappers in abtest.c
 * check them and raise errors naming the argument) and fill a result struct.
 * A result that is undefined (a zero standard error) is NaN; the SQL layer
 * turns it into NULL.
 */
#ifndef PMKT_ABTEST_H
#define PMKT_ABTEST_H

#include "postgres.h"

typedef struct PmktAbProportions
{
	double		rate_a;
	double		rate_b;
	double		lift;			/* rate_b - rate_a */
	double		relative_lift;	/* lift / rate_a; NaN when rate_a = 0 */
	double		z;				/* pooled standard error; NaN when it is 0 */
	double		p_value;		/* two-sided */
	double		ci_lower;		/* Wald interval of rate_b - rate_a, unpooled SE */
	double		ci_upper;
} PmktAbProportions;

typedef struct PmktWelch
{
	double		difference;		/* mean_b - mean_a */
	double		t;
	double		df;				/* Welch-Satterthwaite */
	double		p_value;
	double		ci_lower;
	double		ci_upper;
} PmktWelch;

typedef struct PmktChiSquare
{
	double		chi_square;
	int			df;
	double		p_value;
	double		cramers_v;
} PmktChiSquare;

extern void pmkt_ab_proportions(int64 conv_a, int64 n_a, int64 conv_b, int64 n_b,
								double alpha, PmktAbProportions *r);
extern void pmkt_welch(double mean_a, double sd_a, int64 n_a,
					   double mean_b, double sd_b, int64 n_b,
					   double alpha, PmktWelch *r);
extern void pmkt_chi_square_2xk(const int64 *conv, const int64 *visitors, int k,
								PmktChiSquare *r);
extern double pmkt_ab_sample_size_exact(double p1, double p2, double alpha,
										double power);

#endif							/* PMKT_ABTEST_H */
