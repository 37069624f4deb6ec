package windows

import (
	"fmt"

	"github.com/wimlens/wimlens/core/peinfo"
	"github.com/wimlens/wimlens/core/view"
)

// The kernel files whose machine is the image's architecture: kernel32.dll
// first, as wimlib and DISM read it.
var kernelFiles = []string{`System32\kernel32.dll`, `System32\ntoskrnl.exe`}

// The boot files Secure Boot updates replace (below the system root).
var bootFiles = []string{`Boot\EFI\bootmgfw.efi`, `Boot\EFI\bootmgr.efi`, `System32\winload.efi`}

// archCodes are the machines of the XML's ARCH values
// (PROCESSOR_ARCHITECTURE_*), by PE machine.
var archCodes = map[uint16]uint64{
	0x014c: 0,                       // I386
	0x01c0: 5, 0x01c2: 5, 0x01c4: 5, // ARM, Thumb, ARMNT
	0x0200: 6,  // IA64
	0x8664: 9,  // AMD64
	0xaa64: 12, // ARM64
}

func (r *reader) architecture() view.WinArchitecture {
	out := view.WinArchitecture{Files: []view.WinPEFile{}}
	for _, p := range kernelFiles {
		d, f := r.peFile(p, false)
		out.Files = append(out.Files, d)
		if f != nil && out.Arch == "" {
			out.Arch = f.MachineName()
			r.machine, r.hasMachine = f.Machine, true
		}
	}
	return out
}

func (r *reader) boot() view.WinBoot {
	out := view.WinBoot{Files: []view.WinPEFile{}}
	for _, p := range bootFiles {
		d, _ := r.peFile(p, true)
		out.Files = append(out.Files, d)
	}
	return out
}

// peFile reads a PE file below the system root: its machine and version
// and, with signers, its Authenticode signatures' names.
func (r *reader) peFile(path string, signers bool) (view.WinPEFile, *peinfo.File) {
	out := view.WinPEFile{Path: r.display(path)}
	f := r.sys(path)
	if f == nil {
		return out, nil
	}
	out.Present = true
	ra, size, err := r.open(f)
	if err != nil {
		out.Error = describe(err)
		return out, nil
	}
	pf, err := peinfo.Open(ra, size)
	if err != nil {
		out.Error = describe(fmt.Errorf("%s: %w", out.Path, err))
		return out, nil
	}
	out.Machine = pf.MachineName()
	v, err := pf.Version()
	if v != nil && v.HasFixed {
		out.FileVersion, out.ProductVersion = v.File.String(), v.Product.String()
	}
	if err == nil && signers {
		var sigs []peinfo.Signature
		sigs, err = pf.Signatures()
		for _, s := range sigs {
			w := view.WinSigner{Issuer: s.SignerIssuer.CommonName, Digest: s.DigestAlgorithm, Nested: s.Nested > 0}
			if s.Signer != nil {
				w.Signer = s.Signer.Subject.CommonName
			}
			out.Signers = append(out.Signers, w)
		}
	}
	if err != nil {
		out.Error = describe(fmt.Errorf("%s: %w", out.Path, err))
	}
	return out, pf
}
