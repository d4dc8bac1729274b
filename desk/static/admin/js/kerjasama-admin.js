/* The desk's small behaviours, without inline handlers (the Content-Security-Policy forbids them). */
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select.matches && select.matches(".ks-filter-select select")) {
    window.location.href = select.value;
  }
});
