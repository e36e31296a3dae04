"""Every inflected form of every person's name is replaced; judges, organisations and
ordinary words stay. Kazakh forms come from qazaq-inflector, Russian ones from pymorphy3."""

from __future__ import annotations

import pymorphy3
import pytest
from qazaq_inflector import QazaqNameInflector

from generator.depersonalise import (
    COMMON_WORDS,
    Depersonaliser,
    fold,
    initials,
    public_name,
    split_name,
)
from generator.models.case import Case

from .conftest import JUDGES, make_case

KK = QazaqNameInflector(strict=True)
MORPH = pymorphy3.MorphAnalyzer()
PERSONS = ("1sg", "2sg", "1pl", "3")


def kazakh_forms(word: str) -> set[str]:
    """Case forms, singular and plural, and possessive forms with every case."""
    forms = set()
    for case in KK.CASES:
        forms |= {KK.inflect(word, case), KK.inflect(KK.pluralize(word), case)}
        for person in PERSONS:
            for plural in (False, True):
                forms.add(KK.possessive(word, person, case, plural))
    return forms


def kazakh_name_forms(name: str) -> set[str]:
    """Each word alone in every form, the whole name with the suffix on the last word,
    and the inflector's own full-name forms (suffix on every word but the patronymic).
    A given name that is also a common word (Ерлан) is a name only beside the others."""
    words = name.split()
    forms = set()
    for i, word in enumerate(words):
        for form in kazakh_forms(word):
            if i != 1 or fold(word) not in COMMON_WORDS:
                forms.add(form)
            forms.add(" ".join([*words[:i], form]))
    forms |= {KK.inflect(name, case) for case in KK.CASES}
    return forms


def russian_forms(word: str, tag: str, like: str | None = None) -> set[str]:
    """The six cases (and plural) of a name word, masculine and feminine. A Kazakh name
    unknown to the dictionary is declined like `like` (Серикбаев like Иванов)."""
    model = like or word
    parses = [p for p in MORPH.parse(model) if tag in p.tag and "nomn" in p.tag]
    assert parses, f"pymorphy3 does not know {model} as {tag}"
    forms = set()
    for parse in parses:
        for gender in ("masc", "femn"):
            for number in ("sing", "plur"):
                for case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
                    form = parse.inflect({gender, number, case}) if tag != "Patr" else None
                    form = form or parse.inflect({number, case})
                    if form is not None:
                        forms.add(form.word)
    if like:  # Иванову -> Серикбаеву
        forms = {word.lower() + f[len(like) :] for f in forms if f.startswith(like.lower())}
    return {f.capitalize() for f in forms}


def _gone(out: str, word: str) -> bool:
    """No trace of the name word's stem (first letters, folded) is left in `out`."""
    return fold(word)[: max(4, len(word) - 2)] not in fold(out)


def _sentence(form: str, language: str) -> str:
    if language == "kk":
        return f"Сот {form} кассациялық шағымын қарап, «{form}» деп атап өтті.\n"
    return f"Суд, рассмотрев жалобу ({form}), установил: {form}, проживающий там же.\n"


KK_PERSONS = ["Серікбаев Асқар Болатұлы", "Жақсылықов Ерлан Маратұлы", "Сұлтанбек Айгүл Серікқызы"]


@pytest.mark.parametrize("name", KK_PERSONS)
def test_every_kazakh_form_is_replaced(name: str) -> None:
    case = make_case(parties=[{"role": "plaintiff", "kind": "person", "name": name}])
    forms = sorted(kazakh_name_forms(name))
    assert len(forms) > 100  # cases x number x possessives
    text = "".join(_sentence(f, "kk") for f in forms)
    out = Depersonaliser.for_case(case).apply(text, "kk")
    for word in name.split():
        assert _gone(out, word), [line for line in out.splitlines() if fold(word)[:4] in fold(line)]
    assert out.count(initials(name)) == 2 * len(forms)  # one replacement per whole name


def test_kazakh_forms_in_russian_letters_are_replaced() -> None:
    case = make_case()
    forms = [
        f.translate(str.maketrans("әіңғүұқөһ", "аингуукох"))
        for f in kazakh_name_forms(case.parties[0].name)
    ]
    out = Depersonaliser.for_case(case).apply("".join(_sentence(f, "kk") for f in forms), "kk")
    assert "Серикба" not in out and "Аскар" not in out and "Болатулы" not in out


RU_PERSONS = [
    ("Иванов Пётр Петрович", None),
    ("Жуковская Мария Андреевна", None),
    ("Павлов Андрей Игоревич", None),
    ("Серикбаев Аскар Болатович", "Иванов Аскар Болатович"),
]


def russian_name_forms(name: str, like: str | None) -> set[str]:
    surname, given, patronymic = split_name(name)
    model_surname = split_name(like)[0] if like else None
    forms = set()
    for word, tag, model in (
        (surname, "Surn", model_surname),
        (given, "Name", None),
        (patronymic, "Patr", None),
    ):
        forms |= {f for f in russian_forms(word, tag, model)} if word else set()
    return forms


def test_russian_forms_generator_declines_like_a_model() -> None:
    assert {"Серикбаеву", "Серикбаевой", "Серикбаевых"} <= russian_forms(
        "Серикбаев", "Surn", "Иванов"
    )


@pytest.mark.parametrize(("name", "like"), RU_PERSONS)
def test_every_russian_form_is_replaced(name: str, like: str | None) -> None:
    case = make_case(language="ru", parties=[{"role": "plaintiff", "kind": "person", "name": name}])
    forms = sorted(russian_name_forms(name, like))
    assert len(forms) >= 20
    surname, given, patronymic = split_name(name)
    texts = [
        *forms,
        f"{surname} {given[0]}.{patronymic[0]}.",
        f"{given[0]}.{patronymic[0]}. {surname}",
    ]
    out = Depersonaliser.for_case(case).apply("".join(_sentence(f, "ru") for f in texts), "ru")
    for word in name.split():
        assert _gone(out, word), (word, out[:500])
    assert "Суд, рассмотрев жалобу" in out  # ordinary words untouched


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_judges_organisations_and_ordinary_words_stay(kk_case: Case, language: str) -> None:
    text = (
        "Төрағалық етуші Әбенов Ж.Қ., судьялар Абенов Ж.К. және Ким В.А. «Астана Су Арнасы» ЖШС "
        "арман, бақыт, әділет, нұр, ай, жан туралы. Әділет министрлігі хат жіберді. Бақыт деген сөз."
    )
    assert Depersonaliser.for_case(kk_case, keep=JUDGES).apply(text, language) == text


def test_a_common_given_name_is_replaced_beside_the_surname_or_patronymic(kk_case: Case) -> None:
    d = Depersonaliser.for_case(kk_case)
    assert d.apply("Әділет Әбілқасымова келді. Әділет Нұрланқызының өтініші.", "kk") == (
        "Жауапкер келді. Жауапкер өтініші."
    )
    assert d.apply("Әділет министрлігі", "kk") == "Әділет министрлігі"


def test_a_lone_uncommon_given_name_is_replaced(kk_case: Case) -> None:
    assert Depersonaliser.for_case(kk_case).apply("Асқарға хат жіберілді.", "kk") == (
        "С.А.Б. хат жіберілді."
    )


def test_a_party_sharing_a_judges_surname_keeps_the_judge(kk_case: Case) -> None:
    case = make_case(
        parties=[{"role": "plaintiff", "kind": "person", "name": "Ким Олег Викторович"}]
    )
    d = Depersonaliser.for_case(case, keep=JUDGES)
    assert d.apply("Судья Ким В.А. выслушал Кима О.В. и Ким Олега.", "ru") == (
        "Судья Ким В.А. выслушал К.О.В. и К.О.В.."
    )


def test_representatives_other_than_advocates_are_replaced(kk_case: Case) -> None:
    d = Depersonaliser.for_case(kk_case)
    text = "Өкілдер Жақсылықов Е.М. және адвокат Оспанов Д.С. қатысты."
    assert d.apply(text, "kk") == "Өкілдер Ж.Е.М. және адвокат Оспанов Д.С. қатысты."
    assert [p.name for p in d.persons()] == [
        "Серікбаев Асқар Болатұлы",
        "Әбілқасымова Әділет Нұрланқызы",
        "Жақсылықов Ерлан Маратұлы",
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("kk", "Жауапкер Әбілқасымоваға хабарланды.", "Жауапкер жауапкер хабарланды."),
        ("kk", "Әбілқасымова Ә.Н. келмеді.", "Жауапкер келмеді."),
        (
            "ru",
            "Ответчику Жуковской М.А. направлено извещение.",
            "Ответчику ответчик направлено извещение.",
        ),
    ],
)
def test_a_party_depersonalised_by_role_gets_the_role_word(
    kk_case: Case, ru_case: Case, language: str, text: str, expected: str
) -> None:
    case = kk_case if language == "kk" else ru_case
    assert Depersonaliser.for_case(case).apply(text, language) == expected


def test_initials_are_surname_first() -> None:
    assert initials("Серікбаев Асқар Болатұлы") == "С.А.Б."
    assert initials("Иванов Пётр") == "И.П."
    assert initials("Әбілқасым-Серікбаев Асқар Болат ұлы") == "Ә.А.Б."
    assert initials("Жақсылықов Е.М.") == initials("Жақсылықов Е. М.") == "Ж.Е.М."


def test_public_name(kk_case: Case, ru_case: Case) -> None:
    plaintiff, defendant, organisation = kk_case.parties
    assert public_name(plaintiff, "kk") == "С.А.Б."
    assert public_name(defendant, "kk") == "жауапкер"
    assert public_name(defendant, "ru") == "ответчик"
    assert public_name(organisation, "ru") == "«Астана Су Арнасы» ЖШС"
    assert public_name(ru_case.parties[1], "ru") == "ответчик"


def test_a_party_is_not_taken_for_staff_with_the_next_names_initials() -> None:
    """Court staff "Қалиева Н.Б." keep their name, but in "Е.Қ. Қалиевтің Н.Б. Есеновқа"
    the initials after Қалиев belong to Есенов: Қалиев Е.Қ. is the party."""
    from generator.models import Case

    case = Case(
        number="6001-25-00-3гп/1123",
        received="2025-01-10",
        kind="petition",
        category="contracts",
        language="kk",
        parties=[
            {"role": "plaintiff", "kind": "person", "name": "Қалиев Ербол Қайратұлы"},
            {"role": "defendant", "kind": "person", "name": "Есенов Нұрсұлтан Бекзатұлы"},
        ],
        events=[{"date": "2025-01-10", "type": "received"}],
    )
    text = "Соттар Е.Қ. Қалиевтің Н.Б. Есеновқа қойған талаптарын; хатшы Қалиева Н.Б."
    out = Depersonaliser.for_case(case, ("Қалиева Н.Б.",)).apply(text, "kk")
    assert "Қалиевтің" not in out and "Есеновқа" not in out
    assert out.endswith("хатшы Қалиева Н.Б.")
