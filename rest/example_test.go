package rest_test

import (
	"errors"
	"fmt"

	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/rest"
)

func ExampleDecode() {
	body := `{
  "error": {
    "code": 404,
    "message": "Unable to locate order with id 42.",
    "status": "NOT_FOUND",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "OBJECT_NOT_FOUND",
        "domain": "errcat.dev",
        "metadata": {"code": "000012", "id": "42", "object": "order"}
      },
      {
        "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
        "locale": "de",
        "message": "order mit der ID 42 wurde nicht gefunden."
      }
    ]
  }
}`
	e, err := rest.Decode(404, []byte(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Code(), e.Reason(), e.Args(), errors.Is(e, codes.ObjectNotFound), e.Retryable())
	fmt.Println(e.Details().LocalizedMessage.GetLocale())

	_, err = rest.Decode(502, []byte("<html>Bad Gateway</html>"))
	fmt.Println(errors.Is(err, rest.ErrNoError))
	// Output:
	// 000012 OBJECT_NOT_FOUND [order 42] true false
	// de
	// true
}
