"""The five learning-environment categories of DESIGN.md, in nb, nn and en."""

CATEGORIES = [
    {
        "slug": "physical",
        "name_nb": "Fysisk læringsmiljø",
        "name_nn": "Fysisk læringsmiljø",
        "name_en": "Physical learning environment",
        "description_nb": "Bygninger, lokaler, inneklima, lesesaler og universell utforming.",
        "description_nn": "Bygningar, lokale, inneklima, lesesalar og universell utforming.",
        "description_en": "Buildings, rooms, indoor climate, reading rooms and universal design.",
    },
    {
        "slug": "psychosocial",
        "name_nb": "Psykososialt læringsmiljø",
        "name_nn": "Psykososialt læringsmiljø",
        "name_en": "Psychosocial learning environment",
        "description_nb": "Trivsel, relasjoner, inkludering og studiemiljø. Ikke saker mot enkeltpersoner.",
        "description_nn": "Trivsel, relasjonar, inkludering og studiemiljø. Ikkje saker mot enkeltpersonar.",
        "description_en": "Well-being, relations, inclusion and study environment. Not cases against individuals.",
    },
    {
        "slug": "organisational",
        "name_nb": "Organisatorisk læringsmiljø",
        "name_nn": "Organisatorisk læringsmiljø",
        "name_en": "Organisational learning environment",
        "description_nb": "Informasjon, timeplaner og ordninger for tilbakemelding og medvirkning.",
        "description_nn": "Informasjon, timeplanar og ordningar for tilbakemelding og medverknad.",
        "description_en": "Information, timetables, and the systems for feedback and student participation.",
    },
    {
        "slug": "digital",
        "name_nb": "Digitalt læringsmiljø",
        "name_nn": "Digitalt læringsmiljø",
        "name_en": "Digital learning environment",
        "description_nb": "Læringsplattformer, programvare, nettverk og digitale verktøy i undervisningen.",
        "description_nn": "Læringsplattformer, programvare, nettverk og digitale verktøy i undervisninga.",
        "description_en": "Learning platforms, software, networks and digital tools in teaching.",
    },
    {
        "slug": "pedagogical",
        "name_nb": "Pedagogisk læringsmiljø",
        "name_nn": "Pedagogisk læringsmiljø",
        "name_en": "Pedagogical learning environment",
        "description_nb": "Undervisningens form og innhold, veiledning, vurdering og eksamen.",
        "description_nn": "Forma og innhaldet i undervisninga, rettleiing, vurdering og eksamen.",
        "description_en": "The form and content of teaching, supervision, assessment and exams.",
    },
]
