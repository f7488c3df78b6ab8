-- registry: pmkt.model_registry, save_model / latest_model / list_models,
-- version numbering per name, dump configuration and privileges.
SET client_min_messages = warning;

-- save two versions of one model and one of another; any type is stored in
-- its text form with its type name, so it can be cast back.
SELECT pmkt.save_model('churn_weights', 'entropy', ARRAY[0.25, 0.5, 0.25]::float8[],
                       '{"columns": ["r", "f", "m"]}', 'SELECT r, f, m FROM rfm',
                       '{"n": 1200}') AS version;
SELECT pmkt.save_model('churn_weights', 'entropy', ARRAY[0.2, 0.3, 0.5]::float8[],
                       metrics => '{"n": 1500}') AS version;
SELECT pmkt.save_model('sales_coefficients', 'ols',
                       '{"ad_spend": 0.75, "price": -0.35}'::jsonb) AS version;
-- a plain text literal is saved as text; a text form of another type
-- names its type
SELECT pmkt.save_model('note_model', 'custom', 'any text form') AS version;
SELECT pmkt.save_model('point_model', 'custom', '(1,2)', model_type => 'point') AS version;
SELECT (pmkt.latest_model('point_model')).model::point <-> point '(4,6)' AS distance;

SELECT name, kind, version, parameters, training_query, metrics, model_type, model,
       created_by = current_user AS by_me, created_at <= now() AS saved_before_now
FROM pmkt.model_registry ORDER BY id;

-- the latest version, a given version, and the model cast back to its type
SELECT (r).version, (r).model, (r).model::float8[] AS weights,
       ((r).model::float8[])[3] AS third
FROM (SELECT pmkt.latest_model('churn_weights') AS r) q;
SELECT version, model, metrics FROM pmkt.latest_model('churn_weights', 1);
SELECT (pmkt.latest_model('sales_coefficients')).model::jsonb -> 'ad_spend' AS ad_spend;

SELECT name, kind, latest_version, versions, model_type, metrics,
       first_saved_at <= last_saved_at AS ordered, last_saved_by = current_user AS by_me
FROM pmkt.list_models();

-- a direct INSERT gets the next version too; an explicit version is kept
-- (a restore from a dump keeps the saved numbers)
INSERT INTO pmkt.model_registry (name, kind, model_type, model)
VALUES ('churn_weights', 'entropy', 'double precision[]', '{0.1,0.1,0.8}');
INSERT INTO pmkt.model_registry (name, kind, version, model_type, model)
VALUES ('imported', 'ols', 7, 'text', 'x');
SELECT name, version FROM pmkt.model_registry ORDER BY id;
-- the same version twice is refused
INSERT INTO pmkt.model_registry (name, kind, version, model_type, model)
VALUES ('imported', 'ols', 7, 'text', 'y');

-- bad arguments
SELECT pmkt.save_model(NULL, 'ols', 1.0::float8);
SELECT pmkt.save_model('  ', 'ols', 1.0::float8);
SELECT pmkt.save_model('m', 'OLS model', 1.0::float8);
SELECT pmkt.save_model('m', 'ols', NULL::float8);
SELECT pmkt.save_model('m', 'ols', 1.0::float8, parameters => '[1, 2]');
SELECT pmkt.save_model('m', 'ols', 1.0::float8, metrics => NULL);
SELECT pmkt.save_model('m', 'ols', '1', model_type => 'no_such_type');
SELECT pmkt.latest_model('no_such_model');
SELECT pmkt.latest_model('churn_weights', 9);
SELECT pmkt.latest_model(NULL);
\set VERBOSITY sqlstate
SELECT pmkt.save_model(NULL, 'ols', 1.0::float8);
SELECT pmkt.save_model('m', 'OLS model', 1.0::float8);
SELECT pmkt.latest_model('no_such_model');
INSERT INTO pmkt.model_registry (name, kind, version, model_type, model)
VALUES ('imported', 'ols', 7, 'text', 'y');
\set VERBOSITY default

-- pg_dump keeps the registry's rows: it is a configuration table of the
-- extension, with its id sequence
SELECT c.relname
FROM pg_extension e, unnest(e.extconfig) AS t(oid)
JOIN pg_class c ON c.oid = t.oid
WHERE e.extname = 'pmkt' AND c.relname LIKE 'model_registry%'
ORDER BY 1;

-- Privileges.  The extension grants nothing on the registry: PUBLIC has no
-- privilege on the table or its sequence, and only the owner (the role
-- that ran CREATE EXTENSION) may read or write it.
SELECT c.relname,
       NOT EXISTS (SELECT 1 FROM aclexplode(coalesce(c.relacl, acldefault(
                                   CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) a
                   WHERE a.grantee <> c.relowner) AS owner_only
FROM pg_class c WHERE c.relnamespace = 'pmkt'::regnamespace
  AND c.relname IN ('model_registry', 'model_registry_id_seq') ORDER BY 1;
SELECT has_table_privilege('public', 'pmkt.model_registry', 'SELECT') AS public_select,
       has_schema_privilege('public', 'pmkt', 'USAGE') AS public_usage;

CREATE ROLE regress_pmkt_reader;
CREATE ROLE regress_pmkt_analyst;
SET ROLE regress_pmkt_reader;
SELECT count(*) FROM pmkt.model_registry;
SELECT pmkt.list_models();
RESET ROLE;

-- the documented grants: readers (BI tools) may read, analysts may also save
GRANT USAGE ON SCHEMA pmkt TO regress_pmkt_reader, regress_pmkt_analyst;
GRANT SELECT ON pmkt.model_registry TO regress_pmkt_reader, regress_pmkt_analyst;
GRANT INSERT ON pmkt.model_registry TO regress_pmkt_analyst;
GRANT USAGE ON SEQUENCE pmkt.model_registry_id_seq TO regress_pmkt_analyst;

SET ROLE regress_pmkt_reader;
SELECT name, latest_version FROM pmkt.list_models();
SELECT version FROM pmkt.latest_model('churn_weights');
SELECT pmkt.save_model('reader_model', 'ols', 1.0::float8);
\set VERBOSITY sqlstate
SELECT pmkt.save_model('reader_model', 'ols', 1.0::float8);
\set VERBOSITY default
DELETE FROM pmkt.model_registry;
RESET ROLE;

SET ROLE regress_pmkt_analyst;
SELECT pmkt.save_model('churn_weights', 'entropy', ARRAY[0.3, 0.3, 0.4]::float8[]) AS version;
SELECT name, version, created_by FROM pmkt.model_registry
WHERE created_by = 'regress_pmkt_analyst' ORDER BY id;
-- analysts cannot rewrite history: no UPDATE or DELETE unless granted
UPDATE pmkt.model_registry SET model = 'x';
DELETE FROM pmkt.model_registry;
RESET ROLE;

REVOKE ALL ON pmkt.model_registry FROM regress_pmkt_reader, regress_pmkt_analyst;
REVOKE ALL ON SEQUENCE pmkt.model_registry_id_seq FROM regress_pmkt_analyst;
REVOKE ALL ON SCHEMA pmkt FROM regress_pmkt_reader, regress_pmkt_analyst;
DROP ROLE regress_pmkt_reader;
DROP ROLE regress_pmkt_analyst;
TRUNCATE pmkt.model_registry;
