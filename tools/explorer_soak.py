"""Execute the explorer headless N times in a row with papermill and report each run's time and any hang.

Not part of CI (it takes minutes). It trains a tiny run once in a scratch store, then executes the notebook against
it; a run that does not finish within `--timeout` seconds counts as a hang and is killed.

    .venv/bin/python tools/explorer_soak.py --times 10
    .venv/bin/python tools/explorer_soak.py --times 10 --notebook some/other.ipynb
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare_tiny_run(store: Path) -> None:
    "Train the tiny run (seconds) into `store`, in a child process so this one stays light."
    code = '\n'.join(['import sys', 'from geovq.data import Run', 'from geovq.evaluate import stage_folders',
                      'stage_folders(Run("tiny", "tiny", 0, root=sys.argv[1]))'])
    subprocess.run([sys.executable, '-c', code, str(store)], check=True)


def execute_once(notebook: Path, out: Path, timeout: int) -> str:
    "'ok', 'failed' or 'hung' for one papermill execution of `notebook`."
    command = [sys.executable, '-m', 'papermill', '-k', 'python3', '--cwd', str(notebook.parent),
               '--execution-timeout', str(timeout), str(notebook), str(out)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 'hung'
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return 'failed'
    return 'ok'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--times', type=int, default=10, help='how many executions in a row')
    parser.add_argument('--timeout', type=int, default=300, help='seconds before an execution counts as hung')
    parser.add_argument('--notebook', type=Path, default=ROOT/'nbs'/'15_explorer.ipynb')
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix='geovq-soak-'))
    # this process only starts others: they all read the scratch store through the environment
    os.environ.update({'GEOVQ_RUNS': str(scratch/'runs'), 'GEOVQ_CACHE': str(scratch/'cache'), 'GEOVQ_PROGRESS': '0',
                       'GEOVQ_DOWNLOAD': '0'})
    prepare_tiny_run(scratch/'runs')
    results = []
    for attempt in range(args.times):
        started = time.time()
        outcome = execute_once(args.notebook.resolve(), scratch/f'run-{attempt}.ipynb', args.timeout)
        results.append({'run': attempt + 1, 'outcome': outcome, 'seconds': round(time.time() - started, 1)})
        print(f"run {attempt + 1}/{args.times}: {outcome} in {results[-1]['seconds']} s", flush=True)
    counts = {outcome: sum(r['outcome'] == outcome for r in results) for outcome in ('ok', 'failed', 'hung')}
    seconds = [r['seconds'] for r in results]
    print(json.dumps({'notebook': str(args.notebook), 'runs': len(results), **counts, 'min_s': min(seconds),
                      'max_s': max(seconds), 'mean_s': round(sum(seconds) / len(seconds), 1)}))
    return 0 if counts['ok'] == len(results) else 1


if __name__ == '__main__':
    sys.exit(main())
