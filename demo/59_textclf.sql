-- Demo report, part 59 (text classifier): a naive Bayes and an L2 logistic
-- classifier of the feedback comments (pmkt_demo.feedback), trained on 70 %
-- of the entries (pmkt.train_test_split, seed 42) with the planted labels
-- as the classes (sentiment: positive / neutral / negative; aspect:
-- product quality / logistics / customer service), scored on the other
-- 30 %.  The demo comments are built from templates, so high accuracy here
-- shows the pipeline works end to end, not how well it does on real text.
\echo
\echo '================================================================'
\echo ' Text classifier: planted sentiment and aspect from the comments'
\echo '================================================================'
\echo
CREATE TEMP TABLE demo_textclf AS
SELECT t.target, t.method,
       pmkt.text_classifier_train(
         format('SELECT comment, %I FROM pmkt_demo.feedback WHERE pmkt.train_test_split(feedback_id::text, 0.3, 42) = ''train''', t.target),
         t.method, ngram_max => 2, min_df => 2) AS m
FROM (VALUES ('sentiment', 'naive_bayes'), ('sentiment', 'logistic'),
             ('aspect', 'naive_bayes'), ('aspect', 'logistic')) t(target, method);

\echo 'The models (unigrams and bigrams of the english lexemes, min_df = 2):'
SELECT target, method, i ->> 'documents' AS training_entries, i ->> 'terms' AS terms,
       i -> 'labels' AS labels
FROM (SELECT target, method, pmkt.text_classifier_info(m) AS i FROM demo_textclf) q
ORDER BY target, method;

\echo
\echo 'Held-out entries: accuracy per model:'
SELECT c.target, c.method, count(*) AS entries,
       round(100.0 * avg((pmkt.text_classify_label(c.m, f.comment) =
                          CASE c.target WHEN 'sentiment' THEN f.sentiment ELSE f.aspect END)::int), 1) AS accuracy_pct
FROM demo_textclf c, pmkt_demo.feedback f
WHERE pmkt.train_test_split(f.feedback_id::text, 0.3, 42) = 'test'
GROUP BY c.target, c.method ORDER BY c.target, c.method;

\echo
\echo 'Naive Bayes sentiment on held-out entries: planted x predicted:'
SELECT f.sentiment AS planted,
       count(*) FILTER (WHERE p.label = 'positive') AS predicted_positive,
       count(*) FILTER (WHERE p.label = 'neutral') AS predicted_neutral,
       count(*) FILTER (WHERE p.label = 'negative') AS predicted_negative
FROM demo_textclf c, pmkt_demo.feedback f, pmkt.text_classify(c.m, f.comment) p
WHERE c.target = 'sentiment' AND c.method = 'naive_bayes'
  AND pmkt.train_test_split(f.feedback_id::text, 0.3, 42) = 'test'
GROUP BY f.sentiment ORDER BY f.sentiment;

\echo
\echo 'Three new comments, scored by the naive Bayes models:'
SELECT x.comment, s.label AS sentiment, round(s.probability::numeric, 3) AS p_sentiment,
       a.label AS aspect, round(a.probability::numeric, 3) AS p_aspect
FROM (VALUES ('The parcel arrived two weeks late and the box was crushed.'),
             ('Support answered within minutes and sorted out my refund.'),
             ('Lovely fabric, the stitching is perfect.')) x(comment)
CROSS JOIN LATERAL pmkt.text_classify((SELECT m FROM demo_textclf WHERE target = 'sentiment' AND method = 'naive_bayes'), x.comment) s
CROSS JOIN LATERAL pmkt.text_classify((SELECT m FROM demo_textclf WHERE target = 'aspect' AND method = 'naive_bayes'), x.comment) a;
DROP TABLE demo_textclf;
