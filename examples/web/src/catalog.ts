// The catalogues, read from the descriptors protoc-gen-es generated from
// errcat's proto files (the errcat.v1.catalog option of each enum, the
// errcat.v1.entry option of each value), and their translations, read from
// i18n/locales at build time. No catalogue text is written in this
// front-end: every title, message and resolution comes from these two
// sources or from the error the server sent.
import { getOption, hasOption } from "@bufbuild/protobuf";
import type { DescEnum } from "@bufbuild/protobuf";
import { durationMs } from "@bufbuild/protobuf/wkt";

import { ClientErrorSchema } from "./gen/errcat/client/v1/client_pb.js";
import { CommonErrorSchema } from "./gen/errcat/common/v1/common_pb.js";
import { RuntimeErrorSchema } from "./gen/errcat/runtime/v1/runtime_pb.js";
import { catalog as catalogOption, entry as entryOption } from "./gen/errcat/v1/options_pb.js";

import clientDe from "../../../i18n/locales/client.errcat.dev/de.json";
import clientVi from "../../../i18n/locales/client.errcat.dev/vi.json";
import commonDe from "../../../i18n/locales/errcat.dev/de.json";
import commonVi from "../../../i18n/locales/errcat.dev/vi.json";
import runtimeDe from "../../../i18n/locales/runtime.errcat.dev/de.json";
import runtimeVi from "../../../i18n/locales/runtime.errcat.dev/vi.json";

/** One placeholder of an entry's templates. */
export interface Arg {
  name: string;
}

/** The texts of an entry in one language: templates with {name} or {0} placeholders. */
export interface Texts {
  title: string;
  message: string;
  resolutions: string[];
}

/** An entry of a catalogue, from its errcat.v1.entry option. */
export interface Entry {
  domain: string;
  /** google.rpc.ErrorInfo.reason: the value name without the enum prefix. */
  reason: string;
  /** The numeric code ("000012", "910001"). */
  code: string;
  /** The gRPC status code (google.rpc.Code) it is sent with. */
  grpcCode: number;
  /** The English texts, as written in the proto file. */
  source: Texts;
  args: string[];
  /** The documentation link, doc_url of the catalogue filled in. */
  docUrl: string;
  /** Advised delay before a retry, in milliseconds; undefined if not retryable. */
  retryDelayMs?: number;
}

/** The translation files' shape (i18n.File); "source" is dropped at build time. */
interface LocaleFile {
  domain: string;
  locale: string;
  entries: Record<string, Partial<Texts>>;
}

const entries = new Map<string, Entry>(); // by domain + "\n" + reason
const byCode = new Map<string, Entry>();

function addCatalog(schema: DescEnum): void {
  if (!hasOption(schema, catalogOption)) {
    throw new Error(`${schema.typeName} is not an errcat catalogue`);
  }
  const cat = getOption(schema, catalogOption);
  const prefix = enumPrefix(schema.name);
  for (const value of schema.values) {
    if (!hasOption(value, entryOption)) {
      continue; // the zero value
    }
    const o = getOption(value, entryOption);
    const e: Entry = {
      domain: cat.domain,
      reason: value.name.slice(prefix.length),
      code: o.code,
      grpcCode: o.grpcCode,
      source: { title: o.title, message: o.message, resolutions: o.resolutions },
      args: o.args.map((a) => a.name),
      docUrl: expandDocUrl(cat.docUrl, cat.domain, value.name.slice(prefix.length), o.code),
      retryDelayMs: o.retry?.delay ? durationMs(o.retry.delay) : undefined,
    };
    entries.set(e.domain + "\n" + e.reason, e);
    byCode.set(e.code, e);
  }
}

/** buf's ENUM_VALUE_PREFIX, as protoc-gen-errcat applies it: "ClientError" -> "CLIENT_ERROR_". */
function enumPrefix(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
      .toUpperCase() + "_"
  );
}

/** Fills a doc_url template as errcat's Go runtime does (expandDocURL). */
function expandDocUrl(tmpl: string, domain: string, reason: string, code: string): string {
  const anchor = code.replace("[", "-").replace("]", "").toLowerCase();
  return tmpl
    .replaceAll("{domain}", domain)
    .replaceAll("{reason}", reason)
    .replaceAll("{code}", encodeURIComponent(code))
    .replaceAll("{anchor}", anchor);
}

for (const s of [ClientErrorSchema, CommonErrorSchema, RuntimeErrorSchema]) {
  addCatalog(s);
}

const translations = new Map<string, Map<string, Partial<Texts>>>(); // locale -> domain\nreason -> texts
for (const f of [clientDe, clientVi, commonDe, commonVi, runtimeDe, runtimeVi] as LocaleFile[]) {
  let m = translations.get(f.locale);
  if (!m) {
    translations.set(f.locale, (m = new Map()));
  }
  for (const [reason, t] of Object.entries(f.entries)) {
    m.set(f.domain + "\n" + reason, t);
  }
}

/** The locales the page has texts for: English (the proto files) first. */
export const locales: readonly string[] = ["en", ...translations.keys()];

/** The entry of (domain, reason) in errcat's catalogues, if any. */
export function lookup(domain: string, reason: string): Entry | undefined {
  return entries.get(domain + "\n" + reason);
}

/** The entry with this numeric code, if any. */
export function lookupCode(code: string): Entry | undefined {
  return byCode.get(code);
}

/** The client catalogue's entry of reason (API_UNREACHABLE...). */
export function clientEntry(reason: string): Entry {
  const e = lookup(ClientCatalogDomain, reason);
  if (!e) {
    throw new Error(`client catalogue has no ${reason}`);
  }
  return e;
}

/** The runtime catalogue's entry of reason (REQUEST_CANCELLED, DEADLINE_EXCEEDED). */
export function runtimeEntry(reason: string): Entry {
  const e = lookup(RuntimeCatalogDomain, reason);
  if (!e) {
    throw new Error(`runtime catalogue has no ${reason}`);
  }
  return e;
}

/** The domains of errcat's client and runtime catalogues, from their options. */
export const ClientCatalogDomain = getOption(ClientErrorSchema, catalogOption).domain;
export const RuntimeCatalogDomain = getOption(RuntimeErrorSchema, catalogOption).domain;

/**
 * The entry's texts in locale ("de", "vi"; anything else is English): each
 * text translated where the translation has it, else the English.
 */
export function textsIn(e: Entry, locale: string): Texts {
  const t = translations.get(locale)?.get(e.domain + "\n" + e.reason);
  return {
    title: t?.title || e.source.title,
    message: t?.message || e.source.message,
    resolutions:
      t?.resolutions && t.resolutions.length === e.source.resolutions.length
        ? t.resolutions.map((r, i) => r || e.source.resolutions[i]!)
        : e.source.resolutions,
  };
}

/**
 * Renders a template as errcat's Go runtime does: `{0}`, `{1}`... or
 * `{name}` (an argument name) are replaced by the argument, a missing
 * argument by empty text; any other brace is literal text.
 */
export function render(template: string, args: readonly string[], names: readonly string[]): string {
  return template.replace(/\{([0-9]+|[A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, key: string) => {
    const i = /^[0-9]/.test(key) ? Number(key) : names.indexOf(key);
    return i < 0 ? whole : (args[i] ?? "");
  });
}

/**
 * Chooses the page's locale from the browser's preferences
 * (navigator.languages), as the server negotiates Accept-Language: the first
 * preference whose language the page has ("de-AT" gets "de"), else English.
 */
export function negotiate(preferences: readonly string[]): string {
  for (const p of preferences) {
    const lang = p.toLowerCase().split(/[-_]/)[0] ?? "";
    if (locales.includes(lang)) {
      return lang;
    }
  }
  return "en";
}
