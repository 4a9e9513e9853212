package gpu

import (
	"encoding/binary"
	"math"
)

// The kernels' parameters, laid out as percept.cu declares them (each at its natural alignment),
// for cu.Function.LaunchBuffer. TestKernelArgs checks them against percept.ptx's declarations.

// crossEntropy2Args lays out cross_entropy_2_k*'s parameters: pointers to the points, labels,
// partial sums, counter and sums, the number of points, and the units' parameters, passed by
// value as a float[3·maxUnits] (the k = len(params)/3 units' w₁, w₂, b, then zeros).
func crossEntropy2Args(x, y uint64, n int, partial, counter, sums uint64, params []float32) []byte {
	a := args(nil).u64(x).u64(y).u64(uint64(n)).u64(uint64(len(params) / 3)).u64(partial).u64(counter).u64(sums)
	return a.f32s(params).f32s(make([]float32, 3*maxUnits-len(params)))
}

// crossEntropyNArgs lays out cross_entropy_n_k*'s parameters; params points to the k units'
// parameters on the device.
func crossEntropyNArgs(x, y uint64, n, d int, params uint64, k int, partial, counter, sums uint64) []byte {
	return args(nil).u64(x).u64(y).u64(uint64(n)).u64(uint64(d)).u64(params).u64(uint64(k)).u64(partial).u64(counter).u64(sums)
}

// forwardArgs lays out forward_act's parameters.
func forwardArgs(x uint64, n, d int, params uint64, sigmoid int, out uint64) []byte {
	return args(nil).u64(x).u64(uint64(n)).u64(uint64(d)).u64(params).u64(uint64(sigmoid)).u64(out)
}

type args []byte

func (a args) align(n int) args {
	for len(a)%n != 0 {
		a = append(a, 0)
	}
	return a
}

func (a args) u64(v uint64) args { return binary.LittleEndian.AppendUint64(a.align(8), v) }

func (a args) f32s(v []float32) args {
	a = a.align(4)
	for _, f := range v {
		a = binary.LittleEndian.AppendUint32(a, math.Float32bits(f))
	}
	return a
}
