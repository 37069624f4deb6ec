// undoX86Loop: undoX86's loop (x86.go) for amd64, as x86_wasm.s is for
// WebAssembly: SSE2 flags the bytes that can start a translated
// instruction 16 at a time, where Go's loop tested 8 in a word, and the
// candidates of a block are taken from its flags in turn. Registers:
//
//	SI data    R8 p          R10 base      R13 the block's flags
//	DI last    R9 len-16     R11 lastX86   R15 where the block starts
//	X8-X13 the bytes sought

#include "go_asm.h"
#include "textflag.h"

// SPLAT fills X with the byte pattern V (eight copies, as a quadword).
#define SPLAT(V, X) MOVQ $V, AX; MOVQ AX, X; PUNPCKLQDQ X, X

// func undoX86Loop(data []byte, last *[65536]int32, base, p, lastX86 int) (int, int)
TEXT ·undoX86Loop(SB), NOSPLIT, $0-72
	MOVQ data_base+0(FP), SI
	MOVQ data_len+8(FP), R9
	SUBQ $16, R9
	MOVQ last+24(FP), DI
	MOVQ base+32(FP), R10
	MOVQ p+40(FP), R8
	MOVQ lastX86+48(FP), R11
	SPLAT(0xFBFBFBFBFBFBFBFB, X8)
	SPLAT(0x4848484848484848, X9)
	SPLAT(0xFEFEFEFEFEFEFEFE, X10)
	SPLAT(0xE8E8E8E8E8E8E8E8, X11)
	SPLAT(0xF0F0F0F0F0F0F0F0, X12)
	PCMPEQB X13, X13

scan:
	// Flag the bytes from p that can start a translated instruction:
	// 0x48 and 0x4C (REX.W, for LEA and MOV), 0xE8 (call), 0xE9 (jmp),
	// 0xF0 (lock) and 0xFF (call indirect).
	CMPQ     R8, R9
	JGE      done
	MOVOU    (SI)(R8*1), X0
	MOVO     X0, X1
	PAND     X8, X1
	PCMPEQB  X9, X1
	MOVO     X0, X2
	PAND     X10, X2
	PCMPEQB  X11, X2
	POR      X2, X1
	MOVO     X0, X2
	PCMPEQB  X12, X2
	POR      X2, X1
	PCMPEQB  X13, X0
	POR      X0, X1
	PMOVMSKB X1, R13
	MOVQ     R8, R15
	TESTL    R13, R13
	JNE      found
	ADDQ     $16, R8
	JMP      scan

next:
	INCQ R8

resume:
	// On in the block from p: an instruction handled ends past bytes
	// whose flags are gone by, and writes only bytes before p.
	MOVQ  R8, CX
	SUBQ  R15, CX
	CMPQ  CX, $16
	JGE   scan
	MOVL  $-1, AX
	SHLL  CX, AX
	ANDL  AX, R13
	JNE   found
	LEAQ  16(R15), R8
	JMP   scan

found:
	// BX: the opcode's bytes, CX: the reach of the translation window.
	BSFL    R13, AX
	LEAQ    (R15)(AX*1), R8
	CMPQ    R8, R9
	JGE     done
	MOVBLZX (SI)(R8*1), AX
	CMPL    AX, $0xFF
	JEQ     callIndirect
	CMPL    AX, $0xF0
	JEQ     lock
	CMPL    AX, $0x4C
	JLS     rex
	CMPL    AX, $0xE8
	JEQ     call
	ADDQ    $5, R8 // jmp rel32: never translated, but its operand skipped
	JMP     resume

callIndirect: // call [rip+disp32]
	CMPB 1(SI)(R8*1), $0x15
	JNE  next
	MOVQ $2, BX
	MOVQ $const_x86MaxTranslation, CX
	JMP  translate

lock: // lock add [rip+disp32], imm8
	CMPB 1(SI)(R8*1), $0x83
	JNE  next
	CMPB 2(SI)(R8*1), $0x05
	JNE  next
	MOVQ $3, BX
	MOVQ $const_x86MaxTranslation, CX
	JMP  translate

rex: // REX.W, then LEA or MOV, RIP-relative by the R/M field alone
	MOVBLZX 2(SI)(R8*1), DX
	MOVL    DX, R12
	ANDL    $7, R12
	CMPL    R12, $5
	JNE     next
	MOVBLZX 1(SI)(R8*1), R12
	CMPL    R12, $0x8D
	JEQ     rexLEA
	CMPL    R12, $0x8B
	JNE     next
	TESTL   $4, AX
	JNE     next
	TESTL   $0xF0, DX
	JNE     next

rexLEA:
	MOVQ $3, BX
	MOVQ $const_x86MaxTranslation, CX
	JMP  translate

call: // call rel32: common, so demands more evidence
	MOVQ $1, BX
	MOVQ $(const_x86MaxTranslation/2), CX

translate:
	LEAQ (R8)(BX*1), R12 // where the operand is
	MOVQ R8, DX
	SUBQ R11, DX
	CMPQ DX, CX
	JGT  seen
	SUBL R8, (SI)(R12*1)

seen:
	// The target, by the operand as it now reads, and whether it was
	// aimed at within the window before. base plus the instruction's
	// last byte fits an int32 (see undoX86), so the int32s compare as
	// Go's ints do.
	MOVWLZX (SI)(R12*1), DX
	ADDL    R8, DX
	ANDL    $0xFFFF, DX
	LEAQ    3(R10)(R12*1), R14
	CMPL    (DI)(DX*4), R14
	JLE     far
	LEAQ    3(R12), R11 // the instruction's last byte

far:
	ADDQ $(const_x86IDWindow+1), R14
	MOVL R14, (DI)(DX*4)
	LEAQ 4(R12), R8
	JMP  resume

done:
	MOVQ R8, ret+56(FP)
	MOVQ R11, ret1+64(FP)
	RET
