"""Erzeugt die Arbeitsblätter (PDF) des CIMIS-II-Beispielkorpus.

Aufruf (aus dem Repository-Wurzelverzeichnis):

    .venv/bin/python scripts/make_worksheets.py

Schreibt nach corpus/arbeitsblaetter/:
    stakeholder-map.pdf, 5-w-fragen.pdf, persona.pdf, customer-journey-map.pdf,
    feedback-matrix.pdf, methodenheft-testen.pdf

Das Skript ist deterministisch: feste Erstellungszeit, keine Zufallswerte,
sodass ein erneuter Lauf byte-gleiche Dateien erzeugt.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "corpus" / "arbeitsblaetter"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
CREATION_DATE = dt.datetime(2025, 4, 1, 9, 0, 0, tzinfo=dt.timezone.utc)

ACCENT = (31, 94, 120)  # Petrol
LIGHT = (228, 240, 244)
GREY = (110, 110, 110)


class Worksheet(FPDF):
    """A4-Arbeitsblatt mit einheitlicher Kopf- und Fußzeile."""

    def __init__(self, title: str, phase: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.sheet_title = title
        self.phase = phase
        self.add_font("DejaVu", "", str(FONT_REGULAR))
        self.add_font("DejaVu", "B", str(FONT_BOLD))
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_author("CIMIS II – Cross Innovation Made in Saxony")
        self.set_subject(f"Arbeitsblatt Design Thinking, Phase {phase}")
        self.set_keywords(f"CIMIS II, Design Thinking, {phase}, Arbeitsblatt")
        self.set_creator("scripts/make_worksheets.py")
        self.set_lang("de-DE")
        self.set_creation_date(CREATION_DATE)

    # -- Kopf/Fuß ----------------------------------------------------------
    def header(self) -> None:
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"CIMIS II · Design Thinking · Phase {self.phase}",
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.4)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.sheet_title} · Seite {self.page_no()} von {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    # -- Bausteine ---------------------------------------------------------
    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def title_block(self, title: str, subtitle: str | None = None) -> None:
        self.set_font("DejaVu", "B", 19)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 9, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        if subtitle:
            self.set_font("DejaVu", "", 10)
            self.set_text_color(*GREY)
            self.multi_cell(0, 5.5, subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_text_color(0, 0, 0)
        self.ln(3)

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 45:
            self.add_page(orientation=self.cur_orientation)
        self.ln(1.5)
        self.set_font("DejaVu", "B", 12)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 6.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(0.5)

    def paragraph(self, text: str, size: float = 10) -> None:
        self.set_font("DejaVu", "", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def facts(self, items: list[tuple[str, str]]) -> None:
        """Eckdaten als zweispaltige Liste (fett: Bezeichnung)."""
        label_w = 34
        for label, value in items:
            self.set_font("DejaVu", "B", 9.5)
            y = self.get_y()
            self.cell(label_w, 5, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.set_font("DejaVu", "", 9.5)
            self.multi_cell(self.content_width - label_w, 5, value, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            if self.get_y() < y + 5:
                self.set_y(y + 5)
        self.ln(1.5)

    def steps(self, items: list[str]) -> None:
        self.set_font("DejaVu", "", 10)
        for number, text in enumerate(items, start=1):
            x = self.l_margin
            self.set_x(x)
            self.set_font("DejaVu", "B", 10)
            self.cell(7, 5, f"{number}.", new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.set_font("DejaVu", "", 10)
            self.multi_cell(self.content_width - 7, 5, text, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(0.8)
        self.ln(1)

    def bullets(self, items: list[str], size: float = 10) -> None:
        for text in items:
            self.set_font("DejaVu", "", size)
            self.cell(5, size * 0.5, "•", new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.multi_cell(self.content_width - 5, size * 0.5, text, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(0.6)
        self.ln(1)

    def field(self, label: str, height: float, hint: str | None = None) -> None:
        """Beschriftetes, leeres Feld zum Ausfüllen."""
        if self.get_y() + height + 7 > self.h - self.b_margin:
            self.add_page(orientation=self.cur_orientation)
        self.set_font("DejaVu", "B", 9.5)
        self.cell(0, 5, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y = self.get_y()
        self.set_draw_color(150, 150, 150)
        self.set_line_width(0.25)
        self.rect(self.l_margin, y, self.content_width, height)
        if hint:
            self.set_xy(self.l_margin + 1.5, y + 1.2)
            self.set_font("DejaVu", "", 7.5)
            self.set_text_color(*GREY)
            self.multi_cell(self.content_width - 3, 3.6, hint, align="L")
            self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin, y + height + 2.5)

    def field_row(self, labels: list[str], height: float) -> None:
        """Mehrere gleich breite Felder nebeneinander."""
        gap = 3
        n = len(labels)
        w = (self.content_width - gap * (n - 1)) / n
        if self.get_y() + height + 7 > self.h - self.b_margin:
            self.add_page(orientation=self.cur_orientation)
        y = self.get_y()
        self.set_font("DejaVu", "B", 9.5)
        for i, label in enumerate(labels):
            self.set_xy(self.l_margin + i * (w + gap), y)
            self.cell(w, 5, label)
        self.set_draw_color(150, 150, 150)
        self.set_line_width(0.25)
        for i in range(n):
            self.rect(self.l_margin + i * (w + gap), y + 5, w, height)
        self.set_xy(self.l_margin, y + 5 + height + 2.5)

    def grid(self, headers: list[str], widths: list[float], rows: int, row_h: float,
             first_col: list[str] | None = None, font_size: float = 9) -> None:
        """Tabelle mit Kopfzeile und leeren Zeilen; optional vorbelegte erste Spalte."""
        total = sum(widths)
        widths = [w * self.content_width / total for w in widths]
        self.set_font("DejaVu", "B", font_size)
        line_h = font_size * 0.48
        n_lines = max(len(self.multi_cell(w - 2, line_h, h, dry_run=True, output="LINES"))
                      for w, h in zip(widths, headers))
        head_h = n_lines * line_h + 3
        if self.get_y() + head_h + row_h * min(rows, 3) > self.h - self.b_margin:
            self.add_page(orientation=self.cur_orientation)
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.25)
        self.set_fill_color(*LIGHT)
        y = self.get_y()
        x = self.l_margin
        for w, h in zip(widths, headers):
            self.rect(x, y, w, head_h, style="DF")
            self.set_xy(x + 1, y + 1.5)
            self.multi_cell(w - 2, line_h, h, align="L")
            x += w
        y += head_h
        for r in range(rows):
            if y + row_h > self.h - self.b_margin:
                self.add_page(orientation=self.cur_orientation)
                y = self.get_y()
            x = self.l_margin
            for c, w in enumerate(widths):
                self.rect(x, y, w, row_h)
                if c == 0 and first_col and r < len(first_col):
                    self.set_font("DejaVu", "B", font_size)
                    self.set_xy(x + 1, y + 1.5)
                    self.multi_cell(w - 2, line_h, first_col[r], align="L")
                x += w
            y += row_h
        self.set_xy(self.l_margin, y + 3)

    def tip_box(self, title: str, tips: list[str]) -> None:
        self.set_font("DejaVu", "", 9.5)
        text_w = self.content_width - 10
        height = 9
        for tip in tips:
            lines = self.multi_cell(text_w, 4.8, tip, dry_run=True, output="LINES")
            height += len(lines) * 4.8 + 1
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page(orientation=self.cur_orientation)
        y = self.get_y()
        self.set_fill_color(*LIGHT)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.4)
        self.rect(self.l_margin, y, self.content_width, height, style="DF")
        self.set_xy(self.l_margin + 4, y + 2)
        self.set_font("DejaVu", "B", 10)
        self.set_text_color(*ACCENT)
        self.cell(0, 5, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_font("DejaVu", "", 9.5)
        for tip in tips:
            self.set_x(self.l_margin + 4)
            self.cell(4, 4.8, "–", new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.multi_cell(text_w - 2, 4.8, tip, align="L", new_x=XPos.LMARGIN,
                            new_y=YPos.NEXT)
            self.ln(1)
        self.set_xy(self.l_margin, y + height + 3)


def save(pdf: Worksheet, name: str) -> Path:
    path = OUT_DIR / name
    pdf.output(str(path))
    return path


# ---------------------------------------------------------------------------
# Stakeholder Map
# ---------------------------------------------------------------------------
def stakeholder_map() -> Path:
    pdf = Worksheet("Arbeitsblatt Stakeholder Map", "Verstehen")
    pdf.add_page()
    pdf.title_block("Stakeholder Map",
                    "Arbeitsblatt zur Methode Stakeholder Map · Phase Verstehen · "
                    "60 Minuten · 3 bis 8 Personen")
    pdf.heading("Wozu dieses Blatt dient")
    pdf.paragraph(
        "Jedes Vorhaben berührt mehr Menschen, als man beim ersten Nachdenken im Kopf hat. "
        "Die Stakeholder Map macht sichtbar, wer von Ihrem Vorhaben betroffen ist, wer es "
        "nutzen soll und wer darüber mitentscheidet – von der Stammkundin über den "
        "Vereinsvorstand bis zum Gemeinderat oder dem Lieferanten. So erkennen Sie früh, "
        "mit wem Sie sprechen sollten, wessen Unterstützung Sie brauchen und wo Konflikte "
        "drohen. Das Ergebnis ist die Grundlage für die Auswahl Ihrer Interviewpartner in "
        "der Phase Beobachten.")
    pdf.heading("Anleitung")
    pdf.paragraph(
        "Drucken Sie die Karte auf Seite 2 möglichst in A3 aus oder übertragen Sie die drei "
        "Kreise auf ein Flipchart. Sie brauchen Haftnotizen in drei Farben (Gelb für "
        "Nutzende, Blau für Mitwirkende, Rosa für Entscheidende und Geldgeber), dicke "
        "Filzstifte, etwa drei Klebepunkte pro Person und einen Timer. Eine Person "
        "moderiert und achtet auf die Zeit.")
    pdf.steps([
        "Einstieg und Kernfrage (5 Minuten): Schreiben Sie Ihr Vorhaben in einem Satz in die "
        "Mitte, zum Beispiel „Mehr junge Menschen für die Mitarbeit im Heimatverein gewinnen“.",
        "Still sammeln (15 Minuten): Alle notieren für sich Personen und Gruppen, je eine "
        "pro Haftnotiz. Denken Sie auch an Menschen, die heute fehlen oder skeptisch sind.",
        "Platzieren (15 Minuten): Kleben Sie die Notizen auf die Ringe. Innen stehen die "
        "direkt Betroffenen, im mittleren Ring die Mitwirkenden, außen das weitere Umfeld, "
        "das Rahmenbedingungen setzt oder Einfluss nimmt. Doppelte Nennungen übereinanderkleben.",
        "Beziehungen zeichnen (10 Minuten): Verbinden Sie Stakeholder mit Linien. Ein Plus "
        "steht für Verbündete, ein Blitz für Spannungen.",
        "Wissenslücken markieren (10 Minuten): Jede Person vergibt drei Klebepunkte an die "
        "Gruppen, über die das Team am wenigsten weiß.",
        "Festhalten (5 Minuten): Fotografieren Sie die Karte. Die Gruppen mit den meisten "
        "Punkten tragen Sie in die Tabelle auf Seite 2 ein – sie sind Ihre Gesprächsliste "
        "für die Phase Beobachten. Einfluss und Interesse schätzen Sie dort mit hoch, mittel "
        "oder gering ein.",
    ])
    pdf.field("Unser Vorhaben in einem Satz:", 16)
    pdf.tip_box("Tipps aus den CIMIS-Matches", [
        "Fragen Sie: Wer wäre enttäuscht, wenn das Projekt scheitert? Wer könnte es "
        "ausbremsen? So finden Sie auch die leisen Stakeholder.",
        "Schreiben Sie konkrete Rollen statt Sammelbegriffe: „Eltern von Kita-Kindern unter "
        "drei Jahren“ ist hilfreicher als „Bürger“.",
        "Fotografieren Sie die fertige Karte. Sie verändert sich im Laufe des Projekts und "
        "ist ein guter Einstieg für die Retrospektive.",
    ])

    # Seite 2: Ringdiagramm und Tabelle
    pdf.add_page()
    pdf.heading("Ihre Stakeholder-Karte")
    cx = pdf.w / 2
    top = pdf.get_y() + 2
    radii = [60, 44, 28, 12]
    cy = top + radii[0]
    pdf.set_line_width(0.4)
    fills = [(246, 250, 251), (236, 245, 248), (222, 237, 242), (205, 228, 236)]
    for r, fill in zip(radii, fills):
        pdf.set_fill_color(*fill)
        pdf.set_draw_color(*ACCENT)
        pdf.ellipse(cx - r, cy - r, 2 * r, 2 * r, style="DF")
    pdf.set_font("DejaVu", "B", 8)
    pdf.set_text_color(*ACCENT)
    band_labels = ["Weiteres Umfeld", "Mitwirkende", "Direkt Betroffene"]
    for text, r_out, r_in in zip(band_labels, radii, radii[1:]):
        pdf.set_xy(cx - 25, cy - (r_out + r_in) / 2 - 2)
        pdf.cell(50, 4, text, align="C")
    pdf.set_xy(cx - 12, cy - 2)
    pdf.cell(24, 4, "Vorhaben", align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, cy + radii[0] + 5)
    pdf.heading("Bewertung der wichtigsten Stakeholder")
    pdf.grid(["Stakeholder", "Rolle / Beziehung zum Vorhaben", "Einfluss (h/m/g)",
              "Interesse (h/m/g)", "Was wollen wir von ihnen erfahren?"],
             [28, 36, 19, 19, 46], rows=8, row_h=9)
    return save(pdf, "stakeholder-map.pdf")


# ---------------------------------------------------------------------------
# 5-W-Fragen
# ---------------------------------------------------------------------------
def fuenf_w_fragen() -> Path:
    pdf = Worksheet("Arbeitsblatt 5-W-Fragen", "Verstehen")
    pdf.add_page()
    pdf.title_block("5-W-Fragen",
                    "Arbeitsblatt zur Methode 5-W-Fragen · Phase Verstehen · "
                    "30 Minuten · 2 bis 6 Personen")
    pdf.heading("Wozu dieses Blatt dient")
    pdf.paragraph(
        "Mit den fünf W-Fragen – Wer, Was, Wann, Wo und Warum – zerlegen Sie eine noch "
        "unscharfe Herausforderung in ihre Bestandteile. Das Blatt hilft, gemeinsames "
        "Verständnis im Team herzustellen, bevor über Lösungen gesprochen wird. Zugleich "
        "trennt es sauber, was Sie sicher wissen und was Sie nur vermuten. Die Vermutungen "
        "sind Ihr Arbeitsauftrag für die Phase Beobachten.")
    pdf.heading("Anleitung")
    pdf.paragraph(
        "Jede Person bekommt ein ausgedrucktes Blatt; die Moderation arbeitet am Whiteboard. "
        "Beantworten Sie die Fragen zuerst einzeln und vergleichen Sie dann. Unterschiedliche "
        "Antworten sind kein Fehler, sondern ein wertvoller Hinweis auf blinde Flecken.")
    pdf.steps([
        "Ausgangssatz notieren (3 Minuten): Die Moderation schreibt den Auftrag wörtlich so "
        "auf, wie er genannt wurde, etwa „Unsere Ferienwohnungen werden fast nur über "
        "Buchungsportale gebucht“ – ohne ihn zu verbessern.",
        "Einzeln beantworten (10 Minuten): Alle füllen die Tabelle auf Seite 2 still aus, "
        "etwa zwei Minuten pro Frage, mit konkreten Zahlen, Orten und Uhrzeiten. Kennzeichnen "
        "Sie jede Antwort mit W für Wissen (belegt durch Zahlen, Beobachtung oder Gespräche) "
        "oder A für Annahme.",
        "Vergleichen (8 Minuten): Lesen Sie die Antworten Frage für Frage vor. Abweichungen "
        "werden festgehalten, nicht diskutiert.",
        "Warum vertiefen (5 Minuten): Fragen Sie bei der Warum-Antwort dreimal hintereinander "
        "nach, bis eine Ursache auftaucht, die niemand erwartet hat.",
        "Neu formulieren (4 Minuten): Formulieren Sie gemeinsam einen neuen Satz, der das "
        "Problem beschreibt statt einer Lösung.",
        "Nach der Sitzung: Notieren Sie für jede Annahme (A), wie Sie sie prüfen – Gespräch, "
        "Kurzumfrage, Zahlen aus der Kasse oder Beobachtung vor Ort – und bis wann.",
    ])
    pdf.field("Ausgangslage in einem Satz:", 14)
    pdf.tip_box("Tipps", [
        "Die erste Antwort auf „Warum?“ ist selten die eigentliche Ursache. Fragen Sie "
        "ruhig nach: „Und warum ist das so?“",
        "Beim Wer lohnt es sich, zwischen denen zu unterscheiden, die entscheiden, und "
        "denen, die etwas tatsächlich tun oder nutzen.",
        "Wenn die Spalte „Wissen“ fast leer bleibt, ist das ein gutes Ergebnis: Sie wissen "
        "jetzt, wo Sie nachfragen müssen.",
    ])
    pdf.add_page()
    pdf.heading("Ihre Antworten")
    pdf.grid(["Frage", "Unsere Antwort (Stichworte)", "W oder A?",
              "Wie prüfen wir das? Bis wann?"],
             [24, 72, 18, 50], rows=5, row_h=30,
             first_col=["Wer ist betroffen?", "Was genau passiert?",
                        "Wann tritt es auf?", "Wo tritt es auf?", "Warum ist es wichtig?"])
    pdf.field("Zusammenfassung: Wer hat wann und wo welches Problem – und warum ist das wichtig?",
              26)
    pdf.paragraph(
        "Zusatzfrage für Fortgeschrittene: Wie wird das Problem heute gelöst? Notieren Sie "
        "Umwege und Notlösungen, etwa Zettel an der Kasse oder Listen im Messenger – sie "
        "verraten, wo eine digitale Lösung ansetzen kann.", size=9.5)
    return save(pdf, "5-w-fragen.pdf")


# ---------------------------------------------------------------------------
# Persona
# ---------------------------------------------------------------------------
def persona() -> Path:
    pdf = Worksheet("Arbeitsblatt Persona", "Standpunkt definieren")
    pdf.add_page()
    pdf.title_block("Persona",
                    "Arbeitsblatt zur Methode Persona · Phase Standpunkt definieren · "
                    "60 Minuten · 2 bis 6 Personen")
    pdf.heading("Wozu dieses Blatt dient")
    pdf.paragraph(
        "Eine Persona ist ein erfundenes, aber auf echten Beobachtungen beruhendes Porträt "
        "einer typischen Person aus Ihrer Zielgruppe. Sie verdichtet das, was Sie in "
        "Interviews und Beobachtungen gelernt haben, zu einem greifbaren Menschen mit "
        "Namen, Zielen und Frustrationen. Im weiteren Projekt können Sie dann fragen: "
        "Würde Gisela das verstehen? Hilft das Jonas wirklich? Damit bleiben Entscheidungen "
        "nah an den Menschen, für die Sie gestalten.")
    pdf.heading("Anleitung")
    pdf.paragraph(
        "Legen Sie Ihre Notizen aus mindestens drei Interviews oder Beobachtungen bereit. "
        "Eine Persona ohne Datengrundlage ist ein Wunschbild und führt in die Irre. Füllen "
        "Sie pro Persona ein Blatt aus; für die meisten Vorhaben genügen zwei, höchstens "
        "drei Personas.")
    pdf.steps([
        "Erkenntnisse sichten (10 Minuten): Legen Sie Interviewnotizen, Fotos und Zitate aus "
        "der Phase Beobachten aus und lesen Sie sie still.",
        "Muster wählen (10 Minuten): Entscheiden Sie gemeinsam, welche Gruppe von Menschen die "
        "Persona verkörpern soll und was diese Gruppe von anderen unterscheidet – in Zielen "
        "und Verhalten, nicht nur im Alter.",
        "Steckbrief ausfüllen (20 Minuten): Vergeben Sie Name, Alter und Wohnort und füllen "
        "Sie die Felder auf Seite 2 aus: Situation, drei Ziele, drei Frustrationen, "
        "bevorzugte Kanäle und ein typisches Zitat.",
        "Realitätsprobe (10 Minuten): Nennen Sie zu jeder Angabe die Quelle, zum Beispiel "
        "„Interview 3“. Was sich auf keine Beobachtung stützt, wird gestrichen oder als "
        "Vermutung markiert.",
        "Vorstellen und aufhängen (10 Minuten): Stellen Sie die Persona in der Ich-Form vor "
        "und hängen Sie sie gut sichtbar auf oder legen Sie sie in den gemeinsamen Online-Ordner.",
    ])
    pdf.tip_box("Tipps", [
        "Verwenden Sie keine Namen realer Personen aus Ihren Interviews und keine "
        "erkennbaren Details, die Rückschlüsse auf Einzelne zulassen.",
        "Vorsicht vor Klischees: „Rentnerin, kann kein Internet“ ist keine Persona. "
        "Viele Menschen über 70 kaufen regelmäßig online ein.",
        "Ein echtes Zitat aus einem Interview macht die Persona lebendig und ist "
        "überzeugender als jede Beschreibung.",
        "Hängen Sie die Persona sichtbar auf und nutzen Sie sie bei jeder "
        "Entscheidung im Prototyping.",
    ])
    pdf.add_page()
    pdf.heading("Steckbrief")
    pdf.field_row(["Name", "Alter", "Wohnort"], 10)
    pdf.field_row(["Skizze oder Foto (Symbolbild)", "Lebenssituation, Beruf, Familie"], 34)
    pdf.field("Typisches Zitat:", 14, "Ein Satz, den diese Person so sagen würde – am besten "
              "aus einem Interview übernommen.")
    pdf.field_row(["Drei Ziele", "Drei Frustrationen"], 40)
    pdf.field_row(["Bevorzugte Kanäle und Geräte", "Was ihr wirklich wichtig ist"], 30)
    pdf.field("Wie kann unser Vorhaben dieser Person helfen?", 22)
    pdf.field("Belege (Interviews, Beobachtungen):", 10)
    return save(pdf, "persona.pdf")


# ---------------------------------------------------------------------------
# Customer Journey Map
# ---------------------------------------------------------------------------
def customer_journey_map() -> Path:
    pdf = Worksheet("Arbeitsblatt Customer Journey Map", "Beobachten")
    pdf.add_page()
    pdf.title_block("Customer Journey Map",
                    "Arbeitsblatt zur Methode Customer Journey Map · Phase Beobachten · "
                    "90 Minuten · 3 bis 8 Personen")
    pdf.heading("Wozu dieses Blatt dient")
    pdf.paragraph(
        "Die Customer Journey Map zeichnet den Weg einer Person nach, die mit Ihrem "
        "Angebot in Berührung kommt: vom ersten Hören über die Suche nach Informationen "
        "und die Entscheidung bis zur Nutzung und dem, was danach passiert. Sie zeigt, an "
        "welchen Berührungspunkten Menschen hängen bleiben, sich ärgern oder aufgeben – "
        "und wo kleine Verbesserungen große Wirkung haben. Gerade bei Buchungen, "
        "Bestellungen und Anträgen werden so Brüche zwischen Papier, Telefon und Website "
        "sichtbar.")
    pdf.heading("Anleitung")
    pdf.paragraph(
        "Wählen Sie eine konkrete Person (am besten eine Persona) und ein konkretes "
        "Ziel, zum Beispiel „Familie Krause möchte für den Samstag eine Führung im "
        "Schaubergwerk buchen“. Nutzen Sie die Tabelle auf Seite 2 im Querformat, ideal "
        "auf A3 vergrößert. Tragen Sie nur ein, was Sie beobachtet oder gehört haben; "
        "Vermutungen kennzeichnen Sie mit einem Fragezeichen.")
    pdf.steps([
        "Person und Anlass wählen (10 Minuten): Legen Sie fest, wessen Weg Sie abbilden und "
        "aus welchem Anlass, und tragen Sie beides oben auf Seite 2 ein.",
        "Etappen festlegen (10 Minuten): Die fünf vorgegebenen Spalten sind ein Vorschlag. "
        "Benennen Sie fünf bis sieben Etappen so, wie es zu Ihrem Angebot passt.",
        "Berührungspunkte eintragen (20 Minuten): Notieren Sie für jede Etappe alle "
        "Kontaktstellen – Suchmaschine, Beitrag in sozialen Medien, Telefonat, Aushang, "
        "Rechnung per Post, Paketbote.",
        "Handlungen und Gedanken ergänzen (20 Minuten): Was tut die Person, was geht ihr durch "
        "den Kopf? Verwenden Sie, wo möglich, wörtliche Zitate aus Interviews.",
        "Gefühlskurve zeichnen (15 Minuten): Markieren Sie in jeder Spalte mit einem Punkt, "
        "wie es der Person geht – oben „begeistert“, unten „verärgert“ – und verbinden Sie "
        "die Punkte zu einer Linie.",
        "Schmerzpunkte markieren (15 Minuten): Kreisen Sie die drei tiefsten Stellen der Kurve "
        "ein und notieren Sie die Ursachen. Sie sind der Ausgangspunkt für die Phase "
        "Standpunkt definieren und für erste Wie-könnten-wir-Fragen.",
    ])
    pdf.tip_box("Tipps", [
        "Gehen Sie den Weg selbst: Ein Selbsttest, bei dem Sie als Kundin oder Kunde "
        "anrufen oder online buchen, liefert viele Einträge in kurzer Zeit.",
        "Vergessen Sie die Zeit nach dem Kauf nicht: Bestätigung, Anreise, Rückfragen und "
        "Bewertungen gehören zur Journey.",
        "Eine Journey pro Persona. Wer alles in eine Karte packt, erkennt keine Muster.",
    ])
    pdf.add_page(orientation="L")
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, "Person:  ______________________________     "
             "Ziel:  ____________________________________________________",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    phases = ["Aufmerksam werden", "Informieren", "Entscheiden und buchen",
              "Nutzen und erleben", "Danach"]
    pdf.grid(["Phase →"] + phases, [34] + [40] * 5, rows=6, row_h=22.5,
             first_col=["Berührungspunkte", "Handlungen", "Gedanken und Zitate",
                        "Gefühlskurve (begeistert – verärgert)", "Schmerzpunkte", "Chancen"],
             font_size=8.5)
    return save(pdf, "customer-journey-map.pdf")


# ---------------------------------------------------------------------------
# Feedback-Matrix
# ---------------------------------------------------------------------------
def feedback_matrix() -> Path:
    pdf = Worksheet("Arbeitsblatt Feedback-Matrix", "Testen")
    pdf.add_page()
    pdf.title_block("Feedback-Matrix",
                    "Arbeitsblatt zur Methode Feedback-Matrix · Phase Testen · "
                    "30 Minuten · 3 bis 12 Personen")
    pdf.heading("Wozu dieses Blatt dient")
    pdf.paragraph(
        "Die Feedback-Matrix ordnet Rückmeldungen zu einem Prototyp in vier Felder: was "
        "gefällt, was kritisch gesehen wird, welche Fragen offen sind und welche neuen "
        "Ideen entstanden. So wird aus einer lebhaften Diskussion eine strukturierte "
        "Sammlung, mit der Sie weiterarbeiten können. Die Matrix eignet sich nach einer "
        "Präsentation im Verein, nach einem Testtermin mit Kundschaft oder zum Abschluss "
        "eines Workshops.")
    pdf.heading("Anleitung")
    pdf.steps([
        "Prototyp vorstellen (5 Minuten): Zeigen Sie den Prototyp oder lassen Sie ihn "
        "herumgehen und nennen Sie die Frage, zu der Sie Rückmeldung brauchen.",
        "Matrix erklären (2 Minuten): Die Moderation zeigt die vier Felder und ordnet jedem "
        "Feld eine Haftnotizfarbe zu.",
        "Still notieren (8 Minuten): Alle schreiben Rückmeldungen auf Haftnotizen, je Gedanke "
        "eine Notiz, und kleben sie in das passende Feld.",
        "Vorlesen und ordnen (10 Minuten): Die Moderation liest Feld für Feld vor, fasst "
        "Doppeltes zusammen und klärt Unverständliches direkt mit den Verfassenden. Rückfragen "
        "sind erlaubt, Verteidigen nicht.",
        "Nächste Schritte ableiten (5 Minuten): Markieren Sie höchstens drei Wünsche oder "
        "Fragen, die Sie bis zum nächsten Treffen angehen, tragen Sie sie in die Tabelle auf "
        "Seite 2 ein und fotografieren Sie die Matrix.",
    ])
    pdf.heading("Die vier Felder")
    # 2x2-Matrix
    size_w = pdf.content_width / 2
    size_h = 52
    y0 = pdf.get_y() + 1
    quadrants = [
        ("+  Das gefällt", "Was funktioniert? Was soll unbedingt bleiben?"),
        ("Δ  Das wünsche ich mir anders", "Was stört, verwirrt oder fehlt? Am besten als Wunsch: „Ich wünsche mir …“"),
        ("?  Offene Fragen", "Was ist unklar geblieben?"),
        ("!  Neue Ideen", "Welche Einfälle sind beim Ausprobieren entstanden?"),
    ]
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.5)
    for i, (title, hint) in enumerate(quadrants):
        x = pdf.l_margin + (i % 2) * size_w
        y = y0 + (i // 2) * size_h
        pdf.rect(x, y, size_w, size_h)
        pdf.set_xy(x + 2, y + 2)
        pdf.set_font("DejaVu", "B", 10.5)
        pdf.set_text_color(*ACCENT)
        pdf.cell(size_w - 4, 5.5, title)
        pdf.set_text_color(*GREY)
        pdf.set_font("DejaVu", "", 8)
        pdf.set_xy(x + 2, y + 8)
        pdf.multi_cell(size_w - 4, 4, hint, align="L")
        pdf.set_text_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, y0 + 2 * size_h + 4)
    pdf.add_page()
    pdf.heading("Von der Rückmeldung zur Änderung")
    pdf.grid(["Rückmeldung", "Feld (+ Δ ? !)", "Wie oft?", "Aufwand (klein / groß)",
              "Was ändern wir?", "Wer, bis wann?"],
             [38, 17, 19, 19, 38, 23], rows=10, row_h=11)
    pdf.tip_box("Tipps", [
        "Bitten Sie ausdrücklich auch um Kritik: „Was hat Sie gestört?“ öffnet mehr als "
        "„Wie fanden Sie es?“.",
        "Wer den Prototyp gebaut hat, sollte nicht moderieren. So fällt es leichter, "
        "zuzuhören statt zu erklären.",
        "Kleine Änderungen mit großer Wirkung zuerst erledigen; große Umbauten mit der "
        "Punktabstimmung priorisieren.",
        "Bewahren Sie die Matrix auf: Beim nächsten Test sehen Sie, ob die Kritik "
        "verschwunden ist.",
    ])
    return save(pdf, "feedback-matrix.pdf")


# ---------------------------------------------------------------------------
# Methodenheft Testen (sechs Seiten, ein Thema je Seite)
# ---------------------------------------------------------------------------
METHODENHEFT = [
    {
        "title": "Usability-Test mit lautem Denken",
        "intro": (
            "Beim Usability-Test lösen echte Nutzerinnen und Nutzer typische Aufgaben mit "
            "Ihrem Prototyp und sprechen dabei laut aus, was sie denken, suchen und "
            "erwarten. Sie sehen so unmittelbar, wo Menschen stocken, raten oder aufgeben. "
            "Schon drei Testpersonen zeigen die gröbsten Stolperstellen; mit fünf Personen "
            "entdecken Sie die meisten schwerwiegenden Probleme. Mehr lohnt sich erst nach "
            "einer Überarbeitung in einer zweiten Runde."),
        "facts": [
            ("Dauer", "Kurzformat etwa 90 Minuten: Vorbereitung, drei Sitzungen zu je "
                      "15 Minuten, Auswertung; ausführliche Sitzungen 30 bis 45 Minuten je Person"),
            ("Personen", "3 bis 5 Testpersonen aus der Zielgruppe; im Team 1 Moderation, "
                         "1 Protokoll"),
            ("Material", "Prototyp auf dem Zielgerät, ausgedruckte Testaufgaben, "
                         "Beobachtungsprotokoll, Einverständniserklärung, kleines Dankeschön"),
        ],
        "steps": [
            "Zwei bis drei Aufgaben mit konkretem Anlass formulieren, zum Beispiel „Bestellen "
            "Sie zwei Brote zur Abholung am Samstag“ – ohne Begriffe aus der Oberfläche wie "
            "„Klicken Sie auf Warenkorb“.",
            "Begrüßung: Erklären, dass der Prototyp getestet wird, nicht die Person. "
            "Einverständnis für Notizen oder Aufzeichnung einholen und kurz ins laute Denken "
            "einweisen.",
            "Aufgaben: Die Testperson arbeitet allein und denkt laut. Die Moderation hilft "
            "nicht, sondern fragt nur: „Was erwarten Sie hier?“ Das Protokoll notiert Zitate "
            "und Stolperstellen mit Zeitangabe.",
            "Nachgespräch mit zwei Abschlussfragen: größter Stolperstein, ein Wunsch.",
            "Auswertung am selben oder nächsten Tag: Beobachtungen bündeln und jede "
            "Stolperstelle als kritisch, störend oder kosmetisch einstufen. Kritische vor dem "
            "nächsten Test beheben.",
        ],
        "example": (
            "Im Match zum Onlineshop einer Drechslerei in Seiffen sollten fünf Stammkunden, "
            "einer davon per Videoanruf, einen Pyramidenflügel mit 18 Zentimetern Durchmesser "
            "finden und bestellen. Niemand suchte den Ersatzteil-Finder unter dem Menüpunkt "
            "„Service“, wo er zunächst versteckt war. Nach dem Umzug in die Hauptnavigation "
            "wurde er deutlich häufiger genutzt."),
        "tips": [
            "Schweigen aushalten: Zählen Sie innerlich bis zehn, bevor Sie nachfragen.",
            "Probleme, die bei mindestens zwei Testpersonen auftreten, zuerst beheben.",
        ],
    },
    {
        "title": "Feedback-Matrix",
        "intro": (
            "Die Feedback-Matrix sammelt Rückmeldungen in vier Feldern: oben links, was "
            "gefällt; oben rechts, was man sich anders wünscht; unten links offene Fragen; "
            "unten rechts neue Ideen. Sie eignet sich besonders, wenn mehrere Menschen "
            "gleichzeitig einen Prototyp sehen, etwa bei einem Peer-Learning-Treffen, einer "
            "Vereinssitzung oder einer Präsentation im Gemeinderat. Eine Vorlage zum Ausdrucken "
            "gibt es als eigenes Arbeitsblatt Feedback-Matrix."),
        "facts": [
            ("Dauer", "etwa 30 Minuten"),
            ("Personen", "3 bis 12 Teilnehmende, 1 Moderation"),
            ("Material", "Pinnwand oder Flipchart mit vier Feldern, Haftnotizen in vier "
                         "Farben, Stifte"),
        ],
        "steps": [
            "Prototyp in etwa 5 Minuten vorstellen oder herumgeben und die Frage nennen, zu "
            "der Rückmeldung gebraucht wird.",
            "Die vier Felder erklären und jedem eine Haftnotizfarbe zuordnen (2 Minuten).",
            "Acht Minuten still schreiben: eine Rückmeldung pro Haftnotiz, direkt ins "
            "passende Feld kleben.",
            "Feldweise vorlesen und Doppeltes bündeln (10 Minuten); nur Verständnisfragen "
            "zulassen, keine Verteidigung.",
            "Höchstens drei Wünsche oder Fragen für das nächste Treffen festlegen und die "
            "Matrix fotografieren (5 Minuten).",
        ],
        "example": (
            "Ein Imkerverein sammelte nach dem ersten Verkaufsmonat seines gemeinsamen "
            "Honigshops Rückmeldungen von Kundschaft und Mitgliedern in der Matrix. Im Feld "
            "„Das gefällt“ standen vor allem die Profile der einzelnen Imkerinnen und Imker, "
            "im Feld für Wünsche fehlte vielen ein Geschenkkarton – der inzwischen angeboten wird."),
        "tips": [
            "Beginnen Sie mit dem Feld „Das gefällt“ – das schafft eine offene Atmosphäre.",
            "Die Matrix sammelt Meinungen, keine Beobachtungen. Ob etwas bedienbar ist, zeigt "
            "erst der Usability-Test.",
        ],
    },
    {
        "title": "A/B-Test",
        "intro": (
            "Beim A/B-Test sehen zwei Gruppen von Besucherinnen und Besuchern zwei Varianten "
            "derselben Seite, die sich nur in einem einzigen Element unterscheiden – etwa "
            "der Beschriftung eines Buttons oder dem Bild auf der Startseite. Gemessen wird, "
            "welche Variante ein vorher festgelegtes Ziel häufiger erreicht. Der Test "
            "braucht genügend Besuch: Mit wenigen Dutzend Aufrufen im Monat entscheiden "
            "Zufälle, nicht die Gestaltung."),
        "facts": [
            ("Dauer", "etwa 60 Minuten Planung; Laufzeit mindestens 2 volle Wochen "
                      "einschließlich Wochenenden"),
            ("Personen", "1 bis 4 im Team; Faustregel: mehrere hundert Besuche je Variante"),
            ("Material", "Website oder Newsletter mit Aufteilungsfunktion, zwei Varianten, "
                         "Tabelle für Kennzahlen, datenschutzkonforme Einwilligung für die Messung"),
        ],
        "steps": [
            "Hypothese aufschreiben: „Wenn der Button ‚Jetzt Termin wählen‘ statt ‚Absenden‘ "
            "heißt, buchen mehr Menschen einen Termin.“",
            "Eine einzige Messgröße festlegen, zum Beispiel abgeschlossene Buchungen je 100 Besuche.",
            "Variante B bauen; alles andere bleibt gleich.",
            "Besucher zufällig aufteilen und den Test laufen lassen, ohne zwischendurch "
            "abzubrechen, auch wenn eine Variante früh vorne liegt.",
            "Ergebnis nach der vereinbarten Entscheidungsregel auswerten und dokumentieren – "
            "auch ein „kein Unterschied“ ist ein Ergebnis.",
        ],
        "example": (
            "Ein typischer Fall aus kleinen Organisationen: Eine Website hat nur rund 300 "
            "Besuche im Monat, das Team möchte aber zwei Startseiten vergleichen. Ein A/B-Test "
            "würde Monate dauern und trotzdem kaum belastbare Zahlen liefern. Besser ist ein "
            "Präferenztest mit 15 Personen aus der Zielgruppe; echte A/B-Tests lohnen sich eher "
            "für die Betreffzeile eines Newsletters mit mehreren hundert Empfängerinnen und "
            "Empfängern."),
        "tips": [
            "Bei wenig Besuch besser einen Präferenztest machen: 10 bis 20 Personen sehen "
            "beide Varianten und sagen, welche sie wählen würden und warum.",
            "Newsletter-Betreffzeilen sind ein guter erster A/B-Test, weil die Verteiler "
            "oft groß genug sind.",
        ],
    },
    {
        "title": "Test-Karte",
        "intro": (
            "Die Test-Karte zwingt dazu, einen Test zu planen, bevor man ihn durchführt. "
            "Auf einer Karte stehen vier Sätze: Wir glauben, dass … Um das zu prüfen, "
            "werden wir … Dabei messen wir … Wir liegen richtig, wenn … So wird verhindert, "
            "dass man hinterher jedes Ergebnis als Erfolg deutet. Nach dem Test wird die "
            "Karte um eine Lern-Karte ergänzt: Was haben wir beobachtet, was folgt daraus?"),
        "facts": [
            ("Dauer", "etwa 25 Minuten zum Ausfüllen, fünf Schritte zu je 5 Minuten; "
                      "später 10 Minuten für die Lern-Karte"),
            ("Personen", "1 bis 4 aus dem Projektteam"),
            ("Material", "Vorlage Test-Karte (Karteikarte A5 genügt), Stift, optional "
                         "Vorlage Lern-Karte"),
        ],
        "steps": [
            "Die riskanteste Annahme auswählen – die, deren Scheitern das Projekt am "
            "meisten kosten würde.",
            "Annahme als überprüfbaren Satz formulieren: „Wir glauben, dass Eltern die "
            "Kita-Anmeldung lieber am Smartphone ausfüllen als auf Papier.“",
            "Test beschreiben: was genau getan wird, mit wie vielen Personen, in welchem Zeitraum.",
            "Messgröße und Erfolgsschwelle vorab festlegen, etwa „mindestens 6 von 10 "
            "Eltern schließen die Anmeldung ohne Hilfe in unter 10 Minuten ab“.",
            "Datum für die Lern-Karte eintragen und nach dem Test die nächste Entscheidung notieren.",
        ],
        "example": (
            "Ein Kammerchor wollte mit einem Projektchor neue Sängerinnen und Sänger "
            "gewinnen. Auf der Test-Karte stand als Erfolgskriterium: Mindestens acht "
            "Teilnehmende bleiben bis zum Konzert dabei. Tatsächlich sangen 14 von 19 "
            "Angemeldeten beim Konzert mit, die Karte war damit klar erfüllt; die Lern-Karte "
            "hielt fest, dass die Übe-Dateien für Einsteiger der wichtigste Baustein waren."),
        "tips": [
            "Ein Erfolgskriterium ohne Zahl ist keins.",
            "Hängen Sie alle Test- und Lern-Karten chronologisch auf – das ist zugleich "
            "Ihre Projektdokumentation.",
        ],
    },
    {
        "title": "Fünf-Sekunden-Test",
        "intro": (
            "Menschen entscheiden in wenigen Augenblicken, ob eine Seite, ein Flyer oder ein "
            "Etikett für sie relevant ist. Beim Fünf-Sekunden-Test sehen Testpersonen eine "
            "Gestaltung genau fünf Sekunden lang und beantworten danach aus dem Gedächtnis "
            "drei Fragen. So prüfen Sie, ob die wichtigste Botschaft sofort ankommt. Der "
            "Test ist schnell, billig und funktioniert auch auf einem Marktstand oder im "
            "Vereinsheim."),
        "facts": [
            ("Dauer", "etwa 10 Minuten für eine Runde mit rund vier Personen; für "
                      "belastbarere Aussagen mehrere Runden"),
            ("Personen", "2 bis 10 je Runde, insgesamt gern 10 bis 15 aus der Zielgruppe"),
            ("Material", "Bildschirm oder Ausdruck in Originalgröße, Stoppuhr, Antwortbogen "
                         "mit drei Fragen"),
        ],
        "steps": [
            "Festlegen, was nach fünf Sekunden hängen bleiben soll, zum Beispiel „Hier kann "
            "man Tickets für Führungen buchen“, und drei gleichbleibende Fragen vorbereiten: "
            "Worum ging es? Wer steht dahinter? Was kann man dort tun?",
            "Kurz einweisen: Die Testperson sieht gleich fünf Sekunden lang ein Bild und "
            "beantwortet danach Fragen. Mehr wird nicht verraten.",
            "Gestaltung genau fünf Sekunden zeigen, dann verdecken.",
            "Fragen stellen und Antworten wörtlich notieren.",
            "Auswerten: Wie viele Personen haben die Kernbotschaft erkannt? Ziel: mindestens "
            "zwei Drittel.",
        ],
        "example": (
            "Die neue Startseite einer Tischlerei, die sich auf die Sanierung von Fenstern in "
            "Umgebindehäusern spezialisiert hat, wurde zwölf Personen gezeigt. Im ersten "
            "Durchgang erkannte nur die Hälfte dieses Spezialgebiet. Nach einem neuen Titelbild "
            "und einer klaren Überschrift waren es elf von zwölf."),
        "tips": [
            "Nur eine Gestaltung pro Person testen, sonst vermischen sich die Eindrücke.",
            "Der Test misst den ersten Eindruck, nicht die Bedienbarkeit – dafür gibt es den "
            "Usability-Test.",
        ],
    },
    {
        "title": "Retrospektive",
        "intro": (
            "Die Retrospektive ist ein strukturierter Rückblick des Teams auf die "
            "Zusammenarbeit: Was hat uns angetrieben, was hat gebremst, was machen wir "
            "nächstes Mal anders? Ein bewährtes Format ist das Segelboot: Der Wind steht für "
            "alles, was voranbringt, der Anker für das, was bremst, und die Klippen für "
            "Risiken auf dem weiteren Weg. In den CIMIS-Matches bewährte sich die Retrospektive "
            "nach Testrunden und am Ende des Matches."),
        "facts": [
            ("Dauer", "etwa 60 Minuten"),
            ("Personen", "alle Beteiligten des Matches, 3 bis 10, 1 neutrale Moderation"),
            ("Material", "Plakat mit Segelboot-Motiv, Haftnotizen in drei Farben, Stifte, "
                         "Klebepunkte, Stimmungsbarometer"),
        ],
        "steps": [
            "Ankommen (5 Minuten): Alle markieren auf einem Stimmungsbarometer von eins bis "
            "fünf, wie zufrieden sie mit dem bisherigen Verlauf sind.",
            "Zeitstrahl (10 Minuten): Die wichtigsten Ereignisse aufzeichnen – Termine, Tests, "
            "Entscheidungen, Überraschungen.",
            "Segelboot füllen (15 Minuten): Haftnotizen für Wind, Anker und Klippen schreiben "
            "und auf das Plakat kleben.",
            "Muster erkennen (10 Minuten): Ähnliches zusammenlegen, mit Klebepunkten die drei "
            "wichtigsten Themen wählen.",
            "Maßnahmen vereinbaren (15 Minuten): je Thema eine konkrete Maßnahme mit "
            "verantwortlicher Person und Termin; zum Abschluss (5 Minuten) sagt jede Person "
            "in einem Satz, was sie mitnimmt.",
        ],
        "example": (
            "Ein Heimatverein im Erzgebirge hielt nach seinem Lichtelfest eine Retrospektive "
            "mit dem Kernteam und den neuen Helferinnen und Helfern ab. Wichtigste Erkenntnis: "
            "Die persönlichen Patenschaften für Neue waren wichtiger als jede Technik. Als "
            "Maßnahme legte der Verein unter anderem klare Regeln für die Messenger-Gruppe und "
            "eine Alternative per E-Mail fest."),
        "tips": [
            "Grundregel vorab vorlesen: Alle haben nach bestem Wissen gehandelt. Es geht um "
            "Abläufe, nicht um Schuld.",
            "Die Maßnahmen der letzten Retrospektive zu Beginn der nächsten überprüfen.",
        ],
    },
]


def methodenheft_testen() -> Path:
    pdf = Worksheet("Methodenheft Testen", "Testen")
    for index, method in enumerate(METHODENHEFT, start=1):
        pdf.add_page()
        if index == 1:
            pdf.set_font("DejaVu", "B", 9)
            pdf.set_text_color(*GREY)
            pdf.multi_cell(0, 4.5, "Methodenheft Testen · Sechs Methoden für die letzte Phase "
                           "des Design Thinking, je eine pro Seite", align="L",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(2)
        pdf.title_block(f"{index}. {method['title']}")
        pdf.heading("Worum es geht")
        pdf.paragraph(method["intro"])
        pdf.heading("Eckdaten")
        pdf.facts(method["facts"])
        pdf.heading("So gehen Sie vor")
        pdf.steps(method["steps"])
        pdf.heading("Beispiel aus einem Match")
        pdf.paragraph(method["example"])
        pdf.tip_box("Worauf Sie achten sollten", method["tips"])
    if pdf.page_no() != len(METHODENHEFT):
        raise RuntimeError(f"Methodenheft hat {pdf.page_no()} statt {len(METHODENHEFT)} Seiten")
    return save(pdf, "methodenheft-testen.pdf")


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for build in (stakeholder_map, fuenf_w_fragen, persona, customer_journey_map,
                  feedback_matrix, methodenheft_testen):
        path = build()
        print(f"geschrieben: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
