// Package le loads and stores little-endian words for the decoders' inner
// loops. It is encoding/binary's LittleEndian everywhere but js/wasm, where
// those functions are not intrinsics: a Uint64 there costs the inliner
// eight byte loads, shifts and ors, most of its budget, so LZMS's refill
// could not be inlined and each of its symbols paid a call (inlined, LZMS
// decodes 7-16 % faster under Node). On wasm, which is little-endian and
// allows unaligned access, the load is written as one (le_wasm.go).
package le
