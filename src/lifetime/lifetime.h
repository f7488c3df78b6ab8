/*
 * lifetime.h
 *    Predictive customer lifetime value ("buy till you die"): the
 *    per-customer summary of a transaction log in the conventions of the
 *    Python lifetimes library (summary.c), and the BG/NBD, MBG/NBD and
 *    Gamma-Gamma models fitted by maximum likelihood with their predictions
 *    (btyd.c).  See docs/readme/lifetime/16_lifetime.md.
 */
#ifndef PMKT_LIFETIME_H
#define PMKT_LIFETIME_H

#include "postgres.h"

#include "datatype/timestamp.h"

/* time units of the summary (and of a fitted model) */
typedef enum PmktClvUnit
{
	PMKT_CLV_DAY = 0,
	PMKT_CLV_WEEK = 1,
	PMKT_CLV_MONTH = 2
} PmktClvUnit;

/* "day" / "week" / "month" -> unit; 22023 naming argname otherwise */
extern PmktClvUnit pmkt_clv_parse_unit(const char *s, const char *argname);
extern const char *pmkt_clv_unit_name(PmktClvUnit u);

/* the period index of t (UTC) in unit: days / Monday weeks / months since 1970-01 */
extern int64 pmkt_clv_period_of(TimestampTz t, PmktClvUnit u);

#endif							/* PMKT_LIFETIME_H */
