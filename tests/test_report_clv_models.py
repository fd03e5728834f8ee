"""crmlab.report reads the sBG, Pareto/NBD and BG/BB fits: their three-line tables and
their interpretations in English and Chinese, on the papers' data (Fader & Hardie 2007's
high-end cohort; the CDNOW sample; the donation table of Fader, Hardie & Shang 2010)."""
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from crmlab import lifecycle as lc
from crmlab.report import interpret, table

DATA = Path(__file__).parent / "data" / "lifecycle"


@pytest.fixture(scope="module")
def fits():
    cdnow, donations = pd.read_csv(DATA / "cdnow_summary.csv"), pd.read_csv(DATA / "donations.csv")
    return {"sbg": lc.fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491]),
            "pnbd": lc.fit_pareto_nbd(cdnow["x"], cdnow["t_x"], cdnow["T"]),
            "bgbb": lc.fit_bgbb(donations["x"], donations["t_x"], donations["n"],
                                donations["count"])}


@pytest.mark.parametrize("name, params, means, caption_zh", [
    ("sbg", ["alpha", "beta"], [".149"], "合同续约的移位贝塔几何(sBG)模型"),
    ("pnbd", ["r", "alpha", "s", "beta"], ["0.052", "0.052"], "Pareto/NBD重复购买模型"),
    ("bgbb", ["alpha", "beta", "gamma", "delta"], [".616", ".191"],
     "离散购买机会的BG/BB重复购买模型"),
])
def test_each_clv_model_has_its_three_line_table(fits, name, params, means, caption_zh):
    res = fits[name]
    t = table(res)
    assert t.header == ("Parameter", "Estimate", "SE")
    assert [r[0] for r in t.rows[:len(params)]] == params
    assert [r[1] for r in t.rows[len(params):]] == means
    for row, (k, v) in zip(t.rows, res.params.items()):
        assert float(row[1]) == pytest.approx(v, abs=5e-4)
        assert float(row[2]) == pytest.approx(res.se[k], abs=5e-4)
    assert t.caption_zh == caption_zh and f"{res.loglik:.2f}".replace("-", "−") in t.note
    assert f"n = {res.n} customers" in t.note
    zh = table(res, language="zh")
    assert zh.caption_lines(1)[0] == f"表 1  {caption_zh}"
    assert not re.search(r"(?<![\d.])\.\d", " ".join(" ".join(r) for r in zh.rows))
    assert "\\toprule" in t.to_latex() or "\\hline" in t.to_latex()


def test_the_interpretations_give_the_identified_means(fits):
    sbg = interpret(fits["sbg"])
    assert sbg.startswith("In the sBG model (Fader & Hardie 2007) a customer leaves at a "
                          "renewal with mean probability .15.")
    assert "from .85 at the first renewal to .92 at the fifth" in sbg
    life = f"{fits['sbg'].discounted_expected_lifetime(discount=0.1):.2f}"
    assert f"pay for {life} discounted years" in sbg
    assert "平均流失概率为 0.15" in interpret(fits["sbg"], "zh")
    assert f"贴现期望合同期为 {life} 年" in interpret(fits["sbg"], "zh")
    pnbd = interpret(fits["pnbd"])
    assert "buys 0.052 times per week" in pnbd and "0.052 per week" in pnbd
    year = fits["pnbd"].expected_purchases(52.18)
    assert f"{year:.2f} repeat purchases in her first year" in pnbd
    assert "平均每周购买 0.052 次" in interpret(fits["pnbd"], "zh")
    bgbb = interpret(fits["bgbb"])
    assert "mean probability .62" in bgbb and "mean probability .19" in bgbb
    assert f"{fits['bgbb'].expected_purchases(5):.2f} of the next five" in bgbb
    assert "平均购买概率为 0.62" in interpret(fits["bgbb"], "zh")
    t = table(fits["bgbb"], interpretation=True)
    assert t.note.endswith(bgbb) and "1 occasion a year" in t.note


def test_an_unidentified_fit_says_so(fits):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        flat = lc.fit_sbg([1000, 800, 640, 512, 410, 328, 262])  # 20 % churn for everyone
    assert not flat.identified.all()
    t = table(flat)
    assert t.rows[0][1] == "not identified" and t.rows[0][2] == ""
    assert "Not identified:" in t.note
    assert "report the means, not the parameters" in interpret(flat)
    assert "应报告均值而非参数本身" in interpret(flat, "zh")
