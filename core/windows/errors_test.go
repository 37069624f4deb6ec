package windows

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// setValue finds the value cell (vk) named name in a hive's bytes and
// writes v at field, an offset from the cell's signature: 8 is inline
// data, 12 the type.
func setValue(t *testing.T, hive []byte, name string, field int, v uint32) []byte {
	t.Helper()
	h := bytes.Clone(hive)
	sig := []byte{'v', 'k', byte(len(name)), 0}
	for i := 0; i+20+len(name) <= len(h); i++ {
		if bytes.Equal(h[i:i+4], sig) && string(h[i+20:i+20+len(name)]) == name {
			binary.LittleEndian.PutUint32(h[i+field:], v)
			return h
		}
	}
	t.Fatalf("no value %s", name)
	return nil
}

// The words of the errors the report makes of what it finds in an image,
// as the page and the CLI show them.
func TestErrorWords(t *testing.T) {
	soft, sys := gunzip(t, "SOFTWARE"), gunzip(t, "SYSTEM")
	check := func(name, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s:\ngot  %q\nwant %q", name, got, want)
		}
	}
	// each is input that cannot be read, which the page says is malformed
	format := func(name string, e *view.ErrorInfo) {
		t.Helper()
		if e.Kind != view.KindFormat || e.Detail == "" {
			t.Errorf("%s: kind %q, detail %q", name, e.Kind, e.Detail)
		}
	}

	// A folder where the SOFTWARE hive should be.
	tree := winTree(nil, sys, nil)
	config := tree[0].Children[0].Children[0]
	config.Children[0] = &wimtest.Entry{Name: "SOFTWARE", Dir: true}
	rep := report(t, wimtest.Build(tree...))
	check("directory", rep.Version.Error.Message, `Windows\System32\config\SOFTWARE is a directory`)
	format("directory", rep.Version.Error)

	// ProductName a REG_BINARY, Select\Current naming no control set.
	rep = report(t, wimtest.Build(winTree(setValue(t, soft, "ProductName", 12, 3), setValue(t, sys, "Current", 8, 0), nil)...))
	check("type", rep.Version.Error.Message, "value ProductName is of type REG_BINARY, not text or a number")
	check("control set", rep.Languages.Error.Message, `SYSTEM\Select\Current is 0, which names no control set`)
	format("type", rep.Version.Error)
	format("control set", rep.Languages.Error)

	// A Winre.wim of no image.
	empty := wimtest.BuildXML("<WIM></WIM>")
	binary.LittleEndian.PutUint32(empty[44:], 0)
	rep = report(t, wimtest.Build(winTree(soft, sys, empty)...))
	check("winre", rep.WinRE.Error.Message, `Windows\System32\Recovery\Winre.wim: it holds no image`)
	format("winre", rep.WinRE.Error)

	// A provisioning list and a manifest too large to read.
	dir := func(name string, kids ...*wimtest.Entry) *wimtest.Entry {
		return &wimtest.Entry{Name: name, Dir: true, Children: kids}
	}
	tree = winTree(soft, sys, nil)
	tree[0].Children = append(tree[0].Children, dir("servicing", dir("Packages",
		&wimtest.Entry{Name: "Big.mum", Data: []byte(strings.Repeat(" ", 8<<20+1))})))
	tree = append(tree, dir("ProgramData", dir("Microsoft", dir("Windows",
		&wimtest.Entry{Name: "AppxProvisioning.xml", Data: []byte(strings.Repeat(" ", 4<<20+1))}))))
	rep = report(t, wimtest.Build(tree...))
	check("provisioning", rep.Apps.ProvisioningError.Message,
		`ProgramData\Microsoft\Windows\AppxProvisioning.xml: provisioning list too large (4194305 bytes; at most 4194304 are read)`)
	format("provisioning", rep.Apps.ProvisioningError)
	var mum string
	for _, p := range rep.Packages.Packages {
		if p.Name == "Big" {
			mum = p.Error
		}
	}
	check("manifest", mum, `Windows\servicing\Packages\Big.mum: package manifest too large (8388609 bytes; at most 8388608 are read)`)
}
