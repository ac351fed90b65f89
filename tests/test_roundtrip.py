"""A notebook saved from JupyterLab, then cleaned by nbdev_clean, is byte-identical to the committed one.

A Jupyter server (the one JupyterLab runs on, with tools/jupyter_server_config.py as `make install` sets it up) serves
a copy of the project; each notebook is read through the REST contents API, changed the way running it in
JupyterLab changes it (outputs, execution counts, cell and notebook metadata, widget state), and written back through
the same API, as JupyterLab does when it saves. nbdev_clean then has to give back the committed bytes.
"""
import copy
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from nbdev.clean import clean_nb

ROOT = Path(__file__).parent.parent
SERVER_CONFIG = ROOT/'tools'/'jupyter_server_config.py'
NOTEBOOKS = sorted((ROOT/'nbs').glob('*.ipynb'))
NBDEV_CLEAN = str(Path(sys.executable).parent/'nbdev_clean')


def free_port() -> int:
    "A TCP port on 127.0.0.1 that nothing listens on right now."
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


class JupyterServer:
    "A jupyter_server on a random local port with token auth, serving `root`; `api` calls its REST API."

    def __init__(self, root: Path, scratch: Path):
        self.token = secrets.token_hex(16)
        self.url = f'http://127.0.0.1:{free_port()}'
        env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(scratch/'config'), 'JUPYTER_RUNTIME_DIR': str(scratch/'runtime')}
        command = [sys.executable, '-m', 'jupyter_server', f'--config={SERVER_CONFIG}', '--no-browser',
                   f'--ServerApp.root_dir={root}', f'--ServerApp.port={self.url.rsplit(":", 1)[1]}',
                   '--ServerApp.port_retries=0', f'--IdentityProvider.token={self.token}']
        if os.geteuid() == 0:
            command.append('--allow-root')
        self.log = open(scratch/'server.log', 'w')
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        "The JSON answer of the REST API to `method` on `path` (e.g. 'GET', 'api/contents/nbs/a.ipynb')."
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f'{self.url}/{path}', data=data, method=method,
                                         headers={'Authorization': f'token {self.token}',
                                                  'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b'{}')

    def wait_until_up(self, timeout: float = 60) -> None:
        "Return once the server answers; fail with its log if it does not within `timeout` seconds."
        deadline = time.time() + timeout
        while time.time() < deadline:
            assert self.process.poll() is None, 'the server stopped: ' + Path(self.log.name).read_text()[-3000:]
            try:
                self.api('GET', 'api/status')
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        pytest.fail('the server did not answer within a minute: ' + Path(self.log.name).read_text()[-3000:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope='module')
def project(tmp_path_factory):
    "A copy of the project's settings.ini and nbs/, served by a Jupyter server with the project's configuration."
    scratch = tmp_path_factory.mktemp('roundtrip')
    copied = scratch/'project'
    (copied/'nbs').mkdir(parents=True)
    shutil.copy(ROOT/'settings.ini', copied)
    for notebook in NOTEBOOKS:
        shutil.copy(notebook, copied/'nbs')
    server = JupyterServer(copied, scratch)
    server.wait_until_up()
    yield copied, server
    server.stop()


def as_jupyterlab_leaves_it(content: dict) -> dict:
    "The notebook as JupyterLab saves it after a run: outputs, counts, UI metadata, kernel info, widget state."
    edited = copy.deepcopy(content)
    for count, cell in enumerate(edited['cells'], 1):
        if cell['cell_type'] == 'markdown':
            cell['metadata']['jp-MarkdownHeadingCollapsed'] = True
            continue
        cell['execution_count'] = count
        cell['metadata'].update({'scrolled': True, 'jupyter': {'outputs_hidden': False},
                                 'execution': {'iopub.status.busy': '2026-01-01T00:00:00.000Z'}})
        cell['outputs'] = [{'output_type': 'stream', 'name': 'stdout', 'text': 'printed\n'},
                           {'output_type': 'execute_result', 'execution_count': count, 'metadata': {},
                            'data': {'text/plain': '42'}}]
    edited['metadata']['kernelspec'] = {'display_name': 'Python 3 (ipykernel)', 'language': 'python',
                                        'name': 'python3'}
    edited['metadata']['language_info'] = {'name': 'python', 'version': '3.11.2'}
    edited['metadata']['widgets'] = {'application/vnd.jupyter.widget-state+json': {'state': {}, 'version_major': 2,
                                                                                   'version_minor': 0}}
    return edited


def test_nbdev_clean_alone_keeps_outputs():
    "Why the save hook exists: with the project's settings nbdev's cleaning keeps outputs and widget state."
    content = json.loads(NOTEBOOKS[0].read_text())
    edited = as_jupyterlab_leaves_it(content)
    clean_nb(edited, clear_all=False, allowed_metadata_keys=['kernelspec'], allowed_cell_metadata_keys=['tags'])
    assert any(cell.get('outputs') for cell in edited['cells'])
    assert 'widgets' in edited['metadata']


@pytest.mark.parametrize('notebook', NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_saved_from_jupyterlab_then_cleaned_is_identical(project, notebook):
    "GET through the contents API, change as JupyterLab does, PUT back, nbdev_clean: the committed bytes again."
    copied, server = project
    path = f'api/contents/nbs/{notebook.name}'
    model = server.api('GET', f'{path}?content=1&type=notebook')
    edited = as_jupyterlab_leaves_it(model['content'])
    server.api('PUT', path, {'type': 'notebook', 'format': 'json', 'content': edited})
    saved = json.loads((copied/'nbs'/notebook.name).read_text())
    assert not any(cell.get('outputs') for cell in saved['cells']), 'the save hook did not strip the outputs'
    assert saved['metadata']['language_info'], 'the server did not save the edited notebook'
    cleaned = subprocess.run([NBDEV_CLEAN, '--fname', f'nbs/{notebook.name}'], cwd=copied, capture_output=True,
                             text=True)
    assert cleaned.returncode == 0, cleaned.stderr
    assert (copied/'nbs'/notebook.name).read_bytes() == notebook.read_bytes(), f'run nbdev_clean on {notebook}'
