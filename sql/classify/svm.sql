-- classify/svm: linear SVM by dual coordinate descent (issue 13, part 2).
-- References: test/classify/svm.py (scikit-learn 1.2.1 LinearSVC on the same
-- standardised data, tol 1e-10; values quoted below); agreement to 1e-6.
CREATE TABLE sv AS
SELECT id, ((id * 7919) % 1000) / 10.0::float8 AS x1,
       ((id * 104729) % 997) / 997.0::float8 AS x2,
       ((id * 31337) % 211) / 7.0::float8 AS x3,
       (id * 17) % 3 = 0 AS member,
       (ARRAY['north', 'south', 'east', 'west', 'centre'])[(id * 13) % 5 + 1] AS region
FROM generate_series(1, 600) id;
ALTER TABLE sv ADD COLUMN y boolean;
UPDATE sv SET y = ((x1 > 50)::int + (x2 > 0.6)::int + (region IN ('south', 'east'))::int
                   + ((id * 7) % 5 = 0)::int) >= 2;
CREATE TABLE svm AS
SELECT 'sq' AS name, pmkt.svm_train('SELECT x1, x2, x3, member, y FROM sv', 'y', tol => 1e-9) AS m
UNION ALL SELECT 'hinge', pmkt.svm_train('SELECT x1, x2, x3, member, y FROM sv', 'y', c => 0.5, loss => 'hinge', tol => 1e-9)
UNION ALL SELECT 'balanced', pmkt.svm_train('SELECT x1, x2, x3, member, y FROM sv', 'y', c => 2, class_weight => 'balanced', tol => 1e-9);
-- sklearn: squared_hinge C=1: coef 0.5194560657706826, 0.482037407774948, 0.020389245207487767,
--   -0.01569361609199911, intercept -0.030714496346897845, 289 rows predicted positive
-- hinge C=0.5: 1.066772735869678, 0.9349059037439814, 0.065923316206981, -0.026432847785604813,
--   intercept -0.0281624424329054, 297 positive
-- squared_hinge C=2 balanced: 0.5211686316733105, 0.4823378432563298, 0.020369637181806094,
--   -0.015843605193466625, intercept -0.013651625563556653, 294 positive
SELECT name, (m).features, (m).classes, (m).loss, (m).training_rows,
       (SELECT max(abs(c - r)) FROM unnest((m).coef || (m).intercept, ref) AS u(c, r)) < 1e-6 AS agrees_1e6,
       (SELECT count(*) FROM sv t WHERE pmkt.svm_predict(m, t) = 't') AS positive
FROM svm, (VALUES
  ('sq', ARRAY[0.5194560657706826, 0.482037407774948, 0.020389245207487767, -0.01569361609199911, -0.030714496346897845]),
  ('hinge', ARRAY[1.066772735869678, 0.9349059037439814, 0.065923316206981, -0.026432847785604813, -0.0281624424329054]),
  ('balanced', ARRAY[0.5211686316733105, 0.4823378432563298, 0.020369637181806094, -0.015843605193466625, -0.013651625563556653])
) ref(n, ref) WHERE ref.n = svm.name ORDER BY name;
-- the decision value in the features' own units is the same
SELECT bool_and(abs(pmkt.svm_decision(m, t) - ((m).intercept_original + (m).coef_original[1] * t.x1 + (m).coef_original[2] * t.x2
                    + (m).coef_original[3] * t.x3 + (m).coef_original[4] * t.member::int)) < 1e-9) AS original_units_ok
FROM svm, sv t WHERE name = 'sq';
-- AUC of the decision value
SELECT name, round(pmkt.roc_auc(pmkt.svm_decision(m, t), t.y)::numeric, 6) AS auc FROM svm, sv t GROUP BY name ORDER BY name;
-- the model round-trips through text; a NULL feature gives NULL
SELECT m::text::pmkt.svm_model = m AS text_round_trip FROM svm WHERE name = 'sq';
SELECT pmkt.svm_decision(m, r) IS NULL AS null_feature FROM svm,
  (SELECT NULL::float8 AS x1, 0.5::float8 AS x2, 1.0::float8 AS x3, true AS member) r WHERE name = 'sq';

\set VERBOSITY sqlstate
SELECT pmkt.svm_train('SELECT x1, region, y FROM sv', 'y');             -- text feature: 42804
SELECT pmkt.svm_train('SELECT x1, region AS y FROM sv', 'y');           -- 5 classes: 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv WHERE y', 'y');             -- single class: 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv WHERE false', 'y');         -- empty input: 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'nope');                  -- no target column: 42703
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'y', c => 0);             -- 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'y', loss => 'log');      -- 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'y', max_iter => 0);      -- 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'y', tol => 'NaN');       -- 22023
SELECT pmkt.svm_train('SELECT ''Infinity''::float8 AS x1, y FROM sv', 'y'); -- 22023
SELECT pmkt.svm_decision(m, t) FROM svm, (SELECT x1, x2 FROM sv LIMIT 1) t WHERE name = 'sq';  -- 42703
SELECT pmkt.svm_decision(ROW('{a}', '{f,t}', '{1,2}', 0, '{0}', '{1}', '{1}', 0, 'hinge', 1, 1)::pmkt.svm_model, t)
FROM (SELECT 1.0::float8 AS a) t;                                       -- mismatched lengths: 22023
SELECT pmkt.svm_decision(ROW('{a}', '{f,t}', '{1}', 0, '{0}', '{0}', '{1}', 0, 'hinge', 1, 1)::pmkt.svm_model, t)
FROM (SELECT 1.0::float8 AS a) t;                                       -- zero scale: 22023
\set VERBOSITY default
DROP TABLE sv, svm;
