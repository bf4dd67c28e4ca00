"""A wave's results laid out for people: the results page and the PDF board report share it."""

from joinedup.partnerships.report.layout import ResultsReport, build_report
from joinedup.partnerships.report.pdf import render_pdf

__all__ = ["ResultsReport", "build_report", "render_pdf"]
