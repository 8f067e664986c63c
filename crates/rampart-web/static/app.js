// Rampart's only script: small progressive enhancements. Pages work without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive actions.
  for (const b of document.querySelectorAll("button.danger")) {
    b.addEventListener("click", (ev) => {
      if (!window.confirm(b.textContent.trim() + "?")) ev.preventDefault();
    });
  }
});

// Job pages: poll the job until it finishes, then reload to show its report.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("job");
  if (!box || box.dataset.running !== "true") return;
  const bar = document.getElementById("job-progress");
  const pct = document.getElementById("job-percent");
  const state = document.getElementById("job-state");
  const tick = async () => {
    try {
      const r = await fetch(`/api/v1/jobs/${box.dataset.job}`, { credentials: "same-origin" });
      if (!r.ok) return;
      const j = await r.json();
      state.textContent = j.state;
      if (j.progress_total) {
        bar.max = j.progress_total;
        bar.value = j.progress_done;
        pct.textContent = `${Math.floor((100 * j.progress_done) / j.progress_total)} %`;
      }
      if (j.state !== "queued" && j.state !== "running") {
        window.location.reload();
        return;
      }
    } catch (e) {
      /* keep polling */
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 500);
});

// Upload forms: show upload progress for large files, then follow the redirect.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-progress]")) {
    form.addEventListener("submit", (ev) => {
      if (!window.XMLHttpRequest || !window.FormData) return;
      ev.preventDefault();
      const bar = document.getElementById(form.dataset.progress);
      bar.hidden = false;
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      });
      xhr.addEventListener("load", () => {
        if (xhr.responseURL && xhr.status < 400) { window.location.href = xhr.responseURL; }
        else { document.open(); document.write(xhr.responseText); document.close(); }
      });
      xhr.send(new FormData(form));
    });
  }
});
