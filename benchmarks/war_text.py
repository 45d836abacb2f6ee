"""Generated war-report text of any size, for measuring how extraction time grows with the text.

The paragraphs are written for this project (none is copied from a real report or the evaluation corpus):
templates about fighting in Iraq and Syria whose slots (towns, provinces, actors, verbs, dates, numbers)
are filled by a seeded random generator, so the same size and seed always give the same text, and a long
text is varied (every trigger, place and date rule gets exercised) rather than one paragraph repeated.

    python benchmarks/war_text.py --mb 1 > /tmp/one_mb.txt
"""

from __future__ import annotations

import argparse
import random
import sys

TOWNS = ["Mosul", "Tikrit", "Ramadi", "Fallujah", "Baiji", "Haditha", "Sinjar", "Tal Afar", "Samarra",
         "Baqubah", "Jalawla", "Amerli", "Kirkuk", "Hit", "Rutba", "Qaim", "Raqqa", "Kobani", "Manbij",
         "Palmyra", "Deir ez-Zor", "Aleppo", "Homs", "Hama", "Idlib", "Tabqa", "Hasakah", "Qamishli",
         "Jarabulus", "al-Bab", "Tal Abyad", "Qaryatain", "Suwayda", "Daraa", "Erbil", "Makhmour"]
PROVINCES = ["Nineveh", "Anbar", "Salahuddin", "Diyala", "Kirkuk", "Raqqa", "Aleppo", "Homs", "Hasakah",
             "Deir ez-Zor", "Idlib", "Hama"]
DOERS = ["Iraqi forces", "Kurdish Peshmerga fighters", "Islamic State militants", "Syrian government troops",
         "the Syrian Democratic Forces", "Shiite militias", "rebel fighters", "the Iraqi army",
         "Turkish-backed rebels", "Hezbollah fighters", "IS fighters", "government forces"]
AIR = ["US-led coalition aircraft", "Russian warplanes", "Syrian government helicopters", "Iraqi jets",
       "coalition drones"]
CAPTURE = ["captured", "seized", "retook", "recaptured", "overran", "took control of", "stormed", "entered"]
ATTACK = ["attacked", "shelled", "bombarded", "assaulted", "struck"]
WHEN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
        "yesterday", "last night", "earlier this week", "two days ago", "over the weekend", "this morning",
        "late last month", "in early June", "on June 14", "on 3 August 2014", "in mid-October",
        "three weeks ago", "last Tuesday", "two days later", "the next day", "later that day"]
WHO_SAID = ["a local official said", "a military spokesman said", "residents told reporters",
            "the Syrian Observatory for Human Rights said", "a police officer said", "a security source said",
            "state television reported", "a Kurdish commander said"]
NUMBERS = ["two", "three", "five", "seven", "eight", "11", "12", "15", "Twenty-five", "dozens of",
           "at least 30", "more than 40"]

TEMPLATES = [
    "{doer} {capture} {town} {when} after {n} days of fighting, {said}. The town had been held by {other} "
    "since {month} and lies about 40 km south of {town2}.",
    "{Air} carried out {n} airstrikes near {town} {when}, destroying weapons depots and killing {n2} "
    "fighters, {said}. Another strike hit a checkpoint on the road to {town2} in {province} province.",
    "Heavy clashes broke out between {doer} and {other} on the outskirts of {town} {when}. At least {n2} "
    "people were killed and dozens were wounded, {said}, adding that the fighting was still going on.",
    "A suicide car bomb exploded at a checkpoint in {town} {when}, killing {n2} soldiers and wounding "
    "{n} others. No group claimed responsibility, but {other} have carried out similar attacks in "
    "{province}.",
    "{doer} launched an offensive {when} to drive {other} out of {province} province, advancing on "
    "{town} from the north and the east. Officials said the operation could take several weeks.",
    "Residents of {town} said {other} had {attack} several villages around the town {when}, forcing "
    "hundreds of families to flee towards {town2}. Aid groups said food and water were running short.",
    "The fall of {town} to {doer} {when} cut the main supply route between {town2} and {province}. "
    "Commanders said they planned to push on towards {town3} in the coming days.",
    "In a statement released {when}, the defence ministry said {doer} had cleared {n} neighbourhoods of "
    "{town} of mines and roadside bombs. The city's second bridge was reopened to traffic.",
    "{Doer} shelled the western districts of {town} {when}, {said}. Mortar rounds landed near a market "
    "and a hospital, and {n2} civilians were reported dead.",
    "Analysts said the battle for {town} would not be the last. {other} still hold large areas of "
    "{province}, and their fighters have withdrawn to the desert west of {town2} before.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
HEADER = "Fighting spreads across the north as forces advance\n\nBAGHDAD, June 17 (Reuters) - "


def paragraph(rng: random.Random) -> str:
    doer, other = rng.sample(DOERS, 2)
    town, town2, town3 = rng.sample(TOWNS, 3)
    air = rng.choice(AIR)
    text = rng.choice(TEMPLATES).format(
        doer=doer, Doer=doer[0].upper() + doer[1:], other=other, town=town, town2=town2, town3=town3,
        province=rng.choice(PROVINCES), capture=rng.choice(CAPTURE), attack=rng.choice(ATTACK),
        when=rng.choice(WHEN), said=rng.choice(WHO_SAID), n=rng.choice(NUMBERS[:8]), n2=rng.choice(NUMBERS),
        month=rng.choice(MONTHS), Air=air, air=air)
    return text[0].upper() + text[1:]


def generate(size: int, seed: int = 8) -> str:
    """About `size` characters (never fewer) of report text: a headline, a dateline, then paragraphs
    separated by blank lines."""
    rng = random.Random(seed)
    parts = [HEADER]
    total = len(HEADER)
    while total < size:
        para = paragraph(rng)
        parts.append(para + "\n\n")
        total += len(para) + 2
    return "".join(parts).rstrip() + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="size in megabytes (10^6 characters)")
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    sys.stdout.write(generate(int(args.mb * 1_000_000), args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
