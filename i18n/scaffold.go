package i18n

import (
	"fmt"

	"github.com/errcat/errcat"
)

// Scaffold returns the locale file of catalogue cat for a new locale: every
// entry with its English "source" filled in and empty translations, ready
// for a translator. The file passes loading (untranslated texts fall back to
// English) and [Check] lists what is left to translate.
//
// If prev is not nil, it is an existing file of the same catalogue and
// locale to extend: its translations (and their sources, so stale ones stay
// visible) are kept, entries the catalogue gained are added, and entries of
// reasons the catalogue no longer has are dropped and returned in dropped.
// Entries are written in catalogue order.
func Scaffold(cat *errcat.Catalog, locale string, prev *File) (f *File, dropped []string, err error) {
	if cat == nil {
		return nil, nil, fmt.Errorf("i18n: Scaffold of a nil catalogue")
	}
	if _, err := parseLocale(locale); err != nil {
		return nil, nil, fmt.Errorf("i18n: locale %v", err)
	}
	if prev != nil && (prev.Domain != cat.Domain() || prev.Locale != locale) {
		return nil, nil, fmt.Errorf("i18n: existing file is domain %q locale %q, not %q %q", prev.Domain, prev.Locale, cat.Domain(), locale)
	}
	old := map[string]FileEntry{}
	if prev != nil {
		for _, e := range prev.Entries {
			old[e.Reason] = e
		}
	}
	f = &File{Domain: cat.Domain(), Locale: locale}
	for _, e := range cat.Entries() {
		if fe, ok := old[e.Reason()]; ok {
			f.Entries = append(f.Entries, fe)
			delete(old, e.Reason())
			continue
		}
		src := englishOf(e).source
		f.Entries = append(f.Entries, FileEntry{
			Reason: e.Reason(),
			Source: src,
			Text:   Text{Resolutions: make([]string, len(src.Resolutions))},
		})
	}
	if prev != nil {
		for _, e := range prev.Entries {
			if _, gone := old[e.Reason]; gone {
				dropped = append(dropped, e.Reason)
			}
		}
	}
	return f, dropped, nil
}
