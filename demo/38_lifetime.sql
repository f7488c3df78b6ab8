-- Demo report: predictive customer value (issue 14).  The lifetimes summary
-- of pmkt_demo.orders (unit day), BG/NBD and Gamma-Gamma fitted in the
-- database, a calibration / holdout check, and the predicted 12-month CLV
-- per RFM segment (pmkt_demo.customer_rfm from 35_segments.sql).
\echo
\echo '== Predictive customer value: BG/NBD, Gamma-Gamma, CLV per segment =='
SET client_min_messages = warning;
DROP TABLE IF EXISTS pmkt_demo.clv_summary;
CREATE TABLE pmkt_demo.clv_summary AS
SELECT * FROM pmkt.clv_summary('pmkt_demo.orders', order_col => 'order_id');

\echo 'Calibration: fit on the orders before 2024-07-01, predicted vs actual purchase days after it'
SELECT coalesce(calibration_frequency::text, 'all') AS calibration_frequency, customers,
       round(predicted_purchases::numeric, 2) AS predicted_mean,
       round(actual_purchases::numeric, 2) AS actual_mean
FROM pmkt.clv_calibration('pmkt_demo.orders', '2024-07-01', order_col => 'order_id')
WHERE calibration_frequency IS NULL OR calibration_frequency % 5 = 0;

\echo 'BG/NBD on the whole log (day unit), and the Gamma-Gamma spend model'
DROP TABLE IF EXISTS pmkt_demo.clv_models;
CREATE TABLE pmkt_demo.clv_models AS
SELECT pmkt.clv_fit('SELECT frequency, recency, t FROM pmkt_demo.clv_summary') AS purchases,
       pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM pmkt_demo.clv_summary WHERE monetary_value > 0',
                          max_iterations => 100, allow_nonconverged => true) AS spend;
SELECT (m).model, (SELECT array_agg(round(v::numeric, 4)) FROM unnest((m).params) v) AS params,
       round((m).log_likelihood::numeric, 1) AS log_likelihood, (m).n, (m).iterations, (m).converged,
       round((m).spend_correlation::numeric, 3) AS spend_correlation
FROM pmkt_demo.clv_models, LATERAL (VALUES (purchases), (spend)) v(m);

\echo 'A Gamma-Gamma fit that does not converge (q and v running to infinity) means no spend heterogeneity'
\echo 'beyond the frequency-spend correlation it cannot model: its predictions fall back to the population mean.'
\echo 'Predicted 12-month CLV (1 % a month) per RFM segment'
SELECT r.segment, count(*) AS customers,
       round(avg(pmkt.clv_p_alive(m.purchases, s.frequency, s.recency, s.t))::numeric, 3) AS avg_p_alive,
       round(avg(pmkt.clv_expected_purchases(m.purchases, 90, s.frequency, s.recency, s.t))::numeric, 2) AS purchases_next_90d,
       round(avg(pmkt.clv_value(m.purchases, m.spend, s.frequency, s.recency, s.t, s.monetary_value))::numeric, 2) AS avg_clv,
       round(sum(pmkt.clv_value(m.purchases, m.spend, s.frequency, s.recency, s.t, s.monetary_value))::numeric, 0) AS total_clv
FROM pmkt_demo.clv_summary s
JOIN pmkt_demo.customer_rfm r USING (customer_id)
CROSS JOIN pmkt_demo.clv_models m
GROUP BY r.segment ORDER BY avg_clv DESC;
