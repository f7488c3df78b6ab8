-- Experiment monitoring: registry, pmkt.run_experiments (pg_cron), history,
-- NOTIFY on a decision or SRM, the BI view.  The figures are those of
-- sql/experiment/experiment.sql (references there); this test checks the
-- plumbing: what is recorded, when a notification is raised, isolation of
-- a failing experiment.
CREATE TABLE mon_units AS
SELECT g AS unit,
       CASE g % 3 WHEN 0 THEN 'control' WHEN 1 THEN 'a' ELSE 'b' END AS variant,
       0.8 * (10 + 5 * (((g * 2654435761) % 1000003)::float8 / 1000003) + (g % 7))
         + 3 * (((g * 40503) % 65521)::float8 / 65521) + CASE g % 3 WHEN 1 THEN 0.5 ELSE 0 END AS spend,
       10 + 5 * (((g * 2654435761) % 1000003)::float8 / 1000003) + (g % 7) AS pre,
       (1 + g % 4)::float8 AS visits
FROM generate_series(1, 600) g;
INSERT INTO pmkt.experiments (name, metric, units_query, shape, control, decide_by)
VALUES ('button', 'spend', 'SELECT variant, spend AS value, pre AS covariate FROM mon_units', 'value_covariate', 'control', 'fixed'),
       ('button', 'spend_per_visit', 'SELECT variant, spend AS numerator, visits AS denominator, NULL AS covariate FROM mon_units', 'ratio', 'control', 'sequential'),
       ('broken', 'value', 'SELECT variant, spend AS value FROM no_such_table', 'value', 'control', 'fixed'),
       ('srm', 'value', 'SELECT variant, spend AS value FROM mon_units WHERE variant <> ''b'' OR unit % 9 >= 4', 'value', 'control', 'fixed'),
       ('later', 'value', 'SELECT variant, spend AS value FROM mon_units', 'value', 'control', 'fixed');
UPDATE pmkt.experiments SET started_at = now() + interval '1 day' WHERE name = 'later';
-- (a LISTEN here would print the server PID: the notified column records each NOTIFY)
CALL pmkt.run_experiments();
SELECT name, metric, report_metric, variant, n_variant, n_control, round(lift::numeric, 6) AS lift,
       round(p_value::numeric, 6) AS p, round(seq_p_value::numeric, 6) AS seq_p, srm, decision, notified
FROM pmkt.experiment_history ORDER BY name, metric, variant, report_metric;
-- a second run: the same decisions raise no new notification
CALL pmkt.run_experiments();
SELECT count(*) AS rows, count(*) FILTER (WHERE notified) AS notified,
       count(DISTINCT computed_at) AS runs FROM pmkt.experiment_history;
-- the BI view: the latest run only
SELECT name, metric, report_metric, variant, decision FROM pmkt.experiment_latest ORDER BY 1, 2, 3, 4;
SELECT count(*) AS uncommented FROM pg_attribute a
WHERE a.attrelid IN ('pmkt.experiment_latest'::regclass, 'pmkt.experiment_history'::regclass, 'pmkt.experiments'::regclass)
  AND a.attnum > 0 AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NULL;
-- ended experiments are no longer reported
UPDATE pmkt.experiments SET ended_at = now() WHERE name IN ('broken', 'srm');
CALL pmkt.run_experiments();
SELECT name, count(DISTINCT computed_at) AS runs FROM pmkt.experiment_history GROUP BY 1 ORDER BY 1;
-- bad input
CALL pmkt.run_experiments('');
\set VERBOSITY terse
INSERT INTO pmkt.experiments (name, units_query, shape, control) VALUES ('x', 'SELECT 1', 'table', 'c');
\set VERBOSITY default
DELETE FROM pmkt.experiments;
SELECT count(*) AS history_left FROM pmkt.experiment_history;
