/* OPD portal: small progressive enhancements.  Every page works without this file. */
(function () {
  "use strict";

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function readJSON(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }

  document.documentElement.classList.add("js");

  // Confirm destructive actions (withdraw, reject).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
  });

  var form = document.getElementById("proposal-form");
  if (!form) { return; }

  var partnerSection = readJSON("partner-section") || {};
  var subkinds = readJSON("subkinds-by-kind") || {};

  function currentKind() {
    var checked = $("input[name=kind]:checked", form);
    if (checked) { return checked.value; }
    var disabled = $("input[name=kind][checked]", form);
    return disabled ? disabled.value : "";
  }

  function applyKind() {
    var kind = currentKind();
    $$("[data-kinds]").forEach(function (el) {
      var kinds = el.getAttribute("data-kinds").split(" ");
      el.hidden = kind !== "" && kinds.indexOf(kind) === -1;
    });
    var section = partnerSection[kind] || "daerah";
    $$("[data-partner-section]", form).forEach(function (el) {
      el.hidden = el.getAttribute("data-partner-section").split(" ").indexOf(section) === -1;
    });
    var subkind = $("select[name=subkind]", form);
    if (subkind) {
      var allowed = subkinds[kind] || [];
      $$("option", subkind).forEach(function (option) {
        option.hidden = option.value !== "" && allowed.indexOf(option.value) === -1;
      });
      if (subkind.value && allowed.indexOf(subkind.value) === -1) { subkind.value = ""; }
    }
    applyDprd();
  }

  function applyDprd() {
    var burdens = $("input[name=burdens_community]", form);
    var budget = $("input[name=not_budgeted]", form);
    if (!burdens || !budget) { return; }
    var required = burdens.checked || budget.checked;
    var yes = $("[data-dprd-yes]"), no = $("[data-dprd-no]");
    if (yes) { yes.hidden = !required; }
    if (no) { no.hidden = required; }
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "kind") { applyKind(); }
    if (event.target.name === "burdens_community" || event.target.name === "not_budgeted") { applyDprd(); }
  });
  $$(".ks-nojs-hint").forEach(function (el) { el.hidden = true; });

  // Region type-ahead for KSDD partners: fills the shared <datalist>.
  var datalist = document.getElementById("region-options");
  var timer = null;
  form.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.hasAttribute("data-region-search") || !datalist) { return; }
    clearTimeout(timer);
    var query = input.value.trim();
    if (query.length < 2) { return; }
    timer = setTimeout(function () {
      fetch(datalist.getAttribute("data-url") + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          datalist.innerHTML = "";
          data.results.forEach(function (region) {
            var option = document.createElement("option");
            option.value = region.label;
            if (region.province) { option.label = region.label + " — " + region.province; }
            datalist.appendChild(option);
          });
        })
        .catch(function () { /* the field still accepts a typed name */ });
    }, 200);
  });

  // "Add another" buttons for formsets (parties, contacts, files).
  $$("[data-formset-add]").forEach(function (button) {
    var prefix = button.getAttribute("data-formset-add");
    var template = $("template[data-formset-template=" + prefix + "]");
    var container = $("[data-formset=" + prefix + "]");
    var total = $("input[name=" + prefix + "-TOTAL_FORMS]");
    var max = $("input[name=" + prefix + "-MAX_NUM_FORMS]");
    if (!template || !container || !total) { return; }
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) { return; }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var wrapper = document.createElement("div");
      wrapper.innerHTML = html;
      var row = wrapper.firstElementChild;
      var number = $("[data-row-number]", row);
      if (number) { number.textContent = String(index + 1); }
      container.appendChild(row);
      total.value = String(index + 1);
      applyKind();
      var first = $("input:not([type=hidden]), select", row);
      if (first) { first.focus(); }
    });
  });

  applyKind();
})();
