"""Customer satisfaction (顾客满意): from the questionnaire to repurchase.

The chain of lesson 02, one function per step:

* the ratio index perceived / expected and its three classes (:func:`satisfaction_index`)
  and SERVQUAL-style gaps (:func:`gap_scores`);
* the questionnaire's reliability and validity as a thesis reports them
  (:func:`cronbach_alpha`, :func:`item_total`, :func:`kmo_bartlett`, :func:`efa`,
  :func:`composite_reliability`, :func:`ave`, with the usual :data:`THRESHOLDS`);
* drivers of satisfaction with relative importance (:func:`driver_analysis`) and the
  importance-performance matrix (:func:`ipa`, :func:`compare_importance`);
* an ordinal model of a satisfaction rating (:func:`fit_ordinal`);
* the ACSI / ECSI-type PLS path model with bootstrap intervals (:func:`fit_path_model`,
  :func:`acsi_model`, :func:`true_paths`);
* covariance-based CFA and SEM by maximum likelihood in lavaan syntax or with the path
  model's blocks (验证性因子分析 / 结构方程模型; :func:`fit_cfa`, :func:`fit_sem`) with fit
  indices and modification indices; CR, AVE, Fornell-Larcker and HTMT for either model
  (:func:`measurement_quality`, :func:`htmt`); common-method bias (共同方法偏差) by Harman's
  single-factor test and a one-factor CFA (:func:`harman_test`, :func:`single_factor_test`);
* what surveyed customers did afterwards (:func:`satisfaction_to_behaviour`);
* complaints and service recovery (投诉与服务补救): the ticket log beside the survey and
  churn (:func:`complaint_panel`) and the service-recovery paradox (:func:`recovery_effects`);
* the evaluation methods of Chinese satisfaction theses: the Kano model (KANO模型;
  :func:`kano_classify`, :func:`kano_table`), fuzzy comprehensive evaluation (模糊综合评价;
  :func:`membership_matrix`, :func:`fuzzy_evaluation`, :func:`fuzzy_evaluation_two_level`)
  and grey relational analysis (灰色关联分析; :func:`grey_relational`,
  :func:`grey_relational_factors`);
* mediation and moderated mediation as Hayes' PROCESS models 4, 7 and 14 with bootstrap
  intervals (中介与调节效应; :func:`process`);
* a researcher's own questionnaire export (问卷星-style Excel or CSV) read into item
  answers with constructs, reverse-coded items and the declared scale
  (:func:`read_questionnaire`).

Items are Likert answers; ``scale=(1, 7)`` is checked unless ``scale=None``.
"""
from ._checks import *  # noqa: F401,F403
from ._index import *  # noqa: F401,F403
from ._reliability import *  # noqa: F401,F403
from ._drivers import *  # noqa: F401,F403
from ._ordinal import *  # noqa: F401,F403
from ._pls import *  # noqa: F401,F403
from ._behaviour import *  # noqa: F401,F403
from ._kano import *  # noqa: F401,F403
from ._fuzzy import *  # noqa: F401,F403
from ._grey import *  # noqa: F401,F403
from ._complaints import *  # noqa: F401,F403
from ._process import *  # noqa: F401,F403
from ._questionnaire import *  # noqa: F401,F403
from ._sem import *  # noqa: F401,F403
from . import _checks, _index, _reliability, _drivers, _ordinal, _pls, _behaviour
from . import _kano, _fuzzy, _grey, _complaints, _process, _questionnaire, _sem

__all__ = [*_checks.__all__, *_index.__all__, *_reliability.__all__, *_drivers.__all__, *_ordinal.__all__, *_pls.__all__, *_behaviour.__all__,
           *_kano.__all__, *_fuzzy.__all__, *_grey.__all__, *_complaints.__all__, *_process.__all__,
           *_questionnaire.__all__, *_sem.__all__]
