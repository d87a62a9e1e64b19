// Web chat client: plain browser JavaScript, no build step. Renders the conversation from the server's
// message log (SSE), shows options as buttons, and sends each message with a client id so a retry
// is never stored twice. All text is inserted with textContent: nothing from the network is HTML.
(() => {
  "use strict";
  const S = JSON.parse(document.getElementById("strings").textContent);
  const log = document.getElementById("log");
  const status = document.getElementById("status");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const shownClientIds = new Set();
  const menus = new Map(); // menuSeq -> options, to show a chosen option's label
  let lastSeq = 0;
  let latestMenuEl = null;

  const newClientId = () => {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  };

  function bubble(mine, who, text) {
    const el = document.createElement("div");
    el.className = mine ? "msg mine" : "msg";
    const w = document.createElement("span");
    w.className = "who";
    w.textContent = who;
    const body = document.createElement("span");
    body.className = "body";
    body.textContent = text;
    el.append(w, body);
    log.append(el);
    el.scrollIntoView({ block: "end" });
    return el;
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
    el.scrollIntoView({ block: "end" });
  }

  function renderOutbound(item) {
    const who = item.author === "counsellor" ? S.counsellor : S.bot;
    const m = item.body;
    if (m.kind === "crisis") return renderCrisis(who, m);
    const el = bubble(false, who, m.text);
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
    el.scrollIntoView({ block: "end" });
  }

  function renderInbound(item) {
    if (item.clientId && shownClientIds.has(item.clientId)) return;
    if (item.clientId) shownClientIds.add(item.clientId);
    const m = item.body;
    if (m.kind === "text") bubble(true, S.you, m.text);
    else if (m.kind === "choice") {
      const o = (menus.get(m.menuSeq) || []).find((x) => x.id === m.optionId);
      if (o) bubble(true, S.you, o.label);
    }
  }

  function onItem(item) {
    if (item.erased) {
      log.replaceChildren();
      menus.clear();
      latestMenuEl = null;
      lastSeq = 0;
    } else if (item.seq !== undefined) {
      if (item.seq <= lastSeq) return;
      lastSeq = item.seq;
    }
    if (item.direction === "outbound") renderOutbound(item);
    else renderInbound(item);
  }

  async function send(payload, shownText) {
    const clientId = newClientId();
    shownClientIds.add(clientId);
    const el = shownText ? bubble(true, S.you, shownText) : null;
    if (el) el.classList.add("pending");
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch("/chat/messages", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ clientId, ...payload }),
          credentials: "same-origin",
        });
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

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text }, text);
    input.focus();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  async function connect() {
    const res = await fetch("/chat/history", { credentials: "same-origin" }).catch(() => null);
    const items = res && res.ok ? (await res.json()).items : [];
    items.forEach(onItem);
    if (items.length === 0) send({ start: true });
    const es = new EventSource(`/chat/events?after=${lastSeq}`);
    es.addEventListener("open", () => (status.textContent = ""));
    es.addEventListener("message", (e) => onItem(JSON.parse(e.data)));
    es.addEventListener("error", () => (status.textContent = S.offline));
  }
  connect();
})();
