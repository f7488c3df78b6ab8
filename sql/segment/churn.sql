-- churn: pmkt.churn_survival, Kaplan-Meier churn curves per segment with
-- Greenwood bands (issue 16 part 3).
-- Reference: test/segment/churn_ref.py (numpy; lifelines is not in Debian):
-- the same orders, lifetimes (last - first order + inactivity_days when the
-- customer has been inactive longer than that, else censored at as_of -
-- first order), the study segments by the documented rules, the product-
-- limit estimate and Greenwood's variance on the log(-log S) scale; its
-- output (6 decimals) is in the comments and compared below.
SET timezone = 'UTC';
CREATE TABLE churn_orders (customer_id int, ordered_at date, amount numeric);
INSERT INTO churn_orders VALUES
 (1, '2024-11-04', 10),
 (1, '2024-11-30', 10),
 (2, '2024-09-28', 10),
 (2, '2024-11-04', 10),
 (3, '2024-08-22', 10),
 (3, '2024-10-09', 10),
 (4, '2024-07-16', 10),
 (4, '2024-09-13', 10),
 (5, '2024-06-09', 10),
 (5, '2024-08-18', 10),
 (5, '2024-10-27', 10),
 (6, '2024-05-03', 10),
 (7, '2024-03-27', 10),
 (7, '2024-06-27', 10),
 (8, '2024-02-19', 10),
 (8, '2024-06-01', 10),
 (8, '2024-09-12', 10),
 (9, '2024-01-13', 10),
 (9, '2024-02-06', 10),
 (9, '2024-03-01', 10),
 (9, '2024-03-25', 10),
 (10, '2023-12-07', 10),
 (10, '2024-01-11', 10),
 (10, '2024-02-15', 10),
 (10, '2024-03-21', 10),
 (10, '2024-04-25', 10),
 (11, '2023-10-31', 10),
 (11, '2023-12-16', 10),
 (11, '2024-01-31', 10),
 (11, '2024-03-17', 10),
 (11, '2024-05-02', 10),
 (11, '2024-06-17', 10),
 (12, '2023-09-24', 10),
 (13, '2023-08-18', 10),
 (13, '2023-10-25', 10),
 (14, '2023-07-12', 10),
 (14, '2023-09-29', 10),
 (14, '2023-12-17', 10),
 (15, '2023-06-05', 10),
 (15, '2023-09-03', 10),
 (15, '2023-12-02', 10),
 (15, '2024-03-01', 10),
 (16, '2023-04-29', 10),
 (16, '2023-08-08', 10),
 (16, '2023-11-17', 10),
 (16, '2024-02-26', 10),
 (16, '2024-06-06', 10),
 (17, '2024-11-12', 10),
 (17, '2024-12-04', 10),
 (18, '2024-10-06', 10),
 (19, '2024-08-30', 10),
 (19, '2024-10-13', 10),
 (20, '2024-07-24', 10),
 (20, '2024-09-17', 10),
 (21, '2024-06-17', 10),
 (21, '2024-08-22', 10),
 (22, '2024-05-11', 10),
 (22, '2024-07-27', 10),
 (23, '2024-04-04', 10),
 (23, '2024-07-01', 10),
 (24, '2024-02-27', 10),
 (25, '2024-01-21', 10),
 (25, '2024-02-10', 10),
 (26, '2023-12-15', 10),
 (26, '2024-01-15', 10),
 (26, '2024-02-15', 10),
 (27, '2023-11-08', 10),
 (27, '2023-12-20', 10),
 (27, '2024-01-31', 10),
 (27, '2024-03-13', 10),
 (28, '2023-10-02', 10),
 (28, '2023-11-24', 10),
 (28, '2024-01-16', 10),
 (28, '2024-03-09', 10),
 (28, '2024-05-01', 10),
 (29, '2023-08-26', 10),
 (29, '2023-10-29', 10),
 (29, '2024-01-01', 10),
 (29, '2024-03-05', 10),
 (29, '2024-05-08', 10),
 (30, '2023-07-20', 10);

-- one curve ('all'), inactivity 90 days, as_of 2024-12-31.  Reference rows
-- (days, at risk, churned, censored, S, lower, upper), e.g.
--   49 30 0 1 1 1 1 | 90 27 4 0 0.851852 0.652028 0.941655 (four one-order
--   customers churn at exactly 90) | 110 22 1 0 0.813131 0.607625 0.917691
--   | 360 2 1 0 0.047552 0.003369 0.196008 | 494 1 1 0 0 (band undefined)
CREATE TEMP TABLE km_ref (segment text, days float8, at_risk int, churned int, censored int,
                          survival float8, ci_lower float8, ci_upper float8);
INSERT INTO km_ref VALUES
 ('all', 49, 30, 0, 1, 1.000000, 1.000000, 1.000000),
 ('all', 57, 29, 0, 1, 1.000000, 1.000000, 1.000000),
 ('all', 86, 28, 0, 1, 1.000000, 1.000000, 1.000000),
 ('all', 90, 27, 4, 0, 0.851852, 0.652028, 0.941655),
 ('all', 94, 23, 0, 1, 0.851852, 0.652028, 0.941655),
 ('all', 110, 22, 1, 0, 0.813131, 0.607625, 0.917691),
 ('all', 123, 21, 0, 1, 0.813131, 0.607625, 0.917691),
 ('all', 131, 20, 0, 1, 0.813131, 0.607625, 0.917691),
 ('all', 145, 19, 1, 0, 0.770335, 0.557369, 0.890050),
 ('all', 149, 18, 1, 0, 0.727539, 0.510132, 0.860430),
 ('all', 152, 17, 1, 0, 0.684742, 0.465216, 0.829096),
 ('all', 156, 16, 1, 0, 0.641946, 0.422236, 0.796224),
 ('all', 158, 15, 1, 0, 0.599149, 0.380962, 0.761934),
 ('all', 162, 14, 1, 0, 0.556353, 0.341254, 0.726306),
 ('all', 167, 13, 1, 0, 0.513557, 0.303031, 0.689387),
 ('all', 178, 12, 1, 0, 0.470760, 0.266253, 0.651198),
 ('all', 182, 11, 1, 0, 0.427964, 0.230917, 0.611737),
 ('all', 205, 10, 0, 1, 0.427964, 0.230917, 0.611737),
 ('all', 216, 9, 1, 0, 0.380412, 0.191683, 0.568088),
 ('all', 230, 8, 1, 0, 0.332861, 0.154959, 0.522584),
 ('all', 248, 7, 1, 0, 0.285309, 0.120806, 0.475102),
 ('all', 296, 6, 1, 0, 0.237758, 0.089407, 0.425442),
 ('all', 302, 5, 1, 0, 0.190206, 0.061101, 0.373289),
 ('all', 320, 4, 1, 0, 0.142655, 0.036471, 0.318155),
 ('all', 346, 3, 1, 0, 0.095103, 0.016557, 0.259282),
 ('all', 360, 2, 1, 0, 0.047552, 0.003369, 0.196008),
 ('all', 494, 1, 1, 0, 0.000000, NULL, NULL),
 ('frequent', 152, 12, 1, 0, 0.916667, 0.538977, 0.987826),
 ('frequent', 162, 11, 1, 0, 0.833333, 0.481715, 0.955509),
 ('frequent', 205, 10, 0, 1, 0.833333, 0.481715, 0.955509),
 ('frequent', 216, 9, 1, 0, 0.740741, 0.390676, 0.908624),
 ('frequent', 230, 8, 1, 0, 0.648148, 0.309662, 0.851798),
 ('frequent', 248, 7, 1, 0, 0.555556, 0.236900, 0.786701),
 ('frequent', 296, 6, 1, 0, 0.462963, 0.171945, 0.714010),
 ('frequent', 302, 5, 1, 0, 0.370370, 0.114978, 0.633750),
 ('frequent', 320, 4, 1, 0, 0.277778, 0.066808, 0.545328),
 ('frequent', 346, 3, 1, 0, 0.185185, 0.029157, 0.447315),
 ('frequent', 360, 2, 1, 0, 0.092593, 0.005458, 0.337345),
 ('frequent', 494, 1, 1, 0, 0.000000, NULL, NULL),
 ('new', 49, 3, 0, 1, 1.000000, 1.000000, 1.000000),
 ('new', 57, 2, 0, 1, 1.000000, 1.000000, 1.000000),
 ('new', 86, 1, 0, 1, 1.000000, 1.000000, 1.000000),
 ('occasional', 90, 15, 4, 0, 0.733333, 0.436208, 0.890520),
 ('occasional', 94, 11, 0, 1, 0.733333, 0.436208, 0.890520),
 ('occasional', 110, 10, 1, 0, 0.660000, 0.364690, 0.842684),
 ('occasional', 123, 9, 0, 1, 0.660000, 0.364690, 0.842684),
 ('occasional', 131, 8, 0, 1, 0.660000, 0.364690, 0.842684),
 ('occasional', 145, 7, 1, 0, 0.565714, 0.268362, 0.781372),
 ('occasional', 149, 6, 1, 0, 0.471429, 0.189877, 0.711506),
 ('occasional', 156, 5, 1, 0, 0.377143, 0.124624, 0.633424),
 ('occasional', 158, 4, 1, 0, 0.282857, 0.071337, 0.546634),
 ('occasional', 167, 3, 1, 0, 0.188571, 0.030722, 0.449723),
 ('occasional', 178, 2, 1, 0, 0.094286, 0.005670, 0.340258),
 ('occasional', 182, 1, 1, 0, 0.000000, NULL, NULL);
-- every row of every curve against the reference (6 decimals), and the
-- synthetic row at 0 days (S = 1, all at risk)
SELECT segment, count(*) AS rows,
       count(*) FILTER (WHERE r.days IS NULL) AS missing_in_reference,
       max(greatest(abs(p.survival - r.survival), abs(p.ci_lower - r.ci_lower), abs(p.ci_upper - r.ci_upper))) < 1e-6 AS values_match,
       bool_and(p.at_risk = r.at_risk AND p.churned = r.churned AND p.censored = r.censored) AS counts_match
FROM (SELECT * FROM pmkt.churn_survival('churn_orders', as_of => '2024-12-31+00', segments => 'all')
      UNION ALL
      SELECT * FROM pmkt.churn_survival('churn_orders', as_of => '2024-12-31+00')) p
LEFT JOIN km_ref r USING (segment, days)
WHERE p.days > 0
GROUP BY segment ORDER BY segment;
SELECT count(*) AS reference_rows FROM km_ref;
SELECT segment, days, at_risk, survival, ci_lower, ci_upper
FROM pmkt.churn_survival('churn_orders', as_of => '2024-12-31+00') WHERE days = 0 ORDER BY 1;
-- S = 0 at the last churn: the band is NULL
SELECT days, survival, ci_lower, ci_upper
FROM pmkt.churn_survival('churn_orders', as_of => '2024-12-31+00', segments => 'all') ORDER BY days DESC LIMIT 1;
-- inactivity 60 days, 90 % bands.  Reference, last three rows:
--   316 3 1 0 0.074830 0.018489 0.185579 | 330 2 1 0 0.037415 0.004659 0.133881 | 464 1 1 0 0
SELECT days, at_risk, churned, censored, round(survival::numeric, 6) AS s,
       round(ci_lower::numeric, 6) AS lo, round(ci_upper::numeric, 6) AS hi
FROM pmkt.churn_survival('churn_orders', inactivity_days => 60, as_of => '2024-12-31+00', segments => 'all', level => 0.9)
ORDER BY days DESC LIMIT 3;
-- the named segments: one curve per map name present
SELECT count(DISTINCT segment) > 1 AS several_curves, bool_and(survival BETWEEN 0 AND 1) AS in_range
FROM pmkt.churn_survival('churn_orders', as_of => '2024-12-31+00', segments => 'named');
-- errors
\set VERBOSITY default
SELECT * FROM pmkt.churn_survival('churn_orders', inactivity_days => 0);
SELECT * FROM pmkt.churn_survival('churn_orders', level => 1);
SELECT * FROM pmkt.churn_survival('churn_orders', segments => 'rfm');
\set VERBOSITY terse
