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
-- two classes, the class named: the second's decision value, the first's its negative
SELECT bool_and(pmkt.svm_decision(m, t, 't') = pmkt.svm_decision(m, t)
                AND pmkt.svm_decision(m, t, 'f') = -pmkt.svm_decision(m, t)) AS named_class_ok
FROM svm, sv t WHERE name = 'sq';

-- more than two classes: one classifier per class against the rest, as
-- LinearSVC (multi_class 'ovr', LIBLINEAR).  References:
-- test/classify/svm_multi.py (scikit-learn 1.2.1, tol 1e-10, same data and
-- target: seg = high when x1 > 60, else mid when x2 > 0.5, else low; every
-- 7th id moved to the next class; 232 high, 191 low, 177 mid), agreement
-- to 1e-6 (the issue asks 1e-4):
-- squared_hinge C=1: coef high 0.7618256646593982, 0.11362432910086087, -0.0014822470875232147, 0.008310566990455513
--   low -0.28814479356678147, -0.4880887322782133, -0.014680369404021506, -0.004873744873671496
--   mid -0.5438999783969432, 0.4927424141855325, 0.017767285031682314, -0.00361340738514913
--   intercepts -0.29698027157748313, -0.39629401593295627, -0.5324499347711099;
--   predicted high 260, low 174, mid 166; decision of mid for id 1 -2.085601933466517
-- hinge C=0.5: high 1.7466526734126802, 0.21785118098735956, 0.01855533046839682, 0.04419194604677877
--   low -0.7922421577636047, -1.0837475370234408, -0.09231825923820755, 0.008261873859651455
--   mid -1.1093346195235487, 1.1106020764416757, 0.05563498850686656, -0.013992232300916221
--   intercepts -0.6900955246896692, -0.9555239013905374, -1.1216324437764118;
--   predicted high 263, low 173, mid 164; decision of mid for id 1 -4.448056487663159
-- squared_hinge C=2 balanced: high 0.7619428858560146, 0.11046751472734462, -0.0011988482046211741, 0.00890703109352933
--   low -0.28737813779696536, -0.49138503147547113, -0.014910017367739377, -0.0052408723057802
--   mid -0.552116960847462, 0.4941077523134166, 0.017915994940073777, -0.003727604548934532
--   intercepts -0.3454528006629357, -0.38071201840788627, -0.4936026060033736;
--   predicted high 246, low 179, mid 175; decision of mid for id 1 -2.0607122282966843
ALTER TABLE sv ADD COLUMN seg text;
UPDATE sv SET seg = CASE WHEN id % 7 <> 0 THEN s WHEN s = 'high' THEN 'low' WHEN s = 'low' THEN 'mid' ELSE 'high' END
FROM (SELECT id AS sid, CASE WHEN x1 > 60 THEN 'high' WHEN x2 > 0.5 THEN 'mid' ELSE 'low' END AS s FROM sv) q WHERE q.sid = sv.id;
SELECT seg, count(*) FROM sv GROUP BY seg ORDER BY seg;
CREATE TABLE svm3 AS
SELECT 'sq' AS name, pmkt.svm_train('SELECT x1, x2, x3, member, seg FROM sv', 'seg', tol => 1e-9) AS m
UNION ALL SELECT 'hinge', pmkt.svm_train('SELECT x1, x2, x3, member, seg FROM sv', 'seg', c => 0.5, loss => 'hinge', tol => 1e-9)
UNION ALL SELECT 'balanced', pmkt.svm_train('SELECT x1, x2, x3, member, seg FROM sv', 'seg', c => 2, class_weight => 'balanced', tol => 1e-9);
SELECT name, (m).classes, array_dims((m).coef) AS coef_dims, (m).intercept IS NULL AS no_scalar_intercept,
       (SELECT max(abs(c - r)) FROM unnest(ARRAY(SELECT unnest((m).coef)) || (m).intercepts, ref) AS u(c, r)) < 1e-6 AS agrees_1e6,
       (SELECT string_agg(cls || ' ' || n, ', ' ORDER BY cls) FROM
          (SELECT pmkt.svm_predict(m, t) AS cls, count(*) AS n FROM sv t GROUP BY 1) q) AS predicted,
       abs(pmkt.svm_decision(m, (SELECT t FROM sv t WHERE id = 1), 'mid') - mid1) < 1e-6 AS decision_mid_id1
FROM svm3, (VALUES
  ('sq', ARRAY[0.7618256646593982, 0.11362432910086087, -0.0014822470875232147, 0.008310566990455513,
               -0.28814479356678147, -0.4880887322782133, -0.014680369404021506, -0.004873744873671496,
               -0.5438999783969432, 0.4927424141855325, 0.017767285031682314, -0.00361340738514913,
               -0.29698027157748313, -0.39629401593295627, -0.5324499347711099], -2.085601933466517),
  ('hinge', ARRAY[1.7466526734126802, 0.21785118098735956, 0.01855533046839682, 0.04419194604677877,
                  -0.7922421577636047, -1.0837475370234408, -0.09231825923820755, 0.008261873859651455,
                  -1.1093346195235487, 1.1106020764416757, 0.05563498850686656, -0.013992232300916221,
                  -0.6900955246896692, -0.9555239013905374, -1.1216324437764118], -4.448056487663159),
  ('balanced', ARRAY[0.7619428858560146, 0.11046751472734462, -0.0011988482046211741, 0.00890703109352933,
                     -0.28737813779696536, -0.49138503147547113, -0.014910017367739377, -0.0052408723057802,
                     -0.552116960847462, 0.4941077523134166, 0.017915994940073777, -0.003727604548934532,
                     -0.3454528006629357, -0.38071201840788627, -0.4936026060033736], -2.0607122282966843)
) ref(n, ref, mid1) WHERE ref.n = svm3.name ORDER BY name;
-- the class is the one of the largest decision value; the original units
-- give the same decision values; text round trip
SELECT bool_and(pmkt.svm_predict(m, t) = (SELECT c FROM unnest((m).classes) c
                                          ORDER BY pmkt.svm_decision(m, t, c) DESC, c LIMIT 1)) AS argmax_ok,
       bool_and(abs(pmkt.svm_decision(m, t, 'low') - ((m).intercepts_original[2] + (m).coef_original[2][1] * t.x1
                    + (m).coef_original[2][2] * t.x2 + (m).coef_original[2][3] * t.x3
                    + (m).coef_original[2][4] * t.member::int)) < 1e-9) AS original_units_ok,
       bool_and(m::text::pmkt.svm_model = m) AS text_round_trip
FROM svm3, sv t WHERE name = 'sq';
SELECT pmkt.svm_predict(m, r) IS NULL AS null_feature FROM svm3,
  (SELECT NULL::float8 AS x1, 0.5::float8 AS x2, 1.0::float8 AS x3, true AS member) r WHERE name = 'sq';
-- integer classes
SELECT (m).classes, array_dims((m).coef) FROM (SELECT pmkt.svm_train('SELECT x1, x2, (id % 3) AS k FROM sv', 'k') AS m) q;

\set VERBOSITY sqlstate
SELECT pmkt.svm_train('SELECT x1, region, y FROM sv', 'y');             -- text feature: 42804
SELECT pmkt.svm_train('SELECT x1, y FROM sv WHERE y', 'y');             -- single class: 22023
SELECT pmkt.svm_train('SELECT CASE WHEN seg = ''mid'' THEN NULL ELSE x1 END AS x1, seg FROM sv', 'seg');  -- class mid only with NULL features: 22023
SELECT pmkt.svm_decision(m, t) FROM svm3, sv t WHERE name = 'sq' LIMIT 1;           -- 3 classes, no class named: 22023
SELECT pmkt.svm_decision(m, t, 'top') FROM svm3, sv t WHERE name = 'sq' LIMIT 1;    -- unknown class: 22023
SELECT pmkt.svm_predict(ROW('{a}', '{x,y,z}', '{{1},{2}}', NULL, '{0}', '{1}', '{{1},{2}}', NULL, 'hinge', 1, 1, '{0,0}', '{0,0}')::pmkt.svm_model, t)
FROM (SELECT 1.0::float8 AS a) t;                                       -- 3 classes, 2 rows: 22023
SELECT pmkt.svm_predict(ROW('{a}', '{x,y,z}', '{{1},{2},{3}}', NULL, '{0}', '{1}', '{{1},{2},{3}}', NULL, 'hinge', 1, 1, NULL, NULL)::pmkt.svm_model, t)
FROM (SELECT 1.0::float8 AS a) t;                                       -- no intercepts: 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv WHERE false', 'y');         -- empty input: 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'nope');                  -- no target column: 42703
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'y', c => 0);             -- 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'y', loss => 'log');      -- 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'y', max_iter => 0);      -- 22023
SELECT pmkt.svm_train('SELECT x1, y FROM sv', 'y', tol => 'NaN');       -- 22023
SELECT pmkt.svm_train('SELECT ''Infinity''::float8 AS x1, y FROM sv', 'y'); -- 22023
SELECT pmkt.svm_decision(m, t) FROM svm, (SELECT x1, x2 FROM sv LIMIT 1) t WHERE name = 'sq';  -- 42703
SELECT pmkt.svm_decision(ROW('{a}', '{f,t}', '{1,2}', 0, '{0}', '{1}', '{1}', 0, 'hinge', 1, 1, NULL, NULL)::pmkt.svm_model, t)
FROM (SELECT 1.0::float8 AS a) t;                                       -- mismatched lengths: 22023
SELECT pmkt.svm_decision(ROW('{a}', '{f,t}', '{1}', 0, '{0}', '{0}', '{1}', 0, 'hinge', 1, 1, NULL, NULL)::pmkt.svm_model, t)
FROM (SELECT 1.0::float8 AS a) t;                                       -- zero scale: 22023
\set VERBOSITY default
DROP TABLE sv, svm, svm3;
