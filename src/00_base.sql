-- base: build information, the memory budget, shared checks.

\echo Use "CREATE EXTENSION pmkt" to load this file. \quit

-- ---------------------------------------------------------------------------
-- base: build information
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.version() RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.version() IS
'pmkt build version and the BLAS/LAPACK it is linked with';
