# pmkt: PGXS build.  Sources, SQL parts and tests are picked up by wildcard,
# grouped by family (scripts/families: measure, segment, weigh, model, ops),
# so that adding a capability means adding files, not editing this Makefile.
EXTENSION = pmkt
EXTVERSION = 1.1
MODULE_big = pmkt
FAMILIES := $(shell cat $(dir $(lastword $(MAKEFILE_LIST)))scripts/families)

SRCS = $(sort $(wildcard src/*.c src/util/*.c $(foreach f,$(FAMILIES),src/$(f)/*.c)))
OBJS = $(SRCS:.c=.o)
HEADERS = $(wildcard src/*.h src/util/*.h $(foreach f,$(FAMILIES),src/$(f)/*.h))

# The install scripts are assembled (scripts/assemble_sql.sh) from one SQL
# part per module, src/<family>/NN_module.sql in NN order, and committed, so
# the top level shows them.  pmkt--1.0.sql is the 1.0 release: never rebuilt.
SQL_PARTS = $(wildcard src/*.sql src/*/*.sql)
DATA = pmkt--1.0.sql pmkt--$(EXTVERSION).sql pmkt--1.0--1.1.sql

# Tests run in family order: checks/base and checks/loader first, then the
# families, then the other cross-cutting checks (hijack, install_schema: each
# in a database of its own), checks/zz_* (catalog, fuzz, upgrade) last, since
# they look at everything the others created.
TESTS = $(patsubst sql/%.sql,%,$(wildcard sql/checks/base.sql sql/checks/loader.sql) \
          $(foreach f,$(FAMILIES),$(sort $(wildcard sql/$(f)/*.sql))) \
          $(sort $(filter-out sql/checks/base.sql sql/checks/loader.sql sql/checks/zz_%,$(wildcard sql/checks/*.sql))) \
          $(sort $(wildcard sql/checks/zz_*.sql)))
REGRESS ?= $(TESTS)
REGRESS_OPTS = --load-extension=pmkt --inputdir=. --outputdir=.

PG_CONFIG ?= pg_config
# -Wall -Wextra hold for pmkt's code; the server's headers are read as system
# headers (-isystem), since their inline functions trip -Wextra themselves.
# Declarations after statements are C99 and used here on purpose.
PG_CPPFLAGS = -isystem $(shell $(PG_CONFIG) --includedir-server) \
  -I$(srcdir)/src $(foreach f,$(FAMILIES),-I$(srcdir)/src/$(f)) \
  -I/usr/include/$(MULTIARCH)/openblas-serial -std=gnu11 \
  -DPMKT_VERSION='"$(EXTVERSION)"' \
  -Wall -Wextra -Wno-declaration-after-statement
# Debian's serial OpenBLAS, bound by DT_RPATH (searched for liblapacke's own
# libblas/liblapack too, unlike RUNPATH): the pthread build that the system
# alternative usually points to starts a worker thread in every backend that
# loads pmkt, at library load, before any setting could stop it (issue 19).
MULTIARCH := $(shell gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
BLASDIR = /usr/lib/$(MULTIARCH)/openblas-serial
SHLIB_LINK = -L$(BLASDIR) -Wl,--disable-new-dtags,-rpath,$(BLASDIR) -llapacke -lopenblas -lm

EXTRA_CLEAN = regression.diffs regression.out results

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(OBJS): $(HEADERS)

pmkt--$(EXTVERSION).sql pmkt--1.0--1.1.sql: $(SQL_PARTS) scripts/assemble_sql.sh
	scripts/assemble_sql.sh

all: pmkt--$(EXTVERSION).sql pmkt--1.0--1.1.sql

# pg_regress writes results/<family>/NAME.out: make the folders first
installcheck: regress-dirs
regress-dirs:
	mkdir -p $(sort $(dir $(addprefix results/,$(REGRESS))))
.PHONY: regress-dirs
