-- basket/rules: pmkt.frequent_itemsets, pmkt.association_rules, pmkt.cross_sell
-- (exact agreement with a brute-force counter: basket/rules_bruteforce)
SET extra_float_digits = 0;

-- The textbook example: Han, Kamber and Pei, "Data Mining: Concepts and
-- Techniques" (3rd ed.), Table 6.1, the AllElectronics transactions, with a
-- minimum support count of 2.  Worked by hand (the book's Figure 6.2 and
-- Example 6.4 give the same): I1 6, I2 7, I3 6, I4 2, I5 2;
-- {I1,I2} 4 (T100 T400 T800 T900), {I1,I3} 4 (T500 T700 T800 T900),
-- {I1,I5} 2 (T100 T800), {I2,I3} 4 (T300 T600 T800 T900), {I2,I4} 2
-- (T200 T400), {I2,I5} 2 (T100 T800); {I1,I2,I3} 2 (T800 T900),
-- {I1,I2,I5} 2 (T100 T800); nothing else reaches 2 ({I1,I4} 1, {I3,I5} 1,
-- {I1,I3,I5} 1, ...): 13 itemsets.  Lines are given out of basket order,
-- with a duplicated line (T100 I1) and NULL ids, which must not count.
CREATE TEMP TABLE allelectronics (tid text, item text);
INSERT INTO allelectronics VALUES
  ('T100','I1'), ('T200','I2'), ('T100','I2'), ('T100','I5'), ('T200','I4'),
  ('T300','I2'), ('T300','I3'), ('T400','I1'), ('T400','I2'), ('T400','I4'),
  ('T500','I1'), ('T500','I3'), ('T600','I2'), ('T600','I3'), ('T700','I1'),
  ('T700','I3'), ('T800','I1'), ('T800','I2'), ('T800','I3'), ('T800','I5'),
  ('T900','I1'), ('T900','I2'), ('T900','I3'), ('T100','I1'),
  ('T900', NULL), (NULL, 'I4');
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics',
                                     min_support => NULL, min_count => 2);
-- min_support 2/9 is the same threshold as a count of 2
SELECT count(*) FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics', 2.0 / 9);
-- Rules at confidence 70 % with consequents of up to 2 items.  By hand
-- (9 baskets): I4 => I2 (2/2, lift 9/7 = 1.285714), I5 => I1 (2/2, lift
-- 9/6 = 1.5), I5 => I2 (2/2, 9/7), and from {I1,I2,I5} (the book's
-- Example 6.4) {I1,I5} => I2 (2/2, 9/7), {I2,I5} => I1 (2/2, 1.5),
-- I5 => {I1,I2} (2/2, lift 9/4 = 2.25); {I1,I2} => I5 has 2/4 = 50 %.
-- Leverage of I4 => I2: 2/9 - (2/9)(7/9) = 4/81 = 0.0493827; conviction is
-- infinite at confidence 1: NULL.
SELECT antecedent, consequent, antecedent_count, consequent_count, rule_count, baskets,
       round(support::numeric, 6) AS support, confidence, round(lift::numeric, 6) AS lift,
       round(leverage::numeric, 7) AS leverage, conviction
  FROM pmkt.association_rules('SELECT tid, item FROM allelectronics', min_support => NULL, min_count => 2,
                              min_confidence => 0.7, max_consequent => 2);
-- conviction of I1 => I3: (1 - 6/9) / (1 - 4/6) = 1; of I2 => I3:
-- (1 - 6/9) / (1 - 4/7) = 7/9 = 0.777778
SELECT antecedent, consequent, round(confidence::numeric, 6) AS confidence,
       round(conviction::numeric, 6) AS conviction
  FROM pmkt.association_rules('SELECT tid, item FROM allelectronics', NULL, 2, 2, 0.5)
 WHERE consequent = '{I3}';
-- min_lift keeps lift >= 1.5 only (3 of the 6 rules above)
SELECT count(*) FROM pmkt.association_rules('SELECT tid, item FROM allelectronics', NULL, 2,
                                            min_confidence => 0.7, min_lift => 1.5, max_consequent => 2);

-- integer ids: item_ids as bigint[], order numeric (2 before 10)
SELECT items, item_ids, basket_count, support
  FROM pmkt.frequent_itemsets($$SELECT b, i FROM (VALUES (1, 10), (1, 2), (2, 10), (2, 2), (3, 2)) v(b, i)$$,
                              min_support => 0.5);
-- the same rows whatever the line order, basket ids as smallint / text
SELECT (SELECT array_agg(f::text) FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics ORDER BY item DESC, tid', NULL, 2) f)
     = (SELECT array_agg(f::text) FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics ORDER BY random()', NULL, 2) f)
       AS same_rows;

-- the cross-sell report: each product's partners by lift, with names
CREATE TEMP TABLE ae_products (product_id text, name text);
INSERT INTO ae_products VALUES ('I1', 'laptop'), ('I2', 'mouse'), ('I3', 'keyboard'), ('I4', 'monitor'), ('I5', 'bag');
SELECT * FROM pmkt.cross_sell('SELECT tid, item FROM allelectronics', 'ae_products', top_n => 2,
                              min_support => NULL, min_count => 2, digits => NULL);
-- a report for reading (issue 16): lift, confidence, support to digits
-- decimals (default 4); the fractions above rounded by hand (4 / 1 decimals):
-- 9/7 -> 1.2857 / 1.3, 6/7 -> 0.8571 / 0.9, 2/7 -> 0.2857 / 0.3, 1/3 ->
-- 0.3333 / 0.3, 2/3 -> 0.6667 / 0.7, 2/9 -> 0.2222 / 0.2, 4/9 -> 0.4444 / 0.4
SELECT product, partner, lift, confidence, support FROM pmkt.cross_sell('SELECT tid, item FROM allelectronics', top_n => 2,
                              min_support => NULL, min_count => 2);
SELECT product, partner, lift, confidence, support FROM pmkt.cross_sell('SELECT tid, item FROM allelectronics', top_n => 2,
                              min_support => NULL, min_count => 2, digits => 1);
-- digits outside 0..15: 22023
SELECT * FROM pmkt.cross_sell('SELECT tid, item FROM allelectronics', digits => -1);
SELECT pmkt.basket_query('ae_products', 'product_id', 'name');
-- the caller's query runs under the caller's search_path (a plain table in public)
CREATE TABLE ae_lines AS SELECT * FROM allelectronics WHERE tid IS NOT NULL AND item IS NOT NULL;
SELECT count(*) AS pair_rules FROM pmkt.cross_sell('SELECT tid, item FROM ae_lines', min_support => NULL, min_count => 2);

-- the demo's planted rules come out on top (src/basket/demo_basket.c: 8 -> 57,
-- 3 -> 11, {2, 5} -> 19; 150 -> 151 is the top partner of 150)
SELECT count(*) > 0 AS made FROM pmkt.generate_demo('basket_demo', 3000, 7);
SELECT antecedent, consequent, rule_count > 10 AS enough, lift > 10 AS strong
  FROM pmkt.association_rules(pmkt.basket_query('basket_demo.order_lines'), min_count => 8,
                              min_confidence => 0.3, min_lift => 10) LIMIT 8;
SELECT product_name, partner_rank, partner_name
  FROM pmkt.cross_sell(pmkt.basket_query('basket_demo.order_lines'), 'basket_demo.products', top_n => 1, min_count => 8,
                       min_confidence => 0.3)
 WHERE product IN ('3', '8', '150');

-- bad input: SQLSTATEs naming the argument
\set VERBOSITY sqlstate
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics', 0);
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics', 1.5);
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics', 'NaN');
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics', NULL, 0);
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics', NULL, NULL);
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics', max_len => 0);
SELECT * FROM pmkt.frequent_itemsets(NULL);
SELECT * FROM pmkt.association_rules('SELECT tid, item FROM allelectronics', min_confidence => 1.01);
SELECT * FROM pmkt.association_rules('SELECT tid, item FROM allelectronics', min_confidence => -0.1);
SELECT * FROM pmkt.association_rules('SELECT tid, item FROM allelectronics', min_lift => -1);
SELECT * FROM pmkt.association_rules('SELECT tid, item FROM allelectronics', max_consequent => 0);
SELECT * FROM pmkt.association_rules('SELECT tid, item FROM allelectronics', max_len => 1);
SELECT * FROM pmkt.cross_sell('SELECT tid, item FROM allelectronics', top_n => 0);
SELECT * FROM pmkt.cross_sell('SELECT tid, item FROM allelectronics', 'ae_products', name_column => 'nom');
-- empty input, only NULL ids, wrong column types or count
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, item FROM allelectronics WHERE false');
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, NULL::text FROM allelectronics');
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, 1.5::float8 FROM allelectronics');
SELECT * FROM pmkt.frequent_itemsets('SELECT tid FROM allelectronics');
SELECT * FROM pmkt.frequent_itemsets('SELECT tid, item, 1 FROM allelectronics');
SELECT * FROM pmkt.frequent_itemsets('not a query');
-- beyond pmkt.max_train_memory: 53200, naming the budget and the fix
SET pmkt.max_train_memory = '64kB';
SELECT * FROM pmkt.frequent_itemsets('SELECT g / 10, g % 1000 FROM generate_series(1, 100000) g', min_count => 1);
\set VERBOSITY default
SELECT * FROM pmkt.frequent_itemsets('SELECT g / 10, g % 1000 FROM generate_series(1, 100000) g', min_count => 1);
RESET pmkt.max_train_memory;
-- one basket of 100 items holds 2^100 - 1 itemsets: stopped by max_itemsets
-- (54000), or by max_len
\set VERBOSITY sqlstate
SELECT count(*) FROM pmkt.frequent_itemsets('SELECT 1, g FROM generate_series(1, 100) g');
SELECT count(*) FROM pmkt.frequent_itemsets('SELECT 1, g FROM generate_series(1, 100) g', max_itemsets => 1000);
SELECT count(*) FROM pmkt.association_rules('SELECT 1, g FROM generate_series(1, 100) g', max_consequent => 100);
SELECT count(*) FROM pmkt.frequent_itemsets('SELECT 1, g FROM generate_series(1, 100) g', max_itemsets => 0);
SELECT count(*) FROM pmkt.frequent_itemsets('SELECT 1, g FROM generate_series(1, 100) g', max_itemsets => 9223372036854775807);
\set VERBOSITY default
-- 100 + 4950 = 5050 itemsets of at most 2 items
SELECT count(*) FROM pmkt.frequent_itemsets('SELECT 1, g FROM generate_series(1, 100) g', max_len => 2);
SELECT * FROM pmkt.association_rules('SELECT tid, item FROM allelectronics', min_confidence => 2);
