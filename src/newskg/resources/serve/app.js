// The newskg query page: named queries as examples, a SPARQL editor, a results table.
// Everything is served by newskg itself; the page makes no request to another host.
"use strict";

const PREFIXES = {};
let namedQueries = [];
let current = null;  // the named query in the editor, until the text is edited

const $ = (id) => document.getElementById(id);

function compact(iri) {
  let best = null;
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && /^[\w.\/-]*$/.test(iri.slice(ns.length)) &&
        (best === null || ns.length > best[1].length)) best = [prefix, ns];
  }
  return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
}

function resourceQuery(iri) {
  return "# Everything said about <" + iri + ">\n" +
    "SELECT ?subject ?predicate ?object WHERE {\n" +
    "  { BIND(<" + iri + "> AS ?subject) <" + iri + "> ?predicate ?object }\n" +
    "  UNION\n" +
    "  { BIND(<" + iri + "> AS ?object) ?subject ?predicate <" + iri + "> }\n" +
    "} ORDER BY ?subject ?predicate ?object LIMIT 500";
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.href = "/?resource=" + encodeURIComponent(term.value);
    a.textContent = compact(term.value);
    a.title = term.value;
    td.appendChild(a);
  } else if (term.type === "bnode") {
    td.textContent = "_:" + term.value;
  } else {
    td.appendChild(document.createTextNode(term.value));
    const note = term["xml:lang"] ? ["lang", "@" + term["xml:lang"]] :
      term.datatype ? ["datatype", " ^^" + compact(term.datatype)] : null;
    if (note) {
      const span = document.createElement("span");
      span.className = note[0];
      span.textContent = note[1];
      td.appendChild(span);
    }
  }
  return td;
}

function showTable(data) {
  const table = $("results");
  const head = table.tHead, body = table.tBodies[0];
  head.replaceChildren(); body.replaceChildren();
  const vars = data.head.vars || ["boolean"];
  const rows = data.results ? data.results.bindings : [{ boolean: { type: "literal", value: String(data.boolean) } }];
  const tr = document.createElement("tr");
  for (const v of vars) { const th = document.createElement("th"); th.textContent = v; tr.appendChild(th); }
  head.appendChild(tr);
  for (const row of rows) {
    const r = document.createElement("tr");
    for (const v of vars) r.appendChild(cell(row[v]));
    body.appendChild(r);
  }
  table.hidden = false;
  return rows.length;
}

async function run() {
  $("error").hidden = true; $("results").hidden = true; $("rdf").hidden = true;
  $("status").textContent = "running…";
  const started = performance.now();
  let response;
  const headers = { "Accept": "application/sparql-results+json, text/turtle;q=0.9" };
  if (current) {
    const params = new URLSearchParams();
    for (const input of document.querySelectorAll("#params input")) {
      if (input.value) params.append(input.name, input.value);
    }
    if ($("drafts").checked) params.append("drafts", "true");
    if ($("limit").value !== "") params.append("limit", $("limit").value);
    if ($("offset").value !== "") params.append("offset", $("offset").value);
    response = await fetch("/named/" + encodeURIComponent(current.name) + "?" + params, { headers });
  } else {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    response = await fetch("/sparql", { method: "POST", headers,
      body: new URLSearchParams({ query: $("query").value }) });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(3);
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    $("error").textContent = response.status + " " + response.statusText + "\n" + await response.text();
    $("error").hidden = false;
    $("status").textContent = "failed";
  } else if (type.startsWith("application/sparql-results+json")) {
    const count = showTable(await response.json());
    $("status").textContent = count + (count === 1 ? " row" : " rows") + " in " + seconds + " s";
    // A named query's page: "offset=0; limit=100"; a full page may have a next one.
    const page = Object.fromEntries((response.headers.get("X-Newskg-Page") || "").split("; ")
      .filter((part) => part.includes("=")).map((part) => part.split("=")));
    if (page.limit) {
      const first = Number(page.offset) + 1;
      $("status").textContent += " (rows " + first + "–" + (first + count - 1) +
        (count === Number(page.limit) ? "; there may be more: Next page)" : ", the last page)");
      $("next").hidden = count !== Number(page.limit);
      $("next").dataset.offset = String(Number(page.offset) + count);
    } else {
      $("next").hidden = true;
    }
  } else {
    $("rdf").textContent = await response.text();
    $("rdf").hidden = false;
    $("status").textContent = "done in " + seconds + " s";
  }
  document.body.dataset.state = response.ok ? "done" : "failed";
}

function choose(name) {
  current = namedQueries.find((q) => q.name === name) || null;
  $("named").value = current ? current.name : "";
  $("question").textContent = current ? current.question : "";
  $("offset").value = ""; $("next").hidden = true;
  const params = $("params");
  params.replaceChildren();
  if (!current) return;
  $("query").value = current.text;
  for (const p of current.params) {
    const label = document.createElement("label");
    label.textContent = p.name + " (" + (p.shown || p.kind) + ")";
    const input = document.createElement("input");
    input.name = p.name; input.value = p.default || ""; input.placeholder = p.help;
    label.appendChild(input);
    params.appendChild(label);
  }
}

async function start() {
  const response = await fetch("/queries.json");
  const body = await response.json();
  namedQueries = body.queries;
  Object.assign(PREFIXES, body.prefixes);
  for (const q of namedQueries) {
    const option = document.createElement("option");
    option.value = q.name; option.textContent = q.name + " — " + q.question;
    $("named").appendChild(option);
  }
  $("named").addEventListener("change", (e) => choose(e.target.value));
  $("query").addEventListener("input", () => { current = null; $("named").value = ""; $("params").replaceChildren(); });
  $("run").addEventListener("click", run);
  $("next").addEventListener("click", () => { $("offset").value = $("next").dataset.offset; run(); });
  const url = new URLSearchParams(location.search);
  if (url.has("name")) {
    choose(url.get("name"));
    for (const input of document.querySelectorAll("#params input")) {
      if (url.has(input.name)) input.value = url.get(input.name);
    }
  } else if (url.has("resource")) {
    $("query").value = resourceQuery(url.get("resource"));
  } else if (url.has("query")) {
    $("query").value = url.get("query");
  }
  if (url.has("name") || url.has("resource") || url.has("run")) await run();
}

start();
