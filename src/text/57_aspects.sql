-- new in 1.1
-- ---------------------------------------------------------------------------
-- aspects: aspect-level sentiment on PostgreSQL text search (SPEC 1.3)
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.aspect_terms (
    aspect     text NOT NULL CHECK (aspect <> ''),
    term       text NOT NULL CHECK (term <> ''),
    is_default boolean NOT NULL DEFAULT false,
    PRIMARY KEY (aspect, term)
);
COMMENT ON TABLE pmkt.aspect_terms IS
'Aspect vocabularies of pmkt.aspect_sentiment: a sentence is about an aspect when its text search lexemes (to_tsvector with the configuration given, so stemmed and without stop words) contain one of the aspect''s terms (phraseto_tsquery: a multi-word term must appear as a phrase). Seeded with study A''s three aspects (is_default = true); add or edit rows for a shop''s own aspects or words (those rows are the user''s, is_default = false, and survive pg_dump/restore)';
COMMENT ON COLUMN pmkt.aspect_terms.aspect IS 'aspect name as reported (product quality, logistics, customer service or any user-defined aspect)';
COMMENT ON COLUMN pmkt.aspect_terms.term IS 'a word or phrase in the language of the configuration used; it is stemmed as the text is, so under english "arrived" also matches "arrive", "arrives" and "arriving" (but "deliver" does not match "delivery": Snowball stems them deliv and deliveri)';
COMMENT ON COLUMN pmkt.aspect_terms.is_default IS 'true while the row is as shipped by pmkt; set to false by any UPDATE';
GRANT SELECT ON pmkt.aspect_terms TO PUBLIC;

INSERT INTO pmkt.aspect_terms (aspect, term, is_default)
SELECT a, t, true FROM (VALUES
  ('product quality', ARRAY['quality', 'product', 'item', 'material', 'fabric', 'stitching',
     'build', 'well made', 'sturdy', 'durable', 'defective', 'broke', 'broken', 'works',
     'battery', 'size', 'fit', 'colour', 'color', 'design', 'finish', 'craftsmanship',
     'performance', 'cheap']),
  ('logistics', ARRAY['delivery', 'deliver', 'shipping', 'shipment', 'ship', 'package',
     'packaging', 'parcel', 'courier', 'arrived', 'arrival', 'tracking', 'logistics',
     'dispatch', 'transit', 'postage', 'carrier', 'late', 'early']),
  ('customer service', ARRAY['customer service', 'service', 'support', 'agent', 'staff',
     'refund', 'return', 'reply', 'response', 'helpdesk', 'help desk', 'seller',
     'representative', 'complaint', 'call centre', 'call center', 'chat', 'answered',
     'email', 'helpful'])
) v(a, ts), unnest(ts) t;

CREATE FUNCTION pmkt.aspect_terms_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.is_default := false;
  ELSE
    DELETE FROM pmkt.aspect_terms
    WHERE aspect = NEW.aspect AND term = NEW.term AND is_default;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION pmkt.aspect_terms_trigger() IS
'Keeps pmkt.aspect_terms dump-safe: an UPDATE clears is_default; an INSERT of a row that is still a shipped default replaces that row';
CREATE TRIGGER aspect_terms_user_rows
BEFORE INSERT OR UPDATE ON pmkt.aspect_terms
FOR EACH ROW EXECUTE FUNCTION pmkt.aspect_terms_trigger();
SELECT pg_catalog.pg_extension_config_dump('pmkt.aspect_terms', 'WHERE NOT is_default');

CREATE FUNCTION pmkt.aspect_sentiment(
    txt           text,
    config        regconfig DEFAULT 'english',
    pos_threshold float8    DEFAULT 0.05,
    neg_threshold float8    DEFAULT -0.05)
RETURNS TABLE (aspect text, sentence_no int, sentence text, compound float8, label text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT (pos_threshold >= neg_threshold AND pos_threshold <= 1 AND neg_threshold >= -1) THEN
    RAISE EXCEPTION 'pmkt.aspect_sentiment: thresholds must satisfy -1 <= neg_threshold <= pos_threshold <= 1'
      USING ERRCODE = '22023',
            DETAIL = format('pos_threshold = %s, neg_threshold = %s', pos_threshold, neg_threshold),
            HINT = 'Use VADER''s defaults (0.05 and -0.05) or a pair inside [-1, 1] with pos_threshold >= neg_threshold.';
  END IF;
  RETURN QUERY
  WITH q AS (
    SELECT t.aspect AS a,
           string_agg('(' || phraseto_tsquery(config, t.term)::text || ')', ' | ')::tsquery AS query
    FROM pmkt.aspect_terms t
    WHERE phraseto_tsquery(config, t.term)::text <> ''
    GROUP BY t.aspect
  ), s AS (
    SELECT r.n::int AS n, btrim(r.x, E' \t\r\n') AS x
    FROM regexp_split_to_table(txt, '(?<=[.!?])\s+|\n+') WITH ORDINALITY AS r(x, n)
  )
  SELECT q.a, s.n, s.x, v.compound,
         CASE WHEN v.compound >= pos_threshold THEN 'positive'
              WHEN v.compound <= neg_threshold THEN 'negative' ELSE 'neutral' END
  FROM s CROSS JOIN LATERAL to_tsvector(config, s.x) AS tv
  JOIN q ON tv @@ q.query
  CROSS JOIN LATERAL pmkt.sentiment(s.x) AS v
  WHERE s.x <> ''
  ORDER BY s.n, q.a;
END $$;
COMMENT ON FUNCTION pmkt.aspect_sentiment(text, regconfig, float8, float8) IS
'Aspect-level sentiment of one text: the text is split into sentences (after . ! or ? followed by white space, and at line breaks), each sentence is matched against pmkt.aspect_terms on its text search lexemes (to_tsvector(config, sentence) @@ the aspect''s terms as phraseto_tsquery(config, term), OR-ed), and each (aspect, sentence) pair is one row with the sentence''s VADER compound score (pmkt.sentiment) and its label (positive when compound >= pos_threshold, negative when <= neg_threshold). A sentence about no aspect gives no row; NULL or empty text gives no rows. An unknown configuration raises 42704 (from the regconfig cast); a sentence over 1 MB raises 54000';

CREATE FUNCTION pmkt.aspect_sentiment_report(
    feedback      regclass,
    text_col      text      DEFAULT 'comment',
    config        regconfig DEFAULT 'english',
    pos_threshold float8    DEFAULT 0.05,
    neg_threshold float8    DEFAULT -0.05,
    digits        int       DEFAULT 4)
RETURNS TABLE (aspect text, mentions bigint, positive bigint, neutral bigint, negative bigint,
               positive_share numeric, neutral_share numeric, negative_share numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
SET extra_float_digits = 1 AS $$
DECLARE
  coltype regtype;
BEGIN
  -- NULL arguments but digits give no rows (the function was STRICT)
  IF feedback IS NULL OR text_col IS NULL OR config IS NULL OR pos_threshold IS NULL OR neg_threshold IS NULL THEN
    RETURN;
  END IF;
  IF digits < 0 OR digits > 15 THEN
    RAISE EXCEPTION 'argument "digits" must be between 0 and 15'
      USING ERRCODE = '22023', DETAIL = format('Got %s.', digits),
            HINT = 'Pass the number of decimals to round to, or NULL for the values unrounded.';
  END IF;
  SELECT a.atttypid::regtype INTO coltype
  FROM pg_attribute a WHERE a.attrelid = feedback AND a.attname = text_col AND a.attnum > 0 AND NOT a.attisdropped;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'pmkt.aspect_sentiment_report: column "%" of table % does not exist', text_col, feedback
      USING ERRCODE = '42703',
            DETAIL = format('text_col = %L', text_col),
            HINT = 'Pass the name of the table''s text column as text_col.';
  END IF;
  IF coltype NOT IN ('text'::regtype, 'character varying'::regtype, 'character'::regtype) THEN
    RAISE EXCEPTION 'pmkt.aspect_sentiment_report: column "%" of table % must be text', text_col, feedback
      USING ERRCODE = '42804',
            DETAIL = format('the column is %s', coltype),
            HINT = 'Pass a text, varchar or char column, or a view casting it to text.';
  END IF;
  RETURN QUERY EXECUTE format($q$
    WITH m AS (
      SELECT f.rid, a.aspect AS a, avg(a.compound) AS c
      FROM (SELECT row_number() OVER () AS rid, t.%1$I::text AS txt FROM %2$s t) f
      CROSS JOIN LATERAL pmkt.aspect_sentiment(f.txt, $1, $2, $3) a
      GROUP BY f.rid, a.aspect
    ), l AS (
      SELECT m.a, CASE WHEN m.c >= $2 THEN 1 WHEN m.c <= $3 THEN 3 ELSE 2 END AS k FROM m
    ), asp AS (
      SELECT DISTINCT t.aspect AS a FROM pmkt.aspect_terms t
    )
    SELECT asp.a, count(l.k), count(*) FILTER (WHERE l.k = 1), count(*) FILTER (WHERE l.k = 2),
           count(*) FILTER (WHERE l.k = 3),
           -- each share as its shortest decimal (extra_float_digits = 1), rounded to $4
           CASE WHEN $4 IS NULL THEN ((count(*) FILTER (WHERE l.k = 1))::float8 / nullif(count(l.k), 0))::text::numeric
                ELSE pg_catalog.round(((count(*) FILTER (WHERE l.k = 1))::float8 / nullif(count(l.k), 0))::text::numeric, $4) END,
           CASE WHEN $4 IS NULL THEN ((count(*) FILTER (WHERE l.k = 2))::float8 / nullif(count(l.k), 0))::text::numeric
                ELSE pg_catalog.round(((count(*) FILTER (WHERE l.k = 2))::float8 / nullif(count(l.k), 0))::text::numeric, $4) END,
           CASE WHEN $4 IS NULL THEN ((count(*) FILTER (WHERE l.k = 3))::float8 / nullif(count(l.k), 0))::text::numeric
                ELSE pg_catalog.round(((count(*) FILTER (WHERE l.k = 3))::float8 / nullif(count(l.k), 0))::text::numeric, $4) END
    FROM asp LEFT JOIN l ON l.a = asp.a
    GROUP BY asp.a ORDER BY asp.a$q$, text_col, feedback)
  USING config, pos_threshold, neg_threshold, digits;
END $$;
COMMENT ON FUNCTION pmkt.aspect_sentiment_report(regclass, text, regconfig, float8, float8, int) IS
'Table 4 of study A from the texts of a feedback table: for every aspect of pmkt.aspect_terms, the feedback rows that mention it (mentions) and how many of them are positive, neutral and negative, with the shares. A row mentioning an aspect in several sentences counts once, labelled by the mean compound of those sentences (positive when >= pos_threshold, negative when <= neg_threshold; VADER''s 0.05 / -0.05 by default). text_col names the text column (42703 if missing, 42804 if not text); rows with NULL text mention nothing; an aspect no row mentions has 0 counts and NULL shares. A report for reading: the shares are numeric rounded to digits decimals (0..15, default 4; NULL: unrounded, the exact float8 share); NULL arguments other than digits give no rows';
