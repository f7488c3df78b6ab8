-- new in 1.1
-- ---------------------------------------------------------------------------
-- lifetime: predictive customer lifetime value ("buy till you die"):
-- per-customer summaries of a transaction log in the conventions of the
-- Python lifetimes library, BG/NBD, MBG/NBD and Gamma-Gamma fitted by
-- maximum likelihood, and their predictions as row functions (issue 14)
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.clv_period(t timestamptz, unit text DEFAULT 'day')
RETURNS bigint
AS 'MODULE_PATHNAME', 'pmkt_clv_period'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_period(timestamptz, text) IS
'The purchase period of t in UTC as an integer: unit ''day'' = days since 1970-01-01, ''week'' = weeks (starting on Monday) since the week of 1970-01-01, ''month'' = months since 1970-01; consecutive periods differ by 1, so differences are recency and T in that unit';

CREATE TYPE pmkt.clv_summary AS (
    customer_id    bigint,
    frequency      bigint,
    recency        float8,
    t              float8,
    monetary_value float8
);
COMMENT ON TYPE pmkt.clv_summary IS
'One customer in the conventions of lifetimes'' summary_data_from_transaction_data: frequency = purchase periods - 1 (repeat periods), recency = last - first purchase period, t = observation end - first purchase period (both in the unit), monetary_value = mean amount of the repeat periods (0 without repeat)';

CREATE FUNCTION pmkt.clv_summary(
    orders          regclass,
    customer_col    text        DEFAULT 'customer_id',
    time_col        text        DEFAULT 'ordered_at',
    amount_col      text        DEFAULT 'amount',
    order_col       text        DEFAULT NULL,
    unit            text        DEFAULT 'day',
    observation_end timestamptz DEFAULT NULL)
RETURNS SETOF pmkt.clv_summary
AS 'MODULE_PATHNAME', 'pmkt_clv_summary'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.clv_summary(regclass, text, text, text, text, text, timestamptz) IS
'Per-customer frequency, recency, t and monetary_value of an orders table in lifetimes'' conventions. Order times are cut to periods of unit (''day'', ''week'' from Monday, ''month''; in UTC, a timestamp or date column read as UTC) by pmkt.clv_period; several orders in one period count as one purchase whose amount is their sum. With order_col the rows are order lines: the lines of one (customer, order id) are one order (earliest line time, summed amount), so line items never inflate frequency. observation_end (NULL: the latest order) fixes t; an order after it raises 22023, as do negative or non-finite amounts and infinite times. Rows with a NULL customer, time, amount (or order id) are skipped. The customers are held in memory (48 bytes each) within pmkt.max_train_memory (53200 beyond it)';

CREATE FUNCTION pmkt.clv_summary_query(
    query           text,
    unit            text        DEFAULT 'day',
    observation_end timestamptz DEFAULT NULL,
    with_order_id   boolean     DEFAULT false)
RETURNS SETOF pmkt.clv_summary
AS 'MODULE_PATHNAME', 'pmkt_clv_summary_query'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.clv_summary_query(text, text, timestamptz, boolean) IS
'pmkt.clv_summary over a query whose first columns are the customer id (an integer type), the order time (timestamptz, timestamp or date), the amount (a number) and, with with_order_id, the order id of order lines; 42804 listing the columns received otherwise';

CREATE TYPE pmkt.clv_rft AS (
    frequency      bigint,
    recency        float8,
    t              float8,
    monetary_value float8
);
COMMENT ON TYPE pmkt.clv_rft IS
'One customer''s summary from pmkt.clv_summary_agg: frequency (repeat periods), recency, t, monetary_value (mean repeat-period amount), as in pmkt.clv_summary';

CREATE FUNCTION pmkt.clv_summary_sfunc(state float8[], period bigint, amount float8, end_period bigint)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_clv_summary_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_summary_sfunc(float8[], bigint, float8, bigint) IS
'Transition function of pmkt.clv_summary_agg; state [tag, periods, first period, its amount, last period, repeat amount, end period]';

CREATE FUNCTION pmkt.clv_summary_combine(a float8[], b float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_clv_summary_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_summary_combine(float8[], float8[]) IS
'Combine function of pmkt.clv_summary_agg (parallel query, Citus): merges two customers'' partial states';

CREATE FUNCTION pmkt.clv_summary_final(state float8[])
RETURNS pmkt.clv_rft
AS 'MODULE_PATHNAME', 'pmkt_clv_summary_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_summary_final(float8[]) IS
'Final function of pmkt.clv_summary_agg: frequency, recency, t, monetary_value';

CREATE AGGREGATE pmkt.clv_summary_agg(period bigint, amount float8, end_period bigint) (
    SFUNC = pmkt.clv_summary_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.clv_summary_combine,
    FINALFUNC = pmkt.clv_summary_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.clv_summary_agg(bigint, float8, bigint) IS
'One customer''s lifetimes summary from rows that are ONE PER CUSTOMER AND PERIOD: GROUP BY customer_id, pmkt.clv_period(ordered_at, unit) with sum(amount) first, then pmkt.clv_summary_agg(period, amount, end_period) GROUP BY customer_id, end_period = pmkt.clv_period(observation end, unit), the same in every row. Gives pmkt.clv_summary''s figures; combinable (parallel, Citus) with a float8[] state of 7 numbers. A repeated first or last period raises 22023; a repeat of another period cannot be detected: group by period first. NULL rows are skipped; a negative or non-finite amount or a period after end_period raises 22023';

CREATE TYPE pmkt.clv_model AS (
    model              text,
    unit               text,
    params             float8[],
    std_errors         float8[],
    log_likelihood     float8,
    n                  bigint,
    iterations         int,
    converged          boolean,
    penalizer          float8,
    spend_correlation  float8
);
COMMENT ON TYPE pmkt.clv_model IS
'A fitted buy-till-you-die model: model (''bgnbd'': params r, alpha, a, b; ''mbgnbd'': r, alpha, a, b; ''pareto_nbd'': r, alpha, s, beta; ''gamma_gamma'': p, q, v), unit of the summary it was fitted on (purchase models), params, std_errors (observed information, delta method; NULL when the information is not positive definite), log_likelihood (sum over the customers, penalty excluded), n customers used, BFGS iterations, converged, penalizer, and for gamma_gamma the Pearson correlation of frequency and monetary_value over the repeat customers (the model assumes them independent: near 0 is good). Save it with pmkt.save_model(name, model, value); the prediction functions validate every field they use';

CREATE FUNCTION pmkt.clv_fit(
    query              text,
    model              text    DEFAULT 'bgnbd',
    unit               text    DEFAULT 'day',
    penalizer          float8  DEFAULT 0,
    max_iterations     int     DEFAULT 500,
    tolerance          float8  DEFAULT 1e-6,
    allow_nonconverged boolean DEFAULT false)
RETURNS pmkt.clv_model
AS 'MODULE_PATHNAME', 'pmkt_clv_fit'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.clv_fit(text, text, text, float8, int, float8, boolean) IS
'Fits the purchase model ''bgnbd'' (Fader, Hardie and Lee 2005), ''mbgnbd'' (Batislam et al. 2007) or ''pareto_nbd'' (Schmittlein et al. 1987; likelihood of Fader, Hardie and Lee''s 2005 note, its Gauss hypergeometric function summed as a series with analytic derivatives) by maximum likelihood to a query returning frequency, recency, t (e.g. SELECT frequency, recency, t FROM pmkt.clv_summary(''orders'')) in unit: lifetimes'' objective -mean log-likelihood + penalizer * sum(params^2), BFGS on the log-parameters with analytic gradients and Newton polishing, until every gradient component is below tolerance. Rows with a NULL are skipped; frequency must be a whole number, 0 <= recency <= t, recency > 0 when frequency > 0 and 0 when frequency is 0 (22023 naming the row); the rows are held in memory within pmkt.max_train_memory (53200 beyond it). Not converged after max_iterations (or, for pareto_nbd, stopped where max(alpha, beta) / min(alpha, beta) makes the series too long, a maximum at infinity): 22000 with the last parameters, unless allow_nonconverged';

CREATE FUNCTION pmkt.clv_fit_spend(
    query              text,
    model              text    DEFAULT 'gamma_gamma',
    penalizer          float8  DEFAULT 0,
    max_iterations     int     DEFAULT 500,
    tolerance          float8  DEFAULT 1e-6,
    allow_nonconverged boolean DEFAULT false)
RETURNS pmkt.clv_model
AS 'MODULE_PATHNAME', 'pmkt_clv_fit_spend'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.clv_fit_spend(text, text, float8, int, float8, boolean) IS
'Fits the Gamma-Gamma spend model (Fader, Hardie and Lee 2005 note) by maximum likelihood to a query returning frequency, monetary_value: only the repeat customers (frequency > 0) enter, each must have monetary_value > 0; none raises 22023. Reports spend_correlation, the correlation of frequency and monetary_value the model assumes to be 0. Same optimiser, penalizer and convergence rules as pmkt.clv_fit';

CREATE FUNCTION pmkt.clv_expected_purchases(model pmkt.clv_model, periods float8,
                                            frequency float8, recency float8, age float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_expected_purchases'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_expected_purchases(pmkt.clv_model, float8, float8, float8, float8) IS
'Expected number of purchases (purchase periods) of a customer with this frequency, recency and age (lifetimes'' T) in the next periods units of the model, given the purchase model (lifetimes'' conditional_expected_number_of_purchases_up_to_time)';

CREATE FUNCTION pmkt.clv_p_alive(model pmkt.clv_model, frequency float8, recency float8, age float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_p_alive'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_p_alive(pmkt.clv_model, float8, float8, float8) IS
'Probability that the customer is still active at the end of the observation, given the purchase model (lifetimes'' conditional_probability_alive)';

CREATE FUNCTION pmkt.clv_expected_spend(spend_model pmkt.clv_model, frequency float8, monetary_value float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_expected_spend'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_expected_spend(pmkt.clv_model, float8, float8) IS
'Expected spend per purchase of a customer given the Gamma-Gamma model (lifetimes'' conditional_expected_average_profit): the population mean v p / (q - 1) shrunk towards the customer''s monetary_value with weight p x / (p x + q - 1); q <= 1 raises 22023';

CREATE FUNCTION pmkt.clv_value(model pmkt.clv_model, spend_model pmkt.clv_model,
                               frequency float8, recency float8, age float8, monetary_value float8,
                               months int DEFAULT 12, discount_rate float8 DEFAULT 0.01)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_value(pmkt.clv_model, pmkt.clv_model, float8, float8, float8, float8, int, float8) IS
'Discounted customer lifetime value over the next months as lifetimes'' customer_lifetime_value: sum over months i of expected spend * (expected purchases by month i - by month i-1) / (1 + discount_rate)^i, a month being 30 days, 4.345 weeks or 1 month in the model''s unit';
