"""The explorer runs headless (papermill, as `geovq run` and CI run notebooks) to the end, and never trains."""
import json
import os
import subprocess
import sys
from pathlib import Path

from geovq.data import Run
from geovq.evaluate import stage_folders

NOTEBOOK = Path(__file__).parent.parent/'nbs'/'15_explorer.ipynb'
WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json'


def execute_explorer(out: Path, store: Path, timeout: int = 300) -> dict:
    "The explorer executed by papermill in its own process with `store` as artifact store; killed after `timeout` s."
    env = {**os.environ, 'GEOVQ_RUNS': str(store)}
    command = [sys.executable, '-m', 'papermill', '-k', 'python3', '--cwd', str(NOTEBOOK.parent),
               '--execution-timeout', str(timeout), str(NOTEBOOK), str(out)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text())


def last_outputs(notebook: dict) -> list:
    "The outputs of the notebook's last code cell."
    return [cell for cell in notebook['cells'] if cell['cell_type'] == 'code'][-1]['outputs']


def test_explorer_without_a_finished_run(tmp_path):
    "With an empty artifact store the explorer says how to make a run, ends cleanly and writes nothing there."
    store = tmp_path/'runs'
    store.mkdir()
    notebook = execute_explorer(tmp_path/'explorer.ipynb', store)
    printed = ''.join(''.join(o.get('text', '')) for o in last_outputs(notebook))
    assert 'geovq run tiny --profile tiny --seeds 0' in printed
    assert list(store.iterdir()) == []


def test_explorer_twice_in_a_row(tmp_path):
    "On a finished tiny run the explorer completes twice in a row (it used to hang now and then) and shows its views."
    store = tmp_path/'runs'
    stage_folders(Run('tiny', 'tiny', 0, root=store))
    stages_before = sorted(store.rglob('*'))
    for attempt in range(2):
        notebook = execute_explorer(tmp_path/f'explorer-{attempt}.ipynb', store)
        outputs = last_outputs(notebook)
        assert any(WIDGET_VIEW in o.get('data', {}) for o in outputs), outputs
        assert not any(o['output_type'] == 'error' for cell in notebook['cells'] for o in cell.get('outputs', []))
    assert sorted(store.rglob('*')) == stages_before
