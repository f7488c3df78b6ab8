/*
 * util/argcache.h
 *    A per-call-site cache, in fn_extra, of something decoded from an
 *    argument's bytes (a stored model or result composite).
 *
 * Row functions are called once per row with, usually, the same model:
 * decoding and validating it once per distinct value keeps them near the
 * cost of the scan.  The key is the argument's bytes, so a different value
 * is always decoded again and a cached decode can never go stale.
 */
#ifndef PMKT_UTIL_ARGCACHE_H
#define PMKT_UTIL_ARGCACHE_H

#include "postgres.h"

#include "fmgr.h"

/*
 * The payload stored for exactly these bytes, or NULL.  On NULL the cache
 * is emptied and *build_cxt is set to the context to decode into (it lives
 * as long as fn_extra); then call pmkt_arg_cache_store.  A decode that
 * raises an error leaves the cache empty, so the next call decodes again.
 */
extern void *pmkt_arg_cache_lookup(FunctionCallInfo fcinfo, const void *bytes,
								   Size len, MemoryContext *build_cxt);

/* Record payload (allocated in the build context) as the decode of bytes. */
extern void pmkt_arg_cache_store(FunctionCallInfo fcinfo, const void *bytes,
								 Size len, void *payload);

/*
 * The same for a key of two arguments' bytes together (b1 of l1 > 0 bytes,
 * then b2), compared part by part: no copy of the two into one key per row.
 */
extern void *pmkt_arg_cache_lookup2(FunctionCallInfo fcinfo, const void *b1, Size l1,
									const void *b2, Size l2, MemoryContext *build_cxt);
extern void pmkt_arg_cache_store2(FunctionCallInfo fcinfo, const void *b1, Size l1,
								  const void *b2, Size l2, void *payload);

#endif							/* PMKT_UTIL_ARGCACHE_H */
