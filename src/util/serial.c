/*
 * util/serial.c
 *    Exact text I/O of doubles (see serial.h).
 */
#include "pmkt.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "common/shortest_dec.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/memutils.h"

#include "util/serial.h"

/* pmkt_append_double: shortest round-trip decimal. */
void
pmkt_append_double(StringInfo buf, double v)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	if (isnan(v))
		appendStringInfoString(buf, "NaN");
	else if (isinf(v))
		appendStringInfoString(buf, v > 0 ? "Infinity" : "-Infinity");
	else
	{
		double_to_shortest_decimal_buf(v, tmp);
		appendStringInfoString(buf, tmp);
	}
}

/* pmkt_parse_double: strtod with PostgreSQL's spellings of NaN/Infinity. */
double
pmkt_parse_double(char **p, const char *typname)
{
	char	   *s = *p;
	char	   *end;
	double		v;

	while (isspace((unsigned char) *s))
		s++;
	if (pg_strncasecmp(s, "NaN", 3) == 0)
	{
		*p = s + 3;
		return get_float8_nan();
	}
	if (pg_strncasecmp(s, "Infinity", 8) == 0)
	{
		*p = s + 8;
		return get_float8_infinity();
	}
	if (pg_strncasecmp(s, "-Infinity", 9) == 0)
	{
		*p = s + 9;
		return -get_float8_infinity();
	}
	errno = 0;
	v = strtod(s, &end);
	if (end == s || (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s", typname),
				 errdetail("Expected a number at \"%.20s\".", s)));
	*p = end;
	return v;
}

/* ---------- hexadecimal text and binary receive of flat types ---------- */

static inline int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
pmkt_flat_hex_out(const struct varlena *v)
{
	Size		n = VARSIZE(v) - VARHDRSZ;
	char	   *out = palloc_extended(2 * n + 1, MCXT_ALLOC_HUGE);

	hex_encode(VARDATA_ANY(v), n, out);
	out[2 * n] = '\0';
	return out;
}

struct varlena *
pmkt_flat_hex_in(const char *s, Size min_bytes, const char *typname, const char *what)
{
	Size		len = strlen(s);
	struct varlena *v;
	char	   *d;

	if (len % 2 != 0 || len / 2 < min_bytes || len / 2 + VARHDRSZ > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s", typname),
				 errdetail("Expected the hexadecimal text of a %s (%zu characters received).", what, len)));
	v = palloc(len / 2 + VARHDRSZ);
	SET_VARSIZE(v, len / 2 + VARHDRSZ);
	d = VARDATA(v);
	for (Size i = 0; i < len / 2; i++)
	{
		int			hi = hex_digit(s[2 * i]),
					lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s", typname),
					 errdetail("Invalid hexadecimal digit at position %zu.", 2 * i + (hi < 0 ? 1 : 2))));
		d[i] = (char) (hi * 16 + lo);
		if ((i & 65535) == 65535)
			CHECK_FOR_INTERRUPTS();
	}
	return v;
}

struct varlena *
pmkt_flat_recv(StringInfo buf, Size min_bytes, const char *typname)
{
	int			n = buf->len - buf->cursor;
	struct varlena *v;

	if (n < 0 || (Size) n < min_bytes)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary %s value: too short", typname)));
	v = palloc(n + VARHDRSZ);
	SET_VARSIZE(v, n + VARHDRSZ);
	pq_copymsgbytes(buf, VARDATA(v), n);
	return v;
}

bytea *
pmkt_flat_send(const struct varlena *v)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	return pq_endtypsend(&buf);
}
