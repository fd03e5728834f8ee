"""Customer delivered value (客户让渡价值), competitive position and supplier choice.

Kotler's customer delivered value is total customer value (product, service,
personnel and image value) minus total customer cost (monetary, time, energy and
physical cost). A customer buys from the supplier that delivers it the most. This
module measures delivered value against competitors from a value audit, estimates
from observed choices which parts drive that choice (a conditional logit), turns
the estimates into willingness to pay, simulates what-if changes in shares, and
prices the two levers a supplier has: adding value or cutting price.

Functions
---------
delivered_value       total value, total cost, their difference and ratio per row
competitive_position  our delivered value against the best competitor, part by part
fit_choice            conditional logit of the chosen supplier on the value and cost parts
simulate_shares       predicted choice shares after a what-if change, beside the baseline
share_of_wallet       our share of each surveyed customer's purchases, with our revenue
service_economics     revenue, gross profit and service cost per customer and year
compare_levers        what winning share costs by raising service value or by cutting price
"""
from ._checks import *  # noqa: F401,F403
from ._delivered import *  # noqa: F401,F403
from ._choice import *  # noqa: F401,F403
from ._economics import *  # noqa: F401,F403
from . import _checks, _delivered, _choice, _economics

__all__ = [*_checks.__all__, *_delivered.__all__, *_choice.__all__, *_economics.__all__]
