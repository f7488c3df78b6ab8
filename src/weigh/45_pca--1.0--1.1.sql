-- weigh/pca, 1.0 -> 1.1: pca_report is a report for reading (issue 16):
-- numeric columns rounded to a digits argument
DROP FUNCTION pmkt.pca_report(pmkt.pca_result);
CREATE FUNCTION pmkt.pca_report(pca pmkt.pca_result, digits int DEFAULT 4,
    OUT component int, OUT eigenvalue numeric, OUT contribution numeric,
    OUT cumulative numeric, OUT retained boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_pca_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION pmkt.pca_report(pmkt.pca_result, int) IS
'One row per principal component: eigenvalue, contribution rate, cumulative rate, and whether it is among the n_components retained. A report for reading: numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (the exact float8 values, in the pca_result itself as well)';
