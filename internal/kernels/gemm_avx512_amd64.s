//go:build !purego

#include "textflag.h"
#include "gemm_amd64.h"

// The AVX-512 GEMM tile kernels: for a tile of R rows (6, 4, 2 or 1) and V vectors of 8
// columns (4, 3, 2 or 1; the last vector masked by K1 to the columns that exist),
//
//	c[r][j] = s[r][j] + Σ_p a(r, p)·b[p][j]
//
// where s[r][j] is init[r·istride + j] (c itself to accumulate, the bias with istride 0, or
// zeros), a(r, p) is at a + (r·ars + p·acs)·8 bytes, b's row p at b + p·ldb·8 and c's row r
// at c + r·ldc·8. Each element is a chain of fused multiply-adds over p in order, as the Go
// version (gemmGo) and the AVX2 kernels compute it: all three give the same bits.
//
// func k512xRxV(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int, mask int)
//
// The kernels ending in i take, instead of the fixed steps acs and ldb, a list of k pairs of
// byte offsets (steps): before each term, a advances by the first and b by the second. They
// visit only the p of a list — the terms whose a(r, p) are not all zero, in order — and give
// the bits of the full chain, in which the skipped terms add 0.
//
// func k512xRx4i(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int, mask int, steps *int64)
//
// Registers: AX row 0 of a, BX row 3, R8 row step, R9 step in p (bytes); DX b, R10 its row
// step; DI c, R11 its row step; R12 init, SI its row step; CX the count; R13 a row pointer;
// R14 the steps; K1 the last vector's mask. Z0…Z23 the accumulators, four per row (Z(4r+v));
// Z24…Z27 the row of b; Z28, Z29 broadcasts.

#define ARGS512 \
	GEMMARGS \
	MOVQ mask+80(FP), R13 \
	KMOVW R13, K1

#define ARGS512I \
	ARGS512 \
	MOVQ steps+88(FP), R14

// LBv loads b's row p, v vectors, the last one masked.
#define LB4 VMOVUPD (DX), Z24; VMOVUPD 64(DX), Z25; VMOVUPD 128(DX), Z26; VMOVUPD.Z 192(DX), K1, Z27
#define LB3 VMOVUPD (DX), Z24; VMOVUPD 64(DX), Z25; VMOVUPD.Z 128(DX), K1, Z26
#define LB2 VMOVUPD (DX), Z24; VMOVUPD.Z 64(DX), K1, Z25
#define LB1 VMOVUPD.Z (DX), K1, Z24

// Fv adds a(r, p)·b's row p to row r's accumulators z0… (v of them).
#define F4(src, t, z0, z1, z2, z3) VBROADCASTSD src, t; VFMADD231PD t, Z24, z0; VFMADD231PD t, Z25, z1; VFMADD231PD t, Z26, z2; VFMADD231PD t, Z27, z3
#define F3(src, t, z0, z1, z2, z3) VBROADCASTSD src, t; VFMADD231PD t, Z24, z0; VFMADD231PD t, Z25, z1; VFMADD231PD t, Z26, z2
#define F2(src, t, z0, z1, z2, z3) VBROADCASTSD src, t; VFMADD231PD t, Z24, z0; VFMADD231PD t, Z25, z1
#define F1(src, t, z0, z1, z2, z3) VBROADCASTSD src, t; VFMADD231PD t, Z24, z0

// Cv loads a row's accumulators from (p); STv stores them there.
#define C4(p, z0, z1, z2, z3) VMOVUPD (p), z0; VMOVUPD 64(p), z1; VMOVUPD 128(p), z2; VMOVUPD.Z 192(p), K1, z3
#define C3(p, z0, z1, z2, z3) VMOVUPD (p), z0; VMOVUPD 64(p), z1; VMOVUPD.Z 128(p), K1, z2
#define C2(p, z0, z1, z2, z3) VMOVUPD (p), z0; VMOVUPD.Z 64(p), K1, z1
#define C1(p, z0, z1, z2, z3) VMOVUPD.Z (p), K1, z0
#define ST4(p, z0, z1, z2, z3) VMOVUPD z0, (p); VMOVUPD z1, 64(p); VMOVUPD z2, 128(p); VMOVUPD z3, K1, 192(p)
#define ST3(p, z0, z1, z2, z3) VMOVUPD z0, (p); VMOVUPD z1, 64(p); VMOVUPD z2, K1, 128(p)
#define ST2(p, z0, z1, z2, z3) VMOVUPD z0, (p); VMOVUPD z1, K1, 64(p)
#define ST1(p, z0, z1, z2, z3) VMOVUPD z0, K1, (p)

// ROWS1…ROWS6 apply M (a Cv or STv) to the rows of a tile from the pointer base, row step
// step, through R13.
#define ROWS1(M, base, step) MOVQ base, R13; M(R13, Z0, Z1, Z2, Z3)
#define ROWS2(M, base, step) ROWS1(M, base, step); ADDQ step, R13; M(R13, Z4, Z5, Z6, Z7)
#define ROWS4(M, base, step) ROWS2(M, base, step); ADDQ step, R13; M(R13, Z8, Z9, Z10, Z11); ADDQ step, R13; M(R13, Z12, Z13, Z14, Z15)
#define ROWS6(M, base, step) ROWS4(M, base, step); ADDQ step, R13; M(R13, Z16, Z17, Z18, Z19); ADDQ step, R13; M(R13, Z20, Z21, Z22, Z23)

#define INIT1(M) ROWS1(M, R12, SI)
#define INIT2(M) ROWS2(M, R12, SI)
#define INIT4(M) ROWS4(M, R12, SI)
#define INIT6(M) ROWS6(M, R12, SI)
#define STORE1(M) ROWS1(M, DI, R11)
#define STORE2(M) ROWS2(M, DI, R11)
#define STORE4(M) ROWS4(M, DI, R11)
#define STORE6(M) ROWS6(M, DI, R11)

// BODYr is one term for r rows: b's row p loaded by L, then each row's a(r, p) times it by F.
#define BODY1(L, F) L; F((AX), Z28, Z0, Z1, Z2, Z3)
#define BODY2(L, F) BODY1(L, F); F((AX)(R8*1), Z29, Z4, Z5, Z6, Z7)
#define BODY4(L, F) BODY2(L, F); F((AX)(R8*2), Z28, Z8, Z9, Z10, Z11); F((BX), Z29, Z12, Z13, Z14, Z15)
#define BODY6(L, F) BODY4(L, F); F((BX)(R8*1), Z28, Z16, Z17, Z18, Z19); F((BX)(R8*2), Z29, Z20, Z21, Z22, Z23)

TEXT ·k512x6x4(SB), NOSPLIT, $0-88
	ARGS512
	INIT6(C4)
loop:
	BODY6(LB4, F4)
	STEP
	DECQ CX
	JNZ loop
	STORE6(ST4)
	VZEROUPPER
	RET

TEXT ·k512x6x3(SB), NOSPLIT, $0-88
	ARGS512
	INIT6(C3)
loop:
	BODY6(LB3, F3)
	STEP
	DECQ CX
	JNZ loop
	STORE6(ST3)
	VZEROUPPER
	RET

TEXT ·k512x6x2(SB), NOSPLIT, $0-88
	ARGS512
	INIT6(C2)
loop:
	BODY6(LB2, F2)
	STEP
	DECQ CX
	JNZ loop
	STORE6(ST2)
	VZEROUPPER
	RET

TEXT ·k512x6x1(SB), NOSPLIT, $0-88
	ARGS512
	INIT6(C1)
loop:
	BODY6(LB1, F1)
	STEP
	DECQ CX
	JNZ loop
	STORE6(ST1)
	VZEROUPPER
	RET

TEXT ·k512x4x4(SB), NOSPLIT, $0-88
	ARGS512
	INIT4(C4)
loop:
	BODY4(LB4, F4)
	STEP
	DECQ CX
	JNZ loop
	STORE4(ST4)
	VZEROUPPER
	RET

TEXT ·k512x4x3(SB), NOSPLIT, $0-88
	ARGS512
	INIT4(C3)
loop:
	BODY4(LB3, F3)
	STEP
	DECQ CX
	JNZ loop
	STORE4(ST3)
	VZEROUPPER
	RET

TEXT ·k512x4x2(SB), NOSPLIT, $0-88
	ARGS512
	INIT4(C2)
loop:
	BODY4(LB2, F2)
	STEP
	DECQ CX
	JNZ loop
	STORE4(ST2)
	VZEROUPPER
	RET

TEXT ·k512x4x1(SB), NOSPLIT, $0-88
	ARGS512
	INIT4(C1)
loop:
	BODY4(LB1, F1)
	STEP
	DECQ CX
	JNZ loop
	STORE4(ST1)
	VZEROUPPER
	RET

TEXT ·k512x2x4(SB), NOSPLIT, $0-88
	ARGS512
	INIT2(C4)
loop:
	BODY2(LB4, F4)
	STEP
	DECQ CX
	JNZ loop
	STORE2(ST4)
	VZEROUPPER
	RET

TEXT ·k512x2x3(SB), NOSPLIT, $0-88
	ARGS512
	INIT2(C3)
loop:
	BODY2(LB3, F3)
	STEP
	DECQ CX
	JNZ loop
	STORE2(ST3)
	VZEROUPPER
	RET

TEXT ·k512x2x2(SB), NOSPLIT, $0-88
	ARGS512
	INIT2(C2)
loop:
	BODY2(LB2, F2)
	STEP
	DECQ CX
	JNZ loop
	STORE2(ST2)
	VZEROUPPER
	RET

TEXT ·k512x2x1(SB), NOSPLIT, $0-88
	ARGS512
	INIT2(C1)
loop:
	BODY2(LB1, F1)
	STEP
	DECQ CX
	JNZ loop
	STORE2(ST1)
	VZEROUPPER
	RET

TEXT ·k512x1x4(SB), NOSPLIT, $0-88
	ARGS512
	INIT1(C4)
loop:
	BODY1(LB4, F4)
	STEP
	DECQ CX
	JNZ loop
	STORE1(ST4)
	VZEROUPPER
	RET

TEXT ·k512x1x3(SB), NOSPLIT, $0-88
	ARGS512
	INIT1(C3)
loop:
	BODY1(LB3, F3)
	STEP
	DECQ CX
	JNZ loop
	STORE1(ST3)
	VZEROUPPER
	RET

TEXT ·k512x1x2(SB), NOSPLIT, $0-88
	ARGS512
	INIT1(C2)
loop:
	BODY1(LB2, F2)
	STEP
	DECQ CX
	JNZ loop
	STORE1(ST2)
	VZEROUPPER
	RET

TEXT ·k512x1x1(SB), NOSPLIT, $0-88
	ARGS512
	INIT1(C1)
loop:
	BODY1(LB1, F1)
	STEP
	DECQ CX
	JNZ loop
	STORE1(ST1)
	VZEROUPPER
	RET

TEXT ·k512x6x4i(SB), NOSPLIT, $0-96
	ARGS512I
	INIT6(C4)
loop:
	STEPI
	BODY6(LB4, F4)
	ADDQ $16, R14
	DECQ CX
	JNZ loop
	STORE6(ST4)
	VZEROUPPER
	RET

TEXT ·k512x4x4i(SB), NOSPLIT, $0-96
	ARGS512I
	INIT4(C4)
loop:
	STEPI
	BODY4(LB4, F4)
	ADDQ $16, R14
	DECQ CX
	JNZ loop
	STORE4(ST4)
	VZEROUPPER
	RET

TEXT ·k512x2x4i(SB), NOSPLIT, $0-96
	ARGS512I
	INIT2(C4)
loop:
	STEPI
	BODY2(LB4, F4)
	ADDQ $16, R14
	DECQ CX
	JNZ loop
	STORE2(ST4)
	VZEROUPPER
	RET

TEXT ·k512x1x4i(SB), NOSPLIT, $0-96
	ARGS512I
	INIT1(C4)
loop:
	STEPI
	BODY1(LB4, F4)
	ADDQ $16, R14
	DECQ CX
	JNZ loop
	STORE1(ST4)
	VZEROUPPER
	RET
