// Command errcat-locales scaffolds and checks the locale files of errcat
// catalogues (see package github.com/errcat/errcat/i18n).
//
//	errcat-locales init -domain errcat.dev -locale fr [-out i18n/locales]
//	errcat-locales check [-dir i18n/locales] [-pattern '*/*.json']
//
// init writes <out>/<domain>/<locale>.json with every entry of the
// catalogue: the English in "source", the translations empty. If the file
// exists, it is extended: translations are kept, new entries added and
// entries of removed reasons dropped.
//
// check reports, per file, missing, unknown, untranslated and stale entries,
// placeholder mismatches and invalid files. It exits with status 1 if it
// found any problem, 2 on usage or I/O errors.
//
// The command knows the catalogues linked into it: errcat's own. Check
// locale files of your own catalogues with i18n.Check in a test.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/errcat/errcat"
	_ "github.com/errcat/errcat/codes" // the catalogues this command knows
	"github.com/errcat/errcat/i18n"
)

const usage = `usage:
  errcat-locales init -domain DOMAIN -locale LOCALE [-out DIR]
  errcat-locales check [-dir DIR] [-pattern GLOB]
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errProblems means check found problems (exit status 1).
var errProblems = errors.New("problems found")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "init":
		err = runInit(args[1:], stdout, stderr)
	case "check":
		err = runCheck(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errProblems):
		return 1
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	fmt.Fprintln(stderr, "errcat-locales:", err)
	return 2
}

func runInit(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("init", flag.ContinueOnError)
	fl.SetOutput(stderr)
	domain := fl.String("domain", "errcat.dev", "domain of the catalogue to translate")
	locale := fl.String("locale", "", "BCP 47 tag of the new locale (required)")
	out := fl.String("out", "i18n/locales", "directory of the locale files")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *locale == "" || fl.NArg() > 0 {
		return fmt.Errorf("init needs -locale and no arguments\n%s", usage)
	}
	cat := errcat.LookupCatalog(*domain)
	if cat == nil {
		return fmt.Errorf("no catalogue with domain %q is linked into errcat-locales (known: %s)", *domain, knownDomains())
	}
	path := filepath.Join(*out, *domain, *locale+".json")
	var prev *i18n.File
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if prev, err = i18n.ParseFile(data); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	f, dropped, err := i18n.Scaffold(cat, *locale, prev)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, f.Encode(), 0o644); err != nil {
		return err
	}
	verb := "wrote"
	if prev != nil {
		verb = "extended"
	}
	fmt.Fprintf(stdout, "%s %s: %d entries of %s\n", verb, path, len(f.Entries), cat.Name())
	if len(dropped) > 0 {
		fmt.Fprintf(stdout, "dropped entries the catalogue no longer has: %s\n", strings.Join(dropped, ", "))
	}
	return nil
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("dir", "i18n/locales", "directory of the locale files")
	pattern := fl.String("pattern", "*/*.json", "glob of the files under -dir")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("check takes no arguments\n%s", usage)
	}
	problems, err := i18n.Check(os.DirFS(*dir), *pattern)
	if err != nil {
		return err
	}
	counts := map[i18n.Kind]int{}
	for _, p := range problems {
		p.File = filepath.Join(*dir, p.File)
		fmt.Fprintln(stdout, p)
		counts[p.Kind]++
	}
	if len(problems) == 0 {
		fmt.Fprintln(stdout, "ok: no problems")
		return nil
	}
	var summary []string
	for k := i18n.Invalid; k <= i18n.Stale; k++ {
		if counts[k] > 0 {
			summary = append(summary, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	fmt.Fprintf(stdout, "%d problems: %s\n", len(problems), strings.Join(summary, ", "))
	return errProblems
}

func knownDomains() string {
	var ds []string
	for _, c := range errcat.Catalogs() {
		ds = append(ds, c.Domain())
	}
	if len(ds) == 0 {
		return "none"
	}
	return strings.Join(ds, ", ")
}
