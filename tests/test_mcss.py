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


def numbers(x, at='') -> dict:
    "Every number of a record's metrics by its path (`rows.0.MPJPE`), wall times left out."
    if isinstance(x, dict): items = x.items()
    elif isinstance(x, list): items = enumerate(x)
    else: return {at: x} if isinstance(x, (int, float)) and not isinstance(x, bool) else {}
    return {k: v for key, val in items if key not in ('seconds', 'minutes') for k, v in numbers(val, f'{at}.{key}').items()}


def test_mcss_same_seed_same_numbers_in_every_table(run_main, tmp_path):
    "Two uninterrupted runs with one seed: the same record, analyses included (retrieval of 'random weights', pose retrieval)."
    recs = []
    for name in ('a', 'b'):
        r = run_main('mcss', '--preset', 'tiny', '--out', tmp_path / name, '--workers', '1', '--set', 'rows=random,mcss')
        assert r.returncode == 0, r.stderr[-3000:]
        recs.append(numbers(json.loads((tmp_path / name / 'results.json').read_text())['metrics']))
    assert len(recs[0]) > 20 and any('view_retrieval' in k for k in recs[0]) and any('pose_retrieval' in k for k in recs[0])
    assert recs[0] == recs[1], {k: (v, recs[1].get(k)) for k, v in recs[0].items() if recs[1].get(k) != v}
