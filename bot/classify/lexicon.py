"""The older table of the words the rules know: each concept (DELETE, DATA, NEWSLETTER, ...) per language.

Superseded language by language by `lexicons/<code>.toml` (langlex.py, keyed by lemma): a language
with a toml file no longer reads this table; the others read only their own entries here.

Entries are folded (no diacritics, lower case): `word` matches that word exactly, `pre*` any word
starting with `pre` (Finnish and German inflect and compound at the end), `*part*` any word
containing `part` (compounds: "henkilötietojeni", "Datenübertragbarkeit"). The first concept that
matches a word wins, so the order of CONCEPTS matters where words overlap.
"""

from __future__ import annotations

from bot.classify.langlex import lexicons

# concept -> language -> entries
CONCEPTS: dict[str, dict[str, str]] = {
    # Strong single words: on their own they say what the request is.
    "UNSUB": {
        "en": "unsubscrib* unsubcrib* unsuscrib* unsubscription optout opt-out",
        "fi": "*uutiskirjekiel* *markkinointikiel* *postituskiel*",
        "sv": "avregistrer* avprenumer* avanmal*",
        "de": "abmeld* abbestell* austrag* *werbewiderspruch*",
        "et": "loobu* tellimusest",
        "fr": "desabonn* desinscri* desinscription",
        "es": "desuscrib* desuscripcion desapunt*",
        "nl": "afmeld* uitschrijv*",
        "it": "disiscri*",
    },
    "DELETEIT": {  # Spanish verbs carrying their object: "elimínenlos"
        "es": "eliminenlos eliminarlos borrenlos borrarlos suprimanlos suprimirlos",
    },
    "PORTAB": {
        "en": "portability portable",
        "fi": "*siirrettavyy* *siirto-oikeu*",
        "sv": "*portabilitet* *dataportabil*",
        "de": "*ubertragbarkeit* *portabilitat*",
        "et": "*ulekantavus*",
        "fr": "portabilite*",
        "es": "portabilidad*",
        "nl": "*overdraagbaarheid*",
        "it": "portabilita*",
    },
    "MACHREAD": {
        "en": "machine-readable machine-readably",
        "fi": "koneluettav* *koneluettav*",
        "sv": "maskinlasbar* maskinlasliga",
        "de": "maschinenlesbar* maschinell*",
        "et": "masinloetav*",
        "fr": "lisible* structure*",
        "es": "legible* estructurad*",
    },
    "ACCESSW": {  # names of the access request itself
        "en": "sar dsar",
        "fi": "tarkastusoikeu* tarkastuspyyn* *tarkastuspyyn* tarkistusoikeu* rekisteriote* rekisteriotte* *rekisteriote*",
        "sv": "registerutdrag*",
        "de": "auskunftsersuchen* auskunftsanfrage* auskunftsbegehren* *auskunftsersuchen*",
        "et": "andmepaaring*",
    },
    "ACCESSN": {  # nouns and verbs of the right of access
        "en": "access copy copies",
        "fi": "kopio* jaljenno* tarkast* paasy* paasyoikeu* *tietopyyn* *otte*",
        "sv": "utdrag* tillgang* kopia* insyn*",
        "de": "auskunf* *auskunft* kopie* einsicht* zugang*",
        "et": "koopia* juurdepaas* ulevaade*",
        "fr": "acces copie*",
        "es": "acceso copia*",
        "nl": "inzage* kopie*",
        "it": "accesso copia",
    },
    "RECTIFY": {
        "en": "correct corrected correcting correction rectif* updat* amend* wrong incorrect* inaccurate "
              "outdated out-of-date misspel* typo change changed changes changing",
        "fi": "korja* oikai* oikaisu* paivit* virheelli* vaarin vaara vaaran vaaraa vanhentun* muuttu* "
              "muuttun* muuttaa muuttakaa muuttaisitte* muutta* vaihtu* vaihtun* vaihda* kirjoitusvirhe*",
        "sv": "ratta* rattel* korriger* uppdater* felaktig* fel inaktuell* andra andras andring* andrat",
        "de": "berichtig* korrigier* aktualisier* falsch* unrichtig* veraltet* fehlerhaft*",
        "et": "parand* uuend* vale* ebaoige*",
        "fr": "rectif* corrig* inexact* errone* modifi*",
        "es": "rectific* correg* corrij* actualic* actualiz* incorrect* erroneo*",
        "nl": "correctie* corrigeer* rectific*",
    },
    "RESTRICT": {
        "en": "restrict* limit*",
        "fi": "rajoit* rajaa* keskeyt*",
        "sv": "begrans*",
        "de": "einschrank* sperr* *einschrankung*",
        "et": "piira*",
        "fr": "limitation* limiter restreindre restriction*",
        "es": "limitacion* limitar restring* restriccion*",
    },
    "PROCESSING": {
        "en": "process processing processed use using usage",
        "fi": "kasittel* kasitel* kaytto kayttoa kayttamis* kayttaminen kayttaa kayttamast*",
        "sv": "behandl*",
        "de": "verarbeit* *verarbeitung* nutzung* verwend*",
        "et": "tootle* tootlemis*",
        "fr": "traitement* traiter utilisation*",
        "es": "tratamiento* tratar uso",
    },
    "DELETE": {
        "en": "delet* erase erased erasing erasure remove removed removing removal wipe* purge* forget",
        "fi": "poist* havit* havittak* tuhot* tuhoa* unoh* pyyhk*",
        "sv": "rader* radering* glom* glomd* stryk* bort",
        "de": "losch* loesch* *loschung* entfern* vergess* streich*",
        "et": "kustut* eemald*",
        "fr": "supprim* suppression effac* oubli*",
        "es": "borr* elimin* supresion suprim* olvid*",
        "nl": "verwijder* wissen",
        "it": "cancell* elimin*",
        "da": "slet*",
    },
    "STOPV": {
        "en": "stop stopped",
        "fi": "lopet* lopeta* stop* loppumaan loppuma*",
        "sv": "sluta stoppa stopp",
        "de": "stopp* aufhor* einstell*",
        "et": "lopeta* lopetage*",
        "fr": "arret* cesse*",
        "es": "dejen dejar deje parar",
    },
    "CANCEL": {
        "en": "cancel*",
        "fi": "peru* peruut* peruu*",
        "sv": "avsluta* avbryt* sag",
        "de": "kundig* storn*",
        "et": "tuhist*",
        "fr": "annul* resili*",
        "es": "cancel* anul* baja",
    },
    "WITHDRAW": {
        "en": "withdraw* revok* revocation",
        "fi": "*peruutan* peruutan",
        "sv": "aterkall* tillbaka",
        "de": "widerruf* widerrufe*",
        "et": "tagasi",
        "fr": "retir* revoqu* retrait",
        "es": "retir* revoc*",
    },
    "OBJECT": {
        "en": "object objecting objection",
        "fi": "vastust* kiella* kiellan kiellamme kielto*",
        "sv": "invand* invander",
        "de": "widersprech* widerspruch*",
        "et": "vaidl*",
        "fr": "oppos* opposition",
        "es": "opong* oposicion",
    },
    "CONSENT": {
        "en": "consent*",
        "fi": "suostum* *suostumu* lupa* lupani",
        "sv": "samtyck* *samtycke*",
        "de": "einwillig* zustimm*",
        "et": "nousolek*",
        "fr": "consentement*",
        "es": "consentimiento*",
    },
    "NEWSL": {
        "en": "newsletter* news-letter* mailing mailings list mailinglist* emailing* e-mailing*",
        "fi": "uutiskirj* *uutiskirj* postitusl* *postituslist* *sahkopostilist* jakelul* *jakelulist* "
              "listalt* listalta listoilta",
        "sv": "nyhetsbrev* *nyhetsbrev* utskick* *sandlista* *e-postlist* *epostlist* mejllist* "
              "prenumeration*",
        "de": "newsletter* *newsletter* verteiler* mailingliste* *verteiler*",
        "et": "uudiskir* *uudiskir* postitusloend* meililist*",
        "fr": "newsletter* infolettre* lettre bulletin* liste*",
        "es": "boletin* newsletter* suscripcion* lista*",
    },
    "MARKETING": {
        "en": "marketing advertising advertisement* promotional promotion* adverts ads",
        "fi": "markkinoin* *markkinoin* mainos* *mainos* suoramarkkinoin* *tarjouskirj* tarjouksia tarjoukset",
        "sv": "marknadsfor* *marknadsfor* reklam*",
        "de": "werbung* *werbung* werbe* marketing*",
        "et": "turundus* *turundus* reklaam*",
        "fr": "publicit* prospection* commercial* commerciaux marketing",
        "es": "publicidad* publicitari* comercial* comerciales marketing",
    },
    "EMAILS": {
        "en": "email emails e-mail e-mails mail mails messages",
        "fi": "sahkopost* viest* *viestej* postia",
        "sv": "mejl* mail* e-post* epost* meddelanden",
        "de": "mails e-mails nachrichten email emails",
        "et": "kirju kirjad e-kirj* meil*",
        "fr": "courriel* mails e-mails messages",
        "es": "correo* correos emails mensajes",
    },
    "RECEIVE": {
        "en": "receive receiving get getting send sending sent",
        "fi": "vastaanot* saada saamaan saamasta lahett* lahetta* tule* tulee",
        "sv": "fa ta emot skicka* skick*",
        "de": "erhalt* bekomm* zusend* schick* senden",
        "et": "saada saatke saatmine saama",
        "fr": "recevoir envoy* envoi*",
        "es": "recibir envien enviar envio* envian manden mandar mandan",
    },
    "NEG": {
        "en": "no not don't dont never longer",
        "fi": "ei emme enka ala",  # not "en": it is also "a" in Swedish and "in" in French
        "sv": "inte inga inget ej",
        "de": "nicht kein keine keinen keiner",
        "et": "ei arge",
        "fr": "plus pas jamais",
        "es": "no ya nunca",
    },
    "MORE": {  # "no more", "inga fler", "ei enää", "keine ... mehr"
        "en": "more longer further",
        "fi": "enaa enempaa",
        "sv": "fler mer langre",
        "de": "mehr weitere",
        "et": "enam",
        "fr": "plus",
        "es": "mas",
    },
    "SEE": {
        "en": "see view know",
        "fi": "nahda nahtavaksi nahdakseni tietaa tietaisin",
        "sv": "se veta",
        "de": "sehen wissen einsehen",
        "et": "naha teada",
        "fr": "voir savoir",
        "es": "ver saber",
    },
    "WHENCE": {  # "where did you get my address": asking the source of the data is access
        "en": "whence",
        "fi": "mista mistae",
        "sv": "varifran",
        "de": "woher",
        "et": "kust",
        "fr": "d'ou",
        "es": "donde",
    },
    "DATA": {
        "en": "data information info details personal record records everything whatever",
        "fi": "tieto* tiedo* tiedot *tietoj* *tietoni* *tiedot* *tiedoi* *tiedon* *tietoa* tiet",
        "sv": "uppgift* *uppgift* data information* allt allting",
        "de": "daten *daten* informationen angaben alles",
        "et": "andme* *andme* info",
        "fr": "donnees *donnees* informations",
        "es": "datos informacion",
        "nl": "gegevens *gegevens*",
        "it": "dati",
    },
    "REGISTER": {
        "en": "database databases register registry systems crm contacts",
        "fi": "rekister* *rekister* tietokan* jarjestelm*",
        "sv": "register* registret databas*",
        "de": "datenbank* *datenbank* register system* kartei*",
        "et": "andmebaas* registr*",
        "fr": "base fichier* fichiers",
        "es": "base fichero* registro*",
    },
    "CONTACT": {  # the requester's own facts that a correction names
        "en": "address name surname title phone number spelling",
        "fi": "osoit* *osoit* nimi nimeni nime* sukunim* *nimike* titteli* puhelin* *numero*",
        "sv": "adress* *adress* namn* efternamn* titel* telefon*",
        "de": "adresse* name namen nachname* titel* telefon* anschrift*",
        "et": "aadress* nimi nime* perekonnanim* telefon*",
        "fr": "adresse* nom prenom titre telephone",
        "es": "direccion* nombre* apellido* telefono*",
    },
    "WHAT": {
        "en": "what which",
        "fi": "mita mitka millaisia mitaan",
        "sv": "vilka vad vilken",
        "de": "welche welcher was",
        "et": "milliseid millised",
        "fr": "quelles quels quelle quel",
        "es": "que cuales",
    },
    "ME": {
        "en": "me",
        "fi": "minusta minua minut minulle minulta minuun minust*",
        "sv": "mig",
        "de": "mich mir",
        "et": "minu minust mind",
        "fr": "moi",
        "es": "mi",
    },
    "THEM": {  # "poistakaa ne", "delete them": the data named in an earlier sentence
        "en": "them it",
        "fi": "ne niita nama naita",
        "sv": "dem dessa det den",
        "et": "need neid",
        "de": "diese",
    },
    "SUBSCRIBE": {  # signing up, the opposite of unsubscribing
        "en": "subscribe subscribed subscribing signup sign-up",
        "fi": "tilata tilaisin tilaamaan tilannut tilaan liittya lisaatteko lisaisitteko",
        "sv": "prenumerera prenumererar anmala",
        "de": "abonnieren abonniert anmelden",
        "fr": "abonner inscrire",
        "es": "suscribirme suscribir",
    },
    "NONPERSONAL": {  # data that is not about a person
        "en": "test dummy sample demo bulk",
        "fi": "testi* *testidat*",
        "sv": "testdata",
        "de": "testdaten",
    },
    "FORMAT": {  # file formats a portable copy comes in
        "en": "csv json xml excel xlsx",
    },
    "ARTICLE": {
        "en": "article art",
        "fi": "artikla* artiklan",
        "sv": "artikel",
        "de": "artikel art",
        "fr": "article",
        "es": "articulo",
        "et": "artikkel* artikli",
    },
    # Words that make a sentence about something else than the requester's personal data.
    "BILLING": {
        "en": "invoice* billing bill order orders purchase po vat delivery shipping",
        "fi": "lasku* *lasku* laskutus* tilausnumero* tilauksel* tilauks* toimitusosoit* y-tunnus ytunnus",
        "sv": "faktura* *faktura* fakturering* order leverans*",
        "de": "rechnung* *rechnung*",
        "et": "arve* *arve*",
        "fr": "facture* facturation",
        "es": "factura* facturacion pedido* cif",
    },
    "PRODUCT": {
        "en": "product software app application portal dashboard admin feature users tenant api workspace",
        "fi": "ohjelm* sovellu* tuottee* tuote* palvelus* kayttaja* *kayttaja* paakayttaj*",
        "sv": "programvar* appen produkt* anvandare*",
        "de": "software produkt* benutzer* anwendung*",
        "et": "tarkvara* rakendus*",
        "fr": "logiciel* application utilisateur*",
        "es": "aplicacion programa* usuario*",
    },
    "HOWTO": {
        "en": "how way",
        "fi": "miten kuinka",
        "sv": "hur",
        "de": "wie",
        "et": "kuidas",
        "fr": "comment",
        "es": "como",
    },
}

# Words meaning "my": an account is the requester's only when it is "my account".
MY_WORDS = ["my", "mein", "meinen", "meine", "mitt", "min", "mon", "mi", "minu"]
ACCOUNT_WORDS = ["account", "konto", "kontot", "tili", "tilini", "compte", "cuenta", "kasutajakonto"]


LEXICON_LANGUAGES = frozenset(lang for entries in CONCEPTS.values() for lang in entries)


def has_lexicon(language: str) -> bool:
    """The rules have words for this language (else a privacy signal makes a message unclear)."""
    return language in LEXICON_LANGUAGES or language in lexicons()
