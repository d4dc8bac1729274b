/* The desk's small behaviours, without inline handlers (the Content-Security-Policy forbids them). */
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select.matches && select.matches(".ks-filter-select select")) {
    window.location.href = select.value;
  }
});

// a long import: show "processing…" and do not let the confirmation be sent twice
document.addEventListener("submit", function (event) {
  var form = event.target;
  var clicked = event.submitter;
  if (!(form.matches("[data-ks-processing]") || (clicked && clicked.matches("[data-ks-processing]")))) {
    return;
  }
  var note = form.querySelector(".ks-processing");
  if (note) {
    note.style.display = "block";
  }
  var confirm = form.querySelector("[name=confirm]");
  if (confirm) {
    window.setTimeout(function () { confirm.disabled = true; }, 0);
  }
});
