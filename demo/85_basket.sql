-- Demo report, part 85: cross-selling on pmkt_demo.order_lines (one basket
-- per order, 500 products in 25 families, planted pairs and triples):
-- frequent itemsets and rules by FP-growth, the cross-sell report.
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
FROM pmkt.cross_sell(pmkt.basket_query('pmkt_demo.order_lines'), 'pmkt_demo.products', top_n => 1,
                     min_support => 0.001)
LIMIT 10;
