/*
 * basket/demo_basket.h
 *    The demo's products and order_lines tables (pmkt.generate_demo).
 */
#ifndef PMKT_DEMO_BASKET_H
#define PMKT_DEMO_BASKET_H

#include "postgres.h"
#include "access/heapam.h"
#include "utils/rel.h"

#define PMKT_DEMO_PRODUCTS_COLUMNS \
	"product_id int NOT NULL, name text, family text, list_price float8"
#define PMKT_DEMO_ORDER_LINES_COLUMNS \
	"order_id bigint NOT NULL, line_no int NOT NULL, product_id int, quantity int, price float8"

/*
 * Fill the opened relation (bulk-insert state bis, command id cid; rows
 * formed in rowcxt, reset per row); return the row count.  order_lines
 * reads qschema.orders (already filled) through SPI.
 */
extern int64 pmkt_demo_fill_products(Relation rel, BulkInsertState bis, CommandId cid,
									 MemoryContext rowcxt, uint64 seed);
extern int64 pmkt_demo_fill_order_lines(Relation rel, BulkInsertState bis, CommandId cid,
										MemoryContext rowcxt, uint64 seed, const char *qschema);

#endif
