-- rfm_map: the 11 named RFM segments (pmkt.rfm_segment_map, seeded and
-- editable), pmkt.rfm_segment_name and pmkt.segment_migration (issue 16
-- part 3).
-- Reference for the map: test/segment/rfm_map_ref.py, the published map
-- written as regular expressions over 'RF' (independent of the SQL seed);
-- its 25 cells are the VALUES below.
SET timezone = 'UTC';
CREATE TEMP TABLE map_ref (r int, f int, segment text);
INSERT INTO map_ref VALUES
 (1,1,'Lost'), (1,2,'Lost'), (1,3,'At risk'), (1,4,'At risk'), (1,5,'Can''t lose them'),
 (2,1,'Hibernating'), (2,2,'Hibernating'), (2,3,'At risk'), (2,4,'At risk'), (2,5,'Can''t lose them'),
 (3,1,'About to sleep'), (3,2,'About to sleep'), (3,3,'Need attention'), (3,4,'Loyal customers'), (3,5,'Loyal customers'),
 (4,1,'Promising'), (4,2,'Potential loyalists'), (4,3,'Potential loyalists'), (4,4,'Loyal customers'), (4,5,'Loyal customers'),
 (5,1,'New customers'), (5,2,'Potential loyalists'), (5,3,'Potential loyalists'), (5,4,'Champions'), (5,5,'Champions');
-- the seed equals the reference cell for cell: 0 differences, 25 cells, 11 names
SELECT (SELECT count(*) FROM (SELECT r_score, f_score, segment FROM pmkt.rfm_segment_map EXCEPT SELECT * FROM map_ref) d)
     + (SELECT count(*) FROM (SELECT * FROM map_ref EXCEPT SELECT r_score, f_score, segment FROM pmkt.rfm_segment_map) d) AS differences,
       (SELECT count(*) FROM pmkt.rfm_segment_map) AS cells,
       (SELECT count(DISTINCT segment) FROM pmkt.rfm_segment_map) AS names,
       (SELECT bool_and(is_default) FROM pmkt.rfm_segment_map) AS all_default;
SELECT pmkt.rfm_segment_name(5, 5) AS r5f5, pmkt.rfm_segment_name(1, 1) AS r1f1,
       pmkt.rfm_segment_name(2, 5) AS r2f5, pmkt.rfm_segment_name(6, 1) AS outside;

-- orders: 40 customers over 2023-2024; customer c orders every (c % 5 + 1)
-- months from month c % 12 of 2023 until month 24 - c % 9 (so some stop)
CREATE TABLE mig_orders (customer_id int, ordered_at timestamptz, amount numeric);
INSERT INTO mig_orders
SELECT c, '2023-01-01+00'::timestamptz + (m * interval '1 month') + (c * interval '1 hour'), 10 + c % 7
FROM generate_series(1, 40) c, generate_series(0, 23) m
WHERE m >= c % 12 AND m <= 24 - c % 9 AND (m - c % 12) % (c % 5 + 1) = 0;

-- the named segment of each customer is the map's cell of its scores
SELECT count(*) AS mismatches
FROM pmkt.rfm('mig_orders', as_of => '2024-06-30+00') r
JOIN map_ref m ON m.r = r.r_score AND m.f = r.f_score
WHERE pmkt.rfm_segment_name(r.r_score, r.f_score) IS DISTINCT FROM m.segment;

-- migration 2023-12-31 -> 2024-12-31.  Reference: the plain-SQL definition
-- (each customer's cell looked up in map_ref at both dates, LEFT JOIN for
-- customers who did not exist at the first date, counted per pair).
CREATE TEMP TABLE mig_ref AS
WITH a AS (SELECT customer_id, m.segment FROM pmkt.rfm('mig_orders', as_of => '2023-12-31+00') r
           JOIN map_ref m ON m.r = r.r_score AND m.f = r.f_score),
     b AS (SELECT customer_id, m.segment FROM pmkt.rfm('mig_orders', as_of => '2024-12-31+00') r
           JOIN map_ref m ON m.r = r.r_score AND m.f = r.f_score)
SELECT coalesce(a.segment, '(not a customer yet)') AS from_segment, b.segment AS to_segment, count(*) AS customers
FROM b LEFT JOIN a USING (customer_id) GROUP BY 1, 2;
SELECT count(*) AS differences FROM (
  (SELECT from_segment, to_segment, customers FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00')
   EXCEPT SELECT * FROM mig_ref)
  UNION ALL
  (SELECT * FROM mig_ref
   EXCEPT SELECT from_segment, to_segment, customers FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00'))) d;
-- every customer of the later date once; shares add up to 1 per from_segment
SELECT sum(customers) AS customers,
       (SELECT count(DISTINCT customer_id) FROM mig_orders WHERE ordered_at <= '2024-12-31+00') AS expected,
       bool_and(abs(s - 1) < 1e-12) AS shares_add_up
FROM (SELECT from_segment, sum(customers) OVER (PARTITION BY from_segment) AS c_from,
             sum(share_of_from) OVER (PARTITION BY from_segment) AS s, customers
      FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00', digits => NULL)) x;
-- the study's three segments
SELECT from_segment, to_segment, customers
FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00', scheme => 'study')
ORDER BY 1, 2;
-- the report for reading (issue 16): share_of_from is numeric, 4 decimals
-- by default: customers / customers of from_segment from the counts above,
-- rounded (checked against the counts, and digits NULL gives the float8
-- share exactly)
SELECT from_segment, to_segment, customers, share_of_from, pg_typeof(share_of_from) AS type
FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00', scheme => 'study')
ORDER BY 1, 2;
SELECT bool_and(m.share_of_from = round(((m.customers::float8 / t.n)::text)::numeric, 4)) AS default_4,
       bool_and(d2.share_of_from = round(((m.customers::float8 / t.n)::text)::numeric, 2)) AS digits_2,
       bool_and(dn.share_of_from::float8 = m.customers::float8 / t.n) AS null_exact, count(*) AS pairs
FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00') m
JOIN (SELECT from_segment, sum(customers) AS n FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00')
      GROUP BY 1) t USING (from_segment)
JOIN pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00', digits => 2) d2 USING (from_segment, to_segment)
JOIN pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00', digits => NULL) dn USING (from_segment, to_segment);

-- editing the map: an UPDATE makes the row the user's; an inserted user row
-- replaces the default of its cell; rfm_segment_name follows the edits
UPDATE pmkt.rfm_segment_map SET segment = 'VIP' WHERE r_score = 5 AND f_score = 5;
INSERT INTO pmkt.rfm_segment_map (r_score, f_score, segment) VALUES (1, 1, 'Gone');
SELECT r_score, f_score, segment, is_default FROM pmkt.rfm_segment_map WHERE NOT is_default ORDER BY 1, 2;
SELECT pmkt.rfm_segment_name(5, 5) AS r5f5, pmkt.rfm_segment_name(1, 1) AS r1f1, (SELECT count(*) FROM pmkt.rfm_segment_map) AS cells;
-- a cell removed from the map: '(unmapped)' in the migration
DELETE FROM pmkt.rfm_segment_map WHERE r_score = 5 AND f_score = 5;
SELECT count(*) > 0 AS has_unmapped FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00')
WHERE to_segment = '(unmapped)';
-- back to the shipped map
DELETE FROM pmkt.rfm_segment_map WHERE NOT is_default;
INSERT INTO pmkt.rfm_segment_map (r_score, f_score, segment, is_default) VALUES (5, 5, 'Champions', true), (1, 1, 'Lost', true);
SELECT count(*) AS cells, count(*) FILTER (WHERE is_default) AS default_cells FROM pmkt.rfm_segment_map;

-- errors
\set VERBOSITY default
SELECT * FROM pmkt.segment_migration('mig_orders', '2024-12-31+00', '2023-12-31+00');
SELECT * FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', 'infinity');
SELECT * FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00', scheme => 'rfm');
SELECT * FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00', customer_col => 'client');
SELECT * FROM pmkt.segment_migration('mig_orders', '2023-12-31+00', '2024-12-31+00', digits => -2);
INSERT INTO pmkt.rfm_segment_map (r_score, f_score, segment) VALUES (6, 1, 'x');
\set VERBOSITY terse
