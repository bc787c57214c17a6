"""Pure-Python records, rules and checks: no Qt, no SQL."""
