# Percept's tasks. Run `make help` for the list.

GO ?= go

.PHONY: help setup notebooks update-notebooks test gotest check bench build clean

help:
	@echo "make notebooks         install Jupyter + GoNB if needed, execute the tutorials into build/notebooks/"
	@echo "make test              gofmt and go vet checks, go test ./..., and the tutorials"
	@echo "make update-notebooks  execute the tutorials in place, to commit their outputs"
	@echo "make bench             the dlkit benchmarks"
	@echo "make build             the percept command, into build/bin/"

# Installs Jupyter (Debian/Ubuntu packages), GoNB and its kernel; quick when all is there.
setup:
	@scripts/setup.sh

notebooks: setup
	@scripts/run-notebooks.sh

update-notebooks: setup
	@scripts/run-notebooks.sh --update

test: check gotest notebooks

gotest:
	$(GO) test ./...

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...

bench:
	$(GO) test ./dlkit -run '^$$' -bench . -benchmem

build:
	$(GO) build -o build/bin/percept ./cmd/percept

clean:
	rm -rf build
