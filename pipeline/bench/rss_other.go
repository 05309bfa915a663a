//go:build !unix

package bench

import (
	"os"
	"time"
)

// maxRSS returns 0: peak RSS is read on Unix only.
func maxRSS(*os.ProcessState) int64 { return 0 }

// selfCPU returns 0: CPU time is read on Unix only.
func selfCPU() time.Duration { return 0 }
