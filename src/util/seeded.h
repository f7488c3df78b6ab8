/*
 * util/seeded.h
 *    Tables pmkt seeds with defaults that users may edit
 *    (pmkt.segment_strategy, pmkt.sentiment_lexicon).
 *
 * Each has a boolean is_default and a text key column; pg_dump keeps only
 * the rows WHERE NOT is_default (pg_extension_config_dump).  A BEFORE ROW
 * trigger keeps that true: an UPDATE makes the row the user's, and an
 * INSERT of a key whose row is still a shipped default replaces that row,
 * which is how a restored dump's edited rows take the place of the defaults
 * CREATE EXTENSION just seeded (a key with a user row still raises the
 * primary-key error).
 */
#ifndef PMKT_UTIL_SEEDED_H
#define PMKT_UTIL_SEEDED_H

#include "commands/trigger.h"

/*
 * The BEFORE ROW part of such a trigger: td fired BEFORE, FOR EACH ROW, on
 * INSERT or UPDATE of a table with is_default and the text column keycol;
 * trigname names the trigger function in errors.  Returns the row to store.
 */
extern Datum pmkt_seeded_row_trigger(TriggerData *td, const char *keycol,
									 const char *trigname);

#endif							/* PMKT_UTIL_SEEDED_H */
