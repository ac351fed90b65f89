import os, tempfile
from pathlib import Path

# Tests never touch the project's own artifact store or cache, never download, and show no progress bars.
_tmp = Path(tempfile.mkdtemp(prefix='geovq-tests-'))
os.environ.setdefault('GEOVQ_RUNS', str(_tmp/'runs'))
os.environ.setdefault('GEOVQ_CACHE', str(_tmp/'cache'))
os.environ['GEOVQ_DOWNLOAD'] = '0'
os.environ.setdefault('GEOVQ_PROGRESS', '0')
os.environ.setdefault('MPLBACKEND', 'Agg')
