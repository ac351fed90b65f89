"""The whole study on the layout fixtures (CelebA, CIFAR-10), the benchmark scripts' quick modes, the command line,
and the real data where this machine has it."""
import json, os, subprocess, sys
from pathlib import Path
import pytest
import torch

from geovq.data import DataConfig, load_data, make_fixture
from geovq.report import run_notebooks, write_readme

ROOT = Path(__file__).parent.parent

@pytest.mark.parametrize('name', ['celeba', 'cifar10'])
def test_study_on_fixture(name, tmp_path, monkeypatch):
    "Every stage notebook runs under papermill on a fixture in the dataset's exact on-disk layout, tiny profile."
    make_fixture(name, tmp_path/'data', n=(200, 40, 40))
    monkeypatch.setenv('GEOVQ_DATA', str(tmp_path/'data'))
    base = run_notebooks(name, 'tiny', seeds=[0], out=tmp_path/'report')
    m = json.loads((base/'seed0'/'metrics.json').read_text())
    assert {'vae', 'geodesic', 'geodesic-exact', 'kmeans', 'kmedoids', 'vqvae', 'vqvae-plain'} <= set(m['models'])
    assert m['models']['geodesic']['bits_per_image'] == 16 * 4                   # 16 chunks, K = 16
    assert 0 < m['models']['vqvae']['recon']['psnr']['mean'] < 100
    assert 'geodesic-prior' in m['samples'] and m['samples']['geodesic-prior']['fd'] >= 0
    for f in ('reconstructions_comparison', 'rate_distortion', 'geodesic_temperature_comparison', 'interpolation_0'):
        assert (base/'seed0'/'figures'/f'{f}.png').exists(), f
    readme = write_readme(tmp_path/'report').read_text()
    assert f'## {name}' in readme and '| geodesic |' in readme

def test_bench_quick(tmp_path):
    "The benchmark scripts run end to end in their quick modes and write their reports."
    for what in ('quantize', 'sampling'):
        r = subprocess.run([sys.executable, '-m', 'geovq.bench', what, '--quick', '--out', str(tmp_path)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr[-3000:]
        res = json.loads((tmp_path/f'{what}.json').read_text())
        assert (tmp_path/f'{what}.md').exists()
    assert json.loads((tmp_path/'quantize.json').read_text())['assign']['direct']['chunks_per_second'] > 0

def test_cli_errors():
    "The command line names unknown datasets and profiles."
    r = subprocess.run([sys.executable, '-m', 'geovq.report', 'run', 'imagenet', '--seeds', '0'], capture_output=True, text=True)
    assert r.returncode != 0 and 'parameter files exist for' in r.stderr
    r = subprocess.run([sys.executable, '-m', 'geovq.report', 'run', 'mnist', '--profile', 'huge'], capture_output=True, text=True)
    assert r.returncode != 0 and 'its profiles are' in r.stderr

real = pytest.mark.skipif(not (Path(os.environ.get('GEOVQ_DATA', '/nonexistent'))/'FashionMNIST'/'raw').exists(),
                          reason='GEOVQ_DATA does not hold the real Fashion-MNIST')

@real
def test_real_fashion_mnist():
    "Fashion-MNIST from the data root: 55k/5k/10k images in [0, 1]."
    d = load_data('fashion-mnist')
    assert d.sizes() == {'train': 55000, 'val': 5000, 'test': 10000} and d.shape == (1, 28, 28)
    x = d.test.images(slice(0, 1000)); assert x.min() >= 0 and x.max() <= 1 and x.max() > 0.99

@real
def test_real_mnist_test_split():
    "MNIST from its official test split only, through the explicit re-split option."
    if not (Path(os.environ['GEOVQ_DATA'])/'MNIST'/'raw'/'t10k-images-idx3-ubyte').exists(): pytest.skip('no MNIST test split')
    d = load_data(DataConfig('mnist', split='test-resplit'))
    assert d.sizes() == {'train': 7000, 'val': 1000, 'test': 2000}
