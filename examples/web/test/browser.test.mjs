// The error page in a real browser: Debian's chromium driven by
// playwright-core (no browser download), against the gateway example built
// from ../../gateway and started here on 127.0.0.1. Every condition of the
// client catalogue is triggered for real, in English and in German: the
// server is stopped (and restarted on the same port) for "unreachable", and
// the other conditions are switched on through the example's loopback-only
// /admin/ routes. A PNG per condition goes to $WEB_SCREENSHOTS (default: a
// new temporary folder), named in the output.
//
//   node --test test/             (CHROMIUM=/path/to/chromium to override)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const SECRET = "SECRET-do-not-leak"; // the playground's marker in internal errors
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = process.env.WEB_SCREENSHOTS || mkdtempSync(join(tmpdir(), "errcat-web-shots-"));
mkdirSync(shots, { recursive: true });
console.log(`screenshots: ${shots}`);

// Expected texts, from the translation files: "source" is the English of
// the proto files, the entry itself the German.
const locales = Object.fromEntries(
  ["client.errcat.dev", "errcat.dev"].map((d) => [d, JSON.parse(readFileSync(join(root, "i18n/locales", d, "de.json"), "utf8"))]),
);
function texts(domain, reason, lang) {
  const e = locales[domain].entries[reason];
  assert.ok(e, `${domain} ${reason} in the translation file`);
  return lang === "de" ? e : e.source;
}
const client = (reason, lang) => texts("client.errcat.dev", reason, lang);
const common = (reason, lang) => texts("errcat.dev", reason, lang);

// Labels of the page's buttons (the page's own words, src/chrome.ts).
const labels = {
  en: { reload: "Reload", signIn: "Sign in again", retryNow: "Retry now", tryAgain: "Try again", back: "Back to the start page" },
  de: { reload: "Neu laden", signIn: "Erneut anmelden", retryNow: "Jetzt erneut versuchen", tryAgain: "Erneut versuchen", back: "Zurück zur Startseite" },
};

const MAINTENANCE_RETRY = 3; // seconds, the server's -maintenance-retry below

// ---- the gateway example ------------------------------------------------

const work = mkdtempSync(join(tmpdir(), "errcat-web-"));
const bin = join(work, "gateway");
let server; // { child, log }
let base; // http://127.0.0.1:PORT

function start(httpAddr) {
  const child = spawn(
    bin,
    ["-grpc-addr", "127.0.0.1:0", "-http-addr", httpAddr, "-maintenance-retry", `${MAINTENANCE_RETRY}s`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const s = { child, log: "", exited: new Promise((r) => child.on("exit", r)) };
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (b) => {
      s.log += b.toString();
      const m = /msg="?ui serving"? url=(http:\/\/[^/\s]+)\/ui\//.exec(s.log);
      if (m && !s.url) {
        s.url = m[1];
        resolve(s);
      }
    });
    s.exited.then((code) => reject(new Error(`gateway example exited (${code}):\n${s.log}`)));
  });
}

async function stop() {
  if (!server) return;
  const s = server;
  server = undefined;
  s.child.kill("SIGTERM");
  await s.exited;
}

async function admin(path) {
  const r = await fetch(base + "/admin/" + path, { method: "POST", headers: { "X-Errcat-Admin": "1" } });
  assert.equal(r.status, 204, `POST /admin/${path}: ${r.status} ${await r.text()}`);
}

before(async () => {
  execFileSync("go", ["build", "-o", bin, "."], { cwd: join(root, "examples/gateway"), stdio: "inherit" });
  server = await start("127.0.0.1:0");
  base = server.url;
});

after(async () => {
  await stop();
  rmSync(work, { recursive: true, force: true });
});

// ---- the browser ---------------------------------------------------------

/** A fresh browser profile in lang; every response it gets is kept for the secret check. */
async function browser(locale) {
  const profile = mkdtempSync(join(work, "profile-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    locale,
    viewport: { width: 900, height: 720 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const received = [];
  ctx.on("response", async (r) => {
    const entry = { url: r.url(), headers: JSON.stringify(await r.allHeaders().catch(() => ({}))), body: "" };
    received.push(entry);
    entry.body = await r.text().catch(() => "");
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return { ctx, page, received };
}

/** The panel's decoded attributes and visible texts. */
async function panel(page, reason) {
  const p = page.locator(`section.panel[data-reason="${reason}"]`);
  await p.waitFor({ timeout: 15_000 });
  const landmark = page.getByRole("region", { name: await p.locator("h2").innerText() });
  assert.equal(await landmark.count(), 1, "the panel is a landmark named by its heading");
  return {
    p,
    domain: await p.getAttribute("data-domain"),
    code: await p.getAttribute("data-code"),
    kind: await p.getAttribute("data-kind"),
    lang: await p.getAttribute("lang"),
    title: await p.locator("h2").innerText(),
    message: await p.locator(".message").innerText(),
    resolutions: await p.locator(".resolutions li span").allInnerTexts(),
    links: await p.locator(".resolutions li a").evaluateAll((as) => as.map((a) => a.href)),
    errorCode: await p.locator(".error-code").innerText(),
    requestId: (await p.locator(".request-id").count()) ? await p.locator(".request-id").innerText() : "",
    countdown: (await p.locator(".countdown").count())
      ? {
          seconds: Number(await p.locator(".countdown").getAttribute("data-retry-seconds")),
          live: await p.locator(".countdown").getAttribute("aria-live"),
          text: await p.locator(".countdown").innerText(),
        }
      : undefined,
    buttons: await p.locator(".actions button, .actions a").allInnerTexts(),
  };
}

function expectTexts(got, want, lang) {
  assert.equal(got.lang, lang);
  assert.equal(got.title, want.title);
  assert.equal(got.message, want.message);
  assert.deepEqual(got.resolutions, want.resolutions);
}

async function noSecret(b) {
  const dom = await b.page.content();
  assert.ok(!dom.includes(SECRET), "secret marker in the DOM");
  for (const r of b.received) {
    assert.ok(!r.headers.includes(SECRET) && !r.body.includes(SECRET), `secret marker in the response of ${r.url}`);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

for (const lang of ["en", "de"]) {
  describe(`error page (${lang})`, () => {
    const locale = lang === "de" ? "de-DE" : "en-US";
    const l = labels[lang];
    let b;
    before(async () => {
      b = await browser(locale);
    });
    after(async () => {
      await b.ctx.close();
    });

    it("maintenance: countdown, then the automatic retry reaches the server", async () => {
      await admin("maintenance?on=1");
      await b.page.goto(`${base}/ui/?code=000003`);
      const got = await panel(b.page, "MAINTENANCE");
      expectTexts(got, client("MAINTENANCE", lang), lang);
      assert.equal(got.domain, "client.errcat.dev");
      assert.equal(got.code, "910003");
      assert.equal(got.errorCode, "910003");
      assert.equal(got.kind, "maintenance");
      assert.equal(got.countdown?.seconds, MAINTENANCE_RETRY);
      assert.equal(got.countdown?.live, "polite");
      assert.deepEqual(got.buttons, [l.retryNow]);
      await shot(b.page, `${lang}-maintenance`);
      await admin("maintenance?on=0");
      // no click: the countdown's end retries, and the server answers again
      const next = await panel(b.page, "INVALID_REQUEST");
      expectTexts(next, common("INVALID_REQUEST", lang), lang);
    });

    it("unreachable: the server stopped, then restarted on the same port", async () => {
      await admin("maintenance?on=1");
      await b.page.goto(`${base}/ui/?code=000003`);
      await panel(b.page, "MAINTENANCE");
      await stop(); // the countdown's end retries against a closed port
      const got = await panel(b.page, "API_UNREACHABLE");
      expectTexts(got, client("API_UNREACHABLE", lang), lang);
      assert.equal(got.code, "910001");
      assert.equal(got.kind, "unreachable");
      assert.equal(got.countdown?.seconds, 5); // the entry's retry advice
      assert.equal(got.countdown?.live, "polite");
      // no Help received: the links are the catalogue's doc_url for the entry
      assert.equal(got.links.length, got.resolutions.length);
      assert.ok(got.links.every((u) => /^https:\/\/\S+#910001$/.test(u)), got.links.join(" "));
      await shot(b.page, `${lang}-unreachable`);
      server = await start(base.replace("http://", ""));
      const next = await panel(b.page, "INVALID_REQUEST"); // the automatic retry, after 5 s
      assert.equal(next.domain, "errcat.dev");
    });

    it("metadata model updated: Reload loads the new model", async () => {
      await b.page.goto(`${base}/ui/?code=000003`);
      await panel(b.page, "INVALID_REQUEST");
      await admin("model?bump=1");
      await b.page.getByRole("button", { name: l.tryAgain }).click();
      const got = await panel(b.page, "METADATA_MODEL_UPDATED");
      expectTexts(got, client("METADATA_MODEL_UPDATED", lang), lang);
      assert.equal(got.code, "910002");
      assert.equal(got.kind, "model-updated");
      assert.deepEqual(got.buttons, [l.reload]);
      await shot(b.page, `${lang}-model-updated`);
      await b.page.getByRole("button", { name: l.reload }).click();
      await panel(b.page, "INVALID_REQUEST");
    });

    it("authentication failed: Sign in again", async () => {
      await admin("auth?reject=revoked-token");
      await b.page.goto(`${base}/ui/?code=000003&token=revoked-token`);
      const got = await panel(b.page, "AUTHENTICATION_FAILED");
      expectTexts(got, client("AUTHENTICATION_FAILED", lang), lang);
      assert.equal(got.code, "910004");
      assert.equal(got.kind, "auth");
      assert.equal(got.countdown, undefined);
      assert.deepEqual(got.buttons, [l.signIn]);
      await shot(b.page, `${lang}-auth`);
      await b.page.getByRole("button", { name: l.signIn }).click();
      await panel(b.page, "INVALID_REQUEST");
      assert.ok(!b.page.url().includes("token="));
    });

    it("not found: a masked permission error gets the not-found panel", async () => {
      await admin("mask?on=1");
      try {
        await b.page.goto(`${base}/ui/?code=000008&args=delete+this+project&args=PROJECT_DELETE&args=admin`);
        const got = await panel(b.page, "RESOURCE_NOT_FOUND");
        expectTexts(got, common("RESOURCE_NOT_FOUND", lang), lang);
        assert.equal(got.domain, "errcat.dev");
        assert.equal(got.code, "000002");
        assert.equal(got.kind, "not-found");
        assert.deepEqual(got.buttons, [l.back]);
        await shot(b.page, `${lang}-not-found-masked`);
      } finally {
        await admin("mask?on=0");
      }
    });

    it("not found: a plain 404 from a proxy is classified NOT_FOUND", async () => {
      await admin("proxy?status=404");
      try {
        await b.page.goto(`${base}/ui/?code=000003`);
        const got = await panel(b.page, "NOT_FOUND");
        expectTexts(got, client("NOT_FOUND", lang), lang);
        assert.equal(got.domain, "client.errcat.dev");
        assert.equal(got.code, "910006");
        assert.deepEqual(got.buttons, [l.back]);
        await shot(b.page, `${lang}-not-found`);
      } finally {
        await admin("proxy?status=0");
      }
    });

    it("unknown error: a failing proxy, with the request id to quote", async () => {
      await admin("proxy?status=500");
      try {
        await b.page.goto(`${base}/ui/?code=000003`);
        const got = await panel(b.page, "UNKNOWN_ERROR");
        expectTexts(got, client("UNKNOWN_ERROR", lang), lang);
        assert.equal(got.code, "910005");
        assert.equal(got.kind, "unknown");
        assert.match(got.requestId, /^[0-9a-f]{16}$/);
        assert.ok(server.log.includes(got.requestId), "the request id is in the server's log");
        assert.deepEqual(got.buttons, [l.tryAgain]);
        await shot(b.page, `${lang}-unknown`);
      } finally {
        await admin("proxy?status=0");
      }
    });

    for (const mode of ["panic", "raw_error"]) {
      it(`internal error (${mode}): request id shown, nothing internal received`, async () => {
        await b.page.goto(`${base}/ui/?misbehave=${mode}`);
        const got = await panel(b.page, "INTERNAL_SERVER_ERROR");
        expectTexts(got, common("INTERNAL_SERVER_ERROR", lang), lang);
        assert.ok(got.requestId.length > 0, "request id shown");
        assert.ok(server.log.includes(got.requestId), "the request id is in the server's log");
        if (mode === "panic") {
          await shot(b.page, `${lang}-internal`);
        }
        await noSecret(b);
      });
    }

    it("nothing of an internal error reached the browser in any case", async () => {
      assert.ok(b.received.length > 10, `${b.received.length} responses checked`);
      await noSecret(b);
    });
  });
}
