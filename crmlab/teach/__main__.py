"""``python -m crmlab.teach``: the teaching kit's command line (see :func:`crmlab.teach.main`)."""
import sys

from crmlab.teach import main

sys.exit(main())
