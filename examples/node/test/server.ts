// The playground server the tests run against: $PLAYGROUND_ADDR if set
// (.ci/run starts one), else one built from ../server and started here on a
// free port of 127.0.0.1.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Playground {
  addr: string;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export async function playground(): Promise<Playground> {
  const env = process.env.PLAYGROUND_ADDR;
  if (env) {
    return { addr: env, stop: async () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), "errcat-playground-"));
  const bin = join(dir, "playground");
  execFileSync("go", ["build", "-o", bin, "./examples/server"], { cwd: repoRoot, stdio: "inherit" });
  const child: ChildProcess = spawn(bin, ["-addr", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
  const addr = await new Promise<string>((resolve, reject) => {
    let log = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const m = /addr=(\S+)/.exec(log);
      if (m) {
        resolve(m[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`playground exited (${code}):\n${log}`)));
  });
  return {
    addr,
    stop: () =>
      new Promise<void>((resolve) => {
        child.on("exit", () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
