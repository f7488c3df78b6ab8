-- cohorts: pmkt.cohort_retention (long form) and pmkt.cohort_retention_table
-- (crosstab-shaped), issue 16 part 3.
-- Reference: test/segment/cohort_ref.py computes every row from the same
-- lines in plain Python (calendar months / ISO weeks, distinct orders,
-- revenue); its output is copied into the comments before each query.
SET timezone = 'UTC';
CREATE TABLE coh_lines (customer_id int, order_id int, ordered_at date, amount numeric);
INSERT INTO coh_lines VALUES
 (1, 10, '2024-01-05', 10),
 (1, 10, '2024-01-05', 5),
 (1, 11, '2024-02-10', 20),
 (1, 12, '2024-04-01', 7),
 (2, 20, '2024-01-20', 30),
 (2, 21, '2024-01-28', 10),
 (3, 30, '2024-01-31', 12),
 (3, 31, '2024-03-02', 8),
 (4, 40, '2024-02-01', 50),
 (4, 41, '2024-02-29', 5),
 (4, 42, '2024-04-30', 15),
 (5, 50, '2024-02-15', 9),
 (6, 60, '2024-04-03', 40),
 (6, 61, '2024-04-04', 4);

-- months, order lines combined by order_col.  Reference (cohort, offset,
-- cohort size, customers, share, orders, revenue):
--   2024-01 0 3 3 1 4 67 | 1 3 1 0.333 1 20 | 2 3 1 0.333 1 8 | 3 3 1 0.333 1 7
--   2024-02 0 2 2 1 3 64 | 1 2 0 0 0 0 | 2 2 1 0.5 1 15
--   2024-04 0 1 1 1 2 44
-- (no cohort for 2024-03: nobody first ordered then; 2024-02's offset 1,
-- March, has nobody and still has its row)
SELECT cohort, period_offset, period_start, cohort_customers, customers,
       round(retained_share::numeric, 6) AS retained_share, order_count, revenue
FROM pmkt.cohort_retention('coh_lines', order_col => 'order_id');
-- without order_col every line is an order: 2024-01 offset 0 has 5 lines
SELECT order_count FROM pmkt.cohort_retention('coh_lines') WHERE cohort = '2024-01-01' AND period_offset = 0;
-- ISO weeks up to as_of 2024-02-12 (lines after it ignored).  Reference:
--   2024-01-01 (1 customer): 0 ->1 (15), 5 -> 1 (20), the rest 0, offsets 0..6
--   2024-01-15 (1): 0 -> 1 (30), 1 -> 1 (10), 2..4 -> 0
--   2024-01-29 (2): 0 -> 2 (62), 1..2 -> 0
SELECT cohort, period_offset, cohort_customers, customers, retained_share, order_count, revenue
FROM pmkt.cohort_retention('coh_lines', period => 'week', as_of => '2024-02-12+00', order_col => 'order_id');
-- the psql form: shares rounded to digits, NULL beyond the data
SELECT * FROM pmkt.cohort_retention_table('coh_lines', order_col => 'order_id');
SELECT cohort, customers, p0, p1, p2 FROM pmkt.cohort_retention_table('coh_lines', order_col => 'order_id', digits => 1);
-- digits NULL: unrounded, the float8 shares exactly (1/3 in the week cohorts
-- is 0.3333333333333333, the shortest decimal of the float8)
SELECT t.cohort, bool_and(t.p1::float8 = r.retained_share) AS p1_exact, min(t.p1) AS p1
FROM pmkt.cohort_retention_table('coh_lines', order_col => 'order_id', digits => NULL) t
JOIN pmkt.cohort_retention('coh_lines', order_col => 'order_id') r ON r.cohort = t.cohort AND r.period_offset = 1
GROUP BY 1 ORDER BY 1;
-- timestamptz and numeric-id columns, NULL rows skipped
CREATE TABLE coh_ts AS SELECT customer_id::numeric AS who, (ordered_at + time '12:00')::timestamptz AS t, amount::float8 AS x FROM coh_lines;
INSERT INTO coh_ts VALUES (NULL, '2024-01-01 00:00+00', 1), (7, NULL, 1), (8, '2024-01-01 00:00+00', NULL);
SELECT count(*) AS differences FROM (
  SELECT cohort, period_offset, cohort_customers, customers, revenue FROM pmkt.cohort_retention('coh_ts', 'who', 't', 'x')
  EXCEPT
  SELECT cohort, period_offset, cohort_customers, customers, revenue FROM pmkt.cohort_retention('coh_lines')) d;
-- empty table: no rows
SELECT count(*) FROM pmkt.cohort_retention('coh_lines', as_of => '2000-01-01+00');
-- errors name the argument
\set VERBOSITY default
SELECT * FROM pmkt.cohort_retention('coh_lines', time_col => 'when');
SELECT * FROM pmkt.cohort_retention('coh_lines', amount_col => 'ordered_at');
SELECT * FROM pmkt.cohort_retention('coh_lines', period => 'quarter');
SELECT * FROM pmkt.cohort_retention('coh_lines', order_col => 'invoice');
SELECT * FROM pmkt.cohort_retention('coh_lines', as_of => 'infinity');
SELECT * FROM pmkt.cohort_retention_table('coh_lines', digits => -1);
\set VERBOSITY terse
