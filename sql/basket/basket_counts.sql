-- basket/basket_counts: the combinable aggregate pmkt.basket_counts (baskets
-- per item and per pair), its state type, readers, and basket_itemsets
SET extra_float_digits = 0;

-- The textbook example (Han, Kamber and Pei, "Data Mining: Concepts and
-- Techniques", 3rd ed., Table 6.1, AllElectronics) with item Ik as k.
-- Counted by hand from the nine transactions:
--   T100 1,2,5  T200 2,4  T300 2,3  T400 1,2,4  T500 1,3  T600 2,3
--   T700 1,3    T800 1,2,3,5        T900 1,2,3
-- items: 1 in 6 baskets, 2 in 7, 3 in 6, 4 in 2, 5 in 2;
-- pairs: {1,2} 4 (T100 T400 T800 T900), {1,3} 4 (T500 T700 T800 T900),
-- {1,4} 1 (T400), {1,5} 2 (T100 T800), {2,3} 4 (T300 T600 T800 T900),
-- {2,4} 2 (T200 T400), {2,5} 2 (T100 T800), {3,5} 1 (T800): 8 pairs.
-- The lines hold a duplicate (T100, 1), a NULL item in T900 and a line
-- with a NULL basket id, which must count nowhere.
CREATE TEMP TABLE ae (tid text, item bigint);
INSERT INTO ae VALUES
  ('T100',1), ('T200',2), ('T100',2), ('T100',5), ('T200',4),
  ('T300',2), ('T300',3), ('T400',1), ('T400',2), ('T400',4),
  ('T500',1), ('T500',3), ('T600',2), ('T600',3), ('T700',1),
  ('T700',3), ('T800',1), ('T800',2), ('T800',3), ('T800',5),
  ('T900',1), ('T900',2), ('T900',3), ('T100',1),
  ('T900', NULL), (NULL, 4);
-- one row per basket (GROUP BY the basket id; NULL basket ids filtered)
CREATE TEMP TABLE ae_state AS
SELECT pmkt.basket_counts(items, true) AS s
  FROM (SELECT array_agg(item) AS items FROM ae WHERE tid IS NOT NULL GROUP BY tid) b;
SELECT * FROM pmkt.basket_counts_info((SELECT s FROM ae_state));
SELECT * FROM pmkt.item_counts((SELECT s FROM ae_state));
SELECT * FROM pmkt.pair_counts((SELECT s FROM ae_state));
SELECT s::text FROM ae_state;
-- without the filter the NULL basket id is one more basket (of item 4):
-- GROUP BY puts NULL ids in one group, so filter them (as the lines loader does)
SELECT (pmkt.basket_counts_info(pmkt.basket_counts(items))).baskets
  FROM (SELECT array_agg(item) AS items FROM ae GROUP BY tid) b;

-- the frequent 1- and 2-itemsets read from the counts are the rows of
-- pmkt.frequent_itemsets(max_len => 2) over the same lines, in its order
SELECT * FROM pmkt.basket_itemsets((SELECT s FROM ae_state), min_support => NULL, min_count => 2);
SELECT (SELECT array_agg(f::text) FROM pmkt.basket_itemsets((SELECT s FROM ae_state), NULL, 2) f)
     = (SELECT array_agg(f::text) FROM pmkt.frequent_itemsets('SELECT tid, item FROM ae', NULL, 2, max_len => 2) f)
       AS same_as_frequent_itemsets;

-- ===========================================================================
-- Synthetic lines: 20 000 baskets, 60 items, with duplicated lines (each
-- basket's lines repeat items), against plain SQL count(DISTINCT basket)
-- ===========================================================================
CREATE TABLE bc_lines AS
SELECT b AS basket, ((b * 7 + k * k * 13 + (b % 5) * k) % 60)::bigint AS item
  FROM generate_series(1, 20000) b, generate_series(1, 1 + b % 6) k;
INSERT INTO bc_lines SELECT basket, item FROM bc_lines WHERE basket % 3 = 0;   -- duplicates
SELECT count(*) AS lines, count(DISTINCT basket) AS baskets,
       count(*) - count(DISTINCT (basket, item)) AS duplicate_lines FROM bc_lines;
CREATE TABLE bc_baskets AS SELECT basket, array_agg(item) AS items FROM bc_lines GROUP BY basket;
ANALYZE bc_baskets;
CREATE TABLE bc_serial AS SELECT pmkt.basket_counts(items, true) AS s FROM bc_baskets;
-- items: the aggregate's counts against count(DISTINCT basket), both ways
WITH agg AS (SELECT item, baskets FROM pmkt.item_counts((SELECT s FROM bc_serial))),
     ref AS (SELECT item, count(DISTINCT basket) AS baskets FROM bc_lines GROUP BY item)
SELECT (SELECT count(*) FROM agg) AS items,
       (SELECT count(*) FROM (SELECT * FROM agg EXCEPT SELECT * FROM ref) d) AS not_in_sql,
       (SELECT count(*) FROM (SELECT * FROM ref EXCEPT SELECT * FROM agg) d) AS not_in_agg;
-- pairs: against a self-join of the lines
WITH agg AS (SELECT item_a, item_b, baskets FROM pmkt.pair_counts((SELECT s FROM bc_serial))),
     ref AS (SELECT a.item AS item_a, b.item AS item_b, count(DISTINCT a.basket) AS baskets
               FROM bc_lines a JOIN bc_lines b ON a.basket = b.basket AND a.item < b.item
              GROUP BY 1, 2)
SELECT (SELECT count(*) FROM agg) AS pairs,
       (SELECT count(*) FROM (SELECT * FROM agg EXCEPT SELECT * FROM ref) d) AS not_in_sql,
       (SELECT count(*) FROM (SELECT * FROM ref EXCEPT SELECT * FROM agg) d) AS not_in_agg;
-- frequent itemsets at min_support 0.02: the same rows as FP-growth's
SELECT count(*) AS itemsets,
       (SELECT array_agg(f::text) FROM pmkt.basket_itemsets((SELECT s FROM bc_serial), 0.02) f)
     = (SELECT array_agg(f::text) FROM pmkt.frequent_itemsets('SELECT basket, item FROM bc_lines', 0.02, max_len => 2) f)
       AS same_as_frequent_itemsets
  FROM pmkt.basket_itemsets((SELECT s FROM bc_serial), 0.02);
-- items only: the same item counts, no pairs
SELECT (SELECT array_agg(c) FROM pmkt.item_counts((SELECT pmkt.basket_counts(items) FROM bc_baskets)) c)
     = (SELECT array_agg(c) FROM pmkt.item_counts((SELECT s FROM bc_serial)) c) AS same_items,
       (pmkt.basket_counts_info(pmkt.basket_counts(items))).pairs AS pairs_not_counted
  FROM bc_baskets;

-- forced parallel plan: Partial Aggregate in the workers, combined in the
-- leader: the same state as the serial one
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.basket_counts(items, true) FROM bc_baskets;
SELECT p.s::text = serial.s::text AS parallel_equals_serial
  FROM (SELECT pmkt.basket_counts(items, true) AS s FROM bc_baskets) p, bc_serial serial;
-- grouped: one state per basket % 4, parallel, equal to the serial groups
SELECT bool_and(p.s::text = q.s::text) AS groups_equal, count(*) AS groups
  FROM (SELECT basket % 4 AS g, pmkt.basket_counts(items, true) AS s FROM bc_baskets GROUP BY 1) p
  JOIN (SELECT g, pmkt.basket_counts(items, true) AS s
          FROM (SELECT basket % 4 AS g, items FROM bc_baskets ORDER BY basket OFFSET 0) o GROUP BY 1) q USING (g);
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;

-- combine: of two halves equals the whole, either order
WITH h AS (SELECT pmkt.basket_counts(items, true) FILTER (WHERE basket % 2 = 0) AS a,
                  pmkt.basket_counts(items, true) FILTER (WHERE basket % 2 = 1) AS b FROM bc_baskets)
SELECT pmkt.basket_counts_combine(a, b)::text = (SELECT s::text FROM bc_serial) AS combine_equal,
       pmkt.basket_counts_combine(b, a)::text = (SELECT s::text FROM bc_serial) AS combine_commutes,
       a::text = (SELECT pmkt.basket_counts(items, true)::text FROM bc_baskets WHERE basket % 2 = 0) AS input_untouched
  FROM h;

-- text and binary round trips
SELECT s::text::pmkt.basket_counts_state::text = s::text AS text_round_trip FROM bc_serial;
COPY (SELECT s FROM bc_serial) TO '/tmp/pmkt_basket_counts_state.bin' WITH (FORMAT binary);
CREATE TEMP TABLE bc_bin (s pmkt.basket_counts_state);
COPY bc_bin FROM '/tmp/pmkt_basket_counts_state.bin' WITH (FORMAT binary);
DO $$ BEGIN COPY (SELECT WHERE false) TO PROGRAM 'rm -f /tmp/pmkt_basket_counts_state.bin'; END $$;  -- leave no file behind
SELECT b.s::text = serial.s::text AS binary_round_trip FROM bc_bin b, bc_serial serial;

-- integer item ids (array_agg of an integer column): the same state as the
-- bigint ids (the bigint path is checked against count(DISTINCT) above), in a
-- serial and a forced parallel plan; ids beyond the integer range stay bigint
SELECT (SELECT pmkt.basket_counts(items::integer[], true)::text FROM bc_baskets)
       = (SELECT s::text FROM bc_serial) AS integer_ids_same;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.basket_counts(items::integer[], true) FROM bc_baskets;
SELECT p.s::text = serial.s::text AS integer_ids_parallel_same
  FROM (SELECT pmkt.basket_counts(items::integer[], true) AS s FROM bc_baskets) p, bc_serial serial;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;

-- no rows: NULL state, no rows from the readers
SELECT pmkt.basket_counts(items) IS NULL AS no_rows_null FROM bc_baskets WHERE false;
SELECT count(*) FROM pmkt.item_counts(NULL);

-- ===========================================================================
-- Bad input
-- ===========================================================================
\set VERBOSITY default
SELECT pmkt.basket_counts(x) FROM (VALUES ('{{1,2},{3,4}}'::bigint[])) v(x);
SELECT pmkt.basket_counts(x, NULL) FROM (VALUES ('{1,2}'::bigint[])) v(x);
SELECT * FROM pmkt.pair_counts((SELECT pmkt.basket_counts(items) FROM bc_baskets));
SELECT pmkt.basket_counts_combine((SELECT pmkt.basket_counts(items) FROM bc_baskets), (SELECT s FROM bc_serial));
SELECT pmkt.basket_counts_sfunc(pmkt.basket_counts_sfunc(NULL, '{1}'::bigint[]), '{2}'::bigint[], true);
SELECT * FROM pmkt.basket_itemsets((SELECT s FROM ae_state), 1.5);
SELECT * FROM pmkt.basket_itemsets((SELECT s FROM ae_state), NULL, NULL);
SELECT * FROM pmkt.basket_itemsets((SELECT s FROM ae_state), 0.1, 0);
-- states that are not consistent (22P02 on input)
SELECT '{"format":"pmkt.basket_counts_state","version":1,"pairs":false,"baskets":2,"empty":0,"null_baskets":0,"null_items":0,"items":[[1,3]],"pair_counts":[]}'::pmkt.basket_counts_state;
SELECT '{"format":"pmkt.basket_counts_state","version":1,"pairs":false,"baskets":2,"empty":0,"null_baskets":0,"null_items":0,"items":[[1,1],[1,2]],"pair_counts":[]}'::pmkt.basket_counts_state;
SELECT '{"format":"pmkt.basket_counts_state","version":1,"pairs":true,"baskets":2,"empty":0,"null_baskets":0,"null_items":0,"items":[[1,1],[2,2]],"pair_counts":[[1,2,2]]}'::pmkt.basket_counts_state;
SELECT '{"format":"pmkt.basket_counts_state","version":1,"pairs":true,"baskets":2,"empty":0,"null_baskets":0,"null_items":0,"items":[[1,1],[2,2]],"pair_counts":[[2,1,1]]}'::pmkt.basket_counts_state;
SELECT '{"format":"pmkt.basket_counts_state","version":1,"pairs":true,"baskets":2,"empty":0,"null_baskets":0,"null_items":0,"items":[[1,1]],"pair_counts":[[1,3,1]]}'::pmkt.basket_counts_state;
SELECT '{"format":"pmkt.basket_counts_state","version":1,"pairs":false,"baskets":2,"empty":0,"null_baskets":0,"null_items":0,"items":[[1,1],[2,2]],"pair_counts":[[1,2,1]]}'::pmkt.basket_counts_state;
SELECT '{"format":"pmkt.basket_counts_state","version":2}'::pmkt.basket_counts_state;
SELECT '{"format":"pmkt.basket_counts_state","version":1,"pairs":false,"baskets":-1,"empty":0,"null_baskets":0,"null_items":0,"items":[],"pair_counts":[]}'::pmkt.basket_counts_state;
SELECT '{"format":"pmkt.basket_counts_state","version":1,"pairs":false,"baskets":0,"empty":0,"null_baskets":0,"null_items":0,"items":[],"pair_counts":[]} x'::pmkt.basket_counts_state;
SELECT '{"format":"pmkt.basket_counts_state","version":1,"pairs":false,"baskets":99999999999999999999}'::pmkt.basket_counts_state;
-- a valid hand-made state reads back in canonical order and combines
SELECT pmkt.basket_counts_combine(
  '{"format":"pmkt.basket_counts_state", "version":1, "pairs":true, "baskets":2, "empty":1, "null_baskets":0, "null_items":0, "items":[[9,1],[-4,2]], "pair_counts":[[-4,9,1]]}',
  pmkt.basket_counts('{9,-4,9}'::bigint[], true))::text;
-- beyond pmkt.max_train_memory: 53200 (baskets of 300 items: 44 850 pairs each)
SET pmkt.max_train_memory = 512;
SELECT pmkt.basket_counts(ARRAY(SELECT generate_series(1, 300)::bigint), true);
RESET pmkt.max_train_memory;
\set VERBOSITY terse
DROP TABLE bc_lines, bc_baskets, bc_serial;
