// Live queue: listens to /console/events and, when the queue changes, fetches the page again (with the
// same filters) and swaps in the new list (no full reload, focus kept). A new crisis case can sound a
// short tone and vibrate the phone when the counsellor switches that on (remembered in this browser).
// Without JavaScript the page refreshes itself.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var list = document.getElementById("queue-live");
  if (!list || typeof EventSource === "undefined") return;
  var status = document.getElementById("queue-status");
  var toggle = document.getElementById("alert-toggle");
  var alertBox = document.getElementById("alert-crisis");
  var KEY = "kna.alertCrisis";
  var audio = null;
  if (toggle && alertBox) {
    toggle.hidden = false;
    try {
      alertBox.checked = localStorage.getItem(KEY) === "1";
    } catch {
      /* storage blocked: the switch still works for this page */
    }
    alertBox.addEventListener("change", function () {
      try {
        localStorage.setItem(KEY, alertBox.checked ? "1" : "0");
      } catch {
        /* storage blocked: only this page remembers */
      }
      if (alertBox.checked) unlockAudio();
    });
  }

  // Browsers allow sound only after a tap: the switch (or any tap) prepares it.
  function unlockAudio() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!audio && Ctx) audio = new Ctx();
    if (audio && audio.state === "suspended") audio.resume();
  }
  document.addEventListener("pointerdown", function () {
    if (alertBox && alertBox.checked) unlockAudio();
  });

  function crisisHandles(root) {
    return Array.prototype.map.call(root.querySelectorAll('li[data-priority="0"]'), function (li) {
      return li.getAttribute("data-handle");
    });
  }

  function ring(handles) {
    if (status) status.textContent = (status.getAttribute("data-crisis") || "").replace("{{handle}}", handles.join(", #"));
    if (!alertBox || !alertBox.checked) return;
    if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    if (!audio) return;
    var osc = audio.createOscillator();
    var gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.15;
    osc.connect(gain);
    gain.connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
  }

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
        var known = crisisHandles(list);
        var active = document.activeElement && document.activeElement.id;
        list.replaceWith(document.adoptNode(fresh));
        list = fresh;
        if (active) {
          var again = document.getElementById(active);
          if (again) again.focus();
        }
        if (status) status.textContent = status.getAttribute("data-updated") || "";
        var arrived = crisisHandles(list).filter(function (h) {
          return known.indexOf(h) === -1;
        });
        if (arrived.length > 0) ring(arrived);
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
