"""Named points where the fault tests kill this very process (SIGKILL: no cleanup, no
`finally`, as when the kernel's OOM killer or a power cut strikes), to prove that what
was committed before the point is enough to finish the work without losing or repeating
any of it.

Off unless CLOSEKNIT_FAULT names the point, which only the fault tests set:
`CLOSEKNIT_FAULT=email.sent` kills at the first pass, `email.sent@3` at the third.
"""

import os
import signal
from collections import Counter

_passes: Counter[str] = Counter()


def point(name: str) -> None:
    wanted = os.environ.get("CLOSEKNIT_FAULT")
    if not wanted or not wanted.startswith(name):
        return
    point_name, _at, nth = wanted.partition("@")
    if point_name != name:
        return
    _passes[name] += 1
    if _passes[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
