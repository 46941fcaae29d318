package i18n

import (
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
	"google.golang.org/grpc/metadata"
)

// Metadata keys the locale is read from, in order: a gRPC client's own
// header, then the Accept-Language header grpc-gateway forwards.
const (
	MetadataAcceptLanguage        = "accept-language"
	MetadataGatewayAcceptLanguage = "grpcgateway-accept-language"
)

// Limits that keep hostile headers cheap: longer headers are cut, and only
// short ones are remembered, in a cache of bounded size.
const (
	maxHeaderLen       = 1024
	maxHeaderEntries   = 32
	maxCachedHeaderLen = 128
	maxCachedHeaders   = 256
)

// langSet is a set of supported locales with their matcher.
type langSet struct {
	tags    []language.Tag // tags[0] is Source
	names   []string       // tags[i].String()
	index   map[language.Tag]int
	matcher language.Matcher
	def     int // index of the default locale

	mu    sync.Mutex                       // serialises cache writes
	cache atomic.Pointer[map[string]int32] // header -> index, -1 = no match
}

func newLangSet(loaded []language.Tag, def language.Tag) *langSet {
	tags := []language.Tag{source}
	for _, t := range loaded {
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	slices.SortFunc(tags[1:], func(a, b language.Tag) int { return strings.Compare(a.String(), b.String()) })
	ls := &langSet{tags: tags, index: map[language.Tag]int{}, matcher: language.NewMatcher(tags)}
	for i, t := range tags {
		ls.names = append(ls.names, t.String())
		ls.index[t] = i
	}
	if i, ok := ls.matchTags([]language.Tag{def}); ok {
		ls.def = i
	}
	return ls
}

// Negotiate returns the supported locale that best matches the preferences,
// each an Accept-Language value such as "de-AT,de;q=0.9,en;q=0.5". The
// first value that matches a supported locale decides; if none does, the
// default (see [WithDefault]) is returned. The result is always one of
// [Bundle.Tags], without extensions ("de", never "de-u-rg-atzzzz").
// Malformed values are ignored, never a panic.
func (b *Bundle) Negotiate(accept ...string) language.Tag {
	ls := b.state().all
	for _, h := range accept {
		if i, ok := ls.match(h); ok {
			return ls.tags[i]
		}
	}
	return ls.tags[ls.def]
}

// negotiateContext picks the locale for a call from its incoming metadata.
func (ls *langSet) negotiateContext(ctx context.Context) int {
	for _, key := range [...]string{MetadataAcceptLanguage, MetadataGatewayAcceptLanguage} {
		vals := metadata.ValueFromIncomingContext(ctx, key)
		h := ""
		switch len(vals) {
		case 0:
			continue
		case 1:
			h = vals[0]
		default: // repeated headers form one list (RFC 9110, 5.3)
			h = strings.Join(vals, ",")
		}
		if i, ok := ls.match(h); ok {
			return i
		}
	}
	return ls.def
}

// match returns the index of the supported locale that best matches an
// Accept-Language value, or false if none matches.
func (ls *langSet) match(h string) (int, bool) {
	if len(h) > maxHeaderLen {
		h = h[:maxHeaderLen]
	}
	if m := ls.cache.Load(); m != nil {
		if i, hit := (*m)[h]; hit {
			return int(i), i >= 0
		}
	}
	i, ok := ls.matchTags(parseAccept(h))
	if len(h) <= maxCachedHeaderLen {
		v := int32(i)
		if !ok {
			v = -1
		}
		ls.remember(h, v)
	}
	return i, ok
}

func (ls *langSet) remember(h string, v int32) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	old := ls.cache.Load()
	if old != nil && len(*old) >= maxCachedHeaders {
		return
	}
	m := make(map[string]int32, 1+lenOf(old))
	if old != nil {
		for k, x := range *old {
			m[k] = x
		}
	}
	m[strings.Clone(h)] = v // h may be a slice of a larger header
	ls.cache.Store(&m)
}

func lenOf(m *map[string]int32) int {
	if m == nil {
		return 0
	}
	return len(*m)
}

func (ls *langSet) matchTags(prefs []language.Tag) (i int, ok bool) {
	if len(prefs) == 0 {
		return 0, false
	}
	defer func() {
		if recover() != nil { // the matcher is not ours: never let it take a call down
			i, ok = 0, false
		}
	}()
	_, i, conf := ls.matcher.Match(prefs...)
	if conf == language.No {
		return 0, false
	}
	return i, true
}

// indexOf returns the supported locale for a tag a caller asked for
// directly, or false.
func (ls *langSet) indexOf(tag language.Tag) (int, bool) {
	if i, ok := ls.index[tag]; ok {
		return i, true
	}
	return ls.matchTags([]language.Tag{tag})
}

// parseAccept parses an Accept-Language value, sorted by quality. A value
// that does not parse as a whole is parsed item by item, keeping the items
// that do, so that one bad item does not discard the others.
func parseAccept(h string) []language.Tag {
	h = strings.TrimSpace(h)
	if h == "" {
		return nil
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err == nil {
		return tags
	}
	type weighted struct {
		tag language.Tag
		q   float32
	}
	var ws []weighted
	for i, item := range strings.Split(h, ",") {
		if i == maxHeaderEntries {
			break
		}
		ts, qs, err := language.ParseAcceptLanguage(item)
		if err != nil || len(ts) != 1 {
			continue
		}
		ws = append(ws, weighted{ts[0], qs[0]})
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].q > ws[j].q })
	tags = tags[:0]
	for _, w := range ws {
		tags = append(tags, w.tag)
	}
	return tags
}
