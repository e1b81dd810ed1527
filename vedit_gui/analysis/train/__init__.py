"""Training of the shot-transition network on synthetic footage made from still photographs.

``python -m vedit_gui.analysis.train`` rebuilds ``models/cutnet.npz`` (see models/cutnet.md).
"""
