"""Sub-commands of `python -m bot`: each module here defines `register(subparsers)`.

A command module adds its parser with `set_defaults(func=...)`; `func(args, settings)` returns
the exit code. Modules are discovered, so a new command is a new file.
"""
