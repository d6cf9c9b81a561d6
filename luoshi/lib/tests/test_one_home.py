"""Dead code and second copies of a rule: every public name in the shared modules is used somewhere else,
and rules that once had several homes (decimal parsing, quarter labels, the plan page's URL) have one."""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
SHARED_MODULES = [*sorted((PACKAGE / "lib").glob("*.py")), PACKAGE / "demo" / "data.py"]


def _sources() -> dict[Path, str]:
    return {
        p: p.read_text(encoding="utf-8")
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts and "vendor" not in p.parts
    }


def _public_names(module: Path) -> list[str]:
    names = []
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
    return [n for n in names if not n.startswith("_")]


@pytest.mark.parametrize("module", SHARED_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_public_name_of_a_shared_module_is_used_elsewhere(module):
    own = module.read_text(encoding="utf-8")
    others = "\n".join(
        text for path, text in _sources().items() if path != module and "tests" not in path.parts
    )
    templates = "\n".join(p.read_text(encoding="utf-8") for p in (PACKAGE / "templates").rglob("*.html"))
    unused = [
        name
        for name in _public_names(module)
        if not re.search(rf"\b{name}\b", others + templates)
        and len(re.findall(rf"\b{name}\b", own)) == 1  # defined, never used, not even in its own module
    ]
    assert not unused, f"dead code in {module.name}: {unused}"


def test_no_view_guesses_whether_a_url_exists():
    guessing = [
        str(p.relative_to(PACKAGE))
        for p, text in _sources().items()
        if "tests" not in p.parts and "except NoReverseMatch" in text
    ]
    assert not guessing


def test_one_decimal_parser():
    """Numbers typed or imported (weights, target values, progress) are parsed in luoshi.lib.numbers only."""
    parsers = [
        str(p.relative_to(PACKAGE))
        for p, text in _sources().items()
        if "tests" not in p.parts
        and p.parent.name not in ("lib", "templatetags")  # the |number filter formats, it does not parse
        and re.search(r"except \(?InvalidOperation", text)
    ]
    assert not parsers


def test_one_quarter_label():
    """一季度/第一季度 are spelled out in luoshi.lib.cndates only."""
    spellers = [
        str(p.relative_to(PACKAGE))
        for p, text in _sources().items()
        if "tests" not in p.parts and p.parent.name != "lib" and "'一二三四'[" in text
    ]
    assert not spellers
