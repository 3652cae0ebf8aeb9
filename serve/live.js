// Live preview (routekaart serve only; never part of a built site).
// Hears of each build from the server (server-sent events) and reads its
// status: reloads the page after a good build and shows the problems of a
// failed one over the last good page.
(function () {
  "use strict";
  // The version of the build this page comes from (set by the server).
  var script = document.currentScript;
  var seen = script && script.dataset.version ? Number(script.dataset.version) : null;
  var overlay = null;

  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.className = "rk-live-errors";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "De routekaart kan niet worden gebouwd";
    overlay.appendChild(h);
    var p = document.createElement("p");
    p.textContent = "Je ziet de laatste goede versie. Verbeter deze fouten en sla het bestand op:";
    overlay.appendChild(p);
    var list = document.createElement("ol");
    problems.forEach(function (d) {
      if (d.severity !== "error") return;
      var li = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = d.path + (d.line ? ":" + d.line + ":" + d.column : "");
      li.appendChild(where);
      li.appendChild(document.createTextNode(" " + d.message));
      if (d.suggestion) {
        var s = document.createElement("strong");
        s.textContent = " Bedoel je '" + d.suggestion + "'?";
        li.appendChild(s);
      }
      list.appendChild(li);
    });
    overlay.appendChild(list);
  }

  function poll() {
    fetch("/__routekaart/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (seen !== null && status.version !== seen && status.ok) {
          location.reload();
          return;
        }
        seen = status.version;
        if (!status.ok) show(status.problems);
        else if (overlay) { overlay.remove(); overlay = null; }
      })
      .catch(function () {});
  }
  // The server pushes an event after every build (server-sent events), so a
  // save shows as soon as it is built: a good build reloads the page, a
  // failed one has its problems read from the status. Without
  // EventSource, or while the server is away, the page asks every 300 ms.
  var timer = null;
  function pollEvery() {
    if (timer === null) timer = setInterval(poll, 300);
  }
  if (window.EventSource) {
    var events = new EventSource("/__routekaart/events");
    events.addEventListener("build", function (e) {
      // A good build: reload at once, without asking the status first.
      var build = null;
      try { build = JSON.parse(e.data); } catch (err) { build = null; }
      if (build && build.ok && seen !== null && build.version !== seen) {
        location.reload();
        return;
      }
      poll();
    });
    events.onopen = function () {
      if (timer !== null) { clearInterval(timer); timer = null; }
      poll();
    };
    events.onerror = pollEvery;
  } else {
    pollEvery();
  }
  poll();
})();
