/* Meeting form: a button under each inline formset (participants, outputs) that adds a row.
   Without JavaScript the empty rows already in the form suffice; save and edit to add more.
   Step 1 of a new meeting: a text field that narrows the list of bodies. Without JavaScript the
   field stays hidden and the whole list is there. */
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

  // Lower case without accents, so that "sint-genesius" finds "Sint-Genesius-Rode".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  document.querySelectorAll("[data-choice-filter]").forEach(function (box) {
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var select = input && document.getElementById(input.getAttribute("aria-controls"));
    if (!select || !status) {
      return;
    }
    // The list as the server sent it: each optgroup (or loose option) with its options.
    var placeholder = null;
    var parts = [];
    Array.prototype.forEach.call(select.children, function (child) {
      if (child.tagName === "OPTGROUP") {
        var options = Array.prototype.slice.call(child.children);
        parts.push({ group: child, options: options, heading: child.label });
      } else if (child.value === "") {
        placeholder = child;
      } else {
        parts.push({ group: null, options: [child], heading: "" });
      }
    });
    parts.forEach(function (part) {
      part.options.forEach(function (option) {
        option.dataset.searchText = fold(option.textContent + " " + part.heading);
      });
    });

    function say(count) {
      if (count === 0) {
        status.textContent = status.getAttribute("data-none");
      } else {
        var noun = status.getAttribute(count === 1 ? "data-one" : "data-many");
        status.textContent = count + " " + noun;
      }
    }

    function narrow() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var chosen = select.value;
      var shown = [];
      while (select.lastChild) {
        select.removeChild(select.lastChild);
      }
      if (placeholder) {
        select.appendChild(placeholder);
      }
      parts.forEach(function (part) {
        var matching = part.options.filter(function (option) {
          return words.every(function (word) {
            return option.dataset.searchText.indexOf(word) !== -1;
          });
        });
        if (!matching.length) {
          return;
        }
        var parent = part.group || select;
        if (part.group) {
          while (part.group.lastChild) {
            part.group.removeChild(part.group.lastChild);
          }
          select.appendChild(part.group);
        }
        matching.forEach(function (option) {
          parent.appendChild(option);
          shown.push(option);
        });
      });
      var values = shown.map(function (option) {
        return option.value;
      });
      if (shown.length === 1) {
        select.value = values[0];
      } else if (values.indexOf(chosen) !== -1) {
        select.value = chosen;
      } else if (placeholder) {
        select.value = "";
      }
      say(shown.length);
    }

    input.addEventListener("input", narrow);
    if (input.value) {
      narrow(); // a filter the browser kept when the user came back to this page
    }
    // Enter in the filter goes on only with a body chosen, not to the same page again.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && select.value === "") {
        event.preventDefault();
      }
    });
    box.hidden = false;
  });
})();
