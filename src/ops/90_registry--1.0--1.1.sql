-- registry: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058); save_model(text) also names the schema in its hint.
ALTER FUNCTION pmkt.model_registry_before_insert() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.save_model(text, text, anyelement, jsonb, text, jsonb) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.latest_model(text, int) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.list_models() SET search_path = pg_catalog, pg_temp;

CREATE OR REPLACE FUNCTION pmkt.save_model(name text, kind text, model text,
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
