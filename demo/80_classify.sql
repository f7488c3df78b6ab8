-- Demo report, part 80: who answers a campaign?  A seeded random forest of
-- pmkt_demo.campaign_responses.responded, whose response is planted
-- (src/classify/demo_classify.c): logistic in got_discount (+1.2),
-- recency_days (-0.012 a day), frequency (+0.15 an order, up to 20) and
-- channel (email +0.8, search_ads +0.4, push -0.8); region, age and
-- monetary are noise.  Trained on 70 % of the customers, the gains table on
-- the other 30 %, the importances (the planted drivers come first).
\echo
\echo '================================================================'
\echo ' Classification: who answers a campaign (random forest, gains table)'
\echo '================================================================'
\echo
CREATE TEMP TABLE demo_forest AS
SELECT pmkt.forest_train(
  'SELECT channel, region, age, recency_days, frequency, monetary, got_discount, responded
     FROM pmkt_demo.campaign_responses
    WHERE pmkt.train_test_split(customer_id::text, 0.3, 42) = ''train''',
  target => 'responded', n_trees => 50, seed => 42, max_depth => 6, min_samples_leaf => 20) AS m;

\echo 'The forest (50 trees, depth <= 6, leaves >= 20 customers):'
SELECT i ->> 'trees' AS trees, i ->> 'training_rows' AS training_rows,
       round((i ->> 'oob_score')::numeric, 3) AS oob_accuracy
FROM (SELECT pmkt.tree_model_info(m) AS i FROM demo_forest) q;

CREATE TEMP TABLE demo_scores AS
SELECT pmkt.predict_proba(f.m, c) AS p, c.responded AS y
FROM demo_forest f, pmkt_demo.campaign_responses c
WHERE pmkt.train_test_split(c.customer_id::text, 0.3, 42) = 'test';

\echo
\echo 'Held-out customers: response rate and ROC AUC:'
SELECT count(*) AS customers, round(100 * avg(y::int), 1) AS response_pct,
       round(pmkt.roc_auc(p, y)::numeric, 3) AS auc
FROM demo_scores;

\echo
\echo 'Gains table (deciles of the predicted probability, best first):'
SELECT g.bin AS decile, g.rows AS customers, g.responders,
       round(100 * g.response_rate::numeric, 1) AS response_pct,
       round(100 * g.gain::numeric, 1) AS cum_gain_pct,
       round(g.lift::numeric, 2) AS lift, round(g.cum_lift::numeric, 2) AS cum_lift
FROM (SELECT pmkt.gains_table(p, y, 10) AS t FROM demo_scores) a, unnest(a.t) g;

\echo
\echo 'What drives the response (out-of-bag permutation and impurity importance):'
SELECT f.feature, f.feature_type, round(f.permutation_importance::numeric, 3) AS permutation,
       round(f.impurity_importance::numeric, 3) AS impurity
FROM demo_forest, pmkt.feature_importance(m, digits => NULL) f
ORDER BY f.permutation_importance DESC;

\echo
\echo 'The first tree as rules (the first 3 leaves):'
SELECT r FROM demo_forest, pmkt.tree_rules(m) r LIMIT 3;

DROP TABLE demo_scores, demo_forest;
