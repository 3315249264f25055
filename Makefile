# exim-overlay: Exim 4.96 + the event/DANE patch series, built six ways.
#
#   make                 install build deps (as root), fetch exim4 with
#                        apt-get source, apply the series, build
#                        build/{openssl,gnutls,plain-openssl,plain-gnutls,
#                        ref-openssl,ref-gnutls}/exim, each runnable in
#                        place (work/run/<variant>/: configure, spool, log)
#   make test            install test deps, then everything: C++ unit
#                        tests, check-series, DANE vectors, the runtest
#                        suite on all variants (and make asan's two)
#   make uninstall-deps  remove what install-deps installed and added
#   make series          regenerate patches/zz-overlay-files.patch
#   make check-series    the series applies at fuzz 0 to both base trees
#   make doc             regenerate the doc tables (scripts/gen-doc-tables),
#                        assemble doc-txt/experimental-spec.txt
#   make test-world      the DNSSEC world: knot + unbound + Postfix in a
#                        network namespace, five clients (world/README)
#   make soak-short      the load run with faults, short form (200 messages)
#   make soak            the full load run (2,000 messages) on openssl, gnutls,
#                        ref-openssl, ref-gnutls: build/soak/report.txt + .png
#   make soak-ref        the full run on upstream 4.96 only (build/soak/full-ref-*)
#   make soak-asan       the short run on the ASan/UBSan builds (no report allowed)
#   make fuzz / make bench-dane   longer fuzzing; DANE benchmark
#   make bench-dane-callgrind     DANE benchmark as callgrind instruction counts
#   make deb             Debian's exim4 packages with the series, in build/deb/
#   make test-deb        install them into a clean Debian 12 root and test them
#   make bench           the series against 4.96: build/bench/report.{txt,png}
#   make bench-e2e       its end-to-end part alone (DNSSEC world, DANE deliveries)
#   make BASE=pristine   build from the pristine 4.96 orig tree instead
#   EXIM_SOURCE=/path/to/exim-4.96 make   build on your own tree
#
# Every step prints one line; compiler output goes to work/log/.

SHELL := /bin/bash
.DEFAULT_GOAL := all

# The Debian exim4 source the series was last verified against.
DEBIAN_VERSION ?= 4.96-15+deb12u10
BASE ?= debian

TOP  := $(CURDIR)
WORK := $(TOP)/work
LOG  := $(WORK)/log
STEP := $(TOP)/scripts/step

ifdef EXIM_SOURCE
BASE      := custom
BASE_TREE := $(abspath $(EXIM_SOURCE))
BASE_DEP  :=
else
BASE_TREE := $(WORK)/base/$(BASE)
BASE_DEP  := $(WORK)/base/.version
endif

TREE_P := $(WORK)/tree/$(BASE)-patched
TREE_R := $(WORK)/tree/$(BASE)-ref
PATCHED_VARIANTS := openssl gnutls plain-openssl plain-gnutls
REF_VARIANTS     := ref-openssl ref-gnutls
VARIANTS := $(PATCHED_VARIANTS) $(REF_VARIANTS)

PATCH_FILES   := $(wildcard patches/*.patch) patches/series
LOCAL_FILES   := $(wildcard Local/Makefile*)


.PHONY: all deps test-deps bench-deps uninstall-deps fetch series stale-note check-series test unit runtest runtest-ref \
        dane-vectors test-world soak soak-short soak-ref soak-asan fuzz fuzz-short bench bench-e2e bench-dane bench-dane-callgrind doc clean distclean version-note asan tryout \
        deb deb-lintian-baseline test-deb

BINARIES := $(foreach v,$(PATCHED_VARIANTS),$(TREE_P)/build-$(v)/exim) \
            $(foreach v,$(REF_VARIANTS),$(TREE_R)/build-$(v)/exim)

all: deps version-note stale-note $(BINARIES) tryout
	@mkdir -p build
	@$(foreach v,$(PATCHED_VARIANTS),ln -sfn $(TREE_P)/build-$(v) build/$(v);)
	@$(foreach v,$(REF_VARIANTS),ln -sfn $(TREE_R)/build-$(v) build/$(v);)
	@echo "built: $(addprefix build/,$(addsuffix /exim,$(VARIANTS))) (base: $(BASE))"

# The run directories of the in-place builds (scripts/prepare-tree compiles
# their paths in): work/run/<variant>/{configure,spool,log,mail}, the
# directories owned by the exim user, the configuration by root (Exim
# refuses a configuration file another user owns).
RUN := $(WORK)/run
tryout: $(foreach v,$(VARIANTS),$(RUN)/$(v)/configure)
$(RUN)/%/configure: Local/configure-tryout
	@mkdir -p $(RUN)/$*/spool $(RUN)/$*/log $(RUN)/$*/mail
	@if [ "$$(id -u)" = 0 ]; then chown exim:exim $(RUN)/$*/spool $(RUN)/$*/log $(RUN)/$*/mail; fi
	@install -m 0644 $< $@

# What building needs (`make`), what testing needs (`make test`), what the
# benchmarks need: the sets of scripts/install-deps, one line per package
# group there.  `make uninstall-deps` undoes what it installed and added.
deps:
	@$(TOP)/scripts/install-deps build
test-deps:
	@$(TOP)/scripts/install-deps build test
bench-deps:
	@$(TOP)/scripts/install-deps build test bench
uninstall-deps:
	@$(TOP)/scripts/install-deps remove

# One line when apt offers another revision than the verified one.
version-note:
ifndef EXIM_SOURCE
	@have=$$(apt-cache showsrc exim4 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n 1); \
	if [ -n "$$have" ] && [ "$$have" != "$(DEBIAN_VERSION)" ]; then \
	  echo "NOTE: apt offers exim4 $$have; this series was last verified against $(DEBIAN_VERSION), which is what gets built (try: make DEBIAN_VERSION=$$have check-series)"; \
	fi
endif

fetch: $(BASE_DEP)
# Fetched again when DEBIAN_VERSION names another revision than the one
# unpacked (fetch-source says apt's reason when it cannot fetch it).
ifneq ($(shell cat $(WORK)/base/.version 2>/dev/null),$(DEBIAN_VERSION))
.PHONY: $(WORK)/base/.version
endif
$(WORK)/base/.version:
	@$(STEP) "fetch exim4 $(DEBIAN_VERSION)" $(LOG)/fetch.log \
	  $(TOP)/scripts/fetch-source $(WORK) $(DEBIAN_VERSION)

# The last patch of the series is generated from overlay/ by `make series`,
# and only then: the build uses the series as committed, as a packager
# would, and says so when overlay/ has changed since.
series:
	@$(TOP)/scripts/make-overlay-patch patches/zz-overlay-files.patch

stale-note:
	@tmp=$$(mktemp); $(TOP)/scripts/make-overlay-patch $$tmp >/dev/null; \
	if ! cmp -s $$tmp patches/zz-overlay-files.patch; then \
	  echo "WARNING: patches/zz-overlay-files.patch is stale against overlay/; building the series as it is (run 'make series')"; \
	fi; rm -f $$tmp

$(TREE_P).stamp: $(BASE_DEP) $(PATCH_FILES) $(LOCAL_FILES) scripts/prepare-tree
	@$(STEP) "apply series ($(BASE))" $(LOG)/apply-$(BASE).log \
	  $(TOP)/scripts/prepare-tree patched $(BASE_TREE) $(TREE_P) $(TOP)/patches
	@touch $@

$(TREE_R).stamp: $(BASE_DEP) $(LOCAL_FILES) scripts/prepare-tree
	@$(STEP) "reference tree ($(BASE))" $(LOG)/ref-$(BASE).log \
	  $(TOP)/scripts/prepare-tree ref $(BASE_TREE) $(TREE_R)
	@touch $@

define variant_rule
$(2)/build-$(1)/exim: $(2).stamp
	@$$(STEP) "build $(1) ($(BASE))" $$(LOG)/build-$(1)-$(BASE).log \
	  $$(MAKE) -C $(2) -j2 build=$(1)
	@test -x $$@ && touch $$@
	@# Debian's tree names the binary exim4 in exim_path (globals.c)
	@if grep -q '"/exim4"' $(2)/src/globals.c; then ln -sfn exim $(2)/build-$(1)/exim4; fi
endef
$(foreach v,$(PATCHED_VARIANTS),$(eval $(call variant_rule,$(v),$(TREE_P))))
$(foreach v,$(REF_VARIANTS),$(eval $(call variant_rule,$(v),$(TREE_R))))
# Sanitizer builds of the patched tree (Local/Makefile-asan-*): not part of
# `make`; make test builds them (`make asan`) and runs the event and DANE
# tests on them.
SANITIZE_VARIANTS := asan-openssl asan-gnutls
$(foreach v,$(SANITIZE_VARIANTS),$(eval $(call variant_rule,$(v),$(TREE_P))))
asan: deps $(foreach v,$(SANITIZE_VARIANTS),$(TREE_P)/build-$(v)/exim $(RUN)/$(v)/configure)
	@mkdir -p build
	@$(foreach v,$(SANITIZE_VARIANTS),ln -sfn $(TREE_P)/build-$(v) build/$(v);)

check-series: test-deps
	@$(MAKE) -s --no-print-directory fetch BASE=debian EXIM_SOURCE=
	@$(TOP)/scripts/check-series $(WORK) $(TOP)/patches

# ---- Debian packages ----------------------------------------------------
# Debian's exim4 source package with the series carried in debian/ (README,
# "Carrying the series in debian/"); scripts/make-deb decides from the
# sha256 of its inputs whether to build again.

DEB_DSC = $(WORK)/download/exim4_$(DEBIAN_VERSION).dsc

deb: deps version-note
	@$(MAKE) -s --no-print-directory fetch BASE=debian EXIM_SOURCE=
	@$(TOP)/scripts/install-deps deb $(DEB_DSC)
	@scripts/assemble-doc --check >/dev/null || { scripts/assemble-doc --check; exit 1; }
	@$(TOP)/scripts/make-deb

deb-lintian-baseline: deps
	@$(MAKE) -s --no-print-directory fetch BASE=debian EXIM_SOURCE=
	@$(TOP)/scripts/install-deps deb $(DEB_DSC)
	@$(TOP)/scripts/make-deb --baseline

test-deb: deb test-deps
	@$(TOP)/scripts/test-deb

# ---- tests --------------------------------------------------------------

UNIT_BUILD := unit/build

unit: test-deps
	@$(STEP) "unit: configure" $(LOG)/unit-configure.log cmake -S unit -B $(UNIT_BUILD)
	@$(STEP) "unit: build" $(LOG)/unit-build.log cmake --build $(UNIT_BUILD) -j2
	@ctest --test-dir $(UNIT_BUILD) --output-on-failure -j2

dane-vectors: unit
	@if [ -x unit/dane/run-vectors ]; then unit/dane/run-vectors; \
	 else echo "dane-vectors: unit/dane/run-vectors missing"; exit 1; fi

# Fuzzing: `make test` runs each target briefly (scripts/fuzz-short);
# `make fuzz`: RDATA, names and event raise for FUZZ_RUNS executions each
# (default 10 million), verify for FUZZ_VERIFY_SECONDS with -jobs=2 (default
# 3600); unit/dane/fuzz/fuzz-long.sh.  About two hours on two cores.
fuzz: test-deps
	@scripts/fuzz-short 1 >/dev/null
	@unit/dane/fuzz/fuzz-long.sh unit/build-fuzz

# Benchmarks: release build without sanitizers; ratios against the bare
# library operations (and OpenSSL's own DANE) in one run.
# Medians of interleaved repetitions: this machine is shared and noisy.
BENCH_ARGS ?= --benchmark_repetitions=9 --benchmark_min_time=0.2 \
  --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
bench-dane: bench-deps
	@cmake -S unit -B unit/build-bench -DUNIT_SANITIZE=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build unit/build-bench -j2 --target bench_dane >/dev/null
	@unit/build-bench/dane/bench/bench_dane $(BENCH_ARGS)

# Deterministic cross-check: instruction counts under callgrind (valgrind).
bench-dane-callgrind: bench-deps
	@unit/dane/bench/callgrind-ratio

# The series against upstream 4.96 (scripts/bench/run): the verifier
# micro-benchmarks, process start (A B A B against build/ref-*), the event
# points, and end to end in the DNSSEC world (world/bench-e2e).  Writes
# build/bench/report.txt and report.png.  BENCH_QUICK=1: a short run that
# only checks it works (make test).  Timing is never a test.
bench: all bench-deps
	@scripts/bench/run

# The end-to-end part alone (3 rounds; BENCH_QUICK=1 for a short one):
# build/bench-e2e/e2e.txt and rows.tsv.
bench-e2e: all bench-deps
	@rm -rf build/bench-e2e; mkdir -p build/bench-e2e
	@set -o pipefail; world/bench-e2e build/bench-e2e $(if $(filter 1,$(BENCH_QUICK)),1,3) | tee build/bench-e2e/e2e.txt

# The tables generated from the code's lists (events, DANE reasons, record
# states) into their section files, then doc-txt/experimental-spec.txt
# assembled from the sections.
doc:
	@scripts/gen-doc-tables
	@scripts/assemble-doc

runtest: all test-deps
	@test-suite/runtest

runtest-ref: all test-deps
	@test-suite/runtest -ref

# The DNSSEC world (world/README): needs root (a network namespace).
test-world: all test-deps
	@$(TOP)/world/run

# The load run with faults in the DNSSEC world (world/README, "The load
# run"): short (200 messages, part of make test) and full (2,000).
soak-short: all test-deps
	@$(TOP)/world/soak --short

# make soak: the full run on each of SOAK_VARIANTS one after the other
# (about 7 min each on 2 cores), then world/soak-report puts them side by
# side in build/soak/report.txt and timeline.png; fails if any run failed.
SOAK_VARIANTS ?= openssl gnutls ref-openssl ref-gnutls
soak: all test-deps
	@rc=0; for v in $(SOAK_VARIANTS); do \
	  nice $(TOP)/world/soak --full --backend $$v || rc=1; done; \
	$(TOP)/world/soak-report $(foreach v,$(SOAK_VARIANTS),$(TOP)/build/soak/full-$(v)) || rc=1; exit $$rc

# The same full run on upstream 4.96 only (build/soak/full-ref-*/report.txt).
soak-ref: all test-deps
	@rc=0; for v in ref-openssl ref-gnutls; do nice $(TOP)/world/soak --full --backend $$v || rc=1; done; exit $$rc

# The short run on the ASan/UBSan builds: any sanitizer report fails it.
soak-asan: asan test-deps
	@rc=0; for v in $(SANITIZE_VARIANTS); do nice $(TOP)/world/soak --short --backend $$v || rc=1; done; exit $$rc

test: all test-deps $(WORK)/base/.version
	@$(TOP)/scripts/run-tests

clean:
	rm -rf build $(WORK)/tree $(UNIT_BUILD)

# Everything make and make test wrote in the repository (the try-out run
# directories work/run/ included).  What they wrote outside it: see
# uninstall-deps and the README.
distclean:
	rm -rf build $(WORK) unit/build*
