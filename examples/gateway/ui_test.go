package main

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/internal/testsrv"
)

func TestServesRESTErrorsAndThePage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	log := &testsrv.SyncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-grpc-addr", "127.0.0.1:0", "-http-addr", "127.0.0.1:0"}, log) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	re := regexp.MustCompile(`msg="ui serving" url=(http://\S+)/ui/`)
	var base string
	for i := 0; i < 200 && base == ""; i++ {
		if m := re.FindStringSubmatch(log.String()); m != nil {
			base = m[1]
		}
		time.Sleep(25 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("no ui serving line in the log:\n%s", log)
	}

	req, _ := http.NewRequest(http.MethodGet, base+"/v1/errors/000012?args=order&args=42", nil)
	req.Header.Set("Accept-Language", "de")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var body struct {
		Error struct {
			Code    int               `json:"code"`
			Status  string            `json:"status"`
			Message string            `json:"message"`
			Details []json.RawMessage `json:"details"`
		} `json:"error"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	e := body.Error
	if r.StatusCode != 404 || e.Code != 404 || e.Status != "NOT_FOUND" || e.Message != "Unable to locate order with id 42." {
		t.Errorf("got %d %+v", r.StatusCode, e)
	}
	raw, _ := json.Marshal(e.Details)
	all := string(raw)
	if !strings.Contains(all, `"@type":"type.googleapis.com/google.rpc.ErrorInfo"`) || !strings.Contains(all, `"reason":"OBJECT_NOT_FOUND"`) {
		t.Errorf("details without the ErrorInfo: %s", all)
	}
	if got := r.Header.Get("Content-Language"); got != "de" {
		t.Errorf("Content-Language %q, want de", got)
	}

	page, err := http.Get(base + "/ui/")
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.StatusCode != 200 || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
		t.Errorf("/ui/: %d %q", page.StatusCode, page.Header.Get("Content-Type"))
	}
}
