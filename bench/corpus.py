"""Words for generated issues: titles and descriptions in nb, nn and en, per category.

Titles are a subject and a problem ("Ventilasjonen på lesesalen er for dårlig");
descriptions are sentences drawn from the category's bank, from one sentence to a few
thousand characters (a long tail), so that full-text search, similar-issue detection and
the committee's grouping by wording meet realistic text.
"""

from __future__ import annotations

import random

# fmt: off
# category slug -> language -> (subjects, problems)
TITLES: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "physical": {
        "nb": (
            ["Ventilasjonen på lesesalen", "Heisen i hovedbygget", "Stolene i auditoriet",
             "Lyset på grupperommet", "Stikkontaktene i biblioteket", "Temperaturen i lesesalen",
             "Rullestolrampen ved inngangen", "Toalettene i kjelleren", "Kantina", "Sykkelparkeringen"],
            ["er for dårlig", "er ødelagt", "mangler", "virker ikke", "er for kald om morgenen",
             "er stengt i eksamensperioden", "er ikke universelt utformet", "bråker hele dagen"],
        ),
        "nn": (
            ["Ventilasjonen på lesesalen", "Heisen i hovudbygget", "Stolane i auditoriet",
             "Lyset på grupperommet", "Stikkontaktane i biblioteket", "Temperaturen på lesesalen",
             "Rullestolrampa ved inngangen", "Toaletta i kjellaren", "Kantina", "Sykkelparkeringa"],
            ["er for dårleg", "er øydelagd", "manglar", "verkar ikkje", "er for kald om morgonen",
             "er stengd i eksamensperioden", "er ikkje universelt utforma", "bråkar heile dagen"],
        ),
        "en": (
            ["Ventilation in the reading room", "The lift in the main building", "Chairs in the lecture hall",
             "Lighting in the group room", "Power outlets in the library", "The reading room temperature",
             "The wheelchair ramp at the entrance", "Toilets in the basement", "The canteen",
             "Bicycle parking"],
            ["is too poor", "is broken", "is missing", "does not work", "is too cold in the morning",
             "is closed during exams", "is not accessible", "is noisy all day"],
        ),
    },
    "psychosocial": {
        "nb": (
            ["Tonen i kollokviegruppene", "Fadderordningen", "Studiemiljøet på kullet",
             "Inkluderingen av internasjonale studenter", "Stresset før eksamen", "Ensomheten blant førsteårsstudenter"],
            ["er ikke god", "fungerer dårlig", "gjør at mange faller fra", "trenger et tiltak",
             "er blitt verre i år", "tar ikke hensyn til alle"],
        ),
        "nn": (
            ["Tonen i kollokviegruppene", "Fadderordninga", "Studiemiljøet på kullet",
             "Inkluderinga av internasjonale studentar", "Stresset før eksamen", "Einsemda blant førsteårsstudentar"],
            ["er ikkje god", "fungerer dårleg", "gjer at mange fell frå", "treng eit tiltak",
             "har vorte verre i år", "tek ikkje omsyn til alle"],
        ),
        "en": (
            ["The tone in study groups", "The buddy programme", "The class study environment",
             "Inclusion of international students", "Stress before exams", "Loneliness among first-year students"],
            ["is not good", "works poorly", "makes many drop out", "needs a measure",
             "has got worse this year", "does not include everyone"],
        ),
    },
    "organisational": {
        "nb": (
            ["Eksamensplanen", "Timeplanen", "Informasjonen om praksis", "Emneevalueringen",
             "Fristen for innlevering", "Kontakten med studieveileder", "Romreservasjonen"],
            ["kommer for sent", "endres uten varsel", "er vanskelig å finne", "har ingen oppfølging",
             "kolliderer med andre emner", "svarer aldri", "er uoversiktlig"],
        ),
        "nn": (
            ["Eksamensplanen", "Timeplanen", "Informasjonen om praksis", "Emneevalueringa",
             "Fristen for innlevering", "Kontakten med studierettleiar", "Romreservasjonen"],
            ["kjem for seint", "vert endra utan varsel", "er vanskeleg å finne", "har inga oppfølging",
             "kolliderer med andre emne", "svarar aldri", "er uoversiktleg"],
        ),
        "en": (
            ["The exam timetable", "The timetable", "Information about placements", "Course evaluation",
             "The submission deadline", "Contact with the student adviser", "Room booking"],
            ["comes too late", "changes without notice", "is hard to find", "has no follow-up",
             "clashes with other courses", "never answers", "is confusing"],
        ),
    },
    "digital": {
        "nb": (
            ["Wifi i lesesalen", "Eduroam i auditoriet", "Canvas", "Eksamenssystemet",
             "Printeren i biblioteket", "Forelesningsopptakene", "Lisensene til programvaren"],
            ["faller ut", "er treg", "virker ikke på mobil", "mangler for mange emner",
             "krever for mange pålogginger", "er utilgjengelig for skjermleser", "er ute av drift"],
        ),
        "nn": (
            ["Wifi på lesesalen", "Eduroam i auditoriet", "Canvas", "Eksamenssystemet",
             "Skrivaren i biblioteket", "Førelesingsopptaka", "Lisensane til programvara"],
            ["fell ut", "er treg", "verkar ikkje på mobil", "manglar for mange emne",
             "krev for mange pålogginger", "er utilgjengeleg for skjermlesar", "er ute av drift"],
        ),
        "en": (
            ["Wifi in the reading room", "Eduroam in the lecture hall", "Canvas", "The exam system",
             "The library printer", "Lecture recordings", "Software licences"],
            ["keeps dropping", "is slow", "does not work on phones", "are missing for many courses",
             "needs too many log-ins", "is not accessible with a screen reader", "is out of order"],
        ),
    },
    "pedagogical": {
        "nb": (
            ["Tilbakemeldingene på innleveringer", "Forelesningene i matematikk", "Veiledningen på masteroppgaven",
             "Vurderingsformen i emnet", "Pensumlisten", "Labøvingene"],
            ["kommer for sent", "er for generelle", "passer ikke med eksamen", "er for få",
             "er ikke oppdatert", "mangler sammenheng"],
        ),
        "nn": (
            ["Tilbakemeldingane på innleveringar", "Førelesingane i matematikk", "Rettleiinga på masteroppgåva",
             "Vurderingsforma i emnet", "Pensumlista", "Laboratorieøvingane"],
            ["kjem for seint", "er for generelle", "passar ikkje med eksamen", "er for få",
             "er ikkje oppdaterte", "manglar samanheng"],
        ),
        "en": (
            ["Feedback on assignments", "Mathematics lectures", "Master's thesis supervision",
             "The course's assessment form", "The reading list", "Lab exercises"],
            ["comes too late", "is too general", "does not match the exam", "are too few",
             "is out of date", "lacks coherence"],
        ),
    },
}

SENTENCES: dict[str, list[str]] = {
    "nb": [
        "Dette har vart i flere uker, og mange på kullet merker det.",
        "Vi har sagt fra til instituttet, men ingenting har skjedd.",
        "Det går ut over konsentrasjonen, særlig i eksamensperioden.",
        "Flere av oss må reise hjem for å få jobbet, og da mister vi gruppearbeidet.",
        "Det er verst om morgenen mellom klokka åtte og ti.",
        "Studenter med funksjonsnedsettelser rammes hardest.",
        "Vi foreslår at noen ser på det før neste semester.",
        "Det burde være en enkel sak å rette opp.",
        "På andre campus fungerer dette mye bedre, så det går an å få til.",
        "Mange internasjonale studenter forstår ikke informasjonen som gis.",
        "Vi har tatt det opp i referansegruppen uten at det har blitt bedre.",
        "Når det skjer midt i en forelesning, mister vi mye av innholdet.",
        "Jeg har snakket med flere som opplever det samme.",
        "Det er ikke første gang, det samme skjedde i fjor høst.",
        "Det hadde hjulpet mye om det ble gitt beskjed i god tid.",
    ],
    "nn": [
        "Dette har vart i fleire veker, og mange på kullet merkar det.",
        "Vi har sagt frå til instituttet, men ingenting har skjedd.",
        "Det går ut over konsentrasjonen, særleg i eksamensperioden.",
        "Fleire av oss må reise heim for å få jobba, og då mistar vi gruppearbeidet.",
        "Det er verst om morgonen mellom klokka åtte og ti.",
        "Studentar med funksjonsnedsetjingar vert ramma hardast.",
        "Vi føreslår at nokon ser på det før neste semester.",
        "Det burde vere ei enkel sak å rette opp.",
        "På andre campus fungerer dette mykje betre, så det går an å få til.",
        "Mange internasjonale studentar forstår ikkje informasjonen som vert gitt.",
        "Vi har teke det opp i referansegruppa utan at det har vorte betre.",
        "Når det skjer midt i ei førelesing, mistar vi mykje av innhaldet.",
        "Eg har snakka med fleire som opplever det same.",
        "Det er ikkje første gong, det same skjedde i fjor haust.",
        "Det hadde hjelpt mykje om det vart gitt beskjed i god tid.",
    ],
    "en": [
        "This has gone on for several weeks, and many in our class notice it.",
        "We told the department, but nothing has happened.",
        "It affects our concentration, especially during the exam period.",
        "Several of us have to go home to get work done, and then we miss the group work.",
        "It is worst in the morning between eight and ten.",
        "Students with disabilities are hit hardest.",
        "We suggest that someone looks at it before next semester.",
        "It should be an easy thing to fix.",
        "On other campuses this works much better, so it can be done.",
        "Many international students do not understand the information given.",
        "We raised it in the reference group, but it has not improved.",
        "When it happens in the middle of a lecture we miss a lot of the content.",
        "I have talked to several others who experience the same.",
        "It is not the first time, the same happened last autumn.",
        "It would help a lot to be told in good time.",
    ],
}
# fmt: on

NOTES = {
    "ask": {
        "nb": "Kan du si litt mer om når dette skjer, og hvor?",
        "nn": "Kan du seie litt meir om når dette skjer, og kvar?",
        "en": "Could you tell us a bit more about when and where this happens?",
    },
    "answer": {
        "nb": "Det skjer nesten hver dag, mest i første etasje.",
        "nn": "Det skjer nesten kvar dag, mest i første etasje.",
        "en": "It happens almost every day, mostly on the ground floor.",
    },
    "reject": "Dette gjelder en enkeltperson og hører hjemme hos studentombudet.",
    "resolve": "Driftsavdelingen har rettet feilen, og vi har sjekket at det virker nå.",
    "escalate": "Saken gjelder flere campus og må avgjøres sentralt.",
    "accept": "Takk, vi følger opp saken med fakultetet.",
    "note": "Vi har hatt møte med seksjonen, og de ser på saken.",
    "internal": "Ringte driftssjefen, venter svar innen fredag.",
    "decision": "Utvalget ber ledelsen sette av midler til tiltaket i neste års budsjett og melde tilbake "
    "innen utgangen av semesteret.",
}

# fmt: off
FIRST_NAMES = ["Kari", "Ola", "Ingrid", "Jonas", "Sigrid", "Emil", "Nora", "Lars", "Maja", "Henrik",
               "Astrid", "Magnus", "Sofie", "Eirik", "Alex", "Fatima", "Ali", "Mei", "Lukas", "Sara"]
LAST_NAMES = ["Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen", "Bakken",
              "Lund", "Strand", "Moen", "Dahl", "Solberg", "Kristiansen", "Nguyen", "Ahmed"]
# fmt: on


def title(rng: random.Random, category: str, language: str) -> str:
    subjects, problems = TITLES[category][language]
    return f"{rng.choice(subjects)} {rng.choice(problems)}"


def description(rng: random.Random, category: str, language: str, subject_line: str) -> str:
    """One to ~60 sentences: most a few lines, a long tail up to the 5,000-character limit."""
    count = min(int(rng.lognormvariate(1.3, 0.9)) + 1, 60)
    sentences = [subject_line + "."] + [rng.choice(SENTENCES[language]) for _ in range(count)]
    return " ".join(sentences)[:5000]


def name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
