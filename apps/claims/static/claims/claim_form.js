/* The claim form (templates/cabinet/claim_new.html): the description counts down to its limit,
   and the files are checked as they are chosen — the count, each one's size and all together —
   so a form the server would refuse, or the proxy in front would cut off, is not sent at all.
   The words come from the fields' data-* attributes, in the page's language; the server checks
   everything again. */
(function () {
  var form = document.querySelector(".claim-form");
  if (!form) { return; }
  var lang = document.documentElement.lang || "ru";

  var field = form.querySelector("textarea[data-counter-many]");
  if (field) {
    var shown = document.getElementById(field.id + "_counter");
    var status = document.getElementById(field.id + "_status");
    var limit = Number(field.getAttribute("maxlength"));
    var plural = new Intl.PluralRules(lang);
    var words = { one: field.dataset.counterOne, few: field.dataset.counterFew };
    var pasteCut = false, cut = false, timer = null;
    var text = function () {
      var left = Math.max(limit - field.value.length, 0);
      var said = (words[plural.select(left)] || field.dataset.counterMany).replace("%(count)s", left.toLocaleString(lang));
      return cut ? said + " " + field.dataset.counterCut : said;
    };
    field.addEventListener("paste", function (event) {
      var pasted = (event.clipboardData ? event.clipboardData.getData("text") : "").replace(/\r\n/g, "\n");
      pasteCut = pasted.length > limit - field.value.length + (field.selectionEnd - field.selectionStart);
    });
    field.addEventListener("input", function () {
      cut = pasteCut;
      pasteCut = false;
      shown.textContent = text();
      shown.classList.toggle("is-cut", cut);
      clearTimeout(timer);
      timer = setTimeout(function () { status.textContent = text(); }, cut ? 0 : 1000);
    });
    shown.hidden = false;
    shown.textContent = text();
  }

  var files = form.querySelector("input[type=file][data-max-count]");
  if (!files) { return; }
  var check = document.getElementById(files.id + "_check");
  var mb = 1024 * 1024;
  var problem = function () {
    var chosen = Array.prototype.slice.call(files.files || []);
    if (chosen.length > Number(files.dataset.maxCount)) { return files.dataset.tooMany; }
    var big = chosen.filter(function (file) { return file.size > Number(files.dataset.maxMb) * mb; });
    if (big.length) { return files.dataset.tooBig.replace("%(name)s", big[0].name); }
    var total = chosen.reduce(function (sum, file) { return sum + file.size; }, 0);
    return total > Number(files.dataset.totalMb) * mb ? files.dataset.tooBigTogether : "";
  };
  var show = function () {
    var said = problem();
    check.textContent = said;
    check.hidden = !said;
    return !said;
  };
  files.addEventListener("change", show);
  form.addEventListener("submit", function (event) {
    if (!show()) { event.preventDefault(); files.focus(); }
  });
})();
