-- pmkt.mann_whitney: Mann-Whitney U and a seeded bootstrap interval of the
-- difference in means (issue 15, non-parametric option for skewed spend).
-- Every expected figure comes from test/experiment/nonparam_ref.py:
-- scipy.stats.mannwhitneyu(variant, control, method='asymptotic',
-- use_continuity=True, alternative='two-sided'); the bootstrap re-implemented
-- in Python (pmkt's documented generator and resampling, numpy.percentile),
-- and checked against scipy.stats.bootstrap(method='percentile').
--
-- Data: 80 variant units, 70 control units, skewed integer spend with ties
-- (65 distinct values among 150).
--   scipy: U = 3125.5, z = 1.2305469142, p = 0.2184923703
--   means 24.95 and 18.1142857143, difference 6.8357142857
--   bootstrap (n_boot 2000, seed 42, alpha 0.05): [-0.8754910714, 14.8485267857]
--   bootstrap (n_boot 500, seed 7, alpha 0.10):   [0.2442857143, 13.2776785714]
--   scipy.stats.bootstrap percentile, 20000 resamples: [-0.9679, 14.7554]
CREATE TABLE np_units AS
SELECT 'variant' AS arm, g AS unit, ((((g * 7919) % 101) ^ 3)::bigint / 10000 + 3 * (g % 4 = 0)::int)::float8 AS spend
FROM generate_series(1, 80) g
UNION ALL
SELECT 'control', g, ((((g * 104729) % 97) ^ 3)::bigint / 12000)::float8
FROM generate_series(1, 70) g;

SELECT n_variant, n_control, u, round(z::numeric, 10) AS z, round(p_value::numeric, 10) AS p,
       mean_variant, round(mean_control::numeric, 10) AS mean_control, round(mean_diff::numeric, 10) AS diff,
       round(boot_lower::numeric, 10) AS lo, round(boot_upper::numeric, 10) AS hi
FROM pmkt.mann_whitney(
  (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'variant'),
  (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'control'));

-- other resamples, seed and level
SELECT round(boot_lower::numeric, 10) AS lo, round(boot_upper::numeric, 10) AS hi
FROM pmkt.mann_whitney(
  (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'variant'),
  (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'control'), n_boot => 500, seed => 7, alpha => 0.10);

-- close to scipy's own bootstrap (independent generator): 20000 resamples,
-- Monte Carlo error of a 2.5 % quantile here ~0.1; tolerance 0.3
SELECT abs(boot_lower - (-0.9679)) < 0.3 AS lower_close, abs(boot_upper - 14.7554) < 0.3 AS upper_close
FROM pmkt.mann_whitney(
  (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'variant'),
  (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'control'), n_boot => 20000, seed => 123);

-- deterministic: the same arrays and seed give the same interval (the
-- resamples draw array positions, so pass the values in a fixed order,
-- e.g. array_agg(spend ORDER BY unit)); another seed gives another
-- interval; U and p do not depend on the order
SELECT a.boot_lower = b.boot_lower AND a.boot_upper = b.boot_upper AS same_seed_same_interval,
       a.boot_lower <> c.boot_lower AS other_seed_differs,
       a.u = d.u AND a.p_value = d.p_value AS u_independent_of_order
FROM pmkt.mann_whitney((SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'variant'),
                       (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'control'), seed => 5) a,
     pmkt.mann_whitney((SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'variant'),
                       (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'control'), seed => 5) b,
     pmkt.mann_whitney((SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'variant'),
                       (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'control'), seed => 6) c,
     pmkt.mann_whitney((SELECT array_agg(spend ORDER BY unit DESC) FROM np_units WHERE arm = 'variant'),
                       (SELECT array_agg(spend ORDER BY unit DESC) FROM np_units WHERE arm = 'control'), seed => 5) d;

-- swapped arms: scipy U = 2474.5 (= 80*70 - 3125.5), z = -1.2305469142, same p
SELECT u, round(z::numeric, 10) AS z, round(p_value::numeric, 10) AS p, round(mean_diff::numeric, 10) AS diff
FROM pmkt.mann_whitney(
  (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'control'),
  (SELECT array_agg(spend ORDER BY unit) FROM np_units WHERE arm = 'variant'), n_boot => 0);

-- small samples (scipy): [19,22,16,29,24] vs [20,11,17,12]: U = 17, z = 1.5921683328, p = 0.1113468865
SELECT u, round(z::numeric, 10) AS z, round(p_value::numeric, 10) AS p
FROM pmkt.mann_whitney('{19,22,16,29,24}', '{20,11,17,12}', n_boot => 0);
-- ties: [1,2,2,3,3,3] vs [2,3,4,4,5]: U = 5.5, z = -1.7022223637, p = 0.0887136920
SELECT u, round(z::numeric, 10) AS z, round(p_value::numeric, 10) AS p
FROM pmkt.mann_whitney('{1,2,2,3,3,3}', '{2,3,4,4,5}', n_boot => 0);
-- one unit each: U = 0, p = 1 (scipy); z = 0; every resample is the
-- difference 1 - 2 = -1
SELECT u, z, p_value, mean_diff, boot_lower, boot_upper FROM pmkt.mann_whitney('{1}', '{2}', n_boot => 10);
-- every value equal: no variance of U, NULL z and p; the bootstrap
-- interval is [0, 0]
SELECT u, z IS NULL AS z_null, p_value IS NULL AS p_null, boot_lower, boot_upper
FROM pmkt.mann_whitney('{5,5,5}', '{5,5}', n_boot => 100);
-- NULL arguments: NULL (strict)
SELECT * FROM pmkt.mann_whitney(NULL, '{1,2}');
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,2}', n_boot => NULL);

\set VERBOSITY sqlstate
-- empty group (array_agg of no rows is NULL; an empty array is an error)
SELECT * FROM pmkt.mann_whitney('{}', '{1,2}');
-- NULL element, NaN, Infinity
SELECT * FROM pmkt.mann_whitney('{1,NULL}', '{1,2}');
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,NaN}');
SELECT * FROM pmkt.mann_whitney('{1,Infinity}', '{1,2}');
-- two-dimensional
SELECT * FROM pmkt.mann_whitney('{{1,2},{3,4}}', '{1,2}');
-- bad n_boot, alpha
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,2}', n_boot => -1);
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,2}', n_boot => 1000001);
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,2}', alpha => 0);
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,2}', alpha => 1);
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,2}', alpha => 'NaN');
-- a mean overflowing double precision
SELECT * FROM pmkt.mann_whitney('{1e308,1e308}', '{1,2}');
-- beyond pmkt.max_train_memory: 53200
SET pmkt.max_train_memory = '64kB';
SELECT * FROM pmkt.mann_whitney((SELECT array_agg(g::float8) FROM generate_series(1, 3000) g), '{1,2}', n_boot => 0);
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,2}', n_boot => 100000);
RESET pmkt.max_train_memory;
\set VERBOSITY default
-- the messages
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,2}', n_boot => -1);
SET pmkt.max_train_memory = '64kB';
SELECT * FROM pmkt.mann_whitney('{1,2}', '{1,2}', n_boot => 100000);
RESET pmkt.max_train_memory;
DROP TABLE np_units;
