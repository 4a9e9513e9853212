//go:build !purego

#include "textflag.h"

// Constants, four copies each, for 256-bit memory operands; floating-point ones as their bits,
// which are those of the Go constants in fastloss.go (expNegCoeffs: (−1)^i/i!, and so on).
#define CONST4(name, value) \
	DATA name<>+0(SB)/8, value \
	DATA name<>+8(SB)/8, value \
	DATA name<>+16(SB)/8, value \
	DATA name<>+24(SB)/8, value \
	GLOBL name<>(SB), RODATA, $32

CONST4(absmask, $0x7fffffffffffffff)
CONST4(clamp, $0x408749999999999a)
CONST4(log2e, $0x3ff71547652b82fe)
CONST4(ln2hi, $0x3fe62e42fee00000)
CONST4(ln2lo, $0x3dea39ef35793c76)
CONST4(magic, $0x4338000000000000) // 1.5·2^52: adding it to k leaves k in the low bits
CONST4(bias1023, $1023)
CONST4(one, $0x3ff0000000000000)
CONST4(seriesBelow, $0x3f50000000000000) // 2^-10
CONST4(c12, $0x3e21eed8eff8d898) // 1/12!, and below (−1)^i/i!
CONST4(c11, $0xbe5ae64567f544e4)
CONST4(c10, $0x3e927e4fb7789f5c)
CONST4(c9, $0xbec71de3a556c734)
CONST4(c8, $0x3efa01a01a01a01a)
CONST4(c7, $0xbf2a01a01a01a01a)
CONST4(c6, $0x3f56c16c16c16c17)
CONST4(c5, $0xbf81111111111111)
CONST4(c4, $0x3fa5555555555555)
CONST4(c3, $0xbfc5555555555555)
CONST4(c2, $0x3fe0000000000000)
CONST4(c1, $0xbff0000000000000)
CONST4(s5, $0x3fc999999999999a)
CONST4(sm4, $0xbfd0000000000000)
CONST4(s3, $0x3fd5555555555555)
CONST4(sm2, $0xbfe0000000000000)

// func bceKernelAVX2(x, y *float64, n int, w0, w1, b float64, out *[12]float64)
//
// The fast cross-entropy algorithm of fastloss.go, on four points at a time, operation for
// operation as expNeg and blockGo do it for one point. Registers:
//
//	Y0 sum, Y1 compensation, Y2 product (per lane)
//	Y15 [w0 w1 w0 w1], Y14 b, Y13 |·| mask, Y4 ones
TEXT ·bceKernelAVX2(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	VMOVSD w0+24(FP), X15
	VMOVHPD w1+32(FP), X15, X15
	VINSERTF128 $1, X15, Y15, Y15
	VBROADCASTSD b+40(FP), Y14
	VMOVUPD absmask<>(SB), Y13
	VMOVUPD one<>(SB), Y4
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VMOVAPD Y4, Y2
	TESTQ CX, CX
	JZ done

loop:
	// z = (w0·x1 + w1·x2) + b for points a, b, c, d.
	VMOVUPD (SI), Y3                // [xa1 xa2 xb1 xb2]
	VMOVUPD 32(SI), Y5              // [xc1 xc2 xd1 xd2]
	VMULPD Y15, Y3, Y3
	VMULPD Y15, Y5, Y5
	VHADDPD Y5, Y3, Y3              // [za zc zb zd]
	VPERMPD $0xD8, Y3, Y3           // [za zb zc zd]
	VADDPD Y14, Y3, Y3

	// t = e^(−a), a = min(|z|, 745.2): k = round(a·log2 e), r = a − k·ln 2.
	VANDPD Y13, Y3, Y5
	VMINPD clamp<>(SB), Y5, Y5
	VMULPD log2e<>(SB), Y5, Y6
	VROUNDPD $0, Y6, Y6
	VMOVAPD Y5, Y7
	VFNMADD231PD ln2hi<>(SB), Y6, Y7
	VFNMADD231PD ln2lo<>(SB), Y6, Y7

	// e^(−r) by Horner.
	VMOVUPD c12<>(SB), Y8
	VFMADD213PD c11<>(SB), Y7, Y8
	VFMADD213PD c10<>(SB), Y7, Y8
	VFMADD213PD c9<>(SB), Y7, Y8
	VFMADD213PD c8<>(SB), Y7, Y8
	VFMADD213PD c7<>(SB), Y7, Y8
	VFMADD213PD c6<>(SB), Y7, Y8
	VFMADD213PD c5<>(SB), Y7, Y8
	VFMADD213PD c4<>(SB), Y7, Y8
	VFMADD213PD c3<>(SB), Y7, Y8
	VFMADD213PD c2<>(SB), Y7, Y8
	VFMADD213PD c1<>(SB), Y7, Y8
	VFMADD213PD one<>(SB), Y7, Y8

	// × 2^(−k1) × 2^(−k2), k1 = k>>1, k2 = k − k1, from the exponent bits 1023 − kᵢ.
	VADDPD magic<>(SB), Y6, Y9
	VPSUBQ magic<>(SB), Y9, Y9      // k as an integer
	VPSRLQ $1, Y9, Y10              // k1
	VPSUBQ Y10, Y9, Y9              // k2
	VMOVDQU bias1023<>(SB), Y11
	VPSUBQ Y10, Y11, Y10
	VPSLLQ $52, Y10, Y10
	VPSUBQ Y9, Y11, Y9
	VPSLLQ $52, Y9, Y9
	VMULPD Y10, Y8, Y8
	VMULPD Y9, Y8, Y8               // t

	// term = max(z, 0) − y·z
	VXORPD Y10, Y10, Y10
	VMAXPD Y10, Y3, Y10
	VMOVUPD (DI), Y9
	VFNMADD231PD Y9, Y3, Y10

	// t ≥ 2^-10: product *= 1 + t; below: term += t(1 + t(−½ + t(⅓ + t(−¼ + t/5)))).
	VCMPPD $13, seriesBelow<>(SB), Y8, Y11
	VMOVUPD sm4<>(SB), Y12
	VFMADD231PD s5<>(SB), Y8, Y12   // t/5 − 1/4, as math.FMA(t, 1/5, −1/4)
	VFMADD213PD s3<>(SB), Y8, Y12
	VFMADD213PD sm2<>(SB), Y8, Y12
	VFMADD213PD one<>(SB), Y8, Y12
	VMULPD Y8, Y12, Y12
	VANDNPD Y12, Y11, Y12
	VADDPD Y12, Y10, Y10
	VADDPD Y4, Y8, Y9
	VBLENDVPD Y11, Y9, Y4, Y9
	VMULPD Y9, Y2, Y2

	// Kahan: v = term − comp, s = sum + v, comp = (s − sum) − v, sum = s.
	VSUBPD Y1, Y10, Y10
	VADDPD Y10, Y0, Y5
	VSUBPD Y0, Y5, Y1
	VSUBPD Y10, Y1, Y1
	VMOVAPD Y5, Y0

	ADDQ $64, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JNZ loop

done:
	MOVQ out+48(FP), AX
	VMOVUPD Y0, (AX)
	VMOVUPD Y1, 32(AX)
	VMOVUPD Y2, 64(AX)
	VZEROUPPER
	RET
