// Web chat client: plain browser JavaScript, no build step. Renders the conversation from the server's
// message log (SSE), shows options as buttons, and sends each message with a client id so a retry
// is never stored twice. All text is inserted with textContent: nothing from the network is HTML.
// Every request that changes something carries the session token (x-chat-token) and is JSON.
(() => {
  "use strict";
  const S = JSON.parse(document.getElementById("strings").textContent);
  const $ = (id) => document.getElementById(id);
  const log = $("log");
  const status = $("status");
  const form = $("composer");
  const input = $("text");
  const counter = $("counter");
  const shownClientIds = new Set();
  const menus = new Map(); // menuSeq -> options, to show a chosen option's label
  let lastSeq = 0;
  let latestMenuEl = null;
  let burstStart = null; // the first bot message of the latest burst of replies: kept in view
  let burstTimer = 0;
  let replaying = false;
  let followingLanguage = false;
  let events = null;

  const fill = (template, vars) => template.replace(/\{\{(\w+)\}\}/g, (_, k) => String(vars[k] ?? ""));
  const newClientId = () => {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  };

  /** A JSON POST only this page can make (same origin, with the session token). */
  const postJson = (url, body) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-chat-token": S.token },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });

  /** Leaves for another page without adding a history entry: the back button does not lead here. */
  const go = (url) => {
    if (events) events.close();
    log.replaceChildren();
    location.replace(url);
  };

  function bubble(kind, who, text) {
    const el = document.createElement("div");
    el.className = kind === "mine" ? "msg mine" : kind === "counsellor" ? "msg counsellor" : "msg";
    const w = document.createElement("span");
    w.className = "who";
    w.textContent = who;
    const body = document.createElement("span");
    body.className = "body";
    body.textContent = text;
    el.append(w, body);
    log.append(el);
    return el;
  }

  /** The person's own message goes to the bottom; a burst of replies is shown from its start, so a long topic
   * screen, a request code or an answer is never pushed off screen by the menu that follows it. A reply that
   * comes later (a counsellor's) starts a new burst. */
  function keepInView(el, mine) {
    if (replaying) return;
    if (mine) {
      burstStart = null;
      el.scrollIntoView({ block: "end" });
      return;
    }
    clearTimeout(burstTimer);
    burstTimer = setTimeout(() => (burstStart = null), 1500);
    if (!burstStart) {
      burstStart = el;
      el.scrollIntoView({ block: "start" });
    }
  }

  /** After a reload: the latest message, from its start when it is taller than the screen. */
  function showLatest() {
    const last = log.lastElementChild;
    if (last) last.scrollIntoView({ block: last.offsetHeight > log.clientHeight ? "start" : "end" });
  }

  function disableOldMenus() {
    if (latestMenuEl) latestMenuEl.querySelectorAll("button").forEach((b) => (b.disabled = true));
  }

  // The crisis reply: set apart (role=alert, red), numbers as tel: links large enough to tap, steps as a list.
  function renderCrisis(who, m) {
    const el = document.createElement("section");
    el.className = "msg crisis";
    el.setAttribute("role", "alert");
    const w = document.createElement("span");
    w.className = "who";
    w.textContent = who;
    const title = document.createElement("strong");
    title.className = "crisis-title";
    title.textContent = m.title;
    const calls = document.createElement("div");
    calls.className = "calls";
    for (const n of m.numbers || []) {
      if (!/^[0-9]{3,15}$/.test(n.number)) continue;
      const a = document.createElement("a");
      a.className = "call";
      a.href = `tel:${n.number}`;
      a.textContent = `${n.number} · ${n.label}`;
      calls.append(a);
    }
    const steps = document.createElement("ol");
    for (const s of m.steps || []) {
      const li = document.createElement("li");
      li.textContent = s;
      steps.append(li);
    }
    const closing = document.createElement("p");
    closing.textContent = m.closing || "";
    el.append(w, title, calls, steps, closing);
    log.append(el);
    keepInView(el, false);
  }

  function renderOutbound(item) {
    const counsellor = item.author === "counsellor";
    const m = item.body;
    if (m.kind === "crisis") return renderCrisis(S.bot, m);
    // A counsellor's text comes signed for every channel ("Tư vấn viên: …"); here the label says it already.
    const signed = `${S.counsellor}: `;
    const text = counsellor && m.text.startsWith(signed) ? m.text.slice(signed.length) : m.text;
    const el = bubble(counsellor ? "counsellor" : "bot", counsellor ? S.counsellor : S.bot, text);
    if (m.kind === "options") {
      menus.set(m.menuSeq, m.options);
      disableOldMenus();
      const box = document.createElement("div");
      box.className = "options";
      box.setAttribute("role", "group");
      for (const o of m.options) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = o.label;
        b.addEventListener("click", () => {
          box.querySelectorAll("button").forEach((x) => (x.disabled = true));
          send({ choice: { optionId: o.id, menuSeq: m.menuSeq } }, o.label);
        });
        box.append(b);
      }
      el.append(box);
      latestMenuEl = el;
      // Move focus to the new choices for keyboard users, but never away from someone typing.
      if (document.activeElement !== input) box.querySelector("button")?.focus({ preventScroll: true });
    } else if (m.kind === "link") {
      const a = document.createElement("a");
      a.href = m.url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      a.textContent = m.label || S.openLink;
      el.append(document.createElement("br"), a);
    }
    if (counsellor) burstStart = null; // a person wrote this: it always comes into view, whatever came just before
    keepInView(el, false);
  }

  function renderInbound(item) {
    if (item.clientId && shownClientIds.has(item.clientId)) return;
    if (item.clientId) shownClientIds.add(item.clientId);
    const m = item.body;
    let el = null;
    if (m.kind === "text") el = bubble("mine", S.you, m.text);
    else if (m.kind === "choice") {
      const o = (menus.get(m.menuSeq) || []).find((x) => x.id === m.optionId);
      if (o) el = bubble("mine", S.you, o.label);
    }
    if (el) {
      document.body.classList.add("talking"); // the welcome lines give the conversation their room
      keepInView(el, true);
    }
  }

  function onItem(item) {
    if (item.erased) {
      log.replaceChildren();
      menus.clear();
      latestMenuEl = null;
      burstStart = null;
      lastSeq = 0;
    } else if (item.seq !== undefined) {
      if (item.seq <= lastSeq) return;
      lastSeq = item.seq;
    }
    if (item.direction === "outbound") renderOutbound(item);
    else renderInbound(item);
    followLanguage(item);
  }

  // The bot now speaks another language than the page (the person chose one, or wrote their first
  // message in it): load the page again in that language; the thread replays. A language picked with
  // the page's own link (?lang=) is left alone.
  function followLanguage(item) {
    if (replaying || !item.locale || item.locale === document.documentElement.lang) return;
    if (new URLSearchParams(location.search).has("lang") || followingLanguage) return;
    followingLanguage = true;
    go("/");
  }

  /** Sends in the order the person wrote and tapped: each POST waits for the one before (retries included),
   * or a tap and a quickly typed answer could reach the server in either order. */
  let sending = Promise.resolve();

  function send(payload, shownText) {
    const clientId = newClientId();
    shownClientIds.add(clientId);
    const el = shownText ? bubble("mine", S.you, shownText) : null;
    if (el) {
      document.body.classList.add("talking");
      el.classList.add("pending");
      keepInView(el, true);
    }
    const sent = sending.then(() => post(clientId, payload, el));
    sending = sent.catch(() => {});
    return sent;
  }

  async function post(clientId, payload, el) {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await postJson("/chat/messages", { clientId, ...payload });
        if (res.status === 401) return go("/"); // the session ended (idle, or cleared elsewhere): start afresh
        if (res.ok || (res.status >= 400 && res.status < 500)) {
          if (el) el.classList.remove("pending");
          if (!res.ok && el) el.classList.add("failed");
          return;
        }
      } catch {
        /* offline: retry below with the same clientId, so the server stores it once */
      }
      status.textContent = S.offline;
      await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** attempt, 15000)));
    }
  }

  /** The limit is shown while typing, and a text over it is never cut silently: it is not sent. */
  function showCount() {
    const used = input.value.length;
    const over = used > S.max;
    counter.textContent = over
      ? `${fill(S.counter, { used, max: S.max })} — ${fill(S.tooLong, { max: S.max })}`
      : used > 0
        ? fill(S.counter, { used, max: S.max })
        : "";
    counter.classList.toggle("over", over);
    input.setAttribute("aria-invalid", over ? "true" : "false");
    return !over;
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || !showCount()) return;
    input.value = "";
    showCount();
    send({ text }, text);
    input.focus();
  });
  input.addEventListener("input", showCount);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  // Quick exit and this device.
  $("leave").addEventListener("click", () => go(S.exitUrl));
  // The language link replaces this page too, so "leave quickly" leaves no chat page behind in the history.
  document.querySelector("a.lang")?.addEventListener("click", (e) => {
    e.preventDefault();
    location.replace(e.currentTarget.href);
  });
  const panel = $("clear-panel");
  $("clear").addEventListener("click", async () => {
    panel.hidden = false;
    $("clear-now").focus();
    const res = await postJson("/chat/session/code", {}).catch(() => null);
    const got = res && res.ok ? await res.json() : null;
    if (got && got.code) {
      $("clear-code-text").textContent = fill(S.clearWithCode, { handle: got.handle });
      $("clear-code-value").textContent = `${got.code.slice(0, 4)} ${got.code.slice(4)}`;
      $("clear-code").hidden = false;
    }
  });
  $("clear-cancel").addEventListener("click", () => {
    $("clear-code-value").textContent = "";
    $("clear-code").hidden = true;
    panel.hidden = true;
  });
  $("clear-now").addEventListener("click", async () => {
    await postJson("/chat/session/clear", {}).catch(() => null);
    go("/");
  });
  $("return-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await postJson("/chat/session/resume", { handle: $("return-handle").value, code: $("return-code").value }).catch(() => null);
    const got = res && res.ok ? await res.json() : null;
    if (got && got.ok) return go("/");
    $("return-status").textContent = got && got.reason === "locked" ? S.returnLocked : S.returnFailed;
  });

  async function connect() {
    const res = await fetch("/chat/history", { credentials: "same-origin", cache: "no-store" }).catch(() => null);
    const items = res && res.ok ? (await res.json()).items : [];
    replaying = true;
    items.forEach(onItem);
    replaying = false;
    showLatest();
    if (items.length === 0) send({ start: true });
    events = new EventSource(`/chat/events?after=${lastSeq}`);
    events.addEventListener("open", () => (status.textContent = ""));
    events.addEventListener("message", (e) => onItem(JSON.parse(e.data)));
    events.addEventListener("error", () => (status.textContent = S.offline));
  }
  connect();
})();
