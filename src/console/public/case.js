// The case page, live: listens to /console/events?case=… and, when the case changes, fetches its live
// part (facts, claim, thread) and swaps it in; the reply box and its draft stay. Ready answers go into
// the reply box where the cursor is, without a reload; "/" (in an empty box, or anywhere outside a
// field) opens a search over them. "Reply" at the top focuses the box. Without JavaScript the forms work.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var live = document.getElementById("case-live");
  var box = document.getElementById("text");

  // ── Reply in one tap ────────────────────────────────────────────────
  var jump = document.getElementById("jump-reply");
  if (jump && box) {
    jump.addEventListener("click", function (e) {
      e.preventDefault();
      box.scrollIntoView({ block: "center" });
      box.focus();
    });
  }

  // ── Ready answers ───────────────────────────────────────────────────
  var select = document.getElementById("use");
  var readyForm = document.getElementById("ready-form");
  var searchBox = document.getElementById("ready-search-box");
  var search = document.getElementById("ready-search");
  var results = document.getElementById("ready-results");
  var answers = select
    ? Array.prototype.map.call(select.options, function (o) {
        return { title: o.textContent, body: o.getAttribute("data-body") || "" };
      })
    : [];

  function fold(s) {
    return s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase();
  }

  // Until the counsellor has been in the box, an answer goes at the end of what is there.
  var touched = false;
  if (box) {
    box.addEventListener("focus", function () {
      touched = true;
    });
  }

  function insert(text) {
    if (!box) return;
    var start = touched ? box.selectionStart : box.value.length;
    var end = touched ? box.selectionEnd : box.value.length;
    var before = box.value.slice(0, start);
    var after = box.value.slice(end);
    var glue = before && !/\s$/.test(before) ? " " : "";
    box.value = before + glue + text + after;
    var caret = (before + glue + text).length;
    box.focus();
    box.setSelectionRange(caret, caret);
  }

  function closeSearch() {
    if (searchBox) searchBox.hidden = true;
    if (box) box.focus();
  }

  function render() {
    var q = fold(search.value.trim());
    results.textContent = "";
    // Titles that match come first, then answers whose text matches.
    var inTitle = answers.filter(function (a) {
      return fold(a.title).indexOf(q) !== -1;
    });
    var inBody = answers.filter(function (a) {
      return inTitle.indexOf(a) === -1 && fold(a.body).indexOf(q) !== -1;
    });
    var shown = inTitle.concat(inBody);
    if (shown.length === 0) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = results.getAttribute("data-none") || "";
      results.appendChild(none);
    }
    shown.forEach(function (a) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      var title = document.createElement("b");
      title.textContent = a.title;
      var body = document.createElement("span");
      body.className = "muted";
      body.textContent = a.body.length > 90 ? a.body.slice(0, 90) + "…" : a.body;
      b.appendChild(title);
      b.appendChild(body);
      b.addEventListener("click", function () {
        searchBox.hidden = true;
        insert(a.body);
      });
      li.appendChild(b);
      results.appendChild(li);
    });
  }

  function openSearch() {
    if (!searchBox || !search) return;
    searchBox.hidden = false;
    search.value = "";
    render();
    search.focus();
  }

  if (readyForm && select) {
    readyForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var a = answers[select.selectedIndex];
      if (a) insert(a.body);
    });
  }
  if (search) {
    search.addEventListener("input", render);
    search.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        closeSearch();
      } else if (e.key === "Enter") {
        e.preventDefault();
        var first = results.querySelector("button");
        if (first) first.click();
      } else if (e.key === "ArrowDown") {
        e.preventDefault();
        var btn = results.querySelector("button");
        if (btn) btn.focus();
      }
    });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !searchBox) return;
    var el = document.activeElement;
    var inField = el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
    if (inField && !(el === box && box.value.trim() === "")) return;
    e.preventDefault();
    openSearch();
  });

  // ── Live thread ─────────────────────────────────────────────────────
  if (!live || typeof EventSource === "undefined") return;
  var busy = false;
  var again = false;
  var status = document.getElementById("case-status");
  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    var url = live.getAttribute("data-live") + "?after=" + encodeURIComponent(live.getAttribute("data-after") || "");
    fetch(url, { credentials: "same-origin", headers: { accept: "text/html" } })
      .then(function (res) {
        if (res.redirected || !res.ok) throw new Error("case " + res.status);
        return res.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("case-live");
        if (!fresh) return;
        var before = live.querySelectorAll(".thread li.in").length;
        var changedHands =
          fresh.getAttribute("data-status") !== live.getAttribute("data-status") || fresh.getAttribute("data-holder") !== live.getAttribute("data-holder");
        var active = document.activeElement && live.contains(document.activeElement) ? document.activeElement.id : null;
        fresh.setAttribute("data-after", live.getAttribute("data-after") || "");
        live.replaceWith(document.adoptNode(fresh));
        live = fresh;
        if (active && document.getElementById(active)) document.getElementById(active).focus();
        var after = live.querySelectorAll(".thread li.in").length;
        if (status && after > before) status.textContent = status.getAttribute("data-new") || "";
        if (status && changedHands) status.textContent = status.getAttribute("data-changed") || "";
      })
      .catch(function () {
        /* the next event or the reconnect tries again */
      })
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }
  var source = new EventSource(live.getAttribute("data-events"));
  source.addEventListener("case", refresh);
})();
