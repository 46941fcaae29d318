package main

import (
	"encoding/json"
	"errors"
	"io"
	"time"

	"google.golang.org/genproto/googleapis/rpc/code"
	grpccodes "google.golang.org/grpc/codes"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/i18n"
)

// view is the JSON form of an error.
type view struct {
	Reason           string            `json:"reason"`
	Domain           string            `json:"domain"`
	Code             string            `json:"code"`
	GRPCCode         string            `json:"grpcCode"`
	Args             map[string]string `json:"args"`
	Message          string            `json:"message"`
	Locale           string            `json:"locale,omitempty"`
	LocalizedMessage string            `json:"localizedMessage,omitempty"`
	Retryable        bool              `json:"retryable"`
	RetryDelay       string            `json:"retryDelay,omitempty"`
	Hints            []hint            `json:"hints"`
	RequestID        string            `json:"requestId,omitempty"`
	Original         *original         `json:"original,omitempty"`
}

type hint struct {
	Description string `json:"description"`
	URL         string `json:"url,omitempty"`
}

// original is the status grpc-go reported for an error classified on the
// client.
type original struct {
	GRPCCode string `json:"grpcCode"`
	Message  string `json:"message"`
}

// describe builds the view of e; lang is the language asked for, if any.
func describe(e *errcat.Error, lang string) view {
	d := e.Details()
	v := view{
		Reason:    e.Reason(),
		Domain:    e.Domain(),
		Code:      e.Code(),
		GRPCCode:  codeName(e.GRPCCode()),
		Args:      map[string]string{},
		Message:   e.Message(),
		Retryable: errcat.Retryable(e),
		RequestID: d.RequestInfo.GetRequestId(),
	}
	for i, name := range e.Entry().ArgNames() {
		if args := e.Args(); i < len(args) {
			v.Args[name] = args[i]
		}
	}
	if v.Retryable {
		v.RetryDelay = errcat.RetryDelay(e).Round(time.Millisecond).String()
	}
	// The server's localized message if it sent one, else the client's own
	// rendering from errcat's built-in translations.
	if lm := d.LocalizedMessage; lm != nil {
		v.Locale, v.LocalizedMessage = lm.GetLocale(), lm.GetMessage()
	} else if lang != "" {
		b := i18n.Default()
		tag := b.Negotiate(lang)
		v.Locale, v.LocalizedMessage = tag.String(), b.Message(e, tag)
		if v.LocalizedMessage == e.Message() { // no translation: English
			v.Locale = i18n.Source().String()
		}
	}
	for _, l := range d.Help.GetLinks() {
		v.Hints = append(v.Hints, hint{Description: l.GetDescription(), URL: l.GetUrl()})
	}
	if len(v.Hints) == 0 { // classified errors carry the advice of their entry
		for _, r := range e.Entry().Resolutions(e.Args()...) {
			v.Hints = append(v.Hints, hint{Description: r, URL: e.Entry().DocURL()})
		}
	}
	if errors.Unwrap(e) != nil {
		st := e.GRPCStatus()
		v.Original = &original{GRPCCode: codeName(st.Code()), Message: st.Message()}
	}
	return v
}

// codeName is the canonical name of a gRPC code ("NOT_FOUND"), as in
// google/rpc/code.proto and every language's gRPC library.
func codeName(c grpccodes.Code) string { return code.Code(c).String() }

func writeJSON(w io.Writer, v view) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
