"""The `closeknit` command: one entry point for serving, workers, data and admin tasks.

`closeknit <command>` runs Closeknit's own commands (serve, worker, demo, keys, content,
...) and every Django management command (migrate, createsuperuser, check, shell, ...).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "closeknit.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "closeknit"
    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as exc:
        # Configuration mistakes are the operator's to fix: say what, not a traceback.
        print(f"closeknit: configuration problem: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
