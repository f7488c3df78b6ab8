/*
 * classify/demo_classify.h
 *    The demo's campaign_responses table (pmkt.generate_demo): who answered
 *    a campaign, with planted drivers (issue 13, part 5).
 */
#ifndef PMKT_DEMO_CLASSIFY_H
#define PMKT_DEMO_CLASSIFY_H

#include "postgres.h"
#include "access/heapam.h"
#include "utils/rel.h"

#define PMKT_DEMO_CAMPAIGN_RESPONSES_COLUMNS \
	"customer_id bigint NOT NULL, channel text, region text, age int, recency_days int, " \
	"frequency int, monetary float8, got_discount boolean, responded boolean"

/*
 * Fill the opened relation with one row per customer 1..customers (bulk
 * insert state bis, command id cid; rows formed in rowcxt, reset per row);
 * return the row count.
 */
extern int64 pmkt_demo_fill_campaign_responses(Relation rel, BulkInsertState bis, CommandId cid,
											   MemoryContext rowcxt, uint64 seed, int64 customers);

#endif
