//go:build !linux

package graph

func dropMapping(addr uintptr) {}

func residentFile() (int64, bool) { return 0, false }
