"""The portal's imports go one way, layer by layer. This test reads them with ast.

From the bottom up:
- models: activation's models (the package activation.models and its modules) import no other
  app; the models of consultations and ocmw_portal import activation's models only. The modules
  a models module builds on (activation.fields, .indicators, .quarters) count as models.
- access: ocmw_portal.access reads the models of every app and nothing else of the project.
- logic (services, selectors, forms, views, admin, commands, ...): activation ← consultations ←
  dashboards ← api, each app using itself, the apps to its left, the models of ocmw_portal and the
  shared helpers of ocmw_portal (access, audit, dutch, exports, forms, network, pages). The shared
  helpers use models and each other; ocmw_portal's own accounts, admin and views use models and
  ocmw_portal.
- project: settings, urls, wsgi and the commands that load or seed every app at once may import
  anything; nothing else imports them.

Besides: no private name (`_x`) is imported from another app, the portal imports nothing from
the tests, and no import of the portal's own code sits inside a function, where it would hide an
arrow (only an AppConfig.ready imports there: Django calls it once the models are loaded).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("activation", "consultations", "dashboards", "api", "ocmw_portal")
LOGIC_ORDER = ("activation", "consultations", "dashboards", "api")
MODELS = {
    "activation.models",
    "activation.models.cooperation",
    "activation.models.results",
    "activation.models.territory",
    "activation.fields",
    "activation.indicators",
    "activation.quarters",
    "consultations.models",
    "ocmw_portal.models",
}
# app → the apps whose models its models import
MODELS_IMPORT = {"activation": (), "consultations": ("activation",), "ocmw_portal": ("activation",)}
ACCESS = "ocmw_portal.access"
SHARED = {
    ACCESS,
    "ocmw_portal.audit",
    "ocmw_portal.dutch",
    "ocmw_portal.exports",
    "ocmw_portal.forms",
    "ocmw_portal.network",
    "ocmw_portal.pages",
}
PROJECT = {
    "ocmw_portal.settings",
    "ocmw_portal.urls",
    "ocmw_portal.wsgi",
    "ocmw_portal.management.commands.load_reference_data",
    "ocmw_portal.management.commands.seed_demo",
}


def app_of(module):
    return module.split(".")[0]


def names(modules):
    return ", ".join(sorted(modules))


def module_name(path):
    """activation/cooperation/views.py → activation.cooperation.views; a package's __init__ is
    the package."""
    parts = list(path.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(dotted):
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def broken_rule(module, target):
    """Why `module` may not import `target` (both dotted names of the portal), or None."""
    app, target_app = app_of(module), app_of(target)
    if module in PROJECT:
        return None
    if target_app == "tests":
        return "the portal imports nothing from the tests"
    if target in PROJECT:
        return f"only the project level ({names(PROJECT)}) imports it"
    if module in MODELS:
        if target not in MODELS:
            return "models import only models"
        if target_app != app and target_app not in MODELS_IMPORT[app]:
            allowed = MODELS_IMPORT[app]
            if not allowed:
                return f"the models of {app} import no other app"
            return f"the models of {app} import only the models of {', '.join(allowed)}"
        return None
    if module == ACCESS:
        return None if target in MODELS else "ocmw_portal.access reads models only"
    if module in SHARED:
        if target in MODELS or (target in SHARED and target != module):
            return None
        return f"the shared helpers of ocmw_portal ({names(SHARED)}) use only models and each other"
    if app == "ocmw_portal":
        if target in MODELS or target_app == "ocmw_portal":
            return None
        return "ocmw_portal's accounts, admin and views use only models and ocmw_portal"
    # The logic of activation, consultations and dashboards.
    if target_app == "ocmw_portal":
        if target in MODELS or target in SHARED:
            return None
        return (
            f"of ocmw_portal, the other apps use only its models and shared helpers "
            f"({names(SHARED)})"
        )
    if LOGIC_ORDER.index(target_app) > LOGIC_ORDER.index(app):
        return f"logic goes {' ← '.join(LOGIC_ORDER)}: {app} imports nothing of {target_app}"
    return None


class Imports(ast.NodeVisitor):
    """Every import of the portal's own code in one module, as (line, target module, the name
    imported from it when it is no module, the enclosing classes and functions). Also
    import_module("...") and get_model("app", ...) with a literal name: they are imports too."""

    def __init__(self, module, is_package):
        self.package = module if is_package else module.rpartition(".")[0]
        self.found = []
        self.scope = []

    def add(self, node, target, name=None):
        if app_of(target) in (*APPS, "tests"):
            self.found.append((node.lineno, target, name, tuple(self.scope)))

    def visit_Import(self, node):
        for alias in node.names:
            self.add(node, alias.name)

    def visit_ImportFrom(self, node):
        base = node.module or ""
        if node.level:
            package = self.package.split(".")
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, *([base] if base else [])])
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            if is_module(submodule):
                self.add(node, submodule)
            else:
                self.add(node, base, alias.name)

    def visit_Call(self, node):
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if name in ("import_module", "__import__") and literals and isinstance(literals[0], str):
            self.add(node, literals[0])
        if name == "get_model" and literals and isinstance(literals[0], str):
            self.add(node, f"{literals[0].split('.')[0]}.models")
        self.generic_visit(node)

    def visit_scope(self, node):
        self.scope.append(node)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = visit_scope


def problems_in(path, source):
    """The broken rules of one file, as 'path:line: module imports target: rule'."""
    path = Path(path)
    module = module_name(path)
    visitor = Imports(module, path.name == "__init__.py")
    visitor.visit(ast.parse(source, filename=str(path)))
    problems = []
    for line, target, name, scope in visitor.found:
        where = f"{path.as_posix()}:{line}: {module} imports {target}"
        functions = [s for s in scope if not isinstance(s, ast.ClassDef)]
        in_ready = (
            path.name == "apps.py"
            and len(scope) == 2
            and isinstance(scope[0], ast.ClassDef)
            and getattr(scope[1], "name", None) == "ready"
        )
        if functions and not in_ready:
            problems.append(
                f"{where}: imports of the portal's code go at the top of the module, not inside "
                f"{getattr(functions[-1], 'name', 'a lambda')}() (only AppConfig.ready imports "
                "there)"
            )
        if name and name.startswith("_") and app_of(target) != app_of(module):
            problems.append(f"{where}: {name} is private to {target}: make it public or move it")
        rule = broken_rule(module, target)
        if rule:
            problems.append(f"{where}: {rule}")
    return list(dict.fromkeys(problems))  # one line per import, however many names it takes


def project_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative


def test_the_portal_imports_follow_the_layers():
    problems = []
    for path in project_files():
        problems += problems_in(path, (ROOT / path).read_text(encoding="utf-8"))
    assert not problems, "Imports that break the layers:\n" + "\n".join(problems)


def test_the_layers_name_modules_that_exist():
    # A renamed module would otherwise drop out of its layer unnoticed.
    missing = sorted(m for m in MODELS | SHARED | PROJECT if not is_module(m))
    assert missing == []


@pytest.mark.parametrize(
    ("path", "source", "message"),
    [
        (
            "activation/models.py",
            "import datetime\nfrom consultations.models import Meeting\n",
            "activation/models.py:2: activation.models imports consultations.models: "
            "the models of activation import no other app",
        ),
        (
            "consultations/models.py",
            "from activation.services import upsert\n",
            "consultations.models imports activation.services: models import only models",
        ),
        (
            "consultations/models.py",
            "from dashboards import formatting\n",
            "models import only models",
        ),
        (
            "ocmw_portal/access.py",
            "from dashboards.selectors import group_rows\n",
            "ocmw_portal.access imports dashboards.selectors: ocmw_portal.access reads models only",
        ),
        (
            "ocmw_portal/access.py",
            "def bodies(user):\n    from consultations.models import ConsultationBody\n",
            "ocmw_portal/access.py:2: ocmw_portal.access imports consultations.models: imports of "
            "the portal's code go at the top of the module, not inside bodies()",
        ),
        (
            "activation/cooperation/views.py",
            "from consultations import selectors\n",
            "activation.cooperation.views imports consultations.selectors: logic goes activation "
            "← consultations ← dashboards ← api: activation imports nothing of consultations",
        ),
        (
            "dashboards/views.py",
            "from api import selectors\n",
            "dashboards.views imports api.selectors: logic goes activation ← consultations ← "
            "dashboards ← api: dashboards imports nothing of api",
        ),
        (
            "activation/management/commands/load_reference_data.py",
            "from consultations.services import load_consultation_bodies\n",
            "activation imports nothing of consultations",
        ),
        (
            "consultations/selectors.py",
            "from dashboards.reports import source_text\n",
            "consultations imports nothing of dashboards",
        ),
        (
            "activation/cooperation/selectors.py",
            "from consultations.models import ConsultationBody\n",
            "activation imports nothing of consultations",
        ),
        (
            "consultations/services.py",
            "from activation.services import _upsert\n",
            "_upsert is private to activation.services: make it public or move it",
        ),
        (
            "consultations/views.py",
            "import importlib\nviews = importlib.import_module('dashboards.views')\n",
            "consultations imports nothing of dashboards",
        ),
        (
            "activation/services.py",
            "from django.apps import apps\nBody = apps.get_model('consultations', 'Meeting')\n",
            "activation.services imports consultations.models",
        ),
        (
            "dashboards/views.py",
            "from ocmw_portal.urls import urlpatterns\n",
            "only the project level",
        ),
        (
            "dashboards/views.py",
            "from ocmw_portal.services import create_user\n",
            "of ocmw_portal, the other apps use only its models and shared helpers",
        ),
        (
            "ocmw_portal/audit.py",
            "from dashboards import views\n",
            "the shared helpers of ocmw_portal",
        ),
        (
            "ocmw_portal/views.py",
            "from dashboards.selectors import latest_quarter\n",
            "ocmw_portal's accounts, admin and views use only models and ocmw_portal",
        ),
        (
            "consultations/demo.py",
            "from tests.conftest import PASSWORD\n",
            "the portal imports nothing from the tests",
        ),
        (
            "consultations/apps.py",
            "class Config:\n    def connect(self):\n        from consultations import services\n",
            "not inside connect()",
        ),
    ],
)
def test_the_check_finds_an_import_that_breaks_a_layer(path, source, message):
    problems = problems_in(path, source)
    assert any(message in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("ocmw_portal/management/commands/seed_demo.py", "from consultations.demo import x\n"),
        ("ocmw_portal/urls.py", "from dashboards import views\n"),
        ("dashboards/views.py", "from consultations.selectors import summary\n"),
        ("consultations/services.py", "from activation.services import upsert\n"),
        ("consultations/selectors.py", "from activation.cooperation import selectors\n"),
        ("consultations/exports.py", "from ocmw_portal.exports import Sheet\n"),
        ("activation/cooperation/views.py", "from ocmw_portal import access, audit\n"),
        ("ocmw_portal/access.py", "from consultations.models import Meeting\n"),
        ("ocmw_portal/models.py", "from activation.models import LocalGovernment\n"),
        ("activation/models.py", "from activation.fields import QuarterField\n"),
        ("ocmw_portal/admin.py", "from consultations.models import Meeting\n"),
        (
            "consultations/apps.py",
            "class Config:\n    def ready(self):\n        from consultations import services\n",
        ),
    ],
)
def test_the_check_lets_imports_along_the_layers_pass(path, source):
    assert problems_in(path, source) == []
