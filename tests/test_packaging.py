"""The wheel carries the rules: installed, or imported straight from the zip
(as Spark's --py-files does), the pipeline finds every rule file."""
import subprocess
import sys

from conftest import ROOT, SEEDS


def test_pipeline_runs_from_the_wheel_as_a_zip(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
                   check=True, capture_output=True)
    [wheel] = list(tmp_path.glob("*.whl"))
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import extractor, extractor.rules as r\n"
        "assert extractor.__file__.startswith(sys.argv[1]), extractor.__file__\n"
        "assert 'header' in r.all_rule_files()\n"
        "from extractor.pipeline import extract_bytes\n"
        "recs = extract_bytes(open(sys.argv[2], 'rb').read(), 'seed.txt')\n"
        "print(len(recs), recs[0].doc_number.text)\n"
    )
    res = subprocess.run([sys.executable, "-c", code, str(wheel), str(SEEDS / "000_ec94791e602876d6.txt")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "5 津交安办[2024]5号"
