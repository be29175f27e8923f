// The editor works without this file: Preview and Save are ordinary form posts. With it, the
// preview, reading age and checks follow typing, unsaved text is kept in this browser (so a
// session that times out or a refused save loses nothing), and uploaded pictures are inserted.
(function () {
  "use strict";

  var form = document.getElementById("editor-form");
  if (!form) {
    return;
  }

  var preview = document.getElementById("preview");
  var panel = document.getElementById("preview-panel");
  var draftKey = "facet-editor-draft:" + form.getAttribute("data-draft-key");
  var notice = document.getElementById("draft-notice");
  var timer = null;
  var inFlight = null;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name.indexOf("Form.") === 0 && el.type !== "hidden";
    });
  }

  function snapshot() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox") {
        values[el.name + "|" + el.value] = el.checked;
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function apply(values) {
    fields().forEach(function (el) {
      var key = el.type === "checkbox" ? el.name + "|" + el.value : el.name;
      if (!(key in values)) {
        return;
      }
      if (el.type === "checkbox") {
        el.checked = values[key];
      } else {
        el.value = values[key];
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // Local draft: written on every change, dropped after a successful save.
  var initial = snapshot();
  if (form.hasAttribute("data-clear-draft")) {
    localStorage.removeItem(draftKey);
  } else {
    try {
      var stored = JSON.parse(localStorage.getItem(draftKey) || "null");
      if (stored && stored.values && !same(stored.values, initial)) {
        notice.hidden = false;
        notice.textContent = "You have unsaved changes from " + new Date(stored.at).toLocaleString("en-GB") + " kept in this browser. ";
        var restore = document.createElement("button");
        restore.type = "button";
        restore.className = "button button--secondary";
        restore.textContent = "Bring them back";
        restore.addEventListener("click", function () {
          apply(stored.values);
          notice.hidden = true;
          schedulePreview(0);
        });
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "button button--secondary";
        discard.textContent = "Discard them";
        discard.addEventListener("click", function () {
          localStorage.removeItem(draftKey);
          notice.hidden = true;
        });
        notice.appendChild(restore);
        notice.appendChild(discard);
      }
    } catch (e) {
      localStorage.removeItem(draftKey);
    }
  }

  function keepDraft() {
    var values = snapshot();
    if (same(values, initial)) {
      return;
    }
    try {
      localStorage.setItem(draftKey, JSON.stringify({ at: Date.now(), values: values }));
    } catch (e) {
      // Storage full or blocked: the server-side form still works.
    }
  }

  function showMessage(text) {
    preview.innerHTML = "";
    var p = document.createElement("p");
    p.className = "finding finding--error";
    p.textContent = text;
    preview.appendChild(p);
  }

  function runPreview() {
    if (inFlight) {
      inFlight.abort();
    }
    inFlight = new AbortController();
    panel.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
      redirect: "manual",
      signal: inFlight.signal
    }).then(function (response) {
      if (response.status === 401 || response.type === "opaqueredirect") {
        showMessage("Your sign-in has ended. Your text is kept in this browser: sign in again in another tab, then come back and save.");
        return null;
      }
      if (!response.ok) {
        showMessage("The preview could not be updated (" + response.status + "). Your text is safe; try the Preview button.");
        return null;
      }
      return response.text();
    }).then(function (html) {
      if (html !== null && html !== undefined) {
        preview.innerHTML = html; // server-rendered by the site's own pipeline; raw HTML is never passed through
      }
    }).catch(function (error) {
      if (error.name !== "AbortError") {
        showMessage("The preview could not be updated. Your text is safe; try the Preview button.");
      }
    }).finally(function () {
      panel.removeAttribute("aria-busy");
    });
  }

  function schedulePreview(delay) {
    clearTimeout(timer);
    timer = setTimeout(runPreview, delay);
  }

  form.addEventListener("input", function () {
    keepDraft();
    schedulePreview(400);
  });
  form.addEventListener("change", function () {
    keepDraft();
    schedulePreview(100);
  });

  // Upload a picture and put its Markdown where the cursor is in the body.
  var upload = document.getElementById("upload-form");
  var body = document.getElementById(upload ? upload.getAttribute("data-insert-into") : "");
  if (upload && body) {
    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      var message = document.getElementById("upload-message");
      message.textContent = "Uploading…";
      fetch(upload.action, {
        method: "POST",
        body: new FormData(upload),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
        redirect: "manual"
      }).then(function (response) {
        if (response.status === 401 || response.type === "opaqueredirect") {
          throw new Error("Your sign-in has ended: sign in again in another tab, then upload.");
        }
        return response.json();
      }).then(function (result) {
        message.textContent = result.message;
        if (!result.saved) {
          return;
        }
        var at = body.selectionStart || body.value.length;
        var insert = "\n\n" + result.markdown + "\n\n";
        body.value = body.value.slice(0, at) + insert + body.value.slice(body.selectionEnd || at);
        upload.reset();
        keepDraft();
        schedulePreview(0);
      }).catch(function (error) {
        message.textContent = error.message || "The upload did not work. Try again.";
      });
    });
  }
})();
