"""A user's own rig through the installed package: its calibration written and read back in every format the library knows,
checked against OpenCV's projection of the written numbers, and points triangulated from its views."""
import json
import cv2
import numpy as np
import pytest
from poseself.geometry import Camera
from poseself.datasets.calibration import read_calibration, write_calibration
from poseself.runs import InputError
from poseself.triangulation import held_out_errors, triangulate


def rig():
    return [Camera.look_at((3000. * np.cos(a), 3000. * np.sin(a), h), (0, 0, 900), focal=f, size=(640, 480), name=n,
                           model='opencv', k=k, p=(1e-4, -2e-4))
            for a, h, f, n, k in ((0, 1000, 700, 'door', (-0.05, 0.01, 0)), (1.6, 2500, 800, 'ceiling', (0, 0, 0)),
                                  (3.3, 600, 380, 'fisheye-ish', (-0.3, 0.1, -0.015)), (4.7, 1800, 600, 'window', (-0.1, 0.02, 0)))]


@pytest.mark.parametrize('name', ['rig.toml', 'rig.json', 'cv/x.yml', 'cv/x.xml', 'emc/intri.yml'])
def test_every_format_round_trips_and_matches_opencv(tmp_path, name):
    cams = rig()
    X = np.random.default_rng(0).uniform([-500, -500, 200], [500, 500, 1700], (50, 3))
    back = {c.name: c for c in read_calibration(write_calibration(tmp_path / name, cams, units='m'))}
    assert sorted(back) == sorted(c.name for c in cams)
    for c in cams:
        b = back[c.name]
        np.testing.assert_allclose(b.project(X), c.project(X), atol=1e-6)
        rvec = cv2.Rodrigues(b.R)[0]  # OpenCV projects the numbers that were read, with OpenCV's lens
        dist = np.r_[b.k[:2], b.p, b.k[2]]
        ref = cv2.projectPoints(X.reshape(-1, 1, 3), rvec, b.t, b.K, dist)[0].reshape(-1, 2)
        np.testing.assert_allclose(b.project(X), ref, atol=1e-6)


def test_triangulation_of_the_rig_finds_the_points_and_the_camera_that_is_off(tmp_path):
    cams = read_calibration(write_calibration(tmp_path / 'rig.toml', rig()))
    rng = np.random.default_rng(1)
    X = rng.uniform([-500, -500, 200], [500, 500, 1700], (300, 3))
    uv = np.stack([c.project(X) for c in cams]) + rng.normal(0, 0.5, (4, 300, 2))
    Y, used = triangulate(uv, cams)
    assert np.linalg.norm(Y - X, axis=-1).mean() < 3 and used.all()
    off = list(cams)
    off[1] = Camera.look_at(cams[1].center, (0, 60, 900), focal=800., size=(640, 480), name='ceiling', model='opencv')
    e = np.median(held_out_errors(uv, off, max_px=3), axis=1)
    assert e.argmax() == 1 and e[1] > 3 * np.delete(e, 1).max(), e


def test_bad_calibrations_are_refused_by_name(tmp_path):
    f = write_calibration(tmp_path / 'rig.json', rig())
    d = json.loads(f.read_text()); d['cameras'][2]['R'][0] = [1, 1, 0]; f.write_text(json.dumps(d))
    with pytest.raises(InputError, match="rig.json: Camera 'fisheye-ish': R must be a rotation matrix"): read_calibration(f)
    (tmp_path / 'rig.toml').write_text('[cam_0]\nname = "a"\nsize = [640, 480]\nmatrix = [[500.0, 0.0, 320.0], [0.0, 500.0, '
                                       '240.0], [0.0, 0.0, 1.0]]\ndistortions = [0.0, 0.0, 0.0, 0.0, 0.0]\nrotation = [0.0, '
                                       '0.0, 0.0]\ntranslation = [0.0, 0.0, 3.0]\n')
    with pytest.raises(InputError, match='does not say in which units'): read_calibration(tmp_path / 'rig.toml')
    assert read_calibration(tmp_path / 'rig.toml', units='m')[0].t[2] == 3000
    (tmp_path / 'rig.txt').write_text('x')
    with pytest.raises(InputError, match='a calibration is a .toml'): read_calibration(tmp_path / 'rig.txt')


def test_a_detectors_coco_file_of_the_rig_triangulates_to_the_person(tmp_path):
    from poseself.datasets.keypoints import detections_array, read_coco_detections
    from poseself.skeleton import COCO17, H36M17, H36M17_TPOSE
    cams = rig()
    pose = H36M17_TPOSE[:, [0, 2, 1]] + [0, 0, 1000.]  # z up, feet near the floor
    same = [n for n in COCO17.joints if n in H36M17.joints]  # the keypoints COCO and H36M share: limbs, shoulders, hips
    res = []
    for c in cams:
        uv = c.project(pose)
        kp = np.zeros((17, 3))
        for n in same: kp[COCO17.index(n)] = [*uv[H36M17.index(n)], 0.9]
        res.append(dict(image_id=f'{c.name}/000005.jpg', category_id=1, keypoints=kp.ravel().tolist(), score=0.9))
    (tmp_path / 'dets.json').write_text(json.dumps(res))
    dets = detections_array(read_coco_detections(tmp_path / 'dets.json', [c.name for c in cams]), [c.name for c in cams], [5])
    X, used = triangulate(dets[:, 0, 0, :, :2], cams, conf=dets[:, 0, 0, :, 2])
    idx = [H36M17.index(n) for n in same]
    np.testing.assert_allclose(X[idx], pose[idx], atol=1e-3)
    assert not used[:, H36M17.index('neck')].any() and np.isnan(X[H36M17.index('neck')]).all()  # no nose found: no neck


def small_rig():
    "The test rig at 160 x 120 px, its lenses kept."
    return [Camera.look_at(c.center, (0, 0, 900), focal=130., size=(160, 120), name=c.name, model='opencv', k=c.k, p=c.p)
            for c in rig()]


def test_data_check_and_convert_of_a_rig_folder(run_cli, run_main, tmp_path):
    from poseself.datasets.multiview import write_multiview_fixture
    cams = small_rig()
    good = write_multiview_fixture(tmp_path / 'good', cams, poses3d=False)
    r = run_cli('data', 'check', 'multiview', good)
    assert r.returncode == 0 and '4 cameras in calibration.toml' in r.stdout and 'no problems found' in r.stdout, r.stdout + r.stderr
    assert 'splits: frames 0-4 train, 5-5 test' in r.stdout, r.stdout
    turned = write_multiview_fixture(tmp_path / 'turned', cams, turn=(3, 3))
    r = run_main('data', 'check', 'multiview', turned)
    assert r.returncode == 1 and 'camera window disagrees with the others' in r.stdout, r.stdout
    r = run_main('data', 'convert', 'multiview', good, '--stride', '2', '--out', tmp_path / 'c')
    # 4 views x (training frames 0, 2, 4 and test frame 5)
    assert r.returncode == 0 and '16 crops of multi-view rig' in r.stdout, r.stdout + r.stderr[-2000:]
    bare = write_multiview_fixture(tmp_path / 'bare', cams, keypoints=None, poses3d=False)
    r = run_main('demo', '--preset', 'tiny', '--data', f'multiview={bare}', '--out', tmp_path / 'd')
    assert r.returncode == 2 and "no 3D poses, so there is nothing to centre the crops on" in r.stderr, r.stderr[-2000:]
    assert not (tmp_path / 'd').exists()


@pytest.fixture(scope='module')
def walk_rig(tmp_path_factory):
    "The four cameras filming 80 frames of a walk, with COCO detections and no 3D: frames 64-79 are the test split."
    from poseself.datasets.multiview import write_multiview_fixture
    return write_multiview_fixture(tmp_path_factory.mktemp('rig') / 'walk', small_rig(), n_frames=80, poses3d=False)


def test_every_self_supervised_method_runs_on_a_rig_without_3d(run_cli, run_main, walk_rig, tmp_path):
    data = f'multiview={walk_rig}'
    runs = {'demo': ('gaps=4',), 'mcss': ('bs=4', 'rows=random,mcss'), 'temporal': ('variants=DSL', 'far=8', 'near=2'),
            'selfpose3d': ('data_stride=4',)}
    for cmd, extra in runs.items():
        r = run_cli(cmd, '--preset', 'tiny', '--out', tmp_path / cmd, '--data', data, '--set', 'data_stride=1', *extra)
        assert r.returncode == 0, (cmd, r.stderr[-3000:])
        assert 'the 3D poses are triangulated from the 2D detections' in r.stdout, (cmd, r.stdout[-2000:])
        rec = json.loads((tmp_path / cmd / 'results.json').read_text())
        assert rec['settings']['data'] == data, cmd
    rec = json.loads((tmp_path / 'demo' / 'results.json').read_text())
    assert 0 < rec['metrics']['ssl']['MPJPE'] < 2000 and 'Test: test' in (tmp_path / 'demo' / 'results.md').read_text()
    rows = json.loads((tmp_path / 'mcss' / 'results.json').read_text())['metrics']['rows']
    assert {row['row'] for row in rows} == {'random', 'mcss'} and all(0 < row['MPJPE'] < 2000 for row in rows)
    row, = json.loads((tmp_path / 'temporal' / 'results.json').read_text())['metrics']['rows']
    assert 0 < row['MPJPE_all'] < 2000
    sp = json.loads((tmp_path / 'selfpose3d' / 'results.json').read_text())['metrics']
    assert sp['detector']['error_px_median'] < 1 and np.prod(sp['derived']['space']) > 0  # its labels: the folder's detections
    assert "Pseudo labels (the folder's 2D detections)" in (tmp_path / 'selfpose3d' / 'results.md').read_text()
    r = run_main('temporal', '--preset', 'tiny', '--out', tmp_path / 'short', '--data', data, '--set', 'data_stride=1')
    assert r.returncode == 2 and 'The test videos (test) are at most 16 frames long, too short for far=30' in r.stderr


def test_a_rig_of_several_people_is_grouped_across_views_and_trains_selfpose3d(run_cli, run_main, tmp_path):
    from poseself.datasets.multiview import load_multiview, write_multiview_fixture
    room = write_multiview_fixture(tmp_path / 'room', small_rig(), n_frames=30, poses3d=False, n_people=3)
    train, test = load_multiview(room)
    assert train.joints3d.shape == (3, 24, 17, 3) and np.isfinite(train.joints3d[:, :, 0]).all()  # three tracks, never lost
    r = run_cli('data', 'check', 'multiview', room)
    assert r.returncode == 0 and 'no problems found' in r.stdout and 'Warning' not in r.stderr, r.stdout + r.stderr
    # threshold 0 keeps every root proposal of the tiny, untrained root net: poses to project into the held-out cameras
    r = run_main('selfpose3d', '--preset', 'tiny', '--out', tmp_path / 'sp', '--data', f'multiview={room}', '--set', 'data_stride=3',
                 'threshold=0')
    assert r.returncode == 0, r.stderr[-3000:]
    sp = json.loads((tmp_path / 'sp' / 'results.json').read_text())['metrics']
    assert sp['detector']['people_found'] > 0.8 and sp['detector']['swapped'] == 0, sp['detector']
    assert all(0 <= row['heldout_matched'] <= 1 for row in sp['rows']), sp['rows']  # (no proposal at all: NaN px, 0 matched)
    assert any(0 < row['heldout_px'] < 200 for row in sp['rows']), sp['rows']
    assert 'heldout_px: with each camera left out in turn' in (tmp_path / 'sp' / 'results.md').read_text()
    r = run_main('temporal', '--preset', 'tiny', '--out', tmp_path / 't', '--data', f'multiview={room}')
    assert r.returncode == 2 and 'films 3 people, and the temporal method learns from one person per video' in r.stderr


def test_triangulation_is_a_method_of_its_own_on_a_rig_with_3d(run_cli, run_main, tmp_path):
    from poseself.datasets.multiview import write_multiview_fixture
    cams = small_rig()  # written as aniposelib writes a rig: in the first camera's world, y down
    room = write_multiview_fixture(tmp_path / 'room', cams, n_frames=20, n_people=2, world=(cams[0].R, cams[0].t))  # with 3D
    r = run_main('data', 'check', 'multiview', room)
    assert r.returncode == 0 and 'world: turned' in r.stdout and 'no problems found' in r.stdout, r.stdout + r.stderr
    r = run_cli('triangulation', '--preset', 'tiny', '--out', tmp_path / 't', '--data', f'multiview={room}', '--set',
                'data_stride=1')
    assert r.returncode == 0, r.stderr[-3000:]
    row, = json.loads((tmp_path / 't' / 'results.json').read_text())['metrics']['rows']
    assert row['recall@500'] == 1 and row['MPJPE'] < 60 and row['heldout_px'] < 3, row  # 0.5 px detections, 4 cameras
    assert "detections: the folder's 2D detections" in (tmp_path / 't' / 'results.md').read_text()
