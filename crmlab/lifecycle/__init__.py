"""The customer lifecycle (客户生命周期): stages, retention, survival, churn and lifetime value.

Stages and cohorts describe the customer base; Kaplan-Meier curves and the Cox model
say how long relationships last and what shortens them; a churn classifier says whom
to call; lifetime-value models (by formula; BG/NBD, Pareto/NBD and BG/BB for repeat
buying; the shifted beta-geometric for contracts) say what a customer is worth; a Markov
matrix of grade migration says where the base is heading.

Functions
---------
lifecycle_stage, cohort_retention, retention_rate, churn_rate : describe the base
churn_episodes, churn_features : the world as survival episodes and as a churn table
survival, fit_churn_hazard, fit_churn_classifier : survival and churn models
clv_retention, clv_berger_nasr, retention_lever : lifetime value by formula
rfm_summary, fit_bgnbd, fit_gamma_gamma : lifetime value by probability model
transaction_times : every customer's transactions on one calendar clock
fit_pareto_nbd, fit_bgbb : repeat buying in continuous time and at discrete occasions
fit_sbg, contract_survivors : retention and lifetime value under contracts (churn seen at renewal)
calibration_by_frequency, frequency_recency_matrix, repeat_tracking : how well they fit
grade_migration : Markov migration between grades, the declining-grade alert
won_customers, acquisition_counts : when a new customer counts as won (first or repeat purchase)
"""
from ._common import *  # noqa: F401,F403
from ._stages import *  # noqa: F401,F403
from ._episodes import *  # noqa: F401,F403
from ._survival import *  # noqa: F401,F403
from ._classifier import *  # noqa: F401,F403
from ._clv import *  # noqa: F401,F403
from ._btyd import *  # noqa: F401,F403
from ._pnbd import *  # noqa: F401,F403
from ._bgbb import *  # noqa: F401,F403
from ._contract import *  # noqa: F401,F403
from ._diagnostics import *  # noqa: F401,F403
from ._migration import *  # noqa: F401,F403
from ._acquisition import *  # noqa: F401,F403
from . import _btyd, _classifier, _clv, _common, _episodes, _migration, _stages, _survival
from . import _acquisition, _bgbb, _contract, _diagnostics, _pnbd

__all__ = [*_common.__all__, *_stages.__all__, *_episodes.__all__, *_survival.__all__,
           *_classifier.__all__, *_clv.__all__, *_btyd.__all__, *_migration.__all__,
           *_acquisition.__all__, *_pnbd.__all__, *_bgbb.__all__, *_contract.__all__,
           *_diagnostics.__all__]
