// Live queue: listens to /console/events and, when the queue changes, fetches the page again and
// swaps in the new list (no full reload, focus kept). Without JavaScript the page refreshes itself.
(function () {
  "use strict";
  var list = document.getElementById("queue-live");
  if (!list || typeof EventSource === "undefined") return;
  var status = document.getElementById("queue-status");
  var busy = false;
  function refresh() {
    if (busy) return;
    busy = true;
    fetch(location.pathname + location.search, { credentials: "same-origin", headers: { accept: "text/html" } })
      .then(function (res) {
        if (res.redirected || !res.ok) throw new Error("queue " + res.status);
        return res.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("queue-live");
        if (!fresh) return;
        var active = document.activeElement && document.activeElement.id;
        list.replaceWith(document.adoptNode(fresh));
        list = fresh;
        if (active) {
          var again = document.getElementById(active);
          if (again) again.focus();
        }
        if (status) status.textContent = status.getAttribute("data-updated") || "";
      })
      .catch(function () {
        /* the next event or the reconnect tries again */
      })
      .then(function () {
        busy = false;
      });
  }
  var source = new EventSource("/console/events");
  source.addEventListener("queue", refresh);
})();
