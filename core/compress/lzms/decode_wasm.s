// decodeItems: decode's item loop (lzms.go) written for WebAssembly. Go's
// js/wasm code generator sends every jump between basic blocks through a
// br_table dispatcher and keeps few values in locals; here the coders'
// state lives in locals and control flow is wasm's own blocks. The
// decision states, repeat queues and the previous item's kind stay in
// d.st, and the result slot doubles as the flag that a code is due for a
// rebuild. Every memory access takes an i32 address: pointers are wrapped.

#include "go_asm.h"
#include "textflag.h"

// Registers, all i64 locals.
#define D R0      // d
#define IN R1     // the chunk
#define DST R2    // the output
#define POS R3    // in it
#define BITS R4   // bit reader: window
#define USED R5   //   bits of it consumed
#define BOFF R6   //   its offset in IN
#define RNG R7    // range decoder: range
#define RC R8     //   code
#define RPOS R9   //   next unit
#define BIT R10   // the last decision; scratch
#define PA R11    // a decision's probability, a table; scratch
#define X R12     // a decoded symbol; scratch
#define KIND R13  // match kind: 0 LZ, 1 delta; then scratch
#define SRC R14   // match source; first whether it is late
#define LEN R15   // match length; before it, scratch

#define ST Decompressor_st
#define DSTLEN I64Load dst_len+16(FP)

// NORMALIZE is normalize; the caller has checked that RPOS+2 <= len(in).
#define NORMALIZE \
	Get RNG; I64Const $0x10000; I64LtU; \
	If; \
		Get RNG; I64Const $16; I64Shl; Set RNG; \
		Get RC; I64Const $16; I64Shl; I64Const $0xffffffff; I64And; \
		Get IN; Get RPOS; I64Add; I32WrapI64; I64Load16U $0; I64Or; Set RC; \
		Get RPOS; I64Const $2; I64Add; Set RPOS; \
	End

// DECODEBIT is decodeBit, without branches, for the probability at
// PA+OFF; the decision goes to BIT.
#define DECODEBIT(OFF) \
	Get PA; I32WrapI64; I64Load32U $(OFF+prob_zeros); Set X; \
	Get X; Get X; I64Const $1; I64Sub; I64Const $63; I64ShrU; I64Add; Set X; \
	Get X; Get X; I64Const $6; I64ShrU; I64Sub; Get RNG; I64Const $6; I64ShrU; I64Mul; Set X; \
	Get RC; Get X; I64GeU; I64ExtendI32U; Set BIT; \
	Get PA; I32WrapI64; \
	Get PA; I32WrapI64; I64Load32U $(OFF+prob_zeros); \
	Get PA; I32WrapI64; I64Load $(OFF+prob_recent); I64Const $63; I64ShrU; I64Add; Get BIT; I64Sub; \
	I64Store32 $(OFF+prob_zeros); \
	Get PA; I32WrapI64; \
	Get PA; I32WrapI64; I64Load $(OFF+prob_recent); I64Const $1; I64Shl; Get BIT; I64Or; \
	I64Store $(OFF+prob_recent); \
	Get RNG; Get X; I64Sub; Get X; Get BIT; I32WrapI64; Select; Set RNG; \
	Get RC; Get X; I64Const $0; Get BIT; I64Sub; I64And; I64Sub; Set RC

// STEP shifts BIT into the decision state at AT+OFF, keeping MASK.
#define STEP(AT, OFF, MASK) \
	Get AT; I32WrapI64; \
	Get AT; I32WrapI64; I64Load32U $OFF; I64Const $1; I64Shl; Get BIT; I64Or; I64Const $MASK; I64And; \
	I64Store32 $OFF

// PROB points PA at the probability that the decision state at AT+OFF
// picks in a table whose entries start at BASE.
#define PROB(AT, OFF, BASE) \
	Get AT; I32WrapI64; I64Load32U $OFF; I64Const $prob__size; I64Mul; Get BASE; I64Add; Set PA

// REFILL is refill's first case: the caller has checked that the window
// stays within IN.
#define REFILL \
	Get BOFF; Get USED; I64Const $4; I64ShrU; I64Const $1; I64Shl; I64Sub; Set BOFF; \
	Get USED; I64Const $15; I64And; Set USED; \
	Get IN; Get BOFF; I64Add; I32WrapI64; I64Load $0; Get USED; I64Shl; Set BITS

// CONSUME drops N bits, N a local.
#define CONSUME(N) \
	Get BITS; Get N; I64Shl; Set BITS; \
	Get USED; Get N; I64Add; Set USED

// DECODESYM is decodeSym into X for the code at field HC of the
// Decompressor at AT, with TB root bits, consuming its codeword.
#define DECODESYM(AT, HC, TB) \
	Get AT; I32WrapI64; I64Load $(HC+huffCode_table); Set PA; \
	Get PA; Get BITS; I64Const $(64-TB); I64ShrU; I64Const $1; I64Shl; I64Add; \
	I32WrapI64; I64Load16U $0; Set X; \
	Get X; I64Const $(1<<(TB+4)); I64GeU; \
	If; \
		Get BITS; I64Const $TB; I64Shl; Set BITS; \
		Get USED; I64Const $TB; I64Add; Set USED; \
		Get PA; \
		Get X; I64Const $4; I64ShrU; \
		Get BITS; I64Const $64; Get X; I64Const $15; I64And; I64Sub; I64ShrU; \
		I64Add; I64Const $1; I64Shl; I64Add; I32WrapI64; I64Load16U $0; Set X; \
	End; \
	Get BITS; Get X; I64Const $15; I64And; I64Shl; Set BITS; \
	Get USED; Get X; I64Const $15; I64And; I64Add; Set USED; \
	Get X; I64Const $4; I64ShrU; Set X

// COUNT is count for symbol X; a countdown run out sets the result to
// itemsRebuild.
#define COUNT(AT, HC) \
	Get AT; I32WrapI64; I64Load $(HC+huffCode_freqs); Get X; I64Const $2; I64Shl; I64Add; Set PA; \
	Get PA; I32WrapI64; Get PA; I32WrapI64; I64Load32U $0; I64Const $1; I64Add; I64Store32 $0; \
	Get AT; I32WrapI64; I64Load $(HC+huffCode_untilNext); I64Const $1; I64Sub; Set PA; \
	Get AT; I32WrapI64; Get PA; I64Store $(HC+huffCode_untilNext); \
	Get PA; I64Eqz; \
	If; Get SP; I64Const $const_itemsRebuild; I64Store ret+56(FP); End

// SLOT turns the slot X of the table TAB into its value, base plus extra
// bits, in OUT. Go adds them as uint32s, but no sum reaches 2^31.
#define SLOT(TAB, OUT) \
	MOVD $TAB(SB), PA; \
	Get PA; Get X; I64Const $slot__size; I64Mul; I64Add; Set PA; \
	Get PA; I32WrapI64; I64Load32U $slot_extra; Set X; \
	Get PA; I32WrapI64; I64Load32U $slot_base; \
	Get BITS; I64Const $1; I64ShrU; I64Const $63; Get X; I64Sub; I64ShrU; \
	I64Add; Set OUT; \
	CONSUME(X)

// KINDAT pushes d plus the match kind times STRIDE.
#define KINDAT(STRIDE) Get KIND; I64Const $(STRIDE); I64Mul; Get D; I64Add

// func decodeItems(d *Decompressor, dst, in []byte) int
TEXT ·decodeItems(SB), NOSPLIT, $0-64
	MOVD d+0(FP), D
	MOVD dst_base+8(FP), DST
	MOVD in_base+32(FP), IN
	Get D; I32WrapI64; I64Load32U $(ST+state_rng); Set RNG
	Get D; I32WrapI64; I64Load32U $(ST+state_code); Set RC
	Get D; I32WrapI64; I64Load $(ST+state_rpos); Set RPOS
	Get D; I32WrapI64; I64Load $(ST+state_bits); Set BITS
	Get D; I32WrapI64; I64Load $(ST+state_used); Set USED
	Get D; I32WrapI64; I64Load $(ST+state_boff); Set BOFF
	Get D; I32WrapI64; I64Load $(ST+state_pos); Set POS
	Get SP; I64Const $const_itemsLeft; I64Store ret+56(FP)

	Block // exit
	Loop  // one item

	// Stop at the end of the output, where an item could reach past the
	// units of the range decoder (it normalizes up to five times), or
	// where the bit reader could reach before the chunk (it refills up
	// to three times, each moving back at most 6 bytes).
	Get POS; DSTLEN; I64GeS; BrIf $1
	Get RPOS; I64Load in_len+40(FP); I64Const $10; I64Sub; I64GtS; BrIf $1
	Get BOFF; I64Const $18; I64LtS; BrIf $1

	NORMALIZE
	PROB(D, ST+state_mainSt, D)
	DECODEBIT(Decompressor_probs+probs_main)
	STEP(D, ST+state_mainSt, 15)

	// A literal.
	Get BIT; I64Eqz
	If
		REFILL
		DECODESYM(D, Decompressor_literal, const_literalTableBits)
		Get DST; Get POS; I64Add; I32WrapI64; Get X; I64Store8 $0
		Get POS; I64Const $1; I64Add; Set POS
		Get D; I32WrapI64; I64Const $0; I64Store32 $(ST+state_prevMatch)
		COUNT(D, Decompressor_literal)
		I64Load ret+56(FP); I32WrapI64; BrIf $2
		Br $1
	End

	// A match: LZ or delta, and whether its source is late, as in
	// decode.
	NORMALIZE
	PROB(D, ST+state_matchSt, D)
	DECODEBIT(Decompressor_probs+probs_match)
	STEP(D, ST+state_matchSt, 31)
	Get BIT; Set KIND
	Get D; I32WrapI64; I64Load32U $(ST+state_prevMatch); Get KIND; I64Const $1; I64Add; I64Eq
	I64ExtendI32U; Set SRC
	Get D; I32WrapI64; Get KIND; I64Const $1; I64Add; I64Store32 $(ST+state_prevMatch)

	// Explicit or repeated source.
	NORMALIZE
	KINDAT(4); Set LEN
	KINDAT(64*prob__size); Set X
	PROB(LEN, ST+state_kindSt, X)
	DECODEBIT(Decompressor_probs+probs_kind)
	STEP(LEN, ST+state_kindSt, 63)
	Get BIT; I64Eqz
	If
		// Explicit: a delta match's power, then the offset's slot.
		I64Const $0; Set SRC
		Get KIND; I32WrapI64
		If
			REFILL
			DECODESYM(D, Decompressor_deltaPower, const_deltaPowerTableBits)
			COUNT(D, Decompressor_deltaPower)
			Get X; I64Const $32; I64Shl; Set SRC
		End
		REFILL
		KINDAT(huffCode__size); Set LEN
		DECODESYM(LEN, Decompressor_offset, const_offsetTableBits)
		COUNT(LEN, Decompressor_offset)
		SLOT(·offsetSlots, LEN)
		Get SRC; Get LEN; I64Or; Set SRC
		KINDAT(32); Set LEN
		Get LEN; I32WrapI64; Get LEN; I32WrapI64; I64Load $(ST+state_reps+16); I64Store $(ST+state_reps+24)
		Get LEN; I32WrapI64; Get LEN; I32WrapI64; I64Load $(ST+state_reps+8); I64Store $(ST+state_reps+16)
		Get LEN; I32WrapI64; Get LEN; I32WrapI64; I64Load $(ST+state_reps); I64Store $(ST+state_reps+8)
	Else
		// Repeat: index 1 + the second decision if the first is 1,
		// else 0; plus whether the queue's front is late (in SRC).
		NORMALIZE
		KINDAT(8); Set LEN
		KINDAT(2*64*prob__size); Set X
		PROB(LEN, ST+state_repSt, X)
		DECODEBIT(Decompressor_probs+probs_rep)
		STEP(LEN, ST+state_repSt, 63)
		Get BIT; I32WrapI64
		If
			NORMALIZE
			KINDAT(2*64*prob__size); Set X
			PROB(LEN, ST+state_repSt+4, X)
			DECODEBIT(Decompressor_probs+probs_rep+64*prob__size)
			STEP(LEN, ST+state_repSt+4, 63)
			Get SRC; Get BIT; I64Add; I64Const $1; I64Add; Set SRC
		End
		// Take source i (SRC) out of the queue, moving the ones
		// before it back.
		KINDAT(32); Get SRC; I64Const $8; I64Mul; I64Add; Set LEN
		Get LEN; I32WrapI64; I64Load $(ST+state_reps); Set X
		Block
		Loop
			Get SRC; I64Eqz; BrIf $1
			Get LEN; I32WrapI64; Get LEN; I32WrapI64; I64Load $(ST+state_reps-8); I64Store $(ST+state_reps)
			Get LEN; I64Const $8; I64Sub; Set LEN
			Get SRC; I64Const $1; I64Sub; Set SRC
			Br $0
		End
		End
		Get X; Set SRC
	End
	KINDAT(32); I32WrapI64; Get SRC; I64Store $(ST+state_reps)

	// The length.
	REFILL
	DECODESYM(D, Decompressor_length, const_lengthTableBits)
	COUNT(D, Decompressor_length)
	SLOT(·lengthSlots, LEN)

	Get LEN; DSTLEN; Get POS; I64Sub; I64GtU
	If
		Get SP; I64Const $const_itemsPastEnd; I64Store ret+56(FP)
		Br $2
	End
	Get KIND; I64Eqz
	If
		// An LZ match, SRC back.
		Get SRC; Get POS; I64GtU
		If
			Get SP; I64Const $const_itemsBeforeStart; I64Store ret+56(FP)
			Br $3
		End
		Get DST; Get POS; I64Add; Set KIND // to
		Get KIND; Get SRC; I64Sub; Set PA  // from
		Block // copied
			// Short: two words, maybe past the match, which later
			// items overwrite; words at least 8 apart never overlap.
			Get SRC; I64Const $8; I64GeU
			Get LEN; I64Const $16; I64LeU
			I32And
			Get POS; I64Const $16; I64Add; DSTLEN; I64LeS
			I32And
			If
				Get KIND; I32WrapI64; Get PA; I32WrapI64; I64Load $0; I64Store $0
				Get KIND; I32WrapI64; Get PA; I32WrapI64; I64Load $8; I64Store $8
				Br $1
			End
			Get SRC; Get LEN; I64GeU
			If
				Get KIND; I32WrapI64; Get PA; I32WrapI64; Get LEN; I32WrapI64
				MemoryCopy
				Br $1
			End
			// Overlapping: the copied span repeats with period SRC.
			// A short one byte by byte; a long one in copies that
			// each double the span.
			Get KIND; Get LEN; I64Add; Set X // end
			Get LEN; I64Const $16; I64LeU
			If
				Loop
					Get KIND; I32WrapI64
					Get KIND; Get SRC; I64Sub; I32WrapI64; I64Load8U $0
					I64Store8 $0
					Get KIND; I64Const $1; I64Add; Tee KIND
					Get X; I64LtU
					BrIf $0
				End
				Br $1
			End
			Loop
				Get KIND; Get PA; I64Sub; Set BIT
				Get X; Get KIND; I64Sub; Set SRC
				Get KIND; I32WrapI64; Get PA; I32WrapI64
				Get BIT; Get SRC; Get BIT; Get SRC; I64LtU; Select; Tee BIT
				I32WrapI64; MemoryCopy
				Get KIND; Get BIT; I64Add; Tee KIND
				Get X; I64LtU
				BrIf $0
			End
		End
	Else
		// A delta match: power, span and offset.
		Get SRC; I64Const $32; I64ShrU; Set X
		I64Const $1; Get X; I64Shl; Set PA
		Get SRC; I64Const $0xffffffff; I64And; Get X; I64Shl; Set SRC
		Get SRC; Get PA; I64Add; Get POS; I64GtU
		If
			Get SP; I64Const $const_itemsDeltaBeforeStart; I64Store ret+56(FP)
			Br $3
		End
		Get DST; Get POS; I64Add; Set KIND // to
		Get KIND; Get LEN; I64Add; Set X   // end
		Block
		Loop
			Get KIND; Get X; I64GeU; BrIf $1
			Get KIND; I32WrapI64
			Get KIND; Get SRC; I64Sub; I32WrapI64; I64Load8U $0
			Get KIND; Get PA; I64Sub; I32WrapI64; I64Load8U $0
			I64Add
			Get KIND; Get SRC; I64Sub; Get PA; I64Sub; I32WrapI64; I64Load8U $0
			I64Sub
			I64Store8 $0
			Get KIND; I64Const $1; I64Add; Set KIND
			Br $0
		End
		End
	End
	Get POS; Get LEN; I64Add; Set POS
	I64Load ret+56(FP); I32WrapI64; BrIf $1
	Br $0

	End // loop
	End // exit

	Get D; I32WrapI64; Get RNG; I64Store32 $(ST+state_rng)
	Get D; I32WrapI64; Get RC; I64Store32 $(ST+state_code)
	Get D; I32WrapI64; Get RPOS; I64Store $(ST+state_rpos)
	Get D; I32WrapI64; Get BITS; I64Store $(ST+state_bits)
	Get D; I32WrapI64; Get USED; I64Store $(ST+state_used)
	Get D; I32WrapI64; Get BOFF; I64Store $(ST+state_boff)
	Get D; I32WrapI64; Get POS; I64Store $(ST+state_pos)
	RET
