"""The home page (首页): today's work of every register, as tiles, charts and one digest."""
