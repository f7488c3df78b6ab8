/*
 * util/array.h
 *    float8[] and 2-D float8[] validation and access.
 *
 * Readers return a pointer into the (detoasted) array's data, not a copy:
 * a validated float8[] without NULLs is a flat C array of doubles.  Every
 * check raises a real SQLSTATE naming the argument:
 *   NULL element, NaN, Infinity        22023 invalid_parameter_value
 *   wrong dimensionality, empty, shape  2202E array_subscript_error
 */
#ifndef PMKT_UTIL_ARRAY_H
#define PMKT_UTIL_ARRAY_H

#include "postgres.h"

#include "utils/array.h"

/* Reading a 1-D vector: checks type, dims, NULLs and (if finite) NaN/Inf. */
extern double *pmkt_vector(ArrayType *a, const char *argname, int *n,
						   bool require_finite);

/*
 * The element checks pmkt_vector makes, for values that did not come in an
 * array (e.g. separate arguments): the same errors, element numbers from 1.
 */
extern void pmkt_null_element_error(const char *argname) pg_attribute_noreturn();
extern void pmkt_check_finite_values(const double *v, int n, const char *argname);

/* Reading a k x d matrix (2-D array) in row-major order. */
extern double *pmkt_matrix(ArrayType *a, const char *argname, int *rows,
						   int *cols, bool require_finite);

/* Same length, or 2202E naming both arguments. */
extern void pmkt_check_same_length(int n1, const char *name1, int n2,
								   const char *name2);

/* Building results: a fresh float8[] (1-D) or rows x cols (2-D). */
extern ArrayType *pmkt_build_vector(const double *v, int n);
extern ArrayType *pmkt_build_matrix(const double *v, int rows, int cols);
extern ArrayType *pmkt_build_int4_vector(const int32 *v, int n);
extern ArrayType *pmkt_build_int8_vector(const int64 *v, int n);
extern ArrayType *pmkt_build_text_vector(const char *const *v, int n);

/*
 * Number arrays where a float8[] is meant (issue 16): the element types
 * read as float8 (float8, float4, int2, int4, int8, numeric), and an array
 * of one of them as a float8[] (converted once; the array itself when it
 * is a float8[]; another element type: 42804 naming argname and the type).
 */
extern bool pmkt_number_elem_type(Oid typid);
extern ArrayType *pmkt_to_float8_array(ArrayType *a, const char *argname);

/* Argument fetch helpers that also detoast. */
#define PMKT_GETARG_ARRAY(n) PG_GETARG_ARRAYTYPE_P(n)

#endif							/* PMKT_UTIL_ARRAY_H */
