-- Demo report, part 85: cross-selling on pmkt_demo.order_lines (one basket
-- per order, 500 products in 25 families, planted pairs and triples):
-- frequent itemsets and rules by FP-growth, the cross-sell report, and the
-- quality of recommendations (ALS, item-kNN, popularity).
\echo
\echo '================================================================'
\echo ' Cross-selling: what is bought together (FP-growth rules)'
\echo '================================================================'
\echo
\echo 'Order lines, baskets and products:'
SELECT count(*) AS lines, count(DISTINCT order_id) AS baskets, count(DISTINCT product_id) AS products,
       round(count(*)::numeric / count(DISTINCT order_id), 2) AS lines_per_basket
FROM pmkt_demo.order_lines;

\echo
\echo 'Top rules by lift (support >= 0.1 % of baskets, confidence >= 30 %):'
SELECT array_to_string(antecedent, ' + ') AS if_bought, array_to_string(consequent, ' + ') AS then_also,
       rule_count AS baskets, round(100 * support::numeric, 3) AS support_pct,
       round(100 * confidence::numeric, 1) AS confidence_pct, round(lift::numeric, 1) AS lift
FROM pmkt.association_rules(pmkt.basket_query('pmkt_demo.order_lines'), min_support => 0.001,
                            min_confidence => 0.3)
LIMIT 10;

\echo
\echo 'Cross-sell report: the best partner of the ten most bought products:'
SELECT product_name, product_baskets, partner_name, round(lift::numeric, 2) AS lift,
       round(100 * confidence::numeric, 1) AS confidence_pct
FROM pmkt.cross_sell(pmkt.basket_query('pmkt_demo.order_lines'), 'pmkt_demo.products', top_n => 1, digits => NULL,
                     min_support => 0.001)
LIMIT 10;

\echo
\echo 'Recommendation quality: ALS, item-kNN and the popularity baseline (each customer''s last'
\echo 'basket left out, the earlier ones to train on, k = 10; about 20 000 customers, a sample'
\echo 'by customer id at larger scales; ALS with its item bias, 64 factors, regularization 70, alpha 1,'
\echo 'the setting chosen on a validation split, bench/basket/als_tuning.sh):'
CREATE TEMP VIEW pmkt_demo_purchases AS
SELECT o.customer_id, l.product_id, o.ordered_at
  FROM pmkt_demo.orders o JOIN pmkt_demo.order_lines l USING (order_id)
 WHERE o.customer_id % greatest(1, :orders / 200000) = 0;
SELECT model, customers, round(precision_at_k::numeric, 4) AS precision_at_10, round(recall_at_k::numeric, 4) AS recall_at_10,
       round(hit_rate_at_k::numeric, 4) AS hit_rate_at_10, round(ndcg_at_k::numeric, 4) AS ndcg_at_10,
       round(coverage::numeric, 3) AS coverage
FROM pmkt.recommend_evaluate('pmkt_demo_purchases', k => 10, regularization => 70, alpha => 1, digits => NULL);
DROP VIEW pmkt_demo_purchases;
