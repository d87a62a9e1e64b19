// The leader's meeting page: every few seconds asks whether the RSVPs changed (by signature) and swaps
// the RSVP panel in when they did. Only enhances the server-rendered page (it works without).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var POLL_MS = 3000;
  function panel() {
    return document.getElementById("rsvps");
  }
  function poll() {
    var p = panel();
    if (!p) return;
    var url = location.pathname + "/live?sig=" + encodeURIComponent(p.getAttribute("data-signature") || "");
    fetch(url, { credentials: "same-origin", headers: { accept: "text/html" } })
      .then(function (res) {
        if (res.status !== 200) return null;
        return res.text();
      })
      .then(function (html) {
        if (!html) return;
        var box = document.createElement("div");
        box.innerHTML = html;
        var fresh = box.querySelector("#rsvps");
        var current = panel();
        if (fresh && current) current.replaceWith(fresh);
      })
      .catch(function () {})
      .then(function () {
        setTimeout(poll, POLL_MS);
      });
  }
  setTimeout(poll, POLL_MS);
})();
