/*
 * util/searchpath.c
 *    Running pmkt's own SQL under a pinned search_path (see searchpath.h).
 */
#include "postgres.h"

#include "utils/guc.h"

#include "searchpath.h"

int
pmkt_pin_search_path(void)
{
	int			nestlevel = NewGUCNestLevel();

	/*
	 * GUC_ACTION_SAVE, as a function's SET clause: allowed in parallel mode
	 * (a PARALLEL RESTRICTED function runs in the leader of a parallel
	 * query) and undone by AtEOXact_GUC at this nest level.
	 */
	(void) set_config_option("search_path", PMKT_SAFE_SEARCH_PATH,
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nestlevel;
}

void
pmkt_unpin_search_path(int nestlevel)
{
	AtEOXact_GUC(true, nestlevel);
}
