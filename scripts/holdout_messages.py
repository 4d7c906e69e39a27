"""A second, smaller labelled set (data/holdout/), written after the classifier was tuned on
data/dev/ and never looked at while tuning: the honest measure of unseen mail.

Same shape as dev_messages.py; scripts/gen_dev.py --set holdout writes the .eml files.
"""

from __future__ import annotations

U, A, E, C, R, P = "unsubscribe", "access", "erasure", "correction", "restriction", "portability"

REQUESTS: list[tuple[str, str, str, list[str]]] = [
    ("fi", "", "Terve. Teiltä tulee jatkuvasti jotain tarjouskirjeitä sähköpostiin, saisiko ne loppumaan?", [U]),
    ("fi", "Asiakasrekisteri", "Haluaisin pyytää kaikkien tietojeni poistamista asiakasrekisteristänne. En ole enää asiakas.", [E]),
    ("fi", "", "Mitä minusta on tallennettu? Olen saanut teiltä puheluita ja sähköposteja, vaikka en muista antaneeni lupaa.", [A]),
    ("fi", "Tiedot vanhentuneet", "Osoitetietoni ovat vanhentuneet, nykyinen osoite on Puistotie 8, 33100 Tampere.", [C]),
    ("fi", "", "poistakaa minut kaikista teidän listoista ja rekistereistä", [U, E]),
    ("fi", "Pyyntö tietojen saamiseksi", "Pyydän kopiota kaikista henkilötiedoistani sekä tietoa siitä, mistä ne on kerätty.", [A]),
    ("fi", "", "Lopettakaa tietojeni käyttö kunnes olette tarkistaneet niiden oikeellisuuden.", [R]),
    ("fi", "", "Haluan saada tietoni CSV-tiedostona, jotta voin siirtää ne uudelle palveluntarjoajalle.", [P]),
    ("fi", "Re: Xcure tiedote", "Ei kiitos, en halua näitä.", [U]),
    ("fi", "", "Tietoni on syötetty väärin: syntymävuosi ja titteli eivät pidä paikkaansa. Korjatkaa ne.", [C]),
    ("sv", "", "God morgon! Jag skulle vilja avsluta alla nyhetsbrev och erbjudanden från er.", [U]),
    ("sv", "Radering av data", "Enligt GDPR artikel 17 begär jag att ni raderar samtliga personuppgifter om mig.", [E]),
    ("sv", "", "Kan ni tala om vilken information ni lagrar om mig och varför?", [A]),
    ("sv", "", "Jag har fått ett nytt efternamn, Strand. Kan ni ändra det i era register?", [C]),
    ("sv", "", "Skicka mig gärna en kopia av allt ni har om mig, och sluta sedan mejla mig.", [A, U]),
    ("en", "", "Hello, please unsubscribe me from all Xcure communications. Many thanks.", [U]),
    ("en", "Privacy request", "I am requesting that you delete my personal information from all of your databases, including any backups where feasible.", [E]),
    ("en", "", "Quick question: what do you have on file about me? I'd like a copy.", [A]),
    ("en", "", "Please fix my name in your records - it's Aoife, not Eva.", [C]),
    ("en", "", "Until my complaint is resolved, I ask that you restrict processing of my personal data.", [R]),
    ("en", "Data portability", "Kindly provide my data in a portable, machine-readable format.", [P]),
    ("en", "", "I didn't sign up for your mailing list. Remove me and erase whatever you have about me.", [U, E]),
    ("en", "", "STOP SENDING ME EMAILS", [U]),
    ("en", "Request", "Under GDPR I'd like to know what data you process about me, why, and who it's shared with.", [A]),
    ("en", "", "my email changed, please use this one from now on instead of the old one", [C]),
    ("de", "", "Bitte tragen Sie mich aus Ihrem Newsletter aus und löschen Sie meine E-Mail-Adresse.", [U, E]),
    ("de", "Auskunftsersuchen", "Ich bitte um eine vollständige Auskunft über meine bei Ihnen gespeicherten Daten.", [A]),
    ("et", "", "Palun lõpetage mulle turunduskirjade saatmine.", [U]),
    ("et", "", "Palun kustutage minu andmed teie registrist.", [E]),
    ("fr", "", "Je souhaite que vous effaciez mes données personnelles de votre base.", [E]),
    ("fr", "", "Merci de me désinscrire de toutes vos communications.", [U]),
    ("es", "", "Solicito una copia de todos los datos personales que tengan sobre mí.", [A]),
    ("es", "", "Por favor, no me manden más publicidad.", [U]),
]

NON_REQUESTS: list[tuple[str, str, str]] = [
    ("en", "Re: Demo", "Great demo today! Can you send the pricing sheet?\n\nThis e-mail may contain confidential information. If you are not the intended recipient, you must not copy, distribute or use it; please delete it and notify the sender."),
    ("fi", "Käyttäjätunnus", "Hei, miten voin poistaa entisen kollegan käyttäjätunnuksen teidän portaalista?"),
    ("en", "Invoice correction", "Please update the company name on invoice 30912 to Northwind Oy and resend it."),
    ("en", "", "Hi, please sign me up for your monthly newsletter."),
    ("fi", "", "Päivittäkää meidän laskutusosoite: Yritystie 1, 02100 Espoo. Koskee kaikkia tulevia laskuja."),
    ("sv", "", "Hej, kan ni skicka en ny faktura med rätt organisationsnummer?"),
    ("en", "Support ticket", "Our users cannot log in since this morning. Error 500 on the login page."),
    ("fi", "Re: Uutiskirje", "Kiitos uutiskirjeestä, kysyisin vielä webinaarin ajankohdasta.\n\nSait tämän viestin, koska olet tilannut Xcuren uutiskirjeen. Jos et halua vastaanottaa uutiskirjettä, peru tilaus tästä linkistä."),
    ("en", "", "Could you remove the demo data from our test environment before the training session?"),
    ("en", "Meeting", "Can we move our call to 3pm? Something came up."),
    ("sv", "", "Hej! Jag söker sommarjobb hos er, bifogar mitt CV."),
    ("de", "", "Vielen Dank für das Angebot. Wir melden uns nächste Woche."),
    ("en", "", "Is there a way to delete old projects in bulk from the dashboard?"),
    ("fi", "", "Voisitteko lähettää tarjouksen koulutuksesta kymmenelle hengelle?"),
    ("en", "Hello", "We are a digital agency offering SEO and web design. Interested in a free consultation?"),
    ("fr", "", "Bonjour, pouvez-vous corriger l'adresse de facturation sur la facture 5567 ?"),
    ("es", "", "Hola, ¿cómo puedo cambiar la contraseña de un usuario en la aplicación?"),
    ("en", "Re: Contract", "Signed copy attached. Please correct the typo in clause 4 in the next version."),
]

OUT_OF_OFFICE: list[tuple[str, str, str]] = [
    ("en", "Automatic reply: Privacy request", "Hi, I'm away from the office until 12 January. I will reply when I'm back."),
    ("fi", "Vs: Tietopyyntö", "Olen isyyslomalla 30.1. asti. Kiireellisissä asioissa ota yhteyttä asiakaspalveluun."),
    ("sv", "Re: Nyhetsbrev", "Jag är föräldraledig och tillbaka den 1/9. Mejl läses inte."),
    ("de", "Automatische Antwort", "Ich bin bis 3.1. im Urlaub und habe keinen Zugriff auf E-Mails."),
]
BOUNCES: list[tuple[str, str, str]] = [
    ("en", "Undelivered Mail Returned to Sender", "This is the mail system at host mx.example.org.\n\nI'm sorry to have to inform you that your message could not be delivered to one or more recipients.\n\n<pekka@example.org>: host mx.example.org said: 550 5.1.1 <pekka@example.org>: Recipient address rejected: User unknown"),
    ("fi", "Palautunut viesti", "Viestiä ei voitu toimittaa. Vastaanottajaa ei löydy: maija@example.fi"),
]
