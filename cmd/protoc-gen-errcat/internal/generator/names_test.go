package generator

import (
	"slices"
	"testing"
)

func TestGoName(t *testing.T) {
	for _, tt := range []struct{ reason, want string }{
		{"OBJECT_NOT_FOUND", "ObjectNotFound"},
		{"USER_ID_REQUIRED", "UserIDRequired"},
		{"API_UNREACHABLE", "APIUnreachable"},
		{"INVALID_JSON_FIELD_TYPE", "InvalidJSONFieldType"},
		{"INVALID_REDIRECT_URL", "InvalidRedirectURL"},
		{"HTTP_METHOD_NOT_SUPPORTED", "HTTPMethodNotSupported"},
		{"OAUTH2_FAILED", "Oauth2Failed"},
		{"A__B", "AB"},
	} {
		if got := goName(tt.reason); got != tt.want {
			t.Errorf("goName(%q) = %q, want %q", tt.reason, got, tt.want)
		}
	}
}

func TestParamNames(t *testing.T) {
	for _, tt := range []struct{ args, want []string }{
		{nil, []string{}},
		{[]string{"object", "id"}, []string{"object", "id"}},
		{[]string{"param", "type"}, []string{"param", "typ"}},
		{[]string{"type", "typ"}, []string{"typArg", "typ"}},
		{[]string{"func", "for", "range"}, []string{"fn", "forArg", "rng"}},
		{[]string{"if", "ifArg"}, []string{"ifArgArg", "ifArg"}},
		{[]string{"orderId", "callbackUrl", "url", "apiKey", "userID"}, []string{"orderID", "callbackURL", "url", "apiKey", "userID"}},
		{[]string{"orderId", "orderID"}, []string{"orderID", "orderIDArg"}},
		{[]string{"httpStatus", "oauth2Token", "sha256"}, []string{"httpStatus", "oauth2Token", "sha256"}},
	} {
		if got := paramNames(tt.args); !slices.Equal(got, tt.want) {
			t.Errorf("paramNames(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
