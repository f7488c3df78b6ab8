/*
 * nnmodel.c
 *    The pmkt.nnmodel type (flat varlena, JSON text I/O, binary I/O), the
 *    scoring functions that read it in place, the training curve, the
 *    training-row loader shared by the BPNN and RBF trainers, and the
 *    regression metrics (aggregate and per-model evaluation).
 */
#include "pmkt.h"

#include <ctype.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "nnfast.h"
#include "nnmodel.h"
#include "util/array.h"
#include "util/matrix.h"
#include "util/serial.h"
#include "util/state.h"

#define TYPNAME "pmkt.nnmodel"

/* ------------------------------------------------------------------------
 * names and codes
 * ------------------------------------------------------------------------ */

static const char *const act_names[] = {NULL, "sigmoid", "tanh", "relu", "identity", "gaussian"};
static const char *const opt_names[] = {"none", "sgd", "adam", "lstsq", "gd"};
static const char *const kind_names[] = {NULL, "bpnn", "rbf"};

const char *
pmkt_nn_act_name(int code)
{
	if (code >= 1 && code <= PMKT_ACT_GAUSSIAN)
		return act_names[code];
	return "unknown";
}

int
pmkt_nn_act_code(const char *name, const char *argname, bool output)
{
	if (!output)
	{
		for (int c = PMKT_ACT_SIGMOID; c <= PMKT_ACT_RELU; c++)
			if (strcmp(name, act_names[c]) == 0)
				return c;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for argument \"%s\"", argname),
				 errdetail("Unknown hidden activation \"%s\".", name),
				 errhint("Use 'sigmoid', 'tanh' or 'relu'.")));
	}
	if (strcmp(name, "sigmoid") == 0)
		return PMKT_ACT_SIGMOID;
	if (strcmp(name, "identity") == 0)
		return PMKT_ACT_IDENTITY;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for argument \"%s\"", argname),
			 errdetail("Unknown output activation \"%s\".", name),
			 errhint("Use 'identity' for unbounded targets or 'sigmoid' for targets in [0, 1].")));
	return 0;					/* keep compiler quiet */
}

/* ------------------------------------------------------------------------
 * exp table (see pmkt_nn_exp)
 * ------------------------------------------------------------------------ */

double		pmkt_nn_exp_tab[64];
static bool exp_tab_ready = false;

void
pmkt_nn_exp_init(void)
{
	if (exp_tab_ready)
		return;
	for (int j = 0; j < 64; j++)
		pmkt_nn_exp_tab[j] = exp2((double) j / 64.0);
	exp_tab_ready = true;
}

/* ------------------------------------------------------------------------
 * allocation and header checks
 * ------------------------------------------------------------------------ */

PmktNNModel *
pmkt_nn_alloc(int kind, int n_in, int n_hidden, int n_out, int n_curve)
{
	int64		nd = pmkt_nn_ndoubles(n_in, n_hidden, n_out, n_curve);
	Size		sz = PMKT_NN_HDRSZ + sizeof(double) * (Size) nd;
	PmktNNModel *m;

	if (sz > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("network too large for a pmkt.nnmodel value"),
				 errdetail("It would need %zu bytes; the limit is 1 GB.", sz)));
	m = palloc0(sz);
	SET_VARSIZE(m, sz);
	m->magic = PMKT_NN_MAGIC;
	m->version = PMKT_NN_VERSION;
	m->kind = kind;
	m->n_in = n_in;
	m->n_hidden = n_hidden;
	m->n_out = n_out;
	m->n_curve = n_curve;
	m->learning_rate = get_float8_nan();
	m->train_mse = get_float8_nan();
	m->validation_mse = get_float8_nan();
	m->cluster_sse = get_float8_nan();
	return m;
}

#define BADMODEL(ec, ...) \
	ereport(ERROR, (errcode(ec), errmsg("invalid " TYPNAME " value"), errdetail(__VA_ARGS__)))

void
pmkt_nn_check_header(const PmktNNModel *m, Size varsize, int ec)
{
	int64		nd;

	if (varsize < PMKT_NN_HDRSZ)
		BADMODEL(ec, "The value has %zu bytes, fewer than the %zu-byte header.",
				 varsize, (Size) PMKT_NN_HDRSZ);
	if (m->magic != PMKT_NN_MAGIC)
		BADMODEL(ec, "The header does not start with the " TYPNAME " magic number.");
	if (m->version != PMKT_NN_VERSION)
		BADMODEL(ec, "Format version %d is not supported (this build reads version %d).",
				 m->version, PMKT_NN_VERSION);
	if (m->kind != PMKT_NN_BPNN && m->kind != PMKT_NN_RBF)
		BADMODEL(ec, "Unknown network kind %d.", m->kind);
	if (m->n_in < 1 || m->n_in > PMKT_NN_MAX_UNITS ||
		m->n_hidden < 1 || m->n_hidden > PMKT_NN_MAX_UNITS ||
		m->n_out < 1 || m->n_out > PMKT_NN_MAX_OUTPUTS ||
		m->n_curve < 0 || m->n_curve > PMKT_NN_MAX_CURVE)
		BADMODEL(ec, "Layer sizes %d-%d-%d with %d curve points are out of range.",
				 m->n_in, m->n_hidden, m->n_out, m->n_curve);
	if (m->kind == PMKT_NN_BPNN ?
		(m->hidden_act < PMKT_ACT_SIGMOID || m->hidden_act > PMKT_ACT_RELU) :
		m->hidden_act != PMKT_ACT_GAUSSIAN)
		BADMODEL(ec, "Hidden activation code %d is not valid for a %s network.",
				 m->hidden_act, kind_names[m->kind]);
	if (m->output_act != PMKT_ACT_SIGMOID && m->output_act != PMKT_ACT_IDENTITY)
		BADMODEL(ec, "Output activation code %d is not valid.", m->output_act);
	if (m->optimizer < 0 || m->optimizer > PMKT_OPT_GD)
		BADMODEL(ec, "Optimizer code %d is not valid.", m->optimizer);
	nd = pmkt_nn_ndoubles(m->n_in, m->n_hidden, m->n_out, m->n_curve);
	if ((int64) varsize != (int64) PMKT_NN_HDRSZ + (int64) sizeof(double) * nd)
		BADMODEL(ec, "The header describes " INT64_FORMAT " bytes but the value has %zu.",
				 (int64) PMKT_NN_HDRSZ + (int64) sizeof(double) * nd, varsize);
}

/*
 * check_values: what a header check cannot see (input and recv only); ec is
 * 22P02 for text input, 22P03 for binary.
 */
static void
check_values(const PmktNNModel *m, int ec)
{
	int64		nparam = pmkt_nn_ndoubles(m->n_in, m->n_hidden, m->n_out, 0);
	const double *d = m->data;

	for (int64 i = 0; i < nparam; i++)
		if (!isfinite(d[i]))
			BADMODEL(ec,
					 "Parameter " INT64_FORMAT " is not a finite number.", i + 1);
	for (int i = 0; i < m->n_in; i++)
		if (!(NN_IN_SCALE(m)[i] > 0))
			BADMODEL(ec,
					 "input_scale[%d] must be positive.", i + 1);
	for (int i = 0; i < m->n_out; i++)
		if (!(NN_T_SCALE(m)[i] > 0))
			BADMODEL(ec,
					 "target_scale[%d] must be positive.", i + 1);
	if (m->kind == PMKT_NN_RBF)
		for (int j = 0; j < m->n_hidden; j++)
			if (!(NN_HBIAS(m)[j] > 0))
				BADMODEL(ec,
						 "widths[%d] must be positive.", j + 1);
	if (m->epochs < 0 || m->n_train < 0 || m->n_validation < 0)
		BADMODEL(ec,
				 "epochs, n_train and n_validation must not be negative.");
}

/* ------------------------------------------------------------------------
 * forward pass
 * ------------------------------------------------------------------------ */

static inline double
act_apply(int act, double a)
{
	switch (act)
	{
		case PMKT_ACT_SIGMOID:
			return 1.0 / (1.0 + pmkt_nn_exp(-a));
		case PMKT_ACT_TANH:
			return tanh(a);
		case PMKT_ACT_RELU:
			return a > 0 ? a : 0;
		default:
			return a;
	}
}

/*
 * Two-lane helpers (GCC/clang vector extensions: SSE2 on x86-64, scalar
 * code elsewhere) for the scoring hot path.
 */
typedef double v2d __attribute__((vector_size(16)));

static inline v2d
v2d_load(const double *p)
{
	v2d			v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* pmkt_nn_exp on two lanes; same arithmetic, so the same results */
static inline v2d
v2d_exp(v2d x)
{
	const v2d	shift = {0x1.8p52, 0x1.8p52};
	v2d			kd,
				r,
				r2,
				p,
				scale;
	union
	{
		double		d;
		uint64		u;
	}			b0,
				b1;
	int64		n0,
				n1;
	int			i0,
				i1;

	if (!(x[0] >= -708.0 && x[0] <= 709.0 && x[1] >= -708.0 && x[1] <= 709.0))
	{
		v2d			out = {pmkt_nn_exp(x[0]), pmkt_nn_exp(x[1])};

		return out;
	}
	kd = x * 0x1.71547652b82fep6 + shift;
	kd -= shift;
	r = x - kd * 0x1.62e42fefa0000p-7 - kd * 0x1.cf79abc9e3b3ap-46;
	r2 = r * r;
	p = r + r2 * (0.5 + r * (1.0 / 6)) + r2 * r2 * (1.0 / 24 + r * (1.0 / 120));
	n0 = (int64) kd[0];
	n1 = (int64) kd[1];
	i0 = (int) (n0 & 63);
	i1 = (int) (n1 & 63);
	b0.d = pmkt_nn_exp_tab[i0];
	b0.u += (uint64) ((n0 - i0) / 64) << 52;
	b1.d = pmkt_nn_exp_tab[i1];
	b1.u += (uint64) ((n1 - i1) / 64) << 52;
	scale[0] = b0.d;
	scale[1] = b1.d;
	return scale + scale * p;
}

/*
 * pmkt_nn_forward
 *    x: raw features (n_in); y: outputs on the target scale (n_out);
 *    work: n_in + n_hidden doubles.
 */
void
pmkt_nn_forward(const PmktNNModel *m, const double *x, double *y, double *work)
{
	const int	d = m->n_in,
				h = m->n_hidden,
				t = m->n_out;
	const double *mean = NN_IN_MEAN(m),
			   *scale = NN_IN_SCALE(m),
			   *W = NN_HIDDEN(m),
			   *B = NN_HBIAS(m),
			   *V = NN_OUT_W(m),
			   *c = NN_OUT_B(m);
	double	   *z = work,
			   *hid = work + d;

	pmkt_nn_exp_init();
	for (int i = 0; i < d; i++)
		z[i] = (x[i] - mean[i]) / scale[i];
	if (m->kind == PMKT_NN_BPNN)
	{
		const int	act = m->hidden_act;

		/*
		 * Blocks of 4 units with 4 register accumulators (independent
		 * chains); the last block is shifted back to end at unit h, so it
		 * may recompute a few units (same values).
		 */
		if (h >= 4)
		{
			for (int j0 = 0; j0 < h; j0 += 4)
			{
				int			j = Min(j0, h - 4);
				const double *w0 = W + (Size) j * d,
						   *w1 = w0 + d,
						   *w2 = w1 + d,
						   *w3 = w2 + d;
				double		a0 = B[j],
							a1 = B[j + 1],
							a2 = B[j + 2],
							a3 = B[j + 3];

				for (int i = 0; i < d; i++)
				{
					const double zi = z[i];

					a0 += w0[i] * zi;
					a1 += w1[i] * zi;
					a2 += w2[i] * zi;
					a3 += w3[i] * zi;
				}
				hid[j] = a0;
				hid[j + 1] = a1;
				hid[j + 2] = a2;
				hid[j + 3] = a3;
			}
		}
		else
		{
			for (int j = 0; j < h; j++)
			{
				const double *w = W + (Size) j * d;
				double		a = B[j];

				for (int i = 0; i < d; i++)
					a += w[i] * z[i];
				hid[j] = a;
			}
		}
		if (act == PMKT_ACT_SIGMOID)
		{
			const v2d	one = {1.0, 1.0};
			int			j = 0;

			for (; j + 2 <= h; j += 2)
			{
				v2d			e = v2d_exp(-v2d_load(hid + j));
				v2d			sg = one / (one + e);

				memcpy(hid + j, &sg, sizeof(sg));
			}
			for (; j < h; j++)
				hid[j] = 1.0 / (1.0 + pmkt_nn_exp(-hid[j]));
		}
		else
			for (int j = 0; j < h; j++)
				hid[j] = act_apply(act, hid[j]);
	}
	else
	{
		for (int j = 0; j < h; j++)
		{
			const double *cen = W + (Size) j * d;
			double		s = 0;

			for (int i = 0; i < d; i++)
			{
				double		df = z[i] - cen[i];

				s += df * df;
			}
			hid[j] = s / (-2.0 * B[j] * B[j]);
		}
		for (int j = 0; j < h; j++)
			hid[j] = pmkt_nn_exp(hid[j]);
	}
	for (int k = 0; k < t; k++)
	{
		const double *v = V + (Size) k * h;
		double		a0 = 0,
					a1 = 0,
					a2 = 0,
					a3 = 0;
		int			j = 0;

		for (; j + 4 <= h; j += 4)
		{
			a0 += v[j] * hid[j];
			a1 += v[j + 1] * hid[j + 1];
			a2 += v[j + 2] * hid[j + 2];
			a3 += v[j + 3] * hid[j + 3];
		}
		for (; j < h; j++)
			a0 += v[j] * hid[j];
		y[k] = NN_T_MEAN(m)[k] + NN_T_SCALE(m)[k] *
			act_apply(m->output_act, c[k] + ((a0 + a1) + (a2 + a3)));
	}
}

/* ------------------------------------------------------------------------
 * text output: readable JSON with exact numbers
 * ------------------------------------------------------------------------ */

static void
append_num(StringInfo buf, double v)
{
	if (isnan(v))
		appendStringInfoString(buf, "null");
	else
		pmkt_append_double(buf, v);
}

static void
append_vec(StringInfo buf, const double *v, int64 n)
{
	appendStringInfoChar(buf, '[');
	for (int64 i = 0; i < n; i++)
	{
		if (i > 0)
			appendStringInfoString(buf, ", ");
		append_num(buf, v[i]);
	}
	appendStringInfoChar(buf, ']');
}

static void
append_mat(StringInfo buf, const double *v, int64 rows, int cols)
{
	appendStringInfoChar(buf, '[');
	for (int64 r = 0; r < rows; r++)
	{
		if (r > 0)
			appendStringInfoString(buf, ", ");
		append_vec(buf, v + r * cols, cols);
	}
	appendStringInfoChar(buf, ']');
}

PG_FUNCTION_INFO_V1(pmkt_nnmodel_out);
Datum
pmkt_nnmodel_out(PG_FUNCTION_ARGS)
{
	struct varlena *raw = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	PmktNNModel *m = (PmktNNModel *) raw;
	StringInfoData buf;
	bool		rbf;

	pmkt_nn_check_header(m, VARSIZE(raw), ERRCODE_INVALID_PARAMETER_VALUE);
	rbf = m->kind == PMKT_NN_RBF;
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"format\": \"" TYPNAME "\", \"version\": %d, \"kind\": \"%s\", "
					 "\"inputs\": %d, \"hidden\": %d, \"outputs\": %d, "
					 "\"hidden_activation\": \"%s\", \"output_activation\": \"%s\", "
					 "\"optimizer\": \"%s\", \"learning_rate\": ",
					 m->version, kind_names[m->kind], m->n_in, m->n_hidden, m->n_out,
					 act_names[m->hidden_act], act_names[m->output_act],
					 opt_names[m->optimizer]);
	append_num(&buf, m->learning_rate);
	appendStringInfo(&buf, ", \"epochs\": %d, \"n_train\": " INT64_FORMAT
					 ", \"n_validation\": " INT64_FORMAT ", \"train_mse\": ",
					 m->epochs, m->n_train, m->n_validation);
	append_num(&buf, m->train_mse);
	appendStringInfoString(&buf, ", \"validation_mse\": ");
	append_num(&buf, m->validation_mse);
	appendStringInfoString(&buf, ", \"cluster_sse\": ");
	append_num(&buf, m->cluster_sse);
	appendStringInfoString(&buf, ", \"input_mean\": ");
	append_vec(&buf, NN_IN_MEAN(m), m->n_in);
	appendStringInfoString(&buf, ", \"input_scale\": ");
	append_vec(&buf, NN_IN_SCALE(m), m->n_in);
	appendStringInfoString(&buf, ", \"target_mean\": ");
	append_vec(&buf, NN_T_MEAN(m), m->n_out);
	appendStringInfoString(&buf, ", \"target_scale\": ");
	append_vec(&buf, NN_T_SCALE(m), m->n_out);
	appendStringInfoString(&buf, rbf ? ", \"centres\": " : ", \"hidden_weights\": ");
	append_mat(&buf, NN_HIDDEN(m), m->n_hidden, m->n_in);
	appendStringInfoString(&buf, rbf ? ", \"widths\": " : ", \"hidden_bias\": ");
	append_vec(&buf, NN_HBIAS(m), m->n_hidden);
	appendStringInfoString(&buf, ", \"output_weights\": ");
	append_mat(&buf, NN_OUT_W(m), m->n_out, m->n_hidden);
	appendStringInfoString(&buf, ", \"output_bias\": ");
	append_vec(&buf, NN_OUT_B(m), m->n_out);
	appendStringInfoString(&buf, ", \"curve\": ");
	append_mat(&buf, NN_CURVE(m), m->n_curve, 3);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/* ------------------------------------------------------------------------
 * text input: a strict parser for exactly the JSON the output writes
 * (keys in any order, each once, all required, nothing else)
 * ------------------------------------------------------------------------ */

#define SYNTAX(...) \
	ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION), \
					errmsg("invalid input syntax for type " TYPNAME), errdetail(__VA_ARGS__)))

static void
skip_ws(char **p)
{
	while (isspace((unsigned char) **p))
		(*p)++;
}

static void
expect_char(char **p, char c)
{
	skip_ws(p);
	if (**p != c)
	{
		if (**p == '\0')
			SYNTAX("Unexpected end of input; expected \"%c\".", c);
		SYNTAX("Expected \"%c\" at \"%.20s\".", c, *p);
	}
	(*p)++;
}

/* a string without escapes (keys and names are plain identifiers) */
static char *
parse_string(char **p)
{
	char	   *start;

	expect_char(p, '"');
	start = *p;
	while (**p != '"')
	{
		if (**p == '\0')
			SYNTAX("Unterminated string.");
		if (**p == '\\' || (unsigned char) **p < 0x20)
			SYNTAX("Escapes and control characters are not allowed in strings.");
		(*p)++;
	}
	(*p)++;
	return pnstrdup(start, *p - 1 - start);
}

static bool
peek_null(char **p)
{
	skip_ws(p);
	if (strncmp(*p, "null", 4) == 0)
	{
		*p += 4;
		return true;
	}
	return false;
}

/* a JSON number (no NaN/Infinity spellings) or, if allowed, null -> NaN */
static double
parse_num(char **p, bool allow_null)
{
	double		v;

	if (peek_null(p))
	{
		if (!allow_null)
			SYNTAX("null is not allowed here.");
		return get_float8_nan();
	}
	if (!(**p == '-' || isdigit((unsigned char) **p)))
	{
		if (**p == '\0')
			SYNTAX("Unexpected end of input; expected a number.");
		SYNTAX("Expected a number at \"%.20s\".", *p);
	}
	v = pmkt_parse_double(p, TYPNAME);
	if (!isfinite(v))
		SYNTAX("Numbers must be finite.");
	return v;
}

static int64
json_int(char **p, int64 lo, int64 hi, const char *key)
{
	double		v = parse_num(p, false);

	if (v != floor(v) || v < (double) lo || v > (double) hi)
		SYNTAX("\"%s\" must be an integer between " INT64_FORMAT " and " INT64_FORMAT ".",
			   key, lo, hi);
	return (int64) v;
}

/* [n, n, ...] -> palloc'd doubles */
static double *
parse_vec(char **p, int64 *n, bool allow_null, int64 maxn)
{
	int64		cap = 8,
				cnt = 0;
	double	   *v = palloc(sizeof(double) * cap);

	expect_char(p, '[');
	skip_ws(p);
	if (**p == ']')
	{
		(*p)++;
		*n = 0;
		return v;
	}
	for (;;)
	{
		if (cnt == maxn)
			SYNTAX("Array longer than " INT64_FORMAT " elements.", maxn);
		if (cnt == cap)
		{
			cap *= 2;
			v = repalloc_huge(v, sizeof(double) * cap);
		}
		v[cnt++] = parse_num(p, allow_null);
		skip_ws(p);
		if (**p == ',')
		{
			(*p)++;
			continue;
		}
		expect_char(p, ']');
		break;
	}
	*n = cnt;
	return v;
}

/* [[...], [...]] rectangular -> palloc'd row-major doubles */
static double *
parse_mat(char **p, int64 *rows, int64 *cols, bool allow_null, const char *key)
{
	int64		cap = 0,
				r = 0,
				c = -1;
	double	   *v = NULL;

	expect_char(p, '[');
	skip_ws(p);
	if (**p == ']')
	{
		(*p)++;
		*rows = 0;
		*cols = 0;
		return NULL;
	}
	for (;;)
	{
		int64		n;
		double	   *row = parse_vec(p, &n, allow_null, PMKT_NN_MAX_UNITS);

		if (c < 0)
			c = n;
		else if (n != c)
			SYNTAX("\"%s\": row " INT64_FORMAT " has " INT64_FORMAT " elements, the first row has " INT64_FORMAT ".",
				   key, r + 1, n, c);
		if (r >= PMKT_NN_MAX_CURVE)
			SYNTAX("\"%s\" has too many rows.", key);
		if ((r + 1) * c > cap)
		{
			cap = Max(16, 2 * (r + 1) * c);
			if ((Size) cap * sizeof(double) > MaxAllocHugeSize)
				SYNTAX("\"%s\" is too large.", key);
			v = v ? repalloc_huge(v, sizeof(double) * cap) : palloc_extended(sizeof(double) * cap, MCXT_ALLOC_HUGE);
		}
		if (c > 0)
			memcpy(v + r * c, row, sizeof(double) * c);
		pfree(row);
		r++;
		skip_ws(p);
		if (**p == ',')
		{
			(*p)++;
			continue;
		}
		expect_char(p, ']');
		break;
	}
	*rows = r;
	*cols = c;
	return v;
}

enum
{
	K_FORMAT, K_VERSION, K_KIND, K_INPUTS, K_HIDDEN, K_OUTPUTS, K_HACT, K_OACT,
	K_OPT, K_LR, K_EPOCHS, K_NTRAIN, K_NVAL, K_TRAIN_MSE, K_VAL_MSE, K_CSSE,
	K_IN_MEAN, K_IN_SCALE, K_T_MEAN, K_T_SCALE, K_HW, K_HB, K_OW, K_OB, K_CURVE,
	K_CENTRES, K_WIDTHS, K_COUNT
};
static const char *const key_names[K_COUNT] = {
	"format", "version", "kind", "inputs", "hidden", "outputs",
	"hidden_activation", "output_activation", "optimizer", "learning_rate",
	"epochs", "n_train", "n_validation", "train_mse", "validation_mse",
	"cluster_sse", "input_mean", "input_scale", "target_mean", "target_scale",
	"hidden_weights", "hidden_bias", "output_weights", "output_bias", "curve",
	"centres", "widths"
};

typedef struct ParsedArr
{
	double	   *v;
	int64		rows;
	int64		cols;
} ParsedArr;

static int
name_code(const char *s, const char *const *names, int lo, int hi, const char *key)
{
	for (int c = lo; c <= hi; c++)
		if (names[c] && strcmp(s, names[c]) == 0)
			return c;
	SYNTAX("Unknown %s \"%s\".", key, s);
	return 0;
}

/* check_section: a parsed array has the size the header gives it */
static void
check_section(const ParsedArr *a, int64 rows, int64 cols, const char *key,
			  bool matrix)
{
	if (matrix ? (a->rows != rows || (rows > 0 && a->cols != cols)) :
		a->rows != rows)
	{
		if (matrix)
			SYNTAX("\"%s\" must be " INT64_FORMAT " x " INT64_FORMAT ", got " INT64_FORMAT " x " INT64_FORMAT ".",
				   key, rows, cols, a->rows, a->cols);
		SYNTAX("\"%s\" must have " INT64_FORMAT " elements, got " INT64_FORMAT ".",
			   key, rows, a->rows);
	}
}

/* fill_section: copy a parsed array (already checked by check_section) */
static void
fill_section(double *dst, const ParsedArr *a, int64 rows, int64 cols)
{
	if (rows * cols > 0)
		memcpy(dst, a->v, sizeof(double) * rows * cols);
}

PG_FUNCTION_INFO_V1(pmkt_nnmodel_in);
Datum
pmkt_nnmodel_in(PG_FUNCTION_ARGS)
{
	char	   *p = PG_GETARG_CSTRING(0);
	bool		seen[K_COUNT] = {0};
	int64		ival[K_COUNT] = {0};
	double		dval[K_COUNT] = {0};
	ParsedArr	arr[K_COUNT];
	int			kind;
	bool		rbf;
	PmktNNModel *m;
	int			hk,
				bk;

	memset(arr, 0, sizeof(arr));
	expect_char(&p, '{');
	skip_ws(&p);
	if (*p == '}')
		SYNTAX("The object is empty.");
	for (;;)
	{
		char	   *key = parse_string(&p);
		int			k;

		for (k = 0; k < K_COUNT; k++)
			if (strcmp(key, key_names[k]) == 0)
				break;
		if (k == K_COUNT)
			SYNTAX("Unknown key \"%s\".", key);
		if (seen[k])
			SYNTAX("Key \"%s\" appears more than once.", key);
		seen[k] = true;
		expect_char(&p, ':');
		switch (k)
		{
			case K_FORMAT:
				{
					char	   *s = parse_string(&p);

					if (strcmp(s, TYPNAME) != 0)
						SYNTAX("\"format\" must be \"" TYPNAME "\", got \"%s\".", s);
					break;
				}
			case K_VERSION:
				ival[k] = json_int(&p, 0, INT_MAX, key);
				if (ival[k] != PMKT_NN_VERSION)
					SYNTAX("Format version " INT64_FORMAT " is not supported (this build reads version %d).",
						   ival[k], PMKT_NN_VERSION);
				break;
			case K_KIND:
				ival[k] = name_code(parse_string(&p), kind_names, 1, 2, key);
				break;
			case K_HACT:
			case K_OACT:
				ival[k] = name_code(parse_string(&p), act_names, 1, PMKT_ACT_GAUSSIAN, key);
				break;
			case K_OPT:
				ival[k] = name_code(parse_string(&p), opt_names, 0, PMKT_OPT_GD, key);
				break;
			case K_INPUTS:
			case K_HIDDEN:
				ival[k] = json_int(&p, 1, PMKT_NN_MAX_UNITS, key);
				break;
			case K_OUTPUTS:
				ival[k] = json_int(&p, 1, PMKT_NN_MAX_OUTPUTS, key);
				break;
			case K_EPOCHS:
				ival[k] = json_int(&p, 0, INT_MAX, key);
				break;
			case K_NTRAIN:
			case K_NVAL:
				ival[k] = json_int(&p, 0, PG_INT64_MAX / 2, key);
				break;
			case K_LR:
			case K_TRAIN_MSE:
			case K_VAL_MSE:
			case K_CSSE:
				dval[k] = parse_num(&p, true);
				break;
			case K_HW:
			case K_OW:
			case K_CURVE:
			case K_CENTRES:
				arr[k].v = parse_mat(&p, &arr[k].rows, &arr[k].cols, k == K_CURVE, key);
				break;
			default:
				arr[k].v = parse_vec(&p, &arr[k].rows, false, PMKT_NN_MAX_UNITS);
				arr[k].cols = 1;
				break;
		}
		skip_ws(&p);
		if (*p == ',')
		{
			p++;
			continue;
		}
		expect_char(&p, '}');
		break;
	}
	skip_ws(&p);
	if (*p != '\0')
		SYNTAX("Unexpected text after the object: \"%.20s\".", p);

	if (!seen[K_KIND])
		SYNTAX("Missing key \"kind\".");
	kind = (int) ival[K_KIND];
	rbf = kind == PMKT_NN_RBF;
	hk = rbf ? K_CENTRES : K_HW;
	bk = rbf ? K_WIDTHS : K_HB;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < K_COUNT; k++)
		{
			bool		needed = !(k == K_HW || k == K_HB || k == K_CENTRES || k == K_WIDTHS) ||
				k == hk || k == bk;

			if (pass == 0 && !needed && seen[k])
				SYNTAX("Key \"%s\" is not valid for kind \"%s\".", key_names[k], kind_names[kind]);
			if (pass == 1 && needed && !seen[k])
				SYNTAX("Missing key \"%s\".", key_names[k]);
		}

	/*
	 * The header's sizes are checked against the arrays actually parsed
	 * before anything is allocated from them: the model's size is then
	 * bounded by the input's (a short text cannot claim gigabytes).
	 */
	{
		PmktNNModel hdr;
		int64		n_in = ival[K_INPUTS],
					n_hidden = ival[K_HIDDEN],
					n_out = ival[K_OUTPUTS],
					n_curve = arr[K_CURVE].rows;

		memset(&hdr, 0, sizeof(hdr));
		hdr.magic = PMKT_NN_MAGIC;
		hdr.version = PMKT_NN_VERSION;
		hdr.kind = kind;
		hdr.n_in = (int32) n_in;
		hdr.n_hidden = (int32) n_hidden;
		hdr.n_out = (int32) n_out;
		hdr.n_curve = (int32) n_curve;
		hdr.hidden_act = (int32) ival[K_HACT];
		hdr.output_act = (int32) ival[K_OACT];
		hdr.optimizer = (int32) ival[K_OPT];
		pmkt_nn_check_header(&hdr, PMKT_NN_HDRSZ + sizeof(double) *
							 (Size) pmkt_nn_ndoubles(n_in, n_hidden, n_out, n_curve),
							 ERRCODE_INVALID_TEXT_REPRESENTATION);
		if (n_curve > 0 && arr[K_CURVE].cols != 3)
			SYNTAX("\"curve\" rows must be [epoch, train_mse, validation_mse].");
		check_section(&arr[K_IN_MEAN], n_in, 1, "input_mean", false);
		check_section(&arr[K_IN_SCALE], n_in, 1, "input_scale", false);
		check_section(&arr[K_T_MEAN], n_out, 1, "target_mean", false);
		check_section(&arr[K_T_SCALE], n_out, 1, "target_scale", false);
		check_section(&arr[hk], n_hidden, n_in, key_names[hk], true);
		check_section(&arr[bk], n_hidden, 1, key_names[bk], false);
		check_section(&arr[K_OW], n_out, n_hidden, "output_weights", true);
		check_section(&arr[K_OB], n_out, 1, "output_bias", false);
	}
	m = pmkt_nn_alloc(kind, (int) ival[K_INPUTS], (int) ival[K_HIDDEN],
					  (int) ival[K_OUTPUTS], (int) arr[K_CURVE].rows);
	m->hidden_act = (int32) ival[K_HACT];
	m->output_act = (int32) ival[K_OACT];
	m->optimizer = (int32) ival[K_OPT];
	m->epochs = (int32) ival[K_EPOCHS];
	m->n_train = ival[K_NTRAIN];
	m->n_validation = ival[K_NVAL];
	m->learning_rate = dval[K_LR];
	m->train_mse = dval[K_TRAIN_MSE];
	m->validation_mse = dval[K_VAL_MSE];
	m->cluster_sse = dval[K_CSSE];
	pmkt_nn_check_header(m, VARSIZE(m), ERRCODE_INVALID_TEXT_REPRESENTATION);
	fill_section(NN_IN_MEAN(m), &arr[K_IN_MEAN], m->n_in, 1);
	fill_section(NN_IN_SCALE(m), &arr[K_IN_SCALE], m->n_in, 1);
	fill_section(NN_T_MEAN(m), &arr[K_T_MEAN], m->n_out, 1);
	fill_section(NN_T_SCALE(m), &arr[K_T_SCALE], m->n_out, 1);
	fill_section(NN_HIDDEN(m), &arr[hk], m->n_hidden, m->n_in);
	fill_section(NN_HBIAS(m), &arr[bk], m->n_hidden, 1);
	fill_section(NN_OUT_W(m), &arr[K_OW], m->n_out, m->n_hidden);
	fill_section(NN_OUT_B(m), &arr[K_OB], m->n_out, 1);
	fill_section(NN_CURVE(m), &arr[K_CURVE], m->n_curve, 3);
	for (int i = 0; i < m->n_curve; i++)
		if (isnan(NN_CURVE(m)[3 * i]))
			SYNTAX("\"curve\" row %d has a null epoch.", i + 1);
	check_values(m, ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_POINTER(m);
}

/* ------------------------------------------------------------------------
 * binary I/O: header fields then the doubles, network byte order
 * ------------------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(pmkt_nnmodel_send);
Datum
pmkt_nnmodel_send(PG_FUNCTION_ARGS)
{
	struct varlena *raw = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	PmktNNModel *m = (PmktNNModel *) raw;
	StringInfoData buf;
	int64		nd;

	pmkt_nn_check_header(m, VARSIZE(raw), ERRCODE_INVALID_PARAMETER_VALUE);
	nd = pmkt_nn_ndoubles(m->n_in, m->n_hidden, m->n_out, m->n_curve);
	pq_begintypsend(&buf);
	pq_sendint32(&buf, m->magic);
	pq_sendint32(&buf, m->version);
	pq_sendint32(&buf, m->kind);
	pq_sendint32(&buf, m->n_in);
	pq_sendint32(&buf, m->n_hidden);
	pq_sendint32(&buf, m->n_out);
	pq_sendint32(&buf, m->hidden_act);
	pq_sendint32(&buf, m->output_act);
	pq_sendint32(&buf, m->optimizer);
	pq_sendint32(&buf, m->n_curve);
	pq_sendint32(&buf, m->epochs);
	pq_sendint64(&buf, m->n_train);
	pq_sendint64(&buf, m->n_validation);
	pq_sendfloat8(&buf, m->learning_rate);
	pq_sendfloat8(&buf, m->train_mse);
	pq_sendfloat8(&buf, m->validation_mse);
	pq_sendfloat8(&buf, m->cluster_sse);
	for (int64 i = 0; i < nd; i++)
		pq_sendfloat8(&buf, m->data[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(pmkt_nnmodel_recv);
Datum
pmkt_nnmodel_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	PmktNNModel hdr;
	PmktNNModel *m;
	int64		nd;

	memset(&hdr, 0, sizeof(hdr));
	if (buf->len - buf->cursor < (int) (PMKT_NN_HDRSZ - VARHDRSZ))
		BADMODEL(ERRCODE_INVALID_BINARY_REPRESENTATION,
				 "The binary value has %d bytes, fewer than the header.", buf->len - buf->cursor);
	hdr.magic = (uint32) pq_getmsgint(buf, 4);
	hdr.version = (int32) pq_getmsgint(buf, 4);
	hdr.kind = (int32) pq_getmsgint(buf, 4);
	hdr.n_in = (int32) pq_getmsgint(buf, 4);
	hdr.n_hidden = (int32) pq_getmsgint(buf, 4);
	hdr.n_out = (int32) pq_getmsgint(buf, 4);
	hdr.hidden_act = (int32) pq_getmsgint(buf, 4);
	hdr.output_act = (int32) pq_getmsgint(buf, 4);
	hdr.optimizer = (int32) pq_getmsgint(buf, 4);
	hdr.n_curve = (int32) pq_getmsgint(buf, 4);
	hdr.epochs = (int32) pq_getmsgint(buf, 4);
	hdr.n_train = pq_getmsgint64(buf);
	hdr.n_validation = pq_getmsgint64(buf);
	hdr.learning_rate = pq_getmsgfloat8(buf);
	hdr.train_mse = pq_getmsgfloat8(buf);
	hdr.validation_mse = pq_getmsgfloat8(buf);
	hdr.cluster_sse = pq_getmsgfloat8(buf);
	/* sizes first (without the data), then the exact byte count */
	pmkt_nn_check_header(&hdr, PMKT_NN_HDRSZ + sizeof(double) *
						 (Size) pmkt_nn_ndoubles(Max(hdr.n_in, 0), Max(hdr.n_hidden, 0),
												 Max(hdr.n_out, 0), Max(hdr.n_curve, 0)),
						 ERRCODE_INVALID_BINARY_REPRESENTATION);
	nd = pmkt_nn_ndoubles(hdr.n_in, hdr.n_hidden, hdr.n_out, hdr.n_curve);
	if ((int64) (buf->len - buf->cursor) != nd * (int64) sizeof(double))
		BADMODEL(ERRCODE_INVALID_BINARY_REPRESENTATION,
				 "The header describes " INT64_FORMAT " parameter bytes but %d follow.",
				 nd * (int64) sizeof(double), buf->len - buf->cursor);
	m = pmkt_nn_alloc(hdr.kind, hdr.n_in, hdr.n_hidden, hdr.n_out, hdr.n_curve);
	memcpy(((char *) m) + VARHDRSZ, ((char *) &hdr) + VARHDRSZ, PMKT_NN_HDRSZ - VARHDRSZ);
	for (int64 i = 0; i < nd; i++)
		m->data[i] = pq_getmsgfloat8(buf);
	check_values(m, ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_POINTER(m);
}

/* ------------------------------------------------------------------------
 * training curve
 * ------------------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(pmkt_nn_training_curve);
Datum
pmkt_nn_training_curve(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	struct varlena *raw = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	PmktNNModel *m = (PmktNNModel *) raw;
	const double *cv;

	pmkt_nn_check_header(m, VARSIZE(raw), ERRCODE_INVALID_PARAMETER_VALUE);
	InitMaterializedSRF(fcinfo, 0);
	cv = NN_CURVE(m);
	for (int i = 0; i < m->n_curve; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int32GetDatum((int32) cv[3 * i]);
		for (int j = 1; j < 3; j++)
		{
			if (isnan(cv[3 * i + j]))
				nulls[j] = true;
			values[j] = Float8GetDatum(cv[3 * i + j]);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * rows: (features float8[], target numeric...) or (features, target
 * float8[]); the trainers load them through util/matrix.h, nn_evaluate
 * streams them (flat_array)
 * ------------------------------------------------------------------------ */

/*
 * flat_array: a row's 1-D float8[] cell as doubles, or NULL when the row
 * must be skipped (NULL element); checks dimensionality and finiteness.
 */
static double *
flat_array(Datum d, int *len, const char *what, int64 rowno, const char *funcname)
{
	ArrayType  *a = pmkt_to_float8_array(DatumGetArrayTypeP(d), what);
	double	   *x;

	if (ARR_NDIM(a) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: %s must not be empty", funcname, what),
				 errdetail("Row " INT64_FORMAT " has an empty array.", rowno)));
	if (ARR_NDIM(a) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: %s must be one-dimensional", funcname, what)));
	if (ARR_HASNULL(a) && array_contains_nulls(a))
		return NULL;
	*len = ARR_DIMS(a)[0];
	x = (double *) ARR_DATA_PTR(a);
	for (int j = 0; j < *len; j++)
		if (!isfinite(x[j]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: %s must be finite numbers", funcname, what),
					 errdetail("Row " INT64_FORMAT ", element %d is %g.", rowno, j + 1, x[j])));
	return x;
}

PmktNNData *
pmkt_nn_load(const char *query, const char *funcname)
{
	PmktNNData *D = palloc0(sizeof(PmktNNData));
	PmktLoadSpec spec = {0};
	PmktMatrix *m;

	spec.funcname = funcname;
	spec.budget = PMKT_TRAIN_BUDGET_BYTES;
	spec.error_over_budget = true;
	spec.budget_hint = "The neural trainers hold their rows in memory: raise pmkt.max_train_memory or train on a sample.";
	spec.min_targets = 1;
	spec.max_targets = -1;
	spec.array_target = true;
	spec.shape = "(features float8[], target, ...) or (features float8[], targets float8[])";
	spec.example = "SELECT ARRAY[f1, f2, f3], y FROM t";
	m = pmkt_load_rows(query, &spec);
	D->n = m->n;
	D->d = m->d;
	D->t = m->t;
	D->X = m->X;
	D->Y = m->Y;
	D->skipped_null = m->skipped_null;
	if (D->n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: the training query returned no usable rows", funcname),
				 errdetail(INT64_FORMAT " rows were skipped for NULL features or targets.",
						   D->skipped_null)));
	if (D->t > PMKT_NN_MAX_OUTPUTS)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: at most %d outputs", funcname, PMKT_NN_MAX_OUTPUTS)));
	return D;
}

void
pmkt_nn_col_stats(const double *X, int64 n, int d, double *mean, double *scale)
{
	for (int j = 0; j < d; j++)
	{
		double		mu = 0,
					m2 = 0;

		for (int64 i = 0; i < n; i++)
		{
			double		v = X[i * d + j],
						delta = v - mu;

			mu += delta / (double) (i + 1);
			m2 += delta * (v - mu);
		}
		mean[j] = mu;
		scale[j] = n > 0 && m2 > 0 ? sqrt(m2 / (double) n) : 1.0;
		CHECK_FOR_INTERRUPTS();
		if (!(scale[j] > 1e-300))
			scale[j] = 1.0;
	}
}

/* ------------------------------------------------------------------------
 * regression metrics: state [tag, n, mean_y, m2_y, sse, sae]
 * ------------------------------------------------------------------------ */

#define METRICS_TAG 7001.0
#define METRICS_LEN 6

static inline void
metrics_add(double *s, double y, double yhat)
{
	double		delta,
				e = y - yhat;

	s[1] += 1;
	delta = y - s[2];
	s[2] += delta / s[1];
	s[3] += delta * (y - s[2]);
	s[4] += e * e;
	s[5] += fabs(e);
}

/*
 * metrics_state: a state's doubles after checking its contents: n a count,
 * the sums finite, the sums of squares and absolute errors non-negative,
 * all zero without rows.
 */
static double *
metrics_state(ArrayType *st)
{
	const char *fn = "regression_metrics";
	double	   *s = pmkt_state_data(st, METRICS_TAG, METRICS_LEN, fn);

	pmkt_state_count(s[1], "n", fn);
	pmkt_state_finite(&s[2], 1, false, "mean of y", fn);
	pmkt_state_finite(&s[3], 1, true, "sum of squared deviations of y", fn);
	pmkt_state_finite(&s[4], 1, true, "sum of squared errors", fn);
	pmkt_state_finite(&s[5], 1, true, "sum of absolute errors", fn);
	if (s[1] == 0 && (s[2] != 0 || s[3] != 0 || s[4] != 0 || s[5] != 0))
		pmkt_state_invalid(fn, "sums without rows",
						   "n is 0, the sums are %.17g, %.17g, %.17g, %.17g.",
						   s[2], s[3], s[4], s[5]);
	return s;
}

PG_FUNCTION_INFO_V1(pmkt_regression_metrics_sfunc);
Datum
pmkt_regression_metrics_sfunc(PG_FUNCTION_ARGS)
{
	ArrayType  *st;
	double	   *s;
	double		y,
				yhat;

	if (PG_ARGISNULL(0))
	{
		st = pmkt_state_new(fcinfo, METRICS_LEN, "regression_metrics");
		s = (double *) ARR_DATA_PTR(st);
		s[0] = METRICS_TAG;
	}
	else
	{
		st = pmkt_state_arg(fcinfo, 0, "regression_metrics");
		s = metrics_state(st);
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_ARRAYTYPE_P(st);
	y = PG_GETARG_FLOAT8(1);
	yhat = PG_GETARG_FLOAT8(2);
	pmkt_check_finite(y, "y");
	pmkt_check_finite(yhat, "yhat");
	metrics_add(s, y, yhat);
	pmkt_state_check_overflow(s + 2, METRICS_LEN - 2, "regression_metrics");
	PG_RETURN_ARRAYTYPE_P(st);
}

PG_FUNCTION_INFO_V1(pmkt_regression_metrics_combine);
Datum
pmkt_regression_metrics_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *a,
			   *b;
	double	   *sa,
			   *sb,
				n,
				delta;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	if (PG_ARGISNULL(0))
	{
		/* copy b into the aggregate context (never return the input) */
		MemoryContext aggcxt,
					old;

		b = PG_GETARG_ARRAYTYPE_P(1);
		metrics_state(b);
		if (!AggCheckCallContext(fcinfo, &aggcxt))
			aggcxt = CurrentMemoryContext;
		old = MemoryContextSwitchTo(aggcxt);
		a = (ArrayType *) palloc(VARSIZE(b));
		memcpy(a, b, VARSIZE(b));
		MemoryContextSwitchTo(old);
		PG_RETURN_ARRAYTYPE_P(a);
	}
	a = pmkt_state_arg(fcinfo, 0, "regression_metrics");
	b = PG_GETARG_ARRAYTYPE_P(1);
	sa = metrics_state(a);
	sb = metrics_state(b);
	if (sb[1] == 0)
		PG_RETURN_ARRAYTYPE_P(a);
	if (sa[1] == 0)
	{
		memcpy(sa, sb, sizeof(double) * METRICS_LEN);
		PG_RETURN_ARRAYTYPE_P(a);
	}
	n = sa[1] + sb[1];
	delta = sb[2] - sa[2];
	sa[3] = sa[3] + sb[3] + delta * delta * sa[1] * sb[1] / n;
	sa[2] = sa[2] + delta * sb[1] / n;
	sa[1] = n;
	sa[4] += sb[4];
	sa[5] += sb[5];
	pmkt_state_check_overflow(sa + 2, METRICS_LEN - 2, "regression_metrics");
	PG_RETURN_ARRAYTYPE_P(a);
}

static Datum
metrics_result(FunctionCallInfo fcinfo, const double *s)
{
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	double		n = s ? s[1] : 0;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int64GetDatum((int64) n);
	if (n == 0)
	{
		for (int i = 1; i < 6; i++)
			nulls[i] = true;
	}
	else
	{
		values[1] = Float8GetDatum(s[4]);
		values[2] = Float8GetDatum(s[4] / n);
		values[3] = Float8GetDatum(sqrt(s[4] / n));
		values[4] = Float8GetDatum(s[5] / n);
		if (s[3] > 0)
			values[5] = Float8GetDatum(1.0 - s[4] / s[3]);
		else
			nulls[5] = true;	/* constant y: R squared undefined */
	}
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

PG_FUNCTION_INFO_V1(pmkt_regression_metrics_final);
Datum
pmkt_regression_metrics_final(PG_FUNCTION_ARGS)
{
	const double *s = NULL;

	if (!PG_ARGISNULL(0))
		s = metrics_state(PG_GETARG_ARRAYTYPE_P(0));
	PG_RETURN_DATUM(metrics_result(fcinfo, s));
}

/*
 * pmkt_nn_evaluate(model, query)
 *    Streams the query's (features, target) rows through the model and
 *    returns the metrics; with several outputs the target is a float8[] and
 *    the metrics pool every (row, output) pair.
 */
PG_FUNCTION_INFO_V1(pmkt_nn_evaluate);
Datum
pmkt_nn_evaluate(PG_FUNCTION_ARGS)
{
	bool		fast;
	const PmktNNModel *m = pmkt_nn_model_arg(fcinfo, 0, &fast);
	char	   *query = text_to_cstring(PG_GETARG_TEXT_PP(1));
	double		s[METRICS_LEN] = {METRICS_TAG, 0, 0, 0, 0, 0};
	double	   *work = palloc(sizeof(double) * ((Size) m->n_in + m->n_hidden + m->n_out));
	double	   *out = work + m->n_in + m->n_hidden;
	Portal		portal;
	int64		rowno = 0;
	bool		checked = false,
				arr_target = false;
	const char *fn = "nn_evaluate";
	MemoryContext rowcxt;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = pmkt_open_cursor(query, fn);
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "pmkt nn rows",
								   ALLOCSET_DEFAULT_SIZES);
	for (;;)
	{
		TupleDesc	desc;
		MemoryContext spicxt;

		SPI_cursor_fetch(portal, true, 10000);
		CHECK_FOR_INTERRUPTS();
		if (SPI_processed == 0)
			break;
		desc = SPI_tuptable->tupdesc;
		if (!checked)
		{
			/* 1.1: features (and an array target) of any number type */
			if (desc->natts != 2 ||
				!pmkt_number_elem_type(get_element_type(SPI_gettypeid(desc, 1))))
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("%s: the query must return (features float8[], target)", fn),
						 desc->natts < 1 ? errdetail("It returns no columns.") :
						 errdetail("It returns %d column%s, the first of type %s.", desc->natts,
								   desc->natts == 1 ? "" : "s",
								   format_type_be(SPI_gettypeid(desc, 1)))));
			arr_target = pmkt_number_elem_type(get_element_type(SPI_gettypeid(desc, 2)));
			if (!arr_target && m->n_out != 1)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("%s: the model has %d outputs; the target must be a float8[] of that length",
								fn, m->n_out)));
			checked = true;
		}
		spicxt = MemoryContextSwitchTo(rowcxt);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			bool		n1,
						n2;
			Datum		fd = SPI_getbinval(tup, desc, 1, &n1);
			Datum		td = SPI_getbinval(tup, desc, 2, &n2);
			double	   *x,
					   *y,
						yv;
			int			len,
						tlen = 1;

			rowno++;
			if (n1 || n2)
				continue;
			x = flat_array(fd, &len, "features", rowno, fn);
			if (x == NULL)
				continue;
			if (len != m->n_in)
				ereport(ERROR,
						(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						 errmsg("%s: row " INT64_FORMAT " has %d features but the model expects %d",
								fn, rowno, len, m->n_in)));
			if (arr_target)
			{
				y = flat_array(td, &tlen, "targets", rowno, fn);
				if (y == NULL)
					continue;
				if (tlen != m->n_out)
					ereport(ERROR,
							(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
							 errmsg("%s: row " INT64_FORMAT " has %d targets but the model has %d outputs",
									fn, rowno, tlen, m->n_out)));
			}
			else
			{
				yv = pmkt_datum_to_float8(td, SPI_gettypeid(desc, 2));
				if (!isfinite(yv))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("%s: targets must be finite numbers", fn),
							 errdetail("Row " INT64_FORMAT " has target %g.", rowno, yv)));
				y = &yv;
			}
			if (!fast || !pmkt_nn_fast_forward(m, x, out))
				pmkt_nn_forward(m, x, out, work);
			for (int k = 0; k < m->n_out; k++)
			{
				pmkt_check_result(out[k], fn);
				metrics_add(s, y[k], out[k]);
			}
			pmkt_state_check_overflow(s + 2, METRICS_LEN - 2, fn);
		}
		MemoryContextSwitchTo(spicxt);
		MemoryContextReset(rowcxt);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	PG_RETURN_DATUM(metrics_result(fcinfo, s));
}

/*
 * pmkt_nn_model_info(model)
 *    The header of a model as a row (for views and BI tools).
 */
PG_FUNCTION_INFO_V1(pmkt_nn_model_info);
Datum
pmkt_nn_model_info(PG_FUNCTION_ARGS)
{
	struct varlena *raw = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	PmktNNModel *m = (PmktNNModel *) raw;
	TupleDesc	tupdesc;
	Datum		values[14];
	bool		nulls[14] = {0};
	double		dv[4];

	pmkt_nn_check_header(m, VARSIZE(raw), ERRCODE_INVALID_PARAMETER_VALUE);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = CStringGetTextDatum(kind_names[m->kind]);
	values[1] = Int32GetDatum(m->n_in);
	values[2] = Int32GetDatum(m->n_hidden);
	values[3] = Int32GetDatum(m->n_out);
	values[4] = CStringGetTextDatum(act_names[m->hidden_act]);
	values[5] = CStringGetTextDatum(act_names[m->output_act]);
	values[6] = CStringGetTextDatum(opt_names[m->optimizer]);
	values[8] = Int32GetDatum(m->epochs);
	values[9] = Int64GetDatum(m->n_train);
	values[10] = Int64GetDatum(m->n_validation);
	dv[0] = m->learning_rate;
	dv[1] = m->train_mse;
	dv[2] = m->validation_mse;
	dv[3] = m->cluster_sse;
	for (int i = 0; i < 4; i++)
	{
		int			col = i == 0 ? 7 : 10 + i;

		values[col] = Float8GetDatum(dv[i]);
		nulls[col] = isnan(dv[i]);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
