-- demo_text: the demo's feedback texts and the evaluation step.
-- The generator (src/ops/demo_data.c) writes one aspect sentence per comment
-- from 36 phrases (3 aspects x 3 sentiments x 4), worded so that VADER gives
-- each its planted sentiment: checked independently by NLTK's VADER with the
-- documented differences (test/text/vader_gen.py's Vader33 labels all 36 as
-- planted) and by hand for the aspect terms.  So the text analysis must
-- recover the planted labels exactly: Table 4 from the texts equals the
-- cross-tabulation of the planted labels (computed without the texts).
SELECT count(*) AS demo_tables FROM pmkt.generate_demo('text_demo', orders => 4800, seed => 5);
SELECT count(*) AS feedback_rows FROM text_demo.feedback;

-- every distinct aspect sentence of the demo is found about exactly its
-- planted aspect, with its planted sentiment (no row: all recovered)
WITH s AS (
  SELECT DISTINCT f.aspect AS planted_aspect, f.sentiment AS planted,
         split_part(f.comment, ' Likelihood', 1) AS sentence
  FROM text_demo.feedback f)
SELECT s.*, a.aspect, a.label
FROM s LEFT JOIN LATERAL pmkt.aspect_sentiment(s.sentence) a ON true
WHERE a.aspect IS DISTINCT FROM replace(s.planted_aspect, '_', ' ') OR a.label IS DISTINCT FROM s.planted;
-- (the "Likelihood to recommend: N/10." sentence mentions no aspect)
SELECT count(*) AS nps_sentences_with_aspect FROM pmkt.aspect_sentiment('Likelihood to recommend: 7/10.');

-- Table 4 from the texts = the planted cross-tabulation (no row differs)
(SELECT aspect, mentions, positive, neutral, negative FROM pmkt.aspect_sentiment_report('text_demo.feedback')
 EXCEPT
 SELECT replace(aspect, '_', ' '), count(*), count(*) FILTER (WHERE sentiment = 'positive'),
        count(*) FILTER (WHERE sentiment = 'neutral'), count(*) FILTER (WHERE sentiment = 'negative')
 FROM text_demo.feedback GROUP BY 1)
UNION ALL
(SELECT replace(aspect, '_', ' '), count(*), count(*) FILTER (WHERE sentiment = 'positive'),
        count(*) FILTER (WHERE sentiment = 'neutral'), count(*) FILTER (WHERE sentiment = 'negative')
 FROM text_demo.feedback GROUP BY 1
 EXCEPT
 SELECT aspect, mentions, positive, neutral, negative FROM pmkt.aspect_sentiment_report('text_demo.feedback'));

-- the evaluation step (pmkt.run_evaluation calls it as step 6): one row per
-- aspect, planted agreement 1, mentions = planted rows = the planted counts
-- up to the end of the period
INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by, parameters, steps_done, steps_skipped)
VALUES ('text_demo', '2024-12-01', now(), now(), current_user, '{}', '', '');
SELECT pmkt.evaluation_text('text_demo', '2024-12-01', '2025-01-01 00:00+00', now()) AS skipped;
SELECT v.aspect, v.mentions = v.planted_rows AS all_found, v.planted_agreement,
       v.mentions = (SELECT count(*) FROM text_demo.feedback f
                     WHERE replace(f.aspect, '_', ' ') = v.aspect AND f.created_at < '2025-01-01 00:00+00') AS planted_count,
       round((v.positive_share + v.neutral_share + v.negative_share)::numeric, 12) AS shares_sum
FROM pmkt.v_aspect_sentiment v WHERE v.source_schema = 'text_demo' ORDER BY v.aspect;
-- a schema without feedback: the step is skipped with the reason
CREATE SCHEMA text_empty;
SELECT pmkt.evaluation_text('text_empty', '2024-12-01', '2025-01-01 00:00+00', now()) AS skipped;
-- every column of the BI view has a comment
SELECT count(*) AS columns, count(col_description('pmkt.v_aspect_sentiment'::regclass, attnum)) AS commented
FROM pg_attribute WHERE attrelid = 'pmkt.v_aspect_sentiment'::regclass AND attnum > 0;
DELETE FROM pmkt.history_runs WHERE source_schema = 'text_demo';
DROP SCHEMA text_demo CASCADE;
DROP SCHEMA text_empty;
