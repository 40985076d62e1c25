/*
 * Keeps the part of a page that shows a running workflow current, without inline script: every
 * element with the class roiergasias-live names in data-url the view that renders its content on
 * the server (box or table, escaped there) and in data-refresh how often to ask, in milliseconds.
 * The content is fetched again until the server renders it with data-running other than "true";
 * then the element is marked data-live="done" and no more requests are made.
 */
(function () {
  function follow(element) {
    var url = element.getAttribute("data-url");
    var every = parseInt(element.getAttribute("data-refresh"), 10) || 3000;
    var sent = 0;
    var shown = 0;
    var timer = null;

    function stop(state) {
      if (timer !== null) {
        window.clearInterval(timer);
        timer = null;
      }
      element.setAttribute("data-live", state);
    }

    function refresh() {
      if (document.hidden) {
        return;
      }
      var number = ++sent;
      fetch(url, { credentials: "same-origin" })
        .then(function (rsp) {
          if (!rsp.ok) {
            // the build was deleted, or the session may no longer see it
            stop("gone");
            return null;
          }
          return rsp.text();
        })
        .then(function (html) {
          // an answer that came late, after a newer one or after the end, changes nothing
          if (html === null || timer === null || number < shown) {
            return;
          }
          shown = number;
          element.innerHTML = html;
          var part = element.querySelector("[data-running]");
          if (part === null || part.getAttribute("data-running") !== "true") {
            stop("done");
          }
        })
        .catch(function () {
          // Jenkins unreachable for a moment: the next tick asks again
        });
    }

    element.setAttribute("data-live", "following");
    timer = window.setInterval(refresh, every);
  }

  function start() {
    var elements = document.querySelectorAll(".roiergasias-live");
    for (var i = 0; i < elements.length; i++) {
      if (!elements[i].hasAttribute("data-live")) {
        follow(elements[i]);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
