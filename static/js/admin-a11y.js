// The back office's accessibility (axe-core, critical): the fields of a tabular inline row have
// their column header as a visible label only, and select2's search box has none. Each gets an
// accessible name from its column, or from the field it searches.
(function () {
  "use strict";

  function labelInlineFields(root) {
    root.querySelectorAll("table").forEach(function (table) {
      var headers = Array.prototype.map.call(
        table.querySelectorAll("thead th"),
        function (th) { return th.textContent.trim(); }
      );
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          var name = headers[index];
          if (!name) { return; }
          cell.querySelectorAll("input, select, textarea").forEach(function (field) {
            if (field.type === "hidden" || field.getAttribute("aria-label") || field.labels && field.labels.length) { return; }
            field.setAttribute("aria-label", name);
          });
        });
      });
    });
  }

  function labelSearchBoxes(root) {
    root.querySelectorAll(".select2-search__field").forEach(function (box) {
      if (box.getAttribute("aria-label")) { return; }
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
      box.setAttribute("aria-label", "Tìm " + (label ? label.textContent.replace(/:$/, "").trim().toLowerCase() : "để chọn"));
    });
  }

  function run() {
    labelInlineFields(document);
    labelSearchBoxes(document);
  }

  document.addEventListener("DOMContentLoaded", function () {
    run();
    // Rows added with «Thêm» and select2 boxes drawn later.
    new MutationObserver(run).observe(document.body, { childList: true, subtree: true });
  });
})();
