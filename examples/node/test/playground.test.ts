// Runs against the errcat playground server (see server.ts) and checks that
// a TypeScript client decodes every errcat error: code, reason, numeric code,
// args and message for every entry of the common catalogue, read from the
// generated descriptors; the details; the repair of invalid UTF-8; streams;
// and that nothing internal leaks.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";

import { common, explain, fromServiceError, lookup, PlaygroundClient, render } from "../src/index.js";
import type { ErrcatError } from "../src/index.js";
import { playground, type Playground } from "./server.js";

let server: Playground;
let client: PlaygroundClient;

before(async () => {
  server = await playground();
  client = new PlaygroundClient(server.addr);
});

after(async () => {
  client?.close();
  await server?.stop();
});

function decoded(err: grpc.ServiceError): ErrcatError {
  const e = fromServiceError(err);
  assert.ok(e, `not an errcat error: ${err.code} ${err.details}`);
  return e;
}

describe("the common catalogue, read from the descriptors", () => {
  test("has 53 entries with codes, reasons and templates", () => {
    assert.equal(common.domain, "errcat.dev");
    assert.equal(common.entries.length, 53);
    const e = common.byCode("000012");
    assert.equal(e?.reason, "OBJECT_NOT_FOUND");
    assert.deepEqual(e?.args.map((a) => a.name), ["object", "id"]);
    assert.equal(common.byCode("000037[0]")?.reason, "DUPLICATE_VALUE");
    assert.equal(lookup("errcat.dev", "TOO_MANY_REQUESTS")?.retryDelayMs, 2000);
  });

  test("render follows the Go runtime's rules", () => {
    assert.equal(render("Unable to locate {0} with id {1}.", ["order", "42"]), "Unable to locate order with id 42.");
    assert.equal(render("{0} and {1}", ["a"]), "a and ");
    assert.equal(render("{object}/{id}", ["o", "i"], ["object", "id"]), "o/i");
    assert.equal(render("{not a placeholder} {x} {{0}}", ["v"], []), "{not a placeholder} {x} {v}");
  });
});

describe("Raise, for every entry of the common catalogue", () => {
  for (const entry of common.entries) {
    test(`${entry.code} ${entry.reason}`, async () => {
      const args = entry.args.map((a) => a.example);
      const err = await client.raise(entry.code, args);
      const e = decoded(err);
      const want = explain(entry, args);

      assert.equal(err.code, entry.grpcCode, "grpc-status");
      assert.equal(e.grpcCode, entry.grpcCode, "Status.code");
      assert.equal(e.domain, "errcat.dev");
      assert.equal(e.reason, entry.reason);
      assert.equal(e.code, entry.code, "numeric code in ErrorInfo.metadata");
      assert.equal(e.entry, entry);
      assert.ok(e.is(entry));
      assert.deepEqual(e.args, args);
      for (const a of entry.args) {
        assert.equal(e.arg(a.name), a.example);
      }
      assert.deepEqual(Object.keys(e.metadata).sort(), ["code", ...entry.args.map((a) => a.name)].sort());
      assert.equal(e.message, want.message, "Status.message is the rendered template");
      assert.equal(err.details, want.message, "grpc-message equals Status.message");

      const links = e.details.help?.links ?? [];
      assert.equal(links.length, Math.max(1, want.resolutions.length));
      want.resolutions.forEach((r, i) => {
        assert.equal(links[i]?.description, r);
        assert.match(links[i]?.url ?? "", /^https:\/\/github\.com\/errcat\/errcat\/blob\/main\/docs\/errcat\.common\.v1\.CommonError\.md#/);
      });
      assert.equal(e.retryDelayMs, entry.retryDelayMs, "RetryInfo");
      assert.equal(e.details.localizedMessage?.locale, "en-US");
      assert.equal(e.details.localizedMessage?.message, want.message);
      assert.deepEqual(e.details.unknown, []);
    });
  }
});

describe("Raise, edge cases", () => {
  test("invalid UTF-8 args arrive repaired, with every detail", async () => {
    const valid = decoded(await client.raise("000012", ["order", "42"]));
    const bad = [Uint8Array.of(0x6f, 0x72, 0x64, 0xff, 0x65, 0x72), Uint8Array.of(0x34, 0xc0, 0x32)];
    const e = decoded(await client.raise("000012", bad));
    assert.deepEqual(e.args, ["ord\uFFFDer", "4\uFFFD2"]);
    assert.equal(e.message, "Unable to locate ord\uFFFDer with id 4\uFFFD2.");
    assert.equal(e.status.details.length, valid.status.details.length);
    assert.ok(e.details.help && e.details.localizedMessage);
  });

  test("an unknown code is 000036 naming it", async () => {
    const e = decoded(await client.raise("999999", []));
    assert.equal(e.code, "000036");
    assert.equal(e.reason, "INVALID_PARAMETER_OR_HEADER");
    assert.equal(e.grpcCode, grpc.status.INVALID_ARGUMENT);
    assert.match(e.message, /code "999999"/);
    assert.equal(e.details.badRequest?.fieldViolations[0]?.field, "code");
  });

  test("missing args are empty, extra ones are metadata argN", async () => {
    const e = decoded(await client.raise("000012", ["order", "42", "extra"]));
    assert.deepEqual(e.args, ["order", "42"]);
    assert.equal(e.metadata.arg2, "extra");
    const m = decoded(await client.raise("000012", ["order"]));
    assert.deepEqual(m.args, ["order", ""]);
  });

  test("accept-language: de gives a German LocalizedMessage, English Status.message", async () => {
    const md = new grpc.Metadata();
    md.set("accept-language", "de");
    const e = decoded(await client.raise("000012", ["order", "42"], md));
    assert.equal(e.details.localizedMessage?.locale, "de");
    assert.notEqual(e.details.localizedMessage?.message, e.message);
    assert.equal(e.message, "Unable to locate order with id 42.");
  });
});

describe("RaiseStream", () => {
  for (const n of [0, 3]) {
    test(`${n} messages, then the typed error`, async () => {
      const { messages, error } = await client.raiseStream("000013", [], n);
      assert.deepEqual(messages.map((m) => m.index), [...Array(n).keys()]);
      const e = decoded(error);
      assert.equal(e.reason, "TOO_MANY_REQUESTS");
      assert.equal(e.retryDelayMs, 2000);
    });
  }
});

describe("Misbehave: nothing internal leaks", () => {
  const cases: [mode: string, reason: string, code: grpc.status][] = [
    ["panic", "INTERNAL_SERVER_ERROR", grpc.status.INTERNAL],
    ["raw_error", "INTERNAL_SERVER_ERROR", grpc.status.INTERNAL],
    ["wrapped", "OBJECT_NOT_FOUND", grpc.status.NOT_FOUND],
    ["deadline", "DEADLINE_EXCEEDED", grpc.status.DEADLINE_EXCEEDED],
  ];
  for (const [mode, reason, code] of cases) {
    test(mode, async () => {
      const err = await client.misbehave(mode);
      const e = decoded(err);
      assert.equal(err.code, code);
      assert.equal(e.reason, reason);
      if (code === grpc.status.INTERNAL) {
        assert.match(e.details.requestInfo?.requestId ?? "", /.+/, "correlation id");
      }
      const everything = [
        err.message,
        err.details,
        JSON.stringify(err.metadata.toJSON()),
        ...err.metadata.get("grpc-status-details-bin").map((v) => Buffer.from(v).toString("latin1")),
        JSON.stringify(e.details, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
      ].join("\n");
      assert.ok(!everything.includes("SECRET"), `leaked: ${everything}`);
    });
  }
});
