// What the AVX2 and AVX-512 tile kernels (gemm_amd64.s, gemm_avx512_amd64.s) share: their
// first arguments and how they step through the terms.

// GEMMARGS loads k, a, ars, acs, b, ldb, c, ldc, init and istride (the first 80 bytes of the
// arguments) into the registers the kernels' comments name, strides scaled to bytes, and
// points BX at row 3 of a.
#define GEMMARGS \
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
	MOVQ init+64(FP), R12 \
	MOVQ istride+72(FP), SI \
	SHLQ $3, SI \
	LEAQ (AX)(R8*2), BX \
	ADDQ R8, BX

// STEP moves a and b on to the next p; STEPI to the next p of the list of steps in R14.
#define STEP ADDQ R9, AX; ADDQ R9, BX; ADDQ R10, DX
#define STEPI MOVQ (R14), R13; ADDQ R13, AX; ADDQ R13, BX; ADDQ 8(R14), DX
