"The documented docs command builds a browsable site with a page per module holding the exported docstrings."
import html, importlib, inspect, re, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
import poseself
PKG = Path(poseself.__file__).parent
# every exported module, dotted below the package ('studio', 'temporal.losses'); a method package's own __init__ is not a page
MODULES = sorted('.'.join(f.relative_to(PKG).with_suffix('').parts) for f in PKG.rglob('*.py') if not f.name.startswith('_'))


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    if not (ROOT / 'tools' / 'build_docs.py').exists(): pytest.skip('needs a source checkout')
    out = tmp_path_factory.mktemp('site')
    r = subprocess.run([sys.executable, 'tools/build_docs.py', '--out', str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    return out


@pytest.mark.parametrize('mod', MODULES)
def test_module_page_has_every_docstring(site, mod):
    page = (site / f'{mod}.html').read_text(encoding='utf-8')
    text = ' '.join(html.unescape(re.sub(r'<[^>]+>', '', page)).split())
    m = importlib.import_module(f'poseself.{mod}')
    for name in m.__all__:
        obj = getattr(m, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or obj.__module__ != m.__name__: continue
        doc = inspect.getdoc(obj).splitlines()[0]
        assert name in page, f'{name} missing from {mod}.html'
        plain = ' '.join(doc.replace('`', '').split())
        assert plain in text, f'docstring of {name} ({plain!r}) missing from {mod}.html'


def test_index_links_pages(site):
    idx = (site / 'index.html').read_text(encoding='utf-8')
    for mod in MODULES: assert f'href="{mod}.html"' in idx


def test_links_to_notebooks_point_to_their_pages(site):
    "A markdown link to a notebook (the README's to the results record) leads to that notebook's page in the site, not to a missing .ipynb."
    for page in site.glob('*.html'):
        assert not re.findall(r'href="[^"]*\.ipynb', page.read_text(encoding='utf-8')), f'{page.name} links to a notebook file'
    assert 'href="results.html"' in (site / 'index.html').read_text(encoding='utf-8').split('<h2>Pages</h2>')[0]
