"""The temporal method (Honari et al.) through the installed command, at the 'tiny' preset: every stage runs and writes its
outputs."""


def test_temporal_tiny_writes_table(run_cli, run_main, tmp_path):
    out = tmp_path / 'temporal'
    r = run_cli('temporal', '--preset', 'tiny', '--set', 'variants=CSS,DSL-STN-Dec-Split', '--out', out, '--workers', '1')
    assert r.returncode == 0, r.stderr[-3000:]
    md = (out / 'temporal.md').read_text()
    assert '| CSS |' in md and '| DSL-STN-Dec-Split |' in md and 'ti_cluster_acc' in md
    for f in ('label_fractions.png', 'swap_DSL-STN-Dec-Split.png', 'model_DSL-STN-Dec-Split.png', 'models/temporal_CSS.pth',
              'models/temporal_DSL-STN-Dec-Split.pth'):
        assert (out / f).exists(), f
    # probe the same checkpoints again with both pose models and other fractions, without pretraining
    r = run_main('temporal', '--preset', 'tiny', '--out', out, '--workers', '1',
                '--set', 'variants=CSS', 'reuse=true', 'pose_models=mlp,res', 'fractions=0.05,1')
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'CSS: pretrained weights reused' in r.stdout
    md = (out / 'temporal.md').read_text()
    assert '| CSS | mlp |' in md and '| CSS | res |' in md and '0.05 (' in md


def test_temporal_weak_2d(run_cli, tmp_path):
    "Weak 2D labels (Eq. 13) in pretraining, and the predicted 2D joints as a second input of the pose model (Eq. 15)."
    r = run_cli('temporal', '--preset', 'tiny', '--out', tmp_path, '--workers', '1', '--set', 'variants=DSL-STN-Dec',
                'weak2d=true')
    assert r.returncode == 0, r.stderr[-3000:]
    assert '| DSL-STN-Dec + 2D | mlp |' in (tmp_path / 'temporal.md').read_text()


def test_temporal_rejects_bad_input(run_cli, run_main, tmp_path):
    r = run_cli('temporal', '--preset', 'tiny', '--out', tmp_path, '--set', 'itters=3')
    assert r.returncode == 2 and "Unknown setting(s) ['itters']" in r.stderr
    for kv, msg in [('iters=abc', 'Setting iters takes a whole number'), ('subjects=S1', 'at least one training subject')]:
        r = run_main('temporal', '--preset', 'tiny', '--out', tmp_path / 'k', '--set', kv)
        assert r.returncode == 2 and msg in r.stderr and 'Traceback' not in r.stderr, (kv, r.stderr[-2000:])
    r = run_main('gravity', '--out', tmp_path / 'k', '--set', 'jitter=strong')
    assert r.returncode == 2 and 'Setting jitter takes a number' in r.stderr
    r = run_main('temporal', '--preset', 'tiny', '--out', tmp_path, '--set', 'variants=Ours')
    assert r.returncode == 2 and 'Unknown variant' in r.stderr
    r = run_main('temporal', '--preset', 'tiny', '--out', tmp_path, '--set', 'fractions=0,1')
    assert r.returncode == 2 and 'fractions must lie in (0, 1]' in r.stderr
    r = run_main('temporal', '--preset', 'tiny', '--out', tmp_path / 't', '--set', 'precision=fp16')
    assert r.returncode == 2 and "precision must be one of ('auto', 'fp32', 'bf16'), got 'fp16'" in r.stderr
    r = run_main('gravity', '--out', tmp_path / 'g', '--set', 'precision=half')
    assert r.returncode == 2 and "got 'half'" in r.stderr
    r = run_main('temporal', '--preset', 'tiny', '--out', tmp_path / 'h', '--set', 'hue=0.9')
    assert r.returncode == 2 and 'hue is the largest hue turn' in r.stderr and 'got 0.9' in r.stderr
    r = run_main('gravity', '--out', tmp_path / 'gh', '--set', 'hue=-0.1')
    assert r.returncode == 2 and 'from 0 to 0.5' in r.stderr
    for d in 't', 'g', 'h', 'gh', 'k': assert not (tmp_path / d).exists(), d  # refused before anything is rendered


def test_gravity_tiny(run_cli, run_main, tmp_path):
    tiny = ('--out', tmp_path, '--preset', 'tiny', '--set', 'iters=4', 'gravity_iters=2')
    r = run_cli('gravity', *tiny)
    assert r.returncode == 0, r.stderr[-3000:]
    assert all(s in r.stdout for s in ('with gravity: final IoU', 'without gravity: final IoU', 'vertical centre error'))
    assert (tmp_path / 'gravity_iou.png').exists() and (tmp_path / 'results.json').exists()
    # --resume on the finished run trains nothing and prints the same results; with other settings it is refused
    again = run_main('gravity', *tiny, '--resume')
    assert again.returncode == 0, again.stderr[-3000:]
    assert 'nothing left to train' in again.stdout
    results = lambda out: [l.rsplit(';', 1)[0] for l in out.splitlines() if 'final IoU' in l]  # without the wall time
    assert results(again.stdout) == results(r.stdout) and len(results(r.stdout)) == 2
    bad = run_main('gravity', *tiny, 'drop=5000', '--resume')
    assert bad.returncode == 2 and 'drop: 6000.0 then, 5000.0 now' in bad.stderr
