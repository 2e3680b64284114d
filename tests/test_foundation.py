"Black-box tests of the installed foundation modules: public names, documented behaviour, clear errors."
import numpy as np
import pytest
import torch

from poseself.skeleton import H36M17, get_skeleton, map_joints
from poseself.geometry import Camera, crop_camera, flip_pose3d
from poseself.metrics import mpjpe, n_mpjpe, p_mpjpe, pck3d, auc3d, multiperson_eval


def test_metrics_paper_convention_and_types():
    rng = np.random.default_rng(1)
    gt = rng.normal(scale=250, size=(5, 17, 3))
    pred = gt + rng.normal(scale=20, size=gt.shape)
    a = mpjpe(pred, gt, root=0, drop_root=True)
    assert isinstance(a, np.floating) or np.ndim(a) == 0
    assert np.isclose(a, mpjpe(pred, gt, root=0) * 17 / 16)
    t = p_mpjpe(torch.tensor(pred), torch.tensor(gt))
    assert isinstance(t, torch.Tensor) and np.isclose(t.item(), p_mpjpe(pred, gt))
    assert p_mpjpe(pred, gt) <= n_mpjpe(pred, gt) <= mpjpe(pred, gt)
    assert pck3d(gt, gt) == 1.0 and 0 < auc3d(pred, gt) < 1


@pytest.mark.parametrize('bad, msg', [
    (lambda gt: mpjpe(gt, gt[:, :16]), 'same shape'),
    (lambda gt: mpjpe(gt[..., None], gt[..., None]), '(N, J, 3)'),
    (lambda gt: mpjpe(gt, gt, drop_root=True), 'root=0'),
    (lambda gt: mpjpe(gt, gt, root=40), 'out of range'),
    (lambda gt: multiperson_eval([gt], [np.ones(2)], [gt]), 'scores'),
])
def test_metric_errors_say_what_is_wrong(bad, msg):
    gt = np.zeros((3, 17, 3))
    with pytest.raises((ValueError, IndexError)) as e: bad(gt)
    assert msg in str(e.value)


def test_camera_roundtrip_and_crop():
    cam = Camera.look_at([3000, -3000, 1500], [0, 0, 900], focal=1100, size=(1000, 1000))
    X = np.random.default_rng(2).uniform(-500, 500, size=(50, 3)) + [0, 0, 900]
    uv = cam.project(X)
    assert np.allclose(cam.backproject(uv, cam.world_to_cam(X)[:, 2]), X)
    v = crop_camera(cam, [200, 100, 900], size=64)
    assert np.allclose(v.project(np.array([200, 100, 900.])), [31.5, 31.5])
    assert np.allclose(flip_pose3d(flip_pose3d(X[:17])), X[:17])


def test_skeleton_registry():
    assert get_skeleton('h36m17') is H36M17
    with pytest.raises(KeyError, match='registered skeletons'): get_skeleton('nope')
    assert map_joints(np.zeros((2, 17, 3)), 'h36m17', 'campus14').shape == (2, 14, 3)
