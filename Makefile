# pmkt: PGXS build.  Sources, SQL parts and tests are picked up by wildcard so
# that adding a capability means adding files, not editing this Makefile.
EXTENSION = pmkt
EXTVERSION = 1.0
MODULE_big = pmkt

SRCS = $(sort $(wildcard src/*.c src/util/*.c))
OBJS = $(SRCS:.c=.o)
HEADERS = $(wildcard src/*.h src/util/*.h)

# pmkt--1.0.sql is assembled from one part per module (src/sql/NN_module.sql,
# in numeric order) and committed, so the top level shows the install script.
SQL_PARTS = $(sort $(wildcard src/sql/*.sql))
DATA = pmkt--$(EXTVERSION).sql

TESTS = $(sort $(wildcard sql/*.sql))
REGRESS ?= $(patsubst sql/%.sql,%,$(TESTS))
REGRESS_OPTS = --load-extension=pmkt --inputdir=. --outputdir=. 

PG_CONFIG ?= pg_config
PG_CPPFLAGS = -I$(srcdir)/src -I/usr/include/x86_64-linux-gnu/openblas-pthread -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare -Wno-declaration-after-statement
SHLIB_LINK = -llapacke -lopenblas -lm

EXTRA_CLEAN = regression.diffs regression.out results

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(OBJS): $(HEADERS)

pmkt--$(EXTVERSION).sql: $(SQL_PARTS)
	cat $(SQL_PARTS) > $@

all: pmkt--$(EXTVERSION).sql
