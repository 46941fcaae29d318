package errcat

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"google.golang.org/grpc/codes"
)

// DefaultCodePattern is the code format of a catalogue that sets none: six
// digits, optionally followed by a variant index ("000037[0]").
const DefaultCodePattern = `^[0-9]{6}(\[[0-9]+\])?$`

// MetadataCodeKey is the google.rpc.ErrorInfo.metadata key that carries the
// entry's numeric code. No argument may use it as its name.
const MetadataCodeKey = "code"

var (
	reasonRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]+[A-Z0-9]$`)
	argRE    = regexp.MustCompile(`^[a-z][a-zA-Z0-9]+$`)
	domainRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
)

// A Problem is one reason a catalogue is invalid.
type Problem struct {
	// Entry is the index of the entry in CatalogSpec.Entries, or -1 for the
	// catalogue itself.
	Entry int
	// Other is the index of the other entry the problem involves (the one
	// that already uses a duplicated reason or code), or -1 when none.
	Other int
	// Field names the option at fault, as in the proto ("code",
	// "args[1].name", "resolutions[0]").
	Field string
	// Message says what is wrong. It does not name the Other entry: String
	// appends " by entry #N", and a tool can name that entry its own way.
	Message string
}

func (p Problem) String() string {
	msg := p.Message
	if p.Other >= 0 {
		msg += fmt.Sprintf(" by entry #%d", p.Other)
	}
	if p.Entry < 0 {
		return fmt.Sprintf("catalog option %s: %s", p.Field, msg)
	}
	return fmt.Sprintf("entry #%d option %s: %s", p.Entry, p.Field, msg)
}

// Validate checks a catalogue against the rules every errcat catalogue obeys:
// a domain; reasons in AIP-193 format, at most 63 characters and unique;
// codes unique and in the catalogue's format, variants of an existing code;
// a gRPC code other than OK and an HTTP status; title, message and
// description present; a summary, if set, on a single line; argument names
// well-formed and unique; every placeholder bound to an argument and every
// argument used by the message; valid UTF-8 everywhere. protoc-gen-errcat
// and [Register] share it.
func Validate(spec CatalogSpec) []Problem {
	var ps []Problem
	add := func(entry int, field, format string, a ...any) {
		ps = append(ps, Problem{Entry: entry, Other: -1, Field: field, Message: fmt.Sprintf(format, a...)})
	}
	// dup reports that entry i repeats the value of field used by entry j.
	dup := func(i, j int, field, value string) {
		ps = append(ps, Problem{Entry: i, Other: j, Field: field, Message: fmt.Sprintf("%q is already used", value)})
	}
	switch {
	case spec.Domain == "":
		add(-1, "domain", "is required")
	case !domainRE.MatchString(spec.Domain):
		add(-1, "domain", "%q is not a lowercase DNS-style name such as \"errcat.dev\"", spec.Domain)
	}
	pattern := spec.CodePattern
	if pattern == "" {
		pattern = DefaultCodePattern
	}
	codeRE, err := regexp.Compile(pattern)
	if err != nil {
		add(-1, "code_pattern", "%v", err)
		codeRE = regexp.MustCompile(DefaultCodePattern)
	}
	if spec.DocURL != "" {
		u, err := url.Parse(expandDocURL(spec.DocURL, spec.Domain, "REASON", "000000"))
		if err != nil || !u.IsAbs() || u.Host == "" {
			add(-1, "doc_url", "%q is not an absolute URL template", spec.DocURL)
		}
	}
	for _, f := range [][2]string{{"title", spec.Title}, {"description", spec.Description}} {
		if !utf8.ValidString(f[1]) {
			add(-1, f[0], "is not valid UTF-8")
		}
	}

	reasons := map[string]int{}
	codeAt := map[string]int{}
	for i, e := range spec.Entries {
		switch {
		case !reasonRE.MatchString(e.Reason):
			add(i, "reason", "%q does not match AIP-193 %s", e.Reason, reasonRE)
		case len(e.Reason) > 63:
			add(i, "reason", "%q is longer than 63 characters", e.Reason)
		}
		if j, seen := reasons[e.Reason]; seen {
			dup(i, j, "reason", e.Reason)
		}
		reasons[e.Reason] = i
		switch {
		case e.Code == "":
			add(i, "code", "is required")
		case !codeRE.MatchString(e.Code):
			add(i, "code", "%q does not match the catalogue's code pattern %s", e.Code, pattern)
		}
		if j, seen := codeAt[e.Code]; seen && e.Code != "" {
			dup(i, j, "code", e.Code)
		}
		codeAt[e.Code] = i
		if e.GRPCCode == codes.OK || e.GRPCCode > codes.Unauthenticated {
			add(i, "grpc_code", "must be an error code, not %v", e.GRPCCode)
		}
		if e.HTTPStatus < 400 || e.HTTPStatus > 599 {
			add(i, "http_status", "must be an HTTP error status (400-599), not %d", e.HTTPStatus)
		}
		if e.RetryDelay < 0 {
			add(i, "retry.delay", "must not be negative")
		}
		ps = append(ps, validateTexts(i, e)...)
	}
	// Variants refer to a base entry of the same catalogue.
	for i, e := range spec.Entries {
		if base, ok := variantBase(e.Code); ok {
			if _, exists := codeAt[base]; !exists {
				add(i, "code", "%q is a variant of %q, which the catalogue does not define", e.Code, base)
			}
		}
	}
	return ps
}

// validateTexts checks the texts and arguments of entry i.
func validateTexts(i int, e EntrySpec) []Problem {
	var ps []Problem
	add := func(field, format string, a ...any) {
		ps = append(ps, Problem{Entry: i, Other: -1, Field: field, Message: fmt.Sprintf(format, a...)})
	}
	names := make([]string, len(e.Args))
	seen := map[string]bool{}
	for j, a := range e.Args {
		field := fmt.Sprintf("args[%d].name", j)
		switch {
		case !argRE.MatchString(a.Name):
			add(field, "%q must be lowerCamelCase matching %s", a.Name, argRE)
		case len(a.Name) > 64:
			add(field, "%q is longer than 64 characters", a.Name)
		case a.Name == MetadataCodeKey:
			add(field, "%q is reserved for the numeric code", a.Name)
		case seen[a.Name]:
			add(field, "%q is declared twice", a.Name)
		}
		seen[a.Name] = true
		names[j] = a.Name
	}
	texts := []struct {
		field, text string
		required    bool
	}{
		{"title", e.Title, true},
		{"message", e.Message, true},
		{"description", e.Description, true},
		{"summary", e.Summary, false},
	}
	for j, s := range e.RootCauses {
		texts = append(texts, struct {
			field, text string
			required    bool
		}{fmt.Sprintf("root_causes[%d]", j), s, true})
	}
	for j, s := range e.Resolutions {
		texts = append(texts, struct {
			field, text string
			required    bool
		}{fmt.Sprintf("resolutions[%d]", j), s, true})
	}
	for _, t := range texts {
		if strings.TrimSpace(t.text) == "" {
			switch {
			case t.required:
				add(t.field, "is required")
			case t.text != "":
				add(t.field, "is blank: write a text or leave the option unset")
			}
			continue
		}
		if !utf8.ValidString(t.text) {
			add(t.field, "is not valid UTF-8")
			continue
		}
		if t.field == "summary" && strings.ContainsAny(t.text, "\r\n") {
			add(t.field, "must be a single line")
			continue
		}
		tmpl, err := compileTemplate(t.text, names)
		if err != nil {
			add(t.field, "%v", err)
			continue
		}
		if t.field == "message" {
			used := tmpl.placeholders()
			for j, n := range names {
				if !used[j] {
					add("message", "argument %q ({%d}) is not used by the message", n, j)
				}
			}
		}
	}
	return ps
}

// variantBase returns "000037" for "000037[0]".
func variantBase(code string) (string, bool) {
	if i := strings.IndexByte(code, '['); i > 0 && strings.HasSuffix(code, "]") {
		return code[:i], true
	}
	return "", false
}

// expandDocURL fills a doc_url template.
func expandDocURL(tmpl, domain, reason, code string) string {
	anchor := strings.ToLower(strings.NewReplacer("[", "-", "]", "").Replace(code))
	return strings.NewReplacer("{domain}", domain, "{reason}", reason, "{code}", url.PathEscape(code), "{anchor}", anchor).Replace(tmpl)
}
