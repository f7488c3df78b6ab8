/*
 * util/userquery.c
 *    Errors inside SQL wrapped around a user's query name the user's
 *    argument and show the user's query (see userquery.h).
 */
#include "pmkt.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "util/userquery.h"

/*
 * pmkt_uq_rethrow: called in PG_CATCH with the caller's memory context.
 * Rewrites the current error as userquery.h says and re-throws it.
 */
void
pmkt_uq_rethrow(MemoryContext cxt, const PmktUserQuery *uq, const char *sql)
{
	ErrorData  *e;
	StringInfoData ctx;
	char	   *wrapper_line;
	const char *at;
	bool		placed = false;
	bool		on_user_text = false;

	MemoryContextSwitchTo(cxt);
	e = CopyErrorData();
	FlushErrorState();

	/* a position in the wrapper: onto the user's text when it falls there */
	at = strstr(sql, uq->query);
	if (e->internalquery != NULL && strcmp(e->internalquery, sql) == 0)
	{
		int			start = at ? pg_mbstrlen_with_len(sql, (int) (at - sql)) : -1;
		int			len = at ? pg_mbstrlen(uq->query) : 0;

		if (at && e->internalpos > start && e->internalpos <= start + len)
		{
			e->internalpos -= start;
			e->internalquery = pstrdup(uq->query);
			on_user_text = true;
		}
		else
		{
			e->internalpos = 0;
			e->internalquery = NULL;
		}
	}

	/* the context: the wrapper's line replaced by the user's argument */
	wrapper_line = psprintf("SQL statement \"%s\"", sql);
	initStringInfo(&ctx);
	if (e->context != NULL)
	{
		/* line by line; the wrapper's line may span lines (newlines in it) */
		const char *line = e->context;
		size_t		wlen = strlen(wrapper_line);

		while (line != NULL)
		{
			const char *next;

			if (ctx.len > 0)
				appendStringInfoChar(&ctx, '\n');
			if (!placed && strncmp(line, wrapper_line, wlen) == 0 &&
				(line[wlen] == '\n' || line[wlen] == '\0'))
			{
				appendStringInfo(&ctx, "argument \"%s\" of %s: \"%s\"",
								 uq->argname, uq->funcname, uq->query);
				placed = true;
				next = line[wlen] == '\n' ? line + wlen + 1 : NULL;
			}
			else
			{
				next = strchr(line, '\n');
				appendBinaryStringInfo(&ctx, line, next ? (int) (next - line) : (int) strlen(line));
				if (next)
					next++;
			}
			line = next;
		}
	}
	if (!placed)
	{
		/* SPI gave the position instead of the line: put ours first */
		char	   *rest = ctx.data;

		initStringInfo(&ctx);
		if (on_user_text)
			appendStringInfo(&ctx, "argument \"%s\" of %s", uq->argname, uq->funcname);
		else
			appendStringInfo(&ctx, "argument \"%s\" of %s: \"%s\"",
							 uq->argname, uq->funcname, uq->query);
		if (rest[0] != '\0')
			appendStringInfo(&ctx, "\n%s", rest);
	}
	e->context = ctx.data;
	ReThrowError(e);
}

int
pmkt_uq_execute(const PmktUserQuery *uq, const char *sql, bool read_only, long count)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			rc = 0;

	PG_TRY();
	{
		rc = SPI_execute(sql, read_only, count);
	}
	PG_CATCH();
	{
		pmkt_uq_rethrow(cxt, uq, sql);
	}
	PG_END_TRY();
	return rc;
}

int
pmkt_uq_execute_extended(const PmktUserQuery *uq, const char *sql,
						 const SPIExecuteOptions *opt)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			rc = 0;

	PG_TRY();
	{
		rc = SPI_execute_extended(sql, opt);
	}
	PG_CATCH();
	{
		pmkt_uq_rethrow(cxt, uq, sql);
	}
	PG_END_TRY();
	return rc;
}

int
pmkt_uq_execute_plan(const PmktUserQuery *uq, SPIPlanPtr plan, const char *sql,
					 Datum *vals, const char *nulls, bool read_only, long count)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			rc = 0;

	PG_TRY();
	{
		rc = SPI_execute_plan(plan, vals, nulls, read_only, count);
	}
	PG_CATCH();
	{
		pmkt_uq_rethrow(cxt, uq, sql);
	}
	PG_END_TRY();
	return rc;
}

SPIPlanPtr
pmkt_uq_prepare_cursor(const PmktUserQuery *uq, const char *sql, int nargs,
					   Oid *argtypes, int cursor_options)
{
	MemoryContext cxt = CurrentMemoryContext;
	SPIPlanPtr	plan = NULL;

	PG_TRY();
	{
		plan = SPI_prepare_cursor(sql, nargs, argtypes, cursor_options);
	}
	PG_CATCH();
	{
		pmkt_uq_rethrow(cxt, uq, sql);
	}
	PG_END_TRY();
	return plan;
}

TupleDesc
pmkt_uq_describe(const PmktUserQuery *uq, char **columns)
{
	MemoryContext cxt = CurrentMemoryContext;
	char	   *sql = psprintf("SELECT * FROM (%s\n) pmkt_src LIMIT 0", uq->query);
	TupleDesc	desc;
	StringInfoData got;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (pmkt_uq_execute(uq, sql, true, 0) != SPI_OK_SELECT || SPI_tuptable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: argument \"%s\" must be a query that returns rows",
						uq->funcname, uq->argname),
				 errdetail("Received: %s", uq->query),
				 errhint("Pass a SELECT (or VALUES, TABLE) statement.")));
	MemoryContextSwitchTo(cxt);
	desc = CreateTupleDescCopy(SPI_tuptable->tupdesc);
	SPI_finish();
	initStringInfo(&got);
	for (int i = 0; i < desc->natts; i++)
		appendStringInfo(&got, "%s%s %s", i ? ", " : "", NameStr(TupleDescAttr(desc, i)->attname),
						 format_type_be(TupleDescAttr(desc, i)->atttypid));
	if (columns != NULL)
		*columns = got.len > 0 ? got.data : pstrdup("none");
	return desc;
}

bool
pmkt_type_in(Oid t, const Oid *ok, int n)
{
	for (int i = 0; i < n; i++)
		if (t == ok[i])
			return true;
	return false;
}

const char *const pmkt_order_roles[3] = {"the customer id (an integer type)",
	"the order time (timestamptz, timestamp or date)",
"the amount (an integer, real or numeric type)"};

bool
pmkt_order_column_ok(Oid t, int role)
{
	static const Oid id_types[] = {INT2OID, INT4OID, INT8OID, NUMERICOID};
	static const Oid time_types[] = {TIMESTAMPTZOID, TIMESTAMPOID, DATEOID};
	static const Oid amount_types[] = {INT2OID, INT4OID, INT8OID, FLOAT4OID, FLOAT8OID, NUMERICOID};

	switch (role)
	{
		case 0:
			return pmkt_type_in(t, id_types, lengthof(id_types));
		case 1:
			return pmkt_type_in(t, time_types, lengthof(time_types));
		case 2:
			return pmkt_type_in(t, amount_types, lengthof(amount_types));
	}
	return true;
}
