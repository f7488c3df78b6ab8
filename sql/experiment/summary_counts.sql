-- The summary-level A/B functions accept numeric counts (issue 15 step 4):
-- sum(bigint) is numeric, and 1.0 had bigint overloads only.  1.1 adds
-- float8 overloads (numeric casts to float8 implicitly; integer literals
-- prefer float8, so 1.0 calls keep resolving, to the same figures).
-- Reference (statsmodels proportions_ztest([150, 120], [1000, 1000])):
--   z = 1.9630498076 (B vs A: 0.15 vs 0.12), p = 0.0496403869
-- (scipy ttest_ind_from_stats(11.0, 2.5, 120, 10.0, 2.0, 100, equal_var=False)):
--   t = 3.2954102183, p = 0.0011473381
CREATE TABLE ab_rows AS
SELECT CASE WHEN g <= 1000 THEN 'A' ELSE 'B' END AS arm,
       (CASE WHEN g <= 1000 THEN g <= 120 ELSE g - 1000 <= 150 END)::int::bigint AS converted
FROM generate_series(1, 2000) g;
SELECT pg_typeof(sum(converted)) FROM ab_rows;
-- numeric counts straight from sum(bigint), bigint visitors from count(*)
SELECT round(z::numeric, 10) AS z, round(p_value::numeric, 10) AS p, significant
FROM pmkt.ab_test_proportions(
  (SELECT sum(converted) FROM ab_rows WHERE arm = 'A'), (SELECT count(*) FROM ab_rows WHERE arm = 'A'),
  (SELECT sum(converted) FROM ab_rows WHERE arm = 'B'), (SELECT count(*) FROM ab_rows WHERE arm = 'B'));
SELECT round(z::numeric, 10) AS z, round(p_value::numeric, 10) AS p
FROM pmkt.ab_test_proportions(120::numeric, 1000::numeric, 150::numeric, 1000::numeric, 0.05);
-- the same row as the bigint form, and 1.0-style calls with integer literals
SELECT pmkt.ab_test_proportions(120::numeric, 1000::numeric, 150::numeric, 1000::numeric)
     = pmkt.ab_test_proportions(120::bigint, 1000::bigint, 150::bigint, 1000::bigint) AS same_as_bigint,
       pmkt.ab_test_proportions(120, 1000, 150, 1000)
     = pmkt.ab_test_proportions(120::bigint, 1000::bigint, 150::bigint, 1000::bigint) AS literals_same;
SELECT round(t::numeric, 10) AS t, round(p_value::numeric, 10) AS p
FROM pmkt.welch_t_test(10.0, 2.0, 100::numeric, 11.0, 2.5, 120::numeric);
SELECT pmkt.welch_t_test(10.0, 2.0, 100::numeric, 11.0, 2.5, 120::numeric)
     = pmkt.welch_t_test(10.0, 2.0, 100::bigint, 11.0, 2.5, 120::bigint) AS same_as_bigint,
       pmkt.welch_t_test(10, 2, 100, 11, 2.5, 120)
     = pmkt.welch_t_test(10.0, 2.0, 100::bigint, 11.0, 2.5, 120::bigint) AS literals_same;
-- bad counts: not whole (22023), negative (the 1.0 message), NaN, huge
SELECT * FROM pmkt.ab_test_proportions(12.5::numeric, 100::numeric, 15::numeric, 100::numeric);
SELECT * FROM pmkt.ab_test_proportions(-1::numeric, 100::numeric, 15::numeric, 100::numeric);
SELECT * FROM pmkt.ab_test_proportions(-1::bigint, 100::bigint, 15::bigint, 100::bigint);
\set VERBOSITY sqlstate
SELECT * FROM pmkt.ab_test_proportions('NaN'::numeric, 100::numeric, 15::numeric, 100::numeric);
SELECT * FROM pmkt.ab_test_proportions(1e300::float8, 100, 15, 100);
SELECT * FROM pmkt.welch_t_test(10.0, 2.0, 1.5::numeric, 11.0, 2.5, 120::numeric);
\set VERBOSITY default
