// The editor works without this file: Preview and Save are ordinary form posts. With it, the
// preview, reading age and checks follow typing, unsaved text is kept in this browser and offered
// back on return (so leaving by mistake, a crash, a session that times out or a refused save loses
// nothing), the browser asks before leaving unsaved changes, uploaded, dropped or pasted pictures are
// inserted, and the preview follows the cursor, whose line is shown, with "Go to line" on each finding.
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
        var checks = preview.querySelector("#checks");
        if (saveChecks && checks) {
          saveChecks.innerHTML = checks.innerHTML;
        }
        if (document.activeElement === text) {
          follow();
        }
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

  // The formatting toolbar, built here so that without JavaScript there is no toolbar that does
  // nothing: the text box works as before. Each button writes the Markdown the site's pipeline
  // renders (content/README.md) around the selection, or a placeholder selected to type over.
  var text = document.getElementById("Form_Body");
  if (text) {
    var bar = document.createElement("div");
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    bar.setAttribute("aria-controls", text.id);
    bar.className = "toolbar";
    bar.id = "toolbar";

    // Puts `insert` in place of the selection (through the browser's undo history where it can)
    // and selects the part of it from `from` to `to`.
    var put = function (start, end, insert, from, to) {
      text.focus();
      text.setSelectionRange(start, end);
      if (!document.execCommand("insertText", false, insert)) {
        text.setRangeText(insert);
        text.dispatchEvent(new Event("input", { bubbles: true }));
      }
      text.setSelectionRange(start + from, start + to);
    };
    var wrap = function (mark, placeholder) {
      var s = text.selectionStart, e = text.selectionEnd, inner = text.value.slice(s, e) || placeholder;
      put(s, e, mark + inner + mark, mark.length, mark.length + inner.length);
    };
    // Starts each selected line (or the cursor's line) with a prefix; `n` numbers them.
    var lines = function (prefix, placeholder, n) {
      var v = text.value, s = v.lastIndexOf("\n", text.selectionStart - 1) + 1, e = text.selectionEnd;
      if (e === text.selectionStart) {
        e = v.indexOf("\n", e) < 0 ? v.length : v.indexOf("\n", e);
      }
      var chosen = v.slice(s, e) || placeholder, i = 0;
      var out = chosen.split("\n").map(function (line) { return (n ? ++i + ". " : prefix) + line; }).join("\n");
      put(s, e, out, chosen === placeholder ? out.length - placeholder.length : 0, out.length);
    };
    // A block on lines of its own, with a blank line either side; `first` is selected to type over.
    var block = function (markdown, first) {
      var v = text.value, s = text.selectionStart, e = text.selectionEnd;
      var before = v.slice(0, s), after = v.slice(e);
      var head = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
      var tail = /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
      var at = head.length + markdown.indexOf(first);
      put(s, e, head + markdown + tail, at, at + first.length);
    };
    var link = function () {
      if (pickLink) {
        pickLink();
        return;
      }
      var s = text.selectionStart, e = text.selectionEnd, label = text.value.slice(s, e);
      var md = "[" + (label || "link text") + "](https://)";
      put(s, e, md, label ? md.length - 9 : 1, label ? md.length - 1 : 10);
    };
    var card = function (level, heading) {
      return function () { block("::: " + level + " " + heading + "\n- what to look out for\n:::", heading); };
    };
    var groups = [
      [["Bold", "B", function () { wrap("**", "bold text"); }, "b"],
        ["Italic", "I", function () { wrap("_", "italic text"); }, "i"],
        ["Heading", "H", function () { lines("## ", "Heading"); }],
        ["Bulleted list", "Bulleted list", function () { lines("- ", "List item"); }],
        ["Numbered list", "Numbered list", function () { lines("", "List item", true); }],
        ["Link", "Link", link, "k"],
        ["Table", "Table", function () { block("| Heading | Heading |\n| --- | --- |\n| Cell | Cell |", "Heading"); }]],
      [["Immediate care card (call 999)", "Immediate", card("immediate", "Call 999 or go to A&E if:")],
        ["Urgent care card (NHS 111)", "Urgent", card("urgent", "Ask for an urgent GP appointment or get help from NHS 111 if:")],
        ["Non-urgent care card", "Non-urgent", card("non-urgent", "See a GP or physiotherapist if:")],
        ["Info card (good to know)", "Info", function () { block("::: info Good to know\nA helpful fact.\n:::", "Good to know"); }],
        ["FAQ: question and answer", "FAQ", function () { block("::: faq\n### Question?\nThe answer.\n:::", "Question?"); }],
        ["Picture", "Picture", function () { block("![Describe the picture for someone who cannot see it](/images/file-name.jpg)", "Describe the picture for someone who cannot see it"); }]]
    ];
    var buttons = [], shortcuts = {};
    groups.forEach(function (group, g) {
      var holder = document.createElement("div");
      holder.setAttribute("role", "group");
      holder.setAttribute("aria-label", g ? "Blocks" : "Text");
      group.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "toolbar__button";
        button.textContent = b[1];
        button.setAttribute("aria-label", b[0]);
        button.title = b[0] + (b[3] ? " (Ctrl+" + b[3].toUpperCase() + ")" : "");
        if (b[3]) {
          button.setAttribute("aria-keyshortcuts", "Control+" + b[3].toUpperCase() + " Meta+" + b[3].toUpperCase());
          shortcuts[b[3]] = b[2];
        }
        button.tabIndex = buttons.length ? -1 : 0;
        button.addEventListener("click", b[2]);
        buttons.push(button);
        holder.appendChild(button);
      });
      bar.appendChild(holder);
    });
    // One Tab stop for the whole toolbar; the arrows, Home and End move within it (WAI-ARIA toolbar).
    bar.addEventListener("keydown", function (event) {
      var i = buttons.indexOf(document.activeElement);
      var to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (i < 0 || to === undefined) {
        return;
      }
      event.preventDefault();
      to = (to + buttons.length) % buttons.length;
      buttons[i].tabIndex = -1;
      buttons[to].tabIndex = 0;
      buttons[to].focus();
    });
    text.addEventListener("keydown", function (event) {
      var act = (event.ctrlKey || event.metaKey) && !event.altKey && shortcuts[event.key.toLowerCase()];
      if (act) {
        event.preventDefault();
        act();
      }
    });
    text.parentNode.insertBefore(bar, text);
  }

  // Where am I: the cursor's line under the text box, "Go to line" in the checks, and the preview
  // kept on the part being edited (when the preview scrolls on its own, beside the text box).
  var where = document.getElementById("cursor-line");
  var saveChecks = document.getElementById("save-checks-list");
  var followTimer = null;
  // A line's first words as a reader sees them, for finding that line in the rendered preview.
  var words = function (line) {
    return line.replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|:::\s*[\w-]*\s*)+/, "")
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").toLowerCase()
      .replace(/[^a-z0-9\u00c0-\u024f]+/g, " ").trim().split(" ").slice(0, 5).join(" ");
  };
  var follow = function () {
    if (!text || panel.scrollHeight <= panel.clientHeight || getComputedStyle(panel).overflowY === "visible") {
      return;
    }
    var all = text.value.split("\n"), i = text.value.slice(0, text.selectionStart).split("\n").length - 1, key = "";
    while (i >= 0 && !(key = words(all[i]))) {
      i--;
    }
    // The same words earlier in the text come earlier in the preview: take the match with the same count.
    var nth = all.slice(0, i).filter(function (l) { return key && words(l).indexOf(key) >= 0; }).length;
    var matches = Array.prototype.filter.call(
      preview.querySelectorAll(".preview-page :is(h1, h2, h3, h4, p, li, td, th, dt, dd, summary, figcaption)"),
      function (el) { return key && (" " + el.textContent.toLowerCase().replace(/[^a-z0-9\u00c0-\u024f]+/g, " ") + " ").indexOf(" " + key + " ") >= 0; });
    matches = matches.filter(function (el) { return !matches.some(function (m) { return m !== el && el.contains(m); }); });
    var target = matches[Math.min(nth, matches.length - 1)];
    var old = preview.querySelector(".preview-here");
    if (old && old !== target) {
      old.classList.remove("preview-here");
    }
    if (!target) {
      return;
    }
    target.classList.add("preview-here");
    var top = target.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    panel.scrollTo({ top: Math.max(0, top - panel.clientHeight / 3), behavior: still ? "auto" : "smooth" });
  };
  var moved = function () {
    if (where) {
      where.hidden = false;
      where.textContent = "Cursor on line " + text.value.slice(0, text.selectionStart).split("\n").length +
        " of " + text.value.split("\n").length;
    }
    clearTimeout(followTimer);
    followTimer = setTimeout(follow, 150);
  };
  // Puts the cursor at the start of a line of the body and scrolls the text box (and the page) to it.
  var goToLine = function (n) {
    var at = 0;
    for (var k = 1; k < n; k++) {
      var next = text.value.indexOf("\n", at);
      if (next < 0) {
        break;
      }
      at = next + 1;
    }
    text.focus({ preventScroll: true });
    text.setSelectionRange(at, at);
    // A copy of the box holding the text up to the cursor is as tall as the cursor is deep.
    var copy = document.createElement("textarea");
    copy.className = text.className;
    copy.style.cssText = "position:absolute;visibility:hidden;min-height:0;height:0;overflow:hidden;width:" + text.offsetWidth + "px";
    copy.value = text.value.slice(0, at) + "x";
    text.parentNode.appendChild(copy);
    var depth = copy.scrollHeight;
    copy.remove();
    text.scrollTop = Math.max(0, depth - text.clientHeight / 3);
    var y = text.getBoundingClientRect().top + depth - text.scrollTop;
    if (y < 0 || y > window.innerHeight - 40) {
      window.scrollBy(0, y - window.innerHeight / 3);
    }
    moved();
  };
  if (text) {
    ["keyup", "click", "input", "focus"].forEach(function (name) { text.addEventListener(name, moved); });
    document.addEventListener("click", function (event) {
      var go = event.target.closest && event.target.closest("a.go-to-line");
      if (go) {
        event.preventDefault();
        goToLine(parseInt(go.getAttribute("data-line"), 10));
      }
    });
  }

  // The link picker: the Link button and Ctrl/Cmd+K open a search of the site's titles (listed in the
  // page, each with the address the site gives it); the one chosen, or a typed web address, is written
  // as a Markdown link at the cursor, with the selected text kept as the link's text.
  var pickLink = null;
  var picker = document.getElementById("link-picker");
  if (text && picker && picker.showModal) {
    var search = document.getElementById("link-search"), results = document.getElementById("link-results");
    var status = document.getElementById("link-status"), insertButton = document.getElementById("link-insert");
    var options = Array.prototype.slice.call(results.children), shown = [], active = -1, range = [0, 0], chosen = null;
    var titleOf = function (o) { return o.firstChild.nodeValue; };
    var address = function () {
      var v = search.value.trim();
      v = /^www\./i.test(v) ? "https://" + v : v;
      return /^https?:\/\/[^\s/]+\.\S+$/i.test(v) ? v : null;
    };
    var mark = function (i) {
      if (shown[active]) {
        shown[active].setAttribute("aria-selected", "false");
      }
      active = shown[i] ? i : -1;
      if (shown[i]) {
        shown[i].setAttribute("aria-selected", "true");
        shown[i].scrollIntoView({ block: "nearest" });
        search.setAttribute("aria-activedescendant", shown[i].id);
      } else {
        search.removeAttribute("aria-activedescendant");
      }
    };
    // Every word typed must be in the title; at most 10 are listed.
    var filter = function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean), url = address(), found = 0;
      mark(-1);
      shown = [];
      options.forEach(function (o) {
        var match = !url && words.every(function (w) { return titleOf(o).toLowerCase().indexOf(w) >= 0; });
        found += match ? 1 : 0;
        o.hidden = !match || shown.length >= 10;
        if (!o.hidden) {
          shown.push(o);
        }
      });
      results.hidden = !shown.length;
      search.setAttribute("aria-expanded", String(shown.length > 0));
      status.textContent = url ? "Enter inserts a link to " + url + "."
        : !words.length ? ""
        : found > shown.length ? found + " titles match; the first " + shown.length + " are listed. Type more of the title."
        : found ? found + (found === 1 ? " title matches." : " titles match.")
        : "Nothing on the site has \u201c" + search.value.trim() + "\u201d in its title. For a link elsewhere, type the whole address, starting https://.";
    };
    var choose = function () {
      var o = shown[active] || (search.value.trim() && shown[0]), url = address();
      if (o || url) {
        chosen = o ? { url: o.getAttribute("data-url"), title: titleOf(o) } : { url: url, title: url };
        picker.close();
      } else {
        status.textContent = "Choose a title from the list, or type a web address starting https://.";
      }
    };
    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      var n = shown.length, to = { ArrowDown: active + 1, ArrowUp: (active < 0 ? n : active) - 1 }[event.key];
      if (event.key === "Enter") {
        event.preventDefault();
        choose();
      } else if (to !== undefined && n) {
        event.preventDefault();
        mark((to + n) % n);
      }
    });
    results.addEventListener("click", function (event) {
      var o = event.target.closest("[role=option]");
      if (o) {
        mark(shown.indexOf(o));
        choose();
      }
    });
    insertButton.addEventListener("click", choose);
    document.getElementById("link-cancel").addEventListener("click", function () { picker.close(); });
    // Closing (Escape, Cancel or a choice) returns to the text box; a choice is written where the cursor was.
    picker.addEventListener("close", function () {
      var c = chosen, label = text.value.slice(range[0], range[1]);
      chosen = null;
      if (!c) {
        text.focus();
        text.setSelectionRange(range[0], range[1]);
        return;
      }
      label = label || c.title.replace(/[[\]\\]/g, "\\$&");
      var href = c.url.replace(/[ ()]/g, function (ch) { return "%" + ch.charCodeAt(0).toString(16).toUpperCase(); });
      put(range[0], range[1], "[" + label + "](" + href + ")", 1, 1 + label.length);
    });
    pickLink = function () {
      range = [text.selectionStart, text.selectionEnd];
      var selected = text.value.slice(range[0], range[1]);
      search.value = selected.length < 80 && selected.indexOf("\n") < 0 ? selected : "";
      filter();
      picker.showModal();
      search.select();
    };
  }

  // "Add a source" without sending the form: the last row, emptied and renumbered, is added and focused.
  // (Without JavaScript the button asks the server for the same row.) As a plain button it is no longer
  // the form's default, so Enter in a field still presses Save.
  var addSource = document.getElementById("add-source");
  if (addSource && form.querySelector(".source-row")) {
    addSource.type = "button";
    addSource.addEventListener("click", function () {
      var rows = form.querySelectorAll(".source-row"), n = rows.length, row = rows[n - 1].cloneNode(true);
      row.id = "source-" + n;
      row.querySelector("legend").textContent = "Source " + (n + 1);
      Array.prototype.forEach.call(row.querySelectorAll(".field-error"), function (e) { e.remove(); });
      Array.prototype.forEach.call(row.querySelectorAll("input, label"), function (el) {
        ["id", "for", "name"].forEach(function (a) {
          if (el.getAttribute(a)) {
            el.setAttribute(a, el.getAttribute(a).replace(/Sources([_[])\d+/, "Sources$1" + n));
          }
        });
        el.removeAttribute("aria-describedby");
        if (el.type === "checkbox") {
          el.checked = false;
        } else if (el.tagName === "INPUT") {
          el.value = "";
        }
      });
      addSource.parentNode.insertBefore(row, addSource);
      row.querySelector("input").focus();
    });
  }

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
        placePicture(body, result.markdown, at, body.selectionEnd || at);
        upload.reset();
      }).catch(function (error) {
        message.textContent = error.message || "The upload did not work. Try again.";
      });
    });
  }

  // A picture is a paragraph of its own: only the line breaks missing around it are added.
  function placePicture(area, markdown, start, end) {
    var before = area.value.slice(0, start), after = area.value.slice(end);
    var lead = before ? "\n\n".slice(/\n*$/.exec(before)[0].length) : "";
    var trail = after ? "\n\n".slice(/^\n*/.exec(after)[0].length) : "";
    area.value = before + lead + markdown + trail + after;
    area.focus();
    area.setSelectionRange(start + lead.length + markdown.length, start + lead.length + markdown.length);
    // As typing does: the kept copy, the preview and the cursor's line all follow.
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // A picture dropped or pasted into the text: its description is asked for first (Cancel uploads
  // and inserts nothing), then it goes through the same upload and checks as the form below, and its
  // Markdown goes where it was dropped (or at the cursor). A refused file shows the server's reason.
  var token = form.elements.__RequestVerificationToken;
  if (text && upload && token) {
    var said = document.createElement("p");
    said.id = "picture-message";
    said.className = "hint";
    said.setAttribute("role", "status");
    said.textContent = "You can drop or paste a picture into the text.";
    text.parentNode.insertBefore(said, text.nextSibling);
    var dialog = document.createElement("dialog");
    dialog.className = "picture-dialog";
    dialog.setAttribute("aria-labelledby", "picture-dialog-heading");
    dialog.innerHTML = '<form method="dialog" class="admin-form"><h2 id="picture-dialog-heading">Describe the picture</h2>' +
      '<div class="field"><label for="picture-alt">Description for people who cannot see it (required)</label>' +
      '<p class="hint" id="picture-file"></p><input id="picture-alt" maxlength="300" required aria-describedby="picture-file"></div>' +
      '<div class="editor__actions"><button class="button" value="insert">Add the picture</button>' +
      '<button class="button button--secondary" value="" formnovalidate>Cancel</button></div></form>';
    document.body.appendChild(dialog);
    var alt = dialog.querySelector("#picture-alt"), job = null;
    var ask = function (file, start, end) {
      job = { file: file, start: start, end: end };
      dialog.returnValue = "";
      alt.value = "";
      dialog.querySelector("#picture-file").textContent = "The picture: " + (file.name || "pasted");
      dialog.showModal();
    };
    dialog.addEventListener("close", function () {
      var chosen = job, description = alt.value.trim();
      job = null;
      if (!chosen || dialog.returnValue !== "insert" || !description) {
        if (chosen) {
          text.focus();
          text.setSelectionRange(chosen.start, chosen.end);
        }
        return;
      }
      var data = new FormData();
      data.append("__RequestVerificationToken", token.value);
      data.append("file", chosen.file, chosen.file.name || "picture");
      data.append("alt", description);
      said.className = "hint";
      said.textContent = "Uploading the picture…";
      fetch(upload.action, { method: "POST", body: data, headers: { "X-Requested-With": "fetch" }, credentials: "same-origin", redirect: "manual" })
        .then(function (response) {
          if (response.status === 401 || response.type === "opaqueredirect") {
            throw new Error("Your sign-in has ended: sign in again in another tab, then add the picture again.");
          }
          return response.json();
        }).then(function (result) {
          said.className = result.saved ? "hint" : "field-error";
          said.textContent = result.saved ? result.message : "Picture not added: " + result.message;
          if (result.saved) {
            placePicture(text, result.markdown, chosen.start, chosen.end);
          }
        }).catch(function (error) {
          said.className = "field-error";
          said.textContent = error.message || "The upload did not work. Try again.";
        });
    });
    text.addEventListener("dragover", function (event) {
      if (Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
      }
    });
    text.addEventListener("drop", function (event) {
      var file = event.dataTransfer.files[0];
      if (file) {
        event.preventDefault();
        var point = document.caretPositionFromPoint && document.caretPositionFromPoint(event.clientX, event.clientY);
        var at = point && point.offsetNode === text ? point.offset : text.selectionStart;
        ask(file, at, at);
      }
    });
    // Text copied with a picture of itself (from a word processor) is pasted as text, as ever.
    text.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (data && data.files.length && Array.prototype.indexOf.call(data.types, "text/plain") < 0) {
        event.preventDefault();
        ask(data.files[0], text.selectionStart, text.selectionEnd);
      }
    });
  }
})();
