-- pmkt.experiment_power: minimum detectable effect and power of a planned
-- two-arm test (issue 15).  Expected values: statsmodels NormalIndPower
-- (ratio 1, two-sided) power function and proportion_effectsize, solved to
-- 1e-15 with scipy brentq, from test/experiment/nonparam_ref.py (rounded to
-- 8 digits).  NormalIndPower.solve_power itself stops early: its d for
-- n 1000 is 0.1252903453, whose power is 0.7999987 (checked below).
--   n 1000, sd 20, mean 50, alpha 0.05, power 0.8: d = 0.1252905464,
--     mde = 2.5058109281, relative 0.0501162186
--     (TTestIndPower d = 0.1253508084: the t version differs by 5e-4 relative)
--   n 250, alpha 0.01, power 0.9: d = 0.3450146335, mde = 6.9002926701, rel 0.1380058534
--   n 10, sd 1.5, mean 3: d = 1.2529054641, mde = 1.8793581961, rel 0.6264527320
--     (TTestIndPower d = 1.3249473683: at 10 units the normal approximation is optimistic)
--   rate 0.10, n 5000: h = 0.0560316357, mde = 0.0174284410, rel 0.1742844099
--   rate 0.03, n 20000: h = 0.0280158179, mde = 0.0049629515, rel 0.1654317173
--   power for lift 2 (sd 20, n 1000): 0.6087794846
--   power for lift +0.01 on a 0.10 rate, n 5000: 0.3714335421; -0.01: 0.3998038942
--   rate 0.9, n 2: h = 2.8015817870 > 2 (pi/2 - asin sqrt 0.9) = 0.6435
SELECT round(effect_size::numeric, 8) AS d, round(mde::numeric, 8) AS mde,
       round(relative_mde::numeric, 8) AS rel, round(power_at_lift::numeric, 8) AS power_at_lift
FROM pmkt.experiment_power(1000, 50, 20, lift => 2);
SELECT round(effect_size::numeric, 8) AS d, round(mde::numeric, 8) AS mde, round(relative_mde::numeric, 8) AS rel
FROM pmkt.experiment_power(250, 50, 20, alpha => 0.01, power => 0.9);
SELECT round(effect_size::numeric, 8) AS d, round(mde::numeric, 8) AS mde, round(relative_mde::numeric, 8) AS rel
FROM pmkt.experiment_power(10, 3, 1.5);
-- rates (baseline_sd NULL): Cohen's h
SELECT round(effect_size::numeric, 8) AS h, round(mde::numeric, 8) AS mde,
       round(relative_mde::numeric, 8) AS rel, round(power_at_lift::numeric, 8) AS power_at_lift
FROM pmkt.experiment_power(5000, 0.10, lift => 0.01);
SELECT round(power_at_lift::numeric, 8) AS power_at_lift FROM pmkt.experiment_power(5000, 0.10, lift => -0.01);
SELECT round(effect_size::numeric, 8) AS h, round(mde::numeric, 8) AS mde, round(relative_mde::numeric, 8) AS rel
FROM pmkt.experiment_power(20000, 0.03);
-- a planned duration: 400 units a day for 25 days, split in two arms = n 5000
SELECT round(mde::numeric, 8) AS mde FROM pmkt.experiment_power(400 * 25 / 2, 0.10);
-- no rate up to 1 is detectable: NULL mde
SELECT round(effect_size::numeric, 8) AS h, mde, relative_mde FROM pmkt.experiment_power(2, 0.9);
-- the power at the MDE is the power asked for; a zero lift has power alpha
SELECT round(power_at_lift::numeric, 9) AS power_at_mde
FROM pmkt.experiment_power(1000, 50, 20, lift => 2.5058109281);
-- (statsmodels solve_power's answer has power 0.7999987)
SELECT round(power_at_lift::numeric, 7) AS power_at_solve_power
FROM pmkt.experiment_power(1000, 50, 20, lift => 0.1252903453 * 20);
SELECT round(power_at_lift::numeric, 10) AS power_at_zero FROM pmkt.experiment_power(1000, 50, 20, lift => 0);
-- a baseline mean of 0: no relative MDE
SELECT relative_mde IS NULL AS rel_null FROM pmkt.experiment_power(1000, 0, 20);
-- NULL n, mean, alpha or power: NULL row
SELECT * FROM pmkt.experiment_power(NULL, 0.1);
SELECT * FROM pmkt.experiment_power(100, 0.1, alpha => NULL);
\set VERBOSITY sqlstate
SELECT * FROM pmkt.experiment_power(1, 0.1);
SELECT * FROM pmkt.experiment_power('Infinity', 0.1);
SELECT * FROM pmkt.experiment_power(100, 'NaN', 1);
SELECT * FROM pmkt.experiment_power(100, 1.5);
SELECT * FROM pmkt.experiment_power(100, 0);
SELECT * FROM pmkt.experiment_power(100, 50, 0);
SELECT * FROM pmkt.experiment_power(100, 50, -1);
SELECT * FROM pmkt.experiment_power(100, 50, 10, alpha => 1);
SELECT * FROM pmkt.experiment_power(100, 50, 10, power => 0.01);
SELECT * FROM pmkt.experiment_power(100, 50, 10, power => 1);
SELECT * FROM pmkt.experiment_power(100, 0.1, lift => 0.95);
SELECT * FROM pmkt.experiment_power(100, 50, 10, lift => 'Infinity');
SELECT * FROM pmkt.experiment_power(100, 50, 1e-300, lift => 1e300);
SELECT * FROM pmkt.experiment_power(100, 1e-300, 1e300);
\set VERBOSITY default
SELECT * FROM pmkt.experiment_power(100, 1.5);
