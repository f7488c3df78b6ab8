/*
 * rfm.h
 *    RFM (recency, frequency, monetary) scoring of customers from an orders
 *    table, the rule-based segmentation into the study's three segments
 *    (frequent / occasional / new) and the segment-to-strategy map.
 *
 * One SQL pass does the per-customer aggregation (GROUP BY, planned by
 * PostgreSQL, parallel when it pays), delivered straight into C arrays by a
 * DestReceiver; the 1..bins scores are then assigned in memory by three
 * sorts, with exactly the semantics of SQL's ntile() (see rfm.c).
 */
#ifndef PMKT_RFM_H
#define PMKT_RFM_H

#include "postgres.h"

/* the three segment names of study A (SPEC section 1.3) */
#define PMKT_SEGMENT_FREQUENT	"frequent"
#define PMKT_SEGMENT_OCCASIONAL "occasional"
#define PMKT_SEGMENT_NEW		"new"

/*
 * pmkt_ntile_bucket
 *    The bucket (1..bins) SQL's ntile(bins) gives the row at 0-based
 *    position pos of n ordered rows: the first n % bins buckets hold one
 *    row more than the others; with n < bins each row is its own bucket.
 */
static inline int
pmkt_ntile_bucket(int64 pos, int64 n, int bins)
{
	int64		q = n / bins;
	int64		rem = n % bins;
	int64		big = rem * (q + 1);

	if (pos < big)
		return (int) (pos / (q + 1)) + 1;
	return (int) (rem + (pos - big) / q) + 1;
}

#endif							/* PMKT_RFM_H */
