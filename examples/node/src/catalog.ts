// Catalogues read from the generated descriptors: the errcat.v1.catalog
// option of each enum and the errcat.v1.entry option of each value, exactly
// as written in the .proto files. Nothing here is copied from Go: a client in
// any language gets the same texts from the same proto.
import { getOption, hasOption } from "@bufbuild/protobuf";
import type { DescEnum, DescEnumValue } from "@bufbuild/protobuf";
import { durationMs } from "@bufbuild/protobuf/wkt";

import { CommonErrorSchema } from "./gen/errcat/common/v1/common_pb.js";
import { RuntimeErrorSchema } from "./gen/errcat/runtime/v1/runtime_pb.js";
import { ClientErrorSchema } from "./gen/errcat/client/v1/client_pb.js";
import { catalog as catalogOption, entry as entryOption } from "./gen/errcat/v1/options_pb.js";
import type { EntryOptions } from "./gen/errcat/v1/options_pb.js";

/** One placeholder of an entry's templates. */
export interface Arg {
  name: string;
  description: string;
  example: string;
}

/** An entry of a catalogue, from its errcat.v1.entry option. */
export interface Entry {
  catalog: Catalog;
  /** The enum value the entry comes from. */
  value: DescEnumValue;
  /** google.rpc.ErrorInfo.reason: the value name without the enum prefix. */
  reason: string;
  /** The numeric code ("000012", "000037[0]"). */
  code: string;
  /** The gRPC status code (google.rpc.Code) it is sent with. */
  grpcCode: number;
  httpStatus: number;
  /** Title and message templates, with {0}-style placeholders. */
  title: string;
  message: string;
  description: string;
  rootCauses: string[];
  resolutions: string[];
  args: Arg[];
  /** Advised delay before a retry, in milliseconds; undefined if not retryable. */
  retryDelayMs?: number;
  options: EntryOptions;
}

/** A catalogue: an enum carrying the errcat.v1.catalog option. */
export class Catalog {
  readonly name: string;
  readonly domain: string;
  readonly title: string;
  readonly docUrl: string;
  readonly entries: Entry[] = [];
  private readonly byReasonMap = new Map<string, Entry>();
  private readonly byCodeMap = new Map<string, Entry>();

  constructor(readonly schema: DescEnum) {
    if (!hasOption(schema, catalogOption)) {
      throw new Error(`${schema.typeName} is not an errcat catalogue (no errcat.v1.catalog option)`);
    }
    const opts = getOption(schema, catalogOption);
    this.name = schema.typeName;
    this.domain = opts.domain;
    this.title = opts.title;
    this.docUrl = opts.docUrl;
    for (const value of schema.values) {
      if (!hasOption(value, entryOption)) {
        continue; // the zero value
      }
      const o = getOption(value, entryOption);
      const e: Entry = {
        catalog: this,
        value,
        reason: reasonOf(schema, value),
        code: o.code,
        grpcCode: o.grpcCode,
        httpStatus: o.httpStatus,
        title: o.title,
        message: o.message,
        description: o.description,
        rootCauses: o.rootCauses,
        resolutions: o.resolutions,
        args: o.args.map((a) => ({ name: a.name, description: a.description, example: a.example })),
        retryDelayMs: o.retry?.delay ? durationMs(o.retry.delay) : undefined,
        options: o,
      };
      this.entries.push(e);
      this.byReasonMap.set(e.reason, e);
      this.byCodeMap.set(e.code, e);
    }
  }

  /** The entry with this reason ("OBJECT_NOT_FOUND"), if any. */
  byReason(reason: string): Entry | undefined {
    return this.byReasonMap.get(reason);
  }

  /** The entry with this numeric code ("000012"), if any. */
  byCode(code: string): Entry | undefined {
    return this.byCodeMap.get(code);
  }
}

/**
 * The entry's reason: the value name without the enum's prefix, the enum
 * name in UPPER_SNAKE_CASE.
 */
function reasonOf(schema: DescEnum, value: DescEnumValue): string {
  // buf's ENUM_VALUE_PREFIX rule, as protoc-gen-errcat applies it:
  // "CommonError" -> "COMMON_ERROR_", "HTTPError" -> "HTTP_ERROR_".
  const prefix =
    schema.name
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
      .toUpperCase() + "_";
  if (!value.name.startsWith(prefix)) {
    throw new Error(`${schema.typeName}.${value.name} does not start with ${prefix}`);
  }
  return value.name.slice(prefix.length);
}

/** errcat's built-in catalogues, keyed by ErrorInfo domain. */
export const catalogs: ReadonlyMap<string, Catalog> = new Map(
  [CommonErrorSchema, RuntimeErrorSchema, ClientErrorSchema].map((s) => {
    const c = new Catalog(s);
    return [c.domain, c] as const;
  }),
);

/** The common catalogue (domain errcat.dev). */
export const common: Catalog = catalogs.get("errcat.dev")!;

/** The entry of (domain, reason) in the built-in catalogues, if any. */
export function lookup(domain: string, reason: string): Entry | undefined {
  return catalogs.get(domain)?.byReason(reason);
}

/**
 * Renders a template as errcat's Go runtime does: `{0}`, `{1}`, ... or
 * `{name}` (an argument name) are replaced by the argument, a missing
 * argument by empty text; any other brace is literal text.
 */
export function render(template: string, args: readonly string[], names: readonly string[] = []): string {
  return template.replace(/\{([0-9]+|[A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, key: string) => {
    const i = /^[0-9]/.test(key) ? Number(key) : names.indexOf(key);
    return i < 0 ? whole : (args[i] ?? "");
  });
}

/** The entry's rendered message, title and resolution steps for args. */
export function explain(e: Entry, args: readonly string[]) {
  const names = e.args.map((a) => a.name);
  return {
    title: render(e.title, args, names),
    message: render(e.message, args, names),
    rootCauses: e.rootCauses.map((t) => render(t, args, names)),
    resolutions: e.resolutions.map((t) => render(t, args, names)),
  };
}
