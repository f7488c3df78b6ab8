-- basket/recommend: pmkt.recommend and pmkt.recommend_evaluate on an
-- example worked by hand (item_neighbors against numpy: basket/recommend_knn)
SET extra_float_digits = 0;
-- Purchases (customer, item, day).  Each customer's last day is the test
-- basket; the earlier days are the training part:
--   c1 train {A,B}, last {C}      c2 train {A,B}, last {A} (nothing new)
--   c3 train {A,C}, last {B}      c4 train {D,E}, last {D} (nothing new)
--   c5 train {D,E}, last {E}      c6 train {D},   last {E}
--   c7 one basket only: no training lines, not evaluated
CREATE TABLE rec_lines (customer_id text, product_id text, ordered_at timestamptz);
INSERT INTO rec_lines VALUES
  ('c1', 'A', '2024-01-01'), ('c1', 'B', '2024-01-01'), ('c1', 'C', '2024-02-01'),
  ('c2', 'A', '2024-01-02'), ('c2', 'B', '2024-01-02'), ('c2', 'A', '2024-02-02'),
  ('c3', 'A', '2024-01-03'), ('c3', 'C', '2024-01-03'), ('c3', 'B', '2024-02-03'),
  ('c4', 'D', '2024-01-04'), ('c4', 'E', '2024-01-04'), ('c4', 'D', '2024-02-04'),
  ('c5', 'D', '2024-01-05'), ('c5', 'E', '2024-01-05'), ('c5', 'E', '2024-02-05'),
  ('c6', 'D', '2024-01-06'), ('c6', 'E', '2024-02-06'),
  ('c7', 'A', '2024-01-07');
-- Training matrix by hand: buyers A 3 (c1 c2 c3), B 2, C 1, D 3 (c4 c5 c6),
-- E 2; together: AB 2, AC 1, DE 2, nothing else.  Cosine: AB = DE =
-- 2 / sqrt(3 * 2) = 0.816497, AC = 1 / sqrt(3 * 1) = 0.577350.
CREATE TABLE rec_train AS
SELECT l.customer_id, l.product_id FROM rec_lines l
 WHERE l.ordered_at < (SELECT max(m.ordered_at) FROM rec_lines m WHERE m.customer_id = l.customer_id);
CREATE TABLE rec_nb AS SELECT * FROM pmkt.item_neighbors('SELECT customer_id, product_id FROM rec_train');
SELECT item, neighbor, neighbor_rank, round(similarity::numeric, 6) AS similarity, common_customers FROM rec_nb;
-- recommend, k = 2: c1 and c2 own A, B: C (score 0.577350 from A; B has
-- no other neighbour); c3 owns A, C: B (0.816497 from A); c6 owns D: E
-- (0.816497); c4, c5 own D and E, each other's only neighbour: no rows.  'zz' is unknown: no rows, or with the
-- popularity fallback the most bought items, A and D (3 buyers each, ties
-- by id), score = buyers.
SELECT customer, recommendation_rank, item, round(score::numeric, 6) AS score, source
  FROM pmkt.recommend('rec_train', 'rec_nb', 2);
SELECT * FROM pmkt.recommend('rec_train', 'rec_nb', 2, ARRAY['c1', 'zz']);
SELECT customer, recommendation_rank, item, round(score::numeric, 6) AS score, source
  FROM pmkt.recommend('rec_train', 'rec_nb', 2, ARRAY['c1', 'zz'], 'popularity');

-- recommend_evaluate, k = 2, leaving each last basket out.  Evaluated: c1
-- (relevant {C}), c3 ({B}), c6 ({E}); c2, c4, c5 bought nothing new, c7
-- has no training lines.
-- item_knn: c1 [C] hit at 1, c3 [B] hit at 1, c6 [E] hit at 1: precision
--   1/2 each = 0.5, recall 1, hit rate 1, NDCG 1; coverage {B,C,E} over the
--   5 training items = 0.6.
-- popularity (A 3, D 3, B 2, E 2, C 1; ties by id): c1 owns A, B -> [D, E],
--   miss; c3 owns A, C -> [D, B], hit at 2; c6 owns D -> [A, B], miss:
--   precision (0 + 1/2 + 0) / 3 = 0.166667, recall 1/3, hit rate 1/3,
--   NDCG (1 / log2(3)) / 3 = 0.630930 / 3 = 0.210310; coverage {A,B,D,E} =
--   4/5 = 0.8.
SELECT model, top_k, customers, round(precision_at_k::numeric, 6) AS precision_at_k,
       round(recall_at_k::numeric, 6) AS recall_at_k, round(hit_rate_at_k::numeric, 6) AS hit_rate_at_k,
       round(ndcg_at_k::numeric, 6) AS ndcg_at_k,
       -- ALS's second recommendation per customer scores at rounding-noise
       -- level (|score| about 1e-15: the two item blocks {A,B,C} and {D,E}
       -- share no customer), so which item it is, and the coverage, depend
       -- on the BLAS's rounding: compared below with recommend's instead
       CASE WHEN model <> 'als' THEN round(coverage::numeric, 6) END AS coverage
  FROM pmkt.recommend_evaluate('rec_lines', 2, digits => NULL);
-- its als row (ALS itself is checked against numpy in basket/als) equals
-- the measures computed here from pmkt.recommend over pmkt.als_train on
-- the same training lines (each customer's lines before their last day),
-- for the evaluated customers c1 {C}, c3 {B}, c6 {E}
WITH rel(customer, item) AS (VALUES ('c1', 'C'), ('c3', 'B'), ('c6', 'E')),
     rec AS (SELECT * FROM pmkt.recommend(pmkt.als_train(
               'SELECT customer_id, product_id FROM rec_lines l
                 WHERE ordered_at < (SELECT max(ordered_at) FROM rec_lines m WHERE m.customer_id = l.customer_id)'),
               2, ARRAY['c1', 'c3', 'c6'])),
     per AS (SELECT r.customer, count(x.item) AS hits, coalesce(sum(1 / log(2, x.recommendation_rank + 1.0)), 0) AS dcg
               FROM rel r LEFT JOIN rec x USING (customer, item) GROUP BY r.customer)
SELECT 'als' AS model, round(avg(hits / 2.0), 6) AS precision_at_k, round(avg(hits::numeric), 6) AS recall_at_k,
       round(avg((hits > 0)::int), 6) AS hit_rate_at_k, round(avg(dcg), 6) AS ndcg_at_k,
       round((SELECT count(DISTINCT item) FROM rec) / 5.0, 6)
         = (SELECT round(coverage::numeric, 6) FROM pmkt.recommend_evaluate('rec_lines', 2, digits => NULL) WHERE model = 'als') AS same_coverage
  FROM per;
-- item_bias => false reaches als_train: the als row equals the measures of
-- pmkt.recommend over pmkt.als_train(..., item_bias => false) on the same
-- lines (the plain model: coverage 0.8 here, 1 with the item bias above)
WITH rel(customer, item) AS (VALUES ('c1', 'C'), ('c3', 'B'), ('c6', 'E')),
     rec AS (SELECT * FROM pmkt.recommend(pmkt.als_train(
               'SELECT customer_id, product_id FROM rec_lines l
                 WHERE ordered_at < (SELECT max(ordered_at) FROM rec_lines m WHERE m.customer_id = l.customer_id)',
               item_bias => false), 2, ARRAY['c1', 'c3', 'c6'])),
     per AS (SELECT r.customer, count(x.item) AS hits, coalesce(sum(1 / log(2, x.recommendation_rank + 1.0)), 0) AS dcg
               FROM rel r LEFT JOIN rec x USING (customer, item) GROUP BY r.customer),
     mine AS (SELECT avg(hits / 2.0) AS pr, avg((hits > 0)::int) AS hr, avg(dcg) AS nd,
                     (SELECT count(DISTINCT item) FROM rec) / 5.0 AS cv FROM per),
     ev AS (SELECT * FROM pmkt.recommend_evaluate('rec_lines', 2, digits => NULL, item_bias => false) WHERE model = 'als')
SELECT abs(mine.pr - ev.precision_at_k) < 1e-12 AND abs(mine.hr - ev.hit_rate_at_k) < 1e-12
       AND abs(mine.nd - ev.ndcg_at_k) < 1e-12 AND abs(mine.cv - ev.coverage) < 1e-12 AS same_measures
  FROM mine, ev;
-- a cut-off date instead: training = before 2024-02-01 (every first day),
-- the same split here but for c7, whose only basket is now training: A gets
-- a 4th buyer, popularity coverage unchanged
SELECT model, customers, round(precision_at_k::numeric, 6) AS precision_at_k
  FROM pmkt.recommend_evaluate('rec_lines', 2, cutoff => '2024-02-01', digits => NULL);
-- a report for reading (issue 16): digits decimals, default 4; popularity's
-- measures above by hand: precision 1/6 -> 0.1667 / 0.2, recall and hit rate
-- 1/3 -> 0.3333 / 0.3, NDCG 0.210310 -> 0.2103 / 0.2, coverage 0.8 -> 0.8000 / 0.8
SELECT model, precision_at_k, recall_at_k, hit_rate_at_k, ndcg_at_k, coverage
  FROM pmkt.recommend_evaluate('rec_lines', 2) WHERE model = 'popularity';
SELECT model, precision_at_k, recall_at_k, hit_rate_at_k, ndcg_at_k, coverage
  FROM pmkt.recommend_evaluate('rec_lines', 2, digits => 1) WHERE model = 'popularity';
-- digits outside 0..15: 22023
\set VERBOSITY default
SELECT * FROM pmkt.recommend_evaluate('rec_lines', 2, digits => 16);

-- bad input
\set VERBOSITY sqlstate
SELECT * FROM pmkt.item_neighbors('SELECT customer_id, product_id FROM rec_train', 0);
SELECT * FROM pmkt.item_neighbors('SELECT customer_id, product_id FROM rec_train', similarity => 'pearson');
SELECT * FROM pmkt.item_neighbors('SELECT customer_id, product_id FROM rec_train', shrinkage => -1);
SELECT * FROM pmkt.item_neighbors('SELECT customer_id, product_id FROM rec_train', min_common => 0);
SELECT * FROM pmkt.item_neighbors('SELECT customer_id, 1.5 FROM rec_train');
SELECT * FROM pmkt.item_neighbors('SELECT customer_id, product_id FROM rec_train WHERE false');
SELECT * FROM pmkt.recommend('rec_train', 'rec_nb', 0);
SELECT * FROM pmkt.recommend('rec_train', 'rec_nb', 2, fallback => 'random');
SELECT * FROM pmkt.recommend('rec_train', 'rec_train', 2);
SELECT * FROM pmkt.recommend('rec_train', 'rec_nb', 2, customer_column => 'client');
SELECT * FROM pmkt.recommend_evaluate('rec_lines', 0);
SELECT * FROM pmkt.recommend_evaluate('rec_lines', 2, cutoff => '2000-01-01');
SELECT * FROM pmkt.recommend_evaluate('rec_lines', 2, time_column => 'day');
