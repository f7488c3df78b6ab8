/*
 * util/seeded.c
 *    The shared BEFORE ROW trigger body of pmkt's seeded, user-editable
 *    tables (see seeded.h).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "util/searchpath.h"
#include "util/seeded.h"

Datum
pmkt_seeded_row_trigger(TriggerData *td, const char *keycol, const char *trigname)
{
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	int			attnum = SPI_fnumber(desc, "is_default");
	int			keynum = SPI_fnumber(desc, keycol);

	if (attnum <= 0 || keynum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: table has no %s or is_default column", trigname, keycol)));

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		Datum		v = BoolGetDatum(false);
		bool		isnull = false;

		return PointerGetDatum(heap_modify_tuple_by_cols(td->tg_newtuple, desc, 1,
														 &attnum, &v, &isnull));
	}
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		bool		isnull;
		Datum		key = SPI_getbinval(td->tg_trigtuple, desc, keynum, &isnull);
		Oid			argtypes[1] = {TEXTOID};
		Datum		args[1];

		if (!isnull)
		{
			int			pin = pmkt_pin_search_path();

			args[0] = key;
			if (SPI_connect() != SPI_OK_CONNECT)
				elog(ERROR, "SPI_connect failed");
			SPI_execute_with_args(psprintf("DELETE FROM %s WHERE %s OPERATOR(pg_catalog.=) $1 AND is_default",
										   quote_qualified_identifier(get_namespace_name(RelationGetNamespace(td->tg_relation)),
																	  RelationGetRelationName(td->tg_relation)),
										   quote_identifier(keycol)),
								  1, argtypes, args, NULL, false, 0);
			SPI_finish();
			pmkt_unpin_search_path(pin);
		}
	}
	return PointerGetDatum(td->tg_trigtuple);
}
