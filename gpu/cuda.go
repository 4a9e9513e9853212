//go:build cuda

// The CUDA backend. Its twin, nocuda.go, has the same exported API for builds without the tag;
// keep the two in step.

package gpu

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"unsafe"

	"gorgonia.org/cu"

	"github.com/percept-go/percept/dlkit"
)

// CUDA reports whether this program was built with the build tag cuda.
const CUDA = true

//go:embed percept.ptx
var ptx string

// maxShared is the most parameters (units × (features + 1)) cross_entropy_n takes, in 40 KiB
// of shared memory (kernels get 48 KiB without asking).
const maxShared = 40 << 10 / 4

// Device is one GPU, with a CUDA context and Percept's kernels loaded in it.
type Device struct {
	mu      sync.Mutex
	ctx     cu.CUContext
	mod     cu.Module
	name    string
	grid    int // the most blocks a launch uses: 4 per multiprocessor
	kernels map[string]cu.Function
	data    map[*Data]bool // open data, freed by Close
	closed  bool
}

var (
	defaultMu  sync.Mutex
	defaultDev *Device
)

// Upload copies ds to the first GPU, which it opens the first time and keeps open until the
// program ends, and returns it as a dlkit.Backend (a *Data). See Device.Upload. On an error the
// Backend is nil itself, never an interface holding a nil *Data.
func Upload(ds *dlkit.Dataset) (dlkit.Backend, error) {
	defaultMu.Lock()
	if defaultDev == nil {
		d, err := Open()
		if err != nil {
			defaultMu.Unlock()
			return nil, err
		}
		defaultDev = d
	}
	d := defaultDev
	defaultMu.Unlock()
	x, err := d.Upload(ds)
	if err != nil {
		return nil, err
	}
	return x, nil
}

// Open opens the first GPU. It returns an error wrapping ErrNoDriver if the NVIDIA driver
// cannot be loaded, ErrNoDevice if there is no GPU, or another error if the GPU cannot run
// Percept's kernels.
func Open() (*Device, error) {
	if err := cu.Init(); err != nil {
		if errors.Is(err, cu.ErrNoDriver) {
			return nil, fmt.Errorf("%w (%v)", ErrNoDriver, err)
		}
		if err == cu.NoDevice {
			return nil, fmt.Errorf("%w (the driver reports %v)", ErrNoDevice, err)
		}
		return nil, fmt.Errorf("gpu: starting the CUDA driver: %w", err)
	}
	if n, err := cu.NumDevices(); err != nil || n == 0 {
		return nil, fmt.Errorf("%w (the driver finds %d GPUs, %v)", ErrNoDevice, n, err)
	}
	dev, err := cu.GetDevice(0)
	if err != nil {
		return nil, fmt.Errorf("gpu: %w", err)
	}
	d := &Device{kernels: map[string]cu.Function{}, data: map[*Data]bool{}}
	if d.name, err = dev.Name(); err != nil {
		return nil, fmt.Errorf("gpu: %w", err)
	}
	sms, err := dev.Attribute(cu.MultiprocessorCount)
	if err != nil {
		return nil, fmt.Errorf("gpu: %s: %w", d.name, err)
	}
	// Enough blocks to keep every multiprocessor busy; the same for every kernel, so that a sum
	// over the same data is split the same way whichever kernel does it.
	d.grid = 4 * sms

	runtime.LockOSThread()
	d.ctx, err = dev.MakeContext(cu.SchedAuto)
	if err == nil {
		// MakeContext made the context current on this thread; each call pushes it instead.
		if _, err = cu.PopCurrentCtx(); err != nil {
			d.ctx.Destroy()
		}
	}
	runtime.UnlockOSThread()
	if err != nil {
		return nil, fmt.Errorf("gpu: creating a context on %s: %w", d.name, err)
	}
	err = d.do(func() error {
		var err error
		if d.mod, err = cu.LoadData(ptx); err != nil {
			return fmt.Errorf("loading the kernels (PTX for compute capability 7.0 or later): %w", err)
		}
		for _, k := range kernels {
			if d.kernels[k], err = d.mod.Function(k); err != nil {
				return fmt.Errorf("finding kernel %s: %w", k, err)
			}
		}
		return nil
	})
	if err != nil {
		d.ctx.Destroy()
		return nil, fmt.Errorf("gpu: %s: %w", d.name, err)
	}
	return d, nil
}

// String returns the GPU's name.
func (d *Device) String() string { return d.name }

// MemInfo returns the GPU's free and total memory in bytes.
func (d *Device) MemInfo() (free, total int64, err error) {
	err = d.do(func() error {
		free, total, err = cu.MemInfo()
		return err
	})
	return free, total, err
}

// do runs f with the device's context current on a locked OS thread, one call at a time.
func (d *Device) do(f func() error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := cu.PushCurrentCtx(d.ctx); err != nil {
		return fmt.Errorf("gpu: %s: %w", d.name, err)
	}
	defer cu.PopCurrentCtx()
	return f()
}

// Close frees the memory of all data still uploaded to the device, and the device itself.
func (d *Device) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	for x := range d.data {
		x.closed = true
	}
	d.data = nil
	// Destroying the context frees everything allocated in it.
	if err := d.ctx.Destroy(); err != nil {
		return fmt.Errorf("gpu: closing %s: %w", d.name, err)
	}
	return nil
}

// Data is a binary dataset on a GPU: its points as float32, its labels as bytes, and room for
// the parameters and sums of one launch. It implements dlkit.Backend.
type Data struct {
	dev     *Device
	n, dim  int
	x, y    cu.DevicePtr
	scratch cu.DevicePtr // parameters, then sums, then the blocks' partial sums, then a counter
	params  int64        // bytes for parameters at the start of scratch
	out     cu.DevicePtr // ForwardBatch's outputs, allocated by its first call
	closed  bool
}

var _ dlkit.Backend = (*Data)(nil)

// Upload copies ds, which must have labels 0 and 1 only, to the device. It returns an error
// wrapping dlkit.ErrLabel for other labels, dlkit.ErrNotFinite for a value beyond float32's
// range, and ErrOutOfMemory if the device has not enough free memory.
func (d *Device) Upload(ds *dlkit.Dataset) (*Data, error) {
	n, dim := ds.Len(), ds.Dim()
	if dim+1 > maxShared {
		return nil, fmt.Errorf("gpu: data with %d features; the GPU backend takes at most %d: %w", dim, maxShared-1, dlkit.ErrShape)
	}
	x := make([]float32, n*dim)
	y := make([]uint8, n)
	for i := range n {
		for j, v := range ds.Point(i) {
			if math.Abs(v) > math.MaxFloat32 { // a Dataset's values are finite
				return nil, fmt.Errorf("gpu: point %d, feature %d is %v, %w", i, j, v, errBeyondFloat32)
			}
			x[i*dim+j] = float32(v)
		}
		if l := ds.Label(i); l > 1 {
			return nil, fmt.Errorf("gpu: point %d has label %v; binary cross-entropy needs labels 0 and 1: %w", i, l, dlkit.ErrLabel)
		}
		y[i] = uint8(ds.Label(i))
	}
	data := &Data{dev: d, n: n, dim: dim, params: int64(maxUnits*(dim+1)*4+7) &^ 7}
	err := d.do(func() error {
		var err error
		if data.x, err = alloc(int64(len(x)) * 4); err != nil {
			return err
		}
		if data.y, err = alloc(int64(n)); err != nil {
			cu.MemFree(data.x)
			return err
		}
		size := data.params + int64(maxUnits+d.grid*maxUnits)*8 + 8
		if data.scratch, err = alloc(size); err != nil {
			cu.MemFree(data.x)
			cu.MemFree(data.y)
			return err
		}
		err = errors.Join(
			cu.MemcpyHtoD(data.x, unsafe.Pointer(&x[0]), int64(len(x))*4),
			cu.MemcpyHtoD(data.y, unsafe.Pointer(&y[0]), int64(n)),
			cu.MemsetD8(data.scratch, 0, size))
		if err != nil {
			data.free()
			return err
		}
		d.data[data] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("gpu: uploading %d points of %d features to %s: %w", n, dim, d.name, err)
	}
	return data, nil
}

// alloc allocates device memory, wrapping ErrOutOfMemory if there is not enough.
func alloc(bytes int64) (cu.DevicePtr, error) {
	p, err := cu.MemAlloc(bytes)
	if err == cu.OutOfMemory {
		return 0, fmt.Errorf("%w (%d bytes)", ErrOutOfMemory, bytes)
	}
	return p, err
}

// free frees x's device memory; the context must be current.
func (x *Data) free() error {
	err := errors.Join(cu.MemFree(x.x), cu.MemFree(x.y), cu.MemFree(x.scratch))
	if x.out != 0 {
		err = errors.Join(err, cu.MemFree(x.out))
	}
	return err
}

// Close frees the data's device memory.
func (x *Data) Close() error {
	err := x.dev.do(func() error {
		if x.closed {
			return nil
		}
		x.closed = true
		delete(x.dev.data, x)
		return x.free()
	})
	if errors.Is(err, ErrClosed) { // the device was closed, which freed the data
		return nil
	}
	return err
}

// Len returns the number of points.
func (x *Data) Len() int { return x.n }

// Dim returns the number of features.
func (x *Data) Dim() int { return x.dim }

// String returns the GPU's name.
func (x *Data) String() string { return x.dev.name }

// SumCrossEntropy returns Σᵢ E(yᵢ, σ(w·xᵢ + b)) (see the package comment for its precision).
func (x *Data) SumCrossEntropy(w []float64, b float64) (float64, error) {
	s, err := x.CompareCrossEntropy([][]float64{w}, []float64{b})
	if err != nil {
		return 0, err
	}
	return s[0], nil
}

// MeanCrossEntropy is SumCrossEntropy divided by Len.
func (x *Data) MeanCrossEntropy(w []float64, b float64) (float64, error) {
	s, err := x.SumCrossEntropy(w, b)
	return s / float64(x.n), err
}

// CompareCrossEntropy returns the summed cross-entropy of each weight choice, reading the data
// once for every 16 choices (fewer, for data of more than 639 features).
func (x *Data) CompareCrossEntropy(weights [][]float64, biases []float64) ([]float64, error) {
	if err := checkChoices(weights, biases, x.dim); err != nil {
		return nil, fmt.Errorf("gpu: cross-entropy on %s: %w", x.dev.name, err)
	}
	per := min(maxUnits, maxShared/(x.dim+1))
	sums := make([]float64, len(weights))
	params := make([]float32, 0, per*(x.dim+1))
	err := x.dev.do(func() error {
		if x.closed {
			return ErrClosed
		}
		for c := 0; c < len(weights); c += per {
			k := min(per, len(weights)-c)
			params = params[:0]
			for u := c; u < c+k; u++ {
				for _, v := range weights[u] {
					params = append(params, float32(v))
				}
				params = append(params, float32(biases[u]))
			}
			if err := x.crossEntropy(sums[c:c+k], params); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("gpu: cross-entropy on %s: %w", x.dev.name, err)
	}
	return sums, nil
}

// crossEntropy runs one cross-entropy launch for the len(sums) units whose parameters are in
// params; the context must be current.
func (x *Data) crossEntropy(sums []float64, params []float32) error {
	k := len(sums)
	kk := 16
	if k <= 1 {
		kk = 1
	} else if k <= 4 {
		kk = 4
	}
	sumsPtr := x.scratch + cu.DevicePtr(x.params)
	partialPtr := sumsPtr + maxUnits*8
	counterPtr := partialPtr + cu.DevicePtr(x.dev.grid*maxUnits*8)
	var name string
	var a []byte
	var shared, grid int
	if x.dim == 2 {
		name = fmt.Sprintf("cross_entropy_2_k%d", kk)
		a = crossEntropy2Args(uint64(x.x), uint64(x.y), x.n, uint64(partialPtr), uint64(counterPtr), uint64(sumsPtr), params)
		grid = ceilDiv(x.n/chunk2, threads/32) // a warp per chunk
	} else {
		name = fmt.Sprintf("cross_entropy_n_k%d", kk)
		if err := cu.MemcpyHtoD(x.scratch, unsafe.Pointer(&params[0]), int64(len(params))*4); err != nil {
			return err
		}
		a = crossEntropyNArgs(uint64(x.x), uint64(x.y), x.n, x.dim, uint64(x.scratch), k, uint64(partialPtr), uint64(counterPtr), uint64(sumsPtr))
		shared = len(params) * 4
		grid = ceilDiv(ceilDiv(x.n, group), threads) // a thread per group
	}
	grid = max(1, min(grid, x.dev.grid))
	if err := x.dev.kernels[name].LaunchBuffer(grid, threads, shared, cu.NoStream, a); err != nil {
		return fmt.Errorf("launching %s: %w", name, err)
	}
	// The copy waits for the kernel, and reports its failure if it failed.
	if err := cu.MemcpyDtoH(unsafe.Pointer(&sums[0]), sumsPtr, int64(k)*8); err != nil {
		return fmt.Errorf("running %s: %w", name, err)
	}
	for u, s := range sums {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return fmt.Errorf("%s gave %v for unit %d of %d (a weighted sum beyond float32's range?): %w",
				name, s, u, k, dlkit.ErrNotFinite)
		}
	}
	return nil
}

// ForwardBatch sets dst[i] to the perceptron's output for point i: 1 or 0 for the Step
// activation (1 where w·xᵢ + b > 0), σ(w·xᵢ + b) for the Sigmoid, computed in float32 (see the
// package comment for its precision). dst is reused if it has room for Len values, and
// allocated otherwise.
func (x *Data) ForwardBatch(dst []float64, p *dlkit.Perceptron) ([]float64, error) {
	err := dlkit.CheckForward(p, x.dim)
	if err == nil {
		err = checkFloat32(p.Weights, p.Bias)
	}
	if err != nil {
		return nil, fmt.Errorf("gpu: ForwardBatch on %s: %w", x.dev.name, err)
	}
	if cap(dst) < x.n {
		dst = make([]float64, x.n)
	}
	dst = dst[:x.n]
	params := make([]float32, 0, x.dim+1)
	for _, v := range p.Weights {
		params = append(params, float32(v))
	}
	params = append(params, float32(p.Bias))
	out := make([]float32, x.n)
	sigmoid := 0
	if p.Activation == dlkit.Sigmoid {
		sigmoid = 1
	}
	err = x.dev.do(func() error {
		if x.closed {
			return ErrClosed
		}
		if x.out == 0 {
			o, err := alloc(int64(x.n) * 4)
			if err != nil {
				return err
			}
			x.out = o
		}
		if err := cu.MemcpyHtoD(x.scratch, unsafe.Pointer(&params[0]), int64(len(params))*4); err != nil {
			return err
		}
		a := forwardArgs(uint64(x.x), x.n, x.dim, uint64(x.scratch), sigmoid, uint64(x.out))
		grid := max(1, min(x.dev.grid, ceilDiv(x.n, threads)))
		if err := x.dev.kernels["forward_act"].LaunchBuffer(grid, threads, 0, cu.NoStream, a); err != nil {
			return fmt.Errorf("launching forward_act: %w", err)
		}
		if err := cu.MemcpyDtoH(unsafe.Pointer(&out[0]), x.out, int64(x.n)*4); err != nil {
			return fmt.Errorf("running forward_act: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("gpu: ForwardBatch on %s: %w", x.dev.name, err)
	}
	for i, v := range out {
		dst[i] = float64(v)
	}
	return dst, nil
}

// checkChoices checks weight choices for data with dim features as dlkit.CheckChoices does, and
// also that every parameter fits in a float32, naming the choice and parameter at fault. Its
// callers say that the error comes from the GPU.
func checkChoices(weights [][]float64, biases []float64, dim int) error {
	if err := dlkit.CheckChoices(weights, biases, dim); err != nil {
		return err
	}
	for c, w := range weights {
		if err := checkFloat32(w, biases[c]); err != nil {
			return fmt.Errorf("choice %d: %w", c, err)
		}
	}
	return nil
}

// checkFloat32 returns an error naming the first weight, or the bias, beyond float32's range.
func checkFloat32(w []float64, b float64) error {
	for j, v := range w {
		if math.Abs(v) > math.MaxFloat32 {
			return fmt.Errorf("weights[%d] is %v, %w", j, v, errBeyondFloat32)
		}
	}
	if math.Abs(b) > math.MaxFloat32 {
		return fmt.Errorf("bias is %v, %w", b, errBeyondFloat32)
	}
	return nil
}

var errBeyondFloat32 = fmt.Errorf("beyond float32's range: %w", dlkit.ErrNotFinite)

func ceilDiv(a, b int) int { return (a + b - 1) / b }
