// sha1Block: SHA-1's compression function (FIPS 180-4) for WebAssembly,
// over every whole 64-byte block of p. Go's own SHA-1 keeps its 32-bit
// words in i64 locals, masking them, and sends every loop turn through a
// br_table; here the 80 rounds are unrolled and computed in i32.
// Registers are i64 locals, holding 32-bit words zero-extended:
//
//	R0-R4  the working words a-e, their roles turning each round
//	R5-R9  the state at the block's start
//	R10    the round's schedule word
//	R11    end of the whole blocks
//	R12    p, the block
//	R13    w, the schedule's 16 words
//	R14    h, the state
//
// Every memory access takes an i32 address: pointers are wrapped.

#include "textflag.h"

#define G(r) Get r; I32WrapI64
#define S(r) I64ExtendI32U; Set r

// W0(I) sets R10 and w[I] to the big-endian word I of the block.
#define W0(I) \
	Get R12; I32WrapI64; I32Load $(4*(I)); S(R10); \
	G(R10); I32Const $8; I32Rotl; I32Const $16711935; I32And; \
	G(R10); I32Const $8; I32Rotr; I32Const $-16711936; I32And; \
	I32Or; S(R10); \
	Get R13; I32WrapI64; G(R10); I32Store $(4*(I))

// W1(at, m3, m8, m14) sets R10 and w[i&15] (at bytes in) to
// rotl1(w[i-3] ^ w[i-8] ^ w[i-14] ^ w[i-16]), given their offsets.
#define W1(at, m3, m8, m14) \
	Get R13; I32WrapI64; I32Load $(m3); \
	Get R13; I32WrapI64; I32Load $(m8); I32Xor; \
	Get R13; I32WrapI64; I32Load $(m14); I32Xor; \
	Get R13; I32WrapI64; I32Load $(at); I32Xor; \
	I32Const $1; I32Rotl; S(R10); \
	Get R13; I32WrapI64; G(R10); I32Store $(at)

// The rounds' functions of b, c and d, and their constants (signed, as
// i32.const takes them).
#define F1(b, c, d) G(d); G(b); G(c); G(d); I32Xor; I32And; I32Xor
#define F2(b, c, d) G(b); G(c); I32Xor; G(d); I32Xor
#define F3(b, c, d) G(b); G(c); I32And; G(b); G(c); I32Or; G(d); I32And; I32Or
#define K1 $1518500249
#define K2 $1859775393
#define K3 $-1894007588
#define K4 $-899497514

// ROUND: e += rotl5(a) + f(b, c, d) + k + R10; b = rotl30(b).
#define ROUND(f, k, a, b, c, d, e) \
	G(a); I32Const $5; I32Rotl; \
	f(b, c, d); I32Add; \
	G(e); I32Add; I32Const k; I32Add; G(R10); I32Add; S(e); \
	G(b); I32Const $30; I32Rotl; S(b)

#define LOAD(r, off) Get R14; I32WrapI64; I64Load32U $(off); Set r
#define ADD(r, s) G(r); G(s); I32Add; S(r)
#define STORE(r, off) Get R14; I32WrapI64; Get r; I64Store32 $(off)

// func sha1Block(h *[5]uint32, w *[16]uint32, p []byte)
TEXT ·sha1Block(SB), NOSPLIT, $0-40
	MOVD h+0(FP), R14
	MOVD w+8(FP), R13
	MOVD p_base+16(FP), R12
	MOVD p_len+24(FP), R11
	Get R11; I64Const $-64; I64And; Get R12; I64Add; Set R11
	LOAD(R0, 0); LOAD(R1, 4); LOAD(R2, 8); LOAD(R3, 12); LOAD(R4, 16)

	Block
	Loop
		Get R12; Get R11; I64GeU; BrIf $1
		Get R0; Set R5; Get R1; Set R6; Get R2; Set R7; Get R3; Set R8; Get R4; Set R9
	W0(0); ROUND(F1, K1, R0, R1, R2, R3, R4)
	W0(1); ROUND(F1, K1, R4, R0, R1, R2, R3)
	W0(2); ROUND(F1, K1, R3, R4, R0, R1, R2)
	W0(3); ROUND(F1, K1, R2, R3, R4, R0, R1)
	W0(4); ROUND(F1, K1, R1, R2, R3, R4, R0)
	W0(5); ROUND(F1, K1, R0, R1, R2, R3, R4)
	W0(6); ROUND(F1, K1, R4, R0, R1, R2, R3)
	W0(7); ROUND(F1, K1, R3, R4, R0, R1, R2)
	W0(8); ROUND(F1, K1, R2, R3, R4, R0, R1)
	W0(9); ROUND(F1, K1, R1, R2, R3, R4, R0)
	W0(10); ROUND(F1, K1, R0, R1, R2, R3, R4)
	W0(11); ROUND(F1, K1, R4, R0, R1, R2, R3)
	W0(12); ROUND(F1, K1, R3, R4, R0, R1, R2)
	W0(13); ROUND(F1, K1, R2, R3, R4, R0, R1)
	W0(14); ROUND(F1, K1, R1, R2, R3, R4, R0)
	W0(15); ROUND(F1, K1, R0, R1, R2, R3, R4)
	W1(0, 52, 32, 8); ROUND(F1, K1, R4, R0, R1, R2, R3)
	W1(4, 56, 36, 12); ROUND(F1, K1, R3, R4, R0, R1, R2)
	W1(8, 60, 40, 16); ROUND(F1, K1, R2, R3, R4, R0, R1)
	W1(12, 0, 44, 20); ROUND(F1, K1, R1, R2, R3, R4, R0)
	W1(16, 4, 48, 24); ROUND(F2, K2, R0, R1, R2, R3, R4)
	W1(20, 8, 52, 28); ROUND(F2, K2, R4, R0, R1, R2, R3)
	W1(24, 12, 56, 32); ROUND(F2, K2, R3, R4, R0, R1, R2)
	W1(28, 16, 60, 36); ROUND(F2, K2, R2, R3, R4, R0, R1)
	W1(32, 20, 0, 40); ROUND(F2, K2, R1, R2, R3, R4, R0)
	W1(36, 24, 4, 44); ROUND(F2, K2, R0, R1, R2, R3, R4)
	W1(40, 28, 8, 48); ROUND(F2, K2, R4, R0, R1, R2, R3)
	W1(44, 32, 12, 52); ROUND(F2, K2, R3, R4, R0, R1, R2)
	W1(48, 36, 16, 56); ROUND(F2, K2, R2, R3, R4, R0, R1)
	W1(52, 40, 20, 60); ROUND(F2, K2, R1, R2, R3, R4, R0)
	W1(56, 44, 24, 0); ROUND(F2, K2, R0, R1, R2, R3, R4)
	W1(60, 48, 28, 4); ROUND(F2, K2, R4, R0, R1, R2, R3)
	W1(0, 52, 32, 8); ROUND(F2, K2, R3, R4, R0, R1, R2)
	W1(4, 56, 36, 12); ROUND(F2, K2, R2, R3, R4, R0, R1)
	W1(8, 60, 40, 16); ROUND(F2, K2, R1, R2, R3, R4, R0)
	W1(12, 0, 44, 20); ROUND(F2, K2, R0, R1, R2, R3, R4)
	W1(16, 4, 48, 24); ROUND(F2, K2, R4, R0, R1, R2, R3)
	W1(20, 8, 52, 28); ROUND(F2, K2, R3, R4, R0, R1, R2)
	W1(24, 12, 56, 32); ROUND(F2, K2, R2, R3, R4, R0, R1)
	W1(28, 16, 60, 36); ROUND(F2, K2, R1, R2, R3, R4, R0)
	W1(32, 20, 0, 40); ROUND(F3, K3, R0, R1, R2, R3, R4)
	W1(36, 24, 4, 44); ROUND(F3, K3, R4, R0, R1, R2, R3)
	W1(40, 28, 8, 48); ROUND(F3, K3, R3, R4, R0, R1, R2)
	W1(44, 32, 12, 52); ROUND(F3, K3, R2, R3, R4, R0, R1)
	W1(48, 36, 16, 56); ROUND(F3, K3, R1, R2, R3, R4, R0)
	W1(52, 40, 20, 60); ROUND(F3, K3, R0, R1, R2, R3, R4)
	W1(56, 44, 24, 0); ROUND(F3, K3, R4, R0, R1, R2, R3)
	W1(60, 48, 28, 4); ROUND(F3, K3, R3, R4, R0, R1, R2)
	W1(0, 52, 32, 8); ROUND(F3, K3, R2, R3, R4, R0, R1)
	W1(4, 56, 36, 12); ROUND(F3, K3, R1, R2, R3, R4, R0)
	W1(8, 60, 40, 16); ROUND(F3, K3, R0, R1, R2, R3, R4)
	W1(12, 0, 44, 20); ROUND(F3, K3, R4, R0, R1, R2, R3)
	W1(16, 4, 48, 24); ROUND(F3, K3, R3, R4, R0, R1, R2)
	W1(20, 8, 52, 28); ROUND(F3, K3, R2, R3, R4, R0, R1)
	W1(24, 12, 56, 32); ROUND(F3, K3, R1, R2, R3, R4, R0)
	W1(28, 16, 60, 36); ROUND(F3, K3, R0, R1, R2, R3, R4)
	W1(32, 20, 0, 40); ROUND(F3, K3, R4, R0, R1, R2, R3)
	W1(36, 24, 4, 44); ROUND(F3, K3, R3, R4, R0, R1, R2)
	W1(40, 28, 8, 48); ROUND(F3, K3, R2, R3, R4, R0, R1)
	W1(44, 32, 12, 52); ROUND(F3, K3, R1, R2, R3, R4, R0)
	W1(48, 36, 16, 56); ROUND(F2, K4, R0, R1, R2, R3, R4)
	W1(52, 40, 20, 60); ROUND(F2, K4, R4, R0, R1, R2, R3)
	W1(56, 44, 24, 0); ROUND(F2, K4, R3, R4, R0, R1, R2)
	W1(60, 48, 28, 4); ROUND(F2, K4, R2, R3, R4, R0, R1)
	W1(0, 52, 32, 8); ROUND(F2, K4, R1, R2, R3, R4, R0)
	W1(4, 56, 36, 12); ROUND(F2, K4, R0, R1, R2, R3, R4)
	W1(8, 60, 40, 16); ROUND(F2, K4, R4, R0, R1, R2, R3)
	W1(12, 0, 44, 20); ROUND(F2, K4, R3, R4, R0, R1, R2)
	W1(16, 4, 48, 24); ROUND(F2, K4, R2, R3, R4, R0, R1)
	W1(20, 8, 52, 28); ROUND(F2, K4, R1, R2, R3, R4, R0)
	W1(24, 12, 56, 32); ROUND(F2, K4, R0, R1, R2, R3, R4)
	W1(28, 16, 60, 36); ROUND(F2, K4, R4, R0, R1, R2, R3)
	W1(32, 20, 0, 40); ROUND(F2, K4, R3, R4, R0, R1, R2)
	W1(36, 24, 4, 44); ROUND(F2, K4, R2, R3, R4, R0, R1)
	W1(40, 28, 8, 48); ROUND(F2, K4, R1, R2, R3, R4, R0)
	W1(44, 32, 12, 52); ROUND(F2, K4, R0, R1, R2, R3, R4)
	W1(48, 36, 16, 56); ROUND(F2, K4, R4, R0, R1, R2, R3)
	W1(52, 40, 20, 60); ROUND(F2, K4, R3, R4, R0, R1, R2)
	W1(56, 44, 24, 0); ROUND(F2, K4, R2, R3, R4, R0, R1)
	W1(60, 48, 28, 4); ROUND(F2, K4, R1, R2, R3, R4, R0)
		ADD(R0, R5); ADD(R1, R6); ADD(R2, R7); ADD(R3, R8); ADD(R4, R9)
		Get R12; I64Const $64; I64Add; Set R12
		Br $0
	End
	End

	STORE(R0, 0); STORE(R1, 4); STORE(R2, 8); STORE(R3, 12); STORE(R4, 16)
	RET
