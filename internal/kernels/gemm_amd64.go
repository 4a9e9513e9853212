//go:build !purego

package kernels

// zeros is where tiles that start from 0 read their start.
var zeros [32]float64

// vector is gemm on the AVX2 or AVX-512 kernels.
func vector(c, a []float64, ars, acs int, b []float64, ldb, rows, k, cols, ldc int, bias []float64, acc bool, terms func(r, h int) []int64) {
	if isa == AVX512 {
		for r := 0; r < rows; {
			h := tileHeight(rows - r)
			var steps []int64
			if terms != nil {
				steps = terms(r, h)
			}
			band512(c, a, ars, acs, b, ldb, r, h, k, cols, ldc, bias, acc, steps)
			r += h
		}
		return
	}
	gemm256(c, a, ars, acs, b, ldb, rows, k, cols, ldc, bias, acc, terms)
}

// band512 computes rows r0 … r0+h−1 of gemm's block on the AVX-512 kernels, in strips of 32
// columns (the last one narrower, its last vector masked). With steps not nil, the 32-column
// strips go through only the terms it lists.
func band512(c, a []float64, ars, acs int, b []float64, ldb, r0, h, k, cols, ldc int, bias []float64, acc bool, steps []int64) {
	ar := &a[r0*ars]
	for j := 0; j < cols; j += 32 {
		v := min(4, (cols-j+7)/8)
		mask := 1<<min(8, cols-j-8*(v-1)) - 1
		init, istride := start(c, r0, j, ldc, bias, acc)
		cp := &c[r0*ldc+j]
		switch {
		case steps == nil || v < 4:
			tiles512[h][v](k, ar, ars, acs, &b[j], ldb, cp, ldc, init, istride, mask)
		case len(steps) == 0:
			startOnly(c[r0*ldc+j:], h, min(32, cols-j), ldc, bias, acc, j)
		default:
			listTiles512[h](len(steps)/2, ar, ars, acs, &b[j], ldb, cp, ldc, init, istride, mask, &steps[0])
		}
	}
}

// start returns where the tile at row r, column j starts its sums, and that place's row
// stride: c itself if acc, else the bias (stride 0), else zeros.
func start(c []float64, r, j, ldc int, bias []float64, acc bool) (*float64, int) {
	switch {
	case acc:
		return &c[r*ldc+j], ldc
	case bias != nil:
		return &bias[j], 0
	}
	return &zeros[0], 0
}

// startOnly sets an h×w tile of c to the start of its sums, which have no terms: the bias
// (from column j) or 0, or c as it is.
func startOnly(c []float64, h, w, ldc int, bias []float64, acc bool, j int) {
	if acc {
		return
	}
	for r := range h {
		row := c[r*ldc : r*ldc+w]
		if bias != nil {
			copy(row, bias[j:j+w])
		} else {
			clear(row)
		}
	}
}

// gemm256 is gemm on the AVX2 kernels, in strips of 8 columns: the last columns, if cols is
// not a multiple of 8, go through the kernel too, padded with zeros to 8.
func gemm256(c, a []float64, ars, acs int, b []float64, ldb, rows, k, cols, ldc int, bias []float64, acc bool, terms func(r, h int) []int64) {
	vcols := cols &^ 7
	rem := cols - vcols
	var bp, cp []float64
	biasp, pstride := &zeros[0], 0
	if rem > 0 {
		// The last rem columns: b's copied into k×8 and c's into rows×8, zero-padded.
		pad := getScratch((k + rows + 1) * 8)
		defer putScratch(pad)
		bp, cp = pad[:k*8], pad[k*8:(k+rows)*8]
		clear(pad)
		for p := range k {
			copy(bp[p*8:p*8+rem], b[p*ldb+vcols:p*ldb+cols])
		}
		switch {
		case acc:
			for r := range rows {
				copy(cp[r*8:r*8+rem], c[r*ldc+vcols:r*ldc+cols])
			}
		case bias != nil:
			copy(pad[(k+rows)*8:], bias[vcols:])
			biasp = &pad[(k+rows)*8]
		}
	}
	for r := 0; r < rows; {
		h := tileHeight(rows - r)
		var steps []int64
		if terms != nil {
			steps = terms(r, h)
		}
		ar := &a[r*ars]
		for j := 0; j < vcols; j += 8 {
			init, istride := start(c, r, j, ldc, bias, acc)
			cj := &c[r*ldc+j]
			switch {
			case steps == nil:
				tiles256[h](k, ar, ars, acs, &b[j], ldb, cj, ldc, init, istride)
			case len(steps) == 0:
				startOnly(c[r*ldc+j:], h, 8, ldc, bias, acc, j)
			default:
				listTiles256[h](len(steps)/2, ar, ars, acs, &b[j], ldb, cj, ldc, init, istride, &steps[0])
			}
		}
		if rem > 0 {
			init, istride := biasp, pstride
			if acc {
				init, istride = &cp[r*8], 8
			}
			tiles256[h](k, ar, ars, acs, &bp[0], 8, &cp[r*8], 8, init, istride)
		}
		r += h
	}
	for r := range rows * min(rem, 1) {
		copy(c[r*ldc+vcols:r*ldc+cols], cp[r*8:r*8+rem])
	}
}
