/*
 * util/array.c
 *    float8[] and 2-D float8[] validation and access (see array.h).
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "util/array.h"
#include "util/matrix.h"

/* check_float8_array: element type, no NULLs, optional finiteness. */
static double *
check_float8_array(ArrayType *a, const char *argname, bool require_finite,
				   int nelems)
{
	double	   *v;

	if (ARR_ELEMTYPE(a) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("argument \"%s\" must be a float8[] array", argname),
				 errdetail("Received %s[].", format_type_be(ARR_ELEMTYPE(a)))));
	if (ARR_HASNULL(a) && array_contains_nulls(a))
		pmkt_null_element_error(argname);
	v = (double *) ARR_DATA_PTR(a);
	if (require_finite)
		pmkt_check_finite_values(v, nelems, argname);
	return v;
}

/* pmkt_null_element_error: a NULL among an argument's values (22023). */
void
pmkt_null_element_error(const char *argname)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"%s\" must not contain NULL elements", argname),
			 errhint("Remove or impute the NULL values first, e.g. with coalesce().")));
	pg_unreachable();
}

/* pmkt_check_finite_values: NaN or an infinity among n values (22023). */
void
pmkt_check_finite_values(const double *v, int n, const char *argname)
{
	for (int i = 0; i < n; i++)
	{
		if (!isfinite(v[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("argument \"%s\" must contain only finite numbers", argname),
					 errdetail("Element %d is %g.", i + 1, v[i])));
	}
}

/*
 * pmkt_vector
 *    Validate a non-empty 1-D float8[] and return its data in place.
 */
double *
pmkt_vector(ArrayType *a, const char *argname, int *n, bool require_finite)
{
	int			nelems;

	if (ARR_NDIM(a) != 1)
	{
		if (ARR_NDIM(a) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("argument \"%s\" must not be an empty array", argname)));
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"%s\" must be a one-dimensional array", argname),
				 errdetail("It has %d dimensions.", ARR_NDIM(a))));
	}
	nelems = ARR_DIMS(a)[0];
	if (nelems < 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"%s\" must not be an empty array", argname)));
	*n = nelems;
	return check_float8_array(a, argname, require_finite, nelems);
}

/*
 * pmkt_matrix
 *    Validate a non-empty 2-D float8[] (rows x cols) and return its data in
 *    place, row-major as PostgreSQL stores it.
 */
double *
pmkt_matrix(ArrayType *a, const char *argname, int *rows, int *cols,
			bool require_finite)
{
	if (ARR_NDIM(a) != 2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"%s\" must be a two-dimensional array", argname),
				 errdetail("It has %d dimensions.", ARR_NDIM(a)),
				 errhint("Write a k x d matrix as ARRAY[[...],[...]].")));
	*rows = ARR_DIMS(a)[0];
	*cols = ARR_DIMS(a)[1];
	if (*rows < 1 || *cols < 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("argument \"%s\" must not be empty", argname)));
	return check_float8_array(a, argname, require_finite, *rows * *cols);
}

/* pmkt_check_same_length: paired arrays must have equal lengths. */
void
pmkt_check_same_length(int n1, const char *name1, int n2, const char *name2)
{
	if (n1 != n2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("arguments \"%s\" and \"%s\" must have the same length",
						name1, name2),
				 errdetail("\"%s\" has %d elements and \"%s\" has %d.",
						   name1, n1, name2, n2)));
}

/* pmkt_build_vector: a new 1-D float8[] holding a copy of v. */
ArrayType *
pmkt_build_vector(const double *v, int n)
{
	ArrayType  *a;
	Size		nbytes = ARR_OVERHEAD_NONULLS(1) + sizeof(double) * (Size) n;

	if (n == 0)
		return construct_empty_array(FLOAT8OID);
	a = (ArrayType *) palloc0(nbytes);
	SET_VARSIZE(a, nbytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = n;
	ARR_LBOUND(a)[0] = 1;
	memcpy(ARR_DATA_PTR(a), v, sizeof(double) * (Size) n);
	return a;
}

/* pmkt_build_matrix: a new rows x cols float8[] holding a copy of v. */
ArrayType *
pmkt_build_matrix(const double *v, int rows, int cols)
{
	ArrayType  *a;
	Size		nbytes = ARR_OVERHEAD_NONULLS(2) + sizeof(double) * (Size) rows * cols;

	if (rows == 0 || cols == 0)
		return construct_empty_array(FLOAT8OID);
	a = (ArrayType *) palloc0(nbytes);
	SET_VARSIZE(a, nbytes);
	a->ndim = 2;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = rows;
	ARR_DIMS(a)[1] = cols;
	ARR_LBOUND(a)[0] = 1;
	ARR_LBOUND(a)[1] = 1;
	memcpy(ARR_DATA_PTR(a), v, sizeof(double) * (Size) rows * cols);
	return a;
}

/* pmkt_build_int4_vector: a new 1-D int4[]. */
ArrayType *
pmkt_build_int4_vector(const int32 *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		d[i] = Int32GetDatum(v[i]);
	return construct_array(d, n, INT4OID, sizeof(int32), true, TYPALIGN_INT);
}

/* pmkt_build_int8_vector: a new 1-D int8[]. */
ArrayType *
pmkt_build_int8_vector(const int64 *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		d[i] = Int64GetDatum(v[i]);
	return construct_array(d, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
						   TYPALIGN_DOUBLE);
}

/* pmkt_build_text_vector: a new 1-D text[]. */
ArrayType *
pmkt_build_text_vector(const char *const *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		d[i] = CStringGetTextDatum(v[i]);
	return construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT);
}

/* pmkt_number_elem_type: may an array of typid be read as float8[]? */
bool
pmkt_number_elem_type(Oid typid)
{
	return typid == FLOAT8OID || typid == FLOAT4OID || typid == INT2OID ||
		typid == INT4OID || typid == INT8OID || typid == NUMERICOID;
}

/*
 * pmkt_to_float8_array: a float8[] as it is; an int2/int4/int8/float4/
 * numeric array converted once to a float8[] of the same shape (NULL
 * elements kept), each element as the cast to float8 converts it (exact
 * for integers up to 2^53, nearest double otherwise); any other element
 * type raises 42804 naming argname and the type received.
 */
ArrayType *
pmkt_to_float8_array(ArrayType *a, const char *argname)
{
	Oid			elem = ARR_ELEMTYPE(a);
	Datum	   *ev;
	bool	   *en;
	int			ne;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (elem == FLOAT8OID)
		return a;
	if (!pmkt_number_elem_type(elem))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s must be an array of numbers", argname),
				 errdetail("Received %s[].", format_type_be(elem)),
				 errhint("Pass float8[], float4[], int2[], int4[], int8[] or numeric[].")));
	get_typlenbyvalalign(elem, &typlen, &typbyval, &typalign);
	deconstruct_array(a, elem, typlen, typbyval, typalign, &ev, &en, &ne);
	for (int j = 0; j < ne; j++)
	{
		if (!en[j])
			ev[j] = Float8GetDatum(pmkt_datum_to_float8(ev[j], elem));
		if ((j & 65535) == 65535)
			CHECK_FOR_INTERRUPTS();
	}
	return construct_md_array(ev, en, ARR_NDIM(a), ARR_DIMS(a), ARR_LBOUND(a),
							  FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}
