import contextlib, importlib.util, io, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]


def poseself_exe() -> str:
    "The installed `poseself` console script (beside this Python first)."
    exe = Path(sys.executable).parent / 'poseself'
    return str(exe) if exe.exists() else shutil.which('poseself')


@pytest.fixture
def run_cli(tmp_path):
    "Run the installed `poseself` command in a temporary folder; returns the CompletedProcess."
    def run(*args, timeout=600):
        exe = poseself_exe()
        assert exe, "the poseself console script is not installed: pip install -e ."
        return subprocess.run([exe, *map(str, args)], cwd=tmp_path, capture_output=True, text=True, timeout=timeout)
    return run


@pytest.fixture
def run_main(tmp_path, monkeypatch):
    """Run the command's entry point, `poseself.cli.main`, in this process with its output captured; returns a
    CompletedProcess like `run_cli`. For the many refusals a test checks after one `run_cli` has shown the installed command
    refusing: each needs no process of its own, and so no second import of torch and fastai."""
    from poseself.cli import main

    def run(*args):
        monkeypatch.chdir(tmp_path)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try: rc = main([str(a) for a in args])
            except SystemExit as e: rc = e.code
        return subprocess.CompletedProcess(['poseself', *map(str, args)], rc, out.getvalue(), err.getvalue())
    return run


def build_docs():
    "The docs builder, `tools/build_docs.py`, as a module (a source checkout only: the test skips elsewhere)."
    f = ROOT / 'tools' / 'build_docs.py'
    if not f.exists(): pytest.skip('needs a source checkout')
    spec = importlib.util.spec_from_file_location('build_docs', f)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m


@pytest.fixture(scope='session')
def notebook_run(tmp_path_factory):
    """Every notebook's default cells and inline tests, run once for the whole session in a copy of the notebooks
    (`nbdev-test --n-workers 2 --save`): `test_notebooks` reads its verdicts, the docs site its outputs. Returns (the finished
    `nbdev-test`, the folder of the run)."""
    folder = tmp_path_factory.mktemp('notebooks')
    return build_docs().run_notebooks(folder, n_workers=2), folder
