// The editor works without this file: Preview and Save are ordinary form posts. With it, the
// preview, reading age and checks follow typing, unsaved text is kept in this browser and offered
// back on return (so leaving by mistake, a crash, a session that times out or a refused save loses
// nothing), the browser asks before leaving unsaved changes, and uploaded pictures are inserted.
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

  // The kept copy: every change is written to this browser (with the time and the version it was
  // typed on), so leaving the page by mistake or a browser crash loses nothing. It is dropped only
  // when the page says a save landed and that save was this copy (marked in sessionStorage on the
  // way out), never merely because the editor was opened again.
  var savingKey = "facet-editor-saving:" + form.getAttribute("data-draft-key");
  var baseField = form.elements["Form.BaseHash"];
  var initial = snapshot();
  var submitting = false;

  function readKept() {
    try {
      var kept = JSON.parse(localStorage.getItem(draftKey) || "null");
      return kept && kept.values ? kept : null;
    } catch (e) {
      return null;
    }
  }

  function forget() {
    try {
      localStorage.removeItem(draftKey);
    } catch (e) {
      // Storage blocked: there is nothing to forget.
    }
  }

  // "4 December 2026, 14:05" at the clinic (Content:TimeZone), as the server writes times.
  function clinicTime(ms) {
    var options = { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    var zone = document.body.getAttribute("data-time-zone");
    var parts = {};
    try {
      options.timeZone = zone || undefined;
      new Intl.DateTimeFormat("en-GB", options).formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
    } catch (e) {
      delete options.timeZone;
      new Intl.DateTimeFormat("en-GB", options).formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
    }
    return parts.day + " " + parts.month + " " + parts.year + ", " + parts.hour + ":" + parts.minute;
  }

  var kept = readKept();
  var saving = null;
  try {
    saving = sessionStorage.getItem(savingKey);
    sessionStorage.removeItem(savingKey);
  } catch (e) {
    saving = null;
  }
  if (kept && form.getAttribute("data-save-landed") === "true" && saving !== null && String(kept.at) === saving) {
    forget();
    kept = null;
  }

  // A copy the page already shows (a refused save, a rescued draft) is kept but not offered.
  if (kept && !same(kept.values, initial)) {
    notice.hidden = false;
    notice.textContent = "You have unsaved changes from " + clinicTime(kept.at) + " kept in this browser. ";
    if (kept.base && baseField && kept.base !== baseField.value) {
      notice.textContent += "A newer version has been saved since, so Save will first show you what changed. ";
    }
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button button--secondary";
    restore.id = "bring-back";
    restore.textContent = "Bring them back";
    restore.addEventListener("click", function () {
      apply(kept.values);
      // The save says which version the text was typed on, so a newer one is never overwritten unseen.
      if (kept.base !== undefined && baseField) {
        baseField.value = kept.base;
      }
      notice.hidden = true;
      schedulePreview(0);
    });
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button--secondary";
    discard.textContent = "Discard them";
    discard.addEventListener("click", function () {
      forget();
      notice.hidden = true;
    });
    notice.appendChild(restore);
    notice.appendChild(discard);
  }

  function keepDraft() {
    var values = snapshot();
    if (same(values, initial)) {
      return;
    }
    try {
      localStorage.setItem(draftKey, JSON.stringify({ at: Date.now(), base: baseField ? baseField.value : "", values: values }));
    } catch (e) {
      // Storage full or blocked: the server-side form still works.
    }
  }

  // Sending any form of the page (Save, Preview, a sign-off) is leaving on purpose: the kept copy
  // stays, and is offered back if the text it holds is not what the next page shows.
  // (The picture upload, sent by fetch, prevents its submit and so leaves nothing.)
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) {
      submitting = true;
    }
  });
  form.addEventListener("submit", function (event) {
    // Remember which kept copy this save carries; the page after it drops that copy if the save landed.
    var current = readKept();
    if (current && event.submitter && event.submitter.id === "save-button") {
      try {
        sessionStorage.setItem(savingKey, String(current.at));
      } catch (e) {
        // Without sessionStorage the copy stays until discarded: nothing is lost.
      }
    }
  });

  // The browser asks before leaving with unsaved changes (not when a form of the page is sent).
  window.addEventListener("beforeunload", function (event) {
    if (submitting || same(snapshot(), initial)) {
      return;
    }
    event.preventDefault();
    event.returnValue = "";
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      submitting = false;
    }
  });

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
        var before = body.value.slice(0, at), after = body.value.slice(body.selectionEnd || at);
        // A picture is a paragraph of its own: only the line breaks missing around it are added.
        var lead = before ? "\n\n".slice(/\n*$/.exec(before)[0].length) : "";
        var trail = after ? "\n\n".slice(/^\n*/.exec(after)[0].length) : "";
        body.value = before + lead + result.markdown + trail + after;
        upload.reset();
        keepDraft();
        schedulePreview(0);
      }).catch(function (error) {
        message.textContent = error.message || "The upload did not work. Try again.";
      });
    });
  }
})();
