"""Generate ``test-organisations.jsonl``, the fictional organisations the held-out test set runs on.

    python -m knowledge.golden.generate_test_organisations

The file is deterministic (fixed seed): running this again rewrites the same bytes. It is written
independently of the demo organisations on purpose — other towns (Lusatia, the Ore Mountains,
Upper Franconia, Lubuskie, Opolskie, Lower Silesia south of the Sudetes, East and West Bohemia),
other trades and other wording — so that nothing tuned on the demo data can be fitted to it.
Every record is fictional (``demo: true``, ids start with ``t-``, addresses under example.org).
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SEED = 20261201
OUTPUT = Path(__file__).with_name("test-organisations.jsonl")
COMPANY_COUNT = 410

Lang = str  # ISO 639-1: de | pl | cs | en


@dataclass(frozen=True)
class Town:
    country: str
    region: str
    city: str
    postcode: str
    phone_prefix: str
    # Neighbour languages a firm here plausibly speaks besides its own (border towns).
    neighbour_languages: tuple[str, ...]


TOWNS: list[Town] = [
    # Germany: Lusatia and Brandenburg along the Neisse/Oder, the Elbe valley, the Ore Mountains,
    # the Vogtland and Upper Franconia next to Bohemia.
    Town("DE", "Brandenburg", "Cottbus", "03046", "+49 355", ("pl",)),
    Town("DE", "Brandenburg", "Spremberg", "03130", "+49 3563", ("pl",)),
    Town("DE", "Brandenburg", "Guben", "03172", "+49 3561", ("pl",)),
    Town("DE", "Brandenburg", "Forst (Lausitz)", "03149", "+49 3562", ("pl",)),
    Town("DE", "Brandenburg", "Frankfurt (Oder)", "15230", "+49 335", ("pl",)),
    Town("DE", "Berlin", "Berlin", "10997", "+49 30", ("pl",)),
    Town("DE", "Bayern", "Hof", "95028", "+49 9281", ("cs",)),
    Town("DE", "Bayern", "Selb", "95100", "+49 9287", ("cs",)),
    Town("DE", "Bayern", "Marktredwitz", "95615", "+49 9231", ("cs",)),
    Town("DE", "Sachsen", "Weißwasser", "02943", "+49 3576", ("pl",)),
    Town("DE", "Sachsen", "Freital", "01705", "+49 351", ("cs",)),
    Town("DE", "Sachsen", "Meißen", "01662", "+49 3521", ("cs",)),
    Town("DE", "Sachsen", "Riesa", "01587", "+49 3525", ()),
    Town("DE", "Sachsen", "Großenhain", "01558", "+49 3522", ()),
    Town("DE", "Sachsen", "Aue-Bad Schlema", "08280", "+49 3771", ("cs",)),
    Town("DE", "Sachsen", "Annaberg-Buchholz", "09456", "+49 3733", ("cs",)),
    Town("DE", "Sachsen", "Marienberg", "09496", "+49 3735", ("cs",)),
    Town("DE", "Sachsen", "Plauen", "08523", "+49 3741", ("cs",)),
    # Poland: Lubuskie on the Oder and Neisse, Opolskie, Lower Silesia towards Bohemia.
    Town("PL", "lubuskie", "Zielona Góra", "65-001", "+48 68", ("de",)),
    Town("PL", "lubuskie", "Żary", "68-200", "+48 68", ("de",)),
    Town("PL", "lubuskie", "Żagań", "68-100", "+48 68", ("de",)),
    Town("PL", "lubuskie", "Gubin", "66-620", "+48 68", ("de",)),
    Town("PL", "lubuskie", "Lubsko", "68-300", "+48 68", ("de",)),
    Town("PL", "lubuskie", "Nowa Sól", "67-100", "+48 68", ("de",)),
    Town("PL", "lubuskie", "Słubice", "69-100", "+48 95", ("de",)),
    Town("PL", "lubuskie", "Gorzów Wielkopolski", "66-400", "+48 95", ("de",)),
    Town("PL", "dolnośląskie", "Głogów", "67-200", "+48 76", ("de",)),
    Town("PL", "dolnośląskie", "Świdnica", "58-100", "+48 74", ("de", "cs")),
    Town("PL", "dolnośląskie", "Kłodzko", "57-300", "+48 74", ("cs", "de")),
    Town("PL", "opolskie", "Opole", "45-001", "+48 77", ("de",)),
    Town("PL", "opolskie", "Nysa", "48-300", "+48 77", ("cs", "de")),
    Town("PL", "opolskie", "Brzeg", "49-300", "+48 77", ("de",)),
    Town("PL", "opolskie", "Kędzierzyn-Koźle", "47-200", "+48 77", ("de",)),
    # Czechia: East Bohemia under the Giant Mountains, the Bohemian Paradise, the Ústí region,
    # West Bohemia next to Bavaria, and Mladá Boleslav.
    Town("CZ", "Královéhradecký kraj", "Hradec Králové", "500 02", "+420 49", ("de",)),
    Town("CZ", "Královéhradecký kraj", "Trutnov", "541 01", "+420 499", ("pl", "de")),
    Town("CZ", "Královéhradecký kraj", "Náchod", "547 01", "+420 491", ("pl", "de")),
    Town("CZ", "Královéhradecký kraj", "Jičín", "506 01", "+420 493", ("de",)),
    Town("CZ", "Liberecký kraj", "Semily", "513 01", "+420 481", ("de",)),
    Town("CZ", "Liberecký kraj", "Turnov", "511 01", "+420 481", ("de",)),
    Town("CZ", "Ústecký kraj", "Most", "434 01", "+420 476", ("de",)),
    Town("CZ", "Ústecký kraj", "Litoměřice", "412 01", "+420 416", ("de",)),
    Town("CZ", "Ústecký kraj", "Louny", "440 01", "+420 415", ("de",)),
    Town("CZ", "Ústecký kraj", "Rumburk", "408 01", "+420 412", ("de",)),
    Town("CZ", "Plzeňský kraj", "Plzeň", "301 00", "+420 37", ("de",)),
    Town("CZ", "Plzeňský kraj", "Domažlice", "344 01", "+420 379", ("de",)),
    Town("CZ", "Plzeňský kraj", "Klatovy", "339 01", "+420 376", ("de",)),
    Town("CZ", "Středočeský kraj", "Mladá Boleslav", "293 01", "+420 326", ("de",)),
]

HOME_LANGUAGE = {"DE": "de", "PL": "pl", "CZ": "cs"}

# Landscape words for firm names, so that names carry no person's name.
LANDSCAPES = {
    "DE": [
        "Elbland",
        "Erzgebirge",
        "Vogtland",
        "Fichtelgebirge",
        "Spreewald",
        "Röderland",
        "Muldental",
        "Zschopautal",
        "Frankenwald",
        "Niederlausitz",
        "Weißeritz",
        "Spreeland",
        "Heideland",
        "Saaletal",
        "Oderland",
        "Kirnitz",
    ],
    "PL": [
        "Nadodrze",
        "Bóbr",
        "Kwisa",
        "Śnieżnik",
        "Ślęża",
        "Opolszczyzna",
        "Dolina Nysy",
        "Pogórze",
        "Lubuszanka",
        "Obra",
        "Biała Góra",
        "Kotlina",
    ],
    "CZ": [
        "Podkrkonoší",
        "Pojizeří",
        "Český ráj",
        "Polabí",
        "Šumava",
        "Chodsko",
        "Poohří",
        "Krušnohoří",
        "Orlické hory",
        "Broumovsko",
        "Kokořínsko",
        "Úpa",
    ],
}
BRAND_HEADS = [
    "Lig",
    "Vit",
    "Tex",
    "Nor",
    "Ald",
    "Bren",
    "Cor",
    "Dal",
    "Est",
    "Fal",
    "Gran",
    "Hel",
    "Ilo",
    "Jas",
    "Kor",
    "Lum",
    "Mar",
    "Nov",
    "Ost",
    "Pra",
    "Ros",
    "Sal",
    "Tor",
    "Ul",
    "Ver",
    "Wal",
    "Zen",
    "Bor",
    "Kal",
    "Ter",
    "Vel",
    "Mir",
    "Ar",
    "Sen",
]
BRAND_TAILS = [
    "ona",
    "ex",
    "tec",
    "form",
    "plan",
    "ion",
    "ar",
    "ida",
    "ent",
    "ova",
    "is",
    "um",
    "et",
    "ral",
    "ix",
    "eko",
    "mat",
    "ant",
    "ero",
    "ika",
]
LEGAL_FORMS = {
    "DE": ["GmbH", "GmbH", "GmbH", "GmbH & Co. KG", "KG", "e.K.", "AG"],
    "PL": ["Sp. z o.o.", "Sp. z o.o.", "Sp. z o.o.", "S.A.", "sp.j.", "s.c."],
    "CZ": ["s.r.o.", "s.r.o.", "s.r.o.", "a.s.", "spol. s r.o."],
}

LANGUAGE_NAMES = {
    "de": {
        "de": "Deutsch",
        "en": "Englisch",
        "pl": "Polnisch",
        "cs": "Tschechisch",
        "ru": "Russisch",
        "uk": "Ukrainisch",
        "fr": "Französisch",
        "sk": "Slowakisch",
    },
    "pl": {
        "de": "niemiecku",
        "en": "angielsku",
        "pl": "polsku",
        "cs": "czesku",
        "ru": "rosyjsku",
        "uk": "ukraińsku",
        "fr": "francusku",
        "sk": "słowacku",
    },
    "cs": {
        "de": "německy",
        "en": "anglicky",
        "pl": "polsky",
        "cs": "česky",
        "ru": "rusky",
        "uk": "ukrajinsky",
        "fr": "francouzsky",
        "sk": "slovensky",
    },
    "en": {
        "de": "German",
        "en": "English",
        "pl": "Polish",
        "cs": "Czech",
        "ru": "Russian",
        "uk": "Ukrainian",
        "fr": "French",
        "sk": "Slovak",
    },
}

# Customer industries, named in each language (used in descriptions and offers).
INDUSTRIES: dict[str, dict[Lang, str]] = {
    "automotive": {
        "de": "Automobilzulieferer",
        "pl": "motoryzacja",
        "cs": "automobilový průmysl",
        "en": "automotive suppliers",
    },
    "rail": {
        "de": "Schienenfahrzeugbau",
        "pl": "kolejnictwo",
        "cs": "železniční průmysl",
        "en": "rail vehicle builders",
    },
    "furniture": {
        "de": "Möbelindustrie",
        "pl": "przemysł meblarski",
        "cs": "nábytkářský průmysl",
        "en": "furniture makers",
    },
    "food": {
        "de": "Lebensmittelbranche",
        "pl": "branża spożywcza",
        "cs": "potravinářství",
        "en": "food producers",
    },
    "energy": {
        "de": "Energietechnik",
        "pl": "energetyka",
        "cs": "energetika",
        "en": "energy equipment makers",
    },
    "medical": {
        "de": "Medizintechnik",
        "pl": "branża medyczna",
        "cs": "zdravotnictví",
        "en": "medical technology",
    },
    "construction": {
        "de": "Bauwirtschaft",
        "pl": "budownictwo",
        "cs": "stavebnictví",
        "en": "construction",
    },
    "agri": {
        "de": "Landmaschinenbau",
        "pl": "producenci maszyn rolniczych",
        "cs": "zemědělské strojírenství",
        "en": "farm machinery",
    },
    "electrical": {
        "de": "Elektroindustrie",
        "pl": "przemysł elektrotechniczny",
        "cs": "elektrotechnika",
        "en": "electrical industry",
    },
    "retail": {
        "de": "Einzelhandel",
        "pl": "handel detaliczny",
        "cs": "maloobchod",
        "en": "retail chains",
    },
    "hospitality": {
        "de": "Hotellerie und Gastronomie",
        "pl": "hotele i gastronomia",
        "cs": "hotely a gastronomie",
        "en": "hotels and restaurants",
    },
    "municipal": {
        "de": "Kommunen",
        "pl": "samorządy",
        "cs": "obce a města",
        "en": "municipalities",
    },
}
# Which of those industries each trade plausibly serves.
TRADE_CUSTOMERS: dict[str, list[str]] = {
    "woodworking": ["furniture", "retail", "hospitality", "construction"],
    "textiles": ["automotive", "furniture", "medical", "rail"],
    "food": ["retail", "hospitality"],
    "glass_ceramics": ["hospitality", "retail", "electrical", "construction"],
    "packaging": ["food", "retail", "electrical", "furniture"],
    "chemicals": ["automotive", "construction", "furniture", "rail"],
    "medical": ["medical"],
    "additive": ["automotive", "medical", "energy", "agri"],
    "surface": ["automotive", "rail", "agri", "electrical"],
    "foundry": ["automotive", "rail", "energy", "agri"],
    "forging": ["automotive", "rail", "energy", "agri"],
    "sheet_metal": ["electrical", "energy", "agri", "construction"],
    "tooling": ["automotive", "electrical", "medical"],
    "industrial_cleaning": ["food", "automotive", "energy"],
    "legal_translation": ["automotive", "municipal", "medical", "retail"],
    "logistics": ["retail", "food", "automotive", "furniture"],
    "construction": ["municipal", "energy", "retail", "food"],
    "water": ["municipal", "food", "energy", "electrical"],
    "recycling": ["automotive", "municipal", "electrical", "construction"],
}

# Markets a firm may look for, by country code, named in each language.
MARKET_NAMES = {
    "de": {
        "DE": "Deutschland",
        "PL": "Polen",
        "CZ": "Tschechien",
        "AT": "Österreich",
        "NL": "den Niederlanden",
        "Sachsen": "Sachsen",
        "Bayern": "Bayern",
    },
    "pl": {
        "DE": "Niemczech",
        "PL": "Polsce",
        "CZ": "Czechach",
        "AT": "Austrii",
        "NL": "Holandii",
        "Sachsen": "Saksonii",
        "Bayern": "Bawarii",
    },
    "cs": {
        "DE": "Německu",
        "PL": "Polsku",
        "CZ": "Česku",
        "AT": "Rakousku",
        "NL": "Nizozemsku",
        "Sachsen": "Sasku",
        "Bayern": "Bavorsku",
    },
    "en": {
        "DE": "Germany",
        "PL": "Poland",
        "CZ": "Czechia",
        "AT": "Austria",
        "NL": "the Netherlands",
        "Sachsen": "Saxony",
        "Bayern": "Bavaria",
    },
}


@dataclass(frozen=True)
class Trade:
    """A trade: its sector label, specialties (tag -> wording per language), details, names."""

    sector: str
    specialties: dict[str, dict[Lang, list[str]]]
    details: dict[Lang, list[str]]
    name_words: dict[str, list[str]]  # by country code, plus "en"
    seeks: list[str]  # trades such a firm typically looks for
    certifications: list[str]


# Specialty wording: nominative equals accusative in every phrase (gerunds, inanimate plurals),
# so the phrases can stand in any offer or search sentence without declension.
TRADES: dict[str, Trade] = {
    "woodworking": Trade(
        sector="woodworking",
        specialties={
            "furniture": {
                "de": ["Möbel nach Maß", "Objektmöbel für Hotels und Büros"],
                "pl": ["meble na wymiar", "meble do hoteli i biur"],
                "cs": ["nábytek na míru", "nábytek pro hotely a kanceláře"],
                "en": ["made-to-measure furniture", "contract furniture for hotels and offices"],
            },
            "shopfitting": {
                "de": ["Ladenbau", "Innenausbau von Läden und Arztpraxen"],
                "pl": ["wyposażenie sklepów i gabinetów lekarskich"],
                "cs": ["vybavení obchodů a ordinací", "interiéry prodejen"],
                "en": ["shopfitting", "interior fit-out of shops and surgeries"],
            },
            "windows and doors": {
                "de": ["Holzfenster und Haustüren", "Brandschutztüren aus Holz"],
                "pl": ["okna i drzwi drewniane", "drzwi przeciwpożarowe z drewna"],
                "cs": ["dřevěná okna a dveře", "protipožární dřevěné dveře"],
                "en": ["timber windows and front doors", "fire-rated timber doors"],
            },
            "pallets and crates": {
                "de": ["Paletten und Holzkisten für den Versand"],
                "pl": ["palety i skrzynie transportowe"],
                "cs": ["palety a dřevěné přepravní bedny"],
                "en": ["pallets and wooden shipping crates"],
            },
        },
        details={
            "de": [
                "Unsere CNC-Bearbeitungszentren fräsen Platten bis 3,1 × 2,2 m.",
                "Massivholz kaufen wir überwiegend in Wäldern der Region.",
                "Eine eigene Lackierstraße für wasserbasierte Lacke steht im Werk.",
            ],
            "pl": [
                "Dysponujemy centrami obróbczymi CNC i własną lakiernią.",
                "Drewno kupujemy głównie w okolicznych nadleśnictwach.",
                "Realizujemy zarówno pojedyncze egzemplarze, jak i serie do kilku tysięcy sztuk.",
            ],
            "cs": [
                "Máme vlastní CNC obráběcí centra a lakovnu.",
                "Masivní dřevo nakupujeme převážně z regionálních lesů.",
                "Vyrábíme kusově i v sériích do několika tisíc kusů.",
            ],
            "en": [
                "We run CNC machining centres and our own finishing line.",
                "Solid wood comes mostly from forests in the region.",
                "One-offs and series of a few thousand pieces are both fine for us.",
            ],
        },
        name_words={
            "DE": ["Holzwerkstätten", "Möbelbau", "Tischlerei", "Holztechnik"],
            "PL": ["Stolarnia", "Meble", "Drewno"],
            "CZ": ["Truhlářství", "Nábytek", "Dřevovýroba"],
            "en": ["Woodcraft", "Furniture"],
        },
        seeks=["textiles", "sheet_metal", "logistics", "glass_ceramics", "chemicals"],
        certifications=["FSC", "PEFC", "ISO 9001"],
    ),
    "textiles": Trade(
        sector="textiles",
        specialties={
            "technical textiles": {
                "de": ["technische Textilien für Filter und Förderbänder", "beschichtete Gewebe"],
                "pl": ["tekstylia techniczne do filtrów i taśm", "tkaniny powlekane"],
                "cs": ["technické textilie pro filtry a dopravníkové pásy", "potahované tkaniny"],
                "en": ["technical textiles for filters and conveyor belts", "coated fabrics"],
            },
            "workwear": {
                "de": ["Arbeits- und Schutzkleidung", "Berufsbekleidung mit Logostick"],
                "pl": ["ubrania robocze i ochronne", "ubrania firmowe z haftem logo"],
                "cs": ["pracovní a ochranné oděvy", "firemní oděvy s výšivkou loga"],
                "en": ["workwear and protective clothing", "branded workwear with embroidery"],
            },
            "nonwovens": {
                "de": ["Vliesstoffe für Dämmung und Automobil"],
                "pl": ["włókniny do izolacji i motoryzacji"],
                "cs": ["netkané textilie pro izolace a automobily"],
                "en": ["nonwovens for insulation and vehicles"],
            },
            "upholstery": {
                "de": ["Polsterstoffe und Bezüge für Sitze"],
                "pl": ["tkaniny obiciowe i pokrowce na siedzenia"],
                "cs": ["potahové látky a čalounění sedadel"],
                "en": ["upholstery fabrics and seat covers"],
            },
        },
        details={
            "de": [
                "Weberei, Konfektion und Prüflabor arbeiten unter einem Dach.",
                "Kleine Losgrößen ab 50 Metern sind bei uns möglich.",
            ],
            "pl": [
                "Tkalnia, szwalnia i laboratorium badawcze działają w jednym zakładzie.",
                "Przyjmujemy zlecenia już od 50 metrów bieżących.",
            ],
            "cs": [
                "Tkalcovna, konfekce i zkušební laboratoř jsou pod jednou střechou.",
                "Zakázky přijímáme už od 50 metrů.",
            ],
            "en": [
                "Weaving, making-up and a test lab are under one roof.",
                "Short runs from 50 metres are possible.",
            ],
        },
        name_words={
            "DE": ["Textilwerk", "Weberei", "Textil"],
            "PL": ["Tekstylia", "Tkalnia", "Szwalnia"],
            "CZ": ["Textil", "Tkalcovna", "Oděvy"],
            "en": ["Textiles", "Fabrics"],
        },
        seeks=["chemicals", "woodworking", "logistics", "research", "recycling"],
        certifications=["OEKO-TEX Standard 100", "ISO 9001", "EN ISO 20471"],
    ),
    "food": Trade(
        sector="food processing",
        specialties={
            "bakery": {
                "de": ["Backwaren und Tiefkühlgebäck", "Dauerbackwaren wie Stollen und Lebkuchen"],
                "pl": ["pieczywo i wypieki mrożone", "pierniki i ciastka trwałe"],
                "cs": ["pekařské výrobky a mražené pečivo", "trvanlivé pečivo a perníky"],
                "en": ["bread and frozen bakery goods", "long-life cakes and gingerbread"],
            },
            "meat processing": {
                "de": ["Wurst- und Fleischwaren", "Räucherwaren aus eigener Räucherei"],
                "pl": ["wędliny i przetwory mięsne", "wyroby wędzone z własnej wędzarni"],
                "cs": ["uzeniny a masné výrobky", "uzené výrobky z vlastní udírny"],
                "en": ["sausages and cured meat", "smoked goods from our own smokehouse"],
            },
            "dairy": {
                "de": ["Käse und Milchprodukte"],
                "pl": ["sery i przetwory mleczne"],
                "cs": ["sýry a mléčné výrobky"],
                "en": ["cheese and dairy products"],
            },
            "beverages": {
                "de": ["Fruchtsäfte und Lohnabfüllung von Getränken"],
                "pl": ["soki owocowe i rozlew napojów na zlecenie"],
                "cs": ["ovocné šťávy a smluvní plnění nápojů"],
                "en": ["fruit juices and contract bottling of drinks"],
            },
        },
        details={
            "de": [
                "Wir liefern an Handelsketten und Großverbraucher, auch unter deren Eigenmarke.",
                "Produziert wird nach IFS Food, mit Rohstoffen aus der Region.",
            ],
            "pl": [
                "Dostarczamy do sieci handlowych, także pod marką własną klienta.",
                "Produkcja odbywa się zgodnie z IFS Food, z surowców z regionu.",
            ],
            "cs": [
                "Dodáváme obchodním řetězcům, i pod jejich privátní značkou.",
                "Vyrábíme podle IFS Food ze surovin z regionu.",
            ],
            "en": [
                "We supply retail chains and caterers, private label included.",
                "Production follows IFS Food, with raw materials from the region.",
            ],
        },
        name_words={
            "DE": ["Feinkost", "Backhaus", "Lebensmittel"],
            "PL": ["Zakłady Spożywcze", "Piekarnia", "Przetwórnia"],
            "CZ": ["Potraviny", "Pekárna", "Mlékárna"],
            "en": ["Foods"],
        },
        seeks=["packaging", "logistics", "water", "research", "industrial_cleaning"],
        certifications=["IFS Food", "BRCGS", "Bio", "HACCP"],
    ),
    "glass_ceramics": Trade(
        sector="glass and ceramics",
        specialties={
            "glass processing": {
                "de": ["Flachglasveredelung und Sicherheitsglas", "Glasbohren und Kantenschliff"],
                "pl": ["cięcie i hartowanie szkła płaskiego", "szlifowanie krawędzi szkła"],
                "cs": ["zpracování plochého skla a bezpečnostní sklo", "broušení hran skla"],
                "en": [
                    "flat glass processing and safety glass",
                    "glass drilling and edge grinding",
                ],
            },
            "technical ceramics": {
                "de": ["technische Keramik für Isolatoren und Verschleißteile"],
                "pl": ["elementy z ceramiki technicznej na izolatory i części trudnościeralne"],
                "cs": ["díly z technické keramiky pro izolátory a otěruvzdorné součásti"],
                "en": ["technical ceramics for insulators and wear parts"],
            },
            "porcelain": {
                "de": ["Porzellan für Hotellerie und Gastronomie", "Porzellandekore"],
                "pl": ["naczynia porcelanowe dla hoteli i gastronomii"],
                "cs": ["porcelán pro hotely a gastronomii", "dekorování porcelánu"],
                "en": ["porcelain tableware for hotels and restaurants", "porcelain decoration"],
            },
            "glassware": {
                "de": ["mundgeblasenes Glas und Leuchtenglas"],
                "pl": ["szkło dmuchane ręcznie i klosze do lamp"],
                "cs": ["ručně foukané sklo a skleněná stínidla"],
                "en": ["mouth-blown glass and lamp shades"],
            },
        },
        details={
            "de": [
                "Die Glasschmelze läuft im Dreischichtbetrieb.",
                "Muster und Kleinserien fertigen wir in der eigenen Manufaktur.",
            ],
            "pl": [
                "Piec szklarski pracuje w systemie trzyzmianowym.",
                "Próbki i krótkie serie wykonujemy we własnej manufakturze.",
            ],
            "cs": [
                "Sklářská pec jede v třísměnném provozu.",
                "Vzorky a malé série vyrábíme ve vlastní manufaktuře.",
            ],
            "en": [
                "Our furnace runs in three shifts.",
                "Samples and short runs are made in our own workshop.",
            ],
        },
        name_words={
            "DE": ["Glaswerk", "Porzellanmanufaktur", "Keramik"],
            "PL": ["Huta Szkła", "Ceramika", "Szkło"],
            "CZ": ["Sklárna", "Keramika", "Porcelán"],
            "en": ["Glass", "Ceramics"],
        },
        seeks=["packaging", "logistics", "chemicals", "research", "recycling"],
        certifications=["ISO 9001", "ISO 14001", "ISO 50001"],
    ),
    "packaging": Trade(
        sector="packaging and printing",
        specialties={
            "corrugated packaging": {
                "de": ["Wellpappverpackungen und Faltschachteln", "Versandkartons mit Aufdruck"],
                "pl": ["opakowania z tektury falistej", "kartony wysyłkowe z nadrukiem"],
                "cs": ["obaly z vlnité lepenky", "potištěné přepravní krabice"],
                "en": ["corrugated packaging and folding boxes", "printed shipping cartons"],
            },
            "label printing": {
                "de": ["Etikettendruck auf Rolle"],
                "pl": ["druk etykiet samoprzylepnych"],
                "cs": ["tisk samolepicích etiket"],
                "en": ["self-adhesive label printing"],
            },
            "offset printing": {
                "de": ["Offset- und Digitaldruck von Katalogen und Broschüren"],
                "pl": ["druk offsetowy i cyfrowy katalogów i broszur"],
                "cs": ["ofsetový a digitální tisk katalogů a brožur"],
                "en": ["offset and digital printing of catalogues and brochures"],
            },
            "flexible packaging": {
                "de": ["flexible Folienverpackungen für Lebensmittel"],
                "pl": ["opakowania foliowe dla żywności"],
                "cs": ["flexibilní fóliové obaly pro potraviny"],
                "en": ["flexible film packaging for food"],
            },
        },
        details={
            "de": [
                "Druckvorstufe und Musterbau erledigen wir selbst.",
                "Eilaufträge liefern wir innerhalb von 48 Stunden.",
            ],
            "pl": [
                "Przygotowanie do druku i prototypy opakowań robimy we własnym zakresie.",
                "Pilne zamówienia realizujemy w 48 godzin.",
            ],
            "cs": [
                "Předtiskovou přípravu a vzorky obalů děláme sami.",
                "Spěšné zakázky dodáme do 48 hodin.",
            ],
            "en": [
                "Prepress and packaging samples are done in-house.",
                "Rush orders ship within 48 hours.",
            ],
        },
        name_words={
            "DE": ["Verpackung", "Druckerei", "Etikett"],
            "PL": ["Opakowania", "Drukarnia", "Poligrafia"],
            "CZ": ["Obaly", "Tiskárna", "Etikety"],
            "en": ["Packaging", "Print"],
        },
        seeks=["food", "recycling", "logistics", "chemicals"],
        certifications=["FSC", "ISO 9001", "BRCGS Packaging"],
    ),
    "chemicals": Trade(
        sector="chemicals and coatings",
        specialties={
            "industrial coatings": {
                "de": ["Industrielacke und Korrosionsschutzbeschichtungen"],
                "pl": ["farby przemysłowe i powłoki antykorozyjne"],
                "cs": ["průmyslové barvy a antikorozní nátěry"],
                "en": ["industrial paints and anti-corrosion coatings"],
            },
            "adhesives": {
                "de": ["Klebstoffe und Dichtmassen"],
                "pl": ["kleje i masy uszczelniające"],
                "cs": ["lepidla a tmely"],
                "en": ["adhesives and sealants"],
            },
            "cleaning agents": {
                "de": ["technische Reinigungsmittel", "Entfetter für die Metallindustrie"],
                "pl": ["środki czystości dla przemysłu", "odtłuszczacze dla branży metalowej"],
                "cs": ["technické čisticí prostředky", "odmašťovadla pro kovovýrobu"],
                "en": ["industrial cleaning agents", "degreasers for metalworking"],
            },
        },
        details={
            "de": [
                "Rezepturen passen wir im eigenen Labor an Kundenwünsche an.",
                "Lohnabfüllung in Gebinde von 1 bis 1000 Litern ist möglich.",
            ],
            "pl": [
                "Receptury dopasowujemy do potrzeb klienta we własnym laboratorium.",
                "Konfekcjonujemy w opakowania od 1 do 1000 litrów.",
            ],
            "cs": [
                "Receptury upravujeme ve vlastní laboratoři podle přání zákazníka.",
                "Plníme do balení od 1 do 1000 litrů.",
            ],
            "en": [
                "Our lab adapts formulations to customer needs.",
                "Contract filling from 1 to 1,000 litres.",
            ],
        },
        name_words={
            "DE": ["Chemie", "Lackfabrik", "Beschichtungsstoffe"],
            "PL": ["Chemia", "Farby", "Lakiery"],
            "CZ": ["Chemie", "Barvy", "Laky"],
            "en": ["Chemicals", "Coatings"],
        },
        seeks=["packaging", "logistics", "research", "water"],
        certifications=["ISO 9001", "ISO 14001", "REACH-registriert"],
    ),
    "medical": Trade(
        sector="medical devices",
        specialties={
            "orthopaedic aids": {
                "de": ["Orthesen und orthopädische Hilfsmittel"],
                "pl": ["ortezy i zaopatrzenie ortopedyczne"],
                "cs": ["ortézy a ortopedické pomůcky"],
                "en": ["orthoses and orthopaedic aids"],
            },
            "surgical instruments": {
                "de": ["chirurgische Instrumente aus Edelstahl"],
                "pl": ["narzędzia chirurgiczne ze stali nierdzewnej"],
                "cs": ["chirurgické nástroje z nerezové oceli"],
                "en": ["stainless steel surgical instruments"],
            },
            "dental technology": {
                "de": ["Zahnersatz und Dentaltechnik", "CAD/CAM-Fräsen von Zirkon"],
                "pl": [
                    "uzupełnienia protetyczne i prace techniki dentystycznej",
                    "frezowanie cyrkonu CAD/CAM",
                ],
                "cs": ["zubní náhrady a dentální práce", "frézování zirkonu CAD/CAM"],
                "en": ["dental prosthetics and dental technology", "CAD/CAM zirconia milling"],
            },
            "medical plastics": {
                "de": ["Kunststoffteile für Medizinprodukte im Reinraum"],
                "pl": ["elementy z tworzyw do wyrobów medycznych w cleanroomie"],
                "cs": ["plastové díly pro zdravotnické prostředky z čistých prostor"],
                "en": ["plastic parts for medical devices made in a cleanroom"],
            },
        },
        details={
            "de": [
                "Unser Qualitätsmanagement ist nach ISO 13485 zertifiziert.",
                "Die technische Dokumentation nach MDR erstellen wir mit.",
            ],
            "pl": [
                "System jakości mamy certyfikowany według ISO 13485.",
                "Pomagamy przygotować dokumentację techniczną zgodnie z MDR.",
            ],
            "cs": [
                "Systém kvality máme certifikovaný podle ISO 13485.",
                "Pomůžeme s technickou dokumentací podle MDR.",
            ],
            "en": [
                "Our quality system is certified to ISO 13485.",
                "We help prepare the technical file under the MDR.",
            ],
        },
        name_words={
            "DE": ["Medizintechnik", "Orthopädietechnik", "Dental"],
            "PL": ["Medical", "Ortopedia", "Dental"],
            "CZ": ["Medical", "Zdravotnická technika", "Dental"],
            "en": ["Medical", "Medtech"],
        },
        seeks=["additive", "surface", "research", "legal_translation", "tooling"],
        certifications=["ISO 13485", "ISO 9001"],
    ),
    "additive": Trade(
        sector="additive manufacturing",
        specialties={
            "metal 3D printing": {
                "de": [
                    "3D-Druck von Metallteilen (Laserschmelzen)",
                    "additive Fertigung aus Titan und Edelstahl",
                ],
                "pl": ["druk 3D z metalu (SLM)", "wytwarzanie przyrostowe z tytanu i stali"],
                "cs": ["3D tisk kovových dílů (SLM)", "díly aditivně vyráběné z titanu a nerezu"],
                "en": [
                    "metal 3D printing (laser powder bed fusion)",
                    "additive manufacturing in titanium and stainless steel",
                ],
            },
            "polymer 3D printing": {
                "de": ["3D-Druck aus Kunststoff (SLS und FDM)"],
                "pl": ["druk 3D z tworzyw (SLS i FDM)"],
                "cs": ["3D tisk z plastů (SLS a FDM)"],
                "en": ["polymer 3D printing (SLS and FDM)"],
            },
            "rapid prototyping": {
                "de": ["Rapid Prototyping und Funktionsmuster"],
                "pl": ["szybkie prototypowanie i modele funkcjonalne"],
                "cs": ["rychlé prototypování a funkční vzorky"],
                "en": ["rapid prototyping and functional samples"],
            },
            "3D scanning": {
                "de": ["3D-Scannen und Reverse Engineering"],
                "pl": ["skanowanie 3D i odtwarzanie geometrii części"],
                "cs": ["3D skenování a reverzní inženýrství"],
                "en": ["3D scanning and reverse engineering"],
            },
        },
        details={
            "de": [
                "Erste Teile liefern wir oft schon nach drei Arbeitstagen.",
                "Wir beraten, wie ein Bauteil druckgerecht konstruiert wird.",
            ],
            "pl": [
                "Pierwsze części dostarczamy często już po trzech dniach roboczych.",
                "Doradzamy, jak zaprojektować element pod druk 3D.",
            ],
            "cs": [
                "První díly často dodáme už za tři pracovní dny.",
                "Poradíme, jak díl zkonstruovat vhodně pro 3D tisk.",
            ],
            "en": [
                "First parts often ship after three working days.",
                "We advise on designing parts for printing.",
            ],
        },
        name_words={
            "DE": ["Additive", "3D-Druck", "Prototyping"],
            "PL": ["Druk 3D", "Prototypy", "Additive"],
            "CZ": ["3D tisk", "Prototypy", "Additive"],
            "en": ["Additive", "3D"],
        },
        seeks=["surface", "medical", "research", "sheet_metal"],
        certifications=["ISO 9001", "EN 9100"],
    ),
    "surface": Trade(
        sector="surface treatment",
        specialties={
            "anodising": {
                "de": ["Eloxieren von Aluminiumteilen", "Hart- und Farbeloxal"],
                "pl": ["anodowanie aluminium", "anodowanie twarde i barwne"],
                "cs": ["eloxování hliníku", "tvrdé a barevné eloxování"],
                "en": ["aluminium anodising", "hard and colour anodising"],
            },
            "zinc plating": {
                "de": ["galvanisches Verzinken", "Zink-Nickel-Beschichtung von Kleinteilen"],
                "pl": ["cynkowanie galwaniczne", "powłoki cynkowo-niklowe na drobne elementy"],
                "cs": ["galvanické zinkování", "povlaky zinek-nikl na drobné díly"],
                "en": ["electro zinc plating", "zinc-nickel plating of small parts"],
            },
            "electroplating": {
                "de": ["Verchromen und Vernickeln", "Hartverchromung von Wellen und Zylindern"],
                "pl": ["chromowanie i niklowanie", "chromowanie twarde wałów i cylindrów"],
                "cs": ["chromování a niklování", "tvrdé chromování hřídelí a válců"],
                "en": ["chrome and nickel plating", "hard chrome plating of shafts and cylinders"],
            },
            "heat treatment": {
                "de": ["Härten, Nitrieren und Vergüten"],
                "pl": ["hartowanie, azotowanie i ulepszanie cieplne"],
                "cs": ["kalení, nitridování a zušlechťování"],
                "en": ["hardening, nitriding and quenching and tempering"],
            },
        },
        details={
            "de": [
                "Unsere Bäder fassen Teile bis 3 m Länge.",
                "Schichtdicken werden für jede Charge gemessen und protokolliert.",
            ],
            "pl": [
                "Nasze wanny mieszczą elementy do 3 m długości.",
                "Grubość powłoki mierzymy i dokumentujemy dla każdej partii.",
            ],
            "cs": [
                "Do našich van se vejdou díly až 3 m dlouhé.",
                "Tloušťku vrstvy měříme a protokolujeme u každé šarže.",
            ],
            "en": [
                "Our tanks take parts up to 3 m long.",
                "Coating thickness is measured and recorded for every batch.",
            ],
        },
        name_words={
            "DE": ["Oberflächentechnik", "Galvanik", "Härterei"],
            "PL": ["Galwanizernia", "Powłoki", "Hartownia"],
            "CZ": ["Povrchové úpravy", "Galvanovna", "Kalírna"],
            "en": ["Surface", "Plating"],
        },
        seeks=["chemicals", "water", "logistics", "sheet_metal", "foundry"],
        certifications=["ISO 9001", "IATF 16949", "ISO 14001"],
    ),
    "foundry": Trade(
        sector="foundry and casting",
        specialties={
            "aluminium die casting": {
                "de": ["Aluminium-Druckguss"],
                "pl": ["odlewy ciśnieniowe z aluminium"],
                "cs": ["tlakové lití hliníku"],
                "en": ["aluminium die casting"],
            },
            "grey iron casting": {
                "de": ["Grauguss und Sphäroguss bis 2 t Stückgewicht"],
                "pl": ["odlewy z żeliwa szarego i sferoidalnego do 2 t"],
                "cs": ["odlitky z šedé a tvárné litiny do 2 t"],
                "en": ["grey and ductile iron castings up to 2 t"],
            },
            "investment casting": {
                "de": ["Feinguss aus Stahl"],
                "pl": ["odlewy precyzyjne metodą traconego wosku"],
                "cs": ["přesné lití na vytavitelný model"],
                "en": ["steel investment casting"],
            },
            "bronze casting": {
                "de": ["Bronze- und Messingguss"],
                "pl": ["odlewy z brązu i mosiądzu"],
                "cs": ["odlitky z bronzu a mosazi"],
                "en": ["bronze and brass castings"],
            },
        },
        details={
            "de": [
                "Modellbau und mechanische Bearbeitung der Gussteile bieten wir aus einer Hand.",
                "Röntgenprüfung der Gussteile gehört zum Standard.",
            ],
            "pl": [
                "Modelarnię i obróbkę mechaniczną odlewów mamy na miejscu.",
                "Odlewy standardowo kontrolujemy rentgenowsko.",
            ],
            "cs": [
                "Modelárnu i obrábění odlitků máme v jednom závodě.",
                "Odlitky standardně kontrolujeme rentgenem.",
            ],
            "en": [
                "Pattern making and machining of castings from one source.",
                "X-ray inspection of castings is standard.",
            ],
        },
        name_words={
            "DE": ["Gießerei", "Guss", "Metallguss"],
            "PL": ["Odlewnia", "Odlewy"],
            "CZ": ["Slévárna", "Odlitky"],
            "en": ["Foundry", "Castings"],
        },
        seeks=["tooling", "surface", "recycling", "logistics", "research"],
        certifications=["ISO 9001", "IATF 16949", "ISO 14001"],
    ),
    "forging": Trade(
        sector="forging",
        specialties={
            "drop forging": {
                "de": ["Gesenkschmiedeteile aus Stahl"],
                "pl": ["odkuwki matrycowe ze stali"],
                "cs": ["zápustkové výkovky z oceli"],
                "en": ["closed-die steel forgings"],
            },
            "open-die forging": {
                "de": ["Freiformschmiedeteile, Ringe und Wellen"],
                "pl": ["odkuwki swobodne, pierścienie i wały"],
                "cs": ["volné výkovky, kroužky a hřídele"],
                "en": ["open-die forgings, rings and shafts"],
            },
            "cold forming": {
                "de": ["Kaltfließpressteile und Verbindungselemente"],
                "pl": ["elementy wyciskane na zimno i łączniki"],
                "cs": ["díly tvářené za studena a spojovací prvky"],
                "en": ["cold-formed parts and fasteners"],
            },
        },
        details={
            "de": [
                "Unsere Hämmer und Pressen schmieden Teile von 0,2 bis 80 kg.",
                "Wärmebehandlung und Strahlen erledigen wir im Werk.",
            ],
            "pl": [
                "Nasze młoty i prasy kują elementy od 0,2 do 80 kg.",
                "Obróbkę cieplną i śrutowanie wykonujemy na miejscu.",
            ],
            "cs": [
                "Naše buchary a lisy kovají díly od 0,2 do 80 kg.",
                "Tepelné zpracování a tryskání děláme v závodě.",
            ],
            "en": [
                "Our hammers and presses forge parts from 0.2 to 80 kg.",
                "Heat treatment and shot blasting are done in-house.",
            ],
        },
        name_words={
            "DE": ["Schmiede", "Schmiedewerk"],
            "PL": ["Kuźnia", "Odkuwki"],
            "CZ": ["Kovárna", "Výkovky"],
            "en": ["Forge", "Forgings"],
        },
        seeks=["tooling", "surface", "logistics", "recycling"],
        certifications=["ISO 9001", "IATF 16949"],
    ),
    "sheet_metal": Trade(
        sector="sheet metal",
        specialties={
            "laser cutting": {
                "de": ["Laserschneiden von Blechen bis 25 mm", "Rohrlaserschneiden"],
                "pl": ["cięcie laserem blach do 25 mm", "cięcie laserowe rur i profili"],
                "cs": ["řezání plechů laserem do 25 mm", "laserové řezání trubek"],
                "en": ["laser cutting of sheet up to 25 mm", "tube laser cutting"],
            },
            "bending": {
                "de": ["Abkanten auf CNC-Kantbänken bis 4 m", "Biegen von Blechteilen"],
                "pl": ["gięcie blach na prasach krawędziowych do 4 m"],
                "cs": ["ohýbání plechů na ohraňovacích lisech do 4 m"],
                "en": ["press brake bending up to 4 m", "bending of sheet metal parts"],
            },
            "welded assemblies": {
                "de": [
                    "Schweißbaugruppen aus Stahl und Edelstahl",
                    "Gehäuse und Schaltschränke aus Blech",
                ],
                "pl": [
                    "konstrukcje spawane ze stali i nierdzewki",
                    "obudowy i szafy sterownicze z blachy",
                ],
                "cs": ["svařence z oceli a nerezu", "plechové skříně a rozvaděče"],
                "en": [
                    "welded steel and stainless assemblies",
                    "sheet metal enclosures and control cabinets",
                ],
            },
            "punching": {
                "de": ["Stanzen und Nibbeln"],
                "pl": ["wykrawanie na wykrawarkach CNC"],
                "cs": ["vysekávání na CNC lisech"],
                "en": ["CNC punching"],
            },
        },
        details={
            "de": [
                "Wir fertigen vom Prototyp bis zur Serie von einigen tausend Stück.",
                "Zeichnungen nehmen wir als DXF, STEP oder PDF an.",
            ],
            "pl": [
                "Wykonujemy zarówno prototypy, jak i serie do kilku tysięcy sztuk.",
                "Rysunki przyjmujemy w formacie DXF, STEP lub PDF.",
            ],
            "cs": [
                "Vyrábíme od prototypu po série několika tisíc kusů.",
                "Výkresy přijímáme ve formátu DXF, STEP nebo PDF.",
            ],
            "en": [
                "From prototypes to series of a few thousand pieces.",
                "Drawings are welcome as DXF, STEP or PDF.",
            ],
        },
        name_words={
            "DE": ["Blechtechnik", "Metallbau", "Stahlbau"],
            "PL": ["Metal", "Obróbka Blach", "Stal"],
            "CZ": ["Plechy", "Kovovýroba", "Zámečnictví"],
            "en": ["Metalworks", "Sheet Metal"],
        },
        seeks=["surface", "logistics", "tooling", "construction"],
        certifications=["ISO 9001", "EN 1090-2", "ISO 3834-2"],
    ),
    "tooling": Trade(
        sector="tool and mould making",
        specialties={
            "injection moulds": {
                "de": [
                    "Spritzgießwerkzeuge für Kunststoffteile",
                    "Formenbau für Mehrkomponentenspritzguss",
                ],
                "pl": ["formy wtryskowe do tworzyw sztucznych"],
                "cs": ["vstřikovací formy pro plasty"],
                "en": ["injection moulds for plastic parts"],
            },
            "stamping dies": {
                "de": ["Stanz- und Folgeverbundwerkzeuge"],
                "pl": ["wykrojniki i narzędzia postępowe"],
                "cs": ["střižné a postupové nástroje"],
                "en": ["stamping and progressive dies"],
            },
            "jigs and fixtures": {
                "de": ["Vorrichtungen und Lehren"],
                "pl": ["przyrządy i sprawdziany"],
                "cs": ["přípravky a kalibry"],
                "en": ["jigs, fixtures and gauges"],
            },
        },
        details={
            "de": [
                "Im Werkzeugbau stehen Erodiermaschinen und 5-Achs-Fräsen.",
                "Änderungen und Reparaturen an fremden Werkzeugen übernehmen wir auch.",
            ],
            "pl": [
                "W narzędziowni pracują drążarki i frezarki 5-osiowe.",
                "Naprawiamy i modyfikujemy także narzędzia innych producentów.",
            ],
            "cs": [
                "V nástrojárně máme elektroerozivní stroje a pětiosé frézky.",
                "Opravujeme a upravujeme i cizí nástroje.",
            ],
            "en": [
                "Our toolroom has EDM machines and five-axis mills.",
                "We also repair and modify tools made by others.",
            ],
        },
        name_words={
            "DE": ["Werkzeugbau", "Formenbau"],
            "PL": ["Narzędziownia", "Formy"],
            "CZ": ["Nástrojárna", "Formy"],
            "en": ["Tooling", "Moulds"],
        },
        seeks=["surface", "additive", "foundry", "research"],
        certifications=["ISO 9001"],
    ),
    "industrial_cleaning": Trade(
        sector="industrial cleaning",
        specialties={
            "industrial cleaning": {
                "de": ["Industriereinigung von Produktionshallen und Maschinen"],
                "pl": ["sprzątanie przemysłowe hal i maszyn"],
                "cs": ["průmyslový úklid hal a strojů"],
                "en": ["industrial cleaning of production halls and machines"],
            },
            "dry ice blasting": {
                "de": ["Trockeneisstrahlen"],
                "pl": ["czyszczenie suchym lodem"],
                "cs": ["čištění suchým ledem"],
                "en": ["dry ice blasting"],
            },
            "tank cleaning": {
                "de": ["Tank- und Behälterreinigung"],
                "pl": ["czyszczenie zbiorników i silosów"],
                "cs": ["čištění nádrží a sil"],
                "en": ["tank and silo cleaning"],
            },
        },
        details={
            "de": [
                "Unsere Teams arbeiten auch nachts und am Wochenende, damit die Produktion "
                "weiterläuft.",
                "Alle Einsätze werden mit Fotos dokumentiert.",
            ],
            "pl": [
                "Nasze ekipy pracują także nocą i w weekendy, aby produkcja nie stała.",
                "Każde zlecenie dokumentujemy zdjęciami.",
            ],
            "cs": [
                "Naše čety pracují i v noci a o víkendech, aby výroba nestála.",
                "Každý zásah dokumentujeme fotografiemi.",
            ],
            "en": [
                "Our crews work nights and weekends so production keeps running.",
                "Every job is documented with photos.",
            ],
        },
        name_words={
            "DE": ["Industrieservice", "Reinigungstechnik"],
            "PL": ["Serwis Przemysłowy", "Czystość"],
            "CZ": ["Průmyslový servis", "Čištění"],
            "en": ["Cleaning Services"],
        },
        seeks=["chemicals", "customers", "recycling"],
        certifications=["SCC", "ISO 9001"],
    ),
    "legal_translation": Trade(
        sector="translation and legal services",
        specialties={
            "technical translation": {
                "de": [
                    "Fachübersetzungen Deutsch–Polnisch–Tschechisch",
                    "Übersetzung von Betriebsanleitungen",
                ],
                "pl": [
                    "tłumaczenia techniczne niemiecki–polski–czeski",
                    "tłumaczenie instrukcji obsługi",
                ],
                "cs": ["technické překlady němčina–polština–čeština", "překlady návodů k obsluze"],
                "en": [
                    "technical translation German–Polish–Czech",
                    "translation of operating manuals",
                ],
            },
            "interpreting": {
                "de": ["Dolmetschen bei Verhandlungen und Messen"],
                "pl": ["tłumaczenia ustne na negocjacjach i targach"],
                "cs": ["tlumočení při jednáních a na veletrzích"],
                "en": ["interpreting at negotiations and trade fairs"],
            },
            "certified translation": {
                "de": ["beglaubigte Übersetzungen von Urkunden und Verträgen"],
                "pl": ["tłumaczenia przysięgłe dokumentów i umów"],
                "cs": ["soudně ověřené překlady listin a smluv"],
                "en": ["certified translation of documents and contracts"],
            },
            "legal advice": {
                "de": [
                    "Rechtsberatung im deutsch-polnischen und deutsch-tschechischen Geschäft",
                    "Vertragsprüfung",
                ],
                "pl": ["doradztwo prawne w handlu polsko-niemieckim", "przegląd umów"],
                "cs": ["právní poradenství v česko-německém obchodě", "posouzení smluv"],
                "en": ["legal advice on cross-border business", "contract review"],
            },
            "company formation": {
                "de": ["Gründung von Tochtergesellschaften im Nachbarland"],
                "pl": ["zakładanie spółek zależnych za granicą"],
                "cs": ["zakládání dceřiných společností v zahraničí"],
                "en": ["setting up subsidiaries abroad"],
            },
        },
        details={
            "de": [
                "Jeder Text wird von einer zweiten Person gegengelesen.",
                "Erstgespräche führen wir auch per Videocall.",
            ],
            "pl": [
                "Każdy tekst sprawdza druga osoba.",
                "Pierwszą rozmowę możemy przeprowadzić przez wideokonferencję.",
            ],
            "cs": [
                "Každý text kontroluje druhá osoba.",
                "První konzultace je možná i přes videohovor.",
            ],
            "en": [
                "Every text is checked by a second person.",
                "First meetings can be held by video call.",
            ],
        },
        name_words={
            "DE": ["Sprachdienste", "Übersetzungsbüro", "Rechtsanwälte"],
            "PL": ["Tłumaczenia", "Kancelaria"],
            "CZ": ["Překlady", "Advokátní kancelář"],
            "en": ["Language Services", "Legal"],
        },
        seeks=["institution", "customers"],
        certifications=["ISO 17100"],
    ),
    "logistics": Trade(
        sector="logistics",
        specialties={
            "warehousing": {
                "de": ["Kontraktlogistik und Lagerhaltung", "Kommissionierung für Onlinehändler"],
                "pl": [
                    "magazynowanie i usługi logistyki kontraktowej",
                    "kompletowanie zamówień dla e-sklepów",
                ],
                "cs": [
                    "skladování a služby smluvní logistiky",
                    "vychystávání objednávek pro e-shopy",
                ],
                "en": ["contract logistics and warehousing", "order picking for online shops"],
            },
            "road freight": {
                "de": ["Komplett- und Teilladungen nach Polen und Tschechien"],
                "pl": ["transport całopojazdowy i drobnicowy do Niemiec i Czech"],
                "cs": ["převoz celovozových i dílčích zásilek do Německa a Polska"],
                "en": ["full and part loads across Germany, Poland and Czechia"],
            },
            "customs clearance": {
                "de": ["Zollabfertigung für Exporte außerhalb der EU"],
                "pl": ["odprawy celne eksportu poza UE"],
                "cs": ["celní odbavení vývozu mimo EU"],
                "en": ["customs clearance for exports outside the EU"],
            },
            "refrigerated transport": {
                "de": ["Kühltransporte für Lebensmittel"],
                "pl": ["transport chłodniczy żywności"],
                "cs": ["chlazený převoz potravin"],
                "en": ["refrigerated transport of food"],
            },
        },
        details={
            "de": [
                "Unser Lager hat 12.000 Palettenplätze.",
                "Sendungen verfolgen Kunden online in Echtzeit.",
            ],
            "pl": [
                "Nasz magazyn ma 12 000 miejsc paletowych.",
                "Klienci śledzą przesyłki online w czasie rzeczywistym.",
            ],
            "cs": [
                "Náš sklad má 12 000 paletových míst.",
                "Zákazníci sledují zásilky online v reálném čase.",
            ],
            "en": [
                "Our warehouse has 12,000 pallet spaces.",
                "Customers track shipments online in real time.",
            ],
        },
        name_words={
            "DE": ["Logistik", "Spedition"],
            "PL": ["Logistyka", "Transport", "Spedycja"],
            "CZ": ["Logistika", "Doprava", "Spedice"],
            "en": ["Logistics", "Freight"],
        },
        seeks=["packaging", "legal_translation", "customers"],
        certifications=["ISO 9001", "AEO", "GDP"],
    ),
    "construction": Trade(
        sector="construction and HVAC",
        specialties={
            "HVAC": {
                "de": ["Heizung, Lüftung und Klimatechnik", "Wärmepumpen für Gewerbebauten"],
                "pl": [
                    "instalacje grzewcze, wentylacyjne i klimatyzacyjne",
                    "pompy ciepła dla obiektów przemysłowych",
                ],
                "cs": [
                    "vytápění, větrání a chlazení budov",
                    "tepelná čerpadla pro průmyslové budovy",
                ],
                "en": [
                    "heating, ventilation and air conditioning",
                    "heat pumps for commercial buildings",
                ],
            },
            "industrial construction": {
                "de": ["schlüsselfertiger Industrie- und Hallenbau"],
                "pl": ["wznoszenie hal przemysłowych pod klucz"],
                "cs": ["průmyslové haly na klíč"],
                "en": ["turnkey industrial buildings and halls"],
            },
            "electrical installation": {
                "de": ["Elektroinstallation und Photovoltaikanlagen"],
                "pl": ["instalacje elektryczne i fotowoltaiczne"],
                "cs": ["elektroinstalace a fotovoltaické elektrárny"],
                "en": ["electrical installation and solar PV"],
            },
            "steel construction": {
                "de": ["Stahlbau und Stahlhallen"],
                "pl": ["konstrukcje stalowe i hale stalowe"],
                "cs": ["ocelové konstrukce a haly"],
                "en": ["structural steelwork and steel halls"],
            },
        },
        details={
            "de": [
                "Planung, Ausführung und Wartung kommen aus einer Hand.",
                "Wir arbeiten für Kommunen wie für mittelständische Betriebe.",
            ],
            "pl": [
                "Projekt, wykonanie i serwis zapewniamy z jednej ręki.",
                "Pracujemy dla gmin i dla średnich firm.",
            ],
            "cs": [
                "Projekt, realizaci i servis zajistíme z jedné ruky.",
                "Pracujeme pro obce i pro střední firmy.",
            ],
            "en": [
                "Design, installation and maintenance from one source.",
                "We work for municipalities and mid-sized firms alike.",
            ],
        },
        name_words={
            "DE": ["Bau", "Haustechnik", "Gebäudetechnik"],
            "PL": ["Budownictwo", "Instalacje"],
            "CZ": ["Stavby", "Technika budov"],
            "en": ["Building Services", "Construction"],
        },
        seeks=["sheet_metal", "legal_translation", "logistics", "woodworking"],
        certifications=["ISO 9001", "SCC", "EN 1090-2"],
    ),
    "water": Trade(
        sector="water treatment",
        specialties={
            "wastewater treatment": {
                "de": ["Abwasserbehandlungsanlagen für Industriebetriebe"],
                "pl": ["oczyszczalnie ścieków przemysłowych"],
                "cs": ["čistírny průmyslových odpadních vod"],
                "en": ["industrial wastewater treatment plants"],
            },
            "process water": {
                "de": ["Prozesswasseraufbereitung und Umkehrosmose"],
                "pl": ["uzdatnianie wody procesowej metodą odwróconej osmozy"],
                "cs": ["čištění procesní vody reverzní osmózou"],
                "en": ["process water treatment and reverse osmosis"],
            },
            "water analysis": {
                "de": ["Wasseranalytik im akkreditierten Labor"],
                "pl": ["analizy wody w akredytowanym laboratorium"],
                "cs": ["rozbory vody v akreditované laboratoři"],
                "en": ["water analysis in an accredited lab"],
            },
        },
        details={
            "de": [
                "Anlagen warten wir per Fernüberwachung rund um die Uhr.",
                "Wir unterstützen bei Genehmigungen gegenüber den Behörden.",
            ],
            "pl": [
                "Instalacje serwisujemy zdalnie przez całą dobę.",
                "Pomagamy w uzyskaniu pozwoleń wodnoprawnych.",
            ],
            "cs": ["Zařízení hlídáme dálkově nepřetržitě.", "Pomůžeme s povolením od úřadů."],
            "en": [
                "Plants are monitored remotely around the clock.",
                "We help with permits from the authorities.",
            ],
        },
        name_words={
            "DE": ["Wassertechnik", "Umwelttechnik"],
            "PL": ["Ekotechnika", "Woda"],
            "CZ": ["Vodní technologie", "Ekotechnika"],
            "en": ["Water", "Aqua"],
        },
        seeks=["chemicals", "research", "construction"],
        certifications=["ISO 9001", "ISO 14001", "DIN EN ISO/IEC 17025"],
    ),
    "recycling": Trade(
        sector="recycling",
        specialties={
            "metal scrap": {
                "de": [
                    "Schrottankauf und Metallrecycling",
                    "Entsorgung von Spänen und Stanzabfällen",
                ],
                "pl": ["skup złomu i recykling metali", "odbiór wiórów i odpadów poprodukcyjnych"],
                "cs": ["výkup šrotu a recyklování kovů", "odvoz třísek a výseků"],
                "en": [
                    "scrap metal buying and recycling",
                    "collection of swarf and stamping waste",
                ],
            },
            "plastics recycling": {
                "de": ["Kunststoffrecycling und Regranulat"],
                "pl": ["recykling tworzyw i regranulat"],
                "cs": ["recyklování plastů a regranulát"],
                "en": ["plastics recycling and regrind"],
            },
            "electronics recycling": {
                "de": ["Elektroschrott-Recycling und Datenträgervernichtung"],
                "pl": ["recykling elektroodpadów i niszczenie nośników danych"],
                "cs": ["recyklování elektroodpadu a skartování nosičů dat"],
                "en": ["e-waste recycling and data carrier destruction"],
            },
            "wood recycling": {
                "de": ["Altholzaufbereitung"],
                "pl": ["przetwarzanie drewna odpadowego"],
                "cs": ["zpracování odpadního dřeva"],
                "en": ["waste wood processing"],
            },
        },
        details={
            "de": [
                "Container stellen wir binnen 24 Stunden.",
                "Für jede Abholung gibt es einen Entsorgungsnachweis.",
            ],
            "pl": [
                "Kontener podstawiamy w ciągu 24 godzin.",
                "Każdy odbiór potwierdzamy kartą przekazania odpadów.",
            ],
            "cs": [
                "Kontejner přistavíme do 24 hodin.",
                "Ke každému odvozu vystavíme doklad o předání odpadu.",
            ],
            "en": [
                "Containers are delivered within 24 hours.",
                "Every pick-up comes with a waste transfer note.",
            ],
        },
        name_words={
            "DE": ["Recycling", "Rohstoffe", "Entsorgung"],
            "PL": ["Recykling", "Surowce"],
            "CZ": ["Recyklace", "Suroviny"],
            "en": ["Recycling"],
        },
        seeks=["logistics", "research", "customers"],
        certifications=["Entsorgungsfachbetrieb", "ISO 14001"],
    ),
}

# Per language: how offers, seeks and descriptions are phrased. {a}/{b} are specialty phrases,
# {d} a trade detail, {i} a customer industry, {c} the city.
OFFER_FRAMES: dict[Lang, list[str]] = {
    "de": [
        "Wir bieten {a} und {b}. {d}",
        "{A} für {i}. {d}",
        "Schwerpunkt: {a}; daneben {b}. {d}",
        "{d} Zum Angebot gehören {a} sowie {b}.",
        "Leistungen: {a}, {b}.",
        "Am Standort {c}: {a}. {d}",
        "{A} – seit Jahren unser Kerngeschäft. Auf Anfrage auch {b}.",
        "Ob Einzelstück oder Serie: {a}. {d}",
    ],
    "pl": [
        "Oferujemy {a} oraz {b}. {d}",
        "{A} dla branży: {i}. {d}",
        "Specjalizacja: {a}; dodatkowo {b}. {d}",
        "{d} W ofercie mamy {a} i {b}.",
        "Usługi: {a}, {b}.",
        "Zakład w {c_loc}: {a}. {d}",
        "{A} to nasza główna działalność, na życzenie także {b}.",
        "Zapewniamy {a}. {d}",
    ],
    "cs": [
        "Nabízíme {a} a {b}. {d}",
        "{A} pro obor {i}. {d}",
        "Specializace: {a}; kromě toho {b}. {d}",
        "{d} V nabídce máme {a} i {b}.",
        "Služby: {a}, {b}.",
        "Provozovna v {c_loc}: {a}. {d}",
        "{A} je náš hlavní obor, na přání i {b}.",
        "Zajistíme {a}. {d}",
    ],
    "en": [
        "We offer {a} and {b}. {d}",
        "{A} for {i}. {d}",
        "Focus: {a}; also {b}. {d}",
        "{d} Our range covers {a} as well as {b}.",
        "Services: {a}, {b}.",
        "At our {c} site: {a}. {d}",
        "{A} is our core business; {b} on request.",
        "Single pieces or series: {a}. {d}",
    ],
}
SINGLE_OFFER_FRAMES: dict[Lang, list[str]] = {
    "de": [
        "Wir bieten {a} an. {d}",
        "{A} für {i}. {d}",
        "Unser Angebot: {a}. {d}",
        "{d} Kerngeschäft: {a}.",
    ],
    "pl": [
        "Oferujemy {a}. {d}",
        "{A} dla branży: {i}. {d}",
        "Nasza oferta: {a}. {d}",
        "{d} Główna działalność: {a}.",
    ],
    "cs": [
        "Nabízíme {a}. {d}",
        "{A} pro obor {i}. {d}",
        "Naše nabídka: {a}. {d}",
        "{d} Hlavní činnost: {a}.",
    ],
    "en": [
        "We offer {a}. {d}",
        "{A} for {i}. {d}",
        "What we do: {a}. {d}",
        "{d} Core business: {a}.",
    ],
}
SEEK_FRAMES: dict[Lang, list[str]] = {
    "de": [
        "Wir suchen einen zuverlässigen Partner für {a}.",
        "Gesucht: Lieferanten für {a}, gern aus {m}.",
        "Auf der Suche nach Kunden in {m} und einem Partner für {a}.",
        "Partner für {a} in {m} willkommen.",
        "Wir möchten {a} auslagern und suchen dafür einen Dienstleister.",
    ],
    "pl": [
        "Szukamy solidnego partnera, który zapewni {a}.",
        "Poszukujemy dostawców na {a}, najchętniej w {m}.",
        "Szukamy klientów w {m} oraz partnera na {a}.",
        "Chętnie nawiążemy współpracę z firmą w {m} (potrzebne: {a}).",
        "Chcemy zlecić na zewnątrz {a} i szukamy wykonawcy.",
    ],
    "cs": [
        "Hledáme spolehlivého partnera, který zajistí {a}.",
        "Hledáme dodavatele pro {a}, nejlépe v {m}.",
        "Hledáme zákazníky v {m} a partnera pro {a}.",
        "Uvítáme spolupráci s firmou v {m} (potřebujeme: {a}).",
        "Chceme outsourcovat {a} a hledáme dodavatele.",
    ],
    "en": [
        "Looking for a reliable partner for {a}.",
        "Seeking suppliers of {a}, ideally in {m}.",
        "We want customers in {m} and a partner for {a}.",
        "Open to partners in {m} ({a}).",
        "We would like to outsource {a} and look for a provider.",
    ],
}
MARKET_SEEKS: dict[Lang, list[str]] = {
    "de": [
        "Neue Kunden in {m}.",
        "Vertriebspartner in {m} gesucht.",
        "Wir suchen Aufträge aus {m}.",
    ],
    "pl": [
        "Nowi klienci w {m}.",
        "Szukamy przedstawiciela handlowego w {m}.",
        "Szukamy zleceń z rynku w {m}.",
    ],
    "cs": [
        "Noví zákazníci v {m}.",
        "Hledáme obchodního zástupce v {m}.",
        "Hledáme zakázky z trhu v {m}.",
    ],
    "en": [
        "New customers in {m}.",
        "Looking for a sales agent in {m}.",
        "We want orders from {m}.",
    ],
}
DESCRIPTION_FRAMES: dict[Lang, list[str]] = {
    "de": [
        "{n} wurde {f} in {c} gegründet und hat {e} Beschäftigte.",
        "Familienbetrieb aus {c}, gegründet {f}, {e} Mitarbeitende.",
        "Seit {f} in {c} ansässig; heute arbeiten bei uns {e} Menschen.",
        "Betrieb mit {e} Beschäftigten am Standort {c} (gegründet {f}).",
    ],
    "pl": [
        "{n} powstała w {f} roku w {c_loc} i zatrudnia {e_people}.",
        "Rodzinna firma {c_from}, założona w {f} roku, {e} pracowników.",
        "Działamy w {c_loc} od {f} roku; obecnie zatrudniamy {e_people}.",
        "Firma {c_from} (od {f}), zespół liczy {e_people}.",
    ],
    "cs": [
        "{n} vznikla v roce {f} v {c_loc} a zaměstnává {e} lidí.",
        "Rodinná firma {c_from}, založená {f}, {e} zaměstnanců.",
        "V {c_loc} působíme od roku {f}; dnes u nás pracuje {e} lidí.",
        "Firma {c_from} (od roku {f}) s {e} zaměstnanci.",
    ],
    "en": [
        "{n} was founded in {c} in {f} and employs {e} people.",
        "Family business from {c}, founded {f}, {e} staff.",
        "Based in {c} since {f}; {e} people work here today.",
        "A firm in {c} (since {f}) with {e} employees.",
    ],
}
CUSTOMER_SENTENCES: dict[Lang, list[str]] = {
    "de": [
        "Unsere Kunden kommen aus den Bereichen {i} und {j}.",
        "Wir liefern vor allem in den Bereich {i}.",
    ],
    "pl": [
        "Naszymi klientami są głównie firmy z branż: {i}, {j}.",
        "Pracujemy przede wszystkim dla branży: {i}.",
    ],
    "cs": ["Mezi naše zákazníky patří obory {i} a {j}.", "Dodáváme hlavně pro obor {i}."],
    "en": ["Customers include {i} and {j}.", "We mainly supply {i}."],
}
LANGUAGE_SENTENCES: dict[Lang, str] = {
    "de": "Wir sprechen {langs}.",
    "pl": "Mówimy po {langs}.",
    "cs": "Domluvíte se s námi {langs}.",
    "en": "We speak {langs}.",
}
MAILBOXES = ["info", "kontakt", "office", "sales", "biuro", "obchod"]
AND_WORD = {"de": "und", "pl": "i", "cs": "a", "en": "and"}

# Locative (in ...) and genitive (from ...) of the Polish and Czech town names.
PL_LOCATIVE = {
    "Zielona Góra": "Zielonej Górze",
    "Żary": "Żarach",
    "Żagań": "Żaganiu",
    "Gubin": "Gubinie",
    "Lubsko": "Lubsku",
    "Nowa Sól": "Nowej Soli",
    "Słubice": "Słubicach",
    "Gorzów Wielkopolski": "Gorzowie Wielkopolskim",
    "Głogów": "Głogowie",
    "Świdnica": "Świdnicy",
    "Kłodzko": "Kłodzku",
    "Opole": "Opolu",
    "Nysa": "Nysie",
    "Brzeg": "Brzegu",
    "Kędzierzyn-Koźle": "Kędzierzynie-Koźlu",
}
PL_GENITIVE = {
    "Zielona Góra": "Zielonej Góry",
    "Żary": "Żar",
    "Żagań": "Żagania",
    "Gubin": "Gubina",
    "Lubsko": "Lubska",
    "Nowa Sól": "Nowej Soli",
    "Słubice": "Słubic",
    "Gorzów Wielkopolski": "Gorzowa Wielkopolskiego",
    "Głogów": "Głogowa",
    "Świdnica": "Świdnicy",
    "Kłodzko": "Kłodzka",
    "Opole": "Opola",
    "Nysa": "Nysy",
    "Brzeg": "Brzegu",
    "Kędzierzyn-Koźle": "Kędzierzyna-Koźla",
}
CS_LOCATIVE = {
    "Hradec Králové": "Hradci Králové",
    "Trutnov": "Trutnově",
    "Náchod": "Náchodě",
    "Jičín": "Jičíně",
    "Semily": "Semilech",
    "Turnov": "Turnově",
    "Most": "Mostě",
    "Litoměřice": "Litoměřicích",
    "Louny": "Lounech",
    "Rumburk": "Rumburku",
    "Plzeň": "Plzni",
    "Domažlice": "Domažlicích",
    "Klatovy": "Klatovech",
    "Mladá Boleslav": "Mladé Boleslavi",
}
CS_GENITIVE = {
    "Hradec Králové": "Hradce Králové",
    "Trutnov": "Trutnova",
    "Náchod": "Náchoda",
    "Jičín": "Jičína",
    "Semily": "Semil",
    "Turnov": "Turnova",
    "Most": "Mostu",
    "Litoměřice": "Litoměřic",
    "Louny": "Loun",
    "Rumburk": "Rumburku",
    "Plzeň": "Plzně",
    "Domažlice": "Domažlic",
    "Klatovy": "Klatov",
    "Mladá Boleslav": "Mladé Boleslavi",
}


def town_forms(town: Town, lang: Lang) -> dict[str, str]:
    """The town's name as it reads after 'in' and 'from' in the given language."""
    locative = genitive = town.city
    if lang == "pl":
        locative = PL_LOCATIVE.get(town.city, town.city)
        genitive = PL_GENITIVE.get(town.city, town.city)
    elif lang == "cs":
        locative = CS_LOCATIVE.get(town.city, town.city)
        genitive = CS_GENITIVE.get(town.city, town.city)
    # "ze Świdnicy", "ze Semil": the preposition gains a vowel before s/z-type clusters.
    preposition = "z"
    if (
        lang in ("pl", "cs")
        and genitive[:1].lower() in "sszśźżš"
        and genitive[1:2].lower() not in "aeiouyáéíóúůěą"
    ):
        preposition = "ze"
    return {
        "c": town.city,
        "c_loc": locative,
        "c_gen": genitive,
        "c_from": f"{preposition} {genitive}",
    }


def polish_people(count: int) -> str:
    """'22 osoby' but '25 osób': Polish plural after numerals."""
    few = count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14)
    return f"{count} {'osoby' if few else 'osób'}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize(
        "NFKD", text.replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
    ).encode("ascii", "ignore")
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text.decode().lower()).split()
    return "-".join(words)


def joined(items: list[str], lang: Lang) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {AND_WORD[lang]} " + items[-1]


class OrganisationWriter:
    """Draws organisations from one seeded random source, so the output never changes."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.used_names: set[str] = set()
        self.used_ids: set[str] = set()

    # --- shared pieces -----------------------------------------------------------------------
    def brand(self) -> str:
        return self.random.choice(BRAND_HEADS) + self.random.choice(BRAND_TAILS)

    def unique_id(self, country: str, name: str) -> str:
        base = f"t-{country.lower()}-{slug(name)[:40].rstrip('-')}"
        candidate, counter = base, 2
        while candidate in self.used_ids:
            candidate, counter = f"{base}-{counter}", counter + 1
        self.used_ids.add(candidate)
        return candidate

    def phone(self, town: Town) -> str:
        block = self.random.randint(100, 999)
        line = self.random.randint(1000, 9999)
        return f"{town.phone_prefix} {block} {line}"

    def spoken_languages(self, town: Town) -> list[str]:
        home = HOME_LANGUAGE[town.country]
        languages = [home]
        english_share = {"DE": 0.72, "PL": 0.62, "CZ": 0.58}[town.country]
        if self.random.random() < english_share:
            languages.append("en")
        for neighbour in town.neighbour_languages:
            share = {"DE": 0.22, "PL": 0.45, "CZ": 0.5}[town.country]
            if neighbour != "de" and town.country != "DE":
                share = 0.15
            if self.random.random() < share and neighbour not in languages:
                languages.append(neighbour)
        if self.random.random() < 0.05:
            languages.append(self.random.choice(["ru", "uk", "fr", "sk"]))
        return languages

    def text_languages(self, country: str, spoken: list[str]) -> list[Lang]:
        """One or two of de/pl/cs/en that this record is written in."""
        home = HOME_LANGUAGE[country]
        second = [lang for lang in spoken if lang in ("de", "en", "pl", "cs") and lang != home]
        roll = self.random.random()
        if roll < 0.6 or not second:
            return [home]
        if roll < 0.9:
            return [home, self.random.choice(second)]
        return [self.random.choice(second)]

    # --- companies ---------------------------------------------------------------------------
    def company_name(self, trade: Trade, town: Town) -> str:
        country = town.country
        for _ in range(50):
            word = self.random.choice(trade.name_words[country] + trade.name_words["en"][:1])
            pattern = self.random.randrange(5)
            legal = self.random.choice(LEGAL_FORMS[country])
            if pattern == 0:
                name = f"{self.random.choice(LANDSCAPES[country])} {word} {legal}"
            elif pattern == 1:
                name = f"{self.brand()} {word} {legal}"
            elif pattern == 2:
                name = f"{word} {town.city.split(' (')[0]} {legal}"
            elif pattern == 3:
                name = f"{self.brand()} {legal}"
            else:
                name = f"{self.brand()}-{self.random.choice(trade.name_words['en'])} {legal}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("no free company name")

    def company(self, trade_key: str, town: Town) -> dict[str, object]:
        trade = TRADES[trade_key]
        rnd = self.random
        specialty_tags = rnd.sample(
            list(trade.specialties), k=min(len(trade.specialties), rnd.choice([1, 1, 2, 2, 3]))
        )
        spoken = self.spoken_languages(town)
        writing = self.text_languages(town.country, spoken)
        name = self.company_name(trade, town)
        founded = rnd.randint(1919, 2022) if rnd.random() < 0.2 else rnd.randint(1990, 2021)
        employees = rnd.choice(
            [rnd.randint(5, 19), rnd.randint(20, 99), rnd.randint(20, 99), rnd.randint(100, 480)]
        )
        first, last = writing[0], writing[-1]
        customers = TRADE_CUSTOMERS[trade_key]
        offers = self.offer_text(trade, specialty_tags, first, town, customers)
        seeks = self.seek_text(trade, town, last)
        description = self.description_text(
            trade, name, town, founded, employees, spoken, writing, customers
        )
        slug_name = slug(name.split(" GmbH")[0].split(" Sp.")[0].split(" s.r.o.")[0])[:30].rstrip(
            "-"
        )
        certs = rnd.sample(
            trade.certifications, k=rnd.randint(0, min(2, len(trade.certifications)))
        )
        return {
            "id": self.unique_id(town.country, name),
            "name": name,
            "kind": "company",
            "country": town.country,
            "region": town.region,
            "city": town.city,
            "postcode": town.postcode,
            "website": f"https://{slug_name}.example.org",
            "email": f"{rnd.choice(MAILBOXES)}@{slug_name}.example.org",
            "phone": self.phone(town),
            "languages": spoken,
            "sectors": [trade.sector, *specialty_tags],
            "offers": offers,
            "seeks": seeks,
            "description": description,
            "employees": employees,
            "founded": founded,
            "certifications": certs,
            "demo": True,
        }

    def specialty_phrase(self, trade: Trade, tag: str, lang: Lang) -> str:
        return self.random.choice(trade.specialties[tag][lang])

    def offer_text(
        self, trade: Trade, tags: list[str], lang: Lang, town: Town, customers: list[str]
    ) -> str:
        rnd = self.random
        phrases: list[str] = []
        for tag in tags:
            phrases.append(self.specialty_phrase(trade, tag, lang))
        if len(phrases) == 1:
            # A second wording of the same specialty, where there is one, reads like a real
            # profile; otherwise a frame made for a single service.
            others = [v for v in trade.specialties[tags[0]][lang] if v != phrases[0]]
            phrases.extend(others[:1])
        values = {
            "a": phrases[0],
            "A": capitalised(phrases[0]),
            "d": rnd.choice(trade.details[lang]),
            "i": INDUSTRIES[rnd.choice(customers)][lang],
            **town_forms(town, lang),
        }
        if len(phrases) == 1:
            return rnd.choice(SINGLE_OFFER_FRAMES[lang]).format(**values)
        frame = rnd.choice(OFFER_FRAMES[lang])
        text = frame.format(b=phrases[1], **values)
        # Frames without {b} name one specialty; the others follow, so every one is stated.
        rest = phrases[2:] if "{b}" in frame else phrases[1:]
        if rest:
            extra = {
                "de": "Außerdem: {x}.",
                "pl": "Ponadto: {x}.",
                "cs": "Dále: {x}.",
                "en": "Also: {x}.",
            }[lang]
            text += " " + extra.format(x=joined(rest, lang))
        return text

    def seek_text(self, trade: Trade, town: Town, lang: Lang) -> str:
        rnd = self.random
        markets = [code for code in ("DE", "PL", "CZ", "AT", "NL") if code != town.country]
        market = MARKET_NAMES[lang][rnd.choice(markets[:2] * 3 + markets[2:])]
        target_key = rnd.choice(trade.seeks)
        sentences: list[str] = []
        if target_key in TRADES:
            target = TRADES[target_key]
            tag = rnd.choice(list(target.specialties))
            phrase = self.specialty_phrase(target, tag, lang)
            sentences.append(rnd.choice(SEEK_FRAMES[lang]).format(a=phrase, m=market))
        elif target_key == "customers":
            sentences.append(rnd.choice(MARKET_SEEKS[lang]).format(m=market))
            return " ".join(sentences)
        elif target_key == "research":
            sentences.append(
                {
                    "de": "Wir suchen eine Hochschule oder ein Institut für ein gemeinsames "
                    "Entwicklungsprojekt.",
                    "pl": "Szukamy uczelni lub instytutu do wspólnego projektu "
                    "badawczo-rozwojowego.",
                    "cs": "Hledáme vysokou školu nebo výzkumný ústav pro společný "
                    "vývojový projekt.",
                    "en": "Looking for a university or institute for a joint R&D project.",
                }[lang]
            )
        else:
            sentences.append(
                {
                    "de": "Wir suchen Beratung zu Fördermitteln und Markteintritt.",
                    "pl": "Potrzebujemy doradztwa w zakresie dotacji i wejścia na rynek.",
                    "cs": "Potřebujeme poradenství k dotacím a vstupu na trh.",
                    "en": "We need advice on funding and market entry.",
                }[lang]
            )
        if rnd.random() < 0.55 and market not in sentences[0]:
            sentences.append(rnd.choice(MARKET_SEEKS[lang]).format(m=market))
        return " ".join(sentences)

    def description_text(
        self,
        trade: Trade,
        name: str,
        town: Town,
        founded: int,
        employees: int,
        spoken: list[str],
        writing: list[Lang],
        customers: list[str],
    ) -> str:
        rnd = self.random
        lang = writing[-1]
        parts = [
            rnd.choice(DESCRIPTION_FRAMES[lang]).format(
                n=name,
                f=founded,
                e=employees,
                e_people=polish_people(employees),
                **town_forms(town, lang),
            )
        ]
        if rnd.random() < 0.6 and len(customers) > 1:
            first, second = rnd.sample(customers, k=2)
            sentence = rnd.choice(CUSTOMER_SENTENCES[lang])
            parts.append(sentence.format(i=INDUSTRIES[first][lang], j=INDUSTRIES[second][lang]))
        if len(spoken) > 1 and rnd.random() < 0.5:
            names = [LANGUAGE_NAMES[lang][code] for code in spoken]
            parts.append(LANGUAGE_SENTENCES[lang].format(langs=joined(names, lang)))
        if len(writing) > 1 and rnd.random() < 0.5:
            # Bilingual records repeat a detail in the second language, as real profiles do.
            parts.append(rnd.choice(trade.details[lang]))
        return " ".join(parts)

    # --- research and support institutions ---------------------------------------------------
    def research(self, spec: ResearchSpec) -> dict[str, object]:
        return self.profile(
            spec.name,
            "research",
            spec.town,
            spec.sectors,
            spec.offers,
            spec.seeks,
            spec.description,
            spec.languages,
            spec.employees,
            spec.founded,
        )

    def institution(self, spec: ResearchSpec) -> dict[str, object]:
        return self.profile(
            spec.name,
            "institution",
            spec.town,
            spec.sectors,
            spec.offers,
            spec.seeks,
            spec.description,
            spec.languages,
            spec.employees,
            spec.founded,
        )

    def profile(
        self,
        name: str,
        kind: str,
        town: Town,
        sectors: list[str],
        offers: str,
        seeks: str,
        description: str,
        languages: list[str],
        employees: int,
        founded: int,
    ) -> dict[str, object]:
        slug_name = slug(name)[:30].rstrip("-")
        return {
            "id": self.unique_id(town.country, name),
            "name": name,
            "kind": kind,
            "country": town.country,
            "region": town.region,
            "city": town.city,
            "postcode": town.postcode,
            "website": f"https://{slug_name}.example.org",
            "email": f"kontakt@{slug_name}.example.org",
            "phone": self.phone(town),
            "languages": languages,
            "sectors": sectors,
            "offers": offers,
            "seeks": seeks,
            "description": description,
            "employees": employees,
            "founded": founded,
            "certifications": [],
            "demo": True,
        }


@dataclass(frozen=True)
class ResearchSpec:
    """A hand-written research body or support institution (too varied to draw at random)."""

    name: str
    city: str
    sectors: list[str]
    languages: list[str]
    offers: str
    seeks: str
    description: str
    employees: int
    founded: int

    @property
    def town(self) -> Town:
        return next(town for town in TOWNS if town.city == self.city)


RESEARCH: list[ResearchSpec] = [
    ResearchSpec(
        "Institut für Oberflächen und Korrosionsschutz Freital e.V.",
        "Freital",
        ["research", "surface treatment", "materials testing"],
        ["de", "en"],
        "Korrosionsprüfungen (Salzsprühnebel, Klimawechsel), Schadensanalysen an beschichteten "
        "Teilen, Entwicklung neuer galvanischer Verfahren.",
        "Industriepartner für geförderte Verbundprojekte (ZIM), auch aus Tschechien.",
        "Gemeinnütziges Forschungsinstitut mit 38 Beschäftigten; arbeitet mit Galvanikbetrieben "
        "in Sachsen zusammen.",
        38,
        1992,
    ),
    ResearchSpec(
        "Transferbüro der Hochschule Niederlausitz-Spree",
        "Cottbus",
        ["research", "technology transfer", "energy", "construction and HVAC"],
        ["de", "en", "pl"],
        "Vermittlung von Professorinnen, Laboren und Abschlussarbeiten an Unternehmen; "
        "Schwerpunkte Energiesysteme, Bauingenieurwesen und Strukturwandel in der Lausitz.",
        "Unternehmen mit Forschungsfragen, Praktikumsplätze, polnische Partnerhochschulen.",
        "Die Transferstelle berät kostenlos, welche Fördermittel für eine Kooperation mit der "
        "Hochschule passen. Beratung auch auf Polnisch.",
        12,
        2004,
    ),
    ResearchSpec(
        "Textilforschungszentrum Vogtland-Franken e.V.",
        "Hof",
        ["research", "textiles", "technical textiles", "nonwovens"],
        ["de", "en", "cs"],
        "Entwicklung funktionaler Textilien, Prüflabor für Flammschutz und Abrieb, Pilotanlage "
        "für Vliesstoffe.",
        "Textilbetriebe und Anwender aus Bayern, Sachsen und Böhmen für gemeinsame Projekte.",
        "Forschungsinstitut für textile Technologien an der bayerisch-sächsisch-tschechischen "
        "Grenze.",
        45,
        1995,
    ),
    ResearchSpec(
        "Forschungsstelle Glas und Keramik Meißen gGmbH",
        "Meißen",
        ["research", "glass and ceramics", "materials testing"],
        ["de", "en"],
        "Werkstoffanalysen für Glas, Porzellan und technische Keramik; Entwicklung von Glasuren "
        "ohne Blei und Cadmium.",
        "Manufakturen und Industriebetriebe, die Glasuren, Brennkurven oder Energieverbrauch "
        "verbessern wollen.",
        "Kleine Forschungsstelle mit Labor und Versuchsofen.",
        16,
        2001,
    ),
    ResearchSpec(
        "Zentrum für Lebensmittelsicherheit Riesa",
        "Riesa",
        ["research", "food processing", "laboratory"],
        ["de", "en"],
        "Mikrobiologische und chemische Lebensmittelanalytik, Haltbarkeitstests, Beratung zu "
        "Kennzeichnung und IFS.",
        "Lebensmittelhersteller, die neue Produkte entwickeln.",
        "Unabhängiges Labor und Forschungszentrum für Lebensmittelbetriebe in Sachsen und "
        "Brandenburg.",
        27,
        2009,
    ),
    ResearchSpec(
        "Centrum Transferu Technologii Politechniki Nadodrzańskiej",
        "Zielona Góra",
        ["research", "technology transfer", "mechanical engineering", "additive manufacturing"],
        ["pl", "en", "de"],
        "Badania materiałowe, druk 3D z metalu i tworzyw, wspólne projekty B+R z firmami, prawa "
        "ochronne na wynalazki.",
        "Firmy z Lubuskiego i Saksonii do wspólnych projektów badawczych i staży studentów.",
        "Uczelniane centrum transferu technologii; pomagamy firmom znaleźć właściwy zespół "
        "naukowy. Kontakt także po niemiecku.",
        20,
        2008,
    ),
    ResearchSpec(
        "Instytut Chemii Stosowanej Kędzierzyn",
        "Kędzierzyn-Koźle",
        ["research", "chemicals and coatings", "laboratory"],
        ["pl", "en"],
        "Badania i rozwój w zakresie farb, klejów i polimerów; analizy laboratoryjne; skalowanie "
        "procesów.",
        "Partnerzy przemysłowi z Polski, Czech i Niemiec do projektów Horyzont Europa.",
        "Instytut badawczy związany z tradycją przemysłu chemicznego w Kędzierzynie-Koźlu.",
        140,
        1964,
    ),
    ResearchSpec(
        "Opolskie Centrum Badań Żywności",
        "Opole",
        ["research", "food processing", "laboratory"],
        ["pl", "en", "de"],
        "Badania żywności, opracowanie receptur, testy trwałości i pakowania.",
        "Producenci żywności z regionu, także z Czech i Niemiec.",
        "Centrum badawcze przy uczelni w Opolu.",
        33,
        2011,
    ),
    ResearchSpec(
        "Dolnośląskie Centrum Ceramiki i Szkła",
        "Świdnica",
        ["research", "glass and ceramics"],
        ["pl", "en", "cs"],
        "Badania szkła i ceramiki technicznej, piece doświadczalne, doradztwo w oszczędzaniu "
        "energii w hutach.",
        "Huty i zakłady ceramiczne z Polski i Czech.",
        "Niewielki ośrodek badawczy dla przemysłu szklarskiego i ceramicznego.",
        14,
        2015,
    ),
    ResearchSpec(
        "Centrum transferu technologií Vysoké školy Podkrkonoší",
        "Hradec Králové",
        ["research", "technology transfer", "medical devices", "food processing"],
        ["cs", "en", "de"],
        "Zprostředkování spolupráce firem s vědeckými týmy, smluvní výzkum, zkoušky "
        "zdravotnických prostředků, inovační vouchery.",
        "Firmy z Královéhradeckého kraje a z Polska pro společné projekty.",
        "Univerzitní centrum transferu technologií; poradíme, jak financovat spolupráci s vysokou "
        "školou.",
        18,
        2010,
    ),
    ResearchSpec(
        "Výzkumný ústav slévárenský Plzeň",
        "Plzeň",
        ["research", "foundry and casting", "materials testing"],
        ["cs", "de", "en"],
        "Simulace lití, metalografie, zkoušky odlitků, vývoj nových slitin.",
        "Slévárny a jejich zákazníci z Česka a Bavorska.",
        "Výzkumný ústav pro slévárenství se zkušebnou.",
        52,
        1951,
    ),
    ResearchSpec(
        "Ústav aditivních technologií Mladá Boleslav",
        "Mladá Boleslav",
        ["research", "additive manufacturing"],
        ["cs", "en", "de"],
        "Výzkum 3D tisku kovů, kvalifikace materiálů, školení konstruktérů pro aditivní výrobu.",
        "Průmysloví partneři z automotive pro pilotní projekty.",
        "Výzkumné pracoviště zaměřené na aditivní výrobu pro automobilový průmysl.",
        24,
        2017,
    ),
    ResearchSpec(
        "Laboratoř vodního hospodářství Ústeckého kraje",
        "Most",
        ["research", "water treatment", "laboratory"],
        ["cs", "de"],
        "Rozbory pitné a odpadní vody, pilotní zkoušky čištění průmyslových vod, rekultivace po "
        "těžbě.",
        "Průmyslové podniky a obce, partneři ze Saska.",
        "Výzkumná laboratoř v oblasti poznamenané těžbou uhlí.",
        21,
        1998,
    ),
]

INSTITUTIONS: list[ResearchSpec] = [
    ResearchSpec(
        "Wirtschaftsinitiative Spree-Neiße e.V.",
        "Spremberg",
        ["business support", "partner search", "funding advice"],
        ["de", "pl", "en"],
        "Kooperationsbörsen mit polnischen Firmen, Fördermittelberatung für Betriebe im "
        "Strukturwandel der Lausitz, Unternehmerstammtische.",
        "Mitgliedsbetriebe aus der Lausitz.",
        "Verein von Unternehmen und Kommunen im Landkreis Spree-Neiße; berät auch auf Polnisch.",
        6,
        2003,
    ),
    ResearchSpec(
        "Netzwerk Oberflächentechnik Elbland e.V.",
        "Meißen",
        ["cluster", "surface treatment"],
        ["de", "en"],
        "Branchennetzwerk für Galvanik, Lackierung und Härterei: Erfahrungsaustausch, "
        "Fachkräfteschulungen, gemeinsame Messestände.",
        "Neue Mitglieder aus Sachsen und Tschechien.",
        "Cluster von rund 60 Betrieben der Oberflächentechnik.",
        3,
        2012,
    ),
    ResearchSpec(
        "Exportbüro Oberfranken-Böhmen",
        "Selb",
        ["business support", "export promotion"],
        ["de", "cs", "en"],
        "Beratung zum Markteintritt in Tschechien, Vermittlung tschechischer Geschäftspartner, "
        "Dolmetscherdienste bei Erstgesprächen.",
        "Bayerische Unternehmen mit Interesse an Böhmen.",
        "Gemeinsame Anlaufstelle bayerischer Landkreise für Geschäfte mit Tschechien.",
        5,
        2007,
    ),
    ResearchSpec(
        "Holzcluster Erzgebirge e.V.",
        "Marienberg",
        ["cluster", "woodworking"],
        ["de", "cs"],
        "Vernetzung von Tischlereien, Sägewerken und Möbelherstellern, Gemeinschaftsstände, "
        "Nachwuchswerbung.",
        "Partner-Cluster in Tschechien.",
        "Branchenverband der Holzwirtschaft im Erzgebirge.",
        2,
        2010,
    ),
    ResearchSpec(
        "Gründerhaus Weißwasser gGmbH",
        "Weißwasser",
        ["business support", "start-ups"],
        ["de", "pl"],
        "Büros und Werkstätten für Gründerinnen und Gründer, Gründungsberatung, Zugang zu "
        "Mikrodarlehen.",
        "Gründungsinteressierte aus der Lausitz und aus Polen.",
        "Gründerzentrum in der ehemaligen Glasmacherstadt.",
        7,
        2016,
    ),
    ResearchSpec(
        "Izba Przedsiębiorców Nadodrza",
        "Gorzów Wielkopolski",
        ["business support", "chamber", "partner search"],
        ["pl", "de"],
        "Doradztwo dla firm wchodzących na rynek niemiecki, giełdy kooperacyjne, szkolenia z "
        "prawa pracy w Niemczech.",
        "Nowi członkowie i partnerzy w Brandenburgii.",
        "Samorząd gospodarczy zrzeszający firmy z północnej części województwa lubuskiego.",
        9,
        1995,
    ),
    ResearchSpec(
        "Lubuska Agencja Wsparcia Biznesu",
        "Zielona Góra",
        ["business support", "funding advice", "loans"],
        ["pl", "en", "de"],
        "Pożyczki dla MŚP, doradztwo w pozyskiwaniu dotacji unijnych, pomoc przy wejściu na rynek "
        "niemiecki.",
        "Przedsiębiorcy z województwa lubuskiego.",
        "Regionalna agencja wspierająca małe i średnie firmy.",
        24,
        2001,
    ),
    ResearchSpec(
        "Klaster Metalowy Opolszczyzny",
        "Opole",
        ["cluster", "sheet metal", "foundry and casting", "forging"],
        ["pl", "de", "en"],
        "Wspólne zakupy, szkolenia spawaczy, misje handlowe do Niemiec i Czech dla firm "
        "metalowych.",
        "Firmy metalowe z Opolszczyzny i partnerzy zagraniczni.",
        "Klaster zrzeszający ponad 40 firm obróbki metali.",
        4,
        2011,
    ),
    ResearchSpec(
        "Sudecka Izba Gospodarcza",
        "Kłodzko",
        ["business support", "chamber", "export promotion"],
        ["pl", "cs", "de"],
        "Kontakty z firmami z Czech, tłumaczenia, szkolenia, informacja o programach Interreg "
        "Czechy–Polska.",
        "Czeskie firmy i izby do współpracy przygranicznej.",
        "Izba gospodarcza Ziemi Kłodzkiej.",
        5,
        1999,
    ),
    ResearchSpec(
        "Regionální hospodářská komora Podkrkonoší",
        "Trutnov",
        ["business support", "chamber", "export promotion"],
        ["cs", "pl", "de"],
        "Vystavování osvědčení o původu zboží, kooperační burzy s polskými firmami, semináře k "
        "exportu.",
        "Partneři v Polsku a v Sasku.",
        "Hospodářská komora pro Trutnovsko a Náchodsko.",
        8,
        1993,
    ),
    ResearchSpec(
        "Agentura pro podnikání Ústecko",
        "Litoměřice",
        ["business support", "funding advice", "partner search"],
        ["cs", "de", "en"],
        "Poradenství k dotacím, vyhledávání obchodních partnerů v Sasku, podpora začínajících "
        "podnikatelů.",
        "Firmy z Ústeckého kraje se zájmem o Německo.",
        "Regionální agentura pro rozvoj podnikání.",
        15,
        2005,
    ),
    ResearchSpec(
        "Sklářský klastr Českého ráje",
        "Turnov",
        ["cluster", "glass and ceramics"],
        ["cs", "de", "en"],
        "Společné veletržní expozice, školení sklářů, propagace bižuterie a skla.",
        "Nové členy a odběratele v Německu.",
        "Sdružení sklářských a bižuterních firem z Pojizeří.",
        3,
        2009,
    ),
    ResearchSpec(
        "Plzeňská rozvojová agentura",
        "Plzeň",
        ["business support", "funding advice", "export promotion"],
        ["cs", "de", "en"],
        "Poradenství k dotacím, pomoc s hledáním partnerů v Bavorsku, inovační vouchery.",
        "Podnikatelé z Plzeňského kraje.",
        "Krajská agentura pro podporu podnikání a investic.",
        19,
        2006,
    ),
    ResearchSpec(
        "Hospodářská komora Chodska",
        "Domažlice",
        ["business support", "chamber"],
        ["cs", "de"],
        "Kontakty na firmy v Bavorsku, česko-německé semináře, pomoc s vysíláním pracovníků do "
        "Německa.",
        "Bavorské firmy hledající dodavatele v Čechách.",
        "Okresní hospodářská komora na česko-bavorské hranici.",
        4,
        1994,
    ),
]


def generate(seed: int = SEED) -> list[dict[str, object]]:
    writer = OrganisationWriter(seed)
    rnd = writer.random
    towns_by_country = {
        country: [town for town in TOWNS if town.country == country]
        for country in ("DE", "PL", "CZ")
    }
    trade_keys = list(TRADES)
    records: list[dict[str, object]] = []
    for index in range(COMPANY_COUNT):
        # Trades go round-robin so each gets about the same number of firms; countries are drawn.
        trade_key = trade_keys[index % len(trade_keys)]
        country = rnd.choices(["DE", "PL", "CZ"], weights=[40, 30, 30])[0]
        town = rnd.choice(towns_by_country[country])
        records.append(writer.company(trade_key, town))
    records.extend(writer.research(spec) for spec in RESEARCH)
    records.extend(writer.institution(spec) for spec in INSTITUTIONS)
    return records


def main() -> None:
    records = generate()
    with OUTPUT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} organisations to {OUTPUT}")


if __name__ == "__main__":
    main()
