package huff

// See huff_other.go for what these do.

//go:noescape
func Count(lens []uint8, count []int)

//go:noescape
func Sort(lens []uint8, next []int, sorted []uint16)

//go:noescape
func FillRoot(table, sorted []uint16, count []int, rootBits uint) (placed, filled int)
