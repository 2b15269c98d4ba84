# The two commands of the README: `make demo` and `make test`. Both install the Debian 12 packages
# that are missing (as root, or through sudo), configure, build, then run the demo or the tests.

BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE      ?= cmake
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
SPEC       ?= configs/petites-villes-numerique.yaml

# Everything the build, the demo and the tests need, from Debian 12's archive only.
DEBIAN_PACKAGES := g++ make cmake pkg-config \
	libboost-dev libyaml-cpp-dev libxlsxwriter-dev libspdlog-dev libfmt-dev libcli11-dev \
	libminizip-dev zlib1g-dev libexpat1-dev libcsv-dev nlohmann-json3-dev catch2 \
	python3 python3-openpyxl python3-jsonschema python3-yaml python3-numpy python3-pandas \
	libreoffice-calc-nogui

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build demo test clean

all: build

deps:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

configure: deps
	@[ -f $(BUILD_DIR)/CMakeCache.txt ] || $(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: configure
	$(CMAKE) --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@$(BUILD_DIR)/bin/munidash run $(SPEC)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR)
