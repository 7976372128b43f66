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
  var STATUS_AFTER = { opened: "opened", step: "opened", completed: "completed", revoked: "revoked", sms_failed: "delivery_failed", sms_sent: "sent" };

  function label(event) {
    return (labels.events[event.type] || event.type).replace("{step}", event.step == null ? "-" : event.step);
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
    }
    if (event.type === "help") {
      alertEl.textContent = label(event);
      alertEl.hidden = false;
    }
    if (event.type === "completed" || event.type === "revoked") alertEl.hidden = true;
    if (STATUS_AFTER[event.type]) setStatus(STATUS_AFTER[event.type]);
  }

  var source = new EventSource(root.getAttribute("data-events"));
  source.onmessage = function (message) { apply(JSON.parse(message.data)); };
})();
