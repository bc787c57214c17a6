"""Dialogs: one generic form dialog and the record dialogs built on it."""
