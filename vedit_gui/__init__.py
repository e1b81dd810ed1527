"""vedit — an AI-assisted desktop video editor."""

__version__ = "0.1.0"
