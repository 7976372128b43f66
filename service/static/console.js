// Operator console: instant device search, and the live session panel.
// The pages work without this file; it makes them follow the customer without reloading.
(function () {
  "use strict";

  // --- device search: filter the cards as the operator types or answers ---------------
  var finder = document.getElementById("finder");
  if (finder) {
    var cards = document.querySelectorAll("#cards .device-card[data-names]");
    var count = document.getElementById("count");
    var fold = function (text) {
      // The same folding as catalog.normalise: width, case, katakana, spaces and dashes.
      var folded = (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
      folded = folded.replace(/[\u30a1-\u30f6]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0x60);
      });
      return folded.replace(/[\s\-‐－ー・_/]/g, "");
    };
    var filter = function () {
      var wanted = fold(finder.elements.q.value);
      var shown = 0;
      Array.prototype.forEach.call(cards, function (card) {
        var names = card.getAttribute("data-names").split("|").map(fold);
        var traits = " " + card.getAttribute("data-traits") + " ";
        // The same rule as catalog.finder: part of a name, or a full model name holding one.
        var ok = !wanted || names.some(function (name) {
          return name.indexOf(wanted) >= 0 || (name.length >= 3 && wanted.indexOf(name) >= 0);
        });
        var sms = finder.querySelector("input[name=sms]:checked");
        var apps = " " + (card.getAttribute("data-sms") || "") + " ";
        if (sms && sms.value && apps.indexOf(" " + sms.value + " ") < 0) ok = false;
        finder.querySelectorAll(".question input[type=radio]:checked").forEach(function (answer) {
          if (answer.value === "yes" && traits.indexOf(" " + answer.name + " ") < 0) ok = false;
          if (answer.value === "no" && traits.indexOf(" " + answer.name + " ") >= 0) ok = false;
        });
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " 件";
    };
    finder.addEventListener("input", filter);
    finder.addEventListener("change", filter);
  }

  // --- sending: the issuer picked chooses the guide it sends first, if none is chosen ---
  var issuer = document.getElementById("issuer");
  if (issuer) {
    issuer.addEventListener("change", function () {
      var option = issuer.options[issuer.selectedIndex];
      var guide = option && option.getAttribute("data-guide");
      if (!guide || document.querySelector("input[name=guide]:checked")) return;
      var radio = document.querySelector("input[name=guide][value='" + guide + "']");
      if (radio) radio.checked = true;
    });
  }

  // --- live session panel -------------------------------------------------------------
  var root = document.querySelector(".session[data-events]");
  if (!root) return;
  // A refused button answers with the panel at the button's address: put the panel's own
  // address back, so a reload shows the panel instead of sending the button again.
  var panelPath = root.getAttribute("data-page");
  if (window.history && history.replaceState && location.pathname !== panelPath) {
    history.replaceState(null, "", panelPath);
  }
  if (!window.EventSource) return;
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var statusEl = document.getElementById("status");
  var alertEl = document.getElementById("alert");
  var timeline = document.getElementById("timeline");
  var progressEl = document.getElementById("progress");
  var pathEl = document.getElementById("path");
  var stallSeconds = parseInt(root.getAttribute("data-stall"), 10);
  // The event groups come from the server (service.sessions.events), never a copy here.
  var STATUS_AFTER = labels.status_after;
  var inGroup = function (name, type) { return labels.groups[name].indexOf(type) >= 0; };
  var stallWarned = null;

  function label(event) {
    var details = event.details || {};
    var text = labels.events[event.type] || event.type;
    if (event.type === "step" && details.direction === "choice") {
      text = labels.events.choice.replace("{choice}", details.choice || "");
    } else if (event.type === "step" && details.direction === "back") {
      text = labels.events.back;
    } else if (event.type === "sms_failed" && details.late) {
      text = labels.events.late_failure;
    }
    return text.replace("{step}", event.step == null ? "-" : event.step)
      .replace("{client}", details.client || "不明");
  }

  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      var audio = new Context();
      var tone = audio.createOscillator();
      tone.frequency.value = 880;
      tone.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.35);
    } catch (e) { /* no sound where the browser refuses it */ }
  }

  function alarm(text) {
    alertEl.textContent = text;
    alertEl.hidden = false;
    beep();
  }

  // Panels are found by the step's key; the number shown is the one the customer sees.
  function showStep(event) {
    var key = (event.details || {}).key;
    root.querySelectorAll(".panel[data-key]").forEach(function (panel) {
      panel.hidden = key !== panel.getAttribute("data-key");
      if (!panel.hidden) panel.querySelector(".position").textContent = event.step;
    });
    var waiting = root.querySelector('.panel[data-step="0"]');
    if (waiting) waiting.hidden = true;
  }

  function arrive(event) {
    var current = pathEl.querySelector("li.current");
    if (current) current.className = "";
    var panel = root.querySelector('.panel[data-key="' + (event.details || {}).key + '"]');
    var item = document.createElement("li");
    item.className = "current";
    item.setAttribute("data-step", event.step);
    item.setAttribute("data-since", event.at);
    item.appendChild(document.createTextNode(
      "手順 " + event.step + " " + (panel ? panel.getAttribute("data-title") : "") +
      (event.type === "moved" ? "（移動）" : "") + " "));
    var time = document.createElement("span");
    time.className = "time";
    item.appendChild(time);
    pathEl.appendChild(item);
    stallWarned = null;
  }

  function addToTimeline(event) {
    if (timeline.querySelector('li[data-id="' + event.id + '"]')) return;
    var item = document.createElement("li");
    item.setAttribute("data-id", event.id);
    var time = document.createElement("time");
    time.textContent = new Date(event.at).toLocaleTimeString("ja-JP", { hour12: false, timeZone: "Asia/Tokyo" });
    item.appendChild(time);
    item.appendChild(document.createTextNode(" " + label(event)));
    timeline.appendChild(item);
  }

  function apply(event) {
    addToTimeline(event);
    // What changes the page's forms and warnings: draw it again from the server.
    if (inGroup("redraws_panel", event.type) ||
        (event.type === "opened" && (event.details || {}).matches_device === false)) {
      source.close();
      window.location.reload();
      return;
    }
    if (inGroup("clears_help", event.type)) alertEl.hidden = true;
    if (inGroup("arrivals", event.type)) {
      showStep(event);
      arrive(event);
      var progress = (event.details || {}).progress;
      if (progress) progressEl.textContent = progress[0] + " / " + progress[1];
    }
    if (inGroup("alarms", event.type)) alarm(label(event));
    var next = STATUS_AFTER[event.type];
    var now = statusEl.getAttribute("data-status");
    // A resent SMS says nothing new about a customer who already opened the link.
    var smsOnly = inGroup("sms_outcomes", event.type);
    var unopened = now === "sent" || now === "sms_waiting" || now === "delivery_failed";
    if (next && !(smsOnly && !unopened)) {
      statusEl.setAttribute("data-status", next);
      statusEl.textContent = labels.statuses[next];
    }
    if (inGroup("terminal", event.type)) {
      // Nothing more can happen: stop listening, and the link can no longer be revoked.
      source.close();
      var current = pathEl.querySelector("li.current");
      if (current) current.className = "";
      var revoke = document.getElementById("revoke");
      if (revoke) revoke.disabled = true;
    }
  }

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes ? minutes + "分" + (rest < 10 ? "0" : "") + rest + "秒" : rest + "秒";
  }

  // Time on the current step, and an alert when the customer seems stuck.
  setInterval(function () {
    var current = pathEl.querySelector("li.current");
    if (!current) return;
    var seconds = Math.max(0, Math.floor((Date.now() - new Date(current.getAttribute("data-since"))) / 1000));
    current.querySelector(".time").textContent = format(seconds);
    if (seconds >= stallSeconds && stallWarned !== current) {
      stallWarned = current;
      alarm("手順 " + current.getAttribute("data-step") + " で" + stallSeconds + "秒以上止まっています");
    }
  }, 1000);

  // Warn before the link runs out, while there is still time to extend it.
  var expires = document.getElementById("expires");
  var expiryWarning = document.getElementById("expiry-warning");
  var warnBefore = parseInt(root.getAttribute("data-warn-before"), 10) * 1000;
  setInterval(function () {
    var left = new Date(expires.getAttribute("data-at")) - Date.now();
    var status = statusEl.getAttribute("data-status");
    var live = status === "sent" || status === "delivery_failed" || status === "opened";
    var soon = live && left > 0 && left <= warnBefore;
    if (soon) {
      expiryWarning.textContent = "リンクの期限まであと" + format(Math.ceil(left / 1000)) +
        "です。必要なら「期限を延ばす」を押してください。";
    }
    expiryWarning.hidden = !soon;
  }, 1000);

  // The operator's countdown for the card issuer's code, kept across reloads of this tab.
  var countdown = root.querySelector(".countdown");
  if (countdown && window.sessionStorage) {
    countdown.hidden = false;
    var key = "tebiki-countdown-" + root.getAttribute("data-id");
    var minutes = parseInt(root.getAttribute("data-countdown"), 10);
    var display = document.getElementById("countdown");
    document.getElementById("countdown-start").addEventListener("click", function () {
      sessionStorage.setItem(key, String(Date.now() + minutes * 60000));
    });
    setInterval(function () {
      var end = parseInt(sessionStorage.getItem(key) || "0", 10);
      if (!end) return;
      var left = Math.round((end - Date.now()) / 1000);
      display.textContent = left > 0 ? "残り " + format(left) : "時間切れかもしれません（再送信を案内）";
    }, 1000);
  }

  var source = new EventSource(root.getAttribute("data-events"));
  source.onmessage = function (message) { apply(JSON.parse(message.data)); };
  source.addEventListener("busy", function () {
    // The server is at its limit of live streams; EventSource retries by itself.
    alertEl.textContent = "ライブ表示が混み合っています。10秒ほどで自動的につなぎ直します。";
    alertEl.hidden = false;
  });
})();
