// What every page of the portal does (base.html loads it on each page).
"use strict";

// A form that came back with errors: the focus moves to the summary of its errors, so that a
// screen reader reads them out at once and Tab goes on to the links to the fields.
(function focusErrorSummary() {
  const summary = document.querySelector(".error-summary[tabindex='-1']");
  if (summary) {
    summary.focus();
  }
})();
