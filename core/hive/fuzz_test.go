package hive

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wimlens/wimlens/core/inputerr"
)

// FuzzHive opens a hive, walks every key and reads and decodes every value
// and class name: damage must come back as errors, never a panic, a hang
// or an allocation the input did not pay for. Seeded with the small
// vectors and the hostile hive (SOFTWARE, 8 MB, would slow every run).
func FuzzHive(f *testing.F) {
	f.Add(vector(f, "SYSTEM"))
	f.Add(vector(f, "empty"))
	f.Add(hostile())
	small, _, _ := tree(3, 2)
	f.Add(small)
	f.Fuzz(func(t *testing.T, data []byte) {
		typed := func(err error) {
			var e *inputerr.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error: %v", err)
			}
			_ = err.Error()
		}
		h, err := Open(bytes.NewReader(data), int64(len(data)), `HKLM\FUZZ`)
		if err != nil {
			typed(err)
			return
		}
		keys := 0
		err = h.Walk(func(k *Key, err error) error {
			if err != nil {
				typed(err)
				return nil
			}
			keys++
			k.Class()
			vals, _ := k.Values()
			for _, v := range vals {
				if d, err := v.Data(); err == nil && int64(len(d)) > h.Size() {
					t.Fatalf("value of %d bytes from a hive of %d", len(d), h.Size())
				}
				v.String()
				v.Strings()
				v.Uint()
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if int64(keys) > h.Size()/8 { // overlapping cells can each be a key
			t.Fatalf("%d keys from a hive of %d bytes", keys, h.Size())
		}
		h.Key(`ControlSet001\Services\EventLog`)
	})
}
