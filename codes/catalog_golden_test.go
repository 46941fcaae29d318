package codes_test

// These tests guard the option values of the catalogues, which `buf breaking`
// does not see: a golden rendering of every option, the shape of the common
// catalogue (codes, reasons, arguments) and the hygiene of its texts.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/errcat/errcat/codes"
	errcatv1 "github.com/errcat/errcat/gen/errcat/v1"
	"github.com/errcat/errcat/internal/golden"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// catalogues lists the enums of package codes with the prefix of their value
// names. The common catalogue comes first (TestCommonCatalogueShape reads
// it). The client catalogue transcribes an error page that has no one-line
// summaries, so its entries may leave summary empty.
var catalogues = []struct {
	enum            protoreflect.EnumDescriptor
	prefix          string
	summaryOptional bool
}{
	{codes.File_errcat_common_v1_common_proto.Enums().ByName("CommonError"), "COMMON_ERROR_", false},
	{codes.File_errcat_runtime_v1_runtime_proto.Enums().ByName("RuntimeError"), "RUNTIME_ERROR_", false},
	{codes.File_errcat_client_v1_client_proto.Enums().ByName("ClientError"), "CLIENT_ERROR_", true},
}

func catalogOf(t *testing.T, ed protoreflect.EnumDescriptor) *errcatv1.CatalogOptions {
	t.Helper()
	c, _ := proto.GetExtension(ed.Options(), errcatv1.E_Catalog).(*errcatv1.CatalogOptions)
	if c == nil || c.GetDomain() == "" {
		t.Fatalf("%s: no errcat.v1.catalog option", ed.FullName())
	}
	return c
}

// entryOf returns the entry option of a value, or nil.
func entryOf(vd protoreflect.EnumValueDescriptor) *errcatv1.EntryOptions {
	e, _ := proto.GetExtension(vd.Options(), errcatv1.E_Entry).(*errcatv1.EntryOptions)
	if e == nil || e.GetCode() == "" {
		return nil
	}
	return e
}

// stableJSON renders m as indented JSON. protojson deliberately varies its
// whitespace between builds, so the output is re-indented by encoding/json,
// which drops insignificant whitespace.
func stableJSON(t *testing.T, m proto.Message) string {
	t.Helper()
	raw, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestOptionsGolden(t *testing.T) {
	var b strings.Builder
	for _, c := range catalogues {
		fmt.Fprintf(&b, "enum %s\n%s\n\n", c.enum.FullName(), stableJSON(t, catalogOf(t, c.enum)))
		values := c.enum.Values()
		for i := range values.Len() {
			vd := values.Get(i)
			fmt.Fprintf(&b, "%s = %d\n", vd.Name(), vd.Number())
			if e := entryOf(vd); e != nil {
				b.WriteString(stableJSON(t, e))
			} else {
				b.WriteString("(no entry)")
			}
			b.WriteString("\n\n")
		}
	}
	got := b.String()

	golden.Check(t, filepath.Join("testdata", "options.golden"), got)
}

func TestCommonCatalogueShape(t *testing.T) {
	// The plan of the common catalogue: code, enum number, reason and number
	// of arguments of every entry, in declaration order.
	tests := []struct {
		code   string
		number int32
		reason string
		args   int
	}{
		{"000001", 1, "INTERNAL_SERVER_ERROR", 0},
		{"000002", 2, "RESOURCE_NOT_FOUND", 0},
		{"000003", 3, "INVALID_REQUEST", 0},
		{"000004", 4, "DATA_LOAD_FAILED", 0},
		{"000005", 5, "SYSTEM_TECHNICAL_ISSUE", 0},
		{"000006", 6, "SUBSCRIPTION_PENDING_VERIFICATION", 0},
		{"000007", 7, "PARAM_TYPE_MISMATCH", 2},
		{"000008", 8, "MISSING_PRIVILEGE", 3},
		{"000009", 9, "PROJECT_ID_REQUIRED", 0},
		{"000010", 10, "USER_ID_REQUIRED", 0},
		{"000011", 11, "INVALID_JSON_FIELD_TYPE", 2},
		{"000012", 12, "OBJECT_NOT_FOUND", 2},
		{"000013", 13, "TOO_MANY_REQUESTS", 0},
		{"000014", 14, "DEPLOYMENT_IN_PROGRESS", 0},
		{"000015", 15, "USER_BILLING_ACCOUNT_BLOCKED", 2},
		{"000016", 16, "PROJECT_BILLING_ACCOUNT_BLOCKED", 2},
		{"000017", 17, "IMAGE_TOO_LARGE", 1},
		{"000018", 18, "DATA_PROCESSING_FAILED", 0},
		{"000019", 19, "INVALID_EMAIL", 0},
		{"000020", 20, "INVALID_IMAGE_FORMAT", 0},
		{"000021", 21, "UPSTREAM_BAD_RESPONSE", 0},
		{"000022", 22, "UPSTREAM_TIMEOUT", 0},
		{"000023", 23, "OPERATION_FAILED", 1},
		{"000024", 24, "PAYLOAD_TOO_LARGE", 1},
		{"000025", 25, "BILLING_ACCOUNT_ACTIVE_ON_PROJECTS", 0},
		{"000026", 26, "WRONG_PROJECT_CONTEXT", 3},
		{"000027", 27, "NOT_PROJECT_MEMBER", 3},
		{"000028", 28, "FEEDBACK_SEND_FAILED", 0},
		{"000029", 29, "ENDPOINT_NOT_FOUND", 2},
		{"000030", 30, "MISSING_REQUIRED_INFORMATION", 1},
		{"000031", 31, "METHOD_NOT_SUPPORTED", 2},
		{"000033", 33, "UNSUPPORTED_ACCEPT_MEDIA_TYPE", 1},
		{"000034", 34, "MISSING_REQUEST_PART", 1},
		{"000035", 35, "MISSING_PATH_VARIABLE", 1},
		{"000036", 36, "INVALID_PARAMETER_OR_HEADER", 1},
		{"000037", 37, "DUPLICATE_FIELD_VALUE", 1},
		{"000037[0]", 1037, "DUPLICATE_VALUE", 0},
		{"000038", 38, "REQUIRED_FIELD_BLANK", 1},
		{"000038[0]", 1038, "REQUIRED_FIELD_MISSING", 0},
		{"000039", 39, "INVALID_FIELD_VALUE", 1},
		{"000039[0]", 1039, "INVALID_LINKED_DATA", 0},
		{"000040", 40, "INTEGRITY_CONSTRAINT_VIOLATION", 0},
		{"000041", 41, "DATA_SOURCE_UNAVAILABLE", 0},
		{"000042", 42, "TENANT_ACCESS_DENIED", 0},
		{"000043", 43, "ATTEMPT_LIMIT_EXCEEDED", 0},
		{"000044", 44, "ACCOUNT_NOT_ACTIVATED", 0},
		{"000045", 45, "BILLING_ACCOUNT_SHARED", 0},
		{"000046", 46, "BILLING_ACCOUNT_UNPAID_INVOICES", 0},
		{"000047", 47, "INVALID_TIME_ZONE", 1},
		{"000048", 48, "INVALID_REDIRECT_URL", 0},
		{"000049", 49, "ATTRIBUTE_READ_ONLY", 1},
		{"000050", 50, "FEATURE_DISABLED", 0},
		{"000051", 51, "FILE_UPLOAD_RATE_LIMITED", 0},
	}

	// The plan itself: codes 000001..000051 except 000032, plus the three
	// variants, numbered 1000*(k+1)+NN.
	var wantCodes []string
	for n := 1; n <= 51; n++ {
		if n != 32 {
			wantCodes = append(wantCodes, fmt.Sprintf("%06d", n))
		}
	}
	wantCodes = append(wantCodes, "000037[0]", "000038[0]", "000039[0]")
	var planCodes []string
	for _, tt := range tests {
		planCodes = append(planCodes, tt.code)
		base, _ := strconv.Atoi(tt.code[:6])
		want := int32(base)
		if strings.HasSuffix(tt.code, "[0]") {
			want += 1000
		}
		if tt.number != want {
			t.Errorf("plan: %s has number %d, want %d", tt.code, tt.number, want)
		}
	}
	slices.Sort(planCodes)
	slices.Sort(wantCodes)
	if !slices.Equal(planCodes, wantCodes) {
		t.Fatalf("plan codes = %v, want %v", planCodes, wantCodes)
	}

	enum := catalogues[0].enum
	values := enum.Values()
	if got := values.Len() - 1; got != len(tests) {
		t.Fatalf("CommonError has %d entries besides the zero value, want %d", got, len(tests))
	}
	if r := enum.ReservedRanges(); r.Len() != 1 || r.Get(0) != [2]protoreflect.EnumNumber{32, 32} {
		t.Errorf("CommonError reserved ranges = %v, want exactly [32]", r)
	}
	if zero := values.Get(0); zero.Number() != 0 || zero.Name() != "COMMON_ERROR_UNSPECIFIED" || entryOf(zero) != nil {
		t.Errorf("first value = %s = %d, want COMMON_ERROR_UNSPECIFIED = 0 without entry", zero.Name(), zero.Number())
	}
	for i, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			vd := values.Get(i + 1)
			e := entryOf(vd)
			if e == nil {
				t.Fatalf("%s has no entry option", vd.Name())
			}
			if e.GetCode() != tt.code || vd.Number() != protoreflect.EnumNumber(tt.number) {
				t.Errorf("%s = %d has code %q, want code %q number %d", vd.Name(), vd.Number(), e.GetCode(), tt.code, tt.number)
			}
			if reason := strings.TrimPrefix(string(vd.Name()), "COMMON_ERROR_"); reason != tt.reason {
				t.Errorf("%s: reason %q, want %q", tt.code, reason, tt.reason)
			}
			if got := len(e.GetArgs()); got != tt.args {
				t.Errorf("%s: %d args, want %d", tt.code, got, tt.args)
			}
			// Every argument appears in the message, and nothing refers to
			// an argument that does not exist.
			if got := placeholders(e.GetMessage()); len(got) != tt.args {
				t.Errorf("%s: message uses placeholders %v, want {0}..{%d}", tt.code, got, tt.args-1)
			}
			for field, s := range texts(e) {
				for _, n := range placeholders(s) {
					if n >= tt.args {
						t.Errorf("%s %s: placeholder {%d} but only %d args: %q", tt.code, field, n, tt.args, s)
					}
				}
			}
		})
	}
}

var placeholderRE = regexp.MustCompile(`\{([0-9]+)\}`)

// placeholders returns the distinct placeholder indices of s, sorted.
func placeholders(s string) []int {
	var out []int
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.Atoi(m[1])
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// texts returns every human-readable text of an entry by option name.
func texts(e *errcatv1.EntryOptions) map[string]string {
	m := map[string]string{
		"title":       e.GetTitle(),
		"message":     e.GetMessage(),
		"description": e.GetDescription(),
		"summary":     e.GetSummary(),
	}
	for i, s := range e.GetRootCauses() {
		m[fmt.Sprintf("root_causes[%d]", i)] = s
	}
	for i, s := range e.GetResolutions() {
		m[fmt.Sprintf("resolutions[%d]", i)] = s
	}
	for i, a := range e.GetArgs() {
		m[fmt.Sprintf("args[%d].description", i)] = a.GetDescription()
		m[fmt.Sprintf("args[%d].example", i)] = a.GetExample()
	}
	return m
}

// gluedPlaceholderOK lists the entries whose source text really glues a
// placeholder to a word: 000017 says "{0}MB".
var gluedPlaceholderOK = map[string]bool{"000017": true}

var gluedRE = regexp.MustCompile(`[A-Za-z]\{|\}[A-Za-z]`)

func TestEntryTexts(t *testing.T) {
	for _, c := range catalogues {
		values := c.enum.Values()
		for i := range values.Len() {
			vd := values.Get(i)
			e := entryOf(vd)
			if e == nil {
				if vd.Number() != 0 {
					t.Errorf("%s has no entry option", vd.Name())
				}
				continue
			}
			if len(e.GetRootCauses()) == 0 || len(e.GetResolutions()) == 0 {
				t.Errorf("%s: want at least one root cause and one resolution", e.GetCode())
			}
			for field, s := range texts(e) {
				if field == "summary" && s == "" && c.summaryOptional {
					continue
				}
				switch {
				case s == "":
					t.Errorf("%s %s is empty", e.GetCode(), field)
				case s != strings.TrimSpace(s):
					t.Errorf("%s %s has leading or trailing whitespace: %q", e.GetCode(), field, s)
				case strings.Contains(s, "  "):
					t.Errorf("%s %s has a double space: %q", e.GetCode(), field, s)
				case strings.ContainsAny(s, "\n\t"):
					t.Errorf("%s %s has a line break or tab: %q", e.GetCode(), field, s)
				case strings.Contains(s, "[email"):
					t.Errorf("%s %s has a scraping artefact: %q", e.GetCode(), field, s)
				case gluedRE.MatchString(s) && !gluedPlaceholderOK[e.GetCode()]:
					t.Errorf("%s %s glues a placeholder to a word: %q", e.GetCode(), field, s)
				}
			}
		}
	}
}
