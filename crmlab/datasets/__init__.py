"""The synthetic industrial world and the shipped customer archive.

``make_world(seed=...)`` builds a fictional supplier of industrial products and
its business customers, with the truth that generated them. ``load`` and
``load_world`` read the shipped files in ``datasets/``; ``connect`` opens the
SQLite archive. A firm's own archive (a CSV folder, an Excel workbook, a SQLite file
or DataFrames) is read and validated through the same schema with ``read_archive``
and ``World.from_tables`` (``own_data_schema``, ``propose_columns``), and any world
is written back with ``write_archive``. The case studies of the thesis reproductions (``list_cases``,
``load_case``, ``make_shrimp_farms``, ``make_power_accounts``, ``make_sme_survey``,
``make_maintenance_contracts``, ``make_kano_survey``)
ship beside it. Rebuild the shipped files with ``python -m crmlab.datasets build``.
"""
from ._archive import ArchiveReport, read_archive
from ._write import write_archive
from ._cases import Case, make_power_accounts, make_shrimp_farms, make_sme_survey
from ._contracts import make_maintenance_contracts
from ._kano import make_kano_survey
from ._io import (DEFAULT_N_CUSTOMERS, DEFAULT_SEED, build, build_case, connect, data_dir,
                  describe, list_cases, list_datasets, load, load_case, load_world,
                  read_archive_table)
from ._own_schema import own_data_schema, propose_columns
from ._world import PARAMS, World, make_world

__all__ = ["World", "make_world", "load", "load_world", "list_datasets", "describe", "connect",
           "read_archive_table", "build", "data_dir", "PARAMS", "DEFAULT_SEED",
           "DEFAULT_N_CUSTOMERS", "Case", "make_shrimp_farms", "make_power_accounts",
           "make_sme_survey", "make_maintenance_contracts", "make_kano_survey", "list_cases", "load_case", "build_case", "read_archive",
           "write_archive", "ArchiveReport", "own_data_schema", "propose_columns"]
