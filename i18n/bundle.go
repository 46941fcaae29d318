package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/errcat/errcat"
	"golang.org/x/text/language"
)

// Source returns the locale of the catalogues' own texts (en-US): the
// English written in the proto files. It is always supported and never
// loaded from a file.
func Source() language.Tag { return source }

// source is the value of [Source].
var source = language.AmericanEnglish

// sourceName is source.String(), precomputed for the hot path.
const sourceName = "en-US"

// Bundle holds translations of catalogues into any number of locales and
// renders errors in them. Load translations with [Bundle.AddFS],
// [Bundle.AddDir], [Bundle.AddFile] or [Bundle.Add]; each file is validated
// against its registered catalogue when it is loaded.
//
// A Bundle is safe for concurrent use, also while files are added. Rendering
// and negotiation never lock. A nil *Bundle renders English only.
type Bundle struct {
	mu    sync.Mutex // serialises loading
	opts  options
	files []*compiled
	st    atomic.Pointer[state]
}

// NewBundle returns an empty bundle: until translations are added it
// renders English only.
func NewBundle(opts ...Option) *Bundle {
	b := &Bundle{opts: defaultOptions}
	for _, o := range opts {
		o(&b.opts)
	}
	b.st.Store(newState(nil, b.opts.def))
	return b
}

var emptyState = newState(nil, source)

func (b *Bundle) state() *state {
	if b == nil {
		return emptyState
	}
	if s := b.st.Load(); s != nil {
		return s
	}
	return emptyState // zero Bundle
}

// AddFS loads every file of fsys that matches pattern (see [fs.Glob]), for
// instance an embed.FS:
//
//	//go:embed locales
//	var locales embed.FS
//	...
//	err := bundle.AddFS(locales, "locales/*/*.json")
//
// Either all files are loaded or none: the error lists every problem that
// prevents loading (see [Kind.Fatal]), naming file and reason. A pattern
// that matches no file is an error.
func (b *Bundle) AddFS(fsys fs.FS, pattern string) error {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return fmt.Errorf("i18n: %w", err)
	}
	if len(names) == 0 {
		return fmt.Errorf("i18n: no locale file matches %q", pattern)
	}
	files := make([]namedData, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("i18n: %w", err)
		}
		files = append(files, namedData{name, data})
	}
	return b.add(files)
}

// AddDir loads every *.json file under dir, recursively, like [Bundle.AddFS].
func (b *Bundle) AddDir(dir string) error {
	var files []namedData
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		data, err := os.ReadFile(path)
		files = append(files, namedData{path, data})
		return err
	})
	if err != nil {
		return fmt.Errorf("i18n: %w", err)
	}
	if len(files) == 0 {
		return fmt.Errorf("i18n: no locale file in %s", dir)
	}
	return b.add(files)
}

// AddFile loads one locale file from disk.
func (b *Bundle) AddFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("i18n: %w", err)
	}
	return b.add([]namedData{{path, data}})
}

// Add loads one locale file from memory; name is used in error messages.
func (b *Bundle) Add(name string, data []byte) error {
	return b.add([]namedData{{name, data}})
}

type namedData struct {
	name string
	data []byte
}

func (b *Bundle) add(files []namedData) error {
	if b == nil {
		return errors.New("i18n: Add on a nil *Bundle")
	}
	var errs []error
	var loaded []*compiled
	for _, f := range files {
		ps, c := checkFile(f.name, f.data)
		if c == nil { // only fatal problems are returned without a result
			for _, p := range ps {
				errs = append(errs, errors.New(p.String()))
			}
			continue
		}
		for _, p := range c.fatal {
			errs = append(errs, errors.New(p.String()))
		}
		loaded = append(loaded, c)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	all := append(slices.Clip(b.files), loaded...)
	seen := map[string]string{}
	for _, c := range all {
		key := c.catalog.Domain() + " " + c.tag.String()
		if prev, dup := seen[key]; dup {
			errs = append(errs, fmt.Errorf("%s: domain %q locale %q is already loaded from %s", c.name, c.catalog.Domain(), c.tag, prev))
		}
		seen[key] = c.name
	}
	if len(errs) > 0 {
		return fmt.Errorf("i18n: cannot load translations:\n%w", errors.Join(errs...))
	}
	b.files = all
	b.st.Store(newState(all, b.opts.def))
	return nil
}

// Tags returns the supported locales: [Source] first, then every locale
// loaded for any catalogue, sorted. The slice is a copy.
func (b *Bundle) Tags() []language.Tag {
	return slices.Clone(b.state().all.tags)
}

// state is an immutable snapshot of a bundle, replaced as a whole when files
// are added.
type state struct {
	all     *langSet                       // every loaded locale, for Negotiate
	domains map[*errcat.Catalog]*domainSet // per catalogue
}

// domainSet is the locales of one catalogue and their translations.
type domainSet struct {
	*langSet
	tr []map[*errcat.Entry]*translation // by tag index; tr[0] (Source) is nil
}

func newState(files []*compiled, def language.Tag) *state {
	s := &state{domains: map[*errcat.Catalog]*domainSet{}}
	byCat := map[*errcat.Catalog][]*compiled{}
	var allTags []language.Tag
	for _, c := range files {
		byCat[c.catalog] = append(byCat[c.catalog], c)
		allTags = append(allTags, c.tag)
	}
	s.all = newLangSet(allTags, def)
	for cat, cs := range byCat {
		tags := make([]language.Tag, len(cs))
		for i, c := range cs {
			tags[i] = c.tag
		}
		ds := &domainSet{langSet: newLangSet(tags, def)}
		ds.tr = make([]map[*errcat.Entry]*translation, len(ds.tags))
		for _, c := range cs {
			ds.tr[ds.index[c.tag]] = c.entries
		}
		s.domains[cat] = ds
	}
	return s
}
