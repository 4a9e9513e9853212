# Percept's tasks. Run `make help` for the list.

GO ?= go

.PHONY: help setup lab notebooks update-notebooks browser-test test gotest fuzz check cuda onnx-check gpu-check bench build clean

help:
	@echo "make lab               JupyterLab on the tutorials, with the GoNB kernel (prints the URL to open)"
	@echo "make notebooks         set up if needed, execute the tutorials headless into build/notebooks/"
	@echo "make browser-test      run every tutorial in JupyterLab in headless Chromium; screenshots in build/browser/"
	@echo "make test              gofmt, go vet, hadolint, go test ./..., the fuzzers briefly, the CUDA build, the ONNX check, the tutorials, the browser test"
	@echo "make fuzz              fuzz each reader of files for FUZZTIME (5s; e.g. make fuzz FUZZTIME=5m)"
	@echo "make cuda              build, vet and test the CUDA backend (-tags cuda); its GPU tests skip without a GPU"
	@echo "make onnx-check        exported models in ONNX's checker and ONNX Runtime, against percept predict"
	@echo "make gpu-check         build the GPU check for a machine with a GPU (scripts/gpu-check.sh)"
	@echo "make update-notebooks  execute the tutorials in place, to commit their outputs"
	@echo "make bench             the dlkit benchmarks"
	@echo "make build             the percept command, into build/bin/"

# Installs JupyterLab (into build/venv), GoNB and its kernel, the browser test's packages, and
# the few Debian/Ubuntu packages they need; quick when all is there.
setup:
	@scripts/setup.sh

lab: setup
	@scripts/lab.sh

notebooks: setup
	@scripts/run-notebooks.sh

update-notebooks: setup
	@scripts/run-notebooks.sh --update

# First the browser test's own test (its small notebooks in test/browser/testdata/ must fail as
# they were made to), then every tutorial. After make notebooks, it reuses the models that run
# trained (notebooks/models/). The outer timeouts are a last resort: every wait inside has its own.
browser-test: setup
	@timeout --foreground -k 30 300 node test/browser/selftest.mjs
	@timeout --foreground -k 30 3000 node test/browser/run.mjs

test: check gotest fuzz cuda onnx-check notebooks browser-test

gotest:
	$(GO) test ./...

# The fuzz targets of the readers of files (dlkit/fuzz_test.go), each for FUZZTIME. go test
# replays their corpora (dlkit/testdata/fuzz/) on every run; this looks for new inputs. An
# input that fails is saved to the corpus, and the target fails.
FUZZTIME ?= 5s
FUZZ_TARGETS = FuzzReadCSV FuzzLoadPoints FuzzReadIDX FuzzReadMLP FuzzReadPerceptron FuzzCSVHeader FuzzReadONNX
fuzz:
	@log=$$(mktemp) && for t in $(FUZZ_TARGETS); do \
		echo "fuzz: $$t for $(FUZZTIME)"; \
		$(GO) test ./dlkit -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) >$$log 2>&1 || \
			{ cat $$log; rm -f $$log; exit 1; }; \
	done; rm -f $$log

check: setup
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	build/venv/bin/hadolint docker/Dockerfile docker/Dockerfile.cuda

# The CUDA backend needs only CUDA's cuda.h to build (scripts/cuda-headers.sh finds or fetches
# it). Its tests run here too: without a GPU they say why, and skip.
cuda:
	@inc=$$(scripts/cuda-headers.sh) && export CGO_CFLAGS="-I$$inc" && \
	$(GO) vet -tags cuda ./... && $(GO) build -tags cuda ./... && \
	mkdir -p build/gpu && $(GO) test -c -tags cuda -o build/gpu/gpu.test ./gpu && \
	(cd gpu && ../build/gpu/gpu.test -test.v >../build/gpu/test.log 2>&1) || \
		{ cat build/gpu/test.log; echo "the CUDA backend's tests failed"; exit 1; }
	@grep -E -m1 'testing on|GPU tests are skipped' build/gpu/test.log | sed 's/^ */cuda: /'

# Every kind of exported model in onnx.checker and ONNX Runtime, against percept predict
# (scripts/onnx-check.py), with the packages setup put in build/venv (requirements.txt).
onnx-check: setup build
	timeout 600 build/venv/bin/python scripts/onnx-check.py --percept build/bin/percept

gpu-check:
	@scripts/gpu-check.sh build

bench:
	$(GO) test ./dlkit -run '^$$' -bench . -benchmem

build:
	$(GO) build -o build/bin/percept ./cmd/percept

clean:
	rm -rf build
