"""Country names in the person's language, from CLDR through Babel (the same data the
dates use: closeknit.lib.when). Operators list support resources by ISO code in a TOML
file (closeknit/safety/resources.py); people read names."""

from closeknit.lib.when import current_locale


def name(code: str) -> str:
    code = (code or "").upper()
    if not code:
        return ""
    return str(current_locale().territories.get(code, code))
