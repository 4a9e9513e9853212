# Percept's tasks. Run `make help` for the list.

GO ?= go

.PHONY: help setup notebooks update-notebooks test gotest check cuda onnx-check gpu-check bench build clean

help:
	@echo "make notebooks         install Jupyter + GoNB if needed, execute the tutorials into build/notebooks/"
	@echo "make test              gofmt and go vet checks, go test ./..., the CUDA build, the ONNX check, and the tutorials"
	@echo "make cuda              build, vet and test the CUDA backend (-tags cuda); its GPU tests skip without a GPU"
	@echo "make onnx-check        exported models in ONNX's checker and ONNX Runtime, against percept predict"
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

test: check gotest cuda onnx-check notebooks

gotest:
	$(GO) test ./...

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

# Every kind of exported model in onnx.checker and ONNX Runtime, against percept predict
# (scripts/onnx-check.py). The Python packages are pinned in requirements/onnx.txt and live in
# build/venv; they are installed there if missing.
PYTHON_VENV = build/venv/bin/python
onnx-check: build
	@$(PYTHON_VENV) -c 'import onnx, onnxruntime' 2>/dev/null || { \
		echo "onnx-check: installing requirements/onnx.txt into build/venv"; \
		{ [ -x $(PYTHON_VENV) ] || python3 -m venv build/venv || \
			{ echo "onnx-check: python3 -m venv failed (on Debian or Ubuntu: apt-get install python3-venv)"; exit 1; }; } && \
		timeout 600 build/venv/bin/pip install -q --disable-pip-version-check -r requirements/onnx.txt; }
	timeout 600 $(PYTHON_VENV) scripts/onnx-check.py --percept build/bin/percept

gpu-check:
	@scripts/gpu-check.sh build

bench:
	$(GO) test ./dlkit -run '^$$' -bench . -benchmem

build:
	$(GO) build -o build/bin/percept ./cmd/percept

clean:
	rm -rf build
