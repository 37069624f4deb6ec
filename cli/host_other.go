//go:build !(js && wasm)

package main

import (
	"context"
	"io"
	"os"
)

func openFile(name string) (partFile, error) { return openOS(name) }

func stdout() io.Writer { return os.Stdout }

// Natively Verify has every core: no helper engines.
func startShardHelper([]string) shardHelper { return nil }

func runHelper(context.Context) (int, bool) { return 0, false }
