// Keeps what an officer types in a period report on this device until the server has it.
// A dropped connection mid-save loses nothing: the next visit offers the unsent input back.
(function () {
  "use strict";
  var form = document.getElementById("form-bao-cao");
  if (!form || !window.localStorage) { return; }
  var key = form.getAttribute("data-draft-key");
  var banner = document.getElementById("ban-nhap");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" &&
        (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text"));
    });
  }
  function snapshot() {
    var values = {};
    fields().forEach(function (el) { values[el.name] = el.value; });
    return values;
  }
  function read() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write() {
    try {
      localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), values: snapshot() }));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }

  if (form.hasAttribute("data-draft-clear")) {
    // The server confirmed the save: what was kept here is now stored there.
    localStorage.removeItem(key);
  } else {
    var draft = read();
    var current = snapshot();
    var differs = draft && draft.values && Object.keys(draft.values).some(function (name) {
      return name in current && current[name] !== draft.values[name];
    });
    if (differs && banner) {
      var at = new Date(draft.at);
      banner.querySelector("[data-draft-time]").textContent =
        ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2) + " " +
        ("0" + at.getDate()).slice(-2) + "/" + ("0" + (at.getMonth() + 1)).slice(-2) + "/" + at.getFullYear();
      banner.classList.remove("d-none");
      banner.querySelector("[data-draft-restore]").addEventListener("click", function () {
        fields().forEach(function (el) {
          if (el.name in draft.values) { el.value = draft.values[el.name]; }
        });
        banner.classList.add("d-none");
        var first = fields()[0];
        if (first) { first.focus(); }
      });
      banner.querySelector("[data-draft-discard]").addEventListener("click", function () {
        localStorage.removeItem(key);
        banner.classList.add("d-none");
      });
    }
  }
  form.addEventListener("input", write);
  // Kept until the server's answer page says the save went through. One save at a time:
  // a second click while the first is on its way sends nothing (the buttons stay enabled,
  // since the clicked one's name tells "Lưu nháp" from "Lưu và gửi duyệt").
  var sentAt = 0;
  form.addEventListener("submit", function (event) {
    if (Date.now() - sentAt < 15000) { event.preventDefault(); return; }
    sentAt = Date.now();
    form.setAttribute("aria-busy", "true");
    write();
  });
  window.addEventListener("pageshow", function () {
    sentAt = 0;
    form.removeAttribute("aria-busy");
  });
}());
