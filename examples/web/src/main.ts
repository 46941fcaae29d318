// The errcat playground page: calls the REST gateway with fetch and shows
// what came back. A deep link /ui/?code=CODE&args=A&args=B calls
// Raise(CODE, [A, B]) on load; /ui/?misbehave=MODE calls Misbehave(MODE).
// ?token=T sends "Authorization: Bearer T" (the example server's auth check
// can be told to reject a token).
import { negotiate } from "./catalog.js";
import { chrome } from "./chrome.js";
import { fromFetchError, fromResponse } from "./classify.js";
import type { Failure } from "./classify.js";
import { showPanel } from "./panel.js";
import type { Countdown } from "./panel.js";

const params = new URLSearchParams(location.search);
const pageLocale = negotiate(navigator.languages ?? [navigator.language]);
const c = chrome(pageLocale);
document.documentElement.lang = pageLocale;

/** The Accept-Language the browser's preferences make: "de-DE,de;q=0.9,en;q=0.8". */
function acceptLanguage(): string {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  return langs
    .slice(0, 10)
    .map((l, i) => (i === 0 ? l : `${l};q=${Math.max(1 - i / 10, 0.1).toFixed(1)}`))
    .join(",");
}

/**
 * A fresh request id (hex), sent as X-Request-Id: a proxy that fails
 * without an errcat error can log and echo it, so the person can quote it.
 */
function newRequestId(): string {
  const b = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * The version of the metadata model the page was loaded with: read once,
 * like an application that loads its model at start-up. A reload reads it
 * again; until then every call sends this one.
 */
async function loadModelVersion(): Promise<string | undefined> {
  try {
    const r = await fetch("model", { cache: "no-store" });
    if (!r.ok) {
      return undefined;
    }
    const v = ((await r.json()) as { version?: unknown }).version;
    return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
  } catch {
    return undefined;
  }
}

/** The call the page makes, from its deep link. */
function request(): { url: string; init: RequestInit } | undefined {
  const code = params.get("code");
  if (code !== null) {
    const q = new URLSearchParams();
    for (const a of params.getAll("args")) {
      q.append("args", a);
    }
    const qs = q.toString();
    return { url: `/v1/errors/${encodeURIComponent(code)}${qs ? "?" + qs : ""}`, init: { method: "GET" } };
  }
  const mode = params.get("misbehave");
  if (mode !== null) {
    return {
      url: "/v1/misbehave",
      init: { method: "POST", body: JSON.stringify({ mode }), headers: { "Content-Type": "application/json" } },
    };
  }
  return undefined;
}

function form(): HTMLFormElement {
  const f = document.createElement("form");
  f.method = "get";
  f.action = "";
  f.className = "raise";
  const code = Object.assign(document.createElement("input"), { name: "code", id: "code", value: params.get("code") ?? "", required: true });
  const codeLabel = Object.assign(document.createElement("label"), { htmlFor: "code", textContent: c.codeLabel });
  const args = Object.assign(document.createElement("textarea"), { id: "args", rows: 2, value: params.getAll("args").join("\n") });
  const argsLabel = Object.assign(document.createElement("label"), { htmlFor: "args", textContent: c.argsLabel });
  const submit = Object.assign(document.createElement("button"), { type: "submit", textContent: c.raise });
  f.append(codeLabel, code, argsLabel, args, submit);
  f.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams({ code: code.value.trim() });
    for (const a of args.value.split("\n")) {
      if (a !== "") {
        q.append("args", a);
      }
    }
    location.search = q.toString();
  });
  return f;
}

async function main(): Promise<void> {
  const app = document.getElementById("app")!;
  const heading = Object.assign(document.createElement("h1"), { textContent: c.heading });
  const outcome = document.createElement("div");
  outcome.id = "outcome";
  app.replaceChildren(heading, form(), outcome);

  const req = request();
  if (!req) {
    return;
  }
  const modelVersion = await loadModelVersion();
  const token = params.get("token") ?? "demo";
  let countdown: Countdown | undefined;

  const call = async (): Promise<void> => {
    countdown?.stop();
    const status = Object.assign(document.createElement("p"), { className: "status", textContent: c.calling });
    status.setAttribute("role", "status");
    if (!outcome.querySelector(".panel")) {
      outcome.replaceChildren(status);
    }
    const requestId = newRequestId();
    const headers = new Headers(req.init.headers);
    headers.set("Accept-Language", acceptLanguage());
    headers.set("Authorization", `Bearer ${token}`);
    headers.set("X-Request-Id", requestId);
    if (modelVersion !== undefined) {
      headers.set("X-Model-Version", modelVersion);
    }
    let failure: Failure;
    let quoted = ""; // only an id the server side knows is worth quoting
    try {
      const r = await fetch(req.url, { ...req.init, headers, cache: "no-store", signal: AbortSignal.timeout(10_000) });
      const body = await r.text();
      if (r.ok) {
        const ok = Object.assign(document.createElement("p"), { className: "success", textContent: c.success });
        ok.setAttribute("role", "status");
        outcome.replaceChildren(ok);
        return;
      }
      failure = fromResponse(r.status, body);
      quoted = r.headers.get("X-Request-Id") ?? "";
    } catch (err) {
      failure = fromFetchError(err);
    }
    // RequestInfo first: the id the errcat server logged the error under.
    quoted = failure.details.requestInfo?.requestId || quoted;
    countdown = showPanel(outcome, failure, pageLocale, quoted, {
      retry: () => void call(),
      reload: () => location.reload(),
      signIn: () => {
        const q = new URLSearchParams(location.search);
        q.delete("token");
        location.search = q.toString();
      },
      home: location.pathname,
    });
  };
  await call();
}

void main();
