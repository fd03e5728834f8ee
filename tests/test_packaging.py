"""The project's plumbing agrees with itself.

pyproject.toml and environment.yml list the same dependencies and bounds;
.ci/run runs the command README.md shows; `make test` runs every notebook
strictly; the nbval sanitizers hide what varies between runs and nothing else.
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


# --- pyproject.toml and environment.yml ------------------------------------------------

def normalize(name):
    """Package names compare case-insensitively, with '-', '_' and '.' alike (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_simple_yaml(text):
    """Parse the small YAML subset that environment.yml uses.

    Mappings of ``key: scalar`` or ``key:`` followed by an indented block,
    lists of ``- scalar`` or ``- key:`` with a nested block, and comments.
    Anything else (flow style, anchors, multi-line strings) raises ValueError,
    so the file stays simple enough for this parser. PyYAML is not a dependency.
    """
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not line.strip():
            continue
        if "\t" in line[: len(line) - len(line.lstrip())]:
            raise ValueError(f"line {number}: tabs are not allowed in YAML indentation")
        value = re.sub(r"^(- )?([\w.-]+:)?\s*", "", line.strip())
        if value[:1] in ("[", "{", "&", "*", "|", ">", "!"):  # flow style, anchors, block scalars
            raise ValueError(f"line {number}: unsupported YAML syntax: {raw!r}")
        lines.append((len(line) - len(line.lstrip()), line.strip(), number))

    def scalar(value):
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            return value[1:-1]
        return value

    def block(i, parent_indent):
        """Parse the block starting at line i, indented deeper than parent_indent."""
        if i >= len(lines) or lines[i][0] < parent_indent:
            return None, i
        indent, content, _ = lines[i]
        if content.startswith("- ") or content == "-":
            return sequence(i, indent)
        if indent == parent_indent and parent_indent >= 0:
            return None, i
        return mapping(i, indent)

    def sequence(i, indent):
        items = []
        while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
            item = lines[i][1][2:].strip()
            key, sep, rest = item.partition(":")
            if sep and not rest.strip() and re.fullmatch(r"[\w.-]+", key):
                value, i = block(i + 1, indent + 1)
                items.append({key: value})
            else:
                items.append(scalar(item))
                i += 1
        return items, i

    def mapping(i, indent):
        result = {}
        while i < len(lines) and lines[i][0] == indent and not lines[i][1].startswith("- "):
            _, content, number = lines[i]
            key, sep, rest = content.partition(":")
            if not sep:
                raise ValueError(f"line {number}: expected 'key: value', got {content!r}")
            if rest.strip():
                result[key.strip()] = scalar(rest)
                i += 1
            else:
                # A list may sit at the key's own indentation ("key:\n- a").
                value, i = block(i + 1, indent)
                result[key.strip()] = value
        return result, i

    data, end = block(0, -1)
    if end != len(lines):
        raise ValueError(f"line {lines[end][2]}: unexpected indentation")
    return data


def conda_requirement(spec):
    """Split a conda spec such as 'pandas >=2.2' into (normalized name, SpecifierSet)."""
    match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)", spec.strip())
    if match is None:
        raise ValueError(f"environment.yml: cannot read the dependency {spec!r}")
    name, bounds = match.groups()
    return normalize(name), SpecifierSet(bounds.replace(" ", ""))


@pytest.fixture(scope="module")
def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def environment():
    return parse_simple_yaml((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_parse_simple_yaml_reads_nested_lists_and_rejects_flow_style():
    text = "name: x  # comment\nchannels:\n  - conda-forge\ndependencies:\n- a >=1\n- pip:\n    - -e .\n"
    assert parse_simple_yaml(text) == {
        "name": "x",
        "channels": ["conda-forge"],
        "dependencies": ["a >=1", {"pip": ["-e ."]}],
    }
    with pytest.raises(ValueError, match="unsupported YAML"):
        parse_simple_yaml("dependencies: [a, b]\n")


def test_environment_yml_names_the_env_and_uses_conda_forge(environment):
    assert environment["name"] == "crmlab"
    assert environment["channels"] == ["conda-forge"]


def test_environment_yml_lists_the_same_dependencies_and_bounds_as_pyproject(pyproject, environment):
    project = pyproject["project"]
    wanted = {}
    for text in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(text)
        wanted[normalize(req.name)] = req.specifier

    listed = {}
    for item in environment["dependencies"]:
        if isinstance(item, str):
            name, bounds = conda_requirement(item)
            assert name not in listed, f"environment.yml lists {name} twice"
            listed[name] = bounds

    python, pip = listed.pop("python", None), listed.pop("pip", None)
    assert python == SpecifierSet(project["requires-python"]), (
        f"environment.yml python {python} != pyproject requires-python {project['requires-python']}"
    )
    assert pip is not None, "environment.yml must list pip (for the editable install)"

    assert sorted(listed) == sorted(wanted), (
        f"only in pyproject.toml: {sorted(set(wanted) - set(listed))}; "
        f"only in environment.yml: {sorted(set(listed) - set(wanted))}"
    )
    differ = {name: (str(wanted[name]), str(listed[name]))
              for name in wanted if wanted[name] != listed[name]}
    assert not differ, f"version bounds differ (pyproject, environment.yml): {differ}"


def test_environment_yml_installs_crmlab_itself_with_pip(environment):
    pip_sections = [item["pip"] for item in environment["dependencies"] if isinstance(item, dict)]
    assert pip_sections == [["-e ."]]


# --- README, .ci/run and the Makefile -------------------------------------------------

def readme_test_command():
    """The command lines of the first fenced block under the 'Run the tests' heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"^(#{1,6} .*)$", text, flags=re.MULTILINE)
    for heading, body in zip(sections[1::2], sections[2::2]):
        if re.fullmatch(r"#+\s*Run the tests\s*", heading, flags=re.IGNORECASE):
            block = re.search(r"^```[^\n]*\n(.*?)^```", body, flags=re.MULTILINE | re.DOTALL)
            assert block, "README.md: no fenced code block under 'Run the tests'"
            return [line.strip().removeprefix("$ ") for line in block.group(1).splitlines()
                    if line.strip() and not line.strip().startswith("#")]
    raise AssertionError("README.md has no 'Run the tests' heading")


def ci_commands():
    """.ci/run's command lines, less the shebang, comments, `set -euo pipefail` and `cd`."""
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert "set -euo pipefail" in commands, ".ci/run must start with set -euo pipefail"
    return [line.removeprefix("exec ") for line in commands
            if line != "set -euo pipefail" and not line.startswith("cd ")]


def test_readme_shows_make_test_as_the_test_command():
    assert readme_test_command() == ["make test"]


def test_ci_runs_the_readme_test_command_and_only_documented_commands():
    """CI runs the README's test command, and beside it only commands the README names
    (installing the browser tests' Chromium, building the website)."""
    commands = ci_commands()
    assert set(readme_test_command()) <= set(commands)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in commands:
        assert f"`{command}`" in readme, f".ci/run runs {command!r}, which the README never names"


def test_ci_run_is_executable():
    path = ROOT / ".ci" / "run"
    assert os.access(path, os.X_OK), ".ci/run lost its executable bit"
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    staged = subprocess.run([git, "ls-files", "-s", ".ci/run"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    if staged:  # tracked: git must record mode 100755 (git update-index --chmod=+x)
        assert staged.split()[0] == "100755", staged


def make_recipe(target):
    """The recipe lines of a Makefile target, with backslash continuations joined."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"^([^\s#:=][^:=]*):(?![=:])", line)
        if match and target in match.group(1).split():
            recipe = []
            for following in lines[i + 1:]:
                if not following.startswith("\t"):
                    break
                recipe.append(following.strip())
            return recipe
    raise AssertionError(f"Makefile has no {target!r} target")


def test_make_test_runs_unit_tests_doctests_and_notebooks_under_strict_nbval():
    pytest_lines = [line for line in make_recipe("test") if "pytest" in line]
    assert len(pytest_lines) == 1, pytest_lines
    words = pytest_lines[0].split()
    assert "--nbval" in words
    assert "--nbval-lax" not in words, "notebooks must be compared exactly, not with --nbval-lax"
    flag = words.index("--nbval-sanitize-with")
    assert words[flag + 1] == "notebooks/sanitize.cfg"
    assert "tests" in words and "notebooks" in words
    assert "--doctest-modules" in words and "crmlab" in words, "docstring examples must run"
    assert (ROOT / "notebooks" / "sanitize.cfg").is_file()


# --- nbval sanitizers ------------------------------------------------------------------

@pytest.fixture(scope="module")
def sanitize():
    from nbval.plugin import get_sanitize_patterns  # the parser nbval itself uses

    patterns = get_sanitize_patterns((ROOT / "notebooks" / "sanitize.cfg").read_text(encoding="ascii"))
    assert patterns, "notebooks/sanitize.cfg: nbval read no regex/replace pair"
    compiled = [(re.compile(regex), replace) for regex, replace in patterns]

    def apply(text):
        for regex, replace in compiled:
            text = regex.sub(replace, text)
        return text

    return apply


def test_sanitize_hides_the_statsmodels_summary_date_and_time(sanitize):
    import numpy as np
    import statsmodels.api as sm

    rng = np.random.default_rng(0)
    x = rng.normal(size=30)
    summary = sm.OLS(2 * x + rng.normal(size=30), sm.add_constant(x)).fit().summary()
    for text in (summary.as_text(), summary.as_html()):
        clean = sanitize(text)
        assert "DATE-STAMP" in clean and "TIME-STAMP" in clean
        assert not re.search(r"\d{2}:\d{2}:\d{2}", clean)
    assert sanitize("Date:                Tue, 24 Nov 2026   Prob (F-statistic):") == (
        "Date:                DATE-STAMP   Prob (F-statistic):")


def test_sanitize_hides_memory_addresses_in_reprs(sanitize):
    import matplotlib.pyplot as plt
    from IPython.lib.pretty import pretty

    fig, ax = plt.subplots()
    (line,) = ax.plot([1, 2])
    assert sanitize(pretty(line)) == "<matplotlib.lines.Line2D at ADDRESS>"
    assert sanitize(repr(line)) == "<matplotlib.lines.Line2D object at ADDRESS>"
    assert sanitize("<matplotlib.axes._axes.Axes at 0x7f3a2c1b2d30>") == (
        "<matplotlib.axes._axes.Axes at ADDRESS>")


def test_sanitize_hides_timings_and_install_paths(sanitize):
    assert sanitize("CPU times: user 1.2 s, sys: 3 ms, total: 1.2 s") == "CPU times: TIMING"
    assert sanitize("Wall time: 3.1 ms") == "Wall time: TIMING"
    assert sanitize("1.2 ms +- 4.5 us per loop (mean +- std. dev. of 7 runs, 1,000 loops each)") == (
        "TIMING per loop")
    assert sanitize("/tmp/x/.venv/lib/python3.11/site-packages/seaborn/_base.py:949: FutureWarning") == (
        "SITE-PACKAGES/seaborn/_base.py:949: FutureWarning")


def test_sanitize_leaves_stable_output_alone(sanitize):
    stable = [
        "<Figure size 640x480 with 1 Axes>",
        "<Axes: xlabel='revenue', ylabel='count'>",
        "2024-03-01 00:00:00",
        "   customer_id  revenue\n0        C0001   1.2e+06",
        "Time to resolve: 3 days",
    ]
    for text in stable:
        assert sanitize(text) == text
