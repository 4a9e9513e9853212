package playground

import (
	"path/filepath"
	"testing"

	"github.com/percept-go/percept/plots"
	"gonum.org/v1/plot/vg"
)

// benchNetwork is the benchmarks' network playground: 500 training points (and 500 test
// points), a 2-8-8-1 tanh network, batches of 10.
func benchNetwork(b *testing.B) *networkApp {
	a, err := newNetworkApp(NetworkConfig{Points: 1000, TrainFraction: 0.5, Hidden: []int{8, 8}})
	if err != nil {
		b.Fatal(err)
	}
	if a.train.Len() != 500 || shapeName(a.net) != "2-8-8-1" || a.batch != 10 {
		b.Fatalf("%d training points, %s, batch %d", a.train.Len(), shapeName(a.net), a.batch)
	}
	return a
}

// BenchmarkNetworkFrame is one frame of a playing network playground, everything it costs:
// one epoch of training on the 500 training points, the losses on the training and test
// points, and the frame — the network's units' maps and links, the 400×400-pixel map of
// 100×100 cells with all 1,000 points, the loss curves, the texts — encoded as PNG.
func BenchmarkNetworkFrame(b *testing.B) {
	a := benchNetwork(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := a.step(); err != nil {
			b.Fatal(err)
		}
		if _, err := a.frame(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNetworkFrameParts times the frame's parts one by one, for the profile in
// docs/benchmarks.md: the epoch of training (with the losses), the forward pass over the map's
// 10,000 grid points, the drawing, and the PNG encoding.
func BenchmarkNetworkFrameParts(b *testing.B) {
	a := benchNetwork(b)
	if _, err := a.frame(); err != nil {
		b.Fatal(err)
	}
	b.Run("epoch", func(b *testing.B) {
		for range b.N {
			if err := a.step(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("grid", func(b *testing.B) {
		for range b.N {
			if err := a.net.ForwardLayers(&a.cache.out, a.cache.grid); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("draw", func(b *testing.B) {
		for range b.N {
			if _, err := a.draw(); err != nil {
				b.Fatal(err)
			}
		}
	})
	img, _ := a.draw()
	b.Run("png", func(b *testing.B) {
		for range b.N {
			if _, err := encodePNG(img); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRegionsAnchor is what a frame's map would cost drawn by plots, the anchor of the
// frame's speed: plots.Regions of the same network and training points, rendered by
// gonum/plot as a 400×400-pixel PNG.
func BenchmarkRegionsAnchor(b *testing.B) {
	a := benchNetwork(b)
	path := filepath.Join(b.TempDir(), "regions.png")
	side := vg.Length(400) * vg.Inch / 96 // plots' PNGs have 96 pixels to the inch
	b.ResetTimer()
	for range b.N {
		fig, err := plots.Regions(a.train, a.net)
		if err != nil {
			b.Fatal(err)
		}
		if err := plots.SaveSize(fig, side, side, path); err != nil {
			b.Fatal(err)
		}
	}
}
