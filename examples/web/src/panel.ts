// The error panel: a landmark with a heading, the message in the reader's
// language, the resolution steps with their links, the code and request id
// to quote, a polite countdown with automatic retry for retryable errors,
// and the action the condition calls for, as real buttons and links.
import { ClientCatalogDomain, render, textsIn } from "./catalog.js";
import { chrome } from "./chrome.js";
import type { Failure } from "./classify.js";
import { Code } from "./gen/google/rpc/code_pb.js";

/** What the panel's controls do; main.ts provides them. */
export interface Actions {
  retry(): void;
  reload(): void;
  signIn(): void;
  home: string;
}

/** The condition a failure stands for, as data-kind says it. */
export type Kind = "unreachable" | "model-updated" | "maintenance" | "auth" | "not-found" | "unknown" | "error";

export function kindOf(f: Failure): Kind {
  if (f.domain === ClientCatalogDomain) {
    switch (f.reason) {
      case "API_UNREACHABLE":
        return "unreachable";
      case "METADATA_MODEL_UPDATED":
        return "model-updated";
      case "MAINTENANCE":
        return "maintenance";
      case "AUTHENTICATION_FAILED":
        return "auth";
      case "NOT_FOUND":
        return "not-found";
      case "UNKNOWN_ERROR":
        return "unknown";
    }
  }
  // A catalogue error sent with NOT_FOUND (RESOURCE_NOT_FOUND, also what
  // notfoundmask sends for a permission error) gets the not-found panel.
  return f.grpcCode === Code.NOT_FOUND ? "not-found" : "error";
}

/** The texts shown for a failure, in the locale they are in. */
export interface Shown {
  locale: string;
  title: string;
  message: string;
  resolutions: { text: string; url?: string }[];
}

/** Primary language of a BCP 47 tag ("en-US" -> "en"). */
function language(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0] ?? "";
}

/**
 * The texts of a failure for a reader of pageLocale: the entry's texts in
 * the locale of the received LocalizedMessage (the server's negotiation of
 * the Accept-Language the page sent) or, for a classified error, the page's
 * own, with the received arguments; the LocalizedMessage itself as the
 * message; the Help links as the resolutions' links. An error of a
 * catalogue the page does not know is shown from its details alone.
 */
export function shown(f: Failure, pageLocale: string): Shown {
  const lm = f.classified ? undefined : f.details.localizedMessage;
  const locale = lm?.locale ? language(lm.locale) : pageLocale;
  const links = f.details.help?.links ?? [];
  const e = f.entry;
  if (!e) {
    return {
      locale,
      title: f.statusMessage || f.reason,
      message: lm?.message || f.statusMessage,
      resolutions: links.map((l) => ({ text: l.description, url: safeUrl(l.url) })),
    };
  }
  const t = textsIn(e, locale);
  const args = e.args.map((n) => f.metadata[n] ?? "");
  return {
    locale,
    title: render(t.title, args, e.args),
    message: lm?.message || render(t.message, args, e.args),
    resolutions: t.resolutions.map((r, i) => ({
      text: render(r, args, e.args),
      url: safeUrl((!f.classified && links[i]?.url) || e.docUrl),
    })),
  };
}

/** The URL if it is http(s), else undefined: nothing received becomes a script link. */
function safeUrl(u: string | undefined): string | undefined {
  if (!u) {
    return undefined;
  }
  try {
    const p = new URL(u, location.href);
    return p.protocol === "https:" || p.protocol === "http:" ? p.href : undefined;
  } catch {
    return undefined;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const n = Object.assign(document.createElement(tag), props);
  n.append(...children);
  return n;
}

/** A countdown in progress; stop() cancels it. */
export interface Countdown {
  stop(): void;
}

/**
 * Renders the panel for f into outcome (replacing what it holds) and starts
 * the countdown of a retryable error. requestId is the one to quote
 * (RequestInfo, or the one the page sent).
 */
export function showPanel(outcome: HTMLElement, f: Failure, pageLocale: string, requestId: string, actions: Actions): Countdown {
  const s = shown(f, pageLocale);
  const c = chrome(s.locale);
  const kind = kindOf(f);

  const title = el("h2", { id: "panel-title", className: "panel-title", tabIndex: -1 }, s.title);
  const panel = el("section", { className: `panel panel-${kind}`, lang: s.locale }, title);
  panel.setAttribute("aria-labelledby", title.id);
  panel.dataset.reason = f.reason;
  panel.dataset.code = f.code;
  panel.dataset.domain = f.domain;
  panel.dataset.kind = kind;
  panel.dataset.grpcCode = Code[f.grpcCode] ?? String(f.grpcCode);
  panel.append(el("p", { className: "message" }, s.message));

  if (s.resolutions.length > 0) {
    const list = el("ol", { className: "resolutions" });
    for (const r of s.resolutions) {
      const li = el("li", {}, el("span", {}, r.text));
      if (r.url) {
        li.append(" ", el("a", { href: r.url, rel: "noopener noreferrer", target: "_blank" }, c.documentation));
      }
      list.append(li);
    }
    panel.append(el("h3", {}, c.whatToDo), list);
  }

  const refs = el("dl", { className: "refs" });
  if (f.code) {
    refs.append(el("dt", {}, c.errorCode), el("dd", { className: "error-code" }, f.code));
  }
  if (requestId) {
    refs.append(el("dt", {}, c.requestId), el("dd", { className: "request-id" }, requestId));
  }
  panel.append(refs);

  const buttons = el("div", { className: "actions" });
  const button = (label: string, action: string, onclick: () => void) => {
    const b = el("button", { type: "button", onclick }, label);
    b.dataset.action = action;
    buttons.append(b);
    return b;
  };
  switch (kind) {
    case "model-updated":
      button(c.reload, "reload", actions.reload);
      break;
    case "auth":
      button(c.signIn, "sign-in", actions.signIn);
      break;
    case "not-found": {
      const a = el("a", { href: actions.home, className: "button" }, c.back);
      a.dataset.action = "home";
      buttons.append(a);
      break;
    }
    default:
      if (f.retryDelayMs === undefined) {
        button(c.tryAgain, "retry", actions.retry);
      }
  }

  let timer: ReturnType<typeof setInterval> | undefined;
  if (f.retryDelayMs !== undefined && f.retryDelayMs > 0) {
    // METADATA_MODEL_UPDATED's advice is to reload, not to repeat the call.
    const reload = kind === "model-updated";
    const then = reload ? actions.reload : actions.retry;
    let left = Math.ceil(f.retryDelayMs / 1000);
    const text = el("span", {}, (reload ? c.reloadIn : c.retryIn)(left));
    const countdown = el("p", { className: "countdown" }, text);
    countdown.setAttribute("aria-live", "polite");
    countdown.setAttribute("aria-atomic", "true");
    countdown.dataset.retrySeconds = String(left);
    countdown.dataset.remaining = String(left);
    panel.append(countdown);
    if (!reload) {
      button(c.retryNow, "retry", () => {
        clearInterval(timer);
        actions.retry();
      });
    }
    timer = setInterval(() => {
      left--;
      countdown.dataset.remaining = String(Math.max(left, 0));
      if (left > 0) {
        text.textContent = (reload ? c.reloadIn : c.retryIn)(left);
        return;
      }
      clearInterval(timer);
      text.textContent = c.retrying;
      then();
    }, 1000);
  }
  panel.append(buttons);
  outcome.replaceChildren(panel);
  title.focus();
  return { stop: () => clearInterval(timer) };
}
