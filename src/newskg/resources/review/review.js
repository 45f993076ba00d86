// newskg review: the article with every report's evidence highlighted, the reports as cards,
// accept / edit / reject, new reports from a selected span, saved as one batch of edits.
// No outside requests; everything comes from /api/state and goes to /api/save.
"use strict";

const $ = (sel) => document.querySelector(sel);
let state = null;       // the server's page state
let edits = [];         // decisions not saved yet, in order
let decided = {};       // report id -> "accept" | "edit" | "reject" (this page's, unsaved)
let current = 0;        // index of the current card
let added = 0;          // reports made on this page (ids "new-N" until saved)

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function message(text, kind) {
  const box = $("#message");
  box.hidden = !text;
  box.textContent = text || "";
  box.dataset.kind = kind || "";
  document.body.dataset.state = kind || "ready";
}

async function load() {
  const answer = await fetch("/api/state", {cache: "no-store"});
  show(await answer.json());
}

function show(next) {
  state = next;
  edits = []; decided = {}; added = 0;
  $("#headline").textContent = state.headline || state.slug;
  $("#where").textContent = `${state.facts_file} · published ${state.published || "?"}`;
  if (state.error) message(`error: ${state.error}`, "refused");
  current = Math.max(0, state.reports.findIndex((r) => !r.reviewed));
  render();
}

// -- names ------------------------------------------------------------------------------------
function entityName(key) {
  const e = state.entities.find((x) => x.key === key);
  return e ? `${e.name} (${key})` : key;
}
function instanceName(key) {
  const i = state.instances.find((x) => x.key === key);
  return i ? `${i.label} (${key})` : key;
}
function keyName(key) {
  return state.entities.some((x) => x.key === key) ? entityName(key) : instanceName(key);
}
const list = (v) => (Array.isArray(v) ? v : v ? [v] : []);

// -- the article ------------------------------------------------------------------------------
function spans() {
  const out = state.reports.filter((r) => r.start !== null)
    .map((r) => ({id: r.id, kind: r.kind, start: r.start, end: r.end}));
  for (const e of edits) {
    if (e.op === "add") out.push({id: e.tempId, kind: e.kind, start: e.start,
                                  end: e.start + e.fields.evidence.length});
  }
  return out;
}

function renderText() {
  const text = state.text, all = spans();
  const cuts = new Set([0, text.length]);
  for (const s of all) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const box = $("#text");
  box.replaceChildren();
  const here = cardList()[current];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = all.filter((s) => s.start <= a && b <= s.end)
      .sort((x, y) => (y.end - y.start) - (x.end - x.start));  // the innermost last
    const seg = el("span", {class: "seg", "data-start": a}, text.slice(a, b));
    if (covering.length) {
      seg.dataset.ids = covering.map((s) => s.id).join(" ");
      seg.classList.add(`k-${covering[covering.length - 1].kind}`);
      if (here && covering.some((s) => s.id === here.id)) seg.classList.add("current");
      seg.addEventListener("click", () => {
        const index = cardList().findIndex((c) => c.id === covering[covering.length - 1].id);
        if (index >= 0) { current = index; render(); }
      });
    }
    box.append(seg);
  }
}

// -- cards ------------------------------------------------------------------------------------
function cardList() {
  const made = edits.filter((e) => e.op === "add")
    .map((e) => ({id: e.tempId, kind: e.kind, section: e.section, fields: e.fields, added: true,
                  reviewed: true, status: "Reviewed", confidence: 1, dates: {}, candidates: []}));
  return [...state.reports, ...made];
}

function counts() {
  const reports = state.reports;
  const done = reports.filter((r) => r.reviewed || decided[r.id]).length;
  const rejected = Object.values(decided).filter((d) => d === "reject").length;
  $("#counts").textContent = `reviewed ${done} / ${reports.length} · remaining ` +
    `${reports.length - done}` + (rejected ? ` · rejecting ${rejected}` : "");
  $("#pending").textContent = edits.length ? `${edits.length} unsaved change(s)` : "";
}

function fieldRows(r) {
  const f = r.fields, rows = [];
  const add = (name, value) => { if (value !== null && value !== undefined && value !== "" &&
                                      !(Array.isArray(value) && !value.length)) rows.push([name, value]); };
  if (r.kind === "mention") { add("entity", f.entity && entityName(f.entity)); add("role", f.role); }
  if (r.kind === "statement") {
    add("speakers", list(f.speakers).map(entityName).join("; "));
    add("stance", f.stance + (f.polarity ? ` (${f.polarity})` : ""));
    add("words", f.words); add("direct", f.direct ? "yes (quotation)" : null); add("cue", f.cue);
    add("addressee", f.addressee && entityName(f.addressee));
    add("via", list(f.via).map(entityName).join("; "));
    add("about", list(f.about).map(keyName).join("; "));
  }
  if (r.kind === "report") {
    add("instance", f.instance && instanceName(f.instance));
    add("according to", list(f.according_to).join(", "));
  }
  if (r.kind === "figure") {
    add("counted", f.counted && instanceName(f.counted));
    const b = r.bounds || {value: f.value, lower: f.lower, upper: f.upper};
    add("value", [f.qualifier, b.value].filter((x) => x !== null && x !== undefined).join(" "));
    if (b.lower !== null && b.lower !== undefined || b.upper !== null && b.upper !== undefined)
      add("bounds", `${b.lower ?? "…"} to ${b.upper ?? "…"}`);
    add("unit", f.unit);
    add("reported by", list(f.reported_by).map(entityName).join("; "));
    add("stated in", f.stated_in);
  }
  for (const [name, d] of Object.entries(r.dates || {})) {
    if (d) add(name, `${d.label} (${d.precision} precision: ${d.from} to before ${d.until})`);
  }
  add("date as told", f.date_text);
  add("confidence", r.confidence);
  if (r.resolution) {
    const res = r.resolution;
    add("resolved by", `${res.by}` + (res.score !== null && res.score !== undefined ?
                                      ` · score ${Number(res.score).toFixed(2)}` : " · new") +
        (res.reason ? ` · ${res.reason}` : ""));
  }
  return rows;
}

function card(r, index) {
  const decision = r.added ? "add" : decided[r.id];
  const node = el("article", {class: `card kind-${r.kind}` + (index === current ? " current" : ""),
                              "data-id": r.id, "data-decision": decision || null},
    el("div", {class: "head"},
      el("b", {}, `${r.kind} ${r.added ? "(new)" : r.id}`),
      el("span", {class: `badge ${r.status}`}, decision ? `${decision}ed` : r.status)),
    el("dl", {}, fieldRows(r).map(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))])));
  if (r.span_error) node.append(el("p", {class: "error"}, r.span_error));
  if (r.candidates && r.candidates.length) {
    node.append(el("div", {}, el("dt", {}, "candidates"), el("ul", {class: "cand"},
      r.candidates.map((c) => el("li", {class: c.chosen ? "chosen" : null},
        `${c.chosen ? "▸ " : ""}${c.label} (${c.key}) `,
        el("span", {}, c.score === null ? "incompatible" : Number(c.score).toFixed(2)), " ",
        el("span", {class: "why"}, c.why))))));
  }
  const proposed = [r.fields.instance, r.fields.counted, r.fields.entity].find((key) => key &&
    [...state.instances, ...state.entities].some((x) => x.key === key && x.proposed));
  if (proposed && !r.added) {
    const kept = edits.some((e) => e.op === "keep" && e.key === proposed);
    node.append(el("p", {class: "proposed"}, `${proposed} is only proposed by this draft: `,
      el("button", {type: "button", class: "keep", disabled: kept, onclick: () => {
        edits.push({op: "keep", key: proposed}); render(); }},
        kept ? "kept (on save)" : "keep it (move it to the project's files)")));
  }
  if (!r.added) {
    node.append(el("div", {class: "actions"},
      el("button", {type: "button", class: "accept", onclick: () => decide(r, "accept")}, "Accept"),
      el("button", {type: "button", class: "edit", onclick: () => openEdit(r, node)}, "Edit"),
      r.kind === "mention" && r.fields.entity ? el("button", {type: "button", class: "edit-entity",
        onclick: () => openEntityEdit(r.fields.entity, node)}, "Edit entity") : null,
      el("button", {type: "button", class: "reject", onclick: () => decide(r, "reject")}, "Reject"),
      decision ? el("button", {type: "button", class: "undo", onclick: () => undo(r)}, "Undo") : null));
  } else {
    node.append(el("div", {class: "actions"},
      el("button", {type: "button", class: "undo", onclick: () => undoAdd(r.id)}, "Remove")));
  }
  node.addEventListener("click", (event) => {
    if (event.target.closest("button, form")) return;
    current = index; render();
  });
  return node;
}

function render() {
  const cards = cardList();
  current = Math.min(current, Math.max(0, cards.length - 1));
  $("#cards").replaceChildren(...cards.map(card));
  renderText();
  counts();
  const here = $("#cards .card.current");
  if (here && here.scrollIntoView) here.scrollIntoView({block: "nearest"});
}

// -- decisions --------------------------------------------------------------------------------
function dropEditsOf(id) { edits = edits.filter((e) => e.id !== id); delete decided[id]; }

function decide(r, op) {
  dropEditsOf(r.id);
  edits.push({op, id: r.id});
  decided[r.id] = op;
  next();
}

function undo(r) { dropEditsOf(r.id); render(); }
function undoAdd(tempId) { edits = edits.filter((e) => e.tempId !== tempId); render(); }

function next() {
  const cards = cardList();
  const later = cards.findIndex((c, i) => i > current && !c.reviewed && !decided[c.id]);
  current = later >= 0 ? later : Math.min(current + 1, cards.length - 1);
  render();
}

// -- pickers ----------------------------------------------------------------------------------
function options(items, selected, blank) {
  const chosen = new Set(list(selected));
  return [blank ? el("option", {value: ""}, blank) : null,
    ...items.map(([value, label]) => el("option", {value, selected: chosen.has(value)}, label))];
}
const entityItems = () => state.entities.map((e) => [e.key, `${e.name} (${e.key})`]);
function instanceItems(kinds) {
  return state.instances.filter((i) => !kinds || kinds.includes(i.kind))
    .map((i) => [i.key, `${i.label} (${i.kind}: ${i.key})`]);
}
const words = (items) => items.map((w) => [w, w]);

function picker(name, items, value, {multiple = false, blank = "—", create = null} = {}) {
  const select = el("select", {name, multiple, size: multiple ? 5 : null},
                    options(items, value, multiple ? null : blank));
  if (!create) return [el("label", {for: null}, name), select];
  const button = el("button", {type: "button", class: `new-${create}`,
                               onclick: () => createInPlace(create, select, button)}, `+ new ${create}`);
  return [el("label", {}, name), el("div", {}, select, " ", button)];
}
const input = (name, value) => [el("label", {}, name),
  el("input", {name, value: value === null || value === undefined ? "" : String(value)})];

function formFields(kind, f) {
  const v = state.vocabulary;
  if (kind === "mention") return [picker("entity", entityItems(), f.entity, {create: "entity"}),
                                  input("role", f.role)];
  if (kind === "statement") return [
    picker("speakers", entityItems(), f.speakers, {multiple: true, create: "entity"}),
    picker("stance", words(v.stances), f.stance || "asserted", {blank: null}),
    picker("polarity", words(v.polarities), f.polarity), input("words", f.words),
    picker("direct", [["false", "no"], ["true", "yes (quotation)"]], String(!!f.direct), {blank: null}),
    input("cue", f.cue), input("date", f.date), input("date_text", f.date_text),
    picker("about", [...entityItems(), ...instanceItems()], f.about, {multiple: true})];
  if (kind === "report") return [
    picker("instance", instanceItems(["event", "agreement", "term", "relationship"]), f.instance,
           {create: "instance"}),
    input("date", f.date), input("date_text", f.date_text)];
  return [  // figure
    picker("counted", instanceItems(["counted"]), f.counted, {create: "counted"}),
    input("value", f.value), input("lower", f.lower), input("upper", f.upper),
    picker("qualifier", words(v.qualifiers), f.qualifier),
    picker("reported_by", entityItems(), f.reported_by, {multiple: true, create: "entity"})];
}

function readForm(form, kind, before) {
  const out = {};
  for (const node of form.querySelectorAll("input[name], select[name]")) {
    const name = node.name;
    let value = node.multiple ? [...node.selectedOptions].map((o) => o.value)
      : node.value.trim() === "" ? null : node.value;
    if (name === "direct") value = value === "true";
    if (["value", "lower", "upper"].includes(name) && value !== null) value = Number(value);
    const old = before[name] === undefined ? null : before[name];
    if (JSON.stringify(value) !== JSON.stringify(old) &&
        !(Array.isArray(value) && !value.length && old === null)) out[name] = value;
  }
  if (kind === "statement" && out.stance && out.stance !== "evaluated" && before.polarity)
    out.polarity = out.polarity === undefined ? null : out.polarity;
  return out;
}

function openEdit(r, node) {
  if (node.querySelector("form.edit")) return;
  const form = el("form", {class: "edit"}, formFields(r.kind, r.fields),
    input("evidence", r.fields.evidence).map((x) => { x.classList.add("wide"); return x; }),
    el("div", {class: "wide actions"},
      el("button", {type: "submit", class: "apply"}, "Apply"),
      el("button", {type: "button", onclick: () => form.remove()}, "Cancel")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = readForm(form, r.kind, r.fields);
    dropEditsOf(r.id);
    edits.push({op: "edit", id: r.id, fields});
    decided[r.id] = "edit";
    r.fields = {...r.fields, ...fields};
    next();
  });
  node.append(form);
  const first = form.querySelector("select, input");
  if (first) first.focus();
}

// An entity's name and types, changed where it is declared (the draft's proposals or entities.yaml).
function openEntityEdit(key, node) {
  if (node.querySelector("form.entity")) return;
  const entity = state.entities.find((x) => x.key === key);
  if (!entity) return;
  const form = el("form", {class: "edit entity"},
    el("b", {class: "wide"}, `entity ${key}`), input("name", entity.name),
    picker("types", words(state.vocabulary.entity_types), entity.types, {multiple: true}),
    el("div", {class: "wide actions"}, el("button", {type: "submit", class: "apply"}, "Apply"),
       el("button", {type: "button", onclick: () => form.remove()}, "Cancel")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = readForm(form, "entity", {name: entity.name, types: entity.types});
    if (Object.keys(fields).length) {
      edits = edits.filter((e) => !(e.op === "entity-edit" && e.key === key));
      edits.push({op: "entity-edit", key, fields});
      Object.assign(entity, fields);
    }
    render();
  });
  node.append(form);
}

// A new entity or instance, made where it is needed: saved with the rest, chosen at once.
function createInPlace(what, select, button) {
  if (button.nextSibling && button.nextSibling.classList &&
      button.nextSibling.classList.contains("create")) return;
  const v = state.vocabulary;
  const isEntity = what === "entity";
  const box = el("span", {class: "create"}, " ",
    el("input", {name: "new-key", placeholder: "key (a-z0-9-)", size: 14}), " ",
    el("input", {name: "new-name", placeholder: isEntity ? "name" : "label", size: 18}), " ",
    el("select", {name: "new-type"}, options(words(
      isEntity ? v.entity_types : what === "counted" ? v.measures : v.event_types), null, null)),
    el("button", {type: "button", class: "create-ok", onclick: () => {
      const key = box.querySelector("[name=new-key]").value.trim();
      const name = box.querySelector("[name=new-name]").value.trim();
      const type = box.querySelector("[name=new-type]").value;
      if (!key || !name) { message("a new one needs a key and a name", "refused"); return; }
      if (isEntity) {
        edits.push({op: "entity", key, fields: {name, types: [type]}});
        state.entities.push({key, name, types: [type], proposed: false});
      } else {
        const section = what === "counted" ? "counted" : "events";
        const fields = what === "counted" ? {label: name, measure: type} : {type, label: name};
        edits.push({op: "instance", section, key, fields});
        state.instances.push({key, kind: what === "counted" ? "counted" : "event", label: name});
      }
      select.append(el("option", {value: key, selected: true}, `${name} (${key})`));
      if (!select.multiple) select.value = key;
      box.remove();
      counts();
    }}, "create"));
  button.after(box);
}

// -- a new report from a selected span ---------------------------------------------------------
function selectionSpan() {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
  const range = sel.getRangeAt(0);
  const box = $("#text");
  if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
  const offset = (node, at) => Number(node.parentElement.closest(".seg").dataset.start) + at;
  let start = offset(range.startContainer, range.startOffset);
  let end = offset(range.endContainer, range.endOffset);
  while (start < end && /\s/.test(state.text[start])) start++;
  while (end > start && /\s/.test(state.text[end - 1])) end--;
  return end > start ? {start, end, text: state.text.slice(start, end)} : null;
}

function offerNewReport() {
  const span = selectionSpan();
  if (!span) return;
  const form = $("#new-report");
  const kindSelect = el("select", {name: "kind"}, options(
    [["mention", "mention"], ["statement", "statement"], ["report", "report on an instance"],
     ["figure", "figure"]], "mention", null));
  const fields = el("div", {class: "wide", style: "display: contents"});
  const fill = () => fields.replaceChildren(...formFields(kindSelect.value, {}).flat());
  kindSelect.addEventListener("change", fill);
  form.replaceChildren(el("b", {class: "wide"}, `New report from “${span.text}” (offset ${span.start})`),
    el("label", {}, "kind"), kindSelect, fields,
    el("div", {class: "wide actions"}, el("button", {type: "submit", class: "add"}, "Add"),
       el("button", {type: "button", onclick: () => { form.hidden = true; }}, "Cancel")));
  fill();
  form.onsubmit = (event) => {
    event.preventDefault();
    const kind = kindSelect.value;
    const section = {mention: "mentions", statement: "statements", report: "reports",
                     figure: "figures"}[kind];
    const values = readForm(fields, kind, {});
    added += 1;
    edits.push({op: "add", section, kind, start: span.start, tempId: `new-${added}`,
                fields: {...values, evidence: span.text}});
    form.hidden = true;
    current = cardList().length - 1;
    render();
  };
  form.hidden = false;
}

// -- saving -----------------------------------------------------------------------------------
async function save() {
  if (!edits.length) { message("nothing to save", "ok"); return; }
  const sent = edits.map(({tempId, kind, ...rest}) => rest);
  document.body.dataset.state = "saving";
  const answer = await fetch("/api/save", {method: "POST", cache: "no-store",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({token: state.token, edits: sent})});
  const body = await answer.json();
  if (answer.ok) {
    show(body.state);
    message(`saved ${body.saved} change(s) to ${state.facts_file}`, "ok");
  } else {
    message(body.error + (answer.status === 409 ? "\n(reload the page: your changes are still " +
            "listed here until you do)" : ""), "refused");
  }
}

// -- keys -------------------------------------------------------------------------------------
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); return; }
  if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey)
    return;
  const cards = cardList(), r = cards[current];
  if (event.key === "j" || event.key === "ArrowDown") { current = Math.min(current + 1, cards.length - 1); render(); }
  else if (event.key === "k" || event.key === "ArrowUp") { current = Math.max(current - 1, 0); render(); }
  else if (!r || r.added) return;
  else if (event.key === "a") decide(r, "accept");
  else if (event.key === "r") decide(r, "reject");
  else if (event.key === "u") undo(r);
  else if (event.key === "e") { event.preventDefault(); openEdit(r, $(`#cards .card.current`)); }
  else return;
  event.preventDefault();
});
$("#text").addEventListener("mouseup", offerNewReport);
$("#save").addEventListener("click", save);
load().then(() => { if (!state.error) document.body.dataset.state = "ready"; },
            (error) => message(`cannot load the page state: ${error}`, "refused"));
