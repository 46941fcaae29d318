package errcat

// entryWire holds the parts of an entry's status that never change.
type entryWire struct{}

func precompute(e *Entry) entryWire { return entryWire{} }
