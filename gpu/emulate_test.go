package gpu

import (
	"math"
	"testing"

	"github.com/percept-go/percept/dlkit"
)

// emulator does in Go, operation by operation and in the same groups, the float32 arithmetic of
// percept.cu's cross-entropy kernels, with the GPU's approximate exp2 and log1pf pushed off the
// correctly rounded result by so many ulps (2 and 1 are their documented worst cases; negative
// pushes down). It checks the package comment's error bound on machines without a GPU.
type emulator struct{ exp2Ulps, log1pUlps int }

func fma32(a, b, c float32) float32 { return float32(math.FMA(float64(a), float64(b), float64(c))) }

// nudge moves v by n ulps, towards +Inf for n > 0 and towards −Inf for n < 0.
func nudge(v float32, n int) float32 {
	to := float32(math.Inf(1))
	if n < 0 {
		to, n = -to, -n
	}
	for range n {
		v = math.Nextafter32(v, to)
	}
	return max(v, 0) // both results are never negative
}

// group sums one group of logits towards the wrong class, as Group in percept.cu.
func (e emulator) group(ms []float32) float32 {
	var relu, s float32
	for _, m := range ms {
		relu += max(m, 0)
		a := float32(math.Abs(float64(m))) * float32(-1.4426950408889634)
		t := nudge(float32(math.Exp2(float64(a))), e.exp2Ulps)
		if t < 0x1p-126 { // flushed to zero
			t = 0
		}
		s = fma32(s, t, s+t)
	}
	return relu + nudge(float32(math.Log1p(float64(s))), e.log1pUlps)
}

// sum is what the kernel returns for one unit over ds.
func (e emulator) sum(ds *dlkit.Dataset, w []float64, b float64) float64 {
	n, d := ds.Len(), ds.Dim()
	// m returns point i's logit towards the wrong class.
	m := func(i int) float32 {
		z := float32(b)
		for j, x := range ds.Point(i) {
			z = fma32(float32(w[j]), float32(x), z)
		}
		return (1 - 2*float32(ds.Label(i))) * z
	}
	var total float64
	var ms []float32
	if d != 2 { // cross_entropy_n: groups of 8 consecutive points
		for start := 0; start < n; start += group {
			ms = ms[:0]
			for i := start; i < min(n, start+group); i++ {
				ms = append(ms, m(i))
			}
			total += float64(e.group(ms))
		}
		return total
	}
	// cross_entropy_2: in each chunk of 512 points, lane t of the warp sums points 64j + 2t and
	// 64j + 2t + 1, j < 8; the rest a point at a time.
	chunks := n / chunk2
	for c := range chunks {
		for lane := range 32 {
			ms = ms[:0]
			for j := range group2 / 2 {
				i := c*chunk2 + 64*j + 2*lane
				ms = append(ms, m(i), m(i+1))
			}
			total += float64(e.group(ms))
		}
	}
	for i := chunks * chunk2; i < n; i++ {
		total += float64(e.group([]float32{m(i)}))
	}
	return total
}

func TestEmulatedKernelWithinBound(t *testing.T) {
	for _, c := range []struct {
		name  string
		ds    *dlkit.Dataset
		scale float64
	}{
		{"N=10007", randomData(10007, 2, 1), 1},
		{"large |z|", randomData(10007, 2, 2), 1e4},
		{"medium |z|", randomData(10007, 2, 3), 30},
		{"tiny weights", randomData(10007, 2, 4), 1e-6},
		{"d=50", randomData(2001, 50, 5), 0.3},
	} {
		weights, biases := randomChoices(3, c.ds.Dim(), c.scale, 5)
		for k := range weights {
			want, err := dlkit.SumCrossEntropy(c.ds, weights[k], biases[k])
			if err != nil {
				t.Fatal(err)
			}
			tol := sumBound(c.ds, weights[k], biases[k])
			for _, e := range []emulator{{0, 0}, {2, 1}, {-2, -1}} {
				got := e.sum(c.ds, weights[k], biases[k])
				if d := math.Abs(got - want); !(d <= tol) {
					t.Errorf("%s, choice %d, %+v: %.17g, CPU %.17g: off by %.3g > bound %.3g",
						c.name, k, e, got, want, d, tol)
				} else if k == 0 && e.exp2Ulps == 2 {
					t.Logf("%s: relative error %.2g, bound %.2g", c.name, d/want, tol/want)
				}
			}
		}
	}
}
