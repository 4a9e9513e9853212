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

// Lane indices of the first and second features of eight interleaved points (x1 x2 x1 x2 …,
// over two vectors), for VPERMT2PD.
DATA firsts<>+0(SB)/8, $0
DATA firsts<>+8(SB)/8, $2
DATA firsts<>+16(SB)/8, $4
DATA firsts<>+24(SB)/8, $6
DATA firsts<>+32(SB)/8, $8
DATA firsts<>+40(SB)/8, $10
DATA firsts<>+48(SB)/8, $12
DATA firsts<>+56(SB)/8, $14
GLOBL firsts<>(SB), RODATA, $64
DATA seconds<>+0(SB)/8, $1
DATA seconds<>+8(SB)/8, $3
DATA seconds<>+16(SB)/8, $5
DATA seconds<>+24(SB)/8, $7
DATA seconds<>+32(SB)/8, $9
DATA seconds<>+40(SB)/8, $11
DATA seconds<>+48(SB)/8, $13
DATA seconds<>+56(SB)/8, $15
GLOBL seconds<>(SB), RODATA, $64

// func bceKernelAVX512(x, y *float64, n int, w0, w1, b float64, out *[24]float64)
//
// bceKernelAVX2 on eight points at a time (n a multiple of 8), operation for operation; the
// constants are broadcast from the first copy of the ones above. Per lane it leaves the sum,
// its compensation and the product in out[0:8], out[8:16] and out[16:24]. Registers as in
// bceKernelAVX2, with Z20, Z21 w0 and w1, Z22, Z23 the lane indices, K1 the lanes with
// t ≥ 2^-10 and K2 the others.
TEXT ·bceKernelAVX512(SB), NOSPLIT, $0-56
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	VBROADCASTSD w0+24(FP), Z20
	VBROADCASTSD w1+32(FP), Z21
	VBROADCASTSD b+40(FP), Z14
	VPBROADCASTQ absmask<>(SB), Z13
	VBROADCASTSD one<>(SB), Z4
	VMOVDQU64 firsts<>(SB), Z22
	VMOVDQU64 seconds<>(SB), Z23
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VMOVAPD Z4, Z2
	TESTQ CX, CX
	JZ done512

loop512:
	// z = (w0·x1 + w1·x2) + b for eight points.
	VMOVUPD (SI), Z3
	VMOVUPD 64(SI), Z5
	VMOVAPD Z3, Z6
	VPERMT2PD Z5, Z22, Z6           // the x1
	VPERMT2PD Z5, Z23, Z3           // the x2
	VMULPD Z20, Z6, Z6
	VMULPD Z21, Z3, Z3
	VADDPD Z3, Z6, Z3
	VADDPD Z14, Z3, Z3

	// t = e^(−a), a = min(|z|, 745.2): k = round(a·log2 e), r = a − k·ln 2.
	VPANDQ Z13, Z3, Z5
	VMINPD.BCST clamp<>(SB), Z5, Z5
	VMULPD.BCST log2e<>(SB), Z5, Z6
	VRNDSCALEPD $0, Z6, Z6
	VMOVAPD Z5, Z7
	VFNMADD231PD.BCST ln2hi<>(SB), Z6, Z7
	VFNMADD231PD.BCST ln2lo<>(SB), Z6, Z7

	// e^(−r) by Horner.
	VBROADCASTSD c12<>(SB), Z8
	VFMADD213PD.BCST c11<>(SB), Z7, Z8
	VFMADD213PD.BCST c10<>(SB), Z7, Z8
	VFMADD213PD.BCST c9<>(SB), Z7, Z8
	VFMADD213PD.BCST c8<>(SB), Z7, Z8
	VFMADD213PD.BCST c7<>(SB), Z7, Z8
	VFMADD213PD.BCST c6<>(SB), Z7, Z8
	VFMADD213PD.BCST c5<>(SB), Z7, Z8
	VFMADD213PD.BCST c4<>(SB), Z7, Z8
	VFMADD213PD.BCST c3<>(SB), Z7, Z8
	VFMADD213PD.BCST c2<>(SB), Z7, Z8
	VFMADD213PD.BCST c1<>(SB), Z7, Z8
	VFMADD213PD Z4, Z7, Z8

	// × 2^(−k1) × 2^(−k2), k1 = k>>1, k2 = k − k1, from the exponent bits 1023 − kᵢ.
	VADDPD.BCST magic<>(SB), Z6, Z9
	VPSUBQ.BCST magic<>(SB), Z9, Z9 // k as an integer
	VPSRLQ $1, Z9, Z10              // k1
	VPSUBQ Z10, Z9, Z9              // k2
	VPBROADCASTQ bias1023<>(SB), Z11
	VPSUBQ Z10, Z11, Z10
	VPSLLQ $52, Z10, Z10
	VPSUBQ Z9, Z11, Z9
	VPSLLQ $52, Z9, Z9
	VMULPD Z10, Z8, Z8
	VMULPD Z9, Z8, Z8               // t

	// term = max(z, 0) − y·z
	VPXORQ Z10, Z10, Z10
	VMAXPD Z10, Z3, Z10
	VMOVUPD (DI), Z9
	VFNMADD231PD Z9, Z3, Z10

	// t ≥ 2^-10: product *= 1 + t; below: term += t(1 + t(−½ + t(⅓ + t(−¼ + t/5)))).
	VCMPPD.BCST $13, seriesBelow<>(SB), Z8, K1
	KNOTW K1, K2
	VBROADCASTSD sm4<>(SB), Z12
	VFMADD231PD.BCST s5<>(SB), Z8, Z12
	VFMADD213PD.BCST s3<>(SB), Z8, Z12
	VFMADD213PD.BCST sm2<>(SB), Z8, Z12
	VFMADD213PD Z4, Z8, Z12
	VMULPD Z8, Z12, Z12
	VMOVAPD.Z Z12, K2, Z12          // 0 where t ≥ 2^-10
	VADDPD Z12, Z10, Z10
	VADDPD Z4, Z8, Z9
	VMULPD Z9, Z2, K1, Z2           // where t ≥ 2^-10 (elsewhere the factor is 1)

	// Kahan: v = term − comp, s = sum + v, comp = (s − sum) − v, sum = s.
	VSUBPD Z1, Z10, Z10
	VADDPD Z10, Z0, Z5
	VSUBPD Z0, Z5, Z1
	VSUBPD Z10, Z1, Z1
	VMOVAPD Z5, Z0

	ADDQ $128, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JNZ loop512

done512:
	MOVQ out+48(FP), AX
	VMOVUPD Z0, (AX)
	VMOVUPD Z1, 64(AX)
	VMOVUPD Z2, 128(AX)
	VZEROUPPER
	RET
