package codes_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errcat/errcat"
	_ "github.com/errcat/errcat/codes"
)

// docsPrefix is where the repository publishes docs/ (the doc_url of
// errcat's catalogues).
const docsPrefix = "https://github.com/errcat/errcat/blob/main/docs/"

// Every Help URL errcat's own catalogues send names a file of docs/ and an
// anchor that file defines.
func TestDocLinksResolve(t *testing.T) {
	files := map[string]string{}
	n := 0
	for _, c := range errcat.Catalogs() {
		if !strings.HasSuffix(c.Domain(), "errcat.dev") {
			continue // a test or example catalogue linked into this binary
		}
		for _, e := range c.Entries() {
			n++
			raw := e.DocURL()
			u, err := url.Parse(raw)
			if err != nil || !strings.HasPrefix(raw, docsPrefix) || u.Fragment == "" {
				t.Errorf("%s %s: doc URL %q is not %s<file>.md#<anchor>", c.Domain(), e.Code(), raw, docsPrefix)
				continue
			}
			name := strings.TrimPrefix(u.Path, "/errcat/errcat/blob/main/docs/")
			doc, ok := files[name]
			if !ok {
				b, err := os.ReadFile(filepath.Join("..", "docs", name))
				if err != nil {
					t.Errorf("%s %s: doc URL %q: %v", c.Domain(), e.Code(), raw, err)
					continue
				}
				doc = string(b)
				files[name] = doc
			}
			if !strings.Contains(doc, `<a id="`+u.Fragment+`"></a>`) {
				t.Errorf("%s %s: doc URL %q: docs/%s has no anchor %q", c.Domain(), e.Code(), raw, name, u.Fragment)
			}
		}
	}
	if n < 53 || len(files) != 3 {
		t.Errorf("checked %d entries in %d files; want errcat's three catalogues (53+ entries)", n, len(files))
	}
}
