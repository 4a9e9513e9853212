package kernels

import "golang.org/x/sys/cpu"

// hardwareFMA: x86's FMA3 extension, which math.FMA uses where it is there (GODEBUG=cpu.fma=off
// turns it off for both).
var hardwareFMA = cpu.X86.HasFMA
