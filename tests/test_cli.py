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
