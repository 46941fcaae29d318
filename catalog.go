package errcat

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
)

// CatalogSpec is the static description of a catalogue, as written in its
// proto options. Generated code passes one to [MustRegister]; tools build
// one to validate a catalogue with [Validate].
type CatalogSpec struct {
	// Name is the full name of the proto enum ("errcat.common.v1.CommonError").
	Name string
	// Domain is google.rpc.ErrorInfo.domain of every entry.
	Domain string
	// Title and Description describe the catalogue.
	Title, Description string
	// CodePattern is the RE2 expression every code matches; empty means
	// [DefaultCodePattern].
	CodePattern string
	// DocURL is the documentation URL template ({domain}, {reason}, {code},
	// {anchor}); empty means no google.rpc.Help is sent.
	DocURL string
	// Entries in declaration order.
	Entries []EntrySpec
}

// EntrySpec is the static description of one catalogue entry.
type EntrySpec struct {
	// Number is the proto enum number.
	Number int32
	// Reason is the AIP-193 reason: the enum value name without the prefix.
	Reason string
	// Code is the numeric code shown to people ("000012", "000037[0]").
	Code string
	// GRPCCode is the status code sent on the wire.
	GRPCCode codes.Code
	// HTTPStatus is the HTTP status a gateway should use.
	HTTPStatus int
	// Title is the short message; Message is the English template.
	Title, Message string
	// Description says what the error means.
	Description string
	// Summary is a one-line description for overview tables; empty means
	// the tables use Description (see [Entry.Summary]).
	Summary string
	// RootCauses and Resolutions are templates too.
	RootCauses, Resolutions []string
	// Args name the placeholders in index order.
	Args []ArgSpec
	// RetryDelay is the advised delay before a retry; zero means the entry
	// is not retryable.
	RetryDelay time.Duration
}

// ArgSpec names one placeholder of an entry.
type ArgSpec struct {
	Name, Description, Example string
}

// Catalog is a registered catalogue: an immutable set of entries of one
// domain. It is safe for concurrent use.
type Catalog struct {
	spec     CatalogSpec
	entries  []*Entry
	byReason map[string]*Entry
	byCode   map[string]*Entry
	// registered is false for the stand-in catalogues of errors decoded
	// from domains no registered catalogue owns.
	registered bool
}

// Name returns the full proto name of the catalogue's enum.
func (c *Catalog) Name() string { return c.spec.Name }

// Domain returns the ErrorInfo domain of the catalogue.
func (c *Catalog) Domain() string { return c.spec.Domain }

// Title returns the catalogue's title.
func (c *Catalog) Title() string { return c.spec.Title }

// Description returns the catalogue's description.
func (c *Catalog) Description() string { return c.spec.Description }

// Entries returns the entries in declaration order. The slice is a copy.
func (c *Catalog) Entries() []*Entry { return append([]*Entry(nil), c.entries...) }

// ByReason returns the entry with the given reason, or nil. With
// [Catalog.ByCode] it is how an entry is looked up.
func (c *Catalog) ByReason(reason string) *Entry { return c.byReason[reason] }

// ByCode returns the entry with the given numeric code ("000012",
// "000037[0]"), or nil.
func (c *Catalog) ByCode(code string) *Entry { return c.byCode[code] }

var registry struct {
	sync.RWMutex
	byDomain map[string]*Catalog
	aliases  map[string]string
}

// RegisterDomainAlias makes errors received under the ErrorInfo domain alias
// decode as errors of the catalogue registered under domain: the client side
// of a server that renames its domain (interceptors.WithDomain).
func RegisterDomainAlias(alias, domain string) {
	registry.Lock()
	defer registry.Unlock()
	if registry.aliases == nil {
		registry.aliases = map[string]string{}
	}
	registry.aliases[alias] = domain
}

// Register validates spec, compiles its templates and adds the catalogue to
// the process-wide registry used to decode errors. It fails if the spec is
// invalid or its domain is already registered.
func Register(spec CatalogSpec) (*Catalog, error) {
	c, err := NewCatalog(spec)
	if err != nil {
		return nil, err
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.byDomain == nil {
		registry.byDomain = map[string]*Catalog{}
	}
	if old := registry.byDomain[spec.Domain]; old != nil {
		return nil, fmt.Errorf("errcat: domain %q is already registered by %s", spec.Domain, old.spec.Name)
	}
	c.registered = true
	registry.byDomain[spec.Domain] = c
	return c, nil
}

// MustRegister is like [Register] but panics on error. Generated code calls
// it at init, where a failure means the generated file was edited by hand.
func MustRegister(spec CatalogSpec) *Catalog {
	c, err := Register(spec)
	if err != nil {
		panic(err)
	}
	return c
}

// NewCatalog validates spec and builds a catalogue without registering it.
func NewCatalog(spec CatalogSpec) (*Catalog, error) {
	if problems := Validate(spec); len(problems) > 0 {
		return nil, fmt.Errorf("errcat: invalid catalogue %s: %s", spec.Name, problems[0])
	}
	c := &Catalog{
		spec:     spec,
		byReason: make(map[string]*Entry, len(spec.Entries)),
		byCode:   make(map[string]*Entry, len(spec.Entries)),
	}
	for i := range spec.Entries {
		e, err := newEntry(c, spec.Entries[i])
		if err != nil { // Validate compiled the same templates: unreachable
			return nil, err
		}
		c.entries = append(c.entries, e)
		c.byReason[e.spec.Reason] = e
		c.byCode[e.spec.Code] = e
	}
	return c, nil
}

// LookupCatalog returns the registered catalogue of a domain, or nil.
func LookupCatalog(domain string) *Catalog {
	registry.RLock()
	defer registry.RUnlock()
	if c := registry.byDomain[domain]; c != nil {
		return c
	}
	return registry.byDomain[registry.aliases[domain]]
}

// Lookup returns the registered entry for (domain, reason), or nil.
func Lookup(domain, reason string) *Entry {
	if c := LookupCatalog(domain); c != nil {
		return c.byReason[reason]
	}
	return nil
}

// Catalogs returns every registered catalogue, sorted by domain.
func Catalogs() []*Catalog {
	registry.RLock()
	out := make([]*Catalog, 0, len(registry.byDomain))
	for _, c := range registry.byDomain {
		out = append(out, c)
	}
	registry.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].spec.Domain < out[j].spec.Domain })
	return out
}
