// Live session panel: follow the customer's steps through Server-Sent Events.
// EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed.
(function () {
  "use strict";
  var root = document.querySelector(".session[data-events]");
  if (!root || !window.EventSource) return;
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var statusEl = document.getElementById("status");
  var alertEl = document.getElementById("alert");
  var timeline = document.getElementById("timeline");
  var progressEl = document.getElementById("progress");
  var STATUS_AFTER = { opened: "opened", step: "opened", completed: "completed", revoked: "revoked", expired: "expired", sms_failed: "delivery_failed", sms_sent: "sent" };
  var TERMINAL = { completed: true, revoked: true, expired: true };

  function label(event) {
    var details = event.details || {};
    var text = labels.events[event.type] || event.type;
    if (event.type === "step" && details.direction === "choice") {
      text = labels.events.choice.replace("{choice}", details.choice || "");
    } else if (event.type === "step" && details.direction === "back") {
      text = labels.events.back;
    }
    return text.replace("{step}", event.step == null ? "-" : event.step);
  }

  function showStep(step) {
    root.querySelectorAll(".panel[data-step]").forEach(function (panel) {
      panel.hidden = String(step) !== panel.getAttribute("data-step");
    });
  }

  function setStatus(status) {
    statusEl.setAttribute("data-status", status);
    statusEl.textContent = labels.statuses[status] || status;
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
    if (event.type === "opened" || event.type === "step") {
      showStep(event.step);
      alertEl.hidden = true;
      var progress = (event.details || {}).progress;
      if (progress) progressEl.textContent = progress[0] + " / " + progress[1];
    }
    if (event.type === "help") {
      alertEl.textContent = label(event);
      alertEl.hidden = false;
    }
    if (STATUS_AFTER[event.type]) setStatus(STATUS_AFTER[event.type]);
    if (TERMINAL[event.type]) {
      // Nothing more can happen: stop listening, and the link can no longer be revoked.
      alertEl.hidden = true;
      source.close();
      var revoke = document.getElementById("revoke");
      if (revoke) revoke.disabled = true;
    }
  }

  var source = new EventSource(root.getAttribute("data-events"));
  source.onmessage = function (message) { apply(JSON.parse(message.data)); };
})();
