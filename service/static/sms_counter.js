// The SMS wording page: count characters and parts as the admin types, with the same rules
// as the server (GSM 7-bit: 160, then 153 a part; otherwise UCS-2: 70, then 67 a part).
(function () {
  "use strict";
  var form = document.getElementById("sms-form");
  if (!form) return;
  var GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var values = { shop: form.dataset.shop, operator: form.dataset.operator, link: form.dataset.link };
  var body = document.getElementById("body");

  function render(text) {
    return text.replace(/\{([^{}]*)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function cost(text) {
    var gsm = true;
    for (var i = 0; i < text.length; i++) {
      if (GSM.indexOf(text[i]) < 0) { gsm = false; break; }
    }
    var length = text.length;  // UTF-16 code units, as UCS-2 counts them
    var single = gsm ? 160 : 70, part = gsm ? 153 : 67;
    return { characters: length, parts: length <= single ? 1 : Math.ceil(length / part), gsm: gsm };
  }

  function update() {
    var sample = render(body.value.replace(/\r\n/g, "\n"));
    var counted = cost(sample);
    document.getElementById("sms-sample").textContent = sample;
    document.getElementById("sms-characters").textContent = counted.characters;
    document.getElementById("sms-parts").textContent = counted.parts;
    document.getElementById("sms-warning").hidden = counted.parts === 1;
  }

  body.addEventListener("input", update);
})();
