// The page's own words: labels of its controls and of the panel's parts, in
// the languages the catalogue is translated into. The texts of the errors
// themselves are never here: they come from the catalogue and the error.
export interface Chrome {
  heading: string;
  codeLabel: string;
  argsLabel: string;
  raise: string;
  calling: string;
  success: string;
  errorCode: string;
  requestId: string;
  whatToDo: string;
  documentation: string;
  retryIn: (s: number) => string;
  retrying: string;
  retryNow: string;
  reloadIn: (s: number) => string;
  reload: string;
  signIn: string;
  back: string;
  tryAgain: string;
}

const en: Chrome = {
  heading: "errcat playground",
  codeLabel: "Error code",
  argsLabel: "Arguments (one per line)",
  raise: "Call Raise",
  calling: "Calling the API…",
  success: "The call succeeded.",
  errorCode: "Error code",
  requestId: "Request ID",
  whatToDo: "What you can do",
  documentation: "Documentation",
  retryIn: (s) => `Retrying automatically in ${s} s.`,
  retrying: "Retrying…",
  retryNow: "Retry now",
  reloadIn: (s) => `Reloading automatically in ${s} s.`,
  reload: "Reload",
  signIn: "Sign in again",
  back: "Back to the start page",
  tryAgain: "Try again",
};

const de: Chrome = {
  heading: "errcat-Spielwiese",
  codeLabel: "Fehlercode",
  argsLabel: "Argumente (eines pro Zeile)",
  raise: "Raise aufrufen",
  calling: "Die API wird aufgerufen…",
  success: "Der Aufruf war erfolgreich.",
  errorCode: "Fehlercode",
  requestId: "Anfrage-ID",
  whatToDo: "Was Sie tun können",
  documentation: "Dokumentation",
  retryIn: (s) => `Automatischer neuer Versuch in ${s} s.`,
  retrying: "Neuer Versuch…",
  retryNow: "Jetzt erneut versuchen",
  reloadIn: (s) => `Automatisches Neuladen in ${s} s.`,
  reload: "Neu laden",
  signIn: "Erneut anmelden",
  back: "Zurück zur Startseite",
  tryAgain: "Erneut versuchen",
};

const vi: Chrome = {
  heading: "Sân chơi errcat",
  codeLabel: "Mã lỗi",
  argsLabel: "Đối số (mỗi dòng một đối số)",
  raise: "Gọi Raise",
  calling: "Đang gọi API…",
  success: "Cuộc gọi đã thành công.",
  errorCode: "Mã lỗi",
  requestId: "Mã yêu cầu",
  whatToDo: "Bạn có thể làm gì",
  documentation: "Tài liệu",
  retryIn: (s) => `Tự động thử lại sau ${s} giây.`,
  retrying: "Đang thử lại…",
  retryNow: "Thử lại ngay",
  reloadIn: (s) => `Tự động tải lại sau ${s} giây.`,
  reload: "Tải lại",
  signIn: "Đăng nhập lại",
  back: "Quay lại trang đầu",
  tryAgain: "Thử lại",
};

/** The page's labels in locale ("de", "vi"; anything else is English). */
export function chrome(locale: string): Chrome {
  return locale === "de" ? de : locale === "vi" ? vi : en;
}
