package i18n_test

import (
	"context"
	"embed"
	"fmt"
	"log"

	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/i18n"
	"golang.org/x/text/language"
	"google.golang.org/grpc/metadata"
)

// A server renders the LocalizedMessage of an error from the caller's
// accept-language metadata.
func ExampleBundle_Localize() {
	ctx := metadata.NewIncomingContext(context.Background(),
		metadata.Pairs("accept-language", "de-AT,de;q=0.9,en;q=0.5"))
	err := codes.NewObjectNotFound("project", "42")

	l := i18n.Default().Localize(ctx, err)
	fmt.Println(l.Locale)
	fmt.Println(l.Message)
	fmt.Println(l.Resolutions[0]) // sent as the first google.rpc.Help link's description
	// Output:
	// de
	// project mit der ID 42 wurde nicht gefunden.
	// Prüfen Sie, ob die ID 42 korrekt ist.
}

// A client renders an error in any locale it has loaded, from the entry and
// arguments alone, whatever language the server answered in.
func ExampleBundle_Message() {
	err := codes.NewRequiredFieldBlank("email")
	b := i18n.Default()
	for _, tag := range []language.Tag{language.Vietnamese, language.German, language.French} {
		fmt.Printf("%v: %s\n", tag, b.Message(err, tag))
	}
	fmt.Println(b.Resolutions(err, language.German)[0])
	// Output:
	// vi: Trường “email” là bắt buộc và không được để trống.
	// de: Das Feld „email“ ist erforderlich und darf nicht leer bleiben.
	// fr: Field 'email' is required and cannot be left blank.
	// Geben Sie für das Feld email einen gültigen, nicht leeren Wert an.
}

func ExampleBundle_Negotiate() {
	b := i18n.Default()
	fmt.Println(b.Tags())
	fmt.Println(b.Negotiate("de-AT,de;q=0.9,en;q=0.5"))
	fmt.Println(b.Negotiate("fr"))
	fmt.Println(b.Negotiate("fr", "vi-VN"))
	// Output:
	// [en-US de vi]
	// de
	// en-US
	// vi
}

//go:embed testdata/locales
var myLocales embed.FS

// Translations of your own catalogue ship inside your binary with embed.FS;
// add errcat's built-in ones to the same bundle.
func ExampleBundle_AddFS() {
	b := i18n.NewBundle()
	if err := b.AddFS(i18n.Builtin(), "*/*.json"); err != nil {
		log.Fatal(err)
	}
	if err := b.AddFS(myLocales, "testdata/locales/*/*.json"); err != nil {
		log.Fatal(err)
	}
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("accept-language", "fr-CA"))
	l := b.Localize(ctx, shop.ByReason("OUT_OF_STOCK").New("Chaise"))
	fmt.Println(l.Locale, l.Message)
	fmt.Println(b.Tags())
	// Output:
	// fr Chaise est en rupture de stock.
	// [en-US de fr vi]
}

// Translations can also be read from a directory at start-up, so that
// translators can change them without a rebuild.
func ExampleBundle_AddDir() {
	b := i18n.NewBundle(i18n.WithDefault(language.French))
	if err := b.AddDir("testdata/locales"); err != nil {
		log.Fatal(err)
	}
	l := b.Localize(context.Background(), shop.ByReason("CART_EMPTY").New())
	fmt.Println(l.Locale, l.Message)
	// Output:
	// fr Votre panier est vide.
}

// Scaffold starts the file of a new locale; CheckFile lists what is left to
// translate. The errcat-locales command does both from the shell.
func ExampleScaffold() {
	f, _, err := i18n.Scaffold(shop, "es", nil)
	if err != nil {
		log.Fatal(err)
	}
	f.Entries[1].Title = "Carrito vacío"
	f.Entries[1].Message = "Tu carrito está vacío."
	f.Entries[1].Resolutions = []string{"Añade un artículo al carrito."}
	for _, p := range i18n.CheckFile("shop.example.com/es.json", f.Encode()) {
		fmt.Println(p)
	}
	// Output:
	// shop.example.com/es.json: OUT_OF_STOCK: untranslated: not translated
	// shop.example.com/es.json: PRICE_CHANGED: untranslated: not translated
}
