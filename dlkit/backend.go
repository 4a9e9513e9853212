package dlkit

import "fmt"

// Backend evaluates perceptrons over one binary dataset (labels 0 and 1), where the dataset is
// kept: on the CPU ([OnCPU], this package's functions, in float64) or on a GPU (the gpu
// package's Upload, in float32 with double-precision sums). Every backend gives the same
// results, within the precision it states, and for bad parameters errors that wrap the same
// sentinels (ErrShape, ErrNotFinite, ErrEmpty), each saying which backend it comes from: the
// gpu package's parity suite holds each one to that.
type Backend interface {
	// Len and Dim are the number of points and of features.
	Len() int
	Dim() int
	// SumCrossEntropy returns Σᵢ E(yᵢ, σ(w·xᵢ + b)), as the function SumCrossEntropy.
	SumCrossEntropy(w []float64, b float64) (float64, error)
	// MeanCrossEntropy is SumCrossEntropy divided by Len.
	MeanCrossEntropy(w []float64, b float64) (float64, error)
	// CompareCrossEntropy returns the summed cross-entropy of each weight choice,
	// (weights[c], biases[c]), as the function CompareCrossEntropy.
	CompareCrossEntropy(weights [][]float64, biases []float64) ([]float64, error)
	// ForwardBatch sets dst[i] to the perceptron's output for point i, as
	// Perceptron.ForwardBatch does, for the Step and Sigmoid activations (see CheckForward);
	// dst is reused if it has room, else allocated.
	ForwardBatch(dst []float64, p *Perceptron) ([]float64, error)
	// Close releases what the backend holds: a GPU's memory, after which its methods return
	// an error. On the CPU it does nothing.
	Close() error
	// String says where the data is: "CPU", or the GPU's name.
	String() string
}

// OnCPU returns the CPU backend for d, which calls this package's functions.
func OnCPU(d *Dataset) Backend { return onCPU{d} }

// onCPU is the CPU backend: the Dataset and the functions that take it.
type onCPU struct{ d *Dataset }

func (c onCPU) Len() int       { return c.d.Len() }
func (c onCPU) Dim() int       { return c.d.Dim() }
func (c onCPU) String() string { return "CPU" }
func (c onCPU) Close() error   { return nil }

func (c onCPU) SumCrossEntropy(w []float64, b float64) (float64, error) {
	return SumCrossEntropy(c.d, w, b)
}

func (c onCPU) MeanCrossEntropy(w []float64, b float64) (float64, error) {
	return MeanCrossEntropy(c.d, w, b)
}

func (c onCPU) CompareCrossEntropy(weights [][]float64, biases []float64) ([]float64, error) {
	return CompareCrossEntropy(c.d, weights, biases)
}

func (c onCPU) ForwardBatch(dst []float64, p *Perceptron) ([]float64, error) {
	if err := CheckForward(p, c.d.Dim()); err != nil {
		return nil, err
	}
	return p.ForwardBatch(dst, c.d.X())
}

// CheckForward checks a perceptron for a Backend's ForwardBatch over data with dim features:
// its activation must be Step or Sigmoid, the two every backend computes, and it must have dim
// weights, every parameter finite. The error wraps ErrEmpty, ErrShape or ErrNotFinite, or names
// the activation. Every backend calls it, so that all of them refuse the same perceptrons.
func CheckForward(p *Perceptron, dim int) error {
	if p.Activation != Step && p.Activation != Sigmoid {
		return fmt.Errorf("dlkit: a Backend's ForwardBatch computes the step and sigmoid activations, not %v", p.Activation)
	}
	return p.check(dim)
}
