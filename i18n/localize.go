package i18n

import (
	"context"

	"github.com/errcat/errcat"
	"golang.org/x/text/language"
)

// Localize renders e's texts in the locale the caller of a gRPC call asked
// for: the incoming metadata "accept-language", then
// "grpcgateway-accept-language", then the bundle's default (see
// [WithDefault]). It returns the locale actually used ("de", "en-US"), the
// message, ready for a google.rpc.LocalizedMessage, and the resolution
// steps, which server interceptors send as the google.rpc.Help link
// descriptions; the English texts are [errcat.Error.Message] and
// [errcat.Entry.Resolutions].
//
// Only locales into which e's catalogue is translated are considered. If
// the chosen locale has no translation of e's message, or e is of an entry
// no loaded catalogue knows, the English message is returned with locale
// "en-US" and no resolutions (the Help links stay English). Server
// interceptors call it on the error path only.
func (b *Bundle) Localize(ctx context.Context, e *errcat.Error) errcat.Localized {
	if e == nil {
		return errcat.Localized{Locale: sourceName}
	}
	entry := e.Entry()
	if ds := b.state().domains[entry.Catalog()]; ds != nil {
		i := ds.negotiateContext(ctx)
		if tr := ds.tr[i][entry]; tr != nil && tr.message != nil {
			return errcat.Localized{Locale: ds.names[i], Message: tr.message.Render(e.Args()), Resolutions: tr.renderResolutions(e.Args())}
		}
	}
	return errcat.Localized{Locale: sourceName, Message: e.Message()}
}

// Message renders the message of the errcat error err carries (see
// [errcat.FromError]: in its chain, or decoded from its gRPC status) in
// the loaded locale that best matches tag, from the entry and arguments
// alone: a client can localize an error the server sent in English.
// Without a translation it returns the English message,
// [errcat.Error.Message] (for a decoded error, the one received). It
// returns "" for an error that carries no errcat error.
func (b *Bundle) Message(err error, tag language.Tag) string {
	e := errorOf(err)
	if e == nil {
		return ""
	}
	if tr := b.lookup(e.Entry(), tag); tr != nil && tr.message != nil {
		return tr.message.Render(e.Args())
	}
	return e.Message()
}

// Title renders the title of the errcat error err carries in the loaded
// locale that best matches tag, or in English; "" for an error that
// carries no errcat error.
func (b *Bundle) Title(err error, tag language.Tag) string {
	e := errorOf(err)
	if e == nil {
		return ""
	}
	if tr := b.lookup(e.Entry(), tag); tr != nil && tr.title != nil {
		return tr.title.Render(e.Args())
	}
	return e.Entry().Title(e.Args()...)
}

// Resolutions renders the resolution steps of the errcat error err
// carries in the loaded locale that best matches tag, or in English; nil
// for an error that carries no errcat error.
func (b *Bundle) Resolutions(err error, tag language.Tag) []string {
	e := errorOf(err)
	if e == nil {
		return nil
	}
	if tr := b.lookup(e.Entry(), tag); tr != nil {
		if res := tr.renderResolutions(e.Args()); res != nil {
			return res
		}
	}
	return e.Entry().Resolutions(e.Args()...)
}

// errorOf returns the errcat error err carries, or nil (also for a nil
// *errcat.Error passed as an error).
func errorOf(err error) *errcat.Error {
	if e, ok := errcat.FromError(err); ok && e != nil {
		return e
	}
	return nil
}

// renderResolutions renders the translated resolution steps, or returns
// nil when they are not translated.
func (tr *translation) renderResolutions(args []string) []string {
	if tr.resolutions == nil {
		return nil
	}
	out := make([]string, len(tr.resolutions))
	for i, t := range tr.resolutions {
		out[i] = t.Render(args)
	}
	return out
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
