/*
 * text/lda.h
 *    Latent Dirichlet allocation (lda.c): the pmkt.topicmodel layout and
 *    the numerical helpers shared by training and scoring.
 *
 * A pmkt.topicmodel is one flat varlena, 8-byte aligned:
 *   LdaHeader
 *   int32  term_off[n_terms]          offsets of the terms in str[]
 *   double lambda[n_topics * n_terms] the variational topic-word parameters
 *                                     (scikit-learn's components_), row-major
 *   char   str[strings_len]           the configuration's qualified name,
 *                                     NUL, then every term, NUL-terminated,
 *                                     in strictly ascending byte order
 */
#ifndef PMKT_TEXT_LDA_H
#define PMKT_TEXT_LDA_H

#include "postgres.h"

#define LDA_MAGIC	0x41444c50	/* "PLDA" */
#define LDA_VERSION 1
#define LDA_MAX_TOPICS 1000
#define LDA_MAX_TERMS 10000000
#define LDA_METHOD_BATCH 0
#define LDA_METHOD_ONLINE 1

typedef struct LdaHeader
{
	int32		vl_len_;
	int32		magic;
	int32		version;
	int32		n_topics;
	int32		n_terms;
	int32		method;			/* LDA_METHOD_* */
	int32		max_iter;		/* requested */
	int32		n_iter;			/* done (fewer when evaluate_every stopped early) */
	int32		batch_size;
	int32		max_doc_update_iter;
	int32		min_df;
	int32		strings_len;
	int64		n_docs;			/* training documents (NULL texts not counted) */
	int64		n_skipped;		/* rows with a NULL text */
	int64		seed;
	int64		n_batch_iter;	/* scikit-learn's n_batch_iter_ after training */
	double		doc_topic_prior;
	double		topic_word_prior;
	double		learning_decay;
	double		learning_offset;
	double		mean_change_tol;
	double		max_df;
	double		total_words;	/* sum of the training counts */
	double		perplexity;		/* on the training documents (bound_) */
} LdaHeader;

/* digamma (psi) for x > 0: recurrence to x >= 10, then the asymptotic series */
extern double pmkt_digamma(double x);

#endif							/* PMKT_TEXT_LDA_H */
