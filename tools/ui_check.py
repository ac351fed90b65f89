"""Browser check of the explorer: JupyterLab in headless Chromium runs every cell, the temperature slider is moved, and
screenshots are saved (default `report/ui/`). `make ui-check`.

Needs Debian's `chromium` (apt-get install -y chromium) and Playwright's Python package (in the `dev` extra; its own
browser download is not used). It trains the tiny run (seconds) into a scratch artifact store first (or, with
`--runs DIR`, shows the newest finished run of an existing store), serves a scratch copy of the notebook (so
JupyterLab never writes into nbs/), and at the end saves the notebook from JupyterLab and checks that nbdev_clean gives
back the committed bytes.

    .venv/bin/python tools/ui_check.py --out report/ui --runs data/runs   # the screenshots in report/ui/
"""
import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT/'nbs'/'15_explorer.ipynb'
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']
BIN = Path(sys.executable).parent


def free_port() -> int:
    "A TCP port on 127.0.0.1 that nothing listens on right now."
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def prepare_tiny_run(store: Path) -> None:
    "Train the tiny run (seconds) into `store`, in a child process."
    code = '\n'.join(['import sys', 'from geovq.data import Run', 'from geovq.evaluate import stage_folders',
                      'stage_folders(Run("tiny", "tiny", 0, root=sys.argv[1]))'])
    quiet = {**os.environ, 'GEOVQ_PROGRESS': '0'}
    subprocess.run([sys.executable, '-c', code, str(store)], check=True, env=quiet)


def prepare_project(folder: Path) -> Path:
    "A scratch project (settings.ini and the explorer in nbs/) under `folder`; the copied notebook's path."
    (folder/'nbs').mkdir(parents=True)
    shutil.copy(ROOT/'settings.ini', folder)
    return Path(shutil.copy(NOTEBOOK, folder/'nbs'))


def quiet_lab_settings(config: Path) -> None:
    "JupyterLab user settings without the news and update notifications (they would cover the screenshots)."
    folder = config/'lab'/'user-settings'/'@jupyterlab'/'apputils-extension'
    folder.mkdir(parents=True)
    (folder/'notification.jupyterlab-settings').write_text(json.dumps({'fetchNews': 'false',
                                                                       'checkForUpdates': False}))


def start_lab(project: Path, scratch: Path, store: Path) -> tuple:
    "JupyterLab serving `project` on a free port with a token, reading runs from `store`: (process, url, token)."
    token = secrets.token_hex(16)
    port = free_port()
    env = {**os.environ, 'GEOVQ_RUNS': str(store), 'GEOVQ_PROGRESS': '0', 'GEOVQ_DOWNLOAD': '0',
           'JUPYTER_CONFIG_DIR': str(scratch/'config'), 'JUPYTER_RUNTIME_DIR': str(scratch/'runtime')}
    command = [str(BIN/'jupyter-lab'), '--no-browser', '--expose-app-in-browser',
               f'--config={ROOT/"tools"/"jupyter_server_config.py"}', f'--ServerApp.root_dir={project}',
               f'--ServerApp.port={port}', '--ServerApp.port_retries=0', f'--IdentityProvider.token={token}']
    if os.geteuid() == 0:
        command.append('--allow-root')
    log = open(scratch/'jupyterlab.log', 'w')
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}'
    deadline = time.time() + 120
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit('JupyterLab stopped:\n' + (scratch/'jupyterlab.log').read_text()[-3000:])
        try:
            urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=5)
            return process, url, token
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    process.terminate()
    raise SystemExit('JupyterLab did not answer within two minutes')


def run_all_cells(page) -> None:
    "Run every cell of the open notebook through JupyterLab's own command and wait until the last one is done."
    page.wait_for_function('() => window.jupyterapp && window.jupyterapp.shell.currentWidget'
                           ' && window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel',
                           timeout=120_000)
    page.wait_for_function('() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status'
                           ' === "idle"', timeout=120_000)
    page.evaluate('() => window.jupyterapp.commands.execute("notebook:run-all-cells")')
    page.wait_for_function('() => { const nb = window.jupyterapp.shell.currentWidget.content;'
                           ' return nb.widgets.every(c => c.model.type !== "code" || c.model.executionCount);'
                           ' }', timeout=300_000, polling=1000)
    page.wait_for_function('() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status'
                           ' === "idle"', timeout=300_000)


def explorer_images(page):
    "The explorer's three pictures (Image widgets) once they are drawn."
    images = page.locator('img.widget-image')
    page.wait_for_function('() => [...document.querySelectorAll("img.widget-image")]'
                           '.filter(i => i.complete && i.naturalWidth > 0).length >= 3', timeout=120_000)
    return images


def screenshot_whole_notebook(page, path: Path) -> None:
    "A screenshot of the whole notebook, code cells collapsed to their first line, file browser closed."
    page.evaluate('() => window.jupyterapp.commands.execute("notebook:hide-all-cell-code")')
    page.evaluate('() => window.jupyterapp.shell.collapseLeft()')
    page.wait_for_timeout(1000)
    height = page.evaluate('() => document.querySelector(".jp-NotebookPanel .jp-WindowedPanel-outer").scrollHeight')
    page.set_viewport_size({'width': 1400, 'height': min(int(height) + 150, 16000)})
    page.evaluate('() => document.querySelector(".jp-NotebookPanel .jp-WindowedPanel-outer").scrollTo(0, 0)')
    page.wait_for_timeout(2000)
    bottom = page.evaluate('() => Math.max(...[...document.querySelectorAll(".jp-NotebookPanel .jp-Cell")]'
                           '.map(c => c.getBoundingClientRect().bottom))')
    page.screenshot(path=str(path), clip={'x': 0, 'y': 0, 'width': 1400, 'height': min(int(bottom) + 40, 16000)})
    page.set_viewport_size({'width': 1400, 'height': 1000})


def shrink_png(path: Path) -> None:
    "Rewrite a screenshot with a 256-colour palette (a third of the bytes; it is committed)."
    from PIL import Image
    Image.open(path).convert('RGB').quantize(256).save(path, optimize=True)


def cut_labels(page) -> list:
    "Texts of widget labels that do not fit their box (cut off)."
    return page.evaluate('() => [...document.querySelectorAll(".widget-label, .widget-label-basic")]'
                         '.filter(l => l.offsetParent && l.scrollWidth > l.clientWidth + 1).map(l => l.textContent)')


def move_temperature(page) -> tuple:
    "Drag the temperature slider's handle to the right; (readout before, readout after)."
    slider = page.locator('.widget-slider', has=page.locator('.widget-label', has_text='temperature')).first
    slider.scroll_into_view_if_needed()
    readout = slider.locator('.widget-readout')
    before = readout.inner_text()
    handle = slider.locator('.noUi-handle').first
    box = handle.bounding_box()
    page.mouse.move(box['x'] + box['width'] / 2, box['y'] + box['height'] / 2)
    page.mouse.down()
    page.mouse.move(box['x'] + box['width'] / 2 + 80, box['y'] + box['height'] / 2, steps=8)
    page.mouse.up()
    page.wait_for_function('([el, old]) => el.textContent.trim() !== old.trim()',
                           arg=[readout.element_handle(), before], timeout=30_000)
    return before, readout.inner_text()


def check(
    out: Path,  # where the screenshots go
    runs: Path | None = None,  # an artifact store with finished runs to look at (None: train the tiny run)
) -> dict:
    "Run the browser check; screenshots go to `out`. What was seen, as a dict."
    from playwright.sync_api import sync_playwright
    scratch = Path(tempfile.mkdtemp(prefix='geovq-ui-'))
    store = runs
    if store is None:
        store = scratch/'runs'
        prepare_tiny_run(store)
    copied = prepare_project(scratch/'project')
    quiet_lab_settings(scratch/'config')
    lab, url, token = start_lab(scratch/'project', scratch, store)
    out.mkdir(parents=True, exist_ok=True)
    seen = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={'width': 1400, 'height': 1000})
            page.goto(f'{url}/lab/tree/nbs/{copied.name}?token={token}', timeout=120_000)
            started = time.time()
            run_all_cells(page)
            seen['run_all_seconds'] = round(time.time() - started, 1)
            images = explorer_images(page)
            seen['pictures'] = images.count()
            seen['errors_shown'] = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
                                                ' >> text=Traceback').count()
            seen['labels_cut_off'] = cut_labels(page)
            screenshot_whole_notebook(page, out/'explorer-run-all.png')
            before_png = images.first.get_attribute('src')
            seen['temperature'] = move_temperature(page)
            page.wait_for_function('([img, old]) => img.src !== old', arg=[images.first.element_handle(), before_png],
                                   timeout=60_000)
            panel = page.locator('.widget-vbox', has=page.locator('.widget-label', has_text='temperature')).last
            panel.screenshot(path=str(out/'explorer-after-slider.png'))
            page.evaluate('() => window.jupyterapp.commands.execute("docmanager:save")')
            page.wait_for_timeout(2000)
            browser.close()
        for screenshot in ('explorer-run-all.png', 'explorer-after-slider.png'):
            shrink_png(out/screenshot)
    finally:
        lab.terminate()
        lab.wait(timeout=30)
    cleaned = subprocess.run([str(BIN/'nbdev_clean'), '--fname', f'nbs/{copied.name}'], cwd=scratch/'project')
    seen['saved_then_cleaned_identical'] = cleaned.returncode == 0 and copied.read_bytes() == NOTEBOOK.read_bytes()
    shutil.rmtree(scratch, ignore_errors=True)
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', type=Path, default=ROOT/'report'/'ui', help='where the screenshots go')
    parser.add_argument('--runs', type=Path, default=None,
                        help='an artifact store whose newest finished run the explorer shows (default: a tiny run)')
    args = parser.parse_args()
    seen = check(args.out, args.runs.resolve() if args.runs else None)
    print(json.dumps(seen))
    good = seen['pictures'] >= 3 and not seen['errors_shown'] and not seen['labels_cut_off']
    good = good and seen['temperature'][0] != seen['temperature'][1] and seen['saved_then_cleaned_identical']
    return 0 if good else 1


if __name__ == '__main__':
    sys.exit(main())
