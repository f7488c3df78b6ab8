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
	Size		len1;			/* a two-part key's first length (> 0), else 0 */
	char	   *bytes;			/* NULL while empty */
	void	   *payload;
} PmktArgCache;

/* empty the cache (created on first use) and hand out its build context */
static void *
arg_cache_miss(FunctionCallInfo fcinfo, PmktArgCache *c, MemoryContext *build_cxt)
{
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
	c->len1 = 0;
	*build_cxt = c->cxt;
	return NULL;
}

void *
pmkt_arg_cache_lookup(FunctionCallInfo fcinfo, const void *bytes, Size len,
					  MemoryContext *build_cxt)
{
	PmktArgCache *c = (PmktArgCache *) fcinfo->flinfo->fn_extra;

	if (c != NULL && c->bytes != NULL && c->len == len && c->len1 == 0 &&
		memcmp(c->bytes, bytes, len) == 0)
		return c->payload;
	return arg_cache_miss(fcinfo, c, build_cxt);
}

void *
pmkt_arg_cache_lookup2(FunctionCallInfo fcinfo, const void *b1, Size l1,
					   const void *b2, Size l2, MemoryContext *build_cxt)
{
	PmktArgCache *c = (PmktArgCache *) fcinfo->flinfo->fn_extra;

	if (c != NULL && c->bytes != NULL && c->len1 == l1 && c->len == l1 + l2 &&
		memcmp(c->bytes, b1, l1) == 0 && memcmp(c->bytes + l1, b2, l2) == 0)
		return c->payload;
	return arg_cache_miss(fcinfo, c, build_cxt);
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

void
pmkt_arg_cache_store2(FunctionCallInfo fcinfo, const void *b1, Size l1,
					  const void *b2, Size l2, void *payload)
{
	PmktArgCache *c = (PmktArgCache *) fcinfo->flinfo->fn_extra;

	Assert(c != NULL && l1 > 0);
	c->bytes = MemoryContextAlloc(c->cxt, l1 + l2);
	memcpy(c->bytes, b1, l1);
	memcpy(c->bytes + l1, b2, l2);
	c->len = l1 + l2;
	c->len1 = l1;
	c->payload = payload;
}
