package bulk_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
)

// poisonMemory releases by overwriting, as the OS hands back released
// pages zeroed: bytes released while still needed then come out wrong.
type poisonMemory struct {
	mu       sync.Mutex
	released int64
}

func (m *poisonMemory) Alloc(n int) []byte { return make([]byte, n) }
func (m *poisonMemory) Free([]byte)        {}

func (m *poisonMemory) Release(b []byte) {
	for i := range b {
		b[i] = 0xee
	}
	m.mu.Lock()
	m.released += int64(len(b))
	m.mu.Unlock()
}

// pacedESD has wimlib-imagex capture files of 20 KiB to 5 MiB, half text
// and half random bytes, as a solid ESD with 4 MiB chunks, each stored in over
// 1 MiB so that it decodes as it is read, telling its progress; blobs run
// across chunks. It returns the ESD's bytes and the files' contents.
func pacedESD(t *testing.T) ([]byte, [][]byte) {
	r := rand.New(rand.NewPCG(3, 4))
	sizes := []int{5 << 20, 300 << 10, 3 << 20, 1 << 20, 4<<20 + 77, 700 << 10, 2 << 20, 3<<20 + 5}
	for range 40 {
		sizes = append(sizes, 20<<10+r.IntN(200<<10))
	}
	var files [][]byte
	for _, size := range sizes {
		var b bytes.Buffer
		for b.Len() < size {
			if r.IntN(2) == 0 {
				b.WriteString("chunk window stream " + strconv.Itoa(r.IntN(1000)) + "\n")
			} else {
				for range 24 {
					b.WriteByte(byte(r.Uint32()))
				}
			}
		}
		files = append(files, b.Bytes()[:size])
	}
	return captureSolid(t, files, "--solid-chunk-size=4194304"), files
}

// Extraction paces the decoding of large chunks and gives back what it
// is done with as it goes: every blob still reads whole, though each
// release overwrites its bytes; what the chunks hold at once stays near
// one chunk when the spans after the oldest may hold none; damaged
// copies read as they do unpaced; and a pass cancelled while spans wait
// for the oldest ends.
func TestReadBlobsPaced(t *testing.T) {
	const chunk = 4 << 20
	esd, files := pacedESD(t)
	a := openBytes(t, esd)
	var hashes []digest.SHA1
	for _, f := range files {
		hashes = append(hashes, digest.Sum(f))
	}
	var mu sync.Mutex
	var seen int
	var peak int64
	defer bulk.SetPacing(chunk, 0, 256<<10, func(resident int64) {
		mu.Lock()
		seen++
		peak = max(peak, resident)
		mu.Unlock()
	})()
	mem := &poisonMemory{}
	c := &collector{t: t, data: map[int]*bytes.Buffer{}, done: map[int]error{}}
	require.NoError(t, readAll(context.Background(), a, bulk.Options{Memory: mem}, hashes, c, nil))
	for i, f := range files {
		require.NoError(t, c.done[i], "file %d", i)
		require.True(t, bytes.Equal(c.data[i].Bytes(), f), "file %d read differs", i)
	}
	var total int64
	for _, f := range files {
		total += int64(len(f))
	}
	require.Greater(t, mem.released, total, "every chunk's bytes are given back, some more than once")
	require.Greater(t, seen, 5, "the decoders told their progress")
	// Each span after the oldest goes on only while the spans hold at
	// most a chunk, then writes some more of lzms's 256 KiB steps before
	// it tells again; unpaced, every core's span would hold a whole chunk.
	workers := int64(max(runtime.GOMAXPROCS(0), 2))
	require.LessOrEqual(t, peak, chunk+(workers-1)*chunk/4, "the spans held %d bytes at once", peak)

	// Damaged copies read as they do unpaced: the same blobs fail, with
	// the same errors, and the others read whole.
	r := rand.New(rand.NewPCG(5, 6))
	failed := 0
	for k := range 12 {
		bad := bytes.Clone(esd)
		for range 1 + r.IntN(3) {
			// In the solid resource: past the header, before the tables.
			bad[208+r.IntN(len(bad)*7/8-208)] ^= byte(1 + r.IntN(255))
		}
		read := func(mem bulk.Memory) *collector {
			c := &collector{t: t, data: map[int]*bytes.Buffer{}, done: map[int]error{}}
			require.NoError(t, readAll(context.Background(), openBytes(t, bad), bulk.Options{Memory: mem}, hashes, c, nil))
			return c
		}
		paced, unpaced := read(&poisonMemory{}), read(nil)
		for i, f := range files {
			perr, pok := paced.done[i]
			uerr, uok := unpaced.done[i]
			require.True(t, pok && uok, "copy %d, file %d never done", k, i)
			require.Equal(t, fmt.Sprint(uerr), fmt.Sprint(perr), "copy %d, file %d", k, i)
			if perr == nil {
				require.True(t, bytes.Equal(paced.data[i].Bytes(), f), "copy %d, file %d read differs", k, i)
			} else {
				failed++
			}
		}
	}
	require.NotZero(t, failed, "no damage was seen")
	t.Logf("%d of %d files failed in the damaged copies", failed, 12*len(files))

	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	stop := &cancelling{collector: collector{t: t, data: map[int]*bytes.Buffer{}, done: map[int]error{}}, cancel: func() { once.Do(cancel) }}
	err := readAll(ctx, a, bulk.Options{Memory: &poisonMemory{}}, hashes, stop, nil)
	require.True(t, errors.Is(err, context.Canceled), "a cancelled paced pass: %v", err)
}

// cancelling cancels the pass at its first piece.
type cancelling struct {
	collector
	cancel func()
}

func (c *cancelling) Piece(i int, p []byte) {
	c.cancel()
	c.collector.Piece(i, p)
}
