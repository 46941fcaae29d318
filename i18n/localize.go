package i18n

import (
	"context"

	"github.com/errcat/errcat"
	"golang.org/x/text/language"
)

// Localize renders e's message in the locale the caller of a gRPC call asked
// for: the incoming metadata "accept-language", then
// "grpcgateway-accept-language", then the bundle's default (see
// [WithDefault]). It returns the locale actually used ("de", "en-US") and
// the message, ready for a google.rpc.LocalizedMessage; the English message
// is [errcat.Error.Message].
//
// Only locales into which e's catalogue is translated are considered. If
// the chosen locale has no translation of e's message, or e is of an entry
// no loaded catalogue knows, the English message is returned with locale
// "en-US". Server interceptors call it on the error path only.
func (b *Bundle) Localize(ctx context.Context, e *errcat.Error) (locale, message string) {
	if e == nil {
		return sourceName, ""
	}
	entry := e.Entry()
	if ds := b.state().domains[entry.Catalog()]; ds != nil {
		i := ds.negotiateContext(ctx)
		if tr := ds.tr[i][entry]; tr != nil && tr.message != nil {
			return ds.names[i], tr.message.Render(e.Args())
		}
	}
	return sourceName, e.Message()
}

// Message renders e's message in the loaded locale that best matches tag,
// from e's entry and arguments alone: a client can localize an error the
// server sent in English. Without a translation it returns the English
// message, [errcat.Error.Message] (for a decoded error, the one received).
func (b *Bundle) Message(e *errcat.Error, tag language.Tag) string {
	if e == nil {
		return ""
	}
	if tr := b.lookup(e.Entry(), tag); tr != nil && tr.message != nil {
		return tr.message.Render(e.Args())
	}
	return e.Message()
}

// Title renders e's title in the loaded locale that best matches tag, or
// in English.
func (b *Bundle) Title(e *errcat.Error, tag language.Tag) string {
	if e == nil {
		return ""
	}
	if tr := b.lookup(e.Entry(), tag); tr != nil && tr.title != nil {
		return tr.title.Render(e.Args())
	}
	return e.Entry().Title(e.Args()...)
}

// Resolutions renders e's resolution steps in the loaded locale that best
// matches tag, or in English.
func (b *Bundle) Resolutions(e *errcat.Error, tag language.Tag) []string {
	if e == nil {
		return nil
	}
	if tr := b.lookup(e.Entry(), tag); tr != nil && tr.resolutions != nil {
		args := e.Args()
		out := make([]string, len(tr.resolutions))
		for i, t := range tr.resolutions {
			out[i] = t.Render(args)
		}
		return out
	}
	return e.Entry().Resolutions(e.Args()...)
}

// lookup returns the translation of entry in the locale matching tag, or
// nil.
func (b *Bundle) lookup(entry *errcat.Entry, tag language.Tag) *translation {
	ds := b.state().domains[entry.Catalog()]
	if ds == nil {
		return nil
	}
	i, ok := ds.indexOf(tag)
	if !ok || i == 0 {
		return nil
	}
	return ds.tr[i][entry]
}
