-- pmkt--1.0.sql: assembled by the Makefile from src/sql/NN_module.sql, one
-- section per module in this order.  Edit the parts, not this file.

\echo Use "CREATE EXTENSION pmkt" to load this file. \quit

-- ---------------------------------------------------------------------------
-- base: build information
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.version() RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.version() IS
'pmkt build version and the BLAS/LAPACK it is linked with';
