"""Where the accounts app keeps its middleware, and which modules import which."""

import ast
from pathlib import Path

from django.conf import settings

import shop

SHOP_DIR = Path(shop.__file__).parent
ACCOUNTS_DIR = SHOP_DIR / "accounts"


def _modules(directory: Path) -> list[Path]:
    return sorted(
        path for path in directory.rglob("*.py") if "migrations" not in path.parts
    )


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_every_shop_middleware_is_in_its_apps_middleware_module():
    ours = [name for name in settings.MIDDLEWARE if name.startswith("shop.")]

    assert "shop.accounts.middleware.AttemptThrottleMiddleware" in ours
    assert "shop.accounts.middleware.BackofficeAdminMiddleware" in ours
    for name in ours:
        module, _, _class = name.rpartition(".")
        assert module.endswith(".middleware"), name


def test_no_shop_module_but_middleware_py_defines_a_middleware():
    # A middleware is a class whose __init__ takes get_response.
    misplaced = []
    for path in _modules(SHOP_DIR):
        if path.name == "middleware.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name == "__init__":
                if "get_response" in [arg.arg for arg in node.args.args]:
                    misplaced.append(str(path.relative_to(SHOP_DIR)))
    assert misplaced == []


def test_throttle_and_audit_do_not_import_each_other():
    throttle = _imported_modules(ACCOUNTS_DIR / "throttle.py")
    audit = _imported_modules(ACCOUNTS_DIR / "audit.py")

    assert not {".audit", "shop.accounts.audit", ".middleware"} & throttle
    assert ".throttle" in audit
    assert not {".middleware", "shop.accounts.middleware"} & audit


def test_accounts_imports_at_module_level_only():
    # Function-level imports hide import cycles; Django's AppConfig.ready() and the
    # Celery tasks (CONVENTIONS §7) are the two places that need them.
    allowed = {("apps.py", "ready"), ("tasks.py", "password_reset_send_task")}
    found = []
    for path in _modules(ACCOUNTS_DIR):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if any(
                isinstance(inner, ast.Import | ast.ImportFrom)
                for inner in ast.walk(node)
            ) and ((path.name, node.name) not in allowed):
                found.append(f"{path.relative_to(ACCOUNTS_DIR)}:{node.name}")
    assert found == []
