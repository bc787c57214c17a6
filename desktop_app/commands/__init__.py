"""Registers' own command-line sub-commands, named in the manifest (``Register.command``).

``cli.build_parser`` adds each register's sub-command by name and help; the module that
fills in its arguments is imported only when the command is on the command line.
"""
