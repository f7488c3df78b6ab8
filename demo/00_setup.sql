-- Demo report, part 0: install pmkt.  Later parts (demo/NN_*.sql, run in
-- order in one database) generate the data and print one report section each.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pmkt;
\echo '================================================================'
\echo ' pmkt demo: precision-marketing analysis inside PostgreSQL'
\echo '================================================================'
