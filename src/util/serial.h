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

/*
 * Flat varlena types whose text form is the hexadecimal of their bytes
 * after the length word (treemodel, alsmodel, topicmodel, textmodel,
 * textnbstate): one encoder, one decoder, one binary receiver, so every
 * such type rejects bad text the same way.  The caller validates the
 * bytes it gets back (its own view/validate function).
 *   pmkt_flat_hex_out: the text (lower case, the server's hex_encode).
 *   pmkt_flat_hex_in: a new value from the text; 22P02 naming typname for
 *     an odd length, fewer than min_bytes bytes, more than MaxAllocSize, or
 *     a character that is not a hexadecimal digit (its 1-based position);
 *     what ("model", "state") words the detail.
 *   pmkt_flat_recv: a new value from the rest of a binary message; 22P03
 *     "too short" under min_bytes.
 *   pmkt_flat_send: the binary form, the bytes after the length word.
 */
extern char *pmkt_flat_hex_out(const struct varlena *v);
extern struct varlena *pmkt_flat_hex_in(const char *s, Size min_bytes,
										const char *typname, const char *what);
extern struct varlena *pmkt_flat_recv(StringInfo buf, Size min_bytes, const char *typname);
extern bytea *pmkt_flat_send(const struct varlena *v);

#endif							/* PMKT_UTIL_SERIAL_H */
