"""A fifth method is one package and one registration: `tests/plugin` (rotation prediction) is installed beside poseself, and the
installed `poseself` command lists it, runs it at its tiny preset with the options every experiment has, writes its run record
and sums it up with `poseself report`."""
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest
from conftest import ROOT, poseself_exe

PLUGIN = ROOT / 'tests' / 'plugin'


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "A folder the plugin is installed into (with pip, as a user would install it), on the commands' PYTHONPATH."
    site, src = tmp_path_factory.mktemp('site'), tmp_path_factory.mktemp('src') / 'plugin'
    shutil.copytree(PLUGIN, src)  # (pip builds in the source folder: the checkout stays clean)
    r = subprocess.run([sys.executable, '-m', 'pip', 'install', '--quiet', '--no-deps', '--no-build-isolation', '--target',
                        str(site), str(src)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return site


def poseself(site, *args, cwd):
    env = os.environ | {'PYTHONPATH': os.pathsep.join(filter(None, [str(site), os.environ.get('PYTHONPATH')]))}
    return subprocess.run([poseself_exe(), *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_an_installed_package_adds_an_experiment(site, tmp_path):
    r = poseself(site, 'list', cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'rotation: Rotation prediction (Gidaris et al., 2018)' in r.stdout and 'demo: ' in r.stdout, r.stdout
    assert 'presets: cpu (default), tiny, gpu, full' in r.stdout.split('rotation:')[1], r.stdout
    r = poseself(site, 'rotation', '--help', cwd=tmp_path)
    for opt in ('--preset', '--set', '--out', '--seed', '--resume', '--device', '--workers', '--data'): assert opt in r.stdout
    r = poseself(site, 'rotation', '--preset', 'tiny', '--set', 'iters=0', '--out', tmp_path / 'bad', cwd=tmp_path)
    assert r.returncode == 2 and 'Setting iters must be positive, got 0' in r.stderr and not (tmp_path / 'bad').exists()
    # without the package on the path, the command has no such experiment
    plain = subprocess.run([poseself_exe(), 'list'], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0 and 'rotation' not in plain.stdout


def test_the_new_method_runs_and_is_reported(site, tmp_path):
    out = tmp_path / 'runs' / 'rotation'
    r = poseself(site, 'rotation', '--preset', 'tiny', '--out', out, '--workers', '1', '--seed', '3', cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    rec = json.loads((out / 'results.json').read_text())
    assert (rec['experiment'], rec['preset'], rec['seed'], rec['settings']['iters']) == ('rotation', 'tiny', 3, 8)
    assert [row['init'] for row in rec['metrics']['rows']] == ['random', 'rotation']
    assert all(row['MPJPE'] > 0 for row in rec['metrics']['rows']) and 0 <= rec['metrics']['pretext']['accuracy'] <= 1
    assert list(rec['wall_s']) == ['render', 'pretrain', 'transfer_random', 'transfer_rotation']
    assert rec['command'].startswith('poseself rotation --preset tiny')
    assert '| init | MPJPE |' in (out / 'results.md').read_text() and 'report: ' in r.stdout
    assert {'rotation.pth', 'pose_random.pth', 'pose_rotation.pth'} <= {f.name for f in (out / 'models').glob('*.pth')}
    # a finished run resumed trains nothing again and measures the same
    again = poseself(site, 'rotation', '--preset', 'tiny', '--out', out, '--workers', '1', '--seed', '3', '--resume',
                     cwd=tmp_path)
    assert again.returncode == 0, again.stderr[-3000:]
    assert json.loads((out / 'results.json').read_text())['metrics'] == rec['metrics']
    r = poseself(site, 'report', tmp_path / 'runs', cwd=tmp_path)
    assert r.returncode == 0 and 'rotation' in r.stdout, r.stdout + r.stderr


def test_a_broken_package_is_named_and_left_out(site, tmp_path):
    "An installed package whose experiments module fails to import: a warning names it, and the rest still run."
    broken = tmp_path / 'broken'
    dist = broken / 'poseself_broken-0.1.dist-info'
    dist.mkdir(parents=True)
    (dist / 'METADATA').write_text('Metadata-Version: 2.1\nName: poseself-broken\nVersion: 0.1\n')
    (dist / 'entry_points.txt').write_text('[poseself.experiments]\nbroken = poseself_broken_missing\n')
    r = poseself(f'{broken}{os.pathsep}{site}', 'list', cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "The experiments of poseself_broken_missing (entry point 'broken' of poseself-broken) could not be loaded" in r.stderr
    assert 'rotation: ' in r.stdout and 'demo: ' in r.stdout
