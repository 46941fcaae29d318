// What the page makes of a call's outcome: errcat's client-side
// classification (interceptors.Classify in Go) for fetch and the REST
// gateway's error bodies.
//
//   - A body {"error": {..., "status": "NOT_FOUND", "details": [...]}} (the
//     gateway's AIP-193 shape) whose details hold a google.rpc.ErrorInfo is
//     the catalogue error it names, decoded as received, unless it is a
//     status an errcat server passed through (ErrorInfo of the runtime
//     domain with a reason that catalogue does not have): that one is
//     classified by its code, like a plain status.
//   - Any other failure is classified into the client catalogue by its gRPC
//     code: UNAVAILABLE -> API_UNREACHABLE, UNAUTHENTICATED ->
//     AUTHENTICATION_FAILED, NOT_FOUND and UNIMPLEMENTED -> NOT_FOUND,
//     CANCELLED and DEADLINE_EXCEEDED -> the runtime catalogue's entries,
//     anything else -> UNKNOWN_ERROR. The code is the body's "status"; a body
//     without one (a proxy's HTML page) maps its HTTP status as gRPC clients
//     do for a non-gRPC answer (429, 502, 503, 504 -> UNAVAILABLE, 401 ->
//     UNAUTHENTICATED, 403 -> PERMISSION_DENIED, 404 -> UNIMPLEMENTED, other
//     -> UNKNOWN).
//   - fetch rejecting (no answer: connection refused, DNS, TLS, offline) is
//     API_UNREACHABLE; a timeout of the page's own deadline is
//     DEADLINE_EXCEEDED and an abort REQUEST_CANCELLED.
import { createRegistry, fromJson } from "@bufbuild/protobuf";
import type { JsonValue, Message } from "@bufbuild/protobuf";
import { AnySchema, anyUnpack, durationMs } from "@bufbuild/protobuf/wkt";

import {
  file_google_rpc_error_details,
  type ErrorInfo,
  type Help,
  type LocalizedMessage,
  type RequestInfo,
  type RetryInfo,
} from "./gen/google/rpc/error_details_pb.js";
import { Code, CodeSchema } from "./gen/google/rpc/code_pb.js";
import { clientEntry, lookup, runtimeEntry, RuntimeCatalogDomain } from "./catalog.js";
import type { Entry } from "./catalog.js";

const detailTypes = createRegistry(file_google_rpc_error_details);

/** The standard details the page uses, decoded from the body; each at most once. */
export interface Details {
  errorInfo?: ErrorInfo;
  retryInfo?: RetryInfo;
  help?: Help;
  localizedMessage?: LocalizedMessage;
  requestInfo?: RequestInfo;
}

/** An error as the page shows it. */
export interface Failure {
  /** The gRPC code of the error (google.rpc.Code). */
  grpcCode: number;
  /** ErrorInfo domain and reason: the received ones, or the client catalogue's. */
  domain: string;
  reason: string;
  /** The numeric code to quote. */
  code: string;
  /** The catalogue entry, when errcat's catalogues have (domain, reason). */
  entry?: Entry;
  /** The arguments by name (ErrorInfo metadata without "code"). */
  metadata: Record<string, string>;
  /** Details received with the error (none for a classified one). */
  details: Details;
  /** The status message received, if any (English on errcat servers). */
  statusMessage: string;
  /** Whether the client classified the error (no catalogue error received). */
  classified: boolean;
  /** The advised delay before a retry in ms: RetryInfo, else the entry's advice. */
  retryDelayMs?: number;
  /** HTTP status, 0 when there was no answer. */
  httpStatus: number;
}

const typeField: Record<string, keyof Details> = {
  "google.rpc.ErrorInfo": "errorInfo",
  "google.rpc.RetryInfo": "retryInfo",
  "google.rpc.Help": "help",
  "google.rpc.LocalizedMessage": "localizedMessage",
  "google.rpc.RequestInfo": "requestInfo",
};

/** Decodes protojson details (with "@type"); others and undecodable ones are skipped. */
export function decodeDetails(list: unknown): Details {
  const d: Details = {};
  if (!Array.isArray(list)) {
    return d;
  }
  for (const item of list) {
    let m: Message | undefined;
    try {
      m = anyUnpack(fromJson(AnySchema, item as JsonValue, { registry: detailTypes }), detailTypes);
    } catch {
      continue; // a type this page does not know, or a malformed detail
    }
    const f = m ? typeField[m.$typeName] : undefined;
    if (f && d[f] === undefined) {
      (d as Record<string, Message>)[f] = m!;
    }
  }
  return d;
}

/** The gRPC code of a google.rpc.Code name ("NOT_FOUND"), or undefined. */
function codeOfName(name: unknown): number | undefined {
  return typeof name === "string" ? CodeSchema.values.find((v) => v.name === name)?.number : undefined;
}

/** gRPC's mapping of the HTTP status of a non-gRPC answer to a gRPC code. */
export function codeOfHttpStatus(s: number): number {
  switch (s) {
    case 400:
      return Code.INTERNAL;
    case 401:
      return Code.UNAUTHENTICATED;
    case 403:
      return Code.PERMISSION_DENIED;
    case 404:
      return Code.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return Code.UNAVAILABLE;
  }
  return Code.UNKNOWN;
}

/** The entry a failure without a catalogue error is classified as, by its gRPC code. */
export function entryForCode(c: number): Entry {
  switch (c) {
    case Code.UNAVAILABLE:
      return clientEntry("API_UNREACHABLE");
    case Code.UNAUTHENTICATED:
      return clientEntry("AUTHENTICATION_FAILED");
    case Code.NOT_FOUND:
    case Code.UNIMPLEMENTED:
      return clientEntry("NOT_FOUND");
    case Code.CANCELLED:
      return runtimeEntry("REQUEST_CANCELLED");
    case Code.DEADLINE_EXCEEDED:
      return runtimeEntry("DEADLINE_EXCEEDED");
  }
  return clientEntry("UNKNOWN_ERROR");
}

/** A failure of the client catalogue (or runtime one) standing for an error without a catalogue error. */
export function classified(entry: Entry, grpcCode: number, httpStatus: number, details: Details = {}, statusMessage = ""): Failure {
  const ri = details.retryInfo?.retryDelay;
  return {
    grpcCode,
    domain: entry.domain,
    reason: entry.reason,
    code: entry.code,
    entry,
    metadata: {},
    // Like errcat.Classified: the original status's details are kept (its
    // RetryInfo is the retry advice); the ErrorInfo shown is the entry's.
    details,
    statusMessage,
    classified: true,
    retryDelayMs: ri ? Math.max(durationMs(ri), 1) : entry.retryDelayMs,
    httpStatus,
  };
}

/** The failure of a fetch that rejected: no answer from the server. */
export function fromFetchError(err: unknown): Failure {
  const name = (err as { name?: string } | null)?.name;
  if (name === "TimeoutError") {
    return classified(runtimeEntry("DEADLINE_EXCEEDED"), Code.DEADLINE_EXCEEDED, 0);
  }
  if (name === "AbortError") {
    return classified(runtimeEntry("REQUEST_CANCELLED"), Code.CANCELLED, 0);
  }
  // TypeError "Failed to fetch": connection refused, DNS, TLS, offline.
  return classified(clientEntry("API_UNREACHABLE"), Code.UNAVAILABLE, 0);
}

/**
 * The failure an HTTP answer with a non-2xx status stands for. body is the
 * response text; it is parsed here, and anything that is not the gateway's
 * JSON error is treated as a proxy's page.
 */
export function fromResponse(httpStatus: number, body: string): Failure {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const err = (parsed as { error?: unknown } | undefined)?.error as
    | { status?: unknown; message?: unknown; details?: unknown }
    | undefined;
  if (!err || typeof err !== "object") {
    return classified(entryForCode(codeOfHttpStatus(httpStatus)), codeOfHttpStatus(httpStatus), httpStatus);
  }
  const grpcCode = codeOfName(err.status) ?? codeOfHttpStatus(httpStatus);
  const details = decodeDetails(err.details);
  const message = typeof err.message === "string" ? err.message : "";
  const info = details.errorInfo;
  if (!info || grpcCode === Code.OK) {
    return classified(entryForCode(grpcCode), grpcCode, httpStatus, details, message);
  }
  const entry = lookup(info.domain, info.reason);
  if (!entry && info.domain === RuntimeCatalogDomain) {
    // A status an errcat server passed through: typed by its code.
    return classified(entryForCode(grpcCode), grpcCode, httpStatus, details, message);
  }
  const { code = "", ...args } = info.metadata;
  const ri = details.retryInfo?.retryDelay;
  return {
    grpcCode,
    domain: info.domain,
    reason: info.reason,
    code: code || entry?.code || "",
    entry,
    metadata: args,
    details,
    statusMessage: message,
    classified: false,
    retryDelayMs: ri ? Math.max(durationMs(ri), 1) : undefined,
    httpStatus,
  };
}
