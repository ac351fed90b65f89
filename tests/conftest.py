"""Tests never touch the project's own artifact store or cache, never download, and show no progress bars."""
import os
import tempfile
from pathlib import Path

SCRATCH = Path(tempfile.mkdtemp(prefix='geovq-tests-'))
os.environ.setdefault('GEOVQ_RUNS', str(SCRATCH/'runs'))
os.environ.setdefault('GEOVQ_CACHE', str(SCRATCH/'cache'))
os.environ['GEOVQ_DOWNLOAD'] = '0'
os.environ.setdefault('GEOVQ_PROGRESS', '0')
os.environ.setdefault('MPLBACKEND', 'Agg')
