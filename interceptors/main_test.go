package interceptors_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine running: every
// server, connection and stream a test opens must be closed by its end.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
