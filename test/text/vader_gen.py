#!/usr/bin/python3
"""test/text/vader_gen.py: the sentences and NLTK reference values of the
sentiment tests (sql/text/sentiment.sql loads test/text/vader_data.sql).

    /usr/bin/python3 test/text/vader_gen.py sql     > test/text/vader_data.sql
    /usr/bin/python3 test/text/vader_gen.py tsv     > sentences.tsv   (bench input)
    /usr/bin/python3 test/text/vader_gen.py report                   (agreement)

Sentences: the 40 of ../shared/data/lexicons/vader_reference.tsv, the
examples of the VADER paper's reference code, and 2 400 generated from
templates (seeded) that exercise every rule: lexicon words in and out of
capitals, boosters and dampeners at distances 1-3, negations (words and
n't), "no", "least", "never so", "without doubt", "kind of", idioms, "but",
1-6 "!" and "?", emoticons, single letters ("I", "a"), punctuation glued to
words, and words absent from the lexicon.

Reference: NLTK's VADER (Debian python3-nltk 3.8,
SentimentIntensityAnalyzer(lexicon_file=...) on the same lexicon file).
NLTK's port is older than vaderSentiment 3.3.x, whose rules pmkt follows
(the 40 reference outputs are 3.3.x's).  The differences are deliberate and
each one is a small override of NLTK below (class Vader33), so that
"NLTK + the documented differences" must agree with pmkt to 1e-4 on every
sentence; plain NLTK is also recorded, and `report` counts how many
sentences each difference changes.
  D1 tokens: 3.3.x strips all leading/trailing punctuation of a token unless
     that leaves <= 2 characters, and keeps 1-letter words; NLTK strips one
     mark from a fixed list and drops 1-letter words.
  D2 NLTK looks a word's position up with list.index() (a repeated word gets
     its first position); 3.3.x uses the real position.
  D3 "no" before a lexicon word counts 0 and negates the next 1-3 words
     (3.3.x only).
  D4 negation and idioms: 3.3.x compares lower-cased words; "never so/this"
     two words before x1.25 (NLTK x1.5); "without doubt" keeps the sign;
     negated() has no "least" pair rule; 3.3.x's larger booster list
     (considerable, enormous, exceptional, extreme, incredible, major, total,
     tremendous, utter, marginal, occasional, scarce, slight, ...) and idiom
     list (bus stop, to die for, beating/broken heart), and booster n-grams
     add their own value per n-gram.
"""
import math
import os
import random
import sys

from nltk.sentiment import vader as nv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LEX_TSV = os.path.join(ROOT, "src", "text", "vader_lexicon.tsv")
REF_TSV = "/work/shared/data/lexicons/vader_reference.tsv"


def nltk_lexicon_file():
    # nltk.data.load wants a known extension and no final empty line
    path = "/tmp/pmkt_vader_lexicon.txt"
    with open(LEX_TSV, encoding="utf-8") as f:
        data = f.read().rstrip("\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(data)
    return "file:" + path


# ---- NLTK with the documented differences (vaderSentiment 3.3.x rules) ----

B_INCR, B_DECR, C_INCR, N_SCALAR = 0.293, -0.293, 0.733, -0.74
BOOSTER33 = dict(nv.VaderConstants.BOOSTER_DICT)
for w in ["considerable", "enormous", "exceptional", "extreme", "frackin", "fracking",
          "fuckin", "fuggin", "fugging", "incredible", "major", "total", "tremendous",
          "utter"]:
    BOOSTER33[w] = B_INCR
for w in ["marginal", "occasional", "scarce", "slight"]:
    BOOSTER33[w] = B_DECR
SPECIAL33 = {"the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0,
             "yeah right": -2, "kiss of death": -1.5, "to die for": 3,
             "beating heart": 3.1, "broken heart": -2.9}
PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'


class Constants33(nv.VaderConstants):
    BOOSTER_DICT = BOOSTER33

    def negated(self, input_words, include_nt=True):          # D4: no "least" pair rule
        w = [x.lower() for x in input_words]
        if any(x in self.NEGATE for x in w):
            return True
        return include_nt and any("n't" in x for x in w)


class SentiText33(nv.SentiText):
    def _words_and_emoticons(self):                            # D1
        out = []
        for tok in self.text.split():
            s = tok.strip(PUNCT)
            out.append(tok if len(s) <= 2 else s)
        return out


class Vader33(nv.SentimentIntensityAnalyzer):
    def __init__(self, lexicon_file, d=("D1", "D2", "D3", "D4")):
        super().__init__(lexicon_file=lexicon_file)
        self.d = set(d)
        if "D4" in self.d:
            self.constants = Constants33()

    def polarity_scores(self, text):
        if "D1" in self.d:
            st = SentiText33(text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION)
        else:
            st = nv.SentiText(text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION)
        sentiments = []
        we = st.words_and_emoticons
        for pos, item in enumerate(we):
            i = pos if "D2" in self.d else we.index(item)
            if (i < len(we) - 1 and item.lower() == "kind" and we[i + 1].lower() == "of") \
                    or item.lower() in self.constants.BOOSTER_DICT:
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, st, item, i, sentiments)
        sentiments = self._but_check(we, sentiments)
        return self.score_valence(sentiments, text)

    def sentiment_valence(self, valence, sentitext, item, i, sentiments):
        if "D3" not in self.d:
            return super().sentiment_valence(valence, sentitext, item, i, sentiments)
        we = sentitext.words_and_emoticons
        low = item.lower()
        if low in self.lexicon:
            valence = self.lexicon[low]
            if low == "no" and i != len(we) - 1 and we[i + 1].lower() in self.lexicon:
                valence = 0.0
            if (i > 0 and we[i - 1].lower() == "no") or (i > 1 and we[i - 2].lower() == "no") \
                    or (i > 2 and we[i - 3].lower() == "no" and we[i - 1].lower() in ["or", "nor"]):
                valence = self.lexicon[low] * N_SCALAR
            if item.isupper() and sentitext.is_cap_diff:
                valence = valence + C_INCR if valence > 0 else valence - C_INCR
            for start_i in range(0, 3):
                if i > start_i and we[i - (start_i + 1)].lower() not in self.lexicon:
                    s = self.constants.scalar_inc_dec(we[i - (start_i + 1)], valence, sentitext.is_cap_diff)
                    if start_i == 1 and s != 0:
                        s = s * 0.95
                    if start_i == 2 and s != 0:
                        s = s * 0.9
                    valence = valence + s
                    valence = self._never_check(valence, we, start_i, i)
                    if start_i == 2:
                        valence = self._idioms_check(valence, we, i)
            valence = self._least_check(valence, we, i)
        sentiments.append(valence)
        return sentiments

    def _never_check(self, valence, we, start_i, i):
        if "D4" not in self.d:
            return super()._never_check(valence, we, start_i, i)
        w = [x.lower() for x in we]
        neg = self.constants.negated
        if start_i == 0:
            if neg([w[i - 1]]):
                valence = valence * N_SCALAR
        if start_i == 1:
            if w[i - 2] == "never" and w[i - 1] in ("so", "this"):
                valence = valence * 1.25
            elif w[i - 2] == "without" and w[i - 1] == "doubt":
                pass
            elif neg([w[i - 2]]):
                valence = valence * N_SCALAR
        if start_i == 2:
            if (w[i - 3] == "never" and w[i - 2] in ("so", "this")) or w[i - 1] in ("so", "this"):
                valence = valence * 1.25
            elif w[i - 3] == "without" and (w[i - 2] == "doubt" or w[i - 1] == "doubt"):
                pass
            elif neg([w[i - 3]]):
                valence = valence * N_SCALAR
        return valence

    def _idioms_check(self, valence, we, i):
        if "D4" not in self.d:
            return super()._idioms_check(valence, we, i)
        w = [x.lower() for x in we]
        onezero = f"{w[i-1]} {w[i]}"
        twoonezero = f"{w[i-2]} {w[i-1]} {w[i]}"
        twoone = f"{w[i-2]} {w[i-1]}"
        threetwoone = f"{w[i-3]} {w[i-2]} {w[i-1]}"
        threetwo = f"{w[i-3]} {w[i-2]}"
        for seq in [onezero, twoonezero, twoone, threetwoone, threetwo]:
            if seq in SPECIAL33:
                valence = SPECIAL33[seq]
                break
        if len(w) - 1 > i and f"{w[i]} {w[i+1]}" in SPECIAL33:
            valence = SPECIAL33[f"{w[i]} {w[i+1]}"]
        if len(w) - 1 > i + 1 and f"{w[i]} {w[i+1]} {w[i+2]}" in SPECIAL33:
            valence = SPECIAL33[f"{w[i]} {w[i+1]} {w[i+2]}"]
        for g in [threetwoone, threetwo, twoone]:
            if g in BOOSTER33:
                valence = valence + BOOSTER33[g]
        return valence


# ---- sentences ----

def reference_sentences():
    with open(REF_TSV, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f][1:]
    return [r for r in rows if r and r[0]]


PAPER = [
    "VADER is smart, handsome, and funny.", "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.", "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "The book was good.",
    "At least it isn't a horrible book.", "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!", "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!",
    "Not bad at all", "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.",
    "On the other hand, VADER is quite bad ass", "VADER is such a badass!",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the most compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Not such a badass after all.", "Without a doubt, an excellent idea.",
    "It was one of the worst movies I've seen, despite good reviews.",
    "Unbelievably bad acting!!", "Poor direction.", "VERY poor production.",
    "The movie was bad.", "Very bad movie.", "VERY BAD movie!",
]

SUBJ = ["the delivery", "the product", "customer service", "the support team", "the courier",
        "this phone", "the fabric", "the packaging", "the refund", "the seller", "my order",
        "the app", "the battery", "the price", "the quality", "the staff", "it", "I", "shipping",
        "the box", "the agent", "the item", "the checkout", "the size"]
VERB = ["was", "is", "seems", "looked", "felt", "has been", "arrived", "became", "remains"]
POS = ["good", "great", "excellent", "amazing", "perfect", "helpful", "friendly", "nice",
       "wonderful", "fantastic", "happy", "pleasant", "reliable", "awesome", "love", "best",
       "fine", "ok", "cool", "brilliant", "lovely", "satisfied", "glad", "impressive", "fun"]
NEG = ["bad", "terrible", "awful", "horrible", "poor", "slow", "rude", "broken", "damaged",
       "disappointing", "useless", "worst", "cheap", "late", "annoying", "hate", "ugly", "sad",
       "angry", "confusing", "lost", "problem", "fail", "wrong", "sucks", "meh", "hassle"]
NEUTRAL = ["blue", "there", "yesterday", "on time", "in a box", "from china", "as described",
           "by courier", "quickly", "again", "today", "with the manual", "on monday", "at noon"]
BOOST = ["very", "really", "extremely", "so", "totally", "incredibly", "quite", "absolutely",
         "kind of", "sort of", "kinda", "slightly", "somewhat", "barely", "hardly", "just enough",
         "most", "more", "less", "little", "utterly", "deeply", "highly", "major", "total",
         "extreme", "slight", "occasional", "marginal", "incredible", "tremendous", "uber"]
NEGW = ["not", "never", "isn't", "wasn't", "don't", "didn't", "can't", "won't", "nothing",
        "without", "hardly", "no", "nor", "none", "rarely", "seldom", "despite", "aint",
        "wouldn't", "cannot", "doesnt", "least", "at least", "very least"]
EMO = [":)", ":(", ":D", ":-)", ":-(", ";)", ":/", "<3", ":P", "xD", "lol", "LOL", "haha",
       "omg", "wtf", ":-D", "(:", "):", "=)", "^_^"]
IDIOM = ["the bomb", "the shit", "bad ass", "yeah right", "kiss of death", "to die for",
         "beating heart", "broken heart", "bus stop", "cut the mustard", "hand to mouth"]
CONJ = ["but", "and", "however", "though", "yet", "BUT", "But", "while", "although"]
END = [".", "!", "!!", "!!!", "!!!!", "!!!!!!", "?", "??", "???", "?!?", "????", "...", "", " :)",
       "!?", ",", ";"]


def caps(rng, w):
    r = rng.random()
    if r < 0.12:
        return w.upper()
    if r < 0.2:
        return w.capitalize()
    return w


def adj(rng):
    k = rng.random()
    if k < 0.45:
        return rng.choice(POS)
    if k < 0.9:
        return rng.choice(NEG)
    return rng.choice(NEUTRAL)


def phrase(rng):
    parts = [rng.choice(SUBJ), rng.choice(VERB)]
    r = rng.random()
    if r < 0.35:
        parts.append(rng.choice(NEGW))
    if rng.random() < 0.4:
        parts.append(rng.choice(BOOST))
        if rng.random() < 0.2:
            parts.append(rng.choice(BOOST))
    if rng.random() < 0.15:
        parts.append(rng.choice(["the", "a", "this", "so", "very"]))
    parts.append(adj(rng))
    if rng.random() < 0.25:
        parts += [rng.choice(["and", "or", "nor", ","]), adj(rng)]
    if rng.random() < 0.2:
        parts.append(rng.choice(NEUTRAL))
    return [caps(rng, w) for w in " ".join(parts).split(" ")]


def sentence(rng):
    k = rng.random()
    if k < 0.08:
        words = rng.choice(["no", "No", "NO"]).split() + [adj(rng)] + \
            rng.choice([[], ["or", adj(rng)], ["nor", adj(rng)], ["problems"], ["complaints", "at", "all"]])
    elif k < 0.14:
        words = phrase(rng) + rng.choice(IDIOM).split()
    elif k < 0.2:
        words = rng.choice(["never so", "never this", "without doubt", "without a doubt",
                            "Never so", "at least", "the least", "very least"]).split() + [adj(rng)] + phrase(rng)
    else:
        words = phrase(rng)
    if rng.random() < 0.35:
        words = words + [rng.choice(CONJ)] + phrase(rng)
    if rng.random() < 0.15:
        words = words + [rng.choice(CONJ)] + phrase(rng)
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words) + 1), rng.choice(EMO))
    if rng.random() < 0.1:
        j = rng.randrange(len(words))
        words[j] = rng.choice(['"', "(", "'", "*", "#", "--"]) + words[j] + rng.choice(['"', ")", "'", ",", "...", "!"])
    if rng.random() < 0.1:
        j = rng.randrange(len(words))
        words.insert(j, words[j])                      # a repeated word (D2)
    s = " ".join(words)
    s = s.replace(" ,", ",")
    if rng.random() < 0.05:
        s = s.upper()
    s = s[0].upper() + s[1:] if rng.random() < 0.7 else s
    return s + rng.choice(END)


def all_sentences():
    out = [r[0] for r in reference_sentences()] + PAPER
    rng = random.Random(20261204)
    seen = set(out)
    while len(out) < 40 + len(PAPER) + 2400:
        s = sentence(rng)
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "report"
    lex = nltk_lexicon_file()
    plain = nv.SentimentIntensityAnalyzer(lexicon_file=lex)
    v33 = Vader33(lex)
    sents = all_sentences()
    if mode == "tsv":
        for s in sents:
            print(s)
        return
    if mode == "report":
        base = [v33.polarity_scores(s) for s in sents]
        same = sum(abs(plain.polarity_scores(s)["compound"] - b["compound"]) <= 1e-4 for s, b in zip(sents, base))
        print(f"{len(sents)} sentences; plain NLTK agrees with NLTK+D1-D4 on {same}")
        for d in ["D1", "D2", "D3", "D4"]:
            alt = Vader33(lex, d=tuple(x for x in ("D1", "D2", "D3", "D4") if x != d))
            ch = sum(abs(alt.polarity_scores(s)["compound"] - b["compound"]) > 1e-4 for s, b in zip(sents, base))
            print(f"  without {d}: {ch} sentences change")
        ref = reference_sentences()
        ok = sum(abs(v33.polarity_scores(r[0])["compound"] - float(r[4])) <= 1e-4 for r in ref)
        print(f"NLTK+D1-D4 equals vaderSentiment's reference compound on {ok} of {len(ref)}")
        return

    def q(s):
        return "'" + s.replace("'", "''") + "'"
    print("-- generated by test/text/vader_gen.py sql: do not edit")
    print("-- nltk: NLTK 3.8 VADER as is; ref: NLTK + the documented differences D1-D4")
    print("-- (vaderSentiment 3.3.x rules); the scores are rounded as VADER rounds them.")
    print("CREATE TEMP TABLE vader_data(id int, txt text, ref_compound float8, ref_neg float8,")
    print("  ref_neu float8, ref_pos float8, nltk_compound float8);")
    print("INSERT INTO vader_data VALUES")
    rows = []
    for i, s in enumerate(sents, 1):
        b = v33.polarity_scores(s)
        p = plain.polarity_scores(s)
        rows.append(f"({i},{q(s)},{b['compound']!r},{b['neg']!r},{b['neu']!r},{b['pos']!r},{p['compound']!r})")
    print(",\n".join(rows) + ";")
    print("-- vaderSentiment 3.3.1's own outputs (../shared/data/lexicons/vader_reference.tsv)")
    print("CREATE TEMP TABLE vader_reference(txt text, neg float8, neu float8, pos float8, compound float8);")
    print("INSERT INTO vader_reference VALUES")
    print(",\n".join(f"({q(r[0])},{r[1]},{r[2]},{r[3]},{r[4]})" for r in reference_sentences()) + ";")


if __name__ == "__main__":
    main()
