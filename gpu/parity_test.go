package gpu

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/percept-go/percept/dlkit"
)

// u is float32's unit roundoff, in the package comment's bounds.
const u = 0x1p-24

// forEachBackend runs f on ds on the CPU, and on the GPU where there is one; where not, the
// GPU subtest is skipped, saying why.
func forEachBackend(t *testing.T, ds *dlkit.Dataset, f func(t *testing.T, b dlkit.Backend)) {
	t.Helper()
	t.Run("CPU", func(t *testing.T) { f(t, dlkit.OnCPU(ds)) })
	t.Run("GPU", func(t *testing.T) {
		b, err := Upload(ds)
		if noGPU(err) {
			t.Skipf("no GPU to test on: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := b.Close(); err != nil {
				t.Error(err)
			}
		}()
		f(t, b)
	})
}

// noGPU reports whether err says that there is no GPU to use.
func noGPU(err error) bool {
	return errors.Is(err, ErrNoCUDA) || errors.Is(err, ErrNoDriver) || errors.Is(err, ErrNoDevice)
}

// TestOpen reports the GPU the tests run on, or why there is none.
func TestOpen(t *testing.T) {
	d, err := Open()
	if noGPU(err) {
		if err.Error() == "" || errors.Is(err, ErrNoCUDA) == CUDA {
			t.Errorf("Open: %q is not the error a build with CUDA=%v should give", err, CUDA)
		}
		t.Skipf("the GPU tests are skipped: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	free, total, err := d.MemInfo()
	if err != nil || free <= 0 || free > total {
		t.Fatalf("MemInfo: free %d, total %d, %v", free, total, err)
	}
	t.Logf("testing on %s, %.1f of %.1f GiB free", d, float64(free)/(1<<30), float64(total)/(1<<30))
}

// TestUploadNil checks that a failed Upload gives a Backend that is nil, not one holding a nil
// *Data, which a test for nil would miss: without a GPU every Upload fails, and with one, an
// Upload of three classes.
func TestUploadNil(t *testing.T) {
	three := dlkit.MustNewDataset([][]float64{{0, 0}, {1, 1}, {2, 2}}, []float64{0, 1, 2})
	b, err := Upload(three)
	if err == nil || b != nil {
		t.Errorf("Upload of three classes: %#v, %v; want a nil Backend and an error", b, err)
	}
}

// TestBest checks that Best picks the GPU where Upload works and the CPU, saying why,
// elsewhere: everywhere without a GPU, and for data the GPU does not take (three classes).
func TestBest(t *testing.T) {
	ds := randomData(1000, 2, 1)
	g, err := Upload(ds)
	if err == nil {
		g.Close()
	}
	b, why := Best(ds)
	defer b.Close()
	switch {
	case err == nil && (b.String() == "CPU" || why == ""):
		t.Errorf("Best: %v (%q), want the GPU, where Upload works", b, why)
	case err != nil && (b.String() != "CPU" || why != err.Error()):
		t.Errorf("Best: %v (%q), want the CPU because %q", b, why, err)
	}
	if b.Len() != ds.Len() || b.Dim() != ds.Dim() {
		t.Errorf("Best: %d×%d, want %d×%d", b.Len(), b.Dim(), ds.Len(), ds.Dim())
	}
	three := dlkit.MustNewDataset([][]float64{{0, 0}, {1, 1}, {2, 2}}, []float64{0, 1, 2})
	if b, why := Best(three); b.String() != "CPU" || !strings.HasPrefix(why, "gpu: ") {
		t.Errorf("Best of three classes: %v (%q), want the CPU and Upload's error", b, why)
	}
}

// randomData returns n points of d features, N(0, 1), labelled by the sign of a noisy linear
// rule, so that any unit gets some right and some wrong.
func randomData(n, d int, seed uint64) *dlkit.Dataset {
	r := rand.New(rand.NewPCG(seed, 7))
	points, labels := make([][]float64, n), make([]float64, n)
	for i := range points {
		points[i] = make([]float64, d)
		s := r.NormFloat64()
		for j := range points[i] {
			points[i][j] = r.NormFloat64()
			s += points[i][j]
		}
		if s > 0 {
			labels[i] = 1
		}
	}
	if n > 1 { // both classes
		labels[0], labels[1] = 0, 1
	}
	return dlkit.MustNewDataset(points, labels)
}

// randomChoices returns k weight choices for d features, scaled by scale.
func randomChoices(k, d int, scale float64, seed uint64) ([][]float64, []float64) {
	r := rand.New(rand.NewPCG(seed, 11))
	weights, biases := make([][]float64, k), make([]float64, k)
	for c := range weights {
		weights[c] = make([]float64, d)
		for j := range weights[c] {
			weights[c][j] = scale * r.NormFloat64()
		}
		biases[c] = scale * r.NormFloat64()
	}
	return weights, biases
}

// sumBound returns the package comment's bound on a summed cross-entropy's error.
func sumBound(ds *dlkit.Dataset, w []float64, b float64) float64 {
	var s float64
	for i := range ds.Len() {
		a, z := math.Abs(b), b
		for j, x := range ds.Point(i) {
			a += math.Abs(w[j] * x)
			z += w[j] * x
		}
		s += a + dlkit.CrossEntropyLogit(ds.Label(i), z)
	}
	return float64(ds.Dim()+48) * u * s
}

func TestParityCrossEntropy(t *testing.T) {
	for _, c := range []struct {
		name   string
		ds     *dlkit.Dataset
		k      int     // weight choices
		scale  float64 // of the weights
		wantLE float64 // the largest relative error the bound may allow, so that it tests something
	}{
		{"tutorial", dlkit.TutorialData(), 3, 1, 1e-4},
		{"one point", randomData(1, 2, 1), 2, 1, 1e-2},
		{"N=1003", randomData(1003, 2, 2), 1, 1, 1e-4},
		{"N=70001 k=5", randomData(70001, 2, 3), 5, 1, 1e-4},
		{"N=70001 k=16", randomData(70001, 2, 4), 16, 2, 1e-4},
		{"k=40", randomData(5000, 2, 5), 40, 1, 1e-4},
		{"large |z|", randomData(4099, 2, 6), 4, 1e4, 1e-4},
		{"tiny weights", randomData(4099, 2, 7), 4, 1e-6, 1e-4},
		{"d=3", randomData(1001, 3, 8), 3, 1, 1e-4},
		{"d=50 k=16", randomData(3001, 50, 9), 16, 0.2, 1e-3},
		{"d=700 k=20", randomData(333, 700, 10), 20, 0.05, 1e-2},
	} {
		t.Run(c.name, func(t *testing.T) {
			weights, biases := randomChoices(c.k, c.ds.Dim(), c.scale, uint64(c.k))
			want, err := dlkit.CompareCrossEntropy(c.ds, weights, biases)
			if err != nil {
				t.Fatal(err)
			}
			forEachBackend(t, c.ds, func(t *testing.T, b dlkit.Backend) {
				if b.Len() != c.ds.Len() || b.Dim() != c.ds.Dim() {
					t.Fatalf("%v holds %d×%d, want %d×%d", b, b.Len(), b.Dim(), c.ds.Len(), c.ds.Dim())
				}
				got, err := b.CompareCrossEntropy(weights, biases)
				if err != nil {
					t.Fatal(err)
				}
				for k := range want {
					tol := sumBound(c.ds, weights[k], biases[k])
					if tol > c.wantLE*want[k] {
						t.Fatalf("the bound %g is loose for choice %d (%g): fix the test", tol, k, want[k])
					}
					if d := math.Abs(got[k] - want[k]); !(d <= tol) {
						t.Errorf("choice %d: %v gives %.17g, CPU %.17g: off by %.3g > %.3g",
							k, b, got[k], want[k], d, tol)
					}
				}
				// One at a time, and the mean.
				for k := range want {
					s, err := b.SumCrossEntropy(weights[k], biases[k])
					if err != nil || s != got[k] {
						t.Errorf("SumCrossEntropy(choice %d) = %.17g, %v; Compare gave %.17g", k, s, err, got[k])
					}
				}
				m, err := b.MeanCrossEntropy(weights[0], biases[0])
				if want := got[0] / float64(c.ds.Len()); err != nil || math.Abs(m-want) > 1e-15*want {
					t.Errorf("MeanCrossEntropy = %v, %v; want %v", m, err, want)
				}
			})
		})
	}
}

func TestParityForwardBatch(t *testing.T) {
	for _, c := range []struct {
		name  string
		ds    *dlkit.Dataset
		scale float64
	}{
		{"one point", randomData(1, 2, 1), 1},
		{"N=1003", randomData(1003, 2, 2), 1},
		{"large |z|", randomData(777, 2, 3), 1e4},
		{"d=5", randomData(513, 5, 4), 0.5},
	} {
		weights, biases := randomChoices(1, c.ds.Dim(), c.scale, 3)
		for _, act := range []dlkit.Activation{dlkit.Step, dlkit.Sigmoid} {
			p := &dlkit.Perceptron{Weights: weights[0], Bias: biases[0], Activation: act}
			want, err := p.ForwardBatch(nil, c.ds.X())
			if err != nil {
				t.Fatal(err)
			}
			t.Run(fmt.Sprintf("%s/%v", c.name, act), func(t *testing.T) {
				forEachBackend(t, c.ds, func(t *testing.T, b dlkit.Backend) {
					got, err := b.ForwardBatch(make([]float64, c.ds.Len()), p)
					if err != nil {
						t.Fatal(err)
					}
					near := 0
					for i := range want {
						a, z := math.Abs(p.Bias), p.Bias
						for j, x := range c.ds.Point(i) {
							a += math.Abs(p.Weights[j] * x)
							z += p.Weights[j] * x
						}
						tol := float64(c.ds.Dim()+4) * u * a
						switch {
						case act == dlkit.Sigmoid && !(math.Abs(got[i]-want[i]) <= tol+4*u):
							t.Errorf("point %d: %v gives σ = %.9g, CPU %.9g (z = %g)", i, b, got[i], want[i], z)
						case act == dlkit.Step && math.Abs(z) <= tol:
							near++
						case act == dlkit.Step && got[i] != want[i]:
							t.Errorf("point %d: %v gives step %v, CPU %v (z = %g)", i, b, got[i], want[i], z)
						}
					}
					if near > len(want)/100 {
						t.Errorf("%d of %d points are too near the boundary to test", near, len(want))
					}
				})
			})
		}
	}
}

// saysWhere reports whether err says which backend it comes from: the CPU's errors are dlkit's,
// the GPU's are the gpu package's and name the GPU, whichever check (dlkit's, shared by both,
// or the GPU's own) found the problem.
func saysWhere(b dlkit.Backend, err error) bool {
	if b.String() == "CPU" {
		return strings.HasPrefix(err.Error(), "dlkit: ") || strings.Contains(err.Error(), ": dlkit: ")
	}
	return strings.HasPrefix(err.Error(), "gpu: ") && strings.Contains(err.Error(), b.String())
}

// TestParityErrors checks that bad parameters get the same errors on every backend, and that
// each error says where it comes from.
func TestParityErrors(t *testing.T) {
	ds := randomData(100, 2, 1)
	forEachBackend(t, ds, func(t *testing.T, b dlkit.Backend) {
		for _, c := range []struct {
			w                []float64
			bias             float64
			want, wantInUnit error // for the cross-entropies, and for ForwardBatch
		}{
			{[]float64{1, math.NaN()}, 0, dlkit.ErrNotFinite, dlkit.ErrNotFinite},
			{[]float64{1, 2}, math.Inf(-1), dlkit.ErrNotFinite, dlkit.ErrNotFinite},
			{[]float64{1, 2, 3}, 0, dlkit.ErrShape, dlkit.ErrShape},
			{nil, 0, dlkit.ErrShape, dlkit.ErrEmpty},
		} {
			if _, err := b.SumCrossEntropy(c.w, c.bias); !errors.Is(err, c.want) {
				t.Errorf("SumCrossEntropy(%v, %v): %v, want %v", c.w, c.bias, err, c.want)
			} else if !saysWhere(b, err) {
				t.Errorf("SumCrossEntropy(%v, %v): %q does not say it comes from %v", c.w, c.bias, err, b)
			}
			if _, err := b.CompareCrossEntropy([][]float64{{1, 1}, c.w}, []float64{0, c.bias}); !errors.Is(err, c.want) {
				t.Errorf("CompareCrossEntropy(…, %v, %v): %v, want %v", c.w, c.bias, err, c.want)
			} else if !saysWhere(b, err) {
				t.Errorf("CompareCrossEntropy(…, %v, %v): %q does not say it comes from %v", c.w, c.bias, err, b)
			}
			p := &dlkit.Perceptron{Weights: c.w, Bias: c.bias, Activation: dlkit.Sigmoid}
			if _, err := b.ForwardBatch(nil, p); !errors.Is(err, c.wantInUnit) {
				t.Errorf("ForwardBatch(%v, %v): %v, want %v", c.w, c.bias, err, c.wantInUnit)
			} else if !saysWhere(b, err) {
				t.Errorf("ForwardBatch(%v, %v): %q does not say it comes from %v", c.w, c.bias, err, b)
			}
		}
		if _, err := b.CompareCrossEntropy(nil, nil); !errors.Is(err, dlkit.ErrEmpty) {
			t.Errorf("CompareCrossEntropy(nil, nil): %v, want ErrEmpty", err)
		}
		if _, err := b.CompareCrossEntropy([][]float64{{1, 1}}, []float64{0, 1}); !errors.Is(err, dlkit.ErrShape) {
			t.Errorf("CompareCrossEntropy with 1 vector, 2 biases: %v, want ErrShape", err)
		}
		if _, err := b.ForwardBatch(nil, &dlkit.Perceptron{Weights: []float64{1, 1}, Activation: dlkit.Tanh}); err == nil {
			t.Error("ForwardBatch with tanh: no error")
		} else if !saysWhere(b, err) || !strings.Contains(err.Error(), "tanh") {
			t.Errorf("ForwardBatch with tanh: %q does not name the activation and %v", err, b)
		}
		short := make([]float64, 3, 200)
		if out, err := b.ForwardBatch(short, &dlkit.Perceptron{Weights: []float64{1, 1}, Activation: dlkit.Step}); err != nil || len(out) != 100 || &out[0] != &short[0] {
			t.Errorf("ForwardBatch into a slice with room for 200: %d values, %v; want 100 in the same array", len(out), err)
		}
	})
}
