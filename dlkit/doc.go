// Package dlkit is the math behind Percept's tutorials: activations, the perceptron, binary
// cross-entropy, and datasets, in plain float64 Go.
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
// [SumCrossEntropy], [MeanCrossEntropy] and [CompareCrossEntropy] use this stable form.
//
// # Errors and panics
//
// Problems in data — a NaN in a point, a label that is not 0 or 1, a weight vector whose length
// does not match the data, a malformed CSV row — are returned as errors that say what was wrong
// and where, wrapping one of the sentinel errors ([ErrShape], [ErrNotFinite], [ErrLabel],
// [ErrEmpty], [ErrNoBoundary]) so callers can test for them with errors.Is. Functions panic only
// on mistakes a program makes regardless of its data, such as an undefined [Activation] value
// passed to [Activation.Apply].
package dlkit
