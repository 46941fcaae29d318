// Package i18n localizes errcat errors: translations of catalogue texts in
// files translators edit, locale negotiation from gRPC metadata with
// golang.org/x/text/language, and rendering on servers and clients.
//
// English stays in the proto files as the source of truth. A translation is
// one JSON file per catalogue and locale, keyed by reason, using the same
// named placeholders as the English text (see [File] for the format).
// errcat ships German (de) and Vietnamese (vi) translations of its own
// catalogues: the common one (domain errcat.dev), the client one
// (client.errcat.dev) and the runtime one (runtime.errcat.dev); [Default]
// serves them.
//
// # Servers
//
// The errcat server interceptors call [Bundle.Localize] on the error path:
// the locale comes from the incoming metadata "accept-language", then
// "grpcgateway-accept-language", then the bundle's default ([WithDefault],
// en-US unless set). Matching follows the quality values and regional
// fallbacks of Accept-Language (de-AT gets de); the locale reported is the
// supported tag actually used ("de", never "de-u-rg-atzzzz"), en-US when
// English is used. Translated in that locale: the
// google.rpc.LocalizedMessage and the descriptions of the google.rpc.Help
// links (the entry's resolution steps, arguments filled in; the URLs do not
// change). google.rpc.Status.message, ErrorInfo and the other details stay
// English.
//
// # Clients
//
// A client renders any error in any locale it has loaded, from the entry
// and arguments alone, even when the server did not localize:
//
//	msg := i18n.Default().Message(err, language.German) // err: any error a call returned
//
// For a service's own catalogue, errcat-locales scaffolds and checks the
// locale files from a descriptor set of it
// (`errcat-locales init -descriptor-set orders.binpb -locale de -out locales`).
//
// # Add your own locale
//
// To translate a catalogue (errcat's common one or your own) into a new
// locale, scaffold the file, translate it, check it, and load it:
//
//	go run github.com/errcat/errcat/cmd/errcat-locales init -domain errcat.dev -locale fr -out locales
//	# translate locales/errcat.dev/fr.json: fill in "title", "message" and
//	# "resolutions" of every entry; "source" shows the English. Keep the
//	# placeholders: {object} in the English must be {object} in French.
//	go run github.com/errcat/errcat/cmd/errcat-locales check -dir locales
//
// Run init again after the catalogue changed: it keeps your translations,
// adds the new entries and drops removed ones. check reports missing,
// unknown, untranslated and stale entries (the English changed since the
// translation: update the text, then copy the new English into "source"),
// and placeholder mismatches; it exits with status 1 if it found any.
// errcat-locales knows errcat's own catalogues; for your own catalogues,
// check in a test of a package that links them:
//
//	func TestLocales(t *testing.T) {
//		problems, err := i18n.Check(os.DirFS("locales"), "*/*.json")
//		if err != nil {
//			t.Fatal(err)
//		}
//		for _, p := range problems {
//			t.Error(p)
//		}
//	}
//
// Load the files into a bundle, from an embed.FS compiled into the binary
// or from a directory read at start-up, together with errcat's built-in
// translations, and give the bundle to the server interceptors:
//
//	//go:embed locales
//	var locales embed.FS
//
//	bundle := i18n.NewBundle()
//	if err := bundle.AddFS(i18n.Builtin(), "*/*.json"); err != nil { ... }
//	if err := bundle.AddFS(locales, "locales/*/*.json"); err != nil { ... }
//	// or: bundle.AddDir("/etc/myservice/locales")
//
// Loading validates every file against its registered catalogue and fails,
// naming file and reason, on an unknown reason, a placeholder set different
// from the English, a different number of resolution steps, or invalid
// JSON or UTF-8. Missing, untranslated and stale entries load: English is
// used where a text is missing.
package i18n
