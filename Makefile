# A thin front for CMake. The README's two commands:
#   make demo   install missing Debian packages, build (release), run parley on examples/
#   make test   build with ASan+UBSan and run every test
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE := build/release
ASAN := build/asan

.PHONY: all demo test deps release asan bench fuzz lint clean

all: release

deps:
	@tools/install-deps.sh

release: deps
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release -DPARLEY_TESTS=OFF >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS)

asan:
	@tools/install-deps.sh --test
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)

demo: release
	@tools/demo.sh $(RELEASE)/parley

test: asan
	@cd $(ASAN) && ctest --output-on-failure -j $(JOBS)

bench: release
	@bench/run.sh $(RELEASE)/parley

fuzz: deps
	@CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON -DPARLEY_FUZZ=ON >/dev/null
	@cmake --build build/fuzz -j $(JOBS)

# clang-tidy over every C file (tools/lint.sh; config .clang-tidy) and
# cppcheck over src/ (--inline-suppr: each suppression says why in the code).
lint:
	@cmake -S . -B build/lint -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
	@tools/lint.sh build/lint
	@cppcheck --enable=warning,performance,portability --std=c11 --error-exitcode=1 --inline-suppr \
		--quiet -I include -I src src

clean:
	rm -rf build demo.db
