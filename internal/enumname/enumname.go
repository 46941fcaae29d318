// Package enumname holds the one naming rule that ties a catalogue enum's
// value names to the reasons errcat sends, shared by protoc-gen-errcat and
// errcat-locales.
package enumname

import "strings"

// ValuePrefix returns the UPPER_SNAKE prefix, with its trailing underscore,
// that every value of an enum carries: "CommonError" -> "COMMON_ERROR_",
// "HTTPError" -> "HTTP_ERROR_". It is the rule of buf's ENUM_VALUE_PREFIX;
// a value's reason is its name without this prefix.
func ValuePrefix(enumName string) string {
	var b strings.Builder
	for i := 0; i < len(enumName); i++ {
		c := enumName[i]
		if i > 0 && isUpper(c) {
			prev := enumName[i-1]
			nextLower := i+1 < len(enumName) && isLower(enumName[i+1])
			if isLower(prev) || isDigit(prev) || isUpper(prev) && nextLower {
				b.WriteByte('_')
			}
		}
		b.WriteString(strings.ToUpper(string(c)))
	}
	return b.String() + "_"
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
