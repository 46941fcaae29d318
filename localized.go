package errcat

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/types/known/anypb"
)

// Localized is an error's texts in one locale, as a localizer (such as the
// i18n package's Bundle) renders them for a caller: the LocalizedMessage
// and the descriptions of the Help links a server sends.
type Localized struct {
	// Locale is the BCP 47 tag actually used ("de", "en-US"); empty means
	// nothing is localized and no LocalizedMessage is sent.
	Locale string
	// Message is the rendered message in Locale.
	Message string
	// Resolutions are the entry's resolution steps rendered in Locale, one
	// per English step; nil means they are not translated and the Help
	// links keep the English ones.
	Resolutions []string
}

// localizedHelp is the google.rpc.Help of an entry whose resolution steps
// were translated: one link per step, all to the entry's documentation.
func localizedHelp(descriptions []string, url string) *anypb.Any {
	h := &errdetails.Help{Links: make([]*errdetails.Help_Link, len(descriptions))}
	for i, d := range descriptions {
		h.Links[i] = &errdetails.Help_Link{Description: valid(d), Url: url}
	}
	return mustAny(h)
}
