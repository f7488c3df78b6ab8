-- base: the extension loads, lives in schema pmkt, and has its settings.
SELECT extname, extversion, nspname
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'pmkt';
SELECT pmkt.version() LIKE 'pmkt 1.1 for PostgreSQL ' || current_setting('server_version_num')::int / 10000 || '.% (%' AS version_ok;
SHOW pmkt.max_train_memory;
SET pmkt.max_train_memory = '64MB';
SHOW pmkt.max_train_memory;
-- below the 64 kB minimum: 22023 (the range text is the server's own and
-- reads differently from PostgreSQL 18 on, hence only the SQLSTATE)
\set VERBOSITY sqlstate
SET pmkt.max_train_memory = 10;
\set VERBOSITY default
RESET pmkt.max_train_memory;
