// Command craft writes the hostile WIMs of package wimtest to files, for
// tests outside Go (the page's end-to-end tests):
//
//	go run ./internal/wimtest/craft metadata-bomb CLAIMED_BYTES FILE_BYTES OUT
//	go run ./internal/wimtest/craft cyclic|dotdot OUT
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/wimlens/wimlens/internal/wimtest"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "craft:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	if len(args) == 2 {
		switch args[0] {
		case "cyclic":
			return os.WriteFile(args[1], wimtest.Cyclic(), 0o644)
		case "dotdot":
			return os.WriteFile(args[1], wimtest.DotDot(), 0o644)
		}
	}
	if len(args) != 4 || args[0] != "metadata-bomb" {
		return fmt.Errorf("usage: craft metadata-bomb CLAIMED_BYTES FILE_BYTES OUT, or craft cyclic|dotdot OUT")
	}
	claimed, err := strconv.ParseInt(args[1], 10, 64)
	if err != nil {
		return err
	}
	size, err := strconv.ParseInt(args[2], 10, 64)
	if err != nil {
		return err
	}
	return os.WriteFile(args[3], wimtest.MetadataBomb(claimed, size), 0o644)
}
