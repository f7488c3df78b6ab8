-- classify/evaluation: the evaluation job's classification step,
-- pmkt.evaluation_classify, called directly (issue 13, part 5), on the
-- demo's campaign_responses, whose response is planted
-- (src/classify/demo_classify.c): responded ~ logistic(-1.0 + 1.2 got_discount
-- - 0.012 recency_days + 0.15 min(frequency, 20) + channel effect), with
-- region, age and monetary as noise.
SELECT table_name, row_count FROM pmkt.generate_demo('cls_eval', 20000, 7) WHERE table_name = 'campaign_responses';
-- the generator's response rate against the planted model's expectation on
-- the same rows (independent of the draws): within 3 standard errors
SELECT abs(avg(responded::int) - avg(1 / (1 + exp(-(-1.0 + 1.2 * got_discount::int - 0.012 * recency_days
             + 0.15 * least(frequency, 20)
             + CASE channel WHEN 'email' THEN 0.8 WHEN 'search_ads' THEN 0.4 WHEN 'push' THEN -0.8 ELSE 0 END)))))
       < 3 * sqrt(0.25 / count(*)) AS rate_as_planted
FROM cls_eval.campaign_responses;
INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by, parameters, steps_done, steps_skipped)
VALUES ('cls_eval', '2024-12-01', now(), now(), current_user, '{}', '', '');
SELECT pmkt.evaluation_classify('cls_eval', '2024-12-01', now(), false) AS skipped;
-- the gains table covers exactly the held-out 30 % (counted independently)
-- and reaches every responder; the top decile responds above average
SELECT sum(g.rows) = (SELECT count(*) FROM cls_eval.campaign_responses c
                       WHERE pmkt.train_test_split(c.customer_id::text, 0.3, 42) = 'test') AS all_held_out,
       max(g.cum_gain_pct) = 100 AS gain_reaches_100,
       bool_and(g.lift > 1.3) FILTER (WHERE g.decile = 1) AS top_decile_lifts
FROM pmkt.v_classify_gains g WHERE g.source_schema = 'cls_eval';
-- the planted drivers rank first, by permutation importance (out of bag);
-- the held-out AUC is well above chance
SELECT array_agg(substr(m.metric, 24) ORDER BY m.value DESC) AS by_permutation_importance
FROM pmkt.history_model_metrics m
WHERE m.model_name = 'cls_eval.responses_forest' AND m.metric LIKE 'permutation_importance_%';
SELECT (SELECT array_agg(x ORDER BY x) FROM (
          SELECT substr(m.metric, 24) AS x FROM pmkt.history_model_metrics m
           WHERE m.model_name = 'cls_eval.responses_forest' AND m.metric LIKE 'permutation_importance_%'
           ORDER BY m.value DESC LIMIT 4) t)
       = ARRAY['channel', 'frequency', 'got_discount', 'recency_days'] AS planted_drivers_first,
       (SELECT m.value > 0.7 FROM pmkt.history_model_metrics m
         WHERE m.model_name = 'cls_eval.responses_forest' AND m.metric = 'test_auc') AS auc_above_0_7;
-- every column of the history table and the view has a comment
SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.oid IN ('pmkt.history_classify_gains'::regclass, 'pmkt.v_classify_gains'::regclass)
   AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NULL;
-- a schema without the table: skipped, with the reason
CREATE SCHEMA cls_eval_empty;
INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by, parameters, steps_done, steps_skipped)
VALUES ('cls_eval_empty', '2024-12-01', now(), now(), current_user, '{}', '', '');
SELECT pmkt.evaluation_classify('cls_eval_empty', '2024-12-01', now(), false) AS skipped;
-- leave no history behind (ops/operations counts every history row)
DELETE FROM pmkt.history_runs WHERE source_schema IN ('cls_eval', 'cls_eval_empty');
DROP SCHEMA cls_eval, cls_eval_empty CASCADE;
