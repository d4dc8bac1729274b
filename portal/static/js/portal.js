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

  // A button that opens a confirmation <dialog> (what will be sent) instead of posting at once.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm-dialog]");
    if (!button) { return; }
    var dialog = document.getElementById(button.getAttribute("data-confirm-dialog"));
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    event.preventDefault();
    dialog.showModal();
    var cancel = $("[data-dialog-cancel]", dialog);
    if (cancel) { cancel.onclick = function () { dialog.close(); }; }
  });

  var form = document.getElementById("proposal-form");
  if (!form) { return; }

  var partnerSection = readJSON("partner-section") || {};
  var subkinds = readJSON("subkinds-by-kind") || {};
  var docTypes = readJSON("doc-types-by-kind") || {};
  var partnerTypes = readJSON("partner-types-by-kind") || {};
  var sectoral = readJSON("sectoral-subkinds") || [];

  // Options are rebuilt, not hidden: iOS Safari ignores option.hidden.
  function snapshot(select) {
    return select ? $$("option", select).map(function (o) {
      return { value: o.value, text: o.textContent, type: o.getAttribute("data-type") || "" };
    }) : [];
  }
  function rebuild(select, options, keep) {
    var value = select.value;
    select.innerHTML = "";
    options.forEach(function (o) {
      var option = document.createElement("option");
      option.value = o.value;
      option.textContent = o.text;
      if (o.type) { option.setAttribute("data-type", o.type); }
      select.appendChild(option);
    });
    var still = options.some(function (o) { return o.value === value; });
    select.value = still ? value : (keep || (options[0] ? options[0].value : ""));
  }
  var subkindSelect = $("select[name=subkind]", form);
  var subkindOptions = snapshot(subkindSelect);
  var docTypeSelect = $("select[name=document_type]:not([disabled])", form);
  var docTypeOptions = snapshot(docTypeSelect);
  var partnerTemplate = $("template[data-formset-template=party]");
  var partnerOptions = partnerTemplate ? snapshot($("select[data-partner-picker]", partnerTemplate.content)) : [];

  function applyPartners(root) {
    var allowed = partnerTypes[currentKind()] || [];
    $$("select[data-partner-picker]", root || form).forEach(function (select) {
      var search = select.previousElementSibling && select.previousElementSibling.hasAttribute("data-partner-search")
        ? select.previousElementSibling : null;
      if (!search) {
        search = document.createElement("input");
        search.type = "search";
        search.className = "form-control form-control-sm mb-1";
        search.setAttribute("data-partner-search", "1");
        search.setAttribute("aria-label", select.getAttribute("data-search-label") || "Cari");
        search.placeholder = select.getAttribute("data-search-label") || "";
        search.addEventListener("input", function () { applyPartners(select.parentNode); });
        select.parentNode.insertBefore(search, select);
      }
      var words = search.value.trim().toLowerCase();
      var options = partnerOptions.filter(function (o) {
        if (o.value === "") { return true; }
        if (allowed.length && allowed.indexOf(o.type) === -1) { return false; }
        return !words || o.text.toLowerCase().indexOf(words) !== -1 || o.value === select.value;
      });
      rebuild(select, options, "");
    });
  }

  function applySectoral() {
    var kind = currentKind();
    var show = kind === "lainnya" || (kind === "ksdpk" && subkindSelect && sectoral.indexOf(subkindSelect.value) !== -1);
    $$("[data-sectoral]").forEach(function (el) { el.hidden = !show; });
  }

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
    if (subkindSelect) {
      var allowed = subkinds[kind] || [];
      rebuild(subkindSelect, subkindOptions.filter(function (o) {
        return o.value === "" || allowed.indexOf(o.value) !== -1;
      }), "");
    }
    if (docTypeSelect && docTypes[kind]) {
      var types = docTypes[kind].map(String);
      var options = types.map(function (pk) {
        return docTypeOptions.filter(function (o) { return o.value === pk; })[0];
      }).filter(Boolean);
      if (options.length) { rebuild(docTypeSelect, options, types[0]); }
    }
    applyPartners();
    applySectoral();
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
    if (event.target.name === "subkind") { applySectoral(); }
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
      showRemove(row);
      var first = $("input:not([type=hidden]), select", row);
      if (first) { first.focus(); }
    });
  });

  // "Remove" on a partner or contact row: an existing contact is ticked for deletion, any other row
  // is emptied (an empty row is ignored when saving) and hidden.
  function showRemove(row) {
    $$("[data-formset-remove]", row).forEach(function (button) { button.classList.remove("d-none"); });
    $$("[data-delete-box]", row).forEach(function (box) { box.hidden = true; });
  }
  $$("[data-formset-row]", form).forEach(showRemove);
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-remove]");
    if (!button) { return; }
    var row = button.closest("[data-formset-row]");
    var box = $("[data-delete-box] input[type=checkbox]", row);
    if (box) {
      box.checked = true;
    } else {
      $$("input:not([type=hidden]), select, textarea", row).forEach(function (field) {
        if (field.type === "checkbox" || field.type === "radio") { field.checked = false; } else { field.value = ""; }
      });
    }
    row.hidden = true;
    var next = $("[data-formset-row]:not([hidden]) input:not([type=hidden])", row.parentNode);
    if (next) { next.focus(); }
  });

  // "Save and submit" first shows what will be sent.
  var dialog = document.getElementById("submit-dialog");
  var labels = readJSON("summary-labels") || {};
  var confirmed = false;
  function text(select) { return select && select.selectedIndex >= 0 ? select.options[select.selectedIndex].textContent : ""; }
  function add(list, term, value) {
    var dt = document.createElement("dt"); dt.textContent = term;
    var dd = document.createElement("dd"); dd.textContent = value || "—";
    list.appendChild(dt); list.appendChild(dd);
  }
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-submit-summary]");
    if (!button || confirmed || !dialog || typeof dialog.showModal !== "function") { return; }
    event.preventDefault();
    var list = $("[data-summary]", dialog);
    list.innerHTML = "";
    var kind = $("input[name=kind]:checked", form);
    add(list, labels.kind, kind ? kind.closest(".form-check").querySelector("label").firstChild.textContent.trim() : "");
    add(list, labels.document_type, text($("select[name=document_type]", form)));
    add(list, labels.title, ($("input[name=title]", form) || {}).value);
    var partners = $$("[data-formset=party] [data-formset-row]:not([hidden])", form).map(function (row) {
      var region = $("input[name$=region]", row), picker = $("select[data-partner-picker]", row), name = $("input[name$=-name]", row);
      return (region && region.value) || (picker && picker.value && text(picker)) || (name && name.value) || "";
    }).filter(Boolean);
    add(list, labels.partners, partners.join("; "));
    var files = $$("input[type=file]", form).map(function (input) {
      return input.files && input.files[0] ? input.files[0].name : "";
    }).filter(Boolean);
    add(list, labels.files, files.join(", ") || labels.no_new_files);
    dialog.showModal();
    $("[data-dialog-confirm]", dialog).onclick = function () {
      confirmed = true;
      dialog.close();
      button.click();
    };
    $("[data-dialog-cancel]", dialog).onclick = function () { dialog.close(); };
  });

  applyKind();
})();
