-- rfm: RFM profiles, scores, segments and the strategy map.
-- Reference: the scores are checked against the plain-SQL definition
-- (GROUP BY + ntile window) written out below, row for row, and a few
-- customers by hand (comments).
SET timezone = 'UTC';
CREATE TABLE rfm_orders (customer_id int, ordered_at timestamptz, amount numeric);
INSERT INTO rfm_orders VALUES
 (1, '2024-06-30 12:00+00', 100), (1, '2024-05-01+00', 50), (1, '2024-01-10+00', 70), (1, '2023-11-02+00', 30),
 (2, '2024-06-01+00', 20),
 (3, '2024-06-29+00', 300), (3, '2024-06-20+00', 10),
 (4, '2023-07-01+00', 500), (4, '2023-09-01+00', 5), (4, '2023-12-24+00', 45),
 (5, '2024-04-15+00', 60), (5, '2024-04-20+00', 60),
 (6, '2024-07-01+00', 15),
 (7, '2022-12-01+00', 80), (7, '2023-03-01+00', 90), (7, '2024-02-01+00', 100), (7, '2024-06-01+00', 110), (7, '2024-06-25+00', 120),
 (8, '2024-03-03+00', 25), (8, '2024-03-04+00', 25),
 (9, '2024-06-01+00', 40),
 (10, '2023-10-10+00', 200), (10, '2024-05-05+00', 220), (10, '2024-06-15+00', 5),
 (11, '2024-06-28+00', 33), (11, '2024-06-27+00', 33),
 (12, '2024-01-01+00', 9),
 (NULL, '2024-06-30+00', 1000), (12, NULL, 1000), (12, '2024-06-30+00', NULL),   -- skipped
 (1, '2024-08-01+00', 999);  -- after as_of below: ignored when as_of is given

-- as_of 2024-07-01: the order of 2024-08-01 is ignored.
-- By hand, customer 1: last order 2024-06-30 12:00, recency 0.5 days; 4 orders
-- (the August one is after as_of), total 250; first order 2023-11-02,
-- tenure 242 days.  Frequencies: c7 5; c1 4; c4, c10 3; c3, c5, c8, c11 2;
-- c2, c6, c9, c12 1.  ntile(5) over 12 rows gives buckets of 3,3,2,2,2.
-- Ordered worst first (frequency, customer_id): 2,6,9 | 12,3,5 | 8,11 | 4,10 | 1,7
-- so 'first' gives f = 1,1,1 | 2,2,2 | 3,3 | 4,4 | 5,5; 'shared' gives c12
-- the bucket of c2 (first with frequency 1): 1, and c3,c5,c8,c11 the bucket
-- of c3 (position 4): 2; c4, c10 (positions 8, 9): 4; c1: 5, c7: 5.
SELECT * FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00') ORDER BY customer_id;

-- The plain-SQL definition (the reference for every option combination).
CREATE VIEW rfm_reference_base AS
SELECT customer_id::bigint AS customer_id, min(ordered_at) AS first_at, max(ordered_at) AS last_at,
       count(*) AS frequency, sum(amount::float8) AS total
FROM rfm_orders
WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL AND amount IS NOT NULL
  AND ordered_at <= '2024-07-01 00:00+00'
GROUP BY 1;
CREATE VIEW rfm_reference AS
WITH v AS (
  SELECT customer_id, frequency,
         extract(epoch FROM '2024-07-01 00:00+00'::timestamptz - last_at)::float8 / 86400 AS recency_days,
         total, total / frequency AS average
  FROM rfm_reference_base),
nt AS (
  SELECT v.*,
         ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS r_first,
         ntile(5) OVER (ORDER BY frequency, customer_id) AS f_first,
         ntile(5) OVER (ORDER BY total, customer_id) AS m_first,
         ntile(5) OVER (ORDER BY average, customer_id) AS ma_first
  FROM v)
SELECT nt.*,
       min(r_first) OVER (PARTITION BY recency_days) AS r_shared,
       min(f_first) OVER (PARTITION BY frequency) AS f_shared,
       min(m_first) OVER (PARTITION BY total) AS m_shared,
       min(ma_first) OVER (PARTITION BY average) AS ma_shared
FROM nt;

-- each pair: rows where pmkt and the reference disagree (expect none)
SELECT 'total/shared' AS mode, count(*) AS mismatches
FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00') p JOIN rfm_reference r USING (customer_id)
WHERE (p.r_score, p.f_score, p.m_score, p.frequency) IS DISTINCT FROM (r.r_shared, r.f_shared, r.m_shared, r.frequency)
   OR abs(p.monetary - r.total) > 1e-12 OR abs(p.recency_days - r.recency_days) > 1e-9
UNION ALL
SELECT 'total/first', count(*)
FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', ties => 'first') p JOIN rfm_reference r USING (customer_id)
WHERE (p.r_score, p.f_score, p.m_score) IS DISTINCT FROM (r.r_first, r.f_first, r.m_first)
UNION ALL
SELECT 'average/shared', count(*)
FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', monetary => 'average') p JOIN rfm_reference r USING (customer_id)
WHERE (p.r_score, p.f_score, p.m_score) IS DISTINCT FROM (r.r_shared, r.f_shared, r.ma_shared)
   OR abs(p.monetary - r.average) > 1e-12
UNION ALL
SELECT 'average/first', count(*)
FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', monetary => 'average', ties => 'first') p JOIN rfm_reference r USING (customer_id)
WHERE (p.r_score, p.f_score, p.m_score) IS DISTINCT FROM (r.r_first, r.f_first, r.ma_first)
UNION ALL
SELECT 'row count', abs((SELECT count(*) FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00')) - (SELECT count(*) FROM rfm_reference));

-- as_of NULL: recency from the latest order (2024-08-01, customer 1's),
-- and that order now counts.
SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment
FROM pmkt.rfm('rfm_orders') WHERE customer_id IN (1, 6, 7) ORDER BY 1;

-- segments with new_days 90: new = tenure < 90 days: c2 (30 d), c3 (11),
-- c5 (77), c6 (0), c9 (30), c11 (4).  Frequent (default rule): the rest's
-- frequencies {1, 2, 3, 3, 4, 5} split at the natural break of ln(frequency):
-- within-group SSE for the splits before 2, 3, 4, 5 (numpy): 0.4772, 0.4245,
-- 0.8307, 1.1582, so frequent = frequency >= 3: c1, c4, c7, c10;
-- occasional: c8, c12.
-- With frequent_min_score => 5 only f_score 5 (c1, c7) is frequent.
SELECT segment, array_agg(customer_id ORDER BY customer_id) AS customers
FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00') GROUP BY 1 ORDER BY 1;
SELECT segment, array_agg(customer_id ORDER BY customer_id) AS customers
FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', frequent_min_score => 5) GROUP BY 1 ORDER BY 1;
-- no new customers (new_days 0); the break over all 12 frequencies
-- {1,1,1,1,2,2,2,2,3,3,4,5}: SSE 0.9166 (before 2), 1.1452, 1.8907, 2.5848
-- (numpy), so frequent = frequency >= 2: 8 customers
SELECT segment, count(*) FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', new_days => 0)
GROUP BY 1 ORDER BY 1;
-- a single distinct frequency: no natural break, nobody frequent
SELECT segment, count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM rfm_orders WHERE customer_id IN (2, 9, 12)', new_days => 0)
GROUP BY 1 ORDER BY 1;

-- method => 'kmeans': 3-means on z-scores (population sd) of
-- (ln(1 + tenure_days), recency_days, ln frequency, ln(1 + monetary)).
-- Reference: the exact optimum by enumerating every partition of the 12
-- customers into 3 clusters (test/segment/rfm_shop_ref.py, pure Python),
-- inertia 17.3619:
-- {1,7,10}, {2,3,6,9,11}, {4,5,8,12}; labels for customers 1..12 below.
-- (Best of 4 k-means++ restarts stopped in a local optimum, inertia 17.8788,
-- hence 10 restarts.)  Check: no pair of customers whose co-membership
-- differs from the optimum.  Naming by meaning: {2,3,6,9,11} has the least
-- mean tenure (15.0 days) and all its tenures (30, 11, 0, 30, 4) are below
-- new_days = 90 -> new; of the others {1,7,10} has the higher mean
-- ln(frequency) (1.365 vs 0.621) -> frequent; {4,5,8,12} occasional.
WITH p AS (SELECT customer_id, segment FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', method => 'kmeans')),
     sk AS (SELECT ord AS customer_id, label FROM unnest('{0,1,1,2,2,1,0,2,1,0,1,2}'::int[]) WITH ORDINALITY AS t(label, ord))
SELECT count(*) AS pair_mismatches
FROM p p1 JOIN sk s1 USING (customer_id), p p2 JOIN sk s2 USING (customer_id)
WHERE p1.customer_id < p2.customer_id
  AND (p1.segment = p2.segment) <> (s1.label = s2.label);
SELECT segment, array_agg(customer_id ORDER BY customer_id) AS customers
FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', method => 'kmeans') GROUP BY 1 ORDER BY 1;
-- another seed, same optimum
SELECT count(*) AS differences
FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', method => 'kmeans') a
JOIN pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', method => 'kmeans', seed => 7) b USING (customer_id)
WHERE a.segment <> b.segment;

-- ---------------------------------------------------------------------
-- Issue 16: data shaped like a real shop.  Order lines (several lines per
-- order, an order id), as_of 2024-07-01.  Generated, with the reference, by
-- test/segment/rfm_shop_ref.py: 101-104 first ordered 224-300 days ago and
-- bought twice (the second order 15-40 days ago: low recency, old tenure);
-- 201-203 buy every 1-2 months (8-10 orders); 301-304 first ordered 5-60
-- days ago; 401-402 bought once, long ago.
CREATE TABLE shop_lines (customer_id int, order_id bigint, ordered_at timestamptz, amount numeric);
INSERT INTO shop_lines (customer_id, order_id, ordered_at, amount) VALUES
 (101, 1001, '2023-09-25+00', 10), (101, 1001, '2023-09-25+00', 5), (101, 1001, '2023-09-25+00', 5), (101, 1002, '2024-06-11+00', 8),
 (101, 1002, '2024-06-11+00', 2), (101, 1002, '2024-06-11+00', 10), (102, 1003, '2023-10-25+00', 30), (102, 1003, '2023-10-25+00', 20),
 (102, 1003, '2023-10-25+00', 1), (102, 1004, '2024-05-27+00', 15), (102, 1004, '2024-05-27+00', 15), (102, 1004, '2024-05-27+00', 15),
 (103, 1005, '2023-09-05+00', 12), (103, 1005, '2023-09-05+00', 12), (103, 1005, '2023-09-05+00', 12), (103, 1006, '2024-06-16+00', 40),
 (103, 1006, '2024-06-16+00', 2), (103, 1006, '2024-06-16+00', 3), (104, 1007, '2023-11-20+00', 9), (104, 1007, '2023-11-20+00', 9),
 (104, 1007, '2023-11-20+00', 9), (104, 1007, '2023-11-20+00', 9), (104, 1008, '2024-05-22+00', 5), (104, 1008, '2024-05-22+00', 5),
 (104, 1008, '2024-05-22+00', 5), (201, 1009, '2023-07-17+00', 25), (201, 1009, '2023-07-17+00', 25), (201, 1010, '2023-09-05+00', 25),
 (201, 1010, '2023-09-05+00', 25), (201, 1011, '2023-10-15+00', 25), (201, 1011, '2023-10-15+00', 25), (201, 1012, '2023-12-04+00', 25),
 (201, 1012, '2023-12-04+00', 25), (201, 1013, '2024-01-13+00', 25), (201, 1013, '2024-01-13+00', 25), (201, 1014, '2024-03-03+00', 25),
 (201, 1014, '2024-03-03+00', 25), (201, 1015, '2024-04-12+00', 25), (201, 1015, '2024-04-12+00', 25), (201, 1016, '2024-05-12+00', 25),
 (201, 1016, '2024-05-12+00', 25), (201, 1017, '2024-06-11+00', 25), (201, 1017, '2024-06-11+00', 25), (201, 1018, '2024-06-26+00', 25),
 (201, 1018, '2024-06-26+00', 25), (202, 1019, '2023-08-06+00', 30), (202, 1019, '2023-08-06+00', 10), (202, 1020, '2023-09-25+00', 30),
 (202, 1020, '2023-09-25+00', 10), (202, 1021, '2023-11-24+00', 30), (202, 1021, '2023-11-24+00', 10), (202, 1022, '2024-01-23+00', 30),
 (202, 1022, '2024-01-23+00', 10), (202, 1023, '2024-03-23+00', 30), (202, 1023, '2024-03-23+00', 10), (202, 1024, '2024-05-02+00', 30),
 (202, 1024, '2024-05-02+00', 10), (202, 1025, '2024-06-01+00', 30), (202, 1025, '2024-06-01+00', 10), (202, 1026, '2024-06-21+00', 30),
 (202, 1026, '2024-06-21+00', 10), (203, 1027, '2023-07-07+00', 20), (203, 1027, '2023-07-07+00', 20), (203, 1028, '2023-09-15+00', 20),
 (203, 1028, '2023-09-15+00', 20), (203, 1029, '2023-11-14+00', 20), (203, 1029, '2023-11-14+00', 20), (203, 1030, '2023-12-24+00', 20),
 (203, 1030, '2023-12-24+00', 20), (203, 1031, '2024-02-12+00', 20), (203, 1031, '2024-02-12+00', 20), (203, 1032, '2024-04-02+00', 20),
 (203, 1032, '2024-04-02+00', 20), (203, 1033, '2024-05-17+00', 20), (203, 1033, '2024-05-17+00', 20), (203, 1034, '2024-06-19+00', 20),
 (203, 1034, '2024-06-19+00', 20), (203, 1035, '2024-06-28+00', 20), (203, 1035, '2024-06-28+00', 20), (301, 1036, '2024-06-21+00', 20),
 (301, 1036, '2024-06-21+00', 30), (301, 1036, '2024-06-21+00', 5), (302, 1037, '2024-06-06+00', 12), (302, 1037, '2024-06-06+00', 8),
 (303, 1038, '2024-06-26+00', 50), (303, 1038, '2024-06-26+00', 5), (303, 1038, '2024-06-26+00', 5), (303, 1038, '2024-06-26+00', 5),
 (304, 1039, '2024-05-02+00', 7), (304, 1039, '2024-05-02+00', 7), (304, 1040, '2024-06-23+00', 7), (304, 1040, '2024-06-23+00', 7),
 (401, 1041, '2023-05-28+00', 60), (401, 1041, '2023-05-28+00', 40), (402, 1042, '2023-08-06+00', 25), (402, 1042, '2023-08-06+00', 25),
 (402, 1042, '2023-08-06+00', 25);

-- order_col: frequency = distinct orders, monetary = sum over the lines.
-- Reference (orders / lines / total): 101 2/6/40, 102 2/6/96, 103 2/6/81,
-- 104 2/7/51, 201 10/20/500, 202 8/16/320, 203 9/18/360, 301 1/3/55,
-- 302 1/2/20, 303 1/4/65, 304 2/4/28, 401 1/2/100, 402 1/3/75; tenure =
-- days since the first order (224..400), recency since the last.
SELECT customer_id, tenure_days, recency_days, frequency, monetary
FROM pmkt.rfm('shop_lines', as_of => '2024-07-01+00', order_col => 'order_id')
ORDER BY 1;
-- without order_col (the 1.0 call) every line counts as an order: the
-- frequency is the line count (6, 6, 6, 7, 20, ...), as documented
SELECT customer_id, frequency
FROM pmkt.rfm('shop_lines', as_of => '2024-07-01+00') WHERE customer_id IN (101, 201)
ORDER BY 1;
-- average = total / orders (not / lines): 201 500/10 = 50, 304 28/2 = 14
SELECT customer_id, monetary
FROM pmkt.rfm('shop_lines', as_of => '2024-07-01+00', monetary => 'average', order_col => 'order_id')
WHERE customer_id IN (201, 304) ORDER BY 1;
-- an order's time is its earliest line; lines after as_of are ignored:
-- as_of 2024-06-20 drops 201's order of 06-26 (9 orders, 450) and 202's of
-- 06-21 (7 orders, 280)
SELECT customer_id, frequency, monetary
FROM pmkt.rfm('shop_lines', as_of => '2024-06-20+00', order_col => 'order_id')
WHERE customer_id IN (201, 202) ORDER BY 1;
-- rfm_strategy takes order_col too
SELECT customer_id, segment, strategy
FROM pmkt.rfm_strategy('shop_lines', as_of => '2024-07-01+00', order_col => 'order_id')
WHERE customer_id IN (101, 201, 301) ORDER BY 1;
SELECT * FROM pmkt.rfm('shop_lines', order_col => 'invoice');

-- Segments, rules: new = tenure < 90 days: 301-304.  The rest have
-- frequencies 2,2,2,2,10,8,9,1,1; the natural break of ln f falls between 2
-- and 8 -> frequent 201-203; occasional 101-104, 401, 402.
-- k-means: the optimum (exact, inertia 12.7202) is {101-104, 301-304},
-- {201-203}, {401, 402}.  The first has the least mean tenure (144.2): its
-- members with tenure < 90 (301-304) are new, 101-104 (224-300 days) are
-- occasional; {201-203} has the higher mean ln f (2.193 vs 0) -> frequent;
-- {401, 402} occasional.  So both methods agree on all 13 customers.  The
-- naming by cluster alone (the least-tenure cluster is new) would call
-- 101-104 new: the bug of issue 16.
SELECT r.customer_id, r.tenure_days, r.segment AS rules, k.segment AS kmeans
FROM pmkt.rfm('shop_lines', as_of => '2024-07-01+00', order_col => 'order_id') r
JOIN pmkt.rfm('shop_lines', as_of => '2024-07-01+00', order_col => 'order_id', method => 'kmeans') k USING (customer_id)
ORDER BY 1;
-- the invariant on its own: nobody whose first order is >= new_days old is new
SELECT count(*) AS old_but_new
FROM pmkt.rfm('shop_lines', as_of => '2024-07-01+00', order_col => 'order_id', method => 'kmeans')
WHERE segment = 'new' AND tenure_days >= 90;

-- Issue 16: an old cohort with no new customers (shop_lines without 301-304,
-- as a real shop's export that ends long after its last signups), through
-- rfm_query with order_col (the order id is the query's 4th column here, the
-- 5th below).  Reference test/segment/rfm_shop_ref.py, "old cohort": the
-- exact 3-means optimum (inertia 3.4049) is {101-104} (mean tenure 263.5,
-- the least, but every tenure >= 224 so nobody is new: occasional),
-- {201-203} (mean ln f 2.193 -> frequent), {401, 402} (ln f 0 ->
-- occasional); rules: the natural break of ln f puts f >= 8 frequent
-- (201-203).  Both: 0 new, 3 frequent, 6 occasional, same customers.
SELECT r.segment, count(*) AS customers,
       count(*) FILTER (WHERE r.segment = k.segment) AS kmeans_agrees,
       string_agg(r.customer_id::text, ',' ORDER BY r.customer_id) AS who
FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount, order_id FROM shop_lines WHERE customer_id NOT BETWEEN 301 AND 304',
                    as_of => '2024-07-01+00', order_col => 'order_id') r
JOIN pmkt.rfm_query('SELECT customer_id, ordered_at, amount, amount AS x, order_id AS o FROM shop_lines WHERE customer_id NOT BETWEEN 301 AND 304',
                    as_of => '2024-07-01+00', order_col => 'o', method => 'kmeans') k USING (customer_id)
GROUP BY 1 ORDER BY 1;
-- rfm_query with order_col equals rfm with order_col on every column
SELECT count(*) AS differences FROM (
  (SELECT * FROM pmkt.rfm('shop_lines', as_of => '2024-07-01+00', order_col => 'order_id')
   EXCEPT
   SELECT * FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount, order_id FROM shop_lines', as_of => '2024-07-01+00', order_col => 'order_id'))
  UNION ALL
  (SELECT * FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount, order_id FROM shop_lines', as_of => '2024-07-01+00', order_col => 'order_id')
   EXCEPT
   SELECT * FROM pmkt.rfm('shop_lines', as_of => '2024-07-01+00', order_col => 'order_id'))) d;
-- order_col errors: absent (42703), one of the first three (42804),
-- twice (42702); the received columns are listed
\set VERBOSITY default
SELECT * FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM shop_lines', order_col => 'order_id');
SELECT * FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount AS o FROM shop_lines', order_col => 'o');
SELECT * FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount, order_id AS o, order_id AS o FROM shop_lines', order_col => 'o');

-- Issue 16: rfm_query with columns in another order or of other types fails
-- with 42804, listing what it received.
\set VERBOSITY default
SELECT * FROM pmkt.rfm_query('SELECT ordered_at, customer_id, amount FROM shop_lines');
SELECT * FROM pmkt.rfm_query('SELECT customer_id, amount, ordered_at FROM shop_lines');
-- both bigint: only the names tell that the order id came first
SELECT * FROM pmkt.rfm_query('SELECT order_id, ordered_at, amount, customer_id FROM shop_lines');
SELECT * FROM pmkt.rfm_query('SELECT customer_id, ordered_at FROM shop_lines');
SELECT * FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount::text FROM shop_lines');
-- the regclass form checks the named columns' types
SELECT * FROM pmkt.rfm('shop_lines', amount_col => 'ordered_at', time_col => 'amount');
-- the SQLSTATE
DO $$
BEGIN
  PERFORM * FROM pmkt.rfm_query('SELECT customer_id, amount, ordered_at FROM shop_lines');
EXCEPTION WHEN datatype_mismatch THEN RAISE NOTICE 'sqlstate %', SQLSTATE;
END $$;
-- still accepted: other names, date times, integer amounts, numeric ids
SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id::numeric AS who, ordered_at::date AS d, amount::int AS x FROM shop_lines');

-- bins = 3 against ntile(3) (ties first)
SELECT count(*) AS mismatches
FROM pmkt.rfm('rfm_orders', as_of => '2024-07-01 00:00+00', bins => 3, ties => 'first', frequent_min_score => 3) p
JOIN (SELECT customer_id, ntile(3) OVER (ORDER BY frequency, customer_id) AS f FROM rfm_reference_base) r USING (customer_id)
WHERE p.f_score <> r.f;

-- the query form: any SELECT whose first three columns are customer, time,
-- amount (here a date and an integer amount, and a filter)
SELECT customer_id, first_order_at, recency_days, frequency, monetary, rfm_cell
FROM pmkt.rfm_query($$SELECT customer_id, ordered_at::date, amount::int FROM rfm_orders WHERE customer_id <= 3$$,
                    as_of => '2024-07-01 00:00+00')
ORDER BY 1;

-- quoted, mixed-case names and a view work as the orders relation.  By
-- hand: 4 customers < 5 bins, so each is its own bucket: f 1,2,3,4 for
-- c2,c3,c4,c1; recency (days) c4 190, c2 30, c3 2, c1 1; totals c2 20, c1 250,
-- c3 310, c4 550
CREATE TABLE "Shop Orders" ("Client" int, "When" date, "Total" numeric);
INSERT INTO "Shop Orders" SELECT customer_id, ordered_at::date, amount FROM rfm_orders WHERE customer_id <= 4;
CREATE VIEW shop_view AS SELECT * FROM "Shop Orders";
SELECT customer_id, frequency, monetary, rfm_cell
FROM pmkt.rfm('"Shop Orders"', customer_col => 'Client', time_col => 'When', amount_col => 'Total', as_of => '2024-07-01+00')
ORDER BY 1;
SELECT count(*) AS differences
FROM pmkt.rfm('"Shop Orders"', 'Client', 'When', 'Total', '2024-07-01+00') a
JOIN pmkt.rfm('shop_view', 'Client', 'When', 'Total', '2024-07-01+00') b USING (customer_id)
WHERE (a.*) IS DISTINCT FROM (b.*);

-- fewer customers than bins: each its own bucket
SELECT customer_id, r_score, f_score, m_score
FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM rfm_orders WHERE customer_id IN (2, 6)')
ORDER BY 1;

-- empty input: no rows
SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM rfm_orders WHERE false');
SELECT count(*) FROM pmkt.rfm('rfm_orders', as_of => '2000-01-01+00');

-- bad input
SELECT * FROM pmkt.rfm('rfm_orders', bins => 1);
SELECT * FROM pmkt.rfm('rfm_orders', bins => 10);
SELECT * FROM pmkt.rfm('rfm_orders', monetary => 'median');
SELECT * FROM pmkt.rfm('rfm_orders', ties => 'random');
SELECT * FROM pmkt.rfm('rfm_orders', new_days => -1);
SELECT * FROM pmkt.rfm('rfm_orders', new_days => 'NaN');
SELECT * FROM pmkt.rfm('rfm_orders', frequent_min_score => 6);
SELECT * FROM pmkt.rfm('rfm_orders', as_of => 'infinity');
SELECT * FROM pmkt.rfm('rfm_orders', method => 'dbscan');
SELECT * FROM pmkt.rfm('rfm_orders', method => 'kmeans', seed => NULL);
SELECT * FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM rfm_orders WHERE customer_id IN (2, 6)', method => 'kmeans');
SELECT * FROM pmkt.rfm('rfm_orders', customer_col => 'client');
SELECT * FROM pmkt.rfm(NULL);
SELECT * FROM pmkt.rfm('rfm_orders', monetary => NULL);
SELECT * FROM pmkt.rfm_query('SELECT 1, now(), ''NaN''::float8');
SELECT * FROM pmkt.rfm_query('SELECT 1, ''infinity''::timestamptz, 1.0');
SELECT * FROM pmkt.rfm_query('SELECT ''abc'', now(), 1.0');
SELECT * FROM pmkt.rfm_query('DELETE FROM rfm_orders RETURNING customer_id, ordered_at, amount');
-- more customers than pmkt.max_train_memory holds (64 kB: 585 customers of
-- 112 bytes): 54000
SET pmkt.max_train_memory = '64kB';
SELECT count(*) FROM pmkt.rfm_query('SELECT g, now(), 1.0 FROM generate_series(1, 2000) g');
SELECT count(*) FROM pmkt.rfm_query('SELECT g, now(), 1.0 FROM generate_series(1, 300) g');
RESET pmkt.max_train_memory;
\set VERBOSITY sqlstate
SELECT * FROM pmkt.rfm('rfm_orders', bins => 1);
SELECT * FROM pmkt.rfm('rfm_orders', customer_col => 'client');
SELECT * FROM pmkt.rfm(NULL);
SELECT * FROM pmkt.rfm_query('SELECT 1, now(), ''NaN''::float8');
\set VERBOSITY default

-- the strategy map: seeded rows, dump filter, and customers joined to it
SELECT segment, strategy, objective, expected_sales_growth, expected_customer_growth, expected_roi, is_default
FROM pmkt.segment_strategy ORDER BY segment;
SELECT c.relname, x.extcondition
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(cfg, extcondition), pg_class c
WHERE e.extname = 'pmkt' AND c.oid = x.cfg AND c.relname = 'segment_strategy';
SELECT customer_id, segment, rfm_cell, strategy, expected_roi
FROM pmkt.rfm_strategy('rfm_orders', as_of => '2024-07-01 00:00+00') ORDER BY customer_id;

BEGIN;
-- an edit makes the row the user's (dumped); re-inserting a shipped segment
-- replaces the default row (what a restore does); a user row stays unique
UPDATE pmkt.segment_strategy SET expected_roi = 2.5 WHERE segment = 'frequent';
INSERT INTO pmkt.segment_strategy (segment, strategy, expected_roi) VALUES ('new', 'welcome bundle', 1.1);
INSERT INTO pmkt.segment_strategy (segment, strategy) VALUES ('lapsed', 'win-back email');
SELECT segment, strategy, expected_roi, is_default FROM pmkt.segment_strategy ORDER BY segment;
SELECT segment, count(*), min(strategy) AS strategy, min(expected_roi) AS roi
FROM pmkt.rfm_strategy('rfm_orders', as_of => '2024-07-01 00:00+00') GROUP BY 1 ORDER BY 1;
DELETE FROM pmkt.segment_strategy WHERE segment = 'occasional';
SELECT segment, count(*), min(strategy) AS strategy
FROM pmkt.rfm_strategy('rfm_orders', as_of => '2024-07-01 00:00+00') GROUP BY 1 ORDER BY 1;
INSERT INTO pmkt.segment_strategy (segment, strategy) VALUES ('lapsed', 'again');
ROLLBACK;
SELECT count(*) FILTER (WHERE is_default) AS defaults, count(*) FROM pmkt.segment_strategy;
