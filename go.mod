module github.com/wimlens/wimlens

go 1.26
