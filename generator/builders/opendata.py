"""Open data: the files of generator.opendata, Atom feeds, and the page that documents them.

The data files are the same in both languages, so they are written once, into the Kazakh
docs folder (the site's root): /opendata/… ; the Russian page links to the same files.
"""

from __future__ import annotations

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


class _Record:
    """A ruling's open-data record, JSON line and CSV row, made on first use: a build
    keeps the lines of unchanged rulings in the files it wrote before (JoinedPage), and
    making them all took ~1 s at 10,000 rulings."""

    __slots__ = ("_args", "_record", "_line", "_row")

    def __init__(self, r, h, site_url: str) -> None:
        self._args = (r, h, site_url)
        self._record: dict | None = None
        self._line: str | None = None
        self._row: str | None = None

    def record(self) -> dict:
        if self._record is None:
            self._record = opendata.record(*self._args)
        return self._record

    def line(self) -> str:
        if self._line is None:
            self._line = opendata.json_line(self.record())
        return self._line

    def row(self) -> str:  # in the CSV of all rulings and of the ruling's year
        if self._row is None:
            self._row = opendata.csv_row(self.record())
        return self._row

    def with_text(self) -> bytes:
        return opendata.jsonl_line(self.line(), self._args[0].text)


def data_files(view: PublicView, ctx: BuildContext) -> Iterable[Page]:
    """Every data file under opendata/ (language-independent). The exports are a line
    per ruling, kept by the ruling's content key (see _Record)."""
    court = view.court.name("kk")
    about = {"source": court, "site": ctx.site_url, "as_of": ctx.today.isoformat()}
    records: list[tuple[str | None, _Record]] = []
    by_year: dict[int, list[tuple[str | None, _Record]]] = defaultdict(list)
    for r in view.rulings:
        h = history_of(ctx, r.source_path)
        entry = (ctx.content_key("opendata", r, h, ctx.site_url), _Record(r, h, ctx.site_url))
        records.append(entry)
        by_year[r.year].append(entry)
        yield akn_page(r, h, view, ctx)

    def lines(entries):
        return [(key, rec.line) for key, rec in entries]

    def rows(entries):
        return [(key, rec.row) for key, rec in entries]

    yield _joined("opendata/rulings.json", opendata.json_parts(about, lines(records)))
    yield _joined("opendata/rulings.csv", opendata.csv_parts(rows(records)))
    texts = [(key and f"{key}:jsonl", rec.with_text) for key, rec in records]
    yield _joined("opendata/rulings.jsonl", texts)
    for year, entries in sorted(by_year.items()):
        parts = opendata.json_parts({**about, "year": year}, lines(entries))
        yield _joined(f"opendata/rulings-{year}.json", parts)
        yield _joined(f"opendata/rulings-{year}.csv", opendata.csv_parts(rows(entries)))
    yield Page("opendata/feeds/rulings.atom", feed(view, ctx, None))
    for category in sorted(view.categories):
        yield Page(f"opendata/feeds/category-{category}.atom", feed(view, ctx, category))


def _joined(path: str, parts: list) -> Page | JoinedPage:
    """A JoinedPage of keyed parts; without keys (no render cache), the page at once."""
    if all(key is not None for key, _ in parts):
        return JoinedPage(path, parts)
    return Page(path, b"".join(make() for _, make in parts))


def akn_page(r, h, view: PublicView, ctx: BuildContext) -> Page | LazyPage:
    """A ruling's Akoma Ntoso document, kept between builds as its page is (rulings.py)."""
    args = (r, h, view.court.name(r.language), t("ruling", r.language))
    return ctx.kept_page(opendata.akn_path(r), "akn", _akn, *args)


def _akn(*args) -> tuple[bytes, dict]:
    return opendata.akn_xml(*args), {}


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
