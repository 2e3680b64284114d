"""SelfPose3d (Srivastav et al.) through the installed command, at the 'tiny' preset: both rows train, are measured and land in
the run record."""
import json


def test_selfpose3d_tiny_writes_record_and_figures(run_cli, run_main, tmp_path):
    out = tmp_path / 'sp3d'
    r = run_cli('selfpose3d', '--preset', 'tiny', '--out', out, '--set', 'views=0,2,4', 'transfer=shelf')
    assert r.returncode == 0, r.stderr[-3000:]
    rec = json.loads((out / 'results.json').read_text())
    assert rec['experiment'] == 'selfpose3d' and rec['preset'] == 'tiny' and rec['settings']['views'] == [0, 2, 4]
    rows = {row['row']: row for row in rec['metrics']['rows']}
    assert list(rows) == ['selfpose3d', 'voxelpose']
    for row in rows.values():
        assert 0 <= row['AP25'] <= row['AP50'] <= row['AP100'] <= row['AP150'] <= 1 and 0 <= row['PCP_shelf'] <= 1
        assert 'PCP_campus' not in row
    det = rec['metrics']['detector']
    assert 0.5 < det['people_found'] <= 1 and det['error_px_seen'] < det['error_px_hidden']
    for f in ('results.md', 'poses.png', 'attention_roots.png', 'pseudo_labels.json', 'models/selfpose3d_posenet.pth',
              'models/voxelpose_rootnet.pth'):
        assert (out / f).exists(), f
    # the pseudo labels it wrote are COCO keypoints of the training frames: a second run trains on them (as on a real detector's)
    r = run_main('selfpose3d', '--preset', 'tiny', '--out', tmp_path / 'again', '--set', 'views=0,2,4', 'transfer=',
                'rows=selfpose3d', f"labels_file={out / 'pseudo_labels.json'}")
    assert r.returncode == 0, r.stderr[-3000:]


def test_selfpose3d_rejects_bad_input(run_cli, run_main, tmp_path):
    for kv, msg in [(('views=1',), 'at least 2 views'),
                    (('views=0,7',), 'distinct cameras 0-4'),
                    (('space=3000,3000,2000',), 'does not contain'),
                    (('root_grid=10,10,4',), 'must divide by 4'),
                    (('labels=mixed',), 'labels must be one of'),
                    (('labels_file=nope.json',), "labels_file: no file 'nope.json'"),
                    (('rows=voxelpose,mvpose',), 'rows: choose from'),
                    (('variants=lam=0,cube=1000',), "over the pose net's settings"),
                    (('variants=lam=0', 'rows=voxelpose'), 'add selfpose3d to rows')]:
        r = run_main('selfpose3d', '--preset', 'tiny', '--out', tmp_path / 'x', '--set', *kv)
        assert r.returncode == 2 and msg in r.stderr and 'Traceback' not in r.stderr, (kv, r.stderr[-2000:])
    bad = tmp_path / 'dets.json'
    bad.write_text(json.dumps([{'image_id': 'frame000000_view4.jpg', 'keypoints': [0] * 51}]))
    r = run_cli('selfpose3d', '--preset', 'tiny', '--out', tmp_path / 'x', '--set', 'views=0,1,2', f'labels_file={bad}')
    assert r.returncode == 2 and 'the data has 3 cameras' in r.stderr and str(bad) in r.stderr, r.stderr[-2000:]
