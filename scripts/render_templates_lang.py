"""Per-language values for scripts/render_templates.py: the words a person of that language fills
into a datenanfragen letter (field names, data to erase or correct, dates, subjects) and the people
who send it. Written for this project; nothing here is taken from the templates.
"""

from __future__ import annotations

from datetime import date

# Field names as a person types them in the generator's "identify me" fields (RequestLetter.formatData
# prints "<desc>: <value>"): name, address, email, date of birth, customer number.
FIELDS = {
    "cs": ("Jméno", "Adresa", "E-mail", "Datum narození", "Zákaznické číslo"),
    "de": ("Name", "Adresse", "E-Mail", "Geburtsdatum", "Kundennummer"),
    "el": ("Όνομα", "Διεύθυνση", "Email", "Ημερομηνία γέννησης", "Αριθμός πελάτη"),
    "en": ("Name", "Address", "Email", "Date of birth", "Customer number"),
    "es": ("Nombre", "Dirección", "Correo electrónico", "Fecha de nacimiento", "Número de cliente"),
    "fr": ("Nom", "Adresse", "E-mail", "Date de naissance", "Numéro de client"),
    "hr": ("Ime", "Adresa", "E-pošta", "Datum rođenja", "Broj korisnika"),
    "it": ("Nome", "Indirizzo", "E-mail", "Data di nascita", "Numero cliente"),
    "nl": ("Naam", "Adres", "E-mail", "Geboortedatum", "Klantnummer"),
    "pt": ("Nome", "Morada", "E-mail", "Data de nascimento", "Número de cliente"),
    "ro": ("Nume", "Adresă", "E-mail", "Data nașterii", "Număr de client"),
    "sv": ("Namn", "Adress", "E-post", "Födelsedatum", "Kundnummer"),
}

# The generator's information block above the letter: "My reference: 2026-ABC1234", "Date: 2026-03-01".
INFO_BLOCK = {
    "cs": ("Moje značka", "Datum"),
    "de": ("Mein Zeichen", "Datum"),
    "el": ("Αριθμός αναφοράς", "Ημερομηνία"),
    "en": ("My reference", "Date"),
    "es": ("Mi referencia", "Fecha"),
    "fr": ("Ma référence", "Date"),
    "hr": ("Moja oznaka", "Datum"),
    "it": ("Mio riferimento", "Data"),
    "nl": ("Mijn referentie", "Datum"),
    "pt": ("A minha referência", "Data"),
    "ro": ("Referința mea", "Data"),
    "sv": ("Min referens", "Datum"),
}

# Rectification fields: new address, correct name, new email address.
RECTIFY = {
    "cs": ("Nová adresa", "Správné jméno", "Nová e-mailová adresa"),
    "de": ("Neue Anschrift", "Richtiger Name", "Neue E-Mail-Adresse"),
    "el": ("Νέα διεύθυνση", "Σωστό όνομα", "Νέα διεύθυνση email"),
    "en": ("New address", "Correct name", "New email address"),
    "es": ("Nueva dirección", "Nombre correcto", "Nueva dirección de correo electrónico"),
    "fr": ("Nouvelle adresse", "Nom correct", "Nouvelle adresse e-mail"),
    "hr": ("Nova adresa", "Ispravno ime", "Nova adresa e-pošte"),
    "it": ("Nuovo indirizzo", "Nome corretto", "Nuovo indirizzo e-mail"),
    "nl": ("Nieuw adres", "Juiste naam", "Nieuw e-mailadres"),
    "pt": ("Nova morada", "Nome correto", "Novo endereço de e-mail"),
    "ro": ("Adresă nouă", "Nume corect", "Adresă de e-mail nouă"),
    "sv": ("Ny adress", "Korrekt namn", "Ny e-postadress"),
}

# What to erase when the person does not ask for everything ({erasure_data}).
ERASURE_DATA = {
    "cs": ("můj zákaznický účet a historii mých objednávek", "mé telefonní číslo a adresu bydliště"),
    "de": ("mein Kundenkonto und meine Bestellhistorie", "meine Telefonnummer und meine Wohnanschrift"),
    "el": ("τον λογαριασμό πελάτη μου και το ιστορικό των παραγγελιών μου", "τον αριθμό τηλεφώνου μου και τη διεύθυνση κατοικίας μου"),
    "en": ("my customer account and my order history", "my telephone number and my home address"),
    "es": ("mi cuenta de cliente y mi historial de pedidos", "mi número de teléfono y mi dirección postal"),
    "fr": ("mon compte client et mon historique de commandes", "mon numéro de téléphone et mon adresse postale"),
    "hr": ("moj korisnički račun i povijest mojih narudžbi", "moj broj telefona i kućnu adresu"),
    "it": ("il mio account cliente e lo storico dei miei ordini", "il mio numero di telefono e il mio indirizzo di residenza"),
    "nl": ("mijn klantaccount en mijn bestelgeschiedenis", "mijn telefoonnummer en mijn woonadres"),
    "pt": ("a minha conta de cliente e o meu histórico de encomendas", "o meu número de telefone e a minha morada"),
}

# A reason for the Art. 21(1) objection inside the erasure letter ({objection_reason}).
OBJECTION_REASON = {
    "cs": "Nikdy jsem nebyl Vaším zákazníkem a s použitím svých údajů jsem nesouhlasil.",
    "de": "Ich war nie Ihr Kunde und habe der Nutzung meiner Daten nie zugestimmt.",
    "el": "Δεν υπήρξα ποτέ πελάτης σας και δεν συναίνεσα ποτέ στη χρήση των δεδομένων μου.",
    "en": "I have never been a customer of yours and never agreed to the use of my data.",
    "es": "Nunca he sido cliente suyo y nunca he consentido el uso de mis datos.",
    "fr": "Je n'ai jamais été votre client et je n'ai jamais consenti à l'utilisation de mes données.",
    "hr": "Nikada nisam bio vaš korisnik i nikada nisam pristao na korištenje svojih podataka.",
    "it": "Non sono mai stato vostro cliente e non ho mai acconsentito all'uso dei miei dati.",
    "nl": "Ik ben nooit klant bij u geweest en heb nooit toestemming gegeven voor het gebruik van mijn gegevens.",
    "pt": "Nunca fui vosso cliente e nunca consenti a utilização dos meus dados.",
}

# The complaint's "{description of the offences ...}" (the template puts a full stop after it).
COMPLAINT_DESC = {
    "cs": "Přes mou urgenci ze dne {reminder_date} správce na mou žádost dodnes neodpověděl",
    "de": "Trotz meiner Mahnung vom {reminder_date} hat der Verantwortliche meine Anfrage bis heute nicht beantwortet",
    "el": "Παρά την υπενθύμισή μου στις {reminder_date}, ο υπεύθυνος επεξεργασίας δεν έχει απαντήσει μέχρι σήμερα στο αίτημά μου",
    "en": "Despite my reminder of {reminder_date}, the controller has not answered my request to this day",
    "es": "A pesar de mi recordatorio del {reminder_date}, el responsable no ha contestado a mi petición hasta hoy",
    "fr": "Malgré ma relance du {reminder_date}, le responsable du traitement n'a toujours pas répondu à ma demande",
    "hr": "Unatoč mojoj opomeni od {reminder_date} voditelj obrade do danas nije odgovorio na moj zahtjev",
    "it": "Nonostante il mio sollecito del {reminder_date}, il titolare del trattamento non ha ancora risposto alla mia richiesta",
    "nl": "Ondanks mijn herinnering van {reminder_date} heeft de verantwoordelijke tot op heden niet op mijn verzoek gereageerd",
    "pt": "Apesar do meu lembrete de {reminder_date}, o responsável ainda não respondeu à minha solicitação",
    "sv": "Trots min påminnelse den {reminder_date} har den personuppgiftsansvarige fortfarande inte besvarat min begäran",
}

# The complaint's "{how to reach you}", fitted to the words before it in each template.
CONTACT = {
    "cs": "e-mailu {email}",
    "de": "per E-Mail unter {email}",
    "el": "στο email {email}",
    "en": "by email at {email}",
    "es": "{email}",
    "fr": "par e-mail à l'adresse {email}",
    "hr": "e-pošte {email}",
    "it": "via e-mail all'indirizzo {email}",
    "nl": "e-mail ({email})",
    "pt": "pelo e-mail {email}",
    "sv": "{email}",
}

FINLAND = {"cs": "Finsko", "de": "Finnland", "el": "Φινλανδία", "en": "Finland", "es": "Finlandia", "fr": "Finlande",
           "hr": "Finska", "it": "Finlandia", "nl": "Finland", "pt": "Finlândia", "ro": "Finlanda", "sv": "Finland"}

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def fmt_date(lang: str, d: date) -> str:
    """A date as a person of that language writes it in a letter."""
    if lang == "en":
        return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"
    if lang == "cs":
        return f"{d.day}. {d.month}. {d.year}"
    if lang == "hr":
        return f"{d.day}. {d.month}. {d.year}."
    if lang in ("de", "ro"):
        return d.strftime("%d.%m.%Y")
    if lang == "nl":
        return d.strftime("%d-%m-%Y")
    if lang == "sv":
        return d.isoformat()
    return d.strftime("%d/%m/%Y")  # el es fr it pt


# Senders: (display name, local part of the address). Domains are example.* only.
PEOPLE = {
    "cs": [("Jana Nováková", "jana.novakova"), ("Petr Dvořák", "petr.dvorak"), ("Lucie Černá", "lucie.cerna"),
           ("Tomáš Procházka", "t.prochazka"), ("Kateřina Veselá", "katka.vesela"), ("Martin Kučera", "mkucera")],
    "de": [("Jürgen Müller", "juergen.mueller"), ("Anke Schäfer", "a.schaefer"), ("Katharina Weiß", "k.weiss"),
           ("Tobias Becker", "tobias.becker"), ("Lea Hoffmann", "lea.hoffmann"), ("Stefan Krüger", "stefan.krueger")],
    "el": [("Γιώργος Παπαδόπουλος", "g.papadopoulos"), ("Μαρία Κωνσταντίνου", "maria.konstantinou"),
           ("Νίκος Γεωργίου", "nikos.georgiou"), ("Ελένη Δημητρίου", "eleni.dimitriou"), ("Κώστας Αλεξίου", "kalexiou")],
    "en": [("Rachel Green", "rachel.green"), ("Tom O'Neill", "tom.oneill"), ("Priya Shah", "priya.shah"),
           ("Daniel Hughes", "dhughes"), ("Emily Clarke", "emily.clarke"), ("James Whitfield", "j.whitfield")],
    "es": [("José Fernández", "jose.fernandez"), ("Begoña Ruiz", "b.ruiz"), ("Lucía Martínez", "lucia.martinez"),
           ("Javier Gómez", "javigomez"), ("Carmen Navarro", "carmen.navarro"), ("Pablo Sánchez", "p.sanchez")],
    "fr": [("Hélène Dubois", "helene.dubois"), ("François Petit", "f.petit"), ("Camille Laurent", "camille.laurent"),
           ("Julien Moreau", "jmoreau"), ("Élodie Garnier", "elodie.garnier"), ("Nicolas Lefèvre", "nicolas.lefevre")],
    "hr": [("Ivana Horvat", "ivana.horvat"), ("Marko Kovačević", "marko.kovacevic"), ("Ana Babić", "ana.babic"),
           ("Luka Marić", "lmaric"), ("Petra Jurić", "petra.juric"), ("Tomislav Novak", "t.novak")],
    "it": [("Giulia Rossi", "giulia.rossi"), ("Marco Bianchi", "m.bianchi"), ("Francesca Romano", "francesca.romano"),
           ("Luca Ferrari", "lucaferrari"), ("Chiara Esposito", "chiara.esposito"), ("Alessandro Ricci", "a.ricci")],
    "nl": [("Sanne de Vries", "sanne.devries"), ("Daan Jansen", "daan.jansen"), ("Lotte van den Berg", "lotte.vdberg"),
           ("Bram Visser", "bvisser"), ("Fleur Bakker", "fleur.bakker"), ("Joris Smit", "j.smit")],
    "pt": [("João Silva", "joao.silva"), ("Ana Ferreira", "ana.ferreira"), ("Rui Costa", "rui.costa"),
           ("Inês Martins", "ines.martins"), ("Tiago Oliveira", "toliveira"), ("Mariana Sousa", "mariana.sousa")],
    "ro": [("Andrei Popescu", "andrei.popescu"), ("Elena Ionescu", "elena.ionescu"), ("Mihai Dumitru", "m.dumitru"),
           ("Ioana Stan", "ioana.stan")],
    "sv": [("Åsa Lindström", "asa.lindstrom"), ("Göran Berg", "goran.berg"), ("Karin Nilsson", "karin.nilsson"),
           ("Erik Johansson", "ejohansson"), ("Maja Svensson", "maja.svensson"), ("Oskar Lund", "o.lund")],
}

DOMAINS = {
    "cs": ["example.cz", "example.com"], "de": ["example.de", "example.org"], "el": ["example.gr", "example.com"],
    "en": ["example.co.uk", "example.com", "example.ie"], "es": ["example.es", "example.com"],
    "fr": ["example.fr", "example.net"], "hr": ["example.hr", "example.com"], "it": ["example.it", "example.net"],
    "nl": ["example.nl", "example.org"], "pt": ["example.pt", "example.com"], "ro": ["example.ro", "example.com"],
    "sv": ["example.se", "example.org"],
}

# (street, postcode and place, country)
ADDRESSES = {
    "cs": [("Vinohradská 12", "120 00 Praha 2", "Česká republika"), ("Masarykova 5", "602 00 Brno", "Česká republika"),
           ("Dlouhá 34", "779 00 Olomouc", "Česká republika")],
    "de": [("Lindenstraße 12", "10969 Berlin", "Deutschland"), ("Am Wiesengrund 3", "80331 München", "Deutschland"),
           ("Hauptstraße 45a", "50667 Köln", "Deutschland")],
    "el": [("Ερμού 25", "105 63 Αθήνα", "Ελλάδα"), ("Λεωφόρος Νίκης 8", "546 24 Θεσσαλονίκη", "Ελλάδα"),
           ("Κορίνθου 112", "262 23 Πάτρα", "Ελλάδα")],
    "en": [("14 Elm Road", "Leeds LS6 2AB", "United Kingdom"), ("7 Harbour Street", "Dublin D02 X285", "Ireland"),
           ("221 Mill Lane", "Bristol BS3 4QT", "United Kingdom")],
    "es": [("Calle Mayor 14, 3º B", "28013 Madrid", "España"), ("Carrer de Provença 210", "08036 Barcelona", "España"),
           ("Avenida de la Constitución 9", "41004 Sevilla", "España")],
    "fr": [("12 rue des Lilas", "75019 Paris", "France"), ("5 avenue Jean Jaurès", "69007 Lyon", "France"),
           ("18 boulevard Carnot", "31000 Toulouse", "France")],
    "hr": [("Ilica 45", "10000 Zagreb", "Hrvatska"), ("Ulica Domovinskog rata 12", "21000 Split", "Hrvatska"),
           ("Korzo 7", "51000 Rijeka", "Hrvatska")],
    "it": [("Via Roma 21", "20121 Milano", "Italia"), ("Corso Vittorio Emanuele 88", "80121 Napoli", "Italia"),
           ("Via Garibaldi 4", "10122 Torino", "Italia")],
    "nl": [("Prinsengracht 112", "1015 EA Amsterdam", "Nederland"), ("Oudegracht 45", "3511 AB Utrecht", "Nederland"),
           ("Witte de Withstraat 30", "3012 BP Rotterdam", "Nederland")],
    "pt": [("Rua Augusta 120, 2.º Esq.", "1100-053 Lisboa", "Portugal"), ("Avenida da Boavista 500", "4100-111 Porto", "Portugal"),
           ("Rua Ferreira Borges 33", "3000-180 Coimbra", "Portugal")],
    "ro": [("Strada Victoriei 15", "010061 București", "România"), ("Strada Memorandumului 7", "400114 Cluj-Napoca", "România"),
           ("Bulevardul Independenței 20", "700102 Iași", "România")],
    "sv": [("Storgatan 12", "111 51 Stockholm", "Sverige"), ("Kungsgatan 4", "411 19 Göteborg", "Sverige"),
           ("Västra Hamngatan 9", "211 22 Malmö", "Sverige")],
}

# Subjects a person would write, per kind of letter; {request_date} is the earlier request's date.
# A subject naming the law (DSGVO, RGPD ...) is only used when the template cites that law.
SUBJECTS = {
    "cs": {
        "access": ["Žádost o přístup k osobním údajům podle čl. 15 GDPR", "Žádost o informace o zpracování osobních údajů", "Přístup k mým osobním údajům"],
        "erasure": ["Žádost o výmaz osobních údajů podle čl. 17 GDPR", "Výmaz mých osobních údajů", "Žádost o výmaz"],
        "rectification": ["Žádost o opravu osobních údajů podle čl. 16 GDPR", "Oprava mých osobních údajů", "Žádost o opravu údajů"],
        "objection": ["Námitka proti zpracování pro účely přímého marketingu (čl. 21 odst. 2 GDPR)", "Námitka proti přímému marketingu", "Nesouhlas se zasíláním reklamy"],
        "admonition": ["Urgence: moje žádost ze dne {request_date}", "Připomínka mé žádosti ze dne {request_date}", "Urgence žádosti podle GDPR"],
        "complaint": ["Stížnost podle čl. 77 GDPR", "Stížnost", "Stížnost na Xcure Oy"],
    },
    "de": {
        "access": ["Anfrage nach Art. 15 DSGVO", "Auskunftsersuchen", "Auskunft über meine gespeicherten Daten"],
        "erasure": ["Antrag auf Löschung nach Art. 17 DSGVO", "Löschung meiner Daten", "Löschantrag"],
        "rectification": ["Antrag auf Berichtigung nach Art. 16 DSGVO", "Berichtigung meiner Daten", "Korrektur meiner persönlichen Daten"],
        "objection": ["Widerspruch gegen Direktwerbung nach Art. 21 Abs. 2 DSGVO", "Widerspruch gegen Werbung", "Widerspruch Direktwerbung"],
        "admonition": ["Mahnung: meine Anfrage vom {request_date}", "Erinnerung an meine Anfrage vom {request_date}", "Mahnung"],
        "complaint": ["Beschwerde nach Art. 77 DSGVO", "Beschwerde", "Datenschutzbeschwerde gegen Xcure Oy"],
    },
    "el": {
        "access": ["Αίτημα πρόσβασης σε προσωπικά δεδομένα σύμφωνα με το άρθρο 15 του GDPR", "Αίτημα πρόσβασης", "Πρόσβαση στα προσωπικά μου δεδομένα"],
        "erasure": ["Αίτημα διαγραφής προσωπικών δεδομένων σύμφωνα με το άρθρο 17 του GDPR", "Διαγραφή των δεδομένων μου", "Αίτημα διαγραφής"],
        "rectification": ["Αίτημα διόρθωσης προσωπικών δεδομένων σύμφωνα με το άρθρο 16 του GDPR", "Διόρθωση των στοιχείων μου", "Αίτημα διόρθωσης"],
        "admonition": ["Υπενθύμιση: το αίτημά μου της {request_date}", "Υπενθύμιση αιτήματος", "Δεύτερη υπενθύμιση – αίτημα GDPR"],
        "complaint": ["Καταγγελία σύμφωνα με το άρθρο 77 του GDPR", "Καταγγελία", "Καταγγελία κατά της Xcure Oy"],
    },
    "en": {
        "access": ["Request for access to personal data according to Art. 15 GDPR", "Subject access request", "Data access request (GDPR Art. 15)"],
        "erasure": ["Request for erasure of personal data according to Art. 17 GDPR", "Please delete my personal data", "Erasure request"],
        "rectification": ["Request for rectification of personal data according to Art. 16 GDPR", "Correction of my personal data", "Rectification request"],
        "objection": ["Objection to processing for direct marketing (Art. 21(2) GDPR)", "Objection to direct marketing", "Objection to the use of my data for advertising"],
        "admonition": ["Reminder: my request of {request_date}", "Second request - GDPR request of {request_date}", "No reply to my GDPR request"],
        "complaint": ["Complaint according to Art. 77 GDPR", "Complaint about Xcure Oy", "GDPR complaint"],
    },
    "es": {
        "access": ["Solicitud de acceso a datos personales según el artículo 15 del RGPD", "Derecho de acceso", "Solicitud de acceso a mis datos"],
        "erasure": ["Solicitud de supresión de datos personales según el artículo 17 del RGPD", "Borrado de mis datos personales", "Derecho de supresión"],
        "rectification": ["Solicitud de rectificación según el artículo 16 del RGPD", "Rectificación de mis datos", "Corrección de datos personales"],
        "objection": ["Oposición al tratamiento con fines de marketing directo (art. 21.2 RGPD)", "Oposición a la publicidad", "Derecho de oposición - marketing directo"],
        "admonition": ["Recordatorio: mi solicitud del {request_date}", "Segunda solicitud", "Sin respuesta a mi solicitud del {request_date}"],
        "complaint": ["Reclamación según el artículo 77 del RGPD", "Reclamación", "Reclamación contra Xcure Oy"],
    },
    "fr": {
        "access": ["Demande d'accès aux données personnelles (article 15 du RGPD)", "Demande de droit d'accès", "Accès à mes données personnelles"],
        "erasure": ["Demande d'effacement de données personnelles (article 17 du RGPD)", "Suppression de mes données", "Demande de suppression"],
        "rectification": ["Demande de rectification (article 16 du RGPD)", "Rectification de mes données personnelles", "Correction de mes coordonnées"],
        "objection": ["Opposition au traitement à des fins de prospection (article 21 du RGPD)", "Opposition à la prospection commerciale", "Droit d'opposition"],
        "admonition": ["Relance : ma demande du {request_date}", "Relance - demande RGPD", "Deuxième relance"],
        "complaint": ["Plainte (article 77 du RGPD)", "Plainte", "Plainte contre Xcure Oy"],
    },
    "hr": {
        "access": ["Zahtjev za pristup osobnim podacima (članak 15. GDPR-a)", "Zahtjev za pristup podacima", "Pristup mojim osobnim podacima"],
        "erasure": ["Zahtjev za brisanje osobnih podataka (članak 17. GDPR-a)", "Brisanje mojih podataka", "Zahtjev za brisanje"],
        "rectification": ["Zahtjev za ispravak osobnih podataka (članak 16. GDPR-a)", "Ispravak mojih podataka", "Zahtjev za ispravak"],
        "objection": ["Prigovor na obradu za potrebe izravnog marketinga (članak 21. GDPR-a)", "Prigovor na izravni marketing", "Prigovor - marketing"],
        "admonition": ["Opomena: moj zahtjev od {request_date}", "Podsjetnik na moj zahtjev", "Opomena"],
        "complaint": ["Pritužba u skladu s člankom 77. GDPR-a", "Pritužba", "Pritužba protiv Xcure Oy"],
    },
    "it": {
        "access": ["Richiesta di accesso ai dati personali ai sensi dell'art. 15 GDPR", "Richiesta di accesso", "Accesso ai miei dati personali"],
        "erasure": ["Richiesta di cancellazione dei dati personali ai sensi dell'art. 17 GDPR", "Cancellazione dei miei dati", "Diritto all'oblio"],
        "rectification": ["Richiesta di rettifica ai sensi dell'art. 16 GDPR", "Rettifica dei miei dati", "Correzione dati personali"],
        "objection": ["Opposizione al trattamento per marketing diretto (art. 21 GDPR)", "Opposizione al marketing diretto", "Opposizione all'uso dei miei dati per pubblicità"],
        "admonition": ["Sollecito: la mia richiesta del {request_date}", "Sollecito richiesta GDPR", "Secondo sollecito"],
        "complaint": ["Reclamo ai sensi dell'art. 77 GDPR", "Reclamo", "Reclamo contro Xcure Oy"],
    },
    "nl": {
        "access": ["Verzoek om inzage op grond van artikel 15 AVG", "Inzageverzoek", "Inzage in mijn persoonsgegevens"],
        "erasure": ["Verzoek om verwijdering op grond van artikel 17 AVG", "Verwijder mijn gegevens", "Verwijderingsverzoek"],
        "rectification": ["Verzoek om rectificatie op grond van artikel 16 AVG", "Correctie van mijn gegevens", "Rectificatieverzoek"],
        "objection": ["Bezwaar tegen direct marketing (artikel 21 lid 2 AVG)", "Bezwaar tegen direct marketing", "Bezwaar tegen gebruik van mijn gegevens voor reclame"],
        "admonition": ["Herinnering: mijn verzoek van {request_date}", "Tweede verzoek", "Herinnering AVG-verzoek"],
        "complaint": ["Klacht op grond van artikel 77 AVG", "Klacht", "Klacht over Xcure Oy"],
    },
    "pt": {
        "access": ["Pedido de acesso a dados pessoais nos termos do artigo 15.º do RGPD", "Direito de acesso", "Acesso aos meus dados pessoais"],
        "erasure": ["Pedido de apagamento de dados pessoais nos termos do artigo 17.º do RGPD", "Eliminação dos meus dados", "Direito ao apagamento"],
        "rectification": ["Pedido de retificação nos termos do artigo 16.º do RGPD", "Retificação dos meus dados", "Correção de dados pessoais"],
        "admonition": ["Lembrete: o meu pedido de {request_date}", "Segundo pedido", "Pedido RGPD sem resposta"],
        "complaint": ["Queixa nos termos do artigo 77.º do RGPD", "Queixa", "Queixa contra a Xcure Oy"],
    },
    "ro": {
        "access": ["Cerere de acces la datele cu caracter personal conform art. 15 din RGPD", "Cerere de acces la date", "Acces la datele mele personale"],
    },
    "sv": {
        "rectification": ["Begäran om rättelse enligt artikel 16 GDPR", "Rättelse av mina personuppgifter", "Ändring av mina uppgifter"],
        "admonition": ["Påminnelse: min begäran från {request_date}", "Påminnelse om min begäran", "Inget svar på min begäran"],
        "complaint": ["Klagomål enligt artikel 77 GDPR", "Klagomål", "Klagomål mot Xcure Oy"],
    },
}

# Law names a subject may cite; such a subject is used only if the template cites the same law.
LAW_WORDS = ("GDPR", "DSGVO", "RGPD", "AVG")

# Time zone offset (hours, in summer time) of each language's senders, for the Date header.
UTC_OFFSET = {"cs": 2, "de": 2, "el": 3, "en": 1, "es": 2, "fr": 2, "hr": 2, "it": 2, "nl": 2, "pt": 1, "ro": 3, "sv": 2}
