"""The builders of the public site, in the order their pages are made."""

from generator.builders import (
    history,
    home,
    opendata,
    press,
    reviews,
    rulings,
    schedule,
    search_page,
    stats,
)

PUBLIC_BUILDERS = (home, rulings, history, schedule, press, reviews, stats, search_page, opendata)
