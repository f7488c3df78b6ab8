-- generate_demo gains the basket tables products and order_lines (issue 12) and campaign_responses (issue 13)
COMMENT ON FUNCTION pmkt.generate_demo(text, bigint, bigint) IS
'(re)creates the demo tables customers, orders, campaigns, feedback, aisas_monthly, sales_drivers, visits, products, order_lines and campaign_responses in target_schema, deterministic for a seed; returns the row count of each table';
