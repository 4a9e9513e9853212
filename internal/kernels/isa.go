package kernels

// ISA is an instruction set the kernels can run on. Each includes the ones before it.
type ISA int

const (
	// Go is the portable code, no assembly: what -tags purego builds, and what other
	// architectures run.
	Go ISA = iota
	// AVX2 is AVX2 with FMA on amd64 (Intel since 2013, AMD since 2015): 4 float64 per vector.
	AVX2
	// AVX512 is AVX-512 Foundation on amd64 (Intel Xeon since 2017, AMD Zen 4): 8 float64
	// per vector, and mask registers for the ends of rows.
	AVX512
)

func (i ISA) String() string {
	switch i {
	case Go:
		return "go"
	case AVX2:
		return "avx2"
	case AVX512:
		return "avx512"
	}
	return "ISA(?)"
}

// best is the most this CPU and build can run: from golang.org/x/sys/cpu, which also reads
// GODEBUG, so GODEBUG=cpu.avx512f=off runs the AVX2 kernels on an AVX-512 machine, and
// GODEBUG=cpu.avx2=off the Go code.
var best = detect()

// isa is what the kernels run on.
var isa = best

// Best returns the most capable ISA the kernels can run on here.
func Best() ISA { return best }

// Current returns the ISA the kernels run on.
func Current() ISA { return isa }

// Use makes the kernels run on i, or on Best() if i is more than this machine has, and
// returns the ISA they ran on before. It is for tests and benchmarks that compare the
// paths; it must not be called while kernels run.
func Use(i ISA) ISA {
	old := isa
	isa = min(i, best)
	return old
}
