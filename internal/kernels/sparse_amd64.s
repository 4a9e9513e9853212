//go:build !purego

#include "textflag.h"

// func nonzeroAVX512(dst *uint64, a *float64, n int)
// func nonzeroAVX2(dst *uint64, a *float64, n int)
//
// Sets bit p%64 of dst[p/64] where a[p] is not zero (NaN counts as not zero: the comparison
// is "not equal, or unordered"), for n values, a multiple of 64; the bits must start cleared.
// Each word is built in R8 from 8 comparisons of 8 values (AVX-512) or 16 of 4 (AVX2).

// BITS8(off, shift) and BITS4(off, shift): the bits of 8 (4) values at off(SI), into R8 from
// bit shift on.
#define BITS8(off, shift) VCMPPD $4, off(SI), Z15, K1; KMOVW K1, AX; SHLQ $shift, AX; ORQ AX, R8
#define BITS4(off, shift) VCMPPD $4, off(SI), Y15, Y0; VMOVMSKPD Y0, AX; SHLQ $shift, AX; ORQ AX, R8

TEXT ·nonzeroAVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $6, CX
	JZ done512
	VPXORQ Z15, Z15, Z15
word512:
	XORQ R8, R8
	BITS8(0, 0)
	BITS8(64, 8)
	BITS8(128, 16)
	BITS8(192, 24)
	BITS8(256, 32)
	BITS8(320, 40)
	BITS8(384, 48)
	BITS8(448, 56)
	MOVQ R8, (DI)
	ADDQ $512, SI
	ADDQ $8, DI
	DECQ CX
	JNZ word512
done512:
	VZEROUPPER
	RET

TEXT ·nonzeroAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $6, CX
	JZ done256
	VXORPD Y15, Y15, Y15
word256:
	XORQ R8, R8
	BITS4(0, 0)
	BITS4(32, 4)
	BITS4(64, 8)
	BITS4(96, 12)
	BITS4(128, 16)
	BITS4(160, 20)
	BITS4(192, 24)
	BITS4(224, 28)
	BITS4(256, 32)
	BITS4(288, 36)
	BITS4(320, 40)
	BITS4(352, 44)
	BITS4(384, 48)
	BITS4(416, 52)
	BITS4(448, 56)
	BITS4(480, 60)
	MOVQ R8, (DI)
	ADDQ $512, SI
	ADDQ $8, DI
	DECQ CX
	JNZ word256
done256:
	VZEROUPPER
	RET
