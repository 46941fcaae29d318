package i18n

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// File is the content of one locale file: the translations of one
// catalogue (Domain) into one locale. On disk it is JSON:
//
//	{
//	  "domain": "errcat.dev",
//	  "locale": "de",
//	  "entries": {
//	    "OBJECT_NOT_FOUND": {
//	      "source": {
//	        "title": "Unable to locate {object} with id {id}",
//	        "message": "Unable to locate {object} with id {id}.",
//	        "resolutions": ["Verify that the ID {id} is correct.", "..."]
//	      },
//	      "title": "{object} mit der ID {id} nicht gefunden",
//	      "message": "{object} mit der ID {id} wurde nicht gefunden.",
//	      "resolutions": ["Prüfen Sie, ob die ID {id} korrekt ist.", "..."]
//	    }
//	  }
//	}
//
// Entries are keyed by reason. "source" records the English texts the
// translation was made from, so that [Check] can report translations the
// English has since moved away from. Placeholders are written with the
// argument names, `{object}`, never `{0}`.
type File struct {
	// Domain is the catalogue's ErrorInfo domain.
	Domain string
	// Locale is the BCP 47 tag of the translation ("de", "pt-BR").
	Locale string
	// Entries in file order.
	Entries []FileEntry
}

// FileEntry is the translation of one catalogue entry.
type FileEntry struct {
	// Reason identifies the entry in its catalogue.
	Reason string
	// Source holds the English texts the translation was made from.
	Source Text
	// Text is the translation. An empty title or message, or no
	// resolutions, means "not translated yet": the English text is used.
	Text
}

// Text is the translatable part of an entry, with `{name}` placeholders.
type Text struct {
	// Title is the short title.
	Title string `json:"title"`
	// Message is the message template.
	Message string `json:"message"`
	// Resolutions are the resolution steps, as many as in the English.
	Resolutions []string `json:"resolutions"`
}

type jsonEntry struct {
	Source Text `json:"source"`
	Text
}

type jsonFile struct {
	Domain  string          `json:"domain"`
	Locale  string          `json:"locale"`
	Entries json.RawMessage `json:"entries"`
}

// ParseFile decodes a locale file. It fails on invalid JSON, unknown fields,
// invalid UTF-8 and duplicate reasons, naming the reason at fault; it does
// not look at the catalogue (see [Check] and [Bundle.AddFS] for that).
func ParseFile(data []byte) (*File, error) {
	var jf jsonFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&jf); err != nil {
		return nil, jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the top-level object")
	}
	f := &File{Domain: jf.Domain, Locale: jf.Locale}
	if len(jf.Entries) == 0 || string(jf.Entries) == "null" {
		return f, checkUTF8(data)
	}
	// Walk the entries object by hand: encoding/json would silently keep the
	// last of two equal keys and replace invalid UTF-8 with U+FFFD.
	ed := json.NewDecoder(bytes.NewReader(jf.Entries))
	if tok, err := ed.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf(`"entries" must be an object keyed by reason`)
	}
	seen := map[string]bool{}
	for ed.More() {
		tok, err := ed.Token()
		if err != nil {
			return nil, err
		}
		reason := tok.(string) // object keys are always strings
		var raw json.RawMessage
		if err := ed.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%s: %v", reason, err)
		}
		if !utf8.ValidString(reason) {
			return nil, fmt.Errorf("invalid UTF-8 in a reason")
		}
		if !utf8.Valid(raw) {
			return nil, fmt.Errorf("%s: invalid UTF-8", reason)
		}
		if seen[reason] {
			return nil, fmt.Errorf("%s: duplicate entry", reason)
		}
		seen[reason] = true
		var je jsonEntry
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(&je); err != nil {
			return nil, fmt.Errorf("%s: %v", reason, err)
		}
		f.Entries = append(f.Entries, FileEntry{Reason: reason, Source: je.Source, Text: je.Text})
	}
	return f, checkUTF8(data)
}

// checkUTF8 reports invalid UTF-8 by line: encoding/json would accept it
// silently, replacing it with U+FFFD.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return fmt.Errorf("line %d: invalid UTF-8", 1+bytes.Count(data[:i], []byte("\n")))
		}
		i += n
	}
	return nil
}

// jsonError adds the line number to a syntax error.
func jsonError(data []byte, err error) error {
	if se, ok := err.(*json.SyntaxError); ok {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("line %d: %v", line, err)
	}
	return err
}

// Encode returns the file in its canonical form: entries in file order,
// two-space indentation, non-ASCII text and HTML characters unescaped, a
// final newline. [Scaffold] output and the shipped locale files are in this
// form, so that diffs stay small.
func (f *File) Encode() []byte {
	var b bytes.Buffer
	b.WriteString("{\n")
	fmt.Fprintf(&b, "  %s: %s,\n", quote("domain"), quote(f.Domain))
	fmt.Fprintf(&b, "  %s: %s,\n", quote("locale"), quote(f.Locale))
	b.WriteString(`  "entries": {`)
	for i, e := range f.Entries {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "\n    %s: {\n", quote(e.Reason))
		b.WriteString(`      "source": {` + "\n")
		writeText(&b, "        ", e.Source)
		b.WriteString("\n      },\n")
		writeText(&b, "      ", e.Text)
		b.WriteString("\n    }")
	}
	if len(f.Entries) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("}\n}\n")
	return b.Bytes()
}

func writeText(b *bytes.Buffer, indent string, t Text) {
	fmt.Fprintf(b, "%s\"title\": %s,\n", indent, quote(t.Title))
	fmt.Fprintf(b, "%s\"message\": %s,\n", indent, quote(t.Message))
	fmt.Fprintf(b, "%s\"resolutions\": [", indent)
	for i, r := range t.Resolutions {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(b, "\n%s  %s", indent, quote(r))
	}
	if len(t.Resolutions) > 0 {
		b.WriteString("\n" + indent)
	}
	b.WriteByte(']')
}

// quote encodes s as a JSON string without escaping <, > and &.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
