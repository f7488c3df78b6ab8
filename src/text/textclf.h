/*
 * textclf.h
 *    Trainable text classifier (issue 18, part 3): multinomial naive Bayes
 *    and L2 logistic regression on PostgreSQL text search lexemes.
 *
 * The model, pmkt.textmodel, is a flat varlena (alignment double):
 *   TcHeader
 *   double class_count[n_labels]        training documents per label
 *   double bias[n_rows]                 NB: log prior; logistic: intercepts
 *   double weight[n_terms * n_rows]     term-major: weight[t * n_rows + r]
 *                                       NB: log P(term | label); logistic:
 *                                       coefficients
 *   double idf[n_terms]                 only when tfidf
 *   char   strings[strings_len]         config name, the n_labels labels,
 *                                       the n_terms terms, each NUL-ended;
 *                                       terms in strictly increasing byte
 *                                       order, labels in the model's order
 * n_rows = n_labels, except 1 for a two-label logistic model (one
 * coefficient vector: P(second label) = sigmoid(bias + x . w)).
 */
#ifndef PMKT_TEXTCLF_H
#define PMKT_TEXTCLF_H

#include "postgres.h"

#define TC_MAGIC		0x54434C31	/* "TCL1" */
#define TC_VERSION		1
#define TC_NB			1
#define TC_LOGISTIC		2
#define TC_LABEL_TEXT	0
#define TC_LABEL_INT	1
#define TC_LABEL_BOOL	2

#define TC_MAX_LABELS	1000
#define TC_MAX_TERMS	(50 * 1000 * 1000)
/* only the first TC_MAX_TEXT_BYTES of a text are read (at a character boundary) */
#define TC_MAX_TEXT_BYTES (1024 * 1024)

typedef struct TcHeader
{
	int32		vl_len_;
	uint32		magic;
	int32		version;
	int32		method;
	int32		label_type;
	int32		n_labels;
	int32		n_terms;
	int32		n_rows;
	int32		ngram_max;
	int32		min_df;
	int32		tfidf;
	int32		iterations;
	int32		converged;
	int32		strings_len;
	int64		n_docs;
	int64		n_skipped;
	double		alpha;
	double		C;
	double		tol;
} TcHeader;

#endif							/* PMKT_TEXTCLF_H */
