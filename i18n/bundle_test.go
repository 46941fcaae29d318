package i18n_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/i18n"
	"golang.org/x/text/language"
	"google.golang.org/grpc/metadata"
)

func incoming(kv ...string) context.Context {
	return metadata.NewIncomingContext(context.Background(), metadata.Pairs(kv...))
}

func TestNegotiate(t *testing.T) {
	b := i18n.Default()
	tests := []struct {
		accept []string
		want   string
	}{
		{[]string{"de-AT,de;q=0.9,en;q=0.5"}, "de"},
		{[]string{"vi"}, "vi"},
		{[]string{"vi-VN"}, "vi"},
		{[]string{"fr"}, "en-US"},
		{[]string{""}, "en-US"},
		{nil, "en-US"},
		{[]string{"en-GB"}, "en-US"},
		{[]string{"de-CH"}, "de"},
		{[]string{"en;q=0.9,de"}, "de"},                  // quality, not order, decides
		{[]string{"fr,vi;q=0.1"}, "vi"},                  // a weak match beats none
		{[]string{"de;q=0"}, "en-US"},                    // q=0 means "not acceptable"
		{[]string{"*"}, "en-US"},                         // any: the default
		{[]string{"garbage!!,de"}, "de"},                 // one bad item does not spoil the rest
		{[]string{"fr", "vi"}, "vi"},                     // the first value that matches decides
		{[]string{"de;q=abc"}, "en-US"},                  // malformed weight
		{[]string{";;;,,,=q"}, "en-US"},                  // garbage
		{[]string{strings.Repeat("de-", 2000)}, "en-US"}, // too long to be a tag
		{[]string{"\xff\xfe"}, "en-US"},                  // invalid UTF-8
	}
	for _, tt := range tests {
		if got := b.Negotiate(tt.accept...).String(); got != tt.want {
			t.Errorf("Negotiate(%q) = %s, want %s", tt.accept, got, tt.want)
		}
	}
}

func TestLocalize(t *testing.T) {
	b := i18n.Default()
	e := errcat.Lookup("errcat.dev", "OBJECT_NOT_FOUND").New("project", "42")
	tests := []struct {
		name       string
		ctx        context.Context
		wantLocale string
		wantMsg    string
	}{
		{"german", incoming("accept-language", "de-AT,de;q=0.9,en;q=0.5"), "de", "project mit der ID 42 wurde nicht gefunden."},
		{"vietnamese", incoming("accept-language", "vi"), "vi", "Không tìm thấy project có ID 42."},
		{"not shipped", incoming("accept-language", "fr"), "en-US", "Unable to locate project with id 42."},
		{"no header", incoming(), "en-US", "Unable to locate project with id 42."},
		{"no metadata", context.Background(), "en-US", "Unable to locate project with id 42."},
		{"gateway", incoming("grpcgateway-accept-language", "vi-VN,vi;q=0.9"), "vi", "Không tìm thấy project có ID 42."},
		{"grpc header first", incoming("accept-language", "de", "grpcgateway-accept-language", "vi"), "de", "project mit der ID 42 wurde nicht gefunden."},
		{"gateway when grpc matches nothing", incoming("accept-language", "fr", "grpcgateway-accept-language", "vi"), "vi", "Không tìm thấy project có ID 42."},
		{"repeated header", incoming("accept-language", "fr", "accept-language", "de;q=0.5"), "de", "project mit der ID 42 wurde nicht gefunden."},
		{"garbage", incoming("accept-language", "\x00}{;q=;;"), "en-US", "Unable to locate project with id 42."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			locale, msg := lm(b.Localize(tt.ctx, e))
			if locale != tt.wantLocale || msg != tt.wantMsg {
				t.Errorf("Localize = %q, %q; want %q, %q", locale, msg, tt.wantLocale, tt.wantMsg)
			}
		})
	}
}

func TestLocalizeDefault(t *testing.T) {
	b := i18n.NewBundle(i18n.WithDefault(language.MustParse("de-CH")))
	if err := b.AddFS(i18n.Builtin(), "*/*.json"); err != nil {
		t.Fatal(err)
	}
	e := errcat.Lookup("errcat.dev", "TOO_MANY_REQUESTS").New()
	for _, tt := range []struct {
		ctx  context.Context
		want string
	}{
		{context.Background(), "de"},
		{incoming("accept-language", "fr"), "de"}, // nothing supported asked: the default
		{incoming("accept-language", "vi"), "vi"},
		{incoming("accept-language", "en"), "en-US"},
	} {
		if locale, _ := lm(b.Localize(tt.ctx, e)); locale != tt.want {
			t.Errorf("locale = %s, want %s", locale, tt.want)
		}
	}
	if got := b.Negotiate(); got != language.German {
		t.Errorf("Negotiate() = %v, want de", got)
	}
}

// TestLocalizePerCatalogue checks that the locale reported is the one
// actually used: a locale loaded for one catalogue only, or an entry left
// untranslated, gives English with locale en-US.
func TestLocalizePerCatalogue(t *testing.T) {
	b := i18n.NewBundle()
	if err := b.AddFS(i18n.Builtin(), "*/*.json"); err != nil {
		t.Fatal(err)
	}
	f := frFile(t)
	f.Entries[1].Message = "" // CART_EMPTY: message untranslated
	if err := b.Add("fr.json", f.Encode()); err != nil {
		t.Fatal(err)
	}
	fr := incoming("accept-language", "fr")
	if locale, msg := lm(b.Localize(fr, shop.ByReason("OUT_OF_STOCK").New("Chaise"))); locale != "fr" || msg != "Chaise est en rupture de stock." {
		t.Errorf("shop in fr: %s %q", locale, msg)
	}
	if locale, msg := lm(b.Localize(fr, shop.ByReason("CART_EMPTY").New())); locale != "en-US" || msg != "Your cart is empty." {
		t.Errorf("untranslated message: %s %q", locale, msg)
	}
	if got := b.Title(shop.ByReason("CART_EMPTY").New(), language.French); got != "Panier vide" {
		t.Errorf("title of an entry with untranslated message: %q", got)
	}
	if locale, _ := lm(b.Localize(fr, errcat.Lookup("errcat.dev", "INVALID_EMAIL").New())); locale != "en-US" {
		t.Errorf("common catalogue has no fr, got locale %s", locale)
	}
	if locale, _ := lm(b.Localize(incoming("accept-language", "de"), shop.ByReason("CART_EMPTY").New())); locale != "en-US" {
		t.Errorf("shop catalogue has no de, got locale %s", locale)
	}
	if got := b.Tags(); len(got) != 4 || got[0] != i18n.Source() {
		t.Errorf("Tags = %v", got)
	}
}

func TestClientRendering(t *testing.T) {
	b := i18n.Default()
	e := errcat.Lookup("errcat.dev", "MISSING_PRIVILEGE").New("delete this project", "PROJECT_DELETE", "project administrator")
	for _, tt := range []struct {
		tag               language.Tag
		title, msg, first string
	}{
		{language.German, "Aktion „delete this project“ nicht zulässig – Berechtigung PROJECT_DELETE fehlt",
			"Sie dürfen die Aktion „delete this project“ nicht ausführen. Bitte stellen Sie sicher, dass Sie über die Berechtigung(en) PROJECT_DELETE verfügen, und versuchen Sie es erneut. Ansprechpartner: project administrator.",
			"Fordern Sie die erforderliche Berechtigung PROJECT_DELETE bei Ihrem Projekt- oder Systemadministrator an: project administrator."},
		{language.MustParse("vi-VN"), "Không thể thực hiện “delete this project” — thiếu quyền PROJECT_DELETE",
			"Bạn không thể thực hiện thao tác “delete this project”. Vui lòng đảm bảo bạn có quyền PROJECT_DELETE rồi thử lại, hoặc liên hệ project administrator.",
			"Yêu cầu cấp quyền PROJECT_DELETE cần thiết từ quản trị viên dự án hoặc quản trị viên hệ thống: project administrator."},
		{language.Japanese, "You cannot delete this project — missing privilege PROJECT_DELETE",
			"You cannot delete this project. Please ensure you have the PROJECT_DELETE privilege(s) and try again or contact the project administrator.",
			"Request the necessary PROJECT_DELETE privilege from your project or system administrator project administrator."},
		{i18n.Source(), "You cannot delete this project — missing privilege PROJECT_DELETE",
			"You cannot delete this project. Please ensure you have the PROJECT_DELETE privilege(s) and try again or contact the project administrator.",
			"Request the necessary PROJECT_DELETE privilege from your project or system administrator project administrator."},
	} {
		if got := b.Title(e, tt.tag); got != tt.title {
			t.Errorf("%v title %q", tt.tag, got)
		}
		if got := b.Message(e, tt.tag); got != tt.msg {
			t.Errorf("%v message %q", tt.tag, got)
		}
		if got := b.Resolutions(e, tt.tag); len(got) != 2 || got[0] != tt.first {
			t.Errorf("%v resolutions %q", tt.tag, got)
		}
	}
}

func TestNilAndEmpty(t *testing.T) {
	e := shop.ByReason("OUT_OF_STOCK").New("Chaise")
	for name, b := range map[string]*i18n.Bundle{"nil": nil, "zero": new(i18n.Bundle), "empty": i18n.NewBundle()} {
		if locale, msg := lm(b.Localize(incoming("accept-language", "fr"), e)); locale != "en-US" || msg != "Chaise is out of stock." {
			t.Errorf("%s bundle: Localize = %s %q", name, locale, msg)
		}
		if got := b.Message(e, language.French); got != "Chaise is out of stock." {
			t.Errorf("%s bundle: Message = %q", name, got)
		}
		if got := b.Negotiate("fr"); got != i18n.Source() {
			t.Errorf("%s bundle: Negotiate = %v", name, got)
		}
	}
	var nilErr *errcat.Error
	b := i18n.Default()
	if locale, msg := lm(b.Localize(context.Background(), nilErr)); locale != "en-US" || msg != "" {
		t.Errorf("Localize(nil) = %q %q", locale, msg)
	}
	if b.Message(nilErr, language.German) != "" || b.Title(nilErr, language.German) != "" || b.Resolutions(nilErr, language.German) != nil {
		t.Error("nil error renders text")
	}
	if err := (*i18n.Bundle)(nil).Add("x.json", nil); err == nil {
		t.Error("Add on nil bundle: no error")
	}
}

func TestAddErrors(t *testing.T) {
	broken := frFile(t)
	broken.Entries[0].Message = "{0} est en rupture de stock."
	broken.Entries = append(broken.Entries, i18n.FileEntry{Reason: "NOPE", Text: i18n.Text{Message: "Non."}})
	good := frFile(t).Encode()

	b := i18n.NewBundle()
	err := b.AddFS(fstest.MapFS{"shop/fr.json": {Data: broken.Encode()}, "shop/es.json": {Data: []byte("{")}}, "shop/*.json")
	if err == nil {
		t.Fatal("broken files loaded")
	}
	for _, want := range []string{
		"shop/fr.json: OUT_OF_STOCK: message: mismatch: placeholder {0}",
		"shop/fr.json: NOPE: unknown:",
		"shop/es.json: invalid:",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if len(b.Tags()) != 1 {
		t.Errorf("a failed AddFS loaded something: %v", b.Tags())
	}

	if err := b.Add("fr.json", good); err != nil {
		t.Fatal(err)
	}
	if err := b.Add("fr-again.json", good); err == nil || !strings.Contains(err.Error(), `locale "fr" is already loaded from fr.json`) {
		t.Errorf("duplicate locale: %v", err)
	}
	if err := b.AddFS(fstest.MapFS{}, "*.json"); err == nil {
		t.Error("AddFS of nothing: no error")
	}
	if err := b.AddFS(fstest.MapFS{}, "["); err == nil {
		t.Error("AddFS with a bad pattern: no error")
	}
	if err := b.AddDir(t.TempDir()); err == nil {
		t.Error("AddDir of an empty directory: no error")
	}
	if err := b.AddFile("testdata/nope.json"); err == nil {
		t.Error("AddFile of a missing file: no error")
	}
	if err := i18n.NewBundle().AddFile("testdata/locales/shop.example.com/fr.json"); err != nil {
		t.Error(err)
	}
}

// TestConcurrent renders and negotiates while files are added (run with
// -race).
func TestConcurrent(t *testing.T) {
	b := i18n.NewBundle()
	fr := frFile(t).Encode()
	e := shop.ByReason("OUT_OF_STOCK").New("Chaise")
	done := make(chan struct{})
	for g := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 200 {
				ctx := incoming("accept-language", []string{"fr", "de", "vi", "fr-CA;q=0.5", "x"}[(g+i)%5])
				if locale, msg := lm(b.Localize(ctx, e)); locale != "fr" && locale != "en-US" || msg == "" {
					t.Errorf("Localize = %s %q", locale, msg)
				}
				b.Negotiate("fr-CH, de;q=0.1")
			}
		}()
	}
	if err := b.AddFS(i18n.Builtin(), "*/*.json"); err != nil {
		t.Error(err)
	}
	if err := b.Add("fr.json", fr); err != nil {
		t.Error(err)
	}
	for range 8 {
		<-done
	}
	if got := b.Negotiate("fr-CH"); got != language.French {
		t.Errorf("after loading: %v", got)
	}
}

// lm returns the locale and message of a localization.
func lm(l errcat.Localized) (locale, message string) { return l.Locale, l.Message }
