/*
 * expstate.c
 *    pmkt.experiment_state (experiment.h): text and binary I/O, the
 *    aggregate pmkt.experiment(variant, value [, covariate]) /
 *    pmkt.experiment(variant, numerator, denominator, covariate) and its
 *    combine function.
 *
 * Every state is untrusted (a user can type one, or feed a mutated one to
 * the combine or report function): pmkt_exp_validate checks all of it
 * (sizes, names, counts, finiteness, flags) before any use.  Input
 * functions raise 22P02 (text) / 22P03 (binary); functions taking a state
 * argument raise 22023.  A sum overflowing double precision raises 22003.
 */
#include "pmkt.h"

#include <ctype.h>

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "experiment.h"
#include "util/serial.h"

PG_FUNCTION_INFO_V1(pmkt_experiment_state_in);
PG_FUNCTION_INFO_V1(pmkt_experiment_state_out);
PG_FUNCTION_INFO_V1(pmkt_experiment_state_recv);
PG_FUNCTION_INFO_V1(pmkt_experiment_state_send);
PG_FUNCTION_INFO_V1(pmkt_experiment_sfunc);
PG_FUNCTION_INFO_V1(pmkt_experiment_combine);

#define TYPNAME "pmkt.experiment_state"
#define AGGNAME "pmkt.experiment"

#if defined(__GNUC__) && !defined(__clang__)
#define EXP_NO_CONTRACT __attribute__((optimize("fp-contract=off")))
#else
#define EXP_NO_CONTRACT
#endif

/* ---- compensated accumulation ---- */

/* hi + lo += v: error-free two-sum, the rounding error goes to lo */
EXP_NO_CONTRACT static inline void
acc(double *s, double v)
{
	double		hi = s[0],
				t = hi + v,
				bb = t - hi;

	s[1] += (hi - (t - bb)) + (v - bb);
	s[0] = t;
}

/* hi + lo += a * b exactly split: p + e = a * b (fma) */
EXP_NO_CONTRACT static inline void
acc_prod(double *s, double a, double b)
{
	double		p = a * b;

	acc(s, p);
	s[1] += fma(a, b, -p);
}

/* hi + lo += p + e, a product already split (the same steps as acc_prod) */
EXP_NO_CONTRACT static inline void
acc_split(double *s, double p, double e)
{
	acc(s, p);
	s[1] += e;
}

/* ---- validation ---- */

static void pg_attribute_noreturn()
bad_state(int sqlstate, const char *funcname, const char *problem,
		  const char *detail)
{
	if (sqlstate == ERRCODE_INVALID_PARAMETER_VALUE)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("%s: invalid experiment state: %s", funcname, problem),
				 errdetail_internal("%s", detail),
				 errhint("Pass a state made by pmkt.experiment() (or its text form, unchanged).")));
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("invalid %s for type " TYPNAME ": %s",
					sqlstate == ERRCODE_INVALID_TEXT_REPRESENTATION ? "input syntax" : "binary representation",
					problem),
			 errdetail_internal("%s", detail),
			 errhint("Use the text form written by " TYPNAME "'s output function, unchanged.")));
	pg_unreachable();
}

static bool
is_count(double v)
{
	return v >= 0 && v <= 9007199254740992.0 && v == floor(v);
}

void
pmkt_exp_validate(const ExpState *st, Size varsize, int ec, const char *fn)
{
	if (varsize < offsetof(ExpState, arms))
		bad_state(ec, fn, "too short", psprintf("%zu bytes.", varsize));
	if (st->magic != EXP_MAGIC || st->version != EXP_VERSION)
		bad_state(ec, fn, "unknown format",
				  psprintf("Magic %d, version %d.", st->magic, st->version));
	if (st->flags < 0 || st->flags > (EXP_F_DEN | EXP_F_COV) || st->pad != 0)
		bad_state(ec, fn, "invalid flags", psprintf("Flags %d.", st->flags));
	if (st->narms < 0 || st->narms > EXP_MAX_ARMS)
		bad_state(ec, fn, "invalid number of variants",
				  psprintf("%d variants; at most %d.", st->narms, EXP_MAX_ARMS));
	if (varsize != EXP_SIZE(st->narms))
		bad_state(ec, fn, "size does not match the number of variants",
				  psprintf("%zu bytes for %d variants, expected %zu.",
						   varsize, st->narms, EXP_SIZE(st->narms)));
	if (!is_count(st->skipped))
		bad_state(ec, fn, "skipped rows must be a non-negative integer",
				  psprintf("Skipped: %.17g.", st->skipped));
	for (int i = 0; i < st->narms; i++)
	{
		const ExpArm *a = &st->arms[i];
		int			len = strnlen(a->name, EXP_NAME_MAX + 1);
		double		n,
					nc;

		if (len == 0 || len > EXP_NAME_MAX)
			bad_state(ec, fn, "invalid variant name",
					  psprintf("Variant %d has an empty or unterminated name.", i + 1));
		for (int j = len; j <= EXP_NAME_MAX; j++)
			if (a->name[j] != '\0')
				bad_state(ec, fn, "invalid variant name",
						  psprintf("Variant %d: bytes after the name are not zero.", i + 1));
		if (!pg_verifymbstr(a->name, len, true))
			bad_state(ec, fn, "invalid variant name",
					  psprintf("Variant %d: not valid in the database encoding.", i + 1));
		if (i > 0 && strcmp(st->arms[i - 1].name, a->name) >= 0)
			bad_state(ec, fn, "variants not sorted or not unique",
					  psprintf("\"%s\" follows \"%s\".", a->name, st->arms[i - 1].name));
		for (int k = 0; k < 2 * XS_COUNT; k++)
			if (!isfinite(a->s[k]))
				bad_state(ec, fn, "statistics must be finite",
						  psprintf("Variant \"%s\", statistic %d: %g.", a->name, k + 1, a->s[k]));
		for (int k = 0; k < XS_COUNT; k++)
			if (!isfinite(exp_stat(a, k)))
				bad_state(ec, fn, "statistics must be finite",
						  psprintf("Variant \"%s\", statistic %d overflows.", a->name, 2 * k + 1));
		n = a->s[2 * XS_N];
		nc = a->s[2 * XS_NC];
		if (!is_count(n) || n < 1 || a->s[2 * XS_N + 1] != 0)
			bad_state(ec, fn, "unit counts must be positive integers",
					  psprintf("Variant \"%s\": n = %.17g.", a->name, n));
		if (!is_count(nc) || nc > n || a->s[2 * XS_NC + 1] != 0)
			bad_state(ec, fn, "covariate counts must be integers between 0 and n",
					  psprintf("Variant \"%s\": n = %.17g, with covariate %.17g.", a->name, n, nc));
		if (exp_stat(a, XS_SYY) < 0 || exp_stat(a, XS_SDD) < 0 ||
			exp_stat(a, XS_SXX) < 0 || exp_stat(a, XS_SYYC) < 0)
			bad_state(ec, fn, "negative sum of squares",
					  psprintf("Variant \"%s\".", a->name));
		if (!(st->flags & EXP_F_DEN))
			for (int k = XS_SD; k <= XS_SYD; k++)
				if (a->s[2 * k] != 0 || a->s[2 * k + 1] != 0)
					bad_state(ec, fn, "denominator sums in a state without a denominator",
							  psprintf("Variant \"%s\".", a->name));
		if (!(st->flags & EXP_F_COV))
			for (int k = XS_NC; k <= XS_SYYC; k++)
				if (a->s[2 * k] != 0 || a->s[2 * k + 1] != 0)
					bad_state(ec, fn, "covariate sums in a state without a covariate",
							  psprintf("Variant \"%s\".", a->name));
		if (nc == 0)
			for (int k = XS_SX; k <= XS_SYYC; k++)
				if (a->s[2 * k] != 0 || a->s[2 * k + 1] != 0)
					bad_state(ec, fn, "covariate sums without covariate rows",
							  psprintf("Variant \"%s\".", a->name));
	}
}

ExpState *
pmkt_exp_state_arg(FunctionCallInfo fcinfo, int argno, const char *funcname)
{
	ExpState   *st = (ExpState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	pmkt_exp_validate(st, VARSIZE(st), ERRCODE_INVALID_PARAMETER_VALUE, funcname);
	return st;
}

/* ---- text I/O: strict JSON, keys in a fixed order ---- */

static void
append_json_string(StringInfo buf, const char *s)
{
	appendStringInfoChar(buf, '"');
	for (const unsigned char *p = (const unsigned char *) s; *p; p++)
	{
		if (*p == '"' || *p == '\\')
			appendStringInfo(buf, "\\%c", *p);
		else if (*p < 0x20)
			appendStringInfo(buf, "\\u%04x", *p);
		else
			appendStringInfoChar(buf, *p);
	}
	appendStringInfoChar(buf, '"');
}

Datum
pmkt_experiment_state_out(PG_FUNCTION_ARGS)
{
	ExpState   *st = (ExpState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;

	pmkt_exp_validate(st, VARSIZE(st), ERRCODE_INVALID_PARAMETER_VALUE, TYPNAME);
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"format\": \"" TYPNAME "\", \"version\": %d, \"denominator\": %s, "
					 "\"covariate\": %s, \"skipped\": ",
					 EXP_VERSION, (st->flags & EXP_F_DEN) ? "true" : "false",
					 (st->flags & EXP_F_COV) ? "true" : "false");
	pmkt_append_double(&buf, st->skipped);
	appendStringInfoString(&buf, ", \"arms\": [");
	for (int i = 0; i < st->narms; i++)
	{
		appendStringInfoString(&buf, i ? ", {\"variant\": " : "{\"variant\": ");
		append_json_string(&buf, st->arms[i].name);
		appendStringInfoString(&buf, ", \"stats\": [");
		for (int k = 0; k < 2 * XS_COUNT; k++)
		{
			if (k)
				appendStringInfoString(&buf, ", ");
			pmkt_append_double(&buf, st->arms[i].s[k]);
		}
		appendStringInfoString(&buf, "]}");
	}
	appendStringInfoString(&buf, "]}");
	PG_RETURN_CSTRING(buf.data);
}

#define SYNTAX(...) \
	ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION), \
					errmsg("invalid input syntax for type " TYPNAME), errdetail(__VA_ARGS__)))

static void
skip_ws(char **p)
{
	while (isspace((unsigned char) **p))
		(*p)++;
}

static void
expect(char **p, const char *lit)
{
	skip_ws(p);
	if (strncmp(*p, lit, strlen(lit)) != 0)
		SYNTAX("Expected '%s' at \"%.20s\".", lit, *p);
	*p += strlen(lit);
}

static bool
peek(char **p, char c)
{
	skip_ws(p);
	return **p == c;
}

static bool
json_bool(char **p)
{
	skip_ws(p);
	if (strncmp(*p, "true", 4) == 0)
	{
		*p += 4;
		return true;
	}
	if (strncmp(*p, "false", 5) == 0)
	{
		*p += 5;
		return false;
	}
	SYNTAX("Expected true or false at \"%.20s\".", *p);
	return false;
}

static double
parse_num(char **p)
{
	skip_ws(p);
	if (!(**p == '-' || isdigit((unsigned char) **p)))
		SYNTAX("Expected a number at \"%.20s\".", *p);
	return pmkt_parse_double(p, TYPNAME);
}

/* a JSON string into out (at most EXP_NAME_MAX bytes) */
static void
parse_name(char **p, char *out)
{
	int			len = 0;

	expect(p, "\"");
	while (**p != '"')
	{
		unsigned char c = (unsigned char) **p;

		if (c == '\0')
			SYNTAX("Unterminated string.");
		if (c < 0x20)
			SYNTAX("Control characters must be escaped in strings.");
		if (c == '\\')
		{
			(*p)++;
			switch (**p)
			{
				case '"':
				case '\\':
				case '/':
					c = (unsigned char) **p;
					break;
				case 'b': c = '\b'; break;
				case 'f': c = '\f'; break;
				case 'n': c = '\n'; break;
				case 'r': c = '\r'; break;
				case 't': c = '\t'; break;
				case 'u':
					{
						unsigned int v = 0;

						for (int i = 1; i <= 4; i++)
						{
							char		h = (*p)[i];

							if (!isxdigit((unsigned char) h))
								SYNTAX("Invalid \\u escape.");
							v = v * 16 + (isdigit((unsigned char) h) ? h - '0' : (tolower((unsigned char) h) - 'a' + 10));
						}
						if (v == 0 || v >= 0x80)
							SYNTAX("Only \\u escapes of ASCII characters other than NUL are accepted.");
						c = (unsigned char) v;
						*p += 4;
						break;
					}
				default:
					SYNTAX("Invalid escape in a string.");
			}
		}
		if (len >= EXP_NAME_MAX)
			SYNTAX("A variant name is longer than %d bytes.", EXP_NAME_MAX);
		out[len++] = (char) c;
		(*p)++;
	}
	(*p)++;
	out[len] = '\0';
}

Datum
pmkt_experiment_state_in(PG_FUNCTION_ARGS)
{
	char	   *p = PG_GETARG_CSTRING(0);
	int			cap = 4,
				narms = 0;
	ExpArm	   *arms = palloc0(sizeof(ExpArm) * cap);
	int			flags = 0;
	double		version,
				skipped;
	ExpState   *st;

	expect(&p, "{");
	expect(&p, "\"format\"");
	expect(&p, ":");
	expect(&p, "\"" TYPNAME "\"");
	expect(&p, ",");
	expect(&p, "\"version\"");
	expect(&p, ":");
	version = parse_num(&p);
	if (version != EXP_VERSION)
		SYNTAX("Unknown version %g; this build reads version %d.", version, EXP_VERSION);
	expect(&p, ",");
	expect(&p, "\"denominator\"");
	expect(&p, ":");
	if (json_bool(&p))
		flags |= EXP_F_DEN;
	expect(&p, ",");
	expect(&p, "\"covariate\"");
	expect(&p, ":");
	if (json_bool(&p))
		flags |= EXP_F_COV;
	expect(&p, ",");
	expect(&p, "\"skipped\"");
	expect(&p, ":");
	skipped = parse_num(&p);
	expect(&p, ",");
	expect(&p, "\"arms\"");
	expect(&p, ":");
	expect(&p, "[");
	if (!peek(&p, ']'))
	{
		for (;;)
		{
			ExpArm	   *a;

			if (narms >= EXP_MAX_ARMS)
				SYNTAX("More than %d variants.", EXP_MAX_ARMS);
			if (narms == cap)
			{
				cap *= 2;
				arms = repalloc(arms, sizeof(ExpArm) * cap);
				memset(arms + narms, 0, sizeof(ExpArm) * (cap - narms));
			}
			a = &arms[narms++];
			expect(&p, "{");
			expect(&p, "\"variant\"");
			expect(&p, ":");
			parse_name(&p, a->name);
			expect(&p, ",");
			expect(&p, "\"stats\"");
			expect(&p, ":");
			expect(&p, "[");
			for (int k = 0; k < 2 * XS_COUNT; k++)
			{
				if (k)
					expect(&p, ",");
				a->s[k] = parse_num(&p);
			}
			expect(&p, "]");
			expect(&p, "}");
			if (peek(&p, ']'))
				break;
			expect(&p, ",");
		}
	}
	expect(&p, "]");
	expect(&p, "}");
	skip_ws(&p);
	if (*p != '\0')
		SYNTAX("Junk after the state: \"%.20s\".", p);

	st = palloc0(EXP_SIZE(narms));
	SET_VARSIZE(st, EXP_SIZE(narms));
	st->magic = EXP_MAGIC;
	st->version = EXP_VERSION;
	st->flags = flags;
	st->narms = narms;
	st->skipped = skipped;
	if (narms > 0)
		memcpy(st->arms, arms, sizeof(ExpArm) * narms);
	pmkt_exp_validate(st, VARSIZE(st), ERRCODE_INVALID_TEXT_REPRESENTATION, TYPNAME);
	PG_RETURN_POINTER(st);
}

/* ---- binary I/O ---- */

Datum
pmkt_experiment_state_send(PG_FUNCTION_ARGS)
{
	ExpState   *st = (ExpState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;

	pmkt_exp_validate(st, VARSIZE(st), ERRCODE_INVALID_PARAMETER_VALUE, TYPNAME);
	pq_begintypsend(&buf);
	pq_sendint32(&buf, EXP_VERSION);
	pq_sendint32(&buf, st->flags);
	pq_sendfloat8(&buf, st->skipped);
	pq_sendint32(&buf, st->narms);
	for (int i = 0; i < st->narms; i++)
	{
		int			len = strlen(st->arms[i].name);

		pq_sendint32(&buf, len);
		pq_sendbytes(&buf, st->arms[i].name, len);
		for (int k = 0; k < 2 * XS_COUNT; k++)
			pq_sendfloat8(&buf, st->arms[i].s[k]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define BINERR(...) \
	ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION), \
					errmsg("invalid binary representation for type " TYPNAME), errdetail(__VA_ARGS__)))

Datum
pmkt_experiment_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version,
				flags,
				narms;
	double		skipped;
	ExpState   *st;

	/* pq_getmsg* raise 08P01 on a short message: check lengths first */
	if (buf->len - buf->cursor < 20)
		BINERR("The message is too short (%d bytes).", buf->len - buf->cursor);
	version = pq_getmsgint(buf, 4);
	flags = pq_getmsgint(buf, 4);
	skipped = pq_getmsgfloat8(buf);
	narms = pq_getmsgint(buf, 4);
	if (version != EXP_VERSION)
		BINERR("Unknown version %d.", version);
	if (narms < 0 || narms > EXP_MAX_ARMS)
		BINERR("%d variants; at most %d.", narms, EXP_MAX_ARMS);
	st = palloc0(EXP_SIZE(narms));
	SET_VARSIZE(st, EXP_SIZE(narms));
	st->magic = EXP_MAGIC;
	st->version = EXP_VERSION;
	st->flags = flags;
	st->narms = narms;
	st->skipped = skipped;
	for (int i = 0; i < narms; i++)
	{
		int			len;

		if (buf->len - buf->cursor < 4)
			BINERR("The message ends inside variant %d.", i + 1);
		len = pq_getmsgint(buf, 4);
		if (len < 1 || len > EXP_NAME_MAX)
			BINERR("Variant %d has a name of %d bytes (1 to %d).", i + 1, len, EXP_NAME_MAX);
		if (buf->len - buf->cursor < len + 8 * 2 * XS_COUNT)
			BINERR("The message ends inside variant %d.", i + 1);
		pq_copymsgbytes(buf, st->arms[i].name, len);
		if (memchr(st->arms[i].name, '\0', len))
			BINERR("Variant %d has a NUL byte in its name.", i + 1);
		for (int k = 0; k < 2 * XS_COUNT; k++)
			st->arms[i].s[k] = pq_getmsgfloat8(buf);
	}
	if (buf->cursor != buf->len)
		BINERR("%d bytes after the state.", buf->len - buf->cursor);
	pmkt_exp_validate(st, VARSIZE(st), ERRCODE_INVALID_BINARY_REPRESENTATION, TYPNAME);
	PG_RETURN_POINTER(st);
}

/* ---- the aggregate ---- */

static ExpState *
new_state(int flags)
{
	ExpState   *st = palloc0(EXP_SIZE(0));

	SET_VARSIZE(st, EXP_SIZE(0));
	st->magic = EXP_MAGIC;
	st->version = EXP_VERSION;
	st->flags = flags;
	return st;
}

/*
 * strcmp of an arm's NUL-terminated name with name (len bytes, no NUL),
 * inline: variant labels are short, and a library call per row and arm was
 * a tenth of the aggregate's time
 */
static inline int
arm_cmp(const char *arm, const char *name, int len)
{
	for (int i = 0; i < len; i++)
	{
		if (arm[i] != name[i])
			return (arm[i] == '\0') ? -1 : (int) (unsigned char) arm[i] - (int) (unsigned char) name[i];
	}
	return arm[len] != '\0';
}

/* arm == name (len bytes), eight bytes at a time */
static inline bool
arm_eq(const char *arm, const char *name, int len)
{
	int			i = 0;

	for (; i + 8 <= len; i += 8)
	{
		uint64		a,
					b;

		memcpy(&a, arm + i, 8);
		memcpy(&b, name + i, 8);
		if (a != b)
			return false;
	}
	for (; i < len; i++)
		if (arm[i] != name[i])
			return false;
	return arm[len] == '\0';
}

/* index of name (len bytes) in st, or -(insertion point) - 1 */
static inline int
find_arm(const ExpState *st, const char *name, int len)
{
	int			lo = 0,
				hi = st->narms - 1;

	/* a few arms (the usual case): equality tests, no ordering */
	if (st->narms <= 8)
		for (int i = 0; i < st->narms; i++)
			if (arm_eq(st->arms[i].name, name, len))
				return i;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = arm_cmp(st->arms[mid].name, name, len);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -lo - 1;
}

/* a copy of st (current memory context) with an empty arm named name at pos */
static ExpState *
insert_arm(const ExpState *st, int pos, const char *name, int len)
{
	ExpState   *ns;

	if (st->narms >= EXP_MAX_ARMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("argument \"variant\" has too many distinct values"),
				 errdetail("pmkt.experiment keeps at most %d variants per group.", EXP_MAX_ARMS),
				 errhint("Check the variant column, or GROUP BY a coarser dimension.")));
	ns = palloc0(EXP_SIZE(st->narms + 1));
	memcpy(ns, st, offsetof(ExpState, arms));
	SET_VARSIZE(ns, EXP_SIZE(st->narms + 1));
	ns->narms = st->narms + 1;
	memcpy(ns->arms, st->arms, sizeof(ExpArm) * pos);
	memcpy(ns->arms + pos + 1, st->arms + pos, sizeof(ExpArm) * (st->narms - pos));
	memcpy(ns->arms[pos].name, name, len);
	return ns;
}

static void pg_attribute_noreturn()
not_finite(const char *argname, double v)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("argument \"%s\" must be a finite number", argname),
			 errdetail("Got %g.", v),
			 errhint("Filter out or impute rows with NaN or infinite values.")));
	pg_unreachable();
}

static void pg_attribute_noreturn()
sum_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg(AGGNAME ": value out of range: overflow"),
			 errdetail("A running sum exceeds double precision."),
			 errhint("Rescale the input (e.g. to thousands) before aggregating.")));
	pg_unreachable();
}

/*
 * pmkt_experiment_sfunc(state, variant text, value float8
 *                       [, covariate float8] | [, denominator, covariate])
 *    Rows with a NULL variant or value (or denominator) are counted in
 *    "skipped" and otherwise ignored; a NULL covariate keeps the row out of
 *    CUPED only (counted: n - n_covariate).
 */
EXP_NO_CONTRACT Datum
pmkt_experiment_sfunc(PG_FUNCTION_ARGS)
{
	int			nargs = PG_NARGS();
	int			flags = nargs == 5 ? (EXP_F_DEN | EXP_F_COV) : nargs == 4 ? EXP_F_COV : 0;
	bool		inagg = AggCheckCallContext(fcinfo, NULL);
	ExpState   *st;
	text	   *vt;
	const char *name;
	int			len,
				idx;
	double		y,
				d = 0,
				x = 0,
				yy,
				eyy;
	bool		hasx;
	ExpArm	   *a;

	if (PG_ARGISNULL(0))
		st = new_state(flags);
	else
	{
		st = (ExpState *) (inagg ? PG_DETOAST_DATUM(PG_GETARG_DATUM(0))
						   : PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0)));
		/* a state from elsewhere (a direct call): check all of it */
		if (!inagg)
			pmkt_exp_validate(st, VARSIZE(st), ERRCODE_INVALID_PARAMETER_VALUE, AGGNAME);
		else if (VARSIZE(st) != EXP_SIZE(st->narms) || st->magic != EXP_MAGIC ||
				 st->narms < 0 || st->narms > EXP_MAX_ARMS)
			pmkt_exp_validate(st, VARSIZE(st), ERRCODE_INVALID_PARAMETER_VALUE, AGGNAME);
		if (st->flags != flags)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg(AGGNAME ": the state was made with other arguments"),
					 errdetail("The state's flags are %d, this call's %d.", st->flags, flags)));
	}

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (nargs == 5 && PG_ARGISNULL(3)))
	{
		st->skipped += 1;
		PG_RETURN_POINTER(st);
	}
	vt = PG_GETARG_TEXT_PP(1);
	name = VARDATA_ANY(vt);
	len = VARSIZE_ANY_EXHDR(vt);
	if (len == 0 || len > EXP_NAME_MAX)
		ereport(ERROR,
				(errcode(len ? ERRCODE_STRING_DATA_RIGHT_TRUNCATION : ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"variant\" must be a name of 1 to %d bytes", EXP_NAME_MAX),
				 errdetail("Got %d bytes.", len),
				 errhint("Use short variant labels such as 'control' and 'treatment'.")));
	y = PG_GETARG_FLOAT8(2);
	if (!isfinite(y))
		not_finite(nargs == 5 ? "numerator" : "value", y);
	if (nargs == 5)
	{
		d = PG_GETARG_FLOAT8(3);
		if (!isfinite(d))
			not_finite("denominator", d);
	}
	hasx = (flags & EXP_F_COV) && !PG_ARGISNULL(nargs - 1);
	if (hasx)
	{
		x = PG_GETARG_FLOAT8(nargs - 1);
		if (!isfinite(x))
			not_finite("covariate", x);
	}

	idx = find_arm(st, name, len);
	if (idx < 0)
	{
		idx = -idx - 1;
		/* the new state lives in the current context: the executor copies it */
		st = insert_arm(st, idx, name, len);
	}
	a = &st->arms[idx];
	/* y * y = yy + eyy exactly, once for SYY and SYYC */
	yy = y * y;
	eyy = fma(y, y, -yy);
	a->s[2 * XS_N] += 1;
	acc(&a->s[2 * XS_SY], y);
	acc_split(&a->s[2 * XS_SYY], yy, eyy);
	if (nargs == 5)
	{
		acc(&a->s[2 * XS_SD], d);
		acc_prod(&a->s[2 * XS_SDD], d, d);
		acc_prod(&a->s[2 * XS_SYD], y, d);
	}
	if (hasx)
	{
		a->s[2 * XS_NC] += 1;
		acc(&a->s[2 * XS_SX], x);
		acc_prod(&a->s[2 * XS_SXX], x, x);
		acc_prod(&a->s[2 * XS_SXY], x, y);
		acc(&a->s[2 * XS_SYC], y);
		acc_split(&a->s[2 * XS_SYYC], yy, eyy);
	}
	if (unlikely(!isfinite(a->s[2 * XS_SYY] + a->s[2 * XS_SDD] + a->s[2 * XS_SXX] +
						   a->s[2 * XS_SYY + 1] + a->s[2 * XS_SDD + 1] + a->s[2 * XS_SXX + 1])))
	{
		for (int k = 0; k < 2 * XS_COUNT; k++)
			if (!isfinite(a->s[k]))
				sum_overflow();
	}
	if (unlikely(!isfinite(a->s[2 * XS_SXY] + a->s[2 * XS_SYD] + a->s[2 * XS_SXY + 1] + a->s[2 * XS_SYD + 1])))
		sum_overflow();
	PG_RETURN_POINTER(st);
}

/*
 * pmkt_experiment_combine(a, b): the arms of both, matched by name.  Not
 * strict: a NULL side returns the other (copied into the aggregate context
 * by the executor).
 */
EXP_NO_CONTRACT Datum
pmkt_experiment_combine(PG_FUNCTION_ARGS)
{
	const char *fn = AGGNAME "_combine";
	ExpState   *a,
			   *b,
			   *r;
	int			i = 0,
				j = 0,
				n = 0;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(0))
	{
		b = pmkt_exp_state_arg(fcinfo, 1, fn);
		PG_RETURN_POINTER(PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(1)));
	}
	if (PG_ARGISNULL(1))
	{
		a = pmkt_exp_state_arg(fcinfo, 0, fn);
		PG_RETURN_POINTER(PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0)));
	}
	a = pmkt_exp_state_arg(fcinfo, 0, fn);
	b = pmkt_exp_state_arg(fcinfo, 1, fn);
	if (a->flags != b->flags)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the two states were made with different arguments", fn),
				 errdetail("Flags %d and %d.", a->flags, b->flags),
				 errhint("Combine states of the same pmkt.experiment overload.")));
	r = palloc0(EXP_SIZE(a->narms + b->narms));
	r->magic = EXP_MAGIC;
	r->version = EXP_VERSION;
	r->flags = a->flags;
	r->skipped = a->skipped + b->skipped;
	if (!(r->skipped <= 9007199254740992.0))
		sum_overflow();
	while (i < a->narms || j < b->narms)
	{
		int			c = (i >= a->narms) ? 1 : (j >= b->narms) ? -1 :
			strcmp(a->arms[i].name, b->arms[j].name);

		if (c < 0)
			r->arms[n++] = a->arms[i++];
		else if (c > 0)
			r->arms[n++] = b->arms[j++];
		else
		{
			ExpArm	   *o = &r->arms[n++];

			*o = a->arms[i];
			for (int k = 0; k < XS_COUNT; k++)
			{
				acc(&o->s[2 * k], b->arms[j].s[2 * k]);
				o->s[2 * k + 1] += b->arms[j].s[2 * k + 1];
				if (!isfinite(o->s[2 * k]) || !isfinite(o->s[2 * k + 1]))
					sum_overflow();
			}
			i++;
			j++;
		}
	}
	if (n > EXP_MAX_ARMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: too many distinct variants", fn),
				 errdetail("The two states have %d variants together; at most %d.", n, EXP_MAX_ARMS)));
	r->narms = n;
	SET_VARSIZE(r, EXP_SIZE(n));
	PG_RETURN_POINTER(r);
}
