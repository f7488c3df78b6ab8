/*
 * distributions.c
 *    Normal, Student t, F and chi-square distribution functions: the C API
 *    behind every p-value and confidence interval in pmkt, and the SQL
 *    functions pmkt.normal_cdf ... pmkt.chisq_sf.
 *
 * Methods
 *  - normal tails: erfc (0.5 * erfc(z / sqrt 2)), never 1 - cdf;
 *    quantile: Wichura's AS 241 (PPND16), about 1e-16 relative.
 *  - t, F: the regularized incomplete beta I_x(a, b) by its continued
 *    fraction (modified Lentz), evaluated on whichever side of the mean
 *    converges (symmetry switch), so the smaller tail is always computed
 *    directly.  The front factor x^a y^b / B(a, b) is computed as in
 *    TOMS 708 (brcomp) for large a and b: Stirling's series for the
 *    log-gamma corrections and x - log(1 + x) written without
 *    cancellation, which keeps 1e-14 relative accuracy for df up to 1e9.
 *  - chi-square: the regularized incomplete gamma, series for P below the
 *    mean and continued fraction for Q above, same front-factor care.
 *  - t quantile: Hill's (1970) approximation, then Newton steps on
 *    log(tail) against log(t) using the t tail function itself, so the
 *    result has the accuracy of pmkt_t_sf even for p = 1e-300.
 */
#include "pmkt.h"

#include <float.h>

#include "miscadmin.h"
#include "utils/builtins.h"

#include "distributions.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406	/* log(sqrt(2 pi)) */
#define INV_SQRT_2PI 0.398942280401432677939946059934	/* 1 / sqrt(2 pi) */
#define CF_EPS 1e-16
#define CF_TINY 1e-300
#define CF_MAXIT 1000000

/* ------------------------------------------------------------------------
 * Special-function building blocks
 * ------------------------------------------------------------------------ */

/*
 * stirling_corr
 *    del(x) = lgamma(x) - ((x - 0.5) log x - x + log sqrt(2 pi)), the
 *    Stirling series sum B_2k / (2k (2k - 1) x^(2k-1)), for x >= 10 (the
 *    twelve terms used reach 1e-20 there).
 */
static double
stirling_corr(double x)
{
	static const double c[] = {
		1.0 / 12.0,
		-1.0 / 360.0,
		1.0 / 1260.0,
		-1.0 / 1680.0,
		1.0 / 1188.0,
		-691.0 / 360360.0,
		1.0 / 156.0,
		-3617.0 / 122400.0,
		43867.0 / 244188.0,
		-174611.0 / 125400.0,
		77683.0 / 5796.0,
		-236364091.0 / 1506960.0
	};
	double		x2 = 1.0 / (x * x);
	double		s = 0.0;
	int			k;

	if (x > 1e8)
		return c[0] / x;
	for (k = lengthof(c) - 1; k >= 0; k--)
		s = s * x2 + c[k];
	return s / x;
}

/*
 * rlog1
 *    e - log(1 + e), without cancellation for small e: with s = e / (2 + e),
 *    log(1 + e) = 2 atanh(s), so e - log(1 + e) = e^2 / (2 + e)
 *    - 2 (s^3/3 + s^5/5 + ...).
 */
static double
rlog1(double e)
{
	double		s,
				s2,
				term,
				sum;
	int			k;

	if (e < -0.6 || e > 0.6)
		return e - log1p(e);
	s = e / (2.0 + e);
	s2 = s * s;
	term = s * s2;
	sum = 0.0;
	for (k = 3; k < 200; k += 2)
	{
		double		add = term / k;

		sum += add;
		if (fabs(add) <= 1e-17 * fabs(sum))
			break;
		term *= s2;
	}
	return e * e / (2.0 + e) - 2.0 * sum;
}

/* log B(a, b), as R's lbeta: Stirling corrections when an argument is large. */
static double
log_beta(double a, double b)
{
	double		p = Min(a, b);
	double		q = Max(a, b);

	if (p >= 10.0)
	{
		double		corr = stirling_corr(p) + stirling_corr(q) - stirling_corr(p + q);

		return -0.5 * log(q) + LN_SQRT_2PI + corr
			+ (p - 0.5) * log(p / (p + q)) + q * log1p(-p / (p + q));
	}
	else if (q >= 10.0)
	{
		double		corr = stirling_corr(q) - stirling_corr(p + q);

		return lgamma(p) + corr + p - p * log(p + q)
			+ (q - 0.5) * log1p(-p / (p + q));
	}
	return lgamma(p) + lgamma(q) - lgamma(p + q);
}

/*
 * beta_front
 *    x^a y^b / B(a, b) with y = 1 - x given separately.
 */
static double
beta_front(double a, double b, double x, double y)
{
	if (x <= 0.0 || y <= 0.0)
		return 0.0;
	if (Min(a, b) >= 10.0)
	{
		/* TOMS 708 brcomp: exponent -(a u + b v) is small near the mean */
		double		h,
					x0,
					y0,
					lambda,
					e,
					u,
					v;

		if (a > b)
		{
			h = b / a;
			x0 = 1.0 / (1.0 + h);
			y0 = h / (1.0 + h);
			lambda = (a + b) * y - b;
		}
		else
		{
			h = a / b;
			x0 = h / (1.0 + h);
			y0 = 1.0 / (1.0 + h);
			lambda = a - (a + b) * x;
		}
		e = -lambda / a;
		u = (fabs(e) > 0.6) ? e - log(x / x0) : rlog1(e);
		e = lambda / b;
		v = (fabs(e) > 0.6) ? e - log(y / y0) : rlog1(e);
		return INV_SQRT_2PI * sqrt(b * x0) * exp(-(a * u + b * v))
			* exp(-(stirling_corr(a) + stirling_corr(b) - stirling_corr(a + b)));
	}
	else
	{
		double		lx = (x <= 0.5) ? log(x) : log1p(-y);
		double		ly = (y <= 0.5) ? log(y) : log1p(-x);

		return exp(a * lx + b * ly - log_beta(a, b));
	}
}

/*
 * beta_cf
 *    Continued fraction for I_x(a, b) (Numerical Recipes betacf), by the
 *    modified Lentz method.  Converges fast for x < (a + 1) / (a + b + 2).
 */
static double
beta_cf(double a, double b, double x, double y)
{
	double		qab = a + b,
				qap = a + 1.0,
				qam = a - 1.0;
	double		c = 1.0,
				d,
				h;
	int			m;

	/* 1 - (a + b) x / (a + 1); near x = 1 written with y, without cancellation */
	d = (x < 0.5) ? 1.0 - qab * x / qap : (1.0 - b + qab * y) / qap;
	if (fabs(d) < CF_TINY)
		d = CF_TINY;
	d = 1.0 / d;
	h = d;
	for (m = 1; m <= CF_MAXIT; m++)
	{
		int			m2 = 2 * m;
		double		aa,
					del;

		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1.0 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < CF_EPS)
			break;
		if ((m & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return h;
}

/*
 * ibeta_large_a
 *    I_x(a, b) for large a and small b with x near 1, where the continued
 *    fraction is ill-conditioned (every partial denominator nearly cancels;
 *    t with df = 1e7 would lose 10 digits).  Asymptotic expansion of
 *    Didonato & Morris (1992, TOMS 708, bgrat) for b <= 1, in terms of
 *    Q(b, z), z = -(a + (b - 1)/2) log x; for 1 < b <= 30 the upward
 *    recurrence I_x(a, b + 1) = I_x(a, b) + x^a y^b / (b B(a, b)), whose terms
 *    are all positive.  Returns NaN when the expansion does not converge.
 */
static double
ibeta_large_a(double a, double b, double x, double y)
{
	double		b0 = b,
				w = 0.0;
	int			n = 0,
				k;

	if (b > 1.0)
	{
		n = (int) ceil(b) - 1;
		b0 = b - n;
	}
	{
		double		bm1 = b0 - 1.0;
		double		nu = a + 0.5 * bm1;
		double		lnx = (y > 0.375) ? log(x) : log1p(-y);
		double		z = -nu * lnx;
		double		lr,
					lg,
					p,
					q,
					j,
					sum,
					t,
					cn,
					n2,
					v,
					t2;
		double		c[30],
					d[30];
		int			i,
					m;
		bool		done = false;

		if (b0 * z == 0.0)
			return NAN;
		if (-z + b0 * log(z) < -700.0)
			return NAN;			/* far tail: the continued fraction is fine there */
		/* r = e^-z z^b / Gamma(b);  u = r Gamma(a + b) / (Gamma(a) nu^b) */
		lr = -z + b0 * log(z) - lgamma(b0);
		lg = (a - 0.5) * log1p(b0 / a) - b0 + b0 * log1p((b0 + 1.0) / (2.0 * nu))
			+ stirling_corr(a + b0) - stirling_corr(a);
		pmkt_igamma(b0, z, &p, &q);
		v = 0.25 / (nu * nu);
		t2 = 0.25 * lnx * lnx;
		j = q;					/* j0 = q / r, carried scaled by r */
		sum = j;
		t = exp(lr);			/* t and j carry the factor r */
		cn = 1.0;
		n2 = 0.0;
		for (m = 1; m <= 30; m++)
		{
			double		bp2n = b0 + n2,
						s = 0.0,
						coef = b0 - m,
						dj;

			j = (bp2n * (bp2n + 1.0) * j + (z + bp2n + 1.0) * t) * v;
			n2 += 2.0;
			t *= t2;
			cn /= n2 * (n2 + 1.0);
			c[m - 1] = cn;
			for (i = 1; i <= m - 1; i++)
			{
				s += coef * c[i - 1] * d[m - i - 1];
				coef += b0;
			}
			d[m - 1] = bm1 * cn + s / m;
			dj = d[m - 1] * j;
			sum += dj;
			if (sum <= 0.0)
				return NAN;
			if (fabs(dj) <= 1e-17 * sum)
			{
				done = true;
				break;
			}
		}
		if (!done)
			return NAN;
		w = exp(lg) * sum;
	}
	/* upward recurrence in b: positive terms */
	for (k = 0; k < n; k++)
		w += beta_front(a, b0 + k, x, y) / (b0 + k);
	return w;
}

void
pmkt_ibeta(double a, double b, double x, double y, double *w, double *w1)
{
	if (isnan(a) || isnan(b) || isnan(x) || isnan(y) || a <= 0 || b <= 0)
	{
		*w = *w1 = NAN;
		return;
	}
	if (x <= 0.0)
	{
		*w = 0.0;
		*w1 = 1.0;
		return;
	}
	if (y <= 0.0)
	{
		*w = 1.0;
		*w1 = 0.0;
		return;
	}
	if (x < (a + 1.0) / (a + b + 2.0))
	{
		*w = NAN;
		if (a >= 100.0 && b <= 30.0 && x > 0.5)
			*w = ibeta_large_a(a, b, x, y);
		if (isnan(*w))
			*w = beta_front(a, b, x, y) * beta_cf(a, b, x, y) / a;
		*w1 = 1.0 - *w;
	}
	else
	{
		*w1 = NAN;
		if (b >= 100.0 && a <= 30.0 && y > 0.5)
			*w1 = ibeta_large_a(b, a, y, x);
		if (isnan(*w1))
			*w1 = beta_front(b, a, y, x) * beta_cf(b, a, y, x) / b;
		*w = 1.0 - *w1;
	}
}

/* x^a e^-x / Gamma(a), with the Stirling form for large a. */
static double
gamma_front(double a, double x)
{
	if (x <= 0.0)
		return 0.0;
	if (a >= 10.0)
	{
		double		e = (x - a) / a;
		double		u = (fabs(e) > 0.6) ? e - log(x / a) : rlog1(e);

		return sqrt(a) * INV_SQRT_2PI * exp(-a * u - stirling_corr(a));
	}
	return exp(a * log(x) - x - lgamma(a));
}

void
pmkt_igamma(double a, double x, double *p, double *q)
{
	if (isnan(a) || isnan(x) || a <= 0)
	{
		*p = *q = NAN;
		return;
	}
	if (x <= 0.0)
	{
		*p = 0.0;
		*q = 1.0;
		return;
	}
	if (isinf(x))
	{
		*p = 1.0;
		*q = 0.0;
		return;
	}
	if (a == 0.5)
	{
		/* chi-square with 1 df and the t expansion: closed form */
		double		r = sqrt(x);

		*p = erf(r);
		*q = erfc(r);
		return;
	}
	if (a == 1.0)
	{
		*q = exp(-x);
		*p = -expm1(-x);
		return;
	}
	if (x < a + 1.0)
	{
		/* series: P = front * sum x^n / (a (a+1) ... (a+n)) */
		double		ap = a,
					del = 1.0 / a,
					sum = del;
		int			n;

		for (n = 1; n <= CF_MAXIT; n++)
		{
			ap += 1.0;
			del *= x / ap;
			sum += del;
			if (fabs(del) < fabs(sum) * CF_EPS)
				break;
			if ((n & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		*p = sum * gamma_front(a, x);
		*q = 1.0 - *p;
	}
	else
	{
		/* continued fraction for Q (Lentz) */
		double		b = x + 1.0 - a,
					c = 1.0 / CF_TINY,
					d = 1.0 / b,
					h = d;
		int			i;

		for (i = 1; i <= CF_MAXIT; i++)
		{
			double		an = -i * (i - a),
						del;

			b += 2.0;
			d = an * d + b;
			if (fabs(d) < CF_TINY)
				d = CF_TINY;
			c = b + an / c;
			if (fabs(c) < CF_TINY)
				c = CF_TINY;
			d = 1.0 / d;
			del = d * c;
			h *= del;
			if (fabs(del - 1.0) < CF_EPS)
				break;
			if ((i & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		*q = gamma_front(a, x) * h;
		*p = 1.0 - *q;
	}
}

/* ------------------------------------------------------------------------
 * Normal
 * ------------------------------------------------------------------------ */

double
pmkt_normal_cdf(double z)
{
	return 0.5 * erfc(-z * M_SQRT1_2);
}

double
pmkt_normal_sf(double z)
{
	return 0.5 * erfc(z * M_SQRT1_2);
}

double
pmkt_normal_two_sided_p(double z)
{
	if (isnan(z))
		return NAN;
	return erfc(fabs(z) * M_SQRT1_2);
}

/*
 * pmkt_normal_quantile
 *    Wichura, M. J. (1988) Algorithm AS 241: the percentage points of the
 *    normal distribution.  Applied Statistics 37, 477-484 (PPND16).
 */
double
pmkt_normal_quantile(double p)
{
	double		q,
				r,
				val;

	if (isnan(p) || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;
	q = p - 0.5;
	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * (((((((r * 2509.0809287301226727 +
						  33430.575583588128105) * r + 67265.770927008700853) * r +
						45921.953931549871457) * r + 13731.693765509461125) * r +
					  1971.5909503065514427) * r + 133.14166789178437745) * r +
					3.387132872796366608)
			/ (((((((r * 5226.4952788528545610 +
					 28729.085735721942674) * r + 39307.895800092710610) * r +
				   21213.794301586595867) * r + 5394.1960214247511077) * r +
				 687.18700749205790830) * r + 42.313330701600911252) * r + 1.0);
	}
	r = (q < 0) ? p : 1.0 - p;
	r = sqrt(-log(r));
	if (r <= 5.0)
	{
		r -= 1.6;
		val = (((((((r * 7.7454501427834140764e-4 +
					 0.0227238449892691845833) * r + 0.24178072517745061177) *
				   r + 1.27045825245236838258) * r +
				  3.64784832476320460504) * r + 5.7694972214606914055) *
				r + 4.6303378461565452959) * r +
			   1.42343711074968357734)
			/ (((((((r *
					 1.05075007164441684324e-9 + 5.475938084995344946e-4) *
					r + 0.0151986665636164571966) * r +
				   0.14810397642748007459) * r + 0.68976733498510000455) *
				 r + 1.6763848301838038494) * r +
				2.05319162663775882187) * r + 1.0);
	}
	else
	{
		r -= 5.0;
		val = (((((((r * 2.01033439929228813265e-7 +
					 2.71155556874348757815e-5) * r +
					0.0012426609473880784386) * r + 0.026532189526576123093) *
				  r + 0.29656057182850489123) * r +
				 1.7848265399172913358) * r + 5.4637849111641143699) *
			   r + 6.6579046435011037772)
			/ (((((((r *
					 2.04426310338993978564e-15 + 1.4215117583164458887e-7) *
					r + 1.8463183175100546818e-5) * r +
				   7.868691311456132591e-4) * r + 0.0148753612908506148525)
				 * r + 0.13692988092273580531) * r +
				0.59983220655588793769) * r + 1.0);
	}
	return (q < 0.0) ? -val : val;
}

/* ------------------------------------------------------------------------
 * Student t
 * ------------------------------------------------------------------------ */

/*
 * t_tails
 *    For t >= 0: upper = P(T > t), lower = P(T <= t) and center =
 *    P(0 < T <= t), each with full relative accuracy (center is the one to
 *    use near t = 0, where lower - 1/2 would cancel).
 */
static void
t_tails3(double t, double df, double *upper, double *lower, double *center)
{
	double		x,
				y,
				w,
				w1;

	if (isinf(t))
	{
		*upper = 0.0;
		*lower = 1.0;
		*center = 0.5;
		return;
	}
	if (t > 1e100 && df < 1e50)
	{
		/*
		 * x = df / (df + t^2) would underflow: I_x(a, 1/2) = x^a / (a B(a, 1/2))
		 * (1 + O(x)) with log x = log df - 2 log t, exact to double here.
		 */
		double		a = 0.5 * df;

		*upper = 0.5 * exp(a * (log(df) - 2.0 * log(t)) - log(a) - log_beta(a, 0.5));
		*lower = 1.0 - *upper;
		*center = 0.5 - *upper;
		return;
	}
	/* x = df / (df + t^2), y = t^2 / (df + t^2), without overflow */
	if (t * t < df)
	{
		double		t2 = t * t;

		x = df / (df + t2);
		y = t2 / (df + t2);
	}
	else
	{
		double		r = df / t;

		x = r / (r + t);
		y = t / (r + t);
	}
	/* P(|T| > t) = I_x(df/2, 1/2) */
	pmkt_ibeta(df / 2.0, 0.5, x, y, &w, &w1);
	*upper = 0.5 * w;
	*lower = 0.5 + 0.5 * w1;
	*center = 0.5 * w1;
}

static void
t_tails(double t, double df, double *upper, double *lower)
{
	double		center;

	t_tails3(t, df, upper, lower, &center);
}

double
pmkt_t_sf(double t, double df)
{
	double		up,
				lo;

	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	if (isinf(df))
		return pmkt_normal_sf(t);
	if (t >= 0)
	{
		t_tails(t, df, &up, &lo);
		return up;
	}
	t_tails(-t, df, &up, &lo);
	return lo;
}

double
pmkt_t_cdf(double t, double df)
{
	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	return pmkt_t_sf(-t, df);
}

double
pmkt_t_two_sided_p(double t, double df)
{
	double		up,
				lo;

	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	if (isinf(df))
		return pmkt_normal_two_sided_p(t);
	t_tails(fabs(t), df, &up, &lo);
	return Min(1.0, 2.0 * up);
}

/* log density of t, for Newton steps */
static double
t_log_pdf(double t, double df)
{
	double		l;

	t = fabs(t);
	if (t > 1e100)
		l = 2.0 * log(t) - log(df) + log1p(df / (t * t));
	else
		l = log1p(t * t / df);
	return -0.5 * (df + 1.0) * l - 0.5 * log(df) - log_beta(0.5 * df, 0.5);
}

/*
 * t_upper_quantile
 *    The x > 0 with P(T > x) = q, q in (0, 0.5).
 */
static double
t_upper_quantile(double q, double df)
{
	double		P = 2.0 * q;	/* two-sided probability */
	double		x;
	int			it;

	if (df == 1.0)				/* Cauchy: cot(pi q) = tan(pi (1/2 - q)) */
		return (q > 0.25) ? tan(M_PI * (0.5 - q)) : 1.0 / tan(M_PI * q);
	if (df == 2.0)
		return (1.0 - 2.0 * q) / sqrt(2.0 * q * (1.0 - q));

	/* Hill, G. W. (1970) Algorithm 396: Student's t-quantiles. CACM 13. */
	{
		double		a = 1.0 / (df - 0.5);
		double		b = 48.0 / (a * a);
		double		c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
		double		d = ((94.5 / (b + c) - 3.0) / b + 1.0) * sqrt(a * M_PI_2) * df;
		double		ly = (2.0 / df) * (log(d) + log(P));
		double		y = exp(ly);

		if (df < 1.0)
		{
			/*
			 * Hill's expansion assumes df >= 1: start from the tail law
			 * sf(x) ~ x^-df / (df^(1 - df/2) B(df/2, 1/2)).
			 */
			double		lx = (-log_beta(0.5 * df, 0.5) + (0.5 * df - 1.0) * log(df) - log(q)) / df;

			if (lx > 709.0)
				return INFINITY;	/* beyond the largest double */
			x = exp(lx);
		}
		else if (y > 0.05 + a)
		{
			double		z = pmkt_normal_quantile(0.5 * P);

			y = z * z;
			if (df < 5.0)
				c += 0.3 * (df - 4.5) * (z + 0.6);
			c = (((0.05 * d * z - 5.0) * z - 7.0) * z - 2.0) * z + b + c;
			y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * z;
			y = expm1(a * y * y);
			x = sqrt(df * y);
		}
		else if (ly < log(DBL_EPSILON))
			x = sqrt(df) * exp(-0.5 * ly);
		else
		{
			y = ((1.0 / (((df + 6.0) / (df * y) - 0.089 * d - 0.822) * (df + 2.0) * 3.0)
				  + 0.5 / (df + 4.0)) * y - 1.0) * (df + 1.0) / (df + 2.0) + 1.0 / y;
			x = sqrt(df * y);
		}
	}
	if (!isfinite(x) || x <= 0)
		x = 1.0;

	/*
	 * Newton on g(u) = log sf(e^u) - log q, u = log x: g'(u) = -x pdf / sf.
	 * The tail is a power law in x, so this converges from far away too.
	 * For q > 1/4 (x near 0) the same on the centre mass P(0 < T <= x) =
	 * 1/2 - q (exact there), which keeps full relative accuracy in x.
	 */
	for (it = 0; it < 200; it++)
	{
		double		up,
					lo,
					mid,
					slope,
					step;

		if (isinf(x))
			return x;
		t_tails3(x, df, &up, &lo, &mid);
		if (q > 0.25)
		{
			if (mid <= 0.0)
			{
				x *= 2.0;
				continue;
			}
			slope = exp(log(x) + t_log_pdf(x, df) - log(mid));
			step = -(log(mid) - log(0.5 - q)) / slope;
		}
		else
		{
			if (up <= 0.0)
			{
				x *= 0.5;		/* underflowed: come back in */
				continue;
			}
			slope = exp(log(x) + t_log_pdf(x, df) - log(up));
			step = (log(up) - log(q)) / slope;
		}
		if (step > 2.0)
			step = 2.0;
		if (step < -2.0)
			step = -2.0;
		x *= exp(step);
		/* quadratic convergence: after a step of 1e-9 the error is ~1e-18 */
		if (fabs(step) < 1e-9)
			break;
	}
	return x;
}

double
pmkt_t_quantile(double p, double df)
{
	if (isnan(p) || isnan(df) || df <= 0 || p < 0.0 || p > 1.0)
		return NAN;
	if (p == 0.0)
		return -INFINITY;
	if (p == 1.0)
		return INFINITY;
	if (p == 0.5)
		return 0.0;
	if (isinf(df) || df > 1e20)
		return pmkt_normal_quantile(p);
	if (p < 0.5)
		return -t_upper_quantile(p, df);
	return t_upper_quantile(1.0 - p, df);	/* 1 - p is exact for p >= 0.5 */
}

/* ------------------------------------------------------------------------
 * F and chi-square
 * ------------------------------------------------------------------------ */

static void
f_tails(double f, double df1, double df2, double *cdf, double *sf)
{
	double		x,
				y;

	if (f <= 0.0)
	{
		*cdf = 0.0;
		*sf = 1.0;
		return;
	}
	if (isinf(f))
	{
		*cdf = 1.0;
		*sf = 0.0;
		return;
	}
	/* x = df1 f / (df1 f + df2), y = df2 / (df1 f + df2) */
	if (df1 * f <= df2)
	{
		double		r = df1 * f / df2;

		x = r / (1.0 + r);
		y = 1.0 / (1.0 + r);
	}
	else
	{
		double		r = df2 / (df1 * f);

		x = 1.0 / (1.0 + r);
		y = r / (1.0 + r);
	}
	pmkt_ibeta(df1 / 2.0, df2 / 2.0, x, y, cdf, sf);
}

double
pmkt_f_cdf(double f, double df1, double df2)
{
	double		c,
				s;

	if (isnan(f) || isnan(df1) || isnan(df2) || df1 <= 0 || df2 <= 0)
		return NAN;
	f_tails(f, df1, df2, &c, &s);
	return c;
}

double
pmkt_f_sf(double f, double df1, double df2)
{
	double		c,
				s;

	if (isnan(f) || isnan(df1) || isnan(df2) || df1 <= 0 || df2 <= 0)
		return NAN;
	f_tails(f, df1, df2, &c, &s);
	return s;
}

double
pmkt_chisq_cdf(double x, double df)
{
	double		p,
				q;

	if (isnan(x) || isnan(df) || df <= 0)
		return NAN;
	pmkt_igamma(df / 2.0, x / 2.0, &p, &q);
	return p;
}

double
pmkt_chisq_sf(double x, double df)
{
	double		p,
				q;

	if (isnan(x) || isnan(df) || df <= 0)
		return NAN;
	pmkt_igamma(df / 2.0, x / 2.0, &p, &q);
	return q;
}

/* ------------------------------------------------------------------------
 * SQL interface
 * ------------------------------------------------------------------------ */

static void
check_not_nan(double v, const char *argname)
{
	if (isnan(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must not be NaN", argname),
				 errhint("Pass a number; +-Infinity is accepted for a statistic.")));
}

static void
check_df(double df, const char *argname, bool allow_inf)
{
	if (isnan(df) || df <= 0 || (!allow_inf && isinf(df)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be a positive%s number of degrees of freedom",
						argname, allow_inf ? "" : " finite"),
				 errdetail("Got %g.", df),
				 errhint("Degrees of freedom are > 0, e.g. n - 1 for a one-sample t test.")));
}

static void
check_prob(double p, const char *argname)
{
	if (isnan(p) || p <= 0.0 || p >= 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be a probability strictly between 0 and 1", argname),
				 errdetail("Got %g.", p),
				 errhint("Quantiles are defined for 0 < p < 1, e.g. 0.975 for a two-sided 95%% interval.")));
}

PG_FUNCTION_INFO_V1(pmkt_sql_normal_cdf);
Datum
pmkt_sql_normal_cdf(PG_FUNCTION_ARGS)
{
	double		z = PG_GETARG_FLOAT8(0);

	check_not_nan(z, "z");
	PG_RETURN_FLOAT8(pmkt_normal_cdf(z));
}

PG_FUNCTION_INFO_V1(pmkt_sql_normal_sf);
Datum
pmkt_sql_normal_sf(PG_FUNCTION_ARGS)
{
	double		z = PG_GETARG_FLOAT8(0);

	check_not_nan(z, "z");
	PG_RETURN_FLOAT8(pmkt_normal_sf(z));
}

PG_FUNCTION_INFO_V1(pmkt_sql_normal_quantile);
Datum
pmkt_sql_normal_quantile(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);

	check_prob(p, "p");
	PG_RETURN_FLOAT8(pmkt_normal_quantile(p));
}

PG_FUNCTION_INFO_V1(pmkt_sql_t_cdf);
Datum
pmkt_sql_t_cdf(PG_FUNCTION_ARGS)
{
	double		t = PG_GETARG_FLOAT8(0);
	double		df = PG_GETARG_FLOAT8(1);

	check_not_nan(t, "t");
	check_df(df, "df", true);
	PG_RETURN_FLOAT8(pmkt_t_cdf(t, df));
}

PG_FUNCTION_INFO_V1(pmkt_sql_t_sf);
Datum
pmkt_sql_t_sf(PG_FUNCTION_ARGS)
{
	double		t = PG_GETARG_FLOAT8(0);
	double		df = PG_GETARG_FLOAT8(1);

	check_not_nan(t, "t");
	check_df(df, "df", true);
	PG_RETURN_FLOAT8(pmkt_t_sf(t, df));
}

PG_FUNCTION_INFO_V1(pmkt_sql_t_quantile);
Datum
pmkt_sql_t_quantile(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);
	double		df = PG_GETARG_FLOAT8(1);

	check_prob(p, "p");
	check_df(df, "df", true);
	PG_RETURN_FLOAT8(pmkt_t_quantile(p, df));
}

PG_FUNCTION_INFO_V1(pmkt_sql_f_cdf);
Datum
pmkt_sql_f_cdf(PG_FUNCTION_ARGS)
{
	double		f = PG_GETARG_FLOAT8(0);
	double		df1 = PG_GETARG_FLOAT8(1);
	double		df2 = PG_GETARG_FLOAT8(2);

	check_not_nan(f, "f");
	check_df(df1, "df1", false);
	check_df(df2, "df2", false);
	PG_RETURN_FLOAT8(pmkt_f_cdf(f, df1, df2));
}

PG_FUNCTION_INFO_V1(pmkt_sql_f_sf);
Datum
pmkt_sql_f_sf(PG_FUNCTION_ARGS)
{
	double		f = PG_GETARG_FLOAT8(0);
	double		df1 = PG_GETARG_FLOAT8(1);
	double		df2 = PG_GETARG_FLOAT8(2);

	check_not_nan(f, "f");
	check_df(df1, "df1", false);
	check_df(df2, "df2", false);
	PG_RETURN_FLOAT8(pmkt_f_sf(f, df1, df2));
}

PG_FUNCTION_INFO_V1(pmkt_sql_chisq_cdf);
Datum
pmkt_sql_chisq_cdf(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		df = PG_GETARG_FLOAT8(1);

	check_not_nan(x, "x");
	check_df(df, "df", false);
	PG_RETURN_FLOAT8(pmkt_chisq_cdf(x, df));
}

PG_FUNCTION_INFO_V1(pmkt_sql_chisq_sf);
Datum
pmkt_sql_chisq_sf(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		df = PG_GETARG_FLOAT8(1);

	check_not_nan(x, "x");
	check_df(df, "df", false);
	PG_RETURN_FLOAT8(pmkt_chisq_sf(x, df));
}
