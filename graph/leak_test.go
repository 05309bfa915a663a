package graph

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them (an
// interrupted query's script, a store left open).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
