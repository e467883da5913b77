/*
 * CareerMap progressive enhancements. Everything works without this file:
 * menus are <details>, forms are plain POSTs. This only adds polish.
 */
(function () {
  "use strict";

  var MENU = "details.menu";

  // The words this script shows come from <body data-text-*> (base.html translates them);
  // {name} placeholders are filled from values. Numbers follow the page's language.
  function text(name, values) {
    var template = document.body.getAttribute("data-text-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && key in values ? values[key] : whole;
    });
  }

  function number(value) {
    return value.toLocaleString(document.documentElement.lang || undefined);
  }

  function menuItems(menu) {
    return Array.prototype.slice.call(menu.querySelectorAll(".menu__item"));
  }

  function closeMenu(menu, restoreFocus) {
    if (!menu.open) return;
    menu.open = false;
    if (restoreFocus) menu.querySelector("summary").focus();
  }

  function closeAllMenus(except) {
    document.querySelectorAll(MENU + "[open]").forEach(function (menu) {
      if (menu !== except) closeMenu(menu, false);
    });
  }

  // Arrow keys move between items, Escape closes and returns focus to the trigger.
  function onMenuKeydown(event) {
    var menu = event.currentTarget;
    if (event.key === "Escape") {
      closeMenu(menu, true);
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var items = menuItems(menu);
    if (!items.length) return;
    event.preventDefault();
    if (!menu.open) menu.open = true;
    var index = items.indexOf(document.activeElement);
    var step = event.key === "ArrowDown" ? 1 : -1;
    var next = index === -1 ? (step === 1 ? 0 : items.length - 1) : index + step;
    items[(next + items.length) % items.length].focus();
  }

  function setUpMenus() {
    document.querySelectorAll(MENU).forEach(function (menu) {
      menu.addEventListener("keydown", onMenuKeydown);
      menu.addEventListener("toggle", function () {
        if (menu.open) closeAllMenus(menu);
      });
      menu.addEventListener("focusout", function (event) {
        if (event.relatedTarget && !menu.contains(event.relatedTarget)) closeMenu(menu, false);
      });
    });
    document.addEventListener("click", function (event) {
      document.querySelectorAll(MENU + "[open]").forEach(function (menu) {
        if (!menu.contains(event.target)) closeMenu(menu, false);
      });
    });
  }

  // A close button only exists when there is script to make it work.
  function addDismissButton(alert) {
    if (alert.querySelector(".alert__close")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "alert__close";
    button.setAttribute("aria-label", text("dismiss"));
    button.textContent = "\u00d7";
    button.addEventListener("click", function () {
      var container = alert.parentElement;
      alert.remove();
      if (container && container.classList.contains("messages") && !container.children.length) {
        container.remove();
      }
      var main = document.getElementById("main");
      if (main) main.focus({ preventScroll: true });
    });
    alert.appendChild(button);
  }

  function setUpDismissibles(root) {
    root.querySelectorAll("[data-dismissible]").forEach(addDismissButton);
  }

  // Forms and buttons marked data-confirm ask first (htmx's own hx-confirm covers htmx requests).
  function onSubmit(event) {
    var form = event.target;
    var submitter = event.submitter;
    var message =
      (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }

  // Buttons marked data-print open the browser's print dialog (the page has a print stylesheet).
  function onClick(event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
    var copier = event.target.closest && event.target.closest("[data-copy]");
    if (copier) copyFrom(copier);
  }

  // Buttons marked data-copy="field-id" copy that field's value and say so on the button.
  // Without the Clipboard API (plain http off localhost) the field is selected for Ctrl+C.
  function copyFrom(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    var done = function () {
      button.textContent = text("copied");
    };
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {});
    } else if (document.execCommand && document.execCommand("copy")) {
      done();
    }
  }

  // Fields with a length limit show "n of max characters"; a paste the limit cut short says
  // so (the browser silently drops what does not fit).
  function counterFor(field) {
    return field.id ? document.querySelector('[data-counter-for="' + field.id + '"]') : null;
  }

  function updateCounter(field, note) {
    var counter = counterFor(field);
    if (!counter) return;
    var max = parseInt(counter.getAttribute("data-max"), 10);
    var used = field.value.length;
    var full = used >= max;
    counter.classList.toggle("field__counter--full", full);
    counter.querySelector("[data-counter-text]").textContent = text(
      full ? "counter-full" : "counter",
      { used: number(used), max: number(max) }
    );
    var alert = counter.querySelector("[data-counter-alert]");
    if (note) {
      alert.textContent = note;
      counter.querySelector("[data-counter-text]").textContent += " " + note;
    } else if (full && !alert.textContent) {
      alert.textContent = text("limit-reached", { max: number(max) });
    } else if (!full) {
      alert.textContent = "";
    }
  }

  function onInput(event) {
    if (event.target.maxLength > 0) updateCounter(event.target);
  }

  function onPaste(event) {
    var field = event.target;
    if (!(field.maxLength > 0) || !event.clipboardData) return;
    var pasted = event.clipboardData.getData("text").length;
    var kept = field.value.length - (field.selectionEnd - field.selectionStart);
    var lost = kept + pasted - field.maxLength;
    if (lost <= 0) return;
    var note = text("paste-cut", { lost: number(lost) });
    window.setTimeout(function () { updateCounter(field, note); }, 0);
  }

  // Scrollers that overflow (wide tables, the roadmap) become tab stops with a name, so a
  // keyboard can scroll them; one that fits again leaves the tab order.
  var SCROLLERS = ".table-wrap, [data-scroll-region]";

  function scrollerName(scroller) {
    var titled = scroller.closest("[aria-labelledby]");
    var ids = titled ? titled.getAttribute("aria-labelledby").split(" ") : [];
    var title = ids.length ? document.getElementById(ids[0]) : null;
    var caption = scroller.querySelector("caption");
    var name = title || caption ? (title || caption).textContent.trim() : text("table");
    return text("scrolls", { name: name });
  }

  function markScrollers(root) {
    var scrollers = Array.prototype.slice.call(root.querySelectorAll(SCROLLERS));
    if (root.matches && root.matches(SCROLLERS)) scrollers.push(root);
    scrollers.forEach(function (scroller) {
      var overflows = scroller.scrollWidth > scroller.clientWidth + 1;
      if (overflows && !scroller.hasAttribute("tabindex")) {
        scroller.setAttribute("tabindex", "0");
        scroller.setAttribute("role", "region");
        scroller.setAttribute("aria-label", scrollerName(scroller));
        scroller.setAttribute("data-scroller-marked", "");
      } else if (!overflows && scroller.hasAttribute("data-scroller-marked")) {
        ["tabindex", "role", "aria-label", "data-scroller-marked"].forEach(function (name) {
          scroller.removeAttribute(name);
        });
      }
    });
  }

  function onResize() {
    window.clearTimeout(onResize.timer);
    onResize.timer = window.setTimeout(function () { markScrollers(document); }, 100);
  }

  // After a swap, focus goes somewhere sensible when the swap took it away (the focused
  // button or link was replaced): a field asking for attention, the opened editor's first
  // field, a status message, else the new content itself. Focus the user still has (typing
  // in a live search) is left alone, and so are swaps nobody asked for (polling). A focused
  // status message is read out by screen readers.
  var FIELDS =
    "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  var STATUS = "[role=status], [role=alert], .alert";

  function isEditor(root) {
    var only = root.children.length === 1 ? root.children[0] : null;
    return root.matches("form") || (only !== null && only.matches("form"));
  }

  function focusTarget(root) {
    var asked = root.querySelector("[autofocus], [aria-invalid=true]");
    if (asked) return asked;
    if (isEditor(root)) {
      var field = root.querySelector(FIELDS);
      if (field) return field;
    }
    return root.querySelector(STATUS) || root;
  }

  function focusInto(element) {
    if (!element.matches("a[href], button, " + FIELDS + ", [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function swappedContent(detail) {
    var target = detail.target;
    if (target && target.isConnected) return target;
    var id = target && target.id;
    return (id && document.getElementById(id)) || null;
  }

  // What had focus, per request (its XMLHttpRequest), so overlapping requests keep apart.
  var focusedBeforeSwap = new WeakMap();

  function onBeforeSwap(event) {
    var active = document.activeElement;
    if (event.detail.xhr && active && active !== document.body) {
      focusedBeforeSwap.set(event.detail.xhr, active);
    }
  }

  function onAfterSettle(event) {
    var root = swappedContent(event.detail);
    if (!root) return;
    var before = event.detail.xhr && focusedBeforeSwap.get(event.detail.xhr);
    var active = document.activeElement;
    var lost = !active || active === document.body || !active.isConnected;
    if (before && !before.isConnected && lost) focusInto(focusTarget(root));
  }

  // A wide scrolling picture (the org chart) opens with its subject in view: the box scrolls
  // so that the x position in data-scroll-centre (in the picture's units) is in the middle.
  function centreScrollers(root) {
    root.querySelectorAll("[data-scroll-centre]").forEach(function (box) {
      var x = parseFloat(box.getAttribute("data-scroll-centre"));
      if (!isNaN(x)) box.scrollLeft = Math.max(0, x - box.clientWidth / 2);
    });
  }

  function init() {
    document.addEventListener("click", onClick);
    centreScrollers(document);
    document.addEventListener("input", onInput);
    document.addEventListener("paste", onPaste);
    setUpMenus();
    setUpDismissibles(document);
    document.addEventListener("submit", onSubmit);
    markScrollers(document);
    window.addEventListener("resize", onResize);
    // A table inside a closed <details> has no width until it opens (toggle does not bubble).
    document.addEventListener("toggle", function (event) { markScrollers(event.target); }, true);
    // Every swapped element, out-of-band ones too (the roadmap, messages after an edit).
    document.body.addEventListener("htmx:afterSwap", function (event) {
      setUpDismissibles(event.target);
      markScrollers(event.target);
    });
    document.body.addEventListener("htmx:beforeSwap", onBeforeSwap);
    // afterSettle fires once per settled element: handle each request's main target once.
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (event.target === swappedContent(event.detail)) onAfterSettle(event);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
