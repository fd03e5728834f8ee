"""Segmentation and customer profitability (客户细分与客户盈利能力).

RFM scores and named RFM segments, clustering on behaviour, the customer pyramid,
activity-based cost-to-serve (作业成本法) and the whale curve.

Examples
--------
>>> from crmlab.datasets import make_world
>>> from crmlab import segment
>>> world = make_world(n_customers=80, seed=3)
>>> profit = segment.customer_profitability(world, "abc")
>>> round(float(segment.whale_curve(profit["profit"]).curve["share_of_profit"].iloc[-1]), 6)
1.0
"""
from ._checks import *  # noqa: F401,F403
from ._rfm import *  # noqa: F401,F403
from ._cluster import *  # noqa: F401,F403
from ._pyramid import *  # noqa: F401,F403
from ._profitability import *  # noqa: F401,F403
from ._consumption import *  # noqa: F401,F403
from . import _checks, _rfm, _cluster, _pyramid, _profitability, _consumption

__all__ = [*_checks.__all__, *_rfm.__all__, *_cluster.__all__, *_pyramid.__all__,
           *_profitability.__all__, *_consumption.__all__]
