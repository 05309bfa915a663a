package pipeline

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: every
// Run, cancelled or failed, must stop all its stages.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
