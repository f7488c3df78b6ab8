-- measure/metrics, 1.0 -> 1.1: channel_effectiveness is a report for reading
-- (issue 16): numeric columns rounded to a digits argument
DROP FUNCTION pmkt.channel_effectiveness(regclass);
CREATE FUNCTION pmkt.channel_effectiveness(campaigns regclass, digits int DEFAULT 4)
RETURNS TABLE (channel text, months int, investment numeric, impressions bigint, clicks bigint,
               ctr numeric, conversions bigint, conversion_rate numeric, new_customers bigint,
               sales numeric, sales_growth numeric, roi numeric, cac numeric)
AS 'MODULE_PATHNAME', 'pmkt_channel_effectiveness'
LANGUAGE C STABLE;
COMMENT ON FUNCTION pmkt.channel_effectiveness(regclass, int) IS
'per-channel table from a campaign table (channel, month, impressions, clicks, conversions, new_customers, spend, revenue): investment, ctr, conversion_rate (conversions / clicks), sales, sales_growth (later half of the months over the earlier half), roi (percent), cac. A report for reading: numeric, the rates (ctr, conversion_rate, sales_growth) rounded to digits decimals (0..15, default 4), amounts (investment, sales, cac) and roi (a percent) to 2; digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it)';
