"""Writes the PyTorch-made ONNX models that dlkit.ReadONNX is tested on, with PyTorch's own
outputs, and the two-moons network of notebook 11:

  dlkit/testdata/onnx/torch-*.onnx   small MLPs with random weights, one per way torch.onnx.export
                                     writes them (Gemm; MatMul + Add; a Transpose node; Flatten;
                                     float64; initializers as inputs; older opsets; softmax ...)
  dlkit/testdata/onnx/torch.json     for each: inputs, and PyTorch's outputs as probabilities,
                                     computed in float32 (as exported) and in float64 (the same
                                     weights, converted exactly)
  notebooks/data/torch-moons.csv     400 two-moons points (scikit-learn's make_moons)
  notebooks/data/torch-moons.onnx    an MLP PyTorch trained on them, standardising its inputs

Run it with Debian's Python, PyTorch and scikit-learn (apt-get install python3-torch
python3-sklearn):

    /usr/bin/python3 scripts/make-onnx-fixtures.py

torch.onnx.export of PyTorch 1.13 writes the protobuf itself and does not need the `onnx`
module (nor does this script). Everything is seeded and runs on one thread, so the files only
change if this script or PyTorch does.
"""
import io
import json
import os

import numpy as np
import torch
from sklearn.datasets import make_moons

torch.manual_seed(20261201)
torch.set_num_threads(1)
nn = torch.nn
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "dlkit", "testdata", "onnx")


def export(model, x, path, opset=14, output="y", **kw):
    """Exports model (in eval mode) with a dynamic batch, as a user would."""
    model.eval()
    buf = io.BytesIO()
    torch.onnx.export(model, x, buf, input_names=["input"], output_names=[output], opset_version=opset,
                      dynamic_axes={"input": {0: "batch"}, output: {0: "batch"}}, **kw)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def probabilities(out, kind):
    """PyTorch's outputs as class probabilities, in the output's own precision."""
    if kind == "sigmoid":
        return torch.cat([1 - out, out], dim=1)
    if kind == "logit":
        p = torch.sigmoid(out)
        return torch.cat([1 - p, p], dim=1)
    if kind == "logits":
        return torch.softmax(out, dim=1)
    if kind == "logsoftmax":
        return torch.exp(out)
    return out  # softmax


class Affine(nn.Module):
    """x·W + b with W stored inputs × units: MatMul then Add, as a hand-written layer."""

    def __init__(self, i, o, bias_first=False, transposed=False):
        super().__init__()
        self.transposed, self.bias_first = transposed, bias_first
        shape = (o, i) if transposed else (i, o)
        self.w = nn.Parameter(torch.randn(*shape) * 0.8)
        self.b = nn.Parameter(torch.randn(o) * 0.3)

    def forward(self, x):
        z = x @ (self.w.t() if self.transposed else self.w)
        return self.b + z if self.bias_first else z + self.b


class Standardised(nn.Module):
    """(x − mean) / std, then a network: Sub and Div before the first Gemm."""

    def __init__(self, mean, std, net):
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))
        self.net = net

    def forward(self, x):
        return self.net((x - self.mean) / self.std)


def randomize(model):
    """Gives every Linear larger random weights than its initialisation, so that the outputs
    are far from 0.5 and from each other."""
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0, 0.9)
    return model


# name, model, input shape (without the batch), output kind, export options
CASES = [
    ("gemm", lambda: nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 3)),
     [3], "logits", {}),
    ("sigmoid", lambda: nn.Sequential(nn.Linear(2, 6), nn.Tanh(), nn.Linear(6, 6), nn.Sigmoid(), nn.Linear(6, 1), nn.Sigmoid()),
     [2], "sigmoid", {}),
    ("softmax-opset11", lambda: nn.Sequential(nn.Linear(4, 5), nn.Sigmoid(), nn.Linear(5, 4), nn.Softmax(dim=1)),
     [4], "softmax", {"opset": 11}),
    ("logsoftmax-two", lambda: nn.Sequential(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 2), nn.LogSoftmax(dim=1)),
     [2], "logsoftmax", {}),
    ("logit", lambda: nn.Sequential(nn.Linear(5, 3), nn.Tanh(), nn.Linear(3, 1)),
     [5], "logit", {"opset": 17}),
    ("matmul", lambda: nn.Sequential(Affine(3, 4), nn.Tanh(), Affine(4, 3, bias_first=True)),
     [3], "logits", {}),
    ("transpose-node", lambda: nn.Sequential(Affine(2, 3, transposed=True), nn.ReLU(), Affine(3, 1, transposed=True), nn.Sigmoid()),
     [2], "sigmoid", {"do_constant_folding": False}),
    ("transpose-folded", lambda: nn.Sequential(Affine(2, 3, transposed=True), nn.ReLU(), Affine(3, 1, transposed=True), nn.Sigmoid()),
     [2], "sigmoid", {}),
    ("flatten", lambda: nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.Sigmoid(), nn.Dropout(0.3), nn.Linear(3, 1)),
     [1, 2, 2], "logit", {}),
    ("initializers-as-inputs", lambda: nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Dropout(0.5), nn.Linear(4, 3), nn.Softmax(dim=1)),
     [3], "softmax", {"keep_initializers_as_inputs": True, "do_constant_folding": False, "opset": 9}),
    ("float64", lambda: nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1), nn.Sigmoid()).double(),
     [3], "sigmoid", {}),
    ("standardised", lambda: Standardised([0.5, -1.0, 2.0], [2.0, 0.5, 3.0],
                                          nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 3))),
     [3], "logits", {}),
]


def cases():
    os.makedirs(OUT, exist_ok=True)
    out = []
    for name, make, shape, kind, opts in CASES:
        model = randomize(make()).eval()
        dtype = next(model.parameters()).dtype
        x = torch.randn(7, *shape, dtype=dtype) * 1.5
        opset = opts.pop("opset", 14)
        export(model, x[:1], os.path.join(OUT, f"torch-{name}.onnx"), opset=opset, **opts)
        with torch.no_grad():
            p32 = probabilities(model(x), kind)  # as exported (float32, or float64 for "float64")
            model64 = model.double()
            p64 = probabilities(model64(x.double()), kind)
        out.append({"file": f"torch-{name}.onnx", "kind": kind, "opset": opset, "dtype": str(dtype).removeprefix("torch."),
                    "x": x.reshape(len(x), -1).double().tolist(),
                    "proba_exported": p32.double().tolist(), "proba_float64": p64.tolist()})

    # A layer Percept has no mapping for: the error must name this node.
    export(randomize(nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(), nn.Linear(3, 1))).eval(), torch.zeros(1, 2),
           os.path.join(OUT, "torch-leakyrelu.onnx"))
    return out


def moons():
    """Trains a 2-16-16-1 MLP (tanh, then relu) on two moons with Adam, standardising the
    inputs inside the model, and exports it with its sigmoid."""
    x, y = make_moons(n_samples=400, noise=0.2, random_state=7)
    data = os.path.join(ROOT, "notebooks", "data")
    with open(os.path.join(data, "torch-moons.csv"), "w") as f:
        f.write("x1,x2,label\n")
        for (a, b), label in zip(x, y):
            f.write(f"{a!r},{b!r},{label}\n")
    xt = torch.tensor(x, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32).unsqueeze(1)
    net = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
    model = Standardised(xt.mean(0), xt.std(0, unbiased=False), net)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.BCEWithLogitsLoss()
    for _ in range(500):
        opt.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        opt.step()
    with torch.no_grad():
        accuracy = ((model(xt) > 0).float() == yt).float().mean().item()
    print(f"moons: loss {loss.item():.4f}, accuracy {accuracy:.4f}")
    exported = nn.Sequential(model, nn.Sigmoid())
    export(exported, xt[:1], os.path.join(data, "torch-moons.onnx"), output="p")
    with torch.no_grad():
        p = probabilities(exported(xt[:20]), "sigmoid")
        p64 = probabilities(exported.double()(torch.tensor(x[:20])), "sigmoid")
    return {"file": "../../../notebooks/data/torch-moons.onnx", "kind": "sigmoid", "opset": 14, "dtype": "float32",
            "x": x[:20].tolist(), "proba_exported": p.double().tolist(), "proba_float64": p64.tolist(),
            "accuracy": accuracy}


def main():
    out = cases()
    out.append(moons())
    with open(os.path.join(OUT, "torch.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": out}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
