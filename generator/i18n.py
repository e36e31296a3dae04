"""Interface words of the public site and documents, in Kazakh and Russian.

Record content stays in the language it was written in; everything Alqa itself says to a
reader comes from here, so a page never mixes an English label into Kazakh text.
"""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "kk": [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ],
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
}
# attributive locative of each month ("24 қарашадағы"), by vowel harmony of the last syllable
_KK_ATTR = [
    "қаңтардағы",
    "ақпандағы",
    "наурыздағы",
    "сәуірдегі",
    "мамырдағы",
    "маусымдағы",
    "шілдедегі",
    "тамыздағы",
    "қыркүйектегі",
    "қазандағы",
    "қарашадағы",
    "желтоқсандағы",
]


def format_date(day: dt.date, lang: str, attributive: bool = False) -> str:
    """kk: '2026 жылғы 24 қараша' (attributive: '2026 жылғы 24 қарашадағы');
    ru: '24 ноября 2026 года'."""
    if lang == "kk":
        month = _KK_ATTR[day.month - 1] if attributive else MONTHS["kk"][day.month - 1]
        return f"{day.year} жылғы {day.day} {month}"
    return f"{day.day} {MONTHS['ru'][day.month - 1]} {day.year} года"


def format_time(at: dt.datetime) -> str:
    return at.strftime("%H:%M")


def format_number(n: int, lang: str) -> str:
    """Thousands separated by a narrow no-break space, as both languages write them."""
    return f"{n:,}".replace(",", "\u202f")


STRINGS: dict[str, dict[str, str]] = {
    "kk": {
        "language_name": "Қазақша",
        "home": "Басты бет",
        "sections": "Бөлімдер",
        "status": "Мәртебесі",
        "notable_cases": "Назар аударарлық істер",
        "considered_cases": "Қаралған істер",
        "rulings": "Қаулылар",
        "ruling": "Қаулы",
        "schedule": "Сот отырыстарының кестесі",
        "press": "Баспасөз релиздері",
        "press_release": "Баспасөз релизі",
        "reviews": "Сот практикасына шолулар",
        "statistics": "Статистика",
        "search": "Прецеденттерді іздеу",
        "case_number": "Іс нөмірі",
        "date": "Күні",
        "time": "Уақыты",
        "room": "Зал",
        "format": "Нысаны",
        "category": "Істер санаты",
        "lower_courts": "Төмен тұрған соттар",
        "region": "Өңір",
        "panel": "Алқа құрамы",
        "rapporteur": "Судья-баяндамашы",
        "outcome": "Нәтижесі",
        "norms": "Қолданылған нормалар",
        "headnote": "Құқықтық ұстаным",
        "practice_forming": "Практика құратын акт",
        "other_language": "Орыс тіліндегі мәтіні",
        "downloads": "Жүктеу",
        "text": "Мәтіні",
        "by_year": "Жылдар бойынша",
        "by_category": "Санаттар бойынша",
        "by_outcome": "Нәтижелер бойынша",
        "practice_forming_only": "Практика құратын актілер",
        "all_rulings": "Барлық қаулылар",
        "page": "Бет",
        "previous": "Алдыңғы",
        "next": "Келесі",
        "closed_hearing": "жабық сот отырысы",
        "postponed": "кейінге қалдырылды",
        "postponed_to": "кейінге қалдырылды:",
        "held": "өтті",
        "scheduled": "тағайындалды",
        "parties": "Тараптар",
        "week": "апта",
        "coming_week": "Алдағы аптадағы сот отырыстары",
        "no_hearings": "Бұл аптада сот отырыстары жоқ.",
        "calendar": "Күнтізбе (.ics)",
        "upcoming_hearings": "барлық алдағы отырыстар",
        "all_weeks": "Барлық апталар",
        "count": "Саны",
        "total": "Барлығы",
        "instance_first": "бірінші саты",
        "instance_appeal": "апелляциялық саты",
        "format_offline": "офлайн",
        "format_online": "онлайн",
        "format_video": "бейнеконференцбайланыс",
        "outcome_upheld": "сот актілері өзгеріссіз қалдырылды",
        "outcome_modified": "сот актілері өзгертілді",
        "outcome_remanded": "жойылып, іс жаңадан қарауға жіберілді",
        "outcome_reversed": "жойылып, жаңа шешім шығарылды",
        "outcome_reinstated": "бұрын шығарылған актілердің бірі күшінде қалдырылды",
        "outcome_terminated": "іс жүргізу тоқтатылды / арыз қараусыз қалдырылды",
        "outcome_returned": "өтінішхат қайтарылды",
        "outcome_admitted": "кассациялық сатының отырысында қарауға берілді",
        "outcome_refused": "қарауға беруден бас тартылды",
        "role_plaintiff": "талапкер",
        "role_defendant": "жауапкер",
        "role_third_party": "үшінші тұлға",
        "role_applicant": "өтініш беруші",
        "role_prosecutor": "прокурор",
    },
    "ru": {
        "language_name": "Русский",
        "home": "Главная",
        "sections": "Разделы",
        "status": "Статус",
        "notable_cases": "Дела, заслуживающие внимания",
        "considered_cases": "Рассмотренные дела",
        "rulings": "Постановления",
        "ruling": "Постановление",
        "schedule": "График судебных заседаний",
        "press": "Пресс-релизы",
        "press_release": "Пресс-релиз",
        "reviews": "Обзоры судебной практики",
        "statistics": "Статистика",
        "search": "Поиск прецедентов",
        "case_number": "Номер дела",
        "date": "Дата",
        "time": "Время",
        "room": "Зал",
        "format": "Форма",
        "category": "Категория дел",
        "lower_courts": "Нижестоящие суды",
        "region": "Регион",
        "panel": "Состав коллегии",
        "rapporteur": "Судья-докладчик",
        "outcome": "Результат",
        "norms": "Применённые нормы",
        "headnote": "Правовая позиция",
        "practice_forming": "Практикообразующий акт",
        "other_language": "Текст на казахском языке",
        "downloads": "Скачать",
        "text": "Текст",
        "by_year": "По годам",
        "by_category": "По категориям",
        "by_outcome": "По результатам",
        "practice_forming_only": "Практикообразующие акты",
        "all_rulings": "Все постановления",
        "page": "Страница",
        "previous": "Назад",
        "next": "Далее",
        "closed_hearing": "закрытое судебное заседание",
        "postponed": "отложено",
        "postponed_to": "отложено на",
        "held": "состоялось",
        "scheduled": "назначено",
        "parties": "Стороны",
        "week": "неделя",
        "coming_week": "Судебные заседания на предстоящей неделе",
        "no_hearings": "На этой неделе судебных заседаний нет.",
        "calendar": "Календарь (.ics)",
        "upcoming_hearings": "все предстоящие заседания",
        "all_weeks": "Все недели",
        "count": "Количество",
        "total": "Всего",
        "instance_first": "первая инстанция",
        "instance_appeal": "апелляционная инстанция",
        "format_offline": "очно",
        "format_online": "онлайн",
        "format_video": "видеоконференцсвязь",
        "outcome_upheld": "судебные акты оставлены без изменения",
        "outcome_modified": "судебные акты изменены",
        "outcome_remanded": "отменены, дело направлено на новое рассмотрение",
        "outcome_reversed": "отменены, вынесено новое решение",
        "outcome_reinstated": "оставлен в силе один из ранее вынесенных актов",
        "outcome_terminated": "производство прекращено / заявление оставлено без рассмотрения",
        "outcome_returned": "ходатайство возвращено",
        "outcome_admitted": "передано для рассмотрения в судебном заседании кассационной инстанции",
        "outcome_refused": "отказано в передаче",
        "role_plaintiff": "истец",
        "role_defendant": "ответчик",
        "role_third_party": "третье лицо",
        "role_applicant": "заявитель",
        "role_prosecutor": "прокурор",
    },
}


def t(key: str, lang: str) -> str:
    """The interface word `key` in `lang`; a missing key is a bug, so it raises."""
    return STRINGS[lang][key]
