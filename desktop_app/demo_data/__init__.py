"""Demo data per module: facts, phrases and fast row builders (used by desktop_app.demo)."""
