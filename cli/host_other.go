//go:build !(js && wasm)

package main

import (
	"context"
	"io"
	"io/fs"
	"os"

	"github.com/wimlens/wimlens/core/digest"
)

// Natively Go's SHA-1 is the fastest there is.
func hostHasher() digest.Hasher { return nil }

func openFile(name string) (partFile, error) { return openOS(name) }

func stdout() io.Writer { return os.Stdout }

func fileIsTerminal(f *os.File) bool { return statIsTerminal(f) }

func statFile(name string) (fs.FileInfo, error) { return os.Stat(name) }

func sameFile(a, b fs.FileInfo) bool { return os.SameFile(a, b) }

// Natively Verify has every core: no helper engines.
func startShardHelper([]string) shardHelper { return nil }

func runHelper(context.Context) (int, bool) { return 0, false }
