-- metrics: money metrics (SPEC 1.6).  Reference values are hand
-- calculations; the CLV and NPS figures were also checked with numpy
-- (Debian /usr/bin/python3):
--   r=[100,120,140]; c=[30,40,50]; sum((r-c)/1.1**t for t=1..3) = 197.37039819684446
--   t=1..36, rev=50+(t%5)*10, cost=20+t: sum((rev-cost)/1.01**t) = 973.6287548135325
--   scores (g*7)%11, g=1..10000 without g%13=0: NPS = -45.455530278409704
--   conversion_rate(boolean) is checked against avg(converted::int) in the same query
SET extra_float_digits = 0;

-- rates are fractions, ROI is a percentage
SELECT pmkt.cac(5000, 125) AS cac,                       -- 40
       pmkt.roi(2500, 10000) AS roi_pct,                 -- 25
       pmkt.roi(-1500, 10000) AS roi_loss_pct,           -- -15
       pmkt.conversion_rate(30, 1200) AS conversion,     -- 0.025
       pmkt.ctr(120, 1500) AS ctr,                       -- 0.08
       pmkt.repeat_purchase_rate(45, 180) AS repeat,     -- 0.25
       pmkt.growth_rate(115, 100) AS growth,             -- 0.15
       pmkt.growth_rate(80, 100) AS decline,             -- -0.2
       pmkt.growth_rate(-50, -100) AS loss_shrinks;      -- 0.5
-- float8 overloads (numeric sums of bigint columns resolve to them)
SELECT pmkt.ctr(sum(c), sum(i)) AS ctr_numeric_sums,
       pmkt.conversion_rate(sum(c)::float8, sum(i)::float8) AS conv_float8,
       pmkt.cac(100.0, sum(c)) AS cac_numeric,
       pmkt.repeat_purchase_rate(1.0, 4.0) AS repeat_float8
FROM (VALUES (40::bigint, 500::bigint), (80, 1000)) v(c, i);
-- CLV over arrays: 70/1.1 + 80/1.1^2 + 90/1.1^3
SELECT pmkt.clv(ARRAY[100,120,140]::float8[], ARRAY[30,40,50]::float8[], 0.1) AS clv;
SELECT pmkt.clv(ARRAY[100,120,140]::float8[], ARRAY[30,40,50]::float8[], 0) AS clv_undiscounted;
SELECT pmkt.clv(ARRAY[10]::float8[], ARRAY[30]::float8[], 0.25) AS clv_negative_margin;  -- -20/1.25 = -16

-- zero denominators give NULL
SELECT pmkt.cac(5000, 0) IS NULL AS cac_null,
       pmkt.roi(100, 0) IS NULL AS roi_null,
       pmkt.conversion_rate(0, 0) IS NULL AS conv_null,
       pmkt.ctr(0::bigint, 0::bigint) IS NULL AS ctr_null,
       pmkt.repeat_purchase_rate(0, 0) IS NULL AS repeat_null,
       pmkt.growth_rate(10, 0) IS NULL AS growth_null,
       pmkt.ctr(0::float8, 0::float8) IS NULL AS ctr_float8_null;
-- zero numerators are fine
SELECT pmkt.cac(0, 10) AS free_customers, pmkt.ctr(0, 10) AS no_clicks;
-- NULL arguments give NULL (STRICT)
SELECT pmkt.cac(NULL, 10) IS NULL AS a, pmkt.clv(NULL, ARRAY[1.0], 0.1) IS NULL AS b,
       pmkt.roi(1, NULL) IS NULL AS c;

-- errors: negative money or counts (22023)
SELECT pmkt.cac(-1, 10);
SELECT pmkt.cac(100, -3);
SELECT pmkt.roi(100, -5);
SELECT pmkt.conversion_rate(-1, 10);
SELECT pmkt.ctr(5, -10);
\set VERBOSITY sqlstate
SELECT pmkt.cac(-1, 10);
\set VERBOSITY default
-- errors: a rate outside [0, 1] (count above its total)
SELECT pmkt.conversion_rate(12, 10);
SELECT pmkt.ctr(1600::float8, 1500::float8);
SELECT pmkt.repeat_purchase_rate(200, 180);
\set VERBOSITY sqlstate
SELECT pmkt.conversion_rate(12, 10);
\set VERBOSITY default
-- errors: NaN / Infinity
SELECT pmkt.roi('NaN', 100);
SELECT pmkt.growth_rate('Infinity', 100);
SELECT pmkt.ctr('NaN'::float8, 10::float8);
\set VERBOSITY sqlstate
SELECT pmkt.roi('NaN', 100);
\set VERBOSITY default
-- errors: discount rate <= -1
SELECT pmkt.clv(ARRAY[1.0], ARRAY[0.5], -1);
SELECT pmkt.clv(ARRAY[1.0], ARRAY[0.5], -2.5);
\set VERBOSITY sqlstate
SELECT pmkt.clv(ARRAY[1.0], ARRAY[0.5], -1);
\set VERBOSITY default
-- errors: arrays of different lengths, empty, 2-D (2202E)
SELECT pmkt.clv(ARRAY[1,2,3]::float8[], ARRAY[1,2]::float8[], 0.1);
SELECT pmkt.clv('{}'::float8[], '{}'::float8[], 0.1);
SELECT pmkt.clv(ARRAY[[1,2],[3,4]]::float8[], ARRAY[1,2]::float8[], 0.1);
\set VERBOSITY sqlstate
SELECT pmkt.clv(ARRAY[1,2,3]::float8[], ARRAY[1,2]::float8[], 0.1);
SELECT pmkt.clv('{}'::float8[], '{}'::float8[], 0.1);
\set VERBOSITY default
-- errors: NULL elements, NaN elements, negative amounts (22023)
SELECT pmkt.clv(ARRAY[1,NULL,3]::float8[], ARRAY[1,2,3]::float8[], 0.1);
SELECT pmkt.clv(ARRAY[1,2]::float8[], ARRAY['NaN',2]::float8[], 0.1);
SELECT pmkt.clv(ARRAY[1,-2]::float8[], ARRAY[0,0]::float8[], 0.1);
\set VERBOSITY sqlstate
SELECT pmkt.clv(ARRAY[1,NULL,3]::float8[], ARRAY[1,2,3]::float8[], 0.1);
\set VERBOSITY default

-- ---------------------------------------------------------------------
-- aggregates
-- ---------------------------------------------------------------------
CREATE TABLE survey AS
SELECT g AS id, CASE WHEN g % 13 = 0 THEN NULL ELSE (g * 7) % 11 END AS score,
       CASE WHEN g % 17 = 0 THEN NULL ELSE (g % 7 = 0 OR g % 11 = 0) END AS converted
FROM generate_series(1, 10000) g;
-- the converted column: g%17=0 rows are NULL, so the reference uses the rest
CREATE TABLE periods AS
SELECT c AS customer, t AS period, 50 + (t % 5) * 10.0::float8 AS revenue,
       20 + t::float8 AS cost, 0.01::float8 AS rate
FROM generate_series(1, 300) c, generate_series(1, 36) t;
ANALYZE survey; ANALYZE periods;

-- NPS: hand check on a tiny set: 3 promoters, 1 passive, 2 detractors of 6
SELECT pmkt.nps(s) AS nps_small FROM unnest(ARRAY[10, 9, 9, 8, 6, 0, NULL]) s;  -- (3-2)/6*100
SELECT pmkt.nps(score) AS nps FROM survey;
-- reference in plain SQL
SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6))
       / count(score) AS nps_sql FROM survey;
SELECT pmkt.nps(s) IS NULL AS empty_is_null FROM unnest('{}'::int[]) s;
SELECT pmkt.nps(s) IS NULL AS all_null_is_null FROM unnest(ARRAY[NULL, NULL]::int[]) s;
SELECT pmkt.nps(s) FROM unnest(ARRAY[5, 11]) s;
SELECT pmkt.nps(s) FROM unnest(ARRAY[-1]) s;
\set VERBOSITY sqlstate
SELECT pmkt.nps(s) FROM unnest(ARRAY[5, 11]) s;
\set VERBOSITY default

-- conversion_rate over booleans
SELECT pmkt.conversion_rate(converted) AS conv,
       avg(converted::int) AS conv_sql FROM survey;
SELECT pmkt.conversion_rate(b) IS NULL AS empty_is_null FROM unnest('{}'::boolean[]) b;

-- CLV over one row per period: one customer (reference 973.6287548135325)
SELECT pmkt.clv(period, revenue, cost, rate) AS clv_one FROM periods WHERE customer = 1;
-- order independence: the same rows shuffled
SELECT pmkt.clv(period, revenue, cost, rate) AS clv_shuffled
FROM (SELECT * FROM periods WHERE customer = 1 ORDER BY md5(period::text)) s;
-- equal to the array form
SELECT pmkt.clv(array_agg(revenue ORDER BY period), array_agg(cost ORDER BY period), 0.01) AS clv_array
FROM periods WHERE customer = 1;
-- per customer (all equal here), and NULL rows skipped
SELECT count(DISTINCT round(v::numeric, 9)) AS distinct_clvs
FROM (SELECT customer, pmkt.clv(period, revenue, cost, rate) AS v FROM periods GROUP BY customer) s;
SELECT pmkt.clv(p, r, c, 0.1) AS clv_with_nulls
FROM (VALUES (1, 100.0::float8, 30.0::float8), (2, NULL, 10.0), (2, 120.0, 40.0), (3, 140.0, 50.0)) v(p, r, c);
SELECT pmkt.clv(p, 1.0, 0.0, 0.1) IS NULL AS empty_is_null FROM generate_series(1, 0) p;
-- errors in the aggregate
SELECT pmkt.clv(p, 1.0, 0.0, CASE WHEN p = 3 THEN 0.2 ELSE 0.1 END) FROM generate_series(1, 4) p;
SELECT pmkt.clv(p, 1.0, 0.0, 0.1) FROM generate_series(0, 2) p;
SELECT pmkt.clv(p, -1.0, 0.0, 0.1) FROM generate_series(1, 2) p;
SELECT pmkt.clv(p, 1.0, 0.0, -1.0) FROM generate_series(1, 2) p;
\set VERBOSITY sqlstate
SELECT pmkt.clv(p, 1.0, 0.0, CASE WHEN p = 3 THEN 0.2 ELSE 0.1 END) FROM generate_series(1, 4) p;
SELECT pmkt.clv(p, 1.0, 0.0, 0.1) FROM generate_series(0, 2) p;
\set VERBOSITY default

-- serial results, then the same under a forced parallel plan
CREATE TEMP TABLE serial_res AS
SELECT (SELECT pmkt.nps(score) FROM survey) AS nps,
       (SELECT pmkt.conversion_rate(converted) FROM survey) AS conv,
       (SELECT pmkt.clv(period, revenue, cost, rate) FROM periods) AS clv;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.nps(score) FROM survey;
EXPLAIN (COSTS OFF) SELECT pmkt.conversion_rate(converted) FROM survey;
EXPLAIN (COSTS OFF) SELECT pmkt.clv(period, revenue, cost, rate) FROM periods;
SELECT abs(p.nps - s.nps) <= 1e-12 * abs(s.nps) AS nps_same,
       abs(p.conv - s.conv) <= 1e-12 * abs(s.conv) AS conv_same,
       abs(p.clv - s.clv) <= 1e-12 * abs(s.clv) AS clv_same,
       round(p.clv::numeric, 6) AS clv_all  -- 300 x 973.6287548135325
FROM serial_res s,
     (SELECT (SELECT pmkt.nps(score) FROM survey) AS nps,
             (SELECT pmkt.conversion_rate(converted) FROM survey) AS conv,
             (SELECT pmkt.clv(period, revenue, cost, rate) FROM periods) AS clv) p;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;

-- states survive a text round trip (as Citus ships them); combine works on them
-- (default extra_float_digits: float8 text output is shortest-exact)
RESET extra_float_digits;
CREATE AGGREGATE nps_state(int) (sfunc = pmkt.nps_sfunc, stype = float8[]);
CREATE AGGREGATE clv_state(int, float8, float8, float8) (sfunc = pmkt.clv_sfunc, stype = float8[]);
CREATE AGGREGATE conv_state(boolean) (sfunc = pmkt.conversion_sfunc, stype = float8[]);
SELECT nps_state(score) AS nps_state FROM survey;
SELECT nps_state(score)::text::float8[] = nps_state(score) AS nps_bitwise FROM survey;
SELECT pmkt.nps_final(pmkt.nps_combine(a::text::float8[], b::text::float8[])) AS nps_combined
FROM (SELECT nps_state(score) FILTER (WHERE id <= 4000) AS a,
             nps_state(score) FILTER (WHERE id > 4000) AS b FROM survey) s;
SELECT pmkt.conversion_final(pmkt.conversion_combine(a::text::float8[], b::text::float8[])) AS conv_combined
FROM (SELECT conv_state(converted) FILTER (WHERE id % 2 = 0) AS a,
             conv_state(converted) FILTER (WHERE id % 2 = 1) AS b FROM survey) s;
SELECT abs(pmkt.clv_final(pmkt.clv_combine(a::text::float8[], b::text::float8[])) - 973.6287548135325)
       < 1e-10 AS clv_combined_ok
FROM (SELECT clv_state(period, revenue, cost, rate) FILTER (WHERE period <= 10) AS a,
             clv_state(period, revenue, cost, rate) FILTER (WHERE period > 10) AS b
      FROM periods WHERE customer = 1) s;
SELECT clv_state(period, revenue, cost, rate)::text::float8[] = clv_state(period, revenue, cost, rate) AS clv_bitwise
FROM periods WHERE customer = 1;
-- combining states with different discount rates is an error
SELECT pmkt.clv_combine(pmkt.clv_sfunc(NULL, 1, 10, 0, 0.1), pmkt.clv_sfunc(NULL, 2, 10, 0, 0.2));
-- a foreign state is rejected
SELECT pmkt.nps_final(ARRAY[1501, 1, 1, 0]::float8[]);
SELECT pmkt.nps_final(ARRAY[1502, 1]::float8[]);
\set VERBOSITY sqlstate
SELECT pmkt.nps_final(ARRAY[1501, 1, 1, 0]::float8[]);
\set VERBOSITY default

-- ---------------------------------------------------------------------
-- channel effectiveness.  Hand-checked:
--   a: spend 800, impressions 8000, clicks 400, conversions 40, new 10,
--      revenue 2400 -> ctr 0.05, conversion 0.1, roi (2400-800)/800 = 200 %,
--      cac 80, growth (Mar+Apr 1600) / (Jan+Feb 800) - 1 = 1
--   b: spend 200, impressions 2000, clicks 40, conversions 3, new 0,
--      revenue 190 -> ctr 0.02, conversion 0.075, roi -5 %, cac NULL,
--      growth: 3 months, middle left out: 60 / 40 - 1 = 0.5
--   c: one month of zeros -> every ratio NULL
-- ---------------------------------------------------------------------
CREATE TABLE camp (channel text, month date, impressions bigint, clicks bigint,
                   conversions bigint, new_customers bigint, spend float8, revenue float8);
INSERT INTO camp VALUES
  ('a', '2024-03-01', 1000,  60,  6, 1, 100,  400),
  ('b', '2024-02-01',  500,  20,  2, 0,  50,   90),
  ('a', '2024-01-01', 1000,  50,  5, 2, 100,  300),
  ('c', '2024-01-01',    0,   0,  0, 0,   0,    0),
  ('a', '2024-04-01', 4000, 190, 19, 4, 400, 1200),
  ('b', '2024-03-01', 1000,  10,  1, 0, 100,   60),
  ('a', '2024-02-01', 2000, 100, 10, 3, 200,  500),
  ('b', '2024-01-01',  500,  10,  0, 0,  50,   40);
SELECT * FROM pmkt.channel_effectiveness('camp');
-- the same figures from the scalar metrics
SELECT channel, pmkt.ctr(sum(clicks), sum(impressions)) AS ctr,
       pmkt.conversion_rate(sum(conversions), sum(clicks)) AS conversion_rate,
       pmkt.roi(sum(revenue) - sum(spend), sum(spend)) AS roi,
       pmkt.cac(sum(spend), sum(new_customers)) AS cac
FROM camp GROUP BY 1 ORDER BY 1;
-- errors: a missing column, a negative value, clicks above impressions
CREATE TABLE camp_bad AS SELECT channel, month, impressions FROM camp;
SELECT * FROM pmkt.channel_effectiveness('camp_bad');
UPDATE camp SET spend = -1 WHERE channel = 'c';
SELECT * FROM pmkt.channel_effectiveness('camp');
UPDATE camp SET spend = 0, clicks = 5 WHERE channel = 'c';
SELECT * FROM pmkt.channel_effectiveness('camp');
\set VERBOSITY sqlstate
SELECT * FROM pmkt.channel_effectiveness('camp');
SELECT * FROM pmkt.channel_effectiveness('camp_bad');
\set VERBOSITY default
SELECT * FROM pmkt.channel_effectiveness('no_such_table');
-- the report for reading (issue 16): numeric, rates to digits decimals
-- (default 4), amounts and roi (a percent) to 2.  Channel d, by hand:
-- investment 200, ctr 2000 / 6000 = 1/3, conversion 2 / 2000 = 0.001,
-- sales 500, growth 300 / 200 - 1 = 0.5, roi (500 - 200) / 200 = 150 %,
-- cac 200 / 6 = 33.33...; rounded: ctr 0.3333, conversion 0.0010, cac
-- 33.33; digits 1: ctr 0.3, conversion 0.0; digits NULL: the float8
-- values' shortest decimals (Python repr: 1/3 = 0.3333333333333333, 200/6 =
-- 33.333333333333336)
CREATE TABLE camp_d (channel text, month date, impressions bigint, clicks bigint,
                     conversions bigint, new_customers bigint, spend float8, revenue float8);
INSERT INTO camp_d VALUES ('d', '2024-01-01', 3000, 1000, 1, 3, 100, 200),
                          ('d', '2024-02-01', 3000, 1000, 1, 3, 100, 300);
SELECT * FROM pmkt.channel_effectiveness('camp_d');
SELECT channel, investment, ctr, conversion_rate, sales_growth, roi, cac FROM pmkt.channel_effectiveness('camp_d', digits => 1);
SELECT channel, investment, ctr, conversion_rate, sales_growth, roi, cac FROM pmkt.channel_effectiveness('camp_d', digits => NULL);
SELECT pg_typeof(ctr) AS type, ctr::float8 = 1/3::float8 AS ctr_exact, cac::float8 = 200/6::float8 AS cac_exact
FROM pmkt.channel_effectiveness('camp_d', digits => NULL);
SELECT * FROM pmkt.channel_effectiveness('camp_d', digits => -1);
SELECT * FROM pmkt.channel_effectiveness('camp_d', digits => 99);
\set VERBOSITY sqlstate
SELECT * FROM pmkt.channel_effectiveness('camp_d', digits => -1);
\set VERBOSITY default
SELECT count(*) AS rows_for_null_table FROM pmkt.channel_effectiveness(NULL);
