// decodeItems: decode's item loop (lzms.go) written for amd64, as
// decode_wasm.s is for WebAssembly. Go's code for the loop keeps too few
// of the coders' values in registers and spills the rest around every
// branch: wimlib's C decoded the test chunks 1.59-1.64 times as fast. The
// coders' state lives in registers, the three stream positions as
// pointers; the decision states, repeat queues and the previous item's
// kind stay in d.st, and the result slot doubles as the flag that a code
// is due for a rebuild. The forward stream is in, the backward one
// d.in.bwd: the same bytes for a chunk held whole, or two windows.

#include "go_asm.h"
#include "textflag.h"

#define D DI      // d
#define POS R9    // where the next byte goes in dst
#define BITS R10  // bit reader: window
#define USED R11  //   bits of it consumed
#define BOFF R12  //   where it was loaded from, in d.in.bwd
#define RNG R13   // range decoder: range
#define RC R14    //   code
#define RPOS R15  //   next unit, in in
#define KIND R8   // match kind: 0 LZ, 1 delta

// The frame.
#define DSTEND 0(SP)   // the end of dst
#define FWDLIM 8(SP)   // the last RPOS an item may start at
#define BWDMIN 16(SP)  // the first BOFF an item may start at
#define BWDBASE 24(SP) // d.in.bwd
#define SRC 32(SP)     // match source: offset, or power<<32 | raw offset

#define ST Decompressor_st

// NORMALIZE is normalize, without branches; the caller has checked that
// RPOS+2 is within in. Clobbers AX, CX, DX.
#define NORMALIZE \
	MOVL RC, AX; SHLL $16, AX; MOVWLZX (RPOS), DX; ORL DX, AX; \
	LEAQ 2(RPOS), DX; \
	MOVL RNG, CX; SHLL $16, CX; \
	CMPL RNG, $0x10000; \
	CMOVLCS AX, RC; \
	CMOVQCS DX, RPOS; \
	CMOVLCS CX, RNG

// DECODEBIT is decodeBit for the probability at AX, without branches;
// the decision goes to CX. Clobbers BX, DX, SI.
#define DECODEBIT \
	MOVL prob_zeros(AX), DX; \
	LEAL -1(DX), BX; SHRL $31, BX; ADDL BX, DX; \
	MOVL DX, BX; SHRL $6, BX; SUBL BX, DX; \
	MOVL RNG, BX; SHRL $6, BX; IMULL BX, DX; \
	MOVQ prob_recent(AX), BX; \
	MOVQ BX, SI; SHRQ $63, SI; \
	XORL CX, CX; CMPL RC, DX; SETCC CL; \
	SUBL CX, SI; ADDL SI, prob_zeros(AX); \
	SHLQ $1, BX; ORQ CX, BX; MOVQ BX, prob_recent(AX); \
	MOVL RNG, BX; SUBL DX, BX; \
	MOVL RC, SI; SUBL DX, SI; \
	TESTL CX, CX; \
	CMOVLNE BX, DX; MOVL DX, RNG; \
	CMOVLNE SI, RC

// STEP shifts the decision CX into the decision state at M, keeping MASK.
// Clobbers BX.
#define STEP(M, MASK) \
	MOVL M, BX; SHLL $1, BX; ORL CX, BX; ANDL $MASK, BX; MOVL BX, M

// PROB points AX at the probability that the decision state at M picks
// in the table at BASE bytes into d.
#define PROB(M, BASE) \
	MOVL M, AX; IMUL3Q $prob__size, AX, AX; ADDQ D, AX; ADDQ $(BASE), AX

// PROBK is PROB for the table of the match kind, STRIDE bytes apart.
// Clobbers BX.
#define PROBK(M, BASE, STRIDE) \
	PROB(M, BASE); IMUL3Q $(STRIDE), KIND, BX; ADDQ BX, AX

// REFILL is refill's first case: the caller has checked that the window
// stays within d.in.bwd. Clobbers AX, CX.
#define REFILL \
	MOVQ USED, AX; SHRQ $4, AX; SHLQ $1, AX; SUBQ AX, BOFF; \
	ANDQ $15, USED; \
	MOVQ (BOFF), BITS; \
	MOVQ USED, CX; SHLQ CX, BITS

// DECODESYM is decodeSym into DX for the code HC bytes into the struct at
// BASE, with TB root bits, consuming its codeword; SUB labels the end of
// the subtable lookup. Clobbers AX, BX, CX.
#define DECODESYM(BASE, HC, TB, SUB) \
	MOVQ (HC+huffCode_table)(BASE), BX; \
	MOVQ BITS, DX; SHRQ $(64-TB), DX; \
	MOVWLZX (BX)(DX*2), DX; \
	CMPQ DX, $(1<<(TB+4)); \
	JCS SUB; \
	SHLQ $TB, BITS; ADDQ $TB, USED; \
	MOVQ DX, CX; ANDQ $15, CX; NEGQ CX; ADDQ $64, CX; \
	MOVQ BITS, AX; SHRQ CX, AX; \
	SHRQ $4, DX; ADDQ AX, DX; \
	MOVWLZX (BX)(DX*2), DX; \
SUB: \
	MOVQ DX, CX; ANDQ $15, CX; SHLQ CX, BITS; ADDQ CX, USED; \
	SHRQ $4, DX

// COUNT is count for the symbol DX of the code HC bytes into the struct
// at BASE; a countdown run out sets the result to itemsRebuild (1).
// Clobbers BX, CX.
#define COUNT(BASE, HC) \
	MOVQ (HC+huffCode_freqs)(BASE), BX; \
	INCL (BX)(DX*4); \
	DECQ (HC+huffCode_untilNext)(BASE); \
	SETEQ CL; MOVBQZX CL, CX; ORQ CX, ret+56(FP)

// SLOT turns the slot DX of the table TAB into its value, base plus extra
// bits, in AX, consuming the extra bits. Go adds them as uint32s, but no
// sum reaches 2^31. Clobbers BX, CX, DX.
#define SLOT(TAB) \
	LEAQ TAB(SB), BX; IMUL3Q $slot__size, DX, DX; ADDQ DX, BX; \
	MOVL slot_extra(BX), CX; \
	MOVL slot_base(BX), AX; \
	MOVQ BITS, DX; SHRQ $1, DX; XORL $63, CX; SHRQ CX, DX; ADDL DX, AX; \
	XORL $63, CX; SHLQ CX, BITS; ADDQ CX, USED

// func decodeItems(d *Decompressor, dst, in []byte) int
TEXT ·decodeItems(SB), NOSPLIT, $40-64
	MOVQ d+0(FP), D
	MOVQ dst_base+8(FP), AX
	MOVQ dst_len+16(FP), BX
	ADDQ AX, BX
	MOVQ BX, DSTEND
	MOVQ (ST+state_pos)(D), POS
	ADDQ AX, POS
	MOVQ in_base+32(FP), AX
	MOVQ in_len+40(FP), BX
	LEAQ -10(AX)(BX*1), BX
	MOVQ BX, FWDLIM
	MOVQ (ST+state_rpos)(D), RPOS
	ADDQ AX, RPOS
	MOVQ (Decompressor_in+windows_bwd)(D), AX
	MOVQ AX, BWDBASE
	LEAQ 18(AX), BX
	MOVQ BX, BWDMIN
	MOVQ (ST+state_boff)(D), BOFF
	ADDQ AX, BOFF
	MOVL (ST+state_rng)(D), RNG
	MOVL (ST+state_code)(D), RC
	MOVQ (ST+state_bits)(D), BITS
	MOVQ (ST+state_used)(D), USED
	MOVQ $const_itemsLeft, ret+56(FP)

item:
	// Stop at the end of the output, where an item could reach past the
	// units of the range decoder (it normalizes up to five times), or
	// where the bit reader could reach before its window (it refills up
	// to three times, each moving back at most 6 bytes).
	CMPQ POS, DSTEND
	JCC  done
	CMPQ RPOS, FWDLIM
	JHI  done
	CMPQ BOFF, BWDMIN
	JCS  done

	NORMALIZE
	PROB((ST+state_mainSt)(D), Decompressor_probs+probs_main)
	DECODEBIT
	STEP((ST+state_mainSt)(D), 15)
	TESTL CX, CX
	JNE   match

	// A literal.
	REFILL
	DECODESYM(D, Decompressor_literal, const_literalTableBits, litsub)
	MOVB DL, (POS)
	INCQ POS
	MOVL $0, (ST+state_prevMatch)(D)
	COUNT(D, Decompressor_literal)
	JMP  next

match:
	// LZ or delta, and whether its source is late, as in decode.
	NORMALIZE
	PROB((ST+state_matchSt)(D), Decompressor_probs+probs_match)
	DECODEBIT
	STEP((ST+state_matchSt)(D), 31)
	MOVQ CX, KIND
	MOVL (ST+state_prevMatch)(D), AX
	LEAQ 1(KIND), BX
	XORL DX, DX
	CMPQ AX, BX
	SETEQ DL
	MOVQ DX, SRC // late
	MOVL BX, (ST+state_prevMatch)(D)

	// Explicit or repeated source.
	NORMALIZE
	PROBK((ST+state_kindSt)(D)(KIND*4), Decompressor_probs+probs_kind, 64*prob__size)
	DECODEBIT
	STEP((ST+state_kindSt)(D)(KIND*4), 63)
	TESTL CX, CX
	JNE   repeat

	// Explicit: a delta match's power, then the offset's slot.
	MOVQ  $0, SRC
	TESTQ KIND, KIND
	JEQ   offset
	REFILL
	DECODESYM(D, Decompressor_deltaPower, const_deltaPowerTableBits, powsub)
	COUNT(D, Decompressor_deltaPower)
	SHLQ $32, DX
	MOVQ DX, SRC

offset:
	REFILL
	IMUL3Q $huffCode__size, KIND, SI
	ADDQ   D, SI
	DECODESYM(SI, Decompressor_offset, const_offsetTableBits, offsub)
	COUNT(SI, Decompressor_offset)
	SLOT(·offsetSlots)
	ORQ  AX, SRC
	MOVQ KIND, BX
	SHLQ $5, BX
	ADDQ D, BX // the kind's queue, less ST+state_reps
	MOVQ (ST+state_reps+16)(BX), AX
	MOVQ AX, (ST+state_reps+24)(BX)
	MOVQ (ST+state_reps+8)(BX), AX
	MOVQ AX, (ST+state_reps+16)(BX)
	MOVQ (ST+state_reps)(BX), AX
	MOVQ AX, (ST+state_reps+8)(BX)
	JMP  front

repeat:
	// Index 1 + the second decision if the first is 1, else 0; plus
	// whether the queue's front is late (in SRC).
	NORMALIZE
	PROBK((ST+state_repSt)(D)(KIND*8), Decompressor_probs+probs_rep, 2*64*prob__size)
	DECODEBIT
	STEP((ST+state_repSt)(D)(KIND*8), 63)
	TESTL CX, CX
	JEQ   take
	NORMALIZE
	PROBK((ST+state_repSt+4)(D)(KIND*8), Decompressor_probs+probs_rep+64*prob__size, 2*64*prob__size)
	DECODEBIT
	STEP((ST+state_repSt+4)(D)(KIND*8), 63)
	INCQ CX
	ADDQ CX, SRC

take:
	// Take source i (SRC) out of the queue, moving the ones before it
	// back.
	MOVQ SRC, CX
	MOVQ KIND, BX
	SHLQ $5, BX
	ADDQ D, BX
	MOVQ (ST+state_reps)(BX)(CX*8), AX

shift:
	TESTQ CX, CX
	JEQ   taken
	MOVQ  (ST+state_reps-8)(BX)(CX*8), DX
	MOVQ  DX, (ST+state_reps)(BX)(CX*8)
	DECQ  CX
	JMP   shift

taken:
	MOVQ AX, SRC

front:
	MOVQ KIND, BX
	SHLQ $5, BX
	ADDQ D, BX
	MOVQ SRC, AX
	MOVQ AX, (ST+state_reps)(BX)

	// The length, into SI.
	REFILL
	DECODESYM(D, Decompressor_length, const_lengthTableBits, lensub)
	COUNT(D, Decompressor_length)
	SLOT(·lengthSlots)
	MOVQ AX, SI
	MOVQ DSTEND, BX
	SUBQ POS, BX
	CMPQ SI, BX
	JHI  pastEnd
	TESTQ KIND, KIND
	JNE  delta

	// An LZ match, SRC back: from BX to POS, until DX.
	MOVQ SRC, AX
	MOVQ POS, BX
	SUBQ dst_base+8(FP), BX
	CMPQ AX, BX
	JHI  beforeStart
	MOVQ POS, BX
	SUBQ AX, BX
	LEAQ (POS)(SI*1), DX

	// Short: two words, maybe past the match, which later items
	// overwrite; words at least 8 apart never overlap.
	CMPQ SI, $16
	JHI  long
	CMPQ AX, $8
	JCS  long
	LEAQ 16(POS), CX
	CMPQ CX, DSTEND
	JHI  long
	MOVQ (BX), CX
	MOVQ CX, (POS)
	MOVQ 8(BX), CX
	MOVQ CX, 8(POS)
	MOVQ DX, POS
	JMP  next

long:
	// Words while the source is at least a word back and the last may
	// run past the match; otherwise byte by byte, which repeats an
	// overlapping source as it must.
	CMPQ AX, $8
	JCS  bytes
	LEAQ 8(DX), CX
	CMPQ CX, DSTEND
	JHI  bytes

words:
	CMPQ POS, DX
	JCC  copied
	MOVQ (BX), CX
	MOVQ CX, (POS)
	ADDQ $8, BX
	ADDQ $8, POS
	JMP  words

copied:
	MOVQ DX, POS
	JMP  next

bytes:
	CMPQ POS, DX
	JCC  next
	MOVBLZX (BX), CX
	MOVB CL, (POS)
	INCQ BX
	INCQ POS
	JMP  bytes

delta:
	// A delta match: power, span (BX) and offset (AX), until DX.
	MOVQ SRC, AX
	MOVQ AX, CX
	SHRQ $32, CX
	MOVL $1, BX
	SHLQ CX, BX
	MOVL AX, AX
	SHLQ CX, AX
	LEAQ (AX)(BX*1), CX
	MOVQ POS, DX
	SUBQ dst_base+8(FP), DX
	CMPQ CX, DX
	JHI  deltaBeforeStart
	LEAQ (POS)(SI*1), DX

deltaByte:
	CMPQ POS, DX
	JCC  next
	MOVQ POS, SI
	SUBQ AX, SI
	MOVBLZX (SI), CX
	SUBQ BX, SI
	MOVBLZX (SI), KIND
	SUBL KIND, CX
	MOVQ POS, SI
	SUBQ BX, SI
	MOVBLZX (SI), KIND
	ADDL KIND, CX
	MOVB CL, (POS)
	INCQ POS
	JMP  deltaByte

next:
	CMPQ ret+56(FP), $0
	JEQ  item
	JMP  done

pastEnd:
	MOVQ $const_itemsPastEnd, ret+56(FP)
	JMP  done

beforeStart:
	MOVQ $const_itemsBeforeStart, ret+56(FP)
	JMP  done

deltaBeforeStart:
	MOVQ $const_itemsDeltaBeforeStart, ret+56(FP)

done:
	MOVL RNG, (ST+state_rng)(D)
	MOVL RC, (ST+state_code)(D)
	SUBQ in_base+32(FP), RPOS
	MOVQ RPOS, (ST+state_rpos)(D)
	MOVQ BITS, (ST+state_bits)(D)
	MOVQ USED, (ST+state_used)(D)
	SUBQ BWDBASE, BOFF
	MOVQ BOFF, (ST+state_boff)(D)
	SUBQ dst_base+8(FP), POS
	MOVQ POS, (ST+state_pos)(D)
	RET
