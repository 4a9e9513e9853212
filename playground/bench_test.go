package playground

import "testing"

// BenchmarkNetworkFrame is one frame of a playing network playground, everything it costs: one
// epoch of training on 500 points (a 2-8-8-1 tanh network, batches of 10), the losses on the
// training and test points, and the frame — the network's units' maps and links, the
// 400×400-pixel map of 100×100 cells with the 1,000 points, the loss curves — encoded as PNG.
func BenchmarkNetworkFrame(b *testing.B) {
	a, err := newNetworkApp(NetworkConfig{Points: 1000, TrainFraction: 0.5, Hidden: []int{8, 8}})
	if err != nil {
		b.Fatal(err)
	}
	if a.train.Len() != 500 {
		b.Fatalf("%d training points, want 500", a.train.Len())
	}
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
