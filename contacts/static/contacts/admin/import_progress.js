// A contact import's page: while its run is queued or running, poll the run's status once a
// second for the progress bar and counts, and reload the page when it ends (summary, report).
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("import-run");
    if (!box || ["queued", "running"].indexOf(box.dataset.status) < 0) {
      return;
    }
    var bar = document.getElementById("import-progress");
    var counts = document.getElementById("import-counts");
    var label = document.getElementById("import-status");
    function poll() {
      fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (status) {
          if (status.finished) {
            window.location.reload();
            return;
          }
          bar.value = status.percent;
          bar.textContent = status.percent + "%";
          label.textContent = status.status_label.charAt(0).toUpperCase() + status.status_label.slice(1) +
            (status.dry_run ? " (dry run)" : "");
          // Grouped as the page and the summary group them: 40,001, not 40001.
          function n(value) { return Number(value).toLocaleString("en-US"); }
          counts.textContent = n(status.lines_done) + " of " + n(status.total_lines) + " lines: " +
            n(status.rows_read) + " rows read, " + n(status.created) + " created, " +
            n(status.updated) + " updated, " + n(status.skipped) + " skipped, " +
            n(status.rejected) + " rejected";
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  }
  document.addEventListener("DOMContentLoaded", start);
})();
