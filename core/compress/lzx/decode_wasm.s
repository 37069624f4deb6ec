// decodeItems: decodeBlock's loop (decode.go) written for WebAssembly.
// Go's js/wasm code generator sends every jump between basic blocks
// through a br_table dispatcher and keeps few values in locals; here the
// loop state lives in locals and control flow is wasm's own blocks.
// Registers are i64 locals:
//
//	R0 d            R5 out    R9  entry             R13 slot, then from
//	R1 src          R6 bits   R10 symbol, then end  R14 scratch, then to
//	R2 len(src)-16  R7 n      R11 match length      R15 result: 1 ok, 0 corrupt
//	R3 blk          R8 pos    R12 match offset
//	R4 len(blk)
//
// Every memory access takes an i32 address: pointers are wrapped.

#include "go_asm.h"
#include "textflag.h"

// REFILL is bitReader.refill's fast path: it needs pos+8 <= len(src).
// The shift by n must give 0 when n is 64; wasm's shift counts wrap.
#define REFILL \
	Get R1; Get R8; I64Add; I32WrapI64; I64Load $0; \
	I64Const $32; I64Rotl; Set R14; \
	Get R14; I64Const $16; I64ShrU; I64Const $0x0000ffff0000ffff; I64And; \
	Get R14; I64Const $0x0000ffff0000ffff; I64And; I64Const $16; I64Shl; \
	I64Or; Get R7; I64ShrU; \
	I64Const $0; \
	Get R7; I64Const $64; I64LtU; \
	Select; \
	Get R6; I64Or; Set R6; \
	I64Const $64; Get R7; I64Sub; I64Const $-16; I64And; Tee R14; \
	I64Const $3; I64ShrU; Get R8; I64Add; Set R8; \
	Get R7; Get R14; I64Add; Set R7

// CONSUME drops the entry's length (its low 4 bits), which R9 holds.
#define CONSUME \
	Get R6; Get R9; I64Const $15; I64And; I64Shl; Set R6; \
	Get R7; Get R9; I64Const $15; I64And; I64Sub; Set R7

// LOOKUP decodes a symbol's table entry into R9 from the table at field
// offset TABLE of d with ROOT root bits: a root entry at or past LIMIT
// points to a subtable.
#define LOOKUP(TABLE, ROOT, LIMIT) \
	Get R0; Get R6; I64Const $(64-ROOT); I64ShrU; I64Const $1; I64Shl; I64Add; \
	I32WrapI64; I64Load16U $TABLE; Set R9; \
	Get R9; I64Const $LIMIT; I64GeU; \
	If; \
		Get R6; I64Const $ROOT; I64Shl; Set R6; \
		Get R7; I64Const $ROOT; I64Sub; Set R7; \
		Get R0; \
		Get R9; I64Const $4; I64ShrU; \
		Get R6; I64Const $64; Get R9; I64Const $15; I64And; I64Sub; I64ShrU; \
		I64Add; I64Const $1; I64Shl; I64Add; \
		I32WrapI64; I64Load16U $TABLE; Set R9; \
	End; \
	CONSUME

// The recent offsets R0, R1, R2 in d.
#define REC0 $Decompressor_r
#define REC1 $(Decompressor_r+4)
#define REC2 $(Decompressor_r+8)

// func decodeItems(d *Decompressor, br *bitReader, blk []byte, out int) (next int, ok bool)
TEXT ·decodeItems(SB), NOSPLIT, $0-57
	MOVD d+0(FP), R0
	MOVD br+8(FP), R14
	Get R14; I32WrapI64; I64Load $bitReader_src; Set R1
	Get R14; I32WrapI64; I64Load $(bitReader_src+8); I64Const $16; I64Sub; Set R2
	Get R14; I32WrapI64; I64Load $bitReader_bits; Set R6
	Get R14; I32WrapI64; I64Load $bitReader_n; Set R7
	Get R14; I32WrapI64; I64Load $bitReader_pos; Set R8
	MOVD blk_base+16(FP), R3
	MOVD blk_len+24(FP), R4
	MOVD out+40(FP), R5
	I64Const $1; Set R15

	Block // exit
	Loop  // one item

	// Stop at the end of the block, or 16 bytes before the end of src:
	// an item refills at most twice, 8 bytes each.
	Get R5; Get R4; I64GeS; BrIf $1
	Get R8; Get R2; I64GtS; BrIf $1

	REFILL
	LOOKUP(Decompressor_mainTable, 10, 16384)

	// A literal.
	Get R9; I64Const $4096; I64LtU
	If
		Get R3; Get R5; I64Add; I32WrapI64
		Get R9; I64Const $4; I64ShrU
		I64Store8 $0
		Get R5; I64Const $1; I64Add; Set R5
		Br $1
	End

	// A match: length header and offset slot.
	Get R9; I64Const $4; I64ShrU; I64Const $256; I64Sub; Set R10
	Get R10; I64Const $7; I64And; I64Const $2; I64Add; Set R11
	Get R11; I64Const $9; I64Eq
	If
		LOOKUP(Decompressor_lenTable, 9, 8192)
		Get R11; Get R9; I64Const $4; I64ShrU; I64Add; Set R11
	End

	Get R10; I64Const $3; I64ShrU; Set R13
	Get R13; I64Eqz
	If
		Get R0; I32WrapI64; I64Load32U REC0; Set R12
	Else
	Get R13; I64Const $1; I64Eq
	If
		Get R0; I32WrapI64; I64Load32U REC1; Set R12
		Get R0; I32WrapI64; Get R0; I32WrapI64; I64Load32U REC0; I64Store32 REC1
	Else
	Get R13; I64Const $2; I64Eq
	If
		Get R0; I32WrapI64; I64Load32U REC2; Set R12
		Get R0; I32WrapI64; Get R0; I32WrapI64; I64Load32U REC0; I64Store32 REC2
	Else
		// Extra bits, and in aligned blocks an aligned symbol.
		Get R13; I64Const $63; I64And; Set R13
		Get R0; I32WrapI64; I64Load $Decompressor_extra
		Get R13; I64Add; I32WrapI64; I64Load8U $0; Set R14
		Get R6; I64Const $32; I64ShrU; I64Const $32; Get R14; I64Sub; I64ShrU; Set R12
		Get R6; Get R14; I64Shl; Set R6
		Get R7; Get R14; I64Sub; Set R7
		Get R13; Get R0; I32WrapI64; I64Load $Decompressor_alignedFrom; I64GeU
		If
			Get R7; I64Const $7; I64LtU
			If
				REFILL
			End
			Get R0; Get R6; I64Const $57; I64ShrU; I64Const $1; I64Shl; I64Add
			I32WrapI64; I64Load16U $Decompressor_alignedTable; Set R9
			CONSUME
			Get R12; I64Const $3; I64Shl; Get R9; I64Const $4; I64ShrU; I64Or; Set R12
		End
		MOVD $·slotBase(SB), R14
		Get R14; Get R13; I64Const $2; I64Shl; I64Add; I32WrapI64; I64Load32U $0
		Get R12; I64Add; I64Const $0xffffffff; I64And; Set R12
		Get R0; I32WrapI64; Get R0; I32WrapI64; I64Load32U REC1; I64Store32 REC2
		Get R0; I32WrapI64; Get R0; I32WrapI64; I64Load32U REC0; I64Store32 REC1
	End
	End
	End
	Get R0; I32WrapI64; Get R12; I64Store32 REC0

	// The offset must be in [1, out], the match within the block.
	Get R12; I64Const $1; I64Sub; Get R5; I64GeU
	Get R11; Get R4; Get R5; I64Sub; I64GtS
	I32Or
	If
		I64Const $0; Set R15
		Br $2
	End

	Get R3; Get R5; I64Add; Set R14
	Get R14; Get R12; I64Sub; Set R13
	Block // copied
		// Two word copies, maybe past the match: later output
		// overwrites the excess.
		Get R12; I64Const $8; I64GeU
		Get R5; I64Const $16; I64Add; Get R4; I64LeS
		I32And
		Get R11; I64Const $16; I64LeS
		I32And
		If
			Get R14; I32WrapI64; Get R13; I32WrapI64; I64Load $0; I64Store $0
			Get R14; I32WrapI64; Get R13; I32WrapI64; I64Load $8; I64Store $8
			Br $1
		End
		// Longer, with room for a word past the match: word copies,
		// each word read after the ones it overlaps were written.
		Get R14; Get R11; I64Add; Set R10
		Get R12; I64Const $8; I64GeU
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
		Get R12; Get R11; I64GeU
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

	MOVD br+8(FP), R14
	Get R14; I32WrapI64; Get R6; I64Store $bitReader_bits
	Get R14; I32WrapI64; Get R7; I64Store $bitReader_n
	Get R14; I32WrapI64; Get R8; I64Store $bitReader_pos
	Get SP; Get R5; I64Store next+48(FP)
	Get SP; Get R15; I64Store8 ok+56(FP)
	RET
