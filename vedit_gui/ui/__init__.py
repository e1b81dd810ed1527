"""Qt widgets: the only layer that builds them. Views take the session and listen to it."""
