/*
 * src/util/dd.h: double-double arithmetic (a value as an unevaluated sum
 * hi + lo, about 106 bits), for the few places where a double's 53 bits lose
 * a result: OLS's final Cholesky of the Gram matrix, the experiment report's
 * centred sums.  Dekker / Knuth error-free transformations; see Hida, Li and
 * Bailey (2001).  One copy, so every user rounds the same way.
 */
#ifndef PMKT_DD_H
#define PMKT_DD_H

#include <math.h>

/*
 * The error-free transformations must not be contracted (p = x*y; s = h + p
 * fused into one FMA would break them): GCC contracts across statements by
 * default in GNU C mode; clang only within one expression.
 */
#ifndef PMKT_NO_CONTRACT
#if defined(__GNUC__) && !defined(__clang__)
#define PMKT_NO_CONTRACT __attribute__((optimize("fp-contract=off")))
#else
#define PMKT_NO_CONTRACT
#endif
#endif

typedef struct
{
	double		hi,
				lo;
} dd;

PMKT_NO_CONTRACT static inline dd
dd_two_sum(double a, double b)
{
	double		s = a + b,
				bb = s - a;

	return (dd) {s, (a - (s - bb)) + (b - bb)};
}

PMKT_NO_CONTRACT static inline dd
dd_fast(double a, double b)
{
	double		s = a + b;

	return (dd) {s, b - (s - a)};
}

PMKT_NO_CONTRACT static inline dd
dd_add(dd a, dd b)
{
	dd			s = dd_two_sum(a.hi, b.hi),
				t = dd_two_sum(a.lo, b.lo);

	s.lo += t.hi;
	s = dd_fast(s.hi, s.lo);
	s.lo += t.lo;
	return dd_fast(s.hi, s.lo);
}

PMKT_NO_CONTRACT static inline dd
dd_mul(dd a, dd b)
{
	double		p = a.hi * b.hi,
				e = fma(a.hi, b.hi, -p);

	e += a.hi * b.lo + a.lo * b.hi;
	return dd_fast(p, e);
}

static inline dd
dd_neg(dd a)
{
	return (dd) {-a.hi, -a.lo};
}

static inline dd
dd_div(dd a, dd b)
{
	double		q1 = a.hi / b.hi,
				q2,
				q3;
	dd			r = dd_add(a, dd_neg(dd_mul((dd) {q1, 0}, b)));

	q2 = r.hi / b.hi;
	r = dd_add(r, dd_neg(dd_mul((dd) {q2, 0}, b)));
	q3 = r.hi / b.hi;
	return dd_add(dd_fast(q1, q2), (dd) {q3, 0});
}

static inline dd
dd_sqrt(dd a)
{
	double		x;
	dd			r;

	if (a.hi <= 0)
		return (dd) {0, 0};
	x = sqrt(a.hi);
	r = dd_add(a, dd_neg(dd_mul((dd) {x, 0}, (dd) {x, 0})));
	return dd_add((dd) {x, 0}, (dd) {r.hi / (2 * x), 0});
}

/* a / b for a double b (one correction step) */
PMKT_NO_CONTRACT static inline dd
dd_div_d(dd a, double b)
{
	double		q1 = a.hi / b;
	double		p = q1 * b,
				e = fma(q1, b, -p);
	dd			r = dd_add(a, (dd) {-p, -e});

	return dd_fast(q1, r.hi / b);
}

#endif							/* PMKT_DD_H */
