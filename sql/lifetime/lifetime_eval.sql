-- pmkt.evaluation_lifetime and the BI views pmkt.v_customer_lifetime /
-- pmkt.v_lifetime_segments (issue 14, point 5: CLV per RFM segment in the
-- scheduled evaluation).  The step is called directly after inserting its
-- history_runs row, as pmkt.run_evaluation does.
SET client_min_messages = warning;

INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by, parameters, steps_done, steps_skipped)
VALUES ('lt_eval', '2024-02-01', '2024-03-01 02:00+00', '2024-03-01 02:01+00', current_user, '{}', '', ''),
       ('lt_eval', '2024-03-01', '2024-04-01 02:00+00', '2024-04-01 02:01+00', current_user, '{}', '', '');

-- 1. the per-segment view on hand-made rows (March): five customers, two
-- segments and one customer without a segment row
INSERT INTO pmkt.history_customer_segments (source_schema, period, customer_id, frequency, segment, run_at)
VALUES ('lt_eval', '2024-03-01', 1, 5, 'frequent', '2024-04-01 02:00+00'),
       ('lt_eval', '2024-03-01', 2, 4, 'frequent', '2024-04-01 02:00+00'),
       ('lt_eval', '2024-03-01', 3, 0, 'new', '2024-04-01 02:00+00'),
       ('lt_eval', '2024-03-01', 4, 1, 'new', '2024-04-01 02:00+00');
INSERT INTO pmkt.history_customer_lifetime (source_schema, period, customer_id, frequency, recency_days, age_days,
    monetary_value, p_alive, expected_purchases, expected_spend, clv, run_at)
VALUES ('lt_eval', '2024-03-01', 1, 5, 50, 60, 20, 0.9, 2.0, 21, 300, '2024-04-01 02:00+00'),
       ('lt_eval', '2024-03-01', 2, 4, 30, 90, 30, 0.5, 1.0, 28, 100, '2024-04-01 02:00+00'),
       ('lt_eval', '2024-03-01', 3, 0, 0, 10, 0, 1.0, 0.5, 25, 60, '2024-04-01 02:00+00'),
       ('lt_eval', '2024-03-01', 4, 1, 5, 40, 10, 0.6, 0.3, 15, 40, '2024-04-01 02:00+00'),
       ('lt_eval', '2024-03-01', 5, 0, 0, 20, 0, 0.8, 0.2, NULL, NULL, '2024-04-01 02:00+00');
-- by hand: frequent = customers 1, 2: avg P(alive) (0.9 + 0.5)/2 = 0.7, sum 1.4,
-- purchases 3.0 (mean 1.5), spend (21 + 28)/2 = 24.5, CLV mean 200, total 400;
-- new = 3, 4: 0.8, 1.6, 0.8 (0.4), 20, 50, 100; NULL = 5: 0.8, 0.8, 0.2, NULL CLV.
-- The run's CLV is 500: shares 0.8 and 0.2 (NULL segment: no CLV, no share)
SELECT segment, customers, round(avg_p_alive::numeric, 12) AS avg_p_alive,
       round(expected_active_customers::numeric, 12) AS active, round(expected_purchases::numeric, 12) AS purchases,
       round(avg_expected_purchases::numeric, 12) AS avg_purchases, avg_expected_spend, avg_clv, total_clv,
       round(clv_share::numeric, 12) AS clv_share, run_at, is_latest_period
FROM pmkt.v_lifetime_segments WHERE source_schema = 'lt_eval' AND period = '2024-03-01'
ORDER BY segment NULLS LAST;

-- 2. the step itself on February's orders (30 customers, deterministic):
-- customer c buys on day 1 and then every (c % 5 + 2) days while c % 3 <> 0
-- or the day is before day 20 (a third of them "die" early); amounts 10 + c % 7
CREATE TEMP TABLE pmkt_eval_orders AS
SELECT c AS customer_id, c * 1000 + d AS order_id,
       '2024-01-01 12:00+00'::timestamptz + (d - 1) * interval '1 day' AS ordered_at,
       (10 + c % 7 + d % 3)::numeric AS amount
FROM generate_series(1, 30) c, generate_series(1, 59) d
WHERE (d - 1) % (c % 5 + 2) = 0 AND (c % 3 <> 0 OR d < 20) AND d >= 1 + c % 4;
SELECT * FROM pmkt.evaluation_lifetime('lt_eval', '2024-02-01', '2024-03-01 02:00+00', '2024-03-01 00:00+00');
-- every customer has a row, a P(alive) in [0, 1] and a CLV
SELECT count(*) AS customers, bool_and(p_alive BETWEEN 0 AND 1) AS p_alive_ok,
       count(clv) AS with_clv, bool_and(clv >= 0) AS clv_ok
FROM pmkt.v_customer_lifetime WHERE source_schema = 'lt_eval' AND period = '2024-02-01';
-- no segments ran for February: one NULL segment row whose figures are the
-- per-customer view's sums and means, and not the latest run
SELECT v.segment, v.customers = c.n AS customers_ok, abs(v.total_clv - c.clv) < 1e-9 * c.clv AS total_ok,
       abs(v.avg_p_alive - c.pa) < 1e-12 AS p_alive_ok, abs(v.clv_share - 1) < 1e-12 AS share_ok,
       v.run_at, v.is_latest_period
FROM pmkt.v_lifetime_segments v,
     (SELECT count(*) AS n, sum(clv) AS clv, avg(p_alive) AS pa FROM pmkt.history_customer_lifetime
      WHERE source_schema = 'lt_eval' AND period = '2024-02-01') c
WHERE v.source_schema = 'lt_eval' AND v.period = '2024-02-01';

-- a missing orders table: the step is skipped with the reason
DROP TABLE pmkt_eval_orders;
SELECT * FROM pmkt.evaluation_lifetime('lt_eval', '2024-02-01', '2024-03-01 02:00+00', '2024-03-01 00:00+00');

DELETE FROM pmkt.history_runs WHERE source_schema = 'lt_eval';
SELECT count(*) AS left_rows FROM pmkt.v_lifetime_segments WHERE source_schema = 'lt_eval';
