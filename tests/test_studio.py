"Black-box tests of the studio, BVH and data modules through the installed package and the CLI."
import numpy as np
import pytest

from poseself.studio.body import TRAIN_SUBJECTS, TEST_SUBJECTS
from poseself.studio.disk import read_sequence
from poseself.studio.scenes import Studio
from poseself.bvh import BVHMotion, example_bvh_path
from poseself.data import SequenceSet, build_cropset, CropDataset
from poseself.skeleton import H36M17


def test_render_command_writes_a_readable_dataset(run_cli, tmp_path):
    r = run_cli('render', '--out', tmp_path / 'ds', '--subjects', 'S1', 'S9', '--actions', 'walk', '--frames', '5', '--size',
                '64')
    assert r.returncode == 0, r.stderr
    seq = read_sequence(tmp_path / 'ds', 'S9', 'walk')
    assert seq.frames.shape == (4, 5, 64, 64, 3) and seq.joints3d.shape == (5, 17, 3)
    again = Studio(seed=0, size=64).sequence('S9', 'walk', n_frames=5)
    assert np.array_equal(seq.image(1, 3), again.image(1, 3))  # same seed, same pixels


def test_render_command_rejects_unknown_subject(run_cli, tmp_path):
    r = run_cli('render', '--out', tmp_path, '--subjects', 'S3')
    assert r.returncode == 2 and "Unknown subject 'S3'" in r.stderr and 'Traceback' not in r.stderr


def test_splits_are_disjoint_and_bvh_renders():
    assert not set(TRAIN_SUBJECTS) & set(TEST_SUBJECTS)
    seq = Studio(seed=0, size=64).sequence('S5', BVHMotion(example_bvh_path()), n_frames=20)
    bl = H36M17.bone_lengths(seq.joints3d)
    assert bl.std(0).max() < 1e-6 and seq.image(0, 10).std() > 0


def test_crops_to_batches():
    st = Studio(seed=0, size=96)
    sset = SequenceSet([st.sequence('S1', 'walk', n_frames=40), st.sequence('S9', 'walk', n_frames=10)])
    cs = build_cropset(sset, size=48)
    x, y = CropDataset(cs, cs.rows_of('S1'), background='mix', flip=True)[3]
    assert x.shape == (3, 48, 48) and y.shape == (17, 3) and float(y[0].abs().sum()) == 0
    with pytest.raises(KeyError, match='Unknown subject'): cs.rows_of('S2')
