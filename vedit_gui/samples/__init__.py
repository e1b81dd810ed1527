"""The generator of vedit's bundled sample footage (``resources/sample.mp4`` and its truth).

``python -m vedit_gui.samples.sample_footage OUT_DIR`` renders a half-minute of shots over
public-domain stills and painted scenes, with known cuts, a dissolve, a fade through black,
a flash and a silent gap, and writes the truth beside it as JSON.
"""
