# The two commands of the README: `make demo` and `make test`. Both install the Debian 12 packages
# that are missing (as root, or through sudo), configure, build, then run the demo or the tests.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE      ?= cmake
# Extra options for CMake's first configure, e.g. -DMUNIDASH_WERROR=ON (as .ci/run gives).
CMAKE_OPTIONS ?=
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
SPEC       ?= configs/petites-villes-numerique.yaml

# Everything the build, the demo and the tests need, from Debian 12's archive only. Carlito has Calibri's
# metrics: without it LibreOffice draws the workbooks' columns a third wider than Excel, and prints them so.
DEBIAN_PACKAGES := g++ make cmake pkg-config dpkg-dev file \
	libboost-dev libyaml-cpp-dev libxlsxwriter-dev libspdlog-dev libfmt-dev libcli11-dev \
	libminizip-dev zlib1g-dev libexpat1-dev libcsv-dev nlohmann-json3-dev libssl-dev libseccomp-dev catch2 \
	python3 python3-openpyxl python3-jsonschema python3-yaml python3-numpy python3-pandas python3-uno python3-pytest \
	libreoffice-calc-nogui fonts-crosextra-carlito

# What `make fuzz` needs besides: Clang 14 and its libFuzzer and sanitizer runtimes.
FUZZ_PACKAGES := clang-14 libclang-rt-14-dev
# What `make lint` needs: the formatter and the linter of Clang 14.
LINT_PACKAGES := clang-format-14 clang-tidy-14
# What `make lint` reads: the C and C++ files git knows (the fuzz corpus holds none).
LINT_FILES = $(shell git ls-files '*.cpp' '*.hpp' '*.c' '*.h')
# What bench/compare.py runs besides munidash: the pandas script and Python's XlsxWriter.
BENCH_PACKAGES := python3-pandas python3-xlsxwriter python3-openpyxl
FUZZ_DIR      ?= build-fuzz
FUZZ_SECONDS  ?= 60
FUZZ_TARGETS  := spec csv names cell plugin_identity xlsx_reader

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps fuzz-deps bench-deps lint-deps bench configure build demo test test-asan test-tsan lint format fuzz clean

all: build

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEBIAN_PACKAGES)"

fuzz-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(FUZZ_PACKAGES)"

bench-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(BENCH_PACKAGES)"

lint-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(LINT_PACKAGES)"

# munidash against its anchors on the national data (bench/README.md); timings never gate a test.
bench: build bench-deps
	bash bench/fetch_data.sh
	/usr/bin/python3 bench/compare.py --build $(BUILD_DIR)

.PHONY: install-packages
install-packages:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

configure: deps
	@[ -f $(BUILD_DIR)/CMakeCache.txt ] || $(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_OPTIONS)

build: configure
	$(CMAKE) --build $(BUILD_DIR) -j $(JOBS)

# The whole loop of the demo: the requests to the towns, their returns (fictional ones, committed in
# tests/fixtures/returns-demo/), the report that reads them. Prints what each step wrote.
demo: build
	@if grep -q '^requests:' $(SPEC); then \
	  echo "1. munidash request $(SPEC): one request workbook per town, for the town halls to fill in"; \
	  $(BUILD_DIR)/bin/munidash -q request $(SPEC) > $(BUILD_DIR)/demo-requests.txt || exit $$?; \
	  echo "   $$(wc -l < $(BUILD_DIR)/demo-requests.txt) request workbooks, e.g. $$(head -n 1 $(BUILD_DIR)/demo-requests.txt)"; \
	  echo "2. the towns' returns: tests/fixtures/returns-demo/ (FICTIONAL answers of 12 towns: see its README.md)"; \
	  echo "3. munidash run $(SPEC): the report, reading the returns as the source 'reponses'"; \
	fi
	@$(BUILD_DIR)/bin/munidash run $(SPEC)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The house style (.clang-format) and the checks of .clang-tidy, on the engine, the CLI and the
# plugins, from the build's compile_commands.json. `make format` applies the style.
lint: lint-deps build
	@echo "clang-format-14 --dry-run -Werror: $(words $(LINT_FILES)) files"
	@clang-format-14 --dry-run -Werror $(LINT_FILES)
	@echo "run-clang-tidy-14 on core/ and plugins/ (the whole log: $(BUILD_DIR)/clang-tidy.log)"
	@run-clang-tidy-14 -quiet -j $(JOBS) -p $(BUILD_DIR) '$(CURDIR)/(core|plugins)/.*\.cpp$$' > $(BUILD_DIR)/clang-tidy.log 2>&1 \
	  || { sed 's/\x1b\[[0-9;]*m//g' $(BUILD_DIR)/clang-tidy.log | grep -E 'error:|warning:' | sort -u; exit 1; }
	@echo "lint: $(words $(LINT_FILES)) files formatted; clang-tidy clean"

format: lint-deps
	@clang-format-14 -i $(LINT_FILES)
	@echo "formatted $(words $(LINT_FILES)) files"

# The whole suite under AddressSanitizer and UBSan (MUNIDASH_SANITIZE), in a build folder of its own:
# the first memory error, leak or undefined behaviour stops the process that made it and fails its test.
ASAN_DIR ?= build-asan
TSAN_DIR ?= build-tsan
# Optimised, as the suite runs the CLI many times: Debug builds no faster and runs twice as slow.
SANITIZE_BUILD_TYPE ?= RelWithDebInfo
SANITIZER_SUPPRESSIONS := $(CURDIR)/tests/sanitizers
# allocator_may_return_null: a failed allocation is std::bad_alloc, as without ASan (the hostile plugin
# that asks for 10 GB is refused by the engine, not by ASan's report).
ASAN_RUNTIME := ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:allocator_may_return_null=1 \
	LSAN_OPTIONS=suppressions=$(SANITIZER_SUPPRESSIONS)/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
TSAN_RUNTIME := TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(SANITIZER_SUPPRESSIONS)/tsan.supp
# What runs threads: the unit tests and the batches of town and request workbooks (--jobs).
TSAN_TESTS ?= ^unit:|^e2e: one workbook per town|^e2e: workbooks for some towns only|^e2e: request workbooks

# ASAN_EXCLUDE: a ctest regex of tests left out (CI leaves out the fault-injection loops, which run
# the CLI thousands of times and would double CI's time; they run under ASan with `make test-asan`).
ASAN_EXCLUDE ?=
test-asan: deps
	@[ -f $(ASAN_DIR)/CMakeCache.txt ] || $(CMAKE) -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=$(SANITIZE_BUILD_TYPE) \
	  -DMUNIDASH_SANITIZE=address,undefined $(CMAKE_OPTIONS)
	$(CMAKE) --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && $(ASAN_RUNTIME) ctest --output-on-failure -j $(JOBS) $(if $(ASAN_EXCLUDE),-E '$(ASAN_EXCLUDE)')

# The tests that run threads, under ThreadSanitizer: a data race fails the test that made it.
test-tsan: deps
	@[ -f $(TSAN_DIR)/CMakeCache.txt ] || $(CMAKE) -S . -B $(TSAN_DIR) -DCMAKE_BUILD_TYPE=$(SANITIZE_BUILD_TYPE) \
	  -DMUNIDASH_SANITIZE=thread $(CMAKE_OPTIONS)
	$(CMAKE) --build $(TSAN_DIR) -j $(JOBS)
	cd $(TSAN_DIR) && $(TSAN_RUNTIME) ctest --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)'

# Each libFuzzer target for FUZZ_SECONDS, from the committed seeds (fuzz/corpus/TARGET, never
# changed); what it learns goes to $(FUZZ_DIR)/corpus, a crash to $(FUZZ_DIR)/crashes and fails.
fuzz: deps fuzz-deps
	@[ -f $(FUZZ_DIR)/CMakeCache.txt ] || CC=clang-14 CXX=clang++-14 $(CMAKE) -S . -B $(FUZZ_DIR) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMUNIDASH_BUILD_FUZZERS=ON -DMUNIDASH_BUILD_TESTS=OFF
	$(CMAKE) --build $(FUZZ_DIR) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@mkdir -p $(FUZZ_DIR)/crashes; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/crashes/$$t- $(FUZZ_DIR)/corpus/$$t fuzz/corpus/$$t 2>$(FUZZ_DIR)/fuzz_$$t.log \
	    || { tail -40 $(FUZZ_DIR)/fuzz_$$t.log; echo "fuzz_$$t found a crash: $(FUZZ_DIR)/crashes/ (add it to fuzz/corpus/$$t)"; exit 1; }; \
	  grep -E "stat::number_of_executed_units|Done" $(FUZZ_DIR)/fuzz_$$t.log | tail -1; \
	done; \
	echo "fuzz: $(words $(FUZZ_TARGETS)) passed, 0 failed"

clean:
	rm -rf $(BUILD_DIR)
