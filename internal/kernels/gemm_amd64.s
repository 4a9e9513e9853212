//go:build !purego

#include "textflag.h"

// The GEMM tile kernels: for a tile of h rows (6, 4, 2 or 1) and 8 columns,
//
//	c[r][j] = s + Σ_p a(r, p)·b[p][j]
//
// where s is c[r][j] itself if acc is not 0, else bias[j], or 0 if bias is nil; a(r, p) is at
// a + (r·ars + p·acs)·8 bytes, b's row p at b + p·ldb·8 and c's row r at c + r·ldc·8. Each
// element is a chain of fused multiply-adds over p in order, as the Go version computes it,
// and continuing a chain with acc gives the bits a single longer chain would.
//
// func kernN(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, bias *float64, acc int)
//
// Registers: AX row 0 of a, BX row 3, R8 row step, R9 step in p (bytes); DX b, R10 its row
// step; DI c, R11 its row step; CX the count; Y12, Y13 the row of b; Y14, Y15 broadcasts;
// Y0…Y11 the accumulators, two per row.

#define ARGS \
	MOVQ k+0(FP), CX \
	MOVQ a+8(FP), AX \
	MOVQ ars+16(FP), R8 \
	SHLQ $3, R8 \
	MOVQ acs+24(FP), R9 \
	SHLQ $3, R9 \
	MOVQ b+32(FP), DX \
	MOVQ ldb+40(FP), R10 \
	SHLQ $3, R10 \
	MOVQ c+48(FP), DI \
	MOVQ ldc+56(FP), R11 \
	SHLQ $3, R11 \
	MOVQ bias+64(FP), R12 \
	MOVQ acc+72(FP), SI

#define LOADB VMOVUPD (DX), Y12; VMOVUPD 32(DX), Y13
#define ROW(src, t, acc0, acc1) VBROADCASTSD src, t; VFMADD231PD t, Y12, acc0; VFMADD231PD t, Y13, acc1

// BIAS and INIT2 set accumulator pairs to the bias, or to zero.
#define INIT2(acc0, acc1) VMOVAPD Y12, acc0; VMOVAPD Y13, acc1
#define BIAS \
	VXORPD Y12, Y12, Y12 \
	VXORPD Y13, Y13, Y13 \
	TESTQ R12, R12 \
	JZ 3(PC) \
	VMOVUPD (R12), Y12 \
	VMOVUPD 32(R12), Y13

TEXT ·kern6(SB), NOSPLIT, $0-80
	ARGS
	LEAQ (AX)(R8*2), BX
	ADDQ R8, BX
	TESTQ SI, SI
	JNZ load6
	BIAS
	INIT2(Y0, Y1)
	INIT2(Y2, Y3)
	INIT2(Y4, Y5)
	INIT2(Y6, Y7)
	INIT2(Y8, Y9)
	INIT2(Y10, Y11)
	JMP loop6
load6:
	LEAQ (DI)(R11*2), R13
	ADDQ R11, R13
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD (DI)(R11*1), Y2
	VMOVUPD 32(DI)(R11*1), Y3
	VMOVUPD (DI)(R11*2), Y4
	VMOVUPD 32(DI)(R11*2), Y5
	VMOVUPD (R13), Y6
	VMOVUPD 32(R13), Y7
	VMOVUPD (R13)(R11*1), Y8
	VMOVUPD 32(R13)(R11*1), Y9
	VMOVUPD (R13)(R11*2), Y10
	VMOVUPD 32(R13)(R11*2), Y11
loop6:
	LOADB
	ROW((AX), Y14, Y0, Y1)
	ROW((AX)(R8*1), Y15, Y2, Y3)
	ROW((AX)(R8*2), Y14, Y4, Y5)
	ROW((BX), Y15, Y6, Y7)
	ROW((BX)(R8*1), Y14, Y8, Y9)
	ROW((BX)(R8*2), Y15, Y10, Y11)
	ADDQ R9, AX
	ADDQ R9, BX
	ADDQ R10, DX
	DECQ CX
	JNZ loop6
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, (DI)(R11*1)
	VMOVUPD Y3, 32(DI)(R11*1)
	VMOVUPD Y4, (DI)(R11*2)
	VMOVUPD Y5, 32(DI)(R11*2)
	LEAQ (DI)(R11*2), DI
	ADDQ R11, DI
	VMOVUPD Y6, (DI)
	VMOVUPD Y7, 32(DI)
	VMOVUPD Y8, (DI)(R11*1)
	VMOVUPD Y9, 32(DI)(R11*1)
	VMOVUPD Y10, (DI)(R11*2)
	VMOVUPD Y11, 32(DI)(R11*2)
	VZEROUPPER
	RET

TEXT ·kern4(SB), NOSPLIT, $0-80
	ARGS
	LEAQ (AX)(R8*2), BX
	ADDQ R8, BX
	TESTQ SI, SI
	JNZ load4
	BIAS
	INIT2(Y0, Y1)
	INIT2(Y2, Y3)
	INIT2(Y4, Y5)
	INIT2(Y6, Y7)
	JMP loop4
load4:
	LEAQ (DI)(R11*2), R13
	ADDQ R11, R13
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD (DI)(R11*1), Y2
	VMOVUPD 32(DI)(R11*1), Y3
	VMOVUPD (DI)(R11*2), Y4
	VMOVUPD 32(DI)(R11*2), Y5
	VMOVUPD (R13), Y6
	VMOVUPD 32(R13), Y7
loop4:
	LOADB
	ROW((AX), Y14, Y0, Y1)
	ROW((AX)(R8*1), Y15, Y2, Y3)
	ROW((AX)(R8*2), Y14, Y4, Y5)
	ROW((BX), Y15, Y6, Y7)
	ADDQ R9, AX
	ADDQ R9, BX
	ADDQ R10, DX
	DECQ CX
	JNZ loop4
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, (DI)(R11*1)
	VMOVUPD Y3, 32(DI)(R11*1)
	VMOVUPD Y4, (DI)(R11*2)
	VMOVUPD Y5, 32(DI)(R11*2)
	LEAQ (DI)(R11*2), DI
	ADDQ R11, DI
	VMOVUPD Y6, (DI)
	VMOVUPD Y7, 32(DI)
	VZEROUPPER
	RET

TEXT ·kern2(SB), NOSPLIT, $0-80
	ARGS
	TESTQ SI, SI
	JNZ load2
	BIAS
	INIT2(Y0, Y1)
	INIT2(Y2, Y3)
	JMP loop2
load2:
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
	VMOVUPD (DI)(R11*1), Y2
	VMOVUPD 32(DI)(R11*1), Y3
loop2:
	LOADB
	ROW((AX), Y14, Y0, Y1)
	ROW((AX)(R8*1), Y15, Y2, Y3)
	ADDQ R9, AX
	ADDQ R10, DX
	DECQ CX
	JNZ loop2
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, (DI)(R11*1)
	VMOVUPD Y3, 32(DI)(R11*1)
	VZEROUPPER
	RET

TEXT ·kern1(SB), NOSPLIT, $0-80
	ARGS
	TESTQ SI, SI
	JNZ load1
	BIAS
	INIT2(Y0, Y1)
	JMP loop1
load1:
	VMOVUPD (DI), Y0
	VMOVUPD 32(DI), Y1
loop1:
	LOADB
	ROW((AX), Y14, Y0, Y1)
	ADDQ R9, AX
	ADDQ R10, DX
	DECQ CX
	JNZ loop1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VZEROUPPER
	RET
