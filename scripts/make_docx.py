"""Erzeugt die Word-Vorlagen (DOCX) des CIMIS-II-Beispielkorpus.

Aufruf (aus dem Repository-Wurzelverzeichnis):

    .venv/bin/python scripts/make_docx.py

Schreibt nach corpus/vorlagen/:
    checkliste-match-start.docx, datenschutz-kurzleitfaden.docx

Die Dateien werden deterministisch erzeugt: feste Metadaten-Zeitstempel und
feste Zeitstempel der ZIP-Einträge, sodass ein erneuter Lauf byte-gleiche
Dateien liefert.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "corpus" / "vorlagen"
FIXED_DATE = dt.datetime(2025, 4, 1, 9, 0, 0)
ZIP_DATE = (2025, 4, 1, 9, 0, 0)

# Ein Dokument ist eine Liste von Blöcken: ("h1"|"h2"|"p"|"bullets", Inhalt)
Block = tuple[str, object]


CHECKLISTE: list[Block] = [
    ("h1", "Checkliste: Die ersten zwei Wochen eines Matches"),
    ("p", "Diese Checkliste hilft Organisationen und Kreativschaffenden, in den ersten "
          "zwei Wochen nach dem Zustandekommen eines Matches die wichtigsten Fragen zu "
          "klären. Sie beruht auf den Erfahrungen aus den 28 Matches von CIMIS II in den "
          "Regionen Erzgebirge, Lausitz und Meißen. Viele Schwierigkeiten, die später "
          "Zeit und Nerven kosteten, hatten ihren Ursprung in Punkten, die am Anfang "
          "niemand ausdrücklich besprochen hatte."),
    ("h2", "So nutzen Sie die Checkliste"),
    ("p", "Planen Sie in der ersten Woche ein Startgespräch von zwei bis drei Stunden, "
          "möglichst vor Ort bei der Organisation und gemeinsam mit der Prozessbegleitung "
          "des regionalen Partners. Gehen Sie die Abschnitte gemeinsam durch und halten Sie "
          "die Ergebnisse in der einseitigen Match-Vereinbarung fest. "
          "Punkte, die sich im ersten Gespräch nicht klären lassen, bekommen eine "
          "verantwortliche Person und eine Frist. Am Ende der zweiten Woche sollten alle "
          "Punkte abgehakt sein."),
    ("h2", "Rollen und Zuständigkeiten"),
    ("p", "In einem Match treffen oft Menschen aufeinander, die sehr unterschiedlich "
          "arbeiten: ein Vereinsvorstand, der ehrenamtlich abends Zeit hat, und eine "
          "Designerin mit einem vollen Terminkalender; eine Amtsleiterin mit festen "
          "Dienstwegen und ein Entwickler, der gern schnell Dinge ausprobiert. Klare "
          "Rollen verhindern, dass Entscheidungen liegen bleiben."),
    ("bullets", [
        "Feste Ansprechperson auf beiden Seiten benannt, mit Vertretung bei Urlaub oder Krankheit.",
        "Geklärt, wer Entscheidungen trifft (zum Beispiel Inhaberin, Vorstand, Bürgermeister) "
        "und wie lange eine Freigabe höchstens dauern darf.",
        "Verabredet, wer Interviews und Tests organisiert und wer Testpersonen anspricht.",
        "Festgelegt, wer Inhalte liefert: Texte, Fotos, Preise, Öffnungszeiten, Formulare.",
        "Vereinbart, wer die Lösung nach dem Match pflegt und wer dafür eingearbeitet wird.",
    ]),
    ("h2", "Ziel, Umfang und Zeitplan"),
    ("p", "Formulieren Sie gemeinsam, welches Problem der Prototyp lösen soll und woran "
          "Sie am Ende erkennen, dass er funktioniert. Ein Prototyp ist bewusst kein "
          "fertiges Produkt: Er soll zeigen, ob eine Idee im Alltag trägt."),
    ("bullets", [
        "Herausforderung in einem Satz aufgeschrieben und von beiden Seiten bestätigt.",
        "Erfolgskriterium festgelegt, zum Beispiel „zehn Online-Vorbestellungen pro Woche“ "
        "oder „neue Ehrenamtliche finden alle Infos ohne Nachfrage“.",
        "Meilensteine bis zur Abschlusspräsentation eingetragen, mit mindestens einem Testtermin.",
        "Besprochen, was ausdrücklich nicht zum Umfang gehört.",
    ]),
    ("h2", "Budget sinnvoll einsetzen"),
    ("p", "Jedes Match verfügt über ein Budget von 2.500 Euro. Damit es nicht schon in "
          "den ersten Wochen aufgebraucht ist, lohnt sich eine grobe Aufteilung auf "
          "Honorar, Werkzeuge und Material; als Richtwert gelten mindestens 1.800 Euro für "
          "Arbeitsleistung und höchstens 700 Euro für Sachkosten. Laufende Kosten nach dem Match, etwa "
          "Abonnements für Website-Baukasten, Shop-System oder Terminbuchung, müssen "
          "von der Organisation selbst getragen werden und gehören deshalb von Anfang an "
          "auf den Tisch."),
    ("bullets", [
        "Grobe Aufteilung des Budgets schriftlich festgehalten.",
        "Liste der benötigten Werkzeuge erstellt und geklärt, welche davon nach dem Match "
        "weiter bezahlt werden müssen.",
        "Vereinbart, wer Rechnungen stellt, wer sie prüft und wie Ausgaben belegt werden.",
        "Reserve für Änderungen nach den Tests eingeplant.",
    ]),
    ("h2", "Datenschutz von Anfang an"),
    ("p", "Schon in der Phase Beobachten werden personenbezogene Daten erhoben: "
          "Interviewnotizen, Aufnahmen, Fotos. Später verarbeitet der Prototyp oft "
          "selbst Daten, etwa Bestellungen, Anmeldungen oder Anträge. Kommunen müssen "
          "dabei ihre oder ihren Datenschutzbeauftragten einbeziehen."),
    ("bullets", [
        "Geklärt, welche personenbezogenen Daten im Projekt anfallen und wo sie gespeichert werden.",
        "Einwilligungsvorlage für Interviews, Fotos und Tests vorbereitet.",
        "Für jedes Werkzeug geprüft, wo es Daten verarbeitet und ob ein Vertrag zur "
        "Auftragsverarbeitung (AV-Vertrag) nötig ist.",
        "Regel vereinbart, dass keine Kundendaten in kostenlose KI-Dienste eingegeben werden.",
        "Zugänge personenbezogen angelegt, keine geteilten Passwörter per Messenger.",
        "Löschtermin für Aufnahmen und Rohdaten nach der Auswertung festgelegt.",
    ]),
    ("h2", "Kommunikation"),
    ("p", "Die meisten Matches, die ins Stocken gerieten, hatten kein fachliches, "
          "sondern ein Kommunikationsproblem. Ein fester Rhythmus und ein verabredeter "
          "Kanal helfen mehr als spontane Nachrichten zu jeder Tageszeit."),
    ("bullets", [
        "Fester Termin für eine kurze wöchentliche Abstimmung von 20 bis 30 Minuten vereinbart.",
        "Ein gemeinsamer Kanal festgelegt (E-Mail, Messenger oder Projektwerkzeug) und ein "
        "gemeinsamer Ablageort für Dateien eingerichtet.",
        "Erreichbarkeit geklärt: Wer antwortet bis wann, welche Zeiten sind tabu?",
        "Termin für eine erste kurze Retrospektive nach etwa vier Wochen eingeplant.",
    ]),
    ("h2", "Abschluss der zweiten Woche"),
    ("p", "Am Ende der zweiten Woche steht ein kurzes Gespräch von 30 Minuten: Sind alle "
          "Punkte geklärt? Passt der Zeitplan noch? Gibt es erste Erkenntnisse aus Stakeholder "
          "Map oder 5-W-Fragen, die den Plan verändern? Änderungen werden in der "
          "Match-Vereinbarung ergänzt, die beide Seiten erhalten."),
]


DATENSCHUTZ: list[Block] = [
    ("h1", "Datenschutz-Kurzleitfaden für kleine Organisationen"),
    ("p", "Dieser Leitfaden richtet sich an kleine Unternehmen, Vereine und "
          "Gemeindeverwaltungen, die im Rahmen von CIMIS II digitale Angebote aufbauen – "
          "mit Webformularen, Buchungssystemen oder KI-Werkzeugen. Er erklärt die "
          "Grundregeln der Datenschutz-Grundverordnung (DSGVO) in knapper Form und zeigt, "
          "worauf Sie in der Praxis achten sollten. Er ersetzt keine Rechtsberatung; bei "
          "Unsicherheit fragen Sie Ihre Datenschutzbeauftragte oder Ihren "
          "Datenschutzbeauftragten, Ihren Dachverband oder die Kammer."),
    ("h2", "Die Grundsätze der DSGVO"),
    ("p", "Die DSGVO gilt immer dann, wenn Sie Daten verarbeiten, die sich auf eine "
          "Person beziehen lassen: Namen, Adressen, Telefonnummern, E-Mail-Adressen, "
          "Fotos, Stimmen, aber auch IP-Adressen oder Bestellhistorien. Sechs Grundsätze "
          "aus Artikel 5 bilden den Kern."),
    ("bullets", [
        "Rechtmäßigkeit und Transparenz: Sie brauchen eine Rechtsgrundlage und müssen "
        "verständlich informieren, was Sie mit den Daten tun.",
        "Zweckbindung: Daten, die für eine Brotbestellung erhoben wurden, dürfen nicht "
        "ohne Weiteres für Werbung genutzt werden.",
        "Datenminimierung: Nur erheben, was wirklich gebraucht wird.",
        "Richtigkeit: Falsche Daten korrigieren oder löschen.",
        "Speicherbegrenzung: Daten löschen, wenn der Zweck erfüllt und keine "
        "Aufbewahrungspflicht mehr besteht.",
        "Integrität und Vertraulichkeit: Daten gegen unbefugten Zugriff und Verlust schützen.",
    ]),
    ("h2", "Auf welcher Grundlage Sie Daten verarbeiten dürfen"),
    ("p", "Artikel 6 DSGVO nennt mehrere Rechtsgrundlagen. Für kleine Organisationen sind "
          "vor allem vier wichtig. Die Vertragserfüllung deckt alles ab, was für eine "
          "Bestellung, Buchung oder Mitgliedschaft nötig ist. Rechtliche Pflichten, etwa "
          "steuerliche Aufbewahrungsfristen, erlauben die Speicherung von Rechnungen. "
          "Kommunen stützen sich meist auf die Erfüllung einer öffentlichen Aufgabe. Für "
          "alles Weitere – Newsletter, Fotos auf der Website, Aufnahmen von Interviews – "
          "brauchen Sie in der Regel eine Einwilligung, die freiwillig, informiert und "
          "nachweisbar ist und jederzeit widerrufen werden kann."),
    ("h2", "Webformulare datenschutzgerecht gestalten"),
    ("p", "Kontaktformulare, Anmeldungen und Online-Anträge sind oft der erste Ort, an "
          "dem eine Organisation digital Daten erhebt. Mit wenigen Regeln lassen sie sich "
          "sauber gestalten."),
    ("bullets", [
        "Nur Pflichtfelder, die für den Zweck wirklich nötig sind; alle weiteren Felder "
        "als freiwillig kennzeichnen.",
        "Übertragung ausschließlich verschlüsselt über HTTPS.",
        "Direkt am Formular auf die Datenschutzerklärung verlinken und kurz sagen, wofür "
        "die Daten verwendet werden.",
        "Einwilligungen, etwa für einen Newsletter, nie vorab ankreuzen und getrennt vom "
        "eigentlichen Formular abfragen.",
        "Festlegen, wie lange Formulareingänge gespeichert werden, und sie danach löschen.",
        "Wenn ein externer Formular- oder Baukastendienst genutzt wird: AV-Vertrag "
        "abschließen und Serverstandort prüfen.",
    ]),
    ("h2", "KI-Werkzeuge verantwortungsvoll nutzen"),
    ("p", "Bei KI-Werkzeugen ist entscheidend, wo die Eingaben verarbeitet werden und was "
          "der Anbieter mit ihnen tun darf. Eine einfache Ampel hilft bei der Einordnung. "
          "Grün sind Werkzeuge, die vollständig lokal auf dem eigenen Rechner laufen, etwa "
          "eine lokale Spracherkennung oder ein Bildfreisteller im Browser. Gelb sind "
          "Cloud-Dienste mit Sitz oder Servern in der EU, die einen AV-Vertrag anbieten "
          "und Eingaben nicht zum Training nutzen. Rot sind Dienste, die Daten in "
          "Drittländern verarbeiten, keinen AV-Vertrag anbieten oder sich die "
          "Trainingsnutzung vorbehalten – in der Regel die kostenlosen Varianten großer "
          "Anbieter."),
    ("bullets", [
        "Keine Namen, Adressen, Gesundheitsdaten oder Bürgeranliegen in Werkzeuge der "
        "Kategorie Rot eingeben.",
        "Vor der Nutzung Nutzungsbedingungen zu Training, Speicherdauer und Serverstandort lesen.",
        "Trainingsnutzung abschalten, wo das möglich ist.",
        "Texte vor der Eingabe anonymisieren: aus „Frau Müller aus der Hauptstraße“ wird "
        "„eine Kundin“.",
        "Ergebnisse immer prüfen, bevor sie veröffentlicht oder Entscheidungen darauf "
        "gestützt werden.",
    ]),
    ("h2", "Auftragsverarbeitung: wann ein AV-Vertrag nötig ist"),
    ("p", "Wenn ein Dienstleister personenbezogene Daten in Ihrem Auftrag verarbeitet – "
          "Webhoster, Newsletter-Dienst, Buchungssystem, Cloud-Speicher oder KI-Dienst –, "
          "schreibt Artikel 28 DSGVO einen Vertrag zur Auftragsverarbeitung vor. Viele "
          "Anbieter stellen ihn als Standarddokument im Kundenkonto bereit. Heften Sie die "
          "Verträge ab; sie gehören zu Ihrer Dokumentation. Bei Anbietern außerhalb der "
          "EU kommen zusätzliche Anforderungen an die Drittlandübermittlung hinzu."),
    ("h2", "Dokumentation und Zuständigkeiten"),
    ("p", "Auch kleine Organisationen führen ein Verzeichnis der Verarbeitungstätigkeiten "
          "nach Artikel 30: eine Tabelle, in der steht, welche Daten zu welchem Zweck, auf "
          "welcher Rechtsgrundlage, mit welchen Dienstleistern und wie lange verarbeitet "
          "werden. Kommunen und andere öffentliche Stellen müssen immer eine "
          "Datenschutzbeauftragte oder einen Datenschutzbeauftragten benennen; Unternehmen "
          "und Vereine in der Regel dann, wenn mindestens 20 Personen ständig mit der "
          "automatisierten Verarbeitung personenbezogener Daten beschäftigt sind. Die "
          "Datenschutzerklärung auf der Website muss zu dem passen, was tatsächlich "
          "eingesetzt wird – jedes neue Werkzeug ist ein Anlass, sie zu überprüfen."),
    ("h2", "Wenn etwas schiefgeht"),
    ("p", "Ein verlorener Laptop mit Mitgliederliste, eine E-Mail mit offenem Verteiler "
          "oder ein gehacktes Konto sind Datenpannen. Wenn ein Risiko für die Betroffenen "
          "besteht, muss die Panne innerhalb von 72 Stunden der zuständigen "
          "Datenschutzaufsichtsbehörde gemeldet werden, bei hohem Risiko sind auch die "
          "Betroffenen zu informieren. Legen Sie vorab fest, wer in diesem Fall "
          "entscheidet, und dokumentieren Sie jeden Vorfall, auch wenn keine Meldung nötig ist."),
    ("h2", "Kurz-Check für Ihr Projekt"),
    ("bullets", [
        "Wissen wir, welche personenbezogenen Daten unser Angebot verarbeitet?",
        "Gibt es für jede Verarbeitung eine Rechtsgrundlage?",
        "Haben wir mit allen Dienstleistern einen AV-Vertrag?",
        "Ist die Datenschutzerklärung aktuell?",
        "Sind Löschfristen festgelegt und werden sie eingehalten?",
        "Wissen alle Beteiligten, welche Daten nicht in KI-Werkzeuge gehören?",
    ]),
]


def build(blocks: list[Block], title: str, subject: str, path: Path) -> None:
    doc = Document()
    for kind, content in blocks:
        if kind == "h1":
            doc.add_heading(str(content), level=1)
        elif kind == "h2":
            doc.add_heading(str(content), level=2)
        elif kind == "p":
            doc.add_paragraph(str(content))
        elif kind == "bullets":
            for item in content:  # type: ignore[union-attr]
                doc.add_paragraph(str(item), style="List Bullet")
        else:
            raise ValueError(f"unbekannter Blocktyp: {kind}")

    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.author = "CIMIS II – Cross Innovation Made in Saxony"
    props.last_modified_by = "scripts/make_docx.py"
    props.language = "de-DE"
    props.keywords = "CIMIS II, Vorlage"
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1

    tmp = path.with_suffix(".tmp.docx")
    doc.save(str(tmp))
    _normalise_zip(tmp, path)
    tmp.unlink()


def _normalise_zip(src: Path, dst: Path) -> None:
    """Schreibt das DOCX mit festen ZIP-Zeitstempeln neu (byte-stabile Ausgabe)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, zin.read(item.filename))


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    targets = [
        (CHECKLISTE, "Checkliste: Die ersten zwei Wochen eines Matches",
         "Vorlage für den Start eines Matches: Rollen, Budget, Datenschutz, Kommunikation",
         OUT_DIR / "checkliste-match-start.docx"),
        (DATENSCHUTZ, "Datenschutz-Kurzleitfaden für kleine Organisationen",
         "DSGVO-Grundlagen für KI-Werkzeuge und Webformulare",
         OUT_DIR / "datenschutz-kurzleitfaden.docx"),
    ]
    for blocks, title, subject, path in targets:
        build(blocks, title, subject, path)
        print(f"geschrieben: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
