"""The whole study on the layout fixtures (CelebA, CIFAR-10), data identity end to end, the command line, and the
real data where this machine has it. (The benchmarks' quick runs are tested once, in 14b_bench.)"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geovq.core import set_env
from geovq.data import DataConfig, Run, load_data
from geovq.fixtures import make_fixture
from geovq.readme import write_readme
from geovq.runner import run_notebooks
from geovq.vae import train_vae

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize('name, seeds', [('celeba', [0, 1]), ('cifar10', [0, 1])])
def test_study_on_fixture(name, seeds, tmp_path):
    """Every stage notebook runs under papermill on a fixture in the dataset's exact on-disk layout, tiny profile; two
    seeds of the same experiment aggregate into one report. Two torch seeds on each fixture, so that the degenerate
    numbers tiny data makes (a path of zero energy, a seed whose metric is not a number) show up here, on any
    machine, rather than on the next one."""
    make_fixture(name, tmp_path/'data', n=(200, 40, 40))
    with set_env(GEOVQ_DATA=str(tmp_path/'data')):
        base = run_notebooks(name, 'tiny', seeds=seeds, out=tmp_path/'report')
    metrics = json.loads((base/'seed0'/'metrics.json').read_text())
    models = metrics['models']
    assert {'vae', 'vae-tdc', 'geodesic', 'kmeans', 'gaussian', 'gaussian-tdc', 'gaussian-tdc+ft', 'metric-kmeans',
            'vqvae', 'vqvae-plain'} <= set(models)
    assert models['geodesic']['bits_per_image'] == 16 * 4                   # 16 chunks, K = 16
    assert 0 < models['vqvae']['recon']['psnr']['mean'] < 100
    assert 'geodesic-prior' in metrics['samples'] and metrics['samples']['geodesic-prior']['fd'] >= 0
    for figure in ('reconstructions_comparison', 'rate_distortion', 'kl_per_chunk', 'interpolation_0'):
        assert (base/'seed0'/'figures'/f'{figure}.png').exists(), figure
    readme = write_readme(tmp_path/'report').read_text()
    assert f'## {name}' in readme and '| geodesic |' in readme
    assert f'seeds {seeds}' in readme


def test_new_data_is_a_new_model(tmp_path):
    "Pointing GEOVQ_DATA at other files (same names and sizes) trains a new VAE instead of reusing the old one."
    for copy, seed in (('a', 0), ('b', 7)):
        make_fixture('fashion-mnist', tmp_path/copy, n=(200, 40, 40), seed=seed)
    folders = []
    with set_env(GEOVQ_RUNS=str(tmp_path/'runs'), GEOVQ_CACHE=str(tmp_path/'cache')):
        for copy in ('a', 'b', 'a'):
            with set_env(GEOVQ_DATA=str(tmp_path/copy)):
                folders.append(train_vae(Run('fashion-mnist', 'tiny', 0)))
    assert folders[0] != folders[1] and folders[0] == folders[2]


def geovq(*args):
    return subprocess.run([sys.executable, '-m', 'geovq.cli', *args], capture_output=True, text=True)


def test_cli():
    "The command line lists what there is, and names unknown datasets, profiles and bad seeds in one line."
    help_text = geovq('--help').stdout
    assert 'fashion-mnist:' in help_text and 'cpu-t10k' in help_text and '12_evaluate' in help_text
    for args, message in ((['run', 'imagenet', '--seeds', '0'], 'parameter files exist for'),
                          (['run', 'mnist', '--profile', 'huge'], 'its profiles are'),
                          (['run', 'tiny', '--profile', 'tiny', '--seeds', '-1'], 'seeds must be whole numbers')):
        done = geovq(*args)
        assert done.returncode == 2 and message in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert geovq('run', 'tiny', '--seeds', 'abc').returncode == 2      # argparse refuses a non-integer seed


REAL = Path(os.environ.get('GEOVQ_DATA', '/nonexistent'))
real = pytest.mark.skipif(not (REAL/'FashionMNIST'/'raw').exists(),
                          reason='GEOVQ_DATA does not hold the real Fashion-MNIST')


@real
def test_real_fashion_mnist():
    "Fashion-MNIST from the data root: 55k/5k/10k images in [0, 1]."
    data = load_data('fashion-mnist')
    assert data.sizes() == {'train': 55000, 'val': 5000, 'test': 10000} and data.shape == (1, 28, 28)
    x = data.test.images(slice(0, 1000))
    assert x.min() >= 0 and x.max() <= 1 and x.max() > 0.99


@real
def test_real_mnist_test_split():
    "MNIST from its official test split only, through the explicit re-split option."
    if not (REAL/'MNIST'/'raw'/'t10k-images-idx3-ubyte').exists():
        pytest.skip('no MNIST test split')
    assert load_data(DataConfig('mnist', split='test-resplit')).sizes() == {'train': 7000, 'val': 1000, 'test': 2000}
