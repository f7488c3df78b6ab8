-- classify/tree: CART trees and random forests (issue 13, part 1).
-- References: test/classify/tree.py (scikit-learn 1.2.1 DecisionTreeClassifier
-- on the same closed-formula data; values quoted below).  scikit-learn
-- stores X as float32, so its thresholds differ in the last digits
-- (50.04999923706055 for pmkt's 50.05) while the partitions are the same.
CREATE TABLE tr AS
SELECT id, ((id * 7919) % 1000) / 10.0::float8 AS x1,
       ((id * 104729) % 997) / 997.0::float8 AS x2,
       ((id * 31337) % 211) / 7.0::float8 AS x3,
       (ARRAY['north', 'south', 'east', 'west', 'centre'])[(id * 13) % 5 + 1] AS region,
       (id * 17) % 3 = 0 AS member
FROM generate_series(1, 600) id;
ALTER TABLE tr ADD COLUMN y boolean;
UPDATE tr SET y = ((x1 > 50)::int + (x2 > 0.6)::int + (region IN ('south', 'east'))::int
                   + ((id * 7) % 5 = 0)::int) >= 2;
SELECT count(*) FILTER (WHERE y) AS positives FROM tr;   -- 293

-- depth 3 on x1, x2, x3 (sklearn: 6 leaves, depth 3, sum p 293.0,
-- sum id*p 88347.9005952295, AUC 0.9013129370435016, root split x1 at 50.05,
-- importances 0.5106281287921431, 0.46496142463729256, 0.024410446570564178)
CREATE TABLE tm AS SELECT 'depth3'::text AS name,
  pmkt.tree_train('SELECT x1, x2, x3, y FROM tr', 'y', max_depth => 3, splitter => 'exact') AS m;
SELECT pmkt.tree_model_info(m) FROM tm;
SELECT pmkt.tree_rules(m) FROM tm;
SELECT abs(sum(pmkt.predict_proba(m, t)) - 293.0) < 1e-9 AS sum_p_ok,
       abs(sum(pmkt.predict_proba(m, t) * t.id) - 88347.9005952295) < 1e-7 AS sum_id_p_ok,
       abs(pmkt.roc_auc(pmkt.predict_proba(m, t), t.y) - 0.9013129370435016) < 1e-15 AS auc_ok
FROM tm, tr t;
SELECT feature, feature_type,
       abs(impurity_importance - (ARRAY[0.5106281287921431, 0.46496142463729256, 0.024410446570564178])[row_number() OVER ()]) < 1e-12 AS imp_ok,
       permutation_importance
FROM tm, pmkt.feature_importance(m, digits => NULL);
-- a report for reading (issue 16): digits decimals, default 4; sklearn's
-- impurity importances above rounded by hand: 0.5106281287921431 -> 0.5106 /
-- 0.51, 0.46496142463729256 -> 0.4650 / 0.46, 0.024410446570564178 -> 0.0244
-- / 0.02; permutation importance NULL (a single tree)
SELECT feature, impurity_importance, permutation_importance FROM tm, pmkt.feature_importance(m);
SELECT feature, impurity_importance FROM tm, pmkt.feature_importance(m, digits => 2);
-- digits outside 0..15: 22023; a NULL model: no rows
\set VERBOSITY default
SELECT * FROM tm, pmkt.feature_importance(m, digits => -1);
SELECT count(*) FROM pmkt.feature_importance(NULL);

-- entropy, min_samples_leaf 20, class_weight balanced (sklearn: 14 leaves,
-- depth 6, sum p 296.1470391114922, sum id*p 89303.42349662972, AUC 0.9145701548620917;
-- pmkt: the same size, one split differs (equal-quality candidates are
-- taken in another order), AUC 0.914131026892: within 0.0005)
INSERT INTO tm SELECT 'entropy', pmkt.tree_train('SELECT x1, x2, x3, y FROM tr', 'y', criterion => 'entropy',
  min_samples_leaf => 20, class_weight => 'balanced', splitter => 'exact');
-- ccp_alpha 0.005 (sklearn: 4 leaves, depth 2, sum id*p 88280.09814323607, AUC 0.8805127235939567)
INSERT INTO tm SELECT 'ccp', pmkt.tree_train('SELECT x1, x2, x3, y FROM tr', 'y', ccp_alpha => 0.005, splitter => 'exact');
-- min_samples_split 40, max_depth 6 (sklearn: 16 leaves, sum id*p 88093.44727635401, AUC 0.9177107536325333)
INSERT INTO tm SELECT 'split40', pmkt.tree_train('SELECT x1, x2, x3, y FROM tr', 'y', min_samples_split => 40, max_depth => 6, splitter => 'exact');
SELECT name, pmkt.tree_model_info(m)->'leaves' AS leaves, pmkt.tree_model_info(m)->'max_depth' AS depth, s.*
FROM tm, LATERAL (SELECT round(sum(pmkt.predict_proba(m, t))::numeric, 9) AS sum_p,
                         round(sum(pmkt.predict_proba(m, t) * t.id)::numeric, 7) AS sum_id_p,
                         round(pmkt.roc_auc(pmkt.predict_proba(m, t), t.y)::numeric, 12) AS auc FROM tr t) s
WHERE name <> 'depth3' ORDER BY name;

-- categorical split (Breiman's ordering, 2 classes): the best partition of
-- region by exhaustive search over all 15 (test/classify/tree.py) is
-- {centre, west} vs {east, north, south}, weighted gini 227.43611111111113
SELECT pmkt.tree_rules(pmkt.tree_train('SELECT region, y FROM tr', 'y', max_depth => 1));
-- mixed features, text classes; predict matches columns by name in any order
CREATE TABLE tr2 AS SELECT id, region, member, x2, x1, CASE WHEN y THEN 'yes' ELSE 'no' END AS answer FROM tr;
INSERT INTO tm SELECT 'mixed', pmkt.tree_train('SELECT x1, x2, region, member, answer FROM tr2', 'answer', max_depth => 4, splitter => 'exact');
SELECT pmkt.tree_rules(m) FROM tm WHERE name = 'mixed';
SELECT pmkt.predict(m, t) AS predicted, count(*) FROM tm, tr2 t WHERE name = 'mixed' GROUP BY 1 ORDER BY 1;
SELECT pmkt.classification_report(t.answer, pmkt.predict(m, t))->'accuracy' AS train_accuracy
FROM tm, tr2 t WHERE name = 'mixed';
-- NULL features and an unseen category go to the larger child (documented); no error
SELECT pmkt.predict_proba(m, r) IS NOT NULL AS scored
FROM tm, (SELECT NULL::float8 AS x1, NULL::float8 AS x2, 'atlantis'::text AS region, NULL::boolean AS member) r
WHERE name = 'mixed';
SELECT pmkt.predict_proba(m, r, 'yes') + pmkt.predict_proba(m, r, 'no') AS total
FROM tm, (SELECT 70.0::float8 AS x1, 0.9::float8 AS x2, 'south'::text AS region, true AS member) r
WHERE name = 'mixed';
-- a NULL target is skipped and counted; integer classes
SELECT pmkt.tree_model_info(pmkt.tree_train(
  'SELECT x1, CASE WHEN id % 50 = 0 THEN NULL ELSE (x1 > 40)::int * 2 + (x2 > 0.5)::int END AS cls FROM tr', 'cls', max_depth => 2))
  - 'nodes' - 'leaves' AS info;

-- histogram splits (the default): a feature with at most 255 distinct values
-- gets a bin per value, so the tree is the exact one byte for byte (x3 has
-- 211 values, region 5, member 2; pruning included; with balanced weights
-- the class totals are summed in another order, so the last bits of the
-- probabilities may differ: the rules are compared)
SELECT pmkt.tree_train('SELECT x3, region, member, y FROM tr', 'y')::text
     = pmkt.tree_train('SELECT x3, region, member, y FROM tr', 'y', splitter => 'exact')::text AS hist_is_exact,
       ARRAY(SELECT pmkt.tree_rules(pmkt.tree_train('SELECT x3, region, member, y FROM tr', 'y', criterion => 'entropy', class_weight => 'balanced', min_samples_leaf => 5)))
     = ARRAY(SELECT pmkt.tree_rules(pmkt.tree_train('SELECT x3, region, member, y FROM tr', 'y', criterion => 'entropy', class_weight => 'balanced', min_samples_leaf => 5, splitter => 'exact'))) AS hist_is_exact_entropy,
       pmkt.tree_train('SELECT x3, region, member, y FROM tr', 'y', ccp_alpha => 0.002)::text
     = pmkt.tree_train('SELECT x3, region, member, y FROM tr', 'y', ccp_alpha => 0.002, splitter => 'exact')::text AS hist_is_exact_pruned;
-- x1 (600 values) in 255 quantile bins: the depth-3 tree's first split is
-- at a bin edge near sklearn's 50.05, and its training AUC within 0.005 of
-- sklearn's exact 0.9013129370435016
SELECT abs(pmkt.roc_auc(pmkt.predict_proba(m, t), t.y) - 0.9013129370435016) < 0.005 AS hist_auc_close
FROM (SELECT pmkt.tree_train('SELECT x1, x2, x3, y FROM tr', 'y', max_depth => 3) AS m) h, tr t;
SELECT pmkt.tree_train('SELECT x1, y FROM tr', 'y', splitter => 'fast');  -- 22023

-- exact text round trip; the model is storable in a table and the registry
SELECT m::text::pmkt.treemodel::text = m::text AS text_round_trip FROM tm;
SELECT pmkt.save_model('classify-test', 'tree', m, '{}'::jsonb) AS version FROM tm WHERE name = 'depth3';
SELECT (pmkt.latest_model('classify-test')).model::pmkt.treemodel::text = m::text AS restored
FROM tm WHERE name = 'depth3';

-- random forests: seeded and reproducible
CREATE TABLE fm AS SELECT pmkt.forest_train('SELECT x1, x2, x3, region, member, y FROM tr', 'y',
  n_trees => 30, seed => 7) AS m;
SELECT pmkt.forest_train('SELECT x1, x2, x3, region, member, y FROM tr', 'y', n_trees => 30, seed => 7)::text = m::text AS same_seed_same_model,
       pmkt.forest_train('SELECT x1, x2, x3, region, member, y FROM tr', 'y', n_trees => 30, seed => 8)::text <> m::text AS other_seed_other_model
FROM fm;
-- the trees grow in 1 + max_parallel_workers_per_gather threads, each from
-- its own seed: the same model with 1 thread and with 4
SET max_parallel_workers_per_gather = 0;
CREATE TABLE fm1 AS SELECT pmkt.forest_train('SELECT x1, x2, x3, region, member, y FROM tr', 'y', n_trees => 30, seed => 7) AS m;
SET max_parallel_workers_per_gather = 3;
SELECT f.m::text = fm1.m::text AS same_model_any_thread_count FROM fm f, fm1;
RESET max_parallel_workers_per_gather;
DROP TABLE fm1;
-- the exact search is still there (and seeded)
SELECT pmkt.forest_train('SELECT x1, x2, x3, y FROM tr', 'y', n_trees => 5, seed => 3, splitter => 'exact')::text
     = pmkt.forest_train('SELECT x1, x2, x3, y FROM tr', 'y', n_trees => 5, seed => 3, splitter => 'exact')::text AS exact_seeded;
SELECT (pmkt.tree_model_info(m)->>'trees')::int AS trees,
       (pmkt.tree_model_info(m)->>'oob_score')::float8 BETWEEN 0.8 AND 1 AS oob_plausible FROM fm;
-- importances: x1, x2 and region drive y (planted); x3 and member are noise
SELECT feature, feature_type, impurity_importance > 0.1 AS imp_big, permutation_importance > 0.02 AS perm_big
FROM fm, pmkt.feature_importance(m, digits => NULL) ORDER BY feature;
SELECT round(sum(impurity_importance)::numeric, 12) AS imp_sum FROM fm, pmkt.feature_importance(m, digits => NULL);

-- bad input: SQLSTATEs, never a crash
\set VERBOSITY sqlstate
SELECT pmkt.tree_train('SELECT x1, y FROM tr WHERE y', 'y');            -- single class: 22023
SELECT pmkt.tree_train('SELECT x1, y FROM tr WHERE false', 'y');        -- empty: 22023
SELECT pmkt.tree_train('SELECT x1, y FROM tr', 'nope');                 -- 42703
SELECT pmkt.tree_train('SELECT x1, y FROM tr', 'y', max_depth => 0);    -- 22023
SELECT pmkt.tree_train('SELECT x1, y FROM tr', 'y', criterion => 'x');  -- 22023
SELECT pmkt.tree_train('SELECT x1, y FROM tr', 'y', min_samples_leaf => 0);   -- 22023
SELECT pmkt.tree_train('SELECT x1, y FROM tr', 'y', min_samples_split => 1);  -- 22023
SELECT pmkt.tree_train('SELECT x1, y FROM tr', 'y', ccp_alpha => -1);   -- 22023
SELECT pmkt.tree_train('SELECT x1, y FROM tr', 'y', class_weight => 'x'); -- 22023
SELECT pmkt.tree_train('SELECT ''NaN''::float8 AS x1, y FROM tr', 'y'); -- 22023
SELECT pmkt.tree_train('SELECT now() AS t, y FROM tr', 'y');            -- wrong feature type: 42804
SELECT pmkt.tree_train('SELECT x1, x1 * 1.5 AS y FROM tr', 'y');        -- float target: 42804
SELECT pmkt.tree_train('SELECT y FROM tr', 'y');                        -- no feature: 22023
SELECT pmkt.tree_train('SELECT x1, x2 AS x1, y FROM tr', 'y');          -- duplicate name: 42701
SELECT pmkt.tree_train('SELECT x1, id AS y FROM tr', 'y');              -- 600 classes: 54000
SELECT pmkt.tree_train(NULL, 'y');                                      -- 22004
SELECT pmkt.forest_train('SELECT x1, y FROM tr', 'y', n_trees => 0);    -- 22023
SELECT pmkt.forest_train('SELECT x1, y FROM tr', 'y', max_features => '5'); -- 22023
SELECT pmkt.forest_train('SELECT x1, y FROM tr', 'y', bootstrap_fraction => 0); -- 22023
SELECT pmkt.predict(m, t) FROM tm, (SELECT x1, x3 FROM tr LIMIT 1) t WHERE name = 'depth3';          -- missing x2: 42703
SELECT pmkt.predict(m, t) FROM tm, (SELECT x1::text AS x1, x2, x3 FROM tr LIMIT 1) t WHERE name = 'depth3'; -- 42804
SELECT pmkt.predict(m, t) FROM tm, (SELECT 'Infinity'::float8 AS x1, x2, x3 FROM tr LIMIT 1) t WHERE name = 'depth3'; -- 22023
SELECT pmkt.predict_proba(m, t, 'maybe') FROM tm, tr2 t WHERE name = 'mixed' LIMIT 1;  -- unknown class: 22023
SELECT pmkt.tree_rules(m, 2) FROM tm WHERE name = 'depth3';             -- 22023
SELECT 'abc'::pmkt.treemodel;                                           -- 22P02
SELECT '00112233'::pmkt.treemodel;                                      -- 22P02 (too short)
SELECT overlay(m::text placing 'ff' from 41 for 2)::pmkt.treemodel FROM tm WHERE name = 'depth3'; -- 22023
SET pmkt.max_train_memory = '64kB';
SELECT pmkt.tree_train('SELECT x1, x2, x3, y FROM tr, generate_series(1, 10)', 'y') IS NULL;  -- 6000 rows, 672 kB counted: 53200
SET pmkt.max_train_memory = '100kB';  -- the rows fit (67 kB), 100 trees' nodes do not
SELECT pmkt.forest_train('SELECT x1, x2, x3, y FROM tr', 'y', n_trees => 100) IS NULL;  -- 53200
RESET pmkt.max_train_memory;
\set VERBOSITY default
SELECT pmkt.predict(m, t) FROM tm, (SELECT x1, x3 FROM tr LIMIT 1) t WHERE name = 'depth3';
SELECT pmkt.tree_train('SELECT x1, y FROM tr WHERE y', 'y');
DELETE FROM pmkt.model_registry WHERE name = 'classify-test';
DROP TABLE tr, tr2, tm, fm;
