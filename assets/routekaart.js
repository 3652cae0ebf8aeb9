// routekaart — the interactive layer of a region's route map.
//
// Every provision, question and route is already in the HTML; this script
// only filters, steps and highlights. State that a link should carry (the
// view, the filters, the stage of the tool) lives in the URL query, so a
// shared link opens the same view and the back button works. Answers to the
// evaluative questions stay in this browser (localStorage, per region).
(function () {
  "use strict";

  var FILTER_KEYS = ["lane", "cost", "stage", "route", "q"];

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  // Lower case without accents, so "cafe" finds "Café".
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(value) { return value ? value.split(/\s+/).filter(Boolean) : []; }

  // ---- state in the URL ----------------------------------------------------

  function readState() {
    var params = new URLSearchParams(location.search);
    var list = function (key) { return (params.get(key) || "").split(",").filter(Boolean); };
    return {
      mode: params.get("mode") === "tool" ? "tool" : "overzicht",
      step: Math.min(7, Math.max(1, parseInt(params.get("step"), 10) || 1)),
      lane: list("lane"),
      cost: list("cost"),
      stage: list("stage"),
      route: list("route"),
      q: params.get("q") || "",
      fit: params.get("weergave") === "passend"
    };
  }

  function writeState(state, replace) {
    var params = new URLSearchParams();
    if (state.mode === "tool") {
      params.set("mode", "tool");
      params.set("step", String(state.step));
    } else if (state.fit) {
      params.set("weergave", "passend");
    }
    FILTER_KEYS.forEach(function (key) {
      var value = key === "q" ? state.q.trim() : state[key].join(",");
      if (value) params.set(key, value);
    });
    var query = params.toString().replace(/%2C/g, ",");
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    history[replace ? "replaceState" : "pushState"](null, "", url);
  }

  // ---- the region page -----------------------------------------------------

  var PHONE = window.matchMedia("(max-width: 640px)");

  // Takes `el` out of the document (a comment keeps its place) or puts it
  // back. Lists held by the page keep it, so filters still reach it.
  function park(el, out) {
    if (out === !!el._parked) return;
    if (out) {
      el._parked = document.createComment("parked");
      el.replaceWith(el._parked);
    } else {
      el._parked.replaceWith(el);
      el._parked = null;
    }
  }

  // A part of the page that folds on a phone under its heading, which
  // becomes a button (aria-expanded) that opens and closes it; folded, what
  // follows the heading waits in a fragment out of the document. From
  // 641 px, and without JavaScript, it is never folded.
  function Fold(section) {
    this.section = section;
    this.heading = $("h2", section);
    this.rest = document.createDocumentFragment();
    this.button = null;
    this.folded = false;
  }

  Fold.prototype.enable = function (on) {
    if (on === !!this.button) return;
    var heading = this.heading;
    if (on) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fold-toggle";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      this.button = button;
      var self = this;
      button.addEventListener("click", function () { self.open(button.getAttribute("aria-expanded") !== "true"); });
      this.open(false);
    } else {
      this.open(true);
      while (this.button.firstChild) heading.appendChild(this.button.firstChild);
      this.button.remove();
      this.button = null;
    }
  };

  // Opens or closes; true when it was closed and is now open.
  Fold.prototype.open = function (on) {
    if (!this.button) return false;
    var opened = on && this.folded;
    this.button.setAttribute("aria-expanded", on ? "true" : "false");
    this.section.classList.toggle("folded", !on);
    if (on && this.folded) this.heading.after(this.rest);
    if (!on && !this.folded) {
      while (this.heading.nextSibling) this.rest.appendChild(this.heading.nextSibling);
    }
    this.folded = !on;
    return opened;
  };

  Fold.prototype.holds = function (id) {
    return !!id && (this.section.id === id || !!this.rest.getElementById(id));
  };

  function RegionPage(body) {
    this.region = body.getAttribute("data-region");
    this.form = $("#filters");
    this.bars = $$(".map [data-provision]");
    this.cards = $$(".stages [data-item]");
    this.stages = $$(".stages .stage");
    this.routes = {};
    this.map = $(".map");
    this.tool = $("#tool");
    this.printing = false;
    var self = this;
    // Cached: a folded list of routes is out of the document (see fold).
    this.articles = $$("article[data-route]");
    this.articles.forEach(function (article) {
      self.routes[article.getAttribute("data-route")] = words(article.getAttribute("data-steps"));
    });
    // The words a search matches stand once per provision, on its bar in the
    // map; a card in a stage finds them there by id (a site's own layout
    // may still give a card its own).
    var searchOf = Object.create(null);
    this.bars.forEach(function (bar) {
      bar._search = fold(bar.getAttribute("data-search"));
      searchOf[bar.getAttribute("data-provision")] = bar._search;
    });
    this.cards.forEach(function (card) {
      var own = card.getAttribute("data-search");
      card._search = own !== null ? fold(own) : searchOf[card.getAttribute("data-item")] || "";
    });
  }

  RegionPage.prototype.start = function () {
    var self = this;
    document.documentElement.classList.add("js");
    this.form.hidden = false;
    $(".tool-nav").hidden = false;
    $("#f-toggle").hidden = false;
    $(".answers-actions").hidden = false;

    this.form.addEventListener("submit", function (e) { e.preventDefault(); });
    this.form.addEventListener("change", function () { self.fromForm(false); });
    $("#f-q").addEventListener("input", function () { self.fromForm(true); });
    this.form.addEventListener("reset", function () {
      setTimeout(function () { self.fromForm(false); }, 0);
    });
    $("#f-toggle").addEventListener("click", function () {
      var open = self.form.classList.toggle("open");
      this.setAttribute("aria-expanded", open ? "true" : "false");
    });
    // A card in a later stage than its provision's first: one line on a
    // phone (the whole card is in the stage where it starts).
    this.stages.forEach(function (section) {
      var stage = section.getAttribute("data-stage");
      $$("[data-item]", section).forEach(function (card) {
        card.classList.toggle("continues", words(card.getAttribute("data-stages"))[0] !== stage);
      });
    });
    $$("[data-clear]").forEach(function (button) {
      button.addEventListener("click", function () {
        self.form.reset();
        $("#f-q").focus();
      });
    });
    var fit = $("#map-fit");
    fit.hidden = false;
    fit.addEventListener("click", function () {
      var state = readState();
      state.fit = !state.fit;
      writeState(state, false);
      self.apply(state);
      fit.scrollIntoView();
    });
    // The map is in the overview: from the tool, the link goes there first
    // (and the browser then scrolls to it and moves focus into it).
    $$('a[href="#kaart"]').forEach(function (link) {
      link.addEventListener("click", function () {
        var state = readState();
        if (state.mode !== "tool") return;
        state.mode = "overzicht";
        writeState(state, false);
        self.apply(state);
      });
    });
    $$("[data-mode]").forEach(function (link) {
      link.addEventListener("click", function (e) {
        e.preventDefault();
        var state = readState();
        state.mode = link.getAttribute("data-mode");
        writeState(state, false);
        self.apply(state);
        var target = state.mode === "tool" ? $("#tool") : $("#overzicht");
        target.scrollIntoView();
        target.querySelector("h2").focus();
      });
    });
    $$("[data-step]", $(".tool-nav")).forEach(function (button) {
      button.addEventListener("click", function () {
        var state = readState();
        state.mode = "tool";
        state.step += button.getAttribute("data-step") === "next" ? 1 : -1;
        state.step = Math.min(7, Math.max(1, state.step));
        writeState(state, false);
        self.apply(state);
        var heading = self.stages[state.step - 1].querySelector("h3");
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      });
    });
    window.addEventListener("popstate", function () { self.apply(readState(), true); });
    $$("h2", document).forEach(function (h) { h.setAttribute("tabindex", "-1"); });
    this.answers = new Answers(this.region, this.tool);
    this.answers.start();
    // Paper shows every part: back into the document while it prints.
    var printing = function (on) {
      if (self.printing === on) return;
      self.printing = on;
      self.apply(readState());
    };
    window.addEventListener("beforeprint", function () { printing(true); });
    window.addEventListener("afterprint", function () { printing(false); });
    var print = window.matchMedia("print");
    if (print.addEventListener) print.addEventListener("change", function () { printing(print.matches); });
    this.folds = $$("#routes, #hiaten").map(function (section) { return new Fold(section); });
    var phoneChanged = function () { self.apply(readState()); };
    if (PHONE.addEventListener) PHONE.addEventListener("change", phoneChanged);
    // A link to a folded part, or into it, opens it first; so does an
    // address that ends in one.
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest('a[href^="#"]');
      if (link) self.reveal(decodeURIComponent(link.getAttribute("href").slice(1)));
    });
    window.addEventListener("hashchange", function () { self.reveal(decodeURIComponent(location.hash.slice(1))); });
    this.apply(readState(), true);
    if (location.hash && this.reveal(decodeURIComponent(location.hash.slice(1)))) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
  };

  // Opens the folded part that is or holds the element with this id; true
  // when one was opened.
  RegionPage.prototype.reveal = function (id) {
    return this.folds.some(function (fold) { return fold.holds(id) && fold.open(true); });
  };

  // A card in a later stage than the one its provision starts in holds only
  // its name (the generator leaves the rest out, issue 20); where the tool
  // shows a stage it is made whole again, from the card where it starts.
  RegionPage.prototype.expand = function (section) {
    $$(".card.continues", section).forEach(function (card) {
      if (card.children.length > 1) return;
      var id = card.getAttribute("data-item");
      var whole = $$(".stages .card[data-item]").filter(function (other) {
        return other.getAttribute("data-item") === id && !other.classList.contains("continues");
      })[0];
      if (!whole) return;
      Array.prototype.forEach.call(whole.children, function (child) {
        if (child.tagName !== "H5") card.appendChild(child.cloneNode(true));
      });
    });
  };

  // The form's values into the URL, then onto the page.
  RegionPage.prototype.fromForm = function (typing) {
    var state = readState();
    var checked = function (name) {
      return $$("input[name=" + name + "]:checked", this.form).map(function (i) { return i.value; });
    }.bind(this);
    state.lane = checked("lane");
    state.cost = checked("cost");
    state.stage = $("#f-stage").value ? [$("#f-stage").value] : [];
    state.route = $("#f-route") && $("#f-route").value ? [$("#f-route").value] : [];
    state.q = $("#f-q").value;
    // A search adds one history entry: its first keystroke adds it, the
    // following ones replace it, so Back returns to the view before it.
    var replace = typing && this.searching;
    this.searching = typing;
    writeState(state, replace);
    this.apply(state, false);
  };

  // The filters in force, in words taken from the form's own labels, for
  // the views that do not show the form (the tool).
  RegionPage.prototype.showActive = function (state) {
    var form = this.form;
    var labelOf = function (name, value) {
      var input = $("input[name=" + name + "][value=\"" + value + "\"]", form);
      return input ? input.parentNode.textContent.trim() : value;
    };
    var optionOf = function (select, value) {
      var option = select ? $("option[value=\"" + value + "\"]", select) : null;
      return option ? option.textContent.trim() : value;
    };
    var parts = [];
    if (state.lane.length) parts.push(state.lane.map(function (v) { return labelOf("lane", v); }).join(", "));
    if (state.cost.length) parts.push(state.cost.map(function (v) { return labelOf("cost", v); }).join(", "));
    if (state.stage.length) parts.push(optionOf($("#f-stage"), state.stage[0]));
    if (state.route.length) parts.push(optionOf($("#f-route"), state.route[0]));
    if (state.q.trim()) parts.push("\u201c" + state.q.trim() + "\u201d");
    var notice = $(".active-filters", this.tool);
    notice.hidden = parts.length === 0;
    $(".active-list", notice).textContent = parts.join(" \u00b7 ");
  };

  RegionPage.prototype.matches = function (el, state, routeSteps) {
    var lane = el.getAttribute("data-lane");
    var costs = words(el.getAttribute("data-costs"));
    var stages = words(el.getAttribute("data-stages"));
    var id = el.getAttribute("data-provision") || el.getAttribute("data-item");
    if (state.lane.length && state.lane.indexOf(lane) < 0) return false;
    if (state.cost.length && !costs.some(function (c) { return state.cost.indexOf(c) >= 0; })) return false;
    if (state.stage.length && !stages.some(function (s) { return state.stage.indexOf(s) >= 0; })) return false;
    if (routeSteps && routeSteps.indexOf(id) < 0) return false;
    var terms = words(fold(state.q));
    return terms.every(function (t) { return el._search.indexOf(t) >= 0; });
  };

  RegionPage.prototype.apply = function (state, syncForm) {
    var self = this;
    if (syncForm) this.toForm(state);
    var route = state.route[0];
    var routeSteps = route && this.routes[route] ? this.routes[route] : null;

    // A route keeps the rest of the map in view, faded: the context of the
    // path. The other filters hide what they leave out.
    var shown = 0;
    this.bars.forEach(function (bar) {
      var ok = self.matches(bar, state, null);
      var number = routeSteps ? routeSteps.indexOf(bar.getAttribute("data-provision")) : -1;
      bar.hidden = !ok;
      if (ok && (!routeSteps || number >= 0)) shown++;
      bar.classList.toggle("out-of-route", ok && routeSteps !== null && number < 0);
      bar.classList.toggle("in-route", number >= 0);
      if (number >= 0) bar.setAttribute("data-route-step", String(number + 1));
      else bar.removeAttribute("data-route-step");
    });
    this.cards.forEach(function (card) {
      card.hidden = !self.matches(card, state, routeSteps);
      var number = routeSteps ? routeSteps.indexOf(card.getAttribute("data-item")) : -1;
      if (number >= 0) card.setAttribute("data-route-step", String(number + 1));
      else card.removeAttribute("data-route-step");
    });
    // A gap stays marked while its lane and stage are in view.
    $$(".map-gap").forEach(function (gap) {
      gap.hidden = (state.lane.length > 0 && state.lane.indexOf(gap.getAttribute("data-lane")) < 0) ||
        (state.stage.length > 0 && state.stage.indexOf(gap.getAttribute("data-stage")) < 0);
    });
    $$(".stage-lane").forEach(function (lane) {
      lane.hidden = $$("[data-item]", lane).every(function (c) { return c.hidden; });
    });
    // The chosen route's journey strip goes right under the map; the others
    // stay in the list of routes further down.
    var strip = $("#route-strip");
    this.articles.forEach(function (article) {
      var selected = article.getAttribute("data-route") === route;
      article.classList.toggle("selected", selected);
      if (!article._home) {
        // A marker where the article belongs, since its neighbours move too.
        article._home = document.createComment("route " + article.getAttribute("data-route"));
        article.parentNode.insertBefore(article._home, article);
      }
      if (selected && article.parentNode !== strip) strip.appendChild(article);
      if (!selected && article.parentNode === strip) article._home.after(article);
    });

    var total = this.bars.length;
    $("#f-count").textContent = shown + " van " + total + " voorzieningen";
    this.showActive(state);
    try { sessionStorage.setItem("routekaart-view:" + this.region, location.search); } catch (e) { /* not kept */ }
    $$(".no-results").forEach(function (p) { p.hidden = shown > 0; });
    var active = FILTER_KEYS.reduce(function (n, key) {
      return n + (key === "q" ? (state.q.trim() ? 1 : 0) : state[key].length);
    }, 0);
    $("#f-active").textContent = active ? "(" + active + ")" : "";

    // The two views: the overview, or one stage at a time.
    var tool = state.mode === "tool";
    this.place(tool);
    document.body.classList.toggle("map-fit", state.fit && !tool);
    $("#map-fit").setAttribute("aria-pressed", state.fit ? "true" : "false");
    document.body.classList.toggle("mode-tool", tool);
    document.body.classList.toggle("mode-overzicht", !tool);
    $("#overzicht").hidden = tool;
    $$("[data-mode]").forEach(function (link) {
      if (link.getAttribute("data-mode") === state.mode) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    this.stages.forEach(function (section, i) { section.hidden = tool && i !== state.step - 1; });
    var current = this.stages[state.step - 1];
    if (tool && current) this.expand(current);
    if (tool) this.answers.forms();
    var label = current ? current.querySelector(".stage-label").textContent : "";
    var root = this.tool;
    $("#tool-status", root).textContent = "Stap " + state.step + " van 7 · " + label;
    $("#tool-progress", root).value = state.step;
    $("#tool-progress", root).textContent = state.step + " van 7";
    $("[data-step=prev]", root).disabled = state.step <= 1;
    $("[data-step=next]", root).disabled = state.step >= 7;
  };

  // What the view does not show stays out of the document, so that the
  // browser styles and lays out only what is on screen (issue 20: 3,815
  // elements, a phone's main thread blocked for seconds): the step-by-step
  // view (#tool) in the overview from 641 px, where the map stands instead; the
  // map on a phone, where the lists per stage stand instead; on a phone the
  // parts after the lookup are folded. All of it is in the page as sent, and back while it prints.
  RegionPage.prototype.place = function (tool) {
    var phone = PHONE.matches && !this.printing;
    var all = this.printing;
    park(this.tool, !all && !tool && !phone);
    if (this.map) park(this.map, !all && phone);
    this.folds.forEach(function (fold) { fold.enable(phone); });
  };

  RegionPage.prototype.toForm = function (state) {
    $$("input[name=lane]", this.form).forEach(function (i) { i.checked = state.lane.indexOf(i.value) >= 0; });
    $$("input[name=cost]", this.form).forEach(function (i) { i.checked = state.cost.indexOf(i.value) >= 0; });
    $("#f-stage").value = state.stage[0] || "";
    if ($("#f-route")) $("#f-route").value = state.route[0] || "";
    $("#f-q").value = state.q;
  };

  // ---- answers to the evaluative questions (issue 10: summary, import) ------
  //
  // Kept per region in localStorage as {id: {answer, note, date}}, where id
  // is "<stage>-<index>" and date the local time of the last change
  // ("2026-03-05 14:30"), which decides between two answers when answers
  // from several laptops are merged. Every Dutch text comes from the layout.

  // root: the element that holds the questions, in the document or not.
  function Answers(region, root) {
    this.root = root;
    this.key = "routekaart:" + region + ":antwoorden";
    this.region = region;
    this.status = $("#q-import-status");
  }

  Answers.prototype.load = function () {
    try { return JSON.parse(localStorage.getItem(this.key)) || {}; } catch (e) { return {}; }
  };

  Answers.prototype.save = function (data) {
    try { localStorage.setItem(this.key, JSON.stringify(data)); } catch (e) { /* private mode: not kept */ }
  };

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function stamp(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function squash(text) { return text.replace(/\s+/g, " ").trim(); }

  // Each question with the key an imported row is matched by: its stage's
  // label and its text, as the export writes them (the index-based id would
  // pin an answer to another question once a region reorders its list). The
  // national questions repeat in every stage, hence the stage; a text twice
  // in one stage is told apart by its turn.
  Answers.prototype.questions = function () {
    var seen = {};
    return $$(".question", this.root).map(function (li) {
      var stage = li.closest(".stage").querySelector(".stage-label").textContent;
      var text = li.querySelector(".q-text").textContent;
      var key = squash(stage) + "\n" + squash(text);
      seen[key] = (seen[key] || 0) + 1;
      return { el: li, id: li.getAttribute("data-stage") + "-" + li.getAttribute("data-question"),
        stage: stage, text: text, key: key + "\n" + seen[key] };
    });
  };

  // The answer forms that are in the page: the tool's stages made so far.
  Answers.prototype.fill = function () {
    var data = this.load();
    this.questions().forEach(function (q) {
      if (!$(".answer", q.el)) return;
      var saved = data[q.id] || {};
      $$("input[type=radio]", q.el).forEach(function (radio) { radio.checked = saved.answer === radio.value; });
      $("textarea", q.el).value = saved.note || "";
    });
  };

  // The form under each question (ja / deels / nee and a note), made from
  // the layout's template when the tool first opens: only the tool shows
  // them, and 21 forms shipped in the page were 210 elements for a phone to
  // style on every visit (issue 20).
  Answers.prototype.forms = function () {
    var self = this;
    var template = $("#answer-form", this.root);
    if (!template || this.made) return;
    this.made = true;
    this.questions().forEach(function (q) {
      if ($(".answer", q.el)) return;
      var form = template.content.firstElementChild.cloneNode(true);
      $$("input[type=radio]", form).forEach(function (radio) { radio.name = "antwoord-" + q.id; });
      var note = $("textarea", form);
      var store = function () {
        var all = self.load();
        var picked = $("input[type=radio]:checked", form);
        all[q.id] = { answer: picked ? picked.value : "", note: note.value, date: stamp(new Date()) };
        self.save(all);
      };
      form.addEventListener("change", store);
      note.addEventListener("input", store);
      q.el.appendChild(form);
    });
    this.fill();
  };

  // The word the layout gives an answer (ja, deels, nee).
  Answers.prototype.answerLabel = function (value) {
    var template = $("#answer-form", this.root);
    var radio = template ? $$("input[type=radio]", template.content).filter(function (r) { return r.value === value; })[0] : null;
    return radio ? radio.parentNode.textContent.trim() : "";
  };

  Answers.prototype.start = function () {
    var self = this;
    $("#q-export").addEventListener("click", function () { self.exportCsv(); });
    $("#q-import-button").addEventListener("click", function () { $("#q-import").click(); });
    $("#q-import").addEventListener("change", function () {
      var file = this.files[0];
      this.value = "";
      if (file) self.readFile(file);
    });
    // The button prints the summary on A4; the browser's own Print keeps
    // printing the A3 poster (the class is gone once the dialog closes).
    $("#q-print").addEventListener("click", function () {
      self.summary();
      document.body.classList.add("print-answers");
      window.print();
    });
    window.addEventListener("afterprint", function () { document.body.classList.remove("print-answers"); });
  };

  // The summary that prints: every question of every stage with its answer
  // (or "niet beantwoord") and its whole note, under the region's name and
  // today's date.
  Answers.prototype.summary = function () {
    var self = this;
    var box = $("#antwoorden");
    var data = this.load();
    var item = $(".summary-item", box);
    var list = $(".summary-stages", box);
    var lang = document.documentElement.lang || "nl";
    $(".summary-date", box).textContent = new Date().toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" });
    list.textContent = "";
    var questions = this.questions();
    var answered = questions.filter(function (q) { return (data[q.id] || {}).answer; }).length;
    var count = $(".summary-count", box);
    count.textContent = count.getAttribute("data-text").replace("{n}", answered).replace("{total}", questions.length);
    var ol = null;
    var stage = null;
    questions.forEach(function (q) {
      if (q.stage !== stage) {
        stage = q.stage;
        var h = document.createElement("h3");
        h.textContent = stage;
        ol = document.createElement("ol");
        list.append(h, ol);
      }
      var saved = data[q.id] || {};
      var li = item.cloneNode(true);
      var picked = saved.answer ? self.answerLabel(saved.answer) : "";
      $(".summary-question", li).textContent = q.text;
      $(".summary-answer", li).textContent = picked || box.getAttribute("data-unanswered");
      li.classList.toggle("unanswered", !picked);
      if (saved.note) $(".summary-note", li).textContent = saved.note;
      else $(".summary-note-line", li).remove();
      ol.appendChild(li);
    });
  };

  // A cell a spreadsheet program could read as a formula (CSV injection:
  // it starts with =, +, -, @, a tab, a carriage return or NUL) gets a ' in
  // front and is always quoted, as OWASP and ASVS 1.2.10 advise. That holds
  // for every such cell, so a note "-1" is exported as "'-1": text, never a
  // number. A cell that already starts with ' before such a character gets
  // one more, so the import can take exactly one off and give back what was
  // typed. Other cells are quoted only when they hold ", ; or a line break.
  var FORMULA = /^'*[=+\-@\t\r\0]/;

  function csvField(text) {
    text = String(text == null ? "" : text);
    if (FORMULA.test(text)) return "\"'" + text.replace(/"/g, '""') + '"';
    return /[";\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  var COLUMNS = ["regio", "fase", "vraag", "antwoord", "toelichting", "datum"];

  Answers.prototype.csv = function () {
    var data = this.load();
    var region = this.region;
    var rows = [COLUMNS];
    this.questions().forEach(function (q) {
      var saved = data[q.id] || {};
      var empty = !saved.answer && !saved.note;
      rows.push([region, q.stage, q.text, saved.answer || "", saved.note || "", empty ? "" : saved.date || ""]);
    });
    // A byte order mark and ';' let spreadsheet programs with Dutch settings
    // open the file as it is.
    return "\ufeff" + rows.map(function (r) { return r.map(csvField).join(";"); }).join("\r\n") + "\r\n";
  };

  Answers.prototype.exportCsv = function () {
    var blob = new Blob([this.csv()], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "evaluatieve-vragen-" + this.region + ".csv";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  };

  // Rows of cells from CSV text: "" escapes a quote inside quotes, where ;
  // and line breaks are text; the separator is the one of the header line
  // (';' as exported, ',' from a spreadsheet with English settings). A row
  // whose quotes never close is marked broken.
  function parseCsv(text) {
    text = text.replace(/^\ufeff/, "");
    var sep = /^[^\r\n]*;/.test(text) ? ";" : ",";
    var rows = [];
    var row = [];
    var cell = "";
    var quoted = false;
    var opened = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c !== '"') cell += c;
        else if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else if (c === '"' && !opened) {
        quoted = opened = true;
      } else if (c === sep || c === "\n" || c === "\r") {
        row.push(cell);
        cell = "";
        opened = false;
        if (c !== sep) {
          if (c === "\r" && text[i + 1] === "\n") i++;
          rows.push(row);
          row = [];
        }
      } else {
        cell += c;
        opened = true;
      }
    }
    if (cell || opened || row.length) { row.push(cell); rows.push(row); }
    if (quoted) rows[rows.length - 1].broken = true;
    return rows;
  }

  // "2026-03-05 14:30", as exported, also as a Dutch spreadsheet saves it
  // again ("5-3-2026 14:30") or with seconds; "" for no date, null for
  // something else.
  function parseDate(text) {
    if (!text) return "";
    var m = /^(\d{4})-(\d\d?)-(\d\d?)(?:[ T](\d\d?):(\d\d)(?::\d\d)?)?$/.exec(text);
    var d = /^(\d\d?)[-/](\d\d?)[-/](\d{4})(?: (\d\d?):(\d\d)(?::\d\d)?)?$/.exec(text);
    if (d) m = [d[0], d[3], d[2], d[1], d[4], d[5]];
    if (!m || +m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > 31 || +(m[4] || 0) > 23) return null;
    return m[1] + "-" + pad(+m[2]) + "-" + pad(+m[3]) + " " + pad(+(m[4] || 0)) + ":" + (m[5] || "00");
  }

  // Two notes become one: the same or one inside the other keeps the
  // longer; two different ones are both kept, this browser's first.
  function joinNotes(mine, theirs) {
    if (!theirs || mine.indexOf(theirs) >= 0) return mine;
    if (!mine || theirs.indexOf(mine) >= 0) return theirs;
    return mine + "\n\n" + theirs;
  }

  // The merge rule: an empty row never empties an answer; of two different
  // answers the one with the later date stays (on equal dates, this
  // browser's); notes are joined.
  function merge(mine, theirs) {
    mine = mine || { answer: "", note: "", date: "" };
    var newer = theirs.date > (mine.date || "");
    return {
      answer: theirs.answer && (newer || !mine.answer) ? theirs.answer : mine.answer || "",
      note: joinNotes(mine.note || "", theirs.note),
      date: newer ? theirs.date : mine.date || ""
    };
  }

  Answers.prototype.message = function (name, n, region, column) {
    var forms = this.status.getAttribute("data-" + name).split("|");
    var values = { n: n, region: String(region).slice(0, 80), column: column };
    return forms[n === 1 || forms.length === 1 ? 0 : 1].replace(/\{(n|region|column)\}/g, function (all, key) { return values[key]; });
  };

  Answers.prototype.readFile = function (file) {
    var self = this;
    this.status.textContent = "";
    this.status.classList.remove("refused");
    if (file.size > 1048576) { this.refuse(this.message("unreadable")); return; }
    // Excel's plain "CSV" (not "CSV UTF-8") is Windows-1252: a file that is
    // not UTF-8 is read again as that.
    var read = function (encoding) {
      var reader = new FileReader();
      reader.onload = function () {
        var text = String(reader.result);
        if (encoding === "utf-8" && text.indexOf("\ufffd") >= 0) read("windows-1252");
        else self.importCsv(text);
      };
      reader.onerror = function () { self.refuse(self.message("unreadable")); };
      reader.readAsText(file, encoding);
    };
    read("utf-8");
  };

  Answers.prototype.refuse = function (text) {
    this.status.textContent = text;
    this.status.classList.add("refused");
  };

  // Takes the rows of an export of this region into the stored answers
  // (merge above) and says what it did. A file without the columns, or with
  // a row of another region, changes nothing.
  Answers.prototype.importCsv = function (text) {
    var rows = parseCsv(text);
    var head = (rows.shift() || []).map(function (h) { return squash(h).toLowerCase(); });
    var col = {};
    for (var c = 0; c < COLUMNS.length; c++) {
      col[COLUMNS[c]] = head.indexOf(COLUMNS[c]);
      if (col[COLUMNS[c]] < 0 && COLUMNS[c] !== "datum") return this.refuse(this.message("not-export", 0, "", COLUMNS[c]));
    }
    var region = this.region;
    var seen = {};
    var byKey = {};
    this.questions().forEach(function (q) { byKey[q.key] = q.id; });
    var found = [];
    var skipped = 0;
    var unknown = 0;
    for (var r = 0; r < rows.length; r++) {
      var cells = rows[r].map(function (cell) { return cell.replace(/^'(?='*[=+\-@\t\r\0])/, ""); });
      if (cells.length === 1 && !cells[0].trim()) continue;
      var get = function (name) { return cells[col[name]] || ""; };
      var answer = get("antwoord").trim().toLowerCase();
      var date = parseDate(get("datum").trim());
      if (rows[r].broken || cells.length !== head.length || !/^(ja|deels|nee|)$/.test(answer) || date === null || !get("regio").trim()) {
        skipped++;
        continue;
      }
      if (get("regio").trim() !== region) return this.refuse(this.message("other-region", 0, get("regio").trim()));
      var key = squash(get("fase")) + "\n" + squash(get("vraag"));
      seen[key] = (seen[key] || 0) + 1;
      var id = byKey[key + "\n" + seen[key]];
      var note = get("toelichting").replace(/\r\n?/g, "\n");
      if (!id) unknown++;
      else if (answer || note) found.push([id, { answer: answer, note: note, date: date }]);
    }
    var all = this.load();
    found.forEach(function (f) { all[f[0]] = merge(all[f[0]], f[1]); });
    this.save(all);
    this.fill();
    var parts = [this.message("imported", found.length)];
    if (unknown) parts.push(this.message("unknown", unknown));
    if (skipped) parts.push(this.message("skipped", skipped));
    this.status.textContent = parts.join(", ") + ".";
  };

  // ---- other pages -----------------------------------------------------------

  function startProvisionPage() {
    // Back to the map as it was left: the view (filters, route) is kept
    // per region for this tab.
    var back = $(".back a");
    var region = document.body.getAttribute("data-region");
    var view = null;
    try { view = sessionStorage.getItem("routekaart-view:" + region); } catch (e) { /* none */ }
    if (back && view) back.setAttribute("href", back.getAttribute("href").split("?")[0] + view);
    var action = $(".print-action");
    if (!action) return;
    action.hidden = false;
    $("#print-flyer").addEventListener("click", function () { window.print(); });
  }

  // ---- route as a path on the map (issue 10) --------------------------------
  // The chosen route's bars are joined in step order by lines drawn from
  // their boxes, and its step list stands beside the map. The lines are
  // decoration (aria-hidden): the list carries the order. They are redrawn
  // whenever a box may have moved: a route, a filter, the fit view, a resize,
  // print. Strokes, not backgrounds, so the A3 poster keeps them.

  var SVG_NS = "http://www.w3.org/2000/svg";

  // Where the step number of a bar sits, in the map's content box: the
  // line leaves a number from above or below it and arrives at the next
  // bar's left edge, level with its number, so no number is covered.
  function routeBadge(bar, mapBox, map) {
    var box = bar.getBoundingClientRect();
    var style = getComputedStyle(bar);
    var em = parseFloat(style.fontSize) || 12;
    var border = parseFloat(style.borderLeftWidth) || 0;
    var left = box.left - mapBox.left - map.clientLeft + map.scrollLeft;
    var top = box.top - mapBox.top - map.clientTop + map.scrollTop;
    var cy = Math.min(box.height / 2, (parseFloat(style.borderTopWidth) || 0) + (parseFloat(style.paddingTop) || 0) + 0.65 * em);
    return {
      left: left + border / 2, top: top, bottom: top + box.height, em: em,
      x: left + Math.min(box.width / 2, border + (parseFloat(style.paddingLeft) || 0) + 0.7 * em),
      y: top + cy,
    };
  }

  function drawRoutePath(map, svg) {
    var article = $("#route-strip article[data-route]");
    var bars = [];
    words(article ? article.getAttribute("data-steps") : "").forEach(function (id) {
      var bar = $('.bar[data-provision="' + id + '"]', map);
      if (bar && !bar.hidden && bar.getClientRects().length && bars[bars.length - 1] !== bar) bars.push(bar);
    });
    while (svg.lastChild) svg.removeChild(svg.lastChild);
    // Without a route nothing is measured: asking the map's size forces a
    // layout of the whole page, which on a page just loaded costs more than
    // everything else the script does (it delayed the first paint by a third).
    if (bars.length < 2) {
      svg.setAttribute("width", 0);
      svg.setAttribute("height", 0);
      return;
    }
    svg.setAttribute("width", map.scrollWidth);
    svg.setAttribute("height", map.scrollHeight);
    var mapBox = map.getBoundingClientRect();
    var marker = document.createElementNS(SVG_NS, "marker");
    marker.id = "route-arrow";
    ["viewBox:0 0 10 10", "refX:9", "refY:5", "markerWidth:4", "markerHeight:4", "orient:auto-start-reverse"].forEach(function (kv) {
      var i = kv.indexOf(":");
      marker.setAttribute(kv.slice(0, i), kv.slice(i + 1));
    });
    var head = document.createElementNS(SVG_NS, "path");
    head.setAttribute("d", "M0,0 L10,5 L0,10 z");
    marker.appendChild(head);
    var defs = document.createElementNS(SVG_NS, "defs");
    defs.appendChild(marker);
    svg.appendChild(defs);
    for (var i = 1; i < bars.length; i++) {
      var from = routeBadge(bars[i - 1], mapBox, map);
      var to = routeBadge(bars[i], mapBox, map);
      var down = to.y >= from.y ? 1 : -1;
      // Just past the number, towards the next bar, but inside this bar.
      var a = { x: from.x, y: down > 0 ? Math.min(from.bottom - 1, from.y + 0.75 * from.em) : Math.max(from.top + 1, from.y - 0.75 * from.em) };
      var b = { x: to.left, y: to.y };
      var bend = Math.max(16, Math.abs(b.y - a.y) / 2);
      var path = document.createElementNS(SVG_NS, "path");
      path.setAttribute("class", "route-link");
      path.setAttribute("data-from", bars[i - 1].getAttribute("data-provision"));
      path.setAttribute("data-to", bars[i].getAttribute("data-provision"));
      // Out of the number vertically, into the next bar horizontally.
      path.setAttribute("d", "M" + a.x.toFixed(1) + "," + a.y.toFixed(1) + " C" + a.x.toFixed(1) + "," +
        (a.y + down * bend).toFixed(1) + " " + (b.x - Math.min(48, Math.max(24, Math.abs(b.x - a.x) / 3))).toFixed(1) + "," +
        b.y.toFixed(1) + " " + b.x.toFixed(1) + "," + b.y.toFixed(1));
      path.setAttribute("marker-end", "url(#route-arrow)");
      svg.appendChild(path);
    }
  }

  // The route's step list goes beside the map while the route is chosen,
  // and back into its article when it is not.
  function placeRouteList() {
    var aside = $("#route-aside");
    var article = $("#route-strip article[data-route]");
    var route = article ? article.getAttribute("data-route") : null;
    var nav = article ? $(".route-path", article) : null;
    $$(".route-path", aside).forEach(function (old) {
      if (old._route === route) nav = old;
      else old._home.after(old);
    });
    if (nav && nav.parentNode !== aside) {
      if (!nav._home) {
        nav._home = document.createComment("route-path");
        nav._route = route;
        nav.parentNode.insertBefore(nav._home, nav);
      }
      aside.appendChild(nav);
    }
    // Only real changes: each write would wake the observer that calls this.
    if (aside.hidden !== !nav) aside.hidden = !nav;
    if (document.body.classList.contains("has-route") !== !!nav) document.body.classList.toggle("has-route", !!nav);
  }

  function startRoutePath() {
    var map = $(".map");
    var strip = $("#route-strip");
    if (!map || !strip || !$("#route-aside")) return;
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("class", "route-lines");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    map.appendChild(svg);
    var pending = false;
    function update() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        placeRouteList();
        drawRoutePath(map, svg);
      });
    }
    // Drawn at once as well, so a print or a test right after a change sees
    // the lines where the bars are.
    function now() { placeRouteList(); drawRoutePath(map, svg); }
    new MutationObserver(function (records) {
      if (records.some(function (r) { return !svg.contains(r.target); })) update();
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["hidden", "class"] });
    window.addEventListener("resize", update);
    window.addEventListener("beforeprint", now);
    window.addEventListener("afterprint", now);
    var print = window.matchMedia("print");
    if (print.addEventListener) print.addEventListener("change", now);
    if (window.ResizeObserver) new ResizeObserver(update).observe(map);
    now();
  }

  // ---- home: find a region by municipality (issue 10) -------------------------

  // Every region card is in the page with its municipalities, so without
  // JavaScript the list and the browser's own find still work; this only
  // filters. Punctuation counts as a space: "s-hertogenbosch", "'s-Hertogenbosch"
  // and "Zeeuws Vlaanderen" all find their region.
  function loose(text) { return " " + fold(text).replace(/[^a-z0-9]+/g, " ").trim() + " "; }

  function startHomeSearch() {
    var box = $(".region-search");
    var input = $("#region-q");
    var cards = $$(".region-list > [data-search]");
    if (!box || !input) return;
    cards.forEach(function (card) { card._search = loose(card.getAttribute("data-search")); });
    box.hidden = false;
    var shown = $("#region-count .shown");
    var none = $(".region-none");
    function apply() {
      var terms = words(loose(input.value).trim());
      var n = 0;
      cards.forEach(function (card) {
        // Each term is the start of a word: "west" finds "Utrecht West",
        // "oort" does not find Montfoort by accident of a shared ending.
        var hit = terms.every(function (t) { return card._search.indexOf(" " + t) >= 0; });
        card.hidden = !hit;
        if (hit) n++;
      });
      shown.textContent = String(n);
      none.hidden = n > 0;
    }
    input.addEventListener("input", apply);
    $("#region-clear").addEventListener("click", function () { input.value = ""; apply(); input.focus(); });
    apply();
  }

  // ---- offline (README, "Offline") --------------------------------------

  // This script's own element, known only while it first runs: the worker
  // is beside assets/, at the site's root, wherever base_url puts it.
  var SCRIPT = document.currentScript;

  // Registers the service worker that keeps a region's map for use without
  // a network. Not inside a frame (embed.html on a municipality's site):
  // that is the other site's page, and a worker there would be partitioned
  // under it anyway. A browser that refuses it works online as before.
  function startOffline() {
    if (!("serviceWorker" in navigator) || window.top !== window || !SCRIPT || !SCRIPT.src) return;
    navigator.serviceWorker.register(new URL("../sw.js", SCRIPT.src).href).catch(function () {});
  }

  // The offline page lists every region; with the cache at hand it keeps
  // the ones this device has.
  function startOfflinePage() {
    if (!window.caches) return;
    var items = $$(".offline-regions [data-region]");
    Promise.all(items.map(function (item) {
      return caches.match($("a", item).href).then(function (hit) { item.hidden = !hit; return !!hit; });
    })).then(function (kept) {
      var any = kept.indexOf(true) >= 0;
      $(".offline-kept").hidden = !any;
      $(".offline-none").hidden = any;
    }).catch(function () {});
  }

  // ---- framed by another site (embed.html) -----------------------------------
  // A host page cannot measure a frame from another origin, so the page says
  // how tall it is, once loaded and after every change of size (a filter, a
  // folded part, another width); the README's snippet sets the iframe's
  // height from it. The root's own box, not scrollHeight: that never drops
  // below the frame's height, so the frame could grow but never shrink.
  function tellFrameHeight() {
    var sent = -1;
    function send() {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === sent) return;
      sent = height;
      window.parent.postMessage({ routekaart: "height", height: height }, "*");
    }
    window.addEventListener("load", send);
    if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
    send();
  }

  // In a frame as tall as its content, a link to a part of the page (the
  // map's own links, a stage) finds nothing to scroll in the frame, and
  // Chromium does not let a link in a frame from another site scroll the
  // page around it; scrollIntoView from script may.
  function scrollToLinkedParts() {
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest('a[href^="#"]');
      if (!link || e.defaultPrevented) return;
      setTimeout(function () {
        var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
        if (target) target.scrollIntoView();
      }, 0);
    });
  }

  function start() {
    var body = document.body;
    startOffline();
    if (body.classList.contains("page-offline")) startOfflinePage();
    if (body.classList.contains("page-home")) startHomeSearch();
    if (body.classList.contains("page-region") && $("#filters")) {
      new RegionPage(body).start();
      startRoutePath();
    }
    if (body.classList.contains("page-provision")) startProvisionPage();
    if (window.parent !== window) {
      tellFrameHeight();
      scrollToLinkedParts();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
