"""Open data: the files of generator.opendata, Atom feeds, and the page that documents them.

The data files are the same in both languages, so they are written once, into the Kazakh
docs folder (the site's root): /opendata/… ; the Russian page links to the same files.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from generator import opendata
from generator.builders import BuildContext, JoinedPage, LazyPage, Page, cell, table, url_of
from generator.history import history_of
from generator.i18n import t
from generator.public import PublicView

INDEX = "opendata/index.md"
FEED_ENTRIES = 100  # the newest publications and corrections a feed keeps
WORDS = {
    "title": {"kk": "Ашық деректер", "ru": "Открытые данные"},
    "corrected": {"kk": "түзетілді", "ru": "исправлено"},
    "feed": {"kk": "Қаулылар", "ru": "Постановления"},
}
INTRO = {
    "kk": """Алқаның жарияланған барлық қаулылары машина оқи алатын пішімдерде. Файлдар әр
жариялау сайын жазбалардан қайта жасалады; мәтіндер сайттағыдай иесіздендірілген (тараптардың
аты-жөні аты-жөнінің бас әріптерімен немесе процестік жағдайымен ауыстырылған, ЖСН/БСН,
мекенжайлар мен байланыс деректері алынып тасталған). Жабық істердің қаулылары жарияланбайды.""",
    "ru": """Все опубликованные постановления коллегии в машиночитаемых форматах. Файлы заново
создаются из записей при каждой публикации; тексты обезличены так же, как на сайте (имена сторон
заменены инициалами или процессуальным положением, ИИН/БИН, адреса и контакты удалены).
Постановления по закрытым делам не публикуются.""",
}
FORMATS = {
    "kk": [
        ("JSON", "Барлық қаулылардың метадеректері (бір файл) және жыл бойынша файлдар."),
        ("CSV", "Сол метадеректер кестеде: бір жол — бір қаулы, тізімдер «; » арқылы."),
        ("JSON Lines", "Әр жолда бір қаулы: метадеректер және иесіздендірілген толық мәтін."),
        ("Akoma Ntoso", "Әр қаулы OASIS LegalDocML 3.0 `judgment` құжаты ретінде; "
         "тұрақты FRBR идентификаторлары: /akn/kz/judgment/supremecourt/КҮНІ/НӨМІРІ/kaz@."),
        ("Atom", "Жаңа жарияланған және түзетілген қаулылар: барлығы және санат бойынша."),
    ],
    "ru": [
        ("JSON", "Метаданные всех постановлений (один файл) и файлы по годам."),
        ("CSV", "Те же метаданные таблицей: строка — постановление, списки через «; »."),
        ("JSON Lines", "По строке на постановление: метаданные и полный обезличенный текст."),
        ("Akoma Ntoso", "Каждое постановление как документ OASIS LegalDocML 3.0 `judgment`; "
         "постоянные идентификаторы FRBR: /akn/kz/judgment/supremecourt/ДАТА/НОМЕР/rus@."),
        ("Atom", "Новые и исправленные постановления: общая лента и ленты по категориям."),
    ],
}  # fmt: skip
LICENCE = {
    "kk": """## Лицензия

Сот актілері — ресми құжаттар, олар авторлық құқық объектісі болып табылмайды («Авторлық құқық
және сабақтас құқықтар туралы» Қазақстан Республикасы Заңының 8-бабы). Деректерді кез келген
мақсатта еркін пайдалануға, көшіруге және таратуға болады; дереккөзді көрсетуді сұраймыз.
Ресми мәтін — соттың қол қойылған қаулысы; деректердегі қате туралы сотқа хабарлаңыз.""",
    "ru": """## Лицензия

Судебные акты — официальные документы и не являются объектами авторского права (статья 8
Закона Республики Казахстан «Об авторском праве и смежных правах»). Данные можно свободно
использовать, копировать и распространять для любых целей; просим указывать источник.
Официальный текст — подписанное постановление суда; об ошибках в данных сообщите в суд.""",
}
FIELDS = {
    "kk": "Өрістер: id, case_number, date, language, category, outcome, practice_forming, "
    "headnote, norms, panel, lower_courts, published (алғаш жарияланған күні), updated "
    "(соңғы түзету), versions, url, akn. Күндер ISO 8601 пішімінде, кодтау UTF-8.",
    "ru": "Поля: id, case_number, date, language, category, outcome, practice_forming, "
    "headnote, norms, panel, lower_courts, published (дата первой публикации), updated "
    "(последнее исправление), versions, url, akn. Даты в ISO 8601, кодировка UTF-8.",
}


def data_files(view: PublicView, ctx: BuildContext) -> Iterable[Page]:
    """Every data file under opendata/ (language-independent)."""
    court = view.court.name("kk")
    about = {"source": court, "site": ctx.site_url, "as_of": ctx.today.isoformat()}
    lines, rows, texts = [], [], []
    by_year: dict[int, list[int]] = defaultdict(list)
    for r in view.rulings:
        h = history_of(ctx, r.source_path)
        rec = opendata.record(r, h, ctx.site_url)
        by_year[r.year].append(len(lines))
        lines.append(opendata.json_line(rec))
        rows.append(opendata.csv_row(rec))
        key = ctx.content_key("jsonl", r, h, ctx.site_url)
        texts.append((key, functools.partial(opendata.jsonl_line, lines[-1], r.text)))
        yield akn_page(r, h, view, ctx)
    yield Page("opendata/rulings.json", opendata.to_json(lines, about))
    yield Page("opendata/rulings.csv", opendata.to_csv(rows))
    if texts and texts[0][0] is not None:
        yield JoinedPage("opendata/rulings.jsonl", texts)
    else:
        yield Page("opendata/rulings.jsonl", b"".join(make() for _, make in texts))
    del texts
    for year, numbers in sorted(by_year.items()):
        yield Page(
            f"opendata/rulings-{year}.json",
            opendata.to_json([lines[i] for i in numbers], {**about, "year": year}),
        )
        yield Page(f"opendata/rulings-{year}.csv", opendata.to_csv([rows[i] for i in numbers]))
    yield Page("opendata/feeds/rulings.atom", feed(view, ctx, None))
    for category in sorted(view.categories):
        yield Page(f"opendata/feeds/category-{category}.atom", feed(view, ctx, category))


def akn_page(r, h, view: PublicView, ctx: BuildContext) -> Page | LazyPage:
    """A ruling's Akoma Ntoso document, kept between builds as its page is (rulings.py)."""
    args = (r, h, view.court.name(r.language), t("ruling", r.language))
    path = opendata.akn_path(r)
    key = ctx.content_key("akn", *args)
    if key is None:
        return Page(path, opendata.akn_xml(*args))
    return LazyPage(path, key, lambda: (opendata.akn_xml(*args), {}))


def feed(view: PublicView, ctx: BuildContext, category: str | None) -> bytes:
    """Atom: newly published and corrected rulings (one entry per ruling, dated from git)."""
    tz = ZoneInfo(view.court.timezone)
    base = ctx.site_url.rstrip("/") + "/"
    name = f"category-{category}" if category else "rulings"
    entries = []
    for r in view.rulings:
        if category and r.category.id != category:
            continue
        h = history_of(ctx, r.source_path)
        published, updated = (h.published, h.updated) if h else (r.date, r.date)
        entries.append((updated, published, r, h))
    entries.sort(key=lambda e: (e[0], e[1], e[2].case_number, e[2].language), reverse=True)
    fg = FeedGenerator()
    fg.id(f"{base}opendata/feeds/{name}.atom")
    title = f"{WORDS['feed']['kk']} / {WORDS['feed']['ru']}"
    if category:
        cat = view.categories[category]
        title += f": {cat.name('kk')} / {cat.name('ru')}"
    fg.title(f"{view.court.name('kk')} — {title}")
    fg.author({"name": view.court.name("kk")})
    fg.link(href=f"{base}opendata/feeds/{name}.atom", rel="self")
    fg.link(href=base, rel="alternate")
    for updated, published, r, h in entries[:FEED_ENTRIES]:
        url = opendata.page_url(r, ctx.site_url)
        fe = fg.add_entry(order="append")
        fe.id(url)
        mark = f" ({WORDS['corrected'][r.language]})" if h and h.corrected else ""
        fe.title(f"{t('ruling', r.language)} № {r.case_number}{mark}")
        fe.link(href=url)
        fe.published(opendata.day_time(published, tz))
        fe.updated(opendata.day_time(updated, tz))
        fe.category(term=r.category.id, label=r.category.name(r.language))
        fe.summary(r.headnote or f"{r.category.name(r.language)}. {t('outcome', r.language)}: "
                   f"{t('outcome_' + r.outcome.value, r.language)}")  # fmt: skip
    last = entries[0][0] if entries else ctx.today
    fg.updated(opendata.day_time(last, tz))
    return fg.atom_str(pretty=True)


def _href(lang: str, path: str) -> str:
    """A link from opendata/index.md of `lang` to a data file (always in the root's folder)."""
    return "../../" + path if lang == "ru" else path.removeprefix("opendata/")


def index_page(view: PublicView, lang: str, ctx: BuildContext) -> Page:
    years = sorted({r.year for r in view.rulings}, reverse=True)

    def a(path: str) -> str:
        return f'<a href="{_href(lang, path)}">{path.removeprefix("opendata/")}</a>'

    rows = [
        ("JSON", a("opendata/rulings.json"), " ".join(a(f"opendata/rulings-{y}.json") for y in years)),
        ("CSV", a("opendata/rulings.csv"), " ".join(a(f"opendata/rulings-{y}.csv") for y in years)),
        ("JSON Lines", a("opendata/rulings.jsonl"), ""),
        ("Atom", a("opendata/feeds/rulings.atom"), " ".join(
            f"{a(f'opendata/feeds/category-{c}.atom')} ({cell(view.categories[c].name(lang))})"
            for c in sorted(view.categories))),
    ]  # fmt: skip
    title = WORDS["title"][lang]
    body = [f"# {title}", "", INTRO[lang], "", f"{t('total', lang)}: {len(view.rulings)}", ""]
    body += [table(("", "", ""), rows), ""]
    body += [table(("", ""), [(name, cell(text)) for name, text in FORMATS[lang]]), ""]
    body += [FIELDS[lang], "", "Akoma Ntoso: `opendata/akn/YEAR/SLUG.LANG.xml`", ""]
    body += [LICENCE[lang], ""]
    return Page(INDEX, "\n".join(body), {"title": title, "alternate": url_of(INDEX)})


def build(view: PublicView, lang: str, ctx: BuildContext) -> Iterable[Page]:
    if lang == ctx.languages[0]:
        yield from data_files(view, ctx)
    yield index_page(view, lang, ctx)
