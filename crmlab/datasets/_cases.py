"""Case-study generators for the thesis reproductions.

Each case is a seeded generative story written from the source it reproduces,
with its parameters and planted labels returned as truth:

* :func:`make_shrimp_farms` - a feed company and the shrimp farmers it supplies
  over farming cycles (the shrimp-feed thesis: profitability by activity-based
  costing, lifetime value, gold / iron / lead tiers, satisfaction diagnostics,
  repeat purchase as the mark of a won customer, full solution against feed only);
* :func:`make_power_accounts` - industrial electricity accounts of a power
  utility with 36 months of consumption and payment, planted as four key-account
  types plus small accounts (the power-utility thesis);
* :func:`make_sme_survey` - respondents of a small-firm CRM adoption survey whose
  population shares are the ones the source reports;
* :func:`make_maintenance_contracts` (in ``_contracts``) - yearly maintenance contracts
  of an industrial supplier, renewed with a known shifted beta-geometric heterogeneity;
* :func:`make_kano_survey` (in ``_kano``) - an industrial supplier's customers answer Kano
  question pairs on eight service attributes whose true categories are known.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validate import as_generator, check_int
from ._schema import Column, apply_schema, categorical

__all__ = ["Case", "make_shrimp_farms", "make_power_accounts", "make_sme_survey", "CASES"]


def _c(name, dtype, unit, meaning, levels=()):
    return Column(name, dtype, unit, meaning, tuple(levels))


@dataclass(frozen=True, eq=False)
class Case:
    """A case study: its tables, the truth that generated them, and the seed.

    Tables are attributes too: ``case.farms`` is ``case.tables["farms"]``.
    """

    name: str
    tables: dict = field(repr=False)
    truth: dict = field(repr=False)
    seed: int | None = None

    def __getattr__(self, item):
        tables = self.__dict__.get("tables", {})
        if item in tables:
            return tables[item]
        raise AttributeError(f"case {self.__dict__.get('name')!r} has no table {item!r}; "
                             f"tables: {list(tables)}")

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v):,}" for k, v in self.tables.items())
        return f"Case({self.name!r}, seed={self.seed}, {sizes})"


def _seed_value(seed):
    return int(seed) if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) else None


def _finish(name, frames, truth, seed):
    schema = CASES[name]["tables"]
    tables = {t: apply_schema(frames[t], t, schema) for t in schema}
    return Case(name, tables, truth, _seed_value(seed))


def _ids(prefix, count, width):
    if count == 0:
        return np.array([], dtype=object)
    return np.char.add(prefix, np.char.zfill(np.arange(1, count + 1).astype(str), width)).astype(object)


# --------------------------------------------------------------------------------------------
# The shrimp-feed case
# --------------------------------------------------------------------------------------------
MODES = ("high_level_pond", "intensive_pond", "extensive_pond", "factory", "winter_shed")
PRODUCTS = ("feed", "seed_stock", "water_conditioning", "animal_health")
SHRIMP_ATTRIBUTES = ("feed_quality", "price", "technical_service", "delivery", "credit_terms",
                     "brand")

SHRIMP_PARAMS = {
    "mode_probability": dict(zip(MODES, [0.20, 0.25, 0.30, 0.05, 0.20])),
    "pond_area_median_mu": dict(zip(MODES, [20.0, 30.0, 60.0, 4.0, 10.0])),
    "cycles_per_year": dict(zip(MODES, [2, 2, 1, 3, 2])),
    "feed_tonnes_per_mu_cycle": dict(zip(MODES, [1.2, 0.8, 0.25, 4.0, 1.0])),
    "success_probability": dict(zip(MODES, [0.65, 0.60, 0.75, 0.80, 0.55])),
    "full_solution_probability": dict(zip(MODES, [0.50, 0.35, 0.15, 0.70, 0.35])),
    "full_solution_success_lift": 0.12,
    "failed_cycle_feed_share": 0.4,
    "list_price_cny": dict(zip(PRODUCTS, [9500.0, 160.0, 420.0, 680.0])),
    "unit": dict(zip(PRODUCTS, ["tonne", "10k fry", "barrel", "box"])),
    "gross_margin_at_list": dict(zip(PRODUCTS, [0.14, 0.30, 0.45, 0.50])),
    "full_solution_units_per_feed_tonne": {"seed_stock": 0.8, "water_conditioning": 0.6,
                                           "animal_health": 0.4},
    "rebate_per_100_tonnes": 0.03, "rebate_cap": 0.08,
    "credit_days": [0, 30, 60, 90], "financing_rate": 0.06,
    "bad_debt_share_of_credit_on_failure": 0.25,
    "cost_rates_cny": {"technician_visits": 300.0, "water_tests": 150.0, "deliveries": 220.0,
                       "delivery_km": 4.0},
    "visits_per_cycle": dict(zip(MODES, [3.0, 2.0, 1.0, 4.0, 2.5])),
    "full_solution_visit_multiplier": 2.5,
    "truck_tonnes": 5.0,
    "trial_share_of_new": 0.25, "trial_volume_share": 0.3,
    "leave_probability_after_failure": 0.30, "leave_probability_after_success": 0.08,
    "share_existing_at_start": 0.5,
    "survey_share": 0.5,
    "importance_mean": dict(zip(SHRIMP_ATTRIBUTES, [4.7, 4.3, 4.2, 3.6, 3.9, 3.3])),
    "performance_mean": dict(zip(SHRIMP_ATTRIBUTES, [4.1, 3.2, 3.4, 3.9, 3.5, 3.8])),
    "full_solution_service_lift": 0.6,
}


def make_shrimp_farms(n_farms: int = 300, *, start_year: int = 2020, n_years: int = 5,
                      seed=2026) -> Case:
    """Shrimp farmers buying feed and farm inputs from one feed company.

    Parameters
    ----------
    n_farms : int, default=300
        Farms that bought at least once in the window (1 to 50,000).
    start_year : int, default=2020
        First calendar year.
    n_years : int, default=5
        Years observed (1 to 20).
    seed : int or numpy.random.Generator, default=2026

    Returns
    -------
    Case
        Tables ``farms``, ``cycles``, ``purchases``, ``services`` and ``survey``;
        ``truth`` holds :data:`SHRIMP_PARAMS` and per farm its planted labels.

    Notes
    -----
    Each farm has a farming mode (high-level lined pond 高位池, intensive pond
    精养池塘, extensive pond 粗养, recirculating factory 工厂化, winter shed 温棚) that
    sets its pond area in mu (亩), cycles per year, feed per mu and success rate.
    A farm buys feed each cycle; *full-solution* farms also buy seed stock, water
    conditioning and animal-health products, get more technician visits and
    succeed more often. A failed cycle (disease) uses 40 % of the feed, may leave
    part of the credit unpaid (bad debt) and makes the farm likelier to leave.
    A quarter of new farms are *trial* buyers who buy a small lot in one cycle and
    never return: under the source's rule they are not won customers. Volume
    rebates, credit until harvest (its financing cost), deliveries by 5-tonne
    truck over the farm's distance, water tests and technician visits make the
    activity-based cost of each farm differ from a volume-based allocation.

    Examples
    --------
    >>> case = make_shrimp_farms(40, seed=1)
    >>> sorted(case.tables)
    ['cycles', 'farms', 'purchases', 'services', 'survey']
    """
    func = "make_shrimp_farms"
    n = check_int(n_farms, func, "n_farms", low=1, high=50_000)
    y0 = check_int(start_year, func, "start_year", low=1990, high=2100)
    years = check_int(n_years, func, "n_years", low=1, high=20)
    rng = as_generator(seed)
    p = SHRIMP_PARAMS

    mode = rng.choice(len(MODES), n, p=list(p["mode_probability"].values()))
    area = np.round(np.array(list(p["pond_area_median_mu"].values()))[mode]
                    * np.exp(0.8 * rng.standard_normal(n)), 1).clip(0.5)
    full = rng.random(n) < np.array(list(p["full_solution_probability"].values()))[mode]
    distance = np.round(np.exp(np.log(25) + 0.7 * rng.standard_normal(n)), 1)
    credit_days = rng.choice(p["credit_days"], n, p=[0.3, 0.3, 0.25, 0.15])
    per_year = np.array(list(p["cycles_per_year"].values()))[mode]
    max_cycles = years * 3
    existing = rng.random(n) < p["share_existing_at_start"]
    first = np.where(existing, 0, rng.integers(0, np.maximum(per_year * years - 1, 1)))
    trial = ~existing & (rng.random(n) < p["trial_share_of_new"])
    counties = np.array(["Zhanjiang", "Maoming", "Yangjiang", "Beihai", "Qinzhou", "Wenchang",
                         "Zhangzhou"])
    county = counties[rng.integers(0, len(counties), n)]

    # cycles: farm x cycle index, active from `first` until leaving
    k = np.arange(max_cycles)
    exists = k[None, :] < (per_year * years)[:, None]
    success_p = np.clip(np.array(list(p["success_probability"].values()))[mode]
                        + p["full_solution_success_lift"] * full, 0, 0.97)
    success = rng.random((n, max_cycles)) < success_p[:, None]
    leave_p = np.where(success, p["leave_probability_after_success"],
                       p["leave_probability_after_failure"])
    leaves = rng.random((n, max_cycles)) < leave_p
    active = np.zeros((n, max_cycles), dtype=bool)
    alive = np.ones(n, dtype=bool)
    for j in range(max_cycles):
        now = alive & exists[:, j] & (j >= first)
        active[:, j] = now
        stop = now & (leaves[:, j] | trial)
        alive &= ~stop
    fc, fk = np.nonzero(active)
    year = y0 + fk // per_year[fc]
    season = fk % per_year[fc]
    start_day = np.floor((season + rng.random(len(fc)) * 0.3) * 365 / per_year[fc]).astype(int)
    start_date = (pd.to_datetime(year.astype(str) + "-01-01").to_numpy().astype("datetime64[D]")
                  + start_day.astype("timedelta64[D]")).astype("datetime64[s]")
    ok = success[fc, fk]
    feed = (area[fc] * np.array(list(p["feed_tonnes_per_mu_cycle"].values()))[mode[fc]]
            * np.exp(0.15 * rng.standard_normal(len(fc)))
            * np.where(ok, 1.0, p["failed_cycle_feed_share"])
            * np.where(trial[fc], p["trial_volume_share"], 1.0))
    feed = np.round(np.maximum(feed, 0.1), 2)
    cycle_id = np.char.add(np.char.add(year.astype(str), "-"), (season + 1).astype(str)).astype(object)

    # purchases: one feed line per cycle, plus inputs for full-solution farms
    rows = [np.arange(len(fc))]
    prods = [np.zeros(len(fc), dtype=int)]
    qty = [feed]
    for j, prod in enumerate(PRODUCTS[1:], start=1):
        idx = np.flatnonzero(full[fc] & ~trial[fc])
        rows.append(idx)
        prods.append(np.full(len(idx), j))
        qty.append(np.maximum(1, np.round(feed[idx] * p["full_solution_units_per_feed_tonne"][prod]
                                          * np.exp(0.2 * rng.standard_normal(len(idx))))))
    r, prod, q = np.concatenate(rows), np.concatenate(prods), np.concatenate(qty)
    order = np.lexsort((prod, r))
    r, prod, q = r[order], prod[order], q[order]
    list_price = np.array(list(p["list_price_cny"].values()))[prod]
    annual_feed = np.bincount(fc, weights=feed, minlength=n) / years
    rebate = np.minimum(p["rebate_cap"], p["rebate_per_100_tonnes"] * annual_feed / 100)
    disc = np.round(rebate[fc[r]] * 200) / 200
    net = np.round(q * list_price * (1 - disc), 2)
    cogs = np.round(q * list_price * (1 - np.array(list(p["gross_margin_at_list"].values()))[prod]), 2)
    days = credit_days[fc[r]]
    purchases = pd.DataFrame({
        "farm_id": np.array(_ids("F", n, 5))[fc[r]], "cycle_id": cycle_id[r],
        "date": start_date[r], "product": categorical("purchases", "product", prod, SHRIMP_TABLES),
        "quantity": q, "unit": np.array(list(p["unit"].values()))[prod], "list_price": list_price,
        "discount": disc, "net_revenue": net, "cost_of_goods": cogs,
        "gross_profit": np.round(net - cogs, 2), "credit_days": days,
        "financial_cost": np.round(net * p["financing_rate"] * days / 365, 2),
    })

    # services: technician visits, water tests, deliveries, bad debt per cycle
    cycle_revenue = np.bincount(r, weights=net, minlength=len(fc))
    visits = rng.poisson(np.array(list(p["visits_per_cycle"].values()))[mode[fc]]
                         * np.where(full[fc], p["full_solution_visit_multiplier"], 1.0)
                         * np.where(trial[fc], 0.5, 1.0))
    water_tests = rng.poisson(np.where(full[fc], 4.0, 0.5))
    deliveries = np.ceil(feed / p["truck_tonnes"]).astype(int) + (full[fc] & ~trial[fc])
    bad_debt = np.where(~ok & (credit_days[fc] > 0),
                        np.round(cycle_revenue * p["bad_debt_share_of_credit_on_failure"]
                                 * rng.random(len(fc)) * 2, 2), 0.0)
    farm_ids = _ids("F", n, 5)
    cycles = pd.DataFrame({
        "farm_id": farm_ids[fc], "cycle_id": cycle_id, "year": year, "start_date": start_date,
        "success": ok, "feed_tonnes": feed,
    })
    services = pd.DataFrame({
        "farm_id": farm_ids[fc], "cycle_id": cycle_id, "technician_visits": visits,
        "water_tests": water_tests, "deliveries": deliveries,
        "delivery_km": np.round(deliveries * distance[fc] * 2, 1), "bad_debt": bad_debt,
    })

    # survey: yearly, half of the farms active that year
    fy = pd.DataFrame({"f": fc, "year": year}).drop_duplicates().to_numpy()
    fy = fy[rng.random(len(fy)) < p["survey_share"]]
    sf, sy = fy[:, 0], fy[:, 1]
    survey = {"farm_id": farm_ids[sf], "year": sy}
    perf_latent = 0.5 * rng.standard_normal(len(sf))
    likert5 = lambda x: np.clip(np.round(x), 1, 5)  # noqa: E731
    for a in SHRIMP_ATTRIBUTES:
        survey[f"importance_{a}"] = likert5(p["importance_mean"][a] + 0.6 * rng.standard_normal(len(sf)))
    for a in SHRIMP_ATTRIBUTES:
        lift = p["full_solution_service_lift"] * full[sf] if a == "technical_service" else 0.0
        survey[f"performance_{a}"] = likert5(p["performance_mean"][a] + lift + perf_latent
                                             + 0.6 * rng.standard_normal(len(sf)))
    perf = np.column_stack([survey[f"performance_{a}"] for a in SHRIMP_ATTRIBUTES])
    imp = np.array(list(p["importance_mean"].values()))
    survey["overall_satisfaction"] = likert5((perf @ imp) / imp.sum() + 0.3 * rng.standard_normal(len(sf)))
    order = np.lexsort((sf, sy))
    survey = pd.DataFrame(survey).iloc[order].reset_index(drop=True)

    n_cycles = np.bincount(fc, minlength=n)
    farms = pd.DataFrame({
        "farm_id": farm_ids, "county": county,
        "farming_mode": categorical("farms", "farming_mode", mode, SHRIMP_TABLES),
        "pond_area_mu": area, "distance_km": distance, "credit_days": credit_days,
        "first_cycle": cycle_id[np.searchsorted(fc, np.arange(n))]
        if len(fc) else np.array([], dtype=object),
    })
    truth = {
        "case": "shrimp_feed", "arguments": {"n_farms": n, "start_year": y0, "n_years": years,
                                             "seed": _seed_value(seed)},
        "params": SHRIMP_PARAMS,
        "farms": {"farm_id": farm_ids.tolist(),
                  "solution": np.where(full, "full_solution", "feed_only").tolist(),
                  "trial_buyer": trial.tolist(), "existing_at_start": existing.tolist(),
                  "cycles_bought": n_cycles.tolist()},
    }
    return _finish("shrimp_feed", {"farms": farms, "cycles": cycles, "purchases": purchases,
                                   "services": services, "survey": survey}, truth, seed)


# --------------------------------------------------------------------------------------------
# The power-utility case
# --------------------------------------------------------------------------------------------
POWER_TYPES = ("high_volume_low_credit", "medium_volume_negative_growth",
               "high_growth_low_volatility", "low_growth_high_volatility", "small")
POWER_INDUSTRIES = ("steel", "chemicals", "cement", "textiles", "electronics", "food",
                    "commerce", "public_services")

POWER_PARAMS = {
    "type_probability": dict(zip(POWER_TYPES, [0.06, 0.10, 0.08, 0.08, 0.68])),
    "monthly_kwh_median": dict(zip(POWER_TYPES, [3.0e6, 0.9e6, 0.6e6, 0.5e6, 0.02e6])),
    "monthly_kwh_log_sd": 0.45,
    "yearly_growth": dict(zip(POWER_TYPES, [0.0, -0.15, 0.25, 0.02, 0.03])),
    "monthly_volatility": dict(zip(POWER_TYPES, [0.06, 0.08, 0.04, 0.35, 0.12])),
    "on_time_probability": dict(zip(POWER_TYPES, [0.70, 0.88, 0.97, 0.90, 0.93])),
    "credit_score_mean": dict(zip(POWER_TYPES, [45.0, 62.0, 82.0, 70.0, 70.0])),
    "days_late_mean": dict(zip(POWER_TYPES, [35.0, 20.0, 8.0, 15.0, 12.0])),
    "tariff_cny_per_kwh": 0.65,
    "seasonality": [0.97, 0.80, 0.98, 1.0, 1.02, 1.05, 1.12, 1.14, 1.05, 1.0, 0.97, 0.98],
}


def make_power_accounts(n_accounts: int = 400, *, months: int = 36, start="2022-01",
                        seed=2026) -> Case:
    """Industrial electricity accounts of a power utility, with planted key-account types.

    Parameters
    ----------
    n_accounts : int, default=400
        Accounts (1 to 100,000).
    months : int, default=36
        Months of consumption and billing (12 to 120).
    start : str, default="2022-01"
        First month.
    seed : int or numpy.random.Generator, default=2026

    Returns
    -------
    Case
        Tables ``accounts`` and ``monthly`` (consumption, bill, payment);
        ``truth`` holds :data:`POWER_PARAMS` and each account's planted type.

    Notes
    -----
    Four key-account types are planted as in the power-utility thesis: high volume
    with low credit, medium volume with negative growth, high growth with low
    volatility, low growth with high volatility; the remaining accounts are small.
    Monthly consumption is median × (1 + growth)^(t/12) × season × lognormal
    noise with the type's volatility; bills are consumption × tariff; whether a
    bill is paid on time, and how late, follow the type.

    Examples
    --------
    >>> case = make_power_accounts(50, seed=1)
    >>> len(case.monthly) == 50 * 36
    True
    """
    func = "make_power_accounts"
    n = check_int(n_accounts, func, "n_accounts", low=1, high=100_000)
    m = check_int(months, func, "months", low=12, high=120)
    if not isinstance(start, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", start):
        raise ValueError(f"{func}: start must be a month such as '2022-01'; got {start!r}")
    first = pd.Period(start, freq="M")
    rng = as_generator(seed)
    p = POWER_PARAMS
    kind = rng.choice(len(POWER_TYPES), n, p=list(p["type_probability"].values()))
    pick = lambda key: np.array(list(p[key].values()))[kind]  # noqa: E731
    base = pick("monthly_kwh_median") * np.exp(p["monthly_kwh_log_sd"] * rng.standard_normal(n))
    growth = pick("yearly_growth") + 0.03 * rng.standard_normal(n)
    vol = pick("monthly_volatility")
    credit = np.clip(np.round(pick("credit_score_mean") + 8 * rng.standard_normal(n)), 0, 100)
    industry = rng.integers(0, len(POWER_INDUSTRIES), n)
    voltage = np.where(base > 1e6, 110, np.where(base > 1e5, 35, 10))
    capacity = np.round(base / (720 * 0.55) * np.exp(0.1 * rng.standard_normal(n)), -1)
    potential = np.where(growth > 0.1, "high", np.where(growth < -0.05, "low", "medium"))

    t = np.arange(m)
    periods = pd.period_range(first, periods=m, freq="M")
    season = np.array(p["seasonality"])[periods.month.to_numpy() - 1]
    kwh = (base[:, None] * (1 + growth[:, None]) ** (t[None, :] / 12) * season[None, :]
           * np.exp(vol[:, None] * rng.standard_normal((n, m)) - vol[:, None] ** 2 / 2))
    kwh = np.round(kwh)
    bill = np.round(kwh * p["tariff_cny_per_kwh"], 2)
    on_time = rng.random((n, m)) < pick("on_time_probability")[:, None]
    late = np.where(on_time, 0, 1 + rng.poisson(pick("days_late_mean")[:, None], (n, m)))
    ids = _ids("E", n, 5)
    accounts = pd.DataFrame({
        "account_id": ids,
        "industry": categorical("accounts", "industry", industry, POWER_TABLES),
        "voltage_kv": voltage, "contract_capacity_kva": capacity,
        "credit_score": credit, "growth_potential": potential,
    })
    monthly = pd.DataFrame({
        "account_id": np.repeat(ids, m),
        "month": np.tile(periods.to_timestamp().to_numpy().astype("datetime64[s]"), n),
        "kwh": kwh.ravel(), "bill": bill.ravel(), "paid_on_time": on_time.ravel(),
        "days_late": late.ravel(),
    })
    truth = {"case": "power_accounts",
             "arguments": {"n_accounts": n, "months": m, "start": str(first),
                           "seed": _seed_value(seed)},
             "params": POWER_PARAMS,
             "accounts": {"account_id": ids.tolist(),
                          "type": np.array(POWER_TYPES)[kind].tolist(),
                          "yearly_growth": np.round(growth, 4).tolist()}}
    return _finish("power_accounts", {"accounts": accounts, "monthly": monthly}, truth, seed)


# --------------------------------------------------------------------------------------------
# The SME CRM-adoption survey
# --------------------------------------------------------------------------------------------
PRACTICES = ("special_service_key_customers", "regular_visits", "customer_files")
ROUTES = ("outside_company", "trained_own_staff", "hired_specialists")
SME_SIZES = ("micro", "small", "medium")

SME_PARAMS = {
    # the shares the source reports, taken as the population's
    "main_practice": dict(zip(PRACTICES, [0.783, 0.102, 0.113])),
    "gives_special_service": 0.655,
    "route_among_adopters": dict(zip(ROUTES, [0.897, 0.078, 0.032])),
    "plans_within_two_years_among_non_adopters": 0.445,
    # not reported: chosen for the generator and stated in the data card
    "size_probability": dict(zip(SME_SIZES, [0.35, 0.45, 0.20])),
    "adoption_by_size": dict(zip(SME_SIZES, [0.55, 0.74, 0.88])),
    "plan_log_odds_by_size": dict(zip(SME_SIZES, [-0.6, 0.0, 0.7])),
}


def make_sme_survey(n_firms: int = 391, *, seed=2026) -> Case:
    """Respondents of a small-firm CRM adoption survey with the source's reported shares.

    Parameters
    ----------
    n_firms : int, default=391
        Respondents (10 to 100,000). 391 is the smallest sample size the reported
        one-decimal percentages allow, with 281 adopters and 110 non-adopters; the
        adoption rates by size are chosen to give about that 72 % adoption.
    seed : int or numpy.random.Generator, default=2026

    Returns
    -------
    Case
        Table ``respondents``; ``truth`` holds :data:`SME_PARAMS`.

    Notes
    -----
    The reported shares are taken as population values: main CRM practice (special
    service for important customers 78.3 %, regular visits 10.2 %, customer files
    11.3 %), firms giving customers special service (65.5 %), the implementation
    route among adopters (outside company 89.7 %, own trained staff 7.8 %, hired
    specialists 3.2 %; a firm may use more than one, as the shares sum to 100.7 %)
    and adoption plans within two years among non-adopters (44.5 %). Firm size,
    adoption by size, and how plans depend on size are not reported; the generator
    chooses them (``truth``) and keeps the overall plan share at 44.5 %.

    Examples
    --------
    >>> case = make_sme_survey(100, seed=1)
    >>> case.respondents["adopted_crm"].dtype
    dtype('bool')
    """
    n = check_int(n_firms, "make_sme_survey", "n_firms", low=10, high=100_000)
    rng = as_generator(seed)
    p = SME_PARAMS
    size = rng.choice(len(SME_SIZES), n, p=list(p["size_probability"].values()))
    adopted = rng.random(n) < np.array(list(p["adoption_by_size"].values()))[size]
    practice = rng.choice(len(PRACTICES), n, p=np.array(list(p["main_practice"].values()))
                          / sum(p["main_practice"].values()))
    special = rng.random(n) < p["gives_special_service"]
    # every adopter has one main route; a few also used an outside company, so that the
    # three shares add up to the reported 100.7 %
    share = np.array(list(p["route_among_adopters"].values()))
    extra = share.sum() - 1
    main = rng.choice(len(ROUTES), n, p=np.r_[share[0] - extra, share[1:]])
    also_outside = (main != 0) & (rng.random(n) < extra / (1 - share[0] + extra))
    routes = {r: adopted & ((main == k) | ((k == 0) & also_outside)) for k, r in enumerate(ROUTES)}
    shift = _logit_shift(p["plans_within_two_years_among_non_adopters"],
                         np.array(list(p["plan_log_odds_by_size"].values())),
                         np.array(list(p["size_probability"].values()))
                         * (1 - np.array(list(p["adoption_by_size"].values()))))
    plan_p = 1 / (1 + np.exp(-(shift + np.array(list(p["plan_log_odds_by_size"].values()))[size])))
    plans = ~adopted & (rng.random(n) < plan_p)
    employees = np.round(np.exp(np.array([np.log(8), np.log(45), np.log(180)])[size]
                                + 0.4 * rng.standard_normal(n))).astype(np.int64)
    respondents = pd.DataFrame({
        "firm_id": _ids("S", n, 5), "size": categorical("respondents", "size", size, SME_TABLES),
        "employees": employees, "adopted_crm": adopted,
        "main_practice": categorical("respondents", "main_practice", practice, SME_TABLES),
        "gives_special_service": special,
        **{f"route_{r}": pd.array(np.where(adopted, routes[r], pd.NA), dtype="boolean")
           for r in ROUTES},
        "plans_within_two_years": pd.array(np.where(adopted, pd.NA, plans), dtype="boolean"),
    })
    truth = {"case": "sme_survey", "arguments": {"n_firms": n, "seed": _seed_value(seed)},
             "params": SME_PARAMS, "plan_intercept": round(float(shift), 6)}
    return _finish("sme_survey", {"respondents": respondents}, truth, seed)


def _logit_shift(target, offsets, weights):
    """Intercept c with sum(w * expit(c + offsets)) / sum(w) = target (bisection)."""
    lo, hi = -10.0, 10.0
    for _ in range(100):
        mid = (lo + hi) / 2
        share = np.sum(weights / (1 + np.exp(-(mid + offsets)))) / weights.sum()
        lo, hi = (mid, hi) if share < target else (lo, mid)
    return (lo + hi) / 2


# --------------------------------------------------------------------------------------------
# Schemas of the case tables
# --------------------------------------------------------------------------------------------
SHRIMP_TABLES = {
    "farms": dict(key=("farm_id",), doc="One row per shrimp farm that bought at least once.",
                  columns=[
                      _c("farm_id", "str", "", "farm key, F00001 ..."),
                      _c("county", "str", "", "county of the farm (coastal south China)"),
                      _c("farming_mode", "cat", "", "farming mode (养殖模式)", MODES),
                      _c("pond_area_mu", "float", "mu (亩, 666.7 m²)", "pond area"),
                      _c("distance_km", "float", "km", "distance from the feed depot"),
                      _c("credit_days", "int", "days", "credit granted until harvest: 0, 30, 60, 90"),
                      _c("first_cycle", "str", "", "first farming cycle bought in, YYYY-k"),
                  ]),
    "cycles": dict(key=("farm_id", "cycle_id"), parents={"farm_id": "farms"},
                   doc="One row per farm and farming cycle in which it bought.",
                   columns=[
                       _c("farm_id", "str", "", "farm key"),
                       _c("cycle_id", "str", "", "cycle, YYYY-k (k-th cycle of the year)"),
                       _c("year", "int", "", "calendar year"),
                       _c("start_date", "date", "", "stocking date"),
                       _c("success", "bool", "", "the cycle reached harvest (no disease loss)"),
                       _c("feed_tonnes", "float", "tonnes", "feed bought for the cycle"),
                   ]),
    "purchases": dict(key=("farm_id", "cycle_id", "product"), parents={"farm_id": "farms"},
                      doc="What each farm bought in each cycle.",
                      columns=[
                          _c("farm_id", "str", "", "farm key"),
                          _c("cycle_id", "str", "", "cycle"),
                          _c("date", "date", "", "purchase date (start of the cycle)"),
                          _c("product", "cat", "", "feed or an input of the full solution", PRODUCTS),
                          _c("quantity", "float", "see unit", "quantity"),
                          _c("unit", "str", "", "tonne, 10k fry, barrel or box"),
                          _c("list_price", "float", "CNY per unit", "list price"),
                          _c("discount", "float", "share", "volume rebate"),
                          _c("net_revenue", "float", "CNY", "quantity × list_price × (1 − discount)"),
                          _c("cost_of_goods", "float", "CNY", "cost of goods"),
                          _c("gross_profit", "float", "CNY", "net_revenue − cost_of_goods"),
                          _c("credit_days", "int", "days", "credit granted"),
                          _c("financial_cost", "float", "CNY",
                             "net_revenue × financing rate × credit_days / 365"),
                      ]),
    "services": dict(key=("farm_id", "cycle_id"), parents={"farm_id": "farms"},
                     doc="Cost-to-serve drivers per farm and cycle (作业动因).",
                     columns=[
                         _c("farm_id", "str", "", "farm key"),
                         _c("cycle_id", "str", "", "cycle"),
                         _c("technician_visits", "int", "visits", "technical-service visits"),
                         _c("water_tests", "int", "tests", "water-quality tests"),
                         _c("deliveries", "int", "trips", "delivery trips"),
                         _c("delivery_km", "float", "km", "kilometres driven for deliveries"),
                         _c("bad_debt", "float", "CNY", "credit written off after a failed cycle"),
                     ]),
    "survey": dict(key=("farm_id", "year"), parents={"farm_id": "farms"},
                   doc="Yearly satisfaction survey of farmers, 1-5 scales.",
                   columns=[
                       _c("farm_id", "str", "", "farm key"),
                       _c("year", "int", "", "survey year"),
                       *[_c(f"importance_{a}", "float", "1-5", f"importance of {a.replace('_', ' ')}")
                         for a in SHRIMP_ATTRIBUTES],
                       *[_c(f"performance_{a}", "float", "1-5",
                            f"perceived performance on {a.replace('_', ' ')}")
                         for a in SHRIMP_ATTRIBUTES],
                       _c("overall_satisfaction", "float", "1-5", "overall satisfaction"),
                   ]),
}

POWER_TABLES = {
    "accounts": dict(key=("account_id",), doc="Industrial electricity accounts.",
                     columns=[
                         _c("account_id", "str", "", "account key, E00001 ..."),
                         _c("industry", "cat", "", "industry", POWER_INDUSTRIES),
                         _c("voltage_kv", "int", "kV", "supply voltage: 10, 35 or 110"),
                         _c("contract_capacity_kva", "float", "kVA", "contracted capacity"),
                         _c("credit_score", "float", "0-100", "the utility's credit score"),
                         _c("growth_potential", "str", "", "the utility's assessment: low, medium, high"),
                     ]),
    "monthly": dict(key=("account_id", "month"), parents={"account_id": "accounts"},
                    doc="Monthly consumption, bill and payment per account.",
                    columns=[
                        _c("account_id", "str", "", "account key"),
                        _c("month", "date", "", "first day of the month"),
                        _c("kwh", "float", "kWh", "electricity consumed"),
                        _c("bill", "float", "CNY", "kwh × tariff"),
                        _c("paid_on_time", "bool", "", "the bill was paid by its due date"),
                        _c("days_late", "int", "days", "days paid after the due date (0 if on time)"),
                    ]),
}

SME_TABLES = {
    "respondents": dict(key=("firm_id",), doc="One row per responding small or medium firm.",
                        columns=[
                            _c("firm_id", "str", "", "respondent key, S00001 ..."),
                            _c("size", "ordered", "", "firm size", SME_SIZES),
                            _c("employees", "int", "people", "headcount"),
                            _c("adopted_crm", "bool", "", "the firm has implemented CRM"),
                            _c("main_practice", "cat", "", "what the firm mainly does as CRM",
                               PRACTICES),
                            _c("gives_special_service", "bool", "",
                               "the firm gives customers special service"),
                            *[_c(f"route_{r}", "boolean", "", f"CRM implemented via "
                                 f"{r.replace('_', ' ')} (adopters only; a firm may use several)")
                              for r in ROUTES],
                            _c("plans_within_two_years", "boolean", "",
                               "plans to adopt CRM within one to two years (non-adopters only)"),
                        ]),
}

CASES = {
    "shrimp_feed": {"tables": SHRIMP_TABLES, "make": make_shrimp_farms,
                    "title": "The shrimp-feed case (对虾饲料企业客户关系管理)"},
    "power_accounts": {"tables": POWER_TABLES, "make": make_power_accounts,
                       "title": "The power-utility key-account case (电力大客户)"},
    "sme_survey": {"tables": SME_TABLES, "make": make_sme_survey,
                   "title": "The small-firm CRM adoption survey (中小企业CRM调查)"},
}

from ._contracts import CONTRACT_TABLES, make_maintenance_contracts  # noqa: E402

CASES["maintenance_contracts"] = {"tables": CONTRACT_TABLES, "make": make_maintenance_contracts,
                                  "title": "The maintenance-contract case (设备维保合同)"}

from ._kano import KANO_TABLES, make_kano_survey  # noqa: E402

CASES["kano_survey"] = {"tables": KANO_TABLES, "make": make_kano_survey,
                        "title": "The Kano survey of service attributes (KANO问卷)"}
