-- textnb: pmkt.text_nb_counts, the naive Bayes counts of
-- pmkt.text_classifier_train as a combinable aggregate (issue 18: training
-- on both cores), its state pmkt.textnbstate, pmkt.text_nb_counts_info and
-- pmkt.text_nb_counts_terms.
-- References, independent of pmkt's reader: the server's own to_tsvector
-- (its lexemes, one per position), counted here in SQL per term and label,
-- and the bigrams as the pairs of to_tsvector lexemes at positions p and
-- p + 1 (as text/textclf checks pmkt.text_tokens); small cases by hand.  The
-- naive Bayes model built on these counts is checked against scikit-learn's
-- MultinomialNB in text/textclf (model nb1, to 1e-9); here the same model
-- must come out of a forced parallel plan as out of a serial one.
SET client_min_messages = warning;
CREATE TABLE nb_docs (id int, body text, topic text);
INSERT INTO nb_docs
SELECT g,
  CASE WHEN g % 53 = 0 THEN NULL ELSE
  (SELECT string_agg((ARRAY['Delivery', 'was', 'late', 'well-packed', 'box,', 'the', 'agent', 'refunded',
      'quickly!', 'broken', 'zipper', 'and', 'not', 'stitching', 'fabric', 'courier', 'lost', 'parcel',
      'friendly', 'support'])[1 + (g * 7 + k * 13 + k * k * g) % 20], ' ')
     FROM generate_series(1, 3 + g % 9) k) END,
  CASE WHEN g % 41 = 0 THEN NULL ELSE (ARRAY['quality', 'logistics', 'service'])[1 + (g * g + g / 7) % 3] END
FROM generate_series(1, 3000) g;
ANALYZE nb_docs;

-- the reference counts from to_tsvector: per (term, label) the occurrences,
-- per term the documents (of any label) holding it; rows with a NULL label
-- are not documents
CREATE TEMP TABLE nb_lex AS
SELECT d.id, d.topic, t.lexeme AS term, p
FROM nb_docs d, unnest(to_tsvector('english', d.body)) t, unnest(t.positions) p
WHERE d.topic IS NOT NULL;
CREATE TEMP TABLE nb_ref AS
WITH terms AS (
  SELECT 1 AS n, id, topic, term FROM nb_lex
  UNION ALL SELECT 2, id, topic, term FROM nb_lex
  UNION ALL SELECT 2, a.id, a.topic, a.term || ' ' || b.term FROM nb_lex a JOIN nb_lex b ON b.id = a.id AND b.p = a.p + 1),
df AS (SELECT n, term, count(DISTINCT id) AS documents FROM terms GROUP BY n, term)
SELECT t.n, t.term, t.topic AS label, df.documents, count(*) AS occurrences
FROM terms t JOIN df USING (n, term) GROUP BY t.n, t.term, t.topic, df.documents;

CREATE TEMP TABLE nb_state AS
SELECT n, pmkt.text_nb_counts(body, topic, 'english', n) AS s
FROM nb_docs, (VALUES (1), (2)) v(n) GROUP BY n;
SELECT n, pmkt.text_nb_counts_info(s) AS info FROM nb_state ORDER BY n;
-- by SQL: documents per label, rows without a label
SELECT topic, count(*) FROM nb_docs GROUP BY topic ORDER BY topic COLLATE "C";
-- every (term, label) count and document frequency equals the reference
WITH c AS (SELECT n, x.* FROM nb_state, pmkt.text_nb_counts_terms(s) x)
SELECT n, count(*) AS pairs,
       count(*) FILTER (WHERE c.term IS NULL) AS only_in_reference,
       count(*) FILTER (WHERE r.term IS NULL) AS only_in_pmkt,
       count(*) FILTER (WHERE c.documents = r.documents AND c.occurrences = r.occurrences) AS equal
FROM c FULL JOIN nb_ref r USING (n, term, label)
GROUP BY n ORDER BY n;
-- by hand: two documents, 'late parcel' (b) and 'late late' (a); the
-- transition function called directly (no aggregate) returns a flat state
SELECT pmkt.text_nb_counts_info(pmkt.text_nb_counts_sfunc(pmkt.text_nb_counts_sfunc(
         NULL, 'late parcel', 'b', 'english', 1), 'late late', 'a', 'english', 1)) AS info;
SELECT * FROM pmkt.text_nb_counts_terms(pmkt.text_nb_counts_sfunc(pmkt.text_nb_counts_sfunc(
         NULL, 'late parcel', 'b', 'english', 1), 'late late', 'a', 'english', 1));
-- a NULL text is a document without terms, a NULL label skips the row
SELECT pmkt.text_nb_counts_info(pmkt.text_nb_counts(b, l, 'simple', 1))
FROM (VALUES ('x y', 'p'), (NULL, 'q'), ('z', NULL), (NULL, NULL)) v(b, l);
-- no row: NULL
SELECT pmkt.text_nb_counts(body, topic, 'english', 1) IS NULL AS no_rows FROM nb_docs WHERE false;

-- one set of rows, one state: in any row order, and split in two and combined
SELECT n, pmkt.text_nb_counts(body, topic, 'english', n ORDER BY id DESC)::text = min(s::text) AS reversed_order
FROM nb_docs, nb_state GROUP BY n ORDER BY n;
SELECT w.n, pmkt.text_nb_counts_combine(a.s, b.s)::text = w.s::text AS combined,
       pmkt.text_nb_counts_combine(b.s, a.s)::text = w.s::text AS combined_other_way
FROM nb_state w,
     LATERAL (SELECT pmkt.text_nb_counts(body, topic, 'english', w.n) s FROM nb_docs WHERE id % 3 = 0) a,
     LATERAL (SELECT pmkt.text_nb_counts(body, topic, 'english', w.n) s FROM nb_docs WHERE id % 3 <> 0) b
ORDER BY w.n;

-- exact text round trip, binary form = the bytes
SELECT n, s::text::pmkt.textnbstate::text = s::text AS text_round_trip,
       pmkt.textnbstate_send(s) = decode(s::text, 'hex') AS send_is_bytes
FROM nb_state ORDER BY n;

-- a forced parallel plan: partial counts in the workers, combined by the
-- leader; the same states, and text_classifier_train (which runs this
-- aggregate over its query) the same models, as serially
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT count(*) FILTER (WHERE l ~ 'Partial Aggregate') AS partial_aggregates,
       count(*) FILTER (WHERE l ~ 'Parallel Seq Scan on nb_docs') AS parallel_scans
FROM pg_temp.plan_lines('SELECT pmkt.text_nb_counts(q.doc::text, q.label::text, ''english'', 1) FROM (SELECT body, topic FROM nb_docs) AS q(doc, label)') l;
CREATE TEMP TABLE nb_par AS
SELECT n, pmkt.text_nb_counts(body, topic, 'english', n)::text AS s,
       pmkt.text_classifier_train('SELECT body, topic FROM nb_docs', ngram_max => n, min_df => 2)::text AS m
FROM nb_docs, (VALUES (1), (2)) v(n) GROUP BY n;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE nb_ser AS
SELECT n, pmkt.text_nb_counts(body, topic, 'english', n)::text AS s,
       pmkt.text_classifier_train('SELECT body, topic FROM nb_docs', ngram_max => n, min_df => 2)::text AS m
FROM nb_docs, (VALUES (1), (2)) v(n) GROUP BY n;
RESET max_parallel_workers_per_gather;
SELECT p.n, p.s = s.s AS same_state, p.m = s.m AS same_model, p.s = t.s::text AS same_as_above
FROM nb_par p JOIN nb_ser s USING (n) JOIN nb_state t USING (n) ORDER BY p.n;
-- the model from the counts: its vocabulary is the terms in min_df = 2 documents
SELECT n, (pmkt.text_classifier_info(m::pmkt.textmodel) ->> 'terms')::int
        = (SELECT count(*) FROM (SELECT DISTINCT term FROM nb_ref r WHERE r.n = s.n AND r.documents >= 2) x) AS vocabulary
FROM nb_ser s ORDER BY n;

-- bad input
SELECT pmkt.text_nb_counts(body, topic, 'english', 3) FROM nb_docs;
SELECT pmkt.text_nb_counts(body, topic, NULL, 1) FROM nb_docs;
SELECT pmkt.text_nb_counts(body, topic, 'english', NULL) FROM nb_docs;
SELECT pmkt.text_nb_counts(body, topic, 4294967295::oid::regconfig, 1) FROM nb_docs;
SELECT pmkt.text_nb_counts(body, topic, CASE WHEN id < 10 THEN 'english' ELSE 'simple' END::regconfig, 1) FROM nb_docs;
SELECT pmkt.text_nb_counts(body, topic, 'english', CASE WHEN id < 10 THEN 1 ELSE 2 END) FROM nb_docs;
SELECT pmkt.text_nb_counts_combine(a.s, b.s) FROM nb_state a, nb_state b WHERE a.n = 1 AND b.n = 2;
SELECT pmkt.text_nb_counts_combine(s, pmkt.text_nb_counts_sfunc(NULL, 'x', 'a', 'simple', 1)) FROM nb_state WHERE n = 1;
SET pmkt.max_train_memory = '64kB';
SELECT pmkt.text_nb_counts(body || g, topic, 'english', 2) FROM nb_docs, generate_series(1, 20) g;
RESET pmkt.max_train_memory;
-- damaged states: 22P02 on input, never a crash
SELECT 'abc'::pmkt.textnbstate;
SELECT '00zz'::pmkt.textnbstate;
-- a bad digit inside a long enough text: its 1-based position (here the 4th
-- character, the low digit of the second byte)
SELECT ('000g' || repeat('0', 996))::pmkt.textnbstate;
SELECT left(s::text, 200)::pmkt.textnbstate FROM nb_state WHERE n = 1;
SELECT (s::text || '00')::pmkt.textnbstate FROM nb_state WHERE n = 1;
-- not a state (its tag zeroed)
SELECT overlay(s::text placing '00000000' from 1)::pmkt.textnbstate FROM nb_state WHERE n = 1;
-- the first label's document count made -1
SELECT overlay(s::text placing 'ffffffffffffffff' from 89)::pmkt.textnbstate FROM nb_state WHERE n = 1;
-- a model is not a state
SELECT pmkt.text_classifier_train('SELECT body, topic FROM nb_docs')::text::pmkt.textnbstate;
RESET client_min_messages;
DROP TABLE nb_docs;
