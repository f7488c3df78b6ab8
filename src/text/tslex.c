/*
 * tslex.c
 *    The lexemes of many texts through the server's text search parser and
 *    dictionaries, with a cache of the dictionaries' answers per token.
 *
 * parsetext() (the function behind to_tsvector) runs the configuration's
 * parser over a text and hands every token to the configuration's
 * dictionaries (LexizeExec).  On short texts most of its time goes to the
 * dictionaries (a Snowball stemmer, a stop-word search, a palloc per
 * lexeme) for tokens seen many times before.  This reader still runs the
 * server's parser over every text, but asks the dictionaries about each
 * distinct token once per reader (e.g. once per scoring query or training
 * call) and reuses the answer.
 *
 * Exactness.  When every dictionary of the configuration answers about one
 * token alone (the built-in templates simple, snowball, ispell and synonym;
 * not thesaurus, which looks at the following tokens, nor dictionaries of
 * extensions, which may), LexizeExec handles the tokens one by one: a token
 * of a type with no dictionaries (skipped here at once), or that no
 * dictionary recognises, adds nothing; otherwise the position advances by
 * one and the lexemes of the first dictionary that recognised it are added
 * (a stop word: none).  So the words of a text are the concatenation of the
 * words of its tokens, each shifted by the positions before it.  The answer
 * for a token T of type t is
 * taken from parsetext() itself, run on T alone, and used only if the
 * parser, run on T alone, gives back the token (t, T) first: if it gives
 * further tokens (a hyphenated word "well-made" is followed by its parts),
 * the entry records them and is used only where the text's own next tokens
 * are the same.  Any other case (a token T alone parses differently, a word
 * longer than MAXSTRLEN, whose NOTICE parsetext gives, a configuration with
 * other dictionaries) sends the whole text through parsetext() unchanged.
 * The regression test text/textclf compares the result with to_tsvector on a
 * corpus of awkward texts.
 *
 * Memory: entries live in the reader's context, at most TSLEX_MAX_BYTES;
 * beyond it the cache is emptied before the next text.  The words array is
 * reused from text to text (no allocation per token on a hit).  Each cached
 * word carries an int32 the caller may set (e.g. the word's id in its own
 * term table) and find again when the token comes back.
 */
#include "pmkt.h"

#include "catalog/pg_namespace.h"
#include "common/hashfn.h"
#include "miscadmin.h"
#include "tsearch/ts_cache.h"
#include "tsearch/ts_type.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "tslex.h"

#define TSLEX_MAX_TAIL	64
#define TSLEX_MAX_BYTES ((Size) 32 * 1024 * 1024)

typedef struct LxTok
{
	int			type;
	int			len;
	char	   *text;
} LxTok;

typedef struct LxEntry
{
	uint32		hash;
	int			type;
	int			len;
	bool		ok;				/* false: texts with this token go to parsetext */
	char	   *text;
	int			ntail;			/* further tokens of T alone */
	LxTok	   *tail;
	int			nwords;			/* parsetext(T): words, pos relative to 0 */
	ParsedWord *words;
	int32	   *uid;			/* per word: the caller's id, TSLEX_UNSET */
	int			posadv;			/* parsetext(T)'s final position */
} LxEntry;

struct TsLex
{
	Oid			cfg;
	bool		cacheable;		/* every dictionary answers about one token */
	MemoryContext cxt;			/* the reader, the words array */
	MemoryContext ecxt;			/* entries (emptied when full) */
	MemoryContext tmp;			/* a miss's work */
	LxEntry   **slots;
	uint32		nslots;			/* power of two */
	int			n;
	Size		bytes;
	ParsedWord *words;
	int32	  **wslot;			/* per word of the text: its entry's uid */
	int			lenwords;
	int64		hits,
				misses,
				whole;
};

/* the built-in single-token dictionary templates (their lexize functions) */
static bool
tslex_single_token_dicts(Oid cfgId)
{
	static const char *const ok[] = {"dsimple_lexize", "dsnowball_lexize", "dispell_lexize",
	"dsynonym_lexize"};
	TSConfigCacheEntry *cfg = lookup_ts_config_cache(cfgId);

	for (int t = 0; t < cfg->lenmap; t++)
		for (int i = 0; i < cfg->map[t].len; i++)
		{
			TSDictionaryCacheEntry *d = lookup_ts_dictionary_cache(cfg->map[t].dictIds[i]);
			Oid			f = d->lexize.fn_oid;
			char	   *name;
			bool		found = false;

			if (get_func_namespace(f) != PG_CATALOG_NAMESPACE)
				return false;
			name = get_func_name(f);
			for (int k = 0; name != NULL && k < (int) lengthof(ok); k++)
				found |= strcmp(name, ok[k]) == 0;
			if (!found)
				return false;
		}
	return true;
}

static void
tslex_empty(TsLex *L)
{
	MemoryContextReset(L->ecxt);
	L->nslots = 1024;
	L->slots = MemoryContextAllocZero(L->ecxt, sizeof(LxEntry *) * L->nslots);
	L->n = 0;
	L->bytes = sizeof(LxEntry *) * L->nslots;
}

TsLex *
tslex_create(MemoryContext parent, Oid cfg)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "pmkt tslex", ALLOCSET_DEFAULT_SIZES);
	TsLex	   *L = MemoryContextAllocZero(cxt, sizeof(TsLex));

	L->cfg = cfg;
	L->cxt = cxt;
	L->ecxt = AllocSetContextCreate(cxt, "pmkt tslex entries", ALLOCSET_DEFAULT_SIZES);
	L->tmp = AllocSetContextCreate(cxt, "pmkt tslex miss", ALLOCSET_DEFAULT_SIZES);
	L->cacheable = tslex_single_token_dicts(cfg);
	L->lenwords = 64;
	L->words = MemoryContextAlloc(cxt, sizeof(ParsedWord) * L->lenwords);
	L->wslot = MemoryContextAlloc(cxt, sizeof(int32 *) * L->lenwords);
	tslex_empty(L);
	return L;
}

void
tslex_destroy(TsLex *L)
{
	MemoryContextDelete(L->cxt);
}

void
tslex_stats(const TsLex *L, int64 *hits, int64 *misses, int64 *whole)
{
	*hits = L->hits;
	*misses = L->misses;
	*whole = L->whole;
}

static inline uint32
tslex_hash(int type, const char *s, int len)
{
	return hash_bytes((const unsigned char *) s, len) ^ ((uint32) type * 0x9E3779B1u);
}

static void
tslex_grow(TsLex *L)
{
	uint32		ns = L->nslots * 2;
	LxEntry   **sl = MemoryContextAllocZero(L->ecxt, sizeof(LxEntry *) * ns);

	for (uint32 i = 0; i < L->nslots; i++)
	{
		LxEntry    *e = L->slots[i];
		uint32		j;

		if (e == NULL)
			continue;
		for (j = e->hash & (ns - 1); sl[j] != NULL; j = (j + 1) & (ns - 1))
			;
		sl[j] = e;
	}
	pfree(L->slots);
	L->bytes += sizeof(LxEntry *) * (ns - L->nslots);
	L->slots = sl;
	L->nslots = ns;
}

/* A token not seen before: parse T alone, then parsetext(T). */
static LxEntry *
tslex_miss(TsLex *L, uint32 slot, uint32 h, int type, const char *lemm, int len)
{
	MemoryContext old = MemoryContextSwitchTo(L->tmp);
	TSConfigCacheEntry *cfg = lookup_ts_config_cache(L->cfg);
	TSParserCacheEntry *prs = lookup_ts_parser_cache(cfg->prsId);
	char	   *copy = palloc(len + 1);
	void	   *pd;
	LxTok		toks[TSLEX_MAX_TAIL + 1];
	int			ntok = 0;
	bool		ok = true;
	ParsedText pt;
	Size		sz;
	char	   *p;
	LxEntry    *e;

	L->misses++;
	memcpy(copy, lemm, len);
	copy[len] = '\0';
	pd = DatumGetPointer(FunctionCall2(&prs->prsstart, PointerGetDatum(copy), Int32GetDatum(len)));
	for (;;)
	{
		char	   *tl = NULL;
		int			tlen = 0;
		int			tt = DatumGetInt32(FunctionCall3(&prs->prstoken, PointerGetDatum(pd),
													 PointerGetDatum(&tl), PointerGetDatum(&tlen)));

		if (tt <= 0)
			break;
		if (ntok > TSLEX_MAX_TAIL || tlen >= MAXSTRLEN)
		{
			ok = false;
			break;
		}
		toks[ntok].type = tt;
		toks[ntok].len = tlen;
		toks[ntok].text = tl;
		ntok++;
	}
	if (ok)
		ok = ntok >= 1 && toks[0].type == type && toks[0].len == len &&
			memcmp(toks[0].text, lemm, len) == 0;
	/* the token texts, still in the parser's buffer (copy) */
	sz = MAXALIGN(sizeof(LxEntry)) + len + 1;
	if (ok)
	{
		pt.lenwords = 8;
		pt.curwords = 0;
		pt.pos = 0;
		pt.words = palloc(sizeof(ParsedWord) * pt.lenwords);
		parsetext(L->cfg, &pt, copy, len);
		sz += MAXALIGN(sizeof(LxTok) * (ntok - 1) + 1) + MAXALIGN(sizeof(ParsedWord) * pt.curwords + 1) +
			MAXALIGN(sizeof(int32) * pt.curwords + 1);
		for (int i = 1; i < ntok; i++)
			sz += toks[i].len + 1;
		for (int i = 0; i < pt.curwords; i++)
			sz += pt.words[i].len + 1;
	}
	e = MemoryContextAllocZero(L->ecxt, sz);
	p = (char *) e + MAXALIGN(sizeof(LxEntry));
	e->hash = h;
	e->type = type;
	e->len = len;
	e->ok = ok;
	if (ok)
	{
		e->tail = (LxTok *) p;
		p += MAXALIGN(sizeof(LxTok) * (ntok - 1) + 1);
		e->words = (ParsedWord *) p;
		p += MAXALIGN(sizeof(ParsedWord) * pt.curwords + 1);
		e->uid = (int32 *) p;
		p += MAXALIGN(sizeof(int32) * pt.curwords + 1);
		e->ntail = ntok - 1;
		for (int i = 1; i < ntok; i++)
		{
			e->tail[i - 1].type = toks[i].type;
			e->tail[i - 1].len = toks[i].len;
			e->tail[i - 1].text = p;
			memcpy(p, toks[i].text, toks[i].len);
			p += toks[i].len + 1;
		}
		e->nwords = pt.curwords;
		for (int i = 0; i < pt.curwords; i++)
		{
			e->words[i] = pt.words[i];
			e->uid[i] = TSLEX_UNSET;
			e->words[i].word = p;
			memcpy(p, pt.words[i].word, pt.words[i].len);
			p += pt.words[i].len + 1;
		}
		e->posadv = pt.pos;
	}
	e->text = p;
	memcpy(p, lemm, len);
	FunctionCall1(&prs->prsend, PointerGetDatum(pd));
	MemoryContextSwitchTo(old);
	MemoryContextReset(L->tmp);

	L->slots[slot] = e;
	L->n++;
	L->bytes += sz;
	if ((uint32) L->n * 2 > L->nslots)
		tslex_grow(L);
	return e;
}

/* the words of s through the cache; false: the text needs parsetext */
static bool
tslex_cached(TsLex *L, char *s, int len, int *nwords)
{
	TSConfigCacheEntry *cfg = lookup_ts_config_cache(L->cfg);
	TSParserCacheEntry *prs = lookup_ts_parser_cache(cfg->prsId);
	void	   *pd;
	int			nw = 0,
				base = 0,
				ti = 0,
				ntok = 0;
	LxEntry    *tail = NULL;
	bool		ok = true;

	if (L->bytes > TSLEX_MAX_BYTES)
		tslex_empty(L);
	pd = DatumGetPointer(FunctionCall2(&prs->prsstart, PointerGetDatum(s), Int32GetDatum(len)));
	for (;;)
	{
		char	   *lemm = NULL;
		int			ll = 0;
		int			type = DatumGetInt32(FunctionCall3(&prs->prstoken, PointerGetDatum(pd),
													   PointerGetDatum(&lemm), PointerGetDatum(&ll)));
		uint32		h,
					j;
		LxEntry    *e;

		if (type <= 0)
			break;
		if ((++ntok & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (tail != NULL)
		{
			const LxTok *t = &tail->tail[ti];

			if (t->type != type || t->len != ll || memcmp(t->text, lemm, ll) != 0)
			{
				ok = false;
				break;
			}
			if (++ti == tail->ntail)
				tail = NULL;
			continue;
		}
		if (ll >= MAXSTRLEN)
		{
			ok = false;
			break;
		}
		/* a type without dictionaries: LexizeExec skips it (no position) */
		if (type >= cfg->lenmap || cfg->map[type].len == 0)
			continue;
		h = tslex_hash(type, lemm, ll);
		for (j = h & (L->nslots - 1);; j = (j + 1) & (L->nslots - 1))
		{
			e = L->slots[j];
			if (e == NULL)
			{
				e = tslex_miss(L, j, h, type, lemm, ll);
				break;
			}
			if (e->hash == h && e->type == type && e->len == ll && memcmp(e->text, lemm, ll) == 0)
			{
				L->hits++;
				break;
			}
		}
		if (!e->ok)
		{
			ok = false;
			break;
		}
		if (nw + e->nwords > L->lenwords)
		{
			int			nl = L->lenwords;

			while (nw + e->nwords > nl)
				nl *= 2;
			L->words = repalloc(L->words, sizeof(ParsedWord) * nl);
			L->wslot = repalloc(L->wslot, sizeof(int32 *) * nl);
			L->lenwords = nl;
		}
		for (int i = 0; i < e->nwords; i++)
		{
			L->words[nw] = e->words[i];
			L->words[nw].pos.pos = LIMITPOS(base + e->words[i].pos.pos);
			L->wslot[nw] = &e->uid[i];
			nw++;
		}
		base += e->posadv;
		if (e->ntail > 0)
		{
			tail = e;
			ti = 0;
		}
	}
	if (tail != NULL)
		ok = false;
	FunctionCall1(&prs->prsend, PointerGetDatum(pd));
	*nwords = nw;
	return ok;
}

ParsedWord *
tslex_parse(TsLex *L, char *s, int len, int *nwords, int32 ***slots)
{
	ParsedText pt;

	*nwords = 0;
	*slots = NULL;
	if (len <= 0)
		return L->words;
	if (L->cacheable && tslex_cached(L, s, len, nwords))
	{
		*slots = L->wslot;
		return L->words;
	}
	/* the whole text through parsetext, into the reused words array */
	L->whole++;
	pt.words = L->words;
	pt.lenwords = L->lenwords;
	pt.curwords = 0;
	pt.pos = 0;
	parsetext(L->cfg, &pt, s, len);
	if (pt.lenwords != L->lenwords)
		L->wslot = repalloc(L->wslot, sizeof(int32 *) * pt.lenwords);
	L->words = pt.words;
	L->lenwords = pt.lenwords;
	*nwords = pt.curwords;
	return pt.words;
}
