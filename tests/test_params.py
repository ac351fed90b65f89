"""Every setting of every configuration is refused early when it is bad (issue 17, part 2).

The configuration classes are found, not listed by hand: every dataclass of every geovq module is either a
configuration — decorated with `@bounded`, so that each numeric field has a range — or named in NOT_CONFIGURATION with
what it is instead; a new dataclass must be one or the other. For each configuration field the walk writes a value
just outside its range (`outside`), or for a field with a fixed set of choices a bad choice, into a copy of params/
for the tiny profile — in the shared section and in a named entry where the class has both — and proves that
`check_params('tiny', 'tiny', seeds=[0])`, what `geovq run` calls before its first stage, raises a GeovqError naming
the field. Nothing trains: a check takes milliseconds. The benchmarks' settings go through their own loader,
`bench_config`, on a copy of params/bench.yaml; BackboneConfig, which no parameter file holds yet, through
`from_dict` and its constructor (`refuses_out_of_range`).
"""
import dataclasses
import importlib
import inspect
import pkgutil
import shutil
import typing
from pathlib import Path

import pytest
import yaml

import geovq
from geovq.config import from_dict, outside, refuses_out_of_range
from geovq.core import GeovqError, params_dir, set_env

CONFIGURATION = {   # class -> where a parameter file writes it: (file, path of sections and entries in the profile)
    'DataConfig': [('tiny', ('data',))],
    'TrainConfig': [('tiny', (section,)) for section in ('vae_train', 'finetune_train', 'vqvae_train', 'prior_train',
                                                         'classifier_train')]
                   + [('tiny', ('vaes', 'vae-tdc', 'train')), ('tiny', ('vqvaes', 'vqvae', 'train'))],
    'VAEConfig': [('tiny', ('vae',)), ('tiny', ('vaes', 'vae-tdc'))],
    'QuantizerConfig': [('tiny', ('quantize',)), ('tiny', ('quantizers', 'geodesic'))],
    'SweepConfig': [('tiny', ('sweep',))],
    'FinetuneConfig': [('tiny', ('finetune',))],
    'VQVAEConfig': [('tiny', ('vqvae',)), ('tiny', ('vqvaes', 'vqvae'))],
    'PriorConfig': [('tiny', ('prior',))],
    'PriorSpec': [('tiny', ('priors', 'vqvae'))],
    'ClassifierConfig': [('tiny', ('classifier',))],
    'EvalConfig': [('tiny', ('evaluate',))],
    'QuantizeBench': [('bench', ('quantize',))],
    'MetricBench': [('bench', ('metric',))],
    'SamplingBench': [('bench', ('sampling',))],
    'BackboneConfig': [],   # in no parameter file yet (issue 18): walked through from_dict and its constructor
}
NOT_CONFIGURATION = {
    'Range': 'an interval: what a range is, not a setting',
    'Store': 'the artifact store of a run',
    'FinishedOnlyStore': "the explorer's read-only store",
    'FinishedRun': 'a finished run the explorer shows',
    'ImageSet': 'images and labels of one split',
    'Splits': "a dataset's three splits",
    'Run': "a run's identity: dataset, profile and seed come from the command line, checked by Run itself",
    'QuantizerSpec': "a configured quantizer and where it applies, built from a quantizers entry (its `vae` and "
                     "`splits` are walked as ENTRY_CHOICES)",
}
REFUSED_OTHERWISE = {   # numeric settings refused for another reason than their range, and that reason
    ('QuantizerConfig', 'seed'): "does nothing: every quantizer is seeded by the run's seed",
}
BAD_CHOICE = 'no-such-choice'
ENTRY_CHOICES = [   # settings of a named entry that are not fields of its configuration: (path, key, value, message)
    (('quantizers', 'geodesic'), 'vae', BAD_CHOICE, f"quantizers.geodesic quantizes VAE '{BAD_CHOICE}'"),
    (('quantizers', 'geodesic'), 'splits', [BAD_CHOICE], 'quantizers.geodesic.splits must be among'),
]


def geovq_modules() -> list:
    "Every module of the geovq package (the generated _modidx aside), checked against the files on disk."
    names = sorted(m.name for m in pkgutil.iter_modules(geovq.__path__) if not m.name.startswith('_'))
    on_disk = sorted(p.stem for p in Path(geovq.__file__).parent.glob('*.py') if not p.stem.startswith('_'))
    assert names == on_disk and len(names) >= 30, (names, on_disk)
    return [importlib.import_module(f'geovq.{name}') for name in names]


def geovq_dataclasses() -> dict:
    "{name: class} of every dataclass defined in a geovq module."
    found = {}
    for module in geovq_modules():
        for obj in vars(module).values():
            if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
                assert obj.__name__ not in found, f'two dataclasses named {obj.__name__}'
                found[obj.__name__] = obj
    return found


CLASSES = geovq_dataclasses()


def test_every_dataclass_is_configuration_or_named_otherwise():
    "A configuration class is marked @bounded; every other dataclass is named with what it is instead."
    bounded = {name for name, cls in CLASSES.items() if hasattr(cls, '__bounds__')}
    assert bounded == set(CONFIGURATION), f'@bounded: {sorted(bounded)}; expected {sorted(CONFIGURATION)}'
    assert set(CLASSES) - bounded == set(NOT_CONFIGURATION)


def _numeric_value(cls, field: str, value):
    "`value` as the field is written: alone, in a list, or in a list of pairs."
    hint = typing.get_type_hints(cls)[field]
    options = [hint] if typing.get_origin(hint) in (tuple, list) else typing.get_args(hint)
    listed = [option for option in options if typing.get_origin(option) in (tuple, list)]
    if not listed:
        return value
    inner = typing.get_args(listed[0])[0]
    return [[value, value]] if typing.get_origin(inner) in (tuple, list) else [value]


def _bad_choice(cls, field: str):
    "A value outside a non-numeric field's choices, written as its type is."
    hint = typing.get_type_hints(cls)[field]
    if hint is bool:
        return 'maybe'
    if hint is dict:
        return {'arch': BAD_CHOICE}
    return [BAD_CHOICE] if typing.get_origin(hint) in (tuple, list) else BAD_CHOICE


def trials() -> list:
    "(class, file, path, field, value, what) of every bad value the walk writes."
    out = []
    for name, places in CONFIGURATION.items():
        cls = CLASSES[name]
        numeric = cls.__bounds__
        for file, path in places:
            for field in [f.name for f in dataclasses.fields(cls) if f.init]:
                if field in numeric:
                    rng, whole = numeric[field]
                    out += [(name, file, path, field, _numeric_value(cls, field, value), f'outside {rng}')
                            for value in outside(rng, whole)]
                else:
                    out.append((name, file, path, field, _bad_choice(cls, field), 'a bad choice'))
    return out


TRIALS = trials()


def _write(folder: Path, file: str, path: tuple, key: str, value) -> None:
    "Write `key: value` at `path` in the tiny profile of the copied tiny.yaml, or in a section of bench.yaml."
    content = yaml.safe_load((params_dir()/f'{file}.yaml').read_text())
    if file == 'bench':
        content[path[0]] = {**content[path[0]], key: value}
    else:
        block = {key: value}
        for part in reversed(path):
            block = {part: block}
        content['profiles'] = {'tiny': block}
    (folder/f'{file}.yaml').write_text(yaml.safe_dump(content, sort_keys=False))


@pytest.fixture(scope='module')
def params_copy(tmp_path_factory):
    "A copy of params/ that each trial rewrites (tiny.yaml, bench.yaml) and restores."
    folder = tmp_path_factory.mktemp('params')
    for path in params_dir().glob('*.yaml'):
        shutil.copy(path, folder/path.name)
    return folder


def _refused(folder: Path, file: str, path: tuple, key: str, value) -> str:
    "The one-line GeovqError message the check raises with `key: value` written at `path`."
    from geovq.benchkit import bench_config
    from geovq.runner import check_params
    _write(folder, file, path, key, value)
    try:
        with set_env(GEOVQ_PARAMS=str(folder)), pytest.raises(GeovqError) as caught:
            if file == 'bench':
                bench_config(path[0])
            else:
                check_params('tiny', 'tiny', seeds=[0])
    finally:
        shutil.copy(params_dir()/f'{file}.yaml', folder/f'{file}.yaml')
    message = str(caught.value)
    assert '\n' not in message
    return message


def test_the_walk_covers_every_field():
    "Each configuration field in a parameter file gets at least one bad value; the numbers are in the module doc."
    walked = {(name, field) for name, _, _, field, _, _ in TRIALS}
    in_files = {(name, f.name) for name, places in CONFIGURATION.items() if places
                for f in dataclasses.fields(CLASSES[name]) if f.init}
    assert walked == in_files
    assert len(walked) >= 100 and len(TRIALS) >= 300, (len(walked), len(TRIALS))


@pytest.mark.parametrize('name, file, path, field, value, what', TRIALS,
                         ids=[f'{t[0]}-{".".join(t[2])}.{t[3]}-{t[4]!r}' for t in TRIALS])
def test_bad_setting_is_refused_before_anything_trains(params_copy, name, file, path, field, value, what):
    "`path.field = value` in the parameter file is refused by check_params (or bench_config), naming the field."
    message = _refused(params_copy, file, path, field, value)
    named = '.'.join(path) + f'.{field}'
    if what.startswith('outside'):
        why = REFUSED_OTHERWISE.get((name, field), ' is outside its range ')
        assert named in message and why in message, f'{named} = {value!r} ({what}) was refused otherwise: {message}'
    else:
        assert '.'.join(path) in message and field in message, f'{named} = {value!r}: {message}'


@pytest.mark.parametrize('path, key, value, expected', ENTRY_CHOICES)
def test_bad_entry_key_is_refused(params_copy, path, key, value, expected):
    assert expected in _refused(params_copy, 'tiny', path, key, value)


def test_backbone_settings_are_refused():
    "BackboneConfig is in no parameter file yet: every value outside a range, and every bad choice, still is refused."
    cls = CLASSES['BackboneConfig']
    assert len(refuses_out_of_range(cls, where='backbone')) == 2 * sum(
        len(outside(rng, whole)) for rng, whole in cls.__bounds__.values())
    for field in [f.name for f in dataclasses.fields(cls) if f.name not in cls.__bounds__]:
        with pytest.raises(GeovqError, match=field):
            from_dict(cls, {field: _bad_choice(cls, field)}, 'backbone')


def test_a_good_copy_passes(params_copy):
    "The copy itself is fine: each refusal above is the bad value's."
    from geovq.benchkit import BENCHES, bench_config
    from geovq.runner import check_params
    with set_env(GEOVQ_PARAMS=str(params_copy)):
        check_params('tiny', 'tiny', seeds=[0])
        for what in BENCHES:
            bench_config(what)
