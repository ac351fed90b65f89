"""The explorer in a real browser (tools/ui_check.py), where this machine has Chromium and Playwright's package."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CHROMIUM = Path('/usr/bin/chromium')
MISSING = []
if not CHROMIUM.exists():
    MISSING.append('Chromium at /usr/bin/chromium (apt-get install -y chromium)')
if importlib.util.find_spec('playwright') is None:
    MISSING.append("Playwright's Python package (pip install -e '.[dev]')")


@pytest.mark.skipif(bool(MISSING), reason='the browser check needs ' + ' and '.join(MISSING))
def test_explorer_in_a_browser(tmp_path):
    "JupyterLab runs every cell, the three pictures show, no label is cut off, the temperature slider redraws."
    command = [sys.executable, str(ROOT/'tools'/'ui_check.py'), '--out', str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen['pictures'] == 3 and seen['labels_cut_off'] == [] and seen['errors_shown'] == 0
    assert seen['temperature'][0] != seen['temperature'][1]
    assert seen['saved_then_cleaned_identical']
    assert (tmp_path/'explorer-run-all.png').stat().st_size > 10_000
    assert (tmp_path/'explorer-after-slider.png').stat().st_size > 10_000
