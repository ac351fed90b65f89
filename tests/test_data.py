"""Data settings are checked field by field, data identity follows file content (CelebA same-size replacement)
through `Run`, the way every stage sees it, and the names that left geovq.data keep their old import path."""
import dataclasses
import os
import subprocess
import sys
import time

import pytest

from geovq.core import GeovqError, set_env
from geovq.data import DataConfig, Run
from geovq.fixtures import make_fixture
from geovq.identity import data_fingerprint

BAD = {   # field -> (dataset, a bad value, what the one-line error says)
    'name': ('cifar100', None, 'valid names are'),
    'split': ('mnist', 'random', "use 'standard' or 'test-resplit'"),
    'val_size': ('mnist', 0, 'DataConfig.val_size = 0 is outside its range [1, inf)'),
    'split_seed': ('mnist', -1, 'DataConfig.split_seed = -1 is outside its range [0, 4294967295]'),
    'image_size': ('celeba', 48, 'the models take 32 or 64'),
    'crop': ('celeba', 200, 'DataConfig.crop = 200 is outside its range [32, 178]'),
    'verify': ('cifar10', 'no', 'verify must be true or false'),
}


def test_every_data_setting_has_a_check():
    "A table row for each DataConfig field: a new field must come with its check."
    assert set(BAD) == {field.name for field in dataclasses.fields(DataConfig)}


@pytest.mark.parametrize('field', sorted(BAD))
def test_bad_data_setting_is_refused(field):
    "Each field's bad value is one GeovqError line, raised when the configuration is built (before any stage)."
    name, value, message = BAD[field]
    settings = {} if field == 'name' else {field: value}
    with pytest.raises(GeovqError) as caught:
        DataConfig(name, **settings)
    assert message in str(caught.value) and '\n' not in str(caught.value)


@pytest.mark.parametrize('name, field, value', [('celeba', 'val_size', 100), ('tiny', 'split_seed', 1),
                                                ('mnist', 'crop', 120), ('fashion-mnist', 'verify', False)])
def test_setting_the_dataset_ignores_is_refused(name, field, value):
    with pytest.raises(GeovqError, match=f'{field} = .* does nothing here'):
        DataConfig(name, **{field: value})


def test_same_size_image_is_new_data(tmp_path):
    "A CelebA image replaced by other content of the same size and old mtime gives the run a new data identity."
    root = make_fixture('celeba', tmp_path/'data', n=(6, 2, 2))
    with set_env(GEOVQ_DATA=str(root), GEOVQ_CACHE=str(tmp_path/'cache')):
        time.sleep(1.1)                                   # the files settle: their hashes go to the side cache
        before = Run('celeba', 'tiny', 0).data_id
        assert Run('celeba', 'tiny', 0).data_id == before
        jpg = root/'celeba'/'img_align_celeba'/'000004.jpg'
        stat = jpg.stat()
        other = (root/'celeba'/'img_align_celeba'/'000005.jpg').read_bytes()
        same_size = (other + bytes(stat.st_size))[:stat.st_size]
        assert same_size != jpg.read_bytes()
        jpg.write_bytes(same_size)
        os.utime(jpg, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert (jpg.stat().st_size, jpg.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
        after = Run('celeba', 'tiny', 0)
        assert after.data_id != before
        assert after.data_id == data_fingerprint(after.data_cfg)


def test_moved_names_keep_their_old_import_path():
    "geovq.data re-exports what moved to geovq.identity (earlier) and, lazily, what moved to geovq.fixtures (later)."
    import geovq.data
    import geovq.fixtures
    import geovq.identity
    from geovq.data import CELEBA_ATTRS, SYNTHETIC_VERSION, data_fingerprint as old_fingerprint, file_hashes
    assert old_fingerprint is data_fingerprint and file_hashes is geovq.identity.file_hashes
    assert SYNTHETIC_VERSION == geovq.identity.SYNTHETIC_VERSION
    from geovq.data import make_fixture as old_make_fixture
    assert old_make_fixture is make_fixture and CELEBA_ATTRS is geovq.fixtures.CELEBA_ATTRS
    with pytest.raises(AttributeError, match="module 'geovq.data' has no attribute 'make_fixtures'"):
        geovq.data.make_fixtures
    with pytest.raises(ImportError, match='make_fixtures'):
        from geovq.data import make_fixtures  # noqa: F401


def test_modules_import_only_earlier_ones():
    "In a fresh interpreter: geovq.identity loads without geovq.data, and geovq.data without geovq.fixtures."
    code = ('import sys, geovq.identity; assert "geovq.data" not in sys.modules, "identity imports data"; '
            'import geovq.data; assert "geovq.fixtures" not in sys.modules, "data imports fixtures"; '
            'from geovq.data import make_fixture; assert "geovq.fixtures" in sys.modules')
    done = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
