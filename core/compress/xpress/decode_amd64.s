// decodeItems: the easy items of Decompress's loop (xpress.go) written for
// amd64, as decode_wasm.s is for WebAssembly, with the loop's state in
// registers and the input and output positions as pointers.

#include "go_asm.h"
#include "textflag.h"

#define TABLE DI
#define SRCLIM R8 // the last POS a refill may load from
#define OUT R9    // where the next byte goes, in dst
#define BUF R10   // the bit buffer, left-justified
#define NBITS R11 // valid bits in BUF
#define END R12   // the end of dst
#define POS R13   // next input byte not yet in BUF

// func decodeItems(table *[tableSize]uint16, src, dst []byte, buf uint64, nbits, pos, out int) (rbuf uint64, rnbits, rpos, rout int)
TEXT ·decodeItems(SB), NOSPLIT, $0-120
	MOVQ table+0(FP), TABLE
	MOVQ src_base+8(FP), SI
	MOVQ src_len+16(FP), AX
	LEAQ -4(SI)(AX*1), SRCLIM
	MOVQ dst_base+32(FP), AX
	MOVQ dst_len+40(FP), END
	ADDQ AX, END
	MOVQ buf+56(FP), BUF
	MOVQ nbits+64(FP), NBITS
	MOVQ pos+72(FP), POS
	ADDQ SI, POS
	MOVQ out+80(FP), OUT
	ADDQ AX, OUT

item:
	// Stop at the end of the output, 4 bytes before the end of src (a
	// refill loads 4), or past it.
	CMPQ  OUT, END
	JCC   done
	CMPQ  POS, SRCLIM
	JHI   done
	TESTQ NBITS, NBITS
	JLT   done

	// One refill per symbol leaves >= 32 bits.
	CMPQ NBITS, $32
	JGE  decode
	MOVL (POS), AX
	ROLL $16, AX
	MOVQ $32, CX
	SUBQ NBITS, CX
	SHLQ CX, AX
	ORQ  AX, BUF
	ADDQ $32, NBITS
	ADDQ $4, POS

decode:
	MOVQ    BUF, BX
	SHRQ    $(64-const_rootBits), BX
	MOVWLZX (TABLE)(BX*2), BX
	CMPQ    BX, $const_subtableMin
	JCS     root
	MOVQ    BX, CX
	ANDQ    $15, CX
	NEGQ    CX
	ADDQ    $64, CX
	MOVQ    BUF, DX
	SHLQ    $const_rootBits, DX
	SHRQ    CX, DX
	SHRQ    $4, BX
	ADDQ    DX, BX
	MOVWLZX (TABLE)(BX*2), BX

root:
	MOVQ BX, CX
	ANDQ $15, CX // the codeword's length
	SHRQ $4, BX  // the symbol
	CMPQ BX, $const_numChars
	JCC  match

	// A literal.
	SHLQ CX, BUF
	SUBQ CX, NBITS
	MOVB BL, (OUT)
	INCQ OUT
	JMP  item

match:
	// Its state after it goes to R14 (buf), R15 (nbits) and AX (pos)
	// until it is known to fit; if it does not, or its length goes on in
	// bytes too near the end of src, it is left to Decompress's loop,
	// unconsumed. DX: the length, BX: the offset's bits.
	MOVQ BUF, R14
	SHLQ CX, R14
	MOVQ NBITS, R15
	SUBQ CX, R15
	MOVQ POS, AX
	MOVQ BX, DX
	ANDQ $15, DX
	SHRQ $4, BX
	ANDQ $15, BX
	CMPQ DX, $15
	JNE  length

	// The length's bytes sit after the units that hold the next 16 to
	// 31 bits; units loaded beyond those are given back. (R15 is 17 or
	// more: there were 32 bits before the symbol.)
	MOVQ R15, CX
	ANDQ $15, CX
	ADDQ $16, CX
	CMPQ R15, CX
	JLE  kept
	MOVQ R15, DX
	SUBQ CX, DX
	SHRQ $3, DX
	SUBQ DX, AX
	MOVQ CX, R15
	NEGQ CX
	ADDQ $64, CX
	SHRQ CX, R14
	SHLQ CX, R14

kept:
	// Room for a byte and a 16-bit length after it.
	LEAQ    1(SRCLIM), CX
	CMPQ    AX, CX
	JHI     done
	MOVBLZX (AX), DX
	ADDQ    $15, DX
	INCQ    AX
	CMPQ    DX, $(15+255)
	JNE     length
	MOVWLZX (AX), DX
	ADDQ    $2, AX

length:
	ADDQ $const_minMatch, DX

	// The offset, into SI: its top bit, then BX bits.
	MOVQ $63, CX
	SUBQ BX, CX
	MOVQ R14, SI
	SHRQ $1, SI
	SHRQ CX, SI
	BTSQ BX, SI
	MOVQ OUT, CX
	SUBQ dst_base+32(FP), CX
	CMPQ SI, CX
	JGT  done
	MOVQ END, CX
	SUBQ OUT, CX
	CMPQ DX, CX
	JGT  done
	MOVQ BX, CX
	SHLQ CX, R14
	MOVQ R14, BUF
	SUBQ BX, R15
	MOVQ R15, NBITS
	MOVQ AX, POS

	// Copy from BX until R14.
	MOVQ OUT, BX
	SUBQ SI, BX
	LEAQ (OUT)(DX*1), R14

	// With room for a word past the match: word copies, each word read
	// after the ones it overlaps were written. Later output overwrites
	// the excess.
	CMPQ SI, $8
	JLT  bytes
	LEAQ 8(R14), CX
	CMPQ CX, END
	JHI  bytes

words:
	CMPQ OUT, R14
	JCC  copied
	MOVQ (BX), CX
	MOVQ CX, (OUT)
	ADDQ $8, BX
	ADDQ $8, OUT
	JMP  words

copied:
	MOVQ R14, OUT
	JMP  item

bytes:
	// Near the end of the output, or overlapping by less than a word:
	// byte by byte, each byte copied before it is read.
	CMPQ    OUT, R14
	JCC     item
	MOVBLZX (BX), CX
	MOVB    CL, (OUT)
	INCQ    BX
	INCQ    OUT
	JMP     bytes

done:
	MOVQ BUF, rbuf+88(FP)
	MOVQ NBITS, rnbits+96(FP)
	SUBQ src_base+8(FP), POS
	MOVQ POS, rpos+104(FP)
	SUBQ dst_base+32(FP), OUT
	MOVQ OUT, rout+112(FP)
	RET
