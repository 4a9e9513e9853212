# Percept's tasks. Run `make help` for the list.

GO ?= go

.PHONY: help setup notebooks update-notebooks test gotest fuzz check cuda gpu-check bench build clean

help:
	@echo "make notebooks         install Jupyter + GoNB if needed, execute the tutorials into build/notebooks/"
	@echo "make test              gofmt and go vet checks, go test ./..., the fuzzers briefly, the CUDA build, and the tutorials"
	@echo "make fuzz              fuzz each reader of files for FUZZTIME (5s; e.g. make fuzz FUZZTIME=5m)"
	@echo "make cuda              build, vet and test the CUDA backend (-tags cuda); its GPU tests skip without a GPU"
	@echo "make gpu-check         build the GPU check for a machine with a GPU (scripts/gpu-check.sh)"
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

test: check gotest fuzz cuda notebooks

gotest:
	$(GO) test ./...

# The fuzz targets of the readers of files (dlkit/fuzz_test.go), each for FUZZTIME. go test
# replays their corpora (dlkit/testdata/fuzz/) on every run; this looks for new inputs. An
# input that fails is saved to the corpus, and the target fails.
FUZZTIME ?= 5s
FUZZ_TARGETS = FuzzReadCSV FuzzLoadPoints FuzzReadIDX FuzzReadMLP FuzzReadPerceptron FuzzCSVHeader
fuzz:
	@log=$$(mktemp) && for t in $(FUZZ_TARGETS); do \
		echo "fuzz: $$t for $(FUZZTIME)"; \
		$(GO) test ./dlkit -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) >$$log 2>&1 || \
			{ cat $$log; rm -f $$log; exit 1; }; \
	done; rm -f $$log

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# The CUDA backend needs only CUDA's cuda.h to build (scripts/cuda-headers.sh finds or fetches
# it). Its tests run here too: without a GPU they say why, and skip.
cuda:
	@inc=$$(scripts/cuda-headers.sh) && export CGO_CFLAGS="-I$$inc" && \
	$(GO) vet -tags cuda ./... && $(GO) build -tags cuda ./... && \
	mkdir -p build/gpu && $(GO) test -c -tags cuda -o build/gpu/gpu.test ./gpu && \
	(cd gpu && ../build/gpu/gpu.test -test.v >../build/gpu/test.log 2>&1) || \
		{ cat build/gpu/test.log; echo "the CUDA backend's tests failed"; exit 1; }
	@grep -E -m1 'testing on|GPU tests are skipped' build/gpu/test.log | sed 's/^ */cuda: /'

gpu-check:
	@scripts/gpu-check.sh build

bench:
	$(GO) test ./dlkit -run '^$$' -bench . -benchmem

build:
	$(GO) build -o build/bin/percept ./cmd/percept

clean:
	rm -rf build
