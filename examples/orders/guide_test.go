package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// guideBlocks returns the fenced code blocks of errcat's docs/guide.md by
// language.
func guideBlocks(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile("../../docs/guide.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string][]string{}
	for _, m := range regexp.MustCompile("(?s)```([a-z]*)\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
		blocks[m[1]] = append(blocks[m[1]], m[2])
	}
	return blocks
}

// untab drops each line's leading tabs: a snippet at the guide's top level
// is the body of a function here.
func untab(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, "\t")
	}
	return strings.Join(lines, "\n")
}

func read(t *testing.T, names ...string) string {
	t.Helper()
	var all strings.Builder
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
		all.WriteString("\n")
	}
	return all.String()
}

var spaces = regexp.MustCompile(`[ \t]+`)

// TestGuideSnippets keeps docs/guide.md equal to this module: every proto,
// YAML and Go snippet is code of its files, and every command is one that
// generate.sh or CI's "orders" step (.ci/run) runs.
func TestGuideSnippets(t *testing.T) {
	blocks := guideBlocks(t)
	sources := map[string]string{
		"proto": read(t, "proto/orders/v1/orders.proto"),
		"yaml":  read(t, "buf.yaml", "buf.gen.yaml"),
		"go":    untab(read(t, "orders.go", "example_test.go")),
	}
	for lang, src := range sources {
		if len(blocks[lang]) == 0 {
			t.Errorf("the guide has no %s snippet", lang)
		}
		for _, b := range blocks[lang] {
			if lang == "go" {
				b = untab(b)
			}
			if !strings.Contains(src, b) {
				t.Errorf("guide %s snippet is not this module's code:\n%s", lang, b)
			}
		}
	}
	// Commands: run by generate.sh or by .ci/run (which also sets the
	// module up from scratch outside errcat's tree). The replace names a
	// sibling clone, CI's names the checkout; the protoc line was checked by
	// hand (see the guide).
	ran := spaces.ReplaceAllString(read(t, "generate.sh", "../../.ci/run"), " ")
	skip := regexp.MustCompile(`^(go mod edit -replace=|PATH=\$PWD/bin:\$PATH protoc|  --|  proto/|go build |cd \.\.$|mkdir tools)`)
	n := 0
	for _, b := range blocks["sh"] {
		for _, line := range strings.Split(strings.TrimSpace(strings.ReplaceAll(b, "\\\n", "")), "\n") {
			line = spaces.ReplaceAllString(strings.TrimSpace(strings.SplitN(line, "   #", 2)[0]), " ")
			if line == "" || skip.MatchString(line) {
				continue
			}
			n++
			if !strings.Contains(ran, line) {
				t.Errorf("guide command is run by neither generate.sh nor .ci/run: %s", line)
			}
		}
	}
	if n < 10 {
		t.Errorf("checked %d guide commands, want the guide's whole setup", n)
	}
}
