"""What a question is about, without an LLM: places, spoken languages, sectors, and whether it
asks for organisations, for support institutions, for documents, or for several of them.

Names are matched on accent-folded, lower-cased text by word stems, so inflected forms work:
"Tschechien", "w Czechach", "v Česku", "czeskiego"; "Sachsen", "w Saksonii", "v Sasku".
The matchers run from the most specific to the least (spoken languages, cities, regions,
countries) and each consumes the words it recognised: "mówi po czesku" is a language, not a
country, and "Saská Kamenice" is Chemnitz, not Saxony.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.companies.codes import country_codes, fold


@dataclass
class QueryAnalysis:
    wants_organisations: bool = False
    wants_institutions: bool = False
    wants_documents: bool = True
    countries: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2
    regions: list[str] = field(default_factory=list)  # as stored, e.g. "Sachsen"
    cities: list[str] = field(default_factory=list)  # as stored, e.g. "Liberec"
    spoken_languages: list[str] = field(default_factory=list)  # ISO 639-1
    sectors: list[str] = field(default_factory=list)  # canonical sector names
    topics: list[str] = field(default_factory=list)  # export, funding, cooperation, partners


# -- places ------------------------------------------------------------------------------------
# (stored city name, country, region, stems of its names in de/en/pl/cs)
CITIES: list[tuple[str, str, str, list[str]]] = [
    ("Liberec", "CZ", "Liberecký kraj", [r"liberec", r"liberc(i|e|em|u)", r"reichenberg\w*"]),
    ("Jablonec nad Nisou", "CZ", "Liberecký kraj", [r"jablon(ec|c)\w*", r"gablonz\w*"]),
    ("Česká Lípa", "CZ", "Liberecký kraj", [r"cesk\w* lip\w*", r"bohmisch leipa"]),
    ("Ústí nad Labem", "CZ", "Ústecký kraj",
     [r"usti nad labem", r"usti", r"aussig\w*", r"uscie nad laba"]),
    ("Děčín", "CZ", "Ústecký kraj", [r"decin\w*", r"tetschen\w*"]),
    ("Teplice", "CZ", "Ústecký kraj", [r"teplic\w*", r"teplitz\w*"]),
    ("Chomutov", "CZ", "Ústecký kraj", [r"chomutov\w*", r"komotau"]),
    ("Varnsdorf", "CZ", "Ústecký kraj", [r"varnsdorf\w*", r"warnsdorf\w*"]),
    ("Karlovy Vary", "CZ", "Karlovarský kraj",
     [r"karlov\w* var\w*", r"karlsbad\w*", r"karlow\w* war\w*"]),
    ("Cheb", "CZ", "Karlovarský kraj", [r"cheb(u|em)?"]),
    ("Sokolov", "CZ", "Karlovarský kraj", [r"sokolov\w*", r"falkenau"]),
    ("Praha", "CZ", "Hlavní město Praha",
     [r"prah(a|y|u|ou)", r"praze", r"prag", r"prague", r"prag(a|i)", r"pradze"]),
    ("Dresden", "DE", "Sachsen", [r"dresden\w*", r"drezn\w*", r"drazdan\w*"]),
    ("Chemnitz", "DE", "Sachsen", [r"chemnitz\w*", r"sask\w* kamenic\w*", r"kamienic\w* sask\w*"]),
    ("Leipzig", "DE", "Sachsen", [r"leipzig\w*", r"lipsk\w*"]),
    ("Görlitz", "DE", "Sachsen", [r"gorlitz\w*", r"zhorelc\w*", r"zhorelec"]),
    ("Bautzen", "DE", "Sachsen", [r"bautzen\w*", r"budziszyn\w*", r"budysin\w*"]),
    ("Zittau", "DE", "Sachsen", [r"zittau\w*", r"zytaw\w*", r"zitav\w*"]),
    ("Löbau", "DE", "Sachsen", [r"lobau"]),
    ("Kamenz", "DE", "Sachsen", [r"kamenz"]),
    ("Hoyerswerda", "DE", "Sachsen", [r"hoyerswerd\w*"]),
    ("Pirna", "DE", "Sachsen", [r"pirn(a|e|y|ie)"]),
    ("Freiberg", "DE", "Sachsen", [r"freiberg\w*"]),
    ("Zwickau", "DE", "Sachsen", [r"zwickau\w*", r"cwikov\w*"]),
    ("Plauen", "DE", "Sachsen", [r"plauen"]),
    ("Niesky", "DE", "Sachsen", [r"niesky"]),
    ("Jelenia Góra", "PL", "Dolnośląskie",
     [r"jeleni\w* gor\w*", r"jeleni\w* hor\w*", r"hirschberg\w*"]),
    ("Zgorzelec", "PL", "Dolnośląskie", [r"zgorzel\w*"]),
    ("Bolesławiec", "PL", "Dolnośląskie", [r"boleslawi?c\w*", r"bunzlau"]),
    ("Lubań", "PL", "Dolnośląskie", [r"luban\w*", r"lauban"]),
    ("Wałbrzych", "PL", "Dolnośląskie", [r"walbrzych\w*", r"waldenburg"]),
    ("Legnica", "PL", "Dolnośląskie", [r"legnic\w*", r"liegnitz"]),
    ("Wrocław", "PL", "Dolnośląskie", [r"wroclaw\w*", r"breslau", r"vratislav\w*"]),
    ("Bogatynia", "PL", "Dolnośląskie", [r"bogatyn\w*"]),
    ("Kamienna Góra", "PL", "Dolnośląskie", [r"kamienn\w* gor\w*"]),
]

# (stored region names, country, stems)
REGIONS: list[tuple[list[str], str, list[str]]] = [
    (["Sachsen"], "DE", [r"sachsen\w*", r"saxony", r"saxon\w*", r"sachsisch\w*", r"saksoni\w*",
                         r"sask\w*", r"oberlausitz\w*", r"gornych luzyc", r"horni luzic\w*"]),
    (["Dolnośląskie"], "PL", [r"niederschlesi\w*", r"lower silesia\w*", r"dolny slask",
                              r"dolnym slasku", r"dolnego slaska", r"dolnoslask\w*",
                              r"dolni slezsk\w*", r"dolnim slezsku"]),
    (["Liberecký kraj"], "CZ", [r"libereck\w*"]),
    (["Ústecký kraj"], "CZ", [r"usteck\w*"]),
    (["Karlovarský kraj"], "CZ", [r"karlovarsk\w*"]),
    (["Liberecký kraj", "Ústecký kraj"], "CZ",
     [r"nordbohm\w*", r"north\w* bohemia", r"severni\w* cech\w*", r"czech\w* polnocn\w*"]),
]

COUNTRIES: dict[str, list[str]] = {
    "CZ": [r"tschech\w*", r"czech\w*", r"czesk\w*", r"cesk\w*", r"cech(y|ach|am)"],
    "DE": [r"deutschland\w*", r"deutsch\w*", r"german\w*", r"niemc\w*", r"niemieck\w*",
           r"nemeck\w*", r"nemci", r"bundesrepublik"],
    "PL": [r"polen", r"poland", r"polish", r"polnisch\w*", r"polsk\w*", r"polsce"],
    "AT": [r"osterreich\w*", r"austria\w*", r"austrii", r"rakousk\w*"],
    "SK": [r"slowakei", r"slowakisch\w*", r"slovakia", r"slowacj\w*", r"slovensk\w*"],
}

# -- spoken languages --------------------------------------------------------------------------
_LANG_STEMS = {"pl": r"(?:polnisch|polish|polsk\w*|polsky|polsku)",
               "de": r"(?:deutsch|german|niemieck\w*|niemiecku|nemeck\w*|nemecky)",
               "cs": r"(?:tschechisch|czech|czesk\w*|czesku|cesk\w*|cesky)",
               "en": r"(?:englisch|english|angielsk\w*|angielsku|anglick\w*|anglicky)"}
_ANY_LANG = "|".join(_LANG_STEMS.values())
SPOKEN_LANGUAGE_PATTERNS = [
    rf"po (?:{_ANY_LANG})",
    rf"(?:spricht|sprechen|spreche|sprechend\w*|speaks?|speaking|mowi\w*|mluvi\w*|hovori\w*|"
    rf"porozumiew\w*|domluvi\w*|domluv\w*)\s+(?:\w+\s+)?(?:{_ANY_LANG})",
    rf"(?:{_ANY_LANG})\s*-?\s*(?:sprachig\w*|sprechend\w*|speaking|mluvic\w*|jezyczn\w*)",
    rf"(?:{_ANY_LANG})\s+(?:spricht|sprechen|spreche|sprachkenntnis\w*|kenntnis\w*)",
    rf"(?:{_ANY_LANG})kenntnis\w*",
    rf"auf (?:{_ANY_LANG})",
    rf"in (?:{_ANY_LANG})\b(?! (?:firm|compan|supplier|partner))",
    rf"(?:jezyk\w*|jazyk\w*|sprache)\s+(?:{_ANY_LANG})",
    rf"(?:{_ANY_LANG})\s+(?:jezyk\w*|jazyk\w*|sprache)",
    r"(?:polsko|niemiecko|czesko|angielsko)jezyczn\w*",
]

# -- sectors (canonical names as the demo data uses them) --------------------------------------
SECTORS: dict[str, list[str]] = {
    "metal processing": [
        r"cnc", r"fras\w*", r"drehteil\w*", r"drehen", r"metall\w*", r"metal\w*", r"blech\w*",
        r"schweiss\w*", r"weld\w*", r"spawa\w*", r"svar\w*", r"obrob\w*", r"obrab\w*",
        r"kovo\w*", r"kov(u|y|ych)", r"pulverbeschicht\w*", r"powder\w*", r"lakier\w*",
        r"malowan\w*", r"proszkow\w*", r"lakovan\w*", r"lakovn\w*", r"praskov\w*",
        r"verzink\w*", r"galvani\w*", r"cynkow\w*", r"zinkov\w*", r"pozink\w*", r"laser\w*",
        r"frez\w*", r"tocz\w*", r"soustruz\w*", r"milling", r"turning", r"machining",
        r"oberflachen\w*", r"coating\w*", r"beschicht\w*"],
    "machinery": [r"maschinenbau\w*", r"sondermaschin\w*", r"maschin\w*", r"machine\w*",
                  r"machinery", r"maszyn\w*", r"stroj\w*", r"werkzeugmaschin\w*",
                  r"obrabiar\w*", r"anlagenbau\w*"],
    "automotive": [r"automotive", r"automobil\w*", r"fahrzeug\w*", r"kfz", r"motoryzac\w*",
                   r"samochod\w*", r"autodil\w*", r"vehicle\w*", r"car parts",
                   r"kabelbaum\w*", r"kabelbaum\w*", r"wiring harness\w*", r"wiazk\w*",
                   r"svazk\w*", r"stanz\w*", r"tlocz\w*", r"lisovan\w*", r"stamp\w*"],
    "plastics": [r"kunststoff\w*", r"plastic\w*", r"plast\w*", r"tworzyw\w*", r"spritzg\w*",
                 r"injection\w*", r"wtrysk\w*", r"vstrikov\w*", r"extru\w*", r"wytlacz\w*"],
    "electronics": [r"elektronik\w*", r"electronic\w*", r"elektroni\w*", r"leiterplatt\w*",
                    r"pcb", r"plytk\w* drukowan\w*", r"plosnych spoj\w*", r"smd", r"ems",
                    r"embedded", r"sensor\w*", r"czujnik\w*", r"senzor\w*"],
    "automation": [r"automatisier\w*", r"automation", r"automatyk\w*", r"automatyzac\w*",
                   r"automatizac\w*", r"robot\w*", r"sps", r"plc", r"schaltschrank\w*",
                   r"szaf\w* sterownicz\w*", r"rozvad\w*", r"control cabinet\w*"],
    "IT": [r"software\w*", r"oprogramowan\w*", r"erp", r"mes", r"informatik\w*",
           r"informatyk\w*", r"cloud\w*", r"chmur\w*", r"cyber\w*", r"digitalis\w*",
           r"digitaliz\w*", r"cyfryzac\w*", r"it-\w+"],
    "energy": [r"energ\w*", r"photovolt\w*", r"fotowolt\w*", r"fotovolt\w*", r"solar\w*",
               r"batterie\w*", r"battery", r"magazyn\w* energi\w*", r"wind\w*"],
}

# -- intent ------------------------------------------------------------------------------------
_STRONG_ORG = [r"zuliefer\w*", r"lieferant\w*", r"supplier\w*", r"vendor\w*", r"dostawc\w*",
               r"dodavatel\w*", r"subdodavatel\w*", r"podwykonaw\w*", r"subcontract\w*",
               r"lohnfert\w*", r"hersteller\w*", r"manufacturer\w*", r"producent\w*",
               r"producer\w*", r"vyrobc\w*", r"vyrobce", r"partner\w*", r"dienstleister\w*",
               r"service provider\w*", r"wykonawc\w*", r"integrator\w*", r"anbieter\w*"]
_WEAK_ORG = [r"firm\w*", r"unternehmen", r"compan\w*", r"spolecnost\w*", r"organi[sz]ation\w*",
             r"przedsiebiorstw\w*", r"betrieb\w*", r"podnik\w*"]
_SEARCH = [r"such\w*", r"looking for", r"look for", r"find\w*", r"szuka\w*", r"szukam",
           r"poszuk\w*", r"wyszuk\w*", r"znajd\w*", r"shan(?:im|i|et|ime)",
           r"hleda\w*", r"hledam", r"najit", r"najdu", r"znalez\w*", r"potrzebuj\w*", r"need\w*",
           r"brauch\w*", r"benotig\w*", r"potrebuj\w*", r"empfehl\w*", r"recommend\w*",
           r"polec\w*", r"doporuc\w*", r"wer bietet", r"who (?:offers|makes|produces|can make)",
           r"kto (?:oferuje|produkuje|wykonuje|robi)", r"kdo (?:nabizi|vyrabi|dela)",
           r"gibt es\b.*(?:firm|unternehmen|betrieb)"]
# "Which/what (kind of) ..." in the four languages, inflected: welche/welcher, which/what,
# jaka/jakie/jakiej/która/które, jaká/jaké/která/které.
_WHICH = (r"(?:welch\w*|which|what|jak(?:a|ie|iej|iego|ich|im|y|e|ou|eho|ych|ym)"
          r"|ktor\w*|kter\w*)\s+(?:\w+\s+){0,2}")
# Asking which company (or supplier, partner...) is asking for organisations.
_WHICH_ORG = [_WHICH + r"(?:firm|unternehm|betrieb|compan|spolecnost|przedsiebiorstw|podnik"
              r"|zuliefer|lieferant|supplier|hersteller|manufactur|dostawc|dodavatel|producent"
              r"|vyrobc|partner|dienstleist|anbieter|wykonawc)\w*"]
# Asking which institution (office, chamber, agency...) is asking for institutions only, even
# when the question goes on to name the companies it serves ("pomaga firmom"). "Organisation"
# is left out: "which organisations offer CNC machining" means companies.
_WHICH_INSTITUTION = [
    _WHICH + r"(?:institution|einrichtung|stelle|behorde|agentur|kammer|office|agenc"
    r"|instytucj|agencj|izb|urzad|urzed|instituc|komor|urad)\w*"]
_HELP = [r"helf\w*", r"hilft", r"unterstutz\w*", r"help\w*", r"assist\w*", r"support\w*",
         r"pomoc\w*", r"pomag\w*", r"pomah\w*", r"wspomag\w*", r"pomoz\w*", r"pomuz\w*",
         r"pomoct\w*", r"pomoci", r"berat\w*", r"advi[cs]\w*", r"doradz\w*", r"doradc\w*",
         r"porad\w*", r"ansprechpartner\w*", r"contact point\w*", r"wsparci\w*", r"wspier\w*",
         r"podpor\w*"]
_WHO = [r"wer", r"who", r"kto", r"kdo", r"wo", r"where", r"gdzie", r"kde", r"an wen",
        r"do kogo", r"na koho"]
_INSTITUTION = [r"institution\w*", r"instytucj\w*", r"instituc\w*", r"kammer\w*", r"ihk",
                r"ahk", r"chamber\w*", r"izb(a|y|ie|e)\w*", r"komor(a|y|u|e)\w*",
                r"agentur\w*", r"agenc\w*", r"wirtschaftsforder\w*",
                r"economic development", r"cluster\w*", r"klast\w*", r"klaster\w*"]
TOPICS: dict[str, list[str]] = {
    "export": [r"export\w*", r"ekspor\w*", r"vyvoz\w*", r"vyvaz\w*", r"auslandsmar\w*",
               r"internationali[sz]\w*", r"internacjonaliz\w*", r"internacionaliz\w*",
               r"foreign market\w*", r"rynk\w* zagraniczn\w*", r"zahranicni\w* trh\w*",
               r"absatzmar\w*", r"rynk\w* zbytu", r"messe\w*", r"auslandsmesse\w*",
               r"trade fair\w*", r"targ\w*", r"veletrh\w*"],
    "funding": [r"forder\w*", r"funding", r"fund\w*", r"grant\w*", r"subsid\w*",
                r"dotac\w*", r"dofinansow\w*", r"fundusz\w*", r"darlehen", r"loan\w*",
                r"pozyczk\w*", r"uver\w*"],
    "cooperation": [r"kooperation\w*", r"cooperation\w*", r"co-operation\w*", r"kooperac\w*",
                    r"spoluprac\w*", r"wspolprac\w*", r"zusammenarbeit\w*", r"veranstaltung\w*",
                    r"event\w*", r"b2b", r"matchmaking", r"boerse\w*", r"borse\w*",
                    r"gield\w*", r"networking", r"netzwerk\w*", r"siec\w*"],
    "partners": [r"partner\w*", r"zuliefer\w*", r"supplier\w*", r"dostawc\w*",
                 r"dodavatel\w*"],
}
_DOCUMENTS = [r"forderung\w*", r"forderprogramm\w*", r"funding", r"dotac\w*", r"grant\w*",
              r"dofinansow\w*", r"subsid\w*", r"fundusz\w*",
              # the nouns project/programme, not the verbs that share their stem: "projektuje
              # elektronikę" (designs), "programuje sterowniki" (programs), "programming"
              r"projekt(?!uj|owa[nc]|ova[nt]|ier|ant)\w*", r"project(?!ed|ing|ion|or)\w*",
              r"program(?!uj|owa[nc]|owaln|ova[nt]|ovatel|ator|mier|ming|med|mer|mabl)\w*",
              r"budget\w*", r"budzet\w*",
              r"rozpoct\w*", r"frist\w*", r"deadline\w*", r"antrag\w*", r"application\w*",
              r"wniosek\w*", r"wnioski", r"zadost\w*", r"interreg", r"efre", r"erdf", r"leitete",
              r"led", r"prowadzil\w*", r"vedl\w*", r"laufzeit", r"ergebnis\w*", r"result\w*",
              r"wynik\w*", r"vysledk\w*", r"lead partner\w*", r"leadpartner\w*",
              r"call\w*", r"aufruf\w*", r"nabor\w*", r"vyzv\w*", r"faq", r"wie viel", r"how much",
              r"ile", r"kolik", r"wann", r"when", r"kiedy", r"kdy"]


def _compile(stems: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(stems) + r")(?!\w)")


@lru_cache(maxsize=1)
def _matchers() -> dict[str, object]:
    return {
        "cities": [(c, country, region, _compile(stems)) for c, country, region, stems in CITIES],
        "regions": [(names, country, _compile(stems)) for names, country, stems in REGIONS],
        "countries": [(code, _compile(stems)) for code, stems in COUNTRIES.items()]
        + _babel_country_matchers(),
        "spoken": _compile(SPOKEN_LANGUAGE_PATTERNS),
        "lang_stems": [(code, re.compile(stem)) for code, stem in _LANG_STEMS.items()],
        "sectors": [(name, _compile(stems)) for name, stems in SECTORS.items()],
        "topics": [(name, _compile(stems)) for name, stems in TOPICS.items()],
        "strong_org": _compile(_STRONG_ORG), "weak_org": _compile(_WEAK_ORG),
        "search": _compile(_SEARCH), "help": _compile(_HELP), "who": _compile(_WHO),
        "which_org": _compile(_WHICH_ORG), "which_institution": _compile(_WHICH_INSTITUTION),
        "institution": _compile(_INSTITUTION), "documents": _compile(_DOCUMENTS),
    }


def _babel_country_matchers() -> list[tuple[str, re.Pattern[str]]]:
    """Every other country by its name in the four languages (CLDR), exact word match."""
    from babel import Locale

    out: list[tuple[str, re.Pattern[str]]] = []
    for code in sorted(country_codes() - set(COUNTRIES)):
        names = {fold(Locale(lang).territories.get(code, "")) for lang in ("de", "en", "pl", "cs")}
        names = {re.escape(n) for n in names if len(n) >= 4}
        if names:
            out.append((code, _compile(sorted(names))))
    return out


class _Text:
    """Folded text from which recognised phrases are consumed."""

    def __init__(self, text: str) -> None:
        self.text = fold(text)

    def take(self, pattern: re.Pattern[str]) -> list[str]:
        found: list[str] = []
        for match in pattern.finditer(self.text):
            found.append(match.group(0))
            start, end = match.span()
            # Blank the match out (same length) so later matchers do not see it again.
            self.text = self.text[:start] + " " * (end - start) + self.text[end:]
        return found

    def has(self, pattern: re.Pattern[str]) -> bool:
        return pattern.search(self.text) is not None


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def analyse_query(text: str, lang: str = "en") -> QueryAnalysis:
    """Recognise places, spoken languages, sectors and intent in a question (de/en/pl/cs)."""
    m = _matchers()
    analysis = QueryAnalysis()
    words = _Text(text or "")
    original = _Text(text or "")  # intent is judged on the whole question

    for phrase in words.take(m["spoken"]):  # type: ignore[arg-type]
        for code, stem in m["lang_stems"]:  # type: ignore[attr-defined]
            if stem.search(phrase):
                _add(analysis.spoken_languages, code)
    for city, country, _region, pattern in m["cities"]:  # type: ignore[attr-defined]
        if words.take(pattern):
            _add(analysis.cities, city)
            _add(analysis.countries, country)
    for names, country, pattern in m["regions"]:  # type: ignore[attr-defined]
        if words.take(pattern):
            for name in names:
                _add(analysis.regions, name)
            _add(analysis.countries, country)
    for code, pattern in m["countries"]:  # type: ignore[attr-defined]
        if words.take(pattern):
            _add(analysis.countries, code)
    for name, pattern in m["sectors"]:  # type: ignore[attr-defined]
        if words.has(pattern):
            _add(analysis.sectors, name)
    if re.search(r"(?<!\w)IT(?!\w)", text or "") and "IT" not in analysis.sectors:
        analysis.sectors.append("IT")
    for name, pattern in m["topics"]:  # type: ignore[attr-defined]
        if original.has(pattern):
            analysis.topics.append(name)

    which_institution = original.has(m["which_institution"])  # type: ignore[arg-type]
    searching = original.has(m["search"]) or original.has(m["which_org"])  # type: ignore[arg-type]
    documents = original.has(m["documents"])  # type: ignore[arg-type]
    strong = original.has(m["strong_org"])  # type: ignore[arg-type]
    weak = original.has(m["weak_org"])  # type: ignore[arg-type]
    helping = original.has(m["help"])  # type: ignore[arg-type]
    asks_who = original.has(m["who"]) or which_institution  # type: ignore[arg-type]
    institution = original.has(m["institution"])  # type: ignore[arg-type]

    analysis.wants_institutions = which_institution or (
        (helping and (asks_who or bool(analysis.topics) or institution))
        or (institution and (searching or asks_who) and not documents)
    )
    analysis.wants_organisations = not which_institution and (
        (strong and (searching or not documents))
        or (weak and not documents and (searching or bool(analysis.countries or analysis.sectors)))
        or (searching and bool(analysis.sectors) and not documents)
        or (bool(analysis.spoken_languages) and (strong or weak or searching or asks_who))
    )
    # An organisation search wants no document passages unless it also asks about programmes.
    analysis.wants_documents = documents or not (analysis.wants_organisations
                                                 or analysis.wants_institutions) \
        or analysis.wants_institutions
    return analysis


# -- capabilities ------------------------------------------------------------------------------
# What suppliers offer and buyers seek, by the words each language uses for it. The embedder
# alone confuses rare trade terms across languages ("cynkowanie ogniowe" vs "Feuerverzinkung");
# naming the capability on both sides makes such a match certain and explains it.
CAPABILITIES: dict[str, list[str]] = {
    "powder coating": [r"pulverbeschicht\w*", r"powder\W?coat\w*", r"proszkow\w*",
                       r"praskov\w*"],
    "painting": [r"lackier\w*", r"nasslack\w*", r"wet paint\w*", r"lakierow\w*", r"lakovan\w*",
                 r"malowan\w*"],
    "hot-dip galvanising": [r"\w*verzink\w*", r"galvani[sz]\w*", r"cynkow\w*", r"ocynk\w*",
                            r"zinkovan\w*", r"pozink\w*"],
    "CNC machining": [r"cnc\w*", r"fras\w*", r"frez\w*", r"milling", r"drehen", r"drehteil\w*",
                      r"turning", r"tocz\w*", r"toczen\w*", r"soustruz\w*", r"obrab\w*",
                      r"obrob\w*", r"machining", r"machined"],
    "laser cutting": [r"laser\w*"],
    "welding": [r"schweiss\w*", r"weld\w*", r"spawa\w*", r"spawan\w*", r"svar\w*"],
    "injection moulding": [r"spritzg\w*", r"injection mo\w*", r"wtrysk\w*", r"vstrikov\w*"],
    "extrusion": [r"extru\w*", r"wytlacz\w*"],
    "stamping": [r"stanz\w*", r"stamp\w*", r"tlocz\w*", r"lisovan\w*"],
    "wiring harnesses": [r"kabelbaum\w*", r"kabelbaeum\w*", r"kabelkonfektion\w*",
                         r"wiring harness\w*", r"wiazk\w*", r"svazk\w*", r"cable assembl\w*"],
    "PCB assembly": [r"leiterplatt\w*", r"pcb", r"plytek drukowan\w*", r"plytk\w* drukowan\w*",
                     r"plosnych spoj\w*", r"smd", r"tht", r"bestuck\w*", r"osazov\w*", r"ems"],
    "embedded electronics": [r"embedded", r"wbudowan\w*", r"sensor\w*", r"senzor\w*",
                             r"czujnik\w*"],
    "PLC and robotics": [r"sps", r"plc", r"robot\w*", r"automatisier\w*", r"automatyzac\w*",
                         r"automatizac\w*", r"automatyk\w*", r"automation"],
    "control cabinets": [r"schaltschrank\w*", r"szaf\w* sterownicz\w*", r"rozvad\w*",
                         r"control cabinet\w*"],
    "special machines": [r"sondermaschin\w*", r"special\W?purpose machin\w*",
                         r"special machine\w*", r"maszyn\w* specjaln\w*", r"jednoucel\w*",
                         r"vorrichtung\w*", r"fixture\w*", r"przyrzad\w*", r"pripravk\w*"],
    "machine tool service": [r"werkzeugmaschin\w*", r"machine tool\w*", r"obrabiar\w*",
                             r"obrabec\w* stroj\w*", r"retrofit\w*", r"instandhalt\w*"],
    "software and ERP": [r"erp", r"mes", r"software\w*", r"oprogramowan\w*"],
    "IT security": [r"it-sicherheit\w*", r"it security", r"bezpieczenstw\w* it",
                    r"it bezpecnost\w*", r"netzwerk\w*", r"network\w*", r"sieci"],
    "solar power": [r"photovolt\w*", r"fotowolt\w*", r"fotovolt\w*", r"solar\w*", r"pv"],
    "energy consulting": [r"energieberat\w*", r"energieaudit\w*", r"energy audit\w*",
                          r"energy consult\w*", r"audyt\w* energetyczn\w*",
                          r"doradztw\w* energetyczn\w*", r"doradc\w* energetyczn\w*",
                          r"energetick\w* audit\w*", r"energetick\w* porad\w*"],
    "transport": [r"spedition\w*", r"transport\w*", r"logisti\w*", r"spedyc\w*", r"spedic\w*"],
}


@lru_cache(maxsize=1)
def _capability_matchers() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, _compile(stems)) for name, stems in CAPABILITIES.items()]


@lru_cache(maxsize=4096)
def capabilities(text: str) -> frozenset[str]:
    """The trade capabilities a text names, in any of the four languages."""
    folded = fold(text or "")
    return frozenset(name for name, pattern in _capability_matchers() if pattern.search(folded))
