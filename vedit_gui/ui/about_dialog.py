"""Help ▸ About vedit: the version, the models that make the suggestions and what to know
about them before trusting them, the licences of what ships, and where vedit keeps things.

The facts come from ``app.about``; this only lays them out. Copy Details puts them on the
clipboard as plain text, for a bug report.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..app.about import About, ModelNote, about


def _link(path: Path, text: str | None = None) -> str:
    """A link that opens ``path`` (a folder, a card) where it exists; plain text where not."""
    label = escape(text or str(path))
    return f'<a href="{QUrl.fromLocalFile(str(path)).toString()}">{label}</a>' if path.exists() else label


def _model_html(model: ModelNote) -> str:
    rows = [f"<b>{escape(model.version)}</b> — {escape(model.summary)} (makes the {escape(model.name)} suggestions)"]
    if model.trained:
        rows.append(f"Learnt from: {escape(model.trained)}.")
    rows.append(f"Before trusting it: {escape(model.limits)}")
    weights = "weights not found: its suggestions cannot be made" if not model.present else model.fingerprint()
    note = " — other weights, named by the environment" if model.overridden else ""
    rows.append(f"Weights: {escape(str(model.weights))} ({escape(weights)}){escape(note)}")
    rows.append(f"Model card: {_link(model.card, model.card.name)} (how it was trained and measured)")
    return "<p>" + "<br>".join(rows) + "</p>"


def about_html(facts: About) -> str:
    """The dialog's body: models, licences, folders."""
    parts = ["<h3>Models</h3>", *(_model_html(m) for m in facts.models),
             "<p>Stabilization, pause removal and punch-ins are measurements, not trained models.</p>"]
    parts.append("<h3>Licences</h3>")
    parts.append(f"<p>vedit: {escape(facts.licence)}.")
    if facts.sample_licences:
        grouped = "; ".join(f"{escape(licence)}: {escape(', '.join(pictures))}" for licence, pictures in facts.sample_licences)
        parts.append(f"<br>The sample footage is drawn by vedit's code, with pictures from scikit-image's data "
                     f"({grouped}).")
    parts.append("</p>")
    if facts.third_party:
        parts.append("<p>vedit runs on:<br>" + "<br>".join(
            escape(f"{lib.name} {lib.version}: {lib.licence}" + (f"; {lib.bundles}" if lib.bundles else ""))
            for lib in facts.third_party) + "</p>")
    parts.append("<h3>Where vedit keeps things</h3><p>")
    parts.append("<br>".join(f"{escape(p.what)}: {_link(p.path)}" for p in facts.places))
    parts.append("</p>")
    return "\n".join(parts)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, facts: About | None = None) -> None:
        super().__init__(parent)
        self.facts = facts or about()
        self.setWindowTitle("About vedit")
        self.setObjectName("aboutDialog")
        title = QLabel(f"<h2>vedit {escape(self.facts.version)}</h2>{escape(self.facts.summary)}")
        title.setObjectName("aboutTitle")
        title.setWordWrap(True)
        self.body = QTextBrowser()
        self.body.setObjectName("aboutBody")
        self.body.setAccessibleName("About vedit: models, licences and folders")
        self.body.setOpenExternalLinks(True)  # a card, a folder: opened where the system opens them
        self.body.setHtml(about_html(self.facts))
        self.copy_button = QPushButton("Copy Details")
        self.copy_button.setToolTip("The version, models and folders as plain text, for a bug report")
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)  # Enter or Escape closes it
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.facts.as_text())
        self.copy_button.setText("Copied")
