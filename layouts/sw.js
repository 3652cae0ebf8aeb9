// routekaart's service worker: a region's map without a network, at a home
// visit (README, "Offline"). The build writes this file to sw.js at the
// site's root with one line in front, `var BUILD = "<key>";`, the digest of
// every other file it wrote: a rebuild that changed anything gives another
// sw.js, which the browser installs on its next visit online.
//
// - A region is kept whole once one of its pages was opened: everything in
//   <region>/offline.json (the map, data.json, every provision and guidance
//   page, the stylesheet, script and icon, offline.html) goes into the cache
//   of this build, "routekaart-<BUILD>".
// - Pages and data come from the network while there is one (fresh), from
//   the cache when there is none; the stylesheet and script, whose names are
//   made of their bytes, from the cache first.
// - A page that is not kept shows offline.html, which lists what is.
// - A new build fills its own cache with the regions the last one kept, then
//   deletes the caches of other builds.
(function () {
  "use strict";

  var SCOPE = self.registration.scope; // the site's root, as base_url: ".../kaart/"
  var PREFIX = "routekaart-";
  var CACHE = PREFIX + BUILD;
  var OFFLINE = SCOPE + "offline.html";
  var LIST = "/offline.json";
  // Folders of the root that are not regions (README, reserved ids).
  var NOT_REGIONS = ["assets", "guidance", "hsds"];

  function fresh(url) { return new Request(url, { cache: "no-cache" }); }

  // The path below the root, without query: "utrecht-west/knooppunt.html".
  function below(url) {
    var u = new URL(url);
    u.search = "";
    u.hash = "";
    return u.href.indexOf(SCOPE) === 0 ? u.href.slice(SCOPE.length) : null;
  }

  // The address of the list of the region a page belongs to, or null.
  function regionList(url) {
    var path = below(url);
    var m = path && /^([a-z0-9][a-z0-9-]*)\//.exec(path);
    return m && NOT_REGIONS.indexOf(m[1]) < 0 ? SCOPE + m[1] + LIST : null;
  }

  // Keeps everything the region's list names in `cache`, the list last, so
  // a list in the cache means its region is there whole. A region that has
  // no list (not a region) or cannot be fetched whole is left out.
  function keepRegion(cache, list) {
    return fetch(fresh(list)).then(function (res) {
      if (!res.ok) return null;
      return res.clone().json().then(function (wanted) {
        var urls = (wanted.urls || []).filter(function (u) { return typeof u === "string"; });
        return cache.addAll(urls.map(function (u) { return fresh(new URL(u, list).href); }))
          .then(function () { return cache.put(list, res); });
      });
    }).catch(function () { return null; });
  }

  // The lists kept by other builds' caches, and those of the regions whose
  // pages are open: what this build keeps from its start.
  function listsToKeep() {
    var lists = [];
    function add(list) { if (list && lists.indexOf(list) < 0) lists.push(list); }
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; }).map(function (n) {
        return caches.open(n).then(function (c) { return c.keys(); }).then(function (requests) {
          requests.forEach(function (r) { if (r.url.slice(-LIST.length) === LIST) add(r.url); });
        });
      }));
    }).then(function () {
      return self.clients.matchAll({ type: "window", includeUncontrolled: true });
    }).then(function (open) {
      open.forEach(function (client) { add(regionList(client.url)); });
      return lists;
    });
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return cache.add(fresh(OFFLINE)).then(listsToKeep).then(function (lists) {
        return Promise.all(lists.map(function (list) { return keepRegion(cache, list); }));
      });
    }).then(function () { return self.skipWaiting(); }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); }));
  });

  // From the network, kept for later; from the cache without a network; a
  // page that is not kept shows offline.html.
  function networkFirst(event, page) {
    var request = event.request;
    return fetch(request).then(function (res) {
      if (res.ok && !res.redirected) {
        var copy = res.clone();
        event.waitUntil(caches.open(CACHE).then(function (cache) {
          var kept = cache.put(page ? SCOPE + below(request.url) : request, copy);
          var list = page && regionList(request.url);
          return !list ? kept : Promise.all([kept, cache.match(list).then(function (hit) {
            return hit || keepRegion(cache, list);
          })]);
        }));
      }
      return res;
    }, function () {
      return caches.match(request, { ignoreSearch: page }).then(function (hit) {
        return hit || (page ? caches.match(OFFLINE) : null) || Response.error();
      });
    });
  }

  function cacheFirst(event) {
    return caches.match(event.request).then(function (hit) {
      return hit || fetch(event.request).then(function (res) {
        if (res.ok) {
          var copy = res.clone();
          event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(event.request, copy); }));
        }
        return res;
      });
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var path = request.method === "GET" ? below(request.url) : null;
    if (path === null || path.indexOf("__") === 0 || path === "sw.js") return;
    if (/^assets\/[^/]+\.[0-9a-f]{8}\.[a-z0-9]+$/.test(path)) return event.respondWith(cacheFirst(event));
    var page = request.mode === "navigate";
    if (page || /\.(html|json|css|js|svg)$/.test(path)) event.respondWith(networkFirst(event, page));
  });
})();
