/*
 * aisas.h
 *    The AISAS index system of study B (SPEC 2.1): 17 secondary indices per
 *    business unit and month from raw monthly counts.
 */
#ifndef PMKT_AISAS_H
#define PMKT_AISAS_H

#define PMKT_AISAS_NINDICES 17	/* B11..B54 */
#define PMKT_AISAS_NRAW 20		/* raw count columns of the input */

#endif							/* PMKT_AISAS_H */
