// The broadcast progress page: reloads itself every few seconds while the broadcast is being sent.
(function () {
  var el = document.querySelector("[data-refresh]");
  if (!el) return;
  var seconds = Number(el.getAttribute("data-refresh")) || 3;
  setTimeout(function () {
    location.reload();
  }, seconds * 1000);
})();
