# Ferry's build, test and benchmark entry points. Every target installs the
# Debian packages it needs first (with sudo when not run as root).

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
GO ?= go
TAGS := migrated_fynedo
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libx11-dev
export LANG := C.UTF-8

.PHONY: run build test bench fuzz deps-build deps-test deps-bench apt-install check-go vet install uninstall

# Where "make install" puts Ferry for the current user, laid out as
# "fyne install" does: the binary, a .desktop entry and the icon.
PREFIX ?= $(HOME)/.local
APP_ID := app.ferry.client
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BIN_DIR := $(PREFIX)/bin
APPS_DIR := $(PREFIX)/share/applications
ICON_DIR := $(PREFIX)/share/icons/hicolor/256x256/apps

run: build
	./ferry

build: deps-build
	$(GO) build -tags $(TAGS) -ldflags "-X ferry/ui.Version=$(VERSION)" -o ferry .

# install: ferry in ~/.local/bin, in the desktop's menu, and the handler of
# ftp:// and ftps:// links.
install: build
	install -D -m 0755 ferry $(BIN_DIR)/ferry
	install -D -m 0644 assets/icon.png $(ICON_DIR)/$(APP_ID).png
	mkdir -p $(APPS_DIR)
	sed 's|^Exec=ferry |Exec=$(BIN_DIR)/ferry |' assets/$(APP_ID).desktop > $(APPS_DIR)/$(APP_ID).desktop
	if command -v update-desktop-database >/dev/null; then update-desktop-database $(APPS_DIR); fi
	if command -v xdg-mime >/dev/null; then xdg-mime default $(APP_ID).desktop x-scheme-handler/ftp x-scheme-handler/ftps; fi
	@echo "Installed $(BIN_DIR)/ferry; it is in the desktop's menu and opens ftp:// and ftps:// links."

uninstall:
	rm -f $(BIN_DIR)/ferry $(ICON_DIR)/$(APP_ID).png $(APPS_DIR)/$(APP_ID).desktop
	if command -v update-desktop-database >/dev/null; then update-desktop-database $(APPS_DIR); fi
	if [ -f $(HOME)/.config/mimeapps.list ]; then sed -i '/=$(APP_ID)\.desktop;*$$/d' $(HOME)/.config/mimeapps.list; fi

test: deps-test vet
	$(GO) test -race -tags $(TAGS) -timeout 40m ./...

bench: deps-test deps-bench
	xvfb-run -a -s "-screen 0 1400x900x24" \
		$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchtime 1x -timeout 60m ./bench ./queue ./ui

# Each fuzz target for FUZZTIME; an input that fails lands in session/testdata/fuzz
# and runs from then on as part of make test.
FUZZTIME ?= 2m
FUZZ_TARGETS := FuzzParseListing FuzzListingNamesSurvive FuzzParseURL FuzzImportFileZilla
fuzz: check-go
	for f in $(FUZZ_TARGETS); do \
		$(GO) test ./session -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) || exit 1; done

vet:
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet -tags $(TAGS) ./...

check-go:
	@command -v $(GO) >/dev/null || { echo "Ferry needs Go 1.26 or newer on PATH."; exit 1; }

deps-build: check-go
	@$(MAKE) --no-print-directory apt-install PKGS="$(BUILD_PKGS)"

# The window's benchmarks run the real binary on a virtual X display.
deps-bench:
	@$(MAKE) --no-print-directory apt-install PKGS="xvfb xdotool"

apt-install:
	@missing=""; for p in $(PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; fi

deps-test: deps-build
	$(SUDO) bash scripts/test-deps.sh
