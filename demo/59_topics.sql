-- Demo report, part 59: topics of the feedback texts by latent Dirichlet
-- allocation (pmkt.topics_train: variational Bayes as scikit-learn's
-- LatentDirichletAllocation) on PostgreSQL text search lexemes; then how
-- the topics line up with the aspects planted by the generator
-- (pmkt_demo.feedback.aspect), which the model never sees.  The comment's
-- closing "Likelihood to recommend: N/10." sentence is left out (the same
-- in every comment, and its score is not a topic).
\echo
\echo '================================================================'
\echo ' Study A: topics of the feedback texts (LDA, 6 topics)'
\echo '================================================================'
\echo
CREATE TEMP TABLE demo_topics AS
SELECT pmkt.topics_train($q$SELECT feedback_id, split_part(comment, ' Likelihood to recommend', 1)
                            FROM pmkt_demo.feedback ORDER BY feedback_id$q$,
                         n_topics => 6, seed => 42, max_iter => 30, min_df => 5, max_df => 0.5) AS m;
\echo 'Model (saved in the registry as demo_feedback_topics):'
SELECT pmkt.save_model('demo_feedback_topics', 'lda', m, '{"n_topics": 6, "seed": 42, "max_iter": 30, "min_df": 5, "max_df": 0.5}'::jsonb,
                       'pmkt_demo.feedback, comment without its last sentence',
                       jsonb_build_object('perplexity', (pmkt.topics_model_info(m)->>'perplexity')::float8)) AS registry_version,
       (i->>'documents')::bigint AS documents, (i->>'n_terms')::int AS lexemes, (i->>'words')::float8 AS words,
       round((i->>'perplexity')::numeric, 2) AS training_perplexity
FROM demo_topics, LATERAL pmkt.topics_model_info(m) i;

\echo
\echo 'Each topic: its 6 heaviest lexemes (share of the topic), the comments it dominates, and their planted aspects:'
WITH dom AS (
  SELECT f.aspect,
         (SELECT i FROM unnest(pmkt.topic_mixture(d.m, split_part(f.comment, ' Likelihood to recommend', 1)))
                  WITH ORDINALITY u(x, i) ORDER BY x DESC, i LIMIT 1) AS topic
  FROM pmkt_demo.feedback f, demo_topics d),
terms AS (
  SELECT topic, string_agg(term || ' ' || round(weight::numeric, 3), ', ' ORDER BY rank) AS top_terms
  FROM demo_topics, pmkt.topic_terms(m, 6) GROUP BY topic)
SELECT topic, top_terms, count(*) AS comments,
       round(100.0 * count(*) FILTER (WHERE aspect = 'product_quality') / count(*), 1) AS quality_pct,
       round(100.0 * count(*) FILTER (WHERE aspect = 'logistics') / count(*), 1) AS logistics_pct,
       round(100.0 * count(*) FILTER (WHERE aspect = 'customer_service') / count(*), 1) AS service_pct
FROM dom JOIN terms USING (topic) GROUP BY topic, top_terms ORDER BY topic;

\echo
\echo 'Perplexity of the even and odd feedback ids under the model (lower is better):'
SELECT round(pmkt.topics_perplexity(m, $q$SELECT split_part(comment, ' Likelihood to recommend', 1) FROM pmkt_demo.feedback WHERE feedback_id % 2 = 0$q$)::numeric, 2) AS even_ids,
       round(pmkt.topics_perplexity(m, $q$SELECT split_part(comment, ' Likelihood to recommend', 1) FROM pmkt_demo.feedback WHERE feedback_id % 2 = 1$q$)::numeric, 2) AS odd_ids
FROM demo_topics;
DROP TABLE demo_topics;
