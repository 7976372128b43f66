// The upload form's drawing tool: drag on the preview to fill the target's numbers or add a
// redaction line. It only fills the form's fields; the form works without it.
(function () {
  "use strict";
  var form = document.querySelector("form.upload");
  if (!form) return;
  var file = form.querySelector("#file");
  var drawing = form.querySelector("#drawing");
  var stage = form.querySelector("#stage");
  var shot = form.querySelector("#shot");
  var noPreview = form.querySelector("#no-preview");
  var redact = form.querySelector("#redact");
  var parts = ["x", "y", "w", "h"].map(function (p) { return form.querySelector("#target_" + p); });
  var tool = "target";
  var start = null;
  var url = null;

  function scale() { return shot.naturalWidth / shot.clientWidth; }

  function point(event) {
    var rect = shot.getBoundingClientRect();
    var s = scale();
    var x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
    var y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
    return { x: Math.round(x * s), y: Math.round(y * s) };
  }

  function boxOf(a, b) {
    var x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
    var w = Math.min(Math.abs(a.x - b.x), shot.naturalWidth - x);
    var h = Math.min(Math.abs(a.y - b.y), shot.naturalHeight - y);
    return [x, y, w, h];
  }

  function overlay(box, kind) {
    var s = scale();
    var el = document.createElement("div");
    el.className = "box " + kind;
    el.style.left = box[0] / s + "px";
    el.style.top = box[1] / s + "px";
    el.style.width = box[2] / s + "px";
    el.style.height = box[3] / s + "px";
    stage.appendChild(el);
  }

  function redactions() {
    return redact.value.split(/[\r\n;]+/).map(function (line) {
      var n = line.split(/[,，、]/).map(function (v) { return parseInt(v, 10); });
      return n.length === 4 && n.every(function (v) { return v >= 0; }) ? n : null;
    }).filter(Boolean);
  }

  // Draw what the fields say, so typed numbers and dragged boxes always agree.
  function draw(extra) {
    stage.querySelectorAll(".box").forEach(function (el) { el.remove(); });
    if (!shot.naturalWidth) return;
    redactions().forEach(function (box) { overlay(box, "redact"); });
    var target = parts.map(function (input) { return parseInt(input.value, 10); });
    if (target.every(function (v) { return v >= 0; })) overlay(target, "target");
    if (extra) overlay(extra, tool);
  }

  file.addEventListener("change", function () {
    if (url) URL.revokeObjectURL(url);
    parts.forEach(function (input) { input.value = ""; });
    redact.value = "";
    noPreview.hidden = true;
    if (!file.files.length) { drawing.hidden = true; return; }
    url = URL.createObjectURL(file.files[0]);
    drawing.hidden = false;
    shot.hidden = false;
    shot.src = url;
  });
  shot.addEventListener("load", function () { draw(); });
  shot.addEventListener("error", function () { shot.hidden = true; noPreview.hidden = false; });

  form.querySelectorAll("[data-tool]").forEach(function (button) {
    button.addEventListener("click", function () {
      tool = button.getAttribute("data-tool");
      form.querySelectorAll("[data-tool]").forEach(function (other) {
        other.setAttribute("aria-pressed", String(other === button));
      });
    });
  });
  form.querySelector("#clear-redact").addEventListener("click", function () {
    redact.value = "";
    draw();
  });
  parts.concat([redact]).forEach(function (input) { input.addEventListener("input", function () { draw(); }); });
  window.addEventListener("resize", function () { draw(); });

  stage.addEventListener("pointerdown", function (event) {
    if (!shot.naturalWidth) return;
    event.preventDefault();
    stage.setPointerCapture(event.pointerId);
    start = point(event);
  });
  stage.addEventListener("pointermove", function (event) {
    if (start) draw(boxOf(start, point(event)));
  });
  stage.addEventListener("pointerup", function (event) {
    if (!start) return;
    var box = boxOf(start, point(event));
    start = null;
    if (box[2] >= 4 && box[3] >= 4) {
      if (tool === "target") {
        parts.forEach(function (input, i) { input.value = box[i]; });
      } else {
        redact.value = (redact.value.trim() ? redact.value.trim() + "\n" : "") + box.join(",");
      }
    }
    draw();
  });
  stage.addEventListener("pointercancel", function () { start = null; draw(); });
})();
