-- basket/evaluation: the evaluation job's cross-selling step
-- (pmkt.evaluation_basket -> pmkt.history_basket_rules -> pmkt.v_top_rules)
SET extra_float_digits = 0;
SET client_min_messages = warning;
SELECT count(*) > 0 AS made FROM pmkt.generate_demo('basket_eval', 3000, 5);
CALL pmkt.run_evaluation('basket_eval', '2024-12-01', save_models => false);
-- run_evaluation runs the step (listed in steps_done)
SELECT steps_done LIKE '%basket_rules%' AS basket_step_done
  FROM pmkt.history_runs h WHERE h.source_schema = 'basket_eval';
-- the step keeps the top 50 rules of association_rules over the lines of the
-- orders before as_of (every order here), in its order, with the names
CREATE TEMP TABLE direct AS
SELECT array_to_string(antecedent, ', ') AS a, array_to_string(consequent, ', ') AS c, rule_count, lift,
       row_number() OVER () AS rk
  FROM pmkt.association_rules(pmkt.basket_query('basket_eval.order_lines'), min_support => 0.001, min_confidence => 0.2);
SELECT count(*) AS rules, bool_and(h.antecedent = d.a AND h.consequent = d.c AND h.rule_count = d.rule_count
                                   AND h.lift = d.lift) AS same_as_direct,
       bool_and(h.antecedent_names IS NOT NULL AND h.consequent_names IS NOT NULL) AS named
  FROM pmkt.history_basket_rules h JOIN direct d ON d.rk = h.rule_rank
 WHERE h.source_schema = 'basket_eval';
SELECT least(count(*), 50) AS expected_rules FROM direct;
-- the BI view; planted: 150 Sports light -> 151 Coffee extra (src/basket/demo_basket.c)
SELECT if_bought, if_bought_names, suggest, suggest_names, baskets_with_both > 0 AS seen, lift > 1 AS above_chance
  FROM pmkt.v_top_rules WHERE source_schema = 'basket_eval' AND if_bought = '150';
-- every column of the history table and the view has a comment
SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.oid IN ('pmkt.history_basket_rules'::regclass, 'pmkt.v_top_rules'::regclass)
   AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NULL;
-- a schema without order lines: skipped, with the reason
CREATE SCHEMA basket_eval_empty;
INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by, parameters, steps_done, steps_skipped)
VALUES ('basket_eval_empty', '2024-12-01', now(), now(), current_user, '{}', '', '');
SELECT pmkt.evaluation_basket('basket_eval_empty', '2024-12-01', now(), '2025-01-01');
-- re-running the period replaces the rows (cascade from history_runs): still
-- the 50 rules, not 100
CALL pmkt.run_evaluation('basket_eval', '2024-12-01', save_models => false);
SELECT count(*) FROM pmkt.history_basket_rules WHERE source_schema = 'basket_eval';
-- leave no history behind (ops/operations counts every history row)
DELETE FROM pmkt.history_runs WHERE source_schema IN ('basket_eval', 'basket_eval_empty');
DROP SCHEMA basket_eval, basket_eval_empty CASCADE;
