"""A person's support plan as a PDF to download, print or hand over: the page's words, laid out
for A4 with reportlab (already used for the health-check report; ADRs 10 and 23).

Set in Bitstream Vera, which ships inside reportlab's wheel and is embedded in the file: it has
£, accents and typographic quotes, and the file reads the same on any computer. A letter the
font lacks (a Welsh ŵ, say) is printed as its plain letter rather than as an empty box.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.flowables import Flowable, HRFlowable

from joinedup.referrals.services.support_plan import EMERGENCY, SupportPlan

FONT, BOLD = "JoinedupVera", "JoinedupVera-Bold"


@functools.cache
def _fonts() -> frozenset[int]:
    """Register the fonts once; the characters they can draw."""
    regular = TTFont(FONT, "Vera.ttf")
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    return frozenset(regular.face.charToGlyph)


def printable(text: str) -> str:
    """`text` with each character the font lacks replaced by its plain letter (or "?")."""
    known = _fonts()
    out = []
    for char in text:
        if ord(char) in known or char in "\n\t":
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        out.append(base if base and ord(base) in known else "?")
    return "".join(out)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=13, leading=18, spaceAfter=6)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=24, leading=30),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=17, leading=22, spaceBefore=10
        ),
        "from": ParagraphStyle("from", parent=body, textColor=colors.HexColor("#505a5f")),
        "body": body,
        "strong": ParagraphStyle("strong", parent=body, fontName=BOLD),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=2),
        "small": ParagraphStyle("small", parent=body, fontSize=11, leading=15, leftIndent=14),
    }


def _p(text: str, style: ParagraphStyle, **kwargs: str) -> Paragraph:
    return Paragraph(escape(printable(text)), style, **kwargs)


def _story(plan: SupportPlan) -> list[Flowable]:
    s = _styles()
    story: list[Flowable] = [
        _p("Your support plan", s["title"]),
        _p(f"For {plan.person_name}", s["body"]),
        _p(plan.intro, s["body"]),
    ]
    for item in plan.items:
        block: list[Flowable] = [
            HRFlowable(width="100%", color=colors.HexColor("#b1b4b6")),
            _p(item.service, s["h2"]),
            _p(f"From {item.organisation}", s["from"]),
        ]
        for text in (item.how, item.when, item.wait, item.next_steps, item.if_not):
            if text:
                block.append(_p(text, s["strong"] if text == item.when else s["body"]))
        if not item.ended:
            block += [_p(way.words, s["bullet"], bulletText="•") for way in item.ways]
        story.append(KeepTogether(block))
    story += [
        HRFlowable(width="100%", color=colors.HexColor("#b1b4b6")),
        _p("If you are worried", s["h2"]),
        _p(plan.worried, s["body"]),
        *(_p(way.words, s["bullet"], bulletText="•") for way in plan.referrer_ways),
    ]
    crisis: list[Flowable] = [
        _p("If you need help now", s["h2"]),
        _p(f"If you or someone else is in danger now, call {EMERGENCY}.", s["strong"]),
    ]
    for contact in plan.crisis:
        phone = f": call {contact.phone}" if contact.phone else ""
        crisis.append(_p(f"{contact.name}{phone}", s["bullet"], bulletText="•"))
        if contact.description:
            crisis.append(_p(contact.description, s["small"]))
    story.append(KeepTogether(crisis))
    return story


def support_plan_pdf(plan: SupportPlan) -> bytes:
    """The plan as an A4 PDF, its fonts embedded."""
    _fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Your support plan",
        author=printable(plan.referrer),
    )
    spacer: list[Flowable] = [Spacer(1, 4 * mm)]
    doc.build([*_story(plan), *spacer])
    return buffer.getvalue()
