-- Demo report, part 55: study B's evaluation chain on pmkt_demo.aisas_monthly
-- (40 business units x 40 months of raw counts): the 17 AISAS indices ->
-- min-max normalisation -> PCA screening (85 %) -> entropy weights of the
-- screened indices -> composite score per unit and month.
\echo
\echo '================================================================'
\echo ' Study B: AISAS index system, PCA screening, entropy weights'
\echo '================================================================'
CREATE TEMP TABLE aisas_norm AS
WITH idx AS (
  SELECT unit_id, month, indices
  FROM pmkt.aisas_indices('pmkt_demo.aisas_monthly') WHERE indices IS NOT NULL),
rng AS (SELECT pmkt.column_ranges(indices) AS r FROM idx)
SELECT unit_id, month, pmkt.normalize(indices, r) AS x FROM idx, rng;
CREATE TEMP TABLE aisas_pca AS SELECT pmkt.pca_components(x) AS p FROM aisas_norm;

\echo
\echo 'Unit-months with all 17 indices (a unit''s first month has no growth rates):'
SELECT count(*) AS unit_months, count(DISTINCT unit_id) AS units,
       min(month) AS first_month, max(month) AS last_month FROM aisas_norm;

\echo
\echo 'PCA of the correlation matrix of the normalised indices:'
SELECT component, round(eigenvalue::numeric, 4) AS eigenvalue,
       round(100 * contribution::numeric, 2) AS contribution_pct,
       round(100 * cumulative::numeric, 2) AS cumulative_pct, retained
FROM aisas_pca, pmkt.pca_report(p);

\echo
\echo 'Screened indices (the largest loading of each retained component) and their entropy weights:'
CREATE TEMP TABLE aisas_sel AS
SELECT pmkt.pca_select_variables(p) AS keep FROM aisas_pca;
CREATE TEMP TABLE aisas_screened AS
SELECT unit_id, month, ARRAY(SELECT x[k] FROM unnest(keep) WITH ORDINALITY t(k, o) ORDER BY o) AS x
FROM aisas_norm, aisas_sel;
CREATE TEMP TABLE aisas_w AS SELECT pmkt.entropy_weights_detail(x) AS d FROM aisas_screened;
SELECT o AS component, (pmkt.aisas_index_names())[k] AS index,
       round((d).entropy[o]::numeric, 4) AS entropy,
       round((d).divergence[o]::numeric, 4) AS divergence,
       round((d).weights[o]::numeric, 4) AS weight
FROM aisas_sel, aisas_w, unnest(keep) WITH ORDINALITY t(k, o) ORDER BY o;

\echo
\echo 'Composite score per month (mean over units, and the best unit):'
SELECT month, round(avg(score)::numeric, 4) AS mean_score,
       round(max(score)::numeric, 4) AS best_score,
       (array_agg(unit_id ORDER BY score DESC))[1] AS best_unit
FROM (SELECT unit_id, month, pmkt.composite_score(x, (d).weights) AS score
      FROM aisas_screened, aisas_w) s
GROUP BY month ORDER BY month;
