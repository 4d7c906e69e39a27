"""Write data/train/generated.jsonl: labelled training messages composed from phrase banks.

Each message = greeting + optional context + one or more request sentences (or a non-request
body) + optional closing/name/disclaimer, in the language of its phrases, with realistic noise
(dropped diacritics, lower case, typos, one-word replies). Seeded: the same file every run.
The dev set (data/dev/) is written separately with different phrasing and is never read here.

    python scripts/gen_train.py
"""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "train" / "generated.jsonl"


def fold(c: str) -> str:
    return "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x)).replace("ß", "ss")

GREET = {
    "fi": ["Hei,", "Hei!", "Moi,", "Hyvä vastaanottaja,", "Hyvää päivää,", "Terve,", "Hei Xcure,", ""],
    "sv": ["Hej,", "Hej!", "Hejsan,", "Bästa mottagare,", "God dag,", "Hej Xcure,", ""],
    "en": ["Hi,", "Hello,", "Dear Sir or Madam,", "Dear Xcure team,", "Good morning,", "Hey,", "To whom it may concern,", ""],
    "de": ["Hallo,", "Sehr geehrte Damen und Herren,", "Guten Tag,", ""],
    "et": ["Tere,", "Lugupeetud Xcure,", "Tere päevast,", ""],
    "fr": ["Bonjour,", "Madame, Monsieur,", "Bonjour à toute l'équipe,", ""],
    "es": ["Hola,", "Estimados señores:", "Buenos días,", ""],
}
CLOSE = {
    "fi": ["Kiitos.", "Kiitos etukäteen!", "Ystävällisin terveisin", "Terveisin", "Kiitos nopeasta vastauksesta.", "t.", ""],
    "sv": ["Tack.", "Tack på förhand!", "Med vänliga hälsningar", "Vänliga hälsningar", "Mvh", ""],
    "en": ["Thanks.", "Thank you in advance.", "Kind regards", "Best regards", "Regards", "Cheers", "Sincerely", ""],
    "de": ["Vielen Dank.", "Mit freundlichen Grüßen", "Danke im Voraus.", ""],
    "et": ["Aitäh.", "Lugupidamisega", "Tänan ette.", ""],
    "fr": ["Merci.", "Cordialement", "Bien à vous", ""],
    "es": ["Gracias.", "Saludos cordiales", "Un saludo", ""],
}
NAMES = ["Matti Virtanen", "Liisa Korhonen", "Jussi", "Anna-Kaisa Mäkinen", "Erik Lindqvist", "Sara Nyström",
         "John Smith", "Emily Clarke", "Tom", "Klaus Becker", "Mari Tamm", "Jean Dupont", "Lucía García",
         "Pekka", "Johanna Heikkinen", "Mikael Sjöberg", "R. Laine", "Aino", "Kari Nieminen", "Oskar"]

CONTEXT = {
    "fi": ["Olen saanut teiltä sähköpostia jo pitkään.", "Huomasin, että olen asiakasrekisterissänne.",
           "Olin aiemmin yhteyshenkilö yrityksessä, joka käytti palvelujanne.", "Vaihdoin työpaikkaa viime vuonna.",
           "En muista antaneeni teille yhteystietojani.", "Olin messuilla osastollanne keväällä.",
           "Sain juuri uutiskirjeenne.", "Yrityksemme sopimus teidän kanssanne päättyi."],
    "sv": ["Jag har fått e-post från er länge.", "Jag märkte att jag finns i ert kundregister.",
           "Jag var tidigare kontaktperson på ett företag som använde era tjänster.", "Jag bytte jobb förra året.",
           "Jag minns inte att jag har gett er mina uppgifter.", "Jag fick precis ert nyhetsbrev."],
    "en": ["I have been receiving your emails for a while.", "I noticed that I am in your customer database.",
           "I used to be the contact person at a company that used your services.", "I changed jobs last year.",
           "I don't remember ever giving you my details.", "I met your team at a trade fair in spring.",
           "I just received your newsletter.", "Our contract with you ended in March."],
    "de": ["Ich erhalte seit einiger Zeit E-Mails von Ihnen.", "Ich habe Ihren Newsletter erhalten.",
           "Ich war früher Ansprechpartner bei einem Ihrer Kunden."],
    "et": ["Olen teilt juba mõnda aega kirju saanud.", "Sain just teie uudiskirja.", "Vahetasin eelmisel aastal töökohta."],
    "fr": ["Je reçois vos e-mails depuis un moment.", "J'ai reçu votre newsletter.", "J'ai changé d'emploi l'année dernière."],
    "es": ["Llevo tiempo recibiendo sus correos.", "Acabo de recibir su boletín.", "Cambié de trabajo el año pasado."],
}

# kind -> language -> request sentences
REQ: dict[str, dict[str, list[str]]] = {
    "unsubscribe": {
        "fi": ["Poistakaa minut postituslistaltanne.", "En halua enää vastaanottaa uutiskirjettänne.",
               "Lopettakaa markkinointiviestien lähettäminen minulle.", "Haluan perua uutiskirjeen tilauksen.",
               "Poistakaa sähköpostiosoitteeni jakelulistalta.", "Älkää lähettäkö minulle enää mainoksia.",
               "Kiellän suoramarkkinoinnin.", "Peruutan suostumukseni markkinointiin.",
               "Voisitteko poistaa minut uutiskirjeen vastaanottajista?", "Lopettakaa roskapostin lähettäminen, kiitos.",
               "Haluan pois teidän sähköpostilistalta.", "En ole tilannut näitä viestejä, lopettakaa ne.",
               "Poistaisitteko minut postituslistalta?", "Ei kiitos enää markkinointisähköposteja.",
               "Ottakaa minut pois listaltanne.", "Uutiskirjeenne ei kiinnosta, perukaa tilaus."],
        "sv": ["Ta bort mig från er e-postlista.", "Jag vill inte längre få ert nyhetsbrev.",
               "Sluta skicka reklam till mig.", "Jag vill avregistrera mig från nyhetsbrevet.",
               "Avsluta min prenumeration på nyhetsbrevet.", "Jag återkallar mitt samtycke till marknadsföring.",
               "Skicka inga fler utskick till den här adressen.", "Jag invänder mot direktmarknadsföring.",
               "Kan ni ta bort mig från utskickslistan?", "Jag vill inte ha fler mejl från er.",
               "Avanmäl mig från era utskick tack."],
        "en": ["Please remove me from your mailing list.", "I no longer wish to receive your newsletter.",
               "Stop sending me marketing emails.", "Unsubscribe me please.", "Please take me off your list.",
               "I want to opt out of all marketing communications.", "I withdraw my consent to receive marketing.",
               "I object to direct marketing.", "Don't send me any more promotional emails.",
               "Can you unsubscribe this address from your newsletter?", "I never signed up for this, please stop emailing me.",
               "Remove my email from your distribution list.", "Kindly stop the newsletters.",
               "No more emails please.", "I'd like to unsubscribe from all your mailings."],
        "de": ["Bitte entfernen Sie mich aus Ihrem Verteiler.", "Ich möchte den Newsletter abbestellen.",
               "Bitte senden Sie mir keine Werbung mehr.", "Ich widerspreche der Nutzung meiner Daten für Werbung.",
               "Bitte tragen Sie mich aus der Mailingliste aus.", "Ich widerrufe meine Einwilligung zum Erhalt von Newslettern."],
        "et": ["Palun eemaldage mind oma postitusloendist.", "Ma ei soovi enam teie uudiskirja saada.",
               "Palun lõpetage mulle reklaamkirjade saatmine.", "Loobun teie uudiskirjast.",
               "Võtan oma nõusoleku turunduskirjade saamiseks tagasi."],
        "fr": ["Merci de me désabonner de votre newsletter.", "Je ne souhaite plus recevoir vos e-mails.",
               "Veuillez me retirer de votre liste de diffusion.", "Arrêtez de m'envoyer de la publicité.",
               "Je m'oppose à la prospection commerciale."],
        "es": ["Por favor, denme de baja de su lista de correo.", "No quiero recibir más correos comerciales.",
               "Quiero darme de baja del boletín.", "Dejen de enviarme publicidad, por favor.",
               "Retiro mi consentimiento para recibir comunicaciones comerciales."],
    },
    "access": {
        "fi": ["Haluan tietää, mitä henkilötietoja teillä on minusta.", "Pyydän kopion kaikista minua koskevista tiedoista.",
               "Käytän tarkastusoikeuttani ja pyydän nähtäväksi rekisteriin tallennetut tietoni.",
               "Mitä tietoja minusta on tallennettu asiakasrekisteriinne?", "Lähettäkää minulle tiedot, joita olette minusta keränneet.",
               "Tietosuoja-asetuksen 15 artiklan nojalla pyydän pääsyä tietoihini.", "Saisinko nähdä tietoni?",
               "Haluaisin tarkistaa mitä tietoja minusta löytyy järjestelmistänne.",
               "Mistä olette saaneet yhteystietoni ja mitä muuta tiedätte minusta?",
               "Pyydän rekisteriotetta itsestäni.", "Kertokaa mihin tarkoitukseen käsittelette tietojani ja kenelle niitä luovutetaan."],
        "sv": ["Jag vill veta vilka personuppgifter ni har om mig.", "Jag begär ett registerutdrag.",
               "Skicka mig en kopia av alla uppgifter ni har sparat om mig.", "Enligt artikel 15 i GDPR begär jag tillgång till mina uppgifter.",
               "Vilka uppgifter om mig finns i ert kundregister?", "Var har ni fått mina kontaktuppgifter ifrån och vad mer vet ni om mig?",
               "Jag vill ta del av de personuppgifter som behandlas om mig."],
        "en": ["I would like to know what personal data you hold about me.", "Please send me a copy of all the data you have on me.",
               "This is a subject access request under Article 15 GDPR.", "What information do you store about me?",
               "Could you tell me what data you have collected about me and where you got it from?",
               "I'm requesting access to my personal information.", "Please provide me with a copy of my records.",
               "Under the GDPR I have the right to see my data; please send it to me.",
               "Which of my details are in your CRM?", "Can I get a full report of everything you know about me?",
               "Please confirm whether you process my personal data and, if so, provide a copy."],
        "de": ["Ich bitte um Auskunft über die zu meiner Person gespeicherten Daten gemäß Art. 15 DSGVO.",
               "Bitte senden Sie mir eine Kopie meiner personenbezogenen Daten.", "Welche Daten haben Sie über mich gespeichert?",
               "Ich möchte wissen, welche Informationen Sie über mich haben."],
        "et": ["Palun saatke mulle koopia minu isikuandmetest.", "Soovin teada, milliseid andmeid te minu kohta töötlete.",
               "Palun väljastage mulle minu kohta kogutud andmed."],
        "fr": ["Je souhaite accéder à mes données personnelles.", "Merci de m'envoyer une copie des données que vous détenez sur moi.",
               "Quelles données personnelles conservez-vous sur moi ?", "Conformément à l'article 15 du RGPD, je demande l'accès à mes données."],
        "es": ["Solicito el acceso a mis datos personales.", "Por favor, envíenme una copia de los datos que tienen sobre mí.",
               "¿Qué datos personales tienen sobre mí?", "Ejerzo mi derecho de acceso según el artículo 15 del RGPD."],
    },
    "erasure": {
        "fi": ["Poistakaa kaikki tietoni rekisteristänne.", "Pyydän poistamaan henkilötietoni järjestelmistänne.",
               "Haluan, että tietoni poistetaan.", "Poistaisitteko tietoni tietokannastanne?",
               "Käytän oikeuttani tulla unohdetuksi.", "Poistakaa minut asiakasrekisteristä kokonaan.",
               "Vaadin tietojeni poistamista.", "poistakaa tietoni rekisterista", "Hävittäkää kaikki minua koskevat tiedot.",
               "Pyydän tietojeni poistoa GDPR:n 17 artiklan mukaisesti.", "Voitteko poistaa yhteystietoni CRM:stä?",
               "Poistakaa tilini ja siihen liittyvät tiedot."],
        "sv": ["Radera alla mina uppgifter.", "Jag begär att ni raderar mina personuppgifter.",
               "Ta bort mig ur ert kundregister.", "Jag vill bli bortglömd enligt artikel 17.",
               "Kan ni radera min information från era system?", "Ta bort alla uppgifter om mig.",
               "Jag vill att mitt konto och alla mina uppgifter tas bort."],
        "en": ["Please delete all my personal data.", "I request the erasure of my data under Article 17 GDPR.",
               "Remove me from your database completely.", "I want you to erase everything you have about me.",
               "Please delete my account and all associated data.", "I am exercising my right to be forgotten.",
               "Delete my information from your systems, please.", "Wipe my details from your CRM.",
               "Please forget me.", "Could you remove all my records?", "I want my data deleted.",
               "Kindly purge my contact details from your records."],
        "de": ["Bitte löschen Sie alle meine Daten.", "Ich verlange die Löschung meiner personenbezogenen Daten nach Art. 17 DSGVO.",
               "Entfernen Sie mich bitte aus Ihrer Datenbank.", "Löschen Sie mein Konto und alle dazugehörigen Daten."],
        "et": ["Palun kustutage kõik minu andmed.", "Soovin, et minu isikuandmed kustutataks.",
               "Eemaldage mind oma andmebaasist."],
        "fr": ["Veuillez supprimer toutes mes données.", "Je demande l'effacement de mes données personnelles.",
               "Supprimez-moi de votre base de données.", "J'exerce mon droit à l'oubli."],
        "es": ["Por favor, borren todos mis datos.", "Solicito la supresión de mis datos personales.",
               "Elimínenme de su base de datos.", "Ejerzo mi derecho al olvido."],
    },
    "correction": {
        "fi": ["Osoitteeni on muuttunut, päivittäkää se rekisteriinne.", "Nimeni on kirjoitettu väärin, korjatkaa se.",
               "Sukunimeni on vaihtunut, olkaa hyvä ja päivittäkää tietoni.", "Tietonne minusta ovat vanhentuneita, korjatkaa ne.",
               "Puhelinnumeroni on väärä rekisterissänne.", "Pyydän oikaisemaan virheelliset tietoni.",
               "Tittelini on nykyään myyntijohtaja, päivittäisittekö sen?", "Sähköpostiosoitteeni on vaihtunut."],
        "sv": ["Min adress har ändrats, uppdatera den i ert register.", "Mitt namn är felstavat, rätta det.",
               "Jag har bytt efternamn, uppdatera mina uppgifter.", "Ni har fel telefonnummer till mig.",
               "Jag begär rättelse av felaktiga uppgifter."],
        "en": ["My address has changed, please update your records.", "My name is misspelled in your system, please correct it.",
               "I got married and my surname changed; please update my details.", "The phone number you have for me is wrong.",
               "Please rectify the incorrect data you hold about me.", "My job title is outdated in your CRM, please fix it.",
               "Please update my email address to the new one below.", "Your records about me are inaccurate."],
        "de": ["Meine Adresse hat sich geändert, bitte aktualisieren Sie meine Daten.", "Mein Name ist falsch geschrieben, bitte korrigieren Sie ihn.",
               "Ich verlange die Berichtigung meiner Daten."],
        "et": ["Minu aadress on muutunud, palun uuendage andmeid.", "Minu nimi on valesti kirjutatud, palun parandage."],
        "fr": ["Mon adresse a changé, merci de mettre à jour mes données.", "Mon nom est mal orthographié, veuillez le corriger.",
               "Je demande la rectification de mes données inexactes."],
        "es": ["Mi dirección ha cambiado, actualicen mis datos por favor.", "Mi nombre está mal escrito, corríjanlo por favor.",
               "Solicito la rectificación de mis datos."],
    },
    "restriction": {
        "fi": ["Pyydän rajoittamaan tietojeni käsittelyä.", "Rajoittakaa henkilötietojeni käsittely, kunnes asia on selvitetty.",
               "Keskeyttäkää tietojeni käsittely siksi aikaa kun selvitätte virheen.", "Vaadin käsittelyn rajoittamista 18 artiklan nojalla."],
        "sv": ["Jag begär begränsning av behandlingen av mina uppgifter.", "Begränsa behandlingen av mina personuppgifter tills frågan är utredd."],
        "en": ["Please restrict the processing of my personal data.", "I request restriction of processing under Article 18 GDPR.",
               "Limit the use of my data until you have checked its accuracy.", "Please stop processing my data while my complaint is investigated, but do not delete it."],
        "de": ["Ich verlange die Einschränkung der Verarbeitung meiner Daten.", "Bitte schränken Sie die Verarbeitung meiner Daten ein."],
        "et": ["Palun piirake minu andmete töötlemist."],
        "fr": ["Je demande la limitation du traitement de mes données."],
        "es": ["Solicito la limitación del tratamiento de mis datos."],
    },
    "portability": {
        "fi": ["Pyydän tietoni koneluettavassa muodossa.", "Haluan siirtää tietoni toiselle palveluntarjoajalle, toimittakaa ne CSV-tiedostona.",
               "Käytän oikeuttani siirtää tiedot järjestelmästä toiseen.", "Lähettäkää tietoni koneluettavana tiedostona."],
        "sv": ["Jag vill få mina uppgifter i ett maskinläsbart format.", "Jag begär dataportabilitet enligt artikel 20."],
        "en": ["I want my data in a machine-readable format so I can move it to another provider.",
               "Please export my data as CSV or JSON.", "I'm exercising my right to data portability.",
               "Send my personal data in a structured, commonly used format."],
        "de": ["Ich möchte meine Daten in einem maschinenlesbaren Format erhalten.", "Ich mache mein Recht auf Datenübertragbarkeit geltend."],
        "et": ["Soovin saada oma andmed masinloetavas vormingus."],
        "fr": ["Je souhaite exercer mon droit à la portabilité de mes données."],
        "es": ["Quiero ejercer mi derecho a la portabilidad de mis datos."],
    },
}

SUBJECTS = {
    "unsubscribe": {"fi": ["Uutiskirje", "Postituslista", "Markkinointi", "Poisto listalta", "Re: Xcuren uutiskirje"],
                    "sv": ["Nyhetsbrev", "Avregistrering", "Utskick"], "en": ["Unsubscribe", "Newsletter", "Mailing list", "Re: Xcure news"],
                    "de": ["Newsletter", "Abmeldung"], "et": ["Uudiskiri"], "fr": ["Désabonnement"], "es": ["Baja"]},
    "access": {"fi": ["Tietopyyntö", "Tarkastuspyyntö", "Henkilötiedot", "GDPR"], "sv": ["Registerutdrag", "Begäran om tillgång"],
               "en": ["Data access request", "Subject access request", "GDPR request", "My data"],
               "de": ["Auskunftsersuchen"], "et": ["Andmepäring"], "fr": ["Demande d'accès"], "es": ["Solicitud de acceso"]},
    "erasure": {"fi": ["Tietojen poisto", "Poistopyyntö", "GDPR", "Tietoni"], "sv": ["Radering", "Begäran om radering"],
                "en": ["Deletion request", "Erase my data", "GDPR", "Right to be forgotten"],
                "de": ["Löschung"], "et": ["Andmete kustutamine"], "fr": ["Suppression de mes données"], "es": ["Supresión de datos"]},
    "correction": {"fi": ["Tietojen korjaus", "Osoitteenmuutos", "Nimenmuutos"], "sv": ["Rättelse", "Adressändring"],
                   "en": ["Update my details", "Correction", "Change of address"], "de": ["Berichtigung"], "et": ["Andmete parandamine"],
                   "fr": ["Rectification"], "es": ["Rectificación"]},
    "restriction": {"fi": ["Käsittelyn rajoittaminen"], "sv": ["Begränsning"], "en": ["Restriction of processing"],
                    "de": ["Einschränkung"], "et": ["Töötlemise piiramine"], "fr": ["Limitation"], "es": ["Limitación"]},
    "portability": {"fi": ["Tietojen siirto"], "sv": ["Dataportabilitet"], "en": ["Data portability"], "de": ["Datenübertragbarkeit"],
                    "et": ["Andmete ülekandmine"], "fr": ["Portabilité"], "es": ["Portabilidad"]},
}

# Not requests: ordinary business mail, support, spam, job applications, and the hard negatives.
NONE: dict[str, list[tuple[str, str]]] = {
    "fi": [
        ("Tarjouspyyntö", "Voisitteko lähettää tarjouksen 20 käyttäjän lisenssistä? Tarvitsemme sen ensi kuun alussa."),
        ("Lasku 1234", "Korjatkaa laskun 1234 laskutusosoite, yrityksemme osoite on muuttunut. Uusi osoite on Teollisuuskatu 5, 00510 Helsinki."),
        ("Käyttäjätili", "Miten poistan käyttäjätilin ohjelmistostanne? Työntekijämme lopetti ja hänen tunnuksensa pitäisi poistaa."),
        ("Tukipyyntö", "Sovellus kaatuu kun yritän viedä raportin Exceliin. Voitteko auttaa?"),
        ("Työhakemus", "Haen avointa myyntipäällikön paikkaa. Liitteenä CV ja hakemus."),
        ("Uutiskirje", "Haluaisin tilata uutiskirjeenne. Lisätkää minut postituslistalle, kiitos."),
        ("Palaveri", "Sopiiko teille palaveri ensi tiistaina klo 10? Voimme käydä läpi sopimuksen jatkon."),
        ("Kysymys", "Onko tuotteessanne mahdollista rajoittaa käyttäjien oikeuksia roolien mukaan?"),
        ("Tilaus", "Tilaamme kaksi lisälisenssiä. Laskuttakaa ne normaalisti."),
        ("Re: Tarjous", "Kiitos tarjouksesta, palaamme asiaan ensi viikolla."),
        ("Kutsu", "Tervetuloa asiakastilaisuuteemme 12.5. Ilmoittautuminen tästä linkistä."),
        ("Laskun korjaus", "Laskussa 5532 on väärä viitenumero, voisitteko korjata sen ja lähettää uuden laskun?"),
        ("Datan vienti", "Miten saan vietyä asiakasdatan järjestelmästänne CSV-muodossa? Tarvitsen sen raportointiin."),
        ("Käyttäjän poisto", "Kuinka poistan vanhan käyttäjän pääkäyttäjänä? En löydä painiketta."),
        ("Yhteistyö", "Olemme kiinnostuneita yhteistyöstä ja haluaisimme esitellä palvelumme teille."),
        ("Salasana", "Unohdin salasanani, miten voin vaihtaa sen?"),
        ("Hinnasto", "Lähettäkää päivitetty hinnasto vuodelle 2027."),
        ("Toimitusosoite", "Päivittäkää tilauksen 7781 toimitusosoite, tavarat menevät uuteen varastoon."),
    ],
    "sv": [
        ("Offertförfrågan", "Kan ni skicka en offert på 20 licenser? Vi behöver den i början av nästa månad."),
        ("Faktura 4411", "Rätta faktureringsadressen på faktura 4411, vår adress har ändrats."),
        ("Användarkonto", "Hur tar jag bort ett användarkonto i er programvara? En anställd har slutat."),
        ("Support", "Appen kraschar när jag exporterar rapporten. Kan ni hjälpa till?"),
        ("Jobbansökan", "Jag söker tjänsten som säljare. Bifogar CV och personligt brev."),
        ("Nyhetsbrev", "Jag skulle vilja prenumerera på ert nyhetsbrev, lägg till mig på listan."),
        ("Möte", "Passar det med ett möte på tisdag klockan tio?"),
        ("Export", "Hur exporterar jag kunddata från systemet till CSV?"),
        ("Lösenord", "Jag har glömt mitt lösenord, hur återställer jag det?"),
    ],
    "en": [
        ("Quote request", "Could you send us a quote for 20 user licences? We need it by the start of next month."),
        ("Invoice 1234", "Please correct the billing address on invoice 1234. Our company moved to a new office."),
        ("User account", "How do I delete a user account in your product? One of our employees has left."),
        ("Support", "The app crashes when I try to export the monthly report to Excel. Can you help?"),
        ("Job application", "I am applying for the sales manager position. Please find my CV attached."),
        ("Newsletter", "I'd like to sign up for your newsletter. Please add me to the mailing list."),
        ("Meeting", "Would Tuesday at 10 work for a call about the contract renewal?"),
        ("Feature question", "Is it possible to restrict user permissions by role in your software?"),
        ("Order", "We'd like to order two more licences. Please invoice us as usual."),
        ("Partnership", "We help companies like yours grow their sales. Do you have 15 minutes for a quick call?"),
        ("Data export", "How can I export our customer data from your platform as CSV for our reporting?"),
        ("Password", "I forgot my password, how can I reset it?"),
        ("Wrong invoice", "Invoice 8890 has the wrong VAT number, could you update it and resend?"),
        ("Delivery address", "Please update the delivery address for order 4471 to our new warehouse."),
        ("SEO services", "We can get your website to the first page of Google. Reply for a free audit!"),
        ("Webinar", "Thanks for the webinar yesterday, could you share the slides?"),
        ("Admin question", "As an admin, how do I remove a former employee's access to the dashboard?"),
        ("Bug", "When I delete a record in the app it still shows up in the search results."),
    ],
    "de": [
        ("Angebot", "Können Sie uns ein Angebot für 20 Lizenzen schicken?"),
        ("Rechnung 553", "Bitte korrigieren Sie die Rechnungsadresse auf Rechnung 553."),
        ("Benutzer", "Wie lösche ich einen Benutzer in Ihrer Software?"),
        ("Newsletter", "Ich möchte Ihren Newsletter abonnieren."),
    ],
    "et": [
        ("Pakkumine", "Kas saaksite saata pakkumise 20 litsentsi kohta?"),
        ("Arve", "Palun parandage arve 2201 aadress, meie ettevõte kolis."),
        ("Kasutaja", "Kuidas ma saan teie tarkvaras kasutaja kustutada?"),
    ],
    "fr": [
        ("Devis", "Pourriez-vous nous envoyer un devis pour 20 licences ?"),
        ("Facture", "Merci de corriger l'adresse de facturation sur la facture 3310."),
        ("Utilisateur", "Comment supprimer un utilisateur dans votre logiciel ?"),
    ],
    "es": [
        ("Presupuesto", "¿Podrían enviarnos un presupuesto para 20 licencias?"),
        ("Factura", "Por favor corrijan la dirección de facturación de la factura 7712."),
        ("Usuario", "¿Cómo elimino un usuario en su aplicación?"),
    ],
}

DISCLAIMER = {
    "fi": "Tämä viesti voi sisältää luottamuksellista tietoa. Jos olet saanut viestin erehdyksessä, ilmoita lähettäjälle ja poista viesti.",
    "sv": "Detta meddelande kan innehålla konfidentiell information. Om du har fått det av misstag, meddela avsändaren och radera meddelandet.",
    "en": "This email and any attachments are confidential and intended solely for the addressee. If you are not the intended recipient, please notify the sender and delete this message.",
    "de": "Diese E-Mail ist vertraulich. Wenn Sie nicht der richtige Adressat sind, löschen Sie diese E-Mail bitte.",
    "et": "See kiri on konfidentsiaalne. Kui saite selle ekslikult, kustutage see palun.",
    "fr": "Ce message est confidentiel. Si vous l'avez reçu par erreur, merci de le supprimer.",
    "es": "Este mensaje es confidencial. Si lo ha recibido por error, por favor elimínelo.",
}
FOOTER = {
    "fi": "Sait tämän viestin, koska olet tilannut uutiskirjeemme. Jos et halua vastaanottaa uutiskirjettä, peru tilaus tästä linkistä.",
    "sv": "Du får detta nyhetsbrev eftersom du prenumererar. Avsluta prenumerationen här.",
    "en": "You are receiving this email because you subscribed to our newsletter. Click here to unsubscribe or manage your preferences.",
    "de": "Sie erhalten diesen Newsletter, weil Sie sich angemeldet haben. Hier abmelden.",
    "et": "Kui te ei soovi enam uudiskirja saada, klõpsake siin.",
    "fr": "Vous recevez cet e-mail car vous êtes inscrit. Se désabonner ici.",
    "es": "Recibe este correo porque está suscrito. Darse de baja aquí.",
}
AUTOMATED = {
    "fi": [("Automaattinen vastaus: Tietopyyntö", "Olen lomalla 3.8. asti ja luen sähköpostiani rajoitetusti. Kiireellisissä asioissa ota yhteyttä myyntiin."),
           ("Poissa", "Olen poissa toimistolta ja palaan toimistolle maanantaina.")],
    "sv": [("Automatiskt svar", "Jag är på semester till och med 15/8 och har begränsad tillgång till e-post.")],
    "en": [("Out of office", "I am currently out of the office with limited access to email. I will be back on Monday."),
           ("Undeliverable: Your request", "Delivery has failed to these recipients. The email address couldn't be found. 550 5.1.1 User unknown")],
    "de": [("Abwesenheitsnotiz", "Ich bin bis zum 20.8. nicht im Büro. Ihre E-Mail wird nicht weitergeleitet.")],
}

ONE_WORD = {"fi": ["Poista", "poistakaa", "Lopeta", "STOP", "Peru"], "sv": ["Avregistrera", "Sluta", "STOPP"],
            "en": ["STOP", "unsubscribe", "Unsubscribe me", "remove", "stop"], "de": ["Abmelden"], "es": ["Baja"], "fr": ["Désabonner"]}


def noisy(text: str, lang: str, rnd: random.Random) -> str:
    r = rnd.random()
    if lang in ("fi", "sv", "de", "et") and r < 0.2:
        text = "".join(c if c not in "äöåÄÖÅüõß" else fold(c) for c in text)
    elif r < 0.3:
        text = text.lower()
    if rnd.random() < 0.15:  # a typo: two letters swapped somewhere
        i = rnd.randrange(1, max(2, len(text) - 2))
        if text[i].isalpha() and text[i + 1].isalpha():
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


def compose(lang: str, core: list[str], rnd: random.Random, extra: str = "") -> str:
    parts = [rnd.choice(GREET[lang])]
    if rnd.random() < 0.4:
        parts.append(rnd.choice(CONTEXT[lang]))
    parts.append(" ".join(core))
    if extra:
        parts.append(extra)
    close = rnd.choice(CLOSE[lang])
    if close:
        parts.append(close + ("\n" + rnd.choice(NAMES) if rnd.random() < 0.7 else ""))
    sep = rnd.choice(["\n\n", "\n", " "])
    return sep.join(p for p in parts if p)


def main() -> None:
    rnd = random.Random(20261125)
    rows: list[dict] = []

    def add(lang: str, subject: str, text: str, kinds: list[str], source: str) -> None:
        rows.append({"language": lang, "subject": subject, "text": text, "kinds": sorted(set(kinds)), "source": source})

    weights = {"fi": 3, "sv": 2, "en": 3, "de": 1, "et": 1, "fr": 1, "es": 1}
    for kind, by_lang in REQ.items():
        for lang, sentences in by_lang.items():
            for sentence in sentences:
                for _ in range(weights[lang]):
                    subj = rnd.choice(SUBJECTS[kind][lang] + [""])
                    extra = ""
                    roll = rnd.random()
                    if roll < 0.1:
                        extra = DISCLAIMER[lang]
                    add(lang, subj, noisy(compose(lang, [sentence], rnd, extra), lang, rnd), [kind], "single")
    # Multi-kind requests.
    kinds = list(REQ)
    for _ in range(260):
        lang = rnd.choices(list(weights), weights=list(weights.values()))[0]
        chosen = rnd.sample(kinds, rnd.choice([2, 2, 3]))
        chosen = [k for k in chosen if lang in REQ[k]]
        if len(chosen) < 2:
            continue
        core = [rnd.choice(REQ[k][lang]) for k in chosen]
        subj = rnd.choice(SUBJECTS[chosen[0]][lang] + ["GDPR", ""])
        add(lang, subj, noisy(compose(lang, core, rnd), lang, rnd), chosen, "multi")
    # Non-requests, with and without disclaimers and quoted newsletter footers.
    for lang, items in NONE.items():
        for subject, body in items:
            for variant in range(weights[lang] + 1):
                extra = ""
                if variant == 1:
                    extra = DISCLAIMER[lang]
                elif variant == 2:
                    extra = FOOTER[lang]
                add(lang, subject, noisy(compose(lang, [body], rnd, extra), lang, rnd), [], "none")
    for lang, items in AUTOMATED.items():
        for subject, body in items:
            add(lang, subject, body, [], "automated")
    # One-word replies to our newsletter.
    for lang, words in ONE_WORD.items():
        for w in words:
            for subj in ["", "Re: Xcure uutiskirje", "Re: Newsletter"]:
                add(lang, subj, w, ["unsubscribe"], "one-word")
    rnd.shuffle(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} examples -> {OUT}")


if __name__ == "__main__":
    main()
