-- Demo report, part 10: the synthetic marketing data set.
-- psql variables orders and seed come from scripts/demo.sh.
\echo
\echo '== Data: pmkt.generate_demo(''pmkt_demo'', orders, seed) =='
\echo 'customers (planted segments), orders, campaigns (4 channels x 24 months),'
\echo 'feedback comments, AISAS monthly counts, sales drivers and website visits'
SELECT table_name, row_count FROM pmkt.generate_demo('pmkt_demo', :orders, :seed);
