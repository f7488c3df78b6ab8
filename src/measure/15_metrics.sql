
-- ---------------------------------------------------------------------------
-- metrics: money metrics (SPEC 1.6) and channel effectiveness (SPEC 1.5)
-- Rates are fractions (0.12 = 12 %), ROI is a percentage, NPS is -100..100.
-- A zero denominator gives NULL.
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.cac(spend float8, new_customers bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_cac_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.cac(float8, bigint) IS
'customer acquisition cost: spend / new_customers; NULL when new_customers = 0; negative arguments are errors';

CREATE FUNCTION pmkt.cac(spend float8, new_customers float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_cac_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.cac(float8, float8) IS
'customer acquisition cost: spend / new_customers (float8 form, e.g. for numeric sums); NULL when new_customers = 0';

CREATE FUNCTION pmkt.clv(revenue float8[], cost float8[], discount_rate float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_array'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv(float8[], float8[], float8) IS
'customer lifetime value: sum over periods t = 1..n of (revenue[t] - cost[t]) / (1 + discount_rate)^t';

CREATE FUNCTION pmkt.roi(net_profit float8, investment float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_roi'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.roi(float8, float8) IS
'return on investment in percent: net_profit / investment x 100; NULL when investment = 0';

CREATE FUNCTION pmkt.conversion_rate(conversions bigint, visitors bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_conversion_rate_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_rate(bigint, bigint) IS
'conversion rate as a fraction: conversions / visitors; NULL when visitors = 0';

CREATE FUNCTION pmkt.conversion_rate(conversions float8, visitors float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_conversion_rate_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_rate(float8, float8) IS
'conversion rate as a fraction: conversions / visitors (float8 form, e.g. for numeric sums); NULL when visitors = 0';

CREATE FUNCTION pmkt.ctr(clicks bigint, impressions bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_ctr_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ctr(bigint, bigint) IS
'click-through rate as a fraction: clicks / impressions; NULL when impressions = 0';

CREATE FUNCTION pmkt.ctr(clicks float8, impressions float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_ctr_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ctr(float8, float8) IS
'click-through rate as a fraction: clicks / impressions (float8 form, e.g. for numeric sums); NULL when impressions = 0';

CREATE FUNCTION pmkt.repeat_purchase_rate(repeat_customers bigint, customers bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_repeat_purchase_rate_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.repeat_purchase_rate(bigint, bigint) IS
'repeat-purchase rate as a fraction: repeat_customers / customers; NULL when customers = 0';

CREATE FUNCTION pmkt.repeat_purchase_rate(repeat_customers float8, customers float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_repeat_purchase_rate_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.repeat_purchase_rate(float8, float8) IS
'repeat-purchase rate as a fraction (float8 form, e.g. for numeric sums); NULL when customers = 0';

CREATE FUNCTION pmkt.growth_rate("current" float8, previous float8) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_growth_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.growth_rate(float8, float8) IS
'growth as a fraction: (current - previous) / abs(previous); NULL when previous = 0';

-- CLV aggregate over one row per period
CREATE FUNCTION pmkt.clv_sfunc(state float8[], period int, revenue float8, cost float8, discount_rate float8)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_clv_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_sfunc(float8[], int, float8, float8, float8) IS
'transition function of pmkt.clv(period, revenue, cost, discount_rate); state [tag, sum, rows, rate]';
CREATE FUNCTION pmkt.clv_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_clv_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_combine(float8[], float8[]) IS
'combine function of pmkt.clv(period, revenue, cost, discount_rate)';
CREATE FUNCTION pmkt.clv_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_final(float8[]) IS
'final function of pmkt.clv(period, revenue, cost, discount_rate)';
CREATE AGGREGATE pmkt.clv(period int, revenue float8, cost float8, discount_rate float8) (
  sfunc = pmkt.clv_sfunc, stype = float8[], combinefunc = pmkt.clv_combine,
  finalfunc = pmkt.clv_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.clv(int, float8, float8, float8) IS
'customer lifetime value over one row per period: sum of (revenue - cost) / (1 + discount_rate)^period; rows with a NULL are skipped; NULL for no rows';

-- NPS aggregate over 0-10 scores
CREATE FUNCTION pmkt.nps_sfunc(state float8[], score int) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_nps_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nps_sfunc(float8[], int) IS
'transition function of pmkt.nps(score); state [tag, respondents, promoters, detractors]';
CREATE FUNCTION pmkt.nps_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_nps_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nps_combine(float8[], float8[]) IS
'combine function of pmkt.nps(score)';
CREATE FUNCTION pmkt.nps_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_nps_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nps_final(float8[]) IS
'final function of pmkt.nps(score)';
CREATE AGGREGATE pmkt.nps(score int) (
  sfunc = pmkt.nps_sfunc, stype = float8[], combinefunc = pmkt.nps_combine,
  finalfunc = pmkt.nps_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.nps(int) IS
'net promoter score in -100..100: % promoters (9-10) minus % detractors (0-6); NULL scores skipped; NULL for no scores';

-- conversion rate aggregate over one boolean per visitor
CREATE FUNCTION pmkt.conversion_sfunc(state float8[], converted boolean) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_conversion_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_sfunc(float8[], boolean) IS
'transition function of pmkt.conversion_rate(converted); state [tag, visitors, conversions]';
CREATE FUNCTION pmkt.conversion_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_conversion_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_combine(float8[], float8[]) IS
'combine function of pmkt.conversion_rate(converted)';
CREATE FUNCTION pmkt.conversion_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_conversion_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.conversion_final(float8[]) IS
'final function of pmkt.conversion_rate(converted)';
CREATE AGGREGATE pmkt.conversion_rate(converted boolean) (
  sfunc = pmkt.conversion_sfunc, stype = float8[], combinefunc = pmkt.conversion_combine,
  finalfunc = pmkt.conversion_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.conversion_rate(boolean) IS
'conversion rate as a fraction over one row per visitor: share of true; NULLs skipped; NULL for no rows';

-- channel effectiveness (SPEC 1.5)
CREATE FUNCTION pmkt.channel_effectiveness(campaigns regclass, digits int DEFAULT 4)
RETURNS TABLE (channel text, months int, investment numeric, impressions bigint, clicks bigint,
               ctr numeric, conversions bigint, conversion_rate numeric, new_customers bigint,
               sales numeric, sales_growth numeric, roi numeric, cac numeric)
AS 'MODULE_PATHNAME', 'pmkt_channel_effectiveness'
LANGUAGE C STABLE;
COMMENT ON FUNCTION pmkt.channel_effectiveness(regclass, int) IS
'per-channel table from a campaign table (channel, month, impressions, clicks, conversions, new_customers, spend, revenue): investment, ctr, conversion_rate (conversions / clicks), sales, sales_growth (later half of the months over the earlier half), roi (percent), cac. A report for reading: numeric, the rates (ctr, conversion_rate, sales_growth) rounded to digits decimals (0..15, default 4), amounts (investment, sales, cac) and roi (a percent) to 2; digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it)';
