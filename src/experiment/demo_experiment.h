/*
 * experiment/demo_experiment.h
 *    The demo's experiment_units table (pmkt.generate_demo).
 */
#ifndef PMKT_DEMO_EXPERIMENT_H
#define PMKT_DEMO_EXPERIMENT_H

#include "postgres.h"
#include "access/heapam.h"
#include "utils/rel.h"

#define PMKT_DEMO_EXPERIMENT_UNITS_COLUMNS \
	"unit_id bigint NOT NULL, customer_id bigint, experiment text, variant text, " \
	"spend float8, visits int, pre_spend float8"

/*
 * Fill the opened relation (bulk-insert state bis, command id cid; rows
 * formed in rowcxt, reset per row) with `units` units; customers is the
 * demo's customer count (units up to it are those customers); return the
 * row count.
 */
extern int64 pmkt_demo_fill_experiment_units(Relation rel, BulkInsertState bis, CommandId cid,
											 MemoryContext rowcxt, uint64 seed, int64 units,
											 int64 customers);

#endif
