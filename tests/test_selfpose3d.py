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


def test_selfpose3d_on_the_real_multi_person_datasets(run_cli, run_main, tmp_path):
    "Panoptic (a training and a test sequence, a joint marked missing), Shelf and Campus in their published layouts."
    from poseself.datasets.panoptic import write_panoptic_fixture
    from poseself.datasets.shelf import write_shelf_fixture
    pan = tmp_path / 'panoptic'
    write_panoptic_fixture(pan, '160422_ultimatum1', n_frames=4, seed=1)
    write_panoptic_fixture(pan, '160906_band4', n_frames=3)  # its first person's right leg is marked missing in frame 2
    r = run_cli('selfpose3d', '--preset', 'tiny', '--out', tmp_path / 'p', '--data', f'panoptic={pan}')
    assert r.returncode == 0, r.stderr[-3000:]
    rec = json.loads((tmp_path / 'p' / 'results.json').read_text())
    assert rec['settings']['data'] == f'panoptic={pan}' and rec['settings']['transfer'] == []
    space = rec['metrics']['derived']  # the capture space and the synthetic roots' range come from the rig
    assert len(space['space']) == 3 and space['syn_z'] == [250., 1700.]
    for row in rec['metrics']['rows']:
        assert row['missing_joints'] == 3 and 0 <= row['AP25'] <= row['AP150'] <= 1  # the missing right leg, counted
    assert 'read 4 training and 3 test frames of 5 views of CMU Panoptic' in r.stdout
    for name, n_views in (('shelf', 5), ('campus', 3)):
        write_shelf_fixture(tmp_path / name, name, n_people=3)
        r = run_main('selfpose3d', '--preset', 'tiny', '--out', tmp_path / name / 'out', '--data', f'{name}={tmp_path / name}',
                     '--set', 'rows=selfpose3d')
        assert r.returncode == 0, r.stderr[-3000:]
        row, = json.loads((tmp_path / name / 'out' / 'results.json').read_text())['metrics']['rows']
        assert 0 <= row['PCP'] <= 1 and {'PCP_actor_1', 'PCP_actor_2', 'PCP_actor_3'} <= set(row), row  # actors 1-3
        assert f'of {n_views} views' in r.stdout


def test_selfpose3d_refuses_bad_data_before_rendering(run_main, tmp_path):
    from poseself.datasets.h36m import write_h36m_fixture
    from poseself.datasets.panoptic import write_panoptic_fixture
    h36m = write_h36m_fixture(tmp_path / 'h36m', takes=(('S1', 'Walking 1', 'walk'),), n_frames=3)
    only_test = tmp_path / 'pan'; write_panoptic_fixture(only_test, '160906_band4')
    for data, extra, msg in [(f'h36m={h36m}', (), 'reads the multi-person datasets'),
                             (f'panoptic={tmp_path / "none"}', (), 'does not exist'),
                             (f'shelf={only_test}', (), 'actorsGT.mat'),
                             (f'panoptic={only_test}', ('transfer=shelf',), 'drop it'),
                             (f'panoptic={only_test}', (), 'needs a sequence of the training split'),
                             (f'panoptic={only_test}', ('views=0,6',), 'has 5 cameras')]:
        out = tmp_path / 'out'
        r = run_main('selfpose3d', '--preset', 'tiny', '--out', out, '--data', data, *(('--set', *extra) if extra else ()))
        assert r.returncode == 2 and msg in r.stderr and 'Traceback' not in r.stderr, (data, extra, r.stderr[-2000:])
        assert not (out / 'models').exists() and not (out / 'pseudo_labels.json').exists()
