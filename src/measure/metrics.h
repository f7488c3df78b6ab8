/*
 * metrics.h
 *    Money metrics (SPEC 1.6) and channel effectiveness (SPEC 1.5).
 *
 * Rates (ctr, conversion_rate, repeat_purchase_rate, growth_rate) are
 * fractions (0.12 = 12 %); ROI is a percentage as the SPEC defines it; NPS
 * lies in -100..100.  Zero denominators give NULL.
 */
#ifndef PMKT_METRICS_H
#define PMKT_METRICS_H

#include "postgres.h"

/* Layout tags of the aggregate states (slot 0 of the float8[] state). */
#define PMKT_TAG_CLV	1501.0
#define PMKT_TAG_NPS	1502.0
#define PMKT_TAG_CONV	1503.0

/*
 * count / total with the metric checks: both finite and non-negative,
 * count <= total (a rate in [0, 1]); *isnull when total is 0.
 */
extern double pmkt_metric_rate(double count, double total,
							   const char *count_name, const char *total_name,
							   bool *isnull);

#endif							/* PMKT_METRICS_H */
