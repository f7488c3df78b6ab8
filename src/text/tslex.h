/*
 * tslex.h
 *    The lexemes of many texts through the server's text search parser and
 *    dictionaries, with a cache of the dictionaries' answers per token
 *    (issue 18: the classifier's speed).  See tslex.c.
 */
#ifndef PMKT_TSLEX_H
#define PMKT_TSLEX_H

#include "postgres.h"
#include "tsearch/ts_utils.h"

typedef struct TsLex TsLex;

/* a reader for configuration cfg, its memory a child of parent */
extern TsLex *tslex_create(MemoryContext parent, Oid cfg);

/* frees the reader */
extern void tslex_destroy(TsLex *L);

#define TSLEX_UNSET PG_INT32_MIN

/*
 * The words parsetext(cfg, ...) gives for s[0..len) (word, len, pos.pos as
 * parsetext sets them), in parsetext's order; valid until the next call.
 * *slots: NULL, or per word a pointer to an int32 kept with the cached token
 * (TSLEX_UNSET until the caller stores something there) for the caller's
 * own id of that word.
 */
extern ParsedWord *tslex_parse(TsLex *L, char *s, int len, int *nwords, int32 ***slots);

/* counters: cache hits, misses, texts that went through parsetext */
extern void tslex_stats(const TsLex *L, int64 *hits, int64 *misses, int64 *whole);

#endif
