from pathlib import Path

from webapp.module_graph import StaticModules, module_graph, static_imports
from webapp.static_files import AssetStore

STATIC = Path(__file__).resolve().parents[2] / "webapp" / "static"


def test_static_imports_reads_every_static_import_form():
    source = """// import { nope } from './commented.js';
import * as outbox from './outbox.js';
import {
  a, b as c,
} from "./multi-line.js";
import './side-effect.js';
import qrcode, { make } from '/static/vendor/qrcode/qrcode.mjs';
export { x } from './re-export.js';
export * from '../up.js';
export const later = () => import('./on-demand.js');
const text = 'import nothing from here';
"""
    assert static_imports(source) == ["./outbox.js", "./multi-line.js", "./side-effect.js",
                                      "/static/vendor/qrcode/qrcode.mjs", "./re-export.js",
                                      "../up.js"]


def test_graph_resolves_imports_against_the_importing_modules_url_as_a_browser_does():
    sources = {
        "/static/js/page.js?v=abc": ["./a.js", "/static/vendor/lib/index.js"],
        "/static/js/a.js": ["./b.js", "../vendor/lib/index.js", "./page.js"],
        "/static/js/b.js": ["./a.js"],
    }
    graph = module_graph("/static/js/page.js?v=abc", sources.get)
    # The entry's ?v= is not carried over to its imports; a cycle is listed once; ./page.js
    # (no ?v) is another URL than the versioned entry, so another module to the browser.
    assert graph == ["/static/js/page.js?v=abc", "/static/js/a.js",
                     "/static/vendor/lib/index.js", "/static/js/b.js", "/static/js/page.js"]


def test_graph_skips_bare_and_foreign_specifiers():
    sources = {"/static/js/page.js": ["idb", "https://cdn.example/x.js", "//cdn.example/y.js"]}
    assert module_graph("/static/js/page.js", sources.get) == ["/static/js/page.js"]


def test_static_modules_follow_the_real_home_page_graph():
    modules = StaticModules(AssetStore(str(STATIC)), "/static/")
    graph = module_graph("/static/js/home.js?v=1", modules.imports_of)
    assert set(graph[1:]) == {f"/static/js/{name}.js" for name in (
        "outbox", "app", "panel", "capture", "format", "dialog", "dom", "sync", "pwa", "vocabulary",
        "bootstrap", "projects-data", "projects-state")
    } | {"/static/vendor/idb/index.js"}


def test_static_modules_reparse_a_changed_file(tmp_path):
    (tmp_path / "page.js").write_text("import './a.js';\n")
    modules = StaticModules(AssetStore(str(tmp_path)), "/static/")
    assert modules.imports_of("/static/page.js") == ["./a.js"]
    (tmp_path / "page.js").write_text("import './a.js';\nimport './bb.js';\n")
    assert modules.imports_of("/static/page.js") == ["./a.js", "./bb.js"]
    assert modules.imports_of("/elsewhere/page.js") is None
    assert modules.imports_of("/static/missing.js") is None
