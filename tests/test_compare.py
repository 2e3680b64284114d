"""`poseself compare` through the installed command at its tiny preset: every method on one protocol, its record, report and
figure, and the refusals that come before anything is rendered."""
import json


def test_compare_tiny_writes_every_row(run_cli, tmp_path):
    out = tmp_path / 'cmp'
    # one transfer seed: the spread over several is tested in the notebook (summarize_seeds), and each seed costs 9 transfers
    r = run_cli('compare', '--preset', 'tiny', '--out', out, '--workers', '1', '--set', 'seeds=0')
    assert r.returncode == 0, r.stderr[-3000:]
    rec = json.loads((out / 'results.json').read_text())
    m = rec['metrics']
    assert [(s['method'], s['fraction'], s['seeds']) for s in m['summary']] == \
        [(x, f, 1) for x in ('random', 'sync', 'temporal', 'mcss') for f in (0.1, 1.0)] + [('supervised', 1.0, 1)]
    labels = {(s['method'], s['fraction']): s['labels'] for s in m['summary']}
    assert labels[('sync', 0.1)] == labels[('mcss', 0.1)] < labels[('sync', 1.0)] < labels[('supervised', 1.0)]
    assert all(row['MPJPE'] > 0 and row['P_MPJPE'] > 0 for row in m['rows']) and len(m['rows']) == 9
    assert [p['method'].split(' (')[0] for p in m['pretraining']] == ['sync+flip', 'temporal', 'MCSS', 'MCSS']
    assert {'render', 'pretrain_sync', 'videos', 'pretrain_temporal', 'pretrain_mcss_0.1', 'transfer_supervised'} <= \
        set(rec['wall_s'])
    md = (out / 'results.md').read_text()
    assert '| sync+flip (Jenni & Favaro) | 0.1 |' in md and (out / 'label_curves.png').stat().st_size > 10_000


def test_compare_refuses_before_rendering(run_main, tmp_path):
    r = run_main('compare', '--preset', 'tiny', '--out', tmp_path / 'x', '--set', 'methods=sync,jigsaw')
    assert r.returncode == 2 and "methods takes some of ['random', 'sync', 'temporal', 'mcss', 'supervised']" in r.stderr
    r = run_main('compare', '--preset', 'tiny', '--out', tmp_path / 'x', '--set', 'fractions=0.5,2')
    assert r.returncode == 2 and 'in (0, 1]' in r.stderr and not (tmp_path / 'x').exists()
