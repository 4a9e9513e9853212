//go:build !purego

#include "textflag.h"

// Constants, four copies each, for 256-bit memory operands; floating-point ones as their bits
// (those of the Go constants in activ.go).
#define CONST4(name, value) \
	DATA name<>+0(SB)/8, value \
	DATA name<>+8(SB)/8, value \
	DATA name<>+16(SB)/8, value \
	DATA name<>+24(SB)/8, value \
	GLOBL name<>(SB), RODATA, $32

CONST4(absmask, $0x7fffffffffffffff)
CONST4(signmask, $0x8000000000000000)
CONST4(forty, $0x4044000000000000)  // 40
CONST4(one, $0x3ff0000000000000)
CONST4(two, $0x4000000000000000)
CONST4(log2e, $0x3ff71547652b82fe)
CONST4(ln2hi, $0x3fe62e42fee00000)
CONST4(ln2lo, $0x3dea39ef35793c76)
CONST4(magic, $0x4338000000000000)  // 1.5·2^52
CONST4(bias1023, $1023)
CONST4(e12, $0x3de6124613a86d09)    // 1/13!, and below 1/(i+1)!
CONST4(e11, $0x3e21eed8eff8d898)
CONST4(e10, $0x3e5ae64567f544e4)
CONST4(e9, $0x3e927e4fb7789f5c)
CONST4(e8, $0x3ec71de3a556c734)
CONST4(e7, $0x3efa01a01a01a01a)
CONST4(e6, $0x3f2a01a01a01a01a)
CONST4(e5, $0x3f56c16c16c16c17)
CONST4(e4, $0x3f81111111111111)
CONST4(e3, $0x3fa5555555555555)
CONST4(e2, $0x3fc5555555555555)
CONST4(e1, $0x3fe0000000000000)

// func tanhAVX2(v *float64, n int)
//
// v[i] = tanh(v[i]) for n (a multiple of 4) values, as tanh in activ.go computes it.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-16
	MOVQ v+0(FP), SI
	MOVQ n+8(FP), CX
	VMOVUPD forty<>(SB), Y15
	VMOVUPD absmask<>(SB), Y14
	VXORPD Y13, Y13, Y13
	TESTQ CX, CX
	JZ tdone
tloop:
	VMOVUPD (SI), Y0
	VANDPD Y14, Y0, Y1                // a = |x|
	VANDNPD Y0, Y14, Y2               // the sign bit of x
	VADDPD Y1, Y1, Y1
	VMINPD Y1, Y15, Y1                // min(40, 2a), NaN staying NaN
	VSUBPD Y1, Y13, Y1                // v = −min(2a, 40)
	VMULPD log2e<>(SB), Y1, Y3
	VROUNDPD $0, Y3, Y3               // k
	VFNMADD231PD ln2hi<>(SB), Y3, Y1
	VFNMADD231PD ln2lo<>(SB), Y3, Y1  // r
	VMOVUPD e12<>(SB), Y4             // P(r) = Σ r^i/(i+1)!
	VFMADD213PD e11<>(SB), Y1, Y4
	VFMADD213PD e10<>(SB), Y1, Y4
	VFMADD213PD e9<>(SB), Y1, Y4
	VFMADD213PD e8<>(SB), Y1, Y4
	VFMADD213PD e7<>(SB), Y1, Y4
	VFMADD213PD e6<>(SB), Y1, Y4
	VFMADD213PD e5<>(SB), Y1, Y4
	VFMADD213PD e4<>(SB), Y1, Y4
	VFMADD213PD e3<>(SB), Y1, Y4
	VFMADD213PD e2<>(SB), Y1, Y4
	VFMADD213PD e1<>(SB), Y1, Y4
	VFMADD213PD one<>(SB), Y1, Y4
	VMULPD Y1, Y4, Y4                 // q = e^r − 1
	VADDPD magic<>(SB), Y3, Y5
	VPSUBQ magic<>(SB), Y5, Y5
	VPADDQ bias1023<>(SB), Y5, Y5
	VPSLLQ $52, Y5, Y5                // s = 2^k
	VSUBPD one<>(SB), Y5, Y6          // s − 1
	VFMADD213PD Y6, Y5, Y4            // em = s·q + (s − 1) = e^v − 1
	VADDPD two<>(SB), Y4, Y7
	VDIVPD Y7, Y4, Y4                 // em/(2 + em) = −tanh(a)
	VANDPD Y14, Y4, Y4
	VORPD Y2, Y4, Y4
	VMOVUPD Y4, (SI)
	ADDQ $32, SI
	SUBQ $4, CX
	JNZ tloop
tdone:
	VZEROUPPER
	RET

// func tanhGradAVX2(d, h *float64, n int)
//
// d[i] *= 1 − h[i]², the fused multiply-add −h·h + 1 then a product, for n (a multiple of 4).
TEXT ·tanhGradAVX2(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ h+8(FP), SI
	MOVQ n+16(FP), CX
	VMOVUPD one<>(SB), Y15
	TESTQ CX, CX
	JZ gdone
gloop:
	VMOVUPD (SI), Y0
	VMOVAPD Y15, Y1
	VFNMADD231PD Y0, Y0, Y1
	VMULPD (DI), Y1, Y1
	VMOVUPD Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ gloop
gdone:
	VZEROUPPER
	RET

// func colSumAVX2(dst, a *float64, n, m, lda int)
//
// dst[j] = Σ_i a[i][j] for 16 columns (m is 16 here; lda the row stride), rows added in order.
TEXT ·colSumAVX2(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ lda+32(FP), R8
	SHLQ $3, R8
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	TESTQ CX, CX
	JZ cdone
cloop:
	VADDPD (SI), Y0, Y0
	VADDPD 32(SI), Y1, Y1
	VADDPD 64(SI), Y2, Y2
	VADDPD 96(SI), Y3, Y3
	ADDQ R8, SI
	DECQ CX
	JNZ cloop
cdone:
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	VZEROUPPER
	RET
