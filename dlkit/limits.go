package dlkit

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Limits on every size that comes from data, a file or a flag. Each is checked, with
// arithmetic that cannot overflow ([MulSize]), before anything of that size is allocated, so
// that no input — a CSV file with a stray label, a model file declaring a layer of 2³² units,
// a command line asking for 10¹² points — can exhaust memory or crash the program: it gets an
// error wrapping [ErrLimit] that says which value, where, and the limit.
//
// The limits keep every legitimate use working with room to spare (MNIST is 60,000 × 784
// values with 10 classes; the tutorials' deepest network has 150 hidden layers; networks
// 4096 units wide train) and keep the largest input that passes them within a few GiB, a
// fraction of a 24 GiB machine. They are documented in docs/model-format.md, and readers of
// other formats (such as ONNX) should check sizes against them too, with [CheckSize] and
// [MulSize].
const (
	// MaxClasses bounds the classes of a dataset or network: labels are class numbers below
	// it. ImageNet has 1000 classes. A confusion table has classes² counts (8 MB here), and
	// an output layer one unit per class.
	MaxClasses = 1000
	// MaxFeatures bounds the features of a point (a row of a CSV file, a model's inputs):
	// 65,536 is a 256×256 image, 83 times MNIST's 784.
	MaxFeatures = 1 << 16
	// MaxUnits bounds the units of a network, its hidden and output layers together (and so
	// the width of any one layer): 131,072 is 32 layers of 4096. A batch of points needs a
	// row of values per unit, so this bounds the memory per point in a forward pass (1 MiB).
	MaxUnits = 1 << 17
	// MaxLayers bounds the hidden layers of a network; the tutorials go to 150.
	MaxLayers = 1 << 10
	// MaxParams bounds the weights and biases of a network: 67 million, 512 MiB of float64
	// (784 inputs and three hidden layers of 4096 are 37 million). Training with Adam keeps
	// four values per parameter (2 GiB), and a model file about 24 bytes (1.6 GB).
	MaxParams = 1 << 26
	// MaxPoints bounds the points of a dataset, whether read or generated: 33.5 million,
	// three times the largest size percept speed times by default.
	MaxPoints = 1 << 25
	// MaxValues bounds the numbers held at once for a dataset (points × (features + label),
	// 2 GiB of float64: CIFAR-10 as CSV is 154 million), and those of the activations that
	// one training batch keeps (batch size × values per point, see [TrainConfig]).
	MaxValues = 1 << 28
	// MaxEpochs bounds TrainConfig.Epochs: a history of a million epochs is 16 MB.
	MaxEpochs = 1_000_000
	// MaxChoices bounds the weight choices one comparison takes from the command line
	// (percept compare -w, percept speed -k); the GPU compares 16 in one pass.
	MaxChoices = 1 << 8
	// MaxLineBytes bounds a line (or a row spread over lines by quotes) of a CSV file, 4 MiB:
	// a row of MaxFeatures numbers written in full precision takes 1.6 MiB.
	MaxLineBytes = 1 << 22
	// MaxModelBytes bounds the size of a model file, 4 GiB: a network of MaxParams parameters
	// written in full precision, and a training history of as many (TrainConfig.KeepParams).
	// It is an int64, the one limit beyond what an int holds on 32-bit systems.
	MaxModelBytes int64 = 1 << 32
)

// ErrLimit is wrapped by every error about a size beyond one of the limits above.
var ErrLimit = errors.New("beyond a limit")

// limitNames names the limits in errors: their values differ (a map literal with two equal
// constant keys does not compile), so the value says which limit it is.
var limitNames = map[int]string{
	MaxClasses: "MaxClasses", MaxFeatures: "MaxFeatures", MaxUnits: "MaxUnits", MaxLayers: "MaxLayers",
	MaxParams: "MaxParams", MaxPoints: "MaxPoints", MaxValues: "MaxValues", MaxEpochs: "MaxEpochs",
	MaxChoices: "MaxChoices", MaxLineBytes: "MaxLineBytes",
}

// CheckSize returns nil if 0 ≤ n ≤ limit, and otherwise an error wrapping ErrLimit that says
// what n counts, n and the limit, such as
//
//	dlkit: 100000 classes, beyond the limit of 1000 (dlkit.MaxClasses)
//
// what is a plural noun phrase ("classes", "units in hidden layer 2"); callers add where.
func CheckSize(what string, n, limit int) error {
	if n >= 0 && n <= limit {
		return nil
	}
	if n < 0 {
		return fmt.Errorf("dlkit: %d %s, want a number ≥ 0", n, what)
	}
	return limitError(strconv.Itoa(n)+" "+what, limit)
}

// MulSize returns the product of the factors if every one is ≥ 0 and the product is at most
// limit. Otherwise it returns an error wrapping ErrLimit that shows the factors and says what
// the product counts, such as
//
//	dlkit: 100000 × 100000 = 10000000000 weights in hidden layer 2, beyond the limit of 134217728 (dlkit.MaxParams)
//
// The product is checked before it is formed, so it never overflows and wraps around.
func MulSize(what string, limit int, factors ...int) (int, error) {
	for _, f := range factors {
		if f < 0 {
			return 0, fmt.Errorf("dlkit: %s: a factor is %d, want a number ≥ 0", what, f)
		}
		if f == 0 {
			return 0, nil
		}
	}
	p := 1
	for _, f := range factors {
		if p > limit/f { // p·f > limit, found without forming p·f
			p = -1
			break
		}
		p *= f
	}
	if p >= 0 {
		return p, nil
	}
	s := make([]string, len(factors))
	var exact uint64 = 1 // the product, while it fits
	fits := true
	for i, f := range factors {
		s[i] = strconv.Itoa(f)
		hi, lo := bits.Mul64(exact, uint64(f))
		exact, fits = lo, fits && hi == 0 && lo <= math.MaxInt64
	}
	value := strings.Join(s, " × ")
	if fits {
		value += " = " + strconv.FormatUint(exact, 10)
	} else {
		value += " (more than 2⁶³)"
	}
	return 0, limitError(value+" "+what, limit)
}

func limitError(value string, limit int) error {
	name := ""
	if n, ok := limitNames[limit]; ok {
		name = " (dlkit." + n + ")"
	}
	return fmt.Errorf("dlkit: %s, beyond the limit of %d%s: %w", value, limit, name, ErrLimit)
}
