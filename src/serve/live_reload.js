// Injected by `briefing serve` into every HTML page it serves, never into `build`
// output. Listens to the server's event stream: reloads the page when the build number
// moves on, swaps stylesheets in place when only they changed, and shows or hides the
// error overlay when a rebuild fails or is fixed.
(function () {
  "use strict";
  var page = __BRIEFING_PAGE__;
  var overlay = document.getElementById("__briefing_overlay");

  function showError(text) {
    if (!overlay) return;
    overlay.querySelector("pre").textContent = text;
    overlay.hidden = false;
  }

  function hideError() {
    if (overlay) overlay.hidden = true;
  }

  // A new query string makes the browser fetch the stylesheet again; the server
  // ignores it.
  function swapStylesheets(build) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("__briefing", String(build));
      links[i].href = url.href;
    }
  }

  function onState(state) {
    if (state.instance !== page.instance) {
      location.reload();
      return;
    }
    if (state.build !== page.build) {
      if (state.css && state.prev === page.build) {
        swapStylesheets(state.build);
        page.build = state.build;
      } else {
        location.reload();
        return;
      }
    }
    if (state.error) showError(state.error);
    else hideError();
  }

  // Only visible pages hold a stream: browsers allow six connections per host, and
  // every open tab holding one would starve the seventh. A tab shown again reconnects,
  // and the first state it gets reloads it if the site changed meanwhile.
  var events = null;

  function connect() {
    if (events || !window.EventSource) return;
    events = new EventSource("/__briefing/events");
    events.addEventListener("state", function (e) {
      var state;
      try {
        state = JSON.parse(e.data);
      } catch (err) {
        return; // A malformed message is not worth breaking the page over.
      }
      onState(state);
    });
  }

  function disconnect() {
    if (events) events.close();
    events = null;
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else connect();
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function () {
    if (!document.hidden) connect();
  });
  if (!document.hidden) connect();
})();
