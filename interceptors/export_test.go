package interceptors

import "io"

// SetStderr replaces where guard writes when the logger panics; the
// returned func restores it.
func SetStderr(w io.Writer) (restore func()) {
	old := stderr
	stderr = w
	return func() { stderr = old }
}
