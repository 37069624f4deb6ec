// builder.lengths' three steps (huffman_other.go) for WebAssembly, step by
// step the Go code's. Registers are i64 locals; every memory access takes
// an i32 address: pointers are wrapped.

#include "textflag.h"

// ADDR4(B, I) pushes the address of the 4-byte element I of B.
#define ADDR4(B, I) Get B; Get I; I64Const $2; I64Shl; I64Add; I32WrapI64

// PICK takes the lower of leaf keys[i] (R4) and node[lo] (R5), a leaf on a
// tie, into the sum R7, and makes e (R6) node lo's parent.
#define PICK \
	ADDR4(R0, R4); I64Load32U $0; I64Const $10; I64ShrU; Set R8; \
	ADDR4(R1, R5); I64Load32U $0; Set R9; \
	Get R8; Get R9; I64LeU; I64ExtendI32U; Set R10; \
	Get R7; Get R8; Get R9; Get R10; I32WrapI64; Select; I64Add; Set R7; \
	Get R3; Get R5; I64Const $1; I64Shl; I64Add; I32WrapI64; Get R6; I64Store16 $0; \
	Get R4; Get R10; I64Add; Set R4; \
	Get R5; I64Const $1; I64Add; Get R10; I64Sub; Set R5

// func mergeNodes(keys, node []uint32, parent []uint16)
TEXT ·mergeNodes(SB), NOSPLIT, $0-72
	MOVD keys_base+0(FP), R0
	MOVD node_base+24(FP), R1
	MOVD node_len+32(FP), R2
	MOVD parent_base+48(FP), R3
	I64Const $0; Set R4 // i
	I64Const $0; Set R5 // lo
	I64Const $0; Set R6 // e

	Block
	Loop
		Get R6; Get R2; I64GeS; BrIf $1
		ADDR4(R1, R6); I64Const $0xffffffff; I64Store32 $0
		ADDR4(R0, R4); I64Load32U $4; I64Const $10; I64ShrU; Set R8
		ADDR4(R1, R5); I64Load32U $0; Set R9
		Get R8; Get R9; I64LeU
		If
			// Two leaves.
			ADDR4(R1, R6)
			ADDR4(R0, R4); I64Load32U $0; I64Const $10; I64ShrU; Get R8; I64Add
			I64Store32 $0
			Get R4; I64Const $2; I64Add; Set R4
			Get R6; I64Const $1; I64Add; Set R6
			Br $1
		End
		I64Const $0; Set R7
		PICK
		PICK
		ADDR4(R1, R6); Get R7; I64Store32 $0
		Get R6; I64Const $1; I64Add; Set R6
		Br $0
	End
	End
	RET

// DEPTH pushes node[parent[k]]+1 for k in R5.
#define DEPTH \
	Get R0; Get R2; Get R5; I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0; I64Const $2; I64Shl; I64Add; I32WrapI64; \
	I64Load32U $0; I64Const $1; I64Add

// func nodeDepths(node []uint32, parent []uint16, count *[maxCodewordLen + 1]uint32) int
TEXT ·nodeDepths(SB), NOSPLIT, $0-64
	MOVD node_base+0(FP), R0
	MOVD node_len+8(FP), R1
	MOVD parent_base+24(FP), R2
	MOVD count+48(FP), R3
	Get R3; I32WrapI64; I64Const $2; I64Store32 $4 // count[1]
	Get R1; I64Const $1; I64Sub; Set R4            // the root
	ADDR4(R0, R4); I64Const $0; I64Store32 $0
	Get R4; I64Const $1; I64Sub; Set R5 // k

	Block
	Loop
		Get R5; I64Const $0; I64LtS; BrIf $1
		DEPTH; Set R6 // d
		Get R6; I64Const $15; I64GeU; BrIf $1
		Get R5; Set R7 // the run's start
		Block
		Loop
			Get R5; I64Const $0; I64LtS; BrIf $1
			DEPTH; Get R6; I64Ne; BrIf $1
			ADDR4(R0, R5); Get R6; I64Store32 $0
			Get R5; I64Const $1; I64Sub; Set R5
			Br $0
		End
		End
		Get R7; Get R5; I64Sub; Set R8
		ADDR4(R3, R6); ADDR4(R3, R6); I64Load32U $0; Get R8; I64Sub; I64Store32 $0
		ADDR4(R3, R6); ADDR4(R3, R6); I64Load32U $4; Get R8; I64Const $1; I64Shl; I64Add; I64Store32 $4
		Br $0
	End
	End
	Get SP; Get R5; I64Store ret+56(FP)
	RET

// func assignLengths(keys []uint32, lens []uint8, count *[maxCodewordLen + 1]uint32)
TEXT ·assignLengths(SB), NOSPLIT, $0-56
	MOVD keys_base+0(FP), R0
	MOVD lens_base+24(FP), R1
	MOVD count+48(FP), R2
	I64Const $15; Set R3 // l

	Block
	Loop
		Get R3; I64Eqz; BrIf $1
		ADDR4(R2, R3); I64Load32U $0; Set R4
		Block
		Loop
			Get R4; I64Eqz; BrIf $1
			Get R1; Get R0; I32WrapI64; I64Load32U $0; I64Const $1023; I64And; I64Add; I32WrapI64
			Get R3; I64Store8 $0
			Get R0; I64Const $4; I64Add; Set R0
			Get R4; I64Const $1; I64Sub; Set R4
			Br $0
		End
		End
		Get R3; I64Const $1; I64Sub; Set R3
		Br $0
	End
	End
	RET

// ADDR2(B, I) pushes the address of the 2-byte element I of B.
#define ADDR2(B, I) Get B; Get I; I64Const $1; I64Shl; I64Add; I32WrapI64

// MINLAST sets R7 to min(R6, R4).
#define MINLAST Get R6; Get R4; Get R6; Get R4; I64LtU; Select; Set R7

// func countSort(freqs []uint32, start []uint16, keys []uint32) int
TEXT ·countSort(SB), NOSPLIT, $0-80
	MOVD freqs_base+0(FP), R0
	MOVD freqs_len+8(FP), R1
	MOVD start_base+24(FP), R2
	MOVD keys_base+48(FP), R3
	Get R1; I64Const $1; I64Sub; Set R4 // the last bucket

	I64Const $0; Set R5
	Block
	Loop
		Get R5; Get R1; I64GeS; BrIf $1
		ADDR2(R2, R5); I64Const $0; I64Store16 $0
		Get R5; I64Const $1; I64Add; Set R5
		Br $0
	End
	End

	I64Const $0; Set R5
	Block
	Loop
		Get R5; Get R1; I64GeS; BrIf $1
		ADDR4(R0, R5); I64Load32U $0; Set R6
		MINLAST
		ADDR2(R2, R7); ADDR2(R2, R7); I64Load16U $0; I64Const $1; I64Add; I64Store16 $0
		Get R5; I64Const $1; I64Add; Set R5
		Br $0
	End
	End

	I64Const $0; Set R5
	I64Const $0; Set R6 // the sum
	Block
	Loop
		Get R5; Get R1; I64GeS; BrIf $1
		ADDR2(R2, R5); I64Load16U $0; Set R8
		ADDR2(R2, R5); Get R6; I64Store16 $0
		Get R6; Get R8; I64Add; Set R6
		Get R5; I64Const $1; I64Add; Set R5
		Br $0
	End
	End
	ADDR2(R2, R4); I64Load16U $0; Set R9 // where the last bucket begins

	I64Const $0; Set R5
	Block
	Loop
		Get R5; Get R1; I64GeS; BrIf $1
		ADDR4(R0, R5); I64Load32U $0; Set R6
		MINLAST
		ADDR2(R2, R7); I64Load16U $0; Set R8
		ADDR4(R3, R8); Get R6; I64Const $10; I64Shl; Get R5; I64Or; I64Store32 $0
		ADDR2(R2, R7); Get R8; I64Const $1; I64Add; I64Store16 $0
		Get R5; I64Const $1; I64Add; Set R5
		Br $0
	End
	End
	Get SP; Get R9; I64Store ret+72(FP)
	RET
