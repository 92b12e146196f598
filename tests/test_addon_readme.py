"""Each ksm module's README.rst is what scripts/addon_readme.py makes of its readme/."""
import glob
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_every_ksm_readme_is_up_to_date():
    addons = sorted(glob.glob(os.path.join(ROOT, "addons", "ksm_*")))
    assert len(addons) >= 10
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "addon_readme.py"), "--check"]
        + addons, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_changed_fragment_makes_the_readme_stale(tmp_path):
    addon = tmp_path / "ksm_example"
    (addon / "readme").mkdir(parents=True)
    (addon / "__manifest__.py").write_text(
        '{"name": "KSM Beispiel", "summary": "An example", "author": "KSM"}')
    (addon / "readme" / "DESCRIPTION.rst").write_text("What it does.\n")
    script = [sys.executable, os.path.join(ROOT, "scripts", "addon_readme.py")]
    subprocess.run(script + [str(addon)], check=True)
    readme = (addon / "README.rst").read_text()
    assert readme.startswith("============\nKSM Beispiel\n============\n\nAn example.\n")
    assert "Description\n===========\n\nWhat it does.\n" in readme
    assert subprocess.run(script + ["--check", str(addon)]).returncode == 0
    (addon / "readme" / "DESCRIPTION.rst").write_text("What it does now.\n")
    assert subprocess.run(script + ["--check", str(addon)]).returncode == 1
