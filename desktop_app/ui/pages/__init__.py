"""One page per module of the main window."""
