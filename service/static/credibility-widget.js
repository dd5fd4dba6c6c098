/*
 * sumber credibility widget: scores the article an editor is writing and shows, beside it,
 * each sentence highlighted by how it is sourced, the score, the grade and the flags.
 *
 * Plain JavaScript, no build step, no dependencies. Include it and attach it:
 *
 *   <script src="https://sumber.example/static/credibility-widget.js"></script>
 *   <script src="/cms/attach-widget.js"></script>   (no inline scripts needed)
 *
 *   CredibilityWidget.attach({
 *     target: "#body",            // a textarea, an input, a contenteditable element, or a selector
 *     titleTarget: "#title",      // optional: the headline field
 *     apiUrl: "https://sumber.example",   // the service's base URL (or its /score URL)
 *     apiKey: "...",              // optional: sent as Authorization: Bearer <key>; or a function
 *                                 //   returning the key, read before each request (a key field)
 *     debounceMs: 600,            // optional: wait this long after the last keystroke
 *     container: "#sidebar"       // optional: where the panel goes (default: after target)
 *   });
 *
 * attach() returns {panel, score(), destroy()}: score() scores now, destroy() detaches.
 *
 * Safety: article text is only ever put into the page as text (textContent and text
 * nodes), never as HTML, so an article containing <script> or <img onerror> runs nothing.
 * Styles are set through element.style, which a strict Content-Security-Policy allows.
 * Offsets: the API counts code points, JavaScript strings count UTF-16 units; every
 * offset is converted (codePointToUnitIndex) so emoji do not shift the highlights.
 */
(function (root) {
  "use strict";

  // The attribution guide's labels, strongest sourcing first: Indonesian name, English name, colour.
  var LABELS = [
    ["official", "Resmi", "Official", "#b7e4c7"],
    ["named", "Narasumber bernama", "Named source", "#d8f3dc"],
    ["media", "Media lain", "Other outlet", "#bde0fe"],
    ["anonymous", "Anonim", "Anonymous", "#ffd6a5"],
    ["social", "Media sosial", "Social media", "#ffc8dd"],
    ["hedged", "Kabar burung", "Hedged", "#fdffb6"],
    ["unattributed", "Tanpa sumber", "Unattributed", "#e5e5e5"],
    ["other", "Lainnya", "Other", "transparent"]
  ];
  var LABEL_INFO = {};
  LABELS.forEach(function (row) {
    LABEL_INFO[row[0]] = {id: row[1], en: row[2], colour: row[3]};
  });
  var SOURCE_TYPES = {
    institution: "lembaga", official: "pejabat", person: "orang", outlet: "media",
    platform_account: "akun media sosial", unnamed: "tanpa nama"
  };

  function resolveElement(target, what) {
    var element = typeof target === "string" ? document.querySelector(target) : target;
    if (!element || element.nodeType !== 1) {
      throw new Error("CredibilityWidget: " + what + " not found: " + String(target));
    }
    return element;
  }

  function isField(element) {
    return element.tagName === "TEXTAREA" || element.tagName === "INPUT";
  }

  function readText(element) {
    // A contenteditable's innerText keeps the line breaks its blocks show.
    return isField(element) ? element.value : element.innerText;
  }

  function scoreUrl(apiUrl) {
    var base = String(apiUrl || "").replace(/\/+$/, "");
    return /\/score$/.test(base) ? base : base + "/score";
  }

  /**
   * unitIndex[cp] is the UTF-16 index of code point cp in text (length: code points + 1).
   * A surrogate pair is one code point, as in Python; a lone surrogate counts as one too.
   */
  function codePointToUnitIndex(text) {
    var map = [];
    var i = 0;
    while (i < text.length) {
      map.push(i);
      var unit = text.charCodeAt(i);
      var next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      i += unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
    }
    map.push(text.length);
    return map;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function setStyle(node, styles) {
    Object.keys(styles).forEach(function (name) {
      node.style[name] = styles[name];
    });
    return node;
  }

  function percent(value) {
    return typeof value === "number" ? Math.round(value * 100) + "%" : "?";
  }

  function Widget(options) {
    this.options = options;
    this.target = resolveElement(options.target, "target");
    this.titleTarget = options.titleTarget ? resolveElement(options.titleTarget, "titleTarget") : null;
    this.url = scoreUrl(options.apiUrl);
    this.debounceMs = typeof options.debounceMs === "number" ? options.debounceMs : 600;
    this.timer = null;
    this.controller = null;
    this.sequence = 0;
    this.lastSent = null;
    this.buildPanel(options.container ? resolveElement(options.container, "container") : null);
    this.onInput = this.schedule.bind(this);
    this.fields().forEach(function (field) {
      field.addEventListener("input", this.onInput);
    }, this);
  }

  Widget.prototype.fields = function () {
    return this.titleTarget ? [this.target, this.titleTarget] : [this.target];
  };

  Widget.prototype.buildPanel = function (container) {
    var panel = setStyle(el("section", "cw-panel"), {
      font: "14px/1.5 system-ui, sans-serif", border: "1px solid #ccc", borderRadius: "6px",
      padding: "12px", margin: "12px 0", position: "relative", background: "#fff", color: "#222"
    });
    panel.setAttribute("aria-label", "Kredibilitas sumber");
    var header = setStyle(el("div", "cw-header"), {display: "flex", gap: "12px", alignItems: "baseline"});
    this.scoreNode = setStyle(el("strong", "cw-score", "Skor: –"), {fontSize: "20px"});
    this.gradeNode = el("span", "cw-grade", "");
    this.statusNode = setStyle(el("span", "cw-status", "Tulis atau tempel artikel untuk dinilai."), {color: "#666"});
    this.statusNode.setAttribute("role", "status");
    header.appendChild(this.scoreNode);
    header.appendChild(this.gradeNode);
    header.appendChild(this.statusNode);
    this.flagsNode = setStyle(el("ul", "cw-flags"), {margin: "8px 0", paddingLeft: "20px", color: "#8a1c1c"});
    this.legendNode = this.buildLegend();
    this.bodyNode = setStyle(el("div", "cw-article"), {
      whiteSpace: "pre-wrap", overflowWrap: "anywhere", borderTop: "1px solid #eee", paddingTop: "8px"
    });
    this.tooltip = setStyle(el("div", "cw-tooltip"), {
      position: "absolute", display: "none", zIndex: "10", maxWidth: "360px", padding: "6px 8px",
      background: "#222", color: "#fff", borderRadius: "4px", fontSize: "12px", pointerEvents: "none"
    });
    this.tooltip.setAttribute("role", "tooltip");
    this.tooltip.id = "cw-tooltip-" + Math.random().toString(36).slice(2);
    [header, this.flagsNode, this.legendNode, this.bodyNode, this.tooltip].forEach(function (node) {
      panel.appendChild(node);
    });
    if (container) {
      container.appendChild(panel);
    } else {
      this.target.parentNode.insertBefore(panel, this.target.nextSibling);
    }
    this.panel = panel;
  };

  Widget.prototype.buildLegend = function () {
    var legend = setStyle(el("ul", "cw-legend"), {
      listStyle: "none", padding: "0", margin: "4px 0 8px", display: "flex", flexWrap: "wrap", gap: "8px"
    });
    LABELS.forEach(function (row) {
      var item = el("li", "cw-legend-item cw-label-" + row[0]);
      item.setAttribute("data-label", row[0]);
      item.title = row[2];
      var swatch = setStyle(el("span", "cw-swatch"), {
        display: "inline-block", width: "12px", height: "12px", marginRight: "4px",
        border: "1px solid #aaa", verticalAlign: "middle", background: row[3]
      });
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(row[1]));
      legend.appendChild(item);
    });
    return legend;
  };

  Widget.prototype.schedule = function () {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.score.bind(this), this.debounceMs);
  };

  Widget.prototype.score = function () {
    clearTimeout(this.timer);
    var article = {title: this.titleTarget ? readText(this.titleTarget) || null : null, text: readText(this.target)};
    if (!/\S/.test(article.text)) {
      this.clear("Tulis atau tempel artikel untuk dinilai.");
      return Promise.resolve(null);
    }
    var payload = JSON.stringify(article);
    if (payload === this.lastSent) {
      return Promise.resolve(null);
    }
    this.lastSent = payload;
    if (this.controller) {
      this.controller.abort();
    }
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    this.controller = controller;
    var sequence = ++this.sequence;
    var headers = {"Content-Type": "application/json; charset=utf-8"};
    var apiKey = typeof this.options.apiKey === "function" ? this.options.apiKey() : this.options.apiKey;
    if (apiKey) {
      headers.Authorization = "Bearer " + apiKey;
    }
    this.statusNode.textContent = "Menilai…";
    var self = this;
    return fetch(this.url, {
      method: "POST", headers: headers, body: payload, signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().then(function (body) {
        return {ok: response.ok, status: response.status, body: body};
      }, function () {
        return {ok: false, status: response.status, body: null};
      });
    }).then(function (answer) {
      if (sequence !== self.sequence) {
        return null;  // a newer request has been sent: this answer is stale
      }
      if (!answer.ok) {
        self.lastSent = null;
        var message = answer.body && answer.body.message ? answer.body.message : "HTTP " + answer.status;
        self.clear("Gagal menilai: " + message);
        return null;
      }
      self.render(article.text, answer.body);
      return answer.body;
    }, function (error) {
      if (error && error.name === "AbortError") {
        return null;
      }
      if (sequence === self.sequence) {
        self.lastSent = null;
        self.clear("Layanan tidak dapat dihubungi.");
      }
      return null;
    });
  };

  Widget.prototype.clear = function (status) {
    this.statusNode.textContent = status;
    this.scoreNode.textContent = "Skor: –";
    this.gradeNode.textContent = "";
    this.flagsNode.replaceChildren();
    this.bodyNode.replaceChildren();
    this.hideTooltip();
  };

  /** Show ``text`` (exactly what was scored) with each of the report's sentences highlighted. */
  Widget.prototype.render = function (text, report) {
    var credibility = report.credibility || {};
    this.scoreNode.textContent = "Skor: " + credibility.score + "/100";
    this.gradeNode.textContent = "Nilai " + credibility.grade;
    this.gradeNode.setAttribute("data-grade", String(credibility.grade));
    this.statusNode.textContent = "";
    this.renderFlags((report.summary && report.summary.flags) || []);
    var units = codePointToUnitIndex(text);
    var body = document.createDocumentFragment();
    var cursor = 0;
    (report.sentences || []).forEach(function (sentence) {
      var start = units[sentence.start];
      var end = units[sentence.end];
      if (start === undefined || end === undefined || start < cursor || end < start) {
        return;  // offsets that do not fit this text: never show a misplaced highlight
      }
      body.appendChild(document.createTextNode(text.slice(cursor, start)));
      body.appendChild(this.sentenceNode(text.slice(start, end), sentence));
      cursor = end;
    }, this);
    body.appendChild(document.createTextNode(text.slice(cursor)));
    this.hideTooltip();
    this.bodyNode.replaceChildren(body);
  };

  Widget.prototype.renderFlags = function (flags) {
    var nodes = flags.map(function (flag) {
      var message = flag.message || {};
      var item = el("li", "cw-flag", message.id || flag.code);
      item.title = message.en || flag.code;
      item.setAttribute("data-code", flag.code);
      return item;
    });
    this.flagsNode.replaceChildren.apply(this.flagsNode, nodes);
  };

  Widget.prototype.sentenceNode = function (text, sentence) {
    var info = LABEL_INFO[sentence.label] || {id: sentence.label, en: sentence.label, colour: "transparent"};
    var mark = setStyle(el("mark", "cw-sentence cw-label-" + sentence.label, text), {
      background: info.colour, color: "inherit", borderRadius: "2px", cursor: "help"
    });
    mark.setAttribute("data-label", String(sentence.label));
    mark.setAttribute("data-index", String(sentence.index));
    mark.tabIndex = 0;
    var show = this.showTooltip.bind(this, mark, sentence);
    var hide = this.hideTooltip.bind(this);
    mark.addEventListener("mouseenter", show);
    mark.addEventListener("focus", show);
    mark.addEventListener("mouseleave", hide);
    mark.addEventListener("blur", hide);
    return mark;
  };

  /** The tooltip's lines: label, source, cues, confidence; all as text. */
  function tooltipLines(sentence) {
    var info = LABEL_INFO[sentence.label] || {id: sentence.label, en: sentence.label};
    var lines = [info.id + " (" + info.en + ")"];
    var source = sentence.source;
    lines.push("Sumber: " + (source ? source.name + " (" + (SOURCE_TYPES[source.type] || source.type) + ")" : "–"));
    var cues = (sentence.cues || []).map(function (cue) { return cue.text; });
    lines.push("Penanda: " + (cues.length ? cues.join(", ") : "–"));
    lines.push("Keyakinan: " + percent(sentence.confidence));
    return lines;
  }

  Widget.prototype.showTooltip = function (mark, sentence) {
    var tooltip = this.tooltip;
    tooltip.replaceChildren.apply(tooltip, tooltipLines(sentence).map(function (line) {
      return el("div", "cw-tooltip-line", line);
    }));
    var panelBox = this.panel.getBoundingClientRect();
    var markBox = mark.getBoundingClientRect();
    tooltip.style.left = Math.max(0, markBox.left - panelBox.left) + "px";
    tooltip.style.top = markBox.bottom - panelBox.top + 4 + "px";
    tooltip.style.display = "block";
    mark.setAttribute("aria-describedby", tooltip.id);
  };

  Widget.prototype.hideTooltip = function () {
    this.tooltip.style.display = "none";
  };

  Widget.prototype.destroy = function () {
    clearTimeout(this.timer);
    if (this.controller) {
      this.controller.abort();
    }
    this.fields().forEach(function (field) {
      field.removeEventListener("input", this.onInput);
    }, this);
    this.panel.remove();
  };

  root.CredibilityWidget = {
    attach: function (options) {
      var widget = new Widget(options || {});
      return {
        panel: widget.panel,
        score: function () { return widget.score(); },
        destroy: function () { widget.destroy(); }
      };
    },
    codePointToUnitIndex: codePointToUnitIndex,
    labels: LABELS.map(function (row) { return row[0]; })
  };
})(typeof window !== "undefined" ? window : this);
