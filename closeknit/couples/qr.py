"""The invitation link as a QR code, drawn on the server as a small inline SVG.

The encoding comes from `qrcode`, which allauth's two-step login already installs (and
constraints.txt pins), so scanning an invitation adds no dependency. Its own SVG writer
draws one square per module (about 11 KB for a link); joining each row's dark runs
into one rectangle here halves that, and the page stays light.
"""

import qrcode
from django.utils.html import format_html
from django.utils.safestring import SafeString

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_svg(data: str, *, label: str) -> SafeString:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the quiet zone
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    size = len(matrix)
    return format_html(
        '<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}" shape-rendering="crispEdges"><rect width="100%" height="100%" '
        'fill="#fff"/><path fill="#000" d="{}"/></svg>',
        size,
        size,
        label,
        "".join(runs),
    )
