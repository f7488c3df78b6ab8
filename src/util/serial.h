/*
 * util/serial.h
 *    Exact text I/O of doubles for pmkt's own types (models, states).
 *
 * Output uses the shortest decimal that reads back to the same double
 * (PostgreSQL's common/shortest_dec.h), regardless of extra_float_digits,
 * so a value shipped as text (Citus, dumps) round-trips bit for bit.
 */
#ifndef PMKT_UTIL_SERIAL_H
#define PMKT_UTIL_SERIAL_H

#include "postgres.h"

#include "lib/stringinfo.h"

/* Append the shortest exact decimal form of v ("NaN", "Infinity" too). */
extern void pmkt_append_double(StringInfo buf, double v);

/*
 * Parse one double at *p, skipping leading white space, advancing *p past
 * it.  Raises 22P02 invalid_text_representation naming typname on error.
 */
extern double pmkt_parse_double(char **p, const char *typname);

#endif							/* PMKT_UTIL_SERIAL_H */
