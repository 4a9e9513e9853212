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

// func reluAVX2(v *float64, n int)
//
// v[i] = 0 where v[i] < 0, for n (a multiple of 4): −0 and NaN stay, as relu keeps them.
TEXT ·reluAVX2(SB), NOSPLIT, $0-16
	MOVQ v+0(FP), SI
	MOVQ n+8(FP), CX
	VXORPD Y15, Y15, Y15
	TESTQ CX, CX
	JZ rdone
rloop:
	VMOVUPD (SI), Y0
	VCMPPD $0x11, Y15, Y0, Y1         // x < 0, ordered: false for NaN
	VANDNPD Y0, Y1, Y0
	VMOVUPD Y0, (SI)
	ADDQ $32, SI
	SUBQ $4, CX
	JNZ rloop
rdone:
	VZEROUPPER
	RET

// func reluGradAVX2(d, h *float64, n int)
//
// d[i] *= step(h[i]): 1 where h > 0, 0 where h ≤ 0, h itself (NaN) otherwise, for n (a
// multiple of 4).
TEXT ·reluGradAVX2(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ h+8(FP), SI
	MOVQ n+16(FP), CX
	VMOVUPD one<>(SB), Y15
	VXORPD Y14, Y14, Y14
	TESTQ CX, CX
	JZ rgdone
rgloop:
	VMOVUPD (SI), Y0
	VCMPPD $0x1e, Y14, Y0, Y1         // h > 0, ordered
	VANDPD Y15, Y1, Y1                // 1 or 0
	VCMPPD $0x03, Y0, Y0, Y2          // h is NaN
	VBLENDVPD Y2, Y0, Y1, Y1
	VMULPD (DI), Y1, Y1
	VMOVUPD Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ rgloop
rgdone:
	VZEROUPPER
	RET

// The AVX-512 versions, eight values at a time with the same operations: each gives the bits
// of its AVX2 and Go twins. Constants are broadcast from the first copy of the ones above.

// func tanhAVX512(v *float64, n int)
//
// v[i] = tanh(v[i]) for n (a multiple of 8) values, as tanhAVX2 computes it.
TEXT ·tanhAVX512(SB), NOSPLIT, $0-16
	MOVQ v+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSD forty<>(SB), Z15
	VPBROADCASTQ absmask<>(SB), Z14
	VPXORQ Z13, Z13, Z13
	VBROADCASTSD one<>(SB), Z12
	VBROADCASTSD magic<>(SB), Z11
	TESTQ CX, CX
	JZ tdone
tloop:
	VMOVUPD (SI), Z0
	VPANDQ Z14, Z0, Z1                   // a = |x|
	VPANDNQ Z0, Z14, Z2                  // the sign bit of x
	VADDPD Z1, Z1, Z1
	VMINPD Z1, Z15, Z1                   // min(40, 2a), NaN staying NaN
	VSUBPD Z1, Z13, Z1                   // v = −min(2a, 40)
	VMULPD.BCST log2e<>(SB), Z1, Z3
	VRNDSCALEPD $0, Z3, Z3               // k, rounded to even as VROUNDPD $0
	VFNMADD231PD.BCST ln2hi<>(SB), Z3, Z1
	VFNMADD231PD.BCST ln2lo<>(SB), Z3, Z1 // r
	VBROADCASTSD e12<>(SB), Z4          // P(r) = Σ r^i/(i+1)!
	VFMADD213PD.BCST e11<>(SB), Z1, Z4
	VFMADD213PD.BCST e10<>(SB), Z1, Z4
	VFMADD213PD.BCST e9<>(SB), Z1, Z4
	VFMADD213PD.BCST e8<>(SB), Z1, Z4
	VFMADD213PD.BCST e7<>(SB), Z1, Z4
	VFMADD213PD.BCST e6<>(SB), Z1, Z4
	VFMADD213PD.BCST e5<>(SB), Z1, Z4
	VFMADD213PD.BCST e4<>(SB), Z1, Z4
	VFMADD213PD.BCST e3<>(SB), Z1, Z4
	VFMADD213PD.BCST e2<>(SB), Z1, Z4
	VFMADD213PD.BCST e1<>(SB), Z1, Z4
	VFMADD213PD Z12, Z1, Z4
	VMULPD Z1, Z4, Z4                    // q = e^r − 1
	VADDPD Z11, Z3, Z5
	VPSUBQ Z11, Z5, Z5
	VPADDQ.BCST bias1023<>(SB), Z5, Z5
	VPSLLQ $52, Z5, Z5                   // s = 2^k
	VSUBPD Z12, Z5, Z6                   // s − 1
	VFMADD213PD Z6, Z5, Z4               // em = s·q + (s − 1) = e^v − 1
	VADDPD.BCST two<>(SB), Z4, Z7
	VDIVPD Z7, Z4, Z4                    // em/(2 + em) = −tanh(a)
	VPANDQ Z14, Z4, Z4
	VPORQ Z2, Z4, Z4
	VMOVUPD Z4, (SI)
	ADDQ $64, SI
	SUBQ $8, CX
	JNZ tloop
tdone:
	VZEROUPPER
	RET

// func tanhGradAVX512(d, h *float64, n int)
//
// d[i] *= 1 − h[i]², the fused multiply-add −h·h + 1 then a product, for n (a multiple of 8).
TEXT ·tanhGradAVX512(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ h+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD one<>(SB), Z15
	TESTQ CX, CX
	JZ gdone
gloop:
	VMOVUPD (SI), Z0
	VMOVAPD Z15, Z1
	VFNMADD231PD Z0, Z0, Z1
	VMULPD (DI), Z1, Z1
	VMOVUPD Z1, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JNZ gloop
gdone:
	VZEROUPPER
	RET

// func reluAVX512(v *float64, n int)
//
// v[i] = 0 where v[i] < 0, for n (a multiple of 8): −0 and NaN stay, as relu keeps them.
TEXT ·reluAVX512(SB), NOSPLIT, $0-16
	MOVQ v+0(FP), SI
	MOVQ n+8(FP), CX
	VPXORQ Z15, Z15, Z15
	TESTQ CX, CX
	JZ rdone
rloop:
	VMOVUPD (SI), Z0
	VCMPPD $0x11, Z15, Z0, K2            // x < 0, ordered: false for NaN
	VMOVUPD Z15, K2, (SI)
	ADDQ $64, SI
	SUBQ $8, CX
	JNZ rloop
rdone:
	VZEROUPPER
	RET

// func reluGradAVX512(d, h *float64, n int)
//
// d[i] *= step(h[i]): 1 where h > 0, 0 where h ≤ 0, h itself (NaN) otherwise, for n (a
// multiple of 8).
TEXT ·reluGradAVX512(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ h+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD one<>(SB), Z15
	VPXORQ Z14, Z14, Z14
	TESTQ CX, CX
	JZ rgdone
rgloop:
	VMOVUPD (SI), Z0
	VCMPPD $0x1e, Z14, Z0, K2            // h > 0, ordered
	VCMPPD $0x03, Z0, Z0, K3             // h is NaN
	VPXORQ Z1, Z1, Z1
	VMOVAPD Z15, K2, Z1
	VMOVAPD Z0, K3, Z1
	VMULPD (DI), Z1, Z1
	VMOVUPD Z1, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JNZ rgloop
rgdone:
	VZEROUPPER
	RET

// func colSumAVX512(dst, a *float64, n, m, lda int)
//
// dst[j] = Σ_i a[i][j] for 32 columns (m is 32 here; lda the row stride), rows added in order.
TEXT ·colSumAVX512(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ lda+32(FP), R8
	SHLQ $3, R8
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	TESTQ CX, CX
	JZ cdone
cloop:
	VADDPD (SI), Z0, Z0
	VADDPD 64(SI), Z1, Z1
	VADDPD 128(SI), Z2, Z2
	VADDPD 192(SI), Z3, Z3
	ADDQ R8, SI
	DECQ CX
	JNZ cloop
cdone:
	VMOVUPD Z0, (DI)
	VMOVUPD Z1, 64(DI)
	VMOVUPD Z2, 128(DI)
	VMOVUPD Z3, 192(DI)
	VZEROUPPER
	RET
