import shutil, subprocess, sys
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
