"""Session state between the engine and the widgets: the open project, undo, background
jobs, and Qt signals that views listen to. No widgets here."""
