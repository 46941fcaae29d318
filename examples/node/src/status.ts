// Decoding errcat errors received by @grpc/grpc-js: the
// grpc-status-details-bin trailer holds a google.rpc.Status whose details
// are google.rpc.ErrorInfo (domain, reason, and the metadata: the numeric
// code and the named arguments) and the other standard details.
import { fromBinary, createRegistry } from "@bufbuild/protobuf";
import type { Message } from "@bufbuild/protobuf";
import { anyUnpack, durationMs } from "@bufbuild/protobuf/wkt";
import type { Any } from "@bufbuild/protobuf/wkt";
import type { Metadata, ServiceError } from "@grpc/grpc-js";

import { StatusSchema } from "./gen/google/rpc/status_pb.js";
import type { Status } from "./gen/google/rpc/status_pb.js";
import {
  file_google_rpc_error_details,
  type BadRequest,
  type DebugInfo,
  type ErrorInfo,
  type Help,
  type LocalizedMessage,
  type PreconditionFailure,
  type QuotaFailure,
  type RequestInfo,
  type ResourceInfo,
  type RetryInfo,
} from "./gen/google/rpc/error_details_pb.js";
import { explain, lookup } from "./catalog.js";
import type { Entry } from "./catalog.js";

/** The trailer gRPC sends a google.rpc.Status in. */
export const DETAILS_TRAILER = "grpc-status-details-bin";

/** The ErrorInfo metadata key of the numeric code. */
export const METADATA_CODE_KEY = "code";

const detailTypes = createRegistry(file_google_rpc_error_details);

/** The details of a status, decoded; each standard type at most once. */
export interface Details {
  errorInfo?: ErrorInfo;
  retryInfo?: RetryInfo;
  debugInfo?: DebugInfo;
  quotaFailure?: QuotaFailure;
  preconditionFailure?: PreconditionFailure;
  badRequest?: BadRequest;
  requestInfo?: RequestInfo;
  resourceInfo?: ResourceInfo;
  help?: Help;
  localizedMessage?: LocalizedMessage;
  /** Details of types this client does not know, as received. */
  unknown: Any[];
}

const fieldOf: Record<string, keyof Omit<Details, "unknown">> = {
  "google.rpc.ErrorInfo": "errorInfo",
  "google.rpc.RetryInfo": "retryInfo",
  "google.rpc.DebugInfo": "debugInfo",
  "google.rpc.QuotaFailure": "quotaFailure",
  "google.rpc.PreconditionFailure": "preconditionFailure",
  "google.rpc.BadRequest": "badRequest",
  "google.rpc.RequestInfo": "requestInfo",
  "google.rpc.ResourceInfo": "resourceInfo",
  "google.rpc.Help": "help",
  "google.rpc.LocalizedMessage": "localizedMessage",
};

/** Decodes the details of a status; unknown or undecodable ones are kept in `unknown`. */
export function decodeDetails(status: Status): Details {
  const d: Details = { unknown: [] };
  for (const any of status.details) {
    let m: Message | undefined;
    try {
      m = anyUnpack(any, detailTypes);
    } catch {
      m = undefined; // bytes that do not decode: kept as received
    }
    const field = m ? fieldOf[m.$typeName] : undefined;
    if (!m || !field || d[field] !== undefined) {
      d.unknown.push(any);
      continue;
    }
    (d as unknown as Record<string, Message>)[field] = m;
  }
  return d;
}

/** Decodes the bytes of a grpc-status-details-bin trailer. */
export function decodeStatus(bin: Uint8Array): Status {
  return fromBinary(StatusSchema, bin);
}

/** The google.rpc.Status in the trailers of a call, or undefined. */
export function statusFromMetadata(md: Metadata | undefined): Status | undefined {
  const v = md?.get(DETAILS_TRAILER)[0];
  if (v === undefined || typeof v === "string") {
    return undefined;
  }
  return decodeStatus(v);
}

/**
 * An error decoded from an errcat status: what errcat's Go client
 * interceptors give Go callers, for TypeScript.
 */
export class ErrcatError extends Error {
  override readonly name = "ErrcatError";
  /** The details, decoded. */
  readonly details: Details;
  /** The catalogue entry, when the (domain, reason) is a built-in one. */
  readonly entry?: Entry;

  constructor(
    /** The status exactly as received. */
    readonly status: Status,
  ) {
    super(status.message);
    this.details = decodeDetails(status);
    const info = this.details.errorInfo;
    this.entry = info ? lookup(info.domain, info.reason) : undefined;
  }

  /** The gRPC status code (google.rpc.Code). */
  get grpcCode(): number {
    return this.status.code;
  }
  get domain(): string {
    return this.details.errorInfo?.domain ?? "";
  }
  get reason(): string {
    return this.details.errorInfo?.reason ?? "";
  }
  /** The numeric code ("000012"), from the ErrorInfo metadata. */
  get code(): string {
    return this.details.errorInfo?.metadata[METADATA_CODE_KEY] ?? "";
  }
  /** The ErrorInfo metadata: the code and the arguments by name. */
  get metadata(): Record<string, string> {
    return this.details.errorInfo?.metadata ?? {};
  }
  /** The arguments in placeholder order (known entries only). */
  get args(): string[] {
    return this.entry?.args.map((a) => this.metadata[a.name] ?? "") ?? [];
  }
  /** The argument with this name, or "". */
  arg(name: string): string {
    return this.metadata[name] ?? "";
  }
  /** The advised delay before a retry in ms (RetryInfo), or undefined. */
  get retryDelayMs(): number | undefined {
    const d = this.details.retryInfo?.retryDelay;
    return d ? durationMs(d) : undefined;
  }
  /** The entry's texts rendered client-side with the received arguments. */
  explain() {
    return this.entry ? explain(this.entry, this.args) : undefined;
  }
  /** Whether this is an error of the given entry (same domain and reason). */
  is(e: Entry): boolean {
    return this.domain === e.catalog.domain && this.reason === e.reason;
  }
}

/**
 * Returns the errcat error a failed @grpc/grpc-js call carries, or
 * undefined if its trailers hold no status with a google.rpc.ErrorInfo.
 * Never throws: a malformed trailer also gives undefined.
 */
export function fromServiceError(err: Partial<ServiceError> | null | undefined): ErrcatError | undefined {
  try {
    const st = statusFromMetadata(err?.metadata);
    if (!st) {
      return undefined;
    }
    const e = new ErrcatError(st);
    return e.details.errorInfo ? e : undefined;
  } catch {
    return undefined;
  }
}
