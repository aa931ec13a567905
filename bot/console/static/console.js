// Staff console: follow a background job and confirm deletions. Plain JavaScript, no build.
"use strict";

(function () {
  function followJob(box) {
    var id = box.getAttribute("data-job");
    var statusEl = document.getElementById("job-status");
    var bar = document.getElementById("job-progress");
    var count = document.getElementById("job-count");
    var current = document.getElementById("job-current");
    function poll() {
      fetch("/admin/jobs/" + encodeURIComponent(id), {credentials: "same-origin",
                                                    headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (job) {
          if (!job) { return; }
          statusEl.textContent = job.status;
          bar.max = job.total || 1;
          bar.value = job.done;
          count.textContent = job.done + "/" + job.total;
          current.textContent = job.current || "";
          if (job.status === "running") {
            setTimeout(poll, 500);
          } else {
            // The server renders the finished report; reload this page with the job named.
            var url = new URL(window.location.href);
            url.searchParams.set("job", id);
            window.location.replace(url.toString());
          }
        })
        .catch(function () { setTimeout(poll, 2000); });
    }
    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("job");
    if (box && box.getAttribute("data-status") === "running") {
      followJob(box);
    }
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
