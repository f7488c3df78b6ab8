-- new in 1.1
-- ---------------------------------------------------------------------------
-- lifetime: calibration / holdout validation of a purchase model (issue 14,
-- item 3): fit on the orders up to a date, predict the purchases after it
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.clv_calibration_row AS (
    calibration_frequency bigint,
    customers             bigint,
    predicted_purchases   numeric,
    actual_purchases      numeric,
    predicted_total       numeric,
    actual_total          numeric
);
COMMENT ON TYPE pmkt.clv_calibration_row IS
'One row of pmkt.clv_calibration: the customers with this calibration frequency (NULL: all customers), the mean predicted and the mean actual number of purchase periods in the holdout per customer, and their totals (numeric, rounded to pmkt.clv_calibration''s digits)';

CREATE FUNCTION pmkt.clv_calibration(
    orders          regclass,
    calibration_end timestamptz,
    observation_end timestamptz DEFAULT NULL,
    model           text        DEFAULT 'bgnbd',
    unit            text        DEFAULT 'day',
    customer_col    text        DEFAULT 'customer_id',
    time_col        text        DEFAULT 'ordered_at',
    amount_col      text        DEFAULT 'amount',
    order_col       text        DEFAULT NULL,
    penalizer       float8      DEFAULT 0,
    digits          int         DEFAULT 4)
RETURNS SETOF pmkt.clv_calibration_row
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
-- float8 to text is then the shortest exact decimal (digits NULL: unrounded)
SET extra_float_digits = 1
AS $fn$
DECLARE
    v_type   regtype;
    v_t      text;
    v_src    text;
    v_end    timestamptz := observation_end;
    v_tab    text := 'pmkt_clv_calibration_' || pg_catalog.pg_backend_pid();
    v_model  pmkt.clv_model;
    v_dur    bigint;
BEGIN
    IF orders IS NULL OR calibration_end IS NULL THEN
        RAISE EXCEPTION 'arguments "orders" and "calibration_end" must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF digits < 0 OR digits > 15 THEN
        RAISE EXCEPTION 'argument "digits" must be between 0 and 15'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Got %s.', digits),
                  HINT = 'Pass the number of decimals to show, or NULL for the unrounded values.';
    END IF;
    IF NOT pg_catalog.isfinite(calibration_end) THEN
        RAISE EXCEPTION 'argument "calibration_end" must be a finite timestamp'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the date that splits the orders into calibration and holdout, e.g. ''2024-07-01''.';
    END IF;
    IF customer_col IS NULL OR time_col IS NULL OR amount_col IS NULL OR unit IS NULL
       OR model IS NULL OR penalizer IS NULL THEN
        RAISE EXCEPTION 'only observation_end and order_col may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT a.atttypid::regtype INTO v_type FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = orders AND a.attname = time_col AND a.attnum > 0 AND NOT a.attisdropped;
    IF v_type IS NULL THEN
        RAISE EXCEPTION 'argument "time_col": column "%" does not exist in %', time_col, orders
            USING ERRCODE = 'undefined_column';
    END IF;
    -- the order time as timestamptz, a timestamp or date read as UTC (as pmkt.clv_summary)
    v_t := CASE WHEN v_type = 'timestamp with time zone'::regtype THEN pg_catalog.quote_ident(time_col)
                ELSE pg_catalog.format('pg_catalog.timezone(''UTC'', %I::pg_catalog.timestamp)', time_col) END;
    IF v_end IS NULL THEN
        EXECUTE pg_catalog.format('SELECT pg_catalog.max(%s) FROM %s', v_t, orders) INTO v_end;
    END IF;
    IF v_end IS NULL OR NOT pg_catalog.isfinite(v_end) OR v_end <= calibration_end THEN
        RAISE EXCEPTION 'the holdout period is empty'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('calibration_end is %s, observation_end is %s.', calibration_end,
                                             coalesce(v_end::text, 'NULL (no order)')),
                  HINT = 'Pass a calibration_end before the last order (or before observation_end).';
    END IF;
    v_src := pg_catalog.format('SELECT %I, %s, %I%s FROM %s WHERE %s OPERATOR(pg_catalog.<=) %L::pg_catalog.timestamptz',
                               customer_col, v_t, amount_col,
                               CASE WHEN order_col IS NULL THEN '' ELSE ', ' || pg_catalog.quote_ident(order_col) END,
                               orders, v_t, calibration_end);
    IF pg_catalog.to_regclass('pg_temp.' || pg_catalog.quote_ident(v_tab)) IS NOT NULL THEN
        EXECUTE pg_catalog.format('DROP TABLE pg_temp.%I', v_tab);
    END IF;
    EXECUTE pg_catalog.format('CREATE TEMP TABLE %I AS SELECT * FROM pmkt.clv_summary_query($1, $2, $3, $4)', v_tab)
        USING v_src, unit, calibration_end, order_col IS NOT NULL;
    v_model := pmkt.clv_fit(pg_catalog.format('SELECT frequency, recency, t FROM pg_temp.%I', v_tab), model,
                            unit => unit, penalizer => penalizer);
    v_dur := pmkt.clv_period(v_end, unit) - pmkt.clv_period(calibration_end, unit);
    RETURN QUERY EXECUTE pg_catalog.format($q$
        WITH h AS (
            SELECT c, pg_catalog.count(DISTINCT pmkt.clv_period(t, %L)) AS n
            FROM (%s) o
            WHERE c IS NOT NULL AND t OPERATOR(pg_catalog.>) %L::pg_catalog.timestamptz
              AND t OPERATOR(pg_catalog.<=) %L::pg_catalog.timestamptz
            GROUP BY c),
        j AS (
            SELECT s.frequency,
                   pmkt.clv_expected_purchases($1, $2::pg_catalog.float8, s.frequency::pg_catalog.float8, s.recency, s.t) AS pred,
                   coalesce(h.n, 0)::pg_catalog.float8 AS act
            FROM pg_temp.%I s LEFT JOIN h ON h.c OPERATOR(pg_catalog.=) s.customer_id)
        SELECT r.f, r.n,
               CASE WHEN $3 IS NULL THEN r.pm::pg_catalog.text::pg_catalog.numeric
                    ELSE pg_catalog.round(r.pm::pg_catalog.text::pg_catalog.numeric, $3) END,
               CASE WHEN $3 IS NULL THEN r.am::pg_catalog.text::pg_catalog.numeric
                    ELSE pg_catalog.round(r.am::pg_catalog.text::pg_catalog.numeric, $3) END,
               CASE WHEN $3 IS NULL THEN r.ptot::pg_catalog.text::pg_catalog.numeric
                    ELSE pg_catalog.round(r.ptot::pg_catalog.text::pg_catalog.numeric, $3) END,
               CASE WHEN $3 IS NULL THEN r.atot::pg_catalog.text::pg_catalog.numeric
                    ELSE pg_catalog.round(r.atot::pg_catalog.text::pg_catalog.numeric, $3) END
        FROM (
            SELECT frequency::pg_catalog.int8 AS f, pg_catalog.count(*) AS n, pg_catalog.avg(pred) AS pm,
                   pg_catalog.avg(act) AS am, pg_catalog.sum(pred) AS ptot, pg_catalog.sum(act) AS atot
            FROM j GROUP BY frequency
            UNION ALL
            SELECT NULL::pg_catalog.int8, pg_catalog.count(*), pg_catalog.avg(pred), pg_catalog.avg(act),
                   pg_catalog.sum(pred), pg_catalog.sum(act) FROM j) r
        ORDER BY 1 NULLS LAST$q$,
        unit,
        -- the holdout's orders; order lines make one order at their earliest line
        CASE WHEN order_col IS NULL
             THEN pg_catalog.format('SELECT %I AS c, %s AS t FROM %s', customer_col, v_t, orders)
             ELSE pg_catalog.format('SELECT c, pg_catalog.min(t) AS t FROM (SELECT %I AS c, %s AS t, %I AS o FROM %s) l '
                                    'WHERE o IS NOT NULL AND t IS NOT NULL GROUP BY c, o',
                                    customer_col, v_t, order_col, orders) END,
        calibration_end, v_end, v_tab)
    USING v_model, v_dur, digits;
    EXECUTE pg_catalog.format('DROP TABLE pg_temp.%I', v_tab);
END
$fn$;
COMMENT ON FUNCTION pmkt.clv_calibration(regclass, timestamptz, timestamptz, text, text, text, text, text, text, float8, int) IS
'Calibration / holdout check of a purchase model (lifetimes'' calibration_and_holdout_data and plot_calibration_purchases_vs_holdout_purchases): summarises the orders up to calibration_end (pmkt.clv_summary, same columns, order_col and unit), fits model (''bgnbd'', ''mbgnbd'' or ''pareto_nbd'', penalizer) on it, predicts each customer''s purchases over the holdout (calibration_end, observation_end] (NULL: the latest order; later orders are ignored) in whole periods, and counts the purchase periods each actually had there. One row per calibration frequency with the mean predicted and actual purchases per customer (the standard plot''s data) and their totals, then the overall row (calibration_frequency NULL). Customers whose first order is in the holdout are not counted. A report for reading: the means and totals numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (each the exact float8 value as the shortest numeric that reads back as it)';
