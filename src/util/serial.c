/*
 * util/serial.c
 *    Exact text I/O of doubles (see serial.h).
 */
#include "pmkt.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "common/shortest_dec.h"
#include "utils/float.h"

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
