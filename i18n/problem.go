package i18n

import (
	"strconv"
	"strings"
)

// Kind classifies a [Problem].
type Kind int

// The kinds of problems [Check] reports. Invalid, Unknown and Mismatch are
// fatal: a [Bundle] refuses to load a file that has them. Missing,
// Untranslated and Stale are not: the English text is used where a
// translation is missing, and a stale translation is still used.
const (
	// Invalid: the file cannot be used (bad JSON, invalid UTF-8, a domain no
	// registered catalogue owns, a malformed or duplicate locale).
	Invalid Kind = iota + 1
	// Unknown: the file translates a reason the catalogue does not have.
	Unknown
	// Mismatch: a translation uses other placeholders than the English
	// text, or has another number of resolutions.
	Mismatch
	// Missing: an entry of the catalogue is absent from the file.
	Missing
	// Untranslated: the entry is present but a text is empty.
	Untranslated
	// Stale: the English text changed since the translation was made
	// ("source" differs from the catalogue).
	Stale
)

var kindNames = [...]string{"", "invalid", "unknown", "mismatch", "missing", "untranslated", "stale"}

// String returns the lower-case name of the kind ("stale").
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Fatal reports whether a [Bundle] refuses to load a file with a problem of
// this kind.
func (k Kind) Fatal() bool { return k == Invalid || k == Unknown || k == Mismatch }

// Problem is one finding of [Check] about a locale file.
type Problem struct {
	// File names the locale file.
	File string
	// Reason is the entry at fault, or "" for the file as a whole.
	Reason string
	// Field is the text at fault: "title", "message", "resolutions[1]",
	// "source.message"... or "".
	Field string
	// Kind classifies the problem.
	Kind Kind
	// Message says what is wrong, for people.
	Message string
}

// String formats the problem as "file: REASON: field: kind: message",
// leaving out empty parts.
func (p Problem) String() string {
	var parts []string
	for _, s := range []string{p.File, p.Reason, p.Field, p.Kind.String(), p.Message} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ": ")
}
