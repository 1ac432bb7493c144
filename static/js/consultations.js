/* Meeting form: a button under each inline formset (participants, outputs) that adds a row.
   Without JavaScript the empty rows already in the form suffice; save and edit to add more. */
(function () {
  "use strict";
  document.querySelectorAll("[data-formset]").forEach(function (formset) {
    var prefix = formset.getAttribute("data-formset");
    var template = formset.querySelector('template[data-formset-template="' + prefix + '"]');
    var total = formset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var rows = formset.querySelector(".formset__rows");
    if (!template || !total || !rows) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = "Nog een rij toevoegen";
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var wrapper = document.createElement("div");
      wrapper.innerHTML = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      var row = wrapper.querySelector("fieldset");
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
    });
    formset.appendChild(button);
  });
})();
