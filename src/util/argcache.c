/*
 * util/argcache.c
 *    fn_extra cache keyed on an argument's bytes (see argcache.h).
 */
#include "pmkt.h"

#include "utils/memutils.h"

#include "util/argcache.h"

typedef struct PmktArgCache
{
	MemoryContext cxt;			/* bytes and payload; reset on every miss */
	Size		len;
	char	   *bytes;			/* NULL while empty */
	void	   *payload;
} PmktArgCache;

void *
pmkt_arg_cache_lookup(FunctionCallInfo fcinfo, const void *bytes, Size len,
					  MemoryContext *build_cxt)
{
	PmktArgCache *c = (PmktArgCache *) fcinfo->flinfo->fn_extra;

	if (c != NULL && c->bytes != NULL && c->len == len &&
		memcmp(c->bytes, bytes, len) == 0)
		return c->payload;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(PmktArgCache));
		c->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "pmkt argument cache",
									   ALLOCSET_SMALL_SIZES);
		fcinfo->flinfo->fn_extra = c;
	}
	else
		MemoryContextReset(c->cxt);
	c->bytes = NULL;
	c->payload = NULL;
	c->len = 0;
	*build_cxt = c->cxt;
	return NULL;
}

void
pmkt_arg_cache_store(FunctionCallInfo fcinfo, const void *bytes, Size len,
					 void *payload)
{
	PmktArgCache *c = (PmktArgCache *) fcinfo->flinfo->fn_extra;

	Assert(c != NULL);
	c->bytes = MemoryContextAlloc(c->cxt, len);
	memcpy(c->bytes, bytes, len);
	c->len = len;
	c->payload = payload;
}
