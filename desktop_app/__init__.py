"""法治台账 (LawLedger): ledgers for a government legal-affairs office."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "法治台账"
APP_ID = "LawLedger"

try:
    __version__ = version("lawledger")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"
