"""MCSS (Mitra et al.) through the installed command, at the 'tiny' preset: every row trains, is measured and lands in the run
record."""
import json


def test_mcss_tiny_writes_record_and_figures(run_cli, run_main, tmp_path):
    out = tmp_path / 'mcss'
    args = ('mcss', '--preset', 'tiny', '--out', out, '--workers', '1', '--set', 'margins=0.4:0.2')
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr[-3000:]
    rec = json.loads((out / 'results.json').read_text())
    assert rec['experiment'] == 'mcss' and rec['preset'] == 'tiny'
    rows = {row['row']: row for row in rec['metrics']['rows']}
    assert list(rows) == ['random', 'sync', 'mcss', 'mcss m=0.4 beta=0.2']
    assert rows['mcss m=0.4 beta=0.2']['margin'] == 0.4 and rows['mcss']['margin'] == 0.6 and rows['random']['margin'] is None
    assert all(0 < row['MPJPE'] < 2000 for row in rows.values())
    assert {'mcss / random', 'sync / random'} <= set(rec['metrics']['ratio'])
    ratio = rec['metrics']['ratio']['mcss / random']['N_MPJPE']
    assert abs(ratio - rows['mcss']['N_MPJPE'] / rows['random']['N_MPJPE']) < 1e-9
    views = {v['features']: v for v in rec['metrics']['view_retrieval']}
    assert set(views) == {'mcss (embedding)', 'sync (pooled features)', 'random weights'}
    assert all(0 <= v['top1'] <= v['top5'] <= 1 and 0 < v['chance1'] < v['chance5'] < 1 for v in views.values())
    for f in ('results.md', 'retrieval.png', 'tsne.png', 'models/row_mcss.pth', 'models/row_random.pth',
              'models/sync_pretext.pth'):
        assert (out / f).exists(), f
    assert '| mcss |' in (out / 'results.md').read_text()
    # a finished run, resumed: nothing trains again, and the same weights give the same numbers
    again = run_main(*args, '--resume')
    assert again.returncode == 0, again.stderr[-3000:]
    rows2 = {row['row']: row for row in json.loads((out / 'results.json').read_text())['metrics']['rows']}
    assert all(abs(rows2[k]['MPJPE'] - rows[k]['MPJPE']) < 1e-3 for k in rows)


def test_mcss_rejects_bad_input_before_rendering(run_cli, run_main, tmp_path):
    refusals = [(('beta=0.6',), 'beta (0.6) must be below the margin (0.6)'), (('margin=2.5',), 'margin must be in (0, 2]'),
                (('n_frames=6',), 'no chunk of 4 frames every 2th'), (('bs=1',), 'bs must be at least 2'),
                (('bs=64',), 'needs 64 distinct chunks'), (('margins=0.6/0.3',), 'A margin pair is written m:beta'),
                (('rows=mcss,simclr',), "Unknown row(s) ['simclr']")]
    for i, (kv, msg) in enumerate(refusals):  # the installed command first, then its entry point in this process
        r = (run_cli if i == 0 else run_main)('mcss', '--preset', 'tiny', '--out', tmp_path, '--set', *kv)
        assert r.returncode == 2 and msg in r.stderr and 'Traceback' not in r.stderr, (kv, r.stderr[-2000:])
    assert not list(tmp_path.glob('crops_*.npz'))  # nothing was rendered
