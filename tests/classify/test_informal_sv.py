"""Informal Swedish mail: the rules find the kind from everyday words (freeze, don't use, stop
sending, what do you have on me, send my data straight to my new supplier) and stay quiet on
mail about other things. The sentences are written for these tests, not taken from data/."""

from __future__ import annotations

import pytest

from tests.classify import rulekit


def rule_kinds(text: str) -> set[str]:
    return rulekit.rule_kinds(text, "sv", unvetoed=True)


@pytest.mark.parametrize("text, kind", [
    ("Hej, kan ni frysa mina uppgifter tills vidare? Jag vill inte att något tas bort ännu.", "restriction"),
    ("Hej! Använd inte mina uppgifter till något förrän vi har pratat. Tack, Maja", "restriction"),
    ("Jag vill att ni inte använder mina personuppgifter medan ärendet utreds.", "restriction"),
    ("Hej, sluta ringa mig. Jag är inte intresserad av era tjänster.", "unsubscribe"),
    ("Jag vill slippa era utskick i fortsättningen, tack.", "unsubscribe"),
    ("Hej, jag vill inte ha era nyhetsbrev längre. Mvh Kalle", "unsubscribe"),
    ("Vad har ni för info om mig egentligen? Jag vill gärna veta.", "access"),
    ("Hur har ni fått min adress? Jag har aldrig varit kund hos er.", "access"),
    ("Hej, kan ni radera mig ur era system? Tack på förhand.", "erasure"),
    ("Jag har slutat som kund och vill inte att mina uppgifter ligger kvar hos er.", "erasure"),
    ("Mitt nummer har ändrats, kan ni uppdatera det hos er? Nytt nummer kommer nedan.", "correction"),
    ("Kan ni skicka mina uppgifter direkt till min nya leverantör? Tack!", "portability"),
    ("Hej, jag vill ha en export av mina uppgifter som en fil jag kan läsa in någon annanstans.", "portability"),
])
def test_informal_request(text: str, kind: str) -> None:
    assert kind in rule_kinds(text)


@pytest.mark.parametrize("text", [
    "Hej, kan ni uppdatera den gamla registerbeskrivningen på webben? Den är från 2019.",
    "Hej, vår server skickar larm varje natt. Kan ni sluta skicka larmen till mig och skicka dem till Per?",
    "Hej! Ingen på kontoret kan skicka eller ta emot mejl sedan i morse. Vad händer?",
    "Hej, vi har en gammal backup hos er som inte behövs. Kan ni radera den?",
    "Hej, jag såg i ert nyhetsbrev att ni säljer licenser till föreningar. Vad kostar det?",
])
def test_not_a_request(text: str) -> None:
    assert not rule_kinds(text)


# Round 2: more everyday words (a changed number or address, "lås", "tabort", "dem som en fil"),
# and mail about other things that used to read as requests (reading, not locking; a supplier
# reporting a removal; a copy in cc; a shared mailbox, a switchboard, a processor agreement).
@pytest.mark.parametrize("text, kind", [
    ("Hej, jag har bytt mobilnummer. Det gamla fungerar inte längre.", "correction"),
    ("Hej, min nya adress är Storgatan 5, 65100 Vasa.", "correction"),
    ("Lås mina uppgifter tills tvisten är utredd.", "restriction"),
    ("Jag byter bank och vill ha dem som en fil.", "portability"),
    ("Tabort mitt telefonnummer, tack.", "erasure"),
    ("Hej, kan ni radera min mejladress ur alla era system?", "erasure"),
    ("Har ni någon information om mig? Jag undrar bara.", "access"),
    ("Finns jag i ert kundregister?", "access"),
    ("Jag vill ha kopior av inspelningarna av mina samtal med er kundtjänst.", "access"),
    ("Ni skickar fortfarande till min gamla mejladress, den nya är anna@example.com.", "correction"),
    ("Min riktiga mejladress är den jag skriver från.", "correction"),
    ("Jag har fått era utskick fast jag aldrig anmält mig. Avregistrera mig.", "unsubscribe"),
    ("Tills klagomålet är utrett ska ni inte radera eller ändra något om mig.", "restriction"),
    ("Jag vill inte att mina uppgifter skickas vidare till andra företag.", "restriction"),
    ("Spara det ni måste, men se till att det inte används till något annat.", "restriction"),
    ("Jag undrar om ni har sålt mina uppgifter till någon annan.", "access"),
    ("Skicka gärna allt i ett maskinläsbart format.", "portability"),
    ("Kan jag få en kopia som fil?", "portability"),
    ("Jag vill ta med mig min kurshistorik som en fil när jag slutar.", "portability"),
    ("Kan ni ändra min mejl i ert system? Den gamla slutar fungera.", "correction"),
])
def test_informal_request_round2(text: str, kind: str) -> None:
    assert kind in rule_kinds(text)


@pytest.mark.parametrize("text", [
    "Hej, kan du läsa det bifogade dokumentet och återkomma?",
    "Vi bekräftar att din adress har tagits bort från vår sändlista.",
    "Ta bort mig från kopian av protokollet, det räcker att Per får det.",
    "Hej, vår nya medarbetare behöver få tillgång till den delade inkorgen.",
    "Hej, kan ni ändra numret som visas från vår växel?",
    "Vi har kommentarer om raderingen av data i utkastet till personuppgiftsbiträdesavtal.",
    "Min gamla arbetsgivare är kund hos er och jag undrar vad era tjänster kostar.",
    "Kan ni ställa in vidarebefordran från min gamla adress i Outlook?",
])
def test_not_a_request_round2(text: str) -> None:
    assert not rule_kinds(text)
