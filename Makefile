# Thin wrapper: the real build is CMake. `make test` and `make run` work on a fresh Debian 12.
BUILD      ?= build
DB         ?= logset.db
HOST       ?= 127.0.0.1
PORT       ?= 8077
JOBS       ?= $(shell nproc)
BENCH_LOGS ?= 100000
# filter, sampling and http read one data set, generated and imported once per size and seed.
BENCH_DIR  ?= /tmp/logset_bench_$(BENCH_LOGS)
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= filter_fuzz request_log_fuzz dataset_body_fuzz dataset_log_fuzz query_params_fuzz api_fuzz

CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

# Any sanitizer report fails the test that triggered it; UBSan is fatal (-fno-sanitize-recover).
SAN_ENV = ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1 \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=report_objects=1

.PHONY: all deps configure build test run bench sanitize fuzz fuzz-build fuzz-ci clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

run: build
	$(BUILD)/cli/logset serve --db $(DB) --host $(HOST) --port $(PORT)

# The test suite again under AddressSanitizer + UBSan (+ LeakSanitizer), in its own build dir.
# -O1 -g1 (ASan's advice; line tables only) instead of -O2 -g: g++ compiles it twice as fast.
sanitize: deps
	cmake -S . -B $(BUILD)-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DLOGSET_SANITIZE=ON -DLOGSET_BUILD_BENCH=OFF
	cmake --build $(BUILD)-asan -j $(JOBS)
	$(SAN_ENV) ctest --test-dir $(BUILD)-asan --output-on-failure -j $(JOBS)

# The benchmark programs; each prints its own table (see bench/README.md and the header of each).
bench: build
	$(BUILD)/bench/filter_bench --logs $(BENCH_LOGS) --dir $(BENCH_DIR)
	$(BUILD)/bench/sampling_bench --logs $(BENCH_LOGS) --dir $(BENCH_DIR)
	$(BUILD)/bench/http_bench --logs $(BENCH_LOGS) --dir $(BENCH_DIR)
	$(BUILD)/bench/ingest_bench --logs $(BENCH_LOGS)

# libFuzzer targets (clang, ASan + UBSan), each run for FUZZ_SECONDS from its checked-in seeds
# fuzz/corpus/<target>/ (filter_fuzz: tests/data/filters). What a run learns goes to
# fuzz-corpus/<target>/, its log to fuzz-corpus/<target>.log and crash inputs to
# fuzz-corpus/crashes/ (all git-ignored). Every target runs even if one fails; then make fails.
fuzz-build:
	@scripts/install-deps --fuzz
	cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ -DLOGSET_FUZZ=ON -DLOGSET_BUILD_TESTS=OFF \
	  -DLOGSET_BUILD_BENCH=OFF -DLOGSET_BUILD_CLI=OFF
	cmake --build $(BUILD)-fuzz -j $(JOBS) --target $(FUZZ_TARGETS)

fuzz: fuzz-build
	@failed=""; mkdir -p fuzz-corpus/crashes; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz-corpus/$$t; \
	  seeds=fuzz/corpus/$$t; [ $$t = filter_fuzz ] && seeds=tests/data/filters; \
	  dict=fuzz/json.dict; [ -f fuzz/$$t.dict ] && dict=fuzz/$$t.dict; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; start=$$(date +%s); \
	  $(SAN_ENV) $(BUILD)-fuzz/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
	    -print_final_stats=1 -artifact_prefix=fuzz-corpus/crashes/$$t- -dict=$$dict \
	    fuzz-corpus/$$t $$seeds > fuzz-corpus/$$t.log 2>&1 || failed="$$failed $$t"; \
	  grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)" fuzz-corpus/$$t.log || true; \
	  echo "fuzz: $$t took $$(( $$(date +%s) - start )) s"; \
	done; \
	if [ -n "$$failed" ]; then \
	  for t in $$failed; do echo "fuzz: $$t FAILED; its log:"; tail -n 80 fuzz-corpus/$$t.log; done; \
	  echo "fuzz: failed:$$failed (inputs in fuzz-corpus/crashes/)"; exit 1; \
	fi

# What CI runs: every target for one minute.
fuzz-ci:
	$(MAKE) fuzz FUZZ_SECONDS=60

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz
