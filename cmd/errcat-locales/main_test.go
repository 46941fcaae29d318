package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // substring of stdout+stderr
	}{
		{"usage", nil, 2, "usage:"},
		{"help", []string{"help"}, 0, "usage:"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"init without locale", []string{"init", "-out", dir}, 2, "init needs -locale"},
		{"init unknown domain", []string{"init", "-domain", "nowhere.example", "-locale", "fr", "-out", dir}, 2, `no catalogue with domain "nowhere.example"`},
		{"init source locale", []string{"init", "-locale", "en-US", "-out", dir}, 2, "source locale"},
		{"init", []string{"init", "-locale", "fr", "-out", dir}, 0, "wrote " + filepath.Join(dir, "errcat.dev", "fr.json") + ": 53 entries of errcat.common.v1.CommonError"},
		{"init again", []string{"init", "-locale", "fr", "-out", dir}, 0, "extended"},
		{"check scaffold", []string{"check", "-dir", dir}, 1, "53 problems: 53 untranslated"},
		{"check shipped", []string{"check", "-dir", "../../i18n/locales"}, 0, "ok: no problems"},
		{"check nothing", []string{"check", "-dir", dir, "-pattern", "*.json"}, 2, "no locale file matches"},
		{"check bad flag", []string{"check", "-nope"}, 2, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			code := run(tt.args, &out, &out)
			if code != tt.wantCode || !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("run(%q) = %d\n%s\nwant %d and %q", tt.args, code, out.String(), tt.wantCode, tt.wantOut)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "errcat.dev", "fr.json")); err != nil {
		t.Error(err)
	}
}
