"""Money and shop settings have one home: checked over the source itself."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [
    p
    for folder in ("shop", "cms_pages", "config")
    for p in (ROOT / folder).rglob("*.py")
    if "migrations" not in p.parts
]


def test_no_service_or_selector_takes_a_currency():
    offenders = []
    for path in SOURCES:
        if path.name not in {"services.py", "selectors.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args
                for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                    if arg.arg == "currency":
                        offenders.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert offenders == []


def test_shop_settings_are_read_in_shop_core_only():
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*SOURCES, *(ROOT / "templates").rglob("*.py")]
        if "ShopSettings.for_request" in path.read_text()
        and (ROOT / "shop" / "core") not in path.parents
    ]
    assert offenders == []
