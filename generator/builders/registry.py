"""The builders of the public site, in the order their pages are made."""

from generator.builders import home, press, reviews, rulings, schedule, stats

PUBLIC_BUILDERS = (home, rulings, schedule, press, reviews, stats)
