package i18n

import "golang.org/x/text/language"

// Option configures a [Bundle].
type Option func(*options)

type options struct {
	def language.Tag
}

var defaultOptions = options{def: source}

// WithDefault sets the locale used when the caller states no preference, or
// none that the bundle supports. It is matched against the loaded locales
// like a preference (WithDefault(language.MustParse("de-CH")) uses "de");
// if none matches, [Source] is used. The default default is [Source].
func WithDefault(tag language.Tag) Option {
	return func(o *options) { o.def = tag }
}
