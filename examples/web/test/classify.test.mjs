// The classification of src/classify.ts without a browser: the module is
// bundled for Node by esbuild, then fed the answers the page can get.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dir = mkdtempSync(join(tmpdir(), "errcat-web-classify-"));
const out = join(dir, "classify.mjs");
await build({
  entryPoints: [fileURLToPath(new URL("../src/classify.ts", import.meta.url))],
  bundle: true,
  format: "esm",
  platform: "node",
  outfile: out,
  logLevel: "warning",
});
const { fromFetchError, fromResponse } = await import(out);
rmSync(dir, { recursive: true, force: true });

const body = (status, details = [], message = "m") => JSON.stringify({ error: { code: 500, message, status, details } });
const info = (domain, reason, metadata = {}) => ({ "@type": "type.googleapis.com/google.rpc.ErrorInfo", domain, reason, metadata });

test("fetch rejecting is API_UNREACHABLE with the entry's retry advice", () => {
  const f = fromFetchError(new TypeError("Failed to fetch"));
  assert.deepEqual([f.domain, f.reason, f.code, f.classified, f.retryDelayMs], ["client.errcat.dev", "API_UNREACHABLE", "910001", true, 5000]);
  assert.equal(fromFetchError(new DOMException("t", "TimeoutError")).reason, "DEADLINE_EXCEEDED");
  assert.equal(fromFetchError(new DOMException("a", "AbortError")).reason, "REQUEST_CANCELLED");
});

test("a catalogue error is decoded as received, with its arguments, RetryInfo and RequestInfo", () => {
  const f = fromResponse(
    404,
    body("NOT_FOUND", [
      info("errcat.dev", "OBJECT_NOT_FOUND", { code: "000012", object: "order", id: "42" }),
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2.500s" },
      { "@type": "type.googleapis.com/google.rpc.RequestInfo", requestId: "r-1" },
      { "@type": "type.example.com/unknown.Type", x: 1 },
    ]),
  );
  assert.deepEqual([f.domain, f.reason, f.code, f.classified, f.grpcCode], ["errcat.dev", "OBJECT_NOT_FOUND", "000012", false, 5]);
  assert.deepEqual(f.metadata, { object: "order", id: "42" });
  assert.equal(f.retryDelayMs, 2500);
  assert.equal(f.details.requestInfo.requestId, "r-1");
  assert.ok(f.entry, "the entry is found in the common catalogue");
});

test("an error of a catalogue the page does not know stays that error", () => {
  const f = fromResponse(409, body("ABORTED", [info("shop.example.com", "OUT_OF_STOCK", { code: "SHOP-001" })]));
  assert.deepEqual([f.domain, f.reason, f.code, f.classified, f.entry], ["shop.example.com", "OUT_OF_STOCK", "SHOP-001", false, undefined]);
});

test("statuses without ErrorInfo, or passed through, are classified by their code", () => {
  const cases = [
    ["UNAVAILABLE", [], "API_UNREACHABLE"],
    ["UNAUTHENTICATED", [], "AUTHENTICATION_FAILED"],
    ["UNAUTHENTICATED", [info("runtime.errcat.dev", "UNAUTHENTICATED")], "AUTHENTICATION_FAILED"],
    ["NOT_FOUND", [], "NOT_FOUND"],
    ["UNIMPLEMENTED", [], "NOT_FOUND"],
    ["PERMISSION_DENIED", [], "UNKNOWN_ERROR"],
    ["INTERNAL", [info("runtime.errcat.dev", "INTERNAL")], "UNKNOWN_ERROR"],
    ["DEADLINE_EXCEEDED", [], "DEADLINE_EXCEEDED"],
    ["CANCELLED", [], "REQUEST_CANCELLED"],
  ];
  for (const [status, details, want] of cases) {
    const f = fromResponse(500, body(status, details));
    assert.equal(f.reason, want, `${status} ${JSON.stringify(details)}`);
    assert.equal(f.classified, true);
  }
  // the runtime catalogue's own entries are decoded, not passed through
  assert.equal(fromResponse(504, body("DEADLINE_EXCEEDED", [info("runtime.errcat.dev", "DEADLINE_EXCEEDED")])).classified, false);
});

test("a classified error keeps the original RetryInfo as its retry advice", () => {
  const f = fromResponse(503, body("UNAVAILABLE", [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "7s" }]));
  assert.deepEqual([f.reason, f.retryDelayMs], ["API_UNREACHABLE", 7000]);
});

test("a proxy's page is classified by gRPC's mapping of its HTTP status", () => {
  const cases = [
    [502, "API_UNREACHABLE"],
    [503, "API_UNREACHABLE"],
    [504, "API_UNREACHABLE"],
    [429, "API_UNREACHABLE"],
    [401, "AUTHENTICATION_FAILED"],
    [404, "NOT_FOUND"],
    [403, "UNKNOWN_ERROR"],
    [400, "UNKNOWN_ERROR"],
    [500, "UNKNOWN_ERROR"],
  ];
  for (const [http, want] of cases) {
    assert.equal(fromResponse(http, "<html><h1>oops</h1></html>").reason, want, String(http));
    assert.equal(fromResponse(http, '{"not":"an error"}').reason, want, `${http} JSON without error`);
  }
});

test("malformed details are skipped, not fatal", () => {
  const f = fromResponse(404, body("NOT_FOUND", [{ "@type": 3 }, "x", null, { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: 5 }]));
  assert.equal(f.reason, "NOT_FOUND");
  assert.equal(f.classified, true);
});
