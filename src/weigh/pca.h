/*
 * pca.h
 *    Principal component analysis (SPEC 2.3): the one-pass, combinable
 *    pca_components aggregate, projection, report and variable screening.
 */
#ifndef PMKT_PCA_H
#define PMKT_PCA_H

/*
 * Layout tag of the pca_components state:
 *   [tag, d, n, use_correlation (0/1), threshold, pivot K_1..K_d (the
 *    state's first row), mean'_1..mean'_d (mean - K), co-moments C_jk for
 *    j <= k (row-major upper triangle)]
 * C = sum_i (x_i - mean)(x_i - mean)^T, updated per row by Welford's rule and
 * merged by Chan et al.'s pairwise formula, never from raw sums of squares.
 */
#define PMKT_PCA_TAG 4501.0
#define PMKT_PCA_HDR 5

/* Widest input: the state is O(d^2) doubles and the final step O(d^3). */
#define PMKT_PCA_MAX_D 1000

/* Default cumulative contribution threshold (the study's 85 %). */
#define PMKT_PCA_DEFAULT_THRESHOLD 0.85

#endif							/* PMKT_PCA_H */
