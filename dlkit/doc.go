// Package dlkit is the math behind Percept's tutorials, in plain float64 Go: activations, the
// perceptron, binary cross-entropy, datasets (CSV, generators, MNIST), multi-layer networks
// and their training by backpropagation, metrics, and model files.
//
// # The perceptron
//
// A perceptron with weights w, bias b and activation a maps a point x to
//
//	z = w·x + b        (the weighted sum, or logit)
//	ŷ = a(z)
//
// With the [Step] activation ŷ is a hard 0 or 1; with the [Sigmoid] it is a probability
// σ(z) = 1/(1+e^(−z)), and the predicted label is 1 where ŷ > 0.5. In two dimensions the
// points where z = 0 form a line, the [DecisionBoundary].
//
// # Cross-entropy
//
// The binary cross-entropy of predicting probability p for a label y ∈ {0, 1} is
//
//	E(y, p) = −y·log(p) − (1−y)·log(1−p)
//
// It is small when the prediction is confident and right, and grows without bound when it is
// confident and wrong. Computed literally on p = σ(z) it reaches log(0) = −∞ as soon as σ(z)
// rounds to 1 (z > ~36.7) or to 0, even though the loss itself is finite. Written in terms of
// the logit z it needs no logarithm of a rounded probability:
//
//	E(y, σ(z)) = softplus(z) − y·z,   softplus(z) = log(1 + e^z) = max(z, 0) + log(1 + e^(−|z|))
//
// [SumCrossEntropy], [MeanCrossEntropy] and [CompareCrossEntropy] use this stable form. A
// [Backend] evaluates them, and the perceptron's outputs, where the data is kept: [OnCPU] here,
// or on a GPU (the gpu package).
//
// # Networks and backpropagation
//
// An [MLP] passes a batch of n points X (one per row) through its layers,
//
//	H₀ = inputs(X),   Zₗ = Hₗ₋₁·Wₗ + bₗ,   Hₗ = a(Zₗ)   for the hidden layers l = 1, ..., L
//	Z = H_L·W + b     (the output layer's logits)
//
// and [Train] minimises the batch's mean cross-entropy E, of the sigmoid of one logit for two
// classes and of the softmax of c logits for c > 2. Backpropagation finds every gradient in one
// pass from the top down, by the chain rule. For both outputs the logits' gradient is the same,
// with P the predicted probabilities and Y the labels one-hot:
//
//	δ = ∂E/∂Z = (P − Y)/n
//
// and then, for each layer from the output layer down, with δ the gradient of its Z,
//
//	∂E/∂W = Hᵀ·δ,   ∂E/∂b = Σ_rows δ,   δ_below = (δ·Wᵀ) ⊙ a′(Z_below)
//
// where H is the layer's input and a′ the activation's derivative ([Activation.Deriv]), found
// from the layer's output h = a(z): σ′ = h(1 − h), tanh′ = 1 − h², ReLU′ = 1 where h > 0. A
// [Layer] that is Frozen gets no gradient, and the pass stops below the lowest one that learns.
// The optimizer ([SGD], [Adam]) then moves every weight and bias against its gradient (with
// [TrainConfig]'s L1 and L2 terms added to the weights').
//
// # Errors and panics
//
// Problems in data — a NaN in a point, a label that is not 0 or 1, a weight vector whose length
// does not match the data, a malformed CSV row — are returned as errors that say what was wrong
// and where, wrapping one of the sentinel errors ([ErrShape], [ErrNotFinite], [ErrLabel],
// [ErrEmpty], [ErrNoBoundary], [ErrLimit]) so callers can test for them with errors.Is. Errors
// about a point read from a file name its file and line (from 1). Functions panic only on
// mistakes a program makes regardless of its data, such as an undefined [Activation] value
// passed to [Activation.Apply].
//
// # Limits
//
// Every size that comes from data, a file or a caller — classes, features, units, layers,
// parameters, points, and their products — is checked against a limit ([MaxClasses],
// [MaxFeatures], [MaxUnits], [MaxParams], [MaxPoints], [MaxValues], ...; limits.go says why
// each is what it is) before anything of that size is allocated, with arithmetic that cannot
// overflow ([MulSize]), so that no input exhausts memory; the error wraps [ErrLimit]. A result
// that would not be finite — a weighted sum that overflows, a summed cross-entropy beyond the
// float64 range — is computed in a form that does not overflow where the math allows, and is
// otherwise an error wrapping [ErrNotFinite] that names its cause: never a NaN.
package dlkit
