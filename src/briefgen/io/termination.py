"""A build ended by SIGTERM or SIGHUP (a closed terminal, a CI timeout) goes through its clean-up.

Without this, Python dies at once on those signals: the LibreOffice a PDF build started keeps
running and its work folder stays in the temp folder. Raising SystemExit instead runs every
`finally` on the way out, as Ctrl-C (KeyboardInterrupt) does. A `kill -9` cannot be caught:
the next PDF build removes what it left (render/pdf.py, remove_leftovers).
"""
from __future__ import annotations

import signal


def exit_on_termination() -> None:
    """SIGTERM and SIGHUP raise SystemExit(128 + signal), unless the process already handles them."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, stop)
