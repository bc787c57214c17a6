"""``python -m desktop_app``: the GUI, or a headless command (see desktop_app.cli)."""

import sys

from desktop_app.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
