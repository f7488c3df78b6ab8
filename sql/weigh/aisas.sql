-- aisas: the 17 AISAS indices (SPEC 2.1) from raw monthly counts shaped
-- like the demo contract's pmkt_demo.aisas_monthly.
CREATE TABLE aisas_small (
    unit_id int, month date,
    ad_impressions bigint, brand_aware bigint, consumers bigint, page_views bigint,
    favourites bigint, interested bigint, keyword_searches bigint,
    category_keyword_searches bigint, related_searches bigint,
    category_related_searches bigint, product_page_views bigint, buyers bigint,
    orders bigint, purchasers bigint, standard_purchasers bigint,
    purchase_amount float8, topics bigint, replies bigint, reviews bigint, reposts bigint);
INSERT INTO aisas_small VALUES
(1, '2024-01-01', 1000, 200, 800, 500, 30, 120, 60, 600, 40, 400, 250, 25, 40, 20, 10, 1000, 5, 12, 8, 3),
(1, '2024-02-01', 1200, 300, 1000, 600, 45, 150, 90, 600, 50, 500, 300, 45, 50, 25, 15, 1500, 6, 15, 9, 4),
(1, '2024-03-01', 1100, 330, 1100, 550, 40, 160, 66, 660, 44, 440, 200, 20, 45, 30, 12, 1200, 7, 18, 10, 5),
(2, '2024-01-01', 500, 50, 0, 200, 10, 40, 20, 400, 10, 100, 100, 10, 0, 8, 4, 400, 1, 2, 3, 0),
(2, '2024-03-01', 600, 60, 300, 240, 12, 48, 30, 500, 15, 150, 120, 12, 10, 9, 5, NULL, 2, 3, 4, 1),
(2, '2024-04-01', 700, 70, 350, 250, 14, 50, 35, 500, 20, 200, 140, 14, 12, 12, 6, 500, 3, 4, 5, 2),
(3, '2024-01-01', 100, 10, 100, 50, 5, 10, 5, 50, 2, 20, 20, 2, 0, 2, 1, 100, 1, 1, 1, 1),
(3, '2024-02-01', 100, 10, 100, 50, 5, 10, 5, 50, 2, 20, 20, 2, 5, 4, 2, 150, 1, 1, 1, 1);

-- Hand calculation:
--  unit 1 Feb: B12 = 300/1000 = 0.3, B22 = 45/150 = 0.3, B32 = 90/600 = 0.15,
--    B34 = 50/500 = 0.1, B41 = 45/300 = 0.15, B42 = (50-40)/40 = 0.25,
--    B43 = (25-20)/20 = 0.25, B44 = (15-10)/10 = 0.5, B45 = (1500-1000)/1000 = 0.5
--  unit 1 Mar: B42 = (45-50)/50 = -0.1, B43 = 0.2, B44 = (12-15)/15 = -0.2, B45 = -0.2
--  unit 2 Jan: consumers = 0 -> B12 NULL; first month -> growth NULL
--  unit 2 Mar: February missing -> growth NULL; purchase_amount NULL -> B45 NULL
--  unit 2 Apr: B42 = 0.2, B43 = 3/9, B44 = 0.2, B45 NULL (previous NULL)
--  unit 3 Feb: previous orders 0 -> B42 NULL; B43 = 1, B44 = 1, B45 = 0.5
SELECT unit_id, month, b11_ad_impressions AS b11, b12_brand_recognition AS b12,
       b21_page_views AS b21, b22_favourite_ratio AS b22, b31_keyword_searches AS b31,
       b32_keyword_search_index AS b32, b33_related_searches AS b33,
       b34_related_search_index AS b34, b41_conversion_rate AS b41
FROM pmkt.aisas_indices('aisas_small');
SELECT unit_id, month, round(b42_order_growth::numeric, 6) AS b42,
       round(b43_purchaser_growth::numeric, 6) AS b43,
       round(b44_standard_purchase_growth::numeric, 6) AS b44,
       round(b45_amount_growth::numeric, 6) AS b45,
       b51_topics AS b51, b52_replies AS b52, b53_reviews AS b53, b54_reposts AS b54,
       indices IS NOT NULL AS complete
FROM pmkt.aisas_indices('aisas_small');
SELECT indices FROM pmkt.aisas_indices('aisas_small') WHERE unit_id = 1 AND month = '2024-02-01';
SELECT pmkt.aisas_index_names();
-- a view works as the source, and the order of the source rows does not matter
CREATE VIEW aisas_shuffled AS SELECT * FROM aisas_small ORDER BY purchase_amount DESC NULLS FIRST;
SELECT count(*) AS rows, count(indices) AS complete FROM pmkt.aisas_indices('aisas_shuffled');

-- a deterministic 6 units x 12 months table; the indices equal an
-- independent plain-SQL computation with lag()
CREATE TABLE aisas_syn AS
SELECT u AS unit_id, (date '2024-01-01' + (m - 1) * interval '1 month')::date AS month,
       1000 + 137*u + 61*m + (u*m*7) % 50 AS ad_impressions,
       200 + 11*u + 9*m + (u*13 + m*7) % 17 AS brand_aware,
       800 + 23*u + 5*m AS consumers,
       500 + 31*u + 17*m + (u*m) % 23 AS page_views,
       30 + u + m + (u*m) % 5 AS favourites,
       120 + 3*u + 2*m AS interested,
       60 + 5*u + 3*m + (u + 2*m) % 7 AS keyword_searches,
       600 + 7*m + (u*3) % 11 AS category_keyword_searches,
       40 + 2*u + 4*m + (3*u + m) % 9 AS related_searches,
       400 + 11*m + u AS category_related_searches,
       250 + 10*u + 12*m AS product_page_views,
       25 + 2*u + m + (u*m) % 6 AS buyers,
       40 + 3*u + 2*m + (u*7 + m*5) % 11 AS orders,
       20 + u + m + (u*5 + m*3) % 7 AS purchasers,
       10 + u + (u + m*3) % 5 AS standard_purchasers,
       (1000 + 50*u + 37*m + ((u*11 + m*13) % 17) * 10.5)::float8 AS purchase_amount,
       5 + (u*m) % 7 AS topics, 12 + u + (u*3 + m) % 8 AS replies,
       8 + m % 4 + u AS reviews, 3 + (u + m) % 5 AS reposts
FROM generate_series(1, 6) u, generate_series(1, 12) m;
WITH ref AS (
  SELECT unit_id, month,
    ARRAY[ad_impressions::float8, brand_aware::float8 / consumers, page_views::float8,
          favourites::float8 / interested, keyword_searches::float8,
          keyword_searches::float8 / category_keyword_searches, related_searches::float8,
          related_searches::float8 / category_related_searches, buyers::float8 / product_page_views,
          (orders - lag(orders) OVER w)::float8 / lag(orders) OVER w,
          (purchasers - lag(purchasers) OVER w)::float8 / lag(purchasers) OVER w,
          (standard_purchasers - lag(standard_purchasers) OVER w)::float8 / lag(standard_purchasers) OVER w,
          (purchase_amount - lag(purchase_amount) OVER w) / lag(purchase_amount) OVER w,
          topics::float8, replies::float8, reviews::float8, reposts::float8] AS v
  FROM aisas_syn WINDOW w AS (PARTITION BY unit_id ORDER BY month))
SELECT count(*) AS rows, count(a.indices) AS complete,
       bool_and(a.indices IS NOT DISTINCT FROM (CASE WHEN ref.month > '2024-01-01' THEN ref.v END)) AS equals_plain_sql
FROM pmkt.aisas_indices('aisas_syn') a JOIN ref USING (unit_id, month);

-- the whole chain: indices -> normalise -> PCA screening -> entropy
-- weights -> composite score per month
CREATE TABLE chain AS
WITH idx AS (
  SELECT unit_id, month, indices FROM pmkt.aisas_indices('aisas_syn') WHERE indices IS NOT NULL),
rng AS (SELECT pmkt.column_ranges(indices) AS r FROM idx),
nx AS (SELECT unit_id, month, pmkt.normalize(indices, r) AS x FROM idx, rng),
pca AS (SELECT pmkt.pca_components(x) AS p FROM nx),
sel AS (SELECT pmkt.pca_select_variables(p) AS keep FROM pca),
sx AS (SELECT unit_id, month,
              ARRAY(SELECT x[k] FROM unnest(keep) WITH ORDINALITY t(k, o) ORDER BY o) AS x FROM nx, sel),
w AS (SELECT pmkt.entropy_weights(x) AS w FROM sx)
SELECT sx.unit_id, sx.month, sx.x, w.w, sel.keep, pmkt.composite_score(sx.x, w.w) AS score
FROM sx, w, sel;
SELECT (pmkt.pca_components(x)).n_components FROM (
  SELECT pmkt.normalize(indices, (SELECT pmkt.column_ranges(indices) FROM pmkt.aisas_indices('aisas_syn'))) x
  FROM pmkt.aisas_indices('aisas_syn') WHERE indices IS NOT NULL) s;
SELECT DISTINCT (SELECT array_agg((pmkt.aisas_index_names())[k] ORDER BY o)
                 FROM unnest(keep) WITH ORDINALITY t(k, o)) AS kept_indices,
       w::numeric(6,4)[] AS weights, (SELECT sum(v) FROM unnest(w) v)::numeric(10,8) AS weight_sum
FROM chain;
SELECT month, count(*) AS units, round(avg(score)::numeric, 4) AS mean_score,
       bool_and(score BETWEEN 0.001 AND 1.001) AS in_range
FROM chain GROUP BY month ORDER BY month;

-- errors
CREATE TABLE aisas_bad AS SELECT * FROM aisas_small;
UPDATE aisas_bad SET buyers = -1 WHERE unit_id = 1 AND month = '2024-02-01';
SELECT count(*) FROM pmkt.aisas_indices('aisas_bad');
\set VERBOSITY sqlstate
SELECT count(*) FROM pmkt.aisas_indices('aisas_bad');
\set VERBOSITY default
UPDATE aisas_bad SET buyers = 45, purchase_amount = 'NaN' WHERE unit_id = 1 AND month = '2024-02-01';
SELECT count(*) FROM pmkt.aisas_indices('aisas_bad');
UPDATE aisas_bad SET purchase_amount = 1500, month = '2024-02-15' WHERE unit_id = 1 AND month = '2024-02-01';
INSERT INTO aisas_bad SELECT * FROM aisas_small WHERE unit_id = 1 AND month = '2024-02-01';
SELECT count(*) FROM pmkt.aisas_indices('aisas_bad');
DELETE FROM aisas_bad WHERE month = '2024-02-15';
UPDATE aisas_bad SET unit_id = NULL WHERE unit_id = 3;
SELECT count(*) FROM pmkt.aisas_indices('aisas_bad');
CREATE TABLE aisas_missing (unit_id int, month date, ad_impressions bigint);
SELECT count(*) FROM pmkt.aisas_indices('aisas_missing');
SELECT count(*) FROM pmkt.aisas_indices('no_such_table');
\set VERBOSITY sqlstate
SELECT count(*) FROM pmkt.aisas_indices('aisas_missing');
\set VERBOSITY default
