// Command errcat-locales scaffolds and checks the locale files of errcat
// catalogues (see package github.com/errcat/errcat/i18n).
//
//	errcat-locales init -domain errcat.dev -locale fr [-out i18n/locales]
//	errcat-locales check [-dir i18n/locales] [-pattern '*/*.json']
//	errcat-locales init -descriptor-set orders.binpb -locale de -out locales
//	errcat-locales check -descriptor-set orders.binpb -dir locales
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
// The command knows the catalogues linked into it, errcat's own, and those
// of a binary FileDescriptorSet given with -descriptor-set (written by
// `buf build -o FILE` or `protoc --include_imports -o FILE`): that is how
// a service scaffolds and checks the locale files of its own catalogue.
// With -descriptor-set, init's -domain defaults to the set's catalogue when
// it holds only one.
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
  errcat-locales init [-descriptor-set FILE] -domain DOMAIN -locale LOCALE [-out DIR]
  errcat-locales check [-descriptor-set FILE] [-dir DIR] [-pattern GLOB]
`

const descriptorSetHelp = "binary FileDescriptorSet with your catalogue (buf build -o FILE, protoc --include_imports -o FILE)"

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
	set := fl.String("descriptor-set", "", descriptorSetHelp)
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *locale == "" || fl.NArg() > 0 {
		return fmt.Errorf("init needs -locale and no arguments\n%s", usage)
	}
	if *set != "" {
		domains, err := loadDescriptorSet(*set)
		if err != nil {
			return err
		}
		domainSet := false
		fl.Visit(func(f *flag.Flag) { domainSet = domainSet || f.Name == "domain" })
		switch {
		case !domainSet && len(domains) == 1:
			*domain = domains[0]
		case !domainSet:
			return fmt.Errorf("%s holds %d catalogues (%s): choose one with -domain", *set, len(domains), strings.Join(domains, ", "))
		}
	}
	cat := errcat.LookupCatalog(*domain)
	if cat == nil {
		return fmt.Errorf("no catalogue with domain %q is linked into errcat-locales (known: %s); for your own catalogue, pass -descriptor-set", *domain, knownDomains())
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
	set := fl.String("descriptor-set", "", descriptorSetHelp)
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("check takes no arguments\n%s", usage)
	}
	if *set != "" {
		if _, err := loadDescriptorSet(*set); err != nil {
			return err
		}
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
