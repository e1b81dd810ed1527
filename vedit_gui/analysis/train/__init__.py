"""Training of the shot-transition network on synthetic footage made from still photographs.

``python -m vedit_gui.analysis.train`` rebuilds ``models/cutnet.pt`` (see models/cutnet.md).
"""
