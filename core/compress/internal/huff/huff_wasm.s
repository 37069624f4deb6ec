// huff_other.go's loops for WebAssembly, step by step. Registers are i64
// locals; every memory access takes an i32 address: pointers are wrapped.

#include "textflag.h"

// func Count(lens []uint8, count []int)
TEXT ·Count(SB), NOSPLIT, $0-48
	MOVD lens_base+0(FP), R0
	MOVD lens_len+8(FP), R1
	MOVD count_base+24(FP), R2
	Get R0; Get R1; I64Add; Set R1 // end
	Block
	Loop
		Get R0; Get R1; I64GeU; BrIf $1
		Get R2; Get R0; I32WrapI64; I64Load8U $0; I64Const $3; I64Shl; I64Add; Set R3
		Get R3; I32WrapI64; Get R3; I32WrapI64; I64Load $0; I64Const $1; I64Add; I64Store $0
		Get R0; I64Const $1; I64Add; Set R0
		Br $0
	End
	End
	RET

// func Sort(lens []uint8, next []int, sorted []uint16)
TEXT ·Sort(SB), NOSPLIT, $0-72
	MOVD lens_base+0(FP), R0
	MOVD lens_len+8(FP), R1
	MOVD next_base+24(FP), R2
	MOVD sorted_base+48(FP), R3
	I64Const $0; Set R4 // sym
	Block
	Loop
		Get R4; Get R1; I64GeS; BrIf $1
		Get R0; Get R4; I64Add; I32WrapI64; I64Load8U $0; Set R5
		Get R5; I64Eqz; I32Eqz
		If
			Get R2; Get R5; I64Const $3; I64Shl; I64Add; Set R6 // &next[l]
			Get R6; I32WrapI64; I64Load $0; Set R7
			Get R3; Get R7; I64Const $1; I64Shl; I64Add; I32WrapI64; Get R4; I64Store16 $0
			Get R6; I32WrapI64; Get R7; I64Const $1; I64Add; I64Store $0
		End
		Get R4; I64Const $1; I64Add; Set R4
		Br $0
	End
	End
	RET

// func FillRoot(table, sorted []uint16, count []int, rootBits uint) (placed, filled int)
TEXT ·FillRoot(SB), NOSPLIT, $0-96
	MOVD table_base+0(FP), R0
	MOVD sorted_base+24(FP), R1
	MOVD count_base+48(FP), R2
	MOVD rootBits+72(FP), R3
	I64Const $0; Set R4 // placed
	I64Const $0; Set R5 // filled
	I64Const $1; Set R6 // l
	Block
	Loop
		Get R6; Get R3; I64GtU; BrIf $1
		I64Const $1; Get R3; Get R6; I64Sub; I64Shl; Set R7 // step
		Get R2; Get R6; I64Const $3; I64Shl; I64Add; I32WrapI64; I64Load $0; Set R8 // count[l]
		Block
		Loop
			Get R8; I64Const $0; I64LeS; BrIf $1
			Get R1; Get R4; I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0
			I64Const $4; I64Shl; Get R6; I64Or; Set R9 // the entry
			Get R0; Get R5; I64Const $1; I64Shl; I64Add; Set R10
			// A codeword's 2^k entries start at a multiple of 2^k: fill
			// them 4 a store when there are 4 or more.
			Get R7; I64Const $4; I64GeU
			If
				Get R9; I64Const $0x0001000100010001; I64Mul; Set R9
				Get R10; Get R7; I64Const $1; I64Shl; I64Add; Set R11
				Loop
					Get R10; I32WrapI64; Get R9; I64Store $0
					Get R10; I64Const $8; I64Add; Tee R10
					Get R11; I64LtU; BrIf $0
				End
			Else
				Get R7; I64Const $2; I64Eq
				If
					Get R10; I32WrapI64; Get R9; Get R9; I64Const $16; I64Shl; I64Or; I64Store32 $0
				Else
					Get R10; I32WrapI64; Get R9; I64Store16 $0
				End
			End
			Get R5; Get R7; I64Add; Set R5
			Get R4; I64Const $1; I64Add; Set R4
			Get R8; I64Const $1; I64Sub; Set R8
			Br $0
		End
		End
		Get R6; I64Const $1; I64Add; Set R6
		Br $0
	End
	End
	Get SP; Get R4; I64Store placed+80(FP)
	Get SP; Get R5; I64Store filled+88(FP)
	RET
