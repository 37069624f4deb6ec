//go:build !(js && wasm)

package main

import (
	"io"
	"os"
)

func openFile(name string) (partFile, error) { return openOS(name) }

func stdout() io.Writer { return os.Stdout }
