// 长者模式 (care mode): larger text and higher contrast, remembered per browser.
(function () {
  var toggle = document.getElementById("care-toggle");
  if (!toggle) return;
  function apply(on) {
    document.body.classList.toggle("care-mode", on);
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
  }
  var stored = false;
  try { stored = window.localStorage.getItem("gongkai-care") === "1"; } catch (e) {}
  apply(stored);
  toggle.addEventListener("click", function () {
    var on = !document.body.classList.contains("care-mode");
    apply(on);
    try { window.localStorage.setItem("gongkai-care", on ? "1" : "0"); } catch (e) {}
  });
})();
