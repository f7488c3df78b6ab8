/*
 * entropy.h
 *    Entropy weight method (SPEC 2.4): the one-pass entropy_weights
 *    aggregates and the composite score.
 */
#ifndef PMKT_ENTROPY_H
#define PMKT_ENTROPY_H

/*
 * Layout tag of the entropy state:
 *   [tag, d, n, S_1..S_d, T_1..T_d, min_1..min_d, max_1..max_d]
 * with S_j = sum_i x_ij and T_j = sum_i x_ij ln x_ij (0 ln 0 = 0); min and
 * max detect constant columns exactly.  Then
 * sum_i p_ij ln p_ij = T_j / S_j - ln S_j, so one pass suffices and partial
 * states combine by addition.
 */
#define PMKT_ENTROPY_TAG 5001.0
#define PMKT_ENTROPY_HDR 3

#endif							/* PMKT_ENTROPY_H */
