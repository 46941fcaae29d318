package i18n

import (
	"embed"
	"io/fs"
	"sync"

	_ "github.com/errcat/errcat/codes" // registers the catalogues translated here
)

//go:embed locales
var locales embed.FS

// Builtin returns the translations shipped with errcat, laid out as
// <domain>/<locale>.json: German (de) and Vietnamese (vi) of errcat's
// catalogues, the common one (domain errcat.dev), the client one
// (client.errcat.dev) and the runtime one (runtime.errcat.dev). Load them
// into a bundle of your own with
//
//	bundle.AddFS(i18n.Builtin(), "*/*.json")
func Builtin() fs.FS {
	sub, err := fs.Sub(locales, "locales")
	if err != nil {
		panic(err) // "locales" is a valid path: unreachable
	}
	return sub
}

var defaultBundle = sync.OnceValue(func() *Bundle {
	b := NewBundle()
	if err := b.AddFS(Builtin(), "*/*.json"); err != nil {
		panic(err) // the shipped files are checked by the tests
	}
	return b
})

// Default returns the process-wide bundle holding the [Builtin]
// translations, with [Source] as default locale. It is loaded on first use.
// Adding files to it affects every user of Default; build a bundle with
// [NewBundle] to add locales or catalogues of your own.
func Default() *Bundle { return defaultBundle() }
