"The main job, end to end, at the 'tiny' preset: every stage runs and the report is written."
import json


def test_demo_tiny_writes_report(run_cli, run_main, tmp_path):
    r = run_cli('demo', '--preset', 'tiny', '--out', tmp_path / 'demo', '--workers', '1')
    assert r.returncode == 0, r.stderr[-3000:]
    out = tmp_path / 'demo'
    rec = json.loads((out / 'results.json').read_text())  # the run record: settings, environment, stage times, metrics
    assert rec['experiment'] == 'demo' and rec['preset'] == 'tiny' and set(rec['wall_s']) >= {'render', 'pretrain'}
    res = rec['metrics']
    assert set(res['ratio']) == {'MPJPE', 'N_MPJPE', 'P_MPJPE'} and all(0 < v < 10 for v in res['ratio'].values())
    assert list(res['pose_change_vs_gap']) == list(res['sync_vs_gap'])  # the same pair groups, test and train subjects
    for k in ('ssl', 'random'): assert 0 < res[k]['MPJPE'] < 2000
    md = (out / 'results.md').read_text()
    assert '| random |' in md and 'ratio SSL / random' in md and 'Pose change' in md
    for f in ('sync_vs_gap.png', 'retrieval.png', 'pretrain_loss.png', 'models/sync.pth', 'models/pose_ssl.pth',
              'models/pose_random.pth'):
        assert (out / f).exists(), f
    assert 'ratio SSL / random' in r.stdout
    # --resume on a finished run trains nothing and reports the same numbers and loss curve (kept in the checkpoint); with other
    # settings it is refused, and the checkpoint stays
    (out / 'pretrain_loss.png').unlink()
    again = run_main('demo', '--preset', 'tiny', '--out', out, '--workers', '1', '--resume')
    assert again.returncode == 0, again.stderr[-3000:]
    assert again.stdout.count('nothing left to train') == 3, again.stdout[-3000:]
    res2 = json.loads((out / 'results.json').read_text())['metrics']
    for k in ('ssl', 'random'): assert abs(res2[k]['MPJPE'] - res[k]['MPJPE']) < 1e-3
    assert res2['pretext'] == res['pretext'] and (out / 'pretrain_loss.png').exists()
    ck = (out / 'models/sync.pth').stat().st_mtime_ns
    bad = run_main('demo', '--preset', 'tiny', '--out', out, '--workers', '1', '--resume', '--set', 'lr=0.005')
    assert bad.returncode == 2 and 'with other settings (lr: 0.001 then, 0.005 now)' in bad.stderr, bad.stderr[-2000:]
    # another seed, or another experiment, resumed in this folder: refused before anything is rendered or written
    crops = sorted(p.name for p in out.glob('crops_*/*/images.npy'))
    for args in (('demo', '--seed', '1'), ('mcss',), ('selfpose3d',)):
        bad = run_main(*args, '--preset', 'tiny', '--out', out, '--resume')
        assert bad.returncode == 2 and f'--resume: {out} holds a demo run (preset tiny, seed 0)' in bad.stderr, bad.stderr[-2000:]
    assert (out / 'models/sync.pth').stat().st_mtime_ns == ck and sorted(p.name for p in out.glob('crops_*/*/images.npy')) == crops
    assert json.loads((out / 'results.json').read_text())['experiment'] == 'demo'


def test_demo_rejects_bad_settings(run_cli, run_main, tmp_path):
    r = run_cli('demo', '--preset', 'tiny', '--out', tmp_path, '--set', 'iters=3')
    assert r.returncode == 2 and 'Unknown setting' in r.stderr
    # each value must be of the preset's kind and in range; refused with the reason before anything is rendered or written
    for i, (kv, msg) in enumerate([('pretrain_iters=abc',
                                    "Setting pretrain_iters takes a whole number (the preset has 8); got 'abc'"),
                                   ('bs=0', 'Setting bs must be positive, got 0'), ('actions=walk,fly',
                                                                                    "Unknown action(s) ['fly']")]):
        r = run_main('demo', '--preset', 'tiny', '--out', tmp_path / str(i), '--set', kv)
        assert r.returncode == 2 and msg in r.stderr and 'Traceback' not in r.stderr, (kv, r.stderr[-2000:])
        assert not (tmp_path / str(i)).exists(), kv
