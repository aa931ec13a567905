"""Write knowledge/demo/organisations.jsonl: the real institutions the seed pages name (only the
facts those pages give, `demo: false`) and about 200 fictional companies (`demo: true`).

Deterministic (fixed seed): running it again gives the same file.

    python -m knowledge.demo.generate
"""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("organisations.jsonl")
SEED = 20240101

INSTITUTIONS: list[dict[str, Any]] = [
    {
        "id": "wfs-sachsen", "name": "Wirtschaftsförderung Sachsen GmbH (WFS)",
        "kind": "institution", "country": "DE", "region": "Sachsen", "city": "Dresden",
        "phone": "+49 351 2138 132", "contact_person": "Außenwirtschaft & Messen",
        "languages": ["de"], "sectors": ["economic development", "export"],
        "offers": "Standortmarketing für Sachsen und Beratung von Investoren bei Ansiedlungen. "
                  "Exportförderung für sächsische KMU: Unternehmerreisen nach Technologie und "
                  "Branche, Gemeinschaftsbeteiligungen an internationalen Messen und Symposien, "
                  "Anbahnung von Kooperationen mit Unternehmen außerhalb Sachsens. Unterstützung "
                  "bei Innovationsmanagement und Technologietransfer.",
        "seeks": "Unternehmen und Partnerinstitutionen für grenzüberschreitende Kooperationen "
                 "mit Polen und Tschechien.",
        "description": "Landeseigene Wirtschaftsförderung des Freistaates Sachsen. Lead Partner "
                       "der Interreg-Projekte InnoCoopPolSax (sächsisch-polnischer Grenzraum) "
                       "und Glokalisierung (sächsisch-tschechischer Grenzraum, Netzwerk-Plattform "
                       "für KMU, Zulieferer und Kooperationspartner).",
    },
    {
        "id": "tgz-bautzen", "name": "Technologie- und Gründerzentrum Bautzen GmbH",
        "kind": "institution", "country": "DE", "region": "Sachsen", "city": "Bautzen",
        "postcode": "02625", "address": "Preuschwitzer Straße 20", "phone": "+49 3591 380-2020",
        "languages": ["de"],
        "sectors": ["machinery", "metal processing", "IT", "electronics", "energy"],
        "offers": "Räume und Betreuung für innovative Unternehmen und Gründungen am Standort "
                  "Bautzen. Technologietransfer- und Wirtschaftsförderprojekte in Maschinenbau, "
                  "Metallbearbeitung, IKT, Elektronik und Energietechnik. Koordination regionaler "
                  "Unternehmensnetzwerke; Service-Innovation für produzierende KMU (THINGS+).",
        "seeks": "Unternehmen aus Maschinenbau, Metallbearbeitung und Elektronik, die "
                 "grenzüberschreitend mit Polen kooperieren oder Dienstleistungen zu ihren "
                 "Produkten entwickeln wollen.",
        "description": "Technologie- und Gründerzentrum; Projektpartner von InnoCoopPolSax und "
                       "THINGS+ (Interreg CENTRAL EUROPE).",
    },
    {
        "id": "karr-jelenia-gora",
        "name": "KARR S.A. – Riesengebirgsagentur für Regionale Entwicklung",
        "kind": "institution", "country": "PL", "region": "Dolnośląskie", "city": "Jelenia Góra",
        "languages": ["pl"], "sectors": ["economic development"],
        "offers": "Wsparcie przedsiębiorców regionu jeleniogórskiego: bezpłatne usługi "
                  "doradcze i informatyczne, wyjazdy studyjne, giełdy kooperacyjne, szkolenia, "
                  "konferencje oraz pożyczki na preferencyjnych warunkach ze środków UE. Pomoc "
                  "w szukaniu nowych rynków zbytu i w pozycjonowaniu firm w regionie i za "
                  "granicą.",
        "seeks": "Partnerzy do projektów krajowych i międzynarodowych, firmy z Saksonii "
                 "zainteresowane współpracą z regionem jeleniogórskim.",
        "description": "Agencja rozwoju regionalnego z siedzibą w Jeleniej Górze, partner "
                       "projektu InnoCoopPolSax (pogranicze polsko-saksońskie).",
    },
    {
        "id": "ahk-services-cz", "name": "AHK Services s.r.o.",
        "kind": "institution", "country": "CZ", "region": "Hlavní město Praha", "city": "Praha",
        "languages": ["cs", "de"], "sectors": ["export", "cooperation"],
        "offers": "Tochtergesellschaft der Deutsch-Tschechischen Industrie- und Handelskammer "
                  "(DTIHK). Hilft Unternehmen, in Tschechien und Sachsen Zulieferer und "
                  "Kooperationspartner zu finden: digitale Netzwerk-Plattform für KMU, "
                  "branchenübergreifende Informations- und Kooperationsveranstaltungen, "
                  "Kontakte zu wirtschaftsfördernden Institutionen und Forschungseinrichtungen.",
        "seeks": "Sächsische und tschechische KMU, Branchennetzwerke und Cluster für "
                 "grenzübergreifende Partnerschaften.",
        "description": "Projektpartner des Interreg-Projekts Glokalisierung (2024–2026) im "
                       "sächsisch-tschechischen Grenzraum. Pomáhá firmám najít dodavatele a "
                       "partnery pro spolupráci v Česku a Sasku.",
    },
    {
        "id": "ihk-dresden-zittau", "name": "IHK Dresden – Geschäftsstelle Zittau",
        "kind": "institution", "country": "DE", "region": "Sachsen", "city": "Zittau",
        "languages": ["de"], "sectors": ["chamber of commerce"],
        "offers": "Industrie- und Handelskammer Dresden, Geschäftsstelle Zittau im "
                  "Dreiländereck; Ansprechpartner für Unternehmen der Region zur "
                  "sächsisch-tschechischen Zusammenarbeit.",
        "description": "Assoziierter Partner des Projekts Glokalisierung.",
    },
    {
        "id": "ihk-chemnitz", "name": "IHK Chemnitz",
        "kind": "institution", "country": "DE", "region": "Sachsen", "city": "Chemnitz",
        "languages": ["de"], "sectors": ["chamber of commerce"],
        "offers": "Industrie- und Handelskammer für Südwestsachsen; Ansprechpartner für "
                  "Unternehmen zur Zusammenarbeit mit tschechischen Partnern.",
        "description": "Assoziierter Partner des Projekts Glokalisierung.",
    },
    {
        "id": "wk-karlovy-vary", "name": "Wirtschaftskammer Karlsbad (Karlovy Vary)",
        "kind": "institution", "country": "CZ", "region": "Karlovarský kraj",
        "city": "Karlovy Vary", "languages": ["cs"], "sectors": ["chamber of commerce"],
        "offers": "Hospodářská komora v Karlových Varech: kontakty na firmy z Karlovarského "
                  "kraje a podpora česko-saské spolupráce.",
        "description": "Assoziierter Partner des Projekts Glokalisierung.",
    },
    {
        "id": "mas-cesky-sever", "name": "MAS Český sever (Aktionsgruppe Nordböhmen)",
        "kind": "institution", "country": "CZ", "region": "Ústecký kraj",
        "languages": ["cs"], "sectors": ["regional development"],
        "offers": "Místní akční skupina v severních Čechách: regionální rozvoj a propojení "
                  "místních firem s partnery v Sasku.",
        "description": "Assoziierter Partner des Projekts Glokalisierung.",
    },
    {
        "id": "friuli-innovazione", "name": "Friuli Innovazione (Innovationszentrum Friaul)",
        "kind": "research", "country": "IT", "city": "Udine", "languages": ["it"],
        "sectors": ["innovation"],
        "offers": "Innovation centre; lead partner of THINGS+, which taught manufacturing SMEs "
                  "to add services to their products (servitisation).",
    },
    {
        "id": "steinbeis", "name": "Steinbeis", "kind": "research", "country": "DE",
        "languages": ["de"], "sectors": ["innovation", "plastics"],
        "offers": "Partner im Projekt Alpcluster 2020 zur Internationalisierung von KMU im "
                  "Alpenraum.",
    },
    {
        "id": "clusterland-ooe", "name": "Clusterland Oberösterreich",
        "kind": "institution", "country": "AT", "region": "Oberösterreich",
        "languages": ["de"], "sectors": ["plastics", "cooperation"],
        "offers": "Technologie- und Marketinggesellschaft; Cluster und Netzwerke, Partner von "
                  "Alpcluster 2020 (Internationalisierung von Kunststoff-KMU).",
    },
    {
        "id": "proplast", "name": "Proplast", "kind": "institution", "country": "IT",
        "region": "Piemonte", "languages": ["it"], "sectors": ["plastics"],
        "offers": "Plastics cluster in Piedmont; partner of Alpcluster 2020.",
    },
    {
        "id": "plastipolis", "name": "Plastipolis", "kind": "institution", "country": "FR",
        "languages": ["fr"], "sectors": ["plastics"],
        "offers": "Plastics cluster in France; partner of Alpcluster 2020.",
    },
    {
        "id": "swiss-plastics-cluster", "name": "Swiss Plastics Cluster", "kind": "institution",
        "country": "CH", "languages": ["de", "fr"], "sectors": ["plastics"],
        "offers": "Kunststoff-Cluster der Schweiz; Partner von Alpcluster 2020.",
    },
    {
        "id": "its-owl", "name": "it's OWL Clustermanagement", "kind": "institution",
        "country": "DE", "region": "Nordrhein-Westfalen", "languages": ["de"],
        "sectors": ["IT", "innovation"],
        "offers": "Koordiniert NRW.Innovationspartner: Orientierungsberatung, Qualifizierung "
                  "und Vernetzung, damit kleine und mittlere Unternehmen digitaler und "
                  "innovativer werden.",
    },
]

# Capabilities: what one company offers and another seeks, in the four languages.
# (sector, offer by language, seek by language)
CAPABILITIES: list[tuple[str, dict[str, str], dict[str, str]]] = [
    ("metal processing", {
        "de": "CNC-Fräsen und -Drehen von Stahl-, Edelstahl- und Aluminiumteilen, Klein- und "
              "Mittelserien",
        "pl": "Obróbka CNC: frezowanie i toczenie części ze stali, stali nierdzewnej i aluminium",
        "cs": "CNC frézování a soustružení dílů z oceli, nerezu a hliníku",
        "en": "CNC milling and turning of steel, stainless and aluminium parts",
    }, {
        "de": "Lohnfertiger für CNC-Fräs- und Drehteile",
        "pl": "Podwykonawca do obróbki CNC (frezowanie, toczenie)",
        "cs": "Dodavatel CNC obrábění (frézování, soustružení)",
        "en": "A subcontractor for CNC machined parts",
    }),
    ("metal processing", {
        "de": "Pulverbeschichtung und Nasslackierung von Stahl- und Aluminiumteilen",
        "pl": "Malowanie proszkowe i lakierowanie na mokro elementów stalowych i aluminiowych",
        "cs": "Práškové lakování a mokré lakování ocelových a hliníkových dílů",
        "en": "Powder coating and wet painting of steel and aluminium parts",
    }, {
        "de": "Zulieferer für Pulverbeschichtung unserer Stahlgehäuse",
        "pl": "Dostawca usług malowania proszkowego dla naszych obudów stalowych",
        "cs": "Dodavatel práškového lakování pro naše ocelové skříně",
        "en": "A powder coating supplier for our steel housings",
    }),
    ("metal processing", {
        "de": "Laserschneiden, Abkanten und Schweißen von Blechen, Baugruppen nach Zeichnung",
        "pl": "Cięcie laserowe, gięcie i spawanie blach, zespoły według rysunku",
        "cs": "Laserové řezání, ohýbání a svařování plechů, svařence podle výkresu",
        "en": "Laser cutting, bending and welding of sheet metal, assemblies to drawing",
    }, {
        "de": "Partner für Laserzuschnitt und Schweißbaugruppen",
        "pl": "Partner do cięcia laserowego i konstrukcji spawanych",
        "cs": "Partner pro laserové řezání a svařované konstrukce",
        "en": "A partner for laser-cut blanks and welded assemblies",
    }),
    ("machinery", {
        "de": "Sondermaschinenbau: Konstruktion und Bau von Vorrichtungen und Prüfständen",
        "pl": "Budowa maszyn specjalnych: projektowanie i wykonanie przyrządów i stanowisk "
              "testowych",
        "cs": "Výroba jednoúčelových strojů: konstrukce přípravků a zkušebních stanic",
        "en": "Special-purpose machinery: design and build of fixtures and test rigs",
    }, {
        "de": "Hersteller von Vorrichtungen und Sondermaschinen für unsere Montagelinie",
        "pl": "Wykonawca maszyn specjalnych i przyrządów do naszej linii montażowej",
        "cs": "Výrobce přípravků a jednoúčelových strojů pro naši montážní linku",
        "en": "A builder of fixtures and special machines for our assembly line",
    }),
    ("machinery", {
        "de": "Wartung, Instandsetzung und Retrofit von Werkzeugmaschinen",
        "pl": "Serwis, naprawy i modernizacja obrabiarek",
        "cs": "Servis, opravy a modernizace obráběcích strojů",
        "en": "Maintenance, repair and retrofit of machine tools",
    }, {
        "de": "Servicepartner für die Instandhaltung unserer Werkzeugmaschinen",
        "pl": "Partner serwisowy do utrzymania ruchu naszych obrabiarek",
        "cs": "Servisní partner pro údržbu našich obráběcích strojů",
        "en": "A service partner to maintain our machine tools",
    }),
    ("automotive", {
        "de": "Stanz- und Biegeteile für die Automobilindustrie, IATF-zertifiziert",
        "pl": "Części tłoczone i gięte dla przemysłu motoryzacyjnego",
        "cs": "Lisované a ohýbané díly pro automobilový průmysl",
        "en": "Stamped and bent parts for the automotive industry",
    }, {
        "de": "Zulieferer für Stanzteile mit Automotive-Erfahrung",
        "pl": "Dostawca części tłoczonych z doświadczeniem w motoryzacji",
        "cs": "Dodavatel lisovaných dílů se zkušeností z automotive",
        "en": "A supplier of stamped parts with automotive experience",
    }),
    ("automotive", {
        "de": "Kabelkonfektion und Kabelbäume für Fahrzeuge und Maschinen",
        "pl": "Konfekcjonowanie przewodów i wiązki kablowe dla pojazdów i maszyn",
        "cs": "Výroba kabelových svazků pro vozidla a stroje",
        "en": "Cable assembly and wiring harnesses for vehicles and machines",
    }, {
        "de": "Hersteller von Kabelbäumen in Kleinserie",
        "pl": "Producent wiązek kablowych w małych seriach",
        "cs": "Výrobce kabelových svazků v malých sériích",
        "en": "A maker of wiring harnesses in small batches",
    }),
    ("plastics", {
        "de": "Kunststoffspritzguss technischer Teile, eigener Werkzeugbau",
        "pl": "Wtryskiwanie tworzyw sztucznych, części techniczne, własna narzędziownia",
        "cs": "Vstřikování plastů, technické díly, vlastní nástrojárna",
        "en": "Injection moulding of technical plastic parts with in-house tool shop",
    }, {
        "de": "Spritzgießer für technische Kunststoffteile",
        "pl": "Dostawca wtryskiwanych części z tworzyw sztucznych",
        "cs": "Dodavatel vstřikovaných plastových dílů",
        "en": "An injection moulder for technical plastic parts",
    }),
    ("plastics", {
        "de": "Extrusion von Kunststoffprofilen und Rohren",
        "pl": "Wytłaczanie profili i rur z tworzyw sztucznych",
        "cs": "Extruze plastových profilů a trubek",
        "en": "Extrusion of plastic profiles and tubes",
    }, {
        "de": "Lieferant für extrudierte Kunststoffprofile",
        "pl": "Dostawca profili wytłaczanych z tworzyw",
        "cs": "Dodavatel extrudovaných plastových profilů",
        "en": "A supplier of extruded plastic profiles",
    }),
    ("electronics", {
        "de": "Bestückung von Leiterplatten (SMD und THT), Prototypen und Serien",
        "pl": "Montaż płytek drukowanych (SMD i THT), prototypy i serie",
        "cs": "Osazování desek plošných spojů (SMD a THT), prototypy i série",
        "en": "PCB assembly (SMD and THT), prototypes and series",
    }, {
        "de": "EMS-Dienstleister für die Bestückung unserer Elektronik",
        "pl": "Dostawca usług EMS do montażu naszej elektroniki",
        "cs": "EMS partner pro osazování naší elektroniky",
        "en": "An EMS provider to assemble our electronics",
    }),
    ("electronics", {
        "de": "Entwicklung von Embedded-Elektronik und Sensorik",
        "pl": "Projektowanie elektroniki wbudowanej i czujników",
        "cs": "Vývoj embedded elektroniky a senzoriky",
        "en": "Design of embedded electronics and sensors",
    }, {
        "de": "Entwicklungspartner für Embedded-Elektronik",
        "pl": "Partner do projektowania elektroniki wbudowanej",
        "cs": "Vývojový partner pro embedded elektroniku",
        "en": "A development partner for embedded electronics",
    }),
    ("automation", {
        "de": "Automatisierung von Fertigungsanlagen: SPS-Programmierung, Robotik, "
              "Inbetriebnahme",
        "pl": "Automatyzacja linii produkcyjnych: programowanie PLC, robotyka, uruchomienia",
        "cs": "Automatizace výrobních linek: programování PLC, robotika, uvádění do provozu",
        "en": "Factory automation: PLC programming, robotics, commissioning",
    }, {
        "de": "Integrator für Robotik und SPS-Automatisierung",
        "pl": "Integrator robotyki i automatyki PLC",
        "cs": "Integrátor robotiky a automatizace PLC",
        "en": "A robotics and PLC automation integrator",
    }),
    ("automation", {
        "de": "Schaltschrankbau und Elektroinstallation für Maschinen",
        "pl": "Budowa szaf sterowniczych i instalacje elektryczne maszyn",
        "cs": "Výroba rozvaděčů a elektroinstalace strojů",
        "en": "Control cabinet building and machine wiring",
    }, {
        "de": "Schaltschrankbauer als Zulieferer",
        "pl": "Dostawca szaf sterowniczych",
        "cs": "Dodavatel rozvaděčů",
        "en": "A control cabinet builder as supplier",
    }),
    ("IT", {
        "de": "Individuelle Software, ERP- und MES-Anbindung für Fertigungsbetriebe",
        "pl": "Oprogramowanie na zamówienie, integracja ERP i MES dla zakładów produkcyjnych",
        "cs": "Software na míru, napojení ERP a MES pro výrobní podniky",
        "en": "Custom software and ERP/MES integration for manufacturers",
    }, {
        "de": "IT-Partner für die Digitalisierung unserer Fertigung (ERP/MES)",
        "pl": "Partner IT do cyfryzacji produkcji (ERP/MES)",
        "cs": "IT partner pro digitalizaci výroby (ERP/MES)",
        "en": "An IT partner to digitalise our production (ERP/MES)",
    }),
    ("IT", {
        "de": "IT-Sicherheit, Netzwerke und Cloud-Betrieb für KMU",
        "pl": "Bezpieczeństwo IT, sieci i usługi chmurowe dla MŚP",
        "cs": "IT bezpečnost, sítě a cloudové služby pro malé a střední firmy",
        "en": "IT security, networks and cloud operations for SMEs",
    }, {
        "de": "Dienstleister für IT-Sicherheit und Netzwerkbetreuung",
        "pl": "Firma do obsługi sieci i bezpieczeństwa IT",
        "cs": "Dodavatel správy sítí a IT bezpečnosti",
        "en": "A provider for IT security and network support",
    }),
    ("energy", {
        "de": "Planung und Montage von Photovoltaikanlagen und Batteriespeichern für Gewerbe",
        "pl": "Projektowanie i montaż instalacji fotowoltaicznych i magazynów energii dla firm",
        "cs": "Návrh a montáž fotovoltaických elektráren a bateriových úložišť pro firmy",
        "en": "Design and installation of commercial solar PV and battery storage",
    }, {
        "de": "Partner für eine Photovoltaikanlage auf unserem Hallendach",
        "pl": "Wykonawca instalacji fotowoltaicznej na dachu hali",
        "cs": "Dodavatel fotovoltaiky na střechu naší haly",
        "en": "A contractor for solar panels on our factory roof",
    }),
    ("energy", {
        "de": "Energieberatung und Energieaudits nach ISO 50001 für Industriebetriebe",
        "pl": "Doradztwo energetyczne i audyty energetyczne dla przemysłu",
        "cs": "Energetické poradenství a audity pro průmysl",
        "en": "Energy consulting and energy audits for industrial plants",
    }, {
        "de": "Energieberater, um unseren Stromverbrauch zu senken",
        "pl": "Doradca energetyczny do obniżenia zużycia energii",
        "cs": "Energetický poradce ke snížení spotřeby energie",
        "en": "An energy consultant to cut our power consumption",
    }),
]

MARKET_SEEKS = {
    "DE": {"de": "Vertriebspartner in Polen und Tschechien", "en": "Sales partners in Poland "
           "and Czechia", "pl": "Partnerzy handlowi w Polsce i Czechach",
           "cs": "Obchodní partneři v Polsku a Česku"},
    "PL": {"de": "Kunden und Vertriebspartner in Sachsen", "en": "Customers and sales partners "
           "in Saxony", "pl": "Klienci i partnerzy handlowi w Saksonii",
           "cs": "Zákazníci a obchodní partneři v Sasku"},
    "CZ": {"de": "Kunden in Sachsen und Polen", "en": "Customers in Saxony and Poland",
           "pl": "Klienci w Saksonii i w Polsce", "cs": "Zákazníci v Sasku a v Polsku"},
}

PLACES = {
    "DE": ("Sachsen", ["Dresden", "Görlitz", "Bautzen", "Zittau", "Chemnitz", "Löbau", "Kamenz",
                       "Hoyerswerda", "Pirna", "Freiberg", "Zwickau", "Niesky", "Plauen"]),
    "PL": ("Dolnośląskie", ["Jelenia Góra", "Zgorzelec", "Bolesławiec", "Lubań", "Wałbrzych",
                            "Legnica", "Wrocław", "Bogatynia", "Kamienna Góra",
                            "Lwówek Śląski"]),
}
CZ_PLACES = {
    "Liberecký kraj": ["Liberec", "Jablonec nad Nisou", "Česká Lípa", "Frýdlant",
                       "Hrádek nad Nisou"],
    "Ústecký kraj": ["Ústí nad Labem", "Děčín", "Teplice", "Chomutov", "Varnsdorf", "Rumburk"],
    "Karlovarský kraj": ["Karlovy Vary", "Cheb", "Sokolov", "Aš"],
}

NAME_ROOTS = {
    "DE": ["Elbtal", "Neißetal", "Spreegrund", "Lausitzer", "Oberlausitzer", "Kammweg",
           "Erzgebirgs", "Talsperren", "Heidebogen", "Mühlgraben", "Sandstein", "Zinnwald",
           "Kottmar", "Rotstein", "Lößnitz", "Hutberg", "Czorneboh", "Landeskrone"],
    "PL": ["Karkonosz", "Izerski", "Bóbr", "Kwisa", "Śnieżka", "Chojnik", "Szrenica",
           "Skalnik", "Rudawy", "Kaczawa", "Ślęża", "Sokolik"],
    "CZ": ["Ještěd", "Jizera", "Nisa", "Bezděz", "Milešovka", "Labská", "Krušnohor", "Ohře",
           "Klínovec", "Slavkov", "Lužické", "Tolštejn"],
}
SECTOR_WORDS = {
    "DE": {"metal processing": ["Metallbearbeitung", "Präzisionsteile", "Oberflächentechnik",
                                "Blechtechnik"],
           "machinery": ["Maschinenbau", "Sondermaschinen"], "automotive": ["Fahrzeugteile",
                                                                           "Autokomponenten"],
           "plastics": ["Kunststofftechnik", "Kunststoffwerk"],
           "electronics": ["Elektronik", "Leiterplattentechnik"],
           "automation": ["Automation", "Steuerungstechnik"], "IT": ["Software", "IT-Service"],
           "energy": ["Energietechnik", "Solartechnik"]},
    "PL": {"metal processing": ["Obróbka Metali", "Metal-Tech", "Powłoki"],
           "machinery": ["Maszyny", "Budowa Maszyn"], "automotive": ["Auto-Części", "Moto"],
           "plastics": ["Tworzywa", "Plast"], "electronics": ["Elektronika", "Elektron"],
           "automation": ["Automatyka", "Robotyka"], "IT": ["Software", "Systemy IT"],
           "energy": ["Energia", "Solar"]},
    "CZ": {"metal processing": ["Kovovýroba", "Strojírna", "Povrchové úpravy"],
           "machinery": ["Stroje", "Strojírenství"], "automotive": ["Autodíly", "Auto Komponenty"],
           "plastics": ["Plasty", "Plastikárna"], "electronics": ["Elektronika", "Elektro"],
           "automation": ["Automatizace", "Robotika"], "IT": ["Software", "IT služby"],
           "energy": ["Energo", "Solární systémy"]},
}
FORMS = {"DE": ["GmbH", "GmbH & Co. KG", "UG"], "PL": ["Sp. z o.o.", "S.A.", "Sp. j."],
         "CZ": ["s.r.o.", "a.s.", "spol. s r.o."]}
HOME_LANGUAGE = {"DE": "de", "PL": "pl", "CZ": "cs"}
CERTIFICATES = {"automotive": "IATF 16949", "metal processing": "EN 1090", "IT": "ISO 27001",
                "energy": "ISO 50001"}
DESCRIPTIONS = {
    "de": "{form_word} mit {n} Mitarbeitenden in {city}, gegründet {year}.",
    "pl": "Firma z {city}, {n} pracowników, założona w {year} r.",
    "cs": "Firma z regionu {region}, {n} zaměstnanců, založena v roce {year}.",
    "en": "Company in {city} with {n} employees, founded in {year}.",
}

# Companies the README's example questions are about; everything else is drawn at random.
FIXED_COMPANIES: list[dict[str, Any]] = [
    {
        "id": "demo-cz-lakovna-jested", "name": "Lakovna Ještěd s.r.o.", "country": "CZ",
        "region": "Liberecký kraj", "city": "Liberec", "languages": ["cs", "de"],
        "sectors": ["metal processing"],
        "offers": "Práškové lakování (Pulverbeschichtung) ocelových a hliníkových dílů a "
                  "konstrukcí do délky 6 m, tryskání, zinkové základy, malé i velké série.",
        "seeks": "Odběratelé ze strojírenství v Sasku a v Polsku.",
        "employees": 48, "founded": 2006, "certifications": ["ISO 9001"],
    },
    {
        "id": "demo-de-lausitzer-cnc", "name": "Lausitzer CNC-Technik GmbH", "country": "DE",
        "region": "Sachsen", "city": "Görlitz", "languages": ["de", "pl"],
        "sectors": ["metal processing", "machinery"],
        "offers": "CNC-Fräsen (5-Achs) und CNC-Drehen von Präzisionsteilen aus Stahl, Edelstahl "
                  "und Aluminium, Prototypen und Kleinserien, Messprotokolle. Wir sprechen "
                  "Polnisch.",
        "seeks": "Pulverbeschichtung für gefräste Stahl- und Aluminiumteile, Zulieferer in "
                 "Grenznähe.",
        "employees": 26, "founded": 1998, "certifications": ["ISO 9001"],
    },
    {
        "id": "demo-de-neisse-verzinkerei", "name": "Neißetal Feuerverzinkerei GmbH",
        "country": "DE", "region": "Sachsen", "city": "Zittau", "languages": ["de"],
        "sectors": ["metal processing"],
        "offers": "Feuerverzinkung von Stahlkonstruktionen, Geländern und Kleinteilen im "
                  "Tauchbad bis 7 m Länge, Korrosionsschutz nach DIN EN ISO 1461.",
        "seeks": "Speditionen für Stahltransporte nach Tschechien und Polen.",
        "employees": 33, "founded": 1994, "certifications": ["ISO 9001", "EN 1090"],
    },
    {
        "id": "demo-pl-karkonosze-automatyka", "name": "Karkonosze Automatyka Sp. z o.o.",
        "country": "PL", "region": "Dolnośląskie", "city": "Jelenia Góra",
        "languages": ["pl", "de", "en"], "sectors": ["automation"],
        "offers": "Automatyzacja linii produkcyjnych, programowanie PLC i robotów, "
                  "uruchomienia maszyn w Polsce i w Niemczech.",
        "seeks": "Partnerzy z Saksonii budujący maszyny specjalne, dla których możemy "
                 "wykonywać automatykę.",
        "employees": 17, "founded": 2011,
    },
]


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower().replace("ł", "l").replace("ß", "ss"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


def _fictional_company(rng: random.Random, number: int, country: str,
                       used_names: set[str]) -> dict[str, Any]:
    if country == "CZ":
        region = rng.choice(sorted(CZ_PLACES))
        city = rng.choice(CZ_PLACES[region])
    else:
        region, cities = PLACES[country]
        city = rng.choice(cities)
    capability = rng.choice(CAPABILITIES)
    sector = capability[0]
    others = [c for c in CAPABILITIES if c[0] != sector]
    sought = rng.choice(others)
    # Text language: the home language mostly, English for about one in five.
    lang = "en" if rng.random() < 0.2 else HOME_LANGUAGE[country]
    while True:
        base = f"{rng.choice(NAME_ROOTS[country])} {rng.choice(SECTOR_WORDS[country][sector])}"
        name = f"{base} {rng.choice(FORMS[country])}"
        if name not in used_names:
            used_names.add(name)
            break
    offers = capability[1][lang]
    second = rng.choice([c for c in CAPABILITIES if c[0] == sector])
    if second is not capability and rng.random() < 0.4:
        offers += ". " + second[1][lang]
    seeks = sought[2][lang]
    if rng.random() < 0.35:
        seeks += ". " + MARKET_SEEKS[country][lang]
    languages = [HOME_LANGUAGE[country]]
    for extra in ("de", "en", "pl", "cs"):
        if extra not in languages and rng.random() < (0.45 if extra in ("de", "en") else 0.2):
            languages.append(extra)
    employees = rng.choice([4, 8, 12, 18, 25, 40, 60, 85, 120, 180, 250])
    year = rng.randint(1990, 2021)
    form_word = "Familienunternehmen" if rng.random() < 0.5 else "Betrieb"
    description = DESCRIPTIONS[lang].format(form_word=form_word, n=employees, city=city,
                                            year=year, region=region)
    certifications = ["ISO 9001"] if rng.random() < 0.55 else []
    if sector in CERTIFICATES and rng.random() < 0.5:
        certifications.append(CERTIFICATES[sector])
    slug = _slug(base)[:40]
    if f"slug:{slug}" in used_names:  # two legal forms of one name need two websites
        slug = f"{slug}-{number}"
    used_names.add(f"slug:{slug}")
    return {
        "id": f"demo-{country.lower()}-{number:03d}", "name": name, "kind": "company",
        "country": country, "region": region, "city": city,
        "website": f"https://{slug}.example.com", "email": f"kontakt@{slug}.example.com",
        "languages": languages, "sectors": [sector], "offers": offers + ".",
        "seeks": seeks + ".", "description": description, "employees": employees,
        "founded": year, "certifications": certifications,
    }


def generate(count: int = 196) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    records = [dict(i, demo=False) for i in INSTITUTIONS]
    used_names = {c["name"] for c in FIXED_COMPANIES}
    for fixed in FIXED_COMPANIES:
        slug = _slug(fixed["name"].rsplit(" ", 1)[0])
        records.append({"kind": "company", "website": f"https://{slug}.example.com",
                        "email": f"info@{slug}.example.com", **fixed, "demo": True})
    countries = ["DE"] * 80 + ["PL"] * 55 + ["CZ"] * 61
    for number, country in enumerate(countries[:count], start=1):
        records.append(_fictional_company(rng, number, country, used_names) | {"demo": True})
    return records


def main() -> None:
    records = generate()
    with OUT.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} organisations to {OUT}")


if __name__ == "__main__":
    main()
