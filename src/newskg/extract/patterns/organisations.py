"""International organisations of conflict news, with the short forms copy uses for them.

Copy names them as modifiers more often than as subjects ("U.N. officials say", "NATO forces", "the
U.N.-brokered talks", "EU leaders"): each such use names the organisation acting, as a nationality
adjective names its state (data/devset/README.md rule 14). The full name is the entity's; the short
forms are what the text says.
"""

from __future__ import annotations

ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "United Nations": ("UN", "U.N."),
    "NATO": ("NATO",),
    "European Union": ("EU", "E.U."),
    "African Union": ("AU",),
    "Arab League": ("Arab League",),
    "ECOWAS": ("ECOWAS",),
    "IGAD": ("IGAD",),
    "OSCE": ("OSCE",),
    "UNHCR": ("UNHCR",),
    "UNICEF": ("UNICEF",),
    "World Food Programme": ("WFP",),
    "World Health Organization": ("WHO",),
    "International Committee of the Red Cross": ("ICRC",),
    "International Atomic Energy Agency": ("IAEA",),
    "International Criminal Court": ("ICC",),
    "UNRWA": ("UNRWA",),
    "OCHA": ("OCHA",),
}

# The short form (and the full name itself) -> the organisation's full name.
SHORT_FORMS: dict[str, str] = {form: name for name, shorts in ORGANISATIONS.items()
                               for form in (name, *shorts)}
