/*
 * sentiment.c
 *    Rule-based sentiment: VADER (Hutto & Gilbert, ICWSM 2014), SPEC 1.3.
 *
 * A port of the rules of the reference implementation (vaderSentiment
 * 3.3.x, MIT licence) on the lexicon held in pmkt.sentiment_lexicon:
 *   - tokens: the text split at white space (Python's str.split()), each
 *     token stripped of leading and trailing ASCII punctuation unless that
 *     leaves 2 characters or fewer (then the token is kept whole: ":)");
 *   - a token's valence is the lexicon's value for its lower-cased form;
 *     "no" before a lexicon word counts 0 and negates that word (and words
 *     up to 3 after it across "or"/"nor");
 *   - ALL-CAPS lexicon words (when not every token is in capitals) +/-0.733;
 *   - booster / dampener words up to 3 tokens before: +/-0.293, scaled by
 *     1, 0.95, 0.9 with the distance, +/-0.733 more when in capitals;
 *   - negation: a negation word (or any word with "n't") 1, 2 or 3 tokens
 *     before multiplies by -0.74; "never so/this" multiplies by 1.25,
 *     "without doubt" keeps the sign; "least" not after "at"/"very" negates;
 *   - idioms ("the bomb", "kiss of death", ... VADER's SPECIAL_CASES) replace
 *     the valence; "kind of", "sort of", "just enough" dampen;
 *   - "but": valences before the first "but" x 0.5, after it x 1.5;
 *   - punctuation: up to 4 "!" add 0.292 each, 2-3 "?" 0.18 each, more 0.96,
 *     to the side (positive or negative) that dominates;
 *   - compound = s / sqrt(s^2 + 15); pos / neu / neg are the shares of
 *     (|valence| + 1) sums and the count of neutral tokens.
 * Deliberate differences from vaderSentiment 3.3.x (docs/readme/text):
 *   - no emoji-to-words translation (that needs VADER's separate emoji
 *     table, not shipped); an emoji the shop adds to the lexicon matches as
 *     a whole token;
 *   - "but": vaderSentiment finds each valence's position with list.index(),
 *     which picks the first equal value, so a repeated valence can be scaled
 *     at the wrong position; pmkt scales by position (as NLTK does);
 *   - non-ASCII case (lower-casing, "all caps") follows the database's
 *     default collation (str_tolower / str_toupper), not Python's tables.
 * Work is linear in the text's length; texts longer than
 * PMKT_SENTIMENT_MAX_BYTES raise 54000.
 *
 * The lexicon is read once per backend into a hash table and kept until
 * pmkt.sentiment_lexicon changes: a statement trigger on the table sends a
 * relcache invalidation for it, which every backend (this one included, at
 * the end of the changing command or at its rollback) receives and which
 * drops the cached copy, so the next call reads the table again.
 */
#include "pmkt.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "sentiment.h"
#include "util/searchpath.h"
#include "util/seeded.h"

#define B_INCR 0.293
#define B_DECR (-0.293)
#define C_INCR 0.733
#define N_SCALAR (-0.74)

/* ---------- VADER's word lists (vaderSentiment 3.3.x) ---------- */

static const char *const negate_words[] = {
	"aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
	"ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
	"dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
	"don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
	"neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
	"oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
	"oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
	"without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite"
};

typedef struct Booster
{
	const char *w;
	double		v;
} Booster;

/* single-token boosters; the three two-word ones are handled as n-grams */
static const Booster boosters[] = {
	{"absolutely", B_INCR}, {"amazingly", B_INCR}, {"awfully", B_INCR},
	{"completely", B_INCR}, {"considerable", B_INCR}, {"considerably", B_INCR},
	{"decidedly", B_INCR}, {"deeply", B_INCR}, {"effing", B_INCR}, {"enormous", B_INCR},
	{"enormously", B_INCR}, {"entirely", B_INCR}, {"especially", B_INCR},
	{"exceptional", B_INCR}, {"exceptionally", B_INCR}, {"extreme", B_INCR},
	{"extremely", B_INCR}, {"fabulously", B_INCR}, {"flipping", B_INCR},
	{"flippin", B_INCR}, {"frackin", B_INCR}, {"fracking", B_INCR},
	{"fricking", B_INCR}, {"frickin", B_INCR}, {"frigging", B_INCR},
	{"friggin", B_INCR}, {"fully", B_INCR}, {"fuckin", B_INCR}, {"fucking", B_INCR},
	{"fuggin", B_INCR}, {"fugging", B_INCR}, {"greatly", B_INCR}, {"hella", B_INCR},
	{"highly", B_INCR}, {"hugely", B_INCR}, {"incredible", B_INCR},
	{"incredibly", B_INCR}, {"intensely", B_INCR}, {"major", B_INCR},
	{"majorly", B_INCR}, {"more", B_INCR}, {"most", B_INCR}, {"particularly", B_INCR},
	{"purely", B_INCR}, {"quite", B_INCR}, {"really", B_INCR}, {"remarkably", B_INCR},
	{"so", B_INCR}, {"substantially", B_INCR}, {"thoroughly", B_INCR},
	{"total", B_INCR}, {"totally", B_INCR}, {"tremendous", B_INCR},
	{"tremendously", B_INCR}, {"uber", B_INCR}, {"unbelievably", B_INCR},
	{"unusually", B_INCR}, {"utter", B_INCR}, {"utterly", B_INCR}, {"very", B_INCR},
	{"almost", B_DECR}, {"barely", B_DECR}, {"hardly", B_DECR},
	{"kinda", B_DECR}, {"kindof", B_DECR}, {"kind-of", B_DECR},
	{"less", B_DECR}, {"little", B_DECR}, {"marginal", B_DECR}, {"marginally", B_DECR},
	{"occasional", B_DECR}, {"occasionally", B_DECR}, {"partly", B_DECR},
	{"scarce", B_DECR}, {"scarcely", B_DECR}, {"slight", B_DECR}, {"slightly", B_DECR},
	{"somewhat", B_DECR}, {"sorta", B_DECR}, {"sortof", B_DECR}, {"sort-of", B_DECR}
};

/* two-word boosters (only ever matched as n-grams of tokens) */
static const char *const booster2[][2] = {
	{"just", "enough"}, {"kind", "of"}, {"sort", "of"}
};

typedef struct Idiom
{
	int			n;
	const char *w[3];
	double		v;
} Idiom;

/* VADER's SPECIAL_CASES with more than one word ("badass" never matches an n-gram) */
static const Idiom idioms[] = {
	{2, {"the", "shit"}, 3}, {2, {"the", "bomb"}, 3}, {2, {"bad", "ass"}, 1.5},
	{2, {"bus", "stop"}, 0.0}, {2, {"yeah", "right"}, -2},
	{3, {"kiss", "of", "death"}, -1.5}, {3, {"to", "die", "for"}, 3},
	{2, {"beating", "heart"}, 3.1}, {2, {"broken", "heart"}, -2.9}
};

/* ---------- the lexicon cache ---------- */

typedef struct LexEntry
{
	uint32		hash;
	int			len;			/* 0: empty slot */
	const char *term;
	double		valence;
} LexEntry;

typedef struct Lexicon
{
	MemoryContext cxt;
	LexEntry   *slots;
	uint32		mask;
	int			n;
} Lexicon;

static Lexicon *lexicon = NULL;
static bool lexicon_valid = false;
static Oid	lexicon_relid = InvalidOid;
static bool callback_registered = false;
static uint64 lexicon_invals = 0;

static void
lexicon_inval_callback(Datum arg, Oid relid)
{
	(void) arg;
	if (relid == InvalidOid || relid == lexicon_relid)
	{
		lexicon_valid = false;
		lexicon_invals++;
	}
}

static const LexEntry *
lex_find(const Lexicon *lx, const char *s, int len)
{
	uint32		h = hash_bytes((const unsigned char *) s, len);
	uint32		i = h & lx->mask;

	for (;;)
	{
		const LexEntry *e = &lx->slots[i];

		if (e->len == 0)
			return NULL;
		if (e->hash == h && e->len == len && memcmp(e->term, s, len) == 0)
			return e;
		i = (i + 1) & lx->mask;
	}
}

static Lexicon *
lexicon_load(void)
{
	Oid			nsp;
	int			pin;
	MemoryContext cxt;
	Lexicon    *lx;
	uint32		cap = 16;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(lexicon_inval_callback, (Datum) 0);
		callback_registered = true;
	}
	nsp = get_namespace_oid("pmkt", true);
	lexicon_relid = OidIsValid(nsp) ? get_relname_relid("sentiment_lexicon", nsp) : InvalidOid;
	if (!OidIsValid(lexicon_relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("pmkt.sentiment: table pmkt.sentiment_lexicon does not exist"),
				 errhint("Reinstall the extension (DROP EXTENSION pmkt; CREATE EXTENSION pmkt) to recreate it.")));

	/* built under the calling context: an error frees it; kept on success */
	cxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt sentiment lexicon",
								ALLOCSET_DEFAULT_SIZES);
	pin = pmkt_pin_search_path();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	{
		if (SPI_execute("SELECT term, valence FROM pmkt.sentiment_lexicon", true, 0) != SPI_OK_SELECT)
			elog(ERROR, "pmkt.sentiment: could not read pmkt.sentiment_lexicon");
		while (cap < SPI_processed * 2 + 16)
			cap <<= 1;
		lx = MemoryContextAllocZero(cxt, sizeof(Lexicon));
		lx->cxt = cxt;
		lx->slots = MemoryContextAllocZero(cxt, sizeof(LexEntry) * cap);
		lx->mask = cap - 1;
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		tnull,
						vnull;
			Datum		td = SPI_getbinval(tup, desc, 1, &tnull);
			Datum		vd = SPI_getbinval(tup, desc, 2, &vnull);
			text	   *t;
			int			len;
			double		v;
			uint32		h,
						i;
			char	   *term;

			if (tnull || vnull)
				continue;
			t = DatumGetTextPP(td);
			len = VARSIZE_ANY_EXHDR(t);
			v = DatumGetFloat8(vd);
			if (!isfinite(v))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("pmkt.sentiment: pmkt.sentiment_lexicon term \"%s\" has a non-finite valence",
								text_to_cstring(t)),
						 errdetail("valence = %g", v),
						 errhint("Set the valence to a finite value between -4 and 4, or delete the row.")));
			if (len == 0)
				continue;
			term = MemoryContextAlloc(cxt, len + 1);
			memcpy(term, VARDATA_ANY(t), len);
			term[len] = '\0';
			h = hash_bytes((const unsigned char *) term, len);
			i = h & lx->mask;
			while (lx->slots[i].len != 0 &&
				   !(lx->slots[i].hash == h && lx->slots[i].len == len &&
					 memcmp(lx->slots[i].term, term, len) == 0))
				i = (i + 1) & lx->mask;
			if (lx->slots[i].len == 0)
				lx->n++;
			lx->slots[i].hash = h;
			lx->slots[i].len = len;
			lx->slots[i].term = term;
			lx->slots[i].valence = v;
			if ((r & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	SPI_finish();
	MemoryContextSetParent(cxt, TopMemoryContext);
	pmkt_unpin_search_path(pin);
	return lx;
}

static const Lexicon *
lexicon_get(void)
{
	if (lexicon == NULL || !lexicon_valid)
	{
		uint64		seen = lexicon_invals;
		Lexicon    *fresh = lexicon_load();

		/* valid unless a change arrived while it was being read */
		lexicon_valid = (seen == lexicon_invals);

		if (lexicon != NULL)
			MemoryContextDelete(lexicon->cxt);
		lexicon = fresh;
	}
	return lexicon;
}

/* ---------- tokens ---------- */

typedef struct VTok
{
	const char *s;				/* surface form (not NUL-terminated) */
	int			len;
	char	   *lw;				/* lower-cased, NUL-terminated */
	int			lwlen;
	bool		upper;			/* Python's str.isupper() */
	bool		inlex;
	double		lexval;
	bool		booster;
	double		bval;
	bool		negated;		/* in NEGATE or contains "n't" */
} VTok;

static bool
is_ascii_punct(unsigned char c)
{
	return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) ||
		(c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/* byte length of the white-space character at p (Python's str.isspace), 0 if none */
static int
space_len(const unsigned char *p, const unsigned char *end, bool utf8)
{
	unsigned char c = p[0];

	if (c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f))
		return 1;
	if (!utf8 || c < 0xc2)
		return 0;
	if (c == 0xc2 && p + 1 < end && (p[1] == 0x85 || p[1] == 0xa0))
		return 2;
	if (p + 2 >= end)
		return 0;
	if (c == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
		return 3;
	if (c == 0xe2 && p[1] == 0x80 &&
		((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf))
		return 3;
	if (c == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
		return 3;
	if (c == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

static int
char_count(const char *s, int len, bool utf8)
{
	int			n = 0;

	if (!utf8)
		return pg_mbstrlen_with_len(s, len);
	for (int i = 0; i < len; i++)
		if ((((unsigned char) s[i]) & 0xc0) != 0x80)
			n++;
	return n;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static int
cmp_booster(const void *a, const void *b)
{
	return strcmp(((const Booster *) a)->w, ((const Booster *) b)->w);
}

static const char **negate_sorted = NULL;
static Booster *boosters_sorted = NULL;

static void
init_word_lists(void)
{
	if (negate_sorted != NULL)
		return;
	{
		const char **n = MemoryContextAlloc(TopMemoryContext, sizeof(negate_words));
		Booster    *b = MemoryContextAlloc(TopMemoryContext, sizeof(boosters));

		memcpy(n, negate_words, sizeof(negate_words));
		qsort(n, lengthof(negate_words), sizeof(char *), cmp_str);
		memcpy(b, boosters, sizeof(boosters));
		qsort(b, lengthof(boosters), sizeof(Booster), cmp_booster);
		boosters_sorted = b;
		negate_sorted = n;
	}
}

static void
classify_token(VTok *t, const Lexicon *lx)
{
	const LexEntry *e = lex_find(lx, t->lw, t->lwlen);
	Booster		key;
	const Booster *b;
	const char *k = t->lw;

	t->inlex = e != NULL;
	t->lexval = e ? e->valence : 0.0;
	key.w = t->lw;
	b = bsearch(&key, boosters_sorted, lengthof(boosters), sizeof(Booster), cmp_booster);
	t->booster = b != NULL;
	t->bval = b ? b->v : 0.0;
	t->negated = bsearch(&k, negate_sorted, lengthof(negate_words), sizeof(char *), cmp_str) != NULL ||
		strstr(t->lw, "n't") != NULL;
}

/* lower-case and isupper() of one token */
static void
case_token(VTok *t, char *lwbuf, bool utf8)
{
	bool		ascii = true;

	for (int i = 0; i < t->len; i++)
		if ((unsigned char) t->s[i] >= 0x80)
		{
			ascii = false;
			break;
		}
	if (ascii || !utf8)
	{
		bool		has_up = false,
					has_low = false;

		for (int i = 0; i < t->len; i++)
		{
			char		c = t->s[i];

			if (c >= 'A' && c <= 'Z')
			{
				has_up = true;
				c = c + ('a' - 'A');
			}
			else if (c >= 'a' && c <= 'z')
				has_low = true;
			lwbuf[i] = c;
		}
		lwbuf[t->len] = '\0';
		t->lw = lwbuf;
		t->lwlen = t->len;
		t->upper = has_up && !has_low;
	}
	else
	{
		char	   *lo = str_tolower(t->s, t->len, DEFAULT_COLLATION_OID);
		char	   *up = str_toupper(t->s, t->len, DEFAULT_COLLATION_OID);
		int			lolen = strlen(lo);

		t->lw = lo;
		t->lwlen = lolen;
		t->upper = (int) strlen(up) == t->len && memcmp(up, t->s, t->len) == 0 &&
			!(lolen == t->len && memcmp(lo, t->s, t->len) == 0);
		pfree(up);
	}
}

static inline bool
lweq(const VTok *t, const char *w)
{
	return strcmp(t->lw, w) == 0;
}

static bool
idiom_match(const VTok *tok, int from, int n, const Idiom *id)
{
	if (id->n != n)
		return false;
	for (int k = 0; k < n; k++)
		if (!lweq(&tok[from + k], id->w[k]))
			return false;
	return true;
}

/* valence of the special-case idiom formed by tokens [from, from+n), or NaN */
static double
idiom_value(const VTok *tok, int from, int n)
{
	for (int k = 0; k < (int) lengthof(idioms); k++)
		if (idiom_match(tok, from, n, &idioms[k]))
			return idioms[k].v;
	return NAN;
}

static double
booster2_value(const VTok *tok, int from)
{
	for (int k = 0; k < (int) lengthof(booster2); k++)
		if (lweq(&tok[from], booster2[k][0]) && lweq(&tok[from + 1], booster2[k][1]))
			return B_DECR;
	return 0.0;
}

static double
scalar_inc_dec(const VTok *w, double valence, bool is_cap_diff)
{
	double		scalar = 0.0;

	if (w->booster)
	{
		scalar = w->bval;
		if (valence < 0)
			scalar *= -1;
		if (w->upper && is_cap_diff)
		{
			if (valence > 0)
				scalar += C_INCR;
			else
				scalar -= C_INCR;
		}
	}
	return scalar;
}

static double
negation_check(double valence, const VTok *tok, int start_i, int i)
{
	if (start_i == 0)
	{
		if (tok[i - 1].negated)
			valence = valence * N_SCALAR;
	}
	if (start_i == 1)
	{
		if (lweq(&tok[i - 2], "never") && (lweq(&tok[i - 1], "so") || lweq(&tok[i - 1], "this")))
			valence = valence * 1.25;
		else if (lweq(&tok[i - 2], "without") && lweq(&tok[i - 1], "doubt"))
			 /* keep */ ;
		else if (tok[i - 2].negated)
			valence = valence * N_SCALAR;
	}
	if (start_i == 2)
	{
		if ((lweq(&tok[i - 3], "never") && (lweq(&tok[i - 2], "so") || lweq(&tok[i - 2], "this"))) ||
			(lweq(&tok[i - 1], "so") || lweq(&tok[i - 1], "this")))
			valence = valence * 1.25;
		else if (lweq(&tok[i - 3], "without") && (lweq(&tok[i - 2], "doubt") || lweq(&tok[i - 1], "doubt")))
			 /* keep */ ;
		else if (tok[i - 3].negated)
			valence = valence * N_SCALAR;
	}
	return valence;
}

static double
special_idioms_check(double valence, const VTok *tok, int i, int n)
{
	double		v;

	/* onezero, twoonezero, twoone, threetwoone, threetwo: the first that is an idiom */
	if (!isnan(v = idiom_value(tok, i - 1, 2)) ||
		!isnan(v = idiom_value(tok, i - 2, 3)) ||
		!isnan(v = idiom_value(tok, i - 2, 2)) ||
		!isnan(v = idiom_value(tok, i - 3, 3)) ||
		!isnan(v = idiom_value(tok, i - 3, 2)))
		valence = v;
	if (n - 1 > i && !isnan(v = idiom_value(tok, i, 2)))
		valence = v;
	if (n - 1 > i + 1 && !isnan(v = idiom_value(tok, i, 3)))
		valence = v;
	/* booster n-grams threetwoone (no 3-word booster exists), threetwo, twoone */
	valence = valence + booster2_value(tok, i - 3);
	valence = valence + booster2_value(tok, i - 2);
	return valence;
}

static double
least_check(double valence, const VTok *tok, int i)
{
	if (i > 1 && !tok[i - 1].inlex && lweq(&tok[i - 1], "least"))
	{
		if (!lweq(&tok[i - 2], "at") && !lweq(&tok[i - 2], "very"))
			valence = valence * N_SCALAR;
	}
	else if (i > 0 && !tok[i - 1].inlex && lweq(&tok[i - 1], "least"))
		valence = valence * N_SCALAR;
	return valence;
}

void
pmkt_vader_score(const char *text, int len, PmktSentiment *out)
{
	const Lexicon *lx;
	bool		utf8 = GetDatabaseEncoding() == PG_UTF8;
	const unsigned char *p = (const unsigned char *) text;
	const unsigned char *end = p + len;
	VTok	   *tok;
	double	   *sent;
	char	   *lwbuf;
	int			n = 0,
				allcap = 0,
				butidx = -1,
				ep = 0,
				qm = 0;
	bool		is_cap_diff;
	double		sum_s = 0.0,
				punct,
				pos_sum = 0.0,
				neg_sum = 0.0,
				total;
	int			neu_count = 0;

	if (len > PMKT_SENTIMENT_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("pmkt.sentiment: text is too long"),
				 errdetail("The text has %d bytes; the limit is %d.", len, PMKT_SENTIMENT_MAX_BYTES),
				 errhint("Score the text sentence by sentence (pmkt.aspect_sentiment splits it) or score a prefix.")));
	init_word_lists();
	lx = lexicon_get();
	memset(out, 0, sizeof(*out));

	tok = palloc(sizeof(VTok) * (len / 2 + 2));
	lwbuf = palloc(len + len / 2 + 2);

	for (int k = 0; k < len; k++)
	{
		if (text[k] == '!')
			ep++;
		else if (text[k] == '?')
			qm++;
	}

	/* split at white space; strip punctuation from words */
	{
		char	   *lwp = lwbuf;

		while (p < end)
		{
			const unsigned char *a;
			int			sl;

			while (p < end && (sl = space_len(p, end, utf8)) > 0)
				p += sl;
			if (p >= end)
				break;
			a = p;
			while (p < end && space_len(p, end, utf8) == 0)
				p++;
			{
				const char *s = (const char *) a;
				int			tl = (int) (p - a);
				int			b = 0,
							e = tl;
				VTok	   *t = &tok[n];

				while (b < e && is_ascii_punct((unsigned char) s[b]))
					b++;
				while (e > b && is_ascii_punct((unsigned char) s[e - 1]))
					e--;
				if (char_count(s + b, e - b, utf8) <= 2)
				{
					t->s = s;
					t->len = tl;
				}
				else
				{
					t->s = s + b;
					t->len = e - b;
				}
				case_token(t, lwp, utf8);
				if (t->lw == lwp)
					lwp += t->len + 1;
				classify_token(t, lx);
				if (t->upper)
					allcap++;
				if (butidx < 0 && lweq(t, "but"))
					butidx = n;
				n++;
			}
			if ((n & 4095) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}
	is_cap_diff = (n - allcap) > 0 && (n - allcap) < n;

	sent = palloc(sizeof(double) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		double		valence = 0;
		const VTok *t = &tok[i];

		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		if (t->booster || (i < n - 1 && lweq(t, "kind") && lweq(&tok[i + 1], "of")))
		{
			sent[i] = 0;
			continue;
		}
		if (t->inlex)
		{
			valence = t->lexval;
			if (lweq(t, "no") && i != n - 1 && tok[i + 1].inlex)
				valence = 0.0;
			if ((i > 0 && lweq(&tok[i - 1], "no")) ||
				(i > 1 && lweq(&tok[i - 2], "no")) ||
				(i > 2 && lweq(&tok[i - 3], "no") && (lweq(&tok[i - 1], "or") || lweq(&tok[i - 1], "nor"))))
				valence = t->lexval * N_SCALAR;
			if (t->upper && is_cap_diff)
			{
				if (valence > 0)
					valence += C_INCR;
				else
					valence -= C_INCR;
			}
			for (int start_i = 0; start_i < 3; start_i++)
			{
				if (i > start_i && !tok[i - (start_i + 1)].inlex)
				{
					double		s = scalar_inc_dec(&tok[i - (start_i + 1)], valence, is_cap_diff);

					if (start_i == 1 && s != 0)
						s = s * 0.95;
					if (start_i == 2 && s != 0)
						s = s * 0.9;
					valence = valence + s;
					valence = negation_check(valence, tok, start_i, i);
					if (start_i == 2)
						valence = special_idioms_check(valence, tok, i, n);
				}
			}
			valence = least_check(valence, tok, i);
		}
		sent[i] = valence;
	}

	if (butidx >= 0)
		for (int i = 0; i < n; i++)
		{
			if (i < butidx)
				sent[i] = sent[i] * 0.5;
			else if (i > butidx)
				sent[i] = sent[i] * 1.5;
		}

	out->ntokens = n;
	if (n == 0)
		goto done;
	for (int i = 0; i < n; i++)
		sum_s += sent[i];
	punct = Min(ep, 4) * 0.292;
	if (qm > 1)
		punct += (qm <= 3) ? qm * 0.18 : 0.96;
	if (sum_s > 0)
		sum_s += punct;
	else if (sum_s < 0)
		sum_s -= punct;
	out->compound = sum_s / sqrt(sum_s * sum_s + 15);
	if (out->compound < -1.0)
		out->compound = -1.0;
	else if (out->compound > 1.0)
		out->compound = 1.0;
	for (int i = 0; i < n; i++)
	{
		if (sent[i] > 0)
			pos_sum += sent[i] + 1;
		if (sent[i] < 0)
			neg_sum += sent[i] - 1;
		if (sent[i] == 0)
			neu_count++;
	}
	if (pos_sum > fabs(neg_sum))
		pos_sum += punct;
	else if (pos_sum < fabs(neg_sum))
		neg_sum -= punct;
	total = pos_sum + fabs(neg_sum) + neu_count;
	out->positive = fabs(pos_sum / total);
	out->negative = fabs(neg_sum / total);
	out->neutral = fabs(neu_count / total);
done:
	for (int i = 0; i < n; i++)
		if (tok[i].lw < lwbuf || tok[i].lw >= lwbuf + len + len / 2 + 2)
			pfree(tok[i].lw);
	pfree(tok);
	pfree(lwbuf);
	pfree(sent);
}

const char *
pmkt_sentiment_label(double compound, double pos_threshold, double neg_threshold)
{
	if (compound >= pos_threshold)
		return "positive";
	if (compound <= neg_threshold)
		return "negative";
	return "neutral";
}

PG_FUNCTION_INFO_V1(pmkt_sentiment);

/*
 * pmkt.sentiment(text) -> pmkt.sentiment_score
 *    (compound, positive, neutral, negative, label); label by VADER's
 *    thresholds: compound >= 0.05 positive, <= -0.05 negative.
 */
Datum
pmkt_sentiment(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	PmktSentiment r;
	TupleDesc	desc = (TupleDesc) fcinfo->flinfo->fn_extra;
	Datum		v[5];
	bool		nulls[5] = {0};

	if (desc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("pmkt.sentiment: called in a context that cannot accept a record")));
		desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
		if (desc->natts != 5)
			elog(ERROR, "pmkt.sentiment: result type has %d columns, expected 5", desc->natts);
		fcinfo->flinfo->fn_extra = desc;
	}
	pmkt_vader_score(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &r);
	v[0] = Float8GetDatum(r.compound);
	v[1] = Float8GetDatum(r.positive);
	v[2] = Float8GetDatum(r.neutral);
	v[3] = Float8GetDatum(r.negative);
	v[4] = CStringGetTextDatum(pmkt_sentiment_label(r.compound, 0.05, -0.05));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, v, nulls)));
}

PG_FUNCTION_INFO_V1(pmkt_sentiment_compound);

/* pmkt.sentiment_compound(text) -> float8: the compound score alone */
Datum
pmkt_sentiment_compound(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	PmktSentiment r;

	pmkt_vader_score(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &r);
	PG_RETURN_FLOAT8(r.compound);
}

PG_FUNCTION_INFO_V1(pmkt_sentiment_lexicon_trigger);

/*
 * pmkt_sentiment_lexicon_trigger
 *    On pmkt.sentiment_lexicon.  AFTER ... FOR EACH STATEMENT: sends a
 *    relcache invalidation for the table, so that every backend drops its
 *    cached lexicon.  BEFORE ... FOR EACH ROW: an UPDATE makes the row the
 *    user's (is_default = false, kept by pg_dump); an INSERT of a term whose
 *    row is still a shipped default replaces that row (so a restored dump's
 *    edited rows take the place of the defaults CREATE EXTENSION seeded).
 */
Datum
pmkt_sentiment_lexicon_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("pmkt.sentiment_lexicon_trigger must be called as a trigger")));
	if (TRIGGER_FIRED_FOR_STATEMENT(td->tg_event))
	{
		CacheInvalidateRelcache(td->tg_relation);
		return PointerGetDatum(NULL);
	}
	if (!TRIGGER_FIRED_BEFORE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("pmkt.sentiment_lexicon_trigger must be a BEFORE ROW or a statement trigger")));
	return pmkt_seeded_row_trigger(td, "term", "pmkt.sentiment_lexicon_trigger");
}
