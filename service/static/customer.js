// Small extras for phones with JavaScript; the page works without them.
// Written for old browsers (iOS Safari 15, Android Chrome 90, in-app browsers): ES5 only.
(function () {
  "use strict";
  // Read the step aloud, where the browser can speak Japanese.
  var button = document.querySelector(".read-aloud");
  if (button && window.speechSynthesis && window.SpeechSynthesisUtterance) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var title = document.getElementById("step-title");
      var text = document.getElementById("step-text");
      var words = new SpeechSynthesisUtterance(title.textContent + "。" + text.textContent);
      words.lang = "ja-JP";
      words.rate = 0.9;
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(words);
    });
  }
  // Follow the operator: when they move the customer or end the session, show it at once.
  var follow = document.querySelector(".follow[data-events]");
  if (follow && window.EventSource) {
    var source = new EventSource(follow.getAttribute("data-events"));
    source.onmessage = function () {
      source.close();
      // Load the page afresh, without an old notice such as 「オペレーターに知らせました」.
      window.location.replace(follow.getAttribute("data-page"));
    };
  }
})();
