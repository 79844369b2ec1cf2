# The two commands of the README's quick start, and the steps they are made of.
#   make demo   install what is missing, build, run the order flow on the embedded dev broker
#   make test   install what is missing, build, run every test layer (real Kafka included)

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= 2

.PHONY: all deps kafka build test demo format clean

all: build

deps:
	@bash scripts/install-deps.sh

# The Kafka jars for the real-Kafka tests, into a cache outside the work tree.
kafka: deps
	@bash scripts/kafka/fetch.sh >/dev/null

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Every layer; the summary names the real Kafka clusters the tests ran against.
test: build kafka
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@grep -h "kafka harness: Kafka" $(BUILD_DIR)/Testing/Temporary/LastTest.log | sed 's/^/tests ran against: /' || true

demo: build
	@$(BUILD_DIR)/orderctl demo

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h')

clean:
	rm -rf $(BUILD_DIR)
