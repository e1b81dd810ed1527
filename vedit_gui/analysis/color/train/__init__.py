"""Self-supervised training of the colour model on still photographs (run as a module)."""
