"""法治台账 (LawLedger): ledgers for a government legal-affairs office."""

APP_NAME = "法治台账"
APP_ID = "LawLedger"

# The one place the version is written: pyproject.toml reads it from here, so the running
# application knows it without a metadata lookup at start-up.
__version__ = "0.1.0"
