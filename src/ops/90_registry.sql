
-- ---------------------------------------------------------------------------
-- registry: trained models of every kind, saved by name and version
-- ---------------------------------------------------------------------------
-- Privileges (see README "Model registry"): the extension grants nothing on
-- the registry.  The table belongs to the role that ran CREATE EXTENSION;
-- PUBLIC has no privilege on it.  Readers need USAGE on schema pmkt and
-- SELECT on pmkt.model_registry (or only on the view pmkt.v_model_registry);
-- writers also need INSERT on the table and USAGE on its id sequence.  The
-- helper functions are SECURITY INVOKER: they do what the caller may do.

CREATE TABLE pmkt.model_registry (
    id             bigserial PRIMARY KEY,
    name           text NOT NULL,
    kind           text NOT NULL,
    version        int NOT NULL,
    parameters     jsonb NOT NULL DEFAULT '{}',
    training_query text,
    metrics        jsonb NOT NULL DEFAULT '{}',
    model_type     text NOT NULL,
    model          text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     name NOT NULL DEFAULT current_user,
    CONSTRAINT model_registry_name_version_key UNIQUE (name, version),
    CONSTRAINT model_registry_name_check CHECK (length(btrim(name)) > 0),
    CONSTRAINT model_registry_kind_check CHECK (kind ~ '^[a-z][a-z0-9_]*$'),
    CONSTRAINT model_registry_version_check CHECK (version >= 1),
    CONSTRAINT model_registry_parameters_check CHECK (jsonb_typeof(parameters) = 'object'),
    CONSTRAINT model_registry_metrics_check CHECK (jsonb_typeof(metrics) = 'object')
);
COMMENT ON TABLE pmkt.model_registry IS
'trained models of every kind, one row per saved version; append with pmkt.save_model, read with pmkt.latest_model / pmkt.list_models / pmkt.v_model_registry; a configuration table (pg_dump keeps its rows)';
COMMENT ON COLUMN pmkt.model_registry.id IS 'surrogate key, increasing in save order';
COMMENT ON COLUMN pmkt.model_registry.name IS 'the model''s name chosen by the user (e.g. sales_ols); versions are numbered per name';
COMMENT ON COLUMN pmkt.model_registry.kind IS 'the kind of model: kmeans, ols, logistic, bpnn, rbf, pca, entropy, ... (lower-case identifier)';
COMMENT ON COLUMN pmkt.model_registry.version IS '1, 2, 3, ... per name, assigned on insert when not given';
COMMENT ON COLUMN pmkt.model_registry.parameters IS 'training parameters as a JSON object (k, seed, learning rate, ...)';
COMMENT ON COLUMN pmkt.model_registry.training_query IS 'the query the model was trained on, when known';
COMMENT ON COLUMN pmkt.model_registry.metrics IS 'quality figures as a JSON object (inertia, r2, mse, auc, ...)';
COMMENT ON COLUMN pmkt.model_registry.model_type IS 'the SQL type of the saved value (e.g. pmkt.kmeans_result); model::<model_type> restores it';
COMMENT ON COLUMN pmkt.model_registry.model IS 'the model in its type''s text form; cast back with model::<model_type>';
COMMENT ON COLUMN pmkt.model_registry.created_at IS 'when the version was saved';
COMMENT ON COLUMN pmkt.model_registry.created_by IS 'the role that saved it (current_user)';

CREATE INDEX model_registry_name_created_idx ON pmkt.model_registry (name, created_at);

SELECT pg_catalog.pg_extension_config_dump('pmkt.model_registry', '');
SELECT pg_catalog.pg_extension_config_dump('pmkt.model_registry_id_seq', '');

-- version numbering: the next version per name, under a per-name
-- transaction lock so that concurrent saves of one name do not collide.
CREATE FUNCTION pmkt.model_registry_before_insert() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NEW.version IS NULL THEN
        PERFORM pg_catalog.pg_advisory_xact_lock(
            pg_catalog.hashtext('pmkt.model_registry'), pg_catalog.hashtext(NEW.name));
        SELECT coalesce(max(r.version), 0) + 1 INTO NEW.version
        FROM pmkt.model_registry r WHERE r.name = NEW.name;
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION pmkt.model_registry_before_insert() IS
'trigger of pmkt.model_registry: assigns the next version per name when none is given';

CREATE TRIGGER model_registry_version BEFORE INSERT ON pmkt.model_registry
FOR EACH ROW EXECUTE FUNCTION pmkt.model_registry_before_insert();

CREATE FUNCTION pmkt.save_model(name text, kind text, model text,
                                parameters jsonb DEFAULT '{}',
                                training_query text DEFAULT NULL,
                                metrics jsonb DEFAULT '{}',
                                model_type text DEFAULT 'text')
RETURNS int
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v int;
BEGIN
    IF name IS NULL OR length(btrim(name)) = 0 THEN
        RAISE EXCEPTION 'name must be a non-empty text'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('name is %s.', coalesce(quote_literal(name), 'NULL')),
                  HINT = 'Give the model a name, e.g. ''sales_ols''.';
    END IF;
    IF kind IS NULL OR kind !~ '^[a-z][a-z0-9_]*$' THEN
        RAISE EXCEPTION 'kind must be a lower-case identifier'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('kind is %s.', coalesce(quote_literal(kind), 'NULL')),
                  HINT = 'Use kmeans, ols, logistic, bpnn, rbf, pca, entropy or another lower-case word.';
    END IF;
    IF model IS NULL THEN
        RAISE EXCEPTION 'model must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model %s of kind %s is NULL.', quote_literal(name), kind),
                  HINT = 'Pass the trained model value (e.g. the result of the training function).';
    END IF;
    IF model_type IS NULL OR pg_catalog.to_regtype(model_type) IS NULL THEN
        RAISE EXCEPTION 'model_type must name an existing type'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model_type is %s.', coalesce(quote_literal(model_type), 'NULL')),
                  HINT = 'Pass the type the model''s text form casts back to, schema-qualified unless it is a pg_catalog type (e.g. ''jsonb'', ''public.my_type''), or omit it for text.';
    END IF;
    IF parameters IS NULL OR jsonb_typeof(parameters) <> 'object' THEN
        RAISE EXCEPTION 'parameters must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('parameters is %s.', coalesce(parameters::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"k": 3, "seed": 42}'' or ''{}''.';
    END IF;
    IF metrics IS NULL OR jsonb_typeof(metrics) <> 'object' THEN
        RAISE EXCEPTION 'metrics must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('metrics is %s.', coalesce(metrics::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"r2": 0.91}'' or ''{}''.';
    END IF;
    INSERT INTO pmkt.model_registry AS r
        (name, kind, parameters, training_query, metrics, model_type, model)
    VALUES (save_model.name, save_model.kind, save_model.parameters,
            save_model.training_query, save_model.metrics,
            pg_catalog.format_type(pg_catalog.to_regtype(save_model.model_type), NULL),
            save_model.model)
    RETURNING r.version INTO v;
    RETURN v;
END
$fn$;
COMMENT ON FUNCTION pmkt.save_model(text, text, text, jsonb, text, jsonb, text) IS
'saves a model given in text form (of type model_type, default text) under name with kind, parameters, training query and metrics; returns the new version number (1, 2, ... per name)';

CREATE FUNCTION pmkt.save_model(name text, kind text, model anyelement,
                                parameters jsonb DEFAULT '{}',
                                training_query text DEFAULT NULL,
                                metrics jsonb DEFAULT '{}')
RETURNS int
LANGUAGE sql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT pmkt.save_model(name, kind, model::text, parameters, training_query, metrics,
                           model_type => pg_catalog.format_type(pg_catalog.pg_typeof(model), NULL))
$fn$;
COMMENT ON FUNCTION pmkt.save_model(text, text, anyelement, jsonb, text, jsonb) IS
'saves a trained model of any type (a composite result, a model type, float8[], jsonb, ...) in its text form with its type name, under name with kind, parameters, training query and metrics; returns the new version number (1, 2, ... per name)';

CREATE FUNCTION pmkt.latest_model(name text, version int DEFAULT NULL)
RETURNS pmkt.model_registry
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    r pmkt.model_registry;
BEGIN
    IF name IS NULL THEN
        RAISE EXCEPTION 'name must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass a model name; pmkt.list_models() lists them.';
    END IF;
    SELECT * INTO r FROM pmkt.model_registry m
    WHERE m.name = latest_model.name
      AND (latest_model.version IS NULL OR m.version = latest_model.version)
    ORDER BY m.version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'model % is not in the registry', quote_literal(name)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN version IS NULL THEN 'No version of it was saved.'
                                ELSE format('Version %s of it was not saved.', version) END,
                  HINT = 'pmkt.list_models() lists the saved models and their latest versions.';
    END IF;
    RETURN r;
END
$fn$;
COMMENT ON FUNCTION pmkt.latest_model(text, int) IS
'the registry row of model name: its latest version, or the given version; an error when there is none. The model is restored with (pmkt.latest_model(name)).model::<model_type>';

CREATE FUNCTION pmkt.list_models()
RETURNS TABLE (name text, kind text, latest_version int, versions bigint,
               model_type text, metrics jsonb, first_saved_at timestamptz,
               last_saved_at timestamptz, last_saved_by name)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT DISTINCT ON (m.name)
           m.name, m.kind, m.version,
           count(*) OVER (PARTITION BY m.name),
           m.model_type, m.metrics,
           min(m.created_at) OVER (PARTITION BY m.name),
           m.created_at, m.created_by
    FROM pmkt.model_registry m
    ORDER BY m.name, m.version DESC
$fn$;
COMMENT ON FUNCTION pmkt.list_models() IS
'one row per saved model name: kind, latest version and number of versions, type and metrics of the latest version, first and last save times and the role that saved the latest';
