"""The builders of the public site, in the order their pages are made."""

from generator.builders import home, press, rulings, schedule

PUBLIC_BUILDERS = (home, rulings, schedule, press)
