// Calls the playground at $PLAYGROUND_ADDR and prints the errcat error it
// returns, decoded in TypeScript:
//
//   PLAYGROUND_ADDR=127.0.0.1:50051 node dist/src/demo.js 000012 order 42
import { Code } from "./gen/google/rpc/code_pb.js";
import { fromServiceError } from "./status.js";
import { PlaygroundClient } from "./playground.js";
import * as grpc from "@grpc/grpc-js";

async function main(): Promise<number> {
  const addr = process.env.PLAYGROUND_ADDR;
  if (!addr) {
    console.error("set PLAYGROUND_ADDR to the address of `go run ./examples/server`");
    return 2;
  }
  const [code = "000012", ...args] = process.argv.slice(2);
  const client = new PlaygroundClient(addr);
  try {
    const md = new grpc.Metadata();
    md.set("accept-language", "de");
    const err = await client.raise(code, args, md);
    const e = fromServiceError(err);
    if (!e) {
      console.error(`not an errcat error: ${err.message}`);
      return 1;
    }
    const ex = e.explain();
    console.log(`error      ${e.reason} (${e.code}): ${e.message}`);
    console.log(`gRPC       ${Code[e.grpcCode]} (${e.grpcCode})`);
    console.log(`domain     ${e.domain}`);
    console.log(`args       ${JSON.stringify(e.metadata)}`);
    if (e.details.localizedMessage) {
      console.log(`localized  [${e.details.localizedMessage.locale}] ${e.details.localizedMessage.message}`);
    }
    if (e.retryDelayMs !== undefined) {
      console.log(`retry      after ${e.retryDelayMs} ms`);
    }
    if (ex && e.entry) {
      // Rendered here, from the errcat.v1.entry option in the descriptors.
      console.log(`title      ${ex.title}`);
      console.log(`meaning    ${e.entry.description}`);
      ex.resolutions.forEach((r, i) => console.log(`${i === 0 ? "to fix" : ""}`.padEnd(11) + `${i + 1}. ${r}`));
    }
    for (const l of e.details.help?.links.slice(0, 1) ?? []) {
      console.log(`docs       ${l.url}`);
    }
    return 0;
  } finally {
    client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
