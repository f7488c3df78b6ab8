/*
 * normalize.c
 *    Min-max normalisation (SPEC 2.2).
 *
 *    positive index: x' = (x - min) / (max - min) + shift
 *    negative index: x' = (max - x) / (max - min) + shift
 *
 * The shift (default 0.001) keeps logarithms of the entropy method defined.
 * A constant column (max = min) maps to 0.5 + shift for both directions (see
 * normalize.h).  Values outside [min, max] (applying a training sample's
 * ranges to new rows) are not clamped: they map below shift or above
 * 1 + shift.
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "normalize.h"
#include "util/array.h"
#include "util/state.h"

#define RANGES_HDR 3			/* tag, d, n */

PG_FUNCTION_INFO_V1(pmkt_minmax_normalize);
PG_FUNCTION_INFO_V1(pmkt_column_ranges_sfunc);
PG_FUNCTION_INFO_V1(pmkt_column_ranges_combine);
PG_FUNCTION_INFO_V1(pmkt_column_ranges_final);
PG_FUNCTION_INFO_V1(pmkt_normalize_bool);
PG_FUNCTION_INFO_V1(pmkt_normalize_text);

double
pmkt_minmax(double x, double min, double max, bool positive, double shift)
{
	if (max == min)
		return PMKT_CONSTANT_COLUMN_VALUE + shift;
	if (positive)
		return (x - min) / (max - min) + shift;
	return (max - x) / (max - min) + shift;
}

/* check_range: finite bounds with min <= max. */
static void
check_range(double min, double max, const char *minname, const char *maxname)
{
	pmkt_check_finite(min, minname);
	pmkt_check_finite(max, maxname);
	if (min > max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must not exceed argument \"%s\"", minname, maxname),
				 errdetail("\"%s\" is %g and \"%s\" is %g.", minname, min, maxname, max),
				 errhint("Pass the column's minimum and maximum, e.g. min(x) OVER () and max(x) OVER ().")));
}

/*
 * pmkt.minmax_normalize(x, min, max, positive DEFAULT true, shift DEFAULT 0.001)
 */
Datum
pmkt_minmax_normalize(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(0);
	double		min = PG_GETARG_FLOAT8(1);
	double		max = PG_GETARG_FLOAT8(2);
	bool		positive = PG_GETARG_BOOL(3);
	double		shift = PG_GETARG_FLOAT8(4);

	pmkt_check_finite(x, "x");
	check_range(min, max, "min", "max");
	pmkt_check_finite(shift, "shift");
	PG_RETURN_FLOAT8(pmkt_check_result(pmkt_minmax(x, min, max, positive, shift),
									   "minmax_normalize"));
}

/*
 * ranges_state: column_ranges state data after checking the tag, width and
 * length (every call) and, when full, the contents: a row count >= 1,
 * finite bounds, min <= max per column (combine and final).
 */
static double *
ranges_state(ArrayType *a, bool full)
{
	const char *fn = "column_ranges";
	double	   *s = pmkt_state_data(a, PMKT_RANGES_TAG, -1, fn);
	int			d;

	d = pmkt_state_int(s[1], 1, 100000000, "width", fn);
	pmkt_state_data(a, PMKT_RANGES_TAG, RANGES_HDR + 2 * d, fn);
	if (full)
	{
		const double *mn = s + RANGES_HDR;
		const double *mx = s + RANGES_HDR + d;

		if (pmkt_state_count(s[2], "rows", fn) < 1)
			pmkt_state_invalid(fn, "a state without rows", "rows is 0.");
		pmkt_state_finite(mn, d, false, "minima", fn);
		pmkt_state_finite(mx, d, false, "maxima", fn);
		for (int j = 0; j < d; j++)
			if (mn[j] > mx[j])
				pmkt_state_invalid(fn, "a minimum above its maximum",
								   "Column %d: minimum %.17g, maximum %.17g.",
								   j + 1, mn[j], mx[j]);
	}
	return s;
}

/*
 * column_ranges sfunc(state, x): per-column min and max.  NULL rows are
 * skipped; every row must have the first row's length.
 */
Datum
pmkt_column_ranges_sfunc(PG_FUNCTION_ARGS)
{
	const char *fn = "column_ranges";
	ArrayType  *sa;
	double	   *s;
	double	   *x;
	int			d;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = pmkt_vector(PG_GETARG_ARRAYTYPE_P(1), "x", &d, true);
	if (PG_ARGISNULL(0))
	{
		sa = pmkt_state_new(fcinfo, RANGES_HDR + 2 * d, fn);
		s = (double *) ARR_DATA_PTR(sa);
		s[0] = PMKT_RANGES_TAG;
		s[1] = d;
		s[2] = 1;
		memcpy(s + RANGES_HDR, x, sizeof(double) * d);
		memcpy(s + RANGES_HDR + d, x, sizeof(double) * d);
		PG_RETURN_ARRAYTYPE_P(sa);
	}
	sa = pmkt_state_arg(fcinfo, 0, fn);
	s = ranges_state(sa, false);
	pmkt_check_same_length(d, "x", (int) s[1], "the first row's x");
	{
		double	   *mn = s + RANGES_HDR;
		double	   *mx = s + RANGES_HDR + d;

		for (int j = 0; j < d; j++)
		{
			if (x[j] < mn[j])
				mn[j] = x[j];
			if (x[j] > mx[j])
				mx[j] = x[j];
		}
	}
	s[2] += 1;
	PG_RETURN_ARRAYTYPE_P(sa);
}

/* column_ranges combine: strict (NULL states are handled by the executor). */
Datum
pmkt_column_ranges_combine(PG_FUNCTION_ARGS)
{
	const char *fn = "column_ranges";
	ArrayType  *a1 = pmkt_state_arg(fcinfo, 0, fn);
	ArrayType  *a2 = PG_GETARG_ARRAYTYPE_P(1);
	double	   *s1 = ranges_state(a1, true);
	double	   *s2 = ranges_state(a2, true);
	int			d = (int) s1[1];

	pmkt_check_same_length(d, "x", (int) s2[1], "x in another partial state");
	for (int j = 0; j < d; j++)
	{
		if (s2[RANGES_HDR + j] < s1[RANGES_HDR + j])
			s1[RANGES_HDR + j] = s2[RANGES_HDR + j];
		if (s2[RANGES_HDR + d + j] > s1[RANGES_HDR + d + j])
			s1[RANGES_HDR + d + j] = s2[RANGES_HDR + d + j];
	}
	s1[2] += s2[2];
	PG_RETURN_ARRAYTYPE_P(a1);
}

/* column_ranges final: the 2 x d array {{min_1..min_d},{max_1..max_d}}. */
Datum
pmkt_column_ranges_final(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	double	   *s = ranges_state(a, true);
	int			d = (int) s[1];

	PG_RETURN_ARRAYTYPE_P(pmkt_build_matrix(s + RANGES_HDR, 2, d));
}

/*
 * normalize_rows: x' per column against ranges (2 x d), directions given
 * as a bool per column (NULL = all positive).
 */
static Datum
normalize_row(FunctionCallInfo fcinfo, const bool *positive, int ndir)
{
	double	   *x;
	double	   *r;
	double	   *out;
	double		shift;
	int			d;
	int			rows;
	int			cols;

	x = pmkt_vector(PG_GETARG_ARRAYTYPE_P(0), "x", &d, true);
	r = pmkt_matrix(PG_GETARG_ARRAYTYPE_P(1), "ranges", &rows, &cols, true);
	if (rows != 2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"ranges\" must have 2 rows (minima, maxima)"),
				 errdetail("It has %d rows.", rows),
				 errhint("Pass the result of pmkt.column_ranges(x).")));
	pmkt_check_same_length(d, "x", cols, "ranges (columns)");
	if (positive != NULL)
		pmkt_check_same_length(ndir, "directions", d, "x");
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"shift\" must not be NULL"),
				 errhint("Use 0 for no shift; the default is 0.001.")));
	shift = PG_GETARG_FLOAT8(3);
	pmkt_check_finite(shift, "shift");
	for (int j = 0; j < d; j++)
	{
		if (r[j] > r[d + j])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"ranges\" has a minimum above its maximum"),
					 errdetail("Column %d: minimum %g, maximum %g.", j + 1, r[j], r[d + j]),
					 errhint("Pass the result of pmkt.column_ranges(x).")));
	}
	out = palloc(sizeof(double) * d);
	for (int j = 0; j < d; j++)
		out[j] = pmkt_check_result(pmkt_minmax(x[j], r[j], r[d + j],
											   positive == NULL || positive[j], shift),
								   "normalize");
	PG_RETURN_ARRAYTYPE_P(pmkt_build_vector(out, d));
}

/* pmkt.normalize(x, ranges, directions boolean[] DEFAULT NULL, shift) */
Datum
pmkt_normalize_bool(PG_FUNCTION_ARGS)
{
	bool	   *positive = NULL;
	int			ndir = 0;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(2))
	{
		ArrayType  *da = PG_GETARG_ARRAYTYPE_P(2);
		Datum	   *elems;
		bool	   *nulls;

		if (ARR_NDIM(da) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"directions\" must be a one-dimensional array")));
		deconstruct_array(da, BOOLOID, 1, true, TYPALIGN_CHAR, &elems, &nulls, &ndir);
		positive = palloc(sizeof(bool) * Max(ndir, 1));
		for (int j = 0; j < ndir; j++)
		{
			if (nulls[j])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"directions\" must not contain NULL elements"),
						 errdetail("Element %d is NULL.", j + 1),
						 errhint("Use true for a positive index and false for a negative one.")));
			positive[j] = DatumGetBool(elems[j]);
		}
	}
	return normalize_row(fcinfo, positive, ndir);
}

/* pmkt.normalize(x, ranges, directions text[] ('+'/'-'), shift) */
Datum
pmkt_normalize_text(PG_FUNCTION_ARGS)
{
	bool	   *positive = NULL;
	int			ndir = 0;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(2))
	{
		ArrayType  *da = PG_GETARG_ARRAYTYPE_P(2);
		Datum	   *elems;
		bool	   *nulls;

		if (ARR_NDIM(da) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"directions\" must be a one-dimensional array")));
		deconstruct_array(da, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &ndir);
		positive = palloc(sizeof(bool) * Max(ndir, 1));
		for (int j = 0; j < ndir; j++)
		{
			char	   *s;

			if (nulls[j])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"directions\" must not contain NULL elements"),
						 errdetail("Element %d is NULL.", j + 1),
						 errhint("Use '+' for a positive index and '-' for a negative one.")));
			s = TextDatumGetCString(elems[j]);
			if (strcmp(s, "+") == 0 || pg_strcasecmp(s, "positive") == 0)
				positive[j] = true;
			else if (strcmp(s, "-") == 0 || pg_strcasecmp(s, "negative") == 0)
				positive[j] = false;
			else
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"directions\" has an unknown direction"),
						 errdetail("Element %d is \"%s\".", j + 1, s),
						 errhint("Use '+' (or 'positive') and '-' (or 'negative').")));
		}
	}
	return normalize_row(fcinfo, positive, ndir);
}
