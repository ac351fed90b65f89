"""Tests never touch the project's own artifact store or cache, never download, and show no progress bars.

Relative GEOVQ_* paths (e.g. GEOVQ_DATA=../shared/datasets) mean the folder the test command was started in: they are
made absolute here, once, because nbdev runs each notebook from nbs/ (where a relative path would point elsewhere).
"""
import os
import tempfile
from pathlib import Path

from geovq.runner import absolute_env_paths

SCRATCH = Path(tempfile.mkdtemp(prefix='geovq-tests-'))
os.environ.setdefault('GEOVQ_RUNS', str(SCRATCH/'runs'))
os.environ.setdefault('GEOVQ_CACHE', str(SCRATCH/'cache'))
os.environ['GEOVQ_DOWNLOAD'] = '0'
os.environ.setdefault('GEOVQ_PROGRESS', '0')
os.environ.setdefault('MPLBACKEND', 'Agg')
absolute_env_paths()
