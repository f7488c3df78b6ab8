-- aspects: pmkt.aspect_terms, pmkt.aspect_sentiment, pmkt.aspect_sentiment_report.
-- Expected compounds: test/text/aspects_ref.py (NLTK's VADER with the
-- documented differences D1-D4, to 4 decimals); which aspect each sentence is
-- about is checked by hand against the seeded terms and Snowball English
-- stems (delivered -> deliv, arrives/arrived -> arriv, emails -> email,
-- shipping -> ship, as NLTK's SnowballStemmer("english") gives too).

SELECT aspect, count(*) AS terms, bool_and(is_default) AS shipped
FROM pmkt.aspect_terms GROUP BY aspect ORDER BY aspect;

-- one review, four sentences: logistics 0.5719, customer service -0.1511,
-- product quality -0.3818 (size and quality in one sentence: one row),
-- product quality 0.6369 (colour)
SELECT aspect, sentence_no, sentence, round(compound::numeric, 4) AS compound, label
FROM pmkt.aspect_sentiment('The delivery was fast and the packaging was perfect. '
  'The support agent was rude and unhelpful! Quality is great, but the size is wrong.  I love the colour.');

-- stems: "delivered" matches the term "deliver", "arrives" the term
-- "arrived", "emails" the term "email"; a sentence about two aspects gives
-- two rows with the same compound (0.3786); line breaks split sentences;
-- a sentence about nothing ("Thanks.") gives no row
SELECT aspect, sentence_no, sentence, round(compound::numeric, 4) AS compound, label
FROM pmkt.aspect_sentiment(E'It was delivered two days late\nThe parcel arrives damaged. Thanks. '
  'Customer service never answered my emails. Great product, terrible shipping!!');
-- without stemming (simple configuration) "arrives" and "delivered" match nothing
SELECT aspect, sentence_no FROM pmkt.aspect_sentiment(E'It was delivered two days late\nThe parcel arrives damaged.', 'simple');
-- NULL or empty text: no rows
SELECT count(*) FROM pmkt.aspect_sentiment(NULL);
SELECT count(*) FROM pmkt.aspect_sentiment('');
-- errors: unknown configuration (42704), thresholds (22023)
\set VERBOSITY sqlstate
SELECT * FROM pmkt.aspect_sentiment('The delivery was fast.', 'no_such_config');
SELECT * FROM pmkt.aspect_sentiment('The delivery was fast.', 'english', -0.1, 0.1);
SELECT * FROM pmkt.aspect_sentiment('The delivery was fast.', 'english', 'NaN', 0);
\set VERBOSITY default
SELECT * FROM pmkt.aspect_sentiment('The delivery was fast.', 'english', -0.1, 0.1);

-- Table 4 over a small feedback table (hand count):
--  a: logistics 0.5719 (positive), product quality 0.2023 (positive)
--  b: logistics, mean of 0 and 0.4939 = 0.24695 (positive)
--  c: logistics -0.4404 (negative)
--  d: customer service 0 (neutral)      e: customer service -0.1511 (negative)
--  f: product quality, mean of -0.7650 and 0.3786 = -0.1932 (negative);
--     logistics 0.3786 (positive)
--  g: NULL, h: no aspect
-- customer service 2 = 0 / 1 / 1; logistics 4 = 3 / 0 / 1; product quality 2 = 1 / 0 / 1
CREATE TEMP TABLE fb (id int, comment text, stars int);
INSERT INTO fb VALUES
 (1, 'The delivery was fast and the packaging was perfect. The item is fine.', 5),
 (2, 'Shipping was slow. The courier was friendly.', 4),
 (3, 'The parcel arrives damaged.', 2),
 (4, 'Customer service never answered my emails.', 3),
 (5, 'The support agent was rude and unhelpful!', 1),
 (6, 'Horrible fabric, the stitching is poor. Great product, terrible shipping!!', 2),
 (7, NULL, 3),
 (8, 'Nothing to say.', 3);
SELECT aspect, mentions, positive, neutral, negative,
       round(positive_share::numeric, 4) AS pos_share, round(neutral_share::numeric, 4) AS neu_share,
       round(negative_share::numeric, 4) AS neg_share
FROM pmkt.aspect_sentiment_report('fb');
-- the report for reading (issue 16): the shares are numeric rounded to 4
-- decimals by default (the same figures as the rounding above), to digits
-- decimals, or unrounded with digits NULL (share x mentions gives the
-- count back exactly)
SELECT aspect, positive_share, neutral_share, negative_share, pg_typeof(positive_share) AS type
FROM pmkt.aspect_sentiment_report('fb');
SELECT aspect, positive_share, neutral_share, negative_share FROM pmkt.aspect_sentiment_report('fb', digits => 1);
SELECT aspect, positive_share = positive::float8 / mentions AS pos_exact, negative_share::float8 * mentions = negative AS neg_back,
       positive_share
FROM pmkt.aspect_sentiment_report('fb', digits => NULL) WHERE mentions > 0;
SELECT count(*) AS rows_for_null_table FROM pmkt.aspect_sentiment_report(NULL);
-- thresholds 0.5 / -0.5: only a's logistics (0.5719) stays positive, the rest neutral
SELECT aspect, mentions, positive, neutral, negative
FROM pmkt.aspect_sentiment_report('fb', pos_threshold => 0.5, neg_threshold => -0.5);
-- a shop's own aspect: "price" ("expensive" stems to expens): 9 scores 0 (neutral),
-- 10 scores 0.765 (positive, test/text/aspects_ref.py's Vader33)
INSERT INTO pmkt.aspect_terms (aspect, term) VALUES ('price', 'price'), ('price', 'expensive');
INSERT INTO fb VALUES (9, 'Way too expensive for what it is.', 2), (10, 'Fair price, good value.', 5);
SELECT aspect, mentions, positive, neutral, negative FROM pmkt.aspect_sentiment_report('fb');
DELETE FROM pmkt.aspect_terms WHERE aspect = 'price';
-- errors: missing column (42703), not a text column (42804), missing table (42P01)
\set VERBOSITY sqlstate
SELECT * FROM pmkt.aspect_sentiment_report('fb', 'body');
SELECT * FROM pmkt.aspect_sentiment_report('fb', 'stars');
SELECT * FROM pmkt.aspect_sentiment_report('no_such_table');
SELECT * FROM pmkt.aspect_sentiment_report('fb', digits => -1);
\set VERBOSITY default
SELECT * FROM pmkt.aspect_sentiment_report('fb', 'stars');
