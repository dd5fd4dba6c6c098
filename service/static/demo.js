/*
 * The demo page: the widget on a title and a body field, the seed article one click away, and
 * an API-key field for a service that requires one. The key goes only into the widget's
 * Authorization header: its field has no name, and the form has no submit button and two text
 * fields, so Enter submits nothing; the key cannot end up in a URL (and so in a server's or a
 * proxy's log). It is neither stored nor printed.
 */
(function () {
  "use strict";

  // A copy of ../shared/examples/kompas_kim_putin.txt, kept in the static folder so the page
  // works wherever the service is deployed (tests/test_demo.py checks it is the same text).
  var SEED_URL = "/static/kompas_kim_putin.txt";
  var apiKey = document.getElementById("api-key");
  var title = document.getElementById("title");
  var text = document.getElementById("text");
  var widget = CredibilityWidget.attach({
    target: text, titleTarget: title, apiUrl: window.location.origin, debounceMs: 500,
    apiKey: function () { return apiKey.value.trim(); }, container: "#widget"
  });

  // The seed file's first line is the page title, its second the headline, the rest the body.
  function loadSeed() {
    return fetch(SEED_URL).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.text();
    }).then(function (seed) {
      var lines = seed.split("\n");
      title.value = lines[1] || "";
      text.value = lines.slice(2).join("\n");
      return widget.score();
    });
  }

  // On change, not on every keystroke: a half-typed key would only collect 401s.
  apiKey.addEventListener("change", function () {
    widget.score();
  });
  document.getElementById("load-seed").addEventListener("click", function () {
    loadSeed().catch(function (error) {
      text.value = "";
      text.placeholder = "Artikel contoh tidak dapat dimuat: " + error.message;
    });
  });
  document.getElementById("clear").addEventListener("click", function () {
    title.value = "";
    text.value = "";
    widget.score();
  });
  window.sumberDemo = {widget: widget, loadSeed: loadSeed};
})();
