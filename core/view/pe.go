package view

import (
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/peinfo"
)

// PE is what Explorer's Properties shows of a Windows executable (.exe,
// .dll, .sys, .efi): its machine, its version resource and the names in
// its embedded Authenticode signature. Every string is from the file
// (hostile). Nothing is verified: a signature's names are what it claims.
type PE struct {
	Machine     string     `json:"machine,omitempty"`     // "x64", "ARM64", "x86"; "unknown (0x....)"
	MachineCode uint16     `json:"machineCode,omitempty"` // IMAGE_FILE_HEADER.Machine as stored
	Format      string     `json:"format,omitempty"`      // "PE32" or "PE32+" (64-bit layout)
	Subsystem   string     `json:"subsystem,omitempty"`   // "Windows GUI", "native", "EFI application", ...
	DLL         bool       `json:"dll,omitempty"`
	Version     *PEVersion `json:"version,omitempty"` // absent: the file has no version resource
	// Signed says the file carries a certificate table (an embedded
	// signature). Windows' own files are mostly signed through catalogs
	// instead, which a file alone does not show.
	Signed     bool          `json:"signed"`
	Signatures []PESignature `json:"signatures,omitempty"` // read only for a file's details
	// Error says what is wrong with the headers or the version resource;
	// the fields above are what was read before it.
	Error          string `json:"error,omitempty"`
	SignatureError string `json:"signatureError,omitempty"` // what is wrong with the certificate table
}

// PEVersion is the version resource: the fixed numbers and the strings of
// the table Explorer would show (US English first).
type PEVersion struct {
	FileVersion    string `json:"fileVersion,omitempty"`    // VS_FIXEDFILEINFO, a.b.c.d
	ProductVersion string `json:"productVersion,omitempty"` // VS_FIXEDFILEINFO, a.b.c.d
	Language       uint16 `json:"language"`                 // the LANGID of the resource read (0x0409 US English, 0 neutral)
	Table          string `json:"table,omitempty"`          // the string table read, e.g. "040904B0" (language, code page)
	// The strings as the table writes them; FileVersionString and
	// ProductVersionString often say more than the numbers
	// ("10.0.22621.1 (WinBuild.160101.0800)").
	CompanyName          string `json:"companyName,omitempty"`
	FileDescription      string `json:"fileDescription,omitempty"`
	FileVersionString    string `json:"fileVersionString,omitempty"`
	ProductName          string `json:"productName,omitempty"`
	ProductVersionString string `json:"productVersionString,omitempty"`
	OriginalFilename     string `json:"originalFilename,omitempty"`
	InternalName         string `json:"internalName,omitempty"`
	LegalCopyright       string `json:"legalCopyright,omitempty"`
}

// PESignature is one Authenticode signature: who signed, who issued the
// signer's certificate, and the certificates it carries.
type PESignature struct {
	Entry           int    `json:"entry"`            // 1-based entry of the certificate table
	Nested          int    `json:"nested,omitempty"` // 1 for a signature nested in the entry's (dual SHA-1 + SHA-256 signing), ...
	CertificateType uint16 `json:"certificateType"`  // WIN_CERTIFICATE's type; only 2 (PKCS#7) is read further
	Digest          string `json:"digest,omitempty"` // "SHA-256"; an OID when unnamed
	// Signer is the signing certificate's subject; absent when the
	// signature does not carry that certificate.
	Signer       *PEName         `json:"signer,omitempty"`
	Issuer       PEName          `json:"issuer"`       // who issued the signer's certificate, as the signer info names it
	SignerSerial string          `json:"signerSerial"` // the signer's certificate's serial number, hex
	Certificates []PECertificate `json:"certificates"`
}

// PECertificate is what a certificate carried in a signature names.
type PECertificate struct {
	Subject PEName `json:"subject"`
	Issuer  PEName `json:"issuer"`
	Serial  string `json:"serial"` // hex
}

// PEName is a distinguished name: its common name, its (first)
// organization, and the whole in RFC 4514 form.
type PEName struct {
	CN string `json:"cn,omitempty"`
	O  string `json:"o,omitempty"`
	DN string `json:"dn"`
}

// DescribePE reads f's data as a PE file, through the same reader as a
// preview: the headers and the version resource (a few KiB), and the
// certificate table when signatures is set. It is nil for a folder and
// for data that does not start with "MZ" (the name's extension is not
// trusted either way); data that cannot be read at all is left to the
// preview and download to report.
func DescribePE(f *meta.File, signatures bool) *PE {
	if f.IsDir() {
		return nil
	}
	r, err := f.OpenStream("")
	if err != nil || r.Size() < 2 {
		return nil
	}
	var mz [2]byte
	if _, err := r.ReadAt(mz[:], 0); err != nil || mz != [2]byte{'M', 'Z'} {
		return nil
	}
	out := &PE{}
	pf, err := peinfo.Open(r, r.Size())
	if err != nil {
		out.Error = err.Error()
		return out
	}
	out.Machine, out.MachineCode, out.Format = pf.MachineName(), pf.Machine, pf.Format()
	out.Subsystem, out.DLL, out.Signed = pf.SubsystemName(), pf.IsDLL(), pf.HasSignature()
	if v, err := pf.Version(); err != nil {
		out.Error = err.Error()
	} else if v != nil {
		out.Version = describeVersion(v)
	}
	if signatures && out.Signed {
		sigs, err := pf.Signatures()
		if err != nil {
			out.SignatureError = err.Error()
		}
		for _, s := range sigs {
			out.Signatures = append(out.Signatures, describeSignature(s))
		}
	}
	return out
}

func describeVersion(v *peinfo.Version) *PEVersion {
	out := &PEVersion{
		Language: v.Language, Table: v.Table,
		CompanyName: v.Lookup("CompanyName"), FileDescription: v.Lookup("FileDescription"),
		FileVersionString: v.Lookup("FileVersion"), ProductName: v.Lookup("ProductName"),
		ProductVersionString: v.Lookup("ProductVersion"), OriginalFilename: v.Lookup("OriginalFilename"),
		InternalName: v.Lookup("InternalName"), LegalCopyright: v.Lookup("LegalCopyright"),
	}
	if v.HasFixed {
		out.FileVersion, out.ProductVersion = v.File.String(), v.Product.String()
	}
	return out
}

func describeSignature(s peinfo.Signature) PESignature {
	out := PESignature{
		Entry: s.Entry, Nested: s.Nested, CertificateType: s.Type, Digest: s.DigestAlgorithm,
		Issuer: peName(s.SignerIssuer), SignerSerial: s.SignerSerial, Certificates: []PECertificate{},
	}
	if s.Signer != nil {
		n := peName(s.Signer.Subject)
		out.Signer = &n
	}
	for _, c := range s.Certificates {
		out.Certificates = append(out.Certificates, PECertificate{Subject: peName(c.Subject), Issuer: peName(c.Issuer), Serial: c.Serial})
	}
	return out
}

func peName(n peinfo.Name) PEName { return PEName{CN: n.CommonName, O: n.Organization, DN: n.DN} }
