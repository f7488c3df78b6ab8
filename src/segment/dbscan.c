/*
 * dbscan.c
 *    DBSCAN over a query's rows (see dbscan.h for the method).
 *
 * Steps: load (id, features) once into memory within pmkt.max_train_memory;
 * sort the rows by grid cell; pass 1 counts each row's neighbours (itself
 * included) to mark the core rows; pass 2 grows clusters from the core rows
 * in id order (the loader sorts the rows by id).  Neighbours are enumerated twice rather than stored, so
 * memory stays O(n d).
 */
#include "pmkt.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "dbscan.h"
#include "util/matrix.h"
#include "util/sort.h"

typedef struct DbscanData
{
	int64		n;
	int			d;
	int64		cap;
	int64	   *ids;
	double	   *X;				/* n x d, in id order (the loader's canonical order) */
	int64		skipped;
} DbscanData;

/* ---------- loading ---------- */

/*
 * dbscan_load: (id, features) through util/matrix.h; ids integer or
 * numeric (as bigint), features any numeric array (as float8[]), further
 * columns ignored; the rows must fit pmkt.max_train_memory (53200).
 */
static void
dbscan_load(const char *query, DbscanData *D)
{
	PmktLoadSpec spec = {0};
	PmktMatrix *m;

	spec.funcname = "pmkt.dbscan";
	spec.budget = PMKT_TRAIN_BUDGET_BYTES;
	spec.error_over_budget = true;
	spec.budget_hint = "Raise pmkt.max_train_memory or cluster a sample.";
	spec.id_column = true;
	spec.max_targets = 0;
	spec.ignore_extra = true;
	spec.shape = "(id, features float8[])";
	spec.example = "SELECT customer_id, ARRAY[f1, f2] FROM t ORDER BY customer_id";
	m = pmkt_load_rows(query, &spec);
	if (m->n > INT_MAX / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("pmkt.dbscan: at most %d rows", INT_MAX / 2),
				 errdetail("The query returned " INT64_FORMAT " usable rows.", m->n),
				 errhint("Cluster a sample.")));
	D->n = m->n;
	D->d = m->n > 0 ? m->d : -1;
	D->cap = m->n;
	D->ids = m->ids;
	D->X = m->X;
	D->skipped = m->skipped_null;
}

/* ---------- grid ---------- */

typedef struct CellKey
{
	int64		c[PMKT_DBSCAN_MAX_GRID_DIMS];
} CellKey;

typedef struct CellEntry
{
	CellKey		key;
	int32		cell;
} CellEntry;

typedef struct SortCtx
{
	const CellKey *keys;
} SortCtx;

static int
cellkey_cmp(const CellKey *a, const CellKey *b)
{
	for (int j = 0; j < PMKT_DBSCAN_MAX_GRID_DIMS; j++)
	{
		if (a->c[j] < b->c[j])
			return -1;
		if (a->c[j] > b->c[j])
			return 1;
	}
	return 0;
}

static int
perm_cmp(const void *a, const void *b, void *arg)
{
	const CellKey *keys = ((SortCtx *) arg)->keys;
	int32		i = *(const int32 *) a;
	int32		j = *(const int32 *) b;
	int			c = cellkey_cmp(&keys[i], &keys[j]);

	if (c != 0)
		return c;
	return i < j ? -1 : (i > j ? 1 : 0);
}

static inline double
dist2(const double *a, const double *b, int d)
{
	double		s = 0;

	for (int j = 0; j < d; j++)
	{
		double		t = a[j] - b[j];

		s += t * t;
	}
	return s;
}

PG_FUNCTION_INFO_V1(pmkt_dbscan);

/*
 * pmkt_dbscan(query text, eps float8, min_points int, max_candidate_pairs int8)
 *    RETURNS SETOF pmkt.dbscan_label (row_id, cluster_id, is_core)
 */
Datum
pmkt_dbscan(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const char *argnames[4] = {"query", "eps", "min_points", "max_candidate_pairs"};
	char	   *query;
	double		eps,
				eps2;
	int32		min_points;
	int64		max_pairs;
	DbscanData	D = {0};
	int			n,
				d,
				g;
	int			gdims[PMKT_DBSCAN_MAX_GRID_DIMS];
	double		lo[PMKT_DBSCAN_MAX_GRID_DIMS];
	CellKey    *keys;
	int32	   *perm,
			   *inv,
			   *cell_of,
			   *cell_start,
			   *nbr_start,
			   *nbr,
			   *labels,
			   *stack;
	int			ncells;
	double	   *Xs;
	bool	   *core;
	HTAB	   *grid;
	HASHCTL		ctl;
	double		pairs = 0;
	int64		nnbr;
	int			cluster = 0;

	for (int i = 0; i < 4; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument \"%s\" must not be NULL", argnames[i])));
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	eps = PG_GETARG_FLOAT8(1);
	min_points = PG_GETARG_INT32(2);
	max_pairs = PG_GETARG_INT64(3);
	pmkt_check_finite(eps, "eps");
	if (eps <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("argument \"eps\" must be positive"),
				 errdetail("Got %g.", eps),
				 errhint("eps is the neighbourhood radius in feature units.")));
	pmkt_check_positive_int(min_points, "min_points");
	pmkt_check_positive_int(max_pairs, "max_candidate_pairs");
	eps2 = eps * eps;

	dbscan_load(query, &D);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (D.n == 0)
		return (Datum) 0;
	n = (int) D.n;
	d = D.d;

	/* grid dimensions: all when d <= 3, else the 3 widest in units of eps */
	{
		double		span[1024];
		double	   *spans = d <= 1024 ? span : palloc(sizeof(double) * d);
		double	   *mins = palloc(sizeof(double) * d);

		for (int j = 0; j < d; j++)
		{
			double		mn = D.X[j],
						mx = D.X[j];

			for (int i = 1; i < n; i++)
			{
				double		v = D.X[(int64) i * d + j];

				if (v < mn)
					mn = v;
				if (v > mx)
					mx = v;
			}
			mins[j] = mn;
			spans[j] = (mx - mn) / eps;
			CHECK_FOR_INTERRUPTS();
		}
		g = Min(d, PMKT_DBSCAN_MAX_GRID_DIMS);
		for (int k = 0; k < g; k++)
		{
			int			best = -1;

			for (int j = 0; j < d; j++)
			{
				bool		used = false;

				for (int m = 0; m < k; m++)
					if (gdims[m] == j)
						used = true;
				if (!used && (best < 0 || spans[j] > spans[best]))
					best = j;
			}
			gdims[k] = best;
			lo[k] = mins[best];
			if (!(spans[best] < 1e15))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("argument \"eps\" is too small for the range of the features"),
						 errdetail("Feature %d spans %g eps.", best + 1, spans[best]),
						 errhint("Scale the features or raise eps.")));
		}
	}

	/* cell of every row, rows sorted by cell */
	keys = palloc0(sizeof(CellKey) * (Size) n);
	perm = palloc(sizeof(int32) * (Size) n);
	for (int i = 0; i < n; i++)
	{
		for (int k = 0; k < g; k++)
			keys[i].c[k] = (int64) floor((D.X[(int64) i * d + gdims[k]] - lo[k]) / eps);
		perm[i] = i;
		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	{
		SortCtx		sc = {keys};

		/* cancellable: one qsort of 2 M rows took 2.6 s */
		pmkt_sort(perm, n, sizeof(int32), perm_cmp, &sc);
	}
	inv = palloc(sizeof(int32) * (Size) n);
	Xs = palloc_extended(sizeof(double) * (Size) n * d, MCXT_ALLOC_HUGE);
	cell_of = palloc(sizeof(int32) * (Size) n);
	cell_start = palloc(sizeof(int32) * ((Size) n + 1));
	ncells = 0;
	for (int p = 0; p < n; p++)
	{
		inv[perm[p]] = p;
		memcpy(Xs + (int64) p * d, D.X + (int64) perm[p] * d, sizeof(double) * d);
		if (p == 0 || cellkey_cmp(&keys[perm[p]], &keys[perm[p - 1]]) != 0)
			cell_start[ncells++] = p;
		cell_of[p] = ncells - 1;
		if ((p & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	cell_start[ncells] = n;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(CellKey);
	ctl.entrysize = sizeof(CellEntry);
	ctl.hcxt = CurrentMemoryContext;
	grid = hash_create("pmkt dbscan grid", ncells, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	for (int c = 0; c < ncells; c++)
	{
		CellEntry  *e = hash_search(grid, &keys[perm[cell_start[c]]], HASH_ENTER, NULL);

		e->cell = c;
		if ((c & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}

	/* neighbour cells of every cell (3^g offsets), and the work estimate */
	{
		int			noff = 1;

		for (int k = 0; k < g; k++)
			noff *= 3;
		nbr_start = palloc(sizeof(int32) * ((Size) ncells + 1));
		nbr = palloc_extended(sizeof(int32) * (Size) ncells * noff, MCXT_ALLOC_HUGE);
		nnbr = 0;
		for (int c = 0; c < ncells; c++)
		{
			const CellKey *base = &keys[perm[cell_start[c]]];
			double		cand = 0;

			nbr_start[c] = (int32) nnbr;
			for (int o = 0; o < noff; o++)
			{
				CellKey		k = *base;
				int			t = o;
				CellEntry  *e;

				for (int m = 0; m < g; m++)
				{
					k.c[m] += (t % 3) - 1;
					t /= 3;
				}
				e = hash_search(grid, &k, HASH_FIND, NULL);
				if (e != NULL)
				{
					nbr[nnbr++] = e->cell;
					cand += cell_start[e->cell + 1] - cell_start[e->cell];
				}
			}
			pairs += cand * (cell_start[c + 1] - cell_start[c]);
			if ((c & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		nbr_start[ncells] = (int32) nnbr;
	}
	if (pairs > (double) max_pairs)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("pmkt.dbscan: the neighbour search would compare too many pairs"),
				 errdetail("%d rows of %d features with eps %g need %.0f distance computations per pass; max_candidate_pairs is " INT64_FORMAT ".",
						   n, d, eps, pairs, max_pairs),
				 errhint("Use a smaller eps, cluster a sample, or raise max_candidate_pairs (brute force on n rows is n^2 pairs).")));

	/* pass 1: core rows (the neighbourhood includes the row itself) */
	core = palloc(sizeof(bool) * (Size) n);
	for (int c = 0; c < ncells; c++)
	{
		for (int p = cell_start[c]; p < cell_start[c + 1]; p++)
		{
			const double *xp = Xs + (int64) p * d;
			int			cnt = 0;

			for (int m = nbr_start[c]; m < nbr_start[c + 1] && cnt < min_points; m++)
			{
				int			c2 = nbr[m];

				for (int q = cell_start[c2]; q < cell_start[c2 + 1]; q++)
					if (dist2(xp, Xs + (int64) q * d, d) <= eps2)
						cnt++;
			}
			core[p] = cnt >= min_points;
			CHECK_FOR_INTERRUPTS();
		}
	}

	/* pass 2: grow clusters from core rows in id order */
	labels = palloc0(sizeof(int32) * (Size) n);
	stack = palloc(sizeof(int32) * (Size) n);
	for (int i = 0; i < n; i++)
	{
		int			p = inv[i];
		int			top = 0;

		if (!core[p] || labels[p] != 0)
			continue;
		labels[p] = ++cluster;
		stack[top++] = p;
		while (top > 0)
		{
			int			s = stack[--top];
			const double *xs = Xs + (int64) s * d;
			int			c = cell_of[s];

			for (int m = nbr_start[c]; m < nbr_start[c + 1]; m++)
			{
				int			c2 = nbr[m];

				for (int q = cell_start[c2]; q < cell_start[c2 + 1]; q++)
				{
					if (labels[q] != 0 || dist2(xs, Xs + (int64) q * d, d) > eps2)
						continue;
					labels[q] = cluster;
					if (core[q])
						stack[top++] = q;
				}
			}
			CHECK_FOR_INTERRUPTS();
		}
	}

	for (int i = 0; i < n; i++)
	{
		Datum		v[3];
		bool		nulls[3] = {0};
		int			p = inv[i];

		v[0] = Int64GetDatum(D.ids[i]);
		v[1] = Int32GetDatum(labels[p] == 0 ? PMKT_DBSCAN_NOISE : labels[p]);
		v[2] = BoolGetDatum(core[p]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
		if ((i & 65535) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return (Datum) 0;
}
