
-- ---------------------------------------------------------------------------
-- dbscan: density-based clustering with noise
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.dbscan_label AS (
    row_id     bigint,
    cluster_id int,
    is_core    boolean
);
COMMENT ON TYPE pmkt.dbscan_label IS
'DBSCAN result for one row: its id, its cluster (1, 2, ... in order of discovery; -1 = noise) and whether it is a core point';

CREATE FUNCTION pmkt.dbscan(
    query               text,
    eps                 float8,
    min_points          int,
    max_candidate_pairs bigint DEFAULT 1000000000)
RETURNS SETOF pmkt.dbscan_label
AS 'MODULE_PATHNAME', 'pmkt_dbscan'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.dbscan(text, float8, int, bigint) IS
'DBSCAN over the rows of query (first column: id, an integer or numeric read as bigint; second: features, a float8[] or an integer, real or numeric array read as float8[]; further columns ignored): a row with at least min_points rows (itself included) within Euclidean distance eps is a core point; clusters are grown from core points in the query''s row order (ORDER BY for reproducibility), border points join the first cluster reaching them, the rest is noise (cluster_id -1). Matches scikit-learn''s DBSCAN labels + 1. Rows with a NULL id, NULL features or a NULL element are skipped. Grid neighbour search (cell side eps); refuses with 54000 beyond max_candidate_pairs distance computations per pass';
