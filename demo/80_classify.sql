-- Demo report, part 80: who responds?  A seeded random forest of visit
-- conversion on pmkt_demo.visits, whose response is planted by a logistic
-- model of ad exposures (+0.25 per exposure), discount (+0.05 per point),
-- pages viewed (+0.18 per page) and channel (src/ops/demo_data.c); trained on
-- 70 % of the visits, the gains table on the other 30 %, the importances.
\echo
\echo '================================================================'
\echo ' Classification: who converts (random forest, gains table)'
\echo '================================================================'
\echo
CREATE TEMP TABLE demo_forest AS
SELECT pmkt.forest_train(
  'SELECT channel, ad_exposures, discount_pct, pages_viewed, converted FROM pmkt_demo.visits
    WHERE pmkt.train_test_split(visit_id::text, 0.3, 42) = ''train''',
  target => 'converted', n_trees => 50, seed => 42, max_depth => 6, min_samples_leaf => 20) AS m;

\echo 'The forest (50 trees, depth <= 6, leaves >= 20 visits):'
SELECT i ->> 'trees' AS trees, i ->> 'training_rows' AS training_rows,
       round((i ->> 'oob_score')::numeric, 3) AS oob_accuracy
FROM (SELECT pmkt.tree_model_info(m) AS i FROM demo_forest) q;

CREATE TEMP TABLE demo_scores AS
SELECT pmkt.predict_proba(f.m, v) AS p, v.converted AS y
FROM demo_forest f, pmkt_demo.visits v
WHERE pmkt.train_test_split(v.visit_id::text, 0.3, 42) = 'test';

\echo
\echo 'Held-out visits: conversion rate and ROC AUC:'
SELECT count(*) AS visits, round(100 * avg(y::int), 1) AS conversion_pct,
       round(pmkt.roc_auc(p, y)::numeric, 3) AS auc
FROM demo_scores;

\echo
\echo 'Gains table (deciles of the predicted probability, best first):'
SELECT g.bin AS decile, g.rows AS visits, g.responders AS converted,
       round(100 * g.response_rate::numeric, 1) AS conversion_pct,
       round(100 * g.gain::numeric, 1) AS cum_gain_pct,
       round(g.lift::numeric, 2) AS lift, round(g.cum_lift::numeric, 2) AS cum_lift
FROM (SELECT pmkt.gains_table(p, y, 10) AS t FROM demo_scores) a, unnest(a.t) g;

\echo
\echo 'What drives conversion (impurity and out-of-bag permutation importance):'
SELECT f.feature, f.feature_type, round(f.impurity_importance::numeric, 3) AS impurity,
       round(f.permutation_importance::numeric, 3) AS permutation
FROM demo_forest, pmkt.feature_importance(m) f
ORDER BY f.impurity_importance DESC;

DROP TABLE demo_scores, demo_forest;
