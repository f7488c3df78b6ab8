
-- ---------------------------------------------------------------------------
-- rfm: recency / frequency / monetary scores, the three segments of study A
-- (frequent, occasional, new) and the editable segment-to-strategy map
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.rfm_customer AS (
    customer_id     bigint,
    first_order_at  timestamptz,
    last_order_at   timestamptz,
    tenure_days     float8,
    recency_days    float8,
    frequency       bigint,
    monetary        float8,
    r_score         int,
    f_score         int,
    m_score         int,
    rfm_cell        text,
    segment         text
);
COMMENT ON TYPE pmkt.rfm_customer IS
'One customer''s RFM profile: first and last order, tenure_days and recency_days (days before as_of, fractional), frequency (orders), monetary (total or average amount), 1..bins scores (bins = best), rfm_cell (e.g. ''545'') and segment (frequent, occasional or new)';

CREATE FUNCTION pmkt.rfm(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.rfm_customer
AS 'MODULE_PATHNAME', 'pmkt_rfm'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'RFM profile of every customer of an orders table. Rows are orders, or with order_col given order lines: the lines of one (customer, order id) make one order whose time is its earliest line and whose amount is the sum of its lines, so frequency counts distinct orders (without order_col every row counts as an order). Recency measured from as_of (NULL: the latest order; lines after as_of are ignored), frequency = orders, monetary = ''total'' or ''average'' order amount; 1..bins scores as ntile(bins) worst-first (ties ''shared'': equal values share the score, ''first'': plain ntile broken by customer id); segment: new when the first order is less than new_days before as_of, else frequent when the frequency is above the natural break of ln(frequency) among the other customers (exact two-group split, least within-group sum of squares) or, with frequent_min_score given, when f_score >= frequent_min_score, else occasional. method => ''kmeans'': instead, 3-means (k-means++ seeded by seed, best of 10) on the z-scores of ln(1 + tenure_days), recency_days, ln(frequency), ln(1 + monetary), clusters named by what the segments mean: in the cluster with the least mean tenure, the customers whose first order is less than new_days before as_of are new and the others occasional (a customer whose first order is older is never new), of the other two clusters the one with the higher mean ln(frequency) is frequent, the other occasional. The customer column must be an integer type, the time timestamptz, timestamp or date, the amount a number (42804 otherwise). Rows with a NULL customer, time, amount or order id are skipped';

CREATE FUNCTION pmkt.rfm_query(
    query              text,
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.rfm_customer
AS 'MODULE_PATHNAME', 'pmkt_rfm_query'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm_query(text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'pmkt.rfm over a query whose first three columns are, in this order, the customer id (an integer or numeric type), the order time (timestamptz, timestamp or date) and the amount (an integer, real or numeric type), one row per order, or with order_col given one row per order line, order_col naming the query''s order id column (after the first three; lines are combined per (customer, order id) as in pmkt.rfm); other types, or a column named customer_id, ordered_at, amount or order_id at another of these positions, raise 42804 listing the columns received, an order_col the query does not return 42703; same options and result';

CREATE TABLE pmkt.segment_strategy (
    segment                  text PRIMARY KEY,
    strategy                 text NOT NULL,
    objective                text,
    expected_effect          text,
    expected_sales_growth    float8,
    expected_customer_growth float8,
    expected_roi             float8,
    is_default               boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE pmkt.segment_strategy IS
'Editable map from customer segment to marketing strategy with planning figures (fractions: 0.15 = 15 %). Seeded with study A''s three rows (is_default = true); an edited or added row is the user''s (is_default = false) and survives pg_dump/restore';
COMMENT ON COLUMN pmkt.segment_strategy.segment IS 'segment name as produced by pmkt.rfm (frequent, occasional, new) or any user-defined segment';
COMMENT ON COLUMN pmkt.segment_strategy.strategy IS 'the action taken for the segment';
COMMENT ON COLUMN pmkt.segment_strategy.objective IS 'what the strategy aims at (loyalty, purchase frequency, conversion)';
COMMENT ON COLUMN pmkt.segment_strategy.expected_effect IS 'the expected effect in words';
COMMENT ON COLUMN pmkt.segment_strategy.expected_sales_growth IS 'planning input: expected sales growth as a fraction (0.15 = 15 %)';
COMMENT ON COLUMN pmkt.segment_strategy.expected_customer_growth IS 'planning input: expected growth of the segment''s active customers as a fraction';
COMMENT ON COLUMN pmkt.segment_strategy.expected_roi IS 'planning input: expected ROI as a fraction (net profit / investment)';
COMMENT ON COLUMN pmkt.segment_strategy.is_default IS 'true while the row is as shipped by pmkt; set to false by any UPDATE';

-- Study A's strategies (SPEC section 1.4).  The growth and ROI figures are
-- illustrative planning numbers, meant to be replaced by the user's own.
INSERT INTO pmkt.segment_strategy VALUES
 ('frequent',   'VIP membership discount',  'loyalty',
  'retain high-frequency buyers and raise their order value', 0.10, 0.05, 1.80, true),
 ('occasional', 'discount promotions',      'purchase frequency',
  'price-sensitive occasional buyers order more often',       0.15, 0.08, 1.20, true),
 ('new',        'first-purchase discount',  'conversion',
  'convert new customers into repeat buyers',                 0.08, 0.20, 0.90, true);

CREATE FUNCTION pmkt.segment_strategy_trigger() RETURNS trigger
AS 'MODULE_PATHNAME', 'pmkt_segment_strategy_trigger'
LANGUAGE C;
COMMENT ON FUNCTION pmkt.segment_strategy_trigger() IS
'Keeps pmkt.segment_strategy dump-safe: an UPDATE clears is_default; an INSERT of a segment whose row is still a shipped default replaces that row';

CREATE TRIGGER segment_strategy_user_rows
BEFORE INSERT OR UPDATE ON pmkt.segment_strategy
FOR EACH ROW EXECUTE FUNCTION pmkt.segment_strategy_trigger();

SELECT pg_catalog.pg_extension_config_dump('pmkt.segment_strategy', 'WHERE NOT is_default');

CREATE TYPE pmkt.customer_strategy AS (
    customer_id              bigint,
    segment                  text,
    r_score                  int,
    f_score                  int,
    m_score                  int,
    rfm_cell                 text,
    strategy                 text,
    expected_effect          text,
    expected_sales_growth    float8,
    expected_customer_growth float8,
    expected_roi             float8
);
COMMENT ON TYPE pmkt.customer_strategy IS
'A customer, its RFM segment and scores, and its segment''s row of pmkt.segment_strategy';

CREATE FUNCTION pmkt.rfm_strategy(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.customer_strategy
AS 'MODULE_PATHNAME', 'pmkt_rfm_strategy'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm_strategy(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'Each customer of an orders table (pmkt.rfm''s arguments, order_col included) with its segment and that segment''s strategy and planning figures from pmkt.segment_strategy (NULL when the segment has no row there)';
