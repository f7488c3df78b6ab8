-- Demo report, part 58: study A's Table 4 from the feedback texts: every
-- comment split into sentences, each sentence matched to the aspects of
-- pmkt.aspect_terms on its text search lexemes and scored by VADER
-- (pmkt.sentiment); then the agreement with the labels planted by the
-- generator (pmkt_demo.feedback.aspect / sentiment).
\echo
\echo '================================================================'
\echo ' Study A: aspect sentiment of the feedback texts (Table 4)'
\echo '================================================================'
\echo
\echo 'Three comments, their aspect sentences and VADER compound scores:'
SELECT f.feedback_id, a.aspect, a.sentence, round(a.compound::numeric, 4) AS compound, a.label
FROM (SELECT * FROM pmkt_demo.feedback ORDER BY feedback_id LIMIT 3) f,
     pmkt.aspect_sentiment(f.comment) a
ORDER BY f.feedback_id, a.aspect;

\echo
\echo 'Table 4: feedback entries per aspect and sentiment (from the texts):'
SELECT aspect, mentions, positive, neutral, negative,
       round(100 * positive_share::numeric, 1) AS positive_pct,
       round(100 * neutral_share::numeric, 1) AS neutral_pct,
       round(100 * negative_share::numeric, 1) AS negative_pct
FROM pmkt.aspect_sentiment_report('pmkt_demo.feedback', 'comment');

\echo
\echo 'Agreement with the planted labels (entries where the text analysis finds the planted aspect with the planted sentiment):'
WITH found AS (
  SELECT f.feedback_id, a.aspect,
         CASE WHEN avg(a.compound) >= 0.05 THEN 'positive'
              WHEN avg(a.compound) <= -0.05 THEN 'negative' ELSE 'neutral' END AS label
  FROM pmkt_demo.feedback f, pmkt.aspect_sentiment(f.comment) a
  GROUP BY f.feedback_id, a.aspect)
SELECT replace(f.aspect, '_', ' ') AS planted_aspect, count(*) AS entries,
       count(*) FILTER (WHERE x.feedback_id IS NOT NULL) AS aspect_found,
       count(*) FILTER (WHERE x.label = f.sentiment) AS aspect_and_sentiment_found,
       round(100.0 * count(*) FILTER (WHERE x.label = f.sentiment) / count(*), 1) AS agreement_pct
FROM pmkt_demo.feedback f
LEFT JOIN found x ON x.feedback_id = f.feedback_id AND x.aspect = replace(f.aspect, '_', ' ')
GROUP BY ROLLUP (1) ORDER BY grouping(replace(f.aspect, '_', ' ')), 1;
