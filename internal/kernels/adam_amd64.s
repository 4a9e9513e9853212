//go:build !purego

#include "textflag.h"

// func adamAVX512(p, m, v, grad *float64, n int, k *[adamConsts][4]float64)
// func adamAVX2(p, m, v, grad *float64, n int, k *[adamConsts][4]float64)
//
// One Adam step on n elements (a multiple of 8), with the bits adamGo gives:
//
//	m ← β₁·m + (1−β₁)·g,   v ← β₂·v + ((1−β₂)·g)·g,   p ← p − (lr·(m/C1)) / (√(v/C2) + ε)
//
// k holds, four copies each, β₁, 1−β₁, β₂, 1−β₂, C1, C2, lr, ε, Y1 = RN(1/C1), Y2 = RN(1/C2),
// 2^−900 and 2^900 (see adam.go). Divisions and square roots share one unit of the core, which
// takes many cycles per vector for each. So the divisions by the step's constants C1 and C2
// are done instead by DIVC, on the fused multiply-add units, in parallel with the division
// and the square root that remain. DIVC needs |x| = 0 or 2^−900 ≤ |x| ≤ 2^900, for x = m and
// v: a vector with a value out of that range (which training does not make) takes VDIVPD.
//
// DIVC(a, c, y, q, r): q = a/C, rounded to nearest, for a constant C with reciprocal
// y = RN(1/C). By Markstein's theorem (P. Markstein, "Computation of elementary functions on
// the IBM RISC System/6000 processor", IBM J. Res. Dev. 34(1), 1990; J.-M. Muller et al.,
// Handbook of Floating-Point Arithmetic, 2018, §4.7), if y approximates 1/C with a relative
// error below 2⁻⁵³ and q within one ulp of a/C, then the residual r = a − C·q is exact in a
// fused multiply-add and RN(q + r·y) = RN(a/C). Here q₀ = RN(a·y) is within 1.5 ulps; one
// correction brings it within half an ulp and 2⁻⁵⁰ of one, and the second, by the theorem,
// to a/C rounded. For |a| ≥ 2^−900 (and C ≥ 2⁻⁶⁰, see adam.go) nothing underflows: r keeps
// every bit. For a = ±0 the steps give +0, so the sign of a is put back at the end.
#define DIVC(a, c, y, q, r) \
	VMULPD y, a, q \
	VMOVAPD a, r \
	VFNMADD231PD c, q, r \
	VFMADD231PD y, r, q \
	VMOVAPD a, r \
	VFNMADD231PD c, q, r \
	VFMADD231PD y, r, q

#define ADAMARGS \
	MOVQ p+0(FP), DI \
	MOVQ m+8(FP), SI \
	MOVQ v+16(FP), DX \
	MOVQ grad+24(FP), BX \
	MOVQ n+32(FP), CX \
	MOVQ k+40(FP), AX

// Registers (AVX-512): Z16…Z27 the constants in k's order, Z28 the absolute-value mask,
// Z29 the sign mask, Z30 zeros, K1 the lanes in range.
TEXT ·adamAVX512(SB), NOSPLIT, $0-48
	ADAMARGS
	VBROADCASTSD 0(AX), Z16
	VBROADCASTSD 32(AX), Z17
	VBROADCASTSD 64(AX), Z18
	VBROADCASTSD 96(AX), Z19
	VBROADCASTSD 128(AX), Z20
	VBROADCASTSD 160(AX), Z21
	VBROADCASTSD 192(AX), Z22
	VBROADCASTSD 224(AX), Z23
	VBROADCASTSD 256(AX), Z24
	VBROADCASTSD 288(AX), Z25
	VBROADCASTSD 320(AX), Z26
	VBROADCASTSD 352(AX), Z27
	VPBROADCASTQ absmask<>(SB), Z28
	VPBROADCASTQ signmask<>(SB), Z29
	VPXORQ Z30, Z30, Z30
	SHRQ $3, CX
	JZ done512
loop512:
	VMOVUPD (BX), Z0                   // g
	VMULPD (SI), Z16, Z1
	VMULPD Z0, Z17, Z2
	VADDPD Z2, Z1, Z1                  // m = β₁·m + (1−β₁)·g
	VMOVUPD Z1, (SI)
	VMULPD (DX), Z18, Z3
	VMULPD Z0, Z19, Z4
	VMULPD Z0, Z4, Z4
	VADDPD Z4, Z3, Z3                  // v = β₂·v + ((1−β₂)·g)·g
	VMOVUPD Z3, (DX)
	// In range: |x| = 0, or 2^−900 ≤ |x| ≤ 2^900 (NaN is not), for x = m and v.
	VPANDQ Z28, Z1, Z5
	VCMPPD $0x1d, Z26, Z5, K1          // |m| ≥ 2^−900
	VCMPPD $0x12, Z27, Z5, K1, K1      // and ≤ 2^900
	VCMPPD $0x00, Z30, Z5, K2          // or 0
	KORW K2, K1, K1
	VPANDQ Z28, Z3, Z6
	VCMPPD $0x1d, Z26, Z6, K1, K2
	VCMPPD $0x12, Z27, Z6, K2, K2
	VCMPPD $0x00, Z30, Z6, K1, K3
	KORW K3, K2, K1                    // m and v in range
	KMOVW K1, R8
	CMPL R8, $0xff
	JNE exact512
	DIVC(Z1, Z20, Z24, Z7, Z8)         // m/C1
	DIVC(Z3, Z21, Z25, Z9, Z8)         // v/C2
	VPTERNLOGQ $0xd8, Z29, Z1, Z7      // the sign of m, the rest of m/C1
	VPTERNLOGQ $0xd8, Z29, Z3, Z9
	JMP rest512
exact512:
	VDIVPD Z20, Z1, Z7                 // m/C1
	VDIVPD Z21, Z3, Z9                 // v/C2
rest512:
	VMULPD Z7, Z22, Z7                 // lr·(m/C1)
	VSQRTPD Z9, Z9
	VADDPD Z23, Z9, Z9                 // √(v/C2) + ε
	VDIVPD Z9, Z7, Z7
	VMOVUPD (DI), Z10
	VSUBPD Z7, Z10, Z10
	VMOVUPD Z10, (DI)
	ADDQ $64, BX
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	DECQ CX
	JNZ loop512
done512:
	VZEROUPPER
	RET

// Registers (AVX2): the constants as memory operands, (AX) onwards; Y15 zeros, Y14 the
// absolute-value mask.
TEXT ·adamAVX2(SB), NOSPLIT, $0-48
	ADAMARGS
	VXORPD Y15, Y15, Y15
	VMOVUPD absmask<>(SB), Y14
	SHRQ $2, CX
	JZ done256
loop256:
	VMOVUPD (BX), Y0                   // g
	VMOVUPD 0(AX), Y1
	VMULPD (SI), Y1, Y1
	VMULPD 32(AX), Y0, Y2
	VADDPD Y2, Y1, Y1                  // m = β₁·m + (1−β₁)·g
	VMOVUPD Y1, (SI)
	VMOVUPD 64(AX), Y3
	VMULPD (DX), Y3, Y3
	VMULPD 96(AX), Y0, Y4
	VMULPD Y0, Y4, Y4
	VADDPD Y4, Y3, Y3                  // v = β₂·v + ((1−β₂)·g)·g
	VMOVUPD Y3, (DX)
	// In range: |x| = 0, or 2^−900 ≤ |x| ≤ 2^900 (NaN is not), for x = m and v.
	VANDPD Y14, Y1, Y5
	VCMPPD $0x1d, 320(AX), Y5, Y6      // |m| ≥ 2^−900
	VCMPPD $0x12, 352(AX), Y5, Y7      // |m| ≤ 2^900
	VANDPD Y7, Y6, Y6
	VCMPPD $0x00, Y15, Y5, Y7          // |m| = 0
	VORPD Y7, Y6, Y6
	VANDPD Y14, Y3, Y5
	VCMPPD $0x1d, 320(AX), Y5, Y7
	VANDPD Y7, Y6, Y8
	VCMPPD $0x12, 352(AX), Y5, Y7
	VANDPD Y7, Y8, Y8
	VCMPPD $0x00, Y15, Y5, Y7
	VANDPD Y7, Y6, Y7
	VORPD Y7, Y8, Y8                   // m and v in range
	VMOVMSKPD Y8, R8
	CMPL R8, $0xf
	JNE exact256
	VMOVUPD 128(AX), Y10               // C1
	VMOVUPD 256(AX), Y11               // Y1
	DIVC(Y1, Y10, Y11, Y7, Y8)         // m/C1
	VMOVUPD 160(AX), Y10               // C2
	VMOVUPD 288(AX), Y11               // Y2
	DIVC(Y3, Y10, Y11, Y9, Y8)         // v/C2
	VANDNPD Y1, Y14, Y5                // the sign of m
	VANDPD Y14, Y7, Y7
	VORPD Y5, Y7, Y7
	VANDNPD Y3, Y14, Y5
	VANDPD Y14, Y9, Y9
	VORPD Y5, Y9, Y9
	JMP rest256
exact256:
	VDIVPD 128(AX), Y1, Y7             // m/C1
	VDIVPD 160(AX), Y3, Y9             // v/C2
rest256:
	VMULPD 192(AX), Y7, Y7             // lr·(m/C1)
	VSQRTPD Y9, Y9
	VADDPD 224(AX), Y9, Y9             // √(v/C2) + ε
	VDIVPD Y9, Y7, Y7
	VMOVUPD (DI), Y10
	VSUBPD Y7, Y10, Y10
	VMOVUPD Y10, (DI)
	ADDQ $32, BX
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ loop256
done256:
	VZEROUPPER
	RET

DATA absmask<>+0(SB)/8, $0x7fffffffffffffff
DATA absmask<>+8(SB)/8, $0x7fffffffffffffff
DATA absmask<>+16(SB)/8, $0x7fffffffffffffff
DATA absmask<>+24(SB)/8, $0x7fffffffffffffff
GLOBL absmask<>(SB), RODATA, $32
DATA signmask<>+0(SB)/8, $0x8000000000000000
GLOBL signmask<>(SB), RODATA, $8
