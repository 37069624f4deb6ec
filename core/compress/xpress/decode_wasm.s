// decodeItems: the easy items of Decompress's loop (xpress.go) written for
// WebAssembly. Go's js/wasm code generator sends every jump between basic
// blocks through a br_table dispatcher and keeps few values in locals;
// here the loop state lives in locals and control flow is wasm's own
// blocks. Registers are i64 locals:
//
//	R0 table        R5 out     R9  entry, then codeword length, then nbits
//	R1 src          R6 buf     R10 symbol, then offset bits, then end
//	R2 len(src)-4   R7 nbits   R11 match length   R13 pos, then from
//	R3 dst          R8 pos     R12 match offset   R14 buf, then to
//	R4 len(dst)                R15 scratch
//
// Every memory access takes an i32 address: pointers are wrapped.

#include "textflag.h"

// func decodeItems(table *[tableSize]uint16, src, dst []byte, buf uint64, nbits, pos, out int) (rbuf uint64, rnbits, rpos, rout int)
TEXT ·decodeItems(SB), NOSPLIT, $0-120
	MOVD table+0(FP), R0
	MOVD src_base+8(FP), R1
	MOVD src_len+16(FP), R2
	Get R2; I64Const $4; I64Sub; Set R2
	MOVD dst_base+32(FP), R3
	MOVD dst_len+40(FP), R4
	MOVD buf+56(FP), R6
	MOVD nbits+64(FP), R7
	MOVD pos+72(FP), R8
	MOVD out+80(FP), R5

	Block // exit
	Loop  // one item

	// Stop at the end of the output, 4 bytes before the end of src (a
	// refill loads 4), or past it.
	Get R5; Get R4; I64GeS; BrIf $1
	Get R8; Get R2; I64GtS; BrIf $1
	Get R7; I64Const $0; I64LtS; BrIf $1

	Get R7; I64Const $32; I64LtS
	If
		Get R1; Get R8; I64Add; I32WrapI64; I32Load $0; I32Const $16; I32Rotl; I64ExtendI32U
		I64Const $32; Get R7; I64Sub; I64Shl
		Get R6; I64Or; Set R6
		Get R7; I64Const $32; I64Add; Set R7
		Get R8; I64Const $4; I64Add; Set R8
	End

	Get R0; Get R6; I64Const $53; I64ShrU; I64Const $1; I64Shl; I64Add
	I32WrapI64; I64Load16U $0; Set R9
	Get R9; I64Const $32768; I64GeU
	If
		Get R0
		Get R9; I64Const $4; I64ShrU
		Get R6; I64Const $11; I64Shl; I64Const $64; Get R9; I64Const $15; I64And; I64Sub; I64ShrU
		I64Add; I64Const $1; I64Shl; I64Add
		I32WrapI64; I64Load16U $0; Set R9
	End
	Get R9; I64Const $4; I64ShrU; Set R10
	Get R9; I64Const $15; I64And; Set R9

	// A literal.
	Get R10; I64Const $256; I64LtU
	If
		Get R6; Get R9; I64Shl; Set R6
		Get R7; Get R9; I64Sub; Set R7
		Get R3; Get R5; I64Add; I32WrapI64; Get R10; I64Store8 $0
		Get R5; I64Const $1; I64Add; Set R5
		Br $1
	End

	// A match. Its state after it goes to R14 (buf), R9 (nbits) and
	// R13 (pos) until it is known to fit; if it does not, or its length
	// goes on in bytes too near the end of src, it is left to
	// Decompress's loop, unconsumed.
	Get R6; Get R9; I64Shl; Set R14
	Get R7; Get R9; I64Sub; Set R9
	Get R8; Set R13
	Get R10; I64Const $15; I64And; Tee R11; I64Const $15; I64Eq
	If
		// The length's bytes sit after the units that hold the next 16
		// to 31 bits; units loaded beyond those are given back. (R9 is
		// 17 or more: there were 32 bits before the symbol.)
		Get R9; I64Const $15; I64And; I64Const $16; I64Add; Set R15
		Get R9; Get R15; I64GtS
		If
			Get R13; Get R9; Get R15; I64Sub; I64Const $3; I64ShrU; I64Sub; Set R13
			Get R14; I64Const $-1; I64Const $64; Get R15; I64Sub; I64Shl; I64And; Set R14
			Get R15; Set R9
		End
		// Room for a byte and a 16-bit length after it.
		Get R13; Get R2; I64Const $1; I64Add; I64GtS; BrIf $2
		Get R1; Get R13; I64Add; I32WrapI64; I64Load8U $0; I64Const $15; I64Add; Set R11
		Get R13; I64Const $1; I64Add; Set R13
		Get R11; I64Const $270; I64Eq
		If
			Get R1; Get R13; I64Add; I32WrapI64; I64Load16U $0; Set R11
			Get R13; I64Const $2; I64Add; Set R13
		End
	End
	Get R11; I64Const $3; I64Add; Set R11
	Get R10; I64Const $4; I64ShrU; I64Const $15; I64And; Set R10
	I64Const $1; Get R10; I64Shl
	Get R14; I64Const $1; I64ShrU; I64Const $63; Get R10; I64Sub; I64ShrU
	I64Or; Set R12
	Get R12; Get R5; I64GtS
	Get R11; Get R4; Get R5; I64Sub; I64GtS
	I32Or; BrIf $1
	Get R14; Get R10; I64Shl; Set R6
	Get R9; Get R10; I64Sub; Set R7
	Get R13; Set R8

	Get R3; Get R5; I64Add; Set R14
	Get R14; Get R12; I64Sub; Set R13
	Get R14; Get R11; I64Add; Set R10
	Block // copied
		// With room for a word past the match: word copies, each word
		// read after the ones it overlaps were written. Later output
		// overwrites the excess.
		Get R12; I64Const $8; I64GeS
		Get R5; Get R11; I64Add; I64Const $8; I64Add; Get R4; I64LeS
		I32And
		If
			Loop
				Get R14; I32WrapI64; Get R13; I32WrapI64; I64Load $0; I64Store $0
				Get R13; I64Const $8; I64Add; Set R13
				Get R14; I64Const $8; I64Add; Tee R14
				Get R10; I64LtU
				BrIf $0
			End
			Br $1
		End
		Get R12; Get R11; I64GeS
		If
			Get R14; I32WrapI64; Get R13; I32WrapI64; Get R11; I32WrapI64
			MemoryCopy
			Br $1
		End
		// Overlapping: byte by byte, each byte copied before it is read.
		Loop
			Get R14; I32WrapI64
			Get R13; I32WrapI64; I64Load8U $0
			I64Store8 $0
			Get R13; I64Const $1; I64Add; Set R13
			Get R14; I64Const $1; I64Add; Tee R14
			Get R10; I64LtU
			BrIf $0
		End
	End
	Get R5; Get R11; I64Add; Set R5
	Br $0

	End // loop
	End // exit

	Get SP; Get R6; I64Store rbuf+88(FP)
	Get SP; Get R7; I64Store rnbits+96(FP)
	Get SP; Get R8; I64Store rpos+104(FP)
	Get SP; Get R5; I64Store rout+112(FP)
	RET
