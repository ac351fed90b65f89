"""Each notebook in nbs/ is a test: its cells run top to bottom (as `nbdev_test` runs them) and its asserts must hold.

`geovq run` executes every stage notebook's test cells before the stage's real work, with the caller's environment,
so a notebook must leave the environment as it found it: that is checked here too.
"""
import os
from pathlib import Path

import pytest
from nbdev.test import test_nb as run_notebook  # aliased: pytest would collect a module-level `test_nb`

NBS = sorted((Path(__file__).parent.parent/'nbs').glob('[0-9i]*.ipynb'))


@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb):
    before = dict(os.environ)
    ok, _ = run_notebook(nb, skip_flags=['notest'], showerr=True)
    assert ok, f'{nb.name} failed (see the traceback above)'
    changed = {k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k)}
    set_by_runner = {'IN_TEST', 'KMP_DUPLICATE_LIB_OK', 'PYDEVD_DISABLE_FILE_VALIDATION',   # nbdev's and IPython's
                     # torch's: the first optimizer step of a process loads torch._dynamo, and inductor's cache_dir()
                     # writes it, during whichever notebook trains first in a fresh process (not that notebook's doing)
                     'TORCHINDUCTOR_CACHE_DIR',
                     # threadpoolctl's, on the first import of scikit-learn/joblib (not the notebook's doing either)
                     'KMP_INIT_AT_FORK'}
    assert not changed - set_by_runner, f'{nb.name} changed {changed - set_by_runner}'
