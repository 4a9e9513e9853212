//go:build !amd64

package kernels

import "runtime"

// hardwareFMA: the architectures whose every CPU has fused multiply-add, which the Go compiler
// uses for math.FMA; elsewhere (386, 32-bit ARM, MIPS, WebAssembly) math.FMA is software.
var hardwareFMA = map[string]bool{"arm64": true, "loong64": true, "ppc64": true, "ppc64le": true,
	"riscv64": true, "s390x": true}[runtime.GOARCH]
