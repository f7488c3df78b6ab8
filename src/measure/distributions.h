/*
 * distributions.h
 *    Normal, Student t, F and chi-square distribution functions for every
 *    module that reports a p-value or a confidence interval.
 *
 * The C functions do not raise errors: an argument outside the domain
 * (df <= 0, p outside (0, 1), NaN) gives NaN, so callers validate their
 * own arguments with their own argument names.  Infinite statistics are
 * accepted (cdf 0 or 1).  The upper tails (_sf) are computed directly, never
 * as 1 - cdf, so tiny p-values (1e-50, 1e-300) keep full relative accuracy.
 * Accuracy: about 1e-14 relative or better against scipy.stats over the
 * tested grid (sql/distributions.sql).
 */
#ifndef PMKT_DISTRIBUTIONS_H
#define PMKT_DISTRIBUTIONS_H

/* standard normal */
extern double pmkt_normal_cdf(double z);
extern double pmkt_normal_sf(double z);		/* upper tail 1 - Phi(z) */
extern double pmkt_normal_quantile(double p);	/* inverse cdf, p in (0, 1) */
extern double pmkt_normal_two_sided_p(double z);	/* 2 * sf(|z|) */

/* Student t with df > 0 degrees of freedom (df = +Infinity: normal) */
extern double pmkt_t_cdf(double t, double df);
extern double pmkt_t_sf(double t, double df);
extern double pmkt_t_quantile(double p, double df);
extern double pmkt_t_two_sided_p(double t, double df);

/* F with df1, df2 > 0 */
extern double pmkt_f_cdf(double f, double df1, double df2);
extern double pmkt_f_sf(double f, double df1, double df2);

/* chi-square with df > 0 */
extern double pmkt_chisq_cdf(double x, double df);
extern double pmkt_chisq_sf(double x, double df);

/*
 * Building blocks.  pmkt_ibeta computes the regularized incomplete beta
 * I_x(a, b) and its complement 1 - I_x(a, b), both with full relative
 * accuracy; x and y = 1 - x are passed separately so that callers can form
 * the one near 1 without cancellation.  pmkt_igamma computes the
 * regularized incomplete gamma P(a, x) and Q(a, x) = 1 - P(a, x).
 */
extern void pmkt_ibeta(double a, double b, double x, double y,
					   double *w, double *w1);
extern void pmkt_igamma(double a, double x, double *p, double *q);

#endif							/* PMKT_DISTRIBUTIONS_H */
