# snnc: two commands on a fresh Debian 12 machine.
#   make demo   installs dependencies, builds, runs the flagship example
#   make test   installs dependencies, builds, runs every test (lit + GoogleTest)
# Opt-in:
#   make test-asan   the suite built with AddressSanitizer + UBSan
#   make docs        regenerate docs/dialect from the ODS definitions

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
LLVM_DIR   := /usr/lib/llvm-22
CMAKE_ARGS := -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=$(LLVM_DIR)/bin/clang \
  -DCMAKE_CXX_COMPILER=$(LLVM_DIR)/bin/clang++ \
  -DMLIR_DIR=$(LLVM_DIR)/lib/cmake/mlir \
  -DLLVM_EXTERNAL_LIT=$(LLVM_DIR)/bin/lit

.PHONY: all deps build test demo test-asan docs clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) $(CMAKE_ARGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) $(CMAKE_ARGS) -DSNN_ENABLE_SANITIZERS=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	# allow_user_poisoning=0: LLVM's allocators poison memory from inline
	# (instrumented) code that libMLIR.so (not instrumented) then reuses.
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:allow_user_poisoning=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

docs: build
	cmake --build $(BUILD) --target snn-doc
	mkdir -p docs/dialect
	cp $(BUILD)/docs/snn/SNNDialect.md $(BUILD)/docs/snn/SNNPasses.md docs/dialect/

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
