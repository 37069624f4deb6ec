package peinfo

import "fmt"

// machines names the IMAGE_FILE_MACHINE_* values (PE/COFF specification,
// "Machine Types") in the words Windows' own tools use.
var machines = map[uint16]string{
	0x014c: "x86",
	0x8664: "x64",
	0xaa64: "ARM64",
	0xa641: "ARM64EC",
	0xa64e: "ARM64X",
	0x01c0: "ARM",
	0x01c2: "ARM Thumb",
	0x01c4: "ARM Thumb-2",
	0x0200: "IA-64",
	0x0ebc: "EFI byte code",
	0x5032: "RISC-V 32",
	0x5064: "RISC-V 64",
	0x5128: "RISC-V 128",
	0x6232: "LoongArch 32",
	0x6264: "LoongArch 64",
	0x0166: "MIPS",
	0x0169: "MIPS WCE v2",
	0x0184: "Alpha",
	0x0284: "Alpha 64",
	0x01f0: "PowerPC",
	0x01f1: "PowerPC FP",
	0x01a2: "SH3",
	0x01a6: "SH4",
	0x9041: "M32R",
	0x0000: "any",
}

// MachineName says the machine in a word ("x64", "ARM64"), or
// "unknown (0x....)" for a value the specification does not name.
func (f *File) MachineName() string {
	return nameOf(machines, f.Machine, "unknown (0x%04x)")
}

var subsystems = map[uint16]string{
	0:  "unknown",
	1:  "native",
	2:  "Windows GUI",
	3:  "Windows console",
	5:  "OS/2 console",
	7:  "POSIX console",
	8:  "native Win9x driver",
	9:  "Windows CE GUI",
	10: "EFI application",
	11: "EFI boot service driver",
	12: "EFI runtime driver",
	13: "EFI ROM",
	14: "Xbox",
	16: "Windows boot application",
}

// SubsystemName says the subsystem in words ("Windows GUI", "EFI application").
func (f *File) SubsystemName() string {
	return nameOf(subsystems, f.Subsystem, "unknown (%d)")
}

func nameOf(names map[uint16]string, v uint16, unknown string) string {
	if s, ok := names[v]; ok {
		return s
	}
	return fmt.Sprintf(unknown, v)
}
