"""Writes dlkit/testdata/torch_mlp.json: random multi-layer perceptrons with inputs, labels, and
the loss and gradients PyTorch computes for them in float64, for dlkit's backpropagation test.

Run with Debian's Python and PyTorch (apt-get install python3-torch):
    /usr/bin/python3 scripts/make-torch-fixture.py
The cases are seeded, so the file only changes if this script does.
"""
import json
import torch

torch.manual_seed(20261126)
torch.set_default_dtype(torch.float64)

ACTS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}
CASES = [
    # features, hidden widths, activation, classes, bias, points
    (2, [], "sigmoid", 2, True, 5),
    (2, [3], "tanh", 2, True, 7),
    (3, [4, 5], "sigmoid", 2, False, 6),
    (2, [6, 6, 6], "relu", 2, True, 9),
    (4, [5], "tanh", 3, True, 8),
    (2, [4, 3], "relu", 5, True, 10),
    (5, [7, 2], "tanh", 4, False, 4),
    (1, [3], "sigmoid", 2, True, 1),
]

cases = []
for features, hidden, act, classes, bias, n in CASES:
    widths = [features] + hidden + [1 if classes == 2 else classes]
    layers = []
    for i in range(len(widths) - 1):
        w = (torch.randn(widths[i], widths[i + 1]) * 0.9).requires_grad_()  # in×out, as dlkit
        b = (torch.randn(widths[i + 1]) * 0.5).requires_grad_() if bias else None
        layers.append((w, b))
    x = torch.randn(n, features) * 1.5
    y = torch.randint(0, classes, (n,))
    h = x
    for i, (w, b) in enumerate(layers):
        h = h @ w + (b if b is not None else 0)
        if i < len(layers) - 1:
            h = ACTS[act](h)
    if classes == 2:
        loss = torch.nn.functional.binary_cross_entropy_with_logits(h[:, 0], y.double())
    else:
        loss = torch.nn.functional.cross_entropy(h, y)
    loss.backward()
    cases.append({
        "features": features, "hidden": hidden, "activation": act, "classes": classes,
        "x": x.tolist(), "y": y.tolist(), "loss": loss.item(),
        "layers": [{
            "w": w.detach().flatten().tolist(), "b": b.detach().tolist() if b is not None else None,
            "grad_w": w.grad.flatten().tolist(), "grad_b": b.grad.tolist() if b is not None else None,
        } for w, b in layers],
    })

with open("dlkit/testdata/torch_mlp.json", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
