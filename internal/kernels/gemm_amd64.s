//go:build !purego

#include "textflag.h"
#include "gemm_amd64.h"

// The AVX2 GEMM tile kernels: for a tile of h rows (6, 4, 2 or 1) and 8 columns,
//
//	c[r][j] = s[r][j] + Σ_p a(r, p)·b[p][j]
//
// where s[r][j] is init[r·istride + j] (c itself to accumulate, the bias with istride 0, or
// zeros), a(r, p) is at a + (r·ars + p·acs)·8 bytes, b's row p at b + p·ldb·8 and c's row r
// at c + r·ldc·8. Each element is a chain of fused multiply-adds over p in order, as the Go
// version computes it, and continuing a chain from c gives the bits a single longer chain
// would.
//
// func kernH(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int)
//
// The kernels ending in i take, instead of the fixed steps acs and ldb, a list of k pairs of
// byte offsets (steps): before each term, a advances by the first and b by the second (see
// gemm_avx512_amd64.s).
//
// func kernHi(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int, steps *int64)
//
// Registers: AX row 0 of a, BX row 3, R8 row step, R9 step in p (bytes); DX b, R10 its row
// step; DI c, R11 its row step; R12 init, SI its row step; CX the count; R13 a row pointer;
// R14 the steps; Y12, Y13 the row of b; Y14, Y15 broadcasts; Y0…Y11 the accumulators, two
// per row.

#define ARGS GEMMARGS
#define ARGSI GEMMARGS; MOVQ steps+80(FP), R14

#define LOADB VMOVUPD (DX), Y12; VMOVUPD 32(DX), Y13
#define ROW(src, t, acc0, acc1) VBROADCASTSD src, t; VFMADD231PD t, Y12, acc0; VFMADD231PD t, Y13, acc1
#define LD(p, acc0, acc1) VMOVUPD (p), acc0; VMOVUPD 32(p), acc1
#define ST(p, acc0, acc1) VMOVUPD acc0, (p); VMOVUPD acc1, 32(p)

// ROWSh apply M (LD or ST) to the h rows of a tile from the pointer base, row step step,
// through R13.
#define ROWS1(M, base, step) MOVQ base, R13; M(R13, Y0, Y1)
#define ROWS2(M, base, step) ROWS1(M, base, step); ADDQ step, R13; M(R13, Y2, Y3)
#define ROWS4(M, base, step) ROWS2(M, base, step); ADDQ step, R13; M(R13, Y4, Y5); ADDQ step, R13; M(R13, Y6, Y7)
#define ROWS6(M, base, step) ROWS4(M, base, step); ADDQ step, R13; M(R13, Y8, Y9); ADDQ step, R13; M(R13, Y10, Y11)

// BODYh is one term for h rows.
#define BODY1 LOADB; ROW((AX), Y14, Y0, Y1)
#define BODY2 BODY1; ROW((AX)(R8*1), Y15, Y2, Y3)
#define BODY4 BODY2; ROW((AX)(R8*2), Y14, Y4, Y5); ROW((BX), Y15, Y6, Y7)
#define BODY6 BODY4; ROW((BX)(R8*1), Y14, Y8, Y9); ROW((BX)(R8*2), Y15, Y10, Y11)

TEXT ·kern6(SB), NOSPLIT, $0-80
	ARGS
	ROWS6(LD, R12, SI)
loop:
	BODY6
	STEP
	DECQ CX
	JNZ loop
	ROWS6(ST, DI, R11)
	VZEROUPPER
	RET

TEXT ·kern4(SB), NOSPLIT, $0-80
	ARGS
	ROWS4(LD, R12, SI)
loop:
	BODY4
	STEP
	DECQ CX
	JNZ loop
	ROWS4(ST, DI, R11)
	VZEROUPPER
	RET

TEXT ·kern2(SB), NOSPLIT, $0-80
	ARGS
	ROWS2(LD, R12, SI)
loop:
	BODY2
	STEP
	DECQ CX
	JNZ loop
	ROWS2(ST, DI, R11)
	VZEROUPPER
	RET

TEXT ·kern1(SB), NOSPLIT, $0-80
	ARGS
	ROWS1(LD, R12, SI)
loop:
	BODY1
	STEP
	DECQ CX
	JNZ loop
	ROWS1(ST, DI, R11)
	VZEROUPPER
	RET

TEXT ·kern6i(SB), NOSPLIT, $0-88
	ARGSI
	ROWS6(LD, R12, SI)
loop:
	STEPI
	BODY6
	ADDQ $16, R14
	DECQ CX
	JNZ loop
	ROWS6(ST, DI, R11)
	VZEROUPPER
	RET

TEXT ·kern4i(SB), NOSPLIT, $0-88
	ARGSI
	ROWS4(LD, R12, SI)
loop:
	STEPI
	BODY4
	ADDQ $16, R14
	DECQ CX
	JNZ loop
	ROWS4(ST, DI, R11)
	VZEROUPPER
	RET

TEXT ·kern2i(SB), NOSPLIT, $0-88
	ARGSI
	ROWS2(LD, R12, SI)
loop:
	STEPI
	BODY2
	ADDQ $16, R14
	DECQ CX
	JNZ loop
	ROWS2(ST, DI, R11)
	VZEROUPPER
	RET

TEXT ·kern1i(SB), NOSPLIT, $0-88
	ARGSI
	ROWS1(LD, R12, SI)
loop:
	STEPI
	BODY1
	ADDQ $16, R14
	DECQ CX
	JNZ loop
	ROWS1(ST, DI, R11)
	VZEROUPPER
	RET
