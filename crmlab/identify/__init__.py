"""Customer identification (客户识别): the customer archive, Pareto / ABC, weights, scores, grades.

The chain of lesson 01: build one row per customer from the archive's tables
(:func:`customer_archive`), see how concentrated value is (:func:`pareto_table`,
:func:`abc_classes`), weight the criteria by expert judgment (:func:`ahp_weights`)
or from the data (:func:`entropy_weights`, :func:`critic_weights`), score customers
(:func:`score_customers`, :func:`topsis`), grade them (:func:`grade`) and ask how
much the grades depend on the weights (:func:`weight_sensitivity`,
:func:`rank_agreement`). :func:`customer_profit` and :func:`selection_quality`
check a selection against what customers were really worth.

Conventions. A criterion's *direction* is ``"benefit"`` (more is better) or
``"cost"`` (less is better). Ordered categoricals (``industry_position``,
``credit_rating``) enter a criterion as their codes 0, 1, 2, ... Grades and ABC
classes are ordered categoricals with the best class last (``"D" < "C" < "B" <
"A"``), so ``grades >= "B"`` selects A and B customers.
"""
from ._archive import *  # noqa: F401,F403
from ._concentration import *  # noqa: F401,F403
from ._weights import *  # noqa: F401,F403
from ._scoring import *  # noqa: F401,F403
from . import _archive, _concentration, _weights, _scoring

__all__ = [*_archive.__all__, *_concentration.__all__, *_weights.__all__, *_scoring.__all__]
