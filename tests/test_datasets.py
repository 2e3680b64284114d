"""Real datasets through the installed command: a Human3.6M fixture in its published layout is checked, converted (and resumed),
and trained on by the demo and MCSS runners with --data."""
import json, os, shutil
import numpy as np
import pytest
from poseself.datasets.h36m import write_h36m_fixture


@pytest.fixture(scope='module')
def h36m(tmp_path_factory):
    "S1 (train, labelled) and S9 (test) walking, 36 frames each, written as Human3.6M publishes it."
    root = tmp_path_factory.mktemp('h36m')
    return write_h36m_fixture(root, takes=(('S1', 'Walking 1', 'walk'), ('S9', 'Walking 1', 'walk')), n_frames=36)


def test_check_and_resumable_convert(run_cli, run_main, h36m, tmp_path):
    r = run_cli('data', 'check', 'h36m', h36m, '--stride', '1')
    assert r.returncode == 0, r.stderr[-2000:]
    assert 'subjects: S1 S9' in r.stdout and '2 takes, 4 cameras each' in r.stdout and 'no problems found' in r.stdout
    assert '70 3D frames' in r.stdout  # 35 per take: the 3D tracks stop a frame before the videos
    r = run_cli('data', 'convert', 'h36m', h36m, '--size', '32', '--stride', '5', '--out', tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    store = tmp_path / 'crops' / 'h36m_32px_every5'
    parts = sorted(p.parent for p in store.glob('*/shard.json'))  # a crop store: a shard a take
    # 2 takes x 4 views x 7
    assert [p.name for p in parts] == ['S1__Walking_1', 'S9__Walking_1'] and '56 crops' in r.stdout
    kept = (parts[0] / 'images.npy').stat().st_mtime_ns
    shutil.rmtree(parts[1]); (store / 'store.json').unlink()  # as if interrupted before the second take was written
    r = run_main('data', 'convert', 'h36m', h36m, '--size', '32', '--stride', '5', '--out', tmp_path)
    # resumed: the first take is not redone
    assert r.returncode == 0 and parts[1].exists() and (parts[0] / 'images.npy').stat().st_mtime_ns == kept
    # two processes (the default) and one crop the same; the arrays are NumPy's own .npy files
    r = run_main('data', 'convert', 'h36m', h36m, '--size', '32', '--stride', '5', '--out', tmp_path / 'one', '--workers', '1')
    assert r.returncode == 0 and '56 crops' in r.stdout
    for p in parts:
        files = sorted(f.name for f in p.glob('*.npy'))
        assert files == sorted(f.name for f in (tmp_path / 'one' / 'crops' / 'h36m_32px_every5' / p.name).glob('*.npy'))
        for f in files:
            assert np.array_equal(np.load(p / f), np.load(tmp_path / 'one' / 'crops' / 'h36m_32px_every5' / p.name / f)), (p, f)


def test_demo_and_mcss_train_on_real_data(run_cli, h36m, tmp_path):
    out = tmp_path / 'demo'
    r = run_cli('demo', '--preset', 'tiny', '--out', out, '--data', f'h36m={h36m}', '--set', 'data_stride=1', 'gaps=4,8')
    assert r.returncode == 0, r.stderr[-3000:]
    rec = json.loads((out / 'results.json').read_text())
    assert rec['settings']['data'] == f'h36m={h36m}' and (out / 'crops' / 'h36m_32px_every1' / 'S9__Walking_1' / 'shard.json').exists()
    md = (out / 'results.md').read_text()
    assert 'Transfer: S1 labels' in md and 'Test: S9, root fixed' in md and 0 < rec['metrics']['ssl']['MPJPE'] < 2000
    out = tmp_path / 'mcss'
    r = run_cli('mcss', '--preset', 'tiny', '--out', out, '--data', f'h36m={h36m}', '--set', 'data_stride=1', 'bs=4',
                'rows=random,mcss')
    assert r.returncode == 0, r.stderr[-3000:]
    rows = {row['row']: row for row in json.loads((out / 'results.json').read_text())['metrics']['rows']}
    assert set(rows) == {'random', 'mcss'} and all(0 < row['MPJPE'] < 2000 for row in rows.values())


def test_temporal_trains_on_real_videos(run_cli, h36m, tmp_path):
    out = tmp_path / 'temporal'
    r = run_cli('temporal', '--preset', 'tiny', '--out', out, '--data', f'h36m={h36m}', '--set', 'data_stride=1', 'variants=DSL')
    assert r.returncode == 0, r.stderr[-3000:]
    rec = json.loads((out / 'results.json').read_text())
    row, = rec['metrics']['rows']
    assert row['model'] == 'DSL' and 0 < row['MPJPE_all'] < 2000
    assert (out / 'videos_h36m_64px_every1_0-1.npz').exists()
    r = run_cli('temporal', '--preset', 'tiny', '--out', tmp_path / 'p', '--data', f'shelf={h36m}')
    assert r.returncode == 2 and 'Traceback' not in r.stderr


def test_bad_data_is_refused_before_anything_is_written(run_cli, run_main, tmp_path):
    refusals = [('h36m', 'takes <dataset>=<folder>'), ('kinetics=/data', "Unknown dataset 'kinetics'"),
                (f'h36m={tmp_path}/nowhere', 'does not exist'), (f'h36m={tmp_path}', 'No subject folders')]
    for i, (spec, msg) in enumerate(refusals):  # the installed command first, then its entry point in this process
        r = (run_cli if i == 0 else run_main)('demo', '--preset', 'tiny', '--out', tmp_path / 'out', '--data', spec)
        assert r.returncode == 2 and msg in r.stderr and 'Traceback' not in r.stderr, (spec, r.stderr[-2000:])
    assert not (tmp_path / 'out').exists()


def test_convert_resumes_after_a_kill(run_main, h36m, tmp_path):
    "`data convert` killed (its whole process group, as a lost machine would be) while it writes: the next one finishes the store."
    import signal, subprocess, time
    from conftest import poseself_exe
    args = ['data', 'convert', 'h36m', str(h36m), '--size', '32', '--stride', '1', '--workers', '1', '--out', str(tmp_path)]
    store = tmp_path / 'crops' / 'h36m_32px_every1'
    p = subprocess.Popen([poseself_exe(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    t0 = time.time()
    while not list(store.glob('*/shard.json')) and p.poll() is None and time.time() - t0 < 300: time.sleep(0.01)
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    done = {f.parent.name: f.stat().st_mtime_ns for f in store.glob('*/images.npy')}
    assert len(done) == 1 and not (store / 'store.json').exists(), done  # killed with the store half written
    r = run_main(*args)
    assert r.returncode == 0 and '280 crops' in r.stdout, r.stderr[-2000:]  # 2 takes x 4 cameras x 35 frames with 3D
    assert all((store / n / 'images.npy').stat().st_mtime_ns == t for n, t in done.items())  # what was whole is kept
    assert len(list(store.glob('*/shard.json'))) == 2 and not list(store.glob('*.tmp'))  # nothing half-written is left
