# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: The Firebreak developers
#
#   make run [ARGS="..."]   build and start the app from the build folder
#   make test               build and run every test under Xvfb
#   make bench              build and run the benchmarks under Xvfb
#   make fuzz [FUZZ_SECONDS=600] [FUZZ_TARGETS=...]   build the libFuzzer targets with clang, run each
#   make faults [FAULT_ROUNDS=400] [FAULT_POSTS=500]   the fault loops, longer, with their counts
#   make clean              remove the build folders

BUILDDIR     ?= _build
FUZZDIR      ?= _fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= fuzz-op-decode fuzz-page-decode fuzz-request fuzz-wire fuzz-vcard fuzz-import fuzz-playbook
ARGS         ?=
FAULT_ROUNDS ?= 400
FAULT_POSTS  ?= 500

# -noreset: an X server that resets when its last client leaves refuses
# connections while it does, and a window test starting in that moment
# fails to open the display (2 of 50 in a row of short clients here).
XVFB := xvfb-run -a -s '-screen 0 1280x800x24 -noreset'
# The tests run on X11 under Xvfb; without a session bus the accessibility
# bridge would only print warnings, which fatal-warnings turns into failures.
TEST_ENV := GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none

.PHONY: all deps build run test bench fuzz faults clean

all: build

deps:
	@build-aux/install-deps

# Configure only when there is no build.ninja: on later builds ninja reruns
# meson by itself whenever a meson.build or meson_options.txt changed. A folder
# left behind by a failed configure is reconfigured rather than refused.
CONFIGURE = \
	if [ ! -f $(BUILDDIR)/build.ninja ]; then \
	  if [ -f $(BUILDDIR)/meson-private/coredata.dat ]; then \
	    echo "meson setup --reconfigure $(BUILDDIR) -Dwerror=true"; \
	    meson setup --reconfigure $(BUILDDIR) -Dwerror=true; \
	  else \
	    echo "meson setup $(BUILDDIR) -Dwerror=true"; \
	    meson setup $(BUILDDIR) -Dwerror=true; \
	  fi; \
	fi

build: deps
	@$(CONFIGURE)
	meson compile -C $(BUILDDIR)

# The uninstalled app finds its compiled schema in the build folder and its
# icon in data/.
run: build
	GSETTINGS_SCHEMA_DIR=$(CURDIR)/$(BUILDDIR)/data \
	FIREBREAK_LOCALEDIR=$(CURDIR)/$(BUILDDIR)/po \
	XDG_DATA_DIRS=$(CURDIR)/data:$${XDG_DATA_DIRS:-/usr/local/share:/usr/share} \
	$(BUILDDIR)/src/app/firebreak $(ARGS)

# The summary runs whatever happened before it, so its line is the last one the
# recipe prints (make adds its own "Error" line on stderr when it fails), and
# the target still fails when the build or any test failed. A stale log from an
# earlier run must not be summed up as this one.
test:
	@rm -f $(BUILDDIR)/meson-logs/testlog.json; \
	status=0; \
	build-aux/install-deps || status=$$?; \
	if [ $$status -eq 0 ]; then \
	  ( $(CONFIGURE) ) || status=$$?; \
	fi; \
	if [ $$status -eq 0 ]; then \
	  echo "meson compile -C $(BUILDDIR)"; \
	  meson compile -C $(BUILDDIR) || status=$$?; \
	fi; \
	if [ $$status -eq 0 ]; then \
	  echo "$(XVFB) meson test -C $(BUILDDIR) --print-errorlogs --num-processes 2"; \
	  $(TEST_ENV) $(XVFB) meson test -C $(BUILDDIR) --print-errorlogs --num-processes 2 || status=$$?; \
	fi; \
	build-aux/test-summary $(BUILDDIR) || status=1; \
	exit $$status

bench: build
	$(TEST_ENV) $(XVFB) meson test -C $(BUILDDIR) --benchmark --verbose

# libFuzzer writes the inputs it finds into the first corpus folder, so that is
# a scratch folder in the build tree; the checked-in corpus is only read. Each
# target's output is kept in $(FUZZDIR)/logs, and the end says per target how
# long it ran, how many inputs it executed and whether it found anything (a
# finding is a crash file in $(FUZZDIR)/artifacts). An input that takes a
# minute is a hang, and a finding too.
fuzz:
	@build-aux/install-deps --fuzz
	@if [ ! -f $(FUZZDIR)/build.ninja ]; then \
	  echo "CC=clang meson setup $(FUZZDIR) -Dfuzzing=true -Db_lundef=false"; \
	  rm -rf $(FUZZDIR); \
	  CC=clang meson setup $(FUZZDIR) -Dfuzzing=true -Db_lundef=false; \
	fi
	meson compile -C $(FUZZDIR)
	@status=0; \
	summary=; \
	for target in $(FUZZ_TARGETS); do \
	  bin=$(FUZZDIR)/tests/fuzz/$$target; \
	  if [ ! -x $$bin ]; then \
	    echo "fuzz: $$bin was not built; is it in tests/fuzz/meson.build?" >&2; \
	    summary="$$summary$$target: not built\n"; \
	    status=1; \
	    continue; \
	  fi; \
	  seeds=tests/fuzz/corpus/$$target; \
	  if [ ! -d $$seeds ]; then \
	    echo "fuzz: no seed corpus in $$seeds; starting from nothing" >&2; \
	    seeds=; \
	  fi; \
	  dict=; \
	  if [ -f tests/fuzz/$$target.dict ]; then dict=-dict=tests/fuzz/$$target.dict; fi; \
	  mkdir -p $(FUZZDIR)/corpus/$$target $(FUZZDIR)/artifacts $(FUZZDIR)/logs; \
	  log=$(FUZZDIR)/logs/$$target.log; \
	  echo "fuzz: $$target for $(FUZZ_SECONDS) s"; \
	  start=$$(date +%s); \
	  { $$bin -max_total_time=$(FUZZ_SECONDS) -timeout=60 -print_final_stats=1 $$dict \
	      -artifact_prefix=$(FUZZDIR)/artifacts/$$target- \
	      $(FUZZDIR)/corpus/$$target $$seeds; \
	    echo $$? > $$log.rc; } 2>&1 | tee $$log; \
	  rc=$$(cat $$log.rc); \
	  seconds=$$(( $$(date +%s) - start )); \
	  execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log | tail -n 1); \
	  if [ $$rc -eq 0 ]; then finding=none; else finding="exit $$rc, see $$log"; status=1; fi; \
	  summary="$$summary$$target: $$seconds s, $${execs:-?} executions, findings: $$finding\n"; \
	done; \
	echo "fuzz: summary"; \
	printf '%b' "$$summary" | sed 's/^/fuzz: /'; \
	exit $$status

# Each loop prints its counts as a "# " line; the disk-full loop needs root
# and says it skipped otherwise.
faults: build
	FIREBREAK_KILL_ROUNDS=$(FAULT_ROUNDS) $(BUILDDIR)/tests/test-crash -p /crash/sigkill-create --verbose
	$(BUILDDIR)/tests/test-store -p /store/disk-full --verbose
	FIREBREAK_BUSY_POSTS=$(FAULT_POSTS) $(BUILDDIR)/tests/sync/test-cli -p /cli/busy --verbose

clean:
	rm -rf $(BUILDDIR) $(FUZZDIR)
