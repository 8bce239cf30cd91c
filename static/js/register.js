/* «Документы»: ticks kept across the register's pages while the period stays the same (in this
   tab's sessionStorage), «Выбрать все на странице», and the count of every tick. The archive form
   sends the ticks of the other pages as hidden fields; the server checks each id against the
   client's own list and the limit. Without this script the ticks are the page's own. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-picks-key]");
  var bar = form && form.querySelector(".register-picks");
  if (!bar) return;
  var key = "register-picks:" + form.getAttribute("data-picks-key");
  var max = parseInt(form.getAttribute("data-picks-max"), 10);
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name=document]"));
  var pageButton = bar.querySelector("[data-pick-page]");
  var clearButton = bar.querySelector("[data-pick-clear]");
  var count = bar.querySelector("[data-picked-count]");
  var over = bar.querySelector("[data-picked-over]");
  var picks = new Set(read());

  function read() {
    try {
      var stored = JSON.parse(window.sessionStorage.getItem(key));
      return Array.isArray(stored) ? stored.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (error) {
      return [];  // storage switched off or spoiled: this page's ticks only
    }
  }

  function save() {
    try {
      window.sessionStorage.setItem(key, JSON.stringify(Array.from(picks)));
    } catch (error) { /* the count still shows; paging forgets */ }
  }

  function allOnPage() {
    return boxes.length > 0 && boxes.every(function (box) { return box.checked; });
  }

  function show() {
    count.textContent = String(picks.size);
    over.hidden = picks.size <= max;
    clearButton.hidden = picks.size === 0;
    pageButton.textContent = pageButton.getAttribute(allOnPage() ? "data-unselect" : "data-select");
    save();
  }

  function tick(box, checked) {
    box.checked = checked;
    if (checked) picks.add(box.value); else picks.delete(box.value);
  }

  boxes.forEach(function (box) { tick(box, box.checked || picks.has(box.value)); });

  form.addEventListener("change", function (event) {
    if (boxes.indexOf(event.target) !== -1) {
      tick(event.target, event.target.checked);
      show();
    }
  });
  pageButton.addEventListener("click", function () {
    var checked = !allOnPage();
    boxes.forEach(function (box) { tick(box, checked); });
    show();
  });
  clearButton.addEventListener("click", function () {
    picks.clear();
    boxes.forEach(function (box) { box.checked = false; });
    show();
    pageButton.focus();  // the pressed button has just been hidden
  });
  form.addEventListener("submit", function () {
    var here = new Set(boxes.map(function (box) { return box.value; }));
    form.querySelectorAll("input[data-picked-elsewhere]").forEach(function (input) { input.remove(); });
    picks.forEach(function (id) {
      if (here.has(id)) return;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "document";
      input.value = id;
      input.setAttribute("data-picked-elsewhere", "");
      form.appendChild(input);
    });
    // An archive the server will take starts the next selection afresh.
    if (picks.size > 0 && picks.size <= max) {
      try { window.sessionStorage.removeItem(key); } catch (error) { /* nothing kept */ }
    }
  });
  bar.hidden = false;
  show();
})();
