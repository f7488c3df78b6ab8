-- base: the extension loads, lives in schema pmkt, and has its settings.
SELECT extname, extversion, nspname
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'pmkt';
SELECT pmkt.version() LIKE 'pmkt 1.1 for PostgreSQL ' || current_setting('server_version_num')::int / 10000 || '.% (%' AS version_ok;
SHOW pmkt.max_train_memory;
SET pmkt.max_train_memory = '64MB';
SHOW pmkt.max_train_memory;
SET pmkt.max_train_memory = 10;  -- below the 64 kB minimum
RESET pmkt.max_train_memory;
