/* «Chọn tất cả»: a header checkbox ticks or clears every checkbox of its name in the form
   (no inline script: strict CSP). */
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var form = all.form || all.closest("form");
    var boxes = function () {
      return form.querySelectorAll('input[type=checkbox][name="' + all.dataset.selectAll + '"]');
    };
    all.disabled = boxes().length === 0;
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
    });
    form.addEventListener("change", function (event) {
      if (event.target === all) { return; }
      var list = Array.prototype.slice.call(boxes());
      var ticked = list.filter(function (box) { return box.checked; }).length;
      all.checked = ticked === list.length && list.length > 0;
      all.indeterminate = ticked > 0 && ticked < list.length;
    });
  });
})();
