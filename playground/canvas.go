package playground

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"hash/crc32"
	"image"
	"image/color"
	"math"
	"runtime"
	"sync"

	"golang.org/x/image/vector"
)

// canvas is a frame being painted: an RGBA image with the few drawing operations a playground
// needs, in pixels (x to the right, y down). Shapes are filled with antialiasing by
// golang.org/x/image/vector, one small rasterizer per shape sized to its bounding box, so a
// glyph costs what its few pixels cost. gonum/plot draws the same figures more slowly: a
// frame must be ready in a few milliseconds.
type canvas struct {
	img  *image.RGBA
	rast vector.Rasterizer
	path []float32 // the shape being built: x, y pairs
}

// newCanvas returns a white canvas of w×h pixels.
func newCanvas(w, h int) *canvas {
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h))}
	c.fill(c.img.Rect, color.RGBA{255, 255, 255, 255})
	return c
}

// fill paints the rectangle r in col (opaque).
func (c *canvas) fill(r image.Rectangle, col color.RGBA) {
	r = r.Intersect(c.img.Rect)
	if r.Empty() {
		return
	}
	row := c.img.Pix[c.img.PixOffset(r.Min.X, r.Min.Y):]
	for x := range r.Dx() {
		row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = col.R, col.G, col.B, col.A
	}
	first := row[:4*r.Dx()]
	for y := 1; y < r.Dy(); y++ {
		copy(c.img.Pix[c.img.PixOffset(r.Min.X, r.Min.Y+y):], first)
	}
}

// cells paints r with an nx×ny grid of cells, cell (i, j) — column i from the left, row j from
// the top — in colors[j*nx+i], each a block of r's pixels (nearest neighbour: a cell's
// colour is what the model gives at its centre, as plots' maps draw it).
func (c *canvas) cells(r image.Rectangle, nx, ny int, colors []color.RGBA) {
	clip := r.Intersect(c.img.Rect)
	if clip.Empty() {
		return
	}
	w := clip.Dx()
	cellOf := make([]int, w) // the grid column of each pixel column
	for x := range w {
		cellOf[x] = min((clip.Min.X+x-r.Min.X)*nx/r.Dx(), nx-1)
	}
	prevRow := -1
	var prev []uint8
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		j := min((y-r.Min.Y)*ny/r.Dy(), ny-1)
		line := c.img.Pix[c.img.PixOffset(clip.Min.X, y):][:4*w]
		if j == prevRow {
			copy(line, prev) // the same cells as the row above
			continue
		}
		for x, i := range cellOf {
			col := colors[j*nx+i]
			line[4*x], line[4*x+1], line[4*x+2], line[4*x+3] = col.R, col.G, col.B, col.A
		}
		prevRow, prev = j, line
	}
}

// moveTo, lineTo and fillPath build a closed shape and fill it.
func (c *canvas) moveTo(x, y float32) { c.path = append(c.path[:0], x, y) }
func (c *canvas) lineTo(x, y float32) { c.path = append(c.path, x, y) }

// fillPath fills the shape built since moveTo in col (which may be translucent), with
// antialiased edges.
func (c *canvas) fillPath(col color.RGBA) {
	if len(c.path) < 6 {
		return
	}
	minX, minY := float32(math.Inf(1)), float32(math.Inf(1))
	maxX, maxY := float32(math.Inf(-1)), float32(math.Inf(-1))
	for i := 0; i < len(c.path); i += 2 {
		minX, maxX = min(minX, c.path[i]), max(maxX, c.path[i])
		minY, maxY = min(minY, c.path[i+1]), max(maxY, c.path[i+1])
	}
	box := image.Rect(int(math.Floor(float64(minX))), int(math.Floor(float64(minY))),
		int(math.Ceil(float64(maxX))), int(math.Ceil(float64(maxY)))).Intersect(c.img.Rect)
	if box.Empty() {
		return
	}
	ox, oy := float32(box.Min.X), float32(box.Min.Y)
	c.rast.Reset(box.Dx(), box.Dy())
	c.rast.MoveTo(c.path[0]-ox, c.path[1]-oy)
	for i := 2; i < len(c.path); i += 2 {
		c.rast.LineTo(c.path[i]-ox, c.path[i+1]-oy)
	}
	c.rast.ClosePath()
	c.rast.Draw(c.img, box, image.NewUniform(col), image.Point{})
}

// polygon fills the regular-ish polygon of n corners around (x, y), corner i at distance
// radius(i) and angle angle(i) (radians, anticlockwise from the x axis, as on paper: y up).
func (c *canvas) polygon(x, y float32, n int, at func(i int) (radius, angle float64), col color.RGBA) {
	for i := range n {
		r, a := at(i)
		px, py := x+float32(r*math.Cos(a)), y-float32(r*math.Sin(a))
		if i == 0 {
			c.moveTo(px, py)
		} else {
			c.lineTo(px, py)
		}
	}
	c.fillPath(col)
}

// disc fills a circle of radius r around (x, y).
func (c *canvas) disc(x, y, r float32, col color.RGBA) {
	n := max(12, int(2*math.Pi*float64(r)/2)) // segments of about 2 px: round at this size
	c.polygon(x, y, n, func(i int) (float64, float64) { return float64(r), 2 * math.Pi * float64(i) / float64(n) }, col)
}

// line strokes the segment from (x0, y0) to (x1, y1) with the given width, in col (which may
// be translucent), antialiased: each pixel beside the segment is covered by how much of it
// lies within width/2 of the line through it, measured from the pixel's centre,
//
//	coverage = clamp(width/2 + 1/2 − distance, 0, 1)
//
// Walking along the segment's longer axis, it visits only the few pixels across it at each
// step, so that a line costs what its pixels cost (filling a long diagonal line's bounding box
// with a rasterizer costs the box's whole area). The ends are cut square at the end points.
func (c *canvas) line(x0, y0, x1, y1, width float32, col color.RGBA) {
	ax, ay, bx, by := float64(x0), float64(y0), float64(x1), float64(y1)
	steep := math.Abs(by-ay) > math.Abs(bx-ax)
	if steep { // walk along y: swap the axes, and swap back when painting
		ax, ay, bx, by = ay, ax, by, bx
	}
	if ax > bx {
		ax, ay, bx, by = bx, by, ax, ay
	}
	dx, dy := bx-ax, by-ay
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	half := float64(width) / 2
	across := (half + 0.5) * l / dx // how far from the centre a pixel can be touched, along the minor axis
	bounds := c.img.Rect
	lo, hi := bounds.Min.X, bounds.Max.X // of the major axis
	mlo, mhi := bounds.Min.Y, bounds.Max.Y
	if steep {
		lo, hi, mlo, mhi = mlo, mhi, lo, hi
	}
	for u := max(lo, int(math.Floor(ax))); u < min(hi, int(math.Ceil(bx))); u++ {
		pu := float64(u) + 0.5
		if pu < ax || pu > bx {
			continue
		}
		centre := ay + (pu-ax)*dy/dx
		for v := max(mlo, int(math.Floor(centre-across))); v < min(mhi, int(math.Ceil(centre+across))); v++ {
			// The distance from the pixel's centre to the line: the offset along the minor
			// axis, times dx/l.
			d := math.Abs(float64(v)+0.5-centre) * dx / l
			if cover := half + 0.5 - d; cover > 0 {
				if steep {
					c.blend(v, u, col, math.Min(cover, 1))
				} else {
					c.blend(u, v, col, math.Min(cover, 1))
				}
			}
		}
	}
}

// blend paints col (premultiplied, as color.RGBA is) over pixel (x, y) with the given
// coverage, 0 to 1.
func (c *canvas) blend(x, y int, col color.RGBA, cover float64) {
	i := c.img.PixOffset(x, y)
	p := c.img.Pix[i : i+4 : i+4]
	a := float64(col.A) * cover / 255
	p[0] = uint8(float64(col.R)*cover + float64(p[0])*(1-a) + 0.5)
	p[1] = uint8(float64(col.G)*cover + float64(p[1])*(1-a) + 0.5)
	p[2] = uint8(float64(col.B)*cover + float64(p[2])*(1-a) + 0.5)
	p[3] = uint8(float64(col.A)*cover + float64(p[3])*(1-a) + 0.5)
}

// polyline strokes the path through the points (x, y pairs), one segment at a time.
func (c *canvas) polyline(xy []float32, width float32, col color.RGBA) {
	for i := 2; i+1 < len(xy); i += 2 {
		c.line(xy[i-2], xy[i-1], xy[i], xy[i+1], width, col)
	}
}

// frame strokes the inside edge of r, one pixel wide.
func (c *canvas) frame(r image.Rectangle, col color.RGBA) {
	c.fill(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+1), col)
	c.fill(image.Rect(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y), col)
	c.fill(image.Rect(r.Min.X, r.Min.Y, r.Min.X+1, r.Max.Y), col)
	c.fill(image.Rect(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y), col)
}

// encodePNG returns the image, which must be opaque, as a PNG (8-bit RGB), made for speed:
// a playground sends one per frame, within a few milliseconds. Every row takes PNG's "Up"
// filter (each byte minus the one above it), which turns the white areas and the maps'
// repeated rows (a cell is several pixels tall) into zeros; image/png instead tries all five
// of PNG's filters on every row, which costs more than the compression. The rows are then
// compressed at zlib's fastest level in bands, one per core, each band a run of deflate
// blocks that ends with a flush, so that the bands joined are one valid deflate stream (as
// pigz does); the zlib checksum of the whole is combined from the bands'.
func encodePNG(img *image.RGBA) ([]byte, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	bands := max(1, min(runtime.GOMAXPROCS(0), h/64))
	parts := make([][]byte, bands)
	sums := make([]uint32, bands)
	lengths := make([]int, bands)
	errs := make([]error, bands)
	var wg sync.WaitGroup
	for b := range bands {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[b], sums[b], lengths[b], errs[b] = deflateRows(img, h*b/bands, h*(b+1)/bands, b == bands-1)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, RGB; compression, filter and interlace 0
	writeChunk(&buf, "IHDR", ihdr)
	// The zlib stream: its header (deflate, 32 KiB window, fastest; 0x7801 is a multiple of
	// 31, as RFC 1950 requires), the bands' deflate blocks, the Adler-32 of all the rows.
	data := []byte{0x78, 0x01}
	sum := sums[0]
	for b, p := range parts {
		data = append(data, p...)
		if b > 0 {
			sum = adler32Combine(sum, sums[b], lengths[b])
		}
	}
	data = binary.BigEndian.AppendUint32(data, sum)
	writeChunk(&buf, "IDAT", data)
	writeChunk(&buf, "IEND", nil)
	return buf.Bytes(), nil
}

// deflateRows filters rows y0 to y1 of img (see encodePNG) and compresses them: the deflate
// blocks, ending with a flush (or, for the last band, the final block), the rows' Adler-32
// and their length in bytes.
func deflateRows(img *image.RGBA, y0, y1 int, last bool) ([]byte, uint32, int, error) {
	w := img.Rect.Dx()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		return nil, 0, 0, err
	}
	sum := adler32.New()
	row := make([]byte, 1+3*w)
	row[0] = 2 // PNG's "Up" filter
	out := row[1:]
	for y := y0; y < y1; y++ {
		pix := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):][:4*w]
		if y == 0 { // nothing above: Up leaves the bytes as they are
			for x, j := 0, 0; x < len(pix); x, j = x+4, j+3 {
				out[j], out[j+1], out[j+2] = pix[x], pix[x+1], pix[x+2]
			}
		} else {
			above := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y-1):][:4*w]
			for x, j := 0, 0; x < len(pix); x, j = x+4, j+3 {
				out[j], out[j+1], out[j+2] = pix[x]-above[x], pix[x+1]-above[x+1], pix[x+2]-above[x+2]
			}
		}
		fw.Write(row) // writes to a bytes.Buffer: no error
		sum.Write(row)
	}
	if last {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	return buf.Bytes(), sum.Sum32(), (y1 - y0) * len(row), err
}

// adler32Combine returns the Adler-32 of the concatenation of two byte strings, from the first's
// checksum a, the second's b and the second's length n (zlib's adler32_combine). With
// A = 1 + Σ bytes and B = Σ of the running A's, both mod 65521, appending n bytes whose own
// sums are A₂ and B₂ gives
//
//	A = A₁ + A₂ − 1,   B = B₁ + B₂ + n·(A₁ − 1)
func adler32Combine(a, b uint32, n int) uint32 {
	const mod = 65521
	rem := uint64(n % mod)
	a1, b1 := uint64(a&0xffff), uint64(a>>16)
	a2, b2 := uint64(b&0xffff), uint64(b>>16)
	sa := (a1 + a2 + mod - 1) % mod
	sb := (b1 + b2 + rem*(a1+mod-1)) % mod
	return uint32(sb<<16 | sa)
}

// writeChunk writes a PNG chunk: its length, type, data and CRC-32 of type and data.
func writeChunk(w *bytes.Buffer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	w.WriteString(kind)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}
