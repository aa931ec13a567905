"""Generate ``dev-organisations.jsonl``, the fictional organisations of the second development set.

    python -m knowledge.golden.generate_dev_organisations

``dev-b.yaml`` runs on these organisations (plus the bundled corpus) and on nothing else. They
exist because ``dev.yaml`` runs on the demo organisations the code was written against: a
second development set with its own places, trades and wording behaves like the held-out test
set, so a change can be tuned on it without being fitted to the demo data.

Places: Thuringia and eastern Bavaria (Upper Palatinate, Lower Bavaria) in Germany, the
Silesian, Lesser Poland and Subcarpathian voivodeships in Poland, and the Moravian-Silesian,
Olomouc, Zlín and South Bohemian regions in Czechia. None of them is a town of the demo data
or of the test organisations. The ``region`` field holds the administrative unit only; landscape
names (Oberpfalz, Beskiden, Schlesien, Mähren, Thüringer Wald, Šumava) are in no record, so a
question using them has to be understood, not matched.

The file is deterministic (fixed seed): running this again rewrites the same bytes. Every record
is fictional (``demo: true``, ids start with ``b-``, web and mail under example.org/example.com).
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SEED = 4102026
OUTPUT = Path(__file__).with_name("dev-organisations.jsonl")
COMPANIES_PER_TRADE = 15

Lang = str  # ISO 639-1: de | pl | cs | en
Phrases = dict[Lang, list[str]]


@dataclass(frozen=True)
class Place:
    country: str
    region: str
    city: str
    postcode_head: str
    phone_prefix: str
    # Languages of a neighbouring country that firms here plausibly speak.
    neighbour_languages: tuple[str, ...]
    # Rivers and local words firm names are made of; never a landscape name a question uses.
    name_words: tuple[str, ...]


PLACES: list[Place] = [
    Place("DE", "Thüringen", "Jena", "077", "+49 3641", (), ("Saale", "Kernberg")),
    Place("DE", "Thüringen", "Gera", "075", "+49 365", (), ("Weiße Elster", "Osterland")),
    Place("DE", "Thüringen", "Erfurt", "990", "+49 361", (), ("Gera-Aue", "Domberg")),
    Place("DE", "Thüringen", "Suhl", "985", "+49 3681", (), ("Lauter", "Beerberg")),
    Place("DE", "Thüringen", "Ilmenau", "986", "+49 3677", (), ("Ilm", "Kickelhahn")),
    Place("DE", "Thüringen", "Zella-Mehlis", "985", "+49 3682", (), ("Lichtenau", "Ruppberg")),
    Place("DE", "Thüringen", "Saalfeld", "073", "+49 3671", (), ("Saale", "Bohlen")),
    Place("DE", "Bayern", "Regensburg", "930", "+49 941", ("cs",), ("Donau", "Steinerne Brücke")),
    Place("DE", "Bayern", "Weiden", "926", "+49 961", ("cs",), ("Naab", "Waldnaab")),
    Place("DE", "Bayern", "Amberg", "922", "+49 9621", ("cs",), ("Vils", "Mariahilf")),
    Place("DE", "Bayern", "Cham", "934", "+49 9971", ("cs",), ("Regen", "Chamb")),
    Place("DE", "Bayern", "Passau", "940", "+49 851", ("cs",), ("Inn", "Ilz")),
    Place("DE", "Bayern", "Deggendorf", "944", "+49 991", ("cs",), ("Donau", "Isar")),
    Place("DE", "Bayern", "Straubing", "943", "+49 9421", (), ("Gäuboden", "Donau")),
    Place("DE", "Bayern", "Zwiesel", "942", "+49 9922", ("cs",), ("Glas", "Regen")),
    Place("PL", "śląskie", "Katowice", "40-", "+48 32", ("cs",), ("Rawa", "Spodek")),
    Place("PL", "śląskie", "Gliwice", "44-", "+48 32", ("cs", "de"), ("Kłodnica", "Radiostacja")),
    Place("PL", "śląskie", "Bielsko-Biała", "43-", "+48 33", ("cs",), ("Biała", "Szyndzielnia")),
    Place("PL", "śląskie", "Rybnik", "44-", "+48 32", ("cs",), ("Nacyna", "Ruda")),
    Place("PL", "śląskie", "Cieszyn", "43-", "+48 33", ("cs",), ("Olza", "Piast")),
    Place("PL", "śląskie", "Tychy", "43-", "+48 32", (), ("Gostynka", "Paprocany")),
    Place("PL", "małopolskie", "Kraków", "30-", "+48 12", (), ("Wisła", "Krak")),
    Place("PL", "małopolskie", "Nowy Sącz", "33-", "+48 18", ("sk",), ("Dunajec", "Kamienica")),
    Place("PL", "małopolskie", "Tarnów", "33-", "+48 14", (), ("Biała", "Dunajec")),
    Place("PL", "małopolskie", "Nowy Targ", "34-", "+48 18", ("sk",), ("Dunajec", "Gorce")),
    Place("PL", "podkarpackie", "Rzeszów", "35-", "+48 17", (), ("Wisłok", "Resovia")),
    Place("PL", "podkarpackie", "Mielec", "39-", "+48 17", (), ("Wisłoka", "Smoczka")),
    Place("PL", "podkarpackie", "Krosno", "38-", "+48 13", ("sk",), ("Wisłok", "Lubatówka")),
    Place(
        "CZ",
        "Moravskoslezský kraj",
        "Ostrava",
        "70",
        "+420 59",
        ("pl", "sk"),
        ("Ostravice", "Landek"),
    ),
    Place(
        "CZ", "Moravskoslezský kraj", "Opava", "74", "+420 553", ("pl", "de"), ("Opava", "Hradec")
    ),
    Place(
        "CZ",
        "Moravskoslezský kraj",
        "Frýdek-Místek",
        "73",
        "+420 558",
        ("pl", "sk"),
        ("Ostravice", "Lysá"),
    ),
    Place("CZ", "Moravskoslezský kraj", "Třinec", "739", "+420 558", ("pl",), ("Olše", "Javorový")),
    Place(
        "CZ",
        "Moravskoslezský kraj",
        "Nový Jičín",
        "741",
        "+420 556",
        ("de",),
        ("Jičínka", "Kotouč"),
    ),
    Place("CZ", "Olomoucký kraj", "Olomouc", "77", "+420 585", ("de",), ("Haná", "Bystřice")),
    Place("CZ", "Olomoucký kraj", "Přerov", "750", "+420 581", (), ("Bečva", "Haná")),
    Place("CZ", "Olomoucký kraj", "Šumperk", "787", "+420 583", ("de",), ("Desná", "Bratrušov")),
    Place("CZ", "Olomoucký kraj", "Prostějov", "796", "+420 582", (), ("Hloučela", "Kosíř")),
    Place("CZ", "Zlínský kraj", "Zlín", "760", "+420 577", ("sk",), ("Dřevnice", "Baťov")),
    Place(
        "CZ", "Zlínský kraj", "Uherské Hradiště", "686", "+420 572", ("sk",), ("Velehrad", "Ostroh")
    ),
    Place("CZ", "Zlínský kraj", "Vsetín", "755", "+420 571", ("sk",), ("Bečva", "Valach")),
    Place("CZ", "Zlínský kraj", "Kroměříž", "767", "+420 573", (), ("Hanácká", "Podzámčí")),
    Place(
        "CZ", "Jihočeský kraj", "České Budějovice", "370", "+420 38", ("de",), ("Malše", "Vltava")
    ),
    Place("CZ", "Jihočeský kraj", "Písek", "397", "+420 382", ("de",), ("Otava", "Putim")),
    Place("CZ", "Jihočeský kraj", "Tábor", "390", "+420 381", (), ("Lužnice", "Kotnov")),
    Place("CZ", "Jihočeský kraj", "Český Krumlov", "381", "+420 380", ("de",), ("Vltava", "Kleť")),
    Place(
        "CZ", "Jihočeský kraj", "Prachatice", "383", "+420 388", ("de",), ("Libín", "Zlatá stezka")
    ),
]

STREETS: dict[str, list[str]] = {
    "DE": [
        "Gewerbering",
        "Am Werkhof",
        "Industriestraße",
        "Lindenweg",
        "Hafenstraße",
        "Am Mühlgraben",
        "Rudolf-Diesel-Straße",
        "Zum Lagerplatz",
    ],
    "PL": [
        "ul. Przemysłowa",
        "ul. Fabryczna",
        "ul. Kolejowa",
        "ul. Składowa",
        "ul. Hutnicza",
        "ul. Techników",
        "ul. Rzemieślnicza",
    ],
    "CZ": ["Průmyslová", "Tovární", "Dělnická", "Nádražní", "Strojírenská", "U Pily", "Výrobní"],
}

LEGAL_FORMS: dict[str, list[str]] = {
    "DE": ["GmbH", "GmbH", "GmbH & Co. KG", "e.K.", "AG"],
    "PL": ["sp. z o.o.", "sp. z o.o.", "S.A.", "sp.j."],
    "CZ": ["s.r.o.", "s.r.o.", "a.s.", "spol. s r.o."],
}

SURNAMES: dict[str, list[str]] = {
    "DE": [
        "Hofmann",
        "Wendler",
        "Brückner",
        "Seidl",
        "Gruber",
        "Pöhlmann",
        "Stangl",
        "Ettl",
        "Kraus",
        "Reichel",
        "Blechschmidt",
        "Thurner",
    ],
    "PL": [
        "Nowak",
        "Kubica",
        "Wieczorek",
        "Szczepański",
        "Bury",
        "Gawlik",
        "Mrozek",
        "Pietrzyk",
        "Duda",
        "Sowa",
        "Kasprzak",
    ],
    "CZ": [
        "Horák",
        "Kubíček",
        "Pospíšil",
        "Vávra",
        "Šimek",
        "Hanák",
        "Zedník",
        "Kolář",
        "Machala",
        "Hrubý",
        "Bartoš",
    ],
}

BRANDS = [
    "Navi",
    "Polar",
    "Kresta",
    "Orbit",
    "Tekto",
    "Lumis",
    "Vektra",
    "Sinus",
    "Arkon",
    "Temis",
    "Quadro",
    "Nexo",
    "Fixa",
    "Prisma",
    "Helix",
    "Ventus",
    "Korund",
    "Astra",
]


@dataclass(frozen=True)
class Trade:
    sector: str
    # Words a firm of this trade puts in its name, per country.
    name_words: dict[str, list[str]]
    # Specialty (an English label, as it goes into `sectors`) -> phrasings per writing language.
    specialties: dict[str, Phrases]
    certifications: list[str]
    # Industries (keys of INDUSTRIES) the firm's customers come from.
    customers: list[str]
    # What a firm of this trade seeks: specialties of other trades ("trade:specialty"),
    # "market" (sales partners abroad) or "research".
    seeks: list[str] = field(default_factory=list)


TRADES: dict[str, Trade] = {
    "electronics": Trade(
        "electronics",
        {
            "DE": ["Elektronik", "Baugruppen"],
            "PL": ["Elektronika", "Montaż Elektroniki"],
            "CZ": ["Elektronika", "Osazování"],
        },
        {
            "smt assembly": {
                "de": [
                    "SMD-Bestückung von Leiterplatten in Klein- und Mittelserien",
                    "Leiterplattenbestückung in SMT und THT",
                ],
                "en": [
                    "SMT and THT assembly of printed circuit boards",
                    "populating PCBs, from prototypes to mid-size series",
                ],
                "pl": [
                    "montaż SMT i THT płytek drukowanych",
                    "montaż powierzchniowy elektroniki na zlecenie",
                ],
                "cs": [
                    "osazování desek plošných spojů technologií SMT a THT",
                    "zakázkové osazování DPS",
                ],
            },
            "pcb design": {
                "de": [
                    "Entwicklung von Schaltungen und Layout von Leiterplatten",
                    "Elektronikentwicklung bis zum fertigen Platinenlayout",
                ],
                "en": [
                    "circuit design and PCB layout",
                    "electronics development up to the board layout",
                ],
                "pl": [
                    "projektowanie układów elektronicznych i PCB",
                    "projektowanie obwodów drukowanych",
                ],
                "cs": ["návrh elektroniky a plošných spojů", "vývoj obvodů a layout DPS"],
            },
            "conformal coating": {
                "de": [
                    "Schutzlackierung von Baugruppen gegen Feuchte",
                    "Verguss und Schutzlack für Elektronik",
                ],
                "en": [
                    "conformal coating and potting of assemblies",
                    "protective coating of electronics",
                ],
                "pl": [
                    "lakierowanie ochronne pakietów elektronicznych",
                    "zalewanie i powlekanie elektroniki",
                ],
                "cs": [
                    "ochranné lakování elektronických sestav",
                    "zalévání a lakování elektroniky",
                ],
            },
        },
        ["ISO 9001", "IATF 16949", "ISO 13485", "IPC-A-610"],
        ["automotive", "medical", "industrial"],
        ["harness:wire harnesses", "plastics:injection moulding", "market"],
    ),
    "harness": Trade(
        "cable assembly",
        {
            "DE": ["Kabeltechnik", "Kabelsysteme"],
            "PL": ["Kable", "Wiązki"],
            "CZ": ["Kabeláž", "Kabelové svazky"],
        },
        {
            "wire harnesses": {
                "de": [
                    "Kabelbäume nach Zeichnung für Maschinen und Fahrzeuge",
                    "Konfektion von Kabelsätzen",
                ],
                "en": ["wire harnesses built to drawing", "cable sets for machines and vehicles"],
                "pl": ["wiązki kablowe według dokumentacji klienta", "produkcja wiązek przewodów"],
                "cs": ["kabelové svazky podle výkresu zákazníka", "výroba kabelových svazků"],
            },
            "crimping": {
                "de": [
                    "Crimpen und Ultraschallschweißen von Litzen",
                    "Crimpkontakte mit Crimpkraftüberwachung",
                ],
                "en": [
                    "crimping with crimp force monitoring",
                    "crimped and ultrasonically welded wire ends",
                ],
                "pl": ["zaciskanie końcówek z kontrolą siły", "zaprasowywanie złączy"],
                "cs": ["krimpování kontaktů s kontrolou síly", "lisování koncovek na vodiče"],
            },
            "control cabinets": {
                "de": ["Schaltschrankbau und Verdrahtung", "Verdrahtung von Steuerungsschränken"],
                "en": ["control cabinet building and wiring", "wiring of switch cabinets"],
                "pl": ["budowa i okablowanie szaf sterowniczych", "montaż rozdzielnic"],
                "cs": ["výroba a zapojení rozvaděčů", "stavba rozvodných skříní"],
            },
        },
        ["ISO 9001", "IATF 16949", "IPC/WHMA-A-620"],
        ["automotive", "agriculture", "railway"],
        ["electronics:smt assembly", "market"],
    ),
    "plastics": Trade(
        "plastics",
        {
            "DE": ["Kunststofftechnik", "Kunststoffwerk"],
            "PL": ["Tworzywa", "Plast"],
            "CZ": ["Plasty", "Plastikárna"],
        },
        {
            "injection moulding": {
                "de": [
                    "Spritzgießen technischer Teile auf Maschinen bis 450 t",
                    "Spritzguss von Gehäusen und Kleinteilen",
                ],
                "en": [
                    "injection moulding of technical parts",
                    "injection-moulded housings and clips",
                ],
                "pl": ["wtrysk detali technicznych z tworzyw", "formowanie wtryskowe obudów"],
                "cs": [
                    "vstřikování technických dílů z plastu",
                    "vstřikované plastové kryty a díly",
                ],
            },
            "extrusion": {
                "de": ["Extrusion von Profilen und Rohren", "extrudierte Kunststoffprofile"],
                "en": ["extrusion of profiles and tubes", "extruded plastic profiles"],
                "pl": ["wytłaczanie profili i rur", "profile wytłaczane z PVC i PE"],
                "cs": ["vytlačování profilů a trubek", "extruze plastových profilů"],
            },
            "thermoforming": {
                "de": ["Tiefziehen von Trays und Abdeckungen", "Thermoformen aus Plattenware"],
                "en": ["thermoforming of trays and covers", "vacuum forming from sheet"],
                "pl": ["termoformowanie tacek i osłon", "formowanie próżniowe z płyt"],
                "cs": ["tvarování plastů za tepla", "vakuové tvarování krytů a vaniček"],
            },
        },
        ["ISO 9001", "IATF 16949", "ISO 13485", "ISO 14001"],
        ["automotive", "medical", "household"],
        ["research", "market", "metrology:3d measurement"],
    ),
    "rubber": Trade(
        "rubber",
        {
            "DE": ["Gummitechnik", "Dichtungstechnik"],
            "PL": ["Guma", "Uszczelnienia"],
            "CZ": ["Gumárna", "Pryž"],
        },
        {
            "seals": {
                "de": [
                    "Dichtungen und O-Ringe aus Elastomer",
                    "Formdichtungen nach Kundenzeichnung",
                ],
                "en": ["elastomer seals and O-rings", "custom gaskets and seals"],
                "pl": ["uszczelki i o-ringi z elastomerów", "uszczelnienia gumowe na zamówienie"],
                "cs": ["pryžová těsnění a O-kroužky", "těsnění z elastomerů na zakázku"],
            },
            "rubber moulding": {
                "de": ["Gummiformteile im Press- und Spritzverfahren", "Gummi-Metall-Verbindungen"],
                "en": ["moulded rubber parts", "rubber-to-metal bonded parts"],
                "pl": ["wypraski gumowe", "elementy gumowo-metalowe"],
                "cs": ["lisované pryžové díly", "pryžokovové díly"],
            },
            "silicone": {
                "de": ["Silikonteile für Lebensmittel und Medizin", "Flüssigsilikon-Spritzguss"],
                "en": ["food-grade and medical silicone parts", "liquid silicone moulding"],
                "pl": ["detale silikonowe do kontaktu z żywnością", "wtrysk silikonu ciekłego LSR"],
                "cs": [
                    "silikonové díly pro potravinářství a zdravotnictví",
                    "vstřikování tekutého silikonu",
                ],
            },
        },
        ["ISO 9001", "IATF 16949", "ISO 13485"],
        ["automotive", "food", "medical"],
        ["lab:material testing", "market"],
    ),
    "optics": Trade(
        "optics",
        {"DE": ["Optik", "Photonik"], "PL": ["Optyka", "Laser"], "CZ": ["Optika", "Laser"]},
        {
            "precision optics": {
                "de": [
                    "Schleifen und Polieren von Linsen und Prismen",
                    "Präzisionsoptik in Kleinserie",
                ],
                "en": [
                    "grinding and polishing of lenses and prisms",
                    "precision optical components",
                ],
                "pl": ["szlifowanie i polerowanie soczewek", "precyzyjne elementy optyczne"],
                "cs": ["broušení a leštění čoček a hranolů", "přesné optické komponenty"],
            },
            "laser marking": {
                "de": ["Laserbeschriftung und Lasergravur", "Markieren von Teilen per Laser"],
                "en": ["laser marking and engraving", "laser engraving of serial numbers"],
                "pl": ["znakowanie i grawerowanie laserowe", "laserowe znakowanie detali"],
                "cs": ["laserové značení a gravírování", "popis dílů laserem"],
            },
            "optical coatings": {
                "de": [
                    "Antireflex- und Spiegelschichten",
                    "Beschichtung optischer Flächen im Vakuum",
                ],
                "en": ["anti-reflection and mirror coatings", "vacuum coating of optical surfaces"],
                "pl": ["powłoki antyrefleksyjne i lustrzane", "napylanie próżniowe na optykę"],
                "cs": ["antireflexní a zrcadlové vrstvy", "vakuové napařování optiky"],
            },
        },
        ["ISO 9001", "ISO 13485"],
        ["medical", "industrial", "aerospace"],
        ["research", "market", "metrology:calibration"],
    ),
    "fluidpower": Trade(
        "hydraulics",
        {
            "DE": ["Hydraulik", "Fluidtechnik"],
            "PL": ["Hydraulika", "Pneumatyka"],
            "CZ": ["Hydraulika", "Pneumatika"],
        },
        {
            "hydraulic cylinders": {
                "de": ["Bau und Reparatur von Hydraulikzylindern", "Hydraulikzylinder nach Maß"],
                "en": ["hydraulic cylinders built and repaired", "custom hydraulic cylinders"],
                "pl": [
                    "produkcja i regeneracja siłowników hydraulicznych",
                    "siłowniki hydrauliczne na wymiar",
                ],
                "cs": ["výroba a opravy hydraulických válců", "hydraulické válce na míru"],
            },
            "hydraulic power units": {
                "de": [
                    "Hydraulikaggregate und Schlauchleitungen",
                    "Hydraulikanlagen mit Wartungsservice",
                ],
                "en": [
                    "hydraulic power units and hose lines",
                    "hydraulic systems with maintenance",
                ],
                "pl": ["agregaty hydrauliczne i przewody", "układy hydrauliczne z serwisem"],
                "cs": ["hydraulické agregáty a hadice", "hydraulické systémy včetně servisu"],
            },
            "pneumatics": {
                "de": [
                    "Pneumatik-Steuerungen und Druckluftanlagen",
                    "Druckluftsysteme und Ventilinseln",
                ],
                "en": [
                    "pneumatic controls and compressed air systems",
                    "compressed-air installations",
                ],
                "pl": [
                    "sterowanie pneumatyczne i instalacje sprężonego powietrza",
                    "układy pneumatyczne",
                ],
                "cs": ["pneumatické řízení a rozvody stlačeného vzduchu", "pneumatické systémy"],
            },
        },
        ["ISO 9001", "ISO 14001"],
        ["agriculture", "industrial", "construction"],
        ["rubber:seals", "steel:welded assemblies", "market"],
    ),
    "robotics": Trade(
        "automation",
        {
            "DE": ["Automation", "Robotik"],
            "PL": ["Automatyka", "Robotyka"],
            "CZ": ["Automatizace", "Robotika"],
        },
        {
            "robot cells": {
                "de": [
                    "schlüsselfertige Roboterzellen zum Schweißen und Palettieren",
                    "Integration von Industrierobotern",
                ],
                "en": [
                    "turnkey robot cells for welding and palletising",
                    "industrial robot integration",
                ],
                "pl": [
                    "zrobotyzowane stanowiska spawalnicze i paletyzujące",
                    "integracja robotów przemysłowych",
                ],
                "cs": ["robotická pracoviště na klíč", "integrace průmyslových robotů"],
            },
            "plc programming": {
                "de": [
                    "SPS-Programmierung und Inbetriebnahme",
                    "Steuerungstechnik mit Siemens und Beckhoff",
                ],
                "en": [
                    "PLC programming and commissioning",
                    "control software for Siemens and Beckhoff",
                ],
                "pl": ["programowanie sterowników PLC i uruchomienia", "oprogramowanie PLC"],
                "cs": ["programování PLC a uvádění do provozu", "řídicí systémy PLC"],
            },
            "machine vision": {
                "de": [
                    "Bildverarbeitung zur Qualitätsprüfung",
                    "Kamerasysteme für die Inline-Kontrolle",
                ],
                "en": ["machine vision for quality inspection", "camera inspection on the line"],
                "pl": ["systemy wizyjne do kontroli jakości", "kontrola wizyjna na linii"],
                "cs": ["strojové vidění pro kontrolu kvality", "kamerová kontrola výroby"],
            },
        },
        ["ISO 9001"],
        ["automotive", "food", "industrial"],
        ["harness:control cabinets", "design:product design", "market"],
    ),
    "software": Trade(
        "IT",
        {"DE": ["Software", "IT-Systeme"], "PL": ["Software", "IT"], "CZ": ["Software", "IT"]},
        {
            "it security": {
                "de": [
                    "Penetrationstests und IT-Sicherheitsberatung",
                    "Absicherung von Netzwerken und Servern",
                ],
                "en": [
                    "penetration testing and IT security consulting",
                    "securing networks and servers",
                ],
                "pl": [
                    "testy penetracyjne i doradztwo z cyberbezpieczeństwa",
                    "audyty bezpieczeństwa IT",
                ],
                "cs": ["penetrační testy a kybernetická bezpečnost", "zabezpečení sítí a serverů"],
            },
            "custom software": {
                "de": [
                    "Individualsoftware und Web-Anwendungen",
                    "Entwicklung von Apps und Portalen",
                ],
                "en": ["custom software and web applications", "bespoke apps and portals"],
                "pl": ["oprogramowanie na zamówienie i aplikacje webowe", "tworzenie aplikacji"],
                "cs": ["software na zakázku a webové aplikace", "vývoj aplikací a portálů"],
            },
            "erp integration": {
                "de": ["Einführung und Anpassung von ERP-Systemen", "ERP- und MES-Integration"],
                "en": ["ERP implementation and customisation", "ERP and MES integration"],
                "pl": ["wdrożenia systemów ERP", "integracja ERP i MES"],
                "cs": ["zavádění ERP systémů", "integrace ERP a MES"],
            },
        },
        ["ISO 9001", "ISO/IEC 27001"],
        ["industrial", "public", "household"],
        ["market", "research"],
    ),
    "solar": Trade(
        "energy",
        {
            "DE": ["Solartechnik", "Energietechnik"],
            "PL": ["Energia", "Fotowoltaika"],
            "CZ": ["Energie", "Solární systémy"],
        },
        {
            "pv installation": {
                "de": [
                    "Planung und Montage von Photovoltaikanlagen auf Hallendächern",
                    "PV-Anlagen für Gewerbe",
                ],
                "en": [
                    "rooftop photovoltaic systems for commercial buildings",
                    "design and installation of PV plants",
                ],
                "pl": ["montaż instalacji fotowoltaicznych na halach", "fotowoltaika dla firm"],
                "cs": [
                    "montáž fotovoltaických elektráren na střechy hal",
                    "fotovoltaika pro firmy",
                ],
            },
            "battery storage": {
                "de": ["Batteriespeicher für Betriebe", "Stromspeicher und Lastmanagement"],
                "en": ["battery storage for businesses", "energy storage and load management"],
                "pl": ["magazyny energii dla przedsiębiorstw", "bateryjne magazyny energii"],
                "cs": ["bateriová úložiště pro firmy", "akumulace elektřiny a řízení odběru"],
            },
            "heat pumps": {
                "de": ["Wärmepumpen für Gewerbebauten", "Einbau von Großwärmepumpen"],
                "en": ["heat pumps for commercial buildings", "installation of large heat pumps"],
                "pl": ["pompy ciepła dla budynków firmowych", "montaż pomp ciepła"],
                "cs": ["tepelná čerpadla pro firemní budovy", "instalace tepelných čerpadel"],
            },
        },
        ["ISO 9001", "ISO 50001"],
        ["industrial", "public", "agriculture"],
        ["steel:steel structures", "market"],
    ),
    "furniture": Trade(
        "furniture",
        {
            "DE": ["Möbelwerkstätten", "Einrichtung"],
            "PL": ["Meble", "Stolarnia"],
            "CZ": ["Nábytek", "Truhlářství"],
        },
        {
            "office furniture": {
                "de": ["Büromöbel und Empfangstheken", "Einrichtung von Büros"],
                "en": ["office furniture and reception desks", "fitting out offices"],
                "pl": ["meble biurowe i lady recepcyjne", "wyposażenie biur"],
                "cs": ["kancelářský nábytek a recepční pulty", "vybavení kanceláří"],
            },
            "shopfitting": {
                "de": ["Ladenbau und Messemöbel", "Innenausbau für Geschäfte und Hotels"],
                "en": ["shopfitting and hotel interiors", "retail interiors"],
                "pl": ["wyposażenie sklepów i hoteli", "zabudowy sklepowe"],
                "cs": ["vybavení obchodů a hotelů", "interiéry prodejen"],
            },
            "upholstery": {
                "de": ["Polstermöbel und Sitzbezüge", "Polsterei für Objektmöbel"],
                "en": ["upholstered furniture and seating", "upholstery for contract furniture"],
                "pl": ["meble tapicerowane", "tapicerowanie siedzisk"],
                "cs": ["čalouněný nábytek", "čalounění sedacího nábytku"],
            },
        },
        ["ISO 9001", "FSC"],
        ["public", "household", "hospitality"],
        ["market", "design:product design"],
    ),
    "foodmachinery": Trade(
        "food machinery",
        {
            "DE": ["Lebensmitteltechnik", "Bäckereitechnik"],
            "PL": ["Maszyny Spożywcze", "Technika Piekarnicza"],
            "CZ": ["Potravinářské stroje", "Pekárenská technika"],
        },
        {
            "bakery machines": {
                "de": ["Teigteilmaschinen und Backstraßen", "Maschinen für Bäckereien"],
                "en": ["dough dividers and baking lines", "machinery for bakeries"],
                "pl": ["dzielarki do ciasta i linie piekarnicze", "maszyny dla piekarni"],
                "cs": ["děličky těsta a pekárenské linky", "stroje pro pekárny"],
            },
            "stainless conveyors": {
                "de": ["Förderbänder aus Edelstahl für Lebensmittel", "hygienische Fördertechnik"],
                "en": ["stainless-steel conveyors for food", "hygienic conveying systems"],
                "pl": [
                    "przenośniki ze stali nierdzewnej dla przemysłu spożywczego",
                    "higieniczne przenośniki",
                ],
                "cs": ["nerezové dopravníky pro potravinářství", "hygienická dopravní technika"],
            },
            "filling machines": {
                "de": ["Abfüll- und Dosieranlagen", "Dosiertechnik für Flüssigkeiten und Pasten"],
                "en": ["filling and dosing machines", "dosing of liquids and pastes"],
                "pl": ["maszyny do napełniania i dozowania", "dozowniki do płynów i past"],
                "cs": ["plnicí a dávkovací stroje", "dávkování kapalin a past"],
            },
        },
        ["ISO 9001", "ISO 22000"],
        ["food"],
        ["rubber:silicone", "robotics:plc programming", "market"],
    ),
    "metrology": Trade(
        "metrology",
        {
            "DE": ["Messtechnik", "Kalibrierdienst"],
            "PL": ["Metrologia", "Pomiary"],
            "CZ": ["Metrologie", "Měřicí technika"],
        },
        {
            "calibration": {
                "de": [
                    "Kalibrierung von Messmitteln mit Kalibrierschein",
                    "Kalibrierlabor für Längen- und Druckmessgeräte",
                ],
                "en": [
                    "calibration of gauges and instruments with certificates",
                    "calibration lab for length and pressure",
                ],
                "pl": ["wzorcowanie przyrządów pomiarowych", "laboratorium wzorcujące"],
                "cs": ["kalibrace měřidel s kalibračním listem", "kalibrační laboratoř"],
            },
            "3d measurement": {
                "de": [
                    "Koordinatenmesstechnik und Erstmusterprüfberichte",
                    "Vermessung auf der Messmaschine",
                ],
                "en": [
                    "CMM measurement and first article inspection reports",
                    "coordinate measuring",
                ],
                "pl": [
                    "pomiary współrzędnościowe i raporty pierwszej sztuki",
                    "pomiary na maszynie CMM",
                ],
                "cs": [
                    "měření na souřadnicovém stroji a protokoly prvního vzorku",
                    "3D měření CMM",
                ],
            },
            "3d scanning": {
                "de": ["3D-Scannen und Flächenrückführung", "Reverse Engineering aus Scandaten"],
                "en": ["3D scanning and reverse engineering", "turning scans into CAD models"],
                "pl": ["skanowanie 3D i inżynieria odwrotna", "odtwarzanie modeli CAD ze skanu"],
                "cs": ["3D skenování a reverzní inženýrství", "převod skenů do CAD modelů"],
            },
        },
        ["ISO 9001", "ISO/IEC 17025"],
        ["automotive", "aerospace", "industrial"],
        ["market", "research"],
    ),
    "lab": Trade(
        "testing",
        {
            "DE": ["Prüflabor", "Prüftechnik"],
            "PL": ["Laboratorium", "Badania"],
            "CZ": ["Zkušebna", "Laboratoř"],
        },
        {
            "material testing": {
                "de": [
                    "Werkstoffprüfung: Zugversuch, Härte, Metallografie",
                    "Prüfung von Metallen und Kunststoffen",
                ],
                "en": [
                    "materials testing: tensile, hardness, metallography",
                    "testing of metals and plastics",
                ],
                "pl": [
                    "badania materiałowe: rozciąganie, twardość, metalografia",
                    "badania metali i tworzyw",
                ],
                "cs": ["zkoušky materiálů: tah, tvrdost, metalografie", "zkoušení kovů a plastů"],
            },
            "emc testing": {
                "de": [
                    "EMV-Prüfungen für die CE-Kennzeichnung",
                    "Messung der elektromagnetischen Verträglichkeit",
                ],
                "en": ["EMC testing for CE marking", "electromagnetic compatibility measurements"],
                "pl": [
                    "badania EMC do oznakowania CE",
                    "pomiary kompatybilności elektromagnetycznej",
                ],
                "cs": ["zkoušky EMC pro značku CE", "měření elektromagnetické kompatibility"],
            },
            "climate testing": {
                "de": ["Klima- und Salzsprühnebelprüfungen", "Umweltsimulation in Klimakammern"],
                "en": [
                    "climate and salt spray testing",
                    "environmental simulation in climate chambers",
                ],
                "pl": ["badania klimatyczne i w mgle solnej", "testy w komorach klimatycznych"],
                "cs": ["klimatické zkoušky a solná mlha", "zkoušky v klimatických komorách"],
            },
        },
        ["ISO/IEC 17025", "ISO 9001"],
        ["automotive", "industrial", "railway"],
        ["market", "research"],
    ),
    "design": Trade(
        "industrial design",
        {
            "DE": ["Produktdesign", "Designbüro"],
            "PL": ["Design", "Studio Projektowe"],
            "CZ": ["Design", "Designové studio"],
        },
        {
            "product design": {
                "de": [
                    "Industriedesign für Geräte und Maschinen",
                    "Gestaltung von Produkten und Gehäusen",
                ],
                "en": ["industrial design of devices and machines", "product and housing design"],
                "pl": [
                    "wzornictwo przemysłowe urządzeń i maszyn",
                    "projektowanie produktów i obudów",
                ],
                "cs": ["průmyslový design přístrojů a strojů", "design výrobků a krytů"],
            },
            "prototyping": {
                "de": [
                    "Prototypen und Designmodelle im 3D-Druck",
                    "Funktionsmuster und Anschauungsmodelle",
                ],
                "en": ["prototypes and appearance models", "3D-printed design models"],
                "pl": ["prototypy i modele designerskie", "modele drukowane w 3D"],
                "cs": ["prototypy a designové modely", "funkční vzorky z 3D tisku"],
            },
            "ux design": {
                "de": ["Bedienoberflächen für Maschinen (HMI)", "Gestaltung von Bedienkonzepten"],
                "en": ["user interfaces for machines (HMI)", "operating concepts and UX"],
                "pl": ["projektowanie interfejsów HMI", "ergonomia obsługi maszyn"],
                "cs": ["návrh uživatelských rozhraní strojů (HMI)", "UX a ovládací koncepty"],
            },
        },
        [],
        ["industrial", "medical", "household"],
        ["plastics:injection moulding", "market"],
    ),
    "steel": Trade(
        "steel construction",
        {
            "DE": ["Stahlbau", "Schweißtechnik"],
            "PL": ["Konstrukcje Stalowe", "Spawalnictwo"],
            "CZ": ["Ocelové konstrukce", "Svařování"],
        },
        {
            "steel structures": {
                "de": ["Stahlkonstruktionen für Hallen und Bühnen", "Hallenbau in Stahl"],
                "en": ["steel structures for halls and platforms", "structural steelwork"],
                "pl": ["konstrukcje stalowe hal i podestów", "konstrukcje nośne ze stali"],
                "cs": ["ocelové konstrukce hal a plošin", "stavba ocelových hal"],
            },
            "welded assemblies": {
                "de": ["Schweißbaugruppen für den Maschinenbau", "geschweißte Rahmen und Gestelle"],
                "en": ["welded assemblies for machine builders", "welded frames and bases"],
                "pl": ["spawane zespoły dla budowy maszyn", "ramy i konstrukcje spawane"],
                "cs": ["svařence pro strojírenství", "svařované rámy a stojany"],
            },
            "stainless welding": {
                "de": ["Schweißen von Edelstahl und Aluminium (WIG)", "Edelstahlverarbeitung"],
                "en": [
                    "TIG welding of stainless steel and aluminium",
                    "stainless steel fabrication",
                ],
                "pl": ["spawanie TIG stali nierdzewnej i aluminium", "obróbka stali nierdzewnej"],
                "cs": ["svařování nerezu a hliníku metodou TIG", "zpracování nerezové oceli"],
            },
        },
        ["EN 1090", "ISO 3834", "ISO 9001"],
        ["construction", "industrial", "agriculture"],
        ["lab:material testing", "market"],
    ),
    "agri": Trade(
        "agricultural machinery",
        {
            "DE": ["Landtechnik", "Agrartechnik"],
            "PL": ["Maszyny Rolnicze", "Agrotechnika"],
            "CZ": ["Zemědělská technika", "Agrostroj"],
        },
        {
            "tractor repair": {
                "de": [
                    "Reparatur und Wartung von Traktoren und Mähdreschern",
                    "Landmaschinen-Werkstatt",
                ],
                "en": ["repair and service of tractors and combines", "farm machinery workshop"],
                "pl": ["naprawa i serwis ciągników i kombajnów", "serwis maszyn rolniczych"],
                "cs": ["opravy a servis traktorů a kombajnů", "servis zemědělských strojů"],
            },
            "trailers": {
                "de": [
                    "Anhänger und Kipper für die Landwirtschaft",
                    "Bau landwirtschaftlicher Anhänger",
                ],
                "en": ["farm trailers and tippers", "agricultural trailers built to order"],
                "pl": ["przyczepy rolnicze i wywrotki", "produkcja przyczep rolniczych"],
                "cs": ["zemědělské přívěsy a sklápěče", "výroba zemědělských návěsů"],
            },
            "attachments": {
                "de": [
                    "Anbaugeräte für Frontlader und Bodenbearbeitung",
                    "Geräte zur Bodenbearbeitung",
                ],
                "en": ["front loader attachments and tillage tools", "soil cultivation implements"],
                "pl": ["osprzęt do ładowaczy i maszyny uprawowe", "narzędzia do uprawy gleby"],
                "cs": ["nástavby pro čelní nakladače a půdní nářadí", "stroje na zpracování půdy"],
            },
        },
        ["ISO 9001"],
        ["agriculture"],
        ["fluidpower:hydraulic cylinders", "steel:welded assemblies", "market"],
    ),
    "buildingautomation": Trade(
        "building automation",
        {
            "DE": ["Gebäudetechnik", "MSR-Technik"],
            "PL": ["Automatyka Budynkowa", "Systemy HVAC"],
            "CZ": ["Technika budov", "MaR"],
        },
        {
            "hvac controls": {
                "de": [
                    "Mess-, Steuer- und Regeltechnik für Lüftung und Heizung",
                    "Regelung von Klimaanlagen",
                ],
                "en": [
                    "controls for heating, ventilation and air conditioning",
                    "HVAC control systems",
                ],
                "pl": [
                    "automatyka HVAC: wentylacja, ogrzewanie, klimatyzacja",
                    "sterowanie klimatyzacją",
                ],
                "cs": ["měření a regulace vzduchotechniky a vytápění", "regulace klimatizací"],
            },
            "building management": {
                "de": [
                    "Gebäudeleittechnik und Energiemonitoring",
                    "Gebäudeleitsysteme (BACnet, KNX)",
                ],
                "en": [
                    "building management systems and energy monitoring",
                    "BMS with BACnet and KNX",
                ],
                "pl": [
                    "systemy zarządzania budynkiem BMS",
                    "monitoring zużycia energii w budynkach",
                ],
                "cs": [
                    "systémy řízení budov a energetický monitoring",
                    "řídicí systémy budov (BACnet, KNX)",
                ],
            },
            "cleanroom ventilation": {
                "de": ["Reinraumlüftung und Reinraumtechnik", "Lüftung für Reinräume"],
                "en": ["cleanroom ventilation", "cleanroom air handling"],
                "pl": ["wentylacja pomieszczeń czystych", "technika clean room"],
                "cs": ["vzduchotechnika čistých prostor", "čisté prostory na klíč"],
            },
        },
        ["ISO 9001", "ISO 14001"],
        ["public", "medical", "industrial"],
        ["software:it security", "market"],
    ),
    "fairs": Trade(
        "event services",
        {
            "DE": ["Messebau", "Eventtechnik"],
            "PL": ["Targi", "Eventy"],
            "CZ": ["Výstavnictví", "Eventy"],
        },
        {
            "exhibition stands": {
                "de": [
                    "Planung und Bau von Messeständen",
                    "Messestände zur Miete oder Individualbau",
                ],
                "en": [
                    "design and build of exhibition stands",
                    "trade fair booths to rent or custom-built",
                ],
                "pl": ["projektowanie i zabudowa stoisk targowych", "stoiska targowe"],
                "cs": ["návrh a stavba výstavních stánků", "veletržní expozice na míru"],
            },
            "event technology": {
                "de": [
                    "Ton-, Licht- und Videotechnik für Veranstaltungen",
                    "Veranstaltungstechnik",
                ],
                "en": ["sound, lighting and video for events", "event technology hire"],
                "pl": ["nagłośnienie, oświetlenie i multimedia na eventy", "technika eventowa"],
                "cs": ["ozvučení, osvětlení a projekce pro akce", "technika pro konference"],
            },
            "interpreting": {
                "de": [
                    "Dolmetscher und Hostessen für Messen",
                    "Messepersonal mit Sprachkenntnissen",
                ],
                "en": ["interpreters and hosts for trade fairs", "multilingual stand staff"],
                "pl": ["tłumacze i hostessy na targi", "personel targowy ze znajomością języków"],
                "cs": ["tlumočníci a hostesky na veletrhy", "jazykově vybavený personál na stánek"],
            },
        },
        [],
        ["industrial", "public", "hospitality"],
        ["furniture:shopfitting", "market"],
    ),
}

INDUSTRIES: dict[str, dict[Lang, str]] = {
    "automotive": {
        "de": "Automobilzulieferer",
        "en": "automotive suppliers",
        "pl": "branża motoryzacyjna",
        "cs": "automobilový průmysl",
    },
    "medical": {
        "de": "Medizintechnik",
        "en": "medical device makers",
        "pl": "producenci wyrobów medycznych",
        "cs": "zdravotnická technika",
    },
    "industrial": {
        "de": "Maschinen- und Anlagenbau",
        "en": "machine builders",
        "pl": "budowa maszyn",
        "cs": "strojírenství",
    },
    "household": {
        "de": "Hausgerätehersteller",
        "en": "household appliance makers",
        "pl": "producenci AGD",
        "cs": "výrobci domácích spotřebičů",
    },
    "food": {
        "de": "Lebensmittelbetriebe",
        "en": "food producers",
        "pl": "zakłady spożywcze",
        "cs": "potravinářské podniky",
    },
    "agriculture": {
        "de": "Landwirtschaft",
        "en": "farms and agricultural contractors",
        "pl": "gospodarstwa rolne",
        "cs": "zemědělské podniky",
    },
    "railway": {
        "de": "Schienenfahrzeugbau",
        "en": "rolling stock makers",
        "pl": "producenci taboru kolejowego",
        "cs": "výrobci kolejových vozidel",
    },
    "aerospace": {
        "de": "Luftfahrt",
        "en": "aerospace",
        "pl": "przemysł lotniczy",
        "cs": "letecký průmysl",
    },
    "construction": {
        "de": "Bauunternehmen",
        "en": "construction firms",
        "pl": "firmy budowlane",
        "cs": "stavební firmy",
    },
    "public": {
        "de": "öffentliche Auftraggeber",
        "en": "public clients",
        "pl": "zamawiający publiczni",
        "cs": "veřejní zadavatelé",
    },
    "hospitality": {
        "de": "Hotels und Gastronomie",
        "en": "hotels and restaurants",
        "pl": "hotele i gastronomia",
        "cs": "hotely a restaurace",
    },
}

MARKETS: dict[Lang, dict[str, str]] = {
    "de": {
        "DE": "Deutschland",
        "PL": "Polen",
        "CZ": "Tschechien",
        "AT": "Österreich",
        "SK": "der Slowakei",
    },
    "en": {"DE": "Germany", "PL": "Poland", "CZ": "Czechia", "AT": "Austria", "SK": "Slovakia"},
    "pl": {"DE": "Niemczech", "PL": "Polsce", "CZ": "Czechach", "AT": "Austrii", "SK": "Słowacji"},
    "cs": {"DE": "Německu", "PL": "Polsku", "CZ": "Česku", "AT": "Rakousku", "SK": "na Slovensku"},
}

# Frames: {a} the first specialty phrase, {b} the second (or the rest), {i} a customer industry.
OFFER_FRAMES: dict[Lang, list[str]] = {
    "de": [
        "Wir bieten {a}.",
        "Schwerpunkt: {a}.",
        "Unser Angebot umfasst {a}.",
        "Im eigenen Haus: {a}.",
        "Leistungen für {i}: {a}.",
    ],
    "en": [
        "We offer {a}.",
        "Core business: {a}.",
        "Capabilities include {a}.",
        "What we do for {i}: {a}.",
        "Services: {a}.",
    ],
    "pl": [
        "Oferujemy: {a}.",
        "Zakres usług: {a}.",
        "Specjalizacja firmy: {a}.",
        "W ofercie dla klientów ({i}): {a}.",
        "Wykonujemy: {a}.",
    ],
    "cs": [
        "Nabízíme: {a}.",
        "Naše služby: {a}.",
        "Hlavní obor: {a}.",
        "Pro zákazníky (obor {i}): {a}.",
        "Zajišťujeme: {a}.",
    ],
}
AND: dict[Lang, str] = {"de": "und", "en": "and", "pl": "oraz", "cs": "a"}

SUPPLIER_SEEK_FRAMES: dict[Lang, list[str]] = {
    "de": [
        "Wir suchen Lieferanten für {a}.",
        "Gesucht: ein Partner für {a}.",
        "Für wachsende Stückzahlen suchen wir Zulieferer: {a}.",
    ],
    "en": [
        "Looking for suppliers of {a}.",
        "We need a partner for {a}.",
        "Wanted: a subcontractor for {a}.",
    ],
    "pl": [
        "Szukamy dostawcy w zakresie: {a}.",
        "Poszukujemy podwykonawcy ({a}).",
        "Potrzebujemy partnera: {a}.",
    ],
    "cs": [
        "Hledáme dodavatele pro: {a}.",
        "Poptáváme subdodavatele ({a}).",
        "Hledáme partnera – {a}.",
    ],
}
MARKET_SEEK_FRAMES: dict[Lang, list[str]] = {
    "de": ["Wir suchen Vertriebspartner in {m}.", "Neue Kunden in {m} sind unser Ziel."],
    "en": ["Looking for sales partners in {m}.", "We want to win customers in {m}."],
    "pl": ["Szukamy partnerów handlowych w {m}.", "Chcemy pozyskać klientów w {m}."],
    "cs": ["Hledáme obchodní partnery v {m}.", "Chceme získat zákazníky v {m}."],
}
MARKET_SEEK_FRAMES_SK: dict[Lang, str] = {
    "de": "Wir suchen Vertriebspartner in {m}.",
    "en": "Looking for sales partners in {m}.",
    "pl": "Szukamy partnerów handlowych na {m}.",
    "cs": "Hledáme obchodní partnery {m}.",
}
RESEARCH_SEEKS: dict[Lang, str] = {
    "de": "Für ein Entwicklungsprojekt suchen wir ein Forschungsinstitut.",
    "en": "We want to start a development project with a research institute.",
    "pl": "Do projektu B+R szukamy instytutu naukowego.",
    "cs": "Pro vývojový projekt hledáme výzkumnou instituci.",
}

DESCRIPTION_FRAMES: dict[Lang, list[str]] = {
    "de": [
        "Familienbetrieb aus {c}, gegründet {f}, {e} Beschäftigte.",
        "Mittelständischer Betrieb in {c} mit {e} Mitarbeitenden; seit {f} am Markt.",
        "Seit {f} in {c} ansässig; {e} Leute, Kunden vor allem aus dem Bereich {i}.",
    ],
    "en": [
        "Founded in {f} in {c}; {e} employees.",
        "An owner-run firm in {c} with {e} staff, in business since {f}.",
        "Based in {c} since {f}; {e} people, mostly working for {i}.",
    ],
    "pl": [
        "Firma rodzinna z miejscowości {c}, założona w {f} r., zatrudnia {e} osób.",
        "Działamy od {f} r. ({c}); {e} pracowników.",
        "Siedziba: {c}. Od {f} r. pracujemy głównie dla klientów z sektora: {i}. "
        "Zatrudnienie: {e}.",
    ],
    "cs": [
        "Rodinná firma ze sídla {c}, založena {f}, {e} zaměstnanců.",
        "Působíme od roku {f}, sídlo {c}, {e} pracovníků.",
        "Sídlo {c}; od roku {f} pracujeme hlavně pro obor {i}. Počet zaměstnanců: {e}.",
    ],
}
SPOKEN_NOTE: dict[Lang, str] = {
    "de": "Wir sprechen {l}.",
    "en": "We speak {l}.",
    "pl": "Mówimy: {l}.",
    "cs": "Domluvíme se: {l}.",
}
LANGUAGE_NAMES: dict[Lang, dict[str, str]] = {
    "de": {
        "de": "Deutsch",
        "en": "Englisch",
        "pl": "Polnisch",
        "cs": "Tschechisch",
        "sk": "Slowakisch",
        "uk": "Ukrainisch",
    },
    "en": {
        "de": "German",
        "en": "English",
        "pl": "Polish",
        "cs": "Czech",
        "sk": "Slovak",
        "uk": "Ukrainian",
    },
    "pl": {
        "de": "niemiecki",
        "en": "angielski",
        "pl": "polski",
        "cs": "czeski",
        "sk": "słowacki",
        "uk": "ukraiński",
    },
    "cs": {
        "de": "německy",
        "en": "anglicky",
        "pl": "polsky",
        "cs": "česky",
        "sk": "slovensky",
        "uk": "ukrajinsky",
    },
}
MAILBOXES: dict[str, list[str]] = {
    "DE": ["info", "kontakt", "vertrieb", "office"],
    "PL": ["biuro", "kontakt", "sprzedaz", "office"],
    "CZ": ["info", "obchod", "kancelar", "office"],
}
HOME_LANGUAGE = {"DE": "de", "PL": "pl", "CZ": "cs"}
PHONE_DIGITS = {"DE": (6, 7), "PL": (7, 7), "CZ": (6, 6)}


@dataclass(frozen=True)
class OrganisationSpec:
    """A hand-written research body or support institution: too varied to draw at random."""

    slug: str
    name: str
    kind: str
    city: str
    sectors: list[str]
    languages: list[str]
    offers: str
    seeks: str
    description: str
    employees: int
    founded: int
    certifications: list[str] = field(default_factory=list)


HANDWRITTEN: list[OrganisationSpec] = [
    # Research bodies and transfer offices.
    OrganisationSpec(
        "saale-photonik",
        "Saale-Institut für angewandte Photonik e.V.",
        "research",
        "Jena",
        ["research", "optics", "lasers"],
        ["de", "en"],
        "Auftragsforschung zu Laserquellen, Mikrooptik und optischer Messtechnik; "
        "Machbarkeitsstudien "
        "für KMU; Zugang zu Reinraum und Beschichtungsanlagen.",
        "Industriepartner für geförderte Verbundprojekte in der Optik.",
        "Gemeinnütziges Forschungsinstitut, enge Zusammenarbeit mit der Jenaer Optikindustrie.",
        85,
        1992,
    ),
    OrganisationSpec(
        "ilmenau-fluidlabor",
        "Transferzentrum Fluidtechnik und Antriebe Ilmenau",
        "research",
        "Ilmenau",
        ["research", "hydraulics", "drives"],
        ["de", "en", "cs"],
        "Prüfstände für Hydraulikkomponenten, Simulation von Antrieben, Weiterbildung für "
        "Servicetechniker. Contract testing of pumps and valves.",
        "Hersteller von Hydraulik und Landtechnik für gemeinsame Entwicklungsprojekte.",
        "Transfereinrichtung an einer technischen Hochschule.",
        30,
        2008,
    ),
    OrganisationSpec(
        "donau-pruefzentrum",
        "Prüf- und Transferzentrum Werkstoffe Regensburg",
        "research",
        "Regensburg",
        ["research", "testing", "materials"],
        ["de", "en", "cs"],
        "Schadensanalyse an Bauteilen, Werkstoffprüfung und Beratung zur Werkstoffauswahl; "
        "Forschungsprojekte mit bayerischen und tschechischen Firmen.",
        "Tschechische Partner für grenzüberschreitende Forschungsprojekte.",
        "Anwendungsnahes Forschungszentrum einer Hochschule.",
        40,
        2011,
    ),
    OrganisationSpec(
        "weiden-kunststoff-transfer",
        "Kunststoff-Campus Weiden",
        "research",
        "Weiden",
        ["research", "plastics"],
        ["de", "cs"],
        "Versuche an Spritzgießmaschinen, Materialentwicklung mit Recyclaten, Schulungen für "
        "Verfahrensmechaniker.",
        "KMU, die Rezyklate in Serienteilen einsetzen wollen.",
        "Technologietransferstelle für Kunststofftechnik.",
        18,
        2015,
    ),
    OrganisationSpec(
        "gliwice-materialy",
        "Śląskie Centrum Badań Materiałów i Spawalnictwa",
        "research",
        "Gliwice",
        ["research", "welding", "materials"],
        ["pl", "en", "de"],
        "Badania spawalności, kwalifikowanie technologii spawania, szkolenia spawaczy, ekspertyzy "
        "awarii konstrukcji stalowych.",
        "Partnerów przemysłowych do projektów badawczych w programach UE.",
        "Instytut badawczy współpracujący z uczelnią techniczną.",
        120,
        1998,
        ["ISO/IEC 17025"],
    ),
    OrganisationSpec(
        "katowice-automatyka-lab",
        "Laboratorium Robotyki Stosowanej Katowice",
        "research",
        "Katowice",
        ["research", "automation", "robotics"],
        ["pl", "en"],
        "Testy chwytaków i aplikacji robotów współpracujących, wdrożenia demonstracyjne dla MŚP, "
        "studia wykonalności automatyzacji.",
        "Firm produkcyjnych, które chcą przetestować robotyzację przed inwestycją.",
        "Jednostka transferu technologii przy uczelni.",
        25,
        2016,
    ),
    OrganisationSpec(
        "sacz-zywnosc",
        "Małopolskie Centrum Technologii Żywności",
        "research",
        "Nowy Sącz",
        ["research", "food"],
        ["pl", "en", "sk"],
        "Badania trwałości i składu żywności, rozwój receptur, testy linii pilotażowych dla "
        "piekarni i przetwórni.",
        "Producentów maszyn spożywczych do wspólnych projektów.",
        "Centrum badawczo-wdrożeniowe dla przemysłu spożywczego.",
        22,
        2012,
    ),
    OrganisationSpec(
        "rzeszow-lotnictwo",
        "Podkarpackie Centrum Badań Kompozytów",
        "research",
        "Rzeszów",
        ["research", "composites", "aerospace"],
        ["pl", "en"],
        "Badania kompozytów dla lotnictwa, badania nieniszczące, próby zmęczeniowe.",
        "Dostawców przemysłu lotniczego do projektów rozwojowych.",
        "Ośrodek badawczy działający przy uczelni technicznej.",
        60,
        2005,
        ["ISO/IEC 17025"],
    ),
    OrganisationSpec(
        "ostrava-materialy",
        "Centrum materiálového výzkumu Ostrava",
        "research",
        "Ostrava",
        ["research", "materials", "metallurgy"],
        ["cs", "en", "pl"],
        "Smluvní výzkum kovových materiálů, zkoušky únavy, analýzy lomů a povrchů.",
        "Průmyslové partnery pro společné projekty TA ČR.",
        "Výzkumné centrum technické univerzity.",
        140,
        2010,
        ["ISO/IEC 17025"],
    ),
    OrganisationSpec(
        "zlin-polymery",
        "Ústav polymerních technologií Zlín",
        "research",
        "Zlín",
        ["research", "plastics", "rubber"],
        ["cs", "en", "sk"],
        "Vývoj pryžových a plastových směsí, reologie, zkoušky stárnutí, zkušební vstřikování.",
        "Firmy z gumárenství a plastikářství pro aplikovaný výzkum.",
        "Univerzitní výzkumný ústav.",
        70,
        2007,
    ),
    OrganisationSpec(
        "olomouc-optika",
        "Laboratoř aplikované optiky Olomouc",
        "research",
        "Olomouc",
        ["research", "optics"],
        ["cs", "en", "de"],
        "Návrh optických soustav, měření optických komponent, výzkum laserových aplikací.",
        "Výrobce optiky z Německa a Polska pro společné projekty.",
        "Společná laboratoř univerzity a průmyslu.",
        35,
        2004,
    ),
    OrganisationSpec(
        "budejovice-agro",
        "Jihočeské centrum zemědělské techniky",
        "research",
        "České Budějovice",
        ["research", "agricultural machinery"],
        ["cs", "de"],
        "Polní zkoušky zemědělských strojů, měření spotřeby a zhutnění půdy, "
        "poradenství k precizní "
        "zemědělské technice.",
        "Výrobce zemědělské techniky z Bavorska a Rakouska.",
        "Výzkumné pracoviště zemědělské fakulty.",
        20,
        2001,
    ),
    # Support institutions: chambers, agencies, clusters.
    OrganisationSpec(
        "ostthueringen-kammer",
        "Wirtschaftskammer Ostthüringen",
        "institution",
        "Gera",
        ["chamber", "business support"],
        ["de", "en"],
        "Beratung zu Gründung, Ausbildung und Außenhandel; Ursprungszeugnisse und Carnets; "
        "Firmenkontakte nach Polen und Tschechien.",
        "Mitgliedsbetriebe, die neue Märkte im Osten erschließen wollen.",
        "Regionale Kammer der gewerblichen Wirtschaft.",
        90,
        1990,
    ),
    OrganisationSpec(
        "thueringen-cluster-optik",
        "Photonik-Netzwerk Thüringen",
        "institution",
        "Jena",
        ["cluster", "optics"],
        ["de", "en"],
        "Branchentreffen, Gemeinschaftsstände auf Fachmessen, Vermittlung von "
        "Projektpartnern in der "
        "optischen Industrie.",
        "Neue Mitglieder aus Optik, Lasertechnik und Zulieferung.",
        "Branchennetzwerk der Photonik-Unternehmen.",
        8,
        2003,
    ),
    OrganisationSpec(
        "regensburg-foerderagentur",
        "Innovations- und Gründeragentur Regensburg",
        "institution",
        "Regensburg",
        ["agency", "funding advice"],
        ["de", "en", "cs"],
        "Fördermittelberatung für Innovationsprojekte, Gründungsberatung, bayerisch-tschechische "
        "Kooperationsbörsen.",
        "Unternehmen mit Innovationsvorhaben.",
        "Kommunale Agentur für Wirtschaftsförderung.",
        15,
        2000,
    ),
    OrganisationSpec(
        "cham-grenzbuero",
        "Grenzüberschreitendes Wirtschaftsbüro Cham",
        "institution",
        "Cham",
        ["business support", "cross-border"],
        ["de", "cs"],
        "Kontaktvermittlung zu Firmen in Böhmen, Dolmetschen bei Erstgesprächen, Beratung zu "
        "Arbeitnehmerentsendung nach Tschechien.",
        "Firmen, die tschechische Partner oder Fachkräfte suchen.",
        "Beratungsstelle eines Landkreises an der Grenze.",
        5,
        2006,
    ),
    OrganisationSpec(
        "gliwice-izba",
        "Izba Przemysłowo-Handlowa w Gliwicach",
        "institution",
        "Gliwice",
        ["chamber", "export"],
        ["pl", "de", "en"],
        "Doradztwo eksportowe, misje gospodarcze do Niemiec i Czech, świadectwa pochodzenia.",
        "Firm członkowskich z sektora przemysłowego.",
        "Regionalna izba gospodarcza.",
        14,
        1993,
    ),
    OrganisationSpec(
        "bielsko-agencja",
        "Agencja Rozwoju Przedsiębiorczości Bielsko-Biała",
        "institution",
        "Bielsko-Biała",
        ["agency", "funding advice"],
        ["pl", "cs", "en"],
        "Pożyczki dla MŚP, doradztwo w pozyskiwaniu dotacji, kojarzenie partnerów polsko-czeskich.",
        "Przedsiębiorców z pomysłem na współpracę transgraniczną.",
        "Agencja rozwoju regionalnego.",
        30,
        1992,
    ),
    OrganisationSpec(
        "krakow-klaster-it",
        "Klaster Bezpieczeństwa Cyfrowego Kraków",
        "institution",
        "Kraków",
        ["cluster", "IT"],
        ["pl", "en"],
        "Wspólne projekty członków, szkolenia z cyberbezpieczeństwa, stoiska na targach IT.",
        "Nowych członków z branży IT i partnerów zagranicznych.",
        "Klaster firm informatycznych.",
        6,
        2014,
    ),
    OrganisationSpec(
        "opava-komora",
        "Hospodářská komora Opava",
        "institution",
        "Opava",
        ["chamber", "business support"],
        ["cs", "pl", "de"],
        "Vystavování osvědčení o původu, semináře k exportu, kontakty na polské a německé firmy.",
        "Firmy z regionu, které chtějí vyvážet.",
        "Okresní hospodářská komora.",
        7,
        1994,
    ),
    OrganisationSpec(
        "zlin-agentura",
        "Agentura pro rozvoj podnikání Zlín",
        "institution",
        "Zlín",
        ["agency", "funding advice", "innovation"],
        ["cs", "en", "sk"],
        "Inovační vouchery, poradenství k dotacím z OP TAK, hledání partnerů na Slovensku.",
        "Malé a střední firmy s inovačním záměrem.",
        "Krajská agentura pro podporu podnikání.",
        25,
        2003,
    ),
    OrganisationSpec(
        "olomouc-klastr",
        "Klastr strojírenských firem Olomouc",
        "institution",
        "Olomouc",
        ["cluster", "machinery"],
        ["cs", "de", "en"],
        "Společné účasti na veletrzích, sdílené školení svářečů a konstruktérů, nákupní aliance.",
        "Nové členy ze strojírenství a subdodavatele.",
        "Sdružení strojírenských podniků.",
        4,
        2009,
    ),
    OrganisationSpec(
        "rzeszow-eksport",
        "Podkarpackie Biuro Wsparcia Eksportu",
        "institution",
        "Rzeszów",
        ["agency", "export"],
        ["pl", "en", "sk"],
        "Doradztwo przy wejściu na rynki zagraniczne, wyjazdy na targi, wyszukiwanie dystrybutorów "
        "na Słowacji i w Niemczech.",
        "Eksporterów z regionu, zwłaszcza z przemysłu lotniczego i maszynowego.",
        "Regionalne biuro wsparcia eksportu prowadzone przez samorząd województwa.",
        12,
        2010,
    ),
    OrganisationSpec(
        "budejovice-inovace",
        "Jihočeské inovační a podnikatelské centrum",
        "institution",
        "České Budějovice",
        ["agency", "innovation", "cross-border"],
        ["cs", "de", "en"],
        "Inkubátor pro začínající firmy, poradenství k ochraně duševního vlastnictví, "
        "česko-bavorské "
        "a česko-rakouské kooperační burzy.",
        "Firmy z Bavorska a Horního Rakouska, které hledají partnery v jižních Čechách.",
        "Krajské centrum pro inovace a podnikání.",
        28,
        2008,
    ),
]


def slug(text: str) -> str:
    # Letters NFKD does not split into a base letter and a mark.
    text = text.lower().translate(str.maketrans({"ł": "l", "ß": "ss", "ø": "o", "đ": "d"}))
    folded = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(char for char in folded if not unicodedata.combining(char))
    words = "".join(char if char.isalnum() else " " for char in ascii_only).split()
    return "-".join(words)


def joined(phrases: list[str], lang: Lang) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + f" {AND[lang]} " + phrases[-1]


def language_list(codes: list[str], lang: Lang) -> str:
    return joined([LANGUAGE_NAMES[lang][code] for code in codes], lang)


class OrganisationWriter:
    """Draws organisations from one seeded random source, so the output never changes."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.names: set[str] = set()
        self.ids: set[str] = set()

    def unique_id(self, country: str, name: str) -> str:
        base = f"b-{country.lower()}-{slug(name)[:36].rstrip('-')}"
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        self.ids.add(candidate)
        return candidate

    def company_name(self, trade: Trade, place: Place) -> str:
        rnd = self.random
        for _ in range(50):
            word = rnd.choice(trade.name_words[place.country])
            legal = rnd.choice(LEGAL_FORMS[place.country])
            pattern = rnd.randrange(4)
            if pattern == 0:
                name = f"{rnd.choice(place.name_words)} {word} {legal}"
            elif pattern == 1:
                name = f"{rnd.choice(SURNAMES[place.country])} {word} {legal}"
            elif pattern == 2:
                name = (
                    f"{rnd.choice(BRANDS)}{rnd.choice(['tec', 'form', 'line', 'pro', ''])} {legal}"
                )
            else:
                name = f"{rnd.choice(BRANDS)} {word} {legal}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("no free company name")

    def spoken_languages(self, place: Place) -> list[str]:
        rnd = self.random
        spoken = [HOME_LANGUAGE[place.country]]
        if rnd.random() < 0.6:
            spoken.append("en")
        for neighbour in place.neighbour_languages:
            if rnd.random() < 0.4:
                spoken.append(neighbour)
        if rnd.random() < 0.1 and "de" not in spoken:
            spoken.append("de")
        if rnd.random() < 0.04:
            spoken.append("uk")
        return spoken

    def writing_languages(self, place: Place, spoken: list[str]) -> list[str]:
        # One or two of de/pl/cs/en; a few firms write only English although they are local.
        rnd = self.random
        home = HOME_LANGUAGE[place.country]
        roll = rnd.random()
        if roll < 0.12 and "en" in spoken:
            return ["en"]
        if roll < 0.45:
            others = [code for code in spoken if code in ("de", "pl", "cs", "en") and code != home]
            if others:
                return [home, rnd.choice(others)]
        return [home]

    def phone(self, place: Place) -> str:
        low, high = PHONE_DIGITS[place.country]
        digits = "".join(
            str(self.random.randint(0, 9)) for _ in range(self.random.randint(low, high))
        )
        return f"{place.phone_prefix} {digits[:3]} {digits[3:]}"

    def postcode(self, place: Place) -> str:
        rnd = self.random
        if place.country == "PL":
            return f"{place.postcode_head}{rnd.randint(100, 999)}"
        if place.country == "CZ":
            code = (place.postcode_head + "".join(str(rnd.randint(0, 9)) for _ in range(5)))[:5]
            return f"{code[:3]} {code[3:]}"
        return (place.postcode_head + "".join(str(rnd.randint(0, 9)) for _ in range(5)))[:5]

    def offer_text(self, trade: Trade, tags: list[str], lang: Lang) -> str:
        rnd = self.random
        phrases = [rnd.choice(trade.specialties[tag][lang]) for tag in tags]
        industry = INDUSTRIES[rnd.choice(trade.customers)][lang]
        text = rnd.choice(OFFER_FRAMES[lang]).format(a=joined(phrases, lang), i=industry)
        return text[0].upper() + text[1:]

    def seek_text(self, trade: Trade, place: Place, lang: Lang) -> str:
        rnd = self.random
        wish = rnd.choice(trade.seeks)
        if wish == "research":
            return RESEARCH_SEEKS[lang]
        if wish == "market":
            markets = [code for code in ("DE", "PL", "CZ", "AT", "SK") if code != place.country]
            market = rnd.choice(markets)
            if market == "SK":
                return MARKET_SEEK_FRAMES_SK[lang].format(m=MARKETS[lang][market])
            frame = rnd.choice(MARKET_SEEK_FRAMES[lang])
            return frame.format(m=MARKETS[lang][market])
        trade_key, specialty = wish.split(":")
        phrase = rnd.choice(TRADES[trade_key].specialties[specialty][lang])
        return rnd.choice(SUPPLIER_SEEK_FRAMES[lang]).format(a=phrase)

    def company(self, trade_key: str, place: Place) -> dict[str, object]:
        trade = TRADES[trade_key]
        rnd = self.random
        tags = rnd.sample(sorted(trade.specialties), k=rnd.choice([1, 1, 2, 2, 3]))
        tags = [tag for tag in trade.specialties if tag in tags]
        spoken = self.spoken_languages(place)
        writing = self.writing_languages(place, spoken)
        name = self.company_name(trade, place)
        founded = rnd.randint(1991, 2022) if rnd.random() < 0.85 else rnd.randint(1920, 1990)
        employees = rnd.choice(
            [rnd.randint(3, 19), rnd.randint(20, 99), rnd.randint(20, 99), rnd.randint(100, 650)]
        )
        # With two writing languages, the offers come in the first and seeks in the second, as
        # profiles edited by different people often are.
        offers = self.offer_text(trade, tags, writing[0])
        seeks = self.seek_text(trade, place, writing[-1])
        description_lang = rnd.choice(writing)
        description = rnd.choice(DESCRIPTION_FRAMES[description_lang]).format(
            c=place.city,
            f=founded,
            e=employees,
            i=INDUSTRIES[rnd.choice(trade.customers)][description_lang],
        )
        if len(spoken) > 1 and rnd.random() < 0.5:
            description += " " + SPOKEN_NOTE[description_lang].format(
                l=language_list(spoken, description_lang)
            )
        legal_form = next(form for form in LEGAL_FORMS[place.country] if name.endswith(form))
        site = slug(name.removesuffix(legal_form))[:28].rstrip("-")
        domain = f"{site}.{rnd.choice(['example.org', 'example.com'])}"
        certifications = sorted(
            rnd.sample(trade.certifications, k=rnd.randint(0, min(2, len(trade.certifications))))
        )
        record: dict[str, object] = {
            "id": self.unique_id(place.country, name),
            "name": name,
            "kind": "company",
            "country": place.country,
            "region": place.region,
            "city": place.city,
            "postcode": self.postcode(place),
            "address": f"{rnd.choice(STREETS[place.country])} {rnd.randint(1, 120)}",
            "website": f"https://www.{domain}",
            "email": f"{rnd.choice(MAILBOXES[place.country])}@{domain}",
            "phone": self.phone(place),
            "contact_person": f"{rnd.choice(['A.', 'M.', 'J.', 'K.', 'P.', 'T.'])} "
            f"{rnd.choice(SURNAMES[place.country])}",
            "languages": spoken,
            "sectors": [trade.sector, *tags],
            "offers": offers,
            "seeks": seeks,
            "description": description,
            "employees": employees,
            "founded": founded,
            "certifications": certifications,
            "demo": True,
        }
        return record

    def handwritten(self, spec: OrganisationSpec) -> dict[str, object]:
        place = next(place for place in PLACES if place.city == spec.city)
        domain = f"{spec.slug}.example.org"
        return {
            "id": f"b-{place.country.lower()}-{spec.slug}",
            "name": spec.name,
            "kind": spec.kind,
            "country": place.country,
            "region": place.region,
            "city": place.city,
            "postcode": self.postcode(place),
            "address": f"{self.random.choice(STREETS[place.country])} {self.random.randint(1, 60)}",
            "website": f"https://www.{domain}",
            "email": f"info@{domain}",
            "phone": self.phone(place),
            "languages": spec.languages,
            "sectors": spec.sectors,
            "offers": spec.offers,
            "seeks": spec.seeks,
            "description": spec.description,
            "employees": spec.employees,
            "founded": spec.founded,
            "certifications": spec.certifications,
            "demo": True,
        }


def generate(seed: int = SEED) -> list[dict[str, object]]:
    writer = OrganisationWriter(seed)
    rnd = writer.random
    places_by_country = {
        country: [place for place in PLACES if place.country == country]
        for country in ("DE", "PL", "CZ")
    }
    records: list[dict[str, object]] = []
    for trade_key in TRADES:
        for _ in range(COMPANIES_PER_TRADE):
            country = rnd.choices(["DE", "PL", "CZ"], weights=[36, 30, 34])[0]
            records.append(writer.company(trade_key, rnd.choice(places_by_country[country])))
    records.extend(writer.handwritten(spec) for spec in HANDWRITTEN)
    return records


def as_jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def main() -> None:
    records = generate()
    OUTPUT.write_text(as_jsonl(records), encoding="utf-8")
    print(f"wrote {len(records)} organisations to {OUTPUT}")


if __name__ == "__main__":
    main()
