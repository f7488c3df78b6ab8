/*
 * util/budget.c
 *    The in-memory / beyond-budget decision of the trainers (budget.h).
 */
#include "pmkt.h"

#include <ctype.h>

#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "utils/plancache.h"
#include "utils/lsyscache.h"
#include "utils/float.h"
#include "utils/snapmgr.h"

#include "util/array.h"
#include "util/budget.h"

char *
pmkt_strip_query(const char *q)
{
	char	   *s = pstrdup(q);
	int			len = strlen(s);

	while (len > 0 && (isspace((unsigned char) s[len - 1]) || s[len - 1] == ';'))
		s[--len] = '\0';
	return s;
}

/*
 * estimates this many times below the budget skip the count pass: 2 since
 * round 9 (10 before), so that 4 M x 8 (256 MB of a 1 GB budget) is loaded
 * without a scan of the whole query first (0.4 s of 2.1 s wall at 4 M x 8,
 * bench/segment/kmeans.md, round 9); a short estimate costs at most a load
 * up to the budget, about what the count pass costs
 */
#define PMKT_COUNT_MARGIN 2.0

/*
 * the planner's row estimate of the plan's one SELECT, or +inf; plan is
 * unsaved (pmkt_uq_prepare_cursor), so its cached plan is held without a
 * resource owner and released the same way
 */
static double
plan_rows(SPIPlanPtr plan)
{
	CachedPlan *cp = SPI_plan_get_cached_plan(plan);
	double		rows = get_float8_infinity();

	if (cp == NULL)
		return rows;
	if (list_length(cp->stmt_list) == 1)
	{
		PlannedStmt *ps = linitial_node(PlannedStmt, cp->stmt_list);

		if (ps->commandType == CMD_SELECT && ps->planTree != NULL && ps->planTree->plan_rows > 0)
			rows = ps->planTree->plan_rows;
	}
	ReleaseCachedPlan(cp, NULL);
	return rows;
}

bool
pmkt_rows_exceed_budget(const PmktUserQuery *uq, Size budget, int extra, int *d_out)
{
	char	   *q = pmkt_strip_query(uq->query);
	bool		over = false;
	bool		isnull;
	int64		n;
	int			d;
	Datum		v;
	Oid			t1;
	SPIPlanPtr	plan;
	ListCell   *lc;

	*d_out = 0;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/*
	 * one plain SELECT, else the loader reports what the query is (several
	 * statements, EXECUTE, a data-modifying WITH, FOR UPDATE/SHARE)
	 */
	plan = pmkt_uq_prepare_cursor(uq, q, 0, NULL, 0);
	if (plan == NULL || !SPI_is_cursor_plan(plan))
		goto done;
	foreach(lc, SPI_plan_get_plan_sources(plan))
	{
		CachedPlanSource *ps = (CachedPlanSource *) lfirst(lc);
		ListCell   *lq;

		if (ps->commandTag != CMDTAG_SELECT)
			goto done;
		foreach(lq, ps->query_list)
		{
			Query	   *qry = lfirst_node(Query, lq);

			if (qry->hasModifyingCTE || qry->rowMarks != NIL)
				goto done;
		}
	}
	/* the first column must be an array, else the loader says what is wrong */
	if (pmkt_uq_execute(uq, psprintf("SELECT * FROM (%s\n) AS q LIMIT 0", q), true, 0) != SPI_OK_SELECT ||
		SPI_tuptable == NULL || SPI_tuptable->tupdesc->natts < 1)
		goto done;
	t1 = SPI_gettypeid(SPI_tuptable->tupdesc, 1);
	if (!pmkt_number_elem_type(get_element_type(t1)))
		goto done;
	if (pmkt_uq_execute(uq, psprintf("SELECT pg_catalog.cardinality(q.x) FROM (%s\n) AS q(x) "
									 "WHERE q.x IS NOT NULL LIMIT 1", q), true, 0) != SPI_OK_SELECT ||
		SPI_processed != 1)
		goto done;
	v = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	d = isnull ? 0 : DatumGetInt32(v);
	*d_out = d;
	/*
	 * The planner's estimate at most half the budget: no count pass (a scan
	 * of the whole query, about 7 % of kmeans_train at 1 M x 3, 19 % at 4 M
	 * x 8).  A short estimate is still safe: the loader stops at the budget
	 * and the trainer goes on with its passes (only the rows up to the
	 * budget were read).
	 */
	if (plan_rows(plan) * sizeof(double) * (d + extra) * PMKT_COUNT_MARGIN < (double) budget)
		goto done;
	if (pmkt_uq_execute(uq, psprintf("SELECT pg_catalog.count(*) FROM (%s\n) AS q", q), true, 0) != SPI_OK_SELECT ||
		SPI_processed != 1)
		goto done;
	v = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	n = isnull ? 0 : DatumGetInt64(v);
	if (n == 0)
		goto done;
	over = (double) n * sizeof(double) * (d + extra) > (double) budget;
done:
	SPI_finish();
	return over;
}
