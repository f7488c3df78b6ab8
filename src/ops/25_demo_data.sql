
-- ---------------------------------------------------------------------------
-- demo data: the synthetic marketing data set (docs/ARCHITECTURE.md,
-- "Demo data contract")
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.generate_demo(target_schema text DEFAULT 'pmkt_demo',
                                   orders bigint DEFAULT 200000,
                                   seed bigint DEFAULT 42)
RETURNS TABLE (table_name text, row_count bigint)
AS 'MODULE_PATHNAME', 'pmkt_generate_demo'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.generate_demo(text, bigint, bigint) IS
'(re)creates the demo tables customers, orders, campaigns, feedback, aisas_monthly, sales_drivers, visits, products, order_lines and campaign_responses in target_schema, deterministic for a seed; returns the row count of each table';
