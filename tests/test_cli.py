import poseself


def test_version(run_cli):
    r = run_cli('--version')
    assert r.returncode == 0 and poseself.__version__ in r.stdout


def test_no_command_prints_help(run_cli):
    r = run_cli()
    assert r.returncode == 2 and 'usage: poseself' in r.stdout


def test_unknown_command_is_refused(run_cli):
    r = run_cli('fly')
    assert r.returncode != 0 and 'invalid choice' in r.stderr


def test_ablation_refuses_bad_rows_and_pairs_before_rendering(run_cli, tmp_path):
    r = run_cli('ablation', '--out', tmp_path, '--rows', 'dz')
    assert r.returncode == 2 and "Unknown ablation row(s) ['z']" in r.stderr
    assert 'Warning' not in r.stderr, r.stderr  # the command imported fastai and torch quietly
    r = run_cli('ablation', '--out', tmp_path, '--rows', 'd', '--pairs', '1', '-1', '1')
    assert r.returncode == 2 and '--pairs takes three non-negative proportions' in r.stderr
    r = run_cli('ablation', '--out', tmp_path, '--rows', 'd', '--d-min', '64', '--d-max', '32')
    assert r.returncode == 2 and 'got d_min=64, d_max=32' in r.stderr
    assert not list(tmp_path.glob('crops_*.npz'))  # nothing was rendered
