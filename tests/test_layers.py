"""The package's layers show the pipeline: each module imports only from its own layer or the layers below it, and no method
package imports another (the one exception is named below, with its reason)."""
import ast
from pathlib import Path
import poseself

PKG = Path(poseself.__file__).parent
# from the bottom; a module's layer is the first whose prefixes match its dotted name below the package
LAYERS = [
    ('foundations', ('__init__', 'skeleton', 'geometry', 'metrics', 'runs', 'device', 'sequence', 'triangulation', 'report')),
    ('learning', ('models', 'training', 'distributed')),
    ('sources', ('studio', 'bvh', 'datasets')),
    ('data', ('background', 'data', 'store', 'videos', 'inputs')),
    ('protocols', ('transfer',)),
    ('methods', ('sync', 'temporal', 'mcss', 'selfpose3d')),
    ('commands', ('experiments', 'compare', 'bench_data', 'cli')),
]
METHODS = LAYERS[5][1]
# MCSS's runner trains the sync+flip pretext as one of its comparison rows (its published tables hold them)
ALLOWED = {('mcss.experiments', 'sync.learner')}


def layer(mod: str) -> int:
    head = mod.split('.')[0]
    return next(i for i, (_, names) in enumerate(LAYERS) if head in names)


def modules() -> dict:
    "Dotted name below the package -> its file, for every module but nbdev's index."
    return {'.'.join(f.relative_to(PKG).with_suffix('').parts): f for f in PKG.rglob('*.py') if f.name != '_modidx.py'}


def imports(mod: str, f: Path, known) -> set:
    "The package's modules that `mod` imports (at the top or inside a function)."
    pkg = mod.split('.')[:-1] if f.name != '__init__.py' else mod.split('.')
    out = set()
    for n in ast.walk(ast.parse(f.read_text())):
        if isinstance(n, ast.ImportFrom):
            if n.level: base = '.'.join(pkg[:len(pkg) - n.level + 1] + ([n.module] if n.module else []))
            elif (n.module or '').startswith('poseself'): base = n.module[len('poseself.'):] if n.module != 'poseself' else ''
            else: continue
            for a in n.names:
                cand = f'{base}.{a.name}'.strip('.')
                out.add(cand if cand in known else base or '__init__')
        elif isinstance(n, ast.Import):
            out |= {a.name[len('poseself.'):] for a in n.names if a.name.startswith('poseself.')}
    return {m for m in out if m != mod}


def test_every_module_has_a_layer():
    for m in modules(): layer(m)


def test_imports_point_down():
    mods = modules()
    up = [(m, t, LAYERS[layer(m)][0], LAYERS[layer(t)][0]) for m, f in mods.items() for t in imports(m, f, mods)
          if layer(t) > layer(m)]
    assert not up, '\n'.join(f'{m} ({a}) imports {t} ({b}), a layer above it' for m, t, a, b in up)


def test_no_method_imports_another():
    mods = modules()
    cross = [(m, t) for m, f in mods.items() if m.split('.')[0] in METHODS for t in imports(m, f, mods)
             if t.split('.')[0] in METHODS and t.split('.')[0] != m.split('.')[0] and (m, t) not in ALLOWED]
    assert not cross, cross


def test_the_reader_finds_imports():
    "The import reader on a known case: relative, absolute and inside a function."
    mods = modules()
    assert {'data', 'datasets.common', 'runs'} <= imports('inputs', mods['inputs'], mods)
    assert 'sync.learner' in imports('mcss.experiments', mods['mcss.experiments'], mods)
    assert 'videos' in imports('temporal.data', mods['temporal.data'], mods)
