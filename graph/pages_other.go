//go:build !linux

package graph

func dropMapping(addr uintptr) {}
