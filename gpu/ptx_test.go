package gpu

import (
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestPTXMatchesSource fails if percept.cu changed without `go generate` making percept.ptx
// again, or if a kernel the Go side launches is missing from the PTX.
func TestPTXMatchesSource(t *testing.T) {
	src, err := os.ReadFile("percept.cu")
	if err != nil {
		t.Fatal(err)
	}
	ptx, err := os.ReadFile("percept.ptx")
	if err != nil {
		t.Fatal(err)
	}
	head := fmt.Sprintf("(sha256 %x)", sha256.Sum256(src))
	if first, _, _ := strings.Cut(string(ptx), "\n"); !strings.Contains(first, head) {
		t.Fatalf("percept.ptx was not made from this percept.cu (%s); run go generate ./gpu", head)
	}
	for _, k := range kernels {
		if !strings.Contains(string(ptx), ".entry "+k+"(") {
			t.Errorf("percept.ptx has no kernel %s", k)
		}
	}
}

// TestKernelArgs checks that the parameter buffers the Go side builds have the layout that
// percept.ptx declares for each kernel, and that their values land where the kernel reads them.
func TestKernelArgs(t *testing.T) {
	ptx, err := os.ReadFile("percept.ptx")
	if err != nil {
		t.Fatal(err)
	}
	params := []float32{1, 2, 3, 4, 5, 6}
	for name, a := range map[string][]byte{
		"cross_entropy_2_k1":  crossEntropy2Args(1, 2, 3, 4, 5, 6, params),
		"cross_entropy_2_k16": crossEntropy2Args(1, 2, 3, 4, 5, 6, params),
		"cross_entropy_n_k4":  crossEntropyNArgs(1, 2, 3, 4, 5, 6, 7, 8, 9),
		"forward_act":         forwardArgs(1, 2, 3, 4, 5, 6),
	} {
		// The declarations: ".param .u64 NAME_param_0," or ".param .align 4 .b8 NAME_param_7[192]".
		_, decl, _ := strings.Cut(string(ptx), ".entry "+name+"(")
		decl, _, _ = strings.Cut(decl, ")")
		offset := 0
		for i, line := range strings.Split(strings.TrimSpace(decl), "\n") {
			size, align := 8, 8
			if _, err := fmt.Sscanf(strings.TrimSpace(line), ".param .align %d .b8 "+name+"_param_%d[%d]", &align, new(int), &size); err != nil {
				if !strings.Contains(line, ".param .u64 ") {
					t.Fatalf("%s: parameter %d: cannot read %q", name, i, line)
				}
				size, align = 8, 8
			}
			offset = (offset+align-1)/align*align + size
		}
		if offset != len(a) {
			t.Errorf("%s: the PTX declares %d bytes of parameters, the Go side lays out %d", name, offset, len(a))
		}
	}
	// Spot values: the 2-D kernel's k, and its units' parameters after the seven 8-byte ones.
	a := crossEntropy2Args(1, 2, 3, 4, 5, 6, params)
	if k := a[3*8]; k != 2 {
		t.Errorf("cross_entropy_2's k is %d, want 2", k)
	}
	if b := a[7*8+4*5:][:4]; b[3] != 0x40 || b[2] != 0xc0 { // 6.0 = 0x40c00000
		t.Errorf("cross_entropy_2's last bias bytes are % x, want 6.0", b)
	}
}
