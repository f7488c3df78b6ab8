-- sentiment: pmkt.sentiment (VADER, Hutto & Gilbert 2014) against
--  (1) the outputs of the reference implementation, vaderSentiment 3.3.1, on
--      40 shop-review sentences (../shared/data/lexicons/vader_reference.tsv,
--      copied into test/text/vader_data.sql): compound to 1e-4, neg / neu /
--      pos to 1e-3 (VADER rounds to 4 and 3 decimals);
--  (2) NLTK 3.8's VADER (Debian python3-nltk) on 2 475 sentences (those 40,
--      the paper's examples and 2 400 generated to exercise every rule),
--      with the documented differences D1-D4 of test/text/vader_gen.py
--      applied as small overrides of NLTK's code: every compound to 1e-4;
--      plain NLTK agrees on 1 419 of them (the rest differ by D1-D4 only);
--  (3) hand-checked cases: NULL / empty text, the 1 MB limit, white space,
--      capitals, and the editable lexicon (cache invalidation, rollback,
--      non-finite or out-of-range valences).
\set ECHO none
\i test/text/vader_data.sql
\set ECHO all

-- (1) vaderSentiment's reference outputs: no row differs
SELECT r.txt, r.compound, s.compound AS pmkt_compound, r.neg, s.negative, r.neu, s.neutral, r.pos, s.positive
FROM vader_reference r, pmkt.sentiment(r.txt) s
WHERE abs(s.compound - r.compound) > 0.00005 + 1e-12
   OR abs(s.negative - r.neg) > 0.0005 + 1e-12
   OR abs(s.neutral - r.neu) > 0.0005 + 1e-12
   OR abs(s.positive - r.pos) > 0.0005 + 1e-12;
SELECT count(*) AS reference_sentences FROM vader_reference;

-- the README's two outputs: 0.4404 and 0.7383
SELECT round(pmkt.sentiment_compound('The book was good.')::numeric, 4) AS good,
       round(pmkt.sentiment_compound('The food was not good, but the service was great!')::numeric, 4) AS but_great;

-- (2) NLTK + D1-D4: no sentence differs; and how many plain NLTK matches
SELECT count(*) AS sentences,
       count(*) FILTER (WHERE abs(s.compound - d.ref_compound) > 0.00005 + 1e-12) AS compound_off,
       count(*) FILTER (WHERE abs(s.negative - d.ref_neg) > 0.0005 + 1e-12
                           OR abs(s.neutral - d.ref_neu) > 0.0005 + 1e-12
                           OR abs(s.positive - d.ref_pos) > 0.0005 + 1e-12) AS shares_off,
       count(*) FILTER (WHERE abs(s.compound - d.nltk_compound) <= 0.00005 + 1e-12) AS plain_nltk_agrees,
       count(*) FILTER (WHERE s.label IS DISTINCT FROM CASE WHEN d.ref_compound >= 0.05 THEN 'positive'
                                 WHEN d.ref_compound <= -0.05 THEN 'negative' ELSE 'neutral' END) AS label_off
FROM vader_data d, pmkt.sentiment(d.txt) s;
SELECT d.id, d.txt, d.ref_compound, s.compound FROM vader_data d, pmkt.sentiment(d.txt) s
WHERE abs(s.compound - d.ref_compound) > 0.00005 + 1e-12 LIMIT 5;

-- (3) edge cases
-- NULL gives NULL; empty or blank text: no tokens, all zero, neutral
SELECT pmkt.sentiment(NULL) IS NULL AS null_is_null, pmkt.sentiment(''), pmkt.sentiment(E' \t\n ');
-- a text of punctuation only is one token, not in the lexicon: neutral share 1
SELECT * FROM pmkt.sentiment('...');
-- "good" = 1.9: 1.9 / sqrt(1.9^2 + 15) = 0.44043; its ALL-CAPS form in a
-- mixed text adds 0.733: 2.633 / sqrt(2.633^2 + 15) = 0.56222; a text all in
-- capitals gets no capital emphasis (0.44043)
SELECT round(pmkt.sentiment_compound('good')::numeric, 5) AS good,
       round(pmkt.sentiment_compound('it is GOOD')::numeric, 5) AS caps_good,
       round(pmkt.sentiment_compound('IT IS GOOD')::numeric, 5) AS all_caps;
-- Python's str.split() white space: no-break space (U+00A0) and ideographic
-- space (U+3000) separate words: same as with a plain space (0.44043)
SELECT round(pmkt.sentiment_compound(E'it is\u00a0good')::numeric, 5) AS nbsp,
       round(pmkt.sentiment_compound(E'it is\u3000good')::numeric, 5) AS ideographic;
-- 200 000 x "good " (1 000 000 bytes, under the 1 MB limit) is scored
-- (sum 380000, compound 380000 / sqrt(380000^2 + 15) = 1 - 5.2e-11)
SELECT round(s.compound::numeric, 6), s.label
FROM pmkt.sentiment(repeat('good ', 200000)) s;
\set VERBOSITY sqlstate
SELECT pmkt.sentiment(repeat('x', 1048577));
\set VERBOSITY default
SELECT pmkt.sentiment(repeat('x', 1048577));

-- the lexicon: 7 506 rows as shipped (7 520 lines, 14 terms listed twice
-- keep their last value: lol 1.8, not the first line's 2.9)
SELECT count(*) AS terms, count(*) FILTER (WHERE is_default) AS shipped,
       min(valence), max(valence) FROM pmkt.sentiment_lexicon;
SELECT term, valence FROM pmkt.sentiment_lexicon WHERE term IN ('lol', 'ok', 'fav', 'good') ORDER BY term;

-- a shop adds a word: seen by the next call in the same session ("pmktastic"
-- 2.0: 2 / sqrt(4 + 15) = 0.45883), then edited (-2.0: -0.45883), deleted (0)
SELECT pmkt.sentiment_compound('pmktastic') AS before;
INSERT INTO pmkt.sentiment_lexicon (term, valence) VALUES ('pmktastic', 2.0);
SELECT round(pmkt.sentiment_compound('pmktastic')::numeric, 5) AS added;
UPDATE pmkt.sentiment_lexicon SET valence = -2.0 WHERE term = 'pmktastic';
SELECT round(pmkt.sentiment_compound('pmktastic')::numeric, 5) AS edited;
DELETE FROM pmkt.sentiment_lexicon WHERE term = 'pmktastic';
SELECT pmkt.sentiment_compound('pmktastic') AS deleted;
-- editing a shipped row makes it the user's (kept by pg_dump); a rolled-back
-- edit is not seen afterwards: "good" back to 0.44043
BEGIN;
UPDATE pmkt.sentiment_lexicon SET valence = -1.9 WHERE term = 'good';
SELECT is_default, round(pmkt.sentiment_compound('good')::numeric, 5) AS in_transaction
FROM pmkt.sentiment_lexicon WHERE term = 'good';
ROLLBACK;
SELECT is_default, round(pmkt.sentiment_compound('good')::numeric, 5) AS after_rollback
FROM pmkt.sentiment_lexicon WHERE term = 'good';
-- non-finite or out-of-range valences are refused (23514)
\set VERBOSITY sqlstate
INSERT INTO pmkt.sentiment_lexicon (term, valence) VALUES ('nanword', 'NaN');
INSERT INTO pmkt.sentiment_lexicon (term, valence) VALUES ('infword', 'Infinity');
INSERT INTO pmkt.sentiment_lexicon (term, valence) VALUES ('bigword', 4.5);
INSERT INTO pmkt.sentiment_lexicon (term, valence) VALUES ('', 1);
\set VERBOSITY default
-- and if the check is dropped, pmkt.sentiment refuses the row (22003)
BEGIN;
ALTER TABLE pmkt.sentiment_lexicon DROP CONSTRAINT sentiment_lexicon_valence_check;
INSERT INTO pmkt.sentiment_lexicon (term, valence) VALUES ('nanword', 'NaN');
SELECT pmkt.sentiment('fine');
ROLLBACK;
SELECT round(pmkt.sentiment_compound('nanword fine')::numeric, 5) AS after_rollback;
