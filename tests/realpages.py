"""Where the real government pages are (../shared/realpages, beside the checkout), and the skip for
machines without them (CI has them)."""

from __future__ import annotations

from pathlib import Path

import pytest

REALPAGES = Path(__file__).resolve().parents[1].parent / "shared" / "realpages"
needs_realpages = pytest.mark.skipif(not REALPAGES.is_dir(), reason=f"{REALPAGES} is absent")
