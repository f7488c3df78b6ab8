/*
 * text/sentiment.h
 *    VADER sentiment scoring (sentiment.c), shared with the aspect module.
 */
#ifndef PMKT_TEXT_SENTIMENT_H
#define PMKT_TEXT_SENTIMENT_H

/* longest text pmkt.sentiment scores (bytes): work is linear in it */
#define PMKT_SENTIMENT_MAX_BYTES (1024 * 1024)

typedef struct PmktSentiment
{
	double		compound;
	double		positive;
	double		neutral;
	double		negative;
	int			ntokens;
} PmktSentiment;

/* Scores len bytes of text (database encoding) against pmkt.sentiment_lexicon. */
extern void pmkt_vader_score(const char *text, int len, PmktSentiment *out);

/* "positive" when compound >= pos_threshold, "negative" when <= neg_threshold */
extern const char *pmkt_sentiment_label(double compound, double pos_threshold,
										double neg_threshold);

#endif							/* PMKT_TEXT_SENTIMENT_H */
