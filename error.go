package errcat

// Error is an occurrence of a catalogue entry.
type Error struct {
	entry *Entry
	args  []string
}

func (e *Error) Error() string { return e.entry.Message(e.args...) }
