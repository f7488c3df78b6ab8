-- classify/metrics: classification report, ROC AUC and curves, PR curve,
-- gains table, log loss, Brier score, train/test split (issue 13, part 3).
-- References: test/classify/metrics.py (scikit-learn 1.2.1 on the same
-- closed-formula data, values quoted below; gains table by hand in numpy).
CREATE TABLE cm AS
SELECT id, ((id * 37) % 101) / 100.0::float8 AS score,
       ((id * 7919) % 13) < 4 OR ((id * 37) % 101) > 70 AS actual,
       substr('abc', id % 3 + 1, 1) AS ya,
       substr('abc', (id * id) % 7 % 3 + 1, 1) AS yp,
       (ARRAY[10, 2, 1])[id % 3 + 1] AS ia,
       (ARRAY[10, 2, 1])[(id * id) % 7 % 3 + 1] AS ip
FROM generate_series(1, 300) id;

-- ROC AUC: sklearn roc_auc_score = 0.7936310265077388
SELECT abs(pmkt.roc_auc(score, actual) - 0.7936310265077388) < 1e-15 AS auc_ok FROM cm;
-- ties: all scores equal -> 0.5; perfect and reversed ranking -> 1 and 0
SELECT pmkt.roc_auc(1.0, actual) AS all_tied,
       pmkt.roc_auc(actual::int::float8, actual) AS perfect,
       pmkt.roc_auc(-actual::int::float8, actual) AS reversed FROM cm;

-- ROC curve (sklearn roc_curve(drop_intermediate=False): 102 points; sklearn
-- 1.2 puts max + 1 = 2.0 as the first threshold, pmkt +Infinity)
-- point 1: (1.0, 0, 0.01948051948051948); 50: (0.51, 0.273972602739726, 0.7077922077922078); 101: (0, 1, 1)
SELECT count(*) AS points,
       bool_and(CASE ord WHEN 1 THEN threshold = 'Infinity' AND fpr = 0 AND tpr = 0
                         WHEN 2 THEN threshold = 1.0 AND fpr = 0 AND tpr = 0.01948051948051948
                         WHEN 51 THEN threshold = 0.51 AND fpr = 0.273972602739726 AND tpr = 0.7077922077922078
                         WHEN 102 THEN threshold = 0 AND fpr = 1 AND tpr = 1 ELSE true END) AS points_ok
FROM unnest((SELECT pmkt.roc_curve(score, actual) FROM cm)) WITH ORDINALITY AS p(threshold, fpr, tpr, ord);

-- PR curve (sklearn precision_recall_curve reversed): 102 points,
-- 0: (inf, 1, 0); 1: (1.0, 1, 0.01948051948051948); 50: (0.51, 0.7315436241610739, 0.7077922077922078); 101: (0, 0.5133333333333333, 1)
SELECT count(*) AS points,
       bool_and(CASE ord WHEN 1 THEN threshold = 'Infinity' AND "precision" = 1 AND recall = 0
                         WHEN 2 THEN threshold = 1.0 AND "precision" = 1 AND recall = 0.01948051948051948
                         WHEN 51 THEN threshold = 0.51 AND abs("precision" - 0.7315436241610739) < 1e-15 AND recall = 0.7077922077922078
                         WHEN 102 THEN threshold = 0 AND abs("precision" - 0.5133333333333333) < 1e-15 AND recall = 1 ELSE true END) AS points_ok
FROM unnest((SELECT pmkt.pr_curve(score, actual) FROM cm)) WITH ORDINALITY AS p(threshold, "precision", recall, ord);

-- log loss 0.6753772401532655, Brier 0.18674166666666667 (sklearn)
SELECT abs(pmkt.log_loss(score, actual) - 0.6753772401532655) < 1e-14 AS log_loss_ok,
       abs(pmkt.brier_score(score, actual) - 0.18674166666666667) < 1e-15 AS brier_ok FROM cm;
-- clipping as sklearn: log_loss([1, 0], [0.0, 1.0]) = 36.04365338911715
SELECT abs(pmkt.log_loss(p, y) - 36.04365338911715) < 1e-12 AS clipped_ok
FROM (VALUES (0.0::float8, true), (1.0, false)) v(p, y);

-- gains table, 10 bins (reference rows in test/classify/metrics.py output):
-- bin 4 takes 32 rows (a run of ties at 0.6 starts in it), bins 8 and 10 29
SELECT g.bin, g.rows, g.responders, round(g.response_rate::numeric, 6) AS rate,
       g.min_score, g.max_score, g.cum_rows, g.cum_responders,
       round(g.gain::numeric, 6) AS gain, round(g.lift::numeric, 6) AS lift,
       round(g.cum_lift::numeric, 6) AS cum_lift
FROM unnest((SELECT pmkt.gains_table(score, actual) FROM cm)) g;
-- full precision against the reference for a few cells:
-- bin 4 lift 0.5478896103896104, cum_lift 1.5807962529274007; bin 10 cum_lift 1.0
SELECT bool_and(CASE g.bin WHEN 4 THEN abs(g.lift - 0.5478896103896104) < 1e-15 AND abs(g.cum_lift - 1.5807962529274007) < 1e-15
                           WHEN 10 THEN g.cum_lift = 1 AND g.gain = 1 ELSE true END) AS gains_ok
FROM unnest((SELECT pmkt.gains_table(score, actual) FROM cm)) g;
-- 4 bins: rows 75, 77, 74, 74; responders 75, 34, 23, 22; lift of bin 2 0.8601787822567043
SELECT g.bin, g.rows, g.responders, abs(g.lift - (ARRAY[1.9480519480519483, 0.8601787822567043, 0.6054756054756055, 0.5791505791505792])[g.bin]) < 1e-15 AS lift_ok
FROM unnest((SELECT pmkt.gains_table(score, actual, 4) FROM cm)) g;

-- classification report: text classes a, b, c (sklearn classification_report):
-- confusion [[14, 57, 29], [14, 57, 29], [14, 58, 28]], accuracy 0.33,
-- balanced 0.33, kappa -0.004999999999999893, macro f1 0.3057920048225257,
-- precision of b 0.3313953488372093, f1 of a 0.1971830985915493
SELECT r->'classes' AS classes, r->'confusion_matrix' AS confusion,
       r->'accuracy' AS accuracy, r->'balanced_accuracy' AS balanced,
       abs((r->>'cohen_kappa')::float8 - -0.004999999999999893) < 1e-15 AS kappa_ok,
       abs((r#>>'{macro,f1}')::float8 - 0.3057920048225257) < 1e-15 AS macro_f1_ok,
       abs((r#>>'{weighted,precision}')::float8 - 0.3301033591731266) < 1e-15 AS weighted_p_ok,
       (r#>>'{per_class,1,precision}')::float8 = 0.3313953488372093 AS p_b_ok,
       abs((r#>>'{per_class,0,f1}')::float8 - 0.1971830985915493) < 1e-15 AS f1_a_ok
FROM (SELECT pmkt.classification_report(ya, yp) AS r FROM cm) s;
-- integer classes sort numerically: 1, 2, 10 (confusion [[28, 58, 14], [29, 57, 14], [29, 57, 14]])
SELECT r->'classes' AS classes, r->'confusion_matrix' AS confusion
FROM (SELECT pmkt.classification_report(ia, ip) AS r FROM cm) s;
-- boolean classes: confusion [[103, 43], [45, 109]], accuracy 0.7066666666666667,
-- balanced 0.7066358299235012, kappa 0.413124666548106, weighted f1 0.7067057934284824
SELECT r->'classes' AS classes, r->'confusion_matrix' AS confusion,
       abs((r->>'accuracy')::float8 - 0.7066666666666667) < 1e-15 AS acc_ok,
       abs((r->>'balanced_accuracy')::float8 - 0.7066358299235012) < 1e-15 AS bal_ok,
       abs((r->>'cohen_kappa')::float8 - 0.413124666548106) < 1e-14 AS kappa_ok,
       abs((r#>>'{weighted,f1}')::float8 - 0.7067057934284824) < 1e-15 AS wf1_ok,
       abs((r#>>'{per_class,1,recall}')::float8 - 0.7077922077922078) < 1e-15 AS recall_true_ok
FROM (SELECT pmkt.classification_report(actual, score >= 0.5) AS r FROM cm) s;
-- a class only predicted: precision 0, its recall 0 (0/0 -> 0), not in balanced accuracy.
-- By hand: accuracy 3/4; recalls x 1/2, z 1 -> balanced 0.75; macro f1 (2/3 + 0 + 1)/3;
-- pe = (2x1 + 0x1 + 2x2)/16 = 0.375, kappa = (0.75 - 0.375)/(1 - 0.375) = 0.6
SELECT jsonb_pretty(pmkt.classification_report(a, p)) AS r
FROM (VALUES ('x', 'x'), ('x', 'y'), ('z', 'z'), ('z', 'z')) v(a, p);
-- single class: kappa undefined (null); NULL rows skipped; no rows -> NULL
SELECT pmkt.classification_report(a, p)->'cohen_kappa' AS kappa,
       pmkt.classification_report(a, p)->'n' AS n
FROM (VALUES ('x', 'x'), ('x', 'x'), (NULL, 'x'), ('x', NULL)) v(a, p);
SELECT pmkt.classification_report(ya, yp) IS NULL AS empty_null FROM cm WHERE false;

-- parallel plans give the serial results (combine functions)
CREATE TABLE cm_big AS SELECT c.* FROM cm c, generate_series(1, 40) g;
ANALYZE cm_big;
CREATE TEMP TABLE serial_res AS
SELECT pmkt.roc_auc(score, actual) AS auc, pmkt.classification_report(ya, yp) AS rep,
       pmkt.gains_table(score, actual, 10) AS gains, pmkt.roc_curve(score, actual) AS roc,
       pmkt.pr_curve(score, actual) AS pr,
       pmkt.log_loss(score, actual) AS ll, pmkt.brier_score(score, actual) AS br FROM cm_big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.roc_auc(score, actual), pmkt.classification_report(ya, yp) FROM cm_big;
SELECT p.auc = s.auc AS auc_same, p.rep = s.rep AS report_same, p.gains = s.gains AS gains_same,
       p.roc = s.roc AS roc_same, p.pr = s.pr AS pr_same,
       abs(p.ll - s.ll) < 1e-13 AS ll_same, abs(p.br - s.br) < 1e-13 AS br_same,
       abs(p.auc - 0.7936310265077388) < 1e-15 AS auc_still_ref
FROM serial_res s,
     (SELECT pmkt.roc_auc(score, actual) AS auc, pmkt.classification_report(ya, yp) AS rep,
             pmkt.gains_table(score, actual, 10) AS gains, pmkt.roc_curve(score, actual) AS roc,
             pmkt.pr_curve(score, actual) AS pr,
             pmkt.log_loss(score, actual) AS ll, pmkt.brier_score(score, actual) AS br FROM cm_big) p;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;

-- states survive a text round trip (as Citus ships them) and combine
RESET extra_float_digits;
CREATE AGGREGATE pairs_state(float8, boolean) (sfunc = pmkt.score_pairs_sfunc, stype = float8[]);
CREATE AGGREGATE report_state(text, text) (sfunc = pmkt.classification_report_sfunc, stype = bytea);
SELECT pairs_state(score, actual)::text::float8[] = pairs_state(score, actual) AS pairs_bitwise,
       report_state(ya, yp)::text::bytea = report_state(ya, yp) AS report_bitwise FROM cm;
SELECT abs(pmkt.roc_auc_final(pmkt.score_pairs_combine(a::text::float8[], b::text::float8[])) - 0.7936310265077388) < 1e-15 AS auc_combined,
       pmkt.classification_report_final(pmkt.classification_report_combine(c::text::bytea, d::text::bytea)) =
         (SELECT pmkt.classification_report(ya, yp) FROM cm) AS report_combined
FROM (SELECT pairs_state(score, actual) FILTER (WHERE id <= 120) AS a,
             pairs_state(score, actual) FILTER (WHERE id > 120) AS b,
             report_state(ya, yp) FILTER (WHERE id % 2 = 0) AS c,
             report_state(ya, yp) FILTER (WHERE id % 2 = 1) AS d FROM cm) s;
-- a state of 2 rows in text: [tag 1301, n 2, bins 0, (0.9, 1), (0.1, 0), spare]
SELECT pmkt.roc_auc_final('{1301,2,0,0.9,1,0.1,0}') AS auc_by_hand,
       pmkt.roc_auc_final('{1301,2,0,0.1,1,0.9,0}') AS auc_reversed;

-- bad input: SQLSTATEs, never a crash
\set VERBOSITY sqlstate
SELECT pmkt.roc_auc(score, true) FROM cm;                       -- single class: 22023
SELECT pmkt.roc_auc('NaN', actual) FROM cm;                     -- 22023
SELECT pmkt.roc_auc('Infinity', actual) FROM cm;                -- 22023
SELECT pmkt.log_loss(1.5, true);                                -- 22023
SELECT pmkt.brier_score('NaN', true);                           -- 22023
SELECT pmkt.gains_table(score, actual, 0) FROM cm;              -- 22023
SELECT pmkt.gains_table(score, actual, (id % 2) + 2) FROM cm;   -- bins differ: 22023
SELECT pmkt.pr_curve(score, false) FROM cm;                     -- no positive: 22023
SELECT pmkt.roc_auc_final('{1301,5,0,0.9,1}');                  -- n beyond the pairs: 22023
SELECT pmkt.roc_auc_final('{1301,1,0,0.9,2}');                  -- label 2: 22023
SELECT pmkt.roc_auc_final('{1301,1,0,NaN,1}');                  -- NaN score: 22023
SELECT pmkt.roc_auc_final('{1302,1,0,0.9,1}');                  -- wrong tag: 22023
SELECT pmkt.log_loss_final('{1302,-1,0}');                      -- negative count: 22023
SELECT pmkt.score_pairs_combine('{1301,1,4,0.5,1}', '{1301,1,5,0.5,0}'); -- bins differ: 22023
SELECT pmkt.classification_report_final('\x00');                -- 22023
SELECT pmkt.classification_report_final('\x5043523101000000');  -- truncated: 22023
SELECT pmkt.classification_report_final(
  '\x504352310100000001000000000000000100000078ff'::bytea);     -- trailing bytes: 22023
SELECT pmkt.classification_report_final(
  '\x5043523101000000ffffffffffffffff0100000078'::bytea);       -- negative count: 22023
SELECT pmkt.classification_report_final(
  '\x5043523102000000010000000000000000000000000000000000000000000000000000000000000001000000780100000078'::bytea); -- duplicate label: 22023
SELECT pmkt.classification_report(repeat('x', 2000), 'y');      -- label too long: 22023
SET pmkt.max_train_memory = '1MB';
SELECT pmkt.roc_auc(g::float8, g % 2 = 0) FROM generate_series(1, 100000) g;  -- 53200
RESET pmkt.max_train_memory;
\set VERBOSITY default
-- one full message
SELECT pmkt.roc_auc(score, true) FROM cm;

-- train/test split: pmkt.split_hash is FNV-1a 64 + splitmix64 (Python in
-- test/classify/metrics.py): split_hash('1', 0) = 0.7519118402383278,
-- split_hash('customer-42', 7) = 0.48144162336311835; 300 keys at 0.2 -> 66 test
SELECT pmkt.split_hash('1', 0) AS h1, pmkt.split_hash('customer-42', 7) AS h42,
       (SELECT count(*) FROM cm WHERE pmkt.train_test_split(id::text, 0.2, 0) = 'test') AS n_test;
-- stratified: round(0.2 x stratum size) per stratum: ya has 100 of each -> 20 each
SELECT stratum, count(*) FILTER (WHERE split = 'test') AS test, count(*) AS n
FROM pmkt.stratified_split('SELECT id, ya FROM cm', 'id', 'ya', 0.2, 42) GROUP BY stratum ORDER BY stratum;
-- 154 true rows at 0.25 -> round(38.5) = 38 (half to even, as Python's round)
SELECT count(*) FILTER (WHERE split = 'test') AS test_true
FROM pmkt.stratified_split('SELECT id, actual FROM cm', 'id', 'actual', 0.25, 1) WHERE stratum = 'true';
\set VERBOSITY sqlstate
SELECT pmkt.train_test_split('x', 1.5, 0);                      -- 22023
SELECT * FROM pmkt.stratified_split('SELECT id, ya FROM cm', 'id', 'ya', 2, 0);   -- 22023
SELECT * FROM pmkt.stratified_split('SELECT id, ya FROM cm', 'id', 'nope', 0.2, 0); -- 42703
-- the label types Citus can push down have their own overloads (Citus
-- refuses anyelement: "worker_partial_agg_sfunc could not confirm type
-- correctness", scripts/citus_check.py); they give the polymorphic form's
-- report: numeric labels still go through anyelement
SELECT pg_catalog.format('%s', a.aggfnoid::regprocedure) AS aggregate
FROM pg_aggregate a WHERE a.aggfnoid::regproc::text = 'pmkt.classification_report' ORDER BY 1;
SELECT pmkt.classification_report(ia, ip) = pmkt.classification_report(ia::numeric, ip::numeric) AS int4_same,
       pmkt.classification_report(ia::int2, ip::int2) = pmkt.classification_report(ia::numeric, ip::numeric) AS int2_same,
       pmkt.classification_report(ia::int8, ip::int8) = pmkt.classification_report(ia::numeric, ip::numeric) AS int8_same,
       pmkt.classification_report(ya, yp) = pmkt.classification_report(ya::varchar, yp::varchar) AS text_same
FROM cm;

\set VERBOSITY default
DROP TABLE cm, cm_big;
DROP AGGREGATE pairs_state(float8, boolean);
DROP AGGREGATE report_state(text, text);

