-- pca: one-pass, combinable principal component analysis (SPEC 2.3).
--
-- Reference: NIST StRD Longley data (test/fixtures/nist/Longley.dat),
-- predictors x1..x6, 16 rows, a badly conditioned design.  Figures from
-- Debian's /usr/bin/python3 (numpy 1.24):
--   X = Longley x1..x6 (16 x 6)
--   w, V = np.linalg.eigh(np.corrcoef(X.T))      (and np.cov(X.T))
--   w, V = w[::-1], V[:, ::-1]; each column of V signed so that its
--   largest-magnitude element is positive (pmkt's convention)
--   scores = ((X - X.mean(0)) / X.std(0, ddof=1)) @ V
-- Eigenvalues must agree to 1e-10 relative, loadings to 1e-9 (signs fixed
-- by the convention above).

CREATE TABLE longley (year int, x float8[]);
INSERT INTO longley VALUES
(1947, ARRAY[83.0,234289,2356,1590,107608,1947]),
(1948, ARRAY[88.5,259426,2325,1456,108632,1948]),
(1949, ARRAY[88.2,258054,3682,1616,109773,1949]),
(1950, ARRAY[89.5,284599,3351,1650,110929,1950]),
(1951, ARRAY[96.2,328975,2099,3099,112075,1951]),
(1952, ARRAY[98.1,346999,1932,3594,113270,1952]),
(1953, ARRAY[99.0,365385,1870,3547,115094,1953]),
(1954, ARRAY[100.0,363112,3578,3350,116219,1954]),
(1955, ARRAY[101.2,397469,2904,3048,117388,1955]),
(1956, ARRAY[104.6,419180,2822,2857,118734,1956]),
(1957, ARRAY[108.4,442769,2936,2798,120445,1957]),
(1958, ARRAY[110.8,444546,4681,2637,121950,1958]),
(1959, ARRAY[112.6,482704,3813,2552,123366,1959]),
(1960, ARRAY[114.2,502601,3931,2514,125368,1960]),
(1961, ARRAY[115.7,518173,4806,2572,127852,1961]),
(1962, ARRAY[116.9,554894,4007,2827,130081,1962]);

CREATE TABLE ref (kind text PRIMARY KEY, eigen float8[], load float8[]);
INSERT INTO ref VALUES
('corr',
 ARRAY[4.60337709576839,1.175340499257146,0.20342537240143502,0.014928258677277869,0.002552065763074983,0.0003767081326780563],
 ARRAY[[0.4618348981667717,0.05784276766775605,-0.14911989205308107,0.7928735589035774,-0.3379378262070872,-0.13518707063881316],[0.4615043466790023,0.05321228623622658,-0.2776823268077988,-0.12162122516496399,0.14957319181781303,0.8184808206960704],[0.3213166983065419,-0.5955137627127101,0.7283056857802684,0.007645795493799102,-0.009231961100758307,0.1074526806309046],[0.20150974187320747,0.7981925479564479,0.5616075237192039,-0.07725497907864469,-0.0242524723087078,0.017970960281662843],[0.4622793530415601,-0.04554446980168077,-0.19598459108162528,-0.5897449647496278,-0.5485781730933065,-0.3115708677630171],[0.4649402842330695,0.0006187883931805752,-0.12811573124862694,-0.05228655422032192,0.749542835596886,-0.45040888363571585]]),
('cov',
 ARRAY[9927302502.202612,1496386.5398902711,183383.53404302854,116401.71416718152,0.8912524225787144,0.029827369394806267],
 ARRAY[[0.00010739724253492064,-9.906288919963983e-05,0.0006447483717841424,0.0028917866393723675,0.9993506238372658,0.03591004257883304],[0.9975818568558444,-0.05231868659036259,-0.026035957499509706,0.037620185880580144,-0.00020233042539315866,-5.915486549192082e-05],[0.0056714365039757745,0.5606362136841653,0.2371003202087166,0.7933674717979484,-0.002361908738917136,-0.0008859745079075564],[0.0031155174797432867,-0.3947140762695066,0.9187883142452676,0.004319060250646495,-0.0006354232610905889,-0.0002590515661126917],[0.06919937452594231,0.7260513168268076,0.3145362516658939,-0.6075567790037251,0.001612684077929601,0.00019448375341104193],[4.7559550675358384e-05,0.00025387921520897384,0.0003624470361646385,0.0007210287399844885,-0.035912484917086124,0.9993545794462622]]);

-- correlation PCA (the default): n, settings, retained components
CREATE TABLE p_corr AS SELECT pmkt.pca_components(x) AS p FROM longley;
SELECT (p).n, (p).n_components, (p).use_correlation, (p).threshold FROM p_corr;
SELECT component, eigenvalue, contribution, cumulative, retained
FROM p_corr, pmkt.pca_report(p, digits => 10);
-- the report for reading (issue 16): numeric, 4 decimals by default.  From
-- numpy's eigenvalues above (they sum to 6), rounded by hand:
--   eigenvalue   4.6034 1.1753 0.2034 0.0149 0.0026 0.0004
--   contribution 0.7672 0.1959 0.0339 0.0025 0.0004 0.0001
--   cumulative   0.7672 0.9631 0.9970 0.9995 0.9999 1.0000
SELECT component, eigenvalue, contribution, cumulative, pg_typeof(eigenvalue) AS type
FROM p_corr, pmkt.pca_report(p);
SELECT component, eigenvalue, contribution FROM p_corr, pmkt.pca_report(p, digits => 1) WHERE component <= 2;
-- digits NULL: unrounded, each value the float8 of the model exactly
-- (float8::numeric would keep 15 digits only: 4.60337709576839 is 4.60337709576839 but
-- 1.175340499257146 needs 16)
SELECT count(*) AS components, bool_and(r.eigenvalue::float8 = e.v) AS round_trips
FROM p_corr, pmkt.pca_report(p, digits => NULL) r
JOIN LATERAL unnest((p).eigenvalues) WITH ORDINALITY e(v, i) ON e.i = r.component;
SELECT * FROM p_corr, pmkt.pca_report(p, digits => -1);
SELECT * FROM p_corr, pmkt.pca_report(p, digits => 16);
SELECT count(*) AS rows_for_null_model FROM pmkt.pca_report(NULL);
-- eigenvalues to 1e-10 relative, loadings to 1e-9, against numpy
SELECT (SELECT max(abs(a - b) / abs(b)) < 1e-10 FROM unnest((p).eigenvalues, r.eigen) u(a, b)) AS eigen_ok,
       (SELECT max(abs(a - b)) < 1e-9 FROM unnest((p).loadings, r.load) u(a, b)) AS loadings_ok,
       array_dims((p).loadings) AS loadings_dims
FROM p_corr, ref r WHERE r.kind = 'corr';
-- means and sample standard deviations (np.mean, np.std(ddof=1))
SELECT round(m::numeric, 6) AS mean, round(s::numeric, 6) AS stddev
FROM p_corr, unnest((p).means, (p).stddevs) u(m, s);
-- scores of 1947 against numpy:
-- [-3.478851164615913, -0.7514662608520267, -0.3079458165077448,
--  -0.16423794111011647, -0.008797211689149242, -0.002579213925264547]
SELECT (SELECT max(abs(a - b)) < 1e-9 FROM unnest(pmkt.pca_project(x, p, 6),
        ARRAY[-3.478851164615913, -0.7514662608520267, -0.3079458165077448,
              -0.16423794111011647, -0.008797211689149242, -0.002579213925264547]) u(a, b)) AS scores_ok,
       pmkt.pca_project(x, p)::numeric(10,6)[] AS retained_scores
FROM longley, p_corr WHERE year = 1947;
-- scores of the sample are centred, with variance = eigenvalue
SELECT c, abs(avg(s[c])) < 1e-12 AS centred, round(var_samp(s[c])::numeric, 10) AS variance
FROM (SELECT pmkt.pca_project(x, p, 6) s FROM longley, p_corr) t, generate_series(1, 6) c
GROUP BY c ORDER BY c;
-- loadings in long form (for BI tools): equal to the loadings matrix
SELECT count(*) AS rows, bool_and(loading = (p).loadings[variable][component]) AS same,
       count(*) FILTER (WHERE retained) AS retained_rows
FROM p_corr, pmkt.pca_loadings(p);
SELECT variable, component, round(loading::numeric, 6) AS loading
FROM p_corr, pmkt.pca_loadings(p) WHERE component = 1;
-- screening (Jolliffe B4): one column per retained component
SELECT pmkt.pca_select_variables(p) AS kept, pmkt.pca_select_variables(p, 4) AS kept4 FROM p_corr;

-- covariance PCA: eigenvalues to 1e-12 of the largest (they span 11
-- orders of magnitude), the well separated first four loadings to 1e-9
SELECT (p).n_components, (p).use_correlation,
       (SELECT max(abs(a - b)) / r.eigen[1] < 1e-12 FROM unnest((p).eigenvalues, r.eigen) u(a, b)) AS eigen_ok,
       (SELECT max(abs((p).loadings[i][j] - r.load[i][j])) < 1e-9
          FROM generate_series(1, 6) i, generate_series(1, 4) j) AS loadings_ok
FROM (SELECT pmkt.pca_components(x, false) p FROM longley) s, ref r WHERE r.kind = 'cov';

-- threshold: 0.99 needs three components (cumulative 0.7672, 0.9631, 0.9970)
SELECT (pmkt.pca_components(x, true, 0.99)).n_components,
       (pmkt.pca_components(x, true, 0.5)).n_components,
       (pmkt.pca_components(x, true, 1)).n_components FROM longley;

-- numerical stability: shift every column by 1e8.  numpy on the same
-- doubles (np.linalg.eigvalsh(np.corrcoef((X + 1e8).T))) gives
--   [4.60337709579522, 1.1753404992485574, 0.20342537240749595,
--    0.014928258650246247, 0.002552065765708077, 0.000376708132772149]
-- (the shifted doubles lose some digits, so these differ from the unshifted
-- figures from the 9th digit); pmkt must match them to 1e-10 relative.
-- The textbook raw-sums formula (sum x^2 - (sum x)^2 / n) breaks down.
SELECT (SELECT max(abs(a - b) / abs(b)) < 1e-10 FROM unnest((p).eigenvalues,
        ARRAY[4.60337709579522, 1.1753404992485574, 0.20342537240749595,
              0.014928258650246247, 0.002552065765708077, 0.000376708132772149]) u(a, b)) AS shifted_eigen_ok
FROM (SELECT pmkt.pca_components(ARRAY(SELECT v + 1e8 FROM unnest(x) v)) p FROM longley) s;
SELECT round(((sum((x1 + 1e8)^2) - sum(x1 + 1e8)^2 / count(*)) / (count(*) - 1))::numeric, 3) AS raw_sums_var_x1,
       round(var_samp(x1)::numeric, 3) AS true_var_x1,
       round((pmkt.pca_components(ARRAY[x1 + 1e8, x2 + 1e8], false)).stddevs[1]::numeric ^ 2, 3) AS pmkt_var_x1
FROM (SELECT x[1] AS x1, x[2] AS x2 FROM longley) s;

-- NULL rows are skipped; no rows gives NULL
SELECT (pmkt.pca_components(x)).n FROM (SELECT x FROM longley UNION ALL SELECT NULL) s;
SELECT pmkt.pca_components(x) IS NULL AS empty_is_null FROM longley WHERE false;

-- forced parallel plan == serial plan (deterministic synthetic rows;
-- means compared relative to the column's standard deviation)
-- (column 5 carries an offset of 1000: the pivoted Welford update keeps the
-- co-moments accurate to ~1e-15 of the long-double two-pass values here)
CREATE TABLE pca_par AS
SELECT g, ARRAY[s, s + 0.5 * c, (g % 17)::float8 / 17 + 0.3 * s, sqrt(g::float8) / 100 - 0.2 * c,
                1000 + c * c + 0.1 * s]::float8[] AS x
FROM generate_series(1, 30000) g, LATERAL (SELECT sin(g) AS s, cos(1.3 * g) AS c) t;
ANALYZE pca_par;
CREATE TABLE pca_serial AS SELECT pmkt.pca_components(x) AS p FROM pca_par;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.pca_components(x) FROM pca_par;
CREATE TABLE pca_parallel AS SELECT pmkt.pca_components(x) AS p FROM pca_par;
SELECT (s.p).n = (q.p).n AS n_equal,
       (SELECT max(abs(a - b) / abs(b)) < 1e-12 FROM unnest((s.p).eigenvalues, (q.p).eigenvalues) u(a, b)) AS eigen_equal,
       (SELECT max(abs(a - b) / sd) < 1e-12 FROM unnest((s.p).means, (q.p).means, (s.p).stddevs) u(a, b, sd)) AS means_equal,
       (SELECT max(abs(a - b)) < 1e-10 FROM unnest((s.p).loadings, (q.p).loadings) u(a, b)) AS loadings_equal
FROM pca_serial s, pca_parallel q;
RESET parallel_setup_cost; RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- the state: a float8[] of 5 + 2d + d(d+1)/2 doubles whatever the row count,
-- surviving a text round trip, and merged by the combine function
CREATE AGGREGATE pca_state(float8[]) (sfunc = pmkt.pca_components_sfunc, stype = float8[]);
SELECT array_length(pca_state(x), 1) AS state_len FROM longley;
SELECT array_length(pca_state(x), 1) AS state_len FROM pca_par;
SELECT pmkt.pca_components_final(pca_state(x)::text::float8[]) = (SELECT p FROM p_corr) AS text_round_trip
FROM longley;
WITH a AS (SELECT pca_state(x)::text AS s FROM longley WHERE year < 1953),
     b AS (SELECT pca_state(x)::text AS s FROM longley WHERE year >= 1953)
-- the merged halves match numpy as the one-pass result does (1e-10 relative)
SELECT (SELECT max(abs(u - v) / abs(v)) < 1e-10
        FROM unnest((pmkt.pca_components_final(pmkt.pca_components_combine(a.s::float8[], b.s::float8[]))).eigenvalues,
                    r.eigen) t(u, v)) AS combined_ok
FROM a, b, ref r WHERE r.kind = 'corr';

-- errors
SELECT pmkt.pca_components(x) FROM longley WHERE year = 1947;       -- one row
\set VERBOSITY sqlstate
SELECT pmkt.pca_components(x) FROM longley WHERE year = 1947;
\set VERBOSITY default
SELECT pmkt.pca_components(x) FROM (VALUES (ARRAY[1,2]::float8[]), (ARRAY[1,2,3]::float8[])) v(x);  -- ragged
\set VERBOSITY sqlstate
SELECT pmkt.pca_components(x) FROM (VALUES (ARRAY[1,2]::float8[]), (ARRAY[1,2,3]::float8[])) v(x);
\set VERBOSITY default
SELECT pmkt.pca_components(x) FROM (VALUES (ARRAY[1,2]::float8[]), (ARRAY[1,'NaN']::float8[])) v(x);
SELECT pmkt.pca_components(x) FROM (VALUES (ARRAY[1,2]::float8[]), (ARRAY[1,NULL]::float8[])) v(x);
SELECT pmkt.pca_components(x) FROM (VALUES (ARRAY[1,2]::float8[]), ('{}'::float8[])) v(x);
-- zero variance column: an error with correlation, fine with covariance
SELECT pmkt.pca_components(x) FROM (VALUES (ARRAY[1,5]::float8[]), (ARRAY[2,5]::float8[]), (ARRAY[4,5]::float8[])) v(x);
\set VERBOSITY sqlstate
SELECT pmkt.pca_components(x) FROM (VALUES (ARRAY[1,5]::float8[]), (ARRAY[2,5]::float8[]), (ARRAY[4,5]::float8[])) v(x);
\set VERBOSITY default
SELECT (p).eigenvalues, (p).contribution, (p).loadings
FROM (SELECT pmkt.pca_components(x, false) p
      FROM (VALUES (ARRAY[1,5]::float8[]), (ARRAY[2,5]::float8[]), (ARRAY[4,5]::float8[])) v(x)) s;
SELECT pmkt.pca_components(x, false) FROM (VALUES (ARRAY[1,5]::float8[]), (ARRAY[1,5]::float8[])) v(x);
SELECT pmkt.pca_components(x, true, 1.5) FROM longley;
SELECT pmkt.pca_components(x, NULL) FROM longley;
SELECT pmkt.pca_components(x, year > 1950) FROM longley;
-- projection errors
SELECT pmkt.pca_project(ARRAY[1,2,3]::float8[], p) FROM p_corr;
\set VERBOSITY sqlstate
SELECT pmkt.pca_project(ARRAY[1,2,3]::float8[], p) FROM p_corr;
\set VERBOSITY default
SELECT pmkt.pca_project(x, p, 7) FROM longley, p_corr WHERE year = 1947;
SELECT pmkt.pca_project(x, ROW(16, (p).means, (p).stddevs, (p).eigenvalues, (p).contribution,
       (p).cumulative, ARRAY[1,2,3]::float8[], 2, true, 0.85)::pmkt.pca_result)
FROM longley, p_corr WHERE year = 1947;
SELECT pmkt.pca_project(x, ROW(16, (p).means, NULL, (p).eigenvalues, (p).contribution,
       (p).cumulative, (p).loadings, 2, true, 0.85)::pmkt.pca_result)
FROM longley, p_corr WHERE year = 1947;
SELECT pmkt.pca_project(NULL, p) IS NULL AS null_x FROM p_corr;
-- a state that is not a pca state
SELECT pmkt.pca_components_final(ARRAY[1,2,3]::float8[]);
\set VERBOSITY sqlstate
SELECT pmkt.pca_components_final(ARRAY[1,2,3]::float8[]);
\set VERBOSITY default
-- too wide: the state is O(d^2), the decomposition O(d^3)
SELECT pmkt.pca_components(array_fill(1::float8, ARRAY[1001]));
\set VERBOSITY sqlstate
SELECT pmkt.pca_components(array_fill(1::float8, ARRAY[1001]));
\set VERBOSITY default
SELECT pmkt.pca_components_final(ARRAY[4501, -3, 2, 1, 0.85]::float8[]);  -- garbage width
SELECT pmkt.pca_components_combine(pca_state(x), ARRAY[4501, 'NaN', 2, 1, 0.85]::float8[]) FROM longley;
