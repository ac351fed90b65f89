"Each notebook in nbs/ is a test: its cells run top to bottom (as `nbdev_test` runs them) and its asserts must hold."
from pathlib import Path
import pytest
from nbdev.test import test_nb as run_notebook  # aliased: pytest would collect a module-level `test_nb`

NBS = sorted((Path(__file__).parent.parent/'nbs').glob('[0-9i]*.ipynb'))

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb):
    ok, secs = run_notebook(nb, skip_flags=['notest'], showerr=True)
    assert ok, f'{nb.name} failed (see the traceback above)'
