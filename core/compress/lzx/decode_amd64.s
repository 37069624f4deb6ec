// decodeItems: decodeBlock's loop (decode.go) written for amd64, as
// decode_wasm.s is for WebAssembly. Go's code for the loop reloads and
// spills the bit reader and the output around its branches: wimlib's C
// decoded the test corpus 2.07 times as fast. Here the loop state lives
// in registers, the input and output positions as pointers.

#include "go_asm.h"
#include "textflag.h"

#define D DI       // d
#define UNITS SI   // 0x0000ffff0000ffff, for REFILL
#define POS R8     // next unit to load, in src
#define OUT R9     // where the next byte goes, in blk
#define BITS R10   // next bits of the stream, left-aligned
#define N R11      // valid bits in BITS
#define END R12    // the end of blk
#define SRCLIM R13 // the last POS an item may start at
#define SYM R14    // match symbol, then slot
#define LEN R15    // match length

// REFILL is bitReader.refill's fast path: it needs POS+8 within src. The
// shift by N must give 0 when N is 64, where x86's shift counts wrap.
// Clobbers BX, CX, DX.
#define REFILL \
	MOVQ (POS), BX; RORQ $32, BX; \
	MOVQ BX, DX; SHRQ $16, DX; ANDQ UNITS, DX; \
	ANDQ UNITS, BX; SHLQ $16, BX; ORQ DX, BX; \
	MOVQ N, CX; SHRQ CX, BX; \
	XORL DX, DX; CMPQ N, $64; CMOVQCC DX, BX; \
	ORQ BX, BITS; \
	MOVQ $64, CX; SUBQ N, CX; ANDQ $-16, CX; \
	ADDQ CX, N; SHRQ $3, CX; ADDQ CX, POS

// CONSUME drops the length of the entry in BX (its low 4 bits).
// Clobbers CX.
#define CONSUME \
	MOVQ BX, CX; ANDQ $15, CX; SHLQ CX, BITS; SUBQ CX, N

// LOOKUP decodes a symbol's table entry into BX from the table at field
// offset TABLE of d with ROOT root bits: a root entry at or past LIMIT
// points to a subtable. SUB labels the end of the subtable lookup.
// Clobbers CX, DX.
#define LOOKUP(TABLE, ROOT, LIMIT, SUB) \
	MOVQ BITS, BX; SHRQ $(64-ROOT), BX; \
	MOVWLZX TABLE(D)(BX*2), BX; \
	CMPQ BX, $(LIMIT); \
	JCS SUB; \
	SHLQ $ROOT, BITS; SUBQ $ROOT, N; \
	MOVQ BX, CX; ANDQ $15, CX; NEGQ CX; ADDQ $64, CX; \
	MOVQ BITS, DX; SHRQ CX, DX; \
	SHRQ $4, BX; ADDQ DX, BX; \
	MOVWLZX TABLE(D)(BX*2), BX; \
SUB: \
	CONSUME

// The recent offsets R0, R1, R2 in d.
#define REC0 Decompressor_r(D)
#define REC1 (Decompressor_r+4)(D)
#define REC2 (Decompressor_r+8)(D)

// func decodeItems(d *Decompressor, br *bitReader, blk []byte, out int) (next int, ok bool)
TEXT ·decodeItems(SB), NOSPLIT, $0-57
	MOVQ d+0(FP), D
	MOVQ br+8(FP), BX
	MOVQ bitReader_src(BX), AX
	MOVQ (bitReader_src+8)(BX), CX
	LEAQ -16(AX)(CX*1), SRCLIM
	MOVQ bitReader_pos(BX), POS
	ADDQ AX, POS
	MOVQ bitReader_bits(BX), BITS
	MOVQ bitReader_n(BX), N
	MOVQ blk_base+16(FP), AX
	MOVQ blk_len+24(FP), END
	ADDQ AX, END
	MOVQ out+40(FP), OUT
	ADDQ AX, OUT
	MOVQ $0x0000ffff0000ffff, UNITS
	MOVB $1, ok+56(FP)

item:
	// Stop at the end of the block, or 16 bytes before the end of src:
	// an item refills at most twice, 8 bytes each.
	CMPQ OUT, END
	JCC  done
	CMPQ POS, SRCLIM
	JHI  done

	REFILL
	LOOKUP(Decompressor_mainTable, const_mainBits, 1<<(const_mainBits+4), mainsub)
	CMPQ BX, $(const_numChars<<4)
	JCC  match

	// A literal.
	SHRQ $4, BX
	MOVB BL, (OUT)
	INCQ OUT
	JMP  item

match:
	// A length header and an offset slot.
	SHRQ $4, BX
	SUBQ $const_numChars, BX
	MOVQ BX, SYM
	ANDQ $(const_numLenHeaders-1), BX
	LEAQ const_minMatch(BX), LEN
	CMPQ LEN, $(const_numLenHeaders-1+const_minMatch)
	JNE  slot
	LOOKUP(Decompressor_lenTable, const_lenBits, 1<<(const_lenBits+4), lensub)
	SHRQ $4, BX
	ADDQ BX, LEN

slot:
	// The offset, into AX.
	SHRQ $3, SYM // numLenHeaders is 8
	CMPQ SYM, $2
	JHI  explicit
	JEQ  rec2
	CMPQ SYM, $1
	JEQ  rec1
	MOVL REC0, AX
	JMP  offset

rec1:
	MOVL REC1, AX
	MOVL REC0, CX
	MOVL CX, REC1
	JMP  offset

rec2:
	MOVL REC2, AX
	MOVL REC0, CX
	MOVL CX, REC2
	JMP  offset

explicit:
	// Extra bits, and in aligned blocks an aligned symbol.
	ANDQ    $63, SYM
	MOVQ    Decompressor_extra(D), CX
	MOVBQZX (CX)(SYM*1), DX
	MOVQ    $32, CX
	SUBQ    DX, CX
	MOVQ    BITS, AX
	SHRQ    $32, AX
	SHRQ    CX, AX
	MOVQ    DX, CX
	SHLQ    CX, BITS
	SUBQ    CX, N
	CMPQ    SYM, Decompressor_alignedFrom(D)
	JCS     base
	// Main, length and extra bits may have used 46.
	CMPQ    N, $const_alignedBits
	JCC     aligned
	REFILL

aligned:
	MOVQ    BITS, BX
	SHRQ    $(64-const_alignedBits), BX
	MOVWLZX Decompressor_alignedTable(D)(BX*2), BX
	CONSUME
	SHRQ    $4, BX
	SHLL    $3, AX
	ORL     BX, AX

base:
	LEAQ ·slotBase(SB), CX
	ADDL (CX)(SYM*4), AX
	MOVL REC1, CX
	MOVL CX, REC2
	MOVL REC0, CX
	MOVL CX, REC1

offset:
	MOVL AX, REC0

	// The offset must be in [1, out], the match within the block.
	MOVQ OUT, CX
	SUBQ blk_base+16(FP), CX
	LEAQ -1(AX), DX
	CMPQ DX, CX
	JCC  corrupt
	MOVQ END, DX
	SUBQ OUT, DX
	CMPQ LEN, DX
	JGT  corrupt

	// Copy from BX until DX.
	MOVQ OUT, BX
	SUBQ AX, BX
	LEAQ (OUT)(LEN*1), DX

	// Two word copies, maybe past the match: later output overwrites
	// the excess.
	CMPQ AX, $8
	JCS  bytes
	LEAQ 16(OUT), CX
	CMPQ CX, END
	JHI  long
	CMPQ LEN, $16
	JGT  long
	MOVQ (BX), CX
	MOVQ CX, (OUT)
	MOVQ 8(BX), CX
	MOVQ CX, 8(OUT)
	MOVQ DX, OUT
	JMP  item

long:
	// Longer, with room for a word past the match: word copies, each
	// word read after the ones it overlaps were written.
	LEAQ 8(DX), CX
	CMPQ CX, END
	JHI  bytes

words:
	CMPQ OUT, DX
	JCC  copied
	MOVQ (BX), CX
	MOVQ CX, (OUT)
	ADDQ $8, BX
	ADDQ $8, OUT
	JMP  words

copied:
	MOVQ DX, OUT
	JMP  item

bytes:
	// Near the end of the block, or overlapping by less than a word:
	// byte by byte, each byte copied before it is read.
	CMPQ    OUT, DX
	JCC     item
	MOVBLZX (BX), CX
	MOVB    CL, (OUT)
	INCQ    BX
	INCQ    OUT
	JMP     bytes

corrupt:
	MOVB $0, ok+56(FP)

done:
	MOVQ br+8(FP), BX
	SUBQ bitReader_src(BX), POS
	MOVQ POS, bitReader_pos(BX)
	MOVQ BITS, bitReader_bits(BX)
	MOVQ N, bitReader_n(BX)
	SUBQ blk_base+16(FP), OUT
	MOVQ OUT, next+48(FP)
	RET
