-- pmkt.clv_summary / clv_summary_query / clv_summary_agg / clv_period (issue 14, item 1)
-- Reference: test/lifetime/summary_ref.py (lifetimes' summary_data_from_transaction_data
-- re-done with pandas on the same rows), whose output is:
--   D      (1, 2, 40, 90, 25.5) (2, 0, 0, 1, 0.0) (3, 4, 68, 84, 17.25) (4, 0, 0, 31, 0.0)
--   W-SUN  (1, 1, 5, 12, 41.0)  (2, 0, 0, 0, 0.0) (3, 3, 10, 12, 23.0)  (4, 0, 0, 4, 0.0)
--   M      (1, 1, 1, 2, 41.0)   (2, 0, 0, 0, 0.0) (3, 2, 2, 2, 15.5)    (4, 0, 0, 1, 0.0)
--   D, every row an order: (1, 3, 41, 90, 17.0) (2..4 as D)
SET TIME ZONE 'Asia/Tokyo';  -- periods are UTC whatever the session's zone
-- clv_period: 2024-01-01 is day 19723 since 1970-01-01 (19723 = 54 * 365 + 13 leap days),
-- a Monday, so it starts week (19723 + 3) / 7 = 2818; month (2024 - 1970) * 12 = 648
SELECT pmkt.clv_period('2024-01-01 00:00+00', 'day') AS day,
       pmkt.clv_period('2023-12-31 23:59:59.999999+00', 'day') AS day_before,
       pmkt.clv_period('2024-01-01 00:00+00', 'week') AS monday,
       pmkt.clv_period('2023-12-31 12:00+00', 'week') AS sunday_before,
       pmkt.clv_period('2024-01-01 00:00+00', 'month') AS month,
       pmkt.clv_period('1969-12-31 23:00+00', 'day') AS before_epoch;

CREATE TABLE lt_lines (order_id int, customer_id int, ordered_at timestamptz, amount numeric);
INSERT INTO lt_lines VALUES
 (101, 1, '2024-01-01 10:00+00', 10.0), (101, 1, '2024-01-01 10:05+00', 5.0),
 (102, 1, '2024-01-01 15:00+00', 20.0),
 (103, 1, '2024-01-05 09:00+00', 7.5), (103, 1, '2024-01-05 09:00+00', 2.5),
 (104, 1, '2024-02-10 12:00+00', 40.0), (104, 1, '2024-02-11 00:10+00', 1.0),
 (201, 2, '2024-03-30 08:00+00', 99.0),
 (301, 3, '2024-01-07 23:30+00', 12.0), (302, 3, '2024-01-08 00:30+00', 8.0),
 (303, 3, '2024-01-31 23:59+00', 30.0), (304, 3, '2024-02-01 00:00+00', 31.0),
 (305, 3, '2024-03-15 06:00+00', 0.0),
 (401, 4, '2024-02-29 21:00+00', 5.0), (402, 4, '2024-02-29 22:00+00', 6.0),
 (NULL, 5, '2024-01-01 00:00+00', 1.0), (501, NULL, '2024-01-01 00:00+00', 1.0),
 (502, 5, NULL, 1.0), (503, 5, '2024-01-01 00:00+00', NULL);

SELECT u, (s).* FROM unnest(ARRAY['day', 'week', 'month']) u,
  LATERAL pmkt.clv_summary('lt_lines', order_col => 'order_id', unit => u,
                           observation_end => '2024-03-31 23:00+00') s
ORDER BY 1, 2;
-- without order_col every row is an order: the late line of order 104 is one more purchase day
SELECT * FROM pmkt.clv_summary('lt_lines', observation_end => '2024-03-31 23:00+00') ORDER BY 1;
-- default observation end: the latest order (2024-03-30 08:00 UTC): T one day less for day
SELECT customer_id, t FROM pmkt.clv_summary('lt_lines', order_col => 'order_id') ORDER BY 1;
-- the query form, a timestamp column read as UTC and the order id as 4th column
SELECT * FROM pmkt.clv_summary_query(
  $$SELECT customer_id, (ordered_at AT TIME ZONE 'UTC'), amount, order_id FROM lt_lines$$,
  'month', '2024-03-31 23:00+00', with_order_id => true) ORDER BY 1;

-- the aggregate over one row per customer and period gives the same figures
CREATE TABLE lt_periods AS
SELECT customer_id, pmkt.clv_period(t, 'day') AS period, sum(a) AS amount
FROM (SELECT customer_id, min(ordered_at) AS t, sum(amount)::float8 AS a FROM lt_lines
      WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL AND amount IS NOT NULL AND order_id IS NOT NULL
      GROUP BY customer_id, order_id) o
GROUP BY 1, 2;
SELECT customer_id, (pmkt.clv_summary_agg(period, amount, pmkt.clv_period('2024-03-31 23:00+00', 'day'))).*
FROM lt_periods GROUP BY 1 ORDER BY 1;
-- equal to the function, customer by customer, and under a forced parallel plan
CREATE TABLE lt_big AS
SELECT c AS customer_id, p AS period, ((c * 7 + p * 3) % 50)::float8 + 0.25 AS amount
FROM generate_series(1, 300) c, generate_series(19700, 19760) p WHERE (c * p) % 7 < 2;
ANALYZE lt_big;
CREATE TABLE lt_serial AS
SELECT customer_id, (pmkt.clv_summary_agg(period, amount, 19800)).* FROM lt_big GROUP BY 1;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off; SET enable_hashagg = off;
EXPLAIN (COSTS OFF)
SELECT pmkt.clv_summary_agg(period, amount, 19800) FROM lt_big;
-- one state over all rows would repeat periods: per customer instead, with the
-- customers split over the workers only after a partial aggregate (Partial GroupAggregate)
EXPLAIN (COSTS OFF)
SELECT customer_id, pmkt.clv_summary_agg(period, amount, 19800) FROM lt_big GROUP BY 1;
CREATE TABLE lt_par AS
SELECT customer_id, (pmkt.clv_summary_agg(period, amount, 19800)).* FROM lt_big GROUP BY 1;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation; RESET enable_hashagg;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE s IS DISTINCT FROM p) AS differ
FROM lt_serial s FULL JOIN lt_par p USING (customer_id);
-- the function on the same purchases (one order a period, amounts as the periods') agrees exactly
CREATE TABLE lt_big_orders AS
SELECT customer_id, ('1970-01-01 12:00+00'::timestamptz + period * interval '1 day') AS ordered_at, amount
FROM lt_big;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (f.frequency, f.recency, f.t, f.monetary_value)
                        IS DISTINCT FROM (s.frequency, s.recency, s.t, s.monetary_value)) AS differ
FROM pmkt.clv_summary('lt_big_orders', observation_end => '1970-01-01 00:00+00'::timestamptz + 19800 * interval '1 day') f
FULL JOIN lt_serial s USING (customer_id);
-- the state's text form round-trips exactly and combines like the aggregate
SELECT pmkt.clv_summary_final(pmkt.clv_summary_combine(
         (SELECT pmkt.clv_summary_sfunc(pmkt.clv_summary_sfunc(NULL, 19701, 1.5, 19800), 19750, 2.25, 19800))::text::float8[],
         pmkt.clv_summary_sfunc(NULL, 19700, 0.1, 19800))) AS combined;

-- bad input
SELECT * FROM pmkt.clv_summary('lt_lines', observation_end => '2024-03-01');
INSERT INTO lt_lines VALUES (601, 6, '2024-01-02', -3);
SELECT * FROM pmkt.clv_summary('lt_lines');
UPDATE lt_lines SET amount = 'NaN' WHERE order_id = 601;
SELECT * FROM pmkt.clv_summary_query('SELECT customer_id, ordered_at, amount::float8 FROM lt_lines');
DELETE FROM lt_lines WHERE order_id = 601;
SELECT * FROM pmkt.clv_summary('lt_lines', unit => 'year');
SELECT * FROM pmkt.clv_summary('lt_lines', order_col => 'nope');
SELECT * FROM pmkt.clv_summary_query('SELECT ordered_at, customer_id, amount FROM lt_lines');
-- an error inside the user's query names the argument and shows the user's
-- text, never pmkt's wrapper SQL (issue 16: the describe step and the
-- summary pass both used to show "SELECT * FROM (...) pmkt_src LIMIT 0" or
-- the whole aggregation): an unknown column (position on the user's text),
-- a run-time error, and a statement that is not a query (its syntax error
-- placed on the user's text)
SELECT * FROM pmkt.clv_summary_query('SELECT customer_id, orderd_at, amount FROM lt_lines');
SELECT * FROM pmkt.clv_summary_query('SELECT customer_id, ordered_at, amount / (order_id - order_id) FROM lt_lines');
SELECT * FROM pmkt.clv_summary_query('DELETE FROM lt_lines WHERE false');
-- the same for pmkt.clv_fit's summary query and pmkt.rfm_query
SELECT pmkt.clv_fit('SELECT frequency, recency, t FROM lt_summary_missing') IS NULL;
SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, orderd_at, amount FROM lt_lines');
-- a query ending in a -- comment works (pmkt's wrappers end it with a
-- newline); the counts equal the same calls without the comment
SELECT (SELECT count(*) FROM pmkt.clv_summary_query('SELECT customer_id, ordered_at, amount FROM lt_lines -- all lines'))
     = (SELECT count(*) FROM pmkt.clv_summary_query('SELECT customer_id, ordered_at, amount FROM lt_lines')) AS summary_same,
       (SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM lt_lines -- all lines'))
     = (SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM lt_lines')) AS rfm_same,
       (SELECT count(*) FROM pmkt.clv_summary_query('SELECT customer_id, ordered_at, amount FROM lt_lines -- all lines')) > 0 AS nonempty;
SELECT * FROM pmkt.clv_summary('lt_lines', observation_end => 'infinity');
SELECT pmkt.clv_summary_agg(p, 1, 10) FROM (VALUES (3::bigint), (5), (3)) v(p);
SELECT pmkt.clv_summary_agg(p, 1, 4) FROM (VALUES (3::bigint), (5)) v(p);
SELECT pmkt.clv_summary_agg(3, a, 4) FROM (VALUES (-1::float8)) v(a);
SELECT pmkt.clv_summary_agg(p, 1, p) FROM (VALUES (3::bigint), (5)) v(p);
SELECT pmkt.clv_summary_final('{1604, 2, 5, 1, 3, 1, 9}');
SELECT pmkt.clv_summary_final('{1604, 1, 5, 1, 5, 1, 9}');
SELECT pmkt.clv_summary_combine('{1604, 1, 5, 1, 5, 0, 9}', '{1604, 1, 5, 1, 5, 0, 9}');
SELECT pmkt.clv_summary_final('{7, 1, 5, 1, 5, 0, 9}');
-- 3000 customers of 40 bytes exceed 64 kB
SET pmkt.max_train_memory = '64kB';
SELECT count(*) FROM pmkt.clv_summary_query('SELECT g, now(), 1 FROM generate_series(1, 3000) g');
RESET pmkt.max_train_memory;
RESET TIME ZONE;
