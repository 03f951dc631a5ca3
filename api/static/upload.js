// Upload page: send the file to POST /api/v1/extract and show the returned contract JSON as a
// document with every record marked at its span (the same nesting as the server's document page).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var input = document.getElementById("upload-file");
  var status = document.getElementById("upload-status");
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var CMP = { ">=": "≥", ">": "＞", "=": "", "<=": "≤", "<": "＜" };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }
  function num(v) { return v == null ? "" : String(Math.round(v * 1e6) / 1e6); }
  function yuan(a) {
    if (a == null) return "";
    if (Math.abs(a) >= 1e8) return num(a / 1e8) + "亿元";
    if (Math.abs(a) >= 1e4) return num(a / 1e4) + "万元";
    return num(a) + "元";
  }
  function qty(r) {
    if (r.value == null) return "";
    var c = CMP[r.comparator || "="] || "";
    return r.unit === "元" ? c + yuan(r.value) : c + num(r.value) + (r.unit || "");
  }
  function summary(r) {
    var parts;
    if (r.kind === "target" || r.kind === "achievement") {
      var y = r.kind === "target" ? r.deadline_year : r.year;
      return [r.metric, qty(r)].filter(Boolean).join(" ") + (y ? "（" + y + "年）" : "");
    }
    if (r.kind === "subsidy") {
      var money = (r.is_cap ? "最高" : "") + yuan(r.amount_yuan) + (r.per ? "/" + r.per : "");
      var ratio = r.ratio != null && r.ratio > 0 && r.ratio <= 1 ? "比例" + num(r.ratio * 100) + "%" : "";
      parts = [r.level, r.recipient, money, ratio, r.form];
      return parts.filter(Boolean).join(" ");
    }
    if (r.kind === "responsibility") {
      parts = [];
      if ((r.lead_units || []).length) parts.push("牵头：" + r.lead_units.join("、"));
      if ((r.partner_units || []).length) parts.push("配合：" + r.partner_units.join("、"));
      return parts.join("；");
    }
    return "";
  }

  // text with spans as nested elements; offsets are code points (as in Python).
  function markText(container, text, records) {
    var cps = Array.from(text), n = cps.length, bounds = { 0: true }, opens = {};
    bounds[n] = true;
    records.forEach(function (r, i) {
      var s = Math.max(0, Math.min(r.start, n)), e = Math.max(0, Math.min(r.end, n));
      if (e <= s) return;
      (opens[s] = opens[s] || []).push({ end: e, order: i, r: r, id: "u" + i });
      bounds[s] = bounds[e] = true;
    });
    var stack = [], pos = 0;
    function parent() { return stack.length ? stack[stack.length - 1].node : container; }
    function open(item, first) {
      var m = el("mark", { "class": "k-" + item.r.kind + (first ? "" : " cont"), "data-kind": item.r.kind,
        "data-rec": item.id, "data-start": item.r.start, "data-end": item.r.end,
        title: (labels.kinds[item.r.kind] || item.r.kind) + "：" + summary(item.r) });
      if (first) m.id = item.id;
      parent().appendChild(m);
      stack.push({ end: item.end, item: item, node: m });
    }
    Object.keys(bounds).map(Number).sort(function (a, b) { return a - b; }).forEach(function (b) {
      if (b > pos) parent().appendChild(document.createTextNode(cps.slice(pos, b).join("")));
      pos = b;
      var i = stack.findIndex(function (s) { return s.end === b; });
      if (i >= 0) {
        stack.splice(i).forEach(function (s) { if (s.end !== b) open(s.item, false); });
      }
      (opens[b] || []).sort(function (x, y) { return y.end - x.end || x.order - y.order; })
        .forEach(function (item) { open(item, true); });
    });
  }

  function render(doc) {
    var meta = doc.document || {};
    var title = meta.title || doc.source || "上传的文件";
    document.getElementById("upload-title").textContent = title;
    var records = doc.records || [];
    document.getElementById("upload-sub").textContent = [meta.city, labels.doc_types[meta.doc_type], meta.date,
      records.length + " 条记录", Array.from(doc.text || "").length + " 字"].filter(Boolean).join(" · ");
    var text = document.getElementById("upload-text");
    text.textContent = "";
    markText(text, doc.text || "", records);
    var list = document.getElementById("upload-records");
    list.textContent = "";
    labels.order.forEach(function (kind) {
      var items = [];
      records.forEach(function (r, i) { if (r.kind === kind) items.push([r, i]); });
      if (!items.length) return;
      var h = el("h3"); h.appendChild(el("span", { "class": "badge k-" + kind }, labels.kinds[kind]));
      h.appendChild(el("small", {}, items.length + " 条"));
      list.appendChild(h);
      var ol = el("ol", { "class": "reclist" });
      items.forEach(function (p) {
        var a = el("a", { href: "#u" + p[1], "class": "rec-link k-" + kind, "data-rec": "u" + p[1] });
        a.appendChild(el("b", {}, summary(p[0]) || p[0].text));
        a.appendChild(el("span", { "class": "quote" }, p[0].text.length > 60 ? p[0].text.slice(0, 60) + "…" : p[0].text));
        var li = el("li"); li.appendChild(a); ol.appendChild(li);
      });
      list.appendChild(ol);
    });
    if (!records.length) list.appendChild(el("p", { "class": "hint" }, "这份文件中没有抽取到记录。"));
    var dl = document.getElementById("upload-meta");
    dl.textContent = "";
    Object.keys(meta).forEach(function (k) {
      var v = meta[k];
      if (v == null || v === "" || (Array.isArray(v) && !v.length)) return;
      dl.appendChild(el("dt", {}, labels.meta[k] || k));
      dl.appendChild(el("dd", {}, k === "doc_type" ? (labels.doc_types[v] || v) : Array.isArray(v) ? v.join("、") : String(v)));
    });
    document.getElementById("upload-result").hidden = false;
  }

  function send(file) {
    if (!file) return;
    status.className = "status";
    status.textContent = "正在抽取 " + file.name + " …";
    var data = new FormData();
    data.append("file", file, file.name);
    fetch("/api/v1/extract", { method: "POST", body: data })
      .then(function (resp) {
        return resp.json().then(function (body) { return { ok: resp.ok, body: body }; },
          function () { return { ok: false, body: { error: { message: "HTTP " + resp.status } } }; });
      })
      .then(function (res) {
        if (!res.ok) throw new Error((res.body.error && res.body.error.message) || "抽取失败");
        render(res.body);
        status.textContent = file.name + "：抽取完成，共 " + (res.body.records || []).length + " 条记录。";
      })
      .catch(function (err) {
        status.className = "status error";
        status.textContent = "抽取失败：" + err.message;
      });
  }

  input.addEventListener("change", function () { send(input.files[0]); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); send(input.files[0]); });
  ["dragenter", "dragover"].forEach(function (t) {
    form.addEventListener(t, function (ev) { ev.preventDefault(); form.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    form.addEventListener(t, function () { form.classList.remove("over"); });
  });
  form.addEventListener("drop", function (ev) {
    ev.preventDefault();
    if (ev.dataTransfer && ev.dataTransfer.files.length) send(ev.dataTransfer.files[0]);
  });
})();
