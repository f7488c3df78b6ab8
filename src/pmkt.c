/*
 * pmkt.c
 *    Module magic, settings (GUCs) and the scalar argument checks every
 *    module shares.
 */
#include "pmkt.h"

#include "utils/builtins.h"
#include "utils/guc.h"

#include "util/linalg.h"
#include "util/matrix.h"

PG_MODULE_MAGIC;

/* the settings' own values (what SHOW prints) */
static int	train_memory_setting_kb = 1024 * 1024;	/* 1 GB */
static int	train_memory_limit_kb = 1024 * 1024;	/* 1 GB */

/* the budget the trainers use: the smaller of the two */
int			pmkt_max_train_memory_kb = 1024 * 1024;
int			pmkt_simd = PMKT_SIMD_AUTO;

static const struct config_enum_entry simd_options[] = {
	{"auto", PMKT_SIMD_AUTO, false},
	{"off", PMKT_SIMD_OFF, false},
	{NULL, 0, false}
};

void		_PG_init(void);

static void
update_budget(void)
{
	pmkt_max_train_memory_kb = Min(train_memory_setting_kb, train_memory_limit_kb);
}

/*
 * check_train_memory: a value set above the superuser's cap is refused
 * (22023) when a session, a role, a database or a function sets it.  The
 * default, the configuration file and the command line are not checked
 * here: the file may set both settings in either order, and a lower cap
 * applies anyway, because the budget is the smaller of the two.  When the
 * library is loaded after a SET, PostgreSQL re-applies the placeholder
 * values through this hook once both settings are defined (the cap first),
 * and a refused value becomes a warning and the default.
 */
static bool
check_train_memory(int *newval, void **extra pg_attribute_unused(), GucSource source)
{
	if (source <= PGC_S_ARGV || *newval <= train_memory_limit_kb)
		return true;
	GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
	GUC_check_errmsg("pmkt.max_train_memory cannot exceed pmkt.max_train_memory_limit");
	GUC_check_errdetail("pmkt.max_train_memory was set to %d kB; pmkt.max_train_memory_limit is %d kB.",
						*newval, train_memory_limit_kb);
	GUC_check_errhint("Set a smaller value, or ask a superuser to raise pmkt.max_train_memory_limit.");
	return false;
}

static void
assign_train_memory(int newval, void *extra pg_attribute_unused())
{
	train_memory_setting_kb = newval;
	update_budget();
}

static void
assign_train_memory_limit(int newval, void *extra pg_attribute_unused())
{
	train_memory_limit_kb = newval;
	update_budget();
}

/*
 * _PG_init
 *    Define pmkt's settings.  Loaded in every backend that calls pmkt, and
 *    in parallel workers, so keep it cheap.
 */
void
_PG_init(void)
{
	/*
	 * The cap first: defining pmkt.max_train_memory re-applies a value SET
	 * before the library was loaded, and its check must then see the cap's
	 * own configured value, not this file's initial one.
	 */
	DefineCustomIntVariable("pmkt.max_train_memory_limit",
							"Largest value pmkt.max_train_memory may take (superuser only).",
							"Caps the memory any session's trainers may use to hold rows, "
							"whatever pmkt.max_train_memory a user sets.",
							&train_memory_limit_kb,
							1024 * 1024,
							64,
							INT_MAX,
							PGC_SUSET,
							GUC_UNIT_KB,
							NULL, assign_train_memory_limit, NULL);
	DefineCustomIntVariable("pmkt.max_train_memory",
							"Memory a trainer may use to hold its rows in memory.",
							"Trainers (k-means, logistic regression, networks) read the rows "
							"once into memory when they fit this budget and iterate there; "
							"beyond it, each iteration is one pass of a combinable aggregate.  "
							"At most pmkt.max_train_memory_limit.",
							&train_memory_setting_kb,
							1024 * 1024,
							64,
							INT_MAX,
							PGC_USERSET,
							GUC_UNIT_KB,
							check_train_memory, assign_train_memory, NULL);
	DefineCustomEnumVariable("pmkt.simd",
							 "Vector instructions the scoring fast path may use.",
							 "auto: AVX2 with FMA when the CPU has them; off: the portable "
							 "scalar pass.  Results agree to a few ulps either way; for "
							 "testing and comparison.",
							 &pmkt_simd,
							 PMKT_SIMD_AUTO,
							 simd_options,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	DefineCustomBoolVariable("pmkt.direct_load",
							 "Lets trainers run a plain SELECT straight through the executor.",
							 "on: a trainer's query that is one read-only SELECT is planned and "
							 "run without SPI, its ARRAY[...] of features split into columns; "
							 "off: every query runs through SPI.  Both read the same rows and "
							 "give the same results; for testing and comparison.",
							 &pmkt_direct_load,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	DefineCustomBoolVariable("pmkt.parallel_load",
							 "Lets trainers read their rows through a parallel plan.",
							 "on: the direct path plans a trainer's query with parallel workers "
							 "when the planner finds that cheaper (the rows are put in a canonical "
							 "order after loading, so the model does not depend on the order the "
							 "workers return them in); off: a serial plan.  For comparison.",
							 &pmkt_parallel_load,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	pmkt_loader_init();
	MarkGUCPrefixReserved("pmkt");

	/*
	 * One BLAS thread: backends are single-threaded and results must be
	 * reproducible.  The Makefile binds the serial OpenBLAS, which starts no
	 * thread at all; this only matters if another library of the backend
	 * loaded a threaded one first (pmkt.version() then says so).
	 */
	openblas_set_num_threads(1);
}

/* pmkt_check_finite: reject NaN and +-Infinity. */
void
pmkt_check_finite(double v, const char *argname)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be a finite number", argname),
				 errdetail("Got %g.", v)));
}

/* pmkt_check_nonnegative: spend, counts and amounts cannot be negative. */
void
pmkt_check_nonnegative(double v, const char *argname)
{
	pmkt_check_finite(v, argname);
	if (v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must not be negative", argname),
				 errdetail("Got %g.", v)));
}

/* pmkt_check_rate: a proportion must lie in [0, 1]. */
void
pmkt_check_rate(double v, const char *argname)
{
	pmkt_check_finite(v, argname);
	if (v < 0 || v > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be a rate between 0 and 1", argname),
				 errdetail("Got %g.", v),
				 errhint("Pass rates as fractions, e.g. 0.12 for 12%%.")));
}

/* pmkt_check_positive_int: sizes such as k, epochs and sample counts. */
void
pmkt_check_positive_int(int64 v, const char *argname)
{
	if (v < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"%s\" must be at least 1", argname),
				 errdetail("Got " INT64_FORMAT ".", v)));
}

PG_FUNCTION_INFO_V1(pmkt_version);

/*
 * pmkt_version
 *    The extension version and the BLAS it runs on, for bug reports.
 */
Datum
pmkt_version(PG_FUNCTION_ARGS)
{
	char	   *cfg = openblas_get_config();
	int			mode = openblas_get_parallel();

	(void) fcinfo;				/* no arguments */
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("pmkt " PMKT_VERSION " for PostgreSQL %s (%s; %s)",
											  PG_VERSION, cfg ? cfg : "unknown BLAS",
											  mode == 0 ? "serial" :
											  mode == 1 ? "pthreads: not the serial build pmkt links" :
											  "OpenMP: not the serial build pmkt links")));
}
