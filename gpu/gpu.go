// Package gpu evaluates perceptrons over large binary datasets on an NVIDIA GPU, with the same
// routines as dlkit on the CPU: the perceptron's outputs (step or sigmoid), the summed and mean
// binary cross-entropy, and the cross-entropy of many weight choices in one pass over the data.
//
// A backend, a dlkit.Backend, holds one dataset. dlkit.OnCPU keeps it on the CPU; Upload copies
// it to the GPU once, where it stays for any number of evaluations, until Close:
//
//	b := dlkit.OnCPU(ds)        // on the CPU
//	b, err := gpu.Upload(ds)    // the same, on the GPU
//	b, why := gpu.Best(ds)      // the GPU where there is one, otherwise the CPU, and why
//
// The GPU needs a program built with the build tag cuda (`go build -tags cuda`, or GoNB's
// `%goflags -tags=cuda`), which needs CUDA's header cuda.h to compile; at run time it needs only
// the NVIDIA driver. Without the tag, or on a machine without the driver or a GPU, Upload returns
// an error wrapping ErrNoCUDA, ErrNoDriver or ErrNoDevice, saying which, and dlkit.OnCPU keeps
// working.
//
// # Precision
//
// The GPU stores points and parameters as float32 and computes in float32, adding the
// cross-entropy of each group of 16 points (8 for data of more than two features) into
// double-precision sums reduced in a fixed order, so results are deterministic and the error
// does not grow with the number of points. Against
// dlkit's float64 results on the same data, for a unit with weights w and bias b over points
// of d features, with Aᵢ = Σⱼ|wⱼxᵢⱼ| + |b|, cross-entropies ℓᵢ and u = 2⁻²⁴ (float32's unit
// roundoff), the worst-case bounds are:
//
//   - summed cross-entropy: |GPU − CPU| ≤ (d + 48)·u·Σᵢ(Aᵢ + ℓᵢ); for two features and moderate
//     weights a relative error of a few 1e-6 at worst, typically 1e-7;
//   - sigmoid outputs: |GPU − CPU| ≤ (d + 4)·u·Aᵢ + 4u;
//   - step outputs: the same as the CPU's wherever |w·xᵢ + b| > (d + 4)·u·Aᵢ; closer to the
//     boundary, the float32 sum may fall on the other side.
//
// The rounding of data and parameters to float32, and of the weighted sum, make the (d + 4)
// parts; the float32 evaluation of the cross-entropy the rest. A weighted sum beyond float32's
// range (about 3.4e38) is an error wrapping dlkit.ErrNotFinite, where the CPU would go on.
//
// TestParity checks these bounds for every operation on both backends.
//
// # Threads and memory
//
// A Device and its Data may be used from any goroutine; calls on one device run one at a time,
// each on an OS thread that holds the device's CUDA context for the duration. Close frees the
// memory; running out of device memory, or a failed launch, is returned as an error. A kernel
// that faults leaves the device's CUDA context unusable, as CUDA does: every later call fails,
// until the Device is closed and opened again.
package gpu

//go:generate go run gen.go

import (
	"errors"

	"github.com/percept-go/percept/dlkit"
)

var (
	// ErrNoCUDA: the program was built without the build tag cuda.
	ErrNoCUDA = errors.New("gpu: this program was built without CUDA (build with -tags cuda, or %goflags -tags=cuda in GoNB)")
	// ErrNoDriver: the NVIDIA driver library, libcuda.so.1, could not be loaded.
	ErrNoDriver = errors.New("gpu: no NVIDIA driver")
	// ErrNoDevice: the driver is there but found no GPU it can use.
	ErrNoDevice = errors.New("gpu: no CUDA-capable GPU")
	// ErrOutOfMemory: the GPU has not enough free memory for the data.
	ErrOutOfMemory = errors.New("gpu: out of device memory")
	// ErrClosed: the Data or Device was used after Close.
	ErrClosed = errors.New("gpu: used after Close")
)

// The kernels' shapes, as in percept.cu.
const (
	threads  = 256         // threads per block, THREADS in percept.cu
	group    = 8           // points per group in cross_entropy_n, GROUP
	group2   = 16          // points per group in cross_entropy_2, GROUP2
	chunk2   = 32 * group2 // points a warp reads at a time in cross_entropy_2, CHUNK2
	maxUnits = 16          // the most units one cross-entropy launch evaluates, MAX_UNITS
)

// kernels are the names of the kernels in percept.ptx.
var kernels = []string{"cross_entropy_2_k1", "cross_entropy_2_k4", "cross_entropy_2_k16",
	"cross_entropy_n_k1", "cross_entropy_n_k4", "cross_entropy_n_k16", "forward_act"}

// Best returns the backend to evaluate d on, and why: d uploaded to the GPU if Upload
// succeeds, and otherwise d on the CPU (dlkit.OnCPU), with Upload's error as the reason. So one
// line picks the GPU where there is one, and the CPU wherever there is none, or the data does
// not fit on it:
//
//	b, why := gpu.Best(ds)
//	defer b.Close()
func Best(d *dlkit.Dataset) (b dlkit.Backend, reason string) {
	g, err := Upload(d)
	if err != nil {
		return dlkit.OnCPU(d), err.Error()
	}
	return g, "the data is on the GPU"
}
