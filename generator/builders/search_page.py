"""The precedents page (search/index.md) and its script (search/search.js), kk and ru.

A plain HTML form (works with the keyboard, every control labelled) that asks the search
API of `alqa serve`; the query lives in the URL (?q=…&category=…), so a search can be
shared and the back button steps through searches (history.pushState / popstate). Where
the site is served without the API (a static host), the page says so and links to the
listings of rulings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from generator.builders import BuildContext, Page
from generator.builders.rulings import outcome_label
from generator.i18n import t
from generator.public import PublicView

PATH = "search/index.md"
SCRIPT = "search/search.js"

STRINGS = {
    "kk": {
        "intro": "Қаулыларды кез келген септіктегі, жақтағы сөзбен іздеңіз (қазақша немесе "
        'орысша): «өтінішхат», "нақты тіркес", OR, -алып тастау, іс нөмірі, «АПК 427».',
        "query": "Іздеу сөздері",
        "submit": "Іздеу",
        "any": "Барлығы",
        "category": "Санат",
        "region": "Өңір",
        "year": "Жыл",
        "outcome": "Нәтиже",
        "from": "Күннен бастап",
        "to": "Күнге дейін",
        "practice": "Тек практика қалыптастыратын",
        "language": "Тіл",
        "sort": "Сұрыптау",
        "relevance": "Сәйкестігі бойынша",
        "date": "Күні бойынша",
        "found": "Табылған қаулылар",
        "none": "Ештеңе табылмады.",
        "prev": "Алдыңғы",
        "next": "Келесі",
        "page": "Бет",
        "searching": "Іздеу…",
        "no_api": "Бұл сайт іздеу қызметінсіз жұмыс істеп тұр. Қаулыларды тізімнен қараңыз:",
        "listings": "Қаулылар тізімі",
        "kk": "қазақша",
        "ru": "орысша",
    },
    "ru": {
        "intro": "Ищите постановления по словам в любой форме (на казахском или русском): "
        '«решения», "точная фраза", OR, -исключение, номер дела, «ст. 427 ГПК».',
        "query": "Слова для поиска",
        "submit": "Найти",
        "any": "Все",
        "category": "Категория",
        "region": "Регион",
        "year": "Год",
        "outcome": "Результат",
        "from": "С даты",
        "to": "По дату",
        "practice": "Только формирующие практику",
        "language": "Язык",
        "sort": "Сортировка",
        "relevance": "По релевантности",
        "date": "По дате",
        "found": "Найдено постановлений",
        "none": "Ничего не найдено.",
        "prev": "Назад",
        "next": "Вперёд",
        "page": "Страница",
        "searching": "Поиск…",
        "no_api": "Сайт открыт без службы поиска. Постановления можно найти в списках:",
        "listings": "Списки постановлений",
        "kk": "на казахском",
        "ru": "на русском",
    },
}


def _select(name: str, label: str, options: list[tuple[str, str]], any_label: str) -> str:
    items = [f'<option value="">{any_label}</option>'] + [
        f'<option value="{value}">{text}</option>' for value, text in options
    ]
    return (
        f'<label for="s-{name}">{label}</label>\n'
        f'<select id="s-{name}" name="{name}" data-facet="{name}">{"".join(items)}</select>'
    )


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def build(view: PublicView, lang: str, ctx: BuildContext) -> Iterable[Page]:
    s = STRINGS[lang]
    categories = sorted(
        ((c.id, _esc(c.name(lang))) for c in view.categories.values()), key=lambda kv: kv[1]
    )
    regions = sorted(
        ((r.id, _esc(r.name(lang))) for r in view.regions.values()), key=lambda kv: kv[1]
    )
    years = sorted({str(r.year) for r in view.rulings}, reverse=True)
    outcomes = sorted({r.outcome.value for r in view.rulings})
    outcome_names = [(o, _esc(outcome_label(o, lang))) for o in outcomes]
    form = "\n".join(
        [
            '<form id="alqa-search" class="alqa-search" role="search" action="" method="get">',
            f'<label for="s-q">{s["query"]}</label>',
            '<input id="s-q" name="q" type="search" maxlength="300" autofocus>',
            f'<button type="submit">{s["submit"]}</button>',
            '<fieldset class="alqa-filters">',
            _select("category", s["category"], categories, s["any"]),
            _select("region", s["region"], regions, s["any"]),
            _select("year", s["year"], [(y, y) for y in years], s["any"]),
            _select("outcome", s["outcome"], outcome_names, s["any"]),
            _select("language", s["language"], [("kk", s["kk"]), ("ru", s["ru"])], s["any"]),
            f'<label for="s-from">{s["from"]}</label><input id="s-from" name="from" type="date">',
            f'<label for="s-to">{s["to"]}</label><input id="s-to" name="to" type="date">',
            f'<label><input id="s-pf" name="practice_forming" type="checkbox" value="true"> '
            f"{s['practice']}</label>",
            f'<label for="s-sort">{s["sort"]}</label><select id="s-sort" name="sort">'
            f'<option value="relevance">{s["relevance"]}</option>'
            f'<option value="date">{s["date"]}</option></select>',
            "</fieldset>",
            "</form>",
        ]
    )
    listings = "../rulings/"
    body = "\n".join(
        [
            f"# {t('search', lang)}",
            "",
            s["intro"],
            "",
            form,
            "",
            '<p id="alqa-status" role="status" aria-live="polite"></p>',
            "",
            f'<div id="alqa-no-api" hidden><p>{s["no_api"]} '
            f'<a href="{listings}">{s["listings"]}</a></p></div>',
            "",
            '<ol id="alqa-results" class="alqa-results" tabindex="-1"></ol>',
            "",
            '<nav id="alqa-pager" class="alqa-pager" aria-label="pages"></nav>',
            "",
            '<script src="search.js"></script>',
            "",
        ]
    )
    meta = {"title": t("search", lang), "search": {"exclude": True}, "alternate": "search/"}
    yield Page(PATH, body, meta)
    labels = {
        "strings": s,
        "outcomes": dict(outcome_names),
        "api": "/api/search",
    }
    yield Page(
        SCRIPT, SCRIPT_TEMPLATE.replace("__LABELS__", json.dumps(labels, ensure_ascii=False))
    )


SCRIPT_TEMPLATE = r"""// Alqa precedent search: asks /api/search, keeps the query in the URL.
(function () {
  "use strict";
  const L = __LABELS__;
  const S = L.strings;
  const form = document.getElementById("alqa-search");
  const status = document.getElementById("alqa-status");
  const list = document.getElementById("alqa-results");
  const pager = document.getElementById("alqa-pager");
  const noApi = document.getElementById("alqa-no-api");
  if (!form) return;
  const FIELDS = ["q", "category", "region", "year", "outcome", "language", "from", "to",
                  "practice_forming", "sort"];

  function paramsFromForm(page) {
    const p = new URLSearchParams();
    for (const name of FIELDS) {
      const el = form.elements[name];
      if (!el) continue;
      const value = el.type === "checkbox" ? (el.checked ? "true" : "") : el.value.trim();
      if (value && !(name === "sort" && value === "relevance")) p.set(name, value);
    }
    if (page && page > 1) p.set("page", String(page));
    return p;
  }

  function fillForm(p) {
    for (const name of FIELDS) {
      const el = form.elements[name];
      if (!el) continue;
      if (el.type === "checkbox") el.checked = p.get(name) === "true";
      else el.value = p.get(name) || (name === "sort" ? "relevance" : "");
    }
  }

  function text(tag, value, cls) {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  function updateFacets(facets) {
    for (const select of form.querySelectorAll("select[data-facet]")) {
      const counts = (facets || {})[select.dataset.facet];
      for (const option of select.options) {
        if (!option.value) continue;
        if (!option.dataset.label) option.dataset.label = option.textContent;
        const n = counts ? counts[option.value] || 0 : null;
        option.textContent = option.dataset.label + (n === null ? "" : " (" + n + ")");
      }
    }
  }

  function render(data, p) {
    list.replaceChildren();
    status.textContent = data.total ? S.found + ": " + data.total : S.none;
    for (const hit of data.results) {
      const li = document.createElement("li");
      const a = text("a", hit.case_number + (hit.practice_forming ? " ★" : ""));
      a.href = hit.url;
      a.hreflang = hit.language;
      const head = document.createElement("p");
      head.append(a, " · " + hit.date + " · " + hit.category_name + " · " +
                  (L.outcomes[hit.outcome] || hit.outcome) + " · " + S[hit.language]);
      li.append(head);
      if (hit.headnote) li.append(text("p", hit.headnote, "alqa-headnote"));
      const snippet = document.createElement("p");
      snippet.className = "alqa-snippet";
      snippet.innerHTML = hit.snippet;  // escaped by the server; only <mark> is markup
      li.append(snippet);
      list.append(li);
    }
    updateFacets(data.facets);
    pager.replaceChildren();
    const page = data.page;
    const go = (n, label) => {
      const b = text("button", label);
      b.type = "button";
      b.addEventListener("click", () => { search(paramsFromForm(n), true); list.focus(); });
      pager.append(b);
    };
    if (page > 1) go(page - 1, "← " + S.prev);
    if (data.pages > 1) pager.append(text("span", " " + S.page + " " + page + " / " + data.pages + " "));
    if (page < data.pages) go(page + 1, S.next + " →");
  }

  async function search(p, push) {
    if (push) history.pushState(null, "", "?" + p.toString());
    status.textContent = S.searching;
    try {
      const response = await fetch(L.api + "?" + p.toString(), {headers: {Accept: "application/json"}});
      const type = response.headers.get("Content-Type") || "";
      if (!type.includes("json")) throw new Error("no API");
      const data = await response.json();
      if (!response.ok) { status.textContent = data.error || String(response.status); return; }
      noApi.hidden = true;
      render(data, p);
    } catch (err) {
      status.textContent = "";
      noApi.hidden = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(paramsFromForm(1), true);
  });
  for (const el of form.querySelectorAll("select, input[type=checkbox], input[type=date]")) {
    el.addEventListener("change", () => search(paramsFromForm(1), true));
  }
  window.addEventListener("popstate", () => {
    const p = new URLSearchParams(location.search);
    fillForm(p);
    search(p, false);
  });
  const initial = new URLSearchParams(location.search);
  fillForm(initial);
  if ([...initial.keys()].length) search(initial, false);
})();
"""
