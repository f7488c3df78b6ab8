-- base: the extension loads, lives in schema pmkt, and has its settings.
SELECT extname, extversion, nspname
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'pmkt';
SELECT pmkt.version() LIKE 'pmkt 1.1 for PostgreSQL ' || current_setting('server_version_num')::int / 10000 || '.% (%' AS version_ok;
-- the serial OpenBLAS (issue 19): a backend that loaded pmkt (above) runs no
-- thread besides its own; Debian's default pthread build would have started
-- one per core at library load (2 tasks or more on any multi-core machine)
SELECT pmkt.version() LIKE '%; serial)' AS serial_blas,
       (SELECT count(*) FROM pg_ls_dir('/proc/self/task') AS t) AS backend_tasks;
SHOW pmkt.max_train_memory;
SET pmkt.max_train_memory = '64MB';
SHOW pmkt.max_train_memory;
-- below the 64 kB minimum: 22023 (the range text is the server's own and
-- reads differently from PostgreSQL 18 on, hence only the SQLSTATE)
\set VERBOSITY sqlstate
SET pmkt.max_train_memory = 10;
\set VERBOSITY default
RESET pmkt.max_train_memory;
-- pmkt.max_train_memory_limit (superuser only, default 1GB) caps
-- pmkt.max_train_memory: a value above the cap is refused with 22023
SHOW pmkt.max_train_memory_limit;
SELECT context, unit, boot_val FROM pg_settings WHERE name LIKE 'pmkt.max_train_memory%' ORDER BY name;
SET pmkt.max_train_memory = '2GB';
\set VERBOSITY sqlstate
SET pmkt.max_train_memory = '2GB';
\set VERBOSITY default
SET pmkt.max_train_memory_limit = '4GB';
SET pmkt.max_train_memory = '2GB';   -- now within the cap
SHOW pmkt.max_train_memory;
RESET pmkt.max_train_memory;
RESET pmkt.max_train_memory_limit;
-- the budget is the smaller of the two, also when the cap is lowered after
-- the budget was set: 2000 rows x 8 features (125 kB) fit 1MB but not 64kB
CREATE TEMP TABLE lim AS
SELECT ARRAY[i, i % 7, i % 11, i % 13, i % 17, i % 19, i % 23, i % 29]::float8[] AS x
FROM generate_series(1, 2000) i;
SET pmkt.max_train_memory = '1MB';
SELECT (pmkt.kmeans_train('SELECT x FROM lim', 2, max_iter => 3)).in_memory AS fits_1mb;
SET pmkt.max_train_memory_limit = '64kB';
SHOW pmkt.max_train_memory;
SELECT (pmkt.kmeans_train('SELECT x FROM lim', 2, max_iter => 3)).in_memory AS fits_64kb_cap;
RESET pmkt.max_train_memory_limit;
RESET pmkt.max_train_memory;
-- an ordinary role cannot raise the cap, nor set the budget above it
CREATE ROLE pmkt_lim_user;
GRANT USAGE ON SCHEMA pmkt TO pmkt_lim_user;
SET ROLE pmkt_lim_user;
SET pmkt.max_train_memory_limit = '4GB';
SET pmkt.max_train_memory = '2GB';
SET pmkt.max_train_memory = '64MB';
SHOW pmkt.max_train_memory;
RESET ROLE;
-- values SET before the library is loaded (placeholders) are checked when
-- it loads, the cap first: a superuser's cap of 4GB admits a 2GB budget
\c
SET pmkt.max_train_memory_limit = '4GB';
SET pmkt.max_train_memory = '2GB';
SELECT pmkt.version() IS NOT NULL AS loaded;
SHOW pmkt.max_train_memory;
-- an ordinary role's placeholders: the cap is refused (its SET is denied
-- at load time) and so is the budget above the default cap, with warnings;
-- both keep their defaults
\c
SET ROLE pmkt_lim_user;
SET pmkt.max_train_memory_limit = '4GB';
SET pmkt.max_train_memory = '2GB';
SELECT pmkt.version() IS NOT NULL AS loaded;
SHOW pmkt.max_train_memory;
SHOW pmkt.max_train_memory_limit;
RESET ROLE;
REVOKE USAGE ON SCHEMA pmkt FROM pmkt_lim_user;
DROP ROLE pmkt_lim_user;
