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

CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build test run bench fuzz clean

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

# The benchmark programs; each prints its own table (see bench/README.md and the header of each).
bench: build
	$(BUILD)/bench/filter_bench --logs $(BENCH_LOGS) --dir $(BENCH_DIR)
	$(BUILD)/bench/sampling_bench --logs $(BENCH_LOGS) --dir $(BENCH_DIR)
	$(BUILD)/bench/http_bench --logs $(BENCH_LOGS) --dir $(BENCH_DIR)
	$(BUILD)/bench/ingest_bench --logs $(BENCH_LOGS)

fuzz:
	@scripts/install-deps --fuzz
	cmake -S . -B $(BUILD)-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ -DLOGSET_FUZZ=ON -DLOGSET_BUILD_TESTS=OFF -DLOGSET_BUILD_BENCH=OFF
	cmake --build $(BUILD)-fuzz -j $(JOBS) --target filter_fuzz
	mkdir -p fuzz-corpus
	$(BUILD)-fuzz/fuzz/filter_fuzz -max_total_time=$(FUZZ_SECONDS) fuzz-corpus tests/data/filters

clean:
	rm -rf $(BUILD) $(BUILD)-fuzz
