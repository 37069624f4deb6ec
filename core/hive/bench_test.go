package hive

import (
	"bytes"
	"sync"
	"testing"
)

var large struct {
	once         sync.Once
	hive         []byte
	keys, values int
}

// BenchmarkWalk walks every key of a hive of about 80 MB and reads every
// value's data, as a comparison of two images' hives would.
func BenchmarkWalk(b *testing.B) {
	large.once.Do(func() { large.hive, large.keys, large.values = tree(60, 3) })
	b.SetBytes(int64(len(large.hive)))
	b.ReportAllocs()
	for b.Loop() {
		h, err := Open(bytes.NewReader(large.hive), int64(len(large.hive)), "")
		if err != nil {
			b.Fatal(err)
		}
		keys, values := 0, 0
		err = h.Walk(func(k *Key, err error) error {
			if err != nil {
				return err
			}
			keys++
			vals, err := k.Values()
			if err != nil {
				return err
			}
			for _, v := range vals {
				if _, err := v.Data(); err != nil {
					return err
				}
				values++
			}
			return nil
		})
		if err != nil || keys != large.keys || values != large.values {
			b.Fatalf("%d keys, %d values, %v", keys, values, err)
		}
	}
	b.ReportMetric(float64(large.keys)*float64(b.N)/b.Elapsed().Seconds(), "keys/s")
}
