package kernels

import "math"

// AdamStep holds what one Adam step needs besides the parameters: the learning rate, the
// moments' decay rates β₁ and β₂, ε, and the bias corrections C1 = 1 − β₁ᵗ and C2 = 1 − β₂ᵗ
// of step t.
type AdamStep struct {
	LR, Beta1, Beta2, Eps, C1, C2 float64
}

// Adam does one step of Adam (Kingma and Ba, 2015) on the parameters p, with their gradient g
// and moments m and v, all of one length, in a single pass over them:
//
//	m ← β₁·m + (1−β₁)·g
//	v ← β₂·v + ((1−β₂)·g)·g
//	p ← p − (lr·(m/C1)) / (√(v/C2) + ε)
//
// each operation rounded on its own, in this order (no fused multiply-adds), on every ISA:
// the vector kernels give the bits of the Go loop.
func Adam(p, m, v, g []float64, s AdamStep) {
	if len(m) != len(p) || len(v) != len(p) || len(g) != len(p) {
		panic("kernels: Adam: lengths differ")
	}
	n := 0
	if isa >= AVX2 {
		n = len(p) &^ 7
		k := adamConstants(s)
		// An element costs about as much as 32 multiply-adds: a division and a square root,
		// each taking several cycles per vector, besides the arithmetic.
		split(n, 8, n*32, func(lo, hi int) {
			adamVector(&p[lo], &m[lo], &v[lo], &g[lo], hi-lo, &k)
		})
	}
	adamGo(p[n:], m[n:], v[n:], g[n:], s)
}

// adamConsts is the number of constants the vector kernels take (adam_amd64.s).
const adamConsts = 12

// adamConstants returns the vector kernels' constants for s, four copies each: β₁, 1−β₁, β₂,
// 1−β₂, C1, C2, lr, ε, the reciprocals RN(1/C1) and RN(1/C2), and the range 2^−900 … 2^900
// of values whose division by C1 and C2 goes through them. For a C outside 2⁻⁶⁰ … 1, where
// the residuals could lose bits, the range is empty and the kernels divide. (Training never
// gets there: 0 ≤ β < 1 makes C at least 1 − β ≥ 2⁻⁵³.)
func adamConstants(s AdamStep) [adamConsts][4]float64 {
	tiny := 0x1p-900
	if !(s.C1 >= 0x1p-60 && s.C2 >= 0x1p-60 && s.C1 <= 1 && s.C2 <= 1) {
		tiny = math.Inf(1)
	}
	var k [adamConsts][4]float64
	for i, c := range [adamConsts]float64{s.Beta1, 1 - s.Beta1, s.Beta2, 1 - s.Beta2, s.C1, s.C2, s.LR, s.Eps,
		1 / s.C1, 1 / s.C2, tiny, 0x1p900} {
		k[i] = [4]float64{c, c, c, c}
	}
	return k
}

// adamGo is Adam in Go. The conversions float64(x*y) round each product on its own: without
// them the compiler may fuse a product and a sum into one multiply-add (it does for amd64
// with GOAMD64=v3), which would change the bits.
func adamGo(p, m, v, g []float64, s AdamStep) {
	b1, ob1, b2, ob2 := s.Beta1, 1-s.Beta1, s.Beta2, 1-s.Beta2
	for j := range p {
		mj := float64(b1*m[j]) + float64(ob1*g[j])
		vj := float64(b2*v[j]) + float64(float64(ob2*g[j])*g[j])
		m[j], v[j] = mj, vj
		p[j] -= float64(s.LR*(mj/s.C1)) / (math.Sqrt(vj/s.C2) + s.Eps)
	}
}

// adamVector runs the vector kernel of the ISA on n elements (a multiple of 8).
func adamVector(p, m, v, g *float64, n int, k *[adamConsts][4]float64) {
	if isa == AVX512 {
		adamAVX512(p, m, v, g, n, k)
	} else {
		adamAVX2(p, m, v, g, n, k)
	}
}
