package playground

import (
	"bytes"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// encodePNG's files decode, with image/png, to the image encoded, whatever its size and the
// number of bands it is compressed in.
func TestEncodePNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i, size := range []image.Point{{1, 1}, {7, 3}, {300, 200}, {64, 700}} {
		img := image.NewRGBA(image.Rect(0, 0, size.X, size.Y))
		for k := range img.Pix {
			img.Pix[k] = uint8(rng.IntN(4) * 80) // runs and changes, for both filters and matches
			if k%4 == 3 {
				img.Pix[k] = 255
			}
		}
		b, err := encodePNG(img)
		if err != nil {
			t.Fatal(err)
		}
		back, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if back.Bounds() != img.Rect {
			t.Fatalf("%d: decoded %v, want %v", i, back.Bounds(), img.Rect)
		}
		for y := range size.Y {
			for x := range size.X {
				r, g, b, _ := back.At(x, y).RGBA()
				if got, want := (color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}), img.RGBAAt(x, y); got != want {
					t.Fatalf("%d: pixel (%d, %d) decodes to %v, want %v", i, x, y, got, want)
				}
			}
		}
	}
}

func TestAdler32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range [][2]int{{0, 5}, {5, 0}, {1, 1}, {70000, 3}, {100, 200000}} {
		a, b := make([]byte, n[0]), make([]byte, n[1])
		for i := range a {
			a[i] = byte(rng.Uint32())
		}
		for i := range b {
			b[i] = 255 // the largest sums
		}
		if got, want := adler32Combine(adler32.Checksum(a), adler32.Checksum(b), len(b)), adler32.Checksum(append(a, b...)); got != want {
			t.Errorf("lengths %v: combined %08x, want %08x", n, got, want)
		}
	}
}
