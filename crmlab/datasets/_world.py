"""The synthetic industrial world: one supplier of industrial products and its customers.

The generative story, in the order the code draws it:

1. **Customers** (客户档案). Each belongs to a hidden needs-based segment (strategic
   partner, price-driven, service-intensive, transactional) that sets its purchase
   potential (its yearly spend in our categories, across all suppliers, lognormal),
   its product mix, its demand for service and its churn risk. Headcount, size class
   and industry position follow potential; customers cluster in five industrial
   regions. Credit rating follows a latent firm health.
2. **Latent perceptions, yearly.** Expectation and perceived quality of product,
   service, personnel and image drift year to year (AR(1), unit variance). Each
   customer rates us and three competitors on four value parts and four cost parts;
   a logit on these with known weights gives the main supplier (``chosen``) and the
   share of wallet. Perceived value is our utility against the competitors'. An
   ACSI-type structural model links them: expectation, perceived quality and value
   → satisfaction → complaints, loyalty.
3. **Lifecycle and churn** (客户生命周期). From the start of the relationship each
   customer passes through initial → development → mature → decline, with gamma
   durations. A yearly churn hazard, proportional in the stage, the segment,
   satisfaction, complaint propensity and competitor offers, ends relationships.
4. **Order book.** Yearly revenue = potential × market growth × share of wallet ×
   stage volume; bigger customers order more often, not only more per order. Lines
   get a category, discount (deeper for large and price-driven accounts), list price,
   cost of goods (category margins), payment terms and their financial cost, rush
   flags and on-time delivery (driven by service quality).
5. **Invoices** (one per order): days late from credit rating and yearly firm health.
6. **Tickets**: complaints from complaint propensity and late deliveries; service
   requests from equipment and service intensity; first response hours and whether the
   customer accepted the resolution (from their own random stream). Last year's
   complaints handling moves this year's satisfaction (service recovery, 服务补救) and
   churn hazard, so churn (step 3's draws) is decided here year by year, and the order
   book of step 4 is then cut at churn. Invoices follow the cut order book.
7. **Activities**: the cost-to-serve drivers (visits, orders, deliveries, rush orders,
   support hours, returns, proactive service hours) with known cost rates, so
   activity-based costs differ from volume-based allocation. Proactive service hours
   (preventive maintenance, training, process audits) are the supplier's lever: their
   log explains half of each year's new shock to perceived service quality, so the
   cost of a point of service value has a true answer.
8. **Buying center and survey**: 2-12 contacts per customer with roles and stances;
   each November 45 % of active customers answer, with 1-3 respondents, on 1-7
   Likert items with loadings, a respondent halo, noise and 3 % missing answers, plus
   three marker items on a trait unrelated to the supplier (attitude to the colour blue)
   that share only the halo.

Every parameter is in ``world.truth``, together with each customer's latent labels.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._validate import as_generator, check_date, check_int
from . import _schema as S
from ._params import PARAMS

__all__ = ["World", "make_world", "PARAMS"]

GENERATOR_VERSION = 3
DAYS_PER_YEAR = 365.25

@dataclass(frozen=True, eq=False)
class World:
    """The customer archive: its tables, and the truth that generated them if crmlab did.

    Attributes
    ----------
    customers, contacts, orders, invoices, tickets, activities, survey, value_audit, \
relationships : pandas.DataFrame or None
        The archive's tables; columns are described in ``datasets/README.md`` and by
        :func:`crmlab.datasets.describe`. A firm's own archive
        (:func:`crmlab.datasets.read_archive`, :meth:`World.from_tables`) may lack
        tables (None) and optional columns (:func:`crmlab.datasets.own_data_schema`).
    truth : dict or None
        Every generating parameter, and per customer (``truth["customers"]``) and per
        customer-year (``truth["customer_years"]``) the latent labels. None for a
        firm's own archive.
    seed : int or None
        The seed the world was built from.
    report : ArchiveReport or None
        For an archive read from a firm's own tables: rows kept and refused, and why.
    """

    customers: pd.DataFrame | None = None
    contacts: pd.DataFrame | None = None
    orders: pd.DataFrame | None = None
    invoices: pd.DataFrame | None = None
    tickets: pd.DataFrame | None = None
    activities: pd.DataFrame | None = None
    survey: pd.DataFrame | None = None
    value_audit: pd.DataFrame | None = None
    relationships: pd.DataFrame | None = None
    truth: dict | None = field(default=None, repr=False)
    seed: int | None = None
    report: object = field(default=None, repr=False)

    @classmethod
    def from_tables(cls, *, customers=None, contacts=None, orders=None, invoices=None,
                    tickets=None, activities=None, survey=None, value_audit=None,
                    relationships=None, columns=None, levels=None, strict: bool = False):
        """A world from a firm's own DataFrames, validated once (see
        :func:`crmlab.datasets.read_archive` for ``columns``, ``levels`` and ``strict``).

        Examples
        --------
        >>> import pandas as pd
        >>> orders = pd.DataFrame({"客户编号": ["K1", "K2"], "日期": ["2025-01-05", "2025-02-01"],
        ...                        "金额": [1200.0, 800.0]})
        >>> world = World.from_tables(orders=orders, columns={"orders": {
        ...     "客户编号": "customer_id", "日期": "date", "金额": "net_revenue"}})
        >>> world.orders.columns.tolist(), world.customers
        (['customer_id', 'date', 'net_revenue'], None)
        """
        from ._archive import tables_to_world
        given = dict(customers=customers, contacts=contacts, orders=orders, invoices=invoices,
                     tickets=tickets, activities=activities, survey=survey,
                     value_audit=value_audit, relationships=relationships)
        return tables_to_world({k: v for k, v in given.items() if v is not None}, columns,
                               levels, strict, "World.from_tables")

    def tables(self) -> dict[str, pd.DataFrame]:
        """The archive's tables by name, in archive order (absent tables left out)."""
        return {name: getattr(self, name) for name in S.TABLE_NAMES
                if getattr(self, name) is not None}

    def truth_frame(self, level: str = "customers") -> pd.DataFrame:
        """Latent labels as a DataFrame: ``"customers"`` or ``"customer_years"``."""
        if level not in ("customers", "customer_years"):
            raise ValueError(f"truth_frame: level must be 'customers' or 'customer_years'; "
                             f"got {level!r}")
        if self.truth is None:
            raise ValueError("truth_frame: this world has no truth (a firm's own archive); "
                             "only a generated world (make_world, load_world) has one")
        return pd.DataFrame(self.truth[level])

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(t):,}" for name, t in self.tables().items())
        return f"World(seed={self.seed}, {sizes})"


def make_world(n_customers: int = 600, *, start="2019-01-01", end="2025-12-31",
               seed=2026) -> World:
    """Build the synthetic industrial world.

    Parameters
    ----------
    n_customers : int, default=600
        Customers in the archive: those active at ``start`` or won after it (1 to 100,000).
    start, end : str or date, default="2019-01-01", "2025-12-31"
        First and last day of the order book.
    seed : int or numpy.random.Generator, default=2026
        The same seed gives byte-identical tables.

    Returns
    -------
    World
        The tables and ``truth``.

    Notes
    -----
    The generative story is in the module docstring and in ``datasets/README.md``.
    Money is in CNY. The causal chain: delivered value and perceived quality drive
    satisfaction; satisfaction drives loyalty, share of wallet and the churn hazard;
    the lifecycle stage drives order volume; volume and cost-to-serve drive profit.

    Examples
    --------
    >>> world = make_world(n_customers=50, seed=1)
    >>> world.orders["customer_id"].isin(world.customers["customer_id"]).all()
    np.True_
    """
    n = check_int(n_customers, "make_world", "n_customers", low=1, high=100_000)
    t0 = check_date(start, "make_world", "start")
    t1 = check_date(end, "make_world", "end")
    if t1 <= t0:
        raise ValueError(f"make_world: end must be after start; got start={start!r}, end={end!r}")
    seed_value = seed if isinstance(seed, (int, np.integer)) else None
    rng = as_generator(seed)
    gen = _Generator(rng, n, t0, t1)
    return gen.build(seed_value)


def _ar1(rng, n, years, rho):
    """Stationary AR(1) paths with unit variance, shape (n, years)."""
    x = np.empty((n, years))
    x[:, 0] = rng.standard_normal(n)
    shocks = rng.standard_normal((n, years))
    for y in range(1, years):
        x[:, y] = rho * x[:, y - 1] + np.sqrt(1 - rho**2) * shocks[:, y]
    return x


def _draw_index(rng, probs, size=None, rows=None):
    """Draw category indices from probability vectors (one vector, or one row per draw)."""
    probs = np.asarray(probs, dtype=float)
    if rows is None:
        cum = np.cumsum(probs / probs.sum())
        return np.minimum(np.searchsorted(cum, rng.random(size), side="right"), len(cum) - 1)
    # one searchsorted over all rows' CDFs, row r shifted by r, avoids a (draws x K) array
    k = probs.shape[1]
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    cum[:, -1] = 1.0
    shifted = (cum + np.arange(len(cum))[:, None]).ravel()
    u = rng.random(len(rows))
    idx = np.searchsorted(shifted, rows + u, side="right") - rows * k
    return np.minimum(idx, k - 1)


def _ids(prefix, count, width):
    """Keys ``prefix`` + 1 .. ``count`` zero-padded to ``width`` digits, as Python strings."""
    if count == 0:
        return np.array([], dtype=object)
    if count >= 10**width:  # longer numbers keep all their digits, as zfill does
        return np.char.add(prefix, np.char.zfill(np.arange(1, count + 1).astype(str), width)
                           ).astype(object)
    size = len(prefix) + width
    chars = np.empty((size, count), np.uint8)  # ASCII codes, digit by digit: no string ops
    chars[:len(prefix)] = np.frombuffer(prefix.encode("ascii"), np.uint8)[:, None]
    k = np.arange(1, count + 1)
    for pos in range(size - 1, len(prefix) - 1, -1):
        chars[pos] = k % 10 + 48
        k //= 10
    return np.ascontiguousarray(chars.T).view(f"S{size}").ravel().astype(f"U{size}").astype(object)


def _group_normalise(weights, groups, n_groups):
    totals = np.bincount(groups, weights=weights, minlength=n_groups)
    return weights / totals[groups]


def _rank_within(groups, keys):
    """0-based rank of each element within its group, ordered by ``keys``."""
    order = np.lexsort((keys, groups))
    g = groups[order]
    first = np.r_[True, g[1:] != g[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(g)), 0))
    rank = np.empty(len(g), dtype=np.int64)
    rank[order] = np.arange(len(g)) - start
    return rank


class _Generator:
    """Draws the world step by step; attributes hold the latent state."""

    def __init__(self, rng, n, start, end):
        self.rng, self.n, self.start, self.end = rng, n, start, end
        self.p = PARAMS
        self.end_day = (end - start).days
        self.year_list = list(range(start.year, end.year + 1))
        self.n_years = len(self.year_list)
        jan1 = np.array([(pd.Timestamp(year=y, month=1, day=1) - start).days
                         for y in self.year_list])
        dec31 = np.array([(pd.Timestamp(year=y, month=12, day=31) - start).days
                          for y in self.year_list])
        self.year_lo = np.maximum(jan1, 0)
        self.year_hi = np.minimum(dec31, self.end_day)
        self.nov1 = jan1 + np.array([(pd.Timestamp(year=y, month=11, day=1)
                                      - pd.Timestamp(year=y, month=1, day=1)).days
                                     for y in self.year_list])

    # 1. customers -------------------------------------------------------------
    def customers(self):
        rng, n, p = self.rng, self.n, self.p
        seg = p["segments"]
        self.segment = _draw_index(rng, list(seg["probability"].values()), n)
        self.industry = _draw_index(rng, list(p["industry_probability"].values()), n)
        self.region = _draw_index(rng, list(p["region_probability"].values()), n)
        ctype = _draw_index(rng, list(p["customer_type_probability"].values()), n)
        medians = np.array(list(seg["potential_median_cny"].values()))
        self.potential = medians[self.segment] * np.exp(seg["potential_log_sd"]
                                                        * rng.standard_normal(n))
        log_pot = np.log(self.potential / 1e6)
        employees = np.maximum(5, np.round(np.exp(np.log(220) + 0.7 * log_pot
                                                  + 0.5 * rng.standard_normal(n)))).astype(np.int64)
        self.size = np.searchsorted([100, 500, 2000], employees, side="right")
        z = (log_pot - log_pot.mean()) / (log_pot.std() if n > 1 and log_pot.std() > 0 else 1.0)
        z = z + 0.8 * rng.standard_normal(n)
        position = np.where(z > 1.0, 2, np.where(z > -0.2, 1, 0))
        intensity = np.array(list(seg["service_intensity"].values()))[self.segment]
        self.service_intensity = intensity * np.exp(0.7 * rng.standard_normal(n) + 0.15 * self.size)

        existing = rng.random(n) < p["share_existing_at_start"]
        tenure = rng.random(n) * p["max_tenure_at_start_years"] * DAYS_PER_YEAR
        won = rng.random(n) * (self.end_day - 30)
        self.since = np.where(existing, -np.ceil(tenure), np.floor(won)).astype(np.int64)

        self.health = _ar1(rng, n, self.n_years, p["autocorrelation"]["health"])
        credit_latent = self.health[:, 0] + 0.5 * rng.standard_normal(n)
        self.credit = np.searchsorted([-1.6, -0.9, -0.2, 0.5, 1.3], credit_latent, side="right")
        term_idx = np.clip(np.round(0.8 + 0.6 * self.size + 0.8 * (self.segment == 0)
                                    + 0.8 * rng.standard_normal(n)), 0, 3).astype(int)
        self.terms = np.array(p["orders"]["payment_terms"])[term_idx]
        n_am = int(np.ceil(n / p["customers_per_account_manager"]))
        self.manager = rng.integers(0, n_am, n)
        self.manager_skill = p["account_manager_skill_sd"] * rng.standard_normal(n_am)

        self.customer_id = _ids("C", n, 6)
        brands = np.array(["Hengda", "Jinlong", "Huaxin", "Tianyi", "Dongfang", "Zhongke",
                           "Xinghe", "Ruifeng", "Baosheng", "Haitong", "Guangyu", "Yongtai",
                           "Shengli", "Kaiyuan", "Longxiang", "Hongda", "Jiahe", "Mingtai",
                           "Sanhe", "Weiye", "Anda", "Fuxing", "Huamei", "Lianfa"])
        cities = [["Suzhou", "Wuxi", "Ningbo", "Changzhou", "Shanghai", "Hangzhou"],
                  ["Dongguan", "Foshan", "Shenzhen", "Zhongshan", "Guangzhou"],
                  ["Tianjin", "Tangshan", "Qingdao", "Dalian", "Jinan"],
                  ["Chengdu", "Chongqing", "Mianyang", "Deyang"],
                  ["Wuhan", "Changsha", "Zhengzhou", "Hefei"]]
        nouns = np.array(["Auto Parts", "Electronics", "Machinery", "Chemical", "Construction",
                          "Energy", "Food"])
        city = np.array([cities[r][k % len(cities[r])] for r, k in
                         zip(self.region, rng.integers(0, 60, n))])
        brand = brands[rng.integers(0, len(brands), n)]
        name = np.char.add(np.char.add(np.char.add(np.char.add(city, " "), brand), " "),
                           nouns[self.industry])
        name = np.char.add(name, " Co., Ltd.")
        self.tables["customers"] = pd.DataFrame({
            "customer_id": self.customer_id,
            "name": name.astype(object),
            "industry": np.array(S.INDUSTRIES)[self.industry],
            "region": np.array(S.REGIONS)[self.region],
            "employees": employees,
            "size": np.array(S.SIZES)[self.size],
            "industry_position": np.array(S.POSITIONS)[position],
            "customer_type": np.array(S.CUSTOMER_TYPES)[ctype],
            "customer_since": self.dates(self.since),
            "credit_rating": np.array(S.CREDIT_RATINGS)[self.credit],
            "payment_terms": self.terms,
            "account_manager": np.char.add("AM", np.char.zfill((self.manager + 1).astype(str), 3)),
        })

    # 2. latent perceptions and the value audit --------------------------------
    def perceptions(self):
        rng, n, Y, p = self.rng, self.n, self.n_years, self.p
        ac = p["autocorrelation"]
        lam = p["expectation_loading_on_quality"]
        self.expectation = _ar1(rng, n, Y, ac["expectation"])
        self.quality = np.stack([lam * self.expectation + np.sqrt(1 - lam**2)
                                 * _ar1(rng, n, Y, ac["quality"]) for _ in S.ATTRIBUTES], axis=2)
        self.quality[:, :, 2] += self.manager_skill[self.manager][:, None]
        self.proactive_effort()

        ch = p["choice"]
        offer_p = ch["competitor_offer_probability"] + ch["competitor_offer_extra_price_driven"] \
            * (self.segment == 1)
        self.offer = rng.random((n, Y)) < offer_p[:, None]
        offering = rng.integers(1, 4, (n, Y))

        # ratings[n, Y, supplier, 8]: four value parts, price index, three non-monetary costs
        ratings = np.empty((n, Y, 4, 8))
        ours = np.array(ch["ours_base"])
        ratings[:, :, 0, :] = ours
        ratings[:, :, 0, :4] += ch["ours_quality_loading"] * self.quality
        ratings[:, :, 0, 5:] -= 0.5 * self.quality[:, :, 1:2]
        for s, name in enumerate(S.SUPPLIERS[1:], start=1):
            means = np.array(ch["supplier_means"][name])
            ratings[:, :, s, :] = means
        sd = np.array([0.6, 0.6, 0.6, 0.6, 4.0, 0.7, 0.7, 0.7])
        customer_effect = rng.standard_normal((n, 1, 4, 8)) * sd * np.r_[[0.0], [1.0] * 3][None, None, :, None]
        ratings += customer_effect + rng.standard_normal((n, Y, 4, 8)) * sd
        cut = self.offer[:, :, None] & (np.arange(4)[None, None, :] == offering[:, :, None])
        ratings[:, :, :, 4] -= ch["competitor_offer_price_cut"] * cut
        ratings[:, :, :, :4] = np.clip(ratings[:, :, :, :4], 0, 10)
        ratings[:, :, :, 5:] = np.clip(ratings[:, :, :, 5:], 0, 10)
        ratings = np.round(ratings, 1)
        self.ratings = ratings

        w = np.array(list(ch["weights"].values()))
        utility = ratings @ w
        expu = np.exp(utility - utility.max(axis=2, keepdims=True))
        prob = expu / expu.sum(axis=2, keepdims=True)
        self.choice_prob = prob
        self.chosen = _draw_index(rng, prob.reshape(-1, 4),
                                  rows=np.arange(n * Y)).reshape(n, Y)
        dirichlet = rng.gamma(ch["dirichlet_concentration"] * prob + 1e-3)
        dirichlet /= dirichlet.sum(axis=2, keepdims=True)
        main = ch["main_contract_share"]
        self.share = main * (np.arange(4)[None, None, :] == self.chosen[:, :, None]) \
            + (1 - main) * dirichlet

        advantage = utility[:, :, 0] - np.log(np.exp(utility[:, :, 1:]).sum(axis=2))
        self.perceived_value = (advantage - _PV_CENTRE) / _PV_SCALE
        sm = p["structural_model"]
        dw = np.array(list(sm["driver_weights"].values()))
        pq = self.quality @ dw
        self.perceived_quality = pq / _PQ_SCALE
        b = sm["satisfaction"]
        pred = (b["expectation"] * self.expectation + b["perceived_quality"] * self.perceived_quality
                + b["perceived_value"] * self.perceived_value)
        self.satisfaction = pred + _SAT_NOISE * rng.standard_normal((n, Y))
        c = sm["complaint"]["satisfaction"]
        self.complaint_noise = rng.standard_normal((n, Y))
        self.loyalty_noise = rng.standard_normal((n, Y))
        self.satisfaction_base = self.satisfaction.copy()
        self.update_structural(slice(None))

    def update_structural(self, y):
        """Complaint propensity and loyalty of year(s) ``y`` from satisfaction (ACSI paths)."""
        sm = self.p["structural_model"]
        c, lo = sm["complaint"]["satisfaction"], sm["loyalty"]
        if y == slice(None):
            self.complaint = np.empty_like(self.satisfaction)
            self.loyalty = np.empty_like(self.satisfaction)
        self.complaint[:, y] = c * self.satisfaction[:, y] + np.sqrt(1 - c**2) * self.complaint_noise[:, y]
        self.loyalty[:, y] = (lo["satisfaction"] * self.satisfaction[:, y]
                              + lo["complaint"] * self.complaint[:, y]
                              + _LOY_NOISE * self.loyalty_noise[:, y])

    def proactive_effort(self):
        """Log proactive service effort per customer-year, the cause of part of service quality.

        Service quality's AR(1) part is :math:`A_t = \\rho A_{t-1} + \\sqrt{1-\\rho^2}\\,
        \\varepsilon_t`; the yearly shock is :math:`\\varepsilon_t = g e_t + u_t` with effort
        :math:`e_t \\sim N(0, s^2)` independent of :math:`u_t` and of everything before.
        Drawing :math:`e_t` given the shocks (and the first year's shock given
        :math:`A_0`) from a separate stream leaves every other draw of the world as it was.
        """
        a, lam = self.p["activities"], self.p["expectation_loading_on_quality"]
        rho = self.p["autocorrelation"]["quality"]
        s, share = a["proactive_log_hours_sd"], a["proactive_share_of_service_innovation"]
        side = self.rng.spawn(1)[0]
        A = (self.quality[:, :, 1] - lam * self.expectation) / np.sqrt(1 - lam**2)
        first = np.sqrt(1 - rho**2) * A[:, :1] + rho * side.standard_normal((self.n, 1))
        shock = np.c_[first, (A[:, 1:] - rho * A[:, :-1]) / np.sqrt(1 - rho**2)]
        g = np.sqrt(share) / s
        self.effort = g * s**2 * shock + s * np.sqrt(1 - share) * side.standard_normal(shock.shape)
        # service quality gained per unit of log proactive hours, this year
        self.effort_effect = np.sqrt(1 - lam**2) * np.sqrt(1 - rho**2) * g

    # 3. lifecycle and churn ------------------------------------------------------
    def lifecycle(self):
        rng, n, Y, p = self.rng, self.n, self.n_years, self.p
        lc, hz = p["lifecycle"], p["churn_hazard"]
        k = lc["gamma_shape"]
        means = lc["stage_mean_years"]
        mature_mult = np.array(list(lc["mature_multiplier"].values()))[self.segment]
        d1 = rng.gamma(k, means["initial"] / k, n)
        d2 = rng.gamma(k, means["development"] / k, n)
        d3 = rng.gamma(k, means["mature"] / k, n) * mature_mult
        self.bounds = self.since[:, None] + np.cumsum(np.c_[d1, d2, d3], axis=1) * DAYS_PER_YEAR

        # the churn draws, used year by year in tickets(), where last year's complaints
        # handling enters the hazard; until then every relationship runs to the end
        uv = np.stack([np.stack([rng.random(n), rng.random(n)]) for _ in range(Y)])
        self.churn_u, self.churn_v = uv[:, 0], uv[:, 1]
        self.churn_day = np.full(n, -1, dtype=np.int64)
        self.churned = np.zeros(n, dtype=bool)
        self.last_day = np.full(n, self.end_day, dtype=np.int64)

    def churn_year(self, y, alive, extra):
        """Churn during year ``y``: the proportional yearly hazard, plus ``extra`` log hazard."""
        n, hz = self.n, self.p["churn_hazard"]
        stage_factor = np.array(list(hz["stage_factor"].values()))
        seg_factor = np.array(list(hz["segment_factor"].values()))[self.segment]
        beta = hz["log_hazard_ratio"]
        lo = np.maximum(self.year_lo[y], self.since + hz["no_churn_days_after_start"])
        hi = np.full(n, self.year_hi[y])
        exposure = np.maximum(hi - lo + 1, 0) / DAYS_PER_YEAR
        stage = self.stage_at((lo + hi) / 2)
        hazard = (hz["baseline_per_year"] * stage_factor[stage] * seg_factor
                  * np.exp(beta["satisfaction"] * self.satisfaction[:, y]
                           + beta["complaint"] * self.complaint[:, y]
                           + beta["competitor_offer"] * self.offer[:, y] + extra))
        churn = alive & (exposure > 0) & (self.churn_u[y] < 1 - np.exp(-hazard * exposure))
        day = lo + np.floor(self.churn_v[y] * (hi - lo + 1)).astype(np.int64)
        self.churn_day[churn] = day[churn]
        return churn

    def stage_at(self, day):
        """Lifecycle stage index (0-3) of every customer at ``day`` (array or scalar)."""
        day = np.broadcast_to(day, (self.n,))
        return (day[:, None] >= self.bounds).sum(axis=1)

    # 4. the order book --------------------------------------------------------------
    def orders(self):
        rng, n, Y, p = self.rng, self.n, self.n_years, self.p
        o, lc = p["orders"], p["lifecycle"]
        lag = o["order_to_invoice_max_days"]
        growth = np.exp(np.cumsum(p["market_growth"]["mean"] + p["market_growth"]["sd"]
                                  * rng.standard_normal((len(S.INDUSTRIES), Y)), axis=1))
        self.growth = growth
        lo = np.maximum(self.year_lo[None, :], self.since[:, None])
        hi = np.minimum(self.year_hi[None, :], self.last_day[:, None])
        self.active = hi >= lo
        self.exposure = np.where(self.active, hi - lo + 1, 0) / DAYS_PER_YEAR
        order_hi = np.minimum(hi, np.where(self.churned, self.churn_day - lag, self.end_day)[:, None])
        mid = (lo + hi) / 2
        self.stage = np.stack([self.stage_at(mid[:, y]) for y in range(Y)], axis=1)
        volume = np.array(list(lc["stage_volume"].values()))[self.stage]
        annual = (self.potential[:, None] * growth[self.industry] * self.share[:, :, 0] * volume
                  * np.exp(lc["yearly_volume_log_sd"] * rng.standard_normal((n, Y))))
        order_days = np.maximum(order_hi - lo + 1, 0)
        revenue = annual * order_days / DAYS_PER_YEAR
        rate = o["orders_per_year_at_100k"] * (annual / 1e5) ** o["orders_elasticity"]
        count = rng.poisson(rate * order_days / DAYS_PER_YEAR)
        won_year = np.searchsorted(self.year_hi, self.since)  # index of the year won
        first = (self.since >= 0)[:, None] & (np.arange(Y)[None, :] == won_year[:, None])
        count = np.where(order_days > 0, np.maximum(count, first.astype(int)), 0)
        self.order_count = count

        cy = np.flatnonzero(count.ravel())  # customer-years with orders
        grp = np.repeat(np.arange(len(cy)), count.ravel()[cy])
        oc, oy = np.divmod(cy[grp], Y)  # customer and year of each order
        n_orders = len(oc)
        order_value = revenue[oc, oy] * _group_normalise(rng.gamma(2.0, 1.0, n_orders), grp, len(cy))
        day = lo[oc, oy] + np.floor(rng.random(n_orders) * order_days[oc, oy]).astype(np.int64)
        is_first = first[oc, oy] & np.r_[True, grp[1:] != grp[:-1]]
        day = np.where(is_first, self.since[oc], day)
        del grp, is_first
        rush = rng.random(n_orders) < np.minimum(0.5, o["rush_probability"]
                                                 * self.service_intensity[oc] ** 0.7)
        on_time_p = 1 / (1 + np.exp(-(o["on_time_logit"]["intercept"] + o["on_time_logit"]
                                      ["service_quality"] * self.quality[oc, oy, 1])))
        on_time = rng.random(n_orders) < on_time_p
        n_lines = 1 + rng.binomial(4, np.array(o["lines_binomial_p"])[self.size[oc]])

        # archive order: by date, then customer, then draw order; lines follow their order
        # one unique integer key sorts like lexsort((arange, oc, day)), about 3x faster
        rank = np.argsort((day * self.n + oc) * n_orders + np.arange(n_orders))
        oc, oy, day, rush, on_time, n_lines, order_value = (
            a[rank] for a in (oc, oy, day, rush, on_time, n_lines, order_value))
        order_annual = annual[oc, oy]
        del rank
        li = np.repeat(np.arange(n_orders), n_lines)
        n_li = len(li)
        line_no = np.arange(n_li) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines) + 1
        value = order_value[li] * _group_normalise(rng.gamma(1.5, 1.0, n_li), li, n_orders)
        c = oc[li]
        mix = np.array(list(p["industry_category_mix"].values()))
        mult = np.array(list(p["segments"]["category_multiplier"].values()))
        table = (mult[:, None, :] * mix[None, :, :]).reshape(-1, len(S.CATEGORIES))
        cat = _draw_index(rng, table, rows=self.segment[c] * len(S.INDUSTRIES) + self.industry[c])
        extra = np.array(list(p["segments"]["extra_discount"].values()))[self.segment[c]]
        disc = (o["discount_base"] + o["discount_per_decade"]
                * np.log10(np.maximum(order_annual[li], 1e4) / 1e5) + extra
                + o["discount_sd"] * rng.standard_normal(n_li))
        disc = np.round(np.clip(disc, 0, 0.15) * 200) / 200
        del extra
        unit = np.array(list(o["unit_price_median"].values()))[cat]
        qty = np.maximum(1, np.round(value / (unit * (1 - disc))
                                     * np.exp(0.3 * rng.standard_normal(n_li)))).astype(np.int64)
        list_price = np.round(np.maximum(value, 1.0) / (qty * (1 - disc)), 2)
        del value, unit
        net = np.round(qty * list_price * (1 - disc), 2)
        margin = np.array(list(o["list_margin"].values()))[cat] \
            + o["list_margin_sd"] * rng.standard_normal(n_li)
        cogs = np.round(qty * list_price * (1 - margin), 2)
        del margin
        terms = self.terms[c]
        order_ids = _ids("O", n_orders, 8)
        self.order_info = dict(customer=oc, year=oy, day=day, rush=rush, on_time=on_time,
                               lines=n_lines, ids=order_ids)
        self.line_info = dict(order=li, category=cat, net=net)
        self.tables["orders"] = {
            "order_id": order_ids[li],
            "line": line_no,
            "customer_id": self.customer_id[c],
            "date": self.dates(day)[li],
            "category": S.categorical("orders", "category", cat),
            "quantity": qty,
            "list_price": list_price,
            "discount": disc,
            "net_revenue": net,
            "cost_of_goods": cogs,
            "gross_profit": np.round(net - cogs, 2),
            "payment_terms": terms,
            "financial_cost": np.round(net * o["financing_rate"] * terms / 365, 2),
            "rush": rush[li],
            "on_time": on_time[li],
        }

    def dates(self, days):
        """Day offsets from the start of the order book as ``datetime64[s]``."""
        start = self.start.to_datetime64().astype("datetime64[D]")
        return (start + np.asarray(days).astype("timedelta64[D]")).astype("datetime64[s]")

    # 5. invoices --------------------------------------------------------------------
    def invoices(self):
        rng, p = self.rng, self.p
        info = self.order_info
        oc, n_orders = info["customer"], len(info["customer"])
        lag = p["orders"]["order_to_invoice_max_days"]
        inv_day = np.minimum(info["day"] + rng.integers(0, lag + 1, n_orders), self.end_day)
        inv_day = np.where(self.churned[oc], np.minimum(inv_day, self.churn_day[oc]), inv_day)
        amount = np.round(np.bincount(self.line_info["order"], weights=self.line_info["net"],
                                      minlength=n_orders), 2)
        due = inv_day + self.terms[oc]
        scale = np.array(list(p["invoices"]["days_late_scale"].values()))[self.credit[oc]] \
            * np.exp(p["invoices"]["health_effect"] * self.health[oc, info["year"]])
        late = np.round(rng.exponential(scale)).astype(np.int64)
        paid = due + late
        open_ = paid > self.end_day
        self.tables["invoices"] = {
            "invoice_id": _ids("I", n_orders, 8),
            "order_id": info["ids"],
            "customer_id": self.customer_id[oc],
            "invoice_date": self.dates(inv_day),
            "amount": amount,
            "due_date": self.dates(due),
            "paid_date": np.where(open_, np.datetime64("NaT", "s"), self.dates(paid)),
            "days_late": np.where(open_, np.nan, late.astype(float)),
        }

    # 6. tickets, and churn year by year ----------------------------------------------
    def tickets(self):
        """Complaints drive next year's satisfaction and churn through how they were handled.

        Year by year: satisfaction = its drawn value + last year's service-recovery effect
        (complaint propensity and loyalty follow through the ACSI paths); churn is drawn
        with last year's unresolved share and slow resolution in the hazard; then this
        year's complaints are drawn over the days the customer was still active. Then the
        order book is cut at churn, and service requests are drawn. Response times and
        acceptance come from their own random stream.
        """
        rng, n, Y, p = self.rng, self.n, self.n_years, self.p
        t, rec = p["tickets"], p["service_recovery"]
        beta = p["churn_hazard"]["complaint_handling_log_hazard_ratio"]
        side = self.rng.spawn(1)[0]
        info = self.order_info
        late = np.zeros((n, Y))
        np.add.at(late, (info["customer"], info["year"]), ~info["on_time"])
        orders = np.maximum(self.order_count, 0)
        late_share = np.divide(late, orders, out=np.zeros_like(late), where=orders > 0)
        self.recovery = np.zeros((n, Y))
        self.complaint_log_hazard = np.zeros((n, Y))
        alive = np.ones(n, dtype=bool)
        delta, extra = np.zeros(n), np.zeros(n)
        frames = []
        for y in range(Y):
            if y > 0:
                self.satisfaction[:, y] = self.satisfaction_base[:, y] + delta
                self.update_structural(y)
            self.recovery[:, y], self.complaint_log_hazard[:, y] = delta, extra
            alive &= ~self.churn_year(y, alive, extra)
            last = np.where(self.churn_day >= 0, self.churn_day - 1, self.end_day)
            lo = np.maximum(self.year_lo[y], self.since)
            span = np.maximum(np.minimum(self.year_hi[y], last) - lo + 1, 0)
            rate = (t["complaints_per_sqrt_order"] * np.sqrt(orders[:, y])
                    * np.exp(t["complaint_latent_effect"] * self.complaint[:, y])
                    * (1 + t["late_delivery_effect"] * late_share[:, y]))
            c = np.repeat(np.arange(n), rng.poisson(rate * span / DAYS_PER_YEAR))
            day = lo[c] + np.floor(rng.random(len(c)) * span[c]).astype(np.int64)
            topic_p = np.c_[np.full(len(c), 0.35), 0.15 + 0.6 * late_share[c, y],
                            np.full(len(c), 0.15), np.full(len(c), 0.15), np.full(len(c), 0.10)]
            frame = self.ticket_frame(rng, side, c, np.full(len(c), y), day, 0, topic_p)
            frames.append(frame)
            # this year's handling, felt next year (service recovery, 服务补救)
            days, acc = frame["days_to_resolve"].to_numpy(), frame["accepted"].to_numpy()
            r = np.where(acc, rec["accepted"] + rec["per_log_day"] * np.log(days / 7.0),
                         rec["not_accepted"])
            count = np.bincount(c, minlength=n)
            mean = lambda v: np.divide(np.bincount(c, weights=v, minlength=n), count,  # noqa: E731
                                       out=np.zeros(n), where=count > 0)
            delta = mean(r)
            extra = (beta["unresolved_share_last_year"] * mean((~acc).astype(float))
                     + beta["slow_resolution_last_year"] * mean(np.maximum(0, np.log(days / 7.0))))
        self.churned = self.churn_day >= 0
        self.last_day = np.where(self.churned, self.churn_day - 1, self.end_day)
        self.cut_orders_at_churn()

        info = self.order_info
        equipment = np.zeros((n, Y))
        li = self.line_info
        heavy = np.isin(li["category"], [1, 2, 5])
        np.add.at(equipment, (info["customer"][li["order"]][heavy],
                              info["year"][li["order"]][heavy]), li["net"][heavy])
        self.equipment_revenue = equipment
        service_rate = t["service_requests_per_year"] * self.service_intensity[:, None] \
            * (1 + equipment / 1e6)
        lo = np.maximum(self.year_lo[None, :], self.since[:, None])
        hi = np.minimum(self.year_hi[None, :], self.last_day[:, None])
        span = np.maximum(hi - lo + 1, 0)
        count = rng.poisson(service_rate * span / DAYS_PER_YEAR)
        cy = np.repeat(np.arange(n * Y), count.ravel())
        c, y = np.divmod(cy, Y)
        day = lo[c, y] + np.floor(rng.random(len(c)) * span[c, y]).astype(np.int64)
        topic_p = np.tile([0.05, 0.15, 0.05, 0.60, 0.15], (len(c), 1))
        frames.append(self.ticket_frame(rng, side, c, y, day, 1, topic_p))
        tk = pd.concat(frames, ignore_index=True)
        tk = tk.iloc[np.lexsort((tk["type"].to_numpy(), tk["c"].to_numpy(), tk["day"].to_numpy()))]
        days, day = tk["days_to_resolve"].to_numpy(), tk["day"].to_numpy()
        resolved = day + days <= self.end_day
        accepted = pd.array(tk["accepted"].to_numpy(), dtype="boolean")
        accepted[~resolved] = pd.NA
        self.tables["tickets"] = pd.DataFrame({
            "ticket_id": _ids("T", len(tk), 7),
            "customer_id": self.customer_id[tk["c"].to_numpy()],
            "date": self.dates(day),
            "type": np.array(S.TICKET_TYPES)[tk["type"].to_numpy()],
            "topic": np.array(S.TICKET_TOPICS)[tk["topic"].to_numpy()],
            "severity": np.array(S.SEVERITIES)[tk["severity"].to_numpy()],
            "first_response_hours": tk["first_response_hours"].to_numpy(),
            "days_to_resolve": np.where(resolved, days, self.end_day - day),
            "resolved": resolved,
            "accepted": accepted,
        })

    def ticket_frame(self, rng, side, c, y, day, kind, topic_p):
        """Tickets of one kind: topic, severity and resolution days (main stream); first
        response hours and the customer's acceptance (the side stream)."""
        t = self.p["tickets"]
        topic = _draw_index(rng, topic_p, rows=np.arange(len(c)))
        sev = _draw_index(rng, list(t["severity_probability"].values())[kind], len(c))
        med = np.array(list(t["resolve_days_median"].values()))[sev]
        days = np.maximum(1, np.round(med * np.exp(0.5 * rng.standard_normal(len(c))
                                                   - 0.2 * self.quality[c, y, 1])))
        r = t["resolution"]
        hours = np.array(r["first_response_hours_median"])[sev] * np.exp(
            r["first_response_log_sd"] * side.standard_normal(len(c))
            + r["first_response_personnel_effect"] * self.quality[c, y, 2])
        a = r["acceptance_logit"]
        logit = (a["intercept"] + a["log_days_over_7"] * np.log(days / 7.0)
                 + a["log_response_hours_over_12"] * np.log(hours / 12.0)
                 + a["personnel_quality"] * self.quality[c, y, 2])
        accepted = side.random(len(c)) < 1 / (1 + np.exp(-logit))
        return pd.DataFrame({"c": c, "day": day, "type": kind, "topic": topic, "severity": sev,
                             "first_response_hours": np.round(np.maximum(hours, 0.1), 1),
                             "days_to_resolve": days.astype(np.int64), "accepted": accepted})

    def cut_orders_at_churn(self):
        """Drop the orders (and lines) placed after a customer's churn day minus the invoicing lag."""
        n, Y = self.n, self.n_years
        lag = self.p["orders"]["order_to_invoice_max_days"]
        info, li = self.order_info, self.line_info
        oc = info["customer"]
        keep = ~self.churned[oc] | (info["day"] <= self.churn_day[oc] - lag)
        new_index = np.cumsum(keep) - 1
        keep_line = keep[li["order"]]
        ids = _ids("O", int(keep.sum()), 8)
        self.order_info = {k: (v[keep] if k != "ids" else ids) for k, v in info.items()}
        self.line_info = dict(order=new_index[li["order"][keep_line]],
                              category=li["category"][keep_line], net=li["net"][keep_line])
        table = {k: v[keep_line] for k, v in self.tables["orders"].items()}
        table["order_id"] = ids[self.line_info["order"]]
        self.tables["orders"] = table
        lo = np.maximum(self.year_lo[None, :], self.since[:, None])
        hi = np.minimum(self.year_hi[None, :], self.last_day[:, None])
        self.active = hi >= lo
        self.exposure = np.where(self.active, hi - lo + 1, 0) / DAYS_PER_YEAR
        self.order_count = np.bincount(self.order_info["customer"] * Y + self.order_info["year"],
                                       minlength=n * Y).reshape(n, Y)

    # 7. activities ----------------------------------------------------------------
    def activities(self):
        rng, n, Y, p = self.rng, self.n, self.n_years, self.p
        a = p["activities"]
        info = self.order_info
        c, y = np.nonzero(self.active)
        f = self.exposure[c, y]
        visits = rng.poisson(f * np.array(a["visits_per_year_by_size"])[self.size[c]]
                             * self.service_intensity[c] ** 0.5 * (1 + 0.5 * (self.segment[c] == 0)))
        split = np.array(list(a["split_shipment_rate"].values()))[self.segment[info["customer"]]]
        deliveries_per_order = 1 + rng.poisson(split * (info["lines"] - 1 + 0.5))
        grid = lambda v: np.bincount(info["customer"] * Y + info["year"], weights=v,  # noqa: E731
                                     minlength=n * Y).reshape(n, Y)
        deliveries = grid(deliveries_per_order)
        rush = grid(info["rush"].astype(float))
        lines = grid(info["lines"].astype(float))
        support = rng.gamma(2.0, 0.5, len(c)) * self.service_intensity[c] * \
            a["support_hours_per_100k_equipment"] * (self.equipment_revenue[c, y] / 1e5 + 0.3 * f)
        returns = rng.poisson(a["returns_per_line"] * lines[c, y]
                              * np.exp(-0.4 * self.quality[c, y, 0]))
        proactive = np.array(a["proactive_hours_by_size"])[self.size[c]] * f \
            * np.exp(self.effort[c, y])
        self.tables["activities"] = pd.DataFrame({
            "customer_id": self.customer_id[c],
            "year": np.array(self.year_list)[y],
            "visits": visits,
            "orders": self.order_count[c, y],
            "deliveries": deliveries[c, y].astype(np.int64),
            "rush_orders": rush[c, y].astype(np.int64),
            "support_hours": np.round(support, 1),
            "returns": returns,
            "proactive_hours": np.round(proactive, 1),
        })

    # 8. buying center, survey, value audit -----------------------------------------
    def contacts(self):
        rng, n = self.rng, self.n
        count = np.minimum(12, 2 + rng.poisson(0.8 + 0.8 * self.size))
        c = np.repeat(np.arange(n), count)
        rank = _rank_within(c, np.arange(len(c)))
        role = np.where(rank == 0, 0, np.where(rank == 1, 3,
                        _draw_index(rng, [0.1, 0.3, 0.3, 0.15, 0.15], len(c))))
        y0 = np.clip(np.searchsorted(self.year_hi, np.maximum(self.since, 0)), 0, self.n_years - 1)
        stance_latent = 0.8 * self.satisfaction[c, y0[c]] + rng.standard_normal(len(c))
        stance = np.where(stance_latent < -1.2, 0, np.where(stance_latent > 0.3, 2, 1))
        surnames = np.array(["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu",
                             "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo"])
        given = np.array(["Wei", "Fang", "Min", "Jing", "Lei", "Jun", "Yan", "Qiang", "Hua", "Ping",
                          "Hui", "Tao", "Ming", "Xia", "Gang", "Na", "Yong", "Jie", "Bo", "Chao",
                          "Jianguo", "Xiaoming", "Haiyan", "Zhiqiang", "Lihua", "Guoqing"])
        name = np.char.add(np.char.add(surnames[rng.integers(0, len(surnames), len(c))], " "),
                           given[rng.integers(0, len(given), len(c))])
        self.contact_customer, self.contact_role = c, role
        self.tables["contacts"] = pd.DataFrame({
            "contact_id": _ids("P", len(c), 7),
            "customer_id": self.customer_id[c],
            "name": name.astype(object),
            "role": np.array(S.ROLES)[role],
            "stance": np.array(S.STANCES)[stance],
        })

    def survey(self):
        rng, n, Y, p = self.rng, self.n, self.n_years, self.p
        sv = p["survey"]
        eligible = ((self.since[:, None] <= self.nov1[None, :])
                    & (self.nov1[None, :] <= self.last_day[:, None])
                    & (self.nov1[None, :] <= self.end_day) & (self.nov1[None, :] >= 0))
        surveyed = eligible & (rng.random((n, Y)) < sv["share_surveyed"])
        self.surveyed = surveyed
        sc, sy = np.nonzero(surveyed)
        wanted = 1 + rng.binomial(*sv["respondents_binomial"], len(sc))
        # respondents: the first `wanted` contacts of the customer in a random order
        n_contacts = np.bincount(self.contact_customer, minlength=n)
        first_contact = np.r_[0, np.cumsum(n_contacts)[:-1]]
        m = np.minimum(wanted, n_contacts[sc])
        resp_cy = np.repeat(np.arange(len(sc)), m)
        c, y = sc[resp_cy], sy[resp_cy]
        slot = _rank_within(resp_cy, np.arange(len(resp_cy)))
        keys = rng.random((len(sc), 12))
        order = np.argsort(np.where(np.arange(12)[None, :] < n_contacts[sc][:, None], keys, 2.0),
                           axis=1, kind="stable")
        contact = first_contact[c] + order[resp_cy, slot]
        r = len(c)
        halo = sv["halo_sd"] * rng.standard_normal(r)
        latent = {"expectation": self.expectation[c, y],
                  "product_quality": self.quality[c, y, 0], "service_quality": self.quality[c, y, 1],
                  "personnel_quality": self.quality[c, y, 2], "image": self.quality[c, y, 3],
                  "perceived_value": self.perceived_value[c, y],
                  "satisfaction": self.satisfaction[c, y], "complaint": self.complaint[c, y],
                  "loyalty": self.loyalty[c, y]}
        likert = lambda x: np.clip(np.round(sv["likert_centre"] + x), 1, 7)  # noqa: E731
        data = {"response_id": _ids("R", r, 7), "customer_id": self.customer_id[c],
                "contact_id": self.tables["contacts"]["contact_id"].to_numpy()[contact],
                "year": np.array(self.year_list)[y],
                "role": np.array(S.ROLES)[self.contact_role[contact]]}
        for construct, items in S.CONSTRUCTS.items():
            for item in items:
                load = _LOADINGS[item]
                data[item] = likert(load * latent[construct] + halo
                                    + sv["noise_sd"] * rng.standard_normal(r))
        stated = sv["stated_importance_mean"]
        for a in S.ATTRIBUTES:
            data[f"importance_{a}"] = np.clip(np.round(stated[a] + 0.9 * rng.standard_normal(r)), 1, 7)
        for k, a in enumerate(S.ATTRIBUTES):
            data[f"expected_{a}"] = np.clip(np.round(sv["expected_mean"] + 0.8 * self.expectation[c, y]
                                                     + 0.6 * rng.standard_normal(r)), 1, 7)
            data[f"perceived_{a}"] = likert(self.quality[c, y, k] + halo
                                            + sv["noise_sd"] * rng.standard_normal(r))
        frame = pd.DataFrame(data)
        items = [col for col in frame.columns[5:]]
        mask = rng.random((r, len(items))) < sv["missing_rate"]
        values = frame[items].to_numpy(copy=True)
        values[mask] = np.nan
        frame[items] = values
        # marker items, drawn last so that adding them left every other draw unchanged
        trait = rng.standard_normal(r)
        for item, load in zip(S.MARKER_ITEMS, sv["marker_loadings"]):
            answer = likert(load * trait + halo + sv["noise_sd"] * rng.standard_normal(r))
            frame[item] = np.where(rng.random(r) < sv["missing_rate"], np.nan, answer)
        self.tables["survey"] = frame

    def value_audit(self):
        sc, sy = np.nonzero(self.surveyed)
        k = len(sc)
        c, y = np.repeat(sc, 4), np.repeat(sy, 4)
        s = np.tile(np.arange(4), k)
        r = self.ratings[c, y, s]
        self.tables["value_audit"] = pd.DataFrame({
            "customer_id": self.customer_id[c], "year": np.array(self.year_list)[y],
            "supplier": np.array(S.SUPPLIERS)[s],
            "product_value": r[:, 0], "service_value": r[:, 1], "personnel_value": r[:, 2],
            "image_value": r[:, 3], "monetary_cost": r[:, 4], "time_cost": r[:, 5],
            "energy_cost": r[:, 6], "physical_cost": r[:, 7],
            "chosen": self.chosen[c, y] == s,
            "share_of_wallet": np.round(self.share[c, y, s], 4),
        })

    def relationships(self):
        c, y = np.nonzero(self.active)
        churn_year = np.where(self.churned, np.searchsorted(self.year_hi, self.churn_day), -1)
        churned = churn_year[c] == y
        stage = np.where(churned, self.stage_at(self.churn_day)[c], self.stage[c, y])
        reason = self.churn_reason()
        churn_date = np.where(self.churned, self.dates(self.churn_day), np.datetime64("NaT", "s"))
        self.tables["relationships"] = pd.DataFrame({
            "customer_id": self.customer_id[c], "year": np.array(self.year_list)[y],
            "stage": np.array(S.STAGES)[stage], "competitor_offer": self.offer[c, y],
            "churned": churned, "churn_date": churn_date[c],
            "churn_reason": np.where(self.churned[c], reason[c], None),
        })

    def churn_reason(self):
        """Main reason each churned customer left: the first rule that applies."""
        y = np.clip(np.searchsorted(self.year_hi, np.maximum(self.churn_day, 0)), 0, self.n_years - 1)
        idx = np.arange(self.n)
        stage = self.stage_at(np.maximum(self.churn_day, 0))
        reason = np.select(
            [self.offer[idx, y], self.satisfaction[idx, y] < -0.8, self.complaint[idx, y] > 0.8,
             stage == 3],
            [0, 1, 2, 3], default=4)
        return np.array(S.CHURN_REASONS, dtype=object)[reason]

    # assembly -------------------------------------------------------------------------
    def build(self, seed):
        self.tables = {}
        for step in (self.customers, self.perceptions, self.lifecycle, self.orders, self.tickets,
                     self.invoices, self.activities, self.contacts, self.survey, self.value_audit,
                     self.relationships):
            step()
        tables = {name: S.apply_schema(self.tables[name], name) for name in S.TABLE_NAMES}
        return World(**tables, truth=self.truth(seed), seed=seed)

    def truth(self, seed):
        r4 = lambda a: np.round(np.asarray(a, dtype=float), 4).tolist()  # noqa: E731
        c, y = np.nonzero(self.active)
        years = np.array(self.year_list)
        customers = {
            "customer_id": self.customer_id.tolist(),
            "segment": np.array(S.SEGMENTS)[self.segment].tolist(),
            "potential_cny": np.round(self.potential, 0).tolist(),
            "service_intensity": r4(self.service_intensity),
            "stage_end_initial": _day_strings(self.start, self.bounds[:, 0]),
            "stage_end_development": _day_strings(self.start, self.bounds[:, 1]),
            "stage_end_mature": _day_strings(self.start, self.bounds[:, 2]),
            "account_manager_skill": r4(self.manager_skill[self.manager]),
        }
        customer_years = {
            "customer_id": self.customer_id[c].tolist(), "year": years[y].tolist(),
            "expectation": r4(self.expectation[c, y]),
            **{f"quality_{a}": r4(self.quality[c, y, k]) for k, a in enumerate(S.ATTRIBUTES)},
            "perceived_quality": r4(self.perceived_quality[c, y]),
            "perceived_value": r4(self.perceived_value[c, y]),
            "satisfaction": r4(self.satisfaction[c, y]),
            "complaint": r4(self.complaint[c, y]),
            "loyalty": r4(self.loyalty[c, y]),
            "recovery_effect": r4(self.recovery[c, y]),
            "complaint_log_hazard": r4(self.complaint_log_hazard[c, y]),
            "health": r4(self.health[c, y]),
            "share_of_wallet": r4(self.share[c, y, 0]),
            "choice_probability": r4(self.choice_prob[c, y, 0]),
            "surveyed": self.surveyed[c, y].tolist(),
        }
        return {
            "generator": "crmlab.datasets.make_world", "generator_version": GENERATOR_VERSION,
            "arguments": {"n_customers": self.n, "start": str(self.start.date()),
                          "end": str(self.end.date()), "seed": seed},
            "params": PARAMS,
            "scales": {"perceived_value_centre": _PV_CENTRE, "perceived_value_scale": _PV_SCALE,
                       "perceived_quality_scale": _PQ_SCALE, "satisfaction_noise_sd": _SAT_NOISE,
                       "loyalty_noise_sd": _LOY_NOISE,
                       "service_quality_per_log_proactive_hour": round(float(self.effort_effect), 6)},
            "loadings": _LOADINGS,
            "market_growth_index": {ind: r4(self.growth[i]) for i, ind in enumerate(S.INDUSTRIES)},
            "customers": customers,
            "customer_years": customer_years,
        }


def _day_strings(start, days):
    dates = start.to_datetime64().astype("datetime64[D]") + np.floor(days).astype("timedelta64[D]")
    return np.datetime_as_string(dates, unit="D").tolist()


# Standardisation constants, measured once on a 200,000-customer world so that latents
# have mean 0 and standard deviation 1 (benchmarks/calibrate_world.py re-measures them).
_PV_CENTRE, _PV_SCALE = -0.8203, 1.6298
_PQ_SCALE = 0.5933
_SAT_NOISE, _LOY_NOISE = 0.6329, 0.7055
_LOADINGS = {item: load for items in S.CONSTRUCTS.values()
             for item, load in zip(items, (0.95, 0.85, 0.75))}
