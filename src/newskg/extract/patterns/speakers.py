"""Words that tell who a speaker is: person nouns, collective heads, documents that speak for someone."""

from __future__ import annotations

from newskg.extract.patterns import words

# A speaker described by one of these nouns is a person ("a separatist official").
PERSON_NOUNS = words(
    "official officials spokesman spokeswoman spokesperson minister president premier leader "
    "commander general colonel officer envoy ambassador diplomat mediator advisor adviser aide "
    "ombudsman mayor governor senator lawmaker mp chief head secretary director negotiator analyst "
    "expert witness resident pensioner musician doctor nurse survivor soldier fighter journalist "
    "reporter activist mother father woman man chancellor king queen prince emir sheikh pope "
    "prosecutor judge representative deputy councillor chairman chairwoman worker teacher "
    "farmer student engineer driver commentator researcher historian member rescuer medic "
    "paramedic volunteer correspondent")
# Titles that may precede a person's name ("President Vladimir Putin").
TITLES = words(
    "president prime minister foreign defence defense interior secretary general gen. lt. col. "
    "chancellor king queen prince emir sheikh pope senator mayor governor ambassador envoy "
    "spokesman spokeswoman commander chief leader brig brig. gov gov. mr mrs ms dr official advisor adviser ombudsman "
    "pensioner musician state coordinator author counsellor councillor counselor councilor "
    "expert analyst maj. capt. sgt. adm. cmdr. lt col major-general lieutenant-general "
    "brigadier-general colonel lieutenant captain sergeant brigadier admiral correspondent")
# Head nouns of organisations, for guessing a new entity's type ("Qatar's Ministry of Foreign Affairs").
GOVERNMENT_HEADS = words(
    "ministry government presidency kremlin authorities authority administration cabinet council "
    "parliament office police embassy department house pentagon")
ARMED_HEADS = words("army forces troops fighters militia militants rebels separatists brigade "
                        "battalion gunmen guard guards military")
ORGANISATION_HEADS = words(
    "committee agency organisation organization union service party movement group company "
    "corporation fund bank court commission red cross crescent nations media peacekeepers "
    "peacekeeping force tv television radio broadcaster channel newspaper command")
COLLECTIVE_HEADS = words("residents protesters demonstrators people villagers civilians "
                             "refugees crowds families citizens voters sides")
# A speaker that is a document or channel speaks for the last named speaker ("the statement said").
DOCUMENT_SPEAKERS = words("statement report communique communiqué announcement post message "
                              "letter release notice document copy text draft")
# Object forms too: "According to him, ...", "In their words, ..." name the same speaker.
PRONOUNS = {"he": "person", "she": "person", "it": "thing", "they": "group", "we": "group",
            "i": "person", "him": "person", "her": "person", "them": "group", "us": "group",
            "me": "person"}
# Words a speaker phrase never starts with: drop them ("But peacekeepers said").
LEADING_NOISE = ("but", "and", "however", "meanwhile", "yet", "so", "again", "also", "later",
                 "earlier", "separately", "instead", "still", "then", "now", "with", "or")
