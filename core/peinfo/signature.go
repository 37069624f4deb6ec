package peinfo

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// Signature is one Authenticode signature of a file: who signed it and
// which certificates came with it. Nothing here is verified — these are
// the names the signature claims ("signed by X, issued by Y").
type Signature struct {
	Entry    int    // 1-based entry of the certificate table (WIN_CERTIFICATE) it came from
	Nested   int    // 0 for the entry's own signature; 1 for one nested in it (SHA-1 + SHA-256 dual signing), ...
	Revision uint16 // WIN_CERTIFICATE wRevision (0x0200)
	Type     uint16 // WIN_CERTIFICATE wCertificateType; only 2 (PKCS#7 SignedData) is read further

	DigestAlgorithm string // the signer's digest, "SHA-256"; an OID when unnamed
	SignerIssuer    Name   // from the signer info: the issuer of the signer's certificate
	SignerSerial    string // and its serial number, in hex
	// Signer is the certificate among Certificates that SignerIssuer and
	// SignerSerial name; nil when the signature does not carry it.
	Signer       *Certificate
	Certificates []Certificate // in the order the signature carries them
}

// Certificate is what a certificate names.
type Certificate struct {
	Subject, Issuer Name
	Serial          string // hex
}

// Name is a distinguished name: its common name and organization, and the whole in RFC 4514 form.
type Name struct {
	CommonName   string
	Organization string // the first O
	DN           string
}

const (
	maxCertTable = 4 << 20 // real tables are a few tens of KiB; the cap bounds what a hostile size makes us read
	maxNesting   = 4       // nested signatures within nested signatures
	// Real files carry one to three signatures of a few certificates each;
	// the caps keep a table of tiny hostile entries from costing more
	// memory than it is large.
	maxSignatures  = 64
	maxCertsPerSig = 256
	maxAttributes  = 64 // unsigned attributes of a signer info
	certTypePKCS7  = 2
	winCertHdrSize = 8
)

var (
	oidSignedData      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidNestedSignature = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 2, 4, 1}
)

var digests = map[string]string{
	"1.2.840.113549.2.5":      "MD5",
	"1.3.14.3.2.26":           "SHA-1",
	"2.16.840.1.101.3.4.2.1":  "SHA-256",
	"2.16.840.1.101.3.4.2.2":  "SHA-384",
	"2.16.840.1.101.3.4.2.3":  "SHA-512",
	"2.16.840.1.101.3.4.2.8":  "SHA3-256",
	"2.16.840.1.101.3.4.2.9":  "SHA3-384",
	"2.16.840.1.101.3.4.2.10": "SHA3-512",
}

// Signatures reads the certificate table (data directory 4, whose address
// is a file offset) and the signatures in it, nested ones after the one
// holding them. A file without a table gives nil and no error.
func (f *File) Signatures() ([]Signature, error) {
	d := f.dir(dirSecurity)
	if d.addr == 0 || d.size == 0 {
		return nil, nil
	}
	off := int64(d.addr)
	if d.size > maxCertTable {
		return nil, formatErr(ErrFormat, off, "the certificate table claims %d bytes, more than the %d read", d.size, maxCertTable)
	}
	tab, err := f.read(off, int(d.size), ErrTruncated,
		"the certificate table (%d bytes) ends past the end of the file (%d bytes)", d.size, f.size)
	if err != nil {
		return nil, err
	}
	var sigs []Signature
	for p, entry := 0, 1; len(tab)-p >= winCertHdrSize; entry++ {
		length := int(binary.LittleEndian.Uint32(tab[p:]))
		at := off + int64(p)
		if length < winCertHdrSize || length > len(tab)-p {
			return nil, formatErr(ErrFormat, at, "certificate table entry %d claims %d bytes, but the table has %d left", entry, length, len(tab)-p)
		}
		if len(sigs) >= maxSignatures {
			return nil, formatErr(ErrFormat, at, "the certificate table holds more than %d signatures", maxSignatures)
		}
		base := Signature{Entry: entry, Revision: binary.LittleEndian.Uint16(tab[p+4:]), Type: binary.LittleEndian.Uint16(tab[p+6:])}
		if base.Type != certTypePKCS7 {
			sigs = append(sigs, base)
		} else if sigs, err = appendSignedData(sigs, base, tab[p+winCertHdrSize:p+length], 0); err != nil {
			return nil, formatErr(ErrFormat, at, "certificate table entry %d: %v", entry, err)
		}
		p += (length + 7) &^ 7 // entries are 8-byte aligned
	}
	return sigs, nil
}

// appendSignedData appends the signatures of the ContentInfo der (one per
// signer info, then those nested in each).
func appendSignedData(sigs []Signature, base Signature, der []byte, depth int) ([]Signature, error) {
	if depth > maxNesting {
		return nil, fmt.Errorf("signatures are nested more than %d deep", maxNesting)
	}
	sd, err := signedData(der)
	if err != nil {
		return nil, err
	}
	var certs []Certificate
	var certKeys []string
	if sd.certs != nil {
		raws, err := elements(sd.certs.Bytes, maxCertsPerSig)
		if err != nil {
			return nil, fmt.Errorf("its certificate set: %v", err)
		}
		for i, r := range raws {
			if r.Class != asn1.ClassUniversal {
				continue // CMS's other CertificateChoices (attribute certificates...) name no signer
			}
			c, key, err := parseCertificate(r)
			if err != nil {
				return nil, fmt.Errorf("certificate %d: %v", i+1, err)
			}
			certs, certKeys = append(certs, c), append(certKeys, key)
		}
	}
	for i, raw := range sd.signers {
		si, err := parseSignerInfo(raw)
		if err != nil {
			return nil, fmt.Errorf("signer info %d: %v", i+1, err)
		}
		s := base
		s.Nested = depth
		s.DigestAlgorithm = digestName(si.digest)
		s.SignerIssuer, s.SignerSerial = si.issuer, hex.EncodeToString(si.serial)
		s.Certificates = certs
		s.Signer = findCert(certs, certKeys, si.key)
		var nested [][]byte
		for _, a := range si.unauth {
			if a.oid.Equal(oidNestedSignature) {
				nested = append(nested, a.values...)
			}
		}
		if len(sigs) >= maxSignatures {
			return nil, fmt.Errorf("it holds more than %d signatures", maxSignatures)
		}
		sigs = append(sigs, s)
		for _, n := range nested {
			if sigs, err = appendSignedData(sigs, base, n, depth+1); err != nil {
				return nil, fmt.Errorf("nested signature: %v", err)
			}
		}
	}
	return sigs, nil
}

type signedDataParts struct {
	certs   *asn1.RawValue // [0] IMPLICIT SET OF Certificate
	signers []asn1.RawValue
}

var errNotSignedData = errors.New("not PKCS#7 SignedData")

// signedData splits a ContentInfo holding SignedData (RFC 2315 section
// 9.1) into the parts we read.
func signedData(der []byte) (signedDataParts, error) {
	var outer asn1.RawValue
	if _, err := asn1.Unmarshal(der, &outer); err != nil {
		return signedDataParts{}, fmt.Errorf("%w: %v", errNotSignedData, err)
	}
	ci, err := elements(outer.Bytes, 2)
	if err != nil || outer.Class != asn1.ClassUniversal || outer.Tag != asn1.TagSequence || len(ci) < 2 {
		return signedDataParts{}, fmt.Errorf("%w: it is not a SEQUENCE of a content type and content", errNotSignedData)
	}
	var typ asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(ci[0].FullBytes, &typ); err != nil {
		return signedDataParts{}, fmt.Errorf("%w: its content type is not an OID", errNotSignedData)
	}
	if !typ.Equal(oidSignedData) {
		return signedDataParts{}, fmt.Errorf("%w: its content type is %v", errNotSignedData, typ)
	}
	if ci[1].Class != asn1.ClassContextSpecific || ci[1].Tag != 0 {
		return signedDataParts{}, fmt.Errorf("%w: its content is not tagged [0]", errNotSignedData)
	}
	var content asn1.RawValue
	if _, err := asn1.Unmarshal(ci[1].Bytes, &content); err != nil || content.Tag != asn1.TagSequence {
		return signedDataParts{}, fmt.Errorf("%w: its content is not a SEQUENCE", errNotSignedData)
	}
	es, err := elements(content.Bytes, 6)
	if err != nil {
		return signedDataParts{}, fmt.Errorf("%w: %v", errNotSignedData, err)
	}
	// version, digestAlgorithms, contentInfo, [0] certificates, [1] crls, signerInfos
	if len(es) < 4 {
		return signedDataParts{}, fmt.Errorf("%w: it has %d fields, not at least 4", errNotSignedData, len(es))
	}
	var p signedDataParts
	for i := 3; i < len(es)-1; i++ {
		if es[i].Class == asn1.ClassContextSpecific && es[i].Tag == 0 {
			p.certs = &es[i]
		}
	}
	last := es[len(es)-1]
	if last.Tag != asn1.TagSet {
		return p, fmt.Errorf("%w: its last field (signer infos) is not a SET", errNotSignedData)
	}
	if p.signers, err = elements(last.Bytes, maxSignatures); err != nil {
		return p, fmt.Errorf("%w: its signer infos: %v", errNotSignedData, err)
	}
	return p, nil
}

// elements splits DER content into its TLVs, refusing more than limit:
// a TLV can be two bytes, so an unbounded count would let a few MiB of
// input cost a hundred MiB of RawValues.
func elements(b []byte, limit int) ([]asn1.RawValue, error) {
	var out []asn1.RawValue
	for len(b) > 0 {
		if len(out) == limit {
			return nil, fmt.Errorf("more than %d elements", limit)
		}
		var v asn1.RawValue
		rest, err := asn1.Unmarshal(b, &v)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		b = rest
	}
	return out, nil
}

// parseCertificate reads the names and serial of an X.509 certificate
// from its TBSCertificate alone (RFC 5280 section 4.1): crypto/x509
// refuses certificates for reasons that do not matter to naming them, and
// its public-key code would weigh on the wasm build. key is issuer DER +
// serial, what a signer info names its certificate by.
func parseCertificate(raw asn1.RawValue) (Certificate, string, error) {
	if raw.Tag != asn1.TagSequence {
		return Certificate{}, "", errors.New("not an X.509 certificate (not a SEQUENCE)")
	}
	outer, err := elements(raw.Bytes, 3)
	if err != nil || len(outer) == 0 {
		return Certificate{}, "", fmt.Errorf("not an X.509 certificate: %v", err)
	}
	tbs, err := elements(outer[0].Bytes, 10)
	if err != nil {
		return Certificate{}, "", fmt.Errorf("its TBSCertificate: %v", err)
	}
	if len(tbs) > 0 && tbs[0].Class == asn1.ClassContextSpecific && tbs[0].Tag == 0 {
		tbs = tbs[1:] // [0] version
	}
	// serialNumber, signature, issuer, validity, subject
	if len(tbs) < 5 {
		return Certificate{}, "", errors.New("its TBSCertificate is too short for serial, issuer and subject")
	}
	issuer, err := parseName(tbs[2].FullBytes)
	if err != nil {
		return Certificate{}, "", fmt.Errorf("its issuer: %v", err)
	}
	subject, err := parseName(tbs[4].FullBytes)
	if err != nil {
		return Certificate{}, "", fmt.Errorf("its subject: %v", err)
	}
	return Certificate{Subject: subject, Issuer: issuer, Serial: hex.EncodeToString(tbs[0].Bytes)},
		string(tbs[2].FullBytes) + "\x00" + string(tbs[0].Bytes), nil
}

func parseName(der []byte) (Name, error) {
	var rdn pkix.RDNSequence
	if rest, err := asn1.Unmarshal(der, &rdn); err != nil {
		return Name{}, err
	} else if len(rest) > 0 {
		return Name{}, errors.New("trailing data after the name")
	}
	var n pkix.Name
	n.FillFromRDNSequence(&rdn)
	out := Name{CommonName: n.CommonName, DN: rdn.String()}
	if len(n.Organization) > 0 {
		out.Organization = n.Organization[0]
	}
	return out, nil
}

type signerInfo struct {
	issuer Name
	serial []byte
	key    string // issuer DER + serial; "" when the signer is named by key identifier
	digest asn1.ObjectIdentifier
	unauth []attribute
}

type attribute struct {
	oid    asn1.ObjectIdentifier
	values [][]byte // DER of each value
}

// parseSignerInfo reads a SignerInfo (RFC 2315 section 9.2; RFC 5652's
// subjectKeyIdentifier form is accepted but names no certificate).
func parseSignerInfo(raw asn1.RawValue) (signerInfo, error) {
	var si signerInfo
	es, err := elements(raw.Bytes, 7)
	if err != nil {
		return si, err
	}
	// version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, [1] unsignedAttrs
	if raw.Tag != asn1.TagSequence || len(es) < 5 {
		return si, errors.New("not a SignerInfo")
	}
	if es[1].Tag == asn1.TagSequence && es[1].Class == asn1.ClassUniversal {
		ias, err := elements(es[1].Bytes, 2)
		if err != nil || len(ias) != 2 {
			return si, errors.New("its issuer and serial number are not a pair")
		}
		if si.issuer, err = parseName(ias[0].FullBytes); err != nil {
			return si, fmt.Errorf("its issuer: %v", err)
		}
		si.serial = ias[1].Bytes
		si.key = string(ias[0].FullBytes) + "\x00" + string(ias[1].Bytes)
	}
	var alg pkix.AlgorithmIdentifier
	if _, err := asn1.Unmarshal(es[2].FullBytes, &alg); err != nil {
		return si, fmt.Errorf("its digest algorithm: %v", err)
	}
	si.digest = alg.Algorithm
	if last := es[len(es)-1]; last.Class == asn1.ClassContextSpecific && last.Tag == 1 {
		attrs, err := elements(last.Bytes, maxAttributes)
		if err != nil {
			return si, fmt.Errorf("its unsigned attributes: %v", err)
		}
		for _, a := range attrs {
			parts, err := elements(a.Bytes, 2)
			if err != nil || len(parts) != 2 {
				return si, errors.New("an unsigned attribute is not a type and a set of values")
			}
			var at attribute
			if _, err := asn1.Unmarshal(parts[0].FullBytes, &at.oid); err != nil {
				return si, fmt.Errorf("an unsigned attribute's type: %v", err)
			}
			vals, err := elements(parts[1].Bytes, maxSignatures)
			if err != nil {
				return si, fmt.Errorf("unsigned attribute %v: %v", at.oid, err)
			}
			for _, v := range vals {
				at.values = append(at.values, v.FullBytes)
			}
			si.unauth = append(si.unauth, at)
		}
	}
	return si, nil
}

func findCert(certs []Certificate, keys []string, key string) *Certificate {
	if key == "" {
		return nil
	}
	for i := range certs {
		if keys[i] == key {
			return &certs[i]
		}
	}
	return nil
}

func digestName(oid asn1.ObjectIdentifier) string {
	if s, ok := digests[oid.String()]; ok {
		return s
	}
	return oid.String()
}
