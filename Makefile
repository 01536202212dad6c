# Ferry's build, test and benchmark entry points. Every target installs the
# Debian packages it needs first (with sudo when not run as root).

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
GO ?= go
TAGS := migrated_fynedo
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libx11-dev
export LANG := C.UTF-8

.PHONY: run build test bench deps-build deps-test check-go vet

run: build
	./ferry

build: deps-build
	$(GO) build -tags $(TAGS) -o ferry .

test: deps-test vet
	$(GO) test -race -tags $(TAGS) -timeout 40m ./...

bench: deps-test
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchtime 1x -timeout 60m ./bench ./queue ./ui

vet:
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet -tags $(TAGS) ./...

check-go:
	@command -v $(GO) >/dev/null || { echo "Ferry needs Go 1.26 or newer on PATH."; exit 1; }

deps-build: check-go
	@missing=""; for p in $(BUILD_PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; fi

deps-test: deps-build
	$(SUDO) bash scripts/test-deps.sh
