"""Every notebook's inline tests pass: its default cells (all but the `#| slow` ones) run as `nbdev-test` runs them, once for the
session (`notebook_run`), whose outputs the docs tests then read."""
import re
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [f.name for f in [ROOT / 'index.ipynb'] + sorted((ROOT / 'nbs').rglob('*.ipynb'))]
# nbdev-test's report of a failing notebook: '<Error> in <path>.ipynb:' then its traceback, up to the next report or the summary
REPORT = re.compile(r'^(\w+) in (\S+\.ipynb):$', re.M)


def failures(text: str) -> dict:
    "Notebook file name -> what nbdev-test printed about its failure."
    heads = list(REPORT.finditer(text))
    stop = text.find('nbdev Tests Failed')
    ends = [h.start() for h in heads[1:]] + [stop if stop >= 0 else len(text)]
    return {Path(h[2]).name: text[h.start():e].strip() for h, e in zip(heads, ends)}


def test_failures_reads_nbdev_reports():
    text = ("noise\nAssertionError in /x/nbs/01_a.ipynb:\n====\nWhile Executing Cell #3:\nboom\n"
            "KeyError in /x/nbs/02_b.ipynb:\n====\nkey\n\nnbdev Tests Failed On The Following Notebooks:\n\t01_a.ipynb\n")
    f = failures(text)
    assert sorted(f) == ['01_a.ipynb', '02_b.ipynb'] and f['01_a.ipynb'].endswith('boom') and f['02_b.ipynb'].endswith('key')


@pytest.mark.skipif(not (ROOT / 'nbs').exists(), reason='needs a source checkout')
@pytest.mark.parametrize('nb', NOTEBOOKS)
def test_notebook_passes(notebook_run, nb):
    r, _ = notebook_run
    out = r.stdout + r.stderr
    if r.returncode and not failures(out): pytest.fail(f"nbdev-test failed (exit {r.returncode}):\n{out[-4000:]}")
    assert nb not in failures(out), failures(out).get(nb, '')[-4000:]
