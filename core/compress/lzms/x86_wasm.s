// undoX86Loop: undoX86's loop (x86.go) for WebAssembly, step by step the
// Go code's. Registers are i64 locals:
//
//	R0 data       R5 lastX86   R10 at, where the operand is
//	R1 len-16     R6 flags     R11 scratch
//	R2 p          R7 opcode    R12 target
//	R3 last       R8 n         R13 the instruction's last byte
//	R4 base       R9 maxTrans  R14 its slot in last
//
// Every memory access takes an i32 address: pointers are wrapped.

#include "textflag.h"

// ZERO adds to R6 the top bit of each byte of R11 that is zero.
#define ZERO \
	Get R6; \
	Get R11; I64Const $0x0101010101010101; I64Sub; Get R11; I64Const $-1; I64Xor; I64And; \
	I64Const $-9187201950435737472; I64And; \
	I64Or; Set R6

// BYTE(K) pushes data[p+K].
#define BYTE(K) Get R0; Get R2; I64Add; I32WrapI64; I64Load8U $K

// func undoX86Loop(data []byte, last *[65536]int32, base, p, lastX86 int) (int, int)
TEXT ·undoX86Loop(SB), NOSPLIT, $0-72
	MOVD data_base+0(FP), R0
	MOVD data_len+8(FP), R1
	Get R1; I64Const $16; I64Sub; Set R1
	MOVD last+24(FP), R3
	MOVD base+32(FP), R4
	MOVD p+40(FP), R2
	MOVD lastX86+48(FP), R5

	Block // exit
	Loop
		Get R2; Get R1; I64GeS; BrIf $1

		// opcodeBytes of the next 8 bytes.
		Get R0; Get R2; I64Add; I32WrapI64; I64Load $0; Set R7
		I64Const $0; Set R6
		Get R7; I64Const $-289360691352306693; I64And; I64Const $0x4848484848484848; I64Xor; Set R11
		ZERO
		Get R7; I64Const $-72340172838076674; I64And; I64Const $-1663823975275763480; I64Xor; Set R11
		ZERO
		Get R7; I64Const $-1085102592571150096; I64Xor; Set R11
		ZERO
		Get R7; I64Const $-1; I64Xor; Set R11
		ZERO
		Get R6; I64Eqz
		If
			Get R2; I64Const $8; I64Add; Set R2
			Br $1
		End
		Get R2; Get R6; I64Ctz; I64Const $3; I64ShrU; I64Add; Set R2
		Get R2; Get R1; I64GeS; BrIf $1

		BYTE(0); Set R7
		I64Const $0; Set R8
		I64Const $1023; Set R9
		Block // decided: n (0 for none) and maxTrans
			Get R7; I64Const $0xFF; I64Eq
			If // call [rip+disp32]
				BYTE(1); I64Const $0x15; I64Eq
				If
					I64Const $2; Set R8
				End
				Br $1
			End
			Get R7; I64Const $0xF0; I64Eq
			If // lock add [rip+disp32], imm8
				BYTE(1); I64Const $0x83; I64Eq
				BYTE(2); I64Const $0x05; I64Eq
				I32And
				If
					I64Const $3; Set R8
				End
				Br $1
			End
			Get R7; I64Const $0x4C; I64LeU
			If // REX.W, then LEA or MOV, RIP-relative
				BYTE(2); Set R11
				BYTE(1); I64Const $0x8D; I64Eq
				BYTE(1); I64Const $0x8B; I64Eq
				Get R7; I64Const $4; I64And; I64Eqz; I32And
				Get R11; I64Const $0xF0; I64And; I64Eqz; I32And
				I32Or
				Get R11; I64Const $7; I64And; I64Const $5; I64Eq
				I32And
				If
					I64Const $3; Set R8
				End
				Br $1
			End
			Get R7; I64Const $0xE8; I64Eq
			If // call rel32
				I64Const $1; Set R8
				I64Const $511; Set R9
				Br $1
			End
			// jmp rel32: its operand skipped.
			Get R2; I64Const $5; I64Add; Set R2
			Br $1
		End
		Get R8; I64Eqz
		If
			Get R2; I64Const $1; I64Add; Set R2
			Br $1
		End

		Get R2; Get R8; I64Add; Set R10
		Get R2; Get R5; I64Sub; Get R9; I64LeS
		If
			Get R0; Get R10; I64Add; I32WrapI64
			Get R0; Get R10; I64Add; I32WrapI64; I64Load32U $0; Get R2; I64Sub
			I64Store32 $0
		End
		Get R2; Get R0; Get R10; I64Add; I32WrapI64; I64Load16U $0; I64Add; I64Const $0xffff; I64And; Set R12
		Get R10; I64Const $3; I64Add; Set R13
		Get R3; Get R12; I64Const $2; I64Shl; I64Add; Set R14
		Get R14; I32WrapI64; I64Load32S $0; Get R4; Get R13; I64Add; I64GtS
		If
			Get R13; Set R5
		End
		Get R14; I32WrapI64; Get R4; Get R13; I64Add; I64Const $65536; I64Add; I64Store32 $0
		Get R10; I64Const $4; I64Add; Set R2
		Br $0
	End
	End

	Get SP; Get R2; I64Store ret+56(FP)
	Get SP; Get R5; I64Store ret1+64(FP)
	RET
