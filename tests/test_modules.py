"""The modules' shape: each imports only modules of earlier notebooks (so no import circle can form and no module
reaches into a later stage), and none grows past one idea's size.

A module's place is its notebook's (the `File to edit: ../nbs/<notebook>.ipynb` line nbdev writes at its top); notebooks
sort by name (`11_interpolate` < `11b_fidelity` < `11c_figures` < `12_evaluate`). Imports inside functions count too.
"""
import re
from pathlib import Path

LIB = Path(__file__).parent.parent/'geovq'
LIMIT = 500   # lines
# Known exceptions, each to be removed when its module is split (issue 17 part 6 and what it left over).
LATER_IMPORTS = {}
OVER_LIMIT = {}
IMPORT = re.compile(r'^\s*(?:from\s+(?:\.|geovq\.)(\w+)\s+import|import\s+geovq\.(\w+))', re.M)


def notebooks() -> dict:
    "{module name: its notebook's stem} for every generated module."
    out = {}
    for path in LIB.glob('*.py'):
        found = re.search(r'File to edit: \.\./nbs/(\S+)\.ipynb', path.read_text())
        if found:
            out[path.stem] = found.group(1)
    return out


def test_modules_import_only_earlier_notebooks():
    order = notebooks()
    assert {'evaluate', 'fidelity', 'figures', 'benchkit', 'bench'} <= set(order)
    later = {}
    for module, notebook in order.items():
        for match in IMPORT.finditer((LIB/f'{module}.py').read_text()):
            imported = match.group(1) or match.group(2)
            if imported in order and imported != module and order[imported] >= notebook:
                later[(module, imported)] = f'{notebook} imports {order[imported]}'
    unexpected = {pair: why for pair, why in later.items() if pair not in LATER_IMPORTS}
    assert not unexpected, f'modules import later (or same-place) modules: {unexpected}'


def test_modules_are_small():
    sizes = {path.name: len(path.read_text().splitlines()) for path in LIB.glob('*.py') if path.name != '_modidx.py'}
    over = {name: lines for name, lines in sizes.items() if lines > LIMIT and name not in OVER_LIMIT}
    assert not over, f'modules over {LIMIT} lines (one idea per module: split them): {over}'
    assert max(sizes[name] for name in ('evaluate.py', 'fidelity.py', 'figures.py', 'benchkit.py', 'bench.py')) <= LIMIT
